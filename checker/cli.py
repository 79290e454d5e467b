"""`hyojun` command line: parses arguments, calls the library, maps errors to exit codes."""

from __future__ import annotations

import click

from . import __version__
from .commands.areas import areas_command
from .commands.base import HyojunGroup
from .commands.check import check_command
from .commands.compare import compare_command
from .commands.demo import demo_command
from .commands.lint import lint_command
from .commands.spec import spec_group
from .commands.readiness import readiness_group
from .runtime import tune_gc


@click.group(cls=HyojunGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hyojun")
@click.option("--debug", is_flag=True, help="エラー時にトレースバックも表示する（開発者向け）。")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """hyojun: 自治体基幹業務システムの標準仕様（機能・帳票要件）適合チェック。"""
    ctx.obj = {"debug": debug}


cli.add_command(areas_command)
cli.add_command(spec_group)
cli.add_command(lint_command)
cli.add_command(check_command)
cli.add_command(compare_command)
cli.add_command(demo_command)
cli.add_command(readiness_group)


def main() -> None:
    tune_gc()
    cli(prog_name="hyojun")
