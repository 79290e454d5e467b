"""What a printed report holds: every row the filters select (not the page or the chunk on screen, nor only the
unfolded groups) up to the print limit, past it the rows on screen and a note saying so; the filters in words, and
every folded <details> open; cell addresses wrap instead of being cut off; the focus ring shows on screen and not on
paper."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from checker.compare_run import CompareOptions, run_compare
from checker.manifest import AreaInput
from tests.browser.conftest import MATRIX, MATRIX_PAGE, demo_report, html_bench, matrix_ids
from tests.conftest import JUMIN_V11, KAIGO_SPEC, VENDOR, offline_page, shown_rows

pytestmark = pytest.mark.browser

def _print_media(page) -> None:  # type: ignore[no-untyped-def]
    """What a print does before laying out (fire beforeprint, use the print rules), without the seconds a whole
    PDF's text takes to extract."""
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")


def _screen_media(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")


NOTE = "[data-print-limit]"  # the note printed above a table the scripts draw when it prints in part
WHY = "件を超える表は、印刷に時間とメモリがかかりすぎるため、画面に表示中の行だけを印刷します。"


def _note(page) -> str | None:  # type: ignore[no-untyped-def]
    """The print note's text, None while it does not show."""
    note = page.locator(NOTE)
    return note.inner_text() if note.is_visible() else None


def _lower_print_limit(page, limit: int) -> None:  # type: ignore[no-untyped-def]
    """The print limit of the page's table lowered to *limit* rows (the note's data-print-limit: docs/decisions.md),
    so that a few rows are past it."""
    page.locator(NOTE).evaluate(f"n => n.setAttribute('data-print-limit', '{limit}')")


def test_compare_prints_every_row_the_filters_select(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        every = matrix_ids(page)
        assert len(shown_rows(page, MATRIX)) == MATRIX_PAGE < len(every)
        # a real print: the last row is on the last page, and the screen is as it was after it
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
        assert every[-1] in pdf.pages[-1].extract_text() + pdf.pages[-2].extract_text()
        assert len(shown_rows(page, MATRIX)) == MATRIX_PAGE and page.locator("details[open]").count() == 0
        _print_media(page)
        assert shown_rows(page, MATRIX) == every and page.is_hidden(".pager")
        assert page.locator("#m-conditions").inner_text() == "条件 — なし（全件）"
        # folded parts print open (each vendor's 得点の内訳, 大項目別, the cells' 詳細), their markers do not
        details = page.locator("details")
        assert details.count() > MATRIX_PAGE and details.evaluate_all("ds => ds.every(d => d.open)")
        assert "▶" not in page.locator("main").inner_text()
        _screen_media(page)
        assert details.evaluate_all("ds => ds.filter(d => d.open).length") == 0
        page.check("#m-only")
        page.fill("#m-q", "給付")
        wanted = matrix_ids(page, "(r[5] || r[6]) && JSON.stringify(r).toLowerCase().includes('給付')")
        _print_media(page)
        assert wanted and shown_rows(page, MATRIX) == wanted
        assert page.locator("#m-conditions").inner_text() == "条件 — 差異・要確認がある行のみ／検索：「給付」"
        assert op.errors == [] and op.requests == []


def test_with_ten_vendors_a_page_holds_fewer_rows_on_screen_and_print_holds_every_row(tmp_path, browser) -> None:  # type: ignore[no-untyped-def]
    """Every redraw lays out each vendor's cell: 100 rows of ten vendors took about a second a filter. A page holds
    300 cells' worth of rows (30 here) instead; paging, the status and print are as before."""
    path, view = html_bench.synthetic_comparison(75, 10, tmp_path)
    with offline_page(browser, path) as op:
        page = op.page
        every = matrix_ids(page)
        assert len(every) == 75 and view.page_size == 30 and view.print_limit == 500  # 5,000 cells: bid_view
        assert shown_rows(page, MATRIX) == every[:30]
        assert page.text_content("#m-status") == "介護保険 第6.0版: 75 件中 1–30 件目を表示"
        bottom = page.get_by_role("navigation", name="ページ送り（下）")
        assert bottom.get_by_role("spinbutton", name="ページ / 3", exact=True).input_value() == "1"
        bottom.get_by_role("button", name="次のページ").click()
        bottom.get_by_role("button", name="次のページ").click()
        assert shown_rows(page, MATRIX) == every[60:]
        assert page.text_content("#m-status") == "介護保険 第6.0版: 75 件中 61–75 件目を表示"
        _print_media(page)
        assert shown_rows(page, MATRIX) == every and _note(page) is None
        _screen_media(page)
        assert shown_rows(page, MATRIX) == every[60:]
        # past the limit: the page on screen; no Excel 評価表 was written, and the note names none
        _lower_print_limit(page, 40)
        _print_media(page)
        assert shown_rows(page, MATRIX) == every[60:]
        assert _note(page) == ("全 75 件のうち 61–75 件目（15 件）だけを印刷しています。40 " + WHY + "全件を印刷するには、"
                               "業務・大項目・差異のみ・検索で絞り込んでください（--format に xlsx を加えると、Excel 評価表の業務ごとの"
                               "シートにも出力します）。")
        _screen_media(page)
        assert shown_rows(page, MATRIX) == every[60:] and _note(page) is None
        assert op.errors == [] and op.requests == []


def test_a_comparison_past_the_print_limit_prints_the_page_on_screen_and_says_so(tmp_path, browser) -> None:  # type: ignore[no-untyped-def]
    """Laid out whole for print, 4,500 rows of five vendors took 78 s and 9 GB, and the national comparison could not
    be printed: past 1,000 rows (fewer past five vendors) the printout holds the page on screen, and a note above the
    matrix says which rows of how many and where the whole prints from. Filtered down to the limit, every row prints."""
    path, view = html_bench.synthetic_comparison(1010, 3, tmp_path, formats=("html", "xlsx"))
    assert view.print_limit == 1000 and view.page_size == MATRIX_PAGE
    with offline_page(browser, path) as op:
        page = op.page
        every = matrix_ids(page)
        assert len(every) == 1010
        page.get_by_role("navigation", name="ページ送り（下）").get_by_role("button", name="次のページ").click()
        _print_media(page)
        assert shown_rows(page, MATRIX) == every[100:200]
        assert _note(page) == ("全 1,010 件のうち 101–200 件目（100 件）だけを印刷しています。1,000 " + WHY + "全件は Excel "
                               "評価表「compare.xlsx」の業務ごとのシートを印刷するか、業務・大項目・差異のみ・検索で絞り込んでから"
                               "印刷してください。")
        assert page.text_content("#m-status") == "介護保険 第6.0版: 1010 件中 101–200 件目を表示"  # printed as it is
        _screen_media(page)
        assert shown_rows(page, MATRIX) == every[100:200] and _note(page) is None
        page.select_option("#m-group", index=1)
        group = matrix_ids(page, "r[2] === 0")
        assert MATRIX_PAGE < len(group) <= 1000
        _print_media(page)
        assert shown_rows(page, MATRIX) == group and _note(page) is None
        assert op.errors == [] and op.requests == []


def _compare_html(tmp_path_factory: pytest.TempPathFactory, areas: list[AreaInput]) -> Path:
    home, out = tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("compare")
    mp = pytest.MonkeyPatch()
    mp.setenv("HYOJUN_HOME", str(home))
    try:
        outcome = run_compare(areas, CompareOptions(out_dir=out, formats=("html",)))
    finally:
        mp.undo()
    return next(p for p in outcome.outputs if p.suffix == ".html")


@pytest.fixture(scope="module")
def two_areas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The comparison of two vendors in two areas (介護保険, 住民記録)."""
    return _compare_html(tmp_path_factory, [
        AreaInput((str(KAIGO_SPEC),), (("架空システムズ", (VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx",)),
                                       ("見本ソリューションズ", (VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv",)))),
        AreaInput((str(JUMIN_V11),), (("架空システムズ", (VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx",)),
                                      ("見本ソリューションズ", (VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls",)))),
    ])


def test_a_comparison_of_several_areas_shows_and_prints_them_all(two_areas, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, two_areas) as op:
        page = op.page
        assert page.locator("#m-area option:checked").text_content() == "すべての業務"
        every = matrix_ids(page)
        assert page.text_content("#m-status") == f"すべての業務: {len(every)} 件中 1–{MATRIX_PAGE} 件目を表示"
        _print_media(page)
        assert shown_rows(page, MATRIX) == every and page.is_hidden(".pager")
        _screen_media(page)
        assert len(shown_rows(page, MATRIX)) == MATRIX_PAGE
        # one area, and one of its 大項目: the filters say so, and print only that
        page.select_option("#m-area", "area-2")
        group = page.locator("#m-group option").nth(1)
        page.select_option("#m-group", group.get_attribute("value"))
        wanted = page.evaluate("JSON.parse(document.getElementById('data-area-2').textContent).rows"
                               ".filter(r => r[2] === 0).map(r => r[0])")
        assert page.text_content("#m-conditions") == f"条件 — 業務：住民記録 第1.1版／大項目：{group.text_content()}"
        _print_media(page)
        assert shown_rows(page, MATRIX) == wanted
        assert op.errors == [] and op.requests == []


def test_without_javascript_a_comparison_prints_its_folded_parts_and_names_no_file_it_did_not_write(two_areas, browser) -> None:  # type: ignore[no-untyped-def]
    """With scripts off (a locked-down PC) the matrix cannot be built: the note must not send the reader to an Excel
    評価表 that --format html left out; and the folded 採点基準 and each vendor's 得点の内訳 print open all the same."""
    with offline_page(browser, two_areas, java_script_enabled=False) as op:
        note = op.page.locator("#matrix .notice").inner_text()
        printed = "".join(_page_texts(op.page))
        op.page.emulate_media(media="print")
        folded = op.page.locator("details:not([open]) table").evaluate_all("ts => ts.map(t => t.checkVisibility())")
    assert "出力していません" in note and "Excel 評価表" in note and "compare.xlsx" not in note
    assert "状態条件" in re.sub("[・‧]", "", printed)  # the header of the 採点基準 table (the PDF's font has its own dot)
    assert len(folded) == 1 + 2 + 2 and all(folded)  # 採点基準, each vendor's 得点の内訳, each area's 大項目別


FIVE = ("株式会社みらい行政システムズ", "架空クラウドソリューションズ株式会社", "見本情報サービス株式会社",
        "株式会社テスト自治体ソフトウェア", "サンプル総合計算センター株式会社")


@pytest.fixture(scope="module")
def five_vendors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The comparison of five vendors (the bundled answer files under long company names) in 介護保険, the first one's
    sheet named as a committee's vendors named theirs (機能要件回答)."""
    copies = tmp_path_factory.mktemp("answers")
    files = [VENDOR / f"介護保険_第6.0版_回答_{v}" for v in ("架空システムズ.xlsx", "見本ソリューションズ.csv", "テスト情報サービス.xlsx")]
    book = openpyxl.load_workbook(files[0])
    book["機能"].title = "機能要件回答"
    files[0] = copies / "renamed.xlsx"
    book.save(files[0])
    for k in (1, 2):  # the same answers again, in files of their own (blank lines added)
        files.append(copies / f"copy{k}.csv")
        files[-1].write_bytes(files[1].read_bytes() + b"\n" * k)
    return _compare_html(tmp_path_factory, [AreaInput((str(KAIGO_SPEC),), tuple(zip(FIVE, ((f,) for f in files))))])


def test_a_printed_comparison_holds_every_vendor_on_every_page(five_vendors, browser) -> None:  # type: ignore[no-untyped-def]
    """The matrix fits the page's width: no vendor's column is cut off, and a page holds several requirements."""
    with offline_page(browser, five_vendors) as op:
        page = op.page
        page.select_option("#m-group", index=1)  # one 大項目: a shorter printout
        ids = matrix_ids(page, "r[2] === 0")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
        # a header cell wraps a long name over lines; the PDF's font may map an ideograph to its radical
        texts = [unicodedata.normalize("NFKC", re.sub(r"\s", "", p.extract_text())) for p in pdf.pages]
        matrix = [t for t in texts if any(i in t for i in ids)]
        assert matrix and [k for k, t in enumerate(matrix) if not all(v in t for v in FIVE)] == []
        assert len(matrix) < len(ids) / 3
        _print_media(page)
        assert page.is_hidden("nav.toc")
        assert op.errors == [] and op.requests == []


# In print media: the share of the matrix's width each header cell takes, and each row's length of 名称 and 要件 and
# whether it may break across pages
_MATRIX_LAYOUT = """(() => { const t = document.getElementById('matrix-table');
    return {share: [...t.tHead.rows[0].cells].map(c => c.offsetWidth / t.offsetWidth),
            rows: [...document.querySelectorAll('#m-body tr[data-id]')].map(tr => [tr.cells[1].textContent.length,
                                                                                   getComputedStyle(tr).breakInside])}; })()"""


def test_a_printed_comparison_gives_the_requirements_text_the_room_it_needs(two_areas, five_vendors, browser) -> None:  # type: ignore[no-untyped-def]
    """A committee's 663 requirements of 4 vendors printed on 234 sheets, most of 住民記録's with one or two rows:
    the requirement's text (up to 1,300 characters) sat in a column of 14em beside the vendors' columns of a few
    words, and a tall row kept whole left the page before it half blank. The requirement's column takes the share
    of the page that makes the rows the shortest (住民記録's long texts: much of it; 介護保険's short ones beside five
    vendors: little, the vendors' columns the rest), and a row taller than a third of a page may break."""
    a4 = {"width": 1032, "height": 700}  # an A4 landscape page's width at 96 dpi
    with offline_page(browser, two_areas, viewport=a4) as op:
        page = op.page
        page.select_option("#m-area", "area-2")  # 住民記録 第1.1版: two vendors
        ids = page.evaluate("JSON.parse(document.getElementById('data-area-2').textContent).rows.map(r => r[0])")
        pages = _page_texts(page)
        first = next(k for k, t in enumerate(pages) if ids[0] in t)
        assert len(ids) / (len(pages) - first) > 4  # rows a page (14em: 1.5)
        _print_media(page)
        layout = page.evaluate(_MATRIX_LAYOUT)
        assert layout["share"][1] >= .45  # 名称 and 要件 (14em: 0.15)
        # about 550 characters of 名称 and 要件 in that column: a third of a page; those much longer may break
        assert {b for n, b in layout["rows"] if n > 650} == {"auto"}
        assert {b for n, b in layout["rows"] if n < 450} == {"avoid"}
        assert op.errors == [] and op.requests == []
    with offline_page(browser, five_vendors, viewport=a4) as op:
        _print_media(op.page)
        layout = op.page.evaluate(_MATRIX_LAYOUT)
        assert layout["share"][1] <= .2 and min(layout["share"][4:]) >= .13
        assert {b for n, b in layout["rows"]} == {"avoid"}


# The vendors' cell addresses (回答セル) of the matrix: [its text, its lines, whether it is narrower than its cell]
_ADDRESSES = """[...document.querySelectorAll('#m-body .cell dt')].filter(dt => dt.textContent === '回答セル').map(dt => {
    const dd = dt.nextElementSibling, r = document.createRange(), cell = getComputedStyle(dd.closest('td'));
    r.selectNodeContents(dd);
    const parts = [...r.getClientRects()].filter(x => x.width > 0);
    const room = parseFloat(cell.width) - parseFloat(cell.paddingLeft) - parseFloat(cell.paddingRight);
    return [dd.textContent, parts.length, parts.reduce((w, x) => w + x.width, 0) < room]; })"""


def test_a_printed_comparisons_cell_addresses_stay_whole(five_vendors, browser) -> None:  # type: ignore[no-untyped-def]
    """「回答セル：機能要件回 / 答!D166」: an address wraps whole to the next line, not inside, where it fits one."""
    with offline_page(browser, five_vendors, viewport={"width": 1032, "height": 700}) as op:  # an A4 landscape page
        op.page.select_option("#m-group", index=1)
        _print_media(op.page)
        addresses = op.page.evaluate(_ADDRESSES)
        assert {a[1] for a in addresses if a[0].startswith("機能要件回答!")} == {1}
        assert [a for a in addresses if a[1] > 1 and a[2]] == []


def _printed(page) -> str:  # type: ignore[no-untyped-def]
    """The text of the page printed to PDF (which fires beforeprint and afterprint, as a browser's print does)."""
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True))).pages)


