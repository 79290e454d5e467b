"""Answer readiness questions from the store: which municipalities, which month, their status records.

Glue between the store (SQL) and the pure analysis; the CLI and the dashboard both call it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

from .analysis.readiness import (CheckRecord, Deadlines, Medians, MunicipalityProgress, area_medians, json_records,
                                 latest_coverage, status_record)
from .catalog import load_catalog
from .dates_ja import shown_month
from .errors import InputError, UsageError, joined_at_most
from .io.input_file import read_input
from .io.limits import Limits
from .io.readiness_reader import parse_month, read_progress
from .model import town_label
from .normalize import header
from .readiness_model import (PREFECTURES, ReadinessImport, closest_names, did_you_mean, in_code_order,
                              not_a_prefecture, town_key)
from .readiness_store import NATIONAL_SCOPE, ImportResult, ReadinessStore, Snapshot, is_extract


@dataclass(frozen=True)
class Selection:
    """What the user asked for: one municipality, one prefecture, or the whole country (both None)."""

    prefecture: str | None
    municipality: str | None

    @property
    def label(self) -> str:
        """「広島県 府中市」, 「宮城県」 or 「全国」: the dashboard's title, heading and file name say which 府中市."""
        return town_label(self.prefecture, self.municipality) if self.municipality else self.prefecture or "全国"


def select(store: ReadinessStore, prefecture: str | None, municipality: str | None) -> Selection:
    """Check the selection against the store; a municipality name shared by prefectures needs --prefecture. Names
    are compared as the readers store them, without any space (「利府町　」 copied from a cell, 「宮城 県」), and a town's
    as towns are matched (town_key: 七ケ浜町 is the 七ヶ浜町 stored), selected by its stored name."""
    prefecture, municipality = (None if v is None else header(v) for v in (prefecture, municipality))
    if prefecture is not None and (why := not_a_prefecture(prefecture)):
        raise UsageError(f"--prefecture: {why}")
    if municipality == "":
        raise UsageError("--municipality: 団体の名前を指定してください")
    if municipality:
        found = store.municipality_names(municipality)
        prefectures = in_code_order(p for p, _n in found if prefecture in (None, p))
        if not prefectures:
            raise InputError(_no_municipality(store, prefecture, municipality, in_code_order(p for p, _n in found)))
        if len(prefectures) > 1:
            raise UsageError(f"{municipality} は {'・'.join(prefectures)} にあります。--prefecture で都道府県を指定してください")
        return Selection(prefectures[0], next(n for p, n in found if p == prefectures[0]))
    return Selection(prefecture, None)


