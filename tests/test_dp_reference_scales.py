"""Our noise scales agree with OpenDP's privacy maps for the same epsilon, bounds and
contribution limit: OpenDP searches for the smallest scale its own accounting calls
epsilon-DP, and we compare that with what our releases say they used."""
from __future__ import annotations

import opendp.prelude as dp
import psycopg
import pytest

dp.enable_features("contrib")

DATASET = "public.dp_reference"


def opendp_scale(transformation, contributions: int, epsilon: float) -> float:
    return dp.binary_search_param(lambda s: transformation >> dp.m.then_laplace(scale=s),
                                  d_in=contributions, d_out=epsilon)


def integers():
    return dp.vector_domain(dp.atom_domain(T=int)), dp.symmetric_distance()


@pytest.fixture
def gov(installed_db):
    from installer import Governance

    with psycopg.connect(installed_db) as conn:
        conn.execute(f"CREATE TABLE {DATASET} (subject int, amount int)")
        conn.execute(f"INSERT INTO {DATASET} SELECT g % 7, g FROM pg_catalog.generate_series(1, 50) g")
        api = Governance(conn)
        api.set_context("analyst")
        api.set_budget("analyst", DATASET, 1000)
        yield api


@pytest.mark.parametrize("contributions", [1, 3])
@pytest.mark.parametrize("epsilon", [0.1, 1.0, 2.5])
def test_count_and_sum_scales_match_opendp(gov, contributions, epsilon):
    if contributions > 1:
        gov.dp_configure(DATASET, "subject", contributions)
    count = gov.dp_count_release(DATASET, epsilon)
    assert float(count.noise_scale) == pytest.approx(opendp_scale(integers() >> dp.t.then_count(), contributions, epsilon),
                                                     rel=1e-6)
    total = gov.dp_sum_release(DATASET, "amount", -300, 200, epsilon)
    clamped_sum = integers() >> dp.t.then_clamp((-300, 200)) >> dp.t.then_sum()
    assert float(total.noise_scale) == pytest.approx(opendp_scale(clamped_sum, contributions, epsilon), rel=1e-6)


def test_mean_spends_half_on_each_part_as_opendp_would_scale_them(gov):
    epsilon = 1.0
    mean = gov.dp_mean_release(DATASET, "amount", 10, 30, epsilon)
    centred_sum = integers() >> dp.t.then_clamp((-10, 10)) >> dp.t.then_sum()
    assert float(mean.noise_scale) == pytest.approx(opendp_scale(centred_sum, 1, epsilon / 2), rel=1e-6)
    count_scale = gov.conn.execute("SELECT (details->>'count_noise_scale')::float8 FROM privacy.dp_releases "
                                   "WHERE id = %s", (mean.release_id,)).fetchone()[0]
    assert count_scale == pytest.approx(opendp_scale(integers() >> dp.t.then_count(), 1, epsilon / 2), rel=1e-6)
