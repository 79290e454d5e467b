"""The HTML gap report in headless chromium: offline, filter, search, sort, groups, expand, CSV, print, a11y."""

from __future__ import annotations

import csv
import io
import re

from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from checker.io.export import csv_bytes
from checker.report.gap_writers import write_gap_outputs
from tests.browser.conftest import FORMULAS, GENERATED_AT, LONE_DASHES, Report, html_bench
from tests.conftest import Ime, offline_page

pytestmark = pytest.mark.browser

ROWS = "[data-hy-grid] tr.hy-row"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"  # gitignored


def ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"{ROWS} .hy-toggle").evaluate_all("els => els.map(e => e.firstChild.nextSibling.textContent)")


def shown(page) -> int:  # type: ignore[no-untyped-def]
    """The live count 「表示中 N 件」."""
    return int(page.locator(".hy-count strong").inner_text().replace(",", ""))


def scroll_to_the_end(page, n: int) -> None:  # type: ignore[no-untyped-def]
    """Scroll down the table until its *n* rows are rendered (the first rows come at once, the rest on scrolling)."""
    rows = page.locator(ROWS)
    while (before := rows.count()) < n:
        rows.last.scroll_into_view_if_needed()
        expect(rows).not_to_have_count(before)
    expect(rows).to_have_count(n)


def check_only(page, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f'fieldset:has(input[data-facet="{field}"]) button[data-act="none"]').click()
    page.locator(f'input[data-facet="{field}"][value="{value}"]').check()


