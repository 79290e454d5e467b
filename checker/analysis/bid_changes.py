"""What changed since a previous comparison (a revised bid, 再提出): each vendor's standing then and now, and each
area's rows whose answer or status changed, with the reason.

The previous comparison is its JSON (hyojun compare's, with the vendors' real names); vendors are matched by name as
a manifest's name is matched to a file's (bid.same_vendor). A row has changed when its status or the class of its
answer (○ △ × …) has: ◯ rewritten as ○ is no change. Where the area's spec version differs between the two, every
change of the area is put down to that, once for the area, not to the vendors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..schemas import validate
from .bid import Comparison, name_key, same_vendor
from .gap import NO_ROW
from .scoring import ScoreResult, rank_label, score_row, section_label

# The reasons of a changed row, in the order they are listed; the JSON holds the keys.
REASONS = {
    "answer_changed": "回答の変更",  # the vendor answered the row otherwise
    "row_added": "行の追加",  # unanswered (no row, or blank) before
    "row_removed": "行の削除",  # answered before, unanswered now
    "spec_version_changed": "仕様書の版の変更",  # the area was compared against another version before
    "basis_changed": "判定条件の変更",  # the same answer judged otherwise: the profile's required options, the marks
}

_FORMAT = "hyojun-compare/1"


@dataclass(frozen=True)
class Standing:
    """A vendor's place in a comparison: its rank (None: knocked out) and total."""

    rank: int | None
    percent: float

    @property
    def label(self) -> str:
        """「2位 93.10%」, 「失格 89.39%」."""
        return f"{rank_label(self.rank)} {self.percent:.2f}%"


@dataclass(frozen=True)
class PreviousCell:
    status: str
    answer: str  # the answer's class: yes / partial / … / blank / invalid
    raw_answer: str
    points: float


@dataclass(frozen=True)
class PreviousArea:
    area: str
    town: str
    version: str
    vendors: tuple[str, ...]
    cells: Mapping[str, tuple[PreviousCell, ...]]  # by requirement id, one per vendor

    @property
    def label(self) -> str:
        return section_label(self.town, self.area)


@dataclass(frozen=True)
class PreviousComparison:
    """The parts of a previous comparison's JSON the changes are made of."""

    file: str
    generated_at: str
    title: str
    standings: Mapping[str, Standing]  # by vendor, in its ranking's order
    areas: tuple[PreviousArea, ...]

    @classmethod
    def from_document(cls, doc: Any, file: str) -> PreviousComparison:
        """From the JSON document *doc* read from *file*: refused (InputError, naming the file) unless it is an
        unmasked hyojun compare JSON."""
        wanted = ("--previous には前回の hyojun compare が書いた比較の JSON（compare.json、--manifest では "
                  "compare_<マニフェスト名>.json）を、ベンダの実名で作ったもの（--mask なし）を指定してください")
        kind = doc.get("format") if isinstance(doc, dict) else None
        if kind != _FORMAT:
            what = f"形式 {kind}" if isinstance(kind, str) else "format の項目がありません"
            raise InputError(f"{file}: hyojun compare の比較の JSON ではありません（{what}）。{wanted}")
        if doc.get("masked") is True:  # labels move between rounds, and the answers are not as written
            raise InputError(f"{file}: 匿名化した比較（--mask）の JSON です。表示名（A社など）は回ごとに変わることがあり、"
                             f"回答もベンダの書いたとおりではないため、前回と照らし合わせられません。{wanted}")
        try:
            validate(doc, "compare", source=file)
        except InputError as exc:  # edited by hand, or cut short: say what --previous wants besides
            raise InputError(f"{exc.message}。{wanted}", details=exc.details) from None
        areas = tuple(PreviousArea(
            a["area"], a.get("town", ""), a["version"], tuple(v["vendor"] for v in a["vendors"]),
            {r["id"]: tuple(PreviousCell(c["status"], c["answer"], c["raw_answer"], c["points"]) for c in r["cells"])
             for r in a["rows"]}) for a in doc["areas"])
        return cls(file, doc["generated_at"], doc["title"],
                   {r["vendor"]: Standing(r["rank"], r["total_percent"]) for r in doc["ranking"]}, areas)


@dataclass(frozen=True)
class RowChange:
    """One vendor's changed row of an area."""

    id: str
    name: str
    cls: str  # the requirement's class (mandatory / optional / prohibited), now
    class_label: str
    vendor: str  # the current comparison's name (its label when masked)
    previous: PreviousCell | None  # None: the row was not in the previous comparison (a requirement new since)
    status: str
    answer: str  # the answer's class, now
    raw_answer: str  # as written, now
    points: float  # now less before
    reason: str  # a key of REASONS

    @property
    def previous_status(self) -> str:
        return self.previous.status if self.previous else "unanswered"


