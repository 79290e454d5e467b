"""Spec diff: the 住民記録 第1.0版 → 第1.1版 sample pair against its truth, and the matching rules."""

from __future__ import annotations

import dataclasses

import pytest

from checker.analysis.specdiff import (CHANGE_KINDS, RENUMBER_THRESHOLD, Segment, char_diff, diff, place_label,
                                      similarity)
from checker.model import Requirement, Spec
from checker.normalize import parse_class, text
from checker.report.specdiff_json import diff_dict
from checker.report.specdiff_view import segments_text
from checker.schemas import validate


def _positions(spec: Spec) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(spec.requirements)}


def test_sample_pair_agrees_with_changes_json(v10: Spec, v11: Spec, truth: dict) -> None:
    d = diff(v10, v11)
    assert [r.id for r in d.added] == [a["id"] for a in truth["added"]]
    assert [r.id for r in d.removed] == [a["id"] for a in truth["removed"]]
    assert [c.id for c in d.text_changed] == [a["id"] for a in truth["text_changed"]]
    assert [(c.id, c.from_cls, c.to_cls) for c in d.class_changed] == [
        (a["id"], a["from"], a["to"]) for a in truth["class_changed"]]
    assert d.unchanged == truth["counts"]["unchanged"]
    # The pair has no renumbering and no move: nothing may be flagged.
    assert d.renumbered == ()
    assert d.moved == ()


def test_legacy_class_words_are_not_a_class_change(v10: Spec, v11: Spec) -> None:
    # 第1.0版 writes 実装すべき機能 etc.; 第1.1版 writes 実装必須機能: same classes after normalising.
    d = diff(v10, v11)
    assert parse_class("実装すべき機能") == parse_class("実装必須機能") == "mandatory"
    changed = {c.id for c in d.class_changed}
    kept = [r.id for r in v11.requirements if r.id in v10.by_id()]
    assert len(kept) == 192 and len(changed) == 6
    assert all(v10.by_id()[i].cls == v11.by_id()[i].cls for i in kept if i not in changed)


def test_lists_are_in_spec_order_not_id_order(v10: Spec, v11: Spec, truth: dict) -> None:
    d = diff(v10, v11)
    new_pos, old_pos = _positions(v11), _positions(v10)
    for items in (d.added, [c.new for c in d.text_changed], [c.new for c in d.class_changed]):
        positions = [new_pos[r.id] for r in items]
        assert positions == sorted(positions)
    assert [old_pos[r.id] for r in d.removed] == sorted(old_pos[r.id] for r in d.removed)
    # Added requirements sit inside their sections (right after the id the truth names), not at the end.
    order = [r.id for r in v11.requirements]
    for a in truth["added"]:
        assert order[order.index(a["id"]) - 1] == a["inserted_after"] or a["inserted_after"] in [
            x["id"] for x in truth["added"]]


def test_optional_to_mandatory_is_flagged(v10: Spec, v11: Spec, truth: dict) -> None:
    d = diff(v10, v11)
    flagged = [c.id for c in d.class_changed if c.becomes_mandatory]
    assert flagged == [a["id"] for a in truth["class_changed"] if (a["from"], a["to"]) == ("optional", "mandatory")]
    assert flagged == ["0010003", "0010140", "0010173"]


def test_class_changes_into_prohibited_are_counted_and_summarised() -> None:
    """→実装不可機能 is flagged 要注意 like 標準オプション機能→実装必須機能: the summaries count it too (the walk21 review:
    a diff whose only flagged change was mandatory → prohibited showed no banner and no hint in the summary line)."""
    from checker.report.html import render
    from checker.report.specdiff_view import specdiff_view, summary_text

    old = _spec("第1.0版", _req("0010001", LONG), _req("0010002", LONG + "。", cls="optional"))
    d = diff(old, _spec("第1.1版", _req("0010001", LONG, cls="prohibited"), _req("0010002", LONG + "。", cls="prohibited")))
    assert (d.counts()["class_changed"], d.counts()["optional_to_mandatory"], d.counts()["to_prohibited"]) == (2, 0, 2)
    assert "区分変更 2（うち →実装不可機能 2）、" in summary_text(d.counts())
    assert "区分変更 6（うち 標準オプション機能→実装必須機能 3、→実装不可機能 1）、" in summary_text(
        {**d.counts(), "class_changed": 6, "optional_to_mandatory": 3, "to_prohibited": 1})
    assert "区分変更 4（うち 標準オプション機能→実装必須機能 3）、" in summary_text(
        {**d.counts(), "class_changed": 4, "optional_to_mandatory": 3, "to_prohibited": 0})
    view = specdiff_view(d, "2026-01-01T00:00:00+09:00", ())
    summary = [list(r) for r in {t.name: t for t in view.tables()}["概要"].rows]
    at = summary.index(["件数: 区分変更", 2])
    assert summary[at + 1:at + 3] == [["うち 標準オプション機能→実装必須機能", 0], ["うち 実装不可機能への変更", 2]]
    html = render("specdiff.html", view=view, provenance=view.provenance)
    assert '<p class="banner__verdict">要注意: 実装不可機能に変わった要件が 2 件あります</p>' in html
    assert "前の版への正しい回答（○）が「実装不可機能の実装」になります。" in html and "入札・見積" not in html


def test_both_flagged_class_changes_in_one_banner(v10: Spec, v11: Spec) -> None:
    from checker.report.html import render
    from checker.report.specdiff_view import specdiff_view

    view = specdiff_view(diff(v10, v11), "2026-01-01T00:00:00+09:00", ())
    html = render("specdiff.html", view=view, provenance=view.provenance)
    assert ('<p class="banner__verdict">要注意: 標準オプション機能から実装必須機能に変わった要件が 3 件、'
            '実装不可機能に変わった要件が 1 件あります</p>') in html
    assert "上位の分類の名前が変わっただけの要件" not in html  # no heading renamed: no note on it


def test_text_change_segments_rebuild_both_texts(v10: Spec, v11: Spec, truth: dict) -> None:
    d = diff(v10, v11)
    for change in d.text_changed:
        old = "".join(s.text for s in change.segments if s.op != "insert")
        new = "".join(s.text for s in change.segments if s.op != "delete")
        assert (old, new) == (change.old.text, change.new.text)
        assert any(s.op != "equal" for s in change.segments)
    by_id = {c.id: c for c in d.text_changed}
    # 0010001 drops one item of its list: one deletion, nothing inserted.
    removed_item = [s for s in by_id["0010001"].segments if s.op != "equal"]
    assert removed_item == [Segment("delete", "\n・転出先住所（確定）の住所コード及びその郵便番号")]  # as written


