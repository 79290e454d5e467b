"""A requirement's 実装区分 with its annotation (実装必須機能（経過措置））: one label in every report, and the
annotation in the JSON of check and compare."""

from __future__ import annotations

from checker.analysis.bid import compare
from checker.analysis.gap import check
from checker.analysis.scoring import ScoringConfig, score
from checker.compare_run import default_scoring_document
from checker.io.config import check_profile
from checker.model import Answer, Profile, RequiredOption, Requirement, Response, Spec
from checker.report.bid_view import bid_view
from checker.report.bid_writers import compare_dict
from checker.report.gap_json import result_dict
from checker.report.gap_view import gap_view
from checker.schemas import validate

NOTED = "実装必須機能（経過措置）"
GENERATED_AT = "2026-01-01T00:00:00+09:00"


def req(n: int, cls: str, note: str = "") -> Requirement:
    return Requirement(f"023{n:04d}", "function", cls, ("大",), "", f"名{n}", "本文", "", f"機能要件!D{n}", note)


SPEC = Spec("介護保険", "第6.1版", (req(1, "mandatory", "経過措置"), req(2, "mandatory"), req(3, "optional")), (), "5" * 64)


def result(vendor: str = "v"):  # type: ignore[no-untyped-def]
    """Every requirement answered 予定, and one id the spec lacks."""
    ids = [r.id for r in SPEC.requirements] + ["0239999"]
    answers = tuple(Answer(i, "予定", "planned", "", "", "", f"回答!C{n}", f"回答!A{n}") for n, i in enumerate(ids, 2))
    return check(SPEC, Response(vendor, f"{vendor}.xlsx", "0" * 64, answers, ()))


def test_the_label_is_the_class_with_its_annotation_in_brackets() -> None:
    assert [r.class_label for r in SPEC.requirements] == [NOTED, "実装必須機能", "標準オプション機能"]
    assert req(4, "prohibited", "経過措置あり").class_label == "実装不可機能（経過措置あり）"


def test_the_rows_of_a_check_show_the_annotated_class_and_filter_on_the_class() -> None:
    view = gap_view(result(), GENERATED_AT)
    assert [r.cls_label for r in view.rows] == [NOTED, "実装必須機能", "標準オプション機能", ""]
    col = view.rows_table().header.index("実装区分")
    assert [row[col] for row in view.rows_table().rows] == [NOTED, "実装必須機能", "標準オプション機能", ""]
    config = view.table_config()
    shown = [dict(zip(config["fields"], r)) for r in config["rows"]]
    assert [(r["cls"], r["cls_label"]) for r in shown][:2] == [("mandatory", NOTED), ("mandatory", "実装必須機能")]
    # the table shows the label and filters on the class: both mandatory rows under 実装必須機能
    assert next(c for c in config["columns"] if c["label"] == "実装区分")["field"] == "cls_label"
    facet = next(f for f in config["facets"] if f["field"] == "cls")
    assert facet["options"][0] == ["mandatory", "実装必須機能"]
    # the row of an id the spec lacks has no class: an option of its own, or no choice of classes shows it
    assert facet["options"][-1] == ["", "仕様書にないID"] and shown[-1]["cls"] == ""
    assert shown[-1]["section"] == "仕様書にないID"  # under the status's own name (it was 「（仕様外）」)


def test_the_json_of_a_check_has_the_annotation_of_each_row() -> None:
    doc = result_dict(result(), GENERATED_AT)
    validate(doc, "result", source="test")
    assert [(r["class"], r["class_note"]) for r in doc["rows"]] == [
        ("mandatory", "経過措置"), ("mandatory", ""), ("optional", ""), (None, None)]


def test_a_comparison_shows_the_annotated_class_in_its_sheet_page_and_json() -> None:
    results = {"介護保険": {v: result(v) for v in ("A", "B")}}
    comparison, scores = compare(results), score(results, ScoringConfig.from_dict(default_scoring_document()))
    view = bid_view(comparison, scores, GENERATED_AT, masked=False)
    [area] = view.areas
    table = view.area_table(area)
    col = table.header.index("実装区分")
    assert [row[col] for row in table.rows] == [NOTED, "実装必須機能", "標準オプション機能"]
    assert [r[3] for r in view.matrix(area)["rows"]] == [NOTED, "実装必須機能", "標準オプション機能"]
    doc = compare_dict(comparison, scores, view, GENERATED_AT)
    validate(doc, "compare", source="test")
    assert [(r["class"], r["class_note"]) for r in doc["areas"][0]["rows"]] == [
        ("mandatory", "経過措置"), ("mandatory", ""), ("optional", "")]


def test_a_profile_requiring_an_annotated_mandatory_id_names_its_class_as_the_spec_does() -> None:
    profile = Profile("見本市", "介護保険", None, (RequiredOption("0230001", "高"),), file="p.yaml")
    assert check_profile(profile, SPEC)[1] == [f"0230001（名1）: 標準オプション機能ではありません（{NOTED}）"]
