"""Readiness questions over a store: the selection's month, the months and groups its medians are of, merged towns,
names as typed, and what an import should point out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from checker.analysis.readiness import Deadlines
from checker.dates_ja import shown_month
from checker.errors import InputError, UsageError
from checker.io.deadlines import check_towns, load_deadlines
from checker.io.readiness_reader import read_progress
from checker.readiness_model import MunicipalityKey, ReadinessImport, not_a_prefecture, town_key
from checker.readiness_query import (ReadinessData, Selection, gone_note, import_notes, import_problems, load,
                                     missing_prefectures, record_places, select, status_records)
from checker.readiness_store import ReadinessStore, schema_version
from checker.report.html import render
from checker.report.readiness_view import LineChart, build_context
from tests.conftest import (FIXTURES, MIYAGI_DEADLINES, nation_workbook, rates_workbook, stored_as_hyojun_0_7,
                            tokyo_not_sent)

BEFORE, AFTER = ("利府町", "松島町", "色麻町"), ("利府町", "松島町", "しかま町")  # 色麻町 renamed しかま町 in 2026-02


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> ReadinessStore:
    """The whole country for 2026-01 and 2026-02 (宮城県's 色麻町 renamed), then 利府町 alone for 2026-03: in SQLite and
    PostgreSQL, as the views' queries (the default month, the files behind it, the towns' order) are the database's."""
    store = ReadinessStore(db_url)
    store.import_data(read_progress(nation_workbook(tmp_path / "01.xlsx", "令和8年1月", BEFORE)))
    store.import_data(read_progress(nation_workbook(tmp_path / "02.xlsx", "令和8年2月", AFTER, rate=0.75)))
    store.import_data(read_progress(rates_workbook(tmp_path / "rifu.xlsx", ["住民記録"], [["宮城県", "利府町", 1.0, 1.0]],
                                                   month="令和8年3月")))
    return store


def _records(store: ReadinessStore, prefecture: str | None, municipality: str | None) -> list[dict]:
    data = load(store, select(store, prefecture, municipality), None)
    return status_records(store, data, today=dt.date(2026, 3, 15), deadlines=Deadlines())


def test_the_default_month_is_the_latest_of_the_selection(store: ReadinessStore) -> None:
    """利府町's sheet for 2026-03 made 2026-03 every town's and prefecture's default, and each failed for want of it.
    A prefecture and the country open on their 総務省 list's month, naming the later month of 利府町 alone: its 2026-03
    made 「宮城県」 利府町's table, and the dashboards 「要注意の団体 0」 and a one-town median."""
    assert load(store, select(store, None, "北海道市"), None).month == "2026-02"
    assert load(store, select(store, "北海道", None), None).month == "2026-02"
    miyagi = load(store, select(store, "宮城県", None), None)
    assert (miyagi.month, len(miyagi.current), miyagi.later) == ("2026-02", 3, [("2026-03", 1)])
    country = load(store, select(store, None, None), None)
    assert (country.month, len(country.current), country.later) == ("2026-02", 49, [("2026-03", 1)])
    assert load(store, select(store, "宮城県", None), "2026-03").later == []  # asked for: shown, nothing left out
    assert load(store, select(store, None, "利府町"), None).month == "2026-03"
    assert load(store, select(store, "宮城県", "色麻町"), None).month == "2026-01"
    with pytest.raises(InputError) as e:
        load(store, select(store, None, "北海道市"), "2026-03")
    assert str(e.value) == "2026-03 の 北海道 北海道市 のデータがありません（北海道 北海道市 のデータがある月: 2026-01、2026-02）"
    with pytest.raises(InputError, match=r"^2025-12 のデータがありません（データがある月: 2026-01、2026-02、2026-03）$"):
        load(store, select(store, None, None), "2025-12")


def _own_sheet(folder: Path, town: str, month: str, rate: float) -> ReadinessImport:
    """宮城県 *town*'s own sheet of *month* (a self sheet, its scope the town): 住民記録 at *rate*."""
    book = rates_workbook(folder / f"{town}{month}.xlsx", ["住民記録"], [["宮城県", town, rate, rate]], month)
    return dataclasses.replace(read_progress(book), kind="self")


def test_a_later_month_of_half_the_towns_or_more_is_the_default(tmp_path: Path) -> None:
    """A month of at least half the towns of the list is the default (東京都's workbook not sent yet, every town's own
    sheet ahead of 総務省's): under half, the dashboards call its figures no trend of the whole."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for path in tokyo_not_sent(tmp_path):
        store.import_data(read_progress(path))
    data = load(store, select(store, None, None), None)
    assert (data.month, data.later) == ("2026-02", [])
    towns = ("利府町", "大和町", "松島町")
    store = ReadinessStore(f"sqlite:///{tmp_path / 'm.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "m.xlsx", ["住民記録"], [["宮城県", t, 0.5, 0.5] for t in towns])))
    for month, present in (("令和8年2月", towns[:2]), ("令和8年3月", towns[:1])):  # own sheets: 2 of 3, then 1 of 3
        for t in present:
            store.import_data(_own_sheet(tmp_path, t, month, 0.75))
    miyagi = load(store, select(store, "宮城県", None), None)
    assert (miyagi.month, [m.name for m in miyagi.current], miyagi.later) == ("2026-02", ["利府町", "大和町"], [("2026-03", 1)])


def test_without_any_soumu_list_the_default_is_the_month_of_the_most_towns(tmp_path: Path) -> None:
    """Self sheets only, no 総務省 workbook: the month most towns reported, the latest of equals, not one town's newer."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for town, months in (("利府町", ("令和8年1月", "令和8年2月", "令和8年3月")), ("松島町", ("令和8年1月", "令和8年2月"))):
        for month in months:
            store.import_data(_own_sheet(tmp_path, town, month, 0.5))
    for prefecture in ("宮城県", None):
        data = load(store, select(store, prefecture, None), None)
        assert (data.month, len(data.current), data.later) == ("2026-02", 2, [("2026-03", 1)])


def test_a_town_ahead_of_soumu_is_compared_with_soumu_s_latest_month(store: ReadinessStore) -> None:
    """利府町's own 2026-03 against 「宮城県の中央値（1 団体）」: its own figures."""
    data = load(store, select(store, None, "利府町"), None)
    assert (data.prefectures["宮城県"].month, len(data.prefectures["宮城県"].group)) == ("2026-02", 3)
    assert (data.national.month, len(data.national.group)) == ("2026-02", 49)
    (record,) = status_records(store, data, today=dt.date(2026, 3, 15), deadlines=Deadlines())
    assert record["median_months"] == {"prefecture": "2026-02", "national": "2026-02"}
    assert record["areas"]["住民記録"] == 1.0 and record["details"]["住民記録"]["prefecture_median"] == 0.75
    (feb,) = status_records(store, load(store, select(store, None, "利府町"), "2026-02"), today=dt.date(2026, 3, 15),
                            deadlines=Deadlines())
    assert feb["median_months"] == {"prefecture": "2026-02", "national": "2026-02"}


