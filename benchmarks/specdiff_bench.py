"""Benchmark of the spec diff (`hyojun spec diff`, `spec history`) and of the carry-over of `hyojun check`.

    python benchmarks/specdiff_bench.py [--reqs 4000] [--vendors 5] [--baseline CHECKOUT] [--repeat 1]

A synthetic area of --reqs requirements (stock phrases, as real specs have) and three new versions of it:

- ordinary: 300 texts and 200 classes changed, 300 requirements renumbered (same text, new id), 200 removed, 200 added;
- mass renumbering: the same with 3,000 renumbered (an id scheme change);
- mass renumbering, edited: 3,000 renumbered and each lightly edited (one character more: no identical text).

Stages, each in CPU seconds (best of --repeat):

- floor: normalising every text of both versions once (`comparable`, the least a diff must do);
- diff: `diff(old, new)`;
- carry-over: the carry-over of --vendors answer sheets made against the old version (what `hyojun check`
  of those sheets adds to the gap check).

With --baseline, the same stages run on another checkout (its `checker` package copied under another
name and imported beside this one, as read_ab.py does), so the ratios this / baseline come from one run.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.model import Answer, Requirement, Response, Spec  # noqa: E402

OBJECTS = ["被保険者", "受給者", "認定申請者", "住登外者", "世帯員", "口座情報", "保険料", "給付実績", "事業所", "主治医"]
ITEMS = ["氏名(カナ)", "生年月日", "住所", "異動履歴", "資格取得日", "負担割合", "認定有効期間", "所得段階", "納期限", "送付先"]
ACTS = ["登録し、修正できること。", "検索条件として照会できること。", "一覧で出力できること。", "異動日順に管理できること。",
        "CSV形式で出力できること。", "他業務と連携できること。", "画面で確認できること。", "一括で更新できること。"]
CONDS = ["", "なお、履歴は保持すること。", "また、操作ログを記録すること。", "ただし、権限のある職員に限ること。"]
CLASSES = ["mandatory"] * 7 + ["optional"] * 2 + ["prohibited"]


def make_old(rng: random.Random, n: int) -> Spec:
    reqs = []
    for k in range(n):
        o, it = rng.choice(OBJECTS), rng.choice(ITEMS)
        text = f"{o}の{it}について、{rng.choice(OBJECTS)}ごとに{rng.choice(ACTS)}{rng.choice(CONDS)}"
        reqs.append(Requirement(f"0231{k:03d}" if k < 1000 else f"023{1000 + k:04d}", "function", rng.choice(CLASSES),
                                (f"大項目{k // 500}", f"中項目{k // 50}"), "", f"{o}{it}の管理{k}", text, "", ""))
    return Spec("介護保険", "第7.0版", tuple(reqs), (), "0" * 64)


def make_new(rng: random.Random, old: Spec, renumbered: int, edit: bool, tag: str) -> Spec:
    reqs = list(old.requirements)
    order = list(range(len(reqs)))
    rng.shuffle(order)
    for k in order[:300]:
        reqs[k] = dataclasses.replace(reqs[k], text=reqs[k].text.replace("できること", "可能であること"))
    for k in order[300:500]:
        reqs[k] = dataclasses.replace(reqs[k], cls="optional" if reqs[k].cls != "optional" else "mandatory")
    for n, k in enumerate(order[500:500 + renumbered]):
        text = reqs[k].text[:5] + "、" + reqs[k].text[5:] if edit else reqs[k].text
        reqs[k] = dataclasses.replace(reqs[k], id=f"029{n:04d}", text=text)
    gone = set(order[500 + renumbered:700 + renumbered])
    kept = [r for k, r in enumerate(reqs) if k not in gone]
    kept += [Requirement(f"028{j:04d}", "function", "mandatory", ("総合事業",), "", f"新機能{j}",
                         f"{rng.choice(OBJECTS)}の{rng.choice(ITEMS)}を{rng.choice(ACTS)}新規要件{j}", "", "")
             for j in range(200)]
    return Spec("介護保険", "第7.1版", tuple(kept), (), tag * 64)


def answers_to(spec: Spec, rng: random.Random, vendor: int) -> Response:
    marks = [("○", "yes"), ("×", "no"), ("△", "partial")]
    answers = []
    for row, r in enumerate(spec.requirements, start=2):
        raw, answer = rng.choice(marks)
        answers.append(Answer(r.id, raw, answer, "", "", "", f"機能!C{row}", f"機能!A{row}"))
    return Response(f"ベンダ{vendor}", f"回答{vendor}.xlsx", "0" * 64, tuple(answers), ())


def _package(package_dir: Path, name: str) -> dict[str, Any]:
    sys.path.insert(0, str(package_dir))
    try:
        specdiff = importlib.import_module(f"{name}.analysis.specdiff")
        carryover = importlib.import_module(f"{name}.analysis.carryover")
        # where a run keeps its diffs: diff_cache since the renumbering pairs are kept on disk, check_run before
        diffs = importlib.import_module(f"{name}.diff_cache" if (package_dir / name / "diff_cache.py").is_file()
                                        else f"{name}.check_run")
    finally:
        sys.path.pop(0)
    return {"specdiff": specdiff, "carryover": carryover, "diffs": diffs}


def _carry(pkg: dict[str, Any]) -> Callable[[Spec, Spec, list[Response]], object]:
    """The carry-over of several answer sheets as `hyojun check` of that checkout does it."""
    carry_over = pkg["carryover"].carry_over
    if "answered_spec" in inspect.signature(carry_over).parameters:  # before: a diff per sheet
        return lambda old, new, sheets: [carry_over(old, new, s) for s in sheets]
    version_diff = pkg["diffs"].version_diff
    pkg["diffs"]._diffs.clear()  # a new run: nothing shared with the previous round (and no store: see main)
    return lambda old, new, sheets: [carry_over(version_diff(old, new), s) for s in sheets]


def cpu(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reqs", type=int, default=4000)
    parser.add_argument("--vendors", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout of hyojun (git worktree add)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(20260607)
    old = make_old(rng, args.reqs)
    mass = min(3000, args.reqs - 900)
    scenarios = {"ordinary": make_new(rng, old, min(300, mass), False, "1"),
                 "mass renumbering": make_new(rng, old, mass, False, "2"),
                 "mass renumbering, edited": make_new(rng, old, mass, True, "3")}
    sheets = [answers_to(old, rng, v) for v in range(args.vendors)]
    with tempfile.TemporaryDirectory() as tmp:
        # a home with no spec store: the renumbering pairs a diff would keep on disk (diff_cache) are not kept, so
        # every round searches them as a first run does, and nothing is written into the checkout's specs/
        os.environ["HYOJUN_HOME"] = str(Path(tmp) / "home")
        packages = {"this": _package(ROOT, "checker")}
        if args.baseline:
            shutil.copytree(args.baseline / "checker", Path(tmp) / "checker_baseline")
            packages["baseline"] = _package(Path(tmp), "checker_baseline")
        print(f"{args.reqs} requirements, {args.vendors} answer sheets; CPU s (best of {args.repeat})")
        print(f"{'scenario':26} {'stage':11} {'floor':>8} " + " ".join(f"{n:>9}" for n in packages)
              + "   this/floor" + ("   this/baseline" if args.baseline else ""))
        for label, new in scenarios.items():
            comparable = packages["this"]["specdiff"].comparable
            floor = cpu(lambda: [comparable(r.text) for s in (old, new) for r in s.requirements], args.repeat)
            for stage in ("diff", "carry-over"):
                times = {}
                for name, pkg in packages.items():
                    run = (lambda p=pkg: p["specdiff"].diff(old, new)) if stage == "diff" else (
                        lambda p=pkg: _carry(p)(old, new, sheets))
                    times[name] = cpu(run, args.repeat)
                line = (f"{label:26} {stage:11} {floor:8.3f} " + " ".join(f"{t:9.3f}" for t in times.values())
                        + f"   {times['this'] / floor:10.1f}")
                if args.baseline:
                    line += f"   {times['this'] / times['baseline']:14.4f}"
                print(line)


if __name__ == "__main__":
    main()
