"""The views, driven through their widgets as a learner would, without a browser."""
import numpy as np
import panel as pn

from app.lab import BackpropLab
from app.stepper import NO_DETAILS
from core import Network, walkthrough
from core.notation import plain


def test_dragging_a_weight_slider_updates_the_diagrams_sources_to_the_cores_values():
    lab = BackpropLab()
    lab.state.last()  # a preset opens at step 0: show every number first
    lab.weights._sliders["w0.1.0"].widget.value = 0.25
    net = Network(weights=[np.array([[0.4], [0.25]]), np.array([[0.1]])])
    fwd, bwd, _ = walkthrough(net, [0.1, 0.3], [1.0], 0.5)
    nodes, edges = lab.diagram.nodes.data, lab.diagram.edges.data
    h, a = fwd.layer_inputs[0][0], fwd.layer_outputs[0][0]
    assert nodes["value_text"][2] == f"h = {plain(h)}\na = {plain(a)}"
    assert nodes["value_text"][3] == f"h = {plain(fwd.layer_inputs[1][0])}\nŷ = {plain(fwd.output[0])}"
    assert nodes["delta_text"][2:] == [f"δ = {plain(bwd.deltas[0][0])}", f"δ = {plain(bwd.deltas[1][0])}"]
    assert nodes["h"][2] == f"{float(h):.12g}"
    assert edges["w"][1] == "0.25"
    assert edges["dw"] == [f"{float(v):.12g}" for v in (bwd.weight_steps[0][0, 0], bwd.weight_steps[0][1, 0], bwd.weight_steps[1][0, 0])]
    assert edges["colour"][1] == "#0072B2"  # positive now


def test_a_drag_step_with_float_noise_is_not_sent_back_to_the_page_rounded():
    """The page's slider adds its steps in floating point (1.8600000000000012); the state keeps
    1.86. When the drag pauses the other sliders catch up with the state: sending 1.86 to the
    dragged one would race the drag going on (in JupyterLab the page echoed it back after a later
    step, and the diagram went back to 1.86)."""
    lab = BackpropLab()
    widget = lab.weights._sliders["w0.0.0"].widget
    sent = []
    widget.param.watch(lambda event: sent.append(event.new), "value")
    widget.value = 1.8600000000000012  # as Panel sets it from the page
    assert lab.state.network.weights[0][0, 0] == 1.86
    assert sent == [1.8600000000000012]
    lab.state.set_weight("w0.0.0", 1.5)  # a real change still moves the handle
    assert widget.value == 1.5


def test_the_stepper_buttons_walk_the_backward_pass_with_its_formulas():
    lab = BackpropLab()
    lab.stepper.buttons["first"].clicks += 1
    assert lab.state.step == 0
    assert lab.stepper.buttons["back"].disabled
    formulas = []
    for _ in range(len(lab.state.steps)):
        lab.stepper.buttons["next"].clicks += 1
        formulas.append(lab.stepper.numbers.object)
    assert lab.stepper.buttons["next"].disabled
    assert r"\delta^{o} = (1 - 0.512) \times 0.512 \times (1 - 0.512) = 0.122" in formulas[5]
    assert r"\delta^{h} = 0.1 \times 0.122 \times 0.495 \times (1 - 0.495) = 0.00305" in formulas[6]
    assert r"\Delta W = 0.5 \times 0.122 \times 0.495 = 0.0302" in formulas[7]
    lab.stepper.buttons["back"].clicks += 1
    assert lab.state.step == len(lab.state.steps) - 1


def test_the_formula_headings_are_hidden_at_step_0_by_a_class_its_stylesheet_hides():
    lab = BackpropLab()
    details = lab.stepper.details
    assert lab.state.step == 0 and NO_DETAILS in details.css_classes
    assert any(f":host(.{NO_DETAILS})" in sheet and "display: none" in sheet for sheet in details.stylesheets)
    lab.stepper.buttons["next"].clicks += 1
    assert NO_DETAILS not in details.css_classes and "step-details" in details.css_classes
    lab.stepper.buttons["first"].clicks += 1
    assert NO_DETAILS in details.css_classes


