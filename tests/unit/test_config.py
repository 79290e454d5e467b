"""YAML files users write on Windows: Notepad's encodings, and Windows paths pasted in double quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.io.config import load_profile
from checker.io.yaml_file import load_yaml
from checker.manifest import load_manifest
from checker.normalize import quoted
from tests.conftest import KAIGO_PROFILE
import dataclasses
from checker.io.config import check_profile, load_vocabulary
from checker.model import Profile, RequiredOption, Requirement, Spec

HINT = "Windows のパスは \\ を / に書き換えるか、シングルクォートで囲んでください"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])  # utf-16: LE with a BOM
def test_a_profile_saved_by_notepad_in_any_of_its_encodings_reads_the_same(tmp_path: Path, encoding: str):
    saved = tmp_path / "profile.yaml"
    saved.write_bytes(KAIGO_PROFILE.read_text("utf-8").encode(encoding))
    assert load_profile(saved).required_options == load_profile(KAIGO_PROFILE).required_options


def test_utf16_big_endian_with_a_bom(tmp_path: Path):
    saved = tmp_path / "v.yaml"
    saved.write_bytes(b"\xfe\xff" + "answers: {yes: [済]}\n".encode("utf-16-be"))
    assert load_yaml(saved, "--vocabulary")[0] == {"answers": {"yes": ["済"]}}


def test_a_windows_path_in_double_quotes_names_the_line_and_the_fix(tmp_path: Path):
    m = tmp_path / "m.yaml"
    m.write_text('title: t\nareas:\n  - spec: 介護保険\n    vendors:\n      - {name: A, file: "C:\\調達\\回答.xlsx"}\n', "utf-8")
    with pytest.raises(InputError) as err:
        load_yaml(m, "--manifest")
    assert err.value.message.startswith(f"{m}: YAML として読めません（5 行目 28 文字目: ダブルクォートの中の \\ の後に使えない文字があります")
    assert HINT in err.value.message


def test_a_yaml_error_without_a_backslash_has_its_line_and_no_path_hint(tmp_path: Path):
    bad = tmp_path / "p.yaml"
    bad.write_text("municipality: 見本市\narea: [介護保険\n", "utf-8")
    with pytest.raises(InputError, match=r"p.yaml: YAML として読めません（2 行目 7 文字目: \[ \] が閉じていないか") as err:
        load_yaml(bad, "--profile")
    assert HINT not in err.value.message


INDENT = "字下げ（行頭の半角の空白の数）が、同じ階層の前の行とそろっていません"
NO_SPACE = "「:」の後に半角の空白がないか、「:」がありません"
NOT_HERE = "ここに「: 」は書けません。前の行の「:」の後に半角の空白がない、字下げが前の行より深い"
FULL_WIDTH = "字下げに全角の空白があります（日本語入力のまま空白を打つと全角になります）。字下げは半角の空白で書いてください"


@pytest.mark.parametrize("text, where, said", [
    ('required_options:\n  - id: "0230122"\n   priority: 高\n', "3 行目 4 文字目", INDENT),
    ("answers:\n  yes: [済]\n   no: [否]\n", "3 行目 4 文字目", INDENT),
    ("answers:\n    yes: [済]\n  no: [否]\n", "3 行目 3 文字目", INDENT),
    ("municipality: 見本町\narea:介護保険\nrequired_options: []\n", "2 行目 1 文字目", NO_SPACE),
    ('required_options:\n  - id: "0230122"\n    priority:高\n', "3 行目 5 文字目", NO_SPACE),
    ("municipality:見本町\narea: 介護保険\n", "2 行目 5 文字目", NOT_HERE),
    ("municipality: 見本町: 本庁\n", "1 行目 18 文字目", NOT_HERE),
    ('required_options:\n\t- id: "0230122"\n', "2 行目 1 文字目", "字下げにタブがあります。字下げは半角の空白で書いてください"),
    # a full-width space fails the parse, or parses as part of a key: named either way, where it stands
    ('required_options:\n  - id: "0230122"\n  　- id: "0230123"\n', "3 行目 3 文字目", FULL_WIDTH),
    ('required_options:\n  - id: "0230122"\n    　priority: 高\n', "3 行目 5 文字目", FULL_WIDTH),
    ("municipality: 見本町\n　area: 介護保険\n", "2 行目 1 文字目", FULL_WIDTH),
    ("answers:\n  yes:\n　　- 済\n", "3 行目 1 文字目", FULL_WIDTH),
    # a key after a full-width indentation parses (at the top level): the next line fails, the cause is the one before
    ("areas:\n  - name: 介護保険\n　　ministry: 厚生労働省\n    business_codes: ['023']\n", "3 行目 1 文字目", FULL_WIDTH),
    # text that opens its paragraph with a full-width space (in a note: | or >-, or a quoted value) is no indentation:
    # the error of the next line is said as it is
    ('required_options:\n  - id: "0230122"\n    note: |\n      　住民への通知を行う\n  - id: "0230123": x\n',
     "5 行目 18 文字目", NOT_HERE),
    ('required_options:\n  - id: "0230122"\n    note: >-\n      本文\n\n      　注意: 通知を行う\n  - id: "0230123": x\n',
     "7 行目 18 文字目", NOT_HERE),
    ('required_options:\n  - id: "0230122"\n    note: "通知を\n      　行う"\n  - id: "0230123": x\n', "5 行目 18 文字目", NOT_HERE),
    ('municipality: "見本町\narea: 介護保険\n', "1 行目 15 文字目", "引用符（\" または '）が閉じていません"),
    ("municipality: @見本町\n", "1 行目 15 文字目", "「@」は値の先頭に書けません。値を '…' で囲んでください"),
])
def test_the_usual_yaml_mistakes_are_explained_in_japanese_at_their_line(tmp_path: Path, text: str, where: str, said: str):
    bad = tmp_path / "p.yaml"
    bad.write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        load_yaml(bad, "--profile")
    assert err.value.message.startswith(f"{bad}: YAML として読めません（{where}: {said}"), err.value.message


@pytest.mark.parametrize("text, said", [
    ("# 見本市の方針\r\nmunicipality: 見本市\r\narea: 介護\x07保険\r\n", "3 行目 9 文字目: YAML に書けない制御文字 U+0007 があります"),
    ("municipality: 見本市\narea: 介護保険\ufffe\n", "2 行目 11 文字目: YAML に書けない文字 U+FFFE があります"),
    ("municipality: 見本市\rarea: 介護\x07保険\r", "2 行目 9 文字目: YAML に書けない制御文字 U+0007 があります"),  # CR alone ends lines too
])
def test_a_character_yaml_refuses_is_named_at_its_line_to_be_deleted(tmp_path: Path, text: str, said: str):
    """A control character pasted with a value (no editor shows it) gave PyYAML's English words and no line."""
    bad = tmp_path / "p.yaml"
    bad.write_bytes(text.encode("utf-8"))
    with pytest.raises(InputError) as err:
        load_yaml(bad, "--profile")
    assert err.value.message == f"{bad}: YAML として読めません（{said}（画面には見えないことがあります）。この文字を削除してください）"


