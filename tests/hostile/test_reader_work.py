"""Small hostile answer files (and a spec) whose reading grew with the square of their size: a header of thousands of
columns per mark, thousands of merges, tables or rows of notes, each scanned again for every column, run, merge, table or
row (a 265 KB CSV read for 208 s, a 283 KB workbook for 58 s, up to HYOJUN_MAX_SECONDS); and answer files whose messages
named every one of thousands of columns per mark (a 20 KB file made 60 MB of reports).

Nothing is timed. The reader's work is counted as the lines it runs in checker/ (sys.settrace: a line, or a turn of a
loop or a comprehension, is one): read at four times the size, a sheet may take about four times the lines, where a
quadratic path takes sixteen. The larger read stops as soon as it passes its budget, so a regression fails fast.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pytest

import checker
from checker.io import own_marks
from checker.io.answer_table import MARKS_LISTED
from checker.io.cells import column_letter
from checker.io.own_marks import legend_pairs, meaning_class
from checker.io.spec_reader import read_spec
from checker.io.vendor_reader import read_response
from checker.normalize import DEFAULT_VOCABULARY, Vocabulary, header, quoted
from tests.hostile.make_corpus import cell_xml, xlsx_bytes

CHECKER = str(Path(checker.__file__).parent)
T = TypeVar("T")
GROWTH = 5  # four times the input, at most this many times the lines: linear is 4 (less with the fixed costs), quadratic 16


class OverBudget(BaseException):
    """Raised in the reader at every line once over its budget (an `except BaseException` there cannot swallow it)."""


def lines_run(read: Callable[[], Any], budget: float = float("inf")) -> int:
    """The lines *read* runs in checker/, raising OverBudget once they pass *budget*."""
    count = 0

    def line(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise OverBudget(f"{count:,} 行を超えました")
        return line

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        return line if frame.f_code.co_filename.startswith(CHECKER) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        read()
    finally:
        sys.settrace(previous)
    return count


def assert_linear(make: Callable[[Path, int], Path], n: int, tmp_path: Path,
                  reader: Callable[[Path], T] = read_response) -> tuple[T, T]:
    """Reading (*reader*) the file *make* writes for 4 × *n* runs at most GROWTH times the lines of reading it for *n*."""
    small, large = make(tmp_path / "small", n), make(tmp_path / "large", 4 * n)
    reader(small)  # the imports and the catalog, loaded once, out of the count
    read: dict[Path, T] = {}
    first = lines_run(lambda: read.setdefault(small, reader(small)))
    lines_run(lambda: read.setdefault(large, reader(large)), budget=GROWTH * first)
    return read[small], read[large]


def _variants(n: int) -> list[str]:
    """*n* headers that all read as ○ (variation selectors are dropped from a mark), each different as a header."""
    selectors = [chr(0xFE00 + i) for i in range(16)]
    return ["○" + "".join(v) for k in range(4) for v in itertools.product(selectors, repeat=k)][:n]


def _book(folder: Path, rows: list[list[Any]], merges: list[str] = (), hidden: set[int] = frozenset(),
          formulas: set[tuple[int, int]] = frozenset(), sheet_name: str = "機能") -> Path:
    """An .xlsx of one sheet *sheet_name*: *rows*, the 0-based *hidden* rows, a formula saved without its result in each
    cell of *formulas*, and *merges* (A1:B2)."""
    folder.mkdir()
    xml = []
    for r, row in enumerate(rows):
        cells = [cell_xml(r, c, v) for c, v in enumerate(row) if v != "" and (r, c) not in formulas]
        cells += [f'<c r="{column_letter(c)}{r + 1}"><f>1</f></c>' for c in range(len(row)) if (r, c) in formulas]
        shown = ' hidden="1"' if r in hidden else ""
        xml.append(f'<row r="{r + 1}"{shown}>{"".join(cells)}</row>')
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns='
             f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{"".join(xml)}</sheetData>'
             f"{'<mergeCells>' + merged + '</mergeCells>' if merged else ''}</worksheet>")
    path = folder / "回答.xlsx"
    path.write_bytes(xlsx_bytes([(sheet_name, sheet)]))
    return path


def _wide_csv(folder: Path, n: int) -> Path:
    """機能ID | ○ | ○︀ | ○︁ | … | ×: one group of *n* columns per mark (each header new, of one class), one row."""
    folder.mkdir()
    buf = io.StringIO()
    csv.writer(buf).writerows([["機能ID", *_variants(n), "×"], ["0230101", "✓"]])
    path = folder / "回答.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _mark_merges(folder: Path, n: int) -> Path:
    """機能ID | ○ | ○︀ | … | ×: *n* columns per mark read, under them 20 rows of ✓ in 10 × *n* two-cell merges."""
    rows = [["機能ID", *_variants(n), "×"], *[[f"02301{r:02d}", *["✓", ""] * (n // 2)] for r in range(1, 21)]]
    return _book(folder, rows, [f"{column_letter(c)}{r + 1}:{column_letter(c + 1)}{r + 1}" for r in range(1, 21) for c in range(1, n, 2)])


def _runs(folder: Path, n: int) -> Path:
    """*n* runs 「○ | × | 備」 without an answer column, each under a label 区分 merged over its marks, a sentence under
    each (no marks), and 10 × *n* merges lower down."""
    upper, header, row = ["機能ID"], [""], ["0230101"]
    for _ in range(n):
        upper += ["区分", "", ""]
        header += ["○", "×", "備"]
        row += ["これは長い説明の文章で印ではありません。二十文字を超えます", "", ""]
    groups = ["A1:A2", *(f"{column_letter(c)}1:{column_letter(c + 1)}1" for c in range(1, 3 * n, 3))]
    merges = [f"{column_letter(c)}{r + 1}:{column_letter(c + 1)}{r + 1}" for r in range(3, 23) for c in range(0, 3 * n, 6)]
    return _book(folder, [upper, header, row, *[[""]] * 20, ["注"]], groups + merges)


def _tables(folder: Path, n: int) -> Path:
    """*n* tables of a column per mark (a header above each row, as printed pages repeat it), each row hidden, and
    5 × *n* merges past the sheet's three columns (they map no cell: no file is refused for them)."""
    ids = [f"02301{k:02d}" for k in range(1, 25)]
    rows = [row for k in range(n) for row in (["機能ID", "対応", "対応不可"], [ids[k % len(ids)], *[("✓", "－"), ("", "✓")][k % 2]])]
    return _book(folder, rows, [f"E{r}:F{r}" for r in range(1, 5 * n + 1)], hidden=set(range(1, 2 * n, 2)))


