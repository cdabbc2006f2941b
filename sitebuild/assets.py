"""Front-end files the page links to (BokehJS, Panel's JS/CSS, KaTeX), Pyodide's runtime,
the hand-written files from static/, and pre-compressed siblings."""
from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

from sitebuild.fetch import npm_tarball
from sitebuild.paths import STATIC, VENV_BIN, BuildError
from sitebuild.pins import BOKEH_VERSION, CDN_REWRITES, GZIP_SUFFIXES, KATEX_FONTS, PANEL_DIST_ALWAYS
from sitebuild.wheels import ship_wheel


def copy_files(src_root: Path, patterns: list[str], dest: Path) -> None:
    for pattern in patterns:
        matches = [p for p in src_root.glob(pattern) if p.is_file()]
        if not matches:
            raise BuildError(f"nothing matches {pattern} in {src_root}")
        for p in matches:
            target = dest / p.relative_to(src_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, target)


def referenced(text: str, prefix: str) -> set[str]:
    """Paths (query strings dropped) that `text` links to under `prefix`."""
    return {m.split("?")[0] for m in re.findall(re.escape(prefix) + r"""([^"'\s)`<>]+)""", text)}


def copy_frontend_assets(site: Path, html: str) -> None:
    """BokehJS, Panel's JS/CSS and KaTeX that the page links to, from the venv and npm."""
    site_packages = Path(subprocess.run(
        [str(VENV_BIN / "python"), "-c", "import panel, os; print(os.path.dirname(panel.__file__))"],
        capture_output=True, text=True, check=True).stdout.strip()).parent
    panel_cdn, bokeh_cdn, katex6_cdn, katex10_cdn = (cdn for cdn, _ in CDN_REWRITES)
    copy_files(site_packages / "panel" / "dist",
               PANEL_DIST_ALWAYS + sorted(referenced(html, panel_cdn)), site / "panel")
    bokeh_js = site_packages / "bokeh" / "server" / "static" / "js"
    (site / "bokeh").mkdir(exist_ok=True)
    for name in sorted(referenced(html, bokeh_cdn)):  # bokeh-widgets-3.7.3.min.js
        shutil.copy2(bokeh_js / name.replace(f"-{BOKEH_VERSION}", ""), site / "bokeh" / name)
    katex6 = sorted(referenced(html, katex6_cdn))
    if katex6:
        copy_files(npm_tarball("katex-0.6.0") / "dist", katex6 + [KATEX_FONTS], site / "katex" / "0.6.0")
    katex10 = sorted(referenced(html, katex10_cdn))
    if katex10:
        copy_files(npm_tarball("katex-0.10.1") / "dist", katex10, site / "katex" / "0.10.1")


def copy_pyodide_core(pyodide_pkg: Path, site: Path, compile_: bool) -> None:
    dest = site / "pyodide"
    dest.mkdir(parents=True, exist_ok=True)
    for name in ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm"]:
        shutil.copy2(pyodide_pkg / name, dest / name)
    stdlib = pyodide_pkg / "python_stdlib.zip"
    shipped = ship_wheel(stdlib, [], None, compile_) if compile_ else stdlib
    shutil.copy2(shipped, dest / "python_stdlib.zip")


def write_static(site: Path, build_id: str) -> None:
    """Hand-written assets from static/ (service worker gets the build id)."""
    for name in ["site.css", "panel-compat.js", "model-keys.js", "baked.js", "boot.js", "favicon.svg", "site.webmanifest"]:
        shutil.copy2(STATIC / name, site / name)
    (site / "favicon.ico").write_bytes((STATIC / "favicon.ico").read_bytes())
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()
                   and not p.name.endswith(".gz"))
    sw = (STATIC / "sw.js").read_text().replace("__BUILD_ID__", build_id)
    sw = sw.replace("__FILES__", json.dumps(["./" + f for f in files if f != "sw.js"]))
    (site / "sw.js").write_text(sw)


def gzip_siblings(site: Path) -> None:
    """Pre-compressed copies for `--serve` (static hosts compress on their own)."""
    for p in site.rglob("*"):
        if p.is_file() and p.suffix in GZIP_SUFFIXES:
            data = p.read_bytes()
            if len(data) > 1024:
                (p.parent / (p.name + ".gz")).write_bytes(gzip.compress(data, 9, mtime=0))
