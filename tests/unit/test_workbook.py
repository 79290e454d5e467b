"""Files that are not what they claim: clear Japanese errors naming the file, never a traceback."""

import csv
import io
import os
import random
import struct
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
import python_calamine as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import InputError, TimeLimitError
from checker.io.cells import column_letter
from checker.io.limits import (CSV_CELL_BYTES, CSV_POINTER_BYTES, CSV_ROW_BYTES, RANGE_CELL_BYTES, RECORD_CELL_BYTES,
                                 XML_BYTE_BYTES, Limits)
from checker.io.shared_strings import _string_lengths, _strings_within, _walked_string_lengths, plain_match
from checker.io.sheet_extent import ExtentProbe, _walk_extent, quick_cell_pattern
from checker.io.sheet_xml import hidden_column_numbers, hidden_row_numbers, shown_values
from checker.io.workbook import _PANIC_REPORT, _refuse_dtd, read_workbook
from checker.io.xls_records import read_xls_records
from checker.runtime import _watchdog
from tests.conftest import FIXTURES, KAIGO_SPEC, VENDOR, panicking_xls, write_book
from tests.hostile.make_corpus import (biff_dimensions, biff_label, biff_labelsst, biff_number, biff_record,
                                       biff_sst, cfb_bytes, shared_string_copies_xlsx, sst_copies_xls, xls_bytes,
                                       xlsx_bytes)


def test_reads_xlsx_xls_csv_once_with_sha256():
    import hashlib
    for f in VENDOR.iterdir():
        wb = read_workbook(f)
        assert wb.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
        assert wb.sheets and all(s.rows for s in wb.sheets)


CELLS_HINT = "。正当なファイルなら環境変数 HYOJUN_MAX_CELLS で上限を上げられます"
TOTAL_ADVICE = "。不要なシートやセルを削除して保存し直してください" + CELLS_HINT
SPREADSHEETML = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook '
                 'xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell><Data>機能ID</Data>'
                 '</Cell></Row></Table></Worksheet></Workbook>').encode()


MHTML = (b'MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n'
         b'\r\n------=_NextPart_01\r\nContent-Location: file:///C:/x.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n'
         b'Content-Type: text/html; charset="utf-8"\r\n\r\n' + b"=20\r\n" * 1500
         + b'<html xmlns:o=3D"urn:schemas-microsoft-com:office:office"><body><table><tr><td>=E6=A9=9F=E8=83=BDID</td></tr>'
         b"</table></body></html>\r\n------=_NextPart_01--\r\n")


@pytest.mark.parametrize("name, data, message", [
    ("a.xlsx", b"%PDF-1.7 fake", "PDF"),
    ("a.xlsx", b"", "空のファイルです（0 バイト）"),
    ("a.csv", b"", "空のファイルです（0 バイト）"),
    ("a.xls", "<HTML><body><table><tr><td>機能ID</td></tr></table></body></HTML>".encode("cp932"), "中身は Web ページ（HTML）"),
    ("a.xls", b"\xef\xbb\xbf<!DOCTYPE html>\n<html>", "中身は Web ページ（HTML）"),
    ("a.xls", b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><!--[if gte mso 9]><xml><x:ExcelWorkbook>'
              b'<x:ExcelWorksheets/></x:ExcelWorkbook></xml><![endif]--><table x:str>', "中身は Web ページ（HTML）"),
    ("a.xls", b"<TABLE BORDER=1><TR><TD>0230101</TD></TR></TABLE>", "中身は Web ページ（HTML）"),
    ("a.xls", SPREADSHEETML, "中身は Excel 2003 XML スプレッドシート形式"),
    # Excel's 「単一ファイル Web ページ」 (MHTML), its page past the first 4 kB: it was read as a CSV without a table
    pytest.param("a.xls", MHTML, "中身は Web ページ（HTML）", id="mhtml"),
    ("a.xlsx", b"<?xml version='1.0'?><other/>", r"表計算ファイルではありません。\.xlsx"),
    ("a.xlsx", bytes(range(256)) * 4, r"表計算ファイルではありません。\.xlsx"),
    ("a.tsv", "機能ID\t回答\n0230001\t○\n".encode(), "中身はテキストです。区切り文字で書いた表なら拡張子を .csv に"),
    ("a.xlsx", b"PK\x03\x04" + b"\x00" * 40, "ファイルが壊れているか途中で切れている"),
    # Excel's password-protected .xlsx (whatever its name says)
    ("a.xls", cfb_bytes([("EncryptionInfo", b"\4\0\4\0"), ("EncryptedPackage", bytes(8))]), "パスワード"),
    # a compound file of neither: damaged, not told to remove a password it has not
    pytest.param("a.xls", cfb_bytes([("Other", bytes(8))]), "ファイルが壊れて", id="no-workbook-stream"),
])
def test_not_a_spreadsheet(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=message) as err:
        read_workbook(p)
    assert str(p) in str(err.value)


@pytest.mark.parametrize("name", ["a.xlsx", "a.xls", "a.xlsm"])
def test_text_saved_under_a_workbook_name_is_read_as_csv(tmp_path, name):
    """As old systems' 「Excel 出力」 write it: CP932 CSV text named .xls; read as if it were named .csv."""
    data = "機能ID,対応可否\r\n230001,○\r\n0230002,×\r\n".encode("cp932")
    (tmp_path / "a.csv").write_bytes(data)
    (tmp_path / name).write_bytes(data)
    book, as_csv = read_workbook(tmp_path / name), read_workbook(tmp_path / "a.csv")
    assert (book.format, book.encoding) == ("csv", "cp932")  # csv: ids whose leading 0 was dropped are padded
    assert [s.rows for s in book.sheets] == [s.rows for s in as_csv.sheets] == [
        [["機能ID", "対応可否"], ["230001", "○"], ["0230002", "×"]]]


@pytest.mark.parametrize("head, delimiter", [("sep=;\r\n", ";"), ("SEP=\t\n", "\t"), ("sep=,", ",")])
def test_a_csv_is_named_and_counted_as_excel_shows_it(tmp_path, head, delimiter):
    # Excel follows and hides the sep= line (the cells were a row low), and cuts the sheet's name to 31 characters
    name = "介護保険_第6.0版_機能要件回答書_株式会社テストシステムズ_再提出"
    p = tmp_path / f"{name}.csv"
    others = "x" + "".join(d for d in ",;\t" if d != delimiter) * 3  # what sniffing would take for the delimiter
    p.write_text(head + ("" if head.endswith("\n") else "\n") + delimiter.join(["機能ID", "対応可否", "備考"]) + "\n"
                 + delimiter.join(["0230101", "○", others]) + "\n", encoding="utf-8")
    (sheet,) = read_workbook(p).sheets
    assert sheet.name == name[:31] == "介護保険_第6.0版_機能要件回答書_株式会社テストシステムズ"
    assert sheet.rows == [["機能ID", "対応可否", "備考"], ["0230101", "○", others]]


def test_truncated_xls_is_named_damaged_in_japanese(tmp_path):
    p = tmp_path / "cut.xls"
    p.write_bytes((VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls").read_bytes()[:15104])
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (f"{p}: ブックを読めません。ファイルが壊れているか途中で切れている（保存・ダウンロード・コピーが"
                                 "途中で止まったなど）、または Excel 以外のファイルです。元のファイルを Excel で開けるか確かめ、"
                                 "開ければ Excel ブック（.xlsx）として保存し直してください")
    assert str(err.value.__cause__) == "a FAT sector beyond the file"  # why, for --debug


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.99])
def test_a_truncated_xlsx_is_said_to_be_cut_off(tmp_path, kept):
    """A download or copy stopped half-way loses the zip's directory: 「Excel で開いて保存し直して」 was the advice."""
    data = (VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").read_bytes()
    p = tmp_path / "cut.xlsx"
    p.write_bytes(data[:int(len(data) * kept)])
    with pytest.raises(InputError, match="^.*: ブックを読めません。ファイルが壊れているか途中で切れている（保存・ダウンロード・コピーが"):
        read_workbook(p)


def test_a_panic_in_calamine_is_the_damaged_workbook_error(tmp_path):
    """pyo3 raises a Rust panic as PanicException, a BaseException that `except Exception` let through as a traceback."""
    p = tmp_path / "壊れた.xls"
    p.write_bytes(panicking_xls())
    with pytest.raises(InputError, match="ブックを読めません。ファイルが壊れているか途中で切れている") as err:
        read_workbook(p)
    assert type(err.value.__cause__).__name__ == "PanicException"  # its text shows under --debug
    assert not isinstance(err.value.__cause__, Exception)


@pytest.mark.parametrize("backtrace", ["0", "1", "full"])
def test_rusts_report_of_a_panic_is_not_printed_before_the_japanese_error(tmp_path, capfd, monkeypatch, backtrace):
    """Rust prints a panic's report (with RUST_BACKTRACE set, 60-odd lines of backtrace) on fd 2 before pyo3 raises."""
    monkeypatch.setenv("RUST_BACKTRACE", backtrace)
    p = tmp_path / "壊れた.xls"
    p.write_bytes(panicking_xls())
    with pytest.raises(InputError):
        read_workbook(p)
    assert capfd.readouterr().err == ""


def test_only_the_panic_reports_are_dropped_from_the_held_text():
    """Rust prints its note for a process's first panic only: a later report is its line and its message, and
    the lines after it (another thread's traceback) were dropped with it. Another thread's line between a report's
    message and its backtrace keeps the backtrace rather than lose the line."""
    header = b"thread '<unnamed>' (7690) panicked at src/xls.rs:811:15:\nindex out of bounds: the len is 3 but the index is 5\n"
    note = b"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
    backtrace = b"stack backtrace:\n   0: rust_begin_unwind\n             at /rustc/library/std/src/panicking.rs:665:5\n"
    other = b"another thread's line\n"
    traceback = b"Traceback (most recent call last):\n  File x\nRuntimeError: real problem in another thread\n"
    assert _PANIC_REPORT.sub(b"", header + note + other + header + traceback) == other + traceback
    assert _PANIC_REPORT.sub(b"", header + backtrace + note + other + header + backtrace + traceback) == other + traceback
    assert _PANIC_REPORT.sub(b"", header + other + backtrace) == other + backtrace


def test_a_panic_report_without_a_thread_id_or_after_other_output_is_dropped_too():
    """Rust before 1.87 names no thread id; a report may follow another thread's line in what was held."""
    note = b"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
    assert _PANIC_REPORT.sub(b"", b"thread '<unnamed>' panicked at src/xls.rs:811:15:\nindex out of range\n" + note) == b""
    report = b"thread '<unnamed>' (7690) panicked at /cargo/calamine/src/xls.rs:811:15:\nrange end index 9 out of range\n"
    assert _PANIC_REPORT.sub(b"", b"other thread's line\n" + report + note) == b"other thread's line\n"


def test_the_held_text_is_written_out_whole_however_little_one_write_writes(monkeypatch, capfd):
    """One os.write may write part of what it is given (into a pipe, or when a signal comes): the rest was lost."""
    held = "another thread's line\n" * 40
    real_write, real_read = os.write, pc.CalamineWorkbook.from_filelike

    def noisy(data):
        real_write(2, held.encode())  # into the held file, whole
        return real_read(data)

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", noisy)
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:5])))  # at most 5 bytes a call
    assert read_workbook(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").sheets
    monkeypatch.undo()
    assert capfd.readouterr().err == held


def test_a_panic_like_text_of_a_read_that_succeeds_is_kept(monkeypatch, capfd):
    """Only a failed read's report is Rust's for the damaged file: what a successful read's time saw is written out."""
    report = "thread '<unnamed>' (7690) panicked at /cargo/calamine/src/xls.rs:811:15:\nrange end index 9 out of range\n"
    real = pc.CalamineWorkbook.from_filelike

    def noisy(data):
        os.write(2, report.encode())
        return real(data)

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", noisy)
    assert read_workbook(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").sheets
    assert capfd.readouterr().err == report


def test_the_panic_report_is_held_while_another_thread_runs(tmp_path, capfd, monkeypatch):
    """A script's or a test suite's thread left running: the main thread's read still holds the report (a rule of
    reading with no other thread alive printed it)."""
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    p = tmp_path / "壊れた.xls"
    p.write_bytes(panicking_xls())
    end = threading.Event()
    thread = threading.Thread(target=end.wait, args=(30,))
    thread.start()
    try:
        with pytest.raises(InputError):
            read_workbook(p)
    finally:
        end.set()
        thread.join(30)
    assert capfd.readouterr().err == ""


def test_what_is_written_on_stderr_while_a_readable_book_is_read_is_kept(monkeypatch, capfd):
    real = pc.CalamineWorkbook.from_filelike

    def noisy(data):
        os.write(2, "注意の出力\n".encode())
        return real(data)

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", noisy)
    assert read_workbook(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").sheets
    assert capfd.readouterr().err == "注意の出力\n"


def test_reads_in_threads_leave_standard_error_where_it_was(monkeypatch, capfd):
    """Each read swapped fd 2 (the whole process's) for a temporary file and back: the second of two overlapping
    reads put back the first one's file, deleted by then, and all later standard error was lost, tracebacks too."""
    real = pc.CalamineWorkbook.from_filelike
    first_inside, second_inside = threading.Event(), threading.Event()
    book = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
    threads = [threading.Thread(target=read_workbook, args=(book,)) for _ in range(2)]

    def overlapping(data):
        if threading.current_thread() is threads[0]:
            first_inside.set()
            second_inside.wait(30)  # the second read starts while the first goes on…
        else:
            second_inside.set()
            threads[0].join(30)  # …and ends after it
        return real(data)

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", overlapping)
    before = os.fstat(2)
    threads[0].start()
    first_inside.wait(30)
    threads[1].start()
    for thread in threads:
        thread.join(30)
    after = os.fstat(2)
    assert (after.st_dev, after.st_ino, after.st_nlink) == (before.st_dev, before.st_ino, before.st_nlink)
    os.write(2, "後の出力\n".encode())
    assert capfd.readouterr().err == "後の出力\n"


def test_what_another_thread_writes_while_a_damaged_book_is_read_is_kept(tmp_path, monkeypatch, capfd):
    """The read held fd 2 for the whole process: a service's log written meanwhile was dropped with the error."""
    real = pc.CalamineWorkbook.from_filelike
    write, written, end = threading.Event(), threading.Event(), threading.Event()

    def other() -> None:
        write.wait(30)
        os.write(2, "ほかのスレッドの出力\n".encode())
        written.set()
        end.wait(30)

    def meanwhile(data):
        write.set()
        written.wait(30)
        return real(data)

    p = tmp_path / "壊れた.xls"
    p.write_bytes(panicking_xls())
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", meanwhile)
    thread = threading.Thread(target=other)
    thread.start()
    try:
        with pytest.raises(InputError, match="ブックを読めません"):
            read_workbook(p)
    finally:
        end.set()
        thread.join(30)
    assert "ほかのスレッドの出力\n" in capfd.readouterr().err


def test_the_panic_report_is_held_while_the_windows_time_limit_runs(tmp_path, capfd, monkeypatch):
    """Its timer thread is hyojun's own and writes nothing: the read still has the process to itself."""
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    p = tmp_path / "壊れた.xls"
    p.write_bytes(panicking_xls())
    with _watchdog(60), pytest.raises(InputError):
        read_workbook(p)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), SystemExit(1), TimeLimitError("処理時間が上限…")])
