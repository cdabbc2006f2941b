"""The static site's build in parts; `build.py` is the command that runs it.

    pins      what is shipped: versions, hashes, what each wheel loses
    paths     where things are; log, run, BuildError
    fetch     downloads (npm, PyPI, the Pyodide package files), each checked against its hash
    wheels    wheel preparation: strip, retag, byte-compile, placeholders, the project's wheel
    bundle    the pure-Python packages as one file, and the pyodide-lock.json
    rewrite   `panel convert`, then the page and the worker pointed at the site's own files
    assets    front-end files (BokehJS, Panel's CSS, KaTeX), static/, gzip siblings
    pipeline  the whole build, in order, and the inputs digest that --if-stale reads
    serve     the local HTTP server (`--serve`, the tests and the benchmarks)

docs/static-build.md explains the pipeline.
"""
