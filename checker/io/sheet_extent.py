"""The rectangle calamine builds for a worksheet, measured from its XML before calamine builds it."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Collection
from dataclasses import dataclass

from .cells import column_letter
from .sheet_xml import ATTR_ITEM, MARKUP, cell_windows, column_number

# A value far from the others makes calamine allocate the whole rectangle between them before it
# returns (one value in XFD1048576 asks for 549 GB and aborts the process), and our rows then pad it
# from A1. So the rectangle of every worksheet is bounded from its XML first, in two steps: a quick
# scan, one regex match per cell, clears a sheet whose cells all start with their own reference in a
# class small enough; the other sheets take an exact walk that places cells as calamine does.

_CELL_CLASSES = (  # (column letters, largest column they name, digits of the row)
    (rb"[A-Za-z]{1,2}+", 702, 6),
    (rb"[A-Za-z]{1,2}+", 702, 5),
    (rb"[A-Ra-r]?[A-Za-z]", 494, 5),
    (rb"[A-Fa-f]?[A-Za-z]", 182, 5),
    (rb"[A-Za-z]", 26, 5),
    (rb"[A-Za-z]", 26, 4),
)
# The other attributes of a cell tag, without a second r (calamine takes the last one, in any
# spelling), read value by value: quick-xml accepts '<' and '>' inside them, so such a value ends
# the match too. Single quotes, which Excel never writes, leave the sheet to the walk.
_ATTRIBUTES_WITHOUT_R = rb"""[^r>"']*+(?:"[^"<>]*+"[^r>"']*+)*+"""
# The same to the tag's end, trying first the endings Excel writes most (a third less time on a large sheet).
_EXCEL_TAG_REST = rb'(?: t="s">|>|/>| s="[0-9]++"(?: t="s">|>|/>)|' + _ATTRIBUTES_WITHOUT_R + rb">)"
_NOT_SELF_CLOSING = _ATTRIBUTES_WITHOUT_R + rb"(?<!/)>"
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # calamine takes <x:c> for a cell too
_NAME_ENDS = b" \t\r\n/>"
_OWN_REFERENCE = rb"[A-Za-z]++[0-9]++"
# A cell that names its own cell and is not self-closing: calamine keeps it when it has a value,
# and an empty <c r="…"></c> counts here too (Excel writes empty cells self-closing).
_REFERENCED_CELL = re.compile(rb'<c r="([A-Za-z]++)([0-9]++)"' + _NOT_SELF_CLOSING)


@functools.lru_cache(maxsize=4)
def quick_cell_pattern(max_cells: int) -> re.Pattern[bytes] | None:
    """Finds a `<c` whose first attribute is not a reference in the largest class whose rectangle
    fits *max_cells*, or that has a second r; None when no class fits (every sheet is measured)."""
    for letters, columns, digits in _CELL_CLASSES:
        if columns * (10 ** digits - 1) <= max_cells:
            return _uncleared_cell(letters + rb"[0-9]{1,%d}+" % digits)
    return None


def _uncleared_cell(reference: bytes) -> re.Pattern[bytes]:
    return re.compile(rb'<c(?! r="' + reference + rb'"' + _EXCEL_TAG_REST + rb")")


_CELL_WITHOUT_OWN_REFERENCE = _uncleared_cell(_OWN_REFERENCE)


def _has_uncleared_cell(xml: bytes, pattern: re.Pattern[bytes], end: int) -> bool:
    """Whether a cell element the quick scan cannot clear (any prefixed one, or a `<c` *pattern*
    finds) starts before *end*."""
    if _PREFIXED_CELL.search(xml, 0, end + 2):
        return True
    pos = 0
    while (found := pattern.search(xml, pos)) and found.start() < end:
        if xml[found.end():found.end() + 1] in _NAME_ENDS:  # a c element, not <col>, <color>…
            return True
        pos = found.end()
    return False


class ExtentProbe:
    """Quick scan of one worksheet's XML, fed in pieces: `close()` is True when every cell element
    names its own cell, inside the class, so calamine's rectangle fits the cell limit.

    It reads the whole part, not only <sheetData>: other elements are never taken for cells, and a
    region found by text search could be fooled by comments or CDATA.
    """

    _AHEAD = 256  # longer than the cell tags Excel writes: a `<c` nearer the end waits for the next piece

    def __init__(self, cell_pattern: re.Pattern[bytes] | None) -> None:
        self._cell = cell_pattern
        self._clear = cell_pattern is not None
        self._carry = b""

    def feed(self, chunk: bytes, last: bool = False) -> None:
        if not self._clear:
            return
        if len(chunk) < self._AHEAD and not last:
            self._carry += chunk
            return
        assert self._cell is not None
        # A `<c` left at the end of the last piece is judged with this piece's first bytes; the
        # pieces themselves are scanned in place (no copy of a 1 MB step).
        end = len(chunk) if last else len(chunk) - self._AHEAD
        if (self._carry and _has_uncleared_cell(self._carry + chunk[:self._AHEAD], self._cell, len(self._carry))) \
                or _has_uncleared_cell(chunk, self._cell, end):
            self._clear, self._carry = False, b""
        else:
            self._carry = chunk[end:]

    def close(self) -> bool:
        self.feed(b"", last=True)
        return self._clear


@dataclass
class _Extent:
    """The rectangle from A1 to the farthest value (1-based sizes) and the cells that set it."""
    rows: int = 0
    cols: int = 0
    far: tuple[tuple[int, int], ...] = ()  # 0-based (row, column) of the cells at the last row and column

    def cells(self) -> str:
        return " と ".join(dict.fromkeys(f"{column_letter(c)}{r + 1}" for r, c in self.far))


def value_extent(xml: bytes) -> _Extent | None:
    """The rectangle calamine builds for a worksheet (None when calamine refuses the sheet)."""
    if _has_uncleared_cell(xml, _CELL_WITHOUT_OWN_REFERENCE, len(xml)):
        return _walk_extent(xml)
    return _referenced_extent(xml)


def _referenced_extent(xml: bytes) -> _Extent | None:
    """The extent of a sheet whose every cell names its own cell once: from the references alone,
    gathered in C (a walk of a sheet of a million cells takes seconds in Python), a slice at a time."""
    last_row = 0
    letters: dict[bytes, int] = {}
    for start, end in cell_windows(xml):
        if not (refs := _REFERENCED_CELL.findall(xml, start, end)):
            continue
        rows = set(map(operator.itemgetter(1), refs))
        if min(rows).startswith(b"0") and not all(d.strip(b"0") for d in rows):
            return None  # calamine refuses the row 0
        last_row = max(last_row, _greatest_number(rows))
        for spelling in set(map(operator.itemgetter(0), refs)) - letters.keys():
            letters[spelling] = column_number(spelling)
    if not letters:
        return _Extent()
    last_col = max(letters.values())
    # the farthest cells, for the message: the last column in the last row, the last row in the last column
    in_last_row = re.findall(rb'<c r="([A-Za-z]++)0*%d"' % last_row + _NOT_SELF_CLOSING, xml)
    in_last_col = [row for spelling, col in letters.items() if col == last_col
                   for row in re.findall(rb'<c r="' + spelling + rb'([0-9]++)"' + _NOT_SELF_CLOSING, xml)]
    return _Extent(last_row, last_col, ((last_row - 1, max(map(column_number, in_last_row)) - 1),
                                        (_greatest_number(in_last_col) - 1, last_col - 1)))


def _greatest_number(digits: Collection[bytes]) -> int:
    """The greatest of many digit strings without an int() for each (a million calls take a second):
    the longest, then greatest, once the rare leading zeros are gone."""
    if min(digits).startswith(b"0"):
        digits = [d.lstrip(b"0") for d in digits]
    return int(max(zip(map(len, digits), digits))[1] or b"0")


_CELL_REF = re.compile(rb"([A-Za-z]+)([0-9]+)")
_ROW_REF = re.compile(rb"[A-Za-z]*([0-9]+)")


def _r_attrs(attrs: bytes) -> list[bytes]:
    return [m[2] if m[2] is not None else m[3] for m in ATTR_ITEM.finditer(attrs) if m[1] == b"r"]


def _walk_extent(xml: bytes) -> _Extent | None:
    """The extent of any sheet, walking its tags as calamine reads them.

    calamine places a cell by its last r attribute, else one column after the previous cell (a row
    by its first r, else one after the previous row), and keeps only cells with a value. A cell with
    a <v> or <is> counts here even when empty: calamine may keep it.
    """
    last_row_cell = last_col_cell = (-1, -1)  # the valued cells that reach farthest down and right
    tokens = MARKUP.finditer(xml)
    for m in tokens:
        if m[2] is not None and not m[1] and m[2].rpartition(b":")[2] == b"sheetData":
            if m[3].endswith(b"/"):
                return _Extent()
            break
    else:
        return _Extent()
    row = col = 0  # calamine's counters, 0-based
    cell: tuple[int, int] | None = None  # the cell being read
    valued = False
    skip, depth = b"", 0  # a child of the cell being passed over, by its qualified name, and its nesting
    for m in tokens:
        closing, name, attrs = m[1], m[2], m[3]
        if name is None:
            continue
        empty = attrs.endswith(b"/")
        if skip:
            if name == skip and not empty:
                depth += -1 if closing else 1
                if not depth:
                    skip = b""
            continue
        local = name.rpartition(b":")[2]
        if cell is not None:
            if closing and local == b"c":
                if valued:
                    last_row_cell = max(last_row_cell, cell)
                    last_col_cell = max(last_col_cell, cell, key=lambda rc: (rc[1], rc[0]))
                cell, col = None, col + 1
            elif not closing:
                valued = valued or local in (b"v", b"is")
                if not empty:
                    skip, depth = name, 1
        elif closing:
            if local == b"row":
                row, col = row + 1, 0
            elif local == b"sheetData":
                break
        elif local == b"c":
            at_row = row
            if refs := _r_attrs(attrs):
                if (ref := _CELL_REF.fullmatch(refs[-1])) is None or not int(ref[2]):
                    return None
                at_row, col = int(ref[2]) - 1, column_number(ref[1]) - 1
            if empty:
                col += 1
            else:
                cell, valued = (at_row, col), False
        elif local == b"row":
            if refs := _r_attrs(attrs):
                if (ref := _ROW_REF.fullmatch(refs[0])) is None or not int(ref[1]):
                    return None
                row = int(ref[1]) - 1
            if empty:
                row, col = row + 1, 0
    if last_row_cell[0] < 0:
        return _Extent()
    return _Extent(last_row_cell[0] + 1, last_col_cell[1] + 1, (last_row_cell, last_col_cell))
