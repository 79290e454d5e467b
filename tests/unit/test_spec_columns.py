"""Which column of a spec table is read when a field has several: versions on a header's third row, the two
sides of a revision (改定前 | 改定後), a hidden column. The workbooks are built here, cell by cell."""

import openpyxl
import pytest

from checker.errors import InputError
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
    or as a row of versions: a section heading, its id cell blank, is not a third header row. The classes per kind of
    town differ: --class-column picks the town's."""
    p = _book(tmp_path / "国民健康保険_第3.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", None, "備考"], [None, None, None, "指定都市", "一般市町村", None], [None, "■ 資格管理"],
        ["0240001", "a", "t", "実装必須機能", "標準オプション機能", "n"]]},
        merged=[("機能要件", m) for m in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2", "B3:C3")])
    warnings: list[str] = []
    (req,) = read_spec([p], class_column="一般市町村", warnings=warnings).requirements
    assert (req.cls, req.note, req.source) == ("optional", "n", "機能要件!A4")
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市町村)」）。"
                        "--class-column で指定した E 列を使いました"]


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


def _revision(tmp_path, rows, merged=(), name="介護保険_第6.0版_機能要件.xlsx"):
    return _book(tmp_path / name, {"機能要件": rows}, merged=[("機能要件", m) for m in merged])


def test_groups_before_and_after_a_revision_read_every_field_on_the_revised_side(tmp_path):
    """改定前 over 機能名称 | 機能要件 | 実装区分 | 備考 and 改定後 over the same: the left (改定前) class was read, its text,
    name and note too, so the version stored was the previous one and spec diff showed no change at all."""
    fields = ["機能名称", "機能要件", "実装区分", "備考"]
    p = _revision(tmp_path, [
        ["機能ID", "改定前", None, None, None, "改定後", None, None, None], [None, *fields, *fields],
        ["0230101", "旧名", "旧本文", "標準オプション機能", "旧備考", "新名", "新本文", "実装必須機能", "新備考"]],
        merged=["A1:A2", "B1:E1", "F1:I1"])
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert (req.name, req.text, req.cls, req.note) == ("新名", "新本文", "mandatory", "新備考")
    assert warnings == ["シート「機能要件」は改定前と改定後の列が並ぶ表です（B 列「機能名称（改定前）」、C 列「機能要件（改定前）」、"
                        "D 列「実装区分（改定前）」、E 列「備考（改定前）」、F 列「機能名称（改定後）」、G 列「機能要件（改定後）」、"
                        "H 列「実装区分（改定後）」、I 列「備考（改定後）」）。"
                        "改定後の F 列（機能名称）、G 列（機能要件）、H 列（実装区分）、I 列（備考）を使いました"]


@pytest.mark.parametrize("before, after", [("改定前", "改定後"), ("改正前", "改正後"), ("変更前", "変更後"), ("旧", "新"),
                                           ("現行", "改定案")])
def test_labels_noting_the_side_of_a_revision_read_the_revised_side(tmp_path, before, after):
    p = _revision(tmp_path, [
        ["機能ID", f"機能要件（{before}）", f"実装区分（{before}）", f"機能要件（{after}）", f"実装区分（{after}）"],
        ["0230101", "旧本文", "標準オプション機能", "新本文", "実装必須機能"]])
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert (req.text, req.cls) == ("新本文", "mandatory")
    assert warnings == [f"シート「機能要件」は改定前と改定後の列が並ぶ表です（B 列「機能要件({before})」、C 列「実装区分({before})」、"
                        f"D 列「機能要件({after})」、E 列「実装区分({after})」）。改定後の D 列（機能要件）、E 列（実装区分）を使いました"]


def test_a_class_header_merged_over_before_and_after_reads_after(tmp_path):
    p = _revision(tmp_path, [[*_H, "実装区分", None], [None, None, None, "改定前", "改定後"],
                             ["0230101", "a", "t", "標準オプション機能", "実装必須機能"]],
                  merged=["A1:A2", "B1:B2", "C1:C2", "D1:E1"])
    warnings: list[str] = []
    assert [r.cls for r in read_spec([p], warnings=warnings).requirements] == ["mandatory"]
    assert warnings == ["シート「機能要件」は改定前と改定後の列が並ぶ表です（D 列「実装区分(改定前)」、E 列「実装区分(改定後)」）。"
                        "改定後の E 列（実装区分）を使いました"]


