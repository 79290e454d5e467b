"""checker.io.atomic: the outputs of a run replace the earlier ones all together, or none of them does."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import pytest

from checker.errors import OutputError
from checker.io import atomic, long_workbooks
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


def test_an_output_that_cannot_be_replaced_is_said_in_japanese(tmp_path, monkeypatch):
    """Linux's words for a file it may not replace (an immutable file) came through in English."""
    (tmp_path / "a.json").write_text("old a", "utf-8")
    refuse_onto(monkeypatch, tmp_path / "a.json", PermissionError(errno.EPERM, "Operation not permitted"))
    with pytest.raises(OutputError) as err:
        atomic.write_text(tmp_path / "a.json", "new a")
    assert err.value.message == (f"{tmp_path / 'a.json'} に書き込めません（ほかのプログラムが使用中か、書き込む権限がありません）。"
                                 "Excel などで開いていれば閉じてから、もう一度実行してください。出力はどれも更新していません（前回の出力のままです）")


def test_a_failure_while_moving_in_restores_the_earlier_outputs(tmp_path, monkeypatch):
    """Every target could be moved aside, but one new file cannot be moved in: all go back."""
    (tmp_path / "a.json").write_text("old a", "utf-8")
    with pytest.raises(OutputError, match="b.csv を書き出せません（ディスクの空き容量が足りません。"), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a")
        refuse_onto(monkeypatch, tmp_path / "b.csv", OSError(28, "No space left on device"))
        atomic.write_text(tmp_path / "b.csv", "new b")
    assert files(tmp_path) == {"a.json": "old a"}


def test_every_target_exists_at_every_step_of_the_replacement(tmp_path, monkeypatch):
    """A run killed between any two renames (SIGKILL, a closed console window) leaves every report whole."""
    names = ("a.json", "b.html", "c.xlsx")
    for name in names:
        (tmp_path / name).write_text(f"old {name}", "utf-8")
    real, seen = os.replace, []

    def replace(src, dst):
        seen.append({n: (tmp_path / n).read_text("utf-8") for n in names})  # raises if one is missing
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with atomic.output_group():
        for name in names:
            atomic.write_text(tmp_path / name, f"new {name}")
    assert len(seen) == 3 and files(tmp_path) == {n: f"new {n}" for n in names}


def test_a_refused_target_keeps_its_earlier_file_in_place(tmp_path, monkeypatch):
    """The earlier file is never moved away (a second name is made beside it): refused, it is simply still there."""
    (tmp_path / "a.json").write_text("old a", "utf-8")
    refuse_onto(monkeypatch, tmp_path / "a.json", PermissionError(13, "Access is denied"))
    with pytest.raises(OutputError) as err:
        atomic.write_text(tmp_path / "a.json", "new a")
    assert not err.value.details and files(tmp_path) == {"a.json": "old a"}


def test_an_earlier_output_that_cannot_be_put_back_is_named(tmp_path, monkeypatch):
    """a.json was replaced, b.csv is refused, and a.json then refuses its earlier file: the error says where it is."""
    for name in ("a.json", "b.csv"):
        (tmp_path / name).write_text(f"old {name}", "utf-8")
    real, onto_a = os.replace, []

    def replace(src, dst):
        if os.fspath(dst) == os.fspath(tmp_path / "a.json"):
            onto_a.append(src)
            if len(onto_a) > 1:
                raise PermissionError(13, "Access is denied")
        if os.fspath(dst) == os.fspath(tmp_path / "b.csv"):
            raise PermissionError(13, "Access is denied")
        real(src, dst)

    with pytest.raises(OutputError, match="b.csv に書き込めません") as err, atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a")
        atomic.write_text(tmp_path / "b.csv", "new b")
        monkeypatch.setattr(os, "replace", replace)
    [backup] = tmp_path.glob(".a.json.*.bak")
    assert err.value.details == [f"{tmp_path / 'a.json'} は今回の出力になっています（前回の出力は {backup.name} に残っています。"
                                 "名前を a.json に戻してください）"]
    assert files(tmp_path) == {backup.name: "old a.json", "a.json": "new a", "b.csv": "old b.csv"}


