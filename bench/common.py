"""Shared benchmark plumbing: a throwaway server with the pack, medians, ratio tables.

This machine is shared and noisy, so a benchmark reports ratios (governed / baseline,
both measured in the same run, interleaved) and medians over several runs, never
absolute targets alone.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster


@contextmanager
def governed_database(settings: dict[str, str] | None = None) -> Iterator[str]:
    """A throwaway server (benchmark-friendly settings) with the pack installed; yields a DSN."""
    tuned = {"shared_buffers": "512MB", "max_wal_size": "4GB", "work_mem": "64MB", **(settings or {})}
    with ThrowawayCluster(settings=tuned) as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        dsn = cluster.dsn("bench")
        with psycopg.connect(dsn) as conn:
            apply(conn, report=lambda _: None)
        yield dsn


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@dataclass
class Comparison:
    name: str
    baseline: list[float]
    governed: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.governed) / statistics.median(self.baseline)


def compare(name: str, baseline: Callable[[], object], governed: Callable[[], object], runs: int = 5) -> Comparison:
    """Runs baseline and governed alternately, so drift in machine load hits both alike."""
    result = Comparison(name, [], [])
    for _ in range(runs):
        result.baseline.append(seconds(baseline))
        result.governed.append(seconds(governed))
    return result


def print_table(title: str, rows: list[Comparison], target: dict[str, float] | None = None) -> None:
    target = target or {}
    print(f"\n{title}")
    print(f"{'workload':40} {'baseline s':>11} {'governed s':>11} {'ratio':>7} {'target':>7}")
    for row in rows:
        goal = f"{target[row.name]:.2f}x" if row.name in target else ""
        print(f"{row.name:40} {statistics.median(row.baseline):11.4f} {statistics.median(row.governed):11.4f} "
              f"{row.ratio:6.2f}x {goal:>7}")
