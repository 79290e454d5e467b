"""`hyojun spec import` of a 新旧 table (改定前 | 改定後): what it says, and that history compares the revised side."""

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
