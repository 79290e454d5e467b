"""Answer readiness questions from the store: which municipalities, which month, their status records.

Glue between the store (SQL) and the pure analysis; the CLI and the dashboard both call it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .analysis.readiness import Deadlines, MunicipalityProgress, area_medians, latest_coverage, status_record
from .catalog import load_catalog
from .errors import InputError, UsageError
from .io.readiness_reader import parse_month
from .readiness_model import ReadinessImport, closest_names, did_you_mean, not_a_prefecture
from .readiness_store import ReadinessStore


@dataclass(frozen=True)
class Selection:
    """What the user asked for: one municipality, one prefecture, or the whole country (both None)."""

    prefecture: str | None
    municipality: str | None

    @property
    def label(self) -> str:
        return self.municipality or self.prefecture or "全国"

    @property
    def file_label(self) -> str:
        """The label with the prefecture of a municipality: 府中市 of 東京都 and of 広島県 get two files."""
        return f"{self.prefecture}_{self.municipality}" if self.municipality and self.prefecture else self.label


def select(store: ReadinessStore, prefecture: str | None, municipality: str | None) -> Selection:
    """Check the selection against the store; a municipality name shared by prefectures needs --prefecture."""
    if prefecture and (why := not_a_prefecture(prefecture)):
        raise UsageError(f"--prefecture: {why}")
    if municipality:
        found = store.municipality_names(municipality)
        prefectures = sorted({p for p, _n in found if prefecture in (None, p)})
        if not prefectures:
            where = f"{prefecture}の" if prefecture else ""
            raise InputError(f"{where}{municipality} のデータがありません（hyojun readiness import で取り込んでください）")
        if len(prefectures) > 1:
            raise UsageError(f"{municipality} は {'・'.join(prefectures)} にあります。--prefecture で都道府県を指定してください")
        return Selection(prefectures[0], municipality)
    return Selection(prefecture, None)


def resolve_month(store: ReadinessStore, month: str | None) -> tuple[str, list[str]]:
    """The month asked for (default: the latest imported) and every imported month."""
    months = store.months()
    if not months:
        raise InputError(f"データベース {store.display_url} に進捗データがありません。"
                         "先に hyojun readiness import FILE.xlsx で取り込んでください")
    if month is None:
        return months[-1], months
    parsed = parse_month(month)
    if parsed is None:
        raise UsageError(f"--month「{month}」を年月として読めません（例: 2026-01、令和8年1月）")
    if parsed not in months:
        raise InputError(f"{parsed} のデータがありません（取り込み済み: {'、'.join(months)}）")
    return parsed, months


@dataclass
class ReadinessData:
    """Everything a status or dashboard view needs, loaded once."""

    selection: Selection
    month: str
    history: dict[str, list[MunicipalityProgress]]  # month → the selected municipalities (months ≤ month)
    national: list[MunicipalityProgress]  # every municipality in `month`

    @property
    def current(self) -> list[MunicipalityProgress]:
        return self.history.get(self.month, [])

    @property
    def without_month(self) -> list[tuple[str, str]]:
        """Selected municipalities known only from earlier months: absent from this month's view."""
        now = {(m.prefecture, m.name) for m in self.current}
        return sorted({(m.prefecture, m.name) for ms in self.history.values() for m in ms} - now)

    def series(self, m: MunicipalityProgress) -> list[MunicipalityProgress]:
        """*m*'s snapshots over the months, oldest first."""
        if not hasattr(self, "_series"):
            index: dict[tuple[str, str], list[MunicipalityProgress]] = {}
            for month in sorted(self.history):
                for p in self.history[month]:
                    index.setdefault((p.prefecture, p.name), []).append(p)
            self._series = index
        return self._series.get((m.prefecture, m.name), [])

    def previous(self, m: MunicipalityProgress) -> MunicipalityProgress | None:
        earlier = [p for p in self.series(m) if p.month < m.month]
        return earlier[-1] if earlier else None


def load(store: ReadinessStore, selection: Selection, month: str | None) -> ReadinessData:
    month, months = resolve_month(store, month)
    national = store.progress(months=[month]).get(month, [])
    wanted = [m for m in months if m <= month]
    if selection.prefecture is None and selection.municipality is None:
        history = {month: national, **store.progress(months=[m for m in wanted if m != month])}
    else:
        history = store.progress(months=wanted, prefecture=selection.prefecture, municipality=selection.municipality)
    if not history.get(month):
        raise InputError(f"{month} の {selection.label} のデータがありません")
    return ReadinessData(selection, month, dict(sorted(history.items())), national)


def status_records(store: ReadinessStore, data: ReadinessData, *, today: dt.date,
                   deadlines: Deadlines) -> list[dict[str, Any]]:
    """One record per selected municipality (schema readiness_status)."""
    order = [a.name for a in load_catalog().areas]
    national = area_medians(data.national)
    by_prefecture: dict[str, list[MunicipalityProgress]] = {}
    for m in data.national:
        by_prefecture.setdefault(m.prefecture, []).append(m)
    pref_medians = {p: area_medians(by_prefecture[p]) for p in {m.prefecture for m in data.current}}
    checks = store.check_rows()
    notes = store.step_notes(data.month, prefecture=data.selection.prefecture,
                             municipality=data.selection.municipality)
    records = []
    for m in data.current:
        coverage = latest_coverage(checks, m.prefecture, m.name)
        records.append(status_record(m, data.previous(m), today=today, deadlines=deadlines, area_order=order,
                                     prefecture_medians=pref_medians.get(m.prefecture), national_medians=national,
                                     coverage=coverage, notes=notes.get((m.prefecture, m.name))))
    return records


def import_problems(store: ReadinessStore, data: ReadinessImport, *, today: dt.date, new_municipality: bool = False,
                    future_month: bool = False) -> list[str]:
    """Why *data* should not go into the store as it is: a month after *today*'s (a typo that became every view's
    default month), or a self sheet naming a municipality the 総務省 workbooks of its prefecture do not have (「利府」
    became a 36th municipality of 宮城県, in its counts and medians). Each can be allowed explicitly."""
    problems = []
    if not future_month and data.month > f"{today:%Y-%m}":
        problems.append(f"{data.cells.get('報告月', '報告月')}: 報告月 {data.month} は今月（{today:%Y-%m}）より後です。"
                        "誤りでなければ --future-month を付けてください")
    if data.kind == "self" and not new_municipality:
        m = data.municipalities[0]
        known = store.known_municipalities(m.prefecture)
        if known and m.name not in known:
            problems.append(f"{data.cells.get('市区町村', '市区町村')}: 市区町村「{m.name}」は取り込み済みの総務省のブックの"
                            f"{m.prefecture}（{len(known):,} 団体）にありません{did_you_mean(closest_names(m.name, known))}。"
                            "新しい団体として取り込むには --new-municipality を付けてください")
    return problems
