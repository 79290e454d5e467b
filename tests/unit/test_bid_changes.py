"""What changed since a previous comparison (compare --previous): vendors matched by name, rows and their reasons."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from checker.analysis.bid import compare, earlier_vendors
from checker.analysis.bid_changes import NO_AREA_COMPARED, BidChanges, PreviousComparison, bid_changes
from checker.analysis.gap import check
from checker.analysis.scoring import ScoreResult, score
from checker.compare_run import load_scoring
from checker.errors import InputError
from checker.model import Answer, Response, Spec
from checker.schemas import validate
from checker.report import bid_changes_view
from checker.report.bid_changes_view import changes_view
from checker.report.bid_writers import compare_dict, write_compare_outputs
from checker.report.bid_view import bid_view
from tests.unit.test_bid import MARK, SPEC
from checker.report.bid_changes_view import NOT_BEFORE

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


def test_vendors_are_matched_by_the_same_name_company_form_width_and_spaces_aside():
    assert earlier_vendors(["ベータ", "ＢＥＴＡ", "アルファ", "B社_再提出"], ["株式会社アルファ", "B社", "ＢＥＴＡ", "ガンマ"]) == {
        "アルファ": "株式会社アルファ", "ＢＥＴＡ": "ＢＥＴＡ", "B社_再提出": "B社"}  # a revision is no part of a name
    assert earlier_vendors(["B社", "B社東日本"], ["B社東日本", "B社"]) == {"B社": "B社", "B社東日本": "B社東日本"}


def test_a_name_holding_another_is_another_company():
    """富士通 withdrawn and 富士通Japan new: not one vendor (a masked report would give no sign of the match)."""
    assert earlier_vendors(["富士通Japan", "B社_再提出"], ["富士通", "B社"]) == {"B社_再提出": "B社"}


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


def test_a_comparison_json_edited_out_of_shape_is_refused_naming_the_places():
    doc = document({"A社": YES, "B社": YES})
    del doc["areas"][0]["rows"][0]["cells"][0]["answer"]
    doc["areas"][0]["rows"][1]["cells"][1]["points"] = "10"
    doc["ranking"][0]["rank"] = 0
    with pytest.raises(InputError, match=r"^c\.json: 比較の JSON の形式が正しくありません（編集されたか、壊れています）。--previous には") as exc:
        PreviousComparison.from_document(doc, "c.json")
    assert exc.value.details == ["ranking[1]/rank: 0 は1 以上の整数か nullではありません",
                                 "areas[1]/rows[1]/cells[1]: 必要なキー「answer」がありません",
                                 'areas[1]/rows[2]/cells[2]/points: "10" は数ではありません']


def test_a_row_with_fewer_cells_than_vendors_is_refused_not_a_traceback():
    doc = document({"A社": YES, "B社": YES})
    doc["areas"][0]["rows"][2]["cells"].pop()
    with pytest.raises(InputError) as exc:
        PreviousComparison.from_document(doc, "c.json")
    assert exc.value.details == ["areas[1]/rows[3]/cells: ベンダ 2 社の比較の行に、セルが 1 個しかありません"]


def test_only_what_is_read_is_checked_and_a_problem_of_every_row_is_said_once():
    """A JSON of an older hyojun without a key never read (class_note) is read; one without a key read is refused
    naming the version that wrote it, once for all its rows."""
    doc = document({"A社": YES, "B社": YES})
    for r in doc["areas"][0]["rows"]:
        del r["class_note"], r["kind"]
    assert PreviousComparison.from_document(doc, "c.json").areas[0].cells["0230001"][0].status == "conformant"
    doc["tool"]["version"] = "0.1.0"
    for r in doc["areas"][0]["rows"]:
        for c in r["cells"]:
            del c["raw_answer"]
    with pytest.raises(InputError, match=r"^c\.json: hyojun 0\.1\.0 が書いた比較の JSON で、この hyojun（.+）の --previous が"
                                         r"読む項目がありません。前回の比較を.+もう一度実行し") as exc:
        PreviousComparison.from_document(doc, "c.json")
    assert exc.value.details == [f"areas[1]/rows[1]/cells[1]: 必要なキー「raw_answer」がありません（ほか {5 * 2 - 1} か所も）"]


def test_many_kinds_of_problem_are_listed_five_and_counted():
    doc = document({"A社": YES, "B社": YES})
    for key in ("generated_at", "title"):
        del doc[key]
    for a in doc["areas"]:
        del a["area"], a["version"]
    doc["ranking"][0]["vendor"] = 1
    doc["ranking"][1]["total_percent"] = None
    with pytest.raises(InputError) as exc:
        PreviousComparison.from_document(doc, "c.json")
    assert len(exc.value.details) == 6 and exc.value.details[-1] == "ほか 1 種類"


@pytest.mark.parametrize("data, said", [
    (b"", "空のファイルです"),
    (b'{"format": "hyojun-compare/1", "title": "abc', "JSON として読めません。44 バイトで途切れています"),
    ('{"title": "介護保険'.encode()[:-1], "JSON として読めません。22 バイトで途切れています"),  # through a character
    (b"PK\x03\x04\x14\x00", "JSON として読めません。1 行 1 文字目から先が JSON の書き方になっていません（壊れているか、JSON でない"),
])
def test_a_file_that_is_no_json_or_is_cut_short_says_so(data: bytes, said: str):
    with pytest.raises(InputError) as exc:
        PreviousComparison.from_json(data, "x.json")
    assert exc.value.message.startswith(f"x.json: {said}") and "--previous には" in exc.value.message


def shown_as_written(vendor: str, answer: str, raw: str) -> str:
    return raw


def test_the_same_answer_read_as_another_class_is_a_change_of_the_basis():
    """要確認 written in both rounds, read as invalid then and as partial under a --vocabulary now: not the vendor's doing."""
    found, _ = changes({"A社": ["invalid", *YES[1:]], "B社": YES}, {"A社": ["partial", *YES[1:]], "B社": YES},
                       marks={**MARK, "partial": "要確認"})
    assert rows(found) == [("A社", "0230001", "invalid_answer", "mandatory_gap", "basis_changed", 0.0)]
    # a mark rewritten is no answer changed either when the profile changed the status (the class is the same)
    found, _ = changes({"A社": ["invalid", *YES[1:]], "B社": YES}, {"A社": ["partial", *YES[1:]], "B社": YES},
                       marks={**MARK, "partial": " 要確認 "})
    assert rows(found)[0][4] == "basis_changed"


