"""Vendor, file and municipality names with bidi controls (RLO): isolated in every HTML report, replaced in the names
of the outputs (an RLO in a file name shows readiness_町<RLO>lmth.exe as readiness_町exe.html)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.analysis.readiness import coverage_summary_lines
from checker.cli import cli
from checker.io.vendor_reader import read_response
from tests.conftest import HOSTILE_NAME, KAIGO_SPEC, RLO, VENDOR, rates_workbook, unisolated, write_manifest

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
    assert len(ranking) == 3 and unisolated("\n".join(ranking)) == []  # the console's ranking (and its heading) too
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


# A vendor's name as its ベンダ名 cell may hold it: an override, a line break and an ESC (a terminal's command: clear)
SHEET_NAME = f"{HOSTILE_NAME}\n\x1b[2J株式会社"
# and as a file's name may (Linux keeps any character but / in a name): the vendor's name when the file names none
FILE_NAMED = f"介護保険_第6.0版_回答_見本{RLO}ソリュ\x1b[1mーションズ.csv"
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # a tab and a line's end are the console's own


def named_answers(path: Path, name: str | None, rows: str = MIHON.read_text("cp932")) -> Path:
    """*rows* of answers (the sample's, MIHON) at *path*, a ベンダ名 row naming *name* above them (None: none)."""
    above = io.StringIO()
    if name is not None:
        csv.writer(above).writerows([["ベンダ名", name], []])
    path.write_text(above.getvalue() + rows, "utf-8")
    return path


def console_of(*args: str | Path, code: int = 0) -> str:
    """What a command printed, standard output and error, as a terminal gets it (color: click strips no escape)."""
    res = CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun", color=True)
    assert res.exit_code == code, res.output
    return res.output


def test_console_lines_name_a_vendor_on_one_line_isolated(home: Path, tmp_path: Path) -> None:
    """A vendor's name from its sheet or its file's name reordered the console's line around it, split it (a line
    break) and reached the terminal's commands (an ESC): in the check, compare, template and status lines and in the
    notes and warnings."""
    hostile = named_answers(tmp_path / "介護保険_第6.0版_回答_悪意.csv", SHEET_NAME)
    # without findings: check suggests no lint command, which names the file as it is to be typed
    filed = named_answers(tmp_path / FILE_NAMED, None, "機能ID,対応可否\n0230001,○\n0230002,○\n")
    parts = [named_answers(tmp_path / f"介護保険_回答_X_{kind}.csv", name)
             for kind, name in (("機能", SHEET_NAME), ("帳票", f"別{RLO}の会社"))]  # part-vendors-differ
    profile = tmp_path / "p.yaml"
    profile.write_text("municipality: 試験町\narea: 介護保険\nrequired_options: []\n", "utf-8")
    db = str(tmp_path / "r.db")
    run("readiness", "import", rates_workbook(tmp_path / "r.xlsx", ["介護保険"], [["宮城県", "試験町", 0.5, 0.5]]), "--db", db)
    consoles = {
        # the verdict lines, and the note of the several vendors recorded for a town
        "check": console_of("check", hostile, filed, "--spec", KAIGO_SPEC, "--profile", profile, "--out", tmp_path / "c",
                            "--record", "--db", db),
        # the note of a file named another vendor's
        "check --vendor-name": console_of("check", hostile, "--spec", KAIGO_SPEC, "--vendor-name", f"他{RLO}社\x1b[1m",
                                          "--out", tmp_path / "n"),
        "check of parts": console_of("check", *parts, "--spec", KAIGO_SPEC, "--out", tmp_path / "p"),  # 警告:
        # the finding's message (the parts' ids, one file's copied, are errors: exit code 1)
        "lint of parts": console_of("lint", *parts, "--spec", KAIGO_SPEC, code=1),
        "compare": console_of("compare", "--spec", KAIGO_SPEC, hostile, filed, "--out", tmp_path / "o"),  # and cautions
        "spec template": console_of("spec", "template", KAIGO_SPEC, "--answers", hostile, "--out", tmp_path / "t.xlsx"),
        "readiness status": console_of("readiness", "status", "--municipality", "試験町", "--db", db,
                                       "--today", "2026-02-01"),
    }
    for command, output in consoles.items():
        assert "架空" in output, command  # the name is printed
        assert not _RAW_CONTROL.search(output), (command, output)
        assert unisolated(output) == [], (command, output)
        # one line: its end not on a line of its own (a line break written as <U+000A>)
        assert all("システムズ" in line for line in output.splitlines() if "株式会社" in line), (command, output)
    assert all("ソリュ" in consoles[c] for c in ("check", "compare")), consoles  # the file's name, its vendor's


def test_a_vendor_named_by_a_file_name_is_isolated_in_the_blank_name_finding(tmp_path: Path) -> None:
    """ベンダ名 left blank, in a file whose name gives no vendor (no _回答_<name>): its whole name is the vendor's."""
    response = read_response(named_answers(tmp_path / FILE_NAMED.replace("_回答_", "_"), ""))
    [blank] = [f.message for f in response.lint if f.code == "vendor-name-blank"]
    named = blank.partition("ファイル名から")[2]  # not the cell's address before it, of a CSV's sheet of the same name
    assert "ソリュ" in named and not _RAW_CONTROL.search(named) and unisolated(named) == []


def test_a_prefectures_coverage_names_its_vendor_on_one_line_isolated() -> None:
    lines = coverage_summary_lines({"area": "介護保険", "recorded_areas": ["介護保険"], "vendors": 2,
                                    "mandatory_coverage": 0.9, "vendor": SHEET_NAME})
    assert len(lines) == 2 and not _RAW_CONTROL.search(lines[1]) and unisolated(lines[1]) == []
    assert lines[1].endswith("株式会社\u2069（2 社中最高）")
