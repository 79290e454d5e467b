"""Benchmark of the XLSX writer against XlsxWriter, the baseline it replaced, on the same rows.

    python benchmarks/xlsx_bench.py [--rows 4500] [--repeat 3]

A synthetic sheet shaped like a gap report's 要件別結果 (18 columns: ids, Japanese labels and text,
empty cells, numbers) is written by both; each is timed `--repeat` times and the median is
reported, with the ratio baseline / ours. Also: file sizes, and ours at zlib's default level 6.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import xlsxwriter

from checker.io import atomic, xlsx
from checker.io.export import Table, neutralize_row, write_xlsx
from checker.report.gap_view import ROW_COLUMNS

STATUSES = ("適合", "不適合（未対応）", "代替案で対応", "対応予定", "対象外", "回答なし")
COMMENTS = ("", "", "", "標準機能で対応", "次期バージョンで対応予定", "詳細は別紙参照", "=SUM(A1:A2)")


def baseline_write_xlsx(path: Path, tables: Sequence[Table]) -> None:
    """The XlsxWriter implementation of export.write_xlsx as it was before checker/io/xlsx.py."""
    with atomic.atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
        head = wb.add_format({"bold": True, "bg_color": "#E6E6E6", "border": 1, "text_wrap": True, "valign": "top"})
        body = wb.add_format({"valign": "top"})
        wrap = wb.add_format({"valign": "top", "text_wrap": True})
        for table in tables:
            ws = wb.add_worksheet(_sheet_name(table.name))
            for c, h in enumerate(table.header):
                ws.write_string(0, c, str(h), head)
            for c, w in enumerate(table.widths):
                ws.set_column(c, c, w, wrap if w >= 30 else body)
            n = 0
            for n, row in enumerate(table.rows, start=1):
                for c, v in enumerate(row):
                    if v is None or v == "":
                        continue
                    if isinstance(v, bool):
                        ws.write_boolean(n, c, v)
                    elif isinstance(v, (int, float)):
                        ws.write_number(n, c, v)
                    else:
                        ws.write_string(n, c, neutralize_row([str(v)])[0])
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(n, 1), max(len(table.header) - 1, 0))
        wb.close()


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31] or "Sheet"


def synthetic_rows(n: int, seed: int = 8) -> list[list[object]]:
    """Rows shaped like the gap report's: 18 columns, mostly text, ~15 % empty, a few numbers."""
    rnd = random.Random(seed)
    rows = []
    for k in range(n):
        group = f"大項目{k // 450 + 1}"
        sub = f"{group}の中項目{k % 8 + 1}"
        rows.append([
            f"{23 + k // 9000:03d}{k % 9000 + 1:04d}", "機能要件", rnd.choice(("実装必須機能", "標準オプション機能")),
            rnd.choice(STATUSES), rnd.choice(("conformant", "missing", "alternative", "planned")),
            rnd.choice(("○", "△", "×", "", "予定")), rnd.choice(("yes", "partial", "no", "blank")),
            f"機能要件!F{k + 3}", group, sub, f"{k % 40 + 1}.{k % 7 + 1}", f"{sub}の処理{k + 1}",
            f"{sub}において、対象者の情報を条件（氏名、生年月日、被保険者番号等）で検索し、一覧で確認したうえで"
            f"帳票（様式第{k % 40 + 1}号）を出力できること。",
            rnd.choice(("", "", "", "※法改正に伴い追加")), rnd.choice(("", "令和8年度", None)),
            rnd.choice(("", "", "EUC機能で代替")), rnd.choice(COMMENTS), rnd.choice((1, 2, 3, 0.5, None)),
        ])
    return rows


def table(rows: list[list[object]]) -> Table:
    return Table("要件別結果", [c[0] for c in ROW_COLUMNS], iter(rows), [c[2] for c in ROW_COLUMNS])


def timed(write: Callable[[Path, Sequence[Table]], None], rows: list[list[object]], path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one write (CPU time is the steadier measure on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    write(path, [table(rows)])
    return time.perf_counter() - wall, time.process_time() - cpu


def with_level(level: int) -> Callable[[Path, Sequence[Table]], None]:
    def write(path: Path, tables: Sequence[Table]) -> None:
        default, xlsx._COMPRESSLEVEL = xlsx._COMPRESSLEVEL, level
        try:
            write_xlsx(path, tables)
        finally:
            xlsx._COMPRESSLEVEL = default
    return write


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=4500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    rows = synthetic_rows(args.rows)
    # Ours at the level it uses and at zlib's default 6, to check the choice of level.
    ours = f"ours, zlib level {xlsx._COMPRESSLEVEL}"
    writers = {"XlsxWriter (baseline)": baseline_write_xlsx}
    writers.update({f"ours, zlib level {level}": with_level(level) for level in sorted({xlsx._COMPRESSLEVEL, 6})})
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in writers}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "out.xlsx")
        for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits all alike
            for name, write in writers.items():
                times[name].append(timed(write, rows, path))
                sizes[name] = path.stat().st_size
    print(f"{args.rows:,} rows × {len(ROW_COLUMNS)} columns, median of {args.repeat}")
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for name, runs in times.items():
        wall[name], cpu[name] = (statistics.median(t) for t in zip(*runs))
        print(f"{name:<22} {wall[name]:.3f} s wall, {cpu[name]:.3f} s CPU, {sizes[name]:,} bytes")
    base = "XlsxWriter (baseline)"
    print(f"ratio baseline / {ours}: {wall[base] / wall[ours]:.1f}x wall, {cpu[base] / cpu[ours]:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
