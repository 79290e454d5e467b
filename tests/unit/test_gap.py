"""Every class × answer × profile combination of semantics.md §3, and the verdict of §4."""

import zipfile

import openpyxl
import pytest

from checker.analysis.gap import STATUSES, check, status_for, verdict_for
from checker.model import Answer, LintFinding, Profile, RequiredOption, Requirement, Response, Spec
from checker.report.gap_json import result_dict

A = ("yes", "partial", "planned", "no", "na", "blank", "invalid")
TABLE = {
    "mandatory": ("conformant", "mandatory_gap", "mandatory_deferred", "mandatory_gap", "mandatory_gap", "unanswered", "invalid_answer"),
    "required": ("conformant", "optional_gap", "optional_gap", "optional_gap", "optional_gap", "unanswered", "invalid_answer"),
    "optional": ("optional_offered", "optional_not_offered", "optional_not_offered", "optional_not_offered", "optional_not_offered", "unanswered", "invalid_answer"),
    "prohibited": ("prohibited_violation", "prohibited_violation", "prohibited_violation", "conformant", "conformant", "unanswered", "invalid_answer"),
}
CASES = [(row, a, s) for row, statuses in TABLE.items() for a, s in zip(A, statuses)]
MARK = {"yes": "○", "partial": "△", "planned": "移行後", "no": "×", "na": "－", "blank": "", "invalid": "要確認"}


def req(i: str, cls: str, kind: str = "function") -> Requirement:
    return Requirement(i, kind, cls, ("大",), "", f"名{i}", "本文", "", f"機能要件!D{i[-1]}")


def answer(i: str, a: str, row: int = 2) -> Answer:
    return Answer(i, MARK[a], a, "", "", "", f"回答!C{row}", f"回答!A{row}")


@pytest.mark.parametrize("row, a, expected", CASES)
def test_status_table(row, a, expected):
    cls = "optional" if row == "required" else row
    assert status_for(cls, a, required=row == "required") == expected


@pytest.mark.parametrize("row, a, expected", CASES)
def test_check_applies_table_through_profile(row, a, expected):
    cls = "optional" if row == "required" else row
    spec = Spec("介護保険", "第6.0版", (req("0230001", cls),), ())
    profile = Profile("見本市", "介護保険", None, (RequiredOption("0230001", "高"),)) if row == "required" else None
    result = check(spec, Response("v", "f.xlsx", "0" * 64, (answer("0230001", a),), ()), profile)
    assert result.rows[0].status == expected
    assert result.status_counts[expected] == 1 and sum(result.status_counts.values()) == 1
    assert set(result.status_counts) == set(STATUSES)


def test_missing_row_is_unanswered_and_first_row_wins_even_if_blank():
    spec = Spec("介護保険", "第6.0版", (req("0230001", "mandatory"), req("0230002", "mandatory")), ())
    answers = (answer("0230001", "blank", 2), answer("0230001", "yes", 3), answer("0239999", "yes", 4),
               answer("0239999", "no", 5))
    result = check(spec, Response("v", "f.xlsx", "0" * 64, answers, ()))
    assert [r.status for r in result.rows] == ["unanswered", "unanswered", "unknown_id", "duplicate_id", "duplicate_id"]  # unknown rows, then duplicates
    assert result.unknown_ids == 1 and result.duplicate_ids == 2
    assert {f.code for f in result.lint} == {"missing-row", "unknown-id"}
    assert result.verdict == "conditional" and result.mandatory_coverage == 0.0


@pytest.mark.parametrize("counts, verdict", [
    ({}, "conformant"),
    ({"optional_gap": 3, "optional_not_offered": 2}, "conformant"),  # options never change the verdict
    ({"mandatory_deferred": 1}, "conditional"), ({"unanswered": 1}, "conditional"), ({"invalid_answer": 1}, "conditional"),
    ({"mandatory_gap": 1, "unanswered": 4}, "non_conformant"), ({"prohibited_violation": 1}, "non_conformant"),
])
def test_verdict(counts, verdict):
    assert verdict_for({**dict.fromkeys(STATUSES, 0), **counts}) == verdict


def test_coverage_without_mandatory_is_one():
    spec = Spec("介護保険", "第6.0版", (req("0230001", "optional"),), ())
    assert check(spec, Response("v", "f", "0" * 64, (), ())).mandatory_coverage == 1.0


def test_coverage_is_shown_rounded_down_so_that_100_percent_means_all():
    """2,499 of 2,500 mandatory showed 「100.0%」 beside 不適合 (console, HTML, check_summary.csv)."""
    from checker.analysis.gap import coverage_percent, coverage_points

    assert [coverage_percent(x) for x in (2499 / 2500, 1999 / 2000, 1.0, 0.0, 2 / 3)] == \
        ["99.9%", "99.9%", "100.0%", "0.0%", "66.6%"]
    assert coverage_points(57 / 200) == 28.5  # 28.499999… in floats: not 28.4
    assert coverage_points(1 / 1000) == 0.1


