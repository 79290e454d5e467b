"""Read the deadlines YAML (schema `deadlines`, documented in docs/readiness.md)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..analysis.readiness import Deadlines, DeadlineOverride, RiskRule
from ..catalog import Catalog, load_catalog
from ..errors import InputError
from ..model import town_label
from ..normalize import plain, text
from ..readiness_model import closest_names, did_you_mean, in_code_order, not_a_prefecture
from ..schemas import validate
from .yaml_file import load_yaml
from .readiness_reader import parse_date


def _date(value: str, source: str, where: str) -> dt.date:
    try:
        return parse_date(value, fiscal_year_end=True)
    except ValueError as exc:
        raise InputError(f"{source}: {where} の日付{exc}") from None


def _area_dates(raw: dict[str, str], catalog: Catalog, source: str, where: str) -> dict[str, dt.date]:
    return {catalog.resolve(k, f"{source}: {where}/{k}: ").name: _date(v, source, f"{where}/{k}") for k, v in raw.items()}


def entry_label(n: int, o: DeadlineOverride) -> str:
    """「municipalities の 2 番目（北海道 伊達市）」: how a message names an entry."""
    return f"municipalities の {n + 1} 番目（{town_label(o.prefecture, o.municipality)}）"


def _override(n: int, o: dict[str, Any], catalog: Catalog, source: str) -> DeadlineOverride:
    # names as the readers store them (NFKC, stripped): 「伊達市　」 with a full-width space matched nothing
    prefecture, municipality = (text(o["prefecture"]) or None) if "prefecture" in o else None, text(o["municipality"])
    where = entry_label(n, DeadlineOverride(prefecture, municipality, None))
    if prefecture and (why := not_a_prefecture(prefecture)):
        raise InputError(f"{source}: {where} の prefecture: {why}")
    return DeadlineOverride(prefecture=prefecture, municipality=municipality,
                            deadline=_date(o["deadline"], source, f"{where} の deadline") if "deadline" in o else None,
                            areas=_area_dates(o.get("areas", {}), catalog, source, f"{where} の areas"),
                            note=plain(o.get("note")).strip() or None)  # free text, kept as typed (as a sheet's 備考)


def load_deadlines(path: str | Path | None, catalog: Catalog | None = None) -> Deadlines:
    """The deadlines in *path*, or the defaults (2026-03-31 for every area) when *path* is None."""
    if path is None:
        return Deadlines()
    source = str(path)
    data = load_yaml(path, "--deadlines", dates=False)[0] or {}  # dates checked here, naming the entry of one that does not exist
    validate(data, "deadlines", source=source)
    catalog = catalog or load_catalog()
    overrides = tuple(_override(n, o, catalog, source) for n, o in enumerate(data.get("municipalities", [])))
    risk = data.get("at_risk", {})
    default_rule = RiskRule()
    return Deadlines(
        default=_date(data["default"], source, "default") if "default" in data else Deadlines().default,
        areas=_area_dates(data.get("areas", {}), catalog, source, "areas"),
        municipalities=overrides,
        risk=RiskRule(rate_below=Fraction(str(risk.get("rate_below", default_rule.rate_below))),
                      days_within=int(risk.get("days_within", default_rule.days_within))),
        source=source,
    )


def unmatched_entries(deadlines: Deadlines, known: list[tuple[str, str]]) -> list[str]:
    """A 注意 per entry naming no municipality in *known* (prefecture, name): its deadline is never used, and an
    area it meant to give 2031-03-31 shows 2026-03-31 and ⚠."""
    keys, names = set(known), {n for _p, n in known}
    notes = []
    for n, o in enumerate(deadlines.municipalities):
        if (o.prefecture, o.municipality) in keys or (o.prefecture is None and o.municipality in names):
            continue
        candidates = [name for p, name in known if o.prefecture in (None, p)]
        # the right name under another prefecture (a neighbour's entry copied): say where it is
        there = in_code_order(p for p, name in known if name == o.municipality) if o.prefecture is not None else []
        elsewhere = [town_label(p, o.municipality) for p in there]
        notes.append(f"{deadlines.source}: {entry_label(n, o)} に当たる団体が取り込み済みのデータにありません。"
                     f"この期限は使われません{did_you_mean(elsewhere or closest_names(o.municipality, candidates))}")
    return notes
