import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.normalize import (DEFAULT_ANSWER_WORDS, DEFAULT_VOCABULARY, Vocabulary, find_version, parse_class, parse_id,
                               parse_ids, plain, quoted, sub_as_read, text, texts, version_arg, version_key, written,
                               written_all)


@pytest.mark.parametrize("value, expected", [
    ("0230265", "0230265"), ("０２３０２６５", "0230265"), (" 0230265\u3000", "0230265"), ("023-0265", "0230265"),
    ("023_0265", "0230265"), ("023‐0265", "0230265"), (230265, "0230265"), (230265.0, "0230265"),
    ("023−0265", "0230265"), ("023ー0265", "0230265"), ("023―0265", "0230265"),  # as Japanese input methods type a hyphen
    ("230265", None),  # text cells in a workbook are not padded
    ("【帳票要件】", None), ("02302651", None), ("", None), (None, None), (230265.5, None), (True, None),
    ("'0230265", None), ('="0230265"', None),  # the CSV idioms for text are not ids in a workbook cell
])
def test_parse_id_workbook(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("230265", "0230265"), ("230265.0", "0230265"), ("0230265", "0230265"), ("1", "0000001"), ("abc", None),
    # Excel users keep leading zeros in a CSV as '0230265 or ="0230265"; marked as text, so never padded
    ("'0230265", "0230265"), ('="0230265"', "0230265"), ('="023-0265"', "0230265"), ("＇０２３０２６５", "0230265"),
    ("'230265", None), ('="230265"', None), ("'0230265'", None), ("=0230265", None), ('="0230265', None),
])
def test_parse_id_csv(value, expected):
    assert parse_id(value, from_csv=True) == expected


@given(st.integers(min_value=0, max_value=9_999_999))
def test_numeric_ids_round_trip(n):
    as_id = parse_id(n)
    assert as_id == f"{n:07d}" and int(as_id) == n
    assert parse_id(float(n)) == as_id
    assert parse_id(str(n), from_csv=True) == as_id


@given(st.text(alphabet="0123456789", min_size=7, max_size=7), st.sampled_from(["", " ", "\u3000", "-"]))
def test_text_ids_survive_width_and_separators(digits, sep):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in digits)  # full-width digits
    assert parse_id(wide[:3] + sep + wide[3:]) == digits


@given(st.text())
def test_parse_id_is_seven_digits_or_none(s):
    r = parse_id(s)
    assert r is None or (len(r) == 7 and r.isdigit() and r.isascii())


@pytest.mark.parametrize("word, cls", [
    ("実装必須機能", "mandatory"), ("実装すべき機能", "mandatory"), ("必須", "mandatory"),
    ("標準オプション機能", "optional"), ("実装してもしなくても良い機能", "optional"),
    ("実装不可機能", "prohibited"), ("実装しない機能", "prohibited"), (" 実装不可 ", "prohibited"),
    ("推奨", None), ("", None),
])
def test_parse_class(word, cls):
    assert parse_class(word) == cls


# semantics.md §2, the table of answer marks, copied by hand: the default vocabulary is checked against the contract,
# not against itself. The look-alike dashes as code points: ― U+2015, ‐ U+2010, — U+2014, − U+2212, – U+2013.
SEMANTICS_MARKS = {
    "yes": "○ 〇 ◯ ◎ 対応 対応可 標準対応 実装済 可 有 Y YES はい",
    "partial": "△ ▲ 一部対応 代替 代替案 運用対応 カスタマイズ 要カスタマイズ",
    "planned": "予定 対応予定 移行後 移行後対応 経過措置 次期 次期対応",
    "no": "× ✕ ✖ ☓ X 非対応 対応不可 不可 無 N NO いいえ 未対応",
    "na": "- － \u2015 ー \u2010 \u2014 \u2212 \u2013 対象外 該当なし 非該当 N/A NA",
}


