"""`hyojun spec import`: what it refuses and what it names of the rows it reads or leaves out."""

import json

from click.testing import CliRunner

from checker.cli import cli
from tests.unit.test_spec_reader import _H, _book


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_row_of_another_areas_id_is_refused_and_a_code_of_no_area_is_imported_and_named(home, tmp_path):
    """0230101 (介護保険) and 9990001 (no area's code) among 住民記録's rows were stored as 住民記録's requirements without
    a word: check then counted 0230101 as unanswered in every vendor's 住民記録 answers."""
    rows = [[*_H, "実装区分"], *([f"001000{i}", "a", "t", "実装必須機能"] for i in range(1, 4)), ["0230101", "b", "t", "実装必須機能"],
            ["9990001", "c", "t", "実装必須機能"]]
    p = _book(tmp_path / "住民記録_第6.0版_機能要件.xlsx", {"機能要件": rows})
    res = run("spec", "import", p)
    assert res.exit_code == 1
    assert "機能要件!A5: 機能ID 0230101 は IDの業務コード 023 の 介護保険 の要件です（住民記録 の業務コードは 001）" in res.stderr
    assert json.loads(run("spec", "list", "--json").output) == []  # nothing stored
    rows.pop(4)
    res = run("spec", "import", _book(tmp_path / "住民記録_第6.0版_機能要件.xlsx", {"機能要件": rows}))
    assert res.exit_code == 0, res.output
    assert res.stderr.startswith("注意: シート「機能要件」の 1 件（9990001（機能要件!A5））は IDの業務コードがどの業務のものでもありませんが、"
                                 "住民記録 の要件として取り込みました"), res.stderr
    shown = json.loads(run("spec", "show", "住民記録@第6.0版", "--json").output)["requirements"]
    assert [r["id"] for r in shown] == ["0010001", "0010002", "0010003", "9990001"]


def test_every_deleted_row_is_named_on_one_line_of_its_sheet(home, tmp_path):
    """With ten deleted rows the 注意 named eight and 「ほか」: the other two vanished from the import without a trace."""
    deleted = ["0012495", "0010863", "0010739", "0010076", "0010825", "0013926", "0011502", "0013148", "0010500", "0010501"]
    rows = [[*_H, "実装区分", "変更区分"], ["0010001", "a", "t", "実装必須機能", None],
            *([rid, "b", "t", "実装必須機能", "削除"] for rid in deleted)]
    res = run("spec", "import", _book(tmp_path / "住民記録_第6.0版_機能要件.xlsx", {"機能一覧": rows}))
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [f"注意: シート「機能一覧」の 10 行（{'、'.join(deleted)}）は削除された要件（変更区分が「削除」「廃止」、"
                                       "名称・本文・実装区分が「（削除）」、実装区分が「－」など）のため、取り込んでいません"]


def test_a_very_hidden_requirement_sheet_is_said_to_be_shown_by_vba_alone(home, tmp_path):
    p = _book(tmp_path / "住民記録_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [[*_H, "実装区分"], ["0010001", "a", "t", "実装必須機能"]],
        "帳票要件": [["帳票ID", "帳票名称", "実装区分"], ["0015001", "証明書", "実装必須機能"]]}, very_hidden=("帳票要件",))
    res = run("spec", "import", p)
    assert res.exit_code == 0, res.output
    assert res.stderr.startswith("注意: 非表示（Excel の「再表示」にも出ず、VBA でのみ表示できます）のシート「帳票要件」の 1 件も要件として"
                                 "取り込みました（0015001 など）"), res.stderr


def test_a_requirement_sheet_not_read_beside_one_read_stops_the_import(home, tmp_path):
    """機能要件 with a class header not recognised beside a 帳票要件 read: the import saved the three forms alone (exit 0,
    a 注意), and check then gave every vendor 必須機能の適合率 100.0%."""
    p = _book(tmp_path / "介護保険_第6.0版_機能・帳票要件.xlsx", {
        "機能要件": [["機能ID", "機能名称", "機能要件", "必須／オプション"], *([f"023010{i}", "a", "t", "実装必須機能"] for i in range(1, 5))],
        "帳票要件": [["帳票ID", "帳票名称", "実装区分"], *([f"023000{i}", "証明書", "実装必須機能"] for i in range(1, 4))]})
    res = run("spec", "import", p)
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "シート「機能要件」を要件の表として読めません: 機能ID/帳票ID（7桁の数字）の行が 4 行あり、うち 4 行（0230101 など）は" \
        "読んだ要件の表にない ID ですが、見出し行（1行目: 「機能ID」「機能名称」「機能要件」「必須/オプション」）に「実装区分」" \
        "の列がありません。このまま取り込むと、これらの要件が仕様書から抜け落ちます。" in res.stderr
    assert json.loads(run("spec", "list", "--json").output) == []  # nothing stored


