"""View model of a bid comparison: what the HTML, the Excel 評価表 and the JSON show.

In masked mode vendors appear only by their labels (A社 …, bid.mask_series): no vendor name, file name, file hash or
cell address (a CSV's sheet is its file name) reaches the outputs. Vendor names in the vendors' own free
text (備考, 代替案, as written) become labels (Redactor); product names cannot: a committee must be told to check it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from .. import TOOL_NAME, __version__
from ..analysis.bid import (GAP_STATUSES, AreaComparison, BidRow, Comparison, answer_cautions, bare_name,
                             squeezed_name, towns_label, towns_notice)
from ..analysis.bid_changes import REASONS, BidChanges
from ..analysis.gap import NO_ROW, STATUS_LABELS, STATUS_TONES, STATUSES, VERDICT_LABELS
from ..analysis.scoring import (ROW_CLASS_LABELS, TOTAL_PLACES, AreaScore, ScoreResult, ScoringConfig, TownScore,
                                VendorScore, knockout_reasons, own_scoring_name, printed_percent, rank_label, ranking_key,
                                score_row, section_label)
from ..io.export import Table, label_width
from ..io.xlsx import Grouped, Hundredths
from ..model import KIND_LABELS
from ..normalize import (ANSWER_LABELS, CLASS_LABELS, COMPANY_FORMS, DEFAULT_VOCABULARY, Vocabulary,
                         sub_as_read)
from ..bidi import isolate
from ..dates_ja import shown_time
from .bid_changes_view import WITHDRAWN, ChangesView, changes_view
from .html import PRINT_ROWS, number
from .provenance import CREATED, Provenance

PAGE_SIZE = 100  # matrix rows per page in the HTML: keeps 3,000 × 5 areas responsive
# ...and at most about this many vendor cells: every redraw (a filter, a search, a page turn) lays out and paints each
# one, so ten vendors' 100 rows took 0.4–0.6 s (benchmarks/RESULTS.md, 40). Up to three vendors a page keeps 100 rows.
PAGE_CELLS = 300
MIN_PAGE_SIZE = 10
# Matrix rows printed whole (html.PRINT_ROWS), fewer past five vendors: at most about this many vendor cells.
PRINT_CELLS = 5000
# Excel columns of the tool's own labels, wide enough for each
_CLASS_WIDTH, _ROW_CLASS_WIDTH = label_width(CLASS_LABELS.values()), label_width(ROW_CLASS_LABELS.values())
_STATUS_WIDTH, _STATUS_CODE_WIDTH = label_width(STATUS_LABELS.values()), label_width(STATUS_LABELS)
_ANSWER_WIDTH = label_width(ANSWER_LABELS.values())


@dataclass(frozen=True)
class LineView:
    """One breakdown line: count × points × weight = subtotal."""

    area: str  # the section's label (利府町 介護保険 of a joint comparison)
    class_label: str
    status: str
    status_label: str
    priority: str
    count: int
    points: float
    weight: float
    subtotal: float
    best_subtotal: float
    town: str = ""  # of a joint comparison's section
    area_name: str = ""  # the area alone, beside the town


@dataclass(frozen=True)
class AreaScoreView:
    area: str  # the section's label
    weight: float
    points: float
    best: float
    percent: float  # as printed (scoring.printed_percent)
    verdict: str
    verdict_label: str
    coverage: float
    counts: tuple[int, ...]  # in STATUSES order
    caution: str  # answer_cautions: "" when none


@dataclass(frozen=True)
class TownScoreView:
    """A vendor's evaluation for one town of a joint comparison."""

    percent: float  # the town's subtotal, as printed
    rank: int | None  # among the vendors not knocked out in the town
    rank_label: str
    knockouts: tuple[str, ...]  # messages, each naming the town

    @property
    def knocked_out(self) -> bool:
        return bool(self.knockouts)


@dataclass(frozen=True)
class VendorScoreView:
    vendor: str
    rank: int | None
    rank_label: str
    total: float
    areas: tuple[AreaScoreView, ...]
    lines: tuple[LineView, ...]
    knockouts: tuple[str, ...]  # messages (knockout_reasons: a joint comparison's alike in several towns said once)
    towns: tuple[TownScoreView, ...] = ()  # of a joint comparison, in the order of BidView.towns_shown
    # the combined evaluation as a town's table says it: 1位, or 失格 with the towns it is knocked out of
    overall_label: str = ""
    total_step: str = ""  # the weighted mean the total is (total_step), "" of one area

    @property
    def knocked_out(self) -> bool:
        return bool(self.knockouts)


