"""Read a spreadsheet file once into plain rows: xlsx/xlsm/xls via python-calamine, csv via stdlib.

This module knows file formats and nothing of specs or answers. Cells come as Excel shows them:
python-calamine reads an error value (#N/A) and a formula saved without its result as empty cells,
which would pass for unanswered, so these are read from the file and given as text ("#N/A",
"=VLOOKUP(…)"). A file is read by its content, not its name: a workbook renamed .xls ↔ .xlsx, and
CSV text named .xlsx / .xlsm / .xls, are read as what they are. It refuses what is not a spreadsheet
(naming an empty file, HTML and Excel 2003 XML), the formats python-calamine reads but we do not
(.ods, .xlsb), password-protected workbooks, zip bombs and sheets whose cells would span more than
the cell limit (an .xlsx's before calamine reads it: xlsx_guard), with a Japanese message naming the file.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import itertools
import os
import re
import sys
import tempfile
import threading
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..errors import InputError, os_reason
from ..paths import EXCEL_LOCK_PREFIX, SPREADSHEET_SUFFIXES, not_found
from .cells import address, column_letter, sheet_ref
from .filetype import OLE_MAGIC, PDF_MAGIC, ZIP_MAGIC
from .input_file import read_input
from .limits import (CSV_CELL_BYTES, CSV_POINTER_BYTES, CSV_ROW_BYTES, RANGE_CELL_BYTES, RECORD_CELL_BYTES, Limits, ReadMemory,
                     over_total, raise_hint, too_much_text, too_wide)
from .text import decode_text
from .xls_records import XlsCopiedText, XlsDamaged, XlsEncrypted, XlsSheet, read_xls_records
from .xlsx_guard import ZIP_DAMAGE, check_zip, refuse_copied_text, refuse_wide_sheets, unreadable_book

Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # rectangular: every row has the same length, empty cells are ""
    merged: list[Merge] = field(default_factory=list)
    hidden: bool = False
    very_hidden: bool = False  # hidden so that Excel's 再表示 does not list it (VBA only)
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    # (row, column) of the formulas an .xlsx saved without result, given as "=…", and of every .xls formula and every
    # .xlsx formula whose saved result is 0 (perhaps never calculated), given as the result the file saved (formula_note)
    formulas: AbstractSet[tuple[int, int]] = frozenset()
    book: str = ""  # the name of its file when several are read as one (one vendor's 機能 and 帳票 files): addresses name it

    @property
    def hidden_as(self) -> str:
        """How the sheet is hidden, as a message says it (シート「X」は…です, …のシート「X」), "" when it is not: a
        veryHidden one as Excel's 再表示 does not list it, for the advice to unhide or delete it to be followed."""
        if self.very_hidden:
            return "非表示（Excel の「再表示」にも出ず、VBA でのみ表示できます）"
        return "非表示" if self.hidden else ""

    @property
    def ref(self) -> str:
        """The sheet as its addresses name it before '!' (cells.sheet_ref)."""
        return sheet_ref(self.name, self.book)

    def address(self, row: int, col: int) -> str:
        """0-based row/col → its address (cells.address)."""
        return address(self.name, row, col, self.book)

    @functools.cached_property
    def merged_rows(self) -> dict[int, list[Merge]]:
        """Per row of its cells, the merges over a cell of it, in the order of *merged*, made once: a reader of a few rows
        (a table, a header) looks at theirs, not at every merge of the sheet each time (a 2 MB file holds 400,000 merges,
        a sheet thousands of tables). A merge is on each of its rows the sheet has (A1:XFD1048576 on every row), one right
        of its cells on none; as read_workbook refuses merges covering more cells than the sheet has, the lists hold at
        most one entry per cell."""
        height, width = len(self.rows), len(self.rows[0]) if self.rows else 0
        by_row: dict[int, list[Merge]] = {}
        for merge in self.merged:
            (r0, c0), (r1, c1) = merge
            if c0 < width:
                for r in range(r0, min(r1 + 1, height)):
                    by_row.setdefault(r, []).append(merge)
        return by_row


@dataclass
class Workbook:
    path: Path
    sha256: str
    format: str  # xlsx / xls / csv
    sheets: list[Sheet]
    encoding: str = ""  # csv only

    @property
    def file_name(self) -> str:
        return self.path.name


