"""What calamine does not report of an Excel 97–2003 (.xls, BIFF8) workbook: hidden rows and columns, and error values.

Reads only what it needs from the untrusted file: the compound file's sector chains down to the
"Workbook" stream (also from the mini stream), the sheet list, and the ROW, COLINFO, FORMULA and BOOLERR
records of each worksheet. Every offset and chain is bounds-checked and every chain is bounded by the
number of sectors, so a damaged or hostile file costs at most one pass over its bytes; it then yields
nothing and calamine judges the file itself.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

from .cells import covered

_FREE_OR_END = 0xFFFFFFFA  # sector ids at or above this end a chain (ENDOFCHAIN, FREESECT, FATSECT, …)
_BOUNDSHEET, _BOF, _EOF, _ROW, _FORMULA, _BOOLERR = 0x0085, 0x0809, 0x000A, 0x0208, 0x0006, 0x0205
_COLINFO = 0x007D
_ROW_HIDDEN = 0x20  # fDyZero, in the low byte of the ROW record's flags: the row is hidden
# A ROW record (type 0x0208, length 16) whose flags have the hidden bit
_HIDDEN_ROW = re.compile(rb"\x08\x02\x10\x00.{12}[\x20-\x3f\x60-\x7f\xa0-\xbf\xe0-\xff]", re.DOTALL)
# A COLINFO record (type 0x007D, length 12: first and last column, width, format, then its flags)
_COLINFO_RECORD = re.compile(rb"\x7d\x00\x0c\x00.{8}(.)", re.DOTALL)
_COLUMN_HIDDEN = 0x01  # fHidden, in the low byte of COLINFO's flags
_MAX_COLUMN = 256  # BIFF8 sheets have 256 columns (IV)
# A FORMULA record whose cached result is an error (result type 2, then 0xFFFF in its last two bytes),
# and a BOOLERR record (length 8) holding an error (fError = 1): two patterns with a literal start,
# which re finds many times faster than their alternation
_ERROR_CELLS = (re.compile(rb"\x06\x00.{8}\x02.{5}\xff\xff", re.DOTALL), re.compile(rb"\x05\x02\x08\x00.{7}\x01", re.DOTALL))
# Error codes as Excel shows them ([MS-XLS] BErr)
_ERROR_TEXT = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
              0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
_RECORD_HEADER = struct.Struct("<HH").unpack_from


class _Damaged(Exception):
    pass


@dataclass
class XlsRecords:
    hidden_rows: dict[str, frozenset[int]] = field(default_factory=dict)  # 0-based rows per worksheet name
    hidden_columns: dict[str, frozenset[int]] = field(default_factory=dict)  # 0-based columns per worksheet name
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # (row, column) → "#N/A"


def read_xls_records(data: bytes, *, hidden_rows: bool = True) -> XlsRecords:
    """Hidden rows and columns (with *hidden_rows*) and error values per worksheet name; empty when the file
    is not a readable BIFF8 workbook."""
    try:
        stream = _workbook_stream(data)
        found = XlsRecords()
        for name, start, stop in _worksheets(stream):
            if hidden_rows and (rows := _hidden_rows(stream, start, stop)):
                found.hidden_rows[name] = rows
            if hidden_rows and (columns := _hidden_columns(stream, start, stop)):
                found.hidden_columns[name] = columns
            if errors := _error_values(stream, start, stop):
                found.errors[name] = errors
        return found
    except (_Damaged, struct.error, UnicodeDecodeError):
        return XlsRecords()


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512:
        raise _Damaged
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _Damaged
    size = 1 << sector_shift
    n_sectors = (len(data) - size) // size  # the header takes the first sector's place
    first_dir, = struct.unpack_from("<I", data, 0x30)
    cutoff, first_mini_fat, _, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)

    def sector(n: int) -> bytes:
        if n >= n_sectors:
            raise _Damaged
        return data[(n + 1) * size:(n + 2) * size]

    per_sector = size // 4
    most = n_sectors // per_sector + 16  # more table than the file has sectors to describe is damage (or an attack)
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n < _FREE_OR_END]
    n = first_difat
    for _ in range(min(n_difat, n_sectors)):  # a chain longer than the file is a loop
        if n >= _FREE_OR_END or len(fat_sectors) > most:
            break
        entries = struct.unpack(f"<{per_sector}I", sector(n))
        fat_sectors += [e for e in entries[:-1] if e < _FREE_OR_END]
        n = entries[-1]
    if len(fat_sectors) > most:
        raise _Damaged
    fat = _table(b"".join(map(sector, fat_sectors)))

    def read(start: int) -> bytes:
        ids = _chain(fat, start, n_sectors)
        parts, first = [], 0
        for k in range(1, len(ids) + 1):  # one slice per run of consecutive sectors (usually the whole stream)
            if k == len(ids) or ids[k] != ids[k - 1] + 1:
                if ids[k - 1] >= n_sectors:  # the run's last sector is its highest
                    raise _Damaged
                parts.append(data[(ids[first] + 1) * size:(ids[k - 1] + 2) * size])
                first = k
        return b"".join(parts)

    directory = read(first_dir)
    for k in range(0, len(directory) - 127, 128):
        entry = directory[k:k + 128]
        name_len, kind = struct.unpack_from("<HB", entry, 0x40)
        name = entry[:max(0, min(name_len, 64) - 2)].decode("utf-16-le")
        if kind == 2 and name.lower() == "workbook":  # compound-file names compare case-blind
            start, length = struct.unpack_from("<IQ", entry, 0x74)
            if sector_shift == 9:
                length &= 0xFFFFFFFF  # version 3 files may leave garbage in the high half
            break
    else:
        raise _Damaged  # no BIFF8 stream ("Book" is BIFF5, which Excel has not written since 1997)
    if length < cutoff:
        # A small stream lives in the mini stream (64-byte sectors inside the root entry's stream):
        # Excel pads Workbook beyond the cutoff, LibreOffice does not for a small workbook.
        mini = read(struct.unpack_from("<I", directory, 0x74)[0])
        ids = _chain(_table(read(first_mini_fat)), start, len(mini) // 64)
        if any(i >= len(mini) // 64 for i in ids):
            raise _Damaged
        stream = b"".join(mini[i * 64:(i + 1) * 64] for i in ids)
    else:
        stream = read(start)
    if len(stream) < length:
        raise _Damaged
    return stream[:length]


def _table(raw: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(raw) // 4}I", raw[:len(raw) // 4 * 4]))


def _chain(table: list[int], start: int, most: int) -> list[int]:
    """The sector ids of the chain from *start*: at most *most*, or it is a loop."""
    ids: list[int] = []
    n = start
    while n < _FREE_OR_END:
        if n >= len(table) or len(ids) >= most:
            raise _Damaged  # out of the table, or a loop
        ids.append(n)
        n = table[n]
    return ids


def _walk(stream: bytes, pos: int, stop: int, *wanted: int) -> list[tuple[int, bytes]]:
    """The types and bodies of the records of the *wanted* types from *pos* to the substream's EOF
    record or *stop*."""
    found = []
    while pos + 4 <= stop:
        kind, length = _RECORD_HEADER(stream, pos)
        if kind in wanted:
            found.append((kind, stream[pos + 4:pos + 4 + length]))
        pos += 4 + length
        if kind == _EOF:
            break
    return found


def _hidden_rows(stream: bytes, start: int, stop: int) -> frozenset[int]:
    # Walking every cell record costs as much as calamine's whole read, and hidden rows are rare. The
    # bytes of a hidden ROW record can also occur inside a cell record, by chance: with no match, no row
    # is hidden; with one, the records are walked to tell real ROW records.
    if not _HIDDEN_ROW.search(stream, start, stop):
        return frozenset()
    return frozenset(int.from_bytes(row[:2], "little") for _, row in _walk(stream, start, stop, _ROW)
                     if len(row) >= 14 and row[12] & _ROW_HIDDEN)


def _hidden_columns(stream: bytes, start: int, stop: int) -> frozenset[int]:
    # As for hidden rows: the records are walked only when a COLINFO's bytes with fHidden occur, by chance or not.
    if not any(m[1][0] & _COLUMN_HIDDEN for m in _COLINFO_RECORD.finditer(stream, start, stop)):
        return frozenset()
    return covered((first, min(last, _MAX_COLUMN - 1) + 1) for _, body in _walk(stream, start, stop, _COLINFO)
                   if len(body) >= 10 and body[8] & _COLUMN_HIDDEN for first, last in [struct.unpack_from("<HH", body)])


def _error_values(stream: bytes, start: int, stop: int) -> dict[tuple[int, int], str]:
    """The cells holding an error value (calamine reads them as empty), found as the hidden rows are."""
    if not any(pattern.search(stream, start, stop) for pattern in _ERROR_CELLS):
        return {}
    errors = {}
    for kind, body in _walk(stream, start, stop, _FORMULA, _BOOLERR):
        if kind == _FORMULA and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
            code = body[8]
        elif kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
            code = body[6]
        else:
            continue
        row, col = struct.unpack_from("<HH", body)
        errors[row, col] = _ERROR_TEXT.get(code, f"#ERROR({code:#04x})")
    return errors


def _worksheets(stream: bytes) -> list[tuple[str, int, int]]:
    """(name, start, stop) of each worksheet's substream."""
    located = []
    for _, body in _walk(stream, 0, len(stream), _BOUNDSHEET):
        offset, sheet_type, cch, high = struct.unpack_from("<IxBBB", body, 0)
        if sheet_type == 0:  # not a chart, macro or dialog sheet: calamine reads worksheets only
            name = body[8:8 + cch * (2 if high & 1 else 1)].decode("utf-16-le" if high & 1 else "latin-1")
            located.append((offset, name))
    located.sort()
    # Each sheet is read from its BOF to the next sheet's at most, so the stream is read once however
    # many sheets a hostile file lists.
    bounds = [offset for offset, _ in located[1:]] + [len(stream)]
    out = []
    for (offset, name), stop in zip(located, bounds):
        if offset >= stop or _RECORD_HEADER(stream, offset)[0] != _BOF:
            raise _Damaged
        out.append((name, offset, stop))
    return out
