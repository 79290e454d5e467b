"""`hyojun check` over many vendor files (and areas) at once, optionally in worker processes.

Each vendor file is one task: read, check, and write its outputs into a staging folder inside the
output folder. Only when every task has succeeded are the outputs moved into place, all or none
(atomic.place), so a failed batch leaves earlier outputs as they were — and every failing file is
reported, not just the first. Only small summaries travel back from a worker: sending a checked sheet back
costs about as much as reading it (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing.process import BaseProcess
from pathlib import Path

from .analysis.bid import same_name, same_town, town_contradiction
from .analysis.carryover import AnsweredVersion, Basis, Carryover, parse_version
from .analysis.gap import GapResult
from .bidi import inline
from .catalog import load_catalog
from .diff_cache import version_diff
from .check_run import (CheckOptions, at_entry, carryover_for, check_file, files_label, load_inputs, read_answers,
                        vendor_name_note, vocabulary_of)
from .errors import (HyojunError, InputError, OutputError, TimeLimitError, UsageError, at_most, joined_at_most,
                     os_reason, raise_all)
from .io import atomic
from .io.answer_files import answers_stem, version_in_file_names
from .io.output_lock import output_lock
from .io.overwrite import (MadeFor, Town, profile_town_label, recorded, refuse_other_reports,
                           refuse_overwriting, written_by_hyojun)
from .manifest import AreaInput, vendor_entry
from .model import FILES_JOINED, Profile, Spec
from .normalize import Vocabulary, version_key
from .paths import file_name_part, output_stem
from .report.gap_writers import FORMATS, write_gap_outputs
from .runtime import tune_gc
from .spec_store import load_stored, names_latest, resolve_spec

STAGING_PREFIX = ".hyojun-staging-"
# How workers start. "spawn" (Windows' only method, macOS's default) starts a fresh interpreter that
# imports the package again: 100 answer sheets took 4.3 s on 2 processes against 3.4 s with "fork",
# which Linux has. The tests run both.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


@dataclass(frozen=True)
class CheckTask:
    """One vendor's answers to check: everything a worker process needs, as plain picklable values."""

    specs: tuple[str, ...]  # as --spec
    files: tuple[Path, ...]  # its answer file, or its files read as one (機能 and 帳票 apart)
    out_dir: Path
    by_area: bool = False  # outputs go to out_dir/<業務名>/ (a manifest of several areas)
    profile: Path | None = None
    vocabulary: Path | None = None
    vendor_name: str | None = None
    answered_version: str | None = None
    formats: tuple[str, ...] = FORMATS
    generated_at: str = ""  # one time for the whole batch, as in a single run
    given_in: Basis = "option"  # where vendor_name and answered_version were given: options or a manifest
    where: str = ""  # the manifest entry of the area (areas[2]), for messages; "" without a manifest
    number: int = 0  # the vendor's among the area's vendors (from 1), for the same
    folder: str = ""  # with by_area, the manifest's out: for the area (利府町/住民記録); "" for the area's name
    town: str = ""  # with by_area and no folder, the area's town: (a joint procurement's): outputs in <town>/<area>

    def output_folder(self, area: str) -> Path:
        """Where the outputs go once the spec has named the *area*."""
        if not self.by_area:
            return self.out_dir
        return self.out_dir / (self.folder or Path(file_name_part(self.town), area))

    @property
    def stem(self) -> str:
        """The name of the outputs (but their suffix): the file's own (of several, answers_stem), fit for a file name
        (output_stem)."""
        return output_stem(answers_stem(self.files))


# Warnings the console says with the verdict, not only counted: a kind of requirement with no row (the coverage
# counts it 未回答), the files of one vendor declaring different versions (the re-confirmation list is one's) or
# naming different vendors (two vendors' files checked as one bidder), answers in the form's own codes (回答不正
# rows all, that --vocabulary reads) and a legend giving a mark another class than it is read in (a wrong status)
VERDICT_WARNINGS = ("missing-kind", "part-versions-differ", "part-vendors-differ", "own-codes", "legend-differs")


