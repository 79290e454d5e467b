"""`hyojun compare`: single area, golden comparison of the 介護保険 samples, masked mode, manifest mode."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import InputError
from checker.schemas import validate
from tests.conftest import (FIXTURES, JUMIN_V10, JUMIN_V11, KAIGO_PROFILE, KAIGO_SPEC, SHUGAKU_FORM, SHUGAKU_FUNC,
                            VENDOR, texts_on_more_than_one_line, write_book, write_manifest)
from checker.analysis.bid import mask_labels

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "compare_kaigo" / "expected.json"
KAIGO_VENDORS = [VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx", VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv",
                 VENDOR / "介護保険_第6.0版_回答_テスト情報サービス.xlsx"]
REAL_NAMES = ("架空システムズ", "見本ソリューションズ", "テスト情報サービス")


def run(*args: str | Path):
    return CliRunner().invoke(cli, ["compare", *map(str, args)])


def kaigo(out: Path, *extra: str | Path, vendors: list[Path] = KAIGO_VENDORS):
    return run("--spec", KAIGO_SPEC, *vendors, "--profile", KAIGO_PROFILE, "--out", out, *extra)


class Page(HTMLParser):
    """Tags with attributes, and the text of every <script type=application/json> by id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script" and a.get("type") == "application/json":
            self._script = a["id"]
            self.scripts[self._script] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script:
            self.scripts[self._script] += data


@dataclass(frozen=True)
class Compared:
    out: Path
    output: str  # the console's


@pytest.fixture(scope="module")
def kaigo_outputs(tmp_path_factory: pytest.TempPathFactory) -> Compared:
    """The three 介護保険 samples compared once, in every format, for the tests that only read the outputs."""
    out = tmp_path_factory.mktemp("kaigo")
    res = kaigo(out)
    assert res.exit_code == 0, res.output
    return Compared(out, res.output)