@dataclass(frozen=True)
class TownView:
    """A town of a joint comparison: its sections (indexes into BidView.areas) and its vendors, best first."""

    key: str  # html id
    name: str
    weight: float
    areas: tuple[int, ...]
    ranking: tuple[int, ...]  # indexes into BidView.scores: ranked in the town, then knocked out there (by subtotal)


@dataclass(frozen=True)
class GroupView:
    name: str
    rows: int
    differ_rows: int
    gap_rows: int


@dataclass(frozen=True)
class AreaView:
    key: str  # html id
    area: str
    version: str
    spec_sha256: str
    weight: float
    profile: str
    requirements: int
    differ_rows: int
    gap_rows: int
    groups: tuple[GroupView, ...]
    files: tuple[tuple[str, str, str], ...]  # vendor, file, sha256: each file of each vendor (empty when masked)
    comparison: AreaComparison
    cells: dict[str, tuple[CellView, ...]]  # by requirement id, one per vendor: what every format shows
    town: str = ""  # of a joint comparison's section

    @property
    def label(self) -> str:
        """How the reports name the section: 「利府町 介護保険」 of a joint comparison, the area else."""
        return section_label(self.town, self.area)

    @property
    def other_versions(self) -> bool:
        """Whether a vendor answered another stored version of the spec: its cells may say what changed since."""
        return any(v is not None and v.changes is not None for v in self.comparison.versions)


class CellView(NamedTuple):
    """One vendor's cell of a requirement row, computed once for the JSON, the HTML and the Excel.

    When masked, the cell address is dropped (a CSV's sheet is its file name) and vendor names in the
    free text become letters. A tuple, not a dataclass: a national comparison keeps 300,000 of them
    alive, and the garbage collector stops tracking tuples of plain values.
    """

    status: str
    answer: str
    raw_answer: str
    timing: str
    alternative: str
    comment: str
    cell: str
    points: float  # earned, weighted
    # of answers made against another version: 「第1.0版 では標準オプション機能」 of a requirement whose class changed
    # since, 「第1.0版 にない要件」 of one it lacks left unanswered (VersionChanges.cell_note); "" else
    since: str = ""


# A name without its company form shorter than this is replaced only in its own vendor's text: 電算 (株式会社電算)
# is an ordinary word in another vendor's 「電算処理」.
MIN_BARE_NAME = 4


class Redactor:
    """Replaces vendor names by their letters in one vendor's free text (備考, 代替案, 対応時期), kept as written.

    *variants* maps each text to replace (squeezed_name) to its letter(s); it is found with any spacing (「ABC　システム」
    for ABCシステム) and width (「ＡＢＣシステム」: matched as NFKC reads the text, replaced in the text as written, the
    rest of which stays as the vendor wrote it). The replacements made for names of other vendors are counted in
    *replaced*, as written: the mask key lists them, for the secretariat to check before distribution.
    """

    def __init__(self, own: str, variants: dict[str, str]) -> None:
        self.own = own
        self.replaced: Counter[tuple[str, str]] = Counter()  # (text found, letters) for other vendors' names
        # Longest first, so that 見本ソリューションズ株式会社 wins over 見本ソリューションズ; a company form written
        # around a shorter name goes with it (「アルファ株式会社」 became 「A社株式会社」).
        names = "|".join(r"\s*".join(map(re.escape, v)) for v in sorted(variants, key=len, reverse=True))
        forms = "|".join(map(re.escape, COMPANY_FORMS))
        # any case: a vendor writes its own Latin name or a rival's as it likes (OMEGA SYSTEMS for Omega Systems)
        self._pattern = re.compile(rf"(?:(?:{forms})\s*)?({names})(?:\s*(?:{forms}))?", re.IGNORECASE) if names else None
        self._labels = {v.casefold(): label for v, label in variants.items()}

    def __call__(self, text: str) -> str:
        return sub_as_read(self._pattern, self._replace, text) if text and self._pattern else text

    def _replace(self, m: re.Match[str], written: str) -> str:
        label = self._labels[squeezed_name(m.group(1)).casefold()]
        if label != self.own:
            self.replaced[(written, label)] += 1
        return label


