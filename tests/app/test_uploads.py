"""The CSV upload is total: any bytes give a checked data set or an InputError with words, nothing else."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import uploads
from app.state import LabState
from app.training import TrainingState
from app.training_data import EXTENT, MAX_CSV_BYTES, outside_plot, parse_csv
from core.inputs import InputError

LIMIT = MAX_CSV_BYTES
GOOD = "x1,x2,label\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n"


def read_csv_bytes(data: bytes):
    """The whole way in of an uploaded CSV, as the Training tab reads it."""
    return parse_csv(uploads.read_text(data, LIMIT))


def assert_checked(x, y) -> None:
    assert x.dtype == float and y.dtype == float
    assert x.ndim == 2 and x.shape[1] == 2 and y.shape == (len(x), 1) and len(x) >= 4
    assert np.all(np.isfinite(x)) and set(np.unique(y)) <= {0.0, 1.0}


def csv_like_text():
    """Text shaped like a CSV, with cells that are often numbers and sometimes anything."""
    cell = st.one_of(st.sampled_from(["0", "1", "-0.5", "1e3", "1e400", "nan", "inf", "1_0", "٣", "0x10", "", " "]),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr), st.text(max_size=6))
    row = st.lists(cell, min_size=0, max_size=4).map(",".join)
    return st.lists(row, max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=600), csv_like_text().map(str.encode),
                 csv_like_text().map(lambda t: ("\ufeff" + t).encode()), st.text(max_size=300).map(str.encode)))
def test_any_bytes_give_a_checked_data_set_or_an_input_error(data):
    try:
        x, y = read_csv_bytes(data)
    except InputError as error:
        assert str(error) and "Traceback" not in str(error) and "\n" not in str(error)
        return
    assert_checked(x, y)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_checked_data_set_or_an_input_error(text):
    try:
        x, y = parse_csv(text)
    except InputError:
        return
    assert_checked(x, y)


@pytest.mark.parametrize("data,says", [
    (b"", "the file is empty"),
    (b"  \n\r\n ", "the file is empty"),
    (b"\xff\xfe0,0,0", "not a text file"),
    (b"0,0,0\n1," + b"9" * 140_000 + b",0\n0,1,1\n1,0,1\n", "line 2 cannot be read"),  # over csv's field limit
    (b"0,0,0\n1,1_0,0\n0,1,1\n1,0,1\n", "row 2, column x2 must be a number"),
    (b"0,0,0\n1,1e400,0\n0,1,1\n1,0,1\n", "row 2, column x2 must be a finite number"),
    (b"0,0,0\n1,nan,0\n0,1,1\n1,0,1\n", "row 2, column x2 must be a number"),
    (b"0,0,0\n1,1,2\n0,1,1\n1,0,1\n", "must be 0 or 1"),
    (b"0" * (LIMIT + 1), "larger than the 500 kB"),
])
def test_bad_files_are_refused_with_words(data, says):
    with pytest.raises(InputError, match=says):
        read_csv_bytes(data)


def test_a_byte_order_mark_keeps_the_first_row():
    x, y = read_csv_bytes(("\ufeff" + "0.5,0.25,1\n1,1,0\n0,1,1\n1,0,1\n").encode())
    assert x.tolist()[0] == [0.5, 0.25] and y[0, 0] == 1.0 and len(x) == 4
    x, _ = read_csv_bytes(("\ufeff" + GOOD).encode())  # and a header after a BOM is still a header
    assert len(x) == 4


def test_a_file_the_page_kept_back_is_refused_by_its_size():
    with pytest.raises(InputError, match=r"the file is 31\.5 MB, larger than the 500 kB"):
        uploads.read_text(b"31457280", LIMIT, uploads.TOO_LARGE_MIME)
    with pytest.raises(InputError, match="too large"):
        uploads.read_text(b"<b>", LIMIT, uploads.TOO_LARGE_MIME)


def test_points_outside_the_plot_are_counted():
    assert outside_plot(np.array([[0.0, 0.0], [EXTENT + 0.1, 0.0], [0.0, -EXTENT - 1], [EXTENT, -EXTENT]])) == 2
    assert outside_plot(None) == 0


class FakeUpload:
    """What uploads.take needs of a FileInput: value, mime_type, clear()."""

    def __init__(self, value, mime_type="text/csv"):
        self.value, self.mime_type, self.cleared = value, mime_type, False

    def clear(self):
        self.cleared = True


def test_take_lets_go_of_the_bytes_whether_or_not_the_file_is_used():
    good = FakeUpload(GOOD.encode())
    assert uploads.take(good, LIMIT) == GOOD and good.value is None and good.cleared
    big = FakeUpload(b"0" * (LIMIT + 1))
    with pytest.raises(InputError):
        uploads.take(big, LIMIT)
    assert big.value is None and big.cleared
    assert uploads.take(FakeUpload(None), LIMIT) is None


def test_the_training_view_says_what_it_loaded_and_what_it_refused():
    from app.training_view import TrainingView

    view = TrainingView(training=TrainingState(lab=LabState()))
    assert "x1,x2,label" in view.upload_hint.object and "500 kB" in view.upload_hint.object
    assert "upload-limit-500000" in view.upload.css_classes
    view.upload.param.update(filename="far.csv", mime_type="text/csv",
                             value=b"0,0,0\n1,1,0\n0,1,1\n1,0,1\n5,0,1\n0,-9,0\n")
    assert view.training.dataset == "custom" and view.upload.value is None
    assert "6 points" in view.upload_note.object and "2 of them lie outside" in view.upload_note.object
    view.upload.param.update(filename="big.csv", mime_type=uploads.TOO_LARGE_MIME, value=b"31457280")
    assert "31.5 MB" in view.training.lab.message and "Not loaded" in view.upload_note.object
    assert view.upload.value is None
