"""The click group class that maps library errors to Japanese messages and exit codes."""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any

import click

from ..errors import HyojunError
from ..exitcodes import ExitCode


class HyojunGroup(click.Group):
    """Catches HyojunError in any subcommand: message on stderr, exit code, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HyojunError as exc:
            if (ctx.find_root().obj or {}).get("debug"):
                traceback.print_exc()
            click.echo(f"エラー: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except OSError as exc:  # disk full, permission denied while writing outputs
            if (ctx.find_root().obj or {}).get("debug"):
                traceback.print_exc()
            name = getattr(exc, "filename", None) or ""
            click.echo(f"エラー: {name} {exc.strerror or exc}".strip(), err=True)
            ctx.exit(int(ExitCode.INPUT_ERROR))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def stdout_is_utf8() -> bool:
    return (sys.stdout.encoding or "").lower().replace("-", "") in ("utf8", "utf8sig")
