"""Scoring of a bid comparison: points per requirement, weights, knock-outs (失格) and rank.

Pure functions over gap results; the formula is documented in docs/scoring.md:

- a row earns ``points[row_class][status] × weight`` where the weight is the profile priority's
  (高/中/低) for a required option and 1 otherwise;
- an area's percentage is ``100 × Σ earned / Σ best possible`` (the best of its row class per row);
- the total is the area percentages averaged with the area weights, rounded half up to 2 decimals:
  the figure every output prints is the one ranked and compared with a knock-out limit;
- a knock-out rule that holds makes the vendor 失格: it keeps its score but gets no rank.

A joint procurement (共同調達) compares the same vendors for several towns, each area once per town (a *section*):
each town's subtotal is its sections' percentages averaged with the area weights, the total is the towns' subtotals
averaged with the town weights, and a knock-out is judged per town (a rule on the total, on the town's subtotal). A
vendor knocked out in any town is 失格 in the combined evaluation too: the same bid serves every town.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..model import Requirement
from .carryover import VersionChanges
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

    def described(self, areas: int = 1, joint: bool = False) -> str:
        """The rule in words, led by its label unless the label is those words (「…（…が 0 件を超える）」 repeated it).
        Of several *areas*, a count is per area: 12 unanswered over two areas do not reach 「11 件以上」. Of a *joint*
        comparison, per town and area, and a limit on the total is one on each town's subtotal."""
        condition = self.default_label
        if self.total_percent_below is None:
            where = "いずれかの団体・業務で" if joint else "いずれかの業務で" if areas > 1 else ""
            condition = f"{where}{condition}が {self.more_than + 1} 件以上"
        elif joint:
            condition = f"いずれかの団体の得点が {self.total_percent_below:g}% 未満"
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
    # town → weight of its subtotal in a joint comparison's total (1 when absent): keyed as the file writes the towns
    # until the comparison's towns are known (compare_run), then by their labels
    town_weights: Mapping[str, float] = field(default_factory=dict)
    # as the file writes them (keys matching no town too): the JSON's scoring.town_weights, which says what was read
    written_town_weights: Mapping[str, float] = field(default_factory=dict)

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
            town_weights=(weights := {k: float(v) for k, v in doc.get("town_weights", {}).items()}),
            written_town_weights=weights,
        )

    def to_dict(self) -> dict[str, Any]:
        """The effective configuration, as written in the JSON output."""
        rules: list[dict[str, Any]] = []
        for r in self.knockouts:
            if r.total_percent_below is not None:
                rules.append({"label": r.label, "total_percent_below": r.total_percent_below})
            else:
                rules.append({"label": r.label, "statuses": list(r.statuses), "more_than": r.more_than})
        doc = {"name": self.name, "file": self.file, "sha256": self.sha256,
               "points": {k: dict(v) for k, v in self.points.items()},
               "priority_weights": dict(self.priority_weights), "area_weights": dict(self.area_weights),
               "knockouts": rules}
        return doc | ({"town_weights": dict(self.written_town_weights)} if self.written_town_weights else {})

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
    area: str  # "" for a rule on the total (or on a town's subtotal)
    message: str
    town: str = ""  # of a joint comparison: the town it knocks the vendor out of
    # of answers made against another version: the version, and the rows counted that its change explains (the message
    # says so too): answers to requirements whose class changed since, and requirements it lacks left unanswered
    answered_version: str = ""
    class_changed: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


def section_label(town: str, area: str) -> str:
    """A section of a comparison as every output names it: 「利府町 介護保険」 of a joint one, the area alone else."""
    return f"{town} {area}" if town else area


@dataclass(frozen=True)
class AreaScore:
    area: str
    weight: float
    lines: tuple[ScoreLine, ...]  # in class, status, priority order; only non-empty lines
    knockouts: tuple[Knockout, ...]
    town: str = ""  # of a joint comparison's section

    @property
    def label(self) -> str:
        return section_label(self.town, self.area)

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
class TownScore:
    """A vendor's evaluation for one town of a joint comparison: its sections' weighted mean, knock-outs and rank."""

    town: str
    weight: float
    exact: float  # the subtotal unrounded: the combined total is the weighted mean of these
    percent: float  # as printed: ranked and compared with a limit on the total
    knockouts: tuple[Knockout, ...]
    rank: int | None  # among the vendors not knocked out in this town

    @property
    def knocked_out(self) -> bool:
        return bool(self.knockouts)


