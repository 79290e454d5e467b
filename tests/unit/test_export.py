import csv
import decimal
import enum
import io
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime

import openpyxl
import pytest
import python_calamine

from checker.errors import OutputError
from checker.io import xlsx
from checker.io.export import Table, csv_bytes, neutralize_row, neutralize_rows, write_xlsx


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+cmd", "'+cmd"), ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "-"), ("－", "－"), ("○", "○"), (5, 5),
    ("＝1+1", "'＝1+1"), ("＋1", "'＋1"), ("－1+1", "'－1+1"), ("＠SUM(1,1)", "'＠SUM(1,1)"), ("﹦1", "'﹦1"),
])
def test_neutralize(value, expected):
    assert neutralize_row([value]) == [expected]


def test_neutralize_every_character_nfkc_reads_as_a_formula_start():
    starts = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.normalize("NFKC", c)[:1] in "=+-@\t\r"]
    assert [c for c in starts if neutralize_row([c + "1"]) != ["'" + c + "1"]] == []


def test_csv_has_bom_crlf_and_neutralised_cells():
    data = csv_bytes(Table("t", ["ID", "備考"], [["0230001", "=1+1"], ["0000002", None]]))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["ID", "備考"], ["0230001", "'=1+1"], ["0000002", ""]]


# Texts next to the joints of neutralize_rows' one search over a table's texts: lone dashes (inert) beside others,
# a NUL of a text's own before "=" (a false alarm: nothing to neutralise) or after a dash (「-\0abc」 is no lone dash),
# empty texts, a formula as the last text.
JOINTS = ["", "ok", "-", "－", "﹣", "--", "-1", "- ", "－1", "=1", "a=1", "＝", "\t", "x\x00=1", "\x00", "\x00-", "=", "1-",
          "-\x00abc", "－\x00"]


@pytest.mark.parametrize("text", JOINTS)
def test_neutralize_rows_as_neutralize_row_wherever_the_text_stands(text):
    for rows in ([[text]], [[text, "-"]], [["-", text]], [["a", "b"], ["-", text]], [[text, "b"], ["", "－"]],
                 [["a"], [text, "=x", "-"]], [[text, 5, None]]):
        assert list(map(list, neutralize_rows(rows))) == list(map(neutralize_row, rows)), rows


def test_xlsx_machine_readable(tmp_path):
    p = tmp_path / "out.xlsx"
    write_xlsx(p, [Table("要件/結果", ["ID", "件数", "備考"], [["0230001", 3, "@x"], ["0230002", 0, ""]], [10, 8, 40])])
    wb = openpyxl.load_workbook(p)
    ws = wb["要件_結果"]
    assert [c.value for c in ws[1]] == ["ID", "件数", "備考"]
    assert ws["A2"].value == "0230001" and ws["A2"].data_type == "s"  # ids stay text, leading zero kept
    assert ws["B2"].value == 3 and ws["C2"].value == "@x" and ws["C2"].data_type == "s"
    assert ws.auto_filter.ref == "A1:C3" and ws.freeze_panes == "A2"
    assert not ws.merged_cells.ranges


# --- the XLSX writer (checker/io/xlsx.py) -------------------------------------------------------------

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
PARTS = {"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
         "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"}
# Text that needs every kind of escaping; each comes back exactly (calamine) or as Excel shows it.
HOSTILE = ["a\x01b\x1fc", "_x0041_", "_x005F_", "  both ends  ", "l1\nl2", "cr\r\nlf", " lead\t", "trail\t",
           "a&b<c>d\"e'f", "全角　空白　", "\x0bvt", "😀 astral", "]]>", "<t>not markup</t>"]


def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _calamine(path, sheet):
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _typed_table():
    rows = [["0010001", 3, 2.5, True, False, None, "", "=1+1", -7],
            ["0000002", 0, 1e-7, None, None, None, None, "+cmd", 10**15]]
    return Table("型", ["ID", "件数", "率", "真", "偽", "空", "空文字", "式", "負"], rows)