@dataclass(frozen=True)
class CheckSummary:
    """What the CLI and the batch summary need of one vendor's checked answers (small: it crosses processes)."""

    files: tuple[Path, ...]
    area: str
    version: str
    vendor: str
    municipality: str | None
    prefecture: str | None  # the profile's
    verdict: str
    mandatory_coverage: float
    mandatory_counts: tuple[int, int]  # conformant and all mandatory requirements: what the coverage is computed from
    prohibited_violations: int
    optional_gap: int  # options the profile requires that the vendor lacks: the figure that differs between towns
    required_options: int | None  # how many options the profile requires; None without a profile
    errors: int
    warnings: int
    outputs: tuple[Path, ...]
    notes: tuple[str, ...] = ()  # what reading a spec workbook passed over (spec_reader's warnings)
    answered: AnsweredVersion | None = None  # the version the answers were made against, when another one
    carried: tuple[int, int, int] | None = None  # re-confirm, orphaned, new unanswered; None if not made
    specs: tuple[str, ...] = ()  # as --spec, for the lint command a message suggests
    answered_given: str | None = None  # as --answered-version (or the manifest's), for the same command
    vocabulary: Path | None = None  # as --vocabulary, for the same command: without it lint reads 済 as invalid
    verdict_warnings: tuple[str, ...] = ()  # the warnings said with the verdict (VERDICT_WARNINGS)

    @property
    def names(self) -> str:
        """The answer files' names, as Response.file joins them."""
        return FILES_JOINED.join(f.name for f in self.files)

    @property
    def town(self) -> Town:
        return (self.prefecture, self.municipality) if self.municipality is not None else None

    @classmethod
    def of(cls, files: tuple[Path, ...], result: GapResult, outputs: Iterable[Path], notes: tuple[str, ...] = (),
           answered: AnsweredVersion | None = None, carry: Carryover | None = None,
           specs: tuple[str, ...] = (), answered_given: str | None = None, vocabulary: Path | None = None
           ) -> CheckSummary:
        levels = [f.level for f in result.lint]
        return cls(files, result.spec.area, result.spec.version, result.response.vendor,
                   result.profile.municipality if result.profile else None,
                   result.profile.prefecture if result.profile else None, result.verdict,
                   result.mandatory_coverage, (result.mandatory_conformant, result.spec.count(cls="mandatory")),
                   result.status_counts["prohibited_violation"],
                   result.status_counts["optional_gap"], len(result.profile.required_options) if result.profile else None,
                   levels.count("error"), levels.count("warning"), tuple(outputs), notes, answered,
                   (len(carry.reconfirm), len(carry.orphaned), len(carry.new_unanswered)) if carry else None, specs,
                   answered_given, vocabulary, tuple(f.message for f in result.lint if f.code in VERDICT_WARNINGS))


# The spec, profile and vocabulary of the area being checked, per process: tasks come area by area,
# so one entry serves all the files of an area. Emptied at the start of every batch (a file may
# have changed since the last one); a worker process lives for one batch.
_inputs: dict[tuple[object, ...], tuple[Spec, Profile | None, Vocabulary, tuple[str, ...]]] = {}


def _area_inputs(task: CheckTask) -> tuple[Spec, Profile | None, Vocabulary, tuple[str, ...]]:
    key = (task.specs, task.profile, task.vocabulary)
    if key not in _inputs:
        _inputs.clear()
        notes: list[str] = []
        spec = resolve_spec(list(task.specs), warnings=notes, where=task.where)
        _inputs[key] = (spec, *load_inputs(spec, CheckOptions(profile=task.profile, vocabulary=task.vocabulary), notes),
                        tuple(notes))
    return _inputs[key]


