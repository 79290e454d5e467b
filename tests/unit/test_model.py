"""checker/model.py: the requirement headings and the provenance line (mutation round 10: each test failed on its mutant)."""

from __future__ import annotations

from checker.model import Requirement, Response, SourceFile, town_label



def _headed_req(section: tuple[str, ...], number: str) -> Requirement:
    return Requirement(id="0010001", kind="function", cls="mandatory", section=section, number=number, name="名称",
                       text="本文", note="", source="機能要件!C4")


def test_the_levels_of_a_requirement_from_its_headings_or_its_number() -> None:
    """M02 (group the whole 項番), M03 (subgroup the second part alone), M04 (a 中項目 of a two-level heading not
    used), M05 (the 中項目 taken for the 小項目)."""
    by_number = _headed_req((), "1.2.3")
    assert (by_number.group, by_number.subgroup, by_number.minor) == ("1", "1.2", "")
    two = _headed_req(("住民記録", "異動"), "1.2.3")
    assert (two.group, two.subgroup, two.minor) == ("住民記録", "異動", "")
    three = _headed_req(("住民記録", "異動", "転入"), "")
    assert (three.group, three.subgroup, three.minor) == ("住民記録", "異動", "転入")
    none = _headed_req((), "")
    assert (none.group, none.subgroup, none.minor) == ("", "", "")


def test_the_hashes_of_one_file_are_its_sha256_alone() -> None:
    """M09 (`len(self.sources) == 2`): provenance showed 「f.xlsx: <sha>」 for one file and bare text for two."""
    one = Response("v", "f.xlsx", "a" * 64, (), ())
    assert one.hashes == "a" * 64
    two = Response("v", "f.xlsx + g.xlsx", "c" * 64, (), (),
                   sources=(SourceFile("f.xlsx", "a" * 64), SourceFile("g.xlsx", "b" * 64)))
    assert two.hashes == f"f.xlsx: {'a' * 64}、g.xlsx: {'b' * 64}"


def test_a_town_is_named_with_its_prefecture_when_known() -> None:
    """M10 (the prefecture dropped): 府中市 of 東京都 and of 広島県 are told apart."""
    assert town_label("広島県", "府中市") == "広島県 府中市"
    assert town_label(None, "府中市") == town_label("", "府中市") == "府中市"
