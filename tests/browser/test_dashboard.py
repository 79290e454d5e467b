"""The readiness dashboard's heat map in headless chromium: filters by prefecture, name and risk, with the
keyboard, and every municipality printed (the map is laid out only when scrolled to on screen, never in print)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from checker.analysis.readiness import Deadlines
from checker.io.readiness_reader import read_progress
from checker.readiness_query import Selection, load
from checker.readiness_store import ReadinessStore
from checker.report.readiness_view import write_dashboard
from tests.conftest import FIXTURES, offline_page

MIYAGI = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national dashboard of a database holding 宮城県's 35 municipalities."""
    folder = tmp_path_factory.mktemp("dashboard")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    store.import_data(read_progress(MIYAGI))
    return write_dashboard(store, load(store, Selection(None, None), None), folder,
                           today=dt.date(2026, 2, 1), deadlines=Deadlines())


def _shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("#heat-table tbody tr", "rs => rs.filter(r => r.offsetParent !== null)"
                                     ".map(r => r.cells[0].textContent.trim())")


@pytest.mark.browser
def test_heat_map_filters(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, national, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.locator("#heat").scroll_into_view_if_needed()
        assert len(_shown(page)) == 35
        page.fill("#filter-name", "町")
        towns = _shown(page)
        assert towns and all("町" in t for t in towns) and len(towns) < 35
        assert page.text_content("#filter-count") == f"{len(towns)} 団体"
        page.fill("#filter-name", "")
        page.check("#filter-risk")
        risky = page.eval_on_selector_all("#heat-table tr[data-risk]", "rs => rs.length")
        assert 0 < len(_shown(page)) == risky < 35
        page.uncheck("#filter-risk")
        page.select_option("#filter-pref", "宮城県")
        assert len(_shown(page)) == 35
        # the scrollable map is reachable by keyboard (axe checks its label in test_all_reports)
        page.focus("#filter-name")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        for _ in range(3):
            if page.evaluate("document.activeElement.classList.contains('heat-wrap')"):
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('heat-wrap')")
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_every_municipality_is_printed(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, national) as op:  # not scrolled: the map was never laid out on screen
        names = op.page.eval_on_selector_all("#heat-table tbody th", "hs => hs.map(h => h.lastChild.textContent.trim())")
        pdf = PdfReader(io.BytesIO(op.page.pdf(format="A4", landscape=True)))
    # NFKC: the PDF's font maps some ideographs to their Kangxi radical look-alikes (石 → ⽯)
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
    assert len(names) == 35
    assert [n for n in names if n not in text] == []
