"""The `check` use case as a library call: read, check and write outputs for several vendor files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analysis.gap import GapResult, check
from .io.config import check_profile, load_profile, load_vocabulary
from .io.vendor_reader import read_response
from .model import Profile, Spec
from .normalize import DEFAULT_VOCABULARY, Vocabulary
from .report.gap_writers import FORMATS, write_gap_outputs
from .report.provenance import now_iso


@dataclass(frozen=True)
class CheckOptions:
    profile: Path | None = None
    vocabulary: Path | None = None
    vendor_name: str | None = None
    out_dir: Path = Path("reports")
    formats: tuple[str, ...] = FORMATS


@dataclass(frozen=True)
class CheckOutcome:
    vendor_file: Path
    result: GapResult
    outputs: tuple[Path, ...]


def load_inputs(spec: Spec, opts: CheckOptions) -> tuple[Profile | None, Vocabulary]:
    profile = load_profile(opts.profile) if opts.profile else None
    if profile:
        check_profile(profile, spec)
    vocabulary = load_vocabulary(opts.vocabulary) if opts.vocabulary else DEFAULT_VOCABULARY
    return profile, vocabulary


def check_file(spec: Spec, vendor_file: Path, profile: Profile | None, vocabulary: Vocabulary,
               vendor_name: str | None = None) -> GapResult:
    return check(spec, read_response(vendor_file, vocabulary=vocabulary, vendor_name=vendor_name), profile)


def run_check(spec: Spec, vendor_files: list[Path], opts: CheckOptions) -> list[CheckOutcome]:
    """Check every vendor file against *spec* and write DIR/<stem>.{json,html,xlsx,csv}.

    All files are read and checked before anything is written, so an unreadable file
    leaves earlier outputs untouched.
    """
    profile, vocabulary = load_inputs(spec, opts)
    results = [(f, check_file(spec, f, profile, vocabulary, opts.vendor_name)) for f in vendor_files]
    generated_at = now_iso()
    return [CheckOutcome(f, r, tuple(write_gap_outputs(r, opts.out_dir, f.stem, opts.formats, generated_at)))
            for f, r in results]
