"""Scoring (docs/scoring.md): every rule of the formula, table-driven, on tiny hand-built results."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.analysis.gap import GapResult, check
from checker.analysis.scoring import ScoringConfig, merge_config, printed_percent, score, score_row
from checker.compare_run import default_scoring_document, load_scoring
from checker.errors import InputError
from checker.model import Answer, Profile, RequiredOption, Requirement, Response, Spec
from checker.normalize import quoted

MARK = {"yes": "○", "partial": "△", "planned": "移行後", "no": "×", "na": "－", "blank": "", "invalid": "要確認"}
DEFAULT = ScoringConfig.from_dict(default_scoring_document())


def spec_of(*classes: str, area: str = "介護保険") -> Spec:
    reqs = tuple(Requirement(f"023{i:04d}", "function", c, ("大",), "", f"名{i}", "本文", "", f"機能要件!D{i}")
                 for i, c in enumerate(classes, start=1))
    return Spec(area, "第6.0版", reqs, (), "s" * 64)


def result_of(spec: Spec, answers: list[str], required: dict[str, str] | None = None) -> GapResult:
    """answers[i] answers the i-th requirement; *required* maps an id to its profile priority."""
    rows = tuple(Answer(r.id, MARK[a], a, "", "", "", f"回答!C{n}", f"回答!A{n}")
                 for n, (r, a) in enumerate(zip(spec.requirements, answers), start=2) if a != "blank")
    profile = Profile("見本市", spec.area, None, tuple(RequiredOption(i, p) for i, p in required.items())) if required else None
    return check(spec, Response("v", "v.xlsx", "0" * 64, rows, ()), profile)


def config(**override: object) -> ScoringConfig:
    return ScoringConfig.from_dict(merge_config(default_scoring_document(), override))


# --- points per row: class × answer × priority under the documented defaults -----------------

ROW_CASES = [
    # class, required priority ("" = not required), answer, points, best
    ("mandatory", "", "yes", 10, 10),
    ("mandatory", "", "planned", 5, 10),
    ("mandatory", "", "partial", 0, 10),
    ("mandatory", "", "no", 0, 10),
    ("mandatory", "", "na", 0, 10),
    ("mandatory", "", "blank", 0, 10),
    ("mandatory", "", "invalid", 0, 10),
    ("optional", "高", "yes", 30, 30),
    ("optional", "中", "yes", 20, 20),
    ("optional", "低", "yes", 10, 10),
    ("optional", "高", "no", 0, 30),
    ("optional", "高", "planned", 0, 30),
    ("optional", "低", "blank", 0, 10),
    ("optional", "", "yes", 0, 0),
    ("optional", "", "no", 0, 0),
    ("prohibited", "", "no", 0, 0),
    ("prohibited", "", "na", 0, 0),
    ("prohibited", "", "yes", -10, 0),
    ("prohibited", "", "partial", -10, 0),
    ("prohibited", "", "blank", 0, 0),
]


@pytest.mark.parametrize("cls, priority, a, points, best", ROW_CASES)
def test_row_points_under_defaults(cls, priority, a, points, best):
    spec = spec_of(cls)
    result = result_of(spec, [a], {spec.requirements[0].id: priority} if priority else None)
    rs = score_row(result.rows[0], DEFAULT)
    assert (rs.points, rs.best) == (points, best)


@pytest.mark.parametrize("override, cls, priority, a, points, best", [
    ({"points": {"mandatory": {"mandatory_deferred": 8}}}, "mandatory", "", "planned", 8, 10),
    ({"points": {"mandatory": {"conformant": 4}}}, "mandatory", "", "yes", 4, 5),  # deferred (5) is now the best
    ({"points": {"optional": {"optional_offered": 1}}}, "optional", "", "yes", 1, 1),
    ({"points": {"required_option": {"optional_gap": -2}}}, "optional", "中", "no", -4, 20),
    ({"priority_weights": {"高": 5}}, "optional", "高", "yes", 50, 50),
    ({"points": {"prohibited": {"prohibited_violation": 0}}}, "prohibited", "", "yes", 0, 0),
    ({"points": {"mandatory": {"invalid_answer": -1}}}, "mandatory", "", "invalid", -1, 10),
])
def test_row_points_follow_the_config(override, cls, priority, a, points, best):
    spec = spec_of(cls)
    result = result_of(spec, [a], {spec.requirements[0].id: priority} if priority else None)
    rs = score_row(result.rows[0], config(**override))
    assert (rs.points, rs.best) == (points, best)


def test_breakdown_lines_add_up_and_explain_every_row():
    spec = spec_of("mandatory", "mandatory", "mandatory", "optional", "optional", "optional", "prohibited")
    ids = [r.id for r in spec.requirements]
    result = result_of(spec, ["yes", "yes", "planned", "yes", "no", "yes", "no"], {ids[3]: "高", ids[4]: "低"})
    area = score({"介護保険": {"v": result}}, DEFAULT).vendors[0].areas[0]
    lines = {(ln.row_class, ln.status, ln.priority): (ln.count, ln.points, ln.weight, ln.subtotal) for ln in area.lines}
    assert lines == {
        ("mandatory", "conformant", ""): (2, 10, 1, 20),
        ("mandatory", "mandatory_deferred", ""): (1, 5, 1, 5),
        ("required_option", "conformant", "高"): (1, 10, 3, 30),
        ("required_option", "optional_gap", "低"): (1, 0, 1, 0),
        ("optional", "optional_offered", ""): (1, 0, 1, 0),
        ("prohibited", "conformant", ""): (1, 0, 1, 0),
    }
    assert sum(ln.count for ln in area.lines) == len(spec.requirements)
    assert area.points == 55 == sum(score_row(r, DEFAULT).points for r in result.requirement_rows)
    assert area.best == 30 + 30 + 10 == sum(score_row(r, DEFAULT).best for r in result.requirement_rows)
    assert area.percent == pytest.approx(100 * 55 / 70)


def test_a_class_whose_points_are_all_negative_has_a_best_of_zero():
    """scoring.md §2: 要件の満点 = max(0, 配点[区分] の最大値) × 重み."""
    cfg = config(points={"prohibited": {"conformant": -1, "prohibited_violation": -10, "unanswered": -1, "invalid_answer": -1}})
    assert cfg.best("prohibited") == 0


def test_an_area_whose_best_is_one_point_scores_100():
    """A best of 1 point (配点 1 for 適合, 0 for the rest) is a best like any other: the conformant vendor has 100 %."""
    spec = spec_of("mandatory", "mandatory")
    cfg = config(points={"mandatory": {"conformant": 1, "mandatory_deferred": 0}})
    v = score({"介護保険": {"v": result_of(spec, ["yes", "yes"])}}, cfg).vendors[0]
    assert (v.areas[0].best, v.areas[0].percent, v.total) == (2, 100.0, 100.0)
    half = score({"介護保険": {"v": result_of(spec_of("mandatory"), ["yes"])}}, cfg).vendors[0]
    assert (half.areas[0].best, half.total) == (1, 100.0)


def test_percent_is_zero_when_nothing_can_be_earned():
    spec = spec_of("prohibited", "optional")
    area = score({"介護保険": {"v": result_of(spec, ["no", "yes"])}}, DEFAULT).vendors[0].areas[0]
    assert (area.points, area.best, area.percent) == (0, 0, 0.0)


# --- knock-outs ---------------------------------------------------------------------------------

KO_CASES = [
    # answers to (mandatory, mandatory, prohibited), knockouts config (None = defaults), expected rule labels
    (["yes", "yes", "no"], None, []),
    (["no", "yes", "no"], None, ["必須機能の未対応"]),
    (["yes", "yes", "yes"], None, ["実装不可機能の実装"]),
    (["partial", "yes", "yes"], None, ["必須機能の未対応", "実装不可機能の実装"]),
    (["planned", "blank", "no"], None, []),  # 経過措置 and 未回答 are not knock-outs by default
    (["no", "yes", "no"], [], []),  # knock-outs switched off
    (["no", "no", "no"], [{"statuses": ["mandatory_gap"], "more_than": 1}], ["必須機能の未対応"]),
    (["no", "yes", "no"], [{"statuses": ["mandatory_gap"], "more_than": 1}], []),
    (["blank", "invalid", "no"], [{"label": "未回答・不正", "statuses": ["unanswered", "invalid_answer"], "more_than": 1}],
     ["未回答・不正"]),
    (["yes", "planned", "no"], [{"statuses": ["mandatory_deferred"]}], ["必須機能の移行後対応（経過措置）"]),
    (["yes", "planned", "no"], [{"total_percent_below": 80}], ["総合得点が 80% 未満"]),  # 15/20 = 75%
    (["yes", "planned", "no"], [{"total_percent_below": 75}], []),
]


@pytest.mark.parametrize("answers, knockouts, expected", KO_CASES)
def test_knockouts(answers, knockouts, expected):
    spec = spec_of("mandatory", "mandatory", "prohibited")
    cfg = DEFAULT if knockouts is None else config(knockouts=knockouts)
    v = score({"介護保険": {"v": result_of(spec, answers)}}, cfg).vendors[0]
    assert [k.rule for k in v.knockouts] == expected
    assert v.knocked_out is bool(expected)
    assert (v.rank is None) is bool(expected)


def test_knockout_message_names_area_count_and_limit():
    spec = spec_of("mandatory", "mandatory")
    v = score({"介護保険": {"v": result_of(spec, ["no", "no"])}}, DEFAULT).vendors[0]
    assert v.knockouts[0].area == "介護保険"
    assert v.knockouts[0].message == "介護保険: 必須機能の未対応 2 件（許容 0 件まで）"


# --- areas and rank ------------------------------------------------------------------------------

@pytest.mark.parametrize("weights, expected_total", [
    ({}, (100 + 50) / 2),
    ({"介護保険": 3}, (3 * 100 + 50) / 4),
    ({"住民記録": 3}, (100 + 3 * 50) / 4),
    ({"介護保険": 0, "住民記録": 1}, 50),
    # no total at all: compare refuses it before scoring (compare_run); the library gives 0, not a ZeroDivisionError
    ({"介護保険": 0, "住民記録": 0}, 0),
])
def test_total_is_the_area_weighted_mean_of_percentages(weights, expected_total):
    kaigo, jumin = spec_of("mandatory"), spec_of("mandatory", "mandatory", area="住民記録")
    results = {"介護保険": {"v": result_of(kaigo, ["yes"])}, "住民記録": {"v": result_of(jumin, ["yes", "no"])}}
    v = score(results, config(area_weights=weights, knockouts=[])).vendors[0]
    assert [round(a.percent, 6) for a in v.areas] == [100, 50]
    assert v.total == pytest.approx(expected_total)


RANK_CASES = [
    # answers per vendor to (mandatory, mandatory); expected ranks (None = 失格 under default knock-outs)
    ({"A": ["yes", "yes"], "B": ["yes", "planned"], "C": ["planned", "planned"]}, {"A": 1, "B": 2, "C": 3}),
    ({"A": ["yes", "planned"], "B": ["planned", "yes"], "C": ["planned", "planned"]}, {"A": 1, "B": 1, "C": 3}),
    ({"A": ["yes", "no"], "B": ["planned", "planned"], "C": ["planned", "blank"]}, {"A": None, "B": 1, "C": 2}),
    ({"A": ["no", "no"], "B": ["yes", "no"]}, {"A": None, "B": None}),
]


@pytest.mark.parametrize("answers, ranks", RANK_CASES)
def test_rank(answers, ranks):
    spec = spec_of("mandatory", "mandatory")
    result = score({"介護保険": {v: result_of(spec, a) for v, a in answers.items()}}, DEFAULT)
    assert {v.vendor: v.rank for v in result.vendors} == ranks
    order = [v.vendor for v in result.ranking]
    ranked = sorted((r, v) for v, r in ranks.items() if r is not None)
    assert order[: len(ranked)] == [v for _, v in ranked]  # ranked vendors first, knocked-out ones last


def test_knocked_out_vendors_follow_the_ranked_ones_best_total_first():
    spec = spec_of("mandatory", "mandatory", "mandatory")
    answers = {"低": ["no", "no", "yes"], "順位": ["yes", "yes", "planned"], "高": ["no", "yes", "yes"]}
    result = score({"介護保険": {v: result_of(spec, a) for v, a in answers.items()}}, DEFAULT)
    assert [(v.vendor, v.rank) for v in result.ranking] == [("順位", 1), ("高", None), ("低", None)]


@pytest.mark.parametrize("order", [["あおば", "みどり", "かえで", "くす"], ["くす", "かえで", "みどり", "あおば"]])
def test_vendors_that_tie_stay_in_the_order_of_the_vendors(order):
    """docs/scoring.md §2: the tie-break is the comparison's order of vendors, for ranked and knocked-out vendors alike."""
    spec = spec_of("mandatory", "mandatory")
    answers = {"あおば": ["yes", "yes"], "みどり": ["yes", "yes"], "かえで": ["no", "yes"], "くす": ["no", "yes"]}
    result = score({"介護保険": {v: result_of(spec, answers[v]) for v in order}}, DEFAULT)
    assert [v.vendor for v in result.ranking] == [v for v in order if v in ("あおば", "みどり")] + [
        v for v in order if v in ("かえで", "くす")]
    assert [v.rank for v in result.ranking] == [1, 1, None, None]

