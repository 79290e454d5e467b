"""Read official 機能・帳票要件 workbooks (every ministry layout) into a canonical Spec."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import Area, Catalog, load_catalog
from ..errors import InputError, at_most, command_arg, joined_at_most
from ..model import ID_LABELS, KIND_LABELS, Requirement, SourceFile, Spec
from ..normalize import (DEFAULT_VOCABULARY, find_version, header, padded_id, parse_class, parse_id, parse_ids, quoted,
                         text, version_arg, written)
from .answer_sheets import ANSWER_HEADERS, VENDOR_ALIASES, own_output, vendor_from_titles
from .cells import address, column_letter
from .headers import (HEADER_SCAN_ROWS, LEGEND_START, HeaderMatch, bare_label, find_header, forms_sheet, header_again,
                      id_cells, id_column, merged_fill, not_current, shown_columns)
from .workbook import Sheet, Workbook, formula_note, read_workbook

# An id label after the side of a revision (旧機能ID | 新機能ID, 変更前機能ID | 変更後機能ID), as 機能ID（旧）| 機能ID（新）
# has it in brackets after: the id of one side of a 新旧 table, its side read by _sides.
_SIDED_IDS = {header(side + label): side for label in VENDOR_ALIASES["id"]
              for side in ("旧", "新", "現行", *(w + s for w in ("改定", "改正", "改訂", "変更", "修正") for s in "前後"))}
SPEC_ALIASES: dict[str, tuple[str, ...]] = {
    "id": (*VENDOR_ALIASES["id"], *_SIDED_IDS),
    "class": ("実装区分",),
    "name": ("機能名称", "帳票名称", "要件名称", "名称", "機能名", "帳票名"),
    # not 内容 or 説明 alone: as likely a note beside the text; a table without a text column is named in a warning
    "text": ("機能要件", "帳票概要", "要件", "要件内容", "概要", "要件の内容", "機能要件の内容", "帳票の概要", "帳票の説明"),
    "note": ("備考",),
    "kind": ("区分", "種別", "要件区分", "要件種別"),  # 機能 / 帳票 per row, in a sheet of both
    "change": ("変更区分", "改定区分", "変更種別", "改定種別"),  # 追加 / 変更 / 削除 against the previous version
    "number": ("項番", "No", "No.", "番号"),
    "l1": ("大項目",),
    "l2": ("中項目",),
    "l3": ("小項目",),
}
# Section-like columns inherit a vertically merged value (大項目 over its rows, 項番/機能名称 in layout A).
_FILLED = ("l1", "l2", "l3", "number", "name", "class")
_SHOWN_PROBLEMS = 100  # every problem is counted; the first hundred are listed
_SHOWN_DIFFERENCES = 5  # the rows whose 実装区分 columns differ, named in the error
# what a command reading a workbook in place (check, spec diff) says after the import to run first, with its option
_BY_NAME = "取り込み、業務名@版（例: 介護保険@第6.0版）で指定してください"
_RANGE = 3  # consecutive ids named as one range (0012495～0012504) from this many on


# Footnote marks around a 実装区分 word and its note (※, ※2, ＊1, （注1）, 注2): they carry nothing of their own.
# Not the 注 of a word (注意).
_MARK = r"(?:[(\[【](?:※|注|\*)\d*[)\]】]|(?:※|\*|注(?![^\W\d_]))\d*)"
_MARKS_AT_END = re.compile(rf"{_MARK}+$")
_MARKS_AT_ENDS = re.compile(rf"^{_MARK}+|{_MARK}+$")
# One bracketed annotation after a 実装区分 word (after header(): （） is ()): kept without its brackets.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
# 実装区分 of a row that is no longer a requirement (after header(): － is -).
_DELETED_CLASSES = frozenset({"-", "−", "―", "ー", "‐", "—", "削除", "廃止"})
_OPEN, _CLOSE = "(\\[【〔<《〈「『", ")\\]】〕>》〉」』"
# The words marking a whole requirement deleted (after header()): 削除, 行削除, 要件削除, 第2.0版にて削除, 令和6年9月削除,
# R6削除, 統合により削除, 削除済. Not a change of part of a requirement that stays: 一部を削除, 項目削除, 備考の削除,
# 文言修正（「等」を削除）, 削除の手順を変更 (those rows are kept, and named: _said_deleted).
_WHEN = r"(?:第[\d.]+版|令和\d+年(?:\d+月)?(?:\d+日)?|[RH]\d+(?:\.\d+){0,2}|\d{4}年(?:\d+月)?|\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?)"
_DELETION = rf"(?:{_WHEN}(?:で|にて|に|の)?)?(?:[^、,(){_CLOSE}]{{1,8}}(?:により|のため))?(?:行|要件|機能|帳票)?(?:削除|廃止)(?:済み?)?"
# 変更区分 of a deleted row: the words, perhaps followed by where it went (削除→0010020へ統合, 削除（0010020へ統合）).
_DELETED_CHANGE = re.compile(rf"{_DELETION}(?:(?:→|⇒|->|\(|、|。).*)?")
# A name, text or 実装区分 that is only the words in brackets: （削除）, 【削除】, 〔廃止〕 (a name 削除 is a function's).
_DELETED_MARK = re.compile(rf"[{_OPEN}]{_DELETION}[{_CLOSE}]")
# The words in brackets within a longer name: 世帯の管理（削除）, 【削除予定】証明書の発行; not 資格情報（削除用）.
_DELETED_IN_NAME = re.compile(rf"[{_OPEN}]{_DELETION}(?:予定)?[{_CLOSE}]")
_ANY_DELETION = re.compile("削除|廃止")
_KIND_WORDS = {"機能": "function", "機能要件": "function", "帳票": "form", "帳票要件": "form"}
# The two sides of a revision in a 新旧 table (改定前 | 改定後 over 機能要件 | 実装区分, 実装区分（改定後）), after header() and
# without brackets or a version (改定後（第2.0版）): the revised side is the version imported, the other its previous one.
_REVISED = re.compile(r"(?:改定|改正|改訂|変更|修正)(?:後|案)|新版?")
_PREVIOUS = re.compile(r"(?:改定|改正|改訂|変更|修正)前|現行|旧版?")
# 前回・前版・従前・当初 name the old class kept beside the current one, and 参考 a class given for reference: never the one to
# import, as the previous side is not, though no side of a revision. Not 案 alone: a draft may be the revised side (改定案)
# as well as an old one; differing, it is refused (_class_column).
_EARLIER = re.compile(r"前回|前版|従前|当初|参考")
_REVISED_FIELDS = ("id", "class", "name", "text", "note")
_SIDE_NOISE = re.compile(r"[()\[\]【】]|第?\d+(?:\.\d+)?版|ver\.?\d+(?:\.\d+)?", re.IGNORECASE)


@dataclass
class _Found:
    """One sheet's requirement table."""
    sheet: Sheet
    path: Path
    where: str  # the file, as cells of several files are named
    requirements: list[Requirement]
    titles: list[str]  # text above the header rows: where 【第N.M版】 and the area name stand
    header: str  # the id header cell, for messages
    hidden_rows: list[tuple[str, str]]  # requirements on hidden rows: id, cell

    @property
    def name(self) -> str:
        hidden = self.sheet.hidden_as
        return f"{self.where}{hidden}{'の' if hidden else ''}シート「{self.sheet.name}」"


def _ids_named(ids: list[str], cells: list[str] | None = None) -> str:
    """Every id of *ids* in order, each with its cell of *cells*: the ids of the rows an import leaves out or reads with
    a warning are its audit trail, none cut off. _RANGE or more consecutive ids stand as one range, with the range of
    their cells, when those are consecutive rows of a column too: 0230102～0230140（機能要件!A3:A41）. Else a range of
    cells would cover the rows between (new ids inserted between hidden old ones: visible requirements named hidden)."""
    named = []
    for i, j in _runs(len(ids), lambda k: int(ids[k + 1]) == int(ids[k]) + 1 and (not cells or _below(cells[k], cells[k + 1]))):
        shown = ids[i] if j == i else f"{ids[i]}～{ids[j]}"
        named.append(f"{shown}（{_cell_range(cells[i], cells[j])}）" if cells else shown)
    return "、".join(named)


def _cells_named(cells: list[str]) -> str:
    """Every cell of *cells*, column by column in the order first met, _RANGE or more consecutive rows of a column as
    one range (機能要件!D3:D41、機能要件!F3:F41): the rows an import leaves out without an id to name them, none cut
    off, however many of their cells hold text."""
    by_column: dict[object, list[str]] = {}
    for cell in cells:
        by_column.setdefault(m.group(1, 2) if (m := _CELL.fullmatch(cell)) else cell, []).append(cell)
    return "、".join(named for column in by_column.values() for named in _column_named(column))


def _column_named(column: list[str]) -> Iterator[str]:
    """The cells of one column, _RANGE or more consecutive rows as one range."""
    for i, j in _runs(len(column), lambda k: _below(column[k], column[k + 1])):
        yield _cell_range(column[i], column[j])


def _cell_range(first: str, last: str) -> str:
    """機能要件!A3:A41 of its first and last cell, or the one cell."""
    return first if first == last else f"{first}:{last.rpartition('!')[2]}"


def _runs(count: int, follows: Callable[[int], bool]) -> Iterator[tuple[int, int]]:
    """(first, last) index of each item of *count*, or of each run of _RANGE or more where item k + 1 *follows* item k."""
    i = 0
    while i < count:
        j = i
        while j + 1 < count and follows(j):
            j += 1
        if j - i + 1 < _RANGE:
            j = i
        yield i, j
        i = j + 1


_CELL = re.compile(r"(.*!)([A-Z]+)(\d+)")


def _below(upper: str, lower: str) -> bool:
    """Whether the cell *lower* (sheet!A5) is the one right below *upper* (sheet!A4)."""
    u, low = _CELL.fullmatch(upper), _CELL.fullmatch(lower)
    return bool(u and low and u.group(1, 2) == low.group(1, 2) and int(low.group(3)) == int(u.group(3)) + 1)


def _kind(label: str, sheet: Sheet) -> str:
    """帳票 by the id header (帳票ID, 新帳票ID), else by a sheet named for forms alone."""
    label = _SIDE_WORD.sub("", label)
    return "form" if label.startswith("帳票") or (forms_sheet(sheet) and not label.startswith("機能")) else "function"


