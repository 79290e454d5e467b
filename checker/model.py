"""The canonical model: specs, vendor responses, profiles and lint findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .normalize import CLASS_LABELS, AnswerClass

Kind = Literal["function", "form"]
ReqClass = Literal["mandatory", "optional", "prohibited"]
Level = Literal["error", "warning", "info"]

KIND_LABELS = {"function": "機能要件", "form": "帳票要件"}
HEADING_LABELS = ("大項目", "中項目", "小項目")  # the levels of Requirement.section
ID_LABELS = {"function": "機能ID", "form": "帳票ID"}  # what an id of each kind is called
FILES_JOINED = " + "  # between the names of one vendor's several answer files (a.xlsx + b.xlsx): 、 lists vendors
# What each lint code means, for a reader of Japanese (the code stays beside it, for looking it up). The one
# name of a finding in every output: lint, the gap report (its row statuses and counts) and the comparison's
# cautions. An id may be a 帳票ID, so the labels say ID, never 機能ID.
CODE_LABELS = {
    "bad-id": "IDが読めない", "invalid-answer": "回答不正", "duplicate-id": "ID重複", "no-answer-column": "回答の列がない",
    "ambiguous-column": "列が複数ある", "unknown-mark-column": "記号の列の語が定義にない", "ids-without-header": "見出しのない表", "no-id-rows": "IDの行がない",
    "no-table": "回答の表がない",
    "unknown-id": "仕様書にないID", "missing-row": "回答行がない", "blank-answer": "回答が空欄",
    "merged-hidden-value": "結合で隠れた値", "hidden-row": "非表示の行",
    "hidden-column": "非表示の列", "hidden-sheet": "非表示のシート", "answered-version-not-stored": "回答した版の仕様書がない",
    "answered-version-differs": "回答した版の指定とファイルの版が違う", "no-header": "見出しのないシート", "empty-sheet": "空のシート",
    "history-sheet": "改定履歴のシート", "example-sheet": "記入例のシート", "example-row": "記入例の行",
    "version-in-file-name": "ファイル名の版が表題と違う", "other-area-sheet": "別の業務のシート",
    "missing-kind": "回答行のない種別", "part-versions-differ": "ファイルごとの版が違う",
    "part-vendors-differ": "ファイルごとのベンダ名が違う", "vendor-name-blank": "ベンダ名が空欄",
    "mark-columns": "記号ごとの列", "merged-mark-columns": "記号の列の結合", "own-codes": "様式独自の記号",
    "legend-differs": "凡例と記号の区分が違う",
}


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: Kind
    cls: ReqClass
    section: tuple[str, ...]  # 大項目 / 中項目 / 小項目 where the spec has them
    number: str  # 項番 such as 1.1.2 ("" if none)
    name: str
    text: str
    note: str
    source: str  # sheet!A1 of the id cell in the spec workbook
    # The annotation of the 実装区分 cell (経過措置 of 実装必須機能（経過措置）), NFKC, without its brackets: part of
    # the class, as a transitional measure decides which answers are acceptable. "" for a plain class word.
    class_note: str = ""

    @property
    def class_label(self) -> str:
        """The 実装区分 as the spec words it, with its annotation (実装必須機能（経過措置））: every report shows this."""
        return f"{CLASS_LABELS[self.cls]}（{self.class_note}）" if self.class_note else CLASS_LABELS[self.cls]

    @property
    def group(self) -> str:
        """Top-level group for reports: 大項目, else the first part of 項番."""
        if self.section:
            return self.section[0]
        return self.number.split(".")[0] if self.number else ""

    @property
    def subgroup(self) -> str:
        if len(self.section) > 1:
            return self.section[1]
        parts = self.number.split(".")
        return ".".join(parts[:2]) if len(parts) > 1 else ""

    @property
    def minor(self) -> str:
        """小項目, where the spec has one."""
        return self.section[2] if len(self.section) > 2 else ""


@dataclass(frozen=True)
class SourceFile:
    file: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "sha256": self.sha256}


@dataclass(frozen=True)
class Spec:
    area: str
    version: str
    requirements: tuple[Requirement, ...]
    sources: tuple[SourceFile, ...]
    sha256: str = ""  # of the canonical JSON, filled by the store

    def by_id(self) -> dict[str, Requirement]:
        """Requirements by id (one shared dict: do not modify it)."""
        return self._by_id

    @cached_property
    def _by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    @cached_property
    def _tally(self) -> Counter[tuple[str, str]]:
        return Counter((r.kind, r.cls) for r in self.requirements)

    def count(self, *, kind: str | None = None, cls: str | None = None) -> int:
        return sum(n for (k, c), n in self._tally.items() if (kind is None or k == kind) and (cls is None or c == cls))

    def counts(self) -> dict[str, int]:
        """Requirements in all, by kind and by class (the canonical JSON's `counts`)."""
        return {"requirements": len(self.requirements),
                **{k: self.count(kind=k) for k in ("function", "form")},
                **{c: self.count(cls=c) for c in ("mandatory", "optional", "prohibited")}}


@dataclass(frozen=True)
class LintFinding:
    level: Level
    code: str
    cell: str  # sheet!A1, or "" for file-level findings
    message: str
    # The id of the row or requirement the finding is about: "" for a file, a sheet or a column; for a row whose
    # id cannot be read (bad-id) the id it most likely meant, when one can be told
    id: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "code": self.code, "cell": self.cell, "id": self.id, "message": self.message}


# One object per row of a sheet: a frozen dataclass costs five times as much to create (each field
# goes through object.__setattr__), so the per-row records are plain slotted dataclasses.
@dataclass(slots=True)
class Answer:
    """One vendor row with a valid id, in file order. Treat as read-only."""

    id: str
    raw_answer: str  # the answer cell as written (normalize.written), classified as NFKC reads it
    answer: AnswerClass
    timing: str  # these three as written too: the vendor's words, not NFKC's (semantics.md §2)
    alternative: str
    comment: str
    cell: str  # address of the answer cell (or of the id cell when the sheet has no answer column)
    id_cell: str
    name: str = ""  # the vendor's own 機能名称, when given, as written
    # the mark of the column chosen, of a sheet with a column per mark (○ for 「✓（○の列）」): what the answer is, written
    # in one answer column (spec template --answers carries it over); "" otherwise
    mark: str = ""


@dataclass(frozen=True)
class Response:
    """One vendor's answers, from one file or several (機能 and 帳票 apart) read as one."""

    vendor: str
    file: str  # the file's name; of several, their names joined by FILES_JOINED
    sha256: str  # the file's; of several, that of their sha256s (hex, one a line, in order): `sources` holds each
    answers: tuple[Answer, ...]
    lint: tuple[LintFinding, ...]
    declared_version: str | None = None  # 第N.M版 found in the sheet's title rows, else in the file name
    version_in_name: bool = False  # declared_version is the file name's (no title row gives one)
    declared_area: str | None = None  # the business area named in the title rows or the file name
    own_names: tuple[str, ...] = ()  # the vendor names the file gives itself (its sheets, its file name), for masking
    # one of own_names is written inside the file (a ベンダ名 cell, a title), not only its file name: the office names
    # files (…_回答_提案書4.xlsx), so the company's own name in the texts may be one the mask does not know
    named_inside: bool = False
    sheets: tuple[str, ...] = ()  # its sheets as addresses name them (cells.sheet_ref), in the files' order
    # when read for one area, the answered ids of none of its 業務コード (id → whose code: another area, 「… の共通機能」,
    # "" for a code of no area): a stray row or a mistyped code, never an answer to another version; every answered
    # id of them, answers check_run.ensure_same_area refuses
    other_area_ids: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[SourceFile, ...] = ()  # each file read, in order (the one file when not given)

    def __post_init__(self) -> None:
        if not self.sources:
            object.__setattr__(self, "sources", (SourceFile(self.file, self.sha256),))

    @property
    def hashes(self) -> str:
        """The sha256 of its file, or of each of its files after the file's name, as provenance shows them."""
        return self.sha256 if len(self.sources) == 1 else "、".join(f"{s.file}: {s.sha256}" for s in self.sources)


@dataclass(frozen=True)
class RequiredOption:
    id: str
    priority: str = "中"  # 高 / 中 / 低
    note: str = ""


def town_label(prefecture: str | None, municipality: str) -> str:
    """A municipality as every output names it: 「広島県 府中市」, the name alone where no prefecture is known. The
    prefecture tells apart on paper and in a browser tab the towns of one name (府中市 of 東京都 and of 広島県)."""
    return f"{prefecture} {municipality}" if prefecture else municipality


@dataclass(frozen=True)
class Profile:
    municipality: str
    area: str
    spec_version: str | None
    required_options: tuple[RequiredOption, ...] = field(default_factory=tuple)
    file: str = ""
    sha256: str = ""
    prefecture: str | None = None  # of the municipality: 美里町 is a town of three prefectures

    @property
    def town(self) -> str:
        return town_label(self.prefecture, self.municipality)

    def required_ids(self) -> dict[str, RequiredOption]:
        return {o.id: o for o in self.required_options}