def read_workbook(path: str | Path, limits: Limits | None = None, *, hidden_rows: bool = True) -> Workbook:
    """Read every sheet of *path*. Raises InputError with a clear message on any problem, memory running out too (on a
    machine with less free memory than HYOJUN_MAX_READ_BYTES allows a read).

    hidden_rows=False neither scans the sheet XML for hidden rows and columns (two passes over each sheet's XML,
    ~70 ms for the national progress workbook's 53 MB sheet) nor keeps those of an .xls (its records are walked
    anyway, to bound its sheets), for readers that use neither `Sheet.hidden_rows` nor `Sheet.hidden_columns`.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    try:
        return _read_book(path, limits, hidden_rows)
    except MemoryError:
        pass  # its frames hold what was read: let them go before the message is made, not keep them as its context
    raise InputError(f"{path}: 読み込む途中でメモリが足りなくなりました（空きメモリが読み込みの上限 {limits.max_read_bytes:,} "
                     "バイトより少ないようです）。ほかのプログラムを閉じてやり直すか、回答・要件に使わないシートや行・列を削除して"
                     "保存し直してください。環境変数 HYOJUN_MAX_READ_BYTES を空きメモリより小さくすると、大きすぎるファイルは"
                     "読み込む前に、大きい箇所を示して止まります")


def _read_book(path: Path, limits: Limits, hidden_rows: bool) -> Workbook:
    try:
        if path.is_dir():
            raise InputError(f"{path}: フォルダです。表計算ファイル（.xlsx / .xls / .csv）を指定してください")
        data = read_input(path, limits)  # a file that is there may still be denied (locked by another program, its ACL)
    except FileNotFoundError:
        raise not_found(path, SPREADSHEET_SUFFIXES) from None
    except OSError as exc:
        raise InputError(f"{path}: {os_reason(exc)}") from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    memory = ReadMemory(path, limits)
    if data.startswith(ZIP_MAGIC):
        scan = check_zip(path, data, limits, memory, hidden=hidden_rows)
        refuse_wide_sheets(path, data, scan, limits)
        refuse_copied_text(path, data, scan, limits)
        parts = [(sheet, part) for sheet, part in scan.sheets if part in scan.hidden]
        hidden = {sheet: scan.hidden[part][0] for sheet, part in parts}
        columns = {sheet: scan.hidden[part][1] for sheet, part in parts}
        shown = {sheet: scan.shown[part] for sheet, part in scan.sheets if part in scan.shown}
        zeros: dict[str, AbstractSet[tuple[int, int]]] = {sheet: scan.zeros[part] for sheet, part in scan.sheets
                                                          if part in scan.zeros}
        return Workbook(path, digest, "xlsx", _read_calamine(path, data, limits, memory, hidden, columns, shown, zeros))
    if data.startswith(OLE_MAGIC):
        try:
            records = read_xls_records(data, hidden_rows=hidden_rows, max_text=limits.max_text_bytes,
                                       max_cells=limits.max_cells)
        except XlsEncrypted:
            raise _password_protected(path) from None
        except XlsCopiedText as exc:
            raise too_much_text(path, f"シート「{exc.sheet}」", exc.total, limits) from None
        except XlsDamaged as exc:  # calamine would panic, or loop or allocate until the process dies
            raise unreadable_book(path) from exc
        _refuse_large_xls(path, len(data), records.sheets, limits, memory)
        return Workbook(path, digest, "xls", _read_calamine(path, data, limits, None, records.hidden_rows,
                                                           records.hidden_columns, records.errors, records.formulas))
    if not data:
        raise InputError(f"{path}: 空のファイルです（0 バイト）。保存やコピーが途中で止まっていないか確かめてください")
    if suffix in _TEXT_SUFFIXES or (suffix in _BOOK_SUFFIXES and _is_text_table(path, data)):
        sheet, encoding = _read_csv(path, data, limits, memory)
        return Workbook(path, digest, "csv", [sheet], encoding)
    raise InputError(f"{path}: {_not_a_spreadsheet(path, data)}")


_TEXT_SUFFIXES = (".csv", ".txt")
_BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_HEAD = 4096  # where a markup file names what it is
_HTML_PAGE = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_HTML_TABLE = re.compile(rb"<table\b", re.IGNORECASE)  # a bare table, as some systems write; also SpreadsheetML's <Table>
# The root of an Excel 2003 XML spreadsheet (SpreadsheetML), and the processing instruction Excel writes before it.
_SPREADSHEETML = re.compile(rb'urn:schemas-microsoft-com:office:spreadsheet|progid="Excel\.Sheet"')
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Excel's 「単一ファイル Web ページ」 (MHTML): text, its MIME headers first, then the page as a text/html part.
_MHTML = re.compile(rb"\s*MIME-Version:.*?text/html", re.S | re.I)


def _is_text_table(path: Path, data: bytes) -> bool:
    """Whether *data* is text to read as CSV: a CSV or tab-separated text saved under a workbook's name (as old
    systems' 「Excel 出力」 do, and Excel opens). Markup (HTML, XML), PDF and binary data are not."""
    if _MHTML.match(data, 0, _HEAD):
        return False
    try:
        text, _ = decode_text(path, data)
    except InputError:
        return False
    return not text.lstrip("\ufeff \t\r\n").startswith(("<", PDF_MAGIC.decode())) and not _CONTROL_CHAR.search(text)


