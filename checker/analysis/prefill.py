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
_SEPARATOR = "／"  # between the answers of an id's rows: ○／△
_LABELS = re.compile(r"再確認（([^）]*)）")  # what a 再確認 was made of: 本文変更・区分変更


@dataclass(frozen=True)
class Prefilled:
    """One requirement's row of the new sheet."""

    answer: Answer | None  # the earlier answer (its first row): written in whole when kept; its texts alone when asked
    previous: str  # the earlier answer as written, shown beside a row asked again ("" when none)
    ask: str  # of ASK_REASONS, "" when kept
    reason: str = ""  # as the sheet shows it: the ask with what it is made of, 再確認（本文変更・区分変更）
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
        """How many rows are kept ("") and how many asked again, by reason."""
        return Counter(p.ask for p in self.rows.values())


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
        if len({(x.raw_answer, x.timing, x.alternative, x.comment) for x in given}) > 1:
            # the vendor's own correction may be the later row: which one stands is the vendor's to say, each row's
            # 対応時期・代替案・備考 before it (the correction's 代替案 with the first row's answer was lost)
            timing, alternative, comment = (_SEPARATOR.join(dict.fromkeys(v for x in given if (v := getattr(x, f))))
                                            for f in ("timing", "alternative", "comment"))
            rows[req.id] = _asked(replace(given[0], timing=timing, alternative=alternative, comment=comment),
                                  _SEPARATOR.join(dict.fromkeys(x.raw_answer or "（空欄）" for x in given)), "回答重複")
        elif req.id in reconfirm:
            rows[req.id] = _asked(a, previous, "再確認", f"再確認（{'・'.join(changes[req.id])}）")
        elif req.id in new:
            o = renumbered.get(req.id)
            rows[req.id] = _asked(None, o.answer.raw_answer if o else "", "新しい要件",
                                  f"新しい要件（{o.id} の番号変更の可能性）" if o else "")
        elif a is None or a.answer == "blank":
            # asked on hyojun's own sheet and left blank there: asked still for that reason, beside that answer
            before, why = earlier.get(req.id, ("", ""))
            kind = why.split("（")[0]
            if kind in ASK_REASONS and kind != "前回未回答":  # (前回未回答 it is again, with no earlier answer)
                reason = _pending_reason(kind, why, changes.get(req.id, ()), reason_labels, version)
                rows[req.id] = Prefilled(a, before, kind, reason, pending=True)
            else:
                rows[req.id] = _asked(a, "", "前回未回答")
        elif a.answer == "invalid":
            rows[req.id] = _asked(a, previous, "回答不正")
        else:
            rows[req.id] = Prefilled(a, previous, "")
    known = spec.by_id()
    unknown = {a.id for a in response.answers if a.id not in known and a.id not in orphaned and a.answer != "blank"}
    return Prefill(rows, response.vendor if response.own_names else "", version,
                   carry.answered.text if carry else f"回答は {spec.version} に対するもの", len(orphaned), len(unknown))


def _asked(answer: Answer | None, previous: str, ask: str, reason: str = "") -> Prefilled:
    return Prefilled(answer, previous, ask, reason or ask)


def _pending_reason(kind: str, why: str, changed: Sequence[str], reason_labels: Mapping[str, str],
                    version: str) -> str:
    """The reason *why* of the *version* sheet for a row left blank there, as the new sheet shows it: a 再確認 with the
    labels it had and *changed* (once each, in *reason_labels*' order), marked as pending since that sheet (in place
    of an earlier sheet's mark)."""
    labels = ""
    if kind == "再確認":
        had = set(m.group(1).split("・")) if (m := _LABELS.match(why)) else set()
        labels = "・".join(label for label in reason_labels.values() if label in had or label in changed)
    return f"{kind}{f'（{labels}）' if labels else ''}{pending_mark(version)}"


def pending_mark(version: str) -> str:
    """What the reason of a row carried still blank from hyojun's *version* sheet ends with."""
    return f"（{version} の様式で未回答）"
