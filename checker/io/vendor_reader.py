"""Read a vendor answer sheet (ベンダ回答) into a Response, collecting every problem with its cell."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import compress
from operator import itemgetter, not_
from pathlib import Path
from typing import Any, NamedTuple

from ..analysis.bid import same_vendor
from ..catalog import Catalog, load_catalog
from ..errors import InputError, at_most, joined_at_most
from ..model import FILES_JOINED, Answer, LintFinding, Response, SourceFile
from ..normalize import (ANSWER_LABELS, DEFAULT_VOCABULARY, AnswerClass, Vocabulary, csv_text, find_version, header, parse_id,
                         parse_ids, quoted, text, unmarked_id, written, written_all)
from ..bidi import inline
from .answer_sheets import ANSWER_FALLBACKS, VENDOR_ALIASES, own_output, vendor_field, vendors_in_titles
from .cells import column_letter
from .headers import (HEADER_SCAN_ROWS, LEGEND_START, HeaderMatch, bare_label, find_header, header_again, id_cells, id_column,
                      is_note, shown_columns, merged_fill, not_current)
from .limits import Limits
from .own_marks import define_hint, legend_pairs, meaning_class
from .workbook import Sheet, Workbook, formula_note, read_workbook

# …_回答_A社.xlsx, and hyojun's own answer sheet carried for a vendor (spec template --answers): …_回答様式_A社.xlsx
_STEM_VENDOR = re.compile(r"_回答(?:様式)?_(.+)$")
# A re-submission's revision after the vendor's name in a file name (…_回答_A社_第2版, A社（再提出）, A社_rev2, a date,
# a download's second copy A社 (2); NFKC: （ is "("): the file's, not the vendor's (it became a fifth vendor in compare
# and in the readiness records). Dates as offices write them: 20260115, 260115, 2026-01-15, 2026.1.15, 2026年1月15日,
# R080115, R8.1.15, 令和8年1月15日 (平成 too), each maybe followed by 提出 or 受付.
_DATE = (r"(?:(?:\d{2})?\d{6}|\d{4}(?:-\d{1,2}-|\.\d{1,2}\.)\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日"
         r"|(?:R|H|令和|平成)\s*(?:\d{6}|\d{1,2}\.\d{1,2}\.\d{1,2}|\d{1,2}年\d{1,2}月\d{1,2}日))(?:提出|受付|受領)?")
_REVISION_WORD = (r"(?:第\d+(?:版|回(?:提出)?|稿)|再+提出(?:版)?|再々提出(?:版)?|(?:修正|改訂|改定|訂正|差替え?|差し替え|最終)版?\d*"
                  rf"|(?:v|ver\.?|rev\.?)\s*\d+(?:\.\d+)*|{_DATE})")
_OPEN, _CLOSE = r"[(\[【（［]", r"[)\]】）］]"  # also as a name is written (grouping reads it so), not NFKC only
_REVISION_SUFFIX = rf"\s*{_OPEN}\s*(?:{_REVISION_WORD}|\d+)\s*{_CLOSE}|(?:^|[_＿\s]+){_REVISION_WORD}"
# The part of a vendor's answers a file holds, after the vendor's name (…_回答_A社_機能, A社（帳票要件）, A社-帳票一覧), as
# the ministries publish some specs as a 機能 file and a 帳票 file: the file's, not the vendor's. Before a revision, if any.
# LibreOffice names the CSV of each sheet <book>-<sheet>: A社-機能要件回答, the answer form's sheet names, too.
_KIND_WORD = r"(?:機能|帳票)(?:要件|一覧)?(?:回答)?"
_KIND_SUFFIX = rf"\s*{_OPEN}\s*{_KIND_WORD}\s*{_CLOSE}|[_＿\s\-－]+{_KIND_WORD}"
# The other sheet names of such a CSV's name, after the vendor's name (A社-回答, A社-Sheet1): the file's too.
_SHEET_SUFFIX = r"-(?:回答(?:一覧|表|書)?|sheet\d*)"
_KIND = re.compile(rf"(?:{_KIND_SUFFIX})(?=(?:{_REVISION_SUFFIX})*$)", re.IGNORECASE)
_ANY_KIND = re.compile("機能|帳票")
_FILE_SUFFIX = re.compile(rf"(?:{_REVISION_SUFFIX}|{_KIND_SUFFIX}|{_SHEET_SUFFIX})+$", re.IGNORECASE)  # the file's, after the vendor's name
_EXAMPLE_WORDS = ("記入例", "記載例", "回答例", "入力例", "例")
# The template's filled-in example, not the vendor's answers: a sheet named for it (記入例, 【記入例】機能要件) or a
# row marked as one left of its answer (No. 記入例, id cell 【例】). A name only mentioning one
# (機能要件回答（記入例を参考に記入）) or a word starting with one (例外処理の登録) is not.
_EXAMPLE_START = rf"(?:[^\S\x1f]|[\[［【(（〔「『])*(?:{'|'.join(_EXAMPLE_WORDS)})(?![^\W\d_])"
_EXAMPLE = re.compile(_EXAMPLE_START)
# The same after the \x1f before each cell of a column joined by it (which it never crosses): one C scan of the column.
_CELL_SEP = "\x1f"
_EXAMPLE_IN_COLUMN = re.compile(_CELL_SEP + _EXAMPLE_START)
_UNREAD_IDS = 5  # rows of ids on a sheet without a header that make it a table not read (fewer: examples in notes)


def _column(rows: list[list[Any]], col: int | None) -> list[Any]:
    """One column of *rows* (all "" when the sheet has no such column)."""
    return [""] * len(rows) if col is None else list(map(itemgetter(col), rows))


_LISTED = 5  # the cells, columns or groups one message or raw answer names, then how many more: a sheet may be 16,384 wide


def _listed(items: list[str], sep: str = "、") -> str:
    """The first _LISTED *items* joined, then how many more columns (ほか 3996 列)."""
    return sep.join(at_most(items, _LISTED, "列"))


@dataclass
class _Table:
    match: HeaderMatch
    id_col: int
    start: int  # 0-based row of its first data row
    raw_ids: list[Any]  # per data row, merged id cells filled
    ids: list[str | None]


def _tables(sheet: Sheet, match: HeaderMatch, from_csv: bool) -> Iterator[_Table]:
    """The tables of a sheet from its first header down: a header row inside a table (repeated on every
    printed page, or the header of a next table: 帳票 below 機能) starts the next, read with its own columns."""
    first = match.row + 1
    parsed: dict[int, tuple[list[Any], list[str | None]]] = {}  # id column → its cells and ids from *first* down
    while True:
        match = _fallbacks_dropped(match)
        id_col = id_column(match, sheet)
        if id_col not in parsed:
            raw = _column(sheet.rows[first:], id_col)
            for (r, _), (r0, c0) in merged_fill(sheet, range(first, len(sheet.rows)), range(id_col, id_col + 1)).items():
                if not text(raw[r - first]):
                    raw[r - first] = sheet.rows[r0][c0]  # a merged id cell gives its id to each row it spans
            parsed[id_col] = (raw, parse_ids(raw, from_csv=from_csv))
        raw, ids = parsed[id_col]
        start, stop, again = match.row + 1, len(sheet.rows), None
        for r in range(start, stop):
            if ids[r - first] is None and any(sheet.rows[r]) \
                    and (again := header_again(sheet, r, VENDOR_ALIASES, ("id", "answer"))) is not None:
                stop = r
                break
        yield _Table(match, id_col, start, raw[start - first:stop - first], ids[start - first:stop - first])
        if again is None:
            return
        match = again


_FALLBACK_LABELS = frozenset(map(header, ANSWER_FALLBACKS))


def _fallbacks_dropped(match: HeaderMatch) -> HeaderMatch:
    """*match* without the answer columns named by a fallback label (ANSWER_FALLBACKS) when another label names one:
    対応可否 | 対応区分 (a column of パッケージ標準 or カスタマイズ beside the marks) was refused as two answer columns."""
    answers = match.candidates.get("answer", ())
    kept = tuple(c for c in answers if header(bare_label(match.labels[c])) not in _FALLBACK_LABELS)
    if not kept or len(kept) == len(answers):
        return match
    return replace(match, columns={**match.columns, "answer": kept[0]}, candidates={**match.candidates, "answer": kept})


def _columns(table: _Table) -> dict[str, int]:
    """Its field columns. Where several name a field beside the answer (a 備考 of the requirement and the
    vendor's own, in a spec workbook filled in), the nearest right of the answer column is the vendor's."""
    cols = {**table.match.columns, "id": table.id_col}
    answer = cols.get("answer")
    for field in ("timing", "alternative", "comment"):
        right = [c for c in table.match.candidates.get(field, ()) if answer is not None and c > answer]
        if right and len(table.match.candidates[field]) > 1:
            cols[field] = min(right)
    return cols


def _field_columns(match: HeaderMatch) -> set[int]:
    """The columns whose label names a field, each candidate of it (not only the column read)."""
    return {c for cs in match.candidates.values() for c in cs}


def _answer_columns(match: HeaderMatch) -> list[int]:
    """The columns naming the answer, in order: a column under the group ベンダ回答 without a label of its own is not
    one of them."""
    answers = match.candidates.get("answer", ())
    return sorted(tuple(c for c in answers if c not in match.inherited) or answers)


def _ambiguous(sheet: Sheet, table: _Table, cols: dict[str, int], run: _MarkRun, vocabulary: Vocabulary) -> list[LintFinding]:
    """Two answer columns, or two id columns of the same name (機能ID（第5.0版）| 機能ID（第6.0版）): which one
    the vendor meant is not ours to guess, the verdict would follow the guess. A column per answer mark (*run*) is
    no such question: a row's mark chooses the column (_marked), unless the *run* is refused (its groups: which one
    to read is the same question)."""
    labels = table.match.labels
    same = {"answer": [] if run.columns else _answer_columns(table.match),
            "id": sorted(c for c in table.match.candidates["id"] if bare_label(labels[c]) == bare_label(labels[cols["id"]]))}
    where = f"シート「{sheet.name}」の見出し（{table.match.row + 1}行目）"
    found = []
    for field, what in (("id", "機能IDの列"), ("answer", "回答の列")):
        if len(columns := same[field]) > 1:
            found.append(LintFinding("error", "ambiguous-column", sheet.address(table.match.row, cols[field]), (
                f"{where}に{what}が {len(columns)} つあります"
                f"（{shown_columns(sheet, labels, columns)}）。どれを読むか決められないため、使わない列を削除するか見出しを変えて"
                f"ください（指摘は {column_letter(cols[field])} 列で読んだ結果です）")))
    if run.refused:
        # deleting the columns not used, as above, would lose the answers marked there
        answer = cols.get("answer", min(run.columns))
        named = f"の「{quoted(labels[answer])}」は、" if "answer" in cols else "の "
        # the marks to write: the columns' own, or the vocabulary's where it reads none of them
        asked = [m for m in dict.fromkeys(run.columns.values()) if vocabulary.classify(m) not in ("blank", "invalid")] \
            or vocabulary.offered_marks()
        shown = "・".join(at_most([quoted(m) for m in asked], _LISTED, "種類"))  # of up to 16,384 columns
        found.append(LintFinding("error", "ambiguous-column", sheet.address(table.match.row, answer), (
            f"{where}{named}{shown_columns(sheet, run.columns, sorted(run.columns), _LISTED)}と記号ごとの列に印を付ける様式ですが、"
            f"{run.refused}ため、読めません。回答の列を 1 つにして、行ごとに {shown}"
            f" のどれか 1 つを記入してください（指摘は {column_letter(answer)} 列で読んだ結果です）")))
    return found


class _MarkRun(NamedTuple):
    """A table's columns per answer mark (_marks_of): column → its mark, in order, none when the table has no such
    columns; *refused*: why they cannot be read, as the ambiguous-column error says it before ため, else ""; *unknown*:
    the columns of the same run whose word the vocabulary does not read (標準 | オプション beside カスタマイズ | 対応不可),
    column → the word as written: the table is not read (unknown-mark-column)."""
    columns: dict[int, str]
    refused: str = ""
    unknown: dict[int, str] = {}

    @property
    def read(self) -> dict[int, str]:
        """The columns read as one per mark: none when refused (the first is read as the answer column) or cut short."""
        return {} if self.refused or self.unknown else self.columns


def _marks_of(sheet: Sheet, table: _Table, vocabulary: Vocabulary) -> _MarkRun:
    """The columns of a table with a column per answer mark, a check put in one of them per row (対応可否 over ○ | △ |
    × | －, 対応 | 一部対応 | 対応不可, or 標準対応 | カスタマイズ | 代替 | 対応不可 with no answer label). Refused when
    they fall in groups (_mark_groups), when a vocabulary of its own reads none of their marks, or when the values
    beside an answer column are no marks (_marks_beside)."""
    answers = _answer_columns(table.match)
    upper = merged_fill(sheet, range(table.match.top, table.match.row))  # the header's rows above its last, mapped once
    if len(answers) > 1:
        header_row, labels = sheet.rows[table.match.row], table.match.labels
        if marks := _mark_columns(header_row, answers, labels, vocabulary):
            return _cut_short(sheet, table, _in_groups(sheet, table.match, marks, vocabulary, upper), vocabulary)
        if vocabulary != DEFAULT_VOCABULARY and (marks := _mark_columns(header_row, answers, labels, DEFAULT_VOCABULARY)):
            # ○ | △ | × under 対応可否, which a vocabulary of its own (mode: replace) does not read: still a column per
            # mark, whose answers deleting the columns not used would lose
            return _MarkRun(marks, f"列の記号（{_listed([quoted(m) for m in marks.values()], '・')}）が使う回答記号の定義にない")
        return _MarkRun({})
    answer = table.match.columns["answer"] if answers else None
    return _cut_short(sheet, table, _marks_beside(sheet, table, answer, vocabulary, upper), vocabulary, bare=answer is None)


_ANSWER_LABELS = frozenset(header(a) for a in VENDOR_ALIASES["answer"])
# Words of a period heading an answer column each (現行 | 移行後 under 対応可否): 移行後 is an answer word too (planned),
# but 現行 beside it is no column per mark of a word to define: following that advice read ○ | × as 対応
_PERIODS = frozenset(map(header, ("現行", "現状", "移行前", "移行時", "移行後", "次期", "将来")))


def _cut_short(sheet: Sheet, table: _Table, run: _MarkRun, vocabulary: Vocabulary, bare: bool = False) -> _MarkRun:
    """*run*, or the run of columns per mark it is cut from, when columns beside it (or, with no *run*, beside a column of
    a table without an answer column (*bare*) headed by an answer word) hold checks under a word the vocabulary does not
    read: 標準 | オプション left of カスタマイズ | 対応不可 under 対応可否, or パッケージ標準 | カスタマイズ | 代替運用 | 対応不可.
    Read without them, the rows checked there were 未回答, told as blank cells to fill. The columns of one run stand side
    by side under one group label (_group_labels), up to a column of a field, of no header or of values no marks; each
    checked where the run's other columns are not, in most of its checked rows (_apart). A run so found of no *run* holds
    two classes, or stands under the answer's label (対応可否 over 可 | 否)."""
    if run.refused or not (run.columns or bare):
        return run
    header_row = sheet.rows[table.match.row]
    fields = _field_columns(table.match) - set(run.columns)

    def word(c: int) -> str:
        return written(header_row[c]) if 0 <= c < len(header_row) and c not in fields else ""

    known = {c: w for c in range(len(header_row)) if (w := word(c)) and vocabulary.classify(w) not in ("blank", "invalid")}
    body = sheet.rows[table.start:table.start + len(table.ids)]
    column = functools.cache(functools.partial(_column, body))  # each column once, whichever runs it is looked at for
    groups = _group_labels(sheet, table.match, fields, len(header_row))
    covered: set[int] = set()  # the columns of the runs tried: each is tried once (a sheet may be 16,384 columns wide)
    for seed in [sorted(run.columns)] if run.columns else [[c] for c in known]:
        if seed[0] in covered:
            continue
        group = groups[seed[0]]

        def takes(c: int) -> bool:
            return bool(word(c)) and groups[c] == group and (c in known or bare_label(word(c)) not in _PERIODS
                                                             and _checked_column(sheet, table.start, c, word(c), column(c), vocabulary))
        span = _widened(takes, seed[0], seed[-1])
        covered.update(span)
        marks = {c: known[c] for c in span if c in known}
        # per row, whether a column of the run holds a check, or a formula that may (a checkbox's linked cell, =E2=1)
        marked = [any(row) for row in zip(*(_checks(column(c), mark) for c, mark in marks.items()))]
        if sheet.formulas:  # looked up by the run's cells, not every formula of the sheet for each of thousands of runs
            marked = [m or any((table.start + i, c) in sheet.formulas for c in marks) for i, m in enumerate(marked)]
        unknown = {c: word(c) for c in span
                   if c not in marks and _apart(_checks(column(c), word(c)), marked)}
        if unknown and (run.columns or bare_label(group) in _ANSWER_LABELS
                        or len({vocabulary.classify(m) for m in marks.values()}) > 1):
            return _MarkRun(marks, unknown=unknown)
    return run


