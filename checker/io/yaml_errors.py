"""Why a YAML file a user wrote in Notepad does not read, in Japanese, at the line and column an editor shows.

PyYAML words its problems for those who know YAML's grammar (「did not find expected '-' indicator」); the usual
causes are a few: an indentation one space off, no space after a colon, a tab or a full-width space (what a
Japanese input method types) in the indentation. A full-width space even parses, as part of a key
(「\u3000priority」), and the file then fails its schema far from the cause: it is looked for in the keys too.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from ..yaml_dialect import walk

BACKSLASH_HINT = ("ダブルクォート（\"…\"）の中では \\ が特別な意味を持つため、Windows のパスは \\ を / に書き換えるか、"
                  "シングルクォートで囲んでください（例: 'C:\\調達\\回答.xlsx'）")

_INDENT = "字下げ（行頭の半角の空白の数）が、同じ階層の前の行とそろっていません"
# (a fragment of PyYAML's or libyaml's problem, what it means, whether the context mark is where it is)
_PROBLEMS = (
    ("did not find expected '-' indicator", _INDENT, False),
    ("did not find expected key", _INDENT, False),
    ("expected <block end>", _INDENT, False),
    ("could not find expected ':'", "「:」の後に半角の空白がないか、「:」がありません（例: priority: 高）", True),
    ("mapping values are not allowed", "ここに「: 」は書けません。前の行の「:」の後に半角の空白がない、字下げが前の行より深い、"
                                       "または値に「: 」が含まれている（値を '…' で囲んでください）のいずれかです", False),
    ("did not find expected ',' or ']'", "[ ] が閉じていないか、「,」が抜けています", True),
    ("did not find expected ',' or '}'", "{ } が閉じていないか、「,」が抜けています", True),
    ("unknown escape character", f"ダブルクォートの中の \\ の後に使えない文字があります。{BACKSLASH_HINT}", False),
)
_SPACES = {"\t": "タブ", "\u3000": "全角の空白"}


def yaml_error(path: Path, exc: yaml.MarkedYAMLError, text: str) -> str:
    """Where the YAML goes wrong (line and column, as an editor counts them) and why."""
    lines = text.splitlines()
    # a tab or a full-width space is the cause wherever it stands: on the line, or on the line before (a full-width
    # indentation parses as part of a key, and the next line, indented as meant, fails)
    for mark in (exc.problem_mark, exc.context_mark):
        if mark and mark.line < len(lines):
            before = next((n for n in range(mark.line - 1, -1, -1) if lines[n].strip()), mark.line)
            suspects = (mark.line, before) if _starts_an_entry(lines, before) else (mark.line,)
            if at := next(((n, space) for n in suspects if (space := _odd_indent(lines[n]))), None):
                return _message(path, at[0], lines[at[0]].index(at[1]), _indent_problem(at[1]))
    problem, at_context = _meaning(exc, lines)
    mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
    return _message(path, mark.line if mark else None, mark.column if mark else 0, problem)


def reader_error(path: Path, exc: yaml.reader.ReaderError, text: str) -> str:
    """Where a character YAML refuses anywhere (a control character pasted with a value: most editors show none)
    stands, by line and column, which one it is and that it must go; PyYAML says only its code, in English."""
    # Its first occurrence: both readers stop at the first character they refuse. (exc.position counts characters
    # in PyYAML, bytes of UTF-8 in libyaml.)
    lines = re.split(r"\r\n|\r|\n", text[:text.find(chr(exc.character))])  # as an editor counts them
    kind = "制御文字" if unicodedata.category(chr(exc.character)) == "Cc" else "文字"
    return _message(path, len(lines) - 1, len(lines[-1]),
                    f"YAML に書けない{kind} U+{exc.character:04X} があります（画面には見えないことがあります）。この文字を削除してください")


def _meaning(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, bool]:
    """What PyYAML's problem means (its own words when it is none of the usual ones), and whether the context mark
    rather than the problem mark is where the cause is."""
    problem = exc.problem or exc.context or ""
    if "quoted scalar" in (exc.context or "") and "end of stream" in problem:
        return "引用符（\" または '）が閉じていません", True
    if "cannot start any token" in problem and (mark := exc.problem_mark) and mark.line < len(lines):
        return f"「{lines[mark.line][mark.column:mark.column + 1]}」は値の先頭に書けません。値を '…' で囲んでください", False
    return next(((meaning, at) for fragment, meaning, at in _PROBLEMS if fragment in problem), (problem, False))


def full_width_indent(path: Path, doc: Any, text: str) -> str | None:
    """The message for a key that starts with a full-width space (an indentation typed in Japanese), or None."""
    key = next((k for _, k, _ in walk(doc) if isinstance(k, str) and k[:1] in _SPACES), None)
    if key is None:
        return None
    line = next((n for n, s in enumerate(text.splitlines()) if s.lstrip(" ").startswith(key)), None)
    return _message(path, line, 0 if line is None else text.splitlines()[line].index(key[0]), _indent_problem(key[0]))


def _odd_indent(line: str) -> str | None:
    """A tab or a full-width space among the blanks that start *line*."""
    indent = line[:len(line) - len(line.lstrip(" " + "".join(_SPACES)))]
    return next((c for c in _SPACES if c in indent), None)


# A key or a list item, after any blanks; and the end of a line that opens a block scalar (note: |, text: >-).
_ENTRY = re.compile(r"[ \t\u3000]*(?:-(?:\s|$)|[^\s:#][^:]*:(?:\s|$))")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*\s*(?:#.*)?$")


def _starts_an_entry(lines: list[str], n: int) -> bool:
    """Whether line *n* starts a key or a list item, not a line of a block scalar's text (note: |), where a
    paragraph opened with a full-width space is ordinary text: no line it stands under (less indented) opens one."""
    if not _ENTRY.match(lines[n]):
        return False
    indent = _spaces(lines[n])
    for line in reversed(lines[:n]):
        if line.strip() and (outer := _spaces(line)) < indent:
            if _BLOCK_SCALAR.search(line):
                return False
            indent = outer
    return True


def _spaces(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_problem(space: str) -> str:
    typed = "（日本語入力のまま空白を打つと全角になります）" if space == "\u3000" else ""
    return f"字下げに{_SPACES[space]}があります{typed}。字下げは半角の空白で書いてください"


def _message(path: Path, line: int | None, column: int, problem: str) -> str:
    where = f"{line + 1} 行目 {column + 1} 文字目: " if line is not None else ""
    return f"{path}: YAML として読めません（{where}{problem}）"