def record_places(store: ReadinessStore, towns: Iterable[tuple[str | None, str]]
                  ) -> tuple[dict[tuple[str | None, str], tuple[str | None, str]], list[str]]:
    """For `check --record`: the (prefecture, name) to store for each (profile's prefecture, municipality as written),
    and what to tell (no data of the town, a town merged away). The name as the progress data has it (`select`:
    「大和町　」 pasted from a cell was stored as such, and never shown for 大和町; 七ケ浜町 is 七ヶ浜町, `select`); the profile's prefecture, else the
    only one with progress data of the name (the record then stays the town's when another prefecture's data comes),
    else None (no data yet). A name the data has in several prefectures, without a
    prefecture, is refused: stored without one it would show under none of them (`latest_coverage`), and guessing one
    put 宮城県 美里町's bids under 埼玉県's and 熊本県's."""
    stored: dict[tuple[str | None, str], tuple[str | None, str]] = {}
    notes, ambiguous = [], []
    lists_of = functools.cache(lambda p: store.rosters(p).get(p, {}))  # a prefecture's lists, read once for its towns
    for prefecture, written in dict.fromkeys(towns):
        name = header(written)
        names = dict(store.municipality_names(name))  # prefecture → the town's name there
        found = in_code_order(names)
        if prefecture is None and len(found) > 1:
            ambiguous.append(f"{name}: {'・'.join(found)} にあります")
            continue
        where = prefecture or (found[0] if found else None)
        name = names.get(where or "", name)
        stored[(prefecture, written)] = (where, name)
        # a town the latest 総務省 list no longer has (merged): the record shows under its old months only. Said as the
        # import of a self sheet of that name says it
        if where and (lists := lists_of(where)) and (
                gone := _gone(where, name, lists, max(lists), "今の団体名（プロファイルの municipality）で記録してください")):
            notes.append(f"{gone[0]}。この記録は{where}の {gone[1]}からの表示には出ません")
        if prefecture not in (None, *found) or not found:
            elsewhere = f"。{name} は {'・'.join(found)} にあります" if found else ""
            notes.append(f"{town_label(prefecture, name)} の進捗データは取り込まれていないため、readiness status にはまだ"
                         "表示されません（団体名はプロファイルの municipality、都道府県は prefecture です。進捗データの名前と"
                         f"同じにしてください{elsewhere}）")
    if ambiguous:
        raise InputError("同じ名前の団体が複数の都道府県の進捗データにあり、どの団体の適合率か決まらないため、記録しませんでした"
                         "（チェックの出力は書き出しました）。プロファイルに「prefecture: 宮城県」のように都道府県を書いて、"
                         "もう一度 --record で実行してください", details=ambiguous)
    return stored, notes


def _no_municipality(store: ReadinessStore, prefecture: str | None, municipality: str, elsewhere: list[str]) -> str:
    """Why *municipality* is not there: another prefecture's, a likely typo, or not imported."""
    where = f"{prefecture}の" if prefecture else ""
    if elsewhere:
        return f"{where}{municipality} のデータがありません（{municipality} は {'・'.join(elsewhere)} にあります）"
    names = [n for p, n in store.municipality_keys() if prefecture in (None, p)]
    if guess := closest_names(municipality, names):
        return f"{where}{municipality} のデータがありません{did_you_mean(guess)}"
    return f"{where}{municipality} のデータがありません（hyojun readiness import で取り込んでください）"


def resolve_month(store: ReadinessStore, selection: Selection, month: str | None,
                  rosters: dict[str, dict[str, frozenset[str]]],
                  imported: list[Snapshot]) -> tuple[str, list[str], list[tuple[str, int]]]:
    """The month asked for (default: `_default_month`), every month with data of the selection, and the later months
    the default leaves out with their number of towns (of a prefecture or the country: months of a few towns only).
    Not the latest month of the store: one town's sheet, ahead of 総務省's workbook, made that month every other
    town's and prefecture's default, and each of them failed for want of data in it. *rosters* and *imported*: the
    store's `rosters` of the selection's prefecture (or all) and `snapshots`, as `load` read them."""
    months = store.months(prefecture=selection.prefecture, municipality=selection.municipality)
    if not months:
        if not store.months():
            raise InputError(f"データベース {store.display_url} に進捗データがありません。"
                             "先に hyojun readiness import FILE.xlsx で取り込んでください")
        raise InputError(f"{selection.label} のデータがありません（hyojun readiness import で取り込んでください）")
    if month is None:
        if selection.municipality:
            return months[-1], months, []
        default, later = _default_month(store, selection, months, rosters, imported)
        return default, months, later
    parsed = parse_month(month)
    if parsed is None:
        raise UsageError(f"--month「{month}」を年月として読めません（例: 2026-01、令和8年1月）")
    if parsed not in months:
        of = f" {selection.label} の" if selection.prefecture else ""  # 全国: 「2025-12 のデータがありません」
        raise InputError(f"{parsed} の{of}データがありません（{of.strip()}データがある月: {'、'.join(months)}）")
    return parsed, months, []


