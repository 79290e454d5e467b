"""`hyojun spec diff` and `hyojun spec history`: outputs, formats, stored versions and errors."""

import csv
import datetime
import io
import re
import shlex
import json
from html.parser import HTMLParser

import openpyxl
from click.testing import CliRunner

from checker.cli import cli
from checker.schemas import validate
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_SPEC, SHUGAKU_FORM, SHUGAKU_FUNC, SPECS, VENDOR

VENDOR_V11 = VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx"

TRUTH = json.loads((SPECS / "住民記録_第1.1版_changes.json").read_text("utf-8"))
STEM = "住民記録_第1.0版-第1.1版_差分"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


class _Collect(HTMLParser):
    """Tags, attributes and text of an HTML report (assert on structure, not bytes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "link", "input", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        for t in set(self.stack):
            self.text.setdefault(t, []).append(data)


def test_diff_writes_html_xlsx_json_that_agree_with_the_truth(home):
    res = run("spec", "diff", JUMIN_V10, JUMIN_V11)
    assert res.exit_code == 0, res.output
    paths = [home / "reports" / f"{STEM}.{ext}" for ext in ("html", "xlsx", "json")]
    assert res.output.splitlines()[1:] == [str(p.relative_to(home)) for p in paths]
    # the flagged class changes (→実装必須機能, →実装不可機能) are a part of the class changes: they follow their count
    assert ("追加 10、削除 5、本文変更 12、名称変更 0、区分変更 6（うち 標準オプション機能→実装必須機能 3、→実装不可機能 1）、種別変更 0、"
            "分類名の変更 0 分類、移動 0、番号変更の可能性 0\n") in res.output

    doc = json.loads(paths[2].read_text("utf-8"))
    validate(doc, "specdiff", source="test")
    for key in ("added", "removed", "text_changed"):  # the sample pair is of 機能要件 only
        assert doc[key] == [{"id": a["id"], "kind": "function"} for a in TRUTH[key]]
    assert doc["class_changed"] == [{"id": a["id"], "kind": "function", "from": a["from"], "to": a["to"], "from_note": "",
                                     "to_note": ""} for a in TRUTH["class_changed"]]
    assert doc["renumbered"] == [] and doc["moved"] == []

    wb = openpyxl.load_workbook(paths[1])
    assert wb.sheetnames == ["概要", "追加", "削除", "本文変更", "名称変更", "区分変更", "種別変更", "分類名の変更", "移動", "番号変更の可能性"]
    summary = [r[0] for r in wb["概要"].iter_rows(values_only=True)]
    made = next(r[1] for r in wb["概要"].iter_rows(values_only=True) if r[0] == "作成日時")
    assert isinstance(made, datetime.datetime)  # a date-time cell, as in the other workbooks (not ISO text)
    at = summary.index("件数: 区分変更")
    assert summary[at + 1:at + 3] == ["うち 標準オプション機能→実装必須機能", "うち 実装不可機能への変更"]
    assert {ws.oddHeader.center.text for ws in wb} == {"住民記録 第1.0版 → 第1.1版 仕様書の差分"}
    added = list(wb["追加"].iter_rows(values_only=True))
    assert added[0][:2] == ("ID", "種別") and [{"id": r[0], "kind": "function"} for r in added[1:]] == doc["added"]
    classes = list(wb["区分変更"].iter_rows(values_only=True))
    # 実装区分, not a bare 区分 (which the scores' breakdown also uses, for what a row is scored as)
    assert classes[0] == ("ID", "種別", "項番・分類", "名称", "旧実装区分", "新実装区分", "標準オプション機能→実装必須機能",
                          "実装不可機能への変更")
    assert [r[0] for r in classes[1:] if r[-2] == "該当"] == ["0010003", "0010140", "0010173"]
    assert [r[0] for r in classes[1:] if r[-1] == "該当"] == ["0010169"]  # optional → prohibited: ○ is now a violation
    text = {r[0]: r[6] for r in wb["本文変更"].iter_rows(min_row=2, values_only=True)}
    assert text["0010001"].count("【削除:") == 1 and "【追加:" not in text["0010001"]
    # its 61 lines, the edit on the last: the 差分 cell shows the edit and where it is, the 旧本文・新本文 cells all
    assert text["0010001"].startswith("（旧 60〜61 行目・新 60 行目）\n") and text["0010001"].count("\n") == 2
    full = {r[0]: r[7:9] for r in wb["本文変更"].iter_rows(min_row=2, values_only=True)}
    assert full["0010001"][0].count("\n") == 60

    html = _Collect()
    html.feed(paths[0].read_text("utf-8"))
    assert any(t == "main" for t, _ in html.tags) and any(t == "nav" for t, _ in html.tags)
    assert sum(1 for t, _ in html.tags if t == "ins") >= 9 and any(t == "del" for t, _ in html.tags)
    assert "追加" in html.text["ins"][0] and "削除" in html.text["del"][0]
    assert all(a.get("scope") in ("col", "row") for t, a in html.tags if t == "th")
    alert_rows = [a for t, a in html.tags if t == "tr" and a.get("class") == "row-alert"]
    assert len(alert_rows) == 4
    assert any("標準オプション機能→実装必須機能" in s for s in html.text["strong"])
    assert any("標準オプション機能→実装不可機能" in s for s in html.text["strong"])
    assert not any(v and ("http:" in v or "https:" in v) for _, a in html.tags for v in a.values())


def test_diff_format_and_out_and_stored_refs(home):
    assert run("spec", "import", JUMIN_V10).exit_code == 0
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    res = run("spec", "diff", "住民記録@第1.0版", "住民基本台帳@第1.1版", "--out", "x", "--format", "json")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (home / "x").iterdir()) == [f"{STEM}.json"]
    doc = json.loads((home / "x" / f"{STEM}.json").read_text("utf-8"))
    assert doc["counts"]["unchanged"] == TRUTH["counts"]["unchanged"]
    stored = home / "specs" / "住民記録" / "第1.0版.json"
    res = run("spec", "diff", stored, JUMIN_V11, "--format", "json", "--out", "y")
    assert res.exit_code == 0 and json.loads((home / "y" / f"{STEM}.json").read_text("utf-8"))["added"] == doc["added"]


def test_diff_errors_are_messages(home):
    for args, code in ((["spec", "diff", JUMIN_V10, KAIGO_SPEC], 2),
                       (["spec", "diff", JUMIN_V10, JUMIN_V11, "--format", "pdf"], 2),
                       (["spec", "diff", "住民記録@第1.0版", JUMIN_V11], 1)):
        res = run(*args)
        assert res.exit_code == code, res.output
        assert res.output.startswith("エラー: ") and "Traceback" not in res.output
    assert not (home / "reports").exists()


def test_history_lists_versions_with_change_summary(home):
    empty = run("spec", "history", "住民記録")
    assert empty.exit_code == 0 and "取り込まれていません" in empty.output
    run("spec", "import", JUMIN_V11)
    run("spec", "import", JUMIN_V10)
    res = run("spec", "history", "住民基本台帳", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    validate(data, "spec_list", source="test")
    assert [(e["version"], e["requirements"], e["previous"]) for e in data] == [
        ("第1.0版", 197, None), ("第1.1版", 202, "第1.0版")]
    assert data[0]["changes"] is None
    assert data[1]["changes"] == {"added": 10, "removed": 5, "text_changed": 12, "name_changed": 0, "class_changed": 6,
                                  "kind_changed": 0, "renamed_headings": 0, "moved": 0, "renumbered": 0, "unchanged": 174,
                                  "optional_to_mandatory": 3, "to_prohibited": 1}
    assert (data[1]["mandatory"], data[1]["optional"], data[1]["prohibited"]) == (135, 19, 48)
    lines = run("spec", "history", "住民記録").output.splitlines()
    assert len(lines) == 2 and "最初に取り込んだ版" in lines[0]
    # the counts as spec list words them: 実装必須機能, not 実装必須
    listed = run("spec", "list").output.splitlines()
    assert [ln.split("\t")[:3] for ln in lines] == [ln.split("\t") for ln in listed]
    assert "（機能要件 197／実装必須機能 132、標準オプション機能 18、実装不可機能 47）" in lines[0]
    assert (data[0]["function"], data[0]["form"]) == (197, 0)
    assert "第1.0版 から: 追加 10、削除 5" in lines[1] and "区分変更 6（うち 標準オプション機能→実装必須機能 3、→実装不可機能 1）、種別変更 0" in lines[1]
    assert run("spec", "history", "存在しない業務").exit_code == 1


def test_a_side_of_two_files_and_the_warning_when_one_is_missing(home):
    from tests.conftest import SHUGAKU_FORM, SHUGAKU_FUNC

    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM).exit_code == 0
    one = run("spec", "diff", "就学@第4.0版", SHUGAKU_FUNC, "--out", "one", "--format", "json,html")
    assert one.exit_code == 0, one.output
    assert "注意: 新版（第4.0版）に帳票要件が1件もないため、旧版の帳票要件 40 件がすべて「削除」" in one.output
    stem = "就学_第4.0版-第4.0版_差分"
    assert json.loads((home / "one" / f"{stem}.json").read_text("utf-8"))["warnings"][0].startswith("新版（第4.0版）に帳票要件")
    assert "帳票要件が1件もないため" in (home / "one" / f"{stem}.html").read_text("utf-8")
    both = run("spec", "diff", "--old", "就学@第4.0版", "--new", SHUGAKU_FUNC, "--new", SHUGAKU_FORM,
               "--out", "both", "--format", "json")
    assert both.exit_code == 0 and "注意" not in both.output, both.output
    doc = json.loads((home / "both" / f"{stem}.json").read_text("utf-8"))
    assert doc["removed"] == [] and doc["warnings"] == [] and doc["counts"]["unchanged"] == doc["old"]["requirements"]
    for args in (["就学@第4.0版", SHUGAKU_FUNC, "--new", SHUGAKU_FORM], ["就学@第4.0版"], ["--old", "就学@第4.0版"]):
        res = run("spec", "diff", *args)
        assert res.exit_code == 2 and res.output.startswith("エラー: "), res.output


def test_reversed_versions_are_warned_about(home):
    res = run("spec", "diff", JUMIN_V11, JUMIN_V10, "--format", "json")
    assert res.exit_code == 0
    assert "注意: 旧版（第1.1版）が新版（第1.0版）より新しい版です" in res.output


def test_outputs_inside_the_spec_store_are_refused_and_the_store_reads_only_version_files(home):
    assert run("spec", "import", JUMIN_V10).exit_code == 0
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    for args in (["spec", "diff", "住民記録@第1.0版", "住民記録@第1.1版", "--out", "specs/住民記録"],
                 ["check", VENDOR_V11, "--spec", "住民記録", "--out", "specs"]):
        res = run(*args)
        assert res.exit_code == 2 and "仕様書の保管場所" in res.output and "Traceback" not in res.output, res.output
    # A JSON saved there by other means (a diff, a copy) is not taken for a stored version.
    (home / "specs" / "住民記録" / "住民記録_第1.0版-第1.1版_差分.json").write_text("{}", "utf-8")
    assert run("spec", "history", "住民記録", "--json").exit_code == 0
    assert run("spec", "diff", "住民記録@第1.0版", "住民記録@第1.1版", "--format", "json").exit_code == 0


def test_a_stored_spec_without_its_sha256_is_a_message(home):
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    stored = home / "specs" / "住民記録" / "第1.1版.json"
    doc = json.loads(stored.read_text("utf-8"))
    del doc["sha256"]
    stored.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    res = run("check", VENDOR_V11, "--spec", "住民記録@第1.1版", "--format", "json")
    assert res.exit_code == 1 and res.output.startswith("エラー: ") and "sha256" in res.output, res.output
    assert "Traceback" not in res.output


def _v11_written_as(version: str):  # type: ignore[no-untyped-def]
    """The 住民記録 第1.1版 workbook with 第1.1版 written *version* wherever it says it (title, 改定履歴)."""
    wb = openpyxl.load_workbook(JUMIN_V11)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "第1.1版" in cell.value:
                    cell.value = cell.value.replace("第1.1版", version)
    return wb


def test_a_renamed_heading_is_said_once_in_diff_and_history_not_as_a_move_of_each_requirement(home, tmp_path):
    """The spec diff oracle review: 保険料賦課 renamed 保険料賦課等 in 介護保険 第6.1版 made 「移動 49」."""
    wb = openpyxl.load_workbook(KAIGO_SPEC)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "保険料賦課":  # the 大項目, merged over its 47 requirements
                    cell.value = "保険料賦課等"
                elif isinstance(cell.value, str) and "【第6.0版】" in cell.value:
                    cell.value = cell.value.replace("第6.0版", "第6.1版")
    renamed = tmp_path / "介護保険_第6.1版_機能・帳票要件.xlsx"
    wb.save(renamed)
    res = run("spec", "diff", KAIGO_SPEC, renamed, "--out", "d")
    assert res.exit_code == 0, res.output
    assert "種別変更 0、分類名の変更 1 分類、移動 0、番号変更の可能性 0\n" in res.output
    stem = "d/介護保険_第6.0版-第6.1版_差分"
    doc = json.loads((home / f"{stem}.json").read_text("utf-8"))
    validate(doc, "specdiff", source="test")
    (heading,) = doc["renamed_headings"]
    assert ({k: v for k, v in heading.items() if k != "ids"}, len(heading["ids"])) == (
        {"kind": "function", "level": 0, "parent": [], "from": "保険料賦課", "to": "保険料賦課等"}, 47)
    assert doc["moved"] == [] and doc["counts"]["unchanged"] == doc["old"]["requirements"] - 47  # nothing else changed
    wb = openpyxl.load_workbook(home / f"{stem}.xlsx")
    assert list(wb["分類名の変更"].iter_rows(values_only=True)) == [
        ("種別", "階層", "上位の分類", "旧名称", "新名称", "要件数"), ("機能要件", "大項目", None, "保険料賦課", "保険料賦課等", 47)]
    html = _Collect()
    html.feed((home / f"{stem}.html").read_text("utf-8"))
    assert "分類名の変更（1 分類）" in html.text["a"] and "移動（0 件）" in html.text["h2"]

    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    assert run("spec", "import", renamed).exit_code == 0
    data = json.loads(run("spec", "history", "介護保険", "--json").output)
    validate(data, "spec_list", source="test")
    assert (data[1]["changes"]["renamed_headings"], data[1]["changes"]["moved"]) == (1, 0)
    assert "種別変更 0、分類名の変更 1 分類、移動 0" in run("spec", "history", "介護保険").output


def test_a_spec_file_without_a_version_points_diff_users_to_spec_import(home, tmp_path):
    nameless = tmp_path / "仕様 住民記録_機能要件.xlsx"  # pasted as printed, its name is one argument
    _v11_written_as("新版").save(nameless)
    res = run("spec", "diff", JUMIN_V10, nameless)
    assert res.exit_code == 1 and "版を判定できません" in res.output, res.output
    assert f"`hyojun spec import \"{nameless}\"` の --version で取り込み、業務名@版" in res.output


def test_check_says_which_version_was_answered_and_what_to_re_confirm(home, tmp_path):
    assert run("spec", "import", JUMIN_V10).exit_code == 0
    res = run("check", VENDOR_V11, "--spec", JUMIN_V11, "--answered-version", "第1.0版", "--out", tmp_path,
              "--format", "json,html")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / f"{VENDOR_V11.stem}.json").read_text("utf-8"))
    # the printed report says what was specified, the option only in brackets (it said 「--answered-version の指定」)
    html = (tmp_path / f"{VENDOR_V11.stem}.html").read_text("utf-8")
    assert "（版の根拠: 指定した回答の版（--answered-version））" in html and "の指定）" not in html
    n = doc["carryover"]["counts"]
    assert (f"  回答は 第1.0版 に対するもの（--answered-version の指定）: 再確認 {n['reconfirm']} 件、"
            f"削除された要件への回答 {n['orphaned']} 件、新しい要件（未回答） {n['new_unanswered']} 件") in res.output
    # the sheet's title says 第1.1版: the option wins, and the report says so
    assert any(f["code"] == "answered-version-differs" for f in doc["lint"])
    plain = run("check", VENDOR_V11, "--spec", JUMIN_V11, "--out", tmp_path / "plain", "--format", "json")
    assert "回答は" not in plain.output
    # a malformed version is a usage error (exit 2), said once before any file is read (it was exit 1, once per file)
    wrong = run("check", VENDOR_V11, tmp_path / "nonexistent.xlsx", "--spec", JUMIN_V11, "--answered-version", "R6",
                "--out", tmp_path / "wrong", "--format", "json")
    assert wrong.exit_code == 2 and wrong.output.count("--answered-version R6: 版は「第1.0版」または「1.0」の形で") == 1, wrong.output
    assert "nonexistent" not in wrong.output


def test_rows_of_a_check_against_another_version_say_what_to_re_confirm(home, tmp_path):
    assert run("spec", "import", JUMIN_V10).exit_code == 0
    wb = openpyxl.load_workbook(VENDOR_V11)
    ws = wb.worksheets[0]
    added = TRUTH["added"][0]["id"]  # the vendor leaves out one requirement new in 第1.1版
    ws.delete_rows(next(c.row for row in ws.iter_rows() for c in row if c.value == added))
    vendor = tmp_path / VENDOR_V11.name
    wb.save(vendor)
    res = run("check", vendor, "--spec", JUMIN_V11, "--answered-version", "第1.0版", "--out", tmp_path / "out",
              "--format", "json,csv,xlsx,html")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / f"{VENDOR_V11.stem}.json").read_text("utf-8"))
    want = {r["id"]: r for r in doc["carryover"]["reconfirm"]}
    new = {r["id"] for r in doc["carryover"]["new_unanswered"]}
    assert want and new == {added}
    ws = openpyxl.load_workbook(tmp_path / "out" / f"{VENDOR_V11.stem}.xlsx")["要件別結果"]
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("再確認（版の変更）")
    marked = {r[0]: r[col] for r in rows[1:] if r[col]}
    assert {i for i, v in marked.items() if v != "新しい要件"} == set(want)
    assert {i for i, v in marked.items() if v == "新しい要件"} == new
    class_changed = [i for i, r in want.items() if "class" in r["reasons"]]
    assert class_changed and all("区分変更" in marked[i] for i in class_changed)
    csv_text = (tmp_path / "out" / f"{VENDOR_V11.stem}.csv").read_text("utf-8-sig")
    assert "再確認（版の変更）" in csv_text.splitlines()[0]
    html = (tmp_path / "out" / f"{VENDOR_V11.stem}.html").read_text("utf-8")
    assert "再確認が必要な行だけ表示" in html and "第1.0版からの変更" in html
    # a check of answers to the checked version has no such column
    plain = run("check", vendor, "--spec", JUMIN_V11, "--out", tmp_path / "plain", "--format", "csv,html")
    assert plain.exit_code == 0, plain.output
    assert "再確認（版の変更）" not in (tmp_path / "plain" / f"{VENDOR_V11.stem}.csv").read_text("utf-8-sig")
    assert "再確認が必要な行だけ表示" not in (tmp_path / "plain" / f"{VENDOR_V11.stem}.html").read_text("utf-8")


def _with_transitional_measure(folder):  # type: ignore[no-untyped-def]
    """住民記録 第1.2版: 第1.1版 with 0010001's 実装区分 written 実装必須機能（経過措置）."""
    wb = _v11_written_as("第1.2版")
    assert wb["機能要件"]["C4"].value == "0010001" and wb["機能要件"]["E4"].value == "実装必須機能"
    wb["機能要件"]["E4"].value = "実装必須機能（経過措置）"
    path = folder / "住民記録_第1.2版_機能要件.xlsx"
    wb.save(path)
    return path


