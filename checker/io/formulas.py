"""Text a spreadsheet could take for a formula: the CSV export prefixes it, the XLSX writer marks it (security.md)."""

from __future__ import annotations

# What starts a formula, and every character NFKC turns into one: Japanese Excel takes a typed ＝ for =, and the
# project reads ＝ and = alike (semantics.md §2), so the same text is neutralised whichever width it was written in.
# Callers test a text's first character against it before calling looks_like_formula: a cheap test for every text.
FORMULA_START = frozenset("=+-@\t\r" "＝＋－＠" "﹦﹢﹣﹫" "⁼₌⩵⩶⁺₊﬩")
LONE_DASHES = frozenset("-－﹣")  # the 対象外 mark as written: no formula, and stays readable


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take *text* for a formula."""
    return text[:1] in FORMULA_START and text not in LONE_DASHES


def formula_rule() -> dict[str, str]:
    """The rule of looks_like_formula for an HTML report's own CSV export (static/report.js), which gets it with
    the rows: the characters that start a formula, and the lone characters that are none."""
    return {"start": "".join(sorted(FORMULA_START)), "lone": "".join(sorted(LONE_DASHES))}
