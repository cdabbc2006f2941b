"""JupyterLab (from PyPI) in Debian's chromium, every request off the server's origin refused:
the README's notebook line shows the lab, and dragging a weight slider moves the diagram.

The kernel must be there before the cell is run: JupyterLab drops a run asked for before the
notebook's session has a kernel (the cell keeps `[ ]:` and no output), and its toolbar's execution
indicator says "idle" already then. The test this one replaces (`git log -- tests/ui/test_jupyter.py`)
waited for that indicator, and so sometimes ran the cell too early and saw an empty output.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import psutil  # ipykernel's own dependency
import pytest

from core.notation import plain

from ..app.test_notebook import readme_notebook_line
from .browser import ROOT, drag_slider, free_port, source, wait_for, wait_for_http

pytestmark = pytest.mark.ui
START_S = 120  # each of: the server's start, the kernel's, the lab's first render; slow on a busy machine
NOTEBOOK = "lab.ipynb"
# the notebook's kernel, connected and idle: only then does a run reach it
JS_KERNEL_READY = """() => {
  const kernel = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
JS_SLIDER_VALUE = """cls => {
  for (const doc of Bokeh.documents)
    for (const model of doc.all_models)
      if (model.css_classes && model.css_classes.includes(cls) && 'value' in model) return model.value;
  return null;
}"""
# the lab's diagram drawn in the cell's output: its figure's view painted, in the output area
# (Bokeh draws in shadow roots: up from the view's element through each root's host), laid out
JS_DIAGRAM_SHOWN = """() => !!window.Bokeh && Bokeh.documents.some(doc => {
  const fig = doc.get_model_by_name('network-diagram');
  const view = fig && Bokeh.index.find_one(fig);
  if (!view || !view.has_finished() || !doc.get_model_by_name('edges')) return false;
  let el = view.el;
  while (el && !el.classList?.contains('jp-OutputArea-output')) el = el.parentNode ?? el.host;
  return !!el && view.el.getBoundingClientRect().height > 0;
})"""
# Settings of the user the server runs for: no news feed, no update check (both would ask a website)
USER_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                 {"fetchNews": "false", "checkForUpdates": False}}


def one_cell_notebook(cell: str) -> str:
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "readme-line", "metadata": {},
                   "outputs": [], "source": cell}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    })


def stop(process: subprocess.Popen) -> None:
    """The server and every process it started, kernels too (each kernel has a process group of its own)."""
    try:
        started = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        started = []
    os.killpg(process.pid, signal.SIGTERM)  # the server shuts its kernels down
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    for child in started:
        for kill in (lambda: os.killpg(child.pid, signal.SIGKILL), child.kill):
            try:
                kill()
            except (ProcessLookupError, psutil.NoSuchProcess, PermissionError):
                pass
    psutil.wait_procs(started, timeout=20)


def jupyter_lab(folder: Path, port: int) -> subprocess.Popen:
    """`jupyter lab` serving `folder` on 127.0.0.1:port, with no token and nothing that phones home;
    its kernels import `app` from this checkout (PYTHONPATH), as the README's "from the project folder"."""
    home = folder / "home"  # the server's own config, data, runtime and settings: none of this user's
    for name, settings in USER_SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(settings))
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), IPYTHONDIR=str(home / "ipython"),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--ServerApp.root_dir={folder}",
         "--IdentityProvider.token=", "--ServerApp.password=",
         "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False",
         "--LabApp.expose_app_in_browser=True"],  # window.jupyterapp: whether the kernel is ready
        cwd=folder, env=env, stdout=(folder / "jupyterlab.log").open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab serving a notebook whose one cell is the README's line; its URL."""
    (tmp_path / NOTEBOOK).write_text(one_cell_notebook(readme_notebook_line()))
    port = free_port()
    process = jupyter_lab(tmp_path, port)
    try:
        try:
            wait_for_http(f"http://127.0.0.1:{port}/api/status", timeout=START_S)
        except TimeoutError:
            raise TimeoutError((tmp_path / "jupyterlab.log").read_text()[-3000:]) from None
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture
def lab_page(browser, jupyterlab):
    """A page in which every request, web socket too, to an origin other than the server's is
    refused and kept in `page.refused`; with no service worker, which requests could bypass."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, service_workers="block")
    page = context.new_page()
    page.refused, page.errors, page.console_errors, page.failed = [], [], [], []
    origin = re.escape(jupyterlab.removeprefix("http://"))

    def refuse(route):
        page.refused.append(route.request.url)
        route.abort()

    def refuse_socket(socket):
        page.refused.append(socket.url)
        socket.close()

    context.route(re.compile(rf"^(?!https?://{origin}/)"), refuse)
    context.route_web_socket(re.compile(rf"^(?!wss?://{origin}/)"), refuse_socket)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # a console error says only "Failed to load resource"; this names the URL
    page.on("requestfailed", lambda request: page.failed.append(f"{request.url}: {request.failure}"))
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def test_jupyterlab_offline_runs_the_readme_line_and_a_drag_moves_the_diagram(lab_page, jupyterlab):
    page = lab_page
    page.goto(f"{jupyterlab}/lab/tree/{NOTEBOOK}", timeout=START_S * 1000)
    page.wait_for_function(JS_KERNEL_READY, timeout=START_S * 1000)
    page.locator(".jp-Cell .jp-InputArea-editor .cm-content").first.click()
    page.keyboard.press("Shift+Enter")
    try:
        page.wait_for_function(JS_DIAGRAM_SHOWN, timeout=START_S * 1000)
        page.locator(".jp-OutputArea .weight-w0-0-0 .noUi-handle").wait_for(timeout=START_S * 1000)
    except Exception as error:
        output = page.locator(".jp-OutputArea").first.inner_text()[:2000]
        raise AssertionError(f"no lab in the output: {output!r}; errors {page.errors}; refused {page.refused}") from error
    edges = source(page, "edges")
    assert (edges["id"][0], edges["w"][0]) == ("w0.0.0", repr(0.4))  # the lesson's network, w₁ = 0.4

    drag_slider(page, "weight-w0-0-0", 60)
    # the handle is let go: the diagram (the kernel's answer) shows the slider's value, less its float
    # noise, in its data and in the edge's label (each may come in a message of its own: read both)
    dragged = float(f"{page.evaluate(JS_SLIDER_VALUE, 'weight-w0-0-0'):.12g}")
    assert dragged > 0.4

    def diagram_shows_the_dragged_weight():
        edges, labels = source(page, "edges"), source(page, "edge_labels")
        label = labels["text"][labels["id"].index("w0.0.0")] if "w0.0.0" in labels["id"] else None
        return edges["w"][0] == repr(dragged) and label == f"{edges['name'][0]} = {plain(dragged)}"

    try:
        wait_for(diagram_shows_the_dragged_weight, timeout=60)
    except TimeoutError:
        raise AssertionError(f"dragged to {dragged}; the diagram shows {source(page, 'edges')['w'][0]}, "
                             f"labels {source(page, 'edge_labels')['text']}") from None
    assert page.errors == [] and page.console_errors == [], (page.errors, page.console_errors, page.failed)
    assert page.refused == []
