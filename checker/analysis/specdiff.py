"""Diff two versions of a spec: added, removed, text / name / class / kind changes, renamed headings, moves and possible
renumbering.

Requirements are matched by id first (ids are stable keys across versions). Only what is left
unmatched on both sides — a removed and an added requirement — is compared by text, to flag a
possible renumbering. The rules and the threshold are documented in docs/spec-diff.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..model import Kind, Requirement, Spec
from ..normalize import Reading, text as normalize_text

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

# What the pairs found depend on besides the two specs: a list of them kept from an earlier diff (diff's
# *renumbered*) is only valid under the same rules. The last number changes with the pairing method.
RENUMBER_RULES = (RENUMBER_THRESHOLD, RENUMBER_MIN_CHARS, 2)  # 2: sections compared as texts in ties

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
class Paired:
    """One requirement as it was (old) and as it is (new), under the same id."""

    old: Requirement
    new: Requirement

    @property
    def id(self) -> str:
        return self.new.id


@dataclass(frozen=True)
class TextChange(Paired):
    segments: tuple[Segment, ...]
    similarity: float


@dataclass(frozen=True)
class ClassChange(Paired):
    """A requirement whose 実装区分 changed: its class, or the annotation of the class (実装必須機能 → 実装必須機能（経過措置）)."""

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

    @property
    def becomes_prohibited(self) -> bool:
        """→ 実装不可機能: an answer ○ (it is implemented), right for the old class, is now a violation."""
        return self.old.cls != "prohibited" and self.new.cls == "prohibited"


@dataclass(frozen=True)
class NameChange(Paired):
    """A requirement whose 機能名称 / 帳票名称 changed (a 帳票 is known mainly by its name)."""


@dataclass(frozen=True)
class KindChange(Paired):
    """A requirement that went from 機能要件 to 帳票要件 (or back) under the same id."""


@dataclass(frozen=True)
class Move(Paired):
    """A requirement whose place (大項目 / 中項目 / 小項目 or 項番) changed, within the same kind, beyond the renamed
    headings above it."""


@dataclass(frozen=True)
class HeadingRename:
    """A heading (大項目, 中項目 or 小項目) given a new name, its requirements with it (_heading_renames)."""

    kind: Kind
    level: int  # 0: 大項目, 1: 中項目, 2: 小項目
    parent: tuple[str, ...]  # the headings above it, as the new version writes them
    old_name: str
    new_name: str
    ids: tuple[str, ...]  # the requirements that went from the old name to the new one, in new spec order


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
    name_changed: tuple[NameChange, ...]  # new spec order
    class_changed: tuple[ClassChange, ...]  # new spec order
    kind_changed: tuple[KindChange, ...]  # new spec order
    renamed_headings: tuple[HeadingRename, ...]  # new spec order of their first requirements, a heading before its own
    moved: tuple[Move, ...]  # new spec order
    renumbered: tuple[Renumbering, ...]  # new spec order (of the added requirement)
    unchanged: int  # matched ids with the same text, name, class, kind and place (a renamed heading above is a change)

    def renumbering_hint(self, old_id: str) -> str:
        """「番号変更の可能性: NEW」 when the removed requirement *old_id* pairs with an added one NEW, else "": what a
        message on an id the new version lacks (a vendor's answer, a profile's option) adds."""
        new = self._renumbered_to.get(old_id)
        return f"番号変更の可能性: {new}" if new else ""

    @cached_property
    def _renumbered_to(self) -> dict[str, str]:
        return {r.old.id: r.new.id for r in self.renumbered}

    def counts(self) -> dict[str, int]:
        """How many of each change, plus unchanged and the class changes reports flag (標準オプション機能→実装必須機能,
        →実装不可機能), for summaries and history."""
        return {**{key: len(getattr(self, key)) for key in CHANGE_KINDS}, "unchanged": self.unchanged,
                "optional_to_mandatory": sum(c.becomes_mandatory for c in self.class_changed),
                "to_prohibited": sum(c.becomes_prohibited for c in self.class_changed)}

    def one_sided_kinds(self) -> tuple[tuple[str, str, int], ...]:
        """(kind, side without it, count on the other side) for a kind of requirement only one side has.

        A spec published as separate 機能要件 and 帳票要件 files, compared with only one of them,
        would otherwise list every requirement of the missing file as removed (or added).
        """
        return tuple((kind, side, other.count(kind=kind)) for kind in ("function", "form")
                     for side, this, other in (("new", self.new, self.old), ("old", self.old, self.new))
                     if this.count(kind=kind) == 0 and other.count(kind=kind) > 0)


CHANGE_KINDS = ("added", "removed", "text_changed", "name_changed", "class_changed", "kind_changed", "renamed_headings",
                "moved", "renumbered")

# A heading as compared: the kind of requirement (機能要件 and 帳票要件 have their own headings), the headings above it as
# the new version names them, and its name (comparable)
_Heading = tuple[Kind, tuple[str, ...], str]


def place(req: Requirement) -> tuple[str, ...]:
    """Where a requirement sits: its section path and 項番 (what a move changes), compared as texts are: a 大項目
    cell re-wrapped (Alt+Enter) or spaced anew moved every requirement under it."""
    return tuple(map(comparable, (*req.section, req.number)))


def place_label(req: Requirement) -> str:
    parts = [p for p in (*req.section, req.number) if p]
    return " / ".join(parts)


def comparable(s: str) -> str:
    """Text as compared for similarity: NFKC, whitespace runs removed (line wrapping is not a change)."""
    return _WS.sub("", normalize_text(s))


def _renamed(renames: dict[_Heading, str], kind: Kind, section: tuple[str, ...]) -> tuple[str, ...]:
    """A section path of the old version (comparable) as the new version names its headings."""
    out: tuple[str, ...] = ()
    for name in section:
        out += (renames.get((kind, out, name), name),)
    return out


def _heading_renames(old: Spec, new: Spec, pairs: list[Paired]) -> tuple[list[HeadingRename], dict[_Heading, str]]:
    """The headings renamed from *old* to *new* (*pairs*: the requirements of both, same id and kind, new spec order),
    and each one's new name (comparable) by its old heading.

    Level by level from the 大項目 down, so that the headings above are compared as renamed: a heading A is renamed B
    when, under the same headings above, A is gone from the new version, B is not in the old one, and more than half of
    the paired requirements under A went to B and more than half of those under B came from A. A majority both ways
    pairs a heading with one other at most, so no order or tie decides; the few requirements of A that went elsewhere
    (or came to B from elsewhere) stay moves, as the change of their place is more than a new name. Two headings merged
    into one of about their size, or one split in two, is no rename: a reorganisation, its requirements moves.
    """
    old_sections = [(r.kind, tuple(map(comparable, r.section))) for r in old.requirements]
    new_sections = [(r.kind, tuple(map(comparable, r.section))) for r in new.requirements]
    paired = [(p, tuple(map(comparable, p.old.section)), tuple(map(comparable, p.new.section))) for p in pairs]
    renames: dict[_Heading, str] = {}
    found: list[tuple[int, HeadingRename]] = []  # by its first requirement's place in *pairs*
    for level in range(max((len(s) for _, s in (*old_sections, *new_sections)), default=0)):
        in_old = {(k, _renamed(renames, k, s[:level]), s[level]) for k, s in old_sections if len(s) > level}
        in_new = {(k, s[:level], s[level]) for k, s in new_sections if len(s) > level}
        under: Counter[_Heading] = Counter()  # paired requirements under a heading of the old version
        came: Counter[_Heading] = Counter()  # … under a heading of the new version
        went: dict[tuple[_Heading, _Heading], list[int]] = defaultdict(list)  # from a heading gone to one new
        for n, (p, a, b) in enumerate(paired):
            # the same depth: a level added above a heading (賦課 under a new 保険料) or taken away renames nothing
            if len(a) == len(b) > level:
                was: _Heading = (p.old.kind, _renamed(renames, p.old.kind, a[:level]), a[level])
                now: _Heading = (p.new.kind, b[:level], b[level])
                under[was] += 1
                came[now] += 1
                if was[:2] == now[:2] and was not in in_new and now not in in_old:
                    went[was, now].append(n)
        for (was, now), ns in went.items():
            if 2 * len(ns) > under[was] and 2 * len(ns) > came[now]:
                renames[was] = now[2]
                first = paired[ns[0]][0]
                found.append((ns[0], HeadingRename(now[0], level, first.new.section[:level], first.old.section[level],
                                                   first.new.section[level], tuple(paired[n][0].id for n in ns))))
    return [r for _, r in sorted(found, key=lambda f: (f[0], f[1].level))], renames


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level inline diff (works for Japanese, which has no word boundaries) of two texts as written.

    Characters are matched as NFKC reads them, as the texts are compared (comparable): （ against ( , ③ against 3 or
    ㈱ against (株) is no change (a version stored NFKC-folded by an earlier hyojun against one stored as written); an
    unchanged run shows the new text. The texts as read are matched, and each run mapped back to the characters as
    written: a character read as several (㈱, …) is in an unchanged run only when all it reads as is. Adjacent
    delete/insert pieces are emitted delete first. autojunk is off: with it, difflib treats characters such as 「の」 or
    「、」 in texts over 200 characters as noise and the diff falls apart.
    """
    was, now = Reading.of(old), Reading.of(new)
    matcher = difflib.SequenceMatcher(None, was.read, now.read, autojunk=False)
    blocks: list[tuple[str, str, str]] = []  # (tag, old piece, new piece)
    i = j = 0  # where the pieces so far end, as written
    starts = set(was.read_at), set(now.read_at)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":  # it ends where a written character starts in both texts: the rest is changed
            k = next(k for k in range(i2 - i1, -1, -1) if i1 + k in starts[0] and j1 + k in starts[1] or not k)
            end_i, end_j = was.floor(i1 + k), now.floor(j1 + k)
        else:  # it ends after the characters it holds part of
            end_i, end_j = was.ceil(i2), now.ceil(j2)
        a, b = old[i:max(i, end_i)], new[j:max(j, end_j)]
        i, j = i + len(a), j + len(b)
        if a or b:
            same = op == "equal" and unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)
            blocks.append(("equal" if same else "change", a, b))
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
            segments.append(Segment("equal", b))
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

    Greedy by similarity (best pair first; among equal ones, the pair with the same name, then the
    same section, then the earlier position), each requirement used once. Comparing every removed
    requirement with every added one costs minutes when thousands are renumbered, so candidates
    come from indexes (_candidates); the pairs found are the same as from comparing them all.
    """
    old_texts = [comparable(r.text or r.name) for r in removed]
    new_texts = [comparable(r.text or r.name) for r in added]
    candidates: list[tuple[float, int, int]] = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    indexed = -1  # the new text the matcher holds
    for i, j in _candidates(removed, old_texts, added, new_texts):  # grouped by j
        if i < 0:  # identical texts
            candidates.append((1.0, -i - 1, j))
            continue
        if indexed != j:
            matcher.set_seq2(new_texts[j])  # indexes the new text once for all its candidates
            indexed = j
        matcher.set_seq1(old_texts[i])
        if matcher.quick_ratio() >= RENUMBER_THRESHOLD and (ratio := matcher.ratio()) >= RENUMBER_THRESHOLD:
            candidates.append((ratio, i, j))

    def rank(c: tuple[float, int, int]) -> tuple[float, bool, bool, int, int]:
        old, new = removed[c[1]], added[c[2]]
        return -c[0], comparable(old.name) != comparable(new.name), place(old)[:-1] != place(new)[:-1], c[2], c[1]

    candidates.sort(key=rank)
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


def _length_fits(la: int, lb: int) -> bool:
    """difflib's real_quick_ratio bound: can texts of these lengths reach the threshold at all?"""
    return 2.0 * min(la, lb) / (la + lb) >= RENUMBER_THRESHOLD


