"""Benchmark of the HTML gap report in headless chromium: time to first render and to apply a filter.

    python benchmarks/html_bench.py [--sizes 3000 20000] [--repeat 3] [--json FILE] [--spec-diff N] [--compare V]

For each size a synthetic gap result is written with the library (check + write_gap_outputs) and
opened from file://. The baseline, measured in the same run on the same rows, is a plain
server-rendered table with no script, filtered the naive way (every row's `hidden` set in a loop).
Reported: first rows painted, page ready (ours: table built; baseline: load event), a status
filter and a keyword search (event to next painted frame), and ratios ours / baseline.
The issue's targets at 20,000 rows: first render < 1.5 s, filter < 200 ms.
`synthetic_result` is also what the browser tests use for their large report.
--spec-diff N also writes the spec diff of the same synthetic spec against a version with N texts
changed and times opening it (to the first frame after load) against the same page with every row
shown at once (the long-table paging of the data_table macro overridden), in the same run.
--compare V also writes the comparison of V vendors (each its own answers to the synthetic spec of the
largest size) and times its matrix as above: first row painted, load, the filter 「差異・要確認がある行のみ」
and a search, against the same matrix as one plain static table filtered the naive way.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.analysis.bid import compare
from checker.analysis.gap import STATUS_LABELS, GapResult, check
from checker.analysis.scoring import score
from checker.compare_run import load_scoring
from checker.model import Answer, Profile, RequiredOption, Requirement, Response, SourceFile, Spec
from checker.report.bid_view import BidView
from checker.report.bid_writers import write_compare_outputs
from checker.report.gap_view import ROW_COLUMNS, gap_view
from checker.report.gap_writers import write_gap_outputs
from checker.report.html import inline_static

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
GROUPS = ("介護保険共通", "被保険者資格", "保険料賦課", "保険料収納", "滞納管理", "受給者管理", "認定管理",
          "給付管理", "統計・報告等", "総合事業")
# (raw mark, answer class, weight): mostly ○, with every other class present.
MARKS = (("○", "yes", 70), ("△", "partial", 8), ("×", "no", 5), ("予定", "planned", 5), ("－", "na", 3),
         ("", "blank", 4), ("要確認", "invalid", 2), ("◎", "yes", 3))


def synthetic_result(n: int, *, seed: int = 6, hostile: str = "") -> GapResult:
    """A gap result of *n* requirements in 10 大項目 × 8 中項目, answered with a realistic mix of marks.

    *hostile* goes into the first row's vendor comment and 代替案 and the first requirement's name.
    """
    rnd = random.Random(seed)
    reqs, answers = [], []
    per_group = max(1, n // len(GROUPS))
    for k in range(n):
        rid = f"{23 + k // 9000:03d}{k % 9000 + 1:04d}"
        g = GROUPS[min(k // per_group, len(GROUPS) - 1)]
        sg = f"{g}の業務{(k % per_group) * 8 // per_group + 1}"
        cls = rnd.choices(("mandatory", "optional", "prohibited"), (70, 25, 5))[0]
        name = hostile if k == 0 and hostile else f"{sg}の処理{k + 1}"
        text = (f"{sg}において、対象者の情報を条件（氏名、生年月日、被保険者番号等）で検索し、"
                f"一覧で確認したうえで帳票（様式第{k % 40 + 1}号）を出力できること。")
        reqs.append(Requirement(rid, "function", cls, (g, sg, ""), "", name, text, "", f"機能要件!D{k + 3}"))
        answer = _answer(rnd, k, reqs[-1])
        answers.append(dataclasses.replace(answer, alternative=hostile, comment=hostile) if k == 0 and hostile
                       else answer)
    answers += [Answer(f"099{k:04d}", "○", "yes", "", "", "", f"機能!C{n + 5 + k}", f"機能!A{n + 5 + k}")
                for k in range(3)]
    optional = [r.id for r in reqs if r.cls == "optional"][:: max(1, n // 200)]
    spec = Spec("介護保険", "第6.0版", tuple(reqs), (SourceFile("synthetic_spec.xlsx", "0" * 64),), "0" * 64)
    response = Response("合成データ株式会社", "synthetic_vendor.xlsx", "0" * 64, tuple(answers), ())
    profile = Profile("見本市（合成）", "介護保険", "第6.0版", tuple(RequiredOption(i, "高") for i in optional))
    return check(spec, response, profile)


def _answer(rnd: random.Random, k: int, req: Requirement) -> Answer:
    """A vendor's answer to the *k*-th requirement *req*, in row k + 4 of its sheet."""
    raw, ans, _ = rnd.choices(MARKS, [m[2] for m in MARKS])[0]
    comment = rnd.choice(("", "", "", "標準機能で対応", "次期バージョンで対応予定", "詳細は別紙参照"))
    return Answer(req.id, raw, ans, "移行後" if ans == "planned" else "", "EUC機能で代替" if ans == "partial" else "",
                  comment, f"機能!C{k + 4}", f"機能!A{k + 4}", req.name)


