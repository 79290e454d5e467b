"""Files that are not what they claim: clear Japanese errors naming the file, never a traceback."""

import io
import zipfile

import pytest

from checker.errors import InputError
from checker.io.limits import Limits
from checker.io.workbook import _hidden_row_numbers, read_workbook
from tests.conftest import KAIGO_SPEC, VENDOR


def test_reads_xlsx_xls_csv_once_with_sha256():
    import hashlib
    for f in VENDOR.iterdir():
        wb = read_workbook(f)
        assert wb.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
        assert wb.sheets and all(s.rows for s in wb.sheets)


@pytest.mark.parametrize("name, data, message", [
    ("a.xlsx", b"%PDF-1.7 fake", "PDF"),
    ("a.xlsx", "機能ID,回答\n0230001,○\n".encode(), "表計算ファイルではありません"),
    ("a.xlsx", b"PK\x03\x04" + b"\x00" * 40, "壊れています"),
    ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"), "パスワード"),
])
def test_not_a_spreadsheet(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=message) as err:
        read_workbook(p)
    assert str(p) in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="見つかりません"):
        read_workbook(tmp_path / "nope.xlsx")
    with pytest.raises(InputError, match="フォルダ"):
        read_workbook(tmp_path)


def test_zip_bomb_refused_before_inflating(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="zip 爆弾"):
        read_workbook(p)
    with pytest.raises(InputError, match="展開後のサイズ"):
        read_workbook(p, Limits(max_uncompressed_bytes=1024 * 1024, max_compression_ratio=10**9))


def test_row_and_size_limits(tmp_path):
    with pytest.raises(InputError, match="行数が上限"):
        read_workbook(KAIGO_SPEC, Limits(max_rows=100))
    with pytest.raises(InputError, match="大きすぎます"):
        read_workbook(KAIGO_SPEC, Limits(max_file_bytes=1000))


def test_hidden_row_numbers_only_from_row_tags():
    xml = (b'<worksheet><sheetData><row r="2" spans="1:3" hidden="1"><c r="A2"><v>1</v></c></row>'
           b'<x:row r="7" hidden="true"/><row r="8" hidden="0"/><row r="9" customHeight="1" xhidden="1"/>'
           b'<row r="10"><c r="A10" t="inlineStr"><is><t>hidden="1"</t></is></c></row>'
           b'<rowBreaks hidden="1"/><col hidden="1"/></sheetData></worksheet>')
    assert _hidden_row_numbers(xml) == {1, 6}


def test_hidden_row_numbers_stay_linear_on_a_text_full_of_flags():
    """Each flag looks a bounded distance for its tag; searching the whole text each time would take minutes."""
    text = b' hidden="1"' * 400_000
    xml = b'<sheetData><row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>' + text + b"</t></is></c></row></sheetData>"
    assert _hidden_row_numbers(xml) == {2}
