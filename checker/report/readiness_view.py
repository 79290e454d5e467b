"""View model of the readiness dashboard (municipality, prefecture or national) and its writer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from ..analysis.readiness import (COVERAGE_SUMMARY_NOTE, NEAR_MARK, OVERDUE_MARK, AreaDeadline, DeadlineGroup, Deadlines, MunicipalityProgress, area_medians,
                                  area_deadline, area_names, basis_notes, coverage_entries, coverage_summary,
                                  coverage_summary_lines, days_left, days_left_label, deadline_groups, deadline_label,
                                  no_trend_label, risk_label, risk_mark, several_vendors_notes)
from ..catalog import load_catalog
from ..clock import now_iso, today as today_in_japan
from ..dates_ja import shown_date, shown_month, shown_time
from ..errors import joined_at_most
from ..io.atomic import write_text
from ..model import town_label
from ..paths import file_name_part
from ..readiness_model import (PREFECTURES, STATUS_LABELS, STATUS_SYMBOLS, days_text, in_code_order, month_number, month_of,
                               pct, points, steps)
from ..readiness_query import ReadinessData, gone_note, later_note, status_records, town_coverage
from ..readiness_store import ReadinessStore, Snapshot
from ..bidi import isolate
from .html import render
from .provenance import CREATED, Provenance


@dataclass(frozen=True)
class Gap:
    """Months without data between two months of a chart, drawn as a shaded band from *x0* to *x1*."""

    after: str  # the month with data before it
    first: str
    last: str
    x0: float
    x1: float

    @property
    def label(self) -> str:
        first, last = shown_month(self.first), shown_month(self.last)
        return first if first == last else f"{first}〜{last}"


@dataclass
class Series:
    label: str
    css: str  # line style class (series-1 …)
    points: list[tuple[float, float, str, str]]  # x, y, month (as shown), value label
    cells: list[str]  # the data table's column: a value (「—」 none) per month, 「データなし」 per gap

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


@dataclass
class LineChart:
    """An inline SVG line chart of rates (0–100%) over months; the same numbers are in a table beside it. Months stand
    as far apart as they are (a six-month stall drawn as wide as one month read as steady monthly progress), with the
    months without data between them shaded and named."""

    title: str
    months: list[str]
    series: list[Series] = field(default_factory=list)
    note: str = ""  # which lines the chart draws, when it leaves some out
    width: int = 640
    height: int = 240
    left: int = 48
    top: int = 16
    bottom: int = 32
    right: int = 36  # half a month's label (「2026年12月」) past the last point: its last character was cut off at 16
    label_width: int = 72  # a month's label (「2026年12月」 at 11px) and a space: closer labels are left out
    dot: int = 4  # a point's radius

    def x(self, month: str | float) -> float:
        """Where *month* (or a `month_number`) stands."""
        n = month_number(month) if isinstance(month, str) else month
        first, last = month_number(self.months[0]), month_number(self.months[-1])
        span = self.width - self.left - self.right
        return self.left + (span / 2 if last == first else span * (n - first) / (last - first))

    def y(self, rate: float) -> float:
        return self.top + (self.height - self.top - self.bottom) * (1 - rate)

    @property
    def gaps(self) -> list[Gap]:
        numbers = [month_number(m) for m in self.months]
        return [Gap(self.months[i], month_of(a + 1), month_of(b - 1), self.x(a + 0.5), self.x(b - 0.5))
                for i, (a, b) in enumerate(zip(numbers, numbers[1:])) if b - a > 1]

    @property
    def columns(self) -> list[str | Gap]:
        """Each month, and after it the gap that follows it: a line's cells (`Series.cells`)."""
        gaps = {g.after: g for g in self.gaps}
        columns: list[str | Gap] = []
        for m in self.months:
            columns += [m, gaps[m]] if m in gaps else [m]
        return columns

    @property
    def rows(self) -> list[tuple[str, bool, list[str]]]:
        """The data table's rows, oldest first: (month or gap, whether a gap, each line's cell). Months down the page
        and lines across: three years of months across ran off the printed page, the month reported on with them."""
        return [(shown_month(c) if isinstance(c, str) else c.label, isinstance(c, Gap), [s.cells[i] for s in self.series])
                for i, c in enumerate(self.columns)]

    def add(self, label: str, values: Sequence[float | None]) -> None:
        """A line of *values*, one per month (None: none that month)."""
        pts = [(self.x(m), self.y(v), shown_month(m), pct(v)) for m, v in zip(self.months, values) if v is not None]
        by_month = dict(zip(self.months, values))
        cells = ["データなし" if isinstance(c, Gap) else pct(by_month[c]) for c in self.columns]
        self.series.append(Series(label, f"series-{len(self.series) + 1}", pts, cells))

    def dots(self, line: Series) -> list[tuple[float, float, str]]:
        """*line*'s points, each with its hover text: the line's value that month, then the value of each other line
        whose point that month it overlaps. The point drawn last covers the others there: where two lines met, a mouse
        reached only one line's value."""
        others = [{m: (y, f"{s.label} {v}") for _, y, m, v in s.points} for s in self.series if s is not line]
        return [(x, y, "、".join([f"{line.label} {month} {v}"] + [o[month][1] for o in others
                                                                   if month in o and abs(o[month][0] - y) < 2 * self.dot]))
                for x, y, month, v in line.points]

    @property
    def grid(self) -> list[tuple[float, str]]:
        return [(self.y(v / 100), f"{v}%") for v in (0, 25, 50, 75, 100)]

    @property
    def x_labels(self) -> list[tuple[float, str]]:
        """A label under each month not too close to the one before; the newest month's always."""
        shown: list[tuple[float, str]] = []
        for m in self.months:
            x = self.x(m)
            if not shown or x - shown[-1][0] >= self.label_width:
                shown.append((x, shown_month(m)))
            elif m == self.months[-1] and len(shown) > 1:
                shown[-1] = (x, shown_month(m))
        return shown


