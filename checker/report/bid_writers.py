"""Write a bid comparison: JSON (schemas/compare.schema.json), HTML, the Excel 評価表, and the mask key."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..analysis.bid import Comparison
from ..analysis.bid_changes import REASONS, BidChanges, Standing
from ..analysis.gap import STATUSES
from ..analysis.scoring import Knockout, ScoreResult
from ..io import atomic
from ..io.export import Table, write_csv, write_xlsx
from ..normalize import DEFAULT_VOCABULARY, Vocabulary
from .bid_changes_view import ChangesView
from .bid_view import BidView, as_written, bid_view
from .html import render
from .provenance import tool_info

FORMATS = ("html", "xlsx", "json")


def _r(x: float) -> float:
    return round(x, 4)


def compare_dict(comparison: Comparison, scores: ScoreResult, view: BidView, generated_at: str) -> dict[str, Any]:
    """The JSON document; vendors are the view's names (letters only when masked)."""
    by_vendor = {v.vendor: v for v in scores.vendors}
    areas = []
    for ai, (a, av) in enumerate(zip(comparison.areas, view.areas)):
        profile = a.results[0].profile
        vendors = []
        for vi, (name, result, version) in enumerate(zip(a.vendors, a.results, a.versions)):
            s = by_vendor[name].areas[ai]
            entry: dict[str, Any] = {"vendor": name}
            if not view.masked:
                entry |= {"file": result.response.file, "sha256": result.response.sha256,
                          "files": [f.to_dict() for f in result.response.sources]}
            entry |= {
                "status_counts": {st: result.status_counts[st] for st in STATUSES},
                "unknown_ids": result.unknown_ids, "duplicate_ids": result.duplicate_ids,
                # as check decides it (its JSON's carryover, lint --json's answered_version)
                "answered_version": ({"version": version.answered.version, "basis": version.answered.basis,
                                      "reconfirm": version.reconfirm} if version else None),
                "verdict": result.verdict, "mandatory_conformant": result.mandatory_conformant,
                "mandatory_coverage": _r(result.mandatory_coverage),
                "score": {"points": as_written(s.points), "best": as_written(s.best), "percent": _r(s.percent),
                          "breakdown": [{"row_class": ln.row_class, "status": ln.status, "priority": ln.priority,
                                         "count": ln.count, "points": ln.points, "weight": ln.weight,
                                         "subtotal": as_written(ln.subtotal), "best_subtotal": as_written(ln.best_subtotal)}
                                        for ln in s.lines]},
            }
            vendors.append(entry)
        rows = []
        for g in a.groups:
            for r in g.rows:
                req = r.requirement
                rows.append({
                    "id": req.id, "kind": req.kind, "class": req.cls, "class_note": req.class_note, "group": g.name,
                    "name": req.name,
                    "required_option": {"priority": r.priority} if r.required else None,
                    "differ": r.differ, "gap": r.gap,
                    "cells": [{"status": c.status, "answer": c.answer, "raw_answer": c.raw_answer, "timing": c.timing,
                               "alternative": c.alternative, "comment": c.comment, "cell": c.cell,
                               "points": as_written(c.points)} for c in av.cells[req.id]],
                })
        areas.append({
            "area": a.spec.area, **({"town": a.town} if a.town else {}),
            "version": a.spec.version, "spec_sha256": a.spec.sha256, "weight": av.weight,
            "profile": ({"municipality": profile.municipality, "prefecture": profile.prefecture, "file": profile.file,
                         "sha256": profile.sha256} if profile else None),
            "summary": {"requirements": av.requirements, "mandatory": a.spec.count(cls="mandatory"),
                        "differ_rows": av.differ_rows, "gap_rows": av.gap_rows},
            "groups": [{"name": g.name, "rows": g.rows, "differ_rows": g.differ_rows, "gap_rows": g.gap_rows}
                       for g in av.groups],
            "vendors": vendors,
            "rows": rows,
        })
    # a joint comparison's (共同調達): its towns, and each vendor's evaluation for each (JSON keys only it has, so that
    # one town's comparison is written as before)
    towns = list(comparison.towns) if comparison.joint else []
    return {
        "format": "hyojun-compare/1",
        "tool": tool_info(),
        "generated_at": generated_at,
        "title": view.title,
        "masked": view.masked,
        "scoring": scores.config.to_dict(),
        "vendors": list(comparison.vendors),
        **({"towns": [{"town": t, "weight": scores.config.town_weights.get(t, 1.0), "areas": list(areas_of)}
                      for t, areas_of in comparison.towns.items()]} if towns else {}),
        "ranking": [{"vendor": v.vendor, "rank": v.rank, "total_percent": _r(v.total), "knocked_out": v.knocked_out,
                     "knockouts": [_knockout(k) for k in v.knockouts],
                     **({"towns": [{"town": t.town, "percent": _r(t.percent), "rank": t.rank,
                                    "knocked_out": t.knocked_out, "knockouts": [_knockout(k) for k in t.knockouts]}
                                   for t in v.towns]} if towns else {})}
                    for v in scores.ranking],
        "areas": areas,
        **({"since_previous": _since_previous(view.changes)} if view.changes else {}),
    }