def _run_task(task: CheckTask, staging: Path) -> CheckSummary | list[HyojunError]:
    """Check one file and write its outputs under *staging*; the summary names the final paths.

    A user's mistake comes back as the errors (not raised), so that the batch can go on and report all: when the
    area's spec or profile cannot be used, the file is still read, and its own problem said with the area's.
    """
    failures: list[HyojunError] = []
    try:
        spec, profile, vocabulary, notes = _area_inputs(task)
        if task.town and profile and (wrong := town_contradiction(task.town, profile.prefecture, profile.municipality,
                                                                   profile.file)):
            raise InputError(wrong)  # its outputs would go to one town's folder, made with another town's profile
    except TimeLimitError as exc:  # reading a spec: the run stops here too, not only its area
        raise at_entry(exc, task.where) from None
    except (HyojunError, OSError) as exc:  # the same for every file of the area: said once
        failures.append(at_entry(exc if isinstance(exc, HyojunError) else _unreadable(exc, task.files), task.where))
        with _file_problems(task, failures), _reading(task.files):
            read_answers(task.files, vocabulary_of(task.vocabulary), task.vendor_name)
        return failures
    with _file_problems(task, failures):
        with _reading(task.files):  # not so a failed write below: a full disk is no problem of the vendor's file
            checked = carryover_for(check_file(spec, task.files, profile, vocabulary, task.vendor_name, task.where),
                                    task.answered_version, task.given_in)
        result, carry, answered = checked
        final = task.output_folder(spec.area)
        # outside the caller's group (a forked worker inherits it), which would hold them back
        with atomic.staging(staging / final.relative_to(task.out_dir), final) as folder:
            staged = write_gap_outputs(result, folder, task.stem, task.formats, task.generated_at, carry)
        swapped = vendor_name_note(task.files, task.vendor_name, result.response, "結果", task.given_in)
        return CheckSummary.of(task.files, result, (final / p.name for p in staged),
                               notes + ((swapped,) if swapped else ()), answered, carry, task.specs,
                               task.answered_version, task.vocabulary)
    return failures


@contextlib.contextmanager
def _file_problems(task: CheckTask, failures: list[HyojunError]) -> Iterator[None]:
    """A problem of the task's files goes to *failures*, naming its manifest entry and the path as given."""
    try:
        yield
    except TimeLimitError as exc:  # the run stops here: the other files would run on without a limit
        raise TimeLimitError(f"{files_label(task.files)}: {exc.message}") from None
    except HyojunError as exc:
        failures.append(at_entry(exc, vendor_entry(task.where, task.number), task.files))


@contextlib.contextmanager
def _reading(files: tuple[Path, ...]) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise _unreadable(exc, files) from None


def _unreadable(exc: OSError, files: tuple[Path, ...]) -> InputError:
    """A read no reader guarded (a file locked by another program, denied by its ACL) as one more problem of the
    batch, naming the file: it ended the batch, and the other problems went unreported."""
    return InputError(f"{exc.filename or files_label(files)}: {os_reason(exc)}")


