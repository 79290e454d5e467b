"""Every HTML report the demo writes (gap, comparison, spec diff, readiness, index) in headless chromium:
opened from disk with the network blocked it makes no request, raises no script error, prints to
more than nothing (its title and date once on page 1), and axe-core finds no serious or critical violation."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from tests.browser.conftest import demo_report, sideways
from tests.conftest import offline_page


def _name(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


def _text(text: str) -> str:
    """*text* without whitespace and punctuation (a cell wraps it; the PDF's font has dashes and dots of its own), NFKC
    (it may map an ideograph to its radical)."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text))


def _above_the_page(page) -> str:  # type: ignore[no-untyped-def]
    """The text a PDF *page* holds in its top margin (12 mm: base.css @page)."""
    top = float(page.mediabox.height) - 12 / 25.4 * 72
    parts: list[str] = []

    def seen(text, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if tm[4] * cm[1] + tm[5] * cm[3] + cm[5] > top:
            parts.append(text)
    page.extract_text(visitor_text=seen)
    return _text("".join(parts))


@pytest.mark.browser
def test_every_demo_report_is_offline_clean_and_accessible(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for path in demo_pages:
        with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
            # index.html links to the other reports: navigation is not a request the page makes itself
            requests = [u for u in op.requests if not (path.name == "index.html" and u.endswith(".html"))]
            errors = op.errors
            bad = [(v["id"], v["impact"]) for v in Axe().run(op.page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
            title, dated = _text(op.page.title()), op.page.locator(".page-header__tool span").count()
            pdf = PdfReader(io.BytesIO(op.page.pdf(format="A4", landscape=True, page_ranges="1-2")))
            text = pdf.pages[0].extract_text()
        # Page 1 printed the title and 作成日時 twice, one above the other: above the page (@page, as on every page)
        # and in its own header. Not above it now; above the next pages still.
        above = [_above_the_page(p) for p in pdf.pages]
        if above[0] or dated and "作成日時" not in _text(text):
            problems.append(f"{_name(path)}: printed page 1 has {above[0]!r} above it, and no 作成日時 in it")
        # most of the title's characters (the PDF's font may map an ideograph to a radical NFKC keeps: 民 → ⺠)
        if above[1:] and not (sum(c in above[1] for c in title) > .8 * len(title) and above[1].count("作成日時") == dated):
            problems.append(f"{_name(path)}: printed page 2 has {above[1]!r} above it")
        if requests:
            problems.append(f"{_name(path)}: requests {requests[:3]}")
        if errors:
            problems.append(f"{_name(path)}: script errors {errors[:3]}")
        if bad:
            problems.append(f"{_name(path)}: axe {bad}")
        if not text.strip():
            problems.append(f"{_name(path)}: printed page 1 is empty")
    assert problems == []


@pytest.mark.browser
def test_no_demo_report_scrolls_sideways_at_200_or_400_percent(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.10: at 683 px (1,366 px at 200 %) and 320 px (1,280 px at 400 %) a wide table scrolls in its own box,
    the page does not (visually hidden text at a wide table's right edge, or a long provenance label, made it)."""
    problems: list[str] = []
    for path in demo_pages:
        with offline_page(browser, path, viewport={"width": 683, "height": 640}) as op:
            for width in (683, 320):
                op.page.set_viewport_size({"width": width, "height": 640})
                if over := sideways(op.page):
                    problems.append(f"{_name(path)} at {width} px: {over} px")
    assert problems == []


# Each link and disclosure of a page by its accessible name (aria-label, else its text, the visually hidden part too)
# and where it leads (a summary: its own <details>).
_NAMED = """[...document.querySelectorAll('a[href], summary')].map((e, k) =>
    [(e.getAttribute('aria-label') || e.textContent).replace(/\\s+/g, ' ').trim(), e.getAttribute('href') || 'summary ' + k])"""
# Tables without a caption, or outside a box that scrolls sideways (the page would instead)
_BARE_TABLES = """[...document.querySelectorAll('table')].filter(t => !t.caption || !t.parentElement.closest('.table-wrap, .hy-wrap'))
    .map(t => t.tHead ? t.tHead.textContent.trim().slice(0, 20) : t.className)"""


@pytest.mark.browser
def test_every_name_says_where_it_leads_and_every_table_has_a_caption(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """A screen reader's lists of links and controls: no name stands for two destinations (the banner's two 「4 件」,
    the spec diff's eight 「全文を表示」); every table has a caption and scrolls in its own box (the compare report's
    大項目別 had neither)."""
    problems: list[str] = []
    for path in demo_pages:
        with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
            named, bare = op.page.evaluate(_NAMED), op.page.evaluate(_BARE_TABLES)
        leads: dict[str, set[str]] = {}
        for name, where in named:
            leads.setdefault(name, set()).add(where)
        problems += [f"{_name(path)}: {name!r} leads to {len(to)} places" for name, to in leads.items() if len(to) > 1]
        problems += [f"{_name(path)}: table {t!r} without a caption or a scroll box" for t in bare]
    assert problems == []


# The narrowest value of the page's provenance block (作成情報), in px
_NARROWEST_VALUE = "Math.min(...[...document.querySelectorAll('.provenance dd')].map(d => d.getBoundingClientRect().width))"


@pytest.mark.browser
def test_a_long_provenance_label_leaves_its_value_room_on_screen_and_in_print(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """「回答ファイル（介護保険・テスト情報サービス株式会社）」 kept on one line filled its column, and the file name and
    sha256 beside it stood one character a line: 1,000 px per entry, the national comparison's 作成情報 35 printed pages.
    A value too narrow beside its label goes below it."""
    problems: list[str] = []
    for path in demo_pages:
        with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
            for media in ("screen", "print"):
                op.page.emulate_media(media=media)
                if (narrowest := op.page.evaluate(_NARROWEST_VALUE)) < 100:
                    problems.append(f"{_name(path)} ({media}): a value {narrowest:.0f} px wide")
    assert problems == []


@pytest.mark.browser
def test_without_javascript_no_report_shows_a_control_that_needs_it(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """The compare matrix's filters and pagers, the dashboards' filters and the long tables' buttons work by script:
    without it they are not shown (they did nothing: every row is shown, or a note says where the rows are), nor is the
    matrix's header row without a row under it."""
    problems: list[str] = []
    for path in demo_pages:
        with offline_page(browser, path, java_script_enabled=False) as op:
            shown = op.page.eval_on_selector_all(
                "button, input, select, .pager, table", """es => es.filter(e => e.checkVisibility())
                    .filter(e => e.tagName !== 'TABLE' || !e.querySelector('tbody tr'))
                    .map(e => e.tagName + ' ' + (e.id || e.className || e.textContent.trim().slice(0, 20)))""")
        if shown:
            problems.append(f"{_name(path)}: {shown}")
    assert problems == []


_NARROW_RULES = ["scrollable-region-focusable", "region", "landmark-unique", "aria-allowed-role", "aria-prohibited-attr",
                 "nested-interactive"]


@pytest.mark.browser
def test_every_box_that_scrolls_at_400_percent_is_reached_by_the_keyboard(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.1.1: at 320 px (1,280 px at 400 %) a box that scrolls holds something a keyboard can focus (the box
    itself, named after its table). Wide tables scroll in boxes at that width that held nothing to focus (axe:
    scrollable-region-focusable); the box gets its tab stop on resize, not only when the page loads."""
    problems: list[str] = []
    for path in demo_pages:
        with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
            op.page.set_viewport_size({"width": 320, "height": 640})
            sideways(op.page)  # two frames: the scripts have seen the resize
            # the rules a width can break (test_every_demo_report_is_offline_clean_and_accessible runs them all at 1,366 px)
            found = Axe().run(op.page, options={"runOnly": {"type": "rule", "values": _NARROW_RULES},
                                                "resultTypes": ["violations"]}).response["violations"]
            bad = [(v["id"], [n["target"] for n in v["nodes"]]) for v in found if v["impact"] in ("serious", "critical")]
            if bad or op.errors:
                problems.append(f"{_name(path)}: axe {bad} errors {op.errors[:3]}")
    assert problems == []


# Each scroll box: [its aria-label, whether it is a tab stop, whether it scrolls]
_BOXES = """[...document.querySelectorAll('.table-wrap, .hy-wrap')].map(b => [b.getAttribute('aria-label'), b.tabIndex === 0,
    b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX !== 'visible'])"""


@pytest.mark.browser
def test_a_box_that_does_not_scroll_is_no_tab_stop(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """At 1,366 px, after a visit to 320 px, the keyboard stops on no box that does not scroll, only on those the HTML
    makes tab stops at every width; at 320 px a box that scrolls is one, named after its table, with the focus ring."""
    problems: list[str] = []
    for path in demo_pages:
        static = set(re.findall(r'<div class="[^"]*" tabindex="0" role="region" aria-label="([^"]*)"', path.read_text()))
        with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
            for width in (320, 1366):
                op.page.set_viewport_size({"width": width, "height": 768})
                sideways(op.page)
                boxes = op.page.evaluate(_BOXES)
                wrong = [b for b in boxes if b[1] != b[2] and b[0] not in static]
                if wrong:
                    problems.append(f"{_name(path)} at {width} px: {wrong}")
    assert problems == []
    path = demo_report(demo_pages, "compare", "compare.html")
    with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
        # a table the page's filters draw wider (a long cell) or narrower again, the window's width unchanged
        widen = "w => { const t = document.querySelector('#m-body').closest('table'); t.style.minWidth = w; }"
        stops = []
        for width in ("4000px", ""):
            op.page.evaluate(widen, width)
            sideways(op.page)
            stops.append(op.page.evaluate("document.querySelector('#m-body').closest('.table-wrap').tabIndex"))
    assert stops == [0, -1]
    with offline_page(browser, path, viewport={"width": 320, "height": 768}) as op:
        for _ in range(40):
            op.page.keyboard.press("Tab")
            if op.page.evaluate("document.activeElement.matches('.table-wrap')"):
                break
        focused = op.page.evaluate("""(e => [e.getAttribute('role'), e.getAttribute('aria-label'),
            getComputedStyle(e).outlineStyle])(document.activeElement)""")
    assert focused == ["region", "総合評価（スクロールできます）", "solid"]


@pytest.mark.browser
def test_a_focused_box_that_stops_scrolling_keeps_the_focus_until_it_is_left(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """A box focused at 320 px, the window widened: the box stopped scrolling, lost its tab stop and the focus fell to
    the page's top (document.body), the keyboard user's place lost. It keeps the focus, and its tab stop until left."""
    path = demo_report(demo_pages, "compare", "compare.html")
    box = "document.querySelector('#m-body').closest('.table-wrap')"
    with offline_page(browser, path, viewport={"width": 320, "height": 768}) as op:
        sideways(op.page)
        op.page.evaluate(f"{box}.focus()")
        op.page.set_viewport_size({"width": 1366, "height": 768})
        sideways(op.page)
        focused = op.page.evaluate(f"[document.activeElement === {box}, {box}.scrollWidth > {box}.clientWidth]")
        op.page.keyboard.press("Tab")  # on to the box's next control: the box no longer a tab stop
        sideways(op.page)
        left = op.page.evaluate(f"[document.activeElement === {box}, {box}.tabIndex, {box}.hasAttribute('role')]")
        assert op.errors == []
    assert focused == [True, False]
    assert left == [False, -1, False]