def test_a_requirement_whose_row_has_a_bad_id_points_to_that_row(tmp_path):
    """A mistyped id was reported twice, the second time as a missing row without a cell: the vendor fixing the
    list added a row, which the resubmission then reported as duplicate-id."""
    from checker.io.vendor_reader import read_response
    from tests.conftest import write_book
    reqs = tuple(req(f"023010{i}", "mandatory") for i in range(1, 6))
    spec = Spec("介護保険", "第6.0版", reqs, ())
    p = write_book(tmp_path / "v.xlsx", {"回答": [["機能ID", "対応可否"], ["0230101", "○"], ["230102", "○"],
                                                 ["\u200b0230103", "×"], ["0230104※", "○"], ["O230105", "○"],
                                                 ["0230103※", "○"]]})
    result = check(spec, read_response(p, spec_ids=spec.by_id()))
    assert [(f.id, f.cell) for f in result.lint if f.code == "bad-id"] == [
        ("0230102", "回答!A3"), ("0230103", "回答!A4"), ("0230104", "回答!A5"), ("", "回答!A6"), ("0230103", "回答!A7")]
    missing = {f.id: f for f in result.lint if f.code == "missing-row"}
    assert [(i, f.cell) for i, f in missing.items()] == [  # 0230103's first row, as the first row of an id counts
        ("0230102", "回答!A3"), ("0230103", "回答!A4"), ("0230104", "回答!A5"), ("0230105", "")]
    assert missing["0230103"].message == ("0230103（名0230103）として読める回答行がありません。回答!A4 の ID が読めないためと"
                                          "思われます（行を追加せず、その ID を直してください）")
    assert missing["0230105"].message == "0230105（名0230105）の回答行がありません"
    # semantics.md §2: the row is not counted, its requirement stays unanswered
    assert [r.status for r in result.rows] == ["conformant"] + ["unanswered"] * 4


def test_an_id_in_any_bracket_points_its_missing_row_at_its_cell(tmp_path):
    """（0230105） did, 〔0230106〕 and ＜0230108＞ did not: their missing rows named no cell."""
    from checker.io.vendor_reader import read_response
    from tests.conftest import write_book
    spec = Spec("介護保険", "第6.0版", tuple(req(f"023010{i}", "mandatory") for i in range(1, 5)), ())
    p = write_book(tmp_path / "v.xlsx", {"回答": [["機能ID", "対応可否"], ["（0230101）", "○"], ["〔0230102〕", "○"],
                                                 ["〈0230103〉", "○"], ["＜0230104＞", "○"]]})
    result = check(spec, read_response(p, spec_ids=spec.by_id()))
    assert [(f.id, f.cell) for f in result.lint if f.code == "missing-row"] == [
        ("0230101", "回答!A2"), ("0230102", "回答!A3"), ("0230103", "回答!A4"), ("0230104", "回答!A5")]


def test_the_json_result_lists_the_findings_as_lint_and_the_reports_numbered_list_do(tmp_path):
    """The JSON put an unknown id after every requirement without a row: a script pairing its findings with the No.
    of the 指摘事項 sent to the vendor paired them wrong."""
    from checker.io.vendor_reader import read_response
    from checker.report.gap_json import result_dict
    from checker.report.gap_view import gap_view
    from tests.conftest import write_book
    spec = Spec("介護保険", "第6.0版", tuple(req(f"023010{i}", "mandatory") for i in range(1, 4)), ())
    p = write_book(tmp_path / "v.xlsx", {"機能": [["機能ID", "対応可否"], ["0230101", "○"], ["0239999", "○"]],
                                         "帳票": [["帳票ID", "対応可否"], ["0230102", "要確認"]]})
    result = check(spec, read_response(p))
    found = [(f["code"], f["cell"]) for f in result_dict(result, "2026-12-06T16:59:15+09:00")["lint"]]
    assert found == [("unknown-id", "機能!A3"), ("invalid-answer", "帳票!B2"), ("missing-row", "")]
    assert [(row[4], row[5]) for row in gap_view(result, "2026-12-06T16:59:15+09:00").lint] == found


# Mutation round 10's survivors: each test below failed on its mutant.
_KIND_SPEC = Spec("介護保険", "第6.0版", (req("0230001", "mandatory"), req("0230002", "mandatory", "form")), ())


def test_only_a_bad_id_is_taken_for_the_row_a_missing_requirement_meant():
    """An example row (記入例) skipped with a readable id is not 'an id that could not be read'."""
    example = LintFinding("warning", "example-row", "回答!B5", "記入例の行です", "0230002")
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"),), (example,)))
    [missing] = [f for f in result.lint if f.code == "missing-row"]
    assert missing.cell == "" and "読めない" not in missing.message


