"""`hyojun compare --manifest` of a joint procurement (共同調達): the same vendors for two towns, each area once per
town, each town's profile requiring its own options (tests/fixtures/joint, docs/scoring.md §10)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.schemas import validate
from tests.conftest import FIXTURES, ROOT, write_manifest

JOINT = FIXTURES / "joint"
MANIFEST = JOINT / "共同調達.yaml"
SCORING = JOINT / "採点.yaml"
NAMES = ("架空システムズ", "見本ソリューションズ")


def run(*args: str | Path):
    return CliRunner().invoke(cli, ["compare", *map(str, args)])


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("joint")
    res = run("--manifest", MANIFEST, "--scoring", SCORING, "--out", out)
    assert res.exit_code == 0, res.output
    return out, res.output


def test_each_vendor_is_scored_for_each_town_and_together(joint: tuple[Path, str]):
    out, console = joint
    doc = json.loads((out / "compare_共同調達.json").read_text("utf-8"))
    validate(doc, "compare", source="compare_共同調達.json")
    assert [(a["town"], a["area"]) for a in doc["areas"]] == [
        ("利府町", "介護保険"), ("利府町", "住民記録"), ("松島町", "介護保険"), ("松島町", "住民記録")]
    assert doc["towns"] == [{"town": "利府町", "weight": 2, "areas": ["介護保険", "住民記録"]},
                            {"town": "松島町", "weight": 1, "areas": ["介護保険", "住民記録"]}]
    assert doc["scoring"]["town_weights"] == {"利府町": 2}
    # each town's profile, each its own required options: the same answers score apart
    assert [a["profile"] and (a["profile"]["municipality"], a["profile"]["prefecture"]) for a in doc["areas"]] == [
        ("利府町", "宮城県"), ("利府町", "宮城県"), ("松島町", "宮城県"), None]
    percent = {(a["town"], a["area"], v["vendor"]): v["score"]["percent"] for a in doc["areas"] for v in a["vendors"]}
    assert percent[("利府町", "介護保険", "見本ソリューションズ")] != percent[("松島町", "介護保険", "見本ソリューションズ")]
    ranking = {r["vendor"]: r for r in doc["ranking"]}
    for r in doc["ranking"]:
        towns = {t["town"]: t for t in r["towns"]}
        for town in ("利府町", "松島町"):  # a town's subtotal: its areas' percentages, area weights 1
            mine = [p for (t, _, v), p in percent.items() if t == town and v == r["vendor"]]
            assert towns[town]["percent"] == pytest.approx(sum(mine) / 2, abs=0.005)
        assert r["total_percent"] == pytest.approx((2 * towns["利府町"]["percent"] + towns["松島町"]["percent"]) / 3,
                                                   abs=0.01)
    # 見本ソリューションズ misses 6 of the options 利府町 requires (more than 4): 失格 there, so in the whole, though
    # 1位 in 松島町; 架空システムズ is ranked in both towns
    honmoku = ranking["見本ソリューションズ"]
    assert (honmoku["rank"], honmoku["knocked_out"]) == (None, True)
    assert [(t["town"], t["rank"], t["knocked_out"]) for t in honmoku["towns"]] == [("利府町", None, True), ("松島町", 1, False)]
    assert honmoku["knockouts"] == [{"rule": "求めるオプションの未対応が多い", "area": "介護保険", "town": "利府町",
                                     "message": "利府町 介護保険: 求めるオプションの未対応が多い 6 件（許容 4 件まで）"}]
    kaku = ranking["架空システムズ"]
    assert kaku["rank"] == 1 and [(t["rank"], t["knocked_out"]) for t in kaku["towns"]] == [(1, False), (2, False)]
    assert [r["vendor"] for r in doc["ranking"]] == ["架空システムズ", "見本ソリューションズ"]
    lines = console.splitlines()
    assert lines[0] == "順位\tベンダ\t総合得点\t団体の得点（順位）\t団体の得点（順位）\t失格理由"
    assert lines[1].startswith("1位\t架空システムズ\t") and "\t利府町 " in lines[1] and "（1位）\t松島町 " in lines[1]
    assert lines[2].startswith("失格\t見本ソリューションズ\t") and "（失格）\t松島町 " in lines[2]
    assert "業務によってプロファイルの団体が違います" not in console  # the towns are told apart, not mixed


def test_the_workbook_has_a_sheet_per_town_and_area_and_one_per_town(joint: tuple[Path, str]):
    out, _ = joint
    wb = openpyxl.load_workbook(out / "compare_共同調達.xlsx")
    assert wb.sheetnames == ["総合評価", "団体別評価", "得点内訳", "採点基準", "利府町 介護保険", "利府町 住民記録",
                             "松島町 介護保険", "松島町 住民記録", "作成情報"]
    rows = list(wb["団体別評価"].values)
    assert rows[0][:8] == ("団体", "団体の重み", "団体での順位", "ベンダ", "団体の得点（%）", "団体での失格",
                           "失格理由（この団体）", "総合評価")
    assert [(r[0], r[2], r[3], r[5], r[7]) for r in rows[1:]] == [
        ("利府町", 1, "架空システムズ", None, "1位"), ("利府町", None, "見本ソリューションズ", "失格", "失格（利府町）"),
        ("松島町", 1, "見本ソリューションズ", None, "失格（利府町）"), ("松島町", 2, "架空システムズ", None, "1位")]
    assert {wb["団体別評価"].cell(r, 2).number_format for r in range(2, 6)} == {"#,##0"}  # weights as the HTML shows them
    # printed pages across repeat 順位 and the vendor (blank 順位 of a 失格), kept in view on screen with the town too
    assert [(wb[s].print_title_cols, wb[s].freeze_panes) for s in ("総合評価", "団体別評価")] == [("$A:$B", "C2"), (None, "E2")]
    summary = list(wb["総合評価"].values)
    assert summary[0][5:9] == ("利府町 得点（%）", "利府町 順位", "松島町 得点（%）", "松島町 順位")
    assert "利府町 介護保険 得点率（%）" in summary[0]
    breakdown = list(wb["得点内訳"].values)
    assert breakdown[0][:3] == ("ベンダ", "団体", "業務")
    assert {r[1] for r in breakdown[1:] if r[2] != "総合"} == {"利府町", "松島町"}
    rules = [r for r in wb["採点基準"].values if r[0] in ("団体の重み", "失格条件")]
    unrounded = "総合得点の加重平均（丸める前の団体の得点で計算）"
    assert rules == [("団体の重み", "利府町", unrounded, 2), ("団体の重み", "松島町", unrounded, 1),
                     ("失格条件", None, "求めるオプションの未対応が多い（いずれかの団体・業務で要求オプションの未対応が 5 件以上）", None)]


def test_the_report_shows_each_town_and_says_what_a_towns_knockout_means(joint: tuple[Path, str]):
    html = (joint[0] / "compare_共同調達.html").read_text("utf-8")
    assert 'id="towns-heading">団体別の評価</h2>' in html and "利府町（業務 2 件、団体の重み 2）" in html
    assert "いずれかの団体で失格条件に当たったベンダは総合評価でも失格" in html
    assert "団体の得点を団体の重みで加重平均したもの（丸める前の値で計算" in html
    assert '<h3 id="area-3-summary">松島町 介護保険 第6.0版' in html and "この団体で失格" in html
    # 松島町's 1位 is 失格 in the whole: its table says where
    assert html.count("<td>失格（利府町）</td>") == 2 and "重み 0 の団体の失格も総合評価の失格になります" in html
    assert "業務によってプロファイルの団体が違います" not in html


def test_masking_covers_every_town_and_area(tmp_path: Path):
    res = run("--manifest", MANIFEST, "--out", tmp_path, "--mask", "--mask-seed", "s")
    assert res.exit_code == 0, res.output
    texts = "".join(p.read_text("utf-8") for p in tmp_path.glob("compare_*.*") if p.suffix in (".json", ".html"))
    wb = openpyxl.load_workbook(tmp_path / "compare_共同調達.xlsx")
    texts += " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    assert not [n for n in NAMES if n in texts] and ".xlsx" not in texts.replace("compare_共同調達.xlsx", "")
    key = json.loads((tmp_path / "mask_key_共同調達.json").read_text("utf-8"))
    assert {v["vendor"] for v in key["vendors"]} == set(NAMES)
    assert [f["area"] for f in key["vendors"][0]["files"]] == [
        "利府町 介護保険", "利府町 住民記録", "松島町 介護保険", "松島町 住民記録"]
    doc = json.loads((tmp_path / "compare_共同調達.json").read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    assert {v["vendor"] for a in doc["areas"] for v in a["vendors"]} == {"A社", "B社"}


def _area(spec: str, extra: str) -> str:
    """A manifest's entry for *spec* (介護保険 or 住民記録) with both vendors; *extra*: its profile: or town: lines (a
    profile named by its file in tests/fixtures/joint)."""
    vendors = {"介護保険": ("介護保険_第6.0版_回答_架空システムズ.xlsx", "介護保険_第6.0版_回答_見本ソリューションズ.csv"),
               "住民記録": ("住民記録_第1.1版_回答_架空システムズ.xlsx", "住民記録_第1.1版_回答_見本ソリューションズ.xls")}[spec]
    file = {"介護保険": "介護保険_第6.0版_機能・帳票要件.xlsx", "住民記録": "住民記録_第1.1版_機能要件.xlsx"}[spec]
    return (f"  - spec: FIX/specs/{file}\n{extra.replace('profile: ', 'profile: FIX/joint/')}    vendors:\n"
            + "".join(f"      - {{name: {n}, file: FIX/vendor/{f}}}\n" for n, f in zip(NAMES, vendors)))


@pytest.fixture
def manifest(tmp_path: Path):
    return lambda *areas: write_manifest(tmp_path, "areas:\n" + "".join(areas))


@pytest.mark.parametrize("areas, message", [
    # one town's profile copied into the next entry: the same area twice for one town
    ((_area("介護保険", "    profile: 利府町_介護保険.yaml\n"), _area("介護保険", "    profile: 利府町_介護保険.yaml\n")),
     "areas[1] と areas[2]: 業務「介護保険」が同じ団体（宮城県 利府町）に2回指定されています"),
    ((_area("介護保険", "    town: 利府町\n"), _area("住民記録", ""), _area("介護保険", "    town: 利府町\n")),
     "areas[1] と areas[3]: 業務「介護保険」が同じ団体（利府町）に2回指定されています"),
    # nothing tells the two apart
    ((_area("住民記録", ""), _area("住民記録", "")),
     "areas[1] と areas[2]: 業務「住民記録」が2回指定されていますが、どちらの団体の業務かが分かりません"),
    # a joint comparison's area of no town
    ((_area("介護保険", "    town: 利府町\n"), _area("介護保険", "    town: 松島町\n"), _area("住民記録", "")),
     "areas[3]: 業務「住民記録」がどの団体の業務かが分かりません"),
    # town: and the profile disagree: a profile copied from another town's
    ((_area("介護保険", "    town: 松島町\n    profile: 利府町_介護保険.yaml\n"),),
     "areas[1]: town「松島町」とプロファイル（利府町_介護保険.yaml）の団体「宮城県 利府町」が違います"),
])
def test_entries_that_cannot_be_told_apart_are_refused_naming_them(manifest, tmp_path: Path, areas: tuple[str, ...],
                                                                     message: str):
    res = run("--manifest", manifest(*areas), "--out", tmp_path / "out")
    assert res.exit_code == 1 and message in res.output, res.output
    assert "Traceback" not in res.output and not (tmp_path / "out").exists()


def test_an_area_given_again_with_a_town_after_one_without_is_of_no_known_town(manifest, tmp_path: Path):
    """住民記録 once without a town and once for 松島町: which town the first is for is not known, so it is said so, not
    that 松島町 was given 住民記録 twice."""
    res = run("--manifest", manifest(_area("住民記録", ""), _area("住民記録", "    town: 松島町\n"),
                                     _area("介護保険", "    town: 利府町\n")), "--out", tmp_path / "out")
    assert res.exit_code == 1, res.output
    assert "areas[1] と areas[2]: 業務「住民記録」が2回指定されていますが、どちらの団体の業務かが分かりません" in res.output
    assert "同じ団体" not in res.output


def test_two_entries_of_no_town_are_one_problem(manifest, tmp_path: Path):
    """An area listed twice without a town is said once, for the pair: not also as the first entry's own "no town"."""
    res = run("--manifest", manifest(_area("住民記録", ""), _area("住民記録", ""), _area("介護保険", "    town: 利府町\n"),
                                     _area("介護保険", "    town: 松島町\n")), "--out", tmp_path / "out")
    assert res.exit_code == 1 and "areas[1] と areas[2]: 業務「住民記録」が2回指定されていますが" in res.output, res.output
    assert "がどの団体の業務かが分かりません" not in res.output, res.output


