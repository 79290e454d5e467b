"""The bid matrix (grouping, differ/gap flags) and the vendor masking."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checker.analysis.bid import (GAP_STATUSES, OtherVersion, answer_cautions, compare, compare_area, earlier_vendors,
                                  mask_label, MASK_SERIES, mask_labels, mask_seed, mask_series, parse_town, same_name, same_vendor,
                                  towns_named)
from checker.analysis.carryover import AnsweredVersion
from checker.analysis.gap import STATUSES, check
from checker.model import CODE_LABELS, Answer, LintFinding, Requirement, Response, Spec

MARK = {"yes": "○", "partial": "△", "planned": "移行後", "no": "×", "na": "－", "blank": "", "invalid": "要確認"}


def req(n: int, cls: str, group: str, kind: str = "function") -> Requirement:
    return Requirement(f"023{n:04d}", kind, cls, (group,) if group else (), "", f"名{n}", "本文", "", f"機能要件!D{n}")


# Groups are interleaved on purpose: 大項目 order is first appearance, rows keep spec order.
SPEC = Spec("介護保険", "第6.0版", (
    req(1, "mandatory", "資格"), req(2, "mandatory", "賦課"), req(3, "optional", "資格"),
    req(4, "prohibited", "賦課"), req(5, "mandatory", "", kind="form"),
), (), "s" * 64)


def result(vendor: str, answers: list[str]):
    rows = tuple(Answer(r.id, MARK[a], a, "", "", "", f"回答!C{i}", f"回答!A{i}")
                 for i, (r, a) in enumerate(zip(SPEC.requirements, answers), start=2) if a != "blank")
    return check(SPEC, Response(vendor, f"{vendor}.xlsx", vendor * 64, rows, ()))


def test_groups_in_spec_order_and_forms_get_a_group():
    area = compare_area({"A": result("a", ["yes"] * 5), "B": result("b", ["yes"] * 5)})
    assert [g.name for g in area.groups] == ["資格", "賦課", "帳票要件"]
    assert [[r.requirement.id for r in g.rows] for g in area.groups] == [
        ["0230001", "0230003"], ["0230002", "0230004"], ["0230005"]]
    assert area.vendors == ("A", "B")


FLAG_CASES = [
    # answers of A and B for (mandatory, mandatory, optional, prohibited, form) → differ, gap per id
    (["yes", "yes", "yes", "no", "yes"], ["yes", "yes", "no", "no", "yes"],
     {"0230001": (False, False), "0230002": (False, False), "0230003": (True, False),  # offered vs not: no gap
      "0230004": (False, False), "0230005": (False, False)}),
    (["no", "planned", "yes", "yes", "blank"], ["no", "yes", "yes", "no", "invalid"],
     {"0230001": (False, True), "0230002": (True, True), "0230003": (False, False),
      "0230004": (True, True), "0230005": (True, True)}),
    (["partial", "yes", "yes", "no", "yes"], ["no", "yes", "yes", "na", "yes"],  # △ and × are both mandatory_gap
     {"0230001": (False, True), "0230002": (False, False), "0230003": (False, False),
      "0230004": (False, False), "0230005": (False, False)}),
]


@pytest.mark.parametrize("a, b, expected", FLAG_CASES)
def test_differ_and_gap_flags(a, b, expected):
    area = compare_area({"A": result("a", a), "B": result("b", b)})
    assert {r.requirement.id: (r.differ, r.gap) for r in area.rows} == expected
    group = {g.name: (g.differ_rows, g.gap_rows) for g in area.groups}
    assert sum(d for d, _ in group.values()) == sum(d for d, _ in expected.values())
    assert sum(g for _, g in group.values()) == sum(g for _, g in expected.values())


def test_cells_are_each_vendors_row_in_vendor_order():
    area = compare_area({"B": result("b", ["no"] * 5), "A": result("a", ["yes"] * 5)})
    first = area.rows[0]
    assert [c.status for c in first.cells] == ["mandatory_gap", "conformant"]
    assert [c.source.raw_answer for c in first.cells] == ["×", "○"]


def test_gap_statuses_are_those_needing_attention():
    assert GAP_STATUSES == set(STATUSES) - {"conformant", "optional_offered", "optional_not_offered"}


def test_results_of_different_specs_are_refused():
    other = Spec("介護保険", "第6.0版", SPEC.requirements[:2], (), "t" * 64)
    bad = check(other, Response("b", "b.xlsx", "b" * 64, (), ()))
    with pytest.raises(ValueError):
        compare_area({"A": result("a", ["yes"] * 5), "B": bad})


def test_multi_area_comparison_keeps_vendor_order():
    cmp = compare({"介護保険": {"A": result("a", ["yes"] * 5), "B": result("b", ["no"] * 5)}})
    assert cmp.vendors == ("A", "B") and len(cmp.areas) == 1
    with pytest.raises(ValueError):
        compare({"x": {"A": result("a", ["yes"] * 5)}, "y": {"B": result("b", ["yes"] * 5)}})


@pytest.mark.parametrize("index, label", [(0, "A社"), (1, "B社"), (25, "Z社"), (26, "AA社"), (27, "AB社"), (701, "ZZ社"), (702, "AAA社")])
def test_mask_label(index, label):
    assert mask_label(index) == label


FINGERPRINTS = {"架空システムズ": "1" * 64, "見本ソリューションズ": "2" * 64, "テスト情報サービス": "3" * 64}
VENDORS = list(FINGERPRINTS)


def test_mask_labels_do_not_depend_on_the_order_vendors_are_given_in():
    forward = mask_labels(VENDORS, "委員会")
    backward = mask_labels(reversed(VENDORS), "委員会")
    assert forward == backward
    assert list(forward.values()) == ["A社", "B社", "C社"]  # returned in letter order


def test_mask_seed_changes_the_order_and_is_reproducible():
    seen = {tuple(sorted(mask_labels(VENDORS, str(s)).items())) for s in range(20)}
    assert len(seen) > 1  # the letters are not simply the name order
    # a seed's letters are the same in every run and every hyojun (a later round's key must match the first one's):
    # pinned, as an ordering by Python's per-process hash() would pass a comparison of two calls in one process
    assert mask_labels(VENDORS, "委員会") == {"見本ソリューションズ": "A社", "テスト情報サービス": "B社", "架空システムズ": "C社"}
    assert mask_labels(VENDORS, "1") == {"見本ソリューションズ": "A社", "架空システムズ": "B社", "テスト情報サービス": "C社"}


def test_a_vendor_withdrawing_or_joining_moves_only_the_vendors_after_it():
    names = ["アルファ情報システム", "ベータソリューションズ", "ガンマ電算", "デルタシステム", "イプシロン"]
    for seed in map(str, range(10)):
        everyone = mask_labels(names, seed)
        order = list(everyone)  # letter order
        for gone in names:
            before = order[:order.index(gone)]
            rest = mask_labels([n for n in names if n != gone], seed)
            assert {n: rest[n] for n in before} == {n: everyone[n] for n in before}


@pytest.mark.parametrize("names, shown", [
    (VENDORS, "A社・B社…"),
    (["ABC株式会社", "NEC", "Omega Systems"], "A社・B社…"),  # letters, but no letter of a label
    (["A社", "B社"], "提案者1・提案者2…"),  # README's 介護保険_回答_A社.xlsx: the bid filed as A社 labelled B社
    (["Ａ社", "株式会社ｂ社"], "提案者1・提案者2…"),  # as NFKC and the mask read them
    (["A", "架空システムズ"], "提案者1・提案者2…"),  # 回答_A.xlsx
    (["A社・B社共同企業体", "架空システムズ"], "提案者1・提案者2…"),
    (["提案者A", "架空システムズ"], "甲社・乙社…"),
    (["A社", "提案者2"], "甲社・乙社…"),  # a later series' own label
    (["A社", "提案書4"], "甲社・乙社…"),  # an office's renaming
    (["A社", "１"], "甲社・乙社…"),
])
def test_mask_series_resembles_no_vendor_name(names, shown):
    series, passed = mask_series(names, len(names))
    assert series is not None and series.shown == shown
    labels = mask_labels(names, "委員会", series)
    assert not set(labels.values()) & set(names)  # no bid is shown under another's own name
    assert [s.shown for s, _ in passed] == [s.shown for s in MASK_SERIES[:MASK_SERIES.index(series)]]


def test_mask_series_says_which_name_resembles_each_series_passed_over():
    series, passed = mask_series(["架空システムズ", "B社", "提案者2"], 3)
    assert series is MASK_SERIES[2] and [(s.shown, n) for s, n in passed] == [
        ("A社・B社…", "B社"), ("提案者1・提案者2…", "提案者2")]
    assert list(mask_labels(["架空システムズ", "B社", "提案者2"], "x", series).values()) == ["甲社", "乙社", "丙社"]


def test_no_series_when_every_one_resembles_a_name_or_has_too_few_labels():
    assert mask_series(["A社", "提案者1", "丙社"], 3)[0] is None
    eleven = [f"{c}社{n}" for n, c in enumerate("ABCDEFGHIJK")]
    assert mask_series(eleven[:10], 10)[0] is MASK_SERIES[2]
    assert mask_series(eleven, 11)[0] is None  # 甲社…癸社 are 10


def test_mask_labels_follow_the_seed_in_every_series():
    """Under one seed the same vendor keeps its place in whichever series: its label stays as the key says."""
    names = ["A社", "B社", "C社"]
    series, _ = mask_series(names, 3)
    assert series is MASK_SERIES[1]
    for seed in map(str, range(10)):
        letters = mask_labels(names, seed)
        numbered = mask_labels(names, seed, series)
        assert numbered == mask_labels(list(reversed(names)), seed, series)
        assert list(numbered) == list(letters) and list(numbered.values()) == ["提案者1", "提案者2", "提案者3"]


def test_default_seed_depends_on_the_files():
    changed = dict(FINGERPRINTS, 架空システムズ="9" * 64)
    assert mask_seed(changed) != mask_seed(FINGERPRINTS)
    assert mask_seed(dict(reversed(list(FINGERPRINTS.items())))) == mask_seed(FINGERPRINTS)


def test_duplicate_ids_are_counted_as_such_in_the_cautions():
    once = result("a", ["yes"] * 5)
    rows = once.response.answers
    twice = check(SPEC, replace(once.response, answers=(*rows, replace(rows[0], raw_answer="×", answer="no"),
                                                        replace(rows[1], raw_answer="×", answer="no"))))
    assert (twice.duplicate_ids, twice.unknown_ids) == (2, 0)
    assert [(c.short, c.long) for c in answer_cautions(twice, None)] == [("ID重複 2 件", "ID重複（最初の行を採用） 2 件")]


def test_answers_to_another_version_or_all_blank_are_cautions():
    """compare ranked a bid made against 第5.0版, or one whose answer column was blank, without a word."""
    assert answer_cautions(result("a", ["yes"] * 5), None) == ()
    [caution] = answer_cautions(result("a", ["yes"] * 5), OtherVersion(AnsweredVersion("第5.0版", "declared"), 2))
    assert caution.short == "第5.0版 への回答（再確認 2 件）"
    assert caution.long.startswith("第5.0版 への回答（回答ファイルの表題に書かれた版。仕様書は 第6.0版。再確認 2 件。")
    assert [c.short for c in answer_cautions(result("b", ["blank"] * 5), None)] == ["回答がすべて空欄"]
    assert answer_cautions(result("b", ["blank"] * 3 + ["no", "no"]), None) == ()


def test_the_version_answered_is_a_caution_whatever_told_it_as_check_says_it():
    """Finding 1 of the version-chain review: compare found the version answered only in the sheet's title, so a
    manifest's answered_version or answers to an older version's ids gave no caution, though its notice said they
    would. The comparison now keeps the version check decides, per area and vendor."""
    old, current = result("a", ["yes"] * 5), result("b", ["no"] * 5)
    by_manifest = OtherVersion(AnsweredVersion("第5.0版", "manifest"), 3)
    cmp = compare({"介護保険": {"A": old, "B": current}}, {"介護保険": {"A": by_manifest}})
    [area] = cmp.areas
    assert area.versions == (by_manifest, None)
    [caution] = answer_cautions(old, area.versions[0])
    assert (caution.short, caution.long) == (
        "第5.0版 への回答（再確認 3 件）",
        "第5.0版 への回答（マニフェストの answered_version。仕様書は 第6.0版。再確認 3 件。版の変わった要件は未回答・"
        "古い回答のまま採点。再確認の一覧は hyojun check で作れます）")
    assert answer_cautions(current, area.versions[1]) == ()
    # inferred from the ids, of a version that is not stored: said so, and how to get the list
    [caution] = answer_cautions(old, OtherVersion(AnsweredVersion("第5.0版", "unknown_ids"), None))
    assert caution.short == "第5.0版 への回答"
    assert caution.long == ("第5.0版 への回答（仕様書にないIDが旧版の要件と一致。仕様書は 第6.0版。版の変わった要件は未回答・古い回答のまま"
                            "採点。hyojun spec import で 第5.0版 を取り込むと、再確認の一覧を hyojun check で作れます）")
    # the versions follow the vendors they are of, or are refused
    with pytest.raises(ValueError):
        compare({"介護保険": {"A": old, "B": current}}, {"介護保険": {"C": by_manifest}})
    with pytest.raises(ValueError):
        compare({"介護保険": {"A": old, "B": current}}, {"住民記録": {"A": by_manifest}})


def test_answers_to_a_stored_version_without_changes_say_none_to_re_confirm():
    """The answered version is stored and no requirement changed since: 再確認 0 件, not advice to import it."""
    [caution] = answer_cautions(result("a", ["yes"] * 5), OtherVersion(AnsweredVersion("第5.0版", "declared"), 0))
    assert (caution.short, caution.long) == (
        "第5.0版 への回答（再確認 0 件）",
        "第5.0版 への回答（回答ファイルの表題に書かれた版。仕様書は 第6.0版。再確認 0 件。版の変わった要件は未回答・"
        "古い回答のまま採点。再確認の一覧は hyojun check で作れます）")


def test_a_version_given_that_the_title_contradicts_is_a_caution():
    """A manifest's answered_version checked though the file's title names another: the committee is told."""
    told = "マニフェストの answered_version（第5.0版）への回答として確認しました。回答ファイルの表題には 第4.0版 と書かれています"
    differs = LintFinding("warning", "answered-version-differs", "", told)
    checked = replace(result("a", ["yes"] * 5), lint=(differs,))
    version = OtherVersion(AnsweredVersion("第5.0版", "manifest"), 1)
    assert [c.short for c in answer_cautions(checked, version)] == ["第5.0版 への回答（再確認 1 件）",
                                                                   CODE_LABELS["answered-version-differs"]]
    assert answer_cautions(checked, version)[1].long == told


def test_a_name_matches_a_file_naming_no_vendor_or_one_containing_it():
    """scoring.md: company form, spaces and width aside, one name containing the other is a match; a file naming no
    vendor is no mix-up."""
    assert same_vendor("マンテン", ("マンテン株式会社 東日本支社",))
    assert same_vendor("マンテン株式会社 東日本支社", ("マンテン",))
    assert same_vendor("A社", ())
    assert not same_vendor("マンテン", ("架空システムズ株式会社",))


def test_a_vendor_is_its_earlier_self_by_name_company_form_aside_never_by_a_name_containing_it():
    """The rerun review: 富士通Japan was matched to 富士通 (one name contains the other), and the committee was told that
    another company was the earlier C社 moved to B社. A revision in a file name is no part of the name read from it."""
    assert earlier_vendors(["株式会社 アルファ", "ベータ"], ["アルファ", "ベータ"]) == {"ベータ": "ベータ", "株式会社 アルファ": "アルファ"}
    assert earlier_vendors(["ＮＥＣ㈱", "ガンマ"], ["NEC", "ガンマ"]) == {"ガンマ": "ガンマ", "ＮＥＣ㈱": "NEC"}
    assert earlier_vendors(["富士通Japan", "NECネッツエスアイ", "日立"], ["富士通", "NEC", "日立"]) == {"日立": "日立"}
    assert earlier_vendors(["アルファ", "アルファ東日本"], ["アルファ"]) == {"アルファ": "アルファ"}
    # two that could be one earlier vendor: none's
    assert earlier_vendors(["株式会社アルファ", "アルファ株式会社"], ["アルファ"]) == {}
    assert earlier_vendors(["架空"], ["株式会社"]) == {} and earlier_vendors(["有限会社"], ["株式会社"]) == {}
    assert same_name("株式会社", "株式会社") and not same_name("有限会社", "株式会社")  # all company form: no key
    # a manifest's name as the office wrote it for round 2: its revision is no part of the name (as in a file's name)
    assert earlier_vendors(["見本ソリューションズ 修正版", "ベータ（再提出）"], ["見本ソリューションズ", "ベータ"]) == {
        "見本ソリューションズ 修正版": "見本ソリューションズ", "ベータ（再提出）": "ベータ"}
    assert not same_name("ABC-2", "ABC") and not same_name("修正システム", "システム")


def test_a_town_written_takes_any_spaces_after_its_prefecture_and_is_normalised():
    """A town: as typed (two spaces, a full-width one) is 利府町 of 宮城県, not a town named 「 利府町」 of no prefecture;
    a name without prefecture is normalised as one with it is (a half-width ｹ, spaces around): the key it is compared
    and printed by."""
    assert parse_town("宮城県　 利府町") == ("宮城県", "利府町")
    assert parse_town("宮城県  利府町") == ("宮城県", "利府町")
    assert parse_town(" 七ｹ浜町　") == (None, "七ケ浜町")


def test_towns_named_gives_one_spelling_of_a_town_whatever_the_order():
    """七ヶ浜町 and 七ケ浜町 of one prefecture are one town: the name given was the last of the manifest's order."""
    spelled = [("宮城県", "七ヶ浜町"), ("宮城県", "七ケ浜町"), ("北海道", "七ヶ浜町")]
    assert towns_named((None, "七ケ浜町"), spelled) == towns_named((None, "七ケ浜町"), spelled[::-1]) \
        == [("北海道", "七ヶ浜町"), ("宮城県", "七ケ浜町")]


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def test_an_earlier_vendor_two_earlier_ones_could_be_is_none():
    """株式会社アルファ now, アルファ and アルファ株式会社 before (both not taken by exact name): either could be it."""
    assert earlier_vendors(["株式会社アルファ", "ベータ"], ["アルファ", "アルファ株式会社", "ベータ"]) == {"ベータ": "ベータ"}


def test_an_earlier_vendor_taken_by_its_exact_name_is_taken_once():
    """アルファ is the earlier アルファ by its exact name: 株式会社アルファ, a second bid now, is not that one too."""
    assert earlier_vendors(["アルファ", "株式会社アルファ"], ["アルファ"]) == {"アルファ": "アルファ"}
