"""The comparison's view: the redaction of vendor names in masked mode."""

import pytest

from checker.normalize import text
from checker.report.bid_view import redactors


@pytest.mark.parametrize("text, masked", [
    ("アルファ株式会社の製品で対応", "A社の製品で対応"),  # was 「A社株式会社の…」
    ("株式会社アルファ", "A社"),
    ("アルファ(株)・アルファ（株）・㈱アルファ", "A社・A社・A社"),
    ("見本ソリューションズ（株）で対応", "B社で対応"),
    ("見本ソリューションズ株式会社", "B社"),
    ("株式会社の標準機能", "株式会社の標準機能"),  # no vendor name: left as written
])
def test_a_vendor_name_goes_with_its_company_form(text, masked):
    redact = redactors({"A社": ["アルファ"], "B社": ["見本ソリューションズ株式会社"], "C社": ["ガンマ"]})["C社"]
    assert redact(text) == masked


def test_a_name_two_bids_share_is_each_bids_own_letter_in_its_own_text():
    """Two proposals of one company: B社's 「同名システム第2案」 was printed 「C社第2案」 (the last letter won)."""
    by = redactors({"B社": ["同名システム株式会社"], "C社": ["同名システム株式会社"], "A社": ["エックス株式会社"]})
    assert by["B社"]("同名システム第2案では非対応") == "B社第2案では非対応"
    assert by["C社"]("同名システム株式会社の標準機能") == "C社の標準機能"
    assert by["A社"]("同名システムと連携") == "B社／C社と連携"  # neither bid's letter alone


def test_a_short_name_without_company_form_is_replaced_only_in_its_own_text():
    """株式会社電算 turned another vendor's 「電算処理」 into 「A社処理」."""
    by = redactors({"A社": ["株式会社電算", "電算"], "B社": ["サンプル情報株式会社"]})
    assert by["B社"]("電算処理により夜間に一括更新") == "電算処理により夜間に一括更新"
    assert by["B社"]("株式会社電算・電算(株)から移行") == "A社・A社から移行"
    assert by["A社"]("電算の標準機能") == "A社の標準機能"
    assert by["B社"]("サンプル情報の製品") == "B社の製品"  # long enough to be a name wherever it stands
    assert dict(by["B社"].replaced) == {("株式会社電算", "A社"): 1, ("電算(株)", "A社"): 1}  # for the mask key
    assert not by["A社"].replaced


def test_a_name_typed_in_full_width_or_with_spaces_is_found_as_the_text_holds_it():
    """A manifest's ＡＢＣシステム株式会社 (the IME's letters) never matched 「ABCシステムの標準機能」: names are read NFKC."""
    by = redactors({"A社": ["ＡＢＣシステム株式会社"], "B社": ["株式会社 ＸＹＺ情報"]})
    assert by["B社"]("ABCシステムの標準機能・ABC システム製") == "A社の標準機能・A社製"
    assert by["A社"]("XYZ情報のパッケージで対応") == "B社のパッケージで対応"
    assert dict(by["B社"].replaced) == {("ABCシステム", "A社"): 1, ("ABC システム", "A社"): 1}


def test_a_name_in_a_text_kept_as_written_is_found_as_nfkc_reads_it():
    """The vendors' texts are kept as written (ＡＢＣ, ㈱, ①, （）): a name is found in them as NFKC reads them, and only
    the name is replaced; the mask key names what was replaced as written."""
    by = redactors({"A社": ["ABCシステム株式会社"], "B社": ["見本情報"]})
    assert by["B社"]("ＡＢＣシステム㈱の①を使う（別紙）") == "A社の①を使う（別紙）"
    assert by["B社"]("ｴｰﾋﾞｰｼｰと ＡＢＣ　システム（株）①") == "ｴｰﾋﾞｰｼｰと A社①"
    assert by["A社"]("見本情報（株）製～") == "B社製～"
    assert dict(by["B社"].replaced) == {("ＡＢＣシステム㈱", "A社"): 1, ("ＡＢＣ　システム（株）", "A社"): 1}