def class_of(value: Any) -> tuple[str | None, str]:
    """The class of a 実装区分 cell, and its annotation. A word followed by a footnote mark
    (「実装必須機能 ※」「標準オプション機能（※2）」) reads as the word alone, as headers do; a word with
    a bracketed note (「実装必須機能（経過措置）」) gives the note too (経過措置), for the requirement to keep, without
    the marks before or after it (「実装必須機能（経過措置）※2」「実装必須機能※2（経過措置）」: 経過措置)."""
    if (cls := parse_class(value)) is not None:
        return cls, ""
    key = header(value)
    word = bare_label(_MARKS_AT_END.sub("", key))
    cls = parse_class(word) if word != key else None
    if cls is None:
        return None, ""
    rest = _MARKS_AT_ENDS.sub("", key[len(word):])
    return cls, rest[1:-1] if _BRACKETED.fullmatch(rest) else rest


def _zeros_lost(shown_id: str, codes: Collection[str]) -> str:
    """A hint for a text of fewer than 7 digits in the id column (230201: a conversion to text lost its leading zero,
    which hyojun puts back for a number cell, and a CSV's digits): the id it would be, when of a 業務コード of the ids
    read in the table (of *codes*), as the vendor reader names it."""
    return f"（先頭の 0 が落ちていませんか: {padded}）" if (padded := padded_id(shown_id, codes)) else ""


def _class_heading(words: str) -> bool:
    """Whether a heading's words are a 実装区分 in brackets alone (「【実装必須機能】」 over its block, as the 第1.0版 text lays
    out its requirements): read as a section, never as the class of the rows below (each row's own cell is)."""
    key = header(words)
    return _BRACKETED.fullmatch(key) is not None and parse_class(key[1:-1]) is not None


def _may_say_deleted(value: Any) -> bool:
    """Whether a cell may hold 削除 or 廃止, looked for before normalising: most rows have none (a quarter of an
    import's time went to normalising three cells per row)."""
    return type(value) is str and ("削" in value or "廃" in value)


def _deleted(change: Any, name: Any, text_: Any, cls: str | None, raw_class: Any) -> bool:
    """A row the ministry marks as deleted: a 変更区分 saying so (_DELETED_CHANGE), a name or text that is only
    「（削除）」 (a requirement may be named 削除, as a function deleting a record; a text is never one word) or
    a 実装区分 「－」「削除」「（削除）」 (*cls*: the class read from *raw_class*)."""
    return (_may_say_deleted(change) and _DELETED_CHANGE.fullmatch(header(change)) is not None
            or _may_say_deleted(name) and _DELETED_MARK.fullmatch(header(name)) is not None
            or _may_say_deleted(text_) and ((t := header(text_)) in ("削除", "廃止") or _DELETED_MARK.fullmatch(t) is not None)
            or cls is None and ((c := header(raw_class)) in _DELETED_CLASSES or _DELETED_MARK.fullmatch(c) is not None))


def _said_deleted(change: Any, name: Any) -> str:
    """What of a row kept as a requirement still speaks of deleting it (変更区分「一部削除」, 名称「世帯の管理（削除）」), for a
    warning, or ""."""
    return "、".join(f"{what}「{quoted(written(v))}」"
                    for what, v, mark in (("変更区分", change, _ANY_DELETION), ("名称", name, _DELETED_IN_NAME))
                    if _may_say_deleted(v) and mark.search(header(v)))


_NOT_A_SPEC = "要件一覧（仕様書）としては読みません。府省が公表した機能・帳票要件の一覧を指定してください"


def _refuse_not_a_spec(book: Workbook) -> None:
    """hyojun's own output: check's 要件別結果 or spec diff's 追加 has ID and 実装区分, and read as a spec."""
    if own := own_output(book):
        what, sheet = own
        raise InputError(f"{book.path}: hyojun が出力した{what}（シート「{sheet}」）です。{_NOT_A_SPEC}")


# A column of questions or opinions (意見照会結果: No | 機能ID | 実装区分 | 意見 | 回答): a ministry's Q&A, whose 回答 is
# the ministry's answer, beside the requirement sheets; neither requirements nor a vendor's answer sheet.
_QUESTION = re.compile(r"質問|意見|照会|問合せ|問い合わせ")


def _refuse_answers(book: Workbook, sheet: Sheet, match: HeaderMatch) -> None:
    """A vendor's answer sheet: a requirement table with an answer column (対応可否, ベンダ回答: a spec has none, its
    備考 is no answer), or a vendor's name above it. Read as the spec, it lacked the rows the vendor left out
    (実装不可機能) and had the vendor's comments as notes."""
    signs = [f"{column_letter(c)} 列の見出し「{quoted(label)}」" for c, label in sorted(match.labels.items())
             if label in ANSWER_HEADERS or bare_label(label) in ANSWER_HEADERS]
    if vendor := vendor_from_titles(sheet, match):
        signs.append(f"ベンダ名「{quoted(vendor)}」")
    if signs:
        raise InputError(f"{book.path}: ベンダの回答書のようです（シート「{sheet.name}」: {'、'.join(signs)}）。"
                         f"{_NOT_A_SPEC}（回答は hyojun check で仕様書と照らし合わせます）")


# Fields of a requirement read from its own row only: on a row continuing it, a value there is not read.
_OWN_ROW = ("number", "name", "class", "kind", "change", "l1", "l2", "l3")
# The fields a spec merges down (formats.md) that a CSV keeps on the merge's first row only, as its reader names them.
_MERGED_IN_EXCEL = {"l1": "大項目", "l2": "中項目", "l3": "小項目", "number": "項番", "name": "名称"}


def _continuation(sheet: Sheet, r: int, cols: dict[str, int], fill: dict[tuple[int, int], tuple[int, int]],
                  from_csv: bool) -> list[int]:
    """The rows below the requirement on row *r* that continue it: those its merged id cell covers (the text of an
    enumeration, 「・登録番号」, a row each), the rows right below it holding its text or note alone (_text_alone) that
    are not the upper row of a header again below them (_above_header), and past blank rows more such rows, up to the
    first note (※, 注, 凡例), when a next requirement follows them, perhaps under headings (a text laid out a row per
    line, as a PDF gives it: its paragraphs a blank row apart). Not when anything else follows them (the sheet's end, a
    next table's header, a legend, a page number, the page's title again): notes on the table as likely as the last
    requirement's text, they are named (_read_sheet)."""
    more: list[int] = []
    held: list[int] = []  # blank rows and the rows of text after them, taken when a requirement or a heading follows
    end = len(sheet.rows)
    for m in range(r + 1, end):
        if (anchor := fill.get((m, cols["id"]))) is not None:
            if anchor[0] != r:
                end = m
                break
            more.append(m)
        elif _blank(sheet, m):
            held.append(m)
        elif _text_alone(sheet, m, cols) and not _above_header(sheet, m):
            (held if held else more).append(m)
        else:
            end = m
            break
    held = held[:next((i for i, m in enumerate(held) if _note_row(sheet, m)), len(held))]
    while held and _blank(sheet, held[-1]):
        held.pop()
    return more + held if held and _requirement_follows(sheet, end, cols, fill, from_csv) else more


def _note_row(sheet: Sheet, m: int) -> bool:
    """Whether row *m* starts as a note on the table does (※, 注, （注）, 凡例, 記号の意味)."""
    return _note(next((t for v in sheet.rows[m] if (t := text(v))), ""))


def _requirement_follows(sheet: Sheet, r: int, cols: dict[str, int], fill: dict[tuple[int, int], tuple[int, int]],
                         from_csv: bool) -> bool:
    """Whether a requirement's row (an id, in its cell or the merged cell over it) is row *r* or follows it past
    headings and blank rows only."""
    for m in range(r, len(sheet.rows)):
        r0, c0 = fill.get((m, cols["id"]), (m, cols["id"]))
        if parse_id(sheet.rows[r0][c0] if c0 < len(sheet.rows[r0]) else "", from_csv=from_csv) is not None:
            return True
        if not (_blank(sheet, m) or _heading_row(sheet, m, cols)):
            return False
    return False


def _blank(sheet: Sheet, m: int) -> bool:
    return not any(text(v) for v in sheet.rows[m])


def _next_header(sheet: Sheet, r: int) -> HeaderMatch | None:
    """The header of a table on row *r* (header_again): the header printed on every page, or a next table's."""
    return header_again(sheet, r, SPEC_ALIASES, ("id", "class"), ("class",))


def _text_columns(sheet: Sheet, m: int, cols: dict[str, int]) -> list[int]:
    """The columns of row *m* holding a value when they are its text and note (備考) columns alone, else []."""
    keep = {c for f in ("text", "note") if (c := cols.get(f)) is not None}
    filled = [i for i, v in enumerate(sheet.rows[m]) if text(v)]
    return filled if all(i in keep for i in filled) else []


def _above_header(sheet: Sheet, m: int) -> bool:
    """Whether row *m* is the upper row of the header starting again below it: 備考 alone over 機能ID | 機能名称 |
    実装区分 repeated on a printed page is no note of the requirement above."""
    again = _next_header(sheet, m + 1)
    return again is not None and again.top == m


def _text_alone(sheet: Sheet, m: int, cols: dict[str, int]) -> bool:
    """Whether row *m* holds a text or a note (備考), and nothing else (no id, class or name). Not a heading: its words
    stand in the 大項目 / 項番 / 名称 column, or in a cell merged across the table, as a note's below it do."""
    filled = _text_columns(sheet, m, cols)
    return bool(filled) and not any(r0 == m and c0 in filled and c0 < c1 for (r0, c0), (_, c1) in sheet.merged_rows.get(m, ()))


def _paragraphs(lines: Iterable[str | None]) -> str:
    """The lines of a requirement's text (or note), a row each, joined by newlines: "" (a row without a value in that
    column) passed over, None (a blank row) a blank line between the lines around it, as the ministry parts its
    paragraphs (「【住民票の除票固有の記載事項に当たる項目】」 after a list): the text a cell would hold, none at either end."""
    joined: list[str] = []
    blank = 0  # blank rows since the last line
    for line in lines:
        if line is None:
            blank += 1
        elif line:
            joined += [""] * blank + [line] if joined else [line]
            blank = 0
    return "\n".join(joined)


# Before a heading's words (as written: ･ is ・ half-width): a bullet (■ 宛名管理). A note's start (※, 注), which is no heading.
_BULLET = re.compile(r"^[■□◆◇●○◎・･]\s*")
_NOTE_START = re.compile(r"[※*]|\(?注(?![^\W\d_])")  # 注1, (注), 注: but not 注文
_HEADING_LENGTH = 40


def _note(value: str) -> bool:
    """Whether *value* (after text()) starts as a note does: ※, 注, （注） as (注), a legend (凡例, 記号の意味)."""
    return bool(_NOTE_START.match(value) or LEGEND_START.match(value))


def _heading(value: str) -> bool:
    """Whether the value of a row merged across the table is a heading (「1. 大項目1（…）」「■ 宛名管理」), not a note:
    no note's start (_note), and no sentence (「指定都市の区ごとの事務については、区を市区町村とみなす。」)."""
    value = text(value)
    return not _note(value) and "。" not in value and len(value) <= _HEADING_LENGTH


