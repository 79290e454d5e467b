"""The gap report of the XSS vendor file in headless chromium: payloads show as text, none runs, no request leaves.

Uses the shared `browser` fixture (tests/conftest.py): skips locally without chromium, fails in CI.
"""

from __future__ import annotations

import pytest

from checker.analysis.gap import check
from checker.io.vendor_reader import read_response
from checker.report.gap_writers import write_gap_outputs
from checker.spec_store import spec_from_json
from tests.conftest import offline_page
from tests.hostile.make_corpus import XSS, XSS_SHEET, XSS_VENDOR


@pytest.mark.browser
@pytest.mark.parametrize("name", ["xss.xlsx", "xss.csv"])
def test_xss_payloads_are_inert_text(name, corpus, spec_json, tmp_path, browser):
    result = check(spec_from_json(spec_json), read_response(corpus[name]), None)
    report = write_gap_outputs(result, tmp_path, "xss", ("html",), "2026-01-01T00:00:00+09:00")[0]
    with offline_page(browser, report) as op:
        page = op.page
        page.wait_for_load_state("load")  # wait_for_function polls with eval, which the page's CSP forbids
        # open every collapsed detail so hidden cells are rendered too
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        pwned = page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)")
        body = page.evaluate("document.body.textContent")  # hidden panels included
        # payload-made elements: tags the report never uses, event-handler attributes, or a script
        # holding a payload that is not inert JSON data
        injected = page.evaluate("""[...document.querySelectorAll('img, svg, iframe, link, body style, [onerror], [onload]')]
            .map(e => e.outerHTML.slice(0, 80)).concat([...document.scripts]
            .filter(s => s.textContent.includes('__pwned') && s.type !== 'application/json')
            .map(s => s.outerHTML.slice(0, 80)))""")
    requests, errors = op.requests, op.errors
    assert pwned is None
    assert requests == []
    assert injected == []
    assert errors == []
    assert XSS_VENDOR in body  # the vendor name, as text
    assert XSS[1] in body  # a payload from a vendor field, as text
    if name == "xss.xlsx":
        assert XSS_SHEET in body  # a hostile sheet name, in a lint cell address
