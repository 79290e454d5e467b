"""An .xlsx's shared strings: the counts its <sst> declares, the text its cells could copy, before calamine reads."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .limits import Limits, cells_ja, raise_hint
from .sheet_xml import ATTR_ITEM, MARKUP, TAG_REACH, cell_windows, worksheet_sizes

_SST_NAME_END = re.compile(rb"sst[\s/>]")  # a literal start, which re finds at memory speed (not so a leading "<")
_SST_START = re.compile(rb"<(?:[^\s<>/!?:]+:)?sst")
_SMALLEST_STRING = len(b"<si></si>")  # calamine counts no <si/>


def check_string_counts(path: Path, member: str, xml: bytes, limits: Limits, plain: re.Match[bytes] | None) -> None:
    """Refuse a shared-strings part whose <sst> declares more strings than it could hold or than the cell limit.

    calamine reserves room for uniqueCount strings (24 bytes each) before it reads one: a 2 KB file saying
    4,000,000,000 asks for 96 GB and aborts the process. count, the cells that use the strings, is held to
    the cell limit too (calamine does not reserve from it). Every <sst> tag counts, wherever it stands: of a
    *plain* part (_plain_strings), the one before the strings and any after their end, without another pass
    over the strings.
    """
    unique = total = 0
    tags = [plain["head"]] if plain else []
    for found in _SST_NAME_END.finditer(xml, plain.end() if plain else 0):
        start = xml.rfind(b"<", max(0, found.start() - TAG_REACH), found.start())
        if start < 0 or not _SST_START.fullmatch(xml, start, found.start() + 3) or not (tag := MARKUP.match(xml, start)):
            continue
        tags.append(tag[3])
    for attrs in tags:
        for attr in ATTR_ITEM.finditer(attrs):
            value = (attr[2] if attr[2] is not None else attr[3]).strip().lstrip(b"+")
            if attr[1] == b"uniqueCount" and value.isdigit():
                unique = max(unique, int(value))
            elif attr[1] == b"count" and value.isdigit():
                total = max(total, int(value))
    if unique > len(xml) // _SMALLEST_STRING:
        raise InputError(f"{path}: {member} に記録された文字列の数（{unique:,}）が、この部品の大きさ（{len(xml):,} バイト）で"
                         "書ける数を超えます。ファイルが壊れているか、読み込みでメモリを使い尽くさせる細工です。"
                         "元のファイルを Excel で開けるか確かめ、開ければ保存し直してください")
    if max(unique, total) > limits.max_cells:
        raise InputError(f"{path}: {member} に記録された文字列の数（{max(unique, total):,}）が、セル数の上限"
                         f"（{cells_ja(limits.max_cells)}、HYOJUN_MAX_CELLS）を超えます。" + raise_hint("HYOJUN_MAX_CELLS"))


# ---------------------------------------------------------------- text the cells copy from the shared strings
#
# calamine copies a shared string into every cell that refers to it, and Python holds another copy: a 150 KB file
# whose 30,000 cells refer to one 30,000-character string reads into 1.7 GB, whatever the cell limit. What the
# cells could copy is bounded before calamine reads the file, in steps each dearer and rarer than the one before:
# the worksheets' sizes times the longest string; the cells that may be of type s (bytes t), counted while the
# worksheets inflate, times the longest string; past the limit, the string each cell refers to, and the cells
# that are of type s (attributes t="s") but not written as the usual writers do, by the longest string. A string
# counts at least the text calamine makes of it: in a plain part, its text as written (entities shrink, phonetic
# runs and blanks between tags are left out by calamine); else the bytes it spans, its markup too (LibreOffice
# writes each run's font: a heading of 250 bytes spans 2,000). It counts those bytes or what Python holds of that
# many characters, whichever is more (_held), so that reading takes at most about twice the limit.

_STRING_CELL_BYTES = len(b'<c t="s"><v>0</v></c>')  # the least a cell referring to a shared string takes
_WS = rb"[ \t\r\n]*+"
_PLAIN_ATTRS = rb'(?:[ \t\r\n]++[\w:.-]++[ \t\r\n]*+=[ \t\r\n]*+"[^"<>]*+")*+' + _WS


def _plain_strings(own: bytes) -> re.Pattern[bytes]:
    """The shared strings as Excel, LibreOffice and the usual libraries write them, their elements named with
    *own* before (the prefix the <sst> has, as group p): no comment, CDATA or processing instruction, no attribute
    holding < or >, each <si> holding texts, runs and phonetic runs. There every tag is what quick-xml reads, and
    every string calamine reads is one <si> element, in order (group strings); the <sst>'s attributes: group head."""
    text = b"<" + own + rb"t" + _PLAIN_ATTRS + rb">[^<]*+</" + own + rb"t>"
    empty = b"<" + own + rb"(?!(?:si|sst)\b)[A-Za-z]++" + _PLAIN_ATTRS + rb"/>"  # (an <sst> only before the strings)
    run = (b"<" + own + rb"r>" + _WS + rb"(?:<" + own + rb"rPr>(?:" + _WS + empty + rb")*+" + _WS + rb"</" + own
           + rb"rPr>" + _WS + rb")?+" + text + _WS + rb"</" + own + rb"r>")
    phonetic = b"<" + own + rb"rPh" + _PLAIN_ATTRS + rb">" + _WS + text + _WS + rb"</" + own + rb"rPh>"
    string = (b"<" + own + rb"si>(?:" + _WS + b"(?:" + b"|".join((text, run, phonetic, empty)) + rb"))*+" + _WS
              + rb"</" + own + rb"si>")
    simple = (b"<" + own + rb"si><" + own + rb"t>[^<]*+</" + own + rb"t></" + own + rb"si>|<" + own + rb"si><" + own
              + rb't xml:space="preserve">[^<]*+</' + own + rb"t></" + own + rb"si>")  # most strings: tried first
    head = rb"<(?P<p>\w++):sst" if own else rb"<sst"
    return re.compile(rb"(?:\xef\xbb\xbf)?+(?:<\?xml[^<>?]*+\?>)?+" + _WS + head + rb"(?P<head>" + _PLAIN_ATTRS
                      + rb")>(?P<strings>(?:"
                      + simple + rb"|" + _WS + string + rb")*+)" + _WS + rb"</" + own + rb"sst>")