# The number before a heading's words (after text()): 1 of 「1. 介護保険共通」, 1.1 of 「1.1 宛名管理」, not 2026 of 「2026年度…」.
_HEADING_NUMBER = re.compile(r"\(?(\d+(?:\.\d+)*)(?:\.|\)|\s)")
# A circled number (①–⑳, ㉑–㊿) before a heading's words: looked for as written, as NFKC makes ① the 1 of 「1. 学齢簿」.
_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")
_CIRCLED_MARK = "①"
_CHAPTER = re.compile(r"第[\d一二三四五六七八九十]+([章節款])")  # 第1章 over 第1節 over 第1款


def _heading_mark(value: str) -> str:
    """The mark of a heading's level: its bullet (■ of 「■ 介護保険共通」), its number's depth (2 of 「1.1 宛名管理」), the
    number's bracket with it ("(1" of 「(1) 児童生徒」, the level under 「1. 学齢簿」), ① of a circled number (「② 転入」,
    the level under (1)), else ""."""
    if _CIRCLED.match(value.lstrip()):
        return _CIRCLED_MARK
    value = text(value)
    if bullet := _BULLET.match(value):
        return bullet.group().strip()
    if chapter := _CHAPTER.match(value):
        return chapter.group(1)
    if (m := _HEADING_NUMBER.match(value)) is None:
        return ""
    return ("(" if value.startswith("(") else "") + str(m.group(1).count(".") + 1)


@dataclass
class _Sections:
    """The sections that heading rows merged across a table without a 大項目 column give the requirements below them,
    per kind of table (帳票 below 機能 has its own), up to *depth* levels (大項目, 中項目, 小項目: as many as the table
    has no column of). A heading right under another one, no requirement between them, of another mark (□ under ■, 1.1
    under 1., 第1節 under 第1章, ① under (1)), is the level below it, until a heading of its mark or of one above; so is
    a heading of a mark seen under that level's mark before (*subs*), or of a mark always below it (_beneath), after
    requirement rows too (■ 統計, rows, □ 月報: 月報 is 統計's). A heading of a level's mark is that level's next, under
    the levels above it. Any other heading is the 大項目 alone, and a heading right under one it cannot be told from
    (neither marked) is named (*unclear*)."""
    depth: int
    current: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # kind → (heading, mark) per level
    last: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind → the heading row just read: cell, words
    unclear: list[str] = field(default_factory=list)
    subs: set[tuple[str, str]] = field(default_factory=set)  # (a level's mark, the mark of the level below) read so

    def heading(self, kind: str, words: str, cell: str) -> None:
        mark, levels = _heading_mark(words), self.current.get(kind, [])
        above = self.last.get(kind)  # then the lowest level is that heading
        name = _BULLET.sub("", words)
        same = next((i for i, (_, m) in enumerate(levels) if m == mark != ""), None)
        parent = next((i for i in reversed(range(min(len(levels), self.depth - 1))) if _under(m := levels[i][1], mark) and (
            above and i == len(levels) - 1 or (m, mark) in self.subs or _beneath(m, mark))), None)
        if same is not None:
            levels = [*levels[:same], (name, mark)]
        elif parent is not None:
            self.subs.add((levels[parent][1], mark))
            levels = [*levels[:parent + 1], (name, mark)]
        else:
            if self.depth > 1 and above and not any(_under(mark, m) for _, m in levels):
                self.unclear.append(f"{above[0]}「{above[1]}」・{cell}「{words}」")  # no 大項目 or sibling of one above
            levels = [(name, mark)]
        self.current[kind], self.last[kind] = levels, (cell, words)

    def of(self, kind: str) -> tuple[str, ...]:
        """The sections of the requirement of *kind* on the row read now (the heading rows above it are no longer the
        last read)."""
        self.last.pop(kind, None)
        return tuple(name for name, _ in self.current.get(kind, []))


def _under(upper: str, lower: str) -> bool:
    """Whether a heading of the mark *lower* right under one of *upper* is the level below it: both marked, differently,
    and not of a mark always above it (1. under 1.1, ■ under □, (1) under ①)."""
    return bool(upper and lower and upper != lower and not _beneath(lower, upper))


# Bullets and chapters whose order is every spec's: a filled bullet over its hollow one, 章 over 節 over 款.
_MARK_ORDERS = (("■", "□"), ("◆", "◇"), ("●", "○"), ("章", "節", "款"))


def _beneath(upper: str, lower: str) -> bool:
    """Whether a heading of the mark *lower* is always one level down from one of *upper*, wherever it stands (after
    the upper heading's own requirement rows too): □ under ■, 第1節 under 第1章, and of numbers a deeper one (1.1 under
    1.) or one in brackets ((1) under 1.). Other marks are told apart by where they stand alone (■ 資格管理, rows,
    1. 賦課: a next 大項目)."""
    if (u := _number_rank(upper)) and (low := _number_rank(lower)):
        return low > u
    return any(upper in order and lower in order[order.index(upper) + 1:] for order in _MARK_ORDERS)


def _number_rank(mark: str) -> tuple[int, int] | None:
    """The order of a number's mark (_heading_mark): 1. before 1.1 before (1) before ①; None for a mark of no number."""
    if mark == _CIRCLED_MARK:
        return 2, 0
    bracket = mark.startswith("(")
    return (int(bracket), int(mark[bracket:])) if mark[bracket:].isdigit() else None


def _heading_row(sheet: Sheet, m: int, cols: dict[str, int]) -> bool:
    """Whether row *m* is a heading: its one value in a cell merged across the table, or its values in the 項番,
    名称 and 大項目 to 小項目 columns alone (1.2 | 外国人住民), each a heading's words (_heading)."""
    if across := _across(sheet, m, cols):
        return _heading(across)
    section = {c for f in ("number", "name", "l1", "l2", "l3") if (c := cols.get(f)) is not None}
    values = [(c, v) for c, v in enumerate(sheet.rows[m]) if text(v)]
    return bool(values) and all(c in section and _heading(v) for c, v in values)


def _across(sheet: Sheet, r: int, cols: dict[str, int]) -> str:
    """The one value of row *r* when it stands in a cell merged across the table (over the id and 実装区分 columns):
    a heading over the requirements below it (「1. 大項目1（…）」「■ 宛名管理」) or a note (※…), never a requirement,
    as written; else ""."""
    values = [(c, v) for c, v in enumerate(sheet.rows[r]) if text(v)]
    if len(values) != 1:
        return ""
    (c, value), (low, high) = values[0], sorted((cols["id"], cols["class"]))
    merged = any(r0 == r and c0 == c <= low and high <= c1 for (r0, c0), (_, c1) in sheet.merged_rows.get(r, ()))
    return written(value) if merged else ""


@dataclass
class _PassedOver:
    """A sheet with ids in it but no requirement table: named in a warning (*why*), or in an error when it lists
    requirements no table read (_unread)."""
    sheet: Sheet
    where: str
    rows: int  # the rows with an id
    ids: list[tuple[str, ...]]  # per row with an id and no mark of a deletion, the ids of its id columns
    reason: str  # why no table was found on it
    why: str  # the warning, "" for a sheet whose ids are number cells (numbers that may be no ids at all)

    def _unread(self, read: set[str], codes: tuple[str, ...]) -> list[str]:
        """The first id of each of its rows whose ids no table read, when those rows are most of its rows, else [].

        Other sheets of a ministry's workbook list the requirements read (変更一覧, 帳票の項目一覧, 機能と帳票の関連)
        and stay a warning: a row of them counts as read when an id of its id columns was (旧ID | 新ID of a
        renumbering; not a 関連機能ID beside a form's own id, which every row of a 帳票 table may have); a row marking
        a deletion (削除, 第2.0版にて削除) is not counted at all. A requirement table whose header was not recognised
        lists requirements no other sheet has: left out, the spec lacks all of them (every vendor's gaps there unseen,
        必須機能の適合率 100%). Nothing on its rows tells such a table from a list of ids no table read (the 機能IDs
        a 帳票 file imported alone relates to, a change list): its 実装区分 may be ○ marks, 標準, or not filled in yet.
        So it is refused, and --skip-sheet lets the user say it is no requirement table. Only ids of the area's 業務コード
        (*codes*) count as unread: numbers that only look like ids, and another area's table (which --area passes
        over), are none of this spec's."""
        unread = [ids[0] for ids in self.ids if not read.intersection(ids) and any(i[:3] in codes for i in ids)]
        return unread if len(unread) * 2 > len(self.ids) else []

    def problem(self, read: set[str], codes: tuple[str, ...], command: str) -> str | None:
        """The error naming the requirements this sheet holds that the spec would lack, or None (its warning stands).
        *command*: the import to run with --skip-sheet when the command reading the spec has no such option, else ""."""
        if not (unread := self._unread(read, codes)):
            return None
        hidden = self.sheet.hidden_as
        skip = f"--skip-sheet {command_arg(self.sheet.name)}"
        instead = (f"`{command} {skip}` で{_BY_NAME}" if command
                   else f"{skip} を付けて取り込んでください")
        return (f"{self.where}{hidden}{'の' if hidden else ''}シート「{self.sheet.name}」を要件の表として読めません: 機能ID/帳票ID"
                f"（7桁の数字）の行が {self.rows:,} 行あり、うち {len(unread):,} 行（{unread[0]} など）は読んだ要件の表にない ID ですが、"
                f"{self.reason}。このまま取り込むと、これらの要件が仕様書から抜け落ちます。見出しを直してください（要件の表で"
                f"なければ {instead}）")


def _passed_over(sheet: Sheet, where: str) -> _PassedOver | None:
    """A sheet without a requirement table but with ids in it, or None.

    Other sheets of a spec workbook list ids without 実装区分 (帳票の項目一覧): they are passed over,
    but a table whose 実装区分 header was not recognised must not vanish without a word. The header row named is the
    id's, else the row naming 実装区分 (or a name, a text) where an id label was not recognised (機能要件ID, 機能No.).
    """
    # ids typed as numbers (230001 shown as 0230001) are read in a table too; but a sheet of such numbers alone may be
    # amounts or another list: no warning of it, only the error when its numbers are this spec's unread ids
    numbers = not (cells := id_cells(sheet))
    if numbers and not (cells := id_cells(sheet, numbers=True)):
        return None
    match = find_header(sheet, SPEC_ALIASES, key="id")
    if match is not None:
        reason = f"見出し行（{match.row + 1}行目: {match.shown_labels()}）に「実装区分」の列がありません"
    elif other := next((m for key in ("class", "name", "text") if (m := find_header(sheet, SPEC_ALIASES, key=key))), None):
        reason = f"見出し行（{other.row + 1}行目: {other.shown_labels()}）に「機能ID」（または帳票ID）の列がありません"
    else:
        reason = f"先頭 {HEADER_SCAN_ROWS} 行以内に「機能ID」（または帳票ID）の見出しがありません（ID の最初の行は {cells[0][0] + 1} 行目）"
    # the ids of its id columns (旧/新 of one too), else of the column each row's first id is in
    columns = _id_columns(sheet, match, cells[0][0])
    kinds = (str, float) if numbers else (str,)
    ids = [tuple(i for i in parse_ids([v for c, v in enumerate(row) if type(v) in kinds and (c in columns if columns else c == first)])
                 if i) for r, first in cells if not _marks_deletion(row := sheet.rows[r])]
    why = "" if numbers else (f"{where}シート「{sheet.name}」を読み飛ばしました: 機能ID/帳票ID（7桁の数字）の行が {len(cells):,} 行"
                              f"ありますが、{reason}。要件の表なら見出しを確かめてください")
    return _PassedOver(sheet, where, len(cells), ids, reason, why)


