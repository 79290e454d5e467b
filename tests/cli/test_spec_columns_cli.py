"""`hyojun spec import` of a 新旧 table (改定前 | 改定後): what it says, and that history compares the revised side."""

import json

from click.testing import CliRunner

from checker.cli import cli
from tests.unit.test_spec_reader import _book


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_revision_table_is_imported_from_its_revised_side_and_says_which_columns(home, tmp_path):
    """It stored the 改定前 side as 第2.0版: history showed 0 class changes and 0 text changes, and the only 注意 named two
    「実装区分」 columns without saying which side either was."""
    first = _book(tmp_path / "個人住民税_第1.0版_機能要件.xlsx", {"機能要件": [
        ["機能ID", "機能名称", "機能要件", "実装区分"], ["0100001", "a", "本文", "標準オプション機能"], ["0100002", "b", "t", "実装必須機能"]]})
    both = _book(tmp_path / "個人住民税_第2.0版_機能要件_新旧.xlsx", {"機能要件": [
        ["個人住民税システム標準仕様書【第2.0版】 機能要件（新旧対照）"],
        ["機能ID", "機能名称", "改定前", None, "改定後", None], [None, None, "機能要件", "実装区分", "機能要件", "実装区分"],
        ["0100001", "a", "本文", "標準オプション機能", "本文（第2.0版で追記）", "実装必須機能"],
        ["0100002", "b", "t", "実装必須機能", "t", "実装必須機能"]]},
        merged=[("機能要件", m) for m in ("A2:A3", "B2:B3", "C2:D2", "E2:F2")])
    assert run("spec", "import", first).exit_code == 0
    res = run("spec", "import", both)
    assert res.exit_code == 0, res.output
    assert ("注意: シート「機能要件」は改定前と改定後の列が並ぶ表です（C 列「機能要件（改定前）」、D 列「実装区分（改定前）」、"
            "E 列「機能要件（改定後）」、F 列「実装区分（改定後）」）。改定後の E 列（機能要件）、F 列（実装区分）を使いました") in res.output
    history = run("spec", "history", "個人住民税")
    assert history.exit_code == 0, history.output
    assert "本文変更 1" in history.output and "区分変更 1（うち 標準オプション機能→実装必須機能 1）" in history.output, history.output


def test_class_columns_per_kind_of_town_that_differ_are_refused_and_the_class_column_option_chooses(home, tmp_path):
    """実装区分 merged over 指定都市 | 一般市区町村: the 指定都市 column was stored with a 注意 alone, so a 町村's optional
    0230103 became a mandatory gap in every check. Refused now, nothing stored; --class-column reads the town's."""
    p = _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": [
        ["機能ID", "機能名称", "機能要件", "実装区分", None], [None, None, None, "指定都市", "一般市区町村"],
        ["0230101", "a", "t", "実装必須機能", "実装必須機能"], ["0230103", "c", "t", "実装必須機能", "標準オプション機能"]]},
        merged=[("機能要件", m) for m in ("A1:A2", "B1:B2", "C1:C2", "D1:E1")])
    res = run("spec", "import", p)
    assert res.exit_code == 1
    assert res.stderr == (
        "エラー: 介護保険_第6.0版_機能要件.xlsx: 仕様書の読み込みで 1 件の問題があります\n"
        "  - シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市区町村)」）。1 行で実装区分が違い"
        "（0230103: 実装必須機能／標準オプション機能）、どの列を読むか決められません。読む列を --class-column で指定してください"
        "（例: --class-column \"実装区分(一般市区町村)\"）。前の版の実装区分の列なら、見出しに「（改定前）」「（前回）」"
        "などと書けば、その列は読みません\n")
    assert json.loads(run("spec", "list", "--json").output) == []  # nothing stored
    res = run("spec", "import", p, "--class-column", "実装区分（一般市区町村）")
    assert res.exit_code == 0, res.output
    assert res.stderr == ("注意: シート「機能要件」に実装区分の列が 2 つあります（D 列「実装区分(指定都市)」、E 列「実装区分(一般市区町村)」）。"
                          "--class-column で指定した E 列を使いました\n")
    shown = json.loads(run("spec", "show", "介護保険@第6.0版", "--json").output)["requirements"]
    assert [(r["id"], r["class"]) for r in shown] == [("0230101", "mandatory"), ("0230103", "optional")]
    res = run("spec", "import", p, "--class-column", "H", "--replace")
    assert res.exit_code == 1 and "--class-column「H」に当たる実装区分の列がありません" in res.stderr