def redactors(columns: Mapping[str, Iterable[str]]) -> dict[str, Redactor]:
    """letter → the names its vendor goes by (ベンダ名, file name part, manifest name) ⇒ letter → Redactor of its text.

    A name with its company form is replaced in every vendor's text; without it (電算 of 株式会社電算) in other
    vendors' text only when it is at least MIN_BARE_NAME long. A name several columns share (two proposals of one
    company, a manifest naming a file after another vendor) is the column's own letter in its own text and all their
    letters (「B社／C社」) elsewhere: never one bid's letter for the other's text.
    """
    owners: dict[str, set[str]] = {}  # text → letters of the vendors going by it
    bare_names: set[str] = set()
    for label, names in columns.items():
        for name in map(squeezed_name, names):
            bare = bare_name(name)
            bare_names.add(bare)
            for variant in (name, bare, *(f"{form}{bare}" for form in COMPANY_FORMS),
                            *(f"{bare}{form}" for form in COMPANY_FORMS)):
                owners.setdefault(variant, set()).add(label)
    return {label: Redactor(label, {
        variant: label if label in who else "／".join(sorted(who)) for variant, who in owners.items()
        if len(variant) >= 2 and (label in who or variant not in bare_names or len(variant) >= MIN_BARE_NAME)})
        for label in columns}


def as_written(x: float) -> float:
    """Points, weights and their products unrounded (scoring.md §2), without a sum's float noise (0.1 × 3 is
    0.30000000000000004): rounded to 4 places, 4 × 0.00004 showed as 0.0002 beside 配点 0."""
    return round(x, 10)


def _num(x: float) -> float | int:
    """Points as the committee wrote them: 10, not 10.0."""
    return int(x) if float(x).is_integer() else as_written(x)


def _grouped(x: float) -> Grouped:
    """Points in the Excel 評価表, shown as the HTML shows them: 2,055 and 137.008."""
    return Grouped(as_written(x))


