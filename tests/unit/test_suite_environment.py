"""The test suite's own environment (tests/conftest.py `_suite_environment`), seen from a pytest run of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

INNER_TEST = """
import json, os, subprocess, sys
from pathlib import Path

def test_what_a_test_and_its_child_see(tmp_path):
    probe = ("import checker, json, os; "
             "print(json.dumps([checker.__file__, sorted(k for k in os.environ if k.startswith('HYOJUN_'))]))")
    child = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    seen = {"test": sorted(k for k in os.environ if k.startswith("HYOJUN_")), "child": json.loads(child.stdout)}
    (Path(__file__).parent / "seen.json").write_text(json.dumps(seen), "utf-8")
"""


def test_no_test_sees_the_user_s_settings_and_a_child_python_runs_this_tree(tmp_path: Path) -> None:
    """A user's exported HYOJUN_DB (their real readiness database) got the samples' fictional progress imported into
    it; a child Python started outside the checkout ran the installed checker, not this tree."""
    (tmp_path / "pytest.ini").write_text("", "utf-8")
    (tmp_path / "conftest.py").write_text("from tests.conftest import _suite_environment  # noqa: F401\n", "utf-8")
    (tmp_path / "test_inner.py").write_text(INNER_TEST, "utf-8")
    user = {"HYOJUN_DB": str(tmp_path / "real.db"), "HYOJUN_HOME": str(tmp_path / "home"), "HYOJUN_DB_WAIT": "0",
            "HYOJUN_MAX_CELLS": "1", "HYOJUN_MAX_SECONDS": "1"}
    suite = {"HYOJUN_TEST_PG_URL": "postgresql+psycopg2://u:p@h/db", "HYOJUN_PG_DB": "db"}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | user | suite
    # the run's cwd is the checkout, for its conftest's `import tests`; its test's child starts elsewhere, as the
    # suite's do from the home fixture's folder
    inner = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp",
                            str(tmp_path / "bt"), str(tmp_path / "test_inner.py")],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert inner.returncode == 0, inner.stdout[-3000:]
    seen = json.loads((tmp_path / "seen.json").read_text("utf-8"))
    assert seen == {"test": sorted(suite), "child": [str(ROOT / "checker" / "__init__.py"), sorted(suite)]}