def _id_columns(sheet: Sheet, match: HeaderMatch | None, first_id_row: int) -> set[int]:
    """The columns of a sheet not read whose header is an id label, or one of a side or a version (旧機能ID,
    機能ID（新）, 変更前機能ID, 機能ID（改定後）, 第3.0版 機能ID, 機能ID（第4.0版）), in *match* or in the rows above its
    first id: not 関連機能ID, 関連帳票ID."""
    columns = set(match.candidates["id"]) if match is not None else set()
    for row in sheet.rows[:min(first_id_row, HEADER_SCAN_ROWS)]:
        columns.update(c for c, v in enumerate(row)
                       if type(v) is str and _SIDE_WORD.sub("", _SIDE_NOISE.sub("", header(v))) in _ID_LABELS)
    return columns


_SIDE_WORD = re.compile(rf"^(?:{_REVISED.pattern}|{_PREVIOUS.pattern})|(?:{_REVISED.pattern}|{_PREVIOUS.pattern})$")
_ID_LABELS = frozenset(header(label) for label in SPEC_ALIASES["id"])


def _marks_deletion(row: list[Any]) -> bool:
    """Whether a cell of *row* marks a deletion as a 変更区分 or a name does (削除, 第2.0版にて削除, （削除）)."""
    return any(_may_say_deleted(v) and (_DELETED_CHANGE.fullmatch(h := header(v)) or _DELETED_MARK.fullmatch(h)) for v in row)


def _groups(sheet: Sheet, match: HeaderMatch) -> dict[int, str]:
    """column → the label of a merged cell of the row above the header over it, when those cells name versions
    (第5.0版 over 実装区分 | 備考, 第6.0版 over 実装区分 | 備考) or the sides of a revision (改定前 over 機能要件 |
    実装区分, 改定後 over 機能要件 | 実装区分): that row is a header of versions or sides, not a title."""
    upper, id_col = match.row - 1, match.columns["id"]
    if upper < 0:
        return {}
    # a title merged across the table (its id column too) is no group, and one version alone is no header of versions
    groups = {c: label for (r0, c0), (r1, c1) in sheet.merged_rows.get(upper, ())
              if r1 < match.row and c0 < c1 and not c0 <= id_col <= c1
              if (label := header(sheet.rows[r0][c0]) if c0 < len(sheet.rows[r0]) else "") for c in range(c0, c1 + 1)}
    versions = {v for label in groups.values() if (v := find_version(label, ver=True))}
    return groups if len(versions) > 1 or any(_side(label) for label in groups.values()) else {}


def _side(label: str) -> str | None:
    """"revised" when *label* (a label's note or a group's label) names the revised side of a 新旧 table (改定後,
    改正後, 変更後, 新, 改定案), "previous" when it names the side before (改定前, 改正前, 変更前, 旧, 現行), "earlier"
    when it names an earlier or a reference column read neither (前回, 参考), else None."""
    key = _SIDE_NOISE.sub("", header(label))
    return ("revised" if _REVISED.fullmatch(key) else "previous" if _PREVIOUS.fullmatch(key)
            else "earlier" if _EARLIER.fullmatch(key) else None)


def _shown(match: HeaderMatch, sheet: Sheet, groups: dict[int, str], columns: list[int]) -> str:
    """*columns* as a message names them, each label with the group over it: E 列「実装区分（改定後）」."""
    return shown_columns(sheet, {c: f"{match.labels[c]}（{groups[c]}）" if c in groups else match.labels[c] for c in columns},
                         columns)


def _sides(match: HeaderMatch, groups: dict[int, str]) -> dict[int, str]:
    """column → the side of a revision (_side) its label's note (実装区分（改定後）), the group over it or the side before
    an id label (新機能ID) names."""
    return {c: s for c, label in match.labels.items()
            if (s := _side(label.lstrip("※*★")[len(bare_label(label)):]) or _side(groups.get(c, ""))
                or _side(_SIDED_IDS.get(bare_label(label), "")))}


def _revised_columns(match: HeaderMatch, sheet: Sheet, groups: dict[int, str], sides: dict[int, str], fields: list[str],
                     problems: list[str], warnings: list[str], where: str) -> dict[str, int] | None:
    """field → its column on the revised side, for *fields* given on the sides of a revision (*sides*): the revised
    one, or the one marked neither beside the previous one (機能要件 beside 機能要件（改定前）). None (a problem naming
    the columns) when a field has no such column or several: the previous side read as the version imported would
    hide every change of the revision."""
    chosen: dict[str, int] = {}
    for f in fields:
        columns = sorted(match.candidates[f])
        revised = [c for c in columns if sides.get(c) == "revised"]
        unmarked = [c for c in columns if c not in sides]
        if len(revised) == 1 or not revised and len(unmarked) == 1:
            chosen[f] = (revised or unmarked)[0]
            continue
        what = f"{where}シート「{sheet.name}」の{bare_label(match.labels[columns[0]])}の列（{_shown(match, sheet, groups, columns)}）"
        problems.append(f"{what}は改定前の列だけで、改定後の列がありません（改定前を取り込む版として読むと、改定の変更が隠れます）。"
                        "改定後の列のある表を取り込んでください" if not revised and not unmarked else
                        f"{what}のうち、どれが改定後の列か決められません。使わない列を削除するか、見出しに改定前・改定後を"
                        "書き分けてください（例:「実装区分（改定後）」）")
    if len(chosen) < len(fields):
        return None
    paired = sorted(c for f in fields for c in match.candidates[f])
    used = "、".join(f"{column_letter(c)} 列（{bare_label(match.labels[c])}）" for c in sorted(chosen.values()))
    unread = [c for c in paired if c not in chosen.values()]
    if all(sides.get(c) == "earlier" for c in unread):
        warnings.append(f"{where}シート「{sheet.name}」の {_shown(match, sheet, groups, unread)}は参考・前回などの列のため読まず、"
                        f"{used}を使いました")
    else:
        warnings.append(f"{where}シート「{sheet.name}」は改定前と改定後の列が並ぶ表です（{_shown(match, sheet, groups, paired)}）。"
                        f"改定後の {used}を使いました")
    return chosen


def _ids_per_version(sheet: Sheet, match: HeaderMatch, id_col: int) -> str:
    """The id columns as a message names them when the id header stands over a column per version (機能ID merged over
    第9.8版 | 第9.9版): the row of versions is no header row (an id's lower label is never a version), else ""."""
    if (below := match.row + 1) >= len(sheet.rows):
        return ""
    label, row = match.labels[id_col], sheet.rows[below]
    columns = []
    for c in range(id_col, len(row)):
        if match.labels.get(c, label) != label or not find_version(text(row[c]), ver=True):
            break
        columns.append(c)
    return shown_columns(sheet, {c: text(row[c]) for c in columns}, columns) if len(columns) > 1 else ""


def _class_versions(match: HeaderMatch, groups: dict[int, str]) -> dict[int, str]:
    """column → the version its 実装区分 label or the group over it names."""
    return {c: v for c in match.candidates["class"]
            if (v := find_version(match.labels[c], ver=True) or find_version(groups.get(c, ""), ver=True))}


@dataclass(frozen=True)
class _ClassRead:
    """How a table's 実装区分 is read: from *column*; with *compared*, the other columns no rule told apart from it, each
    row's class compared with theirs (_read_sheet: refused when they differ); with *marks* (column → class), from the
    column marked of one column per class (実装区分 over 実装必須機能 | 標準オプション機能 | 実装不可機能, ○ in one).
    *named*: those columns as messages name them."""
    column: int
    compared: tuple[int, ...] = ()
    marks: dict[int, str] = field(default_factory=dict)
    named: str = ""


@dataclass
class _ClassChoice:
    """The 実装区分 column the user chose with --class-column (*given*: its label or letter, None when not given), for
    every sheet whose class columns it matches; *command*: the import to run with it when the command reading the spec
    has no such option (check --spec FILE), else "". *matched*: whether any sheet had it; *seen*: each sheet's class
    columns, for the error when none did; *lettered*: given as a letter, per label of the columns it picked among
    several, the tables they are in (refuse_lettered)."""
    given: str | None = None
    command: str = ""
    matched: bool = False
    seen: dict[str, str] = field(default_factory=dict)
    lettered: dict[str, dict[str, None]] = field(default_factory=dict)

    def pick(self, match: HeaderMatch, sheet: Sheet, groups: dict[int, str], where: str) -> list[int]:
        """The class columns of *match* the option names: by letter (G), label as messages show it
        (実装区分(一般市区町村)) or the note in its brackets (一般市区町村)."""
        if self.given is None:
            return []
        self.seen.setdefault(f"{where}シート「{sheet.name}」", _shown(match, sheet, groups, sorted(match.candidates["class"])))
        key = header(self.given).strip("「」\"'")
        picked = []
        for c in sorted(match.candidates["class"]):
            if key in _names(match.labels[c], groups.get(c, "")):
                picked.append(c)
            elif key.upper() == column_letter(c):
                picked.append(c)
                if len(match.candidates["class"]) > 1:  # a letter chose among columns: each table's may be another's
                    table = f"{where}シート「{sheet.name}」{match.row + 1}行目の表の {_shown(match, sheet, groups, [c])}"
                    self.lettered.setdefault(_named(match.labels[c], groups.get(c, "")), {})[table] = None
        self.matched = self.matched or bool(picked)
        return picked

    def refuse_lettered(self, files: str) -> None:
        """An error when the letter given picked columns of different labels: the tables of a sheet (帳票 below 機能,
        a column to the right) or the sheets have their class columns at letters of their own, so one letter would
        read a 一般市区町村 column in one table and a 指定都市 column in another."""
        if len(self.lettered) < 2:
            return
        tables = "、".join(t for ts in self.lettered.values() for t in ts)
        raise InputError(f"{files}: --class-column「{quoted(self.given or '')}」に当たる実装区分の列の見出しが表によって違います"
                         f"（{tables}）。列の文字はシートの表ごとに違う列を指します。読む列を見出しで指定してください"
                         f"（例: --class-column {command_arg(next(iter(self.lettered)))}）")

    def hint(self, label: str | None, letter: str) -> str:
        """How to choose a column: the option with its *label*, or with its *letter* when other columns share the label
        (*label* None): a letter may point at another column in a next table."""
        example = f"--class-column {command_arg(label) if label else letter}"
        if self.command:
            return f"`{self.command} {example}`で読む列を指定して{_BY_NAME}"
        return f"読む列を --class-column で指定してください（例: {example}）"