def _checked_column(sheet: Sheet, start: int, c: int, word: str, values: list[Any], vocabulary: Vocabulary) -> bool:
    """Whether column *c* (headed *word*, its *values* from row *start*) holds checks, and marks in nearly all its cells,
    of one class but fillers: ○ and △ there are two answers, the column one to answer in (現行 | 移行後)."""
    shown = written_all(values)
    answered = {vocabulary.classify(v) for v in set(shown) if _CHECKS.classify(v) != "no"} - {"blank", "invalid"}
    return (any(_checks(values, word)) and len(answered) < 2
            and not _not_marks(sheet, start, {c: word}, {c: shown}, vocabulary))


def _checks(values: list[Any], word: str) -> list[bool]:
    """Per cell of a column per mark headed *word* (its *values*), whether it holds a check: ● ✓ 1 TRUE (_CHECKS), or the
    column's own word. Each value once: a column holds a few."""
    own = header(word)
    memo = {v: _CHECKS.classify(v) == "yes" or header(v) == own for v in set(values)}
    return [memo[v] for v in values]


def _apart(checks: list[bool], marked: list[bool]) -> bool:
    """Whether the checks of a column (*checks*, per row) stand, in most of their rows, where the other columns of a run
    hold none (*marked*: per row, whether one does): a choice of its own, not a mark of the rows answered (必須 ○ beside
    the answers)."""
    rows = [i for i, checked in enumerate(checks) if checked]
    return sum(not marked[i] for i in rows) * 2 > len(rows)


def _group_labels(sheet: Sheet, match: HeaderMatch, fields: set[int], width: int) -> list[str]:
    """Per column of a header's last row, the label over it in the row above: a merged cell's, or that of the cell left
    of a blank one that is no field's (a label over the blank cells right of it, as in a CSV); all "" for a header of
    one row."""
    r = match.row - 1
    if r < match.top:
        return [""] * width
    fill = merged_fill(sheet, range(r, r + 1), range(0, width))
    labels: list[str] = []
    for c in range(width):
        r0, c0 = fill.get((r, c), (r, c))
        label = header(sheet.rows[r0][c0]) if c0 < len(sheet.rows[r0]) else ""
        labels.append(label or (labels[-1] if labels and c - 1 not in fields else ""))
    return labels


def _in_groups(sheet: Sheet, match: HeaderMatch, marks: dict[int, str], vocabulary: Vocabulary,
               upper: dict[tuple[int, int], tuple[int, int]]) -> _MarkRun:
    """*marks*, refused when they fall in groups (_mark_groups; *upper*: the merged cells of the header's rows above
    its last): which group answers is not ours to guess."""
    groups = _mark_groups(sheet, match, marks, vocabulary, upper)
    if len(groups) < 2:
        return _MarkRun(marks)
    shown = [f"{column_letter(cs[0])}{f'～{column_letter(cs[-1])}' if len(cs) > 1 else ''} 列" for cs, _ in groups]
    if any(label for _, label in groups):
        parts = "と".join(at_most([f"「{quoted(label)}」（{where}）" for (_, label), where in zip(groups, shown)], _LISTED, "組"))
    else:
        parts = f"同じ記号の {'、'.join(at_most(shown, _LISTED, '組'))}"
    return _MarkRun(marks, f"記号の列が{parts}の {len(groups)} 組に分かれていて、どの組の印を回答とするか決められない")


def _mark_groups(sheet: Sheet, match: HeaderMatch, marks: dict[int, str], vocabulary: Vocabulary,
                 upper: dict[tuple[int, int], tuple[int, int]]) -> list[tuple[list[int], str]]:
    """The groups *marks* fall in, each its columns and label: by the labels over them in a row of the header above
    (現行 | 移行後, 第5.0版 | 第6.0版, each over ○ | △ | ×; a label stands over the blank cells right of it, as in a CSV;
    *upper*: the merged cells of those rows), else a mark, or a class not in the column beside, again starts one (○ △ ×
    ○ △ ×; ◎ | ○ and カスタマイズ | 代替 are two marks of one class side by side). One group of a table of one set of
    marks."""
    if not marks:
        return []
    columns = sorted(marks)
    for r in range(match.row - 1, match.top - 1, -1):
        anchors = [upper.get((r, c), (r, c)) for c in columns]
        over = [header(sheet.rows[r0][c0]) for r0, c0 in anchors]
        if len(set(filter(None, over))) > 1:
            groups: list[tuple[list[int], str]] = []
            for i, (c, label) in enumerate(zip(columns, over)):
                if not groups or label and anchors[i] != anchors[i - 1]:
                    groups.append(([c], label))
                else:
                    groups[-1][0].append(c)
            return groups
    groups = []
    # the marks (as headers) and classes of the last group, kept as it grows: a group may be 16,384 columns wide
    in_group: set[str] = set()
    classes: set[AnswerClass] = set()
    last: AnswerClass | None = None  # the class of the column beside
    for c in columns:
        mark, cls = header(marks[c]), vocabulary.classify(marks[c])
        if not groups or mark in in_group or cls in classes and cls != last:
            groups.append(([c], ""))
            in_group, classes = set(), set()
        else:
            groups[-1][0].append(c)
        in_group.add(mark)
        classes.add(cls)
        last = cls
    return groups