def _results(tasks: list[CheckTask], staging: Path, jobs: int) -> Iterator[CheckSummary | list[HyojunError]]:
    _inputs.clear()
    folders = [staging / str(i) for i in range(len(tasks))]  # one per task: a repeated file cannot clash
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_run_task, tasks, folders)
        return
    workers = min(jobs, len(tasks), 61 if sys.platform == "win32" else jobs)  # Windows' limit for a pool
    _diff_answered_versions(tasks)
    pool = _pool(workers)
    try:
        # chunks of an area's files keep each worker on one area (one spec load) for a while
        size = _chunk(tasks, jobs)
        starts = range(0, len(tasks), size)
        chunks = [pool.submit(_run_chunk, tasks[i:i + size], folders[i:i + size]) for i in starts]
        for start, chunk in zip(starts, chunks):
            try:
                yield from _result(chunk)
            except TimeLimitError as exc:  # raised in this process while the workers read: name what they had
                unfinished = [f.name for t in tasks[start:] for f in t.files]
                raise TimeLimitError(f"{exc.message}（終わっていない回答ファイル {len(unfinished)} 件: "
                                     f"{joined_at_most(unfinished, 5, '、', ' ほか')}）") from None
    except BrokenProcessPool:
        raise InputError("並列処理の作業プロセスが異常終了しました（メモリ不足の可能性があります）。"
                         "--jobs 1 で実行すると、どのファイルで問題が起きたかがわかります") from None
    except BaseException:
        _stop(pool)  # e.g. the time limit: do not wait for a worker stuck in a hostile file
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _diff_answered_versions(tasks: list[CheckTask]) -> None:
    """Diff each pair of versions an option, a manifest or a file name names (the version answered, the area's spec)
    here, once, before the workers start: each would search the same renumberings at the same time (≈ 11 s CPU after
    a mass renumbering: benchmarks/RESULTS.md, 40). Forked workers inherit the diff, spawned ones read its pairs from
    the store (diff_cache). A spec or version that cannot be used is left to the tasks to report; a version only a
    sheet's title declares is met by the workers."""
    named = ((t.specs, v) for t in tasks if (v := t.answered_version or version_in_file_names(t.files)))
    for specs, answered in dict.fromkeys(named):
        with contextlib.suppress(HyojunError, OSError):
            spec = resolve_spec(list(specs))
            version = parse_version(answered)
            if version_key(version) != version_key(spec.version):
                version_diff(load_stored(f"{spec.area}@{version}"), spec)


def _run_chunk(tasks: list[CheckTask], folders: list[Path]) -> list[CheckSummary | list[HyojunError]]:
    return list(map(_run_task, tasks, folders))


def _result(future: Future[list[CheckSummary | list[HyojunError]]]) -> list[CheckSummary | list[HyojunError]]:
    """The future's result, waited for in short steps.

    The Windows time limit (and Ctrl-C there) interrupts the main thread between two bytecodes; a
    single wait on the future would take it only when a worker stuck in a hostile file finishes.
    """
    while True:
        try:
            return future.result(timeout=0.2)
        except TimeoutError:
            continue


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(START_METHOD), initializer=_start_worker)


def _start_worker() -> None:
    """A worker under the command's settings (spawned ones do not inherit them), ending with the command's process."""
    tune_gc()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked one has the command's handler; _stop terminates it
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: BaseProcess) -> None:
    """End this worker when the command's process has ended, however it ended (killed, terminated alone, out of
    memory): it waited for tasks forever, holding its memory (each worker holds its end of the task queue)."""
    parent.join()  # waits on the parent's sentinel: fork and spawn alike
    os._exit(1)


# `--jobs auto` (the default) estimates the batch's time in one process from the size of its answer
# files: on the benchmark corpus (benchmarks/RESULTS.md, change 31) reading and checking took about
# 1.2 s per MB with the JSON result, and each further format about 0.8 s per MB more. A pool pays for
# its start-up only above some seconds of such work: a spawned worker imports the package again
# (0.5 s CPU), a forked one does not.
SECONDS_PER_MB = 1.2
FORMAT_SECONDS_PER_MB = 0.8
POOL_FROM_SECONDS = {"fork": 1.5, "spawn": 3.0}
# More workers than this on a big PC would mostly add memory (each holds the sheet it checks and its spec).
MAX_AUTO_JOBS = 4


