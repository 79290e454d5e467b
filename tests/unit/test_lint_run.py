"""lint_run: `hyojun lint` as a library call gives the command's findings and its hyojun-lint/1 document."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import InputError, UsageError
from checker.lint_run import lint_dict, lint_files, write_lint_xlsx
from checker.model import Spec
from checker.schemas import validate
from checker.spec_store import resolve_spec, save_spec
from tests.conftest import FIXTURES, KAIGO_SPEC, VENDOR

JUMIN = VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx"  # answers to 第1.1版


def test_the_library_lint_gives_the_commands_json(home: Path, v10: Spec, v11: Spec) -> None:
    """A script linting each vendor's sheet had to copy the command's body: the obvious call (read_response) left out
    the unknown ids and the requirements without a row, and the answered version's explanations."""
    save_spec(v10)
    save_spec(v11)
    outcome = lint_files([JUMIN], resolve_spec(["住民記録@第1.0版"]))
    res = CliRunner().invoke(cli, ["lint", str(JUMIN), "--spec", "住民記録@第1.0版", "--json"])
    assert res.exit_code == 1
    cli_doc = json.loads(res.stdout)
    doc = lint_dict(outcome, cli_doc["generated_at"])
    validate(doc, "lint", source="test")
    assert json.loads(json.dumps(doc)) == cli_doc
    assert Counter(f.code for f in outcome.findings) == {"unknown-id": 10, "missing-row": 3, "blank-answer": 2,
                                                        "duplicate-id": 1, "invalid-answer": 1}
    assert outcome.answered is not None and outcome.answered.version == "第1.1版" and outcome.carry is not None
    assert outcome.errors == doc["errors"] == 2


def test_the_version_answered_given_is_linted_against_and_in_the_json(home: Path, v10: Spec, v11: Spec) -> None:
    """--answered-version overrides the sheet's 第1.1版 (its basis "option") and the JSON says it: the CLI test
    compares the command's JSON with lint_dict's, so a version dropped by both went unnoticed."""
    save_spec(v10)
    save_spec(v11)
    outcome = lint_files([JUMIN], resolve_spec(["住民記録@第1.1版"]), answered_version="第1.0版")
    assert outcome.answered is not None and (outcome.answered.version, outcome.answered.basis) == ("第1.0版", "option")
    doc = lint_dict(outcome, "2026-12-07T05:06:49+09:00")
    assert doc["answered_version"] == {"version": "第1.0版", "basis": "option"}


def test_info_findings_are_neither_errors_nor_warnings(tmp_path: Path) -> None:
    """An empty sheet (メモ) is an info finding: not counted among the warnings the summary line gives."""
    book = openpyxl.load_workbook(JUMIN)
    book.create_sheet("メモ")
    book.save(tmp_path / JUMIN.name)
    outcome = lint_files([tmp_path / JUMIN.name])
    levels = Counter(f.level for f in outcome.findings)
    assert levels["info"] and (outcome.errors, outcome.warnings) == (levels["error"], levels["warning"])


def test_a_file_without_an_answer_table_is_linted_not_raised(home: Path, tmp_path: Path) -> None:
    p = tmp_path / "介護保険_回答.csv"
    p.write_text("表紙\nこれは回答ではありません\n", encoding="utf-8")
    outcome = lint_files([p], resolve_spec([str(KAIGO_SPEC)]))
    assert [f.code for f in outcome.findings] == ["no-header", "no-table"] and outcome.errors == 1
    write_lint_xlsx(outcome, tmp_path / "差し戻し.xlsx", "2026-12-07T05:06:49+09:00")
    assert openpyxl.load_workbook(tmp_path / "差し戻し.xlsx").sheetnames[-1] == "指摘事項"


def test_another_areas_answers_and_a_version_without_spec_are_refused(home: Path, v10: Spec) -> None:
    with pytest.raises(InputError, match="回答の機能IDが1つも一致しません"):
        lint_files([VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"], v10)
    with pytest.raises(UsageError, match="--spec と一緒に"):
        lint_files([JUMIN], answered_version="第1.0版")


def test_a_column_per_mark_is_linted_with_each_row_it_cannot_read_and_the_columns_it_read(home: Path, tmp_path: Path) -> None:
    """The sheet sent back names the cells of each row whose marks give no answer (two checks, a value no check), and
    says, once, which columns were read as one column per mark."""
    outcome = lint_files([FIXTURES / "marks" / "介護保険_第6.0版_回答_記号列.xlsx"])
    doc = lint_dict(outcome, "2026-12-07T05:06:49+09:00")
    validate(doc, "lint", source="test")
    assert [(f["level"], f["code"], f["cell"], f["id"]) for f in doc["findings"]] == [
        ("info", "mark-columns", "機能要件回答!C4", ""), ("error", "invalid-answer", "機能要件回答!C10", "0230106"),
        ("error", "invalid-answer", "機能要件回答!C11", "0230107"), ("warning", "blank-answer", "機能要件回答!C12", "0230108")]
    assert (doc["answers"], doc["errors"]) == (10, 2) and "機能要件回答!E10「●」（×の列）" in doc["findings"][1]["message"]
    write_lint_xlsx(outcome, tmp_path / "差し戻し.xlsx", "2026-12-07T05:06:49+09:00")
    listed = openpyxl.load_workbook(tmp_path / "差し戻し.xlsx")["指摘事項"]
    assert [row[2:4] for row in listed.iter_rows(min_row=2, values_only=True)][0] == ("記号ごとの列", "mark-columns")
