"""JSON Schemas shipped as package data, and one validator that names the failing path."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ..errors import InputError
from ..yaml_dialect import Marks, at_line


@cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8"))
    return schema


def validate(instance: Any, name: str, *, source: str, marks: Marks | None = None) -> None:
    """Validate *instance* against schema *name*; every error is listed with its path, and with *marks* (where the
    YAML file's values were written: yaml_file.load_marked_yaml) its line first, in the order of the file."""
    if errors := schema_errors(instance, name):
        lines = [marks.line(error_path(e)) if marks else None for e in errors]
        said = sorted(((line or 0, f"{at_line(line)}{key_path(e.absolute_path) or '(最上位)'}: {in_japanese(e)}")
                       for line, e in zip(lines, errors)), key=lambda s: s[0])
        # one line per path and message: jsonschema reports each missing required key apart
        raise InputError(f"{source}: 形式が正しくありません（{name} スキーマ）", details=list(dict.fromkeys(s for _, s in said)))


def schema_errors(instance: Any, name: str) -> list[jsonschema.ValidationError]:
    """Where *instance* breaks schema *name*, in the order of the paths: for a reader that words them itself."""
    validator = jsonschema.Draft202012Validator(load_schema(name))
    return sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))


def error_path(e: jsonschema.ValidationError) -> tuple[str | int, ...]:
    """The keys and list indexes to the value *e* is about: for a key not allowed, the first such key's own."""
    return (*e.absolute_path, *_extra_keys(e)[:1])


def _extra_keys(e: jsonschema.ValidationError) -> list[str]:
    """The keys an additionalProperties error is about (none for another error)."""
    if e.validator != "additionalProperties" or not isinstance(e.instance, dict):
        return []
    return [k for k in e.instance if k not in e.schema.get("properties", {})]


def key_path(parts: Iterable[str | int]) -> str:
    """knockouts[1]/more_than: items counted from 1, as a user counts the entries of a YAML list (and as the
    manifest's own messages name areas[2])."""
    shown = ""
    for p in parts:
        shown += f"[{p + 1}]" if isinstance(p, int) else (f"/{p}" if shown else str(p))
    return shown


_TYPES = {"number": "数", "integer": "整数", "string": "文字列", "object": "キーと値の組", "array": "リスト",
          "boolean": "true / false", "null": "空（null）"}


def _shown(value: Any) -> str:
    return f"「{value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)[:80]}」"


def _types(form: Any) -> list[str]:
    """The types the schema *form* asks for; none when it does not say."""
    kinds = form.get("type") if isinstance(form, dict) else None
    return [] if kinds is None else kinds if isinstance(kinds, list) else [kinds]


def _of_type(form: Any, value: Any) -> bool:
    """Whether *value* is of a type the schema *form* asks for (any, when it asks for none)."""
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER
    return not _types(form) or any(checker.is_type(value, k) for k in _types(form))


def _not_of_types(types: list[str], value: Any) -> str:
    kinds = "または".join(_TYPES.get(t, str(t)) for t in types)
    if value is None:  # `key:` with nothing after it: not 「null」はリストではありません
        empty = "。空のリストなら [] と書きます" if "array" in types else ""
        return f"値がありません（{kinds}を書いてください{empty}）"
    return f"{_shown(value)}は{kinds}ではありません"


def in_japanese(e: jsonschema.ValidationError) -> str:
    """The error as a user who edits YAML reads it; jsonschema's English message for forms not listed here.

    A value of several forms (oneOf) may carry `x-hint-ja`: what to write there, said after the error."""
    v, want, value = e.validator, e.validator_value, e.instance
    if v == "type":
        return _not_of_types(_types(e.schema), value)
    if extra := _extra_keys(e):
        return f"使えないキー{''.join(map(_shown, extra))}があります（書き間違いでないか確かめてください）"
    if v == "required" and isinstance(value, dict):
        return f"必要なキー{''.join(_shown(k) for k in want if k not in value)}がありません"
    if v in ("enum", "const"):
        allowed = want if v == "enum" else [want]
        return f"{_shown(value)}は使えません（使える値: {''.join(map(_shown, allowed))}）"
    limits = {"minimum": "以上", "maximum": "以下", "exclusiveMinimum": "より大きい数", "exclusiveMaximum": "より小さい数"}
    if v in limits:
        return f"{_shown(value)}は {want} {limits[v]}である必要があります"
    if v == "minItems":
        return f"リストが空です（{want} 個以上の要素が必要です）" if value == [] else f"{want} 個以上の要素が必要です"
    if v == "maxItems" and isinstance(value, list):
        return f"{len(value)} 個ありますが、{want} 個までです"
    if v == "minLength":
        return "空にはできません" if want == 1 else f"{want} 文字以上が必要です"
    if v == "minProperties":
        return f"{want} 個以上のキーが必要です"
    if v == "pattern":
        return f"{_shown(value)}は決められた形式（{want}）に合いません"
    if v == "format" and want == "date":
        return f"{_shown(value)}は日付（YYYY-MM-DD）ではありません"
    if v == "not" and list(want) == ["required"]:  # keys of two forms that exclude each other
        return f"{'と'.join(map(_shown, want['required']))}は一緒に書けません（別々の項目に分けてください）"
    if v == "uniqueItems" and isinstance(value, list):  # the value written twice, not only that one is
        shown = [json.dumps(item, ensure_ascii=False, sort_keys=True, default=str) for item in value]
        twice = [(item, n) for item, n in Counter(shown).items() if n > 1]
        return "同じ値が重複しています（" + "、".join(
            f"{_shown(json.loads(item))}が {n} 回あります" for item, n in twice) + "）"
    if v == "anyOf" and isinstance(value, dict) and all(list(form) == ["required"] for form in want):
        # one key of several (a deadline entry's deadline or areas): not the first alone, as if it were the only one
        keys = [k for form in want for k in form["required"]]
        return f"キー{'か'.join(map(_shown, keys))}の{'どちら' if len(keys) == 2 else 'いずれ'}かが必要です"
    if v in ("oneOf", "anyOf") and e.context:  # the form it came nearest to, and what is wrong with it
        # a form of the value's own type: spec: [] is an empty list, not 「[]」は文字列ではありません
        fitting = [c for c in e.context if _of_type(want[c.relative_schema_path[0]], value)]
        types = [t for form in want for t in _types(form)]
        if not fitting and len(types) == len(want):  # of none of the forms' types: name them all (文字列またはリスト)
            said = _not_of_types(list(dict.fromkeys(types)), value)
        else:
            near = jsonschema.exceptions.best_match(fitting or e.context)
            said = f"{key_path(near.relative_path)}: {in_japanese(near)}" if near.relative_path else in_japanese(near)
        return f"{said}。{e.schema['x-hint-ja']}" if "x-hint-ja" in e.schema else said
    return f"値が条件に合いません（{e.message}）"