def _may_lack(la: float, lb: int) -> int:
    """How many distinct bigrams of a text of *lb* characters a text of *la* characters reaching
    RENUMBER_THRESHOLD with it can lack (an upper bound).

    With M matched characters in k matching blocks (ratio = 2M / T, T = la + lb), every bigram
    inside a block is shared, so at most lb - 1 - (M - k) bigram positions of b are not; blocks are
    separated by unmatched characters, so k - 1 <= T - 2M. Hence at most lb + T - 3M distinct
    bigrams are missing, and M >= t*T/2 makes that lb - (1.5t - 1) * T. One more for rounding.
    """
    return int(lb - (1.5 * RENUMBER_THRESHOLD - 1) * (la + lb)) + 1


def _bigrams(text: str) -> set[str]:
    return {text[k:k + 2] for k in range(len(text) - 1)}


def _candidates(removed: tuple[Requirement, ...], old_texts: list[str], added: tuple[Requirement, ...],
                new_texts: list[str]) -> list[tuple[int, int]]:
    """(old index, new index) pairs that may reach RENUMBER_THRESHOLD; (-old index - 1, new index) for identical texts.

    Identical texts are found by a dictionary. Greedy pairing takes those (ratio 1.0) first, so an
    added text with at least as many identical removed ones is certain to be paired with one of
    them, and a removed text with at least as many identical added ones is certain to be used:
    neither needs a fuzzy search. For the rest, an added text is only compared with the removed
    texts of the same kind and a fitting length that share one of its rarest bigrams: of any
    _may_lack + 1 of its distinct bigrams, a text reaching the threshold has at least one.
    """
    old_by_text: dict[tuple[str, str], list[int]] = defaultdict(list)
    new_by_text: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (r, a) in enumerate(zip(removed, old_texts)):
        if len(a) >= RENUMBER_MIN_CHARS:
            old_by_text[r.kind, a].append(i)
    for j, (r, b) in enumerate(zip(added, new_texts)):
        if len(b) >= RENUMBER_MIN_CHARS:
            new_by_text[r.kind, b].append(j)
    found = [(-i - 1, j) for key, js in new_by_text.items() for i in old_by_text.get(key, ()) for j in js]
    searched = [j for key, js in new_by_text.items() if len(old_by_text.get(key, ())) < len(js) for j in js]
    if not searched:
        return found
    grams: dict[int, set[str]] = {}
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for key, is_ in old_by_text.items():
        if len(new_by_text.get(key, ())) >= len(is_):
            continue  # all of them are used by identical texts
        for i in is_:
            grams[i] = _bigrams(old_texts[i])
            by_kind[key[0]].append(i)
            for g in grams[i]:
                index[key[0], g].append(i)
    frequency = Counter({key: len(is_) for key, is_ in index.items()})
    lengths = [len(a) for a in old_texts]
    for j in sorted(searched):
        kind, b = added[j].kind, new_texts[j]
        lb, b_grams = len(b), _bigrams(b)
        lack = _may_lack(lb * RENUMBER_THRESHOLD / (2 - RENUMBER_THRESHOLD), lb)
        if len(b_grams) > lack:
            rarest = sorted(b_grams, key=lambda g: (frequency[kind, g], g))[:lack + 1]
            pool: set[int] | list[int] = {i for g in rarest for i in index.get((kind, g), ())}
        else:
            pool = by_kind[kind]
        found += [(i, j) for i in sorted(pool) if _length_fits(lengths[i], lb)
                  and len(b_grams - grams[i]) <= _may_lack(lengths[i], lb)]
    return found


