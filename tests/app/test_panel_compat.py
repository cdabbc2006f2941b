"""app/panel_compat/ and static/panel-compat.js hold every use of a private Panel or Bokeh name.

The scan below finds such uses in the product's code (app/, core/, sitebuild/, build.py and
static/*.js); it must find none outside the two compat files, and it must find each of theirs
(so the scan itself is shown to work). Tests are not scanned: they may observe framework state.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import bokeh
import panel as pn
import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPAT = ROOT / "app" / "panel_compat"
COMPAT_JS = ROOT / "static" / "panel-compat.js"
FRAMEWORKS = ("panel", "bokeh", "pyviz_comms")
# Not underscored, but undocumented internals all the same.
UNDOCUMENTED = {"hold_value"}
# Underscored, but Panel's documented way to write a custom component (JSComponent, ReactiveHTML).
DOCUMENTED = {"_esm", "_bundle", "_importmap", "_stylesheets", "_template", "_child_config"}
JS_PATCHED = re.compile(r"\.(apply_json_patch)\s*=")  # replacing a BokehJS document method
JS_PRIVATE = re.compile(r"(?:import\s+|\.)(_[a-z][A-Za-z0-9_]*)")


def python_files() -> list[Path]:
    files = [ROOT / "build.py", *sorted((ROOT / "sitebuild").glob("*.py"))]
    for package in ("app", "core"):
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def in_compat(path: Path) -> bool:
    return path.is_relative_to(COMPAT)


def compat_files() -> list[Path]:
    return sorted(COMPAT.glob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def own_names(files: list[Path]) -> set[str]:
    """Underscored names the project defines itself (functions, attributes, class members)."""
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                  and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return {n for n in names if n.startswith("_")}


def private_uses(path: Path, own: set[str]) -> set[str]:
    """Private framework names `path` uses: imported, read off an object, asked for by string,
    or overridden in a subclass of a Panel/Bokeh class."""
    found = set()
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FRAMEWORKS:
            found |= {a.name for a in node.names if a.name.startswith("_")}
        elif isinstance(node, ast.Attribute):
            if node.attr in UNDOCUMENTED or (node.attr.startswith("_") and not node.attr.startswith("__")
                                             and node.attr not in own):
                found.add(node.attr)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "hasattr", "setattr") and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
              and node.args[1].value.startswith("_") and node.args[1].value not in own):
            found.add(node.args[1].value)
    if path.is_relative_to(ROOT / "app"):
        source = path.read_text()  # param's metaclass adds members no source wrote
        module = importlib.import_module(module_name(path))
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in FRAMEWORKS]
            for name in vars(cls):
                if (name.startswith("_") and not name.startswith("__") and name not in DOCUMENTED and re.search(rf"\b{name}\b", source)
                        and any(hasattr(b, name) for b in bases)):
                    found.add(name)
    return found


def js_private_uses(path: Path) -> set[str]:
    text = path.read_text()
    return set(JS_PATCHED.findall(text)) | set(JS_PRIVATE.findall(text))


def test_no_private_panel_or_bokeh_name_is_used_outside_the_compat_modules():
    files = python_files()
    own = own_names([f for f in files if not in_compat(f)])
    outside = {str(f.relative_to(ROOT)): private_uses(f, own) for f in files if not in_compat(f)}
    outside |= {str(f.relative_to(ROOT)): js_private_uses(f) for f in sorted((ROOT / "static").glob("*.js"))
                if f != COMPAT_JS}
    assert {f: names for f, names in outside.items() if names} == {}


def test_the_scan_finds_every_private_name_the_compat_modules_use():
    own = own_names(python_files())  # the compat module's own names included
    assert set().union(*(private_uses(f, own) for f in compat_files())) == {
        "_is_pyodide", "hold_value", "_subscribed_connections", "_socket", "_debounce", "_busy__ignore",
        "_get_model", "_process_close", "_names", "_convert_json_patch", "_stylesheets",
        "_priority_changes", "_new_models", "_link_docs_worker", "_process_document_events", "_handle_msg",
        "_update", "_get_properties"}
    assert js_private_uses(COMPAT_JS) == {"apply_json_patch", "_applied_stylesheets", "_update_stylesheets",
                                          "_push_changes"}


def test_the_private_bokehjs_methods_the_page_calls_are_in_the_bundle_it_ships():
    """static/panel-compat.js calls a model's _push_changes(changes, sync) (sendDrawnSizes): a
    BokehJS release without it fails here, not on a phone, where the labels would overlap again."""
    from bokeh.util.paths import bokehjs_path

    bundle = (Path(bokehjs_path()) / "js" / "bokeh.min.js").read_text(encoding="utf-8")
    assert "_push_changes(t,e){if(!this.is_syncable)return" in bundle


def test_the_versions_are_the_ones_the_workarounds_were_checked_against():
    """An upgrade fails here first: re-check each entry of app/panel_compat/, then bump."""
    from app.panel_compat import VERIFIED_WITH
    from sitebuild.pins import BOKEH_VERSION, PANEL_VERSION, PYODIDE_VERSION

    assert (pn.__version__, bokeh.__version__) == (VERIFIED_WITH["panel"], VERIFIED_WITH["bokeh"])
    assert (PANEL_VERSION, BOKEH_VERSION, PYODIDE_VERSION) == (
        VERIFIED_WITH["panel"], VERIFIED_WITH["bokeh"], VERIFIED_WITH["pyodide"])


def test_the_private_names_this_module_reads_exist():
    """A Panel or Bokeh release that renames one fails here, not in a learner's browser."""
    from bokeh.document import Document
    from bokeh.server.connection import ServerConnection
    from bokeh.server.session import ServerSession

    assert isinstance(pn.state._is_pyodide, bool)
    assert Document().callbacks.hold_value is None
    session = ServerSession("id", Document())
    assert session._subscribed_connections == set()
    connection = ServerConnection(protocol=None, socket="the socket", application_context=None, session=session)
    assert connection._socket == "the socket"
    slider = pn.widgets.FloatSlider
    assert slider._debounce == 50 and "value" not in slider._busy__ignore and callable(slider._get_model)
    assert callable(pn.Tabs._process_close) and pn.Tabs(("a", "x"))._names == ["a"]
    assert Document().models._new_models == set()
    from panel.pane.markup import HTMLBasePane
    assert callable(HTMLBasePane._update.panels_own) and callable(pn.pane.Markdown._get_properties)
    from pyviz_comms import Comm, JupyterCommJS
    assert callable(Comm._handle_msg) and "_handle_msg" not in vars(JupyterCommJS)
    # panel.io.pyodide imports Pyodide's `js` module, so it is read rather than imported here
    assert "\ndef _convert_json_patch(" in (Path(pn.__file__).parent / "io" / "pyodide.py").read_text()


