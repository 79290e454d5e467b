"""The class a form's word or a legend's meaning names, and the --vocabulary YAML a message shows."""

import pytest

from checker.io.own_marks import define_hint, legend_pairs, meaning_class
from checker.normalize import DEFAULT_VOCABULARY, Vocabulary, text


@pytest.mark.parametrize("meaning, cls", [
    ("パッケージ標準機能で対応", "yes"), ("パラメータ設定で対応", "yes"), ("標準", "yes"), ("オプション", "yes"),
    ("カスタマイズで対応（有償）", "partial"), ("代替案・運用で対応", "partial"), ("代替運用", "partial"),
    ("対応不可", "no"), ("否", "no"), ("移行後に対応", "planned"), ("対象外", "na"),
    ("対応不可（代替案あり）", None), ("標準機能＋カスタマイズ", None),  # two classes
    ("対応予定なし", None), ("カスタマイズ不要", None),  # denied
    ("A", None), ("可", None),  # no word: 可 is one character, in too many words
    ("NOTE参照", None),  # nor an ASCII word (NO)
    ("代替", "partial"), ("予定", "planned"), ("対応", "yes"),  # words of two characters; 対応 alone
    ("設定変更", "yes"), ("ｶｽﾀﾏｲｽﾞで対応", "partial"),
    ("対応できない", None), ("カスタマイズ無し", None),
])
def test_a_meaning_names_the_class_of_its_longest_words(meaning, cls):
    assert meaning_class(meaning, DEFAULT_VOCABULARY) == cls


@pytest.mark.parametrize("words, meaning, cls", [
    ({"no": ("提供 不可",)}, "提供不可", "no"),  # compared without spaces, as the meaning
    ({"yes": ("運用",)}, "運用で対応", "yes"),  # the vocabulary's class, not _MEANING_WORDS'
    ({"yes": ("標準",), "no": ("標準外",)}, "標準外", "no"),  # the word found inside a longer one not counted
])
def test_a_vocabulary_of_its_own_names_the_classes(words, meaning, cls):
    assert meaning_class(meaning, Vocabulary(words)) == cls


def test_the_yaml_shown_groups_the_words_by_class_and_quotes_what_yaml_would_misread():
    hint = define_hint({"標準": "yes", "A": None, "代替運用": "partial", "true": None, "1:2": "no"})
    assert hint.startswith('--vocabulary の YAML（mode: extend と、answers: の下に yes: [標準, A, "true"]、partial: [代替運用]、'
                           'no: ["1:2"] のように）で区分を定義してください')
    hint = define_hint({"否": "no", "True": None, "NULL": "partial", "標準:可": "yes", **{f"語{i}": "yes" for i in range(6)}})
    assert hint.startswith('--vocabulary の YAML（mode: extend と、answers: の下に yes: ["True", "標準:可", 語0, 語1, 語2, 語3]、'
                           'partial: ["NULL"]、no: [否] のように）')  # in the classes' order, the first eight words


@pytest.mark.parametrize("row, pairs", [
    (["凡例　◎：標準機能で対応　○：カスタマイズで対応"], [(0, "◎", "標準機能で対応"), (0, "○", "カスタマイズで対応")]),
    (["凡例：◎ 標準機能　× 対応不可"], [(0, "◎", "標準機能"), (0, "×", "対応不可")]),
    (["", "記号の意味", "○", "標準機能で対応"], [(2, "○", "標準機能で対応")]),
    (["× の場合は対応時期を記入"], []), (["対応状況（◎・○・△・×）"], []), (["○", "△"], []),
    (["○", "", "標準機能で対応"], [(0, "○", "標準機能で対応")]),  # the next cell filled
    (["凡例", "○"], []), (["標準機能で対応", "", "○", ""], []),  # a mark in the last cell filled has no meaning
    (["◎=標準、✕ 対応不可/▲：一部対応"], [(0, "◎", "標準"), (0, "✕", "対応不可"), (0, "▲", "一部対応")]),
    (["該当欄に○ 印を記入"], []), (["○ を記入、× で回答"], []),  # a mark inside a sentence, or before a particle
])
def test_a_legend_row_gives_its_marks_meanings(row, pairs):
    assert legend_pairs([text(v) for v in row]) == pairs
