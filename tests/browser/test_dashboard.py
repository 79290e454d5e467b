"""The readiness dashboards in headless chromium. The heat map: filters by prefecture, name and risk, with the
keyboard; on the national map, rows shown a page at a time on screen; every matching municipality printed (the map
is laid out only when scrolled to, and paged, on screen only). A municipality's steps named in text."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from checker.analysis.readiness import Deadlines
from checker.catalog import load_catalog
from checker.io.deadlines import load_deadlines
from checker.io.readiness_reader import read_progress
from checker.readiness_model import steps
from checker.readiness_query import Selection, load
from checker.readiness_store import ReadinessStore
from checker.report.readiness_view import write_dashboard
from tests.browser.conftest import demo_report, sideways
from tests.conftest import (FIXTURES, MIYAGI_DEADLINES, Ime, nation_workbook, offline_page, rates_workbook, shown_rows,
                            tokyo_not_sent)

MIYAGI = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
NATIONAL = FIXTURES / "readiness" / "soumu_progress_全国_2026-01.xlsx"
PAGE = 200  # rows shown at once (static/readiness.js)


def _dashboard(folder: Path, workbook: Path) -> Path:
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    store.import_data(read_progress(workbook))
    return write_dashboard(store, load(store, Selection(None, None), None), folder,
                           today=dt.date(2026, 2, 1), deadlines=Deadlines())


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national dashboard of a database holding 宮城県's 35 municipalities."""
    return _dashboard(tmp_path_factory.mktemp("dashboard"), MIYAGI)


@pytest.fixture(scope="module")
def whole_country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national dashboard of all 1,741 municipalities."""
    return _dashboard(tmp_path_factory.mktemp("country"), NATIONAL)


def _shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    return shown_rows(page, "#heat-table tbody tr")


def _printed(page) -> str:  # type: ignore[no-untyped-def]
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
    # NFKC: the PDF's font maps some ideographs to their Kangxi radical look-alikes (石 → ⽯)
    return unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))


@pytest.mark.browser
def test_heat_map_filters(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, national, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.locator("#heat").scroll_into_view_if_needed()
        assert len(_shown(page)) == 35 and page.is_hidden("#heat-more")  # fewer rows than a page: no paging
        page.fill("#filter-name", "町")
        towns = _shown(page)
        assert towns and all("町" in t for t in towns) and len(towns) < 35
        assert page.text_content("#filter-count") == f"{len(towns)} 団体"
        # the form does not print: the filters print in words
        assert page.is_hidden("#filter-state")
        page.emulate_media(media="print")
        assert page.is_hidden("#heat .controls")
        assert page.inner_text("#filter-state") == f"絞り込み: 団体名に「町」を含む（{len(towns)} / 35 団体）"
        page.emulate_media(media="screen")
        # every word folded as in the other reports' search boxes: a full-width space between two words, ｶ for カ
        first = towns[0]
        name = first.split()[-1]  # the cell shows 「宮城県 蔵王町」; the filter matches the name
        page.fill("#filter-name", f"{name[:1]}\u3000{name[-1:]}")
        assert first in _shown(page)
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
def test_the_name_filter_matches_the_name_not_the_prefecture(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """On the national map the name cell also shows the prefecture: 「県」 matched every town, 「宮城」 all 35."""
    with offline_page(browser, national) as op:
        page = op.page
        for typed in ("宮城", "県"):
            page.fill("#filter-name", typed)
            assert _shown(page) == [] and page.text_content("#filter-count") == "0 団体", typed
        page.fill("#filter-name", "宮城 利府")  # every word in the name: the prefecture is no word of it
        assert _shown(page) == []
        page.fill("#filter-name", "利府")
        assert _shown(page) == ["宮城県 利府町"]
        page.emulate_media(media="print")
        assert page.inner_text("#filter-state") == "絞り込み: 団体名に「利府」を含む（1 / 35 団体）"
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_every_municipality_is_printed(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, national) as op:  # not scrolled: the map was never laid out on screen
        names = op.page.eval_on_selector_all("#heat-table tbody th", "hs => hs.map(h => h.lastChild.textContent.trim())")
        text = _printed(op.page)
    assert len(names) == 35
    assert [n for n in names if n not in text] == []


@pytest.mark.browser
def test_the_national_map_shows_a_page_at_a_time_and_prints_whole(whole_country: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, whole_country, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.locator("#heat").scroll_into_view_if_needed()
        assert len(_shown(page)) == PAGE
        assert page.text_content("#filter-count") == "1,741 団体"
        assert "残り 1,541 団体" in page.text_content("#heat-more-text")
        # the rest of the page is the prefecture dashboard's, which test_all_reports checks whole (axe is slow on
        # 88,000 nodes): here the filters and the paging bar
        scope = {"include": [["#heat .controls"], ["#heat-more"]]}
        bad = [(v["id"], v["impact"]) for v in Axe().run(page, context=scope).response["violations"]
               if v["impact"] in ("serious", "critical")]
        assert bad == []
        page.click("#heat-more-next")
        assert len(_shown(page)) == 2 * PAGE
        page.select_option("#filter-pref", "北海道")  # a new filter starts from one page again
        assert len(_shown(page)) == 179 and page.is_hidden("#heat-more")
        page.select_option("#filter-pref", "")
        page.fill("#filter-name", "町")
        towns = page.text_content("#filter-count")
        assert len(_shown(page)) == PAGE and towns != "1,741 団体"
        # print: every matching row, the ones paged out on screen too (the print media rules, as chromium prints
        # them; the PDF's text is not compared here: its font maps 西, 長, 戸… to radicals NFKC does not fold)
        assert int(towns.split()[0].replace(",", "")) > PAGE
        page.emulate_media(media="print")
        assert _shown(page) == page.eval_on_selector_all(
            "#heat-table tbody tr:not([hidden])", "rs => rs.map(r => r.cells[0].textContent.trim())")
        assert len(_shown(page)) == int(towns.split()[0].replace(",", ""))
        page.emulate_media(media="screen")
        assert len(_shown(page)) == PAGE
        page.fill("#filter-name", "")
        page.focus("#heat-more-all")
        # all of them: the next page at once, the rest a page a frame (1,741 rows at once blocked the page for ~1 s or
        # more), and the bar goes
        assert page.evaluate("""() => { document.activeElement.click();
            return document.querySelectorAll('#heat-table tbody tr:not(.paged)').length; }""") == 2 * PAGE
        assert page.is_hidden("#heat-more")
        # a page a frame: on a loaded machine (a full run beside other work) the frames took over 5 s in all
        expect(page.locator("#heat-table tbody tr.paged")).to_have_count(0, timeout=30_000)
        assert len(_shown(page)) == 1741
        # the bar is gone: the keyboard carries on from the first row it showed, not from the top of the page
        assert page.evaluate("document.activeElement.cells[0].textContent.trim()") == _shown(page)[PAGE]
        # a filter while they are still coming starts from one page again, and stays there
        assert page.evaluate("""() => new Promise((done) => {
            const name = document.getElementById('filter-name'), edit = (text) => {
              name.value = text; name.dispatchEvent(new Event('input')); };
            edit('町'); document.getElementById('heat-more-all').click(); edit('町 ');
            const frames = (n) => n ? requestAnimationFrame(() => frames(n - 1))
              : done(document.querySelectorAll('#heat-table tbody tr:not([hidden]):not(.paged)').length);
            frames(4); })""") == PAGE
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_a_long_list_of_at_risk_municipalities_stays_folded_in_print(whole_country: Path, national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The national printout held 86 pages of 「要注意の団体」 of its 138, a list folded on screen that print opened:
    past 50 it stays folded, and a line says where the same towns are (the map's ⚠, the count per prefecture). A
    short list prints as on screen."""
    with offline_page(browser, whole_country) as op:
        page = op.page
        count = page.locator("#risk .risk-list li").count()
        assert count > 50 and page.is_hidden("#risk-print")
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        assert page.locator("#risk details").evaluate("d => !d.open && !d.checkVisibility()")
        assert page.inner_text("#risk-print") == (
            f"{count:,} 団体の一覧は印刷していません（画面の「要注意の団体と業務を表示」で開けます）。都道府県ごとの数は"
            "「都道府県別」の表の「要注意の団体」に、団体と要注意の業務は「団体 × 業務の完了率」の表の「⚠」のセルに示します。"
            "要注意の団体だけを印刷するには、その表を「要注意のみ」で絞り込んでから印刷してください。")
        assert op.errors == [] and op.requests == []
    with offline_page(browser, national) as op:
        op.page.emulate_media(media="print")
        assert 0 < op.page.locator("#risk .risk-list li").count() <= 50
        assert op.page.is_visible("#risk .risk-list") and op.page.locator("#risk-print").count() == 0


