"""hyojun's supported Python API: what README 「Python から使う」 documents, for scripts that drive hyojun without the CLI.

Every command is a thin shell over these calls: each gives what the command gives (the same checks, refusals and
JSON). Other modules of the package are internal and may change between versions. Problems are raised as
HyojunError subclasses (message, details and exit_code in Japanese and as the CLI says them); nothing here exits.
The spec store is HYOJUN_HOME's, as for the CLI.
"""

from .analysis.gap import GapResult
from .batch_run import CheckSummary, CheckTask, run_batch
from .check_run import CheckOptions, carryover_for, check_file, load_inputs
from .compare_run import CompareOptions, CompareOutcome, run_compare
from .errors import HyojunError, InputError, OutputError, UsageError
from .io.deadlines import load_deadlines
from .lint_run import LintOutcome, lint_dict, lint_files
from .manifest import AreaInput
from .readiness_query import FileImport, import_file, read_import, readiness_status
from .readiness_store import ReadinessStore
from .report.gap_writers import result_json
from .runtime import time_limit
from .spec_store import NotStoredError, resolve_spec

__all__ = [
    # the spec: a stored one by area (and version), or the ministry's workbook
    "resolve_spec",
    # one vendor's answers checked (check_file), with the answered version's carry-over, as the result JSON
    "CheckOptions", "load_inputs", "check_file", "carryover_for", "GapResult", "result_json",
    # many vendors' answers checked and the outputs written, as `hyojun check` does
    "CheckTask", "CheckSummary", "run_batch",
    # vendors compared and scored, as `hyojun compare` does
    "AreaInput", "CompareOptions", "CompareOutcome", "run_compare",
    # every problem of a vendor's sheet, as `hyojun lint` lists it
    "LintOutcome", "lint_files", "lint_dict",
    # migration readiness: import a progress workbook (read first, for a store made only once it can go in), read the status
    "ReadinessStore", "FileImport", "import_file", "read_import", "readiness_status", "load_deadlines",
    # a time limit for calls on files from outside (the CLI's HYOJUN_MAX_SECONDS), and errors
    "time_limit", "HyojunError", "InputError", "OutputError", "UsageError", "NotStoredError",
]