def _named(label: str, group: str) -> str:
    """A class column labelled *label* (under *group*) as --class-column may call it in the messages' words."""
    return f"{label}({header(group)})" if group else label


def _names(label: str, group: str) -> set[str]:
    """What --class-column may call a class column labelled *label* (under *group*): the label, the label with its
    group as messages show it (_named), and the note in the label's brackets."""
    note = label[len(bare_label(label)):]
    return {label, _named(label, group), note[1:-1] if _BRACKETED.fullmatch(note) else label}


def _mark_classes(match: HeaderMatch, columns: list[int]) -> dict[int, str]:
    """column → class, when each of *columns* is labelled with a class of its own (実装区分(実装必須機能) |
    実装区分(標準オプション機能) | 実装区分(実装不可機能)): a column per class, the row's class marked in one; else {}."""
    classes = {c: cls for c in columns if (note := match.labels[c][len(bare_label(match.labels[c])):])
               and _BRACKETED.fullmatch(note) and (cls := parse_class(note[1:-1]))}
    return classes if len(classes) == len(columns) == len(set(classes.values())) else {}


def _marked(value: Any) -> bool:
    """Whether a cell of a column per class marks the row's class: any value but a no (×) or a not applicable (－)."""
    return DEFAULT_VOCABULARY.classify(value) not in ("blank", "no", "na")


def _class_column(match: HeaderMatch, sheet: Sheet, versions: set[str], problems: list[str], warnings: list[str],
                  where: str, groups: dict[int, str]) -> _ClassRead | None:
    """How to read the 実装区分, None (a problem) when its column cannot be chosen.

    Columns per version (実装区分（第5.0版）| 実装区分（第6.0版）, or under version groups: *groups*): the one of
    the version imported (*versions*: --version, else what the file name, cover, sheet name and title give).
    A column per class (_mark_classes): the class of the column marked. Other columns (指定都市 | 一般市区町村, or an
    old class under a label hyojun does not know): the visible ones (an old 実装区分 kept hidden beside the current one)
    compared row by row (_read_sheet), never the left one read alone: which applies depends on the town, or which is
    current on a label's words.
    """
    columns = sorted(c for c in match.candidates["class"])
    if len(columns) == 1:
        return _ClassRead(columns[0])
    shown = _shown(match, sheet, groups, columns)
    of = _class_versions(match, groups)
    if not of:
        if marks := _mark_classes(match, columns):
            return _ClassRead(columns[0], marks=marks, named=shown)
        visible = [c for c in columns if c not in sheet.hidden_columns] or columns
        if len(visible) > 1:
            return _ClassRead(visible[0], compared=tuple(visible[1:]), named=shown)
        warnings.append(f"{where}シート「{sheet.name}」に実装区分の列が {len(columns)} つあります（{shown}）。"
                        f"{'表示されている ' if visible[0] != columns[0] else ''}{column_letter(visible[0])} 列を使いました")
        return _ClassRead(visible[0])
    matching = [c for c in of if of[c] in versions]
    if len(versions) == 1 and len(matching) == 1:
        warnings.append(f"{where}シート「{sheet.name}」に版ごとの実装区分の列があります（{shown}）。"
                        f"取り込む {of[matching[0]]} の {column_letter(matching[0])} 列を使いました")
        return _ClassRead(matching[0])
    plain = [c for c in columns if c not in of]
    if len(plain) == 1 and not matching and len(versions) == 1:  # 実装区分 beside 実装区分（第5.0版）: the current one
        warnings.append(f"{where}シート「{sheet.name}」に実装区分の列が {len(columns)} つあります（{shown}）。版の書かれていない "
                        f"{column_letter(plain[0])} 列を、取り込む {next(iter(versions))} の列として使いました")
        return _ClassRead(plain[0])
    why = f"取り込む版（{'、'.join(sorted(versions))}）の列がありません" if len(versions) == 1 else "どの版の列を読むか決められません"
    problems.append(f"{where}シート「{sheet.name}」の実装区分は版ごとの列です（{shown}）。{why}。--version で取り込む版を指定してください")
    return None


def _columns(match: HeaderMatch, sheet: Sheet, groups: dict[int, str], versions: set[str], choice: _ClassChoice,
             problems: list[str], warnings: list[str], where: str) -> tuple[dict[str, int], _ClassRead] | None:
    """field → the column to read, and how to read the 実装区分, None (a problem) when a column cannot be chosen: the
    実装区分 column --class-column names (*choice*), else as _class_column chooses it, and the other columns of its
    version's group (its 備考), and for each field given on both sides of a revision (実装区分, 機能要件, 機能名称, 備考
    under 改定前 | 改定後), its revised side's column."""
    cols = {**match.columns, "id": id_column(match, sheet)}
    sides = _sides(match, groups)
    classes = sorted(match.candidates["class"])
    if len(picked := choice.pick(match, sheet, groups, where)) > 1:
        problems.append(f"{where}シート「{sheet.name}」では、--class-column「{quoted(choice.given or '')}」に当たる実装区分の列が "
                        f"{len(picked)} つあります（{_shown(match, sheet, groups, picked)}）。列の文字で指定してください"
                        f"（例: --class-column {column_letter(picked[-1])}）")
        return None
    # fields a revision rewrites, given twice: not 項番（旧） beside 項番, nor a 備考 alone under a group 「新」. An id column
    # of the previous side alone (旧機能ID) too: its ids read as the version imported, every renumbered requirement is lost
    sided = {f for f, cs in match.candidates.items() if f in _REVISED_FIELDS and any(c in sides for c in cs)
             and (len(cs) > 1 or f == "id" and sides[cs[0]] != "revised")}
    read = _ClassRead(picked[0]) if picked else None
    if read and len(classes) > 1:
        warnings.append(f"{where}シート「{sheet.name}」に実装区分の列が {len(classes)} つあります"
                        f"（{_shown(match, sheet, groups, classes)}）。--class-column で指定した {column_letter(read.column)} 列を使いました")
    if read or "class" not in sided or _class_versions(match, groups):  # versions first: --version may ask for the previous side
        if read is None and (read := _class_column(match, sheet, versions, problems, warnings, where, groups)) is None:
            return None
        class_col = cols["class"] = read.column
        sided.discard("class")
        if find_version(groups.get(class_col, ""), ver=True):  # the other columns of that version's group too (its 備考)
            group = {f: c for f, cs in match.candidates.items() if f not in ("id", "class")
                     for c in cs if groups.get(c) == groups[class_col]}
            cols.update(group)
            sided -= group.keys()
    if sided:
        if (revised := _revised_columns(match, sheet, groups, sides, sorted(sided), problems, warnings, where)) is None:
            return None
        cols.update(revised)
    return cols, read or _ClassRead(cols["class"])


def _class_problem(raw_class: Any, classes: _ClassRead, marked: list[int], unmarked: bool) -> str:
    """Why the 実装区分 of a row is not read: an empty cell, a value no class, no column per class marked (*unmarked*:
    though not every one is empty, a － or × in each) or several."""
    if classes.marks:
        if marked:
            return f"実装区分の印が {len(marked)} つの列（{'、'.join(f'{column_letter(c)} 列' for c in marked)}）にあります。1 つの列にだけ印を付けてください"
        if unmarked:
            return f"実装区分ごとの印の列 {classes.named} のどれにも印がありません（－・× は印とみなしません）"
        return f"実装区分が空欄です（実装区分ごとの印の列 {classes.named} のどれにも印がありません）"
    if not text(raw_class):
        return "実装区分が空欄です（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）"
    return f"実装区分「{quoted(written(raw_class))}」を解釈できません（実装必須機能／標準オプション機能／実装不可機能 のいずれかが必要です）"


def _compared(classes: _ClassRead, sheet: Sheet, match: HeaderMatch, differing: list[str], choice: _ClassChoice,
              problems: list[str], warnings: list[str], where: str) -> None:
    """The outcome of reading the 実装区分 columns no rule told apart (*classes*): alike on every requirement's row,
    a warning naming them; else a problem naming the rows that differ (*differing*) and how to choose a column: read
    alone, the left column gave a town's requirement another town's class, or the previous class (実装区分（前回）)."""
    columns = [classes.column, *classes.compared]
    # the count and the names of every class column, hidden ones (not compared) too
    what = f"{where}シート「{sheet.name}」に実装区分の列が {len(match.candidates['class'])} つあります（{classes.named}）。"
    if not differing:
        warnings.append(f"{what}どの要件の行も実装区分が同じため、{column_letter(classes.column)} 列を読みました")
        return
    last = columns[-1]
    # 実装区分 | 実装区分: the letter alone tells them apart (hidden ones too: the option picks among them all)
    labels = [match.labels[c] for c in match.candidates["class"]]
    label = match.labels[last] if labels.count(match.labels[last]) == 1 else None
    problems.append(f"{what}{len(differing):,} 行で実装区分が違い（{'、'.join(at_most(differing, _SHOWN_DIFFERENCES, '行'))}）、"
                    f"どの列を読むか決められません。{choice.hint(label, column_letter(last))}。前の版の実装区分の列なら、"
                    "見出しに「（改定前）」「（前回）」などと書けば、その列は読みません")


_UNNAMED = {"name": "名称（機能名称・帳票名称）", "text": "本文（機能要件・帳票概要）"}
# Columns of the ministry's tables that are neither a name nor a text: not to be renamed to one (after header()).
_NOT_FIELDS = frozenset(header(label) for label in ("要件の考え方・理由", "考え方", "理由", "根拠", "関連法令", "法令", "関連する帳票",
                                                     "関連機能ID", "関連帳票ID"))


