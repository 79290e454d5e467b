"""Answer sheets with a column per answer mark (対応可否 over ○ | △ | × | －): which columns those are, and a row's answer."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from ..errors import at_most
from ..model import LintFinding
from ..normalize import DEFAULT_VOCABULARY, AnswerClass, Vocabulary, header, quoted, text, written, written_all
from .answer_sheets import ANSWER_HEADERS
from .answer_table import LISTED, SENTENCE, Table, answer_columns, column_of, field_columns, listed, marks_listed
from .cells import column_letter
from .headers import HeaderMatch, bare_label, merged_fill, shown_columns
from .own_marks import define_hint, meaning_class
from .workbook import Sheet, formula_note


class MarkRun(NamedTuple):
    """A table's columns per answer mark (columns_per_mark): column → its mark, in order, none when the table has no such
    columns; *refused*: why they cannot be read, as the ambiguous-column error says it before ため, else ""; *unknown*:
    the columns of the same run whose word the vocabulary does not read (標準 | オプション beside カスタマイズ | 対応不可),
    column → the word as written: the table is not read (unknown-mark-column)."""
    columns: dict[int, str]
    refused: str = ""
    unknown: Mapping[int, str] = MappingProxyType({})  # read-only: a NamedTuple's default is shared by every run

    @property
    def read(self) -> dict[int, str]:
        """The columns read as one per mark: none when refused (the first is read as the answer column) or cut short."""
        return {} if self.refused or self.unknown else self.columns


def columns_per_mark(sheet: Sheet, table: Table, vocabulary: Vocabulary) -> MarkRun:
    """The columns of a table with a column per answer mark, a check put in one of them per row (対応可否 over ○ | △ |
    × | －, 対応 | 一部対応 | 対応不可, or 標準対応 | カスタマイズ | 代替 | 対応不可 with no answer label). Refused when
    they fall in groups (_mark_groups), when a vocabulary of its own reads none of their marks, or when the values
    beside an answer column are no marks (_marks_beside)."""
    answers = answer_columns(table.match)
    upper = merged_fill(sheet, range(table.match.top, table.match.row))  # the header's rows above its last, mapped once
    if len(answers) > 1:
        header_row, labels = sheet.rows[table.match.row], table.match.labels
        if marks := _mark_columns(header_row, answers, labels, vocabulary):
            return _cut_short(sheet, table, _in_groups(sheet, table.match, marks, vocabulary, upper), vocabulary)
        if vocabulary != DEFAULT_VOCABULARY and (marks := _mark_columns(header_row, answers, labels, DEFAULT_VOCABULARY)):
            # ○ | △ | × under 対応可否, which a vocabulary of its own (mode: replace) does not read: still a column per
            # mark, whose answers deleting the columns not used would lose
            return MarkRun(marks, f"列の記号（{marks_listed(quoted(m) for m in marks.values())}）が使う回答記号の定義にない")
        return MarkRun({})
    answer = table.match.columns["answer"] if answers else None
    return _cut_short(sheet, table, _marks_beside(sheet, table, answer, vocabulary, upper), vocabulary, bare=answer is None)


# Words of a period heading an answer column each (現行 | 移行後 under 対応可否): 移行後 is an answer word too (planned),
# but 現行 beside it is no column per mark of a word to define: following that advice read ○ | × as 対応
_PERIODS = frozenset(map(header, ("現行", "現状", "移行前", "移行時", "移行後", "次期", "将来")))


def _cut_short(sheet: Sheet, table: Table, run: MarkRun, vocabulary: Vocabulary, bare: bool = False) -> MarkRun:
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
    fields = field_columns(table.match) - set(run.columns)

    def word(c: int) -> str:
        return written(header_row[c]) if 0 <= c < len(header_row) and c not in fields else ""

    known = {c: w for c in range(len(header_row)) if (w := word(c)) and vocabulary.classify(w) not in ("blank", "invalid")}
    body = sheet.rows[table.start:table.start + len(table.ids)]
    column = functools.cache(functools.partial(column_of, body))  # each column once, whichever runs it is looked at for
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
        if unknown and (run.columns or bare_label(group) in ANSWER_HEADERS
                        or len({vocabulary.classify(m) for m in marks.values()}) > 1):
            return MarkRun(marks, unknown=unknown)
    return run


def _checked_column(sheet: Sheet, start: int, c: int, word: str, values: list[Any], vocabulary: Vocabulary) -> bool:
    """Whether column *c* (headed *word*, its *values* from row *start*) holds checks, and marks in nearly all its cells,
    of one class but fillers: ○ and △ there are two answers, the column one to answer in (現行 | 移行後)."""
    shown = written_all(values)
    answered = {vocabulary.classify(v) for v in set(shown) if CHECKS.classify(v) != "no"} - {"blank", "invalid"}
    return (any(_checks(values, word)) and len(answered) < 2
            and not _not_marks(sheet, start, {c: word}, {c: shown}, vocabulary))


def _checks(values: list[Any], word: str) -> list[bool]:
    """Per cell of a column per mark headed *word* (its *values*), whether it holds a check: ● ✓ 1 TRUE (CHECKS), or the
    column's own word. Each value once: a column holds a few."""
    own = header(word)
    memo = {v: CHECKS.classify(v) == "yes" or header(v) == own for v in set(values)}
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
               upper: dict[tuple[int, int], tuple[int, int]]) -> MarkRun:
    """*marks*, refused when they fall in groups (_mark_groups; *upper*: the merged cells of the header's rows above
    its last): which group answers is not ours to guess."""
    groups = _mark_groups(sheet, match, marks, vocabulary, upper)
    if len(groups) < 2:
        return MarkRun(marks)
    shown = [f"{column_letter(cs[0])}{f'～{column_letter(cs[-1])}' if len(cs) > 1 else ''} 列" for cs, _ in groups]
    if any(label for _, label in groups):
        parts = "と".join(at_most([f"「{quoted(label)}」（{where}）" for (_, label), where in zip(groups, shown)], LISTED, "組"))
    else:
        parts = f"同じ記号の {'、'.join(at_most(shown, LISTED, '組'))}"
    return MarkRun(marks, f"記号の列が{parts}の {len(groups)} 組に分かれていて、どの組の印を回答とするか決められない")


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