@dataclass(frozen=True)
class VendorScore:
    vendor: str
    areas: tuple[AreaScore, ...]
    total: float  # weighted mean of the area (joint: town) percentages, as printed (TOTAL_PLACES decimals)
    knockouts: tuple[Knockout, ...]  # every rule that holds, area rules first (joint: town by town)
    rank: int | None  # 1 = best; None when knocked out (joint: in any town)
    towns: tuple[TownScore, ...] = ()  # of a joint comparison, in the order of its towns; () of one town

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
        return tuple(sorted(self.vendors, key=lambda v: ranking_key(v.rank, v.total)))


def _area_score(area: str, result: GapResult, config: ScoringConfig, town: str = "",
                changes: VersionChanges | None = None) -> AreaScore:
    """*changes*: of answers made against another version, what its change explains, said beside a knock-out."""
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
            message = f"{section_label(town, area)}: {rule.label} {n} 件（許容 {rule.more_than} 件まで）"
            changed: list[str] = []
            new: list[str] = []
            if changes is not None:
                counted = [r for r in result.requirement_rows if r.status in rule.statuses]
                # the statuses an answer's class decides: an unreadable answer is so in any version
                changed = changes.class_changed(r.id for r in counted if r.status not in ("unanswered", "invalid_answer"))
                new = changes.new_among(r.id for r in counted if r.status == "unanswered")
                message += "".join(f"。{note}" for note in (changes.class_note([("うち", changed)]), changes.new_note(new))
                                   if note)
            knockouts.append(Knockout(rule.label, area, message, town,
                                      changes.version if changes and (changed or new) else "", tuple(changed), tuple(new)))
    return AreaScore(area, config.area_weights.get(area, 1.0), lines, tuple(knockouts), town)


def knockout_reasons(knockouts: Sequence[Knockout]) -> tuple[str, ...]:
    """The messages of *knockouts*, for a joint comparison's combined evaluation those of one area that read alike
    town by town (one file's counts, which the towns' profiles do not change) said once with the towns:
    「住民記録（利府町・松島町）: 必須機能の未対応 3 件（許容 0 件まで）」."""
    groups: dict[tuple[str, str], list[Knockout]] = {}
    for k in knockouts:
        head = f"{section_label(k.town, k.area)}: "
        detail = k.message.removeprefix(head) if k.town and k.area and k.message.startswith(head) else ""
        groups.setdefault((k.area, detail) if detail else ("", k.message), []).append(k)
    return tuple(f"{area}（{'・'.join(k.town for k in ks)}）: {detail}" if len(ks) > 1 and area else ks[0].message
                 for (area, detail), ks in groups.items())


TOTAL_PLACES = 2  # decimals of a total as printed, ranked and compared with total_percent_below


def ranking_key(rank: int | None, percent: float) -> tuple[bool, int, float]:
    """The order of a ranking (sorted's key): ranked vendors by *rank*, then knocked-out ones by *percent*, best first."""
    return rank is None, rank or 0, -percent


def rank_label(rank: int | None) -> str:
    """A rank as every output says it: 「1位」, or 「失格」 (no rank)."""
    return f"{rank}位" if rank else "失格"


def printed_percent(exact: float) -> float:
    """A percentage rounded half up to TOTAL_PLACES decimals, as every output prints it (85.625 is 85.63 as a total
    and as an area's 得点率 alike). The first rounding to 9 places drops float noise, so that an exact …x.xx5 is not
    rounded down."""
    return float(Decimal(f"{exact:.9f}").quantize(Decimal(1).scaleb(-TOTAL_PLACES), ROUND_HALF_UP))


def _mean(weighted: Sequence[tuple[float, float]]) -> float:
    """Σ w × p / Σ w of (weight, percentage) pairs; 0 when no weight (compare_run refuses it before scoring)."""
    weight = sum(w for w, _ in weighted)
    return sum(w * p for w, p in weighted) / weight if weight > 0 else 0.0


