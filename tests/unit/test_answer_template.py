"""The answer sheet (回答様式) a town sends its vendors: what it holds, and that a filled-in one reads back whole."""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl

from checker.analysis.gap import check
from checker.io.answer_template import ANSWER_COLUMNS, template_title, write_answer_template
from checker.io.config import load_profile
from checker.io.spec_reader import read_spec
from checker.io.vendor_reader import read_response
from checker.model import Requirement, Spec
from checker.normalize import DEFAULT_VOCABULARY, Vocabulary
from tests.conftest import KAIGO_PROFILE, KAIGO_SPEC, SHUGAKU_FORM, VENDOR

HEADER_ROW = 4  # 1-based: title, ベンダ名, a blank row, then the table's header


def _fill(template: Path, filled: Path, vendor: str, marks: list[str]) -> dict[str, str]:
    """Answer every row of *template* with *marks* in turn, as a vendor would in Excel; the answers by id."""
    wb = openpyxl.load_workbook(template)
    given: dict[str, str] = {}
    cycle = itertools.cycle(marks)
    for ws in wb.worksheets[:-1]:  # the last is 記入方法
        header = [c.value for c in ws[HEADER_ROW]]
        answer, timing = header.index("対応可否") + 1, header.index("対応時期") + 1
        ws.cell(2, 2, vendor or None)
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            given[ws.cell(r, 1).value] = mark = next(cycle)
            if mark == "予定":
                ws.cell(r, timing, "令和9年度")
            ws.cell(r, answer, mark)
    wb.save(filled)
    return given


def test_a_filled_in_sheet_reads_back_with_every_answer_its_vendor_and_the_version_it_answers(tmp_path):
    spec = read_spec([KAIGO_SPEC])
    template = write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY)
    given = _fill(template, tmp_path / "介護保険_回答様式_記入済.xlsx", "架空システムズ株式会社", ["○", "△", "予定", "×", "－"])
    assert all(ws.protection.sheet for ws in openpyxl.load_workbook(tmp_path / "介護保険_回答様式_記入済.xlsx"))  # as sent
    response = read_response(tmp_path / "介護保険_回答様式_記入済.xlsx", spec_ids=spec.by_id(), area=spec.area)
    assert {a.id: a.raw_answer for a in response.answers} == given
    assert list(given) == [r.id for r in spec.requirements]  # every requirement, in the spec's order
    assert {a.timing for a in response.answers if a.raw_answer == "予定"} == {"令和9年度"}
    assert (response.vendor, response.declared_version, response.declared_area) == ("架空システムズ株式会社", "第6.0版", "介護保険")
    # the guide sheet is skipped as a cover sheet is; nothing else is said about a sheet filled in as asked
    assert [(f.level, f.code, f.cell) for f in check(spec, response).lint] == [("info", "no-header", "記入方法!A1")]


def test_the_sheet_shows_each_requirement_as_written_with_its_class_and_the_options_the_town_asks_for(tmp_path):
    spec = read_spec([KAIGO_SPEC])
    profile = load_profile(KAIGO_PROFILE, spec)
    wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY, profile))
    assert wb.sheetnames == ["機能要件", "帳票要件", "記入方法"]
    ws = wb["機能要件"]
    assert ws["A1"].value == template_title(spec, "function") == "介護保険 標準仕様書 第6.0版 機能要件 回答表"
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["機能ID", "大項目", "中項目", "小項目", "機能名称", "要件", "実装区分", "仕様書の注記", "要求オプション（優先度）",
                      *ANSWER_COLUMNS]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    functions = [r for r in spec.requirements if r.kind == "function"]
    assert list(rows) == [r.id for r in functions]
    for req in functions:
        row = rows[req.id]
        assert (row["機能名称"], row["要件"], row["実装区分"]) == (req.name, req.text, req.class_label)
        assert (row["大項目"], row["中項目"], row["小項目"]) == req.section
        assert all(row[c] is None for c in ANSWER_COLUMNS)  # left to the vendor
    wanted = {o.id: o.priority for o in profile.required_options}
    required = "要求オプション（優先度）"  # as the check's and the comparison's tables say it (it was 団体の要求: 求める（高）)
    assert {i: row[required] for i, row in rows.items() if row[required]} == {i: p for i, p in wanted.items() if i in rows}
    assert rows["0230122"][required] == "高"
    assert ws.freeze_panes == f"B{HEADER_ROW + 1}" and ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    forms = [c.value for c in wb["帳票要件"][HEADER_ROW]]
    assert forms[:2] == ["帳票ID", "帳票名称"] and "大項目" not in forms  # the spec's forms have no sections


