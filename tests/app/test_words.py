"""The diagram in words: the live region's sentence and the table follow the step, no further."""
from app.a11y import WeightPicker
from app.state import LabState
from app.words import speech, step_words, table_html


def test_the_steps_latex_is_said_as_plain_text():
    assert speech(r"\delta^{h} = 0.1 \times 0.122 \times 0.495 \times (1 - 0.495) = 0.00305") == \
        "δ^h = 0.1 × 0.122 × 0.495 × (1 − 0.495) = 0.00305"
    assert speech(r"\hat{y} = \text{sigmoid}(0.0495) = 0.512") == "ŷ = sigmoid(0.0495) = 0.512"


def test_step_7_says_the_lessons_delta_of_the_hidden_unit_and_the_table_holds_no_weight_step_yet():
    state = LabState()
    state.goto(7)
    assert step_words(state).startswith("Step 7 of 10, Backward pass")
    assert step_words(state).endswith("δ^h = 0.1 × 0.122 × 0.495 × (1 − 0.495) = 0.00305")
    table = table_html(state)
    assert "<td>0.00305</td>" in table and "<td>0.122</td>" in table
    assert "0.0302" not in table  # ΔW is step 8: not revealed yet, as the picture does not show it
    state.goto(8)
    assert "<td>0.0302</td>" in table_html(state)


def test_the_weight_list_picks_any_weight_as_clicking_its_edge_does():
    state = LabState()
    picker = WeightPicker(state=state)
    assert list(picker.select.options.values()) == ["", "w0.0.0", "w0.1.0", "w1.0.0"]
    picker.select.value = "w1.0.0"
    assert state.selected == "w1.0.0"
    state.selected = "w0.1.0"  # a click on the canvas shows in the list
    assert picker.select.value == "w0.1.0"


def test_a_link_to_another_step_of_the_same_network_is_told_at_that_step():
    """A link sets the diagram's picture before the step (app/state.py): the words followed the
    picture only, and told step 0 while the page showed step 1."""
    from app.lab import BackpropLab
    from app.words import DiagramWords

    lab = BackpropLab()
    words = DiagramWords(state=lab.state)
    lab.share._open_link("?preset=worked_example&step=1")
    assert lab.state.step == 1
    assert words.live.object.startswith("Step 1 of 10")
    assert "Units after step 1" in words.table.object
