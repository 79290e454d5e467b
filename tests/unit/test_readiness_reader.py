"""Reading progress workbooks: month parsing, exact rates against the real JSON, errors that name cells."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from checker.errors import InputError
from checker.io.readiness_reader import parse_date, parse_month, read_progress
from checker.io.readiness_template import write_template
from checker.readiness_model import steps
from checker.readiness_store import ReadinessStore
from tests.conftest import rates_workbook

FIXTURES = Path(__file__).parents[1] / "fixtures"
MIYAGI = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
NATIONAL = FIXTURES / "readiness" / "soumu_progress_全国_2026-01.xlsx"


@pytest.mark.parametrize("value, month", [
    ("令和8年1月", "2026-01"), ("令和元年5月", "2019-05"), ("令和 7 年 12 月", "2025-12"),
    ("R8.1", "2026-01"), ("R8/1", "2026-01"), ("R8-1", "2026-01"), ("Ｒ８．３", "2026-03"), ("令和8年3月分", "2026-03"),
    ("令和8年3月末時点", "2026-03"), ("令和8年3月31日", "2026-03"), ("2026-01", "2026-01"), ("2026/3", "2026-03"),
    ("2026年4月", "2026-04"), ("2026年2月分", "2026-02"), ("2026/02/01 0:00:00", "2026-02"),
    (dt.date(2026, 2, 15), "2026-02"), ("令和8年13月", None), ("進捗状況", None), ("", None),
    # a year is no month: 「令和11年」 read as 令和1年1月 (2019-01), silently
    ("令和11年", None), ("令和12年", None), ("R11", None), ("令和8年度", None), ("令和8年度3月", None), ("2026年度", None),
    # words beside a month written with 年 and 月, as 0.2.0 read them (the anchored pattern refused them)
    ("令和8年6月分（速報）", "2026-06"), ("令和8年1月報告", "2026-01"), ("報告月：令和8年1月", "2026-01"),
    ("2026年1月 (速報)", "2026-01"), ("12026年1月", None),
])
def test_parse_month(value: object, month: str | None) -> None:
    assert parse_month(value) == month


@pytest.mark.parametrize("value, date", [
    ("R8/3/31", dt.date(2026, 3, 31)), ("2026/03/31 0:00:00", dt.date(2026, 3, 31)),
    ("2026-03-31T00:00:00", dt.date(2026, 3, 31)), ("平成31年3月31日", dt.date(2019, 3, 31)),
    ("H31.3.31", dt.date(2019, 3, 31)), ("平成元年1月8日", dt.date(1989, 1, 8)),
])
def test_parse_date_takes_heisei_and_a_midnight_time(value: str, date: dt.date) -> None:
    assert parse_date(value) == date


def test_a_fiscal_year_end_is_a_deadline_not_a_date() -> None:
    """令和12年度末 is how the law and 総務省 write the deadlines: 3/31 of the next year, where a deadline is read."""
    assert parse_date("令和12年度末", fiscal_year_end=True) == parse_date("R12年度末", fiscal_year_end=True) == dt.date(2031, 3, 31)
    assert parse_date("令和7年度末", fiscal_year_end=True) == dt.date(2026, 3, 31)
    with pytest.raises(ValueError, match="平成31年3月31日・H31.3.31 も可"):
        parse_date("令和7年度末")
    with pytest.raises(ValueError, match="・令和12年度末・令和9年3月末 も可"):
        parse_date("来年度", fiscal_year_end=True)
    # the end of a month, as a notice of an extension writes a deadline
    assert parse_date("令和9年3月末", fiscal_year_end=True) == dt.date(2027, 3, 31)
    assert parse_date("2028年2月末", fiscal_year_end=True) == dt.date(2028, 2, 29)
    with pytest.raises(ValueError, match="「令和9年13月末」は存在しない日付です"):
        parse_date("令和9年13月末", fiscal_year_end=True)
    with pytest.raises(ValueError, match="を読み取れません"):
        parse_date("令和9年3月末")


def test_a_report_month_of_a_year_alone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_progress(fill_template(tmp_path / "self.xlsx", month="令和11年"))
    assert err.value.details == ["進捗入力!B6: 報告月「令和11年」を読み取れません（例: 2026-01、令和8年1月、2026年1月分）"]


@pytest.fixture(scope="module")
def real() -> dict[tuple[str, str], dict]:
    data = json.loads((FIXTURES / "real" / "soumu_progress_2026-01.json").read_text("utf-8"))
    return {(m["prefecture"], m["city"]): m for m in data["municipalities"]}


@pytest.fixture(scope="module")
def national():
    return read_progress(NATIONAL)


def _assert_matches_real(by_muni: dict[tuple[str, str], dict[str, int]], real: dict) -> None:
    """Area rates exactly k/40; overall (sum / 800) within 0.00005 of the JSON's 4-decimal value."""
    for key, areas in by_muni.items():
        expected = real[key]
        assert len(areas) == 20, key
        for area, done in areas.items():
            assert Fraction(done, 40) == Fraction(str(expected["business_rates"][area])), (key, area)
        overall = Fraction(sum(areas.values()), 800)
        assert abs(overall - Fraction(str(expected["overall_rate"]))) <= Fraction(5, 100000), key


