"""A vendor's earlier answers carried into a new answer sheet: kept where they still answer the requirement, asked
again (with the reason) where the spec changed, the requirement is new, or the answer was missing, unreadable or
given twice differently."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..model import Answer, Response, Spec
from .carryover import Carryover, first_answers

# Why a row is asked again, in the order the counts are said
ASK_REASONS = ("再確認", "新しい要件", "前回未回答", "回答不正", "回答重複")
_SEPARATOR = "／"  # between the answers of an id's rows: ○／△


@dataclass(frozen=True)
class Prefilled:
    """One requirement's row of the new sheet."""

    answer: Answer | None  # the earlier answer (its first row): written in whole when kept; its texts alone when asked
    previous: str  # the earlier answer as written, shown beside a row asked again ("" when none)
    ask: str  # of ASK_REASONS, "" when kept
    reason: str = ""  # as the sheet shows it: the ask with what it is made of, 再確認（本文変更・区分変更）


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
    blank there is asked again for that reason, not as merely unanswered."""
    first = first_answers(response)
    rows_of: dict[str, list[Answer]] = {}
    for row in response.answers:
        rows_of.setdefault(row.id, []).append(row)
    changed = {r.id: "・".join(reason_labels[x] for x in r.reasons) for r in carry.reconfirm} if carry else {}
    new = {r.id for r in carry.new_unanswered} if carry else set()
    orphaned = {o.id for o in carry.orphaned} if carry else set()
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
        elif req.id in changed:
            rows[req.id] = _asked(a, previous, "再確認", f"再確認（{changed[req.id]}）")
        elif req.id in new:
            rows[req.id] = _asked(None, "", "新しい要件")
        elif a is None or a.answer == "blank":
            # asked again on hyojun's own sheet and left blank there: asked still for that reason, beside that answer
            before, why = earlier.get(req.id, ("", ""))
            kind = why.split("（")[0]
            rows[req.id] = _asked(a, before, kind, why) if kind in ASK_REASONS else _asked(a, "", "前回未回答")
        elif a.answer == "invalid":
            rows[req.id] = _asked(a, previous, "回答不正")
        else:
            rows[req.id] = Prefilled(a, previous, "")
    known = spec.by_id()
    unknown = {a.id for a in response.answers if a.id not in known and a.id not in orphaned and a.answer != "blank"}
    return Prefill(rows, response.vendor if response.own_names else "",
                   carry.answered.version if carry else spec.version,
                   carry.answered.text if carry else f"回答は {spec.version} に対するもの", len(orphaned), len(unknown))


def _asked(answer: Answer | None, previous: str, ask: str, reason: str = "") -> Prefilled:
    return Prefilled(answer, previous, ask, reason or ask)
