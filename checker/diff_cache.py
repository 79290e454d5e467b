"""The diff of two spec versions, computed once: kept in memory for the run and its renumbering pairs on disk.

Searching the possible renumberings is the costliest part of a diff: after a version that renumbered and
lightly edited thousands of requirements, about ten seconds (docs/spec-diff.md). `spec diff`, `spec
history` and every `check` or `lint` of an answer to an older version need the same diff again, so its
pairs are kept beside the store (<store>/.diffs/), under the two specs' sha256s and the rules that found
them. A cache that cannot be read or written is no error: the pairs are searched again.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import orjson

from . import paths
from .analysis.specdiff import RENUMBER_RULES, SpecDiff, diff
from .io import atomic
from .errors import OutputError
from .model import Spec

_FORMAT = "hyojun-renumberings"

# The diffs of this run, by their specs' sha256s: every answer sheet of a batch made against the same old
# version shares one (each diff also holds the inline text diffs). A few: a run rarely mixes more pairs.
_diffs: dict[tuple[str, str], SpecDiff] = {}
_MAX_DIFFS = 4


def version_diff(old: Spec, new: Spec, store: Path | None = None) -> SpecDiff:
    """diff(old, new), with the renumbering pairs of an earlier run of the same two contents when kept."""
    if not (old.sha256 and new.sha256):
        return diff(old, new)
    key = (old.sha256, new.sha256)
    if key not in _diffs:
        if len(_diffs) >= _MAX_DIFFS:
            _diffs.clear()
        path = cache_path(old.sha256, new.sha256, store)
        kept = _read(path, key)
        _diffs[key] = diff(old, new, kept)
        if kept != _pairs(_diffs[key]):  # none kept, or pairs that did not fit and were searched again
            _write(path, key, _diffs[key])
    return _diffs[key]


def cache_path(old_sha256: str, new_sha256: str, store: Path | None = None) -> Path:
    # 32 hex digits of each: names short enough for a deep HYOJUN_HOME on Windows (260 characters)
    return (store or paths.spec_store()) / ".diffs" / f"{old_sha256[:32]}-{new_sha256[:32]}.json"


def _read(path: Path, key: tuple[str, str]) -> list[tuple[str, str, float]] | None:
    try:
        doc = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not (isinstance(doc, dict) and doc.get("format") == _FORMAT and doc.get("rules") == list(RENUMBER_RULES)
            and (doc.get("old"), doc.get("new")) == key and isinstance(pairs := doc.get("renumbered"), list)):
        return None
    if not all(isinstance(p, list) and len(p) == 3 and isinstance(p[0], str) and isinstance(p[1], str)
               and isinstance(p[2], float) for p in pairs):
        return None
    return [(a, b, r) for a, b, r in pairs]


def _pairs(d: SpecDiff) -> list[tuple[str, str, float]]:
    return [(r.old.id, r.new.id, r.similarity) for r in d.renumbered]


def _write(path: Path, key: tuple[str, str], d: SpecDiff) -> None:
    doc = {"format": _FORMAT, "rules": list(RENUMBER_RULES), "old": key[0], "new": key[1],
           "renumbered": [list(p) for p in _pairs(d)]}
    # A read-only store only costs the next run the search. No store is made for it: two spec workbooks diffed
    # where nothing was imported leave nothing behind. The write makes .diffs/ itself, and removes it again if it fails.
    if not path.parent.parent.is_dir():
        return
    with contextlib.suppress(OSError, OutputError), atomic.outside_group():  # OutputError: the write's own OSError
        atomic.write_bytes(path, orjson.dumps(doc))
