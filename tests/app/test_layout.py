"""The diagram's layout: a pure function of the layer sizes."""
import pytest

from app.layout import UNIT_SPACING, layout


@pytest.mark.parametrize("sizes", [[2, 1, 1], [3, 2, 1], [2, 8, 8, 1], [1, 1, 1, 1, 1, 1, 1]])
def test_every_unit_and_weight_has_one_place(sizes):
    picture = layout(sizes)
    assert len(picture.nodes) == sum(sizes)
    assert len(picture.edges) == sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert len({(n.x, n.y) for n in picture.nodes}) == len(picture.nodes)
    assert len({n.id for n in picture.nodes}) == len(picture.nodes)


def test_inputs_at_the_bottom_and_the_output_at_the_top():
    picture = layout([3, 2, 1])
    ys = {n.role: n.y for n in picture.nodes}
    assert ys["input"] < ys["hidden"] < ys["output"]
    assert picture.height == 2


def test_layers_are_centred_and_edges_join_their_units():
    picture = layout([3, 2, 1])
    position = {n.id: (n.x, n.y) for n in picture.nodes}
    assert sorted(n.x for n in picture.nodes if n.layer == 0) == [-UNIT_SPACING, 0.0, UNIT_SPACING]
    for e in picture.edges:
        assert (e.x0, e.y0) == position[f"n{e.layer}.{e.i}"]
        assert (e.x1, e.y1) == position[f"n{e.layer + 1}.{e.j}"]


def test_biases_only_when_asked():
    assert layout([2, 2, 2]).biases == []
    marks = layout([2, 2, 2], biases=True).biases
    assert [b.id for b in marks] == ["b0.0", "b0.1", "b1.0", "b1.1"]


def test_in_a_crowded_network_a_bias_sits_level_with_its_unit_halfway_to_the_next():
    """Under and over a crowded layer's units go their labels; between them, their biases."""
    spread = layout([2, 8, 1], biases=True, crowded=True)
    units = {(n.layer, n.unit): n for n in spread.nodes}
    for b in spread.biases:
        unit = units[(b.layer + 1, b.j)]
        if b.layer == 0:  # eight units: level, half a spacing to the left
            assert (b.x, b.y) == (unit.x - UNIT_SPACING / 2, unit.y)
        else:  # ŷ alone keeps its labels beside it, and its bias below and left
            assert b.x < unit.x and b.y < unit.y
    roomy = layout([2, 8, 1], biases=True)
    assert all(b.y < units[(b.layer + 1, b.j)].y for b in roomy.biases)
