"""Read an Excel 97–2003 (.xls) workbook's records as calamine will, before it does: whether calamine can be
trusted with the file, how large each sheet will be, and what calamine does not report (hidden rows and
columns, error values, formulas).

calamine trusts the file. It follows a sector chain that loops until memory runs out (a directory chain
pointing back at itself reached 22 GB), and it allocates the rectangle of a sheet's cells, and the room a
DIMENSIONS record declares, before anything can check them (a 30 KB file asks for 1.2 TB and aborts the process).
So the compound file is read here the way calamine reads it, and refused (XlsDamaged) at the first chain that
loops, leaves the file or ends other than calamine expects; then every sheet substream calamine parses is
walked record by record to its EOF, to give the sheet's rectangle and DIMENSIONS for the cell limit. Every
offset is bounds-checked and every chain bounded by the number of sectors, so a damaged or hostile file costs
at most one pass over its bytes.

calamine also copies an SST string into every LABELSST cell that refers to it, for every sheet as it opens the
file: a small file whose cells refer to one long string takes gigabytes. The text so copied is bounded too
(XlsCopiedText past the limit): the LABELSST cells times the longest string the SST could hold, then times its
longest string (the SST read as calamine reads it), then, past the limit, each cell's own string.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Set as AbstractSet
from dataclasses import dataclass, field

from .cells import covered

_RESERVED = 0xFFFFFFFA  # sector ids at or above this end a DIFAT chain (calamine: RESERVED_SECTORS)
_DIFSECT, _ENDOFCHAIN = 0xFFFFFFFC, 0xFFFFFFFE  # calamine reads every DIFAT entry below DIFSECT as a FAT sector
_MINI_CUTOFF = 4096  # calamine's, whatever the header says: a shorter stream is read from the mini stream
_BOUNDSHEET, _BOF, _EOF, _FILEPASS, _CODEPAGE = 0x0085, 0x0809, 0x000A, 0x002F, 0x0042
_ROW, _COLINFO, _DIMENSIONS, _FORMULA, _STRING, _BOOLERR, _MULRK = 0x0208, 0x007D, 0x0200, 0x0006, 0x0207, 0x0205, 0x00BD
_SST, _CONTINUE, _LABELSST = 0x00FC, 0x003C, 0x00FD
_MAX_CHARS = 0xFFFF  # a string's character count is 16 bits
_UTF8_BYTES = 3  # the most a character (a UTF-16 unit) takes in UTF-8, as calamine holds it
# The records calamine makes a cell of, at the (row, column) of their first 4 bytes: NUMBER, LABEL, BOOLERR, RK,
# LABELSST and FORMULA (its cached value); STRING is a formula's text, at the formula's cell; MULRK, several.
_CELLS = frozenset({0x0203, 0x0204, _BOOLERR, 0x027E, _LABELSST, _FORMULA})
_ROW_HIDDEN = 0x20  # fDyZero, in the low byte of the ROW record's flags: the row is hidden
_COLUMN_HIDDEN = 0x01  # fHidden, in the low byte of COLINFO's flags
# A ROW's miyRw (bytes 6-7) of 0 (a custom height of 0: bit 15 clear) and a COLINFO's coldx (bytes 4-5) of 0 hide
# the row or column too
_MAX_ROWS, _MAX_COLUMNS = 65536, 256  # a BIFF8 sheet: IV65536
# Error codes as Excel shows them ([MS-XLS] BErr)
_ERROR_TEXT = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
               0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
_RECORD_HEADER = struct.Struct("<HH").unpack_from


class XlsDamaged(Exception):
    """The file is not a compound file with a workbook stream calamine reads safely (why, in English, for --debug)."""


class XlsEncrypted(Exception):
    """The workbook stream is encrypted (a FILEPASS record): a password-protected .xls; or the compound file is an
    encrypted .xlsx (an EncryptedPackage stream, no workbook stream)."""


class XlsCopiedText(Exception):
    """The LABELSST cells of the sheets up to *sheet* copy more than the limit from the SST: *total* bytes at most."""

    def __init__(self, sheet: str, total: int) -> None:
        super().__init__(sheet, total)
        self.sheet, self.total = sheet, total


@dataclass
class XlsSheet:
    """A sheet as calamine will hold it (charts and macro sheets too: calamine parses every sheet listed)."""
    name: str
    rows: int = 0  # from row 1 to the farthest cell: the rows of the range, read from A1
    cols: int = 0
    declared: tuple[int, int] = (0, 0)  # the largest rows × columns a DIMENSIONS record declares (calamine reserves them)
    cells: int = 0  # cell records: calamine holds each before it builds the range
    labels: int = 0  # LABELSST records: calamine copies the SST string of each, duplicates too


@dataclass
class XlsRecords:
    sheets: list[XlsSheet] = field(default_factory=list)
    hidden_rows: dict[str, frozenset[int]] = field(default_factory=dict)  # 0-based rows per worksheet name
    hidden_columns: dict[str, frozenset[int]] = field(default_factory=dict)  # 0-based columns per worksheet name
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # (row, column) → "#N/A"
    formulas: dict[str, AbstractSet[tuple[int, int]]] = field(default_factory=dict)  # (row, column) of FORMULA records


def read_xls_records(data: bytes, *, hidden_rows: bool = True, max_text: int | None = None,
                     max_cells: int | None = None) -> XlsRecords:
    """Every sheet's size, and hidden rows and columns (with *hidden_rows*), error values and formula cells per
    worksheet name: the formula cells up to *max_cells* in all (a file with more cells than that is refused for its
    size, and a FORMULA record takes 8 bytes: 25 million of them fit the file size limit).

    Raises XlsDamaged when calamine cannot be trusted with the file, XlsEncrypted when it has a password,
    XlsCopiedText when its LABELSST cells would copy more than *max_text* bytes from the SST.
    """
    try:
        stream, biff8 = _workbook_stream(data)
        found = XlsRecords()
        located, strings = _sheets(stream, biff8)
        room = max_cells
        for name, worksheet, start, stop in located:
            sheet = _read_sheet(stream, start, stop, name, room)
            found.sheets.append(sheet.size)
            if not (biff8 and worksheet):  # calamine reads the cells of worksheets only; hidden rows of BIFF8 ones
                continue
            if hidden_rows and sheet.hidden_rows:
                found.hidden_rows[name] = frozenset(sheet.hidden_rows)
            if hidden_rows and sheet.hidden_columns:
                found.hidden_columns[name] = covered(sheet.hidden_columns)
            if sheet.errors:
                found.errors[name] = sheet.errors
            if sheet.formulas:
                found.formulas[name] = sheet.formulas
                room = None if room is None else room - len(sheet.formulas)
        if max_text is not None:
            _bound_copied_text(stream, [(start, stop) for _, _, start, stop in located], found.sheets, strings, max_text)
        return found
    except struct.error as exc:
        raise XlsDamaged(str(exc)) from None


def _workbook_stream(data: bytes) -> tuple[bytes, bool]:
    """The stream calamine reads ("Workbook", else the BIFF5 "Book"), and whether it is BIFF8 (Workbook)."""
    if len(data) < 512:
        raise XlsDamaged("shorter than a compound file header")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise XlsDamaged(f"sector shifts {sector_shift}, {mini_shift}")
    size = 1 << sector_shift
    n_sectors = (len(data) - size) // size  # the header takes the first sector's place
    first_dir, = struct.unpack_from("<I", data, 0x30)
    first_mini_fat, n_mini_fat, first_difat = struct.unpack_from("<III", data, 0x3C)

    def sector(n: int) -> bytes:
        if n >= n_sectors:
            raise XlsDamaged(f"sector {n} beyond the file's {n_sectors}")
        return data[(n + 1) * size:(n + 2) * size]

    per_sector = size // 4
    most = n_sectors // per_sector + 16  # more table than the file has sectors to describe is damage (or an attack)

    def fat_sectors(entries: tuple[int, ...]) -> list[int]:
        # calamine takes every entry below DIFSECT for a FAT sector (FREESECT and ENDOFCHAIN are above)
        listed = [n for n in entries if n < _DIFSECT]
        if any(n >= n_sectors for n in listed):
            raise XlsDamaged("a FAT sector beyond the file")
        return listed

    fats = fat_sectors(struct.unpack_from("<109I", data, 0x4C))
    n, seen = first_difat, set()
    while n < _RESERVED:  # the DIFAT chain, as long as calamine follows it (the header's count aside)
        if n in seen or len(fats) > most:
            raise XlsDamaged("the DIFAT chain loops")
        seen.add(n)
        difat = struct.unpack(f"<{per_sector}I", sector(n))
        fats += fat_sectors(difat[:-1])
        n = difat[-1]
    if len(fats) > most:
        raise XlsDamaged(f"{len(fats)} FAT sectors for {n_sectors} sectors")
    fat = _table(b"".join(map(sector, fats)))

    def read(start: int) -> bytes:
        """A chain as calamine follows it: to ENDOFCHAIN, and nothing else, within the file and without a loop."""
        ids = _chain(fat, start, n_sectors)
        parts, first = [], 0
        for k in range(1, len(ids) + 1):  # one slice per run of consecutive sectors (usually the whole stream)
            if k == len(ids) or ids[k] != ids[k - 1] + 1:
                parts.append(data[(ids[first] + 1) * size:(ids[k - 1] + 2) * size])
                first = k
        return b"".join(parts)

    directory = read(first_dir)
    entries = [directory[k:k + 128] for k in range(0, len(directory) - 127, 128)]
    if not entries:
        raise XlsDamaged("no directory")
    # calamine takes the first entry of the name, of any kind, its name cut at the first NUL
    names = [entry[:64].decode("utf-16-le", "replace").partition("\0")[0] for entry in entries]
    chosen = "Workbook" if "Workbook" in names else "Book" if "Book" in names else None
    if chosen is None:
        # Excel's password-protected .xlsx: the package encrypted in the stream EncryptedPackage. Named in the directory,
        # not searched in the file's bytes (a .xls cell's UTF-16 text may hold the name), and only without a workbook
        # stream (an .xls may hold other files' streams: an embedded object's)
        raise XlsEncrypted if "EncryptedPackage" in names else XlsDamaged("no Workbook stream")
    entry = entries[names.index(chosen)]
    start, length = struct.unpack_from("<IQ", entry, 0x74)
    if sector_shift == 9:
        length &= 0xFFFFFFFF  # version 3 files may leave garbage in the high half
    if n_mini_fat:  # calamine reads the mini stream (the root entry's stream) and its table whenever there is one
        root_start, root_length = struct.unpack_from("<IQ", entries[0], 0x74)
        mini = read(root_start)[:root_length & 0xFFFFFFFF if sector_shift == 9 else root_length]
        mini_fat = _table(read(first_mini_fat))
    else:
        mini, mini_fat = b"", []
    if length < _MINI_CUTOFF:
        # A small stream lives in the mini stream (64-byte sectors inside the root entry's stream):
        # Excel pads Workbook beyond the cutoff, LibreOffice does not for a small workbook.
        ids = _chain(mini_fat, start, len(mini) // 64)
        stream = b"".join(mini[i * 64:(i + 1) * 64] for i in ids)
    else:
        stream = read(start)
    return stream[:length] if length else stream, chosen == "Workbook"  # a chain shorter than its stream is all calamine reads


def _table(raw: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(raw) // 4}I", raw[:len(raw) // 4 * 4]))


def _chain(table: list[int], start: int, sectors: int) -> list[int]:
    """The sector ids of the chain from *start* to ENDOFCHAIN, each below *sectors* (and so at most that many,
    or it is a loop). calamine stops at ENDOFCHAIN only: any other end sends it to a sector terabytes away."""
    ids: list[int] = []
    n = start
    while n != _ENDOFCHAIN:
        if n >= sectors or n >= len(table) or len(ids) >= sectors:
            raise XlsDamaged(f"a chain from sector {start} leaves the file or loops")
        ids.append(n)
        n = table[n]
    return ids


def _sheets(stream: bytes, biff8: bool) -> tuple[list[tuple[str, bool, int, int]], list[bytes]]:
    """(name, whether a worksheet, start, stop) of each sheet's substream, in the order listed, and the body of
    the SST record calamine keeps (the last) with its CONTINUE records. Each sheet is read from its offset to the
    next sheet's, so the stream is read once however many sheets a hostile file lists (calamine reads each to its
    EOF: one that does not end before the next begins is damage)."""
    located, codec, globals_end = [], "latin-1", 0
    strings: list[bytes] = []
    continued = False  # whether a CONTINUE record here goes on with the SST
    for kind, at, globals_end in _records(stream, 0, len(stream)):  # the workbook globals, to their EOF
        body = stream[at:globals_end]
        if kind == _SST:
            strings = [body]
        elif kind == _CONTINUE and continued:
            strings.append(body)
        continued = kind == _SST or (kind == _CONTINUE and continued)
        if kind == _FILEPASS and body[:2] != b"\0\0":
            raise XlsEncrypted
        if kind == _CODEPAGE and not biff8 and len(body) >= 2:
            codec = f"cp{struct.unpack_from('<H', body)[0]}"
        if kind == _BOUNDSHEET:
            if len(body) < (8 if biff8 else 7):
                raise XlsDamaged(f"a sheet entry of {len(body)} bytes")
            located.append((struct.unpack_from("<I", body)[0], body))
    located.sort(key=lambda item: item[0])
    bounds = [offset for offset, _ in located[1:]] + [len(stream)]
    out = []
    for (offset, body), stop in zip(located, bounds):
        if offset < globals_end or offset >= stop or _RECORD_HEADER(stream, offset)[0] != _BOF:
            raise XlsDamaged(f"a sheet at {offset}, not after the workbook globals and apart from the others")
        out.append((_sheet_name(body, biff8, codec), body[5] == 0, offset, stop))
    return out, strings


def _sheet_name(body: bytes, biff8: bool, codec: str) -> str:
    """A BOUNDSHEET's name, as calamine gives it (without NULs). BIFF8 names are UTF-16 or 8-bit; BIFF5 ones
    are in the workbook's code page."""
    cch = body[6]
    if biff8:
        wide = body[7] & 1
        raw, encoding = body[8:8 + cch * (2 if wide else 1)], "utf-16-le" if wide else "latin-1"
    else:
        raw, encoding = body[7:7 + cch], codec
    try:
        name = raw.decode(encoding, "replace")
    except LookupError:  # a code page Python does not know
        name = raw.decode("latin-1")
    return name.replace("\0", "")