@pytest.mark.parametrize("step", ["from_filelike", "get_sheet_by_name"])
def test_an_interrupt_while_calamine_reads_is_not_taken_for_damage(monkeypatch, stop, step):
    real = pc.CalamineWorkbook.from_filelike

    class Stopping:
        def __init__(self, book: pc.CalamineWorkbook) -> None:
            self.sheets_metadata = book.sheets_metadata

        def get_sheet_by_name(self, name: str) -> None:
            raise stop

    def from_filelike(filelike: io.BytesIO) -> object:
        if step == "from_filelike":
            raise stop
        return Stopping(real(filelike))

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", from_filelike)
    with pytest.raises(type(stop)) as err:
        read_workbook(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx")
    assert err.value is stop


def test_a_failure_of_our_own_while_reading_a_sheet_is_not_taken_for_damage(monkeypatch):
    """Only calamine's calls are taken for a damaged file: a bug between them was told as 「ファイルが壊れています」."""
    import checker.io.workbook as workbook
    bug = RuntimeError("a bug")

    def failing(*_args: object) -> None:
        raise bug

    monkeypatch.setattr(workbook, "_put_shown", failing)
    with pytest.raises(RuntimeError) as err:
        read_workbook(FIXTURES / "formulas" / "errors_xlwt.xls")  # its error values are put in
    assert err.value is bug


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="見つかりません"):
        read_workbook(tmp_path / "nope.xlsx")
    with pytest.raises(InputError, match="フォルダ"):
        read_workbook(tmp_path)


def test_a_file_that_is_there_but_cannot_be_opened_is_an_input_error(monkeypatch):
    """Locked by another program or denied by its ACL: stat() succeeds, the open fails (a PermissionError ended a batch)."""
    book = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"

    def denied(path, *_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(InputError) as err:
        read_workbook(book)
    assert str(err.value).startswith(f"{book}: アクセスできません（")


def test_zip_bomb_refused_before_inflating(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError) as err:
        read_workbook(p)
    ratio = 30 * 1024 * 1024 // next(i.compress_size for i in zipfile.ZipFile(p).infolist() if "sheet1" in i.filename)
    assert err.value.message == (f"{p}: xl/worksheets/sheet1.xml の圧縮率が異常です（{ratio:,} 倍、上限 200 倍）。zip 爆弾の可能性が"
                                 "あるため読み込みを中止しました。正当なファイルなら環境変数 HYOJUN_MAX_COMPRESSION_RATIO で上限を上げられます")
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_uncompressed_bytes=1024 * 1024, max_compression_ratio=10**9))
    assert err.value.message == (f"{p}: 展開後のサイズが上限を超えます（{30 * 1024 * 1024 + 8:,} バイト、上限 1,048,576 バイト）。"
                                 "zip 爆弾の可能性があるため読み込みを中止しました。"
                                 "正当なファイルなら環境変数 HYOJUN_MAX_UNCOMPRESSED_BYTES で上限を上げられます")


def test_the_zip_limits_hold_from_one_byte_past_them(tmp_path):
    """A member of 1 MB however well compressed, and members inflating to the limit exactly, are read: the ratio
    holds from 1 MB and a byte (a 1 MB worksheet of blanks compresses 1,000 times), the size from a byte past it."""
    sheet = _sheet("").encode()
    for size, refused in ((1024 * 1024, False), (1024 * 1024 + 1, True)):
        p = tmp_path / f"{size}.xlsx"
        p.write_bytes(xlsx_bytes([("回答", sheet + b" " * (size - len(sheet)))]))
        if refused:
            with pytest.raises(InputError, match="sheet1.xml の圧縮率が異常です"):
                read_workbook(p)
        else:
            assert read_workbook(p).sheets[0].rows == [["見出し"]]
    total = sum(i.file_size for i in zipfile.ZipFile(p).infolist())
    assert read_workbook(p, Limits(max_uncompressed_bytes=total, max_compression_ratio=10**9)).sheets[0].rows == [["見出し"]]
    with pytest.raises(InputError, match=f"展開後のサイズが上限を超えます（{total:,} バイト"):
        read_workbook(p, Limits(max_uncompressed_bytes=total - 1, max_compression_ratio=10**9))


def test_a_stored_member_larger_than_its_declared_size_is_refused(tmp_path):
    """Stored, not deflated: its bytes are there to count, and more of them than the directory declares is the same lie
    as a deflated member inflating past its size (the sizes summed against the limit are the declared ones)."""
    data = bytearray(xlsx_bytes([("回答", _sheet(""))], compression=zipfile.ZIP_STORED))
    name = b"xl/worksheets/sheet1.xml"
    central = next(at for at in range(len(data)) if data.startswith(b"PK\x01\x02", at) and data.startswith(name, at + 46))
    struct.pack_into("<I", data, central + 24, 100)  # the directory's uncompressed size
    p = tmp_path / "回答.xlsx"
    p.write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (f"{p}: xl/worksheets/sheet1.xml の展開後のサイズが zip に記録された値（100 バイト）を超えます。"
                                 "zip 爆弾の可能性があるため読み込みを中止しました")


def _damaged_directory(damage: str) -> bytes:
    """The sample .xlsx with one field of its zip directory changed, as a flipped byte or a hostile file leaves it."""
    data = bytearray((VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").read_bytes())
    end = data.rindex(b"PK\x05\x06")  # the end record: ..., the directory's size and offset at +12 and +16
    size, offset = struct.unpack_from("<II", data, end + 12)
    if damage == "directory offset":  # zipfile shifts every member by the difference, to before the file's start
        struct.pack_into("<I", data, end + 16, offset + 100)
    elif damage == "local header offset":  # of the first member (a central header holds it at +42)
        struct.pack_into("<I", data, offset + 42, 0xFFFFFFF0)
    elif damage == "name not UTF-8":  # flagged UTF-8 (bit 11 of the flags at +8), its first byte 0xFE
        struct.pack_into("<H", data, offset + 8, struct.unpack_from("<H", data, offset + 8)[0] | 0x800)
        data[offset + 46] = 0xFE
    elif damage == "member past the end":  # its compressed size (+20) beyond the file
        struct.pack_into("<I", data, offset + 20, len(data))
    return bytes(data)


@pytest.mark.parametrize("damage", ["directory offset", "local header offset", "name not UTF-8", "member past the end"])
def test_a_damaged_zip_directory_is_a_damaged_file(tmp_path, damage):
    """zipfile raised ValueError (a negative seek), UnicodeDecodeError or, in our own inflating, struct.error.

    Said as a cut-off file: what a damaged directory almost always is (a copy or download stopped half-way), which
    Excel cannot open either (「Excel で開いて保存し直して」 could not be followed)."""
    p = tmp_path / "回答.xlsx"
    p.write_bytes(_damaged_directory(damage))
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message.startswith(f"{p}: ブックを読めません。ファイルが壊れているか途中で切れている（")
    assert _refuse_dtd(p, p.read_bytes()) is None  # after calamine fails: its message stands


def test_row_and_size_limits(tmp_path):
    with pytest.raises(InputError, match="行数が上限"):
        read_workbook(KAIGO_SPEC, Limits(max_rows=100))
    with pytest.raises(InputError, match="大きすぎます"):
        read_workbook(KAIGO_SPEC, Limits(max_file_bytes=1000))


def test_a_sheet_at_the_row_and_cell_limits_is_read_and_one_past_them_refused(tmp_path):
    p = write_book(tmp_path / "回答.xlsx", {"回答": [["機能ID", "回答"], ["0230101", "○"], ["0230102", "×"]]})
    assert read_workbook(p, Limits(max_rows=3, max_cells=6)).sheets[0].rows[2] == ["0230102", "×"]
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_rows=2))
    assert err.value.message == (f"{p}: シート「回答」の行数が上限を超えます（3 行、上限 2 行）。"
                                 "正当なファイルなら環境変数 HYOJUN_MAX_ROWS で上限を上げられます")


def test_a_csv_past_the_row_limit_says_where_it_stopped_and_how_to_raise_the_limit(tmp_path):
    p = tmp_path / "回答.csv"
    p.write_text("機能ID,回答\n0230101,○\n0230102,×\n", "utf-8")
    assert read_workbook(p, Limits(max_rows=3)).sheets[0].rows[2] == ["0230102", "×"]
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_rows=2))
    assert err.value.message == (f"{p}: 行数が上限を超えます（上限 2 行。3 行目で読み込みを止めました）。"
                                 "正当なファイルなら環境変数 HYOJUN_MAX_ROWS で上限を上げられます")


