"""A table of a vendor answer sheet: its header, rows and field columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any

from ..errors import at_most
from ..normalize import header, parse_ids, text
from .answer_sheets import ANSWER_FALLBACKS, VENDOR_ALIASES
from .headers import HeaderMatch, bare_label, header_again, id_column, merged_fill
from .workbook import Sheet


def column_of(rows: list[list[Any]], col: int | None) -> list[Any]:
    """One column of *rows* (all "" when the sheet has no such column)."""
    return [""] * len(rows) if col is None else list(map(itemgetter(col), rows))


LISTED = 5  # the cells, columns or groups one message or raw answer names, then how many more: a sheet may be 16,384 wide
# the distinct marks one message or raw answer names (a refusal's marks to write, a run's): a form's vocabulary has a few,
# each to name (◎ ○ △ × － 予定 are six), its columns up to 16,384 of distinct written variants
MARKS_LISTED = 10


def listed(items: list[str], unit: str, sep: str = "、") -> str:
    """The first LISTED *items* joined, then how many more, counted in *unit* (列 of columns, 件 of cells or values:
    ほか 3996 件)."""
    return sep.join(at_most(items, LISTED, unit))


def marks_listed(marks: Iterable[str]) -> str:
    """The distinct *marks* (as the message shows them) joined by ・: the first MARKS_LISTED, then how many more kinds
    (ほか 3 種類)."""
    return "・".join(at_most(list(dict.fromkeys(marks)), MARKS_LISTED, "種類"))


@dataclass
class Table:
    match: HeaderMatch
    id_col: int
    start: int  # 0-based row of its first data row
    raw_ids: list[Any]  # per data row, merged id cells filled
    ids: list[str | None]


def tables_of(sheet: Sheet, match: HeaderMatch, from_csv: bool) -> Iterator[Table]:
    """The tables of a sheet from its first header down: a header row inside a table (repeated on every
    printed page, or the header of a next table: 帳票 below 機能) starts the next, read with its own columns."""
    first = match.row + 1
    parsed: dict[int, tuple[list[Any], list[str | None]]] = {}  # id column → its cells and ids from *first* down
    while True:
        match = _fallbacks_dropped(match)
        id_col = id_column(match, sheet)
        if id_col not in parsed:
            raw = column_of(sheet.rows[first:], id_col)
            for (r, _), (r0, c0) in merged_fill(sheet, range(first, len(sheet.rows)), range(id_col, id_col + 1)).items():
                if not text(raw[r - first]):
                    raw[r - first] = sheet.rows[r0][c0]  # a merged id cell gives its id to each row it spans
            parsed[id_col] = (raw, parse_ids(raw, from_csv=from_csv))
        raw, ids = parsed[id_col]
        start, stop, again = match.row + 1, len(sheet.rows), None
        for r in range(start, stop):
            if ids[r - first] is None and any(sheet.rows[r]) \
                    and (again := header_again(sheet, r, VENDOR_ALIASES, ("id", "answer"))) is not None:
                stop = r
                break
        yield Table(match, id_col, start, raw[start - first:stop - first], ids[start - first:stop - first])
        if again is None:
            return
        match = again


_FALLBACK_LABELS = frozenset(map(header, ANSWER_FALLBACKS))


def _fallbacks_dropped(match: HeaderMatch) -> HeaderMatch:
    """*match* without the answer columns named by a fallback label (ANSWER_FALLBACKS) when another label names one:
    対応可否 | 対応区分 (a column of パッケージ標準 or カスタマイズ beside the marks) was refused as two answer columns."""
    answers = match.candidates.get("answer", ())
    kept = tuple(c for c in answers if header(bare_label(match.labels[c])) not in _FALLBACK_LABELS)
    if not kept or len(kept) == len(answers):
        return match
    return replace(match, columns={**match.columns, "answer": kept[0]}, candidates={**match.candidates, "answer": kept})


def columns_read(table: Table) -> dict[str, int]:
    """Its field columns. Where several name a field beside the answer (a 備考 of the requirement and the
    vendor's own, in a spec workbook filled in), the nearest right of the answer column is the vendor's."""
    cols = {**table.match.columns, "id": table.id_col}
    answer = cols.get("answer")
    for field in ("timing", "alternative", "comment"):
        right = [c for c in table.match.candidates.get(field, ()) if answer is not None and c > answer]
        if right and len(table.match.candidates[field]) > 1:
            cols[field] = min(right)
    return cols


def field_columns(match: HeaderMatch) -> set[int]:
    """The columns whose label names a field, each candidate of it (not only the column read)."""
    return {c for cs in match.candidates.values() for c in cs}


def answer_columns(match: HeaderMatch) -> list[int]:
    """The columns naming the answer, in order: a column under the group ベンダ回答 without a label of its own is not
    one of them."""
    answers = match.candidates.get("answer", ())
    return sorted(tuple(c for c in answers if c not in match.inherited) or answers)


# A cell this long in a column per mark is a sentence: the column is one of notes or alternatives, not of marks.
SENTENCE = 20