def test_words_folded_by_nfkc_are_no_change_between_versions(v10: Spec, v11: Spec) -> None:
    """A version stored NFKC-folded by an earlier hyojun (（） as (), ① as 1) against one stored as written: the same
    changes as between two stored as written, and a text change shows its unchanged runs as the new version writes them."""
    folded = dataclasses.replace(v10, requirements=tuple(
        dataclasses.replace(r, name=text(r.name), text=text(r.text), note=text(r.note), section=tuple(map(text, r.section)))
        for r in v10.requirements))
    assert folded.by_id()["0010004"].name == "個人票/世帯票" != v10.by_id()["0010004"].name
    assert diff(folded, v10).counts() == {**{k: 0 for k in CHANGE_KINDS}, "unchanged": 197, "optional_to_mandatory": 0,
                                          "to_prohibited": 0}
    assert diff(folded, v11).counts() == diff(v10, v11).counts()
    old, new = "③ ②を４世代（※）まで", "③ ②を５世代（※）まで"
    assert char_diff(text(old), new) == (Segment("equal", "③ ②を"), Segment("delete", "4"), Segment("insert", "５"),
                                         Segment("equal", "世代（※）まで"))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("(株)が管理すること。…以上", "㈱が管理すること。…以下",
     (("equal", "㈱が管理すること。…以"), ("delete", "上"), ("insert", "下"))),
    ("1から3を行うこと...", "①から③を行うこと…（追加）", (("equal", "①から③を行うこと…"), ("insert", "（追加）"))),
    ("平成(株", "㍻㈱", (("equal", "㍻"), ("delete", "(株"), ("insert", "㈱"))),  # a character read as several: all, or changed
])
def test_char_diff_matches_a_character_against_the_several_it_reads_as(old: str, new: str,
                                                                       expected: tuple[tuple[str, str], ...]) -> None:
    """㈱ reads (株) and … reads ...: against a store an earlier hyojun folded they showed as changed, though the texts
    compare equal."""
    assert char_diff(old, new) == tuple(Segment(op, t) for op, t in expected)  # type: ignore[arg-type]


def test_char_diff_japanese() -> None:
    segments = char_diff("住民票の写しを交付できること。", "住民票の写し等を交付し、管理できること。")
    assert segments == (Segment("equal", "住民票の写し"), Segment("insert", "等"), Segment("equal", "を交付"),
                        Segment("insert", "し、管理"), Segment("equal", "できること。"))


def test_char_diff_long_text_is_not_swamped_by_common_characters() -> None:
    # Over 200 characters, difflib's autojunk would treat 「の」「、」 as junk and replace whole runs.
    base = "住民の異動の届出の受付の後、世帯の構成の変更の内容の確認の画面の表示の" * 8
    segments = char_diff(base + "こと。", base + "ができること。")
    changed = [s for s in segments if s.op != "equal"]
    assert changed == [Segment("insert", "ができる")]


def test_char_diff_folds_short_unchanged_runs_between_edits() -> None:
    # 「の」 alone between two edits would make a comb; it is shown inside one deletion and one insertion.
    segments = char_diff("氏名の変更を行う", "住所の修正を行う")
    assert segments == (Segment("delete", "氏名の変更"), Segment("insert", "住所の修正"), Segment("equal", "を行う"))
    # two characters are as short (日と); a short run at either end is no comb and stays unchanged (日)
    assert char_diff("転入届の受付日と処理日", "転入届の登録日と更新日") == (
        Segment("equal", "転入届の"), Segment("delete", "受付日と処理"), Segment("insert", "登録日と更新"), Segment("equal", "日"))
    assert char_diff("日の受付", "日の登録") == (Segment("equal", "日の"), Segment("delete", "受付"), Segment("insert", "登録"))


def _req(rid: str, text: str, *, number: str = "1.1.1", cls: str = "mandatory", kind: str = "function") -> Requirement:
    return Requirement(id=rid, kind=kind, cls=cls, section=(), number=number, name="名称", text=text, note="",
                       source="機能要件!C1")  # type: ignore[arg-type]


def _spec(version: str, *reqs: Requirement) -> Spec:
    return Spec("住民記録", version, tuple(reqs), ())


LONG = "住民基本台帳法に基づき、転入届の受付時に転入前住所地の市区町村から送付された転出証明書情報を照会し、画面に表示できること。"


def test_renumbering_flagged_above_threshold() -> None:
    edited = LONG.replace("画面に", "一覧画面に")
    assert similarity(LONG, edited) >= RENUMBER_THRESHOLD
    d = diff(_spec("第1.0版", _req("0010001", LONG), _req("0010002", "別の要件の本文であり、似ていない文章を書いておく。")),
             _spec("第1.1版", _req("0010002", "別の要件の本文であり、似ていない文章を書いておく。"), _req("0010300", edited)))
    assert [r.id for r in d.removed] == ["0010001"]
    assert [r.id for r in d.added] == ["0010300"]
    assert [(r.old.id, r.new.id) for r in d.renumbered] == [("0010001", "0010300")]
    assert d.renumbered[0].similarity == round(similarity(LONG, edited), 4)


def test_a_similarity_of_exactly_the_threshold_is_a_possible_renumbering() -> None:
    """spec-diff.md: 閾値は 0.9. 36 characters and the same with 8 more: 2 × 36 / 80 = 0.9 exactly."""
    old = ("住民票の写しの交付請求を受け付け、交付の可否を判定し、交付できること。" * 2)[:36]
    new = old + "広域交付も含める"
    assert (len(old), len(new), similarity(old, new)) == (36, 44, RENUMBER_THRESHOLD)
    d = diff(_spec("第1.0版", _req("0010001", old)), _spec("第1.1版", _req("0010999", new)))
    assert [(r.old.id, r.new.id, r.similarity) for r in d.renumbered] == [("0010001", "0010999", 0.9)]


def test_a_text_removed_twice_and_added_once_pairs_its_second_removal_with_a_similar_text() -> None:
    """Each requirement is used once, the most similar pairs first: the identical pair, then the edited one."""
    edited = LONG.replace("画面に", "一覧画面に")
    d = diff(_spec("第1.0版", _req("0010001", LONG), _req("0010002", LONG)),
             _spec("第1.1版", _req("0010301", LONG), _req("0010302", edited)))
    assert [(r.old.id, r.new.id) for r in d.renumbered] == [("0010001", "0010301"), ("0010002", "0010302")]


FORM = "住民票の写しの交付申請書を、窓口で入力した内容から作成して印刷できること。"


