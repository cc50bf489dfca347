-- The error of gdpr_forget (and gdpr_export under row security) when no row of the
-- subject is visible: 55000 when row-level security filters the subject's tables (the
-- subject may be in a tenant other than the one set), P0002 when nothing hides it (there
-- is no such subject).
CREATE OR REPLACE FUNCTION privacy.refuse_unseen_subject(caller text, for_type text, graph privacy.erasure_node[])
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hidden text := privacy.subject_hidden_by_row_security(graph);
BEGIN
    IF hidden IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: no row of a %s with this key is visible: row-level security filters %s (%s)',
                                        caller, for_type, hidden,
                                        COALESCE('tenant ' || pg_catalog.quote_literal(NULLIF(governance.current_tenant(), '')), 'no tenant set')),
            HINT = 'The subject may belong to another tenant. Name it: the tenant argument (tenant => ...), '
                   'governance.set_context(actor, tenant => ...), or the CLI''s --tenant. The tenant is in the '
                   'subject table''s tenant column: ask the application, or its owner, which row security does not filter.';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'no_data_found',
        MESSAGE = pg_catalog.format('%s: no data of a %s with this key', caller, for_type),
        HINT = 'Check the key and the subject type; privacy.erasure_plan shows what would be erased.';
END
$$;

COMMENT ON FUNCTION privacy.refuse_unseen_subject(text, text, privacy.erasure_node[]) IS
    'Internal: raises 55000 (row security may hide the subject: name its tenant) or P0002 (no such subject)';
