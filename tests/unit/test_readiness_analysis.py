"""Pure readiness analysis: exact rates, next step, deadlines and overrides, risk, medians, status record."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from checker.analysis.readiness import (AreaDeadline, AreaProgress, CheckRecord, DeadlineOverride, Deadlines, Medians, MunicipalityProgress, RiskRule, area_deadline,
                                        area_medians, at_risk, coverage_summary_lines, days_left_label, deadline_groups,
                                        deadline_label, json_records, latest_coverage, next_step,
                                        no_trend_label, risk_label, several_vendors_notes, slowest_areas_label, status_record)
from checker.errors import InputError
from checker.catalog import load_catalog
from checker.io.deadlines import load_deadlines
from checker.readiness_model import in_code_order
from checker.schemas import validate


def _muni(name: str, month: str, done: dict[str, int], steps: str | None = None) -> MunicipalityProgress:
    return MunicipalityProgress("宮城県", name, None, month,
                                {a: AreaProgress(a, d, steps.count("W") if steps else 0, steps) for a, d in done.items()})


def test_rates_are_exact() -> None:
    m = _muni("利府町", "2026-01", {f"a{i}": 37 if i < 3 else 40 for i in range(20)})
    assert m.overall == Fraction(3 * 37 + 17 * 40, 800) == Fraction(791, 800)
    assert m.areas["a0"].rate == Fraction(37, 40)


def test_a_town_of_no_area_is_0_percent_done() -> None:
    """Nothing recorded is nothing done: not 100 % (nor a division by zero)."""
    assert _muni("利府町", "2026-01", {}).overall == 0


def test_next_step_skips_done_and_not_applicable() -> None:
    assert next_step("DDX" + "W" + "N" * 36).id == "②-1"
    assert next_step("D" * 38 + "XX") is None
    assert next_step(None) is None


def test_deadline_overrides_most_specific_wins() -> None:
    d = Deadlines(areas={"生活保護": dt.date(2027, 3, 31)})
    assert d.entry("宮城県", "利府町", "住民記録")[0] == dt.date(2026, 3, 31)
    assert d.entry("宮城県", "利府町", "生活保護")[0] == dt.date(2027, 3, 31)


def test_the_most_specific_deadline_wins_whatever_the_order_of_the_entries() -> None:
    whole = DeadlineOverride(None, "A町", dt.date(2031, 3, 31))
    one_area = DeadlineOverride("テスト県", "A町", None, {"住民記録": dt.date(2027, 3, 31)})
    in_pref = DeadlineOverride("テスト県", "A町", dt.date(2029, 3, 31))
    for order in ((whole, one_area, in_pref), (in_pref, one_area, whole), (one_area, whole, in_pref)):
        d = Deadlines(municipalities=order)
        assert d.entry("テスト県", "A町", "住民記録")[0] == dt.date(2027, 3, 31)  # municipality × area
        assert d.entry("テスト県", "A町", "戸籍")[0] == dt.date(2029, 3, 31)  # the entry naming its prefecture
        assert d.entry("別県", "A町", "住民記録")[0] == dt.date(2031, 3, 31)  # another A町: only the general entry


def test_a_prefecture_s_rule_applies_to_its_towns_only_after_theirs() -> None:
    whole = DeadlineOverride("テスト県", None, dt.date(2029, 3, 31), {"戸籍": dt.date(2030, 3, 31)}, "県")
    town = DeadlineOverride(None, "A町", None, {"住民記録": dt.date(2027, 3, 31)}, "町")
    d = Deadlines(areas={"戸籍": dt.date(2028, 3, 31)}, municipalities=(town,), prefectures=(whole,))
    assert d.entry("テスト県", "A町", "住民記録") == (dt.date(2027, 3, 31), "町")
    assert d.entry("テスト県", "A町", "戸籍") == (dt.date(2030, 3, 31), "県")
    assert d.entry("テスト県", "B町", "就学") == (dt.date(2029, 3, 31), "県")
    assert d.entry("別県", "A町", "戸籍") == (dt.date(2028, 3, 31), None)


def test_one_entry_with_a_deadline_and_areas_gives_its_areas_their_own_date() -> None:
    """municipality × area before municipality, within one entry too: 戸籍's 特定移行支援システム date is kept."""
    d = Deadlines(municipalities=(DeadlineOverride("宮城県", "利府町", dt.date(2027, 3, 31), {"戸籍": dt.date(2031, 3, 31)},
                                                   "特定移行支援システム"),))
    assert d.entry("宮城県", "利府町", "戸籍") == (dt.date(2031, 3, 31), "特定移行支援システム")
    assert d.entry("宮城県", "利府町", "住民記録")[0] == dt.date(2027, 3, 31)


