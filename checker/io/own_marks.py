"""A form's own marks and words, which the answer vocabulary may lack or read otherwise: the class a word of it names
(標準, カスタマイズで対応), a table's answers in its own codes and a legend's other meanings, and how a message tells the
office to define them with --vocabulary."""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from itertools import compress
from operator import not_
from typing import Any

from ..model import Answer, LintFinding
from ..normalize import ANSWER_LABELS, ANSWERS, AnswerClass, Vocabulary, answer_key, header, quoted, text, written
from .answer_table import SENTENCE, Table
from .headers import LEGEND_START, shown_columns
from .workbook import Sheet

# Words of a form's columns and legends that no default answer mark is: 標準 (標準機能で対応, パッケージ標準) and
# オプション (offered as an option) are 対応, パラメータ設定 too, 運用 (運用で対応) 一部対応・代替, 否 (可 | 否) 非対応.
_MEANING_WORDS: dict[str, AnswerClass] = {"標準": "yes", "オプション": "yes", "パラメータ": "yes", "設定": "yes",
                                          "運用": "partial", "否": "no"}
# The verb of most meanings (カスタマイズで対応, 標準機能で対応): its class only when the meaning says nothing else
_GENERIC = "対応"
# A meaning that denies its words (対応予定なし, カスタマイズ不要, 対応しない): of no class it could be told by
_NEGATION = re.compile(r"なし|無し|不要|しない|できない")
# A word YAML reads as it is in a flow sequence ([標準, オプション]): else it is written in quotes
_PLAIN_YAML = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:,\[\]{}#]*")


def meaning_class(meaning: str, vocabulary: Vocabulary) -> AnswerClass | None:
    """The class a form's word or a legend's meaning names (カスタマイズで対応: partial, 対応不可: no, 標準機能: yes), by
    the words of *vocabulary* (of two characters or more, not ASCII: Y, 可 and NO are in too many words) and
    _MEANING_WORDS it holds, a word inside a longer one found not counted (不可 in 対応不可), 対応 only alone; None when
    they name no class or two (対応不可（代替案あり）), or it denies them (対応予定なし)."""
    key = header(meaning)
    if _NEGATION.search(key):
        return None
    words = _meaning_words(tuple(vocabulary.words.items()))
    found = [w for w in words if w in key]
    found = [w for w in found if not any(w != longer and w in longer for longer in found)]
    if len(found) > 1 and _GENERIC in found:
        found.remove(_GENERIC)
    classes = {words[w] for w in found}
    return classes.pop() if len(classes) == 1 else None


@functools.cache
def _meaning_words(vocabulary: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, AnswerClass]:
    """The words meaning_class looks for, of a *vocabulary* (its words per class, Vocabulary.words): made once, not for
    each of a legend's thousands of meanings."""
    per_class = dict(vocabulary)
    words = {header(w): cls for cls in ANSWERS for w in per_class.get(cls, ()) if len(w) > 1 and not w.isascii()}
    return {**_MEANING_WORDS, **words}


_SHOWN_WORDS = 8  # of a form's words, the example names the first (a hostile sheet has 16,384 columns)


def define_hint(words: dict[str, AnswerClass | None]) -> str:
    """How to define *words* (each with its class, None when not known: the example says yes) with --vocabulary, as a
    message says it: --vocabulary の YAML（mode: extend と、answers: の下に yes: [標準, オプション]）… (the first
    _SHOWN_WORDS words)."""
    by_class: dict[AnswerClass, list[str]] = {}
    for word, cls in list(words.items())[:_SHOWN_WORDS]:
        by_class.setdefault(cls or "yes", []).append(word if _PLAIN_YAML.fullmatch(word) and word.lower() not in (
            "true", "false", "null") else json.dumps(word, ensure_ascii=False))
    lines = "、".join(f"{cls}: [{', '.join(ws)}]" for cls in ANSWERS if (ws := by_class.get(cls)))
    classes = "・".join(f"{cls}（{ANSWER_LABELS[cls]}）" for cls in ANSWERS)
    return (f"--vocabulary の YAML（mode: extend と、answers: の下に {lines} のように）で区分を定義してください"
            f"（区分は様式の凡例のとおりに {classes} から。README「--vocabulary」）")


# The marks a legend gives a meaning to: ◎：パッケージ標準機能で対応　○：カスタマイズで対応 in a cell (after NFKC ： is :,
# the ideographic space a space), or ○ | 標準機能で対応 in two. After a mark, a colon or a space, then the meaning up to
# the next space or mark; not a particle (「× の場合は対応時期を記入」 says no meaning of ×).
_LEGEND_MARKS = "◎○〇◯△▲×✕✖☓"
_IN_CELL = re.compile(rf"(?:^|(?<=[\s、,/:(\[【]))([{_LEGEND_MARKS}])(?:\s*[:=]\s*|\s+)(?![はがのをにともでや])"
                      rf"([^\s{_LEGEND_MARKS}、,/]+)")


def legend_pairs(row: list[str]) -> list[tuple[int, str, str]]:
    """The marks a row of a legend (its cells' texts) gives a meaning, as (column, mark, meaning): in a cell (◎：標準機能で
    対応　○：カスタマイズで対応), or a cell of a mark alone and its meaning in the next cell filled (○ | 標準機能で対応)."""
    pairs = []
    after = [""] * len(row)  # per cell, the next cell filled right of it, in one pass: a row may hold 16,384 marks
    for c in range(len(row) - 1, 0, -1):
        after[c - 1] = row[c] or after[c]
    for c, value in enumerate(row):
        if len(value) == 1 and value in _LEGEND_MARKS:
            meaning = after[c]
            if meaning and not (len(meaning) == 1 and meaning in _LEGEND_MARKS):
                pairs.append((c, value, meaning))
        else:
            pairs += [(c, m.group(1), m.group(2)) for m in _IN_CELL.finditer(value)]
    return pairs