def test_golden_comparison_of_the_three_kaigo_vendors(kaigo_outputs: Compared):
    tmp_path = kaigo_outputs.out
    doc = json.loads((tmp_path / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    [area] = doc["areas"]
    exp_area = expected["area"]
    assert (area["area"], area["version"]) == (exp_area["area"], exp_area["version"])
    assert area["summary"] == {k: exp_area[k] for k in ("requirements", "mandatory", "differ_rows", "gap_rows")}
    assert sum(1 for r in area["rows"] if r["differ"] or r["gap"]) == exp_area["differ_or_gap_rows"]
    ranking = {r["vendor"]: r for r in doc["ranking"]}
    got = {}
    for v in area["vendors"]:
        rank = ranking[v["vendor"]]
        got[v["file"]] = {
            "status_counts": v["status_counts"], "unknown_ids": v["unknown_ids"], "duplicate_ids": v["duplicate_ids"],
            "verdict": v["verdict"], "mandatory_conformant": v["mandatory_conformant"],
            "points": v["score"]["points"], "best": v["score"]["best"],
            "percent": v["score"]["percent"], "rank": rank["rank"], "knockout_rules": [k["rule"] for k in rank["knockouts"]]}
    assert got == expected["vendors"]
    # The breakdown explains the score: its subtotals add up to the points.
    for v in area["vendors"]:
        assert sum(b["subtotal"] for b in v["score"]["breakdown"]) == pytest.approx(v["score"]["points"])
        assert sum(b["count"] for b in v["score"]["breakdown"]) == exp_area["requirements"]
    # Output lines: ranking, then the written paths.
    lines = kaigo_outputs.output.splitlines()
    assert lines[0] == "順位\tベンダ\t総合得点\t失格理由"  # the columns: what the numbers are
    assert lines[1].startswith("1位\t見本ソリューションズ\t94.43%")
    assert [ln for ln in lines if ln.endswith((".json", ".html", ".xlsx"))] == [
        str(tmp_path / f"compare.{x}") for x in ("json", "html", "xlsx")]


def test_matrix_rows_follow_spec_order_grouped_by_daikomoku(tmp_path: Path):
    assert kaigo(tmp_path, "--format", "json").exit_code == 0
    [area] = json.loads((tmp_path / "compare.json").read_text("utf-8"))["areas"]
    groups = [g["name"] for g in area["groups"]]
    assert groups[:2] == ["介護保険共通", "被保険者資格"] and groups[-1] == "帳票要件"
    assert [r["group"] for r in area["rows"]] == [g["name"] for g in area["groups"] for _ in range(g["rows"])]
    assert area["rows"][0]["id"] == "0230101"
    assert {len(r["cells"]) for r in area["rows"]} == {3}


def test_html_report_structure(kaigo_outputs: Compared):
    text = (kaigo_outputs.out / "compare.html").read_text("utf-8")
    page = Page(text)
    names = [t for t, _ in page.tags]
    assert {"main", "header", "footer", "nav"} <= set(names)
    assert all("scope" in a for t, a in page.tags if t == "th")
    assert not [a for t, a in page.tags if t in ("link", "img", "iframe") or (t == "script" and a.get("src"))]
    ids = {a.get("id") for _, a in page.tags}
    assert {"m-only", "m-area", "m-q", "score-table", "matrix-table"} <= ids
    assert sum(1 for t, _ in page.tags if t == "label") >= 4  # every filter control has a visible label
    assert "いずれかのベンダに差異・要確認がある行のみ" in text
    data = json.loads(page.scripts["data-area-1"])
    assert data["vendors"] == ["架空システムズ", "見本ソリューションズ", "テスト情報サービス株式会社"]
    assert len(data["rows"]) == 461 and sum(1 for r in data["rows"] if r[5] or r[6]) == 136
    # Knock-out reasons and the breakdown are in the static page (no script needed to read them).
    assert "介護保険: 必須機能の未対応 10 件（許容 0 件まで）" in text
    # 失格理由 and 失格条件, as the workbook and the scoring's help write them (the page said 失格の理由, 失格の条件)
    assert '<th scope="col">失格理由</th>' in text and "<p>失格条件: " in text
    assert "失格の理由" not in text and "失格の条件" not in text
    assert text.count('class="breakdown"') == 3
    assert "失格のベンダには順位を付けません。順位は小数第 2 位に四捨五入した総合得点で決め、同じ値は同順位として比較表の列の順に示します）</caption>" in text
    # and every rule the scores rest on, not only those some vendor met
    assert '<td>配点（1 要件あたり）</td><td>要求しない標準オプション機能</td><td>オプション対応あり</td><td class="num">0</td>' in text


def test_excel_evaluation_sheet_is_machine_readable(kaigo_outputs: Compared):
    wb = openpyxl.load_workbook(kaigo_outputs.out / "compare.xlsx")
    assert wb.sheetnames == ["総合評価", "得点内訳", "採点基準", "介護保険", "作成情報"]
    for ws in wb:
        assert not ws.merged_cells.ranges
        # the header row, and on a vendor matrix ID and 名称: they stay beside the last vendor's columns
        assert ws.freeze_panes == ("C2" if ws.title in ("介護保険", "総合評価") else "A2")
        assert ws.oddHeader.center.text == "介護保険 第6.0版 ベンダ比較" and ws.print_title_rows == "$1:$1"
    summary = list(wb["総合評価"].iter_rows(values_only=True))
    assert summary[0][:5] == ("順位", "ベンダ", "総合得点（%）", "失格", "失格理由")
    assert summary[1][:4] == (1, "見本ソリューションズ", 94.43, None)
    # printed as the HTML prints them (89.10%, 2,055 点): two decimals, thousands grouped
    head = [c.value for c in wb["総合評価"][1]]
    row = wb["総合評価"][2]
    assert row[head.index("総合得点（%）")].number_format == row[head.index("介護保険 得点率（%）")].number_format == "0.00"
    assert row[head.index("介護保険 得点")].number_format == row[head.index("介護保険 満点")].number_format == "#,##0"
    lines = list(wb["得点内訳"].iter_rows())
    subtotal = [c.value for c in lines[0]].index("小計")
    assert {r[subtotal].number_format for r in lines[1:] if r[subtotal].value is not None} == {"#,##0"}
    assert [r[3] for r in summary[2:]] == ["失格", "失格"]
    assert texts_on_more_than_one_line(wb) == []  # 状態・回答区分・ベンダ名 whole
    made = dict(wb["作成情報"].iter_rows(min_row=2, values_only=True))["作成日時"]
    assert isinstance(made, datetime) and made.year >= 2026
    area = list(wb["介護保険"].iter_rows(values_only=True))
    assert len(area) == 1 + 461
    assert area[0][:3] == ("ID", "名称", "種別") and "見本ソリューションズ 状態コード" in area[0]
    assert all(isinstance(r[0], str) and len(r[0]) == 7 for r in area[1:])  # ids stay text
    # the rules the scores rest on, every one, for the workbook a committee signs (it had only their outcome)
    rules = list(wb["採点基準"].iter_rows(values_only=True))
    assert rules[0] == ("項目", "対象", "状態・条件", "値")
    assert ("配点（1 要件あたり）", "実装必須機能", "適合", 10) in rules
    assert ("優先度の重み", "要求オプション", "優先度 高", 3) in rules
    assert ("業務の重み", "介護保険", "総合得点の加重平均", 1) in rules
    assert [r[2] for r in rules if r[0] == "失格条件"] == ["必須機能の未対応が 1 件以上", "実装不可機能の実装が 1 件以上"]
    # how ranks fall on a tie: 137 and 137.008 点 both show 85.63% and 1位, the first listed read as preferred
    assert ("順位", None, "順位は小数第 2 位に四捨五入した総合得点で決め、同じ値は同順位として比較表の列の順に示します", None) in rules


# The 差異 and 要確認 marks of docs/scoring.md §6: the vendors' statuses differ; some vendor's needs attention.
NEEDS_ATTENTION = {"mandatory_gap", "mandatory_deferred", "optional_gap", "prohibited_violation", "unanswered",
                   "invalid_answer"}


def test_the_area_sheet_marks_the_rows_where_vendors_differ_or_one_falls_short(kaigo_outputs: Compared):
    """The committee filters the area sheet on 差異 and 要確認: each says あり exactly of its rows (a reversed mark
    said あり of the 326 rows where every vendor was the same)."""
    sheet = list(openpyxl.load_workbook(kaigo_outputs.out / "compare.xlsx")["介護保険"].iter_rows(values_only=True))
    header, rows = sheet[0], sheet[1:]
    differ, gap = header.index("差異"), header.index("要確認")
    statuses = [i for i, h in enumerate(header) if str(h).endswith(" 状態コード")]
    assert len(statuses) == 3
    expected = [("あり" if len({r[i] for i in statuses}) > 1 else None,
                 "あり" if NEEDS_ATTENTION & {r[i] for i in statuses} else None) for r in rows]
    assert [(r[differ], r[gap]) for r in rows] == expected
    summary = json.loads((kaigo_outputs.out / "compare.json").read_text("utf-8"))["areas"][0]["summary"]
    assert [sum(e[k] == "あり" for e in expected) for k in (0, 1)] == [summary["differ_rows"], summary["gap_rows"]]
    assert 0 < summary["differ_rows"] < len(rows) and 0 < summary["gap_rows"] < len(rows)


def test_the_attention_mark_is_not_called_a_gap(kaigo_outputs: Compared):
    """A row marked for a 実装不可機能の実装, a 経過措置 or a missing answer is not 未対応: the mark is 要確認, and the
    page says which statuses make it (it said 「未対応あり」 of rows where no vendor had a 未対応 status)."""
    text = (kaigo_outputs.out / "compare.html").read_text("utf-8")
    assert "未対応あり" not in text
    assert ("いずれかのベンダに必須機能の未対応・必須機能の移行後対応（経過措置）・要求オプションの未対応・実装不可機能の実装・"
            "未回答・回答不正がある行には「要確認」と表示します。") in text
    assert re.search(r"（要件 461 件、差異あり \d+ 件、要確認 \d+ 件）", text)
    assert 'chip("要確認", "bad")' in text
    header = next(openpyxl.load_workbook(kaigo_outputs.out / "compare.xlsx")["介護保険"].iter_rows(values_only=True))
    assert header[8:10] == ("差異", "要確認")


def test_the_json_records_every_knockout_rule_the_scores_were_judged_by(kaigo_outputs: Compared):
    """compare.json's scoring is the configuration to audit or replay a 失格 by: it recorded no status rule at all."""
    scoring = json.loads((kaigo_outputs.out / "compare.json").read_text("utf-8"))["scoring"]
    assert scoring["knockouts"] == [
        {"label": "必須機能の未対応", "statuses": ["mandatory_gap"], "more_than": 0},
        {"label": "実装不可機能の実装", "statuses": ["prohibited_violation"], "more_than": 0}]


def test_the_provenance_names_the_spec_and_profile_per_area(kaigo_outputs: Compared):
    """Which spec version (and which bytes of it) and which profile the scores rest on, in the page's footer and the
    workbook's 作成情報 alike."""
    area = json.loads((kaigo_outputs.out / "compare.json").read_text("utf-8"))["areas"][0]
    options = len(yaml.safe_load(KAIGO_PROFILE.read_text("utf-8"))["required_options"])
    expected = {"仕様書（介護保険）": f"介護保険 第6.0版（sha256 {area['spec_sha256']}）",
                "プロファイル（介護保険）": f"見本市（架空）（介護保険_profile.yaml、要求オプション {options} 件）"}
    made = dict(openpyxl.load_workbook(kaigo_outputs.out / "compare.xlsx")["作成情報"].iter_rows(min_row=2, values_only=True))
    assert {k: made.get(k) for k in expected} == expected
    html = (kaigo_outputs.out / "compare.html").read_text("utf-8")
    assert [f"<dt>{k}</dt><dd>{v}</dd>" in html for k, v in expected.items()] == [True, True]


def test_masked_mode_hides_names_and_writes_the_key_apart(tmp_path: Path):
    res = kaigo(tmp_path, "--mask")
    assert res.exit_code == 0, res.output
    for name in ("compare.json", "compare.html"):
        text = (tmp_path / name).read_text("utf-8")
        assert not [n for n in REAL_NAMES if n in text], name
    wb = openpyxl.load_workbook(tmp_path / "compare.xlsx")
    cells = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    assert not [n for n in REAL_NAMES if n in cells]
    doc = json.loads((tmp_path / "compare.json").read_text("utf-8"))
    assert doc["masked"] is True and doc["vendors"] == ["A社", "B社", "C社"]
    validate(doc, "compare", source="compare.json")
    # a masked comparison that named a vendor's file, or a cell of its answers, breaks its schema
    area = doc["areas"][0]
    row = area["rows"][0]
    for leak in ({**area, "vendors": [{**area["vendors"][0], "file": "回答_架空システムズ.xlsx"}, *area["vendors"][1:]]},
                 {**area, "rows": [{**row, "cells": [{**row["cells"][0], "cell": "機能!D5"}, *row["cells"][1:]]}]}):
        with pytest.raises(InputError):
            validate({**doc, "areas": [leak]}, "compare", source="compare.json")
    assert all("file" not in v and "sha256" not in v for v in doc["areas"][0]["vendors"])
    key = json.loads((tmp_path / "mask_key.json").read_text("utf-8"))
    validate(key, "mask_key", source="test")
    mapping = {v["label"]: v["files"][0]["file"] for v in key["vendors"]}
    assert sorted(mapping.values()) == sorted(p.name for p in KAIGO_VENDORS)
    with open(tmp_path / "mask_key.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["表示名"]: r["回答ファイル"] for r in rows} == mapping
    # The masked scores are the real ones under a letter.
    by_file = {v["files"][0]["file"]: v["label"] for v in key["vendors"]}
    ranking = {r["vendor"]: r["rank"] for r in doc["ranking"]}
    assert ranking[by_file["介護保険_第6.0版_回答_見本ソリューションズ.csv"]] == 1
    assert "mask_key.json" in res.output and "配布しないでください" in res.output
    # the committee's pages say 匿名化, as the demo and the help do (they said マスク)
    html = (tmp_path / "compare.html").read_text("utf-8")
    assert "ベンダ名は匿名化しています（対応表は別ファイル）" in html and "マスク" not in html
    assert ("ベンダ名の表示", "匿名化（A社・B社…。対応表は別ファイル）") in wb["作成情報"].iter_rows(values_only=True)


def test_a_masked_comparison_shows_each_answer_as_its_mark_not_as_its_vendor_wrote_it(tmp_path: Path,
                                                                                     kaigo_outputs: Compared):
    """One vendor writes ◯ (U+25EF) where the others write ○, another 対応 and ▲: over hundreds of cells, a fingerprint
    of who is behind a letter. Masked, every format shows the mark of the answer's class (○ △ 予定 × －) and an
    answer not read as one (回答不正) as written; the real names' comparison keeps what each vendor wrote."""
    assert kaigo(tmp_path, "--mask").exit_code == 0
    marks = {"yes": "○", "partial": "△", "planned": "予定", "no": "×", "na": "－", "blank": ""}

    def answers(out: Path) -> tuple[set[tuple[str, str]], list[str]]:
        doc = json.loads((out / "compare.json").read_text("utf-8"))
        pairs = {(c["answer"], c["raw_answer"]) for r in doc["areas"][0]["rows"] for c in r["cells"]}
        html = [c[1] for r in json.loads(Page((out / "compare.html").read_text("utf-8")).scripts["data-area-1"])["rows"]
                for c in r[7]]
        sheet = list(openpyxl.load_workbook(out / "compare.xlsx")["介護保険"].iter_rows(values_only=True))
        columns = [i for i, h in enumerate(sheet[0]) if str(h).endswith(" 回答")]
        return pairs, sorted(html) + sorted(r[i] or "" for r in sheet[1:] for i in columns)

    masked, shown = answers(tmp_path)
    assert {(a, m) for a, m in masked if a != "invalid"} == set(marks.items())
    assert {m for a, m in masked if a == "invalid"} == {"検討中", "要確認", "?", "調整中"}
    assert not {"◯", "◎", "▲", "対応", "移行後", "非対応"} & set(shown)
    real, _ = answers(kaigo_outputs.out)
    assert {"◯", "◎", "▲", "対応", "移行後"} <= {m for _, m in real}


def test_bids_filed_as_a_sha_and_b_sha_are_masked_under_labels_no_bid_is_called(tmp_path: Path):
    """Bids filed as 介護保険_回答_A社.xlsx and _B社.xlsx (as README's example was): the masked report labelled the bid
    filed as A社 B社 and the other A社, and a committee read 「A社 失格」 as the bid filed as A社. Now the labels are
    another series, and the console says why and that the names it ranks are labels."""
    a, b = tmp_path / "介護保険_回答_A社.xlsx", tmp_path / "介護保険_回答_B社.csv"
    a.write_bytes(KAIGO_VENDORS[0].read_bytes())  # 架空システムズ inside: filed as A社 all the same
    b.write_bytes(KAIGO_VENDORS[1].read_bytes())
    for seed in ("1", "2"):  # either order of the two: neither is ever shown as the other's own name
        res = kaigo(tmp_path / seed, "--mask", "--mask-seed", seed, vendors=[a, b])
        assert res.exit_code == 0, res.output
        key = json.loads((tmp_path / seed / "mask_key.json").read_text("utf-8"))
        labels = {v["files"][0]["file"]: v["label"] for v in key["vendors"]}
        assert sorted(labels.values()) == ["提案者1", "提案者2"]
        with open(tmp_path / seed / "mask_key.csv", encoding="utf-8-sig", newline="") as fh:
            assert {r["回答ファイル"]: r["表示名"] for r in csv.DictReader(fh)} == labels
        doc = json.loads((tmp_path / seed / "compare.json").read_text("utf-8"))
        assert doc["vendors"] == ["提案者1", "提案者2"] and {r["vendor"] for r in doc["ranking"]} == {"提案者1", "提案者2"}
        assert "注意: 匿名化: ベンダ名「A社」が表示名 A社・B社… と紛らわしいため、表示名を 提案者1・提案者2… にしました" \
            in res.stderr, res.stderr
        lines = res.stdout.splitlines()
        assert lines[0] == "順位\tベンダ（匿名化した表示名）\t総合得点\t失格理由"
        assert {ln.split("\t")[1] for ln in lines[1:3]} == {"提案者1", "提案者2"}
        wb = openpyxl.load_workbook(tmp_path / seed / "compare.xlsx")
        assert ("ベンダ名の表示", "匿名化（提案者1・提案者2…。対応表は別ファイル）") in wb["作成情報"].iter_rows(values_only=True)
    assert kaigo(tmp_path / "again", "--mask", "--mask-seed", "1", "--format", "json", vendors=[b, a]).exit_code == 0
    assert (json.loads((tmp_path / "again" / "mask_key.json").read_text("utf-8"))["vendors"]
            == json.loads((tmp_path / "1" / "mask_key.json").read_text("utf-8"))["vendors"])  # the seed keeps them


def test_no_mask_when_every_series_of_labels_resembles_a_bid(tmp_path: Path):
    """A社, 提案者1 and 丙社 among the bids: every label series would show one bid under a name like another's own."""
    files = [tmp_path / "介護保険_回答_A社.xlsx", tmp_path / "介護保険_回答_提案者1.xlsx", tmp_path / "介護保険_回答_丙社.csv"]
    files[0].write_bytes(KAIGO_VENDORS[0].read_bytes())
    files[1].write_bytes(KAIGO_VENDORS[2].read_bytes())
    files[2].write_text("機能ID,対応可否\n0230101,○\n", encoding="utf-8")
    res = kaigo(tmp_path / "out", "--mask", vendors=files)
    assert res.exit_code == 1 and not (tmp_path / "out").exists()
    assert ("エラー: 匿名化できません: ベンダ名「A社」が表示名 A社・B社… と、ベンダ名「提案者1」が表示名 提案者1・提案者2… と、"
            "ベンダ名「丙社」が表示名 甲社・乙社… と紛らわしく、使える表示名がありません。") in res.stderr, res.stderr


def test_mask_is_stable_whatever_the_argument_order_and_follows_the_seed(tmp_path: Path):
    def key(out: Path, *extra: str, vendors=KAIGO_VENDORS) -> dict[str, str]:
        assert kaigo(out, "--mask", "--format", "json", *extra, vendors=vendors).exit_code == 0
        doc = json.loads((out / "mask_key.json").read_text("utf-8"))
        return {v["label"]: v["files"][0]["file"] for v in doc["vendors"]}

    first = key(tmp_path / "a")
    assert key(tmp_path / "b", vendors=list(reversed(KAIGO_VENDORS))) == first
    seeded = [key(tmp_path / f"s{i}", "--mask-seed", f"委員会{i}") for i in range(6)]
    assert seeded[0] == key(tmp_path / "s0again", "--mask-seed", "委員会0")
    assert len({tuple(sorted(s.items())) for s in seeded}) > 1


def test_a_workbook_answering_two_areas_keeps_the_seed_one_town_s_reports_had(home, tmp_path: Path):
    """0.7.0 counted each file once for the seed (for a joint comparison's file scored for several towns), which gave
    one town's comparison of a workbook answering two areas other letters than its earlier reports."""
    import hashlib

    from checker.analysis.bid import mask_seed

    both = tmp_path / "架空システムズ_全業務.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)
    for area, source in (("介護保険", KAIGO_VENDORS[0]), ("住民記録", VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx")):
        for sheet in openpyxl.load_workbook(source).worksheets:
            copy = book.create_sheet(f"{area}_{sheet.title}"[:31])
            for row in sheet.iter_rows(values_only=True):
                copy.append(row)
    book.save(both)
    other = (KAIGO_VENDORS[1], VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls")
    m = tmp_path / "m.yaml"
    m.write_text("areas:\n" + "".join(
        f"  - spec: {spec}\n    vendors:\n      - {{name: 架空システムズ, file: {both}}}\n"
        f"      - {{name: 見本ソリューションズ, file: {mine}}}\n"
        for spec, mine in zip((KAIGO_SPEC, JUMIN_V11), other)), "utf-8")
    res = run("--manifest", m, "--mask", "--format", "json", "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (both, *other)}
    fingerprints = {"架空システムズ": digest[both] * 2, "見本ソリューションズ": "".join(digest[p] for p in other)}
    seed = mask_seed({v: hashlib.sha256(f.encode()).hexdigest() for v, f in fingerprints.items()})
    assert json.loads((tmp_path / "out" / "mask_key_m.json").read_text("utf-8"))["seed"] == seed


def test_a_revised_bid_keeps_every_vendors_letter_under_the_seed(tmp_path: Path):
    """Round 2 of a procurement: one vendor resubmits; the committee must see the same letter for the same company."""
    revised = tmp_path / "r2" / KAIGO_VENDORS[1].name
    revised.parent.mkdir()
    revised.write_bytes(KAIGO_VENDORS[1].read_bytes().replace("標準機能で対応".encode("cp932"), "標準機能で対応済み".encode("cp932")))
    round2 = [KAIGO_VENDORS[0], revised, KAIGO_VENDORS[2]]

    def key(out: Path, vendors: list[Path], *extra: str) -> tuple[str, dict[str, str]]:
        res = kaigo(out, "--mask", "--format", "json", *extra, vendors=vendors)
        assert res.exit_code == 0, res.output
        doc = json.loads((out / "mask_key.json").read_text("utf-8"))
        return doc["seed"], {v["vendor"]: v["label"] for v in doc["vendors"]}

    for seed in ("宮城県2026", "委員会", "1"):
        assert key(tmp_path / f"{seed}1", KAIGO_VENDORS, "--mask-seed", seed) == key(tmp_path / f"{seed}2", round2, "--mask-seed", seed)
    # without a seed the files choose it; the earlier key's seed gives the revised round the earlier letters
    seed, letters = key(tmp_path / "a1", KAIGO_VENDORS)
    assert key(tmp_path / "a2", round2, "--mask-seed", seed)[1] == letters


def test_scoring_file_changes_scores_and_knockouts(tmp_path: Path):
    scoring = tmp_path / "s.yaml"
    scoring.write_text("name: 緩い基準\nknockouts:\n  - statuses: [prohibited_violation]\n    more_than: 1\n", "utf-8")
    res = kaigo(tmp_path / "out", "--scoring", scoring, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / "compare.json").read_text("utf-8"))
    ranks = {r["vendor"]: r["rank"] for r in doc["ranking"]}
    assert ranks == {"見本ソリューションズ": 1, "架空システムズ": 2, "テスト情報サービス株式会社": None}
    assert doc["scoring"]["name"] == "緩い基準" and doc["scoring"]["file"] == "s.yaml"
    assert "area_weights" not in res.stderr
    # a weight for an area not compared is told, not ignored silently
    scoring.write_text("area_weights:\n  戸籍: 2\n", "utf-8")
    res = kaigo(tmp_path / "w", "--scoring", scoring, "--format", "json")
    assert res.exit_code == 0 and "area_weights の 戸籍 は比較する業務（介護保険）にないため使いません" in res.stderr, res.output


def test_a_comparison_where_every_vendor_is_knocked_out_says_so_above_the_scores(tmp_path: Path):
    """A realistic outcome of strict knock-outs (of a joint comparison's any-town rule above all): the table of 失格
    rows was left for the committee to notice."""
    said = "どのベンダも失格条件に当たり、順位の付いたベンダはありません"
    scoring = tmp_path / "s.yaml"
    for limit, all_out in ((100, True), (1, False)):
        scoring.write_text(f"knockouts:\n  - total_percent_below: {limit}\n", "utf-8")
        assert kaigo(tmp_path / f"out{limit}", "--scoring", scoring, "--format", "html").exit_code == 0
        assert (said in (tmp_path / f"out{limit}" / "compare.html").read_text("utf-8")) is all_out


def test_a_scoring_file_without_a_name_is_called_the_offices_own_not_the_defaults(tmp_path: Path):
    """A file that changed the knock-outs was headed 「既定（hyojun 標準）」 in every document a committee signs."""
    scoring = tmp_path / "sc.yaml"
    scoring.write_text("knockouts:\n  - total_percent_below: 95\n", "utf-8")
    assert kaigo(tmp_path / "out", "--scoring", scoring).exit_code == 0
    out = tmp_path / "out"
    assert json.loads((out / "compare.json").read_text("utf-8"))["scoring"]["name"] == "sc.yaml の独自設定"
    html = (out / "compare.html").read_text("utf-8")
    assert "／採点設定: sc.yaml の独自設定</p>" in html and "採点基準（sc.yaml の独自設定: 配点・重み・失格条件のすべて）" in html
    assert "既定" not in html.split("<main")[0]
    made = dict(openpyxl.load_workbook(out / "compare.xlsx")["作成情報"].iter_rows(min_row=2, values_only=True))
    assert re.fullmatch("sc.yaml の独自設定（sha256 [0-9a-f]{64}）", made["採点設定"]), made["採点設定"]

MANIFEST = """
title: 見本県 共同調達 ベンダ比較
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    profile: FIX/profiles/介護保険_profile.yaml
    vendors:
      - {name: 架空システムズ, file: FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx}
      - {name: 見本ソリューションズ, file: FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv}
  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx
    vendors:
      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}
      - {name: 架空システムズ, file: FIX/vendor/住民記録_第1.1版_回答_架空システムズ.xlsx}
"""


def test_manifest_mode_compares_several_areas(tmp_path: Path):
    scoring = tmp_path / "s.yaml"
    scoring.write_text("knockouts: []\narea_weights:\n  介護保険: 3\n", "utf-8")
    res = run("--manifest", write_manifest(tmp_path, MANIFEST), "--scoring", scoring, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / "compare_m.json").read_text("utf-8"))
    validate(doc, "compare", source="compare_m.json")
    assert doc["title"] == "見本県 共同調達 ベンダ比較"
    assert [a["area"] for a in doc["areas"]] == ["介護保険", "住民記録"]
    assert [a["weight"] for a in doc["areas"]] == [3, 1]
    assert doc["vendors"] == ["架空システムズ", "見本ソリューションズ"]  # the first area's order
    assert [v["vendor"] for v in doc["areas"][1]["vendors"]] == doc["vendors"]
    for r in doc["ranking"]:
        pcts = [next(v["score"]["percent"] for v in a["vendors"] if v["vendor"] == r["vendor"]) for a in doc["areas"]]
        assert r["total_percent"] == pytest.approx((3 * pcts[0] + pcts[1]) / 4, abs=0.005)  # printed to 2 decimals
    wb = openpyxl.load_workbook(tmp_path / "out" / "compare_m.xlsx")
    assert wb.sheetnames == ["総合評価", "得点内訳", "採点基準", "介護保険", "住民記録", "作成情報"]
    # two areas print 総合評価 two pages across: each repeats the vendor, not the 順位 alone (blank for a 失格)
    assert (wb["総合評価"].print_title_cols, wb["総合評価"].freeze_panes) == ("$A:$B", "C2")
    html = (tmp_path / "out" / "compare_m.html").read_text("utf-8")
    assert "介護保険 得点率（重み 3）" in html and "重み 3.0" not in html  # as the breakdown prints it
    # on paper, each area's total closes its lines (the sum was the reader's to do), and the total's last step is said
    # where the printed percentages make it: in the HTML's breakdown and the workbook's alike, as numbers, no formula
    head, *lines = wb["得点内訳"].iter_rows()
    col = {c.value: i for i, c in enumerate(head)}
    for r in doc["ranking"]:
        mine = [[c.value for c in line] for line in lines if line[0].value == r["vendor"]]
        scores = [next(v["score"] for v in a["vendors"] if v["vendor"] == r["vendor"]) for a in doc["areas"]]
        totals = [(m[col["業務"]], m[col["重み"]], m[col["小計"]], m[col["満点小計"]], m[col["得点率（%）"]])
                  for m in mine if m[col["区分"]] == "合計"]
        assert totals == [(a["area"], a["weight"], s["points"], s["best"], round(s["percent"], 2))
                          for a, s in zip(doc["areas"], scores)]
        *_, last = mine
        pcts = [f"{s['percent']:.2f}" for s in scores]
        step = f"総合得点 = (3 × {pcts[0]} + 1 × {pcts[1]}) ÷ 4"
        assert last[col["区分"]] == "総合得点" and last[col["状態"]].startswith(step)
        assert last[col["状態"]].endswith(f" = {r['total_percent']:.2f}%") and last[col["得点率（%）"]] == r["total_percent"]
        assert f'<tr><td colspan="9">{last[col["状態"]]}</td></tr>' in html
    assert {line[col["得点率（%）"]].number_format for line in lines if line[col["得点率（%）"]].value} == {"0.00"}
    assert not [c for line in lines for c in line if c.data_type == "f"]  # values: the project writes no formula


@pytest.mark.parametrize("town, notice", [("別町（架空）", True), ("見本市（架空）　", False)])
def test_a_manifest_whose_profiles_name_different_towns_is_told(tmp_path: Path, town: str, notice: bool):
    """One town's profile copied into another town's manifest: the total mixes two towns' requirements."""
    (tmp_path / "jumin.yaml").write_text(f"municipality: {town}\narea: 住民記録\nrequired_options: []\n", "utf-8")
    manifest = MANIFEST.replace("  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n",
                                f"  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    profile: {tmp_path / 'jumin.yaml'}\n")
    res = run("--manifest", write_manifest(tmp_path, manifest), "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    mixed = "業務によってプロファイルの団体が違います: 見本市（架空）（介護保険）、別町（架空）（住民記録）。総合得点はこれらを合わせた得点です"
    towns = mixed.split(": ")[1].split("。")[0] if notice else "見本市（架空）"  # width and spaces aside, one town
    assert (mixed in res.stderr) is notice
    html = (tmp_path / "out" / "compare_m.html").read_text("utf-8")
    assert f"／団体: {towns}／" in html and (f'<p class="notice">{mixed}。</p>' in html) is notice
    sheet = openpyxl.load_workbook(tmp_path / "out" / "compare_m.xlsx")["総合評価"]
    rows = list(sheet.values)
    assert rows[0][-1] == "団体（プロファイル）" and {r[-1] for r in rows[1:]} == {towns}


@pytest.mark.parametrize("prefecture, towns", [
    ("東京都", "東京都 見本市（架空）"),
    ("広島県", "東京都 見本市（架空）（介護保険）、広島県 見本市（架空）（住民記録）"),
])
def test_the_towns_of_a_comparison_name_their_prefecture(tmp_path: Path, prefecture: str, towns: str):
    """The 団体 of a comparison said 「見本市（架空）」 of profiles of two prefectures' towns of that name, as of one."""
    kaigo = tmp_path / "kaigo.yaml"
    kaigo.write_text(KAIGO_PROFILE.read_text("utf-8").replace(
        "municipality: 見本市（架空）", "municipality: 見本市（架空）\nprefecture: 東京都"), "utf-8")
    (tmp_path / "jumin.yaml").write_text(f"municipality: 見本市（架空）\nprefecture: {prefecture}\narea: 住民記録\n"
                                         "required_options: []\n", "utf-8")
    manifest = MANIFEST.replace("FIX/profiles/介護保険_profile.yaml", str(kaigo)).replace(
        "  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n",
        f"  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    profile: {tmp_path / 'jumin.yaml'}\n")
    res = run("--manifest", write_manifest(tmp_path, manifest), "--out", tmp_path / "out", "--format", "html")
    assert res.exit_code == 0, res.output
    assert ("業務によってプロファイルの団体が違います" in res.stderr) is ("、" in towns)
    html = (tmp_path / "out" / "compare_m.html").read_text("utf-8")
    assert f"／団体: {towns}／" in html and "東京都 見本市（架空）（kaigo.yaml、要求オプション" in html


def test_the_town_of_a_single_area_comparison_heads_the_report(tmp_path: Path):
    assert kaigo(tmp_path, "--format", "html,xlsx").exit_code == 0
    assert "／団体: 見本市（架空）／" in (tmp_path / "compare.html").read_text("utf-8")
    assert [r[-1] for r in openpyxl.load_workbook(tmp_path / "compare.xlsx")["総合評価"].values] == ["団体（プロファイル）", *["見本市（架空）"] * 3]


@pytest.mark.parametrize("args, code, message", [
    (["--spec", str(KAIGO_SPEC), str(KAIGO_VENDORS[0])], 2, "2つ以上"),
    ([str(KAIGO_VENDORS[0]), str(KAIGO_VENDORS[1])], 2, "--spec"),
    (["--spec", str(KAIGO_SPEC), *map(str, KAIGO_VENDORS), "--mask-seed", "x"], 2, "--mask"),
    (["--spec", str(KAIGO_SPEC), *map(str, KAIGO_VENDORS), "--format", "pdf"], 2, "--format"),
    (["--spec", str(JUMIN_V11), *map(str, KAIGO_VENDORS[:2]), "--profile", str(KAIGO_PROFILE)], 1, "業務が仕様書と違います"),
])
def test_usage_and_input_errors(tmp_path: Path, args, code, message):
    res = run(*args, "--out", tmp_path)
    assert res.exit_code == code, res.output
    assert message in res.output and "Traceback" not in res.output
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("text, message", [
    (MANIFEST.replace("      - {name: 架空システムズ, file: FIX/vendor/住民記録_第1.1版_回答_架空システムズ.xlsx}\n", ""),
     "ベンダが areas[1] と違います"),
    ("areas: []\n", "areas"),
    (MANIFEST.replace("住民記録_第1.1版_機能要件", "介護保険_第6.0版_機能・帳票要件")
     .replace("住民記録_第1.1版_回答", "介護保険_第6.0版_回答").replace("見本ソリューションズ.xls", "見本ソリューションズ.csv"),
     "2回指定"),
])
def test_bad_manifest(tmp_path: Path, text: str, message: str):
    res = run("--manifest", write_manifest(tmp_path, text), "--out", tmp_path / "out")
    assert res.exit_code == 1, res.output
    assert message in res.output
    assert not (tmp_path / "out").exists()


def test_a_manifest_names_every_areas_problems_at_once(tmp_path: Path, home: Path):
    """Only the first failing area was named: the user fixed it, ran again, and only then heard of the next one."""
    # 就学 stored, but not the version the manifest names (it relied on the checkout's store, unlike a run's home)
    imported = CliRunner().invoke(cli, ["spec", "import", str(SHUGAKU_FUNC), str(SHUGAKU_FORM)])
    assert imported.exit_code == 0, imported.output
    broken = tmp_path / "壊れた回答.xlsx"
    broken.write_bytes(b"not a workbook")
    text = (MANIFEST.replace("FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv", str(broken))
            .replace("FIX/vendor/住民記録_第1.1版_回答_架空システムズ.xlsx", str(tmp_path / "ない.xlsx"))
            + "  - spec: 就学@第9.9版\n    vendors:\n"
            "      - {name: 架空システムズ, file: FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx}\n"
            "      - {name: 見本ソリューションズ, file: FIX/vendor/就学_第4.0版_回答_テスト情報サービス.xlsx}\n")
    res = run("--manifest", write_manifest(tmp_path, text), "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 1 and "3 件の問題があるため、比較できません" in res.output, res.output
    assert f"  - areas[1]/vendors[2]: {broken}: " in res.output  # each named by its entry in the manifest
    assert f"  - areas[2]/vendors[2]: {tmp_path / 'ない.xlsx'}: ファイルが見つかりません" in res.output
    assert "  - areas[3]: 就学 第9.9版 は取り込まれていません" in res.output and not (tmp_path / "out").exists()
    # the files of an area whose spec fails are still read: a missing one was said only once the spec was imported
    missing = run("--manifest", write_manifest(tmp_path, text.replace("就学_第4.0版_回答_テスト情報サービス.xlsx}\n", "ない.xlsx}\n", 1)),
                  "--out", tmp_path / "out", "--format", "json")
    assert missing.exit_code == 1 and "4 件の問題があるため" in missing.output, missing.output
    assert f"  - areas[3]/vendors[1]: {FIXTURES / 'vendor' / 'ない.xlsx'}: ファイルが見つかりません" in missing.output
    wrong = run("--manifest", write_manifest(tmp_path, MANIFEST.replace("FIX/specs/住民記録_第1.1版_機能要件.xlsx",
                                                                        "FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx")),
                "--out", tmp_path / "out", "--format", "json")
    assert wrong.exit_code == 1 and "  - areas[2]/vendors[1]: " in wrong.output, wrong.output
    assert "住民記録 への回答のようです" in wrong.output and "マニフェストの areas[2] の spec を確認してください" in wrong.output


def test_the_time_limit_stops_the_comparison_at_the_file_it_was_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Not taken for that file's problem, the comparison going on with the other files without a limit."""
    import time

    from checker import compare_run
    seen: list[Path] = []

    def slow(spec, file: Path, *args):
        seen.append(file)
        time.sleep(5)

    monkeypatch.setattr(compare_run, "check_file", slow)
    monkeypatch.setenv("HYOJUN_MAX_SECONDS", "1")
    res = kaigo(tmp_path / "out", "--format", "json")
    assert res.exit_code == 1 and "処理時間が上限（1 秒）を超えたため中止しました" in res.output, res.output
    assert seen == [(KAIGO_VENDORS[0],)] and not (tmp_path / "out").exists()


def _texts_of_outputs(out: Path) -> str:
    wb = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    cells = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    return cells + "".join(p.read_text("utf-8") for p in out.glob("*.json") if "mask_key" not in p.name) \
        + "".join(p.read_text("utf-8") for p in out.glob("*.html"))


def test_masked_manifest_mode_hides_the_names_the_files_give_themselves(tmp_path: Path):
    """A manifest names the vendors ベンダ甲…; the files still say 見本ソリューションズ in their comments."""
    manifest = write_manifest(tmp_path, """
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors:
      - {name: ベンダ甲, file: FIX/vendor/介護保険_第6.0版_回答_架空システムズ.xlsx}
      - {name: ベンダ乙, file: FIX/vendor/介護保険_第6.0版_回答_見本ソリューションズ.csv}
      - {name: ベンダ丙, file: FIX/vendor/介護保険_第6.0版_回答_テスト情報サービス.xlsx}
""")
    res = run("--manifest", manifest, "--mask", "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    text = _texts_of_outputs(tmp_path / "out")
    assert not [n for n in (*REAL_NAMES, "ベンダ甲", "ベンダ乙", "ベンダ丙") if n in text]
    # the comment 「見本ソリューションズ㈱の標準機能①で対応」 as written, its vendor (and ㈱, (株) as read) a letter
    assert "社の標準機能①で対応" in text and "㈱の標準機能" not in text and "(株)の標準機能" not in text


def test_two_masked_lots_in_one_folder_keep_each_its_own_key(tmp_path: Path):
    """Lot 2 (one bid revised: other letters) written after lot 1 into one --out replaced the shared mask_key.*,
    which then named lot 1's winner after lot 2's letters."""
    revised = tmp_path / "第2工区" / KAIGO_VENDORS[1].name
    revised.parent.mkdir()
    revised.write_bytes(KAIGO_VENDORS[1].read_bytes().replace("標準機能で対応".encode("cp932"), "標準機能で対応可".encode("cp932")))
    for lot, files in (("第1工区", KAIGO_VENDORS), ("第2工区", [KAIGO_VENDORS[0], revised, KAIGO_VENDORS[2]])):
        (tmp_path / f"{lot}.yaml").write_text(f"title: {lot}\nareas:\n  - spec: {KAIGO_SPEC}\n    vendors:\n"
                                               + "".join(f"      - {{name: {n}, file: {f}}}\n" for n, f in zip(REAL_NAMES, files)), "utf-8")
    out = tmp_path / "評価"

    def lot(name: str, *extra: str):
        res = run("--manifest", tmp_path / f"{name}.yaml", "--out", out, "--format", "json", *extra)
        assert res.exit_code == 0, res.output
        return res

    def letters(name: str) -> dict[str, str]:
        key = json.loads((out / f"mask_key_{name}.json").read_text("utf-8"))
        assert key["report"] == {"name": f"compare_{name}", "title": name, "files": [f"compare_{name}.json"]}
        return {v["label"]: v["vendor"] for v in key["vendors"]}

    def winner(name: str) -> str:
        ranking = json.loads((out / f"compare_{name}.json").read_text("utf-8"))["ranking"]
        return letters(name)[next(r["vendor"] for r in ranking if r["rank"] == 1)]

    assert "mask_key_第1工区.json" in lot("第1工区", "--mask").output
    first = (out / "mask_key_第1工区.json").read_bytes()
    lot("第2工区", "--mask")
    assert (out / "mask_key_第1工区.json").read_bytes() == first and not (out / "mask_key.json").exists()
    assert letters("第1工区") != letters("第2工区")  # the revised bid's hash chose other letters: one key cannot serve both
    assert winner("第1工区") == winner("第2工区") == "見本ソリューションズ"
    with open(out / "mask_key_第2工区.csv", encoding="utf-8-sig", newline="") as fh:
        assert {r["比較レポート"] for r in csv.DictReader(fh)} == {"compare_第2工区"}
    lot("第1工区", "--mask")  # a key of its own is hyojun's, replaced on a re-run
    assert "注意: 出力先に以前の匿名化した比較の対応表（mask_key_第1工区.json、mask_key_第1工区.csv）があります" \
        in lot("第1工区").stderr


def test_vendors_whose_files_share_a_name_are_all_compared(tmp_path: Path):
    """Each vendor's 機能要件回答表 in its own folder, two with no vendor name inside: every one is compared, told
    apart by their file names or, where those are shared too, their folders (three files used to give two vendors)."""
    csv_answers = KAIGO_VENDORS[1].read_bytes()
    contents = {"A社提出/機能要件回答表.csv": csv_answers,
                "B社提出/機能要件回答表.csv": csv_answers + b"\r\n",  # another file, the same answers
                "C社提出/機能要件回答表.xlsx": KAIGO_VENDORS[0].read_bytes()}
    files = []
    for name, data in contents.items():
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    res = kaigo(tmp_path / "out", "--format", "json", vendors=files)
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / "compare.json").read_text("utf-8"))
    assert doc["vendors"] == ["機能要件回答表（A社提出/機能要件回答表.csv）", "機能要件回答表（B社提出/機能要件回答表.csv）",
                              "架空システムズ株式会社"]  # its title: …機能・帳票要件 回答（架空システムズ株式会社）（機能）
    assert len({r["vendor"] for r in doc["ranking"]}) == 3
    same = kaigo(tmp_path / "out2", "--format", "json", vendors=[files[0], files[1], files[0]])
    assert same.exit_code == 1 and "と同じ内容の回答ファイルです" in same.output


def test_duplicate_and_unknown_ids_of_a_vendor_are_named_on_the_console(tmp_path: Path):
    """The ranking rests on the first of two answers to one id: the committee hears of it, not only the JSON."""
    dup = tmp_path / "介護保険_第6.0版_回答_重複商事.csv"
    # and an answer on a row whose id has the letter O for a zero: not scored (a typo could knock a vendor out)
    dup.write_text("機能ID,対応可否\n0230101,×\n0230101,○\n9990001,○\nO230102,○\n0230001,○\n", encoding="utf-8")
    clean = tmp_path / "介護保険_第6.0版_回答_整合商事.csv"
    clean.write_text("機能ID,対応可否\n0230101,○\n0230102,×\n0230001,○\n", encoding="utf-8")
    res = kaigo(tmp_path / "out", "--format", "json", vendors=[clean, dup])
    assert res.exit_code == 0, res.output
    # lint's names (model.CODE_LABELS), with what was done with the rows
    assert ("注意: 介護保険・重複商事: ID重複（最初の行を採用） 1 件、仕様書にないID 1 件、"
            "IDが読めない（その行の回答は採点せず未回答） 1 件。"
            "hyojun lint で回答ファイルを確認してください") in res.stderr
    assert "整合商事" not in res.stderr  # a file without either is not named
    # and in the committee's own papers: the HTML's per-area table and the Excel 総合評価
    assert kaigo(tmp_path / "all", vendors=[clean, dup]).exit_code == 0
    html = (tmp_path / "all" / "compare.html").read_text("utf-8")
    assert "<td>ID重複 1 件・仕様書にないID 1 件・IDが読めない 1 件</td>" in html
    sheet = openpyxl.load_workbook(tmp_path / "all" / "compare.xlsx")["総合評価"]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("介護保険 回答の注意")
    assert {r[1]: r[col] for r in rows[1:]} == {"整合商事": None, "重複商事": "ID重複 1 件・仕様書にないID 1 件・IDが読めない 1 件"}


def test_a_masked_run_beside_earlier_outputs_says_they_are_there(tmp_path: Path):
    assert kaigo(tmp_path).exit_code == 0  # real names, every format
    res = kaigo(tmp_path, "--mask", "--format", "json")
    assert res.exit_code == 0
    assert ("注意: 出力先に今回書き出していない compare.html、compare.xlsx があります（以前の実行の結果。匿名化していないかもしれません）"
            in res.stderr)
    again = kaigo(tmp_path, "--mask")
    assert again.exit_code == 0 and "注意: 出力先" not in again.stderr
    unmasked = kaigo(tmp_path)  # over the masked report: the key beside it now maps nothing it shows
    assert unmasked.exit_code == 0
    assert "注意: 出力先に以前の匿名化した比較の対応表（mask_key.json、mask_key.csv）があります" in unmasked.stderr


def test_a_masked_run_over_a_real_name_json_says_the_previous_input_is_replaced(tmp_path: Path):
    """The round-2 walk: a masked comparison into round 1's folder replaced the real-name compare.json (the next round's
    --previous, which refuses a masked one) without a word; the notice of earlier outputs is only for formats not written."""
    assert kaigo(tmp_path).exit_code == 0
    res = kaigo(tmp_path, "--mask")
    assert res.exit_code == 0 and json.loads((tmp_path / "compare.json").read_text("utf-8"))["masked"] is True
    assert ("注意: 出力先の以前の比較（compare.json）は匿名化していない（ベンダの実名の）比較で、次の回の --previous に指定する"
            "ものでした。今回の比較は匿名化しているため、その出力を置き換えました。匿名化した比較は別のフォルダ（--out）に"
            "出してください") in res.stderr, res.stderr
    again = kaigo(tmp_path, "--mask")  # over a masked one, or not replacing it: nothing to say
    assert again.exit_code == 0 and "--previous" not in again.stderr
    assert kaigo(tmp_path / "b").exit_code == 0
    html_only = kaigo(tmp_path / "b", "--mask", "--format", "html")
    assert html_only.exit_code == 0 and "--previous" not in html_only.stderr


def test_an_earlier_comparisons_workbook_picked_up_as_an_answer_file_is_named(tmp_path: Path):
    """`compare 回答/*.xlsx --out 回答` run twice: the 評価表 was 「回答の列がありません」."""
    assert kaigo(tmp_path, "--format", "xlsx").exit_code == 0
    res = kaigo(tmp_path / "again", vendors=[*KAIGO_VENDORS, tmp_path / "compare.xlsx"])
    assert res.exit_code == 1
    assert "compare.xlsx: hyojun が出力したベンダ比較の評価表（シート「得点内訳」）です。ベンダの回答ファイルではありません" in res.output


def test_every_unusable_answer_file_is_named_at_once(tmp_path: Path):
    bad = [tmp_path / "a.xlsx", tmp_path / "b.csv"]
    bad[0].write_bytes(b"%PDF-1.4")
    bad[1].write_text("名前,住所\n", encoding="utf-8")
    res = kaigo(tmp_path / "out", vendors=[KAIGO_VENDORS[0], *bad])
    assert res.exit_code == 1 and "2 件の問題があるため、比較できません" in res.output
    assert "a.xlsx: 表計算ファイルではありません（PDF ファイルです）" in res.output and "b.csv" in res.output


def test_compare_and_spec_diff_with_a_spec_workbook_say_what_it_passed_over(tmp_path: Path):
    wb = openpyxl.load_workbook(KAIGO_SPEC)
    ws = wb.create_sheet("機能一覧")  # ids of functions read, without 実装区分 (a 変更一覧)
    for row in (["機能ID", "変更内容"], ["0230101", "文言修正"]):
        ws.append(row)
    spec = tmp_path / KAIGO_SPEC.name
    wb.save(spec)
    res = run("--spec", spec, *KAIGO_VENDORS[:2], "--format", "json", "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert res.stderr.count("注意: シート「機能一覧」を読み飛ばしました") == 1
    diff = CliRunner().invoke(cli, ["spec", "diff", str(KAIGO_SPEC), str(spec), "--format", "json", "--out", str(tmp_path / "d")])
    assert diff.exit_code == 0, diff.output
    assert diff.stderr.startswith(f"注意: {spec}: シート「機能一覧」を読み飛ばしました")


def test_masking_keeps_ordinary_words_and_lists_what_it_replaced(tmp_path: Path):
    """A vendor named 電算: another vendor's 「電算処理」 became 「A社処理」. Its full name is still replaced, and
    the mask key lists what was taken for another vendor's name."""
    densan = tmp_path / "介護保険_第6.0版_回答_株式会社電算.csv"
    densan.write_text("機能ID,対応可否,備考\n0230101,○,株式会社電算の標準機能\n", encoding="utf-8")
    other = tmp_path / "介護保険_第6.0版_回答_見本情報.csv"
    other.write_text("機能ID,対応可否,備考\n0230101,○,電算処理により夜間に一括更新\n0230102,○,株式会社電算から移行\n",
                     encoding="utf-8")
    res = kaigo(tmp_path / "out", "--mask", vendors=[densan, other])
    assert res.exit_code == 0, res.output
    text = _texts_of_outputs(tmp_path / "out")
    assert "電算処理により夜間に一括更新" in text and "株式会社電算" not in text
    assert "社の標準機能" in text and "社から移行" in text
    key = json.loads((tmp_path / "out" / "mask_key.json").read_text("utf-8"))
    labels = {v["vendor"]: v["label"] for v in key["vendors"]}
    assert key["replacements"] == [{"in": labels["見本情報"], "found": "株式会社電算", "replaced_by": labels["株式会社電算"],
                                    "count": 1}]
    assert "注意: 匿名化: 他のベンダの備考・代替案・対応時期にあるベンダ名を 1 か所置き換えました（mask_key.json の replacements）" \
        in res.stderr


def test_a_manifest_naming_a_file_after_another_vendor_is_told(tmp_path: Path):
    """Two files swapped in a manifest: one company's answers were ranked under the other's name without a word."""
    for vendor, answer in (("甲システム", "○"), ("乙ソフト", "×")):
        (tmp_path / f"介護保険_第6.0版_回答_{vendor}.csv").write_text(f"機能ID,対応可否\n0230101,{answer}\n", encoding="utf-8")

    def manifest(*names: str) -> Path:
        return write_manifest(tmp_path, "areas:\n  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx\n    vendors:\n" + "".join(
            f"      - {{name: {n}, file: 介護保険_第6.0版_回答_{f}.csv}}\n" for n, f in zip(names, ("甲システム", "乙ソフト"))))

    res = run("--manifest", manifest("乙ソフト", "甲システム株式会社"), "--format", "json", "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert ("介護保険_第6.0版_回答_乙ソフト.csv: マニフェストではベンダ「甲システム株式会社」ですが、ファイル自身のベンダ名は「乙ソフト」です。"
            "ファイルの取り違えでないか確かめてください") in res.stderr
    assert res.stderr.count("取り違え") == 2
    ok = run("--manifest", manifest("甲システム株式会社", "乙ソフト"), "--format", "json", "--out", tmp_path / "out2")
    assert ok.exit_code == 0 and "取り違え" not in ok.stderr  # 甲システム株式会社 is the file's 甲システム


def test_a_bid_to_another_version_or_all_blank_is_told_on_the_console_and_in_the_report(tmp_path: Path):
    old = write_book(tmp_path / "介護保険_回答_旧版商事.xlsx",
                     {"回答": [["介護保険 機能要件 【第5.0版】 回答表"], ["機能ID", "対応可否"], ["0230101", "○"], ["0230001", "○"]]})
    blank = tmp_path / "介護保険_第6.0版_回答_空欄商事.csv"
    blank.write_text("機能ID,対応可否\n0230101,\n0230102,\n0230001,\n", encoding="utf-8")
    res = kaigo(tmp_path / "out", vendors=[old, blank, KAIGO_VENDORS[0]])
    assert res.exit_code == 0, res.output
    # check's basis; 第5.0版 is not stored, so no count of the answers to re-confirm
    assert ("注意: 介護保険・旧版商事: 第5.0版 への回答（回答ファイルの表題に書かれた版。仕様書は 第6.0版。版の変わった要件は"
            "未回答・古い回答のまま採点。hyojun spec import で 第5.0版 を取り込むと、再確認の一覧を hyojun check で作れます）") in res.stderr
    assert "注意: 介護保険・空欄商事: 回答がすべて空欄（回答の列・シートが違わないか）" in res.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out" / "compare.xlsx")["総合評価"]
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("介護保険 回答の注意")
    cautions = {r[1]: r[col] for r in rows[1:]}
    assert cautions["旧版商事"] == "第5.0版 への回答" and cautions["空欄商事"] == "回答がすべて空欄"
    doc = json.loads((tmp_path / "out" / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    assert {v["vendor"]: v["answered_version"] for v in doc["areas"][0]["vendors"]}["旧版商事"] == {
        "version": "第5.0版", "basis": "declared", "reconfirm": None}  # no count: the version is not stored


def test_scoring_that_cannot_tell_vendors_apart_is_refused_or_told(tmp_path: Path):
    """Area weights all 0 made every total 0 (everyone 失格 under a limit); points all 0 ranked everyone 1位."""
    zero_weight = tmp_path / "w.yaml"
    zero_weight.write_text("area_weights:\n  介護保険: 0\n", "utf-8")
    res = kaigo(tmp_path / "out", "--scoring", zero_weight, "--format", "json")
    assert res.exit_code == 1 and "w.yaml: area_weights: 比較する業務（介護保険）の重みがすべて 0 のため" in res.output
    assert not (tmp_path / "out").exists()
    zero_points = tmp_path / "p.yaml"
    zero_points.write_text("points:\n  mandatory: {conformant: 0, mandatory_deferred: 0}\n  required_option: {conformant: 0}\n",
                           "utf-8")
    res = kaigo(tmp_path / "out", "--scoring", zero_points, "--format", "json")
    assert res.exit_code == 0, res.output
    assert "注意: 採点設定（p.yaml）では満点が 0 です" in res.stderr
    assert "満点が 0" not in kaigo(tmp_path / "out2", "--format", "json").stderr
    # only 介護保険's required options earn points, and 介護保険 weighs 0: the 住民記録 that makes the total has none
    zero_points.write_text("points:\n  mandatory: {conformant: 0, mandatory_deferred: 0}\narea_weights:\n  介護保険: 0\n",
                           "utf-8")
    res = run("--manifest", write_manifest(tmp_path, MANIFEST), "--scoring", zero_points, "--out", tmp_path / "m",
              "--format", "json")
    assert res.exit_code == 0 and "注意: 採点設定（p.yaml）では満点が 0 です" in res.stderr, res.output


def test_full_width_formula_starts_are_inert_in_the_workbook(tmp_path: Path):
    # Japanese Excel reads a typed ＝ as =: the answer as written (full width) is marked text like an ASCII one
    answers = tmp_path / "介護保険_第6.0版_回答_全角.csv"
    answers.write_text("機能ID,対応可否,備考\n0230101,＝1+1,＠SUM(1,1)\n0230102,＋1,－1+1\n0230103,－,\n", encoding="utf-8")
    assert kaigo(tmp_path / "out", "--format", "xlsx", vendors=[KAIGO_VENDORS[0], answers]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "out" / "compare.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    quoted = {c.value for c in cells if c.quotePrefix}  # 「文字列として入力」: the text as written, no apostrophe shown
    assert {"＝1+1", "＋1"} <= quoted and "－" in {c.value for c in cells if not c.quotePrefix}
    assert [c.value for c in cells if c.value.startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠"))
            and c.value not in ("-", "－") and not c.quotePrefix] == []


def test_a_vendor_named_only_in_its_title_is_that_vendor_and_a_nameless_one_is_told(tmp_path: Path):
    """Files renamed 提案書N before the committee: a name given only as 「…回答（カッパ株式会社）」 was no name (the
    report said 提案書4 and the mask kept カッパ in the texts); a file with no name at all is told, not silently kept."""
    title = "介護保険システム標準仕様書【第6.0版】 機能要件 回答（カッパ株式会社）"
    kappa = write_book(tmp_path / "提案書4.xlsx", {"回答": [[title], ["機能ID", "対応可否", "備考"], ["0230101", "○", "カッパの標準機能"]]})
    lambda_ = write_book(tmp_path / "提案書5.xlsx", {"回答": [["事業者名：ラムダ株式会社"], ["機能ID", "対応可否", "備考"],
                                                           ["0230101", "○", "カッパ株式会社とは違う"]]})
    nameless = tmp_path / "提案書6.csv"
    nameless.write_text("機能ID,対応可否\n0230101,○\n", encoding="utf-8")
    res = kaigo(tmp_path / "plain", "--format", "json", vendors=[kappa, lambda_])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "plain" / "compare.json").read_text("utf-8"))["vendors"] == ["カッパ株式会社", "ラムダ株式会社"]
    res = kaigo(tmp_path / "masked", "--mask", vendors=[kappa, lambda_, nameless])
    assert res.exit_code == 0, res.output
    assert "カッパ" not in _texts_of_outputs(tmp_path / "masked")
    key = json.loads((tmp_path / "masked" / "mask_key.json").read_text("utf-8"))
    label = next(v["label"] for v in key["vendors"] if v["vendor"] == "提案書6")
    assert (f"注意: 匿名化: {label} はファイルの中にベンダ名（ベンダ名の欄、表題の「回答（社名）」）がなく、"
            "ファイル名をベンダ名としました（どのファイルかは mask_key.csv に）") in res.stderr, res.stderr


def test_a_file_renamed_after_the_answers_convention_is_told_it_names_no_vendor(tmp_path: Path):
    """…_回答_提案書4.xlsx (the office's renaming, as README names answer files): its 「提案書4」 counted as a name the
    file gives itself, so the notice never came and ガンマ電子計算センター in its remark stayed in the masked report. A file
    naming its vendor inside (the sample's title) is not told, whatever its file name."""
    gamma = write_book(tmp_path / "介護保険_回答_提案書4.xlsx", {"回答": [["介護保険システム標準仕様書【第6.0版】 機能要件 回答"],
                                                                    ["機能ID", "対応可否", "備考"],
                                                                    ["0230101", "○", "ガンマ電子計算センターのパッケージで対応"]]})
    named = tmp_path / "介護保険_回答_提案書5.xlsx"
    named.write_bytes(KAIGO_VENDORS[0].read_bytes())
    res = kaigo(tmp_path / "out", "--mask", "--format", "json", vendors=[gamma, named])
    assert res.exit_code == 0, res.output
    key = json.loads((tmp_path / "out" / "mask_key.json").read_text("utf-8"))
    label = next(v["label"] for v in key["vendors"] if v["vendor"] == "提案書4")
    assert (f"注意: 匿名化: {label} はファイルの中にベンダ名（ベンダ名の欄、表題の「回答（社名）」）がなく、"
            "ファイル名をベンダ名としました（どのファイルかは mask_key.csv に）。ファイル名が社名でなければ、備考などに書かれた"
            "その社名は置き換えられないため") in res.stderr
    # the rerun review: the letter with its file's name, a company's, was the key on the console
    assert "提案書4" not in res.stderr
    assert "提案書5" not in res.stderr


def test_a_name_with_a_space_after_its_company_form_is_masked_in_its_texts(tmp_path: Path):
    """「会社名：株式会社 アルファ電算」 named the vendor 「株式会社」: the masked report kept アルファ電算 in its remark and its
    answer, and the key called the bidder 株式会社."""
    alpha = write_book(tmp_path / "提案書1.xlsx", {"回答": [["会社名：株式会社 アルファ電算"], ["機能ID", "対応可否", "備考"],
                                                         ["0230101", "アルファ電算標準", "アルファ電算の標準機能で対応"],
                                                         ["0230102", "○", "Omega Systems 社製品と連携"]]})
    omega = write_book(tmp_path / "提案書2.xlsx", {"回答": [["ベンダ名：Omega Systems Inc."], ["機能ID", "対応可否", "備考"],
                                                         ["0230101", "○", "OMEGA SYSTEMS の標準機能"]]})
    res = kaigo(tmp_path / "out", "--mask", vendors=[alpha, omega])
    assert res.exit_code == 0, res.output
    text = _texts_of_outputs(tmp_path / "out")
    assert not [n for n in ("アルファ電算", "Omega", "OMEGA", "Systems", "SYSTEMS") if n in text]
    key = json.loads((tmp_path / "out" / "mask_key.json").read_text("utf-8"))
    assert sorted(v["vendor"] for v in key["vendors"]) == ["Omega Systems Inc.", "株式会社 アルファ電算"]


def test_a_comparison_for_another_town_never_replaces_the_previous_towns(home: Path, tmp_path: Path):
    other = tmp_path / "別町_介護保険.yaml"
    other.write_text(KAIGO_PROFILE.read_text("utf-8").replace("municipality: 見本市（架空）", "municipality: 別町"), "utf-8")
    out = tmp_path / "out"
    args = ["--spec", KAIGO_SPEC, *KAIGO_VENDORS, "--out", out, "--format", "json,html"]
    assert run(*args, "--profile", KAIGO_PROFILE).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = run(*args, "--profile", other)
    assert res.exit_code == 2 and f"  - {out / 'compare'}.*: 見本市（架空） のプロファイルで作ったレポート（今回は 別町）" in res.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert run(*args, "--profile", KAIGO_PROFILE).exit_code == 0



@pytest.mark.parametrize("mask", [(), ("--mask",)])
def test_a_comparison_of_another_area_never_replaces_the_previous_one(home: Path, tmp_path: Path, mask: tuple[str, ...]):
    """Without --manifest every comparison is compare.*: following the README for 介護保険, then for 住民記録, into
    reports/ replaced the 介護保険 comparison (and its mask key) without a word."""
    out = tmp_path / "out"
    jumin = [VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx", VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"]
    assert run("--spec", KAIGO_SPEC, *KAIGO_VENDORS[:2], "--out", out, *mask).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = run("--spec", JUMIN_V11, *jumin, "--out", out, *mask)
    assert res.exit_code == 2, res.output
    assert ("エラー: 以前の出力に、別の業務のレポートがあります（1 件）。置き換えるとその業務の結果が失われるため、何も書かずに中止しました。"
            "業務ごとに --out を分けるか、以前のレポートが不要なら削除してから実行してください\n"
            f"  - {out / 'compare'}.*: 業務「介護保険」で作ったレポート（今回は 業務「住民記録」）\n") in res.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # the same area's comparison again, with other vendors: a re-run, replaced
    assert run("--spec", KAIGO_SPEC, KAIGO_VENDORS[0], KAIGO_VENDORS[2], "--out", out, *mask).exit_code == 0
    assert run("--spec", JUMIN_V11, *jumin, "--out", tmp_path / "jumin", *mask).exit_code == 0

def test_a_comparison_made_for_another_version_of_its_area_is_replaced_with_a_notice(home: Path, tmp_path: Path):
    """An office's second round: a version imported between rounds made `--spec 住民記録` compare against 第1.1版,
    and the comparison made for 第1.0版 (the committee's ranking) was replaced without a word."""
    out = tmp_path / "out"
    jumin = [VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx", VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"]
    assert CliRunner().invoke(cli, ["spec", "import", str(JUMIN_V10)]).exit_code == 0
    assert run("--spec", "住民記録", *jumin, "--out", out).exit_code == 0
    again = run("--spec", "住民記録", *jumin, "--out", out)
    assert again.exit_code == 0 and "以前の出力" not in again.stderr, again.stderr
    assert CliRunner().invoke(cli, ["spec", "import", str(JUMIN_V11)]).exit_code == 0
    res = run("--spec", "住民記録", *jumin, "--out", out)
    assert res.exit_code == 0, res.output
    assert (f"注意: {out} の以前の出力（compare.*）は 住民記録 第1.0版 で作ったもので、今回の 第1.1版 の出力で置き換えました"
            "（業務名だけの指定は取り込み済みの最新版です）。前回と同じ版で作るには 住民記録@第1.0版 を指定します。"
            "回ごとに --out を分けると以前の出力も残ります\n") in res.stderr, res.stderr
    pinned = run("--spec", "住民記録@第1.0版", *jumin, "--out", out)
    # the rerun review: 「業務名だけの指定は…最新版です」 of a version named, or a spec file, too
    assert "住民記録 第1.1版 で作ったもので、今回の 第1.0版 の出力で置き換えました。前回と同じ版で" in pinned.stderr, pinned.stderr
    by_file = run("--spec", JUMIN_V11, *jumin, "--out", out)
    assert "住民記録 第1.0版 で作ったもので、今回の 第1.1版 の出力で置き換えました。前回と同じ版で" in by_file.stderr, by_file.stderr


def test_a_comparison_that_cannot_be_written_leaves_no_empty_folder(home: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """A full disk left the output folder it had made, empty (check's run removed its own)."""
    import errno
    import tempfile

    def full(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(tempfile, "mkstemp", full)
    out = tmp_path / "新しいフォルダ"
    res = run("--spec", KAIGO_SPEC, *KAIGO_VENDORS, "--out", out, "--format", "json")
    assert res.exit_code == 1 and "ディスクの空き容量が足りません" in res.output
    assert not out.exists()


def _answers_to(spec_file: Path, path: Path) -> Path:
    """Every requirement of *spec_file* answered ○, in a sheet whose title and file name name no version."""
    from checker.io.spec_reader import read_spec

    wb = openpyxl.Workbook()
    wb.active.append(["機能ID", "対応可否"])
    for r in read_spec([spec_file]).requirements:
        wb.active.append([r.id, "○"])
    wb.save(path)
    return path


def _reconfirm(*check_args: str | Path) -> int:
    """How many answers check's carry-over lists to re-confirm."""
    res = CliRunner().invoke(cli, ["check", *map(str, check_args), "--json", "-"])
    assert res.exit_code == 0, res.output
    count: int = json.loads(res.stdout)["carryover"]["counts"]["reconfirm"]
    assert count > 0
    return count


def _cautions(out: Path, stem: str) -> dict[str, str]:
    """vendor → its 回答の注意 in the Excel 評価表's 総合評価."""
    rows = list(openpyxl.load_workbook(out / f"{stem}.xlsx")["総合評価"].iter_rows(values_only=True))
    vendor, caution = rows[0].index("ベンダ"), rows[0].index("住民記録 回答の注意")
    return {row[vendor]: row[caution] or "" for row in rows[1:]}


def test_a_manifest_s_answered_version_is_the_vendor_s_caution_as_check_takes_it(home: Path, tmp_path: Path):
    """Finding 1 of the version-chain review: a manifest's answered_version gave no 「第N版 への回答」 caution, though
    compare's notice said it would; the committee saw only 「仕様書にないID」 for a bid knocked out by requirements
    changed since the version it answered."""
    assert CliRunner().invoke(cli, ["spec", "import", str(JUMIN_V10)]).exit_code == 0
    told = _answers_to(JUMIN_V11, tmp_path / "住民記録_回答_ミライ情報.xlsx")  # 1.1's ids: nothing tells 1.0 but the manifest
    manifest = write_manifest(tmp_path, (
        "areas:\n  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    vendors:\n"
        f"      - {{name: ミライ情報, file: {told}, answered_version: 第1.0版}}\n"
        "      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}\n"))
    res = run("--manifest", manifest, "--out", tmp_path / "out", "--format", "json,xlsx")
    assert res.exit_code == 0, res.output
    n = _reconfirm(told, "--spec", JUMIN_V11, "--answered-version", "第1.0版")
    assert (f"住民記録・ミライ情報: 第1.0版 への回答（マニフェストの answered_version。仕様書は 第1.1版。再確認 {n} 件。"
            "版の変わった要件は未回答・古い回答のまま採点。再確認の一覧は hyojun check で作れます）") in res.stderr
    assert "answered_version は check --manifest が使います" not in res.stderr
    doc = json.loads((tmp_path / "out" / "compare_m.json").read_text("utf-8"))
    validate(doc, "compare", source="compare_m.json")
    assert {v["vendor"]: v["answered_version"] for v in doc["areas"][0]["vendors"]} == {
        "ミライ情報": {"version": "第1.0版", "basis": "manifest", "reconfirm": n}, "見本ソリューションズ": None}
    assert _cautions(tmp_path / "out", "compare_m")["ミライ情報"] == f"第1.0版 への回答（再確認 {n} 件）"
    # a version not stored is the manifest's mistake, as check says it
    wrong = run("--manifest", write_manifest(tmp_path, manifest.read_text("utf-8").replace("第1.0版", "第0.9版")),
                "--out", tmp_path / "wrong", "--format", "json")
    assert wrong.exit_code == 1 and not (tmp_path / "wrong").exists()
    assert ("areas[1]/vendors[1]: " in wrong.output
            and "マニフェストの answered_version（第0.9版）: 住民記録 第0.9版 は取り込まれていません。取り込み済みの版: 第1.0版" in wrong.output)


def test_a_knock_out_of_answers_to_another_version_names_the_rows_the_change_explains_wherever_shown(
        home: Path, tmp_path: Path):
    """Committee walk B2: a vendor who answered 第1.0版 was 失格 for 「実装不可機能の実装 N 件（許容 0 件まで）」 where one of
    them, 0010169, was a ○ to a 標準オプション機能 of 第1.0版 that 第1.1版 made 実装不可機能. check said so beside its
    verdict; compare's reason (console, HTML, Excel, JSON) and its matrix did not. The scores stay as answered."""
    assert CliRunner().invoke(cli, ["spec", "import", str(JUMIN_V10)]).exit_code == 0
    old = _answers_to(JUMIN_V10, tmp_path / "住民記録_回答_旧版情報.xlsx")
    manifest = write_manifest(tmp_path, (
        "areas:\n  - spec: FIX/specs/住民記録_第1.1版_機能要件.xlsx\n    vendors:\n"
        f"      - {{name: 旧版情報, file: {old}, answered_version: 第1.0版}}\n"
        "      - {name: 見本ソリューションズ, file: FIX/vendor/住民記録_第1.1版_回答_見本ソリューションズ.xls}\n"))
    scoring = tmp_path / "採点.yaml"
    scoring.write_text("knockouts:\n  - {label: 実装不可機能の実装, statuses: [prohibited_violation]}\n"
                       "  - {label: 未回答が多い, statuses: [unanswered, invalid_answer], more_than: 5}\n", "utf-8")
    out = tmp_path / "out"
    res = run("--manifest", manifest, "--scoring", scoring, "--out", out)
    assert res.exit_code == 0, res.output
    changed = "うち 1 件（0010169）は、第1.0版 から実装区分が変わった要件への回答です（再確認が必要）"
    new = "。うち 10 件（0010198・0010199・0010200・0010201・0010202 ほか 5 件）は 第1.0版 にない要件です"
    [line] = [ln for ln in res.stdout.splitlines() if ln.startswith("失格\t旧版情報")]
    reasons = line.split("\t")[3]
    assert re.fullmatch(rf"住民記録: 実装不可機能の実装 \d+ 件（許容 0 件まで）。{re.escape(changed)}"
                        rf"／住民記録: 未回答が多い 10 件（許容 5 件まで）{re.escape(new)}", reasons), reasons
    # JSON: the message, and the ids under the knock-out
    doc = json.loads((out / "compare_m.json").read_text("utf-8"))
    validate(doc, "compare", source="compare_m.json")
    [ranked] = [r for r in doc["ranking"] if r["vendor"] == "旧版情報"]
    assert "／".join(k["message"] for k in ranked["knockouts"]) == reasons
    assert [k.get("version_change") for k in ranked["knockouts"]] == [
        {"answered_version": "第1.0版", "class_changed": ["0010169"], "new": []},
        {"answered_version": "第1.0版", "class_changed": [],
         "new": ["0010198", "0010199", "0010200", "0010201", "0010202", "0010203", "0010204", "0010205", "0010206",
                 "0010207"]}]
    assert all("version_change" not in k for r in doc["ranking"] if r["vendor"] != "旧版情報" for k in r["knockouts"])
    # Excel: the 総合評価's 失格理由, and the cell's 版の違い in the area's sheet
    book = openpyxl.load_workbook(out / "compare_m.xlsx")
    rows = list(book["総合評価"].iter_rows(values_only=True))
    assert {row[1]: row[4] for row in rows[1:]}["旧版情報"] == reasons
    sheet = list(book["住民記録"].iter_rows(values_only=True))
    since = {row[0]: row[sheet[0].index("旧版情報 版の違い")] for row in sheet[1:]}
    assert (since["0010169"], since["0010198"], since["0010001"]) == ("第1.0版 では標準オプション機能", "第1.0版 にない要件",
                                                                      None)
    # HTML: the reasons listed, and the cells' notes in the matrix's data
    page = Page((out / "compare_m.html").read_text("utf-8"))
    html = (out / "compare_m.html").read_text("utf-8")
    assert f"<li>{reasons.split('／')[0]}</li>" in html
    rows_of = {r[0]: r[7] for r in json.loads(page.scripts["data-area-1"])["rows"]}
    assert rows_of["0010169"][0][7] == "第1.0版 では標準オプション機能"
    # check's verdict note on the same file: the same words
    checked = CliRunner().invoke(cli, ["check", str(old), "--spec", str(JUMIN_V11), "--answered-version", "第1.0版",
                                       "--out", str(tmp_path / "check"), "--format", "xlsx"])
    assert checked.exit_code == 0, checked.output
    [made] = (tmp_path / "check").glob("*.xlsx")
    summary = {row[0]: row[1] for row in openpyxl.load_workbook(made)["概要"].iter_rows(values_only=True)}
    assert summary["判定の注記"].endswith(changed.removeprefix("うち") + "。")


def test_answers_to_an_older_version_told_by_their_ids_are_the_vendor_s_caution(home: Path, tmp_path: Path):
    """The same when neither a manifest nor the sheet names the version: check infers it from the ids an older stored
    version knows, and compare said only 「仕様書にないID 5 件」 (as for typed ids)."""
    for spec in (JUMIN_V10, JUMIN_V11):
        assert CliRunner().invoke(cli, ["spec", "import", str(spec)]).exit_code == 0
    old = _answers_to(JUMIN_V10, tmp_path / "住民記録_回答_ミライ情報.xlsx")
    current = VENDOR / "住民記録_第1.1版_回答_見本ソリューションズ.xls"
    res = run("--spec", "住民記録@第1.1版", old, current, "--out", tmp_path / "out", "--format", "json,xlsx", "--mask")
    assert res.exit_code == 0, res.output
    n = _reconfirm(old, "--spec", "住民記録@第1.1版")
    [(letter, caution)] = [(c.split(": ")[1].removeprefix("住民記録・"), c) for c in res.stderr.splitlines()
                           if "への回答" in c]
    assert (f"第1.0版 への回答（仕様書にないIDが旧版の要件と一致。仕様書は 第1.1版。再確認 {n} 件。"
            "版の変わった要件は未回答・古い回答のまま採点。") in caution
    doc = json.loads((tmp_path / "out" / "compare.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    versions = {v["vendor"]: v["answered_version"] for v in doc["areas"][0]["vendors"]}
    # the count the docs said it held (spec-diff.md), check's, for a committee reading the JSON
    assert versions.pop(letter) == {"version": "第1.0版", "basis": "unknown_ids", "reconfirm": n}
    assert list(versions.values()) == [None]
    assert _cautions(tmp_path / "out", "compare")[letter].endswith(f"第1.0版 への回答（再確認 {n} 件）")


def test_a_masked_rerun_that_gives_a_vendor_another_letter_says_which_letters_moved(tmp_path: Path):
    """The upgrade review: a seed of an older key (or a revised bid without --mask-seed) gave the vendors other letters
    and the key in the folder was replaced without a word; the committee's earlier papers name them by the old ones."""
    out = tmp_path / "out"
    assert kaigo(out, "--mask", "--mask-seed", "1", "--format", "json").exit_code == 0
    first = {v["vendor"]: v["label"] for v in json.loads((out / "mask_key.json").read_text("utf-8"))["vendors"]}
    same = kaigo(out, "--mask", "--mask-seed", "1", "--format", "json")
    assert same.exit_code == 0 and "表示名が変わった" not in same.stderr
    seed = next(s for s in map(str, range(2, 50))  # a seed whose letters differ from seed 1's
                if kaigo(tmp_path / s, "--mask", "--mask-seed", s, "--format", "json").exit_code == 0
                and {v["vendor"]: v["label"] for v in json.loads((tmp_path / s / "mask_key.json").read_text("utf-8"))["vendors"]} != first)
    res = kaigo(out, "--mask", "--mask-seed", seed, "--format", "json")
    now = {v["vendor"]: v["label"] for v in json.loads((out / "mask_key.json").read_text("utf-8"))["vendors"]}
    moved = "、".join(f"{first[v]}→{now[v]}" for v in sorted(now, key=now.__getitem__) if first[v] != now[v])
    assert res.exit_code == 0 and (f"注意: 匿名化: 前回の対応表（mask_key.json）と表示名が変わったベンダがあります（前回→今回: {moved}）。"
                                   "前回の資料と見比べる評価委員がいれば伝えてください。前回の種で割り当てるには、mask_key.前回_") in res.stderr, res.stderr
    line = next(ln for ln in res.stderr.splitlines() if "表示名が変わった" in ln)
    assert not any(v in line for v in now)  # the letters only: no vendor's name in it


def _bids(folder: Path, stems: list[str], revised: str = "") -> list[Path]:
    """Answer files named by the office, no vendor's name inside: the file's name is the vendor's."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.csv" for stem in stems]
    for i, path in enumerate(paths):
        path.write_text(f"機能ID,対応可否\n0230101,○\n0230102,{'○' if revised and revised in path.stem else '×'}\n0230103,{'○×△'[i]}\n",
                        "utf-8")
    return paths


def _letters(out: Path) -> dict[str, str]:
    return {v["vendor"]: v["label"] for v in json.loads((out / "mask_key.json").read_text("utf-8"))["vendors"]}


ROUND1 = ["回答_アルファ", "回答_ベータ", "回答_ガンマ"]


@pytest.mark.parametrize("revised", ["回答_ベータ_再修正版", "回答_ベータ_修正版_2", "回答_ベータ-修正版", "回答_ベータ_修正済",
                                     "回答_ベータ_更新版", "回答_ベータ_2回目", "回答_ベータ_修正版(再)", "【修正版】回答_ベータ"])
def test_a_revised_bid_under_an_offices_file_name_keeps_its_letter(tmp_path: Path, revised: str):
    """The revision review: 回答_B社_再修正版.xlsx was the vendor 「B社_再修正版」, so under round 1's --mask-seed it had
    another letter (A's and B's swapped), and into a fresh folder nothing said so."""
    assert kaigo(tmp_path / "r1", "--mask", "--mask-seed", "委員会", "--format", "json",
                 vendors=_bids(tmp_path / "a1", ROUND1)).exit_code == 0
    res = kaigo(tmp_path / "r2", "--mask", "--mask-seed", "委員会", "--format", "json",
                vendors=_bids(tmp_path / "a2", [ROUND1[0], revised, ROUND1[2]], revised="修"))
    assert res.exit_code == 0, res.output
    assert _letters(tmp_path / "r2") == _letters(tmp_path / "r1")  # ベータ, not 「ベータ_再修正版」


@pytest.mark.parametrize("revised", ["回答_ベータ_(再)", "回答_ベータ_(2)", "回答_ベータ_【修正版】", "回答_ベータ-(再)",
                                     "回答_ベータ_最新版", "回答_ベータ_3回目提出", "回答_ベータ(再々)", "回答_ベータ_修正版ver2"])
def test_a_revised_bid_named_as_offices_also_do_keeps_its_letter(tmp_path: Path, revised: str):
    """The rerun review: 回答_ベータ_(再) was the vendor 「ベータ_」 (another letter under round 1's seed, a column
    「ベータ_」 unmasked), and these revisions were part of the name."""
    assert kaigo(tmp_path / "r1", "--mask", "--mask-seed", "S1", "--format", "json",
                 vendors=_bids(tmp_path / "a1", ROUND1)).exit_code == 0
    res = kaigo(tmp_path / "r2", "--mask", "--mask-seed", "S1", "--format", "json",
                vendors=_bids(tmp_path / "a2", [ROUND1[0], revised, ROUND1[2]], revised="ベータ"))
    assert res.exit_code == 0, res.output
    assert _letters(tmp_path / "r2") == _letters(tmp_path / "r1")


def test_a_renamed_vendors_letter_is_matched_to_its_earlier_one_and_no_seed_is_advised(tmp_path: Path):
    """The revision review: with the earlier seed, the notice of letters that moved left out the vendor whose name
    changed (by exact name), and advised passing the earlier seed, which had been passed."""
    from checker.analysis.bid import mask_labels

    renamed = "回答_株式会社ベータ"  # 「株式会社ベータ」: ベータ's, company form aside
    seed = next(s for s in map(str, range(100))
                if mask_labels(["アルファ", "ベータ", "ガンマ"], s)["ベータ"] != mask_labels(["アルファ", "株式会社ベータ", "ガンマ"], s)["株式会社ベータ"])
    out = tmp_path / "out"
    assert kaigo(out, "--mask", "--mask-seed", seed, "--format", "json", vendors=_bids(tmp_path / "a1", ROUND1)).exit_code == 0
    before = _letters(out)
    res = kaigo(out, "--mask", "--mask-seed", seed, "--format", "json",
                vendors=_bids(tmp_path / "a2", [ROUND1[0], renamed, ROUND1[2]]))
    assert res.exit_code == 0, res.output
    now = _letters(out)
    was = {**{v: v for v in now}, "株式会社ベータ": "ベータ"}
    moved = "、".join(f"{before[was[v]]}→{now[v]}" for v in sorted(now, key=now.__getitem__) if before[was[v]] != now[v])
    assert f"{before['ベータ']}→{now['株式会社ベータ']}" in moved
    line = next(ln for ln in res.stderr.splitlines() if "表示名が変わった" in ln)
    assert f"（前回→今回: {moved}）。前回の資料と見比べる評価委員がいれば伝えてください。種は前回と同じです（ベンダ名の変更（今回の " \
        f"{now['株式会社ベータ']}）で表示名がずれました）" in line, line
    assert "--mask-seed" not in line and not any(v in line for v in now)  # letters only


def test_a_vendor_whose_name_contains_a_withdrawn_ones_is_not_told_as_it(tmp_path: Path):
    """The rerun review: 富士通Japan (one name containing the other) was told to the committee as the earlier 富士通
    moved to another letter; 富士通 withdrew and another company joined."""
    out = tmp_path / "out"
    assert kaigo(out, "--mask", "--mask-seed", "S", "--format", "json",
                 vendors=_bids(tmp_path / "a1", ["回答_富士通", "回答_NEC", "回答_日立"])).exit_code == 0
    before = _letters(out)
    res = kaigo(out, "--mask", "--mask-seed", "S", "--format", "json",
                vendors=_bids(tmp_path / "a2", ["回答_富士通Japan", "回答_NEC", "回答_日立"]))
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stderr.splitlines() if "前回の対応表" in ln)
    assert f"の {before['富士通']} のベンダは今回の比較にありません" in line, line
    assert not any(f"{before['富士通']}→" in part for part in re.findall(r"前回→今回: ([^）]*)", line))


def test_a_masked_rerun_never_takes_the_seed_of_the_key_in_its_folder(tmp_path: Path):
    """The rerun review: without --mask-seed, a comparison took the seed of the key in its folder, whatever comparison
    it was: another procurement's common vendors got the letters of the first (its winner is published). The key it
    replaces is kept, and the notice names the kept file whose seed keeps the earlier letters."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    round1 = _bids(tmp_path / "a1", ROUND1)
    assert kaigo(out, "--mask", "--format", "json", "--title", "2026年度 A工区", vendors=round1).exit_code == 0
    # the same files: the same seed and letters, nothing kept or said
    same = kaigo(out, "--mask", "--format", "json", "--title", "2026年度 A工区", vendors=round1)
    assert same.exit_code == 0 and "前回" not in same.stderr and not list(out.glob("mask_key.前回_*"))
    first = (out / "mask_key.json").read_bytes(), (out / "mask_key.csv").read_bytes()
    other = _bids(tmp_path / "a2", ["回答_デルタ", "回答_アルファ", "回答_ベータ"], revised="デルタ")
    res = kaigo(out, "--mask", "--format", "json", "--title", "2027年度 B工区", vendors=other)
    assert res.exit_code == 0, res.output
    assert kaigo(fresh, "--mask", "--format", "json", vendors=other).exit_code == 0
    seeds = [json.loads(k)["seed"] for k in (first[0], (out / "mask_key.json").read_bytes(), (fresh / "mask_key.json").read_bytes())]
    assert seeds[1] == seeds[2] != seeds[0]  # the files' seed, as in a folder of its own
    stamp = datetime.fromisoformat(json.loads(first[0])["generated_at"]).strftime("%Y%m%dT%H%M%S")
    kept = [out / f"mask_key.前回_{stamp}.json", out / f"mask_key.前回_{stamp}.csv"]
    assert tuple(p.read_bytes() for p in kept) == first
    line = next(ln for ln in res.stderr.splitlines() if "前回の対応表" in ln)
    assert f"前回の種で割り当てるには、{kept[0].name} の seed を --mask-seed に指定して比較し直します" in line, line
    assert f"前回の対応表は {kept[0].name}・{kept[1].name} に残しました" in line and "種を使いました" not in res.stderr
    assert not any(v in line for v in ("アルファ", "ベータ", "ガンマ", "デルタ"))  # letters only


def test_a_key_replaced_by_another_seed_with_the_same_letters_is_kept(tmp_path: Path):
    """Another seed giving the same letters: nothing moved, but the earlier seed is the one to keep for the next
    round, so the key is kept and said so."""
    from checker.analysis.bid import mask_labels

    names = ["アルファ", "ベータ", "ガンマ"]
    other = next(s for s in map(str, range(2, 100)) if mask_labels(names, s) == mask_labels(names, "1"))
    out = tmp_path / "out"
    assert kaigo(out, "--mask", "--mask-seed", "1", "--format", "json", vendors=_bids(tmp_path / "a1", ROUND1)).exit_code == 0
    res = kaigo(out, "--mask", "--mask-seed", other, "--format", "json", vendors=_bids(tmp_path / "a1", ROUND1))
    assert res.exit_code == 0, res.output
    [kept, _csv] = sorted(out.glob("mask_key.前回_*"), key=lambda p: p.suffix, reverse=True)
    assert json.loads(kept.read_text("utf-8"))["seed"] == "1"
    assert (f"注意: 匿名化: 前回の対応表（mask_key.json）とは種が違います（表示名は前回と同じです）。前回の種で割り当てるには、"
            f"{kept.name} の seed を --mask-seed に指定して比較し直します") in res.stderr, res.stderr


def test_a_rerun_with_the_advised_seed_is_told_it_has_the_older_kept_keys_letters(tmp_path: Path):
    """The round-2 walk: after a run without the committee's seed, the notice advised the kept key's seed; the run with
    it was then told to go back to the accidental seed's key. The seed of an older kept key is said to be that key's."""
    out = tmp_path / "out"
    bids = _bids(tmp_path / "a1", ROUND1)
    assert kaigo(out, "--mask", "--mask-seed", "委員会", "--format", "json", vendors=bids).exit_code == 0
    assert kaigo(out, "--mask", "--mask-seed", "うっかり", "--format", "json", vendors=bids).exit_code == 0
    [committee] = [p for p in out.glob("mask_key.前回_*.json") if json.loads(p.read_text("utf-8"))["seed"] == "委員会"]
    res = kaigo(out, "--mask", "--mask-seed", "委員会", "--format", "json", vendors=bids)
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stderr.splitlines() if "前回の対応表" in ln)
    assert f"今回の種は {committee.name} と同じです（ベンダが同じなら表示名もその対応表と同じです）" in line, line
    assert "前回の種で割り当てるには" not in line, line


def test_a_failed_comparison_leaves_no_copy_of_the_key(tmp_path: Path):
    """The rerun review: the earlier key's copy was written before the outputs, so a run that failed to write them
    left mask_key.前回_….json/.csv beside the key it never replaced."""
    out = tmp_path / "out"
    bids = _bids(tmp_path / "a1", ROUND1)
    assert kaigo(out, "--mask", "--mask-seed", "S1", vendors=bids).exit_code == 0
    (out / "compare.xlsx").unlink()
    (out / "compare.xlsx").mkdir()
    before = sorted(p.name for p in out.iterdir())
    res = kaigo(out, "--mask", "--mask-seed", "S2", vendors=bids)
    assert res.exit_code != 0 and "同じ名前のフォルダがあります" in res.output, res.output
    assert sorted(p.name for p in out.iterdir()) == before


@pytest.mark.parametrize("edit", [lambda s: s[:len(s) // 2], lambda s: re.sub(r'"seed": "[^"]*"', '"seed": null', s)])
def test_an_earlier_key_that_cannot_be_read_is_kept_and_told_of(tmp_path: Path, edit):
    """The rerun review: a truncated key was replaced without a word, and a seed null edited in was read as the seed
    "None" (the letters said to have moved were none of the key's)."""
    out = tmp_path / "out"
    bids = _bids(tmp_path / "a1", ROUND1)
    assert kaigo(out, "--mask", "--mask-seed", "S1", "--format", "json", vendors=bids).exit_code == 0
    path = out / "mask_key.json"
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    damaged = path.read_bytes()
    try:  # its time where it still says it
        stamp = datetime.fromisoformat(json.loads(damaged)["generated_at"]).strftime("%Y%m%dT%H%M%S")
    except ValueError:
        stamp = "時刻不明"
    kept = f"mask_key.前回_{stamp}.json"
    res = kaigo(out, "--mask", "--format", "json", vendors=bids)
    assert res.exit_code == 0, res.output
    assert ("注意: 匿名化: 前回の対応表（mask_key.json）は読めないため、表示名の比較に使いませんでした"
            f"（{kept}・mask_key.前回_{stamp}.csv として残しました）") in res.stderr, res.stderr  # both, as it keeps both
    assert "表示名が変わった" not in res.stderr
    assert (out / kept).read_bytes() == damaged
    assert json.loads(path.read_text("utf-8"))["seed"] not in ("None", "S1")


@pytest.mark.parametrize("seed", ["", "  ", "\u3000"])
def test_a_blank_mask_seed_is_refused(tmp_path: Path, seed: str):
    """The rerun review: --mask-seed "$SEED" of an unset variable gave the letters anyone knowing the names finds."""
    res = kaigo(tmp_path / "out", "--mask", "--mask-seed", seed, vendors=_bids(tmp_path / "a1", ROUND1))
    assert res.exit_code == 2 and "--mask-seed が空です。評価委員に知られない文字列を指定してください" in res.output, res.output
    assert not (tmp_path / "out").exists()


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def test_a_withdrawn_vendor_under_the_same_seed_is_told_and_its_key_kept(tmp_path: Path):
    """Round 2 without ガンマ, under round 1's seed, the others keeping their letters: the committee's papers named
    ガンマ by a letter this key no longer gives, so it is said, and the earlier key kept."""
    two = ["アルファ", "ベータ"]
    seed = next(s for s in map(str, range(200))
                if all(mask_labels(ROUND1_NAMES, s)[v] == mask_labels(two, s)[v] for v in two))
    out = tmp_path / "out"
    assert kaigo(out, "--mask", "--mask-seed", seed, "--format", "json", vendors=_bids(tmp_path / "a1", ROUND1)).exit_code == 0
    before = _letters(out)
    res = kaigo(out, "--mask", "--mask-seed", seed, "--format", "json", vendors=_bids(tmp_path / "a2", ROUND1[:2]))
    assert res.exit_code == 0, res.output
    assert f"前回の対応表（mask_key.json）の {before['ガンマ']} のベンダは今回の比較にありません" in res.stderr, res.stderr
    [kept] = out.glob("mask_key.前回_*.json")
    assert f"{kept}（ベンダ名の対応表: 評価委員には配布しないでください）" in res.stdout  # K08: the kept copy is listed


ROUND1_NAMES = ["アルファ", "ベータ", "ガンマ"]