def tone(rate: float, risk: bool) -> str:
    if rate >= 1:
        return "good"
    if risk:
        return "bad"
    return "warn" if rate < 0.5 else "info"


# The heat map's marks of an at-risk area: overdue and nearing are two messages to a town, told apart in black and
# white print too (readiness.html's legend); a mark of shape, not of colour.


class HeatCell(NamedTuple):
    """An area of a town on the heat map (a tuple: the national map has 34,820)."""

    text: str  # the rate in %
    bucket: int  # 0–10: its colour
    mark: str  # OVERDUE_MARK, NEAR_MARK or ""
    note: int  # its deadline's number in the list under the map (`DeadlineNote`), 0 for the default deadline


@dataclass(frozen=True)
class DeadlineNote:
    """A deadline other than the default on the heat map, numbered: its cells bear 「*1」, the list under the map says
    the date, the note and the towns (print), and a cell's title says it on screen (readiness.js)."""

    number: int
    deadline: str  # 「期限 2027年3月31日 特定移行支援システム」
    days: str  # 「残り 114 日」
    towns: list[str]  # 「利府町（戸籍、戸籍附票）」

    @property
    def towns_text(self) -> str:
        """The towns, the first few of many: a national rule for an area is every town's."""
        more = len(self.towns) - _NOTE_TOWNS
        return "、".join(self.towns[:_NOTE_TOWNS]) + (f" ほか {more:,} 団体" if more > 0 else "")


_NOTE_TOWNS = 10


def _mark(a: AreaDeadline) -> str:
    return risk_mark(a.days) if a.at_risk else ""


def _percent(rate: float) -> str:
    return f"{rate * 100:g}"  # a rate is a multiple of 2.5 %: exact


def _heat_row(m: MunicipalityProgress, order: list[str], deadlines: Deadlines, today: dt.date) -> dict[str, Any]:
    areas = [area_deadline(m, area, deadlines, today) if area in m.areas else None for area in order]  # None: no data
    risky = [a for a in areas if a and a.at_risk]
    extended = [a for a in areas if a and not a.is_default(deadlines)]
    return {"prefecture": m.prefecture, "name": m.name, "overall": pct(m.overall), "areas": areas, "at_risk": bool(risky),
            "overdue": any(a.overdue for a in risky), "near": not all(a.overdue for a in risky),
            # 「× 251 日超過：住民記録（97.5%） 印鑑登録（97.5%）」 per deadline, the earliest first
            "risks": [f"{risk_mark(g.days)} {g.label}："
                      + " ".join(f"{a.area}（{_percent(a.rate)}%）" for a in g.areas)
                      for g in deadline_groups(risky, deadlines)],
            "other_deadlines": deadline_groups(extended, deadlines)}