def usable_cpus() -> int:
    """CPUs this process may run on (a virtual desktop or a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def auto_jobs(tasks: list[CheckTask], cpus: int | None = None) -> int:
    """How many processes `--jobs auto` uses for *tasks*: one unless the batch is worth a pool."""
    cpus = usable_cpus() if cpus is None else cpus
    seconds = sum(sum(map(_megabytes, t.files)) * (SECONDS_PER_MB + FORMAT_SECONDS_PER_MB * (len(t.formats) - 1))
                  for t in tasks)
    if cpus < 2 or len(tasks) < 2 or seconds < POOL_FROM_SECONDS[START_METHOD]:
        return 1
    return min(cpus, len(tasks), MAX_AUTO_JOBS)


def _megabytes(file: Path) -> float:
    try:
        return file.stat().st_size / 1e6
    except OSError:
        return 0.0  # the task reports the missing file itself


def _chunk(tasks: list[CheckTask], jobs: int) -> int:
    areas = len({(t.specs, t.profile, t.vocabulary) for t in tasks})
    return max(1, min(len(tasks) // areas, len(tasks) // (jobs * 4) or 1))


def _stop(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()


def run_batch(tasks: list[CheckTask], jobs: int = 1) -> list[CheckSummary]:
    """Check every task's file, in *jobs* processes, and put the outputs in place only if all succeed.

    Summaries come back in task order. A single problem is raised as it is; several (say, three
    unreadable files) as one InputError listing each.
    """
    if jobs < 1:
        raise UsageError(f"--jobs は 1 以上で指定してください（指定: {jobs}）")
    if not tasks:
        return []
    out_dir = tasks[0].out_dir
    if any(t.out_dir != out_dir for t in tasks):
        raise ValueError("every task of a batch writes to the same folder")
    # before any work where the names are known; per-area folders are known once the specs are read
    _refuse_clashing_outputs([(t.output_folder("") / t.stem, t, None) for t in tasks if t.folder or not t.by_area])
    for vocabulary in {t.vocabulary for t in tasks}:  # the run's, not an area's: its problem is said once, not per area
        vocabulary_of(vocabulary)
    with atomic.no_trace_if_failed(out_dir):
        return _check_and_place(tasks, out_dir, jobs)


def _check_and_place(tasks: list[CheckTask], out_dir: Path, jobs: int) -> list[CheckSummary]:
    with _staging(out_dir) as staging:
        done = list(_results(tasks, staging, jobs))
        raise_all([e for d in done if isinstance(d, list) for e in d], "出力は書いていません")
        summaries = [d for d in done if isinstance(d, CheckSummary)]  # one per task: any failure was raised
        _refuse_clashing_outputs([(s.outputs[0].with_suffix(""), t, s) for t, s in zip(tasks, summaries)])
        # another run's outputs put in place meanwhile are seen by the checks; a caller that opens an output group
        # around the batch (the reports and their index) holds the folder's lock to the group's end
        with output_lock(out_dir):
            refuse_overwriting((p for s in summaries for p in s.outputs), task_inputs(tasks))
            versions = refuse_other_reports((s.outputs[0].with_suffix(".json"),
                                             MadeFor((s.area,), (s.town,), s.vendor, ((s.area, s.version),),
                                                     latest=(s.area,) if names_latest(t.specs) else ()))
                                            for t, s in zip(tasks, summaries))
            summaries = [replace(s, notes=(*s.notes, notice)) if (notice := versions.get(s.outputs[0].with_suffix(".json")))
                         else s for s in summaries]
            atomic.place((staging / str(i) / final.relative_to(out_dir), final)
                         for i, summary in enumerate(summaries) for final in summary.outputs)
    return summaries


def task_inputs(tasks: Iterable[CheckTask]) -> list[Path]:
    """Every file the tasks read: answer sheets, spec workbooks or JSON given as paths, profiles, vocabularies."""
    found = {f for t in tasks for f in t.files}
    for t in tasks:
        found.update(Path(s) for s in t.specs)  # an AREA@VERSION argument is no file: skipped when compared
        found.update(p for p in (t.profile, t.vocabulary) if p is not None)
    return sorted(found)


@contextlib.contextmanager
def _staging(root: Path) -> Iterator[Path]:
    # Inside the output folder, so that moving an output into place is a rename on the same disk.
    for stale in root.glob(f"{STAGING_PREFIX}*"):  # left by a killed run (its PC, pid and time are in the name)
        if atomic.is_stale(stale, stale.name[len(STAGING_PREFIX):]):
            shutil.rmtree(stale, ignore_errors=True)
    with atomic.writing_in(root):
        path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{atomic.owner_tag()}.", dir=root))
    try:
        yield path
    except FileNotFoundError as exc:
        if not any(f is not None and Path(os.fsdecode(f)).is_relative_to(path) for f in (exc.filename, exc.filename2)):
            raise
        # deleted by hand, or by a run of hyojun 0.1.0 on another PC, which took it for a killed run's
        raise OutputError(f"出力先フォルダ {root} に書いていた作業用のファイルが途中で消えました。ほかの PC などで別の hyojun が同じ"
                          "出力先に書いている可能性があります。その実行が終わってから、もう一度実行してください。"
                          "出力はどれも更新していません（前回の出力のままです）") from None
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _refuse_clashing_outputs(outputs: list[tuple[Path, CheckTask, CheckSummary | None]]) -> None:
    """Refuse tasks whose outputs cannot all be written, before any is: (outputs without their suffix, task, its
    summary once checked) triples."""
    _refuse_shared_outputs(outputs)
    _refuse_files_as_folders(outputs)


def _refuse_shared_outputs(outputs: Iterable[tuple[Path, CheckTask, CheckSummary | None]]) -> None:
    """Refuse answer files whose outputs would have one name, listing every such group: (outputs without their suffix,
    task, its summary once checked) triples. A joint procurement's manifest lists the same answer files once per town
    (or per spec version): each group then says which entries meet and why, and how to keep them apart. Names are
    one as Windows (and a Mac) takes them, whatever the case: `out: 共同/Kaigo` and `共同/kaigo` are one folder there,
    where one town's reports silently replaced the other's. A Mac also takes a name in NFD (ガ as カ and its mark, as a
    zip made there holds it) for the same in NFC: two answer files of such names gave two sets of reports that look
    alike, one replacing the other on a Mac's share."""
    groups: dict[str, list[tuple[Path, CheckTask, CheckSummary | None]]] = {}
    for output, task, summary in outputs:
        groups.setdefault(_one_name(output), []).append((output, task, summary))
    shared = [group for group in groups.values() if len(group) > 1]
    if not shared:
        return
    out_dir = shared[0][0][1].out_dir
    lines = []
    for group in shared:
        names = list(dict.fromkeys(f"{o.relative_to(out_dir).as_posix()}.*" for o, _, _ in group))
        lines.append(f"{'・'.join(at_most([vendor_entry(t.where, t.number) or files_label(t.files) for _, t, _ in group], 3))}"
                     f": {_why_shared([(t, s) for _, t, s in group])} → {'・'.join(names)}{_why_one_name(names)}")
    manifest = any(t.where for group in shared for _, t, _ in group)
    raise UsageError(f"出力ファイルが同じになる回答ファイルがあります（{len(shared)} 組）。片方の結果が上書きされるため、何も書かずに"
                     "中止しました。" + ("団体や版ごとに出力を分けるには、マニフェストの業務の項目に out:（--out の中のフォルダ。例: "
                                      "out: 利府町/住民記録）を書いてください（団体ごとなら town: 利府町 でも 利府町/<業務名> のフォルダに分かれます）。"
                                      "同じファイルを誤って2回書いたのなら片方を消してください"
                                      if manifest else "同じファイルを2回指定していないか確認し、ファイル名を変えるか、別々に実行して"
                                      " --out を分けてください"), details=at_most(lines, 5, "組"))


