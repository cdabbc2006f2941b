"""`panel convert`, then the page and the worker pointed at the site's own files.

Each rewrite matches one exact piece of Panel's template and fails the build if it is not
there, so a Panel upgrade that changes the template stops the build instead of shipping a
worker that reaches for a CDN.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sitebuild.paths import STATIC, VENV_BIN, BuildError, run
from sitebuild.pins import BOKEH_VERSION, CDN_HOSTS, CDN_REWRITES, PANEL_VERSION


def convert(app: Path, project: Path, requirements: list[str], work: Path) -> tuple[str, str]:
    """Run `panel convert` and return the page html and the worker js."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    req = work / "requirements.txt"
    req.write_text("\n".join(requirements) + "\n")
    env = dict(os.environ, PYTHONPATH=str(project), BOKEH_RESOURCES="cdn")
    panel = VENV_BIN / "panel" if (VENV_BIN / "panel").exists() else Path(shutil.which("panel"))
    run([panel, "convert", app, "--to", "pyodide-worker", "--out", work,
         "--requirements", req, "--title", "Backprop Lab"], cwd=project, env=env)
    stem = app.stem
    return (work / f"{stem}.html").read_text(), (work / f"{stem}.js").read_text()


def check_versions() -> None:
    """The converting Panel/Bokeh must be the ones shipped to the browser."""
    out = subprocess.run([str(VENV_BIN / "python"), "-c",
                          "import panel, bokeh; print(panel.__version__, bokeh.__version__)"],
                         capture_output=True, text=True, check=True).stdout.split()
    if out != [PANEL_VERSION, BOKEH_VERSION]:
        raise BuildError(f"venv has panel/bokeh {out}, build.py pins {PANEL_VERSION}/{BOKEH_VERSION}")


INSTALL_LOOP = re.compile(
    r'  await self\.pyodide\.loadPackage\("micropip"\);\n.*?console\.log\("Packages loaded!"\);\n',
    re.S)


PATCH_HANDLER = re.compile(
    r"  \} else if \(msg\.type === 'patch'\) \{\n    self\.pyodide\.globals\.set\('patch', msg\.patch\)\n"
    r".*?self\.postMessage\(\{type: 'idle'\}\)\n", re.S)
LINK_CALL = "    _link_docs_worker(state.curdoc, sendPatch, setter='js')\n    `)\n"
LOCATION_HANDLER = re.compile(
    r"  \} else if \(msg\.type === 'location'\) \{\n    self\.pyodide\.globals\.set\('location', msg\.location\)\n"
    r".*?`\)\n  \}\n", re.S)


def rewrite_worker(js: str, packages: list[str], bundle: str, bundle_integrity: str) -> str:
    """Point the worker at the local Pyodide and install from the site's own files
    (static/worker.js, which says what it changes in Panel's worker and why).

    Panel's stock worker installs each requirement with a separate
    micropip.install call.  Here the pure-Python packages come from the bundle,
    fetched while Pyodide starts, and one loadPackage call of the lock names
    loads the Pyodide-built ones: neither micropip nor an index.
    """
    js, n = re.subn(r'importScripts\("[^"]*/pyodide\.js"\);', 'importScripts("./pyodide/pyodide.js");', js)
    if n != 1:
        raise BuildError("worker: importScripts(pyodide.js) not found; Panel's template changed?")
    js, n = INSTALL_LOOP.subn("  await bpInstallPackages()\n", js)
    if n != 1:
        raise BuildError("worker: install loop not found; Panel's template changed?")
    js, n = PATCH_HANDLER.subn(
        "  } else if (msg.type === 'patch') {\n    bpHandlers()\n    bpApplyPatch(msg.patch)\n"
        "    self.postMessage({type: 'idle'})\n", js)
    js, m = LOCATION_HANDLER.subn(
        "  } else if (msg.type === 'location') {\n    bpHandlers()\n    bpSetLocation(msg.location)\n  }\n", js)
    # Linking sends the events held since the first render, Python callbacks included; Panel's
    # worker never awaits it, so an exception there stopped the rest unseen: say it in the console.
    js, k = js.replace(LINK_CALL, LINK_CALL[:-1] + ".catch((e) => console.error(`Backprop Lab: linking the page failed: ${e}`))\n"), js.count(LINK_CALL)
    if (n, m, k) != (1, 1, 1):
        raise BuildError("worker: patch, location or rendered handler not found; Panel's template changed?")
    js, k = re.subn(r"^startApplication\(\)\s*$", "bpWhenToStart().then(startApplication)\n", js, flags=re.M)
    if k != 1:
        raise BuildError("worker: startApplication() call not found; Panel's template changed?")
    js = (STATIC / "worker.js").read_text() + "\n" + js
    check_no_cdn_left(js, "the worker")
    # This build's data, which static/worker.js reads; the rewrites name the CDNs on purpose.
    site = {"bundle": bundle, "integrity": bundle_integrity, "packages": packages,
            "rewrites": [[a, b] for a, b in CDN_REWRITES]}
    return f"const BP_SITE = {json.dumps(site)};\n" + js


def without_webgl(html: str) -> str:
    """The page without BokehJS's WebGL bundle: no figure here draws with WebGL, and the
    bundle's 211 kB are parsed before the pre-rendered page can draw (issue 21's first Next)."""
    html, n = re.subn(r'<script[^>]*src="[^"]*/bokeh-gl-[0-9.]+(?:\.min)?\.js"[^>]*></script>\n?', "", html)
    if n != 1:
        raise BuildError(f"page: expected one bokeh-gl script, found {n}; Panel's template changed?")
    return html


def rewrite_page(html: str, build_id: str) -> str:
    """Local URLs, our icon/manifest/css, the landing panel and the boot script."""
    for cdn, local in CDN_REWRITES:
        html = html.replace(cdn, local)
    early = f"<script>\n{(STATIC / 'early-worker.js').read_text()}</script>\n"
    html, n = re.subn(r"(<head[^>]*>)", lambda m: m.group(1) + "\n" + early, html, count=1)
    html, k = re.subn(r'new Worker\("\./[^"]+\.js"\)', "window.bpWorker", html)
    if n != 1 or k != 1:
        raise BuildError("page: <head> or the worker's creation not found; Panel's template changed?")
    head = (f'<link rel="icon" href="./favicon.svg" type="image/svg+xml">\n'
            f'<link rel="manifest" href="./site.webmanifest">\n'
            f'<link rel="stylesheet" href="./site.css?v={build_id}">\n'
            # the baked steps (app/baked.py) come at once, beside BokehJS, not after it
            f'<link rel="preload" href="./baked.json?v={build_id}" as="fetch" crossorigin="anonymous">\n')
    html = html.replace("</head>", head + "</head>", 1)
    landing = (STATIC / "landing.html").read_text()
    html, n = re.subn(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + landing, html, count=1)
    if n != 1:
        raise BuildError("page: <body> not found")
    boot = (f'<script src="./panel-compat.js?v={build_id}"></script>\n'
            f'<script>window.bpBuildId = {json.dumps(build_id)}</script>\n'
            f'<script src="./model-keys.js?v={build_id}"></script>\n'
            f'<script src="./baked.js?v={build_id}"></script>\n'
            f'<script src="./boot.js?v={build_id}"></script>\n')
    html = html.replace("</body>", boot + "</body>", 1)
    return check_no_cdn_left(html, "the page")


def check_no_cdn_left(text: str, what: str) -> str:
    """Fail if a CDN URL survived the rewrites; return the text."""
    for host in CDN_HOSTS:
        if host in text:
            raise BuildError(f"{what} still references {host}")
    return text