def test_xlsx_types_round_trip_openpyxl(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [_typed_table()])
    ws = openpyxl.load_workbook(p)["型"]
    assert [c.value for c in ws[1]] == ["ID", "件数", "率", "真", "偽", "空", "空文字", "式", "負"]
    assert [(c.value, c.data_type) for c in ws[2]] == [
        ("0010001", "s"), (3, "n"), (2.5, "n"), (True, "b"), (False, "b"), (None, "n"), (None, "n"),
        ("=1+1", "s"), (-7, "n")]
    assert [c.value for c in ws[3]] == ["0000002", 0, 1e-7, None, None, None, None, "+cmd", 10**15]
    # the text as written, marked 「文字列として入力」 (quotePrefix, invisible) rather than shown with an apostrophe
    assert [c.quotePrefix for c in ws["H"]] == [False, True, True] and not ws["A2"].quotePrefix
    assert ws.max_row == 3 and ws.max_column == 9


def test_xlsx_types_round_trip_calamine(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [_typed_table()])
    rows = _calamine(p, "型")
    assert rows[1] == ["0010001", 3, 2.5, True, False, "", "", "=1+1", -7]
    assert rows[2] == ["0000002", 0, 1e-7, "", "", "", "", "+cmd", 10**15]
    assert type(rows[1][0]) is str and type(rows[1][3]) is bool


def test_xlsx_text_round_trip(tmp_path):
    p = tmp_path / "t.xlsx"
    long = "長" * 40_000
    astral = "😀" * 20_000  # 40,000 UTF-16 units: cut at a whole character
    write_xlsx(p, [Table("t", ["値"], [[v] for v in HOSTILE + [long, astral]])])
    got = [r[0] for r in _calamine(p, "t")[1:]]
    assert got[:len(HOSTILE)] == HOSTILE
    assert got[-2] == long[:32_767] and got[-1] == astral[:16_383]
    ws = openpyxl.load_workbook(p)["t"]
    # openpyxl returns control characters in their _xHHHH_ form and drops every "x005F_" (so the
    # literal "_x005F_" comes back as "_"); calamine above decodes both as Excel does.
    values = [ws.cell(row=i + 2, column=1).value for i in range(len(HOSTILE))]
    assert values == [re.sub("[\x00-\x08\x0b-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", v)
                      if v != "_x005F_" else "_" for v in HOSTILE]
    sst = _parts(p)["xl/sharedStrings.xml"].decode()
    assert "<t>_x005F_x0041_</t>" in sst and "<t>a_x0001_b_x001F_c</t>" in sst
    assert '<t xml:space="preserve">  both ends  </t>' in sst and '<t xml:space="preserve">l1\nl2</t>' in sst
    assert "<t>a&amp;b&lt;c&gt;d\"e'f</t>" in sst


def test_xlsx_text_with_nul_and_non_xml_characters(tmp_path):
    # A NUL in any text takes the one-by-one escaping path; surrogates and U+FFFE/U+FFFF cannot be
    # in XML at all and stay as their _xHHHH_ escape when read back.
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["値"], [["a\x00b"], ["\ud800x\ufffe\uffff"], ["_x0041_"], ["x\x01"]])])
    assert [r[0] for r in _calamine(p, "t")[1:]] == ["a\x00b", "_xD800_x_xFFFE__xFFFF_", "_x0041_", "x\x01"]
    sst = _parts(p)["xl/sharedStrings.xml"].decode()
    assert "<t>a_x0000_b</t>" in sst and "<t>_xD800_x_xFFFE__xFFFF_</t>" in sst


@pytest.mark.parametrize("value, expected, quoted", [(float("nan"), "nan", False), (float("inf"), "inf", False),
                                                    (float("-inf"), "-inf", True)])
def test_xlsx_non_finite_floats_are_text(tmp_path, value, expected, quoted):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["x"], [[value, 1.5]])])
    ws = openpyxl.load_workbook(p)["t"]
    assert (ws["A2"].value, ws["A2"].data_type, ws["A2"].quotePrefix, ws["B2"].value) == (expected, "s", quoted, 1.5)


def test_xlsx_other_values_are_text_and_number_subclasses_numbers(tmp_path):
    class Level(enum.IntEnum):
        HIGH = 3

    class Blank:
        def __str__(self):
            return ""

    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["a", "b", "c", "d"], [[Level.HIGH, decimal.Decimal("1.10"), ("=x",), Blank()]])])
    assert _calamine(p, "t")[1] == [3, "1.10", "('=x',)", ""]


