"""A vendor's own words (対応時期, 代替案, 備考, its 機能名称 of an id the spec lacks) as it wrote them, from the answer sheet
into every report of check and compare, as the ministry's requirement texts are (test_spec_wording_cli.py).

NFKC read 「①から③の順に～（別紙）」 as 「1から3の順に~(別紙)」: ① to ③ are the vendor's steps, and a committee reads
a 代替案 as the vendor wrote it (semantics.md §2). Ids and marks are still matched as NFKC reads them: ０２３０１０１ is
0230101, and the mask finds a vendor's name written in full width inside a note.
"""

import csv
import io
import json

from click.testing import CliRunner

from checker.cli import cli
from checker.schemas import validate
from tests.conftest import KAIGO_SPEC, workbook_texts, write_book

ALTERNATIVE = "①から③の順に～（別紙）"
FOLDED = "1から3の順に~(別紙)"
TIMING = "令和９年４月～"
COMMENT = "ＡＢＣ連携は「別紙２」参照"
NAME = "独自の帳票（様式１）"  # the vendor's name for an id the spec does not have: shown in its row


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _answers(folder, vendor, comment=COMMENT):
    return write_book(folder / f"介護保険_第6.0版_回答_{vendor}.xlsx", {"回答": [
        ["機能ID", "機能名称", "対応可否", "対応時期", "代替案", "備考"],
        ["０２３０１０１", "", "△", TIMING, ALTERNATIVE, comment],
        ["0230102", "", "○", "", "", ""],
        ["0239999", NAME, "○", "", "", ""]]})


def test_the_vendors_words_are_shown_as_written_in_every_check_output(home, tmp_path):
    out = tmp_path / "out"
    answers = _answers(tmp_path, "甲")
    res = run("check", answers, "--spec", KAIGO_SPEC, "--out", out, "--format", "html,xlsx,csv,json")
    assert res.exit_code == 0, res.output
    doc = json.loads((out / f"{answers.stem}.json").read_text("utf-8"))
    validate(doc, "result", source="result")
    row = next(r for r in doc["rows"] if r["id"] == "0230101")
    assert (row["answer"], row["timing"], row["alternative"], row["comment"]) == ("partial", TIMING, ALTERNATIVE, COMMENT)
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO((out / f"{answers.stem}.csv").read_bytes().decode("utf-8-sig")))}
    assert (rows["0230101"]["対応時期"], rows["0230101"]["代替案"], rows["0230101"]["ベンダ備考"]) == (TIMING, ALTERNATIVE, COMMENT)
    assert rows["0239999"]["名称"] == NAME
    cells = workbook_texts(out / f"{answers.stem}.xlsx")
    assert {TIMING, ALTERNATIVE, COMMENT, NAME} <= set(cells)
    html = (out / f"{answers.stem}.html").read_text("utf-8")
    assert all(w in html for w in (TIMING, ALTERNATIVE, COMMENT, NAME)) and FOLDED not in html


def test_the_vendors_words_are_shown_as_written_in_a_comparison(home, tmp_path):
    out = tmp_path / "out"
    res = run("compare", "--spec", KAIGO_SPEC, _answers(tmp_path, "甲"), _answers(tmp_path, "乙", "標準機能で対応"),
              "--out", out, "--format", "html,xlsx,json")
    assert res.exit_code == 0, res.output
    doc = json.loads((out / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    [area] = doc["areas"]
    cell = next(r for r in area["rows"] if r["id"] == "0230101")["cells"][0]
    assert (cell["timing"], cell["alternative"], cell["comment"]) == (TIMING, ALTERNATIVE, COMMENT)
    assert {TIMING, ALTERNATIVE, COMMENT} <= set(workbook_texts(out / "compare.xlsx"))
    html = (out / "compare.html").read_text("utf-8")
    assert all(w in html for w in (TIMING, ALTERNATIVE, COMMENT)) and FOLDED not in html


def test_the_mask_finds_a_name_of_any_width_and_keeps_the_rest_as_written(home, tmp_path):
    """A name typed by an IME in full width (ＡＢＣシステム㈱, its own or a rival's): found as NFKC reads the note, replaced
    in the note as written, whose ① and （） stay; the mask key names what it replaced as written."""
    abc = write_book(tmp_path / "介護保険_第6.0版_回答_ABCシステム株式会社.xlsx", {"回答": [
        ["機能ID", "対応可否", "備考"], ["0230101", "○", "ＡＢＣ　システムの製品群①で対応"]]})
    rival = write_book(tmp_path / "介護保険_第6.0版_回答_見本情報株式会社.xlsx", {"回答": [
        ["機能ID", "対応可否", "代替案"], ["0230101", "△", "ＡＢＣシステム㈱の①を使う（別紙）"]]})
    out = tmp_path / "out"
    res = run("compare", "--spec", KAIGO_SPEC, abc, rival, "--out", out, "--format", "html,xlsx,json", "--mask")
    assert res.exit_code == 0, res.output
    key = json.loads((out / "mask_key.json").read_text("utf-8"))
    letter = {v["vendor"]: v["label"] for v in key["vendors"]}["ABCシステム株式会社"]
    [area] = json.loads((out / "compare.json").read_text("utf-8"))["areas"]
    cells = next(r for r in area["rows"] if r["id"] == "0230101")["cells"]
    assert sorted((c["comment"], c["alternative"]) for c in cells) == [
        ("", f"{letter}の①を使う（別紙）"), (f"{letter}の製品群①で対応", "")]
    assert [(r["found"], r["replaced_by"]) for r in key["replacements"]] == [("ＡＢＣシステム㈱", letter)]
    shown = " ".join(workbook_texts(out / "compare.xlsx")) + (out / "compare.html").read_text("utf-8")
    assert "ＡＢＣ" not in shown and "ABCシステム" not in shown
    assert f"{letter}の①を使う（別紙）" in shown and f"{letter}の製品群①で対応" in shown
