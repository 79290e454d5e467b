"""Bid comparison: several vendors' gap results of one spec side by side, per area.

Rows are the spec's requirements grouped by 大項目 (groups in the order they first appear in the
spec, rows in spec order); columns are vendors. A row *differs* when the vendors' statuses are
not all the same, and *has a gap* when any vendor's status needs attention (GAP_STATUSES).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..io.answer_files import FILE_SUFFIX  # pure: patterns of file names
from ..io.cells import column_letter  # pure: no file is read
from ..model import CODE_LABELS, KIND_LABELS, Requirement, Spec, town_label
from ..normalize import COMPANY_FORMS, text
from ..readiness_model import PREFECTURE_ORDER, prefecture_place, town_key
from .carryover import BASIS_LABELS, AnsweredVersion, Carryover, VersionChanges
from .gap import GapResult, GapRow, unanswered_kinds
from .scoring import section_label

# Statuses a committee must look at: everything except 適合 and the options nobody asked for.
GAP_STATUSES = frozenset({"mandatory_gap", "mandatory_deferred", "optional_gap", "prohibited_violation",
                          "unanswered", "invalid_answer"})


@dataclass(frozen=True)
class BidRow:
    requirement: Requirement
    cells: tuple[GapRow, ...]  # one per vendor, in the comparison's vendor order
    differ: bool  # the vendors' statuses are not all the same
    gap: bool  # at least one vendor's status is in GAP_STATUSES

    @property
    def required(self) -> bool:
        return self.cells[0].required

    @property
    def priority(self) -> str:
        return self.cells[0].priority


@dataclass(frozen=True)
class BidGroup:
    name: str  # 大項目, or 機能要件/帳票要件 for requirements without one
    rows: tuple[BidRow, ...]

    @property
    def differ_rows(self) -> int:
        return sum(1 for r in self.rows if r.differ)

    @property
    def gap_rows(self) -> int:
        return sum(1 for r in self.rows if r.gap)


@dataclass(frozen=True)
class OtherVersion:
    """The version of the spec a vendor's answers were made against, when not the compared one, as check decides
    it (check_run.carryover_for: a manifest's answered_version, the sheet's title or file name, its ids)."""

    answered: AnsweredVersion
    reconfirm: int | None  # answers whose requirement changed since (Carryover.reconfirm); None: version not stored
    changes: VersionChanges | None = None  # what the change explains of the rows; None: version not stored

    @classmethod
    def of(cls, answered: AnsweredVersion | None, carry: Carryover | None) -> OtherVersion | None:
        """From carryover_for's answered version and carry-over (None, None: the compared version was answered)."""
        if answered is None:
            return None
        return cls(answered, len(carry.reconfirm), VersionChanges.of(carry)) if carry else cls(answered, None)


@dataclass(frozen=True)
class AreaComparison:
    spec: Spec
    vendors: tuple[str, ...]
    results: tuple[GapResult, ...]  # one per vendor, same order
    versions: tuple[OtherVersion | None, ...]  # one per vendor, same order: None for answers to the compared version
    groups: tuple[BidGroup, ...]
    town: str = ""  # of a joint comparison (共同調達): the town this section of the area is for

    @property
    def rows(self) -> tuple[BidRow, ...]:
        return tuple(r for g in self.groups for r in g.rows)

    @property
    def label(self) -> str:
        """「利府町 介護保険」 of a joint comparison, the area's name else."""
        return section_label(self.town, self.spec.area)


@dataclass(frozen=True)
class Comparison:
    vendors: tuple[str, ...]
    areas: tuple[AreaComparison, ...]  # of a joint comparison its sections, a town's together

    @property
    def joint(self) -> bool:
        """Whether it compares the vendors for several towns, town by town (共同調達): its sections have towns."""
        return any(a.town for a in self.areas)

    @property
    def towns(self) -> dict[str, tuple[str, ...]]:
        """The municipalities the areas' profiles name (`town_label`, as first spelt: width and spaces aside), each
        with its areas; areas without a profile are left out. Several mean the total mixes towns' requirements: a
        profile without a prefecture is of the town of that name another names one for (`same_town`). Of a joint
        comparison, its towns with their areas."""
        if self.joint:
            return {t: tuple(a.spec.area for a in self.areas if a.town == t)
                    for t in dict.fromkeys(a.town for a in self.areas)}
        towns: list[tuple[Town, list[str]]] = []
        for a in self.areas:
            if profile := a.results[0].profile:
                town = (profile.prefecture, profile.municipality)
                i = next((i for i, (t, _) in enumerate(towns) if same_town(t, town)), None)
                if i is None:
                    towns.append((town, [a.spec.area]))
                else:
                    (prefecture, name), areas = towns[i]
                    towns[i] = ((prefecture or town[0], name), [*areas, a.spec.area])
        return {town_label(*t): tuple(areas) for t, areas in towns}