def _since_previous(changes: ChangesView) -> dict[str, Any]:
    """What changed since the previous comparison (--previous): masked, no vendor's name nor the previous file's."""
    c, masked = changes.changes, changes.masked
    return {
        "previous": {**({} if masked else {"file": c.previous.file}), "generated_at": c.previous.generated_at,
                     "title": c.previous.title},
        "vendors": [{"vendor": v.vendor or None, **({} if masked else {"previous_vendor": v.previous_vendor or None}),
                     "previous": _standing(v.previous), "current": _standing(v.current),
                     "compared": bool(v.vendor) and c.compared(v.vendor),
                     "areas": [{"area": a.label, "changes": {k: counts[k] for k in REASONS if counts[k]}, "points": as_written(points)}
                               for a, counts, points in c.counts(v.vendor)] if v.vendor else []}
                    for v in c.vendors],
        "areas": [{"area": a.label, "previous_version": a.previous_version, "version": a.version,
                   "version_changed": a.version_changed, "dropped_ids": list(a.dropped_ids),
                   "rows": [{"id": r.row.id, "name": r.row.name, "class": r.row.cls, "vendor": r.row.vendor,
                             "previous_answer": r.previous_answer,
                             "previous_status": r.row.previous.status if r.row.previous else None,
                             "answer": r.answer, "status": r.row.status, "points": as_written(r.row.points),
                             "reason": r.row.reason} for r in rows]}
                  for a, rows in changes.rows],
        "dropped_areas": list(c.dropped_areas),
    }


def _standing(s: Standing | None) -> dict[str, Any] | None:
    return {"rank": s.rank, "total_percent": _r(s.percent), "knocked_out": s.rank is None} if s else None


def _knockout(k: Knockout) -> dict[str, Any]:
    return ({"rule": k.rule, "area": k.area, "message": k.message} | ({"town": k.town} if k.town else {})
            | ({"version_change": {"answered_version": k.answered_version, "class_changed": list(k.class_changed),
                                   "new": list(k.new)}} if k.answered_version else {}))


def write_compare_outputs(comparison: Comparison, scores: ScoreResult, out_dir: Path, stem: str,
                          formats: tuple[str, ...], generated_at: str, *, masked: bool, title: str = "",
                          vocabulary: Vocabulary = DEFAULT_VOCABULARY,
                          changes: BidChanges | None = None) -> tuple[list[Path], BidView]:
    """The files written, and the view they show (its redactions go to the mask key). *vocabulary* is the one the
    answers were read with: a masked comparison shows its marks (bid_view.masked_marks). *changes*: since the
    previous comparison (--previous)."""
    view = bid_view(comparison, scores, generated_at, masked=masked, title=title, vocabulary=vocabulary,
                    changes=changes)
    written: list[Path] = []
    if "json" in formats:
        written.append(out_dir / f"{stem}.json")
        # Compact, by orjson: a 20-area comparison holds 300,000 cells; tools read it, people read the HTML.
        atomic.write_bytes(written[-1], orjson.dumps(compare_dict(comparison, scores, view, generated_at)) + b"\n")
    if "html" in formats:
        written.append(out_dir / f"{stem}.html")
        matrices = [view.matrix(a) for a in view.areas]
        files = [("Excel 評価表", f"{stem}.xlsx")] if "xlsx" in formats else []
        atomic.write_text(written[-1], render("bid.html", view=view, matrices=matrices, provenance=view.provenance,
                                              files=files))
    if "xlsx" in formats:
        written.append(out_dir / f"{stem}.xlsx")
        write_xlsx(written[-1], [view.summary_table(), *([view.town_table()] if view.joint else []),
                                 *([view.standings_table(view.changes), view.changes_table(view.changes)]
                                   if view.changes else []),
                                 view.breakdown_table(), view.rules_table(),
                                 *(view.area_table(a) for a in view.areas), view.provenance_table()],
                   title=view.title, generated_at=generated_at)
    return written, view


@dataclass(frozen=True)
class MaskKey:
    """Which letter is which vendor: written beside the report, never inside it."""

    seed: str
    entries: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...]  # label, vendor, (area, file, sha256)…
    redactions: tuple[tuple[str, str, str, int], ...] = ()  # BidView.redactions
    title: str = ""  # the report's title and files: which comparison the letters are of
    reports: tuple[str, ...] = ()


def mask_key_names(stem: str) -> tuple[str, str]:
    """The key's files beside the report *stem*: compare.* → mask_key.*, compare_第1工区.* → mask_key_第1工区.*. Two
    masked comparisons in one folder (two lots) keep each its own key: one shared key named the first lot's winner
    after the second lot's letters."""
    name = f"mask_key{stem.removeprefix('compare')}" if stem.startswith("compare") else f"{stem}_mask_key"
    return f"{name}.json", f"{name}.csv"


