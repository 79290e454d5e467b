"""Requirement texts as the ministry wrote them, from the workbook through the store into every report.

The 住民記録 samples hold the real text of 総務省「住民記録システム標準仕様書【第1.0版】」第3章 (specs/sources/README.md):
1.1.11 続柄 (0010014) numbers its kinds ① to ⑤ and refers to them (「③ ②を４世代（※）まで」). NFKC made that
「3 2を4世代(※)まで」 in the store and every report: 「2を4世代」 reads as "2 to 4 generations".
"""

import csv
import io
import json
import shutil

from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import FIXTURES, JUMIN_V10, JUMIN_V11, VENDOR, workbook_texts

WORDS = "③ ②を４世代（※）まで「の」でつなげたもの（例：子の子の子の子）"
FOLDED = "3 2を4世代(※)まで"
NAME = "個人票／世帯票"  # 0010004 (1.1.3)
V11_ANSWERS = [VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx", VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_ministrys_wording_is_stored_and_shown_as_written(home, tmp_path):
    assert run("spec", "import", JUMIN_V11).exit_code == 0
    stored = {r["id"]: r for r in json.loads(run("spec", "show", "住民記録", "--json").stdout)["requirements"]}
    assert WORDS in stored["0010014"]["text"] and stored["0010004"]["name"] == NAME
    assert f"\t{NAME}\n" in run("spec", "show", "住民記録").stdout

    out = tmp_path / "check"
    assert run("check", V11_ANSWERS[0], "--spec", "住民記録", "--out", out).exit_code == 0
    report = {ext: out / f"{V11_ANSWERS[0].stem}.{ext}" for ext in ("csv", "html", "xlsx")}
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(report["csv"].read_bytes().decode("utf-8-sig")))}
    assert WORDS in rows["0010014"]["要件"] and rows["0010004"]["名称"] == NAME
    html = report["html"].read_text("utf-8")
    assert WORDS in html and NAME in html and FOLDED not in html
    cells = workbook_texts(report["xlsx"])
    assert any(WORDS in c for c in cells) and NAME in cells

    out = tmp_path / "compare"
    assert run("compare", *V11_ANSWERS, "--spec", "住民記録", "--out", out).exit_code == 0
    html = (out / "compare.html").read_text("utf-8")
    assert WORDS in html and FOLDED not in html and NAME in workbook_texts(out / "compare.xlsx")  # its sheets name requirements


def test_a_text_change_shows_both_versions_as_written(home, tmp_path):
    """0010001 drops 「・転出先住所（確定）の住所コード及びその郵便番号」 in 第1.1版."""
    assert run("spec", "diff", JUMIN_V10, JUMIN_V11, "--out", tmp_path).exit_code == 0
    [html] = tmp_path.glob("*.html")
    assert "・転出先住所（確定）の住所コード及びその郵便番号</del>" in html.read_text("utf-8")
    assert any("（確定）" in c for c in workbook_texts(html.with_suffix(".xlsx")))


def test_a_store_an_earlier_hyojun_wrote_folded_is_the_same_spec_until_replaced(home, tmp_path):
    """hyojun 866d8cf stored 第1.0版 NFKC-folded: importing the same workbook again is no other content (no refusal, no
    --replace needed), spec diff finds no change, and --replace stores the wording as written."""
    stored = home / "specs" / "住民記録" / "第1.0版.json"
    stored.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "stores" / "住民記録_第1.0版_866d8cf.json", stored)
    before = stored.read_bytes()
    assert FOLDED in before.decode("utf-8")
    res = run("spec", "import", JUMIN_V10)
    assert res.exit_code == 0 and "変更なし" in res.stdout and stored.read_bytes() == before
    assert "要件の本文・名称・備考・大項目の文字" in res.stderr and "--replace" in res.stderr
    res = run("spec", "diff", "住民記録@第1.0版", JUMIN_V10, "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    [diff] = tmp_path.glob("*.json")
    assert json.loads(diff.read_text("utf-8"))["counts"]["unchanged"] == 197
    assert run("spec", "import", JUMIN_V10, "--replace").exit_code == 0
    assert WORDS in {r["id"]: r for r in json.loads(stored.read_bytes())["requirements"]}["0010014"]["text"]
    res = run("spec", "import", JUMIN_V10)
    assert "変更なし" in res.stdout and res.stderr == ""