def test_a_prefecture_wide_rule_comes_after_the_town_s_own_and_before_the_file_wide_areas(tmp_path: Path) -> None:
    """A rule for every town of 宮城県 (a shared system) needed one entry per town, or the file-wide areas:, which changed
    every other prefecture's towns too; neither areas: nor default could say why. 団体×業務 → 団体 → 都道府県×業務 →
    都道府県 → 業務 → default, whatever the order written."""
    path = tmp_path / "d.yaml"
    prefectures = """prefectures:
  宮城県:
    areas:
      戸籍: 2029-03-31
      介護保険: {deadline: 2030-03-31, note: 県の共同利用システム（介護）}
    note: 県の共同利用システム
  福島県:
    deadline: 2028-03-31
"""
    rest = """default: {deadline: 2026-03-31, note: 標準化の期限}
areas:
  戸籍附票: {deadline: 2028-03-31, note: 全国で延長}
  住民記録: 2027-03-31
municipalities:
  - {prefecture: 宮城県, municipality: 利府町, deadline: 2031-03-31, note: 特定移行支援システム}
  - {prefecture: 宮城県, municipality: 村田町, areas: {住民記録: 2026-12-07, 就学: {deadline: 2027-03-31, note: 個別延長}}}
"""
    for text in (prefectures + rest, rest + prefectures):
        path.write_text(text, "utf-8")
        d = load_deadlines(path)
        murata, sendai = ("宮城県", "村田町"), ("宮城県", "仙台市")
        assert d.entry(*murata, "住民記録") == (dt.date(2026, 12, 7), None)  # 団体 × 業務
        assert d.entry(*murata, "就学") == (dt.date(2027, 3, 31), "個別延長")  # with its own note
        assert d.entry("宮城県", "利府町", "戸籍") == (dt.date(2031, 3, 31), "特定移行支援システム")  # 団体
        assert d.entry(*sendai, "戸籍") == d.entry(*murata, "戸籍") == (dt.date(2029, 3, 31), "県の共同利用システム")  # 都道府県 × 業務
        assert d.entry(*sendai, "介護保険") == (dt.date(2030, 3, 31), "県の共同利用システム（介護）")
        assert d.entry("福島県", "伊達市", "就学") == (dt.date(2028, 3, 31), None)  # 都道府県
        assert d.entry(*sendai, "戸籍附票") == (dt.date(2028, 3, 31), "全国で延長")  # 業務, with its note
        assert d.entry(*sendai, "住民記録") == (dt.date(2027, 3, 31), None)
        assert d.entry("北海道", "伊達市", "戸籍") == (dt.date(2026, 3, 31), "標準化の期限")  # default: another prefecture's town
    from checker.io.deadlines import check_towns

    assert check_towns(d, [("宮城県", "利府町"), ("宮城県", "村田町")]) == [
        f"{path}: 14 行目: prefectures の 福島県 の団体が取り込み済みのデータにありません。この期限は使われません"]
    path.write_text("municipalities:\n  - prefecture: 宮城県\n    areas: {戸籍: 2028-03-31}\n", "utf-8")
    with pytest.raises(InputError, match="2 行目: municipalities の 1 番目（宮城県）: 必要なキー「municipality」がありません。"
                                         r"都道府県のすべての団体の期限は prefectures: に書きます（docs/readiness.md）$"):
        load_deadlines(path)
    path.write_text("prefectures:\n  宮城:\n    deadline: 2028-03-31\n  福島県:\n    戸籍: 2028-03-31\n", "utf-8")
    with pytest.raises(InputError) as err:
        load_deadlines(path)
    assert err.value.details == [
        "2 行目: prefectures の 宮城: 都道府県「宮城」は47都道府県の名前ではありません（宮城県 のことですか）",
        "4 行目: prefectures の 福島県: キー「deadline」か「areas」のどちらかが必要です",
        "5 行目: prefectures の 福島県: 使えないキー「戸籍」があります（書き間違いでないか確かめてください）。業務別の期限は areas: の下に書きます"]


def test_two_entries_giving_one_town_s_area_a_deadline_each_are_refused_naming_both(tmp_path: Path) -> None:
    """The first of two entries of 利府町 won without a word (an updated extension appended to the file was never
    shown), and of two names of one area in one areas:, the last."""
    path = tmp_path / "d.yaml"
    path.write_text("""municipalities:
  - prefecture: 宮城県
    municipality: 利府町
    areas: {戸籍: 2028-03-31, 戸籍附票: 2028-03-31}
    note: 一つ目
  - prefecture: 宮城県
    municipality: 利府町
    areas: {戸籍: 2031-03-31, 戸籍の附票: 2031-03-31, 住民記録: 2031-03-31}
    note: 二つ目（更新した値）
  - {prefecture: 宮城県, municipality: 利府町, deadline: 2029-03-31}
  - {prefecture: 宮城県, municipality: 利府町, deadline: 2030-03-31}
  - {municipality: 利府町, deadline: 2030-03-31}
  - municipality: 仙台市
    areas:
      戸籍附票: 2028-03-31
      戸籍の附票: 2031-03-31
prefectures:
  宮城県: {deadline: 2028-03-31}
  '宮城県　': {deadline: 2029-03-31}
""", "utf-8")
    with pytest.raises(InputError) as err:
        load_deadlines(path)
    assert err.value.details == [
        "6 行目: municipalities の 2 番目（宮城県 利府町） の 戸籍 の期限 2031-03-31 は、2 行目の municipalities の 1 番目（宮城県 利府町） の "
        "2028-03-31 と重なります。どちらか 1 つにしてください",
        "6 行目: municipalities の 2 番目（宮城県 利府町） の 戸籍附票 の期限 2031-03-31 は、2 行目の municipalities の 1 番目（宮城県 利府町） の "
        "2028-03-31 と重なります。どちらか 1 つにしてください",
        "11 行目: municipalities の 4 番目（宮城県 利府町） の deadline（全業務の期限） 2030-03-31 は、10 行目の municipalities の 3 番目"
        "（宮城県 利府町） の 2029-03-31 と重なります。どちらか 1 つにしてください",
        "16 行目: municipalities の 6 番目（仙台市） の areas/戸籍の附票: 「戸籍附票」（15 行目）と同じ業務（戸籍附票）です。1 つにまとめてください",
        "19 行目: prefectures の 宮城県 の deadline（全業務の期限） 2029-03-31 は、18 行目の prefectures の 宮城県 の 2028-03-31 と重なります。"
        "どちらか 1 つにしてください"]
    # one town's areas in two entries, and the entry without a prefecture beside the one with it, are not two deadlines
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 利府町, areas: {戸籍: 2031-03-31}, note: 特定移行支援システム}\n"
                    "  - {prefecture: 宮城県, municipality: 利府町, areas: {住民記録: 2027-03-31}, note: 個別延長}\n"
                    "  - {municipality: 利府町, deadline: 2028-03-31}\n", "utf-8")
    d = load_deadlines(path)
    assert [d.entry("宮城県", "利府町", a) for a in ("戸籍", "住民記録", "就学")] == [
        (dt.date(2031, 3, 31), "特定移行支援システム"), (dt.date(2027, 3, 31), "個別延長"), (dt.date(2028, 3, 31), None)]


