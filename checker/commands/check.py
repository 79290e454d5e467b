"""`hyojun check`: the gap result of each vendor file as JSON, HTML, Excel and CSV."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..analysis.gap import VERDICT_LABELS, coverage_percent
from ..batch_run import (CheckSummary, CheckTask, auto_jobs, earlier_bids, manifest_tasks, run_batch, stale_outputs,
                         task_inputs)
from ..check_run import CheckOptions, carryover_for, check_file, load_inputs
from ..clock import now_iso
from ..errors import InputError, UsageError, joined_at_most
from ..exitcodes import ExitCode
from ..io.answer_files import group_answer_files
from ..io.atomic import output_group
from ..io.output_lock import output_lock
from ..io.overwrite import refuse_overwriting
from ..manifest import INDEX_NAMES, load_manifest
from ..model import town_label
from ..report.batch_writers import carryover_line, write_batch_index
from ..bidi import inline
from ..report.gap_writers import FORMATS, result_json
from ..spec_store import refuse_output_in_store, resolve_spec
from .base import echo_notes, lint_command, one_vendor_files, vendor_groups
from .options import answered_version_option, format_option, out_option, parse_formats, spec_option

if TYPE_CHECKING:
    from ..analysis.readiness import CheckRecord

FAIL_ON: dict[str, Callable[[CheckSummary], bool]] = {
    # gap: the vendor is 不適合 against the national standard (a mandatory gap or a prohibited violation)
    "gap": lambda s: s.verdict == "non_conformant",
    "violation": lambda s: s.prohibited_violations > 0,
    "any": lambda s: s.verdict != "conformant",
}


@click.command("check")
@click.argument("vendor_files", nargs=-1, type=click.Path(path_type=Path))
@spec_option
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), metavar="M.yaml",
              help="複数業務をまとめてチェック: 業務ごとに仕様書・プロファイル・回答ファイルを並べた YAML（compare と同じ形式）。"
                   "出力は 業務名/ のフォルダごと、一覧は index.html と check_summary.csv。")
@click.option("--jobs", default="auto", show_default=True, metavar="N|auto",
              help="同時に処理する回答ファイルの数（プロセス数）。auto は回答ファイルの量が多いときだけ CPU の数"
                   "（最大 4）で並行して処理する。CPU が 2 つなら最大 2 倍ほど速くなる。")
@click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), help="団体のプロファイル YAML（求める標準オプション機能）。")
@click.option("--vocabulary", type=click.Path(dir_okay=False, path_type=Path), help="回答記号の定義 YAML（既定の記号に追加・置換）。")
@click.option("--vendor-name", help="ベンダ名（既定: 回答ファイルの表題やファイル名から判定）。")
@out_option
@format_option(FORMATS)
@click.option("--json", "json_target", metavar="-", help="「-」を指定すると、1 つのベンダの回答（1 つのファイル、または機能・帳票の 2 つのファイル）の JSON 結果を標準出力へ（他の出力は書かない）。")
@click.option("--fail-on", type=click.Choice(sorted(FAIL_ON)),
              help="条件に当てはまるとき終了コード 3: gap=不適合、violation=実装不可機能の実装、any=適合以外。")
@answered_version_option("違えば再確認の一覧を出す。")
@click.option("--record", is_flag=True,
              help="必須機能の適合率を移行準備状況のデータベースに記録する（readiness status に、業務ごとに最新の実行で記録した"
                   "すべてのベンダを表示）。団体はプロファイルの municipality（同じ名前の団体が複数の都道府県にあれば prefecture も）。")
@click.option("--db", metavar="URL", help="--record の記録先（SQLAlchemy URL またはファイルパス。既定は docs/readiness.md 参照）。")
@click.pass_context
def check_command(ctx: click.Context, vendor_files: tuple[Path, ...], specs: tuple[str, ...], manifest: Path | None,
                  jobs: str, profile: Path | None, vocabulary: Path | None, vendor_name: str | None, out_dir: Path,
                  formats: str, json_target: str | None, fail_on: str | None, answered_version: str | None,
                  record: bool, db: str | None) -> None:
    """ベンダ回答を標準仕様と突き合わせ、要件ごとの状態・判定・必須機能の適合率を出力する。

    \b
    1業務: hyojun check 回答_A社.xlsx 回答_B社.csv --spec 介護保険 [--profile 団体.yaml]
    複数業務: hyojun check --manifest 全業務.yaml
    すべての回答ファイルを読めたときだけ出力を書きます（問題はファイルごとにすべて表示）。
    同じフォルダで名前の末尾の機能・帳票だけが違う 2 つのファイルは、1 つのベンダの回答として合わせて読みます。
    """
    opts = CheckOptions(profile=profile, vocabulary=vocabulary, vendor_name=vendor_name, out_dir=out_dir,
                        formats=parse_formats(formats, FORMATS), answered_version=answered_version)
    workers = _parse_jobs(jobs)
    generated_at = now_iso()  # the outputs' time, and the recorded checks' (--record)
    if json_target != "-":
        refuse_output_in_store(out_dir)
    if manifest:
        if specs or vendor_files or profile or vendor_name or answered_version or json_target:
            raise UsageError("--manifest と --spec・回答ファイル・--profile・--vendor-name・--answered-version・--json は"
                             "同時に指定できません（業務ごとの指定はマニフェストに書きます）")
        title, areas = load_manifest(manifest, same_vendors=False)
        tasks = manifest_tasks(areas, opts, generated_at)
        with output_lock(out_dir):  # from the checks of what the reports replace until the group is in place
            refuse_overwriting((out_dir / n for n in INDEX_NAMES), [manifest, *task_inputs(tasks)])
            with output_group():  # the reports and their index replace the earlier ones together
                summaries = _run(tasks, workers)
                index = write_batch_index(out_dir, summaries, title, manifest.name, generated_at)
        if stale := stale_outputs(out_dir, summaries, by_area=True):
            shown = joined_at_most([p.relative_to(out_dir).as_posix() for p in stale], 5, "、", " ほか")
            echo_notes([f"{out_dir} には今回の実行で書かなかった以前の出力が {len(stale)} 件あります（{shown}）。一覧（index.html・"
                        "check_summary.csv）には載りません。古い結果と混ざらないよう、不要なら削除してください"])
    else:
        if not specs:
            raise UsageError("--spec（1 業務）か --manifest（複数業務）を指定してください")
        if not vendor_files:
            raise UsageError("回答ファイルを指定してください")
        if json_target and json_target != "-":
            raise UsageError("--json に指定できるのは - だけです（ファイルへは --format json と --out を使います）")
        if json_target == "-":
            summaries = [_echo_json(list(specs), one_vendor_files(vendor_files, "--json - "), opts, generated_at)]
        else:
            summaries = _run([CheckTask(specs, files, out_dir, False, profile, vocabulary, vendor_name, answered_version,
                                        opts.formats, generated_at) for files in vendor_groups(vendor_files)], workers)
            if stale := stale_outputs(out_dir, summaries, by_area=False):
                shown = joined_at_most([p.name for p in stale], 5, "、", " ほか")
                echo_notes([f"{out_dir} の {shown} は以前の実行の出力で、今回は書いていません（--format にない形式）。"
                            "今回の結果と食い違うことがあるため、不要なら削除してください"])
            echo_notes(earlier_bids(out_dir, summaries))
    echo_notes(n for s in summaries for n in s.notes)  # once each, whatever the number of files
    if json_target != "-":  # standard output holds the JSON alone
        for s in summaries:
            click.echo(f"{inline(s.names)}: {inline(s.vendor)} — 判定 {VERDICT_LABELS[s.verdict]}、"
                       f"必須機能の適合率 {coverage_percent(s.mandatory_coverage)}（{s.area} {s.version}）")
            if s.answered:
                click.echo(f"  {carryover_line(s)}")
            for warning in s.verdict_warnings:
                click.echo(f"  警告: {warning}")
            if s.errors:  # duplicate ids, invalid answers, rows not counted: the verdict rests on the rest
                # lint groups files by their names: a manifest's files of other names (機能.xlsx, 帳票.xlsx), or more
                # than a pair (which lint refuses), one by one
                try:
                    groups = group_answer_files(s.files)
                except InputError:
                    groups = [(f,) for f in s.files]
                lint = "、".join(lint_command(files, s.specs, s.vocabulary, s.answered_given) for files in groups)
                click.echo(f"  回答ファイルの指摘: エラー {s.errors} 件・警告 {s.warnings} 件（レポートの「指摘事項」、または {lint}）")
            click.echo("".join(f"  {p}\n" for p in s.outputs), nl=False)
    if manifest:
        click.echo("".join(f"一覧: {p}\n" for p in index), nl=False)
    if record:
        _record(summaries, db, generated_at, err=json_target == "-")
    failing = [s.names for s in summaries if fail_on and FAIL_ON[fail_on](s)]
    if failing:  # a batch log says why the job failed
        click.echo(f"--fail-on {fail_on} に当てはまる回答ファイルが {len(failing)} 件あります（{joined_at_most(failing, 5, '、', ' ほか')}）。"
                   f"終了コード {int(ExitCode.CONDITION)}", err=True)
        ctx.exit(int(ExitCode.CONDITION))


def _parse_jobs(value: str) -> int | None:
    """--jobs as a number of processes, or None for auto."""
    value = value.strip()
    if value.lower() == "auto":
        return None
    if value.isdecimal() and int(value) >= 1:
        return int(value)
    raise UsageError(f"--jobs は 1 以上の整数か auto で指定してください（指定: {value}）")


def _run(tasks: list[CheckTask], workers: int | None) -> list[CheckSummary]:
    if workers is None:
        workers = auto_jobs(tasks)
        if workers > 1:
            click.echo(f"{len(tasks)} 件の回答ファイルを {workers} プロセスで並行して処理します（--jobs auto）", err=True)
    return run_batch(tasks, workers)


def _echo_json(specs: list[str], files: tuple[Path, ...], opts: CheckOptions, generated_at: str) -> CheckSummary:
    notes: list[str] = []
    spec = resolve_spec(specs, warnings=notes)
    prof, vocab = load_inputs(spec, opts, notes)
    result, carry, answered = carryover_for(check_file(spec, files, prof, vocab, opts.vendor_name),
                                            opts.answered_version)
    click.echo(result_json(result, generated_at, carry), nl=False)  # bytes: UTF-8 whatever the console's encoding
    return CheckSummary.of(files, result, (), tuple(notes), answered, carry)


def _record(summaries: list[CheckSummary], db: str | None, checked_at: str, *, err: bool) -> None:
    """Record the checks at *checked_at*, the outputs' generated_at. *err*: say it on standard error, as standard
    output holds the JSON alone."""
    # SQLAlchemy only loads when asked to record
    from ..readiness_query import record_places
    from ..readiness_store import CheckEntry, ReadinessStore

    # migrated with the record: a record refused (a name of several prefectures) leaves an older hyojun's store as it was
    store = ReadinessStore(db, migrate=False)
    # a store this run made is removed again if nothing goes in
    with store.removed_if_failed(), store.transaction():
        # readiness status shows a coverage beside the progress of the municipality of the same name (and
        # prefecture) only
        places, notes = record_places(store, ((s.prefecture, s.municipality) for s in summaries if s.municipality))
        # readiness status's key to the vendors of the latest run, with checked_at: two runs within a second (a
        # script's) were one
        run = uuid.uuid4().hex
        entries = []
        for s in summaries:
            prefecture, town = places[(s.prefecture, s.municipality)] if s.municipality else (None, None)
            entries.append(CheckEntry(s.area, town, s.version, s.vendor, s.mandatory_coverage, s.verdict, prefecture,
                                      s.mandatory_counts))
        store.record_checks(entries, checked_at, run=run)  # all or none: a run cut short is no town's latest
    towns = list(dict.fromkeys(places.values()))
    unnamed = any(not s.municipality for s in summaries)
    shown = joined_at_most([town_label(p, n) for p, n in towns] + (["団体の指定なし"] if unnamed else []),
                           5, "、", " ほか")
    click.echo(f"適合率を記録しました（{len(summaries)} 件。{shown}）: {store.display_url}", err=err)
    echo_notes(notes + (["プロファイル（--profile）がないため団体の指定なしで記録しました。readiness status には表示されません"]
                        if unnamed else []))
    echo_notes(_several_vendors(store.check_rows(), towns, store.shared_names(), run))


def _several_vendors(checks: list[CheckRecord], towns: list[tuple[str | None, str]], shared: set[str],
                     run: str) -> list[str]:
    """What readiness status will show for a town (prefecture, name) and area this run recorded several vendors for
    (all of them, in the order status uses), with how to show one."""
    from ..analysis.readiness import ONE_VENDOR_HINT, latest_coverage

    return [f"{town} {area}: {len(latest)} 社の適合率を記録しました（{'、'.join(f'{inline(c.vendor)} {coverage_percent(c.mandatory_coverage)}' for c in latest)}）。"
            f"readiness status とダッシュボードには、この {len(latest)} 社を適合率の高い順に表示します。{ONE_VENDOR_HINT}"
            for prefecture, town in towns
            for area, latest in latest_coverage(checks, prefecture, town, shared=town in shared).items()
            if len(latest) > 1 and latest[0].run == run]