def test_the_sheet_prints_as_the_reports_do_70_percent_across_with_the_id_and_when_it_was_made(
        tmp_path, utc_machine_at_jst_morning):
    # fitted to one page wide, its ~330 characters printed at 41–59 %; its foot had no 作成日時
    spec = read_spec([KAIGO_SPEC])
    wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY,
                                                      load_profile(KAIGO_PROFILE, spec)))
    for name in ("機能要件", "帳票要件"):
        ws = wb[name]
        setup = ws.page_setup
        assert (setup.paperSize, setup.scale, setup.pageOrder, setup.orientation) == (9, 70, "overThenDown", "landscape")
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert (ws.print_title_cols, ws.print_title_rows) == ("$A:$A", f"${HEADER_ROW}:${HEADER_ROW}")
    guide = wb["記入方法"]  # narrow: one page wide
    assert guide.sheet_properties.pageSetUpPr.fitToPage and guide.page_setup.fitToHeight == 0
    for ws in wb:
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == ("作成日時 2026年12月7日 05:06", "ページ &P / &N")


def test_every_sheet_is_protected_without_a_password_but_for_the_cells_the_vendor_fills_in(tmp_path):
    # unprotected, a vendor overwrote an id, a requirement or its class by accident, and the check found bad ids
    spec = read_spec([KAIGO_SPEC])
    wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY,
                                                      load_profile(KAIGO_PROFILE, spec)))
    for ws in wb:
        p = ws.protection  # openpyxl: True is "protected", i.e. not allowed
        assert p.sheet and p.password is None  # 校閲 > シート保護の解除 lifts it
        assert not (p.autoFilter or p.formatColumns or p.formatRows or p.selectLockedCells or p.selectUnlockedCells)
        # sorting would move the unlocked answers alone, away from their ids
        assert p.sort and p.formatCells and p.insertRows and p.deleteRows and p.insertColumns and p.deleteColumns
    for ws in wb.worksheets[:-1]:
        header = [c.value for c in ws[HEADER_ROW]]
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            assert [h for h, cell in zip(header, ws[r]) if not cell.protection.locked] == list(ANSWER_COLUMNS)
        assert not ws["B2"].protection.locked  # the vendor's name
        assert all(c.protection.locked for c in (ws["A1"], ws["A2"], *ws[HEADER_ROW]))
    guide = [c.value for c in wb["記入方法"]["A"] if c.value]
    assert "5. シートは保護してあり、記入する欄（ベンダ名・対応可否・対応時期・代替案・備考）のほかは変更できません。" \
           "Excel ではフィルタ・列幅と行の高さの変更はできます。" in guide
    assert any("Excel では「校閲」タブの「シート保護の解除」、LibreOffice では「ツール」メニューの「シートの保護」を選んでください"
               "（パスワードはありません）" in line for line in guide)
    assert any("「形式を選択して貼り付け」の「値」" in line for line in guide)  # a plain paste loses the list of marks


def test_a_sheet_written_unprotected_says_nothing_of_protection(tmp_path):
    spec = read_spec([SHUGAKU_FORM])
    wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY, protect=False))
    assert not any(ws.protection.sheet for ws in wb)
    guide = [c.value for c in wb["記入方法"]["A"] if c.value]
    assert "4. ID・名称・要件・実装区分の列と表題の行は変更しないでください。行の並べ替え・列幅の変更は構いません。" in guide
    assert not any("保護" in line for line in guide)


def test_the_answer_column_offers_the_first_mark_of_each_answer_class_of_the_vocabulary(tmp_path):
    spec = read_spec([SHUGAKU_FORM])
    for vocabulary, offered in ((DEFAULT_VOCABULARY, '"○,△,予定,×,－"'),
                                (Vocabulary.from_mapping({"yes": ["済"], "no": ["否"]}, replace=True, source="v.yaml"), '"済,否"')):
        wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, vocabulary))
        assert wb.sheetnames == ["帳票要件", "記入方法"]  # a spec of forms alone: no sheet of functions
        ws = wb["帳票要件"]
        (rule,) = ws.data_validations.dataValidation
        answer = [c.value for c in ws[HEADER_ROW]].index("対応可否")
        letter = openpyxl.utils.get_column_letter(answer + 1)
        assert (rule.type, rule.formula1) == ("list", offered)
        assert str(rule.sqref) == f"{letter}{HEADER_ROW + 1}:{letter}{ws.max_row}"
    # a mark with a comma in it cannot be one item of Excel's list: no list then, rather than a list of wrong marks
    vocabulary = Vocabulary.from_mapping({"yes": ["対応可,標準"], "no": ["否"]}, replace=True, source="v.yaml")
    ws = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, vocabulary))["帳票要件"]
    assert not ws.data_validations.dataValidation