def test_xlsx_percent_is_a_number_shown_as_a_percentage(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("概要", ["項目", "値"], [["必須機能の適合率", xlsx.Percent(0.999)], ["件数", 3]], [28, 70])])
    ws = openpyxl.load_workbook(p)["概要"]
    assert (ws["B2"].value, ws["B2"].data_type, ws["B2"].number_format) == (0.999, "n", "0.0%")
    assert ws["B3"].number_format == "General"


def test_xlsx_scores_and_points_are_numbers_shown_as_the_html_shows_them(tmp_path):
    """A printed 評価表 reads 89.10 and 2,055 as the HTML report does, not Excel's General 89.1 and 2055."""
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("総合評価", ["得点（%）", "得点", "満点"],
                         [[xlsx.Hundredths(89.1), xlsx.Grouped(2055), xlsx.Grouped(137.008)],
                          [xlsx.Hundredths(-9.38), xlsx.Grouped(float("nan")), xlsx.Grouped(0.5)]], [10, 10, 10])])
    ws = openpyxl.load_workbook(p)["総合評価"]
    assert [(c.value, c.data_type, c.number_format) for c in ws[2]] == [
        (89.1, "n", "0.00"), (2055, "n", "#,##0"), (137.008, "n", "#,##0.0#########")]
    assert type(ws["B2"].value) is int  # a whole number is written as one
    assert (ws["A3"].value, ws["A3"].number_format, ws["B3"].value, ws["C3"].value) == (-9.38, "0.00", "nan", 0.5)
    styles = zipfile.ZipFile(p).read("xl/styles.xml").decode()
    for element, child in (("numFmts", "numFmt"), ("cellXfs", "xf")):  # the counts the style sheet declares, as it holds
        count, body = re.search(rf'<{element} count="(\d+)">(.*?)</{element}>', styles).groups()
        assert int(count) == len(re.findall(rf"<{child}\b", body)), element


def test_xlsx_formula_looking_text_is_kept_and_marked_quote_prefix_not_prefixed(tmp_path):
    """In XLSX a text cell is never evaluated; quotePrefix keeps it text when a user edits it (F2, Enter)."""
    p = tmp_path / "t.xlsx"
    texts = ["=HYPERLINK(\"http://x\")", "+81-3-1234-5678", "-10%", "@窓口で対応", "＝1+1", "\t=1", "-", "－", "○", "−10%"]
    write_xlsx(p, [Table("t", ["=cmd|' /C calc'!A0 状態", "備考"], [["0230101", t] for t in texts], [20, 30])])
    ws = openpyxl.load_workbook(p)["t"]
    assert [c.value for c in ws["B"][1:]] == texts  # stored as the vendor wrote them, no apostrophe
    assert [c.quotePrefix for c in ws["B"][1:]] == [neutralize_row([t])[0] != t for t in texts]
    assert [c.quotePrefix for c in ws["B"][1:]] == [True] * 6 + [False] * 4  # lone dashes and U+2212 are no formulas
    head = ws["A1"]  # a header (a vendor's name in compare.xlsx): the header's look, quoted
    assert head.value == "=cmd|' /C calc'!A0 状態" and head.quotePrefix and head.font.b
    assert not ws["B1"].quotePrefix and ws["B1"].font.b
    assert ws["B2"].alignment.wrap_text and not ws["A2"].quotePrefix
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row)
    assert _calamine(p, "t")[1][1] == texts[0]


def test_xlsx_datetime_is_a_date_and_time_at_its_own_clock(tmp_path):
    p = tmp_path / "t.xlsx"
    made = datetime.fromisoformat("2026-12-06T16:59:15+09:00")
    write_xlsx(p, [Table("概要", ["項目", "値"], [["作成日時", made], ["日付なし", datetime(2026, 1, 5, 0, 0)]], [28, 70])])
    ws = openpyxl.load_workbook(p)["概要"]
    assert (ws["B2"].value, ws["B2"].data_type, ws["B2"].number_format) == (
        datetime(2026, 12, 6, 16, 59, 15), "d", 'yyyy"年"m"月"d"日" hh:mm:ss')  # 16:59 as written, not 07:59 UTC
    assert ws["B3"].value == datetime(2026, 1, 5) and ws["B3"].is_date
    assert _calamine(p, "概要")[1][1] == datetime(2026, 12, 6, 16, 59, 15)