def _deadline_notes(rows: list[dict[str, Any]], kind: str) -> list[DeadlineNote]:
    """The deadlines other than the default on the heat map *rows*, numbered by date, and each row's cells
    (`HeatCell`) with their numbers."""
    towns: dict[tuple[dt.date, str | None], tuple[DeadlineGroup, list[str]]] = {}
    for row in rows:
        of = [a.area for a in row["areas"] if a]
        name = town_label(row["prefecture"], row["name"]) if kind == "national" else row["name"]
        for g in row["other_deadlines"]:
            towns.setdefault((g.deadline, g.note), (g, []))[1].append(f"{name}（{g.names(of)}）")
    numbers = {key: n for n, key in enumerate(sorted(towns, key=lambda k: (k[0], k[1] or "")), 1)}
    for row in rows:
        row["cells"] = [a and HeatCell(_percent(a.rate), min(int(a.rate * 10), 10), _mark(a), numbers.get((a.deadline, a.note), 0))
                        for a in row["areas"]]
    return [DeadlineNote(n, towns[key][0].deadline_text, days_text(towns[key][0].days), towns[key][1])
            for key, n in numbers.items()]


def _trend_chart(title: str, months: list[str], lines: Sequence[tuple[str, Sequence[float | None]]],
                 note: str = "") -> LineChart:
    chart = LineChart(title, months, note=note)
    for label, values in lines:
        chart.add(label, values)
    return chart


_CHARTED_AREAS = 4  # lines beside the town's overall rate: five dashes in all (readiness.css series-1 … 5)


def _charted_areas(record: dict[str, Any]) -> tuple[list[str], str]:
    """The at-risk areas a town's trend draws, and what the page says of them: those furthest behind (lowest rate,
    ties in catalog order). Past the deadline nearly every unfinished area is at risk, and the first four of the catalog
    were every town's lines (住民記録・印鑑登録・戸籍・戸籍附票), its 32.5 % area not among them."""
    risky = record["at_risk_areas"]
    # an area the file had no column for reads 0/40 (`recorded` false): not behind, unknown, so drawn after the others
    details = record["details"]
    charted = sorted(risky, key=lambda a: (not details[a]["recorded"], details[a]["rate"]))[:_CHARTED_AREAS]
    if not risky:
        return charted, "全体の完了率を示します（要注意の業務はありません）。"
    if len(risky) <= _CHARTED_AREAS:
        return charted, f"全体の完了率と、要注意の {len(risky)} 業務の完了率を示します。"
    return charted, (f"全体の完了率と、要注意の {len(risky)} 業務のうち完了率の低い {_CHARTED_AREAS} 業務（同じ率なら業務の順）を"
                     "示します。要注意の業務はすべて下の「要注意の業務」にあります。")


def _median_overall(rates: Iterable[Fraction]) -> float | None:
    vals = sorted(rates)
    if not vals:
        return None
    mid = len(vals) // 2
    return float(vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2)


_MISSING_NAMED = 10  # towns and prefectures the coverage notice names before 「ほか N 団体」


def _prefectures_named(prefectures: list[str]) -> str:
    """The prefectures a month lacks, as many as the coverage notice names (a month of one prefecture's workbook
    named all 46 others)."""
    return joined_at_most(prefectures, _MISSING_NAMED, "・", f" ほか {len(prefectures) - _MISSING_NAMED} 都道府県")


