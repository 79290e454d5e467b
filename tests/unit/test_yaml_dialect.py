"""The YAML dialect of every file hyojun reads: YAML 1.2's plain scalars, libyaml's speed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml

from checker import yaml_dialect
from tests.conftest import ROOT


def test_yaml_1_1_surprises_are_text():
    doc = yaml_dialect.parse("ids: [0230122, 0010001, 0190001, 007]\nkeys: {yes: a, no: b, on: c, off: d}\n"
                             "marks: [Yes, No, On, Off, y, n]\ntime: 12:30\n")
    assert doc == {"ids": ["0230122", "0010001", "0190001", "007"], "keys": {"yes": "a", "no": "b", "on": "c", "off": "d"},
                   "marks": ["Yes", "No", "On", "Off", "y", "n"], "time": "12:30"}


@pytest.mark.parametrize("text, value", [
    ("true", True), ("False", False), ("0", 0), ("-5", -5), ("+12", 12), ("1.5", 1.5), ("~", None),
    ("2026-03-31", dt.date(2026, 3, 31)), ("'0230122'", "0230122"), ("\"yes\"", "yes"),
])
def test_other_scalars_are_as_pyyaml_reads_them(text: str, value: object):
    assert yaml_dialect.parse(f"v: {text}") == {"v": value} == yaml.safe_load(f"v: {text}")


def test_numbers_under_the_keys_asked_for_are_the_text_written():
    """A manifest's `answered_version: 1.0` unquoted was a number the schema refused; taken as one, 1.10 would be 1.1."""
    text = "answered_version: 1.10\nvendors:\n  - {answered_version: 2, points: 1.10}\n  - {answered_version: '1.0'}\n"
    with yaml_dialect.as_written("answered_version"):
        assert yaml_dialect.parse(text) == {"answered_version": "1.10",
                                            "vendors": [{"answered_version": "2", "points": 1.1}, {"answered_version": "1.0"}]}
    assert yaml_dialect.parse(text)["answered_version"] == 1.1  # only while asked


def test_pyyaml_s_own_loaders_are_left_alone():
    yaml_dialect.parse("a: yes")
    assert yaml.safe_load("a: yes") == {"a": True}


def test_the_bundled_yaml_reads_as_with_pyyaml_s_safe_loader():
    # areas.yaml and the default scoring use no YAML 1.1 form: the dialect changes nothing in them
    for path in (ROOT / "checker" / "data" / "areas.yaml", ROOT / "checker" / "data" / "scoring_default.yaml"):
        text = path.read_text("utf-8")
        assert yaml_dialect.parse(text) == yaml.safe_load(text)


def test_a_date_that_does_not_exist_is_a_value_error():
    with pytest.raises(ValueError):
        yaml_dialect.parse("deadline: 2026-02-30")


@pytest.mark.parametrize("text, where", [
    ("points:\n  mandatory: {conformant: .inf}\n", "points/mandatory/conformant"),
    # items counted from 1, as the schema's messages count them (knockouts[1]/total_percent_below: 「101」は…)
    ("knockouts:\n  - {total_percent_below: 90}\n  - {total_percent_below: .nan}\n", r"knockouts\[2\]/total_percent_below"),
    ("priority_weights: {高: -.Inf}\n", "priority_weights/高"),
])
def test_a_user_file_with_an_infinite_or_nan_number_is_refused_naming_the_key(tmp_path, text, where):
    """JSON Schema's number accepts them; a points value of .inf made the comparison end in a traceback."""
    from checker.errors import InputError
    from checker.io.yaml_file import load_yaml

    p = tmp_path / "scoring.yaml"
    p.write_text(text, "utf-8")
    with pytest.raises(InputError, match=rf"scoring.yaml: {where} の値が有限の数ではありません"):
        load_yaml(p, "--scoring")
    p.write_text(text.replace(".inf", "10").replace(".nan", "90").replace("-.Inf", "2"), "utf-8")
    assert load_yaml(p, "--scoring")[0]


@pytest.mark.parametrize("text, key, line", [
    # a second required_options: block dropped the first's options, changing statuses and scores
    ('area: 介護保険\nrequired_options:\n  - id: "0230010"\nrequired_options:\n  - id: "0230011"\n', "required_options", 4),
    ("yes: [済]\nno: [否]\nyes: [実装]\n", "yes", 3),  # 済 became 回答不正
    ("a:\n  b: 1\n  'b': 2\n", "b", 3),
])
def test_a_key_written_twice_is_refused_naming_its_line(tmp_path, text, key, line):
    from checker.errors import InputError
    from checker.io.yaml_file import load_yaml

    p = tmp_path / "profile.yaml"
    p.write_text(text, "utf-8")
    with pytest.raises(InputError, match=rf"{line} 行目 1 文字目|{line} 行目 3 文字目"):
        load_yaml(p, "--scoring")
    with pytest.raises(InputError, match=f"キー「{key}」が 2 回あります"):
        load_yaml(p, "--scoring")


def test_a_merge_may_override_the_keys_it_brings_in():
    assert yaml_dialect.parse("a: &x {k: 1}\nb:\n  <<: *x\n  k: 2\n") == {"a": {"k": 1}, "b": {"k": 2}}


