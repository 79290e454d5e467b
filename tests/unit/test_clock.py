"""hyojun's clock is Japan's, whatever the machine's time zone."""

import datetime as dt
import time

import pytest

from checker import clock
from checker.clock import as_datetime
from checker.dates_ja import shown_date, shown_month, shown_time
from tests.conftest import JST_MORNING


def test_a_machine_set_to_utc_reads_the_date_and_time_in_japan(utc_machine_at_jst_morning: None) -> None:
    """At 05:06 in Japan a UTC machine's local date is the day before: every deadline was a day further."""
    # the machine's local date then (date.today's), not the machine's clock now
    assert time.strftime("%Y-%m-%d", time.localtime(JST_MORNING.timestamp())) == "2026-12-06"
    assert clock.today() == dt.date(2026, 12, 7)
    assert clock.now_iso() == "2026-12-07T05:06:50+09:00"
    assert shown_time(clock.now_iso()) == "2026年12月7日 05:06"


@pytest.mark.parametrize(("stamp", "jst"), [
    ("2026-12-06T20:05:57.269514+00:00", "2026-12-07T05:05:57+09:00"),  # check --record's checked_at before schema 5
    ("2026-12-07T05:05:57+09:00", "2026-12-07T05:05:57+09:00"),
    ("2026-01-10T09:00:00", "2026-01-10T09:00:00+09:00"),  # no offset: taken to be JST
])
def test_a_time_is_written_in_jst_to_the_second(stamp: str, jst: str) -> None:
    assert clock.iso(stamp) == jst


def test_a_time_of_another_offset_is_shown_as_the_time_in_japan(utc_machine_at_jst_morning: None) -> None:
    """The 作成日時 of an HTML report and an Excel cell: the wall time in Japan, not the stamp's own offset's."""
    assert shown_time("2026-12-06T20:06:50+00:00") == "2026年12月7日 05:06"
    assert as_datetime("2026-12-06T20:06:50+00:00") == dt.datetime(2026, 12, 7, 5, 6, 50, tzinfo=clock.JST)


def test_dates_months_and_times_are_shown_in_one_style() -> None:
    """A printed dashboard for a 決裁 mixed 2026/12/07 16:52, 2026-01 and 2026-03-31: one style, 年月日."""
    assert shown_date(dt.date(2026, 2, 1)) == shown_date("2026-02-01") == "2026年2月1日"
    assert shown_month("2026-01") == "2026年1月"
    assert shown_month("2026-12") == "2026年12月"
    assert shown_time("2026-12-07T16:52:09+09:00") == "2026年12月7日 16:52"
    assert shown_time("作成日時なし") == "作成日時なし"  # not a time: as it is
