"""batch_run: staging left by a killed run, stopping workers, errors sent back by workers, workers' settings, chunking."""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from checker import batch_run
from checker.batch_run import STAGING_PREFIX, CheckTask, run_batch
from checker.errors import InputError, OutputError, UsageError
from checker.io import atomic
from checker.paths import output_stem
from checker.runtime import GC_THRESHOLDS
from tests.conftest import KAIGO_SPEC, VENDOR
from tests.conftest import KAIGO_PROFILE

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(proc.stdout)


def test_staging_of_a_killed_run_is_removed_and_a_live_one_kept(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    now, host = int(time.time()), atomic._host()
    stale = out / f"{STAGING_PREFIX}{host}.{_dead_pid()}.{now}.abc" / "0"
    live = out / f"{STAGING_PREFIX}{host}.{os.getpid()}.{now}.xyz" / "0"
    other_pc = out / f"{STAGING_PREFIX}OTHERPC.{_dead_pid()}.{now}.def" / "0"  # its pid means nothing on this PC
    for d in (stale, live, other_pc):
        d.mkdir(parents=True)
        (d / "x.json").write_text("{}", "utf-8")
    [summary] = run_batch([CheckTask((str(KAIGO_SPEC),), (KAKU,), out, formats=("json",))])
    assert summary.outputs == (out / f"{KAKU.stem}.json",) and summary.outputs[0].is_file()
    assert not stale.parent.exists() and (live / "x.json").is_file() and (other_pc / "x.json").is_file()
    assert sorted(p.name for p in out.iterdir()) == sorted([live.parent.name, other_pc.parent.name, f"{KAKU.stem}.json"])


def test_a_staging_folder_that_vanishes_is_said_in_japanese_naming_the_output_folder(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Another run (a hyojun 0.1.0 on another PC writing into the same shared folder) deleted this run's staging
    folder: the error named the staging file, in English."""
    out = tmp_path / "out"
    task = CheckTask((str(KAIGO_SPEC),), (KAKU,), out, formats=("json",), generated_at="2024-01-01T00:00:00+09:00")
    run_batch([task])
    earlier = (out / f"{KAKU.stem}.json").read_bytes()
    real = batch_run.write_gap_outputs

    def then_deleted(result, folder: Path, *args):
        written = real(result, folder, *args)
        shutil.rmtree(next(out.glob(f"{STAGING_PREFIX}*")))
        return written

    monkeypatch.setattr(batch_run, "write_gap_outputs", then_deleted)
    with pytest.raises(OutputError) as exc:
        run_batch([replace(task, generated_at="2025-01-01T00:00:00+09:00")])
    assert exc.value.message.startswith(f"出力先フォルダ {out} に書いていた作業用のファイルが途中で消えました。ほかの PC などで")
    assert STAGING_PREFIX not in exc.value.message and "出力はどれも更新していません" in exc.value.message
    assert [p.name for p in out.iterdir()] == [f"{KAKU.stem}.json"]
    assert (out / f"{KAKU.stem}.json").read_bytes() == earlier


def test_a_missing_file_outside_the_staging_folder_is_not_blamed_on_another_run(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    gone = FileNotFoundError(2, "No such file or directory", str(tmp_path / "elsewhere.yaml"))

    def missing(*args):
        raise gone

    monkeypatch.setattr(batch_run, "write_gap_outputs", missing)
    with pytest.raises(FileNotFoundError) as exc:
        run_batch([CheckTask((str(KAIGO_SPEC),), (KAKU,), tmp_path / "out", formats=("json",))])
    assert exc.value is gone


def test_an_area_folder_on_another_disk_gets_its_outputs(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An area's (or out:'s) folder that is a mount point, a link or a junction to another drive under --out: the
    move out of the staging folder failed with 「…/.hyojun-staging-…/0/介護保険/A.json: Invalid cross-device link」."""
    out = tmp_path / "out"
    real, refused = os.replace, []

    def replace(src, dst):
        if STAGING_PREFIX in os.fspath(src) and STAGING_PREFIX not in os.fspath(dst):
            refused.append(src)
            raise OSError(errno.EXDEV, "Invalid cross-device link", os.fspath(src), None, os.fspath(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    tasks = [CheckTask((str(KAIGO_SPEC),), (KAKU,), out, True, formats=("json", "csv"), where="areas[1]", number=1),
             CheckTask((str(KAIGO_SPEC),), (KAKU,), out, True, formats=("json", "csv"), where="areas[2]", number=1,
                       folder="利府町/介護")]
    summaries = run_batch(tasks)
    assert len(refused) == 4
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(s.outputs[i].relative_to(out).as_posix() for s in summaries for i in range(2))
    assert sorted(p.name for p in out.iterdir()) == ["介護保険", "利府町"]  # no staging folder or temp file left


def test_errors_keep_their_kind_and_details_across_processes():
    for err in (InputError("読めません", details=["シート1!A3: 空", "シート1!B4: 不正"]), UsageError("使い方")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err) and back.exit_code == err.exit_code


def test_stop_ends_a_worker_that_would_not_finish():
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    future = pool.submit(time.sleep, 600)
    while not getattr(pool, "_processes", None):
        time.sleep(0.05)
    [process] = list(pool._processes.values())
    batch_run._stop(pool)
    try:
        # The pool sees its worker die and fails the task. (Not process.is_alive(): the pool's own thread reaps the
        # process, and a poll that loses that race reports it alive: this test failed 2 runs in 6 that way.)
        failure = future.exception(timeout=30)
    finally:
        with contextlib.suppress(Exception):
            process.kill()  # so that a failing test does not wait ten minutes either
        pool.shutdown(wait=True, cancel_futures=True)
    assert isinstance(failure, BrokenProcessPool)
    assert process.exitcode == -signal.SIGTERM


def _stuck(task: CheckTask, staging: Path) -> None:
    """A worker stuck in a hostile file for 5 minutes (a limit of 1 s ends it long before, however loaded the
    machine), then leaving a mark that it finished."""
    time.sleep(300)
    task.files[0].write_text("finished")


def test_the_windows_time_limit_stops_a_pool_whose_worker_is_stuck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  windows_signals: None):
    """Without SIGALRM the limit interrupts the main thread, which must take it while the workers still run."""
    from checker.runtime import time_limit

    monkeypatch.setattr(batch_run, "START_METHOD", "fork")  # the workers run the stuck task patched in here
    monkeypatch.setattr(batch_run, "_run_task", _stuck)
    tasks = [CheckTask(("介護保険",), (tmp_path / f"{i}.csv",), tmp_path / "out") for i in range(2)]
    with pytest.raises(InputError, match="処理時間が上限（1 秒）を超えたため中止しました"), time_limit(1):
        run_batch(tasks, jobs=2)
    assert not any(t.files[0].exists() for t in tasks)  # the workers were ended, not waited for


def test_spawned_workers_run_under_the_commands_settings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(batch_run, "START_METHOD", "spawn")  # as on Windows: nothing inherited
    with batch_run._pool(1) as pool:
        assert pool.submit(gc.get_threshold).result() == GC_THRESHOLDS


@pytest.mark.parametrize("areas, files, jobs, chunk", [
    (20, 5, 2, 5),  # a national batch: one area per chunk, each spec loaded once per worker
    (1, 5, 2, 1),  # one area: spread its files
    (3, 2, 2, 1),
    (1, 1, 4, 1),
])
def test_chunks(areas: int, files: int, jobs: int, chunk: int):
    tasks = [CheckTask((f"業務{a}",), (Path(f"{a}_{f}.xlsx"),), Path("out")) for a in range(areas) for f in range(files)]
    assert batch_run._chunk(tasks, jobs) == chunk


@pytest.mark.parametrize("megabytes, formats, cpus, start, jobs", [
    ([0.03] * 3, ("json", "html", "xlsx", "csv"), 2, "spawn", 1),  # a town's few sheets: no pool
    ([0.05] * 100, ("json",), 2, "spawn", 2),  # a prefecture's batch: 5 MB, about 6 s in one process
    ([0.05] * 100, ("json",), 8, "spawn", 4),  # at most MAX_AUTO_JOBS
    ([0.05] * 100, ("json",), 1, "spawn", 1),  # one CPU
    ([0.5] * 2, ("json",), 2, "spawn", 1),  # about 1.2 s of work: a spawned pool would not pay for itself
    ([0.5] * 2, ("json", "html", "xlsx", "csv"), 2, "spawn", 2),  # every format: about 3.6 s
    ([0.5] * 2, ("json",), 2, "fork", 1),
    ([0.7] * 2, ("json",), 2, "fork", 2),  # forked workers start for nothing: a pool from 1.5 s
    ([9.0], ("json",), 2, "spawn", 1),  # one file: nothing to share
])
def test_auto_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, megabytes: list[float],
                   formats: tuple[str, ...], cpus: int, start: str, jobs: int):
    monkeypatch.setattr(batch_run, "START_METHOD", start)
    tasks = []
    for i, mb in enumerate(megabytes):
        file = tmp_path / f"{i}.xlsx"
        with file.open("wb") as f:
            f.truncate(int(mb * 1e6))  # sparse: only the size counts
        tasks.append(CheckTask(("介護保険",), (file,), tmp_path / "out", formats=formats))
    assert batch_run.auto_jobs(tasks, cpus) == jobs


def test_auto_jobs_counts_a_missing_file_as_empty(tmp_path: Path):
    tasks = [CheckTask(("介護保険",), (tmp_path / "gone.xlsx",), tmp_path / "out")] * 50
    assert batch_run.auto_jobs(tasks, 2) == 1  # the check itself then names the missing file


def test_files_whose_outputs_share_a_name_are_refused_saying_why(home: Path, tmp_path: Path):
    twice = [CheckTask((str(KAIGO_SPEC),), (KAKU,), tmp_path / "out", formats=("json",))] * 2
    with pytest.raises(UsageError) as exc:
        run_batch(twice)
    assert exc.value.details == [f"{KAKU}・{KAKU}: 同じ回答ファイル {KAKU} を2回 → {KAKU.stem}.*"]
    assert "同じファイルを2回指定していないか確認し" in exc.value.message and "out:" not in exc.value.message
    copy = tmp_path / "再提出" / KAKU.name
    copy.parent.mkdir()
    copy.write_bytes(KAKU.read_bytes())
    with pytest.raises(UsageError) as exc:
        run_batch([twice[0], CheckTask((str(KAIGO_SPEC),), (copy,), tmp_path / "out", formats=("json",))])
    assert exc.value.details == [f"{KAKU}・{copy}: 名前が同じ別の回答ファイル（{KAKU}、{copy}） → {KAKU.stem}.*"]
    assert not (tmp_path / "out").exists()


def test_files_whose_names_differ_only_in_unicode_normalisation_are_refused(home: Path, tmp_path: Path):
    """ガス社.xlsx, and the same name in NFD (ガ as カ and its mark, as a Mac's zip holds it): two sets of reports that look
    alike were written, one replacing the other on a Mac's share."""
    files = [tmp_path / "元" / unicodedata.normalize(form, "ガス社.xlsx") for form in ("NFC", "NFD")]
    files[0].parent.mkdir()
    for f in files:
        f.write_bytes(KAKU.read_bytes())
    with pytest.raises(UsageError) as exc:
        run_batch([CheckTask((str(KAIGO_SPEC),), (f,), tmp_path / "out", formats=("json",)) for f in files])
    assert exc.value.details == [
        f"{files[0]}・{files[1]}: 名前が同じ別の回答ファイル（{files[0]}、{files[1]}） → {files[0].stem}.*・{files[1].stem}.*"
        "（Mac では見た目が同じで文字の表し方（Unicode の NFC と NFD。Mac で作った zip の名前は濁点などを分けた NFD です）だけが"
        "違う名前を区別しないため、同じ名前です）"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("names, one", [
    (("ABC社", "abc社"), True), (("Ａ社", "ａ社"), True), (("Σ社", "σ社"), True),  # full width: Windows upper-cases it too
    (("ßtown", "SStown"), False), (("ﬁ社", "FI社"), False),  # one character to one: ß and ﬁ stay as they are
])
def test_names_are_one_as_windows_compares_them(home: Path, tmp_path: Path, names: tuple[str, str], one: bool):
    """casefold() took ßtown and SStown for one name, two folders on Windows, and refused them as differing in case."""
    files = [tmp_path / "元" / n / f"{n}.xlsx" for n in names]
    for f in files:
        f.parent.mkdir(parents=True)
        f.write_bytes(KAKU.read_bytes())
    tasks = [CheckTask((str(KAIGO_SPEC),), (f,), tmp_path / "out", formats=("json",)) for f in files]
    if not one:
        run_batch(tasks)
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{n}.json" for n in names)
        return
    with pytest.raises(UsageError) as exc:
        run_batch(tasks)
    assert exc.value.details[0].endswith(f" → {names[0]}.*・{names[1]}.*（Windows では大文字と小文字を区別しないため、同じ名前です）")


@pytest.mark.parametrize("name, stem", [
    ("AUX", "AUX_"), ("nul", "nul_"), ("COM1 ", "COM1_ "), ("Con.", "Con_."), ("NUL.v2", "NUL_.v2"), ("LPT¹", "LPT¹_"),
    ("CONIN$", "CONIN$_"), ("AUXILIARY", "AUXILIARY"), ("A社", "A社"), ("COM10", "COM10"), ("NUL?", "NUL_"),
])
def test_output_names_are_no_windows_devices(name: str, stem: str):
    assert output_stem(name) == stem


def test_a_pair_named_after_a_device_gets_outputs_windows_can_write(home: Path, tmp_path: Path):
    """AUX_機能.xlsx and AUX_帳票.xlsx (the stem without its kind word: AUX) wrote AUX.json, which Windows takes for a
    device whatever the extension."""
    parts = [tmp_path / "元" / f"aux_{kind}.xlsx" for kind in ("機能", "帳票")]
    parts[0].parent.mkdir()
    for part in parts:
        part.write_bytes(KAKU.read_bytes())
    [summary] = run_batch([CheckTask((str(KAIGO_SPEC),), tuple(parts), tmp_path / "out", formats=("json", "csv"))])
    assert summary.outputs == (tmp_path / "out" / "aux_.json", tmp_path / "out" / "aux_.csv")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["aux_.csv", "aux_.json"]


def test_output_files_named_as_other_areas_folders_are_listed_five_then_how_many_more(home: Path, tmp_path: Path):
    def task(i: int, folder: str) -> CheckTask:
        return CheckTask((str(KAIGO_SPEC),), (KAKU,), tmp_path / "out", True, formats=("json",), where=f"areas[{i}]",
                         number=1, folder=folder)
    files = [task(i, f"町{i}") for i in range(1, 7)]
    with pytest.raises(UsageError) as exc:
        run_batch(files + [task(i + 6, f"町{i}/{KAKU.stem}.json/業務") for i in range(1, 7)])
    assert exc.value.message.startswith("ほかの業務の出力を入れるフォルダと同じ名前になる出力ファイルがあります（6 件）")
    assert len(exc.value.details) == 6 and exc.value.details[-1] == "ほか 1 件"
    assert exc.value.details[0] == (f"areas[1]/vendors[1] の出力ファイル 町1/{KAKU.stem}.json が、areas[7] の出力を入れるフォルダ "
                                    f"町1/{KAKU.stem}.json と同じ名前です")
    assert not (tmp_path / "out").exists()


def test_an_earlier_bid_of_a_vendor_under_another_file_name_is_told_of(home: Path, tmp_path: Path):
    """A revised bid 回答_A社_修正版.xlsx checked into round 1's folder left 回答_A社.* (the earlier bid) beside its
    reports without a word, where check --manifest tells of outputs it did not write."""
    out, r1, r2 = tmp_path / "out", tmp_path / "r1", tmp_path / "r2"
    for folder, name in ((r1, "回答_A社.xlsx"), (r2, "回答_A社_修正版.xlsx")):
        folder.mkdir()
        shutil.copy(KAKU, folder / name)
    other = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
    run_batch([CheckTask((str(KAIGO_SPEC),), (r1 / "回答_A社.xlsx", ), out, formats=("json", "html")),
               CheckTask((str(KAIGO_SPEC),), (other,), out, formats=("json",))])
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (r2 / "回答_A社_修正版.xlsx",), out, formats=("json",))])
    assert batch_run.earlier_bids(out, summaries) == [
        f"{out} の 回答_A社.* は同じベンダ A社 の以前の回答ファイル（回答_A社.xlsx）のレポートです"
        "（今回は 回答_A社_修正版.xlsx）。今回の結果と混ざらないよう、不要なら削除してください"]
    assert (out / "回答_A社.json").is_file() and (out / "回答_A社.html").is_file()  # told of, never deleted
    assert batch_run.earlier_bids(tmp_path / "fresh", summaries) == []