def _by_muni(data) -> dict[tuple[str, str], dict[str, int]]:
    result: dict[tuple[str, str], dict[str, int]] = {}
    for i, area, done, _wip, codes in data.rows:
        m = data.municipalities[i]
        assert codes is not None and len(codes) == 40
        result.setdefault((m.prefecture, m.name), {})[area] = done
    return result


def test_miyagi_sample_reproduces_real_rates(real: dict) -> None:
    data = read_progress(MIYAGI)
    assert (data.kind, data.month, len(data.municipalities), len(data.rows)) == ("soumu", "2026-01", 35, 700)
    assert data.warnings == []
    _assert_matches_real(_by_muni(data), real)


def test_national_sample_reproduces_real_rates_in_reader_and_store(national, real: dict, tmp_path: Path) -> None:
    assert len(national.municipalities) == 1741 == len(real)
    _assert_matches_real(_by_muni(national), real)
    store = ReadinessStore(str(tmp_path / "r.db"))
    assert not store.import_data(national).skipped
    stored = store.progress(months=["2026-01"])["2026-01"]
    _assert_matches_real({(m.prefecture, m.name): {a.area: a.done for a in m.areas.values()} for m in stored}, real)


def _soumu_workbook(path: Path, *, status: str = "完了済み", area: str = "住民記録", month: str = "令和8年1月") -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(f"{month}_進捗状況")
    ws.write_row(0, 0, ["都道府県", "市区町村", "完了率", "業務別完了率"])
    ws.write_row(1, 3, ["住民記録", "戸籍の附票"])  # an alias: read as 戸籍附票
    ws.write_row(2, 0, ["宮城県", "試験町", 1.0, 1.0, 1.0])
    ws2 = wb.add_worksheet("業務別ステップ別進捗一覧")
    ws2.write_row(0, 0, ["都道府県名", "市区町村名", "業務名", *(s.label for s in steps())])
    ws2.write_row(1, 0, ["宮城県", "試験町", area, *([status] * 40)])
    ws2.write_row(2, 0, ["宮城県", "試験町", "戸籍附票", *(["対象外"] * 40)])
    wb.close()
    return path


def test_small_workbook_with_alias(tmp_path: Path) -> None:
    data = read_progress(_soumu_workbook(tmp_path / "ok.xlsx"))
    read = [r[1:4] for r in data.rows if r[2]]
    assert sorted(read) == [("住民記録", 40, 0), ("戸籍附票", 40, 0)]
    # the 18 areas without a column count as 未着手, so the overall rate is out of 800 (80 / 800), with a warning
    assert len(data.rows) == 20 and all(r[2:] == (0, 0, None) for r in data.rows if not r[2])
    assert any("次の業務は記録がないため未着手（0/40）とみなしました: 印鑑登録（1 団体）" in w for w in data.warnings)


def test_every_problem_of_the_step_sheet_is_named_by_cell(tmp_path: Path) -> None:
    path = _soumu_workbook(tmp_path / "bad.xlsx", status="〇", area="謎の業務")
    with pytest.raises(InputError) as err:
        read_progress(path)
    text = str(err.value)
    assert "bad.xlsx" in text and "業務別ステップ別進捗一覧" in text
    assert "業務別ステップ別進捗一覧!D2" in text and "業務別ステップ別進捗一覧!AQ2" in text  # first and last step
    assert "業務別ステップ別進捗一覧!C2" in text and "謎の業務" in text
    assert "41 件の問題" in text and "ほか" not in text  # 40 statuses + 1 area, all collected and listed (up to 50)


def test_mismatched_published_rate_is_a_warning(tmp_path: Path) -> None:
    data = read_progress(_soumu_workbook(tmp_path / "w.xlsx", status="作業中"))
    assert any("一致しません" in w and "試験町" in w for w in data.warnings)
    assert ("住民記録", 0, 40) in [r[1:4] for r in data.rows]  # the step sheet wins


