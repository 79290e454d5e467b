"""Lint findings as rows for the terminal, the gap report and the sheet sent back to a vendor."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..analysis.carryover import VENDOR_BASIS_LABELS, AnsweredVersion
from ..clock import as_datetime
from ..io.export import Table
from ..model import CODE_LABELS, LintFinding, Response

LEVEL_LABELS = {"error": "エラー", "warning": "警告", "info": "情報"}
LintRow = tuple[str, int, str, str, str, str, str, str]  # level, No., level label, code label, code, cell, id, message
# of a LintRow after its level: every output's headers. No. keeps the file's order (in_sheet_order) through a sort by
# レベル or 指摘 in Excel; ID filters a requirement's findings (a missing-row's is in no other column)
LINT_COLUMNS = ("No.", "レベル", "指摘", "コード", "セル", "ID", "内容")
_A1 = re.compile(r"([A-Z]+)(\d+)")


def lint_rows(findings: Iterable[LintFinding]) -> tuple[LintRow, ...]:
    """*findings*, numbered in their order (in_sheet_order's)."""
    return tuple((f.level, no, LEVEL_LABELS[f.level], CODE_LABELS.get(f.code, f.code), f.code, f.cell, f.id, f.message)
                 for no, f in enumerate(findings, 1))


def lint_table(rows: Iterable[LintRow]) -> Table:
    return Table("指摘事項", list(LINT_COLUMNS), (row[1:] for row in rows), [6, 8, 16, 18, 22, 10, 80])


def in_sheet_order(findings: Iterable[LintFinding], sheets: Sequence[str]) -> list[LintFinding]:
    """*findings* by position in the files: sheet (in the order of *sheets*, as addresses name them: Response.sheets),
    row, column; those without a cell (a requirement without an answer row) after them, in their order."""
    order = {ref: i for i, ref in enumerate(sheets)}

    def position(f: LintFinding) -> tuple[int, int, int, int]:
        ref, _, a1 = f.cell.rpartition("!")
        if not (m := _A1.fullmatch(a1)):
            return (1, 0, 0, 0)
        col = 0
        for ch in m[1]:
            col = col * 26 + ord(ch) - 64
        return (0, order.get(ref, len(order)), int(m[2]), col)

    return sorted(findings, key=position)


def lint_title(response: Response, spec: str) -> str:
    """The title of the sheet sent back to a vendor, on every printed page."""
    return f"{spec + ' ' if spec else ''}回答ファイルの指摘事項 — {response.vendor}（{response.file}）"


def lint_summary_table(response: Response, spec: str, findings: Sequence[LintFinding], generated_at: str,
                       answered: AnsweredVersion | None = None) -> Table:
    """The cover of the sheet sent back to a vendor: which file, against which spec (and which version the
    answers were made against, when another), when, how many findings."""
    counts = [[f"{label}（件）", sum(1 for f in findings if f.level == level)] for level, label in LEVEL_LABELS.items()]
    return Table("概要", ["項目", "値"], [
        ["回答ファイル", response.file], ["回答ファイル sha256", response.hashes], ["ベンダ", response.vendor],
        ["仕様書", spec or "指定なし（仕様書にないID・回答行のない要件は調べていません）"],
        *([["回答した版", f"{answered.version}（{VENDOR_BASIS_LABELS[answered.basis]}）"]] if answered else []),
        ["検査日時", as_datetime(generated_at)],
        ["読み込んだ回答（行）", len(response.answers)], *counts,
    ], [28, 70])
