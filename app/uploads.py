"""An uploaded file's bytes as text, by one rule for every upload widget; and the page's size limit.

A file can come from the page's own upload box (whose size the page checks before sending,
`app/page_events.js`), or from anything that talks to the server directly, so the limit is checked
here again. Text is UTF-8 with or without a byte-order mark; an empty file is refused with a
message like any other bad file.
"""
from __future__ import annotations

from core.inputs import InputError, quote

# What app/page_events.js sets instead of the file when the page refuses one as too large: the
# file's name, this MIME type, and its size in bytes (as ASCII digits) instead of its content.
TOO_LARGE_MIME = "application/x-backprop-lab-too-large"
LIMIT_CLASS = "upload-limit-{}"  # a FileInput's CSS class that tells app/page_events.js its limit in bytes


def size_words(n: int) -> str:
    """A byte count for a learner: '500 kB', '31.5 MB'."""
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    if n >= 1000:
        return f"{n / 1e3:.0f} kB"
    return f"{n} bytes"


def limit_classes(limit: int) -> list[str]:
    """The CSS class that makes the page refuse files over `limit` bytes before sending them."""
    return [LIMIT_CLASS.format(int(limit))]


def read_text(data, limit: int, mime_type: str | None = None) -> str:
    """An upload's bytes as text: at most `limit` bytes, UTF-8 (a BOM is dropped), not empty; InputError otherwise."""
    if mime_type == TOO_LARGE_MIME:  # the page kept the file back and sent its size
        size = bytes(data or b"").decode("ascii", "replace")
        shown = size_words(int(size)) if size.isdigit() and len(size) < 20 else "too large"
        raise InputError(f"the file is {shown}, larger than the {size_words(limit)} this box takes")
    if data is None or not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError("no file arrived: choose a file again")
    if len(data) > limit:
        raise InputError(f"the file is {size_words(len(data))}, larger than the {size_words(limit)} this box takes")
    if len(data) == 0:
        raise InputError("the file is empty")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("it is not a text file (UTF-8)") from None
    if not text.strip():
        raise InputError("the file is empty")
    return text


def take(widget, limit: int) -> str | None:
    """The text of a FileInput's new file, then the file is let go of, here and in the page.

    None when there is no file (the widget was just cleared); InputError for a file that cannot
    be used. Either way the bytes are dropped: a refused upload must not stay in memory.
    """
    data, mime_type = widget.value, widget.mime_type
    if data is None:
        return None
    widget.value = None  # Python's copy
    widget.clear()  # the page's copy and the Bokeh model's, so the same file can be chosen again
    return read_text(data, limit, mime_type)


def plain_name(filename) -> str:
    """A file's name as short plain text for a message ('the file' when there is none)."""
    return f"“{quote(filename)}”" if isinstance(filename, str) and filename.strip() else "the file"
