"""View of the changes since a previous comparison (analysis.bid_changes): the console's lines, and the rows the HTML
section, the Excel sheet and the JSON's since_previous show.

Masked, a vendor is its current label: a withdrawn vendor, which has none, is named by no name; answers are shown as
the comparison shows them (bid_view.masked_marks, the names of this comparison's vendors and of the previous one's
replaced), and no file name or cell is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..analysis.bid_changes import NO_AREA_COMPARED, REASONS, AreaChanges, BidChanges, PreviousCell, RowChange, VendorChange
from ..analysis.carryover import counted_ids
from ..analysis.gap import STATUS_LABELS
from ..bidi import inline
from ..dates_ja import shown_time
from .html import PRINT_ROWS

WITHDRAWN = "（前回のみのベンダ）"  # a masked comparison's withdrawn vendor: it has no label, and its name is not shown
NOT_BEFORE = "前回の比較になし"
NOT_NOW = "今回の比較になし"

# vendor (current name), answer class, answer as written → the answer as the comparison shows it
ShownAnswer = Callable[[str, str, str], str]


@dataclass(frozen=True)
class ChangedRowView:
    area: str  # the section's label
    row: RowChange
    previous_answer: str  # as shown
    answer: str  # as shown
    printed: bool = True  # among the section's first PRINT_ROWS rows: past them, print leaves the rows to the Excel sheet

    @property
    def previous_status_label(self) -> str:
        return STATUS_LABELS[self.row.previous_status] if self.row.previous else NOT_BEFORE

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.row.status]

    @property
    def reason_label(self) -> str:
        return REASONS[self.row.reason]


@dataclass(frozen=True)
class ChangesView:
    changes: BidChanges
    masked: bool
    rows: tuple[tuple[AreaChanges, tuple[ChangedRowView, ...]], ...]  # each area with its changed rows

    @property
    def count(self) -> int:
        """The changed rows of every area."""
        return sum(len(shown) for _, shown in self.rows)

    @property
    def print_limit(self) -> int:
        return PRINT_ROWS

    @property
    def previous_at(self) -> str:
        """When the previous comparison was made, as shown (2026年12月8日 08:12)."""
        return shown_time(self.changes.previous.generated_at)

    def vendor_name(self, v: VendorChange) -> str:
        """The vendor as the outputs name it: its current name (the previous one is the same, company form, width and
        spaces aside: bid.earlier_vendors); a withdrawn vendor by its previous name, masked by none."""
        if not v.vendor:
            return WITHDRAWN if self.masked else v.previous_vendor
        return v.vendor

    @staticmethod
    def previous_standing(v: VendorChange) -> str:
        return v.previous.label if v.previous else NOT_BEFORE

    @staticmethod
    def current_standing(v: VendorChange) -> str:
        return v.current.label if v.current else NOT_NOW

    def summary(self, v: VendorChange) -> str:
        """What changed of *v*'s rows, area by area: 「介護保険: 回答の変更 12・行の追加 2・行の削除 1」; of an area compared
        against another version of its spec, that once (the vendor did not necessarily change anything); "" of a vendor
        new or withdrawn; NO_AREA_COMPARED when the previous comparison had none of its areas (not 「変更なし」: its
        totals then and now are of other areas)."""
        if not v.vendor or not v.previous_vendor:  # withdrawn or new: its standings say it
            return ""
        if not self.changes.compared(v.vendor):
            return NO_AREA_COMPARED
        parts = []
        for a, counts, _points in self.changes.counts(v.vendor):
            if a.version_changed:
                parts.append(f"{a.label}: {REASONS['spec_version_changed']}（{a.previous_version}→{a.version}）による変化 "
                             f"{sum(counts.values())}")
            else:
                parts.append(f"{a.label}: " + "・".join(f"{label} {counts[k]}" for k, label in REASONS.items() if counts[k]))
        return "、".join(parts) or "変更なし"

    @property
    def areas_new(self) -> str:
        """「美里町 住民記録 は前回の比較になかった業務です」, "" when there are none."""
        new = [a.label for a in self.changes.areas if a.previous_version is None]
        return f"{'・'.join(new)} は前回の比較になかった業務です" if new else ""

    @property
    def areas_dropped(self) -> str:
        """「松島町 介護保険 は今回の比較にない業務です…」, "" when there are none: a total then and now of other areas."""
        if not (gone := self.changes.dropped_areas):
            return ""
        return f"{'・'.join(gone)} は今回の比較にない業務です（前回の総合得点はこの業務を含みます）"

    @staticmethod
    def dropped_note(a: AreaChanges) -> str:
        """The requirements compared before that the area's spec no longer has: 「前回の 第1.0版 にあって 第1.1版 にない
        要件 5 件（0010069・…）は行に示していません（前回の得点には含まれます）」; "" when there are none."""
        if not a.dropped_ids:
            return ""
        return (f"前回の {a.previous_version} にあって {a.version} にない要件 {counted_ids(a.dropped_ids)}は、行に示して"
                "いません（前回の得点には含まれます）")

    def lines(self) -> list[str]:
        """The console's: 「前回（…）からの変化:」, then a line per vendor, the areas not compared before or no longer,
        and the requirements an area's spec no longer has."""
        out = [f"前回（{self.previous_at}）からの変化:"]
        for v in self.changes.vendors:
            summary = self.summary(v)
            out.append(f"  {inline(self.vendor_name(v))} {self.previous_standing(v)} → {self.current_standing(v)}"
                       + (f"（{summary}）" if summary else ""))
        out += [f"  {said}" for said in (self.areas_new, self.areas_dropped) if said]
        out += [f"  {a.label}: {note}" for a in self.changes.areas if (note := self.dropped_note(a))]
        return out


def changes_view(changes: BidChanges, masked: bool, shown_answer: ShownAnswer) -> ChangesView:
    def previous(vendor: str, cell: PreviousCell | None) -> str:
        return shown_answer(vendor, cell.answer, cell.raw_answer) if cell else ""

    before = 0  # rows of the areas before
    rows = []
    for a in changes.areas:
        rows.append((a, tuple(ChangedRowView(a.label, r, previous(r.vendor, r.previous),
                                             shown_answer(r.vendor, r.answer, r.raw_answer), before + i < PRINT_ROWS)
                              for i, r in enumerate(a.rows))))
        before += len(a.rows)
    return ChangesView(changes, masked, tuple(rows))
