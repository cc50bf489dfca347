-- Foreign keys into the subject's tables that leave the tenant out: both tables are
-- tenant-isolated (access.enable_tenant_isolation), but the referencing columns do not
-- include the referencing table's tenant column, so a row of one tenant may reference a
-- row of another. Such a reference blocks the other tenant's erasure (NO ACTION: the
-- delete fails on a row the plan could not see) or reaches into it (CASCADE deletes
-- another tenant's rows); and unique and foreign-key errors name the other tenant's keys.
-- Each such key is named, with the number of referencing rows of another tenant when the
-- pack's owner can see them, or the warning that tenant isolation hides them.
CREATE OR REPLACE FUNCTION privacy.cross_tenant_references(graph privacy.erasure_node[], subject_key text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ref record;
    n bigint;
    found jsonb := '[]';
BEGIN
    FOR ref IN
        -- The tenant column of a tenant-isolated table: the one its isolation policy reads.
        WITH tenant_columns AS (
            SELECT p.polrelid AS tbl, a.attnum, a.attname
              FROM pg_catalog.pg_policy p
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = p.oid
                                         AND d.refclassid = 'pg_catalog.pg_class'::regclass
                                         AND d.refobjid = p.polrelid AND d.refobjsubid > 0
              JOIN pg_catalog.pg_attribute a ON a.attrelid = p.polrelid AND a.attnum = d.refobjsubid
             WHERE p.polname = 'governance_tenant_isolation')
        SELECT DISTINCT f.constraint_name, f.child, f.parent, f.child_cols, f.parent_cols, f.child_attnums, f.on_delete,
               ct.attname AS child_tenant, pt.attname AS parent_tenant, g.predicate
          FROM pg_catalog.unnest(graph) g
          JOIN privacy.foreign_keys() f ON f.parent = g.table_name
          JOIN tenant_columns ct ON ct.tbl = f.child
          JOIN tenant_columns pt ON pt.tbl = f.parent
         WHERE ct.attnum <> ALL (f.child_attnums)
         ORDER BY f.child, f.constraint_name
    LOOP
        n := NULL;
        IF NOT pg_catalog.row_security_active(ref.child) AND NOT pg_catalog.row_security_active(ref.parent) THEN
            -- Unqualified names in the subquery are the parent's (its predicate is written so).
            EXECUTE pg_catalog.format(
                'SELECT pg_catalog.count(*) FROM %1$s c WHERE (%2$s) IN (SELECT %3$s FROM %4$s WHERE %5$s AND %6$I IS DISTINCT FROM c.%7$I)',
                ref.child, (SELECT pg_catalog.string_agg(pg_catalog.format('c.%I', a.attname), ', ' ORDER BY k.ord)
                              FROM pg_catalog.unnest(ref.child_attnums) WITH ORDINALITY k(attnum, ord)
                              JOIN pg_catalog.pg_attribute a ON a.attrelid = ref.child AND a.attnum = k.attnum),
                ref.parent_cols, ref.parent, ref.predicate, ref.parent_tenant, ref.child_tenant)
              INTO n USING subject_key;
            CONTINUE WHEN n = 0;
        END IF;
        found := found || pg_catalog.jsonb_build_object(
            'table', ref.child::text, 'constraint', ref.constraint_name, 'columns', ref.child_cols,
            'references', ref.parent::text, 'rows', n,
            'warning', pg_catalog.format(
                '%s (%s) references %s without the tenant column %I: %s. '
                'Put the tenant in the key and the foreign key: FOREIGN KEY (%I, %s) REFERENCES %s (%I, %s)',
                ref.child, ref.child_cols, ref.parent, ref.child_tenant,
                CASE WHEN n IS NULL
                     THEN 'rows of another tenant may reference the subject, hidden from this plan by tenant isolation; '
                          || CASE ref.on_delete WHEN 'c' THEN 'the erasure would delete them' ELSE 'the erasure would fail on them' END
                     ELSE pg_catalog.format('%s rows of it belong to another tenant and reference the subject; %s', n,
                          CASE ref.on_delete WHEN 'c' THEN 'the erasure would delete them' ELSE 'the erasure fails on them' END) END,
                ref.child_tenant, ref.child_cols, ref.parent, ref.parent_tenant, ref.parent_cols));
    END LOOP;
    RETURN found;
END
$$;

COMMENT ON FUNCTION privacy.cross_tenant_references(privacy.erasure_node[], text) IS
    'Internal: foreign keys between tenant-isolated tables that leave the tenant out and reach the subject, with the rows of other tenants when visible';
