"""What changed since a previous comparison (compare --previous): vendors matched by name, rows and their reasons."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from checker.analysis.bid import compare
from checker.analysis.bid_changes import BidChanges, PreviousComparison, bid_changes, match_vendors
from checker.analysis.gap import check
from checker.analysis.scoring import ScoreResult, score
from checker.compare_run import load_scoring
from checker.errors import InputError
from checker.model import Answer, Response, Spec
from checker.report.bid_writers import compare_dict
from checker.report.bid_view import bid_view
from tests.unit.test_bid import MARK, SPEC

CONFIG = load_scoring(None)
AT = "2026-12-08T08:12:00+09:00"


def result(vendor: str, answers: list[str], spec: Spec = SPEC, marks: dict[str, str] = MARK):
    rows = tuple(Answer(r.id, marks[a], a, "", "", "", f"回答!C{i}", f"回答!A{i}")
                 for i, (r, a) in enumerate(zip(spec.requirements, answers), start=2) if a != "blank")
    return check(spec, Response(vendor, f"{vendor}.xlsx", vendor * 64, rows, ()))


def scored(vendors: dict[str, list[str]], spec: Spec = SPEC, marks: dict[str, str] = MARK):
    results = {"介護保険": {v: result(v, a, spec, marks) for v, a in vendors.items()}}
    return compare(results), score(results, CONFIG)


def document(vendors: dict[str, list[str]], spec: Spec = SPEC, *, masked: bool = False) -> dict:
    """The comparison's JSON as compare writes it, read back."""
    comparison, scores = scored(vendors, spec)
    view = bid_view(comparison, scores, AT, masked=masked)
    return json.loads(json.dumps(compare_dict(comparison, scores, view, AT)))


def changes(before: dict[str, list[str]], now: dict[str, list[str]], spec: Spec = SPEC,
            marks: dict[str, str] = MARK) -> tuple[BidChanges, ScoreResult]:
    previous = PreviousComparison.from_document(document(before), "前回/compare.json")
    comparison, scores = scored(now, spec, marks)
    return bid_changes(previous, comparison, scores), scores


def rows(found: BidChanges) -> list[tuple[str, str, str, str, str, float]]:
    return [(r.vendor, r.id, r.previous_status, r.status, r.reason, r.points) for a in found.areas for r in a.rows]


YES = ["yes", "yes", "yes", "no", "yes"]  # every mandatory row conformant; the optional one offered


def test_an_answer_changed_a_row_added_and_a_row_deleted_are_each_told_with_their_points():
    found, _ = changes({"A社": ["no", "blank", "yes", "no", "yes"], "B社": YES},
                       {"A社": ["yes", "yes", "yes", "no", "blank"], "B社": YES})
    assert rows(found) == [
        ("A社", "0230001", "mandatory_gap", "conformant", "answer_changed", 10.0),
        ("A社", "0230002", "unanswered", "conformant", "row_added", 10.0),
        ("A社", "0230005", "conformant", "unanswered", "row_removed", -10.0),
    ]
    (area, counts, points), = found.counts("A社")
    assert (area.label, dict(counts), points) == ("介護保険", {"answer_changed": 1, "row_added": 1, "row_removed": 1}, 10.0)
    assert found.counts("B社") == ()


def test_an_answer_written_otherwise_but_of_the_same_mark_is_no_change():
    found, _ = changes({"A社": YES, "B社": YES}, {"A社": YES, "B社": YES}, marks={**MARK, "yes": "◯"})
    assert rows(found) == []


def test_partial_for_no_on_a_mandatory_row_is_a_change_though_both_are_a_gap():
    found, _ = changes({"A社": ["no", *YES[1:]], "B社": YES}, {"A社": ["partial", *YES[1:]], "B社": YES})
    assert rows(found) == [("A社", "0230001", "mandatory_gap", "mandatory_gap", "answer_changed", 0.0)]
    (r,) = found.areas[0].rows
    assert (r.previous.raw_answer if r.previous else None, r.raw_answer) == ("×", "△")


