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

import xlsxwriter

from . import atomic

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
        # Not constant_memory: the shared-string table it gives up makes writing ~1.7x slower, and a
        # report sheet (tens of thousands of rows at most) fits in memory easily.
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
        head = wb.add_format({"bold": True, "bg_color": "#E6E6E6", "border": 1, "text_wrap": True, "valign": "top"})
        body = wb.add_format({"valign": "top"})
        wrap = wb.add_format({"valign": "top", "text_wrap": True})
        for table in tables:
            ws = wb.add_worksheet(_sheet_name(table.name))
            for c, h in enumerate(table.header):
                ws.write_string(0, c, str(h), head)
            for c, w in enumerate(table.widths):
                ws.set_column(c, c, w, wrap if w >= 30 else body)
            n = 0
            for n, row in enumerate(table.rows, start=1):
                for c, v in enumerate(row):
                    if v is None or v == "":
                        continue
                    if isinstance(v, bool):
                        ws.write_boolean(n, c, v)
                    elif isinstance(v, (int, float)):
                        ws.write_number(n, c, v)
                    else:
                        ws.write_string(n, c, neutralize(str(v)))
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(n, 1), max(len(table.header) - 1, 0))
        wb.close()


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31] or "Sheet"
