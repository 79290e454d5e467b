"""Expected counts and texts below were read off the sample workbooks (and their README), not the code."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checker.errors import InputError
from checker.io.spec_reader import read_spec
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_SPEC, SHUGAKU_FORM, SHUGAKU_FUNC, write_book

COUNTS = [
    ([KAIGO_SPEC], "介護保険", "第6.0版", {("function", "mandatory"): 280, ("function", "optional"): 100,
                                       ("function", "prohibited"): 20, ("form", "mandatory"): 54, ("form", "optional"): 7}),
    ([JUMIN_V10], "住民記録", "第1.0版", {("function", "mandatory"): 132, ("function", "optional"): 18,
                                       ("function", "prohibited"): 47}),
    ([JUMIN_V11], "住民記録", "第1.1版", {("function", "mandatory"): 135, ("function", "optional"): 19,
                                       ("function", "prohibited"): 48}),
    ([SHUGAKU_FUNC, SHUGAKU_FORM], "就学", "第4.0版", {("function", "mandatory"): 187, ("function", "optional"): 61,
                                                    ("function", "prohibited"): 10, ("form", "mandatory"): 29,
                                                    ("form", "optional"): 11}),
]


@pytest.mark.parametrize("files, area, version, counts", COUNTS)
def test_sample_specs_counts(files, area, version, counts):
    spec = read_spec(files)
    assert (spec.area, spec.version) == (area, version)
    for kind in ("function", "form"):
        for cls in ("mandatory", "optional", "prohibited"):
            assert spec.count(kind=kind, cls=cls) == counts.get((kind, cls), 0), (kind, cls)
    assert [s.file for s in spec.sources] == [f.name for f in files]
    assert len({r.id for r in spec.requirements}) == len(spec.requirements)


def test_layout_b_merged_major_section_and_texts():
    by_id = read_spec([KAIGO_SPEC]).by_id()
    r = by_id["0230265"]
    assert r.name == "住民異動情報をもとにした資格異動" and r.cls == "mandatory" and r.kind == "function"
    assert r.section[0] == "被保険者資格"  # 大項目 is merged vertically over its rows
    assert by_id["0230102"].section == ("介護保険共通", "宛名管理", "住登外者管理")
    assert by_id["0230101"].text == "住登外者情報を登録できること。"
    form = by_id["0230010"]
    assert form.kind == "form" and form.name == "介護保険被保険者証" and form.source == "帳票要件!A9"
    assert "0231001" in by_id  # a 第6.0版 addition with a late serial, inside its section


def test_layout_a_legacy_words_and_merged_number():
    spec = read_spec([JUMIN_V10])
    by_id = spec.by_id()
    assert by_id["0010001"].number == "1.1.1" and by_id["0010001"].name == "日本人住民データの管理"
    # 0010003 sits under the merged 1.1.2 cells: it inherits 項番 and 機能名称
    third = by_id["0010003"]
    assert (third.number, third.name, third.cls) == ("1.1.2", "外国人住民データの管理", "optional")
    assert third.text.startswith("・氏名優先区分")
    assert spec.requirements[0].text.startswith("日本人住民について、以下の項目を管理（※）すること。\n")  # as written


def test_layout_c_full_width_header_and_separate_files():
    spec = read_spec([SHUGAKU_FUNC, SHUGAKU_FORM])
    by_id = spec.by_id()
    assert by_id["0170001"].number == "1.1.1" and by_id["0170001"].name == "児童生徒データの管理"
    assert by_id["0170601"].kind == "form" and by_id["0170601"].name == "就学通知書（小学校）"
    assert "0170459" in by_id and by_id["0170459"].number == "1.1.2"


def _workbook(rows, name="機能要件", title=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_unknown_class_and_duplicate_reported_with_cells(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "機能名称", "実装区分"], ["0230001", "a", "実装必須機能"],
                             ["0230002", "b", "推奨"], ["0230001", "c", "実装不可機能"], ["02300x3", "d", "必須"]]))
    with pytest.raises(InputError) as err:
        read_spec([p])
    msg = str(err.value)
    assert "3 件" in msg and "機能要件!C3" in msg and "推奨" in msg and "機能要件!A4" in msg and "機能要件!A5" in msg


def test_area_and_version_from_options_and_conflicts(tmp_path):
    p = tmp_path / "list.xlsx"
    p.write_bytes(_workbook([["機能ID", "実装区分"], ["9990001", "必須"]]))
    with pytest.raises(InputError, match="業務を判定できません"):
        read_spec([p], version="第1.0版")
    with pytest.raises(InputError, match="版を判定できません"):
        read_spec([p], area="戸籍")
    spec = read_spec([p], area="戸籍の附票", version="第3.1版")
    assert (spec.area, spec.version) == ("戸籍附票", "第3.1版")
    with pytest.raises(InputError, match="版が食い違って"):
        read_spec([JUMIN_V11], version="第1.0版")
    with pytest.raises(InputError, match="業務が食い違って"):
        read_spec([KAIGO_SPEC], area="国民健康保険")


def test_history_only_workbook_is_an_error(tmp_path):
    p = tmp_path / "介護保険_第6.0版_改定履歴.xlsx"
    p.write_bytes(_workbook([["版数", "機能ID", "改定内容"], ["第6.0版", "0231001", "追加"]], name="改定履歴"))
    with pytest.raises(InputError, match="実装区分"):
        read_spec([p])


def _kaigo_with(tmp_path, edit, name="介護保険_第6.0版_機能・帳票要件.xlsx"):
    """The 介護保険 sample (機能要件 400 + 帳票要件 61 on two sheets) edited by *edit*(workbook)."""
    wb = openpyxl.load_workbook(KAIGO_SPEC)
    edit(wb)
    p = tmp_path / name
    wb.save(p)
    return p


def _header_cell(ws, label):
    return next(c for row in ws.iter_rows(max_row=30) for c in row if c.value == label)


@pytest.mark.parametrize("label", ["実装区分\n※1", "実装区分※", "実装区分（注）"])
def test_a_class_header_with_a_footnote_mark_or_note_is_read(tmp_path, label):
    def edit(wb):
        _header_cell(wb["機能要件"], "実装区分").value = label
    spec = read_spec([_kaigo_with(tmp_path, edit)])
    assert spec.counts()["function"] == 400 and spec.counts()["form"] == 61


def test_a_requirement_sheet_without_a_class_header_is_refused_not_dropped(tmp_path):
    """The 機能要件 sheet passed over with a 注意 and the spec saved with the 61 forms alone: every vendor then had no
    function to lack (必須機能の適合率 100.0%)."""
    def edit(wb):
        _header_cell(wb["機能要件"], "実装区分").value = "区分"
    with pytest.raises(InputError) as e:
        read_spec([_kaigo_with(tmp_path, edit)])
    assert e.value.message.endswith("仕様書の読み込みで 1 件の問題があります")
    assert len(e.value.details) == 1 and e.value.details[0].startswith(
        "シート「機能要件」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が 400 行あり、うち 400 行（0230101 など）は"
        "読んだ要件の表にない ID ですが、見出し行（")
    assert "「区分」" in e.value.details[0] and "」）に「実装区分」の列がありません。このまま取り込むと、これらの要件が仕様書から" \
        "抜け落ちます。見出しを直してください（要件の表でなければ --skip-sheet 機能要件 を付けて取り込んでください）" in e.value.details[0]
    # a history sheet lists ids without 実装区分 by design: passed over without a word
    assert not any("改定履歴" in d for d in e.value.details)


def _with_list(rows, hidden=False):
    """The 介護保険 sample with a sheet 機能一覧 of *rows* (機能ID | 機能名称 | 変更内容 below its header), hidden or not."""
    def edit(wb):
        ws = wb.create_sheet("機能一覧")
        for row in (["機能ID", "機能名称", "変更内容"], *rows):
            ws.append(row)
        ws.sheet_state = "hidden" if hidden else "visible"
    return edit


_READ = [[f"02301{i:02d}", "a", "文言修正"] for i in range(1, 4)]  # ids of the sample's functions


@pytest.mark.parametrize("rows", [
    _READ,
    [*_READ, ["0239901", "x", "削除"], ["0239902", "y", "第6.0版にて削除"], ["0239903", "z", "（削除）"]],  # deleted: not counted
    [*_READ, ["0239901", "x", "追加"], ["0239902", "y", "追加"], ["0239903", "z", "追加"]],  # half the rows not read: not most
    [["0110101", "a", "x"], ["0110102", "b", "x"], ["100-8926", "c", "x"]],  # another area's code, a postal code: none of this spec's
], ids=["read", "deleted", "half", "other-codes"])
def test_a_sheet_listing_the_requirements_read_is_passed_over_with_a_warning(tmp_path, rows):
    """A ministry's workbook has sheets listing ids without 実装区分 (変更一覧, 帳票の項目一覧): still imported."""
    warnings: list[str] = []
    spec = read_spec([_kaigo_with(tmp_path, _with_list(rows))], warnings=warnings)
    assert spec.counts()["function"] == 400 and spec.counts()["form"] == 61
    assert warnings == [f"シート「機能一覧」を読み飛ばしました: 機能ID/帳票ID（7桁の数字）の行が {len(rows)} 行ありますが、見出し行"
                        "（1行目: 「機能ID」「機能名称」「変更内容」）に「実装区分」の列がありません。要件の表なら見出しを確かめてください"]


@pytest.mark.parametrize("hidden", [False, True])
def test_a_sheet_listing_mostly_requirements_not_read_is_refused(tmp_path, hidden):
    rows = [*_READ, *([f"02399{i:02d}", "x", "追加", "実装必須機能※1"] for i in range(1, 5))]  # a 実装区分 without a header
    with pytest.raises(InputError) as e:
        read_spec([_kaigo_with(tmp_path, _with_list(rows, hidden))])
    assert e.value.details == [f"{'非表示の' if hidden else ''}シート「機能一覧」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が"
                               " 7 行あり、うち 4 行（0239901 など）は読んだ要件の表にない ID ですが、見出し行（1行目: 「機能ID」「機能名称」"
                               "「変更内容」）に「実装区分」の列がありません。このまま取り込むと、これらの要件が仕様書から抜け落ちます。"
                               "見出しを直してください（要件の表でなければ --skip-sheet 機能一覧 を付けて取り込んでください）"]


def test_a_sheet_not_read_in_place_is_to_be_imported_with_skip_sheet(tmp_path):
    """check --spec FILE has no --skip-sheet: the refusal names the import to run with it."""
    p = _kaigo_with(tmp_path, _with_list([*_READ, *([f"02399{i:02d}", "x", "追加"] for i in range(1, 5))]))
    with pytest.raises(InputError) as e:
        read_spec([p], via_import=True)
    assert e.value.details[0].endswith(f"（要件の表でなければ `hyojun spec import {p} --skip-sheet 機能一覧` で取り込み、業務名@版"
                                       "（例: 介護保険@第6.0版）で指定してください）")


@pytest.mark.parametrize("marked", [
    ["帳票ID", "帳票名称", "必須", "オプション"],  # a column per class of ○ marks, under labels not recognised
    ["帳票ID", "帳票名称", "区分（確定後記入）"],  # not filled in yet
    ["帳票ID", "帳票名称", "標準/オプション"],  # 標準 or オプション, which class_of does not read
], ids=["marks", "empty", "standard-option"])
def test_a_requirement_sheet_of_no_class_words_is_refused(tmp_path, marked):
    """A 帳票要件 sheet whose class is ○ marks, empty, or 標準/オプション: passed over with a 注意 when refusing needed
    class words on its rows, and the spec saved without its forms (check: 100%)."""
    values = {"marks": [["○", ""], ["", "○"]], "empty": [[""], [""]], "standard-option": [["標準"], ["オプション"]]}[
        "marks" if len(marked) == 4 else "empty" if "区分（確定後記入）" in marked else "standard-option"]
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], *([f"023010{i}", "a", "t", "実装必須機能"] for i in range(1, 4))],
        "帳票要件": [marked, *([f"023000{i}", "証明書", *values[i % 2]] for i in range(1, 5))]})
    with pytest.raises(InputError) as e:
        read_spec([p])
    assert e.value.details[0].startswith("シート「帳票要件」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が 4 行あり、"
                                         "うち 4 行（0230001 など）は読んだ要件の表にない ID ですが")


@pytest.mark.parametrize("old, new", [
    ("旧機能ID", "新機能ID"), ("機能ID（旧）", "機能ID（新）"), ("第5.0版 機能ID", "第6.0版 機能ID"), ("機能ID（第5.0版）", "機能ID（第6.0版）"), ("機能ID（改定前）", "機能ID（改定後）"),
    ("変更前機能ID", "変更後機能ID"), ("旧機能ID(第5.0版)", "新機能ID(第6.0版)")])
def test_a_renumbering_with_id_columns_labelled_by_version_is_passed_over(tmp_path, old, new):
    """Only 旧/新 marked an id column: the old ids were counted as unread and the sheet refused. A row counts as read
    when the id in either column was (a class under a label not recognised is no table to read)."""
    rows = [[old, new, "機能名称", "区分"], *([f"023990{i}", f"023010{i}", "a", "実装必須機能"] for i in range(1, 4))]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], *([f"023010{i}", "a", "t", "実装必須機能"] for i in range(1, 4))], "ID対応": rows})
    warnings: list[str] = []
    assert read_spec([p], warnings=warnings).counts()["function"] == 3
    assert len(warnings) == 1 and warnings[0].startswith("シート「ID対応」を読み飛ばしました"), warnings


def test_a_forms_table_not_read_with_a_related_function_column_is_refused(tmp_path):
    """Each form's 関連機能ID, read in the 機能要件 sheet, made every row count as read: the spec was saved without a form."""
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], *([f"023010{i}", "a", "t", "実装必須機能"] for i in range(1, 4))],
        "帳票要件": [["帳票ID", "帳票名称", "必須/オプション", "関連機能ID"],
                     *([f"023000{i}", "証明書", "実装必須機能", f"023010{i}"] for i in range(1, 4))]})
    with pytest.raises(InputError) as e:
        read_spec([p])
    assert e.value.details[0].startswith("シート「帳票要件」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が 3 行あり、"
                                         "うち 3 行（0230001 など）は読んだ要件の表にない ID ですが")


