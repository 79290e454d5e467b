"""Benchmark: `read_workbook` and `read_response` of this checkout against another, in one process, taking turns.

    python benchmarks/read_ab.py --baseline CHECKOUT [--corpus DIR] [--rounds N]

The reader's cost moves by a few per cent per change, less than the floor moves between processes on a
shared machine; so both readers are imported side by side (the baseline's package copied under another
name) and timed in CPU seconds over the same files, alternating which goes first in each round (the
second of a pair ran slower here: +18 % when the new reader always went second). Inputs: the answer
sheets and the national workbook of a corpus made by `python benchmarks/make_corpus.py --scale full
--out DIR`; the national workbook is read as the readiness import reads it (`hidden_rows=False`). The stage
"answers" reads the same answer sheets with `read_response` (the reader and the rows of the answer sheets,
the first step of `hyojun check`); the stage "csv" reads the corpus's CSV answer sheets.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]


def _readers(package_dir: Path, name: str) -> dict[str, Callable[[Path], object]]:
    sys.path.insert(0, str(package_dir))
    try:
        read_workbook = importlib.import_module(f"{name}.io.workbook").read_workbook
        read_response = importlib.import_module(f"{name}.io.vendor_reader").read_response
    finally:
        sys.path.pop(0)
    return {"vendor": read_workbook, "answers": read_response, "csv": read_workbook,
            "national": lambda f: read_workbook(f, hidden_rows=False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout of hyojun (git worktree add)")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/corpus_full2"))
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    vendor = sorted(p for p in (args.corpus / "vendor").rglob("*") if p.suffix in (".xlsx", ".xls"))
    national = sorted((args.corpus / "readiness").glob("*.xlsx"))
    csvs = sorted((args.corpus / "vendor").rglob("*.csv"))
    if not vendor or not national:
        sys.exit(f"{args.corpus}: no corpus here (python benchmarks/make_corpus.py --scale full --out {args.corpus})")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(args.baseline / "checker", Path(tmp) / "checker_baseline")
        readers = {"baseline": _readers(Path(tmp), "checker_baseline"), "this": _readers(ROOT, "checker")}
        stages = {"vendor": vendor, "answers": vendor, "national": national, **({"csv": csvs} if csvs else {})}
        times: dict[tuple[str, str], list[float]] = {(r, s): [] for r in readers for s in stages}
        for n in range(args.rounds):
            for name in (("baseline", "this") if n % 2 else ("this", "baseline")):
                for stage, files in stages.items():
                    read = readers[name][stage]
                    start = time.process_time()
                    for f in files:
                        read(f)
                    times[name, stage].append(time.process_time() - start)
    print(f"CPU s, best and median of {args.rounds} ({len(vendor)} answer sheets; {len(national)} national workbook; "
          f"{len(csvs)} CSV answer sheets)")
    for stage in stages:
        base, this = (sorted(times[r, stage]) for r in ("baseline", "this"))
        print(f"{stage:9} baseline {base[0]:.3f} / {base[len(base) // 2]:.3f}   this {this[0]:.3f} / "
              f"{this[len(this) // 2]:.3f}   this / baseline {this[0] / base[0]:.2f}")


if __name__ == "__main__":
    main()