def _not_a_spreadsheet(path: Path, data: bytes) -> str:
    """Why *data* (not a zip, an OLE file or an empty file) cannot be read, and what to do, for a message."""
    head = data[:_HEAD]
    if path.name.startswith(EXCEL_LOCK_PREFIX):
        return ("Excel がブックを開いている間に作る一時ファイル（~$ で始まる名前）で、回答ファイルではありません。"
                "指定から除いてください（ブックを閉じると消えます）")
    save_as = "Excel で開き、Excel ブック（.xlsx）として保存し直してください"
    html = f"中身は Web ページ（HTML）で、表計算ファイルではありません。{save_as}"
    if _HTML_PAGE.search(head) or _MHTML.match(head):  # Excel's own Web page names the office namespaces too
        return html
    if _SPREADSHEETML.search(head):
        return f"中身は Excel 2003 XML スプレッドシート形式のため読めません。{save_as}"
    if _HTML_TABLE.search(head):
        return html
    if head.startswith(PDF_MAGIC):
        kind = "（PDF ファイルです）"
    elif path.suffix.lower() not in _BOOK_SUFFIXES and _is_text_table(path, data):
        kind = "（中身はテキストです。区切り文字で書いた表なら拡張子を .csv にしてください）"
    else:
        kind = ""
    return f"表計算ファイルではありません{kind}。.xlsx / .xlsm / .xls / .csv の表計算ファイルを指定してください"


def _password_protected(path: Path) -> InputError:
    return InputError(f"{path}: パスワードで保護されたブックは読めません。保護を解除して保存し直してください")


def _refuse_large_xls(path: Path, size: int, sheets: list[XlsSheet], limits: Limits, memory: ReadMemory) -> None:
    """Refuse, before calamine allocates them, .xls sheets whose rectangle (read from A1, as the rows are given),
    whose DIMENSIONS or whose rectangles together pass the cell limit, or whose cells take more *memory* than its
    limit: calamine builds every sheet as it opens the file, and a BIFF cell may name any of 65,536 × 65,536 cells
    (137 GB). The file counts twice (ours and calamine's copy), each cell record as a text cell."""
    memory.add(2 * size, "ファイル")
    total = 0
    for sheet in sheets:
        where = f"シート「{sheet.name}」"
        if sheet.rows * sheet.cols > limits.max_cells:
            raise too_wide(path, where, f"値が {column_letter(sheet.cols - 1)}{sheet.rows} の位置まであるため",
                           sheet.rows, sheet.cols, limits)
        if sheet.declared[0] * sheet.declared[1] > limits.max_cells:
            raise too_wide(path, where, "ファイルに記録された使用範囲（DIMENSIONS）では", *sheet.declared, limits)
        if sheet.cells > limits.max_cells:  # more cell records than the limit: the same cells written again and again
            raise unreadable_book(path)
        total += sheet.rows * sheet.cols
        if total > limits.max_cells:
            raise over_total(path, sheet.name, total, limits)
        memory.add(sheet.rows * sheet.cols * RANGE_CELL_BYTES + sheet.cells * RECORD_CELL_BYTES,
                   f"シート「{sheet.name}」までのセル")


# What passes through the handlers of calamine's failures. A Rust panic in calamine (on a damaged file) reaches
# Python as pyo3's PanicException, a BaseException (pyo3_runtime cannot be imported to name it), so those
# handlers take any BaseException but these: an interrupt, an exit, our own errors (the run's time limit too), and
# memory running out, which read_workbook names as such (the file need not be damaged).
_NOT_CALAMINE_FAILURES = (KeyboardInterrupt, SystemExit, InputError, MemoryError)


