"""Modules small, one job each: no source file of the project over 300 lines (tests excepted)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 300


def sources() -> list[Path]:
    files = [ROOT / "build.py"]
    for folder in ("app", "core", "sitebuild", "benchmarks"):
        files += sorted((ROOT / folder).rglob("*.py"))
    for folder in ("app", "static"):
        files += sorted((ROOT / folder).rglob("*.js"))
    return files


def test_the_scan_sees_the_projects_sources():
    names = {str(p.relative_to(ROOT)) for p in sources()}
    assert {"build.py", "app/state.py", "app/panel_compat/__init__.py", "core/network.py",
            "sitebuild/pipeline.py", "static/baked.js", "app/page.js"} <= names


def test_no_module_is_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert long == {}
