"""The 20 business areas (標準化対象事務), their aliases and 業務コード: the catalog shipped in checker/data/areas.yaml,
or the one in the project home's specs/ when there is one (edited locally, e.g. for a version published later)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from . import paths
from .errors import InputError
from .io.yaml_file import load_marked_yaml
from .normalize import header
from .schemas import validate


@dataclass(frozen=True)
class Area:
    name: str
    aliases: tuple[str, ...]
    ministry: str
    business_codes: tuple[str, ...]
    prefecture_runs: bool
    latest_version: str | None
    spec_name: str = ""
    page: str = ""
    latest_version_of: str = ""  # the spec latest_version belongs to, when the area has specs versioned apart (就学)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "aliases": list(self.aliases), "ministry": self.ministry,
            "business_codes": list(self.business_codes), "prefecture_runs": self.prefecture_runs,
            "spec_name": self.spec_name, "latest_version": self.latest_version,
            "latest_version_of": self.latest_version_of, "page": self.page,
        }

    @property
    def latest_label(self) -> str:
        """The latest version as shown: 第7.0版（就学援助システム標準仕様書） for an area whose specs have versions of their own."""
        if not self.latest_version:
            return "—"
        return f"{self.latest_version}（{self.latest_version_of}）" if self.latest_version_of else self.latest_version


@dataclass(frozen=True)
class Catalog:
    areas: tuple[Area, ...]
    source: str = ""  # the file it was read from, for the messages
    _index: dict[str, Area] = field(init=False, repr=False, compare=False)  # a name or alias as `header` reads it → its area

    def __post_init__(self) -> None:
        """Index the names, aliases and primary 業務コード; one claimed by two areas is an error: the later area took
        it silently, and `spec show 住基` then meant another area."""
        index: dict[str, Area] = {}
        codes: dict[str, Area] = {}
        clashes = []
        for area in self.areas:
            for key in dict.fromkeys(header(k) for k in (area.name, *area.aliases)):
                if (other := index.setdefault(key, area)) is not area:
                    clashes.append(f"「{key}」: {other.name} と {area.name}")
            if (other := codes.setdefault(area.business_codes[0], area)) is not area:
                clashes.append(f"業務コード {area.business_codes[0]}: {other.name} と {area.name}")
        if clashes:
            raise InputError(f"{self.source}: 同じ名前（業務名・別名）か業務コードが 2 つの業務にあります。どちらの業務か決まらないため、"
                             "一方から削除してください", details=clashes)
        object.__setattr__(self, "_index", index)

    def find(self, name: str) -> Area | None:
        return self._index.get(header(name))

    def resolve(self, name: str, where: str = "") -> Area:
        """The area called *name* or any alias of it; an unknown name is an input error (*where* says
        which file and key held it)."""
        area = self.find(name)
        if area is None:
            known = "、".join(a.name for a in self.areas)
            raise InputError(f"{where}業務「{name}」は標準化対象事務にありません。次のいずれか（または別名）を指定してください: {known}")
        return area

    def by_id_prefix(self, ids: list[str]) -> Area | None:
        """The area whose *primary* 業務コード most ids start with (None if no id matches)."""
        counts: dict[str, int] = {}
        for i in ids:
            counts[i[:3]] = counts.get(i[:3], 0) + 1
        best: tuple[int, Area] | None = None
        for area in self.areas:
            n = counts.get(area.business_codes[0], 0)
            if n and (best is None or n > best[0]):
                best = (n, area)
        return best[1] if best else None

    @cached_property
    def code_owners(self) -> dict[str, str]:
        """The area each 業務コード is of: the area whose primary code it is, else the one area that lists it (選挙人名簿管理's
        005). A code several areas list (014–016, the tax areas' common functions) is no area's own: not a key."""
        listed: dict[str, set[str]] = {}
        for area in self.areas:
            for code in area.business_codes:
                listed.setdefault(code, set()).add(area.name)
        owners = {code: next(iter(names)) for code, names in listed.items() if len(names) == 1}
        return owners | {area.business_codes[0]: area.name for area in self.areas}

    def codes_of(self, area: str, ids: Iterable[str] = ()) -> tuple[str, ...]:
        """*area*'s 業務コード: those the catalog lists for it, then those of its spec's *ids* (a code newer than the
        catalog, which spec import takes with a warning). An id of none of them is no version's of *area*."""
        listed = found.business_codes if (found := self.find(area)) else ()
        return tuple(dict.fromkeys([*listed, *sorted({i[:3] for i in ids})]))

    def whose_code(self, code: str) -> str:
        """Whose 業務コード *code* is, as messages name it: its area (code_owners), the areas sharing it
        (「個人住民税・法人住民税・固定資産税・軽自動車税 の共通機能」), or "" for a code of no area."""
        if owner := self.code_owners.get(code):
            return owner
        sharing = [a.name for a in self.areas if code in a.business_codes]
        return f"{'・'.join(sharing)} の共通機能" if sharing else ""

    def in_text(self, s: str) -> Area | None:
        """The area whose name or alias occurs first in *s*, then the longest there: a title names its
        own area first (「国民健康保険システム標準仕様書（後期高齢者医療制度との連携を含む）」 is 国民健康保険),
        and 戸籍の附票 is 戸籍附票, not 戸籍."""
        key = header(s)
        hits = [(-key.find(k), len(k), a) for k, a in self._index.items() if k and k in key]
        return max(hits, key=lambda h: h[:2])[2] if hits else None


_BUNDLED = Path(__file__).resolve().parent / "data" / "areas.yaml"


def catalog_path() -> Path:
    local = paths.spec_store() / "areas.yaml"
    return local if local.is_file() else _BUNDLED


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog in *path* (by default the store's areas.yaml, or the bundled one), read again once the file has
    changed: a notebook kept the first version for good, after the store's copy was edited as README invites."""
    file = str(path or catalog_path())
    try:
        stat = os.stat(file)
    except OSError:  # reading it names the problem
        return _load(file, None)
    return _load(file, (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=4)
def _load(path: str, _version: tuple[int, int] | None) -> Catalog:
    data, _, marks = load_marked_yaml(path, "areas.yaml")
    validate(data, "areas", source=path, marks=marks)
    return Catalog(tuple(
        Area(name=a["name"], aliases=tuple(a["aliases"]), ministry=a["ministry"],
             business_codes=tuple(a["business_codes"]), prefecture_runs=a["prefecture_runs"],
             latest_version=a["latest_version"], spec_name=a.get("spec_name", ""), page=a.get("page", ""),
             latest_version_of=a.get("latest_version_of", ""))
        for a in data["areas"]
    ), path)
