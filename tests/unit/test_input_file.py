"""read_input: an input file read whole only when it is a regular file within the size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.io.input_file import read_input
from checker.io.limits import Limits
from checker.io.workbook import read_workbook
from checker.io.yaml_file import load_yaml

NOT_REGULAR = "通常のファイルではありません（デバイスや名前付きパイプなど）"


def test_a_device_or_a_link_to_one_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """/dev/zero's size reads 0: read whole, it filled the memory (23.6 GB, then the OOM killer)."""
    link = tmp_path / "回答.xlsx"
    link.symlink_to("/dev/zero")
    for path in (Path("/dev/zero"), link):
        with pytest.raises(InputError, match=NOT_REGULAR):
            read_input(path, Limits())
    with pytest.raises(InputError, match=f"回答.xlsx: {NOT_REGULAR}"):
        read_workbook(link)
    profile = tmp_path / "p.yaml"
    profile.symlink_to("/dev/zero")
    with pytest.raises(InputError, match=f"p.yaml: {NOT_REGULAR}"):
        load_yaml(profile, "--profile")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """Opened to read, a pipe waits for a writer: the run hung until the time limit (1,800 s)."""
    fifo = tmp_path / "回答.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=NOT_REGULAR):
        read_workbook(fifo)


def test_a_file_over_the_limit_is_refused_and_one_within_is_read(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"x" * 11)
    with pytest.raises(InputError, match="a.csv: ファイルが大きすぎます（11 バイト、上限 10 バイト）。"
                                         "正当なファイルなら環境変数 HYOJUN_MAX_FILE_BYTES で上限を上げられます"):
        read_input(p, Limits(max_file_bytes=10))
    assert read_input(p, Limits(max_file_bytes=11)) == b"x" * 11


def test_a_folder_is_said_to_be_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="フォルダです"):
        read_input(tmp_path, Limits())
    with pytest.raises(InputError, match="フォルダです"):
        load_yaml(tmp_path, "--profile")


@pytest.fixture
def no_whole_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file read whole fails the test (on a device, the read itself would never end)."""
    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")
    monkeypatch.setattr(Path, "read_bytes", whole)


@pytest.mark.usefixtures("no_whole_read")
def test_readiness_import_refuses_a_device_before_reading_it_for_its_digest(tmp_path: Path) -> None:
    """The import hashed the file with read_bytes() before the reader saw it: /dev/zero was read whole there."""
    from click.testing import CliRunner

    from checker.cli import cli

    link = tmp_path / "soumu_progress.xlsx"
    link.symlink_to("/dev/zero")
    res = CliRunner().invoke(cli, ["readiness", "import", str(link), "--db", str(tmp_path / "r.db")])
    assert res.exit_code == 1 and f"{link}: {NOT_REGULAR}" in res.output


@pytest.mark.usefixtures("no_whole_read")
def test_a_stored_spec_given_as_a_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """--spec X.json reads a hyojun spec file the user names: a link to /dev/zero was read whole (MemoryError)."""
    from checker.spec_store import spec_from_json

    link = tmp_path / "住民記録_第1.1版.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match=f"{link}: {NOT_REGULAR}"):
        spec_from_json(link)
