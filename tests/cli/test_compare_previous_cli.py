"""`hyojun compare --previous`: two rounds of a procurement (a revised bid), what changed since the first round in the
console, the JSON's since_previous, the HTML section and the Excel sheet, masked or not."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from checker.schemas import validate
from tests.cli.test_compare_cli import KAIGO_VENDORS, MANIFEST, REAL_NAMES, kaigo, run
from tests.conftest import write_manifest

MIHON = KAIGO_VENDORS[1]  # the CSV: its rows are lines
HOSTILE = "=1+1<b>要相談</b>"  # an answer no mark: a formula to the sheet, markup to the page


@dataclass(frozen=True)
class Rounds:
    folder: Path
    first: dict  # round 1's compare.json
    round2: list[Path]  # the answer files of round 2: 見本 revised, テスト情報サービス withdrawn
    improved: str  # the id 見本 answered × in round 1 and ◯ in round 2 (an option the profile requires)
    edited: str  # the id 見本 answers HOSTILE in round 2


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("cp932").splitlines(keepends=True)


def _write(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(lines).encode("cp932"))
    return path


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Rounds:
    """Round 1: 見本's answers without the row 230105, compared with the other two. Round 2: 見本 revised (the row
    added, a required option's × made ◯, 230101 deleted by mistake, one answer rewritten as HOSTILE), テスト情報サービス gone."""
    folder = tmp_path_factory.mktemp("rounds")
    lines = _lines(MIHON)
    first = _write(folder / "r1" / "回答_見本ソリューションズ.csv", [ln for ln in lines if not ln.startswith("230105,")])
    res = kaigo(folder / "out1", vendors=[KAIGO_VENDORS[0], first, KAIGO_VENDORS[2]])
    assert res.exit_code == 0, res.output
    doc = json.loads((folder / "out1" / "compare.json").read_text("utf-8"))
    column = doc["vendors"].index("見本ソリューションズ")
    rows = doc["areas"][0]["rows"]
    improved = next(r["id"] for r in rows if r["cells"][column]["raw_answer"] == "×"
                    and r["cells"][column]["status"] == "optional_gap")
    edited = next(r["id"] for r in rows if r["cells"][column]["status"] == "conformant" and r["id"] != "0230101")
    revised = []
    for ln in lines:
        number = ln.split(",")[0]
        if number == "230101":
            continue
        if number in (improved[1:], edited[1:]):
            cells = ln.split(",")
            cells[2] = "◯" if number == improved[1:] else HOSTILE
            ln = ",".join(cells)
        revised.append(ln)
    second = _write(folder / "r2" / "回答_見本ソリューションズ_修正版.csv", revised)
    return Rounds(folder, doc, [KAIGO_VENDORS[0], second], improved, edited)


def second_round(rounds: Rounds, out: str, *extra: str | Path):
    return kaigo(rounds.folder / out, "--previous", rounds.folder / "out1" / "compare.json", *extra, vendors=rounds.round2)


def _standing(doc: dict, vendor: str) -> str:
    r = next(r for r in doc["ranking"] if r["vendor"] == vendor)
    return f"{r['rank']}位" if r["rank"] else "失格"


def test_the_console_says_each_vendors_change_after_the_ranking(rounds: Rounds):
    res = second_round(rounds, "out2")
    assert res.exit_code == 0, res.output
    second = json.loads((rounds.folder / "out2" / "compare.json").read_text("utf-8"))
    at = re.escape(rounds.first["generated_at"][:10].replace("-0", "-").replace("-", "年", 1).replace("-", "月", 1))
    lines = res.stdout.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("前回（"))
    assert re.fullmatch(rf"前回（{at}日 \d\d:\d\d）からの変化:", lines[start])
    assert start == 1 + len(second["ranking"])  # right after the ranking
    pct = {d: {r["vendor"]: f"{r['total_percent']:.2f}%" for r in doc["ranking"]}
           for d, doc in (("1", rounds.first), ("2", second))}
    assert lines[start + 1:start + 4] == [
        f"  見本ソリューションズ {_standing(rounds.first, '見本ソリューションズ')} {pct['1']['見本ソリューションズ']} → "
        f"{_standing(second, '見本ソリューションズ')} {pct['2']['見本ソリューションズ']}（介護保険: 回答の変更 2・行の追加 1・行の削除 1）",
        f"  架空システムズ {_standing(rounds.first, '架空システムズ')} {pct['1']['架空システムズ']} → "
        f"{_standing(second, '架空システムズ')} {pct['2']['架空システムズ']}（変更なし）",
        f"  テスト情報サービス株式会社 {_standing(rounds.first, 'テスト情報サービス株式会社')} "
        f"{pct['1']['テスト情報サービス株式会社']} → 今回の比較になし",
    ]
    assert [ln for ln in lines[start:] if ln.startswith("  ")] == lines[start + 1:start + 4]


