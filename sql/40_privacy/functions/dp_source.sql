-- The rows a DP query may read, as a FROM item, and how many rows one subject contributes
-- at most. With a subject column configured (privacy.dp_configure), rows beyond the limit
-- of each subject are dropped, so the sensitivity holds whatever the data is.
CREATE OR REPLACE FUNCTION privacy.dp_source(caller text, dataset regclass, OUT from_item text, OUT contributions integer)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    settings privacy.dp_datasets%ROWTYPE;
BEGIN
    IF dataset IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: dataset is required', caller);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = dataset AND c.relkind IN ('r', 'p', 'v', 'm', 'f')) THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
            MESSAGE = pg_catalog.format('%s: %s is not a table or view', caller, dataset);
    END IF;
    IF NOT pg_catalog.has_table_privilege(dataset, 'SELECT') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: the differential privacy functions cannot read %s', caller, dataset),
            HINT = pg_catalog.format('The table owner runs SELECT privacy.dp_protect(%L, <analyst role>), or GRANT SELECT ON %s TO %I.',
                                     dataset::text, dataset, current_user);
    END IF;

    -- The DP functions read it as the pack's owner: its policies and a view's functions run so.
    PERFORM governance.require_trusted_relations(caller, dataset);

    SELECT * INTO settings FROM privacy.dp_datasets d WHERE d.dataset = dp_source.dataset;
    IF settings.subject_column IS NULL THEN
        from_item := pg_catalog.format('%s AS d', dataset);
        contributions := 1;
    ELSE
        from_item := pg_catalog.format(
            '(SELECT * FROM (SELECT s.*, pg_catalog.row_number() OVER (PARTITION BY s.%I) AS "dp$rank" FROM %s AS s) AS r'
            ' WHERE r."dp$rank" <= %s) AS d',
            settings.subject_column, dataset, settings.max_contributions);
        contributions := settings.max_contributions;
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.dp_source(text, regclass) IS
    'Internal: the FROM item of a DP query with per-subject contribution bounding, and the bound';
