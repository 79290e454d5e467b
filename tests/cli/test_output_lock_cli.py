"""Every command that writes into an output folder puts its outputs in place holding the folder's lock (io.output_lock),
so that another run's refusal checks and renames wait for it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.batch_run import STAGING_PREFIX
from checker.cli import cli
from checker.errors import OutputError
from checker.io import atomic, output_lock as lock_module
from checker.io.output_lock import output_lock
from tests.conftest import FIXTURES, JUMIN_V10, JUMIN_V11, KAIGO_SPEC, VENDOR

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
# (the command writing into the folder OUT, as arguments)
WRITERS = {
    "check": ["check", KAKU, "--spec", KAIGO_SPEC, "--out", "OUT"],
    "compare --mask": ["compare", "--spec", KAIGO_SPEC, KAKU, MIHON, "--out", "OUT", "--mask"],
    "spec diff": ["spec", "diff", JUMIN_V10, JUMIN_V11, "--out", "OUT"],
    "spec template": ["spec", "template", KAIGO_SPEC, "--out", "OUT/様式.xlsx"],
    "readiness template": ["readiness", "template", "--out", "OUT/自己記入.xlsx"],
    "readiness dashboard": ["readiness", "dashboard", "--prefecture", "宮城県", "--out", "OUT", "--db", "r.db"],
    "lint --xlsx": ["lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", "OUT/差し戻し.xlsx"],
}


def _held_by_another(folder: Path) -> bool:
    """Whether another run (a thread: a context of its own) finds *folder*'s lock held."""
    held: list[bool] = []

    def other_run() -> None:
        try:
            with output_lock(folder):
                held.append(False)
        except OutputError:
            held.append(True)

    thread = threading.Thread(target=other_run)
    thread.start()
    thread.join()
    return held[0]


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_commands_outputs_are_put_in_place_holding_the_folders_lock(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      writer: str) -> None:
    out = home / "OUT"
    if writer == "readiness dashboard":
        workbook = FIXTURES / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
        assert CliRunner().invoke(cli, ["readiness", "import", str(workbook), "--db", "r.db"]).exit_code == 0
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0)
    real, seen = atomic._replace_all, []

    def placing(pending: dict[Path, Path]) -> None:
        if any(target.parent == out for target in pending):  # not a report made in a staging folder
            assert not any(STAGING_PREFIX in str(target) for target in pending)
            seen.append(_held_by_another(out))
        real(pending)

    monkeypatch.setattr(atomic, "_replace_all", placing)
    res = CliRunner().invoke(cli, [str(a).replace("OUT", str(out)) for a in WRITERS[writer]])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output  # (lint: 1 for its findings)
    assert "エラー:" not in res.stderr, res.output
    assert seen and all(seen)
    assert not (out / lock_module.LOCK_NAME).exists()
