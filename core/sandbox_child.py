"""Runs a learner's code after each data set's given part and reports, as JSON, what it set.

`core.sandbox` starts this file as its own process (`python -I sandbox_child.py`, the job on
stdin, the answer on stdout) under CPython, and calls `run_all` in-process under Pyodide.
It imports NumPy and the standard library only, never the rest of the project: the learner's
code sees the names of the exercise and nothing of the app that asked.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import sys
import time

YOUR_CODE = "<your code>"  # the file name the learner's code is compiled under, for line numbers
MEMORY_HEADROOM = 512 * 2**20  # bytes of address space the learner's code may add


class Stopped(BaseException):
    """The time budget ran out (a BaseException, so `except Exception` in the learner's code cannot keep it)."""


def encode(value, depth: int = 0):
    """A value the learner's code set, as JSON: numbers as shape + flat data, anything else by its type."""
    import numpy as np

    if value is None:
        return {"none": True}
    if isinstance(value, (list, tuple)) and depth == 0 and value and any(isinstance(v, np.ndarray) or v is None for v in value):
        return {"list": [encode(v, 1) for v in value[:16]]}
    try:
        array = np.asarray(value, dtype=float)
    except Exception:  # not numbers: say what it is instead
        return {"type": type(value).__name__}
    if array.size > 10_000:
        return {"type": "array", "shape": list(array.shape), "too_big": True}
    return {"shape": list(array.shape), "data": [float(v) for v in array.ravel()]}


def _error(exc: BaseException) -> dict:
    line = None
    tb = exc.__traceback__
    while tb is not None:  # the deepest line of the learner's own code
        if tb.tb_frame.f_code.co_filename == YOUR_CODE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return {"type": type(exc).__name__, "message": str(exc)[:300], "line": line,
            "name": getattr(exc, "name", None) if isinstance(exc, NameError) else None}


def run_all(job: dict) -> list[dict]:
    """For each data set: exec its given part, then the learner's code; the collected names or the error."""
    code = compile(job["code"], YOUR_CODE, "exec")
    results = []
    for given in job["given"]:
        namespace: dict = {"__name__": "__exercise__"}
        exec(compile(given, "<given>", "exec"), namespace)
        error = None
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # print() stays out of the answer and the page
                exec(code, namespace)
        except Stopped:
            raise
        except BaseException as exc:  # SystemExit and KeyboardInterrupt are the learner's too
            error = _error(exc)
        values = {name: encode(namespace[name]) for name in job["collect"] if name in namespace}
        results.append({"values": values, "error": error})
    return results


def _limit_memory() -> None:
    """Cap the address space at what NumPy's import took plus MEMORY_HEADROOM (Linux; elsewhere best effort)."""
    import resource

    used = 0
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    used = int(line.split()[1]) * 1024
    except OSError:
        used = 2**30
    limit = used + MEMORY_HEADROOM
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _limit_cpu(seconds: float) -> None:
    import resource

    soft = int(math.ceil(seconds)) + 1  # SIGXCPU ends the process if the timer below did not
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))


def main() -> None:
    import numpy  # noqa: F401  (imported before the limits, which count what it maps)
    import signal

    sys.stderr.write("ready\n")  # the parent's clock for the learner's code starts now
    sys.stderr.flush()
    job = json.loads(sys.stdin.read())

    _limit_memory()
    _limit_cpu(job["timeout_s"])
    answer = sys.stdout
    sys.stdout = sys.stderr = io.StringIO()  # print() in the learner's code stays out of the answer

    def stop(signum, frame):
        raise Stopped

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, job["timeout_s"])
    started = time.monotonic()
    try:
        result = {"results": run_all(job)}
    except Stopped:
        result = {"stopped": True}
    except MemoryError:
        result = {"memory": True}
    signal.setitimer(signal.ITIMER_REAL, 0)
    result["seconds"] = time.monotonic() - started
    answer.write(json.dumps(result))
    answer.flush()


if __name__ == "__main__":
    main()
