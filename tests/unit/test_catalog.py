import os

import pytest

from checker.catalog import load_catalog
from checker.errors import InputError


def test_twenty_areas_with_codes_and_aliases():
    cat = load_catalog()
    assert len(cat.areas) == 20
    assert len({a.business_codes[0] for a in cat.areas}) == 20
    assert cat.resolve("住民基本台帳").name == "住民記録"
    assert cat.resolve("戸籍の附票").name == "戸籍附票"
    assert cat.resolve("軽自動車税（種別割）").name == "軽自動車税"
    assert cat.resolve(" 介護保険 ").name == "介護保険"
    assert {a.name for a in cat.areas if a.prefecture_runs} == {"児童扶養手当", "生活保護"}


def test_unknown_area_lists_known_names():
    with pytest.raises(InputError, match="介護保険"):
        load_catalog().resolve("介護")


def test_detection_helpers():
    cat = load_catalog()
    assert cat.by_id_prefix(["0230101", "0230102", "0010001"]).name == "介護保険"
    assert cat.by_id_prefix(["9990001"]) is None
    assert cat.in_text("戸籍の附票システム標準仕様書").name == "戸籍附票"  # longest alias wins over 戸籍
    # the first in the text (catalog order put 住民記録 first)
    assert cat.in_text("介護保険システム標準仕様書（住民記録システムとの連携）").name == "介護保険"
    assert cat.in_text("住民記録システム標準仕様書（介護保険システムとの連携）").name == "住民記録"
    # the area named first, though a longer name follows (後期高齢者医療 was taken for the longer)
    assert cat.in_text("国民健康保険システム標準仕様書【第8.0版】 機能要件（後期高齢者医療制度との連携を含む）").name == "国民健康保険"
    assert cat.in_text("住民記録システム標準仕様書（選挙人名簿への連携を含む）").name == "住民記録"


def test_the_catalog_ships_with_the_package_and_a_home_may_override_it(home):
    """A new HYOJUN_HOME (an empty folder) works at once; its own specs/areas.yaml, when there is one, wins
    (a catalog edited for a version published after this release)."""
    from checker.catalog import _BUNDLED, catalog_path

    assert not (home / "specs").exists() and catalog_path() == _BUNDLED
    assert load_catalog().resolve("住民記録").latest_version == "第6.1版"
    local = home / "specs" / "areas.yaml"
    local.parent.mkdir()
    local.write_text(_BUNDLED.read_text("utf-8").replace("latest_version: 第6.1版", "latest_version: 第6.2版", 1), "utf-8")
    assert catalog_path() == local and load_catalog().resolve("住民記録").latest_version == "第6.2版"


def test_an_edit_of_the_catalog_is_seen_by_the_same_process(home):
    """The catalog was read once per path for the life of the process: a notebook kept the first version."""
    from checker.catalog import _BUNDLED

    local = home / "specs" / "areas.yaml"
    local.parent.mkdir()
    local.write_text(_BUNDLED.read_text("utf-8"), "utf-8")
    with pytest.raises(InputError, match="業務「介護」は標準化対象事務にありません"):
        load_catalog().resolve("介護")
    text = local.read_text("utf-8")
    assert "aliases: [介護保険事務]" in text
    local.write_text(text.replace("aliases: [介護保険事務]", "aliases: [介護保険事務, 介護]", 1), "utf-8")
    assert load_catalog().resolve("介護").name == "介護保険"


def test_an_unknown_area_says_where_it_was_written(tmp_path):
    from checker.compare_run import load_scoring
    from checker.io.deadlines import load_deadlines

    scoring = tmp_path / "s.yaml"
    scoring.write_text("area_weights:\n  謎の業務: 2\n", "utf-8")
    with pytest.raises(InputError, match=rf"^{scoring}: area_weights/謎の業務: 業務「謎の業務」は標準化対象事務にありません"):
        load_scoring(scoring)
    deadlines = tmp_path / "d.yaml"
    deadlines.write_text("schema_version: 1\nareas:\n  謎の業務: 2027-03-31\n", "utf-8")
    with pytest.raises(InputError, match=rf"^{deadlines}: 3 行目: areas/謎の業務: 業務「謎の業務」"):
        load_deadlines(deadlines)


