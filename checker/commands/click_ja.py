"""click's own words (usage errors, help headings) in Japanese, as every other message of hyojun.

click marks them for gettext, but gettext picks the language from LANGUAGE/LANG, which Windows does
not set, so hyojun's Japanese UI would answer a mistyped option in English. Instead, each click module's
`_` and `ngettext` are replaced by a lookup in the table below; a message missing from it (a new
click release may add or reword one) stays as click wrote it. tests/cli/test_click_ja.py runs the
common mistakes through the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

MESSAGES: dict[str, str] = {
    # help
    "Usage:": "使い方:",
    "Options": "オプション",
    "Commands": "コマンド",
    "Show this message and exit.": "このヘルプを表示して終了する。",
    "Show the version and exit.": "版を表示して終了する。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "default: {default}": "既定: {default}",
    "env var: {var}": "環境変数: {var}",
    "deprecated": "非推奨",
    "required": "必須",
    "(dynamic)": "（実行時に決定）",
    # usage errors: "{usage}\n{hint}\nError: {message}"
    "Error: {message}": "エラー: {message}",
    "Try '{command} {option}' for help.": "'{command} {option}' で使い方を表示します。",
    "No such command {name!r}.": "コマンド {name!r} はありません。",
    "No such option {name!r}.": "オプション {name!r} はありません。",
    "Did you mean {possibility}?": "{possibility} のことですか？",
    "(Did you mean one of: {possibilities}?)": "（{possibilities} のいずれかのことですか？）",
    "Missing command.": "コマンドを指定してください。",
    # click appends " 'NAME'." to these
    "Missing argument": "必要な引数がありません:",
    "Missing option": "必要なオプションがありません:",
    "Missing parameter": "必要な指定がありません:",
    "Missing {param_type}": "必要な {param_type} がありません:",
    "Missing parameter: {param_name}": "必要な指定がありません: {param_name}",
    "Option {name!r} requires an argument.": "オプション {name!r} には値が必要です。",
    "Option {name!r} requires {nargs} arguments.": "オプション {name!r} には値が {nargs} 個必要です。",
    "Option {name!r} does not take a value.": "オプション {name!r} は値をとりません。",
    "Argument {name!r} takes {nargs} values.": "引数 {name!r} には値が {nargs} 個必要です。",
    "Got unexpected extra argument ({args})": "余分な引数があります（{args}）",
    "Got unexpected extra arguments ({args})": "余分な引数があります（{args}）",
    "Takes {nargs} values but 1 was given.": "値が {nargs} 個必要ですが、1 個でした。",
    "Takes {nargs} values but {len} were given.": "値が {nargs} 個必要ですが、{len} 個でした。",
    "Invalid value for {param_hint}: {message}": "{param_hint} の値が正しくありません: {message}",
    "Invalid value: {message}": "値が正しくありません: {message}",
    "{value!r} is not {choice}.": "{value!r} は指定できません（指定できるのは {choice}）。",
    "{value!r} is not one of {choices}.": "{value!r} は指定できません（次のいずれか: {choices}）。",
    "{value!r} is not a valid {number_type}.": "{value!r} は数値として読めません（{number_type}）。",
    "{value} is not in the range {range}.": "{value} は範囲 {range} の外です。",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} は真偽値として読めません（指定できるのは {states}）",
    "file": "ファイル",
    "directory": "フォルダ",
    "path": "パス",
    "{name} {filename!r} does not exist.": "{name} {filename!r} がありません。",
    "{name} {filename!r} is a file.": "{name} {filename!r} はファイルです（フォルダを指定してください）。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} はフォルダです（ファイルを指定してください）。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} を読めません（権限がありません）。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} に書けません（権限がありません）。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} は実行できません。",
    "Could not open file {filename!r}: {message}": "ファイル {filename!r} を開けません: {message}",
    "Aborted!": "中止しました。",
    "unknown error": "不明なエラー",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Japanese; before any command is declared (decorators translate their help then)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    missing = importlib.import_module("click.exceptions").MissingParameter
    english = missing.format_message

    def format_message(self: Any) -> str:
        # click puts an ASCII full stop after the quoted name ("…: 'OLD'."), outside its translated words
        return str(english(self)).replace("'.", "'。", 1)

    missing.format_message = format_message
