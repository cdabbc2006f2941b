"""Where the build reads and writes, and the helpers every step uses."""
from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "build"  # downloads and processed wheels, keyed by hash: safe to share
# Scratch folders each build empties and refills: this checkout's own, since .cache/ may be
# shared by several checkouts building at the same time.
SCRATCH = ROOT / "build" / "scratch"
OUT = ROOT / "build" / "site"
STATIC = ROOT / "static"
VENV_BIN = ROOT / ".venv" / "bin"


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class BuildError(RuntimeError):
    pass