def test_an_error_inside_a_group_changes_nothing(tmp_path):
    (tmp_path / "a.json").write_text("old", "utf-8")
    with pytest.raises(KeyboardInterrupt), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new")
        raise KeyboardInterrupt
    assert files(tmp_path) == {"a.json": "old"}


@pytest.mark.parametrize("failure", ["locked", "interrupted"])
def test_a_failed_group_removes_the_folders_it_made(tmp_path, monkeypatch, failure):
    """A folder made for an output stayed after the group failed (an empty 住民記録/ beside a report open in Excel, a
    folder where another area's output file was to go), and failed the next run the same way."""
    out, staged = tmp_path / "out", tmp_path / "staging" / "b.json"
    (out / "介護保険").mkdir(parents=True)
    (out / "介護保険" / "a.json").write_text("old", "utf-8")
    (out / "空").mkdir()  # there before: kept, though empty
    if failure == "locked":
        lock(monkeypatch, out / "介護保険" / "a.json")
    with pytest.raises(OutputError if failure == "locked" else KeyboardInterrupt), atomic.output_group():
        atomic.write_text(out / "利府町" / "住民記録" / "b.json", "new")
        atomic.write_text(out / "空" / "c.json", "new")
        with atomic.outside_group():
            atomic.write_text(staged, "new")
        atomic.place([(staged, out / "利府町" / "介護保険" / "d" / "b.json")])
        atomic.write_text(out / "介護保険" / "a.json", "new")
        if failure == "interrupted":
            raise KeyboardInterrupt
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["介護保険", "介護保険/a.json", "空"]