def test_hidden_row_numbers_only_from_row_tags():
    xml = (b'<worksheet><sheetData><row r="2" spans="1:3" hidden="1"><c r="A2"><v>1</v></c></row>'
           b'<x:row r="7" hidden="true"/><row r="8" hidden="0"/><row r="9" customHeight="1" xhidden="1"/>'
           b'<row r="10"><c r="A10" t="inlineStr"><is><t>hidden="1"</t></is></c></row>'
           b'<rowBreaks hidden="1"/><col hidden="1"/></sheetData></worksheet>')
    assert hidden_row_numbers(xml) == {1, 6}


def test_a_row_of_height_0_and_a_column_of_width_0_are_hidden():
    """An export tool's way to hide them (no hidden="1"): Excel shows neither, lint said nothing."""
    xml = (b'<worksheet><cols><col min="3" max="3" width="0" customWidth="1"/><col min="4" max="4" width="0.5"/></cols>'
           b'<sheetData><row r="2" ht="0" customHeight="1"/><row r="3" ht="0.0" customHeight="true"/>'
           b'<row r="4" ht="0"/><row r="5" ht="05" customHeight="1"/><row r="6" customHeight="0" ht="0"/></sheetData></worksheet>')
    assert (hidden_row_numbers(xml), hidden_column_numbers(xml)) == ({1, 2}, {2})


def test_hidden_column_numbers_from_the_cols_before_the_cells():
    xml = (b'<worksheet><x:cols><col min="2" max="3" width="0" hidden="1"/><col min="5" max="5" hidden="true"/>'
           b'<col min="6" max="6" hidden="0"/><col min="7" max="99999999" hidden="1"/><col min="x" max="8" hidden="1"/>'
           b'</x:cols><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><cols><col min="1" max="1" hidden="1"/></cols>'
           b'</t></is></c></row></sheetData></worksheet>')
    assert hidden_column_numbers(xml) == {1, 2, 4, *range(6, 16384)}  # up to XFD, and not from a cell's text
    assert hidden_column_numbers(b"<worksheet><cols>" + b"<cols " * 100_000 + b"<sheetData/>") == frozenset()
    # 200,000 tags each hiding every column: one span counted once (it was 3 billion set insertions), overlaps merged
    many = b'<col min="1" max="16384" hidden="1"/>' * 200_000 + b'<col min="3" max="20" hidden="1"/>'
    assert hidden_column_numbers(b"<worksheet><cols>" + many + b"</cols><sheetData/>") == frozenset(range(16384))
    overlapping = b'<col min="3" max="5" hidden="1"/><col min="2" max="4" hidden="1"/><col min="9" max="9" hidden="1"/>'
    from checker.io.cells import covered  # the .xls COLINFO records go through it too
    assert covered([(0, 256)] * 1_000_000) == frozenset(range(256)) and covered([]) == frozenset()
    assert hidden_column_numbers(b"<worksheet><cols>" + overlapping + b"</cols><sheetData/>") == {1, 2, 3, 4, 8}


def test_very_hidden_sheets_and_hidden_columns_of_a_workbook(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["機能ID", "対応可否"])
    wb.active.column_dimensions["B"].hidden = True
    for name, state in (("隠し", "hidden"), ("VBAでのみ", "veryHidden")):
        wb.create_sheet(name).sheet_state = state
    p = tmp_path / "v.xlsx"
    wb.save(p)
    sheets = read_workbook(p).sheets
    assert [(s.hidden, s.very_hidden, s.hidden_columns) for s in sheets] == [
        (False, False, {1}), (True, False, set()), (True, True, set())]
    assert read_workbook(p, hidden_rows=False).sheets[0].hidden_columns == frozenset()



@pytest.mark.parametrize("filler", [b"", b'<c r="B{r}" t="inlineStr"><is><t>hhh</t></is></c>'])
def test_hidden_rows_of_a_large_sheet_are_found_whether_an_h_is_rare_or_not(filler):
    """A large sheet is searched by hopping from one "h" to the next while they are rare (a sheet's texts are in the
    shared strings), else flag by flag: both find the same rows."""
    hidden = {7: b' hidden="1"', 4000: b' hidden="true"', 10: b' ht="0" customHeight="1"', 11: b' hidden="0"'}
    rows = b"".join(b'<row r="%d" spans="1:2"%s><c r="A%d"><v>1</v></c>%s</row>' % (
        r, hidden.get(r, b""), r, filler.replace(b"{r}", b"%d" % r)) for r in range(1, 5001))
    xml = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    assert len(xml) > 100_000
    assert hidden_row_numbers(xml) == {6, 3999, 9}

@pytest.mark.parametrize("filler", [b"", b'<c r="C{r}" t="inlineStr"><is><t>fee</t></is></c>'])
@pytest.mark.parametrize("marked", [[], [3], [1, 4999], [4000]])
def test_error_values_and_formulas_of_a_large_sheet_are_found_whether_f_and_e_are_rare_or_not(filler, marked):
    """shown_values looks for </f> and t="e" by hopping between the rare "f" and "e" of a sheet's XML, else (a sheet
    full of them) by one search each: both find the same cells, a marker at the first row or the last included."""
    marks = {r: b'<c r="B%d" t="e"><v>#N/A</v></c><c r="D%d"><f>A%d*2</f></c>' % (r, r, r) for r in marked}
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c>%s%s</row>' % (
        r, r, marks.get(r, b""), filler.replace(b"{r}", b"%d" % r)) for r in range(1, 5001))
    xml = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    assert len(xml) > 100_000
    expected = {(r - 1, c): shown for r in marked for c, shown in ((1, "#N/A"), (3, f"=A{r}*2"))}
    assert shown_values(xml) == expected
    assert shown_values(b'<c r="A1" t="e"><v>#N/A</v></c>') == {(0, 0): "#N/A"}  # t="e" of the first tag


def test_formulas_saved_as_the_number_0_are_found_apart_from_what_is_shown():
    """xlsxwriter and LibreOffice save 0 as the result of a formula they did not calculate: calamine reads the 0, the
    cell is a formula's (Sheet.formulas). Not a text "0" (t="str"), FALSE (t="b"), another number, nor a formula saved
    without result (shown as "=…")."""
    xml = (b'<sheetData><row r="1"><c r="A1"><f>IF(1=1,"x","")</f><v>0</v></c><c r="B1" s="0" t="n"><f aca="false">1-1</f>'
           b'<v>0</v></c><c r="C1" t="str"><f>"0"</f><v>0</v></c><c r="D1" t="b"><f>1=2</f><v>0</v></c>'
           b'<c r="E1"><f>1</f><v>1</v></c><c r="F1"><f>2*3</f></c><c r="G1"><v>0</v></c></row></sheetData>')
    zeros: set[tuple[int, int]] = set()
    assert shown_values(xml, zeros) == {(0, 5): "=2*3"}
    assert zeros == {(0, 0), (0, 1)}


def test_hidden_row_numbers_stay_linear_on_a_text_full_of_flags():
    """Each flag looks a bounded distance for its tag; searching the whole text each time would take minutes."""
    text = b' hidden="1"' * 400_000
    xml = b'<sheetData><row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>' + text + b"</t></is></c></row></sheetData>"
    assert hidden_row_numbers(xml) == {2}


# ---------------------------------------------------------------- a cell far from the others

def no_calamine(*args: object) -> None:
    raise AssertionError("calamine was asked to load the workbook")


def _sheet(cells: str) -> str:
    """A worksheet whose <sheetData> holds *cells* after an A1 that says 見出し."""
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f'<row r="1"><c r="A1" t="inlineStr"><is><t>見出し</t></is></c></row>{cells}</sheetData></worksheet>')


def _book(tmp_path, *sheets: tuple[str, str], name: str = "回答.xlsx"):
    p = tmp_path / name
    p.write_bytes(xlsx_bytes(list(sheets)))
    return p


def test_a_value_in_xfd1048576_is_refused_before_calamine_allocates_the_range(tmp_path):
    """Loading this sheet asks calamine for 549 GB and aborts the process (Rust alloc error, exit 134),
    so the read runs in a child: it must end with an InputError naming sheet, cell and range, quickly."""
    p = _book(tmp_path, ("機能", _sheet('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>.</t></is></c></row>')))
    code = ("from checker.errors import InputError\nfrom checker.io.workbook import read_workbook\n"
            f"try:\n    read_workbook({str(p)!r})\nexcept InputError as e:\n    print(e)\n")
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "HYOJUN_MAX_CELLS": ""})
    assert child.returncode == 0, child.stderr[-500:]
    assert child.stdout.strip() == (
        f"{p}: シート「機能」のセル XFD1048576 に値があるため、表の範囲が 1,048,576 行 × 16,384 列（17,179,869,184 セル）"
        "になり、セル数が上限（2,000 万セル、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください" + CELLS_HINT)


@pytest.mark.parametrize("hidden_rows", [True, False])  # False: the readiness reader's way
def test_far_value_message_names_sheet_and_cells_and_the_limit(tmp_path, hidden_rows):
    p = _book(tmp_path, ("表紙", _sheet("")), ("回答", _sheet('<row r="2"><c r="Z2"><v>1</v></c></row>'
                                                            '<row r="500" hidden="1"><c r="B500"><v>1</v></c></row>')))
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_cells=10_000), hidden_rows=hidden_rows)
    assert str(err.value) == (f"{p}: シート「回答」のセル B500 と Z2 に値があるため、表の範囲が 500 行 × 26 列（13,000 セル）"
                              "になり、セル数が上限（1 万セル、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください" + CELLS_HINT)


@pytest.mark.parametrize("cells", [
    '<row r="9"><c r="XFD9"><v>1</v></c></row>',  # Excel's own cell
    '<row r="9"><c r="xfd9"><v>1</v></c></row>',  # calamine reads letters of either case
    '<row r="9"><c r="A9" r="XFD9"><v>1</v></c></row>',  # calamine takes the last r
    '<row r="9"><c r="A9"r="XFD9"><v>1</v></c></row>',
    '<row r="9"><c r="A9" r = "XFD9"><v>1</v></c></row>',
    '<row r="9"><c r="A9" x="><v>" r="XFD9"><v>1</v></c></row>',  # a value quick-xml reads past
    '<row r="9"><c s="1" r="XFD9"><v>1</v></c></row>',
    "<row r='9'><c r='XFD9'><v>1</v></c></row>",
    '<row r="9"><c\nr="XFD9"><v>1</v></c></row>',
    '<row r="9"><x:c r="XFD9"><x:v>1</x:v></x:c></row>',  # calamine reads any prefix
    '<row r="9"><c r="XFC9" s="1"/><c><v>1</v></c></row>',  # no r: one column after the previous cell
    '<row r="9"><c r="XFC9" s="1"/><x:c><v>1</v></x:c></row>',
    '<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c><c r="XFD9" t="str"><f>"a"</f><v>a</v></c></row>',
])
def test_far_values_are_found_however_calamine_places_them(tmp_path, cells):
    """Each spelling puts a value in XFD9 (9 × 16,384 cells) for calamine; none may slip past the limit."""
    p = _book(tmp_path, ("回答", _sheet(cells)))
    with pytest.raises(InputError, match=r"シート「回答」のセル XFD9 に値があるため、表の範囲が 9 行 × 16,384 列"):
        read_workbook(p, Limits(max_cells=100_000))


