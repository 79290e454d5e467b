"""`hyojun spec diff OLD NEW` and `hyojun spec history AREA`: what changed between spec versions."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalog import load_catalog
from ..io.atomic import output_group, refuse_overwriting_inputs
from ..report.provenance import now_iso
from ..report.specdiff_writers import FORMATS, diff_stem, write_specdiff_outputs
from ..spec_versions import history, spec_diff
from .base import echo_json, echo_notes
from .options import format_option, out_option, parse_formats


def _summary(counts: dict[str, int]) -> str:
    text = (f"追加 {counts['added']}、削除 {counts['removed']}、本文変更 {counts['text_changed']}、"
            f"区分変更 {counts['class_changed']}、移動 {counts['moved']}、番号変更の可能性 {counts['renumbered']}")
    n = counts["optional_to_mandatory"]
    return text + (f"（うち 標準オプション→実装必須 {n}）" if n else "")


@click.command("diff")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@out_option
@format_option(FORMATS)
def diff_command(old_ref: str, new_ref: str, out_dir: Path, formats: str) -> None:
    """2つの版の仕様書を比較し、差分レポートを出力する。

    OLD と NEW は仕様書ファイル（.xlsx 等）、取り込み済み JSON、または 業務名@版（例: 住民記録@第1.0版）。
    要件は機能ID・帳票IDで対応付け、追加・削除・本文変更（文字単位）・区分変更・移動と、
    番号変更の可能性（削除と追加の組で本文がよく似たもの）を示す。
    """
    chosen = parse_formats(formats, FORMATS)
    notes: list[str] = []
    d = spec_diff(old_ref, new_ref, notes)
    echo_notes(notes)
    click.echo(f"{d.new.area} {d.old.version} → {d.new.version}: {_summary(d.counts())}")
    refuse_overwriting_inputs((out_dir / f"{diff_stem(d)}.{f}" for f in chosen), (Path(old_ref), Path(new_ref)))
    with output_group():
        paths = write_specdiff_outputs(d, out_dir, chosen, now_iso())
    click.echo("".join(f"{p}\n" for p in paths), nl=False)


@click.command("history")
@click.argument("area", metavar="AREA")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力する。")
def history_command(area: str, as_json: bool) -> None:
    """取り込み済みの版の一覧と、直前の版からの変更の要約を表示する。"""
    entries = history(area)
    if as_json:
        echo_json(entries)
        return
    if not entries:
        click.echo(f"{load_catalog().resolve(area).name} の仕様書は取り込まれていません。"
                   "`hyojun spec import 仕様書.xlsx` で取り込めます。")
        return
    for e in entries:
        counts = f"{e['requirements']} 件（実装必須 {e['mandatory']}／標準オプション {e['optional']}／実装不可 {e['prohibited']}）"
        change = f"{e['previous']} から: {_summary(e['changes'])}" if e["previous"] else "（最初に取り込んだ版）"
        click.echo(f"{e['area']}\t{e['version']}\t{counts}\t{change}")
