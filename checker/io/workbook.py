"""Read a spreadsheet file once into plain rows: xlsx/xlsm/xls via python-calamine, csv via stdlib.

This module knows file formats and nothing of specs or answers. Cells come as Excel shows them:
python-calamine reads an error value (#N/A) and a formula saved without its result as empty cells,
which would pass for unanswered, so these are read from the file and given as text ("#N/A",
"=VLOOKUP(…)"). A file is read by its content, not its name: a workbook renamed .xls ↔ .xlsx, and
CSV text named .xlsx / .xlsm / .xls, are read as what they are. It refuses what is not a spreadsheet
(naming an empty file, HTML and Excel 2003 XML), the formats python-calamine reads but we do not
(.ods, .xlsb), password-protected workbooks, zip bombs and sheets whose cells would span more than
the cell limit, with a Japanese message naming the file.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import operator
import os
import re
import struct
import sys
import tempfile
import threading
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..errors import InputError, os_reason
from ..paths import EXCEL_LOCK_PREFIX, SPREADSHEET_SUFFIXES, not_found
from .cells import address, column_letter, covered, sheet_ref
from .filetype import OLE_MAGIC, PDF_MAGIC, ZIP_MAGIC
from .input_file import read_input
from .limits import Limits, raise_hint
from .text import decode_text
from .xls_records import XlsCopiedText, XlsDamaged, XlsEncrypted, XlsSheet, read_xls_records

Merge = tuple[tuple[int, int], tuple[int, int]]

_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
# A row flagged hidden, or given a height of 0 (an export tool's way: Excel shows it no more than a hidden one)
_ROW_HIDDEN_FLAGS = (b'hidden="1"', b'hidden="true"', b'ht="0')
_TRUE = (b"1", b"true")
_HIDING = (b'hidden="', b'ht="0', b'width="0')  # what a sheet that hides a row or a column holds (its part is kept)
_TAG_REACH = 2048
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"  # where the sheets are named
_WORKSHEETS = "xl/worksheets/"
_STRINGS = "xl/sharedstrings.xml"  # the shared strings, as _part_name spells them
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
# Members that make python-calamine read a zip as OpenDocument or as a binary workbook (.xlsb).
_ODF_PARTS = frozenset({"mimetype", "content.xml"})
_XLSB_PART = "xl/workbook.bin"


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # rectangular: every row has the same length, empty cells are ""
    merged: list[Merge] = field(default_factory=list)
    hidden: bool = False
    very_hidden: bool = False  # hidden so that Excel's 再表示 does not list it (VBA only)
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    # (row, column) of the formulas an .xlsx saved without result, given as "=…", and of every .xls formula, given as
    # the result the file saved (formula_note)
    formulas: AbstractSet[tuple[int, int]] = frozenset()
    book: str = ""  # the name of its file when several are read as one (one vendor's 機能 and 帳票 files): addresses name it

    @property
    def hidden_as(self) -> str:
        """How the sheet is hidden, as a message says it (シート「X」は…です, …のシート「X」), "" when it is not: a
        veryHidden one as Excel's 再表示 does not list it, for the advice to unhide or delete it to be followed."""
        if self.very_hidden:
            return "非表示（Excel の「再表示」にも出ず、VBA でのみ表示できます）"
        return "非表示" if self.hidden else ""

    @property
    def ref(self) -> str:
        """The sheet as its addresses name it before '!' (cells.sheet_ref)."""
        return sheet_ref(self.name, self.book)

    def address(self, row: int, col: int) -> str:
        """0-based row/col → its address (cells.address)."""
        return address(self.name, row, col, self.book)

    @functools.cached_property
    def merged_rows(self) -> dict[int, list[Merge]]:
        """Per row of its cells, the merges over a cell of it, in the order of *merged*, made once: a reader of a few rows
        (a table, a header) looks at theirs, not at every merge of the sheet each time (a 2 MB file holds 400,000 merges,
        a sheet thousands of tables). A merge is on each of its rows the sheet has (A1:XFD1048576 on every row), one right
        of its cells on none; as read_workbook refuses merges covering more cells than the sheet has, the lists hold at
        most one entry per cell."""
        height, width = len(self.rows), len(self.rows[0]) if self.rows else 0
        by_row: dict[int, list[Merge]] = {}
        for merge in self.merged:
            (r0, c0), (r1, c1) = merge
            if c0 < width:
                for r in range(r0, min(r1 + 1, height)):
                    by_row.setdefault(r, []).append(merge)
        return by_row


@dataclass
class Workbook:
    path: Path
    sha256: str
    format: str  # xlsx / xls / csv
    sheets: list[Sheet]
    encoding: str = ""  # csv only

    @property
    def file_name(self) -> str:
        return self.path.name


