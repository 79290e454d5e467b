""".xls workbooks read as calamine reads them, before it does: refused when calamine cannot be trusted with them,
each sheet's size, and what calamine does not report (hidden rows and columns, error values)."""

import io
import struct

import pytest
import python_calamine as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.io.vendor_reader import read_response
from checker.io.xls_records import XlsCopiedText, XlsDamaged, XlsEncrypted, XlsSheet, _records, _sheets, read_xls_records, sst_lengths
from tests.conftest import FIXTURES, VENDOR
from tests.hostile.make_corpus import biff_labelsst, biff_number, biff_record, biff_sst, xls_bytes

# Written by xlwt (tests/fixtures/xls/README.md); xlrd with formatting_info=True reads the same hidden rows.
HIDDEN = FIXTURES / "xls" / "hidden_rows.xls"
DATA = HIDDEN.read_bytes()
SMALL = (FIXTURES / "formulas" / "formulas_libreoffice.xls").read_bytes()  # tests/fixtures/formulas/README.md


@pytest.mark.parametrize("name", ["hidden_rows.xls", "hidden_rows_libreoffice.xls"])
def test_hidden_rows_per_sheet_by_name(name):
    data = (FIXTURES / "xls" / name).read_bytes()
    assert read_xls_records(data).hidden_rows == {"回答一覧": frozenset({4, 10, 150}), "補足 (メモ)": frozenset({2})}