def test_the_form_says_how_a_prohibited_function_is_answered(tmp_path):
    """A vendor reading 対応可否 as 「適合か」 answers ○ on a 実装不可機能 row, which reads as 実装不可機能の実装: the guide
    and the answer cell's message say which mark is the conformant one, in the form's own marks."""
    spec = read_spec([KAIGO_SPEC])
    for vocabulary, no, yes in ((DEFAULT_VOCABULARY, "×", "○"),
                                (Vocabulary.from_mapping({"yes": ["済"], "no": ["否"]}, replace=True, source="v.yaml"), "否", "済")):
        wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, vocabulary))
        how = (f"実装区分が「実装不可機能」の行は、その機能を実装しない場合に {no}（非対応）を選んでください"
               f"（{yes} は「実装する」の意味になり、実装不可機能の実装として不適合になります）。")
        assert f"3. {how}" in [c.value for c in wb["記入方法"]["A"]]
        (rule,) = wb["機能要件"].data_validations.dataValidation
        assert rule.prompt == f"一覧から選んでください。{how}"
    # a sheet without such rows, and a spec without any, say nothing of them
    assert spec.count(kind="form", cls="prohibited") == 0
    (rule,) = wb["帳票要件"].data_validations.dataValidation
    assert rule.prompt == "一覧から選んでください。"
    forms = read_spec([SHUGAKU_FORM])
    assert forms.count(cls="prohibited") == 0
    wb = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", forms, DEFAULT_VOCABULARY))
    assert not any("実装不可機能" in str(c.value) for c in wb["記入方法"]["A"])


def test_a_requirement_text_a_spreadsheet_would_take_for_a_formula_stays_text(tmp_path):
    risky = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    req = Requirement(id="0010001", kind="function", cls="mandatory", section=(), number="1.1", name="-1 名称",
                      text=risky, note="", source="機能要件!A2")
    plain = Requirement(id="0010002", kind="function", cls="optional", section=(), number="1.2", name="名称", text="本文",
                        note="", source="機能要件!A3")
    spec = Spec(area="住民記録", version="第1.1版", requirements=(req, plain), sources=())
    ws = openpyxl.load_workbook(write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY))["機能要件"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:4] == ["機能ID", "項番", "機能名称", "要件"]  # no 大項目 in a spec without sections
    name, text = ws.cell(HEADER_ROW + 1, 3), ws.cell(HEADER_ROW + 1, 4)
    assert (text.value, text.data_type, text.quotePrefix) == (risky, "s", True)
    assert (name.value, name.quotePrefix) == ("-1 名称", True)
    assert ws.cell(HEADER_ROW + 2, 4).quotePrefix is False
    assert ws.cell(HEADER_ROW + 1, 1).value == "0010001"  # the id as text, its leading zeros kept


def test_a_sheet_returned_without_its_vendors_name_is_warned_of_unless_its_file_name_gives_one(tmp_path):
    """The vendor left ベンダ名 blank and returned hyojun's sheet under its own name: the file name
    (介護保険_第6.0版_回答様式) became the vendor in every comparison and record, without a word."""
    spec = read_spec([SHUGAKU_FORM])
    template = write_answer_template(tmp_path / "様式.xlsx", spec, DEFAULT_VOCABULARY)
    for name, warned in (("就学_第4.0版_回答様式.xlsx", True), ("就学_回答_テスト情報サービス.xlsx", False),
                         ("就学_第4.0版_回答様式_テスト情報サービス.xlsx", False)):  # spec template --answers' own name
        _fill(template, tmp_path / name, "", ["○"])
        response = read_response(tmp_path / name, spec_ids=spec.by_id(), area=spec.area)
        found = [(f.level, f.cell) for f in response.lint if f.code == "vendor-name-blank"]
        assert found == ([("warning", "帳票要件!B2")] if warned else []), name  # the cell to write the name in
        assert response.vendor == ("就学_第4.0版_回答様式" if warned else "テスト情報サービス")


def test_reading_earlier_answers_again_and_again_keeps_no_more_header_lookups() -> None:
    """Each call made its own alias table, and headers kept the lookups of each: one more entry per call."""
    from checker.io import headers
    from checker.io.answer_template import asked_before
    from checker.io.workbook import read_workbook

    files = [read_workbook(VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv")]
    asked_before(files)
    size = len(headers._LOOKUPS)
    for _ in range(50):
        asked_before(files)
    assert len(headers._LOOKUPS) == size
