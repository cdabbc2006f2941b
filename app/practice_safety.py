"""Whether this server may run a learner's code, and what the Practice tab says when it may not.

In the static site the code runs in the learner's own browser. Under `panel serve` it would run
on the host (in a limited child process, `core.sandbox`), so by default only when the server
listens on loopback, where the learner is the host's own user; a host who serves a class over
the network opts in with `BACKPROP_LAB_PRACTICE=1`.
"""
from __future__ import annotations

import ipaddress
import os
import sys

from core.sandbox import in_browser

OPT_IN = "BACKPROP_LAB_PRACTICE"
REFUSED = (
    "Practice is switched off on this server: it would run the code you type on the machine that "
    "serves this page, and this server is reachable from other machines. To practise, open the "
    "static site (it runs your code in your own browser), or start your own copy with "
    "panel serve app/main.py --address 127.0.0.1. A teacher who runs a shared server for a class "
    f"can switch Practice on by starting it with the environment variable {OPT_IN}=1."
)


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for all interfaces ('', 0.0.0.0, None) and any other host."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def decide(serving: bool, address: str | None, environ) -> tuple[bool, str]:
    """(may the learner's code run here, why not): allowed outside a server, on loopback, or with the opt-in."""
    if not serving or is_loopback(address):
        return True, ""
    if environ.get(OPT_IN, "").strip() == "1":
        return True, ""
    return False, REFUSED


def serve_address(argv: list[str]) -> tuple[bool, str | None]:
    """(is this `panel serve` / `bokeh serve`, the --address it listens on or None for all interfaces)."""
    if "serve" not in argv[1:2] or not any(name in os.path.basename(argv[0]) for name in ("panel", "bokeh")):
        return False, None
    address = None
    for k, arg in enumerate(argv):
        if arg == "--address" and k + 1 < len(argv):
            address = argv[k + 1]
        elif arg.startswith("--address="):
            address = arg.split("=", 1)[1]
    return True, address


def practice_allowed() -> tuple[bool, str]:
    """The decision for this process: always in the browser; under a server by its address and the opt-in."""
    if in_browser():
        return True, ""
    serving, address = serve_address(sys.argv)
    return decide(serving, address, os.environ)