def _default_month(store: ReadinessStore, selection: Selection, months: list[str],
                   rosters: dict[str, dict[str, frozenset[str]]],
                   imported: list[Snapshot]) -> tuple[str, list[tuple[str, int]]]:
    """A prefecture's or the country's month without --month, and the later months it leaves out (month, towns): the
    latest month with its 総務省 list (the prefecture's list, `ReadinessStore.rosters`; the country's: a month whose
    workbooks cover all 47 prefectures), or a later month with data of at least half as many towns (a prefecture's
    workbook not sent yet, every town's own sheet ahead of 総務省's) — under half, the dashboards call the month's
    figures no trend of the whole. Without any list (self sheets only), the month with the most towns, the latest of
    equals. The latest month with any data was one town's self sheet: 「宮城県」 showed that town's table, and the
    dashboards 「要注意の団体 0」 and a one-town median."""
    of = {"prefecture": selection.prefecture}
    if selection.prefecture:
        listed = list(rosters.get(selection.prefecture, {}))
    else:
        listed = _whole_months(imported, months[-1])
    counts = store.town_counts(months=[mo for mo in months if not listed or mo >= listed[-1]], **of)
    if listed:
        base = listed[-1]
        default = max(mo for mo, n in counts.items() if n * 2 >= counts[base])
    else:
        default = max(counts, key=lambda mo: (counts[mo], mo))
    return default, [(mo, n) for mo, n in counts.items() if mo > default]


@dataclass
class Basis:
    """The municipalities a median is taken over, and their month: the latest month up to the view's with 総務省
    data for the scope. A town's own sheet is often a month ahead of 総務省's workbook: the same month's
    「宮城県の中央値（1 団体）」 was the town's own figures."""

    month: str
    group: list[MunicipalityProgress]

    @cached_property
    def medians(self) -> Medians:
        return Medians(self.month, area_medians(self.group))

    def medians_for(self, m: MunicipalityProgress) -> Medians | None:
        """The medians *m* is compared with; None when the group is *m* alone."""
        alone = len(self.group) == 1 and (self.group[0].prefecture, self.group[0].name) == (m.prefecture, m.name)
        return None if alone or not self.group else self.medians


def listed_at(lists: dict[str, frozenset[str]], month: str) -> tuple[str, frozenset[str]] | None:
    """The latest of a prefecture's 総務省 lists (`ReadinessStore.rosters`) up to *month*, with its month."""
    earlier = [mo for mo in lists if mo <= month]
    return (max(earlier), lists[max(earlier)]) if earlier else None