def test_an_entry_without_a_prefecture_naming_a_town_of_several_prefectures_is_refused(tmp_path: Path) -> None:
    """美里町's 特定移行支援システム date, meant for 宮城県's, reached 埼玉県's and 熊本県's 美里町 silently; check --record
    refuses such a name."""
    from checker.io.deadlines import check_towns

    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - municipality: 美里町\n    areas: {戸籍: 2031-03-31}\n"
                    "  - {prefecture: 宮城県, municipality: 美里町, deadline: 2028-03-31}\n  - {municipality: 府中市, deadline: 2031-03-31}\n",
                    "utf-8")
    d = load_deadlines(path)
    known = [("熊本県", "美里町"), ("宮城県", "美里町"), ("埼玉県", "美里町"), ("東京都", "府中市"), ("広島県", "府中市")]
    with pytest.raises(InputError) as err:
        check_towns(d, known)
    assert err.value.message == f"{path}: 2 件の問題があります（すべて直してから実行してください）"
    assert err.value.details == [
        "2 行目: municipalities の 1 番目（美里町）: 美里町 は 宮城県・埼玉県・熊本県 にあります。どの団体の期限か決まらないため、"
        "prefecture: 宮城県 のように都道府県を書いてください（いくつかの団体に当てるなら、団体ごとに項目を分けます）",
        "5 行目: municipalities の 3 番目（府中市）: 府中市 は 東京都・広島県 にあります。どの団体の期限か決まらないため、"
        "prefecture: 東京都 のように都道府県を書いてください（いくつかの団体に当てるなら、団体ごとに項目を分けます）"]
    # the name of one town: that town's, its own deadlines beside those of the entry naming its prefecture
    assert check_towns(d, [("宮城県", "美里町"), ("東京都", "府中市")]) == []
    path.write_text("municipalities:\n  - {municipality: 美里町, deadline: 2031-03-31}\n"
                    "  - {prefecture: 宮城県, municipality: 美里町, deadline: 2028-03-31}\n", "utf-8")
    with pytest.raises(InputError, match="^" + re.escape(
            f"{path}: 3 行目: municipalities の 2 番目（宮城県 美里町） の deadline（全業務の期限） 2028-03-31 は、2 行目の "
            "municipalities の 1 番目（美里町） の 2031-03-31 と重なります。どちらか 1 つにしてください") + "$"):
        check_towns(load_deadlines(path), [("宮城県", "美里町")])


def test_a_deadline_no_deadline_can_be_is_said_naming_its_entry(tmp_path: Path) -> None:
    """deadline: 2025-03-31 (2028 mistyped) made every area 616 days overdue without a word; 2301 would never be near."""
    path = tmp_path / "d.yaml"
    path.write_text("default: 2026-03-31\nareas: {戸籍: 2031-03-31, 戸籍附票: 2301-03-31}\nmunicipalities:\n"
                    "  - {prefecture: 宮城県, municipality: 利府町, deadline: 2025-03-31, note: 入力ミス}\n", "utf-8")
    assert load_deadlines(path).notes == (
        f"{path}: 2 行目: areas/戸籍附票 2301-03-31 は特定移行支援システムの最も遅い期限 2031-03-31（令和12年度末）より後です。"
        "書き間違いでないか確かめてください",
        f"{path}: 4 行目: municipalities の 1 番目（宮城県 利府町） の deadline 2025-03-31 は標準化の期限 2026-03-31（令和7年度末）より前です。"
        "書き間違いでないか確かめてください")
    path.write_text("default: 令和7年度末\nareas: {戸籍: 令和12年度末}\n", "utf-8")
    assert load_deadlines(path).notes == ()


def test_a_basis_day_before_the_data_or_after_every_deadline_is_said() -> None:
    """--today 2025-12-01 for 2026-01's data, and 2035-01-01, said nothing (2035 only that the data was 108 months old)."""
    from checker.analysis.readiness import basis_notes

    assert basis_notes("2026-01", dt.date(2025, 12, 1), Deadlines(), today_given=True) == [
        "基準日 2025年12月1日がデータの月 2026年1月より前です。期限までの日数はこの基準日から数えています。--today の書き間違いでないか確かめてください"]
    late = basis_notes("2026-01", dt.date(2035, 1, 1), Deadlines(source="d.yaml"), today_given=True)
    # the latest deadline in use, 2026-03-31, and the latest one may be (no area had 2031-03-31, as said before)
    assert late[0] == ("基準日 2035年1月1日はどの期限（最も遅いもので 2026年3月31日。特定移行支援システムの期限も最も遅いもので 2031年3月31日）"
                       "よりも後です。未完了の業務はすべて期限超過です。--today の書き間違いでないか確かめてください") and "108 か月前" in late[1]
    extended = Deadlines(areas={"戸籍": dt.date(2031, 3, 31)}, source="d.yaml")
    assert basis_notes("2026-01", dt.date(2035, 1, 1), extended, today_given=True)[0].startswith("基準日 2035年1月1日はどの期限（最も遅いもので 2031年3月31日）よりも後")
    assert basis_notes("2026-01", dt.date(2031, 3, 31), Deadlines(source="d.yaml"), today_given=True)[1:] == []
    later = Deadlines(municipalities=(DeadlineOverride(None, "A町", None, {"戸籍": dt.date(2032, 3, 31)}),), source="d.yaml")
    assert basis_notes("2031-12", dt.date(2032, 1, 1), later, today_given=True) == []  # a later deadline of the file still ahead
    assert basis_notes("2026-01", dt.date(2026, 1, 1), Deadlines(), today_given=True) == []


