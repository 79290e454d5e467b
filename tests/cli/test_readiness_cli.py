"""`hyojun readiness …` through click's CliRunner: import, status (text and JSON), template, dashboard."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.readiness_store import ReadinessStore
from checker.schemas import validate
from tests.conftest import (MIYAGI_DEADLINES, back_to_schema_3, nation_workbook, rates_workbook, store_state,
                            stored_as_hyojun_0_7, tokyo_not_sent, write_book)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "readiness"
MIYAGI = FIXTURES / "soumu_progress_宮城県_2026-01.xlsx"
TODAY = ["--today", "2026-02-01"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "readiness.db")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def imported(db: str) -> str:
    assert run("readiness", "import", str(MIYAGI), "--db", db).exit_code == 0
    return db


def test_today_is_the_date_in_japan_on_a_machine_set_to_utc(imported: str, tmp_path: Path,
                                                             utc_machine_at_jst_morning: None) -> None:
    """At 05:06 on 2026-12-07 in Japan, a server set to UTC counted the days to each deadline (Japanese dates) from
    the 6th."""
    (record,) = json.loads(run("readiness", "status", "--municipality", "利府町", "--json", "--db", imported).output)
    assert record["today"] == "2026-12-07"
    assert [d["days_left"] for d in record["details"].values()] == [
        (dt.date.fromisoformat(d["deadline"]) - dt.date(2026, 12, 7)).days for d in record["details"].values()]
    assert run("readiness", "dashboard", "--municipality", "利府町", "--out", str(tmp_path / "d"),
               "--db", imported).exit_code == 0
    page = next((tmp_path / "d").glob("*.html")).read_text("utf-8")
    assert "（基準日 2026年12月7日）" in page and "作成日時 2026年12月7日 05:06" in page


def test_every_command_has_japanese_help() -> None:
    for name in ("import", "template", "status", "dashboard", "remove", None):
        result = run("readiness", *([name] if name else []), "--help")
        assert result.exit_code == 0
        assert re.search(r"[ぁ-んァ-ン一-龥]", result.output), name


def test_import_twice_says_so(db: str) -> None:
    first = run("readiness", "import", str(MIYAGI), "--db", db)
    assert first.exit_code == 0 and "35 団体、業務ごとの値 700 件）" in first.output  # not 「700 業務」: there are 20
    again = run("readiness", "import", str(MIYAGI), "--db", db)
    assert again.exit_code == 0 and "取り込み済みです" in again.output


def test_a_national_workbook_short_of_a_prefecture_says_which(db: str, tmp_path: Path) -> None:
    """The month's national workbook without 沖縄県 imported with 「…を取り込みました（2025年6月、1,700 団体…）」 alone."""
    from checker.readiness_model import PREFECTURE_ORDER

    assert run("readiness", "import", str(nation_workbook(tmp_path / "01.xlsx")), "--db", db).exit_code == 0
    rows = [[p, f"{p}町", 0.5, 0.5] for p in PREFECTURE_ORDER[:-1]]
    short = rates_workbook(tmp_path / "02.xlsx", ["住民記録"], rows, "令和8年2月")
    res = run("readiness", "import", str(short), "--db", db)
    assert res.exit_code == 0 and "（2026年2月、46 団体、" in res.output
    assert f"注意: {short}: 前の全国のブック（2026年1月、01.xlsx）にあった 沖縄県（1 団体）がありません。" in res.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to one process")
def test_an_import_waiting_for_the_database_says_so_and_stops_on_ctrl_c(imported: str) -> None:
    """While another program held the database it waited up to 300 s, silent, and Ctrl-C did nothing until the
    other let go (SQLite's wait sleeps in C). The lock is held to the end here: the import stops while waiting."""
    holder = sqlite3.connect(imported, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    # Python's Ctrl-C handler, which a process started without job control (the suite in the background) lacks
    code = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); from checker.cli import main; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, "readiness", "import", str(MIYAGI), "--db", imported],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    guard = threading.Timer(120, proc.kill)  # a wait that says nothing would hang the test
    guard.start()
    try:
        assert proc.stderr is not None
        note = proc.stderr.readline()
        assert note.startswith(f"ほかの hyojun（または別のプログラム）がデータベース {imported} を使用中のため"), note
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate()
    finally:
        guard.cancel()
        holder.close()
    assert proc.returncode == 1 and err.strip() == "中止しました。", err


