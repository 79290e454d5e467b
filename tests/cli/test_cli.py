"""CLI tests with CliRunner: commands, outputs, exit codes, and errors without tracebacks."""

import csv
import errno
import io
import json
import re
import shlex
import shutil
from datetime import datetime, timedelta

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import InputError, command_arg
from checker.io.spec_reader import read_spec
from checker.normalize import ANSWER_LABELS
from checker.schemas import validate
from checker.spec_store import spec_to_json, with_digest
from tests.conftest import (FIXTURES, JUMIN_V10, JUMIN_V11, KAIGO_PROFILE, KAIGO_SPEC, OLD_OUTPUTS, ROOT, SHUGAKU_FORM,
                            SHUGAKU_FUNC,
                            VENDOR, texts_on_more_than_one_line, write_book)

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_areas_table_and_json():
    res = run("areas", "--json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert len(data) == 20 and data[0]["name"] == "住民記録" and "住民基本台帳" in data[0]["aliases"]
    # a bare list of the catalog's areas, each as areas.schema.json's areas[] (the schema is of areas.yaml)
    validate({"schema_version": 1, "areas": data}, "areas", source="test")
    table = run("areas").output
    assert "介護保険" in table and "標準化対象事務（20 業務）" in table  # a number and its unit apart, as 「20 件」


def test_areas_say_which_spec_a_latest_version_belongs_to():
    """就学 has two specs versioned apart: 第7.0版 is 就学援助's, not a version of 学齢簿編製等 (at 第4.0版 in the samples)."""
    data = {a["name"]: a for a in json.loads(run("areas", "--json").output)}
    assert data["就学"]["latest_version_of"] == "就学援助システム標準仕様書"
    assert data["介護保険"]["latest_version_of"] == ""
    table = CliRunner().invoke(cli, ["areas"], terminal_width=400).output
    assert "第7.0版（就学援助システム標準仕様書）" in table


def test_spec_import_list_show_idempotent(home):
    res = run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM)
    assert res.exit_code == 0, res.output
    stored = home / "specs" / "就学" / "第4.0版.json"
    before = stored.read_bytes()
    doc = json.loads(before)
    validate(doc, "spec", source="test")
    assert doc["counts"]["function"] == 258 and doc["counts"]["form"] == 40
    assert [s["file"] for s in doc["sources"]] == [SHUGAKU_FUNC.name, SHUGAKU_FORM.name]
    again = run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM)
    assert "変更なし" in again.output and stored.read_bytes() == before
    import openpyxl  # saved again (by Excel, say): other bytes, the same requirements

    resaved = home / SHUGAKU_FUNC.name
    openpyxl.load_workbook(SHUGAKU_FUNC).save(resaved)
    assert resaved.read_bytes() != SHUGAKU_FUNC.read_bytes()
    again = run("spec", "import", resaved, SHUGAKU_FORM)
    assert again.exit_code == 0 and "変更なし" in again.output and stored.read_bytes() == before
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    listed = json.loads(run("spec", "list", "--json").output)
    validate(listed, "spec_list", source="test")
    assert [(s["area"], s["version"]) for s in listed] == [("就学", "第4.0版"), ("介護保険", "第6.0版")]
    shown = run("spec", "show", "学齢簿編製@第4.0版")
    assert shown.exit_code == 0 and "0170001" in shown.output
    assert json.loads(run("spec", "show", "就学", "--json").output)["sha256"] == doc["sha256"]


def test_a_two_file_spec_an_older_hyojun_stored_form_file_first_is_unchanged_on_import(home):
    """4578489 stored 就学 第4.0版 in the order its files were given (帳票要件 first): the same files imported again were
    「別の内容で取り込み済み」 (exit 1) while spec diff showed no change. The store keeps its bytes unless --replace."""
    stored = home / "specs" / "就学" / "第4.0版.json"
    stored.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "stores" / "就学_第4.0版_4578489.json", stored)
    before = stored.read_bytes()
    res = run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM)
    assert res.exit_code == 0 and "変更なし" in res.stdout and stored.read_bytes() == before
    # it stored the words NFKC-folded too (就学通知書（小学校） as 就学通知書(小学校))
    assert "要件の並び順（機能要件と帳票要件のどちらが先か）と要件の本文・名称・備考・大項目の文字" in res.stderr
    assert "--replace" in res.stderr
    fresh = json.loads(spec_to_json(with_digest(read_spec([SHUGAKU_FUNC, SHUGAKU_FORM]))))
    res = run("spec", "import", SHUGAKU_FORM, SHUGAKU_FUNC, "--replace")
    assert res.exit_code == 0 and "保存しました" in res.stdout and json.loads(stored.read_bytes()) == fresh
    res = run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM)
    assert "変更なし" in res.stdout and res.stderr == ""


def test_a_spec_an_older_hyojun_read_from_the_same_workbook_is_refused_saying_so(home):
    """Two class columns that disagree: hyojun before 0.10.0 read the left one (指定都市) and stored it, which
    --class-column 指定都市 reads now. The same workbook read from the town's column was refused as any other content,
    pointing to a spec diff that cannot be told which column to read."""
    book = write_book(home / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        ["機能ID", "機能名称", "機能要件", "実装区分(指定都市)", "実装区分(一般市区町村)"],
        ["0230101", "a", "本文a", "実装必須機能", "実装必須機能"], ["0230103", "c", "本文c", "実装必須機能", "標準オプション機能"]]})
    assert run("spec", "import", book, "--class-column", "指定都市").exit_code == 0
    stored = home / "specs" / "介護保険" / "第6.0版.json"
    before = stored.read_bytes()
    res = run("spec", "import", book, "--class-column", "一般市区町村")
    assert res.exit_code == 1 and stored.read_bytes() == before
    assert ("追加 0 件、削除 0 件、変更 1 件）。同じファイル（sha256 が同じ）を以前の hyojun が別の読み方で取り込んでいます"
            "（--class-column・--skip-sheet の指定を前回と変えたのでなければ）。今の hyojun の読み方にするには --replace を付けて"
            "取り込み直してください\n") in res.stderr
    res = run("spec", "import", book, "--class-column", "一般市区町村", "--replace")
    assert res.exit_code == 0 and "保存しました" in res.stdout
    assert json.loads(stored.read_bytes())["counts"]["optional"] == 1