def test_a_double_quoted_path_whose_escapes_are_valid_is_refused_too(tmp_path: Path):
    """"D:\\new\\a.xlsx" parses: a line break and a BEL. It must not end as 「ファイルが見つかりません」."""
    m = tmp_path / "m.yaml"
    m.write_text('areas:\n  - spec: 介護保険\n    vendors:\n      - {name: A, file: "D:\\new\\a.xlsx"}\n', "utf-8")
    with pytest.raises(InputError, match=r"areas\[1\] のパス 'D:\\new\\x07.xlsx' に改行などの制御文字があります") as err:
        load_manifest(m, same_vendors=False)
    assert HINT in err.value.message


def test_a_profile_listing_an_id_twice_names_it_and_its_priorities(tmp_path: Path):
    """The last of two priorities won silently, and with it its weight in compare (check and compare load alike)."""
    p = tmp_path / "p.yaml"
    p.write_text('municipality: 見本市\narea: 介護保険\nrequired_options:\n  - {id: "0230105", priority: 高}\n'
                 '  - {id: "0230106"}\n  - {id: "0230105", priority: 低}\n  - {id: "0230106", priority: 中}\n', "utf-8")
    with pytest.raises(InputError) as err:
        load_profile(p)
    assert "p.yaml: 求める標準オプション機能に誤りが 2 件あります" in str(err.value)
    assert err.value.details == ["0230105: 2 回あります（優先度 高・低）。1 つの機能IDは 1 回だけ書いてください",
                                 "0230106: 2 回あります（優先度 中（省略）・中）。1 つの機能IDは 1 回だけ書いてください"]