def diff(old: Spec, new: Spec, renumbered: Iterable[tuple[str, str, float]] | None = None) -> SpecDiff:
    """Compare *old* with *new*. Classes are already normalised, so 実装すべき機能 → 実装必須機能 is no change;
    an annotation of the class (経過措置) added, ended or reworded is one. A heading renamed is said once
    (renamed_headings), not as a move of every requirement under it.

    *renumbered*: the possible renumberings (old id, new id, similarity) an earlier diff of the same two specs
    under the same RENUMBER_RULES found — the costliest part of a diff. Pairs that do not fit (an id not
    removed or not added, another kind, used twice, a similarity below the threshold) are ignored and the
    pairs are searched again.
    """
    old_by_id = old.by_id()
    new_ids = {r.id for r in new.requirements}
    added = tuple(r for r in new.requirements if r.id not in old_by_id)
    removed = tuple(r for r in old.requirements if r.id not in new_ids)
    renamed_headings, renames = _heading_renames(old, new, [Paired(old_by_id[r.id], r) for r in new.requirements
                                                            if r.id in old_by_id and old_by_id[r.id].kind == r.kind])
    text_changed: list[TextChange] = []
    name_changed: list[NameChange] = []
    class_changed: list[ClassChange] = []
    kind_changed: list[KindChange] = []
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
        if comparable(before.name) != comparable(req.name):
            same = False
            name_changed.append(NameChange(before, req))
        if (before.cls, before.class_note) != (req.cls, req.class_note):
            same = False
            class_changed.append(ClassChange(before, req))
        if before.kind != req.kind:
            same = False  # its place is on another sheet: not also a move
            kind_changed.append(KindChange(before, req))
        elif place(before) != place(req):
            same = False
            was = place(before)
            if (*_renamed(renames, req.kind, was[:-1]), was[-1]) != place(req):  # more than its headings renamed
                moved.append(Move(before, req))
        unchanged += same
    return SpecDiff(old=old, new=new, added=added, removed=removed, text_changed=tuple(text_changed),
                    name_changed=tuple(name_changed), class_changed=tuple(class_changed),
                    kind_changed=tuple(kind_changed), renamed_headings=tuple(renamed_headings), moved=tuple(moved),
                    renumbered=tuple(_known_renumberings(removed, added, renumbered) if renumbered is not None
                                     else _renumberings(removed, added)), unchanged=unchanged)


def _known_renumberings(removed: tuple[Requirement, ...], added: tuple[Requirement, ...],
                        pairs: Iterable[tuple[str, str, float]]) -> list[Renumbering]:
    """*pairs* as Renumberings in new spec order, or, when they do not fit these specs, the pairs searched anew."""
    old_by_id = {r.id: r for r in removed}
    new_order = {r.id: (k, r) for k, r in enumerate(added)}
    found: list[tuple[int, Renumbering]] = []
    for old_id, new_id, ratio in pairs:
        before, (k, after) = old_by_id.pop(old_id, None), new_order.pop(new_id, (-1, None))
        if before is None or after is None or before.kind != after.kind or not RENUMBER_THRESHOLD <= ratio <= 1:
            return _renumberings(removed, added)
        found.append((k, Renumbering(before, after, ratio)))
    return [r for _, r in sorted(found, key=lambda p: p[0])]