def test_a_transitional_measure_added_is_a_class_change_in_diff_history_and_re_confirmation(home, tmp_path):
    v12 = _with_transitional_measure(tmp_path)
    res = run("spec", "diff", JUMIN_V11, v12, "--format", "json,xlsx")
    assert res.exit_code == 0, res.output
    assert "区分変更 1" in res.output
    stem = "住民記録_第1.1版-第1.2版_差分"
    doc = json.loads((home / "reports" / f"{stem}.json").read_text("utf-8"))
    validate(doc, "specdiff", source="test")
    assert doc["class_changed"] == [{"id": "0010001", "kind": "function", "from": "mandatory", "to": "mandatory",
                                     "from_note": "", "to_note": "経過措置"}]
    sheet = list(openpyxl.load_workbook(home / "reports" / f"{stem}.xlsx")["区分変更"].values)
    assert [(r[0], r[-4], r[-3]) for r in sheet[1:]] == [("0010001", "実装必須機能", "実装必須機能（経過措置）")]

    assert run("spec", "import", JUMIN_V11).exit_code == 0
    assert run("spec", "import", v12).exit_code == 0
    history = json.loads(run("spec", "history", "住民記録", "--json").output)
    assert history[-1]["changes"]["class_changed"] == 1
    res = run("check", VENDOR_V11, "--spec", "住民記録@第1.2版", "--answered-version", "第1.1版", "--out", tmp_path / "out",
              "--format", "json")
    assert res.exit_code == 0, res.output
    result = json.loads((tmp_path / "out" / f"{VENDOR_V11.stem}.json").read_text("utf-8"))
    validate(result, "result", source="test")
    assert [(r["id"], r["reasons"], r["class_note_to"]) for r in result["carryover"]["reconfirm"]] == [
        ("0010001", ["class"], "経過措置")]


