"""Atomic output: write to a temp file in the target folder, fsync, rename.

A failed or killed run leaves the previous output intact, never a truncated file. The outputs of one
run (a report in several formats, a batch and its index, a comparison and its mask key) are put in
place together inside `output_group`: all of them or none, so that a target open in Excel (Windows
refuses to rename it) cannot leave new reports beside old ones. A write outside any group is a group of its own.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ..errors import OutputError, os_reason
from . import long_workbooks

# The outputs of the open group: target → its finished temp file, put in place when the group ends.
_group: ContextVar[dict[Path, Path] | None] = ContextVar("hyojun_output_group", default=None)
# The folders the open group's outputs made (see `output_group`)
_made: ContextVar[list[Path] | None] = ContextVar("hyojun_output_group_folders", default=None)
# The staging folder being written (see `staging`) and the output folder its files are for
_staging: ContextVar[tuple[Path, Path] | None] = ContextVar("hyojun_staging", default=None)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temp path beside *target*; on success it replaces *target* when the group ends (a group of its own
    outside any: a failed write removes the folders it made, as a group does)."""
    target = Path(target)
    with output_group():
        tmp_path = _temp_beside(target, ".tmp")
        try:
            with writing_in(target.parent):  # a full disk: write() and fsync() name no file
                yield tmp_path
                with open(tmp_path, "rb+") as fh:
                    os.fsync(fh.fileno())
            _put(tmp_path, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()
            raise


@contextlib.contextmanager
def output_group() -> Iterator[None]:
    """Hold back every output written inside and put them in place when the block ends: all, or none.

    A group opened inside another joins it. If the block or the placing fails, no target changes, and the folders
    made for the outputs are removed again if left empty: one left where another's output file was to go (a
    manifest's out:) failed the next run the same way. Every write is inside one (see `atomic_path`): a lone write
    left the folders it made (a spec imported into a new store on a full disk, an empty specs/介護保険/).
    """
    if _group.get() is not None:
        yield
        return
    pending: dict[Path, Path] = {}
    made: list[Path] = []
    tokens = _group.set(pending), _made.set(made)
    try:
        try:
            yield
        finally:
            _group.reset(tokens[0])
            _made.reset(tokens[1])
        _replace_all(pending)
    except BaseException:
        _discard(pending.values())
        remove_made(made)
        raise


@contextlib.contextmanager
def no_trace_if_failed(folder: Path) -> Iterator[None]:
    """Make the output folder *folder* (and the missing folders above it) for the block; those made are removed
    again if the block fails leaving them empty: a failed run leaves no trace of itself (a full disk left an empty
    output folder)."""
    made: list[Path] = []
    try:
        with writing_in(folder):
            make_folder(folder, made)
        yield
    except BaseException:
        remove_made(made)
        raise


def make_folder(folder: Path, made: list[Path]) -> None:
    """Make *folder* and the missing folders above it, adding each one this call made to *made* (parents first).

    Only a mkdir that succeeded counts: a check of the path as written beforehand took an existing folder reached
    through '..' after a missing one (nope/../mine: POSIX makes nope, then finds mine) for one to make, and a run that
    failed removed the user's empty folder; and a folder another process makes meanwhile is not this run's.
    """
    todo = [(folder, False)]  # a folder to make, and whether the one above it is there now
    while todo:
        path, above = todo.pop()
        try:
            os.mkdir(path)
        except FileNotFoundError:
            if above or path.parent == path:
                raise
            todo += [(path, True), (path.parent, False)]
        except OSError:
            if not path.is_dir():  # there already (or Windows' PermissionError for a drive's root)
                raise
        else:
            made.append(path)


def remove_made(made: list[Path]) -> None:
    """Remove the folders in *made* (see `make_folder`) that are empty, the last made (the deepest) first."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty


@contextlib.contextmanager
def outside_group() -> Iterator[None]:
    """Write at once inside this block, whatever group the caller has open (say, into a staging folder)."""
    tokens = _group.set(None), _made.set(None)
    try:
        yield
    finally:
        _group.reset(tokens[0])
        _made.reset(tokens[1])


@contextlib.contextmanager
def staging(folder: Path, final: Path) -> Iterator[Path]:
    """Write into the staging *folder* at once (whatever group is open), files to be moved to *final* later: a
    failure names *final*, the folder the user gave, not the staging folder (.hyojun-staging-…/0), a name never
    typed and 30 characters longer."""
    token = _staging.set((folder, final))
    try:
        with outside_group():
            yield folder
    finally:
        _staging.reset(token)


def _note_long_workbooks(targets: Iterable[Path]) -> None:
    """Tell long_workbooks of the outputs put in place, but those of a staging folder: moved to their place later."""
    staging = _staging.get()
    for target in targets:
        if not (staging and target.is_relative_to(staging[0])):
            long_workbooks.note(target)


def _shown(path: Path) -> Path:
    """*path* as the user knows it: inside the staging folder being written, the same place in its final folder."""
    given = _staging.get()
    if given is not None and path.is_relative_to(given[0]):
        return given[1] / path.relative_to(given[0])
    return path


def place(files: Iterable[tuple[Path, Path]]) -> None:
    """Move finished files (source, target) to their targets together, joining the open group if any.

    Each is first renamed to a temp name beside its target (the same disk), so that the group's
    end is only renames there.
    """
    with output_group():
        for source, target in files:
            tmp = _temp_beside(target, ".tmp")
            try:
                _move(source, tmp, target)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                raise
            _put(tmp, target)


def _move(source: Path, tmp: Path, target: Path) -> None:
    """Rename *source* to *tmp*, the temp name beside *target*, or copy it there (and fsync) where the two are on
    other disks: an area's (or out:'s) folder that is a mount point, a link or a junction to another drive under
    --out failed with 「Invalid cross-device link」 naming the staging file. A failure names *target*, but a
    *source* gone (its staging folder deleted meanwhile, which batch_run says)."""
    try:
        try:
            os.replace(source, tmp)
            return
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # Windows' ERROR_NOT_SAME_DEVICE too
                raise
        with open(source, "rb") as read, open(tmp, "wb") as written:  # tmp keeps the mode _temp_beside gave
            shutil.copyfileobj(read, written)
            written.flush()
            os.fsync(written.fileno())
        _discard([source])  # a move; one left is removed with its staging folder
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _output_error(exc, target) from None


def _put(new: Path, target: Path) -> None:
    pending = _group.get()
    assert pending is not None  # every write is inside a group (see `output_group`)
    if (earlier := pending.pop(target, None)) is not None:  # written twice: the last one counts
        _discard([earlier])
    pending[target] = new


def _replace_all(pending: dict[Path, Path]) -> None:
    """Put each new file (value) in place of its target (key): all of them, or none.

    Every existing target first gets a second name beside it (a hard link, or a copy where the file
    system has none): a file open in Excel may refuse it on Windows, before any target has changed.
    Each new file then replaces its target in one rename, so that a run killed at any moment leaves
    every target whole, old or new. On a failure the targets already replaced get their earlier file
    back; at the end the second names are deleted.
    """
    aside: dict[Path, Path] = {}  # target → a second name of its earlier file
    try:
        for target in pending:
            if os.path.lexists(target):
                aside[target] = _keep_aside(target)
    except BaseException:  # Ctrl-C too: nothing has changed yet
        _discard([*aside.values(), *pending.values()])
        raise
    with _interrupts_held():
        _commit(pending, aside)
    _note_long_workbooks(pending)


def _commit(pending: dict[Path, Path], aside: dict[Path, Path]) -> None:
    placed: list[Path] = []
    try:
        for target, new in pending.items():
            _rename(new, target, target)
            placed.append(target)
    except BaseException as exc:
        stuck = []
        for target in placed:
            backup = aside.pop(target, None)
            try:
                if backup is None:
                    target.unlink()
                else:
                    os.replace(backup, target)
            except OSError:
                stuck.append(f"{target} は今回の出力になっています" + (
                    "" if backup is None else f"（前回の出力は {backup.name} に残っています。名前を {target.name} に戻してください）"))
        _discard([*aside.values(), *pending.values()])
        if stuck and isinstance(exc, OutputError):
            raise OutputError(exc.message, details=stuck) from None
        raise
    _discard(aside.values())


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block has ended, and are then dropped: the renames of a group, its rollback
    and the deletion of the second names are carried through.

    An interrupt there said 「中止しました。」 (exit code 1: nothing changed) of a run whose outputs had all been
    replaced, and left the second names (.bak) of the earlier outputs. A run that goes on after the block takes the
    next Ctrl-C. Only handlers set in Python are held (the command's SIGTERM, Python's KeyboardInterrupt); a signal
    that ends the process at once (SIGTERM in a worker) still does, as SIGKILL would. A handler that does nothing,
    not pthread_sigmask: Windows has none, and Ctrl-C there (and the time limit's interrupt_main) calls the SIGINT
    handler too.
    """
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return
    previous: dict[signal.Signals, Any] = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            if callable(signal.getsignal(signum)):
                previous[signum] = signal.signal(signum, _held)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _held(_signum: int, _frame: object) -> None:
    """Stands for the handler of Ctrl-C and SIGTERM while a group is put in place (see `_interrupts_held`)."""


