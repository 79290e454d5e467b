"""`hyojun areas`: the 20 business areas."""

from __future__ import annotations

import click

from ..catalog import load_catalog
from .base import console, console_table, echo_json


@click.command("areas")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力する（機械処理用）。")
def areas_command(as_json: bool) -> None:
    """標準化対象の 20 業務（別名・所管・業務コード・都道府県・最新版）を一覧表示する。

    都道府県の ○ は、都道府県も実施する業務（児童扶養手当・生活保護: 福祉事務所のない町村の区域は都道府県が実施）。
    """
    catalog = load_catalog()
    if as_json:
        echo_json([a.to_dict() for a in catalog.areas])
        return
    table = console_table("標準化対象事務（20 業務）", ("業務", "別名", "所管", "業務コード", "都道府県", "最新版"))
    for a in catalog.areas:
        table.add_row(a.name, "、".join(a.aliases), a.ministry, " ".join(a.business_codes),
                      "○" if a.prefecture_runs else "", a.latest_label)
    console().print(table)