def test_a_workbook_without_hidden_rows_has_none():
    records = read_xls_records((VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls").read_bytes())
    assert (records.hidden_rows, records.hidden_columns, records.errors) == ({}, {}, {})
    # 回答一覧!G207 is its farthest value; DIMENSIONS says the same; 1,140 cell records, 907 of them LABELSST
    assert records.sheets == [XlsSheet("回答一覧", 207, 7, (207, 7), 1140, 907)]


def test_vendor_reader_warns_at_the_id_cell_of_each_hidden_row():
    resp = read_response(HIDDEN)
    hidden = [(f.cell, f.message) for f in resp.lint if f.code == "hidden-row"]
    said = "の行は非表示です（非表示の行の回答も集計に使います。再表示して回答を確かめてください）"
    assert hidden == [("回答一覧!B5", f"0010002 {said}"),
                      ("回答一覧!B11", f"0010007 {said}"),
                      ("回答一覧!B151", f"0010142 {said}")]
    # read, never dropped (semantics.md §6)
    assert {"0010002", "0010007", "0010142"} <= {a.id for a in resp.answers}


@pytest.mark.parametrize("name", ["hidden_columns.xls", "hidden_columns_libreoffice.xls"])
def test_hidden_columns_per_sheet_and_a_warning_for_the_columns_read(name):
    data = (FIXTURES / "xls" / name).read_bytes()
    assert read_xls_records(data).hidden_columns == {"回答": frozenset({0, 3, 4})}
    assert read_xls_records(data, hidden_rows=False).hidden_columns == {}  # not looked for when not wanted
    resp = read_response(FIXTURES / "xls" / name)
    # the answers and comments: read, and said to be hidden; the serial No. is not read
    assert [(f.code, f.cell) for f in resp.lint] == [("hidden-column", "回答!D1"), ("hidden-column", "回答!E1")]
    assert resp.lint[0].message == "D 列（回答の列「対応状況」）は非表示です（読み込みました。再表示して確かめてください）"
    assert [a.answer for a in resp.answers] == ["yes", "partial"]


def test_a_row_of_height_0_and_a_column_of_width_0_are_hidden():
    def row(r: int, height: int) -> bytes:  # rw, colMic, colMac, miyRw, reserved, unused, flags (none), ixfe
        return biff_record(0x0208, struct.pack("<HHHHHHHH", r, 0, 2, height, 0, 0, 0x0100, 0x0F))

    def colinfo(c: int, width: int) -> bytes:  # colFirst, colLast, coldx, ixfe, flags (none), unused
        return biff_record(0x007D, struct.pack("<HHHHHH", c, c, width, 0x0F, 0, 0))

    data = xls_bytes([("回答", [colinfo(1, 0), colinfo(2, 2048), row(1, 0), row(2, 0x8000), row(3, 300),
                                biff_number(1, 0, 230101.0)])])
    records = read_xls_records(data)
    assert (records.hidden_rows, records.hidden_columns) == ({"回答": frozenset({1})}, {"回答": frozenset({1})})


def _fat_offset(data: bytes) -> int:
    first_fat_sector = struct.unpack_from("<I", data, 0x4C)[0]
    return (first_fat_sector + 1) * 512


def _workbook_start(data: bytes) -> int:
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    directory = data[(first_dir + 1) * 512:(first_dir + 2) * 512]
    for k in range(0, 512, 128):
        if directory[k:k + 16] == "Workbook".encode("utf-16-le"):
            return struct.unpack_from("<I", directory, k + 0x74)[0]
    raise AssertionError("no Workbook stream")


def test_a_sector_chain_that_loops_is_refused():
    start = _workbook_start(DATA)
    looped = bytearray(DATA)
    struct.pack_into("<I", looped, _fat_offset(DATA) + 4 * (start + 3), start)  # the 4th sector points back
    with pytest.raises(XlsDamaged, match=f"a chain from sector {start} leaves the file or loops"):
        read_xls_records(bytes(looped))


def test_a_directory_chain_that_loops_is_refused():
    """calamine followed it until memory ran out (22 GB for a fuzzed file), then aborted."""
    first_dir = struct.unpack_from("<I", DATA, 0x30)[0]
    looped = bytearray(DATA)
    struct.pack_into("<I", looped, _fat_offset(DATA) + 4 * first_dir, first_dir)
    with pytest.raises(XlsDamaged, match=f"a chain from sector {first_dir} leaves the file or loops"):
        read_xls_records(bytes(looped))


@pytest.mark.parametrize("end", [0xFFFFFFFF, 0xFFFFFFFA, 0x7FFFFFF0], ids=["free", "reserved", "far"])
def test_a_chain_ending_other_than_calamine_expects_is_refused(end):
    """calamine ends a chain at ENDOFCHAIN only: any other id is a sector it would read terabytes into the file."""
    start = _workbook_start(DATA)
    cut = bytearray(DATA)
    struct.pack_into("<I", cut, _fat_offset(DATA) + 4 * (start + 3), end)
    with pytest.raises(XlsDamaged, match="leaves the file or loops"):
        read_xls_records(bytes(cut))


def test_a_sector_table_larger_than_the_file_is_refused():
    """109 FAT sectors listed in a 34 KB file: a 200 MB file listing all its sectors would be 51 M table entries."""
    oversized = bytearray(DATA)
    struct.pack_into("<109I", oversized, 0x4C, *([struct.unpack_from("<I", DATA, 0x4C)[0]] * 109))
    with pytest.raises(XlsDamaged, match="109 FAT sectors for 66 sectors"):
        read_xls_records(bytes(oversized))
    struct.pack_into("<I", oversized, 0x4C + 4, 0xFFFFFFFA)  # below DIFSECT: calamine reads it as a sector
    with pytest.raises(XlsDamaged, match="a FAT sector beyond the file"):
        read_xls_records(bytes(oversized))


@pytest.mark.parametrize("count", [1, 0xFFFFFFF0])
def test_a_table_extension_chain_that_loops_is_refused(count):
    """The header's extension (DIFAT) chain: one sector of free entries pointing back at itself, forever. calamine
    follows it whatever the header's count says, and aborted once out of memory."""
    looped = bytearray(DATA)
    k = 40  # a sector of the Workbook stream, overwritten
    looped[(k + 1) * 512:(k + 2) * 512] = b"\xff" * 508 + struct.pack("<I", k)
    struct.pack_into("<II", looped, 0x44, k, count)  # first DIFAT sector, number of DIFAT sectors
    with pytest.raises(XlsDamaged, match="the DIFAT chain loops"):
        read_xls_records(bytes(looped))


@pytest.mark.parametrize("data", [b"", DATA[:511], DATA[:4096], DATA[:-9000], DATA[:-100],
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600, b"PK\x03\x04"])
def test_truncated_or_foreign_bytes_are_refused(data):
    with pytest.raises(XlsDamaged):
        read_xls_records(data)


@pytest.mark.parametrize("original", [DATA, SMALL], ids=["sectors", "mini-stream"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_damaged_bytes_are_refused_or_read(original, data):
    damaged = bytearray(original)
    for pos, value in data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)),
                                         min_size=1, max_size=8)):
        damaged[pos] = value
    try:
        result = read_xls_records(bytes(damaged))
    except (XlsDamaged, XlsEncrypted):
        return
    assert all(0 <= s.rows <= 65536 and 0 <= s.cols <= 65536 + 8224 // 6 and s.declared[0] <= 65536
               and s.declared[1] <= 256 for s in result.sheets)
    assert all(isinstance(k, str) and all(isinstance(r, int) and 0 <= r < 65536 for r in v)
               for k, v in result.hidden_rows.items())
    assert all(isinstance(k, str) and all(0 <= r < 65536 and 0 <= c < 65536 and t.startswith("#") for (r, c), t in v.items())
               for k, v in result.errors.items())


