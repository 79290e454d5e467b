"""The compare report's 前回との差 (compare --previous) in headless chromium: reached from the contents by keyboard,
drawn without script or network, printed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from checker.compare_run import CompareOptions, run_compare
from checker.manifest import AreaInput
from tests.conftest import KAIGO_PROFILE, KAIGO_SPEC, VENDOR, offline_page

pytestmark = pytest.mark.browser

FILES = [VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx", VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"]


def _compare(files: list[Path], out: Path, previous: Path | None = None) -> None:
    area = AreaInput((str(KAIGO_SPEC),), tuple((None, (f,)) for f in files), KAIGO_PROFILE)
    run_compare([area], CompareOptions(out_dir=out, formats=("html", "json"), previous=previous))


@pytest.fixture(scope="module")
def second_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Round 1 without 見本's row 230101; round 2 with it, compared with round 1."""
    folder = tmp_path_factory.mktemp("previous")
    lines = FILES[1].read_bytes().decode("cp932").splitlines(keepends=True)
    first = folder / FILES[1].name
    first.write_bytes("".join(ln for ln in lines if not ln.startswith("230101,")).encode("cp932"))
    _compare([FILES[0], first], folder / "r1")
    _compare(FILES, folder / "r2", folder / "r1" / "compare.json")
    return folder / "r2" / "compare.html"


def test_the_section_is_reached_from_the_contents_by_keyboard(second_round, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, second_round) as op:
        page = op.page
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "前回との差":
                break
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#changes-heading"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#changes-heading"
        heading = page.locator("#changes-heading")
        assert heading.is_visible() and heading.evaluate("h => h.getBoundingClientRect().top") < 200
        vendors = page.locator("#changes-table tbody tr")
        assert vendors.count() == 2
        assert "行の追加 1" in vendors.filter(has_text="見本ソリューションズ").inner_text()
        rows = page.locator("#changes table:not(#changes-table) tbody tr")
        assert rows.count() == 1 and rows.first.locator("td.id").inner_text() == "0230101"
        assert op.errors == [] and op.requests == []


def test_the_section_shows_without_script_and_prints(second_round, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, second_round, java_script_enabled=False) as op:
        assert op.page.locator("#changes table:not(#changes-table) tbody tr").first.is_visible()
    with offline_page(browser, second_round) as op:
        op.page.emulate_media(media="print")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(op.page.pdf(format="A4", landscape=True))).pages)
        assert "前回との差" in text and "0230101" in text