def _script_json(html: str, attribute: str):  # type: ignore[no-untyped-def]
    """The data of a report's <script type="application/json" *attribute*> (the first: report.js quotes the tag)."""
    found = re.search(f'<script type="application/json" {attribute}>(.*?)</script>', html, re.S)
    assert found, attribute
    return json.loads(found.group(1))


def test_check_and_compare_show_the_class_with_its_transitional_measure(home, tmp_path):
    """Every output of check and compare says 実装必須機能（経過措置）, not the bare class: the committee tells from the
    table which 移行後対応 answers a 経過措置 allows."""
    v12, noted = _with_transitional_measure(tmp_path), "実装必須機能（経過措置）"
    res = run("check", VENDOR_V11, "--spec", v12, "--out", tmp_path / "check", "--format", "json,csv,xlsx,html")
    assert res.exit_code == 0, res.output
    out = {x: tmp_path / "check" / f"{VENDOR_V11.stem}.{x}" for x in ("json", "csv", "xlsx", "html")}
    doc = json.loads(out["json"].read_text("utf-8"))
    validate(doc, "result", source="test")
    notes = {r["id"]: r["class_note"] for r in doc["rows"]}
    assert notes["0010001"] == "経過措置" and notes["0010002"] == ""
    header, *rows = csv.reader(io.StringIO(out["csv"].read_text("utf-8-sig"), newline=""))
    col = header.index("実装区分")
    shown = {r[0]: r[col] for r in rows}
    assert (shown["0010001"], shown["0010002"]) == (noted, "実装必須機能")
    sheet = list(openpyxl.load_workbook(out["xlsx"])["要件別結果"].values)
    assert {r[0]: r[col] or "" for r in sheet[1:]} == shown  # an id the spec lacks: no class, an empty cell
    table = _script_json(out["html"].read_text("utf-8"), "data-hy-config")
    html_rows = [dict(zip(table["fields"], r)) for r in table["rows"]]
    assert {(r["cls"], r["cls_label"]) for r in html_rows if r["id"] == "0010001"} == {("mandatory", noted)}

    mihon = VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"
    res = run("compare", "--spec", v12, VENDOR_V11, mihon, "--out", tmp_path / "cmp", "--format", "json,xlsx,html")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "cmp" / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="test")
    [area] = doc["areas"]
    assert {(r["id"], r["class"], r["class_note"]) for r in area["rows"] if r["id"] in ("0010001", "0010002")} == {
        ("0010001", "mandatory", "経過措置"), ("0010002", "mandatory", "")}
    sheet = list(openpyxl.load_workbook(tmp_path / "cmp" / "compare.xlsx")["住民記録"].values)
    col = sheet[0].index("実装区分")
    assert {r[0]: r[col] for r in sheet[1:] if r[0] in ("0010001", "0010002")} == {
        "0010001": noted, "0010002": "実装必須機能"}
    matrix = _script_json((tmp_path / "cmp" / "compare.html").read_text("utf-8"), 'id="data-area-1"')
    assert [r[3] for r in matrix["rows"] if r[0] == "0010001"] == [noted]


