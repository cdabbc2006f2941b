"""Numbers as the lesson prints them: the fast formatter agrees with NumPy's exact one."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.notation import factor, number, plain


def _numpy_positional(value: float, digits: int) -> str:
    text = np.format_float_positional(value, precision=digits, unique=False, fractional=False, trim="-")
    return "0" if text in ("-0", "0.") else text


@settings(max_examples=3000, deadline=None)
@given(
    value=st.floats(min_value=1e-4, max_value=1e6, exclude_max=True, allow_nan=False),
    negative=st.booleans(),
    digits=st.integers(min_value=1, max_value=8),
)
def test_numbers_are_rounded_exactly_as_numpy_rounds_them(value, negative, digits):
    value = -value if negative else value
    assert number(value, digits) == _numpy_positional(value, digits)
    assert plain(value, digits) == _numpy_positional(value, digits)


@pytest.mark.parametrize("value, text", [
    (-0.02, "-0.02"), (0.495, "0.495"), (0.5122, "0.512"), (0.1219, "0.122"), (0.0302, "0.0302"),
    (999.6, "1000"), (1234.5, "1230"), (9.9996, "10"), (0.00015, "0.00015"), (0.00005, "5 \\times 10^{-5}"), (0.0001, "0.0001"),
    (0.0, "0"), (2.5e6, "2.5 \\times 10^{6}"), (float("inf"), r"\infty"), (float("nan"), r"\mathrm{NaN}"),
])
def test_the_lessons_numbers_and_the_edges(value, text):
    assert number(value) == text


def test_negative_factors_are_bracketed():
    assert factor(-0.02) == "(-0.02)"
    assert factor(0.0302) == "0.0302"
