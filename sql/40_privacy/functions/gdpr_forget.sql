-- Erases a subject everywhere, in the caller's transaction, all or nothing.
--
--  1. Lock: the subject's rows, parents before children (subject table first, then by
--     depth), in one order for every caller. A writer adding a child row for this subject
--     needs a key-share lock on its parent row, so it waits for us and then fails on the
--     foreign key: no orphan can appear mid-way. Own parents' keys are collected here,
--     while the rows that reference them still exist.
--  2. Plan (privacy.erasure_plan) under those locks: unknown subject, already erased, or
--     conflicts stop here with nothing changed.
--  3. Carry it out children first: detach surviving references, then delete or anonymize
--     each table's rows; own parents last, when nothing references them any more.
--  4. Re-scan the plan's tables for survivors (rows of linked tables have no foreign key
--     to lock against): any left makes the whole erasure fail with a retryable error.
--  5. Redact the audit trail, shred the subject's encryption keys, complete the request,
--     record the erasure (with a keyed hash of the key, never the key).
CREATE OR REPLACE FUNCTION privacy.gdpr_forget(subject_key text, subject_type text DEFAULT NULL,
                                               request_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'privacy.gdpr_forget';
    for_type text := privacy.require_subject_type(caller, subject_type);
    hash text;
    plan jsonb;
    node record;
    ref record;
    n bigint;
    keys jsonb;
    owned_keys jsonb := '{}';
    redact_keys jsonb := '[]';
    want_redact boolean := pg_catalog.to_regprocedure('audit.redact(regclass,jsonb,text)') IS NOT NULL;
    survived boolean;
    done jsonb := '[]';
    detached jsonb := '[]';
    masks text;
    redacted integer;
    shredded integer;
    erasure_id bigint;
    previous record;
    reason text;
BEGIN
    PERFORM privacy.require_subject_key(caller, for_type, subject_key);
    hash := privacy.subject_hash(for_type, subject_key);

    -- 1. Lock, parents first.
    FOR node IN SELECT * FROM privacy.subject_tables(for_type)
                 ORDER BY kind = 'own_parent', depth, table_name::oid LOOP
        IF node.kind = 'own_parent' THEN
            EXECUTE pg_catalog.format(
                'SELECT pg_catalog.jsonb_agg(k) FROM (SELECT %s::text AS k FROM %s WHERE %s FOR UPDATE) s',
                node.parent_key, node.table_name, node.predicate) INTO keys USING subject_key;
            owned_keys := owned_keys || pg_catalog.jsonb_build_object(node.pos::text, COALESCE(keys, '[]'));
        ELSE
            EXECUTE pg_catalog.format('SELECT 1 FROM %s WHERE %s FOR UPDATE', node.table_name, node.predicate)
              USING subject_key;
        END IF;
    END LOOP;

    -- 2. Plan under the locks.
    plan := privacy.erasure_plan(subject_key, for_type);
    IF NOT (plan->>'subject_found')::boolean THEN
        SELECT e.id, e.erased_at INTO previous FROM privacy.erasures e
         WHERE e.subject_type = for_type AND e.subject_hash = hash ORDER BY e.id DESC LIMIT 1;
        IF FOUND THEN
            RETURN pg_catalog.jsonb_build_object(
                'status', 'already_erased', 'subject_type', for_type, 'subject_hash', hash,
                'erasure_id', previous.id, 'erased_at', previous.erased_at,
                'message', 'nothing to do: this subject was erased before and no data of it has appeared since');
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: no data of a %s with this key', caller, for_type),
            HINT = 'Check the key and the subject type; privacy.erasure_plan shows what would be erased.';
    END IF;
    IF pg_catalog.jsonb_array_length(plan->'conflicts') > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = pg_catalog.format('%s: the erasure conflicts with constraint(s) %s; nothing was changed', caller,
                      (SELECT pg_catalog.string_agg(DISTINCT c->>'constraint', ', ')
                         FROM pg_catalog.jsonb_array_elements(plan->'conflicts') c)),
            DETAIL = (plan->'conflicts')::text,
            HINT = 'Rows kept by a retain or anonymize rule reference rows the erasure deletes. Change the rule, '
                   'make the foreign key nullable, or see privacy.erasure_plan.';
    END IF;

    -- 3. Children first.
    FOR node IN SELECT * FROM privacy.subject_tables(for_type) ORDER BY pos LOOP
        IF node.action = 'delete' AND node.kind <> 'own_parent' THEN
            FOR ref IN SELECT * FROM privacy.erasure_references(for_type) r
                        WHERE r.parent_pos = node.pos AND r.resolution = 'detach' LOOP
                EXECUTE pg_catalog.format('UPDATE %s SET %s WHERE %s', ref.child, ref.detach_set, ref.referencing)
                  USING subject_key;
                GET DIAGNOSTICS n = ROW_COUNT;
                IF n > 0 THEN
                    detached := detached || pg_catalog.jsonb_build_object(
                        'table', ref.child::text, 'constraint', ref.constraint_name, 'rows', n);
                END IF;
            END LOOP;
        END IF;

        masks := CASE WHEN node.action = 'anonymize' THEN privacy.mask_assignments(node.table_name) END;
        IF node.action = 'retain' OR (node.action = 'anonymize' AND masks IS NULL) THEN
            EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %s', node.table_name, node.predicate)
               INTO n USING subject_key;
            keys := NULL;
        ELSE
            EXECUTE pg_catalog.format(
                'WITH changed AS (%s RETURNING tableoid::regclass::text AS t, %s AS k) '
                'SELECT pg_catalog.count(*), CASE WHEN $3 THEN pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(t, k)) '
                'FILTER (WHERE k IS NOT NULL) END FROM changed',
                CASE WHEN node.kind = 'own_parent'
                     THEN pg_catalog.format('%s FROM %s AS q WHERE %s = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text($2))::%s[]) AND %s',
                                            CASE WHEN node.action = 'delete' THEN 'DELETE' ELSE 'UPDATE' END,
                                            node.table_name, node.parent_key, node.parent_key_type,
                                            privacy.unreferenced_condition(node.table_name))
                     WHEN node.action = 'delete'
                     THEN pg_catalog.format('DELETE FROM %s WHERE %s', node.table_name, node.predicate)
                     ELSE pg_catalog.format('UPDATE %s SET %s WHERE %s', node.table_name, masks, node.predicate) END,
                privacy.row_key_expression(node.table_name))
               INTO n, keys USING subject_key, owned_keys->(node.pos::text), want_redact;
        END IF;
        done := done || pg_catalog.jsonb_build_object('table', node.table_name::text, 'kind', node.kind,
                                                      'action', node.action, 'rows', n);
        redact_keys := redact_keys || COALESCE(keys, '[]');
    END LOOP;

    -- 4. Survivors: rows of the subject that a concurrent writer slipped in.
    FOR node IN SELECT * FROM privacy.subject_tables(for_type) WHERE action = 'delete' AND kind <> 'own_parent' LOOP
        EXECUTE pg_catalog.format('SELECT EXISTS (SELECT FROM %s WHERE %s)', node.table_name, node.predicate)
           INTO STRICT survived USING subject_key;
        IF survived THEN
            RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
                MESSAGE = pg_catalog.format('%s: rows of the subject in %s appeared during the erasure; nothing was changed',
                                            caller, node.table_name),
                HINT = 'A concurrent transaction wrote data of this subject. Retry the erasure.';
        END IF;
    END LOOP;

    -- 5. Evidence and the other capabilities' parts.
    reason := pg_catalog.format('GDPR erasure of a %s%s', for_type,
                                CASE WHEN request_id IS NOT NULL THEN pg_catalog.format(' (request %s)', request_id) ELSE '' END);
    IF want_redact THEN
        redacted := 0;
        FOR keys IN SELECT * FROM pg_catalog.jsonb_array_elements(redact_keys) LOOP
            EXECUTE 'SELECT audit.redact($1::regclass, $2, $3)' USING keys->>0, keys->1, reason;
            redacted := redacted + 1;
        END LOOP;
    END IF;
    IF pg_catalog.to_regprocedure('governance.shred_subject_keys(text)') IS NOT NULL THEN
        EXECUTE 'SELECT governance.shred_subject_keys($1)' INTO shredded USING subject_key;
    END IF;
    IF request_id IS NOT NULL THEN
        PERFORM privacy.complete_request(caller, request_id);
    END IF;

    INSERT INTO privacy.erasures (subject_type, subject_hash, request_id, erased_by, tables,
                                  keys_shredded, audit_redacted, lineage)
    VALUES (for_type, hash, request_id, governance.current_actor(),
            pg_catalog.jsonb_build_object('tables', done, 'detached', detached),
            shredded, redacted, plan->'lineage')
    RETURNING id INTO erasure_id;

    RETURN pg_catalog.jsonb_build_object(
        'status', 'erased', 'subject_type', for_type, 'subject_hash', hash, 'erasure_id', erasure_id,
        'request_id', request_id, 'tables', done, 'detached', detached,
        'rows_erased', (SELECT COALESCE(pg_catalog.sum((t->>'rows')::bigint), 0)
                          FROM pg_catalog.jsonb_array_elements(done) t WHERE t->>'action' <> 'retain'),
        'audit_redacted', redacted, 'keys_shredded', shredded, 'coverage_gaps', plan->'coverage_gaps');
END
$$;

COMMENT ON FUNCTION privacy.gdpr_forget(text, text, bigint) IS
    'Erases a data subject everywhere in one transaction (GDPR Art. 17): children first, retained and anonymized rows per rule, audit redacted, erasure recorded under a keyed hash; a repeat is a no-op';

GRANT EXECUTE ON FUNCTION privacy.gdpr_forget(text, text, bigint) TO governance_admin, governance_dpo;
