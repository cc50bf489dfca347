-- OpenLineage RunEvents as received. The key (run id, event type) makes ingestion
-- idempotent: a replayed event is recognised and changes nothing.
CREATE TABLE lineage.openlineage_events (
    run_id        uuid NOT NULL,
    event_type    text NOT NULL CHECK (event_type IN ('START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER')),
    event_time    timestamptz NOT NULL,
    job_namespace text NOT NULL,
    job_name      text NOT NULL,
    producer      text NOT NULL,
    event         jsonb NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    received_by   text NOT NULL,
    PRIMARY KEY (run_id, event_type)
);
CREATE INDEX openlineage_events_job_idx ON lineage.openlineage_events (job_namespace, job_name, event_time);

GRANT SELECT ON lineage.openlineage_events TO governance_admin, governance_auditor, governance_app;
