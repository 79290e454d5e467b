"""Read official 機能・帳票要件 workbooks (every ministry layout) into a canonical Spec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog, load_catalog
from ..errors import InputError, at_most, joined_at_most
from ..model import Requirement, SourceFile, Spec
from ..normalize import find_version, header, parse_class, parse_id, text, quoted, version_arg
from .cells import address, column_letter
from .headers import find_header, forms_sheet, header_again, id_cells, id_column, merged_fill, not_current
from .workbook import Sheet, Workbook, formula_note, read_workbook

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
_SHOWN = 8  # cells quoted in one warning
_SHOWN_PROBLEMS = 100  # every problem is counted; the first hundred are listed


@dataclass
class _Found:
    requirements: list[Requirement]
    titles: list[str]  # text above the header rows: where 【第N.M版】 and the area name stand
    header: str  # the id header cell, for messages


def _kind(label: str, sheet: Sheet) -> str:
    """帳票 by the id header (帳票ID), else by a sheet named for forms alone."""
    return "form" if label.startswith("帳票") or (forms_sheet(sheet) and not label.startswith("機能")) else "function"


def _passed_over(sheet: Sheet, where: str) -> str | None:
    """Why a sheet without a requirement table but with ids in it was passed over (a warning), or None.

    Other sheets of a spec workbook list ids without 実装区分 (帳票の項目一覧): they are passed over,
    but a table whose 実装区分 header was not recognised must not vanish without a word.
    """
    rows = len(id_cells(sheet))
    if not rows:
        return None
    why = f"{where}シート「{sheet.name}」を読み飛ばしました: 機能ID/帳票ID（7桁の数字）の行が {rows:,} 行ありますが、"
    match = find_header(sheet, SPEC_ALIASES, key="id")
    if match is None:
        return why + "先頭30行以内に「機能ID」（または帳票ID）の見出しがありません。要件の表なら見出しを確かめてください"
    return why + f"見出し行（{match.row + 1}行目: {match.shown_labels()}）に「実装区分」の列がありません。要件の表なら見出しを確かめてください"


def _read_sheet(book: Workbook, sheet: Sheet, problems: list[str], warnings: list[str], where: str) -> _Found | None:
    if not_current(sheet):
        if find_header(sheet, SPEC_ALIASES, key="id", required=("id", "class")):
            warnings.append(f"{where}シート「{sheet.name}」は機能ID と実装区分の表ですが、シート名から改定履歴・削除・廃止の一覧として"
                            "読み飛ばしました")
        return None
    match = find_header(sheet, SPEC_ALIASES, key="id", required=("id", "class"))
    if match is None:
        if why := _passed_over(sheet, where):
            warnings.append(why)
        return None
    cols = {**match.columns, "id": id_column(match, sheet)}
    classes = [f"{column_letter(c)} 列「{label}」" for c, label in sorted(match.labels.items()) if label.startswith("実装区分")]
    if len(classes) > 1:  # 指定都市 / 一般市区町村, say: which applies depends on the town, so say which was read
        warnings.append(f"{where}シート「{sheet.name}」に実装区分の列が {len(classes)} つあります（{'、'.join(classes)}）。"
                        f"{column_letter(cols['class'])} 列を使いました")
    rows = range(match.row + 1, len(sheet.rows))
    fill_cols = [cols[f] for f in _FILLED if f in cols]
    fill = merged_fill(sheet, rows, range(min(fill_cols), max(fill_cols) + 1)) if fill_cols else {}
    kind = _kind(match.labels[cols["id"]], sheet)
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
    without_id: list[str] = []  # requirement rows (their own 実装区分 and text) without an id: not section headings
    for r in rows:
        raw_id = cell(r, "id")
        rid = parse_id(raw_id, from_csv=from_csv)
        raw_class = cell(r, "class")
        if rid is None:
            shown_id, shown_class = text(raw_id), text(raw_class)
            if (again := header_again(sheet, r, SPEC_ALIASES, ("id", "class"))) is not None:
                # the header again (printed on every page), or the header of a next table (帳票 below 機能):
                # the rows below follow its columns and its kind
                cols = {**again.columns, "id": id_column(again, sheet)}
                kind = _kind(again.labels[cols["id"]], sheet)
                continue
            if shown_id and shown_class:
                problems.append(f"{where}{address(sheet.name, r, cols['id'])}: 「{quoted(shown_id)}」は機能ID/帳票ID（7桁の数字）"
                                f"ではありません{formula_note(shown_id, (r, cols['id']) in sheet.formulas)}")
            elif shown_class and parse_class(raw_class) and (r, cols["class"]) not in fill \
                    and any(text(v) for c, v in enumerate(sheet.rows[r]) if c not in (cols["id"], cols["class"])):
                without_id.append(address(sheet.name, r, cols["id"]))
            continue
        cls = parse_class(raw_class)
        if cls is None:
            shown_class = text(raw_class)
            problems.append(f"{where}{address(sheet.name, r, cols['class'])}: 実装区分「{quoted(shown_class)}」を解釈できません"
                            f"（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）{formula_note(shown_class, (r, cols['class']) in sheet.formulas)}")
            continue
        found.append(Requirement(
            id=rid, kind=kind, cls=cls,  # type: ignore[arg-type]
            section=tuple(s for s in (text(cell(r, "l1")), text(cell(r, "l2")), text(cell(r, "l3"))) if s),
            number=text(cell(r, "number")), name=text(cell(r, "name")), text=text(cell(r, "text")),
            note=text(cell(r, "note")), source=address(sheet.name, r, cols["id"]),
        ))
    if without_id:
        cells = joined_at_most(without_id, _SHOWN, "、")
        warnings.append(f"{where}{len(without_id):,} 行（{cells}）は実装区分と本文があるのに機能ID/帳票IDがないため、取り込んでいません")
    titles = [text(v) for row in sheet.rows[: match.row] for v in row if text(v)]
    return _Found(found, titles, address(sheet.name, match.row, cols["id"]))


def _decide(label: str, option: str, candidates: dict[str, set[str]], given: str | None, files: str) -> str | None:
    """The area or version the sources agree on. A value given on the command line settles sources that
    name several (a note above the table on 第1.0版 from which this version changed) but not one that
    names only another (the wrong file)."""
    if given is not None:
        against = {src: vs for src, vs in candidates.items() if vs and given not in vs}
        if not against:
            return given
        candidates = {**against, option: {given}}
    values = {v for vs in candidates.values() for v in vs}
    if len(values) > 1:
        detail = "、".join(f"{src}: {'/'.join(sorted(vs))}" for src, vs in candidates.items() if vs)
        hint = f"正しいファイルか確認するか、{option} を見直してください" if given else f"正しいファイルなら {option} で指定してください"
        raise InputError(f"{files}: {label}が食い違っています（{detail}）。{hint}")
    return next(iter(values), None)


def read_spec(paths: list[Path], *, area: str | None = None, version: str | None = None,
              catalog: Catalog | None = None, warnings: list[str] | None = None, via_import: bool = False) -> Spec:
    """Read one spec from one workbook (機能 + 帳票 sheets) or several files (機能.xlsx + 帳票.xlsx).

    *warnings*, when given, receives what was passed over without stopping the import: sheets with
    ids but no requirement table, rows with 実装区分 but no id. *via_import*: the command has no
    --area / --version (spec diff, check), so an area or version that cannot be told is to be given
    by importing the file with `hyojun spec import` first.
    """
    catalog = catalog or load_catalog()
    files = "、".join(p.name for p in paths)
    requirements: list[Requirement] = []
    titles: list[str] = []
    sources: list[SourceFile] = []
    problems: list[str] = []
    warnings = [] if warnings is None else warnings
    origins: list[str] = []  # per requirement, the file it came from, as messages name it
    versions_of: dict[str, set[str]] = {}  # per file, the versions its titles and name give
    area_of: dict[str, str] = {}  # per file, the area of its ids
    for path in paths:
        book = read_workbook(path)
        if any(s.sha256 == book.sha256 for s in sources):
            raise InputError(f"{path}: 同じ内容のファイルが2回指定されています（{files}）")
        sources.append(SourceFile(book.file_name, book.sha256))
        before, warned, titled = len(requirements), len(warnings), len(titles)
        where = f"{path.name}: " if len(paths) > 1 else ""  # cells of several files say which
        tables = []
        for sheet in book.sheets:
            found = _read_sheet(book, sheet, problems, warnings, where)
            if found is not None:
                requirements.extend(found.requirements)
                titles.extend(found.titles)
                tables.append(found.header)
        origins.extend([where] * (len(requirements) - before))
        versions_of[path.name] = {v for t in [*titles[titled:], path.stem] if (v := find_version(t))}
        area_of[path.name] = a.name if (a := catalog.by_id_prefix([r.id for r in requirements[before:]])) else ""
        if len(requirements) == before and not problems:
            if tables:
                raise InputError(f"{path}: 要件一覧の表（{'、'.join(tables)} の見出し）の下に、機能ID/帳票ID（7桁の数字）と"
                                 "実装区分のある行がありません", details=warnings[warned:])
            raise InputError(f"{path}: 要件一覧の表が見つかりません。先頭30行以内に「機能ID（または帳票ID）」と"
                             "「実装区分」の見出しを持つシートが必要です", details=warnings[warned:])
    # two versions of one list (their ids repeat): --version would not help, only one import per version
    single = {name: next(iter(vs)) for name, vs in versions_of.items() if len(vs) == 1}
    if len(set(single.values())) > 1 and len({r.id for r in requirements}) < len(requirements):
        areas = len(set(area_of.values())) > 1
        shown = "、".join(f"{name}: {area_of[name] + ' ' if areas else ''}{v}" for name, v in single.items())
        what = "業務・版" if areas else "版"
        raise InputError(f"{files}: {what}の違うファイルが一緒に指定されています（{shown}）。1 回の取り込みでは 1 つの業務の 1 つの版"
                         f"（その版の機能要件と帳票要件のファイル）を読みます。{what}ごとに分けて取り込んでください")
    seen: dict[str, str] = {}
    for req, where in zip(requirements, origins):
        if req.id in seen:
            problems.append(f"{where}{req.source}: 機能ID {req.id} が重複しています（最初は {seen[req.id]}）")
        else:
            seen[req.id] = where + req.source
    # Area and version first: two versions passed together would otherwise show as hundreds of duplicates.
    by_prefix = catalog.by_id_prefix([r.id for r in requirements])
    by_title = {a.name for t in titles if (a := catalog.in_text(t))}
    by_name = {a.name for p in paths if (a := catalog.in_text(p.stem))}
    given_area = catalog.resolve(area).name if area else None
    importing = f"`hyojun spec import {' '.join(str(p) for p in paths)}` の " if via_import else ""
    area_name = _decide("業務", importing + "--area", {"機能IDの業務コード": {by_prefix.name} if by_prefix else set(),
                                          "表題": by_title, "ファイル名": by_name}, given_area, files)
    by_title_v = {v for t in titles if (v := find_version(t))}
    by_name_v = {v for p in paths if (v := find_version(p.stem))}
    given_v = version_arg(version) if version else None
    if version and given_v is None:
        raise InputError(f"--version「{version}」は版の形式ではありません（例: 第6.0版、6.0）")
    version_name = _decide("版", importing + "--version", {"表題": by_title_v, "ファイル名": by_name_v}, given_v, files)
    if problems:
        raise InputError(f"{files}: 仕様書の読み込みで {len(problems)} 件の問題があります",
                         details=at_most(problems, _SHOWN_PROBLEMS))
    then = "で取り込み、業務名@版（例: 介護保険@第6.0版）で指定してください" if via_import else "で指定してください"
    if area_name is None:
        raise InputError(f"{files}: 業務を判定できません。{importing}--area {then}（例: --area 介護保険）")
    if version_name is None:
        raise InputError(f"{files}: 版を判定できません。表題やファイル名に【第N.M版】がありません。"
                         f"{importing}--version {then}（例: --version 第6.0版）")
    return Spec(area_name, version_name, tuple(requirements), tuple(sources))


def header_aliases_for_docs() -> dict[str, list[str]]:
    return {f: [header(a) for a in names] for f, names in SPEC_ALIASES.items()}