_PLAIN_STRINGS = (_plain_strings(b""), _plain_strings(rb"(?P=p):"))
# A cell of type s as the usual writers write it, with the index of its string.
_SHARED_STRING_CELL = re.compile(rb'<(?:(\w++):)?c r="[A-Za-z]{1,3}+[0-9]{1,7}+"(?: s="[0-9]{1,9}+")?+ t="s"'
                                 rb'(?: s="[0-9]{1,9}+")?+><(?(1)\1:)v>([0-9]{1,9}+)</(?(1)\1:)v></(?(1)\1:)c>')


@dataclass(frozen=True)
class StringTable:
    lengths: list[int] | None  # each string's cost (as above), in calamine's order; None: unclear, each may be the longest
    longest: int


class StringCells:
    """Counts the bytes t of a worksheet fed in pieces: every cell calamine reads as a shared string has its own
    attribute t (t="s"), so the count bounds those cells; a byte needs no carrying from piece to piece, and counts
    faster than any longer text (Excel writes few other t: a cell's t is most of them)."""

    def __init__(self) -> None:
        self.count = 0

    def feed(self, chunk: bytes) -> None:
        self.count += chunk.count(b"t")


def worksheet_reads(sheets: list[tuple[str, str]], members: Collection[str]) -> list[tuple[str | None, str]]:
    """(sheet name, part) of each worksheet calamine reads, a part listed twice read twice; then the worksheet
    parts no sheet names (None), in case calamine resolves a sheet otherwise."""
    named = [(sheet, part) for sheet, part in sheets if part in members]
    return named + [(None, part) for part in members if part not in {part for _, part in named}]


