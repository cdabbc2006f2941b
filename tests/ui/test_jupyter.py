"""JupyterLab (from PyPI) in Debian's chromium, with every request off this machine refused: the
README's notebook line shows the lab, and dragging a weight moves the diagram."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, ROOT, drag_slider, free_port, wait_for, wait_for_http

pytestmark = pytest.mark.ui
START_TIMEOUT_S = 300  # the kernel imports Panel and builds the lab; slow on a loaded machine


def readme_notebook_line() -> str:
    [line] = re.findall(r"`(import panel as pn; from app\.lab import BackpropLab;[^`]*)`", (ROOT / "README.md").read_text())
    return line


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab on a free loopback port, no token, serving a one-cell notebook; its URL."""
    folder = tmp_path_factory.mktemp("lab")
    cell = f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + readme_notebook_line()
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "lab", "metadata": {},
                           "outputs": [], "source": cell}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (folder / "lab.ipynb").write_text(json.dumps(notebook))
    port = free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(folder / "config"), JUPYTER_DATA_DIR=str(folder / "data"))
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
         "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={folder}", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=(folder / "jupyterlab.log").open("w"))
    url = f"http://127.0.0.1:{port}/"
    try:
        try:
            wait_for_http(url + "api", timeout=START_TIMEOUT_S)
        except TimeoutError:
            raise TimeoutError((folder / "jupyterlab.log").read_text()[-3000:]) from None
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def lab_page(jupyterlab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1600, "height": 1100})
        refused = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:")):
                r.continue_()
            else:
                refused.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.refused = refused
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        yield page
        browser.close()


def edge_weight(page) -> str | None:
    return page.evaluate("""() => {
        for (const doc of (window.Bokeh && Bokeh.documents) || []) {
            const edges = doc.get_model_by_name('edges')
            if (edges) return String(edges.data.w[0])
        }
        return null
    }""")


def test_jupyterlab_offline_shows_the_lab_and_a_drag_moves_the_diagram(lab_page, jupyterlab):
    page = lab_page
    page.goto(jupyterlab + "lab/tree/lab.ipynb", timeout=START_TIMEOUT_S * 1000)
    editor = page.locator(".jp-Cell .jp-InputArea-editor").first
    editor.wait_for(timeout=START_TIMEOUT_S * 1000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=START_TIMEOUT_S * 1000)
    editor.click()
    page.keyboard.press("Shift+Enter")
    try:
        page.wait_for_selector(".weight-w0-0-0 .noUi-handle", timeout=START_TIMEOUT_S * 1000)
    except Exception:
        output = page.locator(".jp-OutputArea").first.inner_text()[:2000]
        raise AssertionError(f"no lab in the output: {output!r}; console errors: {page.errors}") from None
    wait_for(lambda: edge_weight(page) == repr(0.4), timeout=60)
    drag_slider(page, "weight-w0-0-0", 60)
    wait_for(lambda: edge_weight(page) not in (None, repr(0.4)), timeout=60)
    assert float(edge_weight(page)) > 0.4
    cdn = [u for u in page.refused if re.search(r"cdn\.(bokeh|holoviz)\.org|jsdelivr|cloudflare", u)]
    assert cdn == [], f"the notebook asked a CDN for {cdn}"