def test_every_problem_of_a_profile_is_listed_at_once(tmp_path: Path):
    """A duplicated id was reported alone: the unknown, mandatory and prohibited ids came one correction later."""
    from checker.io.spec_reader import read_spec
    from tests.conftest import KAIGO_SPEC

    spec = read_spec([KAIGO_SPEC], warnings=[])
    mandatory = next(r.id for r in spec.requirements if r.cls == "mandatory")
    option = next(r.id for r in spec.requirements if r.cls == "optional")
    p = tmp_path / "p.yaml"
    p.write_text(f'municipality: 見本市\narea: 介護保険\nrequired_options:\n  - {{id: "{option}"}}\n  - {{id: "{option}"}}\n'
                 f'  - {{id: "0239999"}}\n  - {{id: "{mandatory}"}}\n', "utf-8")
    with pytest.raises(InputError, match="誤りが 3 件あります") as err:
        load_profile(p, spec)
    assert [d.split(":")[0].split("（")[0] for d in err.value.details] == [option, "0239999", mandatory]


def test_an_omitted_priority_is_middle(tmp_path: Path):
    p = tmp_path / "p.yaml"
    p.write_text('municipality: 見本市\narea: 介護保険\nrequired_options:\n  - {id: "0230105"}\n', "utf-8")
    assert [o.priority for o in load_profile(p).required_options] == ["中"]


def test_a_profile_id_in_full_width_digits_is_the_id_it_means(tmp_path: Path):
    """「０２３０１０５」 passed the schema (\\d is any digit) and was then 「仕様にない機能ID」; 「0230105」 and it are one id."""
    p = tmp_path / "p.yaml"
    p.write_text('municipality: 見本市\narea: 介護保険\nrequired_options:\n  - {id: "０２３０１０５"}\n', "utf-8")
    assert [o.id for o in load_profile(p).required_options] == ["0230105"]
    p.write_text('municipality: 見本市\narea: 介護保険\nrequired_options:\n  - {id: "０２３０１０５"}\n  - {id: "0230105"}\n', "utf-8")
    with pytest.raises(InputError, match="0230105: 2 回あります"):
        load_profile(p)


@pytest.mark.parametrize("written", ["6.0", '"6.0"', "第6.0版", "6"])
def test_a_profiles_spec_version_as_a_number_is_the_version(tmp_path: Path, written: str):
    """spec_version: 6.0 unquoted was 「6.0」は文字列ではありません, and "6.0" quoted failed a pattern shown as a regex."""
    p = tmp_path / "p.yaml"
    p.write_text(f"municipality: 見本市\narea: 介護保険\nspec_version: {written}\nrequired_options: []\n", "utf-8")
    assert load_profile(p).spec_version == "第6.0版"


def test_a_profiles_spec_version_that_is_no_version_says_how_to_write_one(tmp_path: Path):
    p = tmp_path / "p.yaml"
    p.write_text("municipality: 見本市\narea: 介護保険\nspec_version: R6\nrequired_options: []\n", "utf-8")
    with pytest.raises(InputError) as err:
        load_profile(p)
    assert err.value.message == f"{p}: spec_version「R6」: 版は「第6.0版」または「6.0」の形で書いてください"


def _jumin_profile(folder: Path, ids: list[str], version: str = "第1.0版") -> Path:
    p = folder / "大衡村_住民記録.yaml"
    p.write_text(f"municipality: 大衡村\narea: 住民記録\nspec_version: {version}\nrequired_options:\n"
                 + "".join(f'  - {{id: "{i}"}}\n' for i in ids), "utf-8")
    return p


