"""discover_pii reaches precision 0.85 and recall 0.75 on each labelled fixture (a shop, a
CRM, a hospital, an HR system, an event log with JSON payloads) and overall, and each
proposal carries its evidence. `python -m bench.discovery` prints the figures."""
from __future__ import annotations

import psycopg
import pytest

from bench.discovery_fixtures import FIXTURES, load, measure
from tests.conftest import _new_database

PRECISION, RECALL = 0.85, 0.75


@pytest.fixture(scope="module")
def scores(cluster, installed_template):
    """The scores per fixture (and overall), and the evidence of every proposal."""
    for dsn in _new_database(cluster, installed_template):
        with psycopg.connect(dsn) as conn:
            load(conn)
            conn.commit()
            evidence = conn.execute("SELECT d.evidence FROM pg_namespace n, governance.discover_pii(n.nspname) d "
                                    "WHERE n.nspname = ANY(%s)", ([f.schema for f in FIXTURES],)).fetchall()
            yield {s.fixture: s for s in measure(conn)}, [e for (e,) in evidence]


@pytest.mark.parametrize("fixture", [f.name for f in FIXTURES] + ["overall"])
def test_discovery_reaches_the_floors(scores, fixture):
    score = scores[0][fixture]
    missed = sorted(score.personal - score.proposed)
    wrong = sorted(score.proposed - score.personal)
    assert score.precision >= PRECISION, f"{fixture}: precision {score.precision:.2f}, false positives {wrong}"
    assert score.recall >= RECALL, f"{fixture}: recall {score.recall:.2f}, missed {missed}"


def test_every_proposal_names_its_rule_and_sample(scores):
    for evidence in scores[1]:
        assert "sampled_rows" in evidence
        assert {"name_rule", "values", "mentions", "json_keys", "json_values"} & evidence.keys(), evidence
        for key in ("values", "mentions"):
            if key in evidence:
                assert {"kind", "matched", "sampled"} <= evidence[key].keys(), evidence
