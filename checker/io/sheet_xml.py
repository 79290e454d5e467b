"""Text scans of an .xlsx's XML parts as calamine reads them: sheet parts, shown values, hidden rows and columns."""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterator

from .cells import covered

_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
# A row flagged hidden, or given a height of 0 (an export tool's way: Excel shows it no more than a hidden one)
# hidden="1" and hidden="true" both start hidden="; both flags start with an "h", a rare letter in a sheet's XML (its
# texts are in the shared strings): _found_at hops from one "h" to the next
_ROW_HIDDEN_FLAGS = (b'hidden="', b'ht="0')
_TRUE = (b"1", b"true")
TAG_REACH = 2048
WORKBOOK, WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"  # where the sheets are named
WORKSHEETS = "xl/worksheets/"
STRINGS = "xl/sharedstrings.xml"  # the shared strings, as part_name spells them
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def part_name(member: str) -> str:
    """A zip member as calamine looks it up: without case, with / for \\."""
    return member.replace("\\", "/").lower()


# Markup as quick-xml splits it: a tag (whose attribute values may hold '>'), or a comment, CDATA,
# processing instruction or DOCTYPE, which are passed over whole.
MARKUP = re.compile(rb"""<(/?)([^\s/>!?]++)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>"""
                    rb"|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!(?:[^>\[]++|\[[^\]]*+\])*+>", re.S)
ATTR_ITEM = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def worksheet_sizes(infos: list[zipfile.ZipInfo]) -> dict[str, int]:
    """Worksheet part → its size as the zip declares it (of two members of one name, the larger)."""
    sizes: dict[str, int] = {}
    for info in infos:
        if (name := part_name(info.filename)).startswith(WORKSHEETS):
            sizes[name] = max(sizes.get(name, 0), info.file_size)
    return sizes


_CELL_START = re.compile(rb'<(?:\w++:)?c r="')
_WINDOW = 1 << 23


def cell_windows(xml: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) slices of a worksheet's XML, each but the last ending where a cell tag starts (<c r=", any prefix).
    A pattern whose matches hold no such start but at their own (a cell tag's attributes take no r outside quotes and
    no '<' inside them) finds in the slices, with pos and endpos, what it finds in the whole, while only one slice's
    matches are held: 20 million cells found at once took gigabytes."""
    start = 0
    while start < len(xml):
        found = _CELL_START.search(xml, start + _WINDOW)
        end = found.start() if found else len(xml)
        yield start, end
        start = end


def sheet_parts(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order, the part resolved from the relationships as calamine does."""
    rels, book = parts.get(WORKBOOK_RELS), parts.get(WORKBOOK)
    if rels is None or book is None:
        return []
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        targets[attrs.get(b"Id", b"")] = attrs.get(b"Target", b"").decode("utf-8", "replace")
    result = []
    for tag in _SHEET_TAG.findall(book):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        if (target := targets.get(rid)) is None:
            continue
        part = target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else "xl/" + target
        result.append((_xml_unescape(attrs.get(b"name", b"").decode("utf-8", "replace")), part_name(part)))
    return result


# A cell element that names its own cell, with its attributes and content (not a self-closing one).
_CELL_ELEMENT = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"([^>]*)(?<!/)>(.*)</c>', re.S)
_CELL_TAG = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"([^>]*)(?<!/)>')  # its start tag: column, row, attributes
# Searched for separately: each has a literal start, which re finds quickly (together, 25 times slower).
_FORMULA_START = re.compile(rb"<f[\s>/]")
_ERROR_FLAG = re.compile(rb' t="e"')  # as Excel and LibreOffice write it
_CELL_TYPE = re.compile(rb'\st="(\w+)"')
_CACHED_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)")  # its text; none in a shared formula's other cells


