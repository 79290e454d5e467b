"""Bidi controls in vendor text: isolated wherever a report shows it, replaced in output file names."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from checker.analysis.carryover import carry_over
from checker.analysis.gap import check
from checker.analysis.specdiff import diff
from checker.io.config import load_profile
from checker.io.vendor_reader import read_response
from checker.model import SourceFile
from checker.normalize import quoted
from checker.paths import file_name_part
from checker.bidi import FSI, PDI, inline, isolate
from checker.report.gap_writers import write_gap_outputs
from checker.report.specdiff_writers import write_specdiff_outputs
from checker.spec_store import resolve_spec
from tests.conftest import HOSTILE_NAME, KAIGO_PROFILE, KAIGO_SPEC, RLO, VENDOR, unisolated

LRI, RLM = "\u2066", "\u200f"


def test_text_without_a_direction_of_its_own_stays_as_it_is() -> None:
    for s in ("架空システムズ", "回答_第6.0版.xlsx", "", "○", "=1+1"):
        assert isolate(s) == s


def test_an_override_is_isolated_line_by_line() -> None:
    assert isolate(f"架空{RLO}システムズ") == f"{FSI}架空{RLO}システムズ{PDI}"
    assert isolate("עברית") == f"{FSI}עברית{PDI}"  # a right-to-left script moves the punctuation beside it
    assert isolate(f"一行目{RLO}\n二行目") == f"{FSI}一行目{RLO}{PDI}\n{FSI}二行目{PDI}"  # a newline ends every isolate


def test_the_texts_own_isolates_are_balanced() -> None:
    assert isolate(HOSTILE_NAME) == f"{FSI}架空{RLO}システムズ{PDI}"  # its PDI would close the FSI around it
    assert isolate(f"a{LRI}b") == f"{FSI}a{LRI}b{PDI}{PDI}"  # its isolate would take in the text after it
    assert isolate(f"a{LRI}b{PDI}c{RLM}") == f"{FSI}a{LRI}b{PDI}c{RLM}{PDI}"
    assert not unisolated(isolate(isolate(HOSTILE_NAME) + "、" + isolate(f"{RLM}x")))


def test_a_name_within_a_line_keeps_to_it() -> None:
    """A line break would split a console's line, an ESC start a command of the terminal: written as codes."""
    assert inline(f"架空{RLO}\n\x1b[2J社\x9b\u2028") == f"{FSI}架空{RLO}<U+000A><U+001B>[2J社<U+009B><U+2028>{PDI}"
    assert inline("架空システムズ") == "架空システムズ" and inline(HOSTILE_NAME) == isolate(HOSTILE_NAME)
    assert inline("\x00\x1f\x7f\x9f\u2029") == "<U+0000><U+001F><U+007F><U+009F><U+2029>"  # each end of the ranges


def test_a_message_shows_every_bidi_control_as_its_code() -> None:
    assert quoted(f"a{LRI}b{PDI}c\u061cd{RLO}") == "a<U+2066>b<U+2069>c<U+061C>d<U+202E>"


def test_file_names_get_no_bidi_control() -> None:
    assert file_name_part(f"readiness_町{RLO}lmth.exe") == "readiness_町_lmth.exe"
    assert file_name_part(f"a{LRI}b{PDI}c{RLM}d\u061ce") == "a_b_c_d_e"
    assert file_name_part('介護保険_第6.0版_A/B:C*"<>|?.csv') == "介護保険_第6.0版_A_B_C______.csv"


@pytest.fixture(scope="module")
def kaigo_spec():  # type: ignore[no-untyped-def]
    return resolve_spec([str(KAIGO_SPEC)])


def test_gap_report(kaigo_spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response = read_response(VENDOR / "介護保険_第6.0版_回答_架空システムズ.xlsx")
    hostile = replace(response, vendor=HOSTILE_NAME, file=f"回答{RLO}xslx.exe",
                      answers=tuple(replace(a, comment=f"{RLO}備考", cell=f"機能{RLO}!{a.cell}") for a in response.answers))
    spec = replace(kaigo_spec, sources=(SourceFile(f"仕様{RLO}.xlsx", "0" * 64),))
    profile = replace(load_profile(KAIGO_PROFILE), municipality=f"見本市{RLO}", file=f"団体{RLO}.yaml")
    html = write_gap_outputs(check(spec, hostile, profile), tmp_path, "gap", ("html",), "2026-01-01T00:00:00+09:00")[0]
    text = html.read_text("utf-8")
    assert f"ベンダ: {FSI}架空{RLO}システムズ{PDI}（{FSI}回答{RLO}xslx.exe{PDI}）" in text
    assert unisolated(text) == []
    config = re.search(r'data-hy-config>(.*?)</script>', text, re.S)
    assert config and '"filename":"介護保険_第6.0版_架空__システムズ_表示中の行.csv"' in config.group(1)


def test_spec_diff_and_carry_over(v10, v11, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    renamed = tuple(replace(r, name=f"{r.name}{RLO}") for r in v11.requirements)
    new = replace(v11, requirements=renamed, sources=(SourceFile(f"新{RLO}.xlsx", "0" * 64),))
    d = diff(replace(v10, sources=(SourceFile(f"旧{RLO}.xlsx", "0" * 64),)), new)
    html = write_specdiff_outputs(d, tmp_path, ("html",), "2026-01-01T00:00:00+09:00", [])[0]
    assert unisolated(html.read_text("utf-8")) == []
    jumin = read_response(VENDOR / "住民記録_第1.1版_回答_架空システムズ.xlsx")
    jumin = replace(jumin, vendor=HOSTILE_NAME, answers=tuple(replace(a, raw_answer=f"{a.raw_answer}{RLO}")
                                                           for a in jumin.answers))
    carried = write_gap_outputs(check(new, jumin), tmp_path, "carried", ("html",), "2026-01-01T00:00:00+09:00",
                                carry_over(d, jumin))[0]
    assert unisolated(carried.read_text("utf-8")) == []
