"""The compare report's matrix in headless chromium: search, keyboard and screen-reader use."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MATRIX, MATRIX_PAGE, demo_report, matrix_ids
from tests.conftest import Ime, offline_page, shown_rows

pytestmark = pytest.mark.browser


def test_each_vendor_reads_its_rank_or_shikkaku(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """The committee's headline: a ranked vendor reads 「1位」 and a knocked-out one 「失格」, in the 総合評価 table and in
    its breakdown's title, as compare.json ranks them (a swapped label read 「失格」 of the winner, 「None位」 of the rest)."""
    html = demo_report(demo_pages, "compare", "compare.html")
    ranking = json.loads(html.with_name("compare.json").read_text("utf-8"))["ranking"]
    expected = [(r["vendor"], "失格" if r["knockouts"] else f"{r['rank']}位") for r in ranking]
    assert {label for _, label in expected} == {"1位", "失格"}  # the demo has both
    with offline_page(browser, html) as op:
        table = op.page.locator("#score-table tbody tr")
        assert [(r.locator("th").inner_text(), r.locator("td.rank").inner_text()) for r in table.all()] == expected
        assert op.page.locator("details.breakdown:not(.rules) > summary").all_inner_texts() == [
            f"{v}（{label}・総合 {r['total_percent']:.2f}%）の内訳" for (v, label), r in zip(expected, ranking)]
        assert op.errors == []


