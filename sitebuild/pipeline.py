"""The whole build, step by step (docs/static-build.md), and the digest `--if-stale` compares."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sitebuild.assets import copy_frontend_assets, copy_pyodide_core, gzip_siblings, write_static
from sitebuild.bundle import check_depends, lock_entry, write_bundle, write_lock
from sitebuild.fetch import npm_tarball, official_lock
from sitebuild.paths import ROOT, SCRATCH, STATIC, BuildError, log
from sitebuild.pins import (NARWHALS_PLACEHOLDER, PANDAS_PACKAGES, PANDAS_PLACEHOLDER_VERSION, PYODIDE_PACKAGES,
                            PYODIDE_VERSION, PYPI_WHEELS, YAML_PLACEHOLDER)
from sitebuild.rewrite import check_versions, convert, rewrite_page, rewrite_worker, without_webgl
from sitebuild.wheels import (pandas_placeholder_wheel, placeholder_wheel, project_wheel, pyodide_package_files,
                              pypi_wheel_files)


STAMP = "BUILD_INPUTS"  # in the site: digest of what it was built from


def inputs_digest(app: Path, project: Path, compile_: bool, with_pandas: bool) -> str:
    """Hash of everything a build depends on that can change between builds."""
    h = hashlib.sha256(f"{app}{compile_}{with_pandas}".encode())
    files = [ROOT / "build.py", *sorted(Path(__file__).parent.glob("*.py")), project / "pyproject.toml", *sorted(STATIC.rglob("*")), app]
    for package in ("core", "app"):
        files += sorted((project / package).rglob("*.py"))
    files += sorted(app.parent.rglob("*.py"))
    for f in files:
        if f.is_file():
            h.update(str(f).encode() + f.read_bytes())
    return h.hexdigest()


def is_fresh(out: Path, digest: str) -> bool:
    stamp = out / STAMP
    return stamp.exists() and stamp.read_text().strip() == digest


Package = tuple[dict, Path]  # (lock entry, wheel)


def gather_packages(lock: dict, project: Path, compile_: bool,
                    with_pandas: bool) -> tuple[list[Package], list[Package], str]:
    """Every package the site ships, as (lock entry, wheel): those from the official Pyodide
    distribution (loaded by loadPackage, compiled code included), the pure-Python rest
    (written from the bundle); and the project's name."""
    official: list[Package] = []
    pure: list[Package] = []

    def add(name, version, path, imports, depends):
        pure.append((lock_entry(name, version, path, imports, depends), path))

    wanted = PYODIDE_PACKAGES + (PANDAS_PACKAGES if with_pandas else [])
    for name, path in pyodide_package_files(lock, wanted, compile_).items():
        e = lock["packages"][name]
        official.append((lock_entry(name, e["version"], path, e["imports"], e["depends"]), path))
    if not with_pandas:
        add("pandas", PANDAS_PLACEHOLDER_VERSION, pandas_placeholder_wheel(compile_), ["pandas"], [])
    add("narwhals", PANDAS_PLACEHOLDER_VERSION, placeholder_wheel("narwhals", NARWHALS_PLACEHOLDER, compile_),
        ["narwhals"], [])
    add("pyyaml", PANDAS_PLACEHOLDER_VERSION, placeholder_wheel("pyyaml", YAML_PLACEHOLDER, compile_, "yaml"),
        ["yaml"], [])
    for name, path in pypi_wheel_files(compile_).items():
        version, imports, depends = PYPI_WHEELS[name]
        add(name, version, path, imports, depends)
    proj_name, proj_version, proj_imports, proj_whl = project_wheel(project, compile_)
    add(proj_name, proj_version, proj_whl, proj_imports, ["numpy"])
    check_depends([e for e, _ in official + pure])
    return official, pure, proj_name


def bake(project: Path, dest: Path) -> None:
    """Every preset's steps for the page to show before Python has started (app/baked.py)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app.baked", str(dest)], cwd=project, check=True)
    log(f"baked every preset's and lesson page's steps ({dest.stat().st_size / 1e3:.0f} kB) in {time.perf_counter() - t0:.1f} s")


def build(app: Path, project: Path, out: Path, compile_: bool, with_pandas: bool) -> Path:
    """The whole pipeline (module docstring); returns the site folder."""
    t0 = time.perf_counter()
    digest = inputs_digest(app, project, compile_, with_pandas)
    check_versions()
    pyodide_pkg = npm_tarball("pyodide")
    lock = official_lock(pyodide_pkg)
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise BuildError(f"npm pyodide is {lock['info']['version']}")
    official, pure, proj_name = gather_packages(lock, project, compile_, with_pandas)
    html, worker = convert(app, project, [proj_name], SCRATCH / "convert")
    html = without_webgl(html)
    # Names the service worker's cache: any change to what is shipped changes it.
    build_id = hashlib.sha256("".join([digest, *sorted(e["sha256"] for e, _ in official + pure), html, worker])
                              .encode()).hexdigest()[:12]

    shutil.rmtree(out, ignore_errors=True)
    (out / "pyodide").mkdir(parents=True)
    copy_pyodide_core(pyodide_pkg, out, compile_)
    for _, path in official:
        shutil.copy2(path, out / "pyodide" / path.name)
    write_lock(lock, out, [e for e, _ in official])
    bundle, integrity = write_bundle(pure, out / "pyodide")
    copy_frontend_assets(out, html)
    (out / "main.js").write_text(rewrite_worker(worker, [e["name"] for e, _ in official], bundle, integrity))
    (out / "index.html").write_text(rewrite_page(html, build_id))
    bake(project, out / "baked.json")
    write_static(out, build_id)
    gzip_siblings(out)
    (out / STAMP).write_text(digest + "\n")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and p.suffix != ".gz")
    log(f"site in {out} ({size / 1e6:.1f} MB, build id {build_id}) in {time.perf_counter() - t0:.1f} s")
    return out
