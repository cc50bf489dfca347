"""Install and upgrade time through an added-latency proxy: what a managed server costs.

    python -m bench.install [--latency 0,1,20] [--runs 3]

Each run creates an empty database and installs the pack through bench/proxy.py, which
adds the given round-trip latency (ms) and counts round trips (Query and Sync messages).
The upgrade row re-applies every function, view and policy file (as a release that
changed them all would), the worst case for the time the pack's tables stay locked.
"""
from __future__ import annotations

import argparse
import itertools
import statistics

import psycopg

from bench.common import seconds
from bench.proxy import LatencyProxy
from installer.engine.layout import discover
from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster

_names = itertools.count()


def _install(proxy: LatencyProxy, dbname: str, user: str) -> None:
    with psycopg.connect(proxy.dsn(dbname, user)) as conn:
        apply(conn, report=lambda _: None)


def _upgrade(proxy: LatencyProxy, dbname: str, user: str) -> None:
    """Forget the repeatable files' checksums, so that apply re-runs them all."""
    with psycopg.connect(proxy.dsn(dbname, user), autocommit=True) as conn:
        conn.execute("UPDATE governance.migrations SET checksum = repeat('0', 64) WHERE kind = 'repeatable'")
    proxy.reset()
    with psycopg.connect(proxy.dsn(dbname, user)) as conn:
        apply(conn, report=lambda _: None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", default="0,1,20", help="added round-trip latencies in ms")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = len(discover())
    print(f"{files} files; medians of {args.runs} runs")
    print(f"{'latency':>8} {'install s':>10} {'round trips':>12} {'upgrade s':>10} {'round trips':>12}")
    with ThrowawayCluster() as cluster, psycopg.connect(cluster.dsn(), autocommit=True) as admin:
        params = psycopg.conninfo.conninfo_to_dict(cluster.dsn())
        for latency in (float(ms) for ms in args.latency.split(",")):
            with LatencyProxy(params["host"], int(params["port"]), latency) as proxy:
                installs, upgrades, install_trips, upgrade_trips = [], [], 0, 0
                for _ in range(args.runs):
                    name = f"bench_install_{next(_names)}"
                    admin.execute(f"CREATE DATABASE {name}")
                    proxy.reset()
                    installs.append(seconds(lambda name=name: _install(proxy, name, params["user"])))
                    install_trips = proxy.round_trips
                    upgrades.append(seconds(lambda name=name: _upgrade(proxy, name, params["user"])))
                    upgrade_trips = proxy.round_trips
                    admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
                print(f"{latency:6g}ms {statistics.median(installs):10.2f} {install_trips:12d} "
                      f"{statistics.median(upgrades):10.2f} {upgrade_trips:12d}")


if __name__ == "__main__":
    main()