def test_renumbering_not_flagged_below_threshold_short_text_or_other_kind() -> None:
    rewritten = LONG.replace("転入前住所地の市区町村から送付された", "他団体からの")
    assert 0.8 < similarity(LONG, rewritten) < RENUMBER_THRESHOLD
    d = diff(_spec("第1.0版", _req("0010001", LONG), _req("0010002", "氏名を管理すること。"),
                   _req("0010003", FORM, kind="form")),
             _spec("第1.1版", _req("0010301", rewritten), _req("0010302", "氏名を管理すること。"),
                   _req("0010303", FORM)))
    assert len(d.removed) == 3 and len(d.added) == 3
    assert d.renumbered == ()  # too different; too short to judge (identical!); form vs function


def test_renumbering_pairs_each_requirement_once_best_first() -> None:
    a = LONG
    b = LONG.replace("照会し", "照会して")
    d = diff(_spec("第1.0版", _req("0010001", a)),
             _spec("第1.1版", _req("0010301", b), _req("0010302", a)))
    assert [(r.old.id, r.new.id, r.similarity) for r in d.renumbered] == [("0010001", "0010302", 1.0)]


def test_moved_and_whitespace_only_edits() -> None:
    old = _spec("第1.0版", _req("0010001", "氏名を管理すること。", number="1.1.1"), _req("0010002", "住所を\n管理すること。"))
    new = _spec("第1.1版", _req("0010001", "氏名を管理すること。", number="1.2.3"), _req("0010002", "住所を 管理すること。"))
    d = diff(old, new)
    assert [(m.id, m.old.number, m.new.number) for m in d.moved] == [("0010001", "1.1.1", "1.2.3")]
    assert d.text_changed == ()  # line wrapping is not a change of content
    assert d.unchanged == 1


def test_diff_json_validates_and_carries_lists(v10: Spec, v11: Spec, truth: dict) -> None:
    doc = diff_dict(diff(v10, v11), "2026-01-01T00:00:00+09:00", ())
    validate(doc, "specdiff", source="test")
    assert doc["added"] == [{"id": a["id"], "kind": "function"} for a in truth["added"]]
    assert doc["class_changed"][0] == {"id": "0010003", "kind": "function", "from": "optional", "to": "mandatory",
                                       "from_note": "", "to_note": ""}
    assert doc["counts"] == {"added": 10, "removed": 5, "text_changed": 12, "name_changed": 0, "class_changed": 6,
                             "kind_changed": 0, "renamed_headings": 0, "moved": 0, "renumbered": 0,
                             "unchanged": 174, "optional_to_mandatory": 3, "to_prohibited": 1}
    assert doc["warnings"] == []
    assert (doc["old"]["version"], doc["new"]["version"]) == ("第1.0版", "第1.1版")
    assert doc["renumber_threshold"] == RENUMBER_THRESHOLD


def test_diff_json_moved_and_renumbered_validate() -> None:
    edited = LONG.replace("画面に", "一覧画面に")
    d = diff(_spec("第1.0版", _req("0010001", LONG), _req("0010002", "x", number="1")),
             _spec("第1.1版", _req("0010002", "x", number="2"), _req("0010300", edited)))
    doc = diff_dict(dataclasses.replace(d, old=dataclasses.replace(d.old, sha256="0" * 64),
                                        new=dataclasses.replace(d.new, sha256="1" * 64)), "2026-01-01T00:00:00+09:00", ())
    validate(doc, "specdiff", source="test")
    assert doc["moved"] == [{"id": "0010002", "from": {"section": [], "number": "1"}, "to": {"section": [], "number": "2"}}]
    assert doc["renumbered"][0]["from"] == "0010001" and doc["renumbered"][0]["to"] == "0010300"


def test_display_pieces_keep_context_around_edits() -> None:
    from checker.report.specdiff_view import CONTEXT_CHARS, Piece, display_pieces

    head, tail = "あ" * 300, "い" * 300
    pieces = display_pieces(char_diff(head + "う" + tail, head + "え" + tail))
    assert [p.op for p in pieces] == ["elided", "equal", "delete", "insert", "equal", "elided"]
    assert pieces[1] == Piece("equal", "あ" * CONTEXT_CHARS) and pieces[4] == Piece("equal", "い" * CONTEXT_CHARS)
    assert pieces[0].text == f"…（{300 - CONTEXT_CHARS} 文字省略）…"
    # a count grouped as every other on the page: 「1,112 文字省略」, not 「1112」
    assert display_pieces(char_diff("あ" * 2000 + "う", "あ" * 2000 + "え"))[0].text == f"…（{2000 - CONTEXT_CHARS:,} 文字省略）…"
    # an unchanged run between two edits whose part beyond the context on each side is no longer than the context
    # itself is shown whole: the 「…（40 文字省略）…」 mark would hide no more than it takes
    between = "お" * (3 * CONTEXT_CHARS)
    pieces = display_pieces(char_diff(f"う{between}う", f"え{between}え"))
    assert "elided" not in [p.op for p in pieces] and Piece("equal", between) in pieces
    short = char_diff("短い本文です。", "短い本文でした。")
    assert [p.op for p in display_pieces(short)] == [s.op for s in short]
    added_line = display_pieces(char_diff("一行目", "一行目\n二行目"))
    assert added_line == (Piece("equal", "一行目"), Piece("equal", "\n"), Piece("insert", "二行目"))


ITEMS = [f"・第{i:02d}項目として管理する項目の名前（説明）" for i in range(1, 62)]  # 61 lines of 44 digits


def test_segments_text_of_a_long_text_shows_its_changed_parts_and_their_lines() -> None:
    # Excel shows ~21–27 lines of a cell (a row is at most 409 pt): an edit on line 60 must not sit there
    items = ITEMS
    edited = [*items[:29], "・第30項目として管理する項目の名前（変更後）", *items[30:60]]  # line 30 changed, 61 removed
    cell = segments_text(char_diff("\n".join(items), "\n".join(edited)))
    # the context: whole lines within 40 characters of the edit
    assert cell.split("\n") == [
        "（30〜31 行目）", "・第30項目として管理する項目の名前（【削除:説明】【追加:変更後】）", items[30],
        "（旧 60〜61 行目・新 60 行目）", f"{items[59]}【削除:", f"{items[60]}】"]
    # one long paragraph: cut mid-line around the edit, marked 「…」
    cell = segments_text(char_diff("あ" * 900 + "う" + "い" * 900, "あ" * 900 + "え" + "い" * 900))
    assert cell == f"（1 行目）\n…{'あ' * 40}【削除:う】【追加:え】{'い' * 40}…"
    # a short text is shown whole, marked inline
    assert segments_text(char_diff("一行目\n二行目", "一行目\n二行目です")) == "一行目\n二行目【追加:です】"


