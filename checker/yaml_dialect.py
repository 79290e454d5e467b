"""The YAML every hyojun file is read with: YAML 1.2's plain scalars instead of YAML 1.1's.

PyYAML follows YAML 1.1, where an unquoted `yes`, `no`, `on` or `off` is a boolean and `0230122`
an octal number (77906): a vocabulary's `yes: [済]` lost its key and a profile's `id: 0230122`
failed as "77906 is not of type 'string'". Here only true/false are booleans and only numbers
without a leading zero are integers; everything else (dates included) is as PyYAML reads it.

Aliases (*name) are bounded: each stands for a copy of what its anchor (&name) names, so nine lines of nested
aliases stand for a billion values (as XML's billion laughs), which every check of the document then walks.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BOOL, _INT, _MERGE = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:merge"
_FLOAT, _STR = "tag:yaml.org,2002:float", "tag:yaml.org,2002:str"
# The keys whose plain numbers are read as the text written (as_written), for the file being read now.
_AS_WRITTEN: ContextVar[frozenset[str]] = ContextVar("as_written", default=frozenset())

# How many values the aliases of one document may stand for in all (a merge's `<<: *name` included): far more than
# a profile or a manifest shares, far less than the seconds a bomb's copies cost every check that walks them.
MAX_ALIAS_VALUES = 100_000

# libyaml's parser when PyYAML has it (its wheels do): the pure-Python one took 0.2 s of every run
# for areas.yaml, and again in every worker process of `check --jobs`. Tags are resolved in Python
# either way, so the resolvers below apply to both.
_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(Composer, _BASE):  # type: ignore[misc]
    """PyYAML's composer (in Python) over libyaml's events: libyaml's own composer recurses in C and crashes the
    process on a document nested 100,000 deep (a 200 KB file); this one raises RecursionError."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        _BASE.__init__(self, stream)  # type: ignore[misc]  # libyaml's or PyYAML's, whichever is there
        Composer.__init__(self)
        self.sizes: dict[int, int] = {}  # id(node) → how many values it stands for, aliases in it expanded
        self.aliased = 0  # how many values the aliases so far stand for

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            alias = self.peek_event()
            if (target := self.anchors.get(alias.anchor)) is not None:  # an undefined one: Composer says so
                if id(target) not in self.sizes:  # still being composed: the alias stands inside what it names
                    raise ComposerError(None, None, f"エイリアス「*{alias.anchor}」が、それ自身を含む「&{alias.anchor}」を"
                                        "指しています（終わりのない入れ子になります）", alias.start_mark)
                self.aliased += self.sizes[id(target)]
                if self.aliased > MAX_ALIAS_VALUES:
                    raise ComposerError(None, None, f"エイリアス（*名前）の指す値が合計 {MAX_ALIAS_VALUES:,} 個を超えます。"
                                        "エイリアスを使わずに書いてください", alias.start_mark)
            return super().compose_node(parent, index)
        node = super().compose_node(parent, index)
        children = (node.value if isinstance(node, SequenceNode) else
                    [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else [])
        self.sizes[id(node)] = 1 + sum(self.sizes[id(c)] for c in children)
        return node

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
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


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


@dataclass(frozen=True)
class Marks:
    """Where the values of a parsed document were written, for a message about one of them: 「17 番目」 of a list
    meant counting entries by hand."""

    root: Node | None

    def line(self, path: Sequence[Any]) -> int | None:
        """The line (from 1) of the value at *path* (keys and list indexes, as `walk` gives them): of its key in a
        mapping (the value may start on the next line), of the item in a list; None for the document itself and for
        a path not written as such (a key a merge brought in)."""
        node, line = self.root, None
        for part in path:
            if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line
            elif isinstance(node, MappingNode) and (found := next(
                    ((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)), None)):
                line, node = found[0].start_mark.line, found[1]
            else:
                return None
        return None if line is None else line + 1


def at_line(line: int | None) -> str:
    """「12 行目: 」 before what a message says of a value of the file, when its line is known."""
    return f"{line} 行目: " if line else ""


def parse_marked(text: str, *, dates: bool = True) -> tuple[Any, Marks]:
    """`parse`, with where each value was written."""
    loader = (Loader if dates else TextDatesLoader)(text)
    try:  # yaml.load's steps, keeping the composed nodes (their marks) beside the document built from them
        node = loader.get_single_node()
        return (None if node is None else loader.construct_document(node)), Marks(node)
    finally:
        loader.dispose()


def parse(text: str, *, dates: bool = True) -> Any:
    """*text* as YAML (raises yaml.YAMLError, ValueError for a date that does not exist, or RecursionError for a
    document nested hundreds deep); dates=False keeps dates as text."""
    return parse_marked(text, dates=dates)[0]


def walk(doc: Any) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """(path, key, value) of a parsed document and of every entry in it, depth first in document order: the path as
    the keys and list indexes to it, ("required_options", 0, "priority") (() and key None for the document itself).
    Iterative, and the entries of each list or dict once: a deep document does not exhaust the stack, and one shared
    through many aliases is not walked again for each of them."""
    seen: set[int] = set()
    stack: list[tuple[tuple[Any, ...], Any, Any]] = [((), None, doc)]
    while stack:
        where, key, value = stack.pop()
        yield where, key, value
        if isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend(reversed([((*where, k), k, v) for k, v in items]))
