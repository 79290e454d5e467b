"""View model of one gap result: everything the HTML, Excel and CSV renderers show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, ClassVar, NamedTuple

from .. import TOOL_NAME, __version__
from ..analysis.carryover import Carryover, VersionChanges, lacking
from ..analysis.gap import (EXTRA_STATUSES, NO_ROW, STATUS_LABELS, STATUS_TONES, STATUSES, VERDICT_LABELS,
                            GapResult, coverage_points)
from ..io.export import Table, label_width
from ..io.formulas import formula_rule
from ..io.xlsx import Percent
from ..model import KIND_LABELS, Spec
from ..normalize import ANSWER_LABELS, CLASS_LABELS, version_key
from ..paths import file_name_part
from ..bidi import isolate
from .lint_view import LINT_COLUMNS, LintRow, in_sheet_order, lint_rows, lint_table
from .provenance import CREATED, Provenance
from .specdiff_view import REASON_LABELS, source_files

# The statuses counted on the group rows of the HTML table (「必須機能の未対応 3 件」), most serious first: those that need
# action, under their STATUS_LABELS (the names the 状態 column and the filter give them)
BADGE_STATUSES = ("prohibited_violation", "mandatory_gap", "optional_gap", "invalid_answer", "unanswered",
                  "mandatory_deferred")
VERDICT_REASONS = {
    "non_conformant": "必須機能の未対応または実装不可機能の実装があります。",
    "conditional": "必須機能の移行後対応（経過措置）、未回答または回答不正があります。確認が必要です。",
    "conformant": "必須機能はすべて対応済みで、実装不可機能の実装もありません。",
}


class RowView(NamedTuple):
    """One row of the requirement table. A tuple whose first fields are the HTML table's, in its order
    (_TABLE_FIELDS): a row of the table's data is then one slice, a third of the time of 22 attribute lookups."""

    id: str
    kind: str
    cls: str  # the HTML filters on it and shows cls_label, which carries the annotation (実装必須機能（経過措置））
    cls_label: str
    status: str
    answer: str
    raw_answer: str
    cell: str
    spec_cell: str  # sheet!A1 of the requirement in the spec workbook
    group: str
    section: str  # the 大項目 as grouped and filtered on screen: forms without one get their own group, not a blank
    subgroup: str
    minor: str
    number: str
    name: str
    text: str
    note: str
    timing: str
    alternative: str
    comment: str
    priority: str  # 高/中/低 for a required option, else ""
    reconfirm: str  # what changed since the version answered (本文変更・区分変更, 新しい要件), with --answered-version
    # not in the HTML table, which looks labels up in tables it holds once
    status_label: str
    tone: str
    answer_label: str
    kind_label: str


# Row fields embedded in the HTML table: RowView's first fields.
_TABLE_FIELDS = RowView._fields[:RowView._fields.index("reconfirm") + 1]
_TABLE_ROW = itemgetter(slice(0, len(_TABLE_FIELDS)))


# Columns of the rows sheet and the CSV (and of the HTML's own CSV export).
ROW_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("ID", "id", 10), ("種別", "kind_label", 9), ("実装区分", "cls_label", label_width(CLASS_LABELS.values())),
    ("状態", "status_label", label_width(STATUS_LABELS.values())), ("状態コード", "status", label_width(STATUS_LABELS)),
    ("回答（原文）", "raw_answer", 10), ("回答区分", "answer_label", label_width(ANSWER_LABELS.values())),
    ("回答セル", "cell", 16), ("大項目", "group", 16), ("中項目", "subgroup", 16), ("小項目", "minor", 16), ("項番", "number", 9),
    ("名称", "name", 28), ("要件", "text", 60), ("仕様の備考", "note", 20), ("対応時期", "timing", 12),
    ("代替案", "alternative", 30), ("ベンダ備考", "comment", 30), ("要求オプション（優先度）", "priority", 12),
)
# Only in a check of answers made against another spec version (a column of blanks otherwise).
RECONFIRM_COLUMN = ("再確認（版の変更）", "reconfirm", 18)
NEW_UNANSWERED = "新しい要件"  # as the carry-over section and the answer template say
_REASONS_SEPARATOR = "・"  # between a row's changes: 本文変更・区分変更 (the table's filter offers each)


