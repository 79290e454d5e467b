"""Provenance carried by every output: tool, spec, vendor file, profile, generation time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from .. import TOOL_NAME, __version__


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Provenance:
    """Label/value pairs for the footer of an HTML report and the summary sheet of a workbook."""

    items: tuple[tuple[str, str], ...]

    @property
    def tool(self) -> str:
        return f"{TOOL_NAME} {__version__}"


def tool_info() -> dict[str, str]:
    return {"name": TOOL_NAME, "version": __version__}