def test_knocked_out_vendor_keeps_its_score():
    spec = spec_of("mandatory", "mandatory")
    v = score({"介護保険": {"A": result_of(spec, ["yes", "no"])}}, DEFAULT).vendors[0]
    assert v.knocked_out and v.total == pytest.approx(50)


def test_areas_must_hold_the_same_vendors():
    spec = spec_of("mandatory")
    with pytest.raises(ValueError):
        score({"介護保険": {"A": result_of(spec, ["yes"])}, "住民記録": {"B": result_of(spec, ["yes"])}}, DEFAULT)


# --- the configuration -----------------------------------------------------------------------------

def test_merge_config_merges_mappings_and_replaces_lists():
    base = {"points": {"mandatory": {"conformant": 10, "mandatory_gap": 0}}, "knockouts": [{"statuses": ["a"]}]}
    merged = merge_config(base, {"points": {"mandatory": {"conformant": 7}}, "knockouts": []})
    assert merged == {"points": {"mandatory": {"conformant": 7, "mandatory_gap": 0}}, "knockouts": []}
    assert base["points"]["mandatory"]["conformant"] == 10  # the defaults are not modified


def test_defaults_are_documented_values():
    assert DEFAULT.points["mandatory"] == {"conformant": 10, "mandatory_deferred": 5, "mandatory_gap": 0,
                                           "unanswered": 0, "invalid_answer": 0}
    assert dict(DEFAULT.priority_weights) == {"高": 3, "中": 2, "低": 1}
    assert [(k.statuses, k.more_than) for k in DEFAULT.knockouts] == [(("mandatory_gap",), 0), (("prohibited_violation",), 0)]
    assert DEFAULT.file == "" and dict(DEFAULT.area_weights) == {}


