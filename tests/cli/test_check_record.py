"""`hyojun check --record` feeds the coverage column of `hyojun readiness status`."""

import json

from click.testing import CliRunner

from checker.analysis.gap import coverage_percent
from checker.cli import cli
from tests.conftest import FIXTURES, KAIGO_SPEC, VENDOR


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
