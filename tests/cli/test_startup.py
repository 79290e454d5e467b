"""A command imports what it needs and no more: start-up is most of a one-file check.

Each case runs the command in a fresh interpreter (as `hyojun` runs) and lists the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from checker.cli import COMMANDS, cli
from tests.conftest import KAIGO_SPEC, VENDOR

PROBE = ("import json, sys\nfrom checker.cli import main\n"
         "try:\n    main()\nfinally:\n    print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
HEAVY = {"sqlalchemy", "jinja2", "charset_normalizer", "checker.compare_run", "checker.readiness_store"}


def _loaded(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    return done.returncode, {m.split(".")[0] if not m.startswith("checker") else m for m in modules}


def test_every_lazy_command_is_registered_under_its_own_name() -> None:
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    assert all(f"  {name} " in CliRunner().invoke(cli, ["--help"]).output for name in COMMANDS)


@pytest.mark.parametrize("args, needed, not_needed", [
    # the catalog reads its YAML on every start: the workbook reader (python-calamine) is for workbooks only
    (["areas"], {"checker.catalog"}, HEAVY | {"checker.batch_run", "checker.io.workbook", "python_calamine"}),
    (["check", str(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"), "--spec", str(KAIGO_SPEC), "--format", "json"],
     {"checker.batch_run", "python_calamine"}, HEAVY),
    (["check", str(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"), "--spec", str(KAIGO_SPEC), "--format", "html"],
     {"jinja2"}, HEAVY - {"jinja2"}),
    (["spec", "template", str(KAIGO_SPEC), "--out", "t.xlsx"], {"checker.io.answer_template"}, HEAVY),
    (["readiness", "template", "--out", "t.xlsx"], {"checker.commands.readiness"},
     {"checker.batch_run", "checker.compare_run", "jinja2"}),
])
def test_a_command_loads_only_what_it_uses(home: Path, args: list[str], needed: set[str], not_needed: set[str]) -> None:
    code, loaded = _loaded(args, home)
    assert code == 0
    assert needed <= loaded
    assert not (not_needed & loaded), sorted(not_needed & loaded)