def test_a_newer_book_of_several_prefectures_is_the_month_of_their_medians(tmp_path: Path) -> None:
    """With each prefecture's own January, a February book of 宮城県 and 東京都 was left out of the medians: 利府町's
    February was compared with January's (one with the February book alone was compared with February's)."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    miyagi, tokyo = ("利府町", "大和町", "松島町"), ("府中市", "調布市")
    for name, month, rate, rows in (("m.xlsx", "令和8年1月", 0.25, [["宮城県", t] for t in miyagi]),
                                    ("t.xlsx", "令和8年1月", 0.25, [["東京都", t] for t in tokyo]),
                                    ("both.xlsx", "令和8年2月", 0.75, [["宮城県", t] for t in miyagi] + [["東京都", t] for t in tokyo])):
        store.import_data(read_progress(rates_workbook(tmp_path / name, ["住民記録"], [[*r, rate, rate] for r in rows], month)))
    data = load(store, select(store, None, "利府町"), None)
    assert (data.month, data.prefectures["宮城県"].month, len(data.prefectures["宮城県"].group)) == ("2026-02", "2026-02", 3)
    assert (data.national.month, len(data.national.group)) == ("2026-02", 5)
    (record,) = status_records(store, data, today=dt.date(2026, 3, 15), deadlines=Deadlines())
    assert record["details"]["住民記録"]["prefecture_median"] == record["details"]["住民記録"]["national_median"] == 0.75
    feb = load(store, select(store, "宮城県", None), None)
    assert feb.unlisted("2026-02") == [] and feb.without_month == []


def test_a_town_alone_is_compared_with_nobody(tmp_path: Path) -> None:
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "one.xlsx", ["住民記録"], [["宮城県", "利府町", 1.0, 1.0]])))
    (record,) = _records(store, None, "利府町")
    assert record["median_months"] == {"prefecture": None, "national": None}
    assert record["details"]["住民記録"]["prefecture_median"] is record["details"]["住民記録"]["national_median"] is None


def test_a_prefectures_views_read_its_towns_check_records_once(store: ReadinessStore,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The prefecture's table and dashboard show each town's recorded coverage (`coverage_summary`): the check records
    are read in one query of the prefecture's (and those an older hyojun recorded without one), not the whole store's
    nor once per town. The country's map leaves the column out."""
    run = "2026-02-10T00:00:00.000001+00:00"
    store.record_check("介護保険", "利府町", "第6.0版", "A社", 0.9, "conditional", run, prefecture="宮城県")
    store.record_check("戸籍", "利府町", "第5.0版", "B社", 0.8, "conditional", run, prefecture="宮城県")
    store.record_check("介護保険", "松島町", "第6.0版", "C社", 0.7, "conditional", run)  # no prefecture: an older hyojun's
    store.record_check("介護保険", "北海道市", "第6.0版", "D社", 0.5, "conditional", run, prefecture="北海道")
    assert {c.vendor for c in store.check_rows(prefecture="宮城県")} == {"A社", "B社", "C社"}
    assert {c.vendor for c in store.check_rows(prefecture="宮城県", municipality="利府町")} == {"A社", "B社"}
    reads: list[dict] = []
    every = store.check_rows
    monkeypatch.setattr(store, "check_rows", lambda **kw: reads.append(kw) or every(**kw))
    data = load(store, select(store, "宮城県", None), "2026-02")
    records = status_records(store, data, today=dt.date(2026, 3, 15), deadlines=Deadlines())
    assert reads == [{"prefecture": "宮城県", "municipality": None}]
    summary = {r["municipality"]: r["coverage_summary"] for r in records}
    assert (summary["利府町"]["area"], summary["利府町"]["vendor"], summary["松島町"]["vendor"], summary["しかま町"]) == (
        "戸籍", "B社", "C社", None)
    reads.clear()
    ctx = build_context(store, data, today=dt.date(2026, 3, 15), deadlines=Deadlines())
    assert reads == [{"prefecture": "宮城県", "municipality": None}]
    assert {row["name"]: row["coverage"] for row in ctx["heat"]} == {
        "利府町": ["80.0% 戸籍（2 業務中最低）", "B社"], "松島町": ["70.0% 介護保険（1 業務のみ）", "C社"], "しかま町": []}
    national = build_context(store, load(store, select(store, None, None), "2026-02"), today=dt.date(2026, 3, 15),
                             deadlines=Deadlines())
    assert not any("coverage" in row for row in national["heat"]) and "coverage_note" not in national


def test_a_merged_or_renamed_town_is_gone_not_missing(store: ReadinessStore) -> None:
    """色麻町, absent from 2026-02's national workbook, showed as 「2026-02 のデータがない」 for good and made the complete
    2026-01 partial."""
    feb = load(store, select(store, "宮城県", None), "2026-02")
    assert feb.without_month == [] and feb.missing("2026-01") == []
    assert feb.unlisted("2026-02") == [("宮城県", "色麻町", "2026-02")]
    assert feb.unlisted("2026-01") == [("宮城県", "しかま町", "2026-01")]  # not yet: no town without data either
    march = load(store, select(store, "宮城県", None), "2026-03")  # 利府町 alone: the others have no data, 色麻町 is gone
    assert march.without_month == [("宮城県", "松島町"), ("宮城県", "しかま町")]  # in the workbook's order
    assert len(load(store, select(store, None, None), "2026-03").without_month) == 48


def test_a_self_sheet_is_checked_against_the_list_of_its_month(store: ReadinessStore) -> None:
    def sheet(name: str, month: str) -> ReadinessImport:
        return ReadinessImport(Path("s.xlsx"), "0", "self", month, [MunicipalityKey("宮城県", name)], [],
                               cells={"市区町村": "進捗入力!B4"})

    assert import_problems(store, sheet("色麻町", "2026-01"), today=dt.date(2026, 3, 15)) == []
    (gone,) = import_problems(store, sheet("色麻町", "2026-03"), today=dt.date(2026, 3, 15))
    assert gone == ("進捗入力!B4: 市区町村「色麻町」は宮城県の総務省のブックに 2026年1月まではありましたが、2026年2月のブックにはありません"
                    "（合併・名称変更など）。2026年2月からは今の団体名で記入してください（名称が変わった場合は 2026年2月のブックに"
                    "新しく載った しかま町、ほかの団体と合併した場合は合併後の団体名）。それでも取り込むには --new-municipality を付けてください")
    (typo,) = import_problems(store, sheet("利府", "2026-02"), today=dt.date(2026, 3, 15))
    assert "総務省の 2026年2月のブックの宮城県（3 団体）にありません（利府町 のことですか）" in typo
    assert import_problems(store, sheet("色麻町", "2026-03"), today=dt.date(2026, 3, 15), new_municipality=True) == []


@pytest.mark.parametrize("name, month, hint", [
    # 松島町 became 松島市: the one new name like it is asked about
    ("松島町", "2026-02", "（松島市 のことですか）"),
    # 大衡村 merged into 大和町, as 色麻町 was renamed しかま町: 大衡村 was asked 「しかま町 のことですか」
    ("大衡村", "2026-02", "（名称が変わった場合は 2026年2月のブックに新しく載った しかま町・松島市、ほかの団体と合併した場合は合併後の団体名）"),
    # 松島市 merged into 利府町, and no new name came: nothing to list
    ("松島市", "2026-03", "（ほかの団体と合併した場合は合併後の団体名）"),
])
def test_a_gone_towns_sheet_is_asked_about_a_new_name_only_when_it_resembles_it(tmp_path: Path, name: str, month: str,
                                                                              hint: str) -> None:
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for mo, towns in (("令和8年1月", ("利府町", "松島町", "色麻町", "大衡村", "大和町")),
                      ("令和8年2月", ("利府町", "松島市", "しかま町", "大和町")), ("令和8年3月", ("利府町", "しかま町", "大和町"))):
        store.import_data(read_progress(nation_workbook(tmp_path / f"{mo}.xlsx", mo, towns)))
    sheet = ReadinessImport(Path("s.xlsx"), "0", "self", month, [MunicipalityKey("宮城県", name)], [])
    (why,) = import_problems(store, sheet, today=dt.date(2026, 4, 1))
    assert f"{shown_month(month)}からは今の団体名で記入してください{hint}。それでも取り込むには" in why


def test_a_row_or_two_of_another_prefecture_is_pointed_out() -> None:
    def book(*keys: tuple[str, str]) -> ReadinessImport:
        return ReadinessImport(Path("b.xlsx"), "0", "soumu", "2026-01", [MunicipalityKey(p, n) for p, n in keys], [])

    miyagi = [("宮城県", f"町{i}") for i in range(9)]
    (note,) = import_notes(book(*miyagi, ("宮崎県", "角田市")))
    assert note.startswith("b.xlsx: 宮城県 の 9 団体のブックに、ほかの都道府県の行が 1 行あります（宮崎県 角田市）。")
    assert import_notes(book(*miyagi[:8], ("宮崎県", "角田市"), ("宮崎県", "白石市"))) == []  # 2 of 10: an extract
    assert import_notes(book(("東京都", "府中市"), ("広島県", "府中市"))) == []
    assert import_notes(book(*miyagi)) == []


def test_names_are_taken_as_cells_are_read_and_a_miss_suggests_a_name(store: ReadinessStore) -> None:
    assert select(store, " 宮城 県　", "利府町　") == Selection("宮城県", "利府町")
    assert select(store, None, "利府 町") == Selection("宮城県", "利府町")
    with pytest.raises(InputError) as e:
        select(store, None, "利府")
    assert str(e.value) == "利府 のデータがありません（利府町 のことですか）"
    with pytest.raises(InputError) as e:
        select(store, "北海道", "利府町")
    assert str(e.value) == "北海道の利府町 のデータがありません（利府町 は 宮城県 にあります）"
    with pytest.raises(InputError, match="hyojun readiness import で取り込んでください"):
        select(store, None, "どこか村")
    with pytest.raises(UsageError, match="団体の名前を指定してください"):
        select(store, None, "　")
    assert not_a_prefecture("宮城 県") == "都道府県「宮城 県」は47都道府県の名前ではありません（宮城県 のことですか）"


AREAS = ("住民記録", "戸籍", "介護保険")
RENAMED = {"色麻町": "しかま町", "三春町": "三春市"}


def _book(month: str, towns: list[tuple[str, str]], kind: str = "soumu") -> ReadinessImport:
    """A read workbook of *towns*, each area's done steps varying with the month, the town, the area and the kind; the
    second town's 介護保険 without a record (0/40)."""
    filled = {(1, "介護保険")} if len(towns) > 1 else set()
    rows = [(i, area, 0 if (i, area) in filled else (int(month[-2:]) * 7 + len(name) * 5 + i * 3 + j * 11
                                                      + (kind == "self") * 13) % 41, 1, None)
            for i, (_p, name) in enumerate(towns) for j, area in enumerate(AREAS)]
    return ReadinessImport(Path(f"{kind}_{month}.xlsx"), hashlib.sha256(repr((month, kind, towns)).encode()).hexdigest(),
                           kind, month, [MunicipalityKey(p, n) for p, n in towns], rows, filled=filled)


