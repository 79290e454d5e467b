"""Pure readiness analysis: exact rates, next step, deadlines and overrides, risk, medians, status record."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from checker.analysis.readiness import (AreaProgress, CheckRecord, DeadlineOverride, Deadlines, MunicipalityProgress, RiskRule, area_medians,
                                        at_risk, latest_coverage, next_step, status_record)
from checker.errors import InputError
from checker.io.deadlines import load_deadlines
from checker.schemas import validate


def _muni(name: str, month: str, done: dict[str, int], steps: str | None = None) -> MunicipalityProgress:
    return MunicipalityProgress("宮城県", name, None, month,
                                {a: AreaProgress(a, d, steps.count("W") if steps else 0, steps) for a, d in done.items()})


def test_rates_are_exact() -> None:
    m = _muni("利府町", "2026-01", {f"a{i}": 37 if i < 3 else 40 for i in range(20)})
    assert m.overall == Fraction(3 * 37 + 17 * 40, 800) == Fraction(791, 800)
    assert m.areas["a0"].rate == Fraction(37, 40)


def test_next_step_skips_done_and_not_applicable() -> None:
    assert next_step("DDX" + "W" + "N" * 36).id == "②-1"
    assert next_step("D" * 38 + "XX") is None
    assert next_step(None) is None


def test_deadline_overrides_most_specific_wins() -> None:
    d = Deadlines(areas={"生活保護": dt.date(2027, 3, 31)})
    assert d.for_area("宮城県", "利府町", "住民記録") == dt.date(2026, 3, 31)
    assert d.for_area("宮城県", "利府町", "生活保護") == dt.date(2027, 3, 31)


def test_the_most_specific_deadline_wins_whatever_the_order_of_the_entries() -> None:
    whole = DeadlineOverride(None, "A町", dt.date(2031, 3, 31))
    one_area = DeadlineOverride("テスト県", "A町", None, {"住民記録": dt.date(2027, 3, 31)})
    in_pref = DeadlineOverride("テスト県", "A町", dt.date(2029, 3, 31))
    for order in ((whole, one_area, in_pref), (in_pref, one_area, whole), (one_area, whole, in_pref)):
        d = Deadlines(municipalities=order)
        assert d.for_area("テスト県", "A町", "住民記録") == dt.date(2027, 3, 31)  # municipality × area
        assert d.for_area("テスト県", "A町", "戸籍") == dt.date(2029, 3, 31)  # the entry naming its prefecture
        assert d.for_area("別県", "A町", "住民記録") == dt.date(2031, 3, 31)  # another A町: only the general entry


def test_deadlines_yaml(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("""schema_version: 1
default: 2026-03-31
areas:
  戸籍の附票: 2026-09-30
municipalities:
  - prefecture: 宮城県
    municipality: 利府町
    areas: {住民記録: 2031-03-31}
    note: 特定移行支援システム
  - municipality: 仙台市
    deadline: 2031-03-31
at_risk: {rate_below: 0.9, days_within: 90}
""", "utf-8")
    d = load_deadlines(path)
    assert d.for_area("宮城県", "利府町", "住民記録") == dt.date(2031, 3, 31)
    assert d.for_area("宮城県", "利府町", "戸籍附票") == dt.date(2026, 9, 30)  # alias resolved
    assert d.for_area("宮城県", "仙台市", "戸籍") == dt.date(2031, 3, 31)
    assert d.for_area("北海道", "利府町", "住民記録") == dt.date(2026, 3, 31)  # other prefecture
    assert d.risk == RiskRule(Fraction(9, 10), 90)


@pytest.mark.parametrize("text, message", [
    ("default: 明日\n", "deadlines スキーマ"),
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
    assert not at_risk(Fraction(9, 10), 10, rule)  # high rate
    assert at_risk(Fraction(39, 40), -1, rule)  # past the deadline, not done
    assert not at_risk(Fraction(1), -100, rule)


def test_medians_are_exact() -> None:
    group = [_muni(n, "2026-01", {"戸籍": d}) for n, d in (("a", 10), ("b", 11), ("c", 30), ("d", 31))]
    assert area_medians(group) == {"戸籍": Fraction(41, 80)}


def test_latest_coverage_prefers_own_then_newest() -> None:
    checks = [CheckRecord(1, "戸籍", None, None, "第5.0版", "A社", 0.8, "conditional", "2026-01-01T00:00:00"),
              CheckRecord(2, "戸籍", None, "利府町", "第5.0版", "B社", 0.9, "conformant", "2025-12-01T00:00:00"),
              CheckRecord(3, "戸籍", "北海道", "利府町", "第5.0版", "C社", 0.1, "non_conformant", "2026-02-01T00:00:00"),
              CheckRecord(4, "住民記録", None, None, "第6.1版", "A社", 0.5, "non_conformant", "2026-01-01T00:00:00")]
    got = latest_coverage(checks, "宮城県", "利府町")
    assert got["戸籍"].vendor == "B社" and got["住民記録"].vendor == "A社"


def test_status_record_trend_and_schema() -> None:
    prev = _muni("利府町", "2025-12", {"住民記録": 30, "戸籍": 10})
    cur = _muni("利府町", "2026-01", {"住民記録": 38, "戸籍": 10}, "D" * 10 + "WW" + "N" * 28)
    rec = status_record(cur, prev, today=dt.date(2026, 2, 1), deadlines=Deadlines(), area_order=["住民記録", "戸籍"],
                        national_medians={"戸籍": Fraction(1, 2)})
    assert rec["overall_rate"] == 48 / 80 and rec["areas"] == {"住民記録": 0.95, "戸籍": 0.25}
    assert rec["trend"] == {"previous_month": "2025-12", "previous_rate": 0.5, "delta": 0.1}
    d = rec["details"]["戸籍"]
    assert d["days_left"] == 58 and d["at_risk"] and d["next_step"]["id"] == "④-2"
    assert [s["id"] for s in d["in_progress"]] == ["④-2", "④-3"]
    assert d["national_median"] == 0.5 and d["prefecture_median"] is None
    assert rec["at_risk_areas"] == ["戸籍"]
    validate([rec], "readiness_status", source="test")


def test_days_to_a_deadline_read_as_people_say_them():
    from checker.readiness_model import days_text

    assert [days_text(d) for d in (1234, 1, 0, -250)] == ["残り 1,234 日", "残り 1 日", "今日が期限", "250 日超過"]