def test_search_takes_text_committed_through_an_ime(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        every = page.text_content("#m-status")
        page.focus("#m-q")
        ime = Ime(page)
        ime.compose("きゅうふ")
        assert page.text_content("#m-status") == every  # the reading being typed does not filter
        ime.commit("給付")
        expect(page.locator("#m-conditions")).to_have_text("条件 — 検索：「給付」")
        wanted = matrix_ids(page, "JSON.stringify(r).includes('給付')")
        assert wanted and shown_rows(page, MATRIX) == wanted[:MATRIX_PAGE]
        assert op.errors == [] and op.requests == []


def test_the_pager_keeps_the_keyboard_on_its_last_page(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        pages = -(-len(matrix_ids(page)) // MATRIX_PAGE)
        bottom = page.get_by_role("navigation", name="ページ送り（下）")
        bottom.get_by_role("button", name="次のページ").focus()
        for _ in range(pages - 1):
            page.keyboard.press("Enter")
        assert bottom.get_by_role("spinbutton", name="ページ").input_value() == str(pages)
        # 次のページ is disabled on the last page: the keyboard is on 前のページ, not at the top of the page
        assert page.evaluate("document.activeElement.textContent") == "前のページ"
        assert page.evaluate("document.activeElement.closest('nav').getAttribute('aria-label')") == "ページ送り（下）"
        page.keyboard.press("Enter")
        assert bottom.get_by_role("spinbutton", name="ページ").input_value() == str(pages - 1)


def test_the_pager_goes_to_the_first_the_last_or_any_page_by_keyboard(tmp_path, browser) -> None:  # type: ignore[no-untyped-def]
    """The whole country's comparison has hundreds of pages: its last was that many presses of 次のページ away."""
    from tests.browser.conftest import html_bench

    path, view = html_bench.synthetic_comparison(75, 10, tmp_path)
    with offline_page(browser, path) as op:
        page = op.page
        every = matrix_ids(page)
        assert view.page_size == 30  # three pages
        top, bottom = (page.get_by_role("navigation", name=f"ページ送り（{w}）") for w in ("上", "下"))
        number = bottom.get_by_role("spinbutton", name="ページ")  # its label, 「ページ」
        assert number.input_value() == "1" and number.get_attribute("max") == "3"
        assert bottom.locator(".m-pages").text_content() == "3"
        assert bottom.get_by_role("button", name="最初のページ").is_disabled()
        bottom.get_by_role("button", name="最後のページ").focus()
        page.keyboard.press("Enter")
        assert shown_rows(page, MATRIX) == every[60:]
        assert number.input_value() == top.get_by_role("spinbutton", name="ページ").input_value() == "3"
        # the buttons that go on are disabled: the keyboard goes to the one that goes back, not to the page's top
        assert page.evaluate("document.activeElement.textContent") == "前のページ"
        # a page by its number, typed and entered
        number.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("2")
        page.keyboard.press("Enter")
        assert shown_rows(page, MATRIX) == every[30:60]
        assert page.text_content("#m-status") == "介護保険 第6.0版: 75 件中 31–60 件目を表示"
        for typed, shown in (("9", "3"), ("", "3"), ("0", "1")):  # out of range: the last or the first; none: as it was
            page.keyboard.press("Control+A")
            page.keyboard.type(typed) if typed else page.keyboard.press("Delete")
            page.keyboard.press("Enter")
            assert number.input_value() == shown
        page.keyboard.press("ArrowUp")  # the number box's own step
        assert shown_rows(page, MATRIX) == every[30:60]
        top.get_by_role("button", name="最初のページ").click()
        assert page.evaluate("document.activeElement.textContent") == "次のページ"
        assert op.errors == [] and op.requests == []


def test_each_areas_breakdown_by_group_names_its_area(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """A comparison of the whole country holds twenty 「大項目別」: a screen reader's list of them says whose each is."""
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        names = op.page.eval_on_selector_all("#areas-heading ~ details > summary", "ss => ss.map(s => s.textContent)")
        areas = op.page.eval_on_selector_all("#m-area option", "os => os.map(o => o.textContent.split(' ')[0])")
        assert names and [n.split("の大項目別")[0] for n in names] == areas


def _text(alternatives: bool) -> str:
    """JS: what the search covers of a row r, folded (without the 代替案 unless *alternatives*)."""
    cell = "[c[1], c[3], c[4]]" if alternatives else "[c[1], c[4]]"
    return f"[r[0], r[1], r[8], ...r[7].flatMap(c => {cell})].join('\\u0001').normalize('NFKC').toLowerCase()"


@pytest.mark.parametrize(("query", "words", "in_alternatives_only"), [
    ("０２３０１０１", ["0230101"], False),  # full-width digits, as an IME types them
    ("ＥＵＣ機能", ["euc機能"], True),  # in some rows only in a vendor's 代替案
    ("独自施策　対応", ["独自施策", "対応"], False),  # two words, an ideographic space between
])
def test_search_folds_full_width_text_and_covers_alternatives(demo_pages, browser, query, words,  # type: ignore[no-untyped-def]
                                                               in_alternatives_only) -> None:
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        wanted = matrix_ids(page, f"{words}.every(w => {_text(True)}.includes(w))")
        page.fill("#m-q", query)
        assert wanted and shown_rows(page, MATRIX) == wanted
        if in_alternatives_only:
            assert set(wanted) - set(matrix_ids(page, f"{words}.every(w => {_text(False)}.includes(w))"))


def test_each_disclosure_in_the_matrix_names_its_requirement_and_vendor(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.4.6: a page holds hundreds of 「要件」「詳細」; each says, to a screen reader, whose it is."""
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        names = page.locator("#m-body summary").all_text_contents()
        assert len(names) > 100 and len(set(names)) == len(names)
        expected = page.eval_on_selector_all("#m-body summary", """ss => ss.map(s => {
            const td = s.closest("td"), tr = td.parentNode, head = document.querySelectorAll("#matrix-table thead th");
            return td.classList.contains("cell") ? `詳細（${tr.dataset.id}・${head[td.cellIndex].textContent}）`
                                                 : `要件（${tr.dataset.id}）`; })""")
        assert names == expected and any(n.startswith("詳細") for n in names)
        assert page.locator("#m-body summary .visually-hidden").first.bounding_box()["width"] <= 1  # read, not shown


def test_each_disclosure_opens_by_keyboard_on_the_text_its_row_holds(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """「要件」 holds the requirement's text; a vendor's 「詳細」 its 対応時期・代替案・備考・回答セル (those it has)."""
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        expected = page.evaluate("""() => {
            const labels = ["対応時期", "代替案", "備考", "回答セル"];
            return Object.fromEntries([...document.querySelectorAll('script[id^="data-area-"]')]
              .flatMap(s => JSON.parse(s.textContent).rows)
              .map(r => [r[0], [r[8], r[7].map(c => labels.flatMap((l, k) => c[2 + k] ? [[l, c[2 + k]]] : []))]]));
        }""")
        shown = page.eval_on_selector_all(MATRIX, """rs => rs.map(r => [r.dataset.id, [
            r.cells[1].querySelector("details p")?.textContent ?? "",
            [...r.querySelectorAll("td.cell")].map(td => [...td.querySelectorAll("dt")].map(dt =>
              [dt.textContent, dt.nextElementSibling.textContent]))]])""")
        assert len(shown) == MATRIX_PAGE and any(any(cell) for _, (_, cells) in shown for cell in cells)
        assert {i: expected[i] for i, _ in shown} == dict(shown)
        summary = page.locator("#m-body td.cell summary").first
        text = summary.locator("xpath=..").locator("dl")
        summary.focus()
        page.keyboard.press("Enter")
        assert text.is_visible() and summary.evaluate("s => s.parentNode.open")
        page.keyboard.press("Enter")
        assert not text.is_visible()


def test_a_search_typed_letter_by_letter_redraws_at_its_first_letter_and_once_the_typing_pauses(demo_pages, browser) -> None:  # type: ignore[no-untyped-def]
    """Each redraw lays out a page of cells: a word typed quickly no longer redraws at every letter. The page's clock
    stands still while the letters are typed, so the pause comes only when the test moves the clock on."""
    with offline_page(browser, demo_report(demo_pages, "compare", "compare.html")) as op:
        page = op.page
        page.clock.install()
        page.reload(wait_until="load")
        page.clock.pause_at(10**12)
        page.evaluate("""window.__draws = 0; new MutationObserver(() => window.__draws++)
            .observe(document.getElementById("m-status"), {childList: true, characterData: true, subtree: true})""")
        page.focus("#m-q")
        page.keyboard.type("0230101")
        assert page.evaluate("window.__draws") == 1  # at the first letter
        expect(page.locator("#m-conditions")).to_have_text("条件 — 検索：「0」")
        page.clock.run_for(200)  # the typing pauses
        assert page.evaluate("window.__draws") == 2
        expect(page.locator("#m-conditions")).to_have_text("条件 — 検索：「0230101」")
        wanted = matrix_ids(page, "r[0].includes('0230101')")
        assert wanted and shown_rows(page, MATRIX) == wanted
        page.clock.run_for(1000)
        page.fill("#m-q", "給付")  # one edit, as a paste or an IME's commit: shown at once
        assert page.evaluate("window.__draws") == 3
        assert shown_rows(page, MATRIX) == matrix_ids(page, "JSON.stringify(r).includes('給付')")[:MATRIX_PAGE]
        page.keyboard.type("管理")  # and printed at once, the pause or not
        # each draw lays out its rows at once (one mutation record a task would not tell two draws apart)
        page.evaluate("""() => { window.__laid = 0; const body = document.getElementById("m-body"), lay = body.replaceChildren;
            body.replaceChildren = (...rows) => { window.__laid++; return lay.apply(body, rows); }; }""")
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        expect(page.locator("#m-conditions")).to_have_text("条件 — 検索：「給付管理」")
        assert page.evaluate("window.__laid") == 1  # drawn once, for the printout: not the search's page first
        assert shown_rows(page, MATRIX) == matrix_ids(page, "JSON.stringify(r).includes('給付管理')")
        assert op.errors == [] and op.requests == []


def test_a_cell_answering_another_version_says_what_changed_since_beside_a_knock_out_naming_it(  # type: ignore[no-untyped-def]
        tmp_path, browser, v10, v11) -> None:
    """Committee walk B2: the answer to 第1.0版 that knocked its vendor out, a ○ to a 標準オプション機能 that 第1.1版 made
    実装不可機能, read 「実装不可機能の実装 回答: ○／得点 -10」 and 「実装不可機能の実装 1 件（許容 0 件まで）」 alone; a requirement
    new in 第1.1版 「未回答 回答:（なし）」."""
    from checker.analysis.bid import OtherVersion, compare
    from checker.analysis.carryover import AnsweredVersion, carry_over
    from checker.analysis.gap import check
    from checker.analysis.scoring import ScoringConfig, score
    from checker.analysis.specdiff import diff
    from checker.compare_run import default_scoring_document
    from checker.model import Answer, Response
    from checker.report.bid_writers import write_compare_outputs

    def answers(spec, vendor):  # type: ignore[no-untyped-def]  # ○ to every requirement
        return Response(vendor, f"{vendor}.xlsx", vendor[0] * 64, tuple(
            Answer(r.id, "○", "yes", "", "", "", f"回答!C{n}", f"回答!A{n}") for n, r in enumerate(spec.requirements, 2)), ())

    old = answers(v10, "旧版情報")
    carry = carry_over(diff(v10, v11), old, "manifest")
    results = {"住民記録": {"旧版情報": check(v11, old), "新版情報": check(v11, answers(v11, "新版情報"))}}
    version = OtherVersion.of(AnsweredVersion("第1.0版", "manifest"), carry)
    assert version is not None
    scores = score(results, ScoringConfig.from_dict(default_scoring_document()),
                   changes={"住民記録": {"旧版情報": version.changes}})
    [path], _ = write_compare_outputs(compare(results, {"住民記録": {"旧版情報": version}}), scores, tmp_path, "compare",
                                      ("html",), "2026-01-01T00:00:00+09:00", masked=False)
    new = carry.new_unanswered[0].id
    with offline_page(browser, path) as op:
        page = op.page
        reason = page.locator("#score-table tr[data-vendor='旧版情報'] td.ko li").first.inner_text()
        assert reason.startswith("住民記録: 実装不可機能の実装 ") and reason.endswith(
            "。うち 1 件（0010169）は、第1.0版 から実装区分が変わった要件への回答です（再確認が必要）")
        page.fill("#m-q", "0010169")
        expect(page.locator(MATRIX)).to_have_count(1)
        old_cell, current_cell = page.locator(f"{MATRIX} td.cell").all()
        assert old_cell.locator(".since").inner_text() == "第1.0版 では標準オプション機能"
        assert old_cell.locator(".since").is_visible() and current_cell.locator(".since").count() == 0
        page.fill("#m-q", new)
        expect(page.locator(f"{MATRIX} td.cell .since")).to_have_text(["第1.0版 にない要件"])
        assert op.errors == [] and op.requests == []