def read_workbook(path: str | Path, limits: Limits | None = None, *, hidden_rows: bool = True) -> Workbook:
    """Read every sheet of *path*. Raises InputError with a clear message on any problem.

    hidden_rows=False neither keeps nor scans the sheet XML (a copy of every sheet's XML on a large
    workbook) for hidden rows and columns, nor keeps those of an .xls (its records are walked anyway, to bound
    its sheets), for readers that use neither `Sheet.hidden_rows` nor `Sheet.hidden_columns`.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    try:
        if path.is_dir():
            raise InputError(f"{path}: フォルダです。表計算ファイル（.xlsx / .xls / .csv）を指定してください")
        data = read_input(path, limits)  # a file that is there may still be denied (locked by another program, its ACL)
    except FileNotFoundError:
        raise not_found(path, SPREADSHEET_SUFFIXES) from None
    except OSError as exc:
        raise InputError(f"{path}: {os_reason(exc)}") from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if data.startswith(ZIP_MAGIC):
        scan = _check_zip(path, data, limits, keep_sheets=hidden_rows)
        _refuse_wide_sheets(path, data, scan, limits)
        _refuse_copied_text(path, data, scan, limits)
        parts = [(sheet, part) for sheet, part in scan.sheets if part in scan.parts] if hidden_rows else []
        hidden = {sheet: _hidden_row_numbers(scan.parts[part]) for sheet, part in parts}
        columns = {sheet: _hidden_column_numbers(scan.parts[part]) for sheet, part in parts}
        shown = {sheet: scan.shown[part] for sheet, part in scan.sheets if part in scan.shown}
        return Workbook(path, digest, "xlsx", _read_calamine(path, data, limits, hidden, columns, shown))
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise _password_protected(path)
        try:
            records = read_xls_records(data, hidden_rows=hidden_rows, max_text=limits.max_text_bytes,
                                       max_cells=limits.max_cells)
        except XlsEncrypted:
            raise _password_protected(path) from None
        except XlsCopiedText as exc:
            raise _too_much_text(path, f"シート「{exc.sheet}」", exc.total, limits) from None
        except XlsDamaged as exc:  # calamine would panic, or loop or allocate until the process dies
            raise _unreadable_book(path) from exc
        _refuse_large_xls(path, records.sheets, limits)
        return Workbook(path, digest, "xls", _read_calamine(path, data, limits, records.hidden_rows,
                                                           records.hidden_columns, records.errors, records.formulas))
    if not data:
        raise InputError(f"{path}: 空のファイルです（0 バイト）。保存やコピーが途中で止まっていないか確かめてください")
    if suffix in _TEXT_SUFFIXES or (suffix in _BOOK_SUFFIXES and _is_text_table(path, data)):
        sheet, encoding = _read_csv(path, data, limits)
        return Workbook(path, digest, "csv", [sheet], encoding)
    raise InputError(f"{path}: {_not_a_spreadsheet(path, data)}")


_TEXT_SUFFIXES = (".csv", ".txt")
_BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_HEAD = 4096  # where a markup file names what it is
_HTML_PAGE = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_HTML_TABLE = re.compile(rb"<table\b", re.IGNORECASE)  # a bare table, as some systems write; also SpreadsheetML's <Table>
# The root of an Excel 2003 XML spreadsheet (SpreadsheetML), and the processing instruction Excel writes before it.
_SPREADSHEETML = re.compile(rb'urn:schemas-microsoft-com:office:spreadsheet|progid="Excel\.Sheet"')
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Excel's 「単一ファイル Web ページ」 (MHTML): text, its MIME headers first, then the page as a text/html part.
_MHTML = re.compile(rb"\s*MIME-Version:.*?text/html", re.S | re.I)


def _is_text_table(path: Path, data: bytes) -> bool:
    """Whether *data* is text to read as CSV: a CSV or tab-separated text saved under a workbook's name (as old
    systems' 「Excel 出力」 do, and Excel opens). Markup (HTML, XML), PDF and binary data are not."""
    if _MHTML.match(data, 0, _HEAD):
        return False
    try:
        text, _ = decode_text(path, data)
    except InputError:
        return False
    return not text.lstrip("\ufeff \t\r\n").startswith(("<", PDF_MAGIC.decode())) and not _CONTROL_CHAR.search(text)


def _not_a_spreadsheet(path: Path, data: bytes) -> str:
    """Why *data* (not a zip, an OLE file or an empty file) cannot be read, and what to do, for a message."""
    head = data[:_HEAD]
    if path.name.startswith(EXCEL_LOCK_PREFIX):
        return ("Excel がブックを開いている間に作る一時ファイル（~$ で始まる名前）で、回答ファイルではありません。"
                "指定から除いてください（ブックを閉じると消えます）")
    save_as = "Excel で開き、Excel ブック（.xlsx）として保存し直してください"
    html = f"中身は Web ページ（HTML）で、表計算ファイルではありません。{save_as}"
    if _HTML_PAGE.search(head) or _MHTML.match(head):  # Excel's own Web page names the office namespaces too
        return html
    if _SPREADSHEETML.search(head):
        return f"中身は Excel 2003 XML スプレッドシート形式のため読めません。{save_as}"
    if _HTML_TABLE.search(head):
        return html
    if head.startswith(PDF_MAGIC):
        kind = "（PDF ファイルです）"
    elif path.suffix.lower() not in _BOOK_SUFFIXES and _is_text_table(path, data):
        kind = "（中身はテキストです。区切り文字で書いた表なら拡張子を .csv にしてください）"
    else:
        kind = ""
    return f"表計算ファイルではありません{kind}。.xlsx / .xlsm / .xls / .csv の表計算ファイルを指定してください"


@dataclass
class _ZipScan:
    parts: dict[str, bytes]  # part name → XML: the workbook part, its relationships, and the sheets kept for hidden rows
    unclear: list[zipfile.ZipInfo]  # worksheets whose cells the quick scan could not bound
    shown: dict[str, dict[tuple[int, int], str]]  # part name → what calamine reads as empty: (row, column) → text
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet name, part), as _sheet_parts reads the book
    strings: _StringTable | None = None  # the shared strings, when cells could copy more text from them than the limit
    # worksheet part → its member and how many of its cells may be of type s, when the strings are not cleared
    string_cells: dict[str, tuple[zipfile.ZipInfo, int]] = field(default_factory=dict)


def _part_name(member: str) -> str:
    """A zip member as calamine looks it up: without case, with / for \\."""
    return member.replace("\\", "/").lower()