def test_a_stored_version_without_its_forms_is_to_be_imported_again_and_history_says_so(home, tmp_path):
    import dataclasses

    from checker.spec_store import resolve_spec, save_spec
    from tests.conftest import SHUGAKU_FORM, SHUGAKU_FUNC

    assert run("spec", "import", SHUGAKU_FUNC).exit_code == 0  # 第4.0版 without its 帳票要件 file
    save_spec(dataclasses.replace(resolve_spec([str(SHUGAKU_FUNC), str(SHUGAKU_FORM)]), version="第4.1版"))
    advice = (f"第4.0版 を両方のファイルで取り込み直してください（hyojun spec import {SHUGAKU_FUNC.name} 帳票要件のファイル "
              "--replace）。取り込み直さずに比べるなら、両方の Excel ファイルを指定して比較し直してください（hyojun spec diff の --old を2回指定）")
    res = run("spec", "diff", "就学@4.0", "就学@4.1", "--format", "json,html,xlsx")
    assert res.exit_code == 0, res.output
    assert "注意: 旧版（第4.0版）に帳票要件が1件もないため、新版の帳票要件 40 件がすべて「追加」" in res.output and advice in res.output
    out = {ext: home / "reports" / f"就学_第4.0版-第4.1版_差分.{ext}" for ext in ("json", "html", "xlsx")}
    (warning,) = json.loads(out["json"].read_text("utf-8"))["warnings"]
    assert advice in warning and advice in out["html"].read_text("utf-8")
    assert ("注意", warning) in openpyxl.load_workbook(out["xlsx"])["概要"].values
    # spec history compares the same stored versions: the same 注意
    history = run("spec", "history", "就学")
    assert history.exit_code == 0 and f"注意: {warning}" in history.output
    assert [e["warnings"] for e in json.loads(run("spec", "history", "就学", "--json").output)] == [[], [warning]]

    # a stored version and a workbook make no side: the message names the option given
    mixed = run("spec", "diff", "--old", "就学@4.0", "--old", SHUGAKU_FORM, "--new", "就学@4.1")
    assert mixed.exit_code == 2 and mixed.output.startswith(f"エラー: --old 就学@4.0 {SHUGAKU_FORM}: 仕様書として扱えません")
    assert "--spec" not in mixed.output and "Excel ファイルだけです" in mixed.output
    (tmp_path / "memo.txt").write_text("x", "utf-8")
    positional = run("spec", "diff", tmp_path / "memo.txt", "就学@4.1")
    assert positional.exit_code == 1 and positional.output.startswith(f"エラー: OLD {tmp_path / 'memo.txt'}: "), positional.output

    # the advice works
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM, "--replace").exit_code == 0
    assert "注意" not in run("spec", "diff", "就学@4.0", "就学@4.1", "--format", "json").output
    assert [e["warnings"] for e in json.loads(run("spec", "history", "就学", "--json").output)] == [[], []]


