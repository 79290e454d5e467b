"""`hyojun spec template`: the answer sheet to send vendors, from a stored spec or the spec's workbook, and checked back."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker import check_run
from checker.cli import cli
from checker.errors import TimeLimitError
from tests.conftest import (FIXTURES, JUMIN_V10, JUMIN_V11, KAIGO_PROFILE, KAIGO_SPEC, SHUGAKU_FORM, SHUGAKU_FUNC, VENDOR,
                            write_book)
from tests.cli.test_spec_diff_cli import _v11_written_as
from tests.unit.test_answer_template import _fill

MARKS = FIXTURES / "marks" / "介護保険_第6.0版_回答_記号列.xlsx"  # a check in one column per mark (its README)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_stored_spec_gives_a_sheet_of_its_name_that_check_reads_as_the_vendors_answers_to_that_version(home: Path):
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    res = run("spec", "template", "住民記録")
    assert res.exit_code == 0, res.output
    sheet = home / "住民記録_第1.1版_回答様式.xlsx"
    assert res.output.splitlines()[-1] == f"回答様式を書き出しました: {sheet.name}"
    given = _fill(sheet, home / "回答.xlsx", "見本ソリューションズ", ["○", "×"])
    res = run("check", home / "回答.xlsx", "--spec", "住民記録", "--json", "-")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["vendor"]["name"] == "見本ソリューションズ" and result["spec"]["version"] == "第1.1版"
    assert {r["id"]: r["raw_answer"] for r in result["rows"]} == given
    assert "carryover" not in result  # answered the version it is checked against
    assert [f["code"] for f in result["lint"]] == ["no-header"]  # the 記入方法 sheet, skipped as a cover sheet is


def test_the_form_is_protected_but_for_the_answers_reads_back_filled_in_and_no_protect_leaves_it_open(home: Path):
    res = run("spec", "template", KAIGO_SPEC, "--out", home / "様式.xlsx")
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(home / "様式.xlsx")
    assert all(ws.protection.sheet for ws in wb)
    # filled in without lifting the protection, it reads as any answers: nothing said but of the 記入方法 sheet
    given = _fill(home / "様式.xlsx", home / "回答.xlsx", "架空システムズ", ["○", "△", "×"])
    res = run("lint", home / "回答.xlsx", "--spec", KAIGO_SPEC, "--json")
    assert res.exit_code == 0, res.output
    assert [f["code"] for f in json.loads(res.stdout)["findings"]] == ["no-header"]
    result = json.loads(run("check", home / "回答.xlsx", "--spec", KAIGO_SPEC, "--json", "-").stdout)
    assert {r["id"]: r["raw_answer"] for r in result["rows"]} == given
    res = run("spec", "template", KAIGO_SPEC, "--out", home / "保護なし.xlsx", "--no-protect")
    assert res.exit_code == 0, res.output
    assert not any(ws.protection.sheet for ws in openpyxl.load_workbook(home / "保護なし.xlsx"))


def test_a_sheet_already_there_is_kept_unless_forced_and_an_input_never_replaced(home: Path):
    out = home / "様式.xlsx"
    out.write_bytes(b"filled in")
    res = run("spec", "template", KAIGO_SPEC, "--profile", KAIGO_PROFILE, "--out", out)
    assert res.exit_code == 2 and out.read_bytes() == b"filled in"
    assert "様式.xlsx は既にあります（記入済みの様式を上書きしないため中止しました）" in res.stderr
    res = run("spec", "template", KAIGO_SPEC, "--profile", KAIGO_PROFILE, "--out", out, "--force")
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:2] == b"PK"
    spec_bytes = KAIGO_SPEC.read_bytes()
    copy = home / "介護保険_第6.0版_機能・帳票要件.xlsx"
    copy.write_bytes(spec_bytes)
    for force in ((), ("--force",)):  # --force is not suggested for an input: it would not help
        res = run("spec", "template", copy, "--out", copy, *force)
        assert res.exit_code == 2 and copy.read_bytes() == spec_bytes
        assert "は入力ファイル" in res.stderr and "--force" not in res.stderr


def test_an_output_not_a_workbook_and_a_spec_not_stored_are_refused_before_anything_is_written(home: Path):
    res = run("spec", "template", KAIGO_SPEC, "--out", home / "様式.csv")
    assert res.exit_code == 2 and "--out には .xlsx のファイル名を指定してください" in res.stderr
    res = run("spec", "template", "介護保険")
    assert res.exit_code == 1 and "業務「介護保険」の仕様書が取り込まれていません" in res.stderr
    assert not list(home.glob("*.xlsx"))


def test_a_profile_of_another_area_is_refused(home: Path):
    res = run("spec", "template", JUMIN_V11, "--profile", KAIGO_PROFILE)
    assert res.exit_code == 1, res.output
    assert "業務が仕様書と違います（プロファイル: 介護保険、仕様書: 住民記録）" in res.stderr
    assert not list(home.glob("*.xlsx"))


def _answered_v10(home: Path, name: str, marks: list[str]) -> dict[str, str]:
    """架空システムズ's answers (*marks* in turn) on the 第1.0版 sheet, saved as *name*, both versions of 住民記録
    imported: what the tests of answers carried to 第1.1版 start from."""
    for spec in (JUMIN_V10, JUMIN_V11):
        assert run("spec", "import", spec).exit_code == 0
    assert run("spec", "template", "住民記録@第1.0版", "--out", home / "v10.xlsx").exit_code == 0
    return _fill(home / "v10.xlsx", home / name, "架空システムズ", marks)


def test_a_revised_spec_s_sheet_carries_the_vendor_s_answers_and_asks_only_what_changed(home: Path):
    """The 第1.0版 answers of a vendor, sent back on the 第1.1版 sheet: kept where the requirement is unchanged, asked
    again (with the old answer and why) where it changed or is new; filled in, the check reads it as 第1.1版 answers."""
    old = _answered_v10(home, "回答_第1.0版.xlsx", ["○", "△", "×", "要確認"])
    vocabulary = home / "記号.yaml"
    vocabulary.write_text("mode: extend\nanswers:\n  yes: [済]\n", "utf-8")
    res = run("spec", "template", "住民記録", "--answers", home / "回答_第1.0版.xlsx", "--vocabulary", vocabulary)
    assert res.exit_code == 0, res.output
    # the answers' findings are found by the lint command it names, read with the same marks as here
    assert f"hyojun lint {home / '回答_第1.0版.xlsx'} --spec 住民記録 --vocabulary {vocabulary} で確かめられます" in res.stderr
    sheet = home / "住民記録_第1.1版_回答様式_架空システムズ.xlsx"
    assert res.output.splitlines()[-1] == f"回答様式を書き出しました: {sheet.name}"
    summary = res.stdout.splitlines()[1]
    assert summary.startswith("架空システムズ: 回答は 第1.0版 に対するもの（回答ファイルの表題に書かれた版）。記入済み ")
    assert "新しい要件 10" in summary
    assert summary.endswith("。削除された要件への回答 5 件は載せていません")
    ws = openpyxl.load_workbook(sheet)["機能要件"]
    header = [c.value for c in ws[4]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=5, values_only=True)}
    assert ws["B2"].value == "架空システムズ"
    asked = {i for i, r in rows.items() if r["回答が必要な理由"]}
    for rid, row in rows.items():
        if rid in asked:
            assert row["対応可否"] is None and row["前回の回答"] == ("" if row["回答が必要な理由"] == "新しい要件" else old[rid])
        else:  # kept as the vendor wrote it
            assert row["対応可否"] == old[rid] != "要確認"
    assert {rows[i]["回答が必要な理由"] for i in asked} >= {"新しい要件", "回答不正", "再確認（本文変更）"}
    # the vendor answers the asked rows alone; the sheet reads back as answers to 第1.1版, none missing
    wb = openpyxl.load_workbook(sheet)
    ws = wb["機能要件"]
    answer = header.index("対応可否") + 1
    # asked again (coloured) or carried, a row's answers are the vendor's to change on the protected sheet
    assert ws.protection.sheet and {ws.cell(r, c).protection.locked for r in range(5, ws.max_row + 1)
                                    for c in range(answer, answer + 4)} == {False}
    for r in range(5, ws.max_row + 1):
        if ws.cell(r, answer).value is None:
            ws.cell(r, answer, "○")
    wb.save(home / "再回答.xlsx")
    result = json.loads(run("check", home / "再回答.xlsx", "--spec", "住民記録", "--json", "-").stdout)
    assert result["vendor"]["declared_version"] == "第1.1版" and "carryover" not in result
    assert result["summary"]["status_counts"]["unanswered"] == 0
    assert {r["id"]: r["raw_answer"] for r in result["rows"] if r["id"] not in asked} == \
        {i: old[i] for i in rows if i not in asked}


def test_answers_need_one_vendor_and_answered_version_needs_answers(home: Path):
    res = run("spec", "template", KAIGO_SPEC, "--answered-version", "第5.0版")
    assert res.exit_code == 2 and "--answered-version は --answers と一緒に指定してください" in res.stderr
    vendors = sorted(VENDOR.glob("介護保険_第6.0版_回答_*.xlsx"))
    res = run("spec", "template", KAIGO_SPEC, *(a for v in vendors for a in ("--answers", v)))
    assert res.exit_code == 1, res.output
    assert "ファイルごとにベンダ名が違います（「テスト情報サービス株式会社」「架空システムズ」）。--answers には 1 つのベンダの回答" in res.stderr
    assert not list(home.glob("*.xlsx"))
    # the names are the sheets': on the line, isolated
    res = run("spec", "template", KAIGO_SPEC, "--answers", answers(home, "a.xlsx", "ア\u202eルファ"),
              "--answers", answers(home, "b.xlsx", "ベータ"))
    assert res.exit_code == 1 and "（「\u2068ア\u202eルファ\u2069」「ベータ」）" in res.stderr, res.stderr


def test_answers_to_a_version_not_stored_are_refused_not_passed_off_as_answers_to_this_one(home: Path):
    """With 第1.0版 not imported, its answers were written into the 第1.1版 sheet as still valid: nothing asked again,
    and the returned sheet then read as 第1.1版 answers."""
    assert run("spec", "template", JUMIN_V10, "--out", home / "v10.xlsx").exit_code == 0
    _fill(home / "v10.xlsx", home / "回答.xlsx", "架空システムズ", ["○"])
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    res = run("spec", "template", "住民記録", "--answers", home / "回答.xlsx")
    assert res.exit_code == 1, res.output
    assert ("回答は 第1.0版 に対するもの（回答ファイルの表題に書かれた版）。その版の仕様書が取り込まれていないため、"
            "第1.1版 で変わった要件を示せません。`hyojun spec import` でその版の要件一覧を取り込んでください") in res.stderr
    assert not list(home.glob("住民記録_第1.1版_*.xlsx"))


def test_a_sheet_sent_back_unnamed_and_half_answered_is_carried_with_its_reasons_texts_and_no_borrowed_name(home: Path):
    """The vendor left ベンダ名 blank and returned the sheet under hyojun's name: that name became the vendor's on the next
    sheet. Rows asked again lost their 代替案 and 備考, and a 再確認 row still blank lost its reason."""
    _answered_v10(home, "回答_第1.0版.xlsx", ["△"])
    wb = openpyxl.load_workbook(home / "回答_第1.0版.xlsx")
    ws = wb["機能要件"]
    header = [c.value for c in ws[4]]
    alternative = header.index("代替案") + 1
    for r in range(5, ws.max_row + 1):
        ws.cell(r, alternative, f"代替{ws.cell(r, 1).value}")
    wb.save(home / "回答_第1.0版.xlsx")
    assert run("spec", "template", "住民記録", "--answers", home / "回答_第1.0版.xlsx", "--out", home / "1回目.xlsx").exit_code == 0
    first = openpyxl.load_workbook(home / "1回目.xlsx")["機能要件"]
    header = [c.value for c in first[4]]
    rows = {r[0]: dict(zip(header, r)) for r in first.iter_rows(min_row=5, values_only=True)}
    reconfirm = [i for i, r in rows.items() if (r["回答が必要な理由"] or "").startswith("再確認")]
    assert reconfirm and all(rows[i]["代替案"] == f"代替{i}" and rows[i]["対応可否"] is None for i in reconfirm)
    # sent back under hyojun's own name, ベンダ名 blank, the 再確認 rows still unanswered
    wb = openpyxl.load_workbook(home / "1回目.xlsx")
    wb["機能要件"]["B2"] = None
    wb.save(home / "住民記録_第1.1版_回答様式.xlsx")
    res = run("spec", "template", "住民記録", "--answers", home / "住民記録_第1.1版_回答様式.xlsx")
    assert res.exit_code == 0, res.output
    assert "回答ファイルにベンダ名がありません" in res.stderr
    # named after the answers' file, never as the blank sheet sent to every bidder
    second = openpyxl.load_workbook(home / "住民記録_第1.1版_回答様式_住民記録_第1.1版_回答様式.xlsx")["機能要件"]
    assert second["B2"].value is None
    again = {r[0]: dict(zip(header, r)) for r in second.iter_rows(min_row=5, values_only=True)}
    assert all((again[i]["回答が必要な理由"], again[i]["前回の回答"]) ==
               (rows[i]["回答が必要な理由"] + "（第1.1版 の様式で未回答）", "△") for i in reconfirm)


def test_rows_left_blank_on_the_last_versions_sheet_say_what_changed_since_their_answer_and_where_they_were_left(
        home: Path, tmp_path: Path):
    """第1.0版 answers carried to the 第1.1版 sheet, sent back with three 再確認 rows blank, carried to 第1.2版, which
    changed those again: the rows kept the 第1.1版 sheet's reasons alone (0010140's new text went unsaid), and the
    guide called their 前回の回答 answers to 第1.1版, their 再確認 changes since 第1.1版."""
    wb = _v11_written_as("第1.2版")
    ws = wb["機能要件"]
    for row in ws.iter_rows(min_row=4):
        if row[2].value == "0010001":  # 本文変更 in 第1.1版, and again
            row[3].value += "（第1.2版で追記）"
        elif row[2].value == "0010002":  # 本文変更 in 第1.1版, 区分変更 now
            row[4].value = "標準オプション機能"
        elif row[2].value == "0010140":  # 区分変更 in 第1.1版, 本文変更 now
            row[3].value += "（第1.2版で追記）"
    wb.save(tmp_path / "住民記録_第1.2版_機能要件.xlsx")
    for spec in (JUMIN_V10, JUMIN_V11, tmp_path / "住民記録_第1.2版_機能要件.xlsx"):
        assert run("spec", "import", spec).exit_code == 0
    assert run("spec", "template", "住民記録@第1.0版", "--out", home / "v10.xlsx").exit_code == 0
    _fill(home / "v10.xlsx", home / "回答_第1.0版.xlsx", "架空システムズ", ["×"])
    assert run("spec", "template", "住民記録@第1.1版", "--answers", home / "回答_第1.0版.xlsx",
               "--out", home / "v11.xlsx").exit_code == 0
    wb = openpyxl.load_workbook(home / "v11.xlsx")
    ws = wb["機能要件"]
    header = [c.value for c in ws[4]]
    answer, reason = header.index("対応可否") + 1, header.index("回答が必要な理由") + 1
    blank = {"0010001": "再確認（本文変更）", "0010002": "再確認（本文変更）", "0010140": "再確認（区分変更）"}
    for r in range(5, ws.max_row + 1):
        if ws.cell(r, 1).value in blank:
            assert ws.cell(r, reason).value == blank[ws.cell(r, 1).value]
        elif ws.cell(r, answer).value is None:
            ws.cell(r, answer, "○")
    wb.save(home / "回答_第1.1版.xlsx")
    res = run("spec", "template", "住民記録@第1.2版", "--answers", home / "回答_第1.1版.xlsx", "--out", home / "v12.xlsx")
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(home / "v12.xlsx")
    rows = {r[0]: dict(zip(header, r)) for r in wb["機能要件"].iter_rows(min_row=5, values_only=True)}
    assert {i: (rows[i]["回答が必要な理由"], rows[i]["前回の回答"]) for i in rows if rows[i]["回答が必要な理由"]} == {
        "0010001": ("再確認（本文変更）（第1.1版 の様式で未回答）", "×"),
        "0010002": ("再確認（本文変更・区分変更）（第1.1版 の様式で未回答）", "×"),
        "0010140": ("再確認（本文変更・区分変更）（第1.1版 の様式で未回答）", "×")}
    guide = [c.value for c in wb["記入方法"]["A"]]
    assert "   「（第1.1版 の様式で未回答）」とある 3 件は、前回の様式でも回答を求めた行です。「前回の回答」はその様式より前の回答で、" \
           "再確認の理由はそこからこの版までの変更です。" in guide


def test_one_vendors_two_files_of_any_names_are_carried_as_one(home: Path):
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM).exit_code == 0
    assert run("spec", "template", "就学", "--out", home / "様式.xlsx").exit_code == 0
    _fill(home / "様式.xlsx", home / "filled.xlsx", "テスト情報サービス", ["○"])
    wb = openpyxl.load_workbook(home / "filled.xlsx")
    del wb["帳票要件"]
    wb.save(home / "機能要件回答書_テスト情報サービス.xlsx")
    wb = openpyxl.load_workbook(home / "filled.xlsx")
    del wb["機能要件"]
    wb.save(home / "帳票要件回答書_テスト情報サービス.xlsx")
    res = run("spec", "template", "就学", "--answers", home / "機能要件回答書_テスト情報サービス.xlsx",
              "--answers", home / "帳票要件回答書_テスト情報サービス.xlsx")
    assert res.exit_code == 0, res.output
    assert "テスト情報サービス: 回答は 第4.0版 に対するもの。記入済み 298 件、回答を求める 0 件" in res.stdout


def test_an_answered_version_against_the_sheets_title_is_said_as_check_says_it(home: Path):
    _answered_v10(home, "回答.xlsx", ["○"])
    res = run("spec", "template", "住民記録", "--answers", home / "回答.xlsx", "--answered-version", "1.1")
    assert res.exit_code == 0, res.output
    assert "注意: " in res.stderr and "回答ファイルの表題には 第1.0版 と書かれています" in res.stderr
    assert "架空システムズ: 回答は 第1.1版 に対するもの" in res.stdout  # as told, and said to be against the title


def test_checks_in_a_column_per_mark_are_carried_as_their_columns_marks(home: Path):
    """「✓（△の列）」 carried into the sheet's one answer column as written read back as an answer not understood: the
    column's mark △ is carried, the check beside it as the earlier answer."""
    res = run("spec", "template", KAIGO_SPEC, "--answers", MARKS, "--out", home / "様式.xlsx")
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(home / "様式.xlsx")["機能要件"]
    header = [c.value for c in ws[4]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=5, max_row=14, values_only=True)}
    assert {i: (r["前回の回答"], r["対応可否"], r["回答が必要な理由"]) for i, r in rows.items()} == {
        "0230101": ("○", "○", ""), "0230102": ("✓（△の列）", "△", ""), "0230103": ("1（×の列）", "×", ""),
        "0230104": ("TRUE（○の列）", "○", ""), "0230105": ("○", "○", ""), "0230106": ("●（○の列）、●（×の列）", None, "回答不正"),
        "0230107": ("済（○の列）", None, "回答不正"), "0230108": ("", None, "前回未回答"), "0230109": ("×", "×", ""),
        "0230110": ("レ（－の列）", "－", "")}
    result = json.loads(run("check", home / "様式.xlsx", "--spec", KAIGO_SPEC, "--json", "-").stdout)
    assert result["summary"]["status_counts"]["invalid_answer"] == 0
    assert [r["answer"] for r in result["rows"][:10]] == ["yes", "partial", "no", "yes", "yes", "blank", "blank", "blank", "no", "na"]