def test_a_column_marked_neither_beside_the_previous_one_is_the_revised_one(tmp_path):
    p = _revision(tmp_path, [[*_H, "実装区分（改定前）", "実装区分"], ["0230101", "a", "t", "標準オプション機能", "実装必須機能"]])
    warnings: list[str] = []
    assert [r.cls for r in read_spec([p], warnings=warnings).requirements] == ["mandatory"]
    assert warnings[0].endswith("改定後の E 列（実装区分）を使いました")


@pytest.mark.parametrize("labels, why", [
    (["実装区分（改定後）", "実装区分（新）"], "の実装区分の列（D 列「実装区分(改定後)」、E 列「実装区分(新)」）のうち、どれが改定後の列か"
                                        "決められません。使わない列を削除するか、見出しに改定前・改定後を書き分けてください"),
    (["実装区分（改定前）", "実装区分（旧）"], "の実装区分の列（D 列「実装区分(改定前)」、E 列「実装区分(旧)」）は改定前の列だけで、"
                                        "改定後の列がありません"),
])
def test_a_revised_side_that_cannot_be_told_is_an_error_naming_the_columns(tmp_path, labels, why):
    p = _revision(tmp_path, [[*_H, *labels], ["0230101", "a", "t", "標準オプション機能", "実装必須機能"]])
    with pytest.raises(InputError) as err:
        read_spec([p], warnings=[])
    assert len(err.value.details) == 1 and err.value.details[0].startswith("シート「機能要件」" + why)


def test_groups_naming_versions_as_well_as_sides_follow_the_version_imported(tmp_path):
    """改定前（第5.0版）| 改定後（第6.0版）: the version decides (it did before sides were read), so --version 第5.0版 reads
    the 改定前 side, text and class alike."""
    rows = [["機能ID", "改定前（第5.0版）", None, "改定後（第6.0版）", None], [None, "機能要件", "実装区分", "機能要件", "実装区分"],
            ["0230101", "旧本文", "標準オプション機能", "新本文", "実装必須機能"]]
    merged = ["A1:A2", "B1:C1", "D1:E1"]
    for name, version, expected in (("介護保険_第6.0版_機能要件.xlsx", None, ("新本文", "mandatory")),
                                    ("list.xlsx", "第5.0版", ("旧本文", "optional"))):
        warnings: list[str] = []
        (req,) = read_spec([_revision(tmp_path, rows, merged, name)], area="介護保険", version=version,
                           warnings=warnings).requirements
        assert (req.text, req.cls) == expected
        assert warnings == ["シート「機能要件」に版ごとの実装区分の列があります（C 列「実装区分（改定前(第5.0版)）」、"
                            f"E 列「実装区分（改定後(第6.0版)）」）。取り込む {version or '第6.0版'} の "
                            f"{'C' if version else 'E'} 列を使いました"]