def test_the_configuration_written_for_the_record_replays_every_knockout_rule():
    """compare.json's scoring (to_dict) is what a 失格 is audited and replayed by: every rule of both forms, as applied."""
    assert DEFAULT.to_dict()["knockouts"] == [
        {"label": "必須機能の未対応", "statuses": ["mandatory_gap"], "more_than": 0},
        {"label": "実装不可機能の実装", "statuses": ["prohibited_violation"], "more_than": 0}]
    cfg = config(knockouts=[{"label": "未回答が多い", "statuses": ["unanswered", "invalid_answer"], "more_than": 10},
                            {"total_percent_below": 60}])
    written = cfg.to_dict()
    assert written["knockouts"] == [
        {"label": "未回答が多い", "statuses": ["unanswered", "invalid_answer"], "more_than": 10},
        {"label": "総合得点が 60% 未満", "total_percent_below": 60}]
    assert ScoringConfig.from_dict(written) == cfg


def test_load_scoring_lays_user_file_over_defaults(tmp_path: Path):
    p = tmp_path / "s.yaml"
    p.write_text("name: 見本市の配点\npoints:\n  mandatory:\n    conformant: 20\narea_weights:\n  住民基本台帳: 2\n", "utf-8")
    cfg = load_scoring(p)
    assert cfg.name == "見本市の配点" and cfg.file == "s.yaml" and len(cfg.sha256) == 64
    assert cfg.points["mandatory"]["conformant"] == 20 and cfg.points["mandatory"]["mandatory_deferred"] == 5
    assert dict(cfg.area_weights) == {"住民記録": 2}  # area aliases resolve to the catalog name