MASK_KEY_FORMAT = "hyojun-mask-key/1"


@dataclass(frozen=True)
class PreviousKey:
    """The mask key an earlier run left beside this comparison's report: its files as they were and, when it is a key
    of this format and whole, its letters, seed and time. One truncated or edited by hand is kept, never used: a seed
    null was used as the text "None", and the letters compared were none of the key's."""

    files: tuple[tuple[str, bytes], ...]  # (suffix, bytes) of its JSON and, if there, its CSV: kept as read
    labels: dict[str, str] = field(default_factory=dict)  # vendor → label
    seed: str | None = None  # None: the key cannot be used
    generated_at: str = ""


def previous_key(out_dir: Path, stem: str) -> PreviousKey | None:
    """The key of the comparison *stem* an earlier run left in *out_dir*; None when there is none."""
    json_path, csv_path = (out_dir / n for n in mask_key_names(stem))
    return _read_key(json_path, csv_path)


def kept_keys(out_dir: Path, stem: str) -> list[tuple[Path, PreviousKey]]:
    """The earlier keys of the comparison *stem* kept in *out_dir* (keep_previous_key), newest first."""
    base = mask_key_names(stem)[0].removesuffix(".json") + ".前回_"
    paths = sorted((p for p in out_dir.iterdir() if p.name.startswith(base) and p.suffix == ".json"), reverse=True)
    return [(p, key) for p in paths if (key := _read_key(p, p.with_suffix(".csv")))]


def _read_key(json_path: Path, csv_path: Path) -> PreviousKey | None:
    """The key in *json_path* (and *csv_path*, if there); None when there is none."""
    try:
        files: tuple[tuple[str, bytes], ...] = ((".json", json_path.read_bytes()),)
    except OSError:
        return None
    with contextlib.suppress(OSError):
        files += ((".csv", csv_path.read_bytes()),)
    try:
        doc = json.loads(files[0][1])
    except ValueError:  # not JSON, or not UTF-8
        return PreviousKey(files)
    if not isinstance(doc, dict):
        return PreviousKey(files)
    made, vendors = doc.get("generated_at"), doc.get("vendors")
    at = made if isinstance(made, str) else ""  # its kept copy's name, used or not
    if not (doc.get("format") == MASK_KEY_FORMAT and isinstance(seed := doc.get("seed"), str) and seed.strip()
            and isinstance(vendors, list) and vendors
            and all(isinstance(v, dict) and isinstance(v.get("vendor"), str) and isinstance(v.get("label"), str)
                    for v in vendors)):
        return PreviousKey(files, generated_at=at)
    return PreviousKey(files, {v["vendor"]: v["label"] for v in vendors}, seed, at)


def keep_previous_key(key: PreviousKey, out_dir: Path, stem: str) -> list[Path]:
    """*key*'s files beside the new key under a name with its time (mask_key.前回_20261208T081233.json): the letters of
    the papers the committee had, which the new key no longer gives. Never over another file: a file of that name with
    other bytes (two keys of one second) takes the next number. Written in the run's output group (the folder's lock
    held): placed with the new key, or not at all."""
    try:
        made = dt.datetime.fromisoformat(key.generated_at).strftime("%Y%m%dT%H%M%S")
    except ValueError:  # the time is what tells two kept keys apart, whatever the key says
        made = "時刻不明"
    base, n = mask_key_names(stem)[0].removesuffix(".json"), 1
    while True:
        paths = [out_dir / f"{base}.前回_{made}{f'_{n}' if n > 1 else ''}{suffix}" for suffix, _ in key.files]
        if all(not os.path.lexists(p) or (p.is_file() and p.read_bytes() == data)
               for p, (_, data) in zip(paths, key.files)):
            for p, (_, data) in zip(paths, key.files):
                if not os.path.lexists(p):  # else the same bytes are there
                    atomic.write_bytes(p, data)
            return paths
        n += 1


def write_mask_key(key: MaskKey, out_dir: Path, stem: str, generated_at: str) -> list[Path]:
    doc = {"format": MASK_KEY_FORMAT, "generated_at": generated_at,
           "report": {"name": stem, "title": key.title, "files": list(key.reports)}, "seed": key.seed,
           "vendors": [{"label": label, "vendor": vendor,
                        "files": [{"area": a, "file": f, "sha256": h} for a, f, h in files]}
                       for label, vendor, files in key.entries],
           # what was taken for another vendor's name in a vendor's text: an ordinary word may have been replaced
           "replacements": [{"in": where, "found": found, "replaced_by": label, "count": n}
                            for where, found, label, n in key.redactions]}
    paths = [out_dir / n for n in mask_key_names(stem)]
    atomic.write_text(paths[0], json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    write_csv(paths[1], Table("対応表", ["比較レポート", "表示名", "ベンダ", "業務", "回答ファイル", "sha256"],
                              [[stem, label, vendor, a, f, h] for label, vendor, files in key.entries for a, f, h in files]))
    return paths
