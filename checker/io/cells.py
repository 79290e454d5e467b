"""Cell addresses (sheet!A1) shared by every reader."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# Excel writes a sheet name bare in a reference only when it is a plain word that cannot be read as a cell
# (機能要件!D12, Sheet1!A1); any other name is quoted ('機能 要件'!D12, '2024'!A1, 'R1C1'!A1).
_PLAIN_NAME = re.compile(r"[^\W\d][\w.]*")
_LIKE_CELL = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[Rr]|[Cc]")


@cache  # a reader asks for the same few columns on every row
def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@cache
def sheet_ref(name: str, book: str = "") -> str:
    """A sheet name as Excel writes it before '!', so that an address can be typed into Excel's Go To (Ctrl+G).

    With *book*, the name of the file the sheet is in, as Excel names a sheet of another workbook ([A社_帳票.xlsx]帳票,
    '[A社 帳票.xlsx]Sheet1'): one vendor's answers in several files, each with its Sheet1."""
    plain = _PLAIN_NAME.fullmatch(name) and not _LIKE_CELL.fullmatch(name) and (not book or _PLAIN_NAME.fullmatch(book))
    ref = f"[{book}]{name}" if book else name
    return ref if plain else "'" + ref.replace("'", "''") + "'"


def address(sheet: str, row: int, col: int, book: str = "") -> str:
    """0-based row/col → 'sheet!A1' ('[book]sheet!A1' with *book*: sheet_ref)."""
    return f"{sheet_ref(sheet, book)}!{column_letter(col)}{row + 1}"


def covered(spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """The columns the half-open *spans* (first, end) cover, the spans merged before they are counted out: a
    hostile sheet's million 「hide every column」 records are one span, not billions of steps."""
    columns: set[int] = set()
    reach = 0
    for low, high in sorted(set(spans)):
        columns.update(range(max(low, reach), high))
        reach = max(reach, high)
    return frozenset(columns)
