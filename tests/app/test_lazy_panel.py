"""The static site's Panel defers its unused parts (sitebuild/lazy_imports.py), and its Bokeh
defines its models without editor signatures (sitebuild/bokeh_signatures.py). Here the installed
Panel and Bokeh are imported with those files rewritten as the build rewrites them, in a fresh
interpreter: the deferred parts are not imported with Panel, each still answers when asked for,
Bokeh's models have no signatures, and the simulator's page is the same document either way."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild.bokeh_signatures import MODEL, without_signatures
from sitebuild.lazy_imports import LAZY, lazy

ROOT = Path(__file__).resolve().parents[2]

# Imports the installed Panel and Bokeh with every file the build edits (sitebuild/wheels.py's
# EDITS: LAZY's by `lazy`, Bokeh's model.py by `without_signatures`) rewritten as it rewrites
# them (the pyc cache bypassed).
HOOK = r'''
import importlib.machinery, importlib.util, sys
from sitebuild.lazy_imports import LAZY
from sitebuild.wheels import EDITS as BY_PACKAGE

EDITS = {path: edit for files in BY_PACKAGE.values() for path, edit in files.items()}

class Loader(importlib.machinery.SourceFileLoader):
    def path_stats(self, path):
        raise OSError("no cached bytecode: the source is rewritten")
    def get_data(self, path):
        data = super().get_data(path)
        return EDITS[self.wheel_path](self.wheel_path, data.decode()).encode() if path.endswith(".py") else data

class Finder:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        stem = name.replace(".", "/")
        wheel_path = next((p for p in (stem + "/__init__.py", stem + ".py") if p in EDITS), None)
        if wheel_path is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = Loader(name, spec.origin)
        spec.loader.wheel_path = wheel_path
        return spec

if sys.argv[1] == "lazy":
    sys.meta_path.insert(0, Finder)
'''

DEFERRED = r'''
import sys
import panel as pn
deferred = {"panel" + file[len("panel"):-len("/__init__.py")].replace("/", ".") + module
            for file, modules in LAZY.items() for module in modules}
print(json.dumps({"loaded": sorted(m for m in deferred if m in sys.modules), "deferred": sorted(deferred)}))
'''

ASKED = r'''
import panel as pn
from panel.pane import VTK
from panel.widgets import SpeechToText
import panel.widgets.terminal
assert pn.widgets.Terminal is panel.widgets.terminal.Terminal
assert VTK is sys.modules["panel.pane.vtk"].VTK
assert SpeechToText.__module__ == "panel.widgets.speech_to_text"
assert pn.chat.ChatInterface.__name__ == "ChatInterface"
assert pn.pane.ECharts({}).object == {}
try:
    pn.widgets.NoSuchWidget
except AttributeError as e:
    print(json.dumps({"missing": str(e)}))
'''

SIGNATURES = r'''
import inspect
from bokeh.models import Button, ColumnDataSource
print(json.dumps({"parameters": [list(inspect.signature(m.__init__).parameters) for m in (Button, ColumnDataSource)]}))
'''

DOCUMENT = r'''
from bokeh.document import Document
from app.main import create_app
doc = Document()
create_app().server_doc(doc)
print(json.dumps({"doc": doc.to_json(deferred=False)}, default=str))
'''


def run(mode: str, body: str) -> dict:
    out = subprocess.run([sys.executable, "-c", HOOK + "\nimport json, sys\n" + body, mode], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_deferred_parts_are_not_imported_with_panel():
    eager, deferred = run("eager", DEFERRED), run("lazy", DEFERRED)
    assert eager["loaded"] == eager["deferred"] != []  # Panel as installed imports them all
    assert deferred["loaded"] == []


def test_each_deferred_part_answers_when_asked_for():
    assert "has no attribute 'NoSuchWidget'" in run("lazy", ASKED)["missing"]


def normalised(doc: dict) -> tuple[str, set[str]]:
    """The document's roots with what differs from one build to the next left out (ids, Panel's
    counters in names, the order of sets), and the names of its data model definitions."""
    text = json.dumps(doc["roots"], sort_keys=True)
    text = re.sub(r'"id": "[^"]+"', '"id": "ID"', text)
    text = re.sub(r"__ref:[0-9a-f-]+", "__ref:ID", text)
    text = re.sub(r"([A-Za-z_]+)-?\d{5,}", r"\1N", text)
    text = re.sub(r"\b\d{12,}\b", "N", text)  # Python's id() of an object, in Panel's tags
    text = re.sub(r'\["(data_event|dom_event)", "(data_event|dom_event)"\]', '["EVENTS"]', text)
    return text, {d["name"] for d in doc.get("defs", [])}


def test_bokehs_models_are_defined_without_editor_signatures():
    installed, site = run("eager", SIGNATURES)["parameters"], run("lazy", SIGNATURES)["parameters"]
    assert "label" in installed[0] and "data" in installed[1]  # Bokeh as installed: every property
    assert site == [["self", "args", "kwargs"], ["self", "args", "kwargs"]]


def test_a_bokeh_that_builds_its_signatures_otherwise_stops_the_build():
    from sitebuild.paths import BuildError
    with pytest.raises(BuildError, match="a Bokeh other than the pinned one"):
        without_signatures(MODEL, "class Model:\n    pass\n")


def test_the_page_is_the_same_document_with_the_sites_panel_and_bokeh():
    eager, deferred = (normalised(run(mode, DOCUMENT)["doc"]) for mode in ("eager", "lazy"))
    assert deferred[0] == eager[0]
    # only the data models of parts not imported are not defined (Panel's debugger's and
    # text-to-speech's), none the page uses
    assert deferred[1] <= eager[1]


@pytest.mark.parametrize("path", sorted(LAZY))
def test_a_panel_without_the_expected_imports_stops_the_build(path):
    from sitebuild.paths import BuildError
    with pytest.raises(BuildError, match="no single-line import"):
        lazy(path, '"""A Panel whose __init__ is not the pinned one."""\n')


def test_the_wheel_is_rewritten_with_its_edited_files_and_refused_without_them(tmp_path):
    """sitebuild/wheels.py's rewrite_wheel: an edited member is written, and listed in RECORD, as
    edited; a wheel without a member to edit stops the build rather than shipping Panel whole."""
    import base64
    import hashlib
    import zipfile

    from sitebuild.paths import BuildError
    from sitebuild.wheels import rewrite_wheel

    src = tmp_path / "src" / "panel-1.7.5-py3-none-any.whl"
    src.parent.mkdir()
    with zipfile.ZipFile(src, "w") as whl:
        whl.writestr("panel/__init__.py", "x = 1\n")
        whl.writestr("panel-1.7.5.dist-info/METADATA", "Name: panel\n")
        whl.writestr("panel-1.7.5.dist-info/RECORD", "")
    out = rewrite_wheel(src, tmp_path, [], edit={"panel/__init__.py": lambda path, text: text + "y = 2\n"})
    with zipfile.ZipFile(out) as whl:
        assert whl.read("panel/__init__.py") == b"x = 1\ny = 2\n"
        digest = base64.urlsafe_b64encode(hashlib.sha256(b"x = 1\ny = 2\n").digest()).rstrip(b"=").decode()
        assert f"panel/__init__.py,sha256={digest},12" in whl.read("panel-1.7.5.dist-info/RECORD").decode()
    with pytest.raises(BuildError, match="no panel/pane/__init__.py to edit"):
        (tmp_path / "again").mkdir()
        rewrite_wheel(src, tmp_path / "again", [], edit={"panel/pane/__init__.py": lambda path, text: text})