def test_the_numpy_line_follows_the_step():
    lab = BackpropLab()
    lab.state.step = 7  # δʰ
    assert ("del_err_hidden = np.dot(del_err_output, weights_hidden_output.T) * hidden_layer_output"
            " * (1 - hidden_layer_output)") in lab.stepper.numpy.object
    assert "# (1,) @ (1, 1) -> (1,)" in lab.stepper.numpy.object


def test_apply_button_updates_weights_sliders_and_count():
    lab = BackpropLab()
    expected = lab.state.network.weights[1][0, 0] + lab.state.backward.weight_steps[1][0, 0]
    lab.stepper.apply.clicks += 1
    assert lab.state.updates == 1
    assert lab.weights._sliders["w1.0.0"].widget.value == expected
    assert "Updates applied:** 1" in lab.stepper.status.object


def test_a_big_network_edits_the_clicked_edge_with_one_slider():
    lab = BackpropLab()
    lab.state.architecture = "2-8-8-1"
    assert lab.weights._sliders == {}
    lab.diagram.edges.selected.indices = [5]
    element = lab.diagram.edges.data["id"][5]
    assert lab.state.selected == element
    lab.weights.picked.widget.value = 1.5
    l, i, j = map(int, element[1:].split("."))
    assert lab.state.network.weights[l][i, j] == 1.5
    lab.weights.typed.input.value = "-2.25"
    assert lab.state.network.weights[l][i, j] == -2.25
    assert lab.diagram.edges.data["w"][5] == repr(-2.25)


def test_a_value_from_the_page_is_computed_once_as_bokeh_applies_it():
    import asyncio

    from bokeh.document import Document

    async def drag():  # in an event loop, as under panel serve: the other sliders follow later
        lab = BackpropLab()
        slider = lab.weights._sliders["w0.0.0"].widget
        # under panel serve Panel's own update of `value` comes 3 ms after the page's change;
        # here it is held back altogether, so that only the slider's Bokeh callback can act
        panel_updates = []
        slider._server_change = lambda doc, ref, subpath, attr, old, new: panel_updates.append(new)
        doc = Document()
        model = slider.get_root(doc)  # the slider's Bokeh model, as a page holds it
        calls = []
        set_weight = lab.state.set_weight
        lab.state.set_weight = lambda *args, **kwargs: calls.append(args) or set_weight(*args, **kwargs)
        old = slider.value
        model.set_from_json("value", 0.7)  # as Bokeh applies the page's patch
        assert panel_updates == [0.7]
        assert calls == [("w0.0.0", 0.7)]
        assert lab.state.network.weights[0][0, 0] == 0.7
        assert lab.diagram.nodes.data["value_text"] == lab.state.picture.nodes["value_text"]  # drawn at once
        assert slider.value == old
        slider.value = 0.7  # Panel's own update of that value: not computed again
        assert len(calls) == 1
        # a value the state shows goes to the model without coming back as a change
        lab.state.set_weight("w0.0.0", 0.2)
        assert slider.value == 0.2 and model.value == 0.2
        assert calls == [("w0.0.0", 0.7), ("w0.0.0", 0.2)]
        # where Panel handles the change first (Pyodide, a notebook), the value is computed once
        del slider._server_change
        other = BackpropLab()
        other_slider = other.weights._sliders["w0.0.0"].widget
        other_model = other_slider.get_root(Document())
        other_calls = []
        other_set = other.state.set_weight
        other.state.set_weight = lambda *args, **kwargs: other_calls.append(args) or other_set(*args, **kwargs)
        other_model.set_from_json("value", -0.3)
        assert other_calls == [("w0.0.0", -0.3)] and other.state.network.weights[0][0, 0] == -0.3

    asyncio.run(drag())