def test_an_old_number_column_or_a_note_under_a_group_new_is_no_table_of_two_sides(tmp_path):
    """項番（旧） beside 項番, and a 備考 alone under a group 「新」: 「改定前と改定後の列が並ぶ表です」 was said of them. Only
    the fields a revision rewrites (実装区分, 機能要件, 機能名称, 備考), given twice, make a table of two sides."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [None, None, None, None, None, None, "新"], ["項番", *_H, "実装区分", "項番（旧）", "備考"],
        ["1.1.1", "0230101", "a", "t", "実装必須機能", "1.1.9", "n"]]}, merged=[("機能要件", "G1:H1")])
    warnings: list[str] = []
    (req,) = read_spec([p], warnings=warnings).requirements
    assert (req.number, req.note, warnings) == ("1.1.1", "n", [])


def _two_classes(tmp_path, labels, rows, name="介護保険_第6.0版_機能要件.xlsx", merged=()):
    """A spec table with two (or more) 実装区分 columns labelled *labels*, a requirement a row: (id, class, class…)."""
    return _book(tmp_path / name, {"機能要件": [[*_H, *labels], *([rid, "a", "t", *classes] for rid, *classes in rows)]},
                 merged=[("機能要件", m) for m in merged])


@pytest.mark.parametrize("label", ["実装区分（R6.4時点）", "実装区分（パブコメ時）", "実装区分（案）", "実装区分（指定都市）"])
def test_class_columns_no_rule_tells_apart_are_refused_where_they_differ(tmp_path, label):
    """The left column was read, with a 注意 alone: the previous class (0230103 mandatory, now optional) or a 指定都市's
    class stored for a 町村, turning an option into a mandatory gap."""
    rows = [("0230101", "実装必須機能", "実装必須機能"), ("0230103", "実装必須機能", "標準オプション機能"),
            ("0230104", "実装不可機能", "実装不可機能"), ("0230202", "実装必須機能", "オプション")]
    with pytest.raises(InputError) as err:
        read_spec([_two_classes(tmp_path, [label, "実装区分"], rows)], warnings=[])
    shown = label.replace("（", "(").replace("）", ")")
    assert err.value.details == [
        f"シート「機能要件」に実装区分の列が 2 つあります（D 列「{shown}」、E 列「実装区分」）。2 行で実装区分が違い"
        "（0230103: 実装必須機能／標準オプション機能、0230202: 実装必須機能／オプション）、どの列を読むか決められません。"
        "読む列を --class-column で指定してください（例: --class-column 実装区分）。前の版の実装区分の列なら、"
        "見出しに「（改定前）」「（前回）」などと書けば、その列は読みません"]


def _forms_below(tmp_path, forms, merged=()):
    """A 機能 table of one 実装区分 column, and below it a 帳票 table with 実装区分 merged over 指定都市 | 一般市区町村
    (*forms*: id, the two classes; *merged*: more merges)."""
    rows = [[*_H, "実装区分"], ["0230101", "a", "t", "実装必須機能"], [None],
            ["帳票ID", "帳票名称", "帳票概要", "実装区分", None], [None, None, None, "指定都市", "一般市区町村"],
            *([i, "f", "o", c, d] for i, c, d in forms)]
    return _book(tmp_path / "介護保険_第6.0版.xlsx", {"機能要件": rows},
                 merged=[("機能要件", c) for c in ("A4:A5", "B4:B5", "C4:C5", "D4:E4", *merged)])


def test_class_columns_of_a_next_table_are_compared_as_the_first_tables_are(tmp_path):
    """帳票 below 機能, its class columns differing: the left (指定都市) one was read, without a word, for the first
    header's columns alone were compared. Alike, they are named as the first table's are, a class cell merged down in
    the right one read on each of its rows (its merges were not read: the first table has no such column)."""
    forms = [("0230001", "実装必須機能", "実装必須機能"), ("0230002", "実装必須機能", "標準オプション機能")]
    with pytest.raises(InputError) as err:
        read_spec([_forms_below(tmp_path, forms)], warnings=[])
    assert err.value.details == [
        "シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市区町村)」）。1 行で実装区分が"
        "違い（0230002: 実装必須機能／標準オプション機能）、どの列を読むか決められません。読む列を --class-column で指定してください"
        "（例: --class-column \"実装区分(一般市区町村)\"）。前の版の実装区分の列なら、見出しに「（改定前）」"
        "「（前回）」などと書けば、その列は読みません"]
    warnings: list[str] = []
    alike = [forms[0], ("0230002", "実装必須機能", None)]
    spec = read_spec([_forms_below(tmp_path, alike, merged=["E6:E7"])], warnings=warnings)
    assert [(r.id, r.kind, r.cls) for r in spec.requirements] == [
        ("0230101", "function", "mandatory"), ("0230001", "form", "mandatory"), ("0230002", "form", "mandatory")]
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市区町村)」）。"
                        "どの要件の行も実装区分が同じため、D 列を読みました"]


def test_differing_rows_past_five_are_counted(tmp_path):
    rows = [(f"02301{i:02d}", "実装必須機能", "標準オプション機能") for i in range(1, 8)]
    with pytest.raises(InputError) as err:
        read_spec([_two_classes(tmp_path, ["実装区分（指定都市）", "実装区分（一般市区町村）"], rows)], warnings=[])
    (detail,) = err.value.details
    assert ("7 行で実装区分が違い（0230101: 実装必須機能／標準オプション機能、" in detail
            and "0230105: 実装必須機能／標準オプション機能、ほか 2 行）" in detail
            and "（例: --class-column \"実装区分(一般市区町村)\"）" in detail)


def test_class_columns_alike_on_every_row_are_read(tmp_path):
    """A row's class (with its annotation) is compared, not the words: 必須 is 実装必須機能."""
    rows = [("0230101", "実装必須機能", "必須"), ("0230103", "標準オプション機能（※1）", "標準オプション機能")]
    warnings: list[str] = []
    spec = read_spec([_two_classes(tmp_path, ["実装区分（R6.4時点）", "実装区分"], rows)], warnings=warnings)
    assert [r.cls for r in spec.requirements] == ["mandatory", "optional"]
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(R6.4時点)」、E 列「実装区分」）。"
                        "どの要件の行も実装区分が同じため、D 列を読みました"]
    with pytest.raises(InputError, match="1 行で実装区分が違い（0230101: 実装必須機能／実装必須機能（経過措置））"):
        read_spec([_two_classes(tmp_path, ["実装区分（R6.4時点）", "実装区分"], [("0230101", "実装必須機能", "実装必須機能（経過措置）")])])


