"""The steps of checking one vendor file: its inputs, the check, the carry-over (batch_run runs them for many)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .analysis.carryover import (BASIS_LABELS, VENDOR_BASIS_LABELS, AnsweredVersion, Basis, Carryover, carry_over,
                                 detect_answered_version, parse_version)
from .analysis.bid import same_vendor
from .analysis.gap import GapResult, check
from .catalog import load_catalog
from .diff_cache import version_diff
from .errors import HyojunError, InputError, at_most
from .io.config import load_profile, load_vocabulary
from .io.vendor_reader import read_response
from .io.workbook import Workbook
from .model import FILES_JOINED, ID_LABELS, Answer, LintFinding, Profile, Requirement, Response, Spec
from .normalize import DEFAULT_VOCABULARY, Vocabulary, version_key
from .bidi import inline
from .report.gap_writers import FORMATS
from .spec_store import NotStoredError, load_stored, stored_versions

_SHOWN_BAD_IDS = 5  # bad id cells quoted when a file has no row with an id
_SHOWN_CODES = 5  # 業務コード listed when no id of a file has one of the checked area's
# a table without an answer column, with two of them (or two id columns), or not recognised: its answers would
# count as 未回答 or be the wrong ones
_TABLES_NOT_READ = ("no-answer-column", "ambiguous-column", "unknown-mark-column", "ids-without-header")


@dataclass(frozen=True)
class CheckOptions:
    """The inputs of a check besides the spec and the answers, as `hyojun check` takes them: the municipality's
    profile (its required options), answer marks (--vocabulary), the vendor's name, the outputs, the version answered."""

    profile: Path | None = None
    vocabulary: Path | None = None
    vendor_name: str | None = None
    out_dir: Path = Path("reports")
    formats: tuple[str, ...] = FORMATS
    answered_version: str | None = None  # --answered-version: the spec version the answers were made against


def load_inputs(spec: Spec, opts: CheckOptions, warnings: list[str] | None = None) -> tuple[Profile | None, Vocabulary]:
    """The profile (checked against *spec*; what does not stop the check goes to *warnings*) and vocabulary."""
    profile = load_profile(opts.profile, spec, warnings) if opts.profile else None
    return profile, vocabulary_of(opts.vocabulary)


def vocabulary_of(path: Path | None) -> Vocabulary:
    """The answer marks of --vocabulary *path*, else the default ones."""
    return load_vocabulary(path) if path else DEFAULT_VOCABULARY


def check_file(spec: Spec, vendor_files: Sequence[Path], profile: Profile | None, vocabulary: Vocabulary,
               vendor_name: str | None = None, where: str = "") -> GapResult:
    """One vendor's answers in *vendor_files* (one file, or its 機能 and 帳票 files) checked against *spec*. *where*:
    the manifest entry of the area (areas[2]) that gave *spec*, "" for --spec."""
    response = read_answers(vendor_files, vocabulary, vendor_name, spec)
    ensure_same_area(spec, response, where)
    return check(spec, response, profile)


def read_answers(vendor_files: Sequence[Path], vocabulary: Vocabulary, vendor_name: str | None = None,
                 spec: Spec | None = None, books: list[Workbook] | None = None) -> Response:
    """One vendor's answers in *vendor_files*, refused when none could be read. Without *spec* (its area's failed to
    load), what is wrong with the files themselves: a batch says it with the spec's problem, not on the run after the
    spec is fixed. *books*: as read_response's."""
    response = read_response(*vendor_files, vocabulary=vocabulary, vendor_name=vendor_name,
                             spec_ids=spec.by_id() if spec else None, area=spec.area if spec else None, books=books)
    ensure_answers_read(response)
    return response


def files_label(files: Sequence[Path]) -> str:
    """One vendor's answer files as messages name them: as given, joined as Response.file joins their names."""
    return FILES_JOINED.join(map(str, files))


def at_entry(exc: HyojunError, where: str, files: Sequence[Path] = ()) -> HyojunError:
    """*exc* naming where it arose in a batch: the manifest entry (areas[2]/vendors[1]; "" without a manifest), then
    the one of *files* (a vendor's) it is about as it was given, or all of them (a reader may name a file by its bare
    name, which a batch of many folders does not tell apart). A message that names its entry itself (「areas[2] の
    spec …」) is left so."""
    message = exc.message
    if files:
        forms = [(str(f), f.name) for f in files] + [(files_label(files), FILES_JOINED.join(f.name for f in files))]
        message = next((f"{given}: {message[len(f'{name}: '):]}" for given, *names in forms for name in (given, *names)
                        if message.startswith(f"{name}: ")), f"{files_label(files)}: {message}")
    return type(exc)(f"{where}: {message}" if where and not message.startswith(f"{where} ") else message,
                     details=exc.details)