def _header_mark(header_row: list[Any], c: int, vocabulary: Vocabulary) -> str:
    """The answer mark heading column *c*, as written (－ is not -), or ""."""
    shown = written(header_row[c]) if 0 <= c < len(header_row) else ""
    return shown if vocabulary.classify(shown) not in ("blank", "invalid") else ""


def _marks_beside(sheet: Sheet, table: _Table, answer: int | None, vocabulary: Vocabulary,
                  upper: dict[tuple[int, int], tuple[int, int]]) -> _MarkRun:
    """The columns of a table with a column per answer mark whose answer column is headed by a mark itself (対応 |
    一部対応 | 対応不可, 対応 an answer label) or, without an *answer* column, the first run of columns of no field headed
    by a mark that is one (標準対応 | カスタマイズ | 代替 | 対応不可), when a column of no field beside it is headed by another
    mark and holds a value in the table (read alone, the answer column left the rows marked there blank); else none:
    the answer column is read as any. The values beside must read as marks (_not_marks): an answer word is a natural
    title of a column of other things too (代替, 対応予定, －), whose texts would make every row 回答不正 or 未回答.
    Such a column beside an answer column is refused, as it was before a column per mark was read; without one, the
    table has no answer column. *upper*: the merged cells of the header's rows above its last (_mark_groups)."""
    header_row, fields = sheet.rows[table.match.row], _field_columns(table.match)

    def mark(c: int) -> str:
        return _header_mark(header_row, c, vocabulary) if c == answer or c not in fields else ""

    # without an answer column, each run of such columns in turn: a 「No」 column first is the answer word NO alone
    firsts = [answer] if answer is not None else [c for c in range(len(header_row)) if mark(c) and not mark(c - 1)]
    body = sheet.rows[table.start:table.start + len(table.ids)]
    for first in filter(mark, firsts):
        marks = _mark_run(mark, first, first)
        beside = {c: written_all(_column(body, c)) for c in marks if c != answer}
        if len({vocabulary.classify(m) for m in marks.values()}) < 2 or not any(map(any, beside.values())):
            continue
        if (grouped := _in_groups(sheet, table.match, marks, vocabulary, upper)).refused:
            return grouped
        if not (not_marks := _not_marks(sheet, table.start, marks, beside, vocabulary)):
            return grouped
        if answer is not None:
            return _MarkRun(marks, not_marks)
    return _MarkRun({})


# A cell this long in a column per mark is a sentence: the column is one of notes or alternatives, not of marks.
_SENTENCE = 20
_SLIPS = 10  # of the cells filled beside the answer column, one in this many may be no mark: a vendor's slips, told by row


def _not_marks(sheet: Sheet, start: int, marks: dict[int, str], beside: dict[int, list[str]], vocabulary: Vocabulary) -> str:
    """Why the values *beside* (of the columns per mark *marks*, from row *start*) are no marks, as the ambiguous-column
    error says it, or "" when they are: a check, a filler or an answer mark (the column's own, or another's written in
    the wrong column) in nearly all their filled cells, and no sentence in any. A formula saved without its result
    (=E2=1, a checkbox's linked cell) says nothing either way."""
    filled = [(i, c, v) for c, values in beside.items() for i, v in enumerate(values)
              if v and (start + i, c) not in sheet.formulas]
    # each value once: a column holds a few
    odd = {v for v in {v for _, _, v in filled} if _CHECKS.classify(v) not in ("yes", "no") and vocabulary.classify(v) == "invalid"}
    other = [(i, c, v) for i, c, v in filled if v in odd]
    if len(other) * _SLIPS <= len(filled) and not any(len(v) >= _SENTENCE for _, _, v in other):
        return ""
    i, c, v = other[0]
    columns = "など" if any(c2 != c for _, c2, _ in other) else ""
    more = f"ほか {len(other) - 1} 件" if len(other) > 1 else ""
    return (f"{column_letter(c)} 列「{quoted(marks[c])}」{columns}に印として読めない値がある（{sheet.address(start + i, c)}"
            f"「{quoted(v)}」{more}）")


def _mark_columns(header_row: list[Any], columns: list[int], labels: dict[int, str], vocabulary: Vocabulary) -> dict[int, str]:
    """The columns of a table with a column per answer mark (対応可否 over ○ | △ | × | －), when *header_row* heads
    each of the answer *columns* and those between them with a mark, not the label that named the column (a header
    「対応 | 対応」 is two answer columns): column → mark, in order, with the columns of marks beside them (－ names
    no answer column, yet is one of the marks); else none."""
    mark = functools.partial(_header_mark, header_row, vocabulary=vocabulary)
    first, last = columns[0], columns[-1]
    if not all(map(mark, range(first, last + 1))) or any(header(mark(c)) == labels[c] for c in columns):
        return {}
    return _mark_run(mark, first, last)


def _mark_run(mark: Callable[[int], str], first: int, last: int) -> dict[int, str]:
    """Columns *first* to *last* with the columns headed by a mark beside them, each column → its *mark*."""
    return {c: mark(c) for c in _widened(mark, first, last)}


def _widened(fits: Callable[[int], object], first: int, last: int) -> range:
    """Columns *first* to *last* and the columns beside them that *fits*, on either side up to the first that does not."""
    while fits(first - 1):
        first -= 1
    while fits(last + 1):
        last += 1
    return range(first, last + 1)


_HIDDEN_FIELDS = {"id": "機能ID/帳票ID", "answer": "回答", "timing": "対応時期", "comment": "備考"}


def _hidden_columns(sheet: Sheet, table: _Table, marks: dict[int, str], told: set[int]) -> list[LintFinding]:
    """A warning for each hidden column the table reads its ids, answers (each column per mark, *marks*), timings or
    comments from, once per sheet (*told*): as a hidden row, easily overlooked (an answer column the officer cannot see)."""
    named = {c: f"{_HIDDEN_FIELDS[field]}の列「{quoted(table.match.labels[c])}」"
             for field, c in _columns(table).items() if field in _HIDDEN_FIELDS}
    named |= {c: f"記号ごとの回答の列「{quoted(mark)}」" for c, mark in marks.items()}
    found = []
    for c, what in sorted(named.items()):
        if c in sheet.hidden_columns and c not in told:
            told.add(c)
            found.append(LintFinding("warning", "hidden-column", sheet.address(table.match.row, c),
                                     f"{column_letter(c)} 列（{what}）は非表示です（読み込みました。再表示して確かめてください）"))
    return found


def _bad_id(raw_id: str, typed: str, raw_answer: str, formula: bool, padded: str | None) -> str:
    """*typed*: *raw_id* without a CSV's text mark (="231002" is Excel's idiom for text, no formula to speak of)."""
    if not raw_id:
        return f"機能ID/帳票IDが空欄です。この行の回答「{quoted(raw_answer)}」は集計していません"
    hint = f"（先頭の 0 が落ちていませんか: {padded}）" if padded else ""
    return (f"「{quoted(raw_id)}」は機能ID/帳票ID（7桁の数字）ではありません{hint}{formula_note(typed, formula)}。"
            f"この行の回答「{quoted(raw_answer)}」は集計していません")


def _sentence(value: str) -> bool:
    """Whether an id cell holds a sentence (a 要件's line), not a mistyped id or a note on one."""
    return "。" in value or len(value) > 20


def _unquoted_lines(rows: int) -> str:
    return (f"。この CSV の機能ID/帳票IDの列には文が {rows:,} 行あります。改行を含むセルが引用符（\"）で囲まれていない可能性があります"
            "（セルの中の改行で行が分かれます）。Excel なら「CSV UTF-8」で、LibreOffice なら文字列の区切りを「\"」にして保存し直してください")


@dataclass
class _KnownIds:
    """What an id with its leading zeros back must be for the hint to name it: an id of the spec when one is
    given, else of an area code of the table's ids (of any area when it has none)."""
    spec_ids: Collection[str] | None
    area_codes: set[str]
    table_codes: set[str] | None = None

    def padded(self, raw_id: str, ids: list[str | None]) -> str | None:
        """*raw_id*, text of fewer than 7 digits (10001 typed as text for 0010001), as the known id it would be."""
        if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 7):
            return None
        padded = raw_id.zfill(7)
        if self.spec_ids is not None:
            return padded if padded in self.spec_ids else None
        if self.table_codes is None:  # once per table, and only for a table with such a text
            self.table_codes = {rid[:3] for rid in ids if rid is not None} or self.area_codes
        return padded if padded[:3] in self.table_codes else None

    def meant(self, raw_id: str, padded: str | None) -> str:
        """The id the row of *raw_id*, no id, most likely meant: *padded*, or what is left without invisible
        characters and ※ marks (an id of the spec when one is given); "" when none."""
        rid = padded or unmarked_id(raw_id)
        return rid if rid is not None and (padded or self.spec_ids is None or rid in self.spec_ids) else ""


# Headers of a row-number column (No. 記入例, 項番 例1), where a template marks its example row.
_NUMBER_LABELS = frozenset({"no", "no.", "№", "#", "項番", "番号", "連番", "行番号"})


def _example_marks(body: list[list[Any]], raw_ids: list[Any], id_col: int, ans_col: int | None,
                   labels: dict[int, str]) -> dict[int, tuple[int, str]]:
    """The rows marked as the template's example in a cell left of the answer: the id cell, a row-number
    column (No., 項番) or one without a header; never a text column (機能名称 「例：…」, 要件 「入力例）…」 are a
    requirement's own words, and the vendor's answer on that row is real): row index → the marked cell's column
    and text."""
    found: dict[int, tuple[int, str]] = {}
    for c in range(max(id_col + 1, ans_col or 0)):
        if c != id_col and c in labels and labels[c].lower() not in _NUMBER_LABELS:
            continue
        cells = raw_ids if c == id_col else _column(body, c)
        for i in _example_cells(cells):
            if i not in found and type(cells[i]) is str and _EXAMPLE.match(mark := text(cells[i])):
                found[i] = (c, mark)
    return found


def _example_cells(cells: list[Any]) -> Iterator[int]:
    """The indexes of the *cells* that may start with an example word (every one when a cell holds the separator)."""
    try:
        joined = _CELL_SEP + _CELL_SEP.join(cells)
    except TypeError:  # a column of numbers (No.), or with some
        joined = _CELL_SEP + _CELL_SEP.join(map(str, cells))
    if "例" not in joined:
        return  # most columns
    if joined.count(_CELL_SEP) != len(cells):
        yield from range(len(cells))
        return
    row, end = -1, 0
    for m in _EXAMPLE_IN_COLUMN.finditer(joined):
        row += joined.count(_CELL_SEP, end, m.end())  # counted from the last match: linear in the column
        end = m.end()
        yield row