def _write_lone(target: Path, failure: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One write outside any group (a spec imported into a new store), failing as *failure*."""
    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    if failure == "full disk":
        def fsync(_fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(os, "fsync", fsync)
        atomic.write_bytes(target, b"new")
    elif failure == "refused name":
        refuse_onto(monkeypatch, target, PermissionError(errno.EACCES, "Permission denied"))
        atomic.write_bytes(target, b"new")
    elif failure == "error mid-way":
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise ValueError("a bug in the writer")
    else:  # create_bytes names its file by a hard link, else a rename
        monkeypatch.setattr(os, "link", refuse)
        monkeypatch.setattr(os, "rename", refuse)
        atomic.create_bytes(target, b"new")


@pytest.mark.parametrize("failure", ["full disk", "refused name", "error mid-way", "refused link"])
def test_a_failed_lone_write_removes_the_folders_it_made_and_only_those(tmp_path, monkeypatch, failure):
    """A write outside any group made the folders above its file and left them when it failed (an empty
    specs/介護保険/ after an import into a new store failed on a full disk)."""
    (tmp_path / "空").mkdir()  # there before: kept, though empty
    with pytest.raises((OutputError, ValueError)):
        _write_lone(tmp_path / "空" / "new" / "dir" / "x.xlsx", failure, monkeypatch)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["空"]


@pytest.mark.parametrize("write", ["write_bytes", "create_bytes"])
def test_a_lone_write_that_succeeds_keeps_its_folders_and_one_in_a_failed_group_is_the_groups(tmp_path, write):
    target = tmp_path / "new" / "dir" / "x.xlsx"
    getattr(atomic, write)(target, b"new")
    assert target.read_bytes() == b"new"
    other = tmp_path / "other" / "y.json"
    with pytest.raises(KeyboardInterrupt), atomic.output_group():
        getattr(atomic, write)(other, b"new")
        raise KeyboardInterrupt
    # create_bytes writes at once, whatever group is open: its file stays, and so does the folder it is in
    assert other.parent.is_dir() == (write == "create_bytes")
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("failing", ["group", "no_trace_if_failed"])
def test_a_failed_run_removes_only_the_folders_it_made_not_one_reached_through_dotdot(tmp_path, failing):
    """nope/../mine, nope missing, names the existing mine on POSIX: a check of the path as written took it for a folder
    to make, so that a run that failed removed the user's empty folder mine, and left nope."""
    (tmp_path / "mine").mkdir()
    out = tmp_path / "nope" / ".." / "mine" / "new"
    with pytest.raises(KeyboardInterrupt):
        if failing == "group":
            with atomic.output_group():
                atomic.write_text(out / "r.json", "new")
                raise KeyboardInterrupt
        else:
            with atomic.no_trace_if_failed(out):
                assert out.is_dir()
                raise KeyboardInterrupt
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["mine"]


def test_a_folder_another_process_makes_meanwhile_is_not_the_runs(tmp_path, monkeypatch):
    """The folders seen missing before mkdir were all taken as made: one another run made meanwhile was removed."""
    real = os.mkdir

    def mkdir(path, *args, **kwargs):
        if Path(path) == tmp_path / "theirs":
            real(path)  # made by another process just before
        real(path, *args, **kwargs)

    made: list[Path] = []
    monkeypatch.setattr(os, "mkdir", mkdir)
    atomic.make_folder(tmp_path / "theirs" / "mine" / "deeper", made)
    assert made == [tmp_path / "theirs" / "mine", tmp_path / "theirs" / "mine" / "deeper"]


@pytest.mark.parametrize("missing", ["every", "the folder"])
def test_a_folder_still_not_found_once_its_parent_is_there_is_said_not_tried_forever(tmp_path, monkeypatch, missing):
    """mkdir's FileNotFoundError is met by making the parent, then trying once more; up to the root (a drive not
    there on Windows) and after the parent was made (a parent removed meanwhile), it is the error."""
    real, calls = os.mkdir, []

    def mkdir(path, *args, **kwargs):
        calls.append(path)
        if len(calls) > 100:
            raise RuntimeError("tried forever")
        if missing == "every" or Path(path) == tmp_path / "a" / "b":
            raise FileNotFoundError(errno.ENOENT, "not found", os.fspath(path))
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    made: list[Path] = []
    with pytest.raises(FileNotFoundError):
        atomic.make_folder(tmp_path / "a" / "b", made)
    assert made == ([] if missing == "every" else [tmp_path / "a"])


def test_a_file_where_the_folder_is_to_be_is_the_error(tmp_path):
    (tmp_path / "a").write_text("x", "utf-8")
    made: list[Path] = []
    with pytest.raises(FileExistsError):
        atomic.make_folder(tmp_path / "a", made)
    assert made == []


def test_workbooks_put_where_excel_cannot_open_them_are_noted(tmp_path):
    """Excel opens no workbook whose path is longer than 218 characters (KB 213983); Windows stores it."""
    def at(length: int, suffix: str = ".xlsx", folder: Path = tmp_path) -> Path:
        return folder / ("x" * (length - len(str(folder)) - 1 - len(suffix)) + suffix)

    staging = tmp_path / "s"
    with long_workbooks.noting() as noted:
        atomic.write_text(at(218), "fits")
        atomic.write_text(at(219, ".XLSX"), "too long")
        atomic.write_text(at(300, ".html"), "not a workbook")
        with atomic.output_group():
            atomic.write_text(at(220), "too long, put in place when the group ends")
            assert noted == [at(219, ".XLSX")]
            with atomic.staging(staging, tmp_path / "final"):
                atomic.write_text(at(230, folder=staging), "moved to its place later")
            atomic.place([(at(230, folder=staging), tmp_path / "r.xlsx")])
        assert noted == [at(219, ".XLSX"), at(220)]
        with pytest.raises(KeyboardInterrupt), atomic.output_group():
            atomic.write_text(at(221), "never put in place")
            raise KeyboardInterrupt
    assert noted == [at(219, ".XLSX"), at(220)]
    assert long_workbooks.note_text([at(219)]) == (
        f"{at(219)} はパスが 219 文字あるため、Excel で開けません（Excel が開けるのはパス全体で 218 文字までです。Windows には"
        "保存できます）。出力先（--out。lint は --xlsx）に短いパスか浅いフォルダを指定してください")
    assert long_workbooks.note_text([at(219), at(225), at(219)]) == (
        f"Excel ブック 2 件はパスが 218 文字を超えるため、Excel で開けません（Excel が開けるのはパス全体で 218 文字までです。Windows "
        f"には保存できます）。最も長いのは {at(225)}（225 文字）です。出力先（--out。lint は --xlsx）に短いパスか浅いフォルダを指定してください")


def test_workbooks_are_noted_by_their_absolute_path_only_while_noting(tmp_path, monkeypatch):
    """A relative --out in a deep current folder; a write outside `noting` (a command that gathers none) notes
    nothing, in no list of a run that ended; the longest is named wherever it comes."""
    monkeypatch.chdir(tmp_path)
    relative = Path("x" * (219 - len(str(tmp_path)) - 1 - len(".xlsx")) + ".xlsx")
    with long_workbooks.noting() as noted:
        atomic.write_text(relative, "too long once absolute")
    assert noted == [tmp_path / relative]
    atomic.write_text(relative, "outside noting")
    assert noted == [tmp_path / relative]
    longer = tmp_path / ("y" * 230 + ".xlsx")
    assert f"最も長いのは {longer}（{len(str(longer))} 文字）です。" in long_workbooks.note_text([longer, tmp_path / relative])


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


def test_create_bytes_writes_only_a_new_file_also_without_hard_links(tmp_path, monkeypatch):
    """A file system without hard links (FAT, some network shares): a rename, after a check."""
    def no_links(source, target):  # type: ignore[no-untyped-def]
        raise PermissionError(1, "Operation not permitted")  # Linux on vfat

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "a.json"
    assert atomic.create_bytes(target, b"first") and not atomic.create_bytes(target, b"second")
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"] and target.read_bytes() == b"first"
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="同じ名前のフォルダがあります"):
        atomic.create_bytes(tmp_path / "d", b"x")


