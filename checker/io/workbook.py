"""Read a spreadsheet file once into plain rows: xlsx/xlsm/xls via python-calamine, csv via stdlib.

This module knows file formats and nothing of specs or answers. It refuses what is not a
spreadsheet, password-protected workbooks and zip bombs with a Japanese message naming the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine as pc

from ..errors import InputError
from .limits import Limits
from .xls_hidden import xls_hidden_rows

Merge = tuple[tuple[int, int], tuple[int, int]]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_ROW_HIDDEN_FLAGS = (b'hidden="1"', b'hidden="true"')
_TAG_REACH = 2048
_BOOK_PARTS = frozenset({"xl/workbook.xml", "xl/_rels/workbook.xml.rels"})  # where the sheets are named
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # rectangular: every row has the same length, empty cells are ""
    merged: list[Merge] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()  # 0-based


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
    """Read every sheet of *path*. Raises InputError with a clear message on any problem.

    hidden_rows=False neither keeps nor scans the sheet XML (a copy of every sheet's XML on a large
    workbook) or the .xls ROW records for hidden rows, for readers that do not use `Sheet.hidden_rows`.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: ファイルが見つかりません") from None
    except OSError as exc:
        raise InputError(f"{path}: ファイルを開けません（{exc.strerror}）") from None
    if path.is_dir():
        raise InputError(f"{path}: フォルダです。表計算ファイル（.xlsx / .xls / .csv）を指定してください")
    if size > limits.max_file_bytes:
        raise InputError(f"{path}: ファイルが大きすぎます（{size:,} バイト、上限 {limits.max_file_bytes:,} バイト。"
                         "HYOJUN_MAX_FILE_BYTES で変更できます）")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        hidden = _xlsx_hidden_rows(_check_zip(path, data, limits, keep_sheets=hidden_rows))
        return Workbook(path, digest, "xlsx", _read_calamine(path, data, limits, hidden))
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise InputError(f"{path}: パスワードで保護されたブックは読めません。保護を解除して保存し直してください")
        hidden = xls_hidden_rows(data) if hidden_rows else {}
        return Workbook(path, digest, "xls", _read_calamine(path, data, limits, hidden))
    if suffix in (".csv", ".txt"):
        sheet, encoding = _read_csv(path, data, limits)
        return Workbook(path, digest, "csv", [sheet], encoding)
    kind = "（PDF ファイルです）" if data.startswith(b"%PDF") else ""
    raise InputError(f"{path}: 表計算ファイルではありません{kind}。.xlsx / .xlsm / .xls / .csv の表計算ファイルを指定してください")


