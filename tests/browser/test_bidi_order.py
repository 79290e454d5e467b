"""A vendor's name or answer with a right-to-left override (RLO), in headless chromium: it may show its own text
reversed, never the text after it (the other vendor's name, the file, the score)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import HOSTILE_NAME, KAIGO_PROFILE, KAIGO_SPEC, RLO, VENDOR, offline_page, write_manifest

pytestmark = pytest.mark.browser

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
FIRST, ANSWER = "230101", "◯"  # the first row of MIHON and its answer, which gets an RLO after it


def visual(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    """The text of the one-line element *selector* in the order it shows, left to right (invisible ones left out)."""
    return page.eval_on_selector(selector, """el => {
        const chars = [], walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n; (n = walk.nextNode());) {
          for (let i = 0; i < n.data.length; i++) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            const b = r.getBoundingClientRect();
            if (b.width) chars.push([b.left, b.top, n.data[i]]);
          }
        }
        const tops = chars.map((c) => c[1]);
        if (Math.max(...tops) - Math.min(...tops) > 8) throw new Error("more than one line: " + el.textContent);
        return chars.sort((a, b) => a[0] - b[0]).map((c) => c[2]).join("");
    }""")


def with_override(folder: Path, name: str) -> Path:
    """MIHON as *name* (UTF-8), the answer of its first row followed by an RLO."""
    lines = MIHON.read_text("cp932").splitlines()
    first = lines[1].split(",")
    assert first[0] == FIRST and first[2] == ANSWER
    lines[1] = ",".join([*first[:2], ANSWER + RLO, *first[3:]])
    path = folder / name
    path.write_text("\n".join(lines) + "\n", "utf-8-sig")
    return path


def cli_run(*args: str | Path) -> None:
    res = CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun")
    assert res.exit_code == 0, res.output


def test_compare_the_other_vendor_and_the_score_in_order(home, tmp_path, browser) -> None:  # type: ignore[no-untyped-def]
    mihon = with_override(tmp_path, "見本.csv")
    manifest = write_manifest(tmp_path, f"""
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors: [{{name: "{HOSTILE_NAME}", file: {KAKU}}}, {{name: 見本ソリューションズ, file: "{mihon}"}}]
""")
    cli_run("compare", "--manifest", manifest, "--out", tmp_path / "out", "--format", "html")
    with offline_page(browser, tmp_path / "out" / "compare_m.html") as op:
        page = op.page
        subtitle = visual(page, ".page-header__sub")
        assert subtitle.startswith("ベンダ 2 社（架空")
        assert subtitle.endswith("、見本ソリューションズ）／採点設定: 既定（hyojun 標準）")  # after the RLO, as written
        raw = visual(page, f'#m-body tr[data-id="0{FIRST}"] td.cell:last-child .raw')  # the id as read: 7 digits
        assert raw.startswith(f"回答: {ANSWER}／得点 ")
        assert op.errors == [] and op.requests == []


def test_gap_report_the_file_and_profile_in_order(home, tmp_path, browser) -> None:  # type: ignore[no-untyped-def]
    mihon = with_override(tmp_path, f"介護保険_第6.0版_回答_見本{RLO}ソリューションズ.csv")
    cli_run("check", mihon, "--spec", KAIGO_SPEC, "--profile", KAIGO_PROFILE, "--out", tmp_path / "out",
            "--format", "html")
    with offline_page(browser, tmp_path / "out" / "介護保険_第6.0版_回答_見本_ソリューションズ.html") as op:
        subtitle = visual(op.page, ".page-header__sub")
        assert subtitle.startswith("ベンダ: 見本")  # its own text after the RLO shows reversed
        assert "（介護保険_第6.0版_回答_見本" in subtitle
        assert subtitle.endswith("）／団体: 見本市（架空）")
        assert op.errors == [] and op.requests == []