@contextlib.contextmanager
def _panic_reports_held() -> Iterator[None]:
    """Hold what is written on standard error (fd 2) meanwhile, and write it out after, but for Rust's report of a
    panic when the block fails with an InputError: Rust prints it in English before pyo3 raises it, ahead of the
    Japanese error that names the damaged file (the panic's text stays in the error's cause, shown under --debug).

    In the main thread only: fd 2 is the whole process's, and reads in several threads swapped it in turn, the last
    one putting back the first one's file, deleted by then (all later standard error was lost, tracebacks too).
    Another thread's output meanwhile is held with the read's, and written out after it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        kept = os.dup(2)
    except OSError:  # no standard error at all (pythonw)
        yield
        return
    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        os.dup2(held.fileno(), 2)
        failed = False
        try:
            yield
        except InputError:
            failed = True
            raise
        finally:
            sys.stderr.flush()
            os.dup2(kept, 2)
            os.close(kept)
            held.seek(0)
            if text := held.read():
                _write_out(2, _PANIC_REPORT.sub(b"", text) if failed else text)


def _write_out(fd: int, data: bytes) -> None:
    """All of *data* to *fd*: one os.write may write only part of it (into a pipe, or when a signal comes), and the
    rest (another thread's traceback) was lost."""
    left = memoryview(data)
    while left:
        left = left[os.write(fd, left):]


# 「thread '<unnamed>' (7690) panicked at …xls.rs:811:15:」, its message's line, then a backtrace (RUST_BACKTRACE) or
# notes: only what Rust writes, the note printed for the first panic of a process only, and another thread's lines
# may follow or come between (calamine's messages take one line)
_PANIC_REPORT = re.compile(rb"^\n?thread '[^'\n]*'(?: \(\d+\))? panicked at [^\n]*\n(?:(?!stack backtrace:\n|note: )[^\n]*\n)?"
                           rb"(?:stack backtrace:\n(?:[ \t][^\n]*\n)*)?(?:note: [^\n]*\n)*", re.MULTILINE)


def _read_calamine(path: Path, data: bytes, limits: Limits, memory: ReadMemory | None,
                   hidden_rows: dict[str, frozenset[int]], hidden_columns: dict[str, frozenset[int]],
                   shown: dict[str, dict[tuple[int, int], str]],
                   formulas: dict[str, AbstractSet[tuple[int, int]]] | None = None) -> list[Sheet]:
    """Every worksheet, with the *shown* text of cells calamine reads as empty put in (the range
    grows to hold them: calamine leaves formulas without result out of it), and the cells of the *formulas* whose
    saved result is read: every .xls formula, an .xlsx formula whose saved result is 0. Each sheet's rectangle is
    counted in *memory* before it is made Python's (None: counted before, an .xls's)."""
    with _panic_reports_held():
        return _calamine_sheets(path, data, limits, memory, hidden_rows, hidden_columns, shown, formulas or {})


def _calamine_sheets(path: Path, data: bytes, limits: Limits, memory: ReadMemory | None,
                     hidden_rows: dict[str, frozenset[int]], hidden_columns: dict[str, frozenset[int]],
                     shown: dict[str, dict[tuple[int, int], str]],
                     saved_formulas: dict[str, AbstractSet[tuple[int, int]]]) -> list[Sheet]:
    with _calamine_failures(path, data):
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets: list[Sheet] = []
    cells = 0
    for meta in wb.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        with _calamine_failures(path, data, meta.name):
            ws = wb.get_sheet_by_name(meta.name)
            end = ws.end
        # to_python(skip_empty_area=False) pads from A1 to the farthest value
        height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
        texts = shown.get(meta.name, {})
        if texts:
            height = max(height, max(r for r, _ in texts) + 1)
            width = max(width, max(c for _, c in texts) + 1)
        if height > limits.max_rows:
            raise InputError(f"{path}: シート「{meta.name}」の行数が上限を超えます（{height:,} 行、上限 {limits.max_rows:,} 行）。"
                             + raise_hint("HYOJUN_MAX_ROWS"))
        if height * width > limits.max_cells:  # measured before loading, but without the shown texts
            raise too_wide(path, f"シート「{meta.name}」", f"値が {column_letter(width - 1)}{height} の位置まであるため",
                           height, width, limits)
        cells += height * width
        if cells > limits.max_cells:
            raise over_total(path, meta.name, cells, limits)
        if memory is not None:  # its values are counted by their XML: the rectangle is known only now
            memory.add(height * width * RANGE_CELL_BYTES, f"シート「{meta.name}」までのセル")
        with _calamine_failures(path, data, meta.name):
            rows = ws.to_python(skip_empty_area=False)
            merged = list(ws.merged_cell_ranges or [])
        formulas: AbstractSet[tuple[int, int]] = _put_shown(rows, texts, height, width) if texts else frozenset()
        if saved := saved_formulas.get(meta.name):  # as read (an .xls's million formulas are 100 MB)
            formulas = formulas | saved if formulas else saved
        _refuse_overlapping_merges(path, meta.name, merged, len(rows), len(rows[0]) if rows else 0)
        sheets.append(Sheet(meta.name, rows, merged, meta.visible != pc.SheetVisibleEnum.Visible,
                            meta.visible == pc.SheetVisibleEnum.VeryHidden, hidden_rows.get(meta.name, frozenset()),
                            hidden_columns.get(meta.name, frozenset()), formulas))
    return sheets


@contextlib.contextmanager
def _calamine_failures(path: Path, data: bytes, sheet: str | None = None) -> Iterator[None]:
    """calamine's failures in the block as the InputError that names the file, or its *sheet*, damaged. Only calamine's
    calls go in: a failure of our own code (a bug) is not the file's."""
    try:
        yield
    except _NOT_CALAMINE_FAILURES:
        raise
    except pc.PasswordError:
        raise _password_protected(path) from None
    except BaseException as exc:  # calamine's several error types and its panics (its text, in English, shows under --debug)
        _refuse_dtd(path, data)
        if sheet is None:
            raise unreadable_book(path) from exc
        raise InputError(f"{path}: シート「{sheet}」を読めません。ファイルが壊れています。"
                         "元のファイルを Excel で開いて保存し直してください") from exc


def _refuse_overlapping_merges(path: Path, sheet: str, merged: list[Merge], height: int, width: int) -> None:
    """Refuse merges that together cover more of the sheet's cells than it has: then they overlap, which Excel
    never writes (it repairs such a file), and the readers that map each merged cell to its anchor would write
    a cell once per merge over it (2,000 copies of one merge down 20,000 rows: a minute for a 200 KB file).
    Otherwise mapping every merged cell costs at most the sheet's cells. Cells beyond the values count for none."""
    def clipped(merge: Merge) -> tuple[int, int, int, int]:
        (r0, c0), (r1, c1) = merge
        return r0, c0, min(r1, height - 1), min(c1, width - 1)

    if sum(max(0, r1 - r0 + 1) * max(0, c1 - c0 + 1) for r0, c0, r1, c1 in map(clipped, merged)) <= height * width:
        return
    marked = bytearray(height * width)  # then two merges share a cell: name them (a slice per merged row)
    for k, merge in enumerate(merged):
        r0, c0, r1, c1 = clipped(merge)
        for r in range(r0, r1 + 1 if c0 <= c1 else r0):
            row = marked[r * width + c0:r * width + c1 + 1]
            if 1 in row:
                c = c0 + row.index(1)
                first = next(m for m in merged[:k] if m[0][0] <= r <= m[1][0] and m[0][1] <= c <= m[1][1])
                raise InputError(f"{path}: シート「{sheet}」の結合セル {_range(first)} と {_range(merge)} が重なっています"
                                 f"（{column_letter(c)}{r + 1}）。Excel はこのような結合を書きません。ファイルが壊れています。"
                                 "元のファイルを Excel で開いて保存し直してください")
            marked[r * width + c0:r * width + c1 + 1] = b"\x01" * (c1 - c0 + 1)


def _range(merge: Merge) -> str:
    (r0, c0), (r1, c1) = merge
    return f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY")


def _refuse_dtd(path: Path, data: bytes) -> None:
    """Say so when a workbook calamine could not read declares a DTD: Excel never writes one, an XXE or
    billion-laughs file does, and "broken" would send the officer to download it again."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        for info in zf.infolist():
            with zf.open(info) as member:
                head = member.read(_HEAD)  # a DTD stands before the root element
            if _DTD.search(head):
                raise InputError(f"{path}: {info.filename} に DTD（<!DOCTYPE>・実体の宣言）があります。Excel が保存するファイルには"
                                 "ないもので、外部のファイルを読ませる・展開でメモリを使い尽くさせる細工に使われるため、安全のため"
                                 "読み込みません。提出元に Excel で保存し直したファイルを求めてください")
    except ZIP_DAMAGE:
        return  # not a zip, or a member that does not inflate: the caller's message stands


_ERROR_VALUE = re.compile(r"#(?:N/A|NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!"
                          r"|CONNECT!|BUSY!|UNKNOWN!|ERROR\(0x[0-9a-f]{2}\))")


def formula_note(value: str, formula: bool) -> str:
    """A sentence for a message, when a cell's text is what a formula left rather than data (*formula*: the
    cell is in `Sheet.formulas`: the formula itself, saved without result, or a saved result read), or text that only
    looks like a formula, else ""."""
    if _ERROR_VALUE.fullmatch(value):
        return "。数式のエラー値です"
    if formula and value.startswith("="):
        return "。数式の結果がファイルに保存されていません（Excel で開いて保存し直してください）"
    if formula:  # a saved result: LibreOffice and xlsxwriter save 0 for a text result they did not calculate
        return ("。数式のセルで、ファイルに保存された結果を読みました（数式は計算しません）。表示と違うなら、ファイルを開いて"
                "再計算してから保存し直してください（LibreOffice: データ→計算→再計算（Ctrl+Shift+F9）。Excel: 開いて保存し直す）")
    if value[:1] in ("=", "＝"):  # typed into a cell formatted as text, say: saving again changes nothing
        return f"。数式ではなく「{value[0]}」で始まる文字列です"
    return ""


def _put_shown(rows: list[list[Any]], texts: dict[tuple[int, int], str], height: int,
               width: int) -> frozenset[tuple[int, int]]:
    """Pad *rows* to height × width and write each text where calamine left the cell empty; the cells
    of the formulas so written."""
    for row in rows:
        row.extend([""] * (width - len(row)))
    rows.extend([""] * width for _ in range(height - len(rows)))
    formulas = set()
    for (r, c), text in texts.items():
        if rows[r][c] == "":
            rows[r][c] = text
            if text.startswith("="):
                formulas.add((r, c))
    return frozenset(formulas)


_DELIMITERS = (",", "\t", ";")  # CSV; Excel's 「Unicode テキスト」 and 「テキスト（タブ区切り）」; a European list separator
_SNIFF_CHARS = 8192  # a hundred lines or so: enough to see the table's width


def _csv_delimiter(text: str) -> str:
    """The delimiter of the first lines: the one quoted cells sit between, else the one that splits
    the most lines into one width of two cells or more.

    Quotes come first because a quoted cell holding a line break splits into more, narrower lines for
    the wrong delimiter. Counting lines of equal width rather than delimiter characters keeps a comma
    CSV whose text holds tabs or semicolons (or a tab file whose text holds commas) on its own
    delimiter. Ties go to the wider split, then to the comma.
    """
    sample = text[:_SNIFF_CHARS]
    if "\t" not in sample and ";" not in sample:
        return ","
    best, best_score = ",", (0, 0, 0)
    for delimiter in _DELIMITERS:
        quoted = sample.count(delimiter + '"') + sample.count('"' + delimiter)
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        if len(sample) < len(text):
            rows = rows[:-1]  # cut off by the sample
        widths = Counter(len(row) for row in rows if len(row) > 1)
        count, width = max(((count, width) for width, count in widths.items()), default=(0, 0))
        if (quoted, count, width) > best_score:
            best, best_score = delimiter, (quoted, count, width)
    return best


# Excel's first line naming the delimiter of a CSV (sep=;), which Excel follows and does not show as a row
_SEP_LINE = re.compile(r"sep=([^\r\n])[ \t]*(?:\r\n|\r|\n|$)", re.I)
# Excel names the sheet of a CSV it opens after the file, cut to a sheet name's 31 characters
_SHEET_NAME_CHARS = 31


def _read_csv(path: Path, data: bytes, limits: Limits, memory: ReadMemory) -> tuple[Sheet, str]:
    """The text as one sheet, named and counted as Excel shows it (its rows' numbers are the cells' addresses).
    Its *memory*: the file, the text and the cells' characters (at most the text's), then each row's cells."""
    text, encoding = decode_text(path, data)
    if sep := _SEP_LINE.match(text):
        delimiter, text = sep.group(1), text[sep.end():]
    else:
        delimiter = _csv_delimiter(text)
    memory.add(len(data) + 2 * sys.getsizeof(text), "ファイル")
    return Sheet(path.stem[:_SHEET_NAME_CHARS], _csv_rows(path, text, delimiter, limits, memory)), encoding


