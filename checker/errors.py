"""Library errors. Messages are Japanese: they reach the user as they are."""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .exitcodes import ExitCode

_NEEDS_QUOTES = re.compile(r"[\s&()<>|^;'\"$`]")


def at_most(items: list[str], limit: int, unit: str = "件") -> list[str]:
    """The first *limit* items, then how many more: the details of a message without flooding the screen."""
    return items[:limit] + ([f"ほか {len(items) - limit} {unit}"] if len(items) > limit else [])


def joined_at_most(items: list[str], limit: int, sep: str = "", more: str = "ほか") -> str:
    """The first *limit* items joined, then *more* if there were others: a list inside one message."""
    return sep.join(items[:limit]) + (more if len(items) > limit else "")


def command_arg(value: str | Path) -> str:
    """*value* as typed in a command a message suggests: double-quoted when the shell (cmd.exe or POSIX) would
    split or read it otherwise, so the suggestion runs as printed."""
    v = str(value)
    return f'"{v}"' if _NEEDS_QUOTES.search(v) else v


_IN_USE = ("アクセスできません（フォルダを指定したか、Excel などほかのプログラムが使用中か、アクセスの権限がありません）。"
           "ファイルを閉じるか指定を確かめて、もう一度実行してください")
DISK_FULL = "ディスクの空き容量が足りません。空きを作ってから、もう一度実行してください"
BUSY = "ほかのプログラムが使用中です。終わってからもう一度実行してください"  # a file, or a database's lock
_TOO_LONG = ("名前が長すぎます（ファイル名は 255 バイト、日本語でおよそ 85 文字まで。Windows ではパス全体で 260 文字までのことがあります）。"
             "短い名前か、浅いフォルダにしてください")
_WINDOWS_PATH_TOO_LONG = 206  # ERROR_FILENAME_EXCED_RANGE: Python gives it the errno ENOENT, as a missing file
# ERROR_PATH_NOT_FOUND (errno ENOENT too) is what Windows without long paths says of most paths over MAX_PATH; from
# 248 characters (a folder's limit: room for an 8.3 name in 260) that is the likelier reason. The temp names beside
# an output (and check's staging folder) add about 80-105 characters to its path, so a report path that fits in 260
# may fail, and 「moved or deleted」 sent the user looking for another program.
_WINDOWS_PATH_NOT_FOUND = 3
_WINDOWS_MAX_FOLDER = 248
# Why the system refused a file, in Japanese: Linux words it in English, and Windows calls reading a folder
# 「アクセスが拒否されました」 (a PermissionError), which reads as a locked file: the wording fits both.
_OS_REASONS = {
    errno.EISDIR: "フォルダです。ファイルを指定してください",
    errno.EACCES: _IN_USE,
    errno.EPERM: _IN_USE,
    errno.ENOSPC: DISK_FULL,
    errno.EROFS: "読み取り専用の場所です（読み取り専用のドライブや共有フォルダ）",
    errno.ELOOP: "シンボリックリンクが循環しているか、たどるリンクが多すぎます",
    # a file or folder gone while in use: another program (or a hyojun on another PC) moved or deleted it
    errno.ENOENT: "見つかりません（ほかのプログラムが移動・削除した可能性があります）",
    errno.EBUSY: BUSY,
}


def os_reason(exc: OSError) -> str:
    """Why *exc* stopped a read or a write, for a message after the file's name."""
    if too_long(exc):
        return _TOO_LONG
    if exc.errno == errno.ENOTDIR:  # a folder of the path is a file: name it
        file = next((p for p in Path(exc.filename or "").parents if p.is_file()), None)
        return f"途中の {file} はフォルダではなくファイルです" if file else "パスの途中にフォルダではなくファイルがあります"
    if exc.errno == errno.EEXIST and exc.filename and Path(exc.filename).is_file():  # a folder to make is a file
        return f"{exc.filename} はフォルダではなくファイルです"
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def too_long(exc: OSError) -> bool:
    """Whether *exc* refused a name or a path for its length (os_reason's 「名前が長すぎます」)."""
    return (exc.errno == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == _WINDOWS_PATH_TOO_LONG
            or _past_windows_path_limit(exc))


def _past_windows_path_limit(exc: OSError) -> bool:
    """Whether *exc* is Windows' 「path not found」 of a path (absolute) too long for it without long paths."""
    if sys.platform != "win32" or exc.errno != errno.ENOENT or getattr(exc, "winerror", None) != _WINDOWS_PATH_NOT_FOUND:
        return False
    return any(isinstance(f, (str, bytes)) and len(os.path.abspath(os.fsdecode(f))) >= _WINDOWS_MAX_FOLDER
               for f in (exc.filename, exc.filename2))


def printable(text: str) -> str:
    """*text* with the bytes of a file name that are no text as \\x82: Python keeps them as surrogates (a CP932 zip
    unpacked on Linux), which the console showed as \\udc82 and a writer refused."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # UTF-8 whatever the file system's encoding: os.fsencode failed on a Japanese text in an eucJP or C locale
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate no byte stands for (a Windows name of broken UTF-16)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class HyojunError(Exception):
    """A problem the user can fix (bad input, bad arguments). Never a bug."""

    exit_code: ExitCode = ExitCode.INPUT_ERROR

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        # a detail that is itself an error with details (one file of several) keeps its own list under it
        return printable(self.message + "".join("\n  - " + d.replace("\n", "\n    ") for d in self.details))

    def __reduce__(self) -> tuple[object, ...]:
        # keeps the details when a worker process sends the error back (batch_run)
        return type(self), (self.message,), self.__dict__


class InputError(HyojunError):
    """An input file (spec, vendor sheet, profile, workbook) cannot be used."""


class TimeLimitError(InputError):
    """The run took longer than HYOJUN_MAX_SECONDS (a file too large, or hostile)."""


class OutputError(HyojunError):
    """An output cannot be put in place (say, the earlier one is open in Excel); no output has changed."""


class UsageError(HyojunError):
    """The arguments do not make sense together."""

    exit_code = ExitCode.USAGE_ERROR


def raise_all(failures: Sequence[HyojunError], outcome: str) -> None:
    """Raise every problem of a run at once: one as it is, several as one InputError listing each, after *outcome*
    (what was not done). Each is said once: one spec or profile problem fails every file of its area the same way."""
    distinct = list({str(f): f for f in failures}.values())
    if len(distinct) == 1:
        raise distinct[0]
    if distinct:
        raise InputError(f"{len(distinct)} 件の問題があるため、{outcome}（すべて直してから実行してください）",
                         details=[str(f) for f in distinct])