def test_xlsx_shared_strings_are_deduplicated_and_counted(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("a", ["ID", "状態"], [["1", "適合"], ["2", "適合"], ["3", None]]),
                   Table("b", ["状態"], [["適合"], ["ID"]])])
    sst = ET.fromstring(_parts(p)["xl/sharedStrings.xml"])
    assert (sst.get("count"), sst.get("uniqueCount")) == ("10", "6")
    assert [si.find("m:t", NS).text for si in sst] == ["ID", "状態", "1", "適合", "2", "3"]


def test_xlsx_parts_are_well_formed_and_complete(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [_typed_table(), Table("t", ["値"], [[v] for v in HOSTILE]), Table("空", [], [])])
    parts = _parts(p)
    assert set(parts) == PARTS | {f"xl/worksheets/sheet{i}.xml" for i in (1, 2, 3)}
    assert next(iter(parts)) == "[Content_Types].xml"
    for name, data in parts.items():
        ET.fromstring(data)  # well-formed (stdlib parser)
        assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'), name
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    # Excel rejects a worksheet whose children are out of schema order
    assert [child.tag.split("}")[1] for child in sheet] == [
        "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter", "printOptions",
        "pageMargins", "pageSetup", "headerFooter", "ignoredErrors"]
    assert all(c.get("r") for c in sheet.iter(f"{{{NS['m']}}}c"))
    # Excel repairs (「一部の内容に問題が見つかりました」) a package whose relationships share an Id or name no part
    for rels, folder in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl/")):
        links = list(ET.fromstring(parts[rels]))
        assert len({r.get("Id") for r in links}) == len(links), rels
        assert {folder + r.get("Target") for r in links} <= set(parts), rels
    workbook = ET.fromstring(parts["xl/workbook.xml"])
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {r.get("Id"): r.get("Target") for r in ET.fromstring(parts["xl/_rels/workbook.xml.rels"])}
    assert [targets[s.get(rel_ns)] for s in workbook.iterfind("m:sheets/m:sheet", NS)] == [
        f"worksheets/sheet{i}.xml" for i in (1, 2, 3)]
    with zipfile.ZipFile(p) as zf:
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())


def test_xlsx_sheet_names_sanitized_and_unique(tmp_path):
    p = tmp_path / "t.xlsx"
    long = "あ" * 40
    names = ["a/b", "A_B", "a_b", "", "'引用'", long, long, "x\x01y", "名前[1]:*?\\"]
    write_xlsx(p, [Table(n, ["h"], []) for n in names])
    got = openpyxl.load_workbook(p).sheetnames
    assert got == ["a_b", "A_B (2)", "a_b (3)", "Sheet", "_引用_", "あ" * 31, "あ" * 27 + " (2)", "x_y", "名前_1_____"]
    assert python_calamine.CalamineWorkbook.from_path(str(p)).sheet_names == got


def test_xlsx_sheet_name_keeps_astral_characters_whole(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("😀" * 20, ["h"], [])])
    assert openpyxl.load_workbook(p).sheetnames == ["😀" * 15]  # 30 UTF-16 units


def test_xlsx_view_filter_and_defined_names(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("結果", ["ID", "件数", "備考"], [["1", 2, "x"]] * 4),
                   Table("空 シート", ["ID", "件数"], []), Table("引'用", [], [])])
    wb = openpyxl.load_workbook(p)
    assert [(ws.freeze_panes, ws.auto_filter.ref) for ws in wb] == [("A2", "A1:C5"), ("A2", "A1:B2"), ("A2", "A1:A2")]
    assert wb.active.title == "結果"
    book = ET.fromstring(_parts(p)["xl/workbook.xml"])
    names = [(d.get("name"), d.get("localSheetId"), d.get("hidden"), d.text)
             for d in book.iter(f"{{{NS['m']}}}definedName")]
    assert names == [("_xlnm._FilterDatabase", "0", "1", "'結果'!$A$1:$C$5"),
                     ("_xlnm._FilterDatabase", "1", "1", "'空 シート'!$A$1:$B$2"),
                     ("_xlnm._FilterDatabase", "2", "1", "'引''用'!$A$1:$A$2"),
                     ("_xlnm.Print_Titles", "0", None, "'結果'!$1:$1"),  # none for the sheet without a header
                     ("_xlnm.Print_Titles", "1", None, "'空 シート'!$1:$1")]


