"""Lint findings as rows for the terminal, the gap report and the sheet sent back to a vendor."""

from __future__ import annotations

from collections.abc import Iterable

from ..io.export import Table
from ..model import LintFinding

LEVEL_LABELS = {"error": "エラー", "warning": "警告", "info": "情報"}
LintRow = tuple[str, str, str, str, str]  # level, level label, code, cell, message


def lint_rows(findings: Iterable[LintFinding]) -> tuple[LintRow, ...]:
    return tuple((f.level, LEVEL_LABELS[f.level], f.code, f.cell, f.message) for f in findings)


def lint_table(rows: Iterable[LintRow]) -> Table:
    return Table("指摘事項", ["レベル", "コード", "セル", "内容"],
                 ([label, code, cell, msg] for _, label, code, cell, msg in rows), [8, 18, 22, 80])
