"""An output open in Excel (Windows refuses to rename it) fails the run and leaves every earlier output as it was.

The lock is simulated: os.replace refuses the locked path, as Windows does (WinError 32).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from tests.conftest import JUMIN_V10, JUMIN_V11, KAIGO_PROFILE, KAIGO_SPEC, VENDOR, lock, write_manifest

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
MIHON = VENDOR / "介護保険_第6.0版_回答_見本ソリューションズ.csv"
TEST = VENDOR / "介護保険_第6.0版_回答_テスト情報サービス.xlsx"
EXCEL_HINT = "Excel などで開いていれば閉じてから、もう一度実行してください"


def run(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="hyojun")


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_locked_run_changes_nothing(monkeypatch: pytest.MonkeyPatch, out: Path, locked: str,
                                      *args: str | Path) -> str:
    """Run *args* once, then again with out/locked locked: the second run fails naming it, and no output changes."""
    assert (first := run(*args)).exit_code == 0, first.output
    before = digests(out)
    assert locked in before
    lock(monkeypatch, out / locked)
    res = run(*args)
    assert res.exit_code == 1, res.output
    assert f"エラー: {out / locked} に書き込めません" in res.output and EXCEL_HINT in res.output
    assert digests(out) == before  # the new run differs (its creation time): nothing of it was put in place
    return res.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_of_two_files_with_the_second_ones_workbook_locked(home, tmp_path, monkeypatch, jobs):
    out = tmp_path / "rep"
    assert_locked_run_changes_nothing(monkeypatch, out, f"{MIHON.stem}.xlsx",
                                      "check", KAKU, MIHON, "--spec", KAIGO_SPEC, "--out", out, "--jobs", jobs)


def test_check_manifest_with_its_summary_locked(home, tmp_path, monkeypatch):
    manifest = write_manifest(tmp_path, f"""
areas:
  - spec: FIX/specs/介護保険_第6.0版_機能・帳票要件.xlsx
    vendors: [{{name: 架空システムズ, file: {KAKU}}}, {{name: 見本ソリューションズ, file: {MIHON}}}]
""")
    out = tmp_path / "rep"
    output = assert_locked_run_changes_nothing(monkeypatch, out, "check_summary.csv", "check", "--manifest",
                                               manifest, "--out", out, "--jobs", "1")
    assert f"{MIHON.stem}.json" not in output  # no report is listed as written


def test_compare_with_its_mask_key_locked(home, tmp_path, monkeypatch):
    """The key in Excel must keep matching the report beside it: neither is replaced."""
    out = tmp_path / "rep"
    assert_locked_run_changes_nothing(monkeypatch, out, "mask_key.csv", "compare", "--spec", KAIGO_SPEC, KAKU, MIHON,
                                      TEST, "--profile", KAIGO_PROFILE, "--mask", "--out", out)


def test_spec_diff_with_its_workbook_locked(home, tmp_path, monkeypatch):
    out = tmp_path / "rep"
    assert_locked_run_changes_nothing(monkeypatch, out, "住民記録_第1.0版-第1.1版_差分.xlsx",
                                      "spec", "diff", JUMIN_V10, JUMIN_V11, "--out", out)
