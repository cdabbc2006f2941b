"""Views that follow the state, typed boxes that say why, and the small things a class notices."""
import numpy as np
import pytest

from app.lab import BackpropLab
from app.typed import shortest


@pytest.fixture
def lab():
    return BackpropLab()


def test_every_typed_box_refuses_with_a_reason_and_shows_the_value_in_force(lab):
    lab.training_view  # the batch-size box is in the Training tab
    boxes = [
        (lab.sample.eta_input, lambda: shortest(lab.state.learning_rate)),
        (lab.network.seed, lambda: str(lab.state.seed)),
        (lab.network.architecture, lambda: lab.state.architecture),
        (lab.training_view.batch_size, lambda: str(lab.training.batch_size)),
    ]
    for box, in_force in boxes:
        before = in_force()
        for bad in ("abc", "", "1e400", "0x10", "1_0", "٣"):
            box.input.value = bad
            assert box.note.visible and box.message, (box.input.name, bad)
            assert f"Still in force: {before}" in box.message
            assert box.input.value == before == in_force()


def test_the_exact_weight_box_refuses_a_weight_past_the_limit(lab):
    lab.state.selected = "w0.0.0"
    typed = lab.weights.typed
    typed.input.value = "1e9"
    assert "between" in typed.message and typed.input.value == "0.4"
    assert lab.state.network.weights[0][0, 0] == 0.4
    typed.input.value = "0.25"
    assert lab.state.network.weights[0][0, 0] == 0.25 and typed.message == ""


def test_eta_refuses_minus_one_and_warns_about_a_huge_one(lab):
    eta = lab.sample.eta_input
    eta.input.value = "-1"
    assert "greater than 0" in eta.message and lab.state.learning_rate == 0.5 and eta.input.value == "0.5"
    eta.input.value = "50"
    assert lab.state.learning_rate == 50 and "very large" in eta.message


def test_randomise_advances_the_seed_and_draws_new_weights(lab):
    lab.network.randomise.clicks += 1
    first, seed = [w.copy() for w in lab.state.network.weights], lab.state.seed
    lab.network.randomise.clicks += 1
    assert lab.state.seed == seed + 1 and lab.network.seed.input.value == str(seed + 1)
    assert not all(np.array_equal(a, b) for a, b in zip(first, lab.state.network.weights))


def test_the_preset_selector_says_custom_for_another_architecture(lab):
    lab.state.architecture = "2-4-4-1"
    assert lab.network.preset.value == "custom"
    lab.network.preset.value = "worked_example"
    assert lab.state.network.sizes == [2, 1, 1] and lab.network.preset.value == "worked_example"


def test_the_update_lists_every_weight_and_bias(lab):
    lab.state.preset = "biases_2_2_2"
    lab.state.last()
    numbers = lab.state.current_step.numbers
    assert numbers.count("&=") == 8 + 4 and "b^{o}_{2}" in numbers and "more" not in numbers


def test_a_long_update_says_it_scrolls_down(lab):
    # how wide a formula is only the page can measure: tests/ui/test_numbers.py holds that hint
    lab.state.architecture = "2-8-8-1"
    kinds = [s.kind for s in lab.state.steps]
    lab.state.goto(kinds.index("weight_step") + 2)
    assert not lab.stepper.scroll_hint.visible
    lab.state.last()
    assert lab.stepper.scroll_hint.visible and "scroll down: 88 lines" in lab.stepper.scroll_hint.object  # 2·8 + 8·8 + 8·1 weights


def test_the_lesson_rounding_note_shows_at_the_hidden_delta(lab):
    lab.state.goto(7)
    assert lab.stepper.rounding.visible and "0.00045" in lab.stepper.rounding.object
    lab.state.goto(5)
    assert not lab.stepper.rounding.visible


def test_the_vanishing_view_draws_history_trained_before_it_was_opened(lab):
    lab.state.preset = "xor_2_3_1"
    lab.training.one_epoch()
    lab.training.one_epoch()
    view = lab.vanishing
    assert len(view._history_lines) == lab.state.network.n_layers
    assert len(view.history.data["epoch"]) == 3
    assert list(view.deltas.xaxis.ticker.ticks) == [1, 2]
    lab.state.activation = "tanh"
    assert "1 for tanh" in view._bound_item.label.value


def test_go_back_after_divergence_restores_the_epoch_and_the_status(lab):
    lab.state.preset = "xor_2_3_1"
    lab.state.param.update(activation="linear", output_activation="linear")
    view = lab.training_view
    lab.training.one_epoch()
    lab.state.learning_rate = 1e5
    for _ in range(5):
        if not lab.training.one_epoch():
            break
    assert lab.training.diverged
    assert "diverged" in view.status.object
    lab.training.go_back()
    assert lab.training.epoch == lab.training.history["epoch"][-1]
    assert not lab.training.diverged and "%" in view.status.object
    assert f"**Epoch** {lab.training.epoch} " in view.status.object