def test_a_town_written_makes_even_one_area_per_town_a_joint_comparison(manifest, tmp_path: Path):
    """利府町 procures 介護保険, 松島町 住民記録, together: no area is listed twice, the town: says they are two towns."""
    res = run("--manifest", manifest(_area("介護保険", "    profile: 利府町_介護保険.yaml\n"),
                                     _area("住民記録", "    town: 松島町\n")), "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(next(tmp_path.glob("compare_*.json")).read_text("utf-8"))
    assert [t["town"] for t in doc["towns"]] == ["利府町", "松島町"] and "業務によってプロファイルの団体が違います" not in res.output


@pytest.mark.parametrize("weights, outcome", [
    ("town_weights:\n  利府町: 1\n  宮城県 利府町: 2\n", "town_weights に同じ団体が 2 回以上あります"),
    ("town_weights:\n  利府町: 0\n  松島町: 0\n", "town_weights: 比較する団体（利府町、松島町）の重みがすべて 0"),
    ("town_weights:\n  利府町: -1\n", "town_weights/利府町: 「-1」は 0 以上である必要があります"),
    ("area_weights:\n  介護保険: 0\n", None),  # 住民記録 still weighs in each town
    ("town_weights:\n  七ヶ浜町: 2\n", "town_weights の 七ヶ浜町 は比較する団体（利府町、松島町）にないため使いません"),
    # two keys of no town compared: told in one note, not taken as one town's two weights
    ("town_weights:\n  仙台市: 2\n  名取市: 3\n", "town_weights の 仙台市・名取市 は比較する団体（利府町、松島町）にないため使いません"),
])
def test_town_weights_are_checked_as_area_weights_are(tmp_path: Path, weights: str, outcome: str | None):
    scoring = tmp_path / "s.yaml"
    scoring.write_text(weights, "utf-8")
    res = run("--manifest", MANIFEST, "--scoring", scoring, "--out", tmp_path / "out", "--format", "json")
    notice = outcome is None or "使いません" in outcome
    assert res.exit_code == (0 if notice else 1), res.output
    assert outcome is None or outcome in res.output


def test_a_town_of_weight_zero_is_compared_and_left_out_of_the_total(tmp_path: Path):
    """Only towns' weights all 0 are refused (docs/scoring.md §10): a town of weight 0 is still scored (its knockouts
    count) while the total is the other town's subtotal."""
    scoring = tmp_path / "s.yaml"
    scoring.write_text("town_weights:\n  松島町: 0\n", "utf-8")
    res = run("--manifest", MANIFEST, "--scoring", scoring, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "out" / "compare_共同調達.json").read_text("utf-8"))
    assert [(t["town"], t["weight"]) for t in doc["towns"]] == [("利府町", 1), ("松島町", 0)]
    for r in doc["ranking"]:
        assert r["total_percent"] == pytest.approx(r["towns"][0]["percent"], abs=0.005)


