"""JSON Schemas shipped as package data, and one validator that names the failing path."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ..errors import InputError


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8"))


def validate(instance: Any, name: str, *, source: str) -> None:
    """Validate *instance* against schema *name*; every error is listed with its path."""
    validator = jsonschema.Draft202012Validator(load_schema(name))
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        details = [f"{'/'.join(map(str, e.absolute_path)) or '(最上位)'}: {e.message}" for e in errors]
        raise InputError(f"{source}: 形式が正しくありません（{name} スキーマ）", details=details)