def _check_zip(path: Path, data: bytes, limits: Limits, *, keep_sheets: bool) -> dict[str, bytes]:
    """Refuse zip bombs. With *keep_sheets*, returns (member name → XML) the worksheets that mark
    something hidden and, if there are any, the workbook part and its relationships that name them.

    The sizes written in the zip headers can lie, and calamine inflates a member whole before it
    notices, so every member is inflated here in bounded steps first; the same pass hands the
    hidden-row scan what it reads, so that scan neither reopens the zip nor inflates anything again.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise InputError(f"{path}: ファイルが壊れています（zip として読めません）。Excel で開いて保存し直してください") from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise InputError(f"{path}: 展開後のサイズが上限を超えます（{total:,} バイト、上限 {limits.max_uncompressed_bytes:,}）。"
                         "zip 爆弾の可能性があるため読み込みを中止しました")
    marked: dict[str, bytes] = {}
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            raise InputError(f"{path}: {i.filename} の圧縮率が異常です（{i.file_size // max(i.compress_size, 1)} 倍）。"
                             "zip 爆弾の可能性があるため読み込みを中止しました")
        keep = keep_sheets and (i.filename.startswith("xl/worksheets/") or i.filename in _BOOK_PARTS)
        content = _inflate_within_declared_size(data, i, keep)
        if content is None:
            raise InputError(f"{path}: {i.filename} の展開後のサイズが zip に記録された値（{i.file_size:,} バイト）を超えます。"
                             "zip 爆弾の可能性があるため読み込みを中止しました")
        if keep and (i.filename in _BOOK_PARTS or b'hidden="' in content):
            marked[i.filename] = content
    return marked if marked.keys() - _BOOK_PARTS else {}


def _inflate_within_declared_size(data: bytes, info: zipfile.ZipInfo, keep: bool) -> bytes | None:
    """The member's content (b"" unless *keep*), or None when it inflates beyond its declared size.

    Inflating in bounded steps never holds more than a step, or the declared size when kept.
    """
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return (bytes(raw) if keep else b"") if info.compress_size <= info.file_size else None
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return b""  # calamine reads deflate and stored members only and refuses the rest itself
    pending = raw
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    chunks: list[bytes] = []
    size = 0
    try:
        while pending and not inflater.eof:
            chunk = inflater.decompress(pending, 1 << 20)
            size += len(chunk)
            if size > info.file_size:
                return None
            if keep:
                chunks.append(chunk)
            pending = inflater.unconsumed_tail
        chunk = inflater.flush()
        size += len(chunk)
        if keep:
            chunks.append(chunk)
    except zlib.error:
        return b""  # damaged data: calamine reports the file as broken
    return b"".join(chunks) if size <= info.file_size else None


def _read_calamine(path: Path, data: bytes, limits: Limits, hidden_rows: dict[str, frozenset[int]]) -> list[Sheet]:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise InputError(f"{path}: パスワードで保護されたブックは読めません。保護を解除して保存し直してください") from None
    except Exception as exc:  # calamine raises several error types for damaged files
        raise InputError(f"{path}: ブックを読めません（ファイルが壊れているか、形式が違います: {_short(exc)}）") from None
    sheets: list[Sheet] = []
    cells = 0
    for meta in wb.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        try:
            ws = wb.get_sheet_by_name(meta.name)
            if ws.height > limits.max_rows:
                raise InputError(f"{path}: シート「{meta.name}」の行数が上限を超えます（{ws.height:,} 行、上限 {limits.max_rows:,}）")
            cells += ws.height * ws.width
            if cells > limits.max_cells:
                raise InputError(f"{path}: セル数が上限を超えます（上限 {limits.max_cells:,}、HYOJUN_MAX_CELLS で変更できます）")
            rows = ws.to_python(skip_empty_area=False)
            merged = list(ws.merged_cell_ranges or [])
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"{path}: シート「{meta.name}」を読めません（{_short(exc)}）") from None
        sheets.append(Sheet(meta.name, rows, merged, meta.visible != pc.SheetVisibleEnum.Visible,
                            hidden_rows.get(meta.name, frozenset())))
    return sheets


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _xlsx_hidden_rows(marked: dict[str, bytes]) -> dict[str, frozenset[int]]:
    """Hidden rows per sheet name, from the <row hidden="1"> flags calamine does not report.

    *marked* is what _check_zip kept: the worksheets that mention hidden= at all, and the parts
    that name them.
    """
    result: dict[str, frozenset[int]] = {}
    if not marked:
        return result
    try:
        rels = marked["xl/_rels/workbook.xml.rels"]
        targets = {}
        for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
            attrs = dict(_ATTR.findall(tag))
            targets[attrs.get(b"Id", b"")] = attrs.get(b"Target", b"").decode()
        for tag in _SHEET_TAG.findall(marked["xl/workbook.xml"]):
            attrs = dict(_ATTR.findall(tag))
            rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
            target = targets.get(rid, "")
            member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            xml = marked.get(member)
            if xml is None:
                continue
            result[_xml_unescape(attrs.get(b"name", b"").decode("utf-8"))] = _hidden_row_numbers(xml)
    except (KeyError, UnicodeDecodeError):
        return result  # calamine reports a damaged file itself; hidden flags are best effort
    return result


def _hidden_row_numbers(xml: bytes) -> frozenset[int]:
    """0-based numbers of the <row> elements flagged hidden="1" (or "true").

    Found from the flags rather than by a regex over every row tag: a sheet of thousands of rows has a
    handful of hidden ones, and bytes.find runs at memory speed.
    """
    rows = set()
    for flag in _ROW_HIDDEN_FLAGS:
        pos = xml.find(flag)
        while pos >= 0:
            # A row tag is a few hundred bytes at most: looking no further for its ends keeps a text
            # full of hidden="1" (a hostile sheet) linear.
            start, end = xml.rfind(b"<", max(0, pos - _TAG_REACH), pos), xml.find(b">", pos, pos + _TAG_REACH)
            if start >= 0 and end >= 0 and xml[pos - 1:pos].isspace():
                tag = xml[start:end + 1]
                if _ROW_TAG.fullmatch(tag) and (m := _ROW_NUMBER.search(tag)):
                    rows.add(int(m.group(1)) - 1)
            pos = xml.find(flag, pos + 1)
    return frozenset(rows)


def _xml_unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def decode_csv_bytes(path: Path, data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (BOM or not) or CP932, else a clearly detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    for enc in ("utf-8", "cp932"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # rarely needed, and 50 ms of every start when imported at the top

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "cp932", "shift_jis"):
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError(f"{path}: 文字コードを判定できません。UTF-8（BOM 付き可）または Shift_JIS（CP932）で保存してください")


def _read_csv(path: Path, data: bytes, limits: Limits) -> tuple[Sheet, str]:
    text, encoding = decode_csv_bytes(path, data)
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(list(row))
            if len(rows) > limits.max_rows:
                raise InputError(f"{path}: 行数が上限を超えます（上限 {limits.max_rows:,} 行）")
    except csv.Error as exc:
        raise InputError(f"{path}: CSV として読めません（{len(rows) + 1} 行目: {exc}）") from None
    width = max(map(len, rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))  # as calamine gives them, so readers index any column
    return Sheet(path.stem, rows), encoding
