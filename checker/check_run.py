"""The `check` use case as a library call: read, check and write outputs for several vendor files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .analysis.carryover import BASIS_LABELS, Carryover, carry_over, detect_answered_version
from .analysis.gap import GapResult, check
from .catalog import load_catalog
from .errors import InputError, UsageError
from .io.config import check_profile, load_profile, load_vocabulary
from .io.vendor_reader import read_response
from .model import LintFinding, Profile, Response, Spec
from .normalize import DEFAULT_VOCABULARY, Vocabulary
from .report.gap_writers import FORMATS, write_gap_outputs
from .report.provenance import now_iso
from .spec_store import load_stored, stored_versions


@dataclass(frozen=True)
class CheckOptions:
    profile: Path | None = None
    vocabulary: Path | None = None
    vendor_name: str | None = None
    out_dir: Path = Path("reports")
    formats: tuple[str, ...] = FORMATS
    answered_version: str | None = None  # --answered-version: the spec version the answers were made against


@dataclass(frozen=True)
class CheckOutcome:
    vendor_file: Path
    result: GapResult
    outputs: tuple[Path, ...]
    carryover: Carryover | None = None


def load_inputs(spec: Spec, opts: CheckOptions) -> tuple[Profile | None, Vocabulary]:
    profile = load_profile(opts.profile) if opts.profile else None
    if profile:
        check_profile(profile, spec)
    vocabulary = load_vocabulary(opts.vocabulary) if opts.vocabulary else DEFAULT_VOCABULARY
    return profile, vocabulary


def check_file(spec: Spec, vendor_file: Path, profile: Profile | None, vocabulary: Vocabulary,
               vendor_name: str | None = None) -> GapResult:
    response = read_response(vendor_file, vocabulary=vocabulary, vendor_name=vendor_name)
    ensure_same_area(spec, response)
    return check(spec, response, profile)


def ensure_same_area(spec: Spec, response: Response) -> None:
    """Refuse answers to another business area: every requirement would read 未回答, a misleading report.

    Only when none of the answered ids is in the spec: a few unknown ids are normal (another version).
    """
    known = spec.by_id()
    if not response.answers or any(a.id in known for a in response.answers):
        return
    by_ids = load_catalog().by_id_prefix([a.id for a in response.answers])
    other = by_ids.name if by_ids and by_ids.name != spec.area else (
        response.declared_area if response.declared_area not in (None, spec.area) else None)
    if other:
        raise InputError(f"{response.file}: {other} への回答のようです（機能IDの業務コード・表題から判定）。"
                         f"仕様書は {spec.area} {spec.version} で、回答の機能IDが1つも一致しません。--spec を確認してください")


def carryover_for(result: GapResult, answered_version: str | None = None) -> tuple[GapResult, Carryover | None]:
    """The carry-over of *result*'s answers when they were made against another version of its spec.

    An --answered-version that is not stored is an input error. A version only declared by the
    sheet or inferred from its ids, when not stored, adds a lint warning instead: the check
    itself is still valid, only the re-confirmation list cannot be made.
    """
    spec, response = result.spec, result.response
    # Loading every stored version is only needed when neither the option nor the sheet says.
    stored = stored_versions(spec.area) if not (answered_version or response.declared_version) else []
    found = detect_answered_version(response, spec, explicit=answered_version, stored=stored)
    if found is None:
        return result, None
    try:
        answered = load_stored(f"{spec.area}@{found.version}")
    except InputError as exc:
        if found.basis == "option":
            raise InputError(f"--answered-version {found.version}: {exc.message}", details=exc.details) from None
        warning = LintFinding(
            "warning", "answered-version-not-stored", "",
            f"回答は {spec.area} {found.version} に対するもの（{BASIS_LABELS[found.basis]}）ですが、その版が取り込まれていないため、"
            f"版の違いによる再確認の一覧を作れません。`hyojun spec import` で {found.version} を取り込んでください")
        return replace(result, lint=(*result.lint, warning)), None
    return result, carry_over(answered, spec, response, found.basis)


def ensure_distinct_stems(vendor_files: Iterable[Path]) -> None:
    """Refuse two files whose outputs would share a name (<stem>.*) in one folder, before any work."""
    stems: dict[str, Path] = {}
    for f in vendor_files:
        if f.stem in stems:
            raise UsageError(f"{stems[f.stem]} と {f} は出力ファイル名（{f.stem}.*）が同じになり、片方の結果が上書きされます。"
                             "別々に実行して --out を分けるか、ファイル名を変えてください")
        stems[f.stem] = f


def run_check(spec: Spec, vendor_files: list[Path], opts: CheckOptions) -> list[CheckOutcome]:
    """Check every vendor file against *spec* and write DIR/<stem>.{json,html,xlsx,csv}.

    All files are read and checked before anything is written, so an unreadable file
    leaves earlier outputs untouched.
    """
    ensure_distinct_stems(vendor_files)
    profile, vocabulary = load_inputs(spec, opts)
    results = [(f, *carryover_for(check_file(spec, f, profile, vocabulary, opts.vendor_name), opts.answered_version))
               for f in vendor_files]
    generated_at = now_iso()
    return [CheckOutcome(f, r, tuple(write_gap_outputs(r, opts.out_dir, f.stem, opts.formats, generated_at, c)), c)
            for f, r, c in results]