@dataclass(frozen=True)
class BidView:
    title: str
    masked: bool
    vendors: tuple[str, ...]
    areas: tuple[AreaView, ...]
    scores: tuple[VendorScoreView, ...]  # ranking order
    statuses: tuple[tuple[str, str, str], ...]  # code, label, tone
    scoring_name: str
    knockout_rules: tuple[str, ...]
    # the rules in force, every one (a committee signs the scores off against them): 項目, 対象, 状態・条件, 値
    scoring_rules: tuple[tuple[str, str, str, float | str], ...]
    provenance: Provenance
    # masked: names of other vendors replaced in a vendor's text: its letter, the text found, the letters, how often
    redactions: tuple[tuple[str, str, str, int], ...] = ()
    towns: str = ""  # the profiles' municipalities (towns_label), "" without profiles
    towns_notice: str = ""  # when they are several
    towns_shown: tuple[TownView, ...] = ()  # of a joint comparison (共同調達): its towns, each evaluated apart
    changes: ChangesView | None = None  # since the previous comparison (--previous)

    @property
    def joint(self) -> bool:
        return bool(self.towns_shown)

    @property
    def other_version(self) -> str:
        """The first other stored version of a spec compared a vendor answered (AreaView.other_versions), "" if none:
        the matrix's intro takes it for its example."""
        return next((v.changes.version for a in self.areas for v in a.comparison.versions if v and v.changes), "")

    @property
    def attention_labels(self) -> str:
        """The statuses that make a row 要確認 (GAP_STATUSES), for the caption that explains the mark."""
        return "・".join(STATUS_LABELS[s] for s in STATUSES if s in GAP_STATUSES)

    @property
    def page_size(self) -> int:
        """Matrix rows per page on screen: PAGE_SIZE, fewer when that many rows would pass PAGE_CELLS vendor cells."""
        return max(MIN_PAGE_SIZE, min(PAGE_SIZE, PAGE_CELLS // len(self.vendors)))

    @property
    def print_limit(self) -> int:
        """Matrix rows printed whole (every row the filters select); past it, the page on screen."""
        return max(self.page_size, min(PRINT_ROWS, PRINT_CELLS // len(self.vendors)))

    def matrix(self, area: AreaView) -> dict[str, Any]:
        """Compact matrix for the HTML's script: indexes into shared lists keep 15,000 cells small."""
        status_index = {s: i for i, s in enumerate(STATUSES)}
        rows = []
        for gi, g in enumerate(area.comparison.groups):
            for r in g.rows:
                req = r.requirement
                # the answer is shown within a line (回答: ○／得点 1): isolated (bidi.isolate), as is a group name
                cells = [[status_index[c.status], isolate(c.raw_answer), c.timing, c.alternative, c.comment, c.cell,
                          _num(c.points), *([c.since] if c.since else [])] for c in area.cells[req.id]]
                rows.append([req.id, req.name, gi, req.class_label, r.priority, int(r.differ), int(r.gap),
                             cells, req.text])
        return {"key": area.key, "area": f"{area.label} {area.version}", "vendors": list(self.vendors),
                "groups": [isolate(g.name) for g in area.groups], "rows": rows}

    @property
    def ties(self) -> str:
        return TIES

    # --- tables for the Excel 評価表 (one table per sheet, header in row 1) ---

    def summary_table(self) -> Table:
        header = ["順位", "ベンダ", "総合得点（%）", "失格", "失格理由"]
        for t in self.towns_shown:  # a joint comparison's: each town's subtotal and rank, before its areas
            header += [f"{t.name} 得点（%）", f"{t.name} 順位"]
        for a in self.areas:
            header += [f"{a.label} 得点率（%）", f"{a.label} 得点", f"{a.label} 満点", f"{a.label} 判定", f"{a.label} 回答の注意"]
        rows = []
        for v in self.scores:
            row: list[Any] = [v.rank, v.vendor, Hundredths(round(v.total, 2)), "失格" if v.knocked_out else "",
                              "／".join(v.knockouts)]
            for ts in v.towns:
                row += [Hundredths(ts.percent), ts.rank_label]
            for s in v.areas:
                row += [Hundredths(s.percent), _grouped(s.points), _grouped(s.best), s.verdict_label, s.caution]
            rows.append(row + [self.towns])  # on every row: towns' sheets pasted into one list stay apart
        return Table("総合評価", [*header, "団体（プロファイル）"], rows,
                     [6, 24, 12, 6, 50] + [12, 8] * len(self.towns_shown) + [12, 10, 10, 10, 24] * len(self.areas)
                     + [40 if self.towns_notice or self.joint else 16],
                     freeze_cols=2)  # 順位 and ベンダ on every printed page across: a 失格's 順位 is blank

    def town_table(self) -> Table:
        """A joint comparison's 団体別評価: a row per town and vendor, the vendors of a town best first."""
        areas = list(dict.fromkeys(a.area for a in self.areas))
        rows = []
        for i, t in enumerate(self.towns_shown):
            for vi in t.ranking:
                v = self.scores[vi]
                mine = {self.areas[ai].area: Hundredths(v.areas[ai].percent) for ai in t.areas}
                ts = v.towns[i]
                rows.append([t.name, _grouped(t.weight), ts.rank, v.vendor, Hundredths(ts.percent),
                             "失格" if ts.knocked_out else "", "／".join(ts.knockouts), v.overall_label, *(mine.get(a) for a in areas)])
        return Table("団体別評価", ["団体", "団体の重み", "団体での順位", "ベンダ", "団体の得点（%）", "団体での失格",
                                    "失格理由（この団体）", "総合評価", *(f"{a} 得点率（%）" for a in areas)], rows,
                     [20, 8, 8, 24, 12, 8, 50, 8] + [12] * len(areas), freeze_cols=4)  # the town and vendor, as 総合評価

    def breakdown_table(self) -> Table:
        town: list[Any] = ["団体"] if self.joint else []  # a joint comparison's: the area beside it, for a filter
        return Table("得点内訳", ["ベンダ", *town, "業務", "区分", "状態", "状態コード", "優先度", "件数", "配点", "重み",
                                  "小計", "満点小計", "得点率（%）"], self._breakdown_rows(),
                     [24, *([20] if self.joint else []), 14, _ROW_CLASS_WIDTH, _STATUS_WIDTH, _STATUS_CODE_WIDTH, 8, 8,
                      8, 8, 10, 10, 10])

    def _breakdown_rows(self) -> Iterator[list[Any]]:
        """Each vendor's lines, each area's closed by its total as the HTML's (得点・満点・得点率, its weight in 重み),
        then the vendor's 総合得点 with the step that makes it (total_step): on paper, the sum is not the reader's to
        do. Values, not formulas: the writer stores no formula's result, which a program reading the workbook would
        find empty."""
        for v in self.scores:
            for area, s in zip(self.areas, v.areas):
                where = [area.town, area.area] if self.joint else [area.label]
                lines = [ln for ln in v.lines if ln.area == s.area]
                for ln in lines:
                    yield [v.vendor, *where, ln.class_label, ln.status_label, ln.status, ln.priority, _grouped(ln.count),
                           _grouped(ln.points), _grouped(ln.weight), _grouped(ln.subtotal), _grouped(ln.best_subtotal)]
                yield [v.vendor, *where, "合計", "", "", "", _grouped(sum(ln.count for ln in lines)), None,
                       _grouped(s.weight), _grouped(s.points), _grouped(s.best), Hundredths(s.percent)]
            yield [v.vendor, *([""] if self.joint else []), "総合", "総合得点", v.total_step, "", "", None, None, None,
                   None, None, Hundredths(round(v.total, 2))]

    def area_table(self, area: AreaView) -> Table:
        # ID and 名称 first, frozen: they stay in view beside the third or fifth vendor's columns
        header = ["ID", "名称", "種別", "実装区分", "大項目", "中項目", "小項目", "要求オプション（優先度）", "差異", "要確認"]
        since = area.other_versions  # each vendor's 版の違い beside its answer, in an area a vendor answered another version of
        for v in self.vendors:
            header += [f"{v} 状態", f"{v} 状態コード", f"{v} 回答", f"{v} 回答区分", *([f"{v} 版の違い"] if since else []),
                       f"{v} 対応時期", f"{v} 代替案", f"{v} 備考", f"{v} 得点"]
        widths = ([10, 28, 9, _CLASS_WIDTH, 16, 16, 16, 12, 6, 8]
                  + [_STATUS_WIDTH, _STATUS_CODE_WIDTH, 8, _ANSWER_WIDTH, *([12] if since else []), 10, 24, 24, 8]
                  * len(self.vendors))
        return Table(area.label, header, self._area_rows(area.comparison.rows, area.cells, since), widths, freeze_cols=2)

    def _area_rows(self, rows: tuple[BidRow, ...], cells: dict[str, tuple[CellView, ...]],
                   since: bool) -> Iterator[list[Any]]:
        for r in rows:
            req = r.requirement
            row: list[Any] = [req.id, req.name, KIND_LABELS[req.kind], req.class_label, req.group, req.subgroup,
                              req.minor, r.priority, "あり" if r.differ else "", "あり" if r.gap else ""]
            for c in cells[req.id]:
                row += [STATUS_LABELS[c.status], c.status, c.raw_answer, ANSWER_LABELS[c.answer],
                        *([c.since] if since else []), c.timing, c.alternative, c.comment, _grouped(c.points)]
            yield row

    def standings_table(self, changes: ChangesView) -> Table:
        """Each vendor's standing before and now, and what changed of its rows (the HTML's table of 前回との差), then
        the areas not compared before or no longer, and the requirements an area's spec no longer has."""
        rows: list[list[Any]] = [[changes.vendor_name(v), changes.previous_standing(v), changes.current_standing(v),
                                  changes.summary(v)] for v in changes.changes.vendors]
        notes = [changes.areas_new, changes.areas_dropped,
                 *(f"{a.label}: {note}" for a in changes.changes.areas if (note := changes.dropped_note(a)))]
        rows += [["注記", "", "", note] for note in notes if note]
        return Table("前回との差（ベンダ）", ["ベンダ", "前回", "今回", "変わった行"], rows, [30, 16, 16, 90], freeze_cols=1)

    def changes_table(self, changes: ChangesView) -> Table:
        """The rows changed since the previous comparison, area by area (前回との差)."""
        header = ["業務", "ベンダ", "ID", "名称", "実装区分", "前回の回答", "前回の状態", "今回の回答", "今回の状態", "得点の差", "理由"]
        rows = [[r.area, r.row.vendor, r.row.id, r.row.name, r.row.class_label, r.previous_answer, r.previous_status_label,
                 r.answer, r.status_label, _grouped(r.row.points), r.reason_label]
                for _, shown in changes.rows for r in shown]
        return Table("前回との差", header, rows, [14, 24, 10, 28, _CLASS_WIDTH, 8, _STATUS_WIDTH, 8, _STATUS_WIDTH, 8,
                                                  label_width(REASONS.values())], freeze_cols=4)

    def rules_table(self) -> Table:
        return Table("採点基準", ["項目", "対象", "状態・条件", "値"], [[*r[:3], _grouped(r[3]) if isinstance(r[3], float) else r[3]]
                                                               for r in self.scoring_rules], [14, 26, 60, 10])

    def provenance_table(self) -> Table:
        return Table("作成情報", ["項目", "値"], self.provenance.sheet_rows(), [28, 90])


def total_step(terms: Sequence[tuple[str, float, float]], total: float, joint: bool) -> str:
    """The last step of a *total* (as printed) from the *terms* it is the weighted mean of (label, weight, percentage
    as printed; of a joint comparison its towns, named), for a committee to check it on paper: 「総合得点 = (2 × 98.68 +
    1 × 97.03) ÷ 3 = 98.13%」. The total is the mean of the unrounded percentages rounded half up (scoring.md §2): when
    the printed ones do not give it so, the line says that instead of an equation that would not hold. "" of one term.
    """
    if len(terms) < 2:
        return ""
    weight = sum(Decimal(repr(w)) for _, w, _ in terms)
    mean = sum(Decimal(repr(w)) * Decimal(f"{p:.{TOTAL_PLACES}f}") for _, w, p in terms) / weight
    products = []
    for label, w, p in terms:
        value = f"{p:.{TOTAL_PLACES}f}" if p >= 0 else f"({p:.{TOTAL_PLACES}f})"
        products.append(f"{number(w)} × {label} {value}" if label else f"{number(w)} × {value}")
    formula = f"({' + '.join(products)}) ÷ {number(float(weight))}"
    shown, rounded = f"{total:.{TOTAL_PLACES}f}", printed_percent(float(mean))
    if mean == Decimal(shown):
        return f"総合得点 = {formula} = {shown}%"
    if rounded == total:
        return f"総合得点 = {formula} を小数第 {TOTAL_PLACES} 位に四捨五入 = {shown}%"
    of = "団体の得点" if joint else "得点率"
    return (f"総合得点 {shown}% は、丸める前の{of}の加重平均を小数第 {TOTAL_PLACES} 位に四捨五入したものです（表示した{of}の"
            f" {formula} を四捨五入すると {rounded:.{TOTAL_PLACES}f}%）")


def _area_score_view(s: AreaScore, a: AreaComparison, i: int) -> AreaScoreView:
    r = a.results[i]
    caution = "・".join(c.short for c in answer_cautions(r, a.versions[i]))
    return AreaScoreView(section_label(isolate(s.town), s.area), s.weight, s.points, s.best, printed_percent(s.percent), r.verdict, VERDICT_LABELS[r.verdict],
                         r.mandatory_coverage, tuple(r.status_counts[st] for st in STATUSES), caution)


def _town_score_view(t: TownScore) -> TownScoreView:
    return TownScoreView(t.percent, t.rank, rank_label(t.rank), tuple(k.message for k in t.knockouts))


def _vendor_view(v: VendorScore, comparison: Comparison) -> VendorScoreView:
    i = comparison.vendors.index(v.vendor)
    lines = tuple(
        LineView(section_label(isolate(a.town), a.area), ROW_CLASS_LABELS[ln.row_class], ln.status,
                 STATUS_LABELS[ln.status], ln.priority, ln.count, ln.points, ln.weight, ln.subtotal, ln.best_subtotal,
                 isolate(a.town), a.area)
        for a in v.areas for ln in a.lines)
    out_of = "・".join(isolate(t.town) for t in v.towns if t.knocked_out)
    terms = ([(isolate(t.town), t.weight, t.percent) for t in v.towns] if v.towns
             else [("", a.weight, printed_percent(a.percent)) for a in v.areas])
    return VendorScoreView(
        v.vendor, v.rank, rank_label(v.rank), v.total,
        tuple(_area_score_view(s, a, i) for s, a in zip(v.areas, comparison.areas)), lines,
        knockout_reasons(v.knockouts), tuple(map(_town_score_view, v.towns)),
        f"失格（{out_of}）" if out_of else rank_label(v.rank), total_step(terms, v.total, bool(v.towns)))


def _town_views(comparison: Comparison, scores: tuple[VendorScore, ...]) -> tuple[TownView, ...]:
    """A joint comparison's towns, each with its sections and its vendors (of *scores*, in that order) best first."""
    towns = list(dict.fromkeys(a.town for a in comparison.areas)) if comparison.joint else []
    return tuple(TownView(
        f"town-{ti + 1}", isolate(town), scores[0].towns[ti].weight if scores else 1.0,
        tuple(i for i, a in enumerate(comparison.areas) if a.town == town),
        tuple(sorted(range(len(scores)), key=lambda vi: ranking_key(scores[vi].towns[ti].rank,
                                                                    scores[vi].towns[ti].percent))))
        for ti, town in enumerate(towns))


def masked_marks(vocabulary: Vocabulary) -> dict[str, str]:
    """The answer a masked comparison shows for each answer class: the mark of *vocabulary* a form offers for it (○ △
    予定 × －, Vocabulary.offered_marks), not the vendor's own (◯ for ○, 「✓（○の列）」, 対応可): across hundreds of cells
    a vendor's way of writing tells who it is. A blank shows nothing; an answer not read as a mark (回答不正) as written,
    vendor names replaced: it is what the committee has to judge."""
    marks: dict[str, str] = {vocabulary.classify(m): m for m in vocabulary.offered_marks()}
    return marks | {"blank": ""}


def _cell_views(a: AreaComparison, config: ScoringConfig, redact_by: Mapping[str, Redactor] | None,
                marks: Mapping[str, str]) -> dict[str, tuple[CellView, ...]]:
    points: dict[tuple[str, bool, str, str], float] = {}  # a cell's points depend on these four only
    cells: dict[str, tuple[CellView, ...]] = {}
    column_redactors = [redact_by[v] if redact_by else None for v in a.vendors]
    changes = [v.changes if v else None for v in a.versions]
    for r in a.rows:
        row = []
        for c, redact, changed in zip(r.cells, column_redactors, changes):
            key = (r.requirement.cls, c.required, c.priority, c.status)
            if key not in points:
                points[key] = score_row(c, config).points
            src = c.source or NO_ROW
            since = changed.cell_note(c.id) if changed else ""
            if redact is None:
                row.append(CellView(c.status, c.answer, src.raw_answer, src.timing, src.alternative, src.comment,
                                    src.cell, points[key], since))
            else:
                answer = marks[c.answer] if c.answer in marks else redact(src.raw_answer)
                row.append(CellView(c.status, c.answer, answer, redact(src.timing),
                                    redact(src.alternative), redact(src.comment), "", points[key], since))
        cells[r.requirement.id] = tuple(row)
    return cells


def _area_view(i: int, a: AreaComparison, weight: float, config: ScoringConfig,
               redact_by: Mapping[str, Redactor] | None, marks: Mapping[str, str]) -> AreaView:
    profile = a.results[0].profile
    rows = a.rows
    return AreaView(
        key=f"area-{i + 1}", area=a.spec.area, version=a.spec.version, spec_sha256=a.spec.sha256, weight=weight,
        profile=f"{isolate(profile.town)}（{isolate(profile.file)}、要求オプション {len(profile.required_options)} 件）"
        if profile else "なし（要求オプションなし）",
        requirements=len(rows), differ_rows=sum(r.differ for r in rows), gap_rows=sum(r.gap for r in rows),
        groups=tuple(GroupView(g.name, len(g.rows), g.differ_rows, g.gap_rows) for g in a.groups),
        files=() if redact_by is not None else tuple((v, f.file, f.sha256) for v, r in zip(a.vendors, a.results)
                                                     for f in r.response.sources),
        comparison=a, cells=_cell_views(a, config, redact_by, marks), town=isolate(a.town),
    )


# How ranks fall, as scoring.md §2 rules: said on the page and in the 採点基準 a committee signs (137 and 137.008 点
# both showing 85.63% and 1位 read as a preference of the vendor listed first).
TIES = "順位は小数第 2 位に四捨五入した総合得点で決め、同じ値は同順位として比較表の列の順に示します"


def _scoring_rules(cfg: ScoringConfig, areas: list[str], towns: tuple[TownView, ...]
                   ) -> tuple[tuple[str, str, str, float | str], ...]:
    """Every number the scores rest on: points per class and status, the weights, the knock-out rules."""
    mean = "団体の得点の加重平均" if towns else "総合得点の加重平均"
    return (*(("配点（1 要件あたり）", ROW_CLASS_LABELS[c], STATUS_LABELS[s], p) for c, by in cfg.points.items() for s, p in by.items()),
            *(("優先度の重み", ROW_CLASS_LABELS["required_option"], f"優先度 {k}", w) for k, w in cfg.priority_weights.items()),
            *(("業務の重み", a, mean, cfg.area_weights.get(a, 1.0)) for a in dict.fromkeys(areas)),
            *(("団体の重み", t.name, "総合得点の加重平均（丸める前の団体の得点で計算）", t.weight) for t in towns),
            *(("失格条件", "", r.described(len(areas), bool(towns)), "") for r in cfg.knockouts),
            ("順位", "", TIES, ""))


def bid_view(comparison: Comparison, scores: ScoreResult, generated_at: str, *, masked: bool,
             title: str = "", vocabulary: Vocabulary = DEFAULT_VOCABULARY, changes: BidChanges | None = None) -> BidView:
    """The view of *comparison*; *masked*, its answers are shown as the marks of the *vocabulary* they were read with
    (masked_marks). *changes*: since the previous comparison, its answers shown as the comparison's are."""
    cfg = scores.config
    columns = {v: [name for a in comparison.areas for name in (a.results[i].response.vendor, *a.results[i].response.own_names)]
               for i, v in enumerate(comparison.vendors)}
    if changes:  # the previous comparison's names too: a withdrawn vendor's in an answer shown as written (回答不正)
        for v in changes.vendors:
            if v.previous_vendor:
                columns.setdefault(v.vendor or WITHDRAWN, []).append(v.previous_vendor)
    redact_by = redactors(columns) if masked else None
    marks = masked_marks(vocabulary) if masked else {}
    areas = tuple(_area_view(i, a, s.weight, cfg, redact_by, marks)
                  for i, (a, s) in enumerate(zip(comparison.areas, scores.vendors[0].areas)))
    names = "、".join(dict.fromkeys(f"{a.area} {a.version}" for a in areas))
    items: list[tuple[str, str]] = [("ツール", f"{TOOL_NAME} {__version__}")]
    for a in areas:
        items.append((f"仕様書（{a.label}）", f"{a.area} {a.version}（sha256 {a.spec_sha256}）"))
        items.append((f"プロファイル（{a.label}）", a.profile))
        items += [(f"回答ファイル（{a.label}・{isolate(v)}）", f"{isolate(f)}（sha256 {h}）") for v, f, h in a.files]
    file = "" if cfg.name == own_scoring_name(cfg.file) else f"{isolate(cfg.file)}、"  # its name says it already
    items += [
        # the labels in use: 提案者1・提案者2… when vendors are already called A社 (compare_run)
        ("ベンダ名の表示", f"匿名化（{'・'.join(comparison.vendors[:2])}…。対応表は別ファイル）" if masked else "実名"),
        ("採点設定", f"{isolate(cfg.name)}（{file}sha256 {cfg.sha256}）" if cfg.file
         else f"{cfg.name}（組み込みの既定値）"),
        *([("前回の比較（--previous）", shown_time(changes.previous.generated_at)
            + ("" if masked else f"（{isolate(Path(changes.previous.file).name)}）"))] if changes else []),
        (CREATED, generated_at),
    ]
    ranking = scores.ranking
    shown = _town_views(comparison, ranking)

    def shown_answer(vendor: str, answer: str, raw: str) -> str:  # as _cell_views shows it
        return raw if redact_by is None else marks[answer] if answer in marks else redact_by[vendor](raw)

    changed = changes_view(changes, masked, shown_answer) if changes else None  # before redactions: it adds to them
    return BidView(
        title=title or f"{names} ベンダ比較" + (f"（共同調達: {'・'.join(t.name for t in shown)}）" if shown else ""),
        masked=masked, vendors=comparison.vendors, areas=areas,
        scores=tuple(_vendor_view(v, comparison) for v in ranking),
        statuses=tuple((s, STATUS_LABELS[s], STATUS_TONES[s]) for s in STATUSES),
        scoring_name=cfg.name,
        knockout_rules=tuple(r.described(len(areas), comparison.joint) for r in cfg.knockouts),
        scoring_rules=_scoring_rules(cfg, [a.area for a in areas], shown),
        provenance=Provenance(tuple(items)),
        redactions=tuple((v, found, label, n) for v, r in (redact_by or {}).items()
                         for (found, label), n in sorted(r.replaced.items())),
        towns=towns_label(towns) if (towns := {isolate(t): a for t, a in comparison.towns.items()}) else "",
        towns_notice="" if comparison.joint else towns_notice(towns),
        towns_shown=shown,
        changes=changed,
    )