@dataclass(frozen=True)
class GapView:
    title: str
    area: str
    version: str
    vendor: str
    file: str
    verdict: str
    verdict_label: str
    coverage: float
    counts: tuple[tuple[str, str, str, int], ...]  # status, label, tone, count
    class_counts: tuple[tuple[str, str, int, int], ...]  # class, label, total, conformant
    unknown_ids: int
    duplicate_ids: int
    requirements: int
    rows: tuple[RowView, ...]
    lint: tuple[LintRow, ...]
    provenance: Provenance
    profile: str
    verdict_reason: str = ""
    # under the reason, when answers to another version are checked: how many of the rows that make the verdict
    # 不適合 answer a requirement whose class changed since (a right answer then, counted as given)
    verdict_note: str = ""
    answered_version: str = ""  # the version the answers were made against, when it is not the checked one

    lint_columns: ClassVar[tuple[str, ...]] = LINT_COLUMNS

    @property
    def extra_counts(self) -> tuple[tuple[str, str, int, str], ...]:
        """The rows beyond the requirements (status, label, count, unit): ids the spec lacks, counted once each,
        and the repeated rows of an id."""
        return (("unknown_id", STATUS_LABELS["unknown_id"], self.unknown_ids, "件"),
                ("duplicate_id", STATUS_LABELS["duplicate_id"], self.duplicate_ids, "行"))

    @property
    def row_columns(self) -> tuple[tuple[str, str, int], ...]:
        return ROW_COLUMNS + (RECONFIRM_COLUMN,) if self.answered_version else ROW_COLUMNS

    def rows_table(self) -> Table:
        """The requirement rows as the Excel sheet and the CSV have them: its rows a list, so one table serves both."""
        columns = self.row_columns
        return Table("要件別結果", [c[0] for c in columns],
                     list(map(attrgetter(*(c[1] for c in columns)), self.rows)), [c[2] for c in columns], freeze_cols=1)

    def summary_table(self) -> Table:
        _, _, mandatory, conformant = next(c for c in self.class_counts if c[0] == "mandatory")
        rows: list[list[Any]] = [
            ["判定", self.verdict_label], ["判定コード", self.verdict],
            *([["判定の注記", self.verdict_note]] if self.verdict_note else []),
            # the figure every other output shows (rounded down to 0.1 %), with what it is computed from
            ["必須機能の適合率", Percent(round(coverage_points(self.coverage) / 100, 3))],
            ["必須の要件数", mandatory], ["適合した必須の要件数", conformant], ["要件数", self.requirements]]
        rows += [[f"件数: {label}", n] for _, label, _, n in self.counts]
        rows += [[f"{label}（{unit}）", n] for _, label, n, unit in self.extra_counts]
        rows += self.provenance.sheet_rows()
        return Table("概要", ["項目", "値"], rows, [28, 70])

    def table_config(self) -> dict[str, Any]:
        """The interactive requirement table (static/report.js): rows once, as arrays, plus what to show.

        Labels travel once in lookup tables instead of per row, so a 20,000-row report stays small.
        """
        # each a column taken by a map in C: a generator over the rows per question cost as much as the rows' data
        present = set(map(attrgetter("status"), self.rows))
        statuses = STATUSES + tuple(s for s in EXTRA_STATUSES if s in present)
        classes = [(c, CLASS_LABELS[c]) for c in ("mandatory", "optional", "prohibited")]
        if "" in map(attrgetter("cls"), self.rows):
            classes.append(("", STATUS_LABELS["unknown_id"]))  # the only rows without a class
        sections = list(dict.fromkeys(map(attrgetter("section"), self.rows)))
        reconfirm = self._reconfirm_facet()
        return {
            "caption": "要件ごとの状態とベンダ回答",
            "fields": list(_TABLE_FIELDS),
            "rows": list(map(_TABLE_ROW, self.rows)),
            "labels": {"status": {s: STATUS_LABELS[s] for s in statuses},
                       "kind": dict(KIND_LABELS), "answer": dict(ANSWER_LABELS)},
            "tones": {"status": {s: STATUS_TONES[s] for s in statuses}},
            "facets": [
                {"field": "status", "label": "状態", "type": "checkbox", "options": [[s, STATUS_LABELS[s]] for s in statuses]},
                {"field": "cls", "label": "実装区分", "type": "checkbox", "options": [list(c) for c in classes]},
                {"field": "section", "label": "大項目", "type": "select", "all": "すべての大項目",
                 "options": [[s, s] for s in sections]},
                *([reconfirm] if reconfirm else []),
            ],
            "presets": [{"label": "対応が必要な行だけ表示", "field": "status",
                         "values": [s for s in statuses if s in BADGE_STATUSES]},
                        *([{"label": "再確認が必要な行だけ表示", "field": "reconfirm",
                            "values": [v for v, _ in reconfirm["options"] if v]}] if reconfirm else [])],
            "search": {"fields": ["id", "name", "text", "comment", "alternative"], "label": "キーワード検索",
                       "placeholder": "ID・名称・要件・ベンダ備考・代替案"},
            "groups": [{"field": "section", "label": "大項目"}, {"field": "subgroup", "label": "中項目"}],
            "badges": {"field": "status", "values": [[s, STATUS_LABELS[s]] for s in BADGE_STATUSES]},
            "columns": [
                {"field": "id", "label": "ID", "type": "key", "width": "8.2em", "sort": True},
                {"field": "cls_label", "label": "実装区分", "type": "text", "width": "8em", "sort": True},
                {"field": "status", "label": "状態", "type": "chip", "width": "12em", "sort": True},
                {"field": "raw_answer", "label": "回答", "type": "text", "width": "4.5em", "sort": True,
                 "empty": "（空欄）"},
                {"field": "name", "label": "名称・要件", "type": "title", "sub": "text", "sort": True},
                {"field": "timing", "label": "対応時期", "type": "text", "width": "6.5em", "sort": True},
                {"field": "alternative", "label": "代替案・ベンダ備考", "type": "pairs", "width": "24%", "sort": True,
                 "fields": [["alternative", "代替案"], ["comment", "備考"]]},
                *([{"field": "reconfirm", "label": "再確認", "type": "text", "width": "6.5em", "sort": True}]
                  if reconfirm else []),
                {"field": "cell", "label": "回答セル", "type": "mono", "width": "7.5em", "sort": True},
            ],
            "detail": [["text", "要件（全文）"], ["note", "仕様の備考"], ["raw_answer", "回答（原文）"],
                       ["answer_label", "回答区分"], ["timing", "対応時期"], ["alternative", "代替案"],
                       ["comment", "ベンダ備考"], ["cell", "回答セル"], ["spec_cell", "仕様書のセル"],
                       ["kind_label", "種別"], ["section", "大項目"], ["subgroup", "中項目"], ["minor", "小項目"], ["number", "項番"],
                       ["priority", "要求オプション（優先度）"], ["reconfirm", RECONFIRM_COLUMN[0]]],
            "csv": {"columns": [[label, key] for label, key, _ in self.row_columns],
                    "filename": file_name_part(f"{self.area}_{self.version}_{self.vendor}_表示中の行.csv"),
                    "formula": formula_rule()},
        }

    def _reconfirm_facet(self) -> dict[str, Any] | None:
        """An option per change (本文変更, 区分変更 …, 新しい要件): a row's 本文変更・区分変更 matches either, as a row is
        asked to be re-confirmed for each (its combinations as options had to be ticked all to see every 区分変更)."""
        if not self.answered_version:
            return None
        found = dict.fromkeys(p for r in self.rows if r.reconfirm for p in r.reconfirm.split(_REASONS_SEPARATOR))
        known = [label for label in REASON_LABELS.values() if label in found]
        return {"field": "reconfirm", "label": f"{self.answered_version}からの変更", "type": "checkbox",
                "separator": _REASONS_SEPARATOR,
                "options": [["", "変更なし"], *([v, v] for v in [*known, *(v for v in found if v not in known)])]}

    def lint_table(self) -> Table:
        return lint_table(self.lint)