def _check_zip(path: Path, data: bytes, limits: Limits, *, keep_sheets: bool) -> _ZipScan:
    """Refuse zip bombs and the zip formats we do not read; bound the cells of every worksheet.

    The sizes written in the zip headers can lie, and calamine inflates a member whole before it
    notices, so every member is inflated here in bounded steps first. The same pass feeds each
    worksheet to the quick extent scan, finds its error values and formulas without result and, with
    *keep_sheets*, keeps the worksheets that mark something hidden for the hidden-row scan, so none
    of them reopens the zip or inflates anything again.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except ZIP_DAMAGE:
        raise _unreadable_book(path) from None
    names = {_part_name(i.filename) for i in infos}
    if names & _ODF_PARTS:
        raise InputError(f"{path}: OpenDocument 形式（.ods など）のファイルは読めません（非表示の行や結合セルを正しく読めないため）。"
                         "LibreOffice または Excel で開き、Excel ブック（.xlsx）として保存し直してください")
    if _XLSB_PART in names:
        raise InputError(f"{path}: Excel バイナリブック（.xlsb）は読めません。Excel で開き、Excel ブック（.xlsx）として保存し直してください")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise InputError(f"{path}: 展開後のサイズが上限を超えます（{total:,} バイト、上限 {limits.max_uncompressed_bytes:,} バイト）。"
                         f"zip 爆弾の可能性があるため読み込みを中止しました。{raise_hint('HYOJUN_MAX_UNCOMPRESSED_BYTES')}")
    cell_pattern = _quick_cell_pattern(limits.max_cells)
    scan = _ZipScan({}, [], {})
    strings: list[tuple[bytes, re.Match[bytes] | None]] = []  # the shared strings, each with its plain match
    counting: bool | None = None  # whether to count the cells of type s, decided at the first worksheet
    # The book and its shared strings first: what the strings could copy into the cells is known before any worksheet.
    for i in sorted(infos, key=lambda i: _part_name(i.filename) not in (_WORKBOOK, _WORKBOOK_RELS, _STRINGS)):
        if i.file_size > 1024 * 1024 and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            raise InputError(f"{path}: {i.filename} の圧縮率が異常です（{i.file_size // max(i.compress_size, 1):,} 倍、"
                             f"上限 {limits.max_compression_ratio:,} 倍）。zip 爆弾の可能性があるため読み込みを中止しました。"
                             + raise_hint("HYOJUN_MAX_COMPRESSION_RATIO"))
        name = _part_name(i.filename)
        book = name in (_WORKBOOK, _WORKBOOK_RELS)
        probe = _ExtentProbe(cell_pattern) if name.startswith(_WORKSHEETS) else None
        feed: Callable[[bytes], None] | None = probe.feed if probe else None
        if probe is not None:
            if counting is None:
                scan.sheets = _sheet_parts(scan.parts)
                scan.strings = _copies_beyond(strings, scan.sheets, infos, limits)
                counting = scan.strings is not None
            if counting:
                cells = _StringCells()
                feed = _both(probe.feed, cells.feed)
        try:
            content = _inflate_within_declared_size(data, i, book or name == _STRINGS or probe is not None, feed)
        except zipfile.BadZipFile:
            raise _unreadable_book(path) from None
        if content is None:
            raise InputError(f"{path}: {i.filename} の展開後のサイズが zip に記録された値（{i.file_size:,} バイト）を超えます。"
                             "zip 爆弾の可能性があるため読み込みを中止しました")
        if name == _STRINGS:
            plain = _plain_match(content)
            _check_string_counts(path, i.filename, content, limits, plain)
            strings.append((content, plain))
        if counting and probe is not None and cells.count >= scan.string_cells.get(name, (i, 0))[1]:
            scan.string_cells[name] = (i, cells.count)  # of two members of one name, the one with more cells
        if probe is not None:
            if not probe.close():
                scan.unclear.append(i)
            if shown := _shown_values(content):
                scan.shown[name] = shown
        if book or (keep_sheets and probe is not None and any(mark in content for mark in _HIDING)):
            scan.parts[name] = content
    if counting is None:  # no worksheet
        scan.sheets = _sheet_parts(scan.parts)
    return scan


_SST_NAME_END = re.compile(rb"sst[\s/>]")  # a literal start, which re finds at memory speed (not so a leading "<")
_SST_START = re.compile(rb"<(?:[^\s<>/!?:]+:)?sst")
_SMALLEST_STRING = len(b"<si></si>")  # calamine counts no <si/>


def _check_string_counts(path: Path, member: str, xml: bytes, limits: Limits, plain: re.Match[bytes] | None) -> None:
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
        start = xml.rfind(b"<", max(0, found.start() - _TAG_REACH), found.start())
        if start < 0 or not _SST_START.fullmatch(xml, start, found.start() + 3) or not (tag := _MARKUP.match(xml, start)):
            continue
        tags.append(tag[3])
    for attrs in tags:
        for attr in _ATTR_ITEM.finditer(attrs):
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
                         f"（{_cells_ja(limits.max_cells)}、HYOJUN_MAX_CELLS）を超えます")


# What zipfile raises on a damaged or hostile directory, besides BadZipFile: ValueError for an offset before the
# start (a negative seek), UnicodeDecodeError (a ValueError) for a name flagged UTF-8 that is not, struct.error and
# OverflowError for fields past the end, and on opening a member the rest.
ZIP_DAMAGE = (zipfile.BadZipFile, ValueError, struct.error, OverflowError, EOFError, zlib.error, RuntimeError,
               NotImplementedError, OSError)


def _member_bytes(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The member's compressed bytes. zipfile takes the offsets of the directory as written: a local header
    outside the file, or not a local header, raises BadZipFile (struct would read a negative offset from the end)."""
    at = info.header_offset
    if at < 0 or at + 30 > len(data) or data[at:at + 4] != ZIP_MAGIC:
        raise zipfile.BadZipFile(f"no local header of {info.filename!r} at {at}")
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_len + extra_len
    if start + info.compress_size > len(data):
        raise zipfile.BadZipFile(f"{info.filename!r} runs past the end of the file")
    return memoryview(data)[start:start + info.compress_size]


def _inflate_within_declared_size(data: bytes, info: zipfile.ZipInfo, keep: bool,
                                  feed: Callable[[bytes], None] | None = None) -> bytes | None:
    """The member's content (b"" unless *keep*), or None when it inflates beyond its declared size.

    Inflating in bounded steps never holds more than a step, or the declared size when kept; *feed*
    sees every step. Raises BadZipFile when the member lies outside the file.
    """
    raw = _member_bytes(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size > info.file_size:
            return None
        if feed:
            for step in range(0, len(raw), 1 << 20):
                feed(bytes(raw[step:step + (1 << 20)]))
        return bytes(raw) if keep else b""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return b""  # calamine reads deflate and stored members only and refuses the rest itself
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    chunks: list[bytes] = []
    size = 0
    try:
        # The input goes in 64 kB slices: unconsumed_tail is a copy of what is left of the input.
        for step in range(0, len(raw), 1 << 16):
            pending: memoryview | bytes = raw[step:step + (1 << 16)]
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending, 1 << 20)
                size += len(chunk)
                if size > info.file_size:
                    return None
                if feed:
                    feed(chunk)
                if keep:
                    chunks.append(chunk)
                pending = inflater.unconsumed_tail
        chunk = inflater.flush()
        size += len(chunk)
        if feed:
            feed(chunk)
        if keep:
            chunks.append(chunk)
    except zlib.error:
        return b""  # damaged data: calamine reports the file as broken
    return b"".join(chunks) if size <= info.file_size else None


