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