def _answers_to_v10(folder):  # type: ignore[no-untyped-def]
    """An answer sheet to 第1.0版 whose title and file name name no version, with one answer that is no symbol."""
    from checker.io.spec_reader import read_spec

    wb = openpyxl.Workbook()
    wb.active.append(["機能ID", "対応可否"])
    for i, r in enumerate(read_spec([JUMIN_V10]).requirements):
        wb.active.append([r.id, "要確認" if i == 0 else "○"])
    path = folder / "住民記録 回答（株式会社ミライ情報）.xlsx"
    wb.save(path)
    return path


def _finding(f):  # type: ignore[no-untyped-def]
    return f["level"], f["code"], f["cell"], f["message"]


def _unknown_id_messages(findings):  # type: ignore[no-untyped-def]
    return sorted(f["message"] for f in findings if f["code"] == "unknown-id")


def test_lint_infers_the_version_answered_as_check_does_and_explains_the_same_rows_alike(home, tmp_path):
    assert run("spec", "import", JUMIN_V10).exit_code == 0 and run("spec", "import", JUMIN_V11).exit_code == 0
    vendor = _answers_to_v10(tmp_path)
    checked = json.loads(run("check", vendor, "--spec", "住民記録", "--json", "-").stdout)
    out = tmp_path / "差し戻し.xlsx"
    linted = run("lint", vendor, "--spec", "住民記録", "--xlsx", out)
    assert linted.exit_code == 1, linted.output  # the 要確認
    removed = [r["id"] for r in TRUTH["removed"]]
    assert f"{removed[0]} は 第1.0版 にあり、第1.1版 で削除された機能IDです" in linted.output
    assert "別の版への回答の可能性" not in linted.output  # it said so, where check said the id was removed
    assert "回答は 第1.0版 に対するもの（仕様書にないIDが旧版の要件と一致）。版の違いによる再確認の一覧は hyojun check で作れます" in linted.output
    doc = json.loads(run("lint", vendor, "--spec", "住民記録", "--json").output)
    validate(doc, "lint", source="test")
    assert doc["answered_version"] == {"version": "第1.0版", "basis": "unknown_ids"}
    assert len(_unknown_id_messages(doc["findings"])) == len(removed) == 5
    # every finding alike
    assert sorted(map(_finding, doc["findings"])) == sorted(map(_finding, checked["lint"]))
    cover = dict(openpyxl.load_workbook(out)["概要"].iter_rows(min_row=2, values_only=True))
    assert cover["回答した版"] == "第1.0版（仕様書にないIDが旧版の要件と一致）"
    # without a spec there is no version to compare with
    assert json.loads(run("lint", vendor, "--json").output)["answered_version"] is None