# A cell element that names its own cell, with its attributes and content (not a self-closing one).
_CELL_ELEMENT = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"([^>]*)(?<!/)>(.*)</c>', re.S)
# Searched for separately: each has a literal start, which re finds quickly (together, 25 times slower).
_FORMULA_START = re.compile(rb"<f[\s>/]")
_ERROR_FLAG = re.compile(rb' t="e"')  # as Excel and LibreOffice write it
_CELL_TYPE = re.compile(rb'\st="(\w+)"')
_CACHED_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)")  # its text; none in a shared formula's other cells


def _shown_values(xml: bytes) -> dict[tuple[int, int], str]:
    """(row, column), 0-based → the text of each cell calamine reads as empty though Excel shows
    something: an error value ("#N/A") or a formula saved without its result ("=A1*2"; files
    written by programs such as openpyxl, never opened in Excel).

    A formula whose result is the empty string (t="str" with an empty <v>) stays empty; one of t="str"
    without any <v> has no result saved.
    """
    shown: dict[tuple[int, int], str] = {}
    # Each pass starts with a search at near memory speed: a sheet with formulas has a </f> (the
    # other cells of a shared formula have none, its first cell has one).
    if b"</f>" in xml:
        _shown_cells(xml, _FORMULA_START, shown)
    if b' t="e"' in xml:
        _shown_cells(xml, _ERROR_FLAG, shown)
    return shown


def _shown_cells(xml: bytes, marker: re.Pattern[bytes], shown: dict[tuple[int, int], str]) -> None:
    """Add to *shown* the cells that hold *marker*. Linear in the XML whatever it holds: each cell
    is looked for no further back than the previous one's end or _TAG_REACH, and matched up to the
    first </c> after the marker."""
    pos = close = 0
    for hit in marker.finditer(xml):
        if hit.start() < pos:
            continue
        start = xml.rfind(b"<c ", max(pos, hit.start() - _TAG_REACH), hit.start())
        pos = hit.end()
        if close < hit.end():
            close = xml.find(b"</c>", hit.end()) + 4
            if close < 4:
                return
        if start < 0 or xml.find(b"</c>", start, hit.start()) >= 0:
            continue  # not inside a cell: another writer's markup, left to calamine
        if marker is _FORMULA_START and (v := xml.find(b"<v>", hit.end(), close)) >= 0 and xml[v + 3:v + 4] != b"<":
            pos = close
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
        shown[int(cell[2]) - 1, _column_number(cell[1]) - 1] = _xml_unescape(text.decode("utf-8", "replace"))


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
def _quick_cell_pattern(max_cells: int) -> re.Pattern[bytes] | None:
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


class _ExtentProbe:
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


def _value_extent(xml: bytes) -> _Extent | None:
    """The rectangle calamine builds for a worksheet (None when calamine refuses the sheet)."""
    if _has_uncleared_cell(xml, _CELL_WITHOUT_OWN_REFERENCE, len(xml)):
        return _walk_extent(xml)
    return _referenced_extent(xml)


def _column_number(letters: bytes) -> int:
    """'A' → 1, 'xfd' → 16384, as calamine reads letters of either case."""
    return functools.reduce(lambda n, ch: n * 26 + ch - 64, letters.upper(), 0)


def _referenced_extent(xml: bytes) -> _Extent | None:
    """The extent of a sheet whose every cell names its own cell once: from the references alone,
    gathered in C (a walk of a sheet of a million cells takes seconds in Python)."""
    refs = _REFERENCED_CELL.findall(xml)
    if not refs:
        return _Extent()
    rows = set(map(operator.itemgetter(1), refs))
    letters = {spelling: _column_number(spelling) for spelling in set(map(operator.itemgetter(0), refs))}
    del refs
    if min(rows).startswith(b"0") and not all(d.strip(b"0") for d in rows):
        return None  # calamine refuses the row 0
    last_row, last_col = _greatest_number(rows), max(letters.values())
    # the farthest cells, for the message: the last column in the last row, the last row in the last column
    in_last_row = re.findall(rb'<c r="([A-Za-z]++)0*%d"' % last_row + _NOT_SELF_CLOSING, xml)
    in_last_col = [row for spelling, col in letters.items() if col == last_col
                   for row in re.findall(rb'<c r="' + spelling + rb'([0-9]++)"' + _NOT_SELF_CLOSING, xml)]
    return _Extent(last_row, last_col, ((last_row - 1, max(map(_column_number, in_last_row)) - 1),
                                        (_greatest_number(in_last_col) - 1, last_col - 1)))


def _greatest_number(digits: Collection[bytes]) -> int:
    """The greatest of many digit strings without an int() for each (a million calls take a second):
    the longest, then greatest, once the rare leading zeros are gone."""
    if min(digits).startswith(b"0"):
        digits = [d.lstrip(b"0") for d in digits]
    return int(max(zip(map(len, digits), digits))[1] or b"0")


# Markup as quick-xml splits it: a tag (whose attribute values may hold '>'), or a comment, CDATA,
# processing instruction or DOCTYPE, which are passed over whole.
_MARKUP = re.compile(rb"""<(/?)([^\s/>!?]++)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>"""
                     rb"|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!(?:[^>\[]++|\[[^\]]*+\])*+>", re.S)
_ATTR_ITEM = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(rb"([A-Za-z]+)([0-9]+)")
_ROW_REF = re.compile(rb"[A-Za-z]*([0-9]+)")


def _r_attrs(attrs: bytes) -> list[bytes]:
    return [m[2] if m[2] is not None else m[3] for m in _ATTR_ITEM.finditer(attrs) if m[1] == b"r"]


def _walk_extent(xml: bytes) -> _Extent | None:
    """The extent of any sheet, walking its tags as calamine reads them.

    calamine places a cell by its last r attribute, else one column after the previous cell (a row
    by its first r, else one after the previous row), and keeps only cells with a value. A cell with
    a <v> or <is> counts here even when empty: calamine may keep it.
    """
    last_row_cell = last_col_cell = (-1, -1)  # the valued cells that reach farthest down and right
    tokens = _MARKUP.finditer(xml)
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
                at_row, col = int(ref[2]) - 1, _column_number(ref[1]) - 1
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