@dataclass
class ReadinessData:
    """Everything a status or dashboard view needs, loaded once: of the earlier months only what is compared with."""

    selection: Selection
    month: str
    history: dict[str, list[MunicipalityProgress]]  # month → the selected municipalities, of the months `load` read
    national: Basis  # the whole country, for 全国の中央値
    prefectures: dict[str, Basis]  # each prefecture of `current`, for its median
    rosters: dict[str, dict[str, frozenset[str]]]  # ReadinessStore.rosters of the selection's prefectures
    seen: list[tuple[str, str]]  # every selected municipality with data up to `month` (ReadinessStore.previous_months)
    load_rates: Callable[[], dict[str, dict[tuple[str, str], Fraction]]] = field(repr=False)
    # (prefecture, name) → sort key of every town of `seen` (ReadinessStore.town_places), read when some are missing
    load_places: Callable[[], dict[tuple[str, str], tuple[Any, ...]]] = field(repr=False)
    # (month, towns) of the later months with data the default month left out (`resolve_month`): a few towns' only
    later: list[tuple[str, int]] = field(default_factory=list)

    @property
    def current(self) -> list[MunicipalityProgress]:
        return self.history.get(self.month, [])

    @cached_property
    def rates(self) -> dict[str, dict[tuple[str, str], Fraction]]:
        """Month → (prefecture, name) → overall 完了率 of the selected municipalities, every month up to `month`:
        summed by the database on first use (the dashboards' trend), not from every area of every month."""
        return self.load_rates()

    @cached_property
    def places(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        """Where each town of `seen` stands in the views: its prefecture's code, then its row in the 総務省 workbook."""
        return self.load_places()

    @property
    def without_month(self) -> list[tuple[str, str]]:
        """Selected municipalities without data this month (data of earlier months only)."""
        return self.missing(self.month)

    @cached_property
    def _seen(self) -> dict[str, set[tuple[str, str]]]:
        seen: dict[str, set[tuple[str, str]]] = {}
        for p, n in self.seen:
            seen.setdefault(p, set()).add((p, n))
        return seen

    def missing(self, month: str) -> list[tuple[str, str]]:
        """Selected municipalities of other months without data in *month*, but those not in its lists (`unlisted`).
        Counted against every town ever seen, a merger left 「37 団体中 34 団体」 and a 「データがない」 notice for
        good, and flagged the complete month before it partial."""
        return self._accounted(month)[0]

    def unlisted(self, month: str) -> list[tuple[str, str, str]]:
        """(prefecture, name, month of the list) of the selected municipalities without data in *month* that the
        latest 総務省 list of their prefecture up to *month* does not hold: merged or renamed by then (or, of a
        month before the view's, not yet made)."""
        return self._accounted(month)[1]

    def present(self, month: str) -> set[tuple[str, str]]:
        """The selected municipalities with data in *month*."""
        loaded = self.history.get(month)
        return set(self.rates.get(month, {})) if loaded is None else {(m.prefecture, m.name) for m in loaded}

    def absent_prefectures(self, month: str) -> list[tuple[str, int]]:
        """(prefecture, its towns `missing` in *month*) of the selected prefectures without a town's data in *month*, in
        code order: a workbook not sent yet, or a national one without them. A month without a prefecture moves the
        national figures by that prefecture's towns, not by any progress."""
        present = {p for p, _n in self.present(month)}
        counts = Counter(p for p, _n in self.missing(month) if p not in present)
        return [(p, counts[p]) for p in in_code_order(counts)]

    def missing_names(self, month: str, *, with_prefecture: bool = True) -> list[tuple[str, int]]:
        """`missing` as a notice names them, each with its number of towns: a prefecture without any data in *month* as
        one (「東京都（62 団体すべて）」) before the towns of the others, so that 「東京都 あきる野市 ほか」 does not hide
        that a whole prefecture is missing."""
        absent = self.absent_prefectures(month)
        whole = {p for p, _n in absent}
        return ([(f"{p}（{n:,} 団体すべて）", n) for p, n in absent]
                + [(town_label(p, n) if with_prefecture else n, 1) for p, n in self.missing(month) if p not in whole])

    def _accounted(self, month: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
        present = self.present(month)
        missing, unlisted = [], []
        for prefecture, towns in self._seen.items():
            listed = listed_at(self.rosters.get(prefecture, {}), month)
            for p, n in sorted(towns - present):
                if listed is None or n in listed[1]:
                    missing.append((p, n))
                else:
                    unlisted.append((p, n, listed[0]))
        # as the tables list towns: 「宮城県 七ヶ宿町、七ヶ浜町、丸森町 ほか」 in code-point order were any three
        return (sorted(missing, key=self.places.__getitem__) if missing else []), unlisted  # read only if any

    def series(self, m: MunicipalityProgress) -> list[MunicipalityProgress]:
        """*m*'s snapshots over the months loaded, oldest first."""
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


def _whole_months(snapshots: list[Snapshot], month: str) -> list[str]:
    """The months up to *month* whose 総務省 workbooks cover all 47 prefectures (the national one, or one each)."""
    covered: dict[str, set[str]] = {}
    for s in snapshots:
        if s.month <= month:
            covered.setdefault(s.month, set()).update(p for p in PREFECTURES if s.covers(p))
    return sorted(mo for mo, prefectures in covered.items() if prefectures >= PREFECTURES)


def load(store: ReadinessStore, selection: Selection, month: str | None) -> ReadinessData:
    """The selection's *month* (default: its latest), the previous month of each of its municipalities, and the groups
    its medians are over. Of a prefecture or the country no other month in full: 36 national months cost a status
    8.5 s and 640 MB, and the dashboards' trend needs only `ReadinessData.rates`."""
    rosters, imported = store.rosters(selection.prefecture), store.snapshots()
    month, months, later = resolve_month(store, selection, month, rosters, imported)
    of = {"prefecture": selection.prefecture, "municipality": selection.municipality}
    seen = store.previous_months(month, **of)
    # one municipality's every month: its dashboard charts each area over them
    history = store.progress(months=[m for m in months if m <= month] if selection.municipality else [month], **of)
    if previous := {p for m in history[month] if (p := seen[(m.prefecture, m.name)])} - set(history):
        history |= store.progress(months=previous, **of)
    whole = _whole_months(imported, month)
    if whole:
        national_month = whole[-1]
    else:  # no national data: the latest month of any prefecture's, said in the page to be of some towns only
        lists = rosters if selection.prefecture is None else store.rosters()
        national_month = max((mo for ms in lists.values() for mo in ms if mo <= month), default=month)
    whole_country = dict(history) if selection.prefecture is None else {}  # month → every municipality of it

    def group(mo: str, prefecture: str | None = None) -> list[MunicipalityProgress]:
        if mo not in whole_country and prefecture is None:
            whole_country[mo] = store.progress(months=[mo]).get(mo, [])
        if mo in whole_country:
            return [m for m in whole_country[mo] if prefecture in (None, m.prefecture)]
        return store.progress(months=[mo], prefecture=prefecture).get(mo, [])

    national = Basis(national_month, group(national_month))
    prefectures = {}
    for p in dict.fromkeys(m.prefecture for m in history[month]):
        listed = listed_at(rosters.get(p, {}), month)
        prefectures[p] = Basis(listed[0] if listed else month, group(listed[0] if listed else month, p))
    return ReadinessData(selection, month, dict(sorted(history.items())), national, prefectures, rosters, list(seen),
                         lambda: store.overall_rates(months=[m for m in months if m <= month], **of),
                         # each town's latest month before the view's (its own month if it has none before)
                         lambda: store.town_places({t: before or month for t, before in seen.items()},
                                                   prefecture=selection.prefecture),
                         later)


def town_coverage(store: ReadinessStore, data: ReadinessData) -> dict[tuple[str, str], dict[str, list[CheckRecord]]]:
    """(prefecture, name) → `latest_coverage` of each municipality of *data*'s month, from the check records of the
    selection read once and grouped by name: scanned whole for each town, a national store with a 12-record run for
    every town cost `status --json` 1 s of its 2.5 s (benchmarks/RESULTS.md, 43)."""
    selection = data.selection
    by_name: dict[str | None, list[CheckRecord]] = {}
    for c in store.check_rows(prefecture=selection.prefecture, municipality=selection.municipality):
        by_name.setdefault(c.municipality and town_key(c.municipality), []).append(c)
    shared = store.shared_names() if by_name else set()
    return {(m.prefecture, m.name): latest_coverage(by_name.get(town_key(m.name), []), m.prefecture, m.name,
                                                    shared=m.name in shared)
            for m in data.current}


def status_records(store: ReadinessStore, data: ReadinessData, *, today: dt.date,
                   deadlines: Deadlines) -> list[dict[str, Any]]:
    """One record per selected municipality (schema readiness_status)."""
    order = [a.name for a in load_catalog().areas]
    coverage = town_coverage(store, data)
    notes = store.step_notes(data.month, prefecture=data.selection.prefecture,
                             municipality=data.selection.municipality)
    return [status_record(m, data.previous(m), today=today, deadlines=deadlines, area_order=order,
                          prefecture_medians=data.prefectures[m.prefecture].medians_for(m),
                          national_medians=data.national.medians_for(m),
                          coverage=coverage[(m.prefecture, m.name)],
                          notes=notes.get((m.prefecture, m.name)))
            for m in data.current]


def readiness_status(store: ReadinessStore, prefecture: str | None = None, municipality: str | None = None,
                     month: str | None = None, *, today: dt.date, deadlines: Deadlines | None = None
                     ) -> list[dict[str, Any]]:
    """The records `hyojun readiness status --json` writes (docs/readiness.md), of the municipalities *prefecture*
    and *municipality* select (neither: the whole country) in *month* (None: their latest), the days to each
    deadline (load_deadlines of a deadlines YAML; None: 2026-03-31 for every area) counted from *today*."""
    data = load(store, select(store, prefecture, municipality), month)
    return json_records(status_records(store, data, today=today, deadlines=deadlines or Deadlines()))


@dataclass(frozen=True)
class FileImport:
    """What import_file did with one progress workbook, and what to check in it though it went in."""

    path: Path
    month: str
    # None: the same file (by its content) was imported before and is what its month shows; it was not read again
    result: ImportResult | None = None
    kind: str | None = None  # "soumu" (総務省's workbook) or "self" (a town's self sheet), when read
    again: bool = False  # imported before but no longer what its month showed: its values are the month's again
    notes: tuple[str, ...] = ()  # the reader's warnings, rows of a stray prefecture, prefectures a national one lacks


def import_file(store: ReadinessStore, path: Path, *, today: dt.date, new_municipality: bool = False,
                future_month: bool = False, data: ReadinessImport | None = None) -> FileImport:
    """Import the progress workbook at *path* (総務省's, or a town's self sheet) into *store*, as
    `hyojun readiness import` does: the same file again is skipped, and a file import_problems finds fault with
    (a month after *today*'s, a town not on 総務省's list of its prefecture) is refused with an InputError listing
    every problem, unless *new_municipality* or *future_month* allows it. ReadinessStore.import_data checks none
    of this. *data*: the file as read_import read it (before the store was made), not read again.

    The file is read before the store is written, then refused (every problem at once) or imported in one
    `ReadinessStore.transaction`, with the migration of a store an older hyojun made (opened with migrate=False):
    a file that fails leaves that store as it was."""
    if data is None:
        if (month := _shown_already(store, path)) is not None:
            return FileImport(path, month)
        data = read_progress(path)
    with store.transaction():
        done = store.snapshot_for(data.sha256)
        if done is not None and done[2]:
            return FileImport(path, done[1])
        _refuse_if_any(path, import_problems(store, data, today=today, new_municipality=new_municipality,
                                             future_month=future_month))
        notes = data.warnings + import_notes(data) + missing_prefectures(store, data)
        result = store.import_data(data)
    return FileImport(path, result.month, result, data.kind, done is not None, tuple(notes))


def _shown_already(store: ReadinessStore, path: Path) -> str | None:
    """The month of the file at *path* if the store holds it and its month shows it: not read (a national workbook
    takes seconds). A store to migrate is not looked in before its import's transaction."""
    try:
        digest = hashlib.sha256(read_input(path, Limits.from_env())).hexdigest()
    except (OSError, InputError):
        return None  # read_progress reports the missing, unreadable or device file in Japanese
    done = store.snapshot_for(digest) if store.current() else None
    return done[1] if done is not None and done[2] else None


def read_import(path: Path, *, today: dt.date, new_municipality: bool = False,
                future_month: bool = False) -> ReadinessImport:
    """The progress workbook at *path*, read and refused as import_file refuses it with a store that holds nothing
    yet: for a store made only once its first file can go in (a failed import made an empty database and its
    folders)."""
    data = read_progress(path)
    _refuse_if_any(path, import_problems(None, data, today=today, new_municipality=new_municipality,
                                         future_month=future_month))
    return data


def _refuse_if_any(path: Path, problems: list[str]) -> None:
    if problems:
        raise InputError(f"{path}: 取り込みませんでした", details=problems)


def import_problems(store: ReadinessStore | None, data: ReadinessImport, *, today: dt.date,
                    new_municipality: bool = False, future_month: bool = False) -> list[str]:
    """Why *data* should not go into the store as it is (None: one not made yet, without 総務省's lists): a month
    after *today*'s (a typo that became every view's default month), or a self sheet naming a municipality the 総務省
    list of its prefecture does not have (「利府」 became a 36th municipality of 宮城県, in its counts and medians; 色麻町
    went on after its renaming). Each can be allowed explicitly."""
    problems = []
    if not future_month and data.month > f"{today:%Y-%m}":
        problems.append(f"{data.cells.get('報告月', '報告月')}: 報告月 {shown_month(data.month)}は今月（{shown_month(f'{today:%Y-%m}')}）より後です。"
                        "誤りでなければ --future-month を付けてください")
    if data.kind == "self" and not new_municipality and store is not None:
        m = data.municipalities[0]
        lists = store.rosters(m.prefecture).get(m.prefecture)
        # as the lists spell it: 七ケ浜町's sheet is 総務省's 七ヶ浜町's (the store takes it so)
        name = next((n for names in (lists or {}).values() for n in names if town_key(n) == town_key(m.name)), m.name)
        if lists and (why := _unlisted(m.prefecture, name, lists, data.month)):
            problems.append(f"{data.cells.get('市区町村', '市区町村')}: {why}")
    return problems


def _unlisted(prefecture: str, name: str, lists: dict[str, frozenset[str]], month: str) -> str | None:
    """Why a self sheet's municipality *name* is none of the 総務省 list of *month* (the latest up to it, or else the
    first), or None."""
    at, names = listed_at(lists, month) or (min(lists), lists[min(lists)])
    if name in names:
        return None
    if gone := _gone(prefecture, name, lists, at, "今の団体名で記入してください"):
        return f"{gone[0]}。それでも取り込むには --new-municipality を付けてください"
    return (f"市区町村「{name}」は取り込み済みの総務省の {shown_month(at)}のブックの{prefecture}（{len(names):,} 団体）にありません"
            f"{did_you_mean(closest_names(name, sorted(names)))}。新しい団体として取り込むには --new-municipality を付けてください")


def _gone(prefecture: str, name: str, lists: dict[str, frozenset[str]], at: str,
          then: str) -> tuple[str, str] | None:
    """That *name*, not on 総務省's list of *prefecture* of *at*, was on an earlier one (merged or renamed), and what to do
    from the first list without it (*then*) with which name; with that list's month as shown (2025年4月). None if no
    earlier list had it. Named by the first list without it, not by *at*: 木曽町, gone since 2025-04, read
    「2026-12 のブックにはありません」."""
    before = [mo for mo, listed in lists.items() if mo < at and name in listed]
    if name in lists[at] or not before:
        return None
    last = max(before)
    first = min(mo for mo in lists if mo > last)
    since = shown_month(first)
    books = f"{since}のブック" if first == at else f"{since}以降のブック"
    return (f"市区町村「{name}」は{prefecture}の総務省のブックに {shown_month(last)}まではありましたが、{books}にはありません"
            f"（合併・名称変更など）。{since}からは{then}{_new_name_hint(name, lists[first] - lists[last], first)}", since)


def later_note(data: ReadinessData) -> str | None:
    """That newer months of a few towns (their own sheets ahead of 総務省's workbook) have data the default month left
    out, and how to see them: said by the status and on the dashboard (which said nothing of them). None if none."""
    if not data.later:
        return None
    later = "、".join(f"{shown_month(mo)}（{n:,} 団体）" for mo, n in data.later)
    return (f"{later}のデータもありますが、一部の団体だけのため、{data.selection.label}の表示は {shown_month(data.month)}"
            f"（{len(data.current):,} 団体）です。表示するには --month で月を指定してください（例: --month {data.later[-1][0]}）")


def gone_note(data: ReadinessData) -> str | None:
    """That the selected municipality is not on its prefecture's latest 総務省 list (merged or renamed), as a self
    sheet's import says it: its status and dashboard showed its last month, every area long overdue, as if it had
    stopped reporting. None for a prefecture, the country, or a town still listed."""
    town, lists = data.selection.municipality, data.rosters.get(data.selection.prefecture or "")
    if not (town and lists):
        return None
    gone = _gone(data.selection.prefecture or "", town, lists, max(lists), "今の団体名で表示してください")
    return gone[0] if gone else None


def _new_name_hint(name: str, new: frozenset[str], at: str) -> str:
    """Which name a gone town's sheet should carry: a new name of the list resembling *name* is asked about; the others
    are only listed, as the town may have merged into one already there (大衡村 was asked 「しかま町 のことですか」,
    色麻町's new name)."""
    if like := closest_names(name, sorted(new)):
        return did_you_mean(like)
    renamed = f"名称が変わった場合は {shown_month(at)}のブックに新しく載った {joined_at_most(sorted(new), 3, '・', ' ほか')}、" if new else ""
    return f"（{renamed}ほかの団体と合併した場合は合併後の団体名）"


_STRAY_SHARE = 10  # rows of other prefectures at most 1 in 10: typos, not an extract of several prefectures


def import_notes(data: ReadinessImport) -> list[str]:
    """What to check in *data* though it imports: a 総務省 workbook of one prefecture with a row or two of another
    (宮城県 typed 宮崎県). Its scope became 「宮城県 ほか 1 都道府県」, the corrected workbook replaced none of it, and
    宮崎県 角田市 stayed in 宮崎県's views and the national medians without a word."""
    if data.kind != "soumu" or not data.municipalities:
        return []
    main, count = Counter(m.prefecture for m in data.municipalities).most_common(1)[0]
    stray = [f"{m.prefecture} {m.name}" for m in data.municipalities if m.prefecture != main]
    if not stray or len(stray) * _STRAY_SHARE > len(data.municipalities):
        return []
    return [f"{data.source}: {main} の {count:,} 団体のブックに、ほかの都道府県の行が {len(stray)} 行あります"
            f"（{joined_at_most(stray, 10, '、', ' ほか')}）。都道府県の入力誤りではありませんか。誤りなら直したブックを"
            "取り込んでください（このファイルの団体で残るものと、このファイルを取り消すコマンドを示します）"]


def missing_prefectures(store: ReadinessStore, data: ReadinessImport) -> list[str]:
    """What to check in a 総務省 workbook of several prefectures that is no extract of the national workbook before
    its month, but lacks some of its prefectures: a national workbook without 沖縄県 imported as 「1,700 団体」 without a
    word, and its month was no whole-country month for good (its medians those of the month before)."""
    prefectures = {m.prefecture for m in data.municipalities}
    if data.kind != "soumu" or len(prefectures) < 2:
        return []
    nationals = [s for s in store.snapshots() if s.scope == NATIONAL_SCOPE and s.month <= data.month]
    earlier = [s for s in nationals if s.month < data.month]
    if not earlier or len(earlier) < len(nationals):  # none before, or the month has its national workbook
        return []
    national = max(earlier, key=lambda s: (s.month, s.id))
    counts = store.prefecture_counts(national.id)
    gone = in_code_order(set(counts) - prefectures)
    if not gone or is_extract(len(data.municipalities), national.municipality_count):
        return []
    named = joined_at_most([f"{p}（{counts[p]:,} 団体）" for p in gone], 5, "、", " ほか")
    return [f"{data.source}: 前の全国のブック（{shown_month(national.month)}、{national.source_name}）にあった {named}がありません。"
            f"このブックは全国のブックではなく {len(prefectures)} 都道府県の抜粋として扱い、{shown_month(data.month)}の全国の中央値には "
            "47 都道府県がそろった前の月の値を使います。全国のブックの訂正版があれば取り込んでください"]
