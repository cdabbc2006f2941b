"""docs/architecture.md's path of a slider's value is the path the code takes.

A drag of w₁ is applied to a Bokeh Document as the page would send it, and every function in
app/ that Panel, param or Bokeh calls on the way (the watchers and callbacks) is recorded in
order: that list must be the one the document prints.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app")
FRAMEWORKS = ("/param/", "/bokeh/", "/panel/")


def documented_path() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(r"<!-- slider-path:.*?-->\n```text\n(.*?)```", text, re.S).group(1)
    return [line.split()[0] for line in block.splitlines() if line.strip()]


def recorded_path(element: str = "w0.0.0", value: float = 0.9) -> tuple[list[str], object]:
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    from app.lab import BackpropLab

    lab = BackpropLab()
    doc = Document()
    fired = []

    def watch(frame, event, arg):
        # Panel asks its style-sheet cache (panel_compat's) for every model it updates: not a watcher
        if (event == "call" and frame.f_code.co_filename.startswith(APP) and frame.f_back is not None
                and not frame.f_code.co_qualname.startswith(("_StyleSheetCaches.", "_InlineStyleSheets."))):
            if any(f in frame.f_back.f_code.co_filename for f in FRAMEWORKS):
                module = ".".join(Path(frame.f_code.co_filename).relative_to(APP).with_suffix("").parts)
                fired.append(f"{module}.{frame.f_code.co_qualname}")

    with set_curdoc(doc):
        root = lab.__panel__().get_root(doc)
        doc.add_root(root)
        css = "weight-" + element.replace(".", "-")
        [model] = [m for m in root.references() if css in getattr(m, "css_classes", [])
                   and type(m).__name__ == "Slider"]
        sys.setprofile(watch)
        try:
            doc.apply_json_patch({"events": [{"kind": "ModelChanged", "model": {"id": model.id},
                                              "attr": "value", "new": value}]}, setter="page")
        finally:
            sys.setprofile(None)
    return fired, lab


def test_the_documented_slider_path_is_the_one_the_code_takes():
    fired, lab = recorded_path()
    assert lab.state.network.weights[0][0, 0] == 0.9  # the drag reached the state
    assert lab.diagram.edges.data["w"][0] == repr(0.9)  # and the diagram
    assert fired == documented_path()