def test_sheets_listed_over_one_another_are_refused():
    """Two sheet entries pointing at one substream (read once each, a hostile file could list thousands)."""
    first = DATA.index("回答一覧".encode("utf-16-le")) - 12  # the name follows the 4-byte header and 8 bytes
    second = DATA.index("補足 (メモ)".encode("utf-16-le")) - 12
    assert DATA[first:first + 2] == DATA[second:second + 2] == b"\x85\x00"  # BOUNDSHEET records
    overlapping = bytearray(DATA)
    overlapping[second + 4:second + 8] = DATA[first + 4:first + 8]
    with pytest.raises(XlsDamaged, match="apart from the others"):
        read_xls_records(bytes(overlapping))


def test_a_small_workbook_is_read_from_the_mini_stream():
    """LibreOffice leaves a Workbook stream under 4,096 bytes in the mini stream (Excel pads it beyond)."""
    assert struct.unpack_from("<I", SMALL, 0x38)[0] == 4096 and len(SMALL) < 8192
    records = read_xls_records(SMALL)
    assert records.hidden_rows == {"回答": frozenset({4})}
    # FORMULA records with an error result (=NA(), =1/0, VLOOKUP of nothing), as xlrd reads them
    assert records.errors == {"回答": {(2, 2): "#N/A", (3, 2): "#DIV/0!", (6, 2): "#N/A"}}
    without = read_xls_records(SMALL, hidden_rows=False)
    assert (without.hidden_rows, without.errors, without.sheets) == ({}, records.errors, records.sheets)


def test_a_mini_sector_chain_that_loops_is_refused():
    first_mini_fat = struct.unpack_from("<I", SMALL, 0x3C)[0]
    start = _workbook_start(SMALL)
    looped = bytearray(SMALL)
    struct.pack_into("<I", looped, (first_mini_fat + 1) * 512 + 4 * (start + 2), start)  # the 3rd mini sector points back
    with pytest.raises(XlsDamaged, match=f"a chain from sector {start} leaves the file or loops"):
        read_xls_records(bytes(looped))


def _sst_bodies(records: list[bytes]) -> list[bytes]:
    return [record[4:] for record in records]  # without the record headers


def _calamine_cells(records: list[bytes], count: int) -> list[str] | None:
    """The strings calamine gives the LABELSST cells 0..count-1 of an .xls with this SST; None when it fails."""
    data = xls_bytes([("s", [biff_labelsst(r, 0, r) for r in range(count)])], records)
    try:
        rows = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("s").to_python()
    except BaseException:  # its errors, and a panic on an empty CONTINUE record
        return None
    return [row[0] for row in rows]


def test_sst_strings_are_measured_across_continue_records_as_calamine_reads_them():
    """A string going on into a CONTINUE record starts it with a flag of its own (one byte a character, or two):
    3 UTF-8 bytes a character, at most, however calamine decodes it."""
    strings = ["a" * 9000, "あ" * 5000, "x", "", "y" * 8219]
    records = biff_sst(strings)
    assert len(records) == 4  # the first two strings and the last go on into CONTINUE records
    assert sst_lengths(_sst_bodies(records)) == [3 * len(text) for text in strings]
    assert _calamine_cells(records, 5) == [*strings[:3], "", strings[4]]  # an empty string makes no cell
    # formatting runs and a phonetic block, skipped across records; the declared count is not what calamine reads
    rich = struct.pack("<ii", 1, 1) + struct.pack("<HBHi", 3, 0x0C, 1, 6) + b"abc" + b"\0" * 4
    records = [biff_record(0x00FC, rich + b"\0" * 3), biff_record(0x003C, b"\0" * 3 + struct.pack("<HB", 2, 0) + b"de")]
    assert sst_lengths(_sst_bodies(records)) == [9, 6]
    assert _calamine_cells(records, 2) == ["abc", "de"]