def _without_text(sheet: Sheet, match: HeaderMatch, cols: dict[str, int], where: str, unnamed: list[str]) -> None:
    """A warning in *unnamed* (once per sheet) when the table of *match* has no name or no text column but columns
    whose labels name no field: its requirements are read with an empty name or text (nothing for reports, templates
    and spec diff to show), and those labels say which column was meant (機能名, 要件の内容 before they were aliases).
    A table of no other columns (機能ID | 実装区分) has no name or text to miss."""
    named = {c for cs in match.candidates.values() for c in cs}
    left = [f"「{quoted(label)}」" for c, label in sorted(match.labels.items()) if c not in named and label not in _NOT_FIELDS]
    # a 中項目/小項目 column names each requirement already: no name to miss
    missing = [what for f, what in _UNNAMED.items() if f not in cols and not (f == "name" and ("l2" in cols or "l3" in cols))]
    if not left or not missing:
        return
    said = (f"に{'と'.join(missing)}の列がないため、{'・'.join(what.partition('（')[0] for what in missing)}を空のまま取り込みました"
            f"（名前の分からない見出し: {joined_at_most(left, 8)}）。その列を読むには、見出しを「機能名称」「機能要件」などに直してください")
    if not any(m.endswith(said) for m in unnamed):  # the header repeated on every page: said for the first
        unnamed.append(f"{where}シート「{sheet.name}」の見出し（{match.row + 1}行目）{said}")


def _filled_span(cols: dict[str, int], classes: _ClassRead) -> range:
    """The columns whose merged cells are read as filled: a merged id cell (the rows continuing a requirement), a
    section's, and a merged class cell (of every class column read)."""
    filled = [cols[f] for f in (*_FILLED, "id") if f in cols] + [*classes.compared, *classes.marks]
    return range(min(filled), max(filled) + 1)


def _read_sheet(book: Workbook, sheet: Sheet, problems: list[str], warnings: list[str], where: str,
                versions: set[str], choice: _ClassChoice, passed: list[_PassedOver], area_codes: set[str]) -> _Found | None:
    """The requirement table of *sheet*, or None. *area_codes*: the 業務コード of --area, else of every area, that a
    text of digits in the id column is named as an id of when no id of the table was read before it."""
    if not_current(sheet):
        if find_header(sheet, SPEC_ALIASES, key="id", required=("id", "class"), group_fields=("class",)):
            warnings.append(f"{where}シート「{sheet.name}」は機能ID と実装区分の表ですが、シート名から改定履歴・削除・廃止の一覧として"
                            "読み飛ばしました")
        return None
    match = find_header(sheet, SPEC_ALIASES, key="id", required=("id", "class"), group_fields=("class",))
    if match is None:
        if (over := _passed_over(sheet, where)) is not None:
            if over.why:
                warnings.append(over.why)
            passed.append(over)
        return None
    groups = _groups(sheet, match)
    titles = [text(v) for row in sheet.rows[: match.row - 1 if groups else match.row] for v in row if text(v)]
    seen_versions = versions or {v for t in [sheet.name, *titles] if (v := find_version(t, ver=True))}
    if (chosen := _columns(match, sheet, groups, seen_versions, choice, problems, warnings, where)) is None:
        return None
    cols, classes = chosen  # a header again below chooses them again
    if per_version := _ids_per_version(sheet, match, cols["id"]):
        label = match.labels[cols["id"]]
        problems.append(f"{where}{address(sheet.name, match.row, cols['id'])}: {label}{' ' if label[-1:].isascii() else ''}"
                        "の列が版ごとに分かれています"
                        f"（{per_version}）。ID の列は 1 つだけ読みます。取り込む版の ID の列だけを残し、見出しの下の版の行"
                        f"（{match.row + 2}行目）を削除したファイルを取り込んでください")
        return None
    questions = [label for label in match.labels.values() if _QUESTION.search(label)]
    if questions and not vendor_from_titles(sheet, match):  # a vendor's sheet with a column of questions: refused
        warnings.append(f"{where}シート「{sheet.name}」は機能ID と実装区分のある表ですが、質問・意見の列（"
                        f"{'、'.join(f'「{quoted(q)}」' for q in questions)}）があるため、意見照会・質疑の一覧として読み飛ばしました")
        return None
    rows = range(match.row + 1, len(sheet.rows))
    _refuse_answers(book, sheet, match)
    span = _filled_span(cols, classes)
    fill = merged_fill(sheet, rows, span)
    kind = _kind(match.labels[cols["id"]], sheet)
    from_csv = book.format == "csv"

    def at(r: int, c: int, filled: bool) -> Any:
        row = sheet.rows[r]
        value = row[c] if c < len(row) else ""
        if filled and (r, c) in fill and not text(value):
            r0, c0 = fill[(r, c)]
            value = sheet.rows[r0][c0]
        return value

    def cell(r: int, f: str) -> Any:
        c = cols.get(f)
        return "" if c is None else at(r, c, f in _FILLED)

    unnamed: list[str] = []  # per header, the fields it has no column of (_without_text)
    _without_text(sheet, match, cols, where, unnamed)
    found: list[Requirement] = []
    without_id: list[str] = []  # requirement rows (their own 実装区分 and text) without an id: not section headings
    deleted: list[str] = []
    kept_deleted: list[str] = []  # requirements whose 変更区分 or name speaks of deleting
    hidden: list[tuple[str, str]] = []
    continuing: set[int] = set()  # rows continuing the requirement above them, read with it
    sections = _Sections(depth=1 if "l2" in cols else 2 if "l3" in cols else 3)  # for a table without a 大項目 column
    class_headings: list[str] = []  # cells of the heading rows that are a 実装区分 in brackets alone (【実装必須機能】)
    blank_class: int | None = None  # the problem of the first requirement whose 実装区分 cell is blank
    unread: list[str] = []  # cells of those rows that are not its text or note
    untaken: list[int] = []  # rows of text alone that continue no requirement (below a heading, after the last one)
    untaken_cells: list[str] = []
    header_end = -1  # the last row of the header found again: its lower rows are no header of their own
    given: set[str] = set()  # in a CSV, the merged fields a requirement above has
    lost: Counter[str] = Counter()  # in a CSV, the requirements without a merged field a requirement above has
    # per class columns compared (_ClassRead), the first header reading them and the requirements whose 実装区分 there
    # differ (id: each as written): a header repeated on every page shares them, a next table's are its own
    compared: dict[tuple[int, ...], tuple[_ClassRead, HeaderMatch, list[str]]] = {}

    def comparing(read: _ClassRead, header_match: HeaderMatch) -> list[str]:
        return compared.setdefault((read.column, *read.compared), (read, header_match, []))[2]

    differing = comparing(classes, match)
    codes_read: set[str] = set()  # the 業務コード of the ids read so far
    for r in rows:
        if r in continuing or r <= header_end:
            continue
        raw_id = cell(r, "id")
        rid = parse_id(raw_id, from_csv=from_csv)
        if rid is not None and raw_id == 0 and (r, cols["id"]) in sheet.formulas:
            rid = None  # a formula's text result saved as 0 (LibreOffice, xlsxwriter): no requirement 0000000
        raw_class = cell(r, "class")
        if rid is None:
            shown_id, shown_class = text(raw_id), text(raw_class)
            if (again := _next_header(sheet, r)) is not None:
                # the header again (printed on every page), or the header of a next table (帳票 below 機能):
                # the rows below follow its columns and its kind
                # and the columns of the version imported, chosen again (what a header repeated says, said once)
                again_warnings: list[str] = []
                again_cols = _columns(again, sheet, _groups(sheet, again), seen_versions, choice, problems,
                                      again_warnings, where)
                warnings.extend([w for w in again_warnings if w not in warnings])
                if again_cols is None:
                    break  # its problem says why the rows below cannot be read
                (cols, classes), header_end = again_cols, again.row
                differing = comparing(classes, again)
                if (again_span := _filled_span(cols, classes)) != span:  # its columns' merges, for the rows below
                    span, fill = again_span, merged_fill(sheet, range(again.row + 1, len(sheet.rows)), again_span)
                _without_text(sheet, again, cols, where, unnamed)
                kind = _kind(again.labels[cols["id"]], sheet)
                continue
            if across := _across(sheet, r, cols):  # its value is no id, and no 実装区分 filled from its merge
                if "l1" not in cols and _heading(across):  # the section of the rows below
                    at_cell = address(sheet.name, r, next(c for c, v in enumerate(sheet.rows[r]) if text(v)))
                    sections.heading(kind, across, at_cell)
                    if _class_heading(across):
                        class_headings.append(at_cell)
                continue
            if shown_id and shown_class:
                problems.append(f"{where}{address(sheet.name, r, cols['id'])}: 「{quoted(written(raw_id))}」は機能ID/帳票ID"
                                f"（7桁の数字）ではありません{_zeros_lost(shown_id, codes_read or area_codes)}"
                                f"{formula_note(shown_id, (r, cols['id']) in sheet.formulas)}")
            elif shown_class and parse_class(raw_class) and (r, cols["class"]) not in fill \
                    and any(text(v) for c, v in enumerate(sheet.rows[r]) if c not in (cols["id"], cols["class"])):
                without_id.append(address(sheet.name, r, cols["id"]))
            elif (filled := _text_columns(sheet, r, cols)) and not _above_header(sheet, r):  # not a header's upper row
                untaken.append(r)
                untaken_cells.extend(address(sheet.name, r, c) for c in filled)
            continue
        more = _continuation(sheet, r, cols, fill, from_csv)
        continuing.update(more)
        headings = sections.of(kind)
        per_class = {c: at(r, c, True) for c in classes.marks}
        marked = [c for c, v in per_class.items() if _marked(v)]
        cls, class_note = (classes.marks[marked[0]] if len(marked) == 1 else None, "") if classes.marks else class_of(raw_class)
        change, name = cell(r, "change"), cell(r, "name")
        # a － among columns per class says "not this class", not "deleted"
        if _deleted(change, name, cell(r, "text"), cls, "" if classes.marks else raw_class):
            deleted.append(rid)
            continue
        if cls is None:
            if blank_class is None and not classes.marks and not text(raw_class):
                blank_class = len(problems)
            unmarked = any(text(v) for v in per_class.values())
            problems.append(f"{where}{address(sheet.name, r, cols['class'])}: {_class_problem(raw_class, classes, marked, unmarked)}"
                            f"{formula_note(text(raw_class), (r, cols['class']) in sheet.formulas)}")
            continue
        if classes.compared and any(class_of(at(r, c, True)) != (cls, class_note) for c in classes.compared):
            differing.append(f"{rid}: {'／'.join(written(at(r, c, True)) or '（空欄）' for c in (cols['class'], *classes.compared))}")
        source = address(sheet.name, r, cols["id"])
        if said := _said_deleted(change, name):
            kept_deleted.append(f"{rid}（{said}）")
        if r in sheet.hidden_rows:
            hidden.append((rid, source))
        # the text and note of the rows continuing it (neither is filled from a merge: each row's own), as written
        blank = {m for m in more if _blank(sheet, m)}
        body, note = (_paragraphs(None if m in blank else written(cell(m, f)) for m in (r, *more)) for f in ("text", "note"))
        unread.extend(address(sheet.name, m, c) for m in more for f in _OWN_ROW
                      if (c := cols.get(f)) is not None and c < len(sheet.rows[m]) and text(sheet.rows[m][c]))
        if class_note:  # the cell as written stays in the note too: gap reports show the note, not the annotation
            as_written = f"実装区分「{written(raw_class)}」"
            note = f"{note}\n{as_written}" if note else as_written
        if from_csv:
            for f in _MERGED_IN_EXCEL.keys() & cols.keys():
                if text(cell(r, f)):
                    given.add(f)
                elif f in given:
                    lost[f] += 1
        codes_read.add(rid[:3])
        found.append(Requirement(
            id=rid, kind=_KIND_WORDS.get(bare_label(header(k)), kind) if (k := cell(r, "kind")) else kind,  # type: ignore[arg-type]
            cls=cls,  # type: ignore[arg-type]
            section=tuple(s for s in ((written(cell(r, "l1")),) if "l1" in cols else headings)
                          + (written(cell(r, "l2")), written(cell(r, "l3"))) if s),
            number=text(cell(r, "number")), name=written(name), text=body,
            note=note, source=source, class_note=class_note,
        ))
    if class_headings and blank_class is not None:  # once: the rows below such a heading have no class of their own
        problems[blank_class] += (f"。実装区分の語だけの見出しの行があります（{where}{class_headings[0]} など）: 区分を各行の"
                                  "実装区分の列に書いてください")
    if sections.unclear:
        warnings.append(f"{where}シート「{sheet.name}」には、要件をはさまずに続く見出しの行があります（"
                        f"{'、'.join(at_most(sections.unclear, _SHOWN_DIFFERENCES, '組'))}）。見出しの印（■ の下に □、1. の下に 1.1 "
                        "など）が違えば下の行を上の見出しの中項目（その下は小項目）として読みますが、印で上下を決められないため、下の行を大項目として読みました")
    for read, header_match, rows_differing in compared.values():
        if read.compared:
            _compared(read, sheet, header_match, rows_differing, choice, problems, warnings, where)
    if found:
        warnings.extend(unnamed)
    if lost:
        counts = "、".join(f"{label}が空の要件 {lost[f]:,} 件" for f, label in _MERGED_IN_EXCEL.items() if lost[f])
        warnings.append(f"{where}CSV には、仕様書で縦に結合されたセル（{'・'.join(_MERGED_IN_EXCEL.values())}）の値が結合の"
                        f"先頭の行にしか残りません（上の要件にはある{counts}）。結合の各行に値を引き継いで読むには、"
                        "元の Excel ブック（.xlsx）を取り込んでください")
    if without_id:
        warnings.append(f"{where}{len(without_id):,} 行（{_cells_named(without_id)}）は実装区分と本文があるのに機能ID/帳票IDがないため、取り込んでいません")
    if untaken:
        warnings.append(f"{where}{len(untaken):,} 行（{_cells_named(untaken_cells)}）は機能ID/帳票IDのない本文・備考だけの"
                        "行で、どの要件の続きか決められないため、取り込んでいません（要件の続きとして読むのは、要件のすぐ下の行と、空行の"
                        "後で次の要件（か、その上の見出し）までの行です。それ以外の行の前の行、※・注・凡例で始まる行と、本文から備考の列まで結合された行は"
                        "表の注記とみなします）")
    if unread:
        warnings.append(f"{where}{len(unread):,} 個のセル（{_cells_named(unread)}）は、機能ID/帳票IDの結合セルの中の行"
                        "（その要件の続き）にあるため読んでいません（本文・備考はその要件に続けて読みました）")
    if deleted:
        warnings.append(f"{where}シート「{sheet.name}」の {len(deleted):,} 行（{_ids_named(deleted)}）は削除された要件"
                        "（変更区分が「削除」「廃止」、名称・本文・実装区分が「（削除）」、実装区分が「－」など）のため、取り込んでいません")
    if kept_deleted:
        warnings.append(f"{where}シート「{sheet.name}」の {len(kept_deleted):,} 件（{'、'.join(kept_deleted)}）は"
                        "「削除」「廃止」とありますが、削除された要件の書き方（変更区分「削除」、名称「（削除）」など）ではないため、"
                        "要件として取り込みました。府省が削除した要件でないか確かめてください")
    return _Found(sheet, book.path, where, found, titles, address(sheet.name, match.row, cols["id"]), hidden)


