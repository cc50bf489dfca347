-- Every column of a table with the expression that reads it masked: what its masked view
-- selects, and what dump --masked copies (for_dump). Unmasked columns are selected as
-- they are.
--
-- In a view, a masked column shows its clear value to the roles entitled to its category
-- (privacy.grant_unmasked) and their members: the test is pg_has_role on current_user,
-- the reader (a view does not change it), in a scalar subquery that runs once per query.
--
-- In a dump there is no reader to entitle, and the copy must restore with its
-- constraints: a column of a foreign key takes the masking of the column it references
-- (so the keys still match), and a column of a primary key, unique constraint or foreign
-- key whose rule would merge distinct values (all but hash, and null on a nullable
-- column) is pseudonymized instead (hash; an e-mail rule keeps the e-mail form). A NOT
-- NULL column masked to NULL gets a neutral value of its type. Generated columns are left
-- out of a dump: the restore computes them from the masked values.
CREATE OR REPLACE FUNCTION privacy.masked_columns(tbl regclass, for_dump boolean DEFAULT false)
RETURNS TABLE (column_name name, expression text, category text, rule text, source text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    att record;
    m_category text;
    m_rule text;
    m_params jsonb;
    m_source text;
    entitled text;
    keyed boolean;
BEGIN
    FOR att IN SELECT a.attname, a.attnum, a.atttypid, a.atttypmod, a.attnotnull, a.attgenerated
                 FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped
                  AND NOT (for_dump AND a.attgenerated <> '')
                ORDER BY a.attnum LOOP
        column_name := att.attname;
        m_rule := NULL;
        IF for_dump THEN
            SELECT r.category, r.rule, r.params, r.source INTO m_category, m_rule, m_params, m_source
              FROM privacy.referenced_column_mask(tbl, att.attname) r;
        END IF;
        IF m_rule IS NULL THEN
            SELECT c.category, c.rule, c.params, c.source INTO m_category, m_rule, m_params, m_source
              FROM privacy.column_mask(tbl, att.attname) c;
        END IF;
        category := m_category; rule := m_rule; source := m_source;
        IF m_rule IS NULL THEN
            expression := pg_catalog.quote_ident(att.attname);
        ELSIF for_dump THEN
            keyed := EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                              WHERE k.conrelid = tbl AND k.contype IN ('p', 'u', 'f') AND att.attnum = ANY (k.conkey))
                  OR EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                              WHERE i.indrelid = tbl AND i.indisunique AND att.attnum = ANY (i.indkey::smallint[]));
            IF keyed AND m_rule <> 'hash' AND NOT (m_rule = 'null' AND NOT att.attnotnull)
               AND privacy.mask_rule_problem('hash', '{}', att.atttypid) IS NULL THEN
                m_params := CASE WHEN m_rule = 'partial_email' THEN '{"format": "email"}'::jsonb ELSE '{}'::jsonb END;
                m_rule := 'hash';
                rule := m_rule;
            END IF;
            expression := privacy.mask_expression(pg_catalog.quote_ident(att.attname), att.atttypid, att.atttypmod,
                                                  m_rule, m_params, att.attnotnull);
        ELSE
            expression := privacy.mask_expression(pg_catalog.quote_ident(att.attname), att.atttypid, att.atttypmod,
                                                  m_rule, m_params);
            entitled := (SELECT pg_catalog.string_agg(pg_catalog.format('pg_catalog.pg_has_role(%L, ''USAGE'')', u.role_name),
                                                      ' OR ' ORDER BY u.role_name)
                           FROM privacy.unmasked_categories u
                          WHERE u.category = m_category
                            AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = u.role_name));
            IF entitled IS NOT NULL THEN
                expression := pg_catalog.format('CASE WHEN (SELECT %s) THEN %I ELSE %s END', entitled, att.attname, expression);
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.masked_columns(regclass, boolean) IS
    'Each column of a table with the SQL that reads it masked (for its masked view, or for dump --masked), its category, rule and the rule''s source';

GRANT EXECUTE ON FUNCTION privacy.masked_columns(regclass, boolean) TO governance_admin, governance_dpo, governance_auditor;