def _headers_again(folder: Path, n: int) -> Path:
    """A table, then *n* rows that name its fields (a header again?) without being one, and *n* merges past the sheet."""
    rows = [["機能ID", "対応可否"], ["0230101", "○"], *[["機能ID", "注"] if k % 4 == 0 else ["注記", "対応可否"] for k in range(n)]]
    return _book(folder, rows, [f"D{r}:E{r}" for r in range(1, n + 1)])


def _formula_runs(folder: Path, n: int) -> Path:
    """*n* runs 「○ | 備」 without an answer column over 20 rows of formulas saved without their results."""
    rows = [["機能ID", *["○", "備"] * n], *[[f"02301{r:02d}", *[""] * (2 * n)] for r in range(1, 21)]]
    return _book(folder, rows, formulas={(r, c) for r in range(1, 21) for c in range(1, 2 * n + 1)})


def test_a_group_of_thousands_of_columns_per_mark_is_read_in_linear_work(tmp_path):
    """Each column of a group of columns per mark looked at every column of the group before it (_mark_groups)."""
    _, large = assert_linear(_wide_csv, 1000, tmp_path)
    assert [(a.id, a.answer) for a in large.answers] == [("0230101", "yes")]


def test_merges_under_thousands_of_columns_per_mark_are_mapped_in_linear_work(tmp_path):
    """Each merge of the sheet was compared with each column per mark (merged_fill with a set of columns)."""
    _, large = assert_linear(_mark_merges, 500, tmp_path)
    assert len(large.answers) == 20 and {f.code for f in large.lint} == {"mark-columns", "invalid-answer"}


def test_thousands_of_runs_of_mark_headers_are_tried_in_linear_work(tmp_path):
    """Each run of mark headers without an answer column walked every merge of the sheet (_marks_beside)."""
    _, large = assert_linear(_runs, 250, tmp_path)
    assert "no-answer-column" in {f.code for f in large.lint}


def test_thousands_of_tables_with_merges_and_hidden_rows_are_read_in_linear_work(tmp_path):
    """Each table walked every merge and every hidden row of its sheet."""
    _, large = assert_linear(_tables, 1000, tmp_path)
    assert len(large.answers) == 4000 and {"mark-columns", "hidden-row"} <= {f.code for f in large.lint}


def test_rows_naming_the_fields_again_are_read_in_linear_work(tmp_path):
    """Each row that may start a header again (header_again) walked every merge of the sheet."""
    _, large = assert_linear(_headers_again, 2000, tmp_path)
    assert [a.id for a in large.answers] == ["0230101"]


def test_runs_of_mark_headers_over_formulas_are_tried_in_linear_work(tmp_path):
    """Each run of a column per mark tried (_cut_short) walked every formula of the sheet."""
    _, large = assert_linear(_formula_runs, 250, tmp_path)
    assert len(large.answers) == 20


def _spec_notes(folder: Path, n: int) -> Path:
    """A spec's requirement followed by *n* rows of a note alone (every other row blank) and *n* merges past its cells."""
    rows = [["介護保険システム標準仕様書【第6.0版】"], ["機能ID", "機能名称", "機能要件", "実装区分"],
            ["0230101", "名称", "要件", "実装必須機能"], *[["", "", f"注記{k}", ""] if k % 2 else [""] for k in range(n)]]
    return _book(folder, rows, [f"F{r}:G{r}" for r in range(1, n + 1)], sheet_name="機能要件")


