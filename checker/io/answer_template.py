"""Write the answer sheet (回答様式) a town sends its vendors for one spec version, read back by vendor_reader.

A vendor that fills in hyojun's own sheet gives answers the check reads without a finding: ids as text, the version
and the area in the title, the vendor's name in its own cell, the answer marks offered as a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Format
from xlsxwriter.worksheet import Worksheet

from ..analysis.prefill import ANSWER_FIELDS, Prefill, pending_mark
from ..model import HEADING_LABELS, KIND_LABELS, Kind, Profile, Requirement, Spec
from ..normalize import ANSWER_LABELS, Vocabulary, parse_id, written
from ..paths import file_name_part
from .answer_sheets import VENDOR_ALIASES
from .atomic import atomic_path
from .fill_in import add_guide, close_book, open_book
from .formulas import looks_like_formula
from .headers import find_header
from .workbook import Workbook

GUIDE_SHEET = "記入方法"
PREVIOUS_LABEL, ASK_LABEL = "前回の回答", "回答が必要な理由"  # of a sheet carrying a vendor's earlier answers
REQUIRED_LABEL = "要求オプション（優先度）"  # as the check's and the comparison's tables name the column
# The columns asked_before reads: one table for every call, as headers keeps the lookups of each table it is given
_ASKED_ALIASES = {"id": VENDOR_ALIASES["id"], "previous": (PREVIOUS_LABEL,), "ask": (ASK_LABEL,)}
# The answer's columns, as the vendor reader names them (answer_sheets.VENDOR_ALIASES): filled in by the vendor
ANSWER_COLUMNS = tuple(ANSWER_FIELDS.values())
_ANSWER_WIDTHS = (10, 14, 28, 36)
_ID_LABELS: dict[Kind, tuple[str, str]] = {"function": ("機能ID", "機能名称"), "form": ("帳票ID", "帳票名称")}
_TOP = 3  # 0-based row of the table's header: the title, the vendor's name and a blank row above it
_GUIDE_WIDTH = 110
# What a vendor may still do on a protected sheet (Excel's defaults besides: select any cell). Not sort: Excel sorts a
# protected sheet's unlocked cells alone, which would part the answers from their ids.
_ALLOWED = {"autofilter": True, "format_columns": True, "format_rows": True}


@dataclass(frozen=True)
class _Column:
    label: str
    width: float
    value: Any  # Requirement → the cell's text


def default_name(spec: Spec, whose: str = "") -> str:
    """業務_版_回答様式.xlsx, with *whose* answers it carries after it (the vendor, else its answers' file): never the
    blank sheet's name, which the other bidders are sent."""
    return f"{spec.area}_{spec.version}_回答様式{'_' + file_name_part(whose) if whose else ''}.xlsx"


def template_title(spec: Spec, kind: Kind) -> str:
    """The sheet's title: the area and version it answers, read back as the answered version (vendor_reader)."""
    return f"{spec.area} 標準仕様書 {spec.version} {KIND_LABELS[kind]} 回答表"


def _columns(spec: Spec, kind: Kind, requirements: Sequence[Requirement], profile: Profile | None,
             prefill: Prefill | None) -> list[_Column]:
    id_label, name_label = _ID_LABELS[kind]
    depth = max((len(r.section) for r in requirements), default=0)
    columns = [_Column(id_label, 10, lambda r: r.id)]
    columns += [_Column(label, 16, lambda r, i=i: r.section[i] if i < len(r.section) else "")
                for i, label in enumerate(HEADING_LABELS[:depth])]
    if any(r.number for r in requirements):
        columns.append(_Column("項番", 9, lambda r: r.number))
    columns += [_Column(name_label, 24, lambda r: r.name), _Column("要件", 60, lambda r: r.text),
                _Column("実装区分", 16, lambda r: r.class_label)]
    if any(r.note for r in requirements):
        columns.append(_Column("仕様書の注記", 24, lambda r: r.note))
    if profile is not None:
        wanted = profile.required_ids()
        columns.append(_Column(REQUIRED_LABEL, 12, lambda r: o.priority if (o := wanted.get(r.id)) else ""))
    if prefill is not None:
        rows = prefill.rows
        columns += [_Column(PREVIOUS_LABEL, 10, lambda r: rows[r.id].previous),
                    _Column(ASK_LABEL, 20, lambda r: rows[r.id].reason)]
    return columns


def write_answer_template(path: str | Path, spec: Spec, vocabulary: Vocabulary, profile: Profile | None = None,
                          prefill: Prefill | None = None, protect: bool = True) -> Path:
    """Write the answer sheet for *spec* to *path* (atomically): a sheet per kind the spec has, then how to fill it in.

    *vocabulary*'s mark of each answer class is offered in the answer column (Vocabulary.offered_marks); *profile*,
    when given, marks the standard options the town asks for; *prefill*, a vendor's earlier answers: written in where
    they still answer, the other rows marked with why they are asked again. *protect*: every sheet protected without a
    password but for the cells the vendor fills in, so that an id, a requirement or its class is not overwritten.
    """
    path = Path(path)
    marks = vocabulary.offered_marks()
    with atomic_path(path) as tmp:
        wb = open_book(tmp)
        wb.set_properties({"title": f"{spec.area} {spec.version} 回答様式", "comments": "hyojun spec template"})
        formats = _Formats(wb)
        printed: list[tuple[Worksheet, Sequence[float]]] = []
        for kind in ("function", "form"):
            requirements = [r for r in spec.requirements if r.kind == kind]
            if requirements:
                ws = wb.add_worksheet(KIND_LABELS[kind])
                printed.append((ws, _answer_sheet(ws, formats, spec, kind, requirements, profile, marks, vocabulary,
                                                  prefill)))
        guide = add_guide(wb, GUIDE_SHEET, _guide(spec, marks, vocabulary, profile, prefill, protect), _GUIDE_WIDTH)
        if protect:
            for sheet in [*(ws for ws, _ in printed), guide]:
                sheet.protect("", _ALLOWED)
        close_book(wb, [*printed, (guide, (_GUIDE_WIDTH,))], f"{spec.area} {spec.version} 回答様式")
    return path


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.bold = wb.add_format({"bold": True})
        self.head = wb.add_format({"bold": True, "bg_color": "#E6E6E6", "border": 1, "text_wrap": True, "valign": "top"})
        given = {"bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"}
        self.given = wb.add_format(given)
        # a requirement's text that a spreadsheet would take for a formula (＝ or - first) stays text when edited
        self.given_quoted = wb.add_format({**given, "quote_prefix": True})
        # unlocked: what the vendor fills in, the one thing a protected sheet lets it change
        entry = {"border": 1, "text_wrap": True, "valign": "top", "num_format": "@", "locked": False}
        asked = {**entry, "bg_color": "#FFF2CC"}  # a row asked again, among the answers carried in
        # (asked, formula-like) → format: a vendor's 備考 「=…」 carried in stays text
        self._entries = {(a, q): wb.add_format({**(asked if a else entry), **({"quote_prefix": True} if q else {})})
                         for a in (False, True) for q in (False, True)}
        self.entry = self._entries[False, False]

    def of(self, text: str) -> Format:
        return self.given_quoted if looks_like_formula(text) else self.given

    def entry_of(self, text: str, asked: bool = False) -> Format:
        return self._entries[asked, looks_like_formula(text)]


def _answer_sheet(ws: Worksheet, formats: _Formats, spec: Spec, kind: Kind, requirements: Sequence[Requirement],
                  profile: Profile | None, marks: list[str], vocabulary: Vocabulary, prefill: Prefill | None) -> list[float]:
    columns = _columns(spec, kind, requirements, profile, prefill)
    ws.write_string(0, 0, template_title(spec, kind), formats.bold)
    # read back as the vendor's name (answer_sheets.vendor_from_titles): the cell right of the label
    ws.write_string(1, 0, "ベンダ名", formats.head)
    if prefill is not None and prefill.vendor:
        ws.write_string(1, 1, prefill.vendor, formats.entry_of(prefill.vendor))
    else:
        ws.write_blank(1, 1, None, formats.entry)
    labels = [c.label for c in columns] + list(ANSWER_COLUMNS)
    for c, label in enumerate(labels):
        ws.write_string(_TOP, c, label, formats.head)
    first_answer = len(columns)
    last = _TOP + len(requirements)
    offered = {vocabulary.classify(m): m for m in marks}  # one mark a class (offered_marks)
    for r, req in enumerate(requirements, start=_TOP + 1):
        for c, column in enumerate(columns):
            value = column.value(req)
            ws.write_string(r, c, value, formats.of(value))
        row = prefill.rows[req.id] if prefill else None
        a, asked = (row.answer, bool(row.asks)) if row else (None, False)
        # asked again: the answer left to the vendor, its earlier 対応時期・代替案・備考 kept (a 代替案 often stands); a
        # check in a column per mark (「✓（○の列）」, 「○（対応不可の列）」) carried as the mark offered for its class, which
        # the one answer column reads and its list offers (the column's word 対応不可 is flagged by Excel as not in it)
        mark = a.mark and offered.get(vocabulary.classify(a.mark), a.mark) if a else ""
        given = ("" if asked else mark or a.raw_answer, a.timing, a.alternative, a.comment) if a else ("",) * 4
        for c, value in enumerate(given, start=first_answer):
            if value:
                ws.write_string(r, c, value, formats.entry_of(value, asked))
            else:
                ws.write_blank(r, c, None, formats.entry_of("", asked))
    if listable(marks):
        message = "一覧から選んでください。"
        # on every row, not the 実装不可機能 rows' alone: a message of a cell's own stays behind when rows are sorted
        if any(r.cls == "prohibited" for r in requirements) and (how := _prohibited_answer(marks, vocabulary)):
            message += f"実装区分が「実装不可機能」の行は、{how}"
        ws.data_validation(_TOP + 1, first_answer, last, first_answer, {
            "validate": "list", "source": marks, "ignore_blank": True, "input_title": "対応可否",
            "input_message": message if len(message) <= 255 else message[:255 - 1] + "…",  # Excel's limit
            "error_title": "対応可否", "error_message": f"{' / '.join(marks)} のいずれかを選んでください"})
    # ids are text on purpose (the leading 0): no green 「数値が文字列として保存されています」 mark
    ws.ignore_errors({"number_stored_as_text": f"A{_TOP + 2}:A{last + 1}"})
    ws.freeze_panes(_TOP + 1, 1)
    ws.autofilter(_TOP, 0, last, len(labels) - 1)
    ws.repeat_rows(_TOP)  # the table's header on every printed page
    widths = [c.width for c in columns] + list(_ANSWER_WIDTHS)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    return widths


def asked_before(books: Sequence[Workbook]) -> dict[str, tuple[str, str]]:
    """By id, the earlier answer and the reason (as written) that hyojun's own sheet among *books* (the answers, as
    read_response read them) showed beside each row asked again: a vendor may send such a sheet back with some of
    those rows still blank."""
    found: dict[str, tuple[str, str]] = {}
    for book in books:
        for sheet in book.sheets:
            if (match := find_header(sheet, _ASKED_ALIASES, required=("ask",))) is None:
                continue
            columns = [match.columns["id"], match.columns.get("previous", -1), match.columns["ask"]]
            for row in sheet.rows[match.row + 1:]:
                rid, before, why = (row[c] if 0 <= c < len(row) else None for c in columns)
                if (rid := parse_id(rid)) and (why := written(why)):
                    found.setdefault(rid, (written(before), why))
    return found


def listable(marks: list[str]) -> bool:
    """Whether Excel can offer *marks* as a list: it separates them by commas, quotes the list (no " in a mark), and
    takes 255 characters at most."""
    return bool(marks) and not any("," in m or '"' in m for m in marks) and len(",".join(marks)) <= 255


def _prohibited_answer(marks: list[str], vocabulary: Vocabulary) -> str:
    """How a 実装不可機能 row is answered, in the form's own marks ("" when they have no 非対応): a vendor reading
    対応可否 as 「適合か」 would answer ○, which says it implements the function."""
    by_class = {vocabulary.classify(m): m for m in marks}  # one mark a class (offered_marks)
    if "no" not in by_class:
        return ""
    yes = f"（{by_class['yes']} は「実装する」の意味になり、実装不可機能の実装として不適合になります）" if "yes" in by_class else ""
    return f"その機能を実装しない場合に {by_class['no']}（{ANSWER_LABELS['no']}）を選んでください{yes}。"


def _guide(spec: Spec, marks: list[str], vocabulary: Vocabulary, profile: Profile | None,
           prefill: Prefill | None, protect: bool) -> list[str]:
    kinds = "・".join(f"「{KIND_LABELS[k]}」" for k in ("function", "form") if spec.count(kind=k))
    meaning = "、".join(f"{mark} = {ANSWER_LABELS[vocabulary.classify(mark)]}" for mark in marks)
    unchanged = "ID・名称・要件・実装区分の列と表題の行は変更しないでください。"
    kept = ([f"シートは保護してあり、記入する欄（ベンダ名・{'・'.join(ANSWER_COLUMNS)}）のほかは変更できません。"
             "Excel ではフィルタ・列幅と行の高さの変更はできます。",
             # a plain paste replaces the cells' list of marks too, which a protected sheet cannot restore
             "   ほかの表から回答を貼り付けるときは「形式を選択して貼り付け」の「値」にしてください（一覧からの選択が残ります）。",
             # no password: a vendor who must can lift it
             "   行の並べ替えなどで保護を解除するときは、Excel では「校閲」タブの「シート保護の解除」、LibreOffice では"
             f"「ツール」メニューの「シートの保護」を選んでください（パスワードはありません）。解除しても{unchanged}"]
            if protect else [f"{unchanged}行の並べ替え・列幅の変更は構いません。"])
    items = [  # each numbered on its first line
        [f"シート{kinds}の「ベンダ名」の右のセルに、貴社名を記入してください。"],
        [f"要件ごとに「対応可否」を{'一覧から選んでください' if listable(marks) else '次のいずれかで記入してください'}"
         f"（{' / '.join(marks)}）。", f"   {meaning}。"],
        *([[f"実装区分が「実装不可機能」の行は、{how}"]]
          if spec.count(cls="prohibited") and (how := _prohibited_answer(marks, vocabulary)) else []),
        ["「対応時期」（移行後に対応する場合の時期。例: 令和9年度）、「代替案」（一部対応・代替の方法）、「備考」は自由に記入できます。"],
        [*kept, "   行を削除した要件は「回答行がない」として差し戻しの対象になります。"],
    ]
    if profile is not None:
        items.append([f"「{REQUIRED_LABEL}」の列に優先度（高・中・低）のある標準オプション機能は、{profile.town}が求めるもの"
                      "（要求オプション）です。"])
    if prefill is not None:
        counts = prefill.counts()
        pending = sum(r.pending for r in prefill.rows.values())
        items.append([
            f"前回の回答（{prefill.answered_version} への回答）のうち、この版でもそのまま当てはまる {counts['']} 件は記入済みです。"
            "変更がなければそのままで構いません。",
            f"   「{ASK_LABEL}」のある行（色付き、{prefill.asked} 件: {prefill.asked_text(' 件') or 'なし'}）に回答してください。"
            f"「{PREVIOUS_LABEL}」はそのときの回答で、対応時期・代替案・備考は前回のまま記入してあります（必要なら直してください）。",
            "   再確認 = 前回の版から本文・名称・実装区分・種別が変わった要件、新しい要件 = この版で加わった要件、"
            "回答重複 = 同じ要件に内容の違う回答が複数あった要件（括弧内は違いのある列。どちらかを選んでください）。",
            # such a row's 前回の回答 and 再確認 are not of the version just named
            *([f"   「{pending_mark(prefill.answered_version)}」とある {pending} 件は、前回の様式でも回答を求めた行です。"
               "「前回の回答」はその様式より前の回答で、再確認の理由はそこからこの版までの変更です。"] if pending else []),
            *([f"   この版で削除された要件への前回の回答 {prefill.orphaned} 件は、様式に載せていません。"] if prefill.orphaned else []),
            *([f"   仕様書にないIDへの前回の回答 {prefill.unknown} 件は、様式に載せていません。"] if prefill.unknown else []),
        ])
    lines = [f"{spec.area} 標準仕様書 {spec.version} 回答様式の記入方法", ""]
    for n, (first, *rest) in enumerate(items, start=1):
        lines += [f"{n}. {first}", *rest]
    return lines
