"""Tabular exports shared by every report: CSV (UTF-8 with BOM) and XLSX, formula-safe and atomic.

Exported sheets follow the machine-readability rules (行政データにおける機械可読性ルール):
one table per sheet, header in row 1, no merged cells, ids as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import atomic, xlsx

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Make a text cell inert in spreadsheets: prefix "'" when it could start a formula.

    A lone "-" (the 対象外 mark after NFKC) cannot be a formula and stays readable.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value != "-":
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    """One sheet: a name, header labels and rows of plain values (str / int / float / None)."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


def csv_bytes(table: Table) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in table.header])
    for row in table.rows:
        writer.writerow(["" if v is None else neutralize(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def write_csv(path: Path, table: Table) -> None:
    atomic.write_bytes(path, csv_bytes(table))


def write_xlsx(path: Path, tables: Sequence[Table]) -> None:
    """Each table as one sheet: bold header in row 1, autofilter, frozen header, text cells as text."""
    with atomic.atomic_path(path) as tmp:
        xlsx.write_workbook(tmp, tables, neutralize)
