"""Refusals of an .xlsx before calamine reads it: zip bombs, lying sizes, .ods/.xlsb, sheets too wide, too much text."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .filetype import ZIP_MAGIC
from .limits import XML_BYTE_BYTES, Limits, ReadMemory, over_total, raise_hint, too_much_text, too_wide
from .shared_strings import (StringCells, StringTable, check_string_counts, copied_text, copies_beyond, plain_match,
                             worksheet_reads)
from .sheet_extent import ExtentProbe, quick_cell_pattern, value_extent
from .sheet_xml import (STRINGS, WORKBOOK, WORKBOOK_RELS, WORKSHEETS, hidden_column_numbers, hidden_row_numbers, part_name,
                        sheet_parts, shown_values, worksheet_sizes)

# Members that make python-calamine read a zip as OpenDocument or as a binary workbook (.xlsb).
_ODF_PARTS = frozenset({"mimetype", "content.xml"})
_XLSB_PART = "xl/workbook.bin"


@dataclass
class _ZipScan:
    parts: dict[str, bytes]  # part name → XML: the workbook part and its relationships
    unclear: list[zipfile.ZipInfo]  # worksheets whose cells the quick scan could not bound
    shown: dict[str, dict[tuple[int, int], str]]  # part name → what calamine reads as empty: (row, column) → text
    # part name → the cells of its formulas whose saved result is 0, perhaps never calculated (shown_values)
    zeros: dict[str, AbstractSet[tuple[int, int]]] = field(default_factory=dict)
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet name, part), as sheet_parts reads the book
    strings: StringTable | None = None  # the shared strings, when cells could copy more text from them than the limit
    # worksheet part → its member and how many of its cells may be of type s, when the strings are not cleared
    string_cells: dict[str, tuple[zipfile.ZipInfo, int]] = field(default_factory=dict)
    # worksheet part → its hidden rows and columns (0-based), when asked for
    hidden: dict[str, tuple[frozenset[int], frozenset[int]]] = field(default_factory=dict)


def check_zip(path: Path, data: bytes, limits: Limits, memory: ReadMemory, *, hidden: bool) -> _ZipScan:
    """Refuse zip bombs and the zip formats we do not read; bound the cells of every worksheet, and the
    *memory* reading them takes by the XML calamine reads, before any worksheet is inflated.

    The sizes written in the zip headers can lie, and calamine inflates a member whole before it
    notices, so every member is inflated here in bounded steps first. The same pass feeds each
    worksheet to the quick extent scan, finds its error values and formulas without result and, with
    *hidden*, its hidden rows and columns, so none of them reopens the zip or inflates anything again.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except ZIP_DAMAGE:
        raise unreadable_book(path) from None
    names = {part_name(i.filename) for i in infos}
    if names & _ODF_PARTS:
        raise InputError(f"{path}: OpenDocument 形式（.ods など）のファイルは読めません（非表示の行や結合セルを正しく読めないため）。"
                         "LibreOffice または Excel で開き、Excel ブック（.xlsx）として保存し直してください")
    if _XLSB_PART in names:
        raise InputError(f"{path}: Excel バイナリブック（.xlsb）は読めません。Excel で開き、Excel ブック（.xlsx）として保存し直してください")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise InputError(f"{path}: 展開後のサイズが上限を超えます（{total:,} バイト、上限 {limits.max_uncompressed_bytes:,} バイト）。"
                         f"zip 爆弾の可能性があるため読み込みを中止しました。{raise_hint('HYOJUN_MAX_UNCOMPRESSED_BYTES')}")
    cell_pattern = quick_cell_pattern(limits.max_cells)
    scan = _ZipScan({}, [], {})
    strings: list[tuple[bytes, re.Match[bytes] | None]] = []  # the shared strings, each with its plain match
    counting: bool | None = None  # whether to count the cells of type s, decided at the first worksheet
    # The book and its shared strings first: what the strings could copy into the cells is known before any worksheet.
    for i in sorted(infos, key=lambda i: part_name(i.filename) not in (WORKBOOK, WORKBOOK_RELS, STRINGS)):
        if i.file_size > 1024 * 1024 and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            raise InputError(f"{path}: {i.filename} の圧縮率が異常です（{i.file_size // max(i.compress_size, 1):,} 倍、"
                             f"上限 {limits.max_compression_ratio:,} 倍）。zip 爆弾の可能性があるため読み込みを中止しました。"
                             + raise_hint("HYOJUN_MAX_COMPRESSION_RATIO"))
        name = part_name(i.filename)
        book = name in (WORKBOOK, WORKBOOK_RELS)
        probe = ExtentProbe(cell_pattern) if name.startswith(WORKSHEETS) else None
        feed: Callable[[bytes], None] | None = probe.feed if probe else None
        if probe is not None:
            if counting is None:
                scan.sheets = sheet_parts(scan.parts)
                _count_xml(len(data), infos, scan.sheets, memory)
                scan.strings = copies_beyond(strings, scan.sheets, infos, limits)
                counting = scan.strings is not None
            if counting:
                cells = StringCells()
                feed = _both(probe.feed, cells.feed)
        try:
            content = _inflate_within_declared_size(data, i, book or name == STRINGS or probe is not None, feed)
        except zipfile.BadZipFile:
            raise unreadable_book(path) from None
        if content is None:
            raise InputError(f"{path}: {i.filename} の展開後のサイズが zip に記録された値（{i.file_size:,} バイト）を超えます。"
                             "zip 爆弾の可能性があるため読み込みを中止しました")
        if name == STRINGS:
            plain = plain_match(content)
            check_string_counts(path, i.filename, content, limits, plain)
            strings.append((content, plain))
        if counting and probe is not None and cells.count >= scan.string_cells.get(name, (i, 0))[1]:
            scan.string_cells[name] = (i, cells.count)  # of two members of one name, the one with more cells
        if probe is not None:
            if not probe.close():
                scan.unclear.append(i)
            zeros: set[tuple[int, int]] = set()
            if shown := shown_values(content, zeros):
                scan.shown[name] = shown
            if zeros:
                scan.zeros[name] = zeros  # not copied: a million cells are 100 MB
        if book:
            scan.parts[name] = content
        elif hidden and probe is not None:  # found now, while the part is at hand: no copy kept, no second pass
            scan.hidden[name] = (hidden_row_numbers(content), hidden_column_numbers(content))
    if counting is None:  # no worksheet
        scan.sheets = sheet_parts(scan.parts)
    return scan