def vendor_name_note(files: Sequence[Path], name: str | None, response: Response, used_as: str,
                     given_in: Basis = "manifest") -> str | None:
    """A note when a manifest (or --vendor-name: *given_in*) names a vendor's *files* after a vendor they do not name
    themselves (two files swapped): *used_as* says what was done under the given name."""
    if name is None or same_vendor(name, response.own_names):
        return None
    given = "マニフェストでは" if given_in == "manifest" else "--vendor-name では"
    return (f"{files_label(files)}: {given}ベンダ「{inline(name)}」ですが、ファイル自身のベンダ名は"
            f"「{'」「'.join(map(inline, response.own_names))}」です。ファイルの取り違えでないか確かめてください"
            f"（{used_as}は「{inline(name)}」のものとしています）")


def ensure_answers_read(response: Response) -> None:
    """Refuse a file whose answers could not be read: its report would only say that its requirements are 未回答.

    Not in read_response: `lint` reads the same file and must still list every finding of it.
    """
    unread = [f for f in response.lint if f.code in _TABLES_NOT_READ]
    if unread:
        raise InputError(f"{response.file}: 回答を読み取れない表があるため、チェックできません（その表の要件が未回答や誤った回答になります）",
                         details=[f"{f.cell}: {f.message}" for f in unread])
    if not response.answers:
        empty = [f for f in response.lint if f.code == "no-id-rows"]
        bad = [f for f in response.lint if f.code == "bad-id"]
        raise InputError(f"{response.file}: 機能ID の行が1つも読めないため、チェックできません（すべての要件が未回答になります）",
                         details=[f"{f.cell}: {f.message}" for f in empty]
                         + at_most([f"{f.cell}: {f.message}" for f in bad], _SHOWN_BAD_IDS, "行"))


def ensure_same_area(spec: Spec, response: Response, where: str = "", *, given: str = "") -> None:
    """Refuse answers none of which can answer the spec's area: every requirement would read 未回答, a report of
    条件付き that passes --fail-on gap. *response* is read for *spec* (read_response's spec_ids and area, as
    read_answers reads it). *given*: what to look at instead of --spec (or the manifest entry *where*), when the spec
    and answers came otherwise.

    Only when every answered id is of no 業務コード of its area (Response.other_area_ids; an id of the spec has one):
    a few unknown ids are normal (another version), and answers to another version of the area keep its code, beside
    a stray id of another area. The error says what the ids are instead: another area's (by their codes, else by the
    titles or file names), the common functions of other areas (the tax areas' 014–016), or of a code no area has.
    """
    if not response.answers or not all(a.id in response.other_area_ids for a in response.answers):
        return
    catalog = load_catalog()
    check = given or (f"マニフェストの {where} の spec" if where else "--spec")
    owners = catalog.code_owners
    areas = Counter(owners[a.id[:3]] for a in response.answers if a.id[:3] in owners)
    other, basis = (("・".join(a for a, _ in areas.most_common()), "機能IDの業務コード") if areas else
                    (response.declared_area, "表題・ファイル名") if response.declared_area not in (None, spec.area) else
                    (None, ""))
    by_code: dict[str, list[Answer]] = {}
    for a in response.answers:
        by_code.setdefault(a.id[:3], []).append(a)
    by_code = dict(sorted(by_code.items()))
    # each code's count and first cell: a file mixing areas (介護保険・就学) said which, not where
    counts = at_most([f"業務コード {code}: {len(answers)} 件（最初は {answers[0].id_cell} の {answers[0].id}）"
                      for code, answers in by_code.items()], _SHOWN_CODES, "種類")
    if other:
        raise InputError(f"{response.file}: {other} への回答のようです（{basis}から判定）。"
                         f"仕様書は {spec.area} {spec.version} で、回答の機能IDが1つも一致しません。{check} を確認してください",
                         details=counts)
    # no area's own codes: the common functions of other areas, or codes the catalog does not know
    groups: dict[str, list[str]] = {}
    for code, answers in by_code.items():
        groups.setdefault(response.other_area_ids[answers[0].id], []).append(code)
    found = "か、".join(f"{whose}の業務コード（{'・'.join(codes)}）" if whose else
                       f"業務一覧（areas.yaml）にない業務コード（{'・'.join(codes)}）" for whose, codes in groups.items())
    own = catalog.codes_of(spec.area, spec.by_id())
    raise InputError(f"{response.file}: 回答の機能IDはどれも、{found}のものです。仕様書は {spec.area} {spec.version}"
                     f"（業務コード {'・'.join(own)}）で、回答の機能IDが1つも一致しません。{check} を確認してください",
                     details=counts)