def _records(stream: bytes, pos: int, stop: int) -> Iterator[tuple[int, int, int]]:
    """(type, body start, body end) of each record from *pos* as calamine's iterator reads them: to the stream's
    end or an EOF record (not given). A record passing *stop*, where the next sheet starts, is damage."""
    header, end = _RECORD_HEADER, len(stream)
    while pos != end:
        if pos + 4 > stop:
            raise XlsDamaged(f"a record header cut off at {pos}")
        kind, length = header(stream, pos)
        at, pos = pos + 4, pos + 4 + length
        if pos > stop:
            raise XlsDamaged(f"a record of {length} bytes at {at - 4} passes {stop}")
        if kind == _EOF:
            return
        yield kind, at, pos


@dataclass
class _SheetRecords:
    size: XlsSheet
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)


def _read_sheet(stream: bytes, start: int, stop: int, name: str, room: int | None = None) -> _SheetRecords:
    """One pass over a sheet's records to its EOF: where calamine puts cells, the DIMENSIONS it reserves for,
    hidden rows and columns, error values and formulas (*room* of them at most). (A tight loop: a large sheet has
    a million records.)"""
    found = _SheetRecords(XlsSheet(name))
    last_row = last_col = -1
    declared = (0, 0)
    formula = (0, 0)  # the cell of the last FORMULA record, where calamine puts a STRING record's text
    cells = labels = 0
    header = _RECORD_HEADER
    for kind, at, end in _records(stream, start, stop):
        length = end - at
        if kind in _CELLS or kind == _STRING or kind == _MULRK:
            if kind == _STRING:
                row, col = formula
            elif length < 4:
                raise XlsDamaged(f"a cell record of {length} bytes")
            else:
                row, col = header(stream, at)
            count = 1
            if kind == _FORMULA:
                formula = row, col
                if room is None or len(found.formulas) < room:
                    found.formulas.add(formula)  # calamine reads its saved result, which may be stale (LibreOffice's 0)
                if length >= 14 and stream[at + 6] == 2 and stream[at + 12:at + 14] == b"\xff\xff":
                    found.errors[row, col] = _error_text(stream[at + 8])  # its cached result is an error (type 2)
            elif kind == _BOOLERR and length >= 8 and stream[at + 7] == 1:
                found.errors[row, col] = _error_text(stream[at + 6])
            elif kind == _MULRK:
                count = (length - 6) // 6  # a run of RK values from the column
                if count <= 0:
                    continue
                col += count - 1
            elif kind == _LABELSST:
                labels += 1
            cells += count
            if row > last_row:
                last_row = row
            if col > last_col:
                last_col = col
        elif kind == _DIMENSIONS:
            declared = max(declared, _declared(stream[at:end]), key=lambda rc: rc[0] * rc[1])
        elif kind == _ROW and length >= 14 and (stream[at + 12] & _ROW_HIDDEN or stream[at + 6:at + 8] == b"\0\0"):
            found.hidden_rows.add(header(stream, at)[0])
        elif kind == _COLINFO and length >= 10 and (stream[at + 8] & _COLUMN_HIDDEN or stream[at + 4:at + 6] == b"\0\0"):
            first, last = header(stream, at)
            found.hidden_columns.append((first, min(last, _MAX_COLUMNS - 1) + 1))
    found.size.rows, found.size.cols, found.size.declared, found.size.cells = last_row + 1, last_col + 1, declared, cells
    found.size.labels = labels
    return found