def _refuse_wide_sheets(path: Path, data: bytes, scan: _ZipScan, limits: Limits) -> None:
    """Refuse, before calamine builds it, a worksheet whose rectangle passes the cell limit, or
    measured worksheets whose rectangles together pass it (the file would fail after loading them)."""
    if not scan.unclear:
        return
    sheets = scan.sheets
    names = {part: sheet for sheet, part in reversed(sheets)}
    measured: dict[str, int] = {}
    for info in scan.unclear:
        part = _part_name(info.filename)
        xml = scan.parts.get(part) or _inflate_within_declared_size(data, info, keep=True) or b""
        extent = _value_extent(xml)
        if extent and extent.rows * extent.cols > limits.max_cells:
            where = f"シート「{names[part]}」" if part in names else info.filename  # a part no sheet names: still refused
            raise _too_wide(path, where, f"セル {extent.cells()} に値があるため", extent.rows, extent.cols, limits)
        measured[part] = extent.rows * extent.cols if extent else 0
    cells = 0
    for sheet, part in sheets:
        cells += measured.get(part, 0)
        if cells > limits.max_cells:
            raise _over_total(path, sheet, cells, limits)


def _too_wide(path: Path, where: str, cause: str, rows: int, cols: int, limits: Limits) -> InputError:
    return InputError(f"{path}: {where}の{cause}、表の範囲が {rows:,} 行 × {cols:,} 列（{rows * cols:,} セル）になり、"
                      f"セル数が上限（{_cells_ja(limits.max_cells)}、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください")


def _over_total(path: Path, sheet: str, cells: int, limits: Limits) -> InputError:
    return InputError(f"{path}: シート「{sheet}」までの表の範囲の合計が {cells:,} セルになり、"
                      f"セル数が上限（{_cells_ja(limits.max_cells)}、HYOJUN_MAX_CELLS）を超えます")


def _cells_ja(n: int) -> str:
    """50000000 → '5,000 万セル': how a Japanese reader says a limit of this size."""
    return f"{n // 10_000:,} 万セル" if n >= 10_000 and not n % 10_000 else f"{n:,} セル"


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
class _StringTable:
    lengths: list[int] | None  # each string's cost (as above), in calamine's order; None: unclear, each may be the longest
    longest: int


class _StringCells:
    """Counts the bytes t of a worksheet fed in pieces: every cell calamine reads as a shared string has its own
    attribute t (t="s"), so the count bounds those cells; a byte needs no carrying from piece to piece, and counts
    faster than any longer text (Excel writes few other t: a cell's t is most of them)."""

    def __init__(self) -> None:
        self.count = 0

    def feed(self, chunk: bytes) -> None:
        self.count += chunk.count(b"t")


def _both(*feeds: Callable[[bytes], None]) -> Callable[[bytes], None]:
    def feed(chunk: bytes) -> None:
        for each in feeds:
            each(chunk)
    return feed


def _worksheet_reads(sheets: list[tuple[str, str]], members: Collection[str]) -> list[tuple[str | None, str]]:
    """(sheet name, part) of each worksheet calamine reads, a part listed twice read twice; then the worksheet
    parts no sheet names (None), in case calamine resolves a sheet otherwise."""
    named = [(sheet, part) for sheet, part in sheets if part in members]
    return named + [(None, part) for part in members if part not in {part for _, part in named}]


