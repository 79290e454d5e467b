"""Lint findings as rows for the terminal, the gap report and the sheet sent back to a vendor."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..io.cells import sheet_ref
from ..io.export import Table, as_datetime
from ..model import LintFinding, Response

LEVEL_LABELS = {"error": "エラー", "warning": "警告", "info": "情報"}
# What each code means, for a vendor who reads Japanese (the code stays beside it, for looking it up)
CODE_LABELS = {
    "bad-id": "IDが読めない", "invalid-answer": "回答不正", "duplicate-id": "ID重複", "no-answer-column": "回答の列がない",
    "ambiguous-column": "列が複数ある", "ids-without-header": "見出しのない表", "no-id-rows": "IDの行がない",
    "unknown-id": "仕様書にないID", "missing-row": "回答行がない", "blank-answer": "回答が空欄", "hidden-row": "非表示の行",
    "hidden-column": "非表示の列", "hidden-sheet": "非表示のシート", "answered-version-not-stored": "回答した版の仕様書がない",
    "answered-version-differs": "回答した版の指定と表題が違う", "no-header": "見出しのないシート", "empty-sheet": "空のシート",
    "history-sheet": "改定履歴のシート", "example-sheet": "記入例のシート", "example-row": "記入例の行",
}
LintRow = tuple[str, str, str, str, str]  # level, level label, code, cell, message
_A1 = re.compile(r"([A-Z]+)(\d+)")


def lint_rows(findings: Iterable[LintFinding]) -> tuple[LintRow, ...]:
    return tuple((f.level, LEVEL_LABELS[f.level], f.code, f.cell, f.message) for f in findings)


def lint_table(rows: Iterable[LintRow]) -> Table:
    return Table("指摘事項", ["レベル", "指摘", "コード", "セル", "内容"],
                 ([label, CODE_LABELS.get(code, code), code, cell, msg] for _, label, code, cell, msg in rows),
                 [8, 16, 18, 22, 80])


def in_sheet_order(findings: Iterable[LintFinding], sheets: Sequence[str]) -> list[LintFinding]:
    """*findings* by position in the file: sheet (in the workbook's order), row, column; those without a cell
    (a requirement without an answer row) after them, in their order."""
    order = {sheet_ref(name): i for i, name in enumerate(sheets)}

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


def lint_summary_table(response: Response, spec: str, findings: Sequence[LintFinding], generated_at: str) -> Table:
    """The cover of the sheet sent back to a vendor: which file, against which spec, when, how many findings."""
    counts = [[f"{label}（件）", sum(1 for f in findings if f.level == level)] for level, label in LEVEL_LABELS.items()]
    return Table("概要", ["項目", "値"], [
        ["回答ファイル", response.file], ["回答ファイル sha256", response.sha256], ["ベンダ", response.vendor],
        ["仕様書", spec or "指定なし（仕様書にないID・回答行のない要件は調べていません）"], ["検査日時", as_datetime(generated_at)],
        ["読み込んだ回答（行）", len(response.answers)], *counts,
    ], [28, 70])
