"""Fuzzing the vendor-sheet reader with hypothesis over small generated workbooks and CSV files.

Whatever the cells hold, read_response raises nothing but InputError, and every answer it returns
has a 7-digit ASCII id. Bounded (50 examples per format) so it runs in CI on every push.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.io.vendor_reader import read_response
from tests.hostile.make_corpus import HEADER, csv_text, sheet_xml, xlsx_bytes

ASCII_ID = re.compile(r"[0-9]{7}")

ids = st.one_of(
    st.integers(0, 9_999_999).map(lambda n: f"{n:07d}"),  # a well-formed id
    st.integers(-10, 10**8),  # a number cell (Excel drops leading zeros)
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["０２３０１０１", "023-0101", "023_0101", " 0230101 ", "230101.0", "٠٢٣٠١٠١", "𝟎𝟐𝟑𝟎𝟏𝟎𝟏", "02301011", ""]),
    st.text(max_size=12),
)
answers = st.one_of(st.sampled_from(["○", "◎", "△", "×", "－", "-", "予定", "対応", "", "=1+1", "@SUM(A1)"]), st.text(max_size=8))
cells = st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=False))
rows = st.lists(st.tuples(ids, cells, answers, cells, cells).map(list), max_size=12)
headers = st.one_of(st.just(list(HEADER)), st.permutations(list(HEADER)),
                    st.lists(st.sampled_from([*HEADER, "帳票ID", "回答", "コメント", "", "機能ID"]), min_size=1, max_size=6))
titles = st.lists(st.lists(cells, max_size=4), max_size=3)
settings.register_profile("hostile", max_examples=50, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])


def _read(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            response = read_response(path)
        except InputError as exc:
            assert str(path) in str(exc) and exc.message  # the message names the file
            return
    for a in response.answers:
        assert ASCII_ID.fullmatch(a.id), a.id
    assert all(f.cell for f in response.lint)


@settings(settings.get_profile("hostile"))
@given(titles=titles, header=headers, body=rows, sheet=st.text(min_size=1, max_size=31))
def test_xlsx_reader_only_raises_input_error(titles, header, body, sheet):
    _read("v.xlsx", xlsx_bytes([(sheet, sheet_xml([*titles, header, *body]))]))


@settings(settings.get_profile("hostile"))
@given(titles=titles, header=headers, body=rows, encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp932", "utf-16"]),
       newline=st.sampled_from(["\r\n", "\n", "\r"]))
def test_csv_reader_only_raises_input_error(titles, header, body, encoding, newline):
    text = csv_text([*titles, header, *body], newline)
    _read("v.csv", text.encode(encoding, errors="replace"))
