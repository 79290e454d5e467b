"""The JSON result of one vendor × spec check (semantics.md §5)."""

from __future__ import annotations

from typing import Any

from ..analysis.carryover import Carryover
from ..analysis.gap import NO_ROW, STATUSES, GapResult
from .lint_view import in_sheet_order
from .provenance import spec_info, tool_info
from .specdiff_json import carryover_dict

FORMAT = "hyojun-result/1"  # what a check result is among the JSON files a prefecture collects


def result_dict(result: GapResult, generated_at: str, carryover: Carryover | None = None) -> dict[str, Any]:
    """The result document; `carryover` is present only when the answers were made against another version."""
    spec, resp, profile = result.spec, result.response, result.profile
    rows = []
    for r in result.rows:
        src, req = r.source or NO_ROW, r.requirement
        kind, cls, note = (req.kind, req.cls, req.class_note) if req else (None, None, None)
        row: dict[str, Any] = {
            "id": r.id, "kind": kind, "class": cls, "class_note": note, "answer": r.answer,
            "raw_answer": src.raw_answer, "status": r.status, "cell": src.cell, "timing": src.timing,
            "alternative": src.alternative, "comment": src.comment}
        if r.required:
            row["required_option"] = {"priority": r.priority}
        rows.append(row)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "tool": tool_info(),
        "generated_at": generated_at,
        "spec": spec_info(spec),
        "vendor": {"name": resp.vendor, "file": resp.file, "sha256": resp.sha256, "files": [f.to_dict() for f in resp.sources],
                   "declared_version": resp.declared_version},
        "profile": ({"municipality": profile.municipality, "prefecture": profile.prefecture, "file": profile.file,
                     "sha256": profile.sha256} if profile else None),
        "summary": {
            "requirements": len(spec.requirements),
            "mandatory": spec.count(cls="mandatory"),
            "optional": spec.count(cls="optional"),
            "prohibited": spec.count(cls="prohibited"),
            "status_counts": {s: result.status_counts[s] for s in STATUSES},
            "unknown_ids": result.unknown_ids,
            "duplicate_ids": result.duplicate_ids,
            "mandatory_conformant": result.mandatory_conformant,
            "mandatory_coverage": round(result.mandatory_coverage, 4),
            "verdict": result.verdict,
        },
        "rows": rows,
        "lint": [f.to_dict() for f in in_sheet_order(result.lint, resp.sheets)],  # as lint and 指摘事項 No. list them
    }
    if carryover:
        doc["carryover"] = carryover_dict(carryover)
    return doc
