"""Find a header row (not assume it): alias matching, two-row headers, merged header cells."""

from __future__ import annotations

from dataclasses import dataclass

from ..normalize import header
from .workbook import Sheet

HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class HeaderMatch:
    row: int  # 0-based index of the last header row; data starts below it
    columns: dict[str, int]  # field → 0-based column
    labels: dict[int, str]  # column → normalised label that named it


def merged_fill(sheet: Sheet, rows: range, columns: range | None = None) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each non-anchor cell of a merged range (within *rows*/*columns*) to its top-left anchor."""
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        cols = range(c0, c1 + 1) if columns is None else range(max(c0, columns.start), min(c1 + 1, columns.stop))
        for r in range(max(r0, rows.start), min(r1 + 1, rows.stop)):
            for c in cols:
                if (r, c) != (r0, c0):
                    fill[(r, c)] = (r0, c0)
    return fill


def _row_labels(sheet: Sheet, r: int, fill: dict[tuple[int, int], tuple[int, int]]) -> dict[int, str]:
    labels: dict[int, str] = {}
    for c, value in enumerate(sheet.rows[r]):
        label = header(value)
        if not label and (r, c) in fill:
            r0, c0 = fill[(r, c)]
            label = header(sheet.rows[r0][c0])
        if label:
            labels[c] = label
    return labels


def find_header(sheet: Sheet, aliases: dict[str, tuple[str, ...]], key: str = "id",
                required: tuple[str, ...] = ()) -> HeaderMatch | None:
    """The first row in the first 30 whose cells name *key* (and every *required* field).

    When the row below also holds known labels (a two-row header such as 「ベンダ回答」 over
    「対応状況」「備考」), the lower label names its column.
    """
    lookup = {header(a): f for f, names in aliases.items() for a in names}
    scan = range(0, min(HEADER_SCAN_ROWS, len(sheet.rows)) + 1)
    fill = merged_fill(sheet, scan, range(0, 1 << 14))
    for r in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        upper = _row_labels(sheet, r, fill)
        if not any(lookup.get(lab) == key for lab in upper.values()):
            continue
        labels = dict(upper)
        last = r
        if r + 1 < len(sheet.rows):
            lower = _row_labels(sheet, r + 1, fill)
            own = {c: lab for c, lab in lower.items() if header(sheet.rows[r + 1][c])}
            if own and all(lab in lookup for lab in own.values()):
                labels.update(own)
                last = r + 1
        columns: dict[str, int] = {}
        for c in sorted(labels):
            f = lookup.get(labels[c])
            if f is not None and f not in columns:
                columns[f] = c
        if all(f in columns for f in required):
            return HeaderMatch(last, columns, labels)
    return None