def _refuse_files_as_folders(outputs: list[tuple[Path, CheckTask, CheckSummary | None]]) -> None:
    """Refuse an output file whose name is that of a folder another area's outputs go into (an out: naming the other's
    利府町/介護保険/A社.xlsx), names compared as in `_refuse_shared_outputs`. Putting the outputs in place failed
    naming neither entry, and left the folder, so that the next run failed the same way."""
    folders: dict[str, tuple[Path, CheckTask]] = {}
    for output, task, _ in outputs:
        for folder in output.relative_to(task.out_dir).parents[:-1]:  # not --out itself
            folders.setdefault(_one_name(folder), (folder, task))
    lines = []
    for output, task, summary in outputs:
        files = summary.outputs if summary else [output.with_name(f"{output.name}.{f}") for f in task.formats]
        for file in (f.relative_to(task.out_dir) for f in files):
            if clash := folders.get(_one_name(file)):
                folder, owner = clash
                lines.append(f"{vendor_entry(task.where, task.number) or files_label(task.files)} の出力ファイル "
                             f"{file.as_posix()} が、{owner.where or files_label(owner.files)} の出力を入れるフォルダ "
                             f"{folder.as_posix()} と同じ名前です")
    if lines:
        raise UsageError(f"ほかの業務の出力を入れるフォルダと同じ名前になる出力ファイルがあります（{len(lines)} 件）。ファイルとフォルダは"
                         "同じ名前にできないため、何も書かずに中止しました。マニフェストの業務の項目の out: を、ほかの業務の出力ファイルと"
                         "重ならない名前にしてください", details=at_most(lines, 5))