def _held_tab_change(tabs_class):
    from bokeh.document import Document

    doc = Document()
    tabs = tabs_class(("a", pn.pane.Markdown("a")), ("b", pn.pane.Markdown("b")), ("c", pn.pane.Markdown("c")))
    model = tabs.get_root(doc)
    doc.add_root(model)
    sent = []
    doc.on_change(lambda event: sent.append(getattr(event, "attr", None)))
    doc.hold("combine")
    tabs[:] = [("a", tabs.objects[0]), ("c", tabs.objects[2])]
    try:
        doc.unhold()
    except IndexError:
        return "IndexError"
    return sent, [t.title for t in model.tabs]


def test_panel_tabs_still_fail_a_held_change_without_the_fix():
    """When this fails, Panel's own Tabs send a held change: LabTabs can go."""
    from app.panel_compat import LabTabs

    assert _held_tab_change(LabTabs) == (["tabs"], ["a", "c"])
    assert _held_tab_change(pn.Tabs) != (["tabs"], ["a", "c"])


@pytest.mark.parametrize("name", ["one_message", "children_sent"])
def test_outside_pyodide_the_hold_workarounds_leave_panel_serve_to_panel(name):
    """Under panel serve (no Pyodide) children_sent holds nothing and one_message is Panel's hold."""
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    import app.panel_compat as compat

    doc = Document()
    with set_curdoc(doc), getattr(compat, name)():
        held = doc.callbacks.hold_value
    assert held == ("combine" if name == "one_message" else None)


