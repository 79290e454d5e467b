"""Workbooks a person fills in (the readiness self-report, the vendors' answer sheet), written with XlsxWriter: a
guide sheet of lines, and every sheet printed as xlsx.write_workbook prints its own."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from ..clock import now_iso
from .export import made_stamp
from .xlsx import WIDE_SCALE, landscape, page_footer, page_header, printed_across

Printed = Sequence[tuple[Worksheet, Sequence[float]]]  # each sheet with its columns' widths


def open_book(path: Path) -> xlsxwriter.Workbook:
    # in memory: no temp files of XlsxWriter's own in %TEMP% (a full one failed the sheet, not its folder)
    return xlsxwriter.Workbook(str(path), {"in_memory": True})


def add_guide(wb: xlsxwriter.Workbook, name: str, lines: Sequence[str], width: float) -> Worksheet:
    """A sheet of *lines* in one column *width* wide, the first in bold: how to fill in the others."""
    guide = wb.add_worksheet(name)
    guide.set_column(0, 0, width)
    bold = wb.add_format({"bold": True})
    for i, line in enumerate(lines):
        guide.write_string(i, 0, line, bold if i == 0 else None)
    return guide


def close_book(wb: xlsxwriter.Workbook, printed: Printed, title: str) -> None:
    """Set how each sheet of *printed* prints, as xlsx.write_workbook prints its own (A4, one page wide or, when that
    would be below 70 %, at 70 % over pages across with the ID column on each; *title* and the sheet's name above,
    when it was made and the page number below) and write the workbook: an OSError, not XlsxWriter's wrapper of it,
    when it cannot be written."""
    footer = page_footer(made_stamp(now_iso()))
    for sheet, widths in printed:
        sheet.set_paper(9)  # A4
        if landscape(widths):
            sheet.set_landscape()
        if printed_across(widths):
            sheet.set_print_scale(WIDE_SCALE)
            sheet.repeat_columns(0)
            sheet.print_across()
        else:
            sheet.fit_to_pages(1, 0)
        sheet.set_header(page_header(title))
        sheet.set_footer(footer)
    try:
        wb.close()
    except FileCreateError as exc:  # no traceback for a full disk or a locked file
        raise (exc.__context__ if isinstance(exc.__context__, OSError) else OSError(str(exc))) from None