def test_checks_in_columns_per_answer_word_are_carried_as_the_marks_offered(home: Path):
    """対応 | 一部対応 | 対応不可: the columns' words were carried, which the sheet's list (○ △ 予定 × －) does not offer: Excel
    circles them as invalid data and the vendor cannot choose them again."""
    res = run("spec", "template", KAIGO_SPEC, "--answers", FIXTURES / "marks" / "介護保険_第6.0版_回答_対応列.xlsx",
              "--out", home / "様式.xlsx")
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(home / "様式.xlsx")["機能要件"]
    header = [c.value for c in ws[4]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=15, max_row=17, values_only=True)}
    assert {i: (r["前回の回答"], r["対応可否"]) for i, r in rows.items()} == {
        "0230111": ("○", "○"), "0230112": ("✓（一部対応の列）", "△"), "0230113": ("対応不可", "×")}


def test_a_row_of_fillers_only_in_columns_per_mark_is_asked_again(home: Path):
    """「－ － － －」 (a template pre-filled, nothing chosen) was carried as 記入済み 「－」, 「× × ×」 as 「×」."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "機能"
    for row in (["機能ID", "対応可否", None, None, None], [None, "○", "△", "×", "－"], ["0230101", "－", "－", "－", "－"],
                ["0230102", "×", "×", "×", None], ["0230103", None, None, "×", None]):
        ws.append(row)
    for cells in ("A1:A2", "B1:E1"):
        ws.merge_cells(cells)
    book.save(home / "回答.xlsx")
    res = run("spec", "template", KAIGO_SPEC, "--answers", home / "回答.xlsx", "--out", home / "様式.xlsx")
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(home / "様式.xlsx")["機能要件"]
    header = [c.value for c in ws[4]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=5, max_row=7, values_only=True)}
    assert {i: (r["対応可否"], r["回答が必要な理由"]) for i, r in rows.items()} == {
        "0230101": (None, "回答不正"), "0230102": (None, "回答不正"), "0230103": ("×", "")}


def answers(home: Path, file: str, vendor: str) -> Path:
    """A one-row answer sheet of *vendor* (its ベンダ名 field) as *file* in *home*."""
    return write_book(home / file, {"回答": [[f"ベンダ名：{vendor}"], ["機能ID", "対応可否", "備考"], ["0230101", "○", ""]]})


def test_a_name_made_of_the_vendors_says_so_when_another_vendors_form_has_it_or_it_is_too_long(home: Path):
    """--answers names the sheet after the vendor: アルファ:電算 and アルファ?電算 both make …_アルファ_電算.xlsx, and the
    second was told to --force over the first's answers; a name of 90 characters was to be 「shortened」 by the office,
    which never chose it."""
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    assert run("spec", "template", "介護保険", "--answers", answers(home, "a.xlsx", "アルファ:電算")).exit_code == 0
    form = "介護保険_第6.0版_回答様式_アルファ_電算.xlsx"
    before = (home / form).read_bytes()
    res = run("spec", "template", "介護保険", "--answers", answers(home, "b.xlsx", "アルファ?電算"))
    assert res.exit_code == 2 and res.stderr == (
        f"エラー: {form} は既にあります（記入済みの様式を上書きしないため中止しました）。その様式は別のベンダ「アルファ:電算」のものです"
        "（ベンダ名「アルファ?電算」から付けた名前が同じです）。別の --out を指定するか、上書きしてよければ --force を付けてください\n")
    res = run("spec", "template", "介護保険", "--answers", home / "a.xlsx")  # the same vendor's, made again
    assert res.exit_code == 2 and "別のベンダ" not in res.stderr and "--force を付けてください" in res.stderr
    assert (home / form).read_bytes() == before
    long = answers(home, "c.xlsx", "アルファ電算" * 15 + "株式会社")
    res = run("spec", "template", "介護保険", "--answers", long)
    assert res.exit_code == 1 and res.stderr.endswith(
        ": 名前が長すぎます（ベンダ名から付けた名前です）。--out で短い名前を指定してください\n"), res.output
    assert run("spec", "template", "介護保険", "--answers", long, "--out", "c社.xlsx").exit_code == 0


def test_the_vendors_named_when_their_forms_share_a_name_stay_on_the_line_isolated(home: Path):
    """The two names come from the vendors' sheets: an override or a line break there reordered or split the line."""
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    assert run("spec", "template", "介護保険", "--answers", answers(home, "a.xlsx", "ア\u202eルファ:電算")).exit_code == 0
    res = run("spec", "template", "介護保険", "--answers", answers(home, "b.xlsx", "ア\u202eルファ?電算"))
    assert res.exit_code == 2 and "別のベンダ「\u2068ア\u202eルファ:電算\u2069」のものです（ベンダ名「\u2068ア\u202eルファ?電算\u2069」" \
        in res.stderr, res.stderr