def _marks_beside(sheet: Sheet, table: Table, answer: int | None, vocabulary: Vocabulary,
                  upper: dict[tuple[int, int], tuple[int, int]]) -> MarkRun:
    """The columns of a table with a column per answer mark whose answer column is headed by a mark itself (対応 |
    一部対応 | 対応不可, 対応 an answer label) or, without an *answer* column, the first run of columns of no field headed
    by a mark that is one (標準対応 | カスタマイズ | 代替 | 対応不可), when a column of no field beside it is headed by another
    mark and holds a value in the table (read alone, the answer column left the rows marked there blank); else none:
    the answer column is read as any. The values beside must read as marks (_not_marks): an answer word is a natural
    title of a column of other things too (代替, 対応予定, －), whose texts would make every row 回答不正 or 未回答.
    Such a column beside an answer column is refused, as it was before a column per mark was read; without one, the
    table has no answer column. *upper*: the merged cells of the header's rows above its last (_mark_groups)."""
    header_row, fields = sheet.rows[table.match.row], field_columns(table.match)

    def mark(c: int) -> str:
        return _header_mark(header_row, c, vocabulary) if c == answer or c not in fields else ""

    # without an answer column, each run of such columns in turn: a 「No」 column first is the answer word NO alone
    firsts = [answer] if answer is not None else [c for c in range(len(header_row)) if mark(c) and not mark(c - 1)]
    body = sheet.rows[table.start:table.start + len(table.ids)]
    for first in filter(mark, firsts):
        marks = _mark_run(mark, first, first)
        beside = {c: written_all(column_of(body, c)) for c in marks if c != answer}
        if len({vocabulary.classify(m) for m in marks.values()}) < 2 or not any(map(any, beside.values())):
            continue
        if (grouped := _in_groups(sheet, table.match, marks, vocabulary, upper)).refused:
            return grouped
        if not (not_marks := _not_marks(sheet, table.start, marks, beside, vocabulary)):
            return grouped
        if answer is not None:
            return MarkRun(marks, not_marks)
    return MarkRun({})


_SLIPS = 10  # of the cells filled beside the answer column, one in this many may be no mark: a vendor's slips, told by row


def _not_marks(sheet: Sheet, start: int, marks: dict[int, str], beside: dict[int, list[str]], vocabulary: Vocabulary) -> str:
    """Why the values *beside* (of the columns per mark *marks*, from row *start*) are no marks, as the ambiguous-column
    error says it, or "" when they are: a check, a filler or an answer mark (the column's own, or another's written in
    the wrong column) in nearly all their filled cells, and no sentence in any. A formula saved without its result
    (=E2=1, a checkbox's linked cell) says nothing either way."""
    filled = [(i, c, v) for c, values in beside.items() for i, v in enumerate(values)
              if v and (start + i, c) not in sheet.formulas]
    # each value once: a column holds a few
    odd = {v for v in {v for _, _, v in filled} if CHECKS.classify(v) not in ("yes", "no") and vocabulary.classify(v) == "invalid"}
    other = [(i, c, v) for i, c, v in filled if v in odd]
    if len(other) * _SLIPS <= len(filled) and not any(len(v) >= SENTENCE for _, _, v in other):
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