def _copies_beyond(strings: list[tuple[bytes, re.Match[bytes] | None]], sheets: list[tuple[str, str]],
                   infos: list[zipfile.ZipInfo], limits: Limits) -> _StringTable | None:
    """None when the worksheets are too small to copy more text than the limit from the shared strings, whatever
    their cells refer to (each string is then shorter than the limit shared among the most cells they could hold);
    else the strings, for the cells to be counted."""
    if not strings:
        return None  # a cell of type s then fails calamine's read: its string is not found
    sizes: dict[str, int] = {}
    for info in infos:
        if (name := _part_name(info.filename)).startswith(_WORKSHEETS):
            sizes[name] = max(sizes.get(name, 0), info.file_size)
    cells = sum(sizes[part] for _, part in _worksheet_reads(sheets, sizes)) // _STRING_CELL_BYTES
    bound = limits.max_text_bytes // max(cells, 1)
    xml, plain = strings[0]
    if len(strings) > 1:  # two parts of the name: which one calamine reads is not ours to guess
        lengths = None
    elif len(xml) * (width := _width(xml)) <= bound or (plain and _strings_within(xml, plain, bound // width)):
        return None  # a string spanning n bytes holds at most n characters, each at most the part's widest
    else:
        lengths = _string_lengths(xml, plain)
    longest = max(_held(xml) for xml, _ in strings) if lengths is None else max(lengths, default=0)
    return None if longest <= bound else _StringTable(lengths, longest)


def _plain_match(xml: bytes) -> re.Match[bytes] | None:
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
    for m in _MARKUP.finditer(xml):
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


def _refuse_copied_text(path: Path, data: bytes, scan: _ZipScan, limits: Limits) -> None:
    """Refuse, before calamine copies them, worksheets whose cells together copy more text than the limit from the
    shared strings: counted cells times the longest string, and past the limit what each cell refers to."""
    table = scan.strings
    if table is None:
        return
    reads = _worksheet_reads(scan.sheets, scan.string_cells)
    if sum(scan.string_cells[part][1] for _, part in reads) * table.longest <= limits.max_text_bytes:
        return
    copied: dict[str, int] = {}
    total = 0
    for sheet, part in reads:
        info = scan.string_cells[part][0]
        if part not in copied:
            xml = scan.parts.get(part) or _inflate_within_declared_size(data, info, keep=True) or b""
            copied[part] = _copied_text(xml, table)
        total += copied[part]
        if total > limits.max_text_bytes:
            raise _too_much_text(path, f"シート「{sheet}」" if sheet is not None else info.filename, total, limits)


# The attribute t="s" spelled otherwise than the usual writers do (calamine compares its value unescaped).
_SPELLED_STRING_TYPE = re.compile(rb"""t(?:[ \t\r\n]++=[ \t\r\n]*+|=[ \t\r\n]++|=(?='))(?:"s"|'s')""")


def _copied_text(xml: bytes, table: _StringTable) -> int:
    """The bytes a worksheet's cells copy from the shared strings, at most: the cells written as the usual writers
    do by the string each refers to, the other attributes t="s" by the longest string. Not the bytes t counted
    before: LibreOffice writes ht=, customHeight=, outlineLevel= on every row and t="n" on every number."""
    found = Counter(_SHARED_STRING_CELL.findall(xml))
    types = xml.count(b't="s"') + len(_SPELLED_STRING_TYPE.findall(xml))
    total = (types - sum(found.values())) * table.longest  # each cell found holds one t="s"
    lengths = table.lengths
    for (_, index), cells in found.items():
        if lengths is None:
            total += cells * table.longest
        elif int(index) < len(lengths):  # past the end, calamine fails the read: nothing is copied
            total += cells * lengths[int(index)]
    return total


def _too_much_text(path: Path, where: str, total: int, limits: Limits) -> InputError:
    return InputError(f"{path}: {where}までのセルが参照する共有文字列は、セルごとに複製すると最大 {total:,} バイトになり、"
                      f"上限（{limits.max_text_bytes:,} バイト、HYOJUN_MAX_TEXT_BYTES）を超えます。長い文字列を多くのセルが"
                      "参照するブックで、読み込むとメモリを使い尽くすおそれがあるため中止しました。" + raise_hint("HYOJUN_MAX_TEXT_BYTES"))


def _password_protected(path: Path) -> InputError:
    return InputError(f"{path}: パスワードで保護されたブックは読めません。保護を解除して保存し直してください")


def _unreadable_book(path: Path) -> InputError:
    return InputError(f"{path}: ブックを読めません。ファイルが壊れているか途中で切れている（保存・ダウンロード・コピーが"
                      "途中で止まったなど）、または Excel 以外のファイルです。元のファイルを Excel で開けるか確かめ、"
                      "開ければ Excel ブック（.xlsx）として保存し直してください")


def _refuse_large_xls(path: Path, sheets: list[XlsSheet], limits: Limits) -> None:
    """Refuse, before calamine allocates them, .xls sheets whose rectangle (read from A1, as the rows are given),
    whose DIMENSIONS or whose rectangles together pass the cell limit: calamine builds every sheet as it opens
    the file, and a BIFF cell may name any of 65,536 × 65,536 cells (137 GB)."""
    total = 0
    for sheet in sheets:
        where = f"シート「{sheet.name}」"
        if sheet.rows * sheet.cols > limits.max_cells:
            raise _too_wide(path, where, f"値が {column_letter(sheet.cols - 1)}{sheet.rows} の位置まであるため",
                            sheet.rows, sheet.cols, limits)
        if sheet.declared[0] * sheet.declared[1] > limits.max_cells:
            raise _too_wide(path, where, "ファイルに記録された使用範囲（DIMENSIONS）では", *sheet.declared, limits)
        if sheet.cells > limits.max_cells:  # more cell records than the limit: the same cells written again and again
            raise _unreadable_book(path)
        total += sheet.rows * sheet.cols
        if total > limits.max_cells:
            raise _over_total(path, sheet.name, total, limits)


# What passes through the handlers of calamine's failures. A Rust panic in calamine (on a damaged file) reaches
# Python as pyo3's PanicException, a BaseException (pyo3_runtime cannot be imported to name it), so those
# handlers take any BaseException but these: an interrupt, an exit, our own errors (the run's time limit too).
_NOT_CALAMINE_FAILURES = (KeyboardInterrupt, SystemExit, InputError)


@contextlib.contextmanager
def _panic_reports_held() -> Iterator[None]:
    """Hold what is written on standard error (fd 2) meanwhile, and write it out after, but for Rust's report of a
    panic when the block fails with an InputError: Rust prints it in English before pyo3 raises it, ahead of the
    Japanese error that names the damaged file (the panic's text stays in the error's cause, shown under --debug).

    In the main thread only: fd 2 is the whole process's, and reads in several threads swapped it in turn, the last
    one putting back the first one's file, deleted by then (all later standard error was lost, tracebacks too).
    Another thread's output meanwhile is held with the read's, and written out after it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        kept = os.dup(2)
    except OSError:  # no standard error at all (pythonw)
        yield
        return
    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        os.dup2(held.fileno(), 2)
        failed = False
        try:
            yield
        except InputError:
            failed = True
            raise
        finally:
            sys.stderr.flush()
            os.dup2(kept, 2)
            os.close(kept)
            held.seek(0)
            if text := held.read():
                _write_out(2, _PANIC_REPORT.sub(b"", text) if failed else text)


def _write_out(fd: int, data: bytes) -> None:
    """All of *data* to *fd*: one os.write may write only part of it (into a pipe, or when a signal comes), and the
    rest (another thread's traceback) was lost."""
    left = memoryview(data)
    while left:
        left = left[os.write(fd, left):]


# 「thread '<unnamed>' (7690) panicked at …xls.rs:811:15:」, its message's line, then a backtrace (RUST_BACKTRACE) or
# notes: only what Rust writes, the note printed for the first panic of a process only, and another thread's lines
# may follow or come between (calamine's messages take one line)
_PANIC_REPORT = re.compile(rb"^\n?thread '[^'\n]*'(?: \(\d+\))? panicked at [^\n]*\n(?:(?!stack backtrace:\n|note: )[^\n]*\n)?"
                           rb"(?:stack backtrace:\n(?:[ \t][^\n]*\n)*)?(?:note: [^\n]*\n)*", re.MULTILINE)


def _read_calamine(path: Path, data: bytes, limits: Limits, hidden_rows: dict[str, frozenset[int]],
                   hidden_columns: dict[str, frozenset[int]], shown: dict[str, dict[tuple[int, int], str]],
                   formulas: dict[str, AbstractSet[tuple[int, int]]] | None = None) -> list[Sheet]:
    """Every worksheet, with the *shown* text of cells calamine reads as empty put in (the range
    grows to hold them: calamine leaves formulas without result out of it), and the cells of its .xls *formulas*."""
    with _panic_reports_held():
        return _calamine_sheets(path, data, limits, hidden_rows, hidden_columns, shown, formulas or {})


def _calamine_sheets(path: Path, data: bytes, limits: Limits, hidden_rows: dict[str, frozenset[int]],
                     hidden_columns: dict[str, frozenset[int]], shown: dict[str, dict[tuple[int, int], str]],
                     saved_formulas: dict[str, AbstractSet[tuple[int, int]]]) -> list[Sheet]:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except _NOT_CALAMINE_FAILURES:
        raise
    except pc.PasswordError:
        raise _password_protected(path) from None
    except BaseException as exc:  # calamine's several error types and its panics (its text, in English, shows under --debug)
        _refuse_dtd(path, data)
        raise _unreadable_book(path) from exc
    sheets: list[Sheet] = []
    cells = 0
    for meta in wb.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        try:
            ws = wb.get_sheet_by_name(meta.name)
            # to_python(skip_empty_area=False) pads from A1 to the farthest value
            height, width = (ws.end[0] + 1, ws.end[1] + 1) if ws.end else (0, 0)
            texts = shown.get(meta.name, {})
            if texts:
                height = max(height, max(r for r, _ in texts) + 1)
                width = max(width, max(c for _, c in texts) + 1)
            if height > limits.max_rows:
                raise InputError(f"{path}: シート「{meta.name}」の行数が上限を超えます（{height:,} 行、上限 {limits.max_rows:,} 行）。"
                                 + raise_hint("HYOJUN_MAX_ROWS"))
            if height * width > limits.max_cells:  # measured before loading, but without the shown texts
                raise _too_wide(path, f"シート「{meta.name}」", f"値が {column_letter(width - 1)}{height} の位置まであるため",
                                height, width, limits)
            cells += height * width
            if cells > limits.max_cells:
                raise _over_total(path, meta.name, cells, limits)
            rows = ws.to_python(skip_empty_area=False)
            formulas: AbstractSet[tuple[int, int]] = _put_shown(rows, texts, height, width) if texts else frozenset()
            if saved := saved_formulas.get(meta.name):  # an .xls sheet's, as read (a million formulas are 100 MB)
                formulas = formulas | saved if formulas else saved
            merged = list(ws.merged_cell_ranges or [])
        except _NOT_CALAMINE_FAILURES:
            raise
        except BaseException as exc:
            _refuse_dtd(path, data)
            raise InputError(f"{path}: シート「{meta.name}」を読めません。ファイルが壊れています。"
                             "元のファイルを Excel で開いて保存し直してください") from exc
        _refuse_overlapping_merges(path, meta.name, merged, len(rows), len(rows[0]) if rows else 0)
        sheets.append(Sheet(meta.name, rows, merged, meta.visible != pc.SheetVisibleEnum.Visible,
                            meta.visible == pc.SheetVisibleEnum.VeryHidden, hidden_rows.get(meta.name, frozenset()),
                            hidden_columns.get(meta.name, frozenset()), formulas))
    return sheets


def _refuse_overlapping_merges(path: Path, sheet: str, merged: list[Merge], height: int, width: int) -> None:
    """Refuse merges that together cover more of the sheet's cells than it has: then they overlap, which Excel
    never writes (it repairs such a file), and the readers that map each merged cell to its anchor would write
    a cell once per merge over it (2,000 copies of one merge down 20,000 rows: a minute for a 200 KB file).
    Otherwise mapping every merged cell costs at most the sheet's cells. Cells beyond the values count for none."""
    def clipped(merge: Merge) -> tuple[int, int, int, int]:
        (r0, c0), (r1, c1) = merge
        return r0, c0, min(r1, height - 1), min(c1, width - 1)

    if sum(max(0, r1 - r0 + 1) * max(0, c1 - c0 + 1) for r0, c0, r1, c1 in map(clipped, merged)) <= height * width:
        return
    marked = bytearray(height * width)  # then two merges share a cell: name them (a slice per merged row)
    for k, merge in enumerate(merged):
        r0, c0, r1, c1 = clipped(merge)
        for r in range(r0, r1 + 1 if c0 <= c1 else r0):
            row = marked[r * width + c0:r * width + c1 + 1]
            if 1 in row:
                c = c0 + row.index(1)
                first = next(m for m in merged[:k] if m[0][0] <= r <= m[1][0] and m[0][1] <= c <= m[1][1])
                raise InputError(f"{path}: シート「{sheet}」の結合セル {_range(first)} と {_range(merge)} が重なっています"
                                 f"（{column_letter(c)}{r + 1}）。Excel はこのような結合を書きません。ファイルが壊れています。"
                                 "元のファイルを Excel で開いて保存し直してください")
            marked[r * width + c0:r * width + c1 + 1] = b"\x01" * (c1 - c0 + 1)


def _range(merge: Merge) -> str:
    (r0, c0), (r1, c1) = merge
    return f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY")


def _refuse_dtd(path: Path, data: bytes) -> None:
    """Say so when a workbook calamine could not read declares a DTD: Excel never writes one, an XXE or
    billion-laughs file does, and "broken" would send the officer to download it again."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        for info in zf.infolist():
            with zf.open(info) as member:
                head = member.read(_HEAD)  # a DTD stands before the root element
            if _DTD.search(head):
                raise InputError(f"{path}: {info.filename} に DTD（<!DOCTYPE>・実体の宣言）があります。Excel が保存するファイルには"
                                 "ないもので、外部のファイルを読ませる・展開でメモリを使い尽くさせる細工に使われるため、安全のため"
                                 "読み込みません。提出元に Excel で保存し直したファイルを求めてください")
    except ZIP_DAMAGE:
        return  # not a zip, or a member that does not inflate: the caller's message stands


_ERROR_VALUE = re.compile(r"#(?:N/A|NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!"
                          r"|CONNECT!|BUSY!|UNKNOWN!|ERROR\(0x[0-9a-f]{2}\))")


def formula_note(value: str, formula: bool) -> str:
    """A sentence for a message, when a cell's text is what a formula left rather than data (*formula*: the
    cell is in `Sheet.formulas`: the formula itself, saved without result, or an .xls formula's saved result), or
    text that only looks like a formula, else ""."""
    if _ERROR_VALUE.fullmatch(value):
        return "。数式のエラー値です"
    if formula and value.startswith("="):
        return "。数式の結果がファイルに保存されていません（Excel で開いて保存し直してください）"
    if formula:  # an .xls formula's saved result: LibreOffice saves 0 for a text result it did not recalculate
        return ("。数式のセルで、ファイルに保存された結果を読みました（数式は計算しません）。表示と違うなら、ファイルを開いて"
                "再計算してから保存し直してください（LibreOffice: データ→計算→再計算（Ctrl+Shift+F9）。Excel: 開いて保存し直す）")
    if value[:1] in ("=", "＝"):  # typed into a cell formatted as text, say: saving again changes nothing
        return f"。数式ではなく「{value[0]}」で始まる文字列です"
    return ""


def _put_shown(rows: list[list[Any]], texts: dict[tuple[int, int], str], height: int,
               width: int) -> frozenset[tuple[int, int]]:
    """Pad *rows* to height × width and write each text where calamine left the cell empty; the cells
    of the formulas so written."""
    for row in rows:
        row.extend([""] * (width - len(row)))
    rows.extend([""] * width for _ in range(height - len(rows)))
    formulas = set()
    for (r, c), text in texts.items():
        if rows[r][c] == "":
            rows[r][c] = text
            if text.startswith("="):
                formulas.add((r, c))
    return frozenset(formulas)


def _sheet_parts(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order, the part resolved from the relationships as calamine does."""
    rels, book = parts.get(_WORKBOOK_RELS), parts.get(_WORKBOOK)
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
        result.append((_xml_unescape(attrs.get(b"name", b"").decode("utf-8", "replace")), _part_name(part)))
    return result


def _zero(size: bytes) -> bool:
    """Whether an attribute's *size* (a row's height, a column's width) is 0: the row or column does not show."""
    try:
        return float(size) == 0
    except ValueError:
        return False


def _hidden_row(tag: bytes) -> bool:
    attrs = dict(_ATTR.findall(tag))
    return attrs.get(b"hidden") in _TRUE or attrs.get(b"customHeight") in _TRUE and _zero(attrs.get(b"ht", b""))


def _hidden_row_numbers(xml: bytes) -> frozenset[int]:
    """0-based numbers of the <row> elements flagged hidden="1" (or "true"), or of a custom height of 0, which
    calamine does not report.

    Found from the flags rather than by a regex over every row tag: a sheet of thousands of rows has a
    handful of hidden ones, and bytes.find runs at memory speed.
    """
    rows = set()
    for flag in _ROW_HIDDEN_FLAGS:
        pos = xml.find(flag)
        while pos >= 0:
            # A row tag is a few hundred bytes at most: looking no further for its ends keeps a text
            # full of hidden="1" (a hostile sheet) linear.
            start, end = xml.rfind(b"<", max(0, pos - _TAG_REACH), pos), xml.find(b">", pos, pos + _TAG_REACH)
            if start >= 0 and end >= 0 and xml[pos - 1:pos].isspace():
                tag = xml[start:end + 1]
                if _ROW_TAG.fullmatch(tag) and (m := _ROW_NUMBER.search(tag)) and _hidden_row(tag):
                    rows.add(int(m.group(1)) - 1)
            pos = xml.find(flag, pos + 1)
    return frozenset(rows)


_COLS_START, _COLS_END = re.compile(rb"<(?:\w+:)?cols\b"), re.compile(rb"</(?:\w+:)?cols>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_MAX_COLUMN = 16384  # XFD: a <col max> beyond it is no column of the sheet


def _hidden_column_numbers(xml: bytes) -> frozenset[int]:
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


_DELIMITERS = (",", "\t", ";")  # CSV; Excel's 「Unicode テキスト」 and 「テキスト（タブ区切り）」; a European list separator
_SNIFF_CHARS = 8192  # a hundred lines or so: enough to see the table's width


def _csv_delimiter(text: str) -> str:
    """The delimiter of the first lines: the one quoted cells sit between, else the one that splits
    the most lines into one width of two cells or more.

    Quotes come first because a quoted cell holding a line break splits into more, narrower lines for
    the wrong delimiter. Counting lines of equal width rather than delimiter characters keeps a comma
    CSV whose text holds tabs or semicolons (or a tab file whose text holds commas) on its own
    delimiter. Ties go to the wider split, then to the comma.
    """
    sample = text[:_SNIFF_CHARS]
    if "\t" not in sample and ";" not in sample:
        return ","
    best, best_score = ",", (0, 0, 0)
    for delimiter in _DELIMITERS:
        quoted = sample.count(delimiter + '"') + sample.count('"' + delimiter)
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        if len(sample) < len(text):
            rows = rows[:-1]  # cut off by the sample
        widths = Counter(len(row) for row in rows if len(row) > 1)
        count, width = max(((count, width) for width, count in widths.items()), default=(0, 0))
        if (quoted, count, width) > best_score:
            best, best_score = delimiter, (quoted, count, width)
    return best


# Excel's first line naming the delimiter of a CSV (sep=;), which Excel follows and does not show as a row
_SEP_LINE = re.compile(r"sep=([^\r\n])[ \t]*(?:\r\n|\r|\n|$)", re.I)
# Excel names the sheet of a CSV it opens after the file, cut to a sheet name's 31 characters
_SHEET_NAME_CHARS = 31


def _read_csv(path: Path, data: bytes, limits: Limits) -> tuple[Sheet, str]:
    """The text as one sheet, named and counted as Excel shows it (its rows' numbers are the cells' addresses)."""
    text, encoding = decode_text(path, data)
    if sep := _SEP_LINE.match(text):
        delimiter, text = sep.group(1), text[sep.end():]
    else:
        delimiter = _csv_delimiter(text)
    rows: list[list[Any]] = []
    count = width = widest = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            count += 1
            if count > limits.max_rows:
                raise InputError(f"{path}: 行数が上限を超えます（上限 {limits.max_rows:,} 行。{count:,} 行目で読み込みを止めました）。"
                                 + raise_hint("HYOJUN_MAX_ROWS"))
            if len(row) > width:
                width, widest = len(row), count
            # The rows are padded to the widest: one row of 20,000 commas makes every row 20,000 cells. Past
            # the cell limit they are only counted on, to name the whole table.
            if width * count > limits.max_cells:
                rows.clear()
            else:
                rows.append(row)
    except csv.Error as exc:  # in Python's words: the one a reader meets is a cell past the field limit
        why = (f"1 つのセルが {csv.field_size_limit():,} 文字を超えます。Excel のセルは 32,767 文字までなので、この行の引用符（\"）が"
               "閉じられず、その後ろがすべて 1 つのセルとして読まれた可能性があります"
               if "field limit" in str(exc) else "区切り文字・引用符の形が正しくありません")
        raise InputError(f"{path}: CSV として読めません（{count + 1} 行目: {why}）") from None
    if width * count > limits.max_cells:
        raise _too_wide(path, "表", f" {widest:,} 行目が {width:,} 列あるため", count, width, limits)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))  # as calamine gives them, so readers index any column
    return Sheet(path.stem[:_SHEET_NAME_CHARS], rows), encoding
