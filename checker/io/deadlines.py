"""Read the deadlines YAML (schema `deadlines`, documented in docs/readiness.md)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..analysis.readiness import Deadlines, DeadlineOverride, RiskRule
from ..catalog import Catalog, load_catalog
from ..errors import InputError
from ..schemas import validate
from .config import load_yaml


def _plain(value: Any) -> Any:
    """YAML turns 2031-03-31 into a date; the schema checks strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _date(s: str, source: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(f"{source}: {where} の日付「{s}」は存在しません") from None


def _area_dates(raw: dict[str, str], catalog: Catalog, source: str, where: str) -> dict[str, dt.date]:
    return {catalog.resolve(k, f"{source}: {where}/{k}: ").name: _date(v, source, f"{where}/{k}") for k, v in raw.items()}


def load_deadlines(path: str | Path | None, catalog: Catalog | None = None) -> Deadlines:
    """The deadlines in *path*, or the defaults (2026-03-31 for every area) when *path* is None."""
    if path is None:
        return Deadlines()
    source = str(path)
    data = _plain(load_yaml(path)[0]) or {}
    validate(data, "deadlines", source=source)
    catalog = catalog or load_catalog()
    overrides = tuple(
        DeadlineOverride(prefecture=o.get("prefecture"), municipality=o["municipality"],
                         deadline=_date(o["deadline"], source, f"municipalities/{n}/deadline") if "deadline" in o else None,
                         areas=_area_dates(o.get("areas", {}), catalog, source, f"municipalities/{n}/areas"))
        for n, o in enumerate(data.get("municipalities", [])))
    risk = data.get("at_risk", {})
    default_rule = RiskRule()
    return Deadlines(
        default=_date(data["default"], source, "default") if "default" in data else Deadlines().default,
        areas=_area_dates(data.get("areas", {}), catalog, source, "areas"),
        municipalities=overrides,
        risk=RiskRule(rate_below=Fraction(str(risk.get("rate_below", default_rule.rate_below))),
                      days_within=int(risk.get("days_within", default_rule.days_within))),
    )
