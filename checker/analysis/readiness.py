"""Migration readiness: 完了率, next steps, deadlines, trends, risk and medians. Pure functions.

完了率 is computed as 総務省 does: (完了済み + 対象外) / 40 per area, and over all areas the sum of
done steps / (40 × areas) — 800 for the 20 areas. Rates are exact Fractions; they become floats
only in the JSON view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from fractions import Fraction
from pathlib import PurePath
from typing import Any

from ..dates_ja import shown_date, shown_month
from ..readiness_model import (DONE, NOT_APPLICABLE, STEP_COUNT, WORKING, Step, days_text, month_number, pct, steps,
                               town_key)
from ..bidi import inline
from .gap import coverage_percent

DEFAULT_DEADLINE = dt.date(2026, 3, 31)  # 令和7年度末: the law's, for every area
LATEST_DEADLINE = dt.date(2031, 3, 31)  # 令和12年度末: the latest a 特定移行支援システム's may be


@dataclass(frozen=True)
class AreaProgress:
    area: str
    done: int  # 完了済み + 対象外
    in_progress: int  # 作業中
    steps: str | None = None  # 40 status codes, when the source had the step sheet
    recorded: bool = True  # False: the file had no row or column for the area (stored as 0/40, not a real 0)

    @property
    def rate(self) -> Fraction:
        return Fraction(self.done, STEP_COUNT)


@dataclass(frozen=True)
class MunicipalityProgress:
    """One municipality in one month (the latest snapshot holding it)."""

    prefecture: str
    name: str
    code: str | None
    month: str
    areas: Mapping[str, AreaProgress]

    @property
    def done(self) -> int:
        return sum(a.done for a in self.areas.values())

    @property
    def total(self) -> int:
        return STEP_COUNT * len(self.areas)

    @property
    def overall(self) -> Fraction:
        return overall_rate(self.done, len(self.areas))


def overall_rate(done: int, areas: int) -> Fraction:
    """The overall 完了率 of *done* steps over *areas* areas (0 without any)."""
    return Fraction(done, STEP_COUNT * areas) if areas else Fraction(0)


@dataclass(frozen=True)
class DeadlineOverride:
    """An entry of the deadlines file: one municipality's, or (municipality None) every municipality's of a prefecture."""

    prefecture: str | None
    municipality: str | None
    deadline: dt.date | None  # every area of the municipality
    areas: Mapping[str, dt.date] = field(default_factory=dict)
    note: str | None = None  # why (特定移行支援システム), shown beside the deadline
    line: int | None = None  # where the entry is written in the file, for messages
    area_notes: Mapping[str, str] = field(default_factory=dict)  # an area's own note, in place of `note` for it

    def given(self, area: str) -> tuple[dt.date, str | None] | None:
        """The deadline and note this entry gives *area*, or None."""
        if area in self.areas:
            return self.areas[area], self.area_notes.get(area, self.note)
        return (self.deadline, self.note) if self.deadline else None


@dataclass(frozen=True)
class RiskRule:
    """An area is at risk when its rate is below `rate_below` and its deadline is within `days_within`
    days (or past), or its deadline is within `any_rate_within` days whatever its rate: 77.5 % with its deadline today
    (9 steps left) was in no list. A past deadline with the area not at 100% is always at risk."""

    rate_below: Fraction = Fraction(3, 4)
    days_within: int = 180
    any_rate_within: int = 30


@dataclass(frozen=True)
class Deadlines:
    """Deadline per area, with per-prefecture and per-municipality overrides (e.g. 特定移行支援システム → 2031-03-31)."""

    default: dt.date = DEFAULT_DEADLINE
    areas: Mapping[str, dt.date] = field(default_factory=dict)
    municipalities: tuple[DeadlineOverride, ...] = ()
    risk: RiskRule = RiskRule()
    source: str | None = None  # the YAML file, for messages
    prefectures: tuple[DeadlineOverride, ...] = ()  # municipality None: every municipality of the prefecture
    default_note: str | None = None
    area_notes: Mapping[str, str] = field(default_factory=dict)  # of `areas`
    notes: tuple[str, ...] = ()  # 注意 of the file (a date no deadline can be), for the command to show
    sha256: str | None = None  # of the file as read, to name it in the outputs

    @cached_property
    def json(self) -> dict[str, Any]:
        """The deadlines and the at-risk rule a view was made with (a record's `deadlines`, the dashboard's 作成情報):
        the file's name and sha256 (None without --deadlines), the default deadline and the rule. A printed dashboard
        made with --deadlines bore no trace of it. Made once and shared by every record of a run (1,741 of the
        country's): not to be changed."""
        return {"file": PurePath(self.source).name if self.source else None, "sha256": self.sha256,
                "default": self.default.isoformat(),
                "at_risk": {"rate_below": float(self.risk.rate_below), "days_within": self.risk.days_within,
                            "any_rate_within": self.risk.any_rate_within}}

    def latest(self) -> dt.date:
        """The latest deadline any area of any municipality has."""
        rules = (*self.municipalities, *self.prefectures)
        return max([self.default, *self.areas.values(), *(o.deadline for o in rules if o.deadline),
                    *(d for o in rules for d in o.areas.values())])

    @cached_property
    def _town_rules(self) -> dict[str | None, list[DeadlineOverride]]:
        """The municipalities' entries by the town's name as towns are matched (town_key: 七ケ浜町's entry is
        七ヶ浜町's), those that name a prefecture first, then in the order of the file: indexed once, not sought for each
        area of each town (34,820 for the country)."""
        by_name: dict[str | None, list[DeadlineOverride]] = {}
        for o in sorted(self.municipalities, key=lambda o: o.prefecture is None):
            by_name.setdefault(o.municipality and town_key(o.municipality), []).append(o)
        return by_name

    @cached_property
    def _prefecture_rules(self) -> dict[str | None, list[DeadlineOverride]]:
        """The prefectures' entries by prefecture, in the order of the file."""
        by_prefecture: dict[str | None, list[DeadlineOverride]] = {}
        for o in self.prefectures:
            by_prefecture.setdefault(o.prefecture, []).append(o)
        return by_prefecture

    def entry(self, prefecture: str, municipality: str, area: str) -> tuple[dt.date, str | None]:
        """The deadline and the note of the entry giving it. Most specific wins, whatever the order of the entries:
        municipality × area, municipality, prefecture × area, prefecture, area, default; among entries of the
        municipality, those that name its prefecture first, then in the order of the file (the loader refuses two
        entries giving one area of a municipality, or one prefecture's, a deadline each)."""
        towns = [o for o in self._town_rules.get(town_key(municipality), []) if o.prefecture in (None, prefecture)]
        for rules in (towns, self._prefecture_rules.get(prefecture, [])):
            # an entry giving the area before one giving all of them, whichever comes first
            if found := next((o.given(area) for o in rules if area in o.areas), None) or \
                    next((o.given(area) for o in rules if o.deadline), None):
                return found
        if area in self.areas:
            return self.areas[area], self.area_notes.get(area)
        return self.default, self.default_note


def step_list(codes: str | None, wanted: str) -> list[Step]:
    return [s for s, c in zip(steps(), codes or "") if c == wanted]


def next_step(codes: str | None) -> Step | None:
    """The first step neither 完了済み nor 対象外."""
    for s, c in zip(steps(), codes or ""):
        if c not in (DONE, NOT_APPLICABLE):
            return s
    return None


def days_left(deadline: dt.date, today: dt.date) -> int:
    return (deadline - today).days


def at_risk(rate: Fraction, days: int, rule: RiskRule) -> bool:
    if rate >= 1:
        return False
    return days <= rule.any_rate_within or (rate < rule.rate_below and days <= rule.days_within)  # past it: always


def area_medians(group: Iterable[MunicipalityProgress]) -> dict[str, Fraction]:
    """The median rate per area over *group*, exact (medians of done-step counts, over 40)."""
    by_area: dict[str, list[int]] = {}
    for m in group:
        for a in m.areas.values():
            by_area.setdefault(a.area, []).append(a.done)
    result = {}
    for area, counts in by_area.items():
        counts.sort()
        mid = len(counts) // 2
        pair = counts[mid] * 2 if len(counts) % 2 else counts[mid - 1] + counts[mid]
        result[area] = Fraction(pair, 2 * STEP_COUNT)
    return result


@dataclass(frozen=True)
class Medians:
    """The median rate per area of a group of municipalities (`area_medians`), and the month of their data."""

    month: str
    by_area: Mapping[str, Fraction]

    def of(self, area: str) -> float | None:
        return _num(self.by_area.get(area))


def _num(x: Fraction | None) -> float | None:
    return None if x is None else float(x)


def _step_json(s: Step | None) -> dict[str, Any] | None:
    return None if s is None else {"number": s.number, "id": s.id, "name": s.name}


@dataclass(frozen=True)
class StepNote:
    """A date and note a DX office wrote against one step in its self-filled sheet."""

    step: int  # 1..40
    date: str | None
    note: str


@dataclass(frozen=True)
class CheckRecord:
    """A recorded gap check (`hyojun check --record`); municipality None: not tied to one."""

    id: int
    area: str
    prefecture: str | None
    municipality: str | None
    spec_version: str
    vendor: str
    mandatory_coverage: float
    verdict: str
    checked_at: str  # JST to the second (clock.iso), the same for all the records of a run
    # what the coverage is computed from (semantics.md §4); None for a check recorded by hyojun 0.2.0 or earlier
    mandatory_conformant: int | None = None
    mandatory: int | None = None
    run: str = ""  # tells apart two runs of the same checked_at


def no_trend_label(area: Mapping[str, Any]) -> str:
    """Why an area (of `status_record`'s details) of a month with a previous one has no 前回比: the month's own
    file or the previous one lacked it."""
    return "前月のデータなし" if area.get("recorded", True) else "今月のデータなし"


OVERDUE_MARK, NEAR_MARK = "×", "⚠"  # an at-risk area past its deadline, and one nearing it: two shapes, for print


def risk_mark(days_left: int) -> str:
    """The mark of an at-risk area *days_left* from its deadline: overdue or nearing."""
    return OVERDUE_MARK if days_left < 0 else NEAR_MARK


def risk_label(days_left: int) -> str:
    """What a town's view says of an at-risk area: overdue and nearing told apart, as the map's cells tell them."""
    return f"{risk_mark(days_left)} {'期限超過' if days_left < 0 else '期限が近い'}"


def days_left_label(area: Mapping[str, Any]) -> str:
    """期限まで of an area (of `status_record`'s details); 「—」 once it is done: when it was done is not known, and a
    completed area read 「250 日超過」 in a report to the 首長 (its `days_left` stays in the JSON)."""
    return "—" if area["rate"] >= 1 else days_text(area["days_left"])


def deadline_label(area: Mapping[str, Any], default: dt.date) -> str:
    """What a town's view says beside an area's (of `status_record`'s details) deadline: its note, or 「既定」 for the
    *default* deadline, which a bare date did not tell from one the deadlines file moved (戸籍附票 2028年3月31日)."""
    return area["deadline_note"] or ("既定" if area["deadline"] == default.isoformat() else "")


@dataclass(frozen=True)
class AreaDeadline:
    """One area of a town against its deadline, as the views of many towns tell it."""

    area: str
    rate: float
    deadline: dt.date
    note: str | None
    days: int  # from the 基準日; negative past the deadline
    at_risk: bool

    @property
    def overdue(self) -> bool:
        return self.days < 0

    def is_default(self, deadlines: Deadlines) -> bool:
        """Whether the deadline is the default one (*deadlines*' `default`, with the note the file gave it), given by no
        other entry of the deadlines file: a noted `default` is every town's, not an extension of each."""
        return self.deadline == deadlines.default and self.note == deadlines.default_note


def area_deadline(m: MunicipalityProgress, area: str, deadlines: Deadlines, today: dt.date) -> AreaDeadline:
    """*m*'s *area* against its deadline: the deadline and note *deadlines* give it, the days left from *today* (the
    基準日) and whether it is at risk. What a town's record (`status_record`) and the views of many towns say of it."""
    progress = m.areas[area]
    deadline, note = deadlines.entry(m.prefecture, m.name, area)
    days = days_left(deadline, today)
    return AreaDeadline(area, float(progress.rate), deadline, note, days, at_risk(progress.rate, days, deadlines.risk))


_LEFT_OUT = 3  # areas a group of most of a town's may leave out and still be named by them


@dataclass(frozen=True)
class DeadlineGroup:
    """A town's areas with one deadline and note. The views of many towns tell an overdue area (期限超過: one message
    to the town) from one whose deadline nears (another), and a deadline other than the default (特定移行支援システム
    up to 2031) from it: a ⚠ 251 days overdue read as one with 114 days left, an extended town's missing ⚠ as progress."""

    deadline: dt.date
    note: str | None
    days: int  # from the 基準日; negative past the deadline
    default: bool  # the default deadline (`AreaDeadline.is_default`)
    areas: tuple[AreaDeadline, ...]

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def deadline_text(self) -> str:
        """「期限 2027年3月31日 特定移行支援システム」; "" for the default deadline, which the views say once."""
        return "" if self.default else f"期限 {shown_date(self.deadline)}" + (f" {self.note}" if self.note else "")

    @property
    def label(self) -> str:
        """「251 日超過」 (the default deadline), 「期限 2027年3月31日 特定移行支援システム、残り 114 日」."""
        return "、".join(filter(None, (self.deadline_text, days_text(self.days))))

    def names(self, town_areas: Sequence[str]) -> str:
        """The areas' names, or of most of the town's *town_areas* those left out: 「全業務（戸籍附票を除く）」, not
        19 names of which the reader has to find the missing one."""
        names = [a.area for a in self.areas]
        left = [a for a in town_areas if a not in names]
        if not left:
            return "全業務"
        return f"全業務（{'・'.join(left)}を除く）" if len(left) <= _LEFT_OUT and len(left) < len(names) else "、".join(names)


def deadline_groups(areas: Iterable[AreaDeadline], deadlines: Deadlines) -> list[DeadlineGroup]:
    """*areas* grouped by deadline and note, the earliest deadline (the most overdue) first, areas in their order."""
    groups: dict[tuple[dt.date, str | None], list[AreaDeadline]] = {}
    for a in areas:
        groups.setdefault((a.deadline, a.note), []).append(a)
    return [DeadlineGroup(day, note, members[0].days, members[0].is_default(deadlines), tuple(members))
            for (day, note), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def slowest_areas_label(rates: Mapping[str, float]) -> str:
    """「最も遅れている業務」 of a town's area *rates* (`status_record`'s areas, in the catalog's order): the area with the
    lowest rate and the rate. Not the first of equal ones alone (紋別市, every area at 52.5 %, read 「住民記録 52.5%」 as
    if 住民記録 alone lagged): 「住民記録 ほか 2 業務 52.5%」, 「全業務 52.5%」; and none of a town that has finished
    every area (亘理町 read 「住民記録 100%」)."""
    if not rates:
        return "—"
    low = min(rates.values())
    if low >= 1:
        return "—（すべて完了）"
    tied = [a for a, r in rates.items() if r == low]
    named = tied[0] if len(tied) == 1 else "全業務" if len(tied) == len(rates) else f"{tied[0]} ほか {len(tied) - 1} 業務"
    return f"{named} {pct(low)}"


STALE_MONTHS = 2  # data more months behind the 基準日 than this is said to be old


def basis_notes(month: str, today: dt.date, deadlines: Deadlines, *, today_given: bool) -> list[str]:
    """What a view of *month*'s figures counting days to the deadlines from *today* (the 基準日) must say beside them:
    that the 基準日 is before the data's month or after every deadline (likely a mistyped --today), that the data is
    months older than the 基準日 (January's 97.5 % read 「250 日超過 ⚠ 要注意」 in December; the hint to set the 基準日
    with --today only when it was not *today_given*), and,
    past the default deadline without a deadlines file, that every area has that default one (most unfinished areas
    by then are 特定移行支援システム with later deadlines)."""
    notes = []
    behind = month_number(f"{today:%Y-%m}") - month_number(month)
    day, shown = shown_date(today), shown_month(month)
    if behind < 0:  # --today 2025-12-01 for 2026-01's data: a typo, the days counted from a date before the figures
        notes.append(f"基準日 {day}がデータの月 {shown}より前です。期限までの日数はこの基準日から数えています。"
                     "--today の書き間違いでないか確かめてください")
    if today > max(last := deadlines.latest(), LATEST_DEADLINE):  # --today 2035-01-01: every unfinished area overdue
        # the latest of the deadlines in use, and the latest any may be when that is not one of them
        latest = f"最も遅いもので {shown_date(last)}" + ("" if last >= LATEST_DEADLINE else
                                                         f"。特定移行支援システムの期限も最も遅いもので {shown_date(LATEST_DEADLINE)}")
        notes.append(f"基準日 {day}はどの期限（{latest}）よりも後です。未完了の業務はすべて期限超過です。"
                     "--today の書き間違いでないか確かめてください")
    if behind > STALE_MONTHS:
        notes.append(f"表示は {shown}のデータ（基準日 {day}の {behind} か月前）です。完了率は {shown}時点のもので、その後の進捗を"
                     f"含みません。期限までの日数と要注意は、{shown}の完了率と基準日からの日数で判定しています"
                     + ("" if today_given else "。--today で基準日を指定できます"))
    if deadlines.source is None and today > deadlines.default:
        notes.append(f"--deadlines の指定がないため、期限はすべての団体・業務で既定の {shown_date(deadlines.default)}です。"
                     "特定移行支援システムなど業務別・都道府県別・団体別の期限は --deadlines FILE.yaml で指定します（docs/readiness.md）")
    return notes


def latest_coverage(checks: Iterable[CheckRecord], prefecture: str | None, municipality: str, *,
                    shared: bool = False) -> dict[str, list[CheckRecord]]:
    """Per area, the checks of the latest `check --record` run for this municipality, highest coverage first
    (`coverage_order`). A run records all its files with one `checked_at` and `run`: the bids of a procurement are
    checked together, and the latest record alone was the last file on the command line, whichever bid that was. The
    latest run is that of the latest record (by `checked_at`, then by id: two runs within a second). A check
    not tied to a municipality is none's: shown beside every town of a prefecture's store, one vendor's figure (the
    last of a batch) read as each town's. A check recorded without a prefecture is the town's only while the name is
    not *shared* by towns of several prefectures: 宮城県 美里町's bids showed under 埼玉県's and 熊本県's."""
    mine = [c for c in checks if c.municipality and town_key(c.municipality) == town_key(municipality)  # 七ケ浜町 is 七ヶ浜町
            and (c.prefecture == prefecture or c.prefecture is None and not shared)]
    latest: dict[str, CheckRecord] = {}
    for c in mine:
        if c.area not in latest or (c.checked_at, c.id) > (latest[c.area].checked_at, latest[c.area].id):
            latest[c.area] = c
    return {area: sorted((c for c in mine if c.area == area and (c.checked_at, c.run) == (last.checked_at, last.run)),
                         key=coverage_order)
            for area, last in latest.items()}


def coverage_order(c: CheckRecord) -> tuple[float, str, str, str, int]:
    """Highest coverage first, then by vendor: never the order of the files."""
    return -c.mandatory_coverage, c.vendor, c.spec_version, c.verdict, c.id


# How a town shows one figure per area when a run recorded several vendors
ONE_VENDOR_HINT = "1 社だけを表示するには、採用するシステムの回答ファイルだけを --record でチェックしてください"


def coverage_entries(coverage: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The vendors of an area's `coverage` (of `status_record`), the headline first."""
    return [] if coverage is None else [coverage, *coverage["other_vendors"]]


def several_vendors_notes(record: Mapping[str, Any]) -> list[str]:
    """For each area of *record* (`status_record`) whose latest check recorded several vendors: say that the figures
    are those vendors', not one town's."""
    return [f"{area} の必須機能の適合率は、最新の check --record で記録した {len(entries)} 社の値です（適合率の高い順）。"
            + ONE_VENDOR_HINT
            for area, d in record["details"].items() if len(entries := coverage_entries(d["coverage"])) > 1]


def coverage_summary(coverage: Mapping[str, list[CheckRecord]], areas: Iterable[str]) -> dict[str, Any] | None:
    """A town's recorded coverage in one figure, for the views of a prefecture's towns: of its *areas* (in order)
    with a recorded check, the one whose figure is the lowest (the first of equal ones), that figure being the one the
    town's own view heads the area with (`latest_coverage`: the best vendor of the latest run); with that run's number
    of vendors and the areas recorded. The lowest, not an average: a town's migration waits for its weakest area, and
    an average mixes different vendors' bids of different areas into no system's figure. None: nothing recorded."""
    recorded = [a for a in areas if coverage.get(a)]
    if not recorded:
        return None
    area = min(recorded, key=lambda a: coverage[a][0].mandatory_coverage)
    return {"area": area, **_check_json(coverage[area][0]), "vendors": len(coverage[area]), "recorded_areas": recorded}


# Under the prefecture views' column of `coverage_summary_lines`
COVERAGE_SUMMARY_NOTE = ("必須機能の適合率: 団体ごとに、check --record で記録した業務のうち適合率が最も低い業務の値です"
                         "（業務の値は、団体の表示と同じく、その業務の最新の実行で記録したベンダのうち最も高いもの）。"
                         "業務別・ベンダ別の値は団体の表示（--municipality）にあります。「—」は記録なし。")


def coverage_summary_lines(summary: Mapping[str, Any] | None) -> list[str]:
    """A town's `coverage_summary` as the prefecture views show it: 「92.5% 個人住民税（3 業務中最低）」 and, as each
    figure is a bid's, its vendor 「ガンマ電算（4 社中最高）」; no line without a record."""
    if summary is None:
        return []
    areas, vendors = len(summary["recorded_areas"]), summary["vendors"]
    return [f"{coverage_percent(summary['mandatory_coverage'])} {summary['area']}"
            f"（{f'{areas} 業務中最低' if areas > 1 else '1 業務のみ'}）",
            inline(summary["vendor"]) + (f"（{vendors} 社中最高）" if vendors > 1 else "")]  # a vendor's: untrusted


def _check_json(c: CheckRecord) -> dict[str, Any]:
    return {"mandatory_coverage": c.mandatory_coverage, "mandatory_conformant": c.mandatory_conformant,
            "mandatory": c.mandatory, "verdict": c.verdict, "spec_version": c.spec_version, "vendor": c.vendor}


def _coverage_json(run: list[CheckRecord] | None) -> dict[str, Any] | None:
    if not run:
        return None
    first, *others = run
    return {**_check_json(first), "checked_at": first.checked_at, "other_vendors": [_check_json(c) for c in others]}


def _overall_trend(current: MunicipalityProgress, previous: MunicipalityProgress,
                   details: Mapping[str, Any]) -> dict[str, Any]:
    """The change of the overall rate over the areas both months recorded (the others count as unchanged),
    with the areas left out."""
    left_out = [name for name, d in details.items() if d["trend"] is None]
    delta = sum(current.areas[name].done - previous.areas[name].done for name, d in details.items() if d["trend"])
    trend = {"previous_month": previous.month, "previous_rate": float(previous.overall),
             "delta": float(Fraction(delta, current.total))}
    return {**trend, "not_comparable": left_out} if left_out else trend


def area_names(m: MunicipalityProgress, area_order: list[str]) -> list[str]:
    """*m*'s areas in the catalog's order (*area_order*), any other after them by name."""
    return [a for a in area_order if a in m.areas] + sorted(set(m.areas) - set(area_order))


def json_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """*records* as `readiness status --json` writes them: each coverage (the summary's too) to 4 decimals beside
    its counts, as a check's JSON has it (semantics.md §4). The records keep it exact: the screen and the dashboard
    round it down from there, as `check` does (rounded first, 130 of 135 showed 96.3 % there and 96.2 % in the check)."""
    def four(c: dict[str, Any]) -> dict[str, Any]:
        return {**c, "mandatory_coverage": round(c["mandatory_coverage"], 4)}

    def area(d: dict[str, Any]) -> dict[str, Any]:
        cov = d["coverage"]
        return d if cov is None else {**d, "coverage": {**four(cov), "other_vendors": [four(c) for c in cov["other_vendors"]]}}
    return [{**r, "details": {a: area(d) for a, d in r["details"].items()},
             "coverage_summary": None if (s := r["coverage_summary"]) is None else four(s)} for r in records]


def status_record(current: MunicipalityProgress, previous: MunicipalityProgress | None, *, today: dt.date,
                  deadlines: Deadlines, area_order: list[str],
                  prefecture_medians: Medians | None = None,
                  national_medians: Medians | None = None,
                  coverage: Mapping[str, list[CheckRecord]] | None = None,
                  notes: Mapping[str, list[StepNote]] | None = None) -> dict[str, Any]:
    """The status of one municipality as a JSON-able dict (schema readiness_status, docs/readiness.md)."""
    details: dict[str, Any] = {}
    ordered = area_names(current, area_order)
    for name in ordered:
        a, due = current.areas[name], area_deadline(current, name, deadlines, today)
        prev = previous.areas.get(name) if previous else None
        if prev is not None and not (prev.recorded and a.recorded):
            prev = None  # a filler 0/40 is no figure to compare with: 印鑑登録 read +100% with its column missing
        details[name] = {
            "rate": float(a.rate),
            "recorded": a.recorded,
            "done_steps": a.done,
            "in_progress_count": a.in_progress,
            "in_progress": [_step_json(s) for s in step_list(a.steps, WORKING)],
            "next_step": _step_json(next_step(a.steps)),
            "steps": a.steps,
            "deadline": due.deadline.isoformat(),
            "deadline_note": due.note,
            "days_left": due.days,
            "at_risk": due.at_risk,
            "trend": None if prev is None else {"previous_month": previous.month, "previous_rate": float(prev.rate),  # type: ignore[union-attr]
                                                "delta": float(a.rate - prev.rate)},
            "prefecture_median": prefecture_medians.of(name) if prefecture_medians else None,
            "national_median": national_medians.of(name) if national_medians else None,
            "coverage": _coverage_json((coverage or {}).get(name)),
            "notes": [{**_step_json(steps()[n.step - 1]), "date": n.date, "note": n.note}  # type: ignore[dict-item]
                      for n in (notes or {}).get(name, [])],
        }
    return {
        "prefecture": current.prefecture,
        "municipality": current.name,
        "code": current.code,
        "month": current.month,
        "overall_rate": float(current.overall),
        "done_steps": current.done,
        "total_steps": current.total,
        "areas": {name: details[name]["rate"] for name in ordered},
        "trend": None if previous is None else _overall_trend(current, previous, details),
        "at_risk_areas": [name for name in ordered if details[name]["at_risk"]],
        "coverage_summary": coverage_summary(coverage or {}, ordered),
        "today": today.isoformat(),
        "details": details,
        "median_months": {"prefecture": prefecture_medians.month if prefecture_medians else None,
                          "national": national_medians.month if national_medians else None},
        "deadlines": deadlines.json,
    }