@dataclass(frozen=True)
class AreaChanges:
    label: str  # the section's (利府町 介護保険 of a joint comparison)
    previous_version: str | None  # None: the area was not compared before
    version: str
    rows: tuple[RowChange, ...]  # spec order, a row's vendors in the comparison's order

    @property
    def version_changed(self) -> bool:
        return self.previous_version is not None and self.previous_version != self.version


@dataclass(frozen=True)
class VendorChange:
    """A vendor's standing before and now: *previous* None for a vendor new to the comparison, *current* None for one
    no longer in it (withdrawn)."""

    vendor: str  # the current comparison's name (its label when masked); "" for a withdrawn vendor
    previous_vendor: str  # the previous comparison's name; "" for a new vendor
    previous: Standing | None
    current: Standing | None


@dataclass(frozen=True)
class BidChanges:
    previous: PreviousComparison
    vendors: tuple[VendorChange, ...]  # the current ranking's order, then the withdrawn vendors in the previous one's
    areas: tuple[AreaChanges, ...]  # the current comparison's sections

    def counts(self, vendor: str) -> tuple[tuple[AreaChanges, Counter[str], float], ...]:
        """Each area's changed rows of *vendor* (a current name): how many for each reason, and the points they make
        up; areas without any left out."""
        out = []
        for a in self.areas:
            mine = [r for r in a.rows if r.vendor == vendor]
            if mine:
                out.append((a, Counter(r.reason for r in mine), sum(r.points for r in mine)))
        return tuple(out)


def match_vendors(previous: Sequence[str], current: Sequence[str]) -> dict[str, str]:
    """current name → the previous name of the same vendor: the same name (company form, width and spaces aside)
    first, then one holding the other (B社 and B社_再提出); each previous name once."""
    left = [p for p in previous if name_key(p)]
    found: dict[str, str] = {}
    tests: tuple[Callable[[str, str], bool], ...] = (lambda c, p: name_key(c) == name_key(p),
                                                    lambda c, p: same_vendor(c, (p,)))
    for same in tests:
        for c in current:
            if c not in found and (p := next((p for p in left if same(c, p)), None)) is not None:
                found[c] = p
                left.remove(p)
    return found


def bid_changes(previous: PreviousComparison, comparison: Comparison, scores: ScoreResult,
                names: Mapping[str, str] | None = None) -> BidChanges:
    """The changes from *previous* to *comparison* (scored as *scores*). *names*: the comparison's vendor → its real
    name, when the comparison is masked (the previous one names the vendors)."""
    real = {v: (names or {}).get(v, v) for v in comparison.vendors}
    found = match_vendors(list(previous.standings), list(real.values()))
    before = {v: found[r] for v, r in real.items() if r in found}  # current name → previous name
    vendors = [VendorChange(v.vendor, before.get(v.vendor, ""), previous.standings.get(before.get(v.vendor, "")),
                            Standing(v.rank, v.total)) for v in scores.ranking]
    vendors += [VendorChange("", p, s, None) for p, s in previous.standings.items() if p not in found.values()]
    areas = []
    for a in comparison.areas:
        old = next((o for o in previous.areas if (o.area, o.town) == (a.spec.area, a.town)), None)
        if old is None:
            areas.append(AreaChanges(a.label, None, a.spec.version, ()))
            continue
        column = {v: old.vendors.index(before[v]) for v in a.vendors if before.get(v) in old.vendors}
        changed = old.version != a.spec.version
        rows = []
        for r in a.rows:
            req = r.requirement
            for v, c in zip(a.vendors, r.cells):
                if v not in column:
                    continue
                cell = old.cells[req.id][column[v]] if req.id in old.cells else None
                same = (cell.status, cell.answer) == (c.status, c.answer) if cell else c.status == "unanswered"
                if same:
                    continue
                points = score_row(c, scores.config).points - (cell.points if cell else 0.0)
                rows.append(RowChange(req.id, req.name, req.cls, req.class_label, v, cell, c.status, c.answer,
                                      (c.source or NO_ROW).raw_answer, points,
                                      _reason(cell, c.status, c.answer, changed)))
        areas.append(AreaChanges(a.label, old.version, a.spec.version, tuple(rows)))
    return BidChanges(previous, tuple(vendors), tuple(areas))


def _reason(before: PreviousCell | None, status: str, answer: str, version_changed: bool) -> str:
    if version_changed:
        return "spec_version_changed"
    if before is None or before.status == "unanswered":
        return "row_added"
    if status == "unanswered":
        return "row_removed"
    return "answer_changed" if before.answer != answer else "basis_changed"
