"""Cell addresses (sheet!A1) shared by every reader."""

from __future__ import annotations

from functools import cache


@cache  # a reader asks for the same few columns on every row
def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address(sheet: str, row: int, col: int) -> str:
    """0-based row/col → 'sheet!A1'."""
    return f"{sheet}!{column_letter(col)}{row + 1}"