def _verdict_note(result: GapResult, carryover: Carryover | None) -> str:
    """Which of the rows that make the verdict 不適合 answer a requirement whose class changed since the version
    answered ("" when none): a perfect answer to that version reads as offering a forbidden function otherwise. Per
    status, with its ids (VersionChanges.class_note)."""
    if carryover is None:
        return ""
    changes = VersionChanges.of(carryover)
    counted = []
    for status in ("mandatory_gap", "prohibited_violation"):
        rows = [r.id for r in result.rows if r.status == status]
        counted.append((f"{STATUS_LABELS[status]} {len(rows):,} 件のうち", changes.class_changed(rows)))
    note = changes.class_note(counted)
    return f"{note}。" if note else ""


def _reconfirm_labels(carryover: Carryover | None) -> dict[str, str]:
    """id → what a row's answer must be re-confirmed for, when the answers were made against another version."""
    if carryover is None:
        return {}
    labels = {r.id: _REASONS_SEPARATOR.join(REASON_LABELS[x] for x in r.reasons) for r in carryover.reconfirm}
    # answers to a newer version checked against an older one: its requirements are not new, the answered version lacks them
    answered = carryover.answered.version
    missing = lacking(answered) if version_key(answered) > version_key(carryover.spec.version) else NEW_UNANSWERED
    labels.update((r.id, missing) for r in carryover.new_unanswered)
    return labels


