"""One hyojun at a time writes into an output folder.

Two runs into one folder (two staff on a shared folder, a batch file double-clicked) each made their refusal checks,
then their renames, so that they could interleave: one run's JSON beside the other's Excel, a mask key beside a
comparison it does not match, one town's reports replacing another's though the second run alone would have been
refused. A run holds its output folder's lock from its refusal checks until its outputs are in place; another waits
for it, and says so once (io.waits).

The lock is the operating system's (flock on POSIX, a byte lock on Windows) on the file `.hyojun-lock` in the folder:
it ends with the process holding it, so a killed run leaves no lock behind, only the empty file, which the next run
removes as it removes it after every run. A file system that has no locks is written without one, as before.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from ..errors import OutputError
from .atomic import make_folder, remove_made, writing_in
from .waits import LockWait

LOCK_NAME = ".hyojun-lock"
# How long a run waits for another's lock. A run holds it while it puts its outputs in place; a batch check of a
# manifest or the demo while it runs, a few minutes at most.
WAIT_SECONDS = 600

# the folders this run holds the lock of: a batch check inside a command that holds the folder takes it again
_held: ContextVar[frozenset[str]] = ContextVar("hyojun_output_locks", default=frozenset())


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the lock of the output folder *folder* (made if missing, and removed again if left empty) inside the
    block, waiting up to WAIT_SECONDS for another hyojun's. Nothing more where this run holds it already."""
    key = os.path.normcase(str(folder.resolve()))
    if key in _held.get():
        yield
        return
    made: list[Path] = []  # the folders this run made: removed again if left empty (a run that failed leaves none)
    try:
        fd = _acquire(folder, made)
        token = _held.set(_held.get() | {key})
        try:
            yield
        finally:
            _held.reset(token)
            _release(folder / LOCK_NAME, fd)
    finally:
        remove_made(made)


def _acquire(folder: Path, made: list[Path]) -> int | None:
    """The open lock file, locked; None where the file system has no locks. The folders made for it go into *made*."""
    path = folder / LOCK_NAME
    deadline = time.monotonic() + WAIT_SECONDS
    wait = LockWait(lambda: f"ほかの hyojun が出力先フォルダ {folder} に書き込んでいるため、終わるまで待っています"
                            f"（最長 {WAIT_SECONDS:,} 秒。Ctrl+C で中止できます）")
    while True:
        with writing_in(folder):
            make_folder(folder, made)  # again each time: the run it waited for removes a folder it made and left empty
            # read only: locking needs no more, and the file a run of another user left may be theirs alone to write
            fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
        try:
            while not (locked := _try_lock(fd)):
                if time.monotonic() >= deadline:
                    raise OutputError(f"出力先フォルダ {folder} には、ほかの hyojun が書き込んでいます（{WAIT_SECONDS:,} 秒待っても"
                                      "終わりませんでした）。その実行が終わってから、もう一度実行してください。"
                                      "出力はどれも更新していません（前回の出力のままです）")
                wait.pause()
        except BaseException:
            os.close(fd)
            raise
        if locked is None:
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        if _same_file(fd, path):
            return fd
        os.close(fd)  # removed by the run that held it as it let go: lock the file there now


def _try_lock(fd: int) -> bool | None:
    """Lock the open lock file *fd* unless another process holds it: True, False, or None where there are no locks."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # its first byte, whether or not the file has one
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        return None  # ENOLCK, EOPNOTSUPP …: a file system without locks
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _release(path: Path, fd: int | None) -> None:
    """Let go of the lock file *fd*, and remove it: POSIX before letting go, so that a run waiting on it then finds
    it gone and locks the new one; Windows after, and not while another run has it open (it refuses then)."""
    if fd is None:
        return
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            path.unlink()
    os.close(fd)  # the lock ends with it
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            path.unlink()