def _count_xml(size: int, infos: list[zipfile.ZipInfo], sheets: list[tuple[str, str]], memory: ReadMemory) -> None:
    """Count the file (ours and calamine's copy) and the XML calamine reads, its shared strings and then each
    worksheet, as their sizes declare them (a member inflating past its declared size is refused)."""
    strings = max((i.file_size for i in infos if part_name(i.filename) == STRINGS), default=0)
    memory.add(2 * size + XML_BYTE_BYTES * strings, "ファイルと共有文字列")
    sizes = worksheet_sizes(infos)
    for sheet, part in worksheet_reads(sheets, sizes):
        memory.add(XML_BYTE_BYTES * sizes[part], f"シート「{sheet}」までのセル" if sheet is not None else f"{part} までのセル")


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


def _both(*feeds: Callable[[bytes], None]) -> Callable[[bytes], None]:
    def feed(chunk: bytes) -> None:
        for each in feeds:
            each(chunk)
    return feed


def refuse_wide_sheets(path: Path, data: bytes, scan: _ZipScan, limits: Limits) -> None:
    """Refuse, before calamine builds it, a worksheet whose rectangle passes the cell limit, or
    measured worksheets whose rectangles together pass it (the file would fail after loading them)."""
    if not scan.unclear:
        return
    sheets = scan.sheets
    names = {part: sheet for sheet, part in reversed(sheets)}
    measured: dict[str, int] = {}
    for info in scan.unclear:
        part = part_name(info.filename)
        xml = scan.parts.get(part) or _inflate_within_declared_size(data, info, keep=True) or b""
        extent = value_extent(xml)
        if extent and extent.rows * extent.cols > limits.max_cells:
            where = f"シート「{names[part]}」" if part in names else info.filename  # a part no sheet names: still refused
            raise too_wide(path, where, f"セル {extent.cells()} に値があるため", extent.rows, extent.cols, limits)
        measured[part] = extent.rows * extent.cols if extent else 0
    cells = 0
    for sheet, part in sheets:
        cells += measured.get(part, 0)
        if cells > limits.max_cells:
            raise over_total(path, sheet, cells, limits)


def refuse_copied_text(path: Path, data: bytes, scan: _ZipScan, limits: Limits) -> None:
    """Refuse, before calamine copies them, worksheets whose cells together copy more text than the limit from the
    shared strings: counted cells times the longest string, and past the limit what each cell refers to."""
    table = scan.strings
    if table is None:
        return
    reads = worksheet_reads(scan.sheets, scan.string_cells)
    if sum(scan.string_cells[part][1] for _, part in reads) * table.longest <= limits.max_text_bytes:
        return
    copied: dict[str, int] = {}
    total = 0
    for sheet, part in reads:
        info = scan.string_cells[part][0]
        if part not in copied:
            xml = scan.parts.get(part) or _inflate_within_declared_size(data, info, keep=True) or b""
            copied[part] = copied_text(xml, table)
        total += copied[part]
        if total > limits.max_text_bytes:
            raise too_much_text(path, f"シート「{sheet}」" if sheet is not None else info.filename, total, limits)


def unreadable_book(path: Path) -> InputError:
    return InputError(f"{path}: ブックを読めません。ファイルが壊れているか途中で切れている（保存・ダウンロード・コピーが"
                      "途中で止まったなど）、または Excel 以外のファイルです。元のファイルを Excel で開けるか確かめ、"
                      "開ければ Excel ブック（.xlsx）として保存し直してください")
