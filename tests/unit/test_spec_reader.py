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