def test_each_vendors_standing_before_and_now_and_the_vendors_new_or_withdrawn():
    found, scores = changes({"A社": ["no", *YES[1:]], "B社": YES}, {"A社": YES, "C社": YES})
    by = {(v.vendor, v.previous_vendor): (v.previous, v.current) for v in found.vendors}
    assert set(by) == {("A社", "A社"), ("C社", ""), ("", "B社")}
    previous, current = by[("A社", "A社")]
    assert previous is not None and previous.rank is None and previous.label.startswith("失格 ")  # knocked out before
    assert current is not None and current.rank == 1
    assert by[("C社", "")][0] is None and by[("", "B社")][1] is None
    assert [v.vendor for v in found.vendors][-1] == ""  # the withdrawn last
    assert [r.vendor for r in found.areas[0].rows] == ["A社"]  # a new vendor's rows are no change


def test_vendors_are_matched_by_name_as_a_manifest_is_to_a_file():
    assert match_vendors(["株式会社アルファ", "B社", "ベータ"], ["ＢＥＴＡ", "アルファ", "B社_再提出"]) == {
        "アルファ": "株式会社アルファ", "B社_再提出": "B社"}
    # the same name first: B社 is not taken for B社東日本 because it holds it
    assert match_vendors(["B社東日本", "B社"], ["B社", "B社東日本"]) == {"B社": "B社", "B社東日本": "B社東日本"}


def test_a_masked_comparison_is_matched_through_the_vendors_real_names():
    previous = PreviousComparison.from_document(document({"架空": ["no", *YES[1:]], "見本": YES}), "c.json")
    comparison, scores = scored({"A社": YES, "B社": YES})
    found = bid_changes(previous, comparison, scores, {"A社": "見本", "B社": "架空"})
    assert [(r.vendor, r.id) for r in found.areas[0].rows] == [("B社", "0230001")]
    assert {v.vendor: v.previous_vendor for v in found.vendors} == {"A社": "見本", "B社": "架空"}


def test_a_change_of_the_specs_version_is_the_reason_of_the_areas_changes():
    v5 = replace(SPEC, version="第5.0版", requirements=SPEC.requirements[:4], sha256="5" * 64)
    previous = PreviousComparison.from_document(document({"A社": YES[:4], "B社": ["no", *YES[1:4]]}, v5), "c.json")
    comparison, scores = scored({"A社": YES, "B社": YES})
    found = bid_changes(previous, comparison, scores)
    (area,) = found.areas
    assert (area.previous_version, area.version, area.version_changed) == ("第5.0版", "第6.0版", True)
    # B社's answer changed, and 0230005 is new: one reason for the area, not the vendors' doing
    assert {(r.vendor, r.id, r.reason) for r in area.rows} == {
        ("A社", "0230005", "spec_version_changed"), ("B社", "0230001", "spec_version_changed"),
        ("B社", "0230005", "spec_version_changed")}
    assert next(r for r in area.rows if r.id == "0230005").previous is None


def test_an_area_not_compared_before_has_no_rows():
    previous = PreviousComparison.from_document(document({"A社": YES, "B社": YES}), "c.json")
    results = {"住民記録": {v: result(v, YES, replace(SPEC, area="住民記録")) for v in ("A社", "B社")}}
    found = bid_changes(previous, compare(results), score(results, CONFIG))
    assert [(a.label, a.previous_version, a.rows) for a in found.areas] == [("住民記録", None, ())]


def test_a_masked_previous_comparison_is_refused_naming_the_file():
    with pytest.raises(InputError, match=r"^前回/compare\.json: 匿名化した比較（--mask）の JSON です.*--mask なし"):
        PreviousComparison.from_document(document({"A社": YES, "B社": YES}, masked=True), "前回/compare.json")


@pytest.mark.parametrize("doc, said", [
    ({"format": "hyojun-result/1", "vendor": {}}, "形式 hyojun-result/1"),  # a check result
    ([1, 2], "format の項目がありません"),
    (None, "format の項目がありません"),  # no JSON at all
])
def test_another_file_is_refused_saying_what_was_expected(doc, said):
    with pytest.raises(InputError) as exc:
        PreviousComparison.from_document(doc, "x.json")
    assert exc.value.message.startswith(f"x.json: hyojun compare の比較の JSON ではありません（{said}）")
    assert "--previous には前回の hyojun compare が書いた比較の JSON" in exc.value.message


def test_a_comparison_json_edited_out_of_shape_is_refused_by_its_schema():
    doc = document({"A社": YES, "B社": YES})
    del doc["areas"][0]["rows"][0]["cells"][0]["answer"]
    with pytest.raises(InputError, match=r"^c\.json: 形式が正しくありません（compare スキーマ）。--previous には") as exc:
        PreviousComparison.from_document(doc, "c.json")
    assert any("answer" in d for d in exc.value.details)