@pytest.mark.parametrize("label", ["実装区分（前回）", "実装区分（前版）", "実装区分（従前）", "実装区分（当初）", "実装区分（参考）"])
def test_a_class_column_labelled_previous_is_never_read(tmp_path, label):
    """The left one of 実装区分（前回）| 実装区分 was read: the previous class. Said as what it is, not as the 改定前 side
    of a 新旧 table."""
    rows = [("0230101", "実装必須機能", "実装必須機能"), ("0230103", "実装必須機能", "標準オプション機能")]
    warnings: list[str] = []
    spec = read_spec([_two_classes(tmp_path, [label, "実装区分"], rows)], warnings=warnings)
    assert [r.cls for r in spec.requirements] == ["mandatory", "optional"]
    shown = label.replace("（", "(").replace("）", ")")
    assert warnings == [f"シート「機能要件」の D 列「{shown}」は参考・前回などの列のため読まず、E 列（実装区分）を使いました"]


@pytest.mark.parametrize("given", ["実装区分（一般市区町村）", "実装区分(一般市区町村)", "一般市区町村", "e", "Ｅ"])
def test_the_class_column_option_picks_the_column_on_every_sheet_that_has_it(tmp_path, given):
    head = [[*_H, "実装区分", None], [None, None, None, "指定都市", "一般市区町村"]]
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [*head, ["0230101", "a", "t", "実装必須機能", "標準オプション機能"]],
        "帳票要件": [["帳票ID", "帳票名称", "帳票概要", "実装区分（指定都市）", "実装区分（一般市区町村）"],
                  ["0230001", "通知書", "t", "実装必須機能", "実装不可機能"]]},
        merged=[("機能要件", c) for c in ("A1:A2", "B1:B2", "C1:C2", "D1:E1")])
    warnings: list[str] = []
    spec = read_spec([p], class_column=given, warnings=warnings)
    assert [(r.id, r.cls) for r in spec.requirements] == [("0230101", "optional"), ("0230001", "prohibited")]
    assert warnings == [f"シート「{sheet}」に実装区分の列が 2 つあります（D 列「実装区分({town})」、E 列「実装区分(一般市区町村)」）。"
                        "--class-column で指定した E 列を使いました" for sheet, town in (("機能要件", "指定都市"), ("帳票要件", "指定都市"))]


