"""The benchmark scripts (issue 8) run and report what benchmarks/README.md promises: run on tiny inputs.

Nothing here times anything; each script runs as a user runs it, in its own process.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.conftest import FIXTURES, ROOT

BENCH = ROOT / "benchmarks"
ISSUE_KEYS = ("floor_s", "openpyxl_s", "check_s", "reports_s", "readiness_s", "peak_rss_mb",
              "check_over_floor", "reports_over_floor", "readiness_over_floor")


def bench(script: str, *args: str | Path, cwd: Path) -> str:
    proc = subprocess.run([sys.executable, str(BENCH / script), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def cells(path: Path) -> object:
    if path.suffix in (".csv", ".json"):
        return path.read_bytes()
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small corpus, generated twice."""
    root = tmp_path_factory.mktemp("corpora")
    for run in ("a", "b"):
        bench("make_corpus.py", "--scale", "small", "--out", root / run, cwd=root)
    return root / "a", root / "b"


def test_the_corpus_is_the_same_every_time(corpora: tuple[Path, Path]):
    a, b = corpora
    manifest = json.loads((a / "manifest.json").read_text("utf-8"))
    assert manifest == json.loads((b / "manifest.json").read_text("utf-8"))
    assert len(manifest["areas"]) == 20 and all(len(v["vendors"]) == 5 for v in manifest["areas"])
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) == 1 + 21 + 100 + 1  # manifest, spec files (就学 has two), answer sheets, progress workbook
    for f in files:  # workbooks carry their creation time: compare what they hold
        assert cells(a / f) == cells(b / f), f


def test_the_corpus_answers_in_every_style_the_readers_support(corpora: tuple[Path, Path]):
    corpus = corpora[0]
    manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
    styles = {v["style"] for a in manifest["areas"] for v in a["vendors"]}
    layouts = {a["layout"] for a in manifest["areas"]}
    assert styles == {"S1", "S2", "S3", "S4", "S5"} and layouts == {"A", "B", "C"}
    some_csv = next(corpus / v["file"] for a in manifest["areas"] for v in a["vendors"] if v["style"] == "S3")
    with open(some_csv, encoding="cp932", newline="") as fh:  # the CP932 CSV of a Windows export
        assert len(list(csv.reader(fh))) > 10


def test_the_harness_writes_the_issues_keys_and_ratios(tmp_path: Path):
    out = bench("run.py", "--scale", "small", "--workers", "2", "--json", tmp_path / "r.json",
                "--markdown", tmp_path / "r.md", cwd=tmp_path)
    result = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert result["notes"] == []  # no stage failed or was skipped
    for key in ISSUE_KEYS:
        assert isinstance(result[key], (int, float)) and result[key] > 0, key
    assert result["check_over_floor"] == pytest.approx(result["check_s"] / result["floor_vendor_s"], abs=0.01)
    assert result["reports_over_floor"] == pytest.approx(result["reports_s"] / result["floor_vendor_s"], abs=0.01)
    assert result["readiness_over_floor"] == pytest.approx(result["readiness_s"] / result["floor_readiness_s"], abs=0.01)
    assert result["floor_s"] == pytest.approx(
        result["floor_vendor_s"] + result["floor_specs_s"] + result["floor_readiness_s"], abs=0.01)
    assert result["check_parallel_s"] > 0 and result["reports_parallel_s"] > 0  # the pooled check ran too
    assert result["compare_s"] > 0 and result["compare_national_s"] > 0
    markdown = (tmp_path / "r.md").read_text("utf-8")
    assert markdown == out and "| check_over_floor | 1.5 |" in markdown and "| peak_rss_mb | 1024 |" in markdown


def test_the_focused_benchmarks_run(tmp_path: Path):
    compare = bench("compare_bench.py", "--areas", "2", "--vendors", "3", "--reqs", "60", cwd=tmp_path)
    assert "render the 3 formats in one call" in compare and "× baseline" in compare
    xlsx = bench("xlsx_bench.py", "--rows", "300", "--repeat", "1", cwd=tmp_path)
    assert "ratio baseline / ours" in xlsx
    readiness = bench("readiness_bench.py", FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx",
                      "--repeat", "1", "--browser", cwd=tmp_path)
    assert "national dashboard" in readiness and "heat_shown_ms" in readiness
    html = bench("html_bench.py", "--sizes", "300", "--repeat", "1", "--spec-diff", "250", "--compare", "3", cwd=tmp_path)
    assert "spec diff, 250 texts changed" in html and "| 300 | filter_ms |" in html
    assert "compare, 3 vendors × 300 requirements" in html and "| search_ms |" in html
    cli = bench("cli_bench.py", "--repeat", "1", "--only", "check", "--only", "prefecture", "--baseline", ROOT,
                "--workbook", FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx", "--json", tmp_path / "cli.json",
                cwd=tmp_path)
    assert "this / baseline" in cli and "check (JSON)" in cli
    diff = bench("specdiff_bench.py", "--reqs", "1000", "--vendors", "2", "--baseline", ROOT, cwd=tmp_path)
    rows = [line.split() for line in diff.splitlines() if line.endswith(tuple("0123456789")) and "diff" in line]
    assert len(rows) == 3 and "this/baseline" in diff  # one diff per scenario, both checkouts timed
    timed = json.loads((tmp_path / "cli.json").read_text("utf-8"))["commands"]
    assert set(timed) == {"check (JSON)", "check (every format)", "readiness status, one prefecture"}
    assert all(side["cpu_s"] > 0 for r in timed.values() for side in r.values())


def test_the_reader_ab_benchmark_runs(corpora: tuple[Path, Path], tmp_path: Path):
    out = bench("read_ab.py", "--baseline", ROOT, "--corpus", corpora[0], "--rounds", "2", cwd=tmp_path)
    assert "(80 answer sheets; 1 national workbook; 20 CSV answer sheets)" in out  # the CSV sheets timed apart
    assert out.count("this / baseline") == 4 and "answers" in out and "\ncsv " in out


def test_the_cli_benchmark_s_runs_leave_the_user_s_database_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment review: its runs inherited HYOJUN_DB, which wins over their temporary HYOJUN_HOME, and imported
    the sample prefecture (35 real town names, made-up rates) into the user's real readiness database."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import cli_bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    monkeypatch.setenv("HYOJUN_DB", "postgresql://prefecture/readiness")
    _, env = cli_bench._argv(None, ["areas"])
    assert "HYOJUN_DB" not in env and env["PYTHONPATH"] == str(ROOT)
