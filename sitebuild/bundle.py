"""The pure-Python packages as one file, and the pyodide-lock.json for the Pyodide-built ones."""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import zipfile
from pathlib import Path

from sitebuild.paths import BuildError, sha256_of


def lock_entry(name, version, file: Path, imports, depends) -> dict:
    return {"name": name, "version": version, "file_name": file.name,
            "install_dir": "site", "sha256": sha256_of(file), "package_type": "package",
            "imports": list(imports), "depends": list(depends),
            "unvendored_tests": False, "shared_library": False}


def check_depends(entries: list[dict]) -> None:
    """Every dependency the browser needs is shipped (in the lock or in the bundle)."""
    names = {e["name"] for e in entries}
    for e in entries:
        missing = [d for d in e["depends"] if d not in names]
        if missing:
            raise BuildError(f"{e['name']} depends on unshipped {missing}")


def write_lock(official: dict, site: Path, entries: list[dict]) -> None:
    """A pyodide-lock.json listing exactly the packages loadPackage loads (the Pyodide-built ones)."""
    check_depends(entries)
    lock = {"info": official["info"], "packages": {e["name"]: e for e in sorted(entries, key=lambda e: e["name"])}}
    (site / "pyodide" / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))


BUNDLE = "site-packages.{}.bundle"  # in the site's pyodide/ folder; {}: the start of its sha256


def write_bundle(wheels: list[tuple[dict, Path]], folder: Path) -> tuple[str, str]:
    """The pure-Python wheels, unpacked at build time into one gzipped file in `folder`;
    returns its file name and SRI hash. The name carries the start of its sha256, so a host
    or cache that keeps an older build's bundle never pairs it with this build's worker.

    Format (before gzip): a little-endian uint32 n, n bytes of JSON header
    {"packages": [{name, version, wheel, sha256}], "files": [[path, offset, size]]},
    then the files' bytes; `path` is relative to site-packages, `offset` to the data.
    A wheel's .data/purelib and platlib go to site-packages; its other .data (Panel's
    Jupyter configuration) is left out.
    The worker (static/worker.js's bpInstallBundle) writes every file into site-packages from
    JavaScript: Pyodide's loadPackage unzips wheels file by file in Python, about 0.5 s of
    a cold start for these ~1,000 files.
    """
    packages, files, chunks, offset = [], [], [], 0
    for entry, whl in wheels:
        packages.append({"name": entry["name"], "version": entry["version"],
                         "wheel": whl.name, "sha256": entry["sha256"]})
        with zipfile.ZipFile(whl) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                path = info.filename
                scheme = re.match(r"[^/]+\.data/([^/]+)/", path)
                if scheme:  # a wheel's .data: code goes to site-packages, the rest has no place here
                    if scheme.group(1) not in ("purelib", "platlib"):
                        continue  # e.g. Panel's Jupyter server config, meaningless in a browser
                    path = path[scheme.end():]
                data = zf.read(info)
                files.append([path, offset, len(data)])
                chunks.append(data)
                offset += len(data)
    header = json.dumps({"packages": packages, "files": files}, separators=(",", ":")).encode()
    raw = len(header).to_bytes(4, "little") + header + b"".join(chunks)
    data = gzip.compress(raw, 9, mtime=0)
    digest = hashlib.sha256(data).digest()
    name = BUNDLE.format(digest.hex()[:12])
    (folder / name).write_bytes(data)
    return name, "sha256-" + base64.b64encode(digest).decode()
