"""Ways in that must not break the session under `panel serve`: a huge upload, and a lost server."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from .browser import drag_slider, free_port, serve_app, server_url, source, wait_for, wait_for_http, wait_until_ready
from .test_training_share import message, show_tab

pytestmark = pytest.mark.ui
MB = 1_000_000


def big_csv(folder: Path, megabytes: int) -> Path:
    """A well-formed CSV of about `megabytes` MB: refused for its size alone."""
    path = folder / f"big-{megabytes}mb.csv"
    row = b"0.25,-0.5,1\n"
    path.write_bytes(row * (megabytes * MB // len(row) + 1))
    return path


def upload_is_refused(page, path: Path, size_words: str) -> None:
    """Choose `path` in the Training tab's upload box; the page says it is too large, beside the box too."""
    page.set_input_files(".csv-input input[type=file]", str(path))
    said = f"that file was not loaded: the file is {size_words}, larger than the 500 kB this box takes"
    wait_for(lambda: message(page) == said, timeout=60)
    page.locator(".csv-note", has_text=f"Not loaded: the file is {size_words}").wait_for(timeout=30000)


def the_diagram_still_follows_a_slider(page, timeout: float = 30) -> None:
    show_tab(page, "Step through")
    before = source(page, "edges")["w"][0]
    drag_slider(page, "weight-w0-0-0", 60)
    wait_for(lambda: source(page, "edges")["w"][0] != before, timeout=timeout)


def test_a_30_mb_csv_is_refused_in_the_page_and_the_session_lives_on(page, served_app, tmp_path):
    page.goto(served_app)
    wait_until_ready(page)
    show_tab(page, "Training")
    upload_is_refused(page, big_csv(tmp_path, 30), "30.0 MB")
    assert page.evaluate("() => Bokeh.documents[0]._session?._connection?.connected ?? null") is not False
    the_diagram_still_follows_a_slider(page)
    # and a good file after it is still read
    good = tmp_path / "good.csv"
    good.write_text("x1,x2,label\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n")
    show_tab(page, "Training")
    page.set_input_files(".csv-input input[type=file]", str(good))
    page.locator(".csv-note", has_text="4 points").wait_for(timeout=30000)
    assert message(page) == ""
    assert page.console_log.errors == [] and page.console_log.external == []


@pytest.fixture
def own_server():
    """A `panel serve` of its own, to measure or to kill: (url, port, process holder)."""
    port = free_port()
    holder = {"process": serve_app(port)}
    try:
        wait_for_http(server_url(port))
        yield f"http://127.0.0.1:{port}/main", port, holder
    finally:
        holder["process"].terminate()
        holder["process"].wait(timeout=30)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1000
    raise AssertionError("no VmRSS")


def test_server_memory_returns_after_a_refused_20_mb_upload(page, own_server, tmp_path):
    url, _, holder = own_server
    pid = holder["process"].pid
    page.goto(url)
    wait_until_ready(page)
    show_tab(page, "Training")
    small = tmp_path / "small.csv"
    small.write_bytes(b"0,0,0\n" * 100_000)  # 600 kB: refused too, so the refusal's own code has run once
    page.set_input_files(".csv-input input[type=file]", str(small))
    wait_for(lambda: "larger than the 500 kB" in message(page), timeout=60)
    before = rss_mb(pid)
    upload_is_refused(page, big_csv(tmp_path, 20), "20.0 MB")
    the_diagram_still_follows_a_slider(page)
    wait_for(lambda: rss_mb(pid) <= before + 10, timeout=30)


def address_w0(page) -> float | None:
    """The first weight the page's address holds, or None."""
    from urllib.parse import parse_qs

    w = parse_qs(page.evaluate("() => location.search").lstrip("?")).get("w")
    try:
        return float(w[0].split(",")[0]) if w else None
    except ValueError:
        return None


def test_a_lost_server_is_said_within_5_s_and_a_reload_is_offered_when_it_is_back(page, own_server):
    url, port, holder = own_server
    page.goto(url)
    wait_until_ready(page)
    drag_slider(page, "weight-w0-0-0", 60)
    wait_for(lambda: source(page, "edges")["w"][0] != repr(0.4), timeout=30)
    moved = source(page, "edges")["w"][0]
    wait_for(lambda: address_w0(page) == pytest.approx(float(moved), abs=1e-9), timeout=30)  # the address holds it
    assert page.console_log.errors == []

    holder["process"].kill()
    holder["process"].wait(timeout=30)
    lost = time.monotonic()
    notice = page.locator(".bp-connection-lost")
    notice.wait_for(timeout=5000)
    assert time.monotonic() - lost < 5
    assert "Connection to the server lost" in notice.inner_text()
    # every control is marked inactive: the page is inert except for the notice
    assert page.evaluate("() => [...document.body.children].filter(c => !c.classList.contains('bp-connection-lost'))"
                         ".every(c => c.inert)")

    holder["process"] = serve_app(port)  # the server comes back on the same address
    page.locator(".bp-connection-lost", has_text="The server is back").wait_for(timeout=120_000)
    page.locator(".bp-connection-lost button").click()
    wait_until_ready(page, timeout_ms=120_000)
    # the reloaded page reopens the state its address held
    wait_for(lambda: float(source(page, "edges")["w"][0]) == pytest.approx(float(moved), abs=1e-9), timeout=60)
    assert page.locator(".bp-connection-lost").count() == 0