@pytest.mark.parametrize("error", [PermissionError(errno.EPERM, "Operation not permitted"),  # Linux on vfat, exFAT
                                   OSError(errno.EXDEV, "Invalid cross-device link")])
def test_earlier_outputs_are_copied_aside_where_there_are_no_hard_links(tmp_path, monkeypatch, error):
    """The second run into a folder on a USB stick (FAT) replaces its outputs, all or none, as elsewhere."""
    def no_links(source, target):  # type: ignore[no-untyped-def]
        raise error

    monkeypatch.setattr(atomic.os, "link", no_links)
    for name in ("a.json", "b.csv"):
        (tmp_path / name).write_text(f"old {name}", "utf-8")
    with atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a")
        atomic.write_text(tmp_path / "b.csv", "new b")
    assert files(tmp_path) == {"a.json": "new a", "b.csv": "new b"}
    lock(monkeypatch, tmp_path / "b.csv")
    with pytest.raises(OutputError, match="b.csv に書き込めません"), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "newer a")
        atomic.write_text(tmp_path / "b.csv", "newer b")
    assert files(tmp_path) == {"a.json": "new a", "b.csv": "new b"}  # a.json is put back from its copy


def test_an_earlier_output_refusing_a_second_name_is_named_before_any_output_changes(tmp_path, monkeypatch):
    """A file open in Excel on Windows refuses the second name (EACCES): said then, not copied and replaced."""
    def refused(source, target):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "refused")

    monkeypatch.setattr(atomic.os, "link", refused)
    (tmp_path / "b.csv").write_text("old b", "utf-8")
    with pytest.raises(OutputError, match="b.csv に書き込めません（ほかのプログラムが使用中か、書き込む権限がありません）"), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a")
        atomic.write_text(tmp_path / "b.csv", "new b")
    assert files(tmp_path) == {"b.csv": "old b"}


def test_an_earlier_output_that_can_be_neither_linked_nor_copied_names_itself(tmp_path, monkeypatch):
    """A file refusing to be read as well (open elsewhere, no permission) gives the copy's error, as a locked one does."""
    def no_links(source, target):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EPERM, "Operation not permitted")

    def unreadable(source, target):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "refused")

    monkeypatch.setattr(atomic.os, "link", no_links)
    monkeypatch.setattr(atomic.shutil, "copy2", unreadable)
    (tmp_path / "a.json").write_text("old", "utf-8")
    with pytest.raises(OutputError, match="a.json に書き込めません（ほかのプログラムが使用中か、書き込む権限がありません）。Excel などで開いていれば閉じてから"):
        atomic.write_text(tmp_path / "a.json", "new")
    assert files(tmp_path) == {"a.json": "old"}