@pytest.mark.parametrize("text, fragment", [
    ("points:\n  mandatory:\n    optional_gap: 1\n", "points/mandatory"),  # a status the class cannot have
    ("knockouts:\n  - statuses: [nonsense]\n", "knockouts[1]"),
    ("priority_weights:\n  高: -1\n", "priority_weights/高"),
    ("unknown_key: 1\n", "(最上位)"),
    ("points: [1, 2\n", "YAML"),
    # a knock-out rule's own mistake, named (it was 「… is not valid under any of the given schemas」)
    ("knockouts:\n  - {label: 未回答, statuses: [unanswered], more_then: 3}\n", "knockouts[1]: 使えないキー「more_then」"),
    ("knockouts:\n  - {statuses: [mandatory_gap], more_than: -1}\n", "knockouts[1]/more_than: 「-1」は 0 以上"),
    ("knockouts:\n  - {statuses: [mandatory_gaps]}\n", "knockouts[1]/statuses[1]: 「mandatory_gaps」は使えません"),
    ("knockouts:\n  - {statuses: [mandatory_gap], total_percent_below: 60}\n",
     "knockouts[1]: 「statuses」と「total_percent_below」は一緒に書けません（別々の項目に分けてください）"),
    ("knockouts:\n  - {total_percent_below: 60, more_than: 1}\n", "knockouts[1]: 使えないキー「more_than」"),
    # a rule of neither form was told only 「statuses」 is needed; an empty knockouts: that 「null」 is no list
    ("knockouts:\n  - {total_percent_below: 60}\n  - {label: 何か}\n",
     "knockouts[2]: 失格条件には statuses（状態と件数: more_than）か total_percent_below（総合得点の下限）のどちらかを書いてください"),
    ("knockouts:\n", "knockouts: 値がありません（リストを書いてください。空のリストなら [] と書きます）"),
    # an extra zero or two: Σ points overflowed to inf (a traceback) or an int beyond 64 bits failed the JSON
    ("points:\n  mandatory:\n    conformant: 1.0e+308\n", "points/mandatory/conformant: 「1e+308」は 1000000 以下"),
    ("points:\n  mandatory:\n    conformant: 100000000000000000000\n", "は 1000000 以下"),
    ("area_weights:\n  介護保険: 10000000\n", "area_weights/介護保険: 「10000000」は 1000000 以下"),
    # one area under two of its names: the last weight won silently
    ("area_weights:\n  住民記録: 0\n  住民基本台帳: 3\n", "area_weights に同じ業務が別の名前で 2 回以上あります"),
])
def test_load_scoring_rejects_bad_files_with_a_clear_message(tmp_path: Path, text: str, fragment: str):
    p = tmp_path / "bad.yaml"
    p.write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        load_scoring(p)
    assert "bad.yaml" in str(err.value) and fragment in str(err.value)