@pytest.mark.parametrize("own, written, fragment", [
    ("有限会社デルタシステム", "当社（デルタシステム）の標準機能", "デルタ"),
    ("一般財団法人ミライ情報センター", "ミライ情報センターの共同利用方式", "ミライ"),
    ("Omega Systems株式会社", "OMEGA SYSTEMSの実績多数", "OMEGA"), ("㈲デルタ工房", "デルタ工房の標準", "デルタ")])
def test_names_of_other_legal_forms_and_in_any_case_are_masked(own, written, fragment):
    """Only 株式会社 and (株) were company forms, and the match was case-sensitive: three bidders stayed named."""
    by = redactors({"A社": [own], "B社": ["見本ソリューションズ株式会社"]})
    for letter in ("A社", "B社"):  # in its own text, and in a rival's (each name at least 4 characters)
        masked = by[letter](text(written))
        assert fragment not in masked and "A社" in masked, masked


def test_points_in_the_excel_sheets_are_grouped_without_a_sums_float_noise():
    """0.1 × 3 points: 0.3 in the 評価表, as the HTML shows it, not 0.30000000000000004."""
    from checker.io.xlsx import Grouped
    from checker.report.bid_view import _grouped

    cell = _grouped(0.1 * 3)
    assert (type(cell), cell) == (Grouped, 0.3)


def test_a_cell_answering_another_version_says_what_changed_since_in_the_matrix_and_the_excel_sheet(v10, v11):
    """Committee walk B2: the cell of a ○ to a 標準オプション機能 of 第1.0版 that 第1.1版 made 実装不可機能 said only
    「実装不可機能の実装 回答: ○／得点 -10」, and a requirement new in 第1.1版 「未回答 回答:（なし）」, with no sign that the
    vendor answered another version. Each says so now, in the HTML's matrix and in the area's Excel sheet; the knock-out
    reason (scoring) names the row too."""
    from checker.analysis.bid import OtherVersion, compare
    from checker.analysis.carryover import AnsweredVersion, carry_over
    from checker.analysis.gap import check
    from checker.analysis.scoring import ScoringConfig, score
    from checker.analysis.specdiff import diff
    from checker.compare_run import default_scoring_document
    from checker.model import Answer, Response
    from checker.report.bid_view import bid_view
    from checker.report.html import render

    def answers(spec, vendor):  # ○ to every requirement
        return Response(vendor, f"{vendor}.xlsx", vendor[0] * 64, tuple(
            Answer(r.id, "○", "yes", "", "", "", f"回答!C{n}", f"回答!A{n}") for n, r in enumerate(spec.requirements, 2)), ())

    old, current = answers(v10, "旧版"), answers(v11, "新版")
    carry = carry_over(diff(v10, v11), old, "manifest")
    results = {"住民記録": {"旧版": check(v11, old), "新版": check(v11, current)}}
    versions = {"住民記録": {"旧版": OtherVersion.of(AnsweredVersion("第1.0版", "manifest"), carry)}}
    config = ScoringConfig.from_dict(default_scoring_document())
    changes = {a: {v: o.changes if o else None for v, o in vs.items()} for a, vs in versions.items()}
    view = bid_view(compare(results, versions), score(results, config, changes=changes), "2026-01-01T00:00:00+09:00",
                    masked=False)
    [area] = view.areas
    new = [r.id for r in carry.new_unanswered]
    said = {i: (cs[0].since, cs[1].since) for i, cs in area.cells.items() if cs[0].since or cs[1].since}
    assert said == {"0010003": ("第1.0版 では標準オプション機能", ""), "0010034": ("第1.0版 では実装必須機能", ""),
                    "0010135": ("第1.0版 では実装必須機能", ""), "0010140": ("第1.0版 では標準オプション機能", ""),
                    "0010169": ("第1.0版 では標準オプション機能", ""), "0010173": ("第1.0版 では標準オプション機能", ""),
                    **{i: ("第1.0版 にない要件", "") for i in new}}
    # the matrix's cell: the note after the points, only where there is one
    rows = {r[0]: r[7] for r in view.matrix(area)["rows"]}
    assert rows["0010169"][0][7:] == ["第1.0版 では標準オプション機能"] and rows["0010169"][1][7:] == []
    assert rows["0010001"][0][7:] == []
    page = render("bid.html", view=view, matrices=[view.matrix(area)], provenance=view.provenance, files=[])
    assert "その版になく未回答の要件のセルに「第1.0版 にない要件」と示します" in page
    # the Excel sheet: each vendor's 版の違い beside its answer
    table = view.area_table(area)
    sheet = {row[0]: row for row in table.rows}
    at = table.header.index("旧版 版の違い")
    assert table.header[at - 2:at + 2] == ["旧版 回答", "旧版 回答区分", "旧版 版の違い", "旧版 対応時期"]
    assert (sheet["0010169"][at], sheet[new[0]][at], sheet["0010001"][at]) == ("第1.0版 では標準オプション機能",
                                                                                "第1.0版 にない要件", "")
    assert sheet["0010169"][table.header.index("新版 版の違い")] == ""
    # the knock-out reason says it in the 総合評価 too
    summary = view.summary_table()
    reasons = {row[1]: row[4] for row in summary.rows}
    assert "。うち 1 件（0010169）は、第1.0版 から実装区分が変わった要件への回答です（再確認が必要）" in reasons["旧版"]
    # no vendor answering another version: the sheet as it was, and no word of versions on the page
    plain = bid_view(compare(results), score(results, config), "2026-01-01T00:00:00+09:00", masked=False)
    assert not any("版の違い" in h for h in plain.area_table(plain.areas[0]).header)
    assert "別の版への回答では" not in render("bid.html", view=plain, matrices=[], provenance=plain.provenance, files=[])