@pytest.fixture
def months(db_url: str) -> ReadinessStore:
    """Months a view must read as from the whole history: 福島県 met first (いわき市's own sheet of 2025-10, imported
    after 2025-11's workbooks), a month without data (2025-12), 色麻町 and 三春町 renamed (gone towns in two prefectures), 大衡村 absent from 2026-01 and back
    in 2026-02, 利府町's own sheet replacing its 2026-02 values, then alone in 2026-03 (the others without data)."""
    store = ReadinessStore(db_url)
    miyagi = [("宮城県", n) for n in ("利府町", "松島町", "色麻町", "大衡村")]
    fukushima = [("福島県", "いわき市"), ("福島県", "三春町")]
    jan = [(p, RENAMED.get(n, n)) for p, n in miyagi if n != "大衡村"]
    for book in (_book("2025-11", miyagi), _book("2025-11", fukushima), _book("2025-10", fukushima[:1], "self"),
                 _book("2026-01", jan), _book("2026-01", fukushima), _book("2026-02", jan + miyagi[3:]),
                 _book("2026-02", [(p, RENAMED.get(n, n)) for p, n in fukushima]), _book("2026-02", miyagi[:1], "self"),
                 _book("2026-03", miyagi[:1], "self")):
        store.import_data(book)
    return store


def test_the_trend_is_summed_by_the_database_as_the_records_give_it(months: ReadinessStore) -> None:
    """The dashboards' trend: each month's overall rate of each municipality, as its records give it (the latest file
    of the month holding it; 0/40 for an area without a record), without reading every area of every month."""
    for prefecture, municipality in ((None, None), ("宮城県", None), ("宮城県", "利府町")):
        every = months.progress(prefecture=prefecture, municipality=municipality)
        assert months.overall_rates(months=list(every), prefecture=prefecture, municipality=municipality) == {
            mo: {(m.prefecture, m.name): m.overall for m in ms} for mo, ms in every.items()}
    own = _book("2026-02", [("宮城県", "利府町")], "self").rows
    assert months.overall_rates(months=["2026-02"])["2026-02"][("宮城県", "利府町")] == Fraction(sum(r[2] for r in own), 120)
    assert list(months.overall_rates(months=["2025-10", "2026-01"], prefecture="福島県")) == ["2025-10", "2026-01"]


def _whole(store: ReadinessStore, data: ReadinessData) -> ReadinessData:
    """*data* as read from every month up to its own in full (how `load` read it before)."""
    of = {"prefecture": data.selection.prefecture, "municipality": data.selection.municipality}
    history = store.progress(months=[mo for mo in store.months(**of) if mo <= data.month], **of)
    rates = {mo: {(m.prefecture, m.name): m.overall for m in ms} for mo, ms in history.items()}
    return dataclasses.replace(data, history=history, load_rates=lambda: rates,
                               seen=list(dict.fromkeys((m.prefecture, m.name) for ms in history.values() for m in ms)))


def test_a_view_reads_only_the_months_it_compares_and_as_from_the_whole_history(months: ReadinessStore,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """36 national months in full cost a status 8.5 s and 640 MB. A view of a prefecture or the country reads its
    month and each town's previous one (大衡村's is 2025-11), and its records, dashboard and towns without data are
    those of the whole history: 福島県's gone town before 宮城県's, as the months meet them."""
    monkeypatch.setattr("checker.report.readiness_view.now_iso", lambda: "2026-03-15T09:00:00+09:00")
    view = {"today": dt.date(2026, 3, 15), "deadlines": Deadlines()}
    read = {}
    for prefecture, municipality in ((None, None), ("宮城県", None), ("福島県", None), ("宮城県", "利府町"),
                                     ("宮城県", "大衡村")):
        for month in months.months(prefecture=prefecture, municipality=municipality):
            data = load(months, Selection(prefecture, municipality), month)
            whole = _whole(months, load(months, Selection(prefecture, municipality), month))
            assert status_records(months, data, **view) == status_records(months, whole, **view)
            assert build_context(months, data, **view) == build_context(months, whole, **view)
            assert [(data.missing(mo), data.unlisted(mo)) for mo in whole.history] == [
                (whole.missing(mo), whole.unlisted(mo)) for mo in whole.history]
            read[(data.selection.label, month)] = list(data.history)
    assert read[("全国", "2026-02")] == ["2025-11", "2026-01", "2026-02"]
    assert read[("全国", "2026-03")] == read[("宮城県", "2026-03")] == ["2026-02", "2026-03"]
    assert read[("福島県", "2026-02")] == ["2026-01", "2026-02"]
    assert read[("宮城県 利府町", "2026-03")] == ["2025-11", "2026-01", "2026-02", "2026-03"]  # charted area by area
    assert load(months, Selection(None, None), "2026-02").unlisted("2026-02") == [("福島県", "三春町", "2026-02"),
                                                                                ("宮城県", "色麻町", "2026-02")]


def test_a_trend_chart_labels_months_that_fit_and_keeps_a_line_s_missing_month_in_its_column() -> None:
    """Months stand as far apart as they are: two years of months would put 2026-01 and 2026-02 16 px apart, their
    labels over each other; the newest month is labelled whatever. A line without a month (an area missing from that
    month's file) has 「—」 in its column, not the next month's figure shifted into it."""
    months = ["2026-01", "2026-02", "2026-03", "2027-12"]
    chart = LineChart("推移", months)
    assert [m for _, m in chart.x_labels] == ["2026年1月", "2027年12月"]
    assert [(g.after, g.label) for g in chart.gaps] == [("2026-03", "2026年4月〜2027年11月")]
    chart.add("戸籍", [0.5, None, 0.75, 1.0])
    assert chart.series[0].cells == ["50%", "—", "75%", "データなし", "100%"]
    assert [m for _, _, m, _ in chart.series[0].points] == ["2026年1月", "2026年3月", "2027年12月"]
    assert [g.label for g in LineChart("推移", ["2026-01", "2026-03"]).gaps] == ["2026年2月"]


def test_the_dashboards_median_of_two_towns_keeps_its_last_digit(tmp_path: Path) -> None:
    """Two towns at 20/800 and 21/800: their median, 2.5625 %, read 「2.562%」 in the banner and the trend."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "b.xlsx", ["住民記録"],
                                                   [["宮城県", "利府町", 0.5, 0.5], ["宮城県", "松島町", 0.525, 0.525]])))
    ctx = build_context(store, load(store, select(store, "宮城県", None), None), today=dt.date(2026, 2, 1),
                        deadlines=Deadlines())
    assert ctx["pct"](ctx["overall_median"]) == "2.5625%"
    assert ctx["trend"].series[0].cells == ["2.5625%"]


def test_a_towns_trend_draws_the_at_risk_areas_furthest_behind_and_says_so(tmp_path: Path) -> None:
    """Six areas at risk: the chart drew the first four of the catalog, not 仙台市's 32.5 % area, and did not say how
    the lines were chosen. The four lowest, ties in catalog order, with a note under the chart."""
    from checker.catalog import load_catalog

    order = [a.name for a in load_catalog().areas]
    low = {"住民記録": 0.7, "選挙人名簿管理": 0.5, "個人住民税": 0.65, "固定資産税": 0.5, "法人住民税": 0.7, "就学": 0.6}
    rates = [low.get(a, 0.9) for a in order]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for month in ("令和7年12月", "令和8年1月"):
        store.import_data(read_progress(rates_workbook(tmp_path / f"{month}.xlsx", order,
                                                       [["宮城県", "試験町", sum(rates) / 20, *rates]], month)))
    ctx = build_context(store, load(store, select(store, "宮城県", "試験町"), None), today=dt.date(2026, 2, 1),
                        deadlines=Deadlines())
    assert [s.label for s in ctx["trend"].series] == ["試験町（全体）", "選挙人名簿管理", "固定資産税", "就学", "個人住民税"]
    assert ctx["trend"].note == ("全体の完了率と、要注意の 6 業務のうち完了率の低い 4 業務（同じ率なら業務の順）を示します。"
                                 "要注意の業務はすべて下の「要注意の業務」にあります。")
    html = render("readiness.html", **ctx)
    assert f'<p class="muted chart-note">{ctx["trend"].note}</p>' in html


def test_a_towns_trend_with_as_many_areas_at_risk_as_lines_draws_them_all_and_says_so(tmp_path: Path) -> None:
    from checker.catalog import load_catalog

    order = [a.name for a in load_catalog().areas]
    low = {"選挙人名簿管理": 0.5, "個人住民税": 0.65, "固定資産税": 0.5, "就学": 0.6}
    rates = [low.get(a, 0.9) for a in order]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "b.xlsx", order, [["宮城県", "試験町", sum(rates) / 20, *rates]])))
    ctx = build_context(store, load(store, select(store, "宮城県", "試験町"), None), today=dt.date(2026, 2, 1),
                        deadlines=Deadlines())
    assert [s.label for s in ctx["trend"].series] == ["試験町（全体）", "選挙人名簿管理", "固定資産税", "就学", "個人住民税"]
    assert ctx["trend"].note == "全体の完了率と、要注意の 4 業務の完了率を示します。"


def test_a_towns_trend_does_not_draw_an_area_its_file_had_no_column_for(tmp_path: Path) -> None:
    """An area the town's file had no column for is stored as 0/40 (`recorded` false): the lowest rate of all, it was
    drawn as the area furthest behind, a flat line at 0 % in place of one of the areas that really lag."""
    from checker.catalog import load_catalog

    order = [a.name for a in load_catalog().areas]
    low = {"住民記録": 0.7, "選挙人名簿管理": 0.5, "個人住民税": 0.65, "固定資産税": 0.5, "法人住民税": 0.7, "就学": 0.6}
    given = [a for a in order if a != "健康管理"]
    rates = [low.get(a, 0.9) for a in given]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "b.xlsx", given,
                                                   [["宮城県", "試験町", sum(rates) / 20, *rates]])))
    ctx = build_context(store, load(store, select(store, "宮城県", "試験町"), None), today=dt.date(2026, 2, 1),
                        deadlines=Deadlines())
    assert "健康管理" in ctx["record"]["at_risk_areas"]
    assert [s.label for s in ctx["trend"].series] == ["試験町（全体）", "選挙人名簿管理", "固定資産税", "就学", "個人住民税"]
    # with room for it, it is drawn last and without a figure (「—」), not as a line at 0 %
    rates = [{"選挙人名簿管理": 0.5}.get(a, 0.9) for a in given]
    store.import_data(read_progress(rates_workbook(tmp_path / "c.xlsx", given,
                                                   [["宮城県", "試験町", sum(rates) / 20, *rates]], "令和8年2月")))
    # 31 days before the deadline: the areas at 90 % are not at risk yet
    ctx = build_context(store, load(store, select(store, "宮城県", "試験町"), None), today=dt.date(2026, 2, 28),
                        deadlines=Deadlines())
    assert [(s.label, s.cells) for s in ctx["trend"].series[1:]] == [("選挙人名簿管理", ["50%", "50%"]),
                                                                     ("健康管理", ["—", "—"])]


def test_a_town_gone_from_later_lists_is_named_by_the_first_list_without_it(tmp_path: Path) -> None:
    """色麻町, renamed しかま町 from 2026-02: a sheet of 2026-03 read 「2026-03 のブックにはありません」, and its status and
    dashboard showed its January, every area overdue, as if it had stopped reporting."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for mo, towns in (("令和8年1月", BEFORE), ("令和8年2月", AFTER), ("令和8年3月", AFTER)):
        store.import_data(read_progress(nation_workbook(tmp_path / f"{mo}.xlsx", mo, towns)))
    sheet = ReadinessImport(Path("s.xlsx"), "0", "self", "2026-03", [MunicipalityKey("宮城県", "色麻町")], [])
    (why,) = import_problems(store, sheet, today=dt.date(2026, 4, 1))
    assert why.startswith("市区町村: 市区町村「色麻町」は宮城県の総務省のブックに 2026年1月まではありましたが、2026年2月以降のブックにはありません"
                          "（合併・名称変更など）。2026年2月からは今の団体名で記入してください（名称が変わった場合は 2026年2月のブックに"
                          "新しく載った しかま町、")
    note = ("市区町村「色麻町」は宮城県の総務省のブックに 2026年1月まではありましたが、2026年2月以降のブックにはありません"
            "（合併・名称変更など）。2026年2月からは今の団体名で表示してください（名称が変わった場合は 2026年2月のブックに新しく載った "
            "しかま町、ほかの団体と合併した場合は合併後の団体名）")
    assert gone_note(load(store, select(store, None, "色麻町"), None)) == note
    assert [gone_note(load(store, select(store, p, t), None)) for p, t in (("宮城県", "しかま町"), ("宮城県", None), (None, None))] \
        == [None, None, None]
    ctx = build_context(store, load(store, select(store, None, "色麻町"), None), today=dt.date(2026, 4, 1),
                        deadlines=Deadlines())
    assert f'<p class="notice" id="gone-town">{note}。</p>' in render("readiness.html", **ctx)


def test_a_national_workbook_without_a_prefecture_is_pointed_out(tmp_path: Path) -> None:
    """2025-06's national workbook without 沖縄県 imported as 「1,700 団体」 without a word; its month was no
    whole-country month, its medians those of 2025-05."""
    from checker.readiness_model import PREFECTURES

    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(nation_workbook(tmp_path / "01.xlsx")))

    def book(month: str, prefectures: set[str]) -> ReadinessImport:
        return ReadinessImport(tmp_path / f"{month}.xlsx", month, "soumu", month,
                               [MunicipalityKey(p, f"{p}町") for p in sorted(prefectures)], [])

    short = book("2026-02", PREFECTURES - {"沖縄県", "北海道"})
    assert missing_prefectures(store, short) == [
        f"{tmp_path / '2026-02.xlsx'}: 前の全国のブック（2026年1月、01.xlsx）にあった 北海道（1 団体）、沖縄県（1 団体）が"
        "ありません。このブックは全国のブックではなく 45 都道府県の抜粋として扱い、2026年2月の全国の中央値には 47 都道府県が"
        "そろった前の月の値を使います。全国のブックの訂正版があれば取り込んでください"]
    for fine in (book("2026-02", PREFECTURES), book("2026-02", {"宮城県", "東京都"}), book("2026-02", {"宮城県"}),
                 book("2025-12", PREFECTURES - {"沖縄県"}), book("2026-01", PREFECTURES - {"沖縄県"})):
        assert missing_prefectures(store, fine) == [], fine.month  # whole, an extract, one prefecture, nothing before
    store.import_data(read_progress(nation_workbook(tmp_path / "02.xlsx", "令和8年2月")))
    assert missing_prefectures(store, short) == []  # the month has its national workbook


