"""The static page's baked steps (app/baked.py): what it replays before Python has started."""
from __future__ import annotations

import gzip
import json
import re

import pytest
from panel.io.state import set_curdoc

from app import baked, labels
from app.page_snapshot import model_keys, snapshot
from app.lesson import PAGES, open_page
from core import PRESETS


@pytest.fixture(scope="module")
def bake():
    return baked.bake()


def plain(value):
    """Bokeh's encoding with maps as dicts, so that column order does not count."""
    if isinstance(value, dict):
        if value.get("type") == "map":
            return {k: plain(v) for k, v in value["entries"]}
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def assert_shown(shown: dict, want: dict, waiting: list, where) -> None:
    """Every baked property as the page shows it; a model the page has not (a slider this
    network has not) only inside a layout that waits for Python."""
    for key, props in want.items():
        if key not in shown:
            assert waiting, (where, key)
            continue
        for prop, value in props.items():
            assert plain(shown[key][prop]) == plain(value), (where, key, prop)


def test_every_preset_is_baked_at_every_step_of_its_walk(bake):
    assert set(bake["presets"]) == set(PRESETS)
    doc, lab = baked.build_page()
    with set_curdoc(doc):
        for name, p in bake["presets"].items():
            lab.state.load_preset(name)
            assert p["steps"] == len(lab.state.steps)
            assert len(p["next"]) == p["steps"]


def test_the_baked_state_is_what_the_page_shows_when_its_own_buttons_are_pressed(bake):
    """Not the bake's own path (a link): the preset picked in its selector, then Next, Next, ..."""
    with baked.as_in_the_site():
        doc, lab = baked.build_page()
    controls = lab.network
    with set_curdoc(doc), baked.as_in_the_site():
        for name, p in bake["presets"].items():
            controls.preset.value = name
            if name == "worked_example":  # already shown: the selector did not change
                lab.stepper.buttons["first"].clicks += 1
            for step in range(p["steps"] + 1):
                if step:
                    lab.stepper.buttons["next"].clicks += 1
                assert lab.state.step == step
                shown = snapshot(doc)
                want = baked.state_at(bake, name, step)
                assert_shown(shown, want, p["waiting"], (name, step))


# the plot of a 430-px phone, a 412-px one's, a 390-px one's, a 360-px one's, a 320-px one's;
# with the sidebar beside it, of an 875-px window, an 852-px phone on its side, an 834-px tablet
# upright, an 824-px window
@pytest.mark.parametrize("drawn", [412, 394, 372, 342, 300, 545, 522, 504, 494])
def test_on_a_phone_the_baked_state_is_what_the_page_shows_with_its_labels_placed_for_its_plot(bake, drawn):
    """The walks baked for a narrow plot: the page told its plot's drawn width (as the static
    page tells Python once it is live), then each preset stepped with its own buttons."""
    width = labels.placement_width(drawn)
    assert width < labels.PLOT_WIDTH_PX and str(int(width)) in bake["narrow"]
    with baked.as_in_the_site():
        doc, lab = baked.build_page()
    with set_curdoc(doc), baked.as_in_the_site():
        lab.diagram._place_for(drawn)
        for name, p in bake["presets"].items():
            lab.network.preset.value = name
            if name == "worked_example":
                lab.stepper.buttons["first"].clicks += 1
            for step in range(p["steps"] + 1):
                if step:
                    lab.stepper.buttons["next"].clicks += 1
                want = baked.state_at(bake, name, step, width=width)
                assert_shown(snapshot(doc), want, p["waiting"], (name, step))
    # and the narrow walk is not the usual one: XOR's labels go under and over its hidden units
    last = bake["presets"]["xor_2_3_1"]["steps"]
    assert baked.state_at(bake, "xor_2_3_1", last, width=width) != baked.state_at(bake, "xor_2_3_1", last)


def test_a_step_changes_the_numbers_the_learner_reads(bake):
    """The replay is not empty: Next on the lesson's example shows h = -0.02 on the diagram and in the formula."""
    before = baked.state_at(bake, "worked_example", 0)
    after = baked.state_at(bake, "worked_example", 1)
    assert "-0.02" in after["class:step-numbers"]["text"]
    assert "-0.02" not in before["class:step-numbers"]["text"]
    assert plain(before["name:nodes"]["data"]) != plain(after["name:nodes"]["data"])
    last = baked.state_at(bake, "worked_example", 10)
    assert "Step 10 of 10" in last["class:step-progress"]["text"]
    assert last["class:step-next"]["disabled"] is True


def test_models_are_found_by_keys_that_do_not_depend_on_the_process(bake):
    """A second page made in this process has other ids and other counter names; the keys are the same."""
    doc, _ = baked.build_page()
    keys = model_keys(doc)
    assert set(bake["base"]) <= set(keys.values())
    assert len(set(keys.values())) == len(keys)
    assert not any(re.search(r"\d{5}", key) for key in bake["base"])  # no counter-made name
    for p in bake["presets"].values():
        assert set(p["waiting"]) <= set(keys.values())