def test_deadlines_yaml(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("""schema_version: 1
default: 令和7年度末
areas:
  戸籍の附票: 2026-09-30
municipalities:
  - prefecture: 宮城県
    municipality: 利府町
    areas: {住民記録: R12年度末}
    note: 特定移行支援システム
  - municipality: 仙台市
    deadline: 2031/03/31 0:00:00
at_risk: {rate_below: 0.9, days_within: 90, any_rate_within: 14}
""", "utf-8")
    d = load_deadlines(path)
    assert d.entry("宮城県", "利府町", "住民記録")[0] == dt.date(2031, 3, 31)
    assert d.entry("宮城県", "利府町", "戸籍附票")[0] == dt.date(2026, 9, 30)  # alias resolved
    assert d.entry("宮城県", "仙台市", "戸籍")[0] == dt.date(2031, 3, 31)
    assert d.entry("北海道", "利府町", "住民記録")[0] == dt.date(2026, 3, 31)  # other prefecture
    assert d.risk == RiskRule(Fraction(9, 10), 90, 14)


@pytest.mark.parametrize("at_risk, rule", [
    # a file of before 0.11.0 that narrowed the window keeps it (the upgrade review: every area 21 days off flagged)
    ("{rate_below: 0.5, days_within: 14}", RiskRule(Fraction(1, 2), 14, 14)),
    ("{days_within: 60}", RiskRule(days_within=60, any_rate_within=30)),
    ("{days_within: 14, any_rate_within: 30}", RiskRule(days_within=14, any_rate_within=30)),
    ("{rate_below: 0.5}", RiskRule(rate_below=Fraction(1, 2))),
])
def test_any_rate_within_left_out_is_no_wider_than_days_within(tmp_path: Path, at_risk: str, rule: RiskRule) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(f"default: 2026-03-31\nat_risk: {at_risk}\n", "utf-8")
    assert load_deadlines(path).risk == rule


@pytest.mark.parametrize("text, message", [
    ("default: 20310331\n", "default の日付「20310331」を読み取れません（2031-03-31 の形で書いてください）"),
    ("default: 明日\n", r"default の日付「明日」を読み取れません（2031-03-31 の形で書いてください。2031/3/31・2031年3月31日・令和13年3月31日"
                       r".*・令和12年度末・令和9年3月末 も可）"),
    ("areas: {謎の業務: 2026-03-31}\n", "謎の業務"),
    ("default: 2026-02-30\n", "存在しない日付"),
    ("default: [\n", "YAML として読めません"),
])
def test_bad_deadlines_yaml(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError, match=message):
        load_deadlines(path)


def test_at_risk_rule() -> None:
    rule = RiskRule(Fraction(3, 4), 180)
    assert at_risk(Fraction(1, 2), 100, rule)
    assert not at_risk(Fraction(1, 2), 200, rule)  # far from the deadline
    assert not at_risk(Fraction(9, 10), 40, rule)  # high rate, more than 30 days left
    assert at_risk(Fraction(39, 40), -1, rule)  # past the deadline, not done
    assert not at_risk(Fraction(1), -100, rule)


def test_at_risk_at_the_documented_boundaries_and_defaults() -> None:
    """rate_below 0.75 「未満」, days_within 180 「以内」, any rate within 30 days, 「期限超過」 past the deadline
    (docs/readiness.md)."""
    assert RiskRule() == RiskRule(Fraction(3, 4), 180, 30)
    assert not at_risk(Fraction(30, 40), 100, RiskRule())  # exactly 75 %: not below
    assert at_risk(Fraction(20, 40), 180, RiskRule())  # exactly 180 days: within
    assert at_risk(Fraction(20, 40), 120, RiskRule())
    assert not at_risk(Fraction(20, 40), 181, RiskRule())
    assert at_risk(Fraction(39, 40), -1, RiskRule())
    assert not at_risk(Fraction(40, 40), 0, RiskRule())  # done


def test_an_unfinished_area_a_month_from_its_deadline_is_at_risk_whatever_its_rate() -> None:
    """石巻市's 生活保護 at 77.5 % (9 steps left) with its deadline today was flagged nowhere (75 % or more): within 30
    days of the deadline an unfinished area is at risk at any rate (「期限が近い」), the deadline day included."""
    assert at_risk(Fraction(31, 40), 0, RiskRule())  # the deadline day: not past it, but near
    assert at_risk(Fraction(39, 40), 30, RiskRule()) and not at_risk(Fraction(39, 40), 31, RiskRule())
    assert not at_risk(Fraction(39, 40), 10, RiskRule(any_rate_within=0)) and at_risk(Fraction(39, 40), 0, RiskRule(any_rate_within=0))
    town, today = _muni("石巻市", "2026-11", {"生活保護": 31}), dt.date(2026, 12, 7)
    (due,) = [area_deadline(town, "生活保護", Deadlines(default=today), today)]
    assert (due.days, due.at_risk, risk_label(due.days)) == (0, True, "⚠ 期限が近い")


def test_an_area_against_its_deadline_is_what_the_town_s_record_says_of_it() -> None:
    """One rule for a town's record and the views of many towns (the heat map, a prefecture's status): the deadline and
    note of the entry giving it, the days from the 基準日, and at risk when unfinished."""
    d = Deadlines(municipalities=(DeadlineOverride("宮城県", "利府町", None, {"戸籍": dt.date(2027, 3, 31)}, "特定移行支援システム"),))
    town, day = _muni("利府町", "2026-01", {"住民記録": 39, "戸籍": 23, "就学": 40}), dt.date(2026, 12, 7)
    areas = [area_deadline(town, a, d, day) for a in town.areas]
    assert areas == [AreaDeadline("住民記録", 0.975, dt.date(2026, 3, 31), None, -251, True),
                     AreaDeadline("戸籍", 0.575, dt.date(2027, 3, 31), "特定移行支援システム", 114, True),
                     AreaDeadline("就学", 1.0, dt.date(2026, 3, 31), None, -251, False)]
    record = status_record(town, None, today=day, deadlines=d, area_order=list(town.areas))
    assert [(r["deadline"], r["deadline_note"], r["days_left"], r["at_risk"]) for r in record["details"].values()] == [
        (a.deadline.isoformat(), a.note, a.days, a.at_risk) for a in areas]


def test_an_area_is_at_risk_on_the_last_day_of_the_rules_window() -> None:
    """area_deadline passes at_risk the days left as they are: 180 days before the deadline is within days_within 180,
    181 is not (a day more or less and the 「以内」 boundary moves)."""
    town, today = _muni("利府町", "2026-01", {"住民記録": 10}), dt.date(2026, 1, 31)
    within = area_deadline(town, "住民記録", Deadlines(default=today + dt.timedelta(days=180)), today)
    after = area_deadline(town, "住民記録", Deadlines(default=today + dt.timedelta(days=181)), today)
    assert (within.days, within.at_risk) == (180, True) and (after.days, after.at_risk) == (181, False)


def test_medians_are_exact() -> None:
    group = [_muni(n, "2026-01", {"戸籍": d}) for n, d in (("a", 10), ("b", 11), ("c", 30), ("d", 31))]
    assert area_medians(group) == {"戸籍": Fraction(41, 80)}


def test_latest_coverage_is_the_municipalitys_own_newest() -> None:
    checks = [CheckRecord(1, "戸籍", None, None, "第5.0版", "A社", 0.8, "conditional", "2026-01-01T00:00:00"),
              CheckRecord(2, "戸籍", None, "利府町", "第5.0版", "B社", 0.9, "conformant", "2025-12-01T00:00:00"),
              CheckRecord(3, "戸籍", "北海道", "利府町", "第5.0版", "C社", 0.1, "non_conformant", "2026-02-01T00:00:00"),
              CheckRecord(4, "住民記録", None, None, "第6.1版", "A社", 0.5, "non_conformant", "2026-01-01T00:00:00")]
    got = latest_coverage(checks, "宮城県", "利府町")
    # C社 is 北海道's 利府町; A社's checks name no municipality (a batch of vendors): no town's figure
    assert [c.vendor for c in got["戸籍"]] == ["B社"] and "住民記録" not in got


def test_a_check_without_a_prefecture_is_no_town_s_when_several_prefectures_have_the_name() -> None:
    """宮城県 美里町's bids showed under 埼玉県's and 熊本県's 美里町: a record now names its prefecture, and one of
    before (none) stays the town's only while the name is unique."""
    checks = [CheckRecord(1, "介護保険", None, "美里町", "第6.0版", "A社", 0.8, "conditional", "2026-01-01T00:00:00"),
              CheckRecord(2, "戸籍", "宮城県", "美里町", "第5.0版", "B社", 0.9, "conformant", "2026-01-01T00:00:00")]
    assert {a: [c.vendor for c in r] for a, r in latest_coverage(checks, "宮城県", "美里町").items()} == {"介護保険": ["A社"], "戸籍": ["B社"]}
    assert {a: [c.vendor for c in r] for a, r in latest_coverage(checks, "宮城県", "美里町", shared=True).items()} == {"戸籍": ["B社"]}
    assert latest_coverage(checks, "埼玉県", "美里町", shared=True) == {}


RUN = "2026-12-06T01:00:00+00:00"
BIDS = [CheckRecord(1, "介護保険", None, "利府町", "第6.1版", "見本ソリューションズ", 0.9642, "non_conformant", RUN),
        CheckRecord(2, "介護保険", None, "利府町", "第6.1版", "テスト情報サービス", 0.9259, "non_conformant", RUN),
        CheckRecord(3, "介護保険", None, "利府町", "第6.1版", "架空システムズ", 0.9259, "conditional", RUN)]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_the_latest_runs_vendors_are_all_kept_in_an_order_the_files_do_not_decide(order: tuple[int, ...]) -> None:
    """One check --record of a town's bids: the last file on the command line was 「the town's」 figure."""
    older = CheckRecord(9, "介護保険", None, "利府町", "第6.0版", "旧システム", 1.0, "conformant", "2026-11-01T00:00:00+00:00")
    # ids follow the order of the files, as the store numbers the records
    run = [replace(BIDS[k], id=i + 10) for i, k in enumerate(order)]
    got = latest_coverage([older, *run], "宮城県", "利府町")["介護保険"]
    # highest first; equal coverages by vendor name
    assert [c.vendor for c in got] == ["見本ソリューションズ", "テスト情報サービス", "架空システムズ"]


def test_each_vendor_of_the_run_is_in_the_status_json_and_said_to_be_several() -> None:
    cur = _muni("利府町", "2026-01", {"介護保険": 39, "戸籍": 10})
    rec = status_record(cur, None, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=["介護保険", "戸籍"],
                        coverage=latest_coverage(BIDS + [replace(BIDS[0], id=4, area="戸籍")], "宮城県", "利府町"))
    validate([rec], "readiness_status", source="test")
    cov = rec["details"]["介護保険"]["coverage"]
    assert (cov["vendor"], cov["mandatory_coverage"], cov["checked_at"]) == ("見本ソリューションズ", 0.9642, RUN)
    assert cov["other_vendors"] == [
        {"mandatory_coverage": 0.9259, "mandatory_conformant": None, "mandatory": None, "verdict": "non_conformant",
         "spec_version": "第6.1版", "vendor": "テスト情報サービス"},
        {"mandatory_coverage": 0.9259, "mandatory_conformant": None, "mandatory": None, "verdict": "conditional",
         "spec_version": "第6.1版", "vendor": "架空システムズ"}]
    assert rec["details"]["戸籍"]["coverage"]["other_vendors"] == []
    (note,) = several_vendors_notes(rec)  # 戸籍 has one vendor: no note
    assert note.startswith("介護保険 の必須機能の適合率は、最新の check --record で記録した 3 社の値です（適合率の高い順）。")
    # the JSON rounds every vendor's coverage to 4 decimals, as a check's JSON has it
    exact = status_record(cur, None, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=["介護保険"],
                          coverage={"介護保険": [replace(BIDS[0], mandatory_coverage=0.96), replace(BIDS[1], mandatory_coverage=130 / 135),
                                               replace(BIDS[2], mandatory_coverage=125 / 135)]})
    (shown,) = json_records([exact])
    assert [c["mandatory_coverage"] for c in shown["details"]["介護保険"]["coverage"]["other_vendors"]] == [0.963, 0.9259]


def test_a_towns_coverage_is_summed_up_by_its_lowest_area_as_its_own_view_heads_each() -> None:
    """The prefecture's views show each town's weakest recorded area: per area the figure the town's view heads it with
    (the best vendor of the latest run, not the last file's), the lowest of those, the first of equal ones in the
    catalog's order; an area the town's progress does not have is not shown there, so not here either."""
    cur = _muni("利府町", "2026-01", {"住民記録": 40, "介護保険": 39, "戸籍": 10, "個人住民税": 20})
    order = ["住民記録", "介護保険", "戸籍", "個人住民税"]
    jumin = [replace(BIDS[0], id=5, area="住民記録", vendor="アルファ", mandatory_coverage=0.9),
             replace(BIDS[0], id=6, area="住民記録", vendor="ベータ", mandatory_coverage=0.9259)]
    zei = replace(BIDS[0], id=7, area="個人住民税", vendor="ガンマ", mandatory_coverage=0.9259, checked_at="2026-11-01")
    stray = replace(BIDS[0], id=8, area="どこにもない業務", mandatory_coverage=0.1)
    rec = status_record(cur, None, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=order,
                        coverage=latest_coverage(BIDS + jumin + [zei, stray], "宮城県", "利府町"))
    # 介護保険 0.9642 (its best of 3), 住民記録 0.9259 (ベータ, not アルファ's 0.9), 個人住民税 0.9259: 住民記録 first
    assert rec["coverage_summary"] == {"area": "住民記録", "mandatory_coverage": 0.9259, "mandatory_conformant": None,
                                       "mandatory": None, "verdict": "non_conformant",
                                       "spec_version": "第6.1版", "vendor": "ベータ", "vendors": 2,
                                       "recorded_areas": ["住民記録", "介護保険", "個人住民税"]}
    validate([rec], "readiness_status", source="test")
    assert coverage_summary_lines(rec["coverage_summary"]) == ["92.5% 住民記録（3 業務中最低）", "ベータ（2 社中最高）"]
    alone = status_record(cur, None, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=order,
                          coverage=latest_coverage([zei, stray], "宮城県", "利府町"))
    assert coverage_summary_lines(alone["coverage_summary"]) == ["92.5% 個人住民税（1 業務のみ）", "ガンマ"]
    # nothing recorded for the town (a check of no municipality is none's): null, no line (the views show 「—」)
    none = status_record(cur, None, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=order,
                         coverage=latest_coverage([replace(zei, municipality=None)], "宮城県", "利府町"))
    assert none["coverage_summary"] is None and coverage_summary_lines(None) == []
    validate([none], "readiness_status", source="test")
    # the JSON rounds it to 4 decimals as every coverage; the screen rounds the exact value down
    exact = status_record(cur, None, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=order,
                          coverage={"戸籍": [replace(zei, area="戸籍", mandatory_coverage=130 / 135)]})
    assert json_records([exact])[0]["coverage_summary"]["mandatory_coverage"] == 0.963
    assert coverage_summary_lines(exact["coverage_summary"])[0] == "96.2% 戸籍（1 業務のみ）"


def test_status_record_trend_and_schema() -> None:
    prev = _muni("利府町", "2025-12", {"住民記録": 30, "戸籍": 10})
    cur = _muni("利府町", "2026-01", {"住民記録": 38, "戸籍": 10}, "D" * 10 + "WW" + "N" * 28)
    rec = status_record(cur, prev, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=["住民記録", "戸籍"],
                        national_medians=Medians("2025-12", {"戸籍": Fraction(1, 2)}))
    assert rec["overall_rate"] == 48 / 80 and rec["areas"] == {"住民記録": 0.95, "戸籍": 0.25}
    assert rec["trend"] == {"previous_month": "2025-12", "previous_rate": 0.5, "delta": 0.1}
    d = rec["details"]["戸籍"]
    assert d["days_left"] == 58 and d["at_risk"] and d["next_step"]["id"] == "④-2"
    assert [s["id"] for s in d["in_progress"]] == ["④-2", "④-3"]
    assert d["national_median"] == 0.5 and d["prefecture_median"] is None
    assert rec["median_months"] == {"prefecture": None, "national": "2025-12"}
    assert rec["at_risk_areas"] == ["戸籍"]
    validate([rec], "readiness_status", source="test")


def test_days_to_a_deadline_read_as_people_say_them():
    from checker.readiness_model import days_text

    assert [days_text(d) for d in (1234, 1, 0, -250)] == ["残り 1,234 日", "残り 1 日", "今日が期限", "250 日超過"]


def test_a_completed_area_is_not_overdue() -> None:
    """When an area at 100 % was done is not known: 「250 日超過」 beside 「（完了）」 read as late in a report."""
    cur = _muni("利府町", "2026-01", {"児童扶養手当": 40, "戸籍": 39})
    rec = status_record(cur, None, today=dt.date(2026, 12, 6), deadlines=Deadlines(), area_order=["児童扶養手当", "戸籍"])
    done, late = rec["details"]["児童扶養手当"], rec["details"]["戸籍"]
    assert done["days_left"] == late["days_left"] == -250  # the JSON keeps the figure
    assert (days_left_label(done), days_left_label(late)) == ("—", "250 日超過")


def test_an_area_the_previous_month_had_no_record_of_has_no_trend_and_stays_out_of_the_overall_one() -> None:
    """December's workbook without 印鑑登録's column, January's with it, same steps: read +5% overall, 印鑑登録 +100%."""
    prev = MunicipalityProgress("宮城県", "利府町", None, "2025-12", {
        "住民記録": AreaProgress("住民記録", 30, 0), "印鑑登録": AreaProgress("印鑑登録", 0, 0, recorded=False)})
    cur = _muni("利府町", "2026-01", {"住民記録": 32, "印鑑登録": 40})
    rec = status_record(cur, prev, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=["住民記録", "印鑑登録"])
    assert rec["details"]["印鑑登録"]["trend"] is None
    assert rec["details"]["住民記録"]["trend"]["delta"] == 2 / 40
    assert rec["trend"] == {"previous_month": "2025-12", "previous_rate": 30 / 80, "delta": 2 / 80,
                            "not_comparable": ["印鑑登録"]}
    validate([rec], "readiness_status", source="test")


def test_no_trend_says_which_month_lacked_the_area() -> None:
    """January's own sheet without 印鑑登録 was labelled 「前月のデータなし」 although December had it."""
    prev = _muni("利府町", "2025-12", {"住民記録": 30, "印鑑登録": 39})
    cur = MunicipalityProgress("宮城県", "利府町", None, "2026-01", {
        "住民記録": AreaProgress("住民記録", 32, 0), "印鑑登録": AreaProgress("印鑑登録", 0, 0, recorded=False)})
    rec = status_record(cur, prev, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=["住民記録", "印鑑登録"])
    validate([rec], "readiness_status", source="test")
    assert rec["details"]["印鑑登録"]["trend"] is None and rec["trend"]["not_comparable"] == ["印鑑登録"]
    assert no_trend_label(rec["details"]["印鑑登録"]) == "今月のデータなし"
    assert no_trend_label({**rec["details"]["印鑑登録"], "recorded": True}) == "前月のデータなし"


def test_a_change_of_rate_reads_in_exact_percentage_points() -> None:
    """The CLI printed +3.375% (read as a relative change), the dashboard +3.38 (three significant digits)."""
    from checker.readiness_model import points

    assert [points(d) for d in (0.03375, -0.11875, 0, Fraction(1, 800))] == [
        "+3.375 ポイント", "−11.875 ポイント", "±0 ポイント", "+0.125 ポイント"]


def test_a_median_of_an_even_number_of_towns_is_shown_exactly() -> None:
    """The median of 1,739 towns' rates (multiples of 1/800) read 「85.062%」 for 85.0625 %, rounded silently."""
    from checker.readiness_model import pct

    assert [pct(r) for r in (Fraction(1361, 1600), 0.850625, Fraction(1, 1600), Fraction(751, 800), 1, 0)] == [
        "85.0625%", "85.0625%", "0.0625%", "93.875%", "100%", "0%"]


def test_a_deadline_entry_for_every_town_points_to_prefectures(tmp_path: Path) -> None:
    """`municipality: "*"` (every town) was only 「… に当たる団体が取り込み済みのデータにありません」, with no word of
    prefectures:, where a whole prefecture's deadline is written."""
    from checker.io.deadlines import check_towns

    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: '*', deadline: 2031-03-31}\n"
                    "  - {municipality: 宮城県, deadline: 2031-03-31}\n", "utf-8")
    known = [("宮城県", "利府町"), ("宮城県", "仙台市")]
    assert check_towns(load_deadlines(path), known) == [
        f"{path}: {n} 行目: municipalities の {n - 1} 番目（{label}） に当たる団体が取り込み済みのデータにありません。"
        "この期限は使われません。都道府県のすべての団体の期限は prefectures: に書きます（docs/readiness.md）"
        for n, label in ((2, "宮城県 *"), (3, "宮城県"))]