def test_a_class_column_option_matching_no_column_or_several_is_an_error(tmp_path):
    p = _two_classes(tmp_path, ["実装区分（指定都市）", "実装区分（一般市区町村）"], [("0230101", "実装必須機能", "標準オプション機能")])
    with pytest.raises(InputError) as err:
        read_spec([p], class_column="一般市町村")
    assert str(err.value) == ("介護保険_第6.0版_機能要件.xlsx: --class-column「一般市町村」に当たる実装区分の列がありません（シート「機能要件」: "
                              "D 列「実装区分(指定都市)」、E 列「実装区分(一般市区町村)」）。列の見出し（例: 実装区分(一般市区町村)）か"
                              "列の文字（例: G）で指定してください")
    p = _two_classes(tmp_path, ["実装区分", "実装区分"], [("0230101", "実装必須機能", "標準オプション機能")])
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert "読む列を --class-column で指定してください（例: --class-column E）。" in err.value.details[0]  # the label is both's
    with pytest.raises(InputError) as err:
        read_spec([p], class_column="実装区分")
    assert err.value.details == ["シート「機能要件」では、--class-column「実装区分」に当たる実装区分の列が 2 つあります（D 列「実装区分」、"
                                 "E 列「実装区分」）。列の文字で指定してください（例: --class-column E）"]
    assert [r.cls for r in read_spec([p], class_column="D").requirements] == ["mandatory"]



def _two_tables(tmp_path):
    """機能 with 実装区分 over 指定都市 | 一般市区町村 in D | E, and below it 帳票 with the same pair one column to the right
    (E | F), each table with a row whose classes differ."""
    rows = [[*_H, "実装区分", None], [None, None, None, "指定都市", "一般市区町村"],
            ["0230101", "a", "t", "実装必須機能", "標準オプション機能"], [None],
            ["帳票ID", "帳票名称", "帳票概要", None, "実装区分", None], [None, None, None, None, "指定都市", "一般市区町村"],
            ["0230001", "f", "o", None, "実装必須機能", "標準オプション機能"]]
    return _book(tmp_path / "介護保険_第6.0版.xlsx", {"機能要件": rows},
                 merged=[("機能要件", c) for c in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "A5:A6", "B5:B6", "C5:C6", "E5:F5")])


def test_where_two_tables_have_their_class_columns_at_different_letters_the_label_is_suggested(tmp_path):
    """The errors suggested --class-column E for the 機能 table and --class-column F for the 帳票 table, though the
    option takes one value, and E reads 指定都市 in the 帳票 table: the label tells the columns apart, the letter not."""
    with pytest.raises(InputError) as err:
        read_spec([_two_tables(tmp_path)], warnings=[])
    assert [d.split("決められません。")[1].split("。")[0] for d in err.value.details] == [
        "読む列を --class-column で指定してください（例: --class-column \"実装区分(一般市区町村)\"）"] * 2


def test_a_letter_picking_columns_of_different_labels_in_two_tables_is_refused(tmp_path):
    """--class-column E read 一般市区町村 in the 機能 table and 指定都市 in the 帳票 table below it, without a word:
    0230001 stored mandatory for a 町村."""
    with pytest.raises(InputError) as err:
        read_spec([_two_tables(tmp_path)], class_column="E", warnings=[])
    assert str(err.value) == (
        "介護保険_第6.0版.xlsx: --class-column「E」に当たる実装区分の列の見出しが表によって違います（シート「機能要件」2行目の表の "
        "E 列「実装区分(一般市区町村)」、シート「機能要件」6行目の表の E 列「実装区分(指定都市)」）。列の文字はシートの表ごとに違う列を"
        "指します。読む列を見出しで指定してください（例: --class-column \"実装区分(一般市区町村)\"）")


def test_a_next_table_says_which_class_column_the_option_picked(tmp_path):
    """The warnings of a header found again were dropped: the 帳票 table's column read was not named."""
    warnings: list[str] = []
    spec = read_spec([_two_tables(tmp_path)], class_column="一般市区町村", warnings=warnings)
    assert [(r.id, r.cls) for r in spec.requirements] == [("0230101", "optional"), ("0230001", "optional")]
    assert warnings == [f"シート「機能要件」に実装区分の列が 2 つあります（{a} 列「実装区分(指定都市)」、{b} 列「実装区分(一般市区町村)」）。"
                        f"--class-column で指定した {b} 列を使いました" for a, b in (("D", "E"), ("E", "F"))]


def test_what_a_header_repeated_on_every_page_says_is_said_once(tmp_path):
    """A header found again says what it chose (test_a_next_table_says_which_class_column_the_option_picked); repeated
    for printing, it says what its first copy said, once."""
    head = [*_H, "実装区分（指定都市）", "実装区分（一般市区町村）"]
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        head, ["0230101", "a", "t", "実装必須機能", "標準オプション機能"], head, ["0230102", "b", "t", "実装必須機能", "実装必須機能"],
        head, ["0230103", "c", "t", "実装不可機能", "実装不可機能"]]})
    warnings: list[str] = []
    spec = read_spec([p], class_column="D", warnings=warnings)
    assert [r.cls for r in spec.requirements] == ["mandatory", "mandatory", "prohibited"]
    assert warnings == ["シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市区町村)」）。"
                        "--class-column で指定した D 列を使いました"]