def test_not_a_progress_workbook(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Sheet1").write(0, 0, "何か")
    wb.close()
    with pytest.raises(InputError, match="進捗状況のブックではありません"):
        read_progress(path)


def test_the_soumu_workbook_as_csv_is_said_to_need_its_xlsx(tmp_path: Path) -> None:
    """LibreOffice's CSV of its sheet 令和8年1月_進捗状況: the message listed the sheet named for the file, cut at 31
    characters mid-word, and did not say that a CSV cannot be the 総務省 workbook, which is known by its sheets' names."""
    path = tmp_path / "soumu_progress_宮城県_2026-01-令和8年1月_進捗状況.csv"
    path.write_text("都道府県,市区町村,完了率\n宮城県,仙台市,50%\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.message == (
        f"{path}: 自己記入シートの CSV ではありません。総務省の進捗状況のブックはシート名（「令和N年M月_進捗状況」"
        "「業務別ステップ別進捗一覧」）で見分けるため、CSV では読めません。元の Excel ブック（.xlsx）を指定してください"
        "（CSV で読めるのは hyojun readiness template で作った自己記入シートだけです）")


def fill_template(path: Path, *, month: str = "2026-02", done_area: str = "住民記録") -> Path:
    """The template, filled as a DX office would: one area done, one step in progress with a note."""
    write_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["進捗入力"]
    labels = {ws.cell(r, 1).value: r for r in range(1, 10)}
    ws.cell(labels["都道府県"], 2).value = "宮城県"
    ws.cell(labels["市区町村"], 2).value = "利府町"
    ws.cell(labels["団体コード"], 2).value = "045021"
    ws.cell(labels["報告月"], 2).value = month
    for r in range(1, ws.max_row + 1):
        area, step = ws.cell(r, 1).value, ws.cell(r, 2).value
        if area == done_area:
            ws.cell(r, 4).value = "完了済み"
        elif area == "戸籍" and step == "①-1":
            ws.cell(r, 4).value = "作業中"
            ws.cell(r, 5).value = dt.datetime(2026, 1, 20)
            ws.cell(r, 6).value = "体制案を作成中"
        elif area == "生活保護":
            ws.cell(r, 4).value = "対象外"
    wb.save(path)
    return path


def test_template_round_trip(tmp_path: Path) -> None:
    data = read_progress(fill_template(tmp_path / "self.xlsx"))
    assert (data.kind, data.month, data.municipalities[0].name, data.municipalities[0].code) == ("self", "2026-02", "利府町", "045021")
    rows = {r[1]: r[2:] for r in data.rows}
    assert len(rows) == 20
    assert rows["住民記録"][:2] == (40, 0) and rows["生活保護"][:2] == (40, 0)
    assert rows["戸籍"][:2] == (0, 1) and rows["戸籍"][2].startswith("W")
    assert data.notes == [(0, "戸籍", 1, "2026-01-20", "体制案を作成中")]


@pytest.mark.parametrize("written, date", [
    ("令和8年1月20日", "2026-01-20"), ("R8.1.20", "2026-01-20"), ("令和元年5月1日", "2019-05-01"),
    ("2026/1/20", "2026-01-20"), ("令和8年2月30日", "日付「令和8年2月30日」は存在しない日付です"),
    ("来月", "日付「来月」を読み取れません（2031-03-31 の形で書いてください。2031/3/31・2031年3月31日・令和13年3月31日・R13.3.31・"
              "平成31年3月31日・H31.3.31 も可）"),
])
def test_a_step_date_written_as_text_reads_as_the_report_month_does(tmp_path: Path, written: str, date: str):
    """報告月 took 令和; a step's 日付 refused it. A date that does not exist says so."""
    path = fill_template(tmp_path / "self.xlsx", month="令和8年2月")
    wb = openpyxl.load_workbook(path)
    ws = wb["進捗入力"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "戸籍" and ws.cell(r, 2).value == "①-1")
    ws.cell(row, 5).value = written
    wb.save(path)
    if date.startswith("日付"):
        with pytest.raises(InputError) as err:
            read_progress(path)
        assert err.value.details == [f"進捗入力!E{row}: {date}"]
        return
    assert read_progress(path).notes == [(0, "戸籍", 1, date, "体制案を作成中")]


def test_template_errors_are_collected(tmp_path: Path) -> None:
    path = fill_template(tmp_path / "self.xlsx", month="いつか")
    wb = openpyxl.load_workbook(path)
    ws = wb["進捗入力"]
    ws.cell(12, 4).value = "たぶん完了"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_progress(path)
    text = str(err.value)
    assert "進捗入力!B6" in text and "報告月" in text and "進捗入力!D12" in text and "2 件の問題" in text


def test_a_self_sheet_with_an_area_s_rows_deleted_counts_it_as_not_started(tmp_path: Path) -> None:
    """The overall rate is out of 800 whatever the sheet holds (it read 80/760 with 生活保護's rows deleted). Its steps
    are unrecorded (None), as of an area a 総務省 workbook lacks: they read 40 steps 未着手, next step ①-1, 40 × ○ on the
    dashboard, beside 「今月のデータなし」 (the readiness oracle review)."""
    path = fill_template(tmp_path / "self.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["進捗入力"]
    for r in range(ws.max_row, 0, -1):
        if ws.cell(r, 1).value == "生活保護":
            ws.delete_rows(r)
    wb.save(path)
    data = read_progress(path)
    rows = {r[1]: r[2:] for r in data.rows}
    assert len(rows) == 20 and rows["生活保護"] == (0, 0, None) and rows["住民記録"][0] == 40
    assert sum(r[0] for r in rows.values()) == 40  # 40 done of 800: 5%, not 40/760
    assert data.warnings[-1].endswith("次の業務は記録がないため未着手（0/40）とみなしました: 生活保護（1 団体）")


def test_a_self_sheet_with_some_of_an_area_s_step_rows_deleted_counts_those_steps_as_not_started(tmp_path: Path) -> None:
    """Steps 21–40 of a done 住民記録 deleted: 20/40 (50 %), not 40/40, with the steps named in a warning."""
    def drop_last_twenty(ws) -> None:  # type: ignore[no-untyped-def]
        for r in reversed(_rows_of(ws, "住民記録")[20:]):
            ws.delete_rows(r)
    path = _edit(fill_template(tmp_path / "self.xlsx"), drop_last_twenty)
    data = read_progress(path)
    rows = {r[1]: r[2:] for r in data.rows}
    assert rows["住民記録"] == (20, 0, "D" * 20 + "N" * 20)
    assert f"{path}: 住民記録 の 20 ステップは行がないため未着手とみなしました" in data.warnings


def test_a_municipality_twice_in_the_rate_sheet_is_an_error_naming_both_rows(tmp_path: Path) -> None:
    # the second row used to replace the first silently
    path = rates_workbook(tmp_path / "dup.xlsx", ["住民記録"], [["宮城県", "試験町", 1.0, 1.0], ["宮城県", "試験町", 0.5, 0.5]])
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.details == ["令和8年1月_進捗状況!B4: 宮城県 試験町 の行が重複しています（最初は 令和8年1月_進捗状況!B3）"]


def test_a_step_sheet_without_some_step_columns_names_them(tmp_path: Path) -> None:
    """It said only how many (「欠けているステップ: 2 個」), leaving the user to compare 40 headers."""
    path = _soumu_workbook(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["業務別ステップ別進捗一覧"]
    for step in ("⑦-1", "⑱-1"):
        next(c for c in ws[1] if str(c.value).startswith(step)).value = "メモ"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.message == (f"{path}: シート「業務別ステップ別進捗一覧」1 行目の見出しが足りません（都道府県名・市区町村名・業務名と "
                                 "40 のステップが必要。ないもの: ステップ ⑦-1・⑱-1（2 個））")


@pytest.mark.parametrize("renamed, absent", [
    (["市区町村名"], "市区町村名"),  # every step there: no 「ステップ（0 個）」
    (["都道府県名", "⑦-1"], "都道府県名、ステップ ⑦-1（1 個）"),
])
def test_a_step_sheet_without_a_name_column_names_it_with_any_missing_step(tmp_path: Path, renamed: list[str],
                                                                          absent: str) -> None:
    path = _soumu_workbook(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    for name in renamed:
        next(c for c in wb["業務別ステップ別進捗一覧"][1] if str(c.value).startswith(name)).value = "メモ"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.message == (f"{path}: シート「業務別ステップ別進捗一覧」1 行目の見出しが足りません（都道府県名・市区町村名・業務名と "
                                 f"40 のステップが必要。ないもの: {absent}）")


def test_a_row_twice_on_the_step_sheet_names_the_first_too(tmp_path: Path) -> None:
    """As the rate sheet does: which of the two rows is wrong is the user's to judge."""
    path = _soumu_workbook(tmp_path / "s.xlsx", area="戸籍附票")  # rows 2 and 3 are both 戸籍附票
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.details == ["業務別ステップ別進捗一覧!C3: 試験町 の 戸籍附票 の行が重複しています（最初は 業務別ステップ別進捗一覧!C2）"]


def test_a_step_twice_on_the_self_sheet_names_the_first_too(tmp_path: Path) -> None:
    rows: list[int] = []

    def step_twice(ws) -> None:  # type: ignore[no-untyped-def]
        rows.extend(_rows_of(ws, "戸籍")[:2])
        ws.cell(rows[1], 2).value = ws.cell(rows[0], 2).value
    with pytest.raises(InputError) as err:
        read_progress(_edit(fill_template(tmp_path / "self.xlsx"), step_twice))
    assert err.value.details == [f"進捗入力!B{rows[1]}: 戸籍 のステップ ①-1 が重複しています（最初は 進捗入力!B{rows[0]}）"]


def test_a_step_three_times_on_the_self_sheet_names_the_first_row_each_time(tmp_path: Path) -> None:
    """The third row said 「最初は」 the second."""
    rows: list[int] = []

    def step_thrice(ws) -> None:  # type: ignore[no-untyped-def]
        rows.extend(_rows_of(ws, "戸籍")[:3])
        for r in rows[1:]:
            ws.cell(r, 2).value = ws.cell(rows[0], 2).value
    with pytest.raises(InputError) as err:
        read_progress(_edit(fill_template(tmp_path / "self.xlsx"), step_thrice))
    assert err.value.details == [f"進捗入力!B{r}: 戸籍 のステップ ①-1 が重複しています（最初は 進捗入力!B{rows[0]}）"
                                 for r in rows[1:]]


def test_a_prefecture_outside_the_47_is_an_error_with_a_guess(tmp_path: Path) -> None:
    """A self sheet typed 「宮城」 made a 48th prefecture (1,742 municipalities in the national view)."""
    path = rates_workbook(tmp_path / "typo.xlsx", ["住民記録"], [["宮城", "試験町", 1.0, 1.0], ["宮城県", "試験村", 1.0, 1.0],
                                                              ["ミヤギ県", "試験市", 1.0, 1.0]])
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.details == ["令和8年1月_進捗状況!A3: 都道府県「宮城」は47都道府県の名前ではありません（宮城県 のことですか）",
                                 "令和8年1月_進捗状況!A5: 都道府県「ミヤギ県」は47都道府県の名前ではありません（例: 宮城県）"]
    self_sheet = fill_template(tmp_path / "self.xlsx")
    wb = openpyxl.load_workbook(self_sheet)
    ws = wb["進捗入力"]
    next(ws.cell(r, 2) for r in range(1, 10) if ws.cell(r, 1).value == "都道府県").value = "大阪"
    wb.save(self_sheet)
    with pytest.raises(InputError, match="都道府県「大阪」は47都道府県の名前ではありません（大阪府 のことですか）"):
        read_progress(self_sheet)


def _edit(path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(path)
    edit(wb["進捗入力"])
    wb.save(path)
    return path


def _rows_of(ws, area: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == area]


def test_a_status_cell_merged_over_steps_gives_each_step_its_value(tmp_path: Path) -> None:
    """「完了済み」 written once over ①-1..①-3 (merged, as Excel shows it over the three): ①-2 and ①-3 read 未着手."""
    def merge(ws) -> None:  # type: ignore[no-untyped-def]
        first = _rows_of(ws, "戸籍")[0]
        ws.cell(first, 4).value = "完了済み"
        ws.merge_cells(start_row=first, start_column=4, end_row=first + 2, end_column=4)
    data = read_progress(_edit(fill_template(tmp_path / "self.xlsx"), merge))
    rows = {r[1]: r[2:] for r in data.rows}
    assert rows["戸籍"][2].startswith("DDDN") and rows["戸籍"][0] == 3


def test_an_area_cell_merged_over_its_rows_names_each_row(tmp_path: Path) -> None:
    """業務 merged over an area's 40 rows: 39 errors 「業務「」は…にありません」 per area."""
    def merge(ws) -> None:  # type: ignore[no-untyped-def]
        for area in ("住民記録", "戸籍"):
            rows = _rows_of(ws, area)
            for r in rows[1:]:
                ws.cell(r, 1).value = None
            ws.merge_cells(start_row=rows[0], start_column=1, end_row=rows[-1], end_column=1)
    rows = {r[1]: r[2:] for r in read_progress(_edit(fill_template(tmp_path / "self.xlsx"), merge)).rows}
    assert rows["住民記録"][0] == 40 and rows["戸籍"][:2] == (0, 1)


def test_the_dashboard_legend_marks_are_statuses_and_a_refused_one_is_quoted_as_typed(tmp_path: Path) -> None:
    marks = {"●": "D", "◐": "W", "○": "N", "－": "X", "済": "D", "済み": "D", "✓": "D"}

    def mark(ws) -> None:  # type: ignore[no-untyped-def]
        for r, m in zip(_rows_of(ws, "戸籍"), list(marks) + ["完了済み（1/15）"]):
            ws.cell(r, 4).value = m
    path = _edit(fill_template(tmp_path / "self.xlsx"), mark)
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.details == ["進捗入力!D96: 状況「完了済み（1/15）」は 完了済み・作業中・未着手・対象外（記号なら ●・◐・○・－） "
                                 "のいずれでもありません"]
    _edit(path, lambda ws: setattr(ws.cell(96, 4), "value", None))
    rows = {r[1]: r[2:] for r in read_progress(path).rows}
    assert rows["戸籍"][2].startswith("".join(marks.values()))


CIRCLE_REFUSED = ("は完了とも未着手とも読めるため取り込みません。完了済み・作業中・未着手・対象外 のいずれかで書いてください"
                  "（記号なら ●・◐・○・－ を組み合わせて使えば、○ は未着手と読みます）")


def test_a_circle_without_the_legend_s_other_symbols_is_refused_on_each_cell(tmp_path: Path) -> None:
    """A clerk marking 住民記録's finished steps with ○ (office use: ○ = 済) read 0 % silently; 〇 was refused."""
    def mark(ws) -> None:  # type: ignore[no-untyped-def]
        rows = _rows_of(ws, "住民記録")
        for r in rows:
            ws.cell(r, 4).value = "○"
        ws.cell(rows[1], 4).value = "〇"
        ws.cell(rows[2], 4).value = "◯"
    path = _edit(fill_template(tmp_path / "self.xlsx"), mark)
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.message == f"{path}: シート「進捗入力」に 40 件の問題があります"
    assert err.value.details[:3] == [f"進捗入力!D9: 状況「○」{CIRCLE_REFUSED}", f"進捗入力!D10: 状況「〇」{CIRCLE_REFUSED}",
                                     f"進捗入力!D11: 状況「◯」{CIRCLE_REFUSED}"]
    assert len(err.value.details) == 40


@pytest.mark.parametrize("symbol", ["●", "◐"])
def test_a_circle_beside_the_legend_s_filled_symbols_is_not_started(tmp_path: Path, symbol: str) -> None:
    def mark(ws) -> None:  # type: ignore[no-untyped-def]
        rows = _rows_of(ws, "戸籍")
        ws.cell(rows[0], 4).value = symbol
        for r, m in zip(rows[1:], "○〇◯"):
            ws.cell(r, 4).value = m
    rows = {r[1]: r[2:] for r in read_progress(_edit(fill_template(tmp_path / "self.xlsx"), mark)).rows}
    assert rows["戸籍"][2][:4] == {"●": "D", "◐": "W"}[symbol] + "NNN"


def test_a_circle_on_the_step_sheet_reads_as_the_sheet_s_other_marks_say(tmp_path: Path) -> None:
    """The same rule on a step sheet: a ● only on another row (read through the fast path) makes its ○ 未着手."""
    path = _soumu_workbook(tmp_path / "steps.xlsx", status="○")
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.details[0] == f"業務別ステップ別進捗一覧!D2: ステップの状況「○」{CIRCLE_REFUSED}"
    assert len(err.value.details) == 40
    wb = openpyxl.load_workbook(path)
    wb["業務別ステップ別進捗一覧"].cell(3, 4).value = "●"  # 戸籍附票's first step
    wb.save(path)
    rows = {r[1]: r[2:] for r in read_progress(path).rows}
    assert rows["住民記録"][2] == "N" * 40 and rows["戸籍附票"][2] == "D" + "X" * 39


def test_total_and_footnote_rows_under_the_table_are_skipped_with_a_note(tmp_path: Path) -> None:
    def add(ws) -> None:  # type: ignore[no-untyped-def]
        ws.cell(ws.max_row + 2, 1).value = "合計"
        ws.cell(ws.max_row, 4).value = 760
        ws.cell(ws.max_row + 1, 1).value = "※ 状況は2月末時点"
    data = read_progress(_edit(fill_template(tmp_path / "self.xlsx", month="2026年2月分"), add))
    assert data.month == "2026-02"
    assert data.warnings == [f"{tmp_path / 'self.xlsx'}: 20 業務の名前もステップもない行を表の外の行（合計・注記）とみなして"
                             "読み飛ばしました: 進捗入力!A810「合計」、進捗入力!A811「※ 状況は2月末時点」"]


def test_a_note_is_kept_as_typed(tmp_path: Path) -> None:
    """NFKC turned ①-1 into 1-1 and ㈱ into (株) in the user's free text."""
    note = "㈱架空システムズと①-1の体制案を協議（ｶﾅ入力・Ｗｉｎｄｏｗｓ端末）"

    def write(ws) -> None:  # type: ignore[no-untyped-def]
        ws.cell(_rows_of(ws, "戸籍")[0], 6).value = f"　{note} "
    assert read_progress(_edit(fill_template(tmp_path / "self.xlsx"), write)).notes == [(0, "戸籍", 1, "2026-01-20", note)]


def test_an_area_without_a_column_is_marked_as_filled(tmp_path: Path) -> None:
    path = rates_workbook(tmp_path / "rates.xlsx", ["住民記録"], [["宮城県", "試験町", 1.0, 1.0]])
    data = read_progress(path)
    assert len(data.filled) == 19 and (0, "住民記録") not in data.filled and (0, "印鑑登録") in data.filled


def test_a_second_month_s_sheet_is_an_error_naming_each_with_its_month(tmp_path: Path) -> None:
    """Only the first matching sheet was read: the newer month of a workbook holding two was dropped without a word."""
    path = rates_workbook(tmp_path / "two.xlsx", ["住民記録"], [["宮城県", "試験町", 1.0, 1.0]], month="令和7年12月")
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb.active).title = "令和8年1月_進捗状況"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert str(err.value) == (f"{path}: 進捗状況のシートが 2 枚あります: 「令和7年12月_進捗状況」（2025-12）、「令和8年1月_進捗状況」"
                              "（2026-01）。1 つのブックから取り込めるのは 1 か月分の 1 枚だけです。取り込むシートだけを残したブックにするか、"
                              "月ごとに別のブックに分けてください")
    # last month's self sheet copied by Excel's 「移動またはコピー」 to fill in the new one, then hidden
    self_sheet = fill_template(tmp_path / "self.xlsx", month="2026-01")
    wb = openpyxl.load_workbook(self_sheet)
    copy = wb.copy_worksheet(wb["進捗入力"])
    copy.title = "進捗入力 (2)"
    copy.cell(next(r for r in range(1, 10) if copy.cell(r, 1).value == "報告月"), 2).value = "令和8年2月"
    wb["進捗入力"].sheet_state = "hidden"
    wb.save(self_sheet)
    with pytest.raises(InputError, match=r"自己記入シートが 2 枚あります: 「進捗入力」（2026-01・非表示）、「進捗入力 \(2\)」（2026-02）。"):
        read_progress(self_sheet)


@pytest.mark.parametrize("prefecture, typed, code", [
    ("北海道", 11002, "011002"), ("北海道", 12025, "012025"), ("宮城県", 41009, "041009"),  # 6 digits, the 0 lost
    ("北海道", 1100, "01100"), ("宮城県", 4101, "04101"),  # 5 digits (no check digit), the 0 lost
    ("埼玉県", 11002, "11002"), ("東京都", 131016, "131016"), ("宮城県", "041009", "041009"),  # as typed
    ("北海道", 11003, "11003"),  # a check digit that does not hold: no 6-digit code, left as typed
    ("宮城県", 42030, "042030"), ("宮城県", 45021, "045021"),  # 塩竈市, 利府町: 11 − Σ mod 11 is 10 and 11, digits 0 and 1
])
def test_a_code_typed_as_a_number_gets_back_its_leading_zero(tmp_path: Path, prefecture: str, typed: object,
                                                             code: str) -> None:
    """札幌市 011002 typed as a number read 11002 (a 埼玉県 code): the row's prefecture says which code it was."""
    path = tmp_path / "code.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("令和8年1月_進捗状況")
    ws.write_row(0, 0, ["団体コード", "都道府県", "市区町村", "完了率", "業務別完了率"])
    ws.write_row(1, 4, ["住民記録"])
    ws.write_row(2, 0, [typed, prefecture, "試験市", 1.0, 1.0])
    wb.close()
    assert read_progress(path).municipalities[0].code == code
    self_sheet = fill_template(tmp_path / "self.xlsx")
    wb2 = openpyxl.load_workbook(self_sheet)
    ws2 = wb2["進捗入力"]
    labels = {ws2.cell(r, 1).value: r for r in range(1, 10)}
    ws2.cell(labels["都道府県"], 2).value, ws2.cell(labels["団体コード"], 2).value = prefecture, typed
    wb2.save(self_sheet)
    assert read_progress(self_sheet).municipalities[0].code == code


def test_a_self_sheet_without_one_status_written_is_an_error(tmp_path: Path) -> None:
    """Blank reads 未着手; a sheet blank throughout (the template as written, or the wrong file) replaced the town's
    総務省 figure with 0 %. A 合計 row under the table is no status."""
    def clear(ws) -> None:  # type: ignore[no-untyped-def]
        for r in range(9, ws.max_row + 1):
            ws.cell(r, 4).value = None
        ws.cell(ws.max_row + 2, 1).value = "合計"
        ws.cell(ws.max_row, 4).value = 0
    with pytest.raises(InputError) as err:
        read_progress(_edit(fill_template(tmp_path / "self.xlsx"), clear))
    assert err.value.details == ["進捗入力!D8: 状況が 1 つも記入されていません。空欄は未着手と読みますが、すべて空欄のシートは"
                                 "記入前のひな形か別のファイルと考えられるため取り込みません（すべて未着手なら「未着手」と記入してください）"]
    one = _edit(tmp_path / "self.xlsx", lambda ws: setattr(ws.cell(_rows_of(ws, "戸籍")[0], 4), "value", "未着手"))
    assert sum(r[2] for r in read_progress(one).rows) == 0  # one status written: all 未着手, as written


_HINT = "0〜1 の数値（0.75）か % を付けた値（75%）で、1/40（2.5%）刻みで書いてください"


def _rate_problems(tmp_path: Path, rows: list[list[object]]) -> InputError:
    path = rates_workbook(tmp_path / "rates.xlsx", ["住民記録", "戸籍"], rows)
    with pytest.raises(InputError) as err:
        read_progress(path)
    return err.value


def test_a_blank_rate_cell_is_called_blank(tmp_path: Path) -> None:
    """「業務別完了率「」が 0〜1（0〜100%）の…ではありません」 for an empty cell."""
    err = _rate_problems(tmp_path, [["宮城県", "試験町", 0.5, None, "よく分からない"], ["宮城県", "試験村", 0.5, 0.5, None]])
    assert err.details == [f"令和8年1月_進捗状況!E3: 業務別完了率「よく分からない」を読めません（{_HINT}）",
                           f"令和8年1月_進捗状況!D3、E4: 業務別完了率が空欄です（{_HINT}）"]
    assert "3 件の問題" in str(err)


def test_a_rate_of_nan_or_infinity_is_a_cell_problem(tmp_path: Path) -> None:
    """「nan」 (what pandas writes for a missing value), 「inf%」 or 1e308 (× 40 overflows): round() raised a traceback."""
    err = _rate_problems(tmp_path, [["宮城県", "試験町", 0.5, "nan", "inf%"], ["宮城県", "試験村", 0.5, 1e308, "1e999"]])
    assert [d.split(": ")[0] for d in err.details] == [f"令和8年1月_進捗状況!{c}" for c in ("D3", "E3", "D4", "E4")]


def test_a_sheet_in_percent_numbers_is_one_line_suggesting_both_spellings(tmp_path: Path) -> None:
    """A staff-made sheet of 75, 97.5…: 700 lines saying 「75」 is not 0〜1（0〜100%）, which it is."""
    err = _rate_problems(tmp_path, [["宮城県", f"試験町{n}", 0.5, 75, 97.5] for n in range(10)] + [["宮城県", "試験村", 0, 0, 100]])
    assert err.details == ["令和8年1月_進捗状況!D3、E3、D4、E4、D5 ほか 16 セル: 業務別完了率が 0〜100 の数値（75 など）で書かれています。"
                           "0〜1 の数値（0.75）か、% を付けた値（75%）で書いてください"]
    assert "21 件の問題" in str(err)
    # in a sheet of 0–1 rates, the cell in percent says how to write it
    one = _rate_problems(tmp_path, [["宮城県", "試験町", 0.5, 0.75, "97.5"]])
    assert one.details == ["令和8年1月_進捗状況!E3: 業務別完了率「97.5」は 0〜1 の数値ではありません。百分率なら 97.5% と % を付けるか "
                           "0.975 と書いてください"]


def test_blank_step_statuses_are_one_line(tmp_path: Path) -> None:
    path = _soumu_workbook(tmp_path / "steps.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["業務別ステップ別進捗一覧"]
    for c in range(4, 44):
        ws.cell(3, c).value = None  # 戸籍附票's 40 steps left blank
    ws.cell(2, 4).value = "〇"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_progress(path)
    assert err.value.details == [
        "業務別ステップ別進捗一覧!D2: ステップの状況「〇」は完了とも未着手とも読めるため取り込みません。完了済み・作業中・未着手・対象外 "
        "のいずれかで書いてください（記号なら ●・◐・○・－ を組み合わせて使えば、○ は未着手と読みます）",
        "業務別ステップ別進捗一覧!D3、E3、F3、G3、H3 ほか 35 セル: ステップの状況が空欄です（完了済み・作業中・未着手・対象外（記号なら ●・◐・○・－） "
        "のいずれかを書いてください）"]
    assert "41 件の問題" in str(err.value)


@pytest.mark.parametrize("rounded", [0.33, "33%"])
def test_a_rate_that_is_not_a_whole_number_of_steps_is_refused(tmp_path: Path, rounded: object) -> None:
    """A rate rounded to whole percent (13/40 is 32.5 %) is not read as the nearest step count."""
    err = _rate_problems(tmp_path, [["宮城県", "試験町", 0.5, 0.5, rounded], ["宮城県", "試験村", 0.325, 0.325, "32.5%"]])
    assert err.details == [f"令和8年1月_進捗状況!E3: 業務別完了率「{rounded}」を読めません（{_HINT}）"]


def test_rows_hidden_in_a_progress_workbook_are_read_and_their_towns_named(tmp_path: Path) -> None:
    """A prefecture's staff filter the sheets or hide rows: the rows are read as any other, and the towns in them are
    named (as the vendor and spec readers name hidden rows), so that nobody takes the import for the rows they saw."""
    book = openpyxl.load_workbook(MIYAGI)
    rates = book["令和8年1月_進捗状況"]
    for r in (5, 6, 7):  # 塩竈市, 気仙沼市, 白石市
        rates.row_dimensions[r].hidden = True
    step_rows = book["業務別ステップ別進捗一覧"]
    for r in range(41, 81):  # 石巻市's last area and 塩竈市's 20 areas and 気仙沼市's first 19
        step_rows.row_dimensions[r].hidden = True
    path = tmp_path / "宮城県.xlsx"
    book.save(path)
    data = read_progress(path)
    assert len(data.municipalities) == 35 and _by_muni(data) == _by_muni(read_progress(MIYAGI))
    hidden = [w for w in data.warnings if "非表示" in w]
    assert hidden == [
        f"{path}: シート「令和8年1月_進捗状況」の非表示の行（フィルターで隠れた行を含む）にある 3 団体（宮城県 塩竈市、宮城県 気仙沼市、"
        "宮城県 白石市）も取り込みました。再表示して、取り込んでよい団体か確かめてください",
        f"{path}: シート「業務別ステップ別進捗一覧」の非表示の行（フィルターで隠れた行を含む）にある 40 行・3 団体（宮城県 石巻市、"
        "宮城県 塩竈市、宮城県 気仙沼市）も取り込みました。再表示して、取り込んでよい団体か確かめてください"]


def test_a_list_of_hidden_towns_is_cut_at_ten(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(MIYAGI)
    for r in range(3, 38):
        book["令和8年1月_進捗状況"].row_dimensions[r].hidden = True
    book.save(path := tmp_path / "宮城県.xlsx")
    note = next(w for w in read_progress(path).warnings if "非表示" in w)
    assert "にある 35 団体（宮城県 仙台市、" in note and "宮城県 登米市 ほか 25 団体）も取り込みました" in note


def test_step_rows_hidden_in_a_self_sheet_are_named_by_area(tmp_path: Path) -> None:
    def hide(ws) -> None:  # type: ignore[no-untyped-def]
        for r in _rows_of(ws, "住民記録") + _rows_of(ws, "戸籍")[:2]:
            ws.row_dimensions[r].hidden = True
    data = read_progress(_edit(fill_template(tmp_path / "self.xlsx"), hide))
    assert [w for w in data.warnings if "非表示" in w] == [
        f"{tmp_path / 'self.xlsx'}: シート「進捗入力」の非表示の行（フィルターで隠れた行を含む）にある 42 ステップ"
        "（住民記録（40 ステップ）、戸籍（2 ステップ））の状況も取り込みました。再表示して確かめてください"]


def test_a_progress_workbook_without_hidden_rows_says_nothing_of_them() -> None:
    assert not [w for w in read_progress(MIYAGI).warnings if "非表示" in w]


def test_hidden_columns_the_import_reads_are_named_once_per_sheet(tmp_path: Path) -> None:
    """A hidden area or step column was read without a word, while hidden rows got a 「注意:」: each column read that a
    sheet hides, with its header (not 完了率 or ステップ名, which the import does not read)."""
    book = openpyxl.load_workbook(MIYAGI)
    rates = book["令和8年1月_進捗状況"].column_dimensions
    rates["C"].max = 3  # openpyxl's C stands for C:W, the width the fixture gives them
    for letter in "CEF":  # 完了率, 選挙人名簿管理, 固定資産税
        rates[letter].hidden = True
    step_columns = book["業務別ステップ別進捗一覧"].column_dimensions
    step_columns["D"].max = 4  # D:AQ
    for letter in "CDEFGHIJ":  # 業務名, ①-1 to ③-1
        step_columns[letter].hidden = True
    path = tmp_path / "宮城県.xlsx"
    book.save(path)
    data = read_progress(path)
    assert _by_muni(data) == _by_muni(read_progress(MIYAGI))
    assert [w for w in data.warnings if "非表示" in w] == [
        f"{path}: シート「令和8年1月_進捗状況」の非表示の列（E 列「選挙人名簿管理」、F 列「固定資産税」）も取り込みました。"
        "再表示して確かめてください",
        f"{path}: シート「業務別ステップ別進捗一覧」の非表示の列（C 列「業務名」、D 列「①-1 推進体制案の作成」、"
        "E 列「①-2 関連部局との調整・担当者名簿の作成」、F 列「①-3 首長等への報告」、G 列「②-1 現行システム環境の基礎調査"
        "（基礎情報・契約範囲等に係る調査）」 ほか 3 列）も取り込みました。再表示して確かめてください"]

    def hide(ws) -> None:  # type: ignore[no-untyped-def]
        for letter in "BCF":  # the values of 都道府県…報告月 and ステップ, ステップ名, 備考
            ws.column_dimensions[letter].hidden = True
    sheet = _edit(fill_template(tmp_path / "self.xlsx"), hide)
    assert [w for w in read_progress(sheet).warnings if "非表示" in w] == [
        f"{sheet}: シート「進捗入力」の非表示の列（B 列「ステップ」、F 列「備考」）も取り込みました。再表示して確かめてください"]
