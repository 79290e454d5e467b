"""Benchmark: import 総務省's national progress workbook vs reading its cells bare with python-calamine.

    python benchmarks/readiness_bench.py [WORKBOOK] [--db URL] [--repeat N]

Reports ratios (import / bare read, status query / bare read), as design.md asks, plus the
absolute seconds for context. The default workbook is the test fixture (1,741 × 20 × 40).
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--db", help="SQLAlchemy URL (default: a fresh SQLite file in a temp folder)")
    ap.add_argument("--repeat", type=int, default=3)
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
    print(f"workbook: {args.workbook.name}  database: {url.split('://')[0]}")
    print(f"bare calamine read        {bare:7.2f} s   1.00×")
    print(f"import (read+parse+store) {imp:7.2f} s   {imp / bare:.2f}×")
    print(f"status, one municipality  {one:7.2f} s   {one / bare:.2f}×")
    print(f"status, one prefecture    {pref:7.2f} s   {pref / bare:.2f}×")
    print(f"national dashboard        {dash:7.2f} s   {dash / bare:.2f}×   ({size / 1e6:.1f} MB HTML)")


if __name__ == "__main__":
    main()