def test_an_id_in_neither_version_is_told_to_the_vendor_as_a_possible_mistype(home, tmp_path):
    assert run("spec", "import", JUMIN_V10).exit_code == 0 and run("spec", "import", JUMIN_V11).exit_code == 0
    vendor = _answers_to_v10(tmp_path)
    wb = openpyxl.load_workbook(vendor)
    wb.active.append(["0019999", "○"])
    wb.save(vendor)
    said = "0019999 は 第1.0版 にも 第1.1版 にもないIDです（誤記の可能性があります。IDを確かめてください）"
    out = tmp_path / "差し戻し.xlsx"
    linted = run("lint", vendor, "--spec", "住民記録", "--xlsx", out)
    assert said in linted.output and said in _cell_texts(out)
    checked = json.loads(run("check", vendor, "--spec", "住民記録", "--json", "-").stdout)
    assert said in _unknown_id_messages(checked["lint"])
    # told the answers are to the checked version: only that one to look in, the other version stays a guess
    told = json.loads(run("lint", vendor, "--spec", "住民記録", "--answered-version", "1.1", "--json").output)
    assert "0019999 は 住民記録 第1.1版 にないIDです（別の版への回答の可能性があります）" in _unknown_id_messages(told["findings"])


# the 第2.0版 _store_v20 makes from 第1.1版: without an id of 第1.0版 and 第1.1版, without one 第1.1版 added, and
# with one of their options renumbered
KEPT, ADDED, RENUMBERED, RENUMBERED_TO = "0010002", "0010198", "0010170", "0010299"


def _store_v20():  # type: ignore[no-untyped-def]
    """第1.0版 and 第1.1版 imported, and a 第2.0版 after them stored."""
    from dataclasses import replace

    from checker.io.spec_reader import read_spec
    from checker.spec_store import save_spec, with_digest

    assert run("spec", "import", JUMIN_V10).exit_code == 0 and run("spec", "import", JUMIN_V11).exit_code == 0
    v11 = read_spec([JUMIN_V11])
    save_spec(with_digest(replace(v11, version="第2.0版", requirements=tuple(
        replace(r, id=RENUMBERED_TO) if r.id == RENUMBERED else r for r in v11.requirements if r.id not in (KEPT, ADDED)))))