@pytest.mark.parametrize("written, key", [('"松島町\\u202e"', "松島町\u202e"), ("松島町\u202e", "松島町\u202e"),
                                          ('"松島\\a町"', "松島\x07町"), ('"利府町\\e[2J"', "利府町\x1b[2J")],
                         ids=["RLO-escaped", "RLO", "BEL", "ESC"])
def test_a_town_weights_key_with_a_control_character_is_refused_as_a_manifests_town_is(tmp_path: Path, written: str,
                                                                                      key: str):
    """An RLO or a BEL in a key was printed raw in the notes (「town_weights の … は比較する団体にない」), reordering or
    ringing the console: refused as a manifest's town: is, the key shown as codes."""
    p = tmp_path / "s.yaml"
    for weight in ("2", "-1"):  # a wrong weight too: its schema error printed the key raw in its path
        p.write_text(f"town_weights:\n  {written}: {weight}\n", "utf-8")
        with pytest.raises(InputError) as err:
            load_scoring(p)
        assert err.value.message == (f"{p}: town_weights の団体「{quoted(key)}」に制御文字（改行や、文字の向きを変える U+202E など）"
                                     "があります。団体の名前だけを書いてください")
        assert not err.value.details and not any(c < " " or "\u202a" <= c <= "\u202e" for c in err.value.message)