def test_the_same_answer_files_reports_are_no_earlier_bid(home: Path, tmp_path: Path):
    """The rerun review: checked again without json in --format, the bid's own JSON of the earlier run (or that JSON
    renamed) was told of as the report of an earlier answer file 回答_A社.xlsx（今回は 回答_A社.xlsx）."""
    out, bid = tmp_path / "out", tmp_path / "回答_A社.xlsx"
    shutil.copy(KAKU, bid)
    run_batch([CheckTask((str(KAIGO_SPEC),), (bid,), out, formats=("json",))])
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (bid,), out, formats=("html",))])
    assert batch_run.earlier_bids(out, summaries) == []
    (out / "回答_A社.json").rename(out / "回答_A社_控え.json")  # its answer file is this run's
    assert batch_run.earlier_bids(out, summaries) == []


def test_a_vendor_whose_name_contains_another_is_no_earlier_bid_of_it(home: Path, tmp_path: Path):
    """The rerun review: 富士通Japan's check asked to delete 富士通's reports (one name contains the other, as a
    manifest's name is matched to a file's), another company's. A name company form aside is one vendor's still."""
    out = tmp_path / "out"
    for name in ("回答_富士通.xlsx", "回答_富士通Japan.xlsx", "回答_株式会社アルファ.xlsx", "回答_アルファ_修正版.xlsx"):
        shutil.copy(KAKU, tmp_path / name)
    run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / n,), out, formats=("json",))
               for n in ("回答_富士通.xlsx", "回答_株式会社アルファ.xlsx")])
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / n,), out, formats=("json",))
                           for n in ("回答_富士通Japan.xlsx", "回答_アルファ_修正版.xlsx")])
    assert batch_run.earlier_bids(out, summaries) == [
        f"{out} の 回答_株式会社アルファ.* は同じベンダ 株式会社アルファ の以前の回答ファイル（回答_株式会社アルファ.xlsx）のレポートです"
        "（今回は 回答_アルファ_修正版.xlsx）。今回の結果と混ざらないよう、不要なら削除してください"]


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def test_another_towns_report_of_the_vendor_is_no_earlier_bid(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    profiles = {}
    for town in ("利府町", "松島町"):
        profiles[town] = tmp_path / f"{town}.yaml"
        profiles[town].write_text(KAIGO_PROFILE.read_text("utf-8").replace("見本市（架空）", town), "utf-8")
    for name in ("回答_A社.xlsx", "回答_A社_修正版.xlsx"):
        shutil.copy(KAKU, tmp_path / name)
    run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / "回答_A社.xlsx",), out, profile=profiles["利府町"],
                         formats=("json",))])
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / "回答_A社_修正版.xlsx",), out,
                                     profile=profiles["松島町"], formats=("json",))])
    assert batch_run.earlier_bids(out, summaries) == []


