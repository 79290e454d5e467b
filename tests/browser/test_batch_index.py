"""The index of a batch check (`check --manifest`) in headless chromium: offline, accessible, printable,
every link opens its report, and vendor text from the manifest stays text."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe

from checker.batch_run import manifest_tasks, run_batch
from checker.check_run import CheckOptions
from checker.manifest import load_manifest
from checker.report.batch_writers import write_batch_index
from tests.browser.conftest import GENERATED_AT, HOSTILE, sideways
from tests.conftest import offline_page, write_manifest

pytestmark = pytest.mark.browser

MANIFEST = """
title: 見本県 全業務の適合チェック
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors:
      - {name: "HOSTILE", file: FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx}
      - {name: 見本ソリューションズ, file: FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv}
  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx
    vendors:
      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    m = write_manifest(folder, MANIFEST.replace("HOSTILE", HOSTILE.replace('"', "'")))
    title, areas = load_manifest(m, same_vendors=False)
    out = folder / "out"
    summaries = run_batch(manifest_tasks(areas, CheckOptions(out_dir=out, formats=("html", "csv")), GENERATED_AT))
    return write_batch_index(out, summaries, title, m.name, GENERATED_AT)[0]


def test_index_is_offline_clean_accessible_and_prints(index: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, index, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        assert page.evaluate("window.__pwned") is None  # the vendor name from the manifest is text, not markup
        assert page.locator("tbody tr").count() == 3
        assert HOSTILE.replace('"', "'") in page.locator("tbody tr").first.inner_text()
        bad = [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]
               if v["impact"] in ("serious", "critical")]
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
        # NFKC: the PDF text layer gives some kanji as their Kangxi radical forms (⾒ for 見)
        printed = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
        requests, errors = op.requests, op.errors
        page.set_viewport_size({"width": 320, "height": 640})  # 400 %: the table scrolls in its box, not the page
        assert sideways(page) == 0
    assert requests == [] and errors == [] and bad == []
    # every row printed (one HTML link each); text wraps inside cells, so whitespace is ignored
    assert re.sub(r"\s", "", printed).count("HTML") == 3 and "判定の内訳" in printed


def test_every_link_opens_its_report(index: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()  # following a link is navigation between files, not a request of the page
    try:
        page = context.new_page()
        page.goto(index.as_uri())
        hrefs = page.locator("tbody a").evaluate_all("els => els.map(e => e.href)")
        assert len(hrefs) == 3 * 2  # HTML and CSV of each answer sheet
        assert all(Path(unquote(urlparse(h).path)).is_file() for h in hrefs), hrefs
        page.locator("tbody a").first.focus()  # by keyboard: Enter on the first report link
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == hrefs[0] and "適合チェック結果" in page.title()
    finally:
        context.close()
