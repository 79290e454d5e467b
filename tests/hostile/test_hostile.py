"""Every case of the hostile corpus: a clear Japanese error naming the file, or a complete, inert report.

Each run has a 60 s alarm: a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from checker.cli import cli
from checker.io.export import neutralize_row
from tests.hostile import make_corpus
from tests.hostile.make_corpus import CASES, FORMULAS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # full width: Japanese Excel reads ＝ as =
OUTPUTS = ("json", "html", "xlsx", "csv")


class Hang(Exception):
    pass


@pytest.fixture
def alarm() -> Iterator[None]:
    def _hang(signum: int, frame: object) -> None:
        raise Hang("60 秒以内に終わりませんでした")

    old = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def run_check(path: Path, spec: Path, out: Path) -> Result:
    return CliRunner().invoke(cli, ["check", str(path), "--spec", str(spec), "--out", str(out)])


def assert_complete(out: Path, stem: str) -> None:
    """Every report exists and is whole; no temp file is left behind."""
    json.loads((out / f"{stem}.json").read_text("utf-8"))
    assert (out / f"{stem}.html").read_text("utf-8").rstrip().endswith("</html>")
    openpyxl.load_workbook(out / f"{stem}.xlsx", read_only=True).close()
    list(csv.reader(io.StringIO((out / f"{stem}.csv").read_text("utf-8-sig"), newline="")))
    assert not [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".bak"))]


def export_cells(out: Path, stem: str) -> list[str]:
    """Every text cell of the CSV and XLSX exports as a spreadsheet takes it when edited: an XLSX text marked
    quotePrefix (「文字列として入力」) with the apostrophe Excel puts before it (formulas would show as data_type 'f')."""
    cells = [c for row in csv.reader(io.StringIO((out / f"{stem}.csv").read_text("utf-8-sig"), newline="")) for c in row]
    wb = openpyxl.load_workbook(out / f"{stem}.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula"
                if isinstance(c.value, str):
                    cells.append("'" + c.value if c.quotePrefix else c.value)
    return cells


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_an_error_or_a_complete_report(case, corpus, spec_json, tmp_path, alarm):
    result = run_check(corpus[case.name], spec_json, tmp_path)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    stem = Path(case.name).stem
    if case.expect == "error":
        assert result.exit_code == 1, result.output
        assert "エラー:" in result.output and case.name in result.output and case.match in result.output
        assert not list(tmp_path.iterdir())  # nothing written for an unreadable file
    else:
        assert result.exit_code == 0, result.output
        assert_complete(tmp_path, stem)
        cells = export_cells(tmp_path, stem)
        assert [c for c in cells if c.startswith(FORMULA_START) and c not in ("-", "－")] == []


@pytest.mark.parametrize("name", ["formula.xlsx", "formula.csv"])
def test_exports_neutralise_every_formula_payload(name, corpus, spec_json, tmp_path, alarm):
    assert run_check(corpus[name], spec_json, tmp_path).exit_code == 0
    cells = set(export_cells(tmp_path, Path(name).stem))
    for payload in FORMULAS:
        assert "'" + payload.strip() in cells, payload  # readers strip surrounding whitespace, then we prefix
    assert neutralize_row([FORMULAS[0]])[0] in cells
    # The XLSX keeps the vendor's text as written (no visible apostrophe), marked quotePrefix
    ws = openpyxl.load_workbook(tmp_path / f"{Path(name).stem}.xlsx")["要件別結果"]
    quoted = {c.value for row in ws.iter_rows(min_row=2) for c in row if c.quotePrefix}
    assert {p.strip() for p in FORMULAS} <= quoted and not [v for v in quoted if v.startswith("'")]


def test_entities_are_never_resolved_nor_fetched(corpus, spec_json, tmp_path, listener, alarm):
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    for name in [c.name for c in CASES if c.name.startswith(("xxe_", "billion_laughs_"))]:
        result = run_check(corpus[name], spec_json, tmp_path / name)
        assert passwd not in result.output and "lollollol" not in result.output
        assert not (tmp_path / name).exists() or not any(
            passwd in p.read_text("utf-8", errors="replace") for p in (tmp_path / name).iterdir())
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected: no external entity or DTD was fetched


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_big_file_respects_the_configured_size_limit(corpus, spec_json, tmp_path, monkeypatch, alarm):
    monkeypatch.setenv("HYOJUN_MAX_FILE_BYTES", "1000000")
    result = run_check(corpus["big.xlsx"], spec_json, tmp_path)
    assert result.exit_code == 1 and "大きすぎます" in result.output and "HYOJUN_MAX_FILE_BYTES" in result.output


def test_row_and_cell_limits_from_the_environment(corpus, spec_json, tmp_path, monkeypatch, alarm):
    monkeypatch.setenv("HYOJUN_MAX_ROWS", "50000")
    assert "行数が上限" in run_check(corpus["rows_100k.xlsx"], spec_json, tmp_path).output
    monkeypatch.delenv("HYOJUN_MAX_ROWS")
    monkeypatch.setenv("HYOJUN_MAX_CELLS", "100000")
    assert "セル数が上限" in run_check(corpus["cols_16384.xlsx"], spec_json, tmp_path).output


def test_odd_characters_survive_into_every_output(corpus, spec_json, tmp_path, alarm):
    assert run_check(corpus["odd_chars.csv"], spec_json, tmp_path).exit_code == 0
    doc = json.loads((tmp_path / "odd_chars.json").read_text("utf-8"))
    text = json.dumps(doc, ensure_ascii=False)
    for s in ("\u202e", "🎌", "\ue000", "👨\u200d👩\u200d👧"):
        assert s in text


def test_csv_line_endings_read_correctly(corpus, spec_json, tmp_path, alarm):
    for name in ("mixed_newlines.csv", "utf16.csv"):
        result = CliRunner().invoke(cli, ["check", str(corpus[name]), "--spec", str(spec_json), "--json", "-"])
        doc = json.loads(result.output)
        answered = {r["id"]: r for r in doc["rows"] if r.get("raw_answer")}
        assert set(make_corpus.IDS) <= set(answered), name
        assert {answered[i]["raw_answer"] for i in make_corpus.IDS} == {"○"}, name


BOMBS = ("zip_bomb.xlsx", "zip_bomb_lying.xlsx", "billion_laughs_sheet.xlsx", "billion_laughs_shared.xlsx")


def test_bombs_keep_memory_bounded_in_a_real_process(corpus, spec_json, tmp_path):
    """The real CLI (not CliRunner): a clear error, no traceback, and peak memory far below the bomb."""
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would report pytest's own size
    probe = ("import re, sys\nfrom pathlib import Path\nfrom checker.cli import cli\n"
             "try:\n    cli(sys.argv[1:], prog_name='hyojun')\nexcept SystemExit as e:\n    code = e.code\n"
             "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)\n"
             "print('MAXRSS', hwm, file=sys.stderr)\nsys.exit(code)\n")
    for name in BOMBS:
        proc = subprocess.run([sys.executable, "-c", probe, "check", str(corpus[name]), "--spec", str(spec_json),
                               "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr and "エラー:" in proc.stderr, proc.stderr
        rss_kb = int(proc.stderr.rsplit("MAXRSS", 1)[1].split()[0])
        assert rss_kb < 300 * 1024, f"{name}: {rss_kb // 1024} MB"  # the bombs inflate to 400 MB+


def test_a_batch_in_two_processes_names_every_hostile_file_and_writes_nothing(corpus, spec_json, tmp_path, alarm):
    bad = list({Path(c.name).stem: c for c in CASES if c.expect == "error"}.values())  # one output name each
    good = next(c for c in CASES if c.expect != "error")
    files = [str(corpus[c.name]) for c in (*bad, good)]
    result = CliRunner().invoke(cli, ["check", *files, "--spec", str(spec_json), "--out", str(tmp_path / "o"),
                                      "--jobs", "2"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"{len(bad)} 件の問題" in result.output
    for case in bad:
        assert case.name in result.output and case.match in result.output, case.name
    assert not (tmp_path / "o").exists()
