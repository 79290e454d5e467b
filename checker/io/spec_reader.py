"""Read official 機能・帳票要件 workbooks (every ministry layout) into a canonical Spec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog, load_catalog
from ..errors import InputError
from ..model import Requirement, SourceFile, Spec
from ..normalize import find_version, header, parse_class, parse_id, text
from .cells import address
from .headers import HeaderMatch, find_header, merged_fill
from .workbook import Sheet, Workbook, read_workbook

SPEC_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("機能ID", "帳票ID", "要件ID", "要件番号", "機能番号", "ID"),
    "class": ("実装区分",),
    "name": ("機能名称", "帳票名称", "要件名称", "名称"),
    "text": ("機能要件", "帳票概要", "要件", "要件内容", "概要"),
    "note": ("備考",),
    "number": ("項番", "No", "No.", "番号"),
    "l1": ("大項目",),
    "l2": ("中項目",),
    "l3": ("小項目",),
}
# Section-like columns inherit a vertically merged value (大項目 over its rows, 項番/機能名称 in layout A).
_FILLED = ("l1", "l2", "l3", "number", "name", "class")


@dataclass
class _Found:
    requirements: list[Requirement]
    titles: list[str]  # text above the header rows: where 【第N.M版】 and the area name stand


def _kind(match: HeaderMatch, sheet: Sheet) -> str:
    label = match.labels[match.columns["id"]]
    if label.startswith("帳票") or ("帳票" in sheet.name and not label.startswith("機能")):
        return "form"
    return "function"


def _read_sheet(book: Workbook, sheet: Sheet, problems: list[str]) -> _Found | None:
    match = find_header(sheet, SPEC_ALIASES, key="id", required=("id", "class"))
    if match is None:
        return None  # 改定履歴 / 更新履歴 / notes: ids without 実装区分 are history, not requirements
    cols = match.columns
    rows = range(match.row + 1, len(sheet.rows))
    fill_cols = [cols[f] for f in _FILLED if f in cols]
    fill = merged_fill(sheet, rows, range(min(fill_cols), max(fill_cols) + 1)) if fill_cols else {}
    kind = _kind(match, sheet)
    from_csv = book.format == "csv"

    def cell(r: int, f: str) -> Any:
        c = cols.get(f)
        if c is None:
            return ""
        row = sheet.rows[r]
        value = row[c] if c < len(row) else ""
        if f in _FILLED and (r, c) in fill and not text(value):
            r0, c0 = fill[(r, c)]
            value = sheet.rows[r0][c0]
        return value

    found: list[Requirement] = []
    for r in rows:
        raw_id = cell(r, "id")
        rid = parse_id(raw_id, from_csv=from_csv)
        raw_class = cell(r, "class")
        if rid is None:
            if text(raw_id) and text(raw_class):
                problems.append(f"{address(sheet.name, r, cols['id'])}: 「{text(raw_id)}」は機能ID/帳票ID（7桁の数字）ではありません")
            continue
        cls = parse_class(raw_class)
        if cls is None:
            problems.append(f"{address(sheet.name, r, cols['class'])}: 実装区分「{text(raw_class)}」を解釈できません"
                            "（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）")
            continue
        found.append(Requirement(
            id=rid, kind=kind, cls=cls,  # type: ignore[arg-type]
            section=tuple(s for s in (text(cell(r, "l1")), text(cell(r, "l2")), text(cell(r, "l3"))) if s),
            number=text(cell(r, "number")), name=text(cell(r, "name")), text=text(cell(r, "text")),
            note=text(cell(r, "note")), source=address(sheet.name, r, cols["id"]),
        ))
    titles = [text(v) for row in sheet.rows[: match.row] for v in row if text(v)]
    return _Found(found, titles)


def _decide(label: str, candidates: dict[str, set[str]], files: str) -> str | None:
    values = {v for vs in candidates.values() for v in vs}
    if len(values) > 1:
        detail = "、".join(f"{src}: {'/'.join(sorted(vs))}" for src, vs in candidates.items() if vs)
        raise InputError(f"{files}: {label}が食い違っています（{detail}）。正しいファイルか確認するか、--{ 'area' if label == '業務' else 'version'} を見直してください")
    return next(iter(values), None)


def read_spec(paths: list[Path], *, area: str | None = None, version: str | None = None,
              catalog: Catalog | None = None) -> Spec:
    """Read one spec from one workbook (機能 + 帳票 sheets) or several files (機能.xlsx + 帳票.xlsx)."""
    catalog = catalog or load_catalog()
    files = "、".join(p.name for p in paths)
    requirements: list[Requirement] = []
    titles: list[str] = []
    sources: list[SourceFile] = []
    problems: list[str] = []
    for path in paths:
        book = read_workbook(path)
        sources.append(SourceFile(book.file_name, book.sha256))
        before = len(requirements)
        for sheet in book.sheets:
            found = _read_sheet(book, sheet, problems)
            if found is not None:
                requirements.extend(found.requirements)
                titles.extend(found.titles)
        if len(requirements) == before and not problems:
            raise InputError(f"{path}: 要件一覧の表が見つかりません。先頭30行以内に「機能ID（または帳票ID）」と"
                             "「実装区分」の見出しを持つシートが必要です")
    seen: dict[str, str] = {}
    for req in requirements:
        if req.id in seen:
            problems.append(f"{req.source}: 機能ID {req.id} が重複しています（最初は {seen[req.id]}）")
        else:
            seen[req.id] = req.source
    if problems:
        raise InputError(f"{files}: 仕様書の読み込みで {len(problems)} 件の問題があります", details=problems)

    by_prefix = catalog.by_id_prefix([r.id for r in requirements])
    by_title = {a.name for t in titles if (a := catalog.in_text(t))}
    by_name = {a.name for p in paths if (a := catalog.in_text(p.stem))}
    given_area = catalog.resolve(area).name if area else None
    area_name = _decide("業務", {"機能IDの業務コード": {by_prefix.name} if by_prefix else set(),
                                "表題": by_title, "ファイル名": by_name,
                                "--area": {given_area} if given_area else set()}, files)
    if area_name is None:
        raise InputError(f"{files}: 業務を判定できません。--area で指定してください（例: --area 介護保険）")

    by_title_v = {v for t in titles if (v := find_version(t))}
    by_name_v = {v for p in paths if (v := find_version(p.stem))}
    given_v = find_version(version) if version else None
    if version and given_v is None:
        raise InputError(f"--version「{version}」は版の形式ではありません（例: 第6.0版）")
    version_name = _decide("版", {"表題": by_title_v, "ファイル名": by_name_v,
                                 "--version": {given_v} if given_v else set()}, files)
    if version_name is None:
        raise InputError(f"{files}: 版を判定できません。表題やファイル名に【第N.M版】がありません。--version で指定してください（例: --version 第6.0版）")
    return Spec(area_name, version_name, tuple(requirements), tuple(sources))


def header_aliases_for_docs() -> dict[str, list[str]]:
    return {f: [header(a) for a in names] for f, names in SPEC_ALIASES.items()}
