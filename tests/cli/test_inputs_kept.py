"""No command writes over a file it reads, or over a sheet the user filled in."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.io import atomic
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_SPEC, VENDOR

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"


def run(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun")


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_into_the_answers_folder_keeps_the_answers(home: Path, tmp_path: Path, jobs: str):
    folder = tmp_path / "回答"
    folder.mkdir()
    answers = [Path(shutil.copy(f, folder)) for f in (KAKU, MIHON)]
    before = digests(folder)
    res = run("check", *answers, "--spec", KAIGO_SPEC, "--out", folder, "--jobs", jobs)
    assert res.exit_code == 2, res.output
    assert "入力ファイル" in res.output and "元のファイルが失われる" in res.output
    assert "--out で別の出力先を指定してください" in res.output
    assert digests(folder) == before  # no report written either: the batch is all or nothing
    # another folder, or only the formats that take other names, are fine
    assert run("check", *answers, "--spec", KAIGO_SPEC, "--out", folder, "--format", "json,html").exit_code == 0


def test_lint_report_over_the_answer_file_is_refused(home: Path, tmp_path: Path):
    answer = Path(shutil.copy(KAKU, tmp_path))
    before = answer.read_bytes()
    res = run("lint", answer, "--spec", KAIGO_SPEC, "--xlsx", answer)
    assert res.exit_code == 2 and "入力ファイル" in res.output and answer.read_bytes() == before
    assert "--xlsx で別の出力先を指定してください" in res.output and "--out" not in res.output  # lint has no --out


def test_compare_output_named_as_an_answer_file_is_refused(home: Path, tmp_path: Path):
    folder = tmp_path / "比較"
    folder.mkdir()
    answer = Path(shutil.copy(KAKU, folder / "compare.xlsx"))
    before = digests(folder)
    res = run("compare", "--spec", KAIGO_SPEC, answer, MIHON, "--out", folder)
    assert res.exit_code == 2 and "compare.xlsx" in res.output and digests(folder) == before


def test_spec_diff_output_named_as_its_input_is_refused(home: Path, tmp_path: Path):
    folder = tmp_path / "差分"
    folder.mkdir()
    old = Path(shutil.copy(JUMIN_V10, folder / "住民記録_第1.0版-第1.1版_差分.xlsx"))
    before = digests(folder)
    res = run("spec", "diff", old, JUMIN_V11, "--out", folder)
    assert res.exit_code == 2, res.output
    assert digests(folder) == before


def test_template_does_not_overwrite_a_filled_in_sheet(tmp_path: Path):
    sheet = tmp_path / "readiness_自己記入シート.xlsx"
    sheet.write_bytes(b"filled in")
    res = run("readiness", "template", "--out", sheet)
    assert res.exit_code == 2 and "--force" in res.output and sheet.read_bytes() == b"filled in"
    assert run("readiness", "template", "--out", sheet, "--force").exit_code == 0 and sheet.read_bytes() != b"filled in"


def test_outputs_with_long_names_are_written(tmp_path: Path):
    target = tmp_path / ("長" * 80 + ".json")  # 244 bytes: legal, but not with a pid and a random part added
    atomic.write_bytes(target, b"{}")
    assert target.read_bytes() == b"{}" and [p.name for p in tmp_path.iterdir()] == [target.name]
