"""Untrusted text in a report or on the console that cannot reorder (or, on the console, break) the text around it.

A right-to-left override in a vendor's name (架空システムズ + U+202E) shows the rest of the line reversed, another
vendor's name included; a Hebrew or Arabic name moves the punctuation and numbers beside it. Such a text is shown
isolated: between FSI and PDI, the plain-text form of <bdi>, which also works in attributes and <title>.
"""

from __future__ import annotations

import re

from .normalize import BIDI_CONTROLS, as_codes

FSI, PDI = "\u2068", "\u2069"
_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI: each is closed by a PDI
# What can set the direction of text: the bidi controls and the letters of the right-to-left scripts.
_SETS_DIRECTION = re.compile(rf"[{BIDI_CONTROLS}\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
                             r"\U00010800-\U00010fff\U0001e800-\U0001efff]")
# A line: bidi closes every isolate at a paragraph separator, which a browser makes of a newline in pre-wrap text.
_LINE = re.compile("[^\n\r\x1c-\x1e\x85\u2029]+")
_ISOLATE_CONTROLS = re.compile(f"[{_OPENERS}{PDI}]")
# What ends a console's line or acts there: the C0 and C1 controls (a line break, an ESC or CSI that starts a command
# of the terminal, a BEL) and the line and paragraph separators
_NOT_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def isolate(text: str) -> str:
    """*text* with each of its lines between FSI and PDI, if it holds anything that sets a direction; else as it is."""
    if not _SETS_DIRECTION.search(text):
        return text
    return _LINE.sub(lambda m: FSI + _balanced(m.group()) + PDI, text)


def inline(text: str) -> str:
    """Untrusted *text* (a vendor's name, a file's) as a console line or a message names it: its controls written as
    codes (as_codes: <U+000A>), so that it stays on the line and commands the terminal nothing, and isolated."""
    return isolate(as_codes(_NOT_IN_A_LINE, text))


def _balanced(line: str) -> str:
    """*line* with its isolates balanced: a PDI of its own would otherwise close the FSI around it (and an override
    after that PDI would reach the text that follows), an isolate left open would take in that text."""
    if not _ISOLATE_CONTROLS.search(line):
        return line
    kept, depth = [], 0
    for ch in line:
        if ch == PDI:
            if not depth:
                continue
            depth -= 1
        elif ch in _OPENERS:
            depth += 1
        kept.append(ch)
    return "".join(kept) + PDI * depth