def _decide(label: str, option: str, candidates: dict[str, set[str]], given: str | None, files: str,
            warnings: list[str], strong: str = "") -> str | None:
    """The area or version the sources agree on. A value given on the command line settles sources
    that disagree (a note above the table on 第5.0版 from which this version changed) when another
    source names it too, and the *strong* source does not disagree (the ids' 業務コード), but not
    sources that name only others (the wrong file)."""
    if given is not None:
        against = {src: vs for src, vs in candidates.items() if vs and given not in vs}
        if not against:
            return given
        backed = [src for src, vs in candidates.items() if given in vs]
        if backed and strong not in against:
            disagree = "、".join(f"{src}は {'/'.join(sorted(vs))}" for src, vs in against.items())
            warnings.append(f"{files}: {disagree} ですが、{option} の {given} で取り込みました（{'・'.join(backed)}が {given}）")
            return given
        candidates = {**against, option: {given}}
    values = {v for vs in candidates.values() for v in vs}
    if len(values) > 1:
        detail = "、".join(f"{src}: {'/'.join(sorted(vs))}" for src, vs in candidates.items() if vs)
        hint = f"正しいファイルか確認するか、{option} を見直してください" if given else f"正しいファイルなら {option} で指定してください"
        raise InputError(f"{files}: {label}が食い違っています（{detail}）。{hint}")
    return next(iter(values), None)


def _cover_versions(book: Workbook) -> set[str]:
    """Versions written on a cover sheet (表紙), which has no requirement table of its own."""
    return {v for sheet in book.sheets if "表紙" in sheet.name
            for row in sheet.rows[:HEADER_SCAN_ROWS] for cell in row if (v := find_version(text(cell), ver=True))}


def _one_version_of_sheets(tables: list[_Found], given: str | None, files: str, warnings: list[str]) -> list[_Found]:
    """The tables of the version imported, when sheets carry versions in their names (機能要件（第5.0版）
    beside 機能要件（第6.0版））: with --version those of that version (or of none), else an error."""
    of = {id(f): v for f in tables if (v := find_version(f.sheet.name, ver=True))}
    if given is not None:
        for f in tables:
            if of.get(id(f), given) != given:
                warnings.append(f"{f.name}は {of[id(f)]} のシートのため、読み飛ばしました（--version {given}）")
        return [f for f in tables if of.get(id(f), given) == given]
    if len(set(of.values())) > 1:
        shown = "、".join(f"{f.name}: {of[id(f)]}" for f in tables if id(f) in of)
        raise InputError(f"{files}: 版の違う要件のシートがあります（{shown}）。1 回の取り込みでは 1 つの版を読みます。"
                         "--version で取り込む版を指定してください（その版のシートと、版のないシートだけを読みます）")
    return tables


def _one_area(tables: list[_Found], catalog: Catalog, given: str | None, files: str, warnings: list[str]) -> list[_Found]:
    """The tables of the area imported. A table whose ids' 業務コード is another area's (法人住民税 beside
    個人住民税 in one workbook, the wrong 帳票要件 file) is refused, or with --area passed over with a
    warning when its file holds the area's own tables too. A code shared by several areas (016, 共通機能)
    is no area's own and stays with any."""
    area_of = {id(f): catalog.by_id_prefix([r.id for r in f.requirements]) for f in tables}
    chosen = catalog.find(given) if given else catalog.by_id_prefix([r.id for f in tables for r in f.requirements])
    foreign = [f for f in tables if (a := area_of[id(f)]) is not None and a != chosen]
    if not foreign or len(foreign) == len(tables) or chosen is None:
        return tables  # one area, or none told apart (the ids and the titles settle it)
    kept = [f for f in tables if f not in foreign]
    problems, import_of = [], "hyojun spec import"
    for f in foreign:
        a = area_of[id(f)]
        assert a is not None
        what = (f"{f.name}の {len(f.requirements):,} 件（{f.requirements[0].id} など）は IDの業務コード "
                f"{a.business_codes[0]} の {a.name} の要件です")
        if not any(k.path == f.path for k in kept):
            problems.append(f"{what}。取り違えたファイルでないか確かめ、{a.name} の要件なら別に取り込んでください"
                            f"（{import_of} {f.path.name}）")
        elif given:
            warnings.append(f"{what}。--area {chosen.name} のため読み飛ばしました（{a.name} の要件は "
                            f"{import_of} {f.path.name} --area {a.name} で取り込めます）")
        else:
            problems.append(f"{what}。業務ごとに --area を付けて取り込んでください（{import_of} {f.path.name} --area "
                            f"{chosen.name}、--area {a.name}。指定した業務でないシートは読み飛ばします）")
    if problems:
        raise InputError(f"{files}: 1 回の取り込みでは 1 つの業務（{chosen.name}）の要件を読みますが、別の業務の要件があります",
                         details=problems)
    return kept


def _stray_ids(tables: list[_Found], area: Area, catalog: Catalog, problems: list[str], warnings: list[str]) -> None:
    """The requirements whose id's 業務コード is not *area*'s, row by row: a table's area is its ids' majority
    (_one_area), so a row of another area's id among them (0230101 among 住民記録's) would be stored as this area's
    requirement, and every vendor's answer would lack it. A code the area lists is its own; a code other areas list is a
    problem naming the cell and those areas (the tax areas' common 014–016 in a 住民記録 spec too: every vendor of
    住民記録 would lack it); a code of no area in the catalog (one newer than the catalog) is read and named in a
    warning."""
    codes = "・".join(area.business_codes)
    for f in tables:
        unknown: list[Requirement] = []
        for req in f.requirements:
            if (code := req.id[:3]) in area.business_codes:
                continue
            if owner := catalog.whose_code(code):
                problems.append(f"{f.where}{req.source}: {ID_LABELS[req.kind]} {req.id} は IDの業務コード {code} の {owner} の要件です"
                                f"（{area.name} の業務コードは {codes}）。別の業務の行が紛れていないか確かめ、その行を除いたファイルを"
                                "取り込んでください")
            else:
                unknown.append(req)
        if unknown:
            named = _ids_named([r.id for r in unknown], [r.source for r in unknown])
            warnings.append(f"{f.name}の {len(unknown):,} 件（{named}）は IDの業務コードがどの業務のものでもありませんが、"
                            f"{area.name} の要件として取り込みました（{area.name} の業務コードは {codes}）。業務一覧（areas.yaml）より"
                            "新しい業務コードでなければ、別の仕様書の行が紛れていないか確かめてください")