def test_an_area_set_with_none_in_common_is_said_not_compared_and_the_previous_areas_dropped():
    previous = PreviousComparison.from_document(document({"A社": ["no", *YES[1:]], "B社": YES}), "c.json")
    results = {"住民記録": {v: result(v, YES, replace(SPEC, area="住民記録")) for v in ("A社", "B社")}}
    found = bid_changes(previous, compare(results), score(results, CONFIG))
    assert found.dropped_areas == ("介護保険",) and not found.compared("A社")
    view = changes_view(found, False, shown_as_written)
    assert {view.summary(v) for v in found.vendors} == {NO_AREA_COMPARED}
    assert view.lines()[1:] == [
        *(f"  {v.vendor} {v.previous.label} → {v.current.label}（{NO_AREA_COMPARED}）" for v in found.vendors
          if v.previous and v.current),
        "  住民記録 は前回の比較になかった業務です",
        "  介護保険 は今回の比較にない業務です（前回の総合得点はこの業務を含みます）"]
    comparison, scores = compare(results), score(results, CONFIG)
    doc = compare_dict(comparison, scores, bid_view(comparison, scores, AT, masked=False, changes=found), AT)
    validate(doc, "compare", source="compare.json")
    assert doc["since_previous"]["dropped_areas"] == ["介護保険"]
    assert [v["compared"] for v in doc["since_previous"]["vendors"]] == [False, False]
    # an area compared, without a change, is 変更なし
    found, _ = changes({"A社": YES, "B社": YES}, {"A社": YES, "B社": YES})
    assert found.dropped_areas == () and changes_view(found, False, shown_as_written).summary(found.vendors[0]) == "変更なし"


def test_requirements_a_newer_spec_dropped_are_counted_and_named_in_the_areas_note():
    previous = PreviousComparison.from_document(document({"A社": YES, "B社": YES},
                                                         replace(SPEC, version="第5.0版")), "c.json")
    v6 = replace(SPEC, requirements=SPEC.requirements[:3])
    comparison, scores = scored({"A社": YES[:3], "B社": YES[:3]}, v6)
    found = bid_changes(previous, comparison, scores)
    (area,) = found.areas
    assert area.dropped_ids == ("0230004", "0230005")
    view = changes_view(found, False, shown_as_written)
    note = "前回の 第5.0版 にあって 第6.0版 にない要件 2 件（0230004・0230005）は、行に示していません（前回の得点には含まれます）"
    assert view.dropped_note(area) == note and view.lines()[-1] == f"  介護保険: {note}"


