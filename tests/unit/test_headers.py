"""find_header on its own: which column names a field when several could."""

import pytest

from checker.io.answer_sheets import VENDOR_ALIASES
from checker.io.headers import find_header
from checker.io.spec_reader import SPEC_ALIASES
from checker.io.workbook import Sheet


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
