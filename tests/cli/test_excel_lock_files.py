"""Excel's lock file of an open workbook (~$回答.xlsx) beside the answers: left out of wildcards, named when given."""

from __future__ import annotations

import glob
import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.commands.base import expand_wildcards
from tests.conftest import KAIGO_SPEC, VENDOR

KAKU = VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx"
OWNER_FILE = b"\x04\x8eR\x93c" + b" " * 50 + "職員".encode("utf-16-le")  # what Excel writes: the user's name


def test_wildcards_leave_out_lock_files(tmp_path: Path):
    answers = tmp_path / "回答"
    answers.mkdir()
    shutil.copy(KAKU, answers / "a.xlsx")
    (answers / "~$a.xlsx").write_bytes(OWNER_FILE)
    kept, skipped = expand_wildcards([f"{answers}/*.xlsx", "--spec", "介護保険", f"{answers}/none*.csv"])
    assert kept == [str(answers / "a.xlsx"), "--spec", "介護保険", f"{answers}/none*.csv"]  # no match: kept as given
    assert skipped == [str(answers / "~$a.xlsx")]


def test_wildcards_keep_literal_names_and_option_values(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("USERNAME", "dx-tanto")
    (tmp_path / "回答[1].xlsx").write_bytes(b"")  # the name a browser gives a second download
    (tmp_path / "回答1.xlsx").write_bytes(b"")  # what the glob 回答[1].xlsx matches
    lock = tmp_path / "~$回答.xlsx"
    lock.write_bytes(OWNER_FILE)
    given = [str(tmp_path / "回答[1].xlsx"), "~$回答.xlsx", "--vendor-name", "%USERNAME%商事", "--title", "~A社"]
    assert expand_wildcards(given) == (given, [])
    kept, skipped = expand_wildcards([str(tmp_path / "回答[1]*.xlsx"), "~/x.xlsx"])
    assert kept == [str(tmp_path / "回答1.xlsx"), str(Path.home() / "x.xlsx")]  # a pattern: expanded
    assert skipped == []


def test_each_patterns_matches_are_sorted_by_name_whatever_the_folders_order(tmp_path: Path, monkeypatch):
    """On a USB stick (FAT) glob lists files in the order they were copied: the vendors' columns followed it."""
    for name in ("b.csv", "c.xlsx", "a.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"")
    listed = glob.glob
    monkeypatch.setattr(glob, "glob", lambda *a, **k: sorted(listed(*a, **k), reverse=True))
    kept, _ = expand_wildcards([str(tmp_path / "*.xlsx"), str(tmp_path / "*.csv")])
    assert kept == [str(tmp_path / n) for n in ("a.xlsx", "b.xlsx", "c.xlsx", "b.csv")]  # each pattern in turn

def test_a_lock_file_given_by_name_is_said_to_be_one(home: Path, tmp_path: Path):
    lock = tmp_path / "~$回答.xlsx"
    lock.write_bytes(OWNER_FILE)
    res = CliRunner().invoke(cli, ["check", str(lock), "--spec", str(KAIGO_SPEC), "--out", str(tmp_path / "rep")])
    assert res.exit_code == 1
    assert f"エラー: {lock}: Excel がブックを開いている間に作る一時ファイル（~$ で始まる名前）で、回答ファイルではありません" \
        in res.output
