"""What changed since a previous comparison (a revised bid, 再提出): each vendor's standing then and now, and each
area's rows whose answer or status changed, with the reason.

The previous comparison is its JSON (hyojun compare's, with the vendors' real names); vendors are matched by name,
company form, width and spaces aside (bid.name_key), and by nothing looser: 富士通 and 富士通Japan are two companies.
A row has changed when its status or the class of its answer (○ △ × …) has: ◯ rewritten as ○ is no change, and the
same answer read as another class (another --vocabulary) is a change of the basis, not the vendor's. Where the area's
spec version differs between the two, every change of the area is put down to that, once for the area, not to the
vendors.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from .. import __version__
from ..errors import InputError, at_most
from ..schemas import key_path
from .bid import Comparison, earlier_vendors
from .gap import NO_ROW, STATUSES
from .scoring import ScoreResult, rank_label, score_row, section_label

# The reasons of a changed row, in the order they are listed; the JSON holds the keys.
REASONS = {
    "answer_changed": "回答の変更",  # the vendor answered the row otherwise
    "row_added": "行の追加",  # unanswered (no row, or blank) before
    "row_removed": "行の削除",  # answered before, unanswered now
    "spec_version_changed": "仕様書の版の変更",  # the area was compared against another version before
    "basis_changed": "判定条件の変更",  # the same answer judged otherwise: the profile's required options, the marks
}
NO_AREA_COMPARED = "前回と比べられる業務なし"  # a vendor none of whose areas the previous comparison had

_FORMAT = "hyojun-compare/1"
WANTED = ("--previous には前回の hyojun compare が書いた比較の JSON（compare.json、--manifest では "
          "compare_<マニフェスト名>.json）を、ベンダの実名で作ったもの（--mask なし）を指定してください")


@dataclass(frozen=True)
class Standing:
    """A vendor's place in a comparison: its rank (None: knocked out) and total."""

    rank: int | None
    percent: float

    @property
    def label(self) -> str:
        """「2位 93.10%」, 「失格 89.39%」."""
        return f"{rank_label(self.rank)} {self.percent:.2f}%"


@dataclass(frozen=True)
class PreviousCell:
    status: str
    answer: str  # the answer's class: yes / partial / … / blank / invalid
    raw_answer: str
    points: float


@dataclass(frozen=True)
class PreviousArea:
    area: str
    town: str
    version: str
    vendors: tuple[str, ...]
    cells: Mapping[str, tuple[PreviousCell, ...]]  # by requirement id, one per vendor

    @property
    def label(self) -> str:
        return section_label(self.town, self.area)