def test_a_prefectures_map_tells_overdue_from_nearing_and_numbers_the_deadlines_other_than_the_default(tmp_path: Path) -> None:
    """宮城県's map on 2026-12-07 showed the same ⚠ on 利府町's 住民記録, 251 days past the default deadline, and on its
    戸籍, 114 days before its 特定移行支援システム one; 仙台市, extended to 2031, had no ⚠ and nothing said why; the
    deadlines file was named nowhere on the page."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"))
    path = tmp_path / "miyagi.yaml"
    path.write_text(MIYAGI_DEADLINES, "utf-8")
    ctx = build_context(store, load(store, select(store, "宮城県", None), None), today=dt.date(2026, 12, 7),
                        deadlines=load_deadlines(path))
    rows = {r["name"]: dict(zip(ctx["areas"], r["cells"])) for r in ctx["heat"]}
    notes = {n.number: n for n in ctx["deadline_notes"]}
    rifu, sendai = rows["利府町"], rows["仙台市"]
    assert (rifu["住民記録"].mark, rifu["住民記録"].note) == ("×", 0)
    assert rifu["戸籍"].mark == rifu["戸籍附票"].mark == "⚠" and rifu["戸籍"].note == rifu["戸籍附票"].note
    extension = notes[rifu["戸籍"].note]
    assert (extension.deadline, extension.days, extension.towns) == (
        "期限 2027年3月31日 特定移行支援システム（戸籍・附票）", "残り 114 日", ["利府町（戸籍、戸籍附票）"])
    # no ⚠ for the extended town, and each of its cells says why
    assert not any(c.mark for c in sendai.values()) and len({c.note for c in sendai.values()}) == 1
    extension = notes[sendai["住民記録"].note]
    assert (extension.deadline, extension.days, extension.towns) == ("期限 2031年3月31日 特定移行支援システム", "残り 1,575 日", ["仙台市（全業務）"])
    # the area's rule of the whole file is no default either: numbered in every other town
    assert notes[rows["石巻市"]["戸籍附票"].note].deadline == "期限 2028年3月31日"
    assert [n.number for n in ctx["deadline_notes"]] == list(range(1, len(notes) + 1))
    html = render("readiness.html", **ctx)
    assert ("<li>宮城県 利府町: × 251 日超過：住民記録（97.5%） 印鑑登録（97.5%） " in html
            and " ／ ⚠ 期限 2027年3月31日 特定移行支援システム（戸籍・附票）、残り 114 日：戸籍（57.5%） 戸籍附票（57.5%）</li>" in html)
    assert "<li>宮城県 村田町: × 251 日超過：印鑑登録（12.5%） " in html and " ／ ⚠ 期限 2026年12月7日 個別延長、今日が期限：住民記録（12.5%）</li>" in html
    assert dict(ctx["provenance"].items)["期限の設定"] == (
        f"miyagi.yaml（既定の期限 2026年3月31日、sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}）")


def test_the_summary_counts_the_towns_with_an_overdue_area_apart(tmp_path: Path) -> None:
    """「要注意の業務がある団体 2」 counted a town 251 days past its deadline and one 114 days before its extended one
    alike: a coordinator sends them different letters. The summary says how many of them are overdue."""
    from checker.analysis.readiness import DeadlineOverride
    from checker.catalog import load_catalog

    order = [a.name for a in load_catalog().areas]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "b.xlsx", order, [
        ["宮城県", "利府町", 0.5, *[0.5] * 20], ["宮城県", "松島町", 0.5, *[0.5] * 20], ["宮城県", "七ヶ浜町", 1, *[1] * 20]])))
    deadlines = Deadlines(municipalities=(DeadlineOverride("宮城県", "松島町", dt.date(2027, 3, 31)),), source="d.yaml")
    ctx = build_context(store, load(store, select(store, "宮城県", None), None), today=dt.date(2026, 12, 7),
                        deadlines=deadlines)
    assert [(r["name"], r["at_risk"], r["overdue"]) for r in ctx["heat"]] == [
        ("利府町", True, True), ("松島町", True, False), ("七ヶ浜町", False, False)]
    assert "<dt>要注意の業務がある団体</dt><dd>2（うち期限超過 1）</dd>" in render("readiness.html", **ctx)


def test_a_towns_view_tells_an_overdue_area_from_one_nearing_its_deadline(tmp_path: Path) -> None:
    """Both read 「⚠ 要注意」 in the town's table and at-risk list, where the map now marks them × and ⚠."""
    from checker.analysis.readiness import DeadlineOverride
    from checker.catalog import load_catalog

    order = [a.name for a in load_catalog().areas]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "b.xlsx", order, [["宮城県", "利府町", 0.5, *[0.5] * 20]])))
    deadlines = Deadlines(municipalities=(DeadlineOverride("宮城県", "利府町", None, {"戸籍": dt.date(2027, 3, 31)}),),
                          source="d.yaml")
    html = render("readiness.html", **build_context(store, load(store, select(store, "宮城県", "利府町"), None),
                                                    today=dt.date(2026, 12, 7), deadlines=deadlines))
    assert '<span class="chip tone-bad">⚠ 期限が近い</span> <strong>戸籍</strong>' in html
    assert '<span class="chip tone-bad">× 期限超過</span> <strong>住民記録</strong>' in html
    assert "要注意</span>" not in html


