-- Which OpenLineage event a document is. The spec's three (OpenLineage.json 2-0-x) share
-- eventTime, producer and schemaURL: a RunEvent has a run, a DatasetEvent a dataset, a
-- JobEvent neither (a job and its declared inputs and outputs). The schemaURL's fragment
-- (#/$defs/JobEvent) says it too, but is optional; a document with a run or an eventType
-- is treated as a RunEvent, so that its errors name what a RunEvent lacks.
CREATE OR REPLACE FUNCTION lineage.openlineage_kind(event jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN event ? 'run' OR event ? 'eventType' THEN 'RunEvent'
        WHEN event ? 'dataset' OR event ->> 'schemaURL' LIKE '%/DatasetEvent' THEN 'DatasetEvent'
        WHEN event ->> 'schemaURL' LIKE '%/JobEvent' OR event ? 'job' THEN 'JobEvent'
        ELSE 'RunEvent'
    END
$$;

COMMENT ON FUNCTION lineage.openlineage_kind(jsonb) IS
    'Internal: RunEvent, JobEvent or DatasetEvent, the kind of OpenLineage event a document is';