def read_spec(paths: list[Path], *, area: str | None = None, version: str | None = None, class_column: str | None = None,
              catalog: Catalog | None = None, warnings: list[str] | None = None, via_import: bool = False,
              skip_sheets: Collection[str] = ()) -> Spec:
    """Read one spec from one workbook (機能 + 帳票 sheets) or several files (機能.xlsx + 帳票.xlsx).

    *class_column*: the 実装区分 column to read (its label or letter) on every sheet that has it, where a sheet has
    several no rule tells apart (指定都市 | 一般市区町村); an error when no sheet has it.

    *warnings*, when given, receives what was passed over without stopping the import: sheets with
    ids but no requirement table, rows with 実装区分 but no id, deleted rows, hidden rows and sheets, ids of
    no area's 業務コード.
    *via_import*: the command has no --area / --version (spec diff, check), so an area or version that
    cannot be told is to be given by importing the file with `hyojun spec import` first.
    *skip_sheets*: names of sheets not to read at all (a list of ids that is no requirement table, which would
    otherwise be refused as one not read); an error when a name is no sheet of the files.
    """
    catalog = catalog or load_catalog()
    files = "、".join(p.name for p in paths)
    given_area = catalog.resolve(area).name if area else None
    given_v = version_arg(version) if version else None
    if version and given_v is None:
        raise InputError(f"--version「{version}」は版の形式ではありません（例: 第6.0版、6.0。年月で名づけた 2026.1版 などは版として使えません）")
    tables: list[_Found] = []
    sources: list[SourceFile] = []
    problems: list[str] = []
    warnings = [] if warnings is None else warnings
    covers: dict[Path, set[str]] = {}  # per file, the versions its cover sheet gives
    choice = _ClassChoice(class_column, f"hyojun spec import {' '.join(command_arg(p) for p in paths)}" if via_import else "")
    passed: list[_PassedOver] = []  # sheets with ids but no requirement table
    area_codes = set(catalog.resolve(area).business_codes if area else (c for a in catalog.areas for c in a.business_codes))
    books = [read_workbook(path) for path in paths]
    if unknown := [name for name in skip_sheets if not any(s.name == name for book in books for s in book.sheets)]:
        names = "、".join(f"{f'{book.file_name}: ' if len(books) > 1 else ''}{''.join(f'「{s.name}」' for s in book.sheets)}"
                         for book in books)
        raise InputError(f"{files}: --skip-sheet の{''.join(f'「{quoted(n)}」' for n in unknown)}に当たるシートがありません"
                         f"（シート: {names}）")
    for path, book in zip(paths, books):
        _refuse_not_a_spec(book)
        if any(s.sha256 == book.sha256 for s in sources):
            raise InputError(f"{path}: 同じ内容のファイルが2回指定されています（{files}）")
        sources.append(SourceFile(book.file_name, book.sha256))
        covers[path] = _cover_versions(book)
        warned, before = len(warnings), len(tables)
        where = f"{path.name}: " if len(paths) > 1 else ""  # cells of several files say which
        versions = {given_v} if given_v else {v for v in (*covers[path], find_version(path.stem, ver=True)) if v}
        for sheet in book.sheets:
            if sheet.name in skip_sheets:
                warnings.append(f"{where}シート「{sheet.name}」は --skip-sheet の指定で読みませんでした")
            elif (found := _read_sheet(book, sheet, problems, warnings, where, versions, choice, passed, area_codes)) is not None:
                tables.append(found)
        if not any(f.requirements for f in tables[before:]) and not problems:
            if headers := [f.header for f in tables[before:]]:
                raise InputError(f"{path}: 要件一覧の表（{'、'.join(headers)} の見出し）の下に、機能ID/帳票ID（7桁の数字）と"
                                 "実装区分のある行がありません", details=warnings[warned:])
            raise InputError(f"{path}: 要件一覧の表が見つかりません。先頭 30 行以内に「機能ID（または帳票ID）」と"
                             "「実装区分」の見出しを持つシートが必要です", details=warnings[warned:])
    choice.refuse_lettered(files)
    if class_column is not None and not choice.matched:
        columns = "、".join(f"{sheet}: {named}" for sheet, named in choice.seen.items())
        raise InputError(f"{files}: --class-column「{quoted(class_column)}」に当たる実装区分の列がありません（{columns}）。"
                         "列の見出し（例: 実装区分(一般市区町村)）か列の文字（例: G）で指定してください")
    read = {r.id for f in tables for r in f.requirements}  # of every version and area: what a passed-over sheet may list
    tables = _one_version_of_sheets([f for f in tables if f.requirements], given_v, files, warnings)
    # two versions of one list (their ids repeat): --version would not help, only one import per version
    versions_of = {p: {v for t in [*(t for f in tables if f.path == p for t in f.titles), p.stem]
                       if (v := find_version(t, ver=True))} | covers[p] for p in paths}
    area_of = {p: a.name if (a := catalog.by_id_prefix([r.id for f in tables if f.path == p for r in f.requirements]))
               else "" for p in paths}
    single = {p.name: next(iter(vs)) for p, vs in versions_of.items() if len(vs) == 1}
    ids = [r.id for f in tables for r in f.requirements]
    if len(set(single.values())) > 1 and len(set(ids)) < len(ids):
        areas = len(set(area_of.values())) > 1
        shown = "、".join(f"{name}: {area_of[p] + ' ' if areas else ''}{v}"
                         for p in paths if (name := p.name) in single and (v := single[name]))
        what = "業務・版" if areas else "版"
        raise InputError(f"{files}: {what}の違うファイルが一緒に指定されています（{shown}）。1 回の取り込みでは 1 つの業務の 1 つの版"
                         f"（その版の機能要件と帳票要件のファイル）を読みます。{what}ごとに分けて取り込んでください")
    tables = _one_area(tables, catalog, given_area, files, warnings)
    # 機能要件's file before 帳票要件's, in whatever order they were given: one spec, one order and one sha256
    forms_first = {f.path: f.requirements[0].kind == "form" for f in reversed(tables)}  # each file's first table
    order = sorted(range(len(paths)), key=lambda i: forms_first.get(paths[i], False))
    tables.sort(key=lambda f: order.index(paths.index(f.path)))  # stable: a file's own tables in its order
    sources = [sources[i] for i in order]
    requirements = [r for f in tables for r in f.requirements]
    titles = [t for f in tables for t in f.titles]
    seen: dict[str, tuple[str, Requirement]] = {}
    for f in tables:
        # a hidden sheet said so: an old copy kept hidden (機能要件(旧)) is what the user cannot see in Excel
        hidden = f"（{shown}のシート）" if (shown := f.sheet.hidden_as) else ""
        for req in f.requirements:
            cell = f"{f.where}{req.source}{hidden}"
            if req.id not in seen:
                seen[req.id] = (cell, req)
                continue
            first, other = seen[req.id]
            if other.kind == req.kind:
                problems.append(f"{cell}: {ID_LABELS[req.kind]} {req.id} が重複しています（最初は {first}）")
            else:
                problems.append(f"{cell}: {ID_LABELS[req.kind]} {req.id} は{ID_LABELS[other.kind]} {req.id}"
                                f"（{first}）と同じ番号です。hyojun は要件を ID で見分けるため、機能と帳票が同じ番号の仕様書は"
                                f"取り込めません。{KIND_LABELS[other.kind]}だけを取り込むなら、{KIND_LABELS[req.kind]}のシート"
                                f"（別のファイルならそのファイル）を除いて取り込んでください")
    for f in tables:
        if f.sheet.hidden:
            warnings.append(f"{f.name}の {len(f.requirements):,} 件も要件として取り込みました（{f.requirements[0].id} など）。"
                            "作業用の写しなどで要件でなければ、そのシートを削除したファイルを取り込んでください")
        elif f.hidden_rows:
            named = _ids_named([i for i, _ in f.hidden_rows], [c for _, c in f.hidden_rows])
            warnings.append(f"{f.name}の非表示の行にある {len(f.hidden_rows):,} 件も要件として取り込みました（{named}）。"
                            "府省が取り下げた要件でないか確かめてください")
    if marked := [p.name for p in paths if _MARKED_UP in p.stem] or [t for t in titles if _MARKED_UP in t][:1]:
        # rows deleted only by strike-through are read as requirements (the font is not read: docs/decisions.md)
        warnings.append(f"{'、'.join(marked)}: 見え消し版（変更箇所を取消線・色で示した版）のようです。取消線だけで削除を示した"
                        "行も要件として読みます。溶け込み版（変更を反映した版）があれば、そちらを取り込んでください")
    # Area and version first: two versions passed together would otherwise show as hundreds of duplicates.
    by_prefix = catalog.by_id_prefix([r.id for r in requirements])
    by_title = {a.name for t in titles if (a := catalog.in_text(t))}
    by_name = {a.name for p in paths if (a := catalog.in_text(p.stem))}
    importing = f"`hyojun spec import {' '.join(command_arg(p) for p in paths)}` の " if via_import else ""
    by_code = "機能IDの業務コード"
    area_name = _decide("業務", importing + "--area", {by_code: {by_prefix.name} if by_prefix else set(),
                                                     "表題": by_title, "ファイル名": by_name},
                        given_area, files, warnings, strong=by_code)
    if area_name is not None:
        _stray_ids(tables, catalog.resolve(area_name), catalog, problems, warnings)
        codes = catalog.codes_of(area_name, [r.id for r in requirements])  # not another area's, which --area passed over
        problems.extend(problem for over in passed if (problem := over.problem(read, codes, choice.command)))
    version_name = _decide("版", importing + "--version", {
        "表題": {v for t in titles if (v := find_version(t, ver=True))},
        "シート名": {v for f in tables if (v := find_version(f.sheet.name, ver=True))},
        "表紙": {v for vs in covers.values() for v in vs},
        "ファイル名": {v for p in paths if (v := find_version(p.stem, ver=True))}}, given_v, files, warnings)
    if problems:
        raise InputError(f"{files}: 仕様書の読み込みで {len(problems)} 件の問題があります",
                         details=at_most(problems, _SHOWN_PROBLEMS))
    then = f"で{_BY_NAME}" if via_import else "で指定してください"
    if area_name is None:
        raise InputError(f"{files}: 業務を判定できません。{importing}--area {then}（例: --area 介護保険）")
    if version_name is None:
        raise InputError(f"{files}: 版を判定できません。表題・表紙・ファイル名に版（第6.0版、6.0版、Ver.6.0 など）がありません。"
                         f"{importing}--version {then}（例: --version 第6.0版）")
    return Spec(area_name, version_name, tuple(requirements), tuple(sources))


_MARKED_UP = "見え消し"  # a revision published with its changes marked (struck-through deletions), beside a clean one
