"""checker.io.atomic: the outputs of a run replace the earlier ones all together, or none of them does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.errors import OutputError
from checker.io import atomic
from tests.conftest import lock


def refuse_onto(monkeypatch: pytest.MonkeyPatch, target: Path, error: OSError) -> None:
    """os.replace fails with *error* when it would put a file at *target* (a full disk, a lock on the name)."""
    real = os.replace

    def replace(src, dst):
        if os.fspath(dst) == os.fspath(target):
            raise error
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir())}


def test_a_group_puts_its_outputs_in_place_only_when_it_ends(tmp_path):
    with atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a")
        atomic.write_text(tmp_path / "a.json", "newer a")  # written twice: the last one counts
        assert [p.suffix for p in tmp_path.iterdir()] == [".tmp"]
        atomic.write_text(tmp_path / "b.csv", "new b")
    assert files(tmp_path) == {"a.json": "newer a", "b.csv": "new b"}


@pytest.mark.parametrize("locked", ["a.json", "b.html", "c.xlsx"])
def test_a_locked_target_leaves_every_output_as_it_was(tmp_path, monkeypatch, locked):
    for name in ("a.json", "b.html", "c.xlsx"):
        (tmp_path / name).write_text(f"old {name}", "utf-8")
    before = files(tmp_path)
    lock(monkeypatch, tmp_path / locked)
    with pytest.raises(OutputError) as err, atomic.output_group():
        for name in ("a.json", "b.html", "c.xlsx", "d.csv"):  # d.csv is new: it must not appear either
            atomic.write_text(tmp_path / name, f"new {name}")
    assert files(tmp_path) == before  # no temp file or backup left either
    assert str(tmp_path / locked) in err.value.message and ".tmp" not in err.value.message
    assert "Excel などで開いていれば閉じてから、もう一度実行してください" in err.value.message


def test_a_failure_while_moving_in_restores_the_earlier_outputs(tmp_path, monkeypatch):
    """Every target could be moved aside, but one new file cannot be moved in: all go back."""
    (tmp_path / "a.json").write_text("old a", "utf-8")
    with pytest.raises(OutputError, match="b.csv を書き出せません"), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a")
        refuse_onto(monkeypatch, tmp_path / "b.csv", OSError(28, "No space left on device"))
        atomic.write_text(tmp_path / "b.csv", "new b")
    assert files(tmp_path) == {"a.json": "old a"}


def test_an_earlier_output_that_cannot_be_put_back_is_named(tmp_path, monkeypatch):
    """The target can be renamed away but nothing can be renamed onto it: the error says where the earlier file is."""
    (tmp_path / "a.json").write_text("old a", "utf-8")
    refuse_onto(monkeypatch, tmp_path / "a.json", PermissionError(13, "Access is denied"))
    with pytest.raises(OutputError) as err:
        atomic.write_text(tmp_path / "a.json", "new a")
    [backup] = tmp_path.glob(".a.json.*.bak")
    assert err.value.details == [f"{tmp_path / 'a.json'} の前回の出力は {backup.name} に残っています。名前を a.json に戻してください"]
    assert backup.read_text("utf-8") == "old a" and [p.name for p in tmp_path.iterdir()] == [backup.name]


def test_an_error_inside_a_group_changes_nothing(tmp_path):
    (tmp_path / "a.json").write_text("old", "utf-8")
    with pytest.raises(KeyboardInterrupt), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new")
        raise KeyboardInterrupt
    assert files(tmp_path) == {"a.json": "old"}


def test_a_single_write_names_its_locked_target(tmp_path, monkeypatch):
    target = tmp_path / "r.xlsx"
    target.write_text("old", "utf-8")
    lock(monkeypatch, target)
    with pytest.raises(OutputError, match=f"^{target} に書き込めません"):
        atomic.write_text(target, "new")
    assert files(tmp_path) == {"r.xlsx": "old"}


def test_place_joins_the_open_group_and_outside_group_writes_at_once(tmp_path):
    staging = tmp_path / "staging"
    with atomic.output_group():
        with atomic.outside_group():
            atomic.write_text(staging / "r.json", "staged")
        assert files(staging) == {"r.json": "staged"}
        atomic.place([(staging / "r.json", tmp_path / "out" / "r.json")])
        assert not (tmp_path / "out" / "r.json").exists() and not list(staging.iterdir())
    assert files(tmp_path / "out") == {"r.json": "staged"}


def _dead_pid() -> int:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    return dead.pid


def test_pid_alive_on_posix():
    assert atomic.pid_alive(os.getpid()) and not atomic.pid_alive(_dead_pid())


def test_an_earlier_output_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    """Killed between moving the earlier output aside and moving the new one in: the next write restores it."""
    pid = _dead_pid()
    (tmp_path / f".r.json.{pid}.abc.bak").write_text("old r", "utf-8")
    (tmp_path / "s.json").write_text("new s", "utf-8")
    (tmp_path / f".s.json.{pid}.abc.bak").write_text("old s", "utf-8")  # the new one made it: the backup goes
    atomic.write_text(tmp_path / "t.json", "t")  # another report: not r's or s's business
    assert len(list(tmp_path.glob("*.bak"))) == 2
    with atomic.atomic_path(tmp_path / "r.json") as tmp:
        assert files(tmp_path)["r.json"] == "old r"
        tmp.write_text("new r", "utf-8")
    atomic.write_text(tmp_path / "s.json", "newer s")
    assert files(tmp_path) == {"r.json": "new r", "s.json": "newer s", "t.json": "t"}
