"""A failed run leaves no folder it made for its outputs, whatever command wrote them; folders there before stay.

Every output's folders are made as its first file is written (io.atomic): the failure here is the disk filling up as
that file is written, so that the folders are there when the run fails.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_SPEC, VENDOR

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
MIYAGI = Path(__file__).parents[1] / "fixtures" / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"

# each command that writes outputs, given a folder to write in that is not there yet
COMMANDS: dict[str, Callable[[Path], list[str | Path]]] = {
    "spec template": lambda new: ["spec", "template", KAIGO_SPEC, "--out", new / "様式.xlsx"],
    "readiness template": lambda new: ["readiness", "template", "--out", new / "シート.xlsx"],
    "lint --xlsx": lambda new: ["lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", new / "指摘.xlsx"],
    "check": lambda new: ["check", KAKU, "--spec", KAIGO_SPEC, "--out", new],
    "compare": lambda new: ["compare", "--spec", KAIGO_SPEC, KAKU, MIHON, "--out", new],
    "spec diff": lambda new: ["spec", "diff", JUMIN_V10, JUMIN_V11, "--out", new],
    "readiness dashboard": lambda new: ["readiness", "dashboard", "--municipality", "利府町", "--out", new,
                                        "--today", "2026-02-01"],
    "demo": lambda new: ["demo", "--out", new],
}


def run(*args: str | Path) -> str:
    res = CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun")
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output
    return res.output


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", fsync)


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_that_fails_as_it_writes_leaves_no_folder_it_made(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    command: str) -> None:
    if command == "readiness dashboard":
        run("readiness", "import", MIYAGI)
    (home / "空").mkdir()  # there before: kept, though empty
    before = tree(home)
    full_disk(monkeypatch)
    assert "ディスクの空き容量が足りません" in run(*COMMANDS[command](home / "空" / "new" / "dir"))
    assert tree(home) == before


def test_a_spec_import_that_fails_as_it_stores_leaves_no_store_or_home(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The spec store's folders (home/specs/介護保険/) are made by the import's one write, outside any group of outputs:
    they were left empty when the write failed."""
    monkeypatch.setenv("HYOJUN_HOME", str(tmp_path / "home"))
    full_disk(monkeypatch)
    assert "ディスクの空き容量が足りません" in run("spec", "import", KAIGO_SPEC)
    assert tree(tmp_path) == []


def test_a_run_that_succeeds_keeps_the_folders_it_made(home: Path) -> None:
    run("spec", "template", KAIGO_SPEC, "--out", home / "new" / "dir" / "様式.xlsx")
    assert (home / "new" / "dir" / "様式.xlsx").is_file()