def _median_lines(rates: dict[str, dict[tuple[str, str], Fraction]], label: str,
                  partial: bool) -> tuple[list[tuple[str, list[float | None]]], str]:
    """The trend's lines of medians, and what the chart says of them: each month's over its own towns and, when some
    month lacks towns that others have (*partial*: a prefecture's workbook not sent yet, a few towns' own sheets ahead
    of 総務省's), over the towns with data in every month too, like with like: a month without 東京都 moved the
    country's median by 東京都's towns alone. Towns, not prefectures: a prefecture counted with one town of its 35 made
    that one town's rate 「毎月データのある 1 都道府県の中央値」 beside the 35 towns' of the months before."""
    monthly = [_median_overall(r.values()) for r in rates.values()]
    lines: list[tuple[str, list[float | None]]] = [(f"{label}の中央値", monthly)]
    common = set.intersection(*(set(r) for r in rates.values())) if rates else set()
    if not (partial and common):
        return lines, ""
    named = f"毎月データのある {len(common):,} 団体の中央値"
    lines.append((named, [_median_overall(v for town, v in r.items() if town in common) for r in rates.values()]))
    return lines, (f"「{named}」は、どの月にもデータのある団体だけの中央値です（団体のそろわない月は、進捗がなくても中央値が"
                   "上下するため、月を比べるときはこの線を見てください）。")


_SOURCES_NAMED = 10  # files the footer names: a national month of 47 prefectures' workbooks and self sheets


def _sources(store: ReadinessStore, data: ReadinessData) -> str:
    """The imported files the page's month shows, each with its kind, sha256 and time of import, then those of an
    earlier month whose medians the page compares with (a town's sheet ahead of 総務省's workbook): a fixed 「総務省…・
    自己記入シート」 named no workbook (nor which corrected version) an approved printout was made from, and a self
    sheet where there was none."""
    sel = data.selection
    shown = _files(store.shown_snapshots(data.month, prefecture=sel.prefecture, municipality=sel.municipality))
    compared = sorted({data.national.month, *(b.month for b in data.prefectures.values())} - {data.month})
    return "。".join([shown, *(f"比較した{shown_month(mo)}の中央値: {files}" for mo in compared
                              if (files := _files(store.shown_snapshots(mo))))])


def _files(snapshots: list[tuple[Snapshot, int]]) -> str:
    files = [f"{isolate(s.source_name)}（{'総務省のブック' if s.kind == 'soumu' else '自己記入シート'}、{count:,} 団体、"
             f"sha256 {s.sha256[:12]}…、取り込み {shown_time(s.imported_at)}）" for s, count in snapshots]
    more = len(files) - _SOURCES_NAMED
    return "、".join(files[:_SOURCES_NAMED]) + (f" ほか {more:,} ファイル" if more > 0 else "")


def _of_month(basis: str, month: str) -> str:
    """「2026年2月の」 before a median of another month than the page's (a town's own sheet ahead of 総務省's workbook)."""
    return "" if basis == month else f"{shown_month(basis)}の"


