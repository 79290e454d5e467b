"""A joint procurement's scoring (docs/scoring.md §10): each town's subtotal, the towns' weighted total, knock-outs
judged town by town, and the combined ranking."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checker.analysis.bid import compare
from checker.analysis.scoring import KnockoutRule, knockout_reasons, score, section_label
from tests.unit.test_scoring import config, result_of, spec_of

KAIGO, JUMIN = spec_of("mandatory", "optional"), spec_of("mandatory", "mandatory", area="住民記録")
ONE, THREE = spec_of("mandatory"), spec_of(*["mandatory"] * 3)
TOWNS = {"利府町 介護保険": "利府町", "利府町 住民記録": "利府町", "松島町 介護保険": "松島町"}


def joint(answers: dict[str, dict[str, list[str]]], required: dict[str, dict[str, str]] | None = None):
    """section → vendor → answers, each town's 介護保険 requiring its options (*required*: town → id → priority)."""
    required = required or {}
    return {section: {v: result_of(KAIGO if "介護保険" in section else JUMIN, a, required.get(TOWNS[section]))
                      for v, a in by_vendor.items()} for section, by_vendor in answers.items()}


def test_the_total_is_the_town_weighted_mean_of_each_towns_area_weighted_subtotal():
    results = joint({"利府町 介護保険": {"A": ["yes", "yes"]}, "利府町 住民記録": {"A": ["yes", "no"]},
                     "松島町 介護保険": {"A": ["yes", "no"]}}, {"利府町": {"0230002": "中"}, "松島町": {"0230002": "高"}})
    a = score(results, config(area_weights={"介護保険": 3}, knockouts=[]), TOWNS).vendors[0]
    # 利府町: 介護保険 (10 + 20) / 30 = 100 %, 住民記録 50 %, weighted 3 : 1; 松島町: 介護保険 10 / 40 = 25 %
    assert [(t.town, t.percent) for t in a.towns] == [("利府町", 87.5), ("松島町", 25.0)]
    assert a.total == (87.5 + 25) / 2 and a.rank == 1
    assert [(s.label, s.area, s.town, s.weight) for s in a.areas] == [
        ("利府町 介護保険", "介護保険", "利府町", 3), ("利府町 住民記録", "住民記録", "利府町", 1), ("松島町 介護保険", "介護保険", "松島町", 3)]
    weighted = score(results, config(knockouts=[], town_weights={"松島町": 3}), TOWNS).vendors[0]
    assert weighted.towns[1].weight == 3 and weighted.total == pytest.approx((75 + 3 * 25) / 4, abs=0.005)


def test_the_total_averages_the_exact_subtotals_not_the_printed_ones():
    """1/3 and 2/3 of a percent printed 33.33 and 66.67: the total is 50.00 from the exact ones (scoring.md §10)."""
    results = {"利府町 介護保険": {"A": result_of(THREE, ["yes", "no", "no"])},
               "松島町 介護保険": {"A": result_of(THREE, ["yes", "yes", "no"])}}
    a = score(results, config(knockouts=[]), {"利府町 介護保険": "利府町", "松島町 介護保険": "松島町"}).vendors[0]
    assert [t.percent for t in a.towns] == [33.33, 66.67] and [t.exact for t in a.towns] == pytest.approx([100 / 3, 200 / 3])
    assert a.total == 50.0


def test_the_total_is_rounded_once_from_the_exact_subtotals():
    """66.667 % and 0 %: the total is 33.33 (the mean of the exact subtotals, rounded), not 33.34 (the printed 66.67
    halved and rounded half up)."""
    results = {"利府町 介護保険": {"A": result_of(THREE, ["yes", "yes", "no"])},
               "松島町 介護保険": {"A": result_of(THREE, ["no", "no", "no"])}}
    a = score(results, config(knockouts=[]), {"利府町 介護保険": "利府町", "松島町 介護保険": "松島町"}).vendors[0]
    assert [t.percent for t in a.towns] == [66.67, 0.0] and a.total == 33.33


