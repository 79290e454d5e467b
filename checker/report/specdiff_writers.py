"""Write one spec diff as html, xlsx and json (each atomically)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..analysis.specdiff import SpecDiff
from ..io import atomic
from ..io.export import write_xlsx
from .html import render
from .specdiff_json import diff_dict
from .specdiff_view import specdiff_view

FORMATS = ("html", "xlsx", "json")


def diff_stem(d: SpecDiff) -> str:
    return f"{d.new.area}_{d.old.version}-{d.new.version}_差分"


def write_specdiff_outputs(d: SpecDiff, out_dir: Path, formats: tuple[str, ...], generated_at: str,
                           warnings: Sequence[str]) -> list[Path]:
    """*warnings*: diff_warnings(), as the console showed them (each output shows them as 注意)."""
    stem = diff_stem(d)
    written: list[Path] = []
    view = specdiff_view(d, generated_at, warnings)
    if "html" in formats:
        written.append(out_dir / f"{stem}.html")
        atomic.write_text(written[-1], render("specdiff.html", view=view, provenance=view.provenance))
    if "xlsx" in formats:
        written.append(out_dir / f"{stem}.xlsx")
        write_xlsx(written[-1], view.tables(), title=view.title, generated_at=generated_at)
    if "json" in formats:
        written.append(out_dir / f"{stem}.json")
        atomic.write_text(written[-1], json.dumps(diff_dict(d, generated_at, warnings), ensure_ascii=False, indent=2) + "\n")
    return written