def _one_name(path: Path) -> str:
    """*path* as Windows and a Mac compare names (see `_refuse_shared_outputs`): two paths of one such name are one.

    Each character upper-cased alone, as NTFS compares names (its table maps one character to one): casefold() took
    ßtown and SStown for one folder, two there, and refused them saying Windows does not tell the case apart."""
    return "".join(c if len(up := c.upper()) > 1 else up for c in unicodedata.normalize("NFC", path.as_posix()))


def _why_one_name(names: list[str]) -> str:
    """Why *names*, different as written, are one (`_one_name`): nothing when they are written alike."""
    composed = {unicodedata.normalize("NFC", n) for n in names}
    why = (["Windows では大文字と小文字を区別しない"] if len(composed) > 1 else []) + (
        ["Mac では見た目が同じで文字の表し方（Unicode の NFC と NFD。Mac で作った zip の名前は濁点などを分けた NFD です）だけが"
         "違う名前を区別しない"] if len(composed) < len(names) else [])
    return f"（{'、'.join(why)}ため、同じ名前です）" if why else ""


def _why_shared(group: list[tuple[CheckTask, CheckSummary | None]]) -> str:
    """What the answer files of one output name have in common and where they differ: the same file under several
    profiles (towns) or spec versions, the same file twice, or files of the same name."""
    files = list(dict.fromkeys(tuple(map(_same_file, t.files)) for t, _ in group))
    if len(files) > 1:
        parts = ("。機能・帳票など、いくつかのファイルに分かれた回答の出力は、最初のファイルの名前から末尾の機能・帳票を除いた名前です"
                 if any(len(t.files) > 1 for t, _ in group) else "")
        return f"名前が同じ別の回答ファイル（{'、'.join(files_label(t.files) for t, _ in group)}{parts}）"
    no_profile = "プロファイルなし"
    differing = (("別の団体のプロファイル", [profile_town_label(s.town) for _, s in group if s]),
                 ("別のプロファイル", [t.profile.name if t.profile else no_profile for t, _ in group]),
                 ("仕様書の別の版", [f"{s.area} {s.version}" if s else "・".join(t.specs) for t, s in group]))
    file = files_label(group[0][0].files)
    for label, values in differing:
        if len(shown := list(dict.fromkeys(values))) > 1:
            return f"同じ回答ファイル {file} を{label}（{'・'.join(shown)}）で"
    return f"同じ回答ファイル {file} を2回"


