"""Carry vendor answers made against one spec version over to another.

Answers are mapped onto the checked spec by id (the gap check does that already). What a
version change adds is the list of what cannot be trusted as it stands:

- answers to re-confirm: the id exists in both versions but its text, name, class (with its
  annotation: a 経過措置 added or ended) or kind (機能要件 / 帳票要件) changed;
- orphaned answers: the id was removed (the gap check reports them as unknown ids);
- new requirements with no answer: added in the checked version, and not answered.

A blank answer cell counts as no answer, as in the gap check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import UsageError, joined_at_most
from ..model import CODE_LABELS, Answer, Requirement, Response, Spec
from ..normalize import version_arg, version_key
from .specdiff import ClassChange, KindChange, NameChange, Paired, Renumbering, SpecDiff, TextChange

Basis = Literal["option", "manifest", "declared", "file_name", "unknown_ids"]
BASIS_LABELS: dict[str, str] = {
    "option": "--answered-version の指定",
    "manifest": "マニフェストの answered_version",
    "declared": "回答ファイルの表題に書かれた版",
    "file_name": "回答ファイル名に書かれた版",
    "unknown_ids": f"{CODE_LABELS['unknown-id']}が旧版の要件と一致",
}
# The same in what is sent back to a vendor (findings, the 差し戻し workbook): the office's option or manifest
# is not the vendor's to know of
VENDOR_BASIS_LABELS: dict[str, str] = {**BASIS_LABELS, "option": "団体が指定した版", "manifest": "団体が指定した版"}

# Detection from ids needs at least this many answered ids that the checked spec does not
# know but a stored version does: one stray id (a typo, a vendor's own extra row) is not
# "many" and must not switch the comparison to another version.
MIN_UNKNOWN_IDS = 2


@dataclass(frozen=True)
class AnsweredVersion:
    version: str
    basis: Basis

    @property
    def text(self) -> str:
        """What check and lint say of it on the console."""
        return f"回答は {self.version} に対するもの（{BASIS_LABELS[self.basis]}）"


@dataclass(frozen=True)
class Reconfirm:
    """An answer given to a requirement whose text, name, class or kind changed since the version answered."""

    answer: Answer
    text_change: TextChange | None
    class_change: ClassChange | None
    name_change: NameChange | None
    kind_change: KindChange | None

    @property
    def id(self) -> str:
        return self.answer.id

    def _changes(self) -> tuple[tuple[str, Paired | None], ...]:
        return (("text", self.text_change), ("name", self.name_change), ("class", self.class_change),
                ("kind", self.kind_change))

    @property
    def requirement(self) -> Requirement:
        change = next(c for _, c in self._changes() if c)  # a Reconfirm is only built for a changed requirement
        return change.new

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r for r, c in self._changes() if c)


@dataclass(frozen=True)
class Orphan:
    """An answer to a requirement that the checked version removed."""

    answer: Answer
    requirement: Requirement  # as it was in the version answered
    renumbered_to: Renumbering | None  # a new requirement with near-identical text, if any

    @property
    def id(self) -> str:
        return self.answer.id


@dataclass(frozen=True)
class Carryover:
    answered: AnsweredVersion
    diff: SpecDiff  # answered version → checked version
    reconfirm: tuple[Reconfirm, ...]  # checked spec order
    orphaned: tuple[Orphan, ...]  # answered spec order
    new_unanswered: tuple[Requirement, ...]  # checked spec order

    @property
    def answered_spec(self) -> Spec:
        return self.diff.old

    @property
    def spec(self) -> Spec:
        return self.diff.new


def lacking(version: str) -> str:
    """「第1.0版 にない要件」: true of a requirement added since an older *version* answered and of one a newer version
    answered removed alike."""
    return f"{version} にない要件"


NOTED_IDS = 5  # the ids a note names per count (check's verdict note, compare's knock-out reasons)


def counted_ids(ids: Sequence[str]) -> str:
    """「2 件（0010001・0010002）」: how many, naming the first NOTED_IDS."""
    shown = joined_at_most(list(ids), NOTED_IDS, "・", f" ほか {len(ids) - NOTED_IDS:,} 件")
    return f"{len(ids):,} 件（{shown}）"


@dataclass(frozen=True)
class VersionChanges:
    """What a change of version explains of a vendor's rows in the checked spec: the answers to requirements whose
    class changed since the version answered (a right answer then may fail now, counted as given), and the
    requirements that version lacks, unanswered. check notes them beside its verdict, compare beside a knock-out and
    in its matrix cells; the rows are scored as they are either way (scoring.md §9)."""

    version: str  # the version answered
    old_classes: Mapping[str, str]  # id → its class label in the version answered, of answers whose class changed since
    new: frozenset[str]  # ids of requirements the version answered lacks, left unanswered

    @classmethod
    def of(cls, carry: Carryover) -> VersionChanges:
        return cls(carry.answered.version,
                   {r.id: r.class_change.old.class_label for r in carry.reconfirm if r.class_change},
                   frozenset(r.id for r in carry.new_unanswered))

    @property
    def new_label(self) -> str:
        return lacking(self.version)

    def class_changed(self, ids: Iterable[str]) -> list[str]:
        """Those of *ids* answering a requirement whose class changed since the version answered, in their order."""
        return [i for i in ids if i in self.old_classes]

    def new_among(self, ids: Iterable[str]) -> list[str]:
        """Those of *ids* of requirements the version answered lacks, in their order."""
        return [i for i in ids if i in self.new]

    def class_note(self, counted: Iterable[tuple[str, Sequence[str]]]) -> str:
        """「必須機能の未対応 7 件のうち 2 件（…）、実装不可機能の実装 1 件のうち 1 件（…）は、第1.0版 から実装区分が変わった
        要件への回答です（再確認が必要）」: each lead with its class-changed ids (class_changed) named; "" when none has
        any. Per count, with its ids: a sum over several read as all of them being the one status named last."""
        parts = [f"{lead} {counted_ids(ids)}" for lead, ids in counted if ids]
        return (f"{'、'.join(parts)}は、{self.version} から実装区分が変わった要件への回答です（再確認が必要）"
                if parts else "")

    def new_note(self, ids: Sequence[str]) -> str:
        """「うち 10 件（…）は 第1.0版 にない要件です」 of unanswered rows counted (new_among); "" when none."""
        return f"うち {counted_ids(ids)}は {self.new_label}です" if ids else ""

    def cell_note(self, id: str) -> str:
        """What a matrix cell of the requirement *id* says of the version answered: 「第1.0版 では標準オプション機能」, 「第1.0版
        にない要件」, or ""."""
        if old := self.old_classes.get(id):
            return f"{self.version} では{old}"
        return self.new_label if id in self.new else ""


def first_answers(response: Response) -> dict[str, Answer]:
    """The first row per id, as the gap check uses it (semantics.md §3)."""
    first: dict[str, Answer] = {}
    for a in response.answers:
        first.setdefault(a.id, a)
    return first


def carry_over(d: SpecDiff, response: Response, basis: Basis = "option") -> Carryover:
    """What changes for *response*, made against *d*'s old version, when it is checked against its new one.

    The diff is an argument so that a batch of answer sheets to the same pair of versions shares one.
    """
    # A blank row is no answer: nothing to re-confirm or carry (the gap check reports it as unanswered).
    answers = {i: a for i, a in first_answers(response).items() if a.answer != "blank"}
    texts = {c.id: c for c in d.text_changed}
    names = {c.id: c for c in d.name_changed}
    classes = {c.id: c for c in d.class_changed}
    kinds = {c.id: c for c in d.kind_changed}
    renumbered = {r.old.id: r for r in d.renumbered}
    reconfirm = tuple(Reconfirm(answers[r.id], texts.get(r.id), classes.get(r.id), names.get(r.id), kinds.get(r.id))
                      for r in d.new.requirements
                      if r.id in answers and any(r.id in m for m in (texts, names, classes, kinds)))
    orphaned = tuple(Orphan(answers[r.id], r, renumbered.get(r.id)) for r in d.removed if r.id in answers)
    new_unanswered = tuple(r for r in d.added if r.id not in answers)
    return Carryover(AnsweredVersion(d.old.version, basis), d, reconfirm, orphaned, new_unanswered)


def parse_version(value: str) -> str:
    """A --answered-version value as 第N.M版 (「1.0」 and 「第1.0版」 are both accepted)."""
    found = version_arg(value)
    if not found:
        raise UsageError(f"--answered-version {value}: 版は「第1.0版」または「1.0」の形で指定してください")
    return found


def detect_answered_version(response: Response, spec: Spec, *, explicit: str | None = None,
                            explicit_basis: Basis = "option", stored: Sequence[Spec] = ()) -> AnsweredVersion | None:
    """The spec version *response* was made against, when it is not the version of *spec*.

    In order: *explicit* (--answered-version, or a manifest's: *explicit_basis*); the version the
    sheet declares in its title rows, or its file name; else the stored version of the same area
    that explains the answered ids best — it must know at least MIN_UNKNOWN_IDS ids that *spec* does not, and more answered ids
    in all than *spec* does (so a current answer with a few stale rows stays current).
    None means: answered against *spec* itself.
    """
    if explicit:
        version = parse_version(explicit)
        return None if version_key(version) == version_key(spec.version) else AnsweredVersion(version, explicit_basis)
    declared = response.declared_version
    if declared and (response.declared_area in (None, spec.area)):
        return None if version_key(declared) == version_key(spec.version) else \
            AnsweredVersion(declared, "file_name" if response.version_in_name else "declared")
    answered = set(first_answers(response))
    unknown = answered - {r.id for r in spec.requirements}
    if len(unknown) < MIN_UNKNOWN_IDS:
        return None
    fits_current = len(answered) - len(unknown)
    best: tuple[int, tuple[int, ...], str] | None = None
    for other in stored:
        if other.area != spec.area or version_key(other.version) == version_key(spec.version):
            continue
        ids = {r.id for r in other.requirements}
        fits = len(answered & ids)
        if len(unknown & ids) >= MIN_UNKNOWN_IDS and fits > fits_current:
            candidate = (fits, version_key(other.version), other.version)
            best = max(best, candidate) if best else candidate
    return AnsweredVersion(best[2], "unknown_ids") if best else None
