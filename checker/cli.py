"""`hyojun` command line: parses arguments, calls the library, maps errors to exit codes."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .commands import click_ja
from .commands.base import HyojunGroup, echo_notes, expand_wildcards, tolerate_console_encoding
from .runtime import tune_gc

click_ja.install()  # before the group below is declared: its decorators translate their texts then

COMMANDS = {
    "areas": "checker.commands.areas:areas_command",
    "spec": "checker.commands.spec:spec_group",
    "lint": "checker.commands.lint:lint_command",
    "check": "checker.commands.check:check_command",
    "compare": "checker.commands.compare:compare_command",
    "demo": "checker.commands.demo:demo_command",
    "readiness": "checker.commands.readiness:readiness_group",
}


@click.group(cls=HyojunGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hyojun")
@click.option("--debug", is_flag=True, help="エラー時にトレースバックも表示する（開発者向け）。")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """hyojun: 自治体基幹業務システムの標準仕様（機能・帳票要件）適合チェック。"""
    ctx.obj = {"debug": debug}


def main() -> None:
    tune_gc()
    tolerate_console_encoding()
    args = sys.argv[1:]
    if os.name == "nt":  # click would expand the wildcards itself, Excel's lock files included
        args, skipped = expand_wildcards(args)
        echo_notes(f"{p} は Excel で開いているブックの一時ファイル（~$）のため除きました" for p in skipped)
    cli(args=args, prog_name="hyojun", windows_expand_args=False)
