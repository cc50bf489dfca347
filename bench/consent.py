"""Cost of consent checks on reads, and of recording decisions.

`python -m bench.consent`: 1M rows of events belonging to 100k subjects, each subject with
one to three consent decisions for each of two purposes (~400k decisions, generated
set-based). Timed against a no-governance baseline in the same run, interleaved, medians:
  - a 1M-row scan filtered by privacy.has_consent per row, against the same scan unfiltered;
  - the same scan of the table guarded by privacy.consent_required (the check inlined into
    the policy), read by an application role under the guarded purpose, against the same
    role under another purpose (the guard not applying), and against the hand-written
    latest-decision join an application without governance would run;
  - 5,000 privacy.record_consent calls against 5,000 plain INSERTs of the same rows.
The superuser running the scans bypasses row security, so one table serves all of them.
"""
from __future__ import annotations

import psycopg

from .common import compare, governed_database, print_table

ROWS = 1_000_000
SUBJECTS = 100_000
DECISIONS = 5_000
RUNS = 3

SETUP = f"""
SELECT privacy.register_purpose('marketing', 'newsletters', 'consent', 'v1');
SELECT privacy.register_purpose('analytics', 'usage statistics', 'consent', 'v1');
-- One to three decisions per subject and purpose; the last one decides (about 60% granted).
INSERT INTO privacy.consent_records (subject_key, purpose, granted, policy_version, recorded_by)
SELECT s::text, p, (s * 7 + n * 3 + length(p)) % 5 < 3, 'v1', 'bench'
  FROM generate_series(1, {SUBJECTS}) s, unnest(ARRAY['marketing', 'analytics']) p, generate_series(1, 1 + s % 3) n
 ORDER BY n, s;
CREATE TABLE public.events (id bigint PRIMARY KEY, subject_id integer NOT NULL, payload text NOT NULL);
INSERT INTO public.events SELECT g, 1 + g % {SUBJECTS}, md5(g::text) FROM generate_series(1, {ROWS}) g;
SELECT privacy.consent_required('public.events', 'marketing', 'subject_id');
CREATE ROLE bench_app NOLOGIN IN ROLE governance_app;
SELECT governance.allow_any_context('bench_app');  -- the application's pool: it names its users
GRANT SELECT ON public.events TO bench_app;
-- The baseline's own copy of the decisions, as an application without governance would keep them.
CREATE TABLE public.plain_consents AS
SELECT subject_key, purpose, granted, policy_version, now() AS recorded_at, id FROM privacy.consent_records;
CREATE INDEX ON public.plain_consents (subject_key, purpose, id DESC) INCLUDE (granted);
"""

FILTERED = "SELECT count(*) FROM public.events e WHERE privacy.has_consent(e.subject_id::text, 'marketing')"
UNFILTERED = "SELECT count(*) FROM public.events e"
HAND_JOIN = """
SELECT count(*) FROM public.events e
  JOIN (SELECT DISTINCT ON (subject_key) subject_key, granted FROM public.plain_consents
         WHERE purpose = 'marketing' ORDER BY subject_key, id DESC) c
    ON c.subject_key = e.subject_id::text AND c.granted
"""


def _guarded_count(dsn: str, purpose: str) -> int:
    with psycopg.connect(dsn) as conn:
        conn.execute("SET ROLE bench_app")
        conn.execute("SELECT governance.set_context('bench', purpose => %s)", (purpose,))
        return conn.execute("SELECT count(*) FROM public.events").fetchone()[0]


def main() -> None:
    with governed_database() as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for statement in SETUP.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("VACUUM ANALYZE")
            count = lambda query: conn.execute(query).fetchone()[0]  # noqa: E731
            assert count(FILTERED) == count(HAND_JOIN), "the baseline join must find the same rows"
            assert _guarded_count(dsn, "marketing") == count(FILTERED)
            print(f"{count(FILTERED):,} of {ROWS:,} rows have consent for marketing")

            rows = [
                compare("1M-row scan, has_consent per row", lambda: count(UNFILTERED), lambda: count(FILTERED), RUNS),
                compare("1M-row guarded table, app role", lambda: _guarded_count(dsn, "analytics"),
                        lambda: _guarded_count(dsn, "marketing"), RUNS),
                compare("guarded table, vs hand-written join", lambda: count(HAND_JOIN),
                        lambda: _guarded_count(dsn, "marketing"), RUNS),
            ]
            counter = iter(range(10**9))

            def plain_inserts() -> None:
                with conn.transaction():
                    base = next(counter) * DECISIONS
                    for i in range(DECISIONS):
                        conn.execute("INSERT INTO public.plain_consents (subject_key, purpose, granted, policy_version, "
                                     "recorded_at, id) VALUES (%s, 'marketing', true, 'v1', now(), %s)",
                                     (str(base + i), base + i))

            def governed_decisions() -> None:
                with conn.transaction():
                    base = next(counter) * DECISIONS
                    for i in range(DECISIONS):
                        conn.execute("SELECT privacy.record_consent(%s, 'marketing', true, NULL, %s::jsonb)",
                                     (str(base + i), '{"source": "bench"}'))

            rows.append(compare(f"{DECISIONS:,} decisions recorded", plain_inserts, governed_decisions, RUNS))
        print_table("Consent checks and decisions (governed / baseline, medians)", rows)


if __name__ == "__main__":
    main()