def test_skip_sheet_imports_past_a_list_of_ids_refused_as_a_table_not_read(home, tmp_path):
    """A 帳票要件 file with a sheet listing the 機能IDs its forms relate to: refused, and the only way past was to
    delete the sheet from the ministry's file."""
    p = _book(tmp_path / "介護保険_第6.0版_帳票要件.xlsx", {
        "帳票要件": [["帳票ID", "帳票名称", "実装区分"], *([f"023000{i}", "証明書", "実装必須機能"] for i in range(1, 4))],
        "関連機能": [["機能ID", "機能名称"], *([f"023010{i}", "資格の管理"] for i in range(1, 4))],
        "変更一覧": [["機能ID", "変更内容"], *([f"023010{i}", "要件を削除した"] for i in range(1, 4))]})
    res = run("spec", "import", p)
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "（要件の表でなければ --skip-sheet 関連機能 を付けて取り込んでください）" in res.stderr
    assert "（要件の表でなければ --skip-sheet 変更一覧 を付けて取り込んでください）" in res.stderr
    res = run("spec", "import", p, "--skip-sheet", "関連機能", "--skip-sheet", "変更一覧")
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == ["注意: シート「関連機能」は --skip-sheet の指定で読みませんでした",
                                       "注意: シート「変更一覧」は --skip-sheet の指定で読みませんでした"]
    assert [s["form"] for s in json.loads(run("spec", "list", "--json").output)] == [3]


def test_skip_sheet_naming_no_sheet_is_an_error(home, tmp_path):
    p = _book(tmp_path / "介護保険_第6.0版_帳票要件.xlsx", {
        "帳票要件": [["帳票ID", "帳票名称", "実装区分"], ["0230001", "証明書", "実装必須機能"]]})
    res = run("spec", "import", p, "--skip-sheet", "関連機能")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.stderr == ("エラー: 介護保険_第6.0版_帳票要件.xlsx: --skip-sheet の「関連機能」に当たるシートがありません"
                          "（シート: 「帳票要件」）\n")
    assert json.loads(run("spec", "list", "--json").output) == []


def test_a_table_named_by_its_small_items_with_a_reason_column_imports_without_a_word(home, tmp_path):
    """大項目 | 中項目 | 小項目 | 機能ID | 機能要件 | 実装区分 | 要件の考え方・理由: told to rename the ministry's 要件の考え方・理由 to
    機能名称, though 小項目 names each requirement."""
    rows = [["大項目", "中項目", "小項目", "機能ID", "機能要件", "実装区分", "要件の考え方・理由"],
            ["資格", "届出", "転入", "0230101", "転入を登録する。", "実装必須機能", "法令による"]]
    res = run("spec", "import", _book(tmp_path / "介護保険_第6.0版_機能要件.xlsx", {"機能要件": rows}))
    assert res.exit_code == 0, res.output
    assert res.stderr == ""


def test_a_table_without_a_text_column_is_named_in_a_warning(home, tmp_path):
    """帳票の説明 was no alias and the forms were stored with empty texts, without a word; 帳票の内容 is none still."""
    rows = [["帳票ID", "帳票名称", "出力条件", "帳票の内容", "実装区分"], ["0230001", "証明書", "随時", "証明書を出力する。", "実装必須機能"]]
    res = run("spec", "import", _book(tmp_path / "介護保険_第6.0版_帳票要件.xlsx", {"帳票要件": rows}))
    assert res.exit_code == 0, res.output
    assert res.stderr == ("注意: シート「帳票要件」の見出し（1行目）に本文（機能要件・帳票概要）の列がないため、本文を空のまま取り込みました"
                          "（名前の分からない見出し: 「出力条件」「帳票の内容」）。その列を読むには、見出しを「機能名称」「機能要件」などに"
                          "直してください\n")
    rows[0][3] = "帳票の説明"
    assert run("spec", "import", _book(tmp_path / "介護保険_第6.0版_帳票要件.xlsx", {"帳票要件": rows}), "--replace").stderr == ""
    shown = json.loads(run("spec", "show", "介護保険@第6.0版", "--json").output)["requirements"]
    assert [r["text"] for r in shown] == ["証明書を出力する。"]