def test_a_town_whose_areas_all_weigh_nothing_is_refused(manifest, tmp_path: Path):
    scoring = tmp_path / "s.yaml"
    scoring.write_text("area_weights:\n  住民記録: 0\n", "utf-8")
    res = run("--manifest", manifest(_area("介護保険", "    town: 利府町\n"), _area("住民記録", "    town: 松島町\n")),
              "--scoring", scoring, "--out", tmp_path / "out")
    assert res.exit_code == 1 and "area_weights: 松島町 の業務（住民記録）の重みがすべて 0 のため、団体の得点を計算できません" in res.output


def test_town_weights_of_one_towns_comparison_are_told_unused(tmp_path: Path):
    scoring = tmp_path / "s.yaml"
    scoring.write_text("town_weights:\n  利府町: 2\n", "utf-8")
    one = run("--spec", FIXTURES / "specs" / "住民記録_第1.1版_機能要件.xlsx",
              *(FIXTURES / "vendor" / f"住民記録_第1.1版_回答_{n}.{x}" for n, x in zip(NAMES, ("xlsx", "xls"))),
              "--scoring", scoring, "--out", tmp_path / "one", "--format", "json")
    assert one.exit_code == 0 and "town_weights は共同調達の比較" in one.output, one.output
    assert "town_weights" not in json.loads((tmp_path / "one" / "compare.json").read_text("utf-8"))["scoring"]


