"""`hyojun lint`: every problem in a vendor sheet, with its cell address."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis.gap import check
from ..check_run import ensure_same_area
from ..exitcodes import ExitCode
from ..io.atomic import refuse_overwriting_inputs
from ..io.config import load_vocabulary
from ..io.export import write_xlsx
from ..io.vendor_reader import read_response
from ..normalize import DEFAULT_VOCABULARY
from ..report.lint_view import LINT_COLUMNS, in_sheet_order, lint_rows, lint_summary_table, lint_table, lint_title
from ..report.provenance import now_iso
from ..spec_store import resolve_spec
from .base import echo_json, echo_notes, require_xlsx


@click.command("lint")
@click.argument("vendor_file", type=click.Path(path_type=Path))
@click.option("--spec", "specs", multiple=True, metavar="SPEC",
              help="仕様書（省略可）。指定すると仕様書にないID・回答行のない要件も指摘する。")
@click.option("--vocabulary", type=click.Path(path_type=Path), help="回答記号の定義 YAML（既定の記号に追加・置換）。")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力する。")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path),
              help="指摘事項を Excel に書き出す（ベンダへの差し戻し用）。")
@click.pass_context
def lint_command(ctx: click.Context, vendor_file: Path, specs: tuple[str, ...], vocabulary: Path | None,
                 as_json: bool, xlsx_out: Path | None) -> None:
    """ベンダ回答ファイルを検査し、問題をセル番地つきで一覧表示する（エラーがあれば終了コード 1）。"""
    if xlsx_out:
        require_xlsx(xlsx_out, "差し戻し用の指摘事項", "--xlsx")  # before the files are read
    vocab = load_vocabulary(vocabulary) if vocabulary else DEFAULT_VOCABULARY
    notes: list[str] = []
    spec = resolve_spec(list(specs), warnings=notes) if specs else None
    response = read_response(vendor_file, vocabulary=vocab, spec_ids=spec.by_id() if spec else None)
    if spec is not None:
        ensure_same_area(spec, response)  # not hundreds of findings for a file of another area
    findings = in_sheet_order(check(spec, response).lint if spec else response.lint, response.sheets)
    echo_notes(notes)
    rows = lint_rows(findings)
    errors = sum(1 for f in findings if f.level == "error")
    if xlsx_out:
        refuse_overwriting_inputs([xlsx_out], [vendor_file, *map(Path, specs), *([vocabulary] if vocabulary else [])])
        spec_label, generated_at = f"{spec.area} {spec.version}" if spec else "", now_iso()
        write_xlsx(xlsx_out, [lint_summary_table(response, spec_label, findings, generated_at), lint_table(rows)],
                   title=lint_title(response, spec_label), generated_at=generated_at)
    if as_json:
        echo_json({"file": response.file, "sha256": response.sha256, "vendor": response.vendor,
                   "answers": len(response.answers), "errors": errors,
                   "findings": [f.to_dict() for f in findings]})
    else:
        if rows:
            click.echo("\t".join(LINT_COLUMNS))
        for _, label, code_label, code, cell, msg in rows:
            click.echo(f"{label}\t{code_label}\t{code}\t{cell or '-'}\t{msg}")
        warnings = sum(1 for f in findings if f.level == "warning")
        click.echo(f"{response.file}: 回答 {len(response.answers)} 行、エラー {errors} 件、警告 {warnings} 件"
                   + (f"（{xlsx_out} に書き出しました）" if xlsx_out else ""))
    ctx.exit(int(ExitCode.INPUT_ERROR if errors else ExitCode.OK))
