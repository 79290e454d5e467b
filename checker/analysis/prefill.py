"""A vendor's earlier answers carried into a new answer sheet: kept where they still answer the requirement, asked
again (with the reason) where the spec changed, the requirement is new, or the answer was missing, unreadable or
given twice differently."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import Answer, Response, Spec
from .carryover import Carryover, first_answers

# Why a row is asked again, in the order the counts are said
ASK_REASONS = ("再確認", "新しい要件", "前回未回答", "回答不正", "回答重複")
# The answer sheet's columns the vendor fills in (answer_template), by the Answer field each holds
ANSWER_FIELDS = {"raw_answer": "対応可否", "timing": "対応時期", "alternative": "代替案", "comment": "備考"}
_SEPARATOR = "／"  # between the answers of an id's rows: ○／△
# A reason as the sheet shows it: its parts (回答重複（備考が違う）・再確認（本文変更・区分変更）), each an ask with what it is
# made of, and the marks of the sheets it was left blank on
_PART = rf"(?:{'|'.join(ASK_REASONS)})(?:（[^（）]*）)?"
_REASON = re.compile(rf"{_PART}(?:・{_PART})*")
_PENDING = re.compile(r"（[^（）]* の様式で未回答）")


@dataclass(frozen=True)
class Prefilled:
    """One requirement's row of the new sheet."""

    answer: Answer | None  # the earlier answer (its first row): written in whole when kept; its texts alone when asked
    previous: str  # the earlier answer as written, shown beside a row asked again ("" when none)
    # of ASK_REASONS, none when kept; two when a row given twice or unreadable is of a changed requirement besides
    asks: tuple[str, ...]
    # as the sheet shows it: each ask with what it is made of, 回答重複（備考が違う）・再確認（本文変更・区分変更）
    reason: str = ""
    # asked already on hyojun's own sheet (the answers given) and left blank there: *previous* and the reason are that
    # sheet's, made against a version before it
    pending: bool = False


@dataclass(frozen=True)
class Prefill:
    rows: dict[str, Prefilled]  # by requirement id, in the spec's order
    vendor: str  # "" when the answers name none (their file's name stood for it)
    answered_version: str  # the version the earlier answers were made against
    answered: str  # as check says it: 回答は 第1.0版 に対するもの（回答ファイルの表題に書かれた版）
    orphaned: int  # answers to requirements the spec no longer has: not carried
    unknown: int  # answers to ids neither version has: not carried

    def counts(self) -> Counter[str]:
        """How many rows are kept ("") and how many asked again, by reason: a row asked for two under each (check counts
        a changed requirement's answer as 再確認 whatever else is wrong with it)."""
        return Counter(ask for p in self.rows.values() for ask in p.asks or ("",))

    @property
    def asked(self) -> int:
        """How many rows are asked again."""
        return sum(bool(p.asks) for p in self.rows.values())

    def asked_text(self, unit: str = "") -> str:
        """The rows asked again by reason, as the console (「再確認 3、回答重複 1」) and the sheet's guide (*unit* 「 件」)
        say them, with a word when a row counts under two ("" when none is asked)."""
        counts = self.counts()
        text = "、".join(f"{ask} {counts[ask]}{unit}" for ask in ASK_REASONS if counts[ask])
        both = sum(len(p.asks) > 1 for p in self.rows.values())
        return text + (f"。うち {both} 件は理由が 2 つあり、両方に数えています" if both else "")


