"""View models of a spec diff and of a carry-over: what the HTML and Excel renderers show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import TOOL_NAME, __version__
from ..analysis.carryover import BASIS_LABELS, Carryover
from ..analysis.specdiff import (CHANGE_KINDS, RENUMBER_THRESHOLD, ClassChange, HeadingRename, Paired, Segment,
                                 SpecDiff, place_label)
from ..errors import command_arg
from ..io.export import Table
from ..io.xlsx import text_width
from ..model import HEADING_LABELS, KIND_LABELS, Requirement, Spec
from ..normalize import ANSWER_LABELS, CLASS_LABELS, version_key
from ..bidi import isolate
from .provenance import Provenance

# The version's basis as a printed report says it: what was specified first, the option in brackets for the office
REPORT_BASIS_LABELS = {**BASIS_LABELS, "option": "指定した回答の版（--answered-version）",
                       "manifest": "マニフェストで指定した回答の版（answered_version）"}
SEGMENT_MARKS = {"insert": ("【追加:", "】"), "delete": ("【削除:", "】")}
REASON_LABELS = {"text": "本文変更", "name": "名称変更", "class": "区分変更", "kind": "種別変更"}
# the class change a town must budget for, under the classes' names as the 実装区分 column gives them
TO_MANDATORY = f"{CLASS_LABELS['optional']}→{CLASS_LABELS['mandatory']}"
# the class change that makes a vendor's ○ a violation: the Excel column that marks it
TO_PROHIBITED = f"{CLASS_LABELS['prohibited']}への変更"
# the flagged class changes, each a part of the class changes: their count's key and how a summary line names them
FLAGGED_CLASS_CHANGES = (("optional_to_mandatory", TO_MANDATORY), ("to_prohibited", f"→{CLASS_LABELS['prohibited']}"))
SECTION_LABELS = {
    "added": "追加", "removed": "削除", "text_changed": "本文変更", "name_changed": "名称変更",
    "class_changed": "区分変更", "kind_changed": "種別変更", "renamed_headings": "分類名の変更", "moved": "移動",
    "renumbered": "番号変更の可能性",
}
# what a count counts: requirements, but for the renamed headings
COUNT_UNITS = {"renamed_headings": "分類"}
# why the requirements counted do not add up to the new version's when a heading was renamed
RENAMED_ONLY_NOTE = "上位の分類の名前が変わっただけの要件は、「変更なし」にも「移動」にも数えません。"


def summary_text(counts: dict[str, int]) -> str:
    """A diff's counts in one line (`SpecDiff.counts()`): the console's, the history's and the demo's.
    The flagged class changes are a part of the class changes, so those not zero follow their count."""
    flagged = "、".join(f"{label} {counts[key]}" for key, label in FLAGGED_CLASS_CHANGES if counts[key])
    # every count is of requirements but those COUNT_UNITS names the unit of (the renamed headings')
    part = {**{k: f" {unit}" for k, unit in COUNT_UNITS.items()}, "class_changed": f"（うち {flagged}）" if flagged else ""}
    return "、".join(f"{SECTION_LABELS[k]} {counts[k]}{part.get(k, '')}" for k in CHANGE_KINDS)


# Unchanged runs longer than this around an edit are shortened in HTML (the full text stays one click
# away, and complete in Excel): a one-line edit in a 60-line requirement must be findable.
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Piece:
    """A piece of an inline diff as shown: a Segment's op (equal / insert / delete), or "elided"."""

    op: str
    text: str


def display_pieces(segments: tuple[Segment, ...], context: int = CONTEXT_CHARS) -> tuple[Piece, ...]:
    """The pieces shown in HTML: long unchanged runs cut to *context* characters around each edit."""
    out: list[Piece] = []
    last = len(segments) - 1
    for i, s in enumerate(segments):
        keep_head = context if i > 0 else 0  # text after the previous edit
        keep_tail = context if i < last else 0  # text before the next edit
        cut = len(s.text) - keep_head - keep_tail
        if s.op != "equal" and s.text.startswith("\n") and len(s.text) > 1:
            # An added or deleted line: its line break goes before the mark, so the 「追加」「削除」
            # label starts the line instead of hanging at the end of the previous one.
            out += [Piece("equal", "\n"), Piece(s.op, s.text[1:])]
            continue
        if s.op != "equal" or cut <= context:
            out.append(Piece(s.op, s.text))
            continue
        if keep_head:
            out.append(Piece("equal", s.text[:keep_head]))
        out.append(Piece("elided", f"…（{cut:,} 文字省略）…"))
        if keep_tail:
            out.append(Piece("equal", s.text[-keep_tail:]))
    return tuple(out)


