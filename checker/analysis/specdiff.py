"""Diff two versions of a spec: added, removed, text / class changes, moves and possible renumbering.

Requirements are matched by id first (ids are stable keys across versions). Only what is left
unmatched on both sides — a removed and an added requirement — is compared by text, to flag a
possible renumbering. The rules and the threshold are documented in docs/spec-diff.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from ..model import Requirement, Spec
from ..normalize import text as normalize_text

SegmentOp = Literal["equal", "insert", "delete"]

# A removed and an added requirement whose normalised texts reach this similarity
# (difflib ratio, 0..1) are flagged as possibly renumbered. 0.9 means at most about one
# character in ten differs: the same requirement with a light edit. Lower values start
# pairing different requirements of the same section, which share long stock phrases
# (「…を管理すること。」, 「…できること。」) and item lists.
RENUMBER_THRESHOLD = 0.9

# Texts shorter than this are never paired: in a 15-character requirement a single edited
# character still scores above the threshold, so the ratio says nothing about identity.
RENUMBER_MIN_CHARS = 20

# An unchanged run this short between two edits is folded into the edit, so that a rewritten
# phrase reads as one deletion and one insertion rather than a comb of one-character pieces.
_SHORT_EQUAL = 2

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    """One piece of an inline diff: text kept, inserted (new version only) or deleted (old only)."""

    op: SegmentOp
    text: str


@dataclass(frozen=True)
class TextChange:
    old: Requirement
    new: Requirement
    segments: tuple[Segment, ...]
    similarity: float

    @property
    def id(self) -> str:
        return self.new.id


@dataclass(frozen=True)
class ClassChange:
    old: Requirement
    new: Requirement

    @property
    def id(self) -> str:
        return self.new.id

    @property
    def from_cls(self) -> str:
        return self.old.cls

    @property
    def to_cls(self) -> str:
        return self.new.cls

    @property
    def becomes_mandatory(self) -> bool:
        """標準オプション → 実装必須: every bid must now include it, so reports highlight it."""
        return self.old.cls == "optional" and self.new.cls == "mandatory"


@dataclass(frozen=True)
class Move:
    """A requirement whose place (大項目 / 中項目 / 小項目 or 項番) changed."""

    old: Requirement
    new: Requirement

    @property
    def id(self) -> str:
        return self.new.id


@dataclass(frozen=True)
class Renumbering:
    """A removed requirement and an added one with near-identical text: possibly the same, renumbered."""

    old: Requirement
    new: Requirement
    similarity: float


@dataclass(frozen=True)
class SpecDiff:
    old: Spec
    new: Spec
    added: tuple[Requirement, ...]  # new spec order
    removed: tuple[Requirement, ...]  # old spec order
    text_changed: tuple[TextChange, ...]  # new spec order
    class_changed: tuple[ClassChange, ...]  # new spec order
    moved: tuple[Move, ...]  # new spec order
    renumbered: tuple[Renumbering, ...]  # new spec order (of the added requirement)
    unchanged: int  # matched ids with the same text, class and place

    def counts(self) -> dict[str, int]:
        """How many of each change, plus unchanged and 標準オプション→実装必須 (for summaries and history)."""
        return {**{key: len(getattr(self, key)) for key in CHANGE_KINDS}, "unchanged": self.unchanged,
                "optional_to_mandatory": sum(c.becomes_mandatory for c in self.class_changed)}


CHANGE_KINDS = ("added", "removed", "text_changed", "class_changed", "moved", "renumbered")


def place(req: Requirement) -> tuple[str, ...]:
    """Where a requirement sits: its section path and 項番 (what a move changes)."""
    return (*req.section, req.number)


def place_label(req: Requirement) -> str:
    parts = [p for p in (*req.section, req.number) if p]
    return " / ".join(parts)


def comparable(s: str) -> str:
    """Text as compared for similarity: NFKC, whitespace runs removed (line wrapping is not a change)."""
    return _WS.sub("", normalize_text(s))


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level inline diff (works for Japanese, which has no word boundaries).

    Adjacent delete/insert pieces are emitted delete first. autojunk is off: with it, difflib
    treats characters such as 「の」 or 「、」 in texts over 200 characters as noise and the
    diff falls apart.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    blocks: list[tuple[str, str, str]] = []  # (tag, old piece, new piece)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        blocks.append(("equal" if tag == "equal" else "change", old[i1:i2], new[j1:j2]))
    merged: list[tuple[str, str, str]] = []
    for i, (tag, a, b) in enumerate(blocks):
        between_changes = 0 < i < len(blocks) - 1 and len(a) <= _SHORT_EQUAL
        if tag == "equal" and between_changes and "\n" not in a:
            tag = "change"
        if tag == "change" and merged and merged[-1][0] == "change":
            _, pa, pb = merged.pop()
            a, b = pa + a, pb + b
        merged.append((tag, a, b))
    segments: list[Segment] = []
    for tag, a, b in merged:
        if tag == "equal":
            segments.append(Segment("equal", a))
            continue
        if a:
            segments.append(Segment("delete", a))
        if b:
            segments.append(Segment("insert", b))
    return tuple(segments)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, comparable(a), comparable(b), autojunk=False).ratio()


def _renumberings(removed: tuple[Requirement, ...], added: tuple[Requirement, ...]) -> list[Renumbering]:
    """Pair removed and added requirements of the same kind whose texts are near-identical.

    Greedy by similarity (best pair first), each requirement used once; cheap upper bounds
    (real_quick_ratio, quick_ratio) skip most pairs before the full ratio is computed.
    """
    candidates: list[tuple[float, int, int]] = []
    old_texts = [comparable(r.text or r.name) for r in removed]
    new_texts = [comparable(r.text or r.name) for r in added]
    for j, (new, b) in enumerate(zip(added, new_texts)):
        if len(b) < RENUMBER_MIN_CHARS:
            continue
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(b)
        for i, (old, a) in enumerate(zip(removed, old_texts)):
            if old.kind != new.kind or len(a) < RENUMBER_MIN_CHARS:
                continue
            matcher.set_seq1(a)
            if (matcher.real_quick_ratio() >= RENUMBER_THRESHOLD and matcher.quick_ratio() >= RENUMBER_THRESHOLD
                    and (ratio := matcher.ratio()) >= RENUMBER_THRESHOLD):
                candidates.append((ratio, i, j))
    candidates.sort(key=lambda c: (-c[0], c[2], c[1]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[int, Renumbering]] = []
    for ratio, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((j, Renumbering(removed[i], added[j], round(ratio, 4))))
    return [p for _, p in sorted(pairs, key=lambda p: p[0])]


def diff(old: Spec, new: Spec) -> SpecDiff:
    """Compare *old* with *new*. Classes are already normalised, so 実装すべき機能 → 実装必須機能 is no change."""
    old_by_id = old.by_id()
    new_ids = {r.id for r in new.requirements}
    added = tuple(r for r in new.requirements if r.id not in old_by_id)
    removed = tuple(r for r in old.requirements if r.id not in new_ids)
    text_changed: list[TextChange] = []
    class_changed: list[ClassChange] = []
    moved: list[Move] = []
    unchanged = 0
    for req in new.requirements:
        before = old_by_id.get(req.id)
        if before is None:
            continue
        same = True
        if comparable(before.text) != comparable(req.text):
            same = False
            text_changed.append(TextChange(before, req, char_diff(before.text, req.text),
                                           round(similarity(before.text, req.text), 4)))
        if before.cls != req.cls:
            same = False
            class_changed.append(ClassChange(before, req))
        if place(before) != place(req):
            same = False
            moved.append(Move(before, req))
        unchanged += same
    return SpecDiff(old=old, new=new, added=added, removed=removed, text_changed=tuple(text_changed),
                    class_changed=tuple(class_changed), moved=tuple(moved),
                    renumbered=tuple(_renumberings(removed, added)), unchanged=unchanged)