# What a row shows of its requirement, by id: kind, cls, cls_label, group, section, subgroup, minor, number, name,
# text, note, spec_cell, kind_label.
_RequirementFields = dict[str, tuple[str, str, str, str, str, str, str, str, str, str, str, str, str]]
_last_spec: tuple[Spec, _RequirementFields] | None = None


def _requirement_fields(spec: Spec) -> _RequirementFields:
    """The requirement's half of every row, kept for the last spec: a batch checks an area's answer files one after
    another (a worker an area's chunk), and taking the labels and groups (properties of Requirement) row by row was
    a fifth of the view; the spec's next answer files only look them up. One spec only: little memory held."""
    global _last_spec
    last = _last_spec
    if last is not None and last[0] is spec:
        return last[1]
    fields: _RequirementFields = {
        q.id: (q.kind, q.cls, q.class_label, q.group, q.group or ("帳票要件" if q.kind == "form" else "（大項目なし）"),
               q.subgroup, q.minor, q.number, q.name, q.text, q.note, q.source, KIND_LABELS.get(q.kind, ""))
        for q in spec.requirements}
    _last_spec = (spec, fields)
    return fields


def gap_view(result: GapResult, generated_at: str, carryover: Carryover | None = None) -> GapView:
    """*carryover*: the answers were made against another version; each row says what changed since."""
    spec, resp = result.spec, result.response
    reconfirm = _reconfirm_labels(carryover)
    rows = []
    by_id = _requirement_fields(spec)
    for r in result.rows:
        req, src = r.requirement, r.source or NO_ROW
        if req is not None:
            kind, cls, cls_label, group, section, subgroup, minor, number, name, text, note, spec_cell, kind_label = (
                by_id[req.id])
        else:  # an id the spec does not have: only the vendor's own name for it
            kind = cls = cls_label = subgroup = minor = number = text = note = spec_cell = kind_label = ""
            group = section = STATUS_LABELS["unknown_id"]
            name = src.name
        rows.append(RowView(
            r.id, kind, cls, cls_label, r.status, r.answer, src.raw_answer, src.cell, spec_cell, group, section,
            subgroup, minor, number, name, text, note, src.timing, src.alternative, src.comment, r.priority,
            "" if r.status in EXTRA_STATUSES else reconfirm.get(r.id, ""),  # a duplicate row's answer is not the one read
            STATUS_LABELS[r.status], STATUS_TONES[r.status], ANSWER_LABELS.get(r.answer, ""), kind_label))
    # one pass over the rows for the three classes (a pass each was ~10 % of this function)
    met = Counter(r.requirement.cls for r in result.requirement_rows
                  if r.status in ("conformant", "optional_offered") and r.requirement)
    class_counts = tuple((cls, CLASS_LABELS[cls], spec.count(cls=cls), met[cls])
                         for cls in ("mandatory", "optional", "prohibited"))
    profile = result.profile
    prov = Provenance((
        ("ツール", f"{TOOL_NAME} {__version__}"),
        ("仕様書", f"{spec.area} {spec.version}"),
        ("仕様書 sha256", spec.sha256),
        ("仕様書の出典", source_files(spec)),
        ("ベンダ", resp.vendor),
        ("回答ファイル", resp.file),
        ("回答ファイル sha256", resp.hashes),
        ("プロファイル", f"{isolate(profile.town)}（{isolate(profile.file)}）" if profile
         else "なし（要求オプションなし）"),
        ("プロファイル sha256", profile.sha256 if profile else "—"),
        (CREATED, generated_at),
    ))
    return GapView(
        title=f"{spec.area} {spec.version} 適合チェック結果 — {resp.vendor}",
        area=spec.area, version=spec.version, vendor=resp.vendor, file=resp.file,
        verdict=result.verdict, verdict_label=VERDICT_LABELS[result.verdict], coverage=result.mandatory_coverage,
        counts=tuple((s, STATUS_LABELS[s], STATUS_TONES[s], result.status_counts[s]) for s in STATUSES),
        class_counts=class_counts, unknown_ids=result.unknown_ids, duplicate_ids=result.duplicate_ids,
        requirements=len(spec.requirements), rows=tuple(rows),
        lint=lint_rows(in_sheet_order(result.lint, resp.sheets)),  # numbered as lint numbers them
        provenance=prov, profile=profile.town if profile else "",
        verdict_reason=VERDICT_REASONS[result.verdict], verdict_note=_verdict_note(result, carryover),
        answered_version=carryover.answered.version if carryover else "",
    )