def test_vendors_of_the_same_printed_subtotal_share_the_towns_rank():
    """99.9996 % prints 100.00, as 100 % does: one rank in the town, as the combined ranking gives them (ranked by the
    exact subtotals, B would be 2nd in each town)."""
    cfg = config(points={"mandatory": {"mandatory_deferred": 9.99996}}, knockouts=[])
    results = {f"{t} 介護保険": {"A": result_of(ONE, ["yes"]), "B": result_of(ONE, ["planned"])} for t in ("利府町", "松島町")}
    a, b = score(results, cfg, {"利府町 介護保険": "利府町", "松島町 介護保険": "松島町"}).vendors
    assert [t.percent for t in b.towns] == [100.0, 100.0] and b.towns[0].exact < 100
    assert [t.rank for t in a.towns] == [t.rank for t in b.towns] == [1, 1] and a.rank == b.rank == 1


def test_a_knockout_in_one_town_fails_that_town_and_the_combined_evaluation():
    """The same bid serves every town: a vendor knocked out in 松島町 (an option it requires, missing) is ranked in
    利府町, which does not require it, and 失格 in the combined evaluation, the rule naming the town."""
    results = joint({"利府町 介護保険": {"A": ["yes", "no"], "B": ["yes", "yes"]},
                     "利府町 住民記録": {"A": ["yes", "yes"], "B": ["yes", "planned"]},
                     "松島町 介護保険": {"A": ["yes", "no"], "B": ["yes", "yes"]}}, {"松島町": {"0230002": "高"}})
    cfg = config(knockouts=[{"label": "求めるオプションの未対応", "statuses": ["optional_gap"]}])
    a, b = score(results, cfg, TOWNS).vendors
    assert [(t.town, t.rank, [k.message for k in t.knockouts]) for t in a.towns] == [
        ("利府町", 1, []), ("松島町", None, ["松島町 介護保険: 求めるオプションの未対応 1 件（許容 0 件まで）"])]
    assert a.rank is None and [(k.town, k.area) for k in a.knockouts] == [("松島町", "介護保険")]
    assert [t.rank for t in b.towns] == [2, 1] and b.rank == 1  # 2nd in 利府町 (a deferred answer), yet the only one ranked


def test_a_limit_on_the_total_is_one_on_each_towns_subtotal():
    results = joint({"利府町 介護保険": {"A": ["yes", "yes"]}, "利府町 住民記録": {"A": ["yes", "yes"]},
                     "松島町 介護保険": {"A": ["no", "yes"]}})
    a = score(results, config(knockouts=[{"total_percent_below": 60}]), TOWNS).vendors[0]
    assert a.total == 50.0  # (100 + 0) / 2: the 介護保険 of 松島町 requires no option, its mandatory one is unmet
    assert [(k.town, k.area, k.rule, k.message) for k in a.knockouts] == [
        ("松島町", "", "団体の得点が 60% 未満", "松島町: 団体の得点 0.00% が基準 60% 未満")]  # the rule too: not 総合得点が
    labelled = score(results, config(knockouts=[{"label": "足切り", "total_percent_below": 60}]), TOWNS).vendors[0]
    assert [k.rule for k in labelled.knockouts] == ["足切り"]
    assert [t.knocked_out for t in a.towns] == [False, True] and a.rank is None


def test_a_limit_on_the_total_is_compared_with_a_towns_printed_subtotal():
    """59.996 % prints 60.00: a town's subtotal shown as 60.00 passes a limit of 60, as a one-town total does (the
    exact subtotal would knock the vendor out at a score the report shows as the limit)."""
    cfg = config(points={"mandatory": {"mandatory_deferred": 5.9996}}, knockouts=[{"total_percent_below": 60}])
    results = {f"{t} 介護保険": {"A": result_of(ONE, ["planned"])} for t in ("利府町", "松島町")}
    a = score(results, cfg, {"利府町 介護保険": "利府町", "松島町 介護保険": "松島町"}).vendors[0]
    assert [t.percent for t in a.towns] == [60.0, 60.0] and a.towns[0].exact < 60
    assert a.knockouts == () and a.rank == 1