def _earlier_json(path: Path, area: str, vendor: str, files: list[str]) -> None:
    """A check result an earlier run of hyojun left."""
    doc = {"format": "hyojun-result/2", "tool": {"name": "hyojun"}, "spec": {"area": area, "version": "第6.0版"},
           "vendor": {"name": vendor, "files": [{"file": f} for f in files]}, "profile": None}
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def test_a_report_of_the_vendor_for_another_area_is_no_earlier_bid(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copy(KAKU, tmp_path / "回答_A社_修正版.xlsx")
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / "回答_A社_修正版.xlsx",), out, formats=("json",))])
    _earlier_json(out / "回答_A社_住民記録.json", "住民記録", "A社", ["回答_A社_住民記録.xlsx"])
    assert batch_run.earlier_bids(out, summaries) == []


def test_two_bids_of_a_vendor_checked_in_one_run_are_no_earlier_bid_of_each_other(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    for name in ("回答_A社.xlsx", "回答_A社_修正版.xlsx"):
        shutil.copy(KAKU, tmp_path / name)
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / n,), out, formats=("json",))
                           for n in ("回答_A社.xlsx", "回答_A社_修正版.xlsx")])
    assert batch_run.earlier_bids(out, summaries) == []


def test_an_earlier_bid_is_told_once_whatever_this_runs_files_of_the_vendor(home: Path, tmp_path: Path):
    out = tmp_path / "out"
    for name in ("回答_A社_修正版.xlsx", "回答_A社_再提出.xlsx"):
        shutil.copy(KAKU, tmp_path / name)
    summaries = run_batch([CheckTask((str(KAIGO_SPEC),), (tmp_path / n,), out, formats=("json",))
                           for n in ("回答_A社_修正版.xlsx", "回答_A社_再提出.xlsx")])
    _earlier_json(out / "回答_A社.json", summaries[0].area, summaries[0].vendor, ["回答_A社.xlsx"])
    assert len(batch_run.earlier_bids(out, summaries)) == 1
