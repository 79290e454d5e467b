"""Tabular exports shared by every report: CSV (UTF-8 with BOM) and XLSX, formula-safe and atomic.

Exported sheets follow the machine-readability rules (行政データにおける機械可読性ルール):
one table per sheet, header in row 1, no merged cells, ids as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from ..dates_ja import shown_time
from . import atomic, xlsx
from .formulas import FORMULA_START, LONE_DASHES, looks_like_formula


def neutralize_row(row: Iterable[Any]) -> list[Any]:
    """Make the text cells of a CSV row inert in spreadsheets: prefix "'" when one looks like a formula.

    One comprehension per row rather than a call per cell: an export of every report writes millions of cells.
    """
    return ["'" + v if isinstance(v, str) and v[:1] in FORMULA_START and looks_like_formula(v) else v for v in row]


# looks_like_formula as a search over texts each preceded by a NUL: a character of FORMULA_START after a NUL, unless
# it is a lone dash (one followed by the next NUL or the end). Texts holding a NUL of their own are tested cell by cell:
# 「-\0abc」 would pass for a lone dash.
_LIKE_FORMULA_AFTER_NUL = re.compile(r"\x00(?![%s](?:\x00|\Z))[%s]" % (
    re.escape("".join(sorted(LONE_DASHES))), re.escape("".join(sorted(FORMULA_START)))))


def neutralize_rows(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """*rows* with neutralize_row applied, or as they are when no text cell of theirs looks like a formula.

    A report's texts hardly ever do: one regular expression search over all of them joined (in C) replaces a test
    of every cell in Python, which was ~45 % of the time of writing a report's CSV (100 reports of the national
    corpus: 0.89 s → 0.74 s).
    """
    rows = list(rows)
    try:
        joined = "\0" + "\0".join(chain.from_iterable(rows))
    except TypeError:  # not all texts (a number, None): tested cell by cell
        return map(neutralize_row, rows)
    inert = joined.count("\0") == sum(map(len, rows)) and _LIKE_FORMULA_AFTER_NUL.search(joined) is None
    return rows if inert else map(neutralize_row, rows)


@dataclass(frozen=True)
class Table:
    """One sheet: a name, header labels and rows of plain values (str / int / float / None)."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    freeze_cols: int = 0  # in XLSX, the first columns (ID, 名称) stay in view when scrolling, as the header row


def label_width(labels: Iterable[str]) -> int:
    """The width of a column that shows each of *labels* (the tool's own: 状態, 実装区分 …) on one line."""
    return max(map(xlsx.text_width, labels)) + 2


def csv_bytes(table: Table) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(neutralize_row(table.header))
    writer.writerows(neutralize_rows(table.rows))  # None is written as an empty field
    return buf.getvalue().encode("utf-8-sig")


def write_csv(path: Path, table: Table) -> None:
    atomic.write_bytes(path, csv_bytes(table))


def write_xlsx(path: Path, tables: Sequence[Table], *, title: str = "", generated_at: str = "") -> None:
    """Each table as one sheet: bold header in row 1, autofilter, frozen header, text cells as text (the vendor's
    text as written: one that looks like a formula is marked quotePrefix, Excel's invisible 「文字列として入力」).

    Printed, each page is headed by *title* (the report's: area, version, vendor) and the sheet's name, and
    its foot shows *generated_at* (an ISO time, as in the report's provenance) and the page number.
    """
    with atomic.atomic_path(path) as tmp:
        xlsx.write_workbook(tmp, tables, title, made_stamp(generated_at), generated_at)


def made_stamp(generated_at: str) -> str:
    """The foot of each printed page of a workbook made at *generated_at* (an ISO time): 「作成日時 2026年12月6日 14:14」."""
    return f"作成日時 {shown_time(generated_at)}" if generated_at else ""