def test_import_file_refuses_what_the_command_refuses_and_skips_a_file_imported_already(tmp_path: Path) -> None:
    """The checks of `readiness import` lived in the command: a script's ReadinessStore.import_data took 「利府」 in as a
    36th municipality of 宮城県. import_file refuses it with the command's error, details and all."""
    from click.testing import CliRunner

    from checker import clock
    from checker.cli import cli
    from checker.readiness_query import import_file
    from tests.unit.test_readiness_reader import fill_template

    db = f"sqlite:///{tmp_path / 'r.db'}"
    store = ReadinessStore(db)
    miyagi = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
    first = import_file(store, miyagi, today=dt.date(2026, 2, 1))
    assert first.result is not None and (first.kind, first.month, first.result.municipalities) == ("soumu", "2026-01", 35)
    assert import_file(store, miyagi, today=dt.date(2026, 2, 1)).result is None  # the same file again: not read
    typo = fill_template(tmp_path / "self_利府_typo.xlsx", month="2099-02")
    wb = openpyxl.load_workbook(typo)
    wb["進捗入力"]["B4"] = "利府"  # 市区町村
    wb.save(typo)
    with pytest.raises(InputError) as refused:
        import_file(store, typo, today=clock.today())
    assert refused.value.message == f"{typo}: 取り込みませんでした"
    assert [d.split(": ")[0] for d in refused.value.details] == ["進捗入力!B6", "進捗入力!B4"]
    assert "市区町村「利府」は取り込み済みの総務省の 2026年1月のブックの宮城県（35 団体）にありません（利府町 のことですか）" in refused.value.details[1]
    res = CliRunner().invoke(cli, ["readiness", "import", str(typo), "--db", db])
    assert res.exit_code == 1 and res.stderr == f"エラー: {refused.value}\n"
    assert store.months() == ["2026-01"] and ("宮城県", "利府") not in store.municipality_keys()
    allowed = import_file(store, typo, today=clock.today(), new_municipality=True, future_month=True)
    assert allowed.result is not None and (allowed.kind, allowed.month, allowed.again) == ("self", "2099-02", False)
    assert ("宮城県", "利府") in store.municipality_keys()


def test_import_file_takes_a_file_again_once_another_of_its_month_replaced_it(tmp_path: Path) -> None:
    """Only a file whose data is still the store's current is skipped: 宮城県's workbook for 2026-01, after 利府町's
    own sheet of that month replaced its row, is read again, and said to be (again)."""
    from checker.readiness_query import import_file
    from tests.unit.test_readiness_reader import fill_template

    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    miyagi = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
    assert import_file(store, miyagi, today=dt.date(2026, 2, 1)).result is not None
    rifu = import_file(store, fill_template(tmp_path / "self_利府町.xlsx", month="2026-01"), today=dt.date(2026, 2, 1))
    assert rifu.result is not None and rifu.kind == "self"
    again = import_file(store, miyagi, today=dt.date(2026, 2, 1))
    assert again.result is not None and again.again and again.month == "2026-01"


def test_import_file_of_a_folder_says_a_workbook_is_wanted(tmp_path: Path) -> None:
    """Hashing a folder is refused with the generic 「フォルダです。ファイルを指定してください」 (an InputError, not an
    OSError): that is left to read_progress, which says which files to give."""
    from checker.readiness_query import import_file

    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    with pytest.raises(InputError, match=r"フォルダです。表計算ファイル（\.xlsx / \.xls / \.csv）を指定してください"):
        import_file(store, tmp_path, today=dt.date(2026, 2, 1))


def test_readiness_status_gives_the_records_of_status_json(store: ReadinessStore, db_url: str) -> None:
    from click.testing import CliRunner

    from checker.cli import cli
    from checker.readiness_query import readiness_status

    res = CliRunner().invoke(cli, ["readiness", "status", "--prefecture", "宮城県", "--month", "2026-02", "--json",
                                   "--today", "2026-03-15", "--db", db_url])
    assert res.exit_code == 0, res.output
    records = readiness_status(store, "宮城県", month="2026-02", today=dt.date(2026, 3, 15))
    assert json.loads(json.dumps(records)) == json.loads(res.stdout) and len(records) == 3


def test_readiness_status_counts_to_the_deadlines_given(store: ReadinessStore) -> None:
    """The deadlines given (a prefecture's file) are the records' deadlines, not the national defaults."""
    from checker.readiness_query import readiness_status

    records = readiness_status(store, "宮城県", month="2026-02", today=dt.date(2026, 3, 15),
                               deadlines=Deadlines(default=dt.date(2027, 3, 31)))
    assert records and {r["deadlines"]["default"] for r in records} == {"2027-03-31"}
    assert {d["deadline"] for r in records for d in r["details"].values()} == {"2027-03-31"}


def test_a_town_spelled_with_ke_or_small_ke_is_one_town(tmp_path: Path) -> None:
    """七ヶ浜町 and 七ケ浜町 (and 七ヵ浜町) alternate in official documents, and compare takes them as one town: the town's
    own sheet written 七ケ浜町 was refused as none of 総務省's list (or, with --new-municipality, became a second 宮城県
    town), a query in another spelling found nothing, and a check recorded in one was shown for none."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(nation_workbook(tmp_path / "01.xlsx", "令和8年1月", ("利府町", "七ヶ浜町"))))
    store.record_check("住民記録", "七ヵ浜町", "第1.1版", "A社", 0.9, "conditional", "2026-02-10T00:00:00+09:00",
                       prefecture="宮城県")  # before the fix, or before any progress data: as the profile spells it
    sheet = ReadinessImport(Path("s.xlsx"), "0", "self", "2026-02", [MunicipalityKey("宮城県", "七ケ浜町")],
                            [(0, "住民記録", 30, 2, None)], cells={"市区町村": "進捗入力!B4"})
    assert import_problems(store, sheet, today=dt.date(2026, 3, 15)) == []
    store.import_data(sheet)
    assert [n for p, n in store.municipality_keys() if p == "宮城県"] == ["利府町", "七ヶ浜町"]  # the name first stored
    for written in ("七ケ浜町", "七ヶ浜町", "七ｹ浜町", "七ヵ浜町"):
        assert select(store, None, written) == Selection("宮城県", "七ヶ浜町"), written
    [record] = _records(store, None, "七ケ浜町")
    assert (record["municipality"], record["month"]) == ("七ヶ浜町", "2026-02")
    assert record["details"]["住民記録"]["done_steps"] == 30 and record["trend"]["previous_month"] == "2026-01"
    assert record["details"]["住民記録"]["coverage"]["vendor"] == "A社"
    prefecture = {r["municipality"]: r for r in _records(store, "宮城県", None)}
    assert prefecture["七ヶ浜町"]["coverage_summary"]["vendor"] == "A社"
    assert record_places(store, [("宮城県", "七ケ浜町"), (None, "七ヵ浜町")]) == (
        {("宮城県", "七ケ浜町"): ("宮城県", "七ヶ浜町"), (None, "七ヵ浜町"): ("宮城県", "七ヶ浜町")}, [])
    # the town's corrected sheet of the month, spelled another way, replaces its first (the same scope)
    again = dataclasses.replace(sheet, source=Path("s2.xlsx"), sha256="1",
                                municipalities=[MunicipalityKey("宮城県", "七ヵ浜町")], rows=[(0, "住民記録", 31, 2, None)])
    assert [(s.source_name, s.scope) for s in store.import_data(again).replaced] == [("s.xlsx", "宮城県 七ヶ浜町")]
    assert [(r["municipality"], r["details"]["住民記録"]["done_steps"]) for r in _records(store, None, "七ヶ浜町")] == [
        ("七ヶ浜町", 31)]


def _miyagi(folder: Path, month: str, towns: tuple[str, ...], rate: float) -> ReadinessImport:
    """宮城県's 総務省 workbook of *month* (令和8年1月) holding *towns*, 住民記録 at *rate*."""
    return read_progress(rates_workbook(folder / f"{month}.xlsx", ["住民記録"], [["宮城県", t, rate, rate] for t in towns],
                                        month))