def _keep_aside(target: Path) -> Path:
    """A second name of *target*'s file beside it (see `_replace_all`)."""
    _refuse_folder(target)
    backup = _temp_beside(target, ".bak")
    try:
        backup.unlink()
        try:
            os.link(target, backup)
        except OSError as exc:
            # A file open in Excel refuses a second name on Windows (EACCES): said before any target changed. Linux
            # says EPERM where the file system has no hard links (vfat, exFAT), as others say EXDEV or EOPNOTSUPP
            # (some network shares): a copy, whose own error is the real one if it fails too.
            if isinstance(exc, PermissionError) and exc.errno != errno.EPERM:
                raise
            shutil.copy2(target, backup)
    except OSError as exc:
        _discard([backup])
        raise _output_error(exc, target) from None
    except BaseException:
        _discard([backup])
        raise
    return backup


def _refuse_folder(target: Path) -> None:
    if target.is_dir():
        raise OutputError(f"{target} に書き込めません。同じ名前のフォルダがあります")


def _rename(source: Path, destination: Path, target: Path) -> None:
    """os.replace, failing with a message that names *target* (not a temp name) and what to do."""
    try:
        os.replace(source, destination)
    except OSError as exc:
        raise _output_error(exc, target) from None


def _output_error(exc: OSError, target: Path) -> OutputError:
    target = _shown(target)
    if isinstance(exc, PermissionError):
        # in Japanese on every system (Linux said 「Operation not permitted」), short beside the advice that follows
        return OutputError(f"{target} に書き込めません（ほかのプログラムが使用中か、書き込む権限がありません）。Excel などで開いていれば閉じてから、"
                           "もう一度実行してください。出力はどれも更新していません（前回の出力のままです）")
    return OutputError(f"{target} を書き出せません（{os_reason(exc)}）。"
                       "出力はどれも更新していません（前回の出力のままです）")


