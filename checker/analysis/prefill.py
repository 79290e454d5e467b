"""A vendor's earlier answers carried into a new answer sheet: kept where they still answer the requirement, left to
be answered (with the reason) where the spec changed, the requirement is new, or the answer was missing or unreadable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Answer, Response, Spec
from .carryover import Carryover, first_answers

# Why a row is left to be answered, in the order the counts are said; the spec-diff reasons (本文変更 …) come first
ASK_REASONS = ("再確認", "新しい要件", "前回未回答", "回答不正")


@dataclass(frozen=True)
class Prefilled:
    """One requirement's row of the new sheet."""

    kept: Answer | None  # the earlier answer written in again, or None: to be answered
    previous: str  # the earlier answer as written, shown beside a row to be answered ("" when none)
    ask: str  # of ASK_REASONS, "" when kept
    detail: str  # what the reason is made of (本文変更・区分変更), "" when none

    @property
    def reason(self) -> str:
        return f"{self.ask}（{self.detail}）" if self.detail else self.ask


@dataclass(frozen=True)
class Prefill:
    rows: dict[str, Prefilled]  # by requirement id, in the spec's order
    vendor: str
    answered_version: str  # the version the earlier answers were made against
    orphaned: int  # answers to requirements the spec no longer has: not carried

    def counts(self) -> Counter[str]:
        """How many rows are kept ("") and how many are to be answered, by reason."""
        return Counter(p.ask for p in self.rows.values())


def prefill(spec: Spec, response: Response, carry: Carryover | None, reason_labels: dict[str, str]) -> Prefill:
    """*response*'s answers (made against *carry*'s old version, or against *spec* itself when *carry* is None) for
    each requirement of *spec*. *reason_labels* names each spec-diff reason (text → 本文変更)."""
    first = first_answers(response)
    changed = {r.id: "・".join(reason_labels[x] for x in r.reasons) for r in carry.reconfirm} if carry else {}
    new = {r.id for r in carry.new_unanswered} if carry else set()
    rows = {}
    for req in spec.requirements:
        a = first.get(req.id)
        previous = a.raw_answer if a else ""
        if req.id in changed:
            rows[req.id] = Prefilled(None, previous, "再確認", changed[req.id])
        elif req.id in new:
            rows[req.id] = Prefilled(None, "", "新しい要件", "")
        elif a is None or a.answer == "blank":
            rows[req.id] = Prefilled(None, "", "前回未回答", "")
        elif a.answer == "invalid":
            rows[req.id] = Prefilled(None, previous, "回答不正", "")
        else:
            rows[req.id] = Prefilled(a, previous, "", "")
    return Prefill(rows, response.vendor, carry.answered.version if carry else spec.version,
                   len(carry.orphaned) if carry else 0)
