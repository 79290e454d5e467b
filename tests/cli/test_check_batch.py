"""`hyojun check --manifest` and `--jobs`: several areas at once, worker processes, all-or-nothing outputs."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import zipapp
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import batch_run
from checker.cli import cli
from checker.schemas import validate
from tests.conftest import FIXTURES, JUMIN_V10, JUMIN_V11, KAIGO_SPEC, ROOT, VENDOR, edited_zip, panicking_xls, write_manifest

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"

# Different vendors per area (a compare manifest needs the same ones): a national batch has that.
MANIFEST = """
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    profile: FIX/profiles/介護保険_profile.yaml
    vendors:
      - {name: 架空システムズ, file: FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx}
      - {name: 見本ソリューションズ, file: FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv}
  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx
    vendors:
      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}
  - spec: [FIX/specs/就学_第4.0版_機能要件.xlsx, FIX/specs/就学_第4.0版_帳票要件.xlsx]
    vendors:
      - {name: テスト情報サービス, file: FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx}
"""
EXPECTED = {  # output folder per area → the answer files checked there
    "介護保険": ["介護保険_第6.0版_回答_架空システムズ", "介護保険_第6.0版_回答_見本ソリューションズ"],
    "住民記録": ["住民記録_第1.1版_回答_見本ソリューションズ"],
    "就学": ["就学_第4.0版_回答_テスト情報サービス"],
}


def run(*args: str | Path):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


def manifest(tmp_path: Path, text: str = MANIFEST) -> Path:
    return write_manifest(tmp_path, text)


def without_time(doc: Any) -> Any:
    """The document without its creation time (two runs differ only there)."""
    if isinstance(doc, dict):
        return {k: without_time(v) for k, v in doc.items() if k != "generated_at"}
    if isinstance(doc, list):
        return [without_time(v) for v in doc]
    return doc


def outputs(out: Path) -> dict[str, Any]:
    """Every output file under *out*: JSON parsed (without time), other formats as bytes or names."""
    found: dict[str, Any] = {}
    for p in sorted(out.rglob("*")):
        if p.is_file():
            rel = p.relative_to(out).as_posix()
            found[rel] = without_time(json.loads(p.read_bytes())) if p.suffix == ".json" else (
                p.read_bytes() if p.suffix == ".csv" else p.suffix)
    return found


def test_manifest_checks_every_area_into_its_folder_with_a_summary(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    res = run("--manifest", manifest(tmp_path), "--out", out, "--format", "json,csv")
    assert res.exit_code == 0, res.output
    for area, stems in EXPECTED.items():
        assert sorted(p.name for p in (out / area).iterdir()) == sorted(f"{s}.{x}" for s in stems for x in ("csv", "json"))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left
    # Each result is the one a single check of that file gives (same spec, profile and vendor name).
    kaigo = json.loads((out / "介護保険" / f"{EXPECTED['介護保険'][0]}.json").read_bytes())
    validate(kaigo, "result", source="batch")
    single = run(KAKU, "--spec", KAIGO_SPEC, "--profile", FIXTURES / "profiles" / "介護保険_profile.yaml",
                 "--vendor-name", "架空システムズ", "--json", "-")
    assert without_time(kaigo) == without_time(json.loads(single.output))
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["業務"], r["ベンダ"]) for r in rows] == [
        ("介護保険", "架空システムズ"), ("介護保険", "見本ソリューションズ"), ("住民記録", "見本ソリューションズ"),
        ("就学", "テスト情報サービス")]
    first = rows[0]
    assert first["判定"] == {"non_conformant": "不適合", "conditional": "条件付き", "conformant": "適合"}[kaigo["summary"]["verdict"]]
    assert float(first["必須機能の適合率(%)"]) == pytest.approx(kaigo["summary"]["mandatory_coverage"] * 100, abs=0.05)
    assert first["出力"].split("／") == [f"介護保険/{EXPECTED['介護保険'][0]}.{x}" for x in ("csv", "json")]
    assert "一覧: " in res.output and "住民記録_第1.1版_回答_見本ソリューションズ.xls: 見本ソリューションズ" in res.output
    index = (out / "index.html").read_text("utf-8")  # the same rows, linking each report (browser test: tests/browser)
    assert index.count("<tr>") == 1 + 4 and 'href="%E4%BB%8B%E8%AD%B7%E4%BF%9D%E9%99%BA/' in index
    # the verdicts defined in words a committee reads, not by a file of hyojun's source
    assert "docs/semantics.md" not in index
    assert ("判定の定義: 不適合 — 必須機能の未対応または実装不可機能の実装があります。条件付き — 必須機能の移行後対応（経過措置）、"
            "未回答または回答不正があります。確認が必要です。適合 — 必須機能はすべて対応済みで、実装不可機能の実装もありません。") in index


@pytest.mark.parametrize("start", ["spawn", "fork"])  # spawn: as on Windows; fork: Linux's choice
def test_two_processes_write_what_one_writes(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str):
    monkeypatch.setattr(batch_run, "START_METHOD", start)
    m = manifest(tmp_path)
    for jobs in ("1", "2"):
        res = run("--manifest", m, "--out", tmp_path / jobs, "--jobs", jobs, "--format", "json,csv,xlsx")
        assert res.exit_code == 0, res.output
    serial, parallel = outputs(tmp_path / "1"), outputs(tmp_path / "2")
    assert len(serial) == 4 * 3 + 2 and serial == parallel


# What pip's Windows launcher (hyojun.exe) runs: a zip whose __main__.py calls the entry point, here with
# the start method forced to spawn (Windows' only one), and the pool it starts reported on stderr.
LAUNCHER = """
import re, sys
from checker import batch_run
from checker.cli import main

