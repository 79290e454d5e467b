"""Schema errors as a user who edits YAML reads them: Japanese, with the path of the value."""

import pytest

from checker.errors import InputError
from checker.schemas import validate


def _details(doc: object, name: str) -> list[str]:
    with pytest.raises(InputError, match=f"x.yaml: 形式が正しくありません（{name} スキーマ）") as err:
        validate(doc, name, source="x.yaml")
    return err.value.details


def test_profile_errors_in_japanese():
    assert _details({"municipality": "見本町", "area": "介護保険", "required_options": [{"id": "0230101", "priority": "最高"}],
                     "extra": 1}, "profile") == [
        "(最上位): 使えないキー「extra」があります（書き間違いでないか確かめてください）",
        "required_options/0/priority: 「最高」は使えません（使える値: 「高」「中」「低」）"]
    assert _details({"municipality": "見本町"}, "profile") == ["(最上位): 必要なキー「area」「required_options」がありません"]


def test_scoring_errors_in_japanese():
    details = _details({"points": {"mandatory": {"conformant": "x"}}, "priority_weights": {"高": -1}}, "scoring")
    assert details == ["points/mandatory/conformant: 「x」は数ではありません",
                       "priority_weights/高: 「-1」は 0 以上である必要があります"]
    assert not [d for d in details if any(w in d for w in ("is not", "required property", "Additional"))]
