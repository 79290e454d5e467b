"""A vendor's earlier answers carried into the new version's answer sheet: which are kept, which asked for, and why."""

from __future__ import annotations

import dataclasses

from checker.analysis.carryover import carry_over
from checker.analysis.prefill import prefill
from checker.analysis.specdiff import diff
from checker.model import Spec
from checker.report.specdiff_view import REASON_LABELS
from tests.unit.test_carryover import answered_all


def test_unchanged_answers_are_kept_and_every_other_row_says_why_it_is_asked(v10: Spec, v11: Spec, truth: dict) -> None:
    changed = {a["id"] for key in ("text_changed", "class_changed", "removed") for a in truth[key]}
    blank_id, invalid = [r.id for r in v10.requirements if r.id not in changed][5:7]
    blank = {blank_id}
    old = dataclasses.replace(answered_all(v10, declared="第1.0版", blank=blank), own_names=("旧版回答株式会社",))
    old = dataclasses.replace(old, answers=tuple(
        dataclasses.replace(a, raw_answer="要確認", answer="invalid") if a.id == invalid else a for a in old.answers))
    carry = carry_over(diff(v10, v11), old, "declared")
    p = prefill(v11, old, carry, REASON_LABELS)
    assert list(p.rows) == [r.id for r in v11.requirements]
    assert (p.vendor, p.answered_version, p.orphaned) == (old.vendor, "第1.0版", len(truth["removed"]))
    asked = {i: r.reason for i, r in p.rows.items() if r.asks}
    text = {a["id"] for a in truth["text_changed"]}
    classes = {a["id"] for a in truth["class_changed"]}
    for rid in text | classes:
        labels = [label for ids, label in ((text, "本文変更"), (classes, "区分変更")) if rid in ids]
        assert asked.pop(rid) == f"再確認（{'・'.join(labels)}）"
        assert p.rows[rid].previous == "○" and p.rows[rid].answer is not None  # asked, the old answer beside it
    for added in truth["added"]:
        assert asked.pop(added["id"]) == "新しい要件"
    assert asked == {**{i: "前回未回答" for i in blank}, invalid: "回答不正"}
    assert p.rows[invalid].previous == "要確認"
    kept = [r for r in p.rows.values() if not r.asks]
    assert kept and all(r.answer is not None and r.answer.raw_answer == "○" for r in kept)
    assert p.counts() == {"": len(kept), "再確認": len(text | classes), "新しい要件": len(truth["added"]),
                          "前回未回答": 1, "回答不正": 1}


def test_answers_to_the_same_version_are_kept_but_the_blank_and_the_unreadable(v11: Spec) -> None:
    old = answered_all(v11, declared="第1.1版", blank={v11.requirements[0].id})
    p = prefill(v11, old, None, REASON_LABELS)
    assert p.answered_version == "第1.1版" and p.orphaned == 0
    assert p.counts() == {"": len(v11.requirements) - 1, "前回未回答": 1}


def test_an_id_answered_twice_differently_is_asked_and_an_unknown_ids_answer_counted(v11: Spec) -> None:
    """The vendor's correcting second row (△ with its 代替案) was dropped for the first (○), and the sheet then checked
    clean: the ID重複 that would have sent it back was gone. Answers to ids the spec lacks vanished without a count."""
    old = answered_all(v11, declared="第1.1版")
    twice, same = v11.requirements[3].id, v11.requirements[4].id
    again = [dataclasses.replace(a, raw_answer="△", answer="partial", alternative="画面照会で代替") for a in old.answers
             if a.id == twice] + [a for a in old.answers if a.id == same]
    stray = dataclasses.replace(old.answers[0], id="0019998")
    old = dataclasses.replace(old, answers=(*old.answers, *again, stray))
    p = prefill(v11, old, None, REASON_LABELS)
    assert (p.rows[twice].reason, p.rows[twice].previous) == ("回答重複（対応可否・代替案が違う）", "○／△")
    assert p.rows[twice].answer is not None and p.rows[twice].answer.alternative == "画面照会で代替"  # the correction's
    assert p.rows[same].asks == ()  # the same answer twice: nothing to choose between
    assert p.unknown == 1 and p.orphaned == 0


def test_a_row_asked_again_and_left_blank_is_asked_again_for_the_same_reason(v11: Spec) -> None:
    """A carried sheet sent back with a 再確認 row still blank, carried again: it became plain 前回未回答 with no earlier
    answer, and the vendor was no longer told that the requirement had changed."""
    rid = v11.requirements[0].id
    old = answered_all(v11, declared="第1.1版", blank={rid})
    earlier = {rid: ("一部対応", "再確認（本文変更）"), v11.requirements[1].id: ("○", "再確認（本文変更）")}
    p = prefill(v11, old, None, REASON_LABELS, earlier)
    assert (p.rows[rid].asks, p.rows[rid].reason, p.rows[rid].previous) == \
        (("再確認",), "再確認（本文変更）（第1.1版 の様式で未回答）", "一部対応")
    assert p.rows[v11.requirements[1].id].asks == ()  # answered since: kept


