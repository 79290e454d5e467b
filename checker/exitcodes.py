"""Exit codes of every `hyojun` command, in one place (documented in the README)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # report produced (lint: no errors)
    INPUT_ERROR = 1  # an input could not be used (lint: errors found)
    USAGE_ERROR = 2  # bad arguments
    CONDITION = 3  # --fail-on condition holds