def test_the_bundled_joint_sample_runs(home: Path, tmp_path: Path):
    """The README's and docs/scoring.md §10's command."""
    res = run("--manifest", ROOT / "vendor_docs" / "samples" / "共同調達_compare.yaml", "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "compare_共同調達_compare.json").read_text("utf-8"))
    assert [(t["town"], t["areas"]) for t in doc["towns"]] == [("見本市（架空）", ["介護保険", "住民記録"]),
                                                              ("見本町（架空）", ["介護保険", "住民記録"])]


@pytest.mark.parametrize("rifu", ["宮城県 利府町", "宮城県利府町", "宮城県　利府町", "宮城県 利府町  "])
def test_a_town_written_with_its_prefecture_is_the_town_of_that_name(manifest, tmp_path: Path, rifu: str):
    """「宮城県 利府町」 is 利府町 of 宮城県: the same town as a town: 利府町 and as its profile (prefecture: 宮城県)."""
    res = run("--manifest", manifest(_area("介護保険", "    profile: 利府町_介護保険.yaml\n"),
                                     _area("住民記録", f"    town: {rifu}\n"),
                                     _area("介護保険", "    town: 松島町\n"),
                                     _area("住民記録", "    town: 宮城県松島町\n")),
              "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(next(tmp_path.glob("compare_*.json")).read_text("utf-8"))
    assert [(t["town"], t["areas"]) for t in doc["towns"]] == [("利府町", ["介護保険", "住民記録"]),
                                                              ("松島町", ["介護保険", "住民記録"])]


def test_a_town_written_with_its_prefecture_agrees_with_its_profile(manifest, tmp_path: Path):
    res = run("--manifest", manifest(_area("介護保険", "    profile: 利府町_介護保険.yaml\n    town: 宮城県 利府町\n"),
                                     _area("介護保険", "    profile: 松島町_介護保険.yaml\n")),
              "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0 and "が違います" not in res.output, res.output
    res = run("--manifest", manifest(_area("介護保険", "    profile: 利府町_介護保険.yaml\n    town: 福島県 利府町\n")),
              "--out", tmp_path / "other")
    assert res.exit_code == 1, res.output
    assert "town「福島県 利府町」とプロファイル（利府町_介護保険.yaml）の団体「宮城県 利府町」が違います" in res.output


@pytest.mark.parametrize("misato", [
    ("    town: 美里町\n", "areas[2]: town「美里町」は"),
    ("    profile: 美里町_住民記録.yaml\n", "areas[2]: プロファイルの団体「美里町」は"),
])
@pytest.mark.parametrize("order", [(0, 1, 2, 3), (2, 3, 0, 1)])
def test_a_town_without_prefecture_of_two_prefectures_is_refused_in_any_order(manifest, tmp_path: Path,
                                                                             misato: tuple[str, str],
                                                                             order: tuple[int, ...]):
    """美里町 is a town of 宮城県 and of 埼玉県: written without its prefecture, it is neither, whichever comes first."""
    extra, where = misato
    pairs = [(_area("介護保険", "    town: 宮城県 美里町\n"), _area("住民記録", extra)),
             (_area("介護保険", "    town: 埼玉県 美里町\n"), _area("住民記録", "    town: 埼玉県美里町\n"))]
    entries = [e for pair in (pairs if order[0] == 0 else pairs[::-1]) for e in pair]
    res = run("--manifest", manifest(*entries), "--out", tmp_path / "out")
    assert res.exit_code == 1, res.output
    where = where.replace("areas[2]", "areas[2]" if order[0] == 0 else "areas[4]")
    assert (f"{where} 宮城県 美里町 と 埼玉県 美里町 のどちらか分かりません。town: 宮城県 美里町 のように都道府県を書いてください"
            in res.output.replace("\n", "")), res.output


def test_a_town_written_with_its_prefecture_gives_it_to_a_profile_without_one(manifest, tmp_path: Path):
    """美里町's profile names no prefecture; the entry's town: 宮城県 美里町 does: the entry is 宮城県's, not refused as
    美里町 of 宮城県 or 埼玉県 (the other entry's)."""
    res = run("--manifest", manifest(_area("住民記録", "    profile: 美里町_住民記録.yaml\n    town: 宮城県 美里町\n"),
                                     _area("住民記録", "    town: 埼玉県 美里町\n")),
              "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(next((tmp_path / "out").glob("compare_*.json")).read_text("utf-8"))
    assert [t["town"] for t in doc["towns"]] == ["宮城県 美里町", "埼玉県 美里町"]


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2)])
def test_an_entry_of_an_ambiguous_town_is_refused_for_that_alone(manifest, tmp_path: Path, order: tuple[int, ...]):
    """A town: 美里町 (of 宮城県 or 埼玉県) is said to be unclear, and that is all: it is not also taken as 宮城県's
    and said to give 宮城県 美里町 住民記録 twice."""
    entries = [_area("住民記録", "    town: 宮城県 美里町\n"), _area("住民記録", "    town: 美里町\n"),
               _area("住民記録", "    town: 埼玉県 美里町\n")]
    res = run("--manifest", manifest(*(entries[i] for i in order)), "--out", tmp_path / "out")
    assert res.exit_code == 1 and "のどちらか分かりません" in res.output, res.output
    assert "2回指定されています" not in res.output, res.output


def test_a_profile_without_prefecture_of_an_ambiguous_town_is_told_to_name_one(manifest, tmp_path: Path):
    """Of an ambiguous town named by a profile (no town: written), the error also says the profile may name the
    prefecture."""
    res = run("--manifest", manifest(_area("介護保険", "    town: 宮城県 美里町\n"),
                                     _area("住民記録", "    profile: 美里町_住民記録.yaml\n"),
                                     _area("介護保険", "    town: 埼玉県 美里町\n")), "--out", tmp_path / "out")
    assert res.exit_code == 1, res.output
    assert "（またはプロファイルに prefecture を書いてください）" in res.output.replace("\n", ""), res.output


def test_a_town_weight_without_prefecture_of_two_prefectures_is_refused(manifest, tmp_path: Path):
    scoring = tmp_path / "s.yaml"
    scoring.write_text("town_weights:\n  美里町: 5\n", "utf-8")
    res = run("--manifest", manifest(_area("介護保険", "    town: 宮城県 美里町\n"), _area("介護保険", "    town: 埼玉県 美里町\n")),
              "--scoring", scoring, "--out", tmp_path / "out")
    assert res.exit_code == 1, res.output
    assert "town_weights の 美里町 は 宮城県 美里町 と 埼玉県 美里町 のどちらか分かりません" in res.output


def test_the_small_and_large_ke_of_a_towns_name_are_one_town(manifest, tmp_path: Path):
    """七ヶ浜町 and 七ケ浜町 (and 七ｹ浜町, 七ヵ浜町) alternate in official documents: one town, its weight applied."""
    scoring = tmp_path / "s.yaml"
    scoring.write_text("town_weights:\n  七ヵ浜町: 3\n", "utf-8")
    res = run("--manifest", manifest(_area("介護保険", "    town: 七ヶ浜町\n"), _area("住民記録", "    town: 七ケ浜町\n"),
                                     _area("介護保険", "    town: 利府町\n"), _area("住民記録", "    town: 宮城県 七ｹ浜町\n")),
              "--scoring", scoring, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 1 and "業務「住民記録」が同じ団体（宮城県 七ケ浜町）に2回指定されています" in res.output, res.output
    res = run("--manifest", manifest(_area("介護保険", "    town: 七ヶ浜町\n"), _area("住民記録", "    town: 七ケ浜町\n"),
                                     _area("介護保険", "    town: 利府町\n")),
              "--scoring", scoring, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0 and "使いません" not in res.output, res.output
    doc = json.loads(next((tmp_path / "out").glob("compare_*.json")).read_text("utf-8"))
    assert [(t["town"], t["weight"], t["areas"]) for t in doc["towns"]] == [("七ヶ浜町", 3, ["介護保険", "住民記録"]),
                                                                           ("利府町", 1, ["介護保険"])]


def test_towns_written_of_one_town_make_that_towns_comparison(manifest, tmp_path: Path):
    """town: on some areas, all of one town (利府町, as its profile says): not a joint comparison of one town (the
    schema wants two), the one-town comparison; the town: is still checked against the profile."""
    res = run("--manifest", manifest(_area("住民記録", "    town: 利府町\n"), _area("介護保険", "    profile: 利府町_介護保険.yaml\n")),
              "--out", tmp_path, "--format", "json,html")
    assert res.exit_code == 0, res.output
    doc = json.loads(next(tmp_path.glob("compare_*.json")).read_text("utf-8"))
    validate(doc, "compare", source="compare.json")
    assert "towns" not in doc and [a["area"] for a in doc["areas"]] == ["住民記録", "介護保険"]
    assert all("town" not in a for a in doc["areas"]) and "共同調達の比較です" not in next(tmp_path.glob("*.html")).read_text("utf-8")
    res = run("--manifest", manifest(_area("住民記録", "    town: 松島町\n"), _area("介護保険", "    profile: 利府町_介護保険.yaml\n    town: 松島町\n")),
              "--out", tmp_path / "other")
    assert res.exit_code == 1 and "town「松島町」とプロファイル（利府町_介護保険.yaml）の団体「宮城県 利府町」が違います" in res.output


def test_a_cautions_line_is_one_files_said_once_for_its_towns(joint: tuple[Path, str], manifest, tmp_path: Path):
    """見本ソリューションズ's 介護保険 CSV and 住民記録 .xls have each 1 ID twice and 2 unknown IDs: two files, two lines
    (one line read as 1 and 2 in all); the CSV scored for both towns is one line naming both."""
    lint = "ID重複（最初の行を採用） 1 件、仕様書にないID 2 件。hyojun lint で回答ファイルを確認してください"
    notes = [ln for ln in joint[1].splitlines() if ln.startswith("注意: ") and "見本ソリューションズ" in ln]
    assert notes == [f"注意: 介護保険（利府町・松島町）・見本ソリューションズ: {lint}",
                     f"注意: 住民記録（利府町・松島町）・見本ソリューションズ: {lint}"]
    res = run("--manifest", manifest(_area("介護保険", ""), _area("住民記録", "")), "--out", tmp_path, "--format", "json")
    assert res.exit_code == 0, res.output
    notes = [ln for ln in res.output.splitlines() if ln.startswith("注意: ") and "見本ソリューションズ" in ln]
    assert notes == [f"注意: 介護保険・見本ソリューションズ: {lint}", f"注意: 住民記録・見本ソリューションズ: {lint}"]


def test_the_default_mask_seed_is_a_towns_own_for_the_same_files(manifest, tmp_path: Path):
    """Each file once: the joint comparison (each file for 2 towns) and 利府町's own comparison of those files mask
    the vendors with the same letters."""
    res = run("--manifest", MANIFEST, "--out", tmp_path / "joint", "--mask", "--format", "json")
    assert res.exit_code == 0, res.output
    res = run("--manifest", manifest(_area("介護保険", "    profile: 利府町_介護保険.yaml\n"),
                                     _area("住民記録", "    profile: 利府町_住民記録.yaml\n")),
              "--out", tmp_path / "rifu", "--mask", "--format", "json")
    assert res.exit_code == 0, res.output
    joint, rifu = (json.loads(next((tmp_path / d).glob("mask_key_*.json")).read_text("utf-8")) for d in ("joint", "rifu"))
    assert joint["seed"] == rifu["seed"]
    assert [(v["label"], v["vendor"]) for v in joint["vendors"]] == [(v["label"], v["vendor"]) for v in rifu["vendors"]]


def test_the_json_keeps_the_town_weights_as_written(tmp_path: Path):
    """A key matching no town (a typo) is told, and kept in scoring.town_weights: the JSON says what the file said."""
    scoring = tmp_path / "s.yaml"
    scoring.write_text("town_weights:\n  仙台市: 2\n  宮城県 利府町: 3\n", "utf-8")
    res = run("--manifest", MANIFEST, "--scoring", scoring, "--out", tmp_path / "out", "--format", "json")
    assert res.exit_code == 0 and "town_weights の 仙台市 は比較する団体" in res.output, res.output
    doc = json.loads((tmp_path / "out" / "compare_共同調達.json").read_text("utf-8"))
    assert doc["scoring"]["town_weights"] == {"仙台市": 2, "宮城県 利府町": 3}
    assert [(t["town"], t["weight"]) for t in doc["towns"]] == [("利府町", 3), ("松島町", 1)]


def test_a_joint_comparisons_default_title_says_so_with_its_towns(joint: tuple[Path, str], manifest, tmp_path: Path):
    res = run("--manifest", manifest(_area("介護保険", "    town: 利府町\n"), _area("介護保険", "    town: 松島町\n")),
              "--out", tmp_path, "--format", "json,html")
    assert res.exit_code == 0, res.output
    assert ">介護保険 第6.0版 ベンダ比較（共同調達: 利府町・松島町）</h1>" in next(tmp_path.glob("*.html")).read_text("utf-8")


def test_a_spec_missing_for_every_town_is_said_once(manifest, home: Path, tmp_path: Path):
    entry = _area("介護保険", "    town: 利府町\n").replace(
        "FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx", "印鑑登録@第2.4版")
    res = run("--manifest", manifest(entry, entry.replace("利府町", "松島町"), entry.replace("利府町", "七ヶ浜町")),
              "--out", tmp_path / "out")
    assert res.exit_code == 1, res.output
    assert res.output.count("印鑑登録") == 1 and "areas[1]・areas[2]・areas[3]: 業務「印鑑登録」の仕様書が取り込まれていません" in res.output