def test_xlsx_prints_on_a4_one_page_wide_with_title_time_and_page_numbers(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("概要", ["項目", "値"], [["判定", "不適合"]], [28, 70]),
                   Table("要件別結果", ["ID", "要件", "ベンダ備考"], [["0230101", "本文", "備考"]], [10, 60, 50])],
               title="介護保険 第6.0版 適合チェック結果 — A&B", generated_at="2026-12-06T16:59:15+09:00")
    wb = openpyxl.load_workbook(p)
    for ws, orientation in zip(wb, ("portrait", "landscape")):  # a label | value sheet upright, a wide table across
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, orientation, 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_options.gridLines
        assert ws.print_title_rows == "$1:$1"
        # header/footer codes as stored: "&&" is a literal "&", &A the sheet's name, &P / &N the page and pages
        assert (ws.oddHeader.center.text, ws.oddHeader.right.text) == ("介護保険 第6.0版 適合チェック結果 — A&&B", "&A")
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == ("作成日時 2026年12月6日 16:59", "ページ &P / &N")


def test_an_xlsx_sheet_too_wide_for_one_page_prints_pages_across_with_its_first_columns_repeated(tmp_path):
    """要件別結果 (19 columns) and the compare matrix fitted to one page wide printed at 32 % and 21 %: unreadable."""
    p = tmp_path / "t.xlsx"
    wide = [10, 28, *[24] * 12]  # ~330 characters
    write_xlsx(p, [Table("比較", [f"列{i}" for i in range(len(wide))], [["0230101", *["あ"] * 13]], wide, freeze_cols=2),
                   Table("要件別結果", [f"列{i}" for i in range(len(wide))], [["0230101", *["あ"] * 13]], wide),
                   Table("概要", ["項目", "値"], [["判定", "不適合"]], [28, 70])])
    wb = openpyxl.load_workbook(p)
    for ws, columns in zip(wb.worksheets[:2], ("$A:$B", "$A:$A")):
        setup = ws.page_setup
        assert (setup.scale, setup.pageOrder, setup.orientation) == (70, "overThenDown", "landscape")
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert (ws.print_title_cols, ws.print_title_rows) == (columns, "$1:$1")
    narrow = wb["概要"]
    assert narrow.page_setup.fitToWidth == 1 and narrow.print_title_cols is None


@pytest.mark.parametrize("title", ["&" * 300, "長" * 300, "a\x01\n&12" + "&" * 250])
def test_xlsx_page_header_stays_within_excels_limit_and_literal(title):
    header = xlsx.page_header(title)
    assert len(header) <= 255 and header.startswith("&C") and header.endswith("&R&A")
    text = header[2:-4]
    assert not re.search(r"[\x00-\x1f]", text)
    assert re.fullmatch(r"(?:[^&]|&&)*", text)  # every "&" of the title doubled, none cut in half
    assert xlsx.page_footer("") == "&Rページ &P / &N"


def test_xlsx_freezes_the_key_columns_beside_the_header_row(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("比較", ["ID", "名称", "A社 状態"], [["1", "名", "適合"]], freeze_cols=2),
                   Table("結果", ["ID", "状態"], [["1", "適合"]], freeze_cols=1)])
    wb = openpyxl.load_workbook(p)
    assert [ws.freeze_panes for ws in wb] == ["C2", "B2"]
    view = wb["比較"].sheet_view
    pane = view.pane
    assert (pane.xSplit, pane.ySplit, pane.activePane, pane.state) == (2, 1, "bottomRight", "frozen")
    assert [s.pane for s in view.selection] == ["topRight", "bottomLeft", "bottomRight"]


def test_xlsx_tells_excel_that_numbers_as_text_are_meant(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("結果", ["ID", "対応時期", "件数"], [["0230101", "2027", 3]] * 2), Table("空", [], [])])
    parts = _parts(p)
    sheets = [ET.fromstring(parts[f"xl/worksheets/sheet{i}.xml"]) for i in (1, 2)]
    refs = [[(e.get("sqref"), e.get("numberStoredAsText")) for e in s.iterfind("m:ignoredErrors/m:ignoredError", NS)]
            for s in sheets]
    assert refs == [[("A1:C3", "1")], [("A1", "1")]]  # the whole table: ids, years