def _example_row(mark: str, rid: str | None, raw_answer: str) -> str:
    lost = f"（回答「{quoted(raw_answer)}」は集計していません）" if raw_answer else ""
    if rid is None:
        return f"「{quoted(mark)}」の行は様式の記入例として読み飛ばしました{lost}"
    return (f"{rid} の行は「{quoted(mark)}」とあるため様式の記入例として読み飛ばしました{lost}。"
            f"ベンダの回答の行なら「{quoted(mark)}」を消してください")


# Marks that look like ○ on screen but are a letter or a digit (a sheet typed on a half-width keyboard): not
# read as 対応 (semantics.md §2 has X for × but no O), so the message says what the cell holds
_LOOKS_LIKE_CIRCLE = {"o": "英字の「O」", "0": "数字の「0」"}


def _invalid_answer(row: str, raw_answer: str, vocabulary: Vocabulary, formula: bool, marked: str) -> str:
    """What is wrong with the answer of *row* (its name before の回答): *marked*, of a row of a column per mark (_marked),
    else an answer cell the *vocabulary* does not read."""
    if marked:
        return row + marked
    lookalike = None if formula else _LOOKS_LIKE_CIRCLE.get(text(raw_answer).casefold())  # a formula's 0 was not typed
    hint = f"。{lookalike}で、○ ではありません（○ のつもりなら ○ に直してください）" if lookalike else ""
    return (f"{row}の回答「{quoted(raw_answer)}」は回答記号として解釈できません（{vocabulary.examples()} 等）"
            + hint + formula_note(raw_answer, formula))


# What a cell of a column per mark holds (compared as answers are: NFKC, without variation selectors or case): "yes" a
# check that chooses its column, "no" a filler that does not (× in the ○ column is "not ○"), as blank. TRUE and FALSE:
# a form-control checkbox's linked cell (text in a CSV).
_CHECKS = Vocabulary({"yes": ("○", "〇", "◯", "●", "✓", "✔", "レ", "☑", "■", "v", "1", "TRUE"),
                      "no": ("－", "-", "ー", "―", "‐", "—", "−", "–", "×", "✕", "✖", "☓", "0", "FALSE")})


class _MarkCell(NamedTuple):
    """A row's cell in a column per mark."""
    column: int
    mark: str  # the column's (of a merge across columns per mark, theirs: ○・△, the first five: _merged_across)
    value: str  # as written
    own: bool  # reads as the column's own mark (△ in the △ column, ✕ in the × column); of a merge, as any answer mark
    answer: AnswerClass  # as the vocabulary reads it
    check: str  # as _CHECKS reads it
    formula: bool  # a formula's cell (Sheet.formulas): a checkbox's linked cell is often one
    merged: str = ""  # the range of a merge across columns per mark it is the first cell of (機能!C3:F3), else ""


def _marked(row: list[_MarkCell], at: Callable[[int], str], marks_of: dict[AnswerClass, str]) -> tuple[str, int, str, str]:
    """A row's answer from its columns per mark: the answer as the report shows it (「✓（○の列）」, the mark alone when
    written in its own column, "" when no column is chosen), the column of its cell (the one chosen, else the first
    named), the mark chosen and, when not one column is chosen or a value is no check, what is wrong, naming each cell
    by *at*. A filler in its own column (× in the × column) chooses it only alone in the row: 「○ × × ×」 fills the
    columns not chosen, and a row of fillers only (「－ － － －」 pre-filled, 「× × × ×」, × in the ○ column) chooses
    none, nor is it blank. A merge across columns per mark holding an answer mark (「－」「該当なし」 over them all, the
    N/A rows of many sheets) is that mark, as if written in one answer column; a check there chooses no one column. An
    answer mark in another class's column (△ in the × column) is said to be in the wrong one: *marks_of*, the mark of
    the first column of each class."""
    filled = [m for m in row if m.value]
    if not filled:
        return "", row[0].column, "", ""
    chosen = [m for m in filled if m.check == "yes" and not m.merged or m.own and m.check != "no"]
    if not chosen and len(filled) == 1 and filled[0].own:
        chosen = filled
    unreadable = [m for m in filled if (m.check == "invalid" or m.merged) and not m.own]
    if len(chosen) == 1 and not unreadable:
        m = chosen[0]
        return m.value if m.own else f"{m.value}（{m.mark}の列）", m.column, m.value if m.merged else m.mark, ""
    told = sorted(chosen + unreadable) or filled
    cells = _listed([f"{at(m.column)}「{quoted(m.value)}」（{m.mark}の列）" for m in told])
    if chosen or unreadable:
        why = [f"印が {len(chosen)} つの列にあります"] if len(chosen) > 1 else []
        elsewhere = [m for m in unreadable if not m.merged and m.answer in marks_of]
        unread = [f"「{quoted(m.value)}」" for m in unreadable if not m.merged and m not in elsewhere]
        why += [f"{_listed(unread, '・')}は印として読めません"] if unread else []
        why += at_most([f"「{quoted(m.value)}」は {m.mark}の列に書かれています（{marks_of[m.answer]} の列に印を付けてください）"
                        for m in elsewhere], _LISTED, "列も違う記号の列にあります")
        why += at_most([f"「{quoted(m.value)}」は記号ごとの列を結合したセル（{m.merged}）にあり、どの列の印か決められません"
                        for m in unreadable if m.merged], _LISTED, "個の結合したセルも同じです")
        said = f"の回答を記号ごとの列から 1 つに決められません（{cells}）。{'。'.join(why)}"
    else:
        said = f"の回答の記号ごとの列に印がありません（{cells}）"
    # a formula saved without its result (a program wrote the file) is to be saved again, not marked again by hand
    formula = next((formula_note(m.value, True) for m in told if m.formula), "")
    return (_listed([f"{m.value}（{m.mark}の列）" for m in told]), told[0].column, "",
            f"{said}。印は 1 つの列だけに ○ や ✓ で付けてください（ほかの列は空欄に）{formula}")


def _cut_short_finding(sheet: Sheet, table: _Table, run: _MarkRun, vocabulary: Vocabulary) -> LintFinding:
    """The error of a run of columns per mark some of whose words the vocabulary does not read (_cut_short)."""
    words = {w: meaning_class(w, vocabulary) for w in run.unknown.values()}
    return LintFinding("error", "unknown-mark-column", sheet.address(table.match.row, min(run.unknown)), (
        f"シート「{sheet.name}」の見出し（{table.match.row + 1}行目）の {shown_columns(sheet, run.unknown, sorted(run.unknown), _LISTED)}"
        f"は、{shown_columns(sheet, run.columns, sorted(run.columns), _LISTED)}と並ぶ記号ごとの列のようですが、見出しの語が回答記号の"
        f"定義にないため、どの区分の印か決められず、この表の回答を読めません（ほかの列だけを読むと、その列に印のある行が未回答になります）。"
        f"{define_hint(words)}"))


def _under_answer_label(sheet: Sheet, table: _Table, vocabulary: Vocabulary) -> str:
    """What a table without an answer column lacks, as its no-answer-column error ends: the labels to give, or, when an
    answer label stands over columns of no field (対応可否 over 可 | 否, 対応区分 over A | B | C), that those are not read:
    as columns per mark (a check in one of them per row) whose words to define with --vocabulary, else as neither
    such columns nor one answer column (現行 | 移行後, each holding ○ or ×: periods, _PERIODS). The message asked for the
    対応可否 label the sheet has."""
    header_row = sheet.rows[table.match.row]
    fields = _field_columns(table.match)
    groups = _group_labels(sheet, table.match, fields, len(header_row))
    under = [c for c, group in enumerate(groups) if bare_label(group) in _ANSWER_LABELS and c not in fields and text(header_row[c])]
    if not under:
        return "（見出し「対応可否」「対応状況」「回答」等が必要です）"
    under = [c for c in under if groups[c] == groups[under[0]]]
    words = {c: written(header_row[c]) for c in under}
    unknown = {w: meaning_class(w, vocabulary) for w in words.values() if vocabulary.classify(w) == "invalid"}
    said = f"。「{quoted(groups[under[0]])}」の下の {shown_columns(sheet, words, under, _LISTED)}は"
    body = sheet.rows[table.start:table.start + len(table.ids)]
    checked = [n for row in zip(*(_checks(_column(body, c), w) for c, w in words.items())) if (n := sum(row))]
    if unknown and checked and sum(n > 1 for n in checked) * _SLIPS <= len(checked) \
            and not any(bare_label(w) in _PERIODS for w in words.values()):  # a check in one column per row
        return (f"{said}記号ごとの列のようですが、{_listed([f'「{quoted(w)}」' for w in unknown], '・')}が回答記号の定義にありません。"
                + define_hint(unknown))
    return f"{said}、記号ごとの列（行ごとに 1 つの列だけに印）としても、1 つの回答の列としても読めません"


# The invalid answers of a table that look like a form's own codes (A–E, 1–4, パッケージ標準): this many rows at least,
# half its rows answered or more, of this many values at most
_OWN_CODE_ROWS, _OWN_CODES = 5, 8


def _own_codes(sheet: Sheet, table: _Table, ans_col: int, raw_answers: list[str], classes: list[AnswerClass],
               ids: list[str | None], vocabulary: Vocabulary) -> LintFinding | None:
    """A warning when the invalid answers of a table's rows with an id (*ids*) are many and of a few values, short and
    typed (no formula, no O or 0 for ○): the codes of the municipality's own form, which --vocabulary defines, not
    the vendor's slips. Each row is an invalid-answer sent back to the vendor, who followed the form."""
    if classes.count("invalid") < _OWN_CODE_ROWS:  # nearly every sheet: no row is looked at
        return None
    answered = [i for i, (rid, cls) in enumerate(zip(ids, classes)) if rid is not None and cls != "blank"]
    codes = Counter(raw_answers[i] for i in answered if classes[i] == "invalid" and len(raw_answers[i]) < _SENTENCE
                    and (table.start + i, ans_col) not in sheet.formulas
                    and text(raw_answers[i]).casefold() not in _LOOKS_LIKE_CIRCLE)
    rows = sum(codes.values())
    if rows < _OWN_CODE_ROWS or rows * 2 < len(answered) or len(codes) > _OWN_CODES:
        return None
    ordered = sorted(codes)
    shown = "・".join(f"「{quoted(code)}」{codes[code]:,} 行" for code in ordered)
    return LintFinding("warning", "own-codes", sheet.address(table.match.row, ans_col), (
        f"シート「{sheet.name}」の {shown_columns(sheet, table.match.labels, [ans_col])}の回答 {len(answered):,} 行のうち "
        f"{rows:,} 行が、回答記号の定義にない {len(codes)} 種類の値（{shown}）です。様式で決めた記号（凡例・記入要領の記号）なら、"
        f"ベンダに直してもらうのではなく、{define_hint({code: meaning_class(code, vocabulary) for code in ordered})}"))


