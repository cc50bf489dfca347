"""Statutory deadlines over arbitrary receipt times (hypothesis), checked against a plain calendar model."""
from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

receipts = st.datetimes(min_value=datetime(1999, 1, 1), max_value=datetime(2199, 12, 31),
                        timezones=st.just(timezone.utc)).map(lambda d: d.replace(microsecond=0))


def add_months(moment: datetime, months: int) -> datetime:
    """Same day of the month `months` later, or that month's last day when it is shorter."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(received=receipts, zone=st.sampled_from(["UTC", "America/Los_Angeles", "Pacific/Chatham", "Asia/Kolkata"]))
def test_deadlines_match_the_calendar_in_any_session_time_zone(installed_db, received, zone):
    with psycopg.connect(installed_db) as conn:
        conn.execute(f"SET TIME ZONE '{zone}'")
        gdpr, gdpr_ext, ccpa, ccpa_ext, hipaa = conn.execute(
            "SELECT privacy.request_deadline('gdpr', %(r)s), privacy.request_deadline('gdpr', %(r)s, true), "
            "privacy.request_deadline('ccpa', %(r)s), privacy.request_deadline('ccpa', %(r)s, true), "
            "privacy.request_deadline('hipaa', %(r)s)", {"r": received}).fetchone()
    # Compared in UTC: Python never finds an ambiguous local time (the repeated hour when
    # DST ends, which psycopg returns in the session's zone) equal to one in another zone.
    gdpr, gdpr_ext, ccpa, ccpa_ext, hipaa = (moment.astimezone(timezone.utc)
                                             for moment in (gdpr, gdpr_ext, ccpa, ccpa_ext, hipaa))
    assert gdpr == add_months(received, 1)
    assert gdpr_ext == add_months(add_months(received, 1), 2)
    assert (ccpa, ccpa_ext, hipaa) == (received + timedelta(days=45), received + timedelta(days=90),
                                       received + timedelta(days=30))
