"""Atomic output: write to a temp file in the target folder, fsync, rename.

A failed or killed run leaves the previous output intact, never a truncated file.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import UsageError


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temp path beside *target*; on success it replaces *target*."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{_temp_stem(target)}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def _temp_stem(target: Path) -> str:
    """The name temp files of *target* start with: its own, or a digest of a long one.

    A file name holds at most 255 bytes; the target's name plus the pid and the random part
    would pass that for a legal name of 230 bytes (80 Japanese characters).
    """
    name = target.name
    return name if len(name.encode()) <= 160 else hashlib.sha256(name.encode()).hexdigest()[:16]


def refuse_overwriting_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse a run that would write over a file it reads (say, --out is the folder of the answer files
    and a report takes an answer file's name): the original would be lost."""
    sources: dict[tuple[int, int], Path] = {}  # (device, inode) → file: one stat each, compared as os.path.samefile does
    for p in inputs:
        with contextlib.suppress(OSError):
            if stat.S_ISREG((st := p.stat()).st_mode):
                sources[st.st_dev, st.st_ino] = p
    for out in outputs:
        try:
            st = out.stat()
        except OSError:
            continue  # not written yet: nothing to lose
        if (src := sources.get((st.st_dev, st.st_ino))) is not None:
            raise UsageError(f"出力 {out} は入力ファイル {src} と同じファイルです。書き出すと元のファイルが失われるため、"
                             "何も書かずに中止しました。--out で別のフォルダ（またはファイル名）を指定してください")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale(target: Path) -> None:
    """Delete temp files of *target* left by a killed run (SIGKILL skips the cleanup above).

    The writer's pid is in the temp name: a file whose process is gone is stale, while a temp
    file of a run still writing the same target is left alone.
    """
    stem = _temp_stem(target)
    for tmp in target.parent.glob(f".{glob.escape(stem)}.*.tmp"):
        pid = tmp.name[len(stem) + 2:].split(".", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def pid_alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # on Windows os.kill(pid, 0) sends CTRL_C_EVENT: never probe, keep the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    write_bytes(target, text.encode(encoding))
