"""`hyojun spec template`: the answer sheet to send vendors, from a stored spec or the spec's workbook, and checked back."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import JUMIN_V11, KAIGO_PROFILE, KAIGO_SPEC
from tests.unit.test_answer_template import _fill


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
    res = run("spec", "template", copy, "--out", copy, "--force")
    assert res.exit_code == 2 and copy.read_bytes() == spec_bytes
    assert "は入力ファイル" in res.stderr


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