def build_context(store: ReadinessStore, data: ReadinessData, *, today: dt.date | None,
                  deadlines: Deadlines) -> dict[str, Any]:
    """The typed context of readiness.html for the selection in *data*, the days counted from *today* (None: the
    clock's date, which the notes then say --today can change)."""
    today_given, today = today is not None, today or today_in_japan()
    order = [a.name for a in load_catalog().areas]
    sel = data.selection
    kind = "municipality" if sel.municipality else "prefecture" if sel.prefecture else "national"
    national = data.national.group
    national_prefectures = {m.prefecture for m in national}
    national_whole = national_prefectures >= PREFECTURES
    # the national dashboard of part of the country must not pass for the country's (docs/readiness.md); a month few
    # reported in has its own notice (coverage-note)
    label = sel.label if national_whole or kind != "national" else f"{sel.label}（取り込み済み {len(national):,} 団体のみ）"
    used, default = deadlines.json, shown_date(deadlines.default)
    risk = deadlines.risk
    near_rule = (f"完了率が {pct(risk.rate_below)} 未満で期限まで {risk.days_within} 日以内、"
                 f"または完了率によらず期限まで {risk.any_rate_within} 日以内")
    risk_rule = f"{near_rule}、または期限を過ぎて未完了"
    ctx: dict[str, Any] = {
        "kind": kind, "label": label, "month": shown_month(data.month), "today": shown_date(today), "areas": order,
        "pct": pct, "points": points, "days_left_label": days_left_label, "national_count": len(national), "national_whole": national_whole,
        "national_prefectures": len(national_prefectures), "national_month": shown_month(data.national.month),
        "national_median": _of_month(data.national.month, data.month)
        + ("全国の中央値" if national_whole else f"取り込み済み {len(national):,} 団体の中央値"),
        "legend": [(code, STATUS_SYMBOLS[code], STATUS_LABELS[code]) for code in STATUS_LABELS],
        "risk_rule": risk_rule, "near_rule": near_rule, "default_deadline": default,
        "default_days": days_text(days_left(deadlines.default, today)),
        "basis_notes": basis_notes(data.month, today, deadlines, today_given=today_given), "gone_town": gone_note(data), "later_months": later_note(data),
        "provenance": Provenance((
            (CREATED, now_iso()),
            ("データの月", shown_month(data.month)), ("基準日", shown_date(today)),
            ("出典", _sources(store, data)),
            ("データベース", store.display_url), ("完了率", "(完了済み + 対象外) / 40、全体は 20 業務の合計 / 800"),
            ("期限の設定", f"{isolate(used['file'])}（既定の期限 {default}、sha256 {used['sha256']}）"
             if used["file"] else f"なし（すべての業務が既定の期限 {default}）"),
            ("要注意の基準", risk_rule),
        )),
    }
    ctx["marks"], ctx["risk_label"] = {"overdue": OVERDUE_MARK, "near": NEAR_MARK}, risk_label
    if kind == "municipality":
        m = data.current[0]
        record = status_records(store, data, today=today, deadlines=deadlines)[0]
        series = data.series(m)
        basis = data.prefectures[m.prefecture]
        ctx["record"] = record
        ctx["rows"] = [{"area": area, "tone": tone(d["rate"], d["at_risk"]), "no_trend": no_trend_label(d),
                        "coverages": coverage_entries(d["coverage"]), "deadline_label": deadline_label(d, deadlines.default), **d}
                       for area, d in record["details"].items()]
        ctx["vendor_notes"] = several_vendors_notes(record)
        charted, note = _charted_areas(record)
        ctx["trend"] = _trend_chart("完了率の推移", [s.month for s in series],
                                    [(f"{m.name}（全体）", [float(s.overall) for s in series])]
                                    + [(area, [float(s.areas[area].rate) if area in s.areas and s.areas[area].recorded else None
                                               for s in series])
                                       for area in charted], note)
        ctx["prefecture_count"] = len(basis.group)
        # the town's 全体 beside the medians of its prefecture's and the country's 全体, above the areas': the figure the
        # town reports, which no row compared
        ctx["overall_row"] = {"area": "全体", "rate": float(m.overall),
                              **{f"{k}_median": None if b.medians_for(m) is None else _median_overall(t.overall for t in b.group)
                                 for k, b in (("prefecture", basis), ("national", data.national))}}
        ctx["prefecture_median"] = f"{_of_month(basis.month, data.month)}{m.prefecture}の中央値"
        labels = {"prefecture": ctx["prefecture_median"], "national": ctx["national_median"]}
        ctx["earlier_basis"] = [labels[k] for k, mo in record["median_months"].items() if mo not in (None, data.month)]
        ctx["alone"] = [labels[k] for k, mo in record["median_months"].items() if mo is None]
        ctx["without_steps"] = [a for a in order if not (a in m.areas and m.areas[a].steps)]
        # a month of 業務別完了率 only has no step at all: one line says so, not a table of 800 「?」
        ctx["step_rows"] = [] if len(ctx["without_steps"]) == len(order) else [
            {"id": s.id, "name": s.name,
             "cells": [((m.areas[a].steps or "")[s.number - 1:s.number] or None) if a in m.areas else None for a in order]}
            for s in steps()]
        ctx["symbols"], ctx["labels"] = STATUS_SYMBOLS, STATUS_LABELS
    else:
        group = data.current
        ctx["heat"] = [_heat_row(m, order, deadlines, today) for m in group]
        ctx["deadline_notes"] = _deadline_notes(ctx["heat"], kind)
        if kind == "prefecture":  # the country's map leaves it out (docs/readiness.md)
            coverage = town_coverage(store, data)
            for row, m in zip(ctx["heat"], group):
                row["coverage"] = coverage_summary_lines(coverage_summary(coverage[(m.prefecture, m.name)], area_names(m, order)))
            ctx["coverage_note"] = COVERAGE_SUMMARY_NOTE
        # the national page of a month with national data compares the country with itself: one column, not
        # 「全国の中央値と全国の中央値」; of a month ahead of the latest national data, with that month's
        ctx["national_column"] = kind != "national" or data.national.month != data.month
        medians, national_medians = area_medians(group), data.national.medians.by_area
        national_overall = [m.overall for m in national]
        if kind == "national" and ctx["national_column"]:
            # a month without some towns against an earlier month with them: over the same towns, as the trend's
            # like-for-like line, or the missing towns move the country's median by themselves (docs/readiness.md)
            shown = {(m.prefecture, m.name) for m in group}
            same = [m for m in national if (m.prefecture, m.name) in shown]
            if len(same) < len(national):
                national_medians = area_medians(same)
                national_overall = [m.overall for m in same]
                ctx["national_median"] = f"{_of_month(data.national.month, data.month)}同じ {len(same):,} 団体の中央値"
        ctx["medians"] = [{"area": a, "median": float(medians[a]) if a in medians else None,
                           "national": float(national_medians[a]) if a in national_medians else None} for a in order]
        ctx["prefectures"] = in_code_order(m.prefecture for m in group)
        ctx["count"] = len(group)
        # the median of the few that reported a month must not pass for the prefecture's (one town read as
        # 「宮城県の中央値」): how many of the known municipalities each figure is over, in the page itself
        missing = data.without_month
        ctx["known"] = len(group) + len(missing)
        named = data.missing_names(data.month, with_prefecture=kind == "national")
        ctx["missing"] = [name for name, _n in named[:_MISSING_NAMED]]
        ctx["missing_more"] = sum(n for _name, n in named[_MISSING_NAMED:])
        ctx["gone"] = [town_label(p, n) if kind == "national" else n for p, n, _listed in data.unlisted(data.month)]
        # each month against the towns of its own time: a merger made the complete month before it partial
        ctx["partial_months"] = [(shown_month(mo), len(rates), len(rates) + len(left),
                                  _prefectures_named([p for p, _n in data.absent_prefectures(mo)]))
                                 for mo, rates in data.rates.items() if (left := data.missing(mo))]
        ctx["overall_median"] = _median_overall(m.overall for m in group)
        ctx["national_overall_median"] = _median_overall(national_overall)
        ctx["risk_rows"] = [r for r in ctx["heat"] if r["at_risk"]]
        # the marks the map's at-risk cells bear, for the printed line that points there: past the deadline every one
        # is 「×」, and a line sending the reader to 「⚠」 cells sent them to a mark the map did not have
        ctx["risk_marks"] = "".join(f"「{mark}」" for mark, key in ((OVERDUE_MARK, "overdue"), (NEAR_MARK, "near"))
                                    if any(r[key] for r in ctx["risk_rows"]))
        ctx["trend"] = _trend_chart("完了率（中央値）の推移", list(data.rates),
                                    *_median_lines(data.rates, label, bool(ctx["partial_months"])))
        if kind == "national":
            by_pref: dict[str, list[MunicipalityProgress]] = {}
            for m in group:
                by_pref.setdefault(m.prefecture, []).append(m)
            ctx["prefecture_rows"] = [
                {"prefecture": p, "count": len(ms), "median": _median_overall(m.overall for m in ms),
                 "at_risk": sum(1 for r in ctx["risk_rows"] if r["prefecture"] == p)} for p, ms in by_pref.items()]
    return ctx


_SPACES = re.compile(r"\s+")


def write_dashboard(store: ReadinessStore, data: ReadinessData, out: Path, *, today: dt.date | None,
                    deadlines: Deadlines) -> Path:
    """Render the dashboard into *out* (one self-contained HTML file) and return its path; *today* as in
    build_context."""
    html = render("readiness.html", **build_context(store, data, today=today, deadlines=deadlines))
    target = dashboard_path(data, out)
    write_text(target, html)
    return target


def dashboard_path(data: ReadinessData, out: Path) -> Path:
    """Where write_dashboard writes the dashboard of *data* in *out*: named after its selection and month."""
    return out / f"readiness_{_SPACES.sub('_', file_name_part(data.selection.label))}_{data.month}.html"
