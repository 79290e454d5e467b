"""The YAML every hyojun file is read with: YAML 1.2's plain scalars instead of YAML 1.1's.

PyYAML follows YAML 1.1, where an unquoted `yes`, `no`, `on` or `off` is a boolean and `0230122`
an octal number (77906): a vocabulary's `yes: [済]` lost its key and a profile's `id: 0230122`
failed as "77906 is not of type 'string'". Here only true/false are booleans and only numbers
without a leading zero are integers; everything else (dates included) is as PyYAML reads it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BOOL, _INT, _MERGE = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:merge"

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
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"キー「{key.value}」が 2 回あります。後の方だけが"
                                                            "読まれて前の方が失われるため、1 つにまとめてください", key.start_mark)
                seen.add(key.value)
        return super().construct_mapping(node, deep)


Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


class TextDatesLoader(Loader):
    """Dates stay text, for a reader that checks them itself and can name the entry of one that does not exist."""

    yaml_implicit_resolvers = {first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                               for first, resolvers in Loader.yaml_implicit_resolvers.items()}


def parse(text: str, *, dates: bool = True) -> Any:
    """*text* as YAML (raises yaml.YAMLError, or ValueError for a date that does not exist); dates=False keeps
    dates as text."""
    return yaml.load(text, Loader=Loader if dates else TextDatesLoader)  # noqa: S506 - a safe loader