@pytest.mark.parametrize("sheet, rows", [
    # a 帳票要件 file imported alone, with a sheet listing the 機能IDs its forms relate to
    ("関連機能", [["機能ID", "機能名称"], *([f"023010{i}", "資格の管理"] for i in range(1, 4))]),
    # a change list saying in words what it deleted
    ("変更 一覧", [["機能ID", "変更内容"], *([f"023010{i}", "要件を削除した"] for i in range(1, 4))]),
], ids=["related", "changes"])
def test_a_list_of_ids_not_read_is_refused_and_imported_past_with_skip_sheet(tmp_path, sheet, rows):
    """Nothing on its rows tells such a list from a requirement table whose class is ○ marks or empty: refused, the
    option named with the sheet's name (quoted when it has a space), and --skip-sheet imports the file."""
    p = _book(tmp_path / "介護保険_第6.0版_帳票要件.xlsx", {
        "帳票要件": [["帳票ID", "帳票名称", "実装区分"], *([f"023000{i}", "証明書", "実装必須機能"] for i in range(1, 4))],
        sheet: rows})
    with pytest.raises(InputError) as e:
        read_spec([p])
    named = f'"{sheet}"' if " " in sheet else sheet
    assert e.value.details[0].startswith(f"シート「{sheet}」を要件の表として読めません: ")
    assert e.value.details[0].endswith(f"（要件の表でなければ --skip-sheet {named} を付けて取り込んでください）")
    warnings: list[str] = []
    assert read_spec([p], warnings=warnings, skip_sheets=[sheet]).counts()["form"] == 3
    assert warnings == [f"シート「{sheet}」は --skip-sheet の指定で読みませんでした"]


def test_skip_sheet_naming_no_sheet_is_an_error_listing_the_sheets(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_帳票要件.xlsx", {
        "帳票要件": [["帳票ID", "帳票名称", "実装区分"], ["0230001", "証明書", "実装必須機能"]], "関連機能": [["機能ID"]]})
    with pytest.raises(InputError) as e:
        read_spec([p], skip_sheets=["関連機能", "変更一覧"])
    assert e.value.message == ("介護保険_第6.0版_帳票要件.xlsx: --skip-sheet の「変更一覧」に当たるシートがありません"
                               "（シート: 「帳票要件」「関連機能」）")


def test_a_header_below_row_30_is_named_with_the_row_of_the_first_id(tmp_path):
    def edit(wb):
        wb["帳票要件"].insert_rows(1, 31)
    with pytest.raises(InputError) as e:
        read_spec([_kaigo_with(tmp_path, edit)])
    assert e.value.details == ["シート「帳票要件」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が 61 行あり、うち 61 行"
                               "（0230001 など）は読んだ要件の表にない ID ですが、先頭 30 行以内に「機能ID」（または帳票ID）の見出しが"
                               "ありません（ID の最初の行は 34 行目）。このまま取り込むと、これらの要件が仕様書から抜け落ちます。"
                               "見出しを直してください（要件の表でなければ --skip-sheet 帳票要件 を付けて取り込んでください）"]


@pytest.mark.parametrize("label, kind", [("機能要件ID", "function"), ("帳票要件ID", "form")])
def test_an_id_header_naming_the_requirement_is_read(tmp_path, label, kind):
    p = _book(tmp_path / "介護保険_第6.0版_要件.xlsx", {"要件一覧": [[label, "名称", "要件", "実装区分"], ["0230101", "a", "t", "必須"]]})
    assert [(r.id, r.kind) for r in read_spec([p]).requirements] == [("0230101", kind)]


def test_an_id_header_not_recognised_is_named_with_the_header_row_found(tmp_path):
    """「機能No.」: the message said 「先頭 30 行以内に「機能ID」（または帳票ID）の見出しがありません」 with the header in row 1."""
    def edit(wb):
        _header_cell(wb["機能要件"], "機能ID").value = "機能No."
    with pytest.raises(InputError) as e:
        read_spec([_kaigo_with(tmp_path, edit)])
    assert "「機能No.」" in e.value.details[0] and "）に「機能ID」（または帳票ID）の列がありません。" in e.value.details[0]


@pytest.mark.parametrize("label", ["機能ID", "※機能ID", "機能ID※1", "機能ID（注）"])
def test_a_serial_column_headed_id_does_not_take_the_place_of_the_requirement_ids(tmp_path, label):
    """formats.md: 機能ID is read before a serial 「ID」 column, with a mark or a note too (the oracle review: ※機能ID
    lost to the exact 「ID」, and the serials 1, 2, 3 were stored as the ids 0000001…)."""
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["ID", label, "機能名称", "実装区分"], [1, "0230001", "a", "実装必須機能"],
                             [2, "0230002", "b", "標準オプション機能"]], title="介護保険システム標準仕様書 第6.0版 機能要件"))
    assert [r.id for r in read_spec([p]).requirements] == ["0230001", "0230002"]


def test_a_serial_id_in_the_lower_row_beside_a_function_id_merged_down_over_both_rows_is_no_id(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    for row in ([None, "機能ID", "機能名称", "要件", None], ["ID", None, None, "機能要件", "実装区分"],
                [1, "0230001", "a", "本文", "実装必須機能"], [2, "0230002", "b", "本文", "標準オプション機能"]):
        ws.append(row)
    for cells in ("B1:B2", "C1:C2", "D1:E1"):
        ws.merge_cells(cells)
    wb.save(p)
    assert [r.id for r in read_spec([p]).requirements] == ["0230001", "0230002"]


@pytest.mark.parametrize("upper, lower, merged, row, said", [
    ([None, None, "実装区分", None, None], ["機能ID", "機能名称", "指定都市", "一般市区町村", "備考"], ["C2:D2"],
     ["0230001", "a", "実装必須機能", "実装必須機能", "注記"], "実装区分の列が 2 つあります"),
    ([None, None, None, "備考"], ["機能ID", "機能名称", "実装区分", None], [], ["0230001", "a", "実装必須機能", "注記"], None),
], ids=["class-over-kinds-of-town", "note-above-only"])
def test_labels_of_the_upper_row_above_the_function_id_are_read(tmp_path, upper, lower, merged, row, said):
    """An upper label names the columns the lower row leaves unnamed, with 機能ID in the lower row too: the sheet was
    passed over (「実装区分」の列がありません), or its 備考 read empty without a word. Repeated on a printed page, the
    upper row is the header's, not a note continuing the requirement above it."""
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    for values in (["介護保険システム標準仕様書 第6.0版"], upper, lower, row, upper, lower, ["0230002", *row[1:]]):
        ws.append(values)
    for cells in merged:
        ws.merge_cells(cells)
        ws.merge_cells(cells.replace("2", "5"))
    wb.save(p)
    warnings: list[str] = []
    assert [(r.id, r.cls, r.note) for r in read_spec([p], warnings=warnings).requirements] == [
        ("0230001", "mandatory", "注記"), ("0230002", "mandatory", "注記")]
    assert [said in w for w in warnings] == ([True] if said else [])


def test_the_lower_row_of_a_header_repeated_with_its_id_merged_down_is_no_header_of_its_own(tmp_path):
    """Reading the row above a header's id row as its upper row must not make the lower row of a repeated header (its
    機能ID merged down into it) a header by itself: the columns named above only (機能名称) were lost below it."""
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    header = [["機能ID", "機能名称", "要件", None], [None, None, "機能要件", "実装区分"]]
    for values in (["介護保険システム標準仕様書 第6.0版"], *header, ["0230001", "a", "本文a", "実装必須機能"],
                   *header, ["0230002", "b", "本文b", "標準オプション機能"]):
        ws.append(values)
    for cells in ("A2:A3", "C2:D2", "A5:A6", "C5:D5"):
        ws.merge_cells(cells)
    wb.save(p)
    assert [(r.id, r.name, r.text) for r in read_spec([p]).requirements] == [("0230001", "a", "本文a"), ("0230002", "b", "本文b")]


def test_the_lower_row_of_a_repeated_header_is_not_read_again_as_a_header_of_its_own(tmp_path):
    """A header repeated on a printed page is read from its first row: its lower row holding a serial 「ID」 (機能ID
    merged down beside it) was taken for a header by itself, and the rows below read the serials as their ids."""
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    header = [[None, "機能ID", "機能名称", "要件", None], ["ID", None, None, "機能要件", "実装区分"]]
    for values in (["介護保険システム標準仕様書 第6.0版"], *header, [1, "0230001", "a", "本文a", "実装必須機能"],
                   *header, [2, "0230002", "b", "本文b", "標準オプション機能"]):
        ws.append(values)
    for cells in ("B2:B3", "C2:C3", "D2:E2", "B5:B6", "C5:C6", "D5:E5"):
        ws.merge_cells(cells)
    wb.save(p)
    warnings: list[str] = []
    assert [(r.id, r.name, r.cls) for r in read_spec([p], warnings=warnings).requirements] == [
        ("0230001", "a", "mandatory"), ("0230002", "b", "optional")]
    assert not warnings


def test_a_sheet_named_for_functions_and_forms_keeps_its_functions(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx"
    p.write_bytes(_workbook([["要件ID", "実装区分"], ["0230001", "必須"], ["0230002", "必須"]], name="機能・帳票要件"))
    assert {r.kind for r in read_spec([p]).requirements} == {"function"}
    p.write_bytes(_workbook([["要件ID", "実装区分"], ["0230001", "必須"]], name="帳票要件"))
    assert {r.kind for r in read_spec([p]).requirements} == {"form"}


def test_a_requirement_row_without_its_id_is_named_in_a_warning(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "機能要件", "実装区分"], ["0230001", "a", "必須"], [None, "b", "実装必須機能"],
                             ["大項目の見出し", None, None], ["0230002", "c", "不可"]]))
    warnings: list[str] = []
    assert [r.id for r in read_spec([p], warnings=warnings).requirements] == ["0230001", "0230002"]
    assert warnings == ["1 行（機能要件!A3）は実装区分と本文があるのに機能ID/帳票IDがないため、取り込んでいません"]



def test_every_requirement_row_without_its_id_is_named_a_run_of_them_as_a_range(tmp_path):
    """Past eight rows the warning said 「ほか」: requirements left out of the import went unnamed."""
    rows = [["機能ID", "機能要件", "実装区分"], ["0230001", "a", "必須"],
            *([None, f"b{i}", "実装必須機能"] for i in range(12)), ["0230002", "c", "不可"], [None, "d", "必須"]]
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook(rows))
    warnings: list[str] = []
    read_spec([p], warnings=warnings)
    assert warnings == ["13 行（機能要件!A3:A14、機能要件!A16）は実装区分と本文があるのに機能ID/帳票IDがないため、取り込んでいません"]


def test_the_command_line_settles_titles_that_name_several_versions_or_areas(tmp_path):
    """A note above the table naming the version it changed from, or another area, is not the file's identity."""
    p = tmp_path / "list.xlsx"
    p.write_bytes(_workbook([["第1.0版からの変更点は改定履歴を参照（住民記録システム標準仕様書との連携あり）"],
                             ["介護保険システム標準仕様書【第1.1版】"], ["機能ID", "実装区分"], ["0230001", "必須"]]))
    with pytest.raises(InputError, match="業務が食い違って.*--area で指定してください"):
        read_spec([p])
    with pytest.raises(InputError, match="版が食い違って.*--version で指定してください"):
        read_spec([p], area="介護保険")
    spec = read_spec([p], version="第1.1版", area="介護保険")
    assert (spec.area, spec.version) == ("介護保険", "第1.1版")
    # a value no source names is still refused: the wrong file, or the wrong option
    with pytest.raises(InputError, match="版が食い違って.*--version を見直してください"):
        read_spec([p], version="第2.0版", area="介護保険")


def test_several_files_name_their_cells_and_the_same_file_twice_is_refused(tmp_path):
    a, b = tmp_path / "介護保険_第6.0版_機能要件.xlsx", tmp_path / "介護保険_第6.0版_帳票要件.xlsx"
    a.write_bytes(_workbook([["機能ID", "実装区分"], ["0230001", "必須"]]))
    b.write_bytes(_workbook([["帳票ID", "実装区分"], ["0230001", "必須"], ["0230002", "=NA()"]], name="帳票要件"))
    with pytest.raises(InputError) as err:
        read_spec([a, b])
    assert err.value.details == [
        "介護保険_第6.0版_帳票要件.xlsx: 帳票要件!B3: 実装区分「=NA()」を解釈できません（実装必須機能／標準オプション機能／"
        "実装不可機能 のいずれかが必要です）。数式の結果がファイルに保存されていません（Excel で開いて保存し直してください）",
        "介護保険_第6.0版_帳票要件.xlsx: 帳票要件!A2: 帳票ID 0230001 は機能ID 0230001（介護保険_第6.0版_機能要件.xlsx: 機能要件!A2）と"
        "同じ番号です。hyojun は要件を ID で見分けるため、機能と帳票が同じ番号の仕様書は取り込めません。機能要件だけを取り込むなら、"
        "帳票要件のシート（別のファイルならそのファイル）を除いて取り込んでください"]
    with pytest.raises(InputError, match="同じ内容のファイルが2回指定されています"):
        read_spec([a, a])