@pytest.mark.parametrize("mark, cls", [(m, c) for c, marks in SEMANTICS_MARKS.items() for m in marks.split()])
def test_each_mark_of_the_semantics_table_is_its_class(mark, cls):
    assert DEFAULT_VOCABULARY.classify(mark) == cls
    assert DEFAULT_VOCABULARY.classify(f" {mark}\u3000") == cls


def test_the_default_vocabulary_is_the_semantics_table():
    assert {c: sorted(m) for c, m in DEFAULT_ANSWER_WORDS.items()} == {c: sorted(m.split()) for c, m in SEMANTICS_MARKS.items()}


@pytest.mark.parametrize("raw, expected", [
    ("未対応", "no"), ("対応", "yes"), ("yes", "yes"), ("Ｙｅｓ", "yes"), ("n/a", "na"), ("－", "na"),
    ("\u2212", "na"), ("\u2013", "na"), ("\u2012", "invalid"),  # the minus a Mac types for －, an en dash; a figure dash
    ("要確認", "invalid"), ("?", "invalid"), ("○×", "invalid"), ("", "blank"), ("\u3000 ", "blank"), (None, "blank"),
])
def test_answer_whole_cell_match(raw, expected):
    assert DEFAULT_VOCABULARY.classify(raw) == expected


@given(st.text())
def test_classify_is_total_and_nfkc_stable(s):
    a = DEFAULT_VOCABULARY.classify(s)
    assert a in ("yes", "partial", "planned", "no", "na", "blank", "invalid")
    assert DEFAULT_VOCABULARY.classify(unicodedata.normalize("NFKC", s)) == a


def test_look_alike_dashes_are_written_as_code_points_in_messages():
    # 「‒」 beside the example 「－」 read as if the message contradicted itself
    assert quoted("\u2012") == "<U+2012>" and quoted("0230\u2212101") == "0230<U+2212>101"
    assert quoted("－-ー〜") == "－-ー〜"  # the marks shown as examples, the long vowel of words, a wave dash


@pytest.mark.parametrize("selector", ["\ufe0f", "\ufe0e", "\ufe00"])
def test_a_variation_selector_does_not_change_a_mark_and_is_written_as_its_code_point(selector):
    # ✖️ (U+2716 U+FE0F) from an emoji palette was 回答不正 and quoted as the valid 「✖」
    assert [DEFAULT_VOCABULARY.classify(f"{mark}{selector}") for mark in ("✖", "○", "ｙｅｓ", "－")] == ["no", "yes", "yes", "na"]
    assert DEFAULT_VOCABULARY.classify(selector) == "invalid"  # nothing but the selector: no mark (and not blank)
    assert quoted(f"✖{selector}?") == f"✖<U+{ord(selector):04X}>?"
    with pytest.raises(InputError):  # one mark, as answer cells are compared
        Vocabulary.from_mapping({"yes": ["済"], "no": [f"済{selector}"]}, replace=True, source="v.yaml")


def test_vocabulary_extend_and_replace():
    extended = Vocabulary.from_mapping({"partial": ["要確認"], "yes": ["済"]}, replace=False, source="v.yaml")
    assert extended.classify("要確認") == "partial" and extended.classify("済") == "yes"
    assert extended.classify("○") == "yes"
    moved = Vocabulary.from_mapping({"no": ["可"]}, replace=False, source="v.yaml")  # a mark given for a class wins
    assert moved.classify("可") == "no"
    replaced = Vocabulary.from_mapping({"yes": ["A"], "no": ["C"]}, replace=True, source="v.yaml")
    assert replaced.classify("a") == "yes" and replaced.classify("○") == "invalid"


@pytest.mark.parametrize("replace", [False, True])
def test_vocabulary_refuses_a_mark_under_two_classes(replace):
    with pytest.raises(InputError) as err:
        Vocabulary.from_mapping({"yes": ["済", "対応済"], "no": ["済"]}, replace=replace, source="v4.yaml")
    assert err.value.message.startswith("v4.yaml: 同じ回答記号が 2 つの区分にある")
    assert err.value.details == ["「済」: yes（対応）と no（非対応）の両方にあります"]
    # compared as the classifier compares marks: ＯＫ (full width) and ok are the same mark
    with pytest.raises(InputError) as err:
        Vocabulary.from_mapping({"partial": ["ＯＫ"], "na": ["不要"], "planned": ["ok", "不要"]}, replace=replace,
                                source="v.yaml")
    assert err.value.details == ["「ＯＫ」と「ok」（同じ記号として読みます）: partial（一部対応・代替）と planned（移行後対応）の両方にあります",
                                 "「不要」: na（対象外）と planned（移行後対応）の両方にあります"]


