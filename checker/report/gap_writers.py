"""Write one gap result in the requested formats: json, html, xlsx, csv (each atomically)."""

from __future__ import annotations

from pathlib import Path

import orjson

from ..analysis.carryover import Carryover
from ..analysis.gap import GapResult
from ..io import atomic
from ..io.export import write_csv, write_xlsx
from .gap_json import result_dict
from .gap_view import gap_view
from .html import render
from .specdiff_view import carryover_view

FORMATS = ("json", "html", "xlsx", "csv")
_ROW_START = b'},{"id":'  # every row opens with its "id"; inside a string the quote would be escaped


def result_json(result: GapResult, generated_at: str, carryover: Carryover | None = None) -> bytes:
    """The result as UTF-8 JSON, indented by 2, except that each row stands on one line.

    The rows (nearly all of the document) are encoded by orjson in one call and then put one per
    line: several times faster than json on a 20,000-row result, and one row per line also keeps
    the file easy to grep and diff.
    """
    doc = result_dict(result, generated_at, carryover)
    # json.dumps with indent runs its pure-Python encoder (a result's lint list made it ~5 % of a check)
    head = orjson.dumps({**doc, "rows": []}, option=orjson.OPT_INDENT_2)
    if not doc["rows"]:
        return head + b"\n"
    rows = b"    " + orjson.dumps(doc["rows"])[1:-1].replace(_ROW_START, b'},\n    {"id":')
    # Only the top-level key sits at an indent of two spaces; quotes inside strings are escaped.
    return head.replace(b'\n  "rows": [],', b'\n  "rows": [\n' + rows + b"\n  ],", 1) + b"\n"


def write_gap_outputs(result: GapResult, out_dir: Path, stem: str, formats: tuple[str, ...],
                      generated_at: str, carryover: Carryover | None = None) -> list[Path]:
    written: list[Path] = []
    if "json" in formats:
        written.append(out_dir / f"{stem}.json")
        atomic.write_bytes(written[-1], result_json(result, generated_at, carryover))
    if not set(formats) - {"json"}:
        return written  # the view model costs as much as the check itself: build it only for a report
    view = gap_view(result, generated_at, carryover)
    carry = carryover_view(carryover) if carryover else None
    if "html" in formats:
        written.append(out_dir / f"{stem}.html")
        files = [(kind, f"{stem}.{ext}") for ext, kind in (("xlsx", "Excel"), ("csv", "CSV")) if ext in formats]
        atomic.write_text(written[-1], render("gap.html", view=view, provenance=view.provenance, carryover=carry,
                                              files=files))
    if "xlsx" not in formats and "csv" not in formats:
        return written
    rows = view.rows_table()  # taken from the view rows once for both (~10 % of writing the CSV)
    if "xlsx" in formats:
        written.append(out_dir / f"{stem}.xlsx")
        write_xlsx(written[-1], [view.summary_table(), rows, view.lint_table(), *([carry.table()] if carry else [])],
                   title=view.title, generated_at=generated_at)
    if "csv" in formats:
        written.append(out_dir / f"{stem}.csv")
        write_csv(written[-1], rows)
    return written