def _same_file(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def stale_outputs(out_dir: Path, summaries: Iterable[CheckSummary], by_area: bool) -> list[Path]:
    """hyojun's reports that this batch did not write, where they would be taken for its results: with *by_area*
    (a manifest) any in its area folders and the folders it wrote to (of a vendor or an area since left out, or of a
    format not asked for now; the index no longer lists them), otherwise each answer file's in the formats not asked for now (the earlier bid's
    HTML beside the revised bid's JSON). A file of the same name that hyojun did not write is none of its business."""
    summaries = list(summaries)
    written = {p for s in summaries for p in s.outputs}
    if by_area:  # the areas' folders, also one level down (out: 利府町/住民記録 of a town since left out), and this run's
        areas = {a.name for a in load_catalog().areas}
        # os.path's tests: Path.is_dir raises where a folder may be listed but not entered
        tops = [d for d in _entries(out_dir) if os.path.isdir(d) and not d.name.startswith(".")]
        folders = {d for top in tops for d in (top, *filter(os.path.isdir, _entries(top))) if d.name in areas}
        found = [p for d in folders | {p.parent for p in written} for p in _entries(d)]
    else:
        found = [first.with_suffix(f".{f}") for s in summaries for first in s.outputs[:1] for f in FORMATS]
    return sorted({p for p in found if p.suffix[1:] in FORMATS and p not in written and os.path.isfile(p)
                   and written_by_hyojun(p)})


def earlier_bids(out_dir: Path, summaries: Iterable[CheckSummary]) -> list[str]:
    """Notices of the check reports in *out_dir* (a run without a manifest) that this run did not write, made for one
    of its vendors and areas from another answer file: a revised bid under another name (回答_B社_修正版.xlsx) leaves
    the earlier bid's reports (回答_B社.*) beside its own, two results for one vendor in a folder that reads as one
    round. Vendors are one by the same name (same_name: 富士通Japan's reports are no earlier bid of 富士通's); a report
    of another town is none of this run's, nor one of this run's own names or answer files (its JSON left by a run
    with json in --format: stale_outputs tells of it). Nothing is deleted: the user may keep the earlier bid's on
    purpose."""
    summaries = list(summaries)
    written = {p for s in summaries for p in s.outputs}
    stems = {p.with_suffix("") for p in written}
    notices = []
    for json_path in sorted(p for p in _entries(out_dir) if p.suffix == ".json" and p.with_suffix("") not in stems):
        if (earlier := recorded(json_path)) is None or earlier.vendor is None:
            continue  # not hyojun's, a comparison, or nothing recorded
        for s in summaries:
            if (s.area in earlier.areas and same_name(earlier.vendor, s.vendor)
                    and set(earlier.files) != {f.name for f in s.files}
                    and not any(t is not None and s.town is not None and not same_town(t, s.town) for t in earlier.towns)):
                notices.append(f"{out_dir} の {json_path.stem}.* は同じベンダ {inline(earlier.vendor)} の以前の回答ファイル"
                               f"（{'、'.join(map(inline, earlier.files))}）のレポートです（今回は {inline(s.names)}）。"
                               "今回の結果と混ざらないよう、不要なら削除してください")
                break
    return notices


def _entries(folder: Path) -> list[Path]:
    """What *folder* holds; nothing when it cannot be read. The notice comes after the outputs are in place, and a
    folder this user may not open (a USB drive's System Volume Information, another section's on a shared drive)
    holds no outputs of theirs: it failed the run (exit 1, no --record) naming a folder the user never mentioned."""
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def manifest_tasks(areas: Iterable[AreaInput], opts: CheckOptions, generated_at: str) -> list[CheckTask]:
    """One task per vendor of every area of a manifest; the outputs go to a folder per area (or its out:, or its
    town:'s folder)."""
    return [CheckTask(a.specs, files, opts.out_dir, True, a.profile, opts.vocabulary, name, a.answered_version(i),
                      opts.formats, generated_at, "manifest", a.where, i + 1, a.out, a.town)
            for a in areas for i, (name, files) in enumerate(a.vendors)]