# What a cell of a column per mark holds (compared as answers are: NFKC, without variation selectors or case): "yes" a
# check that chooses its column, "no" a filler that does not (× in the ○ column is "not ○"), as blank. TRUE and FALSE:
# a form-control checkbox's linked cell (text in a CSV).
CHECKS = Vocabulary({"yes": ("○", "〇", "◯", "●", "✓", "✔", "レ", "☑", "■", "v", "1", "TRUE"),
                      "no": ("－", "-", "ー", "―", "‐", "—", "−", "–", "×", "✕", "✖", "☓", "0", "FALSE")})


class MarkCell(NamedTuple):
    """A row's cell in a column per mark."""
    column: int
    mark: str  # the column's (of a merge across columns per mark, theirs: ○・△, the first ten: merged_across)
    value: str  # as written
    own: bool  # reads as the column's own mark (△ in the △ column, ✕ in the × column); of a merge, as any answer mark
    answer: AnswerClass  # as the vocabulary reads it
    check: str  # as CHECKS reads it
    formula: bool  # a formula's cell (Sheet.formulas): a checkbox's linked cell is often one
    merged: str = ""  # the range of a merge across columns per mark it is the first cell of (機能!C3:F3), else ""


def marked_answer(row: list[MarkCell], at: Callable[[int], str], marks_of: dict[AnswerClass, str]) -> tuple[str, int, str, str]:
    """A row's answer from its columns per mark: the answer as the report shows it (「✓（○の列）」, the mark alone when
    written in its own column, "" when no column is chosen), the column of its cell (the one chosen, else the first
    named), the mark chosen and, when not one column is chosen or a value is no check, what is wrong, naming each cell
    by *at*. A filler in its own column (× in the × column) chooses it only alone in the row: 「○ × × ×」 fills the
    columns not chosen, and a row of fillers only (「－ － － －」 pre-filled, 「× × × ×」, × in the ○ column) chooses
    none, nor is it blank; a row of FALSE only (checkboxes left unchecked) is blank. A merge across columns per mark
    holding an answer mark (「－」「該当なし」 over them all, the N/A rows of many sheets) is that mark, as if written in
    one answer column; a check there chooses no one column. An answer mark in another class's column (△ in the ×
    column) is said to be in the wrong one: *marks_of*, the mark of the first column of each class."""
    filled = [m for m in row if m.value]
    # none filled, or FALSE only (checkboxes left unchecked, their linked cells, beside blanks): nothing chosen, as blank
    if all(m.check == "no" and text(m.value).casefold() == "false" for m in filled):
        return "", row[0].column, "", ""
    chosen = [m for m in filled if m.check == "yes" and not m.merged or m.own and m.check != "no"]
    if not chosen and len(filled) == 1 and filled[0].own:
        chosen = filled
    unreadable = [m for m in filled if (m.check == "invalid" or m.merged) and not m.own]
    if len(chosen) == 1 and not unreadable:
        m = chosen[0]
        return m.value if m.own else f"{m.value}（{m.mark}の列）", m.column, m.value if m.merged else m.mark, ""
    told = sorted(chosen + unreadable) or filled
    cells = listed([f"{at(m.column)}「{quoted(m.value)}」（{m.mark}の列）" for m in told], "件")
    if chosen or unreadable:
        why = [f"印が {len(chosen)} つの列にあります"] if len(chosen) > 1 else []
        elsewhere = [m for m in unreadable if not m.merged and m.answer in marks_of]
        unread = [f"「{quoted(m.value)}」" for m in unreadable if not m.merged and m not in elsewhere]
        why += [f"{listed(unread, '件', '・')}は印として読めません"] if unread else []
        why += at_most([f"「{quoted(m.value)}」は {m.mark}の列に書かれています（{marks_of[m.answer]} の列に印を付けてください）"
                        for m in elsewhere], LISTED, "列も違う記号の列にあります")
        why += at_most([f"「{quoted(m.value)}」は記号ごとの列を結合したセル（{m.merged}）にあり、どの列の印か決められません"
                        for m in unreadable if m.merged], LISTED, "個の結合したセルも同じです")
        said = f"の回答を記号ごとの列から 1 つに決められません（{cells}）。{'。'.join(why)}"
    else:
        said = f"の回答の記号ごとの列に印がありません（{cells}）"
    # a formula saved without its result (a program wrote the file) is to be saved again, not marked again by hand
    formula = next((formula_note(m.value, True) for m in told if m.formula), "")
    return (listed([f"{m.value}（{m.mark}の列）" for m in told], "件"), told[0].column, "",
            f"{said}。印は 1 つの列だけに ○ や ✓ で付けてください（ほかの列は空欄に）{formula}")