def test_a_served_page_gets_its_small_websocket_frames_at_once():
    from types import SimpleNamespace

    from bokeh.document import Document
    from bokeh.server.connection import ServerConnection
    from bokeh.server.contexts import BokehSessionContext
    from bokeh.server.session import ServerSession
    from panel.io.state import set_curdoc

    from app.panel_compat import send_frames_at_once

    class Socket:  # the part of Bokeh's WSHandler (a tornado WebSocketHandler) this uses
        ws_connection = object()  # open
        nodelay = None

        def set_nodelay(self, value):
            self.nodelay = value

    # Bokeh's own session, connection and session context, as panel serve makes them
    doc = Document()
    session = ServerSession("session-id", doc)
    socket, closed = Socket(), Socket()
    closed.ws_connection = None
    for s in (socket, closed):
        ServerConnection(protocol=None, socket=s, application_context=None, session=session)
    context = BokehSessionContext("session-id", None, doc)
    context._set_session(session)
    doc._session_context = lambda: context
    with set_curdoc(doc):
        send_frames_at_once()
    assert socket.nodelay is True
    assert closed.nodelay is None  # a socket already closed is left alone
    with set_curdoc(SimpleNamespace(session_context=None)):
        send_frames_at_once()  # Pyodide, a notebook: no socket, nothing to do


def test_input_and_learning_rate_widgets_drive_the_state():
    lab = BackpropLab()
    lab.sample._sliders[0][2].widget.value = 0.5
    assert lab.state.x[0] == 0.5
    lab.sample.eta_input.input.value = "2.0"
    assert lab.state.learning_rate == 2.0
    assert lab.sample.eta_slider.value == 2.0


def test_messages_show_and_never_render_user_text_as_markup():
    lab = BackpropLab()
    lab.state.architecture = "<b>2</b>-*x*"
    assert lab.alert.visible
    assert "<b>" not in lab.alert.object and "&lt;b&gt;" in lab.alert.object
    # one raw HTML block of escaped text: Markdown reads none of it, so *x* stays as typed
    assert lab.alert.object.startswith('<div class="lab-message-text">') and "*x*" in lab.alert.object
    lab.state.architecture = "2-2-1"
    assert not lab.alert.visible


def test_a_state_of_another_shape_replaces_the_sliders_whatever_the_watcher_order():
    from app import share
    from app.state import LabState

    lab = BackpropLab()
    other = LabState(preset="deep_sigmoid_chain")
    share.apply(lab.state, lab.training, share.snapshot(other))
    assert set(lab.weights._sliders) == {f"w{l}.0.0" for l in range(6)}
    assert lab.weights._sliders["w5.0.0"].widget.value == 1.0


def test_a_drag_redraws_the_diagram_at_once_and_the_formula_when_it_pauses():
    import asyncio

    from app.pacing import WAIT_MS

    async def drag():
        lab = BackpropLab()
        lab.state.last()  # a preset opens at step 0: show every number first
        before = lab.stepper.numbers.object
        nodes_before = list(lab.diagram.nodes.data["value_text"])
        for value in (0.5, 0.6, 0.7):
            lab.weights._sliders["w0.0.0"].widget.value = value
            await asyncio.sleep(WAIT_MS / 1000 / 3)
        # the diagram followed every step of the drag, the formula pane waits
        assert lab.diagram.nodes.data["value_text"] != nodes_before
        assert lab.stepper.numbers.object == before
        await asyncio.sleep(2 * WAIT_MS / 1000)
        assert lab.stepper.numbers.object == "$$" + lab.state.steps[-1].numbers + "$$"
        assert "0.7" in lab.stepper.numbers.object
        # a button is not a drag: its step is drawn at once
        lab.state.back()
        assert lab.stepper.numbers.object == "$$" + lab.state.steps[-2].numbers + "$$"

    asyncio.run(drag())


