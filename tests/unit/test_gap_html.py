"""The HTML gap report as a file: self-contained, data embedded once and safely, server-rendered summary."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.analysis.bid import GAP_STATUSES
from checker.analysis.gap import EXTRA_STATUSES, STATUS_LABELS, STATUSES, GapResult, check
from checker.io.config import load_profile
from checker.io.vendor_reader import read_response
from checker.io.xlsx import Percent
from checker.model import Answer, Requirement, Response, SourceFile, Spec
from checker.report.gap_view import ROW_COLUMNS, gap_view
from checker.report.gap_writers import write_gap_outputs
from checker.report.html import _static, css_string
from checker.spec_store import resolve_spec
from tests.conftest import KAIGO_PROFILE, KAIGO_SPEC, VENDOR

HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror=alert(1)><!--'


class Page(HTMLParser):
    """Tags with their attributes, and the text of each <script> and <noscript>."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._in: dict[str, str | None] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.scripts.append((self._in, data))
        else:
            self.text.append(data)

    def config(self) -> dict:  # type: ignore[type-arg]
        [data] = [d for a, d in self.scripts if a.get("type") == "application/json"]
        return json.loads(data)


@pytest.fixture(scope="module")
def kaigo() -> GapResult:
    return check(resolve_spec([str(KAIGO_SPEC)]), read_response(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"),
                 load_profile(KAIGO_PROFILE))


def render(result: GapResult, tmp_path: Path) -> str:
    [path] = write_gap_outputs(result, tmp_path, "r", ("html",), "2026-01-01T00:00:00+09:00")
    return path.read_text("utf-8")


def hostile_result() -> GapResult:
    req = Requirement("0230001", "function", "mandatory", ("共通", "宛名"), "", HOSTILE, "本文", "", "機能要件!D3")
    ans = Answer("0230001", "○", "yes", "", HOSTILE, HOSTILE, "機能!C4", "機能!A4")
    spec = Spec("介護保険", "第6.0版", (req,), (SourceFile("s.xlsx", "0" * 64),), "0" * 64)
    return check(spec, Response(HOSTILE, "v.xlsx", "0" * 64, (ans,), ()), None)


def test_report_is_self_contained(kaigo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = Page(render(kaigo, tmp_path))
    assert not [t for t, a in page.tags if t in ("link", "iframe", "object", "embed", "img")]
    assert not [a for _, a in page.tags if "src" in a]
    hrefs = [a["href"] for _, a in page.tags if a.get("href")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    [csp] = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in (csp or "") and "connect-src 'none'" in (csp or "")
    inline = [d for a, d in page.scripts if "type" not in a]
    # ours only: base.js (every report) and the table script
    assert len(inline) == 2 and "data-show-rows" in inline[0] and "DataTable" in inline[1]
    # and only they may run: each by its sha256, no 'unsafe-inline' for scripts
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    for code in inline:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_rows_are_embedded_once_with_labels_and_csv_columns(kaigo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = render(kaigo, tmp_path)
    config = Page(text).config()
    view = gap_view(kaigo, "x")
    assert len(config["rows"]) == len(view.rows) == 466
    first = dict(zip(config["fields"], config["rows"][0]))
    assert first["id"] == view.rows[0].id and first["status"] == view.rows[0].status
    assert config["csv"]["columns"] == [[label, key] for label, key, _ in ROW_COLUMNS]
    assert ["要求オプション（優先度）", "priority"] in config["csv"]["columns"]  # semantics.md's word (not 求めるオプション)
    # every CSV key is a row field or the label of one
    for _, key in config["csv"]["columns"]:
        assert key in config["fields"] or key.removesuffix("_label") in config["labels"]
    assert config["labels"]["status"]["mandatory_gap"] == "必須機能の未対応"
    assert {s for s, _ in config["facets"][0]["options"]} >= set(EXTRA_STATUSES)  # it has ids the spec lacks, repeated ids
    unique = view.rows[5].text
    assert text.count(unique) == 1  # once, in the JSON: the table is built from it


def test_the_group_badges_name_the_statuses_as_the_table_does() -> None:
    """The badges on a group row counted 「必須未対応」「実装不可の実装」「経過措置」 beside a 状態 column and filter that say
    必須機能の未対応 …: the same names, and the statuses the compare report marks 要確認."""
    config = gap_view(hostile_result(), "x").table_config()
    badges = dict(config["badges"]["values"])
    assert badges == {s: STATUS_LABELS[s] for s in GAP_STATUSES}
    assert badges["mandatory_deferred"] == "必須機能の移行後対応（経過措置）"


def test_the_rows_beyond_the_requirements_have_a_filter_only_where_there_are_some() -> None:
    config = gap_view(hostile_result(), "x").table_config()
    assert [s for s, _ in config["facets"][0]["options"]] == list(STATUSES)


def test_summary_is_rendered_without_javascript(kaigo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = Page(render(kaigo, tmp_path))
    body = " ".join(page.text)
    assert "不適合" in body and "必須機能の適合率" in body and "状態別の件数" in body
    assert "JavaScript が必要" in body  # the noscript note
    assert ("a", {"href": "#status=mandatory_gap"}) in page.tags  # banner counts open a filtered view
    # the table's total is more than the requirements: the heading says by what
    extra = kaigo.unknown_ids + kaigo.duplicate_ids
    assert extra and f"要件別の結果（要件 {len(kaigo.spec.requirements)} 件と、仕様書にないID・ID重複の {extra} 行）" in body
    assert len(page.config()["rows"]) == len(kaigo.spec.requirements) + extra


def test_hostile_text_stays_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = render(hostile_result(), tmp_path)
    assert "<script>window.__pwned" not in text and "<img src=x" not in text
    page = Page(text)
    assert len([d for a, d in page.scripts if "type" not in a]) == 2  # base.js and the table script: ours only
    config = page.config()
    row = dict(zip(config["fields"], config["rows"][0]))
    assert row["comment"] == row["alternative"] == row["name"] == HOSTILE


def test_a_css_string_holds_any_text_on_one_line_and_nothing_can_end_it() -> None:
    """The running header of a printed report: a vendor's name in a CSS string inside a <style>."""
    css = str(css_string('A社 "見本"\\ \r\n</style><x>&\x01\u2028　全角'))
    inner = css[1:-1]
    assert css[0] == css[-1] == '"' and not re.search(r'["\'<>&\x00-\x1f\u2028]', inner)
    decoded = re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), inner)
    assert decoded == 'A社 "見本"\\  </style><x>&\x01 　全角'  # line breaks are spaces, the full-width space stays


def test_static_files_cannot_close_their_tags() -> None:
    for name in ("report.js", "report.css", "base.css"):
        assert "</" not in _static(name)


def test_rows_table_is_unchanged(kaigo) -> None:  # type: ignore[no-untyped-def]
    table = gap_view(kaigo, "x").rows_table()
    rows = list(table.rows)
    assert list(table.header) == [c[0] for c in ROW_COLUMNS]
    assert {r[1] for r in rows} == {"機能要件", "帳票要件", ""}
    assert rows[0][0] == "0230101" and rows[0][3] == "適合"


def test_each_spec_shows_its_own_requirements_though_the_last_one_is_kept() -> None:
    """gap_view keeps the last spec's requirement fields for its next answer files: another spec with the same
    ids (another version of the area), and the first one again, show their own."""
    def spec(version: str, name: str, section: tuple[str, ...]) -> Spec:
        req = Requirement("0230001", "function", "mandatory", section, "", name, "本文", "", "機能要件!D3")
        return Spec("介護保険", version, (req,), (SourceFile("s.xlsx", "0" * 64),), "0" * 64)

    ans = Answer("0230001", "○", "yes", "", "", "", "機能!C4", "機能!A4")
    old, new = spec("第6.0版", "旧名称", ("共通",)), spec("第7.0版", "新名称", ())
    for s, name, section in ((old, "旧名称", "共通"), (new, "新名称", "（大項目なし）"), (old, "旧名称", "共通")):
        [row] = gap_view(check(s, Response("架空", "v.xlsx", "0" * 64, (ans,), ()), None), "x").rows
        assert (row.name, row.section, row.cls_label) == (name, section, "実装必須機能")


def test_a_single_mandatory_gap_among_2500_is_not_shown_as_100_percent(tmp_path) -> None:
    reqs = tuple(Requirement(f"023{n:04d}", "function", "mandatory", (), "", "名", "本文", "", f"機能!A{n}")
                 for n in range(1, 2501))
    answers = tuple(Answer(r.id, "×" if n == 0 else "○", "no" if n == 0 else "yes", "", "", "", f"機能!C{n + 2}",
                           f"機能!A{n + 2}") for n, r in enumerate(reqs))
    spec = Spec("介護保険", "第6.0版", reqs, (SourceFile("s.xlsx", "0" * 64),), "0" * 64)
    result = check(spec, Response("架空", "v.xlsx", "0" * 64, answers, ()), None)
    assert result.verdict == "non_conformant" and result.mandatory_coverage == 0.9996
    text = render(result, tmp_path)
    banner = text.split("必須機能の適合率", 1)[1][:40]
    assert "99.9%" in banner and "100.0%" not in banner
    # counts grouped as the table's own 「全 2,500 件」: the page said 「要件 2500 件」 above 「2,500 件」
    assert "状態別の件数（要件 2,500 件）" in text and '<span class="num">2,499 件</span>' in text
    assert '<span class="num">2,499/2,500</span>' in text
    # The workbook's 概要: the same figure as a number Excel shows as a percentage, and what it is computed from
    summary = dict(gap_view(result, "x").summary_table().rows)
    assert type(summary["必須機能の適合率"]) is Percent and summary["必須機能の適合率"] == 0.999
    assert (summary["必須の要件数"], summary["適合した必須の要件数"]) == (2500, 2499)
