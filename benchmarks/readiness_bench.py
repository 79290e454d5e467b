"""Benchmark: import 総務省's national progress workbook vs reading its cells bare with python-calamine.

    python benchmarks/readiness_bench.py [WORKBOOK] [--db URL] [--repeat N] [--browser]

Reports ratios (import / bare read, status query / bare read), as design.md asks, plus the
absolute seconds for context. The default workbook is the test fixture (1,741 × 20 × 40).
--browser also opens the national dashboard in headless chromium (Debian's): first contentful
paint, load, the heat map shown (scrolled to and laid out), a name filter and its clearing, against the same page
with every row of its heat map laid out at load (readiness.css's deferral and paging overridden), in
the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import python_calamine as pc

from checker.analysis.readiness import Deadlines
from checker.io.readiness_reader import read_progress
from checker.readiness_query import Selection, load, status_records
from checker.readiness_store import ReadinessStore, metadata
from checker.report.readiness_view import write_dashboard

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "readiness" / "soumu_progress_全国_2026-01.xlsx"


def bare_read(path: Path) -> int:
    """Every cell of every sheet as Python values: the floor any reader pays."""
    wb = pc.CalamineWorkbook.from_path(str(path))
    return sum(len(wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# The page as it was before changes 28–29: every row of the heat map laid out at load.
EVERY_ROW = ".heat-wrap { content-visibility: visible !important; } #heat-table tr.paged { display: table-row !important; }"
# The page's CSP forbids eval, so wait_for_function cannot poll: a promise resolves when the entry exists.
FIRST_PAINT = """() => new Promise((resolve) => { const look = () => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  if (e) resolve(e.startTime); else requestAnimationFrame(look); }; look(); })"""
# Type into the name filter, in the page (no driver round trip counted), until the next frame.
NAME_FILTER = """async (text) => { const t0 = performance.now(); const q = document.getElementById('filter-name');
  q.value = text; q.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); return performance.now() - t0; }"""
FRAME = "() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"
SHOW_HEAT = """() => { const t0 = performance.now(); document.getElementById('heat').scrollIntoView();
  document.querySelector('#heat-table tbody tr:last-child').getBoundingClientRect(); return t0; }"""


def dashboard_in_browser(path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Median milliseconds of the dashboard at *path* and of the same page with every row laid out at load."""
    from html_bench import CHROMIUM, CHROMIUM_ARGS, against_override  # this folder's (on a script's sys.path)
    from playwright.sync_api import sync_playwright

    def probe(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
        fcp = page.evaluate(FIRST_PAINT)
        load_end = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        t0 = page.evaluate(SHOW_HEAT)
        page.evaluate(FRAME)
        shown = page.evaluate("performance.now()") - t0
        return {"first_paint_ms": fcp, "load_ms": load_end, "heat_shown_ms": shown,
                "filter_ms": page.evaluate(NAME_FILTER, "町"), "filter_cleared_ms": page.evaluate(NAME_FILTER, "")}

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return against_override(browser, path, EVERY_ROW, repeat, probe)
        finally:
            browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--db", help="SQLAlchemy URL (default: a fresh SQLite file in a temp folder)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--browser", action="store_true", help="also time the national dashboard in headless chromium")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"

        def fresh_import() -> None:
            store = ReadinessStore(url)
            with store.engine.begin() as conn:
                metadata.drop_all(conn)
            ReadinessStore(url).import_data(read_progress(args.workbook))

        bare = best(lambda: bare_read(args.workbook), args.repeat)
        imp = best(fresh_import, args.repeat)
        store = ReadinessStore(url)
        today, deadlines = dt.date(2026, 2, 1), Deadlines()
        one = best(lambda: status_records(store, load(store, Selection("宮城県", "利府町"), None),
                                          today=today, deadlines=deadlines), args.repeat)
        pref = best(lambda: status_records(store, load(store, Selection("宮城県", None), None),
                                           today=today, deadlines=deadlines), args.repeat)
        out = Path(tmp) / "dash"
        dash = best(lambda: write_dashboard(store, load(store, Selection(None, None), None), out,
                                            today=today, deadlines=deadlines), 1)
        size = sum(p.stat().st_size for p in out.iterdir())
        shown = dashboard_in_browser(next(out.iterdir()), args.repeat) if args.browser else None
    print(f"workbook: {args.workbook.name}  database: {url.split('://')[0]}")
    print(f"bare calamine read        {bare:7.2f} s   1.00×")
    print(f"import (read+parse+store) {imp:7.2f} s   {imp / bare:.2f}×")
    print(f"status, one municipality  {one:7.2f} s   {one / bare:.2f}×")
    print(f"status, one prefecture    {pref:7.2f} s   {pref / bare:.2f}×")
    print(f"national dashboard        {dash:7.2f} s   {dash / bare:.2f}×   ({size / 1e6:.1f} MB HTML)")
    if shown:
        ours, base = shown["ours"], shown["every_row"]
        print("national dashboard in chromium (ms)   ours   every row laid out at load   ours / that")
        for k in ours:
            print(f"  {k:34s} {ours[k]:7.0f} {base[k]:12.0f} {ours[k] / base[k]:18.2f}×")


if __name__ == "__main__":
    main()
