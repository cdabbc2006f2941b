"""Training from a shared link, opening links and JSON files, and refusing bad ones, under `panel serve`.

What the page shows is compared with the same steps run in this process: the same link gives
the same data, the same shuffles and so the same loss curve and heatmap, to the last bit.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pytest

from app import share
from app.picture import hover_text
from app.state import LabState
from app.training import TrainingState

from .browser import source, wait_for, wait_until_ready

pytestmark = pytest.mark.ui

LESSON_WEIGHTS = [repr(0.4), repr(-0.2), repr(0.1)]  # the default network: the lesson's 2-1-1

JS_IMAGE = """name => {
  for (const doc of Bokeh.documents) {
    const model = doc.get_model_by_name(name);
    if (model) {
      const data = model.data.get ? Object.fromEntries(model.data.entries()) : model.data;
      return Array.from(data.image[0]);
    }
  }
  return null;
}"""
JS_SEARCH = "() => window.location.search"


def image(page, name: str = "heatmap") -> list[float]:
    """The first image of the source `name` as the browser holds it, flattened."""
    return page.evaluate(JS_IMAGE, name)


def paused_state(page, query: dict, timeout: float = 30, rel: float = 1e-12):
    """(the page's loss curve, this process's training to the same epoch) once the page's curve
    and output heatmap both show the epoch training paused at.

    The heatmap is sent every frame and the curve at most ten times a second (app/training_view.py),
    so just after Pause the curve may still lack the last epochs: under load its final redraw came
    more than a second after the heatmap. Play runs one epoch per frame, so this process trains
    epoch by epoch until its heatmap is the page's, and waits until the curve has got there too.
    """
    _, training = opened(query)
    found = {}

    def agree() -> bool:
        curve = source(page, "loss_curve")
        shown = image(page)
        while training.epoch < curve["epoch"][-1]:
            assert training.one_epoch()
        if training.epoch == curve["epoch"][-1] and shown == pytest.approx(training.heatmap.ravel().tolist(), rel=rel):
            found["curve"] = curve
            return True
        return False

    wait_for(agree, timeout=timeout)
    return found["curve"], training


def open_app(page, url: str, query: dict | None = None) -> None:
    page.goto(url + ("?" + urlencode(query) if query else ""))
    wait_until_ready(page)


# true once the tab `title` is open and holds its view, not the placeholder a lazy tab starts as
JS_TAB_SHOWN = """title => {
  for (const doc of Bokeh.documents)
    for (const m of doc.all_models)
      if (m.css_classes && m.css_classes.includes('lab-tabs') && m.tabs) {
        const panel = m.tabs[m.active];
        if (!panel || panel.title !== title) return false;
        const children = panel.child.children || [];
        return !(children.length === 1 && children[0].css_classes.includes('lab-loading'));
      }
  return false;
}"""


def show_tab(page, title: str) -> None:
    """Open a tab and wait for its view (a tab's view is made the first time it is opened)."""
    page.locator(".bk-tab", has_text=title).first.click()
    page.wait_for_function(JS_TAB_SHOWN, arg=title, timeout=60_000)


def message(page) -> str:
    """The text of the message at the top, as shown ('' while it is hidden)."""
    alert = page.locator(".lab-message")
    # the text lives in a div of the pane's shadow root, among its stylesheets
    js = "el => [...el.shadowRoot.children].filter(c => c.tagName === 'DIV').map(c => c.innerText).join('\\n')"
    return alert.evaluate(js) if alert.is_visible() else ""


def assert_clean(page) -> None:
    assert page.console_log.errors == []
    assert page.console_log.external == []


def edge_weights(network) -> list[str]:
    """Every weight as the diagram's `w` column holds it (app/picture.hover_text), in edge order (layer, i, j)."""
    return [hover_text(v) for w in network.weights for v in np.asarray(w).ravel()]


# -- states built in this process, the way a teacher would set them up -------------------------
def xor_link(seed: int = 7) -> dict:
    """A link to a 2-8-8-1 tanh network with biases on XOR, weights drawn from `seed`."""
    lab = LabState(seed=seed)
    lab.param.update(biases=True, activation="tanh", output_activation="sigmoid")
    lab.architecture = "2-8-8-1"
    training = TrainingState(lab=lab)
    training.dataset = "xor"
    return share.to_query(share.snapshot(lab, training))


def opened(query: dict) -> tuple[LabState, TrainingState]:
    """What a new session holds after opening this link (the order BackpropLab uses)."""
    lab = LabState()
    training = TrainingState(lab=lab)
    share.apply(lab, training, share.from_query(query))
    return lab, training


def train_alongside(page, training: TrainingState, epochs: int, rel: float) -> dict:
    """Press One epoch `epochs` times while `training` (the same link, in this process) trains the
    same epochs; the page's loss curve falls and equals this process's to `rel`. Returns it."""
    for n in range(1, epochs + 1):
        page.locator(".train-epoch button").click()
        wait_for(lambda: len(source(page, "loss_curve")["epoch"]) == n + 1, timeout=60)
        assert training.one_epoch()
        training.pause()
    curve = source(page, "loss_curve")
    assert curve["train"][-1] < curve["train"][0]
    assert curve["train"] == pytest.approx(training.history["train"], rel=rel)
    return curve


def exercise_snapshot() -> dict:
    """The NumPy exercise (3-2-1) with changed weights, a new sample and the walk-through at step 6."""
    lab = LabState(preset="numpy_exercise")
    for element, value in (("w0.0.1", -0.6180339887498949), ("w0.2.0", 0.3141592653589793),
                           ("w1.1.0", 1.2345678901234567)):
        assert lab.set_weight(element, value)
    assert lab.set_input(1, 0.25)
    lab.step = 6
    return share.snapshot(lab)


# -- (a) train XOR from a link ----------------------------------------------------------------------
def test_training_xor_from_a_seeded_link_lowers_the_loss_and_redraws_the_heatmap(page, served_app):
    query = xor_link()
    open_app(page, served_app, query)
    assert message(page) == ""
    show_tab(page, "Training")
    lab, training = opened(query)
    before = image(page)
    assert before == pytest.approx(training.heatmap.ravel().tolist(), rel=1e-12)
    assert source(page, "loss_curve")["epoch"] == [0]

    for n in range(1, 4):
        page.locator(".train-epoch button").click()
        wait_for(lambda: len(source(page, "loss_curve")["epoch"]) == n + 1)
        assert training.one_epoch()
        training.pause()

    curve = source(page, "loss_curve")
    assert curve["epoch"] == [0, 1, 2, 3]
    assert curve["train"][-1] < curve["train"][0]
    assert all(later < earlier for earlier, later in zip(curve["train"], curve["train"][1:]))
    # the same link trains the same way here: same data, same shuffles, same numbers
    assert curve["train"] == pytest.approx(training.history["train"], rel=1e-12)
    assert curve["test"] == pytest.approx(training.history["test"], rel=1e-12)
    # the heatmap of each epoch arrives after that epoch's loss point: wait for the last one's
    wait_for(lambda: image(page) == pytest.approx(training.heatmap.ravel().tolist(), rel=1e-12))
    after = image(page)
    assert max(abs(a - b) for a, b in zip(after, before)) > 1e-3
    assert_clean(page)


def test_play_then_pause_trains_and_hands_the_batch_to_the_step_through(page, served_app):
    query = xor_link(seed=11)
    open_app(page, served_app, query)
    show_tab(page, "Training")
    before = image(page)
    page.locator(".train-play button").click()
    wait_for(lambda: len(source(page, "loss_curve")["epoch"]) >= 6, timeout=30)
    page.locator(".train-play button").click()  # Pause
    page.locator(".train-play button", has_text="Play").wait_for(timeout=10000)
    curve, training = paused_state(page, query)
    epochs = curve["epoch"][-1]
    assert epochs >= 5
    assert curve["epoch"] == list(range(epochs + 1))
    assert curve["train"][-1] < curve["train"][0]
    assert curve["train"] == pytest.approx(training.history["train"], rel=1e-12)
    assert image(page) == pytest.approx(training.heatmap.ravel().tolist(), rel=1e-12)
    assert image(page) != before
    # Pause put the trained network on the diagram, at step 0 of its walk-through
    wait_for(lambda: source(page, "edges")["w"] == edge_weights(training.network))
    show_tab(page, "Step through")
    # the stepper's own progress line (the screen reader's live region says it too)
    page.locator("strong", has_text=re.compile(r"^Step 0 of \d+$")).wait_for(timeout=10000)
    assert_clean(page)


# -- (b) open a shared link and check every weight --------------------------------------------------
def test_a_shared_link_reopens_every_weight_and_the_step(page, served_app):
    snap = exercise_snapshot()
    lab, _ = opened(share.to_query(snap))
    open_app(page, served_app, share.to_query(snap))
    assert message(page) == ""
    edges = source(page, "edges")
    assert edges["w"] == edge_weights(lab.network)
    assert edges["w"] == [hover_text(v) for w in snap["network"]["weights"] for row in w for v in row]
    assert "-0.61803398875" in edges["w"] and "1.23456789012" in edges["w"]  # the hover's 12 digits
    assert len(lab.steps) > 6
    page.get_by_text(f"Step 6 of {len(lab.steps)}", exact=True).wait_for(timeout=10000)
    # and the page's own address still holds that state, every digit of every weight
    address = dict(parse_qsl(page.evaluate(JS_SEARCH).lstrip("?"), keep_blank_values=True))  # b= : no biases
    assert {"-0.6180339887498949", "1.2345678901234567"} <= set(address["w"].split(","))
    assert {key: address.get(key) for key in share.to_query(snap)} == share.to_query(snap)
    assert_clean(page)


def test_a_classroom_link_hides_the_groups_and_tabs_the_teacher_ticked(page, served_app):
    snap = {**exercise_snapshot(), "hide": ["weights", "gradcheck", "share"]}
    lab, _ = opened(share.to_query(snap))
    open_app(page, served_app, share.to_query(snap))
    wait_for(lambda: source(page, "edges")["w"] == edge_weights(lab.network))
    assert page.locator(".bk-tab").all_inner_texts() == ["Step through", "Training", "Vanishing gradients", "Practice"]
    assert page.locator("[class*=weight-w] .noUi-handle:visible").count() == 0
    assert page.locator(".eta-slider").is_visible() and page.locator(".architecture-input").is_visible()
    assert_clean(page)


# -- (c) import a JSON file -------------------------------------------------------------------------
def test_importing_a_json_file_sets_every_weight(page, served_app, tmp_path):
    snap = exercise_snapshot()
    saved = tmp_path / "saved.json"
    saved.write_text(share.to_json(snap))
    open_app(page, served_app)
    assert source(page, "edges")["w"] == LESSON_WEIGHTS
    show_tab(page, "Share & save")
    page.set_input_files(".share-import input[type=file]", str(saved))
    expected = [hover_text(v) for w in snap["network"]["weights"] for row in w for v in row]
    wait_for(lambda: source(page, "edges")["w"] == expected)
    lab, _ = opened(share.to_query(snap))
    page.get_by_text(f"Step 6 of {len(lab.steps)}", exact=True).wait_for(timeout=10000)
    assert message(page) == ""
    assert_clean(page)


# -- (d) malformed links -------------------------------------------------------------------------------
LESSON = {"arch": "2-1-1", "w": "0.4,-0.2,0.1"}
MALFORMED = [
    ({**LESSON, "w": "abc,-0.2,0.1"}, "'w' was not used: the weights must be a number such as 0.5 or 1e-3, not “abc”"),
    ({**LESSON, "w": "NaN,-0.2,0.1"}, "'w' was not used: the weights must be a number such as 0.5 or 1e-3, not “NaN”"),
    ({**LESSON, "w": "0.4,-0.2"}, "'w' was not used: the link has 2 weights where 2-1-1 needs 3"),  # truncated
    ({**LESSON, "w": "0.4,-0.2,0.1", "eta": "inf"}, "'eta' was not used: the learning rate η must be a number"),
    ({**LESSON, "arch": "2-99-1"}, "'arch' was not used: each layer needs 1 to 8 units"),
    ({**LESSON, "w": "1_0,-0.2,0.1"}, "not “1_0”"),  # Python's float() would read 10
    ({**LESSON, "act": "<b id=injected>x</b>"}, "not “<b id=injected>x</b>”"),
]


@pytest.mark.parametrize("query,reason", MALFORMED, ids=["abc", "nan", "truncated", "inf-eta", "too-wide",
                                                        "underscore", "html"])
def test_a_malformed_link_names_the_key_it_could_not_use_and_applies_the_rest(page, served_app, query, reason):
    open_app(page, served_app, query)
    wait_for(lambda: message(page).startswith("Part of this link could not be used; the rest is shown."))
    text = message(page)
    assert reason in text
    assert source(page, "edges")["w"] == LESSON_WEIGHTS
    assert page.locator("#injected").count() == 0
    assert_clean(page)


# -- (e) hostile JSON files --------------------------------------------------------------------------
def _hostile_files() -> list[tuple[str, str, str]]:
    base = exercise_snapshot()
    text = share.to_json(base)
    network = base["network"]
    return [
        ("html-number", json.dumps(base | {"learning_rate": "<b id=injected>x</b>"}),
         "the learning rate η must be a number, not the text “<b id=injected>x</b>”"),
        ("html-activation", json.dumps(base | {"network": network | {"activation": ["<b id=injected>x</b>"]}}),
         "not “<b id=injected>x</b>”"),
        ("html-version", json.dumps(base | {"version": '<img id="injected" src=x onerror="window.pwned=1">'}),
         "this file's format version is the text"),
        ("nan", text.replace('"learning_rate": 0.5', '"learning_rate": NaN'), "the file holds NaN"),
        ("infinity", text.replace('"learning_rate": 0.5', '"learning_rate": 1e400'),
         "a number in the file must be a finite number; “1e400” is too large"),
        ("huge-file", json.dumps(base | {"x": [0.0] * 100_000}), "a saved state is at most 200 kB"),
        ("huge-array", json.dumps(base | {"x": [0.0] * 10_000}), "the inputs x must be a list of 3 numbers, not 10000"),
        ("huge-layer", json.dumps(base | {"network": network | {"sizes": [3, 10**9, 1]}}),
         "each layer needs 1 to 8 units"),
        ("wrong-type", json.dumps(base | {"network": "abc"}), "the saved state has no network"),
        ("truncated", text[: len(text) // 2], "the file is not valid JSON"),
    ]


def test_hostile_json_files_give_a_message_change_nothing_and_render_no_html(page, served_app, tmp_path):
    open_app(page, served_app)
    show_tab(page, "Share & save")
    edges, nodes, search = source(page, "edges"), source(page, "nodes"), page.evaluate(JS_SEARCH)
    for name, text, reason in _hostile_files():
        path = tmp_path / f"{name}.json"
        path.write_text(text)
        page.set_input_files(".share-import input[type=file]", str(path))
        try:
            wait_for(lambda: reason in message(page))
        except TimeoutError:
            pytest.fail(f"{name}: expected {reason!r}, the page says {message(page)!r}")
        assert message(page).startswith("that file was not loaded, nothing changed"), name
        assert source(page, "edges") == edges, name
        assert source(page, "nodes") == nodes, name
        assert page.evaluate(JS_SEARCH) == search, name
        # the learner's text is shown as text: no element it describes ever enters the page
        assert page.locator("#injected").count() == 0, name
        assert page.evaluate("() => window.pwned === undefined"), name
    assert_clean(page)