def _xlsxwriter_spec(path: Path, write: Callable[[Any], None]) -> Path:
    """A 機能要件 sheet of 0230001 (実装必須機能) written by xlsxwriter, which saves 0 as each formula's result (as
    LibreOffice does for a file it did not recalculate); *write* adds the rest to the worksheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("機能要件")
    ws.write_row(0, 0, ["機能ID", "実装区分"])
    ws.write_row(1, 0, ["0230001", "実装必須機能"])
    write(ws)
    wb.close()
    return path


def test_an_xlsx_formula_saved_as_0_is_said_to_be_one(tmp_path):
    """xlsxwriter (and LibreOffice saving a file it did not recalculate) saves 0 as the result of each formula, a text's
    too: the 実装区分 reads 0, as from an .xls, and the message says so, as for an .xls. A formula whose saved result is
    a text (0230003x) or FALSE says nothing of the kind."""
    def write(ws: Any) -> None:
        ws.write_formula(1, 1, '=IF(1=1,"実装必須機能","")')  # saved as 0
        ws.write_row(2, 0, ["0230002"])
        ws.write_formula(2, 1, "=1=2", None, False)
        ws.write_formula(3, 0, '=TEXT(230003,"0000000")', None, "0230003x")  # saved as this text
        ws.write(3, 1, "実装必須機能")

    p = _xlsxwriter_spec(tmp_path / "介護保険_第6.0版_機能要件.xlsx", write)
    with pytest.raises(InputError) as err:
        read_spec([p])
    stale = ("。数式のセルで、ファイルに保存された結果を読みました（数式は計算しません）。表示と違うなら、ファイルを開いて"
             "再計算してから保存し直してください（LibreOffice: データ→計算→再計算（Ctrl+Shift+F9）。Excel: 開いて保存し直す）")
    assert err.value.details == [
        f"機能要件!B2: 実装区分「0」を解釈できません（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）{stale}",
        "機能要件!B3: 実装区分「FALSE」を解釈できません（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）",
        "機能要件!A4: 「0230003x」は機能ID/帳票ID（7桁の数字）ではありません"]


def test_an_id_formula_saved_as_0_is_no_requirement_0000000(tmp_path):
    """="0230002" saved as 0 by xlsxwriter was imported as requirement 0000000, with a warning of its 業務コード alone. A
    number cell 230003 is still 0230003 (semantics.md)."""
    def write(ws: Any) -> None:
        ws.write_formula(2, 0, '="0230002"')  # saved as 0
        ws.write(2, 1, "実装必須機能")
        ws.write_row(3, 0, [230003, "実装必須機能"])

    p = _xlsxwriter_spec(tmp_path / "介護保険_第6.0版_機能要件.xlsx", write)
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert err.value.details == [
        "機能要件!A3: 「0」は機能ID/帳票ID（7桁の数字）ではありません。数式のセルで、ファイルに保存された結果を読みました（数式は"
        "計算しません）。表示と違うなら、ファイルを開いて再計算してから保存し直してください（LibreOffice: データ→計算→再計算"
        "（Ctrl+Shift+F9）。Excel: 開いて保存し直す）"]
    book = openpyxl.load_workbook(p)
    book["機能要件"]["A3"] = "0230002"
    book.save(p)
    assert [r.id for r in read_spec([p]).requirements] == ["0230001", "0230002", "0230003"]


def test_the_header_repeated_inside_the_table_is_passed_over(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "機能名称", "実装区分"], ["0230001", "a", "実装必須機能"],
                             ["機能ID", "機能名称", "実装区分"], ["0230002", "b", "不可"]]))
    assert [r.id for r in read_spec([p]).requirements] == ["0230001", "0230002"]


@pytest.mark.parametrize("version", [None, "第1.1版"])
def test_two_versions_passed_together_are_named_not_listed_as_duplicates(version):
    # --version would not help: the same ids twice (the advice it gave led to 192 duplicates)
    with pytest.raises(InputError, match="版の違うファイルが一緒に指定されています（住民記録_第1.1版_機能要件.xlsx: 第1.1版、"
                                         "住民記録_第1.0版_機能要件.xlsx: 第1.0版）。.*版ごとに分けて取り込んでください") as err:
        read_spec([JUMIN_V11, JUMIN_V10], version=version)
    assert not err.value.details


def test_files_of_several_areas_and_versions_say_both():
    with pytest.raises(InputError, match="業務・版の違うファイルが一緒に指定されています（住民記録_第1.0版_機能要件.xlsx: 住民記録 第1.0版、"
                                         ".*介護保険_第6.0版_機能・帳票要件.xlsx: 介護保険 第6.0版）。.*業務・版ごとに分けて取り込んでください"):
        read_spec([JUMIN_V10, JUMIN_V11, KAIGO_SPEC])


def test_a_table_with_no_requirement_rows_says_so(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "機能名称", "実装区分"]], title="介護保険システム標準仕様書"))
    with pytest.raises(InputError, match=r"要件一覧の表（機能要件!A2 の見出し）の下に、機能ID/帳票ID（7桁の数字）と実装区分のある行がありません"):
        read_spec([p])


def test_a_flood_of_problems_is_counted_and_the_first_hundred_listed(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "実装区分"]] + [[f"023{n:04d}", "要確認"] for n in range(250)]))
    with pytest.raises(InputError, match="250 件の問題") as err:
        read_spec([p])
    assert len(err.value.details) == 101 and err.value.details[-1] == "ほか 150 件"


def test_a_forms_sheet_reads_its_form_ids_past_a_related_function_id_column(tmp_path):
    p = tmp_path / "介護保険_第6.0版_帳票要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "帳票ID", "帳票名称", "実装区分"], ["0230101", "0230001", "a", "必須"],
                             ["0230101", "0230002", "b", "必須"]], name="帳票要件"))
    assert [(r.id, r.kind) for r in read_spec([p]).requirements] == [("0230001", "form"), ("0230002", "form")]


_FUNCTIONS = [["機能ID", "機能名称", "機能要件", "帳票ID", "実装区分"], ["0230101", "資格の管理", "t", "0230001", "実装必須機能"],
              ["0230102", "証明書の発行", "t", "0230001", "実装必須機能"]]


@pytest.mark.parametrize("sheet, forms", [
    # the forms table below the functions table, on a sheet named for both: its 機能ID is each form's related function
    ("機能・帳票要件", [["機能ID", "帳票ID", "帳票名称", "帳票概要", "実装区分"]]),
    ("機能要件", [["関連機能ID", "帳票ID", "帳票名", "帳票概要", "実装区分"]]),
    ("要件一覧", [["帳票ID", "帳票名", "関連機能ID", "実装区分"]]),
    # 帳票要件ID: only 帳票ID was looked for, on a sheet named for forms too
    ("帳票要件", [["機能ID", "帳票要件ID", "帳票名称", "実装区分"]]),
], ids=["both-sheet", "related-left", "related-right", "form-requirement-id"])
def test_a_forms_table_reads_its_own_form_ids_beside_a_related_function_id(tmp_path, sheet, forms):
    """機能ID | 帳票ID | 帳票名称 below the functions table: the 機能ID column was read as the forms' ids, and the import
    failed with a duplicate id per form relating to one function. A forms table's names and texts say so (帳票名称,
    帳票概要); the functions table beside it (機能名称, 機能要件 with a related 帳票ID) keeps its 機能ID."""
    header, = forms
    ids = {"機能ID": "0230101", "関連機能ID": "0230101", "帳票ID": "", "帳票要件ID": "", "帳票名称": "通知書", "帳票名": "通知書",
           "帳票概要": "t", "実装区分": "実装必須機能"}
    rows = [[ids[label] or f"023000{n}" for label in header] for n in (1, 2)]
    table = [*_FUNCTIONS, [], header, *rows] if sheet != "帳票要件" else [header, *rows]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {sheet: table})], warnings=warnings)
    forms_read = [(r.id, r.kind, r.name) for r in spec.requirements if r.kind == "form"]
    assert forms_read == [("0230001", "form", "通知書"), ("0230002", "form", "通知書")]
    if sheet != "帳票要件":
        assert [(r.id, r.kind) for r in spec.requirements if r.kind == "function"] == [
            ("0230101", "function"), ("0230102", "function")]
    assert not any("関連機能ID" in w for w in warnings), warnings  # no name or text column to rename it to


@pytest.mark.parametrize("sheet, header, kind", [
    # names or texts of both: by where the 帳票ID stands (a functions table's related form after its own id)
    ("要件一覧", ["機能ID", "機能名称", "帳票ID", "帳票名称", "機能要件", "実装区分"], "function"),
    # a functions table's (機能名称, 機能要件) whatever stands first
    ("要件一覧", ["帳票ID", "機能ID", "機能名称", "機能要件", "実装区分"], "function"),
    # names and texts that do not tell: a sheet named for functions, else the 帳票ID left of the 機能ID
    ("機能要件", ["帳票ID", "機能ID", "名称", "要件", "実装区分"], "function"),
    ("要件一覧", ["機能ID", "名称", "帳票ID", "要件", "実装区分"], "function"),
    ("要件一覧", ["帳票ID", "名称", "機能ID", "要件", "実装区分"], "form"),
    # a forms table told by its text alone
    ("要件一覧", ["機能ID", "帳票ID", "名称", "帳票概要", "実装区分"], "form"),
])
def test_the_id_column_of_a_table_with_a_function_id_and_a_form_id(tmp_path, sheet, header, kind):
    """Which of 機能ID and 帳票ID is the table's own id, by its names and texts, else its sheet's name, else their
    order (id_column)."""
    ids = {"機能ID": "023010", "帳票ID": "023000"}
    rows = [[ids[h] + str(n) if h in ids else "実装必須機能" if h == "実装区分" else f"{h}{n}" for h in header]
            for n in (1, 2)]
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_要件.xlsx", {sheet: [header, *rows]})], warnings=[])
    own = ids["帳票ID" if kind == "form" else "機能ID"]
    assert [(r.id, r.kind) for r in spec.requirements] == [(f"{own}{n}", kind) for n in (1, 2)]


@pytest.mark.parametrize("sheet_name, class_label", [("削除した機能", "実装区分（削除前）"), ("変更履歴", "実装区分（変更後）"),
                                                     ("廃止帳票", "実装区分")])
def test_sheets_of_deleted_or_changed_requirements_are_not_read_as_current(tmp_path, sheet_name, class_label):
    def edit(wb):
        ws = wb.create_sheet(sheet_name)
        ws.append(["版数", "機能ID", "機能名称", class_label])
        ws.append(["第6.0版", "0239901", "削除した機能", "実装必須機能"])
        ws.append(["第6.0版", "0230101", "変更した機能", "標準オプション機能"])  # an id of the current list too
    warnings: list[str] = []
    spec = read_spec([_kaigo_with(tmp_path, edit)], warnings=warnings)
    assert len(spec.requirements) == 461 and "0239901" not in spec.by_id()
    assert warnings == [f"シート「{sheet_name}」は機能ID と実装区分の表ですが、シート名から改定履歴・削除・廃止の一覧として読み飛ばしました"]


def test_a_second_table_on_the_sheet_follows_its_own_header(tmp_path):
    """帳票要件 below 機能要件 on one sheet, its columns in another order: read with its header, as 帳票."""
    p = tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "機能名称", "実装区分"], ["0230101", "a", "実装必須機能"], ["0230102", "b", "不可"],
                             [None, None, None],
                             ["帳票名称", "実装区分", "帳票ID"], ["通知書", "標準オプション機能", "0230001"]], name="要件一覧"))
    spec = read_spec([p])
    assert [(r.id, r.kind, r.cls, r.name) for r in spec.requirements] == [
        ("0230101", "function", "mandatory", "a"), ("0230102", "function", "prohibited", "b"),
        ("0230001", "form", "optional", "通知書")]


def test_ids_in_a_sheet_not_read_are_counted_in_every_written_form():
    from checker.io.spec_reader import _passed_over
    from checker.io.workbook import Sheet

    rows = [["一覧"], ["０２３０１０１", "a"], ["023-0102", "b"], [" 0230103 ", "c"], ["1.1.1", "d"], ["02301", "e"]]
    over = _passed_over(Sheet("機能一覧", rows), "")
    assert over is not None and "の行が 3 行ありますが" in over.why


def _book(path, sheets, merged=(), hidden_rows=(), hidden_sheets=(), very_hidden=()):
    """write_book, with *merged* as (sheet, range), 1-based *hidden_rows* as (sheet, row), *hidden_sheets* and
    *very_hidden* sheets (which Excel's 再表示 does not list)."""
    write_book(path, sheets)
    if merged or hidden_rows or hidden_sheets or very_hidden:
        wb = openpyxl.load_workbook(path)
        for sheet, cells in merged:
            wb[sheet].merge_cells(cells)
        for sheet, row in hidden_rows:
            wb[sheet].row_dimensions[row].hidden = True
        for sheet in hidden_sheets:
            wb[sheet].sheet_state = "hidden"
        for sheet in very_hidden:
            wb[sheet].sheet_state = "veryHidden"
        wb.save(path)
    return path


_H = ["機能ID", "機能名称", "機能要件"]


def test_class_columns_per_version_read_the_column_of_the_version_imported(tmp_path):
    """0230101 is オプション in 第5.0版 and 必須 in 第6.0版: the 第6.0版 column decides (it read 第5.0版, the left one)."""
    rows = [[*_H, "実装区分（第5.0版）", "実装区分（第6.0版）"], ["0230101", "a", "t", "標準オプション機能", "実装必須機能"],
            ["0230103", "c", "t", "実装必須機能", "実装不可機能"]]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [["介護保険システム標準仕様書【第6.0版】"], *rows]})
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert [r.cls for r in spec.requirements] == ["mandatory", "prohibited"]
    assert warnings == ["シート「機能要件」に版ごとの実装区分の列があります（D 列「実装区分(第5.0版)」、E 列「実装区分(第6.0版)」）。"
                        "取り込む 第6.0版 の E 列を使いました"]
    untold = _book(tmp_path / "list.xlsx", {"機能要件": rows})
    with pytest.raises(InputError) as err:
        read_spec([untold], area="介護保険")
    assert "どの版の列を読むか決められません。--version で取り込む版を指定してください" in err.value.details[0]
    spec = read_spec([untold], area="介護保険", version="第5.0版", warnings=[])
    assert [r.cls for r in spec.requirements] == ["optional", "mandatory"]
    with pytest.raises(InputError) as err:
        read_spec([untold], area="介護保険", version="第7.0版")
    assert "D 列「実装区分(第5.0版)」、E 列「実装区分(第6.0版)」）。取り込む版（第7.0版）の列がありません。--version で" in err.value.details[0]


def test_class_columns_per_version_without_brackets_are_read_as_versions(tmp_path):
    """「実装区分↵第5.0版」 (a line break, no brackets): no class column was found, the sheet was passed over."""
    rows = [[*_H, "実装区分\n第5.0版", "実装区分\n第6.0版", "備考"], ["0230101", "a", "t", "標準オプション機能", "実装必須機能", ""]]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows})
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert req.cls == "mandatory"
    assert warnings == ["シート「機能要件」に版ごとの実装区分の列があります（D 列「実装区分第5.0版」、E 列「実装区分第6.0版」）。"
                        "取り込む 第6.0版 の E 列を使いました"]


def test_a_sheet_named_for_another_version_than_the_file_is_a_disagreement(tmp_path):
    """A file named 第6.0版 holding only the sheet 機能要件（第5.0版） was stored as 第6.0版 without a word."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件（第5.0版）": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]]})
    with pytest.raises(InputError, match="版が食い違っています（シート名: 第5.0版、ファイル名: 第6.0版）"):
        read_spec([p])
    same = _book(tmp_path / "介護保険_第5.0版_機能要件.xlsx", {"機能要件（第5.0版）": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]]})
    assert read_spec([same]).version == "第5.0版"


def test_versions_over_groups_of_columns_choose_the_class_and_its_note(tmp_path):
    """第5.0版 over 実装区分 | 備考 and 第6.0版 over 実装区分 | 備考: the row of versions was a title (「版が食い違っています」),
    and with --version the left (第5.0版) group was read, its 備考 too."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        ["介護保険システム 機能要件"], [None, None, None, "第5.0版", None, "第6.0版", None],
        [*_H, "実装区分", "備考", "実装区分", "備考"],
        ["0230101", "a", "t", "標準オプション機能", None, "実装必須機能", "第6.0版で必須化"]]},
        merged=[("機能要件", "D2:E2"), ("機能要件", "F2:G2")])
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert (req.cls, req.note) == ("mandatory", "第6.0版で必須化")
    assert warnings == ["シート「機能要件」に版ごとの実装区分の列があります（D 列「実装区分（第5.0版）」、F 列「実装区分（第6.0版）」）。"
                        "取り込む 第6.0版 の F 列を使いました"]


