"""click's own messages (usage errors, help) are in Japanese, as hyojun's are."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from checker.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="hyojun")


@pytest.mark.parametrize("args, message", [
    (["chek"], "エラー: コマンド 'chek' はありません。"),
    (["check", "--foo"], "エラー: オプション '--foo' はありません。"),
    (["check", "--fromat", "json"], "（'--format', '--out' のいずれかのことですか？）"),
    (["check", "--manifes", "m.yaml"], "エラー: オプション '--manifes' はありません。 '--manifest' のことですか？"),
    (["check", "--spec"], "エラー: オプション '--spec' には値が必要です。"),
    (["spec", "diff"], "エラー: 比較する2つの版を OLD NEW、または --old と --new で指定してください"),
    (["check", "a.xlsx", "--spec", "介護保険", "--fail-on", "x"],
     "エラー: '--fail-on' の値が正しくありません: 'x' は指定できません（次のいずれか: 'any', 'gap', 'violation'）。"),
    (["readiness", "dashboard"], "エラー: 必要なオプションがありません: '--out'。"),
    (["readiness", "status", "--today", "来月"], "エラー: '--today' の値が正しくありません: 「来月」を読み取れません（2031-03-31 の形で"),
    (["areas", "extra"], "エラー: 余分な引数があります（extra）"),
    (["spec"], "使い方: hyojun spec [OPTIONS] COMMAND [ARGS]..."),
])
def test_usage_mistakes_are_explained_in_japanese(home, args: list[str], message: str):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert not re.search(r"\b(Error|Usage|Try|Missing|No such|Invalid value)\b", res.output)


@pytest.mark.parametrize("args, message", [
    (["check", "nofile.xlsx", "--spec", "介護保険", "--debug"], "エラー: --debug は hyojun の直後に書きます（hyojun --debug check …）"),
    (["readiness", "status", "--debug"], "エラー: --debug は hyojun の直後に書きます（hyojun --debug readiness status …）"),
    (["check", "--version"], "エラー: --version は hyojun の直後に書きます（hyojun --version）"),
])
def test_an_option_of_hyojun_itself_after_the_subcommand_is_told_where_it_goes(home, args: list[str], message: str):
    """Not called unknown and taken for a mistyped option of the subcommand (「'--db' のことですか？」)."""
    res = run(*args)
    assert res.exit_code == 2 and message in res.output, res.output
    assert "のことですか" not in res.output
    moved = run(args[-1], *args[:-1]).output  # where the message says: taken
    assert "直後" not in moved and "はありません" not in moved, moved


def test_help_headings_and_defaults_are_japanese():
    res = run("check", "--help")
    assert res.exit_code == 0
    assert res.output.startswith("使い方: hyojun check [OPTIONS] [VENDOR_FILES]...")
    assert "オプション:" in res.output and "[既定: auto]" in res.output and "このヘルプを表示して終了する。" in res.output
    assert "[必須]" in run("readiness", "dashboard", "--help").output
    top = run("--help").output
    assert "コマンド:" in top and "版を表示して終了する。" in top
    assert not re.search(r"\b(Usage|Options|Commands|Show this message|default:|required)", res.output + top)
    assert run("--version").output.strip() == f"hyojun {__import__('checker').__version__}"
