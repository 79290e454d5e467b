"""What changed between spec versions: the `spec diff` and `spec history` use cases as library calls."""

from __future__ import annotations

from typing import Any

from .analysis.specdiff import SpecDiff, diff
from .catalog import load_catalog
from .errors import UsageError
from .spec_store import resolve_spec, stored_versions


def spec_diff(old_ref: str, new_ref: str, warnings: list[str] | None = None) -> SpecDiff:
    """Resolve both SPEC arguments and diff them; two different areas cannot be compared. *warnings*
    receives what reading a spec workbook passed over, each after the argument it concerns."""
    notes: tuple[list[str], list[str]] = ([], [])
    old, new = resolve_spec([old_ref], warnings=notes[0]), resolve_spec([new_ref], warnings=notes[1])
    if warnings is not None:
        warnings += [f"{ref}: {n}" for ref, found in zip((old_ref, new_ref), notes) for n in found]
    if old.area != new.area:
        raise UsageError(f"業務が異なる仕様書は比較できません（OLD: {old.area}、NEW: {new.area}）")
    return diff(old, new)


def history(area_name: str) -> list[dict[str, Any]]:
    """Stored versions of one area, oldest first, each with its counts and changes vs the previous one."""
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