def test_each_at_risk_town_stays_whole_in_one_column_of_the_list(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The two-column list of 要注意の団体 broke a town's entry across the columns (on paper too: 塩竈市 began at the foot
    of one column and ended atop the next). 900 px wide broke one of the 16 here."""
    for width in (900, 1100, 1280):
        with offline_page(browser, national, viewport={"width": width, "height": 900}) as op:
            for media in ("screen", "print"):
                op.page.emulate_media(media=media)
                pieces = op.page.eval_on_selector_all("#risk .risk-list.columns li", "lis => lis.map(li => li.getClientRects().length)")
                assert len(pieces) > 10 and set(pieces) == {1}, (width, media, pieces)


def test_national_figures_of_part_of_the_country_say_so(national: Path, whole_country: Path) -> None:
    """「全国の中央値」 is the median of the municipalities imported (docs/readiness.md): with one prefecture, it says
    whose it is."""
    part, whole = national.read_text("utf-8"), whole_country.read_text("utf-8")
    assert "取り込み済み 35 団体の中央値" in part and "2026年1月までの月に、全国（47 都道府県）の総務省のデータは取り込まれていません" in part
    assert "移行準備状況ダッシュボード: 全国（取り込み済み 35 団体のみ）" in part
    assert part.count("全国の中央値") == part.count("全国の中央値ではありません") == 1  # only in that note
    assert "全国の中央値" in whole and "取り込まれていません" not in whole and "団体のみ" not in whole


@pytest.mark.browser
def test_the_name_filter_takes_text_committed_through_an_ime(national: Path, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, national) as op:
        page = op.page
        page.focus("#filter-name")
        ime = Ime(page)
        ime.compose("りふ")
        assert page.text_content("#filter-count") == "35 団体"  # the reading being typed does not filter
        ime.commit("利府")
        expect(page.locator("#filter-count")).to_have_text("1 団体")
        assert _shown(page) == ["宮城県 利府町"]
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_steps_in_progress_are_named_on_screen_and_in_print(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """A step's name, not only its number with the name in a tooltip (which neither keyboard, touch nor paper shows)."""
    names = {s.id: s.name for s in steps()}
    with offline_page(browser, demo_report(demo_pages, "readiness", "readiness_宮城県_利府町_2026-01.html")) as op:
        page = op.page
        column = page.locator("#bars thead th").all_text_contents().index("作業中のステップ") + 1
        cells = page.locator(f"#bars tbody td:nth-child({column})")
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            shown = [[(i, names[i] in text) for i in names if text.startswith(i) or f"\n{i}" in text]
                     for text in cells.all_inner_texts()]
            assert sum(map(len, shown)) > 1, media
            assert all(named for cell in shown for _, named in cell), media
        assert cells.locator("[title]").count() == 0