def _click_just_after_typing(box_class) -> list:
    """What a button's callback reads of `box_class`'s text when, under a served session, the
    click arrives just after the typing (both as Bokeh applies the page's messages)."""
    import asyncio
    from types import SimpleNamespace

    from bokeh.document import Document
    from bokeh.events import ButtonClick

    async def race():
        loop = asyncio.get_running_loop()
        doc = Document()
        # a served document's scheduling, as Bokeh's server session does it on its event loop
        doc._session_context = lambda: SimpleNamespace(request=SimpleNamespace(arguments={}, cookies={}, headers={}))
        doc.add_next_tick_callback = lambda cb: loop.call_soon(lambda: loop.create_task(cb()))
        doc.add_timeout_callback = lambda cb, ms: loop.call_later(ms / 1000, lambda: loop.create_task(cb()))
        box, check = box_class(name="your prediction"), pn.widgets.Button(name="Check")
        read = []
        check.on_click(lambda event: read.append((box.value_input, box.value)))
        box_model, check_model = pn.Row(box, check).get_root(doc).children
        box_model.set_from_json("value_input", "0.00305")  # typed (the input event)
        box_model.set_from_json("value", "0.00305")  # the box left (the change event)
        check_model._trigger_event(ButtonClick(check_model))  # and the click
        for _ in range(100):  # until the click has been handled (Panel's own delay is 50 ms)
            if read:
                break
            await asyncio.sleep(0.01)
        return read

    return asyncio.run(race())


@pytest.mark.parametrize("name", ["TextBox", "TextArea"])
def test_a_click_just_after_typing_reads_what_was_typed(name):
    import app.panel_compat as compat

    assert _click_just_after_typing(getattr(compat, name)) == [("0.00305", "0.00305")]


def test_panel_text_inputs_still_lose_a_click_race():
    """When this fails, Panel keeps typing and clicks in order itself: TextBox and TextArea can go."""
    assert _click_just_after_typing(pn.widgets.TextInput) == [("", "")]


def test_the_app_types_only_into_boxes_that_keep_their_order():
    """A plain TextInput or TextAreaInput anywhere in the app would bring the race back."""
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "app").glob("*.py")
                 if re.search(r"widgets\.(TextInput|TextAreaInput)\(", path.read_text())]
    assert offenders == []


def test_bokeh_still_counts_every_model_known_to_the_page_after_applying_its_patch():
    """When this fails, Bokeh keeps an unsent model unsent: worker_handlers' apply can stop restoring them."""
    from bokeh.document import Document
    from bokeh.models import Div

    doc = Document()
    shown = Div(text="on the page")
    doc.add_root(shown)
    doc.models.flush_synced()  # the page has it
    waiting = Div(text="made while the document was held")
    doc.add_root(waiting)
    assert waiting in doc.models._new_models
    doc.apply_json_patch({"events": [{"kind": "ModelChanged", "model": {"id": shown.id}, "attr": "text",
                                      "new": "typed in the page"}]}, setter="js")
    assert shown.text == "typed in the page"
    assert waiting not in doc.models._new_models  # counted as on the page, though it was never sent


def test_every_change_of_a_layouts_children_in_the_app_is_sent_in_pyodide():
    """A layout's children set outside `children_sent()` never reach the static site's page
    (holoviz/panel#8231): the sidebar kept the old network's sample sliders."""
    unsent = []
    for path in sorted((ROOT / "app").glob("*.py")):
        lines = path.read_text().splitlines()
        for n, line in enumerate(lines):
            if not re.search(r"(\.objects|\[:\])\s*=(?!=)", line):
                continue
            indent = len(line) - len(line.lstrip())
            # inside a `with children_sent():` block: a line above it, less indented, opens one
            opened = [above for above in lines[max(0, n - 10):n]
                      if "with children_sent()" in above and len(above) - len(above.lstrip()) < indent]
            if not opened:
                unsent.append(f"{path.relative_to(ROOT)}:{n + 1}: {line.strip()}")
    assert unsent == []


def test_a_notebooks_inline_style_sheet_is_not_replaced_by_its_cdn_url():
    """Panel's Reactive._get_properties, on an inline sheet's AttributeError (it reads `.url`),
    caches the CDN's ImportedStyleSheet in its place; offline, JupyterLab then asked
    cdn.holoviz.org for loading.css after a drag. The notebook's cache keeps the inline copy."""
    from bokeh.models import ImportedStyleSheet, InlineStyleSheet
    from panel.io.resources import CDN_DIST

    from app.panel_compat.notebook import _InlineStyleSheets

    cache = _InlineStyleSheets()
    url = CDN_DIST + "css/loading.css"
    sheet = cache[url]
    assert isinstance(sheet, InlineStyleSheet) and "pn-loading" in sheet.css
    cache[url] = ImportedStyleSheet(url=url)
    assert cache[url] is sheet