# Marks that look like ○ on screen but are a letter or a digit (a sheet typed on a half-width keyboard): not
# read as 対応 (semantics.md §2 has X for × but no O), so the message says what the cell holds
LOOKS_LIKE_CIRCLE = {"o": "英字の「O」", "0": "数字の「0」"}


# The invalid answers of a table that look like a form's own codes (A–E, 1–4, パッケージ標準): this many rows at least,
# half its rows answered or more, of this many values at most
_OWN_CODE_ROWS, _OWN_CODES = 5, 8


def own_codes(sheet: Sheet, table: Table, ans_col: int, raw_answers: list[str], classes: list[AnswerClass],
               ids: list[str | None], vocabulary: Vocabulary) -> LintFinding | None:
    """A warning when the invalid answers of a table's rows with an id (*ids*) are many and of a few values, short and
    typed (no formula, no O or 0 for ○): the codes of the municipality's own form, which --vocabulary defines, not
    the vendor's slips. Each row is an invalid-answer sent back to the vendor, who followed the form."""
    if classes.count("invalid") < _OWN_CODE_ROWS:  # nearly every sheet: no row is looked at
        return None
    answered = [i for i, (rid, cls) in enumerate(zip(ids, classes)) if rid is not None and cls != "blank"]
    codes = Counter(raw_answers[i] for i in answered if classes[i] == "invalid" and len(raw_answers[i]) < SENTENCE
                    and (table.start + i, ans_col) not in sheet.formulas
                    and text(raw_answers[i]).casefold() not in LOOKS_LIKE_CIRCLE)
    rows = sum(codes.values())
    if rows < _OWN_CODE_ROWS or rows * 2 < len(answered) or len(codes) > _OWN_CODES:
        return None
    ordered = sorted(codes)
    shown = "・".join(f"「{quoted(code)}」{codes[code]:,} 行" for code in ordered)
    return LintFinding("warning", "own-codes", sheet.address(table.match.row, ans_col), (
        f"シート「{sheet.name}」の {shown_columns(sheet, table.match.labels, [ans_col])}の回答 {len(answered):,} 行のうち "
        f"{rows:,} 行が、回答記号の定義にない {len(codes)} 種類の値（{shown}）です。様式で決めた記号（凡例・記入要領の記号）なら、"
        f"ベンダに直してもらうのではなく、{define_hint({code: meaning_class(code, vocabulary) for code in ordered})}"))


def legend_differs(sheet: Sheet, tables: list[Table], vocabulary: Vocabulary,
                   answers: Sequence[Answer]) -> LintFinding | None:
    """A warning when a legend gives a mark a meaning of another class than the vocabulary's (○：カスタマイズで対応, where
    ○ reads 対応) and an answer of the sheet's tables (*answers*, as read) is that mark: the marks are read as the
    vocabulary says, the form's own meaning said nowhere; with no answer of such a mark, none is read otherwise. Once
    per sheet, at the first such legend's cell, with how many rows each such mark answers. A legend above the sheet's
    first table, or below a table's rows with an id past a blank row or as a legend block (legend_rows): a row right
    below the last one is as likely an answer whose id is missing (| × | 対応予定なし: a mark and a comment)."""
    rows = list(range(tables[0].match.top))
    for t in tables:
        body = sheet.rows[t.start:t.start + len(t.ids)]
        legend, apart = legend_rows(body, t.ids), False
        for i in range(next((i for i in range(len(t.ids) - 1, -1, -1) if t.ids[i]), -1) + 1, len(t.ids)):  # below the last id
            apart = apart or not any(map(text, body[i]))
            if apart or i in legend:
                rows.append(t.start + i)
    differ: dict[str, tuple[str, AnswerClass, tuple[int, int]]] = {}  # mark → its meaning and class, and the cell
    for r in rows:
        for c, mark, meaning in legend_pairs([text(v) for v in sheet.rows[r]]):
            if (meant := meaning_class(meaning, vocabulary)) and vocabulary.classify(mark) not in ("blank", "invalid", meant):
                differ.setdefault(mark, (meaning, meant, (r, c)))
    if not differ:  # nearly every sheet: no answer is looked at
        return None
    keys = {answer_key(mark): mark for mark in differ}
    used: Counter[str] = Counter()
    # each value once (a sheet holds a few): the mark of a column per mark's row, else the answer as written
    for value, n in Counter(a.mark or a.raw_answer for a in answers).items():
        if used_mark := keys.get(answer_key(value)):
            used[used_mark] += n
    if not used:
        return None
    (r, c) = next(iter(differ.values()))[2]
    said = "、".join(f"「{mark}」は「{quoted(meaning)}」（{ANSWER_LABELS[cls]}）" for mark, (meaning, cls, _) in differ.items())
    read = "、".join(f"{mark} を{ANSWER_LABELS[vocabulary.classify(mark)]}" for mark in differ)
    counted = "、".join(f"「{mark}」の {used[mark]:,} 行" for mark in differ if mark in used)
    cell = written(sheet.rows[r][c])
    shown = f"「{quoted(cell)}」" if len(cell) > 1 else ""  # a legend in one cell, not a mark's beside its meaning's
    return LintFinding("warning", "legend-differs", sheet.address(r, c), (
        f"凡例（{sheet.address(r, c)}{shown}）では{said}ですが、回答記号の定義では {read}と読みます（その読み方で{counted}を"
        f"チェックしました）。凡例どおりに読むには、{define_hint({m: cls for m, (_, cls, _) in differ.items()})}"))


def legend_rows(body: list[list[Any]], ids: list[str | None]) -> set[int]:
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