def test_a_row_left_blank_on_the_earlier_versions_sheet_is_asked_for_what_changed_then_and_since(v10: Spec,
                                                                                                 v11: Spec) -> None:
    """The 第1.0版 sheet (itself carrying older answers) sent back with rows asked there still blank, carried to 第1.1版:
    each kept that sheet's reason as it was, so 0010002's new text in 第1.1版 went unsaid, and the sheet said 前回の回答
    and 再確認 of 第1.0版 for answers and changes older than that."""
    unchanged = [r.id for r in v11.requirements if r.id in {q.id for q in v10.requirements}][-2:]
    earlier = {"0010002": ("×", "再確認（区分変更）"),  # 本文変更 since
               "0010140": ("○", "再確認（区分変更・種別変更）（第0.9版 の様式で未回答）"),  # 区分変更 again, from an older sheet
               unchanged[0]: ("", "新しい要件"), unchanged[1]: ("", "前回未回答")}
    old = answered_all(v10, declared="第1.0版", blank=set(earlier))
    p = prefill(v11, old, carry_over(diff(v10, v11), old, "declared"), REASON_LABELS, earlier)
    assert {i: (p.rows[i].asks, p.rows[i].reason, p.rows[i].previous, p.rows[i].pending) for i in earlier} == {
        "0010002": (("再確認",), "再確認（本文変更・区分変更）（第1.0版 の様式で未回答）", "×", True),
        "0010140": (("再確認",), "再確認（区分変更・種別変更）（第1.0版 の様式で未回答）", "○", True),
        unchanged[0]: (("新しい要件",), "新しい要件（第1.0版 の様式で未回答）", "", True),
        unchanged[1]: (("前回未回答",), "前回未回答", "", False)}  # unanswered again: nothing older to tell of


def test_a_row_asked_again_says_every_change_of_its_requirement(v10: Spec) -> None:
    """A changed name or kind is a 再確認 as a changed text or class is, and a requirement changed in two ways says both."""
    first, second, third = v10.requirements[:3]
    cls = "optional" if third.cls == "mandatory" else "mandatory"
    new = dataclasses.replace(v10, version="第1.1版", requirements=(
        dataclasses.replace(first, name=first.name + "（廃止予定）"),
        dataclasses.replace(second, kind="form", section=(), number=""),
        dataclasses.replace(third, text=third.text + "また、履歴を残すこと。", cls=cls), *v10.requirements[3:]))
    old = answered_all(v10, declared="第1.0版")
    p = prefill(new, old, carry_over(diff(v10, new), old, "declared"), REASON_LABELS)
    assert {i: r.reason for i, r in p.rows.items() if r.asks} == {
        first.id: "再確認（名称変更）", second.id: "再確認（種別変更）", third.id: "再確認（本文変更・区分変更）"}


def test_a_new_requirement_paired_with_a_removed_one_shows_that_answer_beside_it(v10: Spec) -> None:
    """A requirement renumbered with its text unchanged read as a blank 新しい要件, its earlier answer only counted among
    the answers to removed requirements, though check names the pair: the answer is shown, not carried (a guess)."""
    first, second = v10.requirements[:2]
    new = dataclasses.replace(v10, version="第1.1版", requirements=(
        dataclasses.replace(first, id="0010999"), dataclasses.replace(second, id="0010998", text="まったく別の要件。"),
        *v10.requirements[2:]))
    old = dataclasses.replace(answered_all(v10, declared="第1.0版"), answers=tuple(
        dataclasses.replace(a, raw_answer="△", answer="partial") if a.id == first.id else a for a in answered_all(
            v10, declared="第1.0版").answers))
    p = prefill(new, old, carry_over(diff(v10, new), old, "declared"), REASON_LABELS)
    renumbered, other = p.rows["0010999"], p.rows["0010998"]
    assert (renumbered.asks, renumbered.reason, renumbered.previous, renumbered.answer) == (
        ("新しい要件",), f"新しい要件（{first.id} の番号変更の可能性）", "△", None)
    assert (other.asks, other.reason, other.previous) == (("新しい要件",), "新しい要件", "")
    assert p.orphaned == 2


