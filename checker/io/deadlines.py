"""Read the deadlines YAML (schema `deadlines`, documented in docs/readiness.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema

from ..analysis.readiness import DEFAULT_DEADLINE, LATEST_DEADLINE, Deadlines, DeadlineOverride, RiskRule
from ..catalog import Catalog, load_catalog
from ..errors import InputError
from ..model import town_label
from ..normalize import plain, text
from ..readiness_model import PREFECTURES, closest_names, did_you_mean, in_code_order, not_a_prefecture, town_key
from ..schemas import error_path, in_japanese, key_path, schema_errors
from ..yaml_dialect import Marks, at_line
from .yaml_file import load_marked_yaml
from .readiness_reader import DEADLINE_HINT, parse_date

KeyPath = tuple[str | int, ...]  # keys and list indexes to a value of the file
WHOLE_PREFECTURE = "都道府県のすべての団体の期限は prefectures: に書きます（docs/readiness.md）"
# a municipality written for "every town" (or the prefecture's own name): the whole prefecture meant, not a town
_EVERY_TOWN = frozenset({"*", "＊", "all", "全て", "すべて", "全部", "全団体", "全市町村", "全市区町村"})


def entry_label(n: int, prefecture: str | None, municipality: str) -> str:
    """「municipalities の 2 番目（北海道 伊達市）」: how a message names an entry."""
    return f"municipalities の {n + 1} 番目（{town_label(prefecture, municipality) if municipality else prefecture or '名前なし'}）"


def _is_date(path: KeyPath) -> bool:
    return bool(path) and (path[-1] in ("default", "deadline") or len(path) > 1 and path[-2] == "areas")


class _Reader:
    """One deadlines file read into Deadlines, every problem of it collected with its line (one run per mistake, and
    「municipalities の 17 番目」 counted by hand, was how a 35-entry file got fixed)."""

    def __init__(self, source: str, data: Any, marks: Marks, catalog: Catalog) -> None:
        self.source, self.data, self.marks, self.catalog = source, data, marks, catalog
        self.problems: list[tuple[int, str]] = []  # (line, what), said in the order of the file
        self.broken: list[KeyPath] = []  # values the schema refused: not read further (their problem is said)
        self.notes: list[str] = []

    def add(self, path: KeyPath, what: str) -> None:
        line = self.marks.line(path)
        self.problems.append((line or 0, at_line(line) + what))

    def label(self, path: KeyPath) -> str:
        """A value of the file as a message names it: its entry by number and town, then the keys within it."""
        if len(path) > 1 and path[0] == "municipalities" and isinstance(path[1], int):
            entry = self.data["municipalities"][path[1]]
            named = entry_label(path[1], text(entry.get("prefecture")) or None, text(entry.get("municipality"))) \
                if isinstance(entry, dict) else f"municipalities の {path[1] + 1} 番目"
            return named + (f" の {key_path(path[2:])}" if path[2:] else "")
        if len(path) > 1 and path[0] == "prefectures":
            return f"prefectures の {path[1]}" + (f" の {key_path(path[2:])}" if path[2:] else "")
        return key_path(path)

    def schema(self) -> None:
        for e in schema_errors(self.data, "deadlines"):
            path = error_path(e)  # an unknown key's own: only it is left unread, an unknown top-level key hiding nothing
            self.broken.append(path)
            where = self.label(path[:-1] if e.validator == "additionalProperties" else path)
            if _is_date(path) and e.validator == "type" and isinstance(e.instance, (int, float)):  # deadline: 20310331
                self.add(path, f"{where} の日付{_number_as_date(e.instance)}")
            else:
                self.add(path, f"{where}: {self._schema_message(e, path)}" if where else self._schema_message(e, path))

    def _schema_message(self, e: jsonschema.ValidationError, path: KeyPath) -> str:
        said = in_japanese(e)
        if path == ("at_risk", "rate_below") and (percent := _percent(e.instance)):  # 75% or 75: a percentage
            return f"{said}（{percent:g}% なら {percent / 100:g} と書きます）"
        if e.validator == "additionalProperties" and self.catalog.find(str(path[-1])):  # 戸籍: directly in an entry
            return f"{said}。業務別の期限は areas: の下に書きます"
        if e.validator == "required" and isinstance(e.instance, dict) and "prefecture" in e.instance \
                and "municipality" not in e.instance:  # a rule for the whole prefecture, written as an entry
            return f"{said}。{WHOLE_PREFECTURE}"
        return said

    def readable(self, path: KeyPath) -> bool:
        """Whether the value at *path* passed the schema: neither it nor what holds it was refused."""
        return not any(path[:len(b)] == b for b in self.broken)

    def date(self, path: KeyPath, value: str) -> dt.date | None:
        try:
            date = parse_date(value, fiscal_year_end=True)
        except ValueError as exc:
            self.add(path, f"{self.label(path)} の日付{exc}")
            return None
        # a typo that reads as a date (2025 for 2028, 2301 for 2031): every area of it overdue, or none ever at risk
        if date < DEFAULT_DEADLINE or date > LATEST_DEADLINE:
            bound = (f"標準化の期限 {DEFAULT_DEADLINE}（令和7年度末）より前" if date < DEFAULT_DEADLINE else
                     f"特定移行支援システムの最も遅い期限 {LATEST_DEADLINE}（令和12年度末）より後")
            self.notes.append(f"{self.source}: {at_line(self.marks.line(path))}{self.label(path)} {date} は{bound}です。"
                              "書き間違いでないか確かめてください")
        return date

    def dated(self, path: KeyPath) -> tuple[dt.date | None, str | None]:
        """A date, or one written with why it applies (`{deadline: 2028-03-31, note: 全国で延長}`): the date and the note."""
        value = self.value(path)
        if isinstance(value, dict):
            return (self.date((*path, "deadline"), value["deadline"]) if self.value((*path, "deadline")) else None,
                    _note(value))
        return (self.date(path, value) if value else None), None

    def area_dates(self, path: KeyPath) -> tuple[dict[str, dt.date], dict[str, str]]:
        """The deadline of each area of an `areas:` (by the catalog's name of the area), and the notes given some."""
        dates: dict[str, dt.date] = {}
        notes: dict[str, str] = {}
        keys: dict[str, str] = {}  # the key each area was first written as
        for key in self.value(path) or {}:
            where: KeyPath = (*path, key)
            try:
                area = self.catalog.resolve(key, f"{self.label(where)}: ")
            except InputError as exc:
                area = None
                self.add(where, exc.message)
            if area and (first := keys.setdefault(area.name, key)) != key:  # 戸籍附票 and 戸籍の附票: the last one won
                line = self.marks.line((*path, first))
                self.add(where, f"{self.label(where)}: 「{first}」{f'（{line} 行目）' if line else ''}と同じ業務"
                                f"（{area.name}）です。1 つにまとめてください")
                continue
            date, note = self.dated(where)
            if area and date:
                dates[area.name] = date
                if note:
                    notes[area.name] = note
        return dates, notes

    def value(self, path: KeyPath) -> Any:
        """The value at *path*, or None when it is absent or the schema refused it."""
        if not self.readable(path):
            return None
        value = self.data
        for part in path:  # a list's index is one of its items'
            value = value.get(part) if isinstance(value, dict) else value[part] if isinstance(part, int) else None
            if value is None:
                return None
        return value

    def rule(self, path: KeyPath, prefecture: str | None, municipality: str | None) -> DeadlineOverride:
        """The entry at *path*: a municipality's, or a prefecture's (*municipality* None)."""
        if prefecture and self.readable(path) and (why := not_a_prefecture(prefecture)):
            where = path if municipality is None else (*path, "prefecture")
            self.add(where, f"{self.label(where)}: {why}")
        o = self.value(path)
        deadline = self.date((*path, "deadline"), o["deadline"]) if self.value((*path, "deadline")) else None
        areas, notes = self.area_dates((*path, "areas"))
        return DeadlineOverride(prefecture, municipality, deadline, areas, _note(o), self.marks.line(path), notes)

    def override(self, n: int) -> DeadlineOverride | None:
        o = self.value(("municipalities", n))
        # names as the readers store them (NFKC, stripped): 「伊達市　」 with a full-width space matched nothing
        return self.rule(("municipalities", n), text(o.get("prefecture")) or None, text(o["municipality"])) if o else None

    def prefecture(self, name: str) -> DeadlineOverride | None:
        return self.rule(("prefectures", name), text(name), None) if self.value(("prefectures", name)) else None

    def deadlines(self) -> Deadlines:
        if isinstance(self.data, dict | None) and not [k for k, v in (self.data or {}).items()
                                                        if k != "schema_version" and v not in ([], {})]:
            # not a run 「with deadlines」 that uses none of them (an unsaved file, the wrong one)
            raise InputError(f"{self.source}: 期限も要注意の基準も書かれていません。このままでは期限はすべて既定の "
                             f"{Deadlines().default} のままです。期限を書くか、--deadlines を外してください（書き方は docs/readiness.md）")
        self.schema()
        if not isinstance(self.data, dict):  # a list or a text: what the schema said is all there is to say
            self.raise_problems()
        default, default_note = self.dated(("default",))
        areas, area_notes = self.area_dates(("areas",))
        prefectures = [self.prefecture(name) for name in self.value(("prefectures",)) or {}]
        overrides = [self.override(n) for n in range(len(self.value(("municipalities",)) or []))]
        risk, rule = self.value(("at_risk",)) or {}, RiskRule()
        self.problems += overlaps([(f"prefectures の {o.prefecture}", o.prefecture, o) for o in prefectures if o] +
                                  [(entry_label(n, o.prefecture, o.municipality or ""), o.prefecture, o)
                                   for n, o in enumerate(overrides) if o])
        self.raise_problems()
        return Deadlines(
            default=default or Deadlines().default,
            areas=areas,
            municipalities=tuple(o for o in overrides if o),
            risk=RiskRule(rate_below=Fraction(str(risk.get("rate_below", rule.rate_below))),
                          days_within=(within := int(risk.get("days_within", rule.days_within))),
                          # a file of before 0.11.0 that narrowed days_within to 14 had every area 21 days off flagged
                          any_rate_within=int(risk.get("any_rate_within", min(rule.any_rate_within, within)))),
            source=self.source,
            prefectures=tuple(o for o in prefectures if o),
            default_note=default_note,
            area_notes=area_notes,
            notes=tuple(self.notes),
        )

    def raise_problems(self) -> None:
        raise_problems(self.source, self.problems)


def raise_problems(source: str, problems: list[tuple[int, str]]) -> None:
    """Raise the (line, problem) of a deadlines file, if any, in the order of the file."""
    said = [what for _line, what in sorted(problems, key=lambda p: p[0])]
    if len(said) == 1:
        raise InputError(f"{source}: {said[0]}")
    if said:
        raise InputError(f"{source}: {len(said)} 件の問題があります（すべて直してから実行してください）", details=said)


def overlaps(entries: list[tuple[str, str | None, DeadlineOverride]]) -> list[tuple[int, str]]:
    """(line, problem) of each entry giving an area, or every area, of a town (or of a prefecture) a deadline that an
    earlier entry gives it too. The first entry won, silently: an extension appended to the file was never shown.
    *entries*: (how a message names it, the prefecture it applies in, the entry)."""
    first: dict[tuple[str | None, str | None, str | None], tuple[str, DeadlineOverride, dt.date]] = {}
    problems = []
    for label, prefecture, o in entries:
        for area, date in [*o.areas.items(), *([(None, o.deadline)] if o.deadline else [])]:
            key = (prefecture, o.municipality and town_key(o.municipality), area)  # 七ケ浜町's is 七ヶ浜町's
            if key not in first:
                first[key] = label, o, date
                continue
            earlier, e, when = first[key]
            what = f"{area} の期限" if area else "deadline（全業務の期限）"
            there = f"{e.line} 行目の " if e.line else ""
            problems.append((o.line or 0, f"{at_line(o.line)}{label} の {what} {date} は、{there}{earlier} の {when} と"
                                          "重なります。どちらか 1 つにしてください"))
    return problems


def _note(entry: dict[str, Any]) -> str | None:
    return plain(entry.get("note")).strip() or None  # free text, kept as typed (as a sheet's 備考)


def _number_as_date(value: int | float) -> str:
    """Why a number is no date, as `parse_date` says it of a text; 20310331, a date typed without its hyphens, is
    shown with them."""
    digits = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", str(value))
    return f"「{value}」を読み取れません（{'-'.join(digits.groups()) + ' の形で書いてください' if digits else DEADLINE_HINT}）"


def _percent(value: Any) -> float | None:
    """The percentage a `rate_below` of 75% or 75 meant, or None."""
    number = value.strip().rstrip("%％") if isinstance(value, str) else value
    try:
        n = float(number)
    except (TypeError, ValueError):
        return None
    return n if 1 < n <= 100 else None


def load_deadlines(path: str | Path | None, catalog: Catalog | None = None) -> Deadlines:
    """The deadlines in *path*, or the defaults (2026-03-31 for every area) when *path* is None."""
    if path is None:
        return Deadlines()
    source = str(path)
    data, sha256, marks = load_marked_yaml(path, "--deadlines", dates=False)  # dates checked here, naming the entry of one that does not exist
    return replace(_Reader(source, data, marks, catalog or load_catalog()).deadlines(), sha256=sha256)


def check_towns(deadlines: Deadlines, known: list[tuple[str, str]]) -> list[str]:
    """Check the entries against the municipalities in the store, *known* (prefecture, name). An entry without a
    prefecture naming a town several prefectures have is refused, as `check --record` refuses it (美里町's
    特定移行支援システム date reached 埼玉県's and 熊本県's 美里町 silently); one naming a single town is that town's, and
    refused beside another entry of it giving the same area a deadline. Returns a 注意 per entry naming no
    municipality in *known*: its deadline is never used, and an area it meant to give 2031-03-31 shows 2026-03-31 and ⚠."""
    source = str(deadlines.source)
    prefectures_of: dict[str, list[str]] = {}
    for p, name in known:
        prefectures_of.setdefault(town_key(name), []).append(p)  # 七ケ浜町 is 七ヶ浜町, as the views take it
    notes = [f"{source}: {at_line(o.line)}prefectures の {o.prefecture} の団体が取り込み済みのデータにありません。"
             "この期限は使われません" for o in deadlines.prefectures if o.prefecture not in {p for p, _n in known}]
    problems, towns = [], []
    for n, o in enumerate(deadlines.municipalities):
        town = o.municipality or ""  # an entry of municipalities: always one's
        label, there = entry_label(n, o.prefecture, town), in_code_order(prefectures_of.get(town_key(town), []))
        if o.prefecture is None and len(there) > 1:
            problems.append((o.line or 0, f"{at_line(o.line)}{label}: {town} は {'・'.join(there)} にあります。どの団体の期限か"
                                          f"決まらないため、prefecture: {there[0]} のように都道府県を書いてください"
                                          "（いくつかの団体に当てるなら、団体ごとに項目を分けます）"))
            continue
        towns.append((label, o.prefecture or (there[0] if there else None), o))
        if there and o.prefecture in (None, *there):
            continue
        candidates = [name for p, name in known if o.prefecture in (None, p)]
        # the right name under another prefecture (a neighbour's entry copied): say where it is
        elsewhere = [town_label(p, town) for p in there]
        every = town.casefold() in _EVERY_TOWN or town in PREFECTURES
        notes.append(f"{source}: {at_line(o.line)}{label} に当たる団体が取り込み済みのデータにありません。この期限は使われません"
                     + (f"。{WHOLE_PREFECTURE}" if every else did_you_mean(elsewhere or closest_names(town, candidates))))
    raise_problems(source, problems + overlaps(towns))
    return notes
