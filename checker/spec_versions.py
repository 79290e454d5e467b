"""What changed between spec versions: the `spec diff` and `spec history` use cases as library calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .analysis.specdiff import SpecDiff
from .catalog import load_catalog
from .diff_cache import version_diff
from .errors import UsageError
from .report.specdiff_view import diff_warnings
from .spec_store import names_workbooks, resolve_spec, stored_versions


@dataclass(frozen=True)
class ComparedVersions:
    diff: SpecDiff
    warnings: tuple[str, ...]  # what looks like a mistake in what was compared (diff_warnings): every output shows it


def spec_diff(old_refs: list[str], new_refs: list[str], notes: list[str] | None = None, *,
              options: tuple[str, str] = ("--old", "--new")) -> ComparedVersions:
    """Resolve both sides (each as --spec: one reference, or a 機能 and a 帳票 workbook) and diff them;
    two different areas cannot be compared. *notes* receives what reading a spec workbook passed over,
    each after the argument it concerns. *options*: what each side was given as, for the messages."""
    found: tuple[list[str], list[str]] = ([], [])
    old, new = (resolve_spec(refs, warnings=w, option=o) for refs, w, o in zip((old_refs, new_refs), found, options))
    if notes is not None:
        notes += [f"{' '.join(refs)}: {n}" for refs, side in zip((old_refs, new_refs), found) for n in side]
    if old.area != new.area:
        raise UsageError(f"業務が異なる仕様書は比較できません（OLD: {old.area}、NEW: {new.area}）")
    d = version_diff(old, new)
    stored = (not names_workbooks(old_refs), not names_workbooks(new_refs))
    return ComparedVersions(d, tuple(diff_warnings(d, stored)))


def history(area_name: str) -> list[dict[str, Any]]:
    """Stored versions of one area, oldest first, each with its counts and changes vs the previous one.

    Each consecutive pair is diffed, its renumbering pairs kept from the first call (diff_cache): thousands of
    renumbered and edited texts take about ten seconds to pair once (docs/spec-diff.md).
    """
    area = load_catalog().resolve(area_name)
    specs = stored_versions(area.name)
    entries: list[dict[str, Any]] = []
    for prev, spec in zip([None, *specs], specs):
        d = version_diff(prev, spec) if prev else None
        entries.append({
            "area": spec.area, "version": spec.version, "sha256": spec.sha256,
            **spec.counts(),  # as spec list --json
            "previous": prev.version if prev else None,
            "changes": d.counts() if d else None,
            "warnings": diff_warnings(d, (True, True)) if d else [],  # as spec diff of the two stored versions
        })
    return entries
