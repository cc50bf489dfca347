-- Erases a subject everywhere, in the caller's transaction, all or nothing.
--
--  1. Lock: the subject's rows, parents before children (the subject row first, then by
--     depth), in one order for every caller; the graph is computed once. A writer adding
--     a child row for this subject needs a key-share lock on its parent row, so it waits
--     for us and then fails on the foreign key: no orphan can appear mid-way. Own parents' keys are collected here,
--     while the rows that reference them still exist.
--  2. Under those locks: unknown subject, already erased, or conflicts (the checks of
--     privacy.erasure_plan) stop here with nothing changed.
--  3. Carry it out children first: detach surviving references, then delete or anonymize
--     each table's rows; own parents last, when nothing references them any more.
--  4. Re-scan the plan's tables for survivors (rows of linked tables have no foreign key
--     to lock against): any left makes the whole erasure fail with a retryable error.
--  5. Redact the audit trail, shred the subject's encryption keys, complete the request,
--     unlink the subject's predictions (lineage), pseudonymize the workflow records that
--     are kept as evidence (consent, requests, opt-outs, sharing, PHI accesses), record
--     the erasure (with a keyed hash of the key, never the key).
-- tenant: the subject's tenant under tenant isolation (privacy.use_subject_tenant).
CREATE OR REPLACE FUNCTION privacy.gdpr_forget(subject_key text, subject_type text DEFAULT NULL,
                                               request_id bigint DEFAULT NULL, tenant text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.gdpr_forget';
    for_type text := privacy.require_subject_type(caller, subject_type);
    hash text;
    graph privacy.erasure_node[];
    refs privacy.erasure_reference[];
    need_tables regclass[];
    need_privileges text[];
    node privacy.erasure_node;
    in_lock_order privacy.erasure_node[];
    lock_results jsonb[];
    ref privacy.erasure_reference;
    n bigint;
    found_rows bigint := 0;
    to_change bigint := 0;
    keys jsonb;
    owned_keys jsonb := '{}';
    locked jsonb := '{}';
    with_rows regclass[] := '{}';
    trained jsonb;
    findings jsonb;
    redact_keys jsonb := '[]';
    table_keys record;
    want_redact boolean := privacy.capability_installed('audit.redact(regclass,jsonb,text)');
    done jsonb := '[]';
    detached jsonb := '[]';
    kept jsonb := '[]';
    status text;
    statement text;
    survivor text;
    redacted integer;
    shredded integer;
    impact jsonb;
    own_records jsonb;
    unlinked jsonb;
    pseudonymized jsonb;
    erasure_id bigint;
    previous record;
    reason text;
BEGIN
    PERFORM privacy.require_subject_key_type(caller, for_type, subject_key);
    PERFORM privacy.use_subject_tenant(tenant);
    hash := privacy.subject_hash(for_type, subject_key);
    graph := ARRAY(SELECT t FROM privacy.subject_tables(for_type) t ORDER BY t.pos);
    PERFORM governance.require_local_table(caller, g.table_name, 'erasure') FROM pg_catalog.unnest(graph) g;
    refs := ARRAY(SELECT privacy.erasure_references(graph));
    -- Every table is read and locked (FOR UPDATE needs UPDATE), rows are deleted or
    -- masked, and references are detached.
    SELECT pg_catalog.array_agg(w.tbl), pg_catalog.array_agg(w.privileges) INTO need_tables, need_privileges
      FROM (SELECT n.table_name, CASE WHEN n.action = 'delete' THEN 'SELECT, UPDATE, DELETE' ELSE 'SELECT, UPDATE' END
              FROM pg_catalog.unnest(graph) n
            UNION ALL
            SELECT r.child, 'SELECT, UPDATE' FROM pg_catalog.unnest(refs) r) w(tbl, privileges);
    -- Locking, masking and deleting fire the tables' triggers as the pack's owner.
    PERFORM governance.require_trusted_relations(caller, need_tables);
    PERFORM governance.require_owner_privileges(caller, need_tables, need_privileges);

    -- 1. Lock, parents first, counting what is locked. One statement: the elements of an
    -- ARRAY[...] are evaluated left to right, so its subqueries lock in the order listed
    -- (planned once, not once per table). Own parents come last, with their keys.
    in_lock_order := ARRAY(SELECT g FROM pg_catalog.unnest(graph) g
                            ORDER BY g.kind = 'own_parent', g.depth, g.kind <> 'subject', g.table_name::oid);
    EXECUTE (SELECT pg_catalog.format('SELECT ARRAY[%s]::jsonb[]', pg_catalog.string_agg(CASE
                 WHEN o.kind = 'own_parent' THEN pg_catalog.format(
                     '(SELECT COALESCE(pg_catalog.jsonb_agg(k), ''[]'') FROM (SELECT %s::text AS k FROM %s WHERE %s FOR UPDATE) s)',
                     o.parent_key, o.table_name, o.predicate)
                 ELSE pg_catalog.format('(SELECT pg_catalog.to_jsonb(pg_catalog.count(*)) FROM (SELECT 1 FROM %s WHERE %s FOR UPDATE) s)',
                                        o.table_name, o.predicate) END, ', ' ORDER BY o.ordinality))
               FROM pg_catalog.unnest(in_lock_order) WITH ORDINALITY AS o)
       INTO lock_results USING subject_key;
    FOR i IN 1 .. pg_catalog.cardinality(in_lock_order) LOOP
        node := in_lock_order[i];
        IF node.kind = 'own_parent' THEN
            owned_keys := owned_keys || pg_catalog.jsonb_build_object(node.pos::text, lock_results[i]);
            n := pg_catalog.jsonb_array_length(lock_results[i]);
        ELSE
            n := (lock_results[i])::bigint;
        END IF;
        locked := locked || pg_catalog.jsonb_build_object(node.pos::text, n);
        found_rows := found_rows + n;
        IF n > 0 THEN
            with_rows := with_rows || node.table_name;
        END IF;
        IF node.action = 'delete' THEN
            to_change := to_change + n;
        END IF;
    END LOOP;

    -- 2. Unknown, already erased, or conflicting: stop with nothing changed. Rows a rule
    -- keeps (retain, anonymize) are found again after an erasure when they still hang off a
    -- kept row: with nothing to delete, a repeat is a no-op.
    IF to_change = 0 THEN
        SELECT e.id, e.erased_at INTO previous FROM privacy.erasures e
         WHERE e.subject_type = for_type AND e.subject_hash = hash ORDER BY e.id DESC LIMIT 1;
        IF FOUND THEN
            -- Consent, requests or predictions written since by transactions that raced
            -- that erasure are unlinked now, under the same keyed hash.
            own_records := privacy.unlink_subject_records(subject_key, hash);
            RETURN pg_catalog.jsonb_build_object(
                'status', 'already_erased', 'subject_type', for_type, 'subject_hash', hash,
                'erasure_id', previous.id, 'erased_at', previous.erased_at,
                'message', 'nothing to do: this subject was erased before and no data of it has appeared since',
                'predictions_unlinked', own_records->'predictions_unlinked', 'pseudonymized', own_records->'pseudonymized');
        END IF;
    END IF;
    IF found_rows = 0 THEN
        PERFORM privacy.refuse_unseen_subject(caller, for_type, graph);
    END IF;
    findings := privacy.reference_findings(refs, subject_key, true);
    IF pg_catalog.jsonb_array_length(findings->'conflicts') > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = pg_catalog.format('%s: the erasure conflicts with constraint(s) %s; nothing was changed', caller,
                      (SELECT pg_catalog.string_agg(DISTINCT c->>'constraint', ', ')
                         FROM pg_catalog.jsonb_array_elements(findings->'conflicts') c)),
            DETAIL = (findings->'conflicts')::text,
            HINT = 'Rows kept by a retain or anonymize rule reference rows the erasure deletes. Change the rule, '
                   'make the foreign key nullable, or see privacy.erasure_plan.';
    END IF;

    -- 3. Children first.
    FOREACH node IN ARRAY graph LOOP
        FOREACH ref IN ARRAY refs LOOP
            CONTINUE WHEN ref.parent_pos <> node.pos OR ref.resolution <> 'detach';
            EXECUTE pg_catalog.format('UPDATE %s SET %s WHERE %s', ref.child, ref.detach_set, ref.referencing)
              USING subject_key;
            GET DIAGNOSTICS n = ROW_COUNT;
            IF n > 0 THEN
                detached := detached || pg_catalog.jsonb_build_object(
                    'table', ref.child::text, 'constraint', ref.constraint_name, 'rows', n);
                kept := kept || COALESCE(privacy.shared_kept_entry(for_type, graph, ref.child, ref.constraint_name, n), '[]');
            END IF;
        END LOOP;

        statement := privacy.erasure_statement(node);
        IF statement IS NULL THEN
            n := (locked->>(node.pos::text))::bigint;
            keys := NULL;
        ELSE
            EXECUTE statement INTO n, keys USING subject_key, owned_keys->(node.pos::text), want_redact;
        END IF;
        kept := kept || COALESCE(privacy.node_kept_entry(node, CASE WHEN node.action = 'retain' THEN n
                                                                    ELSE (locked->>(node.pos::text))::bigint - n END), '[]');
        done := done || pg_catalog.jsonb_build_object('table', node.table_name::text, 'kind', node.kind,
                                                      'action', node.action, 'rows', n);
        redact_keys := redact_keys || COALESCE(keys, '[]');
    END LOOP;

    -- 4. Survivors: rows of the subject that a concurrent writer slipped in. One statement.
    EXECUTE (SELECT pg_catalog.format('SELECT s.t FROM (%s) s(t) LIMIT 1', COALESCE(pg_catalog.string_agg(
                        pg_catalog.format('SELECT %L WHERE EXISTS (SELECT 1 FROM %s WHERE %s)',
                                          g.table_name::text, g.table_name, g.predicate), ' UNION ALL '),
                        'SELECT NULL::text'))   -- nothing deleted: nothing can survive
               FROM pg_catalog.unnest(graph) g WHERE g.action = 'delete' AND g.kind <> 'own_parent')
       INTO survivor USING subject_key;
    IF survivor IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = pg_catalog.format('%s: rows of the subject in %s appeared during the erasure; nothing was changed',
                                        caller, survivor),
            HINT = 'A concurrent transaction wrote data of this subject. Retry the erasure.';
    END IF;

    -- 5. Evidence and the other capabilities' parts.
    reason := pg_catalog.format('GDPR erasure of a %s%s', for_type,
                                CASE WHEN request_id IS NOT NULL THEN pg_catalog.format(' (request %s)', request_id) ELSE '' END);
    -- One redaction per table, over all of its erased rows' keys: one pass of the trail.
    IF want_redact THEN
        redacted := 0;
        FOR table_keys IN SELECT e->>0 AS table_name, pg_catalog.jsonb_agg(e->1) AS keys
                            FROM pg_catalog.jsonb_array_elements(redact_keys) e GROUP BY e->>0 LOOP
            EXECUTE 'SELECT audit.redact($1::regclass, $2, $3)' USING table_keys.table_name, table_keys.keys, reason;
            redacted := redacted + pg_catalog.jsonb_array_length(table_keys.keys);
        END LOOP;
    END IF;
    -- Encryption, lineage and the workflow functions never store an empty key (the
    -- workflow functions not even a blank one) and their erasure functions refuse it:
    -- such a key has nothing there to shred, unlink or pseudonymize.
    IF subject_key <> '' AND privacy.capability_installed('governance.shred_subject_keys(text)') THEN
        EXECUTE 'SELECT governance.shred_subject_keys($1)' INTO shredded USING subject_key;
    END IF;
    IF request_id IS NOT NULL THEN
        PERFORM privacy.complete_request(caller, request_id, subject_key, for_type);
    END IF;
    -- What lineage knew about the subject is read before the predictions are unlinked.
    -- The record keeps it per model version, without the prediction ids: with them, the
    -- keyed hash would lead back to the very rows that were just unlinked.
    impact := privacy.lineage_impact(subject_key)->'lineage';
    -- And the models trained on the subject's tables, for the retraining decision.
    trained := privacy.trained_models(with_rows);
    IF trained IS NOT NULL THEN
        impact := COALESCE(impact, '{}') || pg_catalog.jsonb_build_object('trained_models', trained);
    END IF;
    own_records := privacy.unlink_subject_records(subject_key, hash);
    unlinked := own_records->'predictions_unlinked';
    pseudonymized := own_records->'pseudonymized';
    IF unlinked IS NOT NULL AND unlinked <> 'null' THEN
        impact := COALESCE(impact, '{}') || pg_catalog.jsonb_build_object('predictions_unlinked', unlinked);
    END IF;

    INSERT INTO privacy.erasures (subject_type, subject_hash, request_id, erased_by, tables,
                                  keys_shredded, audit_redacted, lineage)
    VALUES (for_type, hash, request_id, governance.current_actor(),
            pg_catalog.jsonb_build_object('tables', done, 'detached', detached, 'kept', kept,
                                          'pseudonymized', pseudonymized),
            shredded, redacted, impact - 'prediction_ids')
    RETURNING id INTO erasure_id;

    -- `erased` only when no classified value stays in a row the erasure kept, shared or not.
    status := privacy.erasure_status(kept);
    RETURN pg_catalog.jsonb_build_object(
        'status', status, 'subject_type', for_type, 'subject_hash', hash, 'erasure_id', erasure_id,
        'request_id', request_id, 'tables', done, 'detached', detached, 'kept', kept,
        'rows_erased', (SELECT COALESCE(pg_catalog.sum((t->>'rows')::bigint), 0)
                          FROM pg_catalog.jsonb_array_elements(done) t WHERE t->>'action' <> 'retain'),
        'audit_redacted', redacted, 'keys_shredded', shredded,
        'predictions_unlinked', unlinked, 'trained_models', trained, 'pseudonymized', pseudonymized);
END
$$;

COMMENT ON FUNCTION privacy.gdpr_forget(text, text, bigint, text) IS
    'Erases a data subject everywhere in one transaction (GDPR Art. 17): children first, retained and anonymized rows per rule, audit redacted, predictions unlinked, consent and request evidence pseudonymized, erasure recorded under a keyed hash; a repeat is a no-op';

GRANT EXECUTE ON FUNCTION privacy.gdpr_forget(text, text, bigint, text) TO governance_admin, governance_dpo;