def test_spec_errors_are_messages_not_tracebacks(home, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    for args in (["spec", "import", bad], ["spec", "show", "介護"], ["spec", "show", "介護保険"],
                 ["spec", "show", "介護保険@第9.9版"]):
        res = run(*args)
        assert res.exit_code == 1 and res.output.startswith("エラー: ")
        assert "Traceback" not in res.output
        assert res.exception is None or isinstance(res.exception, SystemExit)


def test_csv_text_named_xls_is_checked_as_the_csv_it_is(home, tmp_path):
    renamed = tmp_path / "介護保険_第6.0版_回答_見本ソリューションズ.xls"
    renamed.write_bytes(MIHON.read_bytes())
    as_xls, as_csv = (run("check", f, "--spec", KAIGO_SPEC, "--json", "-") for f in (renamed, MIHON))
    assert as_xls.exit_code == 0, as_xls.output
    assert json.loads(as_xls.output)["summary"] == json.loads(as_csv.output)["summary"]


@pytest.mark.parametrize("args, option", [
    (["check", KAKU, "--spec", KAIGO_SPEC, "--out", "o", "--profile"], "--profile"),
    (["check", KAKU, "--spec", KAIGO_SPEC, "--out", "o", "--vocabulary"], "--vocabulary"),
    (["lint", KAKU, "--vocabulary"], "--vocabulary"),
    (["check", "--out", "o", "--manifest"], "--manifest"),
    (["compare", "--spec", KAIGO_SPEC, KAKU, MIHON, "--out", "o", "--scoring"], "--scoring"),
    (["readiness", "status", "--db", "r.db", "--deadlines"], "--deadlines"),
])
@pytest.mark.parametrize("book", [KAKU, VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls", "手引き.pdf"])
def test_a_workbook_given_for_a_yaml_option_is_named_so(home, args, option, book):
    """Not 「文字コードを判定できません。UTF-8 … で保存してください」, which read as "save the answers as UTF-8"."""
    if book == "手引き.pdf":
        (home / book).write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    res = run(*args, book)
    kind = "PDF ファイル" if book == "手引き.pdf" else "Excel ブック"
    assert res.exit_code == 1 and f"{book}: {kind}です。{option} には" in res.output and "の YAML ファイルを指定してください" in res.output
    assert "文字コード" not in res.output and not (home / "o").exists()


@pytest.mark.parametrize("args", [["check", KAKU, "--spec", KAIGO_SPEC, "--profile"],
                                  ["check", KAKU, "--spec", KAIGO_SPEC, "--vocabulary"], ["lint", KAKU, "--vocabulary"]])
def test_a_folder_given_for_a_yaml_option_is_refused_in_japanese(home, args):
    (home / "回答").mkdir()
    res = run(*args, "回答")
    assert res.exit_code == 2 and "'回答' はフォルダです" in res.output and "directory" not in res.output


@pytest.mark.parametrize("error, said", [
    (IsADirectoryError(21, "Is a directory"), "フォルダです。ファイルを指定してください"),
    # Windows reads a folder, or a file another program holds, as 「アクセスが拒否されました」
    (PermissionError(13, "Permission denied"), "アクセスできません（フォルダを指定したか、Excel などほかのプログラムが使用中か、"),
    (OSError(28, "No space left on device"), "ディスクの空き容量が足りません"),
    (OSError(errno.EROFS, "Read-only file system"), "読み取り専用の場所です"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "名前が長すぎます（ファイル名は 255 バイト、"),
])
def test_what_the_system_refused_is_said_in_japanese(home, monkeypatch, error, said):
    """The errors no reader expects (a manifest's profile: that is a folder, a disk full) reach the generic handler."""
    import os

    real = os.open

    def refused(path, *args, **kwargs):
        if os.path.basename(path) == "p.yaml":
            error.filename = str(path)
            raise error
        return real(path, *args, **kwargs)  # shutil.rmtree opens with dir_fd

    monkeypatch.setattr(os, "open", refused)
    res = run("check", KAKU, "--spec", KAIGO_SPEC, "--profile", "p.yaml", "--out", "o")
    assert res.exit_code == 1 and res.output.startswith(f"エラー: p.yaml: {said}") and error.strerror not in res.output


def test_a_symbolic_link_to_itself_is_said_in_japanese(home):
    """Not 「Too many levels of symbolic links」."""
    (home / "p.yaml").symlink_to("p.yaml")
    res = run("check", KAKU, "--spec", KAIGO_SPEC, "--profile", "p.yaml", "--out", "o")
    assert res.exit_code == 1 and "p.yaml: シンボリックリンクが循環しているか、たどるリンクが多すぎます" in res.output, res.output


def test_a_full_output_disk_names_the_output_folder(home, monkeypatch):
    """write() on a full disk names no file: the error said 「ディスクの空き容量が足りません」 alone."""
    import pathlib

    real = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if self.suffix == ".tmp":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    res = run("check", KAKU, "--spec", KAIGO_SPEC, "--out", "o", "--format", "json")
    assert res.exit_code == 1 and res.output == (f"エラー: {KAKU}: 出力先フォルダ o に書き込めません（ディスクの空き容量が足りません。"
                                                 "空きを作ってから、もう一度実行してください）。出力はどれも更新していません（前回の出力のままです）\n")


def test_a_name_too_long_names_the_output_not_the_staging_folder(home):
    """The error named .hyojun-staging-…/0/…, a folder the user never gave, and said 「File name too long」."""
    stem = "介護保険_第6.0版_回答_" + "長" * 70
    stem += "x" * (255 - len(f"{stem}.csv".encode()))  # the answer's name is the longest allowed; a report's is longer
    shutil.copy(MIHON, home / f"{stem}.csv")
    res = run("check", f"{stem}.csv", "--spec", KAIGO_SPEC, "--out", "o", "--format", "json")
    assert res.exit_code == 1 and f": o/{stem}.json を書き出せません（名前が長すぎます（ファイル名は 255 バイト" in res.output, res.output
    assert ".hyojun-staging" not in res.output and not (home / "o").exists()  # made by the run: removed


@pytest.mark.parametrize("under", ["", "/sub"])
@pytest.mark.parametrize("args", [["spec", "list"], ["check", KAKU, "--spec", "介護保険", "--out", "o"],
                                  ["readiness", "status"]])
def test_a_hyojun_home_that_is_a_file_is_said_at_once(home, monkeypatch, args, under):
    """HYOJUN_HOME naming a file (a typo) read as a home without specs: 「取り込み済みの仕様書はありません」,
    「仕様書が取り込まれていません。先に spec import を…」."""
    (home / "hyojun.txt").write_text("", "utf-8")
    monkeypatch.setenv("HYOJUN_HOME", str(home / "hyojun.txt") + under)
    res = run(*args)
    said = (f"環境変数 HYOJUN_HOME の {home / 'hyojun.txt'}{under} は" + (f"、途中の {home / 'hyojun.txt'} が" if under else "")
            + "フォルダではなくファイルです。hyojun のデータ（取り込んだ仕様書・進捗データ）を置くフォルダを指定してください")
    assert res.exit_code == 1 and res.output == f"エラー: {said}\n"


def test_an_output_folder_under_a_file_names_the_file(home):
    (home / "p.yaml").write_text("x", "utf-8")
    res = run("check", KAKU, "--spec", KAIGO_SPEC, "--out", "p.yaml/sub/o")
    assert res.exit_code == 1 and "エラー: 出力先フォルダ p.yaml/sub/o に書き込めません（途中の p.yaml はフォルダではなくファイルです）" in res.output
    # the output file's own folder is the file (lint --xlsx is not checked as --out is): not 「File exists」
    res = run("lint", KAKU, "--xlsx", "p.yaml/差し戻し.xlsx")
    assert res.exit_code == 1 and ("エラー: 出力先フォルダ p.yaml に書き込めません（p.yaml はフォルダではなくファイルです）。"
                                   "書き込めるフォルダを指定してください。") in res.output, res.output


@pytest.mark.parametrize("indent, said", [
    ("   ", "4 行目 4 文字目: 字下げ（行頭の半角の空白の数）が、同じ階層の前の行とそろっていません"),
    ("  　", "4 行目 3 文字目: 字下げに全角の空白があります"),  # Notepad with the input method on: parses, as a key
])
def test_a_profile_indented_wrongly_is_explained_at_its_line(home, indent, said):
    p = home / "p.yaml"
    p.write_text(f'area: 介護保険\nrequired_options:\n  - id: "0230122"\n{indent}priority: 高\n', "utf-8")
    res = run("check", KAKU, "--spec", KAIGO_SPEC, "--profile", p, "--out", "o")
    assert res.exit_code == 1 and res.output.startswith(f"エラー: {p}: YAML として読めません（{said}"), res.output
    assert not (home / "o").exists()


def test_a_file_named_without_its_extension_is_not_taken_for_an_area(home):
    """Explorer hides extensions: 仕様書/介護保険_…要件 is that workbook, not an area 「仕様書/介護保険_…要件」 to list the
    20 areas for; an answer or a profile named so is pointed at too."""
    import shutil

    (home / "仕様書").mkdir()
    for folder in ("仕様書", "."):
        shutil.copy(KAIGO_SPEC, home / folder)
    shutil.copy(KAKU, home / "回答.xlsx")
    shutil.copy(KAIGO_PROFILE, home / "団体.yaml")
    in_folder = "仕様書/" + KAIGO_SPEC.stem
    for args, missing, meant in (
            (["check", "回答.xlsx", "--spec", in_folder, "--out", "o"], in_folder, f"{in_folder}.xlsx"),
            (["check", "回答.xlsx", "--spec", KAIGO_SPEC.stem, "--out", "o"], KAIGO_SPEC.stem, KAIGO_SPEC.name),
            (["spec", "diff", "--old", in_folder, "--new", KAIGO_SPEC.name, "--out", "o"], in_folder, f"{in_folder}.xlsx"),
            (["check", "回答", "--spec", KAIGO_SPEC.name, "--out", "o"], "回答", "回答.xlsx"),
            (["lint", "回答", "--spec", KAIGO_SPEC.name], "回答", "回答.xlsx"),
            (["check", "回答.xlsx", "--spec", KAIGO_SPEC.name, "--profile", "団体", "--out", "o"], "団体", "団体.yaml")):
        res = run(*args)
        assert res.exit_code == 1 and res.output == f"エラー: {missing}: ファイルが見つかりません。{meant} のことですか\n", res.output
    res = run("check", "回答.xlsx", "--spec", "仕様書/存在しない", "--out", "o")  # a path, though nothing is there
    assert res.exit_code == 1 and res.output == "エラー: 仕様書/存在しない: ファイルが見つかりません\n"
    res = run("check", "回答.xlsx", "--spec", "介護", "--out", "o")  # a bare name, nothing there: the unknown area
    assert res.exit_code == 1 and "業務「介護」は標準化対象事務にありません" in res.output
    assert not (home / "o").exists()


def test_a_folder_given_as_the_spec_is_named_a_folder_unless_named_after_its_area(home):
    (home / "仕様書").mkdir()
    res = run("check", KAKU, "--spec", "仕様書", "--out", "o")
    assert res.exit_code == 1 and res.output.startswith("エラー: --spec 仕様書: フォルダです。要件一覧の Excel")
    # a folder of the answers named after their area: --spec 介護保険 is still the stored area
    (home / "介護保険").mkdir()
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    res = run("check", KAKU, "--spec", "介護保険", "--json", "-")
    assert res.exit_code == 0 and json.loads(res.stdout)["spec"]["version"] == "第6.0版"


def test_files_that_are_not_workbooks_say_what_they_are(home, tmp_path):
    html = tmp_path / "html.xls"
    html.write_text("<html><body><table><tr><td>機能ID</td><td>対応可否</td></tr></table></body></html>", "utf-8")
    xml = tmp_path / "xml2003.xls"
    xml.write_text('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                   '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>', "utf-8")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    for path, message in ((html, "中身は Web ページ（HTML）で、表計算ファイルではありません。Excel で開き、Excel ブック（.xlsx）として保存し直してください"),
                          (xml, "中身は Excel 2003 XML スプレッドシート形式のため読めません。Excel で開き、Excel ブック（.xlsx）として保存し直してください"),
                          (empty, "空のファイルです（0 バイト）")):
        res = run("lint", path)
        assert res.exit_code == 1 and f"エラー: {path}: {message}" in res.output, res.output


def test_truncated_xls_message_is_japanese_and_the_reader_s_text_shows_only_with_debug(home, tmp_path):
    cut = tmp_path / "cut.xls"
    cut.write_bytes((VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls").read_bytes()[:15104])
    res = run("lint", cut)
    assert res.exit_code == 1 and f"エラー: {cut}: ブックを読めません。ファイルが壊れているか途中で切れている" in res.output
    assert "beyond the file" not in res.output and "Traceback" not in res.output
    debug = run("--debug", "lint", cut)  # why, in English: found before calamine reads the file
    assert debug.exit_code == 1 and "XlsDamaged: a FAT sector beyond the file" in debug.output


def test_stored_spec_tampering_is_detected(home):
    run("spec", "import", KAIGO_SPEC)
    p = home / "specs" / "介護保険" / "第6.0版.json"
    p.write_text(p.read_text("utf-8").replace("住登外者情報の登録", "改ざん", 1), "utf-8")
    res = run("check", MIHON, "--spec", "介護保険", "--json", "-")
    assert res.exit_code == 1 and "sha256" in res.output


def test_lint_exit_codes_json_and_xlsx(home, tmp_path):
    out = tmp_path / "指摘.xlsx"
    res = run("lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", out)
    assert res.exit_code == 1 and "機能!C44" in res.output
    # the terminal names each finding as the workbook does (and the gap report's statuses)
    assert res.output.startswith("No.\tレベル\t指摘\tコード\tセル\tID\t内容\n1\t")
    assert "\tエラー\t回答不正\tinvalid-answer\t機能!C44\t0230" in res.output and "\tエラー\tID重複\tduplicate-id\t" in res.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "指摘事項"]
    ws = wb["指摘事項"]
    assert ws.oddHeader.center.text == f"介護保険 第6.0版 回答ファイルの指摘事項 — 架空システムズ（{KAKU.name}）"
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_title_rows) == ("landscape", 1, "$1:$1")
    assert [c.value for c in ws[1]] == ["No.", "レベル", "指摘", "コード", "セル", "ID", "内容"] and ws.max_row > 10
    data = json.loads(run("lint", KAKU, "--json").output)
    assert data["errors"] == 4 and data["answers"] == 465
    clean = tmp_path / "clean.csv"
    clean.write_text("機能ID,対応可否\n0230101,○\n", encoding="utf-8")
    assert run("lint", clean).exit_code == 0


def test_lint_json_says_what_it_is_when_and_against_which_spec(home):
    """lint --json had no format, tool, time or spec: a saved list of findings could not be told from other JSON,
    nor the version it was checked against."""
    with_spec = json.loads(run("lint", KAKU, "--spec", KAIGO_SPEC, "--json").output)
    without = json.loads(run("lint", KAKU, "--json").output)
    for doc in (with_spec, without):
        validate(doc, "lint", source="test")
        assert list(doc)[:3] == ["format", "tool", "generated_at"] and doc["format"] == "hyojun-lint/1"
        assert doc["tool"]["name"] == "hyojun" and datetime.fromisoformat(doc["generated_at"]).utcoffset() == timedelta(hours=9)
    checked = json.loads(run("check", KAKU, "--spec", KAIGO_SPEC, "--json", "-").stdout)
    assert with_spec["spec"] == checked["spec"] and with_spec["spec"]["version"] == "第6.0版" and without["spec"] is None


def test_lint_lists_a_file_without_an_answer_table_as_findings_check_refuses_it(home, tmp_path):
    """A one-sheet CSV whose ids have no header stopped lint with an error, `--json` writing nothing at all (a script
    looping over the towns' files failed on it), while the same sheet beside a table was a finding like any other."""
    bare = tmp_path / "住民記録_回答_IH社.csv"
    bare.write_text("x,y\n" + "".join(f"001000{i},○\n" for i in range(1, 7)), encoding="utf-8")
    res = run("lint", bare, "--spec", JUMIN_V11, "--json", "--xlsx", tmp_path / "差し戻し.xlsx")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    validate(doc, "lint", source="test")
    assert (doc["answers"], doc["errors"], doc["vendor"]) == (0, 2, "IH社")
    # no missing-row for each of the spec's 202 requirements: the file has no table to miss rows in
    assert [(f["level"], f["code"], f["cell"]) for f in doc["findings"]] == [
        ("error", "no-table", "住民記録_回答_IH社!A1"), ("error", "ids-without-header", "住民記録_回答_IH社!A2")]
    assert doc["findings"][0]["message"].startswith("回答の表が見つかりません。先頭 30 行以内に「機能ID」")
    sent = openpyxl.load_workbook(tmp_path / "差し戻し.xlsx")["指摘事項"]
    assert [c.value for c in sent["D"][1:]] == ["no-table", "ids-without-header"]
    assert "\tエラー\t回答の表がない\tno-table\t住民記録_回答_IH社!A1\t-\t回答の表が見つかりません" in run("lint", bare).output
    res = run("check", bare, "--spec", JUMIN_V11, "--out", tmp_path / "out")
    assert res.exit_code == 1 and f"{bare}: 回答の表が見つかりません" in res.output and not (tmp_path / "out").exists()
    # one vendor's two files, neither with a table: each finding names its file, and check names both
    forms = tmp_path / "住民記録_回答_IH社_帳票.csv"
    forms.write_text("x,y\n", encoding="utf-8")
    functions = bare.rename(tmp_path / "住民記録_回答_IH社_機能.csv")
    doc = json.loads(run("lint", functions, forms, "--json").stdout)
    assert [f["cell"] for f in doc["findings"] if f["code"] == "no-table"] == [
        "[住民記録_回答_IH社_機能.csv]住民記録_回答_IH社_機能!A1", "[住民記録_回答_IH社_帳票.csv]住民記録_回答_IH社_帳票!A1"]
    res = run("check", functions, forms, "--spec", JUMIN_V11, "--out", tmp_path / "out")
    assert res.exit_code == 1 and f"{forms}: 回答の表が見つかりません" in res.output, res.output


@pytest.mark.parametrize("name", ["差し戻し.xls", "差し戻し.csv", "差し戻し"])
def test_lint_refuses_to_write_its_workbook_under_another_extension(home, tmp_path, name):
    """Excel would not open an .xlsx named .xls or .csv; the vendor's own file is often .xls."""
    res = run("lint", KAKU, "--xlsx", tmp_path / name)
    assert res.exit_code == 2
    assert "差し戻し用の指摘事項は Excel ブックです。--xlsx には .xlsx のファイル名を指定してください" in res.output
    assert not list(tmp_path.iterdir())
    assert run("lint", KAKU, "--xlsx", tmp_path / "差し戻し.XLSX").exit_code == 1  # errors found, workbook written
    assert (tmp_path / "差し戻し.XLSX").is_file()


def test_check_writes_all_formats_with_provenance(home, tmp_path):
    out = tmp_path / "rep"
    res = run("check", KAKU, MIHON, "--spec", KAIGO_SPEC, "--profile", KAIGO_PROFILE, "--out", out)
    assert res.exit_code == 0, res.output
    errors = sum(1 for f in json.loads(run("check", KAKU, "--spec", KAIGO_SPEC, "--json", "-").stdout)["lint"]
                 if f["level"] == "error")
    assert errors and f"回答ファイルの指摘: エラー {errors} 件" in res.output
    # the lint command it suggests runs as printed and finds what the check found
    suggested = re.search(r"または (hyojun lint [^）]*)）", res.output.split(KAKU.name + ":", 1)[1]).group(1)
    lint = run(*shlex.split(suggested)[1:], "--json")
    assert lint.exit_code == 1, lint.output
    assert sum(1 for f in json.loads(lint.stdout)["findings"] if f["level"] == "error") == errors
    stems = {p.name for p in out.iterdir()}
    assert stems == {f"{f.stem}.{ext}" for f in (KAKU, MIHON) for ext in ("json", "html", "xlsx", "csv")}
    result = json.loads((out / f"{KAKU.stem}.json").read_text("utf-8"))
    validate(result, "result", source="test")
    assert next(iter(result.items())) == ("format", "hyojun-result/1")  # among the JSON files a prefecture collects
    # the schema holds a current result to what it always writes (and a requirement to its kind and class)
    for broken in ({**result, "summary": {k: v for k, v in result["summary"].items() if k != "mandatory_conformant"}},
                   {**result, "vendor": {k: v for k, v in result["vendor"].items() if k != "files"}},
                   {**result, "rows": [{**result["rows"][0], "kind": None}, *result["rows"][1:]]},
                   {**result, "lint": [{**result["lint"][0], "code": "no-such-code"}]}):
        with pytest.raises(InputError):
            validate(broken, "result", source="test")
    assert result["vendor"]["file"] == KAKU.name and len(result["vendor"]["sha256"]) == 64
    assert result["profile"]["municipality"] == "見本市（架空）" and result["spec"]["version"] == "第6.0版"
    rows = list(csv.reader(io.StringIO((out / f"{KAKU.stem}.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0][:4] == ["ID", "種別", "実装区分", "状態"] and len(rows) == 1 + len(result["rows"])
    assert rows[1][0] == result["rows"][0]["id"]
    first = dict(zip(rows[0], rows[1]))  # the spec's three levels of section (小項目 was left out)
    assert (first["大項目"], first["中項目"], first["小項目"]) == ("介護保険共通", "宛名管理", "住登外者管理")
    # 回答区分 in Japanese as in the HTML and compare.xlsx; the code stays in the JSON
    answers = {(r[rows[0].index("回答区分")], row["answer"]) for r, row in zip(rows[1:], result["rows"])}
    assert ("一部対応・代替", "partial") in answers and ("対応", "yes") in answers
    assert {label for label, _ in answers} <= set(ANSWER_LABELS.values())
    wb = openpyxl.load_workbook(out / f"{KAKU.stem}.xlsx")
    assert wb.sheetnames == ["概要", "要件別結果", "指摘事項"]
    for sheet in wb:  # printed pages say which report, which vendor and which page they are
        assert sheet.oddHeader.center.text == "介護保険 第6.0版 適合チェック結果 — 架空システムズ"
        assert sheet.print_title_rows == "$1:$1"
    # 概要 and 指摘事項 fit one page wide; 要件別結果 (19 columns) prints pages across at 70 %, its ID on each
    assert [(ws.page_setup.fitToWidth, ws.page_setup.scale, ws.print_title_cols) for ws in wb] == \
        [(1, None, None), (None, 70, "$A:$A"), (1, None, None)]
    ws = wb["要件別結果"]
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("0")
    assert ws.freeze_panes == "B2"  # the header row and the ID stay in view
    assert texts_on_more_than_one_line(wb) == []  # 「必須機能の移行後対応（経過措置）」 whole, not cut at 24
    summary = {r[0].value: r[1] for r in wb["概要"].iter_rows(min_row=2)}
    assert summary["判定コード"].value == "non_conformant" and summary["回答ファイル sha256"].value == result["vendor"]["sha256"]
    coverage = summary["必須機能の適合率"]  # as the console and the HTML show it: 94.0%, not 0.9401
    assert (coverage.value, coverage.number_format) == (0.94, "0.0%")
    assert result["summary"]["mandatory_coverage"] == 0.9401
    assert summary["必須の要件数"].value == result["summary"]["mandatory"]
    assert summary["適合した必須の要件数"].value == round(0.9401 * result["summary"]["mandatory"])
    made = summary["作成日時"]  # a date and time Excel can format and compare, not ISO text
    assert made.is_date and made.value == datetime.fromisoformat(result["generated_at"]).replace(tzinfo=None)
    html = (out / f"{KAKU.stem}.html").read_text("utf-8")
    assert "不適合" in html and result["spec"]["sha256"] in html


def test_check_formats_json_stdout_and_fail_on(home, tmp_path):
    out = tmp_path / "o"
    assert run("check", MIHON, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,csv").exit_code == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".json"]
    assert run("check", MIHON, "--spec", KAIGO_SPEC, "--format", "pdf").exit_code == 2
    assert run("check", MIHON, KAKU, "--spec", KAIGO_SPEC, "--json", "-").exit_code == 2
    # 見本ソリューションズ is 条件付き: no mandatory gap, but unanswered rows
    assert run("check", MIHON, "--spec", KAIGO_SPEC, "--json", "-", "--fail-on", "gap").exit_code == 0
    failed = run("check", MIHON, "--spec", KAIGO_SPEC, "--json", "-", "--fail-on", "any")
    assert failed.exit_code == 3 and json.loads(failed.stdout)["summary"]["verdict"] == "conditional"
    assert failed.stderr.strip() == f"--fail-on any に当てはまる回答ファイルが 1 件あります（{MIHON.name}）。終了コード 3"
    assert run("check", KAKU, "--spec", KAIGO_SPEC, "--json", "-", "--fail-on", "violation").exit_code == 3


def test_check_json_lists_the_findings_in_lint_s_order(home, tmp_path):
    # an unknown id came after every missing row in check's JSON: its findings did not pair with 指摘事項's No.
    p = tmp_path / "v.csv"
    p.write_text("機能ID,対応可否\n0230101,○\n0239999,○\n0230102,要確認\n", encoding="utf-8")
    checked = json.loads(run("check", p, "--spec", KAIGO_SPEC, "--json", "-").stdout)["lint"]
    linted = json.loads(run("lint", p, "--spec", KAIGO_SPEC, "--json").output)["findings"]
    assert [(f["code"], f["cell"], f["id"]) for f in checked] == [(f["code"], f["cell"], f["id"]) for f in linted]
    assert [f["code"] for f in checked[:4]] == ["unknown-id", "invalid-answer", "missing-kind", "missing-row"]


def test_check_reads_a_marked_function_id_beside_a_serial_id_column(home, tmp_path):
    """The oracle review: with 「ID | ※機能ID」 the serials were the ids, every row an unknown id 0000001…, every
    requirement unanswered, lint without an error and check at 0.0 %; formats.md reads 機能ID before a serial ID."""
    p = write_book(tmp_path / "回答.xlsx", {"機能要件": [["ID", "※機能ID", "機能名称", "対応可否", "備考"],
                                                      [1, "0230101", "a", "○", "標準機能で対応"], [2, "0230102", "b", "×", ""]]})
    res = run("check", p, "--spec", KAIGO_SPEC, "--json", "-")
    assert res.exit_code == 0
    checked = json.loads(res.stdout)
    assert checked["summary"]["unknown_ids"] == 0 and checked["summary"]["status_counts"]["conformant"] == 1
    rows = {r["id"]: r for r in checked["rows"]}
    assert (rows["0230101"]["cell"], rows["0230101"]["comment"]) == ("機能要件!D2", "標準機能で対応")
    assert rows["0230102"]["status"] == "mandatory_gap"
    assert not [f for f in checked["lint"] if f["code"] == "unknown-id"]


def test_check_reads_the_vendors_remarks_written_only_above_the_function_id_row(home, tmp_path):
    """The oracle review: 備考 in the upper row of a two-row header whose 機能ID is in the lower row was not read, and
    the report showed no remarks and no finding."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    for row in ([None, "ベンダ回答", None, "備考"], ["機能ID", "対応可否", "対応時期", None], ["0230101", "△", "2027年4月", "標準機能で対応"]):
        ws.append(row)
    ws.merge_cells("B1:C1")
    wb.save(p := tmp_path / "回答.xlsx")
    res = run("check", p, "--spec", KAIGO_SPEC, "--json", "-")
    assert res.exit_code == 0
    [row] = [r for r in json.loads(res.stdout)["rows"] if r["id"] == "0230101"]
    assert (row["cell"], row["timing"], row["comment"]) == ("機能要件!B3", "2027年4月", "標準機能で対応")


def test_check_bad_inputs_keep_earlier_outputs(home, tmp_path):
    out = tmp_path / "o"
    assert run("check", MIHON, "--spec", KAIGO_SPEC, "--out", out, "--format", "json").exit_code == 0
    before = (out / f"{MIHON.stem}.json").read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04broken")
    res = run("check", MIHON, broken, "--spec", KAIGO_SPEC, "--out", out, "--format", "json")
    assert res.exit_code == 1 and "broken.xlsx" in res.output and "Traceback" not in res.output
    assert (out / f"{MIHON.stem}.json").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [f"{MIHON.stem}.json"]  # no temp files left


def test_a_profile_for_another_version_is_a_note(home, tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text('municipality: 町\narea: 介護保険\nspec_version: 第5.0版\nrequired_options:\n  - id: "0230122"\n',
                    encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--profile", prof, "--format", "json", "--out", tmp_path / "o")
    assert res.exit_code == 0 and "注意: p.yaml: プロファイルは 第5.0版 に対するものです（仕様書は 第6.0版）" in res.output
    prof.write_text('municipality: 町\narea: 介護保険\nspec_version: 第6.0版\nrequired_options:\n  - id: "0230122"\n',
                    encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--profile", prof, "--format", "json", "--out", tmp_path / "o")
    assert res.exit_code == 0 and "注意" not in res.output


def test_profile_errors_list_every_bad_id(home, tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text('municipality: 町\narea: 介護保険\nrequired_options:\n  - id: "0230101"\n  - id: "0239999"\n'
                    '  - id: "0230122"\n', encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--profile", prof, "--json", "-")
    assert res.exit_code == 1 and "0230101" in res.output and "0239999" in res.output and "0230122" not in res.output
    prof.write_text("municipality: 町\narea: 介護保険\nrequired_options:\n  - id: 230122\n", encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--profile", prof, "--json", "-")
    assert res.exit_code == 1 and "required_options[1]/id" in res.output
    # an id without quotes is the id as written (YAML 1.1 would read 0230122 as the octal number 77906)
    prof.write_text("municipality: 町\narea: 介護保険\nrequired_options:\n  - id: 0230122\n", encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--profile", prof, "--json", "-")
    assert res.exit_code == 0, res.output
    assert [r["id"] for r in json.loads(res.output)["rows"] if "required_option" in r] == ["0230122"]


def test_vocabulary_changes_classification(home, tmp_path):
    vocab = tmp_path / "v.yaml"
    vocab.write_text("mode: extend\nanswers:\n  partial: [要確認, '?']\n", encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--vocabulary", vocab, "--json", "-")
    counts = json.loads(res.output)["summary"]["status_counts"]
    assert counts["invalid_answer"] == 0
    # README's example as written: unquoted yes/no keys are the classes, not YAML 1.1 booleans
    vocab.write_text("\ufeffmode: extend\nanswers:\n  partial: [要確認]\n  yes: [済]\n  no: [No]\n", encoding="utf-8")
    res = run("check", MIHON, "--spec", KAIGO_SPEC, "--vocabulary", vocab, "--json", "-")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["summary"]["status_counts"]["invalid_answer"] == 1  # the "?" row


def test_the_lint_command_check_suggests_reads_the_answers_with_its_vocabulary(home, tmp_path):
    """Without --vocabulary the suggested lint called every 「済」 invalid, and its --xlsx sent them back to the vendor."""
    answers = tmp_path / "回答_済.csv"
    answers.write_text(MIHON.read_bytes().decode("cp932").replace(",◯,", ",済,"), encoding="utf-8-sig")
    vocab = tmp_path / "記号.yaml"
    vocab.write_text("mode: extend\nanswers:\n  yes: [済]\n", encoding="utf-8")
    res = run("check", answers, "--spec", KAIGO_SPEC, "--vocabulary", vocab, "--out", tmp_path / "o", "--format", "json")
    errors = sum(1 for f in json.loads((tmp_path / "o" / "回答_済.json").read_text("utf-8"))["lint"] if f["level"] == "error")
    assert res.exit_code == 0 and f"回答ファイルの指摘: エラー {errors} 件" in res.output, res.output
    suggested = re.search(r"または (hyojun lint [^）]*)）", res.output).group(1)
    assert f"--vocabulary {command_arg(vocab)}" in suggested
    lint = run(*shlex.split(suggested)[1:], "--json")
    assert sum(1 for f in json.loads(lint.stdout)["findings"] if f["level"] == "error") == errors
    assert run("lint", answers, "--spec", KAIGO_SPEC).output.count("回答記号として解釈できません") > errors  # what it said


def test_a_mark_typed_from_an_emoji_palette_is_read_as_the_mark(home, tmp_path):
    p = tmp_path / "v.csv"
    p.write_text("機能ID,対応可否\n0230101,✖\ufe0f\n0230102,○\ufe0f?\n", encoding="utf-8")
    data = json.loads(run("check", p, "--spec", KAIGO_SPEC, "--json", "-").stdout)
    rows = {r["id"]: r for r in data["rows"]}
    assert (rows["0230101"]["raw_answer"], rows["0230101"]["answer"]) == ("✖\ufe0f", "no")  # the cell kept as written
    assert [f["message"] for f in data["lint"] if f["code"] == "invalid-answer"] == [
        "0230102 の回答「○<U+FE0F>?」は回答記号として解釈できません（○ △ 予定 × － 等）"]


def test_vocabulary_with_a_mark_under_two_classes_is_refused(home, tmp_path):
    vocab = tmp_path / "v4.yaml"
    vocab.write_text("mode: extend\nanswers:\n  yes: [済, 対応済]\n  no: [済]\n", encoding="utf-8")
    for args in (["check", MIHON, "--spec", KAIGO_SPEC, "--json", "-"], ["lint", MIHON]):
        res = run(*args, "--vocabulary", vocab)
        assert res.exit_code == 1 and "Traceback" not in res.output
        assert f"エラー: {vocab}: 同じ回答記号が 2 つの区分にある" in res.output
        assert "「済」: yes（対応）と no（非対応）の両方にあります" in res.output


def test_spec_argument_forms(home):
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    stored = home / "specs" / "住民記録" / "第1.1版.json"
    v = VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx"
    outputs = [json.loads(run("check", v, "--spec", ref, "--json", "-").output)["summary"]
               for ref in (JUMIN_V11, stored, "住民基本台帳", "住民記録@第1.1版")]
    assert all(o == outputs[0] for o in outputs)


def test_demo_installed_without_its_samples_says_how_to_install(home, tmp_path, monkeypatch):
    """Installed from a wheel (`pip install .`), the package has no samples beside it: the demo said only
    「…/vendor_docs/samples/全業務_check.yaml: ファイルが見つかりません」 of a folder the user never named, and left its
    output folder marked as a demo's."""
    from checker import paths

    monkeypatch.setattr(paths, "_PACKAGE_PARENT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    res = run("demo", "--out", tmp_path / "demo")
    assert res.exit_code == 1
    samples = tmp_path / "vendor_docs" / "samples" / "全業務_check.yaml"  # the home's: no checkout holds the package
    assert f"同梱サンプル（{samples}）が見つかりません" in res.output and "pip install -e ." in res.output, res.output
    assert not (tmp_path / "demo").exists()


def test_demo_writes_index_with_working_links(home, tmp_path):
    # an empty HYOJUN_HOME: the samples come with the checkout, the demo keeps its own spec store
    out = tmp_path / "demo"
    res = run("demo", "--out", out)
    assert res.exit_code == 0, res.output
    index = (out / "index.html").read_text("utf-8")
    assert str((out / "index.html").resolve()) in res.output
    links = re.findall(r'href="([^"#]+)"', index)
    assert len(links) >= 6 and all((out / href).is_file() for href in links)
    # the town's dashboard named as its heading names it: 「宮城県 利府町」, not 「利府町（宮城県）」
    assert '<a href="readiness/readiness_宮城県_利府町_2026-01.html">宮城県 利府町</a>' in index
    assert (out / "specs" / "介護保険" / "第6.0版.json").is_file()  # imported into the demo's own store
    # a vendor has one name across the demo: the comparison's are the checks' (テスト情報サービス, not …株式会社 too)
    checked = {r["ベンダ"] for r in csv.DictReader(io.StringIO((out / "check" / "check_summary.csv").read_text("utf-8-sig")))
               if r["業務"] == "介護保険"}
    assert set(json.loads((out / "compare" / "compare.json").read_text("utf-8"))["vendors"]) == checked
    assert sorted(p.name for p in home.iterdir()) == ["demo"]  # nothing written into the user's home
    # the demo's diff line says what `hyojun spec diff` of the same versions says
    diff = run("spec", "diff", JUMIN_V10, JUMIN_V11, "--out", tmp_path / "diff")
    assert diff.exit_code == 0, diff.output
    summary = diff.output.splitlines()[0].split(": ", 1)[1]
    assert f"版差分: 住民記録 第1.0版 → 第1.1版（{summary}）" in res.output
    assert run("demo", "--out", out).exit_code == 0  # again into its own earlier output
    # a work folder with its own index.html is not the demo's to write over
    work = tmp_path / "work"
    work.mkdir()
    (work / "index.html").write_text("<html>課のポータル</html>", "utf-8")
    res = run("demo", "--out", work)
    assert res.exit_code == 2 and res.output.startswith(f"エラー: --out {work} には hyojun のデモの出力でないファイルがあります")
    assert sorted(p.name for p in work.iterdir()) == ["index.html"]
    # a demo stopped before its index.html (Ctrl-C, a full disk) is a demo's folder still (its mark, written first);
    # a work folder of the user's own check/ is not, whatever its names
    (out / "index.html").unlink()
    (out / ".index.html.123.abc.tmp").write_text("", "utf-8")
    assert run("demo", "--out", out).exit_code == 0
    (work / "index.html").unlink()
    (work / "check").mkdir()
    (work / "check" / "index.html").write_text("<html>町の評価</html>", "utf-8")
    (work / ".git").mkdir()
    assert run("demo", "--out", work).exit_code == 2
    assert (work / "check" / "index.html").read_text("utf-8") == "<html>町の評価</html>"


def test_every_command_has_help_and_is_in_readme():
    readme = (ROOT / "README.md").read_text("utf-8")

    def walk(group, prefix):
        for name, cmd in group.commands.items():
            yield f"{prefix} {name}", cmd
            if hasattr(cmd, "commands"):
                yield from walk(cmd, f"{prefix} {name}")

    for path, cmd in walk(cli, "hyojun"):
        assert cmd.help, path
        assert path in readme, f"{path} is not documented in README.md"
        res = run(*path.split()[1:], "--help")
        assert res.exit_code == 0 and "使い方:" in res.output


def test_time_limit_stops_a_run_with_a_message(home, monkeypatch):
    import time

    import checker.commands.check as check_module

    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "1")
    monkeypatch.setattr(check_module, "run_batch", lambda *a, **k: time.sleep(5))
    res = run("check", MIHON, "--spec", KAIGO_SPEC)
    assert res.exit_code == 1 and "処理時間が上限（1 秒）" in res.output


def test_time_limit_without_sigalrm_stops_a_run_with_the_same_message(home, monkeypatch, windows_signals):
    """Windows has no SIGALRM: the watchdog thread interrupts the run instead."""
    import time

    import checker.commands.check as check_module

    def busy(*_a, **_k):
        end = time.monotonic() + 300  # the interrupt ends it at 1 s; the bound only ends a failing test
        while time.monotonic() < end:
            pass

    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "1")
    monkeypatch.setattr(check_module, "run_batch", busy)
    res = run("check", MIHON, "--spec", KAIGO_SPEC)
    assert res.exit_code == 1 and "処理時間が上限（1 秒）" in res.output




def test_stored_spec_with_a_broken_structure_names_the_path(home):
    run("spec", "import", KAIGO_SPEC)
    p = home / "specs" / "介護保険" / "第6.0版.json"
    doc = json.loads(p.read_text("utf-8"))
    doc["requirements"][3]["class"] = "推奨"
    p.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    res = run("check", MIHON, "--spec", "介護保険", "--json", "-")
    assert res.exit_code == 1 and "requirements[4]/class" in res.output and "Traceback" not in res.output


def test_answers_to_another_area_are_refused(home, tmp_path):
    jumin = VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx"
    res = run("check", jumin, "--spec", KAIGO_SPEC, "--out", tmp_path / "o")
    assert res.exit_code == 1 and "住民記録 への回答" in res.output and "介護保険 第6.0版" in res.output
    assert not (tmp_path / "o").exists()


def test_import_does_not_silently_replace_a_stored_version(home, tmp_path):
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    stored = home / "specs" / "介護保険" / "第6.0版.json"
    before = stored.read_bytes()
    # the same workbook under another name is the same content: nothing changes, nothing to replace
    renamed = tmp_path / "介護保険_機能・帳票要件.xlsx"
    renamed.write_bytes(KAIGO_SPEC.read_bytes())
    res = run("spec", "import", renamed)
    assert res.exit_code == 0, res.output
    assert stored.read_bytes() == before
    stored.write_text('{"sources": ', encoding="utf-8")  # a damaged store file
    res = run("spec", "import", KAIGO_SPEC)
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert run("spec", "import", renamed, "--replace").exit_code == 0 and stored.read_bytes() != before
    stored.write_bytes(before)
    # another list that also calls itself 介護保険 第6.0版 (an extract, a vendor's copy), imported by mistake
    wrong = tmp_path / "抜粋.xlsx"
    wb = openpyxl.Workbook()
    for row in (["介護保険システム標準仕様書【第6.0版】 抜粋"], ["機能ID", "機能名称", "実装区分"],
                ["0230101", "住登外者情報の登録", "実装必須機能"]):
        wb.active.append(row)
    wb.save(wrong)
    res = run("spec", "import", wrong)
    assert res.exit_code == 1 and "--replace" in res.output and stored.read_bytes() == before
    # what differs, and where to see it
    assert "追加 0 件、削除 460 件、変更 1 件" in res.output
    assert f"hyojun spec diff --old 介護保険@第6.0版 --new {command_arg(wrong)}" in res.output
    # one workbook held both kinds: no other file to give, but the 帳票要件 the extract lacks would go
    assert "置き換えるには --replace を付けてください（帳票要件 61 件はなくなります）" in res.output
    assert "指定し忘れていませんか" not in res.output
    replaced = run("spec", "import", wrong, "--replace")
    assert replaced.exit_code == 0 and stored.read_bytes() != before
    assert replaced.stderr == "注意: 今回の取り込みに帳票要件が 1 件もないため、取り込み済みの帳票要件 61 件はなくなりました\n"


@pytest.mark.parametrize("damage", [b"\xff\xfe{\x00", "{\"area\": \"介護保険\"}".encode("cp932")])
def test_a_store_file_saved_again_as_another_encoding_is_damaged_and_replace_repairs_it(home, damage):
    """Notepad's 「Unicode」 (UTF-16, not UTF-8) crashed the import with a traceback, even with --replace."""
    stored = home / "specs" / "介護保険" / "第6.0版.json"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(damage)
    res = run("spec", "import", KAIGO_SPEC)
    assert res.exit_code == 1 and "Traceback" not in res.output and stored.read_bytes() == damage
    assert f"{stored}: " in res.output  # what is wrong with it, then how to recover
    assert f"今回のファイルで置き換えるには --replace を付けてください（hyojun spec import {command_arg(KAIGO_SPEC)} --replace）" in res.output
    assert run("spec", "import", KAIGO_SPEC, "--replace").exit_code == 0
    assert json.loads(stored.read_bytes())["area"] == "介護保険"


REENCODED = "hyojun が書いた文字コード（BOM なしの UTF-8）ではありません（メモ帳などで開いて、別の文字コードで保存し直された可能性があります）"


@pytest.mark.parametrize("encoding, said, files", [
    ("utf-16", REENCODED, JUMIN_V11.name),  # Notepad's 「Unicode」
    ("utf-8-sig", REENCODED, JUMIN_V11.name),  # Notepad's 「UTF-8 (BOM 付き)」
    ("cp932", REENCODED, JUMIN_V11.name),  # Notepad's 「ANSI」
    ("cut", "JSON として読めません（22 行目 ", "仕様書.xlsx"),  # a copy that stopped: too damaged to name its workbook
])
def test_a_damaged_store_file_says_why_and_how_to_repair_it_and_list_shows_the_other_areas(home, encoding, said, files):
    """Every reader of the store stopped on orjson's English (「str is not valid UTF-8: surrogates not allowed」),
    and `spec list` did not list the intact areas."""
    assert run("spec", "import", JUMIN_V11).exit_code == 0 and run("spec", "import", KAIGO_SPEC).exit_code == 0
    stored = home / "specs" / "住民記録" / "第1.1版.json"
    text = stored.read_text("utf-8")
    stored.write_bytes(text[:500].encode() if encoding == "cut" else text.encode(encoding, errors="replace"))
    error = f"エラー: {stored}: {said}"
    remedy = f"元の仕様書の Excel から取り込み直してください（hyojun spec import {files} --replace）\n"
    listed = run("spec", "list")
    assert listed.exit_code == 1 and listed.stdout.startswith("介護保険\t第6.0版\t461 件"), listed.output
    assert listed.stderr.startswith(error) and listed.stderr.endswith(remedy), listed.stderr
    as_json = run("spec", "list", "--json")
    assert as_json.exit_code == 1 and [s["area"] for s in json.loads(as_json.stdout)] == ["介護保険"]
    for args in (("spec", "show", "住民記録"), ("spec", "history", "住民記録"), ("check", KAKU, "--spec", "住民記録")):
        res = run(*args)
        assert res.exit_code == 1 and res.stderr.startswith(error) and res.stderr.endswith(remedy), res.output
    assert run("spec", "import", JUMIN_V11, "--replace").exit_code == 0 and run("spec", "list").exit_code == 0


def test_import_reads_deleted_continued_and_headed_rows_and_says_so(home, tmp_path):
    """The rows of a revised list: deletions in other wordings, an enumeration under a merged id, 「■」 headings."""
    p = tmp_path / "印鑑登録_第3.0版_機能要件.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    for row in (["機能ID", "機能名称", "機能要件", "実装区分", "変更区分"], ["■ 印鑑登録"],
                ["0020001", "登録", "以下の項目を管理すること。", "実装必須機能（経過措置あり）※2", None],
                [None, "番号", "・登録番号", None, None], ["0020002", "照合", "t", "実装必須機能", "第3.0版にて削除"],
                ["0020003", "（削　除）", "t", "実装必須機能", None], ["0020004", "世帯の管理（削除）", "t", "実装必須機能", None]):
        ws.append(row)
    ws.merge_cells("A2:E2")
    ws.merge_cells("A3:A4")
    wb.save(p)
    res = run("spec", "import", p)
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        "注意: 1 個のセル（機能要件!B4）は、機能ID/帳票IDの結合セルの中の行（その要件の続き）にあるため読んでいません（本文・備考はその要件に"
        "続けて読みました）",
        "注意: シート「機能要件」の 2 行（0020002、0020003）は削除された要件（変更区分が「削除」「廃止」、名称・本文・実装区分が「（削除）」、"
        "実装区分が「－」など）のため、取り込んでいません",
        "注意: シート「機能要件」の 1 件（0020004（名称「世帯の管理（削除）」））は「削除」「廃止」とありますが、削除された要件の書き方"
        "（変更区分「削除」、名称「（削除）」など）ではないため、要件として取り込みました。府省が削除した要件でないか確かめてください"]
    shown = json.loads(run("spec", "show", "印鑑登録", "--json").output)["requirements"]
    assert [(r["id"], r["section"], r["text"], r.get("class_note")) for r in shown] == [
        ("0020001", ["印鑑登録"], "以下の項目を管理すること。\n・登録番号", "経過措置あり"), ("0020004", ["印鑑登録"], "t", None)]
    # the listing words the class as the spec does, with its annotation
    listed = [ln.split("\t")[:3] for ln in run("spec", "show", "印鑑登録").output.splitlines() if "\t" in ln]
    assert listed == [["0020001", "機能要件", "実装必須機能（経過措置あり）"], ["0020004", "機能要件", "実装必須機能"]]


def test_two_vendor_files_with_the_same_name_are_refused(home, tmp_path):
    import shutil

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        shutil.copy(MIHON, tmp_path / d / "回答.csv")
    res = run("check", tmp_path / "a" / "回答.csv", tmp_path / "b" / "回答.csv", "--spec", KAIGO_SPEC,
              "--out", tmp_path / "o")
    assert res.exit_code == 2 and "上書き" in res.output and not (tmp_path / "o").exists()


def _kaigo_with_a_list(tmp_path):
    """The 介護保険 sample with a sheet listing ids of its functions without 実装区分 (a 変更一覧)."""
    wb = openpyxl.load_workbook(KAIGO_SPEC)
    ws = wb.create_sheet("機能一覧")
    for row in (["機能ID", "変更内容"], ["0230101", "文言修正"], ["0230102", "文言修正"]):
        ws.append(row)
    p = tmp_path / KAIGO_SPEC.name
    wb.save(p)
    return p


def test_import_warns_of_a_sheet_of_ids_it_passed_over(home, tmp_path):
    res = run("spec", "import", _kaigo_with_a_list(tmp_path))
    assert res.exit_code == 0 and "461 件" in res.stdout
    assert res.stderr.startswith("注意: シート「機能一覧」を読み飛ばしました: 機能ID/帳票ID（7桁の数字）の行が 2 行")


def test_function_and_form_files_imported_one_at_a_time_are_not_replaced_by_the_second(home):
    assert run("spec", "import", SHUGAKU_FUNC).exit_code == 0
    stored = home / "specs" / "就学" / "第4.0版.json"
    before = stored.read_bytes()
    res = run("spec", "import", SHUGAKU_FORM)
    assert res.exit_code == 1 and stored.read_bytes() == before
    both = f"hyojun spec import {command_arg(SHUGAKU_FUNC)} {command_arg(SHUGAKU_FORM)}"
    assert f"1 回の取り込みで両方を指定してください（{both}）" in res.output
    assert "今回の取り込みには機能要件が 1 件もありません" in res.output
    assert "--replace を付けると取り込み済みの 258 件は今回の 40 件に置き換わり、機能要件 258 件はなくなります" in res.output
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM).exit_code == 1  # still other content: both files say so
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM, "--replace").exit_code == 0
    counts = json.loads(stored.read_bytes())["counts"]
    assert (counts["function"], counts["form"]) == (258, 40)


def test_one_file_of_a_two_file_spec_imported_again_says_the_other_kind_would_go(home):
    """Stored from 機能要件 and 帳票要件, imported again from 機能要件 alone: not only `--replace` (which dropped the
    40 帳票要件 without a word), but the other file, and with --replace a 注意."""
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM).exit_code == 0
    stored = home / "specs" / "就学" / "第4.0版.json"
    before = stored.read_bytes()
    res = run("spec", "import", SHUGAKU_FUNC)
    assert res.exit_code == 1 and stored.read_bytes() == before
    assert "今回の取り込みには帳票要件が 1 件もありません。帳票要件のファイルを指定し忘れていませんか" in res.output
    assert f"両方を指定してください（hyojun spec import {command_arg(SHUGAKU_FUNC)} {command_arg(SHUGAKU_FORM)}）" in res.output
    assert "--replace を付けると取り込み済みの 298 件は今回の 258 件に置き換わり、帳票要件 40 件はなくなります" in res.output
    replaced = run("spec", "import", SHUGAKU_FUNC, "--replace")
    assert replaced.exit_code == 0 and json.loads(stored.read_bytes())["counts"]["form"] == 0
    assert replaced.stderr.startswith("注意: 今回の取り込みに帳票要件が 1 件もないため、取り込み済みの帳票要件 40 件はなくなりました")
    assert f"（hyojun spec import {command_arg(SHUGAKU_FUNC)} {command_arg(SHUGAKU_FORM)} --replace）" in replaced.stderr
    # a replacement that keeps both kinds says nothing of the kind
    assert run("spec", "import", SHUGAKU_FUNC, SHUGAKU_FORM, "--replace").stderr == ""


def test_spec_show_into_a_pipe_closed_early_ends_quietly(home, tmp_path):
    """`hyojun spec show 介護保険 | head`: no 「エラー: Broken pipe」, exit 0; a name's line break stays on its line."""
    import os
    import subprocess
    import sys

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "機能要件"
    ws.append(["介護保険システム標準仕様書【第6.0版】"])
    ws.append(["機能ID", "機能名称", "実装区分"])
    for n in range(3000):  # about 300 kB of output: more than a pipe holds
        ws.append([f"023{n:04d}", f"機能の名称 {n}\r\n二行目" + "説明" * 20, "実装必須機能"])
    p = tmp_path / "介護保険_第6.0版_機能要件.xlsx"
    wb.save(p)
    assert run("spec", "import", p).exit_code == 0
    show = [sys.executable, "-c", "from checker.cli import main; main()", "spec", "show", "介護保険"]
    with subprocess.Popen(show, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, "HYOJUN_HOME": str(home)}) as proc:
        lines = [proc.stdout.readline() for _ in range(4)]
        proc.stdout.close()
        assert proc.wait(timeout=60) == 0 and proc.stderr.read() == b""
    assert lines[3].decode("utf-8") == "0230000\t機能要件\t実装必須機能\t\t機能の名称 0 二行目" + "説明" * 20 + "\n"


def test_a_version_typed_without_its_japanese_frame(home):
    assert run("spec", "import", KAIGO_SPEC).exit_code == 0
    for ref in ("介護保険@6.0", "介護保険@第6.0版", "介護保険@v6.0", "介護保険@第6版"):
        res = run("spec", "show", ref)
        assert res.exit_code == 0 and res.output.startswith("介護保険 第6.0版（所管: 厚生労働省）"), ref
    # text around a version is no version (the archread review: each used 第6.0版 without a word)
    for ref in ("介護保険@第6.0版のコピー", "介護保険@第6.0版,第7.0版", "介護保険@旧第6.0版", "介護保険@第6.0版@x"):
        res = run("spec", "show", ref)
        assert res.exit_code == 1 and f"介護保険 {ref.partition('@')[2]} は取り込まれていません。取り込み済みの版: 第6.0版" \
            in res.output, (ref, res.output)
    # a version typed as a version not stored is named as the versions are written (mutation round 9's SS3)
    assert "介護保険 第6.5版 は取り込まれていません。取り込み済みの版: 第6.0版" in run("spec", "show", "介護保険@6.5").output


def test_a_full_width_at_sign_separates_area_and_version(home):
    """A Japanese input method types 業務名＠版: it is the AREA@VERSION it means, in every command that takes one."""
    for f in (JUMIN_V10, JUMIN_V11):
        assert run("spec", "import", f).exit_code == 0
    shown = run("spec", "show", "住民記録＠第1.0版")
    assert shown.exit_code == 0 and shown.output.startswith("住民記録 第1.0版"), shown.output
    checked = run("check", VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx", "--spec", "住民基本台帳＠１．０", "--json", "-")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["spec"]["version"] == "第1.0版"


def test_check_with_a_spec_workbook_says_what_it_passed_over_once(home, tmp_path):
    spec = _kaigo_with_a_list(tmp_path)
    for jobs in ("1", "2"):
        res = run("check", KAKU, MIHON, "--spec", spec, "--format", "json", "--out", tmp_path / f"out{jobs}", "--jobs", jobs)
        assert res.exit_code == 0, res.output
        assert res.stderr.count("注意: シート「機能一覧」を読み飛ばしました") == 1, jobs
    one = run("check", KAKU, "--spec", spec, "--json", "-")
    assert one.exit_code == 0 and json.loads(one.stdout)["spec"]["version"] == "第6.0版"
    assert "注意: シート「機能一覧」を読み飛ばしました" in one.stderr


def test_lint_and_check_refuse_more_answer_rows_than_the_limit(home, tmp_path, monkeypatch):
    monkeypatch.setenv("HYOJUN_MAX_ANSWER_ROWS", "2")
    p = tmp_path / "v.csv"
    p.write_text("機能ID,対応可否\n0230101,○\n0230101,○\n0230101,○\n", encoding="utf-8")
    for args in (["lint", p, "--spec", KAIGO_SPEC, "--xlsx", tmp_path / "r.xlsx"], ["check", p, "--spec", KAIGO_SPEC, "--out", tmp_path / "o"]):
        res = run(*args)
        assert res.exit_code == 1 and "Traceback" not in res.output and "上限（2 行、HYOJUN_MAX_ANSWER_ROWS）" in res.output
    assert sorted(f.name for f in tmp_path.iterdir()) == ["v.csv"]


def test_lint_workbook_for_the_vendor_has_a_cover_and_findings_by_position(home, tmp_path):
    out = tmp_path / "差し戻し.xlsx"
    assert run("lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", out).exit_code == 1
    wb = openpyxl.load_workbook(out)
    cover = dict(wb["概要"].iter_rows(min_row=2, values_only=True))
    data = json.loads(run("lint", KAKU, "--spec", KAIGO_SPEC, "--json").output)
    levels = [f["level"] for f in data["findings"]]
    assert cover["回答ファイル"] == KAKU.name and cover["ベンダ"] == "架空システムズ" and cover["仕様書"] == "介護保険 第6.0版"
    assert cover["回答ファイル sha256"] == data["sha256"] and isinstance(cover["検査日時"], datetime)
    assert (cover["エラー（件）"], cover["警告（件）"], cover["情報（件）"]) == tuple(map(levels.count, ("error", "warning", "info")))
    rows = list(wb["指摘事項"].iter_rows(min_row=2, values_only=True))
    assert ("回答不正", "invalid-answer") in {(r[2], r[3]) for r in rows}
    # by sheet, then row, then column; requirements without an answer row (no cell) last
    cells = [r[4] for r in rows if r[4]]
    assert rows[-1][3] == "missing-row" and [r[3] for r in rows[len(cells):]] == ["missing-row"] * (len(rows) - len(cells))
    sheets = [c.rpartition("!")[0] for c in cells]
    assert sheets == sorted(sheets, key=["機能", "帳票"].index)
    positions = [(s, int(re.sub(r"\D", "", c.rpartition("!")[2]))) for s, c in zip(sheets, cells)]
    assert positions == sorted(positions, key=lambda p: (["機能", "帳票"].index(p[0]), p[1]))
    assert [f["cell"] for f in data["findings"]][:len(cells)] == cells  # the terminal and JSON in the same order
    # No. restores that order after a sort by レベル or 指摘; ID filters a requirement's findings, a missing row's too
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert [r[5] for r in rows] == [f["id"] for f in data["findings"]]
    assert all(r[5] == r[6][:7] and re.fullmatch(r"\d{7}", r[5]) for r in rows if r[3] in ("missing-row", "invalid-answer"))


def test_lint_with_the_spec_suggests_only_its_ids_for_lost_zeros(home, tmp_path):
    p = tmp_path / "v.xlsx"
    wb = openpyxl.Workbook()
    for row in (["機能ID", "対応可否"], ["0230101", "○"], ["230102", "○"], ["239999", "○"]):
        wb.active.append(row)
    wb.save(p)
    hint = "先頭の 0 が落ちていませんか: "
    assert f"{hint}0230102" in (out := run("lint", p).output) and f"{hint}0239999" in out  # of the table's area
    assert f"{hint}0230102" in (out := run("lint", p, "--spec", KAIGO_SPEC).output) and f"{hint}0239999" not in out


def test_a_csv_id_typed_as_text_without_its_zero_points_its_missing_row_at_the_cell(home, tmp_path):
    # the vendor read 「0230102（…）の回答行がありません」 at the end of the list, added a row, and sent an ID重複
    p = tmp_path / "v.csv"
    p.write_text("機能ID,対応可否\n0230101,○\n'230102,○\n\"=\"\"230103\"\"\",×\n", encoding="utf-8")
    found = json.loads(run("lint", p, "--spec", KAIGO_SPEC, "--json").output)["findings"]
    assert [(f["code"], f["cell"], f["id"]) for f in found[:4]] == [
        ("bad-id", "v!A3", "0230102"), ("missing-row", "v!A3", "0230102"),
        ("bad-id", "v!A4", "0230103"), ("missing-row", "v!A4", "0230103")]
    assert "（先頭の 0 が落ちていませんか: 0230103）。この行の回答「×」" in found[2]["message"]
    assert "行を追加せず、その ID を直してください" in found[1]["message"]


def test_the_hidden_row_of_a_bad_id_is_said_hidden_where_its_missing_row_points(home, tmp_path):
    p = tmp_path / "v.xlsx"
    wb = openpyxl.Workbook()
    for row in (["機能ID", "対応可否"], ["0230101", "○"], ["0230102※", "×"], ["0230103", "○"]):
        wb.active.append(row)
    wb.active.row_dimensions[3].hidden = True
    wb.save(p)
    res = run("lint", p, "--spec", KAIGO_SPEC, "--json")
    assert res.exit_code == 1
    found = json.loads(res.output)["findings"]
    assert [(f["code"], f["cell"], f["id"]) for f in found[:3]] == [
        ("hidden-row", "Sheet!A3", "0230102"), ("bad-id", "Sheet!A3", "0230102"), ("missing-row", "Sheet!A3", "0230102")]
    assert found[0]["message"].startswith("「0230102※」の行は非表示です（ID の読めない行があります。再表示して ID を直し")


def test_check_reads_a_column_per_mark_as_the_mark_of_the_column_checked(home, tmp_path):
    """対応可否 over ○ | △ | × | －, a check in one of them: check refused the file (every vendor's sheet of the form
    rewritten by hand). Golden-style: each row's status as the fixture's README derives it by hand."""
    res = run("check", FIXTURES / "marks" / "介護保険_第6.0版_回答_記号列.xlsx", "--spec", KAIGO_SPEC, "--json", "-")
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    validate(got, "result", source="test")
    rows = {r["id"]: (r["status"], r["raw_answer"], r["cell"].removeprefix("機能要件回答!")) for r in got["rows"][:10]}
    assert rows == {
        "0230101": ("conformant", "○", "C5"), "0230102": ("mandatory_gap", "✓（△の列）", "D6"),
        "0230103": ("mandatory_gap", "1（×の列）", "E7"), "0230104": ("conformant", "TRUE（○の列）", "C8"),
        "0230105": ("conformant", "○", "C9"), "0230106": ("invalid_answer", "●（○の列）、●（×の列）", "C10"),
        "0230107": ("invalid_answer", "済（○の列）", "C11"), "0230108": ("unanswered", "", "C12"),
        "0230109": ("mandatory_gap", "×", "E13"), "0230110": ("mandatory_gap", "レ（－の列）", "F14")}
    counts = got["summary"]["status_counts"]
    assert (counts["conformant"], counts["mandatory_gap"], counts["invalid_answer"]) == (3, 4, 2)
    assert counts["unanswered"] == got["summary"]["requirements"] - 9  # the blank row and every requirement without one
    found = {(f["code"], f["cell"]) for f in got["lint"] if f["code"] != "missing-row"}
    assert found == {("mark-columns", "機能要件回答!C4"), ("invalid-answer", "機能要件回答!C10"),
                     ("invalid-answer", "機能要件回答!C11"), ("blank-answer", "機能要件回答!C12"), ("missing-kind", "")}


def test_lint_with_the_spec_of_another_area_is_one_error_as_in_check(home, tmp_path):
    out = tmp_path / "差し戻し.xlsx"
    res = run("lint", VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls", "--spec", KAIGO_SPEC, "--xlsx", out)
    assert res.exit_code == 1 and "住民記録 への回答のようです" in res.output and "--spec を確認してください" in res.output
    assert "unknown-id" not in res.output and not out.exists()


def test_answers_of_the_tax_areas_common_code_are_refused_by_every_command(home, tmp_path):
    """The coverage review: checked against 介護保険, a file of the tax areas' common-function ids (016) gave a report of
    all 未回答, 条件付き, exit 0 even with --fail-on gap; lint sent back 464 findings. Refused as answers to another
    area are, by check (alone, in a manifest), compare, lint --spec and spec template --answers."""
    common = tmp_path / "回答_共通社.csv"
    common.write_text("機能ID,機能名称,対応可否\n0160101,a,○\n0160102,b,○\n0160103,c,×\n", "utf-8")
    said = ("回答の機能IDはどれも、個人住民税・法人住民税・固定資産税・軽自動車税 の共通機能の業務コード（016）のものです。"
            "仕様書は 介護保険 第6.0版（業務コード 023）で、回答の機能IDが1つも一致しません。")
    cell = "  - 業務コード 016: 3 件（最初は 回答_共通社!A2 の 0160101）"
    out = tmp_path / "o"
    res = run("check", common, "--spec", KAIGO_SPEC, "--out", out, "--fail-on", "gap")
    assert res.exit_code == 1 and res.output.startswith(f"エラー: {common}: {said}--spec を確認してください\n{cell}\n"), res.output
    assert not out.exists()
    manifest = tmp_path / "m.yaml"
    manifest.write_text(f"areas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n      - {{name: 架空システムズ, file: {KAKU}}}\n"
                        f"      - {{name: 共通社, file: {common}}}\n", "utf-8")
    res = run("check", "--manifest", manifest, "--out", out)
    assert res.exit_code == 1 and f"areas[1]/vendors[2]: {common}: {said}マニフェストの areas[1] の spec を確認してください\n" \
        in res.output, res.output
    assert not out.exists()
    res = run("compare", KAKU, common, "--spec", KAIGO_SPEC, "--out", out)
    assert res.exit_code == 1 and f"{common}: {said}--spec を確認してください" in res.output, res.output
    assert not out.exists()
    sent_back = tmp_path / "差し戻し.xlsx"
    res = run("lint", common, "--spec", KAIGO_SPEC, "--xlsx", sent_back)
    assert res.exit_code == 1 and f"{said}--spec を確認してください" in res.output, res.output
    assert "unknown-id" not in res.output and not sent_back.exists()
    res = run("spec", "template", KAIGO_SPEC, "--answers", common, "--out", tmp_path / "様式.xlsx")
    assert res.exit_code == 1 and f"{said}SPEC と --answers を確認してください" in res.output, res.output
    assert not (tmp_path / "様式.xlsx").exists()


def test_a_checks_own_outputs_are_not_taken_for_answers(home, tmp_path):
    """--out was the answers' folder: the next `check *.xlsx` (or *.csv) checked the report as a phantom vendor."""
    from checker.io.answer_sheets import OWN_OUTPUTS
    from checker.report.gap_view import ROW_COLUMNS
    assert OWN_OUTPUTS[0][0] <= {label for label, _, _ in ROW_COLUMNS}
    vendor = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
    assert run("check", vendor, "--spec", KAIGO_SPEC, "--out", tmp_path, "--format", "xlsx,csv").exit_code in (0, 3)
    for report in (tmp_path / f"{vendor.stem}.xlsx", tmp_path / f"{vendor.stem}.csv"):
        res = run("check", report, "--spec", KAIGO_SPEC, "--out", tmp_path / "again")
        assert res.exit_code == 1, res.output
        assert f"{report.name}: hyojun が出力した適合チェックの結果（シート「" in res.output
        assert "以前の出力が回答ファイルと同じフォルダにないか確かめてください" in res.output


def test_an_answer_sheet_or_a_checks_output_is_not_imported_as_the_spec(home, tmp_path):
    """A vendor's 回答書 copying 実装区分 (its 実装不可 rows left out) and hyojun's own 要件別結果 were stored as the spec."""
    answers = tmp_path / "介護保険_第6.0版_回答_架空システムズ.xlsx"
    wb = openpyxl.Workbook()
    for row in (["介護保険システム標準仕様書【第6.0版】 機能要件回答書"], ["ベンダ名", "架空システムズ株式会社"], [],
                ["機能ID", "機能名称", "実装区分", "対応可否", "備考"], ["0230101", "住登外者情報の登録", "実装必須機能", "○", "標準機能で対応"]):
        wb.active.append(row)
    wb.active.title = "機能要件回答"
    wb.save(answers)
    res = run("spec", "import", answers)
    assert res.exit_code == 1 and res.output == (
        f"エラー: {answers}: ベンダの回答書のようです（シート「機能要件回答」: D 列の見出し「対応可否」、ベンダ名「架空システムズ株式会社」）。"
        "要件一覧（仕様書）としては読みません。府省が公表した機能・帳票要件の一覧を指定してください（回答は hyojun check で仕様書と照らし合わせます）\n")
    assert not (home / "specs" / "介護保険").exists()
    res = run("check", KAKU, "--spec", answers, "--out", tmp_path / "o")  # given as the spec of a check
    assert res.exit_code == 1 and "ベンダの回答書のようです" in res.output and not (tmp_path / "o").exists()
    assert run("check", KAKU, "--spec", KAIGO_SPEC, "--out", tmp_path / "r", "--format", "xlsx,csv").exit_code in (0, 3)
    for report, sheet in ((tmp_path / "r" / f"{KAKU.stem}.xlsx", "要件別結果"), (tmp_path / "r" / f"{KAKU.stem}.csv", KAKU.stem)):
        res = run("spec", "import", report)
        assert res.exit_code == 1 and res.output == (
            f"エラー: {report}: hyojun が出力した適合チェックの結果（シート「{sheet}」）です。要件一覧（仕様書）としては読みません。"
            "府省が公表した機能・帳票要件の一覧を指定してください\n")
    assert not (home / "specs" / "介護保険").exists()


def test_a_spec_diffs_or_a_lints_workbook_is_neither_a_spec_nor_answers(home, tmp_path):
    """spec import stored a diff's 追加 and 本文変更 rows as the old version (exit 0); check read a lint's as no table."""
    assert run("spec", "diff", "--old", JUMIN_V10, "--new", JUMIN_V11, "--out", tmp_path, "--format", "xlsx").exit_code == 0
    assert run("lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", tmp_path / "lint.xlsx").exit_code in (0, 1)
    diff = "hyojun が出力した仕様書の版の差分（シート「本文変更」）です。"
    lint = "hyojun が出力した回答ファイルの指摘事項（シート「指摘事項」）です。"
    for book, what in ((tmp_path / "住民記録_第1.0版-第1.1版_差分.xlsx", diff), (OLD_OUTPUTS / "住民記録_第1.0版-第1.1版_差分.xlsx", diff),
                       (tmp_path / "lint.xlsx", lint), (OLD_OUTPUTS / "lint.xlsx", lint)):  # today's, and 1bd6aad's layouts
        res = run("spec", "import", book)
        assert res.exit_code == 1 and res.output == (f"エラー: {book}: {what}要件一覧（仕様書）としては読みません。"
                                                     "府省が公表した機能・帳票要件の一覧を指定してください\n"), res.output
        for command in (["check", book, "--spec", JUMIN_V11, "--out", tmp_path / "o"], ["lint", book, "--spec", JUMIN_V11]):
            res = run(*command)
            assert res.exit_code == 1 and f"{book.name}: {what}ベンダの回答ファイルではありません" in res.output, res.output
    assert not (home / "specs" / "住民記録").exists() and not (tmp_path / "o").exists()

def test_an_older_hyojuns_spec_diff_and_lint_workbooks_are_replaced(home, tmp_path):
    """1bd6aad's (XlsxWriter: an empty author, no signature) were called files hyojun did not write: spec diff --out
    and lint --xlsx into the folder of the older version's stopped with exit 2."""
    diff, lint = tmp_path / "住民記録_第1.0版-第1.1版_差分.xlsx", tmp_path / "lint.xlsx"
    for old in (diff, lint):
        old.write_bytes((OLD_OUTPUTS / old.name).read_bytes())
    res = run("spec", "diff", "--old", JUMIN_V10, "--new", JUMIN_V11, "--out", tmp_path, "--format", "xlsx")
    assert res.exit_code == 0, res.output
    res = run("lint", VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx", "--spec", JUMIN_V11, "--xlsx", lint)
    assert res.exit_code in (0, 1) and f"{lint} に書き出しました" in res.output, res.output
    for new, cell, today in ((diff, "B1", "種別"), (lint, "A1", "No.")):  # today's layout: a column the older had not
        assert openpyxl.load_workbook(new).worksheets[1][cell].value == today

def test_python_m_checker_runs_the_command_where_hyojun_is_not_on_path(home):
    """`py -m checker` on a PC whose Python Scripts folder is not on PATH (`hyojun` is then 「認識されていません」)."""
    import subprocess
    import sys

    from checker import __version__

    proc = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_help_names_the_db_option_alike_and_writes_no_markdown() -> None:
    """--db was `TEXT` in check and `URL` in readiness; check's --json help showed a Markdown `-`; readiness --help cut
    import's line with 「...」 and its own help had a stray space (「置き換える （同じ…」) from a docstring's line break."""
    check = run("check", "--help").output
    assert "--db URL" in check and "--db URL" in run("readiness", "status", "--help").output
    assert "`" not in check
    group = run("readiness", "--help").output
    assert "import     総務省の進捗状況ブック、または自己記入シートを取り込む。\n" in group
    assert " （" not in run("readiness", "import", "--help").output


@pytest.mark.parametrize("command", ["check", "lint", "template"])
def test_workbooks_excel_cannot_open_are_said_once(home, tmp_path, command):
    """Excel opens no workbook whose path is longer than 218 characters, though Windows stores it: the reports of a deep
    shared folder were written without a word, their HTML opening and their workbooks not."""
    def args(out):
        return {"check": ["check", KAKU, MIHON, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,xlsx"],
                "lint": ["lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", out / "指摘事項.xlsx"],
                "template": ["spec", "template", KAIGO_SPEC, "--out", out / "回答様式.xlsx"]}[command]

    deep = tmp_path / ("共有" * 30) / ("適合チェック" * 10) / ("報告" * 20)
    res = run(*args(deep))
    assert res.exit_code in (0, 1, 3), res.output  # lint: errors in the answers
    books = sorted(deep.glob("*.xlsx"), key=lambda p: len(str(p)))
    assert len(books) == (2 if command == "check" else 1) and len(str(books[0])) > 218
    said = ("Excel ブック 2 件はパスが 218 文字を超えるため" if len(books) > 1
            else f"{books[0]} はパスが {len(str(books[0]))} 文字あるため")
    longest = f"最も長いのは {books[-1]}（{len(str(books[-1]))} 文字）です。" if len(books) > 1 else ""
    assert [line for line in res.stderr.splitlines() if "Excel で開けません" in line] == [
        f"注意: {said}、Excel で開けません（Excel が開けるのはパス全体で 218 文字までです。Windows には保存できます）。"
        f"{longest}出力先（--out。lint は --xlsx）に短いパスか浅いフォルダを指定してください"]
    assert "Excel で開けません" not in run(*args(tmp_path / "out")).stderr
