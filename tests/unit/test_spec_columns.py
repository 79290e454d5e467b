"""Which column of a spec table is read when a field has several: versions on a header's third row, the two
sides of a revision (改定前 | 改定後), a hidden column. The workbooks are built here, cell by cell."""

import openpyxl

from checker.io.spec_reader import read_spec
from tests.unit.test_spec_reader import _H, _book

# 要件 over 機能要件 | 実装区分, and 実装区分 merged over the versions on the third row
_THREE_ROWS = [["機能ID", "機能名称", "要件", None, None, "備考"], [None, None, "機能要件", "実装区分", None, None],
               [None, None, None, "第2.0版", "第3.0版", None]]


def _three_rows_merged(top):
    """The merges of _THREE_ROWS starting at 1-based row *top*."""
    return [f"A{top}:A{top + 2}", f"B{top}:B{top + 2}", f"C{top}:E{top}", f"C{top + 1}:C{top + 2}", f"D{top + 1}:E{top + 1}",
            f"F{top}:F{top + 2}"]


def test_a_three_row_header_reads_the_class_of_the_version_imported_from_its_third_row(tmp_path):
    """It read the header as two rows, the row of versions as a data row without an id, and every class from the
    第2.0版 column, with no warning at all. The header repeated for printing is read the same way."""
    rows = [["固定資産税システム標準仕様書【第3.0版】 機能要件"], *_THREE_ROWS,
            ["0120001", "a", "t", "実装必須機能", "実装必須機能", None], ["0120003", "c", "t", "標準オプション機能", "実装必須機能", None],
            *_THREE_ROWS, ["0120006", "f", "t", "実装必須機能", "標準オプション機能", None]]
    p = _book(tmp_path / "固定資産税_第3.0版_機能要件.xlsx", {"機能要件": rows},
              merged=[("機能要件", m) for m in (*_three_rows_merged(2), *_three_rows_merged(7))])
    warnings: list[str] = []
    spec = read_spec([p], warnings=warnings)
    assert [(r.id, r.cls, r.text) for r in spec.requirements] == [
        ("0120001", "mandatory", "t"), ("0120003", "mandatory", "t"), ("0120006", "optional", "t")]
    assert warnings == ["シート「機能要件」に版ごとの実装区分の列があります（D 列「実装区分(第2.0版)」、E 列「実装区分(第3.0版)」）。"
                        "取り込む 第3.0版 の E 列を使いました"]
    old = _book(tmp_path / "list.xlsx", {"機能要件": rows[1:]},
                merged=[("機能要件", m) for m in (*_three_rows_merged(1), *_three_rows_merged(6))])
    spec = read_spec([old], area="固定資産税", version="第2.0版", warnings=[])
    assert [r.cls for r in spec.requirements] == ["mandatory", "optional", "mandatory"]


def test_a_row_of_versions_under_class_columns_without_merges_is_part_of_the_header(tmp_path):
    """実装区分 | 実装区分 over 第5.0版 | 第6.0版, nothing merged: the row of versions was a data row without an id, skipped
    without a word, and the left (第5.0版) column read."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", "実装区分", "備考"], [None, None, None, "第5.0版", "第6.0版", None],
        ["0230101", "a", "t", "標準オプション機能", "実装必須機能", None]]})
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert req.cls == "mandatory"
    assert warnings == ["シート「機能要件」に版ごとの実装区分の列があります（D 列「実装区分(第5.0版)」、E 列「実装区分(第6.0版)」）。"
                        "取り込む 第6.0版 の E 列を使いました"]


def test_a_heading_row_under_a_two_row_header_stays_a_heading(tmp_path):
    """A row below a two-row header continues it only under a merged cell, beside the id header merged down over it,
    or as a row of versions: a section heading, its id cell blank, is not a third header row."""
    p = _book(tmp_path / "国民健康保険_第3.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", None, "備考"], [None, None, None, "指定都市", "一般市町村", None], [None, "■ 資格管理"],
        ["0240001", "a", "t", "実装必須機能", "標準オプション機能", "n"]]},
        merged=[("機能要件", m) for m in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2", "B3:C3")])
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert (req.cls, req.note, req.source) == ("mandatory", "n", "機能要件!A4")
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市町村)」）。"
                        "D 列を使いました"]


def test_a_hidden_class_column_gives_way_to_the_visible_one(tmp_path):
    """The old 実装区分 kept hidden left of the current one: the hidden one was read, and the warning did not say hidden."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", "実装区分"], ["0230101", "a", "t", "標準オプション機能", "実装必須機能"]]})
    wb = openpyxl.load_workbook(p)
    wb["機能要件"].column_dimensions["D"].hidden = True
    wb.save(p)
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert req.cls == "mandatory"
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分」（非表示）、E 列「実装区分」）。"
                        "表示されている E 列を使いました"]
