"""Long server-rendered tables (the data_table macro: spec diff, answers to re-confirm): the screen shows the first
200 rows and the rest on request, 200 more or all of them; print, and a browser without script, show every row."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from checker.analysis.specdiff import diff
from checker.model import Requirement, Spec
from checker.report.specdiff_writers import write_specdiff_outputs
from tests.conftest import offline_page, shown_rows

PAGE = 200  # templates/_chardiff.html
CHANGED = 660  # the first page, two more and 60 rows


def _spec(version: str, suffix: str) -> Spec:
    return Spec("住民記録", version, tuple(
        Requirement(id=f"001{k:04d}", kind="function", cls="mandatory", section=("住民記録",), number=f"1.{k}",
                    name=f"要件{k}", text=f"転入届の受付時に転出証明書情報を照会し、画面に表示できること{suffix}（{k}）",
                    note="", source=f"機能要件!C{k + 2}") for k in range(1, CHANGED + 1)), ())


@pytest.fixture(scope="module")
def long_diff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = diff(_spec("第1.0版", "。"), _spec("第2.0版", "（一覧画面を含む）。"))
    assert len(d.text_changed) == CHANGED
    (html,) = write_specdiff_outputs(d, tmp_path_factory.mktemp("diff"), ("html",), "2026-01-01T00:00:00+09:00", ())
    return html


ROWS = "#text_changed table.data tbody tr"


def _shown(page) -> int:  # type: ignore[no-untyped-def]
    return len(shown_rows(page, ROWS))


@pytest.mark.browser
def test_the_first_page_then_the_rest_on_request(long_diff: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, long_diff, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        assert _shown(page) == PAGE
        bar = page.locator("#text_changed .rows-more")
        assert bar.text_content().split("。")[0] == f"先頭 {PAGE} 件を表示しています（残り {CHANGED - PAGE} 件"
        # the buttons say, to a screen reader, which table's rows they show: a spec diff has a pair for each long table
        assert [b.get_attribute("aria-label") or b.text_content() for b in bar.get_by_role("button").all()] == [
            "続きを表示（本文が変わった要件と文字単位の差分）", "すべて表示（本文が変わった要件と文字単位の差分）"]
        scope = {"include": [["#text_changed .rows-more"]]}
        assert [v["id"] for v in Axe().run(page, context=scope).response["violations"]
                if v["impact"] in ("serious", "critical")] == []
        page.emulate_media(media="print")
        assert _shown(page) == CHANGED and bar.is_hidden()
        page.emulate_media(media="screen")
        # 200 more at a time: the keyboard stays on the button while there are more
        bar.get_by_role("button", name="続きを表示").focus()
        page.keyboard.press("Enter")
        assert _shown(page) == 2 * PAGE
        assert bar.text_content().split("。")[0] == f"先頭 {2 * PAGE:,} 件を表示しています（残り {CHANGED - 2 * PAGE} 件"
        assert page.evaluate("document.activeElement.textContent").startswith("続きを表示")
        # every row: the next 200 at once, the rest a tbody a frame (thousands at once blocked the page for a second
        # or more), and the bar goes
        assert page.eval_on_selector_all("#text_changed tbody", "bs => bs.map(b => b.rows.length)") == [
            PAGE, PAGE, PAGE, CHANGED - 3 * PAGE]
        bar.get_by_role("button", name="すべて表示").focus()
        assert page.evaluate("""() => { document.activeElement.click();
            return document.querySelectorAll('#text_changed tbody.rows-later').length; }""") == 1
        expect(page.locator("#text_changed tbody.rows-later")).to_have_count(0)
        assert _shown(page) == CHANGED
        assert page.locator("#text_changed .rows-more").count() == 0
        # the button is gone: the keyboard carries on from the first row it showed, not from the top of the page
        assert page.evaluate("document.activeElement.cells[0].textContent") == f"001{2 * PAGE + 1:04d}"
        top = page.evaluate("document.activeElement.getBoundingClientRect().top")
        assert 0 <= top < 768  # scrolled to
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_the_last_page_shown_takes_the_bar_away(long_diff: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, long_diff, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        for _ in range(3):
            page.locator("#text_changed .rows-more").get_by_role("button", name="続きを表示").click()
        assert _shown(page) == CHANGED and page.locator("#text_changed .rows-more").count() == 0
        assert page.evaluate("document.activeElement.cells[0].textContent") == f"001{3 * PAGE + 1:04d}"
        assert op.errors == []


@pytest.mark.browser
def test_every_row_without_script(long_diff: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, long_diff, java_script_enabled=False) as op:
        assert _shown(op.page) == CHANGED
        assert op.page.is_hidden("#text_changed .rows-more")  # a button that could do nothing is not shown