def test_a_total_printed_as_the_limit_is_not_below_it():
    """(3 × 700/9 + 20/3) / 4 is 60 exactly, 59.99999999999999 in floats: it was 失格 while printed 60.00."""
    kaigo, shugaku = spec_of(*["mandatory"] * 9), spec_of(*["mandatory"] * 15, area="就学")
    results = {"介護保険": {"v": result_of(kaigo, ["yes"] * 7 + ["no"] * 2)},
               "就学": {"v": result_of(shugaku, ["yes"] + ["no"] * 14)}}
    cfg = config(area_weights={"介護保険": 3}, knockouts=[{"total_percent_below": 60}])
    v = score(results, cfg).vendors[0]
    assert (v.total, v.knockouts) == (60.0, ())
    below = score(results, config(area_weights={"介護保険": 3}, knockouts=[{"total_percent_below": 60.01}])).vendors[0]
    assert [k.message for k in below.knockouts] == ["総合得点 60.00% が基準 60.01% 未満"]


def test_a_total_of_exactly_a_half_hundredth_rounds_up():
    """scoring.md §2 (小数第 2 位に四捨五入): (3 × 300/7 + 250/28) / 4 is 34.375 exactly, 34.37499999999999 in floats."""
    kaigo, jumin = spec_of(*["mandatory"] * 7), spec_of(*["mandatory"] * 28, area="住民記録")
    results = {"介護保険": {"v": result_of(kaigo, ["yes"] * 3 + ["no"] * 4)},
               "住民記録": {"v": result_of(jumin, ["yes"] * 2 + ["planned"] + ["no"] * 25)}}
    assert score(results, config(area_weights={"介護保険": 3}, knockouts=[])).vendors[0].total == 34.38


def test_totals_printed_alike_share_a_rank():
    """99.505 and 99.50 were both printed 99.50 but ranked 1位 and 2位: the rank is the printed total's."""
    big, bigger = spec_of(*["mandatory"] * 100), spec_of(*["mandatory"] * 101, area="就学")
    results = {"介護保険": {"P": result_of(big, ["yes"] * 99 + ["no"]), "Q": result_of(big, ["yes"] * 100)},
               "就学": {"P": result_of(bigger, ["yes"] * 101), "Q": result_of(bigger, ["yes"] * 100 + ["no"])}}
    vendors = score(results, config(knockouts=[])).vendors
    assert [(v.total, v.rank) for v in vendors] == [(99.5, 1), (99.5, 1)]


@pytest.mark.parametrize("rule, described", [
    ({"statuses": ["mandatory_gap"]}, "必須機能の未対応が 1 件以上"),
    ({"statuses": ["mandatory_deferred", "unanswered"], "more_than": 2}, "必須機能の移行後対応（経過措置）・未回答が 3 件以上"),
    ({"label": "未回答が多い", "statuses": ["unanswered"], "more_than": 9}, "未回答が多い（未回答が 10 件以上）"),
    ({"total_percent_below": 95}, "総合得点が 95% 未満"),
    ({"label": "足切り", "total_percent_below": 60.5}, "足切り（総合得点が 60.5% 未満）"),
])
def test_a_knockout_rule_is_described_once(rule, described):
    """A rule without a label printed its condition twice: 「総合得点が 95% 未満（総合得点 95% 未満）」."""
    assert config(knockouts=[rule]).knockouts[0].described() == described


def test_a_count_rule_of_several_areas_says_it_counts_per_area():
    """「未回答が 11 件以上」 ranked a vendor with 6 + 6 unanswered: the count is per area, and the report now says so."""
    rule = config(knockouts=[{"label": "未回答が多い", "statuses": ["unanswered"], "more_than": 10}]).knockouts[0]
    assert rule.described(2) == "未回答が多い（いずれかの業務で未回答が 11 件以上）"
    assert config(knockouts=[{"total_percent_below": 60}]).knockouts[0].described(2) == "総合得点が 60% 未満"