def shown_values(xml: bytes, zeros: set[tuple[int, int]] | None = None) -> dict[tuple[int, int], str]:
    """(row, column), 0-based → the text of each cell calamine reads as empty though Excel shows
    something: an error value ("#N/A") or a formula saved without its result ("=A1*2"; files
    written by programs such as openpyxl, never opened in Excel).

    A formula whose result is the empty string (t="str" with an empty <v>) stays empty; one of t="str"
    without any <v> has no result saved. *zeros*, when given, receives the cells of the formulas whose saved result
    is the number 0: what xlsxwriter and LibreOffice save for a formula they did not calculate (a text's too), read
    as 0 (formula_note says so).
    """
    shown: dict[tuple[int, int], str] = {}
    # Each pass starts with a search at near memory speed: a sheet with formulas has a </f> (the
    # other cells of a shared formula have none, its first cell has one).
    if _holds(xml, b"</f>", 2):
        _shown_cells(xml, _FORMULA_START, shown, set() if zeros is None else zeros)
    if _holds(xml, b' t="e"', 4):
        _shown_cells(xml, _ERROR_FLAG, shown, set())
    return shown


def _holds(xml: bytes, needle: bytes, rare: int) -> bool:
    """Whether *needle* is in *xml*: `needle in xml` is steered by the needle's last byte, a > or " found everywhere
    (33 ms against 4 ms for the two of shown_values over the corpus's 80 answer sheets, hopping: _found_at)."""
    return next(_found_at(xml, (needle,), rare), None) is not None


def _shown_cells(xml: bytes, marker: re.Pattern[bytes], shown: dict[tuple[int, int], str],
                 zeros: set[tuple[int, int]]) -> None:
    """Add to *shown* the cells that hold *marker*, and to *zeros* the formulas' whose saved result is the number 0
    (shown_values). Linear in the XML whatever it holds: each cell is looked for no further back than the previous
    one's end or TAG_REACH, and matched up to the first </c> after the marker."""
    pos = close = 0
    for hit in marker.finditer(xml):
        if hit.start() < pos:
            continue
        start = xml.rfind(b"<c ", max(pos, hit.start() - TAG_REACH), hit.start())
        pos = hit.end()
        if close < hit.end():
            close = xml.find(b"</c>", hit.end()) + 4
            if close < 4:
                return
        if start < 0 or xml.find(b"</c>", start, hit.start()) >= 0:
            continue  # not inside a cell: another writer's markup, left to calamine
        if marker is _FORMULA_START and (v := xml.find(b"<v>", hit.end(), close)) >= 0 and xml[v + 3:v + 4] != b"<":
            pos = close
            if xml.startswith(b"0</v>", v + 3):
                _add_zero(xml, start, hit.start(), zeros)
            continue  # a saved result, the usual case: calamine reads it (an error result is the other pass's)
        if (cell := _CELL_ELEMENT.fullmatch(xml, start, close)) is None:
            continue
        pos = close
        kind = (t[1] if (t := _CELL_TYPE.search(cell[3])) else b"n")
        value = _CACHED_VALUE.search(cell[4])
        if kind == b"e" and value and value[1]:
            text = value[1]
        elif (formula := _FORMULA.search(cell[4])) and not (value and value[1]) \
                and not (kind == b"str" and value) and kind not in (b"inlineStr", b"s"):
            text = b"=" + (formula[1] or "…".encode())
        else:
            continue
        shown[int(cell[2]) - 1, column_number(cell[1]) - 1] = _xml_unescape(text.decode("utf-8", "replace"))


def _add_zero(xml: bytes, start: int, end: int, zeros: set[tuple[int, int]]) -> None:
    """Add to *zeros* the cell whose tag starts at *start* (before *end*), a formula's whose saved result is 0, when
    that is the number: not FALSE (t="b"), nor the text "0" (t="str"). Its tag alone is matched: a sheet may hold a
    formula saved as 0 in every row."""
    if (tag := _CELL_TAG.match(xml, start, end)) and (b"t=" not in tag[3] or (t := _CELL_TYPE.search(tag[3])) is None
                                                      or t[1] == b"n"):
        zeros.add((int(tag[2]) - 1, column_number(tag[1]) - 1))


@functools.lru_cache(maxsize=1024)  # per cell of a column full of formulas saved as 0, say
def column_number(letters: bytes) -> int:
    """'A' → 1, 'xfd' → 16384, as calamine reads letters of either case."""
    return functools.reduce(lambda n, ch: n * 26 + ch - 64, letters.upper(), 0)


