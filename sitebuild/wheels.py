"""Wheel preparation: strip what the browser never reads, retag, byte-compile (cached)."""
from __future__ import annotations

import base64
import functools
import glob
import hashlib
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

from sitebuild import bokeh_signatures, lazy_imports
from sitebuild.fetch import pip_download, pip_download_compiled, pyodide_lock_files
from sitebuild.paths import CACHE, SCRATCH, BuildError, log, normalize, run, sha256_of
from sitebuild.pins import (PANDAS_PLACEHOLDER, PANDAS_PLACEHOLDER_VERSION, PYODIDE_BUILD, PYPI_WHEELS,
                            RECIPE, REPACK_PURE, STRIP_FROM_WHEELS)


def rewrite_wheel(src: Path, dest: Path, drop: list[str], new_tag: str | None = None,
                  edit=None) -> Path:
    """Copy a wheel without the members matching `drop`, its members named in `edit`
    (path -> function of the path and its text) edited; fix RECORD (and tag)."""
    patterns = [re.compile(p) for p in drop]
    parts = src.name[:-4].split("-")
    if src.name == "src.whl":
        parts = [name.split("/")[0][:-len(".dist-info")] for name in zipfile.ZipFile(src).namelist()
                 if name.endswith(".dist-info/METADATA")][0].rsplit("-", 1) + ["py3", "none", "any"]
    if new_tag:
        parts = parts[:-3] + new_tag.split("-")
    out = dest / ("-".join(parts) + ".whl")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        record_name = next((n for n in zin.namelist() if n.endswith(".dist-info/RECORD")),
                           next(n for n in zin.namelist() if n.endswith(".dist-info/METADATA"))[:-8] + "RECORD")
        records = []
        for info in zin.infolist():
            if any(p.search(info.filename) for p in patterns):
                continue
            if info.filename == record_name:
                continue
            data = zin.read(info.filename)
            if edit and info.filename in edit:
                data = edit[info.filename](info.filename, data.decode()).encode()
            if new_tag and info.filename.endswith(".dist-info/WHEEL"):
                data = re.sub(rb"(?m)^Tag: .*$", f"Tag: {new_tag}".encode(), data)
                data = data.replace(b"Root-Is-Purelib: false", b"Root-Is-Purelib: true")
            zout.writestr(info.filename, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{info.filename},sha256={digest},{len(data)}")
        missing = set(edit or ()) - set(zin.namelist())
        if missing:
            raise BuildError(f"{src.name} has no {', '.join(sorted(missing))} to edit")
        records.append(f"{record_name},,")
        zout.writestr(record_name, "\n".join(records) + "\n")
    return out


@functools.cache
def py312() -> Path | None:
    """A Python 3.12 interpreter (pyodide-build needs the same minor as Pyodide)."""
    candidates = [os.environ.get("BUILD_PYTHON312", "")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12.*/bin/python3.12")))
    candidates += [shutil.which("python3.12") or ""]
    for c in candidates:
        if c and Path(c).exists():
            return Path(c)
    return None


@functools.cache
def pyodide_cli() -> Path | None:
    """pyodide-build's CLI in a cached Python 3.12 venv, or None if impossible."""
    venv = CACHE / "pyodide-build-venv"
    cli = venv / "bin" / "pyodide"
    if cli.exists():
        return cli
    python = py312()
    if python is None:
        log("WARNING: no Python 3.12 found; wheels will not be byte-compiled")
        return None
    run([python, "-m", "venv", venv])
    run([venv / "bin" / "pip", "install", "--quiet", PYODIDE_BUILD])
    return cli


def py_compile(path: Path) -> Path:
    """Byte-compile a wheel or zip with `pyodide py-compile`; return the new file."""
    cli = pyodide_cli()
    if cli is None:
        return path
    before = set(path.parent.iterdir())
    run([cli, "py-compile", "--silent", path], cwd=path.parent)
    created = sorted(set(path.parent.iterdir()) - before)
    if path.exists() and not created:
        return path  # compiled in place (same file name)
    if len(created) != 1:
        raise BuildError(f"py-compile of {path.name} left {created}")
    return created[0]


def processed(src: Path, recipe: str, make) -> Path:
    """Cache the output of make(src, workdir) by the source's hash and the recipe."""
    key = hashlib.sha256((sha256_of(src) + recipe + RECIPE).encode()).hexdigest()[:16]
    work = CACHE / "processed" / f"{src.name}-{key}"
    done = work / "DONE"
    if done.exists():
        return work / done.read_text().strip()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    result = make(src, work)
    done.write_text(result.name)
    return result


def ship_wheel(src: Path, drop: list[str], new_tag: str | None, compile_: bool, edit=None) -> Path:
    """Strip, edit, retag and byte-compile one wheel (cached)."""
    def make(src: Path, work: Path) -> Path:
        whl = (rewrite_wheel(src, work, drop, new_tag, edit) if (drop or new_tag or edit)
               else shutil.copy2(src, work / src.name))
        whl = Path(whl)
        return py_compile(whl) if compile_ else whl
    edits = "".join(sorted({sha256_of(Path(sys.modules[f.__module__].__file__)) for f in edit.values()})) if edit else ""
    return processed(src, f"{drop}{new_tag}{compile_}{edits}", make)


def pyodide_package_files(lock: dict, wanted: list[str], compile_: bool) -> dict[str, Path]:
    """Pyodide-built packages (checked against the official lock), stripped and byte-compiled."""
    return {name: ship_wheel(path, STRIP_FROM_WHEELS.get(name, []), None, compile_)
            for name, path in pyodide_lock_files(lock, wanted).items()}


# package -> its files the build edits (path in the wheel -> function of the path and its text)
EDITS = {
    "panel": {path: lazy_imports.lazy for path in lazy_imports.LAZY},
    "bokeh": {bokeh_signatures.MODEL: bokeh_signatures.without_signatures},
}


def pypi_wheel_files(compile_: bool) -> dict[str, Path]:
    """Pinned pure-Python wheels from PyPI, stripped and byte-compiled."""
    files = {}
    for name, (version, _imports, _deps) in PYPI_WHEELS.items():
        if name in REPACK_PURE:
            src = pip_download_compiled(name, version, CACHE / "pypi-compiled")
            drop = [r"\.so$"]
            files[name] = ship_wheel(src, drop, "py3-none-any", compile_)
        else:
            src = pip_download(name, version, CACHE / "pypi", pyodide_platform=True)
            edit = EDITS.get(name)
            files[name] = ship_wheel(src, STRIP_FROM_WHEELS.get(name, []), None, compile_, edit)
    return files


def pandas_placeholder_wheel(compile_: bool) -> Path:
    """A one-module wheel named pandas (see PANDAS_PLACEHOLDER)."""
    return placeholder_wheel("pandas", PANDAS_PLACEHOLDER, compile_)


def placeholder_wheel(package: str, source: Path, compile_: bool, module: str | None = None) -> Path:
    """A one-module wheel: distribution `package`, import name `module` (default the same), whose __init__ is `source`."""
    module = module or package
    dest = SCRATCH / "placeholder" / package
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    version = PANDAS_PLACEHOLDER_VERSION
    if f'__version__ = "{version}"' not in source.read_text():
        raise BuildError(f"{source.name}: __version__ is not {version}")
    info = f"{package}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": source.read_text(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    src = dest / "src.whl"
    with zipfile.ZipFile(src, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    whl = rewrite_wheel(src, dest, [])  # adds RECORD
    src.unlink()
    return py_compile(whl) if compile_ else whl


def project_wheel(project: Path, compile_: bool) -> tuple[str, str, list[str], Path]:
    """Build the project's pure-Python wheel; return (name, version, imports, file)."""
    dest = SCRATCH / "project"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    # setuptools builds in the project's build/lib and keeps what is there: a module deleted or
    # moved since the last build would still ship (a stale app/panel_compat.py did)
    for stale in (project / "build").glob("lib*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in (project / "build").glob("bdist.*"):
        shutil.rmtree(stale, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps",
         "--quiet", project, "-w", dest])
    wheels = list(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one project wheel, got {wheels}")
    whl = wheels[0]
    name, version = whl.name.split("-")[:2]
    with zipfile.ZipFile(whl) as zf:
        imports = sorted({n.split("/")[0] for n in zf.namelist()
                          if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))})
    shipped = py_compile(whl) if compile_ else whl
    return normalize(name), version, imports, shipped
