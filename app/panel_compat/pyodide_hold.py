"""Panel in Pyodide: telling Pyodide apart, and Panel's hold there (holoviz/panel#8231)."""
from __future__ import annotations

from contextlib import contextmanager

import panel as pn


def in_pyodide() -> bool:
    """True in the browser (Pyodide).

    Panel knows, through `state._is_pyodide`, and has no public name for it. Without it the
    entries below cannot tell Pyodide's event loop and Panel's Pyodide hold apart from
    `panel serve`'s. Test: tests/app/test_panel_compat.py::test_the_private_names_this_module_reads_exist.
    """
    return bool(pn.state._is_pyodide)


# ---------------------------------------------------------------------------------------------
# Panel's hold in Pyodide
# ---------------------------------------------------------------------------------------------
@contextmanager
def one_message():
    """Send every model change made inside as one message to the page (one paint, not several).

    Under `panel serve` that is Panel's hold. Not in Pyodide: there Panel's hold drops the
    events of a document it does not count as loaded (holoviz/panel#8231, open; fix proposed in
    holoviz/panel#8235), and each change is a cheap postMessage anyway.
    Without it: tests/ui/test_static_site.py::test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values.
    """
    if in_pyodide() or pn.state.curdoc is None:
        yield
        return
    with pn.io.hold():
        yield


@contextmanager
def children_sent():
    """Make sure the page gets the changes made inside: a layout's children, a part shown or hidden.

    Panel holds the document while a layout's children change and, on letting go, sends the
    held events only if it counts the document as loaded, which it never does in Pyodide
    (holoviz/panel#8231, the same cause as above): an opened tab stayed empty. Holding the
    document here first (Bokeh's `callbacks.hold_value` says whether someone already holds it)
    makes Panel's hold part of this one, and this unhold sends them.
    Without it: tests/ui/test_static_site.py::test_a_classroom_link_hides_what_the_teacher_chose_in_the_static_site.
    """
    doc = pn.state.curdoc
    if doc is None or not in_pyodide() or doc.callbacks.hold_value is not None:
        yield  # under panel serve Panel sends them; an outer hold sends them when it ends
        return
    doc.hold("combine")
    try:
        yield
    finally:
        doc.unhold()
