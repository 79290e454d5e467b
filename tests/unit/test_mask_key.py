"""The mask key an earlier masked comparison left in the folder: read for its seed and letters, kept when they move."""

from __future__ import annotations

import json
from pathlib import Path

from checker.report.bid_writers import MaskKey, PreviousKey, keep_previous_key, previous_key, write_mask_key
from checker.schemas import validate

SHA = "f" * 64


def _key(out: Path, stem: str, seed: str, at: str) -> PreviousKey:
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
    (tmp_path / "mask_key_第1工区.json").write_text("{", "utf-8")
    assert previous_key(tmp_path, "compare_第1工区") is None and previous_key(tmp_path, "compare") is None


def test_an_earlier_key_is_kept_under_its_time_and_never_written_over(tmp_path: Path) -> None:
    first = _key(tmp_path / "r1", "compare", "1", "2026-12-08T08:12:33+09:00")
    kept = keep_previous_key(first, tmp_path, "compare")
    assert [p.name for p in kept] == ["mask_key.前回_20261208T081233.json", "mask_key.前回_20261208T081233.csv"]
    assert [p.read_bytes() for p in kept] == [data for _, data in first.files]
    assert keep_previous_key(first, tmp_path, "compare") == kept  # kept once: the same bytes are there
    # another key of the same second takes the next name; the kept one stays as it was
    other = _key(tmp_path / "r2", "compare", "2", "2026-12-08T08:12:33+09:00")
    again = keep_previous_key(other, tmp_path, "compare")
    assert [p.name for p in again] == ["mask_key.前回_20261208T081233_2.json", "mask_key.前回_20261208T081233_2.csv"]
    assert [p.read_bytes() for p in kept] == [data for _, data in first.files]
    assert [p.read_bytes() for p in again] == [data for _, data in other.files]