def test_deadline_entries_are_normalised_checked_and_their_note_kept(tmp_path: Path) -> None:
    """「伊達市　」 (a full-width space), 「北海」 and 「伊達」 matched nothing, silently: 2031 became 2026-03-31 and ⚠."""
    from checker.io.deadlines import check_towns

    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - {prefecture: 北海道, municipality: 伊達市　, areas: {介護保険: 2031-03-31},"
                    " note: 特定移行支援システム}\n  - {municipality: 伊達, deadline: 2031-03-31}\n", "utf-8")
    d = load_deadlines(path)
    assert d.entry("北海道", "伊達市", "介護保険") == (dt.date(2031, 3, 31), "特定移行支援システム")
    assert d.entry("北海道", "伊達市", "戸籍") == (dt.date(2026, 3, 31), None)
    known = [("北海道", "伊達市"), ("福島県", "伊達市"), ("宮城県", "利府町")]
    assert check_towns(d, known) == [
        f"{path}: 3 行目: municipalities の 2 番目（伊達） に当たる団体が取り込み済みのデータにありません。この期限は使われません"
        "（伊達市 のことですか）"]
    copied = tmp_path / "copied.yaml"
    copied.write_text("municipalities:\n  - {prefecture: 福島県, municipality: 利府町, deadline: 2031-03-31}\n", "utf-8")
    assert check_towns(load_deadlines(copied), known) == [  # suggested only 福島県's towns
        f"{copied}: 2 行目: municipalities の 1 番目（福島県 利府町） に当たる団体が取り込み済みのデータにありません。この期限は使われません"
        "（宮城県 利府町 のことですか）"]
    cur = MunicipalityProgress("北海道", "伊達市", None, "2026-01", {"介護保険": AreaProgress("介護保険", 20, 0)})
    rec = status_record(cur, None, today=dt.date(2026, 3, 1), deadlines=d, area_order=["介護保険"])
    assert rec["details"]["介護保険"]["deadline_note"] == "特定移行支援システム" and not rec["at_risk_areas"]
    path.write_text("municipalities:\n  - {prefecture: 北海, municipality: 伊達市, deadline: 2031-03-31}\n", "utf-8")
    with pytest.raises(InputError, match=r"2 行目: municipalities の 1 番目（北海 伊達市） の prefecture: .*（北海道 のことですか）"):
        load_deadlines(path)