@dataclass(frozen=True)
class PreviousComparison:
    """The parts of a previous comparison's JSON the changes are made of."""

    file: str
    generated_at: str
    title: str
    standings: Mapping[str, Standing]  # by vendor, in its ranking's order
    areas: tuple[PreviousArea, ...]

    @classmethod
    def from_json(cls, data: bytes, file: str) -> PreviousComparison:
        """From the bytes *data* of *file*: refused (InputError, naming the file) unless they are JSON (from_document)."""
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            if not data.strip():
                raise InputError(f"{file}: 空のファイルです。{WANTED}") from None
            how = (f"{len(data):,} バイトで途切れています（書き出しかコピーが途中で止まったファイルです）"
                   if _cut_short(data, exc) else
                   f"{exc.lineno} 行 {exc.colno} 文字目から先が JSON の書き方になっていません（壊れているか、JSON でないファイルです）")
            raise InputError(f"{file}: JSON として読めません。{how}。{WANTED}") from None
        return cls.from_document(doc, file)

    @classmethod
    def from_document(cls, doc: Any, file: str) -> PreviousComparison:
        """From the JSON document *doc* read from *file*: refused (InputError, naming the file) unless it is an
        unmasked hyojun compare JSON holding what is read of it (only that is checked: the whole schema took 25 s on a
        national comparison's 40 MB, and a JSON of an older hyojun lacking keys never read is as good)."""
        kind = doc.get("format") if isinstance(doc, dict) else None
        if kind != _FORMAT:
            what = f"形式 {kind}" if isinstance(kind, str) else "format の項目がありません"
            raise InputError(f"{file}: hyojun compare の比較の JSON ではありません（{what}）。{WANTED}")
        if doc.get("masked") is True:  # labels move between rounds, and the answers are not as written
            raise InputError(f"{file}: 匿名化した比較（--mask）の JSON です。表示名（A社など）は回ごとに変わることがあり、"
                             f"回答もベンダの書いたとおりではないため、前回と照らし合わせられません。{WANTED}")
        r = _Reader()
        standings = {}
        for i, v in r.items(doc, "ranking", ()):
            at = ("ranking", i)
            name, rank, percent = r.get(v, "vendor", at, _TEXT), r.get(v, "rank", at, _RANK), r.get(v, "total_percent", at, _NUMBER)
            standings[name] = Standing(rank, percent)
        areas = []
        for i, a in r.items(doc, "areas", ()):
            at = ("areas", i)
            vendors = tuple(r.get(v, "vendor", (*at, "vendors", j), _TEXT) for j, v in r.items(a, "vendors", at))
            cells = {}
            for j, row in r.items(a, "rows", at):
                row_at = (*at, "rows", j)
                shown = _cells(row.get("cells")) or tuple(
                    PreviousCell(*(r.get(c, k, (*row_at, "cells", m), want) for k, want in _CELL))
                    for m, c in r.items(row, "cells", row_at))
                if len(shown) != len(vendors) and isinstance(row.get("cells"), list):
                    r.problem((*row_at, "cells"), f"ベンダ {len(vendors)} 社の比較の行に、セルが {len(shown)} 個しかありません"
                              if len(shown) < len(vendors) else f"ベンダ {len(vendors)} 社の比較の行に、セルが {len(shown)} 個あります")
                cells[r.get(row, "id", row_at, _TEXT)] = shown
            areas.append(PreviousArea(r.get(a, "area", at, _TEXT), r.get(a, "town", at, _TEXT, needed=False) or "",
                                      r.get(a, "version", at, _TEXT), vendors, cells))
        generated_at, title = r.get(doc, "generated_at", (), _TEXT), r.get(doc, "title", (), _TEXT)
        if r.problems:
            tool = doc.get("tool")
            version = tool.get("version") if isinstance(tool, dict) else None
            if r.missing and version != __version__:  # the JSON of another hyojun, not one edited
                raise InputError(f"{file}: hyojun {version if isinstance(version, str) else '（版の記録なし）'} が書いた比較の"
                                 f" JSON で、この hyojun（{__version__}）の --previous が読む項目がありません。前回の比較を、同じ"
                                 f"回答ファイル・仕様書・プロファイルでこの hyojun でもう一度実行し、その JSON を --previous に"
                                 "指定してください", details=r.details())
            raise InputError(f"{file}: 比較の JSON の形式が正しくありません（編集されたか、壊れています）。{WANTED}",
                             details=r.details())
        return cls(file, generated_at, title, standings, tuple(areas))


def _cut_short(data: bytes, exc: orjson.JSONDecodeError) -> bool:
    """Whether *data* failed as JSON at its end (a copy or a write stopped part way), not before it (a workbook, a YAML,
    a file edited wrong): orjson says so, or of a cut through a character that the text is no UTF-8."""
    if exc.msg == "unexpected end of data":
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return bad.reason == "unexpected end of data"
    return False


