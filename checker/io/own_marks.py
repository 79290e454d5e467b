"""A form's own marks and words, which the answer vocabulary may lack or read otherwise: the class a word of it names
(標準, カスタマイズで対応), and how a message tells the office to define them with --vocabulary."""

from __future__ import annotations

import functools
import json
import re

from ..normalize import ANSWER_LABELS, ANSWERS, AnswerClass, Vocabulary, header

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
