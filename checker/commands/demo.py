"""`hyojun demo`: run the whole chain on the bundled samples."""

from __future__ import annotations

from pathlib import Path

import click

from ..demo import run_demo


@click.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/demo"),
              show_default=True, help="出力先フォルダ。")
def demo_command(out_dir: Path) -> None:
    """同梱のサンプルで 取り込み → 検査 → 適合チェック（→ 比較・版差分・移行準備状況）を実行し、一覧ページを作る。"""
    run = run_demo(out_dir)
    for line in run.log:
        click.echo(line)
    click.echo(f"レポート一覧: {run.index.resolve()}")