def test_control_page_requests_are_recorded(open_report, reports, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The recorder sees file:// subresources, so an empty record below means something."""
    control = tmp_path / "control.html"
    control.write_text('<p data-hy-ready>x</p><img src="missing.png">', "utf-8")
    page, rec = open_report(type(reports["kaigo"])(control, reports["kaigo"].view))
    page.wait_for_load_state("load")
    assert any(u.endswith("missing.png") for u in rec.others())


def test_no_requests_while_using_the_report(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, rec = open_report(reports["kaigo"])
    check_only(page, "status", "mandatory_gap")
    page.locator("th button[data-field=name]").click()
    page.locator(f"{ROWS} .hy-toggle").first.click()
    page.get_by_label("キーワード検索").fill("給付")
    page.select_option("select[data-facet=section]", "給付管理")
    page.get_by_role("button", name="条件をすべてクリア").click()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert rec.others() == []
    assert rec.urls  # the page itself was seen


def test_banner_bars_and_counts(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    view = reports["kaigo"].view
    banner = page.locator(".banner")
    assert "不適合" in banner.inner_text()
    assert page.locator(".banner--non_conformant").count() == 1
    counts = {s: n for s, _, _, n in view.counts}
    facts = page.locator(".banner__facts").inner_text()
    assert f"{view.coverage * 100:.1f}%" in facts
    assert "必須機能の未対応" in facts and f"{counts['mandatory_gap']} 件" in facts
    bars = page.locator("#status-bars li")
    assert bars.count() == 9
    first = bars.nth(0)
    assert first.inner_text().startswith("適合") and f"{counts['conformant']} 件" in first.inner_text()
    width = first.locator(".bar > span").evaluate("e => e.getBoundingClientRect().width / e.parentElement.getBoundingClientRect().width")
    assert width == pytest.approx(counts["conformant"] / view.requirements, abs=0.02)
    assert page.locator("#class-bars li").count() == 3
    assert shown(page) == len(view.rows)
    # every facet count is what that box would show
    for status, n in counts.items():
        if n:
            assert page.locator(f'input[value="{status}"] ~ .hy-checks__n').inner_text() == str(n)


def test_status_class_and_section_filters(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    rows = reports["kaigo"].view.rows
    check_only(page, "status", "mandatory_gap")
    expected = [r.id for r in rows if r.status == "mandatory_gap"]
    assert shown(page) == len(expected) == 10
    assert sorted(ids(page)) == sorted(expected)
    assert set(page.locator(f"{ROWS} .chip").all_inner_texts()) == {"必須機能の未対応"}
    page.locator('input[data-facet="status"][value="conformant"]').check()
    check_only(page, "cls", "prohibited")
    assert shown(page) == sum(1 for r in rows if r.cls == "prohibited" and r.status in ("mandatory_gap", "conformant"))
    page.get_by_role("button", name="条件をすべてクリア").click()
    page.select_option("select[data-facet=section]", "給付管理")
    in_group = [r.id for r in rows if r.group == "給付管理"]
    assert shown(page) == len(in_group)
    scroll_to_the_end(page, len(in_group))
    assert sorted(ids(page)) == sorted(in_group)
    # the other facets count within the 大項目
    assert page.locator('input[value="mandatory_gap"] ~ .hy-checks__n').inner_text() == "2"
    assert "給付管理" in page.locator(".hy-conditions").inner_text()


def test_a_transitional_measure_is_shown_with_the_class_and_filtered_as_it(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"], "#by=0")
    rows = reports["kaigo"].view.rows
    noted = [r.id for r in rows if r.cls_label == "実装必須機能（経過措置）"]
    assert len(noted) == 2
    check_only(page, "cls", "mandatory")
    assert shown(page) == sum(1 for r in rows if r.cls == "mandatory")
    assert page.locator('input[data-facet="cls"][value="mandatory"] ~ .hy-checks__n').inner_text() == str(shown(page))
    page.get_by_label("キーワード検索").fill(noted[0])
    assert ids(page) == [noted[0]]
    assert page.locator(f"{ROWS} td").nth(1).inner_text() == "実装必須機能（経過措置）"
    # sorting by the column puts the two side by side, after the plain 実装必須機能
    page.get_by_label("キーワード検索").fill("")
    page.locator("th button[data-field=cls_label]").click()
    scroll_to_the_end(page, shown(page))
    assert ids(page)[-2:] == noted


def test_preset_shows_rows_that_need_action(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.get_by_role("button", name="対応が必要な行だけ表示").click()
    need = {"prohibited_violation", "mandatory_gap", "optional_gap", "invalid_answer", "unanswered", "mandatory_deferred"}
    assert shown(page) == sum(1 for r in reports["kaigo"].view.rows if r.status in need)
    assert not page.locator('input[value="conformant"]').is_checked()


def test_rows_to_re_confirm_after_a_version_change(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    report = reports["carried"]
    page, _ = open_report(report)
    marked = [r.id for r in report.view.rows if r.reconfirm]
    assert marked and len(marked) < len(report.view.rows)
    page.get_by_role("button", name="再確認が必要な行だけ表示").click()
    assert shown(page) == len(marked)
    assert not page.get_by_role("group", name="第1.0版からの変更").get_by_label("変更なし", exact=False).is_checked()
    scroll_to_the_end(page, len(marked))
    assert ids(page) == marked
    first_class = next(i for i, r in enumerate(r for r in report.view.rows if r.reconfirm) if "区分変更" in r.reconfirm)
    assert "区分変更" in page.locator(ROWS).nth(first_class).inner_text()


def test_the_changes_filter_offers_each_change_once_and_a_row_changed_twice_under_each(open_report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The difforacle review: the filter 「第1.0版からの変更」 listed combinations (本文変更・区分変更, 区分変更 …), and seeing
    every 区分変更 took ticking each combination holding it."""
    from dataclasses import replace

    from checker.analysis.carryover import carry_over
    from checker.analysis.gap import check
    from checker.analysis.specdiff import diff
    from checker.io.vendor_reader import read_response
    from checker.spec_store import resolve_spec
    from tests.browser.conftest import _write
    from tests.conftest import JUMIN_V10, JUMIN_V11, VENDOR

    old, new = resolve_spec([str(JUMIN_V10)]), resolve_spec([str(JUMIN_V11)])
    answers = read_response(VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx")
    classes = [c.id for c in carry_over(diff(old, new), answers).reconfirm if c.reasons == ("class",)]
    new = replace(new, requirements=tuple(replace(r, text=r.text + "また、変更の履歴を残すこと。") if r.id == classes[0]
                                          else r for r in new.requirements))
    report = _write(check(new, answers), tmp_path, "both", carry_over(diff(old, new), answers))
    rows = report.view.rows
    assert {r.reconfirm for r in rows} == {"", "本文変更", "区分変更", "本文変更・区分変更"}
    page, _ = open_report(report)
    facet = page.get_by_role("group", name="第1.0版からの変更")
    assert facet.locator("label").all_inner_texts() == ["変更なし", "本文変更", "区分変更"]
    for value in ("本文変更", "区分変更"):
        having = [r.id for r in rows if value in r.reconfirm.split("・")]
        assert page.locator(f'input[data-facet="reconfirm"][value="{value}"] ~ .hy-checks__n').inner_text() == \
            str(len(having))
        check_only(page, "reconfirm", value)
        assert shown(page) == len(having) and ids(page) == having
        assert classes[0] in having
    page.get_by_role("button", name="再確認が必要な行だけ表示").click()
    assert shown(page) == sum(bool(r.reconfirm) for r in rows)


@pytest.mark.parametrize(("query", "field"), [("0230118", "id"), ("年度切替処理", "name"),
                                               ("処理年度の更新", "text"), ("別紙参照", "comment")])
def test_search_over_id_name_text_and_vendor_comment(open_report, reports, query, field) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.get_by_label("キーワード検索").fill(query)
    expected = [r.id for r in reports["kaigo"].view.rows if query in getattr(r, field)]
    assert expected and shown(page) >= len(expected)
    assert set(expected) <= set(ids(page))


def test_search_matches_full_width_input_and_several_words(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.get_by_label("キーワード検索").fill("０２３０１１８")  # full-width digits, as typed with an IME
    assert ids(page) == ["0230118"]
    page.get_by_label("キーワード検索").fill("住登外者 修正")
    assert ids(page) == [r.id for r in reports["kaigo"].view.rows if "住登外者" in r.name + r.text and "修正" in r.name + r.text]


def test_search_takes_text_committed_through_an_ime(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.get_by_label("キーワード検索").focus()
    ime = Ime(page)
    ime.compose("ねんどきりかえしょり")
    assert shown(page) == len(reports["kaigo"].view.rows)  # the reading being typed does not filter
    ime.commit("年度切替処理")
    expect(page.locator(".hy-conditions")).to_have_text("条件 — キーワード：「年度切替処理」")
    assert ids(page) == [r.id for r in reports["kaigo"].view.rows if "年度切替処理" in r.name + r.text]


def test_sort_columns(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"], "#by=0&status=mandatory_gap,unanswered,invalid_answer")
    file_order = [r.id for r in reports["kaigo"].view.rows if r.status in ("mandatory_gap", "unanswered", "invalid_answer")]
    assert ids(page) == file_order
    head = page.locator("th:has(button[data-field=id])")
    page.locator("th button[data-field=id]").click()
    assert ids(page) == sorted(file_order) and head.get_attribute("aria-sort") == "ascending"
    page.locator("th button[data-field=id]").click()
    assert ids(page) == sorted(file_order, reverse=True) and head.get_attribute("aria-sort") == "descending"
    page.locator("th button[data-field=id]").click()
    assert ids(page) == file_order and head.get_attribute("aria-sort") is None
    page.locator("th button[data-field=status]").click()  # most severe first
    labels = page.locator(f"{ROWS} .chip").all_inner_texts()
    assert labels == ["必須機能の未対応"] * 10 + ["未回答"] * 4 + ["回答不正"] * 2
    expect(page).to_have_url(re.compile("sort=status"))


def test_hash_state_restores_filters_on_load(open_report, reports, context) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    check_only(page, "status", "optional_gap")
    page.get_by_label("キーワード検索").fill("口座")
    page.locator("th button[data-field=name]").click()
    expect(page).to_have_url(re.compile("sort=name"))
    url = page.url
    again = context.new_page()
    again.goto(url)
    again.wait_for_selector("[data-hy-ready]")
    assert again.get_by_label("キーワード検索").input_value() == "口座"
    assert again.locator('input[value="optional_gap"]').is_checked()
    assert not again.locator('input[value="conformant"]').is_checked()
    assert again.locator("th:has(button[data-field=name])").get_attribute("aria-sort") == "ascending"
    assert ids(again) == ids(page)
    # a banner link is a filtered view too
    page.get_by_role("button", name="条件をすべてクリア").click()
    page.locator(".banner__facts a", has_text="2 件").first.click()
    expect(page.locator(".hy-count strong")).to_have_text("2")
    assert page.locator('input[value="invalid_answer"]').is_checked()


def test_a_link_followed_right_after_a_change_is_not_overwritten(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    # the address bar is written a frame after a change: a link followed in between must still apply
    page, _ = open_report(reports["kaigo"])
    href = page.locator(".banner__facts a", has_text="2 件").first.get_attribute("href")
    page.evaluate("""async (href) => {
        document.querySelector('input[value="conformant"]').click();
        await new Promise((r) => requestAnimationFrame(r));
        location.hash = href;
    }""", href)
    expect(page.locator(".hy-count strong")).to_have_text("2")
    assert page.evaluate("location.hash") == href


def focused(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the keyboard focus is in (or on) the element *selector*."""
    return page.evaluate("(s) => !!document.activeElement.closest(s)", selector)


def test_a_link_to_a_filtered_view_takes_the_keyboard_to_the_table(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.4.3: after a banner count or a bar is followed, the focus is on the table's count (read out as focused),
    and the next Tab goes into the table, not back to the top of the page."""
    page, _ = open_report(reports["kaigo"])
    page.locator('.banner__facts a[href="#status=mandatory_gap"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator(".hy-count strong")).to_have_text("10")
    assert focused(page, ".hy-count")
    assert page.locator(".hy-count").bounding_box()["y"] < 768
    page.keyboard.press("Tab")
    assert focused(page, "[data-hy-grid] thead")
    # the bar of the view already shown: no new hash, the same way to the table
    page.locator('#status-bars a[href="#status=mandatory_gap"]').focus()
    page.keyboard.press("Enter")
    assert focused(page, ".hy-count")


def test_the_table_of_contents_and_the_skip_link_lead_past_the_table_and_keep_the_filters(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.4.1: a keyboard user gets past the requirement table (which adds controls as its rows load) to the
    findings; following such a link, or the skip link, is not a view of the table: the filters stay."""
    page, _ = open_report(reports["kaigo"], "#status=mandatory_gap")
    toc = page.get_by_role("navigation", name="目次")
    assert toc.get_by_role("link").all_inner_texts() == ["判定と集計", "要件別の結果", "回答ファイルの指摘事項"]
    toc.get_by_role("link", name="回答ファイルの指摘事項").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#lint-heading$"))
    page.keyboard.press("Tab")
    assert focused(page, "section[aria-labelledby=lint-heading]")
    assert shown(page) == 10 and page.locator(".hy-count").bounding_box()["y"] < 0  # not sent back to the table
    page.get_by_label("キーワード検索").fill("0230")  # a filter changed: the address says the view again
    expect(page).to_have_url(re.compile("status=mandatory_gap&q=0230$"))
    page.evaluate("scrollTo(0, 0)")
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    assert focused(page, "main") and shown(page) == 10
    assert page.locator(".banner").bounding_box()["y"] >= 0  # at the top of the main part, not sent to the table
    carried = open_report(reports["carried"])[0].get_by_role("navigation", name="目次").get_by_role("link")
    assert carried.all_inner_texts() == ["判定と集計", "版の違いによる再確認", "要件別の結果", "回答ファイルの指摘事項"]


def test_groups_with_badges_collapse_and_expand(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"], "#section=%E5%8F%97%E7%B5%A6%E8%80%85%E7%AE%A1%E7%90%86")  # 受給者管理
    rows = [r for r in reports["kaigo"].view.rows if r.group == "受給者管理"]
    top = page.locator("tr.hy-group--0")
    assert top.count() == 1
    text = top.inner_text()
    assert "受給者管理" in text and f"{len(rows)} 件" in text
    assert "必須機能の未対応 3 件" in text and "必須未対応" not in text
    subgroups = {r.subgroup for r in rows}
    scroll_to_the_end(page, len(rows))
    assert page.locator("tr.hy-group--1").count() == len(subgroups)
    toggle = top.locator("button.hy-group__toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(ROWS).count() == 0 and page.locator("tr.hy-group--1").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('hy-group__toggle')")
    page.keyboard.press("Enter")
    scroll_to_the_end(page, len(rows))


def test_expand_row_shows_full_detail(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"], "#q=0230118")
    row = next(r for r in reports["kaigo"].view.rows if r.id == "0230118")
    button = page.locator(f"{ROWS} .hy-toggle")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    detail = page.locator("#" + button.get_attribute("aria-controls"))
    text = detail.inner_text()
    for value in (row.text, row.raw_answer, row.alternative, row.comment, row.cell, row.spec_cell):
        assert value and value in text
    assert "代替案" in text and "ベンダ備考" in text and "仕様書のセル" in text
    button.focus()
    page.keyboard.press("Enter")  # keyboard closes it again
    assert page.locator("tr.hy-detail").count() == 0


def test_filters_work_from_the_keyboard(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.locator('input[data-facet="status"][value="conformant"]').focus()
    page.keyboard.press("Space")
    assert shown(page) == len(reports["kaigo"].view.rows) - 348
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "mandatory_gap"
    page.locator("select[data-facet=section]").focus()
    page.keyboard.press("ArrowDown")
    assert page.locator("select[data-facet=section]").input_value() == "介護保険共通"


@pytest.mark.parametrize("name", ["kaigo", "carried"])  # carried: one column more (再確認)
def test_the_table_keeps_its_columns_and_the_page_its_width_in_a_narrow_window(open_report, reports, name) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.10: at 1,024 px (125 % on a 1,280 screen) and 683 px (200 % on 1,366) the 名称 column keeps its
    width, the table scrolls sideways in its box, the page does not; in a wide window its header row stays in view."""
    page, _ = open_report(reports[name])
    em = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-hy-grid]')).fontSize)")
    title = page.locator("th:has(button[data-field=name])")
    csv_button = page.get_by_role("button", name="表示中の行をCSVで保存")
    for width in (1366, 1024, 683):
        page.set_viewport_size({"width": width, "height": 700})
        page.wait_for_function("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert title.bounding_box()["width"] >= 11 * em - 1, width
        box = csv_button.bounding_box()
        assert box["x"] + box["width"] <= width, width
    page.set_viewport_size({"width": 1366, "height": 700})
    page.locator(f"{ROWS} >> nth=20").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('[data-hy-grid] th').getBoundingClientRect().top === 0")


def test_the_verdicts_figures_go_below_it_at_320_px(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.10 (a 1,280 px screen at 400 %): each figure of the banner on one line below the verdict, none cut
    off at the right edge, and the page does not scroll sideways."""
    page, _ = open_report(reports["kaigo"])
    page.set_viewport_size({"width": 320, "height": 640})
    page.wait_for_function("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    head, facts = page.locator(".banner__head").bounding_box(), page.locator(".banner__facts").bounding_box()
    assert facts["y"] >= head["y"] + head["height"] and facts["x"] + facts["width"] <= 320
    lines = page.locator(".banner__facts dd").evaluate_all(
        "ds => ds.map(d => Math.round(d.clientHeight / parseFloat(getComputedStyle(d).lineHeight)))")
    assert lines == [1] * 9  # the coverage, six statuses, and the rows beyond the requirements


def test_shift_tab_up_the_table_keeps_the_focused_row_below_the_sticky_header(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """WCAG 2.4.11: moving up, each focused control is scrolled to just below the header row, not under it."""
    page, _ = open_report(reports["kaigo"], "#by=0")
    page.locator(f"{ROWS} .hy-toggle").nth(25).focus()
    head = page.locator("[data-hy-grid] th").first
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        top = page.evaluate("document.activeElement.getBoundingClientRect().top")
        assert top >= head.bounding_box()["y"] + head.bounding_box()["height"]


def test_one_delegated_listener_not_per_row(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    cdp = page.context.new_cdp_session(page)

    def listeners(selector: str) -> list[str]:
        obj = cdp.send("Runtime.evaluate", {"expression": f"document.querySelector('{selector}')"})["result"]
        return [x["type"] for x in cdp.send("DOMDebugger.getEventListeners", {"objectId": obj["objectId"]})["listeners"]]

    assert listeners("tr.hy-row") == [] and listeners("tr.hy-row .hy-toggle") == []
    assert listeners('input[data-facet="status"]') == []
    assert sorted(listeners("[data-hy-table]")) == ["change", "click", "compositionend", "input"]


def _download(page) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.get_by_role("button", name="表示中の行をCSVで保存").click()
    return info.value.path().read_bytes()


def test_csv_export_of_all_rows_equals_the_csv_output(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"], "#by=0")  # file order, as the CSV file
    data = _download(page)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == csv_bytes(reports["kaigo"].view.rows_table())


def test_csv_export_of_filtered_sorted_rows(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"], "#by=0&sort=-id")
    check_only(page, "status", "mandatory_gap")
    page.locator('input[data-facet="status"][value="unanswered"]').check()
    data = _download(page)
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0][:4] == ["ID", "種別", "実装区分", "状態"]
    expected = sorted((r.id for r in reports["kaigo"].view.rows if r.status in ("mandatory_gap", "unanswered")), reverse=True)
    assert [r[0] for r in table[1:]] == expected
    assert {r[3] for r in table[1:]} == {"必須機能の未対応", "未回答"}


def test_csv_export_neutralises_formulas_as_the_csv_output_does(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    """Full-width ＝＋－＠ and the other forms too: the report's script has the rule of formulas.looks_like_formula."""
    report = reports["formulas"]
    page, _ = open_report(report, "#by=0")
    data = _download(page)
    assert data == csv_bytes(report.view.rows_table())
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    raw, comment = header.index("回答（原文）"), header.index("ベンダ備考")
    by_id = {r[0]: (r[raw], r[comment]) for r in rows}
    answered = [a.id for a in report.view.rows][:len(FORMULAS)]
    expected = [t if t in LONE_DASHES else "'" + t for t in FORMULAS]
    assert [by_id[i] for i in answered] == list(zip(expected, expected))


def test_print_to_pdf(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["large"], "#by=0&status=prohibited_violation")
    visible = shown(page)
    assert visible > page.locator(ROWS).count()  # more rows than the screen has rendered
    last_id = page.evaluate("(() => { const t = document.querySelector('[data-hy-table]').hyTable; return t.val(t.matched[t.matched.length - 1], 'id'); })()")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(pdf.pages) > 1
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert float(box.width) == pytest.approx(842, abs=2) and float(box.height) == pytest.approx(595, abs=2)  # A4
    first, second = (pdf.pages[i].extract_text() for i in (0, 1))
    assert "判定" in first and "不適合" in first and "状態別の件数" in first
    for header in ("実装区分", "対応時期", "代替案", "回答セル"):
        assert header in second
    everything = "".join(p.extract_text() for p in pdf.pages)
    assert last_id in everything  # every filtered row was printed
    assert "条件をすべてクリア" not in everything and "すべて解除" not in everything  # filters hidden
    assert "表示中の行をCSVで保存" not in everything
    assert page.locator(ROWS).count() == visible


def test_axe_finds_no_serious_or_critical_violations(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    page.locator(f"{ROWS} .hy-toggle").first.click()  # with a detail row open
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_landmarks_and_labelled_controls(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    assert page.get_by_role("main").count() == 1 and page.get_by_role("banner").count() == 1
    assert page.get_by_role("search", name="表の絞り込み").count() == 1
    assert page.get_by_role("combobox", name="大項目").count() == 1
    assert page.get_by_role("checkbox", name="必須機能の未対応").count() == 1
    assert page.locator("[data-hy-grid] thead th[scope=col]").count() == 8


def test_hostile_vendor_text_is_shown_as_text(open_report, reports, hostile) -> None:  # type: ignore[no-untyped-def]
    page, rec = open_report(reports["hostile"], "#q=" + "onerror")
    page.locator(f"{ROWS} .hy-toggle").first.click()
    expect(page.locator("[data-hy-grid] tr.hy-detail")).to_have_count(1)  # the vendor's texts are in it now
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-hy-grid] script, [data-hy-grid] img").count() == 0
    assert hostile in page.locator("[data-hy-grid] tbody").inner_text()
    assert rec.others() == []


def test_only_the_reports_own_scripts_run(open_report, reports, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Defence in depth: were vendor text ever written unescaped, the CSP would still refuse its script."""
    report = reports["kaigo"]
    tampered = tmp_path / "tampered.html"
    tampered.write_text(report.path.read_text("utf-8").replace(
        "<main", '<script>window.__pwned=3</script><img src="data:," onerror="window.__pwned=4"><main', 1), "utf-8")
    page, _ = open_report(Report(tampered, report.view))
    assert page.evaluate("window.__pwned") is None
    assert shown(page) == len(report.view.rows)  # the report's own scripts ran


def test_large_report_renders_in_steps_and_all_on_demand(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["large"], "#by=0")
    rows = reports["large"].view.rows
    assert shown(page) == len(rows) > 3000
    assert 0 < page.locator(ROWS).count() < len(rows)
    check_only(page, "status", "optional_offered")
    n = sum(1 for r in rows if r.status == "optional_offered")
    assert "残り" in page.locator("tr.hy-more").inner_text()
    # Dispatched where it is: scrolling to it first would let the observer load the 500 rows on its own.
    page.get_by_role("button", name="すべて表示").dispatch_event("click")
    assert page.locator(ROWS).count() == n
    assert page.locator("tr.hy-more").count() == 0
    page.get_by_label("キーワード検索").fill("様式第12号")
    assert shown(page) == sum(1 for r in rows if "様式第12号" in r.text and r.status == "optional_offered")


def test_more_button_keeps_focus_while_scrolling_loads_rows(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["large"], "#by=0")
    first = page.locator(ROWS).count()
    page.locator("tr.hy-more button[data-act=more]").focus()  # scrolled into view: the next rows load above it
    expect(page.locator(ROWS)).not_to_have_count(first)
    assert page.evaluate("document.activeElement.dataset.act") == "more"
    loaded = page.locator(ROWS).count()
    page.keyboard.press("Enter")
    expect(page.locator(ROWS)).not_to_have_count(loaded)
    assert page.locator(ROWS).count() > loaded > first


def test_show_all_leaves_the_keyboard_on_the_first_row_it_showed(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["large"], "#by=0")
    first = page.locator(ROWS).count()
    page.locator("tr.hy-more button[data-act=everything]").focus()  # scrolled into view: the next rows load above it
    expect(page.locator(ROWS)).not_to_have_count(first)
    loaded = page.locator(ROWS).count()
    page.keyboard.press("Enter")
    assert page.locator("tr.hy-more").count() == 0
    every = ids(page)
    assert len(every) == len(reports["large"].view.rows)
    toggle = "document.activeElement.closest('tr.hy-row') && document.activeElement.closest('tr.hy-row').dataset.i"
    assert page.evaluate(f"{toggle}") == str(loaded)  # file order (by=0): row index = position
    page.keyboard.press("Tab")
    assert page.evaluate(f"{toggle}") == str(loaded + 1)


def test_without_javascript_banner_and_summary_still_show(browser, reports) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(reports["kaigo"].url)
    assert page.locator(".banner").is_visible() and "不適合" in page.locator(".banner").inner_text()
    assert page.locator("#status-bars").is_visible()
    assert "JavaScript が必要" in page.locator("noscript").inner_text() or page.get_by_text("JavaScript が必要").is_visible()
    assert not page.locator(".hy-layout").is_visible()
    ctx.close()


@pytest.mark.parametrize(("formats", "named"), [(("html",), []), (("html", "xlsx", "csv"), ["Excel「r.xlsx」", "CSV「r.csv」"])])
def test_without_javascript_the_note_names_only_the_files_written(browser, tmp_path, formats, named) -> None:  # type: ignore[no-untyped-def]
    """The requirement table is built by script: without it, the note names the files of the same rows written with the
    report, and says so when --format wrote none (it sent the reader to CSV and Excel files that did not exist)."""
    write_gap_outputs(html_bench.synthetic_result(30), tmp_path, "r", formats, GENERATED_AT)
    with offline_page(browser, tmp_path / "r.html", java_script_enabled=False) as op:
        note = op.page.locator("[data-hy-table] .notice").inner_text()
    assert [n for n in ("Excel「r.xlsx」", "CSV「r.csv」") if n in note] == named
    assert ("出力していません" in note) == (not named)


def test_screenshot_shows_banner_bars_and_first_rows(open_report, reports) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_report(reports["kaigo"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gap_report_1366x768.png"))
    for selector in (".banner", "#status-bars", "#class-bars", "[data-hy-grid] thead", f"{ROWS} >> nth=0",
                     f"{ROWS} >> nth=1"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["y"] >= 0 and box["y"] + box["height"] <= 768, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, selector
    page.locator(f"{ROWS} .hy-toggle").first.click()
    expect(page.locator("[data-hy-grid] tr.hy-detail")).to_be_visible()
    page.locator("[data-hy-grid]").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "gap_report_detail.png"))
    assert re.search(r"表示中 \d+ 件", page.locator(".hy-count").inner_text())
