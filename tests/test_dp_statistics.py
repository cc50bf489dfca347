"""The noise has the distribution the mechanism promises, and the tests can tell a wrong one.

Each check has a false-failure probability below 1e-5 (so the file fails spuriously less
than once in 10,000 runs) and is shown to reject the mechanism with its scale off by 10%.
pgcrypto's randomness cannot be seeded, so the bounds above are what keeps them stable.
"""
from __future__ import annotations

import math

import psycopg
import pytest
from dp_stats import dkw_threshold, ks_distance, max_cdf_gap, mean_abs, mean_abs_sd

# At scale 10 a 10% scale error moves the CDF by up to 0.0175; with 80,000 draws the DKW
# threshold is 0.0087, and the sample's own distance from the truth exceeds the remaining
# margin with probability far below 1e-5. ~3 s of sampling here.
SAMPLER_SCALE, SAMPLER_DRAWS = 10.0, 80_000
Z_LIMIT = 4.42  # two-sided normal tail 1e-5


@pytest.fixture(scope="module")
def sampler_draws(pgtap_db):
    with psycopg.connect(pgtap_db) as conn:  # shared; everything here rolls back
        rows = conn.execute("SELECT privacy.dp_discrete_laplace(%s::numeric)::bigint FROM pg_catalog.generate_series(1, %s)",
                            (SAMPLER_SCALE, SAMPLER_DRAWS)).fetchall()
        conn.rollback()
    return [row[0] for row in rows]


def test_the_test_has_power_by_design():
    for wrong in (0.9 * SAMPLER_SCALE, 1.1 * SAMPLER_SCALE):
        margin = max_cdf_gap(SAMPLER_SCALE, wrong, 200) - dkw_threshold(SAMPLER_DRAWS)
        # The sample's distance at the point of largest gap has sd <= 0.5/sqrt(n); demand 4.5 sd.
        assert margin > 4.5 * 0.5 / math.sqrt(SAMPLER_DRAWS), wrong


def test_sampler_matches_the_exact_discrete_laplace_distribution(sampler_draws):
    assert all(isinstance(x, int) for x in sampler_draws)
    assert ks_distance(sampler_draws, SAMPLER_SCALE) < dkw_threshold(len(sampler_draws))


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_same_test_rejects_a_scale_off_by_ten_percent(sampler_draws, factor):
    assert ks_distance(sampler_draws, factor * SAMPLER_SCALE) > dkw_threshold(len(sampler_draws))


def test_sampler_mean_error_is_the_theoretical_scale(sampler_draws):
    observed = sum(abs(x) for x in sampler_draws) / len(sampler_draws)
    z = (observed - mean_abs(SAMPLER_SCALE)) / mean_abs_sd(SAMPLER_SCALE, len(sampler_draws))
    assert abs(z) < Z_LIMIT
    for factor in (0.9, 1.1):
        wrong = mean_abs(factor * SAMPLER_SCALE)
        assert abs(observed - wrong) / mean_abs_sd(factor * SAMPLER_SCALE, len(sampler_draws)) > Z_LIMIT


def test_sampler_is_symmetric(sampler_draws):
    positive = sum(1 for x in sampler_draws if x > 0)
    negative = sum(1 for x in sampler_draws if x < 0)
    assert abs(positive - negative) < Z_LIMIT * math.sqrt(positive + negative)


# dp_count end to end: 10,000 releases of a count of 10 rows at epsilon 0.5 (scale 2).
COUNT_RELEASES, COUNT_EPSILON, TRUE_COUNT = 10_000, 0.5, 10


@pytest.fixture(scope="module")
def count_noise(pgtap_db):
    with psycopg.connect(pgtap_db) as conn:  # shared; everything here rolls back
        conn.execute(f"CREATE TABLE public.dp_stat_rows AS SELECT g FROM pg_catalog.generate_series(1, {TRUE_COUNT}) g")
        conn.execute("SELECT governance.set_context('statistician')")
        conn.execute("SELECT privacy.set_budget('statistician', 'public.dp_stat_rows', 1e9)")
        values = [row[0] for row in conn.execute(
            "SELECT privacy.dp_count('public.dp_stat_rows', %s) FROM pg_catalog.generate_series(1, %s)",
            (COUNT_EPSILON, COUNT_RELEASES))]
        scales = conn.execute("SELECT DISTINCT noise_scale FROM privacy.dp_releases").fetchall()
        conn.rollback()
    return values, scales


def test_dp_count_releases_its_noise_scale(count_noise):
    _, scales = count_noise
    assert scales == [(1 / COUNT_EPSILON,)]


def test_dp_count_noise_is_discrete_laplace_of_scale_one_over_epsilon(count_noise):
    values, _ = count_noise
    noise = [int(v) - TRUE_COUNT for v in values]
    assert all(v == int(v) for v in values), "a count is released as an integer"
    scale = 1 / COUNT_EPSILON
    assert ks_distance(noise, scale) < dkw_threshold(len(noise))
    observed = sum(abs(x) for x in noise) / len(noise)
    assert abs(observed - mean_abs(scale)) / mean_abs_sd(scale, len(noise)) < Z_LIMIT
    for factor in (0.9, 1.1):
        assert abs(observed - mean_abs(factor * scale)) / mean_abs_sd(factor * scale, len(noise)) > Z_LIMIT


# dp_select: three categories with 0, 1 and 2 rows at epsilon 1 are chosen with probabilities
# proportional to exp(count / 2). 4,000 selections; each frequency within 4.9 sd (3 checks,
# together < 3e-6), and the same check rejects the mechanism with epsilon off by a factor 2.
SELECT_DRAWS = 4000


def exponential_probabilities(counts: list[int], epsilon: float) -> list[float]:
    weights = [math.exp(epsilon * c / 2) for c in counts]
    return [w / sum(weights) for w in weights]


def frequencies_match(observed: list[int], probabilities: list[float]) -> bool:
    n = sum(observed)
    return all(abs(o - n * p) < 4.9 * math.sqrt(n * p * (1 - p)) for o, p in zip(observed, probabilities))


def test_dp_select_follows_the_exponential_mechanism(pgtap_db):
    with psycopg.connect(pgtap_db) as conn:  # shared; rolls back
        conn.execute("CREATE TABLE public.dp_stat_choices AS SELECT * FROM (VALUES ('b'), ('c'), ('c')) AS v (choice)")
        conn.execute("SELECT privacy.set_budget(governance.current_actor(), 'public.dp_stat_choices', 1e9)")
        picks = [row[0] for row in conn.execute(
            "SELECT privacy.dp_select('public.dp_stat_choices', 'choice', ARRAY['a', 'b', 'c'], 1) "
            "FROM pg_catalog.generate_series(1, %s)", (SELECT_DRAWS,))]
        conn.rollback()
    observed = [picks.count(c) for c in "abc"]
    assert frequencies_match(observed, exponential_probabilities([0, 1, 2], 1.0))
    assert not frequencies_match(observed, exponential_probabilities([0, 1, 2], 2.0))
    assert not frequencies_match(observed, exponential_probabilities([0, 1, 2], 0.5))