def test_a_bad_id_still_points_the_missing_row_at_its_cell():
    bad = LintFinding("error", "bad-id", "回答!A7", "IDが読めません", "0230002")
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"),), (bad,)))
    [missing] = [f for f in result.lint if f.code == "missing-row"]
    assert missing.cell == "回答!A7"


def test_a_file_without_any_row_is_not_said_to_lack_one_kind():
    """missing-kind is for answers that have rows of the other kind: with no row at all there is no 'other file'."""
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (), ()))
    assert not [f for f in result.lint if f.code == "missing-kind"]
    assert [f.code for f in result.lint] == ["missing-row", "missing-row"]


def test_a_duplicate_of_a_known_id_keeps_its_requirement_in_the_json():
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230002", "yes", 2), answer("0230002", "no", 3),
                                                             answer("0230001", "yes", 4)), ()))
    dup = result.rows[-1]
    assert dup.status == "duplicate_id" and dup.requirement is _KIND_SPEC.by_id()["0230002"]
    row = result_dict(result, "2026-01-01T00:00:00+09:00")["rows"][-1]
    assert (row["status"], row["kind"], row["class"]) == ("duplicate_id", "form", "mandatory")


def test_a_profile_naming_a_mandatory_id_does_not_make_it_a_required_option():
    """Only an optional requirement can be a required option (semantics.md §3); check() looks only at those."""
    spec = Spec("介護保険", "第6.0版", (req("0230001", "mandatory"), req("0230003", "optional")), ())
    profile = Profile("町", "介護保険", None, (RequiredOption("0230001", "高"), RequiredOption("0230003", "低")))
    result = check(spec, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"), answer("0230003", "yes")), ()), profile)
    assert [(r.required, r.priority) for r in result.rows] == [(False, ""), (True, "低")]


def test_the_json_profile_names_the_municipality_and_its_prefecture_apart():
    profile = Profile("府中市", "介護保険", None, (), "p.yaml", "1" * 64, prefecture="広島県")
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"), answer("0230002", "yes")), ()), profile)
    doc = result_dict(result, "2026-01-01T00:00:00+09:00")
    assert doc["profile"]["municipality"] == "府中市" and doc["profile"]["prefecture"] == "広島県"


def test_a_status_is_toned_as_the_verdict_weighs_it():
    """What makes a bid 不適合 is shown bad, what makes it 条件付き a warning (semantics.md §4); a required option
    the vendor lacks is a shortfall of the bid too (bad), though not of the national standard."""
    from checker.analysis.gap import STATUS_TONES
    assert {s: STATUS_TONES[s] for s in ("mandatory_gap", "prohibited_violation", "optional_gap")} == dict.fromkeys(
        ("mandatory_gap", "prohibited_violation", "optional_gap"), "bad")
    assert {s: STATUS_TONES[s] for s in ("mandatory_deferred", "unanswered", "invalid_answer")} == dict.fromkeys(
        ("mandatory_deferred", "unanswered", "invalid_answer"), "warn")


def test_each_row_of_the_json_result_stands_on_one_line():
    import json
    from checker.report.gap_writers import result_json
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"), answer("0230002", "yes"), answer("0230002", "no", 3)), ()))
    data = result_json(result, "2026-01-01T00:00:00+09:00")
    doc = json.loads(data)
    lines = data.decode("utf-8").splitlines()
    row_lines = [ln for ln in lines if ln.startswith('    {"id":')]
    assert [json.loads(ln.rstrip(",")) for ln in row_lines] == doc["rows"] and len(row_lines) == 3
    assert data.endswith(b"}\n")


def test_an_html_report_alone_links_no_xlsx_or_csv_that_was_not_written(tmp_path):
    from checker.report.gap_writers import write_gap_outputs
    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"), answer("0230002", "yes")), ()))
    written = write_gap_outputs(result, tmp_path, "r", ("html",), "2026-01-01T00:00:00+09:00")
    assert [p.name for p in written] == ["r.html"]
    html = (tmp_path / "r.html").read_text("utf-8")
    assert "r.xlsx" not in html and "r.csv" not in html
    write_gap_outputs(result, tmp_path, "s", ("html", "csv"), "2026-01-01T00:00:00+09:00")
    html = (tmp_path / "s.html").read_text("utf-8")
    assert "s.csv" in html and "s.xlsx" not in html


def test_the_gap_workbook_is_stamped_with_the_reports_time(tmp_path):
    """W14 (write_xlsx without generated_at): the printed foot and the 作成日時 property are the report's time."""
    from checker.report.gap_writers import write_gap_outputs

    result = check(_KIND_SPEC, Response("v", "f.xlsx", "0" * 64, (answer("0230001", "yes"),), ()))
    (path,) = write_gap_outputs(result, tmp_path, "r", ("xlsx",), "2026-01-01T09:00:00+09:00")
    core = zipfile.ZipFile(path).read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>' in core
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws.oddFooter.left.text == "作成日時 2026年1月1日 09:00"
