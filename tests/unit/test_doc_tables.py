"""The tables README.md and docs/semantics.md give in words, read back from the markdown and compared with the code
that decides: the default answer marks, the status of each 実装区分 × answer, and the findings' names and levels.
A change to the code or to a document alone fails here."""

from __future__ import annotations

import re

from checker.analysis.gap import STATUS_LABELS, status_for
from checker.model import CODE_LABELS
from checker.normalize import ANSWER_LABELS, ANSWERS, CLASS_LABELS, CLASSES, DEFAULT_ANSWER_WORDS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
SEMANTICS = (ROOT / "docs" / "semantics.md").read_text("utf-8")
ALL_ANSWERS = (*ANSWERS, "blank", "invalid")


def _section(text: str, heading: str) -> str:
    """The lines under *heading* up to the next heading of any level."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    end = re.compile(r"^#{1,6} ", re.MULTILINE).search(text, start)
    return text[start:end.start() if end else len(text)]


def _tables(section: str) -> list[list[list[str]]]:
    """Each markdown table of *section*: its rows (the header first, the |---| line dropped) as lists of cells."""
    tables: list[list[list[str]]] = []
    previous = ""
    for line in section.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            if not re.fullmatch(r"\|(-+\|)+", line):
                tables[-1].append([cell.strip() for cell in line.strip("|").split("|")])
        previous = line
    return tables


def _bare(label: str) -> str:
    """A heading cell without its parenthesis: 未回答（空欄・回答行なし） is 未回答."""
    return re.sub(r"（[^）]*）$", "", label)


LABEL_ANSWER = {label: answer for answer, label in ANSWER_LABELS.items()}
README_SECTION = _section(README, "#### 回答記号と状態")


def test_readme_marks_are_the_default_vocabulary() -> None:
    marks, _ = _tables(README_SECTION)
    assert marks[0] == ["回答区分", "既定の記号・語"]
    read = {LABEL_ANSWER[label]: sorted(words.split()) for label, words in marks[1:]}
    assert read == {cls: sorted(words) for cls, words in DEFAULT_ANSWER_WORDS.items()}
    assert [LABEL_ANSWER[label] for label, _ in marks[1:]] == list(ANSWERS)


def test_readme_status_matrix_is_the_status_function() -> None:
    _, matrix = _tables(README_SECTION)
    answers = [LABEL_ANSWER[_bare(label)] for label in matrix[0][1:]]
    assert answers == list(ALL_ANSWERS)
    rows = {CLASS_LABELS["mandatory"]: ("mandatory", False),
            f"{CLASS_LABELS['optional']}（求める）": ("optional", True),
            f"{CLASS_LABELS['optional']}（求めない）": ("optional", False),
            CLASS_LABELS["prohibited"]: ("prohibited", False)}
    assert [row[0] for row in matrix[1:]] == list(rows)
    for label, *cells in matrix[1:]:
        cls, required = rows[label]
        assert cells == [STATUS_LABELS[status_for(cls, answer, required)] for answer in answers], label


def test_semantics_tables_are_the_code() -> None:
    """semantics.md §2's marks and §3's matrix, in English: the same facts as README's Japanese tables."""
    section = _section(SEMANTICS, "## 2. Normalising text")
    marks = next(t for t in _tables(section) if t[0] == ["answer", "marks and words"])
    classes = {answer: re.sub(r"^`(\w+)`.*", r"\1", answer) for answer, _ in marks[1:]}  # `yes` (implemented …)
    read = {classes[answer]: sorted(words.split()) for answer, words in marks[1:] if classes[answer] in ANSWERS}
    assert read == {cls: sorted(words) for cls, words in DEFAULT_ANSWER_WORDS.items()}
    (matrix,) = _tables(_section(SEMANTICS, "## 3. Status of each spec requirement"))
    assert [_bare(h).split(" /")[0] for h in matrix[0][1:]] == list(ALL_ANSWERS)
    rows = {"mandatory": ("mandatory", False), "optional, required by profile": ("optional", True),
            "optional, not required": ("optional", False), "prohibited": ("prohibited", False)}
    assert [row[0] for row in matrix[1:]] == list(rows) and {cls for cls, _ in rows.values()} == set(CLASSES)
    for label, *cells in matrix[1:]:
        cls, required = rows[label]
        assert cells == [f"`{status_for(cls, answer, required)}`" for answer in ALL_ANSWERS], label


def _levels_in_code() -> dict[str, set[str]]:
    """The level each finding code is raised with, from the LintFinding(level, code, …) calls of the package."""
    levels: dict[str, set[str]] = {}
    for path in (ROOT / "checker").rglob("*.py"):
        for level, code in re.findall(r'LintFinding\(\s*"(error|warning|info)",\s*"([a-z-]+)"', path.read_text("utf-8")):
            levels.setdefault(code, set()).add(level)
    return levels


def test_readme_findings_table_names_every_code_with_its_level() -> None:
    section = _section(README, "### ベンダ回答の検査（lint）")
    (table,) = [t for t in _tables(section) if t[0] == ["指摘", "コード", "レベル"]]
    words = {"エラー": "error", "警告": "warning", "情報": "info"}
    listed = {code.strip("`"): (name, words[level]) for name, code, level in table[1:]}
    assert len(listed) == len(table) - 1 == len(CODE_LABELS)
    assert {code: name for code, (name, _) in listed.items()} == CODE_LABELS
    assert {code: {level} for code, (_, level) in listed.items()} == _levels_in_code()