def test_a_far_value_in_a_stored_member_is_found_too(tmp_path):
    """A worksheet stored without compression is scanned in 1 MB steps as well: the value is at the end."""
    rows = "".join(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>{"備考" * 700}</t></is></c></row>' for r in range(2, 300))
    p = tmp_path / "回答.xlsx"
    p.write_bytes(xlsx_bytes([("回答", _sheet(rows + '<row r="300"><c r="XFD300"><v>1</v></c></row>'))],
                             compression=zipfile.ZIP_STORED))
    assert p.stat().st_size > 1 << 20
    with pytest.raises(InputError, match="シート「回答」のセル XFD300 に値があるため"):
        read_workbook(p, Limits(max_cells=1_000_000))


@pytest.mark.parametrize("cells", [
    '<row r="1048576"><c r="XFD1048576" s="3"/></row>',  # style only: calamine keeps no cell
    '<row r="9"><!-- <c r="XFD1048576"><v>1</v></c> --><c r="B9" t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>',
    '<row r="9"><c r="B9" t="inlineStr"><is><t><![CDATA[<c r="XFD1048576"><v>1</v></c>]]></t></is></c><c><v>1</v></c></row>',
])
def test_what_calamine_does_not_read_as_a_far_value_is_read(tmp_path, cells):
    p = _book(tmp_path, ("回答", _sheet(cells)))
    sheet = read_workbook(p, Limits(max_cells=100)).sheets[0]
    assert sheet.rows[0][0] == "見出し" and len(sheet.rows) <= 9 and len(sheet.rows[0]) <= 3


@pytest.mark.parametrize("cells", [
    '<row r="5"><c r="C5"><v>1</v></c></row>',
    '<row r="5"><c r="A5"><v>1</v></c><c><v>1</v></c><c s="2"/><c><v>1</v></c></row>',
    '<row r="5"></row><row><c r="B6"><v>1</v></c></row><row><c><v>1</v></c></row>',
    '<row r="7"/><row><c r="B8"><v>1</v></c></row>',
    '<row r="5"><c r="B5" t="inlineStr"><is><row/><t>x</t></is></c><c><v>1</v></c></row>',
    '<row r="5"><c r="C5" t="b"><v>1</v></c><c r="D5" t="inlineStr"><is><t></t></is></c></row>',
    '<row/><row/><row><c><v>1</v></c></row>',  # an empty row counts, self-closing too
    '<row r="3"><c r="E3"></c><c r="B3"><v>1</v></c></row>',  # a cell without a value is not kept
])
def test_the_exact_walk_places_cells_as_calamine_does(cells):
    xml = _sheet(cells).encode()
    with_ref = xlsx_bytes([("S", xml)])
    ws = pc.CalamineWorkbook.from_filelike(io.BytesIO(with_ref)).get_sheet_by_name("S")
    extent = _walk_extent(xml)
    assert extent is not None and (extent.rows, extent.cols) == (ws.end[0] + 1, ws.end[1] + 1)


def test_quick_scan_reads_the_xml_in_pieces_as_a_whole():
    """The zip check feeds 1 MB steps: a cell tag cut anywhere between two steps is still judged whole."""
    pattern = quick_cell_pattern(Limits().max_cells)
    near = _sheet("".join(f'<row r="{r}"><c r="B{r}" s="1" t="s"><v>{r}</v></c><c r="C{r}"/></row>' for r in range(2, 40)))
    far = near.replace('<c r="C17"/>', '<c r="C17" r="XFD1048576"><v>1</v></c>')
    prefixed = near.replace('<c r="C17"/>', '<x:c r="C17"/>')  # one cell calamine reads that the quick scan cannot clear
    for xml, clear in ((near.encode(), True), (far.encode(), False), (prefixed.encode(), False)):
        # every cut of the tags near a step's end, where a piece's last bytes are judged with the next piece's first
        for step in (1, 7, *range(256, 600), len(xml)):
            probe = ExtentProbe(pattern)
            for i in range(0, len(xml), step):
                probe.feed(xml[i:i + step])
            assert probe.close() is clear, step


def test_the_cell_limit_over_several_sheets_names_the_sheet_that_passes_it(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="J{r}"><v>1</v></c></row>' for r in range(2, 61))
    p = _book(tmp_path, ("一", _sheet(rows)), ("二", _sheet(rows)))
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_cells=1000))
    assert str(err.value) == f"{p}: シート「二」までの表の範囲の合計が 1,200 セルになり、セル数が上限（1,000 セル、HYOJUN_MAX_CELLS）を超えます" + TOTAL_ADVICE


SST = '<?xml version="1.0" encoding="UTF-8"?>{}<si><t>○</t></si></sst>'
SST_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("sst", [
    f'<sst {SST_NS} count="4000000000" uniqueCount="4000000000">',  # a 2 KB file asked calamine for 96 GB
    f'<sst {SST_NS} uniqueCount = "0000000000000400">',  # calamine reads spaces around =, and leading zeros
    f"<sst {SST_NS} uniqueCount='400'>",
    '<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="400">',
])
def test_shared_strings_declaring_more_than_they_hold_are_refused_before_calamine(tmp_path, monkeypatch, sst):
    """calamine reserves 24 bytes per declared string before reading one (<si></si> is 9 bytes at least)."""
    xml = SST.format(sst).replace("</sst>", "</x:sst>" if sst.startswith("<x:") else "</sst>")
    p = tmp_path / "回答.xlsx"
    p.write_bytes(xlsx_bytes([("回答", _sheet('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'))], shared=xml))

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message.startswith(f"{p}: xl/sharedStrings.xml に記録された文字列の数（")
    assert f"）が、この部品の大きさ（{len(xml.encode()):,} バイト）で書ける数を超えます。ファイルが壊れているか" in err.value.message


def test_shared_strings_are_held_to_the_cell_limit(tmp_path):
    sst = f'<sst {SST_NS} count="{{}}" uniqueCount="{{}}">' + "<si><t>○</t></si>" * 20
    p = tmp_path / "回答.xlsx"
    for unique, total in ((21, 21), (1, 101)):
        p.write_bytes(xlsx_bytes([("回答", _sheet(""))], shared=SST.format(sst.format(total, unique))))
        with pytest.raises(InputError) as err:
            read_workbook(p, Limits(max_cells=100 if total > unique else 20))
        assert err.value.message.endswith(f"xl/sharedStrings.xml に記録された文字列の数（{max(unique, total):,}）が、"
                                          f"セル数の上限（{100 if total > unique else 20} セル、HYOJUN_MAX_CELLS）を超えます" + CELLS_HINT)
    p.write_bytes(xlsx_bytes([("回答", _sheet(""))], shared=SST.format(sst.format(20, 20))))
    assert read_workbook(p, Limits(max_cells=20)).sheets[0].rows == [["見出し"]]


def test_far_values_over_several_sheets_are_refused_before_loading_any(tmp_path, monkeypatch):
    """Each sheet fits, together they do not: refused from the XML, so calamine is never asked."""
    far = _sheet('<row r="50"><c r="XFD50"><v>1</v></c></row>')  # 50 × 16,384 = 819,200 cells
    p = _book(tmp_path, ("一", far), ("表紙", _sheet("")), ("二", far))

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_cells=1_000_000))
    assert str(err.value) == (f"{p}: シート「二」までの表の範囲の合計が 1,638,400 セルになり、"
                              "セル数が上限（100 万セル、HYOJUN_MAX_CELLS）を超えます" + TOTAL_ADVICE)


def test_xls_sheet_over_the_cell_limit_names_sheet_and_corner():
    """.xls stops at IV65536 (16.8 million cells), under the default limit: checked once read."""
    xls = VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"
    with pytest.raises(InputError) as err:
        read_workbook(xls, Limits(max_cells=1000))
    assert str(err.value) == (f"{xls}: シート「回答一覧」の値が G207 の位置まであるため、表の範囲が 207 行 × 7 列（1,449 セル）"
                              "になり、セル数が上限（1,000 セル、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください" + CELLS_HINT)


SAMPLE_XLS = VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"


@pytest.mark.parametrize("rows", [0xFFFFFFFF, 0x2000000, 65537])
def test_an_xls_declaring_rows_beyond_the_format_is_refused_before_calamine(tmp_path, monkeypatch, rows):
    """calamine reserves the rows × columns of a DIMENSIONS record before reading a cell: 0xFFFFFFFF rows of the
    30 KB sample asked for 1.2 TB and aborted the process (SIGABRT), 2^25 rows for 9.4 GB."""
    data = SAMPLE_XLS.read_bytes()
    at = data.index(b"\x00\x02\x0e\x00") + 4  # the sheet's DIMENSIONS record: rows 0–207, columns 0–7
    assert struct.unpack_from("<IIHH", data, at) == (0, 207, 0, 7)
    p = tmp_path / "回答.xls"
    p.write_bytes(data[:at + 4] + struct.pack("<I", rows) + data[at + 8:])
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError, match="ブックを読めません。ファイルが壊れているか途中で切れている") as err:
        read_workbook(p)
    assert str(err.value.__cause__) == f"DIMENSIONS of rows 0–{rows} and columns 0–7"


def test_an_xls_declaring_more_cells_than_the_limit_is_refused_before_calamine(tmp_path, monkeypatch):
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", [biff_dimensions(0, 60000, 0, 200), biff_label(0, 0, "機能ID")])]))
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_cells=10_000_000))
    assert err.value.message == (f"{p}: シート「回答」のファイルに記録された使用範囲（DIMENSIONS）では、表の範囲が 60,000 行 × 200 列"
                                 "（12,000,000 セル）になり、セル数が上限（1,000 万セル、HYOJUN_MAX_CELLS）を超えます。"
                                 "不要なセルを削除して保存し直してください" + CELLS_HINT)


@pytest.mark.parametrize("far", [
    biff_label(3000, 0xFFFF, "."),  # a BIFF cell names any of 65,536 columns: 3,001 × 65,536 cells, 6.3 GB
    biff_record(0x00BD, struct.pack("<HH", 3000, 0xFFFE) + struct.pack("<HI", 0, 2) * 4 + struct.pack("<H", 1)),  # MULRK
    biff_record(0x00FD, struct.pack("<HHHI", 3000, 0xFFFF, 0, 0)),  # LABELSST
    biff_record(0x0006, struct.pack("<HHHd", 3000, 0xFFFF, 0, 1.0) + b"\0" * 6),  # a FORMULA's cached value
], ids=["LABEL", "MULRK", "LABELSST", "FORMULA"])
def test_an_xls_cell_beyond_the_limit_is_refused_before_calamine(tmp_path, monkeypatch, far):
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", [biff_label(0, 0, "機能ID"), far])]))
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message.startswith(f"{p}: シート「回答」の値が ")
    assert "3,001 行 × 65,5" in err.value.message and "HYOJUN_MAX_CELLS" in err.value.message


def test_xls_sheets_over_the_limit_together_are_refused_before_calamine(tmp_path, monkeypatch):
    """calamine builds every sheet as it opens the file: the total is checked before, as for .xlsx."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([(name, [biff_number(0, 0, 1), biff_number(59_999, 199, 2)]) for name in ("一", "二")]))
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_cells=20_000_000))
    assert err.value.message == (f"{p}: シート「二」までの表の範囲の合計が 24,000,000 セルになり、"
                                 "セル数が上限（2,000 万セル、HYOJUN_MAX_CELLS）を超えます" + TOTAL_ADVICE)


def test_an_xls_writing_one_cell_over_and_over_is_refused(tmp_path, monkeypatch):
    """calamine holds every cell record before building the range: 40 bytes each, however small the range."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", [biff_number(0, 0, 1)] * 2000)]))
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError, match="ブックを読めません"):
        read_workbook(p, Limits(max_cells=1000))


def test_an_xls_sheets_formula_cells_are_not_copied(monkeypatch):
    """The cells of an .xls sheet's FORMULA records are the set the records gave (each a tuple: 100 MB a million),
    not a frozenset of it, and not its union with the formulas put in from shown texts."""
    import checker.io.workbook as workbook
    read = []
    monkeypatch.setattr(workbook, "read_xls_records", lambda *a, **k: read.append(read_xls_records(*a, **k)) or read[-1])
    sheet = read_workbook(FIXTURES / "formulas" / "stale_results_libreoffice.xls").sheets[0]
    assert sheet.formulas == {(1, 2), (1, 3), (2, 2)} and sheet.formulas is read[0].formulas[sheet.name]


