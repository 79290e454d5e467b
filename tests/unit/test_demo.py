"""The demo's own steps (the whole demo runs in tests/cli/test_cli.py)."""

from __future__ import annotations

from pathlib import Path

from checker.demo import DemoRun, _demo_compare
from checker.manifest import AreaInput

from tests.conftest import JUMIN_V11, VENDOR


def test_comparison_is_titled_with_the_area_it_compares(home: Path, tmp_path: Path) -> None:
    vendors = tuple((None, (p,)) for p in sorted(VENDOR.glob("住民記録_第1.1版_回答_*")))
    run = DemoRun(tmp_path / "demo")
    _demo_compare(run, AreaInput((str(JUMIN_V11),), vendors))
    titles = [link.title for link in run.links]
    assert titles[0] == "住民記録 第1.1版 — ベンダ 2 社の比較・採点"
    assert "匿名化" in titles[1] and all("介護保険" not in t for t in titles)
    assert all((run.out_dir / link.href).is_file() for link in run.links)


def test_answer_sheet_is_the_towns_with_the_options_its_profile_asks_for(home: Path, tmp_path: Path) -> None:
    import openpyxl

    from checker.demo import _demo_template
    from checker.io.spec_reader import read_spec
    from checker.spec_store import save_spec, with_digest
    from tests.conftest import KAIGO_PROFILE, KAIGO_SPEC

    stored, _ = save_spec(with_digest(read_spec([KAIGO_SPEC])), tmp_path / "specs")
    run = DemoRun(tmp_path / "demo")
    _demo_template(run, AreaInput((str(stored),), (), KAIGO_PROFILE))
    (link,) = run.links
    assert (link.title, link.href) == ("介護保険 第6.0版 回答様式（Excel）", "template/介護保険_第6.0版_回答様式.xlsx")
    assert link.detail == "hyojun spec template 介護保険 --profile 介護保険_profile.yaml"
    ws = openpyxl.load_workbook(run.out_dir / link.href)["機能要件"]
    header = [c.value for c in ws[4]]
    asked = [row[0] for row in ws.iter_rows(min_row=5, values_only=True) if row[header.index("要求オプション（優先度）")]]
    functions = {r.id for r in read_spec([KAIGO_SPEC]).requirements if r.kind == "function"}
    wanted = [line.split('"')[1] for line in KAIGO_PROFILE.read_text("utf-8").splitlines() if line.strip().startswith("- id:")]
    assert "0230122" in asked and sorted(asked) == sorted(i for i in wanted if i in functions)
