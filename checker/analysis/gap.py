"""The gap check of semantics.md §3–4: one status per requirement, a verdict and coverage."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..model import CODE_LABELS, KIND_LABELS, Answer, LintFinding, Profile, Requirement, Response, Spec
from ..normalize import ANSWERS, CLASSES

STATUSES = (
    "conformant", "mandatory_gap", "mandatory_deferred", "optional_gap", "optional_offered",
    "optional_not_offered", "prohibited_violation", "unanswered", "invalid_answer",
)
EXTRA_STATUSES = ("unknown_id", "duplicate_id")
STATUS_LABELS = {
    "conformant": "適合",
    "mandatory_gap": "必須機能の未対応",
    "mandatory_deferred": "必須機能の移行後対応（経過措置）",
    "optional_gap": "要求オプションの未対応",
    "optional_offered": "オプション対応あり",
    "optional_not_offered": "オプション対応なし",
    "prohibited_violation": "実装不可機能の実装",
    "unanswered": "未回答",
    # the rows lint reports: under the same names
    "invalid_answer": CODE_LABELS["invalid-answer"],
    "unknown_id": CODE_LABELS["unknown-id"],
    "duplicate_id": CODE_LABELS["duplicate-id"],
}
# Tone of each status in reports (text is always shown too).
STATUS_TONES = {
    "conformant": "good", "optional_offered": "good", "optional_not_offered": "muted",
    "mandatory_gap": "bad", "prohibited_violation": "bad", "optional_gap": "bad",
    "mandatory_deferred": "warn", "unanswered": "warn", "invalid_answer": "warn",
    "unknown_id": "info", "duplicate_id": "info",
}
VERDICT_LABELS = {"conformant": "適合", "conditional": "条件付き", "non_conformant": "不適合"}

_TABLE: dict[str, dict[str, str]] = {
    "mandatory": {"yes": "conformant", "partial": "mandatory_gap", "planned": "mandatory_deferred",
                  "no": "mandatory_gap", "na": "mandatory_gap"},
    "required_option": {"yes": "conformant", "partial": "optional_gap", "planned": "optional_gap",
                        "no": "optional_gap", "na": "optional_gap"},
    "optional": {"yes": "optional_offered", "partial": "optional_not_offered", "planned": "optional_not_offered",
                 "no": "optional_not_offered", "na": "optional_not_offered"},
    "prohibited": {"yes": "prohibited_violation", "partial": "prohibited_violation",
                   "planned": "prohibited_violation", "no": "conformant", "na": "conformant"},
}


def status_for(cls: str, answer: str, required: bool = False) -> str:
    """The status of one requirement of class *cls* answered *answer* (semantics.md §3)."""
    if answer == "blank":
        return "unanswered"
    if answer == "invalid":
        return "invalid_answer"
    row = "required_option" if cls == "optional" and required else cls
    return _TABLE[row][answer]


# status_for over every (class, answer, required option), looked up once per requirement
_STATUS = {(cls, answer, req): status_for(cls, answer, req) for cls in CLASSES
           for answer in (*ANSWERS, "blank", "invalid") for req in (False, True)}


def coverage_points(coverage: float) -> float:
    """The mandatory coverage as shown: a percentage to 0.1, rounded down (semantics.md §4), so that 100.0 only
    ever means all (2,499 of 2,500 is 99.9, not 100.0 beside 不適合). Rounded to 6 places first, a guard against float
    noise just below a whole: ×100 gives 28.499999… for 57/200 (×1000 of every a/b with b < 3,000 is exact, tried)."""
    return math.floor(round(coverage * 1000, 6)) / 10


def coverage_percent(coverage: float) -> str:
    return f"{coverage_points(coverage):.1f}%"


def verdict_for(counts: dict[str, int]) -> str:
    if counts["mandatory_gap"] + counts["prohibited_violation"] > 0:
        return "non_conformant"
    if counts["mandatory_deferred"] + counts["unanswered"] + counts["invalid_answer"] > 0:
        return "conditional"
    return "conformant"


# What the reports show for a requirement the vendor has no row for: every vendor field empty.
NO_ROW = Answer(id="", raw_answer="", answer="blank", timing="", alternative="", comment="", cell="", id_cell="")


@dataclass(slots=True)  # one per requirement: not frozen, for the reason given at model.Answer
class GapRow:
    id: str
    status: str
    answer: str  # yes / partial / planned / no / na / blank / invalid
    requirement: Requirement | None  # None for ids the spec does not have
    source: Answer | None  # None when the vendor has no row for the requirement
    required: bool = False  # an optional requirement the profile requires
    priority: str = ""


@dataclass(frozen=True)
class GapResult:
    """One vendor's answers checked against a spec (docs/semantics.md): a row per requirement with its status, the
    counts per status (STATUSES), the verdict (conformant, conditional or non_conformant), the mandatory coverage,
    and the problems of the answer files (lint)."""

    spec: Spec
    response: Response
    profile: Profile | None
    rows: tuple[GapRow, ...]  # spec order, then unknown rows, then duplicate rows (each in file order)
    lint: tuple[LintFinding, ...]
    status_counts: dict[str, int] = field(default_factory=dict)
    unknown_ids: int = 0
    duplicate_ids: int = 0
    verdict: str = "conformant"
    mandatory_conformant: int = 0  # conformant mandatory requirements: the coverage's numerator (semantics.md §4)
    mandatory_coverage: float = 1.0

    @property
    def requirement_rows(self) -> tuple[GapRow, ...]:
        return self.rows[: len(self.spec.requirements)]


def _unknown_id(spec: Spec, response: Response, rid: str) -> str:
    """What an answered id *spec* lacks may be: an answer to another version only when its 業務コード is the area's
    (Response.other_area_ids)."""
    whose = response.other_area_ids.get(rid)
    if whose is None:
        return f"{rid} は {spec.area} {spec.version} にないIDです（別の版への回答の可能性があります）"
    if not whose:  # a mistyped code more likely than another area's row
        return f"{rid} は業務一覧（areas.yaml）にない業務コード {rid[:3]} のIDです（{spec.area} の要件ではありません。IDを確かめてください）"
    return f"{rid} は {whose} のIDです（{spec.area} の要件ではありません。別の業務の行が紛れていないか確かめてください）"


def _missing_row(req: Requirement, unread: str | None) -> LintFinding:
    """The warning for a requirement without a row; at *unread*, the cell of a bad id that most likely meant it
    (the vendor fixes that id, rather than adding a row that would be its duplicate)."""
    if unread is None:
        return LintFinding("warning", "missing-row", "", f"{req.id}（{req.name}）の回答行がありません", req.id)
    return LintFinding("warning", "missing-row", unread,
                       f"{req.id}（{req.name}）として読める回答行がありません。{unread} の ID が読めないためと思われます"
                       "（行を追加せず、その ID を直してください）", req.id)


def unanswered_kinds(spec: Spec, found: list[Answer | None]) -> list[str]:
    """The kinds of requirement (function, form) without a row in answers that have rows of the other (*found*: each
    requirement's row or None): most likely answered in another file (機能 and 帳票 apart) not given with this one."""
    answered = {r.kind for r, a in zip(spec.requirements, found) if a is not None}
    return [kind for kind in KIND_LABELS if answered and kind not in answered and spec.count(kind=kind)]


def _missing_kind(spec: Spec, kind: str) -> LintFinding:
    label = KIND_LABELS[kind]
    return LintFinding("warning", "missing-kind", "", (
        f"{label}（{spec.count(kind=kind):,} 件）の回答行が 1 つもありません。{label.removesuffix('要件')}の回答が別のファイルにあれば、2 つのファイルを"
        " 1 つのベンダの回答として指定してください（同じフォルダにあって名前の末尾の「_機能」「_帳票」だけが違う 2 つのファイルは、並べて"
        "指定すれば 1 社の回答として読みます。名前が合わない・フォルダが違うときはマニフェストで file: [機能.xlsx, 帳票.xlsx]）"))


def check(spec: Spec, response: Response, profile: Profile | None = None) -> GapResult:
    """Assign a status to every requirement of *spec* from *response* (first row per id wins)."""
    # Column by column (one comprehension per step), as the reader does: a national-scale run
    # checks hundreds of thousands of rows (benchmarks/RESULTS.md).
    required = profile.required_ids() if profile else {}
    answers = response.answers
    first: dict[str, Answer] = dict(zip(reversed([a.id for a in answers]), reversed(answers)))
    known = spec.by_id()
    unknown = [GapRow(a.id, "unknown_id", a.answer, None, a) for a in answers
               if a.id not in known and first[a.id] is a]
    duplicates = ([GapRow(a.id, "duplicate_id", a.answer, known.get(a.id), a) for a in answers if first[a.id] is not a]
                  if len(first) < len(answers) else [])

    reqs = spec.requirements
    found = [first.get(r.id) for r in reqs]
    given = [a.answer if a is not None else "blank" for a in found]
    options = [required.get(r.id) if r.cls == "optional" else None for r in reqs] if required else [None] * len(reqs)
    flags = [o is not None for o in options]
    statuses = [_STATUS[r.cls, a, f] for r, a, f in zip(reqs, given, flags)]
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(Counter(statuses))
    ok_mandatory = sum(1 for r, st in zip(reqs, statuses) if st == "conformant" and r.cls == "mandatory")
    rows = list(map(GapRow, [r.id for r in reqs], statuses, given, reqs, found, flags,
                    [o.priority if o else "" for o in options]))
    lint = list(response.lint)
    unread = {f.id: f.cell for f in reversed(response.lint) if f.code == "bad-id" and f.id}  # the first row of each
    lint.extend(_missing_kind(spec, kind) for kind in unanswered_kinds(spec, found))
    lint.extend(_missing_row(r, unread.get(r.id)) for r, a in zip(reqs, found) if a is None)
    for row in unknown:
        if row.source is not None:
            lint.append(LintFinding("warning", "unknown-id", row.source.id_cell, _unknown_id(spec, response, row.id), row.id))
    mandatory = spec.count(cls="mandatory")
    return GapResult(
        spec=spec, response=response, profile=profile, rows=tuple(rows + unknown + duplicates), lint=tuple(lint),
        status_counts=counts, unknown_ids=len(unknown), duplicate_ids=len(duplicates),
        verdict=verdict_for(counts), mandatory_conformant=ok_mandatory,
        mandatory_coverage=ok_mandatory / mandatory if mandatory else 1.0,
    )