@pytest.fixture(scope="module")
def two_months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of a town with two months imported and four areas at risk: five lines in its trend chart."""
    folder = tmp_path_factory.mktemp("two_months")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    areas = ["住民記録", "戸籍", "介護保険", "国民年金", "児童手当"]
    for month, rate in (("令和7年12月", 0.1), ("令和8年1月", 0.2)):
        book = rates_workbook(folder / f"{month}.xlsx", areas, [["宮城県", "試験町", rate, *(rate + k / 20 for k in range(5))]], month)
        store.import_data(read_progress(book))
    return write_dashboard(store, load(store, Selection("宮城県", "試験町"), None), folder,
                           today=dt.date(2026, 2, 1), deadlines=Deadlines())


@pytest.mark.browser
def test_a_towns_short_headings_and_dates_stay_on_one_line(demo_pages, two_months, browser) -> None:  # type: ignore[no-untyped-def]
    """The areas table's short headings (not 前/回/比 a character a line), its dates (not 2026年3 / 月31日), 前回比 and
    期限まで: on one line, on screen and on an A4 landscape page."""
    lines = """[...document.querySelectorAll('#bars thead th.nowrap, #bars tbody .nowrap')].map(e => {
        const r = document.createRange(); r.selectNodeContents(e); return [e.textContent, r.getClientRects().length]; })"""
    for path in (demo_report(demo_pages, "readiness", "readiness_宮城県_利府町_2026-01.html"), two_months):
        with offline_page(browser, path, viewport={"width": 1280, "height": 800}) as op:
            page = op.page
            for media, width in (("screen", 1280), ("print", 1032)):  # 1032: an A4 landscape page's width at 96 dpi
                page.set_viewport_size({"width": width, "height": 800})
                page.emulate_media(media=media)
                shown = page.evaluate(lines)
                texts = {t for t, _ in shown}
                assert {"完了率", "前回比", "期限", "期限まで", "2026年3月31日"} <= texts, (path.name, media)
                assert path != two_months or any(t.endswith(" ポイント") for t in texts)
                assert {n for _, n in shown} == {1}, (path.name, media, [t for t, n in shown if n > 1])


@pytest.mark.browser
def test_the_trend_charts_labels_fit_and_its_lines_differ_by_more_than_colour(two_months, browser) -> None:  # type: ignore[no-untyped-def]
    """The newest month's label is not cut off at the chart's edge; each line has a dash of its own, which its legend
    key shows in its colour (read in black and white, or by a reader who cannot tell the colours apart)."""
    style = "(e) => [e.closest('[class*=series-]').getAttribute('class').match(/series-\\d/)[0], getComputedStyle(e).stroke, getComputedStyle(e).strokeDasharray]"
    with offline_page(browser, two_months) as op:
        chart = op.page.locator("#trend .line-chart")
        outside = chart.evaluate("svg => [...svg.querySelectorAll('text.axis')].map(t => t.getBBox())"
                                 ".filter(b => b.x < 0 || b.x + b.width > svg.viewBox.baseVal.width).length")
        lines = chart.locator("polyline").evaluate_all(f"ls => ls.map({style})")
        keys = op.page.locator("#trend .legend line").evaluate_all(f"ls => ls.map({style})")
        assert op.errors == [] and op.requests == []
    assert outside == 0
    assert len(lines) == 5 and keys == lines
    assert len({dash for _, _, dash in lines}) == 5


@pytest.fixture(scope="module")
def months_apart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of a town with 2026-01 to 04 and then 2026-10 imported (a sheet a quarter or half a year late is
    common), with 住民記録 at risk: its trend chart has two lines and five months, six of them apart at the end."""
    folder = tmp_path_factory.mktemp("months_apart")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    for month, rate in (("令和8年1月", 0.1), ("令和8年2月", 0.2), ("令和8年3月", 0.3), ("令和8年4月", 0.4), ("令和8年10月", 0.5)):
        book = rates_workbook(folder / f"{month}.xlsx", ["住民記録"], [["宮城県", "試験町", rate, rate]], month)
        store.import_data(read_progress(book))
    return write_dashboard(store, load(store, Selection("宮城県", "試験町"), None), folder,
                           today=dt.date(2026, 11, 1), deadlines=Deadlines())