def segments_text(segments: tuple[Segment, ...]) -> str:
    """An inline diff as plain text (for Excel): 【削除:…】 and 【追加:…】 around the changed parts.

    A text longer than EXCERPT_LINES shows only its changed parts, each with a little context and where it is
    (_excerpt): Excel shows no more of a cell than its row's 409 pt, and an edit on line 60 would never be seen.
    """
    whole = "".join(_marked(s) for s in segments)
    if _shown_lines(whole) <= EXCERPT_LINES:
        return whole
    excerpt = _excerpt(segments)
    return excerpt if _shown_lines(excerpt) < _shown_lines(whole) else whole


# A row of Excel is at most 409 pt high: ~21–27 lines of Calibri 11. A marked text up to this many lines is shown
# whole; a longer one by its changed parts.
EXCERPT_LINES = 20
_LINE_WIDTH = 58  # digits of text on a line of the 差分 column (60 wide, its padding aside): a longer line wraps


def _marked(s: Segment) -> str:
    start, end = SEGMENT_MARKS.get(s.op, ("", ""))
    return f"{start}{s.text}{end}"


def _shown_lines(text: str) -> int:
    """About how many lines *text* takes in the 差分 column, its long lines wrapped."""
    return sum(1 + max(text_width(line) - 1, 0) // _LINE_WIDTH for line in text.split("\n"))


def _excerpt(segments: tuple[Segment, ...], context: int = CONTEXT_CHARS) -> str:
    """The changed parts of a diff, each after a line of where it is in the old and new text (「（旧 60〜61 行目・新 60
    行目）」) and with up to *context* unchanged characters around it: whole lines when they fit, else cut mid-line
    and marked 「…」. Edits closer than 3 × *context* characters are shown together with the text between them."""
    hunks: list[str] = []
    at = begin = (1, 1)  # the old and new line at the start of the segment; of the shown hunk
    shown: list[str] | None = []  # the shown hunk's text; None between hunks
    last = len(segments) - 1
    for i, s in enumerate(segments):
        keep_head = context if i > 0 else 0  # text after the previous edit
        keep_tail = context if i < last else 0  # text before the next edit
        if s.op != "equal" or len(s.text) - keep_head - keep_tail <= context:
            shown = shown if shown is not None else []
            shown.append(_marked(s))
        else:
            if shown is not None and keep_head:
                end = _context_end(s.text, context)
                shown.append(s.text[:end] + ("" if s.text[end] == "\n" else "…"))
                hunks.append(_where(begin, _after(at, s.text[:end], "equal")) + "".join(shown))
            shown = None
            if keep_tail:
                start = _context_start(s.text, context)
                begin = _after(at, s.text[:start], "equal")
                shown = ["" if s.text[start - 1] == "\n" else "…", s.text[start:]]
        at = _after(at, s.text, s.op)
    if shown is not None:
        hunks.append(_where(begin, at) + "".join(shown))
    return "\n".join(hunks)


def _context_start(text: str, n: int) -> int:
    """Where the context before an edit starts in the unchanged *text* (longer than *n*): the first whole line within
    its last *n* characters, else *n* characters from its end."""
    cut = text.find("\n", len(text) - n - 1, len(text) - 1)
    return cut + 1 if cut >= 0 else len(text) - n


def _context_end(text: str, n: int) -> int:
    """Where the context after an edit ends in the unchanged *text* (longer than *n*): at the last line break within
    its first *n* characters, else after *n* characters."""
    cut = text.rfind("\n", 1, n + 1)
    return cut if cut >= 0 else n


def _after(at: tuple[int, int], text: str, op: str) -> tuple[int, int]:
    """The old and new line after *text* of a segment of *op* that starts on lines *at*."""
    n = text.count("\n")
    return at[0] + (n if op != "insert" else 0), at[1] + (n if op != "delete" else 0)


def _where(first: tuple[int, int], last: tuple[int, int]) -> str:
    """A hunk's lines as its first line: 「（3 行目）」 when the old and new text agree, else 「（旧 3〜4 行目・新 3 行目）」."""
    old, new = ((f"{a}" if a == b else f"{a}〜{b}") for a, b in zip(first, last))
    return f"（{old} 行目）\n" if old == new else f"（旧 {old} 行目・新 {new} 行目）\n"


def class_change_tone(change: ClassChange) -> str:
    """becomes_mandatory (alters bids) and becomes_prohibited (turns ○ into a violation) are shown as bad (red) besides
    their text label. Within one class, a transitional measure ended (its annotation gone) makes answers of 移行後対応
    unacceptable: a warning."""
    if change.becomes_mandatory or change.becomes_prohibited:
        return "bad"
    if change.from_cls == change.to_cls:
        return "info" if change.new.class_note else "warn"
    return "warn" if change.to_cls in ("mandatory", "prohibited") else "info"


@dataclass(frozen=True)
class ReqRow:
    id: str
    kind_label: str  # 機能要件 / 帳票要件: a 帳票 change is handled apart (its layout, its printed items)
    place: str
    name: str
    cls: str
    cls_label: str
    text: str

    @classmethod
    def of(cls, r: Requirement) -> "ReqRow":
        return cls(r.id, KIND_LABELS[r.kind], place_label(r), r.name, r.cls, r.class_label, r.text)


@dataclass(frozen=True)
class TextRow:
    req: ReqRow
    old_text: str
    similarity: float
    segments: tuple[Segment, ...]
    shown: tuple[Piece, ...]  # segments with long unchanged runs elided (HTML)

    @property
    def elided(self) -> bool:
        return any(p.op == "elided" for p in self.shown)


@dataclass(frozen=True)
class ClassRow:
    req: ReqRow
    from_cls: str
    from_label: str
    to_cls: str
    to_label: str
    becomes_mandatory: bool
    becomes_prohibited: bool
    tone: str

    @property
    def alert_change(self) -> str:
        """The change said as 要注意 (its classes' names, annotations aside), "" for the others."""
        if self.becomes_mandatory:
            return TO_MANDATORY
        return f"{CLASS_LABELS[self.from_cls]}→{CLASS_LABELS['prohibited']}" if self.becomes_prohibited else ""

    @property
    def alert(self) -> str:
        return f"要注意: {change}" if (change := self.alert_change) else ""

    @classmethod
    def of(cls, c: ClassChange) -> "ClassRow":
        return cls(ReqRow.of(c.new), c.from_cls, c.old.class_label, c.to_cls, c.new.class_label,
                   c.becomes_mandatory, c.becomes_prohibited, class_change_tone(c))


@dataclass(frozen=True)
class MoveRow:
    req: ReqRow
    from_place: str
    to_place: str


@dataclass(frozen=True)
class HeadingRow:
    """A heading renamed: said once, not as a move of each requirement under it."""

    kind_label: str
    level_label: str  # 大項目 / 中項目 / 小項目
    parent: str  # the headings above it, "" for a 大項目
    old_name: str
    new_name: str
    count: int  # its requirements now under the new name

    @classmethod
    def of(cls, r: HeadingRename) -> "HeadingRow":
        level = HEADING_LABELS[r.level] if r.level < len(HEADING_LABELS) else f"第{r.level + 1}階層"
        return cls(KIND_LABELS[r.kind], level, " / ".join(r.parent), r.old_name, r.new_name, len(r.ids))


@dataclass(frozen=True)
class NameRow:
    req: ReqRow
    from_name: str


@dataclass(frozen=True)
class KindRow:
    req: ReqRow
    from_kind: str
    to_kind: str
    from_place: str

    @classmethod
    def of(cls, c: Paired) -> "KindRow":
        return cls(ReqRow.of(c.new), KIND_LABELS[c.old.kind], KIND_LABELS[c.new.kind], place_label(c.old))

    @property
    def label(self) -> str:
        return f"{self.from_kind}→{self.to_kind}"


@dataclass(frozen=True)
class RenumberRow:
    old: ReqRow
    new: ReqRow
    similarity: float


@dataclass(frozen=True)
class SpecDiffView:
    title: str
    area: str
    old_version: str
    new_version: str
    counts: tuple[tuple[str, str, int, str], ...]  # key, label, count, unit (COUNT_UNITS)
    unchanged: int
    to_mandatory: int
    to_prohibited: int
    threshold: float
    added: tuple[ReqRow, ...]
    removed: tuple[ReqRow, ...]
    text_changed: tuple[TextRow, ...]
    name_changed: tuple[NameRow, ...]
    class_changed: tuple[ClassRow, ...]
    kind_changed: tuple[KindRow, ...]
    renamed_headings: tuple[HeadingRow, ...]
    moved: tuple[MoveRow, ...]
    renumbered: tuple[RenumberRow, ...]
    warnings: tuple[str, ...]
    provenance: Provenance

    @property
    def count_note(self) -> str:
        """What the summary adds under its counts: RENAMED_ONLY_NOTE when a heading was renamed, else ""."""
        return RENAMED_ONLY_NOTE if self.renamed_headings else ""

    def tables(self) -> list[Table]:
        """The workbook: 概要 then one sheet per kind of change (header row 1, one table per sheet)."""
        summary: list[list[Any]] = [["業務", self.area]]
        summary += [["注意", w] for w in self.warnings]
        for key, label, n, unit in self.counts:
            summary.append([f"{'件数' if unit == '件' else f'{unit}の数'}: {label}", n])
            if key == "class_changed":  # parts of the class changes, named as the columns of its sheet
                summary += [[f"うち {TO_MANDATORY}", self.to_mandatory], [f"うち {TO_PROHIBITED}", self.to_prohibited]]
        summary.append(["件数: 変更なし", self.unchanged])
        summary += [["件数の注記", self.count_note]] if self.count_note else []
        summary.append(["番号変更の判定基準（類似度）", self.threshold])
        summary += self.provenance.sheet_rows()
        req_head = ["ID", "種別", "項番・分類", "名称", "実装区分", "要件"]
        req_widths = [10, 10, 16, 28, 16, 80]
        return [
            Table("概要", ["項目", "値"], summary, [32, 70]),
            Table("追加", req_head, ([r.id, r.kind_label, r.place, r.name, r.cls_label, r.text] for r in self.added),
                  req_widths),
            Table("削除", req_head, ([r.id, r.kind_label, r.place, r.name, r.cls_label, r.text] for r in self.removed),
                  req_widths),
            Table("本文変更", ["ID", "種別", "項番・分類", "名称", "実装区分", "類似度", "差分", "旧本文", "新本文"],
                  ([t.req.id, t.req.kind_label, t.req.place, t.req.name, t.req.cls_label, t.similarity,
                    segments_text(t.segments), t.old_text, t.req.text] for t in self.text_changed),
                  [10, 10, 16, 28, 16, 8, 60, 50, 50]),
            Table("名称変更", ["ID", "種別", "項番・分類", "旧名称", "新名称", "実装区分"],
                  ([n.req.id, n.req.kind_label, n.req.place, n.from_name, n.req.name, n.req.cls_label]
                   for n in self.name_changed), [10, 10, 16, 30, 30, 16]),
            Table("区分変更", ["ID", "種別", "項番・分類", "名称", "旧実装区分", "新実装区分", TO_MANDATORY, TO_PROHIBITED],
                  ([c.req.id, c.req.kind_label, c.req.place, c.req.name, c.from_label, c.to_label,
                    "該当" if c.becomes_mandatory else "", "該当" if c.becomes_prohibited else ""]
                   for c in self.class_changed), [10, 10, 16, 28, 18, 18, 18, 16]),
            Table("種別変更", ["ID", "名称", "旧種別", "新種別", "旧位置", "新位置", "実装区分"],
                  ([k.req.id, k.req.name, k.from_kind, k.to_kind, k.from_place, k.req.place, k.req.cls_label]
                   for k in self.kind_changed), [10, 28, 12, 12, 30, 30, 16]),
            Table("分類名の変更", ["種別", "階層", "上位の分類", "旧名称", "新名称", "要件数"],
                  ([h.kind_label, h.level_label, h.parent, h.old_name, h.new_name, h.count]
                   for h in self.renamed_headings), [10, 10, 30, 30, 30, 10]),
            Table("移動", ["ID", "名称", "旧位置", "新位置"],
                  ([m.req.id, m.req.name, m.from_place, m.to_place] for m in self.moved), [10, 28, 30, 30]),
            Table("番号変更の可能性", ["旧ID", "新ID", "類似度", "旧名称", "新名称", "旧本文", "新本文"],
                  ([r.old.id, r.new.id, r.similarity, r.old.name, r.new.name, r.old.text, r.new.text]
                   for r in self.renumbered), [10, 10, 8, 28, 28, 50, 50]),
        ]


def source_files(spec: Spec) -> str:
    """The workbooks *spec* was read from, as its provenance shows them (each name isolated: bidi.isolate)."""
    return "、".join(f"{isolate(s.file)}（sha256 {s.sha256[:12]}…）" for s in spec.sources) or "—"


def _spec_items(label: str, spec: Spec) -> tuple[tuple[str, str], ...]:
    return ((label, f"{spec.area} {spec.version}（{len(spec.requirements)} 件）"),
            (f"{label} sha256", spec.sha256 or "—"), (f"{label}の出典", source_files(spec)))


def diff_warnings(d: SpecDiff, stored: tuple[bool, bool]) -> list[str]:
    """What in a diff looks like a mistake in what was compared rather than a change of the spec.

    *stored*: whether the old and the new side were given as a stored version (業務@版, or a .json) rather
    than as workbooks. The file a stored version lacks is added by importing it again: spec diff takes
    two workbooks for a side, but not a stored version and a workbook.
    """
    out = []
    for kind, side, n in d.one_sided_kinds():
        label = KIND_LABELS[kind]
        lacking, having = (("新版", "旧版"), ("旧版", "新版"))[side == "old"]
        spec = d.new if side == "new" else d.old
        shown = "削除" if side == "new" else "追加"
        both = f"両方の Excel ファイルを指定して比較し直してください（hyojun spec diff の --{side} を2回指定）"
        if stored[("old", "new").index(side)]:
            files = " ".join(command_arg(s.file) for s in spec.sources)
            both = (f"{spec.version} を両方のファイルで取り込み直してください（hyojun spec import {files} {label}のファイル "
                    f"--replace）。取り込み直さずに比べるなら、{both}")
        out.append(f"{lacking}（{spec.version}）に{label}が1件もないため、{having}の{label} {n} 件がすべて「{shown}」になっています。"
                   f"{label}が別のファイルなら、{both}")
    if version_key(d.old.version) > version_key(d.new.version):
        out.append(f"旧版（{d.old.version}）が新版（{d.new.version}）より新しい版です。"
                   "順序が逆なら、追加と削除などが入れ替わって表示されています（OLD NEW の順に指定してください）")
    return out


def specdiff_view(d: SpecDiff, generated_at: str, warnings: Sequence[str]) -> SpecDiffView:
    """*warnings*: diff_warnings(), as the console showed them."""
    old, new = d.old, d.new
    prov = Provenance((
        ("ツール", f"{TOOL_NAME} {__version__}"), *_spec_items("旧版", old), *_spec_items("新版", new),
        ("番号変更の判定基準", f"本文の類似度 {RENUMBER_THRESHOLD} 以上（NFKC 正規化・空白除去後の文字単位）"),
        ("作成日時", generated_at),
    ))
    counts = d.counts()
    return SpecDiffView(
        title=f"{new.area} {old.version} → {new.version} 仕様書の差分",
        area=new.area, old_version=old.version, new_version=new.version,
        counts=tuple((k, SECTION_LABELS[k], counts[k], COUNT_UNITS.get(k, "件")) for k in CHANGE_KINDS),
        unchanged=d.unchanged, to_mandatory=counts["optional_to_mandatory"], to_prohibited=counts["to_prohibited"],
        threshold=RENUMBER_THRESHOLD,
        added=tuple(ReqRow.of(r) for r in d.added), removed=tuple(ReqRow.of(r) for r in d.removed),
        text_changed=tuple(TextRow(ReqRow.of(t.new), t.old.text, t.similarity, t.segments, display_pieces(t.segments))
                           for t in d.text_changed),
        name_changed=tuple(NameRow(ReqRow.of(n.new), n.old.name) for n in d.name_changed),
        class_changed=tuple(ClassRow.of(c) for c in d.class_changed),
        kind_changed=tuple(KindRow.of(k) for k in d.kind_changed),
        renamed_headings=tuple(HeadingRow.of(h) for h in d.renamed_headings),
        moved=tuple(MoveRow(ReqRow.of(m.new), place_label(m.old), place_label(m.new)) for m in d.moved),
        renumbered=tuple(RenumberRow(ReqRow.of(r.old), ReqRow.of(r.new), r.similarity) for r in d.renumbered),
        warnings=tuple(warnings), provenance=prov,
    )


# --- carry-over section of the gap report ---------------------------------------------------


@dataclass(frozen=True)
class ReconfirmRow:
    req: ReqRow
    reasons: str  # 本文変更・名称変更・区分変更・種別変更
    class_change: ClassRow | None
    segments: tuple[Segment, ...]  # empty when the text did not change
    shown: tuple[Piece, ...]  # segments with long unchanged runs elided (HTML)
    raw_answer: str
    answer_label: str
    cell: str
    old_name: str  # when the name changed, else ""
    kind_change: str  # 機能要件→帳票要件, else ""

    @property
    def details(self) -> str:
        """Every change as plain text (Excel): name, kind, class, then the text diff."""
        parts = [f"名称: {self.old_name}→{self.req.name}" if self.old_name else "",
                 f"種別: {self.kind_change}" if self.kind_change else "",
                 f"区分: {self.class_change.from_label}→{self.class_change.to_label}" if self.class_change else "",
                 segments_text(self.segments)]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class OrphanRow:
    req: ReqRow  # as in the version answered
    raw_answer: str
    answer_label: str
    cell: str
    renumbered_to: str
    similarity: float | None


def carryover_labels(answered: str, checked: str) -> tuple[str, str]:
    """What to call the answers to requirements the checked version lacks, and its requirements the answered one
    lacks: removed and new when the answers are older (the usual case), by version when they are newer."""
    if version_key(answered) > version_key(checked):
        return f"{checked} にない要件への回答", f"{answered} にない要件（未回答）"
    return "削除された要件への回答", "新しい要件（未回答）"


@dataclass(frozen=True)
class CarryoverView:
    answered_version: str
    spec_version: str
    basis_label: str
    reconfirm: tuple[ReconfirmRow, ...]
    orphaned: tuple[OrphanRow, ...]
    new_unanswered: tuple[ReqRow, ...]

    @property
    def labels(self) -> tuple[str, str]:
        return carryover_labels(self.answered_version, self.spec_version)

    def table(self) -> Table:
        """One sheet for the gap workbook: every item to act on, one row each, with its kind."""
        rows: list[list[Any]] = []
        rows += [["再確認", r.req.id, r.req.name, r.req.cls_label, r.reasons,
                  r.class_change.alert_change if r.class_change else "", r.raw_answer, r.cell, r.details]
                 for r in self.reconfirm]
        orphaned, new = self.labels
        rows += [[orphaned, o.req.id, o.req.name, o.req.cls_label, "", "", o.raw_answer, o.cell,
                  f"番号変更の可能性: {o.renumbered_to}（類似度 {o.similarity}）" if o.renumbered_to else ""]
                 for o in self.orphaned]
        rows += [[new, r.id, r.name, r.cls_label, "", "", "", "", r.text] for r in self.new_unanswered]
        return Table("版の違いによる再確認",
                     ["種類", "ID", "名称", "実装区分", "変更内容", "要注意", "回答（原文）", "回答セル", "詳細"], rows,
                     [22, 10, 28, 16, 16, 18, 10, 16, 70])


def carryover_view(c: Carryover) -> CarryoverView:
    reconfirm = []
    for r in c.reconfirm:
        reconfirm.append(ReconfirmRow(
            req=ReqRow.of(r.requirement), reasons="・".join(REASON_LABELS[x] for x in r.reasons),
            class_change=ClassRow.of(r.class_change) if r.class_change else None,
            segments=r.text_change.segments if r.text_change else (),
            shown=display_pieces(r.text_change.segments) if r.text_change else (),
            raw_answer=r.answer.raw_answer, answer_label=ANSWER_LABELS.get(r.answer.answer, ""), cell=r.answer.cell,
            old_name=r.name_change.old.name if r.name_change else "",
            kind_change=KindRow.of(r.kind_change).label if r.kind_change else ""))
    orphaned = tuple(OrphanRow(ReqRow.of(o.requirement), o.answer.raw_answer, ANSWER_LABELS.get(o.answer.answer, ""),
                               o.answer.cell, o.renumbered_to.new.id if o.renumbered_to else "",
                               o.renumbered_to.similarity if o.renumbered_to else None) for o in c.orphaned)
    return CarryoverView(c.answered.version, c.spec.version, REPORT_BASIS_LABELS[c.answered.basis], tuple(reconfirm),
                         orphaned, tuple(ReqRow.of(r) for r in c.new_unanswered))