def _edited(tmp_path, old: str, new: str):
    """The bundled catalog with *old* replaced by *new* once, as a user edits a copy in the home's specs/."""
    from checker.catalog import _BUNDLED

    text = _BUNDLED.read_text("utf-8")
    assert old in text
    path = tmp_path / "areas.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_an_edit_of_the_same_size_is_seen_by_its_time(tmp_path):
    """One character for another keeps the file's size: its modification time tells the versions apart."""
    path = _edited(tmp_path, "aliases: [介護保険事務]", "aliases: [介護保険事い]")
    assert load_catalog(path).resolve("介護保険事い").name == "介護保険"
    stat = path.stat()
    path.write_text(path.read_text("utf-8").replace("aliases: [介護保険事い]", "aliases: [介護保険事あ]", 1), "utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_catalog(path).resolve("介護保険事あ").name == "介護保険"


def test_an_edit_within_the_same_time_is_seen_by_its_size(tmp_path):
    """A coarse file system clock (FAT's 2 s) gives an edit within the same tick the same time: the size still tells
    the versions apart."""
    path = _edited(tmp_path, "aliases: [介護保険事務]", "aliases: [介護保険事務, 介護]")
    assert load_catalog(path).resolve("介護").name == "介護保険"
    stat = path.stat()
    path.write_text(path.read_text("utf-8").replace("[介護保険事務, 介護]", "[介護保険事務, 介護, 介護保険業務]", 1), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_catalog(path).resolve("介護保険業務").name == "介護保険"


def test_a_missing_catalog_is_said_in_japanese(tmp_path):
    """Not the FileNotFoundError of the stat the cache is keyed by."""
    with pytest.raises(InputError, match=rf"^{tmp_path / 'ない.yaml'}: ファイルが見つかりません"):
        load_catalog(tmp_path / "ない.yaml")


@pytest.mark.parametrize("old, new, said", [
    # the alias went to the later area without a word: 住基 meant 印鑑登録
    ("aliases: [印鑑登録事務]", "aliases: [印鑑登録事務, 住基]", ["「住基」: 住民記録 と 印鑑登録"]),
    ("aliases: [印鑑登録事務]", "aliases: [印鑑登録事務, 住民 記録]", ["「住民記録」: 住民記録 と 印鑑登録"]),
    ('business_codes: ["003"', 'business_codes: ["001"', ["業務コード 001: 住民記録 と 戸籍"]),
])
def test_a_name_or_primary_code_claimed_by_two_areas_is_refused_naming_both(tmp_path, old, new, said):
    path = _edited(tmp_path, old, new)
    with pytest.raises(InputError, match=rf"^{path}: 同じ名前（業務名・別名）か業務コードが 2 つの業務にあります") as err:
        load_catalog(path)
    assert err.value.details == said


@pytest.mark.parametrize("old, new, said", [
    ("latest_version: 第6.1版", "latest_version: 2026-02-30", "存在しない日付があります"),  # was a ValueError traceback
    ("    ministry: 総務省", "　　ministry: 総務省", "YAML として読めません（9 行目 1 文字目: 字下げに全角の空白があります"),
    ("latest_version: 第6.1版", "latest_version: 第6.1版: 改", "YAML として読めません（13 行目 26 文字目: ここに「: 」は書けません"),
])
def test_a_catalog_edited_wrongly_is_said_in_japanese_at_its_line(tmp_path, old, new, said):
    path = _edited(tmp_path, old, new)
    with pytest.raises(InputError, match=rf"^{path}: {said}"):
        load_catalog(path)


def test_a_catalog_value_of_the_wrong_form_is_named_at_its_line(tmp_path):
    path = _edited(tmp_path, "prefecture_runs: false", "prefecture_runs: いいえ")
    line = path.read_text("utf-8").splitlines().index("    prefecture_runs: いいえ") + 1
    with pytest.raises(InputError, match=rf"^{path}: 形式が正しくありません（areas スキーマ）") as err:
        load_catalog(path)
    assert [d.split(":")[0] for d in err.value.details] == [f"{line} 行目"]


def test_a_workbook_saved_as_the_catalog_says_what_the_catalog_is(tmp_path):
    path = tmp_path / "areas.yaml"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    with pytest.raises(InputError, match=rf"^{path}: Excel ブックです。業務カタログは YAML ファイルです（パッケージの checker/data/areas.yaml"):
        load_catalog(path)


def test_code_owners_leave_the_shared_codes_to_no_area():
    owners = load_catalog().code_owners
    assert owners["023"] == "介護保険" and owners["005"] == "選挙人名簿管理" and owners["018"] == "就学"
    assert not {"014", "015", "016"} & owners.keys()  # the tax areas' common functions


def test_whose_code_names_an_area_the_areas_sharing_it_or_none():
    cat = load_catalog()
    assert [cat.whose_code(c) for c in ("023", "005", "016", "999")] == [
        "介護保険", "選挙人名簿管理", "個人住民税・法人住民税・固定資産税・軽自動車税 の共通機能", ""]


def test_codes_of_an_area_are_the_catalog_s_then_those_of_its_spec_s_ids():
    cat = load_catalog()
    assert cat.codes_of("個人住民税") == ("010", "014", "015", "016")
    assert cat.codes_of("介護保険", ["0230101", "0290101", "0290102"]) == ("023", "029")  # 029: newer than the catalog