def test_an_excel_95_workbook_is_read_and_held_to_the_limit(tmp_path):
    """BIFF5 (the "Book" stream): calamine reads it; its sheet names are in the workbook's code page."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", [biff_number(0, 0, 1), biff_number(3, 2, 2.5)])], biff5=True))
    assert read_workbook(p).sheets[0].rows == [[1.0, "", ""], ["", "", ""], ["", "", ""], ["", "", 2.5]]
    with pytest.raises(InputError, match="シート「回答」の値が C4 の位置まであるため"):
        read_workbook(p, Limits(max_cells=11))


ENCRYPTED_WORD = "暗号化ファイル（EncryptedPackage形式）にも対応"  # saved in UTF-16, as any text beyond Latin-1


@pytest.mark.parametrize("records, globals_", [
    ([biff_label(0, 0, "備考"), biff_label(1, 0, ENCRYPTED_WORD)], []),
    ([biff_label(0, 0, "備考"), biff_labelsst(1, 0, 0)], biff_sst([ENCRYPTED_WORD])),  # as Excel and LibreOffice save it
], ids=["label", "sst"])
def test_an_xls_whose_text_names_the_encrypted_stream_is_read(tmp_path, records, globals_):
    """The stream an encrypted .xlsx keeps its package in is named in the compound file's directory: the file's bytes
    searched for the name, a cell's text was taken for it, and an unprotected file refused as password-protected."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", records)], globals_))
    assert read_workbook(p).sheets[0].rows == [["備考"], [ENCRYPTED_WORD]]


def test_an_xls_holding_another_files_encrypted_stream_is_read(tmp_path):
    """A workbook stream is read whatever else the compound file holds (an embedded object's streams)."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", [biff_number(0, 0, 1)])], streams=[("EncryptedPackage", bytes(8))]))
    assert read_workbook(p).sheets[0].rows == [[1.0]]


def test_an_xls_with_a_password_is_named_so(tmp_path):
    """FILEPASS: the records after it are encrypted, their cells nonsense (not a range to measure)."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("回答", [biff_number(0, 0, 1)])], [biff_record(0x002F, struct.pack("<HHH", 1, 1, 1))]))
    with pytest.raises(InputError, match="パスワードで保護されたブックは読めません"):
        read_workbook(p)


# ---------------------------------------------------------------- formats calamine reads but we do not

# ---------------------------------------------------------------- one string copied into many cells

LONG = "長" * 100
STRINGS = {  # shared strings whose string 0 calamine reads as LONG (string 1: 短), however written
    "usual": f'<sst {SST_NS}><si><t>{LONG}</t></si><si><t>短</t></si></sst>',
    "runs": f"<sst {SST_NS}><si>" + "<r><rPr><b/></rPr><t>長</t></r>" * 100 + "</si><si><t>短</t></si></sst>",
    "phonetic": f'<sst {SST_NS}><si><t>{LONG}</t><rPh sb="0" eb="1"><t>ナガ</t></rPh><phoneticPr fontId="1"/></si>'
                "<si><t>短</t></si></sst>",
    "prefixed": f'<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>{LONG}</x:t>'
                "</x:si><x:si><x:t>短</x:t></x:si></x:sst>",
    "indented": f"<sst {SST_NS}>\n  <si>\n    <t>{LONG}</t>\n  </si>\n  <si><t>短</t></si>\n</sst>",
    # not as the usual writers write: walked tag by tag
    "comment": f"<sst {SST_NS}><!-- <si><t>x</t></si> --><si><t>{LONG}</t></si><si><t>短</t></si></sst>",
    "CDATA": f"<sst {SST_NS}><si><t><![CDATA[{LONG}]]></t></si><si><t>短</t></si></sst>",
    "single quotes": f"<sst {SST_NS}><si><t xml:space='preserve'>{LONG}</t></si><si><t>短</t></si></sst>",
    # an end tag calamine does not end the string at: inside the text of a <t>, inside an attribute
    "text over </si>": f"<sst {SST_NS}><si><t>{LONG[:50]}</si><si>{LONG[50:]}</t></si><si><t>短</t></si></sst>",
    "</si> in a value": f'<sst {SST_NS}><si><t>{LONG[:50]}</t><rPh sb="x></si>"><t>y</t></rPh><t>{LONG[50:]}</t></si>'
                        "<si><t>短</t></si></sst>",
}
CELLS = {  # a cell of row {r} that calamine reads as shared string {i}, however written
    "usual": '<c r="A{r}" t="s"><v>{i}</v></c>',
    "single quotes": "<c r='A{r}' t='s'><v>{i}</v></c>",
    "spaced": '<c r="A{r}" t = "s" ><v>{i}</v></c>',
    "no reference": '<c t="s"><v>{i}</v></c>',
    "style after": '<c r="A{r}" t="s" s="0"><v>{i}</v></c>',
    "prefixed": '<x:c r="A{r}" t="s"><x:v>{i}</x:v></x:c>',
}


def _copies_book(tmp_path, strings: str, cell: str, indexes: list[int], sheets: int = 1):
    rows = "".join(f'<row r="{r}">' + cell.format(r=r, i=i) + "</row>" for r, i in enumerate(indexes, start=1))
    p = tmp_path / "回答.xlsx"
    p.write_bytes(xlsx_bytes([(name, f'<worksheet {SST_NS}><sheetData>{rows}</sheetData></worksheet>')
                              for name in ("一", "二", "三")[:sheets]], shared=strings))
    return p


def _copied_by_calamine(p) -> int:
    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(p.read_bytes()))
    return sum(len(v.encode()) for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python()
               for v in row if isinstance(v, str))


@pytest.mark.parametrize("strings, cell", [(strings, "usual") for strings in STRINGS]
                         + [("usual", cell) for cell in CELLS if cell != "usual"])
def test_cells_copying_a_long_shared_string_are_refused_before_calamine(tmp_path, monkeypatch, strings, cell):
    """calamine copies a shared string into each cell that refers to it (and Python holds another copy): 30,000
    cells of a 30,000-character string read into 1.7 GB from a 150 KB file. What calamine would copy is counted
    from the XML, however the strings and the cells are written: a limit a byte short of it refuses the file."""
    p = _copies_book(tmp_path, STRINGS[strings], CELLS[cell], [0] * 20)
    copied = _copied_by_calamine(p)
    assert copied == 20 * len(LONG.encode())
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_text_bytes=copied - 1))
    assert err.value.message.startswith(f"{p}: シート「一」までのセルが参照する共有文字列は、セルごとに複製すると最大 ")
    assert err.value.message.endswith(f"バイトになり、上限（{copied - 1:,} バイト、HYOJUN_MAX_TEXT_BYTES）を超えます。"
                                      "長い文字列を多くのセルが参照するブックで、読み込むとメモリを使い尽くすおそれが"
                                      "あるため中止しました。正当なファイルなら環境変数 HYOJUN_MAX_TEXT_BYTES で上限を上げられます")


@pytest.mark.parametrize("strings", ["usual", "comment"])
@pytest.mark.parametrize("wide", ["😀", "&#x1F600;", "Ā"])
def test_a_string_is_counted_as_python_holds_it_when_that_is_more_than_its_bytes(tmp_path, monkeypatch, strings, wide):
    """Python holds every character of a string at the width of its widest: 2,000 ASCII characters and one emoji
    take 8 KB in Python for 2 KB of UTF-8 (a 29 KB file read into 2.6 GB under the default limit). A string costs
    what Python holds of it, however the part is written, the character written as itself or as a reference."""
    text = "a" * 2_000 + wide
    p = _copies_book(tmp_path, STRINGS[strings].replace(LONG, text), CELLS["usual"], [0] * 20)
    value = read_workbook(p).sheets[0].rows[0][0]
    held = 20 * len(value) * (4 if max(value) > "\uffff" else 2)
    assert held > _copied_by_calamine(p)
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError, match="HYOJUN_MAX_TEXT_BYTES"):
        read_workbook(p, Limits(max_text_bytes=held - 1))


def test_the_copied_text_is_counted_cell_by_cell_once_the_quick_bounds_pass_the_limit(tmp_path):
    """1,000 cells of 短 and one of LONG: the cells times the longest string pass the limit, the strings each cell
    refers to do not, and the book is read; over several sheets the message names the sheet the total passes at."""
    p = _copies_book(tmp_path, STRINGS["usual"], CELLS["usual"], [0] + [1] * 1000)
    assert read_workbook(p, Limits(max_text_bytes=80_000)).sheets[0].rows[:2] == [[LONG], ["短"]]
    p = _copies_book(tmp_path, STRINGS["usual"], CELLS["usual"], [0] * 40, sheets=3)
    with pytest.raises(InputError, match=f"^{p}: シート「二」までのセルが参照する共有文字列は、"):
        read_workbook(p, Limits(max_text_bytes=40 * 320 + 10_000))


def test_a_libreoffice_save_is_counted_by_its_cells_of_type_s_and_its_strings_text(tmp_path, monkeypatch):
    """LibreOffice writes customFormat=, ht=, customHeight=, outlineLevel= on every row and t="n" on every number
    (bytes t that are no cells of type s), and each run of a rich-text heading with its font (a string spanning 8
    times its text): the 総務省 national workbook it saved was refused at 581 MB for the 71 MB its cells copy.
    The cells of type s are counted, each by its string's text; those written otherwise still by the longest."""
    run = ('<r><rPr><b val="true"/><sz val="11"/><color rgb="FF000000"/><rFont val="Noto Sans CJK SC"/>'
           '<family val="2"/><charset val="128"/></rPr><t xml:space="preserve">見出</t></r>')
    strings = f'<sst {SST_NS} count="3" uniqueCount="2"><si>{run * 10}</si><si><t xml:space="preserve">○</t></si></sst>'
    row = ('<row r="{r}" customFormat="false" ht="15" hidden="false" customHeight="false" outlineLevel="0" '
           'collapsed="false"><c r="A{r}" s="0" t="s"><v>{i}</v></c><c r="B{r}" s="0" t="n"><v>1</v></c></row>')
    rows = "".join(row.format(r=r, i=0 if r == 1 else 1) for r in range(1, 1001))
    p = tmp_path / "進捗.xlsx"

    def write(rows: str) -> None:
        p.write_bytes(xlsx_bytes([("一覧", f'<worksheet {SST_NS}><sheetData>{rows}</sheetData></worksheet>')],
                                 shared=strings))
    write(rows)
    copied = _copied_by_calamine(p)
    assert copied == 60 + 999 * 3
    assert read_workbook(p, Limits(max_text_bytes=copied)).sheets[0].rows[1] == ["○", 1]
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError, match=f"最大 {copied:,} バイトになり、上限（{copied - 1:,} バイト"):
        read_workbook(p, Limits(max_text_bytes=copied - 1))
    write(rows.replace('<c r="A1000" s="0" t="s">', '<c r="A1000" s="0" t = "s">'))
    with pytest.raises(InputError, match=f"最大 {copied - 3 + 60:,} バイトになり"):  # by the longest text
        read_workbook(p, Limits(max_text_bytes=copied))


def test_a_workbook_under_the_text_limit_is_read_whatever_its_strings(tmp_path):
    p = _copies_book(tmp_path, STRINGS["text over </si>"], CELLS["usual"], [0, 1])
    assert read_workbook(p).sheets[0].rows == [[LONG], ["短"]]
    p.write_bytes(shared_string_copies_xlsx(2000, "長" * 2000))  # 12 MB copied: far under the default limit
    assert read_workbook(p).sheets[0].rows[1999] == ["長" * 2000]


def test_the_walked_strings_are_those_calamine_reads():
    """<si/> is an empty string, strings after </sst> are none, and an <si> inside a text puts calamine's reading in doubt."""
    assert _walked_string_lengths(b"<sst><si/><si><t>ab</t></si></sst><si><t>cdef</t></si>") == [5, 18]
    assert _walked_string_lengths(b"<sst><si><t>a<si>b</t></si></sst>") is None


