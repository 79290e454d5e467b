"""find_header on its own: which column names a field when several could."""

import pytest

from checker.io.answer_sheets import VENDOR_ALIASES
from checker.io.headers import find_header
from checker.io.spec_reader import SPEC_ALIASES
from checker.io.workbook import Sheet
from checker.normalize import header


def _sheet(rows, merged=()):
    """A sheet of *rows* (padded to one width) with *merged* ranges ((r0, c0), (r1, c1)), 0-based."""
    width = max(map(len, rows))
    return Sheet("機能", [[*row, *[""] * (width - len(row))] for row in rows], list(merged))


@pytest.mark.parametrize("aliases", [VENDOR_ALIASES, SPEC_ALIASES], ids=["vendor", "spec"])
@pytest.mark.parametrize("label", ["※機能ID", "機能ID※1", "機能ID(注)", "★機能ID"])
def test_the_first_id_alias_wins_over_an_exact_later_one(aliases, label):
    """The id's alias rank comes before an exact label's precedence over a noted one: a serial 「ID」 stays a serial."""
    match = find_header(_sheet([["ID", label, "実装区分", "対応可否"], [1, "0230101", "必須", "○"]]), aliases)
    assert match is not None and match.columns["id"] == 1 and match.candidates["id"] == (1, 0)


def test_the_first_id_alias_wins_over_a_later_one_in_a_lower_row():
    """The id's alias rank comes before depth too: a serial 要件番号 under a group is no id beside 機能ID above."""
    match = find_header(_sheet([["機能ID", "要件", "", "ベンダ回答"], ["", "要件番号", "要件名称", "対応可否"]],
                               [((0, 1), (0, 2))]), VENDOR_ALIASES)
    assert match is not None and match.columns["id"] == 0 and match.candidates["id"] == (0, 1) and match.row == 1


def test_a_label_merged_down_over_the_lower_row_stands_in_it():
    """Equally deep as the lower labels: of two 備考, the left one (merged down) comes first, as in a one-row header."""
    rows = [["機能ID", "備考", "ベンダ回答", ""], ["", "", "対応可否", "備考"]]
    match = find_header(_sheet(rows, [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3))]), VENDOR_ALIASES)
    assert match is not None and match.candidates["comment"] == (1, 3) and match.row == 1
    # not merged down, 備考 is an upper label and the lower one comes first
    match = find_header(_sheet(rows, [((0, 0), (1, 0)), ((0, 2), (0, 3))]), VENDOR_ALIASES)
    assert match is not None and match.candidates["comment"] == (3, 1)


@pytest.mark.parametrize("rows, merged, named", [
    # 備考 only in the upper row, the group ベンダ回答 over 対応可否 | 対応時期
    ([["", "ベンダ回答", "", "備考"], ["機能ID", "対応可否", "対応時期", ""]], [((0, 1), (0, 2))],
     {"id": 0, "answer": 1, "timing": 2, "comment": 3}),
    ([["", "対応時期", "ベンダ回答"], ["機能ID", "", "対応可否"]], [], {"id": 0, "timing": 1, "answer": 2}),
], ids=["comment", "timing"])
def test_an_upper_row_names_the_columns_the_id_labels_row_leaves_unnamed(rows, merged, named):
    """semantics.md §6 and decisions.md: a lower label names its column, an upper one a column without a lower label.
    With 機能ID in the lower row the upper row was not read: the vendor's remarks came out empty without a word."""
    match = find_header(_sheet([["介護保険 回答書"], *rows], [((r0 + 1, c0), (r1 + 1, c1)) for (r0, c0), (r1, c1) in merged]),
                        VENDOR_ALIASES, required=("answer",))
    assert match is not None and match.row == 2 and match.columns == named


def test_an_upper_group_names_the_columns_under_it_as_its_field_with_the_id_below():
    """実装区分 over 指定都市 | 一般市区町村 with 機能ID in the lower row: the spec's columns per kind of town."""
    match = find_header(_sheet([["", "", "実装区分", ""], ["機能ID", "機能名称", "指定都市", "一般市区町村"]], [((0, 2), (0, 3))]),
                        SPEC_ALIASES, required=("id", "class"), group_fields=("class",))
    assert match is not None and match.candidates["class"] == (2, 3)
    assert match.labels[3] == "実装区分(一般市区町村)"


