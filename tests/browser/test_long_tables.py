"""Long server-rendered tables (the data_table macro: spec diff, answers to re-confirm): the screen shows the first
200 rows and the rest on request; print, and a browser without script, show every row."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from checker.analysis.specdiff import diff
from checker.model import Requirement, Spec
from checker.report.specdiff_writers import write_specdiff_outputs
from tests.conftest import offline_page, shown_rows

PAGE = 200  # templates/_chardiff.html
CHANGED = 260


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
        button = page.locator("#text_changed [data-show-rows]")
        assert button.text_content() == f"残り {CHANGED - PAGE} 件を表示"
        scope = {"include": [["#text_changed .rows-more"]]}
        assert [v["id"] for v in Axe().run(page, context=scope).response["violations"]
                if v["impact"] in ("serious", "critical")] == []
        page.emulate_media(media="print")
        assert _shown(page) == CHANGED and page.is_hidden("#text_changed .rows-more")
        page.emulate_media(media="screen")
        button.focus()
        page.keyboard.press("Enter")
        assert _shown(page) == CHANGED
        assert page.locator("#text_changed .rows-more").count() == 0
        # the button is gone: the keyboard carries on from the first row it showed, not from the top of the page
        assert page.evaluate("document.activeElement.cells[0].textContent") == f"001{PAGE + 1:04d}"
        top = page.evaluate("document.activeElement.getBoundingClientRect().top")
        assert 0 <= top < 768  # scrolled to
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_every_row_without_script(long_diff: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, long_diff, java_script_enabled=False) as op:
        assert _shown(op.page) == CHANGED
        assert op.page.is_hidden("#text_changed .rows-more")  # a button that could do nothing is not shown
