"""The static page's baked steps (app/baked.py): what it replays before Python has started."""
from __future__ import annotations

import gzip
import json
import re

import pytest
from panel.io.state import set_curdoc

from app import baked
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
    keys = baked.model_keys(doc)
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
                shown = baked.snapshot(doc, keys)
                want = baked.state_at(bake, name, step)
                for key, props in want.items():
                    for prop, value in props.items():
                        assert plain(shown[key][prop]) == plain(value), (name, step, key, prop)


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
    keys = baked.model_keys(doc)
    assert set(bake["base"]) <= set(keys.values())
    assert len(set(keys.values())) == len(keys)
    assert not any(re.search(r"\d{5}", key) for key in bake["base"])  # no counter-made name
    for p in bake["presets"].values():
        assert set(p["waiting"]) <= set(keys.values())


def test_a_preset_with_other_sliders_says_they_wait_for_python(bake):
    assert bake["presets"]["worked_example"]["waiting"] == []
    assert "class:weight-controls" in bake["presets"]["numpy_exercise"]["waiting"]


def test_the_baked_file_stays_small(bake):
    """A few kB per preset once gzipped, as the page ships it (the table in docs/benchmarks.md)."""
    size = len(gzip.compress(json.dumps(bake, separators=(",", ":")).encode(), 9))
    assert size < 8_000 * len(bake["presets"])