def synthetic_comparison(n: int, vendors: int, out: Path, formats: tuple[str, ...] = ("html",)) -> tuple[Path, BidView]:
    """The HTML comparison of *vendors* vendors, each with answers of its own (seeded by its number), to the spec of
    synthetic_result(n); with the other *formats* written beside it."""
    base = synthetic_result(n)
    results = {}
    for v in range(vendors):
        rnd, name = random.Random(v), f"合成ベンダ{v + 1:02d}"
        answers = tuple(_answer(rnd, k, r) for k, r in enumerate(base.spec.requirements))
        results[name] = check(base.spec, dataclasses.replace(base.response, vendor=name, file=f"{name}.xlsx",
                                                             answers=answers), base.profile)
    area = {base.spec.area: results}
    written, view = write_compare_outputs(compare(area), score(area, load_scoring(None)), out, "compare", formats,
                                          "2026-01-01T00:00:00+09:00", masked=False)
    return next(p for p in written if p.suffix == ".html"), view


def write_report(result: GapResult, out: Path, stem: str) -> Path:
    return write_gap_outputs(result, out, stem, ("html",), "2026-01-01T00:00:00+09:00")[0]


def write_baseline(result: GapResult, out: Path) -> Path:
    """The same rows as one plain static table with the same stylesheet and no script: the floor."""
    view = gap_view(result, "2026-01-01T00:00:00+09:00")
    keys = [c[1] for c in ROW_COLUMNS if c[1] in ("id", "cls_label", "status_label", "raw_answer", "name", "text",
                                                    "timing", "alternative", "comment", "cell")]
    body = "".join(
        f'<tr data-status="{r.status}">' + "".join(f"<td>{html.escape(str(getattr(r, k)))}</td>" for k in keys)
        + "</tr>" for r in view.rows)
    head = "".join(f'<th scope="col">{k}</th>' for k in keys)
    path = out / "baseline.html"
    path.write_text(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>baseline</title>'
        f'<style>{inline_static("base.css")}</style></head><body><main>'
        f'<table class="data" id="baseline"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        "</main></body></html>", "utf-8")
    return path


def write_compare_baseline(view: BidView, out: Path) -> Path:
    """The matrix of *view* (one area) as one plain static table with the same stylesheet and no script: each row's
    ID, 名称, 実装区分, marks and each vendor's status, answer, 対応時期, 代替案, 備考 and cell address."""
    (area,) = view.areas
    head = "".join(f'<th scope="col">{html.escape(k)}</th>' for k in ("ID", "名称", "実装区分", "差異・要確認", *view.vendors))
    body = []
    for g in area.comparison.groups:
        for r in g.rows:
            req, marks = r.requirement, " ".join(m for m, on in (("差異", r.differ), ("要確認", r.gap)) if on)
            texts = ((STATUS_LABELS[c.status], c.raw_answer, c.timing, c.alternative, c.comment, c.cell)
                     for c in area.cells[req.id])
            cells = "".join(f"<td>{html.escape(' '.join(filter(None, t)))}</td>" for t in texts)
            body.append(f'<tr data-marks="{int(r.differ or r.gap)}"><td>{html.escape(req.id)}</td>'
                        f"<td>{html.escape(req.name)}</td><td>{html.escape(req.cls)}</td><td>{marks}</td>{cells}</tr>")
    path = out / "compare_baseline.html"
    path.write_text(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>baseline</title>'
        f'<style>{inline_static("base.css")}</style></head><body><main>'
        f'<table class="data" id="baseline"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        "</main></body></html>", "utf-8")
    return path


def first_row_probe(rows: str) -> str:
    """Records the first animation frame in which a row of the table exists (it is painted in that frame)."""
    return f"""(() => {{
  const tick = () => {{
    if (document.querySelector('{rows}, #baseline tbody tr')) window.__firstRowMs = performance.now();
    else requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}})();"""

# Runs one change and waits for the next painted frame.
GAP_TIMED = """async (action) => {
  const t0 = performance.now();
  if (action === 'status') {
    const cb = document.querySelector('input[data-facet="status"][value="conformant"]');
    if (cb) cb.click();
    else for (const tr of document.querySelectorAll('#baseline tbody tr')) tr.hidden = tr.dataset.status === 'conformant';
  } else {
    const q = document.querySelector('input[data-search]');
    if (q) { q.value = '様式第12号'; q.dispatchEvent(new Event('input', {bubbles: true})); }
    else for (const tr of document.querySelectorAll('#baseline tbody tr')) tr.hidden = !tr.textContent.includes('様式第12号');
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}"""


# The same for the compare report's matrix: the filter 「差異・要確認がある行のみ」, then a search.
COMPARE_TIMED = """async (action) => {
  const t0 = performance.now();
  const q = document.getElementById('m-q');
  if (action === 'status') {
    const only = document.getElementById('m-only');
    if (only) only.click();
    else for (const tr of document.querySelectorAll('#baseline tbody tr')) tr.hidden = tr.dataset.marks === '0';
  } else if (q) {
    q.value = '様式第12号';
    q.dispatchEvent(new Event('input', {bubbles: true}));
  } else for (const tr of document.querySelectorAll('#baseline tbody tr')) {
    tr.hidden = tr.hidden || !tr.textContent.includes('様式第12号');
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}"""
LOAD_END = "performance.getEntriesByType('navigation')[0].loadEventEnd"
# (table rows, when ready, the timed changes) of the gap report and of the compare report's matrix
GAP = ("[data-hy-grid] tbody tr.hy-row", "performance.getEntriesByName('hy-ready')[0].startTime", GAP_TIMED)
COMPARE = ("#m-body tr[data-id]", LOAD_END, COMPARE_TIMED)


def measure(browser, url: str, kind: tuple[str, str, str], ours: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    rows, ready, timed = kind
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.add_init_script(first_row_probe(rows))
    page.goto(url, wait_until="load")
    page.wait_for_function("window.__firstRowMs !== undefined")
    out = {"first_rows_ms": page.evaluate("window.__firstRowMs"), "ready_ms": page.evaluate(ready if ours else LOAD_END),
           "filter_ms": page.evaluate(timed, "status"), "search_ms": page.evaluate(timed, "search")}
    page.close()
    return out


def against_baseline(browser, ours: Path, baseline: Path, kind: tuple[str, str, str],  # type: ignore[no-untyped-def]
                     repeat: int) -> dict[str, dict[str, float | None]]:
    """Medians of *repeat* measures of the page *ours* and of its static *baseline*, and their ratios."""
    mine = median_of([measure(browser, ours.as_uri(), kind, True) for _ in range(repeat)])
    base = median_of([measure(browser, baseline.as_uri(), kind, False) for _ in range(repeat)])
    return {"ours": mine, "baseline": base,  # type: ignore[dict-item]
            "ratio": {k: round(mine[k] / base[k], 2) if base[k] else None for k in mine}}


ALL_ROWS = "html.js tbody.rows-later { display: table-row-group !important; }"
OPENED = """() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))"""


def spec_diff_page(n: int, changed: int, out: Path) -> Path:
    """The HTML spec diff of the synthetic spec of *n* requirements against one with *changed* texts edited."""
    from checker.analysis.specdiff import diff
    from checker.report.specdiff_writers import write_specdiff_outputs

    old = synthetic_result(n).spec
    step = max(1, n // changed)
    new = dataclasses.replace(old, version="第7.0版", requirements=tuple(
        dataclasses.replace(r, text=r.text.replace("一覧で確認", "一覧画面で確認")) if k % step == 0 and k // step < changed
        else r for k, r in enumerate(old.requirements)))
    return write_specdiff_outputs(diff(old, new), out, ("html",), "2026-01-01T00:00:00+09:00", ())[0]


def against_override(browser, path: Path, css: str, repeat: int,  # type: ignore[no-untyped-def]
                     probe: Callable[[Any], dict[str, float]]) -> dict[str, dict[str, float]]:
    """Medians of *probe* on the page at *path* ("ours") and on a copy with *css* laid over it ("every_row"),
    each opened fresh, the two taking turns so that both meet the same machine."""
    every_row = path.with_name("every_row.html")
    every_row.write_text(path.read_text("utf-8").replace("</head>", f"<style>{css}</style></head>", 1), "utf-8")
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "every_row": []}
    for _ in range(repeat):
        for name, page_path in (("ours", path), ("every_row", every_row)):
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(page_path.as_uri(), wait_until="load")
            runs[name].append(probe(page))
            page.close()
    return {name: median_of(rs) for name, rs in runs.items()}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[3000, 20000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="write the numbers to this file")
    ap.add_argument("--spec-diff", type=int, metavar="N", help="also time a spec diff page with N changed texts")
    ap.add_argument("--compare", type=int, metavar="V", help="also time the compare matrix of V vendors")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, object] = {"sizes": {}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            result = synthetic_result(n)
            report, baseline = write_report(result, folder, "report"), write_baseline(result, folder)
            results["sizes"][str(n)] = {  # type: ignore[index]
                "rows": len(result.rows), "html_bytes": report.stat().st_size,
                **against_baseline(browser, report, baseline, GAP, args.repeat)}
        if args.spec_diff:
            folder = Path(tmp) / "diff"
            folder.mkdir()
            page = spec_diff_page(max(args.sizes), args.spec_diff, folder)
            opened = against_override(browser, page, ALL_ROWS, args.repeat, lambda p: {"ms": p.evaluate(OPENED)})
            results["spec_diff"] = {"changed": args.spec_diff, "html_bytes": page.stat().st_size,
                                    "opened_ms": {name: m["ms"] for name, m in opened.items()}}
        if args.compare:
            folder = Path(tmp) / "compare"
            folder.mkdir()
            page, view = synthetic_comparison(max(args.sizes), args.compare, folder)
            results["compare"] = {"vendors": args.compare, "rows": view.areas[0].requirements,
                                  "page_rows": view.page_size, "html_bytes": page.stat().st_size,
                                  **against_baseline(browser, page, write_compare_baseline(view, folder), COMPARE,
                                                     args.repeat)}
        browser.close()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")


def print_table(results: dict) -> None:  # type: ignore[type-arg]
    print("| rows | measure | ours (ms) | static table (ms) | ratio |")
    print("|---:|---|---:|---:|---:|")
    for n, r in results["sizes"].items():
        for k in r["ours"]:
            print(f"| {int(n):,} | {k} | {r['ours'][k]} | {r['baseline'][k]} | {r['ratio'][k]} |")
    if "compare" in results:
        c = results["compare"]
        print(f"\ncompare, {c['vendors']} vendors × {c['rows']:,} requirements ({c['html_bytes'] / 1e6:.1f} MB, "
              f"{c['page_rows']} rows a page):\n\n| measure | ours (ms) | static matrix (ms) | ratio |\n|---|---:|---:|---:|")
        for k in c["ours"]:
            print(f"| {k} | {c['ours'][k]} | {c['baseline'][k]} | {c['ratio'][k]} |")
        print(f"\ncompare: filter < 200 ms ({'ok' if max(c['ours']['filter_ms'], c['ours']['search_ms']) < 200 else 'MISSED'})")
    if "spec_diff" in results:
        d = results["spec_diff"]
        ours, every = d["opened_ms"]["ours"], d["opened_ms"]["every_row"]
        print(f"\nspec diff, {d['changed']:,} texts changed ({d['html_bytes'] / 1e6:.1f} MB): opened (first frame after "
              f"load) in {ours} ms, {every} ms with every row shown at once: {ours / every:.2f}×")
    for n, r in results["sizes"].items():
        print(f"\n{int(n):,} rows: report {r['html_bytes'] / 1e6:.1f} MB; targets first render < 1500 ms "
              f"({'ok' if r['ours']['ready_ms'] < 1500 else 'MISSED'}), "
              f"filter < 200 ms ({'ok' if max(r['ours']['filter_ms'], r['ours']['search_ms']) < 200 else 'MISSED'})",
              file=sys.stdout)


if __name__ == "__main__":
    main()