@pytest.mark.parametrize("lower", ["標準／オプション", "区分", "必須・オプション"])
@pytest.mark.parametrize("groups", [False, True], ids=["blank-above", "groups-above"])
def test_an_unmerged_class_label_over_one_column_names_it_as_a_merged_one_does(lower, groups):
    """実装区分 over 標準／オプション (or 区分, which names 区分 otherwise) in one column of its own, with 機能ID below it,
    blank above or under a group 機能要件 over 機能ID | 機能名称 | 要件: the sheet had no 実装区分 and was passed over."""
    upper = ["機能分類", "", "機能要件", "", "", "実装区分", "備考"] if groups else ["", "", "", "", "", "実装区分", ""]
    merged = [((0, 0), (0, 1)), ((0, 2), (0, 4)), ((0, 6), (1, 6))] if groups else []
    rows = [upper, ["大項目", "中項目", "機能ID", "機能名称", "要件", lower, "" if groups else "備考"],
            ["共通", "宛名", "0230101", "a", "t", "実装必須機能", ""]]
    match = find_header(_sheet(rows, merged), SPEC_ALIASES, required=("id", "class"), group_fields=("class",))
    assert match is not None and match.row == 1 and match.columns["class"] == 5 and match.columns["id"] == 2
    assert match.labels[5] == f"実装区分({header(lower)})" and match.columns["text"] == 4 and match.columns["note"] == 6
    # in the id's row, over a lower row (機能ID merged down over it)
    rows = [["機能ID", "機能名称", "実装区分", "備考"], ["", "", lower, ""], ["0230101", "a", "実装必須機能", ""]]
    match = find_header(_sheet(rows, [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 3), (1, 3))]), SPEC_ALIASES,
                        required=("id", "class"), group_fields=("class",))
    assert match is not None and match.row == 1 and match.columns["class"] == 2


@pytest.mark.parametrize("labels", [["実装区分"], ["実装区分", "実装区分（R6.4時点）"]])
def test_a_class_label_merged_down_under_a_row_of_groups_keeps_its_label(labels):
    """実装区分 (and 実装区分（R6.4時点）) merged down over both header rows beside 機能要件 merged over 機能ID | 機能名称 |
    要件: its lower label is the same cell's, no label under a group (it was 実装区分(実装区分), which --class-column
    did not take as written)."""
    n = len(labels)
    rows = [["機能要件", "", "", *labels, "備考"], ["機能ID", "機能名称", "要件", *[""] * n, ""],
            ["0170001", "a", "t", *["実装必須機能"] * n, ""]]
    merged = [((0, 0), (0, 2)), *(((0, c), (1, c)) for c in range(3, 4 + n))]
    match = find_header(_sheet(rows, merged), SPEC_ALIASES, required=("id", "class"), group_fields=("class",))
    assert match is not None and match.columns["id"] == 0 and sorted(match.candidates["class"]) == list(range(3, 3 + n))
    assert [match.labels[c] for c in range(3, 4 + n)] == [*(header(label) for label in labels), "備考"]


def test_a_group_over_the_id_column_beside_labels_of_fields_stays_out_of_the_header():
    """機能要件 over 機能ID | 機能名称 beside 備考 over a column named below: no row of groups (no 実装区分 over a column
    its lower label leaves unnamed), as before."""
    rows = [["機能要件", "", "備考"], ["機能ID", "機能名称", "実装区分"], ["0230101", "a", "実装必須機能"]]
    match = find_header(_sheet(rows, [((0, 0), (0, 1))]), SPEC_ALIASES, required=("id", "class"), group_fields=("class",))
    assert match is not None and match.top == 1 and match.labels == {0: "機能ID", 1: "機能名称", 2: "実装区分"}


@pytest.mark.parametrize("title, merged", [
    (["介護保険システム 標準仕様 適合状況回答書"], [((0, 0), (0, 4))]),  # over the id column too
    (["", "介護保険 回答書（第6.0版）"], [((0, 1), (0, 4))]),  # no field
    (["ベンダ名", "架空システムズ株式会社", "", "回答日", "2025/4/1"], []),
    (["", "", "ベンダ回答", ""], [((0, 2), (0, 3))]),  # a group over labels of fields: nothing for it to name
    (["説明", "", "", "", "", "備考"], []),  # a label in the id column: a note, not the header's
    (["", "ID", "R7-KAIGO-001", "", "", "備考"], []),  # an id label: a header's first row itself, tried before
])
def test_a_title_above_a_one_row_header_is_not_its_upper_row(title, merged):
    match = find_header(_sheet([title, ["機能ID", "機能名称", "対応可否", "備考", ""], ["0230101", "a", "○", ""]], merged),
                        VENDOR_ALIASES, required=("answer",))
    assert match is not None and match.row == 1
    assert match.labels == {0: "機能ID", 1: "機能名称", 2: "対応可否", 3: "備考"}


