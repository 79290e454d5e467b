"""Provenance carried by every output: tool, spec, vendor file, profile, generation time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import TOOL_NAME, __version__
from ..clock import as_datetime
from ..dates_ja import shown_time
from ..model import Spec

CREATED = "作成日時"  # the item with the time a report was made (clock.now_iso)


@dataclass(frozen=True)
class Provenance:
    """Label/value pairs for the footer of an HTML report and the summary sheet of a workbook."""

    items: tuple[tuple[str, str], ...]

    @property
    def tool(self) -> str:
        return f"{TOOL_NAME} {__version__}"

    @property
    def created(self) -> str:
        """The time the report was made, as printed (2026年12月6日 14:14; "" if the items do not give it)."""
        return next((shown_time(value) for label, value in self.items if label == CREATED), "")

    @property
    def shown_items(self) -> tuple[tuple[str, str], ...]:
        """The items as an HTML report shows and prints them: the time made as the Excel outputs print it."""
        return tuple((label, shown_time(value) if label == CREATED else value) for label, value in self.items)

    def sheet_rows(self) -> list[list[Any]]:
        """The items as label | value rows of a workbook, the time made as a date-time cell."""
        return [[label, as_datetime(value) if label == CREATED else value] for label, value in self.items]


def tool_info() -> dict[str, str]:
    return {"name": TOOL_NAME, "version": __version__}


def spec_info(spec: Spec) -> dict[str, str]:
    """The spec a JSON output was made against."""
    return {"area": spec.area, "version": spec.version, "sha256": spec.sha256}