def test_outputs_are_written_where_modes_cannot_be_changed(tmp_path, monkeypatch):
    """vfat and exFAT may refuse chmod (EPERM): the mount sets every file's mode there, and the run goes on."""
    def refused(path, mode):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EPERM, "Operation not permitted", os.fspath(path))

    monkeypatch.setattr(atomic.os, "chmod", refused)
    atomic.write_text(tmp_path / "a.json", "new")
    assert files(tmp_path) == {"a.json": "new"}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_outputs_get_the_modes_the_umask_gives(tmp_path):
    """Not mkstemp's 0600 (other users of a shared folder could not read the report), nor more than the umask lets."""
    mask = os.umask(0o027)
    try:
        atomic.write_text(tmp_path / "a.json", "new")
    finally:
        os.umask(mask)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o640


def _signalled_at(monkeypatch: pytest.MonkeyPatch, name: str, when, signum: int = signal.SIGINT) -> None:  # type: ignore[no-untyped-def]
    """os.*name* signals this process (Ctrl-C, a scheduler's SIGTERM) once, when *when*(path) holds, then does its work."""
    real, sent = getattr(os, name), []

    def signalled(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not sent and when(os.fspath(path)):
            sent.append(path)
            signal.raise_signal(signum)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, signalled)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("step", ["replace", "unlink"])
def test_an_interrupt_once_the_outputs_are_moving_in_lets_the_group_finish(tmp_path, monkeypatch, step, signum):
    """Ctrl-C during the renames or the cleanup said 「中止しました。」 (nothing changed) of a run whose outputs were all
    new, and left the earlier outputs' second names (.bak) behind."""
    from checker.commands.base import terminate_as_interrupt

    for name in ("a.json", "b.html"):
        (tmp_path / name).write_text(f"old {name}", "utf-8")
    moving_in = {"replace": lambda path: path.endswith(".tmp"),  # the first output
                 "unlink": lambda path: path.endswith(".bak") and (tmp_path / "c.csv").exists()}  # all in place
    try:
        with terminate_as_interrupt(), atomic.output_group():
            for name in ("a.json", "b.html", "c.csv"):
                atomic.write_text(tmp_path / name, f"new {name}")
            _signalled_at(monkeypatch, step, moving_in[step], signum)
    except KeyboardInterrupt:  # (not left to pytest: it would end the whole run)
        pytest.fail(f"interrupted, leaving {sorted(files(tmp_path))}")
    assert files(tmp_path) == {n: f"new {n}" for n in ("a.json", "b.html", "c.csv")}
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handlers are back


def test_an_interrupt_before_any_output_moved_in_stops_the_group(tmp_path, monkeypatch):
    """While the earlier outputs get their second names nothing has changed: Ctrl-C stops it, and it says so."""
    (tmp_path / "a.json").write_text("old a.json", "utf-8")
    _signalled_at(monkeypatch, "link", lambda path: True)
    with pytest.raises(KeyboardInterrupt), atomic.output_group():
        atomic.write_text(tmp_path / "a.json", "new a.json")
        atomic.write_text(tmp_path / "b.csv", "new b.csv")
    assert files(tmp_path) == {"a.json": "old a.json"}


def _dead_pid() -> int:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    return dead.pid


def test_pid_alive_on_posix():
    assert atomic.pid_alive(os.getpid()) and not atomic.pid_alive(_dead_pid())


def test_a_killed_runs_second_names_are_removed_by_the_next_write(tmp_path):
    """A run killed while replacing leaves the second names (.bak) of earlier outputs: the next writer of each removes them."""
    (tmp_path / "s.json").write_text("new s", "utf-8")
    (tmp_path / f".s.json.{atomic._host()}.{_dead_pid()}.{int(time.time())}.abc.bak").write_text("old s", "utf-8")
    atomic.write_text(tmp_path / "t.json", "t")  # another report: not s's business
    assert len(list(tmp_path.glob("*.bak"))) == 1
    atomic.write_text(tmp_path / "s.json", "newer s")
    assert files(tmp_path) == {"s.json": "newer s", "t.json": "t"}