@pytest.mark.browser
def test_the_trend_chart_places_months_as_far_apart_as_they_are_and_shows_the_months_without_data(
        months_apart, browser) -> None:  # type: ignore[no-untyped-def]
    """2026-04 → 2026-10 was drawn as wide as 2026-01 → 02: half a year's stall read as one month's progress. The
    months without data are shaded, and named in the legend, to a screen reader and in the table of numbers."""
    with offline_page(browser, months_apart) as op:
        page = op.page
        chart = page.locator("#trend .line-chart")
        points = chart.locator(".series-1 circle").evaluate_all(
            "cs => cs.map(c => { const b = c.getBoundingClientRect(); return b.x + b.width / 2 })")
        band = chart.locator("rect.chart-gap").evaluate_all("rs => rs.map(r => r.getBoundingClientRect().toJSON())")
        named = page.get_by_role("img", name=re.compile(r"^完了率の推移（.*）。データのない月: 2026年5月〜2026年9月$"))
        legend = page.locator("#trend .legend").inner_text()
        head = page.locator("#trend table thead th").all_inner_texts()
        months = page.locator("#trend table tbody th").all_inner_texts()
        overall = page.locator("#trend table tbody td:nth-of-type(1)").all_inner_texts()
        assert op.errors == [] and op.requests == []
        assert named.count() == 1
    step = points[1] - points[0]
    assert [round((x - points[0]) / step, 1) for x in points] == [0, 1, 2, 3, 9]
    # one band over the five months without data: from half a month after 2026-04 to half a month before 2026-10
    (box,) = band
    assert abs(box["x"] - (points[3] + step / 2)) < 1 and abs(box["x"] + box["width"] - (points[4] - step / 2)) < 1
    assert "データのない月: 2026年5月〜2026年9月（横軸は月の間隔どおり）" in legend
    assert head[:2] == ["月", "試験町（全体）"]
    assert months == ["2026年1月", "2026年2月", "2026年3月", "2026年4月", "2026年5月〜2026年9月", "2026年10月"]
    assert overall == ["0.5%", "1%", "1.5%", "2%", "データなし", "2.5%"]  # 試験町（全体）: 住民記録 alone of 20 areas


@pytest.fixture(scope="module")
def lines_meet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of a town whose 住民記録 and 戸籍, both at risk, stand at 30 % in 2026-01 and apart in 2026-02."""
    folder = tmp_path_factory.mktemp("lines_meet")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    for month, rates in (("令和8年1月", [0.3, 0.3]), ("令和8年2月", [0.4, 0.6])):
        book = rates_workbook(folder / f"{month}.xlsx", ["住民記録", "戸籍"], [["宮城県", "試験町", 0.1, *rates]], month)
        store.import_data(read_progress(book))
    return write_dashboard(store, load(store, Selection("宮城県", "試験町"), None), folder,
                           today=dt.date(2026, 3, 1), deadlines=Deadlines())


@pytest.mark.browser
def test_where_the_trends_lines_meet_the_point_under_the_mouse_names_each_lines_value(lines_meet, browser) -> None:  # type: ignore[no-untyped-def]
    """Two lines at the same value in a month: the dot drawn last covered the other, and its hover text (<title>)
    named its own line's value alone; the other's could not be pointed at. The point under the mouse names both."""
    hover = """([x, y]) => { const c = document.elementFromPoint(x, y).closest('circle');
        return c ? c.querySelector('title').textContent : null }"""
    with offline_page(browser, lines_meet, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.locator("#trend .line-chart").scroll_into_view_if_needed()
        dots = page.locator("#trend .line-chart circle").evaluate_all(
            "cs => cs.map(c => { const b = c.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2] })")
        hovered = [page.evaluate(hover, [x, y]) for x, y in dots]
        assert op.errors == [] and op.requests == []
    # 試験町（全体）'s dots (two areas of 20), then 住民記録's and 戸籍's: in 2026-01 戸籍's, drawn last, over 住民記録's
    met = "戸籍 2026年1月 30%、住民記録 30%"
    assert hovered == ["試験町（全体） 2026年1月 3%", "試験町（全体） 2026年2月 5%", met, "住民記録 2026年2月 40%", met,
                       "戸籍 2026年2月 60%"]


@pytest.fixture(scope="module")
def rifu_late(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """利府町's dashboard on 2026-12-06, 250 days past the deadline, after one check --record of two bids for 介護保険
    (recorded best last), an older run before."""
    folder = tmp_path_factory.mktemp("bids")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    store.import_data(read_progress(MIYAGI))
    store.record_check("介護保険", "利府町", "第6.0版", "旧システム株式会社", 1.0, "conformant", "2026-01-05T00:00:00+00:00")
    for vendor, coverage in (("テスト情報サービス株式会社", 0.9259), ("見本ソリューションズ株式会社", 0.9642)):
        store.record_check("介護保険", "利府町", "第6.1版", vendor, coverage, "non_conformant", "2026-01-10T00:00:00.000001+00:00")
    return write_dashboard(store, load(store, Selection("宮城県", "利府町"), None), folder,
                           today=dt.date(2026, 12, 6), deadlines=Deadlines())


def _column(page, name: str, area: str):  # type: ignore[no-untyped-def]
    """The cell of the column headed *name* in the row of *area* of the table of areas."""
    column = page.locator("#bars thead th").all_text_contents().index(name) + 1
    return page.locator("#bars tbody tr").filter(has=page.locator("th", has_text=area)).locator(f"td:nth-child({column})")


@pytest.mark.browser
def test_each_bid_of_the_latest_check_is_named_beside_its_coverage(rifu_late: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Two bids recorded by one check --record: both shown, best first, each with its vendor in the text (not the
    last file's figure alone as the town's), and a note saying so, on screen and in print."""
    with offline_page(browser, rifu_late) as op:
        page = op.page
        cell = _column(page, "必須機能の適合率", "介護保険")
        note = page.locator("#bars .coverage-vendors")
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            assert cell.locator("li").all_inner_texts() == ["96.4% 見本ソリューションズ株式会社 第6.1版",
                                                            "92.5% テスト情報サービス株式会社 第6.1版"], media
            expect(note).to_be_visible()
        assert note.inner_text().startswith("介護保険 の必須機能の適合率は、最新の check --record で記録した 2 社の値です（適合率の高い順）。")
        bad = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert op.errors == [] and op.requests == [] and bad == []