def test_the_quick_bound_on_the_longest_string_never_passes_a_longer_one():
    """Whether no string is longer than a bound is answered with a find every half bound: never yes when one is,
    and yes when all are shorter than a third of it (the usual book, answered without a look at each string)."""
    rng = random.Random(7)
    for _ in range(300):
        strings = ["長" * rng.choice((0, 1, 5, 40, 300)) for _ in range(rng.randrange(0, 60))]
        xml = (f'<?xml version="1.0"?><sst {SST_NS}>' + "".join(f"<si><t>{t}</t></si>" for t in strings)
               + "</sst>").encode()
        plain = plain_match(xml)
        lengths = [len(f"<si><t>{t}</t></si>".encode()) for t in strings]
        # walked: the bytes each string spans, or its characters at 2 bytes (長 in Python) when more
        assert _walked_string_lengths(xml) == [max(n, 2 * (n - 2 * len(t))) if t else n for n, t in zip(lengths, strings)]
        assert _string_lengths(xml, plain) == [len(t.encode()) for t in strings]  # a plain part: the text
        bound = rng.randrange(20, 3000)
        if _strings_within(xml, plain, bound):
            assert max(lengths, default=0) <= bound
        elif max(lengths, default=0) * 3 < bound:
            pytest.fail(f"strings of {max(lengths)} bytes at most, bound {bound}")


def test_an_xls_whose_cells_copy_a_long_sst_string_is_refused_before_calamine(tmp_path, monkeypatch):
    """calamine copies the SST string of every LABELSST cell, of every sheet, as it opens the file."""
    p = tmp_path / "回答.xls"
    p.write_bytes(sst_copies_xls(200, "長" * 10_000))  # the string goes on in two CONTINUE records
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_text_bytes=5_000_000))
    assert err.value.message.startswith(f"{p}: シート「回答」までのセルが参照する共有文字列は、セルごとに複製すると"
                                        "最大 6,000,000 バイトになり、上限（5,000,000 バイト、HYOJUN_MAX_TEXT_BYTES）を超えます。")


def test_an_xls_copying_little_text_is_read_once_counted_cell_by_cell(tmp_path):
    p = tmp_path / "回答.xls"
    cells = [biff_labelsst(0, 0, 0)] + [biff_labelsst(r, 0, 1) for r in range(1, 1001)]
    p.write_bytes(xls_bytes([("回答", cells)], biff_sst(["長" * 1000, "短"])))
    rows = read_workbook(p, Limits(max_text_bytes=10_000)).sheets[0].rows  # 3,000 + 1,000 × 3 bytes
    assert rows[:2] == [["長" * 1000], ["短"]] and len(rows) == 1001
    with pytest.raises(InputError, match="最大 6,000 バイトになり、上限（5,999 バイト"):
        read_workbook(p, Limits(max_text_bytes=5_999))


def _ods_bytes() -> bytes:
    """A minimal OpenDocument spreadsheet: one sheet, 機能ID / 対応可否 and one row."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
               '<office:body><office:spreadsheet><table:table table:name="回答">'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>機能ID</text:p></table:table-cell>'
               '<table:table-cell office:value-type="string"><text:p>対応可否</text:p></table:table-cell></table:table-row>'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>0230101</text:p></table:table-cell>'
               '<table:table-cell office:value-type="string"><text:p>○</text:p></table:table-cell></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["回答.ods", "回答.xlsx"])
def test_ods_is_refused_even_renamed(tmp_path, name):
    data = _ods_bytes()
    ws = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("回答")
    assert ws.to_python()[1] == ["0230101", "○"]  # calamine would read it, without hidden rows or merged ids
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert str(err.value).startswith(f"{p}: OpenDocument 形式（.ods など）のファイルは読めません")
    assert "Excel ブック（.xlsx）として保存し直してください" in str(err.value)


def test_xlsb_is_refused(tmp_path):
    p = tmp_path / "回答.xlsb"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"Excel バイナリブック（\.xlsb）は読めません"):
        read_workbook(p)


# ---------------------------------------------------------------- text exports: the delimiter

TABLE = [["機能ID", "機能名称", "対応可否", "備考"], ["0230101", "住登外者情報の登録", "○", "標準機能で対応"],
         ["0230102", "住登外者情報の修正", "×", ""]]


@pytest.mark.parametrize("name, delimiter, encoding", [
    ("unicode.txt", "\t", "utf-16"),  # Excel 「Unicode テキスト」: UTF-16 LE with BOM
    ("unicode_be.txt", "\t", "utf-16-be"),
    ("tab.txt", "\t", "cp932"),  # 「テキスト（タブ区切り）」
    ("tab.csv", "\t", "utf-8"),
    ("semicolon.csv", ";", "cp932"),
    ("semicolon_bom.csv", ";", "utf-8-sig"),
])
def test_tab_and_semicolon_exports_split_on_their_delimiter(tmp_path, name, delimiter, encoding):
    rows = [["介護保険 回答表"], ["ベンダ名", "架空システムズ"], *TABLE]
    data = "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    p = tmp_path / name
    p.write_bytes(data)
    sheet = read_workbook(p).sheets[0]
    assert sheet.rows[2:] == TABLE and sheet.rows[1] == ["ベンダ名", "架空システムズ", "", ""]


def test_a_csv_the_csv_reader_refuses_is_named_at_its_row(tmp_path):
    """A cell past csv.field_size_limit() blames a quote left open only when it opens with one: the review's file
    had no quote at all."""
    p = tmp_path / "回答.csv"
    p.write_text("機能ID,回答\n0230101,○\n0230102," + "長" * 200_000 + "\n", "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == f"{p}: CSV として読めません（3 行目: 1 つのセルが 131,072 文字を超えます）"
    # a quote opened in row 3 and never closed: every later row is its text (quoted fields before it are passed)
    p.write_text('機能ID,回答,備考\n0230101,○,\n"0230102","×","運用で""代替"",\n' + "0230103,○,\n" * 20_000, "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (f"{p}: CSV として読めません（3 行目: 1 つのセルが 131,072 文字を超えます。Excel のセルは 32,767 文字まで"
                                 "なので、このセルの引用符（\"）が閉じられず、その後ろがすべて 1 つのセルとして読まれた可能性があります）")
    # closed, but too long all the same: a field after it, unquoted, passes the limit
    p.write_text('機能ID,回答\n"0230101",○\n"0230102","長い",' + "長" * 200_000 + "\n", "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == f"{p}: CSV として読めません（3 行目: 1 つのセルが 131,072 文字を超えます）"


def test_a_csv_is_held_to_the_cell_limit_before_its_rows_are_padded(tmp_path):
    """Every row is padded to the widest: one row of 2,000 commas above 1,000 short rows is 2 million cells
    (a 300 KB CSV took 3.3 GB this way, HYOJUN_MAX_CELLS unheeded)."""
    p = tmp_path / "回答.csv"
    p.write_text("機能ID,回答\n" + "," * 1999 + "\n" + "0230101,○\n" * 1000, "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_cells=1_000_000))
    assert err.value.message == (f"{p}: 表の 2 行目が 2,000 列あるため、表の範囲が 1,002 行 × 2,000 列（2,004,000 セル）"
                                 "になり、セル数が上限（100 万セル、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください" + CELLS_HINT)
    (sheet,) = read_workbook(p, Limits(max_cells=2_004_000)).sheets  # at the limit: read, padded
    assert len(sheet.rows) == 1002 and {len(row) for row in sheet.rows} == {2000}


# ---------------------------------------------------------------- the memory reading takes

MEMORY_ADVICE = ("を超えます。回答・要件に使わないシート（参照用の大きな表など）や行・列を削除して保存し直してください。"
                 "正当なファイルなら環境変数 HYOJUN_MAX_READ_BYTES で上限を上げられます")


def _over_memory(p, what: str, estimate: int, limit: int) -> str:
    return (f"{p}: {what}を読み込むと、メモリを約 {-(-estimate // 2**20):,} MB 使う見込みで、上限（{limit:,} バイト、"
            f"HYOJUN_MAX_READ_BYTES）" + MEMORY_ADVICE)


def _reference_sheet(rows: int, cols: int) -> str:
    """*rows* × *cols* short texts below the heading: a table for reference, no ID heading, which answers skip."""
    return _sheet("".join(f'<row r="{r}">' + "".join(f'<c r="{column_letter(c)}{r}" t="inlineStr"><is><t>{r}-{c}</t></is></c>'
                                                     for c in range(cols)) + "</row>" for r in range(2, rows + 2)))


def test_an_xlsx_whose_cells_take_more_memory_than_the_limit_is_refused_before_calamine(tmp_path, monkeypatch):
    """The review's 112 MB .xlsx kept inside every other limit and read past 4 GB (a text cell takes 130–200 bytes read,
    not 40), in a sheet of reference the answers then skipped. What calamine reads is estimated from the XML of the
    sheets (5 bytes a byte) and the file (twice) before any sheet is inflated, then each rectangle as calamine gives it
    (40 bytes a cell), before it becomes Python's."""
    p = _book(tmp_path, ("機能", _sheet("")), ("参考", _reference_sheet(200, 20)))
    with zipfile.ZipFile(p) as zf:
        xml = sum(zf.getinfo(f"xl/worksheets/sheet{i}.xml").file_size for i in (1, 2))
    estimate = 2 * p.stat().st_size + XML_BYTE_BYTES * xml
    with monkeypatch.context() as patched:
        patched.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
        with pytest.raises(InputError) as err:
            read_workbook(p, Limits(max_read_bytes=estimate - 1))
    assert err.value.message == _over_memory(p, "シート「参考」までのセル", estimate, estimate - 1)
    estimate += (1 + 201 * 20) * RANGE_CELL_BYTES  # 機能: A1; 参考: A1:T201
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_read_bytes=estimate - 1))
    assert err.value.message == _over_memory(p, "シート「参考」までのセル", estimate, estimate - 1)
    assert read_workbook(p, Limits(max_read_bytes=estimate)).sheets[1].rows[200][19] == "201-19"


def test_an_xls_whose_cells_take_more_memory_than_the_limit_is_refused_before_calamine(tmp_path, monkeypatch):
    """calamine builds every sheet of an .xls as it opens it: each cell record counts as a text cell, with the
    rectangles and the file (twice), before."""
    p = tmp_path / "回答.xls"
    p.write_bytes(xls_bytes([("機能", [biff_number(r, c, r) for r in range(100) for c in range(10)])]))
    estimate = 2 * p.stat().st_size + 100 * 10 * (RANGE_CELL_BYTES + RECORD_CELL_BYTES)
    assert read_workbook(p, Limits(max_read_bytes=estimate)).sheets[0].rows[99][9] == 99
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_calamine)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_read_bytes=estimate - 1))
    assert err.value.message == _over_memory(p, "シート「機能」までのセル", estimate, estimate - 1)


def test_a_csv_is_held_to_the_memory_limit_row_by_row(tmp_path):
    """A 169 MB CSV of 20 million short cells read into 2.5 GB: the file, its text and the cells' characters (at most
    the text's) count first, then each row's list and cells with text, so the refusal comes at the row that passes."""
    p = tmp_path / "回答.csv"
    p.write_text("機能ID,回答\n" + "".join(f"{230101 + i:07d},○\n" for i in range(1000)), "utf-8")
    first = len(p.read_bytes()) + 2 * sys.getsizeof(p.read_text("utf-8"))
    row = CSV_ROW_BYTES + 2 * (CSV_POINTER_BYTES + CSV_CELL_BYTES)
    assert len(read_workbook(p, Limits(max_read_bytes=first + 1001 * row)).sheets[0].rows) == 1001
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_read_bytes=first + 500 * row - 1))
    assert err.value.message == _over_memory(p, "表の 500 行目までのセル", first + 500 * row, first + 500 * row - 1)


def _lines_csv_reads(monkeypatch) -> list[str]:
    """The lines csv.reader is given from now on (to show which it never parsed)."""
    given, reader = [], csv.reader
    monkeypatch.setattr(csv, "reader", lambda lines, **kw: reader((given.append(line) or line for line in lines), **kw))
    return given