def test_import_errors_without_traceback(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "nai.xlsx"
    result = run("readiness", "import", str(missing), str(MIYAGI), "--db", db)
    assert result.exit_code == 1
    assert "ファイルが見つかりません" in result.output and "Traceback" not in result.output
    assert "2 件中 1 件" in result.output
    assert "35 団体" in result.output  # the good file was still imported


def test_status_json_matches_schema(imported: str) -> None:
    result = run("readiness", "status", "--municipality", "利府町", "--json", "--db", imported, *TODAY)
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    validate(records, "readiness_status", source="test")
    (r,) = records
    assert (r["prefecture"], r["municipality"], r["month"], r["overall_rate"]) == ("宮城県", "利府町", "2026-01", 0.93625)
    assert len(r["areas"]) == 20 and r["areas"]["戸籍"] == 0.575
    d = r["details"]["戸籍"]
    assert d["deadline"] == "2026-03-31" and d["days_left"] == 58 and d["at_risk"]
    assert d["prefecture_median"] is not None and d["next_step"]["id"]


def test_status_json_of_a_prefecture_matches_schema(imported: str) -> None:
    """The command no longer validates its own output at run time: every record of a whole prefecture is checked here."""
    result = run("readiness", "status", "--prefecture", "宮城県", "--json", "--db", imported, *TODAY)
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    validate(records, "readiness_status", source="test")
    assert len({r["municipality"] for r in records}) == len(records) == 35


def test_status_text_and_prefecture(imported: str) -> None:
    one = run("readiness", "status", "--municipality", "利府町", "--db", imported, *TODAY)
    assert one.exit_code == 0 and "93.625%" in one.output and "残り 58 日" in one.output
    late = run("readiness", "status", "--municipality", "利府町", "--db", imported, "--today", "2026-12-06")
    assert late.exit_code == 0 and "250 日超過" in late.output and "-250" not in late.output
    # an area at 100 % is done, whenever that was: 「—」, not 「250 日超過」 beside 「（完了）」
    (done,) = [line for line in late.output.splitlines() if "児童扶養手当" in line]
    assert [c.strip() for c in done.split("│")][6:8] == ["2026年3月31日（既定）", "—"]
    pref = run("readiness", "status", "--prefecture", "宮城県", "--json", "--db", imported, *TODAY)
    assert len(json.loads(pref.output)) == 35


def test_status_with_deadlines_and_coverage(imported: str, tmp_path: Path) -> None:
    deadlines = tmp_path / "d.yaml"
    deadlines.write_text("municipalities:\n  - municipality: 利府町\n    areas: {戸籍: 2031-03-31}\n", "utf-8")
    ReadinessStore(imported).record_check("戸籍", "利府町", "第5.0版", "架空システムズ株式会社", 0.875, "conditional",
                                          prefecture="宮城県")
    result = run("readiness", "status", "--municipality", "利府町", "--json", "--deadlines", str(deadlines),
                 "--db", imported, *TODAY)
    d = json.loads(result.output)[0]["details"]["戸籍"]
    assert d["deadline"] == "2031-03-31" and not d["at_risk"]
    assert d["coverage"]["mandatory_coverage"] == 0.875
    # 130 of 135: the JSON to 4 decimals as a check's; the screen rounds down from the exact value as check does
    # (rounded first, 0.9630 showed 96.3 % here and 96.2 % in the check)
    ReadinessStore(imported).record_check("戸籍", "利府町", "第5.0版", "架空システムズ株式会社", 130 / 135, "non_conformant",
                                          prefecture="宮城県")
    doc = run("readiness", "status", "--municipality", "利府町", "--json", "--db", imported, *TODAY)
    assert json.loads(doc.output)[0]["details"]["戸籍"]["coverage"]["mandatory_coverage"] == 0.963
    shown = run("readiness", "status", "--municipality", "利府町", "--db", imported, *TODAY)
    assert "96.2%" in shown.output and "96.3%" not in shown.output



def test_a_vendors_name_is_shown_as_written(imported: str) -> None:
    """A vendor's name (from its answer file) in the coverage column is no rich markup: 「[/]」 stopped the command."""
    ReadinessStore(imported).record_check("戸籍", "利府町", "第5.0版", "[/]架空[bold]システムズ:bank:", 0.875, "conditional")
    shown = run("readiness", "status", "--municipality", "利府町", "--db", imported, *TODAY)
    assert shown.exit_code == 0 and "87.5% [/]架空[bold]システムズ:bank:" in shown.output


def test_a_prefectures_status_shows_each_towns_recorded_coverage(imported: str) -> None:
    """Prefecture staff of a joint procurement ran status --municipality town by town to see their towns' fit: the
    prefecture's table and JSON now give each town's lowest recorded area (its best bid, as the town's view heads it)."""
    store = ReadinessStore(imported)
    for vendor, coverage in (("アルファ情報システム", 0.93), ("ガンマ電算", 130 / 135)):
        store.record_check("介護保険", "利府町", "第6.0版", vendor, coverage, "conditional", "2026-01-10T00:00:00+00:00",
                           prefecture="宮城県")
    store.record_check("住民記録", "利府町", "第1.0版", "ガンマ電算", 0.99, "conformant", "2026-01-10T00:00:00+00:00",
                       prefecture="宮城県")
    shown = run("readiness", "status", "--prefecture", "宮城県", "--db", imported, *TODAY)
    assert shown.exit_code == 0
    header = next(line for line in shown.output.splitlines() if "┃ 団体" in line)  # hyojun's word, not 市区町村
    assert [c.strip() for c in header.split("┃")][-2] == "必須機能の適合率（最も低い業務）"
    lines = shown.output.splitlines()
    rifu = next(i for i, line in enumerate(lines) if "│ 利府町" in line)
    assert [lines[k].split("│")[-2].strip() for k in (rifu, rifu + 1)] == ["96.2% 介護保険（2 業務中最低）",
                                                                         "ガンマ電算（2 社中最高）"]
    assert next(line for line in lines if "│ 松島町" in line).split("│")[-2].strip() == "—"
    assert "必須機能の適合率: 団体ごとに、check --record で記録した業務のうち適合率が最も低い業務の値です" in shown.output
    doc = run("readiness", "status", "--prefecture", "宮城県", "--json", "--db", imported, *TODAY)
    records = {r["municipality"]: r for r in json.loads(doc.output)}
    validate(list(records.values()), "readiness_status", source="test")
    assert records["利府町"]["coverage_summary"] == {
        "area": "介護保険", "mandatory_coverage": 0.963, "mandatory_conformant": None, "mandatory": None,
        "verdict": "conditional", "spec_version": "第6.0版",
        "vendor": "ガンマ電算", "vendors": 2, "recorded_areas": ["住民記録", "介護保険"]}
    assert records["松島町"]["coverage_summary"] is None
    # the country's table leaves the column out (docs/readiness.md); its JSON has the field as every record
    national = run("readiness", "status", "--db", imported, *TODAY)
    assert national.exit_code == 0 and "必須機能の適合率" not in national.output


def _cells(output: str, town: str) -> list[str]:
    """The cells of *town*'s row of a status table."""
    return [c.strip() for c in next(line for line in output.splitlines() if f"│ {town} " in line).split("│")[1:-1]]


def test_the_slowest_area_of_a_town_is_none_when_all_are_done_and_every_one_tied_is_counted(db: str,
                                                                                          tmp_path: Path) -> None:
    """亘理町 at 100 % read 「最も遅れている業務: 住民記録 100%」, and 紋別市 with every area at 52.5 % read 「住民記録
    52.5%」, as if 住民記録 alone lagged: the first of equal ones."""
    from checker.catalog import load_catalog

    areas = [a.name for a in load_catalog().areas]

    def town(name: str, rates: list[float]) -> list[object]:
        return ["宮城県", name, sum(rates) / len(rates), *rates]
    three = [1.0, 0.25, 0.25, 0.25] + [0.5] * 16  # the second to fourth areas lowest
    one = [0.9] * 5 + [0.1] + [0.9] * 14
    path = rates_workbook(tmp_path / "towns.xlsx", areas, [town("完了町", [1.0] * 20), town("同率町", [0.525] * 20),
                                                           town("三業務町", three), town("一業務町", one)])
    assert run("readiness", "import", str(path), "--db", db).exit_code == 0
    res = run("readiness", "status", "--prefecture", "宮城県", "--db", db, *TODAY)
    assert res.exit_code == 0
    column = _cells(res.output.replace("┃", "│"), "団体").index("最も遅れている業務")
    assert [_cells(res.output, t)[column] for t in ("完了町", "同率町", "三業務町", "一業務町")] == [
        "—（すべて完了）", "全業務 52.5%", f"{areas[1]} ほか 2 業務 25%", f"{areas[5]} 10%"]


def test_the_prefectures_of_a_shared_name_are_listed_in_prefecture_code_order(db: str, tmp_path: Path) -> None:
    """池田町 「は 北海道・岐阜県・福井県・長野県 にあります」: code-point order, where staff expect 都道府県コード順
    (北海道・福井県・長野県・岐阜県), as the dashboard's filter lists them. Here in neither order in the workbook."""
    towns = [["岐阜県", "池田町"], ["長野県", "池田町"], ["北海道", "池田町"], ["福井県", "池田町"]]
    path = rates_workbook(tmp_path / "ikeda.xlsx", ["住民記録"], [[*t, 0.5, 0.5] for t in towns])
    assert run("readiness", "import", str(path), "--db", db).exit_code == 0
    ordered = "北海道・福井県・長野県・岐阜県"
    res = run("readiness", "status", "--municipality", "池田町", "--db", db)
    assert res.exit_code == 2 and f"池田町 は {ordered} にあります。--prefecture で都道府県を指定してください" in res.output
    res = run("readiness", "status", "--municipality", "池田町", "--prefecture", "沖縄県", "--db", db)
    assert res.exit_code == 1 and f"沖縄県の池田町 のデータがありません（池田町 は {ordered} にあります）" in res.output
    deadlines = tmp_path / "d.yaml"
    deadlines.write_text("municipalities:\n  - {prefecture: 沖縄県, municipality: 池田町, deadline: 2031-03-31}\n", "utf-8")
    res = run("readiness", "status", "--prefecture", "北海道", "--deadlines", str(deadlines), "--db", db, *TODAY)
    assert res.exit_code == 0 and "この期限は使われません（" + "・".join(
        f"{p} 池田町" for p in ordered.split("・")) + " のことですか）" in res.stderr


@pytest.mark.parametrize("args, code, message", [
    (("--municipality", "どこか町"), 1, "データがありません"),
    (("--month", "2025-12"), 1, "2025-12 のデータがありません"),
    (("--month", "いつか"), 2, "年月として読めません"),
    (("--prefecture", "宮城"), 2, "都道府県「宮城」は47都道府県の名前ではありません（宮城県 のことですか）"),
])
def test_status_user_errors(imported: str, args: tuple[str, ...], code: int, message: str) -> None:
    result = run("readiness", "status", *args, "--db", imported)
    assert result.exit_code == code and message in result.output and "Traceback" not in result.output


def test_status_on_empty_database(db: str) -> None:
    result = run("readiness", "status", "--db", db)
    assert result.exit_code == 1 and "readiness import" in result.output


ABSENT = "。--db（または環境変数 HYOJUN_DB）の指定を確かめるか、先に hyojun readiness import で進捗データを取り込んでください"


@pytest.mark.parametrize("command", [["status"], ["dashboard", "--out", "d"], ["remove", "--month", "2026-01"]])
def test_a_reader_makes_no_database_of_a_mistyped_path_or_an_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         command: list[str]) -> None:
    """status turned an empty 進捗.xlsx into a 57 KB SQLite database, and data/readines.db (a typo) into a new folder
    and database, saying only that there was no progress data."""
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "data" / "readines.db"
    result = run("readiness", *command, "--db", str(typo))
    assert result.exit_code == 1 and f"データベース {typo} がありません{ABSENT}" in result.output
    assert list(tmp_path.iterdir()) == []
    empty = tmp_path / "進捗.xlsx"
    empty.touch()
    result = run("readiness", *command, "--db", str(empty))
    assert result.exit_code == 1
    assert f"データベース {empty} には hyojun のデータがありません（空のファイルか、ほかの用途のデータベースです）{ABSENT}" in result.output
    assert empty.read_bytes() == b"" and list(tmp_path.iterdir()) == [empty]
    # what import and check --record made, a reader reads
    assert run("readiness", "import", str(MIYAGI), "--db", str(typo)).exit_code == 0
    assert run("readiness", *command, "--db", str(typo)).exit_code == 0