@pytest.mark.parametrize("body, continued", [
    (struct.pack("<ii", 1, 1) + struct.pack("<HB", 10, 0) + b"abc", []),  # characters cut short
    (struct.pack("<ii", 1, 1) + struct.pack("<HB", 6, 0) + b"abc", [b"", b"\0def"]),  # an empty CONTINUE inside it
    (struct.pack("<ii", 1, 1) + struct.pack("<HBH", 3, 8, 100) + b"abc", []),  # formatting runs cut short
    (struct.pack("<ii", 1, 1) + struct.pack("<HBi", 3, 4, -6) + b"abc", []),  # a phonetic block of negative size
    (struct.pack("<ii", 2, 2) + struct.pack("<HB", 3, 0) + b"abc" + b"\1\0", []),  # two bytes after the last string
    (struct.pack("<i", 1), []),  # no count
])
def test_an_sst_calamine_cannot_read_is_damage(body, continued):
    records = [biff_record(0x00FC, body), *(biff_record(0x003C, more) for more in continued)]
    assert _calamine_cells(records, 1) is None
    with pytest.raises(XlsDamaged):
        sst_lengths(_sst_bodies(records))


def test_an_sst_of_no_strings_is_read():
    """A workbook with no text cells may still carry an SST of its two counts alone: no damage."""
    sst = biff_record(0x00FC, struct.pack("<ii", 0, 0))
    assert sst_lengths(_sst_bodies([sst])) == []
    data = xls_bytes([("s", [biff_number(0, 0, 1.5)])], [sst])
    assert pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("s").to_python() == [[1.5]]
    assert read_xls_records(data).sheets == [XlsSheet("s", 1, 1, (0, 0), 1, 0)]


def test_a_record_header_cut_off_at_the_end_of_the_stream_is_damage():
    """Three bytes left where a record's four-byte header starts: damage (said as such), not a struct.error."""
    stream = biff_number(0, 0, 1.5) + b"\x03\x02\x01"
    with pytest.raises(XlsDamaged, match="header cut off"):
        list(_records(stream, 0, len(stream)))


@pytest.mark.parametrize("biff8", [True, False])
def test_a_sheet_entry_too_short_for_its_name_is_damage_and_a_biff5_one_without_a_name_is_not(biff8):
    """A BIFF8 BOUNDSHEET holds 8 bytes before its name (length, flags), a BIFF5 one 7 (its name has no flag byte):
    7 bytes are a BIFF8 entry cut short, and a BIFF5 entry of an empty name."""
    bof = biff_record(0x0809, struct.pack("<HHHHII", 0x0600 if biff8 else 0x0500, 0x0005, 0, 0, 0, 0))
    offset = len(bof) + 4 + 7 + 4  # the sheet starts after the globals: BOF, this BOUNDSHEET, EOF
    stream = (bof + biff_record(0x0085, struct.pack("<IBBB", offset, 0, 0, 0)) + biff_record(0x000A)
              + biff_record(0x0809, b"\0" * 16) + biff_record(0x000A))
    if biff8:
        with pytest.raises(XlsDamaged, match="a sheet entry of 7 bytes"):
            _sheets(stream, biff8)
    else:
        assert [name for name, *_ in _sheets(stream, biff8)[0]] == [""]


def test_labelsst_cells_copying_more_than_the_limit_name_the_sheet_the_total_passes_at():
    sheets = [(name, [biff_labelsst(r, 0, 0) for r in range(100)]) for name in ("一", "二", "三")]
    data = xls_bytes(sheets, biff_sst(["長" * 1000]))
    assert [sheet.labels for sheet in read_xls_records(data).sheets] == [100, 100, 100]
    read_xls_records(data, max_text=900_000)
    with pytest.raises(XlsCopiedText) as err:
        read_xls_records(data, max_text=599_999)
    assert (err.value.sheet, err.value.total) == ("二", 600_000)


def test_the_cells_of_formula_records_are_recorded():
    """calamine reads a FORMULA record's saved result, which LibreOffice may have left at 0 (formula_note says so)."""
    records = read_xls_records((FIXTURES / "formulas" / "stale_results_libreoffice.xls").read_bytes())
    assert records.formulas == {"回答": {(1, 2), (1, 3), (2, 2)}}


def test_formula_cells_are_recorded_up_to_the_cell_limit():
    """A FORMULA record takes 8 bytes: a file at the size limit could name 25 million cells, each a tuple in a set
    before the sheets' sizes are checked. Past the cell limit (in all sheets) no more are kept: such a file is
    refused for its size."""
    data = (FIXTURES / "formulas" / "stale_results_libreoffice.xls").read_bytes()
    assert read_xls_records(data, max_cells=3).formulas == {"回答": {(1, 2), (1, 3), (2, 2)}}
    assert sum(map(len, read_xls_records(data, max_cells=2).formulas.values())) == 2
