"""Scoring of a bid comparison: points per requirement, weights, knock-outs (失格) and rank.

Pure functions over gap results; the formula is documented in docs/scoring.md:

- a row earns ``points[row_class][status] × weight`` where the weight is the profile priority's
  (高/中/低) for a required option and 1 otherwise;
- an area's percentage is ``100 × Σ earned / Σ best possible`` (the best of its row class per row);
- the total is the area percentages averaged with the area weights, rounded half up to 2 decimals:
  the figure every output prints is the one ranked and compared with a knock-out limit;
- a knock-out rule that holds makes the vendor 失格: it keeps its score but gets no rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..model import Requirement
from .gap import STATUS_LABELS, GapResult, GapRow

ROW_CLASSES = ("mandatory", "required_option", "optional", "prohibited")
ROW_CLASS_LABELS = {"mandatory": "実装必須機能", "required_option": "要求オプション",
                    "optional": "要求しない標準オプション機能", "prohibited": "実装不可機能"}
PRIORITIES = ("高", "中", "低")


def row_class(requirement: Requirement, required: bool) -> str:
    """The scoring class of a requirement: its 実装区分, with required options split out."""
    if requirement.cls == "optional":
        return "required_option" if required else "optional"
    return requirement.cls


@dataclass(frozen=True)
class KnockoutRule:
    """失格 when, in any area, the count of *statuses* exceeds *more_than*; or when the total
    percentage is below *total_percent_below* (exactly one of the two forms is used)."""

    label: str
    statuses: tuple[str, ...] = ()
    more_than: int = 0
    total_percent_below: float | None = None

    @property
    def default_label(self) -> str:
        """The label of a rule written without one."""
        if self.total_percent_below is not None:
            return f"総合得点が {self.total_percent_below:g}% 未満"
        return "・".join(STATUS_LABELS[s] for s in self.statuses)

    def described(self, areas: int = 1) -> str:
        """The rule in words, led by its label unless the label is those words (「…（…が 0 件を超える）」 repeated it).
        Of several *areas*, a count is per area: 12 unanswered over two areas do not reach 「11 件以上」."""
        condition = self.default_label
        if self.total_percent_below is None:
            condition = f"{'いずれかの業務で' if areas > 1 else ''}{condition}が {self.more_than + 1} 件以上"
        return condition if self.label == self.default_label else f"{self.label}（{condition}）"


@dataclass(frozen=True)
class ScoringConfig:
    name: str
    points: Mapping[str, Mapping[str, float]]  # row class → status → points per requirement
    priority_weights: Mapping[str, float]  # 高/中/低 → weight of a required option
    area_weights: Mapping[str, float]  # area name → weight in the total (1 when absent)
    knockouts: tuple[KnockoutRule, ...]
    file: str = ""  # "" for the built-in defaults
    sha256: str = ""

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any], *, file: str = "", sha256: str = "") -> ScoringConfig:
        """Build from a complete, schema-valid document (the defaults with the user's file laid over)."""
        rules = []
        for r in doc["knockouts"]:
            rule = (KnockoutRule("", total_percent_below=float(r["total_percent_below"])) if "total_percent_below" in r
                    else KnockoutRule("", tuple(r["statuses"]), int(r.get("more_than", 0))))
            rules.append(replace(rule, label=r.get("label", rule.default_label)))
        return cls(
            name=doc["name"],
            points={k: {s: float(p) for s, p in doc["points"][k].items()} for k in ROW_CLASSES},
            priority_weights={k: float(doc["priority_weights"][k]) for k in PRIORITIES},
            area_weights={k: float(v) for k, v in doc["area_weights"].items()},
            knockouts=tuple(rules), file=file, sha256=sha256,
        )

    def to_dict(self) -> dict[str, Any]:
        """The effective configuration, as written in the JSON output."""
        rules: list[dict[str, Any]] = []
        for r in self.knockouts:
            if r.total_percent_below is not None:
                rules.append({"label": r.label, "total_percent_below": r.total_percent_below})
            else:
                rules.append({"label": r.label, "statuses": list(r.statuses), "more_than": r.more_than})
        return {"name": self.name, "file": self.file, "sha256": self.sha256,
                "points": {k: dict(v) for k, v in self.points.items()},
                "priority_weights": dict(self.priority_weights), "area_weights": dict(self.area_weights),
                "knockouts": rules}

    def weight(self, rclass: str, priority: str) -> float:
        return self.priority_weights[priority] if rclass == "required_option" else 1.0

    def best(self, rclass: str) -> float:
        """The most a requirement of *rclass* can earn (before weighting); never below zero."""
        return max([0.0, *self.points[rclass].values()])


def own_scoring_name(file: str) -> str:
    """The name of a user's scoring file that gives none: only the built-in defaults are called 既定, however little
    a file changes them."""
    return f"{file} の独自設定"


def merge_config(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Lay a user's scoring document over the defaults: mappings merge key by key, lists replace."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            merged[key] = merge_config(base[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class RowScore:
    points: float  # earned, weighted
    best: float  # the most this row could earn, weighted


def score_row(row: GapRow, config: ScoringConfig) -> RowScore:
    """Points of one requirement row (a row of a GapResult that has a requirement)."""
    assert row.requirement is not None
    rclass = row_class(row.requirement, row.required)
    w = config.weight(rclass, row.priority)
    return RowScore(config.points[rclass].get(row.status, 0.0) * w, config.best(rclass) * w)


@dataclass(frozen=True)
class ScoreLine:
    """One line of the breakdown: *count* requirements of one class/status/priority."""

    row_class: str
    status: str
    priority: str  # 高/中/低 for required options, else ""
    count: int
    points: float  # per requirement, before weighting
    weight: float
    best: float  # per requirement, before weighting

    @property
    def subtotal(self) -> float:
        return self.count * self.points * self.weight

    @property
    def best_subtotal(self) -> float:
        return self.count * self.best * self.weight


@dataclass(frozen=True)
class Knockout:
    rule: str  # the rule's label
    area: str  # "" for a rule on the total
    message: str


@dataclass(frozen=True)
class AreaScore:
    area: str
    weight: float
    lines: tuple[ScoreLine, ...]  # in class, status, priority order; only non-empty lines
    knockouts: tuple[Knockout, ...]

    @property
    def points(self) -> float:
        return sum(line.subtotal for line in self.lines)

    @property
    def best(self) -> float:
        return sum(line.best_subtotal for line in self.lines)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.best if self.best > 0 else 0.0


@dataclass(frozen=True)
class VendorScore:
    vendor: str
    areas: tuple[AreaScore, ...]
    total: float  # weighted mean of the area percentages, as printed (TOTAL_PLACES decimals)
    knockouts: tuple[Knockout, ...]  # every rule that holds, area rules first
    rank: int | None  # 1 = best; None when knocked out

    @property
    def knocked_out(self) -> bool:
        return bool(self.knockouts)


@dataclass(frozen=True)
class ScoreResult:
    config: ScoringConfig
    vendors: tuple[VendorScore, ...]  # input order

    @property
    def ranking(self) -> tuple[VendorScore, ...]:
        """Ranked vendors by rank, then knocked-out vendors by total (best first). Vendors that tie, ranked or knocked
        out, stay in input order, that of the comparison's columns (docs/scoring.md §2): the sort is stable."""
        return tuple(sorted(self.vendors, key=lambda v: (v.rank is None, v.rank or 0, -v.total)))


def _area_score(area: str, result: GapResult, config: ScoringConfig) -> AreaScore:
    counts: dict[tuple[str, str, str], int] = {}
    for row in result.requirement_rows:
        assert row.requirement is not None
        rclass = row_class(row.requirement, row.required)
        key = (rclass, row.status, row.priority if rclass == "required_option" else "")
        counts[key] = counts.get(key, 0) + 1
    order = {s: i for i, s in enumerate(STATUS_LABELS)}
    lines = tuple(
        ScoreLine(rc, st, pr, n, config.points[rc].get(st, 0.0), config.weight(rc, pr), config.best(rc))
        for (rc, st, pr), n in sorted(counts.items(), key=lambda kv: (
            ROW_CLASSES.index(kv[0][0]), order[kv[0][1]], PRIORITIES.index(kv[0][2]) if kv[0][2] else -1)))
    knockouts = []
    for rule in config.knockouts:
        if rule.total_percent_below is not None:
            continue
        n = sum(result.status_counts[s] for s in rule.statuses)
        if n > rule.more_than:
            knockouts.append(Knockout(rule.label, area, f"{area}: {rule.label} {n} 件（許容 {rule.more_than} 件まで）"))
    return AreaScore(area, config.area_weights.get(area, 1.0), lines, tuple(knockouts))


TOTAL_PLACES = 2  # decimals of a total as printed, ranked and compared with total_percent_below


def printed_percent(exact: float) -> float:
    """A percentage rounded half up to TOTAL_PLACES decimals, as every output prints it (85.625 is 85.63 as a total
    and as an area's 得点率 alike). The first rounding to 9 places drops float noise, so that an exact …x.xx5 is not
    rounded down."""
    return float(Decimal(f"{exact:.9f}").quantize(Decimal(1).scaleb(-TOTAL_PLACES), ROUND_HALF_UP))


def _total(areas: Sequence[AreaScore]) -> float:
    """The weighted mean, rounded as printed: a committee sees equal totals share a rank and a total shown as
    60.00 pass a limit of 60 (unrounded, 59.99999999999999 was 失格)."""
    weight = sum(a.weight for a in areas)
    return printed_percent(sum(a.weight * a.percent for a in areas) / weight if weight > 0 else 0.0)


def score(results: Mapping[str, Mapping[str, GapResult]], config: ScoringConfig) -> ScoreResult:
    """Score every vendor over every area: *results* is area → vendor → gap result.

    Every area must hold every vendor (the vendors of the first area, in its order). The
    profile needs no argument: each gap result already carries which options it requires and
    their priority (GapRow.required / .priority).
    """
    areas = list(results)
    vendors = list(results[areas[0]]) if areas else []
    for area in areas:
        if list(results[area]) != vendors:
            raise ValueError(f"area {area} does not hold the vendors {vendors}")
    partial = []
    for vendor in vendors:
        area_scores = tuple(_area_score(a, results[a][vendor], config) for a in areas)
        total = _total(area_scores)
        knockouts = [k for a in area_scores for k in a.knockouts]
        for rule in config.knockouts:
            if rule.total_percent_below is not None and total < rule.total_percent_below:
                knockouts.append(Knockout(rule.label, "", f"総合得点 {total:.{TOTAL_PLACES}f}% が"
                                                          f"基準 {rule.total_percent_below:g}% 未満"))
        partial.append((vendor, area_scores, total, tuple(knockouts)))
    # Competition ranking (1, 1, 3) on the printed totals.
    ranked = sorted((t for _, _, t, k in partial if not k), reverse=True)
    return ScoreResult(config, tuple(
        VendorScore(v, a, t, k, None if k else ranked.index(t) + 1) for v, a, t, k in partial))
