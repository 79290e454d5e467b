"""Vendor sheets of every sample style; expectations from reading the files and their README."""

from collections import Counter

import openpyxl
import pytest

from checker.errors import InputError
from checker.io.vendor_reader import read_response
from tests.conftest import VENDOR


def codes(resp):
    return Counter(f.code for f in resp.lint)


def test_s4_workbook_hidden_rows_merged_id_and_formulas():
    resp = read_response(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx")
    assert resp.declared_version == "第6.0版"
    assert codes(resp) == {"hidden-row": 3, "invalid-answer": 2, "duplicate-id": 2, "blank-answer": 3}
    # the id cell merged over rows 322–323 gives its id to both rows: the second is a duplicate
    dup = [f for f in resp.lint if f.code == "duplicate-id" and f.cell == "機能!A323"]
    assert dup and "機能!A322" in dup[0].message
    by_cell = {a.cell: a for a in resp.answers}
    assert by_cell["機能!C44"].raw_answer == "要確認" and by_cell["機能!C44"].answer == "invalid"
    forms = [a for a in resp.answers if a.cell.startswith("帳票!")]
    assert len(forms) == 61 and forms[0].id == "0230001" and forms[0].comment == "標準機能で対応"


def test_s2_title_block_two_row_header_full_width_ids():
    resp = read_response(VENDOR / "介護保険_第6.0版_回答_テスト情報サービス.xlsx")
    assert resp.vendor == "テスト情報サービス株式会社"
    first = resp.answers[0]
    assert (first.id, first.raw_answer, first.answer, first.cell) == ("0230101", "対応", "yes", "回答書!D8")
    assert {a.answer for a in resp.answers} >= {"yes", "partial", "planned", "no", "na", "blank", "invalid"}
    # 帳票 rows follow the heading row 【帳票要件】 in the same table
    assert any(a.id == "0230010" for a in resp.answers)


def test_s3_cp932_csv_numeric_ids():
    resp = read_response(VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv")
    ids = [a.id for a in resp.answers]
    assert "0230265" in ids and all(len(i) == 7 for i in ids)
    marks = {a.raw_answer for a in resp.answers}
    assert {"◯", "▲", "×", "－", "移行後"} <= marks  # － decoded as CP932 FULLWIDTH HYPHEN-MINUS, not U+2212
    assert any(a.raw_answer == "?" and a.answer == "invalid" for a in resp.answers)
    assert codes(resp) == {"blank-answer": 2, "invalid-answer": 2, "duplicate-id": 1}


def test_s5_xls_numeric_ids_and_marks():
    resp = read_response(VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls")
    assert resp.vendor == "見本ソリューションズ株式会社"
    by_id = {a.id: a for a in resp.answers}
    assert "0010006" in by_id  # typed as the number 10006 in the sheet
    assert by_id["0010049"].answer == "invalid" and by_id["0010049"].raw_answer == "○×"
    assert codes(resp) == {"blank-answer": 3, "invalid-answer": 2, "duplicate-id": 1}


def test_s1_two_sheets():
    resp = read_response(VENDOR / "就学_第4.0版_回答_テスト情報サービス.xlsx")
    sheets = Counter(a.cell.split("!")[0] for a in resp.answers)
    assert sheets == {"機能要件回答": 262, "帳票要件回答": 40}


def _save(tmp_path, name, rows, hidden_sheet=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答"
    for r in rows:
        ws.append(r)
    if hidden_sheet:
        extra = wb.create_sheet("隠し")
        extra.append(["機能ID", "対応可否"])
        extra.append(["0230009", "○"])
        extra.sheet_state = "hidden"
    p = tmp_path / name
    wb.save(p)
    return p


def test_bad_id_with_answer_is_error_heading_rows_skipped(tmp_path):
    p = _save(tmp_path, "v.xlsx", [["表題"], ["機能ID", "対応可否", "備考"], ["■ 共通", None, None],
                                   ["023-0001", "○", None], ["02300X2", "○", "typo"], ["0230003", "X", None]],
              hidden_sheet=True)
    resp = read_response(p)
    assert [a.id for a in resp.answers] == ["0230001", "0230003", "0230009"]
    assert resp.answers[1].answer == "no"
    bad = [f for f in resp.lint if f.code == "bad-id"]
    assert len(bad) == 1 and bad[0].cell == "回答!A5" and bad[0].level == "error"
    assert any(f.code == "hidden-sheet" and f.cell == "隠し!A1" for f in resp.lint)


def test_no_answer_column_is_an_error_finding(tmp_path):
    resp = read_response(_save(tmp_path, "v.xlsx", [["機能ID", "機能名称"], ["0230001", "x"]]))
    assert [f.code for f in resp.lint] == ["no-answer-column"]
    assert resp.answers[0].answer == "blank"


def test_no_header_anywhere_lists_sheets(tmp_path):
    p = _save(tmp_path, "v.xlsx", [["番号", "回答"], ["1", "○"]])
    with pytest.raises(InputError) as err:
        read_response(p)
    assert "v.xlsx" in str(err.value) and "回答" in str(err.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encodings(tmp_path, encoding):
    p = tmp_path / "v.csv"
    p.write_bytes("機能ID,対応可否,備考\r\n230265,－,㈱対応\r\n0230266,○,\r\n".encode(encoding))
    resp = read_response(p)
    assert [(a.id, a.answer) for a in resp.answers] == [("0230265", "na"), ("0230266", "yes")]
    assert resp.answers[0].comment == "(株)対応"  # NFKC


def test_csv_undecodable(tmp_path):
    p = tmp_path / "v.csv"
    p.write_bytes(b"\x81\x00\xff\xfe" * 50 + "機能ID".encode("utf-16-le"))
    with pytest.raises(InputError, match="v.csv"):
        read_response(p)


def test_findings_in_row_order_and_duplicates_across_sheets(tmp_path):
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "機能"
    for r in (["機能ID", "対応可否"], ["0230001", "○"], ["0230002", "？"], ["xx", "○"], ["0230001", "×"], ["0230003", None]):
        first.append(r)
    first.row_dimensions[3].hidden = True  # 0230002
    second = wb.create_sheet("帳票")
    for r in (["帳票ID", "対応可否"], ["0230003", "○"], ["0230004", "△"]):
        second.append(r)
    p = tmp_path / "v.xlsx"
    wb.save(p)
    resp = read_response(p)
    assert [(f.code, f.cell) for f in resp.lint] == [
        ("hidden-row", "機能!A3"), ("invalid-answer", "機能!B3"), ("bad-id", "機能!A4"),
        ("duplicate-id", "機能!A5"), ("blank-answer", "機能!B6"), ("duplicate-id", "帳票!A2")]
    assert [(a.id, a.cell) for a in resp.answers] == [
        ("0230001", "機能!B2"), ("0230002", "機能!B3"), ("0230001", "機能!B5"), ("0230003", "機能!B6"),
        ("0230003", "帳票!B2"), ("0230004", "帳票!B3")]