# What a value read from the previous comparison must be: in words, and the test
_Want = tuple[str, Callable[[Any], bool]]
_TEXT: _Want = ("文字列", lambda v: isinstance(v, str))
_NUMBER: _Want = ("数", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
_RANK: _Want = ("1 以上の整数か null", lambda v: v is None or (type(v) is int and v >= 1))
_STATUS: _Want = ("状態のコード（" + "・".join(STATUSES) + "）", lambda v: v in STATUSES)
_STATUS_CODES = frozenset(STATUSES)
_CELL = (("status", _STATUS), ("answer", _TEXT), ("raw_answer", _TEXT), ("points", _NUMBER))  # PreviousCell's fields
_LISTED = 5  # kinds of problem a refusal lists


def _cells(cells: Any) -> tuple[PreviousCell, ...] | None:
    """A row's cells when each is as read (_CELL), else None (the _Reader says what is not): 200,000 cells of a
    national comparison read a key at a time took 1.5 s, this way 0.5 s."""
    if type(cells) is not list:
        return None
    out = []
    for c in cells:
        if type(c) is not dict:
            return None
        status, answer, raw = c.get("status"), c.get("answer"), c.get("raw_answer")
        points: Any = c.get("points")
        if status not in _STATUS_CODES or type(answer) is not str or type(raw) is not str or type(points) not in (int, float):
            return None
        out.append(PreviousCell(status, answer, raw, points))
    return tuple(out)


class _Reader:
    """Reads the keys of a previous comparison's JSON, noting each one missing or of another type by its path; one
    problem of many rows is said once, with how many more places have it (a JSON of an older hyojun lacks a key in
    every row)."""

    def __init__(self) -> None:
        self.problems: dict[tuple[tuple[str | int, ...], str], list[tuple[str | int, ...]]] = {}
        self.missing = False

    def problem(self, at: tuple[str | int, ...], message: str) -> None:
        pattern = tuple("*" if isinstance(p, int) else p for p in at)
        self.problems.setdefault((pattern, message), []).append(at)

    def get(self, obj: dict[str, Any], key: str, at: tuple[str | int, ...], want: _Want, *, needed: bool = True) -> Any:
        """*obj*'s *key* if it is what *want* says, else None (noted unless absent and not *needed*)."""
        if key not in obj:
            if needed:
                self.missing = True
                self.problem(at, f"必要なキー「{key}」がありません")
            return None
        value = obj[key]
        if not want[1](value):
            self.problem((*at, key), f"{orjson.dumps(value).decode()[:40]} は{want[0]}ではありません")
            return None
        return value

    def items(self, obj: dict[str, Any], key: str, at: tuple[str | int, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The index and the object of each item of *obj*'s list *key*."""
        for i, item in enumerate(self.get(obj, key, at, ("リスト", lambda v: isinstance(v, list))) or ()):
            if isinstance(item, dict):
                yield i, item
            else:
                self.problem((*at, key, i), f"{orjson.dumps(item).decode()[:40]} はキーと値の組ではありません")

    def details(self) -> list[str]:
        return at_most([f"{key_path(places[0]) or '(最上位)'}: {message}"
                        + (f"（ほか {len(places) - 1:,} か所も）" if len(places) > 1 else "")
                        for (_, message), places in self.problems.items()], _LISTED, "種類")


@dataclass(frozen=True)
class RowChange:
    """One vendor's changed row of an area."""

    id: str
    name: str
    cls: str  # the requirement's class (mandatory / optional / prohibited), now
    class_label: str
    vendor: str  # the current comparison's name (its label when masked)
    previous: PreviousCell | None  # None: the row was not in the previous comparison (a requirement new since)
    status: str
    answer: str  # the answer's class, now
    raw_answer: str  # as written, now
    points: float  # now less before
    reason: str  # a key of REASONS

    @property
    def previous_status(self) -> str:
        return self.previous.status if self.previous else "unanswered"


@dataclass(frozen=True)
class AreaChanges:
    label: str  # the section's (利府町 介護保険 of a joint comparison)
    previous_version: str | None  # None: the area was not compared before
    version: str
    rows: tuple[RowChange, ...]  # spec order, a row's vendors in the comparison's order
    compared: tuple[str, ...] = ()  # the vendors (current names) the previous comparison had in this area
    dropped_ids: tuple[str, ...] = ()  # requirements compared before and not in this version: counted before, no row

    @property
    def version_changed(self) -> bool:
        return self.previous_version is not None and self.previous_version != self.version


@dataclass(frozen=True)
class VendorChange:
    """A vendor's standing before and now: *previous* None for a vendor new to the comparison, *current* None for one
    no longer in it (withdrawn)."""

    vendor: str  # the current comparison's name (its label when masked); "" for a withdrawn vendor
    previous_vendor: str  # the previous comparison's name; "" for a new vendor
    previous: Standing | None
    current: Standing | None


@dataclass(frozen=True)
class BidChanges:
    previous: PreviousComparison
    vendors: tuple[VendorChange, ...]  # the current ranking's order, then the withdrawn vendors in the previous one's
    areas: tuple[AreaChanges, ...]  # the current comparison's sections
    dropped_areas: tuple[str, ...] = ()  # the previous comparison's sections this one has not (a town no longer in it)

    def compared(self, vendor: str) -> bool:
        """Whether any area of *vendor* (a current name) was compared before: else no row of it could change."""
        return any(vendor in a.compared for a in self.areas)

    def counts(self, vendor: str) -> tuple[tuple[AreaChanges, Counter[str], float], ...]:
        """Each area's changed rows of *vendor* (a current name): how many for each reason, and the points they make
        up; areas without any left out."""
        out = []
        for a in self.areas:
            mine = [r for r in a.rows if r.vendor == vendor]
            if mine:
                out.append((a, Counter(r.reason for r in mine), sum(r.points for r in mine)))
        return tuple(out)


def bid_changes(previous: PreviousComparison, comparison: Comparison, scores: ScoreResult,
                names: Mapping[str, str] | None = None) -> BidChanges:
    """The changes from *previous* to *comparison* (scored as *scores*). *names*: the comparison's vendor → its real
    name, when the comparison is masked (the previous one names the vendors)."""
    real = {v: (names or {}).get(v, v) for v in comparison.vendors}
    found = earlier_vendors(list(real.values()), list(previous.standings))
    before = {v: found[r] for v, r in real.items() if r in found}  # current name → previous name
    vendors = [VendorChange(v.vendor, before.get(v.vendor, ""), previous.standings.get(before.get(v.vendor, "")),
                            Standing(v.rank, v.total)) for v in scores.ranking]
    vendors += [VendorChange("", p, s, None) for p, s in previous.standings.items() if p not in found.values()]
    areas = []
    matched: set[int] = set()  # of previous.areas
    for a in comparison.areas:
        i, old = next(((i, o) for i, o in enumerate(previous.areas) if (o.area, o.town) == (a.spec.area, a.town)),
                      (-1, None))
        if old is None:
            areas.append(AreaChanges(a.label, None, a.spec.version, ()))
            continue
        matched.add(i)
        column = {v: old.vendors.index(before[v]) for v in a.vendors if before.get(v) in old.vendors}
        changed = old.version != a.spec.version
        rows = []
        for r in a.rows:
            req = r.requirement
            for v, c in zip(a.vendors, r.cells):
                if v not in column:
                    continue
                cell = old.cells[req.id][column[v]] if req.id in old.cells else None
                same = (cell.status, cell.answer) == (c.status, c.answer) if cell else c.status == "unanswered"
                if same:
                    continue
                points = score_row(c, scores.config).points - (cell.points if cell else 0.0)
                raw = (c.source or NO_ROW).raw_answer
                rows.append(RowChange(req.id, req.name, req.cls, req.class_label, v, cell, c.status, c.answer, raw,
                                      points, _reason(cell, c.status, c.answer, raw, changed)))
        ids = {r.requirement.id for r in a.rows}
        areas.append(AreaChanges(a.label, old.version, a.spec.version, tuple(rows), tuple(column),
                                 tuple(i for i in old.cells if i not in ids)))
    return BidChanges(previous, tuple(vendors), tuple(areas),
                      tuple(o.label for i, o in enumerate(previous.areas) if i not in matched))


def _reason(before: PreviousCell | None, status: str, answer: str, raw: str, version_changed: bool) -> str:
    if version_changed:
        return "spec_version_changed"
    if before is None or before.status == "unanswered":
        return "row_added"
    if status == "unanswered":
        return "row_removed"
    # the vendor's doing when both the class and the text changed: the same 要確認 read as △ under another --vocabulary
    # is not (◯ for ○ is the same class)
    changed = before.answer != answer and _written(before.raw_answer) != _written(raw)
    return "answer_changed" if changed else "basis_changed"


def _written(answer: str) -> str:
    return unicodedata.normalize("NFKC", answer).strip()
