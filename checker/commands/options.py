"""Option decorators shared by commands, so the same flag means the same thing everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..analysis.carryover import parse_version
from ..errors import UsageError


def spec_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--spec", "specs", multiple=True, metavar="SPEC",
        help="仕様書: 要件一覧の Excel（機能・帳票が別ファイルなら --spec を2回）、取り込み済み JSON、または 業務名[@版]（例: 介護保険@第6.0版）。",
    )(f)


def out_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
                        show_default=True, help="出力先フォルダ。")(f)


def parse_formats(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    bad = [f for f in formats if f not in allowed]
    if bad or not formats:
        raise UsageError(f"--format に使えるのは {','.join(allowed)} です（指定: {value}）")
    return formats


def format_option(allowed: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--format", "formats", default=",".join(allowed), show_default=True,
                        help=f"出力形式（カンマ区切り）: {','.join(allowed)}。")


def answered_version_option(effect: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--answered-version of check and lint, read as 第N.M版 before any file is (a malformed one is a usage error)."""
    return click.option("--answered-version", metavar="第N.M版",
                        callback=lambda _ctx, _param, value: parse_version(value) if value else None,
                        help="回答が作られた仕様書の版（既定: 回答表の表題・ファイル名、または仕様書にないIDの多さから判定）。"
                             + effect)
