"""Headless chromium (Debian's, through Playwright) and the gap reports the browser tests open.

Reports are built with the library (resolve_spec + check + write_gap_outputs) from the bundled
fixtures, plus a synthetic 3,000-row report and one with hostile vendor text. The `browser`
fixture itself is in tests/conftest.py (one chromium per session, shared with tests/hostile).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from checker.analysis.carryover import Carryover, carry_over
from checker.analysis.gap import GapResult, check
from checker.analysis.specdiff import diff
from checker.demo import run_demo
from checker.io.config import load_profile
from checker.io.vendor_reader import read_response
from checker.report.gap_view import GapView, gap_view
from checker.report.gap_writers import write_gap_outputs
from checker.spec_store import resolve_spec

from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_PROFILE, KAIGO_SPEC, ROOT, VENDOR

GENERATED_AT = "2026-01-01T00:00:00+09:00"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

_bench = importlib.util.spec_from_file_location("html_bench", ROOT / "benchmarks" / "html_bench.py")
assert _bench and _bench.loader
html_bench = importlib.util.module_from_spec(_bench)
_bench.loader.exec_module(html_bench)


# Answers a spreadsheet could take for formulas, in every form formulas.FORMULA_START has (Japanese Excel takes a typed
# ＝ for =), and the lone dashes (対象外) it would not.
FORMULAS = ('＝HYPERLINK("http://example.invalid/","詳細")', "＠SUM(1+1)", "＋1+1", "－1+1", "﹦1+1", "﹫A1", "⩵1", "₊1",
            "=1+1", "@A1", "\t=1", "-", "－", "﹣", "﹣－")
LONE_DASHES = ("-", "－", "﹣")


def with_raw_answers(result: GapResult, texts: tuple[str, ...]) -> GapResult:
    """*result* checked again with its first answers (and their vendor comments) written as *texts*."""
    answers = result.response.answers
    written = tuple(replace(a, raw_answer=t, comment=t) for a, t in zip(answers, texts)) + answers[len(texts):]
    return check(result.spec, replace(result.response, answers=written), result.profile)


@dataclass(frozen=True)
class Report:
    path: Path
    view: GapView

    @property
    def url(self) -> str:
        return self.path.as_uri()


def _write(result: GapResult, folder: Path, stem: str, carryover: Carryover | None = None) -> Report:
    path = write_gap_outputs(result, folder, stem, ("html",), GENERATED_AT, carryover)[0]
    return Report(path, gap_view(result, GENERATED_AT, carryover))


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    folder = tmp_path_factory.mktemp("reports")
    spec = resolve_spec([str(KAIGO_SPEC)])
    # two requirements worded 実装必須機能（経過措置）, as a later version may: shown so, filtered as 実装必須機能
    transitional = [r.id for r in spec.requirements if r.cls == "mandatory"][:2]
    spec = replace(spec, requirements=tuple(replace(r, class_note="経過措置") if r.id in transitional else r
                                            for r in spec.requirements))
    kaigo = check(spec, read_response(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"), load_profile(KAIGO_PROFILE))
    # answers to 住民記録 第1.1版 as if made against 第1.0版: some rows need re-confirming
    old, new = resolve_spec([str(JUMIN_V10)]), resolve_spec([str(JUMIN_V11)])
    jumin = read_response(VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx")
    return {
        "kaigo": _write(kaigo, folder, "kaigo"),
        "carried": _write(check(new, jumin), folder, "carried", carry_over(diff(old, new), jumin)),
        "large": _write(html_bench.synthetic_result(3000), folder, "large"),
        "hostile": _write(html_bench.synthetic_result(30, hostile=HOSTILE), folder, "hostile"),
        "formulas": _write(with_raw_answers(html_bench.synthetic_result(30), FORMULAS), folder, "formulas"),
    }


@pytest.fixture
def hostile() -> str:
    """The vendor comment of the first row of reports["hostile"]."""
    return HOSTILE


@dataclass
class Recorder:
    """Every request a page makes; the route aborts everything but the report itself."""

    allowed: str
    urls: list[str]

    def others(self) -> list[str]:
        return [u for u in self.urls if u.split("#")[0] != self.allowed]


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="ja-JP")
    yield ctx
    ctx.close()


@pytest.fixture
def open_report(context):  # type: ignore[no-untyped-def]
    """open_report(report, hash="") -> (page, recorder); page errors fail the test."""
    errors: list[str] = []

    def _open(report: Report, hash: str = ""):  # type: ignore[no-untyped-def]
        rec = Recorder(report.url, [])
        page = context.new_page()
        page.on("request", lambda r: rec.urls.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r):  # type: ignore[no-untyped-def]
            rec.urls.append(r.request.url)
            if r.request.url.split("#")[0] == report.url:
                r.continue_()
            else:
                r.abort()
        page.route("**/*", route)
        page.goto(report.url + hash)
        page.wait_for_selector("[data-hy-ready]")
        return page, rec

    yield _open
    assert errors == []


@pytest.fixture(scope="session")
def demo_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every report `hyojun demo` writes, from the bundled samples."""
    home = tmp_path_factory.mktemp("home")
    for sub in ("specs/sources", "vendor_docs/samples"):  # the bundled samples, read-only
        (home / sub).parent.mkdir(parents=True, exist_ok=True)
        (home / sub).symlink_to(ROOT / sub)
    mp = pytest.MonkeyPatch()
    mp.setenv("HYOJUN_HOME", str(home))
    try:
        run = run_demo(tmp_path_factory.mktemp("demo"))
    finally:
        mp.undo()
    pages = sorted(run.out_dir.rglob("*.html"))
    kinds = {p.parent.name for p in pages}
    assert {"check", "compare", "compare_masked", "diff", "readiness"} <= kinds
    return pages


def demo_report(pages: list[Path], folder: str, name: str) -> Path:
    """The report *name* in the folder *folder* of demo_pages."""
    return next(p for p in pages if p.parent.name == folder and p.name == name)


def sideways(page) -> int:  # type: ignore[no-untyped-def]
    """How far the page scrolls sideways (0: it reflows), once the scripts have seen the last resize (two frames)."""
    return page.evaluate("""() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>
        done(document.documentElement.scrollWidth - document.documentElement.clientWidth))))""")


MATRIX = "#m-body tr[data-id]"  # the compare report's matrix rows
MATRIX_PAGE = 100  # matrix rows per page on screen (bid_view.PAGE_SIZE: the demo compares three vendors)


def matrix_ids(page, where: str = "true") -> list[str]:  # type: ignore[no-untyped-def]
    """IDs of the compare matrix's rows, of every area, for which *where* (a JS expression of a row r) holds."""
    return page.evaluate(f"[...document.querySelectorAll('script[id^=\"data-area-\"]')]"
                         f".flatMap(s => JSON.parse(s.textContent).rows.filter(r => {where}).map(r => r[0]))")