@pytest.mark.parametrize("written", ["2031-03-31", "2031/03/31", "2031/3/31", "2031年3月31日", "令和13年3月31日", "R13.3.31",
                                     "'２０３１－０３－３１'"])
def test_a_deadline_takes_the_spellings_the_sheets_take(tmp_path: Path, written: str) -> None:
    """報告月 and 日付 took 令和 and 2031/03/31; the deadlines refused them with a regex: 「…は決められた形式（^[0-9]{4}-…）」."""
    path = tmp_path / "d.yaml"
    path.write_text(f"default: {written}\nmunicipalities:\n  - {{municipality: 仙台市, areas: {{戸籍: {written}}}}}\n", "utf-8")
    d = load_deadlines(path)
    assert d.default == d.entry("宮城県", "仙台市", "戸籍")[0] == dt.date(2031, 3, 31)


def test_a_deadline_note_is_kept_as_typed(tmp_path: Path) -> None:
    """NFKC made （令和12年度末） (令和12年度末), ① 1 and ㈱ (株): the names are normalised to match, the note is text."""
    note = "特定移行支援システム（令和12年度末）①㈱架空"
    path = tmp_path / "d.yaml"
    path.write_text(f"municipalities:\n  - {{municipality: 仙台市, deadline: 2031-03-31, note: '　{note} '}}\n", "utf-8")
    assert load_deadlines(path).entry("宮城県", "仙台市", "戸籍") == (dt.date(2031, 3, 31), note)


