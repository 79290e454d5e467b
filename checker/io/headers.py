"""Find a header row (not assume it): alias matching, two-row headers, merged header cells."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..errors import at_most, joined_at_most
from ..normalize import BRACKETED, header, parse_id, quoted, unmarked_id
from .cells import column_letter
from .workbook import Sheet

HEADER_SCAN_ROWS = 30
# The rows one header may take: 要件 over 実装区分 over 第5.0版 | 第6.0版 is three, one more leaves room for a row of versions
# below such. A row below the second continues it only under a cell merged across columns, beside an id header merged
# down over it, or as a row of versions (_continues): a section heading there stays a row of the table.
HEADER_ROWS = 4
# Sheets of what changed (改定履歴・更新履歴), of what was deleted or abolished: they list ids, sometimes with
# a 実装区分 (before or after the change), but never the requirements of this version.
NOT_CURRENT = ("履歴", "削除", "廃止")
_ID_LIKE = re.compile(r"\s*[0-9０-９][0-9０-９\-‐_－−―ー ]{5,12}\s*$")  # before parse_id, which is 20× slower per cell
_ID_LOOKUP_ROWS = 5000  # rows of a passed-over sheet looked at for ids (its table would start near the top)

# An alias followed by a bracketed note or a footnote mark, as template headers carry a legend or a
# hint: 対応可否（○・△・×・－）, 備考(任意), 回答【必須】, 実装区分※1 (normalize.BRACKETED).
_LEGEND = re.compile(r"[○◯〇△×✕]")  # answer marks: in a legend row under the header, never in a column's name
_NOTE_TEXT = rf"{BRACKETED}|※.*"
_NOTED = re.compile(rf"([^(\[【〔〈<※]+)(?:{_NOTE_TEXT})")
# A cell that is only a bracketed note or one after ※ (（半角7桁）, ※選択してください): an instruction to whoever
# fills in the template, where a header or an id would stand, never data.
_NOTE = re.compile(_NOTE_TEXT)
_DIGITS = re.compile(r"\d{5}")  # in a note of the id column (※0260001): an id with a mark, not a hint (is_hint)
# A version after an alias without brackets (「実装区分↵第5.0版」, the line break gone): a note as a bracketed one is.
_VERSION_AFTER = re.compile(r"(?<=[^\d第.])第?\d+(?:\.\d+)?版$")
# A label that is an answer mark alone (after NFKC: － is -): a row of them under the answer label heads a column per
# mark (対応可否 over ○ | △ | × | －) where no merge says so, as in a CSV (_marks_under_answer).
_BARE_MARK = re.compile(r"[○◯〇◎△▲×✕✖☓\-―ー‐—−–]|予定")
# The start of a legend (凡例, 記号の意味, 記号の説明, 回答の記号, after ※ or a bracket): a note on the table, whose rows
# hold marks and their meanings (記号の意味 | ○ | 標準機能で対応), neither a requirement nor an answer.
LEGEND_START = re.compile(r"[※*]?\s*[(\[【]?\s*(?:凡例|(?:回答の?)?記号(?:の(?:意味|説明|凡例|一覧)|説明|一覧)|回答の記号)")
# A label that is a version alone (第5.0版, 6.0版, Ver.6.0, （第6.0版）): a row of them names the columns above per version.
_VERSION_LABEL = re.compile(r"[(\[【]?(?:第?\d+(?:\.\d+)?版|ver\.?\d+(?:\.\d+)?)[)\]】]?", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderMatch:
    row: int  # 0-based index of the last header row; data starts below it
    top: int  # 0-based index of its first row: the id label's, or the upper row above it (_above)
    columns: dict[str, int]  # field → 0-based column
    labels: dict[int, str]  # column → normalised label that named it
    candidates: dict[str, tuple[int, ...]]  # field → every column naming it, the chosen one first
    # columns named only by a merged cell over them (ベンダ回答 over a column without a label of its own)
    inherited: frozenset[int] = frozenset()

    def shown_labels(self, limit: int = 8) -> str:
        """Its labels quoted in column order, the first *limit* (a header may be 16,384 cells wide)."""
        return joined_at_most([f"「{self.labels[c]}」" for c in sorted(self.labels)], limit)


def forms_sheet(sheet: Sheet) -> bool:
    return "帳票" in sheet.name and "機能" not in sheet.name  # not 「機能・帳票要件」


def id_column(match: HeaderMatch, sheet: Sheet) -> int:
    """The id column: a forms table's own 帳票ID (帳票要件ID, 帳票番号) even when a 機能ID column (each form's related
    function) stands left of it. A table is of forms on a sheet named for forms alone; by its names and texts when they
    are forms' alone (帳票名称, 帳票概要: 機能ID | 帳票ID | 帳票名称 on a sheet 「機能・帳票要件」, or below a functions table)
    or functions' alone (機能名称, 機能要件); when they do not tell, on a sheet whose name does not say (様式, 回答), when
    its 帳票ID heads a column left of a 機能ID one: a forms table gives each form's related function after it
    (帳票ID | 帳票名称 | 機能ID), a functions table a related form after its own id (機能ID | 機能名称 | 帳票ID)."""
    ids = sorted(match.candidates.get("id", ()))
    forms, functions = ([c for c in ids if bare_label(match.labels[c]).startswith(kind)] for kind in ("帳票", "機能"))
    if not forms:
        return match.columns["id"]
    named = {kind for f in ("name", "text") for c in match.candidates.get(f, ())
             if (kind := bare_label(match.labels[c])[:2]) in ("帳票", "機能")}
    if forms_sheet(sheet) or named == {"帳票"} or (
            named != {"機能"} and "機能" not in sheet.name and bool(functions) and forms[0] < functions[0]):
        return forms[0]
    return match.columns["id"]


def shown_columns(sheet: Sheet, labels: Mapping[int, str], columns: list[int], limit: int | None = None) -> str:
    """*columns* as a message names them, with their *labels* and whether hidden: D 列「実装区分」（非表示）、E 列「実装区分」;
    the first *limit* of them, then how many more (ほか 3996 列), when given."""
    shown = [f"{column_letter(c)} 列「{quoted(labels[c])}」{'（非表示）' if c in sheet.hidden_columns else ''}" for c in columns]
    return "、".join(shown if limit is None else at_most(shown, limit, "列"))


def not_current(sheet: Sheet) -> bool:
    return any(word in sheet.name for word in NOT_CURRENT)


def id_cells(sheet: Sheet, numbers: bool = False) -> list[tuple[int, int]]:
    """Per row among the first 5,000, the first cell that reads as a 7-digit id: (row, column), 0-based.

    Text cells only unless *numbers* (a vendor's ids are often number cells); a caller that counts
    number cells should also check their area code, as any whole number up to 9,999,999 reads as an id.
    """
    found = []
    for r, row in enumerate(sheet.rows[:_ID_LOOKUP_ROWS]):
        for c, v in enumerate(row):
            if (type(v) is str and _ID_LIKE.match(v) or numbers and type(v) is float and 100_000 <= v < 10_000_000) \
                    and parse_id(v):
                found.append((r, c))
                break
    return found


def merged_fill(sheet: Sheet, rows: range, columns: range | frozenset[int] | None = None) \
        -> dict[tuple[int, int], tuple[int, int]]:
    """Map each non-anchor cell of a merged range (within *rows*/*columns* and the sheet's cells) to its top-left
    anchor. read_workbook refuses merges covering more cells than the sheet has, so this maps at most its cells
    (a merge past them, A1:XFD1048576, maps no cell that is not there). It looks at the merges of *rows* alone
    (Sheet.merged_rows), and of a set of *columns* (up to 16,384 columns per mark) at those each merge spans."""
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    width = len(sheet.rows[0]) if sheet.rows else 0
    within = range(0, width) if columns is None else columns
    chosen = [] if isinstance(within, range) else sorted(within)  # of a set: those a merge spans, found by bisection
    by_row = sheet.merged_rows
    for r in range(max(rows.start, 0), min(rows.stop, len(sheet.rows))):
        for (r0, c0), (r1, c1) in by_row.get(r, ()):
            anchor = (r0, c0)
            cols = range(max(c0, within.start), min(c1 + 1, within.stop, width)) if isinstance(within, range) \
                else chosen[bisect_left(chosen, c0):bisect_right(chosen, min(c1, width - 1))]
            for c in cols:
                if (r, c) != anchor:
                    fill[(r, c)] = anchor
    return fill


def _row_labels(sheet: Sheet, r: int, fill: dict[tuple[int, int], tuple[int, int]]) -> dict[int, str]:
    labels: dict[int, str] = {}
    for c, value in enumerate(sheet.rows[r]):
        label = header(value)
        if not label and (r, c) in fill:
            r0, c0 = fill[(r, c)]
            label = header(sheet.rows[r0][c0])
        if label:
            labels[c] = label
    return labels


def _named(label: str, lookup: dict[str, str]) -> tuple[str | None, bool]:
    """The field *label* names, and whether it did so only through a bracketed note (exactly an alias before it)."""
    if (f := lookup.get(label)) is not None:
        return f, False
    alias = bare_label(label)
    return (lookup.get(alias), True) if alias != label else (None, False)


def bare_label(label: str) -> str:
    """The alias part of *label* (without a mark before it, its bracketed note or the version after it): a
    template marks a column to fill in as ※対応可否 or ★対応可否 (＊ is * after NFKC)."""
    label = label.lstrip("※*★")
    m = _NOTED.fullmatch(label)
    return m.group(1) if m else _VERSION_AFTER.sub("", label, count=1)


def is_note(label: str) -> bool:
    """Whether a normalised *label* is only a note (（半角7桁）, ※必須)."""
    return _NOTE.fullmatch(label) is not None


def is_hint(label: str) -> bool:
    """Whether a normalised *label* in the id column is the template's hint to whoever fills it in (（半角7桁）, ※必須):
    a note without an id in it. ※0260001, (0260001) and ※026-0001 are ids with a mark, their rows a requirement's."""
    return is_note(label) and not _DIGITS.search(label) and unmarked_id(label) is None


def _continues(sheet: Sheet, r: int, upper: dict[int, str], id_col: int, lookup: dict[str, str], key: str,
               fill: dict[tuple[int, int], tuple[int, int]], first: bool = True) -> dict[int, str] | None:
    """The labels of row *r*+1 when it is a lower row of the header whose row *r* (labels *upper*) is above it.

    It is when its id cell is blank (or the id label again) and either the id header cell is merged
    down over it, or one of its labels stands under a group cell (a cell merged across columns, such
    as ベンダ回答), or its labels are versions alone (第5.0版 | 第6.0版 under 実装区分 | 実装区分), or, when
    it is the *first* row below, one of its labels names a field and none is data under a column the row
    above names (_data_under_names), or its labels are answer marks heading a column per mark under the answer
    label (_marks_under_answer). Its other labels may be unknown (ベンダ補足事項): they still name their
    columns, so the group label above does not. A hint in its id cell (is_hint: （半角7桁）, not ※0260001) is the
    template's when another of its labels names a field: the id column keeps its name.
    """
    if r + 1 >= len(sheet.rows):
        return None
    own = {c: lab for c, v in enumerate(sheet.rows[r + 1]) if (lab := header(v))}
    if id_col in own and _named(own[id_col], lookup)[0] != key:
        hint = own.pop(id_col)
        if not (is_hint(hint) and any(_named(lab, lookup)[0] is not None for lab in own.values())):
            return None  # a data row (or a heading in the id column)
    spans = fill.get((r + 1, id_col)) == fill.get((r, id_col), (r, id_col))
    groups = {c for (_, c0), (_, c1) in sheet.merged_rows.get(r, ()) if c1 > c0 for c in range(c0, c1 + 1)}
    if own and (spans or any(c in groups for c in own) or all(_VERSION_LABEL.fullmatch(lab) for lab in own.values())
                or first and any(_named(lab, lookup)[0] is not None for lab in own.values())
                and not _data_under_names(upper, own, lookup)
                or first and _marks_under_answer(upper, own, lookup)):
        return own
    return None


def _marks_under_answer(upper: dict[int, str], lower: dict[int, str], lookup: dict[str, str]) -> bool:
    """Whether the *lower* labels are two answer marks or more (○ | △ | × | －) side by side from the column an *upper*
    label names the answer in, over the columns without a label right of it: 対応可否 over a column per mark where no
    merge spans them (every CSV export; a sheet not merged). Read as data, that row was an answer without id (bad-id),
    and the answers of the columns right of 対応可否 were never read (未回答)."""
    columns = sorted(lower)
    return (len(set(lower.values())) > 1 and columns == list(range(columns[0], columns[0] + len(columns)))
            and _named(upper.get(columns[0], ""), lookup)[0] == "answer" and not any(c in upper for c in columns[1:])
            and all(_BARE_MARK.fullmatch(label) for label in lower.values()))


def _above(sheet: Sheet, r: int, labels: dict[int, str], id_col: int, lookup: dict[str, str], key: str,
           fill: dict[tuple[int, int], tuple[int, int]], group_fields: tuple[str, ...]) -> dict[int, str]:
    """The labels of row *r*-1 when it is the upper row of the header whose id label stands in row *r* (labels
    *labels*), else none.

    It is when its id cell is blank, none of its labels names the id (such a row was a header's first row
    itself), and one of them names a field over a column whose label in row *r* names none: 備考 or 対応時期 over
    a column without a lower label, 実装区分 over 指定都市 | 一般市区町村. A title above a header names no field
    (介護保険 回答書, ベンダ名 | 架空システムズ, a merged title over the id column too), nor does a group
    cell over lower labels that name fields (ベンダ回答 over 対応可否 | 備考): those rows stay out of the header.
    A label of *group_fields* over a lower label naming nothing of its own (実装区分 over 標準／オプション or 区分)
    makes it the upper row even under a group cell over the id column (機能要件 over 機能ID | 機能名称 | 要件): a
    row of groups, which a title beside 実装区分 is not.
    """
    if r == 0:
        return {}
    above = _row_labels(sheet, r - 1, fill)
    fields = {c: _named(label, lookup)[0] for c, label in above.items()}
    if key in fields.values():
        return {}
    grouped = any(f in group_fields and c in labels and _under_group(above[c], labels[c], lookup) for c, f in fields.items())
    under_group = any(c0 <= id_col <= c1 and c0 < c1 for (_, c0), (_, c1) in sheet.merged_rows.get(r - 1, ()))
    if id_col in above and not (grouped and under_group):
        return {}
    if grouped or any(f is not None and (c not in labels or _named(labels[c], lookup)[0] is None) for c, f in fields.items()):
        return above
    return {}


def _under_group(group: str, label: str, lookup: dict[str, str]) -> bool:
    """Whether *label*, under the label *group*, names nothing of its own: no field, or only a part of the group's
    label (区分 under 実装区分). Not the group's label itself: a cell merged down over both rows is the lower row's too
    (実装区分 beside 機能要件 over 機能ID | 機能名称 | 要件), not a group over a column."""
    return label != group and (_named(label, lookup)[0] is None or label in group)


def _data_under_names(upper: dict[int, str], lower: dict[int, str], lookup: dict[str, str]) -> bool:
    """Whether a *lower* label under a column an *upper* label names is data, not a header's: neither a note nor a
    version, and naming no field or another field (a first answer row without its id: 住民票の写しの交付 under
    機能名称, 令和8年度 under 対応時期, the answer 代替案 under 対応可否; 対応 and 代替案 are aliases too), unless the
    upper label is a group's whose merge was lost (_lost_group)."""
    after = [*sorted(upper), max(upper.keys() | lower.keys()) + 1]  # (then past the last column)
    for c, label in lower.items():
        above = _named(upper[c], lookup)[0] if c in upper else None
        if above is not None and not (is_note(label) or _VERSION_LABEL.fullmatch(label) or _LEGEND.search(label)):
            if _named(label, lookup)[0] != above and not _lost_group(c, above, after, lower, lookup):
                return True
    return False


def _lost_group(c: int, field: str, after: list[int], lower: dict[int, str], lookup: dict[str, str]) -> bool:
    """Whether the upper label of *field* over column *c* is a group label (ベンダ回答 over 対応時期 | 対応可否 | 備考) whose
    merge was lost, as saving it as CSV loses it: the label stands in the merge's first column alone, which need not be
    the answer's. So it is when a *lower* label names *field* in a column right of *c* that the upper row leaves blank,
    up to its next label (*after*: the upper row's columns in order, then one past the last); the lower labels then name
    their columns, as under the merge. The columns looked at are each upper label's own: linear in the row's width."""
    return any(_named(lower[d], lookup)[0] == field for d in range(c + 1, after[bisect_right(after, c)]) if d in lower)


def _named_by_group(sheet: Sheet, r: int, upper: dict[int, str], lower: dict[int, str],
                    lookup: dict[str, str], fields: tuple[str, ...]) -> dict[int, str]:
    """The lower labels that a group cell of row *r* names: when the group's label names one of *fields*
    and none of the labels under it names anything of its own (_under_group: 実装区分 over 指定都市 | 一般市区町村,
    or over 第5.0版 | 第6.0版), each column is the group's, with its own label as the note (実装区分(指定都市)).
    Such a label over one column (not merged) names it the same way (実装区分 over 標準／オプション, 区分 or
    必須・オプション: 実装区分(標準/オプション)), and a version under it (実装区分 | 実装区分 over 第5.0版 | 第6.0版)."""
    named: dict[int, str] = {}
    across: set[int] = set()  # columns under a cell merged across columns
    for (_, c0), (r1, c1) in sheet.merged_rows.get(r, ()):
        if r == r1 and c1 > c0:
            across.update(range(c0, c1 + 1))
            if (group := upper.get(c0)) and _named(group, lookup)[0] in fields:
                under = {c: lower[c] for c in range(c0, c1 + 1) if c in lower}
                if under and all(_under_group(group, label, lookup) for label in under.values()):
                    named.update({c: f"{group}({label})" for c, label in under.items()})
    return {**{c: f"{upper[c]}({label})" for c, label in lower.items()
               if c in upper and _named(upper[c], lookup)[0] in fields
               and (_VERSION_LABEL.fullmatch(label) or c not in across and _under_group(upper[c], label, lookup))}, **named}


# Per alias table (a reader's module constant): normalised alias → field, and → its rank among the field's aliases.
_LOOKUPS: dict[int, tuple[dict[str, tuple[str, ...]], dict[str, str], dict[str, int]]] = {}


def _lookups(aliases: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], dict[str, int]]:
    """The lookups of *aliases*, made once: header_again asks for them on every row without an id."""
    cached = _LOOKUPS.get(id(aliases))
    if cached is None or cached[0] is not aliases:  # the table itself is kept, so its id is not reused
        cached = (aliases, {header(a): f for f, names in aliases.items() for a in names},
                  {header(a): i for names in aliases.values() for i, a in enumerate(names)})
        _LOOKUPS[id(aliases)] = cached
    return cached[1], cached[2]


def find_header(sheet: Sheet, aliases: dict[str, tuple[str, ...]], key: str = "id",
                required: tuple[str, ...] = (), group_fields: tuple[str, ...] = ()) -> HeaderMatch | None:
    """The first row in the first 30 whose cells name *key* (and every *required* field).

    In a header of two rows or more (up to HEADER_ROWS) such as 「ベンダ回答」 over 「対応可否」「備考」, a
    label of a lower row names its column, and an upper label the columns without a lower one; the row above the
    id label's is such an upper row when it names a field there (_above). The id is named by its first alias
    before a later one (機能ID before a serial column headed ID or 要件番号, whether ※機能ID, in an upper row
    or not), then as the other fields are: by a lower label before an upper one (a label cell merged down
    over a lower row is that row's), by an exact alias before an alias with a bracketed note (so a column
    named exactly keeps winning as before notes were read), by its first alias before a later one, then by
    the leftmost column. A group cell whose label names one of *group_fields* names the columns under it when
    their labels name no field (実装区分 over 指定都市 | 一般市区町村); other group cells do not (ベンダ回答
    over ベンダ補足事項).
    """
    scan = range(0, min(HEADER_SCAN_ROWS, len(sheet.rows)) + HEADER_ROWS - 1)
    fill = merged_fill(sheet, scan, range(0, 1 << 14))
    return next((m for r in range(min(HEADER_SCAN_ROWS, len(sheet.rows)))
                 if (m := _header_at(sheet, r, fill, aliases, key, required, group_fields))), None)


def _header_at(sheet: Sheet, r: int, fill: dict[tuple[int, int], tuple[int, int]], aliases: dict[str, tuple[str, ...]],
               key: str, required: tuple[str, ...], group_fields: tuple[str, ...]) -> HeaderMatch | None:
    """The header starting at row *r* (find_header's rules), *fill* holding the merged cells of its rows."""
    lookup, rank = _lookups(aliases)
    upper = _row_labels(sheet, r, fill)
    id_col = next((c for c, lab in upper.items() if _named(lab, lookup)[0] == key), None)
    if id_col is None:
        return None
    above = _above(sheet, r, upper, id_col, lookup, key, fill, group_fields)
    labels = {**above, **upper, **_named_by_group(sheet, r - 1, above, upper, lookup, group_fields)}
    # column → how many rows below *r* the lowest label of its own stands: the lowest names first, the row above last
    depth = dict.fromkeys(above.keys() - upper.keys(), -1)
    last = r
    while (last - r + 1 < HEADER_ROWS
           and (lower := _continues(sheet, last, upper, id_col, lookup, key, fill, last == r)) is not None):
        # a legend of marks (○／△／×／－ under 対応可否, 令和○年○月 under 対応時期) names no column; a label
        # naming a field with its legend (対応可否（○・△・×・－） under the group 事業者記入欄) does
        labels.update({c: lab for c, lab in lower.items()
                       if not _LEGEND.search(lab) or c not in labels or _named(lab, lookup)[0] is not None})
        labels.update(_named_by_group(sheet, last, upper, lower, lookup, group_fields))
        last += 1
        # a label cell merged down over this row stands in it too (機能ID over both rows beside a serial ID below)
        depth.update(dict.fromkeys([c for c in labels if c not in lower and fill.get((last, c), (0, -1))[1] == c], last - r))
        depth.update(dict.fromkeys(lower, last - r))
        upper = _row_labels(sheet, last, fill)
    named = {c: _named(lab, lookup) for c, lab in labels.items()}

    def order(c: int) -> tuple[int, int, bool, int, int]:
        alias = rank.get(bare_label(labels[c]), 0)
        return (alias if named[c][0] == key else 0), -depth.get(c, 0), named[c][1], alias, c

    candidates: dict[str, list[int]] = {}
    for c in sorted(named, key=order):
        if (f := named[c][0]) is not None:
            candidates.setdefault(f, []).append(c)
    if not all(f in candidates for f in required):
        return None
    # columns named only by a merged cell over them, in row *r* or the row above (ベンダ回答 over a column without a label)
    inherited = frozenset(c for c in labels if depth.get(c, 0) <= 0 and (r + depth.get(c, 0), c) in fill)
    return HeaderMatch(last, r - 1 if above else r, {f: cs[0] for f, cs in candidates.items()}, labels,
                       {f: tuple(cs) for f, cs in candidates.items()}, inherited)


def header_again(sheet: Sheet, r: int, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...],
                 group_fields: tuple[str, ...] = ()) -> HeaderMatch | None:
    """The header of a table starting at row *r* inside another table, or None: the header repeated on
    every printed page, or the header of a next table (帳票 below 機能). Its row is counted from the sheet's top."""
    lookup, _ = _lookups(aliases)
    # its rows and the row above, its upper row when it names a column the id's row leaves unnamed (_above)
    top = max(r - 1, 0)
    # the fields they name (対応可否 under the group 事業者記入欄, 実装区分 above), before the closer look
    fields = {lookup.get(bare_label(label)) for row in sheet.rows[top:r + HEADER_ROWS] for v in row if (label := header(v))}
    if not fields.issuperset(required):
        return None
    # with the merges starting in them (a group cell over the lower labels, an id cell spanning them), moved with them; one
    # from the row above ends there: an id cell merged down from it makes row *r* the lower row of a header above, no
    # header's first
    starting = dict.fromkeys(m for row in range(top, r + HEADER_ROWS) for m in sheet.merged_rows.get(row, ()) if m[0][0] >= top)
    rows = Sheet(sheet.name, sheet.rows[top:r + HEADER_ROWS], [((r0 - top, c0), ((r1 if r0 >= r else min(r1, top)) - top, c1))
                                                               for (r0, c0), (r1, c1) in starting])
    match = _header_at(rows, r - top, merged_fill(rows, range(0, HEADER_ROWS + 1), range(0, 1 << 14)), aliases, required[0],
                       required, group_fields)
    return None if match is None else replace(match, row=top + match.row, top=top + match.top)