def test_a_csv_record_past_a_limit_is_refused_before_csv_reads_it(tmp_path, monkeypatch):
    """A line of 150 million commas became a row of 150 million cells before the limits were looked at (2.4 GB, and
    a MemoryError on a smaller machine): a record has at most one cell more than its delimiters, known before csv
    reads it."""
    from checker.io import workbook

    p = tmp_path / "回答.csv"
    wide = "," * 5000
    p.write_text(f"機能ID,回答\n{wide}\n" + "0230101,○\n" * 10, "utf-8")
    given = _lines_csv_reads(monkeypatch)
    monkeypatch.setenv("HYOJUN_MAX_CELLS", "1000")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (f"{p}: 表の 2 行目が 5,001 列あるため、表の範囲が 2 行 × 5,001 列（10,002 セル）になり、"
                                 "セル数が上限（1,000 セル、HYOJUN_MAX_CELLS）を超えます。不要なセルを削除して保存し直してください"
                                 + CELLS_HINT)
    assert given == ["機能ID,回答\n"]
    # with a quote its delimiters are only a bound: the memory it may take is refused, not a width it may not have
    monkeypatch.delenv("HYOJUN_MAX_CELLS")
    p.write_text(f'機能ID,回答\n"0230101"{wide}\n' + "0230101,○\n" * 10, "utf-8")
    first = len(p.read_bytes()) + 2 * sys.getsizeof(p.read_text("utf-8"))
    row = CSV_ROW_BYTES + 2 * (CSV_POINTER_BYTES + CSV_CELL_BYTES)
    need = first + row + CSV_ROW_BYTES + 5001 * CSV_POINTER_BYTES
    monkeypatch.setenv("HYOJUN_MAX_READ_BYTES", str(need // 2))  # room for half its cells
    given.clear()
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == _over_memory(p, "表の 2 行目までのセル", need, need // 2)
    assert given == ["機能ID,回答\n"]
    monkeypatch.delenv("HYOJUN_MAX_READ_BYTES")
    assert len(read_workbook(p).sheets[0].rows) == 12
    # one record over many lines and pieces (a quoted line break between its cells): its cells add up
    monkeypatch.setattr(workbook, "_PIECE", 64)
    p.write_text('機能ID,回答\n0230101,"\n' + '",,,,,,,,,,"\n' * 1000 + '"\n' + "0230101,○\n" * 10, "utf-8")
    first = len(p.read_bytes()) + 2 * sys.getsizeof(p.read_text("utf-8"))
    monkeypatch.setenv("HYOJUN_MAX_READ_BYTES", str(first + 40_000))  # 5,000 cells, the record has 10,002
    given.clear()
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message.startswith(f"{p}: 表の 2 行目までのセルを読み込むと、メモリを約 ")
    assert len(given) < 600


def test_running_out_of_memory_while_reading_names_the_file(tmp_path, monkeypatch):
    """A 2 GB machine read the line of 150 million commas into a Python traceback (MemoryError); calamine's failures
    said the book was damaged. The error does not keep what was read (its frames) as its context."""
    def no_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    p = tmp_path / "回答.csv"
    p.write_text("機能ID,回答\n0230101,○\n", "utf-8")
    monkeypatch.setattr(csv, "reader", no_memory)
    with pytest.raises(InputError) as err:
        read_workbook(p, Limits(max_read_bytes=2**30))
    assert err.value.message == (f"{p}: 読み込む途中でメモリが足りなくなりました（空きメモリが読み込みの上限 1,073,741,824 バイトより"
                                 "少ないようです）。ほかのプログラムを閉じてやり直すか、回答・要件に使わないシートや行・列を削除して保存し直して"
                                 "ください。環境変数 HYOJUN_MAX_READ_BYTES を空きメモリより小さくすると、大きすぎるファイルは読み込む前に、"
                                 "大きい箇所を示して止まります")
    assert err.value.__context__ is None
    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", no_memory)
    with pytest.raises(InputError) as err:
        read_workbook(FIXTURES / "vendor" / "介護保険_第6.0版_回答_架空システムズ.xlsx")
    assert "メモリが足りなくなりました" in err.value.message


def test_the_exact_extent_and_the_copied_text_hold_one_slice_of_cells_at_a_time(monkeypatch):
    """All at once, the matches of the review's 20 million cells took gigabytes before calamine read one; a slice at a
    time, what they find is the same, and what they hold is a fraction of the XML."""
    import tracemalloc

    from checker.io import sheet_xml
    from checker.io.shared_strings import StringTable, copied_text
    from checker.io.sheet_extent import value_extent

    xml = _sheet("".join(f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="s"><v>{r % 2}</v></c>' for col in
                                                   ("A", "B", "C", "D", "E", "F", "G", "H", "I", "GR")) + "</row>"
                         for r in range(2, 10_002))).encode()
    table = StringTable([10, 20], 20)
    monkeypatch.setattr(sheet_xml, "_WINDOW", 1 << 16, raising=False)  # slices of 64 KB: 2,000 cells
    tracemalloc.start()
    try:
        extent, copied = value_extent(xml), copied_text(xml, table)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert extent is not None and (extent.rows, extent.cols, extent.cells()) == (10_001, 200, "GR10001")
    assert copied == 10_000 * 5 * (10 + 20)
    assert peak < len(xml) // 3, (peak, len(xml))  # 11 MB and 6 MB found at once


def test_comma_csv_with_tabs_and_semicolons_in_its_text_stays_on_commas(tmp_path):
    rows = [TABLE[0]] + [[f"02301{i:02d}", "名称;補足", "○", "A;B;C\tタブ入り"] for i in range(1, 30)]
    p = tmp_path / "回答.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert read_workbook(p).sheets[0].rows == rows


def test_tab_text_with_commas_and_quoted_newlines_stays_on_tabs(tmp_path):
    rows = [TABLE[0]] + [[f"02301{i:02d}", "住所,氏名", "○", "1行目\n2行目, 続き"] for i in range(1, 30)]
    p = tmp_path / "回答.txt"
    with p.open("w", encoding="utf-16", newline="") as f:
        csv.writer(f, delimiter="\t").writerows(rows)
    sheet = read_workbook(p).sheets[0]
    assert sheet.rows == rows


# Formulas: calamine reads an error value and a formula saved without its result as empty cells.
FORMULAS = FIXTURES / "formulas"
ANSWERS_AS_SHOWN = {  # column C of rows 2–8 as Excel shows them after recalculation
    "formulas_libreoffice.xlsx": ["○", "#N/A", "#DIV/0!", "○", "", "#N/A", "○"],
    "formulas_libreoffice.xls": ["○", "#N/A", "#DIV/0!", "○", "", "#N/A", "○"],
    # written by openpyxl, never calculated: the formulas themselves
    "formulas_openpyxl.xlsx": ["○", "=NA()", "=1/0", '=IF(1,"○","×")', '=IF(1,"","×")',
                               '=VLOOKUP("x",$F$1:$G$2,2,FALSE)', "○"],
}


@pytest.mark.parametrize("name", sorted(ANSWERS_AS_SHOWN))
def test_error_values_and_formulas_without_result_are_read_as_shown(name):
    sheet = read_workbook(FORMULAS / name).sheets[0]
    assert [row[2] for row in sheet.rows[1:]] == ANSWERS_AS_SHOWN[name]
    assert sheet.rows[7][0] == ('=TEXT(230107,"0000000")' if "openpyxl" in name else "0230107")
    assert sheet.hidden_rows == {4}


def test_error_constants_of_an_xls_are_read_as_shown():
    """BOOLERR records (an error typed into a cell), written by xlwt; xlrd reads the same codes."""
    sheet = read_workbook(FORMULAS / "errors_xlwt.xls").sheets[0]
    assert [row[2] for row in sheet.rows[1:]] == ["○", "#N/A", "#REF!"]


@pytest.mark.parametrize("cells, shown", [
    ('<c r="B2" t="e"><v>#N/A</v></c>', "#N/A"),  # an error typed in, no formula
    ('<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),
    ('<c r="B2"><f>IF(A1=&quot;x&quot;,1,2)</f></c>', '=IF(A1="x",1,2)'),  # no result saved
    ('<c r="B2" s="3"><f>A1</f><v/></c>', "=A1"),
    # a shared formula's other cell: its text is in the first cell (C2 here)
    ('<c r="B2"><f t="shared" si="0"/></c><c r="C2"><f t="shared" ref="B2:C2" si="0">A1</f><v>1</v></c>', "=…"),
    ('<c r="B2"><f>1+1</f><v>2</v></c>', 2),  # a result: calamine reads it
    ('<c r="B2" t="str"><f>IF(1,"","x")</f><v></v></c>', ""),  # an empty text result stays empty
    ('<c r="B2" t="str"><f>IF(1,"×","○")</f></c>', '=IF(1,"×","○")'),  # a text formula without any <v>: no result saved
    ('<c r="B2" t="inlineStr"><is><t>=1+1</t></is></c>', "=1+1"),  # text that looks like a formula
])
def test_cells_calamine_reads_as_empty_are_read_as_excel_shows_them(tmp_path, cells, shown):
    p = _book(tmp_path, ("回答", _sheet(f'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c>{cells}</row>')))
    sheet = read_workbook(p).sheets[0]
    assert sheet.rows[1][:2] == ["x", shown]
    # only a formula is one: text typed as "=1+1" is not
    assert sheet.formulas == ({(1, 1)} if "<f" in cells and str(shown).startswith("=") else set())


def test_an_xlsx_formula_saved_as_0_is_a_formulas_cell_as_in_an_xls(tmp_path):
    """0 is what xlsxwriter and LibreOffice save for a formula they did not calculate: read as 0, its cell one of
    Sheet.formulas (formula_note), as every .xls formula's is, beside those saved without result."""
    p = _book(tmp_path, ("回答", _sheet('<row r="2"><c r="A2"><f>IF(1,"○","")</f><v>0</v></c><c r="B2"><f>1+1</f></c>'
                                       '<c r="C2"><f>1+1</f><v>2</v></c></row>')))
    sheet = read_workbook(p).sheets[0]
    assert sheet.rows[1] == [0, "=1+1", 2] and sheet.formulas == {(1, 0), (1, 1)}


def test_a_formula_without_result_beyond_the_values_widens_the_rows(tmp_path):
    """calamine leaves a formula without result out of its range: the rows grow to hold it, still rectangular."""
    p = _book(tmp_path, ("回答", _sheet('<row r="3"><c r="E3"><f>SUM(A1:A2)</f></c></row>')))
    rows = read_workbook(p).sheets[0].rows
    assert len(rows) == 3 and {len(r) for r in rows} == {5} and rows[2][4] == "=SUM(A1:A2)"


def test_a_far_formula_without_result_is_held_to_the_cell_limit(tmp_path):
    p = _book(tmp_path, ("回答", _sheet('<row r="900"><c r="ZZ900"><f>1</f></c></row>')))
    with pytest.raises(InputError, match="シート「回答」のセル ZZ900 に値があるため"):
        read_workbook(p, Limits(max_cells=10_000))


_MARKERS = b'<f/> t="e"' * 200_000


@pytest.mark.parametrize("xml, shown", [
    (b'<sheetData><row r="1"><c r="A1"><f>1</f></c></row></sheetData><x>' + _MARKERS + b"</x>", "=1"),
    (b"<x>" + _MARKERS + b'</x><sheetData><row r="1"><c r="A1"><f>1</f></c></row></sheetData>', "=1"),
    (b'<sheetData><row r="1"><c r="A1">' + _MARKERS + b"</c></row></sheetData>", "=…"),
    # garbage in, a value out: the last A1 up to the first </c>, whose <v> is B1's
    (b'<sheetData><row r="1">' + b'<c r="A1" t="e"><f>1</f>' * 200_000 + b'</row></sheetData><c r="B1"><v>1</v></c>', "1"),
], ids=["after the cells", "before a cell", "in one cell", "cells that never close"])
def test_formula_markers_outside_cells_are_passed_over_in_one_pass(xml, shown):
    """A hostile sheet full of formula markers: each is looked at within a bounded reach (looking back to the
    last cell, or ahead to the next </c>, from each of these 200,000 markers would not end)."""
    assert shown_values(xml) == {(0, 0): shown}


def test_the_default_cell_limit_holds_a_read_under_a_gigabyte(tmp_path):
    """About 40 bytes a cell read: 20 million cells take 0.8 GB (docs/security.md), in each --jobs worker."""
    p = _book(tmp_path, ("回答", _sheet('<row r="1221"><c r="XFD1221"><v>1</v></c></row>')))
    with pytest.raises(InputError, match=r"1,221 行 × 16,384 列（20,004,864 セル）.*上限（2,000 万セル"):
        read_workbook(p, Limits())
    # while a sheet as wide and long as the national progress workbook's (A1:AQ34821) passes the quick scan
    probe = ExtentProbe(quick_cell_pattern(Limits().max_cells))
    probe.feed(_sheet('<row r="34821"><c r="AQ34821" s="2" t="s"><v>7</v></c><c r="FZ99999"><v>1</v></c></row>').encode())
    assert probe.close()


@pytest.mark.parametrize("written, read", [("200,000", 200_000), ("２００，０００", 200_000), ("200_000", 200_000),
                                           (" 5 ", 5), ("", 100_000)])
def test_a_limit_is_read_as_the_messages_write_numbers(monkeypatch, written, read):
    """The environment review: HYOJUN_MAX_ANSWER_ROWS=200,000 was silently the default 100,000 again, and the run
    stopped at the limit its user meant to raise."""
    from checker.io.limits import Limits

    monkeypatch.setenv("HYOJUN_MAX_ANSWER_ROWS", written)
    assert Limits.from_env().max_answer_rows == read


def test_a_limit_that_is_no_number_is_refused_naming_the_variable(monkeypatch):
    from checker.errors import UsageError
    from checker.io.limits import Limits

    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "30分")
    with pytest.raises(UsageError) as err:
        Limits.from_env()
    assert str(err.value) == "環境変数 HYOJUN_MAX_SECONDS の値「30分」は整数ではありません（例: HYOJUN_MAX_SECONDS=1800）。値を直すか、環境変数を消してください"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"h", b"hidden=\"", b"ht=\"0", b"x", b"<row>", b"hh"]), max_size=600),
       st.integers(min_value=0, max_value=4))