@contextlib.contextmanager
def writing_in(folder: Path) -> Iterator[None]:
    """Creating a file or folder in the output folder *folder* (or the folder itself): a failure names *folder*.

    The OSError would name the temp file or staging folder being made (.回答.html.123.x.tmp), a name the user
    never typed, and say nothing of what to do.
    """
    try:
        yield
    except OSError as exc:
        elsewhere = isinstance(exc, PermissionError) or exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EROFS)  # (not a full disk)
        why = "権限がありません" if isinstance(exc, PermissionError) else os_reason(exc)
        raise OutputError(f"出力先フォルダ {_shown(folder)} に書き込めません（{why}）。"
                          + ("書き込めるフォルダを指定してください。" if elsewhere else "")
                          + "出力はどれも更新していません（前回の出力のままです）") from None


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _temp_beside(target: Path, suffix: str) -> Path:
    """A new empty file beside *target*, named after it, this PC, this process and the time (see `is_stale`)."""
    with writing_in(target.parent):
        made = _made.get()  # the open group's, which removes them if it fails (none: a .bak, beside its file)
        make_folder(target.parent, [] if made is None else made)
        _remove_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{_temp_stem(target)}.{owner_tag()}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    # mkstemp makes 0600; outputs get the usual permissions. vfat and exFAT, whose modes the mount sets, may refuse
    # the change (EPERM): the file keeps the mount's mode, as every file there does.
    with contextlib.suppress(PermissionError):
        os.chmod(tmp, 0o666 & ~_umask())
    return Path(tmp)


