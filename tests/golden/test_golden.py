"""Golden cases: sample vendor sheets → expected summaries derived by reading the files independently."""

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.schemas import validate
from tests.conftest import FIXTURES

CASES = sorted(p.parent for p in Path(__file__).parent.glob("check_*/expected.json"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_case(case, home):
    inp = json.loads((case / "input.json").read_text("utf-8"))
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    vendors = [inp["vendor"]] if isinstance(inp["vendor"], str) else inp["vendor"]  # several: one vendor's files
    args = ["check", *(str(FIXTURES / v) for v in vendors), "--json", "-"]
    for s in inp["spec"]:
        args += ["--spec", str(FIXTURES / s)]
    if "profile" in inp:
        args += ["--profile", str(FIXTURES / inp["profile"])]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)  # standard error says which files were read as one vendor
    validate(got, "result", source="golden")
    assert got["summary"]["status_counts"] == expected["summary"]["status_counts"]
    for key in ("requirements", "mandatory", "optional", "prohibited", "unknown_ids", "duplicate_ids", "mandatory_conformant",
                "verdict"):
        assert got["summary"][key] == expected["summary"][key], key
    assert got["summary"]["mandatory_coverage"] == pytest.approx(expected["summary"]["mandatory_coverage"], abs=1e-4)
    assert Counter(f["code"] for f in got["lint"]) == expected["lint_codes"]
    assert got["vendor"]["name"] == expected["vendor"]["name"]
    assert got["vendor"]["declared_version"] == expected["vendor"]["declared_version"]
    assert [f["file"] for f in got["vendor"]["files"]] == [Path(v).name for v in vendors]
    rows = {r["id"]: r for r in reversed(got["rows"])}  # an id's first row, as the check uses it
    for id_, fields in expected["rows"].items():
        assert {k: rows[id_][k] for k in fields} == fields, id_
    n = got["summary"]["requirements"]
    assert len(got["rows"]) == n + got["summary"]["unknown_ids"] + got["summary"]["duplicate_ids"]
    assert [r["status"] for r in got["rows"][n:]] == sorted(
        (r["status"] for r in got["rows"][n:]), key=["unknown_id", "duplicate_id"].index)
