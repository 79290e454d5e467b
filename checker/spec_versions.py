"""What changed between spec versions: the `spec diff` and `spec history` use cases as library calls."""

from __future__ import annotations

from typing import Any

from .analysis.specdiff import SpecDiff, diff
from .catalog import load_catalog
from .errors import UsageError
from .report.specdiff_view import diff_warnings
from .spec_store import resolve_spec, stored_versions


def spec_diff(old_refs: list[str], new_refs: list[str], warnings: list[str] | None = None) -> SpecDiff:
    """Resolve both sides (each as --spec: one reference, or a 機能 and a 帳票 workbook) and diff them;
    two different areas cannot be compared. *warnings* receives what reading a spec workbook passed
    over, each after the argument it concerns, and what looks like a mistake in the arguments
    (a side without the 帳票要件 the other has, versions in reverse order)."""
    notes: tuple[list[str], list[str]] = ([], [])
    old, new = resolve_spec(old_refs, warnings=notes[0]), resolve_spec(new_refs, warnings=notes[1])
    if warnings is not None:
        warnings += [f"{' '.join(refs)}: {n}" for refs, found in zip((old_refs, new_refs), notes) for n in found]
    if old.area != new.area:
        raise UsageError(f"業務が異なる仕様書は比較できません（OLD: {old.area}、NEW: {new.area}）")
    d = diff(old, new)
    if warnings is not None:
        warnings += diff_warnings(d)
    return d


def history(area_name: str) -> list[dict[str, Any]]:
    """Stored versions of one area, oldest first, each with its counts and changes vs the previous one.

    Each consecutive pair is diffed on every call: identical texts are paired by a dictionary and the
    rest from an index (analysis/specdiff.py), so even thousands of renumbered ids take well under a
    second (benchmarks/RESULTS.md, change 35); nothing is cached on disk beside the store.
    """
    area = load_catalog().resolve(area_name)
    specs = stored_versions(area.name)
    entries: list[dict[str, Any]] = []
    for prev, spec in zip([None, *specs], specs):
        entries.append({
            "area": spec.area, "version": spec.version, "sha256": spec.sha256,
            "requirements": len(spec.requirements),
            **{c: spec.count(cls=c) for c in ("mandatory", "optional", "prohibited")},
            "previous": prev.version if prev else None,
            "changes": diff(prev, spec).counts() if prev else None,
        })
    return entries