def test_xlsx_dimension_covers_cells_written(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("a", ["x", "y"], [["1"], [None, None, None, "wide", None], [None]]), Table("b", [], [])])
    parts = _parts(p)
    dims = [ET.fromstring(parts[f"xl/worksheets/sheet{i}.xml"]).find("m:dimension", NS).get("ref") for i in (1, 2)]
    assert dims == ["A1:D3", "A1"]
    assert _calamine(p, "a") == [["x", "y", "", ""], ["1", "", "", ""], ["", "", "", "wide"]]


def test_xlsx_widths_and_styles(tmp_path):
    p = tmp_path / "t.xlsx"
    # a column narrower than one digit (stored in 12-pixel steps) has no header label: it would widen it
    write_xlsx(p, [Table("t", ["ID", "要件", "", "幅なし"], [["1", "長い本文", None, "y"]], [10, 60, 0.5])])
    ws = openpyxl.load_workbook(p)["t"]
    for letter, width in (("A", 10), ("B", 60), ("C", 0.5)):
        assert ws.column_dimensions[letter].width == pytest.approx(width, abs=0.75)
    cols = ET.fromstring(_parts(p)["xl/worksheets/sheet1.xml"]).findall("m:cols/m:col", NS)
    # one <col> per column: Excel repairs a sheet whose column ranges overlap
    assert [(c.get("min"), c.get("max")) for c in cols] == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    assert ws.column_dimensions["D"].width == pytest.approx(8.43, abs=0.75)  # Excel's width for one without
    head = ws["D1"]
    assert head.font.b and head.fill.fill_type == "solid" and head.fill.fgColor.rgb == "FFE6E6E6"
    assert {head.border.left.style, head.border.right.style, head.border.top.style, head.border.bottom.style} == {"thin"}
    assert head.alignment.wrap_text and head.alignment.vertical == "top"
    # every data cell wraps: a column is widened to its text, so only text wider than that wraps rather than being cut
    assert ws["B2"].alignment.wrap_text and ws["B2"].alignment.vertical == "top"
    assert ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top"
    assert not ws["D2"].font.b and ws["D2"].alignment.wrap_text
    assert not ws["A2"].font.b and ws["A2"].fill.fill_type is None


def test_xlsx_columns_widen_to_japanese_text_counting_wide_characters_twice(tmp_path):
    p = tmp_path / "t.xlsx"
    rows = [["0230101", "適合", "機能要件", 3, "短い", "本文"], ["0230102", "適合", "機能要件", 10**12, "短い", "本文"],
            ["0230103", "必須機能の移行後対応（経過措置）", "○×", None, "長" * 50, "本文"]]
    write_xlsx(p, [Table("t", ["ID", "状態", "区分", "件数", "名称", "要件"], rows, [10, 24, 4, 6, 28, 60])])
    ws = openpyxl.load_workbook(p)["t"]
    got = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert got["A"] == pytest.approx(10, abs=0.75)  # ASCII ids fit as declared
    assert got["B"] == pytest.approx(2 * 16 + 2, abs=0.75)  # 16 wide characters + padding: not cut
    assert got["C"] == pytest.approx(2 * 4 + 2, abs=0.75)  # 機能要件; ○× are drawn full width too
    assert got["D"] == pytest.approx(6, abs=0.75)  # numbers: Excel fits them itself
    assert got["E"] == pytest.approx(40, abs=0.75)  # up to 40; the longer text wraps
    assert got["F"] == pytest.approx(60, abs=0.75)  # a long-text column as declared
    assert [xlsx.text_width(t) for t in ("ID 7", "必須", "ｱｲｳ", "＋α", "😀", "①→※", "é")] == [4, 4, 3, 4, 2, 6, 2]