def test_vocabulary_allows_a_mark_repeated_in_one_class_and_a_default_moved():
    vocab = Vocabulary.from_mapping({"yes": ["済", "済"], "no": ["可", "○"]}, replace=False, source="v.yaml")
    assert vocab.classify("済") == "yes" and vocab.classify("可") == "no" and vocab.classify("○") == "no"
    assert vocab.classify("〇") == "yes"  # the other default marks of yes stay


def test_text_and_versions():
    assert text(12.0) == "12" and text("（※）") == "(※)"
    assert find_version("介護保険システム標準仕様書【第６．０版】") == "第6.0版"
    assert find_version("住民記録_第1.1版_機能要件") == "第1.1版" and find_version("初版") is None
    assert find_version("介護保険 機能要件 R6.4版") is None and find_version("R6.4版", ver=True) is None  # 令和6年4月, not 第6.4版
    # as --version accepts them: 第6版, 6.0版, and Ver.6.0 where asked (a vendor's title may give its own Ver.)
    assert find_version("【第6版】") == find_version("機能要件_6.0版") == find_version("Ver.6.0", ver=True) == "第6.0版"
    assert find_version("Ver.6.0") is None and find_version("令和6年度版") is None and find_version("項番2.1.3版") is None
    # an edition named for its month (2026年1月版) is no version: as 第2026.1版 it sorted above every real one
    assert find_version("機能要件一覧（2026.1版）") is None and find_version("Ver.2026.1", ver=True) is None
    assert find_version("2026.1版 機能要件 第6.0版") == "第6.0版"
    # nor when typed: --version 2026.1 stored 第2026.1版, the version --spec AREA then chose
    assert version_arg("2026.1") is None and version_arg("Ver.2026.1") is None and version_arg("v6.1") == "第6.1版"
    assert find_version("※第5.0版からの変更（Ver.6.0）", ver=True) == "第5.0版"  # the first written
    assert sorted(["第10.0版", "第9.1版", "第1.0版"], key=version_key) == ["第1.0版", "第9.1版", "第10.0版"]


# cells as the readers hand them over: text (with combining marks, separators, width variants),
# numbers, booleans and empty cells
_CELL = st.one_of(st.none(), st.just(""), st.floats(allow_nan=False), st.integers(), st.booleans(),
                  st.text(), st.text(alphabet="\x1f\u0301\u3099ｶﾞＡ１ \u3000ａ日", max_size=6))


@given(st.lists(_CELL, max_size=12))
def test_texts_is_text_of_each_cell(values):
    assert texts(values) == [text(v) for v in values]


@given(st.lists(_CELL, max_size=12))
def test_written_all_is_written_of_each_cell(values):
    assert written_all(values) == [written(v) for v in values]


def test_written_keeps_what_nfkc_would_fold():
    assert written("　①から③の順に～（別紙）　") == "①から③の順に～（別紙）"
    assert text("①から③の順に～（別紙）") == "1から3の順に~(別紙)"


def _bracketed(m: re.Match[str], as_written: str) -> str:
    return f"[{as_written}]"