def _tables(url: str) -> list[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
    engine.dispose()
    return names


def test_a_failed_import_makes_no_database_nor_its_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot go in (no progress workbook, a future 報告月) left an empty SQLite database behind, and the
    folders made for it: new/dir/r.db, or <HYOJUN_HOME>/data/readiness.db under a new home."""
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x", encoding="utf-8")
    future = _self_sheet(tmp_path, month="2099-02")
    inputs = sorted(tmp_path.iterdir())
    for files in ([bad], [future], [bad, future]):
        res = run("readiness", "import", *map(str, files), "--db", str(tmp_path / "new" / "dir" / "r.db"))
        assert res.exit_code == 1 and sorted(tmp_path.iterdir()) == inputs, res.output
    home = tmp_path / "home"
    monkeypatch.setenv("HYOJUN_HOME", str(home))
    res = run("readiness", "import", str(bad))
    assert res.exit_code == 1 and "自己記入シートの CSV ではありません" in res.output
    assert not home.exists()


def test_a_database_that_cannot_be_made_is_said_at_once_and_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no store yet, import read every file (seconds each for a national workbook) before finding that its --db
    could not be made, said so once per file and then that the files could not be imported, and in SQLite's vaguer
    words (「開けません。…」) rather than which folder of the path is a file."""
    from checker import readiness_query
    from tests.conftest import KAIGO_SPEC, VENDOR

    def unread(path: Path) -> None:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(readiness_query, "read_progress", unread)
    afile, folder = tmp_path / "afile", tmp_path / "folder.db"
    afile.write_text("x", encoding="utf-8")
    folder.mkdir()
    for db, shown, reason in ((str(afile / "sub" / "r.db"), afile / "sub" / "r.db", f"途中の {afile} はフォルダではなくファイルです"),
                              (str(folder), folder, "フォルダです。ファイルを指定してください"),
                              (f"sqlite:///{tmp_path / 'nope' / 'r.db'}", tmp_path / "nope" / "r.db",
                               f"フォルダ {tmp_path / 'nope'} がありません")):
        res = run("readiness", "import", str(MIYAGI), str(MIYAGI), "--db", db)
        assert res.exit_code == 1 and res.output == f"エラー: データベース {shown} に書き込めません（{reason}）\n"
    res = CliRunner().invoke(cli, ["check", str(VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"), "--spec", str(KAIGO_SPEC),
                                   "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db",
                                   str(afile / "sub" / "r.db")])
    assert res.exit_code == 1
    assert f"エラー: データベース {afile / 'sub' / 'r.db'} に書き込めません（途中の {afile} はフォルダではなくファイルです）" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "folder.db", "o"]


def test_an_import_of_many_files_stops_at_a_database_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No later file gets past the database either: it is not read, nor the same error said again of it."""
    from checker import readiness_query
    from checker.readiness_store import StoreError

    read: list[str] = []
    real_read, real_import = readiness_query.read_progress, ReadinessStore.import_data

    def reading(path: Path) -> object:
        read.append(path.name)
        return real_read(path)

    def full_after_one(store: ReadinessStore, data: object) -> object:
        if len(read) > 1:
            raise StoreError(f"データベース {store.display_url} に書き込めません（ディスクの空き容量が足りません）")
        return real_import(store, data)  # type: ignore[arg-type]

    monkeypatch.setattr(readiness_query, "read_progress", reading)
    monkeypatch.setattr(ReadinessStore, "import_data", full_after_one)
    town, other = _self_sheet(tmp_path, month="2026-01"), _self_sheet(tmp_path, name="松島町", month="2026-01")
    db = tmp_path / "r.db"
    res = run("readiness", "import", str(MIYAGI), str(town), str(other), "--db", str(db))
    assert res.exit_code == 1 and read == [MIYAGI.name, town.name], res.output
    assert res.output.endswith(f"エラー: データベース {db} に書き込めません（ディスクの空き容量が足りません）\n"
                               "エラー: 3 件中 2 件のファイルを取り込めませんでした（データベースのエラーで 2 件目から先は取り込んでいません。"
                               "ほかのファイルは取り込み済みです）\n")


def test_an_import_says_it_cannot_write_a_database_it_cannot_open(tmp_path: Path) -> None:
    """Not 「を読めません」, as status says: the import opened the store as a reader, to make none before a file was read."""
    target = tmp_path / "r.db"
    target.write_bytes(b"municipality: x\n" * 200)
    res = run("readiness", "import", str(MIYAGI), "--db", str(target))
    assert res.exit_code == 1 and f"エラー: データベース {target} に書き込めません（SQLite のデータベースのファイルではありません" in res.output


def test_bad_input_does_not_touch_the_database(db_url: str, tmp_path: Path) -> None:
    """Not even its tables: the file is read before the database is opened (a PostgreSQL database too)."""
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x", encoding="utf-8")
    assert run("readiness", "import", str(bad), "--db", db_url).exit_code == 1
    assert not (tmp_path / "readiness.db").exists() if db_url.startswith("sqlite") else _tables(db_url) == []


def test_a_failed_import_leaves_a_store_an_older_hyojun_made_as_it_was(db_url: str, tmp_path: Path) -> None:
    """The store was upgraded before the file was read: an import that failed on its file (unreadable, of no progress
    sheet, a future month, a town not on 総務省's list) left a store that the older hyojun of another PC sharing it
    could no longer open. A file that goes in upgrades it."""
    from checker.readiness_store import SCHEMA_VERSION

    assert run("readiness", "import", str(MIYAGI), "--db", db_url).exit_code == 0
    back_to_schema_3(db_url)
    before = store_state(db_url)
    unreadable, other = tmp_path / "bad.xlsx", write_book(tmp_path / "other.xlsx", {"Sheet1": [["a", "b"], [1, 2]]})
    unreadable.write_text("x", encoding="utf-8")
    # (files, what is said, whether the store was upgraded to refuse them: in the import's transaction, undone)
    for files, said, upgraded in (([unreadable], "自己記入シートの CSV ではありません", False),
                                  ([other], "進捗状況のブックではありません（シート: 「Sheet1」）", False),
                                  ([_self_sheet(tmp_path, month="2099-02")], "報告月 2099年2月は今月", True),
                                  ([unreadable, other], "2 件中 2 件のファイルを取り込めませんでした", False),
                                  ([_self_sheet(tmp_path, "利府")], "市区町村「利府」は取り込み済みの総務省の", True)):
        res = run("readiness", "import", *map(str, files), "--db", db_url)
        assert res.exit_code == 1 and said in res.output and ("形式に更新しています" in res.output) == upgraded, res.output
        assert store_state(db_url) == before, files
    res = run("readiness", "import", str(unreadable), str(_self_sheet(tmp_path)), "--db", db_url)
    assert res.exit_code == 1 and f"形式に更新しています（スキーマ版 3 → {SCHEMA_VERSION}。" in res.output
    assert "自己記入シートを取り込みました（2026年2月、1 団体" in res.output
    store = ReadinessStore(db_url, create=False)
    assert store.migrate() == SCHEMA_VERSION and store.months() == ["2026-01", "2026-02"]
    assert [c.checked_at for c in store.check_rows()] == ["2026-01-07T05:05:57+09:00"]


def test_a_town_an_older_hyojun_stored_under_two_spellings_shows_as_one(db_url: str, tmp_path: Path) -> None:
    """宮城県's January workbook, then February's spelling 七ヶ浜町 七ケ浜町, imported by hyojun 0.7.0: two towns, so that
    `status --municipality 七ケ浜町` showed January and said the town was gone from February's workbook, `--month
    2026-02` found no data, and the dashboard of 宮城県 counted 36 towns, 七ヶ浜町 among those without February's data.
    The first command merges them, and says so once."""
    from checker.io.readiness_reader import read_progress

    january = read_progress(MIYAGI)
    towns = [("七ケ浜町" if m.name == "七ヶ浜町" else m.name) for m in january.municipalities]
    february = rates_workbook(tmp_path / "02.xlsx", ["住民記録"], [["宮城県", t, 0.75, 0.75] for t in towns], "令和8年2月")
    stored_as_hyojun_0_7(db_url, [january, read_progress(february)])
    res = run("readiness", "status", "--municipality", "七ケ浜町", "--today", "2026-02-15", "--json", "--db", db_url)
    [record] = json.loads(res.stdout)
    assert (record["municipality"], record["month"], record["trend"]["previous_month"]) == ("七ケ浜町", "2026-02", "2026-01")
    assert "2026年2月のブックにはありません" not in res.stderr, res.stderr
    assert res.stderr.count("同じ団体の書き方を 1 つにまとめています: 宮城県 七ヶ浜町・七ケ浜町 → 七ケ浜町") == 1
    res = run("readiness", "status", "--municipality", "七ヶ浜町", "--month", "2026-02", "--today", "2026-02-15",
              "--db", db_url)
    assert res.exit_code == 0 and "まとめています" not in res.stderr and "七ケ浜町" in res.stdout, res.output
    res = run("readiness", "dashboard", "--prefecture", "宮城県", "--month", "2026-02", "--today", "2026-02-15",
              "--out", str(tmp_path / "d"), "--db", db_url)
    assert res.exit_code == 0 and "データがない団体" not in res.output, res.output
    page = (tmp_path / "d" / "readiness_宮城県_2026-02.html").read_text("utf-8")
    assert '<output id="filter-count" aria-live="polite">35 団体</output>' in page and 'id="coverage-note"' not in page
    res = run("readiness", "dashboard", "--municipality", "七ヶ浜町", "--out", str(tmp_path / "d"), "--db", db_url)
    assert res.exit_code == 0 and (tmp_path / "d" / "readiness_宮城県_七ケ浜町_2026-02.html").is_file(), res.output


def test_a_refused_removal_leaves_a_store_an_older_hyojun_made_as_it_was(db_url: str) -> None:
    """readiness remove upgraded the store before it found nothing to remove; one that removes upgrades it."""
    from checker.readiness_store import SCHEMA_VERSION

    assert run("readiness", "import", str(MIYAGI), "--db", db_url).exit_code == 0
    back_to_schema_3(db_url)
    before = store_state(db_url)
    for args in (["--month", "2025-12"], ["--month", "2026-01", "--source", "他の.xlsx"]):
        res = run("readiness", "remove", *args, "--db", db_url)
        assert res.exit_code == 1 and "データはありません" in res.output, res.output
        assert store_state(db_url) == before, args
    res = run("readiness", "remove", "--month", "2026-01", "--db", db_url)
    assert res.exit_code == 0 and f"スキーマ版 3 → {SCHEMA_VERSION}" in res.output and "削除しました" in res.output, res.output
    store = ReadinessStore(db_url, create=False)
    assert store.current() and store.months() == []


def test_a_write_that_fails_removes_only_a_database_this_run_made_and_nothing_went_into(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk (or Ctrl+C) while importing into a new database left it, empty, and its folders. One that was
    there before the run stays, and so does one another process wrote to meanwhile."""
    from checker.errors import InputError

    monkeypatch.chdir(tmp_path)

    def full(_store: ReadinessStore, _data: object) -> None:
        raise InputError("データベースに書き込めません（ディスクの空き容量が足りません）")

    monkeypatch.setattr(ReadinessStore, "import_data", full)
    db = tmp_path / "new" / "dir" / "r.db"
    res = run("readiness", "import", str(MIYAGI), "--db", str(db))
    assert res.exit_code == 1 and "ディスクの空き容量が足りません" in res.output
    assert list(tmp_path.iterdir()) == []
    db.parent.mkdir(parents=True)
    ReadinessStore(str(db)).engine.dispose()  # there before the run, holding nothing yet
    assert run("readiness", "import", str(MIYAGI), "--db", str(db)).exit_code == 1
    assert _tables(f"sqlite:///{db}") != []
    db.unlink()
    begin = ReadinessStore.transaction

    def after_another_process_wrote(store: ReadinessStore) -> object:
        # into the file this run made, before this run's transaction (which keeps it waiting, holding the lock)
        ReadinessStore(str(db)).record_check("戸籍", "利府町", "第5.0版", "A社", 0.5, "non_conformant")
        return begin(store)

    monkeypatch.setattr(ReadinessStore, "transaction", after_another_process_wrote)
    assert run("readiness", "import", str(MIYAGI), "--db", str(db)).exit_code == 1
    assert db.is_file()
    monkeypatch.setattr(ReadinessStore, "transaction", begin)
    db.unlink()
    db.write_bytes(b"")  # an empty file is a new database to SQLite, but not this run's to remove
    monkeypatch.setattr(ReadinessStore, "import_data", full)
    assert run("readiness", "import", str(MIYAGI), "--db", str(db)).exit_code == 1
    assert db.is_file()


def test_template_command_round_trip(tmp_path: Path, db: str) -> None:
    out = tmp_path / "t.xlsx"
    assert run("readiness", "template", "--out", str(out)).exit_code == 0
    import openpyxl

    wb = openpyxl.load_workbook(out)
    ws = wb["進捗入力"]
    assert ws.data_validations.dataValidation  # the status dropdown
    # printed: A4 landscape, one page wide, the table's header on every page, title and page numbers
    assert (ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.fitToHeight) == (9, "landscape", 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$8:$8"
    assert ws.oddHeader.center.text == "移行準備状況 自己記入シート（hyojun readiness）"
    assert ws.oddFooter.right.text == "ページ &P / &N"
    assert ws.column_dimensions["A"].width >= 2 * len("子ども・子育て支援")  # the longest area name whole
    assert ws["C9"].alignment.wrap_text  # long step names wrap rather than being cut
    with zipfile.ZipFile(out) as zf:  # openpyxl does not read ignoredErrors
        assert '<ignoredError sqref="B3:B6" numberStoredAsText="1"/>' in zf.read("xl/worksheets/sheet1.xml").decode()
    for r, v in ((3, "宮城県"), (4, "利府町"), (6, "令和8年2月")):
        ws.cell(r, 2).value = v
    ws["D9"] = "完了済み"  # a sheet without one status written is refused (test_readiness_reader)
    wb.save(out)
    result = run("readiness", "import", str(out), "--db", db)
    assert result.exit_code == 0 and "自己記入シート" in result.output and "（2026年2月、" in result.output


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def _dashboard(db: str, tmp_path: Path, *args: str) -> tuple[str, _Html]:
    result = run("readiness", "dashboard", *args, "--out", str(tmp_path / "out"), "--db", db, *TODAY)
    assert result.exit_code == 0, result.output
    (path,) = [p for p in (tmp_path / "out").iterdir() if p.suffix == ".html"]
    html = path.read_text("utf-8")
    parser = _Html()
    parser.feed(html)
    assert parser.find("main") and parser.find("header") and parser.find("footer") and parser.find("nav")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)  # nothing fetched
    assert all(a.get("scope") in ("col", "row") for a in parser.find("th"))
    for control in parser.find("select") + parser.find("input"):
        assert control.get("id") and parser.find("label", **{"for": control["id"]}) or control.get("type") == "checkbox"
    return html, parser


def test_municipality_dashboard(imported: str, tmp_path: Path) -> None:
    html, parser = _dashboard(imported, tmp_path, "--municipality", "利府町")
    assert "93.625%" in html and "要注意" in html
    assert len(parser.find("svg", role="img")) >= 1  # the trend chart
    step_table = [a for a in parser.find("table") if "steps" in (a.get("class") or "")]
    assert step_table and html.count('<td class="st st-') == 800  # 40 steps × 20 areas, each with a symbol
    assert "完了済み" in html and "●" in html


def test_prefecture_dashboard_heat_map(imported: str, tmp_path: Path) -> None:
    html, parser = _dashboard(imported, tmp_path, "--prefecture", "宮城県")
    assert len(parser.find("tr", **{})) >= 35
    assert parser.find("table", id="heat-table") and parser.find("input", id="filter-name")
    assert "仙台市" in html and "利府町" in html


def test_national_dashboard_has_prefecture_filter(imported: str, tmp_path: Path) -> None:
    html, parser = _dashboard(imported, tmp_path)
    assert parser.find("select", id="filter-pref") and parser.find("tbody", **{"data-pref": "宮城県"})


def test_self_filled_notes_show_in_status_and_dashboard(tmp_path: Path, db: str) -> None:
    from tests.unit.test_readiness_reader import fill_template

    sheet = fill_template(tmp_path / "self.xlsx")
    assert run("readiness", "import", str(sheet), "--db", db).exit_code == 0
    result = run("readiness", "status", "--municipality", "利府町", "--json", "--db", db, *TODAY)
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.output)
    validate([record], "readiness_status", source="test")
    assert record["details"]["戸籍"]["notes"] == [
        {"number": 1, "id": "①-1", "name": record["details"]["戸籍"]["in_progress"][0]["name"],
         "date": "2026-01-20", "note": "体制案を作成中"}]
    assert record["details"]["住民記録"]["notes"] == []
    html, _ = _dashboard(db, tmp_path, "--municipality", "利府町")
    assert 'id="notes"' in html and "体制案を作成中" in html


def test_without_the_step_sheet_an_unfinished_area_has_no_next_step_rather_than_complete(tmp_path: Path, db: str) -> None:
    path = rates_workbook(tmp_path / "rates_only.xlsx", ["住民記録", "戸籍"], [["宮城県", "試験町", 0.75, 0.5, 1.0]])
    res = run("readiness", "import", str(path), "--db", db)
    assert res.exit_code == 0 and "未着手（0/40）とみなしました" in res.output
    status = run("readiness", "status", "--municipality", "試験町", "--db", db, *TODAY)
    lines = {line.split("│")[1].strip(): line for line in status.output.splitlines() if line.count("│") > 3}
    assert "ステップ別の記録なし" in lines["住民記録"] and "すべて完了" not in lines["住民記録"]
    assert "—（すべて完了）" in lines["戸籍"]  # as the dashboard says it, not 「（完了）」
    assert "完了率 7.5%" in status.output  # 60 of 800 steps: the 18 areas without a column count as 未着手
    out = tmp_path / "dash"
    assert run("readiness", "dashboard", "--municipality", "試験町", "--out", str(out), "--db", db, *TODAY).exit_code == 0
    html = next(out.glob("*.html")).read_text("utf-8")
    assert html.count("—（すべて完了）") == 1 and "—（ステップ別の記録なし）" in html
    assert "までのデータは 1 か月分だけです" in html
    # the official words: the banner counts 完了済み and 対象外; 住民記録 (20 of 40, not at risk with a later deadline) is
    # 作業中, not 「進行中」, and the 18 areas without a column (0/40) are 未着手
    assert "<dt>完了済み・対象外のステップ</dt><dd>60 / 800</dd>" in html
    later = tmp_path / "d.yaml"
    later.write_text("default: 2031-03-31\n", "utf-8")
    assert run("readiness", "dashboard", "--municipality", "試験町", "--out", str(out), "--deadlines", str(later),
               "--db", db, *TODAY).exit_code == 0
    html = next(out.glob("*.html")).read_text("utf-8")
    assert html.count('<span class="chip tone-info">作業中</span>') == 1 and "進行中" not in html
    assert html.count('<span class="chip tone-info">未着手</span>') == 18


def test_a_month_without_step_records_says_so_rather_than_a_table_of_question_marks(tmp_path: Path, db: str) -> None:
    """A workbook of 業務別完了率 only made the 40 × 20 step table 800 「?」, unexplained."""
    from tests.unit.test_readiness_reader import _soumu_workbook

    rates = rates_workbook(tmp_path / "rates_only.xlsx", ["住民記録", "戸籍"], [["宮城県", "試験町", 0.75, 0.5, 1.0]])
    assert run("readiness", "import", str(rates), "--db", db).exit_code == 0
    html, parser = _dashboard(db, tmp_path, "--municipality", "試験町")
    assert not [t for t in parser.find("table") if "steps" in (t.get("class") or "")] and ">?<" not in html
    assert ("ステップ別の記録がありません。2026年1月のデータは、シート「業務別ステップ別進捗一覧」のないブック（業務別完了率だけ）から"
            "取り込んだものです。") in html
    # the step sheet of two areas: the table, its 「?」 explained in the legend with the areas it stands for
    assert run("readiness", "import", str(_soumu_workbook(tmp_path / "steps.xlsx")), "--db", db).exit_code == 0
    html, parser = _dashboard(db, tmp_path / "again", "--municipality", "試験町")
    assert html.count('<td class="st st-') == 80 and html.count("記録なし\">?<") == 18 * 40 and 'id="no-steps"' not in html
    assert "<li><span class=\"st\" aria-hidden=\"true\">?</span>ステップ別の記録なし（印鑑登録・戸籍・選挙人名簿管理・" in html


def test_dashboards_of_municipalities_sharing_a_name_are_two_files(tmp_path: Path, db: str) -> None:
    """府中市 of 東京都 and of 広島県: the second dashboard replaced the first (both readiness_府中市_2026-01.html)."""
    path = rates_workbook(tmp_path / "two.xlsx", ["住民記録"], [["東京都", "府中市", 1.0, 1.0], ["広島県", "府中市", 0.5, 0.5]])
    assert run("readiness", "import", str(path), "--db", db).exit_code == 0
    out = tmp_path / "dash"
    for pref in ("東京都", "広島県"):
        assert run("readiness", "dashboard", "--municipality", "府中市", "--prefecture", pref, "--out", str(out), "--db", db,
                   *TODAY).exit_code == 0
    assert sorted(p.name for p in out.glob("*.html")) == ["readiness_広島県_府中市_2026-01.html", "readiness_東京都_府中市_2026-01.html"]


def test_a_newer_month_of_one_town_says_how_many_towns_it_leaves_out(tmp_path: Path, imported: str) -> None:
    """宮城県 2026-01 for all 35, then 利府町's own sheet for 2026-02: the prefecture opened on 2026-02 and showed 利府町's
    own table (one record). It opens on 2026-01 and names 2026-02; asked for, 2026-02 is the prefecture's table of 1
    town, with the towns it leaves out."""
    path = rates_workbook(tmp_path / "rifu.xlsx", ["住民記録"], [["宮城県", "利府町", 1.0, 1.0]], month="令和8年2月")
    assert run("readiness", "import", str(path), "--db", imported).exit_code == 0
    res = run("readiness", "status", "--prefecture", "宮城県", "--db", imported, *TODAY)
    assert res.exit_code == 0
    assert res.stderr == ("注意: 2026年2月（1 団体）のデータもありますが、一部の団体だけのため、宮城県の表示は 2026年1月（35 団体）です。"
                          "表示するには --month で月を指定してください（例: --month 2026-02）\n")
    assert "宮城県 2026年1月時点（基準日 2026年2月1日）: 35 団体" in res.stdout
    feb = run("readiness", "status", "--prefecture", "宮城県", "--month", "2026-02", "--db", imported, *TODAY)
    assert feb.exit_code == 0
    assert "注意: 2026年2月のデータがない団体が 34 あります（宮城県 " in feb.stderr
    assert "この表示は 2026年2月のデータがある 1 団体です。--month で月を選べます" in feb.stderr
    assert "宮城県 2026年2月時点（基準日 2026年2月1日）: 1 団体" in feb.stdout and "最も遅れている業務" in feb.stdout
    quiet = run("readiness", "status", "--prefecture", "宮城県", "--month", "2026-01", "--db", imported, *TODAY)
    assert quiet.exit_code == 0 and "注意" not in quiet.stderr


def test_a_template_on_a_full_disk_is_the_usual_error_and_leaves_no_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """XlsxWriter wraps the OSError in its FileCreateError (neither an OSError nor ours): a traceback."""
    import errno

    import xlsxwriter.workbook

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", full)
    res = run("readiness", "template", "--out", str(tmp_path / "t.xlsx"))
    assert res.exit_code == 1  # run() lets any exception through
    assert "ディスクの空き容量が足りません" in res.output and "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []


def test_status_and_dashboard_say_the_basis_date_how_old_the_data_is_and_that_the_deadline_is_the_default(
        imported: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """January's figures read 「250 日超過 ⚠ 要注意」 in December, counted from a date the table never showed, against a
    deadline it never said was the built-in one. --today is suggested when the 基準日 is the clock's, not when given."""
    stale = ("注意: 表示は 2026年1月のデータ（基準日 2026年12月6日の 11 か月前）です。完了率は 2026年1月時点のもので、その後の進捗を"
             "含みません。期限までの日数と要注意は、2026年1月の完了率と基準日からの日数で判定しています")
    late = run("readiness", "status", "--municipality", "利府町", "--db", imported, "--today", "2026-12-06")
    assert "宮城県 利府町 2026年1月時点（基準日 2026年12月6日）: 完了率 93.625%" in late.output
    # 要注意 mixes the two: January's rates with December's days (the note first said it was January's)
    assert f"{stale}\n" in late.stderr and "--today で" not in late.stderr
    monkeypatch.setattr(time, "time", lambda: dt.datetime(2026, 12, 6, 9, tzinfo=dt.timezone.utc).timestamp())
    by_clock = run("readiness", "status", "--municipality", "利府町", "--db", imported)
    assert f"{stale}。--today で基準日を指定できます\n" in by_clock.stderr
    default = "注意: --deadlines の指定がないため、期限はすべての団体・業務で既定の 2026年3月31日です。特定移行支援システムなど"
    assert default in late.stderr
    pref = run("readiness", "status", "--prefecture", "宮城県", "--db", imported, "--today", "2026-12-06")
    assert "宮城県 2026年1月時点（基準日 2026年12月6日）: 35 団体" in pref.output and "11 か月前" in pref.stderr
    # two months behind, on the default deadline: nothing to say
    fresh = run("readiness", "status", "--municipality", "利府町", "--db", imported, "--today", "2026-03-31")
    assert "2026年1月時点（基準日 2026年3月31日）" in fresh.output and "注意" not in fresh.stderr
    # past it: the default is said, unless deadlines were given
    assert default in run("readiness", "status", "--municipality", "利府町", "--db", imported, "--today", "2026-04-01").stderr
    deadlines = tmp_path / "d.yaml"
    deadlines.write_text("default: 2026-03-31\n", "utf-8")
    given = run("readiness", "status", "--municipality", "利府町", "--deadlines", str(deadlines), "--db", imported,
                "--today", "2026-04-01")
    assert given.exit_code == 0 and "--deadlines の指定がない" not in given.stderr
    res = run("readiness", "dashboard", "--municipality", "利府町", "--out", str(tmp_path / "out"), "--db", imported,
              "--today", "2026-12-06")
    assert res.exit_code == 0
    html = next((tmp_path / "out").glob("*.html")).read_text("utf-8")
    notes = re.findall(r'<p class="notice basis-note">(.*?)</p>', html)
    assert len(notes) == 2 and notes[0] == stale.removeprefix("注意: ")
    assert notes[1].startswith("--deadlines の指定がないため、期限はすべての団体・業務で既定の 2026年3月31日です")
    assert run("readiness", "dashboard", "--municipality", "利府町", "--out", str(tmp_path / "clock"), "--db",
               imported).exit_code == 0
    html = next((tmp_path / "clock").glob("*.html")).read_text("utf-8")
    assert re.findall(r'<p class="notice basis-note">(.*?)</p>', html)[0] == f"{stale.removeprefix('注意: ')}。--today で基準日を指定できます"


def test_template_out_must_be_an_xlsx_and_a_bad_today_is_named_in_japanese(tmp_path: Path, imported: str) -> None:
    res = run("readiness", "template", "--out", str(tmp_path / "t.csv"))
    assert res.exit_code == 2 and "ひな形は Excel ブックです" in res.output and not (tmp_path / "t.csv").exists()
    bad = CliRunner().invoke(cli, ["readiness", "status", "--today", "2026-13-01", "--db", imported])
    assert bad.exit_code == 2 and "'--today' の値が正しくありません: 「2026-13-01」は存在しない日付です" in bad.output


def test_today_takes_the_spellings_the_sheets_take(imported: str) -> None:
    """--today refused 令和8年3月31日 and 2026/03/31, which the sheets' 日付 and the deadlines take."""
    def days(today: str) -> int:
        res = run("readiness", "status", "--municipality", "利府町", "--json", "--db", imported, "--today", today)
        assert res.exit_code == 0, res.output
        return json.loads(res.output)[0]["details"]["戸籍"]["days_left"]
    assert days("2026-03-30") == days("2026/3/30") == days("令和8年3月30日") == days("R8.3.30") == 1


def test_import_failures_are_counted_as_they_are(tmp_path: Path, db: str) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"%PDF-1.4")
    one = run("readiness", "import", str(bad), "--db", db)
    assert one.exit_code == 1 and "表計算ファイルではありません" in one.output and "件中" not in one.output
    both = run("readiness", "import", str(bad), str(MIYAGI), "--db", db)
    assert both.exit_code == 1 and "2 件中 1 件のファイルを取り込めませんでした（ほかのファイルは取り込み済みです）" in both.output
    none = run("readiness", "import", str(bad), str(bad), "--db", db)
    assert none.exit_code == 1 and "2 件中 2 件のファイルを取り込めませんでした（どのファイルも取り込んでいません）" in none.output


def _self_sheet(tmp_path: Path, name: str = "利府町", month: str = "2026-02") -> Path:
    import openpyxl

    from tests.unit.test_readiness_reader import fill_template

    path = fill_template(tmp_path / f"self_{name}_{month}.xlsx", month=month)
    wb = openpyxl.load_workbook(path)
    ws = wb["進捗入力"]
    next(ws.cell(r, 2) for r in range(1, 10) if ws.cell(r, 1).value == "市区町村").value = name
    wb.save(path)
    return path


def test_a_self_sheet_of_an_unknown_municipality_or_a_future_month_is_refused_unless_allowed(tmp_path: Path,
                                                                                              imported: str) -> None:
    """「利府」 became a 36th municipality of 宮城県, and a 報告月 typed 2027-02 every view's default month."""
    typo, future = _self_sheet(tmp_path, "利府"), _self_sheet(tmp_path, month="2099-02")
    res = run("readiness", "import", str(typo), str(future), "--db", imported)
    assert res.exit_code == 1
    assert ("進捗入力!B4: 市区町村「利府」は取り込み済みの総務省の 2026年1月のブックの宮城県（35 団体）にありません（利府町 のことですか）。"
            "新しい団体として取り込むには --new-municipality を付けてください") in res.output
    assert "進捗入力!B6: 報告月 2099年2月は今月" in res.output and "--future-month を付けてください" in res.output
    assert ReadinessStore(imported).months() == ["2026-01"]
    assert run("readiness", "import", str(typo), "--new-municipality", "--db", imported).exit_code == 0
    assert run("readiness", "import", str(future), "--future-month", "--db", imported).exit_code == 0
    assert ReadinessStore(imported).months() == ["2026-01", "2026-02", "2099-02"]


def test_remove_a_month_or_one_file_of_it(tmp_path: Path, imported: str) -> None:
    sheet = _self_sheet(tmp_path)
    assert run("readiness", "import", str(sheet), "--db", imported).exit_code == 0
    res = run("readiness", "remove", "--month", "2026-02", "--source", "nai.xlsx", "--db", imported)
    assert res.exit_code == 1 and f"2026-02 に nai.xlsx から取り込んだデータはありません（2026-02 のファイル: {sheet.name}）" in res.output
    res = run("readiness", "remove", "--month", "令和8年2月", "--source", str(sheet), "--db", imported)
    assert res.exit_code == 0 and f"削除しました: {sheet.name}（2026年2月、宮城県 利府町、1 団体" in res.output
    assert ReadinessStore(imported).months() == ["2026-01"]
    assert run("readiness", "remove", "--month", "いつか", "--db", imported).exit_code == 2


def test_remove_tells_apart_towns_sheets_of_one_name(tmp_path: Path, imported: str) -> None:
    """Every town's sheet keeps the template's name: removing one town's removed the other's."""
    sheets = []
    for town in ("利府町", "松島町"):
        (tmp_path / town).mkdir()
        sheets.append(_self_sheet(tmp_path, town).rename(tmp_path / town / "readiness_自己記入シート.xlsx"))
        assert run("readiness", "import", str(sheets[-1]), "--db", imported).exit_code == 0
    res = run("readiness", "remove", "--month", "2026-02", "--source", "readiness_自己記入シート.xlsx", "--db", imported)
    assert res.exit_code == 1 and "readiness_自己記入シート.xlsx という名前のファイルが 2 件あります" in res.output
    assert "削除するファイルそのもの（パス）を --source に指定してください" in res.output
    res = run("readiness", "remove", "--month", "2026-02", "--source", str(sheets[0]), "--db", imported)
    assert res.exit_code == 0 and "宮城県 利府町" in res.output and "松島町" not in res.output
    (left,) = ReadinessStore(imported).snapshots("2026-02")
    assert left.scope == "宮城県 松島町"


def test_a_corrected_workbook_says_what_it_replaced(tmp_path: Path, db: str) -> None:
    """and names the towns the month loses with it; a book of half the towns is an extract, as for the lists: 2 towns
    replaced the 4 of the month, and 2 of them went without a word."""
    rows = [["宮城県", town, 0.5, 0.5] for town in ("試験町", "試験村", "試験郷", "試験島")]
    v1 = rates_workbook(tmp_path / "v1.xlsx", ["住民記録"], rows)
    v2 = rates_workbook(tmp_path / "v2.xlsx", ["住民記録"], [rows[0], rows[2], rows[3]])
    res = run("readiness", "import", str(v1), str(v2), "--db", db)
    assert res.exit_code == 0 and "置き換えました: v1.xlsx（2026年1月、宮城県、4 団体" in res.output
    assert "置き換えた前のファイルにだけあった 1 団体（宮城県 試験村）は、2026年1月のデータがなくなりました" in res.output
    again = run("readiness", "import", str(v1), "--db", db)
    assert "同じ月・同じ範囲の前のファイルを置き換えました: v2.xlsx（2026年1月、宮城県、3 団体" in again.output
    assert "データがなくなりました" not in again.output
    half = run("readiness", "import", str(rates_workbook(tmp_path / "half.xlsx", ["住民記録"], rows[:2])), "--db", db)
    assert "置き換えました" not in half.output
    assert "v1.xlsx（2026年1月、宮城県、4 団体、取り込み" in half.output and "2 倍以上の団体を含むため置き換えていません" in half.output
    assert len(ReadinessStore(db).progress(months=["2026-01"])["2026-01"]) == 4


def test_a_book_of_several_prefectures_lists_a_prefecture_as_its_own_book_does(tmp_path: Path, db: str) -> None:
    """A 1-town extract beside a book of 宮城県 and 東京都 became 宮城県's only list: 大和町's own sheet was refused, and
    the other towns were called merged. Beside the prefecture's own book, the several prefectures' book is the list of
    its month (しかま町, renamed in it, was refused against the older own book); without one, a few towns of several
    prefectures would be the only list, so there is none and no name is checked."""
    def book(name: str, month: str, miyagi: tuple[str, ...], tokyo: tuple[str, ...] = ()) -> str:
        rows = [["宮城県", t, 0.5, 0.5] for t in miyagi] + [["東京都", t, 0.5, 0.5] for t in tokyo]
        return str(rates_workbook(tmp_path / name, ["住民記録"], rows, month))

    towns = ("利府町", "大和町", "松島町", "しかま町")
    both = book("both.xlsx", "令和8年1月", towns, ("府中市", "調布市"))
    rifu = book("rifu.xlsx", "令和8年1月", ("利府町",))
    assert run("readiness", "import", both, rifu, "--db", db).exit_code == 0
    assert run("readiness", "import", str(_self_sheet(tmp_path, "大和町")), "--db", db).exit_code == 0
    assert ReadinessStore(db).rosters() == {}

    anchored = str(tmp_path / "anchored.db")
    own = book("own.xlsx", "令和7年12月", ("利府町", "大和町", "松島町", "色麻町"))
    assert run("readiness", "import", own, both, rifu, "--db", anchored).exit_code == 0
    assert run("readiness", "import", str(_self_sheet(tmp_path, "しかま町")), "--db", anchored).exit_code == 0
    res = run("readiness", "import", str(_self_sheet(tmp_path, "色麻町")), "--db", anchored)
    assert res.exit_code == 1
    assert "市区町村「色麻町」は宮城県の総務省のブックに 2025年12月まではありましたが、2026年1月のブックにはありません" in res.output
    assert list(ReadinessStore(anchored).rosters()) == ["宮城県"]  # 東京都 has no book of its own


def test_a_prefecture_dashboard_of_a_month_few_reported_says_how_many(tmp_path: Path, imported: str) -> None:
    """One town's sheet for 2026-02 showed as 「宮城県の中央値」 with nothing in the page to say so."""
    assert run("readiness", "import", str(_self_sheet(tmp_path)), "--db", imported).exit_code == 0
    html, _ = _dashboard(imported, tmp_path, "--prefecture", "宮城県", "--month", "2026-02")
    assert "完了率の中央値 10%（35 団体中 1 団体）" in html and "<dd>1 / 35</dd>" in html
    assert "2026年2月のデータがあるのは、取り込み済みの 宮城県の 35 団体のうち 1 団体です" in html
    assert "宮城県全体の傾向とは言えません" in html
    assert "一部の団体だけの月: 2026年2月（35 団体中 1 団体）" in html


def test_the_change_from_last_month_reads_the_same_in_points_in_the_cli_and_the_dashboard(tmp_path: Path,
                                                                                            imported: str) -> None:
    assert run("readiness", "import", str(_self_sheet(tmp_path)), "--db", imported).exit_code == 0
    res = run("readiness", "status", "--municipality", "利府町", "--db", imported, *TODAY)
    assert "前回（2026年1月）比 −83.625 ポイント" in res.output
    html, _ = _dashboard(imported, tmp_path, "--municipality", "利府町")
    assert "−83.625 ポイント（2026年1月）" in html


def test_a_prefecture_s_change_from_last_month_names_the_month_each_town_is_compared_with(tmp_path: Path, db: str) -> None:
    """利府町's own 2026-02 sheet made its 前回比 a one-month change down a column of two-month ones, none of them dated."""
    from checker.catalog import load_catalog

    areas = [a.name for a in load_catalog().areas]

    def miyagi(name: str, month: str, rate: float) -> str:
        rows = [["宮城県", town, rate, *[rate] * len(areas)] for town in ("仙台市", "利府町", "松島町")]
        return str(rates_workbook(tmp_path / name, areas, rows, month))

    assert run("readiness", "import", miyagi("jan.xlsx", "令和8年1月", 0.5), miyagi("mar.xlsx", "令和8年3月", 0.75),
               "--db", db).exit_code == 0

    def rows(res) -> dict[str, list[str]]:
        lines = res.output.splitlines()
        cells = {(c := [x.strip() for x in line.split("│")])[2]: c for line in lines if line.startswith("│ 宮城県")}
        header = next(line for line in lines if "前回比" in line)
        return {"header": [x.strip() for x in header.split("┃")], **cells}

    shared = rows(run("readiness", "status", "--prefecture", "宮城県", "--month", "2026-03", "--db", db, *TODAY))
    assert shared["header"][4] == "前回比（2026年1月比）" and shared["仙台市"][4] == "+25 ポイント"
    assert run("readiness", "import", str(_self_sheet(tmp_path)), "--db", db).exit_code == 0
    res = run("readiness", "status", "--prefecture", "宮城県", "--month", "2026-03", "--db", db, *TODAY)
    mixed = rows(res)
    assert mixed["header"][4] == "前回比"
    assert mixed["仙台市"][4] == "+25 ポイント（2026年1月比）" and mixed["利府町"][4].endswith("ポイント（2026年2月比）")
    assert ("注意: 前回比は団体ごとにその団体の前のデータの月と比べた差で、比べた月が団体によって違います: "
            "2026年1月（2 団体）、2026年2月（1 団体）。月は各セルに示しています") in res.stderr
    doc = run("readiness", "status", "--prefecture", "宮城県", "--month", "2026-03", "--json", "--db", db, *TODAY)
    assert {r["municipality"]: r["trend"]["previous_month"] for r in json.loads(doc.output)} == {
        "仙台市": "2026-01", "利府町": "2026-02", "松島町": "2026-01"}


def test_a_deadline_entry_matching_no_municipality_is_named_and_a_note_shown(tmp_path: Path, imported: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 利府, deadline: 2031-03-31}\n"
                    "  - {municipality: 仙台市, deadline: 2031-03-31, note: 特定移行支援システム}\n", "utf-8")
    res = run("readiness", "status", "--municipality", "仙台市", "--deadlines", str(path), "--db", imported, *TODAY)
    assert res.exit_code == 0
    assert "municipalities の 1 番目（宮城県 利府） に当たる団体が取り込み済みのデータにありません。この期限は使われません（利府町 のことですか）" in res.stderr
    assert "2031年3月31日（特定移行支援システム）" in res.output
    html, _ = _dashboard(imported, tmp_path, "--municipality", "仙台市", "--deadlines", str(path))
    assert '2031年3月31日</span><br><span class="muted">特定移行支援システム</span>' in html


def test_a_prefecture_wide_deadline_reaches_its_towns_only_with_its_note(tmp_path: Path, db: str) -> None:
    """In a store of the whole country, the file-wide areas: was the only shortcut, and it moved every prefecture's
    deadline; a prefecture's rule now reaches its own towns, and says why beside the date."""
    assert run("readiness", "import", str(nation_workbook(tmp_path / "n.xlsx")), "--db", db).exit_code == 0
    path = tmp_path / "d.yaml"
    path.write_text("areas:\n  住民記録: {deadline: 2027-03-31, note: 全国で延長}\nprefectures:\n  宮城県:\n"
                    "    areas: {住民記録: 2028-03-31}\n    note: 県の共同利用システム\n  沖縄県: {deadline: 2031-03-31}\n", "utf-8")
    res = run("readiness", "status", "--json", "--deadlines", str(path), "--db", db, *TODAY)
    assert res.exit_code == 0
    got = {(r["prefecture"], r["municipality"]): (r["details"]["住民記録"]["deadline"], r["details"]["住民記録"]["deadline_note"])
           for r in json.loads(res.output)}
    assert got[("宮城県", "利府町")] == got[("宮城県", "松島町")] == ("2028-03-31", "県の共同利用システム")
    assert got[("沖縄県", "沖縄市")] == ("2031-03-31", None) and got[("北海道", "北海道市")] == ("2027-03-31", "全国で延長")
    shown = run("readiness", "status", "--municipality", "利府町", "--deadlines", str(path), "--db", db, *TODAY)
    assert "2028年3月31日（県の共同利用システム）" in shown.output


def test_an_extension_appended_for_a_town_already_in_the_file_is_refused(tmp_path: Path, imported: str) -> None:
    """The first entry's 2028-03-31 was shown, and the appended 2031-03-31 ignored without a word, exit 0."""
    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 利府町, areas: {戸籍: 2028-03-31}, note: 一つ目}\n"
                    "  - {prefecture: 宮城県, municipality: 利府町, areas: {戸籍: 2031-03-31}, note: 二つ目}\n", "utf-8")
    res = run("readiness", "status", "--municipality", "利府町", "--json", "--deadlines", str(path), "--db", imported, *TODAY)
    assert res.exit_code == 1 and res.output.startswith(
        f"エラー: {path}: 3 行目: municipalities の 2 番目（宮城県 利府町） の 戸籍 の期限 2031-03-31 は、2 行目の municipalities の 1 番目"
        "（宮城県 利府町） の 2028-03-31 と重なります。どちらか 1 つにしてください")


def test_a_deadline_without_a_prefecture_for_a_name_of_several_prefectures_stops_the_view(tmp_path: Path, db: str) -> None:
    path = rates_workbook(tmp_path / "misato.xlsx", ["戸籍"], [[p, "美里町", 0.5, 0.5] for p in ("熊本県", "宮城県", "埼玉県")])
    assert run("readiness", "import", str(path), "--db", db).exit_code == 0
    deadlines = tmp_path / "d.yaml"
    deadlines.write_text("municipalities:\n  - {municipality: 美里町, areas: {戸籍: 2031-03-31}, note: 特定移行支援システム}\n", "utf-8")
    res = run("readiness", "status", "--municipality", "美里町", "--prefecture", "埼玉県", "--json", "--deadlines", str(deadlines),
              "--db", db, *TODAY)
    assert res.exit_code == 1 and "[" not in res.output
    assert "municipalities の 1 番目（美里町）: 美里町 は 宮城県・埼玉県・熊本県 にあります。どの団体の期限か決まらないため" in res.output
    deadlines.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 美里町, areas: {戸籍: 2031-03-31}}\n", "utf-8")
    res = run("readiness", "status", "--prefecture", "埼玉県", "--json", "--deadlines", str(deadlines), "--db", db, *TODAY)
    assert res.exit_code == 0 and json.loads(res.output)[0]["details"]["戸籍"]["deadline"] == "2026-03-31"


def test_a_deadline_before_the_first_one_is_said_beside_the_view(tmp_path: Path, imported: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - {prefecture: 宮城県, municipality: 利府町, deadline: 2025-03-31}\n", "utf-8")
    res = run("readiness", "status", "--municipality", "利府町", "--json", "--deadlines", str(path), "--db", imported, *TODAY)
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["details"]["戸籍"]["deadline"] == "2025-03-31"
    assert (f"注意: {path}: 2 行目: municipalities の 1 番目（宮城県 利府町） の deadline 2025-03-31 は標準化の期限 2026-03-31"
            "（令和7年度末）より前です。書き間違いでないか確かめてください") in res.stderr


def test_a_basis_day_before_the_data_month_or_past_every_deadline_is_said(imported: str) -> None:
    early = run("readiness", "status", "--municipality", "利府町", "--db", imported, "--today", "2025-12-01")
    assert early.exit_code == 0 and "注意: 基準日 2025年12月1日がデータの月 2026年1月より前です" in early.stderr
    late = run("readiness", "status", "--prefecture", "宮城県", "--db", imported, "--today", "2035-01-01")
    assert ("注意: 基準日 2035年1月1日はどの期限（最も遅いもので 2026年3月31日。特定移行支援システムの期限も最も遅いもので 2031年3月31日）"
            "よりも後です") in late.stderr


def test_the_sample_deadlines_file_reads_and_names_the_sample_s_towns(tmp_path: Path, imported: str) -> None:
    sample = Path(__file__).parents[2] / "vendor_docs" / "samples" / "readiness" / "deadlines_宮城県.yaml"
    res = run("readiness", "status", "--prefecture", "宮城県", "--json", "--deadlines", str(sample), "--db", imported, *TODAY)
    assert res.exit_code == 0 and not res.stderr
    towns = {r["municipality"]: r["details"] for r in json.loads(res.stdout)}
    assert (towns["利府町"]["介護保険"]["deadline"], towns["利府町"]["介護保険"]["deadline_note"]) == ("2031-03-31", "特定移行支援システム（介護保険。例）")
    assert (towns["松島町"]["戸籍"]["deadline"], towns["松島町"]["戸籍"]["deadline_note"]) == ("2028-03-31", "県の共同利用システム（例）")


def test_a_deadlines_file_s_problems_are_said_together_with_their_lines(tmp_path: Path, imported: str) -> None:
    """One problem per run, with no line; an empty file ran as if deadlines were given."""
    path = tmp_path / "d.yaml"
    path.write_text("municipalities:\n  - municipality: 利府町\n    deadline: 20310331\n  - municipality: 仙台市\n"
                    "at_risk: {rate_below: 75%}\n", "utf-8")
    res = run("readiness", "status", "--municipality", "利府町", "--deadlines", str(path), "--db", imported, *TODAY)
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert f"{path}: 3 件の問題があります（すべて直してから実行してください）" in res.output
    assert [line for line in res.output.splitlines() if line.startswith("  - ")] == [
        "  - 3 行目: municipalities の 1 番目（利府町） の deadline の日付「20310331」を読み取れません（2031-03-31 の形で書いてください）",
        "  - 4 行目: municipalities の 2 番目（仙台市）: キー「deadline」か「areas」のどちらかが必要です",
        "  - 5 行目: at_risk/rate_below: 「75%」は数ではありません（75% なら 0.75 と書きます）"]
    path.write_text("# 延長の期限は確認中\n", "utf-8")
    res = run("readiness", "dashboard", "--municipality", "利府町", "--deadlines", str(path), "--out", str(tmp_path / "o"),
              "--db", imported, *TODAY)
    assert res.exit_code == 1 and "期限も要注意の基準も書かれていません" in res.output and not (tmp_path / "o").exists()


def test_another_town_s_newer_sheet_leaves_a_town_its_own_latest_month(tmp_path: Path, imported: str) -> None:
    """利府町's sheet for 2026-02 made 2026-02 仙台市's default month too, and its status failed without a word of 2026-01."""
    assert run("readiness", "import", str(_self_sheet(tmp_path)), "--db", imported).exit_code == 0
    sendai = run("readiness", "status", "--municipality", "仙台市", "--db", imported, *TODAY)
    assert sendai.exit_code == 0 and "宮城県 仙台市 2026年1月" in sendai.output
    asked = run("readiness", "status", "--municipality", "仙台市", "--month", "2026-02", "--db", imported, *TODAY)
    assert asked.exit_code == 1 and "2026-02 の 宮城県 仙台市 のデータがありません（宮城県 仙台市 のデータがある月: 2026-01）" in asked.output


def test_a_town_dashboard_ahead_of_soumu_compares_with_soumu_s_latest_month(tmp_path: Path, db: str) -> None:
    """利府町's own 2026-02 against 「宮城県の中央値（1 団体）」 (itself), beside 「全国のデータは取り込まれていません」
    with the national workbook imported."""
    assert run("readiness", "import", str(nation_workbook(tmp_path / "n.xlsx")), "--db", db).exit_code == 0
    assert run("readiness", "import", str(_self_sheet(tmp_path)), "--db", db).exit_code == 0
    html, _ = _dashboard(db, tmp_path, "--municipality", "利府町")
    assert "2026年1月の宮城県の中央値（2 団体）・2026年1月の全国の中央値（48 団体）との比較" in html
    assert "2026年2月の総務省のデータがないため、2026年1月の宮城県の中央値・2026年1月の全国の中央値は総務省のデータがある最新の月の値です" in html
    assert "取り込まれていません" not in html and "（1 団体）" not in html
    res = run("readiness", "status", "--municipality", "利府町", "--json", "--db", db, *TODAY)
    (record,) = json.loads(res.output)
    validate([record], "readiness_status", source="test")
    assert record["month"] == "2026-02" and record["median_months"] == {"prefecture": "2026-01", "national": "2026-01"}


def test_a_merged_town_is_not_counted_as_a_town_without_data(tmp_path: Path, db: str) -> None:
    """色麻町, renamed しかま町 in 2026-02's national workbook: 「4 団体中 3 団体」, a 「データがない」 notice each month
    after, the complete 2026-01 flagged partial, and a self sheet under the old name taken as it was."""
    for month, towns in (("令和8年1月", ("利府町", "松島町", "色麻町")), ("令和8年2月", ("利府町", "松島町", "しかま町"))):
        path = nation_workbook(tmp_path / f"{month}.xlsx", month, towns)
        assert run("readiness", "import", str(path), "--db", db).exit_code == 0
    res = run("readiness", "status", "--prefecture", "宮城県", "--db", db, *TODAY)
    assert res.exit_code == 0 and "注意" not in res.stderr
    html, _ = _dashboard(db, tmp_path, "--prefecture", "宮城県")
    assert "団体中" not in html and "一部の団体だけの月" not in html and "<dd>3</dd>" in html
    assert "2026年2月までの最新の総務省のブックにない団体（合併・名称変更など）は数えていません: 色麻町。" in html
    old_name = run("readiness", "import", str(_self_sheet(tmp_path, "色麻町")), "--db", db)
    assert old_name.exit_code == 1
    assert ("市区町村「色麻町」は宮城県の総務省のブックに 2026年1月まではありましたが、2026年2月のブックにはありません"
            "（合併・名称変更など）。2026年2月からは今の団体名で記入してください（名称が変わった場合は 2026年2月のブックに新しく載った "
            "しかま町、ほかの団体と合併した場合は合併後の団体名）") in old_name.output
    assert "のことですか" not in old_name.output  # しかま町 is not like 色麻町: it may as well be where another town went


def test_a_town_gone_from_its_prefectures_later_lists_says_so_in_its_status_and_dashboard(tmp_path: Path,
                                                                                           db: str) -> None:
    """木曽町, absent from every 長野県 list since 2025-04: its status showed its 2025-03 figures, all areas 「251 日超過」,
    with nothing to say it had been renamed rather than stopped reporting."""
    for month, towns in (("令和8年1月", ("利府町", "色麻町")), ("令和8年2月", ("利府町", "しかま町")),
                         ("令和8年3月", ("利府町", "しかま町"))):
        assert run("readiness", "import", str(nation_workbook(tmp_path / f"{month}.xlsx", month, towns)), "--db", db).exit_code == 0
    said = ("市区町村「色麻町」は宮城県の総務省のブックに 2026年1月まではありましたが、2026年2月以降のブックにはありません（合併・名称変更など）。"
            "2026年2月からは今の団体名で表示してください（名称が変わった場合は 2026年2月のブックに新しく載った しかま町、ほかの団体と合併した"
            "場合は合併後の団体名）")
    for args in (("--municipality", "色麻町"), ("--municipality", "色麻町", "--json")):
        res = run("readiness", "status", *args, "--db", db, *TODAY)
        assert res.exit_code == 0 and f"注意: {said}" in res.stderr, args
    html, _ = _dashboard(db, tmp_path, "--municipality", "色麻町")
    assert f'<p class="notice" id="gone-town">{said}。</p>' in html
    for args in (("--municipality", "しかま町"), ("--prefecture", "宮城県")):
        assert "まではありましたが" not in run("readiness", "status", *args, "--db", db, *TODAY).stderr, args


def test_a_mistyped_prefecture_is_pointed_out_and_the_corrected_workbook_says_how_to_drop_it(tmp_path: Path,
                                                                                            db: str) -> None:
    """角田市 typed 宮崎県: imported without a word, and the corrected workbook left 宮崎県 角田市 in 2026-01."""
    towns = [["宮城県", f"町{i}", 0.5, 0.5] for i in range(10)]
    typo = rates_workbook(tmp_path / "typo.xlsx", ["住民記録"], towns + [["宮崎県", "角田市", 1.0, 1.0]])
    first = run("readiness", "import", str(typo), "--db", db)
    assert first.exit_code == 0
    assert "宮城県 の 10 団体のブックに、ほかの都道府県の行が 1 行あります（宮崎県 角田市）。都道府県の入力誤りではありませんか" in first.stderr
    fixed = rates_workbook(tmp_path / "fixed.xlsx", ["住民記録"], towns + [["宮城県", "角田市", 1.0, 1.0]])
    second = run("readiness", "import", str(fixed), "--db", db)
    assert "ほかの都道府県" not in second.stderr
    assert ("typo.xlsx の 11 団体のうち 10 団体はこのファイルの値になりましたが、1 団体（宮崎県 角田市）は typo.xlsx の値のままです。"
            "このファイルが訂正版なら、前のファイルを取り消してください: hyojun readiness remove --month 2026-01 --source typo.xlsx"
            ) in second.output
    assert run("readiness", "remove", "--month", "2026-01", "--source", "typo.xlsx", "--db", db).exit_code == 0
    gone = run("readiness", "status", "--prefecture", "宮崎県", "--db", db, *TODAY)
    assert gone.exit_code == 1 and "宮崎県 のデータがありません" in gone.output
    assert len(json.loads(run("readiness", "status", "--prefecture", "宮城県", "--json", "--db", db, *TODAY).output)) == 11


def test_names_are_read_as_cells_are_and_a_miss_suggests_rather_than_asks_for_an_import(imported: str) -> None:
    """「利府町　」 copied from a cell, and 「利府」: 「…のデータがありません（hyojun readiness import で取り込んでください）」."""
    for args in (("--municipality", "利府町　"), ("--municipality", " 利府 町"), ("--prefecture", "宮城 県 ", "--municipality", "利府町")):
        res = run("readiness", "status", *args, "--db", imported, *TODAY)
        assert res.exit_code == 0 and "宮城県 利府町 2026年1月" in res.output, args
    miss = run("readiness", "status", "--municipality", "利府", "--db", imported, *TODAY)
    assert miss.exit_code == 1 and "利府 のデータがありません（利府町 のことですか）" in miss.output and "import" not in miss.output
    pref = run("readiness", "dashboard", "--prefecture", "宮城県　", "--out", str(Path(imported).parent / "o"), "--db", imported)
    assert pref.exit_code == 0 and "readiness_宮城県_2026-01.html" in pref.output


def test_the_dashboard_never_replaces_a_file_hyojun_did_not_write(imported: str, tmp_path: Path) -> None:
    first = run("readiness", "dashboard", "--prefecture", "宮城県", "--out", str(tmp_path), "--db", imported, *TODAY)
    assert first.exit_code == 0, first.output
    (page,) = tmp_path.glob("readiness_*.html")
    assert run("readiness", "dashboard", "--prefecture", "宮城県", "--out", str(tmp_path), "--db", imported,
               *TODAY).exit_code == 0  # its own earlier page: replaced
    page.write_text("<html>県の資料</html>", "utf-8")
    res = run("readiness", "dashboard", "--prefecture", "宮城県", "--out", str(tmp_path), "--db", imported, *TODAY)
    assert res.exit_code == 2 and "hyojun の出力でないファイルがあります" in res.output
    assert page.read_text("utf-8") == "<html>県の資料</html>"


def _table(output: str) -> tuple[list[str], dict[str, list[str]]]:
    """The header and the rows (by 団体, the second column) of the table `status` printed, each cell's lines joined
    without spaces (a cell wraps at one)."""
    lines = [line.split("│" if line.startswith("│") else "┃")[1:-1] for line in output.splitlines() if line[:1] in "│┃"]
    header = [c.strip() for c in lines[0]]
    rows: dict[str, list[str]] = {}
    row: list[str] = []
    for cells in lines[1:]:
        if cells[1].strip():  # a row's first line; the next ones (a cell wrapped) have it blank
            row = rows.setdefault(cells[1].strip(), [""] * len(cells))
        for i, c in enumerate(cells):
            row[i] += "".join(c.split())
    return header, rows


def test_a_prefectures_status_tells_overdue_from_nearing_with_their_deadlines_and_cuts_no_area(imported: str,
                                                                                               tmp_path: Path) -> None:
    """宮城県 on 2026-12-07: one column 要注意の業務, cut with 「…」 after 住民記録、印鑑登録、…、障害者福祉 (介護保険 to
    子ども・子育て支援 lost), with neither deadline nor days: 住民記録 251 days overdue and 戸籍 114 days before its
    特定移行支援システム deadline read alike, and 仙台市, extended to 2031, showed a bare 「—」."""
    deadlines = tmp_path / "miyagi.yaml"
    deadlines.write_text(MIYAGI_DEADLINES, "utf-8")
    res = run("readiness", "status", "--prefecture", "宮城県", "--deadlines", str(deadlines), "--db", imported,
              "--today", "2026-12-07")
    assert res.exit_code == 0 and "…" not in res.output
    header, rows = _table(res.output)
    assert header[5:8] == ["期限超過の業務", "期限が近い業務", "既定と異なる期限"]
    overdue, nearing, other = rows["利府町"][5:8]
    assert overdue.startswith("住民記録、印鑑登録、選挙人名簿管理、") and overdue.endswith("子ども・子育て支援（251日超過）")
    assert "介護保険" in overdue and "戸籍、" not in overdue
    assert nearing == "戸籍、戸籍附票（期限2027年3月31日特定移行支援システム（戸籍・附票）、残り114日）"
    assert other == "戸籍、戸籍附票:2027年3月31日（特定移行支援システム（戸籍・附票））"
    assert rows["仙台市"][5:8] == ["—", "—", "全業務:2031年3月31日（特定移行支援システム）"]
    assert rows["村田町"][6] == "住民記録（期限2026年12月7日個別延長、今日が期限）"
    assert rows["石巻市"][7] == "戸籍附票:2028年3月31日"
    assert "期限の日付のない業務の期限は既定の 2026年3月31日（251 日超過）です。" in res.output


def test_the_outputs_name_the_deadlines_they_were_made_with(imported: str, tmp_path: Path) -> None:
    """Neither the JSON nor a printed dashboard said which deadlines file (if any) they were made with; the town's
    at-risk list left out the deadline's note, and a default deadline read as a bare date, like one the file moved."""
    import hashlib

    deadlines = tmp_path / "miyagi.yaml"
    deadlines.write_text(MIYAGI_DEADLINES, "utf-8")
    sha256 = hashlib.sha256(deadlines.read_bytes()).hexdigest()
    late = ["--today", "2026-12-07", "--db", imported]
    given = run("readiness", "status", "--prefecture", "宮城県", "--json", "--deadlines", str(deadlines), *late)
    records = json.loads(given.output)
    validate(records, "readiness_status", source="test")
    rule = {"rate_below": 0.75, "days_within": 180, "any_rate_within": 30}
    assert {json.dumps(r["deadlines"]) for r in records} == {
        json.dumps({"file": "miyagi.yaml", "sha256": sha256, "default": "2026-03-31", "at_risk": rule})}
    (none,) = json.loads(run("readiness", "status", "--municipality", "利府町", "--json", *late).output)
    assert none["deadlines"] == {"file": None, "sha256": None, "default": "2026-03-31", "at_risk": rule}
    out = tmp_path / "out"
    assert run("readiness", "dashboard", "--municipality", "村田町", "--deadlines", str(deadlines), "--out", str(out),
               *late).exit_code == 0
    html = (out / "readiness_宮城県_村田町_2026-01.html").read_text("utf-8")
    assert f"<dt>期限の設定</dt><dd>miyagi.yaml（既定の期限 2026年3月31日、sha256 {sha256}）</dd>" in html
    assert ("<dt>要注意の基準</dt><dd>完了率が 75% 未満で期限まで 180 日以内、または完了率によらず期限まで 30 日以内、"
            "または期限を過ぎて未完了</dd>") in html
    assert "<strong>住民記録</strong>: 完了率 12.5%、期限 2026年12月7日（個別延長）、今日が期限、" in html
    assert "<strong>印鑑登録</strong>: 完了率 12.5%、期限 2026年3月31日（既定）、251 日超過、" in html
    assert ('<td><span class="nowrap">2028年3月31日</span></td>' in html  # 戸籍附票's rule
            and '<td><span class="nowrap">2026年3月31日</span><br><span class="muted">既定</span></td>' in html)
    assert run("readiness", "dashboard", "--prefecture", "宮城県", "--out", str(out), *late).exit_code == 0
    html = (out / "readiness_宮城県_2026-01.html").read_text("utf-8")
    assert "<dt>期限の設定</dt><dd>なし（すべての業務が既定の期限 2026年3月31日）</dd>" in html


_ISO_DATE = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{4}/\d{1,2}/\d{1,2}")  # 2026-01, 2026-03-31, 2026/12/07


def _visible_text(html: str) -> str:
    """What a reader of the page, on screen or on paper, reads: no script, style or markup."""
    import html as html_module

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", html))


def test_dates_read_in_one_style_in_the_dashboards_and_the_status(imported: str, tmp_path: Path) -> None:
    """A printed dashboard for a 決裁 read 「作成日時 2026/12/07 16:52」, 「2026-01 時点の進捗（基準日 2026-02-01）」 and
    「期限 2026-03-31」: one style, 2026年3月31日 and 2026年1月, for dates, months and the time made alike. The JSON, the file
    names and what the user types keep ISO."""
    import openpyxl

    sheet = tmp_path / "self.xlsx"
    assert run("readiness", "template", "--out", str(sheet)).exit_code == 0
    wb = openpyxl.load_workbook(sheet)
    ws = wb["進捗入力"]
    for r, v in ((3, "宮城県"), (4, "利府町"), (6, "令和8年3月")):
        ws.cell(r, 2).value = v
    ws["D9"], ws["E9"], ws["F9"] = "完了済み", "2026-03-10", "庁内決裁済み"  # a step's date: shown as the others
    wb.save(sheet)
    assert run("readiness", "import", str(sheet), "--db", imported).exit_code == 0
    deadlines = tmp_path / "miyagi.yaml"
    deadlines.write_text(MIYAGI_DEADLINES, "utf-8")
    late = ["--today", "2026-12-07", "--deadlines", str(deadlines), "--db", imported]
    out = tmp_path / "out"
    for selection in (["--municipality", "利府町"], ["--prefecture", "宮城県", "--month", "2026-03"]):
        assert run("readiness", "dashboard", *selection, "--out", str(out), *late).exit_code == 0
    town = _visible_text((out / "readiness_宮城県_利府町_2026-03.html").read_text("utf-8"))
    prefecture = _visible_text((out / "readiness_宮城県_2026-03.html").read_text("utf-8"))
    # but the names of the files in 出典 (soumu_progress_宮城県_2026-01.xlsx), as they are on disk
    assert [_ISO_DATE.findall(re.sub(r"[^\s（、]+\.xlsx", "", page)) for page in (town, prefecture)] == [[], []]
    assert "比較した2026年1月の中央値: soumu_progress_宮城県_2026-01.xlsx（総務省のブック" in town
    assert "2026年3月時点の進捗（基準日 2026年12月7日）" in town and re.search(r"作成日時 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", town)
    assert "2027年3月31日" in town and "2026年3月10日" in town and "データのない月: 2026年2月" in town
    assert "期限 2027年3月31日 特定移行支援システム（戸籍・附票）" in prefecture
    # the console alike, its JSON in ISO
    for selection in (["--municipality", "利府町"], ["--prefecture", "宮城県", "--month", "2026-03"]):
        shown = run("readiness", "status", *selection, *late)
        assert shown.exit_code == 0 and _ISO_DATE.findall(shown.output) == [], shown.output
        assert "2026年3月時点（基準日 2026年12月7日）" in shown.output and "2026年3月31日" in shown.output
    (record,) = json.loads(run("readiness", "status", "--municipality", "利府町", "--json", *late).output)
    assert (record["month"], record["today"], record["details"]["戸籍"]["deadline"]) == ("2026-03", "2026-12-07", "2027-03-31")
    assert record["details"]["住民記録"]["notes"][0]["date"] == "2026-03-10"


def test_status_names_a_prefecture_missing_from_the_month(tmp_path: Path) -> None:
    """東京都's 2026-02 workbook not sent: 「東京都（62 団体すべて）」, not 「東京都 あきる野市、東京都 三宅村 ほか」, which
    reads as a few towns late."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    for path in tokyo_not_sent(tmp_path):
        assert run("readiness", "import", str(path), "--db", db, "--future-month").exit_code == 0
    res = run("readiness", "status", "--db", db, *TODAY)
    assert res.exit_code == 0
    assert "注意: 2026年2月のデータがない団体が 1 あります（東京都（1 団体すべて）。以前の月のデータのみ）。" in res.stderr
