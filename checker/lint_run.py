"""The `lint` use case as a library call: every problem of one vendor's answer files, with its cell, as `hyojun lint`
lists it, its `hyojun-lint/1` document and its workbook sent back to the vendor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis.carryover import AnsweredVersion, Carryover
from .analysis.gap import check
from .check_run import carryover_for, ensure_same_area
from .errors import UsageError
from .io.export import write_xlsx
from .io.vendor_reader import NoAnswerTable, read_response
from .model import LintFinding, Response, Spec
from .normalize import DEFAULT_VOCABULARY, Vocabulary
from .report.lint_view import in_sheet_order, lint_rows, lint_summary_table, lint_table, lint_title
from .report.provenance import spec_info, tool_info


@dataclass(frozen=True)
class LintOutcome:
    """One vendor's answer files linted: the findings in the files' order (sheet, row, column; the requirements
    without an answer row last), the answers as read, and the spec version they were made against when it is not
    the checked one."""

    response: Response
    findings: tuple[LintFinding, ...]
    spec: Spec | None = None  # the spec linted against: unknown ids and requirements without a row are found with it
    answered: AnsweredVersion | None = None  # the version answered, when not the checked one
    carry: Carryover | None = None  # the answers carried over from that version, when it is stored

    @property
    def errors(self) -> int:
        """The error findings: `hyojun lint` exits with 1 when there is one."""
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")

    @property
    def spec_label(self) -> str:
        """The spec as the workbook's title and summary name it (「住民記録 第1.1版」), "" without one."""
        return f"{self.spec.area} {self.spec.version}" if self.spec else ""


def lint_files(files: Sequence[Path], spec: Spec | None = None, vocabulary: Vocabulary = DEFAULT_VOCABULARY,
               answered_version: str | None = None) -> LintOutcome:
    """Lint one vendor's answer *files* (one file, or its 機能 and 帳票 files), against *spec* when given.

    A file without an answer table is no error here: its no-table finding is listed like any other, to be sent back.
    With *spec*, the answers of another area are refused (InputError), and the version answered is worked out as
    `check` does (*answered_version* overrides the sheet's): an id the checked version removed is said to be removed,
    and requirements without an answer row and ids the spec lacks are findings too.
    """
    if answered_version and spec is None:
        raise UsageError("--answered-version は --spec と一緒に指定してください（回答した版はチェックする仕様書と比べます）")
    try:
        response = read_response(*files, vocabulary=vocabulary, spec_ids=spec.by_id() if spec else None,
                                 area=spec.area if spec else None)
    except NoAnswerTable as exc:  # a finding to send back like any other: listed, in the JSON and in the workbook
        assert exc.response is not None
        response = exc.response
    lint, carry, answered = response.lint, None, None
    if spec is not None and not any(f.code == "no-table" for f in lint):  # not a missing-row for each requirement
        ensure_same_area(spec, response)  # not hundreds of findings for a file of another area
        # as check does: an id the checked version removed is said to be removed, not to answer another version
        result, carry, answered = carryover_for(check(spec, response), answered_version)
        lint = result.lint
    return LintOutcome(response, tuple(in_sheet_order(lint, response.sheets)), spec, answered, carry)


def lint_dict(outcome: LintOutcome, generated_at: str) -> dict[str, Any]:
    """*outcome* as `hyojun lint --json` writes it: the `hyojun-lint/1` document (schemas/lint.schema.json)."""
    response, answered = outcome.response, outcome.answered
    return {"format": "hyojun-lint/1", "tool": tool_info(), "generated_at": generated_at,
            "spec": spec_info(outcome.spec) if outcome.spec else None,
            "file": response.file, "sha256": response.sha256, "files": [f.to_dict() for f in response.sources],
            "vendor": response.vendor,
            "answers": len(response.answers), "errors": outcome.errors,
            "answered_version": {"version": answered.version, "basis": answered.basis} if answered else None,
            "findings": [f.to_dict() for f in outcome.findings]}


def write_lint_xlsx(outcome: LintOutcome, path: Path, generated_at: str) -> None:
    """The findings as the workbook sent back to the vendor (`hyojun lint --xlsx`): a summary sheet and the list."""
    response = outcome.response
    write_xlsx(path, [lint_summary_table(response, outcome.spec_label, outcome.findings, generated_at, outcome.answered),
                      lint_table(lint_rows(outcome.findings))],
               title=lint_title(response, outcome.spec_label), generated_at=generated_at)