@pytest.mark.parametrize("pattern, s, replaced", [
    ("ABC", "ＡＢＣの①（別紙）", "[ＡＢＣ]の①（別紙）"),  # matched as read, the rest kept as written
    (r"\(株\)", "㈱と（株）と(株)", "[㈱]と[（株）]と[(株)]"),
    ("ガイア", "ｶﾞｲｱとガイアとか\u3099いあ", "[ｶﾞｲｱ]と[ガイア]とか\u3099いあ"),  # ｶﾞ reads ガ
    ("株", "㈱の", "[㈱]の"),  # a match inside what one character reads as covers the character
    ("ABC", "ＸＹＺの①", "ＸＹＺの①"), ("ABC", "ABCの1", "[ABC]の1"), ("ABC", "", ""),
])
def test_sub_as_read_matches_as_nfkc_reads_and_replaces_as_written(pattern, s, replaced):
    assert sub_as_read(re.compile(pattern), _bracketed, s) == replaced


@given(st.text(alphabet="ＡAB㈱（株)ｶﾞ\u3099①1 \u3000", max_size=12))
def test_sub_as_read_finds_what_nfkc_reads_and_hands_over_the_characters_written(s):
    pattern = re.compile("A+|株|ガ|1")
    seen: list[tuple[str, str]] = []

    def keep(m: re.Match[str], as_written: str) -> str:
        seen.append((m.group(), as_written))
        return as_written

    assert sub_as_read(pattern, keep, s) == s
    assert [found for found, _ in seen] == pattern.findall(unicodedata.normalize("NFKC", s))
    assert all(found in unicodedata.normalize("NFKC", as_written) for found, as_written in seen)


@given(st.lists(st.text(alphabet="○△×－ -ｰ予定 \u3000", max_size=4), max_size=10))
def test_classify_all_is_classify_of_each(raws):
    assert DEFAULT_VOCABULARY.classify_all(raws) == [DEFAULT_VOCABULARY.classify(r) for r in raws]


@given(st.lists(st.one_of(_CELL, st.floats(min_value=-1, max_value=1e8).map(round).map(float),
                          st.integers(0, 9_999_999).map(lambda n: f"{n:07d}")), max_size=12), st.booleans())
def test_parse_ids_is_parse_id_of_each(values, from_csv):
    assert parse_ids(values, from_csv=from_csv) == [parse_id(v, from_csv=from_csv) for v in values]


@pytest.mark.parametrize("typed, version", [
    ("第6.0版", "第6.0版"), ("6.0", "第6.0版"), ("6.1", "第6.1版"), ("v6.1", "第6.1版"), ("Ver.6.1", "第6.1版"),
    ("ver6.1", "第6.1版"), ("第2版", "第2.0版"), ("第 1 . 1 版", "第1.1版"), ("第１．１版", "第1.1版"), ("10.2", "第10.2版"),
    ("最新", None), ("6.x", None), ("第6.0版です", None), ("", None),
])
def test_a_version_as_typed_on_the_command_line(typed, version):
    assert version_arg(typed) == version


@pytest.mark.parametrize("value, shown", [
    (dt.date(2027, 4, 1), "2027/4/1"), (dt.datetime(2027, 4, 1), "2027/4/1"), (dt.datetime(2027, 4, 1, 9, 30), "2027/4/1 9:30"),
    (dt.time(9, 30, 15), "9:30:15"), (dt.time(9, 5), "9:05"), (dt.datetime(2027, 4, 1, 9, 5, 7), "2027/4/1 9:05:07"),
    (True, "TRUE"), (False, "FALSE"), (3.0, "3"), (0.5, "0.5")])
def test_a_cell_as_japanese_excel_shows_it(value, shown):
    """A 対応時期 typed as a date was reported as 2027-04-01 and TRUE as True: neither is what the vendor saw."""
    assert plain(value) == shown


@pytest.mark.parametrize("raw, found", [
    ("(0230108)", "0230108"),
    ("[0230108]", "0230108"),
    ("【0230108】", "0230108"),
    ("〔0230108〕", "0230108"),
    ("〈0230108〉", "0230108"),
    ("<0230108>", "0230108"),  # ＜0230108＞ after NFKC
    ("※0230107", "0230107"),
    ("第(0230108)", None),  # brackets inside other text: not an id in brackets
])
def test_the_id_a_cell_most_likely_meant_is_found_inside_marks_and_enclosing_brackets(raw, found):
    from checker.normalize import unmarked_id

    assert unmarked_id(raw) == found
