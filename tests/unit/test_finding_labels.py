"""One name per finding: lint, the gap report (row statuses, 概要, HTML) and the comparison's cautions agree."""

from __future__ import annotations

import pytest

from checker.analysis.bid import answer_cautions
from checker.analysis.carryover import BASIS_LABELS
from checker.analysis.gap import STATUS_LABELS, GapResult, check
from checker.io.vendor_reader import read_response
from checker.model import CODE_LABELS
from checker.report.gap_view import gap_view
from checker.report.html import render
from checker.report.lint_view import LINT_COLUMNS, lint_rows, lint_table
from checker.spec_store import resolve_spec
from tests.conftest import KAIGO_SPEC


@pytest.fixture(scope="module")
def odd_ids(tmp_path_factory: pytest.TempPathFactory) -> GapResult:
    """An answer twice, an id the spec lacks, an id with the letter O for a zero."""
    p = tmp_path_factory.mktemp("labels") / "介護保険_第6.0版_回答_重複商事.csv"
    p.write_text("機能ID,対応可否\n0230101,×\n0230101,○\n9990001,○\nO230102,○\n", encoding="utf-8")
    spec = resolve_spec([str(KAIGO_SPEC)])
    return check(spec, read_response(p, spec_ids=spec.by_id()))


def test_the_gap_report_names_its_extra_rows_as_lint_does(odd_ids: GapResult) -> None:
    assert (STATUS_LABELS["unknown_id"], STATUS_LABELS["duplicate_id"], STATUS_LABELS["invalid_answer"]) == (
        "仕様書にないID", "ID重複", "回答不正")
    view = gap_view(odd_ids, "2026-01-01T00:00:00+09:00")
    summary = dict(view.summary_table().rows)
    # the workbook's 概要 counted them as 「仕様にないID（件）」 and 「重複回答（行）」
    assert (summary["仕様書にないID（件）"], summary["ID重複（行）"]) == (1, 1)
    assert {r.status_label for r in view.rows if r.status in ("unknown_id", "duplicate_id")} == {"仕様書にないID", "ID重複"}
    # the 指摘事項 sheet and the HTML's list: the same name beside each code
    named = {(code, label) for _, _, _, label, code, _, _, _ in view.lint}
    assert {("duplicate-id", "ID重複"), ("unknown-id", "仕様書にないID"), ("bad-id", "IDが読めない")} <= named
    html = render("gap.html", view=view, provenance=view.provenance, carryover=None, files=[])
    for old in ("仕様にないID", "重複回答"):
        assert old not in html
    assert "<dt>仕様書にないID</dt>" in html and "<dt>ID重複</dt>" in html
    assert "".join(f'<th scope="col">{c}</th>' for c in LINT_COLUMNS) in html
    assert "<td>ID重複</td><td class=\"mono\">duplicate-id</td>" in html
    assert "仕様書にないID・ID重複の 2 行" in html


def test_the_comparison_s_cautions_use_lint_s_names_and_add_what_was_done(odd_ids: GapResult) -> None:
    cautions = answer_cautions(odd_ids, None)
    assert [c.short for c in cautions] == ["ID重複 1 件", "仕様書にないID 1 件", "IDが読めない 1 件", "回答行のない種別（帳票要件）"]
    assert [c.long for c in cautions] == ["ID重複（最初の行を採用） 1 件", "仕様書にないID 1 件",
                                          "IDが読めない（その行の回答は採点せず未回答） 1 件",
                                          "回答行のない種別（帳票要件 61 件。別のファイルなら、そのファイルもいっしょに 1 つのベンダの回答として指定）"]


def test_the_lint_sheet_takes_its_names_and_headers_from_one_place(odd_ids: GapResult) -> None:
    table = lint_table(lint_rows(odd_ids.lint))
    assert tuple(table.header) == LINT_COLUMNS
    assert all(row[2] == CODE_LABELS[row[3]] for row in table.rows)


def test_the_gap_report_numbers_its_findings_in_the_file_s_order_with_their_ids(odd_ids: GapResult) -> None:
    """As the sheet sent back: No. in sheet order (an unknown id came after every missing row), and an ID column."""
    rows = [row[1:] for row in gap_view(odd_ids, "2026-01-01T00:00:00+09:00").lint]
    assert [(no, code, cell, rid) for no, _, _, code, cell, rid, _ in rows[:3]] == [
        (1, "duplicate-id", "介護保険_第6.0版_回答_重複商事!A3", "0230101"),
        (2, "unknown-id", "介護保険_第6.0版_回答_重複商事!A4", "9990001"),
        (3, "bad-id", "介護保険_第6.0版_回答_重複商事!A5", "")]
    assert [no for no, *_ in rows] == list(range(1, len(rows) + 1))
    assert {code for _, _, _, code, cell, rid, message in rows[3:] if not (cell == "" and message.startswith(rid))} == set()


def test_an_id_may_be_a_form_s_so_no_name_says_function_id() -> None:
    assert not [label for label in (*CODE_LABELS.values(), *BASIS_LABELS.values()) if "機能ID" in label]
    assert BASIS_LABELS["unknown_ids"] == "仕様書にないIDが旧版の要件と一致"