def _temp_stem(target: Path) -> str:
    """The name temp files of *target* start with: its own, or a digest of a long one.

    A file name holds at most 255 bytes; the target's name plus the owner tag (at most 37 bytes) and the
    random part would pass that for a legal name of 230 bytes (80 Japanese characters).
    """
    name = target.name
    return name if len(name.encode()) <= 160 else hashlib.sha256(name.encode()).hexdigest()[:16]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale(target: Path) -> None:
    """Clean up after a killed run (SIGKILL, a closed console window skip the cleanup above): its temp files of
    *target*, and the second names of earlier outputs (.bak; the outputs themselves never left their place)."""
    # The names glob(f".{stem}.*.tmp") and (".bak") would give (case-insensitive on Windows), from one listing of the
    # folder: the globs compiled a regular expression each, for every output written (0.25 s of CPU in writing every
    # format of the 100 national corpus sheets, 0.025 s now).
    prefix = f".{_temp_stem(target)}."
    start = os.path.normcase(prefix)
    try:
        names = os.listdir(target.parent)
    except (FileNotFoundError, NotADirectoryError, PermissionError):  # as glob, which finds nothing then
        return
    for name in names:
        key = os.path.normcase(name)
        if key[-4:] in (".tmp", ".bak") and key.startswith(start) and len(key) >= len(start) + 4:
            if is_stale(target.parent / name, name[len(prefix):-4]):
                with contextlib.suppress(OSError):
                    (target.parent / name).unlink()


# A temp file or staging folder of another PC is removed only when older than this: on a shared folder (an office
# file server) this PC cannot tell whether that PC's run is still going, and no run lasts a day (HYOJUN_MAX_SECONDS).
STALE_AFTER_SECONDS = 24 * 60 * 60


def owner_tag() -> str:
    """Who makes a temp name, for `is_stale`: this PC, this process and the time (host.pid.seconds)."""
    return f"{_host()}.{os.getpid()}.{int(time.time())}"


def is_stale(path: Path, name: str) -> bool:
    """Whether *path*, a temp file, second name or staging folder named *name* (its owner tag and random part),
    was left by a run that has ended: one of this PC whose process is gone, or any one older than a day.

    A run of another PC writing into the same shared folder is alive as far as this PC can tell: its pid means
    nothing here (deleting its staging folder or .bak broke that run).
    """
    parts = name.rsplit(".", 3)
    if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
        host, pid, made, _ = parts
        return (host == _host() and not pid_alive(int(pid))) or time.time() - int(made) > STALE_AFTER_SECONDS
    if re.fullmatch(r"\d+[.-]\w+", name, re.ASCII):  # hyojun 0.1.0: pid.random, no PC or time
        try:
            return time.time() - path.lstat().st_mtime > STALE_AFTER_SECONDS
        except OSError:
            return False
    return False  # not hyojun's (another target's name that starts with this one's)


def _host() -> str:
    """This PC's name as it goes into temp names: letters, digits and '-' (no '.', safe on Windows), at most 15 (a
    Windows computer name), or else a digest of it (a long or Japanese name)."""
    name = socket.gethostname()
    return name if re.fullmatch(r"[A-Za-z0-9-]{1,15}", name) else hashlib.sha256(name.encode()).hexdigest()[:12]


def pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _windows_pid_alive(pid)  # never os.kill there: it ends the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _windows_pid_alive(pid: int) -> bool:
    """Whether process *pid* is running: OpenProcess, then GetExitCodeProcess says STILL_ACTIVE (259)."""
    if sys.platform != "win32":  # said so that a type check on another system passes over the Windows calls
        raise NotImplementedError
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: another user's live process
    try:
        code = wintypes.DWORD()
        return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259
    finally:
        kernel32.CloseHandle(handle)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    write_bytes(target, text.encode(encoding))


def create_bytes(target: str | os.PathLike[str], data: bytes) -> bool:
    """Write *target* only if no file has its name yet, in one step: False (and nothing written) if one has.

    Checking first, then writing, overwrote a file another process made in between (two imports of one spec
    version both said 保存しました, and one was lost). At once, whatever group is open; in one, for the folders made.
    """
    target = Path(target)
    with output_group():
        tmp = _temp_beside(target, ".tmp")
        try:
            with writing_in(target.parent), open(tmp, "wb") as fh:  # a full disk names the folder (write() names none)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            return _link_new(tmp, target)
        finally:
            _discard([tmp])


def _link_new(source: Path, target: Path) -> bool:
    """Give *source* the name *target* unless that exists: a hard link fails on an existing name (on NTFS too)."""
    try:
        try:
            os.link(source, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network shares)
            if os.path.lexists(target):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
            os.rename(source, target)  # Windows refuses an existing target; elsewhere only one made since the check is lost
    except FileExistsError as exc:
        _refuse_folder(target)
        if target.is_file():
            return False
        raise _output_error(exc, target) from None
    except OSError as exc:
        raise _output_error(exc, target) from None
    return True