def test_a_drag_draws_the_labels_at_once_and_the_hover_values_when_it_pauses():
    import asyncio

    from app.diagram import HOVER_ONLY
    from app.pacing import WAIT_MS

    async def drag():
        lab = BackpropLab()
        lab.state.last()  # a preset opens at step 0: show every number first
        edges, nodes = lab.diagram.edges, lab.diagram.nodes
        def hover():
            return {key: list(source.data[key]) for source in (edges, nodes) for key in HOVER_ONLY if key in source.data}

        hover_before = hover()
        labels_before = list(nodes.data["value_text"])
        lab.weights._sliders["w0.0.0"].widget.value = 0.9
        await asyncio.sleep(WAIT_MS / 1000 / 3)
        # what is drawn follows the drag; the hover tool's text waits, the mouse being on the slider
        assert nodes.data["value_text"] != labels_before
        assert hover() == hover_before
        await asyncio.sleep(2 * WAIT_MS / 1000)
        assert edges.data["w"][0] == repr(0.9)
        assert nodes.data["delta"] == lab.state.picture.nodes["delta"] != hover_before["delta"]
        # a change that is not a drag draws everything at once
        lab.state.set_weight("w0.0.0", -0.5)
        assert edges.data["w"][0] == repr(-0.5)
        assert nodes.data["h"] == lab.state.picture.nodes["h"]

    asyncio.run(drag())


def test_a_tab_is_made_when_first_opened_and_only_the_open_one_keeps_up():
    lab = BackpropLab()
    lab.sidebar()
    lab.main()
    assert all(tab.view is None for tab in lab._lazy.values())  # start-up makes only what is seen

    lab.tabs.active = lab.tabs._names.index("Training")
    assert "lab-loading" not in lab._lazy["Training"].layout.objects[0].css_classes  # the view, not the placeholder
    assert lab.training_view.active
    assert lab._lazy["Vanishing gradients"].view is None

    lab.tabs.active = lab.tabs._names.index("Vanishing gradients")
    assert lab.vanishing.active and not lab.training_view.active
    lab.state.learning_rate = 0.25  # the open view follows the lab
    assert lab.vanishing.source.data["step"] == lab.vanishing._data()["step"]


def test_a_classroom_link_hides_lazy_tabs_and_the_rest_open_by_title():
    lab = BackpropLab()
    lab.share.hidden_on_load = ["training", "gradcheck"]
    lab.sidebar()
    lab.main()
    assert lab.tabs._names == ["Step through", "Vanishing gradients", "Share & save", "Practice"]
    lab.tabs.active = 2
    assert lab._lazy["Share & save"].view is lab.share
    assert lab._lazy["Training"].view is None and lab._lazy["Gradient check"].view is None


def test_a_classroom_link_that_arrives_after_the_first_render_still_hides_what_it_names():
    """The static site hears the page's address only after drawing it: the link hides then."""
    lab = BackpropLab()
    lab.sidebar()
    lab.main()
    assert len(lab.tabs) == 6 and lab._groups["weights"].visible
    lab.share.hidden_on_load = ["weights", "training", "share"]
    assert lab.tabs._names == ["Step through", "Vanishing gradients", "Gradient check", "Practice"]
    assert not lab._groups["weights"].visible and lab._groups["network"].visible
    lab.share.hidden_on_load = []  # a later link that hides nothing shows it all again
    assert lab.tabs._names == ["Step through", "Training", "Vanishing gradients", "Gradient check", "Share & save",
                               "Practice"]
    assert lab._groups["weights"].visible


def test_the_tabs_reach_the_page_when_changed_while_the_document_is_held():
    """In the static site a classroom link is opened before the page is linked to Python, so its
    tab change waits in a held document; sending it must not fail (Panel's Tabs raised IndexError
    there, and Bokeh dropped that change and every held event after it)."""
    from bokeh.document import Document

    from app.lab import LabTabs

    doc = Document()
    tabs = LabTabs(("a", pn.pane.Markdown("a")), ("b", pn.pane.Markdown("b")), ("c", pn.pane.Markdown("c")))
    model = tabs.get_root(doc)
    doc.add_root(model)
    sent = []
    doc.on_change(lambda event: sent.append(getattr(event, "attr", None)))
    doc.hold("combine")
    tabs[:] = [("a", tabs.objects[0]), ("c", tabs.objects[2])]
    doc.unhold()
    assert sent == ["tabs"] and [t.title for t in model.tabs] == ["a", "c"]