def test_a_spec_s_rows_of_notes_over_merges_are_read_in_linear_work(tmp_path):
    """Each row of a spec that may continue a requirement or head a section walked every merge of the sheet."""
    _, large = assert_linear(_spec_notes, 2000, tmp_path, lambda p: read_spec([p], area="介護保険", version="第6.0版"))
    assert [r.id for r in large.requirements] == ["0230101"]


def test_a_legend_row_of_thousands_of_marks_is_read_once():
    """Each mark of a legend row (○ | ○ | … ) copied the rest of the row to find its meaning."""

    class Row(list[str]):
        copied = 0

        def __getitem__(self, key: Any) -> Any:
            if isinstance(key, slice):
                Row.copied += len(range(*key.indices(len(self))))
            return super().__getitem__(key)

    assert legend_pairs(Row(["○"] * 16_384)) == [] and Row.copied <= 16_384
    assert legend_pairs(Row(["○", "", "標準機能で対応", "△", "カスタマイズで対応"])) == [
        (0, "○", "標準機能で対応"), (3, "△", "カスタマイズで対応")]


def test_the_words_a_meaning_is_read_by_are_made_once_per_vocabulary(monkeypatch):
    """Each meaning of a legend made the words of the vocabulary again (about 40 header() calls each)."""
    calls = []
    monkeypatch.setattr(own_marks, "header", lambda v: calls.append(v) or header(v))
    meanings = [f"標準機能で対応{k}" for k in range(1000)]
    assert {meaning_class(m, DEFAULT_VOCABULARY) for m in meanings} == {"yes"}
    assert len(calls) <= len(meanings) + 100


@pytest.mark.parametrize("value", ["✓", "－"])
def test_a_merge_across_thousands_of_columns_per_mark_names_a_few(tmp_path, value):
    """A merge across 2,000 columns per mark named every mark it spans in the raw answer and the messages of each of its
    rows: a 20 KB file made 60 MB of reports."""
    marks = _variants(2000)
    end = column_letter(len(marks))
    rows = [["機能ID", *marks, "×"], *[[f"02301{k:02d}", value] for k in range(1, 11)]]
    resp = read_response(_book(tmp_path / "b", rows, [f"B{r}:{end}{r}" for r in range(2, 12)]))
    spanned = f"{'・'.join(marks[:MARKS_LISTED])}・ほか {2000 - MARKS_LISTED} 種類の列）"
    # a check there chooses no column (invalid-answer); an answer mark is read as written in one answer column
    assert resp.answers[0].raw_answer == (f"{value}（{spanned}" if value == "✓" else value)
    told = [f.message for f in resp.lint if f.code in ("invalid-answer", "merged-mark-columns")]
    assert len(told) == 10 and spanned in told[0] and max(len(f.message) for f in resp.lint) < 700


def test_checks_in_thousands_of_merges_across_columns_per_mark_name_five(tmp_path):
    """Each merge across columns per mark holding a check in a row was named in its message."""
    marks = _variants(2000)
    rows = [["機能ID", *marks, "×"], *[[f"02301{k:02d}", *["✓", ""] * 1000] for k in range(1, 4)]]
    merges = [f"{column_letter(c)}{r}:{column_letter(c + 1)}{r}" for r in range(2, 5) for c in range(1, 2001, 2)]
    resp = read_response(_book(tmp_path / "b", rows, merges))
    said = [f.message for f in resp.lint if f.code == "invalid-answer"]
    assert len(said) == 3 and max(map(len, said)) < 1200
    assert said[0].count("を結合したセル（") == 5 and "ほか 995 個の結合したセルも同じです" in said[0]


def test_the_marks_asked_for_are_a_few_at_most(tmp_path):
    """Two groups of a thousand marks each: the refusal asked for every one of them to be written."""
    marks = _variants(1000)
    buf = io.StringIO()
    csv.writer(buf).writerows([["機能ID", *marks, "×", *marks, "×"], ["0230101", "✓"]])
    (tmp_path / "回答.csv").write_text(buf.getvalue(), encoding="utf-8")
    said = next(f.message for f in read_response(tmp_path / "回答.csv").lint if f.code == "ambiguous-column")
    assert len(said) < 700 and f"・ほか {1001 - MARKS_LISTED} 種類 のどれか 1 つを記入してください" in said


def test_the_marks_a_vocabulary_of_its_own_lacks_are_a_few_at_most(tmp_path):
    """対応可否 over a thousand columns per mark that a vocabulary of its own does not read: the refusal named each mark."""
    marks = [*_variants(1000), "×"]
    rows = [["機能ID", "対応可否", *[""] * 1000], ["", *marks], ["0230101", "✓"]]
    path = _book(tmp_path / "b", rows, ["A1:A2", f"B1:{column_letter(len(marks))}1"])
    own = Vocabulary.from_mapping({"yes": ["済"], "no": ["未"]}, replace=True, source="v.yaml")
    said = next(f.message for f in read_response(path, vocabulary=own).lint if f.code == "ambiguous-column")
    assert len(said) < 700 and f"列の記号（{'・'.join(map(quoted, marks[:MARKS_LISTED]))}・ほか {1001 - MARKS_LISTED} 種類）が使う回答記号の定義にない" in said