def _zero(size: bytes) -> bool:
    """Whether an attribute's *size* (a row's height, a column's width) is 0: the row or column does not show."""
    try:
        return float(size) == 0
    except ValueError:
        return False


def _hidden_row(tag: bytes) -> bool:
    attrs = dict(_ATTR.findall(tag))
    return attrs.get(b"hidden") in _TRUE or attrs.get(b"customHeight") in _TRUE and _zero(attrs.get(b"ht", b""))


def hidden_row_numbers(xml: bytes) -> frozenset[int]:
    """0-based numbers of the <row> elements flagged hidden="1" (or "true"), or of a custom height of 0, which
    calamine does not report.

    Found from the flags rather than by a regex over every row tag: a sheet of thousands of rows has a
    handful of hidden ones, and bytes.find runs at memory speed.
    """
    rows = set()
    for pos in _found_at(xml, _ROW_HIDDEN_FLAGS, 0):
        # A row tag is a few hundred bytes at most: looking no further for its ends keeps a text
        # full of hidden="1" (a hostile sheet) linear.
        start, end = xml.rfind(b"<", max(0, pos - TAG_REACH), pos), xml.find(b">", pos, pos + TAG_REACH)
        if start >= 0 and end >= 0 and xml[pos - 1:pos].isspace():
            tag = xml[start:end + 1]
            if _ROW_TAG.fullmatch(tag) and (m := _ROW_NUMBER.search(tag)) and _hidden_row(tag):
                rows.add(int(m.group(1)) - 1)
    return frozenset(rows)


_RARE = 1024  # a letter in at most one byte of this many ("h", "f", "e"): hopping between them beats a search


def _found_at(xml: bytes, needles: tuple[bytes, ...], at: int) -> Iterator[int]:
    """Where each of *needles* starts in *xml* (not in order), found by hopping between the byte they share at *at*, a
    letter a sheet's XML hardly holds (its texts are in the shared strings): bytes.find of a needle is steered by its
    last byte, a common " 0 or >, and is slow on XML (65 ms for the two hidden-row flags over the national progress
    workbook's 53 MB sheet), of one byte it is memchr (a hop from one "h" to the next over that sheet takes 5 ms).
    Once the letter proves common (a hop per _RARE bytes), each needle is searched for from there on, so that a sheet
    full of it costs little more than the plain searches."""
    letter = needles[0][at:at + 1]
    hops, pos = len(xml) // _RARE, xml.find(letter, at)
    while pos >= 0:
        if not hops:
            for needle in needles:
                hit = xml.find(needle, pos - at)
                while hit >= 0:
                    yield hit
                    hit = xml.find(needle, hit + 1)
            return
        if xml.startswith(needles, pos - at):
            yield pos - at
        pos, hops = xml.find(letter, pos + 1), hops - 1


_COLS_START, _COLS_END = re.compile(rb"<(?:\w+:)?cols\b"), re.compile(rb"</(?:\w+:)?cols>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_MAX_COLUMN = 16384  # XFD: a <col max> beyond it is no column of the sheet


def hidden_column_numbers(xml: bytes) -> frozenset[int]:
    """0-based numbers of the columns a <col> of the sheet's <cols> flags hidden="1" (or "true") or gives a
    width of 0, which calamine does not report. <cols> stands before <sheetData>: the cells are not searched."""
    end = xml.find(b"sheetData")
    end = end if end >= 0 else len(xml)
    if (start := _COLS_START.search(xml, 0, end)) is None or (stop := _COLS_END.search(xml, start.end(), end)) is None:
        return frozenset()
    spans = []
    for tag in _COL_TAG.findall(xml, start.end(), stop.start()):
        attrs = dict(_ATTR.findall(tag))
        low, high = attrs.get(b"min", b""), attrs.get(b"max", b"")
        if (attrs.get(b"hidden") in _TRUE or _zero(attrs.get(b"width", b"1"))) and low.isdigit() and high.isdigit():
            spans.append((int(low) - 1, min(int(high), _MAX_COLUMN)))
    return covered(spans)


def _xml_unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