def test_a_town_an_older_hyojun_stored_under_two_spellings_becomes_one(db_url: str, tmp_path: Path) -> None:
    """hyojun 0.7.0 and before stored a town spelled another way (a workbook's 七ケ浜町, a sheet's 七ヵ浜町 imported with
    --new-municipality) as a town beside 七ヶ浜町; later ones took new files for the town stored first, but left those
    rows apart: 七ケ浜町's status showed January, 「2026年2月のブックにはありません」, and 宮城県 counted 5 towns for 3.
    Opened now, they are one town under the name of the latest 総務省 list, each file's values kept, without a new
    schema version (the hyojun 0.5.0-0.11.0 sharing the store still open it)."""
    from checker.analysis.readiness import StepNote
    from checker.readiness_store import SCHEMA_VERSION

    sheet = ReadinessImport(Path("self.xlsx"), "s", "self", "2026-02", [MunicipalityKey("宮城県", "七ヵ浜町", "044041")],
                            [(0, "住民記録", 40, 0, None)], notes=[(0, "住民記録", 40, "2026-02-10", "本番稼働")])
    stored_as_hyojun_0_7(db_url, [_miyagi(tmp_path, "令和8年1月", ("利府町", "七ヶ浜町", "松島町"), 0.5),
                                  _miyagi(tmp_path, "令和8年2月", ("利府町", "七ケ浜町", "松島町"), 0.75), sheet])
    told: list[str] = []
    store = ReadinessStore(db_url, create=False, on_wait=told.append)
    assert store.municipality_keys() == [("宮城県", "利府町"), ("宮城県", "七ケ浜町"), ("宮城県", "松島町")]
    assert told == [f"データベース {store.display_url} で、以前の hyojun（0.7.0 まで）が別の団体として保存した同じ団体の書き方を"
                    " 1 つにまとめています: 宮城県 七ヶ浜町・七ケ浜町・七ヵ浜町 → 七ケ浜町"]
    for written in ("七ケ浜町", "七ヶ浜町", "七ヵ浜町"):
        assert select(store, None, written) == Selection("宮城県", "七ケ浜町"), written
    [record] = _records(store, None, "七ヶ浜町")  # the month's latest file: the town's own sheet
    assert (record["municipality"], record["month"], record["details"]["住民記録"]["done_steps"]) == ("七ケ浜町", "2026-02", 40)
    assert record["trend"]["previous_month"] == "2026-01"
    assert store.step_notes("2026-02", municipality="七ケ浜町") == {
        ("宮城県", "七ケ浜町"): {"住民記録": [StepNote(40, "2026-02-10", "本番稼働")]}}
    assert [(m.name, m.code) for m in store.progress(months=["2026-02"])["2026-02"]] == [
        ("利府町", None), ("七ケ浜町", "044041"), ("松島町", None)]  # in the workbook's order, the sheet's code
    town = load(store, select(store, None, "七ケ浜町"), None)
    assert (town.month, gone_note(town)) == ("2026-02", None)
    miyagi = load(store, select(store, "宮城県", None), None)
    assert (miyagi.month, len(miyagi.current), miyagi.without_month) == ("2026-02", 3, [])
    assert store.town_counts(months=["2026-01", "2026-02"], prefecture="宮城県") == {"2026-01": 3, "2026-02": 3}
    assert store.rosters("宮城県") == {"宮城県": {mo: frozenset({"利府町", "七ケ浜町", "松島町"}) for mo in ("2026-01", "2026-02")}}
    # the sheet's scope is the town's: its corrected sheet, in any spelling, replaces it
    again = dataclasses.replace(sheet, source=Path("self2.xlsx"), sha256="s2",
                                municipalities=[MunicipalityKey("宮城県", "七ヶ浜町")], notes=[])
    assert [s.source_name for s in store.import_data(again).replaced] == ["self.xlsx"]
    told.clear()
    store = ReadinessStore(db_url, create=False, on_wait=told.append)
    assert store.current() and told == [] and store.migrate() == SCHEMA_VERSION
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() == SCHEMA_VERSION


def test_a_file_with_a_row_of_each_spelling_keeps_the_first_stored_and_a_town_of_no_list_keeps_its_first_name(
        db_url: str, tmp_path: Path) -> None:
    """A workbook hyojun 0.7.0 read with a row of 七ヶ浜町 and one of 七ケ浜町 (refused now as 「行が重複しています」):
    merged, the file's row of the name first stored stands, as said. A town no 総務省 list holds keeps the name it was
    first stored with."""
    both = dataclasses.replace(_miyagi(tmp_path, "令和8年1月", ("利府町", "七ヶ浜町"), 0.5), municipalities=[
        MunicipalityKey("宮城県", n) for n in ("利府町", "七ヶ浜町", "七ケ浜町")], rows=[
        (0, "住民記録", 20, 0, None), (1, "住民記録", 20, 0, None), (2, "住民記録", 36, 0, None)])
    saitama = [ReadinessImport(Path(f"{n}.xlsx"), n, "self", mo, [MunicipalityKey("埼玉県", n)], [(0, "住民記録", d, 0, None)])
               for n, mo, d in (("鶴ケ島市", "2026-01", 10), ("鶴ヶ島市", "2026-02", 12))]
    stored_as_hyojun_0_7(db_url, [both, *saitama])
    told: list[str] = []
    store = ReadinessStore(db_url, on_wait=told.append)
    assert [(m.name, m.areas["住民記録"].done) for m in store.progress()["2026-01"] if m.prefecture == "宮城県"] == [
        ("利府町", 20), ("七ヶ浜町", 20)]
    assert told == [f"データベース {store.display_url} で、以前の hyojun（0.7.0 まで）が別の団体として保存した同じ団体の書き方を"
                    " 1 つにまとめています: 宮城県 七ヶ浜町・七ケ浜町 → 七ヶ浜町（令和8年1月.xlsx には両方の行があり、七ヶ浜町 の"
                    "行を使います）、埼玉県 鶴ケ島市・鶴ヶ島市 → 鶴ケ島市"]
    [record] = _records(store, None, "鶴ヶ島市")
    assert (record["municipality"], record["month"], record["trend"]["previous_month"]) == ("鶴ケ島市", "2026-02", "2026-01")
    assert [s.scope for s in store.snapshots()] == ["宮城県", "埼玉県 鶴ケ島市", "埼玉県 鶴ケ島市"]


def test_a_workbooks_two_rows_of_a_town_spelled_with_ke_and_small_ke_are_one_town_twice(tmp_path: Path) -> None:
    book = rates_workbook(tmp_path / "r.xlsx", ["住民記録"], [["宮城県", "七ヶ浜町", 0.5, 0.5], ["宮城県", "七ヵ浜町", 0.5, 0.5]])
    with pytest.raises(InputError) as err:
        read_progress(book)
    assert "宮城県 七ヵ浜町 の行が重複しています（最初は" in str(err.value)


def test_a_deadline_of_a_town_spelled_with_ke_is_the_towns(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 七ケ浜町, deadline: 2031-03-31}\n"
                    "  - {municipality: 七ヶ浜町, deadline: 2030-03-31}\n", "utf-8")
    with pytest.raises(InputError, match="2 番目（七ヶ浜町） の deadline（全業務の期限） 2030-03-31 は、.* 1 番目（宮城県 七ケ浜町） の"):
        check_towns(load_deadlines(path), [("宮城県", "七ヶ浜町")])  # one town's two deadlines
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 七ヵ浜町, deadline: 2031-03-31}\n", "utf-8")
    deadlines = load_deadlines(path)
    assert check_towns(deadlines, [("宮城県", "七ヶ浜町")]) == []  # not 「当たる団体が取り込み済みのデータにありません」
    assert deadlines.entry("宮城県", "七ヶ浜町", "戸籍") == (dt.date(2031, 3, 31), None)


def test_a_towns_key_is_its_name_without_spaces_and_with_the_ke_it_stands_for():
    """「七ヵ浜町　」 pasted from a cell (its full-width space) is 七ケ浜町, as compare takes it."""
    assert {town_key(n) for n in ("七ヵ浜町　", "七ヶ 浜町", "七ケ浜町")} == {"七ケ浜町"}