def test_a_profile_for_the_version_before_says_what_the_checked_one_changed(home, v10, v11):
    """Finding 7 of the joint procurement review: 0010173 and 0010003, options in 第1.0版, are 実装必須 in 第1.1版 and
    stopped the town's whole run with 「標準オプション機能ではありません（実装必須機能）」, as if the town had erred."""
    from dataclasses import replace

    from checker.spec_store import save_spec, with_digest

    removed = "0010069"  # 第1.1版 removed it; made an option of the 第1.0版 stored
    save_spec(with_digest(replace(v10, requirements=tuple(replace(r, cls="optional") if r.id == removed else r
                                                          for r in v10.requirements))))
    p = _jumin_profile(home, ["0010173", "0010094", "0010003", "0010169", removed])
    warnings: list[str] = []
    with pytest.raises(InputError, match="誤りが 2 件あります") as err:
        load_profile(p, v11, warnings)
    # 実装不可 and an id the version removed stay errors, said with the change; what was noted is not dropped (review
    # "chain", finding 5): that the profile is for another version may be why
    dropped = [f"{i}（{n}）は 第1.0版 では標準オプション機能、第1.1版 では実装必須機能です。必須機能として扱うため、"
               "求める標準オプション機能から外しました" for i, n in (("0010173", "申請受理処理"), ("0010003", "外国人住民データの管理"))]
    other = "プロファイルは 第1.0版 に対するものです（仕様書は 第1.1版）。求める標準オプション機能が新しい版でも同じか確かめてください"
    assert err.value.details == ["0010169（登録管理）: 標準オプション機能ではありません（第1.0版 では標準オプション機能、第1.1版 では実装不可機能）",
                                 f"{removed}: 住民記録 第1.1版 にない機能IDです（第1.0版 では標準オプション機能）",
                                 *(f"注意: {n}" for n in (other, *dropped))]
    assert warnings == []
    # one made 実装必須 is checked as such: a warning, and no longer a required option
    p = _jumin_profile(home, ["0010173", "0010094", "0010003"])
    warnings.clear()
    assert [o.id for o in load_profile(p, v11, warnings).required_options] == ["0010094"]
    assert warnings == [f"大衡村_住民記録.yaml: {n}" for n in (other, *dropped)]


def test_a_profile_whose_version_is_not_stored_or_is_the_checked_one_keeps_the_error(home, v10, v11):
    """Nothing tells that the id was an option of the profile's version: the town may have erred."""
    for version, notes in (("第1.0版", ["注意: プロファイルは 第1.0版 に対するものです（仕様書は 第1.1版）。求める標準オプション機能が"
                                      "新しい版でも同じか確かめてください（第1.0版 は取り込まれていないため、誤りが版の変更による"
                                      "ものかは示せません）"]),
                           ("第1.1版", [])):  # 第1.0版 not stored
        with pytest.raises(InputError) as err:
            load_profile(_jumin_profile(home, ["0010173"], version), v11, [])
        assert err.value.details == ["0010173（申請受理処理）: 標準オプション機能ではありません（実装必須機能）", *notes]


def test_a_profile_for_another_version_is_noted_and_its_ids_checked_as_that_version_had_them(home, v10, v11):
    """An id 実装必須 in both versions is the town's error still, not one the new version changed; a profile of a
    version not stored whose ids are all options is noted without a word of errors it has none of."""
    from checker.spec_store import save_spec

    other = "プロファイルは {} に対するものです（仕様書は 第1.1版）。求める標準オプション機能が新しい版でも同じか確かめてください"
    save_spec(v10)
    with pytest.raises(InputError) as err:
        load_profile(_jumin_profile(home, ["0010001", "0010023"]), v11, [])
    assert err.value.details == ["0010001（日本人住民データの管理）: 標準オプション機能ではありません（実装必須機能）",
                                 f"注意: {other.format('第1.0版')}"]
    warnings: list[str] = []
    assert [o.id for o in load_profile(_jumin_profile(home, ["0010023"], "第0.9版"), v11, warnings).required_options] \
        == ["0010023"]
    assert warnings == [f"大衡村_住民記録.yaml: {other.format('第0.9版')}"]


def test_an_option_the_checked_version_renumbered_is_named_as_check_names_it(home, v11):
    """Review "chain", finding 5: 「住民記録 第2.1版 にない機能IDです（第1.1版 では標準オプション機能）」 only, where the
    diff pairs the option with a new id, and check says 「番号変更の可能性: …」 of an answer to it."""
    from dataclasses import replace

    from checker.spec_store import save_spec, with_digest

    save_spec(v11)
    v20 = with_digest(replace(v11, version="第2.0版", requirements=tuple(
        replace(r, id="0010299") if r.id == "0010170" else r for r in v11.requirements)))
    with pytest.raises(InputError) as err:
        load_profile(_jumin_profile(home, ["0010170"], "第1.1版"), v20, [])
    assert err.value.details[0] == "0010170: 住民記録 第2.0版 にない機能IDです（第1.1版 では標準オプション機能。番号変更の可能性: 0010299）"


