"""check, compare and lint of a vendor whose answers come as a 機能 file and a 帳票 file: one vendor, not two."""

from __future__ import annotations

import csv
import json
import shlex
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.commands.base import expand_wildcards
from checker.errors import command_arg
from checker.readiness_store import ReadinessStore
from checker.schemas import validate
from tests.conftest import KAIGO_SPEC, VENDOR, write_manifest

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"  # its sheets 機能 and 帳票
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
GROUPED = "を 1 つのベンダの回答として読みます"


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, list(map(str, args)))


def _save(src: Path, dst: Path, sheets: tuple[str, ...]) -> Path:
    """*src* saved by openpyxl with only its *sheets*: the whole workbook and its parts lose the same (formula results)."""
    wb = openpyxl.load_workbook(src)
    for name in wb.sheetnames:
        if name not in sheets:
            del wb[name]
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return dst


@pytest.fixture
def answers(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The answers of 架空システムズ in one workbook, and the same in a 機能 file and a 帳票 file."""
    whole = _save(KAKU, tmp_path / "whole" / KAKU.name, ("機能", "帳票"))
    functions = _save(KAKU, tmp_path / "split" / f"{KAKU.stem}_機能.xlsx", ("機能",))
    forms = _save(KAKU, tmp_path / "split" / f"{KAKU.stem}_帳票.xlsx", ("帳票",))
    return whole, functions, forms


def _result(out: Path) -> dict[str, Any]:
    [path] = out.glob("*.json")
    return json.loads(path.read_text("utf-8"))


def test_check_of_a_glob_of_the_two_files_is_the_one_workbook_s_result(home: Path, tmp_path: Path,
                                                                      answers: tuple[Path, Path, Path]) -> None:
    whole, functions, forms = answers
    files, _ = expand_wildcards([str(tmp_path / "split" / f"{KAKU.stem}_*.xlsx")])  # as on Windows: 帳票 sorts first
    res = run("check", *files, "--spec", KAIGO_SPEC, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert f"{functions.name}、{forms.name} {GROUPED}" in res.stderr
    assert res.stdout.startswith(f"{functions.name} + {forms.name}: 架空システムズ — 判定 ")
    assert f"hyojun lint {command_arg(functions)} {command_arg(forms)} --spec" in res.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{KAKU.stem}.{f}" for f in ("csv", "html", "json", "xlsx")]
    assert run("check", whole, "--spec", KAIGO_SPEC, "--out", tmp_path / "one", "--format", "json").exit_code == 0
    got, one = _result(tmp_path / "out"), _result(tmp_path / "one")
    validate(got, "result", source="split")
    assert got["summary"] == one["summary"] and got["vendor"]["name"] == one["vendor"]["name"] == "架空システムズ"
    assert got["vendor"]["declared_version"] == one["vendor"]["declared_version"] == "第6.0版"
    assert [f["file"] for f in got["vendor"]["files"]] == [functions.name, forms.name]
    assert got["vendor"]["file"] == f"{functions.name} + {forms.name}"
    books = {"機能": functions.name, "帳票": forms.name}

    def in_book(cell: str) -> str:  # the one workbook's address of the cell, as the split files name it
        return f"[{books[cell.split('!')[0]]}]{cell}" if cell else ""

    assert [{**r, "cell": in_book(r["cell"])} for r in one["rows"]] == got["rows"]
    assert Counter((f["code"], in_book(f["cell"]), f["id"]) for f in one["lint"]) == Counter(
        (f["code"], f["cell"], f["id"]) for f in got["lint"])
    # every output names the files' cells so: the CSV, the workbook's 要件別結果 and 指摘事項, the HTML
    first = got["rows"][0]["cell"]
    in_forms = next(f["cell"] for f in got["lint"] if f["cell"].startswith(f"[{forms.name}]帳票!"))
    with (tmp_path / "out" / f"{KAKU.stem}.csv").open(encoding="utf-8-sig") as f:
        assert next(csv.DictReader(f))["回答セル"] == first and first.startswith(f"[{functions.name}]機能!C")
    book = openpyxl.load_workbook(tmp_path / "out" / f"{KAKU.stem}.xlsx")
    assert book["要件別結果"]["H2"].value == first
    assert in_forms in {c.value for c in book["指摘事項"]["E"]}
    page = (tmp_path / "out" / f"{KAKU.stem}.html").read_text("utf-8")
    assert in_forms in page and f"{functions.name}: {got['vendor']['files'][0]['sha256']}" in page


def test_a_form_file_of_another_vendor_is_said_with_the_verdict(home: Path, tmp_path: Path,
                                                                answers: tuple[Path, Path, Path]) -> None:
    _, functions, forms = answers
    wb = openpyxl.load_workbook(forms)
    wb["帳票"]["A1"] = "介護保険システム標準仕様書【第6.0版】 機能・帳票要件 回答（見本ソリューションズ株式会社）（帳票）"
    wb.save(forms)
    res = run("check", functions, forms, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    verdict, warning = res.stdout.splitlines()[:2]
    assert verdict.startswith(f"{functions.name} + {forms.name}: 架空システムズ — 判定 ")
    assert warning == (f"  警告: 回答ファイルごとにベンダ名が違います（{functions.name} は「架空システムズ株式会社」、{forms.name} は"
                       "「見本ソリューションズ株式会社」）。ベンダは「架空システムズ」としました。別のベンダのファイルを組み合わせていないか確かめてください")


def test_one_file_of_a_kind_alone_is_checked_alone_with_a_warning(home: Path, tmp_path: Path,
                                                                  answers: tuple[Path, Path, Path]) -> None:
    _, functions, _ = answers
    res = run("check", functions, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    assert GROUPED not in res.output
    verdict, warning = res.stdout.splitlines()[:2]
    assert verdict.startswith(f"{functions.name}: 架空システムズ — 判定 ")  # its vendor without the kind word
    assert warning.startswith("  警告: 帳票要件（61 件）の回答行が 1 つもありません。帳票の回答が別のファイルにあれば")
    got = _result(tmp_path / "out")
    assert (tmp_path / "out" / f"{functions.stem}.json").is_file()
    assert [f["message"] for f in got["lint"] if f["code"] == "missing-kind"] == [warning.removeprefix("  警告: ")]


def test_answers_in_the_forms_own_codes_are_said_with_the_verdict(home: Path, tmp_path: Path) -> None:
    """The realforms review: 「判定 条件付き、必須機能の適合率 0.0%」 and nothing else on the console for a form whose A–E
    are all 回答不正: the clerk learns from the warning under the verdict that --vocabulary defines them."""
    p = tmp_path / "介護保険_回答_A社.csv"
    p.write_text("機能ID,対応区分\n" + "".join(f"02301{i:02},{'ABCE'[i % 4]}\n" for i in range(1, 11)), "utf-8")
    res = run("check", p, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    warning = res.stdout.splitlines()[1]
    assert warning.startswith("  警告: シート「介護保険_回答_A社」の B 列「対応区分」の回答 10 行のうち 10 行が、回答記号の定義にない 4 種類の値")
    assert "yes: [A, B, C, E]" in warning


def test_a_legend_giving_a_mark_another_class_is_said_with_the_verdict(home: Path, tmp_path: Path) -> None:
    """A wrong status with no signal: ○ meant カスタマイズ by the form's legend, read 対応."""
    p = tmp_path / "介護保険_回答_A社.csv"
    p.write_text("凡例 ◎：標準機能で対応 ○：カスタマイズで対応 ×：対応不可\n機能ID,対応可否\n0230101,○\n", "utf-8")
    res = run("check", p, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1].startswith("  警告: 凡例（介護保険_回答_A社!A1「凡例 ◎：標準機能で対応 ○：カスタマイズで対応 ×：対応不可」）"
                                                 "では「○」は「カスタマイズで対応」（一部対応・代替）ですが、")


def test_two_files_of_one_kind_are_refused_not_read_as_two_bidders(home: Path, tmp_path: Path,
                                                                    answers: tuple[Path, Path, Path]) -> None:
    """A 機能 file and another 機能 file of the same vendor (its export, a re-submission): read apart they were two
    bidders of one vendor's name; neither is known to be the answer, so the user is asked to give one."""
    _, functions, _ = answers
    other = _save(KAKU, functions.with_name(f"{KAKU.stem}_機能一覧.xlsx"), ("機能",))
    for command in (["check", "--format", "json"], ["compare"]):
        res = run(*command, functions, other, "--spec", KAIGO_SPEC, "--out", tmp_path / "out")
        assert res.exit_code == 1, res.output
        assert f"{functions.name}、{other.name}: 1 つのベンダの回答ファイルが 2 つあり、機能・帳票の組になりません" in res.output
        assert not (tmp_path / "out").exists()


def test_check_says_with_the_verdict_that_the_two_files_declare_different_versions(home: Path, tmp_path: Path) -> None:
    from tests.conftest import write_book

    title = "介護保険システム標準仕様書【{}】 {} 回答"
    write_book(tmp_path / "介護保険_回答_A社_機能.xlsx", {"機能": [[title.format("第6.0版", "機能要件")], ["機能ID", "対応可否"],
                                                                  ["0230101", "○"]]})
    write_book(tmp_path / "介護保険_回答_A社_帳票.xlsx", {"帳票": [[title.format("第5.0版", "帳票要件")], ["帳票ID", "対応可否"],
                                                                  ["0230001", "○"]]})
    res = run("check", *sorted(tmp_path.glob("*.xlsx")), "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    assert ("  警告: 回答ファイルごとに版が違います（介護保険_回答_A社_機能.xlsx は 第6.0版、介護保険_回答_A社_帳票.xlsx は 第5.0版）"
            in res.output)


def test_compare_names_only_the_file_that_is_the_same(home: Path, tmp_path: Path, answers: tuple[Path, Path, Path]) -> None:
    """A copy of the pair's 機能 file given as another vendor: the error named the whole pair as the same content."""
    _, functions, forms = answers
    copy = tmp_path / "copy" / "介護保険_回答_別社.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(functions.read_bytes())
    res = run("compare", "--spec", KAIGO_SPEC, functions, forms, copy, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 1
    assert f"{copy}: {functions} と同じ内容の回答ファイルです" in res.output and f"{forms} と同じ" not in res.output


def test_compare_ranks_the_two_files_as_one_bidder(home: Path, tmp_path: Path, answers: tuple[Path, Path, Path]) -> None:
    _, functions, forms = answers
    res = run("compare", "--spec", KAIGO_SPEC, forms, MIHON, functions, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    assert f"{functions.name}、{forms.name} {GROUPED}" in res.stderr
    doc = json.loads((tmp_path / "out" / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="split")
    assert doc["vendors"] == ["架空システムズ", "見本ソリューションズ"]
    first = doc["areas"][0]["vendors"][0]
    assert [f["file"] for f in first["files"]] == [functions.name, forms.name]
    single = run("compare", "--spec", KAIGO_SPEC, functions, forms, "--out", tmp_path / "one")
    assert single.exit_code == 2 and "比較には 2 つ以上のベンダの回答ファイルが必要です" in single.output


def test_a_manifest_lists_a_vendor_s_files(home: Path, tmp_path: Path, answers: tuple[Path, Path, Path]) -> None:
    whole, functions, forms = answers
    twice = write_manifest(tmp_path, f"areas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n"
                                     f"      - {{name: 架空, file: {functions}}}\n      - {{name: 架空, file: {forms}}}\n")
    res = run("check", "--manifest", twice, "--out", tmp_path / "no")
    assert res.exit_code == 1 and "areas[1] に同じベンダ名が2回あります（架空）" in res.output
    assert f"1 つの項目に file: [{functions}, {forms}] のようにまとめて書いてください" in res.output
    assert "name をそれぞれのベンダの名前に直してください" not in res.output  # a 機能 file and a 帳票 file: one vendor's
    # two whole answers under one name: a name copied to the next entry, which a merge would fold into one bidder
    copied = write_manifest(tmp_path, f"areas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n"
                                      f"      - {{name: 架空, file: {whole}}}\n      - {{name: 架空, file: {MIHON}}}\n")
    res = run("check", "--manifest", copied, "--out", tmp_path / "no")
    assert res.exit_code == 1 and (f"areas[1] に同じベンダ名が2回あります（架空）。{whole}、{MIHON} が別々のベンダの回答なら、"
                                   "name をそれぞれのベンダの名前に直してください（1 つのベンダの回答が") in res.output
    listed = write_manifest(tmp_path, f"areas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n"
                                      f"      - {{name: 架空, file: [split/{forms.name}, split/{functions.name}]}}\n"
                                      f"      - {{name: 見本, file: {MIHON}}}\n")
    res = run("check", "--manifest", listed, "--out", tmp_path / "out", "--format", "json,csv", "--jobs", "2")
    assert res.exit_code == 0, res.output
    assert GROUPED not in res.output  # listed, not guessed; read 機能 first as any other way of giving them
    area = tmp_path / "out" / "介護保険"
    assert sorted(p.name for p in area.glob("*.json")) == sorted([f"{KAKU.stem}.json", f"{MIHON.stem}.json"])
    assert json.loads((area / f"{KAKU.stem}.json").read_text("utf-8"))["vendor"]["file"] == f"{functions.name} + {forms.name}"
    with (tmp_path / "out" / "check_summary.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["ベンダ"], r["回答ファイル"]) for r in rows] == [("架空", f"{functions.name} + {forms.name}"), ("見本", MIHON.name)]
    compared = run("compare", "--manifest", listed, "--out", tmp_path / "cmp", "--format", "json")
    assert compared.exit_code == 0, compared.output
    assert json.loads((tmp_path / "cmp" / "compare_m.json").read_text("utf-8"))["vendors"] == ["架空", "見本"]


def test_json_on_standard_output_and_lint_take_the_two_files(home: Path, tmp_path: Path,
                                                             answers: tuple[Path, Path, Path]) -> None:
    _, functions, forms = answers
    res = run("check", functions, forms, "--spec", KAIGO_SPEC, "--json", "-")
    assert res.exit_code == 0, res.output
    checked = json.loads(res.stdout)
    assert [f["file"] for f in checked["vendor"]["files"]] == [functions.name, forms.name]
    linted = run("lint", forms, functions, "--spec", KAIGO_SPEC, "--json")
    doc = json.loads(linted.stdout)
    assert (doc["file"], doc["sha256"]) == (checked["vendor"]["file"], checked["vendor"]["sha256"])  # in either order
    assert [(f["code"], f["cell"]) for f in doc["findings"]] == [(f["code"], f["cell"]) for f in checked["lint"]]
    assert [f["file"] for f in doc["files"]] == [functions.name, forms.name] and linted.exit_code == 1  # errors in them
    sheet = tmp_path / "差し戻し.xlsx"
    assert run("lint", functions, forms, "--spec", KAIGO_SPEC, "--xlsx", sheet).exit_code == 1
    cover = dict(openpyxl.load_workbook(sheet)["概要"].iter_rows(min_row=2, values_only=True))
    assert cover["回答ファイル"] == f"{functions.name} + {forms.name}"
    assert cover["回答ファイル sha256"].startswith(f"{functions.name}: ")
    other = run("check", functions, MIHON, "--spec", KAIGO_SPEC, "--json", "-")
    assert other.exit_code == 2 and "--json - は 1 つのベンダの回答ファイル" in other.output


def test_lint_refuses_the_answers_of_several_vendors(home: Path, tmp_path: Path, answers: tuple[Path, Path, Path]) -> None:
    """`hyojun lint *.xlsx` of two bids: not one vendor's answers with every id a duplicate, and no workbook to send back
    to one vendor naming the other's file."""
    _, functions, forms = answers
    test = VENDOR / "介護保険_第6.0版_回答_テスト情報サービス.xlsx"
    sheet = tmp_path / "差し戻し.xlsx"
    for given, shown in (((test, KAKU), f"{test.name}、{KAKU.name}"),
                         ((forms, test, functions), f"{functions.name} + {forms.name}、{test.name}")):
        res = run("lint", *given, "--spec", KAIGO_SPEC, "--xlsx", sheet)
        assert res.exit_code == 2, res.output
        assert "hyojun lint は 1 つのベンダの回答ファイル" in res.output
        assert f"指定したファイルは 2 つのベンダの回答です（{shown}）" in res.output
        assert not sheet.exists()
    assert run("lint", forms, functions, "--spec", KAIGO_SPEC, "--xlsx", sheet).exit_code == 1  # one vendor's: errors


def test_check_suggests_lint_commands_lint_runs(home: Path, tmp_path: Path, answers: tuple[Path, Path, Path]) -> None:
    """A manifest's files of names that do not pair are one vendor's for check; lint, grouping by name, lints each."""
    _, functions, forms = answers
    for f, name in ((functions, "機能.xlsx"), (forms, "帳票.xlsx")):
        f.rename(f.with_name(name))
    listed = write_manifest(tmp_path, f"areas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n"
                                      "      - {name: 架空, file: [split/帳票.xlsx, split/機能.xlsx]}\n")
    res = run("check", "--manifest", listed, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    split = tmp_path / "split"
    commands = [f"hyojun lint {command_arg(split / name)} --spec {command_arg(KAIGO_SPEC)}"
                for name in ("機能.xlsx", "帳票.xlsx")]
    assert f"または {'、'.join(commands)}）" in res.stdout
    assert run(*shlex.split(commands[0])[1:]).exit_code == 1  # run as printed: its errors, not a usage error


def test_a_manifests_files_beyond_a_pair_get_a_lint_each_after_the_check(home: Path, tmp_path: Path,
                                                                           answers: tuple[Path, Path, Path]) -> None:
    """Three files listed for one vendor (機能, 帳票 and 帳票_v2): the check was written, then the lint suggestion
    grouped them as lint would and stopped the run with lint's refusal."""
    _, functions, forms = answers
    again = forms.with_name(f"{forms.stem}_v2.xlsx")
    again.write_bytes(forms.read_bytes())
    listed = write_manifest(tmp_path, f"areas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n      - {{name: 架空, file: "
                                      f"[split/{functions.name}, split/{forms.name}, split/{again.name}]}}\n")
    res = run("check", "--manifest", listed, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    assert "エラー:" not in res.output
    assert all(f"hyojun lint {command_arg(tmp_path / 'split' / f.name)} --spec {command_arg(KAIGO_SPEC)}" in res.stdout
               for f in (functions, forms, again))


def test_grouped_vendors_in_worker_processes_are_recorded_once_each(home: Path, tmp_path: Path,
                                                                   answers: tuple[Path, Path, Path]) -> None:
    _, functions, forms = answers
    b = [_save(KAKU, tmp_path / "split" / f"介護保険_第6.0版_回答_乙商事（{kind}）.xlsx", (sheet,))
         for kind, sheet in (("機能要件", "機能"), ("帳票要件", "帳票"))]
    db = tmp_path / "r.db"
    res = run("check", functions, *b, forms, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json",
              "--jobs", "2", "--record", "--db", db)
    assert res.exit_code == 0, res.output
    assert res.stderr.count(GROUPED) == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{KAKU.stem}.json", "介護保険_第6.0版_回答_乙商事.json"])
    assert sorted(r.vendor for r in ReadinessStore(str(db)).check_rows()) == ["乙商事", "架空システムズ"]


def test_the_outputs_of_two_files_do_not_replace_a_file_of_their_name(home: Path, tmp_path: Path,
                                                                     answers: tuple[Path, Path, Path]) -> None:
    """The vendor's own one-workbook answers beside its two files, --out that folder: not replaced by the report."""
    _, functions, forms = answers
    theirs = _save(KAKU, functions.parent / KAKU.name, ("機能", "帳票"))
    before = theirs.read_bytes()
    res = run("check", functions, forms, "--spec", KAIGO_SPEC, "--out", functions.parent)
    assert res.exit_code == 2, res.output
    assert theirs.read_bytes() == before and not (functions.parent / f"{KAKU.stem}.json").exists()