def _legend_differs(sheet: Sheet, tables: list[_Table], vocabulary: Vocabulary) -> LintFinding | None:
    """A warning when a legend gives a mark a meaning of another class than the vocabulary's (○：カスタマイズで対応, where
    ○ reads 対応): the marks are read as the vocabulary says, the form's own meaning said nowhere. Once per sheet, at the
    first such legend's cell. A legend above the sheet's first table, or below a table's rows with an id past a blank row
    or as a legend block (_legend_rows): a row right below the last one is as likely an answer whose id is missing
    (| × | 対応予定なし: a mark and a comment)."""
    rows = list(range(tables[0].match.top))
    for t in tables:
        body = sheet.rows[t.start:t.start + len(t.ids)]
        legend, apart = _legend_rows(body, t.ids), False
        for i in range(next((i for i in range(len(t.ids) - 1, -1, -1) if t.ids[i]), -1) + 1, len(t.ids)):  # below the last id
            apart = apart or not any(map(text, body[i]))
            if apart or i in legend:
                rows.append(t.start + i)
    differ: dict[str, tuple[str, AnswerClass, tuple[int, int]]] = {}  # mark → its meaning and class, and the cell
    for r in rows:
        for c, mark, meaning in legend_pairs([text(v) for v in sheet.rows[r]]):
            if (meant := meaning_class(meaning, vocabulary)) and vocabulary.classify(mark) not in ("blank", "invalid", meant):
                differ.setdefault(mark, (meaning, meant, (r, c)))
    if not differ:
        return None
    (r, c) = next(iter(differ.values()))[2]
    said = "、".join(f"「{mark}」は「{quoted(meaning)}」（{ANSWER_LABELS[cls]}）" for mark, (meaning, cls, _) in differ.items())
    read = "、".join(f"{mark} を{ANSWER_LABELS[vocabulary.classify(mark)]}" for mark in differ)
    cell = written(sheet.rows[r][c])
    shown = f"「{quoted(cell)}」" if len(cell) > 1 else ""  # a legend in one cell, not a mark's beside its meaning's
    return LintFinding("warning", "legend-differs", sheet.address(r, c), (
        f"凡例（{sheet.address(r, c)}{shown}）では{said}ですが、回答記号の定義では {read}と"
        f"読みます（その読み方でチェックしました）。凡例どおりに読むには、{define_hint({m: cls for m, (_, cls, _) in differ.items()})}"))


def _unread_ids(sheet: Sheet, codes: set[str]) -> LintFinding | None:
    """A sheet without a header row but with rows of ids (a table whose header is not recognised, or stands
    below row 30): its answers would silently count as 未回答."""
    cells = [(r, c) for r, c in id_cells(sheet, numbers=True) if (parse_id(sheet.rows[r][c]) or "")[:3] in codes]
    if len(cells) < _UNREAD_IDS:
        return None
    shown = joined_at_most([sheet.address(r, c) for r, c in cells], 3, "、")
    low = next((r for r in range(HEADER_SCAN_ROWS, cells[0][0]) if header_again(sheet, r, VENDOR_ALIASES, ("id",))), None)
    hint = ("回答の表なら見出しを確かめてください" if low is None
            else f"{low + 1} 行目の見出しを先頭 30 行以内に移してください（上の行を削除するなど）")
    return LintFinding("error", "ids-without-header", sheet.address(*cells[0]),
                       f"シート「{sheet.name}」に機能ID/帳票ID（7桁の数字）の行が {len(cells):,} 行あります（{shown}）が、先頭 30 行以内に"
                       f"「機能ID」（または帳票ID・要件ID）の見出しがないため読めません。{hint}")


def _read_table(book: Workbook, sheet: Sheet, table: _Table, per_mark: _MarkRun, vocabulary: Vocabulary,
                answers: list[Answer], lint: list[LintFinding], first_seen: dict[str, str], known: _KnownIds) -> None:
    """Its rows into *answers* and its findings into *lint*; *first_seen* holds each id's first cell in the files.
    *per_mark*: its columns per answer mark (_marks_of), read in place of its answer column."""
    cols = _columns(table)
    marks = per_mark.read
    id_col, ans_col = cols["id"], cols.get("answer", min(per_mark.columns, default=None))  # (marks without an answer label)
    header_cell = sheet.address(table.match.row, id_col)
    if per_mark.unknown:
        lint.append(_cut_short_finding(sheet, table, per_mark, vocabulary))
        ans_col = None  # no column of it is read: a row checked in another is no blank to fill
    elif ans_col is None:
        lint.append(LintFinding("error", "no-answer-column", header_cell,
                                f"シート「{sheet.name}」の見出し行（{table.match.row + 1}行目: {table.match.shown_labels()}）に回答の列がありません"
                                + _under_answer_label(sheet, table, vocabulary)))
    lint.extend(_ambiguous(sheet, table, cols, per_mark, vocabulary))
    if marks:  # never silent: the office sees which columns gave the answers
        lint.append(LintFinding("info", "mark-columns", sheet.address(table.match.row, min(marks)),
                                f"シート「{sheet.name}」の見出し（{table.match.row + 1}行目）の記号ごとの列"
                                f"（{shown_columns(sheet, marks, sorted(marks), _LISTED)}）の印を回答として読みました"
                                "（行ごとに、印を付けた列の記号が回答です）"))
    # Column by column: each step is one comprehension or one C call over the whole column,
    # which keeps a large sheet close to the cost of reading its cells (benchmarks/RESULTS.md).
    start, raw_ids, ids = table.start, table.raw_ids, table.ids
    body = sheet.rows[start:start + len(ids)]
    # the cells answers are read from: the answer column's, or each column per mark's
    read = {c: written_all(_column(body, c)) for c in (marks or ([] if ans_col is None else [ans_col]))}
    # the vendor's own words, as written (semantics.md §2): a committee reads its 「①から③の順に～（別紙）」, not NFKC's
    # 「1から3の順に~(別紙)」
    timing, alternative, comment, name = (written_all(_column(body, cols.get(k)))
                                          for k in ("timing", "alternative", "comment", "name"))
    beside = {cols[field]: values for field, values in zip(_MERGED_FIELDS, (timing, alternative, comment)) if field in cols}
    # one pass over the sheet's merges for the columns read, then each column's cells
    fill = merged_fill(sheet, range(start, start + len(ids)), frozenset([*read, *beside]))
    hidden = _hidden_by_merges(start, fill, {**read, **beside})
    lines = range(start + 1, start + 1 + len(ids))  # 1-based row numbers
    id_prefix = f"{sheet.ref}!{column_letter(id_col)}"
    id_cells = [f"{id_prefix}{n}" for n in lines]
    problems: dict[int, str] = {}  # a row's marks that give no answer: what is wrong
    chosen: list[str] = []  # the mark each row reads as, of a column per mark
    read_across: dict[int, _MarkCell] = {}  # the rows read from a merge across columns per mark: its cell
    if marks:
        # a row's answer is the mark of the column its check is in (_marked); a row without one is blank at its first
        # column, or at its first cell a merge covers (the blank is the merge's). *at*: the column of each row's cell
        answered = {c: vocabulary.classify_all(read[c]) for c in marks}
        checks = {c: _CHECKS.classify_all(read[c]) for c in marks}
        per_column = [(c, mark, vocabulary.classify(mark)) for c, mark in marks.items()]
        marks_of = {cls: mark for _, mark, cls in reversed(per_column)}
        across = _merged_across(sheet, start, len(ids), marks, read, vocabulary)
        rows = [_marked([across.get((start + i, c))
                         or _MarkCell(c, mark, read[c][i], answered[c][i] == cls, answered[c][i], checks[c][i],
                                      (start + i, c) in sheet.formulas)
                         for c, mark, cls in per_column],
                        functools.partial(sheet.address, start + i), marks_of) for i in range(len(ids))]
        raw_answers = [shown for shown, _, _, _ in rows]
        at = [c if shown else next((m for m in marks if (start + i, m) in fill), c) for i, (shown, c, _, _) in enumerate(rows)]
        problems = {i: problem for i, (_, _, _, problem) in enumerate(rows) if problem}
        read_across = {i: across[start + i, c] for i, (shown, c, _, problem) in enumerate(rows)
                       if shown and not problem and (start + i, c) in across}
        chosen = [mark for _, _, mark, _ in rows]
        classes = vocabulary.classify_all(chosen)
        for i in problems:
            classes[i] = "invalid"
        cells = [sheet.address(start + i, c) for i, c in enumerate(at)]
    else:
        column = id_col if ans_col is None else ans_col  # of each row's cell: without an answer column, its id's
        raw_answers = read.get(column, [""] * len(ids))
        at = [column] * len(ids)
        classes = vocabulary.classify_all(raw_answers)
        ans_prefix = f"{sheet.ref}!{column_letter(column)}"
        cells = id_cells if ans_col is None else [f"{ans_prefix}{n}" for n in lines]
    examples = {i: mark for i, mark in _example_marks(body, raw_ids, id_col, ans_col, table.match.labels).items()
                if ids[i] is not None or raw_answers[i]}
    # the rows counted: an example row's id is the vendor's own row's, which must not become its duplicate
    counted = [None if i in examples else rid for i, rid in enumerate(ids)] if examples else ids
    valid = [rid is not None for rid in counted]
    if not marks and ans_col is not None and (codes := _own_codes(sheet, table, ans_col, raw_answers, classes, counted, vocabulary)):
        lint.append(codes)
    # Findings concern a few rows; find them with whole-column scans, then report in row order.
    for rid, c in zip(counted, id_cells):
        if rid is not None:
            first_seen.setdefault(rid, c)
    # the rows whose id cannot be read and whose answer is lost: not a row without id, or with a note for one
    # (（半角数字7桁）), and without an answer mark (a legend 「○／△／×／－」 or 「プルダウンから選択」 under the header,
    # a note below the table), nor a row of a legend (記号の意味 | ○ | 標準機能で対応)
    legend = _legend_rows(body, ids)
    unread = {i for i, (rid, raw) in enumerate(zip(ids, raw_answers)) if rid is None and raw and i not in examples
              and i not in legend
              and (classes[i] != "invalid" or (raw_id := text(raw_ids[i])) and not is_note(header(raw_id)))}
    notable = sorted(unread
                     | examples.keys()
                     | {i for i in range(len(ids)) if start + i in sheet.hidden_rows}
                     | {i for i, a in enumerate(classes) if a == "invalid" or (a == "blank" and ans_col is not None)}
                     | {i for i, (rid, c) in enumerate(zip(counted, id_cells))
                        if rid is not None and first_seen[rid] != c}
                     | {i for i, _ in hidden}
                     | read_across.keys())
    hidden_runs = _hidden_runs(counted, unread, start, sheet.hidden_rows)
    # a CSV written without quotes: each line of a cell holding line breaks became a row, its text in the id column
    sentences = [i for i, rid in enumerate(ids) if rid is None and _sentence(text(raw_ids[i]))] \
        if book.format == "csv" else []
    told_unquoted = not sentences[1:]  # said once, at the first row whose answer is lost (the others read as notes)
    merged_labels = [*((c, f"「{mark}」の列") for c, mark in marks.items()),
                     *((cols[field], label) for field, label in _MERGED_FIELDS.items() if field in cols)]
    # Every problem of a row at once: a vendor who corrects a duplicate or mistyped id learns now that its answer
    # is invalid too, not after sending the file again.
    formulas = sheet.formulas
    for i in notable:
        rid, raw_answer, answer, id_cell, cell = ids[i], raw_answers[i], classes[i], id_cells[i], cells[i]
        answer_formula = ans_col is not None and (start + i, ans_col) in formulas
        if i in examples:
            column, mark = examples[i]
            lint.append(LintFinding("warning", "example-row", sheet.address(start + i, column),
                                    _example_row(mark, rid, raw_answer), rid or ""))
            continue
        if rid is None and i not in unread:
            continue
        if rid is None:
            raw_id = text(raw_ids[i])
            # '231002 or ="231002" in a CSV is the text 231002 of a workbook cell: the same hint and missing-row
            typed = (csv_text(raw_id) if book.format == "csv" else None) or raw_id
            padded = known.padded(typed, ids)
            meant = known.meant(typed, padded)
        if run := hidden_runs.get(i):
            # the row whose id is to be fixed too: the vendor must see it to fix it
            first, last = (_row_named(ids[j], text(raw_ids[j]), id_cells[j]) for j in (run[0], run[-1]))
            lint.append(LintFinding("warning", "hidden-row", id_cell,
                                    _hidden_message(first, last, len(run), not unread.isdisjoint(run)), rid or meant))
        if rid is None:
            unquoted = "" if told_unquoted or i not in sentences else _unquoted_lines(len(sentences))
            told_unquoted = told_unquoted or bool(unquoted)
            lint.append(LintFinding("error", "bad-id", id_cell,
                                    _bad_id(raw_id, typed, raw_answer, (start + i, id_col) in formulas, padded) + unquoted,
                                    meant))
            if answer == "invalid":
                lint.append(LintFinding("error", "invalid-answer", cell,
                                        _invalid_answer(f"「{quoted(raw_id)}」の行", raw_answer, vocabulary, answer_formula,
                                                        problems.get(i, "")),
                                        meant))
            continue
        if first_seen[rid] != id_cell:
            lint.append(LintFinding("error", "duplicate-id", id_cell,
                                    f"{rid} は {first_seen[rid]} にもあります。最初の行の回答を採用し、この行は集計していません"
                                    "（1 つの ID の回答は 1 行にまとめてください）", rid))
        if answer == "invalid":
            lint.append(LintFinding("error", "invalid-answer", cell,
                                    _invalid_answer(f"{rid} ", raw_answer, vocabulary, answer_formula, problems.get(i, "")),
                                    rid))
        elif (merge := read_across.get(i)) is not None:
            lint.append(LintFinding("warning", "merged-mark-columns", cell, (
                f"{rid} の回答は、記号ごとの列を結合したセル（{merge.merged}、{merge.mark}の列）の「{quoted(merge.value)}」を、"
                "1 つの回答の列に書いたものとして読みました（結合を解除して、1 つの列だけに印を付けてください）"), rid))
        elif answer == "blank" and ans_col is not None:
            here = (start + i, at[i])
            anchor = fill.get(here)
            inside = "" if anchor is None else _inside_merge(sheet, here, anchor, hidden.get((i, at[i])))
            lint.append(LintFinding("warning", "blank-answer", cell, f"{rid} の回答が空欄です{inside}", rid))
        for col, label in merged_labels:
            if (value := hidden.get((i, col))) is not None and not (answer == "blank" and col == at[i]):  # (told above)
                here = (start + i, col)
                lint.append(LintFinding("warning", "merged-hidden-value", sheet.address(*here),
                                        f"{rid} の{label}は空欄として読みました（{_hidden_value(sheet, here, fill[here], value)}。"
                                        f"{label}は結合の先頭の行だけに読みます: 結合を解除して確かめてください）", rid))
    columns: tuple[Sequence[Any], ...] = (ids, raw_answers, classes, timing, alternative, comment, cells, id_cells, name,
                                          *([chosen] if marks else []))
    answers.extend(map(Answer, *(columns if all(valid) else (list(compress(c, valid)) for c in columns))))


