"""One hyojun at a time writes into an output folder (io.output_lock)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from checker.errors import OutputError
from checker.io import output_lock as lock_module, waits
from checker.io.output_lock import LOCK_NAME, output_lock
from checker.io.waits import telling_waits


def test_a_run_waits_for_the_folder_another_run_holds_and_says_so_once(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waits, "RETRY_SECONDS", 0.01)
    folder = tmp_path / "out"
    held, done = threading.Event(), threading.Event()
    events: list[str] = []

    def other_run() -> None:  # a thread has a context of its own: it holds the lock as another process would
        with output_lock(folder):
            held.set()
            time.sleep(0.5)
            events.append("other done")
        done.set()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert held.wait(10)
    told: list[str] = []
    with telling_waits(told.append), output_lock(folder):
        events.append("this run")
    thread.join()
    assert events == ["other done", "this run"]
    assert told == [f"ほかの hyojun が出力先フォルダ {folder} に書き込んでいるため、終わるまで待っています"
                    "（最長 600 秒。Ctrl+C で中止できます）"]
    assert not folder.exists()  # the lock file goes with the run, and the folder, made again for it and left empty


def test_a_lock_not_had_in_time_is_an_error_before_anything_is_written(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0)
    folder = tmp_path / "out"
    held, release = threading.Event(), threading.Event()

    def other_run() -> None:
        with output_lock(folder):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other_run)
    thread.start()
    assert held.wait(10)
    try:
        with pytest.raises(OutputError) as caught, output_lock(folder):
            (folder / "report.json").write_text("{}")
    finally:
        release.set()
        thread.join()
    assert str(caught.value) == (f"出力先フォルダ {folder} には、ほかの hyojun が書き込んでいます（0 秒待っても終わりませんでした）。"
                                 "その実行が終わってから、もう一度実行してください。出力はどれも更新していません（前回の出力のままです）")
    assert not (folder / "report.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_run_holds_nothing_back_and_its_lock_file_goes_with_the_next_run(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                              "from checker.io.output_lock import output_lock\n"
                              "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)",
                              str(folder)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "held\n"
    finally:
        child.kill()
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]
    assert (folder / LOCK_NAME).is_file()  # left by the killed run
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0)
    with output_lock(folder):  # at once
        (folder / "report.json").write_text("{}")
    assert [p.name for p in folder.iterdir()] == ["report.json"]


def test_a_run_holding_the_folder_takes_it_again_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check --manifest holds its --out around the batch, which takes the folder's lock as a single check does."""
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0)
    with output_lock(tmp_path), output_lock(tmp_path / "." / ""):
        assert (tmp_path / LOCK_NAME).is_file()
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_folder_made_for_the_lock_is_removed_when_the_run_leaves_it_empty(tmp_path: Path) -> None:
    with pytest.raises(OutputError), output_lock(tmp_path / "out"):
        raise OutputError("失敗")
    assert list(tmp_path.iterdir()) == []
    with output_lock(tmp_path / "kept"):
        (tmp_path / "kept" / "report.json").write_text("{}")
    assert [p.name for p in (tmp_path / "kept").iterdir()] == ["report.json"]


def test_a_folder_reached_through_dotdot_after_a_missing_one_is_kept(tmp_path: Path) -> None:
    """spec template --out nope/../mine/form.xlsx on a full disk: the lock took mine, the user's empty folder, for one it
    made (its path as written did not exist), removed it, and left nope."""
    (tmp_path / "mine").mkdir()
    with pytest.raises(OutputError), output_lock(tmp_path / "nope" / ".." / "mine"):
        raise OutputError("失敗")
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]
    with output_lock(tmp_path / "made" / "new" / ".." / "mine"):
        assert (tmp_path / "made" / "mine").is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # made and left empty: removed, as a failed run's
