"""An input file read whole, within the file-size limit (docs/security.md)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError
from .limits import Limits, raise_hint

# a named pipe opened to read waits for a writer; non-blocking, it opens at once and is refused as no regular file
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def read_input(path: Path, limits: Limits) -> bytes:
    """*path*'s bytes, a regular file's only: a device's or a pipe's size reads 0, so /dev/zero (or a link to it) was
    read whole until the memory ran out, and a named pipe waited for a writer until the time limit. OSError as
    open and read raise it."""
    _refuse_undecodable_name(path)
    fd = os.open(path, _FLAGS)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: フォルダです。ファイルを指定してください")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: 通常のファイルではありません（デバイスや名前付きパイプなど）。ファイルそのものを指定してください")
        if st.st_size > limits.max_file_bytes:
            raise _too_large(path, st.st_size, limits)
        with open(fd, "rb", closefd=False) as f:
            data = f.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:  # it grew while read
            raise _too_large(path, len(data), limits)
    finally:
        os.close(fd)
    return data


def _refuse_undecodable_name(path: Path) -> None:
    """Refuse a path that is no text: a CP932 zip unpacked on Linux names its files in bytes UTF-8 cannot read, which
    Python keeps as surrogates. Reports, output names and records name the file, and no writer (JSON, HTML, the mask
    key) could write them: the run ended in a traceback (docs/security.md). The message shows them as \\x82."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{path}: ファイルかフォルダの名前に、文字として読めない部分（\\x で示した部分）があります。"
                         "Windows で作った zip をほかの OS で展開したときなどに起きます。名前を付け直すか、文字コードを指定して"
                         "展開し直してから（unzip -O cp932 など）、もう一度実行してください") from None


def _too_large(path: Path, size: int, limits: Limits) -> InputError:
    return InputError(f"{path}: ファイルが大きすぎます（{size:,} バイト、上限 {limits.max_file_bytes:,} バイト）。"
                      + raise_hint("HYOJUN_MAX_FILE_BYTES"))