def test_another_pcs_temp_files_in_a_shared_folder_are_left_until_a_day_old(tmp_path):
    """Two PCs writing into one folder on a file server: the other PC's pid means nothing here (it was taken for a
    killed run's, and its .tmp and .bak deleted under it)."""
    now, day = int(time.time()), atomic.STALE_AFTER_SECONDS
    live = [f".s.json.OTHERPC.{_dead_pid()}.{now}.abc.tmp", f".s.json.OTHERPC.{_dead_pid()}.{now - day + 60}.abc.bak",
            f".s.json.OTHERPC.{_dead_pid()}.{now - 24 * 60 * 60 + 60}.def.tmp"]  # a minute short of a day
    gone = [f".s.json.OTHERPC.{os.getpid()}.{now - day - 60}.abc.tmp",  # a day old: that run has ended
            f".s.json.{atomic._host()}.{os.getpid()}.{now - day - 60}.abc.bak"]  # this pc's pid was taken again
    for name in live + gone:
        (tmp_path / name).write_text("x", "utf-8")
    atomic.write_text(tmp_path / "s.json", "s")
    assert sorted(files(tmp_path)) == sorted([*live, "s.json"])


def test_temp_files_named_by_hyojun_0_1_0_are_removed_when_a_day_old(tmp_path):
    """.<name>.<pid>.<random>.tmp without a PC or time: only the age tells (an older hyojun may run on another PC)."""
    recent, old = (tmp_path / f".s.json.{_dead_pid()}.{r}.tmp" for r in ("abc", "def"))
    for p in (recent, old):
        p.write_text("x", "utf-8")
    two_days_ago = time.time() - 2 * atomic.STALE_AFTER_SECONDS
    os.utime(old, (two_days_ago, two_days_ago))
    atomic.write_text(tmp_path / "s.json", "s")
    assert sorted(files(tmp_path)) == sorted([recent.name, "s.json"])


def test_temp_names_hold_this_pcs_name_safely():
    """No '.' (the name's fields are split there) and no character Windows refuses, short whatever the PC's name."""
    for name in ("DESKTOP-AB12CD", "pc.example.lg.jp", "総務課のPC", "a" * 64, ""):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(atomic.socket, "gethostname", lambda name=name: name)
            host = atomic._host()
        assert re.fullmatch(r"[A-Za-z0-9-]{1,15}", host)
        assert (host == name) == (name == "DESKTOP-AB12CD")