def test_an_areas_percentage_and_the_total_print_alike_and_points_print_exactly(tmp_path: Path):
    """One area at exactly 85.625 %: 総合得点 85.63 % beside 得点率 85.62 % (float rounding); 1,002,334 points
    printed as 1.00233e+06 (%g)."""
    from checker.analysis.bid import compare
    from checker.report.bid_view import bid_view
    from checker.report.html import render

    kaigo = spec_of(*["mandatory"] * 16)
    results = {"介護保険": {"v": result_of(kaigo, ["yes"] * 13 + ["planned"] + ["no"] * 2)}}  # 13 + 0.5 of 16
    cfg = config(points={"mandatory": {"conformant": 62647.5, "mandatory_deferred": 31323.75}})
    scores = score(results, cfg)
    assert scores.vendors[0].total == 84.38 and scores.vendors[0].areas[0].percent == 84.375
    view = bid_view(compare(results), scores, "2026-01-01T00:00:00+09:00", masked=False)
    assert view.scores[0].areas[0].percent == 84.38 == view.summary_table().rows[0][5]
    page = render("bid.html", view=view, matrices=[], provenance=view.provenance, files=[])
    assert "84.38%" in page and "84.37%" not in page
    assert "845,741.25 / 1,002,360 点" in page and "e+0" not in page


def test_points_of_many_decimals_are_shown_and_written_unrounded() -> None:
    """The oracle review: 配点 0.00004 for four deferred answers showed 「4 × 配点 0 × 重み 1 = 小計 0.0002」, and the JSON
    rounded subtotals and cell points to 4 places, where scoring.md says points are not rounded."""
    from checker.analysis.bid import compare
    from checker.report.bid_view import bid_view
    from checker.report.bid_writers import compare_dict
    from checker.report.html import render

    kaigo = spec_of(*["mandatory"] * 5)
    results = {"介護保険": {"v": result_of(kaigo, ["planned"] * 4 + ["yes"])}}
    cfg = config(points={"mandatory": {"conformant": 0.1, "mandatory_deferred": 0.00004}})
    scores = score(results, cfg)
    view = bid_view(compare(results), scores, "2026-01-01T00:00:00+09:00", masked=False)
    doc = compare_dict(compare(results), scores, view, "2026-01-01T00:00:00+09:00")
    [vendor] = doc["areas"][0]["vendors"]
    [deferred] = [ln for ln in vendor["score"]["breakdown"] if ln["status"] == "mandatory_deferred"]
    assert (deferred["count"], deferred["points"], deferred["subtotal"]) == (4, 0.00004, 0.00016)
    assert vendor["score"]["points"] == 0.10016  # no float noise of 0.1 + 0.00016 either
    assert [c["points"] for r in doc["areas"][0]["rows"] for c in r["cells"]][:1] == [0.00004]
    [line] = [r for r in view.breakdown_table().rows if r[6] == 4]
    assert line[-4:] == [0.00004, 1, 0.00016, 0.4]
    page = render("bid.html", view=view, matrices=[], provenance=view.provenance, files=[])
    assert '<td class="num">4</td><td class="num">0.00004</td><td class="num">1</td>' in page
    assert '<td class="num">0.00016</td>' in page and "0.10016 / 0.5 点" in page


def test_a_percentage_is_rounded_half_up_by_its_absolute_value_as_docs_say():
    """docs/scoring.md: 85.625 % is 85.63 %, and a negative total (penalties of 実装不可機能) rounds alike: −9.375 % is
    −9.38 %, not −9.37 % (half toward +∞) as float rounding to nearest even or up would give."""
    assert [printed_percent(p) for p in (85.625, 0.005, -9.375, -0.005, 12.344999999999)] == [85.63, 0.01, -9.38, -0.01, 12.35]


def _old_answers(spec: Spec, **answers: str) -> Response:
    """○ to every requirement of *spec*, an answer to 第1.0版 (other answers by id: *answers*)."""
    rows = tuple(Answer(r.id, MARK[a], a, "", "", "", f"回答!C{n}", f"回答!A{n}")
                 for n, r in enumerate(spec.requirements, start=2) for a in [answers.get(f"_{r.id}", "yes")])
    return Response("旧版回答", "old.xlsx", "0" * 64, rows, (), declared_version="第1.0版")