def test_the_time_limit_while_reading_the_form_there_is_told_as_such_not_as_the_form_being_there(
        home: Path, monkeypatch: pytest.MonkeyPatch):
    """The existing form is read for the vendor it names: the run's time limit there (HYOJUN_MAX_SECONDS) was caught
    as a form check cannot read, and said 「既にあります」."""
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    assert run("spec", "template", "介護保険", "--answers", answers(home, "a.xlsx", "アルファ:電算")).exit_code == 0
    form = home / "介護保険_第6.0版_回答様式_アルファ_電算.xlsx"
    real = check_run.read_answers

    def read_answers(files, *args, **kwargs):
        if [Path(f).name for f in files] == [form.name]:  # the form there, not the vendor's answers
            raise TimeLimitError("処理が時間の上限を超えました")
        return real(files, *args, **kwargs)

    monkeypatch.setattr(check_run, "read_answers", read_answers)
    res = run("spec", "template", "介護保険", "--answers", answers(home, "b.xlsx", "アルファ?電算"))
    assert res.exit_code == 1 and res.stderr == "エラー: 処理が時間の上限を超えました\n", res.output


def test_a_changed_requirement_answered_twice_is_asked_as_both_and_counted_as_check_counts_it(home: Path):
    """The difforacle review: a requirement whose class changed, answered in a second row with a 備考 added, was asked
    as 回答重複 alone (the vendor kept ○, which now meant something else), and the sheet said 再確認 one less than check
    did for the same file."""
    _answered_v10(home, "回答.xlsx", ["○"])
    wb = openpyxl.load_workbook(home / "回答.xlsx")
    ws = wb["機能要件"]
    row = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "0010003")  # 標準オプション → 実装必須 in 第1.1版
    ws.append([c.value for c in row[:-1]] + ["第2回提出で備考を追記"])
    wb.save(home / "回答.xlsx")
    result = json.loads(run("check", home / "回答.xlsx", "--spec", "住民記録", "--json", "-").stdout)
    reconfirm = len(result["carryover"]["reconfirm"])
    res = run("spec", "template", "住民記録", "--answers", home / "回答.xlsx", "--out", home / "様式.xlsx")
    assert res.exit_code == 0, res.output
    assert f"（再確認 {reconfirm}、新しい要件 10、回答重複 1。うち 1 件は理由が 2 つあり、両方に数えています）" in res.stdout
    wb = openpyxl.load_workbook(home / "様式.xlsx")
    header = [c.value for c in wb["機能要件"][4]]
    rows = {r[0]: dict(zip(header, r)) for r in wb["機能要件"].iter_rows(min_row=5, values_only=True)}
    assert rows["0010003"]["回答が必要な理由"] == "回答重複（備考が違う）・再確認（区分変更）"
    guide = "\n".join(str(c.value) for c in wb["記入方法"]["A"] if c.value)
    assert f"再確認 {reconfirm} 件、新しい要件 10 件、回答重複 1 件。うち 1 件は理由が 2 つあり、両方に数えています" in guide