def test_importing_the_app_makes_a_notebooks_style_sheet_caches_inline():
    """The caches are replaced when the app is imported (the README's notebook line imports it
    before `pn.extension`): without that, JupyterLab offline asked cdn.holoviz.org for
    loading.css and the theme's sheets after a drag."""
    from panel.io.state import state

    import app.lab  # noqa: F401
    from app.panel_compat.notebook import _InlineStyleSheets, _StyleSheetCaches

    assert isinstance(state._stylesheets, _StyleSheetCaches)

    class NotebookDocument:  # a notebook's document: no session context
        session_context = None

    doc = NotebookDocument()
    with pn.config.set(inline=True):
        assert isinstance(state._stylesheets[doc], _InlineStyleSheets)


def test_a_comm_message_from_a_subshell_thread_is_handled_on_the_main_thread(monkeypatch):
    """JupyterLab 4.4+ sends the page's comm messages to ipykernel 7's subshells, each a thread
    of its own; Panel and Bokeh are written for one thread (two writers interleaved a Bokeh
    message's parts: "s is not iterable" in the page). Each message goes to the kernel's main
    loop, in the order it came."""
    import threading
    import types

    import IPython
    from pyviz_comms import Comm
    from tornado.ioloop import IOLoop

    import app.panel_compat  # noqa: F401  (installs the hand-over)

    kernel_loop = IOLoop(make_current=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=types.SimpleNamespace(io_loop=kernel_loop)))
    handled = []
    comm = Comm(on_msg=lambda msg: handled.append((msg["n"], threading.current_thread())))
    subshell = threading.Thread(target=lambda: [comm._handle_msg({"n": n}) for n in range(3)])
    subshell.start()
    subshell.join()
    kernel_loop.add_callback(kernel_loop.stop)
    kernel_loop.start()
    kernel_loop.close()
    assert handled == [(n, threading.main_thread()) for n in range(3)]


def test_a_comm_message_on_the_main_thread_or_outside_a_kernel_is_handled_at_once():
    import threading

    from pyviz_comms import Comm

    import app.panel_compat  # noqa: F401

    handled = []
    comm = Comm(on_msg=lambda msg: handled.append(msg["n"]))
    comm._handle_msg({"n": 0})  # here: the main thread, no kernel
    subshell = threading.Thread(target=comm._handle_msg, args=({"n": 1},))  # no kernel: no loop to hand it to
    subshell.start()
    subshell.join()
    assert handled == [0, 1]


def _sheets_before_and_after_a_text_change():
    """A Markdown pane in the Bootstrap template, as the app draws its panes: the names of its
    style sheets as drawn, and after its text has changed."""
    from bokeh.document import Document

    pane = pn.pane.Markdown("Epoch 1")
    pn.template.BootstrapTemplate(main=[pn.Column(pane)]).server_doc(Document())
    model = next(iter(pane._models.values()))[0]
    names = lambda: [getattr(sheet, "url", "inline").split("/")[-1] for sheet in model.stylesheets]  # noqa: E731
    before = names()
    pane.object = "Epoch 2"
    assert "Epoch 2" in model.text
    return before, names()


def test_a_markdown_text_change_keeps_the_panes_style_sheets():
    """The first change of a pane's text sent Bootstrap's whole sheet into it (a 0.4 s freeze at
    the training lab's first Play); now the text goes alone."""
    import app.panel_compat  # noqa: F401

    before, after = _sheets_before_and_after_a_text_change()
    assert "bootstrap.min.css" not in before
    assert after == before


def test_panel_markdown_still_sends_new_style_sheets_with_its_text(monkeypatch):
    """Fails once Panel's own update keeps a drawn pane's style sheets: then drop
    app/panel_compat/markup.py."""
    import app.panel_compat  # noqa: F401
    from panel.pane.markup import HTMLBasePane

    monkeypatch.setattr(HTMLBasePane, "_update", HTMLBasePane._update.panels_own)
    before, after = _sheets_before_and_after_a_text_change()
    assert "bootstrap.min.css" not in before and "bootstrap.min.css" in after
