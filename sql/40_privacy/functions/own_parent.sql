CREATE OR REPLACE FUNCTION privacy.own_parent(tbl regclass, fk_column name)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    PERFORM privacy.require_user_table('privacy.own_parent', tbl);
    PERFORM governance.require_column('privacy.own_parent', tbl, fk_column);
    -- One-column foreign keys (or declared references) only: the parent's rows are
    -- collected by key before the children go, and a composite key would need a row type
    -- per table to hold them.
    IF NOT EXISTS (
        SELECT 1 FROM privacy.foreign_keys() f
         -- A partition's foreign key is its partitioned table's (privacy.foreign_keys).
         WHERE f.child = COALESCE(pg_catalog.pg_partition_root(tbl), tbl) AND pg_catalog.cardinality(f.child_attnums) = 1
           AND f.child_attnums[1] = (SELECT a.attnum FROM pg_catalog.pg_attribute a
                                      WHERE a.attrelid = f.child AND a.attname = fk_column)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.own_parent: column %I of %s is not a one-column foreign key',
                                        fk_column, tbl),
            HINT = 'Declare the foreign key first (ALTER TABLE ... ADD FOREIGN KEY, or privacy.declare_reference).';
    END IF;

    INSERT INTO privacy.owned_parents (fk_table, fk_column, declared_by)
    VALUES (tbl, fk_column, governance.current_actor())
    ON CONFLICT ON CONSTRAINT owned_parents_pkey DO NOTHING;
END
$$;

COMMENT ON FUNCTION privacy.own_parent(regclass, name) IS
    'Declares that the row a foreign key column references is the referencing row''s own personal data';

GRANT EXECUTE ON FUNCTION privacy.own_parent(regclass, name) TO governance_admin, governance_dpo;