def test_a_profiles_municipality_is_shown_as_written_and_must_be_a_name(tmp_path: Path):
    """Reports show the name as written (check --record compares it as the progress data's names: tests/cli)."""
    assert load_profile(KAIGO_PROFILE).municipality == "見本市（架空）"
    p = tmp_path / "p.yaml"
    p.write_text('municipality: "　"\narea: 介護保険\nrequired_options: []\n', "utf-8")
    with pytest.raises(InputError, match="municipality: 団体名を書いてください"):
        load_profile(p)


def test_a_profiles_prefecture_is_one_of_the_47(tmp_path: Path):
    p = tmp_path / "p.yaml"
    p.write_text('municipality: 美里町\nprefecture: " 宮城県　"\narea: 介護保険\nrequired_options: []\n', "utf-8")
    assert (load_profile(p).prefecture, load_profile(KAIGO_PROFILE).prefecture) == ("宮城県", None)
    p.write_text("municipality: 美里町\nprefecture: 宮城\narea: 介護保険\nrequired_options: []\n", "utf-8")
    with pytest.raises(InputError, match="prefecture: 都道府県「宮城」は47都道府県の名前ではありません（宮城県 のことですか）"):
        load_profile(p)


@pytest.mark.parametrize("written, town", [("松島町\\u202e", "松島町\u202e"), ("松島\\t町", "松島\t町"), ("松\\x7f島町", "松\x7f島町"),
                                          ("松\\0島町", "松\x00島町"), ("松島\\x1f町", "松島\x1f町")])
def test_a_town_with_a_control_character_is_refused(tmp_path: Path, written: str, town: str):
    """A town's RLO or tab became _ in its folder's name (two towns' outputs in one folder) and reordered the
    console's line: refused as a path's control characters are, shown as codes."""
    m = tmp_path / "m.yaml"
    m.write_text(f'areas:\n  - spec: 介護保険\n    town: "{written}"\n    out: 介護\n    vendors:\n      - {{name: A, file: a.xlsx}}\n',
                 "utf-8")
    with pytest.raises(InputError) as err:
        load_manifest(m, same_vendors=False)
    assert err.value.message == (f"{m}: areas[1] の town「{quoted(town)}」に制御文字（改行や、文字の向きを変える U+202E など）が"
                                 "あります。団体の名前だけを書いてください")
    assert "<U+" in quoted(town)


# Mutation round 10 (second half): each test below failed on its mutant.
def test_a_vocabulary_without_mode_extends_the_default_marks(tmp_path: Path) -> None:
    """C19 (mode's default "replace"): the schema and README give `extend` as the default; a vocabulary that only adds
    済 must still read ○ and ×."""
    v = tmp_path / "記号.yaml"
    v.write_text("answers:\n  yes: [済]\n", encoding="utf-8")
    vocab = load_vocabulary(v)
    assert [vocab.classify(m) for m in ("済", "○", "×")] == ["yes", "yes", "no"]


def _class_req(rid: str, cls: str) -> Requirement:
    return Requirement(id=rid, kind="function", cls=cls, section=(), number="1.1", name="名称", text="本文",  # type: ignore[arg-type]
                       note="", source="機能要件!C2")


def test_a_profile_for_the_same_version_written_otherwise_has_no_note() -> None:
    """C12 (versions compared as strings): 第6.00版 (the spec JSON's pattern ^第\\d+\\.\\d+版$ allows it) is 第6.0版."""
    spec = Spec("介護保険", "第6.00版", (_class_req("0230001", "optional"),), ())
    profile = Profile("町", "介護保険", "第6.0版", (RequiredOption("0230001"),))
    assert check_profile(profile, spec) == (profile, [], [])
    # and another version is still said to be one
    _, problems, notes = check_profile(dataclasses.replace(profile, spec_version="第5.0版"), spec)
    assert problems == [] and len(notes) == 1 and notes[0].startswith("プロファイルは 第5.0版 に対するものです")
