"""Expected counts and texts below were read off the sample workbooks (and their README), not the code."""

import io

import openpyxl
import pytest

from checker.errors import InputError
from checker.io.spec_reader import read_spec
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_SPEC, SHUGAKU_FORM, SHUGAKU_FUNC

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
    assert spec.requirements[0].text.startswith("日本人住民について、以下の項目を管理(※)すること。\n")


def test_layout_c_full_width_header_and_separate_files():
    spec = read_spec([SHUGAKU_FUNC, SHUGAKU_FORM])
    by_id = spec.by_id()
    assert by_id["0170001"].number == "1.1.1" and by_id["0170001"].name == "児童生徒データの管理"
    assert by_id["0170601"].kind == "form" and by_id["0170601"].name == "就学通知書（小学校）".replace("（", "(").replace("）", ")")
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


def test_a_sheet_of_ids_without_a_class_header_is_named_in_a_warning_not_dropped_silently(tmp_path):
    def edit(wb):
        _header_cell(wb["機能要件"], "実装区分").value = "区分"
    warnings: list[str] = []
    spec = read_spec([_kaigo_with(tmp_path, edit)], warnings=warnings)
    assert spec.counts()["function"] == 0 and spec.counts()["form"] == 61
    assert len(warnings) == 1 and warnings[0].startswith("シート「機能要件」を読み飛ばしました: 機能ID/帳票ID（7桁の数字）の行が 400 行")
    assert "「区分」" in warnings[0] and "「実装区分」の列がありません" in warnings[0]
    # a history sheet lists ids without 実装区分 by design: passed over without a word
    assert not any("改定履歴" in w for w in warnings)


def test_a_header_below_row_30_is_named_in_a_warning(tmp_path):
    def edit(wb):
        wb["帳票要件"].insert_rows(1, 31)
    warnings: list[str] = []
    spec = read_spec([_kaigo_with(tmp_path, edit)], warnings=warnings)
    assert spec.counts()["form"] == 0
    assert warnings == ["シート「帳票要件」を読み飛ばしました: 機能ID/帳票ID（7桁の数字）の行が 61 行ありますが、"
                        "先頭30行以内に「機能ID」（または帳票ID）の見出しがありません。要件の表なら見出しを確かめてください"]


def test_a_serial_column_headed_id_does_not_take_the_place_of_the_requirement_ids(tmp_path):
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    p.write_bytes(_workbook([["ID", "機能ID", "機能名称", "実装区分"], [1, "0230001", "a", "実装必須機能"],
                             [2, "0230002", "b", "標準オプション機能"]]))
    assert [r.id for r in read_spec([p]).requirements] == ["0230001", "0230002"]


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
        "介護保険_第6.0版_帳票要件.xlsx: 帳票要件!A2: 機能ID 0230001 が重複しています（最初は 介護保険_第6.0版_機能要件.xlsx: 機能要件!A2）"]
    with pytest.raises(InputError, match="同じ内容のファイルが2回指定されています"):
        read_spec([a, a])


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


def test_two_class_columns_are_named_in_a_warning(tmp_path):
    p = tmp_path / "住民記録_第1.1版_機能要件.xlsx"
    p.write_bytes(_workbook([["機能ID", "実装区分（指定都市）", "実装区分（一般市区町村）"], ["0010001", "必須", "オプション"]]))
    warnings: list[str] = []
    assert read_spec([p], warnings=warnings).requirements[0].cls == "mandatory"
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（B 列「実装区分(指定都市)」、C 列「実装区分(一般市区町村)」）。"
                        "B 列を使いました"]


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
    assert "の行が 3 行ありますが" in (_passed_over(Sheet("機能一覧", rows), "") or "")
