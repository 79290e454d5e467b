"""Write one gap result in the requested formats: json, html, xlsx, csv (each atomically)."""

from __future__ import annotations

import json
from pathlib import Path

from ..analysis.gap import GapResult
from ..io import atomic
from ..io.export import write_csv, write_xlsx
from .gap_json import result_dict
from .gap_view import gap_view
from .html import render

FORMATS = ("json", "html", "xlsx", "csv")


def result_json_text(result: GapResult, generated_at: str) -> str:
    return json.dumps(result_dict(result, generated_at), ensure_ascii=False, indent=2) + "\n"


def write_gap_outputs(result: GapResult, out_dir: Path, stem: str, formats: tuple[str, ...],
                      generated_at: str) -> list[Path]:
    written: list[Path] = []
    if "json" in formats:
        written.append(out_dir / f"{stem}.json")
        atomic.write_text(written[-1], result_json_text(result, generated_at))
    view = gap_view(result, generated_at)
    if "html" in formats:
        written.append(out_dir / f"{stem}.html")
        atomic.write_text(written[-1], render("gap.html", view=view, provenance=view.provenance))
    if "xlsx" in formats:
        written.append(out_dir / f"{stem}.xlsx")
        write_xlsx(written[-1], [view.summary_table(), view.rows_table(), view.lint_table()])
    if "csv" in formats:
        written.append(out_dir / f"{stem}.csv")
        write_csv(written[-1], view.rows_table())
    return written