def _csv_rows(path: Path, text: str, delimiter: str, limits: Limits, memory: ReadMemory) -> list[list[Any]]:
    """The rows of the CSV *text*, padded to the widest, each counted in *memory* as it is read; a record that may
    pass the cell limit or the memory left is refused before csv makes its row (bounded_lines)."""
    # locals for the loop below: a name the functions within use (count, cost) is slower to reach there
    room, max_rows, max_cells = memory.limit - memory.estimate, limits.max_rows, limits.max_cells
    rows: list[list[Any]] = []
    count = width = widest = cost = 0
    open_at_end = False

    def fits(cells: int) -> bool:
        """Whether a row of *cells* cells is within the cell limit and the memory left."""
        need = cost + CSV_ROW_BYTES + CSV_POINTER_BYTES * cells
        return cells <= limits.max_cells and need <= memory.limit - memory.estimate

    def refuse_past(cells: int, exact: bool) -> None:
        """Refuse the record being read when its row of at most *cells* cells (as many when *exact*) would pass the
        cell limit or the memory left, before csv makes it."""
        if exact and cells > limits.max_cells:
            raise too_wide(path, "表", f" {count + 1:,} 行目が {cells:,} 列あるため", count + 1, cells, limits)
        if (need := cost + CSV_ROW_BYTES + CSV_POINTER_BYTES * cells) > memory.limit - memory.estimate:
            memory.add(need, f"表の {count + 1:,} 行目までのセル")

    def bounded_lines() -> Iterator[Iterable[str]]:
        """The text's lines for csv: a piece (_pieces) at a time, or one at a time when a record may pass a limit
        (a line of 150 million commas took 2.4 GB before its row was counted). A record has at most one cell more than
        its delimiters (quoted ones only lower that), and a line goes on a record only inside a quoted cell: one
        without a quote then adds none. The last line goes alone, for csv to show whether it asks for more after it:
        then it is in a quote left open (non-strict, it would end the cell at the end of the text)."""
        nonlocal open_at_end
        fed = 0  # the delimiters of the record being read, at most
        seen = -1  # the records read when the last line was given
        begins: bool | None = True  # whether the next line begins a record (None: not known, after a piece)
        for start, end in _pieces(text):
            most = end - start  # the piece's delimiters, at most: counted only when that bound does not do
            # as one io.StringIO: not the last line, nor a line of millions of characters (4 bytes each there)
            whole = end < len(text) and most <= 2 * _PIECE
            if whole and not fits(fed + most + 1):
                most = text.count(delimiter, start, end)
                whole = fits(fed + most + 1)
            if whole:
                seen = count
                yield io.StringIO(text[start:end], newline="")
                # the record being read began in the piece, or before it when none ended in it
                fed, begins = most + (fed if count == seen else 0), None
                continue
            for line in _LINE.finditer(text, start, end):
                if count != seen:  # the line before ended a record
                    begins = True
                delimiters = text.count(delimiter, *line.span())
                if text.find('"', *line.span()) >= 0:
                    fed = delimiters + (0 if begins else fed)
                    refuse_past(fed + 1, False)
                elif begins is not False:  # a record of its own (or, after a piece, its delimiters in a quoted cell)
                    refuse_past(delimiters + 1, True)
                    if begins:
                        fed = delimiters
                seen, begins = count, False
                yield (line[0],)
        open_at_end = count == seen

    # an inner line of a cell that reads as a row of this file (its id, quoted or not, then the delimiter): a stray
    # quote took it into the cell (_swallowed)
    row_like = re.compile(r"[\r\n][ \t\u3000]*\"?[0-9０-９]{7}\"?" + re.escape(delimiter))
    swallowed: tuple[int, int, list[str]] | None = None  # the first such cell: its row, column and row-like lines
    spanned = 0  # the lines csv has read past one a row
    try:
        reader = csv.reader(itertools.chain.from_iterable(bounded_lines()), delimiter=delimiter)
        for row in reader:
            count += 1
            # a row of more than one line has a quoted cell with a line break: only then are its cells looked at
            if reader.line_num > count + spanned:
                spanned = reader.line_num - count
                # the row's text at once, and the regex only when its cells hold two delimiters: a third faster
                if swallowed is None and (joined := delimiter.join(row)).count(delimiter) > len(row) \
                        and len(row_like.findall(joined)) > 1:
                    swallowed = _swallowed(row, count, row_like)
            if count > max_rows:
                raise InputError(f"{path}: 行数が上限を超えます（上限 {max_rows:,} 行。{count:,} 行目で読み込みを止めました）。"
                                 + raise_hint("HYOJUN_MAX_ROWS"))
            if (cells := len(row)) > width:
                width, widest = cells, count
            # The rows are padded to the widest: one row of 20,000 commas makes every row 20,000 cells. Past
            # the cell limit they are only counted on, to name the whole table.
            if width * count > max_cells:
                rows.clear()
            else:
                rows.append(row)
            cost += CSV_ROW_BYTES + CSV_POINTER_BYTES * cells + CSV_CELL_BYTES * (cells - row.count(""))
            if cost > room:
                memory.add(cost, f"表の {count:,} 行目までのセル")
    except csv.Error as exc:  # in Python's words: the one a reader meets is a cell past the field limit
        why = "区切り文字・引用符の形が正しくありません"
        if "field limit" in str(exc):
            why = f"1 つのセルが {csv.field_size_limit():,} 文字を超えます"
            if _long_field_quoted(text, count, delimiter):
                why += ("。Excel のセルは 32,767 文字までなので、このセルの引用符（\"）が閉じられず、その後ろがすべて 1 つの"
                        "セルとして読まれた可能性があります")
        raise InputError(f"{path}: CSV として読めません（{count + 1} 行目: {why}）") from None
    if open_at_end:  # a stray quote (as in 「"備考」) took the rest of the file into its cell, the last of the last row
        raise InputError(f"{path}: CSV として読めません（{count} 行目: {column_letter(len(row) - 1)} 列のセルの引用符（\"）が"
                         "閉じられていないため、ファイルの終わりまでが 1 つのセルになります。引用符を閉じるか消して保存し直してください）")
    if swallowed:  # two stray quotes: the rows between them read as the text of one cell
        at, column, found = swallowed
        raise InputError(f"{path}: CSV として読めません（{at} 行目: {column_letter(column)} 列のセルの引用符（\"）から次の引用符までが"
                         f" 1 つのセルになり、その中の {len(found)} 行（{'・'.join(found[:3])}{' など' if len(found) > 3 else ' '}で"
                         "始まる行）がこのファイルの行のように見えます。引用符が閉じられていない可能性があります。引用符を閉じるか"
                         "消して保存し直してください）")
    if width * count > limits.max_cells:
        raise too_wide(path, "表", f" {widest:,} 行目が {width:,} 列あるため", count, width, limits)
    memory.add(cost + (width * count - sum(map(len, rows))) * CSV_POINTER_BYTES, "表のセル")  # with the rows padded
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))  # as calamine gives them, so readers index any column
    return rows