def _bound_copied_text(stream: bytes, spans: list[tuple[int, int]], sheets: list[XlsSheet], strings: list[bytes],
                       limit: int) -> None:
    """Raise XlsCopiedText when the LABELSST cells copy more than *limit* bytes from the SST: first bounded without
    reading the SST (no string holds more characters than the SST has bytes, nor more than 65,535), then with its
    longest string, and only past the limit cell by cell."""
    labels = sum(sheet.labels for sheet in sheets)
    if labels * _UTF8_BYTES * min(sum(map(len, strings)), _MAX_CHARS) <= limit:
        return
    lengths = sst_lengths(strings)
    if labels * max(lengths, default=0) <= limit:
        return
    total = 0
    for sheet, (start, stop) in zip(sheets, spans):
        if sheet.labels:
            total += _label_text(stream, start, stop, lengths)
            if total > limit:
                raise XlsCopiedText(sheet.name, total)


def sst_lengths(strings: list[bytes]) -> list[int]:
    """The UTF-8 bytes of each string calamine reads from the SST (*strings*: the record's body, then its CONTINUE
    records), at most: 3 a character. calamine reads strings to the records' end, whatever count the SST
    declares; a string going on into the next record starts that record with a flag byte of its own. Raises
    XlsDamaged where calamine fails (a string or its formatting cut short)."""
    if not strings:
        return []
    if len(strings[0]) < 8:
        raise XlsDamaged(f"an SST record of {len(strings[0])} bytes")
    parts = [strings[0][8:], *strings[1:]]
    lengths: list[int] = []
    append, header = lengths.append, struct.Struct("<HB").unpack_from
    k, data, pos = 0, parts[0], 0
    while True:
        size = len(data)
        while pos + 3 <= size:  # most strings: plain text, whole in the record (a tight loop: thousands of them)
            chars, flags = header(data, pos)
            end = pos + 3 + (chars << (flags & 1))
            if flags & 0x0C or end > size:
                break
            append(_UTF8_BYTES * chars)
            pos = end
        if pos == size:  # at a record's end: the next, or the end of the strings
            if k + 1 == len(parts):
                return lengths
            k, pos = k + 1, 0
            data = parts[k]
            continue
        if size - pos < 3:
            raise XlsDamaged("an SST string header cut short")
        chars, flags = header(data, pos)
        pos += 3
        skip = 0
        for flag, width, unit in ((0x08, 2, 4), (0x04, 4, 1)):  # formatting runs (4 bytes each); phonetic block
            if flags & flag:
                if len(data) - pos < width:
                    raise XlsDamaged("an SST string header cut short")
                skip += unit * int.from_bytes(data[pos:pos + width], "little", signed=width == 4)
                pos += width
        if skip < 0:
            raise XlsDamaged("an SST phonetic block of negative size")
        wide, left = flags & 1, chars
        while True:
            taken = min(left, (len(data) - pos) >> wide)
            pos += taken << wide
            left -= taken
            if not left:
                break
            if k + 1 == len(parts) or not parts[k + 1]:
                raise XlsDamaged("an SST string cut short")
            k += 1
            data = parts[k]
            wide, pos = data[0] & 1, 1
        while skip:
            if pos == len(data):
                if k + 1 == len(parts):
                    raise XlsDamaged("SST formatting cut short")
                k, pos = k + 1, 0
                data = parts[k]
                continue
            taken = min(skip, len(data) - pos)
            pos += taken
            skip -= taken
        append(_UTF8_BYTES * chars)