def towns_label(towns: Mapping[str, tuple[str, ...]]) -> str:
    """利府町, or 利府町（住民記録・介護保険）、松島町（個人住民税） when the profiles name several towns."""
    if len(towns) == 1:
        return next(iter(towns))
    return "、".join(f"{t}（{'・'.join(areas)}）" for t, areas in towns.items())


def towns_notice(towns: Mapping[str, tuple[str, ...]]) -> str:
    """What a reader of the scores must be told when the profiles name several towns ("" for one or none)."""
    if len(towns) < 2:
        return ""
    return f"業務によってプロファイルの団体が違います: {towns_label(towns)}。総合得点はこれらを合わせた得点です"


@dataclass(frozen=True)
class Caution:
    """Something a committee must know of a vendor's answers before trusting its score."""

    short: str  # for the report's 回答の注意 column
    long: str  # for the console


def answer_cautions(result: GapResult, version: OtherVersion | None) -> tuple[Caution, ...]:
    """Ids answered twice (the first row scored), unknown to the spec or unreadable (an answer on a row whose id
    is mistyped is not scored: a typo could knock a vendor out), answers made against another *version* of the spec
    (`check` makes the re-confirmation list; a manifest's version the title contradicts), not one row of 機能要件
    or of 帳票要件 (answered in another file), an answer column all blank."""
    bad_ids = sum(f.code == "bad-id" for f in result.lint)
    # lint's names, the console adding what was done with the rows
    cautions = [Caution(f"{CODE_LABELS[code]} {n} 件", f"{CODE_LABELS[code]}{done} {n} 件") for code, done, n in (
        ("duplicate-id", "（最初の行を採用）", result.duplicate_ids),
        ("unknown-id", "", result.unknown_ids),
        ("bad-id", "（その行の回答は採点せず未回答）", bad_ids)) if n]
    if version:
        answered, n = version.answered.version, version.reconfirm
        listed = ("再確認の一覧は hyojun check で作れます" if n is not None else
                  f"hyojun spec import で {answered} を取り込むと、再確認の一覧を hyojun check で作れます")
        cautions.append(Caution(f"{answered} への回答" + (f"（再確認 {n} 件）" if n is not None else ""),
                                f"{answered} への回答（{BASIS_LABELS[version.answered.basis]}。仕様書は {result.spec.version}。"
                                + (f"再確認 {n} 件。" if n is not None else "")
                                + f"版の変わった要件は未回答・古い回答のまま採点。{listed}）"))
    cautions += [Caution(CODE_LABELS[f.code], f.message) for f in result.lint
                 if f.code in ("answered-version-differs", "part-versions-differ", "part-vendors-differ")]
    rows = result.requirement_rows
    label = CODE_LABELS["missing-kind"]
    cautions += [Caution(f"{label}（{KIND_LABELS[kind]}）", f"{label}（{KIND_LABELS[kind]} {result.spec.count(kind=kind):,} 件。"
                         "別のファイルなら、そのファイルもいっしょに 1 つのベンダの回答として指定）")
                 for kind in unanswered_kinds(result.spec, [r.source for r in rows])]
    if rows and result.status_counts.get("unanswered", 0) == len(rows):
        cautions.append(Caution("回答がすべて空欄", "回答がすべて空欄（回答の列・シートが違わないか）"))
    return tuple(cautions)


def group_name(requirement: Requirement) -> str:
    return requirement.group or KIND_LABELS[requirement.kind]


def compare_area(results: Mapping[str, GapResult], versions: Mapping[str, OtherVersion | None] | None = None
                 ) -> AreaComparison:
    """Side by side view of *results* (vendor → gap result, all against one spec). *versions*: vendor → the other
    version its answers were made against; a vendor not in it answered the compared one."""
    vendors = tuple(results)
    gaps = tuple(results.values())
    if not gaps:
        raise ValueError("no vendor results to compare")
    versions = versions or {}
    if not versions.keys() <= results.keys():
        raise ValueError("answered versions of vendors not compared")
    spec = gaps[0].spec
    if any(g.spec.sha256 != spec.sha256 or g.spec.requirements != spec.requirements for g in gaps[1:]):
        raise ValueError("gap results of different specs cannot be compared")
    columns = [g.requirement_rows for g in gaps]
    groups: dict[str, list[BidRow]] = {}
    for i, req in enumerate(spec.requirements):
        cells = tuple(col[i] for col in columns)
        statuses = {c.status for c in cells}
        groups.setdefault(group_name(req), []).append(
            BidRow(req, cells, len(statuses) > 1, not statuses.isdisjoint(GAP_STATUSES)))
    return AreaComparison(spec, vendors, gaps, tuple(versions.get(v) for v in vendors),
                          tuple(BidGroup(n, tuple(rows)) for n, rows in groups.items()))