@pytest.mark.parametrize("terms, total, joint, line", [
    ([("", 2, 98.68), ("", 1, 97.03)], 98.13, False, "総合得点 = (2 × 98.68 + 1 × 97.03) ÷ 3 = 98.13%"),
    # 92.3766…: the percentages as printed give the total once it is rounded as scoring.md §2 rounds it
    ([("利府町", 2, 92.32), ("松島町", 1, 92.49)], 92.38, True,
     "総合得点 = (2 × 利府町 92.32 + 1 × 松島町 92.49) ÷ 3 を小数第 2 位に四捨五入 = 92.38%"),
    ([("", 1, -9.38), ("", 0.5, 10.0)], -2.92, False, "総合得点 = (1 × (-9.38) + 0.5 × 10.00) ÷ 1.5 = -2.92%"),
    # 1.0044 and 1.0099 unrounded make 1.01; as printed, 1.00 and 1.01 make 1.00: no equation that does not hold
    ([("", 2, 1.00), ("", 1, 1.01)], 1.01, False,
     "総合得点 1.01% は、丸める前の得点率の加重平均を小数第 2 位に四捨五入したものです（表示した得点率の "
     "(2 × 1.00 + 1 × 1.01) ÷ 3 を四捨五入すると 1.00%）"),
    ([("", 1, 85.63)], 85.63, False, ""),  # one area: its 得点率 is the total
])
def test_the_total_is_shown_as_the_weighted_mean_of_the_printed_percentages_only_where_they_make_it(
        terms, total, joint, line):
    from checker.report.bid_view import total_step

    assert total_step(terms, total, joint) == line


def test_a_masked_answer_is_the_mark_of_the_vocabulary_the_answers_were_read_with():
    """◯ (U+25EF) for ○ over hundreds of cells told which letter one vendor was: a masked comparison shows the mark a
    form offers for the answer's class, of the comparison's vocabulary (a town's own codes its own)."""
    from checker.normalize import DEFAULT_VOCABULARY, Vocabulary
    from checker.report.bid_view import masked_marks

    assert masked_marks(DEFAULT_VOCABULARY) == {"yes": "○", "partial": "△", "planned": "予定", "no": "×", "na": "－",
                                                "blank": ""}
    own = Vocabulary({"yes": ("A", "B"), "partial": ("C",), "no": ("D",)})
    assert masked_marks(own) == {"yes": "A", "partial": "C", "no": "D", "blank": ""}  # 回答不正 as written


