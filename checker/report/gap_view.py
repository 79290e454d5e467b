"""View model of one gap result: everything the HTML, Excel and CSV renderers show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import TOOL_NAME, __version__
from ..analysis.gap import (STATUS_LABELS, STATUS_TONES, STATUSES, VERDICT_LABELS, GapResult)
from ..io.export import Table
from ..model import KIND_LABELS
from ..normalize import ANSWER_LABELS, CLASS_LABELS
from .lint_view import LintRow, lint_rows, lint_table
from .provenance import Provenance



@dataclass(frozen=True)
class RowView:
    id: str
    kind: str
    cls: str
    cls_label: str
    status: str
    status_label: str
    tone: str
    answer: str
    answer_label: str
    raw_answer: str
    cell: str
    group: str
    subgroup: str
    number: str
    name: str
    text: str
    note: str
    timing: str
    alternative: str
    comment: str
    priority: str  # 高/中/低 for a required option, else ""

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _JSON_KEYS}


_JSON_KEYS = ("id", "kind", "cls", "status", "answer", "raw_answer", "cell", "group", "subgroup", "number",
              "name", "text", "note", "timing", "alternative", "comment", "priority")

# Columns of the rows sheet and the CSV (and of the HTML's own CSV export).
ROW_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("ID", "id", 10), ("種別", "kind_label", 9), ("実装区分", "cls_label", 16), ("状態", "status_label", 24),
    ("状態コード", "status", 20), ("回答（原文）", "raw_answer", 10), ("回答区分", "answer", 9),
    ("回答セル", "cell", 16), ("大項目", "group", 16), ("中項目", "subgroup", 16), ("項番", "number", 9),
    ("名称", "name", 28), ("要件", "text", 60), ("仕様の備考", "note", 20), ("対応時期", "timing", 12),
    ("代替案", "alternative", 30), ("ベンダ備考", "comment", 30), ("求めるオプション（優先度）", "priority", 12),
)


@dataclass(frozen=True)
class GapView:
    title: str
    area: str
    version: str
    vendor: str
    file: str
    verdict: str
    verdict_label: str
    coverage: float
    counts: tuple[tuple[str, str, str, int], ...]  # status, label, tone, count
    class_counts: tuple[tuple[str, str, int, int], ...]  # class, label, total, conformant
    unknown_ids: int
    duplicate_ids: int
    requirements: int
    rows: tuple[RowView, ...]
    lint: tuple[LintRow, ...]
    provenance: Provenance
    profile: str

    def rows_table(self) -> Table:
        return Table("要件別結果", [c[0] for c in ROW_COLUMNS],
                     ([getattr(r, c[1]) if c[1] != "kind_label" else KIND_LABELS.get(r.kind, "") for c in ROW_COLUMNS]
                      for r in self.rows), [c[2] for c in ROW_COLUMNS])

    def summary_table(self) -> Table:
        rows: list[list[Any]] = [["判定", self.verdict_label], ["判定コード", self.verdict],
                                 ["必須機能の適合率", round(self.coverage, 4)], ["要件数", self.requirements]]
        rows += [[f"件数: {label}", n] for _, label, _, n in self.counts]
        rows += [["仕様にないID（件）", self.unknown_ids], ["重複回答（行）", self.duplicate_ids]]
        rows += [[k, v] for k, v in self.provenance.items]
        return Table("概要", ["項目", "値"], rows, [28, 70])

    def lint_table(self) -> Table:
        return lint_table(self.lint)


def gap_view(result: GapResult, generated_at: str) -> GapView:
    spec, resp = result.spec, result.response
    rows = []
    for r in result.rows:
        req, src = r.requirement, r.source
        rows.append(RowView(
            id=r.id, kind=req.kind if req else "", cls=req.cls if req else "",
            cls_label=CLASS_LABELS.get(req.cls, "") if req else "", status=r.status,
            status_label=STATUS_LABELS[r.status], tone=STATUS_TONES[r.status], answer=r.answer,
            answer_label=ANSWER_LABELS.get(r.answer, ""), raw_answer=src.raw_answer if src else "",
            cell=src.cell if src else "", group=req.group if req else "（仕様外）", subgroup=req.subgroup if req else "",
            number=req.number if req else "", name=req.name if req else (src.name if src else ""),
            text=req.text if req else "", note=req.note if req else "",
            timing=src.timing if src else "", alternative=src.alternative if src else "",
            comment=src.comment if src else "", priority=r.priority,
        ))
    class_counts = tuple(
        (cls, CLASS_LABELS[cls], spec.count(cls=cls),
         sum(1 for r in result.requirement_rows if r.requirement and r.requirement.cls == cls
             and r.status in ("conformant", "optional_offered")))
        for cls in ("mandatory", "optional", "prohibited"))
    profile = result.profile
    prov = Provenance((
        ("ツール", f"{TOOL_NAME} {__version__}"),
        ("仕様書", f"{spec.area} {spec.version}"),
        ("仕様書 sha256", spec.sha256),
        ("仕様書の出典", "、".join(f"{s.file}（sha256 {s.sha256[:12]}…）" for s in spec.sources) or "—"),
        ("ベンダ", resp.vendor),
        ("回答ファイル", resp.file),
        ("回答ファイル sha256", resp.sha256),
        ("プロファイル", f"{profile.municipality}（{profile.file}）" if profile else "なし（標準オプションは求めない）"),
        ("プロファイル sha256", profile.sha256 if profile else "—"),
        ("作成日時", generated_at),
    ))
    return GapView(
        title=f"{spec.area} {spec.version} 適合チェック結果 — {resp.vendor}",
        area=spec.area, version=spec.version, vendor=resp.vendor, file=resp.file,
        verdict=result.verdict, verdict_label=VERDICT_LABELS[result.verdict], coverage=result.mandatory_coverage,
        counts=tuple((s, STATUS_LABELS[s], STATUS_TONES[s], result.status_counts[s]) for s in STATUSES),
        class_counts=class_counts, unknown_ids=result.unknown_ids, duplicate_ids=result.duplicate_ids,
        requirements=len(spec.requirements), rows=tuple(rows),
        lint=lint_rows(result.lint),
        provenance=prov, profile=profile.municipality if profile else "",
    )