def _legend_rows(body: list[list[Any]], ids: list[str | None]) -> set[int]:
    """The rows of a table's *body* (ids *ids*) in a legend: a row without an id whose first value starts one (凡例,
    記号の意味: LEGEND_START), and the rows without an id below it that give a mark and its meaning (記号の意味 | ○ |
    標準機能で対応, then | △ | カスタマイズで対応): a mark alone there is an answer whose id is missing."""
    rows: set[int] = set()
    within, last = False, -2
    for i in compress(range(len(ids)), map(not_, ids)):  # the rows without an id only: most rows have one
        values = [t for v in body[i] if (t := text(v))]
        within = bool(values) and (LEGEND_START.match(values[0]) is not None or within and last == i - 1 and len(values) > 1)
        if within:
            rows.add(i)
        last = i
    return rows


def _merged_across(sheet: Sheet, start: int, rows: int, marks: dict[int, str], read: dict[int, list[str]],
                   vocabulary: Vocabulary) -> dict[tuple[int, int], _MarkCell]:
    """The merges from a column per mark across others in the table's *rows* from row *start*: their first cell →
    the cell a row reads there (_marked), its value (from *read*) an answer mark when the *vocabulary* reads it so."""
    across = {}
    for r in range(start, start + rows):
        for (r0, c0), (r1, c1) in sheet.merged_rows.get(r, ()):
            if r0 != r or c0 not in marks or not (spanned := [marks[c] for c in range(c0, c1 + 1) if c in marks])[1:]:
                continue
            value = read[c0][r0 - start]
            answer = vocabulary.classify(value)
            # the first marks it spans, then how many more (○・△・×・－・◎・ほか 3 の列): a merge may span 16,384 columns,
            # named in the raw answer and the messages of each row
            mark = "・".join(at_most(spanned, _LISTED, ""))
            across[r0, c0] = _MarkCell(c0, mark, value, answer not in ("blank", "invalid"), answer,
                                       _CHECKS.classify(value), (r0, c0) in sheet.formulas,
                                       f"{sheet.address(r0, c0)}:{column_letter(c1)}{r1 + 1}")
    return across


# The vendor's columns beside the answer that a merge may cover, as a message names them.
_MERGED_FIELDS = {"timing": "対応時期", "alternative": "代替案", "comment": "備考"}


def _hidden_by_merges(start: int, fill: dict[tuple[int, int], tuple[int, int]],
                      columns: dict[int, list[str]]) -> dict[tuple[int, int], str]:
    """The values of the cells a merge covers (*fill*, of the table from row *start*) in the answer, timing, alternative
    and comment *columns* (LibreOffice may keep them when merging, and neither it nor Excel shows them): each blanked
    in its column, as the merge shows it (blank, as a covered cell without one reads), and returned by (row index,
    column)."""
    hidden: dict[tuple[int, int], str] = {}
    for r, c in fill:
        values = columns[c]
        if values[r - start]:
            hidden[r - start, c], values[r - start] = values[r - start], ""
    return hidden


def _hidden_value(sheet: Sheet, cell: tuple[int, int], anchor: tuple[int, int], value: str) -> str:
    shown = written(sheet.rows[anchor[0]][anchor[1]])
    return (f"{sheet.address(*cell)} は {sheet.address(*anchor)} から結合されたセルの中で、表示されない値「{quoted(value)}」が"
            f"あります（表示は{f'「{quoted(shown)}」' if shown else '空欄'}）")


def _inside_merge(sheet: Sheet, cell: tuple[int, int], anchor: tuple[int, int], hidden: str | None) -> str:
    """Why an answer *cell*, inside a merge from *anchor*, reads blank: a merge down the answer column is
    read at its first row; one from another column (機能名称 「対象外」 merged over the answer) holds no answer.
    *hidden*: the value the cell holds, which the merge does not show."""
    where, ans_col = sheet.address(*anchor), cell[1]
    value = written(sheet.rows[anchor[0]][anchor[1]])
    if hidden is not None:
        inside = _hidden_value(sheet, cell, anchor, hidden)
    elif anchor[1] == ans_col or not value:
        inside = f"{where} から結合されたセルの中です"
    else:
        inside = f"{where} から結合されたセルの中で、{where} には「{quoted(value)}」とあります"
    todo = ("回答は結合の先頭の行だけに読みます: 結合を解除して行ごとに回答してください" if anchor[1] == ans_col
            else f"結合を解除して、回答を {column_letter(ans_col)} 列に記入してください")
    return f"（{inside}。{todo}）"


def _hidden_runs(ids: list[str | None], unread: set[int], start: int, hidden: frozenset[int]) -> dict[int, list[int]]:
    """The table's hidden rows with an id or with an id not read (*unread*: the row to fix), in blocks of adjacent
    hidden rows, keyed by each block's first row.

    A vendor hides a whole section at once; one warning per block keeps the list readable. The table's rows are looked
    up, not every hidden row of the sheet for each of its tables."""
    runs: dict[int, list[int]] = {}
    run: list[int] = []
    for i in filter(lambda i: start + i in hidden, range(len(ids))):
        if run and start + i - 1 not in hidden:
            run = []
        if ids[i] is not None or i in unread:
            if not run:
                runs[i] = run
            run.append(i)
    return runs


def _row_named(rid: str | None, raw_id: str, id_cell: str) -> str:
    """A row as a message names it before の行 or から: by its id, the text of its id not read (「0230102※」), or
    its id cell when that is empty; an id or a cell with a space each side."""
    return f" {rid} " if rid else f"「{quoted(raw_id)}」" if raw_id else f" {id_cell} "


def _hidden_message(first: str, last: str, rows: int, unread: bool) -> str:
    """Said to the vendor too (the 差し戻し list): what the office sees, and what to do about it. *first* and *last*
    name the block's first and last row (_row_named); *unread*: an id in the block is not read (its answer is
    not counted: the id is to be fixed)."""
    named = f"{first}の行" if rows == 1 else f"{first}から{last}までの {rows:,} 行"
    todo = ("ID の読めない行があります。再表示して ID を直し、回答を確かめてください" if unread
            else "非表示の行の回答も集計に使います。再表示して回答を確かめてください")
    return f"{named.lstrip()}は非表示です（{todo}）"


