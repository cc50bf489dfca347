-- Applied by every SECURITY DEFINER function before it reads or writes a relation its
-- caller named (or registered earlier: ownership, policies and triggers change after
-- registration, so the check runs again each time the relation is used). See
-- governance.relation_trust_problems for the rule.
CREATE OR REPLACE FUNCTION governance.require_trusted_relations(fn text, tables regclass[])
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    problems text;
    owners text;
BEGIN
    SELECT pg_catalog.string_agg(DISTINCT pg_catalog.format('%s%s%s %s', p.named,
                                 CASE WHEN p.relation <> p.named THEN ' reaches ' || p.relation::text END,
                                 COALESCE(' (' || p.object || ')', ''), p.problem), '; '),
           pg_catalog.string_agg(DISTINCT pg_catalog.format('SELECT governance.trust_owner(%L);', p.owner), ' ')
      INTO problems, owners
      FROM governance.relation_trust_problems(tables) p;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: refusing to run code pg-governance''s owner does not trust: %s', fn, problems),
            HINT = pg_catalog.format('pg-governance runs a table''s policies, triggers, defaults, constraints and views with '
                                     'its owner''s rights; temporary tables are never acted on. If the roles named own the '
                                     'application''s code, pg-governance''s owner %I runs: %s Otherwise drop or replace that '
                                     'code (docs/threat_model.md).',
                                     (SELECT pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace n
                                       WHERE n.nspname = 'governance'), owners);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.require_trusted_relations(text, regclass[]) IS
    'Internal: raises 42501 naming every relation (and the code on it) pg-governance''s owner does not trust; see relation_trust_problems';

-- One relation.
CREATE OR REPLACE FUNCTION governance.require_trusted_relations(fn text, tbl regclass)
RETURNS void
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT governance.require_trusted_relations(fn, ARRAY[tbl]) $$;

COMMENT ON FUNCTION governance.require_trusted_relations(text, regclass) IS
    'Internal: raises 42501 when pg-governance''s owner does not trust the relation; see relation_trust_problems';