def compare(results: Mapping[str, Mapping[str, GapResult]],
            versions: Mapping[str, Mapping[str, OtherVersion | None]] | None = None,
            towns: Mapping[str, str] | None = None) -> Comparison:
    """One comparison over several areas: area → vendor → gap result; every area has every vendor. *versions*:
    area → vendor → the other version answered (compare_area). A joint comparison's *towns*: section (section_label)
    → its town, for every key of *results*."""
    versions = versions or {}
    if not versions.keys() <= results.keys():
        raise ValueError("answered versions of areas not compared")
    if towns is not None and set(towns) != set(results):
        raise ValueError("every section of a joint comparison needs its town")
    areas = tuple(replace(compare_area(r, versions.get(a)), town=towns[a] if towns else "") for a, r in results.items())
    vendors = areas[0].vendors if areas else ()
    if any(a.vendors != vendors for a in areas):
        raise ValueError("every area must list the same vendors in the same order")
    return Comparison(vendors, areas)


def mask_label(index: int) -> str:
    """A社, B社, … Z社, AA社, …: the letters of Excel's columns."""
    return f"{column_letter(index)}社"


@dataclass(frozen=True)
class LabelSeries:
    """A way to name masked vendors: A社・B社…, or another when vendors are already called so."""

    shown: str  # as notes name it: A社・B社…
    label: Callable[[int], str]  # the label of the index-th vendor (0-based)
    # found in a vendor's name (name_key, in upper case): a committee could take one of the labels for it. A bid filed
    # as A社 labelled B社 made 「A社 失格」 read as the bid filed as A社.
    resembles: re.Pattern[str]
    size: int | None = None  # how many labels it has; None: as many as asked


_STEMS = "甲乙丙丁戊己庚辛壬癸"
# In the order tried: the first no vendor's name resembles is used. A lone letter (回答_A.xlsx) and A社・B社共同企業体
# are A社-like, ABC社 (ABC's) is not; any number is 提案者1-like (提案書4 as offices rename files, 第2案), as is 提案者A.
MASK_SERIES = (
    LabelSeries("A社・B社…", mask_label, re.compile(r"(?<![A-Z])(?:[A-Z](?![A-Z])|[A-Z]{2}社)")),
    LabelSeries("提案者1・提案者2…", lambda i: f"提案者{i + 1}", re.compile(r"\d|提案者")),
    LabelSeries("甲社・乙社…", lambda i: f"{_STEMS[i]}社", re.compile(f"[{_STEMS}](?:社|$)"), len(_STEMS)),
)


def mask_series(names: Iterable[str], vendors: int) -> tuple[LabelSeries | None, list[tuple[LabelSeries, str]]]:
    """The first series of MASK_SERIES with labels enough for *vendors* that none of *names* (every name a vendor is
    known by) resembles, None if there is none; and each series passed over for a name resembling its labels, with it."""
    keys = {name_key(n).upper(): n for n in names}  # ａ社 as A社
    passed = []
    for series in MASK_SERIES:
        if clash := next((n for k, n in keys.items() if series.resembles.search(k)), None):
            passed.append((series, clash))
        elif series.size is None or vendors <= series.size:
            return series, passed
    return None, passed


def mask_seed(fingerprints: Mapping[str, str]) -> str:
    """The default seed: sha256 of the sorted vendor fingerprints (file hashes). Only who holds the files can
    reproduce it, unlike a seed from the vendor names, which every committee member knows."""
    return hashlib.sha256("\n".join(sorted(fingerprints.values())).encode()).hexdigest()


def mask_labels(vendors: Iterable[str], seed: str, series: LabelSeries = MASK_SERIES[0]) -> dict[str, str]:
    """vendor → A社/B社/… (*series*' labels), in the order of sha256(seed, vendor name), returned in label order.

    A vendor's place rests on its name and the seed alone: under one seed a revised bid keeps its label
    whatever its files hold or the order the vendors are given in, and a vendor withdrawing or joining
    moves only the vendors after it.
    """
    ordered = sorted(vendors, key=lambda v: (hashlib.sha256(f"{seed}\n{v}".encode()).hexdigest(), v))
    return {v: series.label(i) for i, v in enumerate(ordered)}


