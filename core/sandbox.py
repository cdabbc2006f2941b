"""Run a learner's code with a time and memory budget, in the way the platform allows.

Under CPython (`panel serve`, the tests) the code runs in a child process (`sandbox_child.py`)
with a CPU-time limit, an address-space limit and a wall-clock kill, in an empty temporary
directory with an almost empty environment: it cannot reach the server's objects and an
endless loop or a 10 GB allocation ends only that process. Pyodide has no processes; there it
runs in the app's own interpreter (already a web worker, the learner's own browser) under a
`sys.settrace` budget that raises once the deadline has passed, so `while True: pass` stops.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from . import sandbox_child

CHILD = Path(__file__).with_name("sandbox_child.py")
STARTUP_LIMIT_S = 60.0  # to start Python and import NumPy, before the learner's code is timed
GRACE_S = 1.0  # wall-clock allowance past timeout_s for reading the job and writing the answer
MAX_ANSWER = 8 * 2**20  # bytes of JSON read back from the child


def in_browser() -> bool:
    """True under Pyodide, where there are no child processes."""
    return sys.platform == "emscripten"


def run(code: str, given: list[str], collect: list[str], timeout_s: float, in_process: bool | None = None) -> dict:
    """Run `code` after each of `given`; {"results": [{"values", "error"}...]} or {"stopped"} or {"memory"} or {"failed"}."""
    job = {"code": code, "given": given, "collect": collect, "timeout_s": float(timeout_s)}
    if in_process if in_process is not None else in_browser():
        return _traced(job)
    return _child(job)


def _traced(job: dict) -> dict:
    deadline = time.monotonic() + job["timeout_s"]

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise sandbox_child.Stopped
        # events only in the learner's own frames, NumPy's Python code runs untraced; per
        # opcode, since `while True: pass` jumps back to its own line and makes no line event
        if frame.f_code.co_filename != sandbox_child.YOUR_CODE:
            return None
        frame.f_trace_opcodes = True
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        return {"results": sandbox_child.run_all(job)}
    except sandbox_child.Stopped:
        return {"stopped": True}
    except MemoryError:
        return {"memory": True}
    finally:
        sys.settrace(previous)


def _child(job: dict) -> dict:
    # imported here: Pyodide, which never gets this far, lacks some of them
    import signal
    import subprocess
    import tempfile

    env = {"PATH": os.defpath, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory(prefix="backprop-lab-") as cwd:
        process = subprocess.Popen(
            [sys.executable, "-I", str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=cwd, env=env, start_new_session=True,
        )
        try:
            process.stdin.write(json.dumps(job).encode())  # small enough for the pipe's buffer
            process.stdin.flush()
            # a busy machine can take seconds to start Python and NumPy: that is not the learner's time
            if not _ready(process, STARTUP_LIMIT_S):
                return {"failed": True}
            ready = time.monotonic()
            out, _ = process.communicate(timeout=job["timeout_s"] + GRACE_S)
        except subprocess.TimeoutExpired:
            _kill(process)
            return {"stopped": True, "after_ready_s": time.monotonic() - ready}
        except OSError:
            return {"failed": True}
        finally:
            if process.poll() is None:
                _kill(process)
    after_ready = {"after_ready_s": time.monotonic() - ready}  # the learner's time, start-up not counted
    if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL):  # the CPU limit ended it
        return {"stopped": True, **after_ready}
    if not out or len(out) > MAX_ANSWER:
        return {"failed": True}
    try:
        answer = json.loads(out)
    except ValueError:
        return {"failed": True}
    return {**answer, **after_ready} if isinstance(answer, dict) else {"failed": True}


def _ready(process, limit_s: float) -> bool:
    """Wait for the child's "ready" line on stderr (NumPy imported, limits next)."""
    import select

    deadline = time.monotonic() + limit_s
    while (left := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([process.stderr], [], [], left)
        if not readable:
            break
        line = process.stderr.readline()
        if not line:  # the child ended before it was ready
            return False
        if line.strip() == b"ready":
            return True
    return False


def _kill(process) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: anything it started goes too
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