def test_a_read_only_output_folder_asks_for_another(tmp_path, monkeypatch):
    """A read-only mount or share said 「Read-only file system」 and nothing of what to do."""
    def mkstemp(**_kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / ".r.html.1.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    with pytest.raises(OutputError) as caught:
        atomic.write_text(tmp_path / "r.html", "new")
    assert str(caught.value) == (f"出力先フォルダ {tmp_path} に書き込めません（読み取り専用の場所です（読み取り専用のドライブや共有フォルダ））。"
                                 "書き込めるフォルダを指定してください。出力はどれも更新していません（前回の出力のままです）")


def test_a_full_disk_while_writing_names_the_folder(tmp_path):
    """write() on a full disk raises an OSError naming no file: it reached the user as 「ディスクの空き容量が足りません」
    alone, neither where nor that no output had changed."""
    target = tmp_path / "r.html"
    target.write_text("old", "utf-8")
    with pytest.raises(OutputError) as caught, atomic.atomic_path(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == (f"出力先フォルダ {tmp_path} に書き込めません（ディスクの空き容量が足りません。空きを作ってから、"
                                 "もう一度実行してください）。出力はどれも更新していません（前回の出力のままです）")
    assert files(tmp_path) == {"r.html": "old"}


def test_a_full_disk_while_a_new_file_is_created_names_the_folder(tmp_path, monkeypatch):
    """create_bytes (a spec version stored the first time) wrote outside writing_in: the bare 「ディスクの空き容量…」."""
    import builtins

    real = builtins.open

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, _data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def opening(file, mode="r", *args, **kwargs):
        fh = real(file, mode, *args, **kwargs)
        return Full(fh) if mode == "wb" else fh

    monkeypatch.setattr(builtins, "open", opening)
    with pytest.raises(OutputError) as caught:
        atomic.create_bytes(tmp_path / "第1.0版.json", b"{}")
    assert str(caught.value).startswith(f"出力先フォルダ {tmp_path} に書き込めません（ディスクの空き容量")
    assert files(tmp_path) == {}


def test_a_failure_in_a_staging_folder_names_the_final_place(tmp_path, monkeypatch):
    final = tmp_path / "out"
    folder = final / ".hyojun-staging-1-x" / "0"
    refuse_onto(monkeypatch, folder / "r.json", OSError(errno.ENAMETOOLONG, "File name too long"))
    with pytest.raises(OutputError) as caught, atomic.staging(folder, final):
        atomic.write_text(folder / "r.json", "new")
    assert str(caught.value).startswith(f"{final / 'r.json'} を書き出せません（名前が長すぎます（")
    with pytest.raises(OutputError) as caught, atomic.staging(folder, final), atomic.atomic_path(folder / "sub" / "r.json"):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value).startswith(f"出力先フォルダ {final / 'sub'} に書き込めません（ディスクの空き容量")


def across_disks(monkeypatch: pytest.MonkeyPatch, staging: Path) -> list[str]:
    """os.replace fails with EXDEV for a file leaving *staging* (its target folder on another disk: a mount point, a
    link or a junction to another drive under --out); the names so refused are listed."""
    real, refused = os.replace, []

    def replace(src, dst):
        if Path(src).is_relative_to(staging) and not Path(dst).is_relative_to(staging):
            refused.append(Path(src).name)
            raise OSError(errno.EXDEV, "Invalid cross-device link", os.fspath(src), None, os.fspath(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return refused


def staged_across_disks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[str]]:
    """A.json and A.html staged for 介護保険/ on another disk (across_disks), where an earlier A.json is."""
    staging, out = tmp_path / "out" / ".hyojun-staging-1-x", tmp_path / "out" / "介護保険"
    out.mkdir(parents=True)
    (out / "A.json").write_text("old", "utf-8")
    with atomic.outside_group():
        for name in ("A.json", "A.html"):
            atomic.write_text(staging / name, f"new {name}")
    return staging, out, across_disks(monkeypatch, staging)


def test_outputs_staged_on_another_disk_are_copied_into_place(tmp_path, monkeypatch):
    """The move from the staging folder failed with 「…/.hyojun-staging-…/0/介護保険/A.json: Invalid cross-device link」."""
    staging, out, refused = staged_across_disks(tmp_path, monkeypatch)
    atomic.place([(staging / n, out / n) for n in ("A.json", "A.html")])
    assert sorted(refused) == ["A.html", "A.json"]
    assert files(out) == {"A.html": "new A.html", "A.json": "new A.json"}  # no temp file or second name left
    assert list(staging.iterdir()) == []
    assert sys.platform == "win32" or all((out / n).stat().st_mode & 0o777 == 0o666 & ~atomic._umask() for n in files(out))


def test_an_output_that_cannot_be_copied_from_another_disk_names_itself_and_changes_nothing(tmp_path, monkeypatch):
    staging, out, _refused = staged_across_disks(tmp_path, monkeypatch)

    def full(read, written) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.shutil, "copyfileobj", full)
    with pytest.raises(OutputError) as caught:
        atomic.place([(staging / n, out / n) for n in ("A.html", "A.json")])
    assert str(caught.value).startswith(f"{out / 'A.html'} を書き出せません（ディスクの空き容量")
    assert "staging" not in str(caught.value)
    assert files(out) == {"A.json": "old"}


def test_a_staged_output_refused_its_temp_name_names_its_target(tmp_path, monkeypatch):
    staging, out = tmp_path / "staging", tmp_path / "out"
    with atomic.outside_group():
        atomic.write_text(staging / "A.json", "new")
    real = os.replace

    def refused(src, dst):
        if Path(src).parent == staging:
            raise PermissionError(errno.EACCES, "Access is denied", os.fspath(src))
        real(src, dst)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(OutputError) as caught:
        atomic.place([(staging / "A.json", out / "A.json")])
    assert str(caught.value).startswith(f"{out / 'A.json'} に書き込めません（ほかのプログラムが使用中か")
    assert not out.exists()
