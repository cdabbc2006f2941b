"""What a learner types or sends, read by one rule: a checked value, or an `InputError` with words for them.

Every way into the app (a link, a JSON file, a CSV upload, a typed box) reads its text with
these functions, so a number means the same everywhere: ASCII decimal or scientific notation,
as typed. Python's own `float()`/`int()` accept more (`1_0`, `٣`, `inf`, `0x10` in some
callers) and would quietly turn what was typed into something else.
"""
from __future__ import annotations

import math
import re
import unicodedata

QUOTE_LIMIT = 40  # characters of a learner's input quoted back in a message

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_WHOLE = re.compile(r"[+-]?\d+", re.ASCII)
_MAX_DIGITS = 300  # longer digit strings are refused before Python is asked to convert them


class InputError(ValueError):
    """Input the app cannot use; its message is plain text meant for the learner."""


def quote(value, limit: int = QUOTE_LIMIT) -> str:
    """`value` as short plain text for a message: no control characters or newlines, cut with '…'."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(message: str, limit: int = 300) -> str:
    """A message made safe to show as text: one line, no control characters, at most `limit` characters."""
    return quote(str(message), limit)


def parse_number(text, what: str) -> float:
    """`text` as a finite float, read as decimal or scientific notation in ASCII digits."""
    if isinstance(text, bool):
        raise InputError(f"{what} must be a number, not {quote(text)}")
    if isinstance(text, (int, float)):
        value = _finite(text, what)
        return value
    if not isinstance(text, str):
        raise InputError(f"{what} must be a number")
    stripped = text.strip()
    if not stripped:
        raise InputError(f"{what} is empty: type a number such as 0.5")
    if len(stripped) > _MAX_DIGITS or not _NUMBER.fullmatch(stripped):
        raise InputError(f"{what} must be a number such as 0.5 or 1e-3, not “{quote(stripped)}”")
    return _finite(float(stripped), what, stripped)


def parse_whole(text, what: str, lo: int | None = None, hi: int | None = None) -> int:
    """`text` as an int written in ASCII digits, optionally within [lo, hi]."""
    if isinstance(text, bool):
        raise InputError(f"{what} must be a whole number, not {quote(text)}")
    if isinstance(text, int):
        value = text
    elif isinstance(text, float) and math.isfinite(text) and text.is_integer() and abs(text) < 2**63:
        value = int(text)
    elif isinstance(text, str):
        stripped = text.strip()
        if not stripped:
            raise InputError(f"{what} is empty: type a whole number")
        if len(stripped) > _MAX_DIGITS or not _WHOLE.fullmatch(stripped):
            raise InputError(f"{what} must be a whole number, not “{quote(stripped)}”")
        value = int(stripped)
    else:
        raise InputError(f"{what} must be a whole number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InputError(f"{what} must be a whole number from {lo} to {hi}, not {quote(str(value), 20)}")
    return value


def _finite(value, what: str, typed: str | None = None) -> float:
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not math.isfinite(number):
        shown = quote(typed if typed is not None else str(value), 20)
        raise InputError(f"{what} must be a finite number; “{shown}” is too large or not a number")
    return number