def test_hidden_class_columns_are_named_but_not_compared(tmp_path):
    p = _two_classes(tmp_path, ["実装区分", "実装区分（指定都市）", "実装区分（一般市区町村）"],
                     [("0230101", "実装不可機能", "実装必須機能", "実装必須機能"), ("0230103", "実装不可機能", "実装必須機能", "オプション")])
    wb = openpyxl.load_workbook(p)
    wb["機能要件"].column_dimensions["D"].hidden = True
    wb.save(p)
    with pytest.raises(InputError) as err:
        read_spec([p])
    assert err.value.details[0].startswith(
        "シート「機能要件」に実装区分の列が 3 つあります（D 列「実装区分」（非表示）、E 列「実装区分(指定都市)」、F 列「実装区分(一般市区町村)」）。"
        "1 行で実装区分が違い（0230103: 実装必須機能／オプション）")


def test_a_spec_read_where_it_is_used_names_the_import_to_choose_a_class_column(tmp_path):
    """check --spec FILE has no --class-column: the import to run with it is named."""
    p = _two_classes(tmp_path, ["実装区分（指定都市）", "実装区分（一般市区町村）"], [("0230101", "実装必須機能", "標準オプション機能")])
    with pytest.raises(InputError) as err:
        read_spec([p], via_import=True)
    assert (f"`hyojun spec import {p} --class-column \"実装区分(一般市区町村)\"`で読む列を指定して"
            "取り込み、業務名@版（例: 介護保険@第6.0版）で指定してください。" in err.value.details[0])


def _marks(tmp_path, rows):
    """実装区分 merged over a column per class, a mark in the column of the row's class."""
    return _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        [*_H, "実装区分", None, None, "備考"], [None, None, None, "実装必須機能", "標準オプション機能", "実装不可機能", None],
        *([rid, "a", "t", *marks, None] for rid, *marks in rows)]},
        merged=[("機能要件", c) for c in ("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2")])


def test_a_column_per_class_reads_the_class_of_the_column_marked(tmp_path):
    """○ in one of 実装必須機能 | 標準オプション機能 | 実装不可機能 under 実装区分: each ○ was refused as no class, and an
    empty cell said 実装区分「」を解釈できません."""
    spec = read_spec([_marks(tmp_path, [("0230101", "○", None, None), ("0230102", None, "✓", "－"),
                                        ("0230103", "×", None, "●")])], warnings=[])
    assert [r.cls for r in spec.requirements] == ["mandatory", "optional", "prohibited"]


def test_a_column_per_class_marked_twice_or_not_at_all_is_an_error(tmp_path):
    with pytest.raises(InputError) as err:
        read_spec([_marks(tmp_path, [("0230101", "○", None, None), ("0230102", "○", "○", None),
                                     ("0230103", None, None, None), ("0230104", "－", None, None),
                                     ("0230105", "－", "×", "－")])])
    none = ("実装区分が空欄です（実装区分ごとの印の列 D 列「実装区分(実装必須機能)」、E 列「実装区分(標準オプション機能)」、"
            "F 列「実装区分(実装不可機能)」 のどれにも印がありません）")
    # a － in the 実装必須機能 column is "not mandatory", not the 実装区分 「－」 of a deleted row, nor a blank cell
    unmarked = ("実装区分ごとの印の列 D 列「実装区分(実装必須機能)」、E 列「実装区分(標準オプション機能)」、F 列「実装区分(実装不可機能)」 "
                "のどれにも印がありません（－・× は印とみなしません）")
    assert err.value.details == ["機能要件!D4: 実装区分の印が 2 つの列（D 列、E 列）にあります。1 つの列にだけ印を付けてください",
                                 f"機能要件!D5: {none}", f"機能要件!D6: {unmarked}", f"機能要件!D7: {unmarked}"]