@pytest.mark.browser
def test_a_completed_area_is_not_shown_overdue(rifu_late: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """児童扶養手当 at 100 % read 「250 日超過」 beside 「✓ 完了」: when it was done is not known."""
    with offline_page(browser, rifu_late) as op:
        page = op.page
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            assert [_column(page, c, "児童扶養手当").inner_text() for c in ("期限まで", "状態")] == ["—", "✓ 完了"], media
            assert [_column(page, c, "介護保険").inner_text() for c in ("期限まで", "状態")] == ["250 日超過", "× 期限超過"], media
        assert op.errors == [] and op.requests == []


@pytest.fixture(scope="module")
def prefecture_bids(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """宮城県's dashboard after one check --record of 利府町's bids for two areas (介護保険 by two vendors)."""
    folder = tmp_path_factory.mktemp("prefecture_bids")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    store.import_data(read_progress(MIYAGI))
    run = "2026-01-10T00:00:00.000001+00:00"
    for area, vendor, coverage in (("介護保険", "テスト情報サービス株式会社", 0.9259), ("介護保険", "見本ソリューションズ株式会社", 0.9642),
                                   ("住民記録", "見本ソリューションズ株式会社", 0.99)):
        store.record_check(area, "利府町", "第6.1版", vendor, coverage, "conditional", run, prefecture="宮城県")
    return write_dashboard(store, load(store, Selection("宮城県", None), None), folder,
                           today=dt.date(2026, 2, 1), deadlines=Deadlines())


@pytest.mark.browser
def test_a_prefectures_map_shows_each_towns_recorded_coverage(prefecture_bids: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Prefecture staff saw no 必須機能の適合率 in their dashboard: each town's row has its lowest recorded area, named
    with its vendor, in a headed column of the map (「—」 without a record), on screen, filtered and in print."""
    with offline_page(browser, prefecture_bids, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.locator("#heat").scroll_into_view_if_needed()  # laid out when scrolled to (readiness.css)
        headers = page.locator("#heat-table thead th").all_text_contents()
        column = headers.index("必須機能の適合率（最も低い業務）") + 1
        assert page.locator(f"#heat-table thead th:nth-child({column})").get_attribute("scope") == "col"

        def cell(town: str) -> str:
            found = page.locator(f"#heat-table tbody tr[data-name='{town}'] > :nth-child({column})")
            found.scroll_into_view_if_needed()  # the map is laid out (its innerText filled) only once scrolled to
            page.wait_for_function("el => el.innerText.trim() !== ''", arg=found.element_handle())
            return found.inner_text()

        for media in ("screen", "print"):
            page.emulate_media(media=media)
            assert cell("利府町").splitlines() == ["96.4% 介護保険（2 業務中最低）", "見本ソリューションズ株式会社（2 社中最高）"], media
            assert cell("松島町") == "—", media
            expect(page.locator("#coverage-summary-note")).to_be_visible()
        page.emulate_media(media="screen")
        page.fill("#filter-name", "利府")
        assert _shown(page) == ["利府町"] and cell("利府町").startswith("96.4% 介護保険")
        bad = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        text = _printed(page)
        assert op.errors == [] and op.requests == [] and bad == []
    assert "96.4% 介護保険(2 業務中最低)" in text.replace("\n", "")


@pytest.fixture(scope="module")
def fuchu(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The dashboards of 府中市 of 東京都 (100 %) and of 広島県 (75 %), by prefecture."""
    folder = tmp_path_factory.mktemp("fuchu")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    store.import_data(read_progress(rates_workbook(folder / "fuchu.xlsx", ["住民記録"],
                                                   [["東京都", "府中市", 1.0, 1.0], ["広島県", "府中市", 0.75, 0.75]])))
    return {p: write_dashboard(store, load(store, Selection(p, "府中市"), None), folder, today=dt.date(2026, 2, 1),
                               deadlines=Deadlines()) for p in ("東京都", "広島県")}


@pytest.mark.browser
def test_a_towns_dashboard_names_its_prefecture_in_the_tab_the_heading_and_on_every_printed_page(
        fuchu: dict[str, Path], browser) -> None:  # type: ignore[no-untyped-def]
    """The two 府中市 had the same title, heading and printed page header (「移行準備状況ダッシュボード 府中市 2026-01」):
    told apart in a browser tab or on paper by a small card alone."""
    for prefecture, path in fuchu.items():
        with offline_page(browser, path) as op:
            page = op.page
            assert page.title() == f"移行準備状況ダッシュボード {prefecture} 府中市 2026年1月"
            assert page.locator("h1").inner_text() == f"移行準備状況ダッシュボード: {prefecture} 府中市"
            pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
            assert op.errors == [] and op.requests == []
        first, *rest = [unicodedata.normalize("NFKC", re.sub(r"\s", "", p.extract_text())) for p in pdf.pages]
        assert rest
        # page 1 by its own heading (no running header above it: the same title twice), the others by the header
        assert f"移行準備状況ダッシュボード:{prefecture}府中市" in first and "2026年1月" in first, prefecture
        assert all(f"移行準備状況ダッシュボード{prefecture}府中市2026年1月" in text for text in rest), prefecture


def _median_columns(page) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """The heading and the column headings of the table of area medians of a prefecture's or the country's page."""
    return page.locator("#bars-h").inner_text(), page.locator("#bars thead th").all_inner_texts()


@pytest.mark.browser
def test_the_national_page_shows_the_national_median_once(national: Path, whole_country: Path, browser,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    """「業務別の完了率（全国の中央値と全国の中央値）」 with two equal columns: the country compared with itself. A
    prefecture's page, and the country's of a month ahead of the latest national data, still compare two figures."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(nation_workbook(tmp_path / "nation.xlsx")))
    store.import_data(read_progress(rates_workbook(tmp_path / "feb.xlsx", ["住民記録"], [["宮城県", "利府町", 0.75, 0.75]],
                                                   "令和8年2月")))
    ahead, prefecture = (write_dashboard(store, load(store, Selection(p, None), "2026-02"), tmp_path,
                                         today=dt.date(2026, 3, 1), deadlines=Deadlines()) for p in (None, "宮城県"))
    expected = {
        whole_country: ("業務別の完了率（全国の中央値）", ["業務", "全国の中央値", "グラフ"]),
        national: ("業務別の完了率（全国（取り込み済み 35 団体のみ）の中央値）",
                   ["業務", "全国（取り込み済み 35 団体のみ）の中央値", "グラフ"]),
        # 利府町's own sheet ahead of 2026-01's national workbook: compared with 2026-01's 宮城県, like with like
        ahead: ("業務別の完了率（全国の中央値と2026年1月の同じ 1 団体の中央値）",
                ["業務", "全国の中央値", "グラフ", "2026年1月の同じ 1 団体の中央値"]),
        prefecture: ("業務別の完了率（宮城県の中央値と2026年1月の全国の中央値）",
                     ["業務", "宮城県の中央値", "グラフ", "2026年1月の全国の中央値"]),
    }
    for path, (heading, columns) in expected.items():
        with offline_page(browser, path) as op:
            assert _median_columns(op.page) == (heading, columns), path.name
            facts = op.page.locator(".banner__facts dt").all_inner_texts()
            assert op.errors == [] and op.requests == []
        assert ("1月の" in " ".join(facts)) is (len(columns) == 4), path.name  # the banner's figure: the same once


@pytest.mark.browser
def test_the_prefectures_of_the_national_map_are_in_prefecture_code_order(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The filter and the map listed the prefectures in the order their towns were first imported: 沖縄県 before
    北海道 after a self sheet of 那覇市, 岐阜県 before 福井県 and 長野県 in a workbook sorted by name."""
    towns = [["沖縄県", "那覇市"], ["岐阜県", "池田町"], ["長野県", "池田町"], ["北海道", "池田町"], ["福井県", "池田町"]]
    path = _dashboard(tmp_path, rates_workbook(tmp_path / "towns.xlsx", ["住民記録"], [[*t, 0.5, 0.5] for t in towns]))
    with offline_page(browser, path) as op:
        page = op.page
        options = page.locator("#filter-pref option").all_inner_texts()
        page.locator("#heat").scroll_into_view_if_needed()
        rows = _shown(page)
        assert op.errors == [] and op.requests == []
    order = ["北海道", "福井県", "長野県", "岐阜県", "沖縄県"]
    assert options == ["すべて", *order]
    assert rows == ["北海道 池田町", "福井県 池田町", "長野県 池田町", "岐阜県 池田町", "沖縄県 那覇市"]


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of a town with 36 months imported, 2024-01 to 2026-12: five lines in its trend."""
    from checker.catalog import load_catalog

    folder = tmp_path_factory.mktemp("three_years")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    order = [a.name for a in load_catalog().areas]
    for k in range(36):
        year, month = divmod(k, 12)
        rates = [min(k + j, 40) / 40 for j in range(len(order))]
        sheet = f"令和{6 + year}年{month + 1}月"
        store.import_data(read_progress(rates_workbook(folder / f"{k}.xlsx", order,
                                                       [["宮城県", "試験町", sum(rates) / 20, *rates]], sheet)))
    return write_dashboard(store, load(store, Selection("宮城県", "試験町"), None), folder,
                           today=dt.date(2027, 1, 15), deadlines=Deadlines())


@pytest.mark.browser
def test_every_month_of_the_trends_numbers_is_on_paper_and_its_headers_are_not_squeezed(three_years: Path,
                                                                                        browser) -> None:  # type: ignore[no-untyped-def]
    """Months across, 36 of them made the table 1,890 px wide on a 1,047 px page: the nine latest months, the one
    reported on among them, were cut off the paper, and on screen the lines' names stood one character a line."""
    a4_landscape = {"width": 1032, "height": 700}  # 297 mm less two margins of 12 mm, at 96 px an inch
    with offline_page(browser, three_years, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        table = page.locator("#trend table")
        # each line's figure of the month reported on, as the chart's points name it (「試験町（全体） 2026年12月 23.125%」,
        # then 「、住民記録 95%」 … of the lines whose points overlap it)
        last = [t.split("、")[0].split()[-1] for t in page.locator("#trend svg circle title").all_text_contents()
                if " 2026年12月 " in t]
        # on screen: no header squeezed, a month on one line, a line's name at least four characters wide
        headers = table.locator("th").evaluate_all("""hs => hs.map(h => { const r = document.createRange();
            r.selectNodeContents(h); return [h.textContent, r.getClientRects().length,
            h.getBoundingClientRect().width / parseFloat(getComputedStyle(h).fontSize)] })""")
        assert all(lines == 1 for text, lines, _ in headers if re.fullmatch(r"\d{4}年\d{1,2}月", text)), headers
        assert all(width >= 4 for text, _, width in headers if not re.fullmatch(r"\d{4}年\d{1,2}月", text)), headers
        printed = re.sub(r"\s+", " ", _printed(page))
        page.set_viewport_size(a4_landscape)
        page.emulate_media(media="print")
        right = table.evaluate("t => Math.max(...[...t.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().right))")
        assert op.errors == [] and op.requests == []
    assert len(last) == 5 and right <= a4_landscape["width"]
    assert re.search(r"2026年12月 " + " ".join(map(re.escape, last)), printed), last


@pytest.fixture(scope="module")
def miyagi_late(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """宮城県's dashboard on 2026-12-07 with a coordinator's deadlines (MIYAGI_DEADLINES)."""
    folder = tmp_path_factory.mktemp("late")
    store = ReadinessStore(f"sqlite:///{folder / 'r.db'}")
    store.import_data(read_progress(MIYAGI))
    path = folder / "miyagi.yaml"
    path.write_text(MIYAGI_DEADLINES, "utf-8")
    return write_dashboard(store, load(store, Selection("宮城県", None), None), folder,
                           today=dt.date(2026, 12, 7), deadlines=load_deadlines(path))


@pytest.mark.browser
def test_the_map_tells_overdue_from_nearing_and_extended_deadlines_on_screen_and_on_paper(miyagi_late: Path,
                                                                                          browser) -> None:  # type: ignore[no-untyped-def]
    """One ⚠ in red for 利府町's 住民記録, 251 days overdue, and for its 戸籍, 114 days before its 特定移行支援システム
    deadline; nothing on 仙台市's cells, extended to 2031. Overdue and nearing bear marks of another shape (black and
    white print), explained in a legend that prints; a deadline other than the default bears its number, named in a
    list under the map that prints and in the cell's title on screen."""
    areas = [a.name for a in load_catalog().areas]

    def cell(page, town: str, area: str):  # type: ignore[no-untyped-def]
        # the row: the town, 全体, the coverage, then the areas
        return page.locator(f"#heat-table tr[data-name='{town}'] > :nth-child({4 + areas.index(area)})")

    with offline_page(browser, miyagi_late, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.locator("#heat").scroll_into_view_if_needed()
        legend = page.locator("#heat-legend li").all_inner_texts()
        assert legend[:2] == ["×期限超過（期限を過ぎて未完了）",
                              "⚠期限が近い（完了率が 75% 未満で期限まで 180 日以内、または完了率によらず期限まで 30 日以内）"]
        assert legend[-1] == "印のない業務の期限は既定の 2026年3月31日（251 日超過）"
        assert cell(page, "利府町", "住民記録").text_content() == "×97.5"
        kseki = cell(page, "利府町", "戸籍")
        mark = kseki.locator("sup").text_content()
        assert kseki.text_content() == f"⚠57.5{mark}" and cell(page, "利府町", "戸籍附票").locator("sup").text_content() == mark
        note = page.locator(f"#deadline-notes li[data-note='{mark[1:]}']")
        assert note.text_content() == f"{mark} 期限 2027年3月31日 特定移行支援システム（戸籍・附票）（残り 114 日）: 1 団体 — 利府町（戸籍、戸籍附票）"
        kseki.hover()
        assert kseki.get_attribute("title") == "期限 2027年3月31日 特定移行支援システム（戸籍・附票）（残り 114 日）"
        # no ⚠ for 仙台市, and each cell says why; a done area's title has no days (not 「… 日超過」)
        sendai = cell(page, "仙台市", "児童扶養手当")
        assert re.fullmatch(r"32\.5\*\d+", sendai.text_content())
        sendai.hover()
        assert sendai.get_attribute("title") == "期限 2031年3月31日 特定移行支援システム（残り 1,575 日）"
        done = cell(page, "石巻市", "戸籍附票")
        assert re.fullmatch(r"100\*\d+", done.text_content())
        done.hover()
        assert done.get_attribute("title") == "期限 2028年3月31日"
        bad = [(v["id"], v["impact"]) for v in Axe().run(page, context={"include": [["#heat-legend"], ["#deadline-notes"], ["#risk"]]})
               .response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == []
        page.emulate_media(media="print")
        assert page.locator("#heat-legend").is_visible() and page.locator("#deadline-notes").is_visible()
        printed = "".join(_printed(page).split())
        # (the PDF's text reads 戸, 民 and — as look-alikes: left out)
        assert all(unicodedata.normalize("NFKC", "".join(text.split())) in printed for text in (
            "× 期限超過（期限を過ぎて未完了）", "⚠ 期限が近い（完了率が 75% 未満で期限まで 180 日以内、または完了率によらず期限まで 30 日以内）",
            "既定（2026年3月31日）と異なる期限",
            f"{mark} 期限 2027年3月31日 特定移行支援システム（", "（残り 114 日）: 1 団体", "宮城県 利府町: × 251 日超過：",
            "⚠ 期限 2027年3月31日 特定移行支援システム（", "、残り 114 日：", "期限 2031年3月31日 特定移行支援システム（残り 1,575 日）: 1 団体", "仙台市（全業務）"))
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_a_month_without_a_prefecture_is_compared_like_with_like_and_the_prefecture_named(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """東京都's 2026-02 workbook not sent, no town moved: the country's median fell from 75 % to 50 % beside 2026-01's
    全国の中央値. The page compares with 2026-01's same 46 prefectures, draws their median in the trend too, and names
    東京都 as missing from 2026-02, on screen and on paper."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for path in tokyo_not_sent(tmp_path):
        store.import_data(read_progress(path))
    path = write_dashboard(store, load(store, Selection(None, None), None), tmp_path, today=dt.date(2026, 3, 1),
                           deadlines=Deadlines())
    with offline_page(browser, path) as op:
        page = op.page
        facts = dict(zip(page.locator(".banner__facts dt").all_inner_texts(), page.locator(".banner__facts dd").all_inner_texts()))
        heading, columns = _median_columns(page)
        coverage = page.locator("#coverage-note").inner_text()
        trend_head = page.locator("#trend table thead th").all_inner_texts()
        trend_rows = [page.locator("#trend table tbody tr").nth(i).locator("td").all_inner_texts() for i in range(2)]
        notes = page.locator("#trend").inner_text()
        printed = _printed(page)
        assert op.errors == [] and op.requests == []
    assert facts["2026年1月の同じ 46 団体の中央値"] == "50%"
    assert heading == "業務別の完了率（全国の中央値と2026年1月の同じ 46 団体の中央値）"
    assert columns == ["業務", "全国の中央値", "グラフ", "2026年1月の同じ 46 団体の中央値"]
    assert "2026年2月のデータがない団体（以前の月のデータのみ）: 東京都（1 団体すべて）。" in coverage
    assert trend_head == ["月", "全国の中央値", "毎月データのある 46 団体の中央値"]
    assert trend_rows == [["75%", "50%"], ["50%", "50%"]]
    assert "一部の団体だけの月: 2026年2月（47 団体中 46 団体。東京都のデータなし）。" in notes
    assert "東京都(1団体すべて)" in printed.replace(" ", "").replace("（", "(").replace("）", ")")


@pytest.mark.browser
def test_months_of_some_towns_only_are_listed_a_month_a_line_and_reflow_at_200_percent(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """「一部の団体だけの月」 of several months, each naming up to 10 prefectures, ran on as one paragraph: they are a list,
    a month an item, which at 1,280 px and 200 % zoom (640 px) wraps without the page scrolling sideways."""
    from checker.readiness_model import PREFECTURES, in_code_order

    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    # 2026-01 whole, 2026-02 without 東京都, 2026-03 of 宮城県's workbook only
    for path in (*tokyo_not_sent(tmp_path),
                 rates_workbook(tmp_path / "宮城県_2026-03.xlsx", ["住民記録"], [["宮城県", "宮城市", 0.75, 0.75]], "令和8年3月")):
        store.import_data(read_progress(path))
    path = write_dashboard(store, load(store, Selection(None, None), "2026-03"), tmp_path, today=dt.date(2026, 4, 1),
                           deadlines=Deadlines())
    others = [p for p in in_code_order(PREFECTURES) if p != "宮城県"]
    with offline_page(browser, path, viewport={"width": 640, "height": 800}) as op:
        note = op.page.locator("#partial-months")
        assert note.locator("p").all_inner_texts() == ["一部の団体だけの月（2 か月）。その月の中央値はそれらの団体だけの値です。"]
        assert note.locator("li").all_inner_texts() == [
            "2026年2月（47 団体中 46 団体。東京都のデータなし）",
            f"2026年3月（47 団体中 1 団体。{'・'.join(others[:10])} ほか 36 都道府県のデータなし）"]
        assert (sideways(op.page), note.evaluate("e => e.scrollWidth - e.clientWidth")) == (0, 0)
        assert op.errors == [] and op.requests == []


@pytest.mark.browser
def test_a_towns_tables_scroll_in_boxes_a_keyboard_reaches_at_200_percent(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """At 1,280 px and 200 % zoom (640 px) the town's 業務別 table (its dates and 前回比 kept on one line) and ステップ別
    table are wider than the page and scroll in their boxes, which held nothing to focus: a keyboard could not scroll
    them (axe: scrollable-region-focusable). Tab reaches each box, with the focus ring, and the arrow keys scroll it."""
    path = demo_report(demo_pages, "readiness", "readiness_宮城県_利府町_2026-01.html")
    with offline_page(browser, path, viewport={"width": 640, "height": 800}) as op:
        page = op.page
        bad = [(v["id"], [n["target"] for n in v["nodes"]]) for v in
               Axe().run(page, options={"runOnly": ["scrollable-region-focusable"]}).response["violations"]]
        reached = {}
        for _ in range(60):
            page.keyboard.press("Tab")
            where = page.evaluate("(e => e.closest('section') && e.closest('section').id)(document.activeElement)")
            if where in ("bars", "steps") and where not in reached and page.evaluate("document.activeElement.matches('.table-wrap')"):
                ring = page.evaluate("(s => [s.outlineStyle, s.outlineWidth])(getComputedStyle(document.activeElement))")
                page.keyboard.press("ArrowRight")  # scrolls smoothly: a few frames
                reached[where] = (ring, bool(page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2000)))
        assert op.errors == [] and op.requests == []
    assert bad == []
    assert reached == {"bars": (["solid", "3px"], True), "steps": (["solid", "3px"], True)}
