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
import subprocess
import sys
from pathlib import Path

from sitebuild.paths import OUT, ROOT, BuildError, log
from sitebuild.pipeline import build, inputs_digest, is_fresh
from sitebuild.serve import serve


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
