"""The one reading rule for typed numbers: used as typed, or refused with a plain message."""
import math

import pytest
from hypothesis import given, strategies as st

from core.inputs import InputError, parse_number, parse_whole, plain, quote


@pytest.mark.parametrize("text, value", [("0.5", 0.5), ("-0.55", -0.55), ("1e-3", 1e-3), (" 2 ", 2.0),
                                         (".5", 0.5), ("3.", 3.0), ("+1E2", 100.0)])
def test_decimal_and_scientific_notation_are_read_as_typed(text, value):
    assert parse_number(text, "η") == value


@pytest.mark.parametrize("text", ["abc", "", "  ", "1_0", "٣", "0x10", "inf", "nan", "1e400", "1,5", "--1"])
def test_anything_else_is_refused_with_a_message(text):
    with pytest.raises(InputError) as error:
        parse_number(text, "η")
    assert "η" in str(error.value)


@pytest.mark.parametrize("text", ["1e9", "1.5", "1_000", "١٢", "9" * 400, ""])
def test_whole_numbers_are_ascii_digits_only(text):
    with pytest.raises(InputError):
        parse_whole(text, "the seed", 0, 2**31 - 1)


def test_whole_numbers_within_bounds():
    assert parse_whole("42", "the seed", 0, 100) == 42
    with pytest.raises(InputError, match="from 0 to 100"):
        parse_whole("101", "the seed", 0, 100)


def test_quotes_are_short_single_line_and_free_of_control_characters():
    text = quote("# heading\n---\n> quote\x00\x1b[31m" + "x" * 100)
    assert "\n" not in text and "\x00" not in text and "\x1b" not in text
    assert len(text) <= 40 and text.endswith("…")
    assert plain("a\nb") == "a b"


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.integers())))
def test_parse_number_returns_a_finite_float_or_raises_input_error(value):
    try:
        result = parse_number(value, "x")
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(result, float) and math.isfinite(result)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_parse_whole_returns_an_int_in_bounds_or_raises_input_error(value):
    try:
        result = parse_whole(value, "n", -5, 5)
    except InputError:
        pass
    else:
        assert isinstance(result, int) and -5 <= result <= 5