def test_an_id_removed_versions_before_the_checked_one_is_said_gone_where_it_went(home, tmp_path):
    """Review "chain", findings 3 and 7: answers to 第1.0版 checked against 第2.1版 said 「0010128 は 第1.0版 にあり、
    第2.1版 で削除された機能IDです」 though 第1.1版 removed it, and 「誤記の可能性」 of an id only 第2.0版 had. The
    差し戻し workbook, lint and the check's reports say it alike."""
    _store_v20()
    vendor = _answers_to_v10(tmp_path)
    wb = openpyxl.load_workbook(vendor)
    wb.active.append([ADDED, "○"])  # a row of the 第1.1版 sheet
    wb.save(vendor)
    answered = "（回答は 第1.0版 に対するもの）"
    said = sorted([f"{i} は 第1.0版 にあり、第1.1版 で削除された機能IDです{answered}" for i in (r["id"] for r in TRUTH["removed"])]
                  + [f"{KEPT} は 第1.0版 にあり、第2.0版 で削除された機能IDです{answered}",
                     f"{RENUMBERED} は 第1.0版 にあり、第2.0版 で削除された機能IDです（回答は 第1.0版 に対するもの。"
                     f"番号変更の可能性: {RENUMBERED_TO}）",
                     f"{ADDED} は 第1.0版 にも 第2.0版 にもない、第1.1版 の機能IDです（別の版の回答の行が混じっていないか確かめてください）"])
    out = tmp_path / "差し戻し.xlsx"
    linted = run("lint", vendor, "--spec", "住民記録@第2.0版", "--xlsx", out)
    assert all(m in linted.output for m in said), linted.output
    assert set(said) <= set(_cell_texts(out))
    assert _unknown_id_messages(json.loads(run("lint", vendor, "--spec", "住民記録@第2.0版", "--json").output)["findings"]) == said
    res = run("check", vendor, "--spec", "住民記録@第2.0版", "--out", tmp_path / "o", "--format", "json,html,xlsx")
    assert res.exit_code == 0, res.output
    assert _unknown_id_messages(json.loads((tmp_path / "o" / f"{vendor.stem}.json").read_text("utf-8"))["lint"]) == said
    html = (tmp_path / "o" / f"{vendor.stem}.html").read_text("utf-8")
    assert all(m in html for m in said) and set(said) <= set(_cell_texts(tmp_path / "o" / f"{vendor.stem}.xlsx"))


def test_a_profile_for_another_version_with_errors_keeps_its_note_and_names_a_renumbered_option(home, tmp_path):
    """Review "chain", finding 5: the 注意 that the profile was written for another version (or one not imported) was
    dropped when the profile had errors, and an option the checked version renumbered got no hint."""
    _store_v20()
    vendor = _answers_to_v10(tmp_path)
    prof = tmp_path / "p.yaml"
    gone = f"  - {RENUMBERED}: 住民記録 第2.0版 にない機能IDです"
    for version, why, note in (
            ("1.1", f"（第1.1版 では標準オプション機能。番号変更の可能性: {RENUMBERED_TO}）", ""),
            ("第1.5版", "", "（第1.5版 は取り込まれていないため、誤りが版の変更によるものかは示せません）")):
        prof.write_text(f'municipality: 町\narea: 住民記録\nspec_version: "{version}"\nrequired_options:\n'
                        f'  - id: "{RENUMBERED}"\n', encoding="utf-8")
        res = run("check", vendor, "--spec", "住民記録@第2.0版", "--profile", prof, "--json", "-")
        assert res.exit_code == 1 and res.output.splitlines() == [
            f"エラー: {prof}: 求める標準オプション機能に誤りが 1 件あります", gone + why,
            f"  - 注意: プロファイルは {'第1.1版' if version == '1.1' else version} に対するものです（仕様書は 第2.0版）。"
            f"求める標準オプション機能が新しい版でも同じか確かめてください{note}"], res.output


def test_a_sheet_per_area_workbook_is_checked_on_its_areas_sheet(home, tmp_path):
    """Finding 5 of the joint procurement review: a 介護保険 sheet beside the 住民記録 one gave 「…は 第1.0版 にも 第1.1版
    にもないIDです（誤記の可能性…）」 for each of its correct ids, in the list sent back to the vendor."""
    assert run("spec", "import", JUMIN_V10).exit_code == 0 and run("spec", "import", JUMIN_V11).exit_code == 0
    vendor = _answers_to_v10(tmp_path)
    wb = openpyxl.load_workbook(vendor)
    wb.active.title = "住民記録"
    wb.active.append(["0230103", "○"])  # a 介護保険 row pasted into the 住民記録 sheet
    kaigo = wb.create_sheet("介護保険")
    for row in (["機能ID", "対応可否"], ["0230101", "○"], ["0230102", "×"]):
        kaigo.append(row)
    wb.save(vendor)
    doc = json.loads(run("lint", vendor, "--spec", "住民記録", "--json").output)
    assert doc["answered_version"] == {"version": "第1.0版", "basis": "unknown_ids"}
    removed = [r["id"] for r in TRUTH["removed"]]
    assert _unknown_id_messages(doc["findings"]) == sorted(
        [f"{i} は 第1.0版 にあり、第1.1版 で削除された機能IDです（回答は 第1.0版 に対するもの）" for i in removed]
        + ["0230103 は 介護保険 のIDです（住民記録 の要件ではありません。別の業務の行が紛れていないか確かめてください）"])
    assert [(f["level"], f["cell"], f["message"]) for f in doc["findings"] if f["code"] == "other-area-sheet"] == [
        ("info", "介護保険!A1", "シート「介護保険」は 介護保険 の回答です（住民記録 のチェックでは読みません）")]
    checked = json.loads(run("check", vendor, "--spec", "住民記録", "--json", "-").stdout)
    assert checked["summary"]["unknown_ids"] == len(removed) + 1
    assert _unknown_id_messages(checked["lint"]) == _unknown_id_messages(doc["findings"])


