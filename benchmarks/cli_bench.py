"""Benchmark: the commands a user types, each in a fresh process, start-up included.

    python benchmarks/cli_bench.py [--baseline CHECKOUT] [--repeat N] [--only NAME]... [--workbook XLSX]
                                   [--json FILE]

A DX office checks one vendor file at a time, so for it start-up (imports) is most of a command's
cost; prefecture staff ask `readiness status` of the whole country. Each command runs --repeat
times; the median CPU seconds (user + sys of the child, steadier than wall time on a shared
machine) and wall seconds are reported against the bare interpreter (`python -c pass`), measured
in the same run. With --baseline (another checkout of hyojun, e.g. `git worktree add /tmp/old
HEAD~3`), the same commands run from that checkout too, taking turns with this one, and the
ratio this / baseline is printed per command.

Inputs: the bundled fixtures (a 461-requirement spec and its vendor answer, the 総務省 national
progress workbook of 1,741 municipalities, or --workbook), imported into a temporary HYOJUN_HOME first.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SPEC = FIXTURES / "specs" / "介護保険_第6.0版_機能・帳票要件.xlsx"
VENDOR = FIXTURES / "vendor" / "介護保険_第6.0版_回答_架空システムズ.xlsx"
NATIONAL = FIXTURES / "readiness" / "soumu_progress_全国_2026-01.xlsx"


def commands(out: Path) -> dict[str, list[str]]:
    check = ["check", str(VENDOR), "--spec", "介護保険@第6.0版"]
    return {
        "help": ["--help"],
        "areas": ["areas"],
        "lint": ["lint", str(VENDOR), "--spec", "介護保険@第6.0版"],
        "check (JSON)": [*check, "--out", str(out / "json"), "--format", "json"],
        "check (every format)": [*check, "--out", str(out / "all")],
        "spec list": ["spec", "list"],
        "readiness status, one prefecture": ["readiness", "status", "--prefecture", "宮城県", "--today", "2026-11-29"],
        "readiness status, national JSON": ["readiness", "status", "--json", "--today", "2026-11-29"],
        "readiness dashboard, national": ["readiness", "dashboard", "--out", str(out / "dash"), "--today", "2026-11-29"],
    }


def _argv(checkout: Path | None, args: list[str]) -> tuple[list[str], dict[str, str]]:
    """`hyojun ARGS` from *checkout* (None: this one), as a fresh interpreter. PYTHONPATH comes before
    an editable install's import hook, so each side loads its own code (the runs start outside both). The user's
    HYOJUN_DB is not passed on: the runs' imports go to their temporary HYOJUN_HOME, not into the real database."""
    env = {**{k: v for k, v in os.environ.items() if k != "HYOJUN_DB"}, "PYTHONPATH": str(checkout or ROOT)}
    return [sys.executable, "-c", "from checker.cli import main; main()", *args], env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU s, wall s) of one run; a failing command stops the benchmark (it would time an error)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # lint exits 1 when the sheet has errors: still a full run
        raise SystemExit(f"{' '.join(argv[3:])}: exit code {done.returncode}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def setup(home: Path, checkout: Path | None, workbook: Path) -> None:
    """The spec and the progress workbook imported into *home* (by *checkout*'s own code)."""
    (home / "specs").mkdir(parents=True)
    # checkouts before 2026-11-29 (--baseline) read the area catalog from the home only
    shutil.copyfile(ROOT / "checker" / "data" / "areas.yaml", home / "specs" / "areas.yaml")
    for args in (["spec", "import", str(SPEC)], ["readiness", "import", str(workbook)]):
        argv, env = _argv(checkout, args)
        subprocess.run(argv, env={**env, "HYOJUN_HOME": str(home)}, cwd=home, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, help="another hyojun checkout to compare with, in the same run")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", action="append", default=[], help="run only commands whose name contains this")
    ap.add_argument("--workbook", type=Path, default=NATIONAL, help="the progress workbook to import (default: national)")
    ap.add_argument("--json", type=Path, help="write the medians here")
    args = ap.parse_args()
    sides: dict[str, Path | None] = {"this": None}
    if args.baseline:
        sides["baseline"] = args.baseline.resolve()
    work = Path(tempfile.mkdtemp(prefix="hyojun-cli-bench-"))
    try:
        homes = {side: work / side / "home" for side in sides}
        for side, checkout in sides.items():
            setup(homes[side], checkout, args.workbook.resolve())
        bare = [sys.executable, "-c", "pass"]
        interpreter = statistics.median(run_once(bare, dict(os.environ))[0] for _ in range(args.repeat))
        results: dict[str, dict[str, dict[str, float]]] = {}
        for name in commands(work):
            if args.only and not any(o in name for o in args.only):
                continue
            samples: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
            for _ in range(args.repeat):  # the sides take turns, so both meet the same machine
                for side, checkout in sides.items():
                    argv, env = _argv(checkout, commands(work / side)[name])
                    samples[side].append(run_once(argv, {**env, "HYOJUN_HOME": str(homes[side])}))
            results[name] = {side: {"cpu_s": statistics.median(c for c, _w in s), "wall_s": statistics.median(w for _c, w in s)}
                             for side, s in samples.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"bare interpreter (python -c pass): {interpreter:.3f} s CPU; median of {args.repeat} runs")
    head = f"{'command':36s} {'CPU s':>7s} {'wall s':>7s} {'/ bare':>7s}"
    if args.baseline:
        head += f" {'baseline CPU':>13s} {'this / baseline':>16s}"
    print(head)
    for name, r in results.items():
        line = f"{name:36s} {r['this']['cpu_s']:7.2f} {r['this']['wall_s']:7.2f} {r['this']['cpu_s'] / interpreter:6.1f}×"
        if args.baseline:
            line += f" {r['baseline']['cpu_s']:13.2f} {r['this']['cpu_s'] / r['baseline']['cpu_s']:15.2f}×"
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"interpreter_cpu_s": interpreter, "repeat": args.repeat,
                                         "baseline": str(args.baseline) if args.baseline else None,
                                         "commands": results}, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()