def test_a_class_column_without_a_version_beside_an_old_versions_is_the_current_one(tmp_path):
    """実装区分 beside 実装区分（第5.0版）: no --version could import it, though the error asked for one."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分（第5.0版）", "実装区分"], ["0230101", "a", "t", "標準オプション機能", "実装必須機能"]]})
    warnings: list[str] = []
    assert [r.cls for r in read_spec([p], warnings=warnings).requirements] == ["mandatory"]
    assert warnings[0].endswith("版の書かれていない E 列を、取り込む 第6.0版 の列として使いました")
    old = _book(tmp_path / "list.xlsx", {"機能要件": [
        [*_H, "実装区分（第5.0版）", "実装区分"], ["0230101", "a", "t", "標準オプション機能", "実装必須機能"]]})
    assert [r.cls for r in read_spec([old], area="介護保険", version="第5.0版", warnings=[]).requirements] == ["optional"]


def test_a_repeated_header_keeps_reading_the_version_imported(tmp_path):
    """The header printed again on page 2 switched every row below it to the left (第5.0版) column."""
    header = [*_H, "実装区分（第5.0版）", "実装区分（第6.0版）"]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        header, ["0230101", "a", "t", "標準オプション機能", "実装必須機能"],
        header, ["0230104", "d", "t", "標準オプション機能", "実装必須機能"], ["0230105", "e", "t", "実装必須機能", "実装不可機能"]]})
    warnings: list[str] = []
    assert [r.cls for r in read_spec([p], warnings=warnings).requirements] == ["mandatory", "mandatory", "prohibited"]
    assert len(warnings) == 1  # the column used is said once


def test_deleted_rows_by_their_words_and_requirements_named_for_deleting_kept(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", "変更区分", "区分"],
        ["0230101", "削除", "住民票の削除処理ができること", "実装必須機能", None, "機能"],
        ["0230102", "b", "t", "実装必須機能", "第6.0版で削除", None], ["0230103", "c", "t", "実装必須機能", "削除済", None],
        ["0230104", "d", "t", "実装必須機能", "廃止", None], ["0230105", "【削除】", None, "実装必須機能", None, None],
        ["0230106", "f", "t", "実装必須機能", "一部削除", None], ["0230001", "g", "t", "実装必須機能", None, "帳票（EUC）"]]})
    spec = read_spec([p], warnings=[])
    assert [(r.id, r.kind) for r in spec.requirements] == [("0230101", "function"), ("0230106", "function"),
                                                           ("0230001", "form")]


def test_a_class_header_merged_over_its_version_columns_repeated_for_printing(tmp_path):
    # the repeated header is seen with its merges: its group 実装区分 must name the version columns as the first does
    head = [[*_H, "実装区分", None], [None, None, None, "第5.0版", "第6.0版"]]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx",
              {"機能要件": [*head, ["0230101", "a", "t", "標準オプション機能", "実装必須機能"], *head,
                            ["0230102", "b", "t", "実装必須機能", "実装不可機能"]]},
              merged=[("機能要件", c) for c in ("A1:A2", "D1:E1", "A4:A5", "D4:E4")])
    assert [r.cls for r in read_spec([p], warnings=[]).requirements] == ["mandatory", "prohibited"]


@pytest.mark.parametrize("lower, chosen, used", [(["指定都市", "一般市区町村"], "指定都市", "指定した D 列を使いました"),
                                                 (["第5.0版", "第6.0版"], None, "取り込む 第6.0版 の E 列を使いました")])
def test_a_class_header_merged_over_its_sub_columns_names_them(tmp_path, lower, chosen, used):
    # it read the lower labels alone, and said 「実装区分」の列がありません
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx",
              {"機能要件": [[*_H, "実装区分", None, "備考"], [None, None, None, *lower, None],
                            ["0230101", "a", "t", "標準オプション機能", "実装必須機能", None]]},
              merged=[("機能要件", c) for c in ("A1:A2", "B1:B2", "C1:C2", "F1:F2", "D1:E1")])
    warnings: list[str] = []
    spec = read_spec([p], class_column=chosen, warnings=warnings)
    assert spec.requirements[0].cls == ("optional" if chosen else "mandatory")
    assert f"D 列「実装区分({lower[0]})」、E 列「実装区分({lower[1]})」" in warnings[0] and warnings[0].endswith(used)


@pytest.mark.parametrize("lower", ["標準／オプション", "区分", "必須・オプション"])
def test_a_class_header_over_one_column_of_its_own_names_it(tmp_path, lower):
    """実装区分 (not merged) over 標準／オプション, beside 機能要件 merged over 機能ID | 機能名称 | 要件: the sheet was passed
    over with a 注意 (「実装区分」の列がありません) and the spec imported without its functions."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx",
              {"機能要件": [["機能要件", None, None, "実装区分", "備考"], [*_H, lower, None],
                            ["0230101", "a", "t", "標準オプション機能", None], ["0230102", "b", "u", "実装必須機能", "注記"]]},
              merged=[("機能要件", c) for c in ("A1:C1", "E1:E2")])
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert [(r.id, r.cls, r.name, r.text, r.note) for r in spec.requirements] == [
        ("0230101", "optional", "a", "t", ""), ("0230102", "mandatory", "b", "u", "注記")]
    assert warnings == []


@pytest.mark.parametrize("chosen", ["実装区分（R6.4時点）", "R6.4時点", "E"])
def test_class_columns_merged_down_under_a_row_of_groups_are_chosen_by_their_labels(tmp_path, chosen):
    """実装区分 | 実装区分（R6.4時点） merged down beside 機能要件 over 機能ID | 機能名称 | 要件: the labels were doubled
    (実装区分(R6.4時点)(実装区分(R6.4時点))), and --class-column refused the label written in the cell and its note."""
    p = _book(tmp_path / "就学_第4.0版_機能要件.xlsx",
              {"機能要件": [["機能要件", None, None, "実装区分", "実装区分（R6.4時点）", "備考"], [*_H, None, None, None],
                            ["0170001", "a", "t", "実装必須機能", "標準オプション機能", None]]},
              merged=[("機能要件", c) for c in ("A1:C1", "D1:D2", "E1:E2", "F1:F2")])
    warnings: list[str] = []
    spec = read_spec([p], class_column=chosen, warnings=warnings)
    assert [r.cls for r in spec.requirements] == ["optional"]
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分」、E 列「実装区分(R6.4時点)」）。"
                        "--class-column で指定した E 列を使いました"]


@pytest.mark.parametrize("name, text", [("機能名", "要件の内容"), ("機能名", "機能要件の内容"), ("帳票名", "帳票の概要"),
                                        ("帳票名", "帳票の説明")])
def test_common_name_and_text_labels_are_read(tmp_path, name, text):
    """機能名 | 要件の内容: every requirement had an empty name and text, without a word."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx",
              {"要件一覧": [["機能ID", name, text, "実装区分"], ["0230101", "a", "t", "実装必須機能"]]})
    warnings: list[str] = []
    assert [(r.name, r.text) for r in read_spec([p], warnings=warnings).requirements] == [("a", "t")] and warnings == []


def test_a_table_without_a_name_or_text_column_names_the_labels_it_did_not_read(tmp_path):
    """Said once per sheet, for the header repeated on a page too; a table of no other columns has nothing to miss."""
    head = ["機能ID", "名前", "内容", "実装区分", "備考"]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx",
              {"機能要件": [head, ["0230101", "a", "t", "実装必須機能", None], head, ["0230102", "b", "u", "実装必須機能", None]],
               "帳票要件": [["帳票ID", "帳票名称", "帳票の内容", "実装区分"], ["0230001", "c", "v", "実装必須機能"]],
               "その他": [["機能ID", "実装区分"], ["0230201", "実装必須機能"]]})
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert [(r.name, r.text) for r in spec.requirements] == [("", ""), ("", ""), ("c", ""), ("", "")]
    assert warnings == [
        "シート「機能要件」の見出し（1行目）に名称（機能名称・帳票名称）と本文（機能要件・帳票概要）の列がないため、名称・本文を空のまま"
        "取り込みました（名前の分からない見出し: 「名前」「内容」）。その列を読むには、見出しを「機能名称」「機能要件」などに直してください",
        "シート「帳票要件」の見出し（1行目）に本文（機能要件・帳票概要）の列がないため、本文を空のまま取り込みました（名前の分からない見出し:"
        " 「帳票の内容」）。その列を読むには、見出しを「機能名称」「機能要件」などに直してください"]


@pytest.mark.parametrize("hidden_first", [False, True])
def test_an_id_repeated_on_a_hidden_sheet_is_said_to_be_there(tmp_path, hidden_first):
    """An old copy kept hidden (機能要件(旧)): each duplicate named a cell the user cannot see in Excel, not why."""
    rows = [[*_H, "実装区分"], ["0230101", "a", "t", "実装必須機能"]]
    sheets = {"機能要件(旧)": rows, "機能要件": rows} if hidden_first else {"機能要件": rows, "機能要件(旧)": rows}
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", sheets, hidden_sheets=("機能要件(旧)",))
    with pytest.raises(InputError) as e:
        read_spec([p])
    old, new = "'機能要件(旧)'!A2（非表示のシート）", "機能要件!A2"
    first, second = (old, new) if hidden_first else (new, old)
    assert e.value.details == [f"{second}: 機能ID 0230101 が重複しています（最初は {first}）"]


def _taxes(tmp_path, common=False):
    sheets = {"個人住民税": [["機能要件一覧【第10.0版】"], [*_H, "実装区分"]] + [[f"010010{i}", "a", "t", "必須"] for i in range(1, 4)],
              "法人住民税": [["機能要件一覧【第10.0版】"], [*_H, "実装区分"]] + [[f"011010{i}", "a", "t", "必須"] for i in range(1, 3)]}
    if common:
        sheets["共通機能"] = [[*_H, "実装区分"], ["0160101", "共通", "t", "必須"]]
    return _book(tmp_path / "税務システム_機能要件.xlsx", sheets)


def test_a_sheet_of_another_areas_ids_is_refused_or_with_area_passed_over(tmp_path):
    """法人住民税 (011) beside 個人住民税 (010): it was stored as 個人住民税, with or without --area."""
    p = _taxes(tmp_path, common=True)
    with pytest.raises(InputError, match=r"1 つの業務（個人住民税）の要件を読みますが、別の業務の要件があります") as err:
        read_spec([p])
    assert err.value.details == ["シート「法人住民税」の 2 件（0110101 など）は IDの業務コード 011 の 法人住民税 の要件です。業務ごとに "
                                 "--area を付けて取り込んでください（hyojun spec import 税務システム_機能要件.xlsx --area 個人住民税、"
                                 "--area 法人住民税。指定した業務でないシートは読み飛ばします）"]
    for area, ids in (("個人住民税", ["0100101", "0100102", "0100103"]), ("法人住民税", ["0110101", "0110102"])):
        warnings: list[str] = []
        spec = read_spec([p], area=area, warnings=warnings)
        assert (spec.area, [r.id for r in spec.requirements]) == (area, [*ids, "0160101"])  # 016 (共通機能) is both areas'
        assert len(warnings) == 1 and "のため読み飛ばしました" in warnings[0] and f"--area {area} のため" in warnings[0]


def test_a_sheet_not_read_of_the_area_passed_over_with_area_is_no_problem(tmp_path):
    """With --area 個人住民税, a 法人住民税 sheet not read (its 帳票 without 実装区分) is none of the spec imported, though
    法人住民税's other sheet was read (and passed over): a warning, as before."""
    p = _taxes(tmp_path)
    wb = openpyxl.load_workbook(p)
    ws = wb.create_sheet("法人住民税の帳票")
    for row in (["帳票ID", "帳票名称", "区分"], ["0115001", "申告書", "必須"], ["0115002", "通知書", "必須"]):
        ws.append(row)
    wb.save(p)
    warnings: list[str] = []
    spec = read_spec([p], area="個人住民税", warnings=warnings)
    assert [r.id for r in spec.requirements] == ["0100101", "0100102", "0100103"]
    assert len(warnings) == 2 and warnings[0].startswith("シート「法人住民税の帳票」を読み飛ばしました")
    with pytest.raises(InputError) as err:  # importing 法人住民税, it is that spec's forms
        read_spec([p], area="法人住民税")
    assert err.value.details[0].startswith("シート「法人住民税の帳票」を要件の表として読めません")


def test_a_file_of_another_area_passed_beside_the_spec_is_refused(tmp_path):
    spec = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"],
                                                                         ["0230102", "b", "t", "必須"]]})
    forms = _book(tmp_path / "帳票要件.xlsx", {"帳票要件": [["帳票ID", "帳票名称", "実装区分"], ["0240001", "国保の帳票", "必須"]]})
    for area in (None, "介護保険"):
        with pytest.raises(InputError) as err:
            read_spec([spec, forms], area=area)
        assert err.value.details == ["帳票要件.xlsx: シート「帳票要件」の 1 件（0240001 など）は IDの業務コード 024 の 国民健康保険 の要件"
                                     "です。取り違えたファイルでないか確かめ、国民健康保険 の要件なら別に取り込んでください"
                                     "（hyojun spec import 帳票要件.xlsx）"]


def test_a_row_of_another_areas_id_among_the_areas_own_is_a_problem_naming_its_cell(tmp_path):
    """A table's area is its ids' majority: 0230101 (介護保険) among 住民記録's rows was stored as 住民記録's requirement,
    with --area too, and with the other problems of the sheet."""
    rows = [[*_H, "実装区分"], *([f"001010{i}", "a", "t", "必須"] for i in range(1, 4)), ["0230101", "介護", "t", "必須"],
            ["0010104", "d", "t", "多分"], ["0230002", "帳票", "t", "必須"]]
    p = _book(tmp_path / "住民記録_第6.0版_機能要件.xlsx", {"機能要件": rows})
    for area in (None, "住民記録"):
        with pytest.raises(InputError, match="仕様書の読み込みで 3 件の問題があります") as err:
            read_spec([p], area=area)
        stray = "（住民記録 の業務コードは 001）。別の業務の行が紛れていないか確かめ、その行を除いたファイルを取り込んでください"
        assert err.value.details == [
            "機能要件!D6: 実装区分「多分」を解釈できません（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）",
            f"機能要件!A5: 機能ID 0230101 は IDの業務コード 023 の 介護保険 の要件です{stray}",
            f"機能要件!A7: 機能ID 0230002 は IDの業務コード 023 の 介護保険 の要件です{stray}"]


def test_codes_the_area_lists_are_its_own_a_shared_code_it_does_not_list_is_a_problem_and_a_code_of_no_area_a_warning(tmp_path):
    """選挙人名簿管理 lists 005 and 007–009 beside its 006; 016 is the taxes' common code, a tax area's own but not
    住民記録's (it was read as 住民記録's without a word); 999 is no area's (a code newer than the catalog): read, and
    named."""
    senkyo = _book(tmp_path / "選挙人名簿管理_第4.1版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分"], ["0060101", "a", "t", "必須"], ["0060102", "b", "t", "必須"], ["0050101", "c", "t", "必須"],
        ["0090101", "d", "t", "必須"], ["9990001", "e", "t", "必須"], ["9990002", "f", "t", "必須"]]})
    warnings: list[str] = []
    spec = read_spec([senkyo], warnings=warnings)
    assert [r.id for r in spec.requirements] == ["0060101", "0060102", "0050101", "0090101", "9990001", "9990002"]
    assert warnings == ["シート「機能要件」の 2 件（9990001（機能要件!A6）、9990002（機能要件!A7））は IDの業務コードがどの業務のもの"
                        "でもありませんが、選挙人名簿管理 の要件として取り込みました（選挙人名簿管理 の業務コードは 006・005・007・008・009）。"
                        "業務一覧（areas.yaml）より新しい業務コードでなければ、別の仕様書の行が紛れていないか確かめてください"]
    tax = _book(tmp_path / "個人住民税_第10.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分"], ["0100101", "a", "t", "必須"], ["0100102", "b", "t", "必須"], ["0160101", "共通", "t", "必須"]]})
    quiet: list[str] = []
    assert [r.id for r in read_spec([tax], warnings=quiet).requirements] == ["0100101", "0100102", "0160101"]
    assert quiet == []
    # a code 選挙人名簿管理 alone lists is its own, not 住民記録's; 016, the taxes' common code, is theirs
    jumin = _book(tmp_path / "住民記録_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分"], ["0010101", "a", "t", "必須"], ["0050101", "b", "t", "必須"], ["0160101", "c", "t", "必須"]]})
    with pytest.raises(InputError) as err:
        read_spec([jumin])
    assert [d.partition("の要件です")[0] for d in err.value.details] == [
        "機能要件!A3: 機能ID 0050101 は IDの業務コード 005 の 選挙人名簿管理 ",
        "機能要件!A4: 機能ID 0160101 は IDの業務コード 016 の 個人住民税・法人住民税・固定資産税・軽自動車税 の共通機能 "]


