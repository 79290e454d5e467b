"""`hyojun check`: the gap result of each vendor file as JSON, HTML, Excel and CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis.gap import VERDICT_LABELS, GapResult
from ..check_run import CheckOptions, carryover_for, check_file, load_inputs, run_check
from ..errors import UsageError
from ..exitcodes import ExitCode
from ..report.gap_writers import FORMATS, result_json
from ..report.provenance import now_iso
from ..spec_store import resolve_spec
from .options import format_option, out_option, parse_formats, spec_option

FAIL_ON = {
    # gap: the vendor is 不適合 against the national standard (a mandatory gap or a prohibited violation)
    "gap": lambda r: r.verdict == "non_conformant",
    "violation": lambda r: r.status_counts["prohibited_violation"] > 0,
    "any": lambda r: r.verdict != "conformant",
}


@click.command("check")
@click.argument("vendor_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@spec_option
@click.option("--profile", type=click.Path(path_type=Path), help="団体のプロファイル YAML（求める標準オプション機能）。")
@click.option("--vocabulary", type=click.Path(path_type=Path), help="回答記号の定義 YAML（既定の記号に追加・置換）。")
@click.option("--vendor-name", help="ベンダ名（既定: 回答ファイルの表題やファイル名から判定）。")
@out_option
@format_option(FORMATS)
@click.option("--json", "json_target", metavar="-|FILE", help="`-` で1ファイル分の JSON 結果を標準出力へ（他の出力は書かない）。")
@click.option("--fail-on", type=click.Choice(sorted(FAIL_ON)),
              help="条件に当てはまるとき終了コード 3: gap=不適合、violation=実装不可機能の実装、any=適合以外。")
@click.option("--answered-version", metavar="第N.M版",
              help="回答が作られた仕様書の版（既定: 回答表の表題、または仕様にないIDの多さから判定）。違えば再確認の一覧を出す。")
@click.option("--record", is_flag=True,
              help="必須機能の適合率を移行準備状況のデータベースに記録する（readiness status に表示）。団体名はプロファイルから。")
@click.option("--db", help="--record の記録先（SQLAlchemy URL またはファイルパス。既定は docs/readiness.md 参照）。")
@click.pass_context
def check_command(ctx: click.Context, vendor_files: tuple[Path, ...], specs: tuple[str, ...], profile: Path | None,
                  vocabulary: Path | None, vendor_name: str | None, out_dir: Path, formats: str,
                  json_target: str | None, fail_on: str | None, answered_version: str | None, record: bool,
                  db: str | None) -> None:
    """ベンダ回答を標準仕様と突き合わせ、要件ごとの状態・判定・必須機能の適合率を出力する。"""
    spec = resolve_spec(list(specs))
    opts = CheckOptions(profile=profile, vocabulary=vocabulary, vendor_name=vendor_name, out_dir=out_dir,
                        formats=parse_formats(formats, FORMATS), answered_version=answered_version)
    results: list[GapResult]
    if json_target == "-":
        if len(vendor_files) != 1:
            raise UsageError("--json - は回答ファイルを1つだけ指定したときに使えます")
        prof, vocab = load_inputs(spec, opts)
        result, carry = carryover_for(check_file(spec, vendor_files[0], prof, vocab, vendor_name), answered_version)
        click.echo(result_json(result, now_iso(), carry).decode("utf-8"), nl=False)
        results = [result]
    elif json_target:
        raise UsageError("--json に指定できるのは - だけです（ファイルへは --format json と --out を使います）")
    else:
        outcomes = run_check(spec, list(vendor_files), opts)
        for o in outcomes:
            r = o.result
            click.echo(f"{o.vendor_file.name}: {r.response.vendor} — 判定 {VERDICT_LABELS[r.verdict]}、"
                       f"必須機能の適合率 {r.mandatory_coverage:.1%}（{spec.area} {spec.version}）")
            for p in o.outputs:
                click.echo(f"  {p}")
        results = [o.result for o in outcomes]
    if record:
        _record(results, db)
    if fail_on and any(FAIL_ON[fail_on](r) for r in results):
        ctx.exit(int(ExitCode.CONDITION))


def _record(results: list[GapResult], db: str | None) -> None:
    from ..readiness_store import ReadinessStore  # SQLAlchemy only loads when asked to record

    store = ReadinessStore(db)
    for r in results:
        store.record_check(r.spec.area, r.profile.municipality if r.profile else None, r.spec.version,
                           r.response.vendor, r.mandatory_coverage, r.verdict)
    click.echo(f"適合率を記録しました（{len(results)} 件）: {store.display_url}")