def test_a_knock_out_says_which_of_its_rows_the_change_of_version_explains_as_check_s_verdict_note(v10, v11):
    """Committee walk B2: a vendor who answered 第1.0版 was 失格 for 「実装不可機能の実装 1 件（許容 0 件まで）」, the one row
    a ○ to a 標準オプション機能 of 第1.0版 that 第1.1版 made 実装不可機能. check said so beside its verdict; compare's reason
    did not. The reason now names those rows, in check's words, and the requirements 第1.0版 lacks left unanswered;
    the scores and knock-outs stay those of the answers as given (scoring.md §9)."""
    from checker.analysis.carryover import VersionChanges, carry_over
    from checker.analysis.specdiff import diff
    from checker.report.gap_view import gap_view

    old = _old_answers(v10)
    result = check(v11, old)
    carry = carry_over(diff(v10, v11), old, "declared")
    cfg = config(knockouts=[{"label": "実装不可機能の実装", "statuses": ["prohibited_violation"]},
                            {"label": "未回答が多い", "statuses": ["unanswered", "invalid_answer"], "more_than": 5}])
    plain = score({"住民記録": {"v": result}}, cfg).vendors[0]
    noted = score({"住民記録": {"v": result}}, cfg, changes={"住民記録": {"v": VersionChanges.of(carry)}}).vendors[0]
    assert [(a.lines, a.percent) for a in noted.areas] == [(a.lines, a.percent) for a in plain.areas]
    assert (noted.total, noted.rank) == (plain.total, plain.rank)
    assert [k.rule for k in noted.knockouts] == [k.rule for k in plain.knockouts] == ["実装不可機能の実装", "未回答が多い"]
    violated, unanswered = noted.knockouts
    n = result.status_counts["prohibited_violation"]
    assert n > 1  # 第1.0版's own 実装不可機能 answered ○ too: only one of them is the change's
    clause = "1 件（0010169）は、第1.0版 から実装区分が変わった要件への回答です（再確認が必要）"
    assert violated.message == f"住民記録: 実装不可機能の実装 {n} 件（許容 0 件まで）。うち {clause}"
    assert (violated.answered_version, violated.class_changed, violated.new) == ("第1.0版", ("0010169",), ())
    # check's verdict note on the same answers: the same words, made by the same helper
    assert gap_view(result, "2026-01-01T00:00:00+09:00", carry).verdict_note == (
        f"実装不可機能の実装 {n:,} 件のうち {clause}。")
    new = [r.id for r in carry.new_unanswered]
    assert len(new) == result.status_counts["unanswered"] == 10
    assert unanswered.message == (f"住民記録: 未回答が多い 10 件（許容 5 件まで）。うち 10 件（{'・'.join(new[:5])} ほか 5 件）は "
                                  "第1.0版 にない要件です")
    assert (unanswered.answered_version, unanswered.class_changed, unanswered.new) == ("第1.0版", (), tuple(new))
    # an unreadable answer is so in any version: counted, not explained by the class change
    unreadable = check(v11, _old_answers(v10, _0010169="invalid"))
    [_, counted] = score({"住民記録": {"v": unreadable}}, cfg, changes={"住民記録": {"v": VersionChanges.of(
        carry_over(diff(v10, v11), unreadable.response, "declared"))}}).vendors[0].knockouts
    assert counted.message.startswith("住民記録: 未回答が多い 11 件（許容 5 件まで）。うち 10 件（")
    assert (counted.class_changed, counted.new) == ((), tuple(new))
    # a vendor that answered the compared version: nothing said
    current = score({"住民記録": {"v": check(v11, _old_answers(v11))}}, cfg, changes={"住民記録": {"v": None}}).vendors[0]
    assert [(k.message, k.answered_version) for k in current.knockouts] == [
        (f"住民記録: 実装不可機能の実装 {check(v11, _old_answers(v11)).status_counts['prohibited_violation']} 件（許容 0 件まで）", "")]
