"""`hyojun check --record` feeds the coverage column of `hyojun readiness status`."""

import json

from click.testing import CliRunner

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
