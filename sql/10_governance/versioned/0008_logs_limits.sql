-- Bounds on the work one call may ask of the server, in one place. A function that walks
-- a graph, reads a caller-sized document or samples a caller-sized number of rows checks
-- the request against these with governance.require_within_limit and refuses past them
-- (54000 program_limit_exceeded): a role with EXECUTE cannot buy hours of CPU or the
-- server's memory with one argument. Only the pack's owner changes them (row-level
-- security with a SELECT policy only, policies/limits_owner_writes.sql):
--   UPDATE governance.limits SET value = 200 WHERE name = 'lineage_depth';
CREATE TABLE governance.limits (
    name        text PRIMARY KEY,
    value       bigint NOT NULL CHECK (value > 0),
    description text NOT NULL
);

INSERT INTO governance.limits (name, value, description) VALUES
    ('lineage_depth', 100, 'levels a lineage traversal (upstream, downstream, column_*, path, impact, graph) may walk'),
    ('lineage_rows', 1000000, 'assets, columns or edges one lineage traversal may visit'),
    ('policy_bytes', 65536, 'size of one access policy document (access.create_policy), in bytes'),
    ('policy_nesting', 64, 'JSON nesting levels of the conditions of one access policy (all/any/not groups)'),
    ('attribute_bytes', 65536, 'size of one user or resource attribute value, in bytes'),
    ('document_bytes', 1048576, 'size of one caller-supplied JSON document stored by the pack (edge details, event details), in bytes'),
    ('openlineage_event_bytes', 1048576, 'size of one OpenLineage event (lineage.ingest_openlineage), in bytes'),
    ('openlineage_datasets', 200, 'inputs plus outputs of one OpenLineage event (every input is linked to every output)'),
    ('sample_rows', 1000, 'rows sampled per table by governance.discover_pii'),
    ('sample_value_chars', 4096, 'characters of each sampled value governance.discover_pii looks at (a huge text is not read whole)'),
    ('dp_categories', 10000, 'categories of one dp_histogram or dp_select'),
    ('summary_days', 3700, 'days one audit.summary may cover'),
    ('disclosure_grant_seconds', 300, 'how long a committed PHI read or export grant may be used');

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.limits', 'resource limits, set by the owner');

GRANT SELECT ON governance.limits TO governance_admin, governance_dpo, governance_auditor, governance_app;