pool = batch_run._pool
batch_run._pool = lambda n: print(f"pool {n} {batch_run.START_METHOD}", file=sys.stderr) or pool(n)
batch_run.START_METHOD = "spawn"
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
"""


def test_workers_start_from_a_launcher_zip_as_on_windows(home: Path, tmp_path: Path):
    """Spawned workers import the package, not the launcher's __main__ (which would start the command again)."""
    (tmp_path / "launcher").mkdir()
    (tmp_path / "launcher" / "__main__.py").write_text(LAUNCHER, "utf-8")
    zipapp.create_archive(tmp_path / "launcher", tmp_path / "hyojun.pyz")
    m = manifest(tmp_path)
    proc = subprocess.run([sys.executable, str(tmp_path / "hyojun.pyz"), "check", "--manifest", str(m), "--jobs", "2",
                           "--out", str(tmp_path / "2"), "--format", "json,csv"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("pool 2 spawn") == 1
    assert run("--manifest", m, "--out", tmp_path / "1", "--format", "json,csv").exit_code == 0
    assert outputs(tmp_path / "2") == outputs(tmp_path / "1") and len(outputs(tmp_path / "1")) == 4 * 2 + 2


# hyojun with every worker stuck in its first task, each saying so by a file named after its pid.
STUCK = """
import os, sys, time
from pathlib import Path
from checker import batch_run
from checker.cli import main


def stuck(tasks, folders):
    Path(os.environ["STARTED"], str(os.getpid())).touch()
    time.sleep(600)


batch_run._run_chunk = stuck
batch_run.START_METHOD = "fork"
if __name__ == "__main__":
    sys.exit(main())
"""


def _running(pid: int) -> bool:
    """Whether process *pid* runs (a zombie no longer does: nobody may reap an orphan in a container)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _wait_for(condition: Any, what: str) -> Any:
    """*condition*'s first true value, waited for with a generous deadline (the machine may be busy)."""
    import time

    deadline = time.monotonic() + 120
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting for {what}")
        time.sleep(0.1)
    return value


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_no_worker_outlives_the_command(home: Path, tmp_path: Path, signum: int):
    """A scheduler or a wrapper script stopping hyojun alone (SIGTERM), or the OOM killer choosing it (SIGKILL): its
    workers, each holding its end of the task queue, waited for tasks forever. SIGTERM cleans up as Ctrl-C does."""
    (tmp_path / "stuck.py").write_text(STUCK, "utf-8")
    started, out = tmp_path / "started", tmp_path / "out"
    started.mkdir()
    with open(tmp_path / "stderr.txt", "w+", encoding="utf-8") as log:  # not a pipe: a worker left would hold it
        proc = subprocess.Popen([sys.executable, str(tmp_path / "stuck.py"), "check", "--manifest",
                                 str(manifest(tmp_path)), "--out", str(out), "--jobs", "2", "--format", "json"],
                                stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "STARTED": str(started)})
    workers: list[int] = []
    try:
        workers = _wait_for(lambda: [int(p.name) for p in started.iterdir()] if len(list(started.iterdir())) == 2
                            else None, "both workers to start")
        os.kill(proc.pid, signum)
        proc.wait(timeout=120)
        _wait_for(lambda: not any(map(_running, workers)), f"the workers {workers} to end")
    finally:
        for pid in [proc.pid, *workers]:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait()
    if signum == signal.SIGTERM:
        err = (tmp_path / "stderr.txt").read_text("utf-8")
        assert proc.returncode == 1 and "中止しました。" in err and "Traceback" not in err, err
        assert not out.exists()  # made by this run: removed with its staging folder


def test_the_command_gives_back_the_sigterm_handler_it_found(home: Path, tmp_path: Path):
    """Its own handler is for the run only: a program that runs the command (here pytest) has its own back."""
    def mine(_signum: int, _frame: object) -> None:
        pass

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        assert run(KAKU, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--format", "json").exit_code in (0, 3)
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_ctrl_c_once_the_reports_are_in_place_finishes_the_run(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Ctrl-C while the earlier reports' second names were deleted said 「中止しました。」 with exit code 1 (nothing
    changed, as README says) of a run whose reports were all new, and left the earlier reports as hidden .bak files."""
    out = tmp_path / "out"
    args = (KAKU, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,csv")
    first = run(*args)
    real, seen, sent = os.unlink, [], []

    def unlink(path: Any, *rest: Any, **kwargs: Any) -> None:
        if not sent and path in seen:  # made empty, deleted, linked to the earlier report, and now deleted at the end
            sent.append(path)
            signal.raise_signal(signal.SIGINT)
        seen.append(path)
        real(path, *rest, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    res = run(*args)
    assert sent and res.exit_code == first.exit_code and "中止しました" not in res.output, res.output
    assert sorted(p.name for p in out.iterdir()) == [f"{KAKU.stem}.csv", f"{KAKU.stem}.json"]


def test_jobs_without_a_manifest(home: Path, tmp_path: Path):
    for jobs in ("1", "2"):
        res = run(KAKU, MIHON, "--spec", KAIGO_SPEC, "--out", tmp_path / jobs, "--jobs", jobs, "--format", "json")
        assert res.exit_code == 0, res.output
    assert sorted(outputs(tmp_path / "2")) == [f"{KAKU.stem}.json", f"{MIHON.stem}.json"]
    assert outputs(tmp_path / "1") == outputs(tmp_path / "2")
    assert not (tmp_path / "1" / "check_summary.csv").exists()  # a summary is written for a manifest only


def test_jobs_auto_is_the_default_and_takes_a_pool_for_a_large_batch(home: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    res = run("--manifest", manifest(tmp_path), "--out", tmp_path / "small", "--format", "json")
    assert res.exit_code == 0 and "プロセスで並行して処理" not in res.output  # a few small sheets: one process
    monkeypatch.setattr(batch_run, "SECONDS_PER_MB", 1000.0)  # as if the same sheets were large
    monkeypatch.setattr(batch_run, "usable_cpus", lambda: 2)
    pools: list[int] = []
    monkeypatch.setattr(batch_run, "_pool", lambda n, pool=batch_run._pool: pools.append(n) or pool(n))
    res = run("--manifest", manifest(tmp_path), "--out", tmp_path / "large", "--format", "json")
    assert res.exit_code == 0, res.output
    assert "4 件の回答ファイルを 2 プロセスで並行して処理します" in res.output and pools == [2]
    assert outputs(tmp_path / "large") == outputs(tmp_path / "small")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_bad_file_is_reported_and_earlier_outputs_stay(home: Path, tmp_path: Path, jobs: str):
    broken = tmp_path / "壊れた回答.xlsx"
    broken.write_bytes(b"not a workbook")
    text = MANIFEST.replace("FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv", str(broken)).replace(
        "FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx", "FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx")
    out = tmp_path / "out"
    (out / "介護保険").mkdir(parents=True)
    earlier = out / "介護保険" / f"{KAKU.stem}.json"
    earlier.write_text("前回の結果", "utf-8")
    res = run("--manifest", manifest(tmp_path, text), "--out", out, "--jobs", jobs)
    assert res.exit_code == 1, res.output
    assert "2 件の問題" in res.output and "出力は書いていません" in res.output
    assert "壊れた回答.xlsx" in res.output  # the unreadable file, named
    assert "介護保険 への回答のようです" in res.output  # the answers to another area, named too
    assert "Traceback" not in res.output
    assert earlier.read_text("utf-8") == "前回の結果"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["介護保険", f"介護保険/{KAKU.stem}.json"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_manifest_runs_problems_name_their_entry_and_the_files_path(home: Path, tmp_path: Path, jobs: str):
    """In a manifest of many areas the user had to search for the entry; the answers to another area were named by the
    bare file name (folders of answers often hold files of the same name) and said to check --spec, which it has not."""
    text = MANIFEST.replace("FIX/specs/住民記録_第1.1版_機能要件.xlsx", "住民記録@第9.9版").replace(
        "FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx", "FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx").replace(
        "FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv", "ない.csv")
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--jobs", jobs, "--format", "json")
    assert res.exit_code == 1 and "3 件の問題" in res.output, res.output
    assert f"  - areas[1]/vendors[2]: {tmp_path / 'ない.csv'}: ファイルが見つかりません\n" in res.output
    assert "  - areas[2]: 業務「住民記録」の仕様書が取り込まれていません" in res.output
    assert (f"  - areas[3]/vendors[1]: {KAKU}: 介護保険 への回答のようです（機能IDの業務コードから判定）。仕様書は 就学 第4.0版 で、"
            "回答の機能IDが1つも一致しません。マニフェストの areas[3] の spec を確認してください\n") in res.output
    assert "--spec" not in res.output
    # without a manifest: no entry, the path as given, and --spec is what to check
    res = run(KAKU, "--spec", FIXTURES / "specs" / "住民記録_第1.1版_機能要件.xlsx", "--out", tmp_path / "out")
    assert res.output.startswith(f"エラー: {KAKU}: 介護保険 への回答のようです") and "--spec を確認してください" in res.output


def test_two_stored_specs_in_a_manifest_are_its_entrys_wrong_value_whatever_else_is_wrong(home: Path, tmp_path: Path):
    """Said as 「--spec a.json b.json」 (no --spec was given) with exit 2, the options' misuse, and exit 1 once another
    problem was listed with it: a value written in the manifest is a wrong input."""
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text("{}", "utf-8")
    area = ("  - spec: [a.json, b.json]\n    vendors:\n"
            f"      - {{name: 架空システムズ, file: {KAKU}}}\n      - {{name: 見本ソリューションズ, file: {MIHON}}}\n")
    missing = area.replace("[a.json, b.json]", "FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx").replace(str(MIHON), "ない.csv")
    said = f"areas[1] の spec {tmp_path / 'a.json'} {tmp_path / 'b.json'}: 仕様書として扱えません。"
    for command in ("check", "compare"):
        for text in ("areas:\n" + area, "areas:\n" + area + missing):
            res = CliRunner().invoke(cli, [command, "--manifest", str(manifest(tmp_path, text)),
                                           "--out", str(tmp_path / "out"), "--format", "json"])
            assert res.exit_code == 1 and said in res.output, res.output
            assert "--spec" not in res.output and "areas[1]: areas[1]" not in res.output
            assert ("areas[2]/vendors[2]: " in res.output) == (missing in text)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_files_of_an_area_whose_spec_fails_are_still_read_and_their_problems_listed(home: Path, tmp_path: Path,
                                                                                      jobs: str):
    """「every problem at once」 left out the missing answer file of an area whose spec was not imported: the run
    after the import failed again, on the file."""
    broken = tmp_path / "壊れた回答.xlsx"
    broken.write_bytes(b"not a workbook")
    text = MANIFEST.replace("FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx", "介護保険").replace(
        "FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx", "ない.xlsx").replace(
        "FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv", str(broken)).replace(
        "FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx", "ない2.xlsx")
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--jobs", jobs, "--format", "json")
    assert res.exit_code == 1 and "4 件の問題" in res.output, res.output
    assert "  - areas[1]: 業務「介護保険」の仕様書が取り込まれていません" in res.output
    assert f"  - areas[1]/vendors[1]: {tmp_path / 'ない.xlsx'}: ファイルが見つかりません\n" in res.output
    assert f"  - areas[1]/vendors[2]: {broken}: 回答の表が見つかりません" in res.output
    assert f"  - areas[3]/vendors[1]: {tmp_path / 'ない2.xlsx'}: ファイルが見つかりません\n" in res.output
    assert res.output.count("仕様書が取り込まれていません") == 1 and not (tmp_path / "out").exists()


def test_a_vocabulary_problem_is_said_once_not_per_area(home: Path, tmp_path: Path):
    """--vocabulary is the run's, not an area's: named by each area's entry it would be listed once per area."""
    vocab = tmp_path / "記号.yaml"
    vocab.write_text("mode: extend\nanswers:\n  yes: [済]\n  no: [済]\n", "utf-8")
    both = ("areas:\n  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n    vendors:\n"
            f"      - {{name: 架空システムズ, file: {KAKU}}}\n      - {{name: 見本ソリューションズ, file: {MIHON}}}\n"
            "  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    vendors:\n"
            "      - {name: 架空システムズ, file: FIX/vendor/住民記録_第1.1版_回答_架空システムズ.xlsx}\n"
            "      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}\n")
    for command in ("check", "compare"):  # a manifest both take: the same vendors in every area
        res = CliRunner().invoke(cli, [command, "--manifest", str(manifest(tmp_path, both)), "--vocabulary", str(vocab),
                                       "--out", str(tmp_path / "out"), "--format", "json"])
        assert res.exit_code == 1 and res.output.startswith(f"エラー: {vocab}: 同じ回答記号が 2 つの区分にある"), res.output
        assert res.output.count("「済」") == 1 and "areas[" not in res.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_cannot_be_opened_is_listed_with_every_other_problem(home: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch, jobs: str):
    """An answer sheet or a spec workbook locked by another program (stat() succeeds, the read is denied) ended the
    batch with that one message: the missing and the damaged file were never reported."""
    monkeypatch.setattr(batch_run, "START_METHOD", "fork")  # the workers are denied the read too
    spec = FIXTURES / "specs" / "住民記録_第1.1版_機能要件.xlsx"
    real = os.open

    def denying(path: str | os.PathLike[str], *args: Any, **kwargs: Any) -> int:
        if Path(path).name in (KAKU.name, spec.name):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # shutil.rmtree opens with dir_fd

    monkeypatch.setattr(os, "open", denying)
    broken, missing = tmp_path / "壊れた回答.xlsx", tmp_path / "ない.xlsx"
    broken.write_bytes(b"not a workbook")
    text = MANIFEST.replace("FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv", str(broken)).replace(
        "FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx", str(missing))
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--jobs", jobs, "--format", "json")
    assert res.exit_code == 1 and "4 件の問題があるため、出力は書いていません" in res.output, res.output
    assert f"{KAKU}: アクセスできません（" in res.output and f"{spec}: アクセスできません（" in res.output
    assert f"{broken}: " in res.output and f"{missing}: ファイルが見つかりません" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "out").exists()


def test_a_read_no_reader_guarded_is_the_files_problem_and_a_failed_write_ends_the_run(home: Path, tmp_path: Path,
                                                                                       monkeypatch: pytest.MonkeyPatch):
    def denied(spec: Any, file: Path, *args: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    check_file = batch_run.check_file
    monkeypatch.setattr(batch_run, "check_file", denied)
    res = run(KAKU, MIHON, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--jobs", "1", "--format", "json")
    assert res.exit_code == 1 and "2 件の問題" in res.output, res.output
    assert f"{KAKU}: アクセスできません（" in res.output and f"{MIHON}: アクセスできません（" in res.output
    monkeypatch.setattr(batch_run, "check_file", check_file)

    def full(*args: Any) -> Any:  # writing into the staging folder: the disk's problem, not the vendor's file's
        raise OSError(28, "No space left on device", str(tmp_path / "out"))

    monkeypatch.setattr(batch_run, "write_gap_outputs", full)
    res = run(KAKU, MIHON, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--jobs", "1", "--format", "json")
    assert res.exit_code == 1 and res.output.startswith(f"エラー: {tmp_path / 'out'}: ディスクの空き容量が足りません")
    assert "件の問題" not in res.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_workbook_that_panics_calamine_is_reported_from_a_worker_too(home: Path, tmp_path: Path, jobs: str,
                                                                       capfd: pytest.CaptureFixture[str]):
    """The panic came back from a worker as `Can't pickle <class 'pyo3_runtime.PanicException'>`. Rust's report of
    it is held there too: a worker's watch of the command's process is a thread of hyojun's own."""
    broken = tmp_path / "介護保険_第6.0版_回答_壊れた.xls"
    broken.write_bytes(panicking_xls())
    res = run(broken, KAKU, "--spec", KAIGO_SPEC, "--out", tmp_path / "out", "--jobs", jobs, "--format", "json")
    assert res.exit_code == 1, res.output
    assert f"{broken}: ブックを読めません。ファイルが壊れているか途中で切れている" in res.output
    assert "Traceback" not in res.output and "pickle" not in res.output and not (tmp_path / "out").exists()
    assert "panicked" not in capfd.readouterr().err


def test_a_spec_problem_is_reported_once_for_its_area(home: Path, tmp_path: Path):
    text = MANIFEST.replace("FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx", "介護保険@第9.9版")
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--jobs", "2")
    assert res.exit_code == 1, res.output
    assert res.output.count("介護保険」の仕様書が取り込まれていません") == 1 and "件の問題" not in res.output
    assert not (tmp_path / "out").exists()  # the output folder was not there before: it is not left behind


def test_fail_on_and_record_see_every_file(home: Path, tmp_path: Path):
    db = tmp_path / "r.db"
    res = run("--manifest", manifest(tmp_path), "--out", tmp_path / "out", "--format", "json", "--fail-on", "any",
              "--record", "--db", db, "--jobs", "2")
    assert res.exit_code == 3, res.output
    assert "適合率を記録しました（4 件。" in res.output


@pytest.mark.parametrize("args, message", [
    (["--manifest", "M", "--spec", str(KAIGO_SPEC)], "同時に指定できません"),
    (["--manifest", "M", str(KAKU)], "同時に指定できません"),
    ([str(KAKU)], "--spec"),
    (["--spec", str(KAIGO_SPEC)], "回答ファイルを指定"),
    (["--spec", str(KAIGO_SPEC), str(KAKU), "--jobs", "0"], "--jobs は 1 以上"),
    (["--spec", str(KAIGO_SPEC), str(KAKU), "--jobs", "2.5"], "--jobs は 1 以上の整数か auto"),
    (["--spec", str(KAIGO_SPEC), str(KAKU), "--jobs", "all"], "--jobs は 1 以上の整数か auto"),
    (["--spec", str(KAIGO_SPEC), str(KAKU), "--json", "-", "--jobs", "x"], "--jobs は 1 以上の整数か auto"),
])
def test_usage_errors(home: Path, tmp_path: Path, args: list[str], message: str):
    m = manifest(tmp_path)
    res = run(*[str(m) if a == "M" else a for a in args], "--out", tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert message in res.output and not (tmp_path / "out").exists()


def test_outputs_that_would_share_a_name_are_refused(home: Path, tmp_path: Path):
    # The same area twice with the same file: both results would be 介護保険/<stem>.*
    text = MANIFEST + """  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors:
      - {name: 別名, file: FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx}
"""
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 2 and "上書き" in res.output, res.output
    assert not (tmp_path / "out").exists()


def test_the_bundled_sample_manifest_runs(home: Path, tmp_path: Path):
    res = run("--manifest", ROOT / "vendor_docs" / "samples" / "全業務_check.yaml", "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    with open(tmp_path / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["業務"], r["ベンダ"]) for r in rows] == [
        ("介護保険", "架空システムズ"), ("介護保険", "見本ソリューションズ"), ("介護保険", "テスト情報サービス"),
        ("住民記録", "架空システムズ"), ("住民記録", "見本ソリューションズ"), ("就学", "テスト情報サービス")]
    assert all((tmp_path / r["出力"]).is_file() for r in rows)


def test_the_bundled_joint_sample_runs_as_a_check(home: Path, tmp_path: Path):
    """The compare sample of a joint procurement: its towns' outputs apart, by their town:."""
    res = run("--manifest", ROOT / "vendor_docs" / "samples" / "共同調達_compare.yaml", "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    with open(tmp_path / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted({r["出力"].rsplit("/", 1)[0] for r in rows}) == [
        "見本市（架空）/介護保険", "見本市（架空）/住民記録", "見本町（架空）/介護保険", "見本町（架空）/住民記録"]
    assert len(rows) == 8 and all((tmp_path / r["出力"]).is_file() for r in rows)


def test_manifest_text_is_inert_in_the_index_and_the_summary(home: Path, tmp_path: Path):
    text = MANIFEST.replace("{name: テスト情報サービス,", "{name: '=HYPERLINK(\"http://x\")<b>',").replace(
        "{name: 架空システムズ,", "{name: ＝SUM(1),")  # full width: Japanese Excel reads ＝ as =
    out = tmp_path / "out"
    assert run("--manifest", manifest(tmp_path, text), "--out", out, "--format", "json").exit_code == 0
    assert "&lt;b&gt;" in (out / "index.html").read_text("utf-8")
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        vendors = [r["ベンダ"] for r in csv.DictReader(fh)]
    assert vendors[-1] == "'=HYPERLINK(\"http://x\")<b>" and vendors[0] == "'＝SUM(1)"


def test_a_file_named_after_another_vendor_in_the_manifest_is_told(home: Path, tmp_path: Path):
    """Two files swapped in a manifest: a 不適合 went into check_summary.csv under the other vendor, without a word."""
    swapped = MANIFEST.replace("{name: 架空システムズ, file: FIX/vendor/介護保険", "{name: 見本ソリューションズ, file: FIX/vendor/介護保険", 1)
    swapped = swapped.replace("{name: 見本ソリューションズ, file: FIX/vendor/介護保険_第6.0版_回答_見本",
                              "{name: 架空システムズ, file: FIX/vendor/介護保険_第6.0版_回答_見本", 1)
    res = run("--manifest", manifest(tmp_path, swapped), "--out", tmp_path / "out", "--format", "json", "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert (f"{KAKU.name}: マニフェストではベンダ「見本ソリューションズ」ですが、ファイル自身のベンダ名は「架空システムズ") in res.stderr
    assert res.stderr.count("取り違え") == 2
    assert "取り違え" not in run("--manifest", manifest(tmp_path), "--out", tmp_path / "ok", "--format", "json").stderr


def test_a_manifest_says_which_version_a_vendor_answered(home: Path, tmp_path: Path):
    """--answered-version cannot go with --manifest, whose message said to write it in the manifest: it can be now."""
    assert CliRunner().invoke(cli, ["spec", "import", str(FIXTURES / "specs" / "住民記録_第1.0版_機能要件.xlsx")]).exit_code == 0
    text = ("areas:\n  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    vendors:\n"
            "      - {name: 架空システムズ, file: FIX/vendor/住民記録_第1.1版_回答_架空システムズ.xlsx, answered_version: 第1.0版}\n"
            "      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}\n")
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    carried = json.loads((tmp_path / "out" / "住民記録" / "住民記録_第1.1版_回答_架空システムズ.json").read_text("utf-8"))
    plain = json.loads((tmp_path / "out" / "住民記録" / "住民記録_第1.1版_回答_見本ソリューションズ.json").read_text("utf-8"))
    assert carried["carryover"]["answered_version"] == "第1.0版" and "carryover" not in plain
    assert res.output.count("回答は 第1.0版 に対するもの（マニフェストの answered_version）") == 1
    # the lint command suggested for a file with errors reads its answers as the manifest said
    suggested = [ln for ln in res.output.splitlines() if "hyojun lint" in ln]
    assert len(suggested) == 2 and [ln.endswith(" --answered-version 第1.0版）") for ln in suggested] == [True, False]
    # a malformed version in the manifest is named before any file is read
    wrong = run("--manifest", manifest(tmp_path, text.replace("answered_version: 第1.0版", "answered_version: R6")),
                "--out", tmp_path / "wrong", "--format", "json")
    assert wrong.exit_code == 1 and "版は「第1.0版」または「1.0」の形で書いてください" in wrong.output, wrong.output
    assert "areas[1]/vendors[1] の answered_version「R6」" in wrong.output
    compared = CliRunner().invoke(cli, ["compare", "--manifest", str(manifest(tmp_path, text)), "--out", str(tmp_path / "cmp"),
                                        "--format", "json"])
    assert compared.exit_code == 0, compared.output
    # compare takes the version as check does, and says so in the vendor's caution (not that only check reads it)
    assert "answered_version は check --manifest が使います" not in compared.stderr
    assert "住民記録・架空システムズ: " in compared.stderr and "第1.0版 への回答（マニフェストの answered_version。" in compared.stderr
    assert "団体が指定した版（第1.0版）への回答として確認しました。回答ファイル名には 第1.1版 と書かれています" in compared.stderr


def test_the_suggested_lint_command_shows_a_manifests_paths_normalised(home: Path):
    """A manifest's ../ paths joined to its folder showed as samples/../specs/… in the suggested command."""
    (home / "specs").mkdir()
    (home / "samples").mkdir()
    shutil.copy(KAIGO_SPEC, home / "specs")
    shutil.copy(KAKU, home / "samples")
    (home / "samples" / "check.yaml").write_text(
        f"areas:\n  - spec: ../specs/{KAIGO_SPEC.name}\n    vendors:\n      - {{name: 架空システムズ, file: ../samples/{KAKU.name}}}\n",
        "utf-8")
    res = run("--manifest", "samples/check.yaml", "--out", "out", "--format", "json")
    assert res.exit_code == 0, res.output
    (suggested,) = re.findall(r"または (hyojun lint .*)）$", res.output, re.M)
    args = shlex.split(suggested)
    assert ".." not in (part for a in args for part in Path(a).parts), suggested
    assert args[2:] == [f"samples/{KAKU.name}", "--spec", f"specs/{KAIGO_SPEC.name}"]
    lint = CliRunner().invoke(cli, args[1:])
    assert f"{KAKU.name}: 回答 465 行、エラー 4 件、警告 10 件" in lint.output, lint.output


def test_a_manifest_version_written_as_a_plain_number_is_read_as_written(home: Path, tmp_path: Path):
    """`answered_version: 1.0` unquoted: the tool asked for 「1.0」 and then said 「1.0」 was not a string (a YAML number)."""
    assert CliRunner().invoke(cli, ["spec", "import", str(FIXTURES / "specs" / "住民記録_第1.0版_機能要件.xlsx")]).exit_code == 0
    text = ("areas:\n  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    answered_version: 1.0\n    vendors:\n"
            "      - {name: 架空システムズ, file: FIX/vendor/住民記録_第1.1版_回答_架空システムズ.xlsx}\n")
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    carried = json.loads((tmp_path / "out" / "住民記録" / "住民記録_第1.1版_回答_架空システムズ.json").read_text("utf-8"))
    assert carried["carryover"]["answered_version"] == "第1.0版"
    wrong = run("--manifest", manifest(tmp_path, text.replace("answered_version: 1.0", "answered_version: 2")),
                "--out", tmp_path / "wrong", "--format", "json")
    assert wrong.exit_code == 1 and "マニフェストの answered_version（第2.0版）: 住民記録 第2.0版 は取り込まれていません" \
        in wrong.output and "文字列ではありません" not in wrong.output, wrong.output


def test_an_earlier_runs_reports_left_in_the_folder_are_told(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run("--manifest", manifest(tmp_path), "--out", out, "--format", "json,csv").exit_code == 0
    fewer = MANIFEST.split("  - spec: [FIX/specs/就学")[0]  # 就学 left out, and only JSON this time
    res = run("--manifest", manifest(tmp_path, fewer), "--out", out, "--format", "json")
    assert res.exit_code == 0, res.output
    stale = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.csv") if p.name != "check_summary.csv") + \
        sorted(p.relative_to(out).as_posix() for p in (out / "就学").glob("*.json"))
    assert f"には今回の実行で書かなかった以前の出力が {len(stale)} 件あります" in res.stderr
    assert "就学/就学_第4.0版_回答_テスト情報サービス.json" in res.stderr
    again = run("--manifest", manifest(tmp_path, fewer), "--out", tmp_path / "fresh", "--format", "json")
    assert "以前の出力" not in again.stderr


def test_a_folder_in_out_that_cannot_be_opened_is_passed_over(home: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    """--out E:\\ on a USB drive holds System Volume Information, which users may not open (simulated: root opens
    anything): the search for earlier outputs failed the run after every output was written, with exit 1 naming
    that folder, and --record was never reached."""
    out = tmp_path / "out"
    assert run("--manifest", manifest(tmp_path), "--out", out, "--format", "json,csv").exit_code == 0
    for locked in (out / "System Volume Information", out / "他課" / "介護保険"):
        locked.mkdir(parents=True)
    iterdir = Path.iterdir

    def denied(self: Path) -> Any:
        if self.name in ("System Volume Information", "他課"):
            raise PermissionError(13, "Permission denied", str(self))
        return iterdir(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    res = run("--manifest", manifest(tmp_path), "--out", out, "--format", "json", "--record", "--db", tmp_path / "r.db")
    assert res.exit_code == 0, res.output
    assert "適合率を記録しました（4 件。" in res.output and "アクセスできません" not in res.output
    assert "以前の出力が 4 件あります" in res.stderr  # the readable folders' CSV reports are still told


def _stuck(tasks: list[Any], folders: list[Any]) -> None:
    """A worker stuck in a hostile file (module-level: the pool sends it by name)."""
    import time
    time.sleep(60)


def test_the_time_limit_in_a_pool_names_the_files_not_finished(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import checker.batch_run as batch_run
    monkeypatch.setattr(batch_run, "START_METHOD", "fork")
    monkeypatch.setattr(batch_run, "_run_chunk", _stuck)
    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "1")
    res = run("--manifest", manifest(tmp_path), "--out", tmp_path / "out", "--jobs", "2", "--format", "json")
    assert res.exit_code == 1, res.output
    assert "処理時間が上限（1 秒）を超えたため中止しました" in res.output
    assert "終わっていない回答ファイル 4 件: 介護保険_第6.0版_回答_架空システムズ.xlsx、" in res.output
    assert not (tmp_path / "out").exists()


def test_the_time_limit_in_one_process_stops_at_the_file_it_was_reading(home: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    """It was taken for that file's problem: the batch went on with the other files, without a limit."""
    import time

    import checker.batch_run as batch_run
    seen: list[Path] = []

    def slow(spec: Any, file: Path, *args: Any) -> Any:
        seen.append(file)
        time.sleep(5)

    monkeypatch.setattr(batch_run, "check_file", slow)
    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "1")
    res = run("--manifest", manifest(tmp_path), "--out", tmp_path / "out", "--jobs", "1", "--format", "json")
    assert res.exit_code == 1, res.output
    assert f"{KAKU.name}: 処理時間が上限（1 秒）を超えたため中止しました" in res.output
    assert seen == [(KAKU,)] and not (tmp_path / "out").exists()


def test_the_time_limit_while_a_spec_is_read_stops_the_run(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """It was taken for that area's problem: the other areas ran on without a limit."""
    import time

    seen: list[Any] = []

    def slow(refs: list[str], **kwargs: Any) -> Any:
        seen.append(refs)
        time.sleep(5)

    monkeypatch.setattr(batch_run, "resolve_spec", slow)
    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "1")
    res = run("--manifest", manifest(tmp_path), "--out", tmp_path / "out", "--jobs", "1", "--format", "json")
    assert res.exit_code == 1 and res.output.startswith("エラー: areas[1]: 処理時間が上限（1 秒）を超えたため中止しました"), res.output
    assert len(seen) == 1 and not (tmp_path / "out").exists()


def test_a_manifest_spec_named_without_its_extension_is_looked_for_beside_the_manifest(home: Path, tmp_path: Path):
    """Relative to the manifest, as the paths that exist are; not taken for an area 「仕様書/介護保険_…」."""
    import shutil

    folder = tmp_path / "調達"
    (folder / "仕様書").mkdir(parents=True)
    shutil.copy(KAIGO_SPEC, folder / "仕様書")
    manifest = folder / "m.yaml"
    manifest.write_text(f"areas:\n  - spec: 仕様書/{KAIGO_SPEC.stem}\n    vendors:\n      - {{name: A, file: {KAKU}}}\n", "utf-8")
    res = CliRunner().invoke(cli, ["check", "--manifest", str(manifest), "--out", str(tmp_path / "o")])
    missing = folder / "仕様書" / KAIGO_SPEC.stem
    assert res.exit_code == 1 and f"{missing}: ファイルが見つかりません。{missing}.xlsx のことですか" in res.output, res.output


def test_a_manifest_spec_file_name_is_never_looked_for_in_the_current_folder(home: Path, tmp_path: Path):
    """`spec: 介護保険.xlsx` not beside the manifest was read from the current folder: another run, another spec."""
    folder = tmp_path / "調達"
    folder.mkdir()
    shutil.copy(KAIGO_SPEC, tmp_path / KAIGO_SPEC.name)  # the current folder (home)
    m = folder / "m.yaml"
    m.write_text(f"areas:\n  - spec: {KAIGO_SPEC.name}\n    vendors:\n      - {{name: A, file: {KAKU}}}\n", "utf-8")
    res = CliRunner().invoke(cli, ["check", "--manifest", str(m), "--out", str(tmp_path / "o"), "--format", "json"])
    assert res.exit_code == 1 and f"{folder / KAIGO_SPEC.name}: ファイルが見つかりません" in res.output, res.output
    shutil.move(tmp_path / KAIGO_SPEC.name, folder / KAIGO_SPEC.name)
    res = CliRunner().invoke(cli, ["check", "--manifest", str(m), "--out", str(tmp_path / "o"), "--format", "json"])
    assert res.exit_code == 0, res.output


def test_the_answer_files_in_the_area_folders_are_no_earlier_outputs(home: Path, tmp_path: Path):
    """Answers filed by area (介護保険/…) with --out their parent: they were called earlier outputs to delete."""
    (tmp_path / "介護保険").mkdir()
    for f in (KAKU, MIHON):
        shutil.copy(f, tmp_path / "介護保険" / f.name)
    text = ("areas:\n  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n    vendors:\n"
            f"      - {{name: 架空システムズ, file: {tmp_path}/介護保険/{KAKU.name}}}\n")
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path, "--format", "html,json")
    assert res.exit_code == 0, res.output
    assert "以前の出力" not in res.stderr  # neither the answers read nor the other vendor's left beside them
    # a vendor since left out: its reports are told, its answer file still not
    other = text + f"      - {{name: 見本ソリューションズ, file: {tmp_path}/介護保険/{MIHON.name}}}\n"
    assert run("--manifest", manifest(tmp_path, other), "--out", tmp_path, "--format", "html,json").exit_code == 0
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path, "--format", "html,json")
    assert "以前の出力が 2 件あります（介護保険/介護保険_第6.0版_回答_見本ソリューションズ.html、介護保険/介護保険_第6.0版_回答_見本" \
        "ソリューションズ.json）" in res.stderr, res.stderr


def test_a_report_never_replaces_a_vendor_file_of_the_same_name(home: Path, tmp_path: Path):
    """The bid as .xlsx and .csv in one folder: checking the CSV into it replaced the vendor's workbook."""
    bid = tmp_path / "回答"
    bid.mkdir()
    shutil.copy(MIHON, bid / "A社.csv")
    shutil.copy(KAKU, bid / "A社.xlsx")
    before = (bid / "A社.xlsx").read_bytes()
    res = run(bid / "A社.csv", "--spec", KAIGO_SPEC, "--out", bid, "--format", "html,xlsx,json")
    assert res.exit_code == 2 and res.output == (
        f"エラー: 出力 {bid / 'A社.xlsx'} と同じ名前の、hyojun の出力でないファイルがあります（ベンダの回答ファイルなど）。"
        "書き出すと元のファイルが失われるため、何も書かずに中止しました。--out で別の出力先を指定するか、そのファイルを別のフォルダに"
        "移してください\n")
    assert (bid / "A社.xlsx").read_bytes() == before and sorted(p.name for p in bid.iterdir()) == ["A社.csv", "A社.xlsx"]
    # its own earlier reports are replaced as before
    (bid / "A社.xlsx").unlink()
    assert run(bid / "A社.csv", "--spec", KAIGO_SPEC, "--out", bid, "--format", "html,xlsx,json").exit_code in (0, 3)
    assert run(bid / "A社.csv", "--spec", KAIGO_SPEC, "--out", bid, "--format", "html,xlsx,json").exit_code in (0, 3)


def test_a_rerun_with_fewer_formats_tells_of_the_earlier_reports(home: Path, tmp_path: Path):
    """The revised bid's JSON and CSV beside the earlier bid's HTML and Excel, which people print, said nothing."""
    out = tmp_path / "out"
    assert run(KAKU, "--spec", KAIGO_SPEC, "--out", out).exit_code in (0, 3)
    res = run(KAKU, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,csv")
    assert (f"注意: {out} の {KAKU.stem}.html、{KAKU.stem}.xlsx は以前の実行の出力で、今回は書いていません（--format にない形式）。"
            in res.stderr), res.stderr
    again = run(KAKU, "--spec", KAIGO_SPEC, "--out", tmp_path / "fresh", "--format", "json")
    assert "以前の実行" not in again.stderr


def test_a_revised_bid_under_another_name_tells_of_the_earlier_bids_reports(home: Path, tmp_path: Path):
    """回答_B社_修正版.xlsx checked into round 1's folder wrote its reports beside 回答_B社.* (the earlier bid, another
    verdict) without a word, where check --manifest tells of outputs it did not write."""
    out, r1, r2 = tmp_path / "out", tmp_path / "r1", tmp_path / "r2"
    for folder, name in ((r1, "回答_B社.xlsx"), (r2, "回答_B社_修正版.xlsx")):
        folder.mkdir()
        shutil.copy(KAKU, folder / name)
    assert run(r1 / "回答_B社.xlsx", MIHON, "--spec", KAIGO_SPEC, "--out", out).exit_code in (0, 3)
    res = run(r2 / "回答_B社_修正版.xlsx", MIHON, "--spec", KAIGO_SPEC, "--out", out)
    assert res.exit_code in (0, 3), res.output
    assert (f"注意: {out} の 回答_B社.* は同じベンダ B社 の以前の回答ファイル（回答_B社.xlsx）のレポートです"
            "（今回は 回答_B社_修正版.xlsx）。今回の結果と混ざらないよう、不要なら削除してください\n") in res.stderr, res.stderr
    assert MIHON.stem not in res.stderr and len((out / "回答_B社.json").read_bytes()) > 0
    again = run(r1 / "回答_B社.xlsx", "--spec", KAIGO_SPEC, "--out", tmp_path / "fresh")
    assert "以前の回答ファイル" not in again.stderr


def test_no_earlier_bid_is_told_of_for_the_same_file_or_a_vendor_whose_name_contains_another(home: Path, tmp_path: Path):
    """The rerun review: checked again with --format html, the bid's own JSON was called an earlier answer file's
    report (回答_B社.xlsx（今回は 回答_B社.xlsx）); 富士通Japan's check asked to delete 富士通's reports."""
    out = tmp_path / "out"
    for name in ("回答_B社.xlsx", "回答_富士通.xlsx", "回答_富士通Japan.xlsx"):
        shutil.copy(KAKU, tmp_path / name)
    assert run(tmp_path / "回答_B社.xlsx", tmp_path / "回答_富士通.xlsx", "--spec", KAIGO_SPEC, "--out", out).exit_code in (0, 3)
    for bid in ("回答_B社.xlsx", "回答_富士通Japan.xlsx"):
        res = run(tmp_path / bid, "--spec", KAIGO_SPEC, "--out", out, "--format", "html")
        assert res.exit_code in (0, 3), res.output
        assert "以前の回答ファイル" not in res.stderr, res.stderr
        # the JSON of 回答_B社 left by the first run is told of as such
        assert ("以前の実行の出力" in res.stderr) == (bid == "回答_B社.xlsx"), res.stderr


def test_reports_made_for_another_version_of_their_area_are_replaced_with_a_notice(home: Path, tmp_path: Path):
    """A version imported between two rounds: `--spec 住民記録` (and a manifest's `spec: 住民記録`) now checked against
    第1.1版, and round 1's reports for 第1.0版 were replaced without a word."""
    out = tmp_path / "out"
    answers = VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx"
    m = write_manifest(tmp_path, f"areas:\n  - spec: 住民記録\n    vendors:\n      - {{name: 架空システムズ, file: {answers}}}\n")
    assert CliRunner().invoke(cli, ["spec", "import", str(JUMIN_V10)]).exit_code == 0
    assert run(answers, "--spec", "住民記録", "--out", out).exit_code in (0, 3)
    assert (first := run("--manifest", m, "--out", tmp_path / "m")).exit_code in (0, 3), first.output
    assert CliRunner().invoke(cli, ["spec", "import", str(JUMIN_V11)]).exit_code == 0
    for res, folder in ((run(answers, "--spec", "住民記録", "--out", out), out),
                        (run("--manifest", m, "--out", tmp_path / "m"), tmp_path / "m" / "住民記録")):
        assert res.exit_code in (0, 3), res.output
        assert (f"注意: {folder} の以前の出力（{answers.stem}.*）は 住民記録 第1.0版 で作ったもので、今回の 第1.1版 の出力で"
                "置き換えました（業務名だけの指定は取り込み済みの最新版です）。前回と同じ版で作るには 住民記録@第1.0版 を指定します。"
                "回ごとに --out を分けると以前の出力も残ります\n") in res.stderr, res.stderr
    again = run(answers, "--spec", "住民記録", "--out", out)
    assert "以前の出力" not in again.stderr, again.stderr
    # the rerun review: 「業務名だけの指定は…最新版です」 of a version named too
    pinned = run(answers, "--spec", "住民記録@第1.0版", "--out", out)
    assert "第1.1版 で作ったもので、今回の 第1.0版 の出力で置き換えました。前回と同じ版で" in pinned.stderr, pinned.stderr


def test_an_older_hyojuns_excel_report_is_replaced_and_told_of(home: Path, tmp_path: Path):
    """After an upgrade, a re-check into the usual folder stopped with exit 2, calling the Excel report an older
    hyojun had written there (XlsxWriter: an empty author, no signature) a vendor's file; nor was it ever told of."""
    out = tmp_path / "out"
    report = out / f"{KAKU.stem}.xlsx"

    def written_before_a6f77c7() -> None:
        edited_zip(report, report, "docProps/core.xml", lambda core: core.replace(
            b"<dc:creator>hyojun</dc:creator>", b"<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"))

    assert run(KAKU, "--spec", KAIGO_SPEC, "--out", out, "--format", "xlsx").exit_code in (0, 3)
    written_before_a6f77c7()
    res = run(KAKU, "--spec", KAIGO_SPEC, "--out", out, "--format", "xlsx")
    assert res.exit_code in (0, 3) and str(report) in res.output, res.output
    with zipfile.ZipFile(report) as z:
        assert b"<dc:creator>hyojun</dc:creator>" in z.read("docProps/core.xml")
    written_before_a6f77c7()
    res = run(KAKU, "--spec", KAIGO_SPEC, "--out", out, "--format", "json")
    assert f"注意: {out} の {report.name} は以前の実行の出力で、今回は書いていません" in res.stderr, res.stderr

def test_a_vendor_name_given_as_an_option_is_not_said_to_come_from_a_manifest(home: Path, tmp_path: Path):
    res = run(KAKU, "--spec", KAIGO_SPEC, "--vendor-name", "見本商事", "--out", tmp_path, "--format", "json")
    assert res.exit_code in (0, 3), res.output
    assert (f"注意: {KAKU}: --vendor-name ではベンダ「見本商事」ですが、ファイル自身のベンダ名は「架空システムズ」です。"
            "ファイルの取り違えでないか確かめてください（結果は「見本商事」のものとしています）") in res.stderr, res.stderr
    assert "マニフェスト" not in res.stderr


def test_the_summary_names_each_rows_town_and_its_missing_options(home: Path, tmp_path: Path):
    """A joint procurement: the towns' rows were alike but for the town and its options, which the summary lacked;
    and the town's prefecture, which tells apart 美里町 of 宮城県 from 美里町 of 熊本県."""
    profile = tmp_path / "見本市_介護保険.yaml"
    profile.write_text((FIXTURES / "profiles" / "介護保険_profile.yaml").read_text("utf-8").replace(
        "municipality: 見本市（架空）", "municipality: 見本市（架空）\nprefecture: 宮城県"), "utf-8")
    out = tmp_path / "out"
    text = MANIFEST.replace("FIX/profiles/介護保険_profile.yaml", str(profile))
    assert run("--manifest", manifest(tmp_path, text), "--out", out, "--format", "json").exit_code == 0
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames is not None and reader.fieldnames[:3] == ["団体", "都道府県", "業務"]
    assert reader.fieldnames[6:11] == ["判定", "判定コード", "必須機能の適合率(%)", "実装不可機能の実装", "要求オプションの未対応"]
    assert reader.fieldnames[11] == "求めるオプション数"
    gaps = []
    for r in rows[:2]:  # 介護保険, with the profile
        doc = json.loads((out / r["出力"]).read_bytes())
        gaps.append(doc["summary"]["status_counts"]["optional_gap"])
        assert r["判定コード"] == doc["summary"]["verdict"]  # a script reads the code, not the label
        assert (r["団体"], r["都道府県"], r["要求オプションの未対応"], r["求めるオプション数"]) == (
            "見本市（架空）", "宮城県", str(gaps[-1]), "20")
    assert any(gaps)  # a figure that could be told apart from a blank or a zero
    assert [(r["団体"], r["都道府県"], r["要求オプションの未対応"], r["求めるオプション数"]) for r in rows[2:]] == [
        ("", "", "", "")] * 2
    index = (out / "index.html").read_text("utf-8")
    assert '<th scope="col">団体</th>' in index and index.count("<td class=\"nw\">宮城県 見本市（架空）</td>") == 2
    assert f"{gaps[0]} 件<span class=\"muted\">（要求オプション 20 件）" in index and index.count("プロファイルなし") == 2
    # no options asked: the other tables' empty mark, not －, which is a vendor's 対象外
    assert index.count('<span class="muted">—</span>') == 2 and "－" not in index


def _other_town(tmp_path: Path) -> Path:
    """The fixture's 介護保険 profile for another municipality, 別町."""
    other = tmp_path / "別町_介護保険.yaml"
    other.write_text((FIXTURES / "profiles" / "介護保険_profile.yaml").read_text("utf-8").replace(
        "municipality: 見本市（架空）", "municipality: 別町"), "utf-8")
    return other


def _two_towns(tmp_path: Path, outs: tuple[str, ...] = ()) -> Path:
    """介護保険 for two towns (the same answer files, each town's profile) and 住民記録 at two versions."""
    other = _other_town(tmp_path)
    entries = [("FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx", "FIX/profiles/介護保険_profile.yaml", KAKU, MIHON),
               ("FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx", str(other), KAKU, MIHON),
               ("FIX/specs/住民記録_第1.1版_機能要件.xlsx", "", VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"),
               ("FIX/specs/住民記録_第1.0版_機能要件.xlsx", "", VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls")]
    text = "areas:\n"
    for i, (spec, profile, *files) in enumerate(entries):
        text += f"  - spec: {spec}\n" + (f"    profile: {profile}\n" if profile else "") + (
            f"    out: {outs[i]}\n" if outs else "") + "    vendors:\n"
        text += "".join(f"      - {{name: V{j}, file: {f}}}\n" for j, f in enumerate(files, start=1))
    return manifest(tmp_path, text)


def test_a_manifest_of_several_towns_or_versions_names_every_collision_and_why(home: Path, tmp_path: Path):
    """One manifest for a joint procurement: the message named one path twice, not the entries, and only the first."""
    res = run("--manifest", _two_towns(tmp_path), "--out", tmp_path / "out", "--format", "json", "--jobs", "1")
    assert res.exit_code == 2, res.output
    assert "出力ファイルが同じになる回答ファイルがあります（3 組）" in res.output
    assert ("業務の項目に out:（--out の中のフォルダ。例: out: 利府町/住民記録）を書いてください（団体ごとなら town: 利府町 でも"
            " 利府町/<業務名> のフォルダに分かれます）") in res.output
    assert (f"  - areas[1]/vendors[1]・areas[2]/vendors[1]: 同じ回答ファイル {KAKU} を別の団体のプロファイル（見本市（架空）・別町）で"
            f" → 介護保険/{KAKU.stem}.*") in res.output
    assert f"  - areas[1]/vendors[2]・areas[2]/vendors[2]: 同じ回答ファイル {MIHON} を別の団体のプロファイル" in res.output
    assert "  - areas[3]/vendors[1]・areas[4]/vendors[1]: 同じ回答ファイル " in res.output
    assert "を仕様書の別の版（住民記録 第1.1版・住民記録 第1.0版）で → 住民記録/住民記録_第1.1版_回答_見本ソリューションズ.*" in res.output
    assert not (tmp_path / "out").exists()


def test_an_area_entrys_out_keeps_the_towns_and_versions_apart(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    m = _two_towns(tmp_path, ("見本市/介護保険", "別町\\介護保険", "住民記録_第1.1版", "住民記録_第1.0版"))
    res = run("--manifest", m, "--out", out, "--format", "json")
    assert res.exit_code == 0, res.output
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [(r["団体"], r["版"], r["出力"]) for r in csv.DictReader(fh)]
    assert rows == [("見本市（架空）", "第6.0版", f"見本市/介護保険/{KAKU.stem}.json"),
                    ("見本市（架空）", "第6.0版", f"見本市/介護保険/{MIHON.stem}.json"),
                    ("別町", "第6.0版", f"別町/介護保険/{KAKU.stem}.json"), ("別町", "第6.0版", f"別町/介護保険/{MIHON.stem}.json"),
                    ("", "第1.1版", "住民記録_第1.1版/住民記録_第1.1版_回答_見本ソリューションズ.json"),
                    ("", "第1.0版", "住民記録_第1.0版/住民記録_第1.1版_回答_見本ソリューションズ.json")]
    assert json.loads((out / "別町" / "介護保険" / f"{KAKU.stem}.json").read_bytes())["profile"]["municipality"] == "別町"
    # a vendor since left out of a town's folder is an earlier output there too
    text = m.read_text("utf-8")
    fewer = text.replace(f"      - {{name: V2, file: {MIHON}}}\n", "", 1)
    res = run("--manifest", manifest(tmp_path, fewer), "--out", out, "--format", "json")
    assert res.exit_code == 0 and f"以前の出力が 1 件あります（見本市/介護保険/{MIHON.stem}.json）" in res.stderr, res.stderr
    # so is a town since left out of the manifest (its out: folder not written this time)
    head, *entries = text.split("  - spec: ")
    res = run("--manifest", manifest(tmp_path, head + "".join("  - spec: " + e for i, e in enumerate(entries) if i != 1)),
              "--out", out, "--format", "json")
    assert res.exit_code == 0 and (f"以前の出力が 2 件あります（別町/介護保険/{KAKU.stem}.json、"
                                   f"別町/介護保険/{MIHON.stem}.json）") in res.stderr, res.stderr
    # out: stays inside --out
    for wrong in ("../外", "/tmp/外", "見本市//介護保険", "C:\\調達\\利府町", "C:/外"):  # a drive: Explorer's パスのコピー
        bad = manifest(tmp_path, text.replace("out: 見本市/介護保険", f"out: {wrong}"))
        res = run("--manifest", bad, "--out", tmp_path / "bad", "--format", "json")
        assert res.exit_code == 1 and f"areas[1] の out「{wrong}」: --out の中のフォルダを" in res.output, res.output
    assert not (tmp_path / "bad").exists() and not (tmp_path / "外").exists()


def test_an_area_entrys_town_without_out_is_its_folder(home: Path, tmp_path: Path):
    """A joint manifest (the same area for several towns, told apart by town:) ran with compare but check refused its
    overlapping outputs: a town: is the folder <town>/<area> unless out: is written."""
    towns = iter(("見本市（架空）", "別町", "見本市（架空）", "別町"))  # as their profiles say
    text = re.sub(r"(  - spec: .*\n)", lambda m: f"{m[1]}    town: {next(towns)}\n", _two_towns(tmp_path).read_text("utf-8"))
    text = text.replace("住民記録_第1.0版_機能要件.xlsx\n    town: 別町\n", "住民記録_第1.0版_機能要件.xlsx\n    town: 別町\n    out: 旧版\n")
    out = tmp_path / "out"
    res = run("--manifest", manifest(tmp_path, text), "--out", out, "--format", "json")
    assert res.exit_code == 0, res.output
    with open(out / "check_summary.csv", encoding="utf-8-sig", newline="") as fh:
        assert [r["出力"] for r in csv.DictReader(fh)] == [
            f"見本市（架空）/介護保険/{KAKU.stem}.json", f"見本市（架空）/介護保険/{MIHON.stem}.json",
            f"別町/介護保険/{KAKU.stem}.json", f"別町/介護保険/{MIHON.stem}.json",
            "見本市（架空）/住民記録/住民記録_第1.1版_回答_見本ソリューションズ.json", "旧版/住民記録_第1.1版_回答_見本ソリューションズ.json"]
    # a town since left out of the manifest: its folder's reports are earlier outputs
    head, *entries = text.split("  - spec: ")
    res = run("--manifest", manifest(tmp_path, head + "".join("  - spec: " + e for i, e in enumerate(entries) if i != 1)),
              "--out", out, "--format", "json")
    assert res.exit_code == 0 and (f"以前の出力が 2 件あります（別町/介護保険/{KAKU.stem}.json、"
                                   f"別町/介護保険/{MIHON.stem}.json）") in res.stderr, res.stderr


def test_an_area_entrys_town_that_its_profile_contradicts_is_refused_as_compare_refuses_it(home: Path, tmp_path: Path):
    """A profile copied from another town's: check wrote 別町's reports with 見本市's profile into 別町/介護保険."""
    towns = iter(("見本市", "別町"))
    text = re.sub(r"(  - spec: .*介護保険.*\n)", lambda m: f"{m[1]}    town: {next(towns)}\n",
                  _two_towns(tmp_path, ("", "", "新版", "旧版")).read_text("utf-8")).replace("    out: \n", "")
    text = text.replace("    town: 別町\n    profile: ", "    town: 見本町\n    profile: ")
    out = tmp_path / "out"
    res = run("--manifest", manifest(tmp_path, text), "--out", out, "--format", "json")
    assert res.exit_code == 1, res.output
    assert "areas[2]: town「見本町」とプロファイル（" in res.output and "の団体「別町」が違います" in res.output
    assert not out.exists()


@pytest.mark.parametrize("wrong, said", [
    ("利府町/松島町", "団体の名前を 1 つ書いてください（「/」「\\」「:」や「.」「..」だけの名前は使えません）"),
    ("..", "団体の名前を 1 つ書いてください"), ("C:", "団体の名前を 1 つ書いてください"),
    ("見本市.", "名前の末尾の「.」は使えません（Windows は末尾の「.」を除くため、「見本市.」は「見本市」と同じフォルダになります）"),
    ("NUL", "「NUL」は Windows の装置名"), ("利府町?", "「?」は Windows でフォルダの名前に使えない文字です"),
    ("利府町／松島町", "「／」は区切りの「/」「\\」と同じに読める文字のため使えません"),
    ("Index.html", "「Index.html」は --out の直下に書く一覧（index.html・check_summary.csv）の名前のため、town の名前には使えません"),
])
def test_a_town_that_cannot_be_its_folder_is_refused_unless_out_is_written(home: Path, tmp_path: Path, wrong: str,
                                                                           said: str):
    text = _two_towns(tmp_path, ("見本市/介護保険", "別町/介護保険", "住民記録_第1.1版", "住民記録_第1.0版")).read_text("utf-8")
    other = _other_town(tmp_path)  # the town's own profile: the name is wrong only as a folder
    other.write_text(other.read_text("utf-8").replace("municipality: 別町", f"municipality: '{wrong}'"), "utf-8")
    for command in ("check", "compare"):  # one manifest for both: refused by both, as out: is
        m = manifest(tmp_path, text.replace("    out: 別町/介護保険\n", f"    town: '{wrong}'\n"))
        res = CliRunner().invoke(cli, [command, "--manifest", str(m), "--out", str(tmp_path / "out"), "--format", "json"])
        assert res.exit_code == 1 and (f"areas[2] の town「{wrong}」: {said}" in res.output
                                       and "out: のない業務では、town が check --manifest の出力のフォルダ「<town>/<業務名>」の名前"
                                       in res.output), res.output
        assert not (tmp_path / "out").exists()
    m = manifest(tmp_path, text.replace("    out: 別町/介護保険\n", f"    town: '{wrong}'\n    out: 別町/介護保険\n"))
    assert run("--manifest", m, "--out", tmp_path / "out", "--format", "json").exit_code == 0


@pytest.mark.parametrize("wrong, said", [
    # one folder on Windows with 共同/介護保険: one town's reports replaced the other's there
    ("共同/介護保険.", "名前の末尾の「.」は使えません（Windows は末尾の「.」を除くため、「介護保険.」は「介護保険」と同じフォルダになります）"),
    ("共同/介護保険 .", "名前の末尾の「.」は使えません（Windows は末尾の「.」を除くため、「介護保険 .」は「介護保険」と同じ"),
    ("NUL", "「NUL」は Windows の装置名"), ("共同/com1.txt", "「com1.txt」は Windows の装置名"), ("Lpt9", "「Lpt9」は Windows の装置名"),
    ("CON .x/介護保険", "「CON .x」は Windows の装置名"),
    ('利府町"介護"?', "「\"」「?」は Windows でフォルダの名前に使えない文字です"), ("a<b>|*", "「<」「>」「|」「*」は Windows で"),
    ("利府町／住民記録", "「／」は区切りの「/」「\\」と同じに読める文字のため使えません。フォルダを分けるなら半角の「/」で"),
    ("利府町＼住民記録", "「＼」は区切りの"),
    # the batch's own index: 「…に書き込めません。同じ名前のフォルダがあります」, no entry named, an empty folder left
    ("index.html", "「index.html」は --out の直下に書く一覧（index.html・check_summary.csv）の名前のため、out の最初のフォルダの"),
    ("Check_Summary.csv/介護保険", "「Check_Summary.csv」は --out の直下に書く一覧"),
])
def test_an_out_that_cannot_be_made_as_written_is_refused_naming_its_entry(home: Path, tmp_path: Path, wrong: str,
                                                                           said: str):
    text = _two_towns(tmp_path, ("見本市/介護保険", "共同/介護保険", "住民記録_第1.1版", "住民記録_第1.0版")).read_text("utf-8")
    m = manifest(tmp_path, text.replace("out: 共同/介護保険", f"out: '{wrong}'"))
    res = run("--manifest", m, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 1 and f"areas[2] の out「{wrong}」: {said}" in res.output, res.output
    assert not (tmp_path / "out").exists()


def test_outs_that_differ_only_in_case_are_one_folder(home: Path, tmp_path: Path):
    """Windows (and a Mac) take 共同/Kaigo and 共同/kaigo for one folder: the second town's reports replaced the first's."""
    m = _two_towns(tmp_path, ("共同/Kaigo", "共同/kaigo", "住民記録_第1.1版", "住民記録_第1.0版"))
    res = run("--manifest", m, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 2 and "出力ファイルが同じになる回答ファイルがあります（2 組）" in res.output, res.output
    assert (f"  - areas[1]/vendors[1]・areas[2]/vendors[1]: 同じ回答ファイル {KAKU} を別のプロファイル（介護保険_profile.yaml・"
            f"別町_介護保険.yaml）で → 共同/Kaigo/{KAKU.stem}.*・共同/kaigo/{KAKU.stem}.*（Windows では大文字と小文字を区別しないため、"
            "同じ名前です）") in res.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("town, out", [("利府町", "利府町/介護保険/{stem}.json"), ("利府町", "利府町/介護保険/{stem}.JSON/b"),
                                       ("", "介護保険/{stem}.json")])
def test_an_out_naming_another_areas_output_file_is_refused_naming_both_entries(home: Path, tmp_path: Path, town: str,
                                                                                out: str):
    """An area's out: naming the folder of another area's output: 「…に書き込めません。同じ名前のフォルダがあります」 only once
    the outputs were put in place, naming neither entry, and the folder was left, so the next run failed the same way."""
    out = out.format(stem=KAKU.stem)
    text = (f"areas:\n  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n{f'    town: {town}' if town else ''}\n"
            f"    vendors:\n      - {{name: 架空システムズ, file: {KAKU}}}\n"
            f"  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n    out: {out}\n"
            f"    vendors:\n      - {{name: 見本ソリューションズ, file: {MIHON}}}\n")
    for _ in range(2):
        res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "out", "--format", "json")
        assert res.exit_code == 2, res.output
        assert res.output == (
            "エラー: ほかの業務の出力を入れるフォルダと同じ名前になる出力ファイルがあります（1 件）。ファイルとフォルダは同じ名前に"
            "できないため、何も書かずに中止しました。マニフェストの業務の項目の out: を、ほかの業務の出力ファイルと重ならない名前にしてください\n"
            f"  - areas[1]/vendors[1] の出力ファイル {'利府町/' if town else ''}介護保険/{KAKU.stem}.json が、areas[2] の出力を入れる"
            f"フォルダ {out.split('/b')[0]} と同じ名前です\n")
        assert not (tmp_path / "out").exists()


def test_compare_says_it_leaves_out_to_check(home: Path, tmp_path: Path):
    text = ("areas:\n  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n    out: 見本市/介護保険\n    vendors:\n"
            f"      - {{name: 架空システムズ, file: {KAKU}}}\n      - {{name: 見本ソリューションズ, file: {MIHON}}}\n")
    res = CliRunner().invoke(cli, ["compare", "--manifest", str(manifest(tmp_path, text)), "--out", str(tmp_path / "cmp"),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "m.yaml: out は check --manifest が使います（compare は全業務の比較を --out の compare_m.* に書きます）" in res.stderr
    assert sorted(p.name for p in (tmp_path / "cmp").iterdir()) == ["compare_m.json"]


def test_a_run_for_another_town_never_replaces_the_previous_towns_reports(home: Path, tmp_path: Path):
    """Town by town into one --out: 利府町's evaluation was replaced by 松島町's without a word."""
    other = _other_town(tmp_path)
    own = FIXTURES / "profiles" / "介護保険_profile.yaml"
    out = tmp_path / "out"
    assert run(KAKU, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,html").exit_code in (0, 3)  # no profile
    assert run(KAKU, "--spec", KAIGO_SPEC, "--profile", own, "--out", out, "--format", "json,html").exit_code in (0, 3)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for profile, now in ((other, "別町"), (None, "プロファイルなし")):
        res = run(KAKU, "--spec", KAIGO_SPEC, *(["--profile", profile] if profile else []), "--out", out, "--format", "html")
        assert res.exit_code == 2, res.output
        assert res.output == ("エラー: 以前の出力に、別の団体のレポートがあります（1 件）。置き換えるとその団体の結果が"
                              "失われるため、何も書かずに中止しました。団体ごとに --out を分けるか、以前のレポートが不要なら削除してから実行して"
                              f"ください\n  - {out / KAKU.stem}.*: 見本市（架空） のプロファイルで作ったレポート（今回は {now}）\n")
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # the same town again replaces its own reports; so does another town's run into a folder of its own
    assert run(KAKU, "--spec", KAIGO_SPEC, "--profile", own, "--out", out, "--format", "json").exit_code in (0, 3)
    assert run(KAKU, "--spec", KAIGO_SPEC, "--profile", other, "--out", tmp_path / "別町", "--format", "json").exit_code in (0, 3)
    # a manifest's rows are refused as well, each named
    text = ("areas:\n  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n"
            f"    profile: {other}\n    out: 介護保険\n    vendors:\n      - {{name: 架空システムズ, file: {KAKU}}}\n")
    assert run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "m", "--format", "json").exit_code in (0, 3)
    res = run("--manifest", manifest(tmp_path, text.replace(f"profile: {other}", f"profile: {own}")), "--out",
              tmp_path / "m", "--format", "json")
    assert res.exit_code == 2 and f"{tmp_path / 'm' / '介護保険' / KAKU.stem}.*: 別町 のプロファイルで作ったレポート（今回は 見本市（架空））" \
        in res.output, res.output



def test_a_run_for_another_vendor_or_area_never_replaces_the_reports_of_the_same_name(home: Path, tmp_path: Path):
    """Two vendors return hyojun's blank form under its own name (介護保険_第6.0版_回答様式.xlsx), kept in a folder per
    vendor: the second check into the same --out replaced the first vendor's reports without a word (exit 0)."""
    form = "介護保険_第6.0版_回答様式"
    first, second, other_area = (tmp_path / d / f"{form}.xlsx" for d in ("a", "b", "c"))
    for src, dst in ((KAKU, first), (VENDOR / "介護保険_第6.0版_回答_テスト情報サービス.xlsx", second),
                     (VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx", other_area)):
        dst.parent.mkdir()
        shutil.copy(src, dst)
    out = tmp_path / "out"
    assert run(first, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,html").exit_code in (0, 3)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = run(second, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,html")
    assert res.exit_code == 2, res.output
    assert res.output == ("エラー: 以前の出力に、別のベンダのレポートがあります（1 件）。置き換えるとそのベンダの結果が失われるため、"
                          "何も書かずに中止しました。ベンダごとに --out を分けるか、以前のレポートが不要なら削除してから実行してください\n"
                          f"  - {out / form}.*: ベンダ「架空システムズ株式会社」の回答で作ったレポート"
                          "（今回は ベンダ「テスト情報サービス株式会社」）\n")
    res = run(second, MIHON, "--spec", KAIGO_SPEC, "--out", out, "--format", "json,html")  # among several files
    assert res.exit_code == 2 and "（1 件）" in res.output and f"{out / form}.*: ベンダ「架空システムズ株式会社」" in res.output
    res = run(other_area, "--spec", FIXTURES / "specs" / "住民記録_第1.1版_機能要件.xlsx", "--out", out, "--format", "json")
    assert res.exit_code == 2 and "別の業務・ベンダのレポート" in res.output and (
        f"{out / form}.*: 業務「介護保険」、ベンダ「架空システムズ株式会社」の回答で作ったレポート（今回は 業務「住民記録」、ベンダ「") \
        in res.output, res.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # the vendor's resubmitted file, with other answers, replaces its reports; so does a name given without 株式会社
    edited_zip(first, first, "xl/sharedStrings.xml", lambda strings: strings.replace(b"<t>\xc3\x97</t>", b"<t>\xe2\x97\x8b</t>"))
    for name in ((), ("--vendor-name", "架空システムズ")):
        assert run(first, "--spec", KAIGO_SPEC, *name, "--out", out, "--format", "json,html").exit_code in (0, 3)
    doc = json.loads((out / f"{form}.json").read_text("utf-8"))
    assert doc["vendor"]["name"] == "架空システムズ" and doc["vendor"]["sha256"] != json.loads(before[f"{form}.json"])["vendor"]["sha256"]
    # a manifest's rows, each named
    text = (f"areas:\n  - spec: {KAIGO_SPEC}\n    out: 介護保険\n    vendors:\n      - {{name: 架空システムズ, file: {first}}}\n"
            f"      - {{name: 見本ソリューションズ, file: {MIHON}}}\n")
    assert run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "m", "--format", "json").exit_code in (0, 3)
    res = run("--manifest", manifest(tmp_path, text.replace(f"架空システムズ, file: {first}", f"テスト情報サービス, file: {second}")),
              "--out", tmp_path / "m", "--format", "json")
    assert res.exit_code == 2 and (f"{tmp_path / 'm' / '介護保険' / form}.*: ベンダ「架空システムズ」の回答で作ったレポート"
                                   "（今回は ベンダ「テスト情報サービス」）") in res.output, res.output

def test_a_reports_town_and_a_collision_of_towns_name_the_prefecture(home: Path, tmp_path: Path):
    """The reports of 府中市 of 東京都 and of 広島県 both read 「団体: 府中市」 and 「プロファイル 府中市（…yaml）」 (HTML
    and the workbook's 概要): which town's, on paper? And one answer file under 北海道 伊達市's and 福島県 伊達市's
    profiles was 「別のプロファイル（a.yaml・b.yaml）」, not two towns."""
    import openpyxl

    def profile(name: str, prefecture: str, town: str = "府中市") -> Path:
        p = tmp_path / name
        p.write_text(f"municipality: {town}\nprefecture: {prefecture}\narea: 介護保険\nrequired_options: []\n", "utf-8")
        return p

    out = tmp_path / "out"
    assert run(KAKU, "--spec", KAIGO_SPEC, "--profile", profile("p.yaml", "広島県"), "--out", out,
               "--format", "html,xlsx").exit_code in (0, 3)
    html = (out / f"{KAKU.stem}.html").read_text("utf-8")
    assert "／団体: 広島県 府中市</p>" in html and "<dd>広島県 府中市（p.yaml）</dd>" in html
    assert ("プロファイル", "広島県 府中市（p.yaml）") in set(openpyxl.load_workbook(out / f"{KAKU.stem}.xlsx")["概要"].values)
    text = "areas:\n" + "".join(f"  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n    profile: {p}\n"
                                 f"    vendors:\n      - {{name: 架空システムズ, file: {KAKU}}}\n"
                                 for p in (profile("a.yaml", "北海道", "伊達市"), profile("b.yaml", "福島県", "伊達市")))
    res = run("--manifest", manifest(tmp_path, text), "--out", tmp_path / "m", "--format", "json")
    assert res.exit_code == 2 and f"同じ回答ファイル {KAKU} を別の団体のプロファイル（北海道 伊達市・福島県 伊達市）で" in res.output, res.output


def test_towns_are_told_apart_as_check_record_tells_them(home: Path, tmp_path: Path):
    """The guard compared the names as written: 「見本市（架空）　」 pasted from a cell was another town, while
    北海道 伊達市 replaced 福島県 伊達市's reports (the profile's prefecture was written nowhere)."""
    out = tmp_path / "out"

    def profile(name: str, text: str) -> Path:
        p = tmp_path / name
        p.write_text(text + "area: 介護保険\nrequired_options: []\n", "utf-8")
        return p

    def check(p: Path) -> Any:
        return run(KAKU, "--spec", KAIGO_SPEC, "--profile", p, "--out", out, "--format", "json")

    assert check(profile("a.yaml", "municipality: 伊達市\nprefecture: 福島県\n")).exit_code in (0, 3)
    doc = json.loads((out / f"{KAKU.stem}.json").read_text("utf-8"))
    validate(doc, "result", source="check")
    assert doc["profile"]["prefecture"] == "福島県"
    res = check(profile("b.yaml", "municipality: 伊達市\nprefecture: 北海道\n"))
    assert res.exit_code == 2 and "福島県 伊達市 のプロファイルで作ったレポート（今回は 北海道 伊達市）" in res.output
    # the same town: spaced as a cell pasted it, or with no prefecture said
    assert check(profile("c.yaml", "municipality: \"伊達市　\"\n")).exit_code in (0, 3)
    assert check(profile("d.yaml", "municipality: 伊 達 市\nprefecture: 福島県\n")).exit_code in (0, 3)


# hyojun that, before it puts its outputs in place, says so by making the file argv[1] and waits (up to 30 s) for the
# file argv[2] (a slow network share, where each rename is a round trip), then runs the command of argv[3:]
_SLOW_PLACING = """
import sys, time
from pathlib import Path
from checker.batch_run import STAGING_PREFIX
from checker.io import atomic
from checker.cli import main
real, placing, go_on = atomic._replace_all, Path(sys.argv[1]), Path(sys.argv[2])
def slow(pending):
    if not any(STAGING_PREFIX in str(target) for target in pending):  # the outputs, not the reports made in staging
        placing.touch()
        deadline = time.monotonic() + 30
        while not go_on.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    real(pending)
atomic._replace_all = slow
del sys.argv[1:3]
main()
"""


def test_a_run_into_a_folder_another_run_writes_waits_and_its_checks_see_that_runs_reports(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Two runs into one --out at once (two staff on a shared folder) each made their checks, then their renames: the
    second town's run, which the first town's reports would have refused, passed its check while the first run's
    renames were under way, said it wrote its reports, and they were replaced by the first town's."""
    from checker.commands import base

    own, other = FIXTURES / "profiles" / "介護保険_profile.yaml", _other_town(tmp_path)
    out, placing, waiting = tmp_path / "out", tmp_path / "placing", tmp_path / "waiting"
    said = base.echo_waiting
    monkeypatch.setattr(base, "echo_waiting", lambda note: (said(note), waiting.touch()))  # the first run then goes on
    first = subprocess.Popen([sys.executable, "-c", _SLOW_PLACING, str(placing), str(waiting), "check", str(KAKU),
                              "--spec", str(KAIGO_SPEC), "--profile", str(own), "--out", str(out), "--format", "json,html"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + 120
        while not placing.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert placing.exists(), first.communicate()
        second = run(KAKU, "--spec", KAIGO_SPEC, "--profile", other, "--out", out, "--format", "json,html")
    finally:
        output, errors = first.communicate(timeout=120)
    assert first.returncode in (0, 3), output + errors
    assert second.exit_code == 2, second.output
    assert second.stderr.count("待っています") == 1 and (
        f"ほかの hyojun が出力先フォルダ {out} に書き込んでいるため、終わるまで待っています（最長 600 秒。Ctrl+C で中止できます）\n"
        "エラー: 以前の出力に、別の団体のレポートがあります（1 件）。") in second.stderr
    assert json.loads((out / f"{KAKU.stem}.json").read_text("utf-8"))["profile"]["municipality"] == "見本市（架空）"
    assert sorted(p.name for p in out.iterdir()) == [f"{KAKU.stem}.html", f"{KAKU.stem}.json"]  # no lock file left
