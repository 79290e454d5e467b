"""The YAML every hyojun file is read with: YAML 1.2's plain scalars instead of YAML 1.1's.

PyYAML follows YAML 1.1, where an unquoted `yes`, `no`, `on` or `off` is a boolean and `0230122`
an octal number (77906): a vocabulary's `yes: [済]` lost its key and a profile's `id: 0230122`
failed as "77906 is not of type 'string'". Here only true/false are booleans and only numbers
without a leading zero are integers; everything else (dates included) is as PyYAML reads it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import yaml

_BOOL, _INT, _MERGE = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:merge"
_FLOAT, _STR = "tag:yaml.org,2002:float", "tag:yaml.org,2002:str"
# The keys whose plain numbers are read as the text written (as_written), for the file being read now.
_AS_WRITTEN: ContextVar[frozenset[str]] = ContextVar("as_written", default=frozenset())

# libyaml's parser when PyYAML has it (its wheels do): the pure-Python one took 0.2 s of every run
# for areas.yaml, and again in every worker process of `check --jobs`. Tags are resolved in Python
# either way, so the resolvers below apply to both.
_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BASE):  # type: ignore[misc, valid-type]
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A key written twice is an error (YAML 1.2): PyYAML keeps the last, so a second required_options: block
        silently dropped the first's options. Keys a merge (<<) brings in may be overridden, as merges are for."""
        seen: set[str] = set()
        as_written = _AS_WRITTEN.get()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"キー「{key.value}」が 2 回あります。後の方だけが"
                                                            "読まれて前の方が失われるため、1 つにまとめてください", key.start_mark)
                seen.add(key.value)
                if key.value in as_written and isinstance(value, yaml.ScalarNode) and value.tag in (_INT, _FLOAT):
                    value.tag = _STR  # resolved from a plain scalar: its text is what was written
        return super().construct_mapping(node, deep)


Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


class TextDatesLoader(Loader):
    """Dates stay text, for a reader that checks them itself and can name the entry of one that does not exist."""

    yaml_implicit_resolvers = {first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                               for first, resolvers in Loader.yaml_implicit_resolvers.items()}


@contextlib.contextmanager
def as_written(*keys: str) -> Iterator[None]:
    """While reading a file in this block, a number under one of *keys* is the text written: a manifest's
    `answered_version: 1.0` is the version 1.0, not a number that the schema refused (and 1.10 would have been 1.1)."""
    token = _AS_WRITTEN.set(frozenset(keys))
    try:
        yield
    finally:
        _AS_WRITTEN.reset(token)


def parse(text: str, *, dates: bool = True) -> Any:
    """*text* as YAML (raises yaml.YAMLError, or ValueError for a date that does not exist); dates=False keeps
    dates as text."""
    return yaml.load(text, Loader=Loader if dates else TextDatesLoader)  # noqa: S506 - a safe loader
