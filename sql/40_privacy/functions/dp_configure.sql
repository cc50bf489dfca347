-- Declares who the data subjects of a dataset are and how many rows each may contribute to a
-- DP query. Sensitivities scale with this limit; rows beyond it are dropped per subject.
CREATE OR REPLACE FUNCTION privacy.dp_configure(dataset regclass, subject_column name DEFAULT NULL,
                                                max_contributions integer DEFAULT 1)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF dataset IS NULL OR max_contributions IS NULL OR NOT max_contributions BETWEEN 1 AND 1000000 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.dp_configure: a dataset and max_contributions between 1 and 1000000 are required, got %s',
                                        max_contributions);
    END IF;
    IF subject_column IS NULL AND max_contributions <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.dp_configure: max_contributions above 1 needs the subject_column that identifies a subject';
    END IF;
    IF subject_column IS NOT NULL THEN
        PERFORM privacy.dp_column('privacy.dp_configure', dataset, subject_column, false);
    END IF;
    PERFORM governance.require_trusted_relations('privacy.dp_configure', dataset);
    INSERT INTO privacy.dp_datasets AS d (dataset, subject_column, max_contributions, configured_by)
    VALUES (dataset, subject_column, max_contributions, governance.current_actor())
    ON CONFLICT ON CONSTRAINT dp_datasets_pkey DO UPDATE
       SET subject_column = EXCLUDED.subject_column, max_contributions = EXCLUDED.max_contributions,
           configured_by = EXCLUDED.configured_by, configured_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION privacy.dp_configure(regclass, name, integer) IS
    'Declares a dataset''s subject column and the most rows one subject contributes to a DP query (default: every row is a subject)';

GRANT EXECUTE ON FUNCTION privacy.dp_configure(regclass, name, integer) TO governance_admin, governance_dpo;