def test_rows_marked_deleted_are_not_requirements(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", "変更区分", "備考"], ["0230101", "a", "t", "実装必須機能", None, None],
        ["0230102", "b", "t", "実装必須機能", "削除", "第6.0版で削除"], ["0230103", "（削除）", None, "実装必須機能", None, None],
        ["0230104", "d", "t", "－", None, None], ["0230105", "e", "t", "削除", None, None],
        ["0230106", "f", "t", "実装不可機能", "変更", "削除の手順を変更"]]})
    warnings: list[str] = []
    assert [r.id for r in read_spec([p], warnings=warnings).requirements] == ["0230101", "0230106"]
    assert warnings == ["シート「機能要件」の 4 行（0230102～0230105）は削除された要件（変更区分が「削除」「廃止」、"
                        "名称・本文・実装区分が「（削除）」、実装区分が「－」など）のため、取り込んでいません"]


_CHANGES = ["行削除", "第2.0版削除", "第2.0版にて削除", "令和6年9月削除", "R6削除", "統合により削除", "削除→0230120へ統合", "要件削除",
            "削\u3000除", "廃止（第2.0版）"]


_PARTIAL_CHANGES = ["一部を削除", "文言修正（「等」を削除）", "備考の削除", "修正（例示を削除）", "項目削除", "修正・削除", "削除の手順を変更"]


def test_deleted_rows_in_any_wording_are_not_requirements_and_a_kept_one_speaking_of_deleting_is_named(tmp_path):
    """Only 削除 / 第N版で削除 were read: 行削除, 第2.0版にて削除, 削　除 … were stored as current requirements, and a
    （削除） text without a class, or a （削除） class, stopped the import with 「実装区分「」を解釈できません」."""
    rows = [["0230101", "a", "t", "実装必須機能", None]]
    rows += [[f"02302{i:02d}", "b", "t", "実装必須機能", change] for i, change in enumerate(_CHANGES)]
    rows += [["0230301", "（削　除）", "t", "実装必須機能", None], ["0230302", "c", "（削除）", None, None],
             ["0230303", "d", "t", "（削除）", None], ["0230304", "e", "【 削除 】", "実装必須機能", None]]
    kept = [["0230401", "削除", "記録を削除できること。", "実装必須機能", None],  # functions named for deleting
            ["0230402", "住民票の削除", "t", "実装必須機能", None],
            ["0230403", "f", "t", "実装必須機能", "一部削除"], ["0230404", "g", "t", "実装必須機能", "文言削除"],
            ["0230405", "世帯の管理（削除）", "t", "実装必須機能", None]]
    # a change of part of a requirement, in other words: kept (they were dropped when 削除 anywhere in the cell counted)
    kept += [[f"02305{i:02d}", "h", "t", "実装必須機能", change] for i, change in enumerate(_PARTIAL_CHANGES)]
    kept += [["0230601", "資格情報（削除用）", "t", "実装必須機能", None],  # named for deleting: kept without a word
             ["0230602", "消除者一覧（削除分）", "t", "実装必須機能", None]]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [[*_H, "実装区分", "変更区分"], *rows, *kept]})
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    partial = [f"02305{i:02d}" for i in range(len(_PARTIAL_CHANGES))]
    assert [r.id for r in spec.requirements] == ["0230101", "0230401", "0230402", "0230403", "0230404", "0230405", *partial,
                                                 "0230601", "0230602"]
    assert warnings[0].startswith("シート「機能要件」の 14 行（0230200～0230209、0230301～0230304）は削除された要件")
    assert warnings[1].startswith(f"シート「機能要件」の {3 + len(partial)} 件（0230403（変更区分「一部削除」）、0230404（変更区分"
                                  "「文言削除」）、0230405（名称「世帯の管理（削除）」）、0230500（変更区分「一部を削除」）")
    assert "0230601" not in warnings[1] and "0230602" not in warnings[1]
    assert len(warnings) == 2


def test_every_deleted_hidden_or_partly_deleted_row_is_named_consecutive_ids_as_a_range(tmp_path):
    """Past eight ids the warnings said 「ほか」: the rows an import leaves out (or reads though hidden, or speaking of
    deleting) could not be told, and nothing else lists them."""
    deleted = [f"02301{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 20)] + ["0230050"]
    rows = [[*_H, "実装区分", "変更区分"], ["0230001", "a", "t", "必須", None]]
    rows += [[rid, "b", "t", "必須", "削除"] for rid in deleted]
    rows += [[f"02302{i:02d}", "c", "t", "必須", "一部削除"] for i in range(1, 11)]
    rows += [[f"02303{i:02d}", "d", "t", "必須", None] for i in range(1, 13)]
    hidden = [("機能要件", r) for r in (*range(28, 38), 39)]  # 0230301–0230310, then 0230312
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, hidden_rows=hidden)], warnings=warnings)
    assert len(spec.requirements) == 1 + 10 + 12
    assert warnings[0].startswith("シート「機能要件」の 15 行（0230101～0230110、0230112、0230114、0230115、0230120、0230050）は削除された")
    assert warnings[1].startswith("シート「機能要件」の 10 件（" + "、".join(f"02302{i:02d}（変更区分「一部削除」）" for i in range(1, 11))
                                  + "）は「削除」「廃止」とありますが")
    assert warnings[2] == ("シート「機能要件」の非表示の行にある 11 件も要件として取り込みました（0230301～0230310（機能要件!A28:A37）、"
                           "0230312（機能要件!A39））。府省が取り下げた要件でないか確かめてください")


def test_consecutive_hidden_ids_on_rows_apart_are_named_one_by_one_not_as_a_range_over_visible_rows(tmp_path):
    """New ids inserted between hidden old ones: 「0010001～0010004（機能要件!A2:A7）」 covered the visible 0010200 and
    0010201, which a user deleting the rows named would delete too."""
    rows = [[*_H, "実装区分"], *([rid, "a", "t", "必須"] for rid in
                                 ("0010001", "0010200", "0010002", "0010201", "0010003", "0010004", "0010005", "0010006"))]
    warnings: list[str] = []
    read_spec([_book(tmp_path / "住民記録_第2.0版_機能要件.xlsx", {"機能要件": rows},
                     hidden_rows=[("機能要件", r) for r in (2, 4, 6, 7, 8, 9)])], warnings=warnings)
    assert warnings == ["シート「機能要件」の非表示の行にある 6 件も要件として取り込みました（0010001（機能要件!A2）、0010002（機能要件!A4）、"
                        "0010003～0010006（機能要件!A6:A9））。府省が取り下げた要件でないか確かめてください"]


@pytest.mark.parametrize(("name", "title"), [("介護保険_第6.0版_機能要件【見え消し版】.xlsx", "介護保険 機能要件【第6.0版】"),
                                           ("介護保険_第6.0版_機能要件.xlsx", "介護保険 機能要件【第6.0版】（見え消し）")])
def test_a_marked_up_revision_is_told_to_be_one(tmp_path, name, title):
    """A 見え消し publication keeps the rows it deletes, often only struck through: they would read as requirements."""
    p = _book(tmp_path / name, {"機能要件": [[title], [*_H, "実装区分"], ["0230101", "a", "t", "必須"]]})
    warnings: list[str] = []
    read_spec([p], warnings=warnings)
    assert len(warnings) == 1 and "見え消し版（変更箇所を取消線・色で示した版）のようです" in warnings[0]
    assert "溶け込み版（変更を反映した版）があれば、そちらを取り込んでください" in warnings[0]
    clean = _book(tmp_path / "介護保険_第6.0版_機能要件_溶け込み.xlsx", {"機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]]})
    quiet: list[str] = []
    read_spec([clean], warnings=quiet)
    assert quiet == []


def test_hidden_rows_and_sheets_are_read_and_named(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx",
              {"機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"], ["0230102", "b", "t", "必須"]],
               "作業用": [[*_H, "実装区分"], ["0230901", "x", "t", "必須"]]},
              hidden_rows=[("機能要件", 3)], hidden_sheets=("作業用",))
    warnings: list[str] = []
    assert [r.id for r in read_spec([p], warnings=warnings).requirements] == ["0230101", "0230102", "0230901"]
    assert warnings == ["シート「機能要件」の非表示の行にある 1 件も要件として取り込みました（0230102（機能要件!A3））。"
                        "府省が取り下げた要件でないか確かめてください",
                        "非表示のシート「作業用」の 1 件も要件として取り込みました（0230901 など）。作業用の写しなどで要件でなければ、"
                        "そのシートを削除したファイルを取り込んでください"]


def test_a_very_hidden_sheet_is_named_as_one_excels_unhide_does_not_list(tmp_path):
    """It was 「非表示のシート」, and the advice to delete it could not be followed from Excel's 再表示, which lists it not."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]],
                                                         "旧版": [[*_H, "実装区分"], ["0230902", "x", "t", "必須"]]},
              very_hidden=("旧版",))
    warnings: list[str] = []
    assert [r.id for r in read_spec([p], warnings=warnings).requirements] == ["0230101", "0230902"]
    assert warnings == ["非表示（Excel の「再表示」にも出ず、VBA でのみ表示できます）のシート「旧版」の 1 件も要件として取り込みました"
                        "（0230902 など）。作業用の写しなどで要件でなければ、そのシートを削除したファイルを取り込んでください"]


def test_a_kind_column_sets_each_rows_kind(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {"機能・帳票要件": [
        ["区分", "ID", "名称", "実装区分"], ["機能", "0230101", "a", "必須"], ["帳票", "0230001", "通知書", "必須"],
        [None, "0230102", "b", "必須"]]})
    assert [r.kind for r in read_spec([p]).requirements] == ["function", "form", "function"]


def test_annotated_class_values_are_read_and_a_meaningful_note_kept(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", "備考"], ["0230101", "a", "t", "実装必須機能 ※", None], ["0230102", "b", "t", "標準オプション機能（※2）", None],
        ["0230103", "c", "t", "実装不可機能※1", None], ["0230104", "d", "t", "実装必須機能（経過措置）", "令和9年度まで"],
        ["0230105", "e", "t", "実装必須機能＊", None], ["0230106", "f", "t", "標準オプション機能 ※2 ※3", None],
        ["0230107", "g", "t", "実装すべき機能 (経過措置)", None], ["0230108", "h", "t", "実装必須機能【経過措置】", None]]})
    spec = read_spec([p])
    assert [r.cls for r in spec.requirements] == ["mandatory", "optional", "prohibited", "mandatory", "mandatory", "optional",
                                                  "mandatory", "mandatory"]
    assert [r.note for r in spec.requirements] == ["", "", "", "令和9年度まで\n実装区分「実装必須機能（経過措置）」", "", "",
                                                   "実装区分「実装すべき機能 (経過措置)」", "実装区分「実装必須機能【経過措置】」"]
    # the annotation is part of the class (a spec diff compares it), whatever the brackets and the class word
    assert [r.class_note for r in spec.requirements] == ["", "", "", "経過措置", "", "", "経過措置", "経過措置"]


def test_class_words_outside_the_contract_are_refused_cell_by_cell(tmp_path):
    """semantics.md: any value but the listed words is an import error naming the cell (a bracketed word and the short
    forms 必須機能・オプション機能 included: no guess at a class)."""
    values = ["【実装必須機能】", "必須機能", "オプション機能", "標準オプション機能"]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分"], *([f"023010{i}", "a", "t", v] for i, v in enumerate(values, 1))]})
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert [d.split(":")[0] for d in err.value.details] == ["機能要件!D2", "機能要件!D3", "機能要件!D4"]


def test_an_empty_class_cell_is_said_to_be_empty(tmp_path):
    """It said 実装区分「」を解釈できません."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分"], ["0230101", "a", "t", "実装必須機能"], ["0230102", "b", "t", None], ["0230103", "c", "t", "推奨"]]})
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert err.value.details == [
        "機能要件!D3: 実装区分が空欄です（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）",
        "機能要件!D4: 実装区分「推奨」を解釈できません（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）"]


@pytest.mark.parametrize("value, note", [("実装必須機能（経過措置あり）※2", "経過措置あり"), ("実装必須機能（経過措置）※", "経過措置"),
                                         ("実装必須機能※2（経過措置）", "経過措置"), ("実装必須機能\n（経過措置）\n※2", "経過措置"),
                                         ("実装必須機能（経過措置）（注1）", "経過措置"), ("実装必須機能※経過措置", "経過措置"),
                                         ("実装必須機能（注意あり）", "注意あり")])
def test_a_class_note_beside_a_footnote_mark_is_the_note_alone(tmp_path, value, note):
    """A mark after the note was 「解釈できません」; one before it leaked into the note (※2(経過措置)), which then
    compared as a class change against another version's plain （経過措置）."""
    p = _book(tmp_path / "介護保険_第7.0版_機能要件.xlsx", {"機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", value]]})
    (req,) = read_spec([p]).requirements
    assert (req.cls, req.class_note) == ("mandatory", note)
    assert req.note == f"実装区分「{value}」"  # the cell as written