_FORMS = re.compile("|".join(map(re.escape, COMPANY_FORMS)), re.IGNORECASE)


def bare_name(name: str) -> str:
    """*name* without its company form (株式会社電算 → 電算)."""
    return _FORMS.sub("", name).strip()


def squeezed_name(name: str) -> str:
    """*name* as the vendors' text is read (NFKC: ＡＢＣ is ABC; the mask finds it so), without spaces."""
    return re.sub(r"\s+", "", text(name))


def name_key(name: str) -> str:
    """*name* as two names are compared: company form, width and spaces aside (ＡＢＣ㈱ is ABC)."""
    return bare_name(squeezed_name(name))


# A municipality as a profile names it: (prefecture or None, municipality)
Town = tuple[str | None, str]


_PREFECTURE = re.compile(rf"({'|'.join(PREFECTURE_ORDER)})\s*(\S.*)")


def parse_town(written: str) -> Town:
    """A town as a manifest's town: or a scoring file's town_weights names it: 「宮城県 利府町」 (the prefecture and the
    name, a space between or none, half- or full-width) is 利府町 of 宮城県, as a profile with its prefecture is;
    「利府町」 the town of that name in whichever prefecture."""
    if m := _PREFECTURE.fullmatch(text(written)):
        return m.group(1), m.group(2)
    return None, text(written)


def same_town(a: Town, b: Town) -> bool:
    """Whether two profiles' towns are one: by the name without spaces (「利府町　」
    pasted from a cell is 利府町; 七ヶ浜町 is 七ケ浜町) and, where both give one, the prefecture (北海道 伊達市 is not 福島県 伊達市)."""
    return town_key(a[1]) == town_key(b[1]) and (a[0] is None or b[0] is None or a[0] == b[0])


def towns_named(town: Town, among: Iterable[Town]) -> list[Town]:
    """The towns of *among* that *town* names (same_town), one a prefecture, in 都道府県コード順: 美里町 without its
    prefecture names 宮城県's and 埼玉県's, which the order of a manifest is not to choose between."""
    found: dict[str | None, Town] = {}
    # one spelling of a prefecture's town (七ヶ浜町, 七ケ浜町) by its name's order, not the manifest's either
    for t in sorted((t for t in among if same_town(t, town)), key=lambda t: (prefecture_place(t[0] or ""), t[1])):
        found.setdefault(t[0], t)
    return list(found.values())


def town_contradiction(written: str, prefecture: str | None, municipality: str, profile_file: str) -> str:
    """What is wrong when a manifest entry's town: (*written*) and its profile (of *municipality*, in *prefecture*,
    read from *profile_file*) name two towns: a profile copied from another town's ("" when they are one)."""
    if same_town(parse_town(written), (prefecture, municipality)):
        return ""
    return (f"town「{written}」とプロファイル（{profile_file}）の団体「{town_label(prefecture, municipality)}」が違います"
            "（別の団体のプロファイルを写していないか確かめてください）")


def same_vendor(name: str, own_names: tuple[str, ...]) -> bool:
    """Whether *name* (a manifest's) is one of the names a file gives itself, or *own_names* are none: company
    form, width and spaces aside, one contains the other (マンテン and マンテン株式会社 東日本支社)."""
    wanted = name_key(name)
    return not own_names or any(wanted in name_key(o) or name_key(o) in wanted for o in own_names if name_key(o))


def same_name(a: str, b: str) -> bool:
    """Whether two vendor names are one name, company form, width and spaces aside (株式会社 アルファ is アルファ), and a
    revision after it (a manifest's name is as written: 「アルファ 修正版」, as a file name's would be cut: FILE_SUFFIX).
    Not one containing the other, as same_vendor: 富士通Japan is another company than 富士通, NECネッツエスアイ than NEC."""
    return a == b or bool(key := _round_key(a)) and key == _round_key(b)  # a name all company form has no key


def _round_key(name: str) -> str:
    return name_key(FILE_SUFFIX.sub("", name) or name)


def earlier_vendors(now: Sequence[str], before: Sequence[str]) -> dict[str, str]:
    """Each vendor of *now* that one of *before* (an earlier round's) is → that one: the same name, else the same name
    company form, width and spaces aside (same_name; a revision in a file name is no part of the name read from it).
    Each of *before* once; a vendor two could be, or two could take, is none's."""
    matched = {v: v for v in now if v in before}
    left, free = [v for v in now if v not in matched], [b for b in before if b not in matched.values()]
    for v in left:
        if len(found := [b for b in free if same_name(v, b)]) == 1 and sum(same_name(o, found[0]) for o in left) == 1:
            matched[v] = found[0]
    return matched
