"""An output folder the user may not write in: the message names that folder, not a temp file or staging folder.

Tests run as root, whom chmod does not stop: the refusal is simulated where the first file or folder is made there.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.batch_run import STAGING_PREFIX
from checker.cli import cli
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_SPEC, VENDOR

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
MIYAGI = Path(__file__).parents[1] / "fixtures" / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder where making a file or folder is refused, as the OS refuses it (the error names the new entry)."""
    folder = tmp_path / "出力 先"
    folder.mkdir()

    def refusing(real: Any) -> Any:
        def make(suffix: str | None = None, prefix: str | None = None, dir: Any = None, **kw: Any) -> Any:
            if dir is not None and Path(dir).is_relative_to(folder):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.path.join(dir, f"{prefix}x1y2{suffix or ''}"))
            return real(suffix=suffix, prefix=prefix, dir=dir, **kw)
        return make

    monkeypatch.setattr(tempfile, "mkstemp", refusing(tempfile.mkstemp))
    monkeypatch.setattr(tempfile, "mkdtemp", refusing(tempfile.mkdtemp))
    return folder


def assert_refused(out: Path, *args: str | Path) -> None:
    res = CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun")
    assert res.exit_code == 1, res.output
    assert f"エラー: 出力先フォルダ {out} に書き込めません（権限がありません）" in res.output
    assert ".tmp" not in res.output and STAGING_PREFIX not in res.output and "Traceback" not in res.output
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check(home: Path, out: Path, jobs: str) -> None:
    assert_refused(out, "check", KAKU, MIHON, "--spec", KAIGO_SPEC, "--out", out, "--jobs", jobs)


def test_compare(home: Path, out: Path) -> None:
    assert_refused(out, "compare", "--spec", KAIGO_SPEC, KAKU, MIHON, "--out", out)


def test_lint_xlsx(home: Path, out: Path) -> None:
    assert_refused(out, "lint", KAKU, "--spec", KAIGO_SPEC, "--xlsx", out / "指摘.xlsx")


def test_spec_diff(home: Path, out: Path) -> None:
    assert_refused(out, "spec", "diff", JUMIN_V10, JUMIN_V11, "--out", out)


def test_readiness_dashboard(home: Path, out: Path) -> None:
    db = str(home / "readiness.db")
    assert CliRunner().invoke(cli, ["readiness", "import", str(MIYAGI), "--db", db]).exit_code == 0
    assert_refused(out, "readiness", "dashboard", "--municipality", "利府町", "--out", out, "--db", db,
                   "--today", "2026-02-01")


def test_a_folder_that_cannot_be_made_is_named(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--out names a folder to make inside one the user may not write in."""
    target = tmp_path / "ro" / "reports"
    real = os.mkdir

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:  # the folders of the outputs are made one os.mkdir each
        if Path(path) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    res = CliRunner().invoke(cli, ["spec", "diff", str(JUMIN_V10), str(JUMIN_V11), "--out", str(target)])
    assert res.exit_code == 1
    assert f"エラー: 出力先フォルダ {target} に書き込めません（権限がありません）" in res.output