def test_a_month_of_one_prefecture_names_ten_of_the_others_missing(tmp_path: Path) -> None:
    """A month of 宮城県's workbook only named all 46 other prefectures in 「一部の団体だけの月」; the other lists of the
    page stop at 10."""
    from checker.readiness_model import PREFECTURES, in_code_order

    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(nation_workbook(tmp_path / "全国.xlsx")))
    store.import_data(read_progress(rates_workbook(tmp_path / "宮城県.xlsx", ["住民記録"], [["宮城県", "利府町", 0.5, 0.5]],
                                                   "令和8年2月")))
    data = load(store, select(store, None, None), "2026-02")
    ctx = build_context(store, data, today=dt.date(2026, 3, 1), deadlines=Deadlines())
    others = [p for p in in_code_order(PREFECTURES) if p != "宮城県"]
    assert ctx["partial_months"] == [("2026年2月", 1, 48, "・".join(others[:10]) + " ほか 36 都道府県")]


def test_a_month_without_a_prefecture_is_compared_over_the_same_prefectures(tmp_path: Path) -> None:
    """東京都's workbook not sent for 2026-02: no town moved, but the country's median over each month's own towns fell
    from 75 % to 50 %. The page compares 2026-02 with 2026-01's same 46 prefectures, draws their median beside the
    country's, and names 東京都 as missing, not 「東京都市 ほか」 among towns."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for path in tokyo_not_sent(tmp_path):
        store.import_data(read_progress(path))
    data = load(store, select(store, None, None), None)
    assert (data.month, data.absent_prefectures("2026-02"), data.absent_prefectures("2026-01")) == ("2026-02", [("東京都", 1)], [])
    assert data.missing_names("2026-02") == [("東京都（1 団体すべて）", 1)]
    ctx = build_context(store, data, today=dt.date(2026, 3, 1), deadlines=Deadlines())
    assert (ctx["overall_median"], ctx["national_median"], ctx["national_overall_median"]) == (
        0.5, "2026年1月の同じ 46 団体の中央値", 0.5)
    assert [(m["median"], m["national"]) for m in ctx["medians"] if m["area"] == "住民記録"] == [(0.5, 0.5)]
    assert (ctx["missing"], ctx["missing_more"]) == (["東京都（1 団体すべて）"], 0)
    assert ctx["partial_months"] == [("2026年2月", 46, 47, "東京都")]
    assert [(s.label, s.cells) for s in ctx["trend"].series] == [
        ("全国の中央値", ["75%", "50%"]), ("毎月データのある 46 団体の中央値", ["50%", "50%"])]
    assert "どの月にもデータのある団体だけの中央値です" in ctx["trend"].note
    # a prefecture's page compares its towns with the country: its national column stays the country's
    pref = build_context(store, load(store, select(store, "宮城県", None), None), today=dt.date(2026, 3, 1),
                         deadlines=Deadlines())
    assert pref["national_median"] == "2026年1月の全国の中央値" and len(pref["trend"].series) == 1


def test_the_like_for_like_median_is_over_the_towns_of_every_month(tmp_path: Path) -> None:
    """宮城県's 3 towns at 25/50/75 % of 住民記録 (1.25/2.5/3.75 % overall) in 2026-01 and 2026-02 (national workbooks),
    no progress, then 利府町's own sheet for 2026-03. A prefecture counted present with one town of its 3: the country's
    「毎月データのある 1 都道府県の中央値」 fell from 2.5 % to 1.25 % by 利府町 alone, and the card compared 2026-02's
    3 towns with 利府町. Over the towns of every month the line stays at 1.25 %, and the card compares 利府町 with
    利府町."""
    from checker.readiness_model import PREFECTURES

    miyagi = [["宮城県", "利府町", 0.25], ["宮城県", "松島町", 0.5], ["宮城県", "大和町", 0.75]]
    rows = [[p, f"{p[:-1]}市", 1.0] for p in sorted(PREFECTURES) if p != "宮城県"] + miyagi
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for month in ("令和8年1月", "令和8年2月"):
        store.import_data(read_progress(rates_workbook(tmp_path / f"{month}.xlsx", ["住民記録"],
                                                       [[*r, r[-1]] for r in rows], month)))
    store.import_data(_own_sheet(tmp_path, "利府町", "令和8年3月", 0.25))
    for prefecture in ("宮城県", None):
        ctx = build_context(store, load(store, select(store, prefecture, None), "2026-03"), today=dt.date(2026, 3, 15),
                            deadlines=Deadlines())
        assert [(s.label, s.cells) for s in ctx["trend"].series][1:] == [("毎月データのある 1 団体の中央値", ["1.25%"] * 3)]
        assert "「毎月データのある 1 団体の中央値」は、どの月にもデータのある団体だけの中央値です" in ctx["trend"].note
    assert (ctx["national_median"], ctx["national_overall_median"]) == ("2026年2月の同じ 1 団体の中央値", 0.0125)
    whole = build_context(store, load(store, select(store, "宮城県", None), "2026-02"), today=dt.date(2026, 3, 15),
                          deadlines=Deadlines())
    assert len(whole["trend"].series) == 1  # every month of every town: nothing to compare like with like


@pytest.mark.parametrize(("today", "marks"), [(dt.date(2026, 4, 1), "「×」"), (dt.date(2026, 3, 1), "「⚠」"),
                                              (dt.date(2026, 3, 31), "「×」「⚠」")])
def test_the_printed_line_for_a_long_at_risk_list_names_the_marks_the_map_bears(tmp_path: Path, today: dt.date,
                                                                                marks: str) -> None:
    """Past the deadline every at-risk cell of the map is 「×」 (期限超過), but the printed line in place of a long list
    sent the reader to its 「⚠」 cells: it names the marks the map bears (before the deadline 「⚠」; both on 2026-03-31
    with half the towns' deadline the day before)."""
    towns = [["宮城県", f"町{i:02}", 0.25, 0.25] for i in range(60)]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "m.xlsx", ["住民記録"], towns)))
    deadlines = Deadlines()
    if len(marks) > 3:  # half the towns' deadline a day earlier: overdue on the 31st
        yaml = tmp_path / "d.yaml"
        yaml.write_text("municipalities:\n" + "".join(f"  - {{prefecture: 宮城県, municipality: 町{i:02}, deadline: 2026-03-30}}\n"
                                                      for i in range(30)), "utf-8")
        deadlines = load_deadlines(yaml)
    ctx = build_context(store, load(store, select(store, "宮城県", None), None), today=today, deadlines=deadlines)
    html = render("readiness.html", **ctx)
    assert f"団体と要注意の業務は「団体 × 業務の完了率」の表の{marks}のセルに示します。" in html


def test_the_dashboards_source_names_the_files_behind_its_month(store: ReadinessStore, tmp_path: Path) -> None:
    """The footer's 出典 was a fixed 「総務省…（取り込んだブック）・自己記入シート」: no file, no sha256, and a self sheet
    where none was imported. It names each file the month's figures come from, its kind, towns, sha256 and import time."""
    import re

    sheet = _own_sheet(tmp_path, "松島町", "令和8年2月", 1.0)
    store.import_data(sheet)
    digest = {name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()[:12] for name in ("02.xlsx", "rifu.xlsx")}

    def source(prefecture: str | None, municipality: str | None, month: str) -> str:
        ctx = build_context(store, load(store, select(store, prefecture, municipality), month), today=dt.date(2026, 3, 15),
                            deadlines=Deadlines())
        return re.sub(r"取り込み \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", "取り込み T", dict(ctx["provenance"].items)["出典"])

    assert source("宮城県", None, "2026-02") == (f"02.xlsx（総務省のブック、2 団体、sha256 {digest['02.xlsx']}…、取り込み T）、"
                                                f"松島町令和8年2月.xlsx（自己記入シート、1 団体、sha256 {sheet.sha256[:12]}…、取り込み T）")
    assert source(None, "利府町", "2026-02") == f"02.xlsx（総務省のブック、1 団体、sha256 {digest['02.xlsx']}…、取り込み T）"
    # 利府町's sheet ahead of 総務省's workbook, compared with the medians of 2026-02: their files named too
    assert source(None, "利府町", "2026-03") == (
        f"rifu.xlsx（総務省のブック、1 団体、sha256 {digest['rifu.xlsx']}…、取り込み T）。比較した2026年2月の中央値: "
        f"02.xlsx（総務省のブック、48 団体、sha256 {digest['02.xlsx']}…、取り込み T）、"
        f"松島町令和8年2月.xlsx（自己記入シート、1 団体、sha256 {sheet.sha256[:12]}…、取り込み T）")
    assert source(None, None, "2026-02").startswith("02.xlsx（総務省のブック、48 団体、")


