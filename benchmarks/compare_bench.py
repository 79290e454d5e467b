"""Benchmark of `hyojun compare` at national scale: 20 areas × 5 vendors × 3,000 requirements.

    python benchmarks/compare_bench.py [--reqs 3000] [--vendors 5] [--areas 20] [--keep DIR]

Generates the corpus in a temp folder with the generator of make_corpus.py (layout B specs, the
five answer styles S1–S5 rotated), then times, in the same run:

- baseline: the bare cell read of every generated file (python-calamine for workbooks, csv for the CSV);
- read + check: resolve_spec + check_file for every vendor file (what compare must do first);
- compare + score: the pure analysis (bid.compare + scoring.score);
- each renderer: JSON, HTML, Excel 評価表, and the three in one call (what `hyojun compare` does).

Prints each phase as a ratio to the baseline (seconds shown only for context).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import STYLES, VENDORS, _answers, _write_layout_b, _write_vendor, make_requirements  # noqa: E402

from checker.analysis.bid import compare  # noqa: E402
from checker.analysis.scoring import score  # noqa: E402
from checker.catalog import load_catalog  # noqa: E402
from checker.check_run import check_file  # noqa: E402
from checker.compare_run import load_scoring  # noqa: E402
from checker.normalize import DEFAULT_VOCABULARY  # noqa: E402
from checker.report.bid_writers import write_compare_outputs  # noqa: E402
from checker.clock import now_iso  # noqa: E402
from checker.runtime import tune_gc  # noqa: E402
from checker.spec_store import resolve_spec  # noqa: E402


def generate(out: Path, areas: int, vendors: int, reqs: int) -> list[tuple[Path, list[tuple[str, Path]]]]:
    rng = random.Random(20260206)
    plan = []
    for index, area in enumerate(load_catalog().areas[:areas]):
        version = "第1.0版"
        requirements = make_requirements(rng, area.business_codes[0], reqs, version)
        spec = out / f"{area.name}_{version}_機能・帳票要件.xlsx"
        _write_layout_b(spec, area.name, version, requirements)
        files = []
        for v, vendor in enumerate(VENDORS[:vendors]):
            style = STYLES[(v + index) % len(STYLES)]
            path = out / f"{area.name}_{version}_回答_{v}.{'csv' if style == 'S3' else 'xlsx'}"
            _write_vendor(path, style, area.name, version, vendor, _answers(rng, requirements, style))
            files.append((vendor, path))
        plan.append((spec, files))
    return plan


def bare_read(paths: list[Path]) -> int:
    cells = 0
    for p in paths:
        if p.suffix == ".csv":
            with p.open(encoding="cp932", newline="") as fh:
                cells += sum(len(r) for r in csv.reader(fh))
            continue
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
    return cells


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def main() -> None:
    tune_gc()  # every stage, the floor included, runs under the `hyojun` command's settings
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--areas", type=int, default=20)
    ap.add_argument("--vendors", type=int, default=5)
    ap.add_argument("--reqs", type=int, default=3000)
    ap.add_argument("--keep", type=Path, help="keep the corpus and the outputs in this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        corpus, out = work / "corpus", work / "out"
        corpus.mkdir(parents=True, exist_ok=True)
        plan, t_gen = timed(lambda: generate(corpus, args.areas, args.vendors, args.reqs))
        all_files = [p for spec, files in plan for p in (spec, *(f for _, f in files))]

        cells, t_base = timed(lambda: bare_read(all_files))

        def read_and_check():  # type: ignore[no-untyped-def]
            results = {}
            for spec_path, files in plan:
                spec = resolve_spec([str(spec_path)])
                results[spec.area] = {v: check_file(spec, (f,), None, DEFAULT_VOCABULARY, v) for v, f in files}
            return results

        results, t_check = timed(read_and_check)
        config = load_scoring(None)
        (comparison, scores), t_analysis = timed(lambda: (compare(results), score(results, config)))
        at = now_iso()
        timings = {}
        for fmt in ("json", "html", "xlsx"):
            _, timings[fmt] = timed(lambda fmt=fmt: write_compare_outputs(comparison, scores, out, "bench", (fmt,), at,
                                                                          masked=False))
        _, t_masked_html = timed(lambda: write_compare_outputs(comparison, scores, out, "bench_masked", ("html",), at,
                                                               masked=True))
        _, t_all = timed(lambda: write_compare_outputs(comparison, scores, out, "bench_all", ("json", "html", "xlsx"), at,
                                                       masked=False))
        answer_cells = sum(len(a.rows) * len(a.vendors) for a in comparison.areas)
        print(f"corpus: {args.areas} areas × {args.vendors} vendors × {args.reqs} requirements "
              f"= {answer_cells:,} answer cells; {len(all_files)} files, {cells:,} sheet cells "
              f"(generated in {t_gen:.1f}s)")
        print(f"{'phase':<32}{'seconds':>10}{'× baseline':>12}")
        rows = [("baseline: bare read (calamine)", t_base), ("read + check (all files)", t_check),
                ("compare + score", t_analysis), ("render JSON", timings["json"]), ("render HTML", timings["html"]),
                ("render HTML (masked)", t_masked_html), ("render Excel 評価表", timings["xlsx"]),
                ("render the 3 formats in one call", t_all)]
        rows.append(("total compare (check+analysis+3 formats)", t_check + t_analysis + t_all))
        for label, t in rows:
            print(f"{label:<32}{t:>10.2f}{t / t_base:>12.2f}")
        for fmt in ("json", "html", "xlsx"):
            size = (out / f"bench.{fmt}").stat().st_size
            print(f"bench.{fmt}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
