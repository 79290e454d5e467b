"""`hyojun readiness`: import 総務省's progress workbooks, show status, write the dashboard."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import clock
from ..analysis.gap import coverage_percent
from ..dates_ja import shown_date, shown_month
from ..errors import HyojunError, InputError, UsageError, command_arg, joined_at_most
from ..io.output_lock import output_lock
from ..model import town_label
from ..readiness_model import STEP_COUNT, pct, points
from ..bidi import inline
from .base import console, console_table, echo_json, echo_notes, require_xlsx

# The library (SQLAlchemy, readers) is imported inside each command: `hyojun --help` and the other
# commands should not pay for it at start-up.


def _no_next(area: dict[str, Any]) -> str:
    """The next-step cell of an area without one: done (as the dashboard and 最も遅れている業務 say it), or a source
    without the step sheet."""
    return "—（すべて完了）" if area["done_steps"] == STEP_COUNT else "—（ステップ別の記録なし）"


def _coverage_cell(coverage: dict[str, Any] | None) -> str:
    """Each vendor of the area's latest recorded check, named: the figure is a bid's, not the town's."""
    from ..analysis.readiness import coverage_entries

    return "\n".join(f"{coverage_percent(c['mandatory_coverage'])} {inline(c['vendor'])}"
                     for c in coverage_entries(coverage)) or "—"


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", metavar="URL",
                        help="データベース（SQLAlchemy URL またはファイルパス）。既定は環境変数 HYOJUN_DB、"
                             "なければ <hyojun ホーム>/data/readiness.db（SQLite）。")(fn)


def selection_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--prefecture", metavar="都道府県", help="都道府県で絞り込む（例: 宮城県）。")(fn)
    return click.option("--municipality", metavar="団体", help="団体を指定する（例: 利府町）。")(fn)