def _cell(old: str, new: str) -> str:
    return segments_text(char_diff(old, new))


def test_segments_text_shows_a_text_of_twenty_lines_whole_and_one_of_more_by_its_changes() -> None:
    """20 lines (EXCERPT_LINES, 「以下」) are shown whole, though an excerpt of the edit on the last one is shorter;
    25 lines by the changed line with its neighbours, not whole (as a bound of 40 lines would show them)."""
    twenty = "\n".join(f"第{i:02d}行の本文です" for i in range(1, 21))
    marked = twenty.replace("第20行の本文です", "【削除:第20行の本文です】【追加:改】")
    assert _cell(twenty, twenty.replace("第20行の本文です", "改")) == marked
    cell = _cell("\n".join(ITEMS[:25]), "\n".join([*ITEMS[:12], "改", *ITEMS[13:25]]))
    assert cell.split("\n") == ["（12〜14 行目）", ITEMS[11], f"【削除:{ITEMS[12]}】【追加:改】", ITEMS[13]]


@pytest.mark.parametrize("width, lines, whole", [(58, 19, True), (59, 10, False)])
def test_segments_text_counts_a_line_longer_than_the_column_as_the_lines_it_wraps_to(width: int, lines: int,
                                                                                     whole: bool) -> None:
    """58 digits fit a line of the 差分 column: 19 such lines and the edited one are 20 (shown whole); 10 lines of 59
    digits wrap to 20, and the edited one makes 21 (shown by the change)."""
    rows = ["a" * width] * lines
    cell = _cell("\n".join([*rows, "x"]), "\n".join([*rows, "y"]))
    assert (not cell.startswith("（")) == whole


@pytest.mark.parametrize("gap, hunks", [(120, 1), (121, 2)])
def test_segments_text_joins_edits_within_three_contexts_into_one_part(gap: int, hunks: int) -> None:
    """Two edits 120 characters (3 × CONTEXT_CHARS) apart are one part with the text between; 121 apart, two parts
    (each with its own 「（1 行目）」), the text between cut to 40 characters on either side."""
    cell = _cell("あ" * 600 + "X" + "い" * gap + "Y" + "う" * 600, "あ" * 600 + "P" + "い" * gap + "Q" + "う" * 600)
    assert cell.count("（1 行目）") == hunks
    assert cell.startswith(f"（1 行目）\n…{'あ' * 40}【削除:X】【追加:P】") and cell.endswith(f"【削除:Y】【追加:Q】{'う' * 40}…")


def test_segments_text_shows_the_whole_lines_within_forty_characters_around_an_edit() -> None:
    """Whole lines within 40 characters either side of an edit, the line breaks at the bounds included (a search one
    character short cuts a line that fits); a line break right next to the edit does not end the context there: the
    long neighbouring line's characters are shown, not nothing."""
    far = "え" * 600  # a line long enough that the text is shown by its changes
    # before the edit: two whole lines of 20 + 1 + 19 characters (its first line break 41 characters away)
    assert _cell(f"{far}\n{'a' * 20}\n{'b' * 19}X{'c' * 10}", f"{far}\n{'a' * 20}\n{'b' * 19}Y{'c' * 10}") == \
        f"（2〜3 行目）\n{'a' * 20}\n{'b' * 19}【削除:X】【追加:Y】{'c' * 10}"
    # a long line before an inserted one: its last characters
    assert _cell(f"{far}\n{'c' * 10}", f"{far}\n新しい行\n{'c' * 10}") == \
        f"（旧 1〜2 行目・新 1〜3 行目）\n…{'え' * 39}\n【追加:新しい行\n】{'c' * 10}"
    # after an edit at the end of a line: the next line's first characters
    assert _cell(f"{'c' * 10}X\n{far}", f"{'c' * 10}Y\n{far}") == f"（1〜2 行目）\n{'c' * 10}【削除:X】【追加:Y】\n{'え' * 39}…"
    # after the edit: two whole lines (its second line break 40 characters away)
    assert _cell(f"{'c' * 10}X{'a' * 20}\n{'b' * 19}\n{far}", f"{'c' * 10}Y{'a' * 20}\n{'b' * 19}\n{far}") == \
        f"（1〜2 行目）\n{'c' * 10}【削除:X】【追加:Y】{'a' * 20}\n{'b' * 19}"


def test_segments_text_counts_an_inserted_line_in_the_new_line_numbers_only() -> None:
    lines = [f"行{i:02d}" for i in range(1, 61)]
    cell = _cell("\n".join(lines), "\n".join([*lines[:10], "挿入", *lines[10:49], "改", *lines[50:]]))
    headers = [line for line in cell.split("\n") if line.startswith("（")]
    assert headers == ["（旧 1〜20 行目・新 1〜21 行目）", "（旧 40〜60 行目・新 41〜61 行目）"]


def test_name_changes_are_changes_even_with_an_empty_text() -> None:
    old = _spec("第1.0版", _req("0010001", LONG), dataclasses.replace(_req("0010002", "", kind="form"), name="負担割合証"))
    new = _spec("第1.1版", dataclasses.replace(_req("0010001", LONG), name="名 称"),  # whitespace only: no change
                dataclasses.replace(_req("0010002", "", kind="form"), name="負担割合証兼減額証"))
    d = diff(old, new)
    assert [(c.id, c.old.name, c.new.name) for c in d.name_changed] == [("0010002", "負担割合証", "負担割合証兼減額証")]
    assert d.text_changed == () and d.unchanged == 1
    assert d.counts()["name_changed"] == 1


def test_a_kind_change_under_the_same_id_is_not_a_move() -> None:
    moved = dataclasses.replace(_req("0010001", LONG, kind="form"), section=("帳票",), number="")
    d = diff(_spec("第1.0版", _req("0010001", LONG)), _spec("第1.1版", moved))
    assert [(c.id, c.old.kind, c.new.kind) for c in d.kind_changed] == [("0010001", "function", "form")]
    assert d.moved == () and d.unchanged == 0


def test_one_sided_kinds_name_the_side_without_them() -> None:
    form = _req("0010002", FORM, kind="form")
    d = diff(_spec("第1.0版", _req("0010001", LONG), form), _spec("第1.1版", _req("0010001", LONG)))
    assert d.one_sided_kinds() == (("form", "new", 1),)
    assert diff(_spec("第1.0版", _req("0010001", LONG)), _spec("第1.1版", _req("0010001", LONG))).one_sided_kinds() == ()