def _swallowed(row: list[str], at: int, row_like: re.Pattern[str]) -> tuple[int, int, list[str]] | None:
    """The row *at*'s first cell with two or more inner lines that read as rows of the file (*row_like*), as its row,
    column and those lines' ids: a multi-line 備考 has none, a cell from a quote opened in one 備考 and closed by
    another stray quote rows later has the rows between them."""
    for column, cell in enumerate(row):
        if len(found := row_like.findall(cell)) >= 2:
            return at, column, [line.strip(" \t\u3000\r\n\"")[:7] for line in found]
    return None


_PIECE = 1 << 20
# A line as csv reads it from a file opened with newline="": up to and with its \r\n, \r or \n
_LINE = re.compile(r"[^\r\n]*+(?:\r\n?|\n)|[^\r\n]++")
_LINE_END = re.compile(r"\r\n?|\n")


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Where *text* is cut to be read in pieces of whole lines (as csv reads them from a file opened with newline=""):
    the lines up to the first line end a million characters on, as io.StringIO holds 4 bytes a character (800 MB for a
    200 MB CSV), and the last line apart, for csv to show whether it asks for more after it (_csv_rows). A piece ends at
    a \n or at a \r alone (Excel for Mac's CSV, read in one piece before), never inside a \r\n."""
    start = 0
    while start < len(text):
        found = _LINE_END.search(text, start + _PIECE)
        end = found.end() if found else len(text)
        if end == len(text):
            body = len(text) - text.endswith("\r\n") - text.endswith(("\r", "\n"))  # but for its last line end
            last = max(start, text.rfind("\n", start, body) + 1)
            last = max(last, text.rfind("\r", last, body) + 1)  # a \r alone, looked for after the last \n only
            if last > start:
                yield start, last
            yield last, end
            return
        yield start, end
        start = end


def _text_lines(text: str) -> Iterator[str]:
    """The lines of *text* as csv reads them from a file opened with newline="", a piece at a time (_pieces)."""
    return itertools.chain.from_iterable(io.StringIO(text[start:end], newline="") for start, end in _pieces(text))


def _long_field_quoted(text: str, rows: int, delimiter: str) -> bool:
    """Whether the first field past csv's field limit in the record after the text's first *rows* opens with a quote
    (then it may be a quote left open, and the rest of the file its text); read as csv's default dialect does: ""
    in quotes is text, and after the closing quote the field runs on to the delimiter."""
    reader = csv.reader(_text_lines(text), delimiter=delimiter)
    for _ in itertools.islice(reader, rows):
        pass
    limit = csv.field_size_limit()
    field_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    line = next(itertools.islice(_LINE.finditer(text), reader.line_num, None), None)
    pos = line.start() if line else len(text)
    while True:
        opened = text.startswith('"', pos)
        after = pos + opened
        if opened:
            while (after := text.find('"', after)) >= 0 and text.startswith('"', after + 1):
                after += 2
            if after < 0:
                return True  # never closed: the rest of the text is the field
            after += 1
        found = field_end.search(text, after)
        end = found.start() if found else len(text)
        if end - pos > limit:
            return opened
        if found is None or found[0] != delimiter:
            return False  # the record ends within the limit
        pos = end + 1
