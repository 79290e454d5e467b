"""The `compare` use case as a library call: read every vendor file of every area, compare, score, write."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path


from . import yaml_dialect
from .analysis.bid import (MASK_SERIES, Comparison, OtherVersion, Town, compare, earlier_vendors, mask_labels, mask_seed,
                           mask_series, parse_town, same_town, town_contradiction, towns_named, towns_notice)
from .analysis.bid_changes import PreviousComparison, bid_changes
from .analysis.gap import GapResult
from .analysis.scoring import ScoreResult, ScoringConfig, merge_config, own_scoring_name, score, section_label
from .bidi import inline
from .catalog import load_catalog
from .check_run import (CheckOptions, at_entry, carryover_for, check_file, load_inputs, read_answers, vendor_name_note,
                        vocabulary_of)
from .clock import now_iso
from .errors import HyojunError, InputError, TimeLimitError, UsageError, raise_all
from .io.answer_files import answers_stem, in_reading_order
from .io.input_file import read_input
from .io.limits import Limits
from .io.yaml_file import load_marked_yaml
from .manifest import AreaInput, refuse_town_controls, vendor_entry
from .model import FILES_JOINED, Profile, Response, Spec, town_label
from .normalize import Vocabulary, text
from .paths import not_found
from .io.atomic import output_group
from .io.output_lock import output_lock
from .io.overwrite import MadeFor, refuse_other_reports, refuse_overwriting
from .report.bid_changes_view import ChangesView
from .report.bid_writers import (FORMATS, MaskKey, PreviousKey, keep_previous_key, kept_keys, mask_key_names,
                                 previous_key, write_compare_outputs, write_mask_key)
from .schemas import validate
from .spec_store import names_latest, resolve_spec


@dataclass(frozen=True)
class CompareOptions:
    """The options of `hyojun compare`: the scoring YAML (docs/scoring.md), answer marks, masked vendor names (with the
    seed of their labels), and where and in which formats the outputs go, under which name and title."""

    scoring: Path | None = None
    vocabulary: Path | None = None
    mask: bool = False
    mask_seed: str | None = None
    out_dir: Path = Path("reports")
    formats: tuple[str, ...] = FORMATS
    stem: str = "compare"
    title: str = ""
    previous: Path | None = None  # the previous comparison's JSON: what changed since (a revised bid)


@dataclass(frozen=True)
class CompareOutcome:
    """What run_compare did: the vendors compared per requirement, their scores, the outputs written (and the files
    of the masked names' key)."""

    comparison: Comparison
    scores: ScoreResult
    outputs: tuple[Path, ...]
    key_files: tuple[Path, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()  # what reading a spec workbook passed over (spec_reader's warnings)
    changes: ChangesView | None = None  # since the previous comparison (CompareOptions.previous), as the outputs show it


def read_previous(path: Path) -> PreviousComparison:
    """The previous comparison of --previous: an unmasked hyojun compare JSON (PreviousComparison.from_json)."""
    try:
        data = read_input(path, Limits.from_env())
    except FileNotFoundError:
        raise not_found(path, (".json",)) from None
    return PreviousComparison.from_json(data, str(path))


def default_scoring_document() -> dict[str, object]:
    text = resources.files("checker").joinpath("data", "scoring_default.yaml").read_text("utf-8")
    document: dict[str, object] = yaml_dialect.parse(text)
    return document


def load_scoring(path: Path | None) -> ScoringConfig:
    """The built-in defaults, with the user's scoring YAML (if any) laid over them."""
    doc = default_scoring_document()
    if path is None:
        return ScoringConfig.from_dict(doc)
    user, digest, marks = load_marked_yaml(path, "--scoring")
    _knockout_of_neither_form(path, user)
    weights = user.get("town_weights") if isinstance(user, dict) else None
    for key in weights if isinstance(weights, dict) else ():  # as a manifest's town: is; before the schema's errors,
        refuse_town_controls(str(key), f"{path}: town_weights の団体")  # which print the key in their path
    validate(user if user is not None else {}, "scoring", source=str(path), marks=marks)
    merged = merge_config(doc, user or {})
    if not (user or {}).get("name"):  # not the defaults' 「既定（hyojun 標準）」
        merged["name"] = own_scoring_name(path.name)
    catalog = load_catalog()
    names: dict[str, list[str]] = {}
    for k in merged["area_weights"]:
        names.setdefault(catalog.resolve(k, f"{path}: area_weights/{k}: ").name, []).append(k)
    if twice := [f"{area}: {'・'.join(keys)}" for area, keys in names.items() if len(keys) > 1]:
        # one area under two of its names (住民記録 and 住民基本台帳): the last weight won silently
        raise InputError(f"{path}: area_weights に同じ業務が別の名前で 2 回以上あります（1 つにまとめてください）", details=twice)
    merged["area_weights"] = {area: merged["area_weights"][keys[0]] for area, keys in names.items()}
    return ScoringConfig.from_dict(merged, file=path.name, sha256=digest)


def _knockout_of_neither_form(path: Path, doc: object) -> None:
    """A knock-out rule of neither form: the schema's if/else, which tells the two forms apart, could only say that
    「statuses」 is needed, while the other form would do as well."""
    rules = doc.get("knockouts") if isinstance(doc, dict) else None
    for i, rule in enumerate(rules if isinstance(rules, list) else [], start=1):
        if isinstance(rule, dict) and not {"statuses", "total_percent_below"} & rule.keys():
            raise InputError(f"{path}: knockouts[{i}]: 失格条件には statuses（状態と件数: more_than）か total_percent_below"
                             "（総合得点の下限）のどちらかを書いてください（docs/scoring.md）")


@dataclass(frozen=True)
class _Checked:
    """One vendor's answers to one area, checked: the result, and the other version they answered as check decides
    it (None: the compared one). A vendor's both, relabelled at once by the mask."""

    result: GapResult
    version: OtherVersion | None


def _check_area(area: AreaInput, vocabulary: Vocabulary, notes: list[str], failed: list[HyojunError],
                said: dict[str, tuple[int, list[str]]]) -> dict[str, _Checked] | None:
    """Every vendor's checked answers to *area*, or None when it has problems: each goes to *failed* (every unusable
    file and every area's spec at once, as check lists them; a file of an area whose spec fails is still read). A
    spec or profile problem another area had (a spec not imported, listed for 5 towns) is said once, naming each
    entry: *said* holds each one's message → (its place in *failed*, its entries)."""
    before = len(failed)
    inputs: tuple[Spec, Profile | None] | None = None
    try:
        spec = resolve_spec(list(area.specs), warnings=notes, where=area.where)
        inputs = (spec, load_inputs(spec, CheckOptions(profile=area.profile), notes)[0])
    except TimeLimitError:
        raise  # the run stops here: the other areas would run on without a limit
    except HyojunError as exc:
        i, entries = said.setdefault(exc.message, (len(failed), []))
        entries.append(area.where)
        failed[i:i + 1] = [at_entry(exc, "・".join(filter(None, entries)))]
    checked: list[tuple[tuple[Path, ...], GapResult, OtherVersion | None]] = []
    for number, (name, files) in enumerate(area.vendors, start=1):
        try:
            if inputs is None:  # the area's spec or profile failed: the files' own problem only
                read_answers(files, vocabulary, name)
                continue
            spec, profile = inputs
            result, carry, answered = carryover_for(check_file(spec, files, profile, vocabulary, name, area.where),
                                                    area.answered_version(number - 1), "manifest")
        except TimeLimitError:
            raise
        except HyojunError as exc:
            failed.append(at_entry(exc, vendor_entry(area.where, number), files))
            continue
        hashes = {s.sha256 for s in result.response.sources}
        if same := next(((fs, r, both) for fs, r, _ in checked
                         if (both := hashes & {s.sha256 for s in r.response.sources})), None):
            # the files that are the same, not the whole pair: a re-submitted 機能 file copied from the old one
            earlier_files, earlier, both = same
            mine, theirs = ("、".join(str(f) for f, s in zip(in_reading_order(fs), r.response.sources) if s.sha256 in both)
                            for fs, r in ((files, result), (earlier_files, earlier)))
            failed.append(at_entry(InputError(f"{mine}: {theirs} と同じ内容の回答ファイルです"
                                              "（1 つのベンダの回答は 1 回だけ指定してください）"),
                                   vendor_entry(area.where, number)))
            continue
        if note := vendor_name_note(files, name, result.response, "得点"):
            notes.append(note)
        checked.append((files, result, OtherVersion.of(answered, carry)))
    if inputs is None or len(failed) > before:
        return None
    return dict(zip(_distinct([(r.response.vendor, f) for f, r, _ in checked]), (_Checked(r, o) for _, r, o in checked)))


@dataclass(frozen=True)
class _Sections:
    """The checked areas as the comparison's sections: label (section_label) → vendor → checked answers; of a joint
    comparison, a town's sections together, with *towns*: label → its town (town_label) and *places*: town → the
    town as profiles and town: name it."""

    checked: dict[str, dict[str, _Checked]]
    towns: dict[str, str] | None = None
    places: dict[str, Town] = field(default_factory=dict)


def _sections(entries: list[tuple[AreaInput, dict[str, _Checked]]], failed: list[HyojunError]) -> _Sections:
    """The areas one town's comparison compares, or (an area listed again, or towns: written of two towns or more) a
    joint procurement's: each area once for each town, told apart by the town: written, else by its profile's
    municipality. A profile naming another town than the town: written is one copied from another town's; an area
    listed twice for one town, or where nothing tells the towns apart, is refused naming both entries (*failed*)."""
    firsts = [next(iter(c.values())).result for _, c in entries]
    names = [r.spec.area for r in firsts]
    if not any(a.town for a, _ in entries) and len(set(names)) == len(names):
        return _Sections({n: c for n, (_, c) in zip(names, entries)})
    given: list[Town | None] = []  # each entry's town as its town: and profile say it
    for (area, _), first in zip(entries, firsts):
        own = (first.profile.prefecture, first.profile.municipality) if first.profile else None
        written = parse_town(area.town) if area.town else None
        if area.town and (p := first.profile) and (wrong := town_contradiction(area.town, p.prefecture, p.municipality,
                                                                                 p.file)):
            failed.append(InputError(f"{area.where}: {wrong}"))
        given.append((own[0] or written[0], own[1]) if own and written else own or written)
    places: list[Town] = []  # the towns, in the order first written, each once (same_town)
    towns: list[int | None] = []  # each entry's, an index into places
    unsure: set[int] = set()  # entries refused for a town of several prefectures: no more said of them
    for j, ((area, _), town) in enumerate(zip(entries, given)):
        if town and town[0] is None:  # of the prefecture the others say, whatever the order of the entries
            found = towns_named(town, (t for t in given if t and t[0]))
            if len(found) > 1:
                failed.append(_ambiguous_town(area, town, found))
                unsure.add(j)
            town = found[0] if found else town
        i = next((i for i, t in enumerate(places) if town and same_town(t, town)), None)
        if town and i is None:
            places.append(town)
            i = len(places) - 1
        towns.append(i)
    if len(places) < 2 and len(set(names)) == len(names):  # town: written, but of one town: that town's comparison
        return _Sections({n: c for n, (_, c) in zip(names, entries)})
    for j, ((area, _), name, at) in enumerate(zip(entries, names, towns)):
        if j in unsure:
            continue
        earlier = next(((e, t) for k, ((e, _), n, t) in enumerate(zip(entries[:j], names, towns))
                        if n == name and k not in unsure and (t == at or t is None or at is None)), None)
        if earlier is not None:
            first_entry, first_town = earlier
            failed.append(InputError(
                f"{first_entry.where} と {area.where}: 業務「{name}」が同じ団体（{town_label(*places[at])}）に2回指定されています"
                "（1 つの団体の業務は 1 回だけ指定してください。別の団体の業務なら、プロファイルの municipality か town: を確かめてください）"
                if at is not None and first_town is not None else
                f"{first_entry.where} と {area.where}: 業務「{name}」が2回指定されていますが、どちらの団体の業務かが分かりません"
                "（共同調達で団体ごとに比べるなら、それぞれに団体のプロファイル（profile）か town: 利府町 のように団体を書いてください。"
                "1 つの団体の業務なら 1 回だけ指定してください）"))
        elif at is None and names.count(name) == 1:
            failed.append(InputError(
                f"{area.where}: 業務「{name}」がどの団体の業務かが分かりません（同じ業務を団体ごとに比べる共同調達の比較では、"
                "どの業務にも団体のプロファイル（profile）か town: 利府町 のように団体を書いてください）"))
    # a prefecture's joint procurement: 「利府町 介護保険」, the prefecture said once by the profiles, not on every label
    labels = [name if len({p for p, _ in places if p}) <= 1 else town_label(p, name) for p, name in places]
    order = sorted(range(len(entries)), key=lambda j: towns[j] or 0)  # a town's sections together
    return _Sections({section_label(labels[t], names[j]): entries[j][1] for j in order if (t := towns[j]) is not None},
                     {section_label(labels[t], names[j]): labels[t] for j in order if (t := towns[j]) is not None},
                     dict(zip(labels, places)))


def _ambiguous_town(area: AreaInput, town: Town, found: list[Town]) -> InputError:
    """The error of *area*'s *town*, named without a prefecture, that is any of the towns *found* (美里町 of 宮城県 and
    of 埼玉県)."""
    what = f"town「{area.town}」" if area.town else f"プロファイルの団体「{town[1]}」"
    return InputError(f"{area.where}: {what}は {' と '.join(town_label(*t) for t in found)} のどちらか分かりません。"
                      f"town: {town_label(*found[0])} のように都道府県を書いてください"
                      + ("" if area.town else "（またはプロファイルに prefecture を書いてください）"))


def _weights_for(config: ScoringConfig, path: Path | None, areas: list[str], sections: _Sections,
                 notes: list[str]) -> ScoringConfig:
    """*config* with its town weights keyed by the comparison's towns (a town written as its municipality or with its
    prefecture: 利府町, 宮城県 利府町); refused when no total (or, of a joint comparison, no town's subtotal) can be
    made; the weights of areas and towns not compared are told (*notes*). *areas*: each section's."""
    compared = "、".join(dict.fromkeys(areas))
    if not sum(config.area_weights.get(a, 1.0) for a in areas):  # Σ w × p / Σ w: no total at all
        raise InputError(f"{path}: area_weights: 比較する業務（{compared}）の重みがすべて 0 のため、"
                         "総合得点を計算できません。少なくとも 1 つの業務の重みを 0 より大きくしてください")
    if unused := [a for a in config.area_weights if a not in areas]:
        notes.append(f"{path}: area_weights の {'・'.join(unused)} は比較する業務（{compared}）にないため使いません")
    if sections.towns is None:
        if config.town_weights:
            notes.append(f"{path}: town_weights は共同調達の比較（業務ごとに town: を書いたマニフェスト、または同じ業務を"
                         "団体ごとに並べたマニフェスト）でだけ使います")
        return replace(config, town_weights={}, written_town_weights={})
    towns = sections.places
    for town in towns:  # one of its sections weighs: else its subtotal is none
        if not sum(config.area_weights.get(a, 1.0) for a, t in zip(areas, sections.towns.values()) if t == town):
            mine = "、".join(a for a, t in zip(areas, sections.towns.values()) if t == town)
            raise InputError(f"{path}: area_weights: {town} の業務（{mine}）の重みがすべて 0 のため、団体の得点を計算できません。"
                             "少なくとも 1 つの業務の重みを 0 より大きくしてください")
    labels = {place: label for label, place in towns.items()}
    keys: dict[str, list[str]] = {}
    for key in config.town_weights:
        found = [labels[place] for place in towns_named(parse_town(key), towns.values())]
        if len(found) > 1:  # 美里町 of 宮城県 and of 埼玉県: which one is not the order of the manifest's to decide
            raise InputError(f"{path}: town_weights の {key} は {' と '.join(found)} のどちらか分かりません。"
                             f"{found[0]} のように都道府県を書いてください")
        keys.setdefault(found[0] if found else "", []).append(key)
    if unused := keys.pop("", []):
        notes.append(f"{path}: town_weights の {'・'.join(unused)} は比較する団体（{'、'.join(towns)}）にないため使いません")
    if twice := [f"{town}: {'・'.join(ks)}" for town, ks in keys.items() if len(ks) > 1]:
        raise InputError(f"{path}: town_weights に同じ団体が 2 回以上あります（1 つにまとめてください）", details=twice)
    weights = {town: config.town_weights[ks[0]] for town, ks in keys.items()}
    if not sum(weights.get(t, 1.0) for t in towns):
        raise InputError(f"{path}: town_weights: 比較する団体（{'、'.join(towns)}）の重みがすべて 0 のため、"
                         "総合得点を計算できません。少なくとも 1 つの団体の重みを 0 より大きくしてください")
    return replace(config, town_weights=weights)


def _distinct(entries: list[tuple[str, tuple[Path, ...]]]) -> list[str]:
    """The vendor names, each name several vendors share followed by what tells their files apart: the
    file names, else their folder too (each vendor's 回答表.csv in its own folder), else the paths."""
    counts = Counter(name for name, _ in entries)
    labels = []
    for name, files in entries:
        if counts[name] > 1:
            shared = [fs for n, fs in entries if n == name]
            form = next(form for form in (lambda f: f.name, lambda f: f"{f.parent.name}/{f.name}", str)
                        if len({tuple(map(form, fs)) for fs in shared}) == len(shared))
            name = f"{name}（{FILES_JOINED.join(map(form, files))}）"
        labels.append(name)
    return labels


def _key_replaced(key: MaskKey, earlier: PreviousKey, opts: CompareOptions) -> tuple[list[str], list[Path]]:
    """The notice of *earlier* (the key a previous run left in the folder), which *key* replaces, and *earlier*'s files
    then kept: when its seed or the letters it gave its vendors differ (the committee's earlier papers name the vendors
    so), or it cannot be read. The earlier seed is never taken by itself: the key in the folder may be another
    procurement's, whose published winner would give this one's common vendors' letters away. A vendor is its earlier
    self by earlier_vendors. Letters only: the console may be seen."""
    name = mask_key_names(opts.stem)[0]
    if earlier.seed is None:
        kept = keep_previous_key(earlier, opts.out_dir, opts.stem)
        return [f"匿名化: 前回の対応表（{name}）は読めないため、表示名の比較に使いませんでした"
                f"（{'・'.join(p.name for p in kept)} として残しました）"], kept
    was = earlier_vendors([v for _, v, _ in key.entries], list(earlier.labels))
    moved = [f"{earlier.labels[was[v]]}→{label}" for label, v, _ in key.entries
             if v in was and earlier.labels[was[v]] != label]
    gone = [label for v, label in earlier.labels.items() if v not in was.values()]
    if not moved and not gone and earlier.seed == key.seed:
        return [], []
    # an older kept key of this seed: the run followed the advice a notice gave after an accidental seed
    older = next((p for p, k in kept_keys(opts.out_dir, opts.stem) if k.seed == key.seed), None)
    kept = keep_previous_key(earlier, opts.out_dir, opts.stem)
    said = [*([f"前回の対応表（{name}）と表示名が変わったベンダがあります（前回→今回: {'、'.join(moved)}）"] if moved else []),
            *([f"{'前回' if moved else f'前回の対応表（{name}）'}の {'・'.join(gone)} のベンダは今回の比較にありません"] if gone else [])]
    if moved or gone:
        said.append("前回の資料と見比べる評価委員がいれば伝えてください")
    if earlier.seed != key.seed:
        if not moved and not gone:
            said.append(f"前回の対応表（{name}）とは種が違います（表示名は前回と同じです）")
        said.append(f"今回の種は {older.name} と同じです（ベンダが同じなら表示名もその対応表と同じです）" if older else
                    f"前回の種で割り当てるには、{kept[0].name} の seed を --mask-seed に指定して比較し直します")
    elif moved:  # the earlier seed: a vendor joined, withdrew or is named otherwise
        renamed = [label for label, v, _ in key.entries if v in was and was[v] != v]
        causes = "・".join([*(["ベンダの追加"] if len(was) < len(key.entries) else []), *(["辞退"] if gone else []),
                            *([f"ベンダ名の変更（今回の {'・'.join(renamed)}）"] if renamed else [])])
        said.append(f"種は前回と同じです（{causes or '表示名の種類の変更'}で表示名がずれました）")
    said.append(f"前回の対応表は {'・'.join(p.name for p in kept)} に残しました（前回の資料の表示名はこちらで確かめます）")
    return [f"匿名化: {'。'.join(said)}"], kept


def _named_by_file_alone(response: Response) -> bool:
    """Whether the vendor's name is its file name's (the stem, or its 「_回答_<名前>」), the file naming no vendor inside:
    a manifest's name for it is the mask's to replace, the file name may be the office's."""
    return not response.named_inside and response.vendor in (
        *response.own_names, text(answers_stem([Path(s.file) for s in response.sources])))


def run_compare(areas: list[AreaInput], opts: CompareOptions) -> CompareOutcome:
    """Check every vendor file of every area, compare and score them, and write the outputs.

    Everything is read and checked before anything is written.
    """
    if not areas:
        raise UsageError("比較する業務がありません")
    if len(areas) == 1 and len(areas[0].vendors) < 2:
        raise UsageError("比較には回答ファイルが2つ以上必要です")
    previous = read_previous(opts.previous) if opts.previous else None  # before the answers are read: said at once
    config = load_scoring(opts.scoring)
    vocabulary = vocabulary_of(opts.vocabulary)  # the run's, not an area's: its problem is said once, not per area
    notes: list[str] = []
    failed: list[HyojunError] = []
    said: dict[str, tuple[int, list[str]]] = {}
    entries = [(area, checked) for area in areas
               if (checked := _check_area(area, vocabulary, notes, failed, said)) is not None]
    sections = _sections(entries, failed) if entries else None
    raise_all(failed, "比較できません")
    assert sections is not None
    by_area = sections.checked
    config = _weights_for(config, opts.scoring, [c[next(iter(c))].result.spec.area for c in by_area.values()],
                          sections, notes)
    vendors = list(next(iter(by_area.values())))
    by_area = {a: {v: c[v] for v in vendors} for a, c in by_area.items()}

    key: MaskKey | None = None
    if opts.mask:
        # a joint comparison's vendor files each once, as first met: a file scored for 3 towns is one file, and a
        # town's own comparison of the same files gets the same letters; one town's as it always was (a workbook
        # answering two areas twice), so that its letters stay those of its earlier reports
        once = dict.fromkeys if sections.towns else list
        fingerprints = {v: hashlib.sha256("".join(once(c[v].result.response.sha256 for c in by_area.values()))
                                          .encode()).hexdigest() for v in vendors}
        # not the seed of the key in the folder, which may be another procurement's (see _key_replaced)
        seed = opts.mask_seed if opts.mask_seed is not None else mask_seed(fingerprints)
        # the names the mask replaces in the texts (bid_view), which the committee may know the bids by too
        responses = [c[v].result.response for c in by_area.values() for v in vendors]
        series, passed = mask_series((n for r in responses for n in (r.vendor, *r.own_names)), len(vendors))
        clashes = "、".join(f"ベンダ名「{inline(n)}」が表示名 {s.shown} と" for s, n in passed)
        if series is None:
            few = "".join(f"（{s.shown} は {s.size} 社まで）" for s in MASK_SERIES if s.size and s.size < len(vendors))
            raise InputError(f"匿名化できません: {clashes}紛らわしく、使える表示名がありません{few}。評価委員が表示名を"
                             "別のベンダの回答と取り違えないよう、回答ファイルの名前などのベンダ名を確かめてください")
        if passed:
            notes.append(f"匿名化: {clashes}紛らわしいため、表示名を {series.shown} にしました（評価委員が表示名を別のベンダの"
                         "回答と取り違えないため）")
        labels = mask_labels(vendors, seed, series)
        order = list(labels)  # A社, B社, … : columns in label order, so they reveal nothing either
        key = MaskKey(seed, tuple((labels[v], v, tuple((a, s.file, s.sha256) for a, c in by_area.items()
                                                        for s in c[v].result.response.sources)) for v in order))
        # named after its file alone (提案書4.xlsx, …_回答_提案書4.xlsx: the office's names): the company's own name
        # in the texts is no name the mask knows. Letters only: a file named by its company is the key on the console
        if nameless := [labels[v] for v in order if all(_named_by_file_alone(c[v].result.response) for c in by_area.values())]:
            notes.append(f"匿名化: {'・'.join(nameless)} はファイルの中にベンダ名（ベンダ名の欄、表題の「回答（社名）」）がなく、"
                         f"ファイル名をベンダ名としました（どのファイルかは {mask_key_names(opts.stem)[1]} に）。ファイル名が社名で"
                         "なければ、備考などに書かれたその社名は置き換えられないため、配布前に確かめるか、マニフェストの name で"
                         "ベンダ名を指定してください")
        by_area = {a: {labels[v]: c[v] for v in order} for a, c in by_area.items()}

    results = {a: {v: c.result for v, c in cs.items()} for a, cs in by_area.items()}
    comparison = compare(results, {a: {v: c.version for v, c in cs.items()} for a, cs in by_area.items()},
                         sections.towns)
    # 24 profiles for 8 towns: one copied into another town's manifest. A joint comparison says its towns: town: or an
    # area listed again for another town is no copy's doing.
    if not comparison.joint and (notice := towns_notice(comparison.towns)):
        notes.append(f"{notice}。1 つの団体の比較であれば、プロファイルの指定を確かめてください（共同調達で団体ごとに比べるなら、"
                     "業務ごとに town: を書きます: docs/scoring.md）")
    scores = score(results, config, sections.towns, {a: {v: c.version.changes if c.version else None
                                                          for v, c in cs.items()} for a, cs in by_area.items()})
    if not any(a.best for a in scores.vendors[0].areas if a.weight):  # the most a row can earn is the same for all
        notes.append(f"採点設定（{config.file or '既定'}）では満点が 0 です（配点がすべて 0 以下）。どのベンダの総合得点も 0% で、"
                     "得点では差がつきません（失格条件だけで評価するのでなければ points を確かめてください）")
    # matched by the vendors' names: masked, the comparison's are labels
    changes = bid_changes(previous, comparison, scores, {label: vendor for label, vendor, _ in key.entries}
                          if key else None) if previous else None
    # the checks see another run's outputs put in place meanwhile: a mask key must never be left beside a report it
    # does not match, nor another town's comparison replaced
    with output_lock(opts.out_dir):
        refuse_overwriting(
            [*(opts.out_dir / f"{opts.stem}.{f}" for f in opts.formats),
             *(opts.out_dir / n for n in mask_key_names(opts.stem) if key)],
            [*(f for a in areas for _, fs in a.vendors for f in fs), *(Path(s) for a in areas for s in a.specs),
             *(p for a in areas for p in (a.profile,) if p), *(p for p in (opts.scoring, opts.vocabulary) if p)])
        compared = [r for rs in results.values() for r in rs.values()]
        notes.extend(refuse_other_reports([(opts.out_dir / f"{opts.stem}.json", MadeFor(
            tuple(dict.fromkeys(r.spec.area for r in compared)),
            tuple(dict.fromkeys((r.profile.prefecture, r.profile.municipality) if r.profile else None for r in compared)),
            versions=tuple(dict.fromkeys((r.spec.area, r.spec.version) for r in compared)),
            latest=tuple(dict.fromkeys(c.result.spec.area for a, checked in entries if names_latest(a.specs)
                                       for c in checked.values()))))]).values())
        generated_at = now_iso()
        with output_group():  # a folder the lock made is removed with it if left empty
            outputs, view = write_compare_outputs(comparison, scores, opts.out_dir, opts.stem, opts.formats, generated_at,
                                                  masked=key is not None, title=opts.title, vocabulary=vocabulary,
                                                  changes=changes)
            kept: list[Path] = []  # in the group: a failed run leaves no copy of a key it did not replace
            if key and (earlier := previous_key(opts.out_dir, opts.stem)):
                replaced, kept = _key_replaced(key, earlier, opts)
                notes.extend(replaced)
            key_files = write_mask_key(replace(key, redactions=view.redactions, title=view.title,
                                               reports=tuple(p.name for p in outputs)),
                                       opts.out_dir, opts.stem, generated_at) + kept if key else []
    if view.redactions:
        notes.append(f"匿名化: 他のベンダの備考・代替案・対応時期にあるベンダ名を {sum(n for *_, n in view.redactions)} か所"
                     f"置き換えました（{key_files[0].name} の replacements）。ベンダ名でない言葉を置き換えていないか、配布前に確かめてください")
    return CompareOutcome(comparison, scores, tuple(outputs), tuple(key_files), tuple(notes), view.changes)