class _Date(click.ParamType):  # type: ignore[type-arg]  # generic in recent click only (setup.cfg allows 8.1)
    """A date spelled as the sheets and the deadlines YAML may spell it (2026-03-31, 2026/3/31, 令和8年3月31日)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        from ..io.readiness_reader import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def view_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--month", metavar="YYYY-MM",
                      help="対象の月（例: 2026-01）。既定は団体ならデータがある最新の月、都道府県・全国なら総務省のブックがある"
                           "最新の月（その後の月に半数以上の団体のデータがあればその月）。")(fn)
    fn = click.option("--today", type=_Date(), metavar="YYYY-MM-DD",
                      help="残り日数の基準日（例: 2026-03-31、令和8年3月31日）。既定は今日（日本時間）。")(fn)
    return click.option("--deadlines", "deadlines_file", type=click.Path(dir_okay=False, path_type=Path),
                        metavar="FILE.yaml", help="期限と要注意の基準の設定（docs/readiness.md）。既定は全業務 2026-03-31。")(fn)


@click.group("readiness")
def readiness_group() -> None:
    """移行準備状況（総務省の進捗状況）を取り込み、業務別に表示する。"""


@readiness_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--new-municipality", is_flag=True,
              help="自己記入シートの市区町村が、取り込み済みの総務省のブック（その都道府県）になくても取り込む。")
@click.option("--future-month", is_flag=True, help="報告月が今月より後のファイルも取り込む。")
@db_option
def import_command(files: tuple[Path, ...], new_municipality: bool, future_month: bool, db: str | None) -> None:
    """総務省の進捗状況ブック、または自己記入シートを取り込む。

    同じ月・同じ範囲の前のファイルは置き換える（同じファイルは二度取り込まない）。"""
    from ..readiness_store import ReadinessStore, StoreError

    # a store not there yet is made once a file has been read and found fit: a failed import leaves no database. A
    # store is migrated with the import of a file (import_file): a failed import leaves an older hyojun's as it was
    store = ReadinessStore.existing(db)
    allow = {"new_municipality": new_municipality, "future_month": future_month}
    if len(files) == 1:
        _import_one(store, db, files[0], **allow)
        return
    failed = 0
    for number, path in enumerate(files, 1):
        try:
            store = _import_one(store, db, path, **allow)
        except StoreError as exc:  # the database's: no later file would get past it
            if number == 1:
                raise
            click.echo(f"エラー: {exc}", err=True)
            done = "ほかのファイルは取り込み済みです" if number - 1 > failed else "どのファイルも取り込んでいません"
            raise InputError(f"{len(files)} 件中 {len(files) - number + 1 + failed} 件のファイルを取り込めませんでした"
                             f"（データベースのエラーで {number} 件目から先は取り込んでいません。{done}）") from None
        except HyojunError as exc:
            failed += 1
            click.echo(f"エラー: {exc}", err=True)
    if failed:
        rest = "ほかのファイルは取り込み済みです" if failed < len(files) else "どのファイルも取り込んでいません"
        raise InputError(f"{len(files)} 件中 {failed} 件のファイルを取り込めませんでした（{rest}）")


def _import_one(store: Any, db: str | None, path: Path, *, new_municipality: bool, future_month: bool) -> Any:
    """Import *path* into *store* (None: made now, after the file was read); returns the store."""
    from ..readiness_query import import_file, read_import
    from ..readiness_store import ReadinessStore

    today, allow = clock.today(), {"new_municipality": new_municipality, "future_month": future_month}
    data = None
    if store is None:
        data = read_import(path, today=today, **allow)
        store = ReadinessStore(db, migrate=False)
    with store.removed_if_failed():
        done = import_file(store, path, today=today, data=data, **allow)
    _tell(store, path, done)
    return store


def _tell(store: Any, path: Path, done: Any) -> None:
    """What the import of *path* did (a FileImport)."""
    echo_notes(done.notes)
    result = done.result
    if result is None:
        click.echo(f"{path}: 取り込み済みです（{shown_month(done.month)}、同じ内容のファイル）。何もしません")
        return
    if result.skipped:
        done_now = ("団体の並び（ブックの行の順）だけを記録しました（値と、この月に表示するファイルは変えていません"
                    + ("。この月の値をこのファイルのものに戻すには、もう一度取り込んでください" if result.overridden else "") + "）"
                    if result.rows_filled else "何もしません")
        click.echo(f"{path}: 取り込み済みです（{shown_month(result.month)}、同じ内容のファイル）。{done_now}")
        return
    kind = "総務省の進捗状況" if done.kind == "soumu" else "自己記入シート"
    again = "（以前に取り込んだファイルです。この月の値をこのファイルのものに戻しました）" if done.again else ""
    click.echo(f"{path}: {kind}を取り込みました（{shown_month(result.month)}、{result.municipalities:,} 団体、"
               f"業務ごとの値 {result.areas:,} 件）→ {store.display_url}{again}")
    for old in result.replaced:
        click.echo(f"  同じ月・同じ範囲の前のファイルを置き換えました: {old.label}。戻すにはそのファイルを取り込み直してください")
    if result.withdrawn:  # a corrected workbook withdraws towns: named, as the month loses them
        towns = joined_at_most([town_label(p, n) for p, n in result.withdrawn], 10, "、", " ほか")
        click.echo(f"  置き換えた前のファイルにだけあった {len(result.withdrawn):,} 団体（{towns}）は、{shown_month(result.month)}のデータが"
                   "なくなりました")
    if result.shadowed:
        files = joined_at_most([f"{sh.snapshot.source_name}（{sh.snapshot.scope or '範囲不明'}、{sh.count:,} 団体）"
                                for sh in result.shadowed], 3, "、", " ほか")
        click.echo(f"  {shown_month(result.month)}に前に取り込んだ範囲の違うファイル {len(result.shadowed)} 件の団体は、このファイルの値で表示します"
                   f"（{files}）。戻すにはそのファイルを取り込み直してください")
    for sh in result.shadowed:
        if sh.left:  # a corrected workbook that leaves towns of the old one (a mistyped prefecture's) is no correction
            old = sh.snapshot
            towns = joined_at_most([town_label(p, n) for p, n in sh.left], 5, "、", " ほか")
            click.echo(f"  {old.source_name} の {old.municipality_count:,} 団体のうち {sh.count:,} 団体はこのファイルの値になりましたが、"
                       f"{len(sh.left):,} 団体（{towns}）は {old.source_name} の値のままです。このファイルが訂正版なら、前のファイルを"
                       f"取り消してください: hyojun readiness remove --month {result.month} --source {command_arg(old.source_name)}")
    for old in result.kept:
        click.echo(f"  同じ月・同じ範囲の前のファイル {old.label} は、今回のファイルの 2 倍以上の団体を含むため置き換えていません"
                   f"（今回の {result.municipalities:,} 団体は今回の値を使います）。前のファイルを取り消すには "
                   f"hyojun readiness remove --month {result.month} --source {command_arg(old.source_name)}")


@readiness_group.command("remove")
@click.option("--month", "month", required=True, metavar="YYYY-MM", help="削除する月（例: 2026-01）。")
@click.option("--source", "source", metavar="FILE",
              help="このファイルから取り込んだものだけを削除する（ファイルがあればその内容で、なければ名前で見分ける。省略するとその月のすべて）。")
@db_option
def remove_command(month: str, source: str | None, db: str | None) -> None:
    """取り込んだ月のデータを削除する（誤って取り込んだファイルの取り消し。ファイルを取り込み直せば戻る）。"""
    from ..io.readiness_reader import parse_month
    from ..readiness_store import ReadinessStore

    parsed = parse_month(month)
    if parsed is None:
        raise UsageError(f"--month「{month}」を年月として読めません（例: 2026-01、令和8年1月）")
    # migrated with the removal: one refused (no such month) leaves an older hyojun's store as it was
    store = ReadinessStore(db, create=False, migrate=False)
    name = Path(source).name if source else None
    with store.transaction():
        if source and Path(source).is_file():  # the file itself: towns' self sheets often share the template's name
            removed = store.remove(parsed, sha256=hashlib.sha256(Path(source).read_bytes()).hexdigest())
        else:
            named = [s for s in store.snapshots(parsed) if s.source_name == name] if name else []
            if len({s.scope for s in named}) > 1:
                raise InputError(f"{parsed} に {name} という名前のファイルが {len(named)} 件あります（"
                                 f"{'、'.join(s.label for s in named)}）。削除するファイルそのもの（パス）を --source に指定してください")
            removed = store.remove(parsed, name)
        if not removed:
            there = [s.source_name for s in store.snapshots(parsed)]
            what = f"{parsed} に {name} から取り込んだデータはありません" if name else f"{parsed} のデータはありません"
            raise InputError(what + (f"（{parsed} のファイル: {'、'.join(there)}）" if there else ""))
    for old in removed:
        click.echo(f"削除しました: {old.label}")


@readiness_group.command("template")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=Path("readiness_自己記入シート.xlsx"),
              show_default=True, help="書き出す .xlsx ファイル。")
@click.option("--force", is_flag=True, help="--out のファイルが既にあっても上書きする。")
def template_command(out: Path, force: bool) -> None:
    """自己記入シート（20 業務 × 40 ステップの状況・日付・備考）のひな形を書き出す。"""
    from ..io.readiness_template import write_template

    require_xlsx(out, "ひな形", "--out")  # and the import would read a .csv as a CSV
    with output_lock(out.parent):
        if out.exists() and not force:  # the default name is also the name of the sheet a user fills in
            raise UsageError(f"{out} は既にあります（記入済みのシートを上書きしないため中止しました）。"
                             "別の --out を指定するか、上書きしてよければ --force を付けてください")
        path = write_template(out)
    click.echo(f"ひな形を書き出しました: {path}")


def _area_trend(record: dict[str, Any], area: dict[str, Any]) -> str:
    from ..analysis.readiness import no_trend_label

    if area["trend"]:
        return points(area["trend"]["delta"])
    return no_trend_label(area) if record["trend"] else "—"


def _overall_trend(trend: dict[str, Any], *, with_month: bool = False) -> str:
    """「+5 ポイント」, with the month compared with (「2026年1月比」) when asked and the areas left out."""
    left_out = trend.get("not_comparable")
    said = [f"{shown_month(trend['previous_month'])}比"] if with_month else []
    if left_out:
        said.append(f"どちらかの月のデータがない {'・'.join(left_out)} を除く")
    return points(trend["delta"]) + (f"（{'。'.join(said)}）" if said else "")


def _previous_months(records: list[dict[str, Any]]) -> dict[str, int]:
    """The months the towns' 前回比 compare with (each town's own previous month), with how many towns each."""
    counts: dict[str, int] = {}
    for r in records:
        if r["trend"]:
            counts[r["trend"]["previous_month"]] = counts.get(r["trend"]["previous_month"], 0) + 1
    return dict(sorted(counts.items()))


def _load(db: str | None, deadlines_file: Path | None, prefecture: str | None, municipality: str | None,
          month: str | None) -> tuple[Any, Any, Any]:
    """(data, store, deadlines) for status and dashboard."""
    from ..io.deadlines import check_towns, load_deadlines
    from ..readiness_query import gone_note, later_note, load, select
    from ..readiness_store import ReadinessStore

    deadlines = load_deadlines(deadlines_file)
    store = ReadinessStore(db, create=False)
    echo_notes(deadlines.notes)
    if deadlines.municipalities or deadlines.prefectures:
        echo_notes(check_towns(deadlines, store.municipality_keys()))
    data = load(store, select(store, prefecture, municipality), month)
    if gone := gone_note(data):
        echo_notes([gone])
    if later := later_note(data):
        echo_notes([later])
    if missing := data.without_month:  # one town's newer self-report must not silently hide the others
        shown = joined_at_most([name for name, _n in data.missing_names(data.month)], 3, "、", " ほか")
        of_month = shown_month(data.month)
        echo_notes([f"{of_month}のデータがない団体が {len(missing):,} あります（{shown}。以前の月のデータのみ）。"
                    f"この表示は {of_month}のデータがある {len(data.current):,} 団体です。--month で月を選べます"])
    return data, store, deadlines


@readiness_group.command("status")
@selection_options
@view_options
@click.option("--json", "as_json", is_flag=True, help="JSON で出力する（形式は docs/readiness.md）。")
@db_option
def status_command(municipality: str | None, prefecture: str | None, month: str | None, today: dt.date | None,
                   deadlines_file: Path | None, as_json: bool, db: str | None) -> None:
    """業務別の完了率・作業中のステップ・次のステップ・期限と残り日数・前回比・必須機能の適合率を表示する。"""
    data, store, deadlines = _load(db, deadlines_file, prefecture, municipality, month)
    from ..analysis.readiness import (COVERAGE_SUMMARY_NOTE, area_deadline, basis_notes, coverage_summary_lines,
                                      days_left, days_left_label, deadline_groups, deadline_label, json_records,
                                      risk_label, several_vendors_notes, slowest_areas_label)
    from ..readiness_model import days_text
    from ..readiness_query import status_records

    records = status_records(store, data, today=today or clock.today(), deadlines=deadlines)
    if as_json:
        # The schema is the tests' to check (it cost 28 s of a national run's 36 s at run time).
        echo_json(json_records(records))
        return
    out = console()
    basis_day = dt.date.fromisoformat(records[0]["today"])  # the 基準日 the records count the days from
    # the days are counted to the 基準日, the rates are of the month
    basis = f"{shown_month(data.month)}時点（基準日 {shown_date(basis_day)}）"
    if data.selection.municipality:  # a prefecture of one town with data this month is still a prefecture's table
        r = records[0]
        trend = f"、前回（{shown_month(r['trend']['previous_month'])}）比 {_overall_trend(r['trend'])}" if r["trend"] else ""
        table = console_table(f"{r['prefecture']} {r['municipality']} {basis}: 完了率 {pct(r['overall_rate'])}{trend}",
                              ("業務", "完了率", "前回比", "作業中のステップ", "次のステップ", "期限", "期限まで", "必須機能の適合率",
                               "要注意"))
        for area, d in r["details"].items():
            nxt = d["next_step"]
            table.add_row(area, pct(d["rate"]), _area_trend(r, d),
                          "、".join(s["id"] for s in d["in_progress"]) or "—",
                          f"{nxt['id']} {nxt['name']}" if nxt else _no_next(d),
                          shown_date(d["deadline"]) + (f"（{label}）" if (label := deadline_label(d, deadlines.default)) else ""),
                          days_left_label(d),
                          _coverage_cell(d["coverage"]), risk_label(d["days_left"]) if d["at_risk"] else "")
        out.print(table)
        echo_notes(several_vendors_notes(r) + basis_notes(data.month, basis_day, deadlines, today_given=today is not None))
        return
    # a prefecture's towns with their recorded coverage; the country's table leaves it out (docs/readiness.md)
    prefecture_view = data.selection.prefecture is not None
    # each town's 前回比 is against its own previous month: one month in the header, else each cell names its own
    previous = _previous_months(records)
    shared = next(iter(previous)) if len(previous) == 1 else None
    # overdue and nearing apart (two messages to a town), each with its deadline when not the default, and the
    # deadlines other than the default: an extended town's missing ⚠ read as progress
    table = console_table(f"{data.selection.label} {basis}: {len(records):,} 団体",
                          ("都道府県", "団体", "完了率", f"前回比（{shown_month(shared)}比）" if shared else "前回比", "最も遅れている業務",
                           "期限超過の業務", "期限が近い業務", "既定と異なる期限",
                           *(["必須機能の適合率（最も低い業務）"] if prefecture_view else [])))
    for m, r in zip(data.current, records, strict=True):  # status_records: a record per town, in their order
        town_areas = list(r["details"])
        areas = [area_deadline(m, a, deadlines, basis_day) for a in town_areas]
        risky = deadline_groups((a for a in areas if a.at_risk), deadlines)
        cells = [r["prefecture"], r["municipality"], pct(r["overall_rate"]),
                 _overall_trend(r["trend"], with_month=not shared) if r["trend"] else "—", slowest_areas_label(r["areas"]),
                 *("\n".join(f"{g.names(town_areas)}（{g.label}）" for g in risky if g.overdue is overdue) or "—"
                   for overdue in (True, False)),
                 "\n".join(f"{g.names(town_areas)}: {shown_date(g.deadline)}" + (f"（{g.note}）" if g.note else "")
                           for g in deadline_groups(areas, deadlines) if not g.default) or "—"]
        table.add_row(*cells, *(["\n".join(coverage_summary_lines(r["coverage_summary"])) or "—"] if prefecture_view else []))
    out.print(table)
    click.echo(f"期限の日付のない業務の期限は既定の {shown_date(deadlines.default)}（{days_text(days_left(deadlines.default, basis_day))}）です。")
    if prefecture_view:  # not rich's caption: it broke the line at the first space, inside 「check --record」
        click.echo(COVERAGE_SUMMARY_NOTE)
    notes = basis_notes(data.month, basis_day, deadlines, today_given=today is not None)
    if len(previous) > 1:  # changes over one month and over a year, down one column
        months = "、".join(f"{shown_month(mo)}（{n:,} 団体）" for mo, n in previous.items())
        notes.insert(0, f"前回比は団体ごとにその団体の前のデータの月と比べた差で、比べた月が団体によって違います: {months}。"
                        "月は各セルに示しています")
    echo_notes(notes)


@readiness_group.command("dashboard")
@selection_options
@view_options
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="HTML を書き出すフォルダ。")
@db_option
def dashboard_command(municipality: str | None, prefecture: str | None, month: str | None, today: dt.date | None,
                      deadlines_file: Path | None, out: Path, db: str | None) -> None:
    """移行準備状況のダッシュボード（1ファイルの HTML）を書き出す。団体・都道府県（県内の全団体）・全国の 3 種類。"""
    from ..io.overwrite import refuse_overwriting
    from ..report.readiness_view import dashboard_path, write_dashboard

    data, store, deadlines = _load(db, deadlines_file, prefecture, municipality, month)
    with output_lock(out):
        refuse_overwriting([dashboard_path(data, out)], [deadlines_file] if deadlines_file else [])
        path = write_dashboard(store, data, out, today=today, deadlines=deadlines)
    click.echo(f"ダッシュボードを書き出しました: {path}")