def test_a_class_value_not_read_is_quoted_as_the_cell_shows_it(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", "推奨（ＡＢＣ）"]]})
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert err.value.details[0].startswith("機能要件!D2: 実装区分「推奨（ＡＢＣ）」を解釈できません")  # not 推奨(ABC)


@pytest.mark.parametrize("name, title", [("介護保険_機能要件_6.0版.xlsx", None), ("介護保険_機能要件_Ver.6.0.xlsx", None),
                                         ("介護保険_機能要件.xlsx", "介護保険システム標準仕様書【第6版】"),
                                         ("介護保険_機能要件.xlsx", "介護保険システム標準仕様書 Ver.6.0")])
def test_versions_written_as_the_command_line_accepts_them_are_detected(tmp_path, name, title):
    p = _book(tmp_path / name, {"機能要件": [*([[title]] if title else []), [*_H, "実装区分"], ["0230101", "a", "t", "必須"]]})
    assert read_spec([p]).version == "第6.0版"


def test_a_cover_sheet_gives_the_version_and_disagrees_with_a_stale_file_name(tmp_path):
    sheets = {"表紙": [["介護保険システム標準仕様書"], ["【第6.0版】"]], "機能要件": [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]]}
    assert read_spec([_book(tmp_path / "介護保険_機能・帳票要件.xlsx", sheets)]).version == "第6.0版"
    stale = _book(tmp_path / "介護保険_第5.0版_機能・帳票要件.xlsx", sheets)
    with pytest.raises(InputError, match=r"版が食い違っています（表紙: 第6.0版、ファイル名: 第5.0版）"):
        read_spec([stale])
    warnings: list[str] = []
    assert read_spec([stale], version="6.0", warnings=warnings).version == "第6.0版"
    assert warnings == ["介護保険_第5.0版_機能・帳票要件.xlsx: ファイル名は 第5.0版 ですが、--version の 第6.0版 で取り込みました（表紙が 第6.0版）"]


def test_the_command_line_settles_a_title_note_that_the_file_name_disagrees_with(tmp_path):
    """The title notes the version it changed from; the file name has the version: --version settles it (it was refused)."""
    p = _book(tmp_path / "介護保険_機能・帳票要件【第6.0版】.xlsx", {"機能要件": [
        ["介護保険システム 機能・帳票要件"], ["※第5.0版からの変更箇所を赤字で示す"], [*_H, "実装区分"], ["0230101", "a", "t", "必須"]]})
    with pytest.raises(InputError, match="版が食い違っています（表題: 第5.0版、ファイル名: 第6.0版）。正しいファイルなら --version"):
        read_spec([p])
    warnings: list[str] = []
    assert read_spec([p], version="第6.0版", warnings=warnings).version == "第6.0版"
    assert warnings == [f"{p.name}: 表題は 第5.0版 ですが、--version の 第6.0版 で取り込みました（ファイル名が 第6.0版）"]


def test_a_title_naming_a_related_area_after_its_own_is_its_own(tmp_path):
    p = _book(tmp_path / "国民健康保険_第8.0版_機能要件.xlsx", {"機能要件": [
        ["国民健康保険システム標準仕様書【第8.0版】 機能要件（後期高齢者医療制度との連携を含む）"], [*_H, "実装区分"],
        ["0240101", "a", "t", "必須"]]})
    assert read_spec([p]).area == "国民健康保険"
    # the ids' 業務コード still outweighs --area
    with pytest.raises(InputError, match="業務が食い違って"):
        read_spec([p], area="後期高齢者医療")


def test_sheets_of_two_versions_side_by_side(tmp_path):
    table = [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]]
    p = _book(tmp_path / "介護保険_機能要件_新旧.xlsx", {"機能要件（第6.0版）": [["介護保険【第6.0版】"], *table],
                                                       "機能要件（第5.0版）": [["介護保険【第5.0版】"], *table]})
    with pytest.raises(InputError, match=r"版の違う要件のシートがあります（シート「機能要件（第6.0版）」: 第6.0版、シート「機能要件（第5.0版）」: "
                                         r"第5.0版）。.*--version で取り込む版を指定してください"):
        read_spec([p])
    warnings: list[str] = []
    spec = read_spec([p], version="第5.0版", warnings=warnings)
    assert spec.version == "第5.0版" and spec.requirements[0].source == "'機能要件（第5.0版）'!A3"
    assert warnings == ["シート「機能要件（第6.0版）」は 第6.0版 のシートのため、読み飛ばしました（--version 第5.0版）"]


def test_a_forms_number_header_and_ids_typed_with_japanese_dashes(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], ["023−0101", "a", "t", "必須"], ["023ー0102", "b", "t", "必須"], ["023―0103", "c", "t", "必須"]],
        "帳票要件": [["帳票番号", "帳票名称", "実装区分"], ["0230001", "通知書", "必須"]]})
    spec = read_spec([p])
    assert [(r.id, r.kind) for r in spec.requirements] == [("0230101", "function"), ("0230102", "function"),
                                                           ("0230103", "function"), ("0230001", "form")]


def test_a_spec_in_two_files_has_one_order_whatever_the_order_given():
    """--spec 帳票 --spec 機能 put the forms first (another row order and sha256), and its import was refused as
    「別の内容」 after the other order's."""
    from checker.spec_store import spec_digest

    given, reversed_ = read_spec([SHUGAKU_FUNC, SHUGAKU_FORM], warnings=[]), read_spec([SHUGAKU_FORM, SHUGAKU_FUNC], warnings=[])
    assert given.requirements[0].kind == "function" and given.requirements[-1].kind == "form"
    assert reversed_ == given and spec_digest(reversed_) == spec_digest(given)


@pytest.mark.parametrize("rows, merged, sign", [
    ([[*_H, "実装区分", "対応可否（○・△・×）"], ["0230101", "a", "t", "必須", "○"]], [], "E 列の見出し「対応可否(○・△・×)」"),
    ([[None, None, None, None, "ベンダ回答", None], [*_H, "実装区分", "対応状況", "備考"], ["0230101", "a", "t", "必須", "○", ""]],
     [("機能要件", "E1:F1")], "E 列の見出し「対応状況」"),
    ([["事業者名：架空システムズ"], [*_H, "実装区分", "備考"], ["0230101", "a", "t", "必須", "標準機能で対応"]], [],
     "ベンダ名「架空システムズ」"),
    ([[*_H, "実装区分", "回答欄"], ["0230101", "a", "t", "必須", "○"]], [], "E 列の見出し「回答欄」"),
    ([[*_H, "実装区分", "対応区分"], ["0230101", "a", "t", "必須", "A"]], [], "E 列の見出し「対応区分」")])
def test_a_vendors_answer_sheet_is_refused_as_a_spec(tmp_path, rows, merged, sign):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, merged=merged)
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert str(err.value) == (f"{p}: ベンダの回答書のようです（シート「機能要件」: {sign}）。要件一覧（仕様書）としては読みません。"
                              "府省が公表した機能・帳票要件の一覧を指定してください（回答は hyojun check で仕様書と照らし合わせます）")


def test_a_ministrys_question_and_answer_sheet_beside_the_requirements_is_passed_over(tmp_path):
    """意見照会結果 (No | 機能ID | 実装区分 | 意見 | 回答) in the spec's workbook refused the whole import as a vendor's
    answer sheet; a vendor's sheet with a column of questions, its name above the table, is still refused."""
    rows = [[*_H, "実装区分"], ["0230101", "a", "t", "必須"]]
    qa = [["No", "機能ID", "実装区分", "意見", "回答"], [1, "0230101", "必須", "対象を広げてほしい", "原案のとおり"]]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows, "意見照会結果": qa})
    warnings: list[str] = []
    assert [r.id for r in read_spec([p], warnings=warnings).requirements] == ["0230101"]
    assert warnings == ["シート「意見照会結果」は機能ID と実装区分のある表ですが、質問・意見の列（「意見」）があるため、"
                        "意見照会・質疑の一覧として読み飛ばしました"]
    vendor = _book(tmp_path / "回答.xlsx", {"機能要件": [["事業者名：架空システムズ"], [*_H, "実装区分", "質問事項", "対応可否"],
                                                     ["0230101", "a", "t", "必須", None, "○"]]})
    with pytest.raises(InputError, match="ベンダの回答書のようです"):
        read_spec([vendor], area="介護保険", version="第6.0版")


def test_a_spec_with_notes_and_answers_mentioned_in_its_titles_is_read(tmp_path):
    """備考, 対応する帳票 and a title about answering are a spec's own: only an answer column or a vendor's name refuse."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        ["介護保険システム標準仕様書【第6.0版】（意見照会への回答を反映）"], [*_H, "実装区分", "備考", "対応する帳票"],
        ["0230101", "a", "t", "必須", "回答は不要", "0230001"]]})
    assert [r.id for r in read_spec([p]).requirements] == ["0230101"]


def test_rows_under_a_merged_id_cell_continue_its_requirement(tmp_path):
    """0020001 over rows 2-4 (項番, 名称, 機能ID and 実装区分 merged), its enumeration a row each: the items were dropped."""
    p = _book(tmp_path / "印鑑登録_第3.0版_機能要件.xlsx", {"機能要件": [
        ["項番", "機能名称", "機能ID", "機能要件", "実装区分", "備考"],
        ["1.1", "印鑑登録", "0020001", "以下の項目を管理すること。", "実装必須機能", None],
        [None, None, None, "・登録番号", None, "※任意"], [None, None, None, "・登録年月日", None, None],
        ["1.2", "照合", "0020002", "印影を照合できること。", "標準オプション機能", None]]},
        merged=[("機能要件", f"{c}2:{c}4") for c in "ABCE"])
    warnings: list[str] = []
    first, second = read_spec([p], warnings=warnings).requirements
    assert (first.text, first.note, first.cls, first.source) == (
        "以下の項目を管理すること。\n・登録番号\n・登録年月日", "※任意", "mandatory", "機能要件!C2")
    assert second.text == "印影を照合できること。" and warnings == []


def test_a_value_of_its_own_on_a_row_under_a_merged_id_cell_is_named(tmp_path):
    p = _book(tmp_path / "印鑑登録_第3.0版_機能要件.xlsx", {"機能要件": [
        ["機能ID", "機能名称", "機能要件", "実装区分"], ["0020001", "印鑑登録", "以下を管理すること。", "実装必須機能"],
        [None, "登録番号", "・登録番号", "標準オプション機能"]]}, merged=[("機能要件", "A2:A3")])
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert (req.name, req.text, req.cls) == ("印鑑登録", "以下を管理すること。\n・登録番号", "mandatory")
    assert warnings == ["2 個のセル（機能要件!B3、機能要件!D3）は、機能ID/帳票IDの結合セルの中の行（その要件の続き）にあるため読んでいません"
                        "（本文・備考はその要件に続けて読みました）"]


def test_id_less_rows_of_text_alone_below_a_requirement_continue_it_and_those_none_takes_are_named(tmp_path):
    h = ["項番", "機能名称", "機能ID", "機能要件", "実装区分", "備考"]
    p = _book(tmp_path / "印鑑登録_第3.0版_機能要件.xlsx", {"機能要件": [
        h, ["1.1", "印鑑登録", "0020001", "以下の項目を管理すること。", "実装必須機能", None],
        [None, None, None, "・登録番号", None, None], [None, None, None, "・登録年月日", None, "本人確認のうえ"],
        ["1.2", "照合", None, None, None, None],  # a heading: in the 項番 and 名称 columns
        [None, None, None, "見出しの説明", None, None],  # text alone, below a heading: no requirement's (was dropped silently)
        ["1.2.1", "照合", "0020002", "印影を照合できること。", "標準オプション機能", None],
        [None, None, None, None, None, "運用で対応"],  # its note alone: was dropped without a word
        [None, None, None, None, None, None], [None, None, None, "※ 注記", None, None],  # after a blank row: a note, named
        ["1.3", "廃止", "0020003", "印鑑登録を廃止できること。", "実装必須機能", None],
        [None, None, None, "※ 表の注記（本文から備考まで結合）", None, None],  # a note on the table (was dropped silently)
        ["1.4", "(削除)", "0020004", "（削除）", None, None], [None, None, None, "旧本文の続き", None, None]]},
        merged=[("機能要件", "D12:F12")])
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert [(r.id, r.text, r.note) for r in spec.requirements] == [
        ("0020001", "以下の項目を管理すること。\n・登録番号\n・登録年月日", "本人確認のうえ"),
        ("0020002", "印影を照合できること。", "運用で対応"), ("0020003", "印鑑登録を廃止できること。", "")]
    assert warnings == [
        "3 行（機能要件!D6、機能要件!D10、機能要件!D12）は機能ID/帳票IDのない本文・備考だけの行で、どの要件の続きか決められないため、"
        "取り込んでいません（要件の続きとして読むのは、要件のすぐ下の行と、空行の後で次の要件（か、その上の見出し）までの行です。それ以外の"
        "行の前の行、※・注・凡例で始まる行と、本文から備考の列まで結合された行は表の注記とみなします）",
        "シート「機能要件」の 1 行（0020004）は削除された要件（変更区分が「削除」「廃止」、名称・本文・実装区分が「（削除）」、"
        "実装区分が「－」など）のため、取り込んでいません"]


_LINES = ["項番", "機能名称", "機能ID", "機能要件", "実装区分", "備考"]


def test_text_after_a_blank_row_inside_a_requirement_laid_out_a_row_per_line_is_kept_with_its_blank_lines(tmp_path):
    """The 住民記録 第1.0版 text a row per line (a PDF turned into Excel): the rows after a blank row were dropped without a
    word (1.1.1 lost 【住民票の除票固有の記載事項に当たる項目】 and its items; 10 % of the real chapter's characters)."""
    p = _book(tmp_path / "住民記録_第1.0版_機能要件.xlsx", {"機能要件": [
        _LINES, ["1.1.1", "日本人住民データの管理", "0010001", "日本人住民について、以下の項目を管理すること。", "実装すべき機能", None],
        [None, None, None, "・氏名", None, "備考1"], [None] * 6,
        [None, None, None, "【住民票の除票固有の記載事項に当たる項目】", None, None],
        [None, None, None, "・消除事由（転出、改製、死亡等）", None, None], [None] * 6, [None] * 6,
        [None, None, None, "例：転入の後、転居", None, "備考2"],  # two blank rows: two blank lines, as the official text
        [None] * 6,  # before the next heading: no blank line at the end
        ["1.2", "外国人住民", None, None, None, None],
        ["1.2.1", "外国人住民データの管理", "0010002", "外国人住民について管理すること。", "実装すべき機能", None]]})
    warnings: list[str] = []
    first, second = read_spec([p], warnings=warnings).requirements
    assert first.text == ("日本人住民について、以下の項目を管理すること。\n・氏名\n\n【住民票の除票固有の記載事項に当たる項目】\n"
                          "・消除事由（転出、改製、死亡等）\n\n\n例：転入の後、転居")
    assert first.note == "備考1\n\n\n\n備考2"  # the blank rows part the notes too; rows without one pass over
    assert second.text == "外国人住民について管理すること。" and warnings == []


@pytest.mark.parametrize("after", [[], [[None] * 6, _LINES, ["1.2.1", "照合", "0010009", "照合できること。", "実装必須機能", None]]],
                         ids=["end of the sheet", "a next table"])
def test_text_after_a_blank_row_at_the_end_of_a_table_is_named_not_taken(tmp_path, after):
    """At the end of a table the rows after a blank row are as likely the table's notes: named, neither taken nor dropped."""
    p = _book(tmp_path / "住民記録_第1.0版_機能要件.xlsx", {"機能要件": [
        _LINES, ["1.1.1", "日本人住民データの管理", "0010001", "日本人住民について管理すること。", "実装すべき機能", None],
        [None, None, None, "・氏名", None, None], [None] * 6,
        [None, None, None, "※ この表は第1.0版のものです。", None, "注記"], *after]})
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert spec.requirements[0].text == "日本人住民について管理すること。\n・氏名"
    assert warnings[0].startswith("1 行（機能要件!D5、機能要件!F5）は機能ID/帳票IDのない本文・備考だけの行で、どの要件の続きか決められないため、"
                                  "取り込んでいません")
    assert len(spec.requirements) == 1 + bool(after) and len(warnings) == 1


@pytest.mark.parametrize("after", [
    [[None] * 6, ["凡例", None, None, "実装必須機能：全団体が実装", None, None]],  # a legend
    [[None] * 6, ["改訂履歴"], ["版", "日付", None, "内容"], ["第1.0版", "2022/8/31", None, "初版"]],  # a revision history
    [[None] * 6, [None, None, "- 1 -"]],  # a page number
    [[None] * 6, ["住民記録システム標準仕様書【第1.0版】（続き）"], _LINES,  # the page's title again, then page 2
     ["1.2.1", "照合", "0010009", "照合できること。", "実装必須機能", None]]],
    ids=["legend", "revision history", "page number", "page title"])
def test_text_after_a_blank_row_followed_by_no_requirement_is_named_not_taken(tmp_path, after):
    """Rows after a blank row are the requirement's only when a next requirement follows them (perhaps under headings):
    a footnote followed by anything else was joined to the last requirement's text without a word."""
    p = _book(tmp_path / "住民記録_第1.0版_機能要件.xlsx", {"機能要件": [
        _LINES, ["1.1.1", "日本人住民データの管理", "0010001", "日本人住民について管理すること。", "実装すべき機能", None],
        [None] * 6, [None, None, None, "本表は令和4年8月時点のものです。", None, None], *after]})
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert spec.requirements[0].text == "日本人住民について管理すること。"
    assert warnings[0].startswith("1 行（機能要件!D4）は機能ID/帳票IDのない本文・備考だけの行で")


@pytest.mark.parametrize("note", ["※ 本表は令和4年8月時点。", "（注）本表は令和4年8月時点。", "注1 本表は令和4年8月時点。", "凡例",
                                  "記号の意味", "【記号の説明】"],
                         ids=["kome", "chu in brackets", "chu numbered", "hanrei", "kigou-no-imi", "kigou-no-setsumei"])
def test_a_note_after_a_blank_row_is_named_though_a_requirement_follows(tmp_path, note):
    """A row starting as a note does (※, 注, （注）, 凡例) is the table's note, not the text of the requirement above it;
    the rows before it are still the requirement's."""
    p = _book(tmp_path / "住民記録_第1.0版_機能要件.xlsx", {"機能要件": [
        _LINES, ["1.1.1", "日本人住民データの管理", "0010001", "日本人住民について管理すること。", "実装すべき機能", None],
        [None] * 6, [None, None, None, "【続き】", None, None], [None] * 6, [None, None, None, note, None, None],
        ["1.2", "外国人住民", None, None, None, None],
        ["1.2.1", "外国人住民データの管理", "0010002", "外国人住民について管理すること。", "実装すべき機能", None]]})
    warnings: list[str] = []
    first, _ = read_spec([p], warnings=warnings).requirements
    assert first.text == "日本人住民について管理すること。\n\n【続き】"
    assert len(warnings) == 1 and warnings[0].startswith("1 行（機能要件!D6）は機能ID/帳票IDのない本文・備考だけの行で")


def test_blank_rows_under_a_merged_id_cell_stay_blank_lines_but_not_at_either_end(tmp_path):
    """機能ID and 実装区分 merged over the rows of the text: the blank line before a sub-heading was dropped."""
    p = _book(tmp_path / "住民記録_第1.0版_機能要件.xlsx", {"機能要件": [
        _LINES, ["1.1.1", "日本人住民データの管理", "0010001", None, "実装すべき機能", None], [None] * 6,
        [None, None, None, "日本人住民について、以下の項目を管理すること。", None, None], [None, None, None, "・氏名", None, None],
        [None] * 6, [None, None, None, "【住民票の除票固有の記載事項に当たる項目】", None, None], [None] * 6,
        ["1.1.2", "外国人住民データの管理", "0010002", "外国人住民について管理すること。", "実装すべき機能", None]]},
        merged=[("機能要件", f"{c}2:{c}8") for c in "CE"])
    first, second = read_spec([p], warnings=[]).requirements
    assert first.text == "日本人住民について、以下の項目を管理すること。\n・氏名\n\n【住民票の除票固有の記載事項に当たる項目】"
    assert second.text == "外国人住民について管理すること。"


def test_texts_names_notes_and_sections_are_kept_as_written_and_ids_and_classes_read_as_normalised(tmp_path):
    """NFKC made ③ ②を４世代（※） 3 2を4世代(※) in every report, and 個人票／世帯票 個人票/世帯票: the ministry's wording."""
    text = "③ ②を４世代（※）まで「の」でつなげたもの（例：子の子の子の子）\n・③を５世代以上つなげる場合は「縁故者」"
    p = _book(tmp_path / "住民記録_第1.0版_機能要件.xlsx", {"機能要件": [
        ["大項目", "中項目", "機能ID", "機能名称", "機能要件", "実装区分", "備考"],
        ["\u3000住民記録（共通）", "続柄", "００１０００１", "個人票／世帯票 ", text, "実装すべき機能（※１）", "ＡＢＣ…＜注＞"]]})
    (req,) = read_spec([p]).requirements
    assert (req.id, req.cls, req.class_note) == ("0010001", "mandatory", "")  # matched as NFKC reads them
    assert (req.section, req.name, req.text, req.note) == (("住民記録（共通）", "続柄"), "個人票／世帯票", text, "ＡＢＣ…＜注＞")


def test_heading_rows_merged_across_the_table_are_the_section_when_it_has_no_major_column(tmp_path):
    """「■ 宛名管理」 rows over their requirements were passed over: every requirement had no section (spec diff saw no moves)."""
    h = ["機能ID", "機能名称", "機能要件", "実装区分", "備考"]
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {"要件一覧": [
        h, ["■ 宛名管理"], ["0230101", "a", "t", "必須", None], ["1. 大項目1（資格管理）"], ["0230102", "b", "t", "必須", None],
        ["※ 以下は第6.0版で追加"], ["(注) 経過措置の説明"], ["0230103", "c", "t", "必須", None],  # notes merged across
        [None, "合計の説明"], ["0230104", "d", "t", "必須", None],  # merged over part of the table: no heading
        ["注文管理"], ["0230105", "e", "t", "必須", None],  # a heading, though it starts as 注 does
        ["指定都市の区ごとの事務については、区を市区町村とみなす。"], ["0230106", "f", "t", "必須", None],  # a sentence: a note
        ["帳票ID", "帳票名称", "帳票概要", "実装区分", "備考"], ["0230001", "通知書", "t", "必須", None]]},  # a next table
        merged=[("要件一覧", f"A{r}:E{r}") for r in (2, 4, 6, 7, 11, 13)] + [("要件一覧", "B9:C9")])
    spec = read_spec([p], warnings=[])
    assert [(r.id, r.section) for r in spec.requirements] == [
        ("0230101", ("宛名管理",)), ("0230102", ("1. 大項目1（資格管理）",)), ("0230103", ("1. 大項目1（資格管理）",)),
        ("0230104", ("1. 大項目1（資格管理）",)), ("0230105", ("注文管理",)), ("0230106", ("注文管理",)), ("0230001", ())]
    assert spec.requirements[0].group == "宛名管理"  # reports group by it