def _too_many_rows(book: Workbook, sheet: Sheet, rows: int, limits: Limits) -> InputError:
    """Far more rows than any spec has requirements: a file of repeated ids whose reports would take gigabytes."""
    return InputError(f"{book.path}: 機能ID/帳票IDのある行が上限（{limits.max_answer_rows:,} 行、HYOJUN_MAX_ANSWER_ROWS）を超えます"
                      f"（シート「{sheet.name}」までで {rows:,} 行）。最も大きい仕様書でも要件は約 4,500 件です。"
                      "回答以外の行（コピーの繰り返しなど）を削除して保存し直してください")


def _refuse_own_output(book: Workbook) -> None:
    """One of hyojun's Excel or CSV outputs, picked up with the answers (--out was the answers' folder): checked as
    a vendor, an earlier check's made a phantom one (or, compare's, an error about its answer column)."""
    if own := own_output(book):
        what, sheet = own
        raise InputError(f"{book.path}: hyojun が出力した{what}（シート「{sheet}」）です。ベンダの回答ファイルでは"
                         "ありません（以前の出力が回答ファイルと同じフォルダにないか確かめてください）")


# A version without a minor number right after 仕様書 (標準仕様書 第6版, 仕様書【第6版】): the spec's
_BARE_AFTER_SPEC = re.compile(r"仕様書?\s*[【\[(]?\s*(第\s*\d+\s*版)")


def _declared_version(texts: list[str]) -> str | None:
    """The spec version *texts* name: one after 仕様(書) first (標準仕様書【第1.1版】 before 回答書 第1.0版), then any
    with a minor number (【第1.1版】住民記録システム標準仕様書). A version without one (第2版) only right after 仕様書:
    elsewhere (… 対応状況回答（第2版）) it is the vendor's own document's revision."""
    spec_titles = [t[t.index("仕様"):] for t in texts if "仕様" in t]
    return next((v for t in spec_titles if (v := find_version(t, whole=False))), None) \
        or next((find_version(m.group(1)) for t in spec_titles if (m := _BARE_AFTER_SPEC.match(t))), None) \
        or next((v for t in texts if (v := find_version(t, whole=False))), None)


def version_in_file_name(path: Path) -> str | None:
    """The spec version *path*'s name declares (固定資産税_第10.0版_回答_A社.xlsx), before the file is read."""
    return _declared_version([path.stem])


def version_in_file_names(paths: Iterable[Path]) -> str | None:
    """The version the names of one vendor's files declare: the first one's that declares one."""
    return next(filter(None, map(version_in_file_name, paths)), None)


def _other_areas(sheets: list[tuple[Sheet, HeaderMatch, list[_Table]]], area: str, spec_ids: Collection[str],
                 owners: dict[str, str]) -> dict[str, str]:
    """The sheets of a workbook with a sheet per area that answer other areas than *area*: sheet → the areas, most
    ids first.

    An id is of the area its 業務コード is (*owners*; an id of the spec is the spec's); a shared code (014–016) is no
    area's, so an area's common functions neither make a sheet another area's nor keep it. A sheet is passed over
    only when none of its ids is *area*'s (one would be an answer lost) and another sheet has some: a whole file of
    another area is check_run.ensure_same_area's to refuse."""
    def of(rid: str) -> str | None:
        owner = owners.get(rid[:3])
        return area if owner and rid in spec_ids else owner

    def areas_in(tables: list[_Table]) -> Counter[str]:
        codes = Counter(rid[:3] for t in tables for rid in t.ids if rid is not None)
        if all(owners.get(c) in (None, area) for c in codes):  # the usual sheet, counted by its codes alone
            return Counter({area: n} if (n := sum(k for c, k in codes.items() if c in owners)) else {})
        return Counter(a for t in tables for rid in t.ids if rid is not None and (a := of(rid)))

    by_sheet = {sheet.name: areas_in(tables) for sheet, _, tables in sheets}
    if not any(area in counts for counts in by_sheet.values()):
        return {}
    return {name: "・".join(a for a, _ in counts.most_common()) for name, counts in by_sheet.items()
            if counts and area not in counts}


def _not_of_area(answers: list[Answer], area: str, spec_ids: Collection[str], catalog: Catalog) -> dict[str, str]:
    """Response.other_area_ids: the answered ids of no 業務コード of *area* (no version of it has them), each with
    whose code it is (Catalog.whose_code)."""
    own = catalog.codes_of(area, spec_ids)
    whose = {code: catalog.whose_code(code) for code in {a.id[:3] for a in answers} - set(own)}
    return {a.id: whose[a.id[:3]] for a in answers if a.id[:3] in whose}


@dataclass
class _Reading:
    """What the files of one response add up to, file by file."""

    answers: list[Answer] = dataclasses.field(default_factory=list)
    lint: list[LintFinding] = dataclasses.field(default_factory=list)
    first_seen: dict[str, str] = dataclasses.field(default_factory=dict)  # each id's first cell in the files
    titles: list[str] = dataclasses.field(default_factory=list)  # the text above each table's header: what the vendor wrote
    own: list[str] = dataclasses.field(default_factory=list)  # vendor names the files give (whatever name the caller gives them)
    sheets: list[str] = dataclasses.field(default_factory=list)  # as addresses name them
    blank_names: list[str] = dataclasses.field(default_factory=list)  # ベンダ名 fields left blank, their label's cell
    id_rows: int = 0


def read_response(path: str | Path, *more: str | Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY,
                  vendor_name: str | None = None, limits: Limits | None = None,
                  spec_ids: Collection[str] | None = None, area: str | None = None,
                  books: list[Workbook] | None = None) -> Response:
    """Every row with a valid id, in file order, and every finding (semantics.md §6). *spec_ids*, the ids of the
    spec the answers are checked against, narrow the ids a finding suggests; with its *area*, the sheets of other
    areas (a workbook with a sheet per area) are passed over, and the ids of none of its codes told apart. *books*,
    when given, gets each workbook as read, for a caller that reads more of them (not the files twice).

    *path* and *more* paths are one vendor's answers in several files (a 機能 file and a 帳票 file), read as one response in
    one order whatever the order given (in_reading_order): each file's addresses name it ([A社_帳票.xlsx]帳票!C4), an id
    of two files is a duplicate."""
    files = in_reading_order([Path(p) for p in (path, *more)])
    _refuse_same_names(files)
    limits = limits or Limits.from_env()
    catalog = load_catalog()
    codes = {code for a in catalog.areas for code in a.business_codes}
    owners = catalog.code_owners
    reading = _Reading()
    sources = []
    versions: dict[str, str] = {}  # per file, the version its titles (else its name) declare
    vendors: dict[str, list[str]] = {}  # per file, the vendor names written in it (ベンダ名 cells, titles)
    titled: list[str] = []  # the companies the titles name, file by file
    no_table: NoAnswerTable | None = None  # of the first file without an answer table
    for file in files:
        first_title, first_own = len(reading.titles), len(reading.own)
        book = read_workbook(file, limits)
        _refuse_own_output(book)
        if books is not None:
            books.append(book)
        if len(files) > 1:  # its addresses name it, on copies of its sheets: the reader's Workbook stays as read
            book = dataclasses.replace(book, sheets=[dataclasses.replace(s, book=book.file_name) for s in book.sheets])
        try:
            _read_book(book, vocabulary, limits, _KnownIds(spec_ids, codes), area, owners, reading)
        except NoAnswerTable as exc:  # the other files are read still: lint lists the findings of every one
            if no_table is None:
                no_table = exc
            else:  # check names every file without a table, not the first alone
                no_table.details.append(str(exc))
        sources.append(SourceFile(book.file_name, book.sha256))
        if version := _declared_version(reading.titles[first_title:]) or version_in_file_name(file):
            versions[book.file_name] = version
        file_titled = vendors_in_titles(reading.titles[first_title:])
        titled += file_titled
        if names := [*reading.own[first_own:], *file_titled]:
            vendors[book.file_name] = names
    own = reading.own
    named_inside = bool(own or titled)
    for file in files:
        # NFKC as every cell: a name a Mac wrote (NFD) is not another vendor's
        if (m := _STEM_VENDOR.search(text(file.stem))) and (named := _FILE_SUFFIX.sub("", m.group(1))):
            own.append(named)
    own.extend(n for n in titled if not any(o in n or n in o for o in own))  # 架空システムズ株式会社
    vendor = vendor_name or next(iter(own), None)
    if vendor is None and reading.blank_names:  # the form asked for the name: the file's name stands in for it
        reading.lint.append(LintFinding("warning", "vendor-name-blank", reading.blank_names[0], (
            f"ベンダ名の欄（{reading.blank_names[0]}）が空欄です。ベンダ名を記入してください（比較・記録のベンダ名になります。"
            f"空欄のため、ファイル名から「{inline(text(answers_stem(files)))}」としました）")))
    declared = _declared_version(reading.titles)
    # a file name's version may be an office's renaming (a title says what the vendor answered)
    in_names = version_in_file_names(files)
    if declared and in_names and in_names != declared:
        reading.lint.append(LintFinding("info", "version-in-file-name", "",
                                        f"ファイル名の {in_names} は表題の {declared} と違います。表題の {declared} を回答した版としました"))
    if len(set(versions.values())) > 1:  # the first version found would have stood for both files, without a word
        reading.lint.append(LintFinding("warning", "part-versions-differ", "", (
            f"回答ファイルごとに版が違います（{'、'.join(f'{f} は {v}' for f, v in versions.items())}）。回答した版は"
            f" {declared or in_names} としました。どちらかのファイルが別の版への回答なら、ベンダに確かめてください")))
    per_file = list(vendors.values())
    if any(not any(same_vendor(n, tuple(names)) for n in per_file[0]) for names in per_file[1:]):
        # a 帳票 file of another vendor's answers: one bidder of two vendors' answers (the first name stood for both)
        reading.lint.append(LintFinding("warning", "part-vendors-differ", "", (
            f"回答ファイルごとにベンダ名が違います（{'、'.join(f'{f} は「{inline(ns[0])}」' for f, ns in vendors.items())}）。"
            f"ベンダは「{inline(vendor or '')}」としました。別のベンダのファイルを組み合わせていないか確かめてください")))
    declared_area = next((a.name for t in (*reading.titles, *(p.stem for p in files)) if (a := catalog.in_text(t))), None)
    response = Response(vendor=vendor or text(answers_stem(files)), file=FILES_JOINED.join(s.file for s in sources),
                    sha256=sources[0].sha256 if len(sources) == 1
                    else hashlib.sha256("\n".join(s.sha256 for s in sources).encode()).hexdigest(),
                    answers=tuple(reading.answers), lint=tuple(reading.lint), declared_version=declared or in_names,
                    version_in_name=declared is None and in_names is not None, declared_area=declared_area,
                    own_names=tuple(dict.fromkeys(own)), named_inside=named_inside, sheets=tuple(reading.sheets),
                    other_area_ids=_not_of_area(reading.answers, area, spec_ids or (), catalog) if area else {},
                    sources=tuple(sources))
    if no_table is not None:
        no_table.response = response
        raise no_table
    return response


