"""Vendor, file and municipality names with bidi controls (RLO): isolated in every HTML report, replaced in the names
of the outputs (an RLO in a file name shows readiness_町<RLO>lmth.exe as readiness_町exe.html)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import HOSTILE_NAME, RLO, VENDOR, rates_workbook, unisolated, write_manifest

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"


def run(*args: str | Path) -> str:
    res = CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun")
    assert res.exit_code == 0, res.output
    return res.output


def test_compare_of_a_manifest(home: Path, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, f"""
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors: [{{name: "{HOSTILE_NAME}", file: {KAKU}}}, {{name: 見本ソリューションズ, file: {MIHON}}}]
""")
    named = manifest.rename(tmp_path / f"比較{RLO}lmth.yaml")
    ranking = [line for line in run("compare", "--manifest", named, "--out", tmp_path / "out").splitlines() if "\t" in line]
    assert len(ranking) == 2 and unisolated("\n".join(ranking)) == []  # the console's ranking too
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"compare_比較_lmth.{f}" for f in ("html", "json", "xlsx")]
    assert unisolated((tmp_path / "out" / "compare_比較_lmth.html").read_text("utf-8")) == []


def test_check_of_a_manifest_and_its_index(home: Path, tmp_path: Path) -> None:
    spoofed = shutil.copy(KAKU, tmp_path / f"回答{RLO}xslx.exe.xlsx")
    manifest = write_manifest(tmp_path, f"""
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors: [{{name: "{HOSTILE_NAME}", file: "{spoofed}"}}, {{name: 見本ソリューションズ, file: {MIHON}}}]
""")
    out = tmp_path / "out"
    run("check", "--manifest", manifest, "--out", out, "--format", "html")
    assert (out / "介護保険" / "回答_xslx.exe.html").is_file() and not list(out.rglob(f"*{RLO}*"))
    for page in ("index.html", "介護保険/回答_xslx.exe.html"):
        assert unisolated((out / page).read_text("utf-8")) == [], page


def test_readiness_dashboard(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    town = f"試験町{RLO}lmth.exe"
    run("readiness", "import", rates_workbook(tmp_path / "r.xlsx", ["住民記録"], [["宮城県", town, 0.5, 0.5]]), "--db", db)
    out = tmp_path / "dash"
    for where in (["--municipality", town], ["--prefecture", "宮城県"]):
        run("readiness", "dashboard", *where, "--out", out, "--db", db, "--today", "2026-02-01")
    assert sorted(p.name for p in out.iterdir()) == ["readiness_宮城県_2026-01.html",
                                                     "readiness_宮城県_試験町_lmth.exe_2026-01.html"]
    for page in out.iterdir():
        assert unisolated(page.read_text("utf-8")) == [], page.name
