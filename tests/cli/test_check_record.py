"""`hyojun check --record` feeds the coverage column of `hyojun readiness status`."""

import datetime as dt
import json

import openpyxl
from click.testing import CliRunner

from checker.analysis.gap import coverage_percent
from checker.cli import cli
from checker.readiness_store import ReadinessStore
from tests.conftest import (FIXTURES, JUMIN_V11, KAIGO_SPEC, VENDOR, back_to_schema_3, fail_checks_of, nation_workbook,
                            rates_workbook, store_state)


def test_recorded_coverage_shows_in_status(home, tmp_path):
    db = str(tmp_path / "r.db")
    profile = tmp_path / "rifu.yaml"
    profile.write_text('municipality: 利府町\narea: 介護保険\nrequired_options:\n  - id: "0230122"\n', encoding="utf-8")
    runner = CliRunner()
    vendor = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
    res = runner.invoke(cli, ["check", str(vendor), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                              "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code == 0, res.output
    assert "適合率を記録しました（1 件。利府町）" in res.output
    assert "注意: 利府町 の進捗データは取り込まれていないため" in res.output  # recorded before the import below
    checked = json.loads((tmp_path / "o" / f"{vendor.stem}.json").read_text("utf-8"))["summary"]
    workbook = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
    assert runner.invoke(cli, ["readiness", "import", str(workbook), "--db", db]).exit_code == 0
    res = runner.invoke(cli, ["readiness", "status", "--municipality", "利府町", "--json", "--db", db,
                              "--today", "2026-02-01"])
    assert res.exit_code == 0, res.output
    (record,) = json.loads(res.output)
    cov = record["details"]["介護保険"]["coverage"]
    assert cov["verdict"] == checked["verdict"] == "conditional"
    assert round(cov["mandatory_coverage"], 4) == checked["mandatory_coverage"]
    assert record["details"]["住民記録"]["coverage"] is None


def test_the_shown_coverage_is_computed_from_the_counts_the_json_gives(home, tmp_path, v11):
    """130 of 135 mandatory requirements answered ○: the reports show 96.2 %, the JSON's ratio to 4 decimals is 0.963,
    which rounded down to 0.1 % read 96.3 % in a prefecture's script. The check JSON and readiness status --json give
    the counts the figure is computed from (semantics.md §4)."""
    mandatory = [r.id for r in v11.requirements if r.cls == "mandatory"]
    answers = tmp_path / "住民記録_第1.1版_回答_百三十.csv"
    answers.write_text("機能ID,機能名称,対応可否\n" + "".join(f"{i},機能,{'×' if k < 5 else '○'}\n"
                                                       for k, i in enumerate(mandatory)), "utf-8")
    profile = tmp_path / "rifu.yaml"
    profile.write_text("municipality: 利府町\narea: 住民記録\nrequired_options: []\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["readiness", "import", str(FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"),
                               "--db", db]).exit_code == 0
    res = runner.invoke(cli, ["check", str(answers), "--spec", str(JUMIN_V11), "--profile", str(profile), "--format", "json",
                              "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "o" / f"{answers.stem}.json").read_text("utf-8"))["summary"]
    assert (summary["mandatory_conformant"], summary["mandatory"], summary["mandatory_coverage"]) == (130, 135, 0.963)
    shown = 1000 * summary["mandatory_conformant"] // summary["mandatory"] / 10  # as semantics.md §4 says to
    assert f"必須機能の適合率 {shown}%" in res.output and shown == 96.2
    doc = runner.invoke(cli, ["readiness", "status", "--municipality", "利府町", "--json", "--db", db, "--today", "2026-02-01"])
    cov = json.loads(doc.stdout)[0]["details"]["住民記録"]["coverage"]
    assert (cov["mandatory_conformant"], cov["mandatory"], cov["mandatory_coverage"]) == (130, 135, 0.963)


def test_a_check_and_its_record_give_the_time_in_japan_alike(home, tmp_path, utc_machine_at_jst_morning):
    """On a machine set to UTC, at 05:06 on 2026-12-07 in Japan: the reports said 2026/12/06 20:06, and the record's
    checked_at (UTC, to the microsecond) matched no generated_at a script could join it with."""
    db = str(tmp_path / "r.db")
    profile = tmp_path / "rifu.yaml"
    profile.write_text("municipality: 利府町\narea: 介護保険\nrequired_options: []\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["readiness", "import", str(FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"),
                               "--db", db]).exit_code == 0
    vendor = BIDS[1]
    res = runner.invoke(cli, ["check", str(vendor), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                              "--format", "json,html,xlsx", "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code == 0, res.output
    generated_at = json.loads((tmp_path / "o" / f"{vendor.stem}.json").read_text("utf-8"))["generated_at"]
    assert generated_at == "2026-12-07T05:06:50+09:00"
    assert "作成日時 2026年12月7日 05:06" in (tmp_path / "o" / f"{vendor.stem}.html").read_text("utf-8")
    ws = openpyxl.load_workbook(tmp_path / "o" / f"{vendor.stem}.xlsx")["概要"]
    assert ws.oddFooter.left.text == "作成日時 2026年12月7日 05:06"
    assert dict(ws.iter_rows(values_only=True))["作成日時"] == dt.datetime(2026, 12, 7, 5, 6, 50)
    doc = runner.invoke(cli, ["readiness", "status", "--municipality", "利府町", "--json", "--db", db])
    assert json.loads(doc.stdout)[0]["details"]["介護保険"]["coverage"]["checked_at"] == generated_at


def test_recording_beside_the_json_on_standard_output_keeps_that_output_json(home, tmp_path):
    """check --json - --record: the confirmation went to standard output after the JSON, which no longer parsed."""
    db = tmp_path / "r.db"
    vendor = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
    res = CliRunner().invoke(cli, ["check", str(vendor), "--spec", str(KAIGO_SPEC), "--json", "-", "--record", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"]["verdict"] == "conditional"
    assert res.stderr.startswith("適合率を記録しました（1 件。団体の指定なし）") and db.is_file()


BIDS = [VENDOR / f"介護保険_第6.0版_回答_{v}" for v in ("見本ソリューションズ.csv", "テスト情報サービス.xlsx", "架空システムズ.xlsx")]


def _record_bids(tmp_path, name, files):
    """check --record of a town's bids in one run, then readiness status of the town: (check, text, JSON) outputs."""
    db = str(tmp_path / f"{name}.db")
    profile = tmp_path / "rifu.yaml"
    profile.write_text("municipality: 利府町\narea: 介護保険\nrequired_options: []\n", encoding="utf-8")
    runner = CliRunner()
    workbook = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
    assert runner.invoke(cli, ["readiness", "import", str(workbook), "--db", db]).exit_code == 0
    checked = runner.invoke(cli, ["check", *map(str, files), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                                  "--format", "json", "--out", str(tmp_path / name), "--record", "--db", db])
    assert checked.exit_code == 0, checked.output
    status = ["readiness", "status", "--municipality", "利府町", "--db", db, "--today", "2026-02-01"]
    text, doc = runner.invoke(cli, status), runner.invoke(cli, [*status, "--json"])
    assert text.exit_code == doc.exit_code == 0, text.output + doc.output
    return checked, text, json.loads(doc.stdout)[0]["details"]["介護保険"]["coverage"]


def test_the_bids_of_one_run_are_all_shown_whatever_the_order_of_the_files(home, tmp_path):
    """The three bids of a procurement, checked in one run: status showed the last file's figure as the town's."""
    checked, text, cov = _record_bids(tmp_path, "forward", BIDS)
    _checked, text_back, cov_back = _record_bids(tmp_path, "back", BIDS[::-1])
    results = [json.loads((tmp_path / "forward" / f"{f.stem}.json").read_text("utf-8")) for f in BIDS]
    ranked = sorted(({"vendor": r["vendor"]["name"], "mandatory_coverage": r["summary"]["mandatory_coverage"]} for r in results),
                    key=lambda s: (-s["mandatory_coverage"], s["vendor"]))
    assert [cov["vendor"]] + [o["vendor"] for o in cov["other_vendors"]] == [s["vendor"] for s in ranked]
    assert [o["mandatory_coverage"] for o in cov["other_vendors"]] == [s["mandatory_coverage"] for s in ranked[1:]]
    assert {**cov, "checked_at": None} == {**cov_back, "checked_at": None}
    assert text.stdout == text_back.stdout
    # each figure names its vendor, and the note says they are the vendors' figures
    table = text.stdout
    assert all(s["vendor"] in table for s in ranked)
    assert table.index(ranked[0]["vendor"]) < table.index(ranked[1]["vendor"]) < table.index(ranked[2]["vendor"])
    assert "介護保険 の必須機能の適合率は、最新の check --record で記録した 3 社の値です（適合率の高い順）。" in text.stderr
    # check --record says what status will show, and how to show one vendor
    assert ("注意: 利府町 介護保険: 3 社の適合率を記録しました（" + "、".join(
        f"{s['vendor']} {coverage_percent(s['mandatory_coverage'])}" for s in ranked) + "）。readiness status とダッシュボードには、"
        "この 3 社を適合率の高い順に表示します。1 社だけを表示するには、採用するシステムの回答ファイルだけを --record で"
        "チェックしてください") in checked.stderr


def test_a_run_cut_short_while_recording_records_none_of_its_bids(home, tmp_path):
    """Each bid was recorded in a transaction of its own: a run that failed after the first (Ctrl+C, another's lock
    past HYOJUN_DB_WAIT) left it recorded, and status showed 1 of the 3 bids as the town's latest run."""
    db = str(tmp_path / "r.db")
    ReadinessStore(db)
    fail_checks_of(f"sqlite:///{db}", "テスト情報サービス株式会社").dispose()  # the second file's
    profile = tmp_path / "rifu.yaml"
    profile.write_text("municipality: 利府町\narea: 介護保険\nrequired_options: []\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", *map(str, BIDS), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                                   "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code != 0 and "cut short" in str(res.exception), res.output
    assert ReadinessStore(db).check_rows() == []


def test_a_failed_check_or_record_leaves_no_database_nor_its_folders(home, tmp_path, monkeypatch):
    """Bad input fails the check before anything is recorded; a record that fails (a full disk) removes the database
    the run made, and its folders: new/r.db, or <HYOJUN_HOME>/data/readiness.db under a new home."""
    from checker.errors import InputError

    bad = tmp_path / "bad.csv"
    bad.write_text("x\n", encoding="utf-8")
    vendor = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
    runner = CliRunner()
    monkeypatch.setenv("HYOJUN_HOME", str(tmp_path / "home"))
    for files, db in (([bad], ["--db", str(tmp_path / "new" / "r.db")]), ([vendor, bad], [])):
        res = runner.invoke(cli, ["check", *map(str, files), "--spec", str(KAIGO_SPEC), "--format", "json", "--out",
                                  str(tmp_path / "o"), "--record", *db])
        assert res.exit_code == 1 and "回答の表が見つかりません" in res.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]

    def full(*_args, **_kwargs):
        raise InputError("データベースに書き込めません（ディスクの空き容量が足りません）")

    monkeypatch.setattr(ReadinessStore, "record_checks", full)
    for db in (["--db", str(tmp_path / "new" / "r.db")], []):
        res = runner.invoke(cli, ["check", str(vendor), "--spec", str(KAIGO_SPEC), "--format", "json", "--out",
                                  str(tmp_path / "o"), "--record", *db])
        assert res.exit_code == 1 and "ディスクの空き容量が足りません" in res.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "o"]


def test_a_failed_record_keeps_a_database_that_was_there_before_the_run(home, tmp_path, monkeypatch):
    """Only a file the run itself made (O_EXCL) is removed: a store made earlier that holds no record yet, and an
    empty file (to SQLite a new database), stay as they were."""
    from checker.errors import InputError

    def full(*_args, **_kwargs):
        raise InputError("データベースに書き込めません（ディスクの空き容量が足りません）")

    monkeypatch.setattr(ReadinessStore, "record_checks", full)
    made, empty = tmp_path / "made.db", tmp_path / "empty.db"
    ReadinessStore(str(made)).engine.dispose()
    empty.write_bytes(b"")
    for db in (made, empty):
        res = CliRunner().invoke(cli, ["check", str(VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"), "--spec",
                                       str(KAIGO_SPEC), "--format", "json", "--out", str(tmp_path / "o"), "--record",
                                       "--db", str(db)])
        assert res.exit_code == 1 and "ディスクの空き容量が足りません" in res.output
        assert db.is_file(), db
    assert ReadinessStore(str(made), create=False).check_rows() == []


def test_a_later_run_of_one_vendor_is_the_figure_shown(home, tmp_path):
    """The chosen system checked alone after the bids: status shows it alone, and check says nothing of several."""
    _record_bids(tmp_path, "bids", BIDS)
    db = str(tmp_path / "bids.db")
    profile = tmp_path / "rifu.yaml"
    res = CliRunner().invoke(cli, ["check", str(BIDS[2]), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                                   "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code == 0 and "社の適合率を記録しました" not in res.output
    doc = CliRunner().invoke(cli, ["readiness", "status", "--municipality", "利府町", "--db", db, "--json"])
    cov = json.loads(doc.stdout)[0]["details"]["介護保険"]["coverage"]
    assert cov["vendor"] == "架空システムズ" and cov["other_vendors"] == []
    text = CliRunner().invoke(cli, ["readiness", "status", "--municipality", "利府町", "--db", db])
    assert "社の値です" not in text.stderr


def test_a_trailing_full_width_space_of_the_profiles_municipality_is_no_other_town(home, tmp_path):
    """「利府町　」 copied from a cell was recorded as written: never shown for 利府町, with a notice to match names that
    already looked the same."""
    db = str(tmp_path / "r.db")
    profile = tmp_path / "rifu.yaml"
    profile.write_text('municipality: "利府町　"\narea: 介護保険\nrequired_options: []\n', encoding="utf-8")
    runner = CliRunner()
    workbook = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
    assert runner.invoke(cli, ["readiness", "import", str(workbook), "--db", db]).exit_code == 0
    res = runner.invoke(cli, ["check", str(BIDS[0]), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                              "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code == 0 and "注意:" not in res.output, res.output
    doc = runner.invoke(cli, ["readiness", "status", "--municipality", "利府町", "--db", db, "--json"])
    assert json.loads(doc.stdout)[0]["details"]["介護保険"]["coverage"]["vendor"] == "見本ソリューションズ"


def _misato(tmp_path, db, prefecture=""):
    """check --record of one bid for 美里町, with the profile's prefecture line if given."""
    profile = tmp_path / "misato.yaml"
    profile.write_text(f"municipality: 美里町\n{prefecture}area: 介護保険\nrequired_options: []\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["check", str(BIDS[0]), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                                    "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db", db])


def _coverage(db, prefecture, town):
    """readiness status's 介護保険 coverage of one town."""
    res = CliRunner().invoke(cli, ["readiness", "status", "--prefecture", prefecture, "--municipality", town,
                                   "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)[0]["details"]["介護保険"]["coverage"]


def _two_prefectures(tmp_path, town, db=None):
    """A store (at *db*, else a new SQLite file) with 宮城県's workbook and one of 埼玉県 holding a town of the name
    *town*."""
    db = db or str(tmp_path / "r.db")
    saitama = rates_workbook(tmp_path / "埼玉県.xlsx", ["住民記録"], [["埼玉県", town, 0.5, 0.5]])
    for workbook in (FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx", saitama):
        assert CliRunner().invoke(cli, ["readiness", "import", str(workbook), "--db", db]).exit_code == 0
    return db


def test_a_name_several_prefectures_have_is_recorded_only_with_the_profiles_prefecture(home, tmp_path):
    """宮城県 美里町's check showed under 埼玉県's and 熊本県's 美里町, with no word at record time."""
    db = _two_prefectures(tmp_path, "美里町")
    res = _misato(tmp_path, db)
    assert res.exit_code == 1
    assert ("同じ名前の団体が複数の都道府県の進捗データにあり、どの団体の適合率か決まらないため、記録しませんでした" in res.stderr
            and "プロファイルに「prefecture: 宮城県」のように都道府県を書いて" in res.stderr
            and "  - 美里町: 宮城県・埼玉県 にあります" in res.stderr), res.output
    assert _coverage(db, "宮城県", "美里町") is None and (tmp_path / "o" / f"{BIDS[0].stem}.json").is_file()
    res = _misato(tmp_path, db, "prefecture: 宮城県\n")
    assert res.exit_code == 0 and "適合率を記録しました（1 件。宮城県 美里町）" in res.output and "注意:" not in res.output
    assert _coverage(db, "宮城県", "美里町")["vendor"] == "見本ソリューションズ"
    assert _coverage(db, "埼玉県", "美里町") is None
    # a record of before profiles had a prefecture is no town's once the name is not one town's
    ReadinessStore(db).record_check("介護保険", "美里町", "第6.0版", "旧システム", 1.0, "conformant")
    assert _coverage(db, "埼玉県", "美里町") is None and _coverage(db, "宮城県", "美里町")["vendor"] == "見本ソリューションズ"


def test_a_failed_record_leaves_a_store_an_older_hyojun_made_as_it_was(home, tmp_path, db_url):
    """A record refused for its input (a name several prefectures have, a vendor's file that cannot be read) leaves
    the store as the older hyojun of another PC sharing it made it, not upgraded; a record that goes in upgrades it."""
    from checker.readiness_store import SCHEMA_VERSION

    _two_prefectures(tmp_path, "美里町", db_url)
    back_to_schema_3(db_url)
    before = store_state(db_url)
    res = _misato(tmp_path, db_url)  # found with the store, upgraded in the record's transaction: undone
    assert res.exit_code == 1 and "記録しませんでした" in res.stderr, res.output
    assert store_state(db_url) == before
    bad = tmp_path / "bad.csv"
    bad.write_text("x\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(bad), "--spec", str(KAIGO_SPEC), "--format", "json", "--out",
                                   str(tmp_path / "o"), "--record", "--db", db_url])
    assert res.exit_code == 1 and "回答の表が見つかりません" in res.output
    assert store_state(db_url) == before
    res = _misato(tmp_path, db_url, "prefecture: 宮城県\n")
    assert res.exit_code == 0 and f"形式に更新しています（スキーマ版 3 → {SCHEMA_VERSION}。" in res.stderr, res.output
    assert "適合率を記録しました（1 件。宮城県 美里町）" in res.output
    assert ReadinessStore(db_url, create=False).migrate() == SCHEMA_VERSION
    assert _coverage(db_url, "宮城県", "美里町")["vendor"] == "見本ソリューションズ"


def test_a_name_of_one_prefecture_is_recorded_with_it_and_stays_that_town_s(home, tmp_path):
    """Recorded without a prefecture while 宮城県 alone had 利府町, the record names 宮城県: 福島県's 利府町, imported
    later, does not take it."""
    db = str(tmp_path / "r.db")
    assert CliRunner().invoke(cli, ["readiness", "import", str(FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"),
                                    "--db", db]).exit_code == 0
    checked, _text, _cov = _record_bids(tmp_path, "r", BIDS[:1])
    assert "適合率を記録しました（1 件。宮城県 利府町）" in checked.output
    fukushima = rates_workbook(tmp_path / "福島県.xlsx", ["住民記録"], [["福島県", "利府町", 0.5, 0.5]])
    assert CliRunner().invoke(cli, ["readiness", "import", str(fukushima), "--db", db]).exit_code == 0
    assert _coverage(db, "宮城県", "利府町")["vendor"] == "見本ソリューションズ" and _coverage(db, "福島県", "利府町") is None


def test_a_profiles_prefecture_without_the_town_says_where_the_town_is(home, tmp_path):
    db = _two_prefectures(tmp_path, "美里町")
    res = _misato(tmp_path, db, "prefecture: 熊本県\n")
    assert res.exit_code == 0
    assert ("注意: 熊本県 美里町 の進捗データは取り込まれていないため、readiness status にはまだ表示されません（団体名はプロファイルの "
            "municipality、都道府県は prefecture です。進捗データの名前と同じにしてください。美里町 は 宮城県・埼玉県 にあります）") in res.stderr


def test_a_town_the_latest_list_no_longer_has_is_said_to_be_merged_at_record_time(home, tmp_path):
    """大衡村, merged into 大郷大衡町 in 2026-02: recorded silently, its coverage in none of 宮城県's current views."""
    db = str(tmp_path / "r.db")
    for month, towns in (("令和8年1月", ("大郷町", "大衡村", "利府町")), ("令和8年2月", ("大郷大衡町", "利府町"))):
        workbook = nation_workbook(tmp_path / f"{month}.xlsx", month, towns)
        assert CliRunner().invoke(cli, ["readiness", "import", str(workbook), "--db", db]).exit_code == 0
    profile = tmp_path / "ohira.yaml"
    profile.write_text("municipality: 大衡村\narea: 介護保険\nrequired_options: []\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(BIDS[0]), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                                   "--format", "json", "--out", str(tmp_path / "o"), "--record", "--db", db])
    assert res.exit_code == 0 and "適合率を記録しました（1 件。宮城県 大衡村）" in res.output
    assert ("注意: 市区町村「大衡村」は宮城県の総務省のブックに 2026年1月まではありましたが、2026年2月のブックにはありません"
            "（合併・名称変更など）。2026年2月からは今の団体名（プロファイルの municipality）で記録してください（名称が変わった場合は "
            "2026年2月のブックに新しく載った 大郷大衡町、ほかの団体と合併した場合は合併後の団体名）。この記録は宮城県の 2026年2月からの"
            "表示には出ません\n") in res.stderr
    profile.write_text("municipality: 利府町\narea: 介護保険\nrequired_options: []\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(BIDS[0]), "--spec", str(KAIGO_SPEC), "--profile", str(profile),
                                   "--format", "json", "--out", str(tmp_path / "o2"), "--record", "--db", db])  # another town: its own folder
    assert res.exit_code == 0 and "注意:" not in res.stderr
