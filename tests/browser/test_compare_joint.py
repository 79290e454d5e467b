"""A joint procurement's comparison (共同調達: two towns × two areas) in headless chromium: each town's evaluation,
the matrix's sections by town and area, printed whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from checker.compare_run import CompareOptions, run_compare
from checker.manifest import load_manifest
from tests.browser.conftest import MATRIX, matrix_ids
from tests.conftest import FIXTURES, offline_page, shown_rows

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def joint_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("joint")
    _, areas = load_manifest(FIXTURES / "joint" / "共同調達.yaml")
    run_compare(areas, CompareOptions(scoring=FIXTURES / "joint" / "採点.yaml", out_dir=out, stem="compare_共同調達",
                                      formats=("html",)))
    return out / "compare_共同調達.html"


def test_each_town_reads_its_own_ranking_and_the_whole_its_combined_one(joint_report, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, joint_report) as op:
        page = op.page
        rows = page.locator("#score-table tbody tr")
        assert [r.locator("th").inner_text() for r in rows.all()] == ["架空システムズ", "見本ソリューションズ"]
        assert [r.locator("td.rank").inner_text() for r in rows.all()] == ["1位", "失格"]
        # the knocked-out vendor's cell of the town that knocked it out says so, the other its rank there
        assert rows.nth(1).locator("td.num").all_inner_texts()[1:] == ["94.77%\nこの団体で失格", "96.57%\n団体で 1位"]
        assert "利府町 介護保険: 求めるオプションの未対応が多い" in rows.nth(1).locator("td").last.inner_text()
        towns = page.get_by_role("region", name="団体別の評価")
        assert towns.get_by_role("heading", level=3).all_inner_texts() == [
            "利府町（業務 2 件、団体の重み 2）", "松島町（業務 2 件、団体の重み 1）"]
        matsushima = page.get_by_role("table", name="松島町 の順位と得点")
        assert [r.locator("th").inner_text() for r in matsushima.locator("tbody tr").all()] == [
            "見本ソリューションズ", "架空システムズ"]  # 1位 there, 失格 in the whole
        assert matsushima.locator("tbody tr").first.locator("td").last.inner_text() == "失格（利府町）"
        assert op.errors == [] and op.requests == []


def test_the_matrix_chooses_a_towns_area_and_labels_every_section(joint_report, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, joint_report) as op:
        page = op.page
        select = page.locator("#m-area")
        assert select.locator("option").all_inner_texts() == [
            "すべての団体・業務", "利府町 介護保険 第6.0版", "利府町 住民記録 第1.1版", "松島町 介護保険 第6.0版",
            "松島町 住民記録 第1.1版"]
        assert page.locator("#m-body tr.group").first.inner_text() == "利府町 介護保険 第6.0版／介護保険共通"
        select.select_option(label="松島町 住民記録 第1.1版")
        assert page.locator("#m-body tr.group").first.inner_text() == page.locator("#m-group option").nth(1).inner_text()
        assert shown_rows(page, MATRIX)[0] == "0010001"  # 住民記録's first
        assert "松島町 住民記録 第1.1版" in page.text_content("#m-status")
        # the printed filters name the choice as the select does (it said 「業務：松島町 住民記録 第1.1版」)
        assert page.text_content("#m-conditions") == "条件 — 団体・業務：松島町 住民記録 第1.1版"
        assert len(matrix_ids(page)) == 2 * (461 + 202)
        assert op.errors == []


def test_the_towns_evaluations_are_printed(joint_report, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, joint_report) as op:
        pdf = PdfReader(io.BytesIO(op.page.pdf(format="A4", landscape=True)))
        text = "".join(p.extract_text() for p in pdf.pages)  # (some kanji come out as CJK radicals: ⺠ for 民)
        assert "利府町（業務 2 件、団体の重み 2）" in text and "松島町（業務 2 件、団体の重み 1）" in text


def test_a_towns_figures_are_right_aligned_as_the_combined_ones(joint_report, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, joint_report) as op:
        aligned = op.page.eval_on_selector_all(
            ".town-table td.num, .town-table th.num, #score-table td.num",
            "cells => [...new Set(cells.map(c => getComputedStyle(c).textAlign))]")
        assert aligned == ["right"]


def test_the_towns_evaluations_come_before_the_breakdowns_and_keep_their_intro(joint_report, browser) -> None:  # type: ignore[no-untyped-def]
    """For a committee the towns' rankings are the second thing to read, not after ~20 printed pages of breakdowns;
    their intro is not left at the foot of a page."""
    with offline_page(browser, joint_report) as op:
        page = op.page
        headings = page.locator("h2").all_inner_texts()
        assert headings.index("団体別の評価") == headings.index("総合評価") + 1
        assert headings.index("得点の内訳") == headings.index("団体別の評価") + 1
        page.emulate_media(media="print")
        for heading in ("#towns-heading", "#breakdown-heading"):  # the breakdowns' heading and intro were left too
            assert page.eval_on_selector(f"{heading} + p", "p => getComputedStyle(p).breakAfter") == "avoid"
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
        pages = [p.extract_text() for p in pdf.pages]
        first_town = next(i for i, t in enumerate(pages) if "利府町（業務 2 件、団体の重み 2）" in t)
        assert "団体ごとの順位は" in pages[first_town]