def test_a_heading_row_right_under_another_of_another_mark_is_its_middle_section(tmp_path):
    """「■ 介護保険共通」 then 「□ 宛名管理」 over the requirements, no 大項目 column: the lower one alone was the 大項目 (the
    reports grouped by 中項目 and called it 大項目). □ under ■ (1.1 under 1.) is the 中項目 up to the next ■, each □ the
    next 中項目 of the same ■; headings that no mark tells apart stay as they were read, and are named."""
    h = ["機能ID", "機能名称", "機能要件", "実装区分"]
    rows = [h, ["■ 介護保険共通"], ["□ 宛名管理"], ["0230101", "a", "t", "必須"], ["□ 住登外"], ["0230102", "b", "t", "必須"],
            ["■ 資格管理"], ["0230103", "c", "t", "必須"], ["1. 賦課"], [], ["1.1 算定"], ["0230104", "d", "t", "必須"],
            ["1.2 更正"], ["0230105", "e", "t", "必須"], ["2. 収納"], ["0230106", "f", "t", "必須"],
            ["給付"], ["償還"], ["0230107", "g", "t", "必須"], ["■ 共通"], ["■ 台帳"], ["0230108", "h", "t", "必須"]]
    merged = [("機能要件", f"A{r}:D{r}") for r, row in enumerate(rows, 1) if len(row) == 1]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, merged=merged)], warnings=warnings)
    assert [r.section for r in spec.requirements] == [
        ("介護保険共通", "宛名管理"), ("介護保険共通", "住登外"), ("資格管理",), ("1. 賦課", "1.1 算定"), ("1. 賦課", "1.2 更正"),
        ("2. 収納",), ("償還",), ("台帳",)]
    assert (spec.requirements[0].group, spec.requirements[0].subgroup) == ("介護保険共通", "宛名管理")
    assert warnings == ["シート「機能要件」には、要件をはさまずに続く見出しの行があります（機能要件!A17「給付」・機能要件!A18「償還」）。"
                        "見出しの印（■ の下に □、1. の下に 1.1 など）が違えば下の行を上の見出しの中項目（その下は小項目）として"
                        "読みますが、印で上下を決められないため、下の行を大項目として読みました"]
    # (1) under 1.: its own level (the bracket dropped, both read as depth 1 and 1. lost)
    rows = [h, ["1. 学齢簿"], ["(1) 児童生徒"], ["0230101", "a", "t", "必須"], ["（2） 転入"], ["0230102", "b", "t", "必須"],
            ["2. 援助"], ["0230103", "c", "t", "必須"]]
    merged = [("機能要件", f"A{r}:D{r}") for r, row in enumerate(rows, 1) if len(row) == 1]
    p = _book(tmp_path / "介護保険_第6.0版_括弧.xlsx", {"機能要件": rows}, merged=merged)
    assert [r.section for r in read_spec([p]).requirements] == [
        ("1. 学齢簿", "(1) 児童生徒"), ("1. 学齢簿", "（2） 転入"), ("2. 援助",)]
    # 第1節 under 第1章; a 中項目 after requirement rows, of a mark read under the 大項目's before (its 大項目 was lost)
    rows = [h, ["第1章 学齢簿"], ["第1節 児童生徒"], ["0230101", "a", "t", "必須"], ["■ 統計"], ["□ 月報"],
            ["0230102", "b", "t", "必須"], ["0230103", "c", "t", "必須"], ["□ 年報"], ["0230104", "d", "t", "必須"],
            ["■ 帳票"], ["0230105", "e", "t", "必須"], ["□ 通知"], ["0230106", "f", "t", "必須"]]
    merged = [("機能要件", f"A{r}:D{r}") for r, row in enumerate(rows, 1) if len(row) == 1]
    p = _book(tmp_path / "介護保険_第6.0版_章.xlsx", {"機能要件": rows}, merged=merged)
    assert [r.section for r in read_spec([p]).requirements] == [
        ("第1章 学齢簿", "第1節 児童生徒"), ("統計", "月報"), ("統計", "月報"), ("統計", "年報"), ("帳票",), ("帳票", "通知")]
    # a 中項目 column: the heading rows give the 大項目 alone, the column the 中項目
    rows = [["機能ID", "中項目", "実装区分"], ["■ 介護保険共通"], ["□ 宛名管理"], ["0230101", "住登外", "必須"]]
    p = _book(tmp_path / "介護保険_第6.0版_中項目.xlsx", {"機能要件": rows}, merged=[("機能要件", f"A{r}:C{r}") for r in (2, 3)])
    assert [r.section for r in read_spec([p]).requirements] == [("宛名管理", "住登外")]


def test_a_heading_of_a_mark_always_below_after_the_rows_of_the_one_above_is_its_middle_section(tmp_path):
    """■ A, its rows, □ a: □ a was read as the 大項目 alone (A dropped from its rows and the reports' groups), as no □
    had been read right under a ■ before. □ is always under ■, 1.1 under 1., (1) under 1., 第1節 under 第1章; another
    mark after the rows is a next 大項目 (■ 資格管理, rows, 1. 賦課)."""
    h = ["機能ID", "機能名称", "機能要件", "実装区分"]
    rows = [h, ["■ 宛名管理"], ["0230101", "a", "t", "必須"], ["□ 住登外"], ["0230102", "b", "t", "必須"], ["□ 送付先"],
            ["0230103", "c", "t", "必須"], ["■ 資格管理"], ["0230104", "d", "t", "必須"], ["1. 賦課"], ["0230105", "e", "t", "必須"],
            ["1.1 算定"], ["0230106", "f", "t", "必須"], ["(1) 更正"], ["0230107", "g", "t", "必須"], ["第1章 給付"],
            ["0230108", "h", "t", "必須"], ["第1節 償還"], ["0230109", "i", "t", "必須"]]
    merged = [("機能要件", f"A{r}:D{r}") for r, row in enumerate(rows, 1) if len(row) == 1]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, merged=merged)], warnings=warnings)
    assert [r.section for r in spec.requirements] == [
        ("宛名管理",), ("宛名管理", "住登外"), ("宛名管理", "送付先"), ("資格管理",), ("1. 賦課",), ("1. 賦課", "1.1 算定"),
        ("1. 賦課", "1.1 算定", "(1) 更正"), ("第1章 給付",), ("第1章 給付", "第1節 償還")]
    assert warnings == []


def test_filled_bullets_over_hollow_ones_and_a_heading_right_under_one_of_a_lower_mark(tmp_path):
    """● over ○ and ◆ over ◇ as ■ over □, after the upper heading's rows too. A heading right under another is the level
    below that one only: 「■ 収納」 right under 「◆ 賦課」「□ 算定」 (■ over □) is a next 大項目, not a level under ◆."""
    h = ["機能ID", "機能名称", "機能要件", "実装区分"]
    rows = [h, ["● 宛名"], ["0230101", "a", "t", "必須"], ["○ 住登外"], ["0230102", "b", "t", "必須"], ["◆ 資格"],
            ["0230103", "c", "t", "必須"], ["◇ 取得"], ["0230104", "d", "t", "必須"], ["◆ 賦課"], ["□ 算定"], ["■ 収納"],
            ["0230105", "e", "t", "必須"]]
    merged = [("機能要件", f"A{r}:D{r}") for r, row in enumerate(rows, 1) if len(row) == 1]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, merged=merged)], warnings=warnings)
    assert [r.section for r in spec.requirements] == [("宛名",), ("宛名", "住登外"), ("資格",), ("資格", "取得"), ("収納",)]
    assert warnings == []