def carryover_for(result: GapResult, answered_version: str | None = None, given_in: Basis = "option"
                  ) -> tuple[GapResult, Carryover | None, AnsweredVersion | None]:
    """The carry-over of *result*'s answers when they were made against another version of its spec.

    Also returns the version answered (None: the checked one). An *answered_version* given (by
    --answered-version, or a manifest: *given_in*) that is not stored is an input error. A version only
    declared by the sheet or inferred from its ids, when not stored, adds a lint warning instead: the check
    itself is still valid, only the re-confirmation list cannot be made. A stored version that cannot be
    read is an error either way.
    """
    spec, response = result.spec, result.response
    # Loading every stored version is only needed when neither the option nor the sheet says (a version the sheet
    # declares of another area's spec says nothing of this one's).
    declared = response.declared_version if response.declared_area in (None, spec.area) else None
    stored = stored_versions(spec.area) if not (answered_version or declared) else []
    found = detect_answered_version(response, spec, explicit=answered_version, explicit_basis=given_in, stored=stored)
    if answered_version and declared and version_key(given := parse_version(answered_version)) != version_key(declared):
        result = _with_lint(result, LintFinding(
            "warning", "answered-version-differs", "",
            f"{VENDOR_BASIS_LABELS[given_in]}（{given}）への回答として確認しました。回答"
            f"{'ファイル名' if response.version_in_name else 'ファイルの表題'}"
            f"には {declared} と書かれています"))
    if found is None:
        return result, None, None
    try:
        answered = load_stored(f"{spec.area}@{found.version}")
    except NotStoredError as exc:
        if answered_version:
            raise InputError(f"{BASIS_LABELS[given_in]}（{found.version}）: {exc.message}", details=exc.details) from None
        return _with_lint(result, LintFinding(
            "warning", "answered-version-not-stored", "",
            f"回答は {spec.area} {found.version} に対するもの（{VENDOR_BASIS_LABELS[found.basis]}）ですが、その版の仕様書が"
            "ないため、版の違いによる再確認の一覧は作っていません")), None, found
    carry = carry_over(version_diff(answered, spec), response, found.basis)
    # the other stored versions tell where an unknown id went, or which version it is of (loaded only for such an id)
    return _explain_unknown_ids(result, carry, lambda: stored or stored_versions(spec.area)), carry, found


def _with_lint(result: GapResult, finding: LintFinding) -> GapResult:
    return replace(result, lint=(*result.lint, finding))


def _explain_unknown_ids(result: GapResult, carry: Carryover, stored: Callable[[], Sequence[Spec]]) -> GapResult:
    """Say of each answered id the checked version lacks what the versions tell of it, instead of the gap check's
    guess that it may answer another version: removed (in which version, and where it may have gone), in another
    stored version of *stored*() (a row of another version's sheet), or in none (a mistyped id). The vendor reads
    this in the 差し戻し list."""
    d = carry.diff
    removed = {r.id: r for r in d.removed}
    # an id of another area is worded so already: it is in neither version of this one
    by_cell = {row.source.id_cell: row.id for row in result.rows if row.status == "unknown_id"
               and row.source is not None and row.id not in result.response.other_area_ids}
    if not by_cell:
        return result
    old_key, new_key = version_key(d.old.version), version_key(d.new.version)
    both = " にも ".join(sorted((d.old.version, d.new.version), key=version_key))
    others = [s for s in stored() if version_key(s.version) not in (old_key, new_key)]  # oldest first

    def gone(req: Requirement) -> str:
        if new_key < old_key:  # answers to a newer version checked against an older one: the id was added, not removed
            return f"{d.new.version} にない"
        # the first version after the answered one without it (the checked one if every stored one between has
        # it); a version stored without requirements of its kind (its 帳票要件 file not imported) tells nothing
        return next((s.version for s in others if old_key < version_key(s.version) < new_key
                     and s.count(kind=req.kind) and req.id not in s.by_id()), d.new.version) + " で削除された"

    def explained(f: LintFinding) -> LintFinding:
        rid = by_cell.get(f.cell) if f.code == "unknown-id" else None
        if rid is None:
            return f
        if rid in removed:
            notes = [f"回答は {d.old.version} に対するもの", *filter(None, [d.renumbering_hint(rid)])]
            return replace(f, message=f"{rid} は {d.old.version} にあり、{gone(removed[rid])}"
                                      f"{ID_LABELS[removed[rid].kind]}です（{'。'.join(notes)}）")
        having = [s for s in others if rid in s.by_id()]
        if having:  # neither version answered or checked has it, yet it is no typo: a row of another version's sheet
            return replace(f, message=f"{rid} は {both} にもない、{'・'.join(s.version for s in having)} の"
                                      f"{ID_LABELS[having[0].by_id()[rid].kind]}です（別の版の回答の行が混じっていないか確かめてください）")
        return replace(f, message=f"{rid} は {both} にもないIDです（誤記の可能性があります。IDを確かめてください）")
    return replace(result, lint=tuple(map(explained, result.lint)))