def test_xlsx_columns_widen_to_show_their_header_label_on_two_lines_at_most(tmp_path):
    # the header row prints on every page: a vendor's 「… 得点」 in an 8-wide column took 6–8 lines of each page
    p = tmp_path / "t.xlsx"
    header = ["ID", "テスト情報サービス株式会社 得点", "求めるオプション（優先度）", "長" * 60, "状態"]
    write_xlsx(p, [Table("t", header, [["0230101", 3, "求める（高）", "", "適合"]], [10, 8, 12, 8, 24])])
    ws = openpyxl.load_workbook(p)["t"]
    got = {c: ws.column_dimensions[c].width for c in "ABCDE"}
    assert got["A"] == pytest.approx(10, abs=0.75)  # a short label: as declared
    # half the label (31 digits, rounded up) + 2: two lines; exactly (abs=0.75 of the stored width took 17 for 18)
    assert got["B"] == pytest.approx(xlsx.column_width(31 // 2 + 1 + 2))
    assert got["C"] == pytest.approx(xlsx.column_width(26 // 2 + 2))
    assert got["D"] == pytest.approx(40, abs=0.75)  # no wider than a column is widened to its data
    assert got["E"] == pytest.approx(24, abs=0.75)


def test_xlsx_a_table_without_rows_still_widens_to_its_header(tmp_path):
    """An empty table (no findings) still prints its header row: its labels widen their columns as with rows."""
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["ID", "テスト情報サービス株式会社 得点"], [], [10, 8])])
    assert openpyxl.load_workbook(p)["t"].column_dimensions["B"].width == pytest.approx(xlsx.column_width(18))


def test_xlsx_a_sheet_prints_across_only_when_wider_than_a_page_fits():
    """215 characters still fit one page wide at WIDE_SCALE or above; one more prints across pages."""
    assert not xlsx.printed_across([200, 15]) and xlsx.printed_across([200, 16])


def test_xlsx_widths_are_measured_on_the_first_rows_only(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "_MEASURED_ROWS", 3)  # the header and two rows
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["状態"], [["適合"], ["条件付き適合"], ["必須機能の移行後対応（経過措置）"]], [8])])
    ws = openpyxl.load_workbook(p)["t"]
    assert ws.column_dimensions["A"].width == pytest.approx(2 * 6 + 2, abs=0.75)
    assert ws["A4"].alignment.wrap_text  # the longer text further down wraps


def test_xlsx_rows_iterated_once(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["ID"], (["%07d" % i] for i in range(3)))])
    assert [r[0] for r in _calamine(p, "t")] == ["ID", "0000000", "0000001", "0000002"]


def test_xlsx_failure_keeps_previous_file(tmp_path):
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("t", ["ID"], [["old"]])])
    before = p.read_bytes()

    def rows():
        yield ["new"]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_xlsx(p, [Table("t", ["ID"], rows())])
    assert p.read_bytes() == before and [f.name for f in tmp_path.iterdir()] == ["t.xlsx"]


def test_xlsx_needs_a_sheet(tmp_path):
    with pytest.raises(ValueError):
        write_xlsx(tmp_path / "t.xlsx", [])


def test_xlsx_more_rows_than_excel_holds_is_a_japanese_error(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # the header and two rows
    p = tmp_path / "t.xlsx"
    write_xlsx(p, [Table("指摘事項", ["ID"], [["1"], ["2"]])])
    with pytest.raises(OutputError) as exc:
        write_xlsx(p, [Table("指摘事項", ["ID"], [["1"], ["2"], ["3"]])])
    assert "シート「指摘事項」の行が 3 行（Excel の上限）を超える" in exc.value.message


def test_csv_lines_end_in_crlf():
    data = csv_bytes(Table("t", ["ID", "備考"], [["0230001", "a"], ["0230002", None]]))
    assert data == "\ufeffID,備考\r\n0230001,a\r\n0230002,\r\n".encode("utf-8")


def test_a_header_label_that_looks_like_a_formula_is_neutralised_too():
    data = csv_bytes(Table("t", ["=HYPERLINK(1)", "ok"], []))
    assert data.decode("utf-8-sig").startswith("'=HYPERLINK(1),ok")


def test_every_lone_dash_stays_as_written_and_a_lone_equals_sign_is_neutralised():
    from checker.io.export import neutralize_row
    assert neutralize_row(["-", "－", "﹣", "=", "＝"]) == ["-", "－", "﹣", "'=", "'＝"]


def test_a_workbooks_created_property_is_its_reports_time(tmp_path):
    """Excel's 作成日時 property took its own clock (a minute apart from the report's time, and no two runs' workbooks
    the same bytes); it is the report's generated_at, in UTC as the property is written."""
    for name in ("a.xlsx", "b.xlsx"):
        write_xlsx(tmp_path / name, [Table("t", ["ID"], [["0230001"]])], generated_at="2026-01-01T09:00:00+09:00")
    core = zipfile.ZipFile(tmp_path / "a.xlsx").read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z</dcterms:created>" in core
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