def test_headings_in_a_row_over_a_middle_column_are_not_named_as_unclear(tmp_path):
    """With a 中項目 column the heading rows give the 大項目 alone: two unmarked ones in a row are nothing to tell apart."""
    rows = [["機能ID", "中項目", "機能要件", "実装区分"], ["給付"], ["償還"], ["0230101", "支給", "t", "必須"]]
    merged = [("機能要件", f"A{r}:D{r}") for r in (2, 3)]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, merged=merged)], warnings=warnings)
    assert [r.section for r in spec.requirements] == [("償還", "支給")] and warnings == []


def test_circled_numbers_are_a_heading_level_below_numbers_in_brackets(tmp_path):
    """1. over (1) over ①: NFKC made ① the 1 of 「1. 学齢簿」, so 「① 児童」 was read as the 大項目 alone (1. and (1) dropped),
    and 「(2) 転入」 after it as ② 's 中項目. ①②… are a level of their own, the 小項目 under (1) when the table has no
    中項目 or 小項目 column; with a 小項目 column, the 中項目 (two levels of headings)."""
    h = ["機能ID", "機能名称", "機能要件", "実装区分"]
    rows = [h, ["1. 学齢簿"], ["（1） 児童生徒"], ["① 児童"], ["0230101", "a", "t", "必須"], ["② 生徒"], ["0230102", "b", "t", "必須"],
            ["（2） 転入"], ["0230103", "c", "t", "必須"], ["③ 区域外"], ["0230104", "d", "t", "必須"], ["2. 援助"],
            ["0230105", "e", "t", "必須"], ["⑪ 認定"], ["0230106", "f", "t", "必須"], ["㉑ 届出"], ["0230107", "g", "t", "必須"],
            ["㊿ 照会"], ["0230108", "h", "t", "必須"]]  # ㉑–㊿ too
    merged = [("機能要件", f"A{r}:D{r}") for r, row in enumerate(rows, 1) if len(row) == 1]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}, merged=merged)], warnings=warnings)
    assert [r.section for r in spec.requirements] == [
        ("1. 学齢簿", "（1） 児童生徒", "① 児童"), ("1. 学齢簿", "（1） 児童生徒", "② 生徒"), ("1. 学齢簿", "（2） 転入"),
        ("1. 学齢簿", "（2） 転入", "③ 区域外"), ("2. 援助",), ("2. 援助", "⑪ 認定"), ("2. 援助", "㉑ 届出"), ("2. 援助", "㊿ 照会")]
    assert warnings == []
    assert spec.requirements[0].minor == "① 児童"
    # a 小項目 column: the headings give 大項目 and 中項目, ① the next 中項目 of 1. after (1)
    rows = [["機能ID", "小項目", "実装区分"], ["1. 学齢簿"], ["(1) 児童生徒"], ["① 児童"], ["0230101", "x", "必須"]]
    p = _book(tmp_path / "介護保険_第6.0版_小項目.xlsx", {"機能要件": rows}, merged=[("機能要件", f"A{r}:C{r}") for r in (2, 3, 4)])
    assert [r.section for r in read_spec([p]).requirements] == [("1. 学齢簿", "① 児童", "x")]


def test_a_text_id_of_6_digits_is_said_to_have_lost_its_leading_zero(tmp_path):
    """「230201」 as text (a conversion to text lost the 0 a number cell's 230201 gets back): refused, naming the id it
    would be, as the vendor reader does: an id of a 業務コード of the table's ids (of --area, else of any area, before
    the first id read). 10001 and 12345 were named 0010001 and 0012345 in a table of 023 ids."""
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "実装区分"], ["230100", "必須"], ["0230101", "必須"], ["230201", "必須"], ["10001", "必須"],
                             ["12345", "必須"], ["1234", "必須"]]))
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert err.value.details == [
        "機能要件!A2: 「230100」は機能ID/帳票ID（7桁の数字）ではありません（先頭の 0 が落ちていませんか: 0230100）",
        "機能要件!A4: 「230201」は機能ID/帳票ID（7桁の数字）ではありません（先頭の 0 が落ちていませんか: 0230201）",
        "機能要件!A5: 「10001」は機能ID/帳票ID（7桁の数字）ではありません",
        "機能要件!A6: 「12345」は機能ID/帳票ID（7桁の数字）ではありません",
        "機能要件!A7: 「1234」は機能ID/帳票ID（7桁の数字）ではありません"]


def test_heading_rows_of_a_class_word_alone_are_named_when_the_class_column_is_blank(tmp_path):
    """「【実装必須機能】」 over its block (the 第1.0版 text's layout), the 実装区分 column blank: each row is refused as
    before (the class is read from its own cell), and the first problem says where the classes stand."""
    rows = [["機能ID", "機能名称", "実装区分"], ["■ 宛名管理"], ["【実装必須機能】"], ["0230101", "a", None],
            ["0230102", "b", None], ["【標準オプション機能】"], ["0230103", "c", None]]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows},
              merged=[("機能要件", f"A{r}:C{r}") for r in (2, 3, 6)])
    with pytest.raises(InputError) as err:
        read_spec([p])
    blank = "実装区分が空欄です（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）"
    assert err.value.details == [
        f"機能要件!C4: {blank}。実装区分の語だけの見出しの行があります（機能要件!A3 など）: 区分を各行の実装区分の列に書いてください",
        f"機能要件!C5: {blank}", f"機能要件!C7: {blank}"]
    rows = [rows[0], rows[1], ["0230101", "a", None]]  # a heading of no class: nothing more to say
    p = _book(tmp_path / "介護保険_第6.0版_見出し.xlsx", {"機能要件": rows}, merged=[("機能要件", "A2:C2")])
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert err.value.details == [f"機能要件!C3: {blank}"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_id_column_per_version_is_refused_as_a_layout(tmp_path, suffix):
    """機能ID over 第9.8版 | 第9.9版 (merged, or not in a CSV): the row of versions was read as data, its 「第9.8版」 called
    no id. One problem names the layout and what to do."""
    rows = [["大項目", "機能ID", None, "実装区分"], [None, "第9.8版", "第9.9版", None], ["共通", "0230900", "0230101", "必須"]]
    p = tmp_path / f"介護保険_第6.0版_機能要件{suffix}"
    if suffix == ".csv":
        p.write_text("\n".join(",".join(v or "" for v in row) for row in rows), encoding="utf-8")
    else:
        _book(p, {"機能要件": rows}, merged=[("機能要件", "B1:C1"), ("機能要件", "A1:A2"), ("機能要件", "D1:D2")])
    with pytest.raises(InputError) as err:
        read_spec([p])
    sheet = p.stem if suffix == ".csv" else "機能要件"
    assert err.value.details == [
        f"{sheet}!B1: 機能ID の列が版ごとに分かれています（B 列「第9.8版」、C 列「第9.9版」）。ID の列は 1 つだけ読みます。取り込む版の "
        "ID の列だけを残し、見出しの下の版の行（2行目）を削除したファイルを取り込んでください"]


def test_heading_rows_leave_a_major_column_as_the_section(tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        ["大項目", "中項目", "機能ID", "機能名称", "実装区分"], ["■ 宛名管理"], ["介護保険共通", "宛名", "0230101", "a", "必須"],
        [None, "住登外", "0230102", "b", "必須"]]}, merged=[("機能要件", "A2:E2"), ("機能要件", "A3:A4")])
    assert [r.section for r in read_spec([p]).requirements] == [("介護保険共通", "宛名"), ("介護保険共通", "住登外")]



def test_rows_left_out_with_two_cells_each_are_named_as_a_range_per_column():
    """Rows of text and note without an id, 20 of them, were named by their 40 cells one by one."""
    from checker.io.spec_reader import _cells_named

    cells = [f"機能要件!{c}{r}" for r in range(5, 25) for c in "CD"] + ["機能要件!C30"]
    assert _cells_named(cells) == "機能要件!C5:C24、機能要件!C30、機能要件!D5:D24"
    assert _cells_named(["機能要件!A3", "機能要件!A4", "機能要件!A9"]) == "機能要件!A3、機能要件!A4、機能要件!A9"


def test_a_csv_spec_says_the_values_of_merged_cells_are_on_their_first_row_only(tmp_path):
    """A CSV keeps a merged 項番・名称・大項目 on the merge's first row only: the rows below read without them
    (reports with empty names, a later spec diff against the Excel full of changes), which was not said."""
    p = tmp_path / "住民記録_第1.0版_機能要件.csv"
    p.write_text("大項目,項番,機能名称,機能ID,機能要件,実装区分\n"
                 "住民記録,1.1,住民票の管理,0010001,住民票を作成する。,実装必須機能\n"
                 ",,,0010002,住民票を更新する。,実装必須機能\n"
                 ",1.2,転入,0010003,転入を受け付ける。,標準オプション機能\n"
                 ",,,0010004,転入を取り消す。,実装必須機能\n", encoding="utf-8")
    warnings: list[str] = []
    spec = read_spec([p], area="住民記録", version="第1.0版", warnings=warnings)
    assert [r.name for r in spec.requirements] == ["住民票の管理", "", "転入", ""]
    assert warnings == ["CSV には、仕様書で縦に結合されたセル（大項目・中項目・小項目・項番・名称）の値が結合の先頭の行にしか"
                        "残りません（上の要件にはある大項目が空の要件 3 件、項番が空の要件 2 件、名称が空の要件 2 件）。結合の各行に値を"
                        "引き継いで読むには、元の Excel ブック（.xlsx）を取り込んでください"]
    p.write_text(p.read_text(encoding="utf-8").replace(",,,", "住民記録,1.1,住民票の管理,", 1), encoding="utf-8")
    warnings.clear()
    read_spec([p], area="住民記録", version="第1.0版", warnings=warnings)
    assert "（上の要件にはある大項目が空の要件 2 件、項番が空の要件 1 件、名称が空の要件 1 件）" in warnings[0]


def test_the_id_columns_of_a_revision_are_read_on_the_revised_side(tmp_path):
    """機能ID（旧）| 機能ID（新）| 機能名称 | 実装区分: the old ids (the left column) were saved as requirements of the version
    imported. The new ids are read, as the revised side of the other fields is; a sheet of them beside the requirement
    table repeats its ids (refused, --skip-sheet reads past it)."""
    table = [["機能ID（旧）", "機能ID（新）", "機能名称", "実装区分"], ["0179000", "0170001", "a", "実装必須機能"],
             ["0179001", "0170002", "b", "標準オプション機能"]]
    alone = _book(tmp_path / "就学_第4.0版_新旧.xlsx", {"機能要件": table})
    warnings: list[str] = []
    assert [(r.id, r.cls) for r in read_spec([alone], warnings=warnings).requirements] == [
        ("0170001", "mandatory"), ("0170002", "optional")]
    assert any("改定後の B 列（機能ID）を使いました" in w for w in warnings), warnings
    both = _book(tmp_path / "就学_第4.0版_機能要件.xlsx", {
        "機能要件": [["機能ID", "機能名称", "実装区分"], ["0170001", "a", "実装必須機能"], ["0170002", "b", "標準オプション機能"]],
        "ID対応": table})
    with pytest.raises(InputError) as err:
        read_spec([both])
    assert [d.split(":")[0] for d in err.value.details] == ["ID対応!B2", "ID対応!B3"]
    assert [r.id for r in read_spec([both], skip_sheets=["ID対応"]).requirements] == ["0170001", "0170002"]


@pytest.mark.parametrize("old, new, kind", [("旧機能ID", "新機能ID", "function"), ("変更前機能ID", "変更後機能ID", "function"),
                                            ("旧帳票ID", "新帳票ID", "form"), ("機能ID（旧）", "機能ID（新）", "function"),
                                            ("現行機能ID", "新機能ID", "function")])
def test_id_columns_named_old_and_new_read_the_new_ids(tmp_path, old, new, kind):
    """旧機能ID | 新機能ID with no 機能ID column: refused as a table without an id column, where 機能ID（旧）| 機能ID（新）
    was read. The new ids are read; a row without a new id (deleted by the revision) is left out and named as a row
    without its id, as in the bracketed layout; an old id column alone is refused, not read as the version imported."""
    table = [[old, new, "機能名称", "機能要件", "実装区分"], ["0179000", "0170001", "a", "t", "実装必須機能"],
             ["0179001", "0170002", "b", "t", "標準オプション機能"], ["0179002", None, "c", "t", "実装必須機能"]]
    warnings: list[str] = []
    spec = read_spec([_book(tmp_path / "就学_第4.0版_機能要件.xlsx", {"要件一覧": table})], warnings=warnings)
    assert [(r.id, r.kind, r.cls, r.name) for r in spec.requirements] == [
        ("0170001", kind, "mandatory", "a"), ("0170002", kind, "optional", "b")]
    label = new.replace("（", "(").replace("）", ")")
    assert warnings == [f"シート「要件一覧」は改定前と改定後の列が並ぶ表です（A 列「{old.replace('（', '(').replace('）', ')')}」、"
                        f"B 列「{label}」）。改定後の B 列（{label.removesuffix('(新)')}）を使いました",
                        "1 行（要件一覧!B4）は実装区分と本文があるのに機能ID/帳票IDがないため、取り込んでいません"]
    alone = _book(tmp_path / "就学_第4.0版_旧.xlsx", {"要件一覧": [[old, *table[0][2:]], *([r[0], *r[2:]] for r in table[1:])]})
    with pytest.raises(InputError) as err:
        read_spec([alone])
    assert err.value.details[0].endswith(f"の列（A 列「{old.replace('（', '(').replace('）', ')')}」）は改定前の列だけで、改定後の列が"
                                         "ありません（改定前を取り込む版として読むと、改定の変更が隠れます）。改定後の列のある表を取り込んでください")


def test_a_requirement_sheet_not_read_whose_ids_are_number_cells_is_refused(tmp_path):
    """Ids typed as numbers (230001 shown as 0230001 by a number format) are read in a requirement table, so a table
    whose 実装区分 header was not recognised must not vanish for them: it was passed over without a word."""
    forms = [["帳票番号", "帳票名称", "必須/オプション"], *([230000 + i, "証明書", "実装必須機能"] for i in range(1, 5))]
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], *([f"023010{i}", "a", "t", "実装必須機能"] for i in range(1, 4))], "帳票要件": forms})
    with pytest.raises(InputError) as e:
        read_spec([p])
    assert e.value.details[0].startswith("シート「帳票要件」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が 4 行あり、"
                                         "うち 4 行（0230001 など）は読んだ要件の表にない ID ですが")
    forms[0][2] = "実装区分"
    assert read_spec([_book(tmp_path / "介護保険_第6.0版_要件.xlsx", {"帳票要件": forms})]).counts()["form"] == 4


def test_a_sheet_of_numbers_not_read_is_passed_over_without_a_word(tmp_path):
    """Numbers of another kind (amounts, populations) or of another area's code are no ids of the spec: no warning."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], *([f"023010{i}", "a", "t", "実装必須機能"] for i in range(1, 4))],
        "集計": [["区分", "金額"], *([f"費目{i}", 1_200_000 + i] for i in range(1, 6))]})
    warnings: list[str] = []
    assert read_spec([p], warnings=warnings).counts()["function"] == 3
    assert warnings == []