def copies_beyond(strings: list[tuple[bytes, re.Match[bytes] | None]], sheets: list[tuple[str, str]],
                  infos: list[zipfile.ZipInfo], limits: Limits) -> StringTable | None:
    """None when the worksheets are too small to copy more text than the limit from the shared strings, whatever
    their cells refer to (each string is then shorter than the limit shared among the most cells they could hold);
    else the strings, for the cells to be counted."""
    if not strings:
        return None  # a cell of type s then fails calamine's read: its string is not found
    sizes = worksheet_sizes(infos)
    cells = sum(sizes[part] for _, part in worksheet_reads(sheets, sizes)) // _STRING_CELL_BYTES
    bound = limits.max_text_bytes // max(cells, 1)
    xml, plain = strings[0]
    if len(strings) > 1:  # two parts of the name: which one calamine reads is not ours to guess
        lengths = None
    elif len(xml) * (width := _width(xml)) <= bound or (plain and _strings_within(xml, plain, bound // width)):
        return None  # a string spanning n bytes holds at most n characters, each at most the part's widest
    else:
        lengths = _string_lengths(xml, plain)
    longest = max(_held(xml) for xml, _ in strings) if lengths is None else max(lengths, default=0)
    return None if longest <= bound else StringTable(lengths, longest)


def plain_match(xml: bytes) -> re.Match[bytes] | None:
    return _PLAIN_STRINGS[0].match(xml) or _PLAIN_STRINGS[1].match(xml)


def _close_tag(plain: re.Match[bytes]) -> bytes:
    prefix = plain.groupdict().get("p")
    return b"</" + (prefix + b":" if prefix else b"") + b"si>"


def _strings_within(xml: bytes, plain: re.Match[bytes], bound: int) -> bool:
    """Whether no string of a plain part spans more than *bound* bytes: a close tag in every step of half of it
    (a find at memory speed for each step, not one for each string)."""
    close = _close_tag(plain)
    start, end = plain.span("strings")
    step = max(1, (bound - len(close)) // 2)
    last = xml.rfind(close, start, end)
    return all(xml.find(close, pos, pos + step + len(close) - 1) >= 0 for pos in range(start, last, step))


# Every tag of a plain part but a string's end tag: what is left of a string is its text, with its phonetic runs'
# and the blanks between its tags (a text holds no '<', an attribute value no '>').
_TAGS_BUT_STRING_ENDS = re.compile(rb"<(?!/(?:\w++:)?si>)[^>]*+>")


def _string_lengths(xml: bytes, plain: re.Match[bytes] | None) -> list[int] | None:
    if plain is None:
        return _walked_string_lengths(xml)
    texts = _TAGS_BUT_STRING_ENDS.sub(b"", xml[plain.start("strings"):plain.end("strings")])
    widest = _width(texts)
    return [_held(text, widest) for text in texts.split(_close_tag(plain))[:-1]]


# A character above U+FFFF, or a character reference, which may be one.
_ASTRAL = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4", b"&#")


def _width(text: bytes) -> int:
    """The bytes CPython holds each character of this UTF-8 text in, at most: it stores a string at the width of
    its widest character (1, 2 or 4 bytes), so one emoji among 100,000 ASCII characters quadruples it."""
    if text.isascii() and b"&#" not in text:
        return 1
    return 4 if any(lead in text for lead in _ASTRAL) else 2


def _held(text: bytes, widest: int = 4) -> int:
    """What a string of this UTF-8 text costs, at least: its bytes (calamine's copy), or what Python holds of it
    if more (its characters, at most one a byte, times their width); *widest*: the width of a text holding it."""
    if widest == 1 or text.isascii() and b"&#" not in text:
        return len(text)
    width = _width(text) if widest == 4 else widest
    return max(len(text), width * len(text.decode("utf-8", "replace")))


def _walked_string_lengths(xml: bytes) -> list[int] | None:
    """The bytes each string spans in a part laid out otherwise, walking the tags as quick-xml reads them; None
    when calamine's reading is in doubt (an <si> inside a string or inside a text it gathers, a string closed by
    another name, or not closed). calamine gathers a <t>'s text up to the <t>'s own end tag, whatever stands between."""
    lengths: list[int] = []
    start, opened = -1, b""  # where the open string's <si> starts, and its name
    text = b""  # the name of the open <t>
    for m in MARKUP.finditer(xml):
        closing, name, attrs = m[1], m[2], m[3]
        if name is None:
            continue
        local = name.rpartition(b":")[2]
        if text:
            if closing and name == text:
                text = b""
            elif local == b"si":
                return None
        elif local == b"si":
            if start >= 0 and (not closing or name != opened):
                return None
            if closing:
                if start >= 0:
                    lengths.append(_held(xml[start:m.end()]))
                start = -1
            elif attrs.endswith(b"/"):
                lengths.append(m.end() - m.start())  # <si/>: an empty string
            else:
                start, opened = m.start(), name
        elif start < 0 and closing and local == b"sst":
            break
        elif start >= 0 and not closing and local == b"t" and not attrs.endswith(b"/"):
            text = name
    return lengths if start < 0 else None


# The attribute t="s" spelled otherwise than the usual writers do (calamine compares its value unescaped).
_SPELLED_STRING_TYPE = re.compile(rb"""t(?:[ \t\r\n]++=[ \t\r\n]*+|=[ \t\r\n]++|=(?='))(?:"s"|'s')""")


def copied_text(xml: bytes, table: StringTable) -> int:
    """The bytes a worksheet's cells copy from the shared strings, at most: the cells written as the usual writers
    do by the string each refers to, the other attributes t="s" by the longest string. Not the bytes t counted
    before: LibreOffice writes ht=, customHeight=, outlineLevel= on every row and t="n" on every number."""
    found: Counter[tuple[bytes, bytes]] = Counter()
    types = xml.count(b't="s"')
    for start, end in cell_windows(xml):
        found.update(_SHARED_STRING_CELL.findall(xml, start, end))
        types += len(_SPELLED_STRING_TYPE.findall(xml, start, end))
    total = (types - sum(found.values())) * table.longest  # each cell found holds one t="s"
    lengths = table.lengths
    for (_, index), cells in found.items():
        if lengths is None:
            total += cells * table.longest
        elif int(index) < len(lengths):  # past the end, calamine fails the read: nothing is copied
            total += cells * lengths[int(index)]
    return total