def _below(rule: KnockoutRule, percent: float, town: str = "") -> Knockout | None:
    """The knock-out of a limit on the total (of a joint comparison: on *town*'s subtotal) that *percent* is below."""
    if rule.total_percent_below is None or percent >= rule.total_percent_below:
        return None
    what = f"{town}: 団体の得点" if town else "総合得点"
    # a rule written without a label: of a town, on its subtotal (「総合得点が 76% 未満」 said what it was not)
    label = f"団体の得点が {rule.total_percent_below:g}% 未満" if town and rule.label == rule.default_label else rule.label
    return Knockout(label, "", f"{what} {percent:.{TOTAL_PLACES}f}% が基準 {rule.total_percent_below:g}% 未満", town)


def _ranks(totals: Sequence[float | None]) -> list[int | None]:
    """Competition ranking (1, 1, 3) of printed totals; None (knocked out) gets none."""
    ranked = sorted((t for t in totals if t is not None), reverse=True)
    return [None if t is None else ranked.index(t) + 1 for t in totals]


def score(results: Mapping[str, Mapping[str, GapResult]], config: ScoringConfig,
          towns: Mapping[str, str] | None = None,
          changes: Mapping[str, Mapping[str, VersionChanges | None]] | None = None) -> ScoreResult:
    """Score every vendor over every area: *results* is area → vendor → gap result.

    Every area must hold every vendor (the vendors of the first area, in its order). The
    profile needs no argument: each gap result already carries which options it requires and
    their priority (GapRow.required / .priority).

    A joint comparison's *towns* maps each of its sections (the keys of *results*, section_label) to its town; the
    area whose weight a section takes is then its spec's. Town weights are the config's, by the towns' labels.

    *changes*: area → vendor → what the change of version explains of answers made against another one (none for a
    vendor or area not in it): a knock-out says which of the rows it counts it explains, scored as they are all the same.
    """
    areas = list(results)
    vendors = list(results[areas[0]]) if areas else []
    for area in areas:
        if list(results[area]) != vendors:
            raise ValueError(f"area {area} does not hold the vendors {vendors}")
    if towns is not None and set(towns) != set(areas):
        raise ValueError("every section of a joint comparison needs its town")
    town_names = list(dict.fromkeys(towns.values())) if towns else []
    partial = []
    for vendor in vendors:
        area_scores = tuple(_area_score(results[a][vendor].spec.area if towns else a, results[a][vendor], config,
                                        towns[a] if towns else "", (changes or {}).get(a, {}).get(vendor))
                            for a in areas)
        by_town = []
        for town in town_names:
            mine = [s for s in area_scores if s.town == town]
            exact = _mean([(s.weight, s.percent) for s in mine])
            printed = printed_percent(exact)
            knocked = [k for s in mine for k in s.knockouts]
            knocked += [k for rule in config.knockouts if (k := _below(rule, printed, town))]
            by_town.append((town, exact, printed, tuple(knocked)))
        if towns:
            total = printed_percent(_mean([(config.town_weights.get(t, 1.0), exact) for t, exact, _, _ in by_town]))
            knockouts = tuple(k for *_, ks in by_town for k in ks)
        else:
            # rounded as printed: a committee sees equal totals share a rank and a total shown as 60.00 pass a limit
            # of 60 (unrounded, 59.99999999999999 was 失格)
            total = printed_percent(_mean([(a.weight, a.percent) for a in area_scores]))
            knockouts = (*(k for a in area_scores for k in a.knockouts),
                         *(k for rule in config.knockouts if (k := _below(rule, total))))
        partial.append((vendor, area_scores, total, knockouts, by_town))
    town_ranks = [_ranks([None if t[3] else t[2] for t in ts]) for ts in zip(*(p[4] for p in partial))]
    ranks = _ranks([None if k else t for _, _, t, k, _ in partial])
    return ScoreResult(config, tuple(
        VendorScore(v, a, t, k, rank, tuple(TownScore(town, config.town_weights.get(town, 1.0), exact, printed, ks,
                                                      town_ranks[j][i])
                                            for j, (town, exact, printed, ks) in enumerate(by_town)))
        for i, ((v, a, t, k, by_town), rank) in enumerate(zip(partial, ranks))))