def test_equal_renumber_ratios_prefer_the_same_name() -> None:
    named = [dataclasses.replace(_req(f"001000{k}", LONG, number=f"1.1.{k}"), name=f"名称{k}") for k in (1, 2)]
    renamed = [dataclasses.replace(_req(f"001030{k}", LONG, number=f"2.1.{k}"), name=f"名称{3 - k}") for k in (1, 2)]
    d = diff(_spec("第1.0版", *named), _spec("第1.1版", *renamed))
    assert [(r.old.id, r.new.id) for r in d.renumbered] == [("0010002", "0010301"), ("0010001", "0010302")]


@pytest.mark.parametrize("new_section", [("転入", "転出証明書情報の照会"), ("転入", "転出証明書情報の\n照会 ")],
                         ids=["same", "re-wrapped"])
def test_equal_renumber_ratios_and_names_prefer_the_same_section(new_section: tuple[str, ...]) -> None:
    """Two old requirements of the same name and text in two sections, one new one: the one of its section (a cell
    re-wrapped or spaced anew is the same section) is its possible old id. Paired with the first, the re-confirmation
    list named the wrong 旧ID."""
    old = [dataclasses.replace(_req("0010001", LONG, number="1.1.1"), section=("転入", "届出")),
           dataclasses.replace(_req("0010002", LONG, number="1.2.1"), section=("転入", "転出証明書情報の照会"))]
    new = dataclasses.replace(_req("0010301", LONG, number="1.2.5"), section=new_section)
    d = diff(_spec("第1.0版", *old), _spec("第1.1版", new))
    assert [(r.old.id, r.new.id) for r in d.renumbered] == [("0010002", "0010301")]


