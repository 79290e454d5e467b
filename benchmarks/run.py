"""National-scale benchmark: hyojun against the bare cost of reading the same cells.

    python benchmarks/run.py [--scale small|full] [--corpus DIR] [--json FILE] [--markdown FILE]
                             [--workers N] [--repeat N]

Generates the corpus (benchmarks/make_corpus.py) unless --corpus names an existing one, then
measures, each stage in a fresh forked process (so one stage's memory and caches do not leak
into the next, and its peak RSS is its own):

  floor       python-calamine reading every cell of every input file (csv via the csv module)
  openpyxl    openpyxl read_only reading every cell of the .xlsx inputs (the common alternative)
  spec import read_spec + save_spec of the 20 areas into a temporary HYOJUN_HOME
  check       run_batch (`hyojun check --manifest`) of the 100 vendor sheets with JSON output
              (read, analyse, write JSON)
  reports     the same with every report format (json, html, xlsx, csv)
  compare     run_compare per area (5 vendors each)
  compare_national  one run_compare of every area at once (`hyojun compare --manifest` of the
              whole corpus: the run that holds the most in memory)
  readiness   read_progress + ReadinessStore.import_data of the national workbook (SQLite)

check and reports are measured serially and with --workers processes (`--jobs N`: run_batch's
own pool, so the workers' start-up is counted; fork on Linux, as the product starts them here).
Ratios compare like with like: the serial check against the serial floor of the same 100 vendor
files; the pooled check against the floor of those files read by the same number of processes. The readiness import is compared with the floor of the national workbook.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import python_calamine as pc  # noqa: E402

from checker.catalog import load_catalog  # noqa: E402
from checker.batch_run import CheckTask, run_batch  # noqa: E402
from checker.io.spec_reader import read_spec  # noqa: E402
from checker.io.text import decode_text  # noqa: E402
from checker.report.gap_writers import FORMATS  # noqa: E402
from checker.clock import now_iso  # noqa: E402
from checker.runtime import tune_gc  # noqa: E402
from checker.spec_store import save_spec  # noqa: E402

TARGETS = {"check_over_floor": 1.5, "reports_over_floor": 3.0, "readiness_over_floor": 2.0, "peak_rss_mb": 1024}


# ---------------------------------------------------------------- stage bodies (run in children)

def calamine_read(path: Path) -> int:
    """Every cell of *path* as Python values: the floor any reader pays. Returns the cell count."""
    if path.suffix.lower() == ".csv":
        text, _ = decode_text(path, path.read_bytes())
        return sum(len(r) for r in csv.reader(io.StringIO(text, newline="")))
    wb = pc.CalamineWorkbook.from_path(str(path))
    return sum(len(r) for n in wb.sheet_names for r in wb.get_sheet_by_name(n).to_python(skip_empty_area=False))


def openpyxl_read(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(len(r) for ws in wb.worksheets for r in ws.iter_rows(values_only=True))
    finally:
        wb.close()


def import_specs(corpus: Path, manifest: dict[str, Any], store: Path) -> int:
    catalog = load_catalog()
    total = 0
    for a in manifest["areas"]:
        spec = read_spec([corpus / f for f in a["spec_files"]], catalog=catalog)
        save_spec(spec, store)
        total += len(spec.requirements)
    return total


def check_tasks(corpus: Path, manifest: dict[str, Any], out: Path, formats: tuple[str, ...]) -> list[CheckTask]:
    """Every vendor file against its stored spec, outputs per area: what `hyojun check --manifest` runs."""
    at = now_iso()
    return [CheckTask((f"{a['area']}@{a['version']}",), (corpus / v["file"],), out, True, formats=formats, generated_at=at)
            for a in manifest["areas"] for v in a["vendors"]]


def check_all(corpus: Path, manifest: dict[str, Any], out: Path, formats: tuple[str, ...], workers: int) -> int:
    """`hyojun check --manifest --jobs N` as a library call."""
    return sum(len(s.outputs) for s in run_batch(check_tasks(corpus, manifest, out, formats), workers))


def floor_files(paths: list[Path], workers: int) -> int:
    if workers <= 1:
        return sum(map(calamine_read, paths))
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        return sum(pool.map(calamine_read, paths, chunksize=1))


def _compare_areas(corpus: Path, manifest: dict[str, Any]) -> list[Any]:
    from checker.manifest import AreaInput
    return [AreaInput((f"{a['area']}@{a['version']}",), tuple((v["vendor"], (corpus / v["file"],)) for v in a["vendors"]))
            for a in manifest["areas"]]


def compare_all(corpus: Path, manifest: dict[str, Any], out: Path) -> int:
    """One `hyojun compare` per area."""
    from checker.compare_run import CompareOptions, run_compare
    out.mkdir(parents=True, exist_ok=True)
    for a, area in zip(manifest["areas"], _compare_areas(corpus, manifest)):
        run_compare([area], CompareOptions(out_dir=out, stem=f"compare_{a['area']}"))
    return len(manifest["areas"])


def compare_national(corpus: Path, manifest: dict[str, Any], out: Path) -> int:
    """`hyojun compare --manifest` over every area: one comparison holding all 100 checked sheets at once."""
    from checker.compare_run import CompareOptions, run_compare
    outcome = run_compare(_compare_areas(corpus, manifest), CompareOptions(out_dir=out, stem="compare_national"))
    return len(outcome.comparison.areas)


def readiness_import(path: Path, folder: Path) -> int:
    """Import the national workbook into a new SQLite database in *folder* (each round its own)."""
    from checker.io.readiness_reader import read_progress
    from checker.readiness_store import ReadinessStore
    fd, db = tempfile.mkstemp(suffix=".db", dir=folder)
    os.close(fd)
    return ReadinessStore(f"sqlite:///{db}").import_data(read_progress(path)).municipalities


# ---------------------------------------------------------------- measurement

def _peak_mb(processes: int = 1) -> float:
    """Peak RSS of the stage; with a pool, the stage's process plus *processes* times its largest worker
    (an upper bound on what they held together: the kernel reports each process's peak, not their sum)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + processes * kids if processes > 1 else max(own, kids)) / 1024  # Linux reports KiB


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (a pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _child(fn: Callable[[], object], conn: Any, processes: int) -> None:
    try:
        t, c = time.perf_counter(), _cpu()
        value = fn()
        conn.send(("ok", time.perf_counter() - t, _cpu() - c, _peak_mb(processes), value))
    except Exception as exc:  # reported by the parent, which decides whether the stage is optional
        conn.send(("error", 0.0, 0.0, _peak_mb(processes), f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _once(fn: Callable[[], object], processes: int = 1) -> dict[str, Any]:
    """Run *fn* once in a forked process: its seconds, CPU seconds, peak RSS and value (or its error)."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(fn, child, processes))
    p.start()
    child.close()
    status, seconds, cpu, peak, value = parent.recv()
    p.join()
    if status != "ok":
        return {"error": value, "peak_rss_mb": peak}
    return {"seconds": seconds, "cpu": cpu, "peak_rss_mb": peak, "value": value}


def measure_rounds(fns: dict[str, Callable[[], object]], repeat: int, processes: int = 1) -> dict[str, dict[str, Any]]:
    """Each stage once per round, *repeat* rounds; per stage the fastest run and the largest peak RSS.

    Stages that form a ratio share rounds, so both meet the same conditions: on a shared machine the
    floor alone has taken 0.76–1.48 s CPU in consecutive runs while the check stayed within 15 %.
    """
    best: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            if "error" in best.get(name, {}):
                continue
            run = _once(fn, processes)
            peak = max(run["peak_rss_mb"], best.get(name, {}).get("peak_rss_mb", 0))
            if "error" in run or name not in best or run["seconds"] < best[name]["seconds"]:
                best[name] = run
            best[name]["peak_rss_mb"] = peak
    return best


def measure(fn: Callable[[], object], repeat: int = 1, processes: int = 1) -> dict[str, Any]:
    """Run *fn* in a forked process *repeat* times; the fastest time and the largest peak RSS."""
    return measure_rounds({"stage": fn}, repeat, processes)["stage"]


def _git_rev() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run(corpus: Path, workers: int, repeat: int) -> dict[str, Any]:
    manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
    specs = [corpus / f for a in manifest["areas"] for f in a["spec_files"]]
    vendors = [corpus / v["file"] for a in manifest["areas"] for v in a["vendors"]]
    readiness = corpus / manifest["readiness"]
    xlsx = [p for p in (*specs, *vendors, readiness) if p.suffix == ".xlsx"]
    for p in (*specs, *vendors, readiness):
        p.read_bytes()  # warm the page cache so the first stage pays no disk cost the others do not

    work = Path(tempfile.mkdtemp(prefix="hyojun-bench-"))
    home = work / "home"
    home.mkdir()
    os.environ["HYOJUN_HOME"] = str(home)  # inherited by every forked stage
    notes: list[str] = []
    stages: dict[str, dict[str, Any]] = {}
    try:
        stages["floor_specs"] = measure(lambda: floor_files(specs, 1), repeat)
        stages["floor_xlsx"] = measure(lambda: floor_files(xlsx, 1), repeat)
        stages["openpyxl"] = measure(lambda: sum(map(openpyxl_read, xlsx)), 1)
        stages["spec_import"] = measure(lambda: import_specs(corpus, manifest, home / "specs"), repeat)
        stages.update(measure_rounds({
            "floor_vendor": lambda: floor_files(vendors, 1),
            "check": lambda: check_all(corpus, manifest, work / "json", ("json",), 1)}, repeat))
        stages["reports"] = measure(lambda: check_all(corpus, manifest, work / "reports", FORMATS, 1), 1)
        if workers > 1:
            stages.update(measure_rounds({
                "floor_vendor_parallel": lambda: floor_files(vendors, workers),
                "check_parallel": lambda: check_all(corpus, manifest, work / "pjson", ("json",), workers)},
                repeat, workers))
            stages["reports_parallel"] = measure(lambda: check_all(corpus, manifest, work / "preports", FORMATS, workers),
                                                 1, workers)
        stages["compare"] = measure(lambda: compare_all(corpus, manifest, work / "compare"), 1)
        stages["compare_national"] = measure(lambda: compare_national(corpus, manifest, work / "national"), 1)
        stages.update(measure_rounds({  # shared rounds, as the vendor floor and the check
            "floor_readiness": lambda: calamine_read(readiness),
            "readiness": lambda: readiness_import(readiness, work)}, repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, s in stages.items():
        if "error" in s:
            notes.append(f"{name} failed: {s['error']}")

    def sec(name: str) -> float | None:
        return round(stages[name]["seconds"], 3) if name in stages and "seconds" in stages[name] else None

    def ratio(a: str, b: str) -> float | None:
        x, y = sec(a), sec(b)
        return round(x / y, 2) if x is not None and y else None

    def cpu(name: str) -> float | None:
        return round(stages[name]["cpu"], 3) if name in stages and "cpu" in stages[name] else None

    def cpu_ratio(a: str, b: str) -> float | None:
        x, y = cpu(a), cpu(b)
        return round(x / y, 2) if x is not None and y else None

    floor_total = sum(v for v in (sec("floor_vendor"), sec("floor_specs"), sec("floor_readiness")) if v)
    result: dict[str, Any] = {
        "scale": manifest["scale"], "requirements": manifest["requirements"],
        "files": {"specs": len(specs), "vendor": len(vendors), "readiness": 1},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "git": _git_rev()},
        "workers": workers, "repeat": repeat,
        "floor_s": round(floor_total, 3),
        "floor_vendor_s": sec("floor_vendor"), "floor_specs_s": sec("floor_specs"),
        "floor_readiness_s": sec("floor_readiness"), "floor_xlsx_s": sec("floor_xlsx"),
        "openpyxl_s": sec("openpyxl"), "spec_import_s": sec("spec_import"),
        "check_s": sec("check"), "reports_s": sec("reports"), "compare_s": sec("compare"),
        "compare_national_s": sec("compare_national"),
        "readiness_s": sec("readiness"),
        "floor_vendor_parallel_s": sec("floor_vendor_parallel"), "check_parallel_s": sec("check_parallel"),
        "reports_parallel_s": sec("reports_parallel"),
        "openpyxl_over_floor": ratio("openpyxl", "floor_xlsx"),
        "spec_import_over_floor": ratio("spec_import", "floor_specs"),
        "check_over_floor": ratio("check", "floor_vendor"),
        "reports_over_floor": ratio("reports", "floor_vendor"),
        "compare_over_floor": ratio("compare", "floor_vendor"),
        "compare_national_over_floor": ratio("compare_national", "floor_vendor"),
        "readiness_over_floor": ratio("readiness", "floor_readiness"),
        "check_parallel_over_floor_parallel": ratio("check_parallel", "floor_vendor_parallel"),
        "reports_parallel_over_floor_parallel": ratio("reports_parallel", "floor_vendor_parallel"),
        "check_parallel_speedup": ratio("check", "check_parallel"),
        "reports_parallel_speedup": ratio("reports", "reports_parallel"),
        # CPU seconds (self + pool workers): steadier than wall time on a machine shared with other work.
        "cpu_s": {k: cpu(k) for k in stages},
        "check_over_floor_cpu": cpu_ratio("check", "floor_vendor"),
        "reports_over_floor_cpu": cpu_ratio("reports", "floor_vendor"),
        "readiness_over_floor_cpu": cpu_ratio("readiness", "floor_readiness"),
        "load_average": os.getloadavg()[0],
        "peak_rss_mb": round(max(s.get("peak_rss_mb", 0) for s in stages.values()), 1),
        "stage_peak_rss_mb": {k: round(s.get("peak_rss_mb", 0), 1) for k, s in stages.items()},
        "notes": notes,
    }
    result["targets"] = {k: {"target": t, "value": result[k], "met": result[k] is not None and result[k] <= t}
                         for k, t in TARGETS.items()}
    return result


def markdown(r: dict[str, Any]) -> str:
    def f(v: Any, unit: str = "") -> str:
        return "—" if v is None else f"{v:g}{unit}"

    rows = [
        ("floor: calamine, 100 vendor files", r["floor_vendor_s"], "1", r["stage_peak_rss_mb"].get("floor_vendor")),
        ("floor: calamine, spec files", r["floor_specs_s"], "1", r["stage_peak_rss_mb"].get("floor_specs")),
        ("floor: calamine, national workbook", r["floor_readiness_s"], "1", r["stage_peak_rss_mb"].get("floor_readiness")),
        ("openpyxl read_only, all .xlsx", r["openpyxl_s"], f(r["openpyxl_over_floor"]), r["stage_peak_rss_mb"].get("openpyxl")),
        ("spec import (20 areas)", r["spec_import_s"], f(r["spec_import_over_floor"]), r["stage_peak_rss_mb"].get("spec_import")),
        ("check, JSON (serial)", r["check_s"], f(r["check_over_floor"]), r["stage_peak_rss_mb"].get("check")),
        ("check, every format (serial)", r["reports_s"], f(r["reports_over_floor"]), r["stage_peak_rss_mb"].get("reports")),
        ("compare per area", r["compare_s"], f(r["compare_over_floor"]), r["stage_peak_rss_mb"].get("compare")),
        ("compare, all areas in one (national manifest)", r["compare_national_s"], f(r["compare_national_over_floor"]),
         r["stage_peak_rss_mb"].get("compare_national")),
        ("readiness import (SQLite)", r["readiness_s"], f(r["readiness_over_floor"]), r["stage_peak_rss_mb"].get("readiness")),
    ]
    if r["check_parallel_s"] is not None:
        rows += [
            (f"floor, vendor files, {r['workers']} processes", r["floor_vendor_parallel_s"], "1",
             r["stage_peak_rss_mb"].get("floor_vendor_parallel")),
            (f"check, JSON, {r['workers']} processes", r["check_parallel_s"], f(r["check_parallel_over_floor_parallel"]),
             r["stage_peak_rss_mb"].get("check_parallel")),
            (f"check, every format, {r['workers']} processes", r["reports_parallel_s"],
             f(r["reports_parallel_over_floor_parallel"]), r["stage_peak_rss_mb"].get("reports_parallel")),
        ]
    lines = [f"scale {r['scale']}: {r['requirements']:,} requirements, {r['files']['specs']} spec files, "
             f"{r['files']['vendor']} vendor files (python {r['machine']['python']}, {r['machine']['cpus']} CPUs, "
             f"git {r['machine']['git'] or '?'})", "",
             f"load average at the end: {r['load_average']:.1f} (wall times include waiting for other work)", "",
             "| stage | seconds | × floor | peak RSS MB |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {f(s)} | {x} | {f(m)} |" for name, s, x, m in rows]
    lines += ["", "CPU-time ratios (self + pool workers): "
              f"check {f(r['check_over_floor_cpu'])}×, every format {f(r['reports_over_floor_cpu'])}×, "
              f"readiness {f(r['readiness_over_floor_cpu'])}× the floor's CPU time"]
    lines += ["", "| target | limit | measured | met |", "|---|---:|---:|---|"]
    lines += [f"| {k} | {t['target']} | {f(t['value'])} | {'yes' if t['met'] else 'no'} |" for k, t in r["targets"].items()]
    if r["notes"]:
        lines += ["", *[f"- {n}" for n in r["notes"]]]
    return "\n".join(lines) + "\n"


def main() -> None:
    tune_gc()  # every stage, the floor included, runs under the `hyojun` command's settings
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("small", "full"), default="full")
    ap.add_argument("--corpus", type=Path, help="an existing corpus (default: generate one into a temp folder)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--repeat", type=int, default=1, help="runs per stage; the fastest counts (default 1)")
    args = ap.parse_args()
    generated = None
    corpus = args.corpus
    if corpus is None or not (corpus / "manifest.json").is_file():
        from make_corpus import build  # benchmarks/ is on sys.path when this file is run as a script
        corpus = corpus or Path(tempfile.mkdtemp(prefix="hyojun-corpus-"))
        generated = corpus if args.corpus is None else None
        build(args.scale, corpus)
    try:
        result = run(corpus, args.workers, args.repeat)
    finally:
        if generated is not None:
            shutil.rmtree(generated, ignore_errors=True)
    table = markdown(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if args.markdown:
        args.markdown.write_text(table, "utf-8")
    print(table, end="")


if __name__ == "__main__":
    main()