def test_the_comparison_markers_at_0_and_100_percent_are_drawn_whole(store: ReadinessStore, tmp_path: Path) -> None:
    """The ▼ (県) and ▲ (全国) markers of a median at 100 % or 0 % (here the areas no town has begun) had their tip at
    the viewBox's edge, half of each cut off."""
    import re

    store.import_data(_own_sheet(tmp_path, "大郷町", "令和8年2月", 0.0))
    for town in ("利府町", "大郷町"):
        ctx = build_context(store, load(store, select(store, "宮城県", town), None), today=dt.date(2026, 3, 15),
                            deadlines=Deadlines())
        html = render("readiness.html", **ctx)
        for box, paths in re.findall(r'<svg class="compare" viewBox="([-\d. ]+)".*?>(.*?)</svg>', html, re.S):
            left, _top, width, _height = map(float, box.split())
            for tip in re.findall(r'<path class="(?:pref|nat)" d="M([\d.]+) ', paths):
                assert left <= float(tip) - 4 and float(tip) + 4 <= left + width, (town, box, tip)


def test_towns_without_data_are_listed_as_the_tables_list_them(tmp_path: Path) -> None:
    """The towns a month lacks were in code-point order (七ヶ宿町 before 仙台市: 七 is U+4E03), so the 3 a notice names
    were any three: they follow the prefecture's code, then the 総務省 workbook's row."""
    towns = ["仙台市", "石巻市", "塩竈市", "七ヶ宿町", "丸森町"]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "m.xlsx", ["住民記録"],
                                                   [["北海道", "札幌市", 0.5, 0.5]] + [["宮城県", t, 0.5, 0.5] for t in towns])))
    store.import_data(_own_sheet(tmp_path, "石巻市", "令和8年2月", 0.75))
    data = load(store, select(store, None, None), "2026-02")
    assert data.without_month == [("北海道", "札幌市"), ("宮城県", "仙台市"), ("宮城県", "塩竈市"), ("宮城県", "七ヶ宿町"),
                                  ("宮城県", "丸森町")]
    assert [n for n, _ in load(store, select(store, "宮城県", None), "2026-02").missing_names("2026-02")] == [
        "宮城県 仙台市", "宮城県 塩竈市", "宮城県 七ヶ宿町", "宮城県 丸森町"]


def test_a_towns_dashboard_compares_its_whole_with_the_medians_of_the_whole(tmp_path: Path) -> None:
    """The readiness review: the comparison had the areas alone, and the 全体 a town reports (97.5 % against 98.25 % and
    95.625 %) was on no row of it. 全体 comes first, beside the prefecture's and the country's medians of 全体."""
    import re

    from checker.catalog import load_catalog

    areas = [a.name for a in load_catalog().areas]
    rows = [[p, t, rate, *[rate] * len(areas)] for p, t, rate in (("宮城県", "利府町", 0.25), ("宮城県", "松島町", 0.5),
                                                                  ("宮城県", "大和町", 1.0), ("北海道", "札幌市", 0.75))]
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "m.xlsx", areas, rows)))
    ctx = build_context(store, load(store, select(store, "宮城県", "利府町"), None), today=dt.date(2026, 3, 15),
                        deadlines=Deadlines())
    assert ctx["overall_row"] == {"area": "全体", "rate": 0.25, "prefecture_median": 0.5, "national_median": 0.625}
    compared = render("readiness.html", **ctx).split('<section id="compare"')[1].split("</section>")[0]
    first = re.search(r"<tbody>\s*<tr([^>]*)>\s*<th scope=\"row\">([^<]*)</th>\s*<td class=\"num\">([^<]*)</td>\s*"
                      r"<td class=\"num\">([^<]*)</td>\s*<td class=\"num\">([^<]*)</td>", compared)
    assert first is not None and first.groups() == (' class="overall"', "全体", "25%", "50%", "62.5%")
    # a town alone in its prefecture is compared with nobody there, its 全体 too
    alone = ReadinessStore(f"sqlite:///{tmp_path / 'a.db'}")
    alone.import_data(read_progress(rates_workbook(tmp_path / "a.xlsx", areas, rows[:1])))
    ctx = build_context(alone, load(alone, select(alone, "宮城県", "利府町"), None), today=dt.date(2026, 3, 15),
                        deadlines=Deadlines())
    assert (ctx["overall_row"]["prefecture_median"], ctx["overall_row"]["national_median"]) == (None, None)


def test_a_later_month_of_exactly_half_the_prefecture_s_towns_counting_each_town_once_is_the_default(
        tmp_path: Path) -> None:
    """2026-02's own sheets of 2 of 宮城県's 4 towns are half of them: the default. Not half of 2026-01's 6 rows (the 4
    towns of its workbook, 2 of them by their own sheets too), nor of the 7 towns of 宮城県's and 北海道's workbooks."""
    towns = ("松島町", "利府町", "大郷町", "加美町")
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for prefecture, names in (("宮城県", towns), ("北海道", ("札幌市", "函館市", "小樽市"))):
        store.import_data(read_progress(rates_workbook(tmp_path / f"{prefecture}.xlsx", ["住民記録"],
                                                       [[prefecture, t, 0.5, 0.5] for t in names])))
    for t in towns[:2]:
        for month in ("令和8年1月", "令和8年2月"):
            store.import_data(_own_sheet(tmp_path, t, month, 0.75))
    miyagi = load(store, select(store, "宮城県", None), None)
    assert (miyagi.month, len(miyagi.current), miyagi.later) == ("2026-02", 2, [])


def test_towns_without_data_follow_the_workbook_of_their_latest_month(tmp_path: Path) -> None:
    """色麻町 renamed しかま町 in 2026-02's workbook, in 色麻町's row; 2026-03 利府町's own sheet alone: the towns it lacks
    follow 2026-02's rows (しかま町 before 加美町), not the order they were first imported in."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for month, towns in (("令和8年1月", ("松島町", "利府町", "色麻町", "加美町")), ("令和8年2月", ("松島町", "利府町", "しかま町", "加美町"))):
        store.import_data(read_progress(rates_workbook(tmp_path / f"{month}.xlsx", ["住民記録"],
                                                       [["宮城県", t, 0.5, 0.5] for t in towns], month)))
    store.import_data(_own_sheet(tmp_path, "利府町", "令和8年3月", 0.75))
    data = load(store, select(store, "宮城県", None), "2026-03")
    assert [n for n, _ in data.missing_names("2026-03")] == ["宮城県 松島町", "宮城県 しかま町", "宮城県 加美町"]


def test_towns_of_no_month_in_common_are_given_no_like_for_like_line(tmp_path: Path) -> None:
    """利府町's own sheet for 2026-01, 松島町's for 2026-02: each month lacks a town, but no town is in both, so there is
    no line over the towns of every month (a line of 0 towns, all blank) and nothing said of it."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    for town, month in (("利府町", "令和8年1月"), ("松島町", "令和8年2月")):
        store.import_data(_own_sheet(tmp_path, town, month, 0.5))
    ctx = build_context(store, load(store, select(store, "宮城県", None), "2026-02"), today=dt.date(2026, 3, 15),
                        deadlines=Deadlines())
    assert len(ctx["partial_months"]) == 2
    assert ([s.label for s in ctx["trend"].series], ctx["trend"].note) == (["宮城県の中央値"], "")


def test_the_dashboards_source_names_ten_files_and_counts_the_others(tmp_path: Path) -> None:
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    towns = ("松島町", "利府町", "大郷町", "加美町", "色麻町", "大和町", "大衡村", "富谷市", "七ヶ浜町", "塩竈市", "多賀城市")

    def source() -> str:
        ctx = build_context(store, load(store, select(store, "宮城県", None), None), today=dt.date(2026, 3, 15),
                            deadlines=Deadlines())
        return dict(ctx["provenance"].items)["出典"]

    for town in towns[:10]:
        store.import_data(_own_sheet(tmp_path, town, "令和8年1月", 0.5))
    assert source().count("自己記入シート") == 10 and "ほか" not in source()
    store.import_data(_own_sheet(tmp_path, towns[10], "令和8年1月", 0.5))
    assert source().count("自己記入シート") == 10 and source().endswith("） ほか 1 ファイル")


def test_a_prefectures_dashboard_names_the_later_month_of_a_few_towns_and_does_not_call_it_the_only_month(
        tmp_path: Path) -> None:
    """The walk review: 宮城県's dashboard opened on 2026-01 (松島町's own sheet of 2026-02 alone after it) said nothing
    of 2026-02 (only the console did), and its trend said 「取り込み済みのデータは 2026年1月の 1 か月分だけです」."""
    store = ReadinessStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.import_data(read_progress(rates_workbook(tmp_path / "m.xlsx", ["住民記録"],
                                                   [["宮城県", t, 0.5, 0.5] for t in ("利府町", "松島町", "大郷町")])))
    store.import_data(_own_sheet(tmp_path, "松島町", "令和8年2月", 0.75))
    ctx = build_context(store, load(store, select(store, "宮城県", None), None), today=dt.date(2026, 3, 15),
                        deadlines=Deadlines())
    note = ("2026年2月（1 団体）のデータもありますが、一部の団体だけのため、宮城県の表示は 2026年1月（3 団体）です。"
            "表示するには --month で月を指定してください（例: --month 2026-02）")
    assert ctx["later_months"] == note
    html = render("readiness.html", **ctx)
    assert f'<p class="notice" id="later-months">{note}。</p>' in html
    assert "2026年1月までのデータは 1 か月分だけです。" in html and "取り込み済みのデータは" not in html
