"""Links and JSON files are read totally: a checked value or `InputError`, nothing else, whatever arrives.

Also: the one table (`schema.PROPS`) is where the link keys, the file's fields and their bounds
come from, and teacher links are a preset with keys put over it.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import schema, share
from app.lab import BackpropLab
from app.state import LabState
from app.training import TrainingState
from core import PRESETS, preset
from core.datasets import ALL_DATASETS
from core.inputs import InputError

KEYS = list(share.URL_KEYS) + ["theme", "other"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), st.text(max_size=60)))
def test_any_link_gives_a_checked_state_and_plain_sentences(query):
    snap, problems = share.read_link(query)
    assert share.check(snap) == snap
    assert all(isinstance(p, str) and "\n" not in p and len(p) < 400 for p in problems)
    try:
        share.from_query(query)
    except InputError as error:
        assert problems and str(error)


@SETTINGS
@given(st.dictionaries(st.sampled_from(list(share.URL_KEYS)),
                       st.one_of(st.integers(), st.lists(st.text(max_size=3)), st.text(max_size=20)).map(
                           lambda v: v if isinstance(v, str) else v)))
def test_a_link_whose_values_are_not_text_is_refused_key_by_key(query):
    snap, problems = share.read_link(query)
    assert share.check(snap) == snap


def _snapshot_with(field: str, value) -> dict:
    snap = share.snapshot(LabState(), TrainingState(lab=LabState()))
    node = snap
    *path, last = field.split(".")
    for part in path:
        node = node[part]
    node[last] = value
    return snap


@SETTINGS
@given(st.sampled_from([p.field for p in schema.PROPS] + ["version", "network", "training"]), json_values)
def test_a_file_with_any_value_in_any_field_is_read_or_refused_with_our_error(field, value):
    text = json.dumps(_snapshot_with(field, value))
    try:
        snap = share.from_json(text)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert share.check(snap) == snap


@SETTINGS
@given(json_values)
def test_any_json_document_is_read_or_refused_with_our_error(value):
    try:
        share.from_json(json.dumps(value))
    except InputError as error:
        assert str(error)


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_any_bytes_or_text_are_read_or_refused_with_our_error(data):
    try:
        share.from_json(data)
    except InputError as error:
        assert str(error)


HOSTILE_FILES = {
    "preset is a list": ('"preset": "worked_example"', '"preset": [1, 2]'),
    "preset is an object": ('"preset": "worked_example"', '"preset": {"a": 1}'),
    "a 400-digit integer": ('"seed": 0', '"seed": ' + "9" * 400),
    "a 5000-digit integer": ('"seed": 0', '"seed": ' + "9" * 5000),
    "a string where a number belongs": ('"learning_rate": 0.5', '"learning_rate": "0.5"'),
    "a string version": ('"version": 1', '"version": "1"'),
    "ragged weights": ('"weights": [', '"weights": [[[1, 2]], '),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_hostile_files_are_refused_in_a_learners_words(name):
    old, new = HOSTILE_FILES[name]
    text = share.to_json(share.snapshot(LabState()))
    assert old in text
    with pytest.raises(InputError) as error:
        share.from_json(text.replace(old, new, 1))
    words = str(error.value)
    for internal in ("sys.", "set_int_max_str_digits", "array(", "unhashable", "Traceback", "'1'"):
        assert internal not in words, words
    if name == "a string version":
        assert words == "this file's format version is the text “1”; this app reads files of version 1"


def test_deep_nesting_an_empty_file_and_a_byte_order_mark():
    with pytest.raises(InputError, match="too deeply"):
        share.from_json("[" * 40_000 + "]" * 40_000)
    for empty in ("", b"", "   \n", "\ufeff", b"\xef\xbb\xbf"):
        with pytest.raises(InputError, match="the file is empty"):
            share.from_json(empty)
    text = share.to_json(share.snapshot(LabState(preset="numpy_exercise")))
    assert share.from_json(b"\xef\xbb\xbf" + text.encode())["preset"] == "numpy_exercise"
    assert share.from_json("\ufeff" + text)["preset"] == "numpy_exercise"


@pytest.mark.parametrize("w", ["1_0,2,3", "\u0663,2,3", "0x10,2,3", "1e400,2,3", " ,2,3"])
def test_link_numbers_follow_our_reading_rule(w):
    with pytest.raises(InputError, match="'w' was not used"):
        share.from_query({"arch": "2-1-1", "w": w})


# -- the one table -----------------------------------------------------------------------------------
def test_the_table_takes_bounds_and_names_from_the_params_and_core():
    by = schema.BY_KEY
    assert by["seed"].kind.bounds == LabState.param.seed.bounds == (0, 2**31 - 1)
    assert by["eta"].kind.bounds == LabState.param.learning_rate.bounds
    for key, name in (("points", "n_points"), ("noise", "noise"), ("split", "test_fraction"), ("batch", "batch_size")):
        assert by[key].kind.bounds == TrainingState.param[name].bounds
    assert set(by["data"].kind.names) == set(ALL_DATASETS)  # the K-class and regression sets too
    assert by["preset"].kind.names == tuple(PRESETS)
    # and what a link writes is the table, in its order (a key at its row's default is left out)
    assert list(share.to_query(share.snapshot(LabState(), TrainingState(lab=LabState())))) == [
        p.key for p in schema.PROPS if p.key != "hide" and p.default is None]


def test_a_bound_from_the_params_is_what_links_and_files_refuse():
    hi = LabState.param.seed.bounds[1]
    assert share.read_link({"seed": str(hi)})[0]["seed"] == hi
    assert share.read_link({"seed": str(hi + 1)})[1]
    with pytest.raises(InputError):
        share.check(_snapshot_with("seed", hi + 1))
    lo, hi = TrainingState.param.n_points.bounds
    assert share.read_link({"points": str(hi + 1)})[1] and share.read_link({"points": str(lo)})[0]["training"]["n_points"] == lo


# -- teacher links ------------------------------------------------------------------------------------
def test_a_preset_alone_opens_that_preset_at_step_0():
    snap, problems = share.read_link({"preset": "numpy_exercise"})
    assert problems == []
    p = preset("numpy_exercise")
    assert snap["network"]["sizes"] == p.network.sizes and snap["x"] == p.x.tolist()
    assert snap["learning_rate"] == p.learning_rate and snap["step"] == 0
    lab = LabState()
    share.apply(lab, None, snap)
    assert lab.preset == "numpy_exercise" and lab.step == 0


def test_any_subset_of_keys_overrides_the_preset():
    snap, problems = share.read_link({"preset": "xor_2_3_1", "step": "4", "hide": "weights,training", "eta": "0.25"})
    assert problems == []
    assert (snap["step"], snap["hide"], snap["learning_rate"]) == (4, ["weights", "training"], 0.25)
    assert snap["network"]["weights"] == [w.tolist() for w in preset("xor_2_3_1").network.weights]
    snap, problems = share.read_link({"preset": "worked_example", "arch": "2-4-1", "seed": "5"})
    assert problems == [] and snap["network"]["sizes"] == [2, 4, 1] and snap["seed"] == 5


def test_a_bad_key_is_named_and_the_rest_applies():
    snap, problems = share.read_link({"preset": "numpy_exercise", "eta": "fast", "step": "2"})
    assert snap["step"] == 2 and snap["learning_rate"] == preset("numpy_exercise").learning_rate
    assert len(problems) == 1 and problems[0].startswith("'eta' was not used") and "fast" in problems[0]


def test_links_write_the_shortest_decimal_that_reads_back():
    lab = LabState()
    assert lab.set_weight("w0.0.0", -0.55)
    query = share.to_query(share.snapshot(lab))
    assert query["w"].split(",")[0] == "-0.55"
    assert all(float(v) == float(repr(float(v))) for v in query["w"].split(","))


def test_a_custom_data_set_is_said_not_to_travel_in_a_link():
    lab = BackpropLab()
    lab.main()
    assert not lab.share.custom_note.visible
    assert lab.training.load_csv("x1,x2,label\n" + "0,0,0\n1,1,1\n0,1,1\n1,0,0\n" * 5)
    assert lab.training.dataset == "custom"
    assert lab.share.custom_note.visible and "cannot travel in a link" in lab.share.custom_note.object
    assert share.snapshot(lab.state, lab.training)["training"]["dataset"] == TrainingState.param.dataset.default


def test_the_message_banner_shows_markup_as_text():
    lab = BackpropLab()
    lab.main()
    lab.state.message = "# title\n---\n> quote [x](http://evil.example) <b>bold</b>"
    assert lab.alert.object.startswith('<div class="lab-message-text">')
    assert "\n" not in lab.alert.object and "<b>" not in lab.alert.object and "&lt;b&gt;" in lab.alert.object


def test_an_uploaded_file_is_dropped_once_read_and_an_empty_one_gets_a_message():
    lab = BackpropLab()
    lab.share.upload.value = b""
    assert lab.share.upload.value is None
    assert "the file is empty" in lab.state.message
    lab.share.upload.value = share.to_json(share.snapshot(LabState(preset="numpy_exercise"))).encode()
    assert lab.share.upload.value is None and lab.state.preset == "numpy_exercise"


def test_every_link_recipe_in_the_readme_opens_with_no_problem():
    import re
    from pathlib import Path
    from urllib.parse import parse_qsl

    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text()
    recipes = re.findall(r"^\| `\?([^`]+)` \|", readme, flags=re.M)
    assert len(recipes) >= 5
    for recipe in recipes:
        assert share.read_link(dict(parse_qsl(recipe)))[1] == [], recipe


def test_what_the_page_side_says_is_read_totally():
    from types import SimpleNamespace

    lab = BackpropLab()
    lab.main()
    before = share.snapshot(lab.state)
    for said in ("", "not json", "[1]", '{"search": 5}', '{"refused": "big"}', '{"copied": "yes"}', "{" * 5000, "[" * 100_000):
        lab.share._heard(SimpleNamespace(new=said))
    assert share.snapshot(lab.state) == before and lab.state.message == ""
    lab.share._heard(SimpleNamespace(new='{"n": 1, "copied": true}'))
    assert lab.share.copied.object == "Link copied."
    lab.share._heard(SimpleNamespace(new='{"n": 2, "copied": false}'))
    assert "press Ctrl+C" in lab.share.copied.object
    lab.share._heard(SimpleNamespace(new='{"n": 3, "refused": 31457280}'))
    assert "31.5 MB" in lab.state.message and "not sent" in lab.state.message
    lab.share._heard(SimpleNamespace(new='{"n": 4, "search": "?preset=numpy_exercise&step=2"}'))
    assert (lab.state.preset, lab.state.step) == ("numpy_exercise", 2)


@pytest.mark.parametrize("search", ["?step=999", "?preset=xor_2_3_1&step=10000", "?lesson=3&step=50"])
def test_a_link_to_a_step_past_the_last_shows_the_last_and_says_so(search):
    """A link's step is bounded by MAX_STEP, not by its network: past the network's last step the
    page shows the last one, and says why, beside the diagram, rather than leaving it unexplained."""
    lab = BackpropLab()
    lab.share._open_link(search)
    last = len(lab.state.steps)
    asked = search.rsplit("=", 1)[1]
    assert lab.state.step == last
    assert f"'step' {asked} is past this network's last step, {last}, which is shown" in lab.state.message


def test_a_link_to_the_last_step_says_nothing():
    lab = BackpropLab()
    lab.share._open_link("?step=10")
    assert lab.state.step == 10 == len(lab.state.steps) and lab.state.message == ""