def test_a_changed_requirement_answered_twice_or_unreadably_is_asked_for_both_and_counted_as_check_counts(
        v10: Spec, v11: Spec, truth: dict) -> None:
    """A requirement whose class changed, answered in two rows (the same ○, a 備考 added in the second), was asked as
    回答重複 alone: the vendor picked one of two ○ rows unaware that ○ now meant something else, and the sheet's
    再確認 count was one less than check's for the same answers. An unreadable answer to a changed text lost its 回答不正."""
    twice = truth["class_changed"][0]["id"]
    invalid = next(a["id"] for a in truth["text_changed"] if a["id"] not in {c["id"] for c in truth["class_changed"]})
    old = answered_all(v10, declared="第1.0版")
    again = [dataclasses.replace(a, comment="第2回提出で備考を追記") for a in old.answers if a.id == twice]
    old = dataclasses.replace(old, answers=(*(dataclasses.replace(a, raw_answer="要確認", answer="invalid")
                                              if a.id == invalid else a for a in old.answers), *again))
    carry = carry_over(diff(v10, v11), old, "declared")
    p = prefill(v11, old, carry, REASON_LABELS)
    assert (p.rows[twice].asks, p.rows[twice].reason, p.rows[twice].previous) == (
        ("回答重複", "再確認"), "回答重複（備考が違う）・再確認（区分変更）", "○")
    assert (p.rows[invalid].asks, p.rows[invalid].reason, p.rows[invalid].previous) == (
        ("回答不正", "再確認"), "回答不正・再確認（本文変更）", "要確認")
    assert p.counts()["再確認"] == len(carry.reconfirm)
    assert p.asked == sum(p.counts()[ask] for ask in ("再確認", "新しい要件", "回答不正", "回答重複")) - 2
    assert p.asked_text().endswith("。うち 2 件は理由が 2 つあり、両方に数えています")


def test_a_row_left_blank_on_hyojun_s_sheet_keeps_every_part_of_its_reason(v10: Spec, v11: Spec, truth: dict) -> None:
    """Carried still blank from hyojun's own 第1.0版 sheet: a 回答重複 or 回答不正 whose requirement changed since lost the
    change (only a 再確認 was given the changes since), and a 新しい要件 lost 「（X の番号変更の可能性）」 while X's answer
    stayed beside it, shown as an earlier answer to a requirement said to be new."""
    dup, invalid = truth["text_changed"][0]["id"], truth["class_changed"][0]["id"]
    unchanged = [r.id for r in v11.requirements if r.id in {q.id for q in v10.requirements}][-1]
    earlier = {dup: ("○／△", "回答重複（対応可否が違う）"), invalid: ("要確認", "回答不正"),
               unchanged: ("△", "新しい要件（0019999 の番号変更の可能性）（第0.9版 の様式で未回答）")}
    old = answered_all(v10, declared="第1.0版", blank=set(earlier))
    p = prefill(v11, old, carry_over(diff(v10, v11), old, "declared"), REASON_LABELS, earlier)
    assert {i: (p.rows[i].asks, p.rows[i].reason, p.rows[i].previous) for i in earlier} == {
        dup: (("回答重複", "再確認"), "回答重複（対応可否が違う）・再確認（本文変更）（第1.0版 の様式で未回答）", "○／△"),
        invalid: (("回答不正", "再確認"), "回答不正・再確認（区分変更）（第1.0版 の様式で未回答）", "要確認"),
        unchanged: (("新しい要件",), "新しい要件（0019999 の番号変更の可能性）（第1.0版 の様式で未回答）", "△")}


def test_a_reason_not_of_hyojun_s_own_sheet_is_asked_as_unanswered(v11: Spec) -> None:
    """Only a reason as hyojun writes it is carried: another tool's 「再確認してください」 is no 再確認 of a change."""
    rid = v11.requirements[0].id
    old = answered_all(v11, declared="第1.1版", blank={rid})
    p = prefill(v11, old, None, REASON_LABELS, {rid: ("○", "再確認してください")})
    assert (p.rows[rid].asks, p.rows[rid].reason, p.rows[rid].previous, p.rows[rid].pending) == (
        ("前回未回答",), "前回未回答", "", False)


def test_a_renumbered_new_requirement_left_blank_is_not_asked_to_reconfirm_the_answer_beside_it(v10: Spec, v11: Spec,
                                                                                                 truth: dict) -> None:
    """新しい要件（X の番号変更の可能性） left blank, its text changed since: the answer beside it is X's, not one to it,
    so nothing of its own is asked to be re-confirmed."""
    rid = truth["text_changed"][0]["id"]
    earlier = {rid: ("△", "新しい要件（0019999 の番号変更の可能性）")}
    old = answered_all(v10, declared="第1.0版", blank=set(earlier))
    p = prefill(v11, old, carry_over(diff(v10, v11), old, "declared"), REASON_LABELS, earlier)
    assert (p.rows[rid].asks, p.rows[rid].reason) == (
        ("新しい要件",), "新しい要件（0019999 の番号変更の可能性）（第1.0版 の様式で未回答）")


def test_an_id_answered_twice_once_blank_shows_the_blank_answer_beside_the_other(v11: Spec) -> None:
    """Two rows of an id, one blank: 「○／（空欄）」, not 「○」 with a separator after it."""
    old = answered_all(v11, declared="第1.1版")
    twice = v11.requirements[3].id
    blank = [dataclasses.replace(a, raw_answer="", answer="blank") for a in old.answers if a.id == twice]
    p = prefill(v11, dataclasses.replace(old, answers=(*old.answers, *blank)), None, REASON_LABELS)
    assert (p.rows[twice].asks, p.rows[twice].previous) == (("回答重複",), "○／（空欄）")
