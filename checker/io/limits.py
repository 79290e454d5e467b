"""Limits on untrusted input, configurable through environment variables (docs/security.md)."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError


def env_int(name: str, default: int) -> int:
    """The integer in environment variable *name*, written as the messages write numbers too (200,000; ２００００);
    *default* when it is unset or empty. Any other value is refused: ignored, the limit it meant to raise stopped
    the run again with the default in its message."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(unicodedata.normalize("NFKC", raw).replace(",", ""))
    except ValueError:
        raise UsageError(f"環境変数 {name} の値「{raw}」は整数ではありません（例: {name}={default}）。"
                         "値を直すか、環境変数を消してください") from None


def raise_hint(variable: str) -> str:
    """How to raise the limit in environment variable *variable*: said by every error of a limit (docs/security.md)."""
    return f"正当なファイルなら環境変数 {variable} で上限を上げられます"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024  # the file on disk
    max_uncompressed_bytes: int = 1024 * 1024 * 1024  # all zip members together, inflated
    max_compression_ratio: int = 200  # per zip member larger than 1 MB
    max_rows: int = 1_100_000  # per sheet
    # per file: the sheets' rectangles (40 bytes a cell read, values aside: ReadMemory), more than one 65,536 × 256
    # .xls sheet; the national progress workbook has 1.5 million
    max_cells: int = 20_000_000
    # per file: the text cells copy from the shared strings (.xlsx) or the SST (.xls), one copy per cell; read,
    # it takes about twice this (calamine's copies and Python's), beside max_read_bytes. The largest real workbook
    # copies 15 MB, counted as 40 MB (bounded first by 346 MB: a lower limit would count it cell by cell, +60 % time)
    max_text_bytes: int = 512 * 1024 * 1024
    # per file: what reading its cells takes, estimated before they are read (ReadMemory); the national progress
    # workbook about 330 MB
    max_read_bytes: int = 1024 * 1024 * 1024
    # per answer file: the largest spec has about 4,500 requirements; each row read becomes report rows and findings
    max_answer_rows: int = 100_000
    max_seconds: int = 1800  # per command run; 0 turns the limit off

    @classmethod
    def from_env(cls) -> "Limits":
        d = cls()
        return cls(
            max_file_bytes=env_int("HYOJUN_MAX_FILE_BYTES", d.max_file_bytes),
            max_uncompressed_bytes=env_int("HYOJUN_MAX_UNCOMPRESSED_BYTES", d.max_uncompressed_bytes),
            max_compression_ratio=env_int("HYOJUN_MAX_COMPRESSION_RATIO", d.max_compression_ratio),
            max_rows=env_int("HYOJUN_MAX_ROWS", d.max_rows),
            max_cells=env_int("HYOJUN_MAX_CELLS", d.max_cells),
            max_text_bytes=env_int("HYOJUN_MAX_TEXT_BYTES", d.max_text_bytes),
            max_read_bytes=env_int("HYOJUN_MAX_READ_BYTES", d.max_read_bytes),
            max_answer_rows=env_int("HYOJUN_MAX_ANSWER_ROWS", d.max_answer_rows),
            max_seconds=env_int("HYOJUN_MAX_SECONDS", d.max_seconds),
        )


# The errors of the cell and text limits, alike for every format read
def too_wide(path: Path, where: str, cause: str, rows: int, cols: int, limits: Limits) -> InputError:
    return InputError(f"{path}: {where}の{cause}、表の範囲が {rows:,} 行 × {cols:,} 列（{rows * cols:,} セル）になり、"
                      f"セル数が上限（{cells_ja(limits.max_cells)}、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください。"
                      + raise_hint("HYOJUN_MAX_CELLS"))


def over_total(path: Path, sheet: str, cells: int, limits: Limits) -> InputError:
    return InputError(f"{path}: シート「{sheet}」までの表の範囲の合計が {cells:,} セルになり、"
                      f"セル数が上限（{cells_ja(limits.max_cells)}、HYOJUN_MAX_CELLS）を超えます。"
                      "不要なシートやセルを削除して保存し直してください。" + raise_hint("HYOJUN_MAX_CELLS"))


def cells_ja(n: int) -> str:
    """50000000 → '5,000 万セル': how a Japanese reader says a limit of this size."""
    return f"{n // 10_000:,} 万セル" if n >= 10_000 and not n % 10_000 else f"{n:,} セル"


def too_much_text(path: Path, where: str, total: int, limits: Limits) -> InputError:
    return InputError(f"{path}: {where}までのセルが参照する共有文字列は、セルごとに複製すると最大 {total:,} バイトになり、"
                      f"上限（{limits.max_text_bytes:,} バイト、HYOJUN_MAX_TEXT_BYTES）を超えます。長い文字列を多くのセルが"
                      "参照するブックで、読み込むとメモリを使い尽くすおそれがあるため中止しました。" + raise_hint("HYOJUN_MAX_TEXT_BYTES"))


# What reading takes, per unit, measured with python-calamine 0.9 and CPython 3.11 (docs/security.md):
RANGE_CELL_BYTES = 40  # each cell of a sheet's rectangle, valued or not: calamine's cell (32) and its row's pointer (8)
# each byte of the XML calamine reads (worksheets, shared strings): what a value takes beyond its cell. The least a
# text cell is written in (<c t="s"><v>0</v></c>, 21 bytes) holds 96 bytes more (its text in Rust and in Python), a
# number (<c><v>1</v></c>) 40; an inline string's characters take a byte in Rust and up to 4 in Python.
XML_BYTE_BYTES = 5
RECORD_CELL_BYTES = 96  # each cell record of an .xls, as a text cell beyond its cell
# a CSV: each row's list (64, and a pointer of 8 a cell), each cell with text (its str but for its characters,
# counted with the text's)
CSV_ROW_BYTES, CSV_POINTER_BYTES, CSV_CELL_BYTES = 64, 8, 64


class ReadMemory:
    """The memory reading a file takes, estimated as it is found out before the cells are read: refused past
    HYOJUN_MAX_READ_BYTES with the file and the sheet (or row) named. Each --jobs worker reads its own files, so each
    may take this much; the text copied from shared strings is held apart (HYOJUN_MAX_TEXT_BYTES, read twice)."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limit = limits.max_read_bytes
        self.estimate = 0

    def add(self, size: int, what: str) -> None:
        """Count *size* bytes more, *what* naming all that is counted so far (シート「参考」までのセル)."""
        self.estimate += size
        if self.estimate > self.limit:
            raise InputError(f"{self.path}: {what}を読み込むと、メモリを約 {-(-self.estimate // 2**20):,} MB 使う見込みで、"
                             f"上限（{self.limit:,} バイト、HYOJUN_MAX_READ_BYTES）を超えます。回答・要件に使わないシート"
                             "（参照用の大きな表など）や行・列を削除して保存し直してください。" + raise_hint("HYOJUN_MAX_READ_BYTES"))
