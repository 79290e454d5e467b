"""Shared fixtures: bundled sample files and an isolated project home (spec store) per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPECS = FIXTURES / "specs"
VENDOR = FIXTURES / "vendor"
PROFILES = FIXTURES / "profiles"

KAIGO_SPEC = SPECS / "介護保険_第6.0版_機能・帳票要件.xlsx"
JUMIN_V10 = SPECS / "住民記録_第1.0版_機能要件.xlsx"
JUMIN_V11 = SPECS / "住民記録_第1.1版_機能要件.xlsx"
SHUGAKU_FUNC = SPECS / "就学_第4.0版_機能要件.xlsx"
SHUGAKU_FORM = SPECS / "就学_第4.0版_帳票要件.xlsx"
KAIGO_PROFILE = PROFILES / "介護保険_profile.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project home with the area catalog, so tests never touch the real spec store."""
    (tmp_path / "specs").mkdir()
    shutil.copy(ROOT / "specs" / "areas.yaml", tmp_path / "specs" / "areas.yaml")
    monkeypatch.setenv("HYOJUN_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless chromium through Playwright, one per session. Missing: skip locally, fail in CI."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} がありません（apt-get install chromium）"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