def test_folded_groups_of_the_check_report_print_their_rows(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.get_by_role("button", name="対応が必要な行だけ表示").click()
    toggle = page.locator("tr.hy-group--0 button.hy-group__toggle").first
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    wanted = page.evaluate("(() => { const t = document.querySelector('[data-hy-table]').hyTable;"
                           " return t.matched.map(i => t.val(i, 'id')); })()")
    on_screen = page.locator("tr.hy-row .hy-toggle").evaluate_all("els => els.map(e => e.firstChild.nextSibling.textContent)")
    folded = [i for i in wanted if i not in on_screen]
    assert folded  # the folded group's rows are not on screen
    text = _printed(page)
    assert [i for i in wanted if i not in text] == []
    # folded again after printing
    toggle = page.locator("tr.hy-group--0 button.hy-group__toggle").first
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("tr.hy-row .hy-toggle").evaluate_all(
        "els => els.map(e => e.firstChild.nextSibling.textContent)") == on_screen


GAP_ROWS = "[data-hy-grid] tr.hy-row"


def test_a_check_report_past_the_print_limit_prints_the_rows_on_screen_and_says_so(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """Laid out whole for print, 20,000 rows of a check failed past 10 GB (3,000 rows: 14 s, 1.5 GB): past 1,000 rows
    the printout holds the rows drawn on screen, at most 1,000 of them, and a note says which of how many."""
    page, _ = open_report(reports["large"], "#by=0")
    total = len(reports["large"].view.rows)
    assert total > 3000
    first = shown_rows(page, GAP_ROWS)
    assert len(first) == 30
    _print_media(page)
    assert shown_rows(page, GAP_ROWS) == first
    assert _note(page) == (f"全 {total:,} 件のうち 1–30 件目（30 件）だけを印刷しています。1,000 " + WHY + "全件を印刷する"
                           "には、状態・実装区分・大項目・キーワード検索で絞り込んでください（--format に xlsx を加えると、"
                           "Excel にも出力します）。")
    _screen_media(page)
    assert shown_rows(page, GAP_ROWS) == first and _note(page) is None and page.locator("tr.hy-more").is_visible()
    # more rows drawn than the limit: those up to it print, and all of them are on screen again after
    _lower_print_limit(page, 50)
    page.get_by_role("button", name="続きを表示").dispatch_event("click")
    drawn = shown_rows(page, GAP_ROWS)
    assert len(drawn) == 30 + 240
    _print_media(page)
    assert shown_rows(page, GAP_ROWS) == drawn[:50]
    assert _note(page).startswith(f"全 {total:,} 件のうち 1–50 件目（50 件）だけを印刷しています。50 " + WHY)
    _screen_media(page)
    assert shown_rows(page, GAP_ROWS) == drawn and page.locator("tr.hy-more").is_visible()


def test_a_check_report_with_folded_groups_past_the_print_limit_says_how_many_it_prints(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """Past the limit the rows print as on screen, a folded group folded: the rows printed are not the first N."""
    page, _ = open_report(reports["kaigo"])
    total = len(reports["kaigo"].view.rows)
    page.locator("tr.hy-group--0 button.hy-group__toggle").first.click()
    drawn = shown_rows(page, GAP_ROWS)
    _lower_print_limit(page, 5)
    _print_media(page)
    assert shown_rows(page, GAP_ROWS) == drawn[:5]
    assert _note(page).startswith(f"全 {total:,} 件のうち画面に表示中の 5 件だけを印刷しています。")
    assert page.locator("tr.hy-group--0 button.hy-group__toggle").first.get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize(("formats", "whole"), [
    (("html", "csv"), "全件を印刷するには、状態・実装区分・大項目・キーワード検索で絞り込んでください"),
    (("html", "xlsx", "csv"), "全件は Excel「r.xlsx」の「要件別結果」のシートを印刷するか、"),
])
def test_a_check_reports_print_note_names_the_excel_file_only_when_written(browser, tmp_path, formats, whole) -> None:  # type: ignore[no-untyped-def]
    """The whole table prints from the Excel file's sheet (a CSV has no print layout): named only when written."""
    from checker.report.gap_writers import write_gap_outputs
    from tests.browser.conftest import GENERATED_AT

    write_gap_outputs(html_bench.synthetic_result(30), tmp_path, "r", formats, GENERATED_AT)
    with offline_page(browser, tmp_path / "r.html") as op:
        op.page.wait_for_selector("[data-hy-ready]")
        _lower_print_limit(op.page, 10)
        _print_media(op.page)
        assert whole in _note(op.page)
        assert op.errors == [] and op.requests == []


def _page_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of each page of *page* printed to PDF at the size its CSS asks (A4 landscape), whitespace removed
    (a cell wraps its text) and NFKC (the PDF's font may map an ideograph to its radical)."""
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return [unicodedata.normalize("NFKC", re.sub(r"\s", "", p.extract_text())) for p in pdf.pages]


def test_the_requirements_text_gets_the_room_on_paper_and_a_long_row_may_break(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """The printed check report of a spec with real-length texts (住民記録: up to 1,100 characters): the full text
    gets the width the mostly empty 代替案・ベンダ備考 held, and a row that fills much of a page may break across
    pages (kept whole, it was pushed to the next page and left this one blank below the table's heading)."""
    page, _ = open_report(reports["carried"])
    rows = reports["carried"].view.rows
    pages = _page_texts(page)
    heading = next(k for k, t in enumerate(pages) if "要件別の結果" in t)
    assert rows[0].id in pages[heading]  # the heading and the header row are not alone on their page
    _print_media(page)
    share = page.evaluate("(() => { const t = document.querySelector('[data-hy-grid]');"
                          " return Object.fromEntries([...t.querySelectorAll('col')].map((c, k) =>"
                          " [c.className, t.tHead.rows[0].cells[k].offsetWidth / t.offsetWidth])); })()")
    assert share["hy-col-name"] >= 0.35 and share["hy-col-alternative"] <= 0.15
    breaks = dict(page.locator("tr.hy-row").evaluate_all(
        "rs => rs.map(r => [+r.dataset.i, getComputedStyle(r).breakInside])"))
    assert len(breaks) == len(rows)
    # about 500 characters of the row's text: a third of a page; those much longer may break, much shorter may not
    size = {k: len(r.name + r.text) for k, r in enumerate(rows)}
    assert {breaks[k] for k, n in size.items() if n > 550} == {"auto"}
    assert {breaks[k] for k, n in size.items() if n < 420} == {"avoid"}


def test_a_heading_and_the_header_row_print_with_the_first_row(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """In the spec diff, 「追加（10 件）」 and its header row came at the foot of page 1, the rows on page 2."""
    with offline_page(browser, next(p for p in demo_pages if p.parent.name == "diff")) as op:
        first = op.page.locator("#added tbody tr td.id").first.text_content()
        pages = _page_texts(op.page)
        heading = unicodedata.normalize("NFKC", re.sub(r"\s", "", op.page.locator("#added-heading").text_content()))
        assert [first in t for t in pages if heading in t] == [True]


# A vendor's name that would end a CSS string (and the <style> it is in) and add a rule of its own.
CSS_BREAKER = '悪意"; } @page { @top-left { content: "偽"; } } \\"\n</style><script>window.__pwned=5</script>株式会社'


def test_every_printed_page_names_the_report_its_date_and_its_number(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Loose sheets of several vendors' reports can be told apart and put back in order: each page carries the
    report's title (with the vendor), the time it was made and 「ページ N / M」. The vendor's name is untrusted text
    in a CSS string: its quotes, backslashes and line breaks end neither the string nor the <style>, and the CSP
    lets the style apply."""
    import dataclasses

    from checker.analysis.gap import check
    from checker.report.gap_writers import write_gap_outputs
    from checker.dates_ja import shown_time
    from tests.browser.conftest import GENERATED_AT, html_bench

    result = html_bench.synthetic_result(60)
    result = check(result.spec, dataclasses.replace(result.response, vendor=CSS_BREAKER), result.profile)
    (path,) = write_gap_outputs(result, tmp_path, "report", ("html",), GENERATED_AT)
    with offline_page(browser, path) as op:
        op.page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                                " (e) => window.__csp.push(e.violatedDirective));")
        op.page.reload(wait_until="load")
        pages = _page_texts(op.page)
        assert op.page.evaluate("window.__csp") == [] and op.page.evaluate("window.__pwned") is None
        assert op.errors == [] and op.requests == []
    vendor = unicodedata.normalize("NFKC", re.sub(r"\s", "", CSS_BREAKER))
    assert len(pages) > 2
    for k, text in enumerate(pages, 1):
        # the time as the Excel footer prints it (2026年1月15日 10:00), not as ISO text
        assert vendor in text and "作成日時" + shown_time(GENERATED_AT).replace(" ", "") in text, k
        assert f"ページ{k}/{len(pages)}" in text, k
        assert "偽" not in text.replace(vendor, "")  # the rule in the name did not apply


def test_long_cell_addresses_wrap(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """A CSV answer file's cell addresses hold its whole file name (介護保険_第6.0版_回答_見本ソリューションズ!C2)."""
    path = demo_report(demo_pages, "介護保険", "介護保険_第6.0版_回答_見本ソリューションズ.html")
    overflowing = "[...document.querySelectorAll('td.mono')].filter(td => td.scrollWidth > td.clientWidth + 1).length"
    with offline_page(browser, path, viewport={"width": 1366, "height": 768}) as op:
        page = op.page
        page.wait_for_selector("[data-hy-ready]")
        assert "見本ソリューションズ!" in page.locator("[data-hy-grid] td.mono").first.text_content()
        assert page.evaluate(overflowing) == 0
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.set_viewport_size({"width": 1032, "height": 700})  # an A4 landscape page's width at 96 dpi
        page.emulate_media(media="print")
        assert page.evaluate(overflowing) == 0


def test_lint_ids_and_cell_addresses_stay_whole(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 指摘事項 table's IDs and cell addresses on one line each (not 023012/5, 機/能!A103), on screen and on an A4
    landscape page; one a hostile vendor file makes 300 characters long wraps inside the table instead of widening
    it past the page. At 1,280 px and 200 % zoom (640 px) that table scrolls in its box, which a keyboard reaches
    (axe: scrollable-region-focusable; it held nothing to focus)."""
    from dataclasses import replace

    from axe_playwright_python.sync_playwright import Axe

    from checker.analysis.gap import check
    from checker.io.config import load_profile
    from checker.io.vendor_reader import read_response
    from checker.model import LintFinding
    from checker.report.gap_writers import write_gap_outputs
    from checker.spec_store import resolve_spec
    from tests.conftest import KAIGO_PROFILE

    result = check(resolve_spec([str(KAIGO_SPEC)]), read_response(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"),
                   load_profile(KAIGO_PROFILE))
    hostile = LintFinding("warning", "unknown-id", "機能" * 150 + "!A1", "仕様書にないIDです。", "9" * 300)
    # the lines of each row's セル and ID (where it has them), by its ID; and whether a table is wider than its box
    lines = """[...document.querySelectorAll('[aria-labelledby=lint-heading] tbody tr')].map(tr =>
        [tr.cells[5].textContent, [4, 5].filter(i => tr.cells[i].textContent).map(i => {
            const r = document.createRange(); r.selectNodeContents(tr.cells[i]); return r.getClientRects().length; })])"""
    wide = "[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth).length"
    for lint in (result.lint, result.lint + (hostile,)):
        (html,) = write_gap_outputs(replace(result, lint=lint), tmp_path, "lint", ("html",), "2026-01-01T00:00:00+09:00")
        with offline_page(browser, html, viewport={"width": 1280, "height": 800}) as op:
            page = op.page
            page.wait_for_selector("[data-hy-ready]")
            for media, width in (("screen", 1280), ("print", 1032)):  # 1032: an A4 landscape page's width at 96 dpi
                page.set_viewport_size({"width": width, "height": 800})
                page.emulate_media(media=media)
                rows = page.evaluate(lines)
                assert len(rows) == len(lint) > 10 and page.evaluate(wide) == 0, media
                assert {m for i, n in rows if i != hostile.id for m in n} == {1}, media
                assert [min(n) > 1 for i, n in rows if i == hostile.id] == [True] * (hostile in lint), media
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": 640, "height": 800})
            unreached = Axe().run(page, options={"runOnly": ["scrollable-region-focusable"]}).response["violations"]
            assert (page.evaluate(wide), unreached) == (hostile in lint, [])
            assert op.errors == []


def _luminance(rgb: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_focus_ring_contrasts_and_does_not_print(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.locator("input[data-search]").focus()
    page.keyboard.press("Tab")  # by keyboard: :focus-visible
    style = "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineColor]; })()"
    outline, color = page.evaluate(style)
    assert outline == "solid"
    for background in ("rgb(255, 255, 255)", "rgb(242, 242, 242)", "rgb(232, 241, 254)", "rgb(253, 238, 238)"):
        lighter, darker = sorted((_luminance(color), _luminance(background)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 3, background  # WCAG 1.4.11
    page.emulate_media(media="print")
    assert page.evaluate(style)[0] == "none"


def test_print_layout(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """Readiness step names print whole (not cut with …, their full text only in a tooltip); a spec diff's count
    table is as wide as its content; headings keep with what follows them."""
    with offline_page(browser, demo_report(demo_pages, "readiness", "readiness_宮城県_利府町_2026-01.html")) as op:
        op.page.emulate_media(media="print")
        names = op.page.locator("table.steps th[scope=row]")
        assert names.count() == 40
        assert names.evaluate_all("hs => hs.filter(h => h.scrollWidth > h.clientWidth).length") == 0
        assert op.page.evaluate("getComputedStyle(document.querySelector('h2')).breakAfter") == "avoid"
    with offline_page(browser, next(p for p in demo_pages if p.parent.name == "diff")) as op:
        op.page.emulate_media(media="print")
        assert op.page.evaluate("document.querySelector('.summary-table').offsetWidth"
                                " < document.querySelector('main').clientWidth / 2")


def test_a_spec_diffs_kind_column_fits_a_portrait_page(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 種別 column (機能要件／帳票要件) of a spec diff's tables: on one line, and no table wider than a portrait A4
    page (a table-wrap would cut what overflows it on paper)."""
    import dataclasses

    from checker.analysis.specdiff import diff
    from checker.report.specdiff_writers import write_specdiff_outputs
    from checker.spec_store import resolve_spec

    old = resolve_spec([str(KAIGO_SPEC)])
    form, function = (next(r for r in old.requirements if r.kind == k and r.text) for k in ("form", "function"))
    new = dataclasses.replace(old, version="第7.0版", requirements=tuple(
        dataclasses.replace(r, text=r.text + "（一括印刷を含む。）", name=r.name + "（改）",
                            cls="optional" if r.cls == "mandatory" else "mandatory") if r in (form, function) else r
        for r in old.requirements[1:]) + (dataclasses.replace(form, id="0239999"),))
    (html,) = write_specdiff_outputs(diff(old, new), tmp_path, ("html",), "2026-01-01T00:00:00+09:00", ())
    with offline_page(browser, html, viewport={"width": 794, "height": 1123}) as op:
        _print_media(op.page)
        kinds = op.page.evaluate("""[...document.querySelectorAll('section[id]')].filter(s => s.querySelector('td.kind'))
            .map(s => [s.id, [...s.querySelectorAll('td.kind')].map(td => td.textContent)])""")
        assert [section for section, _ in kinds] == ["added", "removed", "text_changed", "name_changed", "class_changed"]
        assert {k for _, ks in kinds for k in ks} == {"機能要件", "帳票要件"}
        lines = ("[...document.querySelectorAll('td.kind')].map(td => { const r = document.createRange(); "
                 "r.selectNodeContents(td); return r.getClientRects().length; })")
        assert set(op.page.evaluate(lines)) == {1}
        assert op.page.evaluate("[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth)"
                                ".length") == 0
        assert op.errors == []


def test_a_spec_diffs_renamed_heading_is_one_row_the_contents_lead_to(browser, tmp_path):  # type: ignore[no-untyped-def]
    """保険料賦課 renamed 保険料賦課等: one row of 「分類名の変更」, reached from the contents, no move listed; it passes
    axe and fits a portrait A4 page in print."""
    import dataclasses

    from axe_playwright_python.sync_playwright import Axe

    from checker.analysis.specdiff import diff
    from checker.report.specdiff_writers import write_specdiff_outputs
    from checker.spec_store import resolve_spec

    old = resolve_spec([str(KAIGO_SPEC)])
    new = dataclasses.replace(old, version="第6.1版", requirements=tuple(
        dataclasses.replace(r, section=("保険料賦課等", *r.section[1:])) if r.section[:1] == ("保険料賦課",) else r
        for r in old.requirements))
    (html,) = write_specdiff_outputs(diff(old, new), tmp_path, ("html",), "2026-01-01T00:00:00+09:00", ())
    with offline_page(browser, html, viewport={"width": 794, "height": 1123}) as op:
        page = op.page
        page.get_by_role("link", name="分類名の変更（1 分類）").click()
        assert page.evaluate("location.hash") == "#renamed_headings"
        assert page.evaluate("document.getElementById('renamed_headings').getBoundingClientRect().top") < 1123
        rows = "rs => rs.map(r => [...r.cells].map(c => c.textContent))"
        assert page.eval_on_selector_all("#renamed_headings tbody tr", rows) == [
            ["機能要件", "大項目", "—", "保険料賦課", "保険料賦課等", "47 件"]]
        assert page.text_content("#moved h2") == "移動（0 件）"
        assert [v["id"] for v in Axe().run(page, context={"include": [["#renamed_headings"]]}).response["violations"]
                if v["impact"] in ("serious", "critical")] == []
        _print_media(page)
        assert page.evaluate("[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth)"
                             ".length") == 0
        assert op.errors == []