def test_an_impossible_date_in_the_deadlines_names_its_entry_in_japanese(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - municipality: 府中市\n    deadline: 2031-02-30\n", "utf-8")
    with pytest.raises(InputError) as err:
        load_deadlines(path)
    assert str(err.value) == f"{path}: 3 行目: municipalities の 1 番目（府中市） の deadline の日付「2031-02-30」は存在しない日付です"


def test_every_problem_of_a_deadlines_file_is_said_at_once_with_its_line_and_a_hint(tmp_path: Path) -> None:
    """Only the first problem was said, with no line: one run per mistake, 「municipalities の 17 番目」 counted by hand;
    rate_below: 75% and deadline: 20310331 got 「数ではありません」「文字列ではありません」 with no word of the form."""
    path = tmp_path / "d.yaml"
    path.write_text("""schema_version: 1
default: 明日
areas:
  戸籍の附票: 20310331
municipalities:
  - prefecture: 宮城
    municipality: 利府町
    deadline: 2031-02-30
  - municipality: 仙台市
    note: 期限を書き忘れ
  - municipality: 岩沼市
    areas: {介護: 2031-03-31}
  - municipality: 村田町
    戸籍: 2031-03-31
at_risk:
  rate_below: 75%
""", "utf-8")
    with pytest.raises(InputError) as err:
        load_deadlines(path)
    assert err.value.message == f"{path}: 9 件の問題があります（すべて直してから実行してください）"
    areas = "、".join(a.name for a in load_catalog().areas)
    assert err.value.details == [
        "2 行目: default の日付「明日」を読み取れません（2031-03-31 の形で書いてください。2031/3/31・2031年3月31日・令和13年3月31日・"
        "R13.3.31・平成31年3月31日・H31.3.31・令和12年度末・令和9年3月末 も可）",
        "4 行目: areas/戸籍の附票 の日付「20310331」を読み取れません（2031-03-31 の形で書いてください）",
        "6 行目: municipalities の 1 番目（宮城 利府町） の prefecture: 都道府県「宮城」は47都道府県の名前ではありません（宮城県 のことですか）",
        "8 行目: municipalities の 1 番目（宮城 利府町） の deadline の日付「2031-02-30」は存在しない日付です",
        "9 行目: municipalities の 2 番目（仙台市）: キー「deadline」か「areas」のどちらかが必要です",
        f"12 行目: municipalities の 3 番目（岩沼市） の areas/介護: 業務「介護」は標準化対象事務にありません。次のいずれか（または別名）を"
        f"指定してください: {areas}",
        "13 行目: municipalities の 4 番目（村田町）: キー「deadline」か「areas」のどちらかが必要です",
        "14 行目: municipalities の 4 番目（村田町）: 使えないキー「戸籍」があります（書き間違いでないか確かめてください）。"
        "業務別の期限は areas: の下に書きます",
        "16 行目: at_risk/rate_below: 「75%」は数ではありません（75% なら 0.75 と書きます）",
    ]
    path.write_text("at_risk: {rate_below: 75, days_within: 180}\n", "utf-8")
    with pytest.raises(InputError, match=r"d.yaml: 1 行目: at_risk/rate_below: 「75」は 1 以下である必要があります（75% なら 0.75 と書きます）$"):
        load_deadlines(path)


@pytest.mark.parametrize("text", ["", "# 期限はあとで書く\n", "schema_version: 1\n", "schema_version: 1\nmunicipalities: []\n"])
def test_a_deadlines_file_setting_nothing_is_refused(tmp_path: Path, text: str) -> None:
    """An empty file was a run 「with deadlines」 that had every one at 2026-03-31, and hid the notice saying so."""
    path = tmp_path / "d.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError, match=f"^{path}: 期限も要注意の基準も書かれていません。このままでは期限はすべて既定の 2026-03-31 のままです"):
        load_deadlines(path)


def test_a_deadline_may_be_the_end_of_a_month_as_a_notice_of_extension_writes_it(tmp_path: Path) -> None:
    """令和9年度末 was read and 令和9年3月末 refused."""
    path = tmp_path / "d.yaml"
    path.write_text("default: 令和9年3月末\nareas: {戸籍: R10年2月末}\n", "utf-8")
    d = load_deadlines(path)
    assert (d.default, d.entry("宮城県", "利府町", "戸籍")[0]) == (dt.date(2027, 3, 31), dt.date(2028, 2, 29))


def test_the_slowest_area_of_one_area_is_named_not_all_of_them() -> None:
    """「全業務」 is for several areas at one rate; a town's one area is named, and a town without areas has none."""
    assert slowest_areas_label({"住民記録": 0.5}) == "住民記録 50%"
    assert slowest_areas_label({"住民記録": 0.5, "戸籍": 0.5}) == "全業務 50%"
    assert slowest_areas_label({"住民記録": 1.0, "戸籍": 1.0}) == "—（すべて完了）"
    assert slowest_areas_label({}) == "—"


def test_prefectures_are_put_in_code_order_and_a_name_of_none_of_them_last() -> None:
    """A store made before the readers refused 「宮城」 may hold it: listed after the 47, not a crash."""
    assert in_code_order(["宮城", "沖縄県", "岐阜県", "北海道", "福井県", "沖縄県"]) == ["北海道", "福井県", "岐阜県", "沖縄県", "宮城"]


def test_a_towns_at_risk_areas_are_told_overdue_or_nearing_with_any_deadline_other_than_the_default(tmp_path: Path) -> None:
    """The views of many towns listed at-risk areas alone: 住民記録 251 days past the default deadline and 戸籍 114 days
    before its 特定移行支援システム one read alike, and an extended area's missing ⚠ read as progress. Grouped by
    deadline, each group says which, how far, and the deadline when it is not the default."""
    path = tmp_path / "d.yaml"
    path.write_text("areas: {戸籍附票: 2028-03-31}\nmunicipalities:\n  - prefecture: 宮城県\n    municipality: 利府町\n"
                    "    areas: {戸籍: 2027-03-31}\n    note: 特定移行支援システム\n", "utf-8")
    deadlines = load_deadlines(path)
    order = ["住民記録", "印鑑登録", "戸籍", "戸籍附票", "就学"]
    town = _muni("利府町", "2026-01", {"住民記録": 39, "印鑑登録": 39, "戸籍": 23, "戸籍附票": 23, "就学": 40})
    rifu = status_record(town, None, today=dt.date(2026, 12, 7), deadlines=deadlines, area_order=order)
    areas = [area_deadline(town, a, deadlines, dt.date(2026, 12, 7)) for a in order]
    risky = deadline_groups((a for a in areas if a.at_risk), deadlines)
    assert [(g.overdue, g.label, g.names(order)) for g in risky] == [
        (True, "251 日超過", "住民記録、印鑑登録"), (False, "期限 2027年3月31日 特定移行支援システム、残り 114 日", "戸籍")]
    assert [(g.label, g.names(order)) for g in deadline_groups(areas, deadlines) if not g.default] == [
        ("期限 2027年3月31日 特定移行支援システム、残り 114 日", "戸籍"), ("期限 2028年3月31日、残り 480 日", "戸籍附票")]
    # the town's own view marks the default deadline as such: a bare date is one the file moved
    assert [deadline_label(d, deadlines.default) for d in rifu["details"].values()] == [
        "既定", "既定", "特定移行支援システム", "", "既定"]
    # most of a town's areas: named by those left out
    late = _muni("松島町", "2026-01", dict.fromkeys(order, 30))
    (group,) = deadline_groups((a for name in order if (a := area_deadline(late, name, deadlines, dt.date(2026, 12, 7))).at_risk),
                               deadlines)
    assert (group.label, group.names(order)) == ("251 日超過", "全業務（戸籍附票を除く）")


def test_a_default_deadline_given_a_note_is_no_town_s_extension(tmp_path: Path) -> None:
    """`default: {deadline: …, note: …}` (the deadlines file's own default, with why) is every area's deadline: each
    read as a deadline other than the default, every town listed under 既定と異なる期限 and every cell marked *1."""
    path = tmp_path / "d.yaml"
    path.write_text("default: {deadline: 2027-03-31, note: 県の移行計画}\nmunicipalities:\n  - prefecture: 宮城県\n"
                    "    municipality: 利府町\n    areas: {戸籍: 2031-03-31}\n    note: 特定移行支援システム\n", "utf-8")
    deadlines = load_deadlines(path)
    order = ["住民記録", "戸籍"]
    town = _muni("利府町", "2026-01", {"住民記録": 30, "戸籍": 30})
    rifu = status_record(town, None, today=dt.date(2026, 12, 7), deadlines=deadlines, area_order=order)
    areas = [area_deadline(town, a, deadlines, dt.date(2026, 12, 7)) for a in order]
    assert [(g.label, g.names(order)) for g in deadline_groups(areas, deadlines) if not g.default] == [
        ("期限 2031年3月31日 特定移行支援システム、残り 1,575 日", "戸籍")]
    assert len(deadlines.sha256 or "") == 64 and rifu["deadlines"]["sha256"] == deadlines.sha256