@pytest.mark.parametrize("lower, lower_row", [
    (["○", "△", "×", "－"], True),
    (["○", "△", "予定", "×", "－"], True),
    (["○", "", "", ""], False),  # an answer without its id: bad-id, as before
    (["○", "○", "", ""], False),  # one mark twice: data
], ids=["marks", "planned", "one-answer", "one-mark"])
def test_a_row_of_answer_marks_under_the_answer_label_is_the_headers_lower_row(lower, lower_row):
    """対応可否 over ○ | △ | × | － with no merge (every CSV export): the row of marks was read as an answer without id, and
    the columns right of 対応可否 never."""
    width = len(lower)
    rows = [["機能ID", "機能名称", "対応可否", *[""] * (width - 1), "備考"], ["", "", *lower, ""], ["0230101", "a", "", "○"]]
    match = find_header(_sheet(rows), VENDOR_ALIASES)
    assert match is not None and match.columns["answer"] == 2 and match.row == (1 if lower_row else 0)
    if lower_row:
        assert [match.labels[c] for c in range(2, 2 + width)] == ["対応可否", *map(header, lower[1:])]  # (－ is -)


def test_a_row_of_marks_under_labelled_columns_is_data():
    """Marks under 対応可否 and 代替可否, two columns of their own labels: an answer row without its id."""
    rows = [["機能ID", "対応可否", "代替可否"], ["", "○", "×"], ["0230101", "○", "×"]]
    assert find_header(_sheet(rows), VENDOR_ALIASES).row == 0


_GROUP = ["機能ID", "ベンダ回答", "", ""]


@pytest.mark.parametrize("upper, lower, row", [
    (_GROUP, ["", "対応時期", "対応可否", "備考"], 1),
    (_GROUP, ["", "補足事項", "", "対応可否"], 1),  # a label naming nothing under the group: its first column, not data
    (["機能ID", "ベンダ回答", "備考", ""], ["", "令和8年度", "", "対応可否"], 0),  # 対応可否 past the next upper label
    (_GROUP, ["", "2027年4月", "○", "住民票の写しの交付"], 0),  # no answer label right of it: an answer row without its id
], ids=["timing-first", "unknown-first", "past-the-next-label", "data"])
def test_a_group_label_whose_merge_was_lost_leaves_the_lower_labels_to_name_their_columns(upper, lower, row):
    """ベンダ回答 merged over 対応時期 | 対応可否 | 備考, saved as CSV: the label stands over 対応時期 alone, and the lower row
    was read as data under it (対応時期 read as the answers, 対応可否 never). A lower label naming the upper label's field in
    a column the upper row leaves blank, up to its next label, makes the upper one a group's, as the merge did."""
    match = find_header(_sheet([upper, lower, ["0230101", "2027年4月", "○", ""]]), VENDOR_ALIASES)
    assert match is not None and match.row == row
    if row:
        assert match.columns["answer"] == lower.index("対応可否") and match.candidates["answer"] == (match.columns["answer"],)


def test_a_lower_label_naming_another_field_right_of_a_group_label_leaves_the_row_data():
    """Only a lower label naming the upper label's own field makes it a group whose merge was lost: 備考 right of
    「2027年4月」 under ベンダ回答 leaves that row an answer row without its id."""
    match = find_header(_sheet([_GROUP, ["", "2027年4月", "", "備考"], ["0230101", "2027年4月", "○", ""]]),
                        VENDOR_ALIASES)
    assert match is not None and match.row == 0


@pytest.mark.parametrize("label, hint", [
    ("（半角7桁）", True),
    ("※001から始まる番号", True),  # a few digits: still the template's hint
    ("※0260001", False),  # an id with a mark
    ("(026001)", False),  # six digits in brackets: an id cut short, a requirement's row
    ("〈半角7桁〉", True),
    ("〔0260001〕", False),
])
def test_a_note_in_the_id_column_is_a_hint_only_without_an_id_in_it(label, hint):
    from checker.io.headers import is_hint

    assert is_hint(header(label)) is hint
