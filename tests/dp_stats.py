"""Exact discrete Laplace distribution and the goodness-of-fit statistics the DP tests use.

The Kolmogorov-Smirnov threshold comes from the Dvoretzky-Kiefer-Wolfowitz inequality with
Massart's constant, P(sup |F_n - F| > e) <= 2 exp(-2 n e^2), which holds for any distribution,
discrete ones included (where it is conservative): no asymptotic approximation is involved.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

FALSE_FAILURE = 1e-5  # per statistical check; a test file runs a handful of them


def q_of(scale: float) -> float:
    return math.exp(-1.0 / scale)


def cdf(k: int, scale: float) -> float:
    """P(X <= k) for P(X = k) = (1 - q) / (1 + q) q^|k|, q = exp(-1 / scale)."""
    q = q_of(scale)
    return 1.0 - q ** (k + 1) / (1.0 + q) if k >= 0 else q ** (-k) / (1.0 + q)


def ks_distance(samples: Sequence[int], scale: float) -> float:
    """sup_x |F_n(x) - F(x)|; both are step functions jumping at integers only."""
    counts = Counter(samples)
    n, seen, worst = len(samples), 0, 0.0
    for k in range(min(counts) - 1, max(counts) + 1):
        seen += counts.get(k, 0)
        worst = max(worst, abs(seen / n - cdf(k, scale)))
    return worst


def dkw_threshold(n: int, alpha: float = FALSE_FAILURE) -> float:
    return math.sqrt(math.log(2.0 / alpha) / (2.0 * n))


def mean_abs(scale: float) -> float:
    q = q_of(scale)
    return 2.0 * q / (1.0 - q * q)


def mean_abs_sd(scale: float, n: int) -> float:
    q = q_of(scale)
    second_moment = 2.0 * q / (1.0 - q) ** 2
    return math.sqrt((second_moment - mean_abs(scale) ** 2) / n)


def max_cdf_gap(scale: float, other: float, span: int) -> float:
    """How far apart two scales' CDFs get: what a KS test can see at best."""
    return max(abs(cdf(k, scale) - cdf(k, other)) for k in range(-span, span + 1))
