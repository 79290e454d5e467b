"""`hyojun spec diff OLD NEW` and `hyojun spec history AREA`: what changed between spec versions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from ..catalog import load_catalog
from ..clock import now_iso
from ..errors import UsageError
from ..io.atomic import output_group
from ..io.output_lock import output_lock
from ..io.overwrite import refuse_overwriting
from ..model import KIND_LABELS
from ..normalize import CLASS_LABELS
from ..report.specdiff_view import summary_text
from ..report.specdiff_writers import FORMATS, diff_stem, write_specdiff_outputs
from ..spec_store import refuse_output_in_store
from ..spec_versions import history, spec_diff
from .base import echo_json, echo_notes
from .options import format_option, out_option, parse_formats


def counts_text(counts: Mapping[str, int]) -> str:
    """A spec's counts (`Spec.counts()`) in one line, as spec import, list, show and history print them."""
    kinds = "、".join(f"{KIND_LABELS[k]} {counts[k]}" for k in ("function", "form") if counts[k])
    classes = "、".join(f"{CLASS_LABELS[c]} {counts[c]}" for c in ("mandatory", "optional", "prohibited"))
    return f"{counts['requirements']} 件（{kinds}／{classes}）"


@click.command("diff")
@click.argument("refs", metavar="[OLD NEW]", nargs=-1)
@click.option("--old", "old_refs", multiple=True, metavar="SPEC",
              help="旧版（OLD の代わりに。機能要件・帳票要件が別ファイルなら --old を2回）。")
@click.option("--new", "new_refs", multiple=True, metavar="SPEC",
              help="新版（NEW の代わりに。機能要件・帳票要件が別ファイルなら --new を2回）。")
@out_option
@format_option(FORMATS)
def diff_command(refs: tuple[str, ...], old_refs: tuple[str, ...], new_refs: tuple[str, ...], out_dir: Path,
                 formats: str) -> None:
    """2つの版の仕様書を比較し、差分レポートを出力する。

    \b
    hyojun spec diff OLD NEW
    hyojun spec diff --old 就学@第4.0版 --new 就学_第4.1版_機能要件.xlsx --new 就学_第4.1版_帳票要件.xlsx

    OLD と NEW は仕様書ファイル（.xlsx 等）、取り込み済み JSON、または 業務名@版（例: 住民記録@第1.0版）。
    要件は機能ID・帳票IDで対応付け、追加・削除・本文変更（文字単位）・名称変更・区分変更・種別変更・分類名の変更・移動と、
    番号変更の可能性（削除と追加の組で本文がよく似たもの）を示す。
    """
    if refs and (old_refs or new_refs):
        raise UsageError("OLD NEW と --old・--new は同時に指定できません")
    if refs and len(refs) != 2:
        raise UsageError(f"OLD と NEW の2つを指定してください（指定: {len(refs)} 個）。"
                         "機能要件・帳票要件が別ファイルなら --old・--new をそれぞれ2回指定します")
    olds, news = ([refs[0]], [refs[1]]) if refs else (list(old_refs), list(new_refs))
    if not (olds and news):
        raise UsageError("比較する2つの版を OLD NEW、または --old と --new で指定してください")
    chosen = parse_formats(formats, FORMATS)
    refuse_output_in_store(out_dir)
    notes: list[str] = []
    compared = spec_diff(olds, news, notes, options=("OLD", "NEW") if refs else ("--old", "--new"))
    d = compared.diff
    echo_notes([*notes, *compared.warnings])
    click.echo(f"{d.new.area} {d.old.version} → {d.new.version}: {summary_text(d.counts())}")
    with output_lock(out_dir):
        refuse_overwriting((out_dir / f"{diff_stem(d)}.{f}" for f in chosen), map(Path, (*olds, *news)))
        with output_group():
            paths = write_specdiff_outputs(d, out_dir, chosen, now_iso(), compared.warnings)
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
        change = f"{e['previous']} から: {summary_text(e['changes'])}" if e["previous"] else "（最初に取り込んだ版）"
        click.echo(f"{e['area']}\t{e['version']}\t{counts_text(e)}\t{change}")
        echo_notes(e["warnings"])