def test_the_json_records_since_previous(rounds: Rounds):
    res = second_round(rounds, "out_json", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads((rounds.folder / "out_json" / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    since = doc["since_previous"]
    first = rounds.first
    column = doc["vendors"].index("見本ソリューションズ")
    gained = next(r["cells"][column]["points"] for r in doc["areas"][0]["rows"] if r["id"] == rounds.improved)
    assert gained > 0  # optional_gap earned nothing
    lost = next(r["cells"][first["vendors"].index("見本ソリューションズ")]["points"] for r in first["areas"][0]["rows"]
                if r["id"] == rounds.edited)  # conformant then, invalid_answer (0 points) now

    def standing(d: dict, vendor: str) -> dict:
        r = next(r for r in d["ranking"] if r["vendor"] == vendor)
        return {"rank": r["rank"], "total_percent": r["total_percent"], "knocked_out": r["knocked_out"]}

    assert since["previous"] == {"file": str(rounds.folder / "out1" / "compare.json"),
                                 "generated_at": first["generated_at"], "title": "介護保険 第6.0版 ベンダ比較"}
    assert since["vendors"] == [
        *({"vendor": v, "previous_vendor": v, "previous": standing(first, v), "current": standing(doc, v), "compared": True,
           "areas": [{"area": "介護保険", "changes": {"answer_changed": 2, "row_added": 1, "row_removed": 1},
                      "points": gained - lost}] if v == "見本ソリューションズ" else []} for v in (r["vendor"] for r in doc["ranking"])),
        {"vendor": None, "previous_vendor": "テスト情報サービス株式会社",
         "previous": standing(first, "テスト情報サービス株式会社"), "current": None, "compared": False, "areas": []},
    ]
    assert since["dropped_areas"] == []
    (area,) = since["areas"]
    assert {k: area[k] for k in ("area", "previous_version", "version", "version_changed", "dropped_ids")} == {
        "area": "介護保険", "previous_version": "第6.0版", "version": "第6.0版", "version_changed": False, "dropped_ids": []}
    shown = [(r["id"], r["vendor"], r["previous_answer"], r["previous_status"], r["answer"], r["status"], r["points"],
              r["reason"]) for r in area["rows"]]
    assert sorted(shown) == sorted([
        ("0230101", "見本ソリューションズ", "◯", "conformant", "", "unanswered", -10.0, "row_removed"),
        ("0230105", "見本ソリューションズ", "", "unanswered", "◯", "conformant", 10.0, "row_added"),
        (rounds.improved, "見本ソリューションズ", "×", "optional_gap", "◯", "conformant", gained, "answer_changed"),
        (rounds.edited, "見本ソリューションズ", "◯", "conformant", HOSTILE, "invalid_answer", -lost, "answer_changed"),
    ])
    assert [r["id"] for r in area["rows"]] == sorted(r["id"] for r in area["rows"])  # spec order


def test_the_html_section_and_the_excel_sheet_list_the_changed_rows(rounds: Rounds):
    res = second_round(rounds, "out_reports")
    assert res.exit_code == 0, res.output
    html = (rounds.folder / "out_reports" / "compare.html").read_text("utf-8")
    assert '<li><a href="#changes-heading">前回との差</a></li>' in html
    section = html[html.index('<section aria-labelledby="changes-heading"'):]
    section = section[:section.index("</section>")]
    assert "&lt;b&gt;要相談&lt;/b&gt;" in section and "<b>" not in section  # escaped
    assert "<td>行の削除</td>" in section and '<td class="num">+10</td>' in section and '<td class="num">-10</td>' in section
    # a row deleted or added: its blank answer as the gap report shows one, not a dash like the 対象外 marks － ―
    assert section.count("<td>（空欄）</td><td>未回答</td>") == 2 and "<td>—</td><td>未回答</td>" not in section
    wb = openpyxl.load_workbook(rounds.folder / "out_reports" / "compare.xlsx")
    assert wb.sheetnames[:3] == ["総合評価", "前回との差（ベンダ）", "前回との差"]
    standings = [[c.value for c in row] for row in wb["前回との差（ベンダ）"].iter_rows()]
    assert standings[0] == ["ベンダ", "前回", "今回", "変わった行"]
    assert [row[0] for row in standings[1:]] == ["見本ソリューションズ", "架空システムズ", "テスト情報サービス株式会社"]
    assert standings[1][3] == "介護保険: 回答の変更 2・行の追加 1・行の削除 1" and standings[3][2] == "今回の比較になし"
    ws = wb["前回との差"]
    head, *body = ws.iter_rows()
    assert [c.value for c in head] == ["業務", "ベンダ", "ID", "名称", "実装区分", "前回の回答", "前回の状態", "今回の回答",
                                       "今回の状態", "得点の差", "理由"]
    assert len(body) == 4
    hostile = next(row[7] for row in body if row[2].value == rounds.edited)
    assert (hostile.value, hostile.data_type, hostile.quotePrefix) == (HOSTILE, "s", True)  # text, no formula


def test_a_masked_second_round_shows_labels_and_names_no_vendor_nor_file(rounds: Rounds):
    res = second_round(rounds, "out_mask", "--mask")
    assert res.exit_code == 0, res.output
    out = rounds.folder / "out_mask"
    key = {v["label"]: v["vendor"] for v in json.loads((out / "mask_key.json").read_text("utf-8"))["vendors"]}
    mihon = next(label for label, v in key.items() if v == "見本ソリューションズ")
    assert f"  {mihon} " in res.stdout and "  （前回のみのベンダ） " in res.stdout
    doc = json.loads((out / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    since = json.dumps(doc["since_previous"], ensure_ascii=False)
    assert "file" not in doc["since_previous"]["previous"] and "previous_vendor" not in since
    assert {r["vendor"] for r in doc["since_previous"]["areas"][0]["rows"]} == {mihon}
    html = (out / "compare.html").read_text("utf-8")
    sheet = [str(c) for row in openpyxl.load_workbook(out / "compare.xlsx")["前回との差"].iter_rows(values_only=True)
             for c in row]
    for shown in (res.stdout, since, html, " ".join(sheet)):
        for name in (*REAL_NAMES, "回答_見本", "out1", "C1"):
            assert name not in shown, name
    # the answers as the masked matrix shows them: the vocabulary's marks, not the vendor's ◯
    assert "◯" not in since and '"previous_answer": "○"' in since


def test_a_round_written_over_the_previous_one_reads_it_first(rounds: Rounds, tmp_path: Path):
    out = tmp_path / "committee"
    out.mkdir()
    (out / "compare.json").write_bytes((rounds.folder / "out1" / "compare.json").read_bytes())
    res = kaigo(out, "--previous", out / "compare.json", "--format", "json", vendors=rounds.round2)
    assert res.exit_code == 0, res.output
    assert "回答の変更 2・行の追加 1・行の削除 1" in res.stdout
    assert json.loads((out / "compare.json").read_text("utf-8"))["since_previous"]["previous"]["generated_at"] == \
        rounds.first["generated_at"]


@pytest.mark.parametrize("previous, said", [
    ("out_mask/compare.json", "匿名化した比較（--mask）の JSON です"),
    ("out1/compare.xlsx", "JSON として読めません。1 行 1 文字目から先が JSON の書き方になっていません（壊れているか、JSON でないファイルです）"),
    ("nowhere.json", "ファイルが見つかりません"),
])
def test_a_previous_file_that_is_no_unmasked_comparison_is_refused(rounds: Rounds, tmp_path: Path, previous: str,
                                                                   said: str):
    if not (rounds.folder / "out_mask").exists():
        assert second_round(rounds, "out_mask", "--mask", "--format", "json").exit_code == 0
    res = kaigo(tmp_path / "out", "--previous", rounds.folder / previous, vendors=rounds.round2)
    assert res.exit_code == 1, res.output
    assert f"エラー: {rounds.folder / previous}: {said}" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_manifest_comparison_says_an_areas_change_of_spec_version_once(tmp_path: Path):
    """Round 1 compared 住民記録 against 第1.0版; round 2, after 第1.1版 came, against it: the area's changes are the
    version's, not the vendors' (who sent the same files)."""
    first = MANIFEST.replace("住民記録_第1.1版_機能要件", "住民記録_第1.0版_機能要件")
    res = run("--manifest", write_manifest(tmp_path, first), "--out", tmp_path / "r1", "--format", "json")
    assert res.exit_code == 0, res.output
    res = run("--manifest", write_manifest(tmp_path, MANIFEST), "--out", tmp_path / "r2", "--format", "json",
              "--previous", tmp_path / "r1" / "compare_m.json")
    assert res.exit_code == 0, res.output
    *changed, dropped = [ln for ln in res.stdout.splitlines() if ln.startswith("  ")]
    assert len(changed) == 2
    assert all(re.search(r"（住民記録: 仕様書の版の変更（第1\.0版→第1\.1版）による変化 \d+）$", ln) for ln in changed)
    # the requirements 第1.1版 dropped: in the previous totals, in no row
    assert dropped == ("  住民記録: 前回の 第1.0版 にあって 第1.1版 にない要件 5 件（0010069・0010119・0010128・0010157・0010161）は、"
                       "行に示していません（前回の得点には含まれます）")
    since = json.loads((tmp_path / "r2" / "compare_m.json").read_text("utf-8"))["since_previous"]
    kaigo_area, jumin = since["areas"]
    assert (kaigo_area["area"], kaigo_area["version_changed"], kaigo_area["rows"]) == ("介護保険", False, [])
    assert (jumin["previous_version"], jumin["version"], jumin["version_changed"]) == ("第1.0版", "第1.1版", True)
    assert jumin["rows"] and {r["reason"] for r in jumin["rows"]} == {"spec_version_changed"}
    assert jumin["dropped_ids"] == ["0010069", "0010119", "0010128", "0010157", "0010161"]
