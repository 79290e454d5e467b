"""io.overwrite: which existing files a run may replace (its own earlier outputs) and which it must not."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from checker.errors import UsageError
from checker.io.export import Table, write_csv, write_xlsx
from checker.io.overwrite import refuse_overwriting, written_by_hyojun
from tests.conftest import FIXTURES, KAIGO_SPEC, VENDOR


def test_hyojuns_own_outputs_are_known_by_their_content(tmp_path: Path):
    write_xlsx(tmp_path / "lint.xlsx", [Table("指摘事項", ["番号", "指摘"], [[1, "x"]])])  # signed as hyojun's
    write_csv(tmp_path / "summary.csv", Table("一覧", ["業務", "回答ファイル", "判定", "必須機能の適合率(%)"], []))
    (tmp_path / "r.json").write_text('{\n  "tool": {\n    "name": "hyojun",\n    "version": "0.1.0"\n  }\n}', "utf-8")
    (tmp_path / "c.json").write_text('{"format":"hyojun-compare/1","tool":{"name":"hyojun"}}', "utf-8")
    (tmp_path / "r.html").write_text('<!doctype html><meta name="generator" content="hyojun 0.1.0">', "utf-8")
    # a lint's Excel written before workbooks were signed (the author left out), check_summary.csv saved by Excel
    with zipfile.ZipFile(tmp_path / "lint.xlsx") as signed, zipfile.ZipFile(tmp_path / "old.xlsx", "w") as old:
        for info in signed.infolist():
            data = signed.read(info)
            old.writestr(info, data.replace(b"<dc:creator>hyojun</dc:creator>", b"") if info.filename.endswith("core.xml")
                         else data)
    (tmp_path / "excel.csv").write_bytes("業務,回答ファイル,判定,必須機能の適合率(%)\r\n".encode("cp932"))
    assert [p.name for p in sorted(tmp_path.iterdir()) if not written_by_hyojun(p)] == []


@pytest.mark.parametrize("path", [KAIGO_SPEC, VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx",
                                  VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv", FIXTURES / "profiles" / "介護保険_profile.yaml"])
def test_a_ministrys_or_a_vendors_file_is_not(path: Path):
    assert path.is_file() and not written_by_hyojun(path)


def test_other_files_named_like_outputs_are_not(tmp_path: Path):
    (tmp_path / "a.json").write_text('{"tool": {"name": "other"}, "note": "hyojun"}', "utf-8")
    (tmp_path / "a.html").write_text("<html><body>hyojun</body></html>", "utf-8")
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    book = openpyxl.Workbook()  # a vendor's copy of a check's table: not hyojun's by its header alone
    book.active.append(["ID", "状態コード", "回答区分", "回答セル"])
    book.save(tmp_path / "b.xlsx")
    (tmp_path / "b.csv").write_bytes(b"\x82\xa0,\x82\xa2\r\n")  # CP932
    assert [p.name for p in sorted(tmp_path.iterdir()) if written_by_hyojun(p)] == []


def test_refused_before_anything_is_written(tmp_path: Path):
    vendor = tmp_path / "A社.xlsx"
    vendor.write_bytes((VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx").read_bytes())
    with pytest.raises(UsageError, match="hyojun の出力でないファイルがあります.*--xlsx で別の出力先"):
        refuse_overwriting([tmp_path / "A社.json", vendor], [], "--xlsx")
    with pytest.raises(UsageError, match="は入力ファイル .* と同じファイルです"):
        refuse_overwriting([vendor], [vendor])
    refuse_overwriting([tmp_path / "new.xlsx", tmp_path], [])  # not there yet, or a folder: nothing to lose