def cut_short_finding(sheet: Sheet, table: Table, run: MarkRun, vocabulary: Vocabulary) -> LintFinding:
    """The error of a run of columns per mark some of whose words the vocabulary does not read (_cut_short)."""
    words = {w: meaning_class(w, vocabulary) for w in run.unknown.values()}
    return LintFinding("error", "unknown-mark-column", sheet.address(table.match.row, min(run.unknown)), (
        f"シート「{sheet.name}」の見出し（{table.match.row + 1}行目）の {shown_columns(sheet, run.unknown, sorted(run.unknown), LISTED)}"
        f"は、{shown_columns(sheet, run.columns, sorted(run.columns), LISTED)}と並ぶ記号ごとの列のようですが、見出しの語が回答記号の"
        f"定義にないため、どの区分の印か決められず、この表の回答を読めません（ほかの列だけを読むと、その列に印のある行が未回答になります）。"
        f"{define_hint(words)}"))


def under_answer_label(sheet: Sheet, table: Table, vocabulary: Vocabulary) -> str:
    """What a table without an answer column lacks, as its no-answer-column error ends: the labels to give, or, when an
    answer label stands over columns of no field (対応可否 over 可 | 否, 対応区分 over A | B | C), that those are not read:
    as columns per mark (a check in one of them per row) whose words to define with --vocabulary, else as neither
    such columns nor one answer column (現行 | 移行後, each holding ○ or ×: periods, _PERIODS). The message asked for the
    対応可否 label the sheet has."""
    header_row = sheet.rows[table.match.row]
    fields = field_columns(table.match)
    groups = _group_labels(sheet, table.match, fields, len(header_row))
    under = [c for c, group in enumerate(groups) if bare_label(group) in ANSWER_HEADERS and c not in fields and text(header_row[c])]
    if not under:
        return "（見出し「対応可否」「対応状況」「回答」等が必要です）"
    under = [c for c in under if groups[c] == groups[under[0]]]
    words = {c: written(header_row[c]) for c in under}
    unknown = {w: meaning_class(w, vocabulary) for w in words.values() if vocabulary.classify(w) == "invalid"}
    said = f"。「{quoted(groups[under[0]])}」の下の {shown_columns(sheet, words, under, LISTED)}は"
    body = sheet.rows[table.start:table.start + len(table.ids)]
    checked = [n for row in zip(*(_checks(column_of(body, c), w) for c, w in words.items())) if (n := sum(row))]
    if unknown and checked and sum(n > 1 for n in checked) * _SLIPS <= len(checked) \
            and not any(bare_label(w) in _PERIODS for w in words.values()):  # a check in one column per row
        return (f"{said}記号ごとの列のようですが、{marks_listed(f'「{quoted(w)}」' for w in unknown)}が回答記号の定義にありません。"
                + define_hint(unknown))
    return f"{said}、記号ごとの列（行ごとに 1 つの列だけに印）としても、1 つの回答の列としても読めません"


def merged_across(sheet: Sheet, start: int, rows: int, marks: dict[int, str], read: dict[int, list[str]],
                   vocabulary: Vocabulary) -> dict[tuple[int, int], MarkCell]:
    """The merges from a column per mark across others in the table's *rows* from row *start*: their first cell →
    the cell a row reads there (marked_answer), its value (from *read*) an answer mark when the *vocabulary* reads it so."""
    across = {}
    for r in range(start, start + rows):
        for (r0, c0), (r1, c1) in sheet.merged_rows.get(r, ()):
            if r0 != r or c0 not in marks or not (spanned := [marks[c] for c in range(c0, c1 + 1) if c in marks])[1:]:
                continue
            value = read[c0][r0 - start]
            answer = vocabulary.classify(value)
            # the marks it spans, the first few then how many more (○・△・×・－・◎・ほか 3 種類の列): a merge may span
            # 16,384 columns, named in the raw answer and the messages of each row
            mark = marks_listed(spanned)
            across[r0, c0] = MarkCell(c0, mark, value, answer not in ("blank", "invalid"), answer,
                                       CHECKS.classify(value), (r0, c0) in sheet.formulas,
                                       f"{sheet.address(r0, c0)}:{column_letter(c1)}{r1 + 1}")
    return across