def test_a_preset_with_other_sliders_says_they_wait_for_python(bake):
    assert bake["presets"]["worked_example"]["waiting"] == []
    assert "class:weight-controls" in bake["presets"]["numpy_exercise"]["waiting"]


def test_the_baked_file_stays_small(bake):
    """A few kB per preset and lesson page once gzipped, as the page ships it (the table in
    docs/benchmarks.md): under 4.5 kB a walk, and under 0.6 kB a walk more for each phone's
    width (only the diagram's columns)."""
    def gzipped(data) -> int:
        return len(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), 9))

    walks = len(bake["presets"]) + len(bake["lessons"])
    assert gzipped({k: v for k, v in bake.items() if k != "narrow"}) < 4_500 * walks
    assert bake["narrow"] and all(gzipped(narrow) < 600 * walks for narrow in bake["narrow"].values())


def test_every_lesson_page_is_baked_at_every_step_from_the_step_it_opens_at(bake):
    assert [p["number"] for p in bake["lessons"]] == list(range(1, len(PAGES) + 1))
    doc, lab = baked.build_page()
    with set_curdoc(doc):
        for page, p in zip(PAGES, bake["lessons"]):
            open_page(lab.state, page.number, fresh=True)
            assert (p["preset"], p["start"], p["steps"]) == (page.preset, lab.state.step, len(lab.state.steps))
            assert len(p["next"]) == p["steps"]


def test_the_lesson_as_its_own_buttons_walk_it_is_what_was_baked(bake):
    """Start, then Next page through all ten, each page stepped First to Last: the lesson panel's
    texts, the highlight's halos and the diagram, against the bake's links."""
    with baked.as_in_the_site():
        doc, lab = baked.build_page()
    panel = lab.lesson_panel
    with set_curdoc(doc), baked.as_in_the_site():
        panel.start.clicks += 1
        for number, p in enumerate(bake["lessons"], start=1):
            if number > 1:
                panel.buttons["lesson-next"].clicks += 1
            assert lab.state.lesson == number and lab.state.step == p["start"]
            steps = [p["start"], *range(p["steps"] + 1)]
            for i, step in enumerate(steps):
                if i == 1:
                    lab.stepper.buttons["first"].clicks += 1
                elif i > 1:
                    lab.stepper.buttons["next"].clicks += 1
                assert lab.state.step == step
                shown = snapshot(doc)
                want = baked.state_at(bake, p["preset"], step, number)
                assert_shown(shown, want, p["waiting"], (number, step))


def test_a_lesson_page_shows_its_words_its_numbers_and_its_halos(bake):
    free = baked.state_at(bake, "worked_example", 7)
    page = baked.state_at(bake, "worked_example", 7, 4)
    assert free["class:lesson-page"]["visible"] is False and free["class:lesson-start"]["visible"] is True
    assert page["class:lesson-page"]["visible"] is True and page["class:lesson-start"]["visible"] is False
    assert "page 4 of 10" in page["class:lesson-counter"]["text"]
    assert PAGES[3].title in page["class:lesson-title"]["text"]
    assert "0.00305" in page["class:lesson-text"]["text"]
    assert plain(free["name:halo_points"]["data"]) != plain(page["name:halo_points"]["data"])
    assert page["class:lesson-back"]["disabled"] is False
    assert baked.state_at(bake, "worked_example", 0, 1)["class:lesson-back"]["disabled"] is True
    last = bake["lessons"][-1]
    assert baked.state_at(bake, last["preset"], last["start"], len(PAGES))["class:lesson-next"]["disabled"] is True


def test_a_preset_opened_again_with_sliders_like_the_pages_own_does_not_wait(bake):
    """The lesson's pages on the worked example make new sliders equal to the page's: nothing waits;
    a network of another shape has other sliders, which wait."""
    for p in bake["lessons"]:
        want = bake["presets"][p["preset"]]["waiting"]
        assert p["waiting"] == want, p["number"]
    assert "class:weight-controls" in bake["lessons"][7]["waiting"]  # page 8: the 3-2-1 exercise


def test_a_sample_slider_of_the_same_shape_shows_the_presets_value(bake):
    """XOR has the worked example's two inputs: its x slider is the page's own, set to XOR's x."""
    x = PRESETS["xor_2_3_1"].x
    shown = baked.state_at(bake, "xor_2_3_1", 0)["class:input-x0"]["value"]
    assert shown == pytest.approx(float(x[0]))
    assert "class:sample-controls" not in bake["presets"]["xor_2_3_1"]["waiting"]
