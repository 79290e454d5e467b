"""checker.api: the supported names import and say what they are, the package says it is typed, and README's
「Python から使う」 example runs and gives what `hyojun check` gives."""

from __future__ import annotations

import configparser
import importlib
import inspect
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.io.spec_reader import read_spec
from checker.spec_store import save_spec, with_digest
from tests.conftest import KAIGO_PROFILE, KAIGO_SPEC, ROOT, VENDOR


def test_every_supported_name_imports_and_has_its_own_docstring() -> None:
    api = importlib.import_module("checker.api")
    assert api.__all__ and len(set(api.__all__)) == len(api.__all__)
    for name in api.__all__:
        obj = getattr(api, name)
        doc = inspect.getdoc(obj) or ""
        # a dataclass without one gets 「CheckOptions(profile: 'Path | None' = None, …)」
        assert doc and not doc.startswith(f"{name}("), name


def test_the_package_says_it_is_typed() -> None:
    """Without py.typed, `mypy --strict` refused every hyojun import in a user's script, and every value was Any."""
    assert (ROOT / "checker" / "py.typed").is_file()
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg", encoding="utf-8")
    assert "py.typed" in [p.strip() for p in setup["options.package_data"]["checker"].split(",")]


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Python から使う"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README 「Python から使う」 has its example"
    return match[1]


def test_the_readme_example_collects_what_check_reports(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_spec(with_digest(read_spec([KAIGO_SPEC])))
    files = {"町A": ["介護保険_第6.0版_回答_架空システムズ.xlsx", "介護保険_第6.0版_回答_テスト情報サービス.xlsx"],
             "町B": ["介護保険_第6.0版_回答_見本ソリューションズ.csv"]}
    for town, names in files.items():
        (home / "towns" / town / "介護保険").mkdir(parents=True)
        shutil.copy(KAIGO_PROFILE, home / "towns" / town / "profile.yaml")
        for name in names:
            shutil.copy(VENDOR / name, home / "towns" / town / "介護保険" / name)
    (home / "towns" / "町B" / "介護保険" / "壊れた回答.xlsx").write_bytes(b"not a workbook")
    namespace: dict[str, object] = {}
    exec(compile(_readme_example(), "README.md", "exec"), namespace)
    printed = capsys.readouterr().out
    # the error said with its details, and the loop went on
    assert "壊れた回答.xlsx: 回答の表が見つかりません" in printed and "\n  - シート「壊れた回答」: 見出し行が見つかりません" in printed
    expected = {}
    for town, names in files.items():
        for name in names:
            out = home / "out" / town
            res = CliRunner().invoke(cli, ["check", str(home / "towns" / town / "介護保険" / name), "--spec", "介護保険",
                                           "--profile", str(home / "towns" / town / "profile.yaml"),
                                           "--format", "json", "--out", str(out)])
            assert res.exit_code == 0, res.output
            doc = json.loads((out / f"{Path(name).stem}.json").read_text("utf-8"))
            expected[town, doc["vendor"]["name"]] = doc["summary"]["status_counts"]["mandatory_gap"]
    assert namespace["gaps"] == expected and len(expected) == 3


def test_a_progress_workbook_read_before_its_store_is_made_goes_in(tmp_path: Path) -> None:
    """README's way to make a readiness database only for a file that can go in: import_file(data=) takes what
    read_import read, and read_import was not among the supported names."""
    import datetime as dt

    from checker.api import ReadinessStore, import_file, read_import

    workbook = ROOT / "tests" / "fixtures" / "readiness" / "soumu_progress_宮城県_2026-01.xlsx"
    db = str(tmp_path / "r.db")
    assert ReadinessStore.existing(db) is None and not (tmp_path / "r.db").exists()
    data = read_import(workbook, today=dt.date(2026, 2, 1))
    done = import_file(ReadinessStore(db), workbook, today=dt.date(2026, 2, 1), data=data)
    assert done.result is not None and done.result.municipalities == 35