def test_found_at_finds_every_needle_as_a_plain_search_does(parts, rare):
    """The hop between rare bytes and its fall back to plain searches (past a hop per _RARE bytes) miss no needle
    and find none twice, wherever the bytes stand."""
    from checker.io import sheet_xml

    xml = b"".join(parts) * rare + b"".join(parts)  # long enough, at times, to outgrow the hops
    needles = (b'hidden="', b'ht="0')
    plain = sorted(i for n in needles for i in range(len(xml)) if xml.startswith(n, i))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sheet_xml, "_RARE", 4)  # a few hops, then the plain searches
        assert sorted(sheet_xml._found_at(xml, needles, 0)) == plain
    assert sorted(sheet_xml._found_at(xml, needles, 0)) == plain


def test_the_read_memory_limit_is_taken_from_its_environment_variable(monkeypatch):
    from checker.io.limits import Limits

    monkeypatch.setenv("HYOJUN_MAX_READ_BYTES", "12345")
    assert Limits.from_env().max_read_bytes == 12345


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet='a,"\r\n機', max_size=6), max_size=4), max_size=12),
       st.sampled_from(["\r\n", "\n", "\r"]), st.integers(1, 9))
def test_a_csv_read_in_pieces_gives_the_rows_read_whole(rows, newline, piece):
    """CSV text is read from pieces that end at a \\n or a \\r alone (a 200 MB CSV held 800 MB as one io.StringIO, and
    one of \\r line ends, Excel for Mac's, still did): quoted line breaks, \\r\\n split at a piece's end, lines of \\r
    alone read as from the whole text (mutation round 9: no test crossed a piece's end, 1 MB long)."""
    from checker.io import workbook
    from checker.io.limits import ReadMemory

    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=newline).writerows(rows)
    text = buf.getvalue()
    whole = list(csv.reader(io.StringIO(text, newline="")))
    width = max(map(len, whole), default=0)
    longest = max((len(line) for line in io.StringIO(text, newline="")), default=0)
    held, string_io = [], io.StringIO
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(workbook, "_PIECE", piece)
        mp.setattr(io, "StringIO", lambda value, **kw: held.append(value) or string_io(value, **kw))
        assert list(csv.reader(workbook._text_lines(text))) == whole
        assert max(map(len, held), default=0) <= piece + longest
        path = Path("回答.csv")
        assert workbook._csv_rows(path, text, ",", Limits(), ReadMemory(path, Limits())) == [
            row + [""] * (width - len(row)) for row in whole]


def _ends_in_a_quote(text: str) -> bool:
    """Whether csv's default dialect ends *text* inside a quoted cell: a quote opens a cell only at its start, "" in it
    is a quote, and after it closes the cell runs on, its quotes as text, to a delimiter or a line end."""
    state = "start"
    for c in text:
        if state == "quoted":
            state = "closed" if c == '"' else "quoted"
        elif state == "closed" and c == '"':
            state = "quoted"
        elif c in ",\r\n":
            state = "start"
        else:
            state = "quoted" if state == "start" and c == '"' else "text"
    return state == "quoted"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='a,"\r\n', max_size=40), st.integers(1, 9))
def test_a_csv_is_refused_exactly_when_it_ends_in_a_quote_left_open(text, piece):
    """A stray quote took the rest of the file into one cell without a word (non-strict csv ends the cell at the end of
    the text): refused, naming its row, whatever the text's pieces; any other text reads as csv reads it whole."""
    from checker.io import workbook
    from checker.io.limits import ReadMemory

    path = Path("回答.csv")
    whole = list(csv.reader(io.StringIO(text, newline="")))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(workbook, "_PIECE", piece)
        if _ends_in_a_quote(text):
            with pytest.raises(InputError) as err:
                workbook._csv_rows(path, text, ",", Limits(), ReadMemory(path, Limits()))
            assert err.value.message.startswith(f"{path}: CSV として読めません（{len(whole)} 行目: "
                                                f"{column_letter(len(whole[-1]) - 1)} 列のセルの引用符（\"）が閉じられていない")
        else:
            width = max(map(len, whole), default=0)
            assert workbook._csv_rows(path, text, ",", Limits(), ReadMemory(path, Limits())) == [
                row + [""] * (width - len(row)) for row in whole]


def test_a_quote_left_open_is_refused_naming_its_row_and_a_closed_one_reads(tmp_path):
    """The review's CSV with one stray " before row 7's 機能名称: lint passed it (exit 0, one blank answer) and check scored
    1.1 %, the 458 rows after it read as that cell's text. A quote closed on a later line (a 備考 of two lines), a
    quote within a cell ("a"b, read as ab: Excel reads it so) and a last line without its line end still read."""
    p = tmp_path / "回答.csv"
    p.write_text('機能ID,機能名称,回答\n0230101,"送付先,○\n0230102,名称,×\n', "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (f"{p}: CSV として読めません（2 行目: B 列のセルの引用符（\"）が閉じられていないため、ファイルの"
                                 "終わりまでが 1 つのセルになります。引用符を閉じるか消して保存し直してください）")
    p.write_text('機能ID,機能名称,回答,備考\r\n0230101,名称,○,"1 行目\r\n2 行目"\r\n"0230102"x,"a"b,×,\r\n0230103,名称,○,',
                 "utf-8")
    assert read_workbook(p).sheets[0].rows[1:] == [["0230101", "名称", "○", "1 行目\r\n2 行目"],
                                                   ["0230102x", "ab", "×", ""], ["0230103", "名称", "○", ""]]
    p.write_text('機能ID,機能名称,回答\n0230101,名称,"○', "utf-8")  # nothing after it, but open all the same
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message.startswith(f"{p}: CSV として読めません（2 行目: C 列のセルの引用符")


def test_two_stray_quotes_that_take_rows_into_a_cell_are_refused_and_a_multi_line_note_reads(tmp_path):
    """The round-2 walk's CSV: a quote opened in row 41's 備考 and a stray one 19 rows later read the rows between them
    as that 備考, without a word; lint named them missing and --previous called them rows the vendor deleted. Refused
    when two inner lines of a cell read as rows of the file (an id of 7 digits, full-width too, after spaces and a
    quote, then the delimiter), naming where the cell begins; a 備考 of several lines without such lines reads."""
    p = tmp_path / "回答.csv"
    p.write_text('機能ID,回答,備考\n0230101,○,\n0230102,○,"要相談\n0230103,×,\n 0230104,○,別途協議"\n0230105,○,\n',
                 "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message == (
        f"{p}: CSV として読めません（3 行目: C 列のセルの引用符（\"）から次の引用符までが 1 つのセルになり、その中の 2 行"
        "（0230103・0230104 で始まる行）がこのファイルの行のように見えます。引用符が閉じられていない可能性があります。"
        "引用符を閉じるか消して保存し直してください）")
    # tab-delimited, full-width ids, a quoted id ("" within the cell), \r\n, more than three such lines, a multi-line 備考 before it
    p.write_text('機能ID\t回答\t備考\r\n0230101\t○\t"1 行目\r\n2 行目"\r\n0230102\t"○\r\n０２３０１０３\t×\t\r\n'
                 '""0230104""\t○\t\r\n\u30000230105\t○\t\r\n0230106\t○\t"\r\n', "utf-8")
    with pytest.raises(InputError) as err:
        read_workbook(p)
    assert err.value.message.startswith(f"{p}: CSV として読めません（3 行目: B 列のセルの引用符（\"）から次の引用符までが 1 つの"
                                        "セルになり、その中の 4 行（０２３０１０３・0230104・0230105 などで始まる行）")
    notes = ('機能ID,回答,備考\n0230101,○,"0230101 の補足:\n・帳票 0230102 と同じ\n0230103 参照\n2024年4月,対応"\n'
             '0230102,○,"1 行目\n0230103,× は別途"\n')  # no line has 7 digits then a comma twice in one cell
    p.write_text(notes, "utf-8")
    assert read_workbook(p).sheets[0].rows[1:] == [
        ["0230101", "○", "0230101 の補足:\n・帳票 0230102 と同じ\n0230103 参照\n2024年4月,対応"],
        ["0230102", "○", "1 行目\n0230103,× は別途"]]


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def test_two_notes_of_one_row_each_with_a_row_like_line_read(tmp_path):
    """Each of two 備考 of one row has one inner line that reads as a row: no cell has two, nothing was swallowed."""
    p = tmp_path / "回答.csv"
    p.write_text('機能ID,回答,備考,補足\n0230101,○,"参照:\n0230102,と同じ","参照:\n0230103,と同じ"\n', "utf-8")
    assert read_workbook(p).sheets[0].rows[1] == ["0230101", "○", "参照:\n0230102,と同じ", "参照:\n0230103,と同じ"]


def test_commas_inside_a_quoted_cell_are_no_cells_against_the_cell_limit(tmp_path):
    p = tmp_path / "回答.csv"
    p.write_text('機能ID,回答,備考\n0230101,○,"' + "、,".join("abc" for _ in range(300)) + '"\n', "utf-8")
    rows = read_workbook(p, Limits(max_cells=100)).sheets[0].rows
    assert len(rows) == 2 and len(rows[1]) == 3


def test_the_last_line_is_a_piece_apart_whatever_the_line_ends():
    from checker.io.workbook import _pieces
    assert list(_pieces("a\rb\rc")) == [(0, 4), (4, 5)]  # Excel for Mac's \r alone
    assert list(_pieces("a\nb\n")) == [(0, 2), (2, 4)]  # its own line end is the last line's
    assert list(_pieces("a\r\nb\r\n")) == [(0, 3), (3, 6)]
    assert list(_pieces("a\nb\rc\r")) == [(0, 4), (4, 6)]
    assert list(_pieces("x")) == [(0, 1)]