def _label_text(stream: bytes, start: int, stop: int, lengths: list[int]) -> int:
    """The bytes the LABELSST cells of one sheet copy, at most (calamine copies nothing for an index past the SST)."""
    total = 0
    for kind, at, end in _records(stream, start, stop):
        if kind == _LABELSST and end - at >= 10:
            index, = struct.unpack_from("<I", stream, at + 6)
            if index < len(lengths):
                total += lengths[index]
    return total


def _declared(body: bytes) -> tuple[int, int]:
    """The rows × columns calamine reserves for a DIMENSIONS record: [first, last) of each, a 10-byte record's
    rows in 16 bits. calamine subtracts without a check: a first row after the last wraps to 4 billion rows."""
    if len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    else:
        raise XlsDamaged(f"a DIMENSIONS record of {len(body)} bytes")
    if not (last_row and last_col):
        return 1, 1  # calamine reads no range: one cell
    if first_row > last_row or first_col > last_col or last_row > _MAX_ROWS or last_col > _MAX_COLUMNS:
        raise XlsDamaged(f"DIMENSIONS of rows {first_row}–{last_row} and columns {first_col}–{last_col}")
    return last_row - first_row, last_col - first_col


def _error_text(code: int) -> str:
    return _ERROR_TEXT.get(code, f"#ERROR({code:#04x})")