def _refuse_same_names(files: list[Path]) -> None:
    """One vendor's files of one name (in two folders, or one file twice): their addresses would not tell them apart,
    and Excel cannot open both at once."""
    names = Counter(p.name.casefold() for p in files)
    if twice := list(dict.fromkeys(p.name for p in files if names[p.name.casefold()] > 1)):
        raise InputError(f"{'、'.join(twice)}: 1 つのベンダの回答ファイルに同じ名前のファイルが 2 つあります。セル番地がどちらのファイル"
                         "のものか分からないため、読めません。同じファイルを 2 回指定していないか確かめ、別のファイルなら名前を変えてください")


def _read_book(book: Workbook, vocabulary: Vocabulary, limits: Limits, known: _KnownIds, area: str | None,
               owners: dict[str, str], reading: _Reading) -> None:
    """The answers and findings of one file of a response into *reading*."""
    from_csv = book.format == "csv"
    lint = reading.lint
    no_header: list[Sheet] = []
    empty: list[Sheet] = []
    examples: list[Sheet] = []
    tables: list[str] = []  # the id header cell of each table
    readable: list[tuple[Sheet, HeaderMatch, list[_Table]]] = []
    answered = len(reading.answers)
    reading.sheets.extend(sheet.ref for sheet in book.sheets)
    for sheet in book.sheets:
        if not any(text(v) for row in sheet.rows for v in row):
            lint.append(LintFinding("info", "empty-sheet", sheet.address(0, 0), f"シート「{sheet.name}」は空です（読み飛ばしました）"))
            empty.append(sheet)
            continue
        # a header row with an answer column before one without (a label 「ID」 in the title block)
        match = find_header(sheet, VENDOR_ALIASES, key="id", required=("answer",)) or find_header(sheet, VENDOR_ALIASES, key="id")
        if match is None:
            no_header.append(sheet)
            continue
        if "answer" not in match.columns and not_current(sheet):
            lint.append(LintFinding("info", "history-sheet", sheet.address(0, 0),
                                    f"シート「{sheet.name}」は回答の列のない改定履歴・削除・廃止の一覧として読み飛ばしました"))
            continue
        if _EXAMPLE.match(sheet.name):
            # its example answers would be read first and turn the vendor's own rows into duplicates
            lint.append(LintFinding("warning", "example-sheet", sheet.address(0, 0),
                                    f"シート「{sheet.name}」は名前が記入例のため、様式の記入例として読み飛ばしました"
                                    "（ベンダの回答のシートなら、名前を変えてください）"))
            examples.append(sheet)
            continue
        readable.append((sheet, match, list(_tables(sheet, match, from_csv))))
    skipped = _other_areas(readable, area, known.spec_ids or (), owners) if area else {}
    for sheet, match, sheet_tables in readable:
        name, blank = vendor_field(sheet, match)
        if name:  # the file's vendor, whatever area the sheet answers
            reading.own.append(name)
        elif blank:  # the cell to write the name in, right of its label
            reading.blank_names.append(sheet.address(blank[0], blank[1] + 1))
        if sheet.name in skipped:
            lint.append(LintFinding("info", "other-area-sheet", sheet.address(0, 0),
                                    f"シート「{sheet.name}」は {skipped[sheet.name]} の回答です（{area} のチェックでは読みません）"))
            continue
        if sheet.hidden:
            lint.append(LintFinding("warning", "hidden-sheet", sheet.address(0, 0),
                                    f"シート「{sheet.name}」は{sheet.hidden_as}です（非表示のシートの回答も集計に使います。"
                                    "再表示して、回答のシートか確かめてください）"))
        reading.titles.extend(text(v) for row in sheet.rows[: match.row] for v in row if text(v))
        if differs := _legend_differs(sheet, sheet_tables, vocabulary):
            lint.append(differs)
        told: set[int] = set()  # the hidden columns warned about
        for table in sheet_tables:
            tables.append(sheet.address(table.match.row, table.id_col))
            per_mark = _marks_of(sheet, table, vocabulary)
            if sheet.hidden_columns:
                lint.extend(_hidden_columns(sheet, table, per_mark.read, told))
            reading.id_rows += len(table.ids) - table.ids.count(None)
            if reading.id_rows > limits.max_answer_rows:
                raise _too_many_rows(book, sheet, reading.id_rows, limits)
            _read_table(book, sheet, table, per_mark, vocabulary, reading.answers, lint, reading.first_seen,
                        _KnownIds(known.spec_ids, known.area_codes))
    unread = {sheet.name: f for sheet in no_header if (f := _unread_ids(sheet, known.area_codes)) is not None}
    if not tables:
        # an empty file has no table either: a report for it would just say nothing was answered
        lint.extend(_skipped(sheet, unread) for sheet in no_header)
        # at its first sheet: a finding of one vendor's several files names its file ([A社_帳票.xlsx]Sheet1!A1)
        said = _NO_TABLE + _garbled(book)
        lint.append(LintFinding("error", "no-table", book.sheets[0].address(0, 0) if book.sheets else "", said))
        raise NoAnswerTable(
            f"{book.path}: {said}",
            details=[f"{f.cell}: {f.message}" for f in unread.values()]
            + [f"シート「{s.name}」: 見出し行が見つかりません" for s in no_header if s.name not in unread]
            + [f"シート「{s.name}」: 空です" for s in empty]
            + [f"シート「{s.name}」: 記入例として読み飛ばしました（回答のシートなら名前を変えてください）" for s in examples])
    if len(reading.answers) == answered:
        lint.append(LintFinding("error", "no-id-rows", tables[0],
                                f"回答の表（{'、'.join(tables)} の見出しの下）に機能ID/帳票ID（7桁の数字。例: 0230101）の行が1つもありません"))
    lint.extend(_skipped(sheet, unread) for sheet in no_header)


_NO_TABLE = "回答の表が見つかりません。先頭 30 行以内に「機能ID」（または帳票ID・要件ID）の見出しが必要です"


def _garbled(book: Workbook) -> str:
    """Why no header may be found: a cell of the rows searched holding U+FFFD, the replacement of bytes read in the
    wrong character set (a Shift_JIS CSV opened as UTF-8 and saved as a workbook), else ""."""
    cell = next((sheet.address(r, c) for sheet in book.sheets for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS])
                 for c, v in enumerate(row) if type(v) is str and "\ufffd" in v), None)
    return "" if cell is None else (f"。{cell} などに U+FFFD（�）があり、文字化けしています。CSV を開くときの文字コード"
                                    "（Shift_JIS か UTF-8 か）を確かめてください")


class NoAnswerTable(InputError):
    """A file without an answer table: `check` refuses the whole response; `lint` lists the findings of *response*
    (read as far as it goes, no-table among them), which read_response sets before raising."""

    response: Response | None = None


def _skipped(sheet: Sheet, unread: dict[str, LintFinding]) -> LintFinding:
    """The finding of a sheet without a header: its ids left unread, or that it was passed over (a cover sheet)."""
    return unread.get(sheet.name) or LintFinding("info", "no-header", sheet.address(0, 0),
                                                 f"シート「{sheet.name}」に機能IDの見出しがないため読み飛ばしました（表紙・注記等）")


def group_answer_files(paths: Iterable[Path]) -> list[tuple[Path, ...]]:
    """*paths* with the files of one vendor together, each group where its first file is: a 機能 file and a 帳票 file of
    one folder (however written) whose names differ only by the kind word after the vendor's name and a revision
    (A社_機能.xlsx, A社_帳票_第2版.xlsx: only the 帳票 re-submitted), its 機能 file first. A file without a kind word, or
    without a partner of the other kind, is alone, and so is a file given twice (run_batch refuses it). More files of
    one vendor (A社_機能.xlsx beside A社_機能_第2版.xlsx, or a workbook and its CSV export) are refused: which of them is
    the vendor's answer is not known, and read apart each was one more bidder of that vendor's name."""
    paths = list(paths)
    keys: list[object] = []
    kinds: dict[object, list[Path]] = {}  # per name without its kind word and revision, its files
    for i, path in enumerate(paths):
        # the folder itself: C:\入札\A社_機能.xlsx and A社_帳票.xlsx given in C:\入札 are of one
        keys.append((path.parent.resolve(), text(_FILE_SUFFIX.sub("", path.stem))) if _kind_in(path.stem) else i)
        kinds.setdefault(keys[-1], []).append(path)
    paired = {key for key, files in kinds.items() if are_parts(files)}
    for key, files in kinds.items():
        if len(files) > 1 and key not in paired and len({p.resolve() for p in files}) == len(files):
            raise InputError(f"{'、'.join(p.name for p in in_reading_order(files))}: 1 つのベンダの回答ファイルが {len(files)} つあり、"
                             "機能・帳票の組になりません。機能の回答と帳票の回答を 1 つずつ指定してください（再提出の新しいファイルが"
                             "あれば古いファイルを、Excel から書き出した CSV があればどちらかを除いて指定します）")
    groups: dict[object, list[Path]] = {}
    for i, (key, path) in enumerate(zip(keys, paths)):
        groups.setdefault(key if key in paired else i, []).append(path)
    return [tuple(in_reading_order(g)) for g in groups.values()]


def in_reading_order(files: Iterable[Path]) -> list[Path]:
    """One vendor's *files* in the one order they are read in, whatever order they are given in (a shell sorts 帳 before
    機, a manifest keeps its own): the 機能 file before the 帳票 file, as read_spec orders a spec's, then by name. One
    set of files has one vendor.file and one sha256, and an id answered in both files one first row, from every command."""
    return sorted(files, key=lambda p: (_is_form_part(p), text(p.name)))


def are_parts(files: Sequence[Path]) -> bool:
    """Whether *files* are, by their names, a 機能 file and a 帳票 file: one vendor's answers in two parts."""
    return len(files) == 2 and sorted(map(_is_form_part, files)) == [False, True]


def _is_form_part(path: Path) -> bool:
    """A 帳票 file by its name: the kind word after the vendor's name (A社_帳票.xlsx), else its first kind word (a
    manifest's 帳票回答.xlsx)."""
    return (m := _kind_in(path.stem) or _ANY_KIND.search(path.stem)) is not None and "帳票" in m.group()


def answers_stem(files: Sequence[Path]) -> str:
    """The name of the outputs of one vendor's answers in *files*: its file's name without its suffix; of several files,
    the first read's (in_reading_order) without its kind word (A社_機能.xlsx and A社_帳票.xlsx: A社)."""
    stem = in_reading_order(files)[0].stem
    if len(files) > 1 and (m := _kind_in(stem)):
        return stem[:m.start()] + stem[m.end():]
    return stem


def _kind_in(stem: str) -> re.Match[str] | None:
    """The kind word after a vendor's name in a file's name (…_回答_A社_機能: _機能)."""
    m = _KIND.search(stem)
    return m if m and m.start() > 0 else None