@pytest.mark.parametrize("terms, total, joint, line", [
    # an area at 0 %: printed as it is, not in brackets as a negative one
    ([("", 1, 0.0), ("", 1, 50.0)], 25.0, False, "総合得点 = (1 × 0.00 + 1 × 50.00) ÷ 2 = 25.00%"),
    # of a joint comparison, the towns' subtotals are what the printed ones are
    ([("利府町", 2, 1.00), ("松島町", 1, 1.01)], 1.01, True,
     "総合得点 1.01% は、丸める前の団体の得点の加重平均を小数第 2 位に四捨五入したものです（表示した団体の得点の "
     "(2 × 利府町 1.00 + 1 × 松島町 1.01) ÷ 3 を四捨五入すると 1.00%）"),
])
def test_a_zero_percentage_and_a_joint_total_are_said_as_printed(terms, total, joint, line):
    from checker.report.bid_view import total_step

    assert total_step(terms, total, joint) == line


def _two_area_view(v10, v11, *, joint: bool = False, masked: bool = False, vocabulary=None):  # type: ignore[no-untyped-def]
    """A vendor answering ○ to every requirement of two areas (of a joint comparison: one area of two towns)."""
    from checker.analysis.bid import compare
    from checker.analysis.gap import check
    from checker.analysis.scoring import ScoringConfig, score
    from checker.compare_run import default_scoring_document
    from checker.model import Answer, Response
    from checker.report.bid_view import bid_view

    def answers(spec, vendor, mark):  # type: ignore[no-untyped-def]
        return Response(vendor, f"{vendor}.xlsx", vendor[0] * 64, tuple(
            Answer(r.id, mark, "yes", "", "", "", f"回答!C{n}", f"回答!A{n}") for n, r in enumerate(spec.requirements, 2)), ())

    results = {"利府町 住民記録" if joint else "旧": {"甲": check(v10, answers(v10, "甲", "◯"))},
               "松島町 住民記録" if joint else "新": {"甲": check(v11, answers(v11, "甲", "◯"))}}
    towns = {"利府町 住民記録": "利府町", "松島町 住民記録": "松島町"} if joint else None
    config = ScoringConfig.from_dict(default_scoring_document())
    extra = {"vocabulary": vocabulary} if vocabulary is not None else {}
    return bid_view(compare(results, towns=towns), score(results, config, towns), "2026-01-01T00:00:00+09:00",
                    masked=masked, **extra)


def test_a_vendors_total_step_and_its_breakdown_rows_are_of_its_printed_areas_or_towns(v10, v11):
    """The 総合得点's step is made of each area's printed 得点率 (of a joint comparison, each town's 団体の得点, named),
    and the 得点内訳 closes each area with its lines' count."""
    from checker.analysis.scoring import printed_percent
    from checker.report.bid_view import total_step

    view = _two_area_view(v10, v11)
    [v] = view.scores
    assert v.total_step == total_step([("", a.weight, printed_percent(a.percent)) for a in v.areas], v.total, False)
    assert v.total_step.startswith("総合得点")
    counted, closed = 0, []
    for row in view.breakdown_table().rows:
        if row[2] == "合計":
            closed.append(row[6] == counted > 0)
            counted = 0
        elif row[1] != "総合":
            counted += row[6]
    assert closed == [True, True]
    joint = _two_area_view(v10, v11, joint=True)
    [v] = joint.scores
    assert "利府町" in v.total_step and "松島町" in v.total_step
    assert all(f"{t.percent:.2f}" in v.total_step for t in v.towns)


def test_a_masked_view_shows_the_marks_of_the_vocabulary_it_is_given(v10, v11):
    """The ◯ answers read by a town's own codes show as that vocabulary's mark, not the default's ○."""
    from checker.normalize import Vocabulary

    own = Vocabulary({"yes": ("A", "◯"), "no": ("D",)})
    view = _two_area_view(v10, v11, masked=True, vocabulary=own)
    shown = {c.raw_answer for cells in view.areas[0].cells.values() for c in cells}
    assert shown == {"A"}
