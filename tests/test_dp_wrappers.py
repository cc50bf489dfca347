"""The DP wrappers return what the SQL returns; clamping holds for any data and bounds."""
from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from dp_fixtures import DATASET, as_alice, dataset  # noqa: F401  (fixture)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from installer import Governance


def test_release_wrappers_return_cost_and_scale(dataset):
    conn, gov = as_alice(dataset)
    with conn:
        release = gov.dp_mean_release(DATASET, "km", 0, 200, 0.5)
        assert (release.epsilon, release.sensitivity, release.noise_scale) == (Decimal("0.5"), 100, 400)
        assert 0 <= release.value <= 200
        assert gov.dp_count_release(DATASET, 0.25).noise_scale == 4
        assert gov.dp_remaining(DATASET) == Decimal("0.25")


def test_histogram_and_select_wrappers(dataset):
    with psycopg.connect(dataset) as conn:
        conn.execute('CREATE TABLE public."Modes" (mode text)')
        conn.execute("INSERT INTO public.\"Modes\" SELECT 'bus' FROM pg_catalog.generate_series(1, 30)")
        gov = Governance(conn)
        gov.set_budget("alice", 'public."Modes"', 1e6)
        gov.set_context("alice")
        bars = gov.dp_histogram('public."Modes"', "mode", ["bus", "bike"], 1e5)
        assert [(name, round(count)) for name, count in bars] == [("bus", 30), ("bike", 0)]
        assert gov.dp_select('public."Modes"', "mode", ["bike", "bus"], 100) == "bus"
        assert gov.dp_remaining('public."Modes"') == Decimal(1e6) - Decimal(1e5) - 100


bounds = st.tuples(st.decimals(min_value=-10**6, max_value=10**6, places=3),
                   st.decimals(min_value=-10**6, max_value=10**6, places=3)).filter(lambda b: b[0] < b[1])
values = st.lists(st.one_of(st.decimals(min_value=-10**9, max_value=10**9, places=4), st.none()), max_size=30)


@pytest.fixture(scope="module")
def scratch(pgtap_db):
    with psycopg.connect(pgtap_db) as conn:  # shared database: every example rolls back
        yield conn


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=values, bound=bounds)
def test_sum_and_mean_are_the_clamped_statistics(scratch, data, bound):
    lower, upper = bound
    gov = Governance(scratch)
    try:
        scratch.execute('CREATE TABLE public."Hypo Values" (v numeric)')
        scratch.cursor().executemany('INSERT INTO public."Hypo Values" VALUES (%s)', [(v,) for v in data])
        gov.set_budget(gov.current_actor(), 'public."Hypo Values"', 1e9)
        clamped = [min(max(v, lower), upper) for v in data if v is not None]
        top = max(abs(lower), abs(upper))
        release = gov.dp_sum_release('public."Hypo Values"', "v", lower, upper, 1e6)
        assert release.sensitivity == top and release.noise_scale == top / Decimal(10**6)
        # Noise: scale top/1e6, 60 scales is p < 1e-26; rounding to the grid: 1e-12 of top per value.
        assert abs(release.value - sum(clamped)) <= 60 * release.noise_scale + len(data) * top * Decimal("1e-11")
        mean = gov.dp_mean('public."Hypo Values"', "v", lower, upper, 1e6)
        assert lower <= mean <= upper
        if clamped:
            assert abs(mean - sum(clamped) / len(clamped)) <= (upper - lower) * Decimal("1e-3")
    finally:
        scratch.rollback()