def test_indexed_renumber_pairing_finds_what_comparing_every_pair_finds() -> None:
    """The candidate indexes (identical texts, rare bigrams) must not lose a pair the full comparison makes."""
    import difflib
    import random

    rng = random.Random(20260606)
    words = ["被保険者", "受給者", "世帯員", "口座情報", "氏名", "生年月日", "住所", "異動履歴"]
    ends = ["を登録し、修正できること。", "を一覧で出力できること。", "を検索条件として照会できること。"]

    def text() -> str:
        return f"{rng.choice(words)}の{rng.choice(words)}について、{rng.choice(words)}ごとに{rng.choice(words)}{rng.choice(ends)}"

    def edit(t: str) -> str:
        chars = list(t)
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            chars.insert(rng.randrange(len(chars)), rng.choice("あいうえお"))
        return "".join(chars)

    removed = [_req(f"{1000 + i:07d}", text(), kind=rng.choice(["function", "form"])) for i in range(90)]
    added = [_req(f"{5000 + j:07d}", edit(rng.choice(removed).text) if rng.random() < 0.7 else text(),
                  kind=rng.choice(["function", "form"])) for j in range(90)]
    d = diff(_spec("第1.0版", *removed), _spec("第1.1版", *added))
    # the same greedy pairing over every pair, without indexes
    every = sorted(((difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio(), i, j)
                    for j, b in enumerate(added) for i, a in enumerate(removed) if a.kind == b.kind),
                   key=lambda c: (-c[0], c[2], c[1]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    expected = []
    for ratio, i, j in every:
        if ratio >= RENUMBER_THRESHOLD and i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            expected.append((removed[i].id, added[j].id))
    assert len(expected) > 25
    assert sorted((r.old.id, r.new.id) for r in d.renumbered) == sorted(expected)


def test_the_candidate_index_keeps_a_pair_at_the_threshold_sharing_few_bigrams() -> None:
    """A short text with a few characters inserted, replaced and deleted shares few of its bigrams with the other:
    the bound on how many of them a pair reaching the threshold can lack is tight there (found by comparing with
    every pair)."""
    old = ["えこしこそえさそいかきかしくきけえおしけ", "えしきすえきえいかうきさえかけそかすせす", "あえうかおこくいあうせすしけかえうおすう"]
    new = "えせこしこそえさそいせきかしくけえおしけ"
    assert similarity(old[0], new) >= RENUMBER_THRESHOLD > max(similarity(o, new) for o in old[1:])
    d = diff(_spec("第1.0版", *(_req(f"001000{i}", t) for i, t in enumerate(old, start=1))),
             _spec("第1.1版", _req("0010999", new)))
    assert [(r.old.id, r.new.id) for r in d.renumbered] == [("0010001", "0010999")]


def test_an_annotation_of_the_class_added_or_ended_is_a_class_change_shown_in_full() -> None:
    from checker.report.specdiff_view import specdiff_view

    def keika(req: Requirement) -> Requirement:
        return dataclasses.replace(req, class_note="経過措置")

    old = _spec("第1.0版", _req("0010001", LONG), keika(_req("0010002", LONG)), _req("0010003", LONG, cls="optional"),
                keika(_req("0010004", LONG)))
    new = _spec("第1.1版", keika(_req("0010001", LONG)), _req("0010002", LONG), keika(_req("0010003", LONG)),
                keika(_req("0010004", LONG)))
    d = diff(old, new)
    assert [c.id for c in d.class_changed] == ["0010001", "0010002", "0010003"] and d.unchanged == 1
    assert [c.becomes_mandatory for c in d.class_changed] == [False, False, True]
    view = specdiff_view(d, "2026-01-01T00:00:00+09:00", ())
    assert [(c.from_label, c.to_label, c.tone) for c in view.class_changed] == [
        ("実装必須機能", "実装必須機能（経過措置）", "info"),  # a transitional measure allowed
        ("実装必須機能（経過措置）", "実装必須機能", "warn"),  # ended: 移行後対応 no longer acceptable
        ("標準オプション機能", "実装必須機能（経過措置）", "bad")]
    assert d.counts()["class_changed"] == 3
    doc = diff_dict(d, "2026-01-01T00:00:00+09:00", ())
    assert [(c["from"], c["from_note"], c["to"], c["to_note"]) for c in doc["class_changed"]] == [
        ("mandatory", "", "mandatory", "経過措置"), ("mandatory", "経過措置", "mandatory", ""),
        ("optional", "", "mandatory", "経過措置")]


def test_the_provenance_of_a_diff_names_each_version_by_its_sha256() -> None:
    from checker.report.specdiff_view import specdiff_view

    old = dataclasses.replace(_spec("第1.0版", _req("0010001", LONG)), sha256="a" * 64)
    new = _spec("第1.1版", _req("0010001", LONG + "。"))  # read on the fly without a digest
    items = dict(specdiff_view(diff(old, new), "2026-01-01T00:00:00+09:00", ()).provenance.items)
    assert (items["旧版"], items["旧版 sha256"], items["新版 sha256"]) == ("住民記録 第1.0版（1 件）", "a" * 64, "—")


def test_every_changed_requirement_says_whether_it_is_a_function_or_a_form() -> None:
    from html.parser import HTMLParser

    from checker.report.html import render
    from checker.report.specdiff_view import specdiff_view

    def form(rid: str, text: str, **changes: str) -> Requirement:
        return dataclasses.replace(_req(rid, text, kind="form", number=""), **changes)

    old = _spec("第1.0版", _req("0010001", LONG), form("0010002", "督促状"), form("0010003", FORM), form("0010004", "通知書"))
    new = _spec("第1.1版", _req("0010001", LONG), form("0010003", FORM.replace("印刷", "一括印刷")),
                form("0010004", "通知書", name="新名称", cls="optional"), form("0010005", "納付書"))
    d = diff(old, new)
    view = specdiff_view(d, "2026-01-01T00:00:00+09:00", ())
    sheets = {t.name: t for t in view.tables()}
    for name, rid in (("追加", "0010005"), ("削除", "0010002"), ("本文変更", "0010003"), ("名称変更", "0010004"),
                      ("区分変更", "0010004")):
        assert list(sheets[name].header[:2]) == ["ID", "種別"]
        assert [list(row[:2]) for row in sheets[name].rows] == [[rid, "帳票要件"]], name
    doc = diff_dict(dataclasses.replace(d, old=dataclasses.replace(d.old, sha256="0" * 64),
                                        new=dataclasses.replace(d.new, sha256="1" * 64)), "2026-01-01T00:00:00+09:00", ())
    validate(doc, "specdiff", source="test")
    assert doc["format"] == "hyojun-specdiff/2"
    assert [(e["id"], e["kind"]) for key in ("added", "removed", "text_changed", "name_changed", "class_changed")
            for e in doc[key]] == [("0010005", "form"), ("0010002", "form"), ("0010003", "form"), ("0010004", "form"),
                                   ("0010004", "form")]

    class Cells(HTMLParser):
        """Per section: its column headers and the text of its 種別 cells."""

        def __init__(self) -> None:
            super().__init__()
            self.section, self.cell = "", ""
            self.headers: dict[str, list[str]] = {}
            self.kinds: dict[str, list[str]] = {}

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            a = dict(attrs)
            if tag == "section":
                self.section = a.get("id") or ""
            self.cell = "th" if tag == "th" and a.get("scope") == "col" else "kind" if a.get("class") == "kind" else ""

        def handle_data(self, data):  # type: ignore[no-untyped-def]
            if self.cell == "th":
                self.headers.setdefault(self.section, []).append(data)
            elif self.cell == "kind":
                self.kinds.setdefault(self.section, []).append(data)
            self.cell = ""

    html = Cells()
    html.feed(render("specdiff.html", view=view, provenance=view.provenance))
    for section in ("added", "removed", "text_changed", "name_changed", "class_changed"):
        assert html.headers[section][:2] == ["ID", "種別"] and html.kinds[section] == ["帳票要件"], section


def test_a_section_re_wrapped_or_spaced_is_no_move() -> None:
    """The spec diff oracle review: 「学齢簿の編製⏎及び管理」 (Alt+Enter in a 大項目 merged over hundreds of rows) moved every
    requirement under it, its old and new places shown alike; sections compare as texts do (NFKC, no whitespace)."""
    def placed(section: tuple[str, ...], number: str) -> Requirement:
        return dataclasses.replace(_req("0170001", LONG, number=number), section=section)

    old = _spec("第1.0版", placed(("学齢簿の編製及び管理", "1.1"), "1.1.1"))
    for section, number in [(("学齢簿の編製\n及び管理", "1.1"), "1.1.1"), (("学齢簿の編製 及び管理", "１.１"), "1.1.1 ")]:
        d = diff(old, _spec("第1.1版", placed(section, number)))
        assert (d.moved, d.renamed_headings, d.unchanged) == ((), (), 1)
    d = diff(old, _spec("第1.1版", placed(("学齢簿の管理", "1.1"), "1.1.1")))  # another name: the heading renamed
    assert ([(h.old_name, h.new_name) for h in d.renamed_headings], d.moved, d.unchanged) == (
        [("学齢簿の編製及び管理", "学齢簿の管理")], (), 0)
    d = diff(old, _spec("第1.1版", placed(("学齢簿の管理", "1.1"), "1.1.2")))  # and another 項番: more than a new name
    assert [m.id for m in d.moved] == ["0170001"]


# --- headings renamed (the spec diff oracle review: 保険料賦課 → 保険料賦課等 listed its 49 requirements as moves) ---


def _under(rid: str, *section: str, number: str = "", kind: str = "function") -> Requirement:
    return dataclasses.replace(_req(rid, f"{LONG}（{rid}）", number=number, kind=kind), section=section)


def _renames(d) -> list[tuple[int, tuple[str, ...], str, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [(h.level, h.parent, h.old_name, h.new_name, h.ids) for h in d.renamed_headings]


def test_a_renamed_top_heading_is_one_rename_not_a_move_of_every_requirement_under_it() -> None:
    old = _spec("第1.0版", _under("0230001", "資格管理", "資格"), *(_under(f"02304{k:02d}", "保険料賦課", m)
                                                             for k, m in enumerate(("所得", "所得", "所得", "賦課", "賦課"))))
    new = _spec("第1.1版", _under("0230001", "資格管理", "資格"),
                *(dataclasses.replace(r, section=("保険料賦課等", r.section[1])) for r in old.requirements[1:]),
                _under("0230499", "保険料賦課等", "賦課"))  # an added one: no matter
    edited = dataclasses.replace(new.requirements[2], text=new.requirements[2].text + "（一括処理を含む。）")
    new = dataclasses.replace(new, requirements=tuple(edited if r.id == edited.id else r for r in new.requirements))
    d = diff(old, new)
    assert _renames(d) == [(0, (), "保険料賦課", "保険料賦課等", ("0230400", "0230401", "0230402", "0230403", "0230404"))]
    assert d.moved == () and [r.id for r in d.added] == ["0230499"]
    assert [c.id for c in d.text_changed] == ["0230401"]  # still said where it changed more than its heading
    assert (d.counts()["renamed_headings"], d.counts()["moved"], d.unchanged) == (1, 0, 1)


def test_a_renamed_middle_heading_and_one_under_a_renamed_top_heading() -> None:
    old = _spec("第1.0版", _under("0230001", "賦課", "所得"), _under("0230002", "賦課", "所得"),
                _under("0230003", "賦課", "算定"), _under("0230004", "収納", "所得"), _under("0230005", "統計", "月報"),
                _under("0230006", "統計", "月報"), _under("0230007", "統計", "年報"))
    new = _spec("第1.1版", _under("0230001", "賦課", "所得情報"), _under("0230002", "賦課", "所得情報"),
                _under("0230003", "賦課", "算定"), _under("0230004", "収納", "所得"),  # 所得 of 収納: another heading
                _under("0230005", "統計・報告", "月次報告"), _under("0230006", "統計・報告", "月次報告"),
                _under("0230007", "統計・報告", "年報"))
    d = diff(old, new)
    assert _renames(d) == [(1, ("賦課",), "所得", "所得情報", ("0230001", "0230002")),
                           (0, (), "統計", "統計・報告", ("0230005", "0230006", "0230007")),
                           (1, ("統計・報告",), "月報", "月次報告", ("0230005", "0230006"))]
    assert d.moved == ()


def test_a_heading_level_added_or_taken_away_is_no_rename() -> None:
    """A new 大項目 保険料 above 賦課 (or 保険料 over 賦課 made one level) renames no heading: its requirements moved."""
    flat = [_under(f"023000{k}", "賦課") for k in range(1, 6)] + [_under("0230009", "収納")]
    nested = [dataclasses.replace(r, section=("保険料", *r.section)) if r.section == ("賦課",) else r for r in flat]
    for old, new in ((flat, nested), (nested, flat)):
        d = diff(_spec("第1.0版", *old), _spec("第1.1版", *new))
        assert (_renames(d), [m.id for m in d.moved]) == ([], [f"023000{k}" for k in range(1, 6)])


def test_part_of_a_heading_moved_to_a_new_one_is_no_rename() -> None:
    old = _spec("第1.0版", *(_under(f"023000{k}", "賦課", "所得") for k in range(1, 5)))
    moved = {"0230003", "0230004"}
    new = _spec("第1.1版", *(dataclasses.replace(r, section=("賦課", "所得更正")) if r.id in moved else r
                            for r in old.requirements))  # 所得 is still there
    d = diff(old, new)
    assert d.renamed_headings == () and [m.id for m in d.moved] == ["0230003", "0230004"]
    # 所得 gone, one of its four to a new heading (all that heading holds), three to one there was: no rename either
    old = _spec("第1.0版", *old.requirements, _under("0230005", "賦課", "算定"))
    new = _spec("第1.1版", *(dataclasses.replace(r, section=("賦課", "所得更正" if r.id == "0230001" else "算定"))
                            for r in old.requirements))
    d = diff(old, new)
    assert d.renamed_headings == () and [m.id for m in d.moved] == ["0230001", "0230002", "0230003", "0230004"]


def test_a_requirement_that_went_elsewhere_from_a_renamed_heading_stays_a_move() -> None:
    old = _spec("第1.0版", _under("0230001", "資格", "届出"), *(_under(f"023040{k}", "賦課", "所得", number=f"1.{k}")
                                                             for k in range(1, 5)))
    new = _spec("第1.1版", _under("0230001", "資格", "届出"),
                _under("0230401", "賦課", "所得情報", number="1.1"), _under("0230402", "賦課", "所得情報", number="1.2"),
                _under("0230403", "賦課", "所得情報", number="1.9"),  # renamed with it, and renumbered: a move
                _under("0230404", "資格", "届出", number="1.4"))  # went to another heading: a move
    d = diff(old, new)
    assert _renames(d) == [(1, ("賦課",), "所得", "所得情報", ("0230401", "0230402", "0230403"))]
    assert [(m.id, place_label(m.old), place_label(m.new)) for m in d.moved] == [
        ("0230403", "賦課 / 所得 / 1.3", "賦課 / 所得情報 / 1.9"), ("0230404", "賦課 / 所得 / 1.4", "資格 / 届出 / 1.4")]


def test_two_headings_merged_into_one_are_moves_and_a_large_one_taking_in_a_small_one_is_renamed() -> None:
    """Two headings of about the same size merged under a new name: a reorganisation, neither is the new one renamed
    (each requirement a move). One that holds most of the new heading was renamed; the other's requirements moved."""
    def merged(sizes: tuple[int, int]) -> tuple[Spec, Spec]:
        reqs = [_under(f"02300{k:02d}", name, "所得") for k, name in enumerate(["賦課"] * sizes[0] + ["減免"] * sizes[1])]
        return (_spec("第1.0版", *reqs),
                _spec("第1.1版", *(dataclasses.replace(r, section=("賦課・減免", "所得")) for r in reqs)))

    d = diff(*merged((2, 2)))
    assert d.renamed_headings == () and len(d.moved) == 4
    d = diff(*merged((3, 1)))
    assert _renames(d) == [(0, (), "賦課", "賦課・減免", ("0230000", "0230001", "0230002"))]
    assert [m.id for m in d.moved] == ["0230003"]


def test_a_heading_of_functions_renamed_is_no_rename_of_the_forms_heading_of_that_name() -> None:
    old = _spec("第1.0版", _under("0230001", "賦課"), _under("0230002", "賦課", kind="form"))
    new = _spec("第1.1版", _under("0230001", "賦課等"), _under("0230002", "賦課", kind="form"))
    d = diff(old, new)
    assert [(h.kind, h.old_name, h.new_name) for h in d.renamed_headings] == [("function", "賦課", "賦課等")]
    assert d.moved == () and d.unchanged == 1


def test_a_renamed_heading_in_json_html_and_excel() -> None:
    from checker.report.html import render
    from checker.report.specdiff_view import specdiff_view

    old = _spec("第1.0版", *(_under(f"023040{k}", "保険料賦課", "所得") for k in range(1, 4)))
    new = _spec("第1.1版", *(dataclasses.replace(r, section=("保険料賦課等", "所得")) for r in old.requirements))
    d = diff(old, new)
    doc = diff_dict(dataclasses.replace(d, old=dataclasses.replace(d.old, sha256="0" * 64),
                                        new=dataclasses.replace(d.new, sha256="1" * 64)), "2026-01-01T00:00:00+09:00", ())
    validate(doc, "specdiff", source="test")
    assert doc["renamed_headings"] == [{"kind": "function", "level": 0, "parent": [], "from": "保険料賦課",
                                        "to": "保険料賦課等", "ids": ["0230401", "0230402", "0230403"]}]
    assert (doc["counts"]["renamed_headings"], doc["counts"]["moved"], doc["moved"]) == (1, 0, [])
    view = specdiff_view(d, "2026-01-01T00:00:00+09:00", ())
    sheets = {t.name: t for t in view.tables()}
    assert [list(r) for r in sheets["分類名の変更"].rows] == [["機能要件", "大項目", "", "保険料賦課", "保険料賦課等", 3]]
    assert list(sheets) == ["概要", "追加", "削除", "本文変更", "名称変更", "区分変更", "種別変更", "分類名の変更", "移動",
                            "番号変更の可能性"]
    # headings, not requirements: said so beside requirements' counts, with why 変更なし is short of them
    summary = [list(r) for r in sheets["概要"].rows]
    assert ["分類の数: 分類名の変更", 1] in summary and ["件数: 変更なし", 0] in summary
    note = "上位の分類の名前が変わっただけの要件は、「変更なし」にも「移動」にも数えません。"
    assert ["件数の注記", note] in summary
    html = render("specdiff.html", view=view, provenance=view.provenance)
    assert '<a href="#renamed_headings">分類名の変更（1 分類）</a>' in html
    assert '<tr><th scope="row">分類名の変更</th><td class="num">1 分類</td></tr>' in html
    assert f'<p class="muted">{note}</p>' in html and 'id="renamed-heading">分類名の変更（1 分類）' in html
    assert "<td>保険料賦課</td><td>保険料賦課等</td><td class=\"num\">3 件</td>" in html
    assert 'id="moved-heading">移動（0 件）' in html


def test_a_heading_split_in_halves_or_still_there_is_no_rename() -> None:
    """所得's requirements half to 所得更正 and half to 所得照会 (neither more than half of them): a split, no rename of 所得
    to either; three of four to 所得更正 with 所得 still holding the fourth: a heading taken apart, no rename either."""
    old = _spec("第1.0版", *(_under(f"023000{k}", "賦課", "所得") for k in range(1, 5)))
    halves = _spec("第1.1版", *(dataclasses.replace(r, section=("賦課", "所得更正" if k < 2 else "所得照会"))
                               for k, r in enumerate(old.requirements)))
    d = diff(old, halves)
    assert d.renamed_headings == () and len(d.moved) == 4
    most = _spec("第1.1版", *(r if r.id == "0230004" else dataclasses.replace(r, section=("賦課", "所得更正"))
                             for r in old.requirements))
    d = diff(old, most)
    assert d.renamed_headings == () and [m.id for m in d.moved] == ["0230001", "0230002", "0230003"]


def test_a_heading_gone_to_a_new_name_under_another_heading_is_no_rename() -> None:
    """所得 of 賦課 become 所得情報 of 収納 (賦課 and 収納 both still there): the headings above differ, so its requirements
    moved; a rename is of a heading under the same headings above."""
    old = _spec("第1.0版", *(_under(f"023000{k}", "賦課", "所得") for k in range(1, 4)), _under("0230004", "賦課", "算定"),
                _under("0230005", "収納", "納付"))
    new = _spec("第1.1版", *(dataclasses.replace(r, section=("収納", "所得情報")) for r in old.requirements[:3]),
                *old.requirements[3:])
    d = diff(old, new)
    assert d.renamed_headings == () and [m.id for m in d.moved] == ["0230001", "0230002", "0230003"]


def test_a_heading_gone_into_one_the_old_version_had_under_a_renamed_heading_is_no_rename() -> None:
    """賦課 renamed 保険料賦課, and its 所得 taken into its 算定: 算定 was there before (under 賦課, as the new version names
    it 保険料賦課), so 所得 is not renamed 算定 however many of its requirements 算定 now holds."""
    old = _spec("第1.0版", *(_under(f"023000{k}", "賦課", "所得") for k in range(1, 4)), _under("0230004", "賦課", "算定"))
    new = _spec("第1.1版", *(dataclasses.replace(r, section=("保険料賦課", "算定")) for r in old.requirements))
    d = diff(old, new)
    assert _renames(d) == [(0, (), "賦課", "保険料賦課", ("0230001", "0230002", "0230003", "0230004"))]
    assert [m.id for m in d.moved] == ["0230001", "0230002", "0230003"]


def test_requirements_whose_kind_changed_count_for_no_heading_rename() -> None:
    """Of 賦課's five functions two went to 賦課等 and three became forms (a kind change, said as one): 賦課 of the
    functions was renamed, as every function still under it went to 賦課等."""
    old = _spec("第1.0版", *(_under(f"023000{k}", "賦課") for k in range(1, 6)))
    new = _spec("第1.1版", *(dataclasses.replace(r, section=("賦課等",)) for r in old.requirements[:2]),
                *(dataclasses.replace(r, kind="form") for r in old.requirements[2:]))
    d = diff(old, new)
    assert _renames(d) == [(0, (), "賦課", "賦課等", ("0230001", "0230002"))]
    assert d.moved == () and [k.id for k in d.kind_changed] == ["0230003", "0230004", "0230005"]


def test_only_a_change_into_the_prohibited_class_is_flagged_as_making_an_answer_a_violation() -> None:
    """A requirement 実装不可機能 already whose annotation ended is no change to 実装不可機能: a warning, not 要注意."""
    from checker.report.specdiff_view import specdiff_view

    prohibited = _req("0010001", LONG, cls="prohibited")
    old = _spec("第1.0版", dataclasses.replace(prohibited, class_note="経過措置"), _req("0010002", LONG))
    new = _spec("第1.1版", prohibited, _req("0010002", LONG, cls="prohibited"))
    d = diff(old, new)
    assert [(c.id, c.becomes_prohibited) for c in d.class_changed] == [("0010001", False), ("0010002", True)]
    view = specdiff_view(d, "2026-01-01T00:00:00+09:00", ())
    assert [(c.tone, c.alert) for c in view.class_changed] == [("warn", ""), ("bad", "要注意: 実装必須機能→実装不可機能")]


def test_a_renamed_minor_heading_and_one_below_it_are_named_by_their_level() -> None:
    from checker.report.specdiff_view import specdiff_view

    old = _spec("第1.0版", *(_under(f"023000{k}", "賦課", "所得", "更正", "通知") for k in range(1, 3)))
    new = _spec("第1.1版", *(_under(f"023000{k}", "賦課", "所得", "更正等", "通知書") for k in range(1, 3)))
    view = specdiff_view(diff(old, new), "2026-01-01T00:00:00+09:00", ())
    assert [(h.level_label, h.parent, h.old_name, h.new_name) for h in view.renamed_headings] == [
        ("小項目", "賦課 / 所得", "更正", "更正等"), ("第4階層", "賦課 / 所得 / 更正等", "通知", "通知書")]
