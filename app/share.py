"""Saving and sharing the whole state: the JSON file here, with the snapshot (snapshot.py) and links (links.py).

Callers take all three from this module. Every way in is total: `check`, `from_json`,
`from_query` and `read_link` return a checked value or raise `InputError` with a
plain-text message for the learner.
"""
from __future__ import annotations

import json

from core.inputs import InputError, parse_number, parse_whole, plain

from .links import (GUIDE_KEYS, LESSON_LINK_KEYS, MAX_QUERY_CHARS, URL_KEYS, VIEW_KEYS, from_query,
                    guide_from_query, guide_to_query, read_guide, read_link, to_query)
from .schema import HIDEABLE
from .snapshot import CUSTOM_DATA_NOTE, REQUIRED, VERSION, apply, check, snapshot, training_defaults

__all__ = [
    "CUSTOM_DATA_NOTE", "GUIDE_KEYS", "HIDEABLE", "LESSON_LINK_KEYS", "MAX_JSON_BYTES", "MAX_QUERY_CHARS",
    "REQUIRED", "URL_KEYS", "VERSION", "VIEW_KEYS",
    "apply", "check", "from_json", "from_query", "guide_from_query", "guide_to_query", "read_guide", "read_link",
    "snapshot", "to_json", "to_query", "training_defaults",
]

MAX_JSON_BYTES = 200_000


def to_json(snap: dict) -> str:
    return json.dumps(snap, indent=1, allow_nan=False)


def from_json(data: str | bytes) -> dict:
    """Parse a saved file (text or bytes, UTF-8 with or without a byte-order mark); checked, or InputError."""
    if not isinstance(data, (str, bytes, bytearray)):
        raise InputError("the file could not be read")
    if len(data) > MAX_JSON_BYTES:
        raise InputError(f"the file is larger than {MAX_JSON_BYTES // 1000} kB")
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("the file is not UTF-8 text") from None
    text = data.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("the file is empty")
    try:
        parsed = json.loads(text, parse_constant=_refuse_constant, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as error:
        raise InputError(f"the file is not valid JSON ({plain(error.msg, 60)}, line {error.lineno})") from None
    except RecursionError:
        raise InputError("the file nests lists or objects too deeply to be a saved state") from None
    return check(parsed)


def _refuse_constant(name: str):
    raise InputError(f"the file holds {name}, which is not a number")


def _json_int(text: str) -> int:
    return parse_whole(text, "a number in the file")


def _json_float(text: str) -> float:
    return parse_number(text, "a number in the file")