def test_one_towns_comparison_has_no_towns():
    a = score({"介護保険": {"A": result_of(KAIGO, ["yes", "yes"])}}, config()).vendors[0]
    assert a.towns == () and a.areas[0].label == "介護保険" and section_label("", "介護保険") == "介護保険"


def test_the_comparison_knows_each_sections_town():
    results = joint({"利府町 介護保険": {"A": ["yes", "yes"]}, "利府町 住民記録": {"A": ["yes", "yes"]},
                     "松島町 介護保険": {"A": ["yes", "no"]}})
    cmp = compare(results, None, TOWNS)
    assert cmp.joint and [a.label for a in cmp.areas] == list(TOWNS)
    assert cmp.towns == {"利府町": ("介護保険", "住民記録"), "松島町": ("介護保険",)}
    assert not compare({"介護保険": results["利府町 介護保険"]}).joint
    with pytest.raises(ValueError):
        compare(results, None, {"利府町 介護保険": "利府町"})
    with pytest.raises(ValueError):
        score(results, config(), {"利府町 介護保険": "利府町"})


def test_the_towns_are_in_the_order_of_their_sections_not_sorted():
    """松島町 listed first stays first, in the scores and in the comparison (sorted, 利府町 < 松島町 would come
    first, as it does in the manifests of the other tests)."""
    results = {"松島町 介護保険": {"A": result_of(ONE, ["yes"])}, "利府町 介護保険": {"A": result_of(ONE, ["no"])}}
    towns = {"松島町 介護保険": "松島町", "利府町 介護保険": "利府町"}
    a = score(results, config(knockouts=[]), towns).vendors[0]
    assert [(t.town, t.percent) for t in a.towns] == [("松島町", 100.0), ("利府町", 0.0)]
    assert list(compare(results, None, towns).towns) == ["松島町", "利府町"]


def test_the_json_says_the_town_weights_as_written_even_when_none_matched():
    """scoring.town_weights is the file's (a key matching no town kept), not the weights applied, which may be none."""
    written = config(town_weights={"仙台市": 2})
    assert replace(written, town_weights={}).to_dict()["town_weights"] == {"仙台市": 2}


@pytest.mark.parametrize("rule, described", [
    (KnockoutRule("必須機能の未対応", ("mandatory_gap",)), "いずれかの団体・業務で必須機能の未対応が 1 件以上"),
    (KnockoutRule("総合得点が 60% 未満", total_percent_below=60), "いずれかの団体の得点が 60% 未満"),
    (KnockoutRule("足切り", total_percent_below=60), "足切り（いずれかの団体の得点が 60% 未満）"),
])
def test_a_joint_comparisons_rules_say_they_hold_town_by_town(rule: KnockoutRule, described: str):
    assert rule.described(3, joint=True) == described


def test_a_reason_alike_in_several_towns_is_said_once_with_the_towns():
    """One file's counts, the same in every town: the combined evaluation says them once (5 towns listed them 5
    times); what differs by town (a count its profile changes, a town's subtotal) stays apart, in the towns' order."""
    results = joint({"利府町 介護保険": {"A": ["no", "no"]}, "利府町 住民記録": {"A": ["yes", "yes"]},
                     "松島町 介護保険": {"A": ["no", "no"]}}, {"松島町": {"0230002": "高"}})
    cfg = config(knockouts=[{"label": "必須機能の未対応", "statuses": ["mandatory_gap"]},
                            {"label": "求めるオプションの未対応", "statuses": ["optional_gap"]},
                            {"total_percent_below": 60}])
    a = score(results, cfg, TOWNS).vendors[0]
    assert knockout_reasons(a.knockouts) == (
        "介護保険（利府町・松島町）: 必須機能の未対応 1 件（許容 0 件まで）", "利府町: 団体の得点 50.00% が基準 60% 未満",
        "松島町 介護保険: 求めるオプションの未対応 1 件（許容 0 件まで）", "松島町: 団体の得点 0.00% が基準 60% 未満")
    one = score({"介護保険": {"A": result_of(KAIGO, ["no", "no"])}}, cfg).vendors[0]
    assert knockout_reasons(one.knockouts) == tuple(k.message for k in one.knockouts)