def _bomb(levels: int, merge: bool = False) -> str:
    """Aliases of aliases, ten to a line: *levels* lines stand for 10**levels values (a merge's copies as many)."""
    lines = ["a0: &a0 {k: 1}" if merge else "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in range(1, levels + 1):
        aliases = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} {{<<: [{aliases}]}}" if merge else f"a{i}: &a{i} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("merge", [False, True])
def test_aliases_that_stand_for_too_many_values_are_refused_at_the_alias(tmp_path, merge):
    """Nine such lines (486 bytes) kept the checks that walk the document busy for hours; merges copied as much."""
    from checker.errors import InputError
    from checker.io.yaml_file import load_yaml

    p = tmp_path / "profile.yaml"
    p.write_text(_bomb(6, merge), "utf-8")
    with pytest.raises(InputError, match=r"profile.yaml: YAML として読めません（[56] 行目 \d+ 文字目: "
                                         r"エイリアス（\*名前）の指す値が合計 100,000 個を超えます"):
        load_yaml(p, "--profile")
    # as many values written out, or shared by fewer aliases, read as they did
    assert len(yaml_dialect.parse(_bomb(3))["a3"]) == 10
    assert yaml_dialect.parse("a: &x [1, 2]\nb: [*x, *x]\n") == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


def test_an_alias_inside_what_it_names_is_refused(tmp_path):
    from checker.errors import InputError
    from checker.io.yaml_file import load_yaml

    p = tmp_path / "profile.yaml"
    p.write_text("area: 介護保険\nrequired_options: &r\n  - *r\n", "utf-8")
    with pytest.raises(InputError, match=r"3 行目 5 文字目: エイリアス「\*r」が、それ自身を含む「&r」を指しています"):
        load_yaml(p, "--profile")


def test_a_document_nested_too_deep_is_an_input_error_not_a_crash(tmp_path):
    """600 levels (1.2 KB) ended in a RecursionError traceback, 100,000 (200 KB) in a segmentation fault in libyaml's
    composer: that one runs in a child process."""
    p = tmp_path / "profile.yaml"
    code = ("import sys\nfrom checker.errors import InputError\nfrom checker.io.yaml_file import load_yaml\n"
            f"try:\n    load_yaml({str(p)!r}, '--profile')\nexcept InputError as e:\n    print(e)\n")
    for depth in (600, 100_000):
        p.write_text("area: 介護保険\nrequired_options: " + "[" * depth + "]" * depth + "\n", "utf-8")
        child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert (child.returncode, child.stderr[-300:]) == (0, "")
        assert child.stdout == f"{p}: YAML として読めません（リストやキーと値の組の入れ子が深すぎます）\n"


def test_walk_goes_depth_first_in_document_order_and_through_a_shared_value_once():
    doc = yaml_dialect.parse("a: &x {k: [1, 2]}\nb: *x\nc: [*x, 3]\n")
    walked = [(path, key) for path, key, _ in yaml_dialect.walk(doc)]
    # b and c.0 are x again: named where they stand, their entries not walked a second and third time
    assert walked == [((), None), (("a",), "a"), (("a", "k"), "k"), (("a", "k", 0), 0), (("a", "k", 1), 1), (("b",), "b"),
                      (("c",), "c"), (("c", 0), 0), (("c", 1), 1)]


def test_marks_give_the_line_of_each_value_by_its_path():
    """A deadlines file's 17th entry was named 「municipalities の 17 番目」 alone: counted by hand in Notepad."""
    doc, marks = yaml_dialect.parse_marked("a: 1\nlist:\n  - name: x\n    areas:\n      戸籍: 2\n  - {name: y, b: 3}\n")
    assert doc == yaml_dialect.parse("a: 1\nlist:\n  - name: x\n    areas:\n      戸籍: 2\n  - {name: y, b: 3}\n")
    assert [marks.line(p) for p in (("a",), ("list", 0), ("list", 0, "areas"), ("list", 0, "areas", "戸籍"),
                                    ("list", 1, "b"))] == [1, 3, 4, 5, 6]
    assert marks.line(()) is None and marks.line(("list", 2)) is None and marks.line(("nothing",)) is None
    assert yaml_dialect.parse_marked("") == (None, yaml_dialect.Marks(None))


# Mutation round 10 (second half): each test below failed on its mutant.
def test_aliases_may_stand_for_exactly_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Y02 (`>=`): the bound is how many values the aliases may stand for in all: as many is allowed, one more is not."""
    monkeypatch.setattr(yaml_dialect, "MAX_ALIAS_VALUES", 3)
    assert yaml_dialect.parse("a: &a [1, 2]\nb: *a\n") == {"a": [1, 2], "b": [1, 2]}  # the list and its 2 items: 3
    with pytest.raises(yaml.YAMLError, match="3 個を超えます"):
        yaml_dialect.parse("a: &a [1, 2]\nb: *a\nc: *a\n")


def test_two_merges_in_one_mapping_are_not_a_key_written_twice() -> None:
    """Y06 (merge keys counted as keys): a second `<<` loses nothing (both are merged), so it is not refused as a
    duplicate key."""
    doc = yaml_dialect.parse("x: &x {k: 1}\ny: &y {m: 2}\nb:\n  <<: *x\n  <<: *y\n")
    assert doc["b"] == {"k": 1, "m": 2}
