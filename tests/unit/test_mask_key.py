"""The mask key an earlier masked comparison left in the folder: read for its seed and letters, kept when they move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.io import atomic
from checker.report.bid_writers import MaskKey, PreviousKey, keep_previous_key, previous_key, write_mask_key
from checker.schemas import validate
from checker.report.bid_writers import kept_keys

SHA = "f" * 64


def _key(out: Path, stem: str, seed: str, at: str) -> PreviousKey:
    with atomic.output_group():
        write_mask_key(MaskKey(seed, (("A社", "アルファ", (("介護保険", "a.xlsx", SHA),)),)), out, stem, at)
    key = previous_key(out, stem)
    assert key is not None
    return key


def test_an_earlier_key_is_read_with_its_seed_and_files(tmp_path: Path) -> None:
    """The revision review: only the letters were read, so a re-run without --mask-seed took a seed of its own files and
    replaced the only key of the papers the committee had."""
    key = _key(tmp_path, "compare_第1工区", "委員会の種", "2026-12-08T08:12:33+09:00")
    assert (key.labels, key.seed, key.generated_at) == ({"アルファ": "A社"}, "委員会の種", "2026-12-08T08:12:33+09:00")
    assert key.files == ((".json", (tmp_path / "mask_key_第1工区.json").read_bytes()),
                         (".csv", (tmp_path / "mask_key_第1工区.csv").read_bytes()))
    # any seed --mask-seed took is the key's (its schema asked for a hash of the files)
    validate(json.loads(key.files[0][1]), "mask_key", source="mask_key_第1工区.json")
    (tmp_path / "mask_key_第1工区.csv").unlink()
    assert [s for s, _ in (previous_key(tmp_path, "compare_第1工区") or key).files] == [".json"]
    assert previous_key(tmp_path, "compare") is None  # none there


def test_a_key_has_a_seed(tmp_path: Path) -> None:
    """The rerun review: the schema took a key whose seed was "" (--mask-seed "" of an unset variable)."""
    _key(tmp_path, "compare", "1", "2026-12-08T08:12:33+09:00")
    doc = json.loads((tmp_path / "mask_key.json").read_text("utf-8"))
    with pytest.raises(InputError):
        validate({**doc, "seed": ""}, "mask_key", source="mask_key.json")


@pytest.mark.parametrize("edit", [lambda s: s[:len(s) // 2], lambda s: s.replace('"seed": "1"', '"seed": null'),
                                  lambda s: s.replace('"seed": "1"', '"seed": " "'),
                                  lambda s: s.replace('"hyojun-mask-key/1"', '"hyojun-mask-key/9"'),
                                  lambda s: s.replace('"vendor": "アルファ"', '"vendor": 1'),
                                  lambda s: s.replace('"label": "A社"', '"label": null'), lambda s: "[]", lambda s: "\ufffe{"])
def test_a_key_that_cannot_be_used_is_its_files_only(tmp_path: Path, edit) -> None:
    """The rerun review: a truncated key was replaced without a word nor a copy, and one whose seed was null gave the
    seed "None" and letters none of the key's (as they were said to have moved)."""
    _key(tmp_path, "compare", "1", "2026-12-08T08:12:33+09:00")
    path = tmp_path / "mask_key.json"
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    key = previous_key(tmp_path, "compare")
    assert key is not None and (key.seed, key.labels) == (None, {})
    stamp = "20261208T081233" if key.generated_at else "時刻不明"  # its time where it still says it
    assert key.generated_at in ("", "2026-12-08T08:12:33+09:00")
    assert key.files == ((".json", path.read_bytes()), (".csv", (tmp_path / "mask_key.csv").read_bytes()))
    with atomic.output_group():
        kept = keep_previous_key(key, tmp_path / "kept", "compare")
    assert [p.name for p in kept] == [f"mask_key.前回_{stamp}.json", f"mask_key.前回_{stamp}.csv"]


def test_an_earlier_key_is_kept_in_the_runs_output_group(tmp_path: Path) -> None:
    """The rerun review: the copy was written at once, so a run that failed after it left a copy of the key it never
    replaced."""
    first = _key(tmp_path / "r1", "compare", "1", "2026-12-08T08:12:33+09:00")
    with pytest.raises(RuntimeError), atomic.output_group():
        kept = keep_previous_key(first, tmp_path, "compare")
        raise RuntimeError("a later output failed")
    assert not any(p.exists() for p in kept)


def test_an_earlier_key_is_kept_under_its_time_and_never_written_over(tmp_path: Path) -> None:
    first = _key(tmp_path / "r1", "compare", "1", "2026-12-08T08:12:33+09:00")
    with atomic.output_group():
        kept = keep_previous_key(first, tmp_path, "compare")
    assert [p.name for p in kept] == ["mask_key.前回_20261208T081233.json", "mask_key.前回_20261208T081233.csv"]
    assert [p.read_bytes() for p in kept] == [data for _, data in first.files]
    with atomic.output_group():
        assert keep_previous_key(first, tmp_path, "compare") == kept  # kept once: the same bytes are there
    # another key of the same second takes the next name; the kept one stays as it was
    other = _key(tmp_path / "r2", "compare", "2", "2026-12-08T08:12:33+09:00")
    with atomic.output_group():
        again = keep_previous_key(other, tmp_path, "compare")
    assert [p.name for p in again] == ["mask_key.前回_20261208T081233_2.json", "mask_key.前回_20261208T081233_2.csv"]
    assert [p.read_bytes() for p in kept] == [data for _, data in first.files]
    assert [p.read_bytes() for p in again] == [data for _, data in other.files]


# Mutation round 11 (this version's new logic): each test below failed on its mutant.
def test_kept_keys_are_listed_newest_first(tmp_path: Path) -> None:
    for i, (seed, at) in enumerate((("古い", "2026-12-01T08:00:00+09:00"), ("新しい", "2026-12-08T08:00:00+09:00"),
                                    ("中", "2026-12-05T08:00:00+09:00"))):
        key = _key(tmp_path / f"r{i}", "compare", seed, at)
        with atomic.output_group():
            keep_previous_key(key, tmp_path, "compare")
    assert [(p.name, k.seed) for p, k in kept_keys(tmp_path, "compare")] == [
        ("mask_key.前回_20261208T080000.json", "新しい"), ("mask_key.前回_20261205T080000.json", "中"),
        ("mask_key.前回_20261201T080000.json", "古い")]


def test_a_key_without_vendors_cannot_be_used(tmp_path: Path) -> None:
    _key(tmp_path, "compare", "1", "2026-12-08T08:12:33+09:00")
    path = tmp_path / "mask_key.json"
    text = path.read_text("utf-8")
    start = text.index('"vendors": [')
    path.write_text(text[:start] + '"vendors": []}', "utf-8")
    key = previous_key(tmp_path, "compare")
    assert key is not None and (key.seed, key.labels) == (None, {})
