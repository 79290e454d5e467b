"""Dates as hyojun shows them to people: 2026年2月1日, 2026年1月, 2026年12月7日 16:52.

One style in every report, page header, Excel footer and console table: a printed dashboard for a 決裁 mixed
2026/12/07 16:52, 2026-01 and 2026-03-31. What machines read and what users type stays ISO (2026-02-01, 2026-01):
JSON, CSV, file names, --month and --today, and the messages that say what to type.
"""

from __future__ import annotations

import datetime as dt

from .clock import as_datetime


def shown_date(day: dt.date | str) -> str:
    """A date (or an ISO date text) as shown: 2026-03-31 → 2026年3月31日."""
    d = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}年{d.month}月{d.day}日"


def shown_month(month: str) -> str:
    """A month as hyojun keeps it (YYYY-MM) as shown: 2026-01 → 2026年1月."""
    year, mo = month.split("-")
    return f"{int(year)}年{int(mo)}月"


def shown_time(text: str) -> str:
    """An ISO time (clock.now_iso) as shown, in JST: 2026年12月6日 14:14, the HTML page header's and the Excel footer's
    alike; any other text as it is."""
    at = as_datetime(text)
    return f"{shown_date(at)} {at:%H:%M}" if isinstance(at, dt.datetime) else at