def prefill(spec: Spec, response: Response, carry: Carryover | None, reason_labels: Mapping[str, str],
            earlier: Mapping[str, tuple[str, str]] | None = None) -> Prefill:
    """*response*'s answers (made against *carry*'s old version, or against *spec* itself when *carry* is None) for
    each requirement of *spec*. *reason_labels* names each spec-diff reason (text → 本文変更). *earlier*: by id, the
    earlier answer and reason that hyojun's own sheet (the answers given) showed beside a row asked again: a row left
    blank there is asked again for that reason, not as merely unanswered (a 再確認 with what changed since as well),
    marked as left blank on that sheet."""
    first = first_answers(response)
    rows_of: dict[str, list[Answer]] = {}
    for row in response.answers:
        rows_of.setdefault(row.id, []).append(row)
    # by id, what changed since the version answered: a blank row is not among carry.reconfirm, yet a 再確認 asked on
    # the earlier sheet and left blank is one still, for what changed then and what changed since
    changes: dict[str, list[str]] = {}
    if carry:
        d = carry.diff
        for key, found in (("text", d.text_changed), ("name", d.name_changed), ("class", d.class_changed),
                           ("kind", d.kind_changed)):
            for c in found:
                changes.setdefault(c.id, []).append(reason_labels[key])
    reconfirm = {r.id for r in carry.reconfirm} if carry else set()
    version = carry.answered.version if carry else spec.version
    new = {r.id for r in carry.new_unanswered} if carry else set()
    orphaned = {o.id for o in carry.orphaned} if carry else set()
    # a new requirement the diff pairs with a removed one the vendor answered (likely the same, renumbered; carry_over
    # leaves blank rows out): that answer is shown beside it, not carried, as the pairing is a guess
    renumbered = {o.renumbered_to.new.id: o for o in carry.orphaned if o.renumbered_to} if carry else {}
    earlier = earlier or {}
    rows = {}
    for req in spec.requirements:
        a = first.get(req.id)
        previous = a.raw_answer if a else ""
        given = rows_of.get(req.id, [])
        # what changed, said whatever else is asked of the row: the vendor that picks one of two ○ rows of a
        # requirement become 実装不可機能 would keep ○ unwarned
        changed = f"再確認（{'・'.join(changes[req.id])}）" if req.id in reconfirm else ""
        if differ := [label for f, label in ANSWER_FIELDS.items() if len({getattr(x, f) for x in given}) > 1]:
            # the vendor's own correction may be the later row: which one stands is the vendor's to say, each row's
            # 対応時期・代替案・備考 before it (the correction's 代替案 with the first row's answer was lost); the columns that
            # differ named, as the marks alone may be the same
            timing, alternative, comment = (_SEPARATOR.join(dict.fromkeys(v for x in given if (v := getattr(x, f))))
                                            for f in ("timing", "alternative", "comment"))
            rows[req.id] = _asked(replace(given[0], timing=timing, alternative=alternative, comment=comment),
                                  _SEPARATOR.join(dict.fromkeys(x.raw_answer or "（空欄）" for x in given)),
                                  f"回答重複（{'・'.join(differ)}が違う）", changed)
        elif a is not None and a.answer == "invalid":
            rows[req.id] = _asked(a, previous, "回答不正", changed)
        elif changed:
            rows[req.id] = _asked(a, previous, changed)
        elif req.id in new:
            o = renumbered.get(req.id)
            rows[req.id] = _asked(None, o.answer.raw_answer if o else "",
                                  f"新しい要件（{o.id} の番号変更の可能性）" if o else "新しい要件")
        elif a is None or a.answer == "blank":
            # asked on hyojun's own sheet and left blank there: asked still for that reason, beside that answer
            before, why = earlier.get(req.id, ("", ""))
            parts = _parts(why)
            if parts and parts[0][0] != "前回未回答":  # (前回未回答 it is again, with no earlier answer)
                rows[req.id] = _pending(a, before, parts, changes.get(req.id, ()), reason_labels, version)
            else:
                rows[req.id] = _asked(a, "", "前回未回答")
        else:
            rows[req.id] = Prefilled(a, previous, ())
    known = spec.by_id()
    unknown = {a.id for a in response.answers if a.id not in known and a.id not in orphaned and a.answer != "blank"}
    return Prefill(rows, response.vendor if response.own_names else "", version,
                   carry.answered.text if carry else f"回答は {spec.version} に対するもの", len(orphaned), len(unknown))


def _asked(answer: Answer | None, previous: str, *reasons: str) -> Prefilled:
    """A row asked again for *reasons* ("" for none), each as the sheet shows it."""
    shown = [r for r in reasons if r]
    return Prefilled(answer, previous, tuple(r.split("（")[0] for r in shown), "・".join(shown))


def _parts(why: str) -> list[tuple[str, str]]:
    """A reason of hyojun's own sheet, as (ask, what it is made of) parts, the marks of the sheets it was left blank on
    dropped: [("回答重複", "備考が違う"), ("再確認", "本文変更・区分変更")]. None when it is not one (of another tool)."""
    why = _PENDING.sub("", why)
    if not _REASON.fullmatch(why):
        return []
    return [(p.split("（")[0], p.partition("（")[2].removesuffix("）")) for p in re.findall(_PART, why)]


def _pending(answer: Answer | None, before: str, parts: Sequence[tuple[str, str]], changed: Sequence[str],
             reason_labels: Mapping[str, str], version: str) -> Prefilled:
    """A row the *version* sheet asked for *parts* and that was left blank there, with *before* beside it, as the new
    sheet asks it: each part with what it was made of; a 再確認 with the labels it had and *changed* since (once each,
    in *reason_labels*' order), and one added when an earlier answer's requirement *changed* since that sheet (not a
    new requirement's: no answer of its own to confirm); marked as pending since that sheet (in place of an earlier
    sheet's mark)."""
    parts = list(parts)
    kinds = [kind for kind, _ in parts]
    if changed and "再確認" not in kinds and before and "新しい要件" not in kinds:
        parts.append(("再確認", ""))
    shown = []
    for kind, made_of in parts:
        if kind == "再確認":
            had = set(made_of.split("・"))
            made_of = "・".join(label for label in reason_labels.values() if label in had or label in changed)
        shown.append(f"{kind}（{made_of}）" if made_of else kind)
    return Prefilled(answer, before, tuple(kind for kind, _ in parts), "・".join(shown) + pending_mark(version),
                     pending=True)


def pending_mark(version: str) -> str:
    """What the reason of a row carried still blank from hyojun's *version* sheet ends with."""
    return f"（{version} の様式で未回答）"