def test_a_vendor_whose_name_differs_only_by_its_company_form_is_named_once():
    previous = PreviousComparison.from_document(document({"株式会社アルファ": YES, "B社": YES}), "前回/compare.json")
    comparison, scores = scored({"アルファ": YES, "B社": YES})
    found = bid_changes(previous, comparison, scores)
    view = bid_view(comparison, scores, AT, masked=False, changes=found)
    assert view.changes is not None
    assert [view.changes.vendor_name(v) for v in found.vendors] == ["アルファ", "B社"]
    # and the previous run as every report shows a time, with its file's name
    assert ("前回の比較（--previous）", "2026年12月8日 08:12（compare.json）") in view.provenance.items


def test_masked_a_withdrawn_vendors_name_in_a_previous_answer_shown_as_written_is_replaced():
    doc = document({"北辰システム": YES, "架空": YES})
    cell = doc["areas"][0]["rows"][0]["cells"][1]
    cell |= {"answer": "invalid", "raw_answer": "北辰システム製品と同等", "status": "invalid_answer"}
    previous = PreviousComparison.from_document(doc, "c.json")
    comparison, scores = scored({"A社": YES, "B社": YES})
    found = bid_changes(previous, comparison, scores, {"A社": "架空", "B社": "見本"})
    view = bid_view(comparison, scores, AT, masked=True, changes=found)
    assert view.changes is not None
    (shown,) = view.changes.rows[0][1]
    assert shown.previous_answer == "（前回のみのベンダ）製品と同等"
    assert ("A社", "北辰システム", "（前回のみのベンダ）", 1) in view.redactions  # counted in the key's replacements


def test_print_stops_at_the_print_limit_and_points_to_the_excel_sheet(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bid_changes_view, "PRINT_ROWS", 2)
    previous = PreviousComparison.from_document(document({"A社": ["no", "no", "no", "no", "no"], "B社": YES}), "c.json")
    comparison, scores = scored({"A社": YES, "B社": YES})
    found = bid_changes(previous, comparison, scores)
    assert len(found.areas[0].rows) == 4
    for formats, whole in ((("html", "xlsx"), "全件は Excel 評価表「compare.xlsx」のシート「前回との差」にあります"),
                           (("html",), "全件は、--format に xlsx を加えて出力する Excel 評価表のシート「前回との差」")):
        write_compare_outputs(comparison, scores, tmp_path, "compare", formats, AT, masked=False, changes=found)
        html = (tmp_path / "compare.html").read_text("utf-8")
        assert html.count('<tr class="no-print"><td>A社</td>') == 2
        assert f'<p class="print-only">変わった行 4 件のうち、先頭の 2 件だけを印刷しています。{whole}' in html


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def _refused(doc: dict) -> str:
    with pytest.raises(InputError) as exc:
        PreviousComparison.from_document(doc, "c.json")
    return str(exc.value) + "\n" + "\n".join(exc.value.details)


def test_points_true_in_a_cell_is_refused_not_read_as_one_point():
    doc = document({"A社": YES, "B社": YES})
    doc["areas"][0]["rows"][0]["cells"][0]["points"] = True
    assert "true は数ではありません" in _refused(doc)
    doc = document({"A社": YES, "B社": YES})
    doc["ranking"][0]["total_percent"] = False
    assert "false は数ではありません" in _refused(doc)


def test_a_row_with_more_cells_than_vendors_is_refused():
    doc = document({"A社": YES, "B社": YES})
    cells = doc["areas"][0]["rows"][0]["cells"]
    cells.append(dict(cells[0]))
    assert "ベンダ 2 社の比較の行に、セルが 3 個あります" in _refused(doc)


def test_a_wrong_type_in_another_hyojuns_json_is_said_edited_not_older():
    doc = document({"A社": YES, "B社": YES})
    doc["tool"] = {**doc.get("tool", {}), "version": "0.0.1"}
    doc["areas"][0]["version"] = 6  # present, of another type: nothing missing
    said = _refused(doc)
    assert "編集されたか、壊れています" in said and "0.0.1 が書いた" not in said


