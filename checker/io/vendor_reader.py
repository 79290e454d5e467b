"""Read a vendor answer sheet (ベンダ回答) into a Response, collecting every problem with its cell."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

from ..analysis.bid import same_vendor
from ..catalog import Catalog, load_catalog
from ..errors import InputError, joined_at_most
from ..model import FILES_JOINED, Answer, LintFinding, Response, SourceFile
from ..normalize import (DEFAULT_VOCABULARY, Vocabulary, csv_text, header, padded_id, parse_id, quoted, text, unmarked_id,
                         written, written_all)
from ..bidi import inline
from .answer_files import (FILE_SUFFIX, STEM_VENDOR, answers_stem, declared_version, in_reading_order, version_in_file_name,
                           version_in_file_names)
from .answer_sheets import VENDOR_ALIASES, own_output, vendor_field, vendors_in_titles
from .answer_table import LISTED, Table, answer_columns, column_of, columns_read, marks_listed, tables_of
from .cells import column_letter
from .headers import (HEADER_SCAN_ROWS, HeaderMatch, bare_label, find_header, header_again, id_cells, is_hint, shown_columns,
                      merged_fill, not_current)
from .limits import Limits, raise_hint
from .mark_columns import (CHECKS, MarkCell, MarkRun, columns_per_mark, cut_short_finding, marked_answer, merged_across,
                           under_answer_label)
from .own_marks import LOOKS_LIKE_CIRCLE, legend_differs, legend_rows, own_codes
from .workbook import Sheet, Workbook, formula_note, read_workbook

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


def _ambiguous(sheet: Sheet, table: Table, cols: dict[str, int], run: MarkRun, vocabulary: Vocabulary) -> list[LintFinding]:
    """Two answer columns, or two id columns of the same name (機能ID（第5.0版）| 機能ID（第6.0版）): which one
    the vendor meant is not ours to guess, the verdict would follow the guess. A column per answer mark (*run*) is
    no such question: a row's mark chooses the column (marked_answer), unless the *run* is refused (its groups: which one
    to read is the same question)."""
    labels = table.match.labels
    same = {"answer": [] if run.columns else answer_columns(table.match),
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
        shown = marks_listed(quoted(m) for m in asked)  # of up to 16,384 columns
        found.append(LintFinding("error", "ambiguous-column", sheet.address(table.match.row, answer), (
            f"{where}{named}{shown_columns(sheet, run.columns, sorted(run.columns), LISTED)}と記号ごとの列に印を付ける様式ですが、"
            f"{run.refused}ため、読めません。回答の列を 1 つにして、行ごとに {shown}"
            f" のどれか 1 つを記入してください（指摘は {column_letter(answer)} 列で読んだ結果です）")))
    return found


_HIDDEN_FIELDS = {"id": "機能ID/帳票ID", "answer": "回答", "timing": "対応時期", "alternative": "代替案", "comment": "備考"}


def _hidden_columns(sheet: Sheet, table: Table, marks: dict[int, str], told: set[int]) -> list[LintFinding]:
    """A warning for each hidden column the table reads its ids, answers (each column per mark, *marks*), timings,
    alternatives or comments from, once per sheet (*told*): as a hidden row, easily overlooked (an answer column the
    officer cannot see)."""
    named = {c: f"{_HIDDEN_FIELDS[field]}の列「{quoted(table.match.labels[c])}」"
             for field, c in columns_read(table).items() if field in _HIDDEN_FIELDS}
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
        if self.spec_ids is not None:
            padded = padded_id(raw_id)
            return padded if padded is not None and padded in self.spec_ids else None
        if self.table_codes is None:  # once per table, and only for a table with an id not read
            self.table_codes = {rid[:3] for rid in ids if rid is not None} or self.area_codes
        return padded_id(raw_id, self.table_codes)

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
        cells = raw_ids if c == id_col else column_of(body, c)
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


def _invalid_answer(row: str, raw_answer: str, vocabulary: Vocabulary, formula: bool, marked: str) -> str:
    """What is wrong with the answer of *row* (its name before の回答): *marked*, of a row of a column per mark (marked_answer),
    else an answer cell the *vocabulary* does not read."""
    if marked:
        return row + marked
    lookalike = None if formula else LOOKS_LIKE_CIRCLE.get(text(raw_answer).casefold())  # a formula's 0 was not typed
    hint = f"。{lookalike}で、○ ではありません（○ のつもりなら ○ に直してください）" if lookalike else ""
    return (f"{row}の回答「{quoted(raw_answer)}」は回答記号として解釈できません（{vocabulary.examples()} 等）"
            + hint + formula_note(raw_answer, formula))


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


def _read_table(book: Workbook, sheet: Sheet, table: Table, per_mark: MarkRun, vocabulary: Vocabulary,
                answers: list[Answer], lint: list[LintFinding], first_seen: dict[str, str], known: _KnownIds) -> None:
    """Its rows into *answers* and its findings into *lint*; *first_seen* holds each id's first cell in the files.
    *per_mark*: its columns per answer mark (columns_per_mark), read in place of its answer column."""
    cols = columns_read(table)
    marks = per_mark.read
    id_col, ans_col = cols["id"], cols.get("answer", min(per_mark.columns, default=None))  # (marks without an answer label)
    header_cell = sheet.address(table.match.row, id_col)
    if per_mark.unknown:
        lint.append(cut_short_finding(sheet, table, per_mark, vocabulary))
        ans_col = None  # no column of it is read: a row checked in another is no blank to fill
    elif ans_col is None:
        lint.append(LintFinding("error", "no-answer-column", header_cell,
                                f"シート「{sheet.name}」の見出し行（{table.match.row + 1}行目: {table.match.shown_labels()}）に回答の列がありません"
                                + under_answer_label(sheet, table, vocabulary)))
    lint.extend(_ambiguous(sheet, table, cols, per_mark, vocabulary))
    if marks:  # never silent: the office sees which columns gave the answers
        lint.append(LintFinding("info", "mark-columns", sheet.address(table.match.row, min(marks)),
                                f"シート「{sheet.name}」の見出し（{table.match.row + 1}行目）の記号ごとの列"
                                f"（{shown_columns(sheet, marks, sorted(marks), LISTED)}）の印を回答として読みました"
                                "（行ごとに、印を付けた列の記号が回答です）"))
    # Column by column: each step is one comprehension or one C call over the whole column,
    # which keeps a large sheet close to the cost of reading its cells (benchmarks/RESULTS.md).
    start, raw_ids, ids = table.start, table.raw_ids, table.ids
    body = sheet.rows[start:start + len(ids)]
    # the cells answers are read from: the answer column's, or each column per mark's
    read = {c: written_all(column_of(body, c)) for c in (marks or ([] if ans_col is None else [ans_col]))}
    # the vendor's own words, as written (semantics.md §2): a committee reads its 「①から③の順に～（別紙）」, not NFKC's
    # 「1から3の順に~(別紙)」
    timing, alternative, comment, name = (written_all(column_of(body, cols.get(k)))
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
    read_across: dict[int, MarkCell] = {}  # the rows read from a merge across columns per mark: its cell
    if marks:
        # a row's answer is the mark of the column its check is in (marked_answer); a row without one is blank at its first
        # column, or at its first cell a merge covers (the blank is the merge's). *at*: the column of each row's cell
        answered = {c: vocabulary.classify_all(read[c]) for c in marks}
        checks = {c: CHECKS.classify_all(read[c]) for c in marks}
        per_column = [(c, mark, vocabulary.classify(mark)) for c, mark in marks.items()]
        marks_of = {cls: mark for _, mark, cls in reversed(per_column)}
        across = merged_across(sheet, start, len(ids), marks, read, vocabulary)
        rows = [marked_answer([across.get((start + i, c))
                         or MarkCell(c, mark, read[c][i], answered[c][i] == cls, answered[c][i], checks[c][i],
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
    if not marks and ans_col is not None and (codes := own_codes(sheet, table, ans_col, raw_answers, classes, counted, vocabulary)):
        lint.append(codes)
    # Findings concern a few rows; find them with whole-column scans, then report in row order.
    # the rows whose id came before (in this table, an earlier one or an earlier file): each id's first row is counted
    repeated = [i for i, (rid, c) in enumerate(zip(counted, id_cells))
                if rid is not None and first_seen.setdefault(rid, c) != c]
    # the rows whose id cannot be read and whose answer is lost: not a row without id, or with a hint for one
    # (（半角数字7桁）, not ※0230101: a requirement's row), and without an answer mark (a legend 「○／△／×／－」 or
    # 「プルダウンから選択」 under the header, a note below the table), nor a row of a legend (記号の意味 | ○ | 標準機能で対応)
    legend = legend_rows(body, ids)
    hidden_at = _hidden_in(start, len(ids), sheet.hidden_rows)
    unread = {i for i, (rid, raw) in enumerate(zip(ids, raw_answers)) if rid is None and raw and i not in examples
              and i not in legend
              and (classes[i] != "invalid" or (raw_id := text(raw_ids[i])) and not is_hint(header(raw_id)))}
    notable = sorted(unread
                     | examples.keys()
                     | set(hidden_at)
                     | {i for i, a in enumerate(classes) if a == "invalid" or (a == "blank" and ans_col is not None)}
                     | set(repeated)
                     | {i for i, _ in hidden}
                     | read_across.keys())
    hidden_runs = _hidden_runs(counted, unread, hidden_at)
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


def _hidden_in(start: int, count: int, hidden: frozenset[int]) -> list[int]:
    """The indexes of the *count* rows of a table from row *start* that are *hidden*, in order: of the fewer of the two,
    the table's rows or the sheet's hidden rows, each looked up in the other (most sheets hide none or a few rows; a
    sheet hiding every row and repeating its header every other row stays linear)."""
    if len(hidden) < count:
        rows = range(start, start + count)
        return sorted(r - start for r in hidden if r in rows)
    return [i for i in range(count) if start + i in hidden]


def _hidden_runs(ids: list[str | None], unread: set[int], hidden_at: list[int]) -> dict[int, list[int]]:
    """The table's hidden rows (*hidden_at*, _hidden_in) with an id or with an id not read (*unread*: the row to fix),
    in blocks of adjacent hidden rows, keyed by each block's first row.

    A vendor hides a whole section at once; one warning per block keeps the list readable."""
    runs: dict[int, list[int]] = {}
    run: list[int] = []
    previous = -2
    for i in hidden_at:
        if run and previous != i - 1:
            run = []
        previous = i
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
                      "回答以外の行（コピーの繰り返しなど）を削除して保存し直してください。" + raise_hint("HYOJUN_MAX_ANSWER_ROWS"))


def _refuse_own_output(book: Workbook) -> None:
    """One of hyojun's Excel or CSV outputs, picked up with the answers (--out was the answers' folder): checked as
    a vendor, an earlier check's made a phantom one (or, compare's, an error about its answer column)."""
    if own := own_output(book):
        what, sheet = own
        raise InputError(f"{book.path}: hyojun が出力した{what}（シート「{sheet}」）です。ベンダの回答ファイルでは"
                         "ありません（以前の出力が回答ファイルと同じフォルダにないか確かめてください）")


def _other_areas(sheets: list[tuple[Sheet, HeaderMatch, list[Table]]], area: str, spec_ids: Collection[str],
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

    def areas_in(tables: list[Table]) -> Counter[str]:
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
    others = {a.id[:3] for a in answers} - set(catalog.codes_of(area))
    if others:  # (rare) the codes of its spec's ids too: gathering them for every sheet cost ~2 % of a check
        others -= set(catalog.codes_of(area, spec_ids))
    if not others:
        return {}
    whose = {code: catalog.whose_code(code) for code in others}
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
        if version := declared_version(reading.titles[first_title:]) or version_in_file_name(file):
            versions[book.file_name] = version
        file_titled = vendors_in_titles(reading.titles[first_title:])
        titled += file_titled
        if names := [*reading.own[first_own:], *file_titled]:
            vendors[book.file_name] = names
    own = reading.own
    named_inside = bool(own or titled)
    for file in files:
        # NFKC as every cell: a name a Mac wrote (NFD) is not another vendor's
        if (m := STEM_VENDOR.search(text(file.stem))) and (named := FILE_SUFFIX.sub("", m.group(1))):
            own.append(named)
    own.extend(n for n in titled if not any(o in n or n in o for o in own))  # 架空システムズ株式会社
    vendor = vendor_name or next(iter(own), None)
    if vendor is None and reading.blank_names:  # the form asked for the name: the file's name stands in for it
        reading.lint.append(LintFinding("warning", "vendor-name-blank", reading.blank_names[0], (
            f"ベンダ名の欄（{reading.blank_names[0]}）が空欄です。ベンダ名を記入してください（比較・記録のベンダ名になります。"
            f"空欄のため、ファイル名から「{inline(text(answers_stem(files)))}」としました）")))
    declared = declared_version(reading.titles)
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
    readable: list[tuple[Sheet, HeaderMatch, list[Table]]] = []
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
        readable.append((sheet, match, list(tables_of(sheet, match, from_csv))))
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
        first_answer, first_finding = len(reading.answers), len(lint)
        told: set[int] = set()  # the hidden columns warned about
        for table in sheet_tables:
            tables.append(sheet.address(table.match.row, table.id_col))
            per_mark = columns_per_mark(sheet, table, vocabulary)
            if sheet.hidden_columns:
                lint.extend(_hidden_columns(sheet, table, per_mark.read, told))
            reading.id_rows += len(table.ids) - table.ids.count(None)
            if reading.id_rows > limits.max_answer_rows:
                raise _too_many_rows(book, sheet, reading.id_rows, limits)
            _read_table(book, sheet, table, per_mark, vocabulary, reading.answers, lint, reading.first_seen,
                        _KnownIds(known.spec_ids, known.area_codes))
        # told only when an answer read is of a mark the legend gives another meaning: before the sheet's rows' findings
        if differs := legend_differs(sheet, sheet_tables, vocabulary, reading.answers[first_answer:]):
            lint.insert(first_finding, differs)
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
