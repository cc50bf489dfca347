-- Data quality: metrics measured on assets, judged against per-asset thresholds.
-- 'min' thresholds are floors (completeness, freshness score: higher is better),
-- 'max' thresholds are ceilings (null rate, lag: lower is better).
CREATE TABLE lineage.quality_thresholds (
    asset_id   bigint NOT NULL REFERENCES lineage.assets (id),
    metric     text NOT NULL CHECK (metric ~ '^[a-z][a-z0-9_]*$'),
    direction  text NOT NULL CHECK (direction IN ('min', 'max')),
    warn_at    numeric NOT NULL,
    fail_at    numeric NOT NULL,
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (asset_id, metric),
    -- A floor warns before it fails; a ceiling likewise.
    CHECK (CASE direction WHEN 'min' THEN fail_at <= warn_at ELSE fail_at >= warn_at END)
);

CREATE TABLE lineage.quality_metrics (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id    bigint NOT NULL REFERENCES lineage.assets (id),
    metric      text NOT NULL CHECK (metric ~ '^[a-z][a-z0-9_]*$'),
    value       numeric NOT NULL,
    unit        text,
    -- Judged when recorded, against the thresholds of that moment: a later threshold
    -- change does not rewrite history. NULL when the metric has no threshold.
    status      text CHECK (status IN ('pass', 'warn', 'fail')),
    measured_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by text NOT NULL
);
CREATE INDEX quality_metrics_latest_idx ON lineage.quality_metrics (asset_id, metric, measured_at DESC, id DESC);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('lineage.quality_thresholds', 'quality configuration');

GRANT SELECT ON lineage.quality_thresholds, lineage.quality_metrics
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