def test_a_requirement_new_since_and_unanswered_now_is_no_change():
    v5 = replace(SPEC, version="第5.0版", requirements=SPEC.requirements[:4], sha256="5" * 64)
    previous = PreviousComparison.from_document(document({"A社": YES[:4], "B社": YES[:4]}, v5), "c.json")
    comparison, scores = scored({"A社": [*YES[:4], "blank"], "B社": [*YES[:4], "blank"]})
    (area,) = bid_changes(previous, comparison, scores).areas
    assert area.rows == ()


def _joint(answers: dict[str, dict[str, list[str]]]):
    results = {f"{town} 介護保険": {v: result(v, a) for v, a in vendors.items()} for town, vendors in answers.items()}
    towns = {f"{town} 介護保険": town for town in answers}
    return compare(results, towns=towns), score(results, CONFIG, towns)


def test_a_joint_comparisons_sections_are_matched_by_their_town_too():
    before = _joint({"利府町": {"A社": YES, "B社": YES}, "松島町": {"A社": ["no", *YES[1:]], "B社": YES}})
    doc = compare_dict(*before, bid_view(*before, AT, masked=False), AT)
    import json
    previous = PreviousComparison.from_document(json.loads(json.dumps(doc)), "c.json")
    now = _joint({"松島町": {"A社": ["no", *YES[1:]], "B社": YES}, "利府町": {"A社": YES, "B社": YES}})
    found = bid_changes(previous, *now)
    assert [(a.label, len(a.rows)) for a in found.areas] == [("松島町 介護保険", 0), ("利府町 介護保険", 0)]


def test_an_area_not_compared_before_is_no_version_change_in_the_json():
    previous = PreviousComparison.from_document(document({"A社": YES, "B社": YES}), "c.json")
    results = {"住民記録": {v: result(v, YES, replace(SPEC, area="住民記録")) for v in ("A社", "B社")}}
    comparison, scores = compare(results), score(results, CONFIG)
    found = bid_changes(previous, comparison, scores)
    assert found.areas[0].version_changed is False
    doc = compare_dict(comparison, scores, bid_view(comparison, scores, AT, masked=False, changes=found), AT)
    assert doc["since_previous"]["areas"][0]["version_changed"] is False


def test_a_new_vendors_line_has_no_summary():
    found, _ = changes({"A社": YES, "B社": YES}, {"A社": YES, "B社": YES, "C社": YES})
    view = changes_view(found, False, shown_as_written)
    new = next(v for v in found.vendors if v.vendor == "C社")
    assert view.summary(new) == ""
    assert any(line.startswith("  C社 前回の比較になし → ") and line.endswith("%") for line in view.lines())


def test_the_print_limit_counts_the_rows_of_the_areas_before(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bid_changes_view, "PRINT_ROWS", 2)
    bad = ["no", "no", *YES[2:]]
    previous_results = {a: {"A社": result("A社", bad, replace(SPEC, area=a)), "B社": result("B社", YES, replace(SPEC, area=a))}
                        for a in ("介護保険", "住民記録")}
    pc, ps = compare(previous_results), score(previous_results, CONFIG)
    import json
    previous = PreviousComparison.from_document(json.loads(json.dumps(compare_dict(pc, ps, bid_view(pc, ps, AT, masked=False), AT))), "c.json")
    results = {a: {v: result(v, YES, replace(SPEC, area=a)) for v in ("A社", "B社")} for a in ("介護保険", "住民記録")}
    found = bid_changes(previous, compare(results), score(results, CONFIG))
    view = changes_view(found, False, shown_as_written)
    assert [[r.printed for r in shown] for _, shown in view.rows] == [[True, True], [False, False]]


def test_a_row_new_since_the_previous_spec_says_not_before():
    v5 = replace(SPEC, version="第5.0版", requirements=SPEC.requirements[:4], sha256="5" * 64)
    previous = PreviousComparison.from_document(document({"A社": YES[:4], "B社": YES[:4]}, v5), "c.json")
    comparison, scores = scored({"A社": YES, "B社": YES})
    view = changes_view(bid_changes(previous, comparison, scores), False, shown_as_written)
    (_, shown), = view.rows
    assert {r.previous_status_label for r in shown if r.row.id == "0230005"} == {NOT_BEFORE}