def test_the_lint_command_check_suggests_carries_its_answered_version(home, tmp_path):
    assert run("spec", "import", JUMIN_V10).exit_code == 0 and run("spec", "import", JUMIN_V11).exit_code == 0
    vendor = _answers_to_v10(tmp_path)
    # told the answers are to the checked version: check does not carry them over, and lint must not either
    res = run("check", vendor, "--spec", "住民記録", "--answered-version", "1.1", "--out", tmp_path / "o", "--format", "json")
    assert res.exit_code == 0, res.output
    suggested = re.search(r"または (hyojun lint .*)）$", res.output, re.M).group(1)
    assert suggested == f'hyojun lint "{vendor}" --spec 住民記録 --answered-version 第1.1版'
    checked = json.loads((tmp_path / "o" / f"{vendor.stem}.json").read_text("utf-8"))
    as_told = json.loads(run(*shlex.split(suggested)[1:], "--json").output)
    assert as_told["answered_version"] is None
    assert _unknown_id_messages(as_told["findings"]) == _unknown_id_messages(checked["lint"])
    assert all("別の版への回答の可能性" in m for m in _unknown_id_messages(as_told["findings"]))
    # without the option lint would have inferred 第1.0版 and explained the rows otherwise
    assert _unknown_id_messages(json.loads(run("lint", vendor, "--spec", "住民記録", "--json").output)["findings"]) != \
        _unknown_id_messages(as_told["findings"])
    plain = run("check", vendor, "--spec", "住民記録", "--out", tmp_path / "p", "--format", "json")
    assert "--answered-version" not in plain.output  # inferred: lint infers it alike


def test_lint_reads_answered_version_as_check_does(home, tmp_path):
    vendor = _answers_to_v10(tmp_path)
    alone = run("lint", vendor, "--answered-version", "第1.0版")
    assert alone.exit_code == 2 and "--answered-version は --spec と一緒に指定してください" in alone.output
    wrong = run("lint", vendor, "--spec", JUMIN_V11, "--answered-version", "R6")
    assert wrong.exit_code == 2 and "--answered-version R6: 版は「第1.0版」または「1.0」の形で" in wrong.output
    # a version given that is not stored stops lint as it stops check
    missing = run("lint", vendor, "--spec", JUMIN_V11, "--answered-version", "1.0")
    assert missing.exit_code == 1 and "--answered-version の指定（第1.0版）: " in missing.output
    assert run("spec", "import", JUMIN_V10).exit_code == 0
    given = json.loads(run("lint", vendor, "--spec", JUMIN_V11, "--answered-version", "1.0", "--json").output)
    assert given["answered_version"] == {"version": "第1.0版", "basis": "option"}


def _cell_texts(path):  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(path)
    return [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_the_workbook_sent_back_names_no_command_or_option_of_the_office(home, tmp_path):
    """The vendor read 「--answered-version の指定」 and was told to run `hyojun spec import`."""
    assert run("spec", "import", JUMIN_V10).exit_code == 0 and run("spec", "import", JUMIN_V11).exit_code == 0
    given = tmp_path / "given.xlsx"
    res = run("lint", VENDOR_V11, "--spec", "住民記録@第1.1版", "--answered-version", "第1.0版", "--xlsx", given)
    texts = _cell_texts(given)
    assert "回答した版の指定とファイルの版が違う" in texts and "第1.0版（団体が指定した版）" in texts
    assert ("団体が指定した版（第1.0版）への回答として確認しました。回答ファイル名には 第1.1版 と書かれています" in texts)
    assert "回答は 第1.0版 に対するもの（--answered-version の指定）" in res.output  # the office's console may say it
    # a version the office has not stored: the console says how to store it, the workbook does not
    v5 = tmp_path / "介護保険_回答.xlsx"
    wb = openpyxl.Workbook()
    for row in (["介護保険システム標準仕様書【第5.0版】 機能要件回答書"], ["機能ID", "対応可否"], ["0230101", "○"]):
        wb.active.append(row)
    wb.save(v5)
    not_stored = tmp_path / "not_stored.xlsx"
    res = run("lint", v5, "--spec", KAIGO_SPEC, "--xlsx", not_stored)
    assert "hyojun spec import で 第5.0版 を取り込むと hyojun check で作れます" in res.output
    texts = _cell_texts(not_stored)
    assert "回答は 介護保険 第5.0版 に対するもの（回答ファイルの表題に書かれた版）ですが、その版の仕様書がないため、" \
           "版の違いによる再確認の一覧は作っていません" in texts
    assert not [t for t in texts + _cell_texts(given) if "hyojun" in t or "--" in t or "`" in t]


# Mutation round 10 (second half): each test below failed on its mutant.
def test_a_side_given_as_a_workbook_is_not_told_to_be_imported_again(home):
    """Kills S03 (stored = (True, True)) and S04 (the two sides' stored flags swapped): the new side here is a
    workbook, so the advice is to name both workbooks, never to re-import 第4.0版 (it is stored with both kinds)."""
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM).exit_code == 0
    res = run("spec", "diff", "就学@第4.0版", SHUGAKU_FUNC, "--out", "one", "--format", "json")
    assert res.exit_code == 0, res.output
    assert "新版（第4.0版）に帳票要件が1件もないため" in res.output
    assert "取り込み直して" not in res.output, res.output
    assert "hyojun spec diff の --new を2回指定" in res.output


def test_what_reading_a_spec_workbook_passed_over_is_told_after_its_argument(home, tmp_path):
    """Kills S02 (the reading notes dropped) and S08 (the notes without the argument they concern)."""
    wb = openpyxl.load_workbook(JUMIN_V11)
    ws = wb["機能要件"]
    ws.append(["9.9.9", "IDのない要件", None, "IDのない要件の本文です。", "実装必須機能", None])
    edited = tmp_path / "住民記録_第1.1版_機能要件.xlsx"
    wb.save(edited)
    res = run("spec", "diff", JUMIN_V10, edited, "--out", "d", "--format", "json")
    assert res.exit_code == 0, res.output
    note = next((line for line in res.output.splitlines() if "機能ID/帳票IDがないため、取り込んでいません" in line), None)
    assert note is not None, res.output
    assert note.startswith(f"注意: {edited}: "), note
