"""JSON documents of a spec diff (schemas/specdiff.schema.json) and of a carry-over (the gap result's `carryover`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..analysis.carryover import Carryover
from ..analysis.specdiff import RENUMBER_THRESHOLD, SpecDiff
from ..model import Requirement, Spec
from .provenance import tool_info

# /2: added, removed and text_changed are entries with the kind (機能要件 / 帳票要件), no longer bare ids
FORMAT = "hyojun-specdiff/2"


def _side(spec: Spec) -> dict[str, Any]:
    return {"version": spec.version, "sha256": spec.sha256, "requirements": len(spec.requirements),
            "sources": [s.to_dict() for s in spec.sources]}


def _place(r: Requirement) -> dict[str, Any]:
    return {"section": list(r.section), "number": r.number}


def _entry(r: Requirement) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind}


def diff_dict(d: SpecDiff, generated_at: str, warnings: Sequence[str]) -> dict[str, Any]:
    """*warnings*: diff_warnings(), as the console showed them."""
    return {
        "format": FORMAT,
        "tool": tool_info(),
        "generated_at": generated_at,
        "area": d.new.area,
        "old": _side(d.old),
        "new": _side(d.new),
        "renumber_threshold": RENUMBER_THRESHOLD,
        "counts": d.counts(),
        "warnings": list(warnings),
        "added": [_entry(r) for r in d.added],
        "removed": [_entry(r) for r in d.removed],
        "text_changed": [_entry(c.new) for c in d.text_changed],
        "name_changed": [{**_entry(c.new), "from": c.old.name, "to": c.new.name} for c in d.name_changed],
        "class_changed": [{**_entry(c.new), "from": c.from_cls, "to": c.to_cls, "from_note": c.old.class_note,
                           "to_note": c.new.class_note} for c in d.class_changed],
        "kind_changed": [{"id": c.id, "from": c.old.kind, "to": c.new.kind} for c in d.kind_changed],
        "renamed_headings": [{"kind": h.kind, "level": h.level, "parent": list(h.parent), "from": h.old_name,
                              "to": h.new_name, "ids": list(h.ids)} for h in d.renamed_headings],
        "moved": [{"id": m.id, "from": _place(m.old), "to": _place(m.new)} for m in d.moved],
        "renumbered": [{"from": r.old.id, "to": r.new.id, "similarity": r.similarity} for r in d.renumbered],
    }


def carryover_dict(c: Carryover) -> dict[str, Any]:
    """The `carryover` key of a gap result: present only when the answers were made against another version."""
    classes = {x.id: x for x in c.diff.class_changed}
    return {
        "answered_version": c.answered.version,
        "basis": c.answered.basis,
        "answered_spec_sha256": c.answered_spec.sha256,
        "spec_version": c.spec.version,
        "counts": {"reconfirm": len(c.reconfirm), "orphaned": len(c.orphaned), "new_unanswered": len(c.new_unanswered)},
        "reconfirm": [
            {"id": r.id, "reasons": list(r.reasons),
             "class_from": classes[r.id].from_cls if r.id in classes else None,
             "class_to": classes[r.id].to_cls if r.id in classes else None,
             "class_note_from": classes[r.id].old.class_note if r.id in classes else None,
             "class_note_to": classes[r.id].new.class_note if r.id in classes else None,
             "answer": r.answer.answer, "raw_answer": r.answer.raw_answer, "cell": r.answer.cell}
            for r in c.reconfirm],
        "orphaned": [
            {"id": o.id, "answer": o.answer.answer, "raw_answer": o.answer.raw_answer, "cell": o.answer.cell,
             "renumbered_to": o.renumbered_to.new.id if o.renumbered_to else None,
             "similarity": o.renumbered_to.similarity if o.renumbered_to else None}
            for o in c.orphaned],
        "new_unanswered": [{"id": r.id, "class": r.cls, "class_note": r.class_note} for r in c.new_unanswered],
    }
