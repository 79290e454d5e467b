"""diff_cache: the renumbering pairs of a diff are searched once per pair of spec contents and kept beside the store."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import orjson
import pytest

from checker import diff_cache
from checker.analysis import specdiff
from checker.diff_cache import cache_path, version_diff
from checker.model import Requirement, Spec
from checker.spec_store import with_digest

LONG = "住民基本台帳法に基づき、転入届の受付時に転入前住所地の市区町村から送付された転出証明書情報を照会し、画面に表示できること。"
OTHER = "転出の届出を受け付け、転出証明書を交付できること。あわせて転出予定者の一覧を出力できること。"


def _req(rid: str, text: str, kind: str = "function") -> Requirement:
    return Requirement(id=rid, kind=kind, cls="mandatory", section=(), number="1.1.1", name="名称", text=text,  # type: ignore[arg-type]
                       note="", source="機能要件!C1")


def _specs() -> tuple[Spec, Spec]:
    old = Spec("住民記録", "第1.0版", (_req("0010001", LONG), _req("0010002", OTHER)), ())
    new = Spec("住民記録", "第1.1版", (_req("0010301", OTHER + "。"), _req("0010302", LONG.replace("画面に", "一覧画面に"))), ())
    return with_digest(old), with_digest(new)


@pytest.fixture(autouse=True)
def _fresh_run() -> None:
    diff_cache._diffs.clear()  # each test is a new run: only the disk may remember


def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> list[specdiff.Renumbering]:
        raise AssertionError("the renumberings were searched again")
    monkeypatch.setattr(specdiff, "_renumberings", refuse)


def _pairs(d: specdiff.SpecDiff) -> list[tuple[str, str, float]]:
    return [(r.old.id, r.new.id, r.similarity) for r in d.renumbered]


def test_pairs_found_once_are_read_back_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _specs()
    first = version_diff(old, new, tmp_path)
    assert [(a, b) for a, b, _ in _pairs(first)] == [("0010002", "0010301"), ("0010001", "0010302")]
    kept = orjson.loads(cache_path(old.sha256, new.sha256, tmp_path).read_bytes())
    assert kept["renumbered"] == [list(p) for p in _pairs(first)]
    diff_cache._diffs.clear()
    _no_search(monkeypatch)
    again = version_diff(old, new, tmp_path)
    assert again == first


def test_a_spec_replaced_by_other_content_is_searched_again(tmp_path: Path) -> None:
    old, new = _specs()
    version_diff(old, new, tmp_path)
    diff_cache._diffs.clear()
    renumbered_back = with_digest(Spec(new.area, new.version, (new.requirements[0], _req("0010302", LONG)), ()))
    assert [(a, b, r) for a, b, r in _pairs(version_diff(old, renumbered_back, tmp_path))][-1] == ("0010001", "0010302", 1.0)


@pytest.mark.parametrize("content", [
    b"not json",
    b'{"format": "hyojun-renumberings"}',
    b'[1, 2]',
    # pairs that do not fit these specs: an id not removed, a similarity not a number or below the threshold
    b'{"format": "hyojun-renumberings", "rules": RULES, "old": "OLD", "new": "NEW", "renumbered": [["0010009", "0010301", 1.0]]}',
    b'{"format": "hyojun-renumberings", "rules": RULES, "old": "OLD", "new": "NEW", "renumbered": [["0010001", "0010302", "1"]]}',
    b'{"format": "hyojun-renumberings", "rules": RULES, "old": "OLD", "new": "NEW", "renumbered": [["0010001", "0010302", 0.5]]}',
    # other rules (a threshold changed in a later version of hyojun)
    b'{"format": "hyojun-renumberings", "rules": [0.8, 20, 1], "old": "OLD", "new": "NEW", "renumbered": []}',
    # the rules of a hyojun before ties compared sections as texts (4321b15): the same threshold, pairs it may have
    # made across sections
    b'{"format": "hyojun-renumberings", "rules": [0.9, 20, 1], "old": "OLD", "new": "NEW", "renumbered": [["0010001", "0010301", 0.95]]}',
    # pairs that would fit, kept for two other contents (a copied or renamed cache file): not believed
    b'{"format": "hyojun-renumberings", "rules": RULES, "old": "NEW", "new": "OLD", "renumbered": [["0010001", "0010301", 0.95]]}',
    # another format's file under the same name
    b'{"format": "other", "rules": RULES, "old": "OLD", "new": "NEW", "renumbered": [["0010001", "0010301", 0.95]]}',
    # a pair of two or four items: no error, searched again (unpacking it raised)
    b'{"format": "hyojun-renumberings", "rules": RULES, "old": "OLD", "new": "NEW", "renumbered": [["0010001", "0010302", 1.0, 1.0]]}',
    b'{"format": "hyojun-renumberings", "rules": RULES, "old": "OLD", "new": "NEW", "renumbered": [["0010001", "0010302"]]}',
])
def test_a_damaged_or_foreign_cache_is_no_error_and_not_believed(tmp_path: Path, content: bytes) -> None:
    old, new = _specs()
    expected = specdiff.diff(old, new)
    path = cache_path(old.sha256, new.sha256, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content.replace(b"RULES", orjson.dumps(list(specdiff.RENUMBER_RULES)))
                     .replace(b'"OLD"', orjson.dumps(old.sha256)).replace(b'"NEW"', orjson.dumps(new.sha256)))
    assert version_diff(old, new, tmp_path) == expected
    # kept again as found: the next run reads them instead of searching once more
    assert orjson.loads(path.read_bytes())["renumbered"] == [list(p) for p in _pairs(expected)]


def test_an_empty_list_kept_means_no_renumbering_without_a_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, _ = _specs()
    new = with_digest(Spec(old.area, "第1.1版", (_req("0010301", "まったく別の新しい要件の本文で、前の版には似た文がない。"),), ()))
    assert version_diff(old, new, tmp_path).renumbered == ()
    diff_cache._diffs.clear()
    _no_search(monkeypatch)
    assert version_diff(old, new, tmp_path).renumbered == ()


def test_a_store_that_cannot_be_written_only_costs_the_search(tmp_path: Path) -> None:
    old, new = _specs()
    blocked = tmp_path / "store"
    blocked.write_text("a file where the store's folder would be")
    assert _pairs(version_diff(old, new, blocked)) == _pairs(specdiff.diff(old, new))


def test_a_read_only_store_with_its_cache_folder_only_costs_the_search(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A store mounted read-only (or a share the staff may only read) after a first diff made `.diffs/`: the write
    failed as the atomic writer's OutputError (「出力先フォルダ …/.diffs に書き込めません」), not an OSError, and stopped
    spec diff, spec history and check --answered-version."""
    old, new = _specs()
    (tmp_path / ".diffs").mkdir()

    def read_only(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert _pairs(version_diff(old, new, tmp_path)) == _pairs(specdiff.diff(old, new))
    assert not any((tmp_path / ".diffs").iterdir())


def test_a_cache_that_cannot_be_written_leaves_no_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """.diffs/ was made before the write, and left empty in the store when the write failed (a full disk)."""
    old, new = _specs()

    def full(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert _pairs(version_diff(old, new, tmp_path)) == _pairs(specdiff.diff(old, new))
    assert list(tmp_path.iterdir()) == []


def test_no_store_is_made_where_nothing_was_imported(tmp_path: Path) -> None:
    old, new = _specs()
    store = tmp_path / "specs"
    assert _pairs(version_diff(old, new, store)) == _pairs(specdiff.diff(old, new))
    assert not store.exists()


def test_specs_without_a_digest_are_diffed_without_the_disk(tmp_path: Path) -> None:
    old, new = (Spec(s.area, s.version, s.requirements, ()) for s in _specs())
    assert not old.sha256
    assert _pairs(version_diff(old, new, tmp_path)) == _pairs(specdiff.diff(old, new))
    assert not (tmp_path / ".diffs").exists()


# Mutation round 10 (second half): each test below failed on its mutant.
def test_a_spec_without_a_digest_beside_one_with_is_diffed_without_the_disk(tmp_path: Path) -> None:
    """D01 (`old.sha256 or new.sha256`): one side without a digest was kept under "-<new>" and, in memory, stood
    for every other spec without a digest diffed against the same new one."""
    old, new = _specs()
    bare = Spec(old.area, old.version, old.requirements, ())
    other = Spec(old.area, old.version, (_req("0010001", LONG),), ())
    assert version_diff(bare, new, tmp_path) == specdiff.diff(bare, new)
    assert version_diff(other, new, tmp_path) == specdiff.diff(other, new)
    assert not (tmp_path / ".diffs").exists()


def test_a_run_keeps_a_few_diffs_in_memory(tmp_path: Path) -> None:
    """D02 (never cleared) and D03 (_MAX_DIFFS = 0): the diffs of a run are shared while there are a few of them."""
    old, new = _specs()
    first = version_diff(old, new, tmp_path)
    back = version_diff(new, old, tmp_path)  # another pair in between
    assert version_diff(old, new, tmp_path) is first and version_diff(new, old, tmp_path) is back
    for n in range(diff_cache._MAX_DIFFS + 2):
        version_diff(old, with_digest(Spec(new.area, f"第2.{n}版", new.requirements, ())), tmp_path)
    assert 0 < len(diff_cache._diffs) <= diff_cache._MAX_DIFFS


def test_pairs_read_back_that_fit_are_not_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """D05 (`if True:`): the cache was rewritten on every run that read it."""
    old, new = _specs()
    version_diff(old, new, tmp_path)
    diff_cache._diffs.clear()

    def refuse(*_args: object) -> None:
        raise AssertionError("the kept pairs were written again")
    monkeypatch.setattr(diff_cache, "_write", refuse)
    assert version_diff(old, new, tmp_path) == specdiff.diff(old, new)


def test_a_cache_file_is_named_by_32_hex_digits_of_each_sha256(tmp_path: Path) -> None:
    """D06: 32 digits of each, not fewer (a name shared by more contents) and not 64 (a deep HYOJUN_HOME on Windows)."""
    a, b = "a" * 64, "b" * 64
    assert cache_path(a, b, tmp_path) == tmp_path / ".diffs" / f"{'a' * 32}-{'b' * 32}.json"
