import csv
import io

import openpyxl
import pytest

from checker.io.export import Table, csv_bytes, neutralize, write_xlsx


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+cmd", "'+cmd"), ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "-"), ("－", "－"), ("○", "○"), (5, 5),
])
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_csv_has_bom_crlf_and_neutralised_cells():
    data = csv_bytes(Table("t", ["ID", "備考"], [["0230001", "=1+1"], ["0000002", None]]))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["ID", "備考"], ["0230001", "'=1+1"], ["0000002", ""]]


def test_xlsx_machine_readable(tmp_path):
    p = tmp_path / "out.xlsx"
    write_xlsx(p, [Table("要件/結果", ["ID", "件数", "備考"], [["0230001", 3, "@x"], ["0230002", 0, ""]], [10, 8, 40])])
    wb = openpyxl.load_workbook(p)
    ws = wb["要件_結果"]
    assert [c.value for c in ws[1]] == ["ID", "件数", "備考"]
    assert ws["A2"].value == "0230001" and ws["A2"].data_type == "s"  # ids stay text, leading zero kept
    assert ws["B2"].value == 3 and ws["C2"].value == "'@x" and ws["C2"].data_type == "s"
    assert ws.auto_filter.ref == "A1:C3" and ws.freeze_panes == "A2"
    assert not ws.merged_cells.ranges
