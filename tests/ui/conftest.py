"""Browser fixtures: Debian's chromium via Playwright (never a downloaded browser)."""
from __future__ import annotations

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, free_port, serve_app, server_url, wait_for_http


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the whole run: a second sync_playwright() in the same process fails."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver):
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def served_app():
    """The app under `panel serve` on a free loopback port; its URL."""
    port = free_port()
    process = serve_app(port)
    url = f"http://127.0.0.1:{port}/main"
    try:
        wait_for_http(server_url(port))
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


class ConsoleLog:
    """Console errors, page errors and requests to other hosts, collected for a test to assert on."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            url = r.request.url
            if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                r.continue_()
            else:
                self.external.append(url)
                r.abort()

        page.route("**/*", route)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.console_log = ConsoleLog(page)
    yield page
    context.close()
