-- Everything held about a subject (GDPR Art. 15 and 20) as one jsonb document. All the
-- subject's tables are read by a single statement built from the subject graph, each
-- table through its predicate (index lookups), so a large subject costs one pass over
-- its own rows. Rows are to_jsonb of the stored row: numerics keep every digit, arrays
-- and json stay structured, dates and timestamps are ISO 8601.
-- The disclosure is recorded first, in a transaction of its own: the export is served
-- only under a committed grant of privacy.request_export for this subject, this session
-- user and actor (privacy.disclosure_grant), so rolling back the export cannot undo its
-- record.
-- tenant: the subject's tenant under tenant isolation (privacy.use_subject_tenant). No
-- visible row while row security filters the subject's tables is an error (55000), not an
-- empty document: the subject may be in another tenant. Without row security, a subject
-- with no data gets the empty document (after an erasure, that is the answer).
-- encrypted: what to do with encrypted columns the caller's keys cannot decrypt
-- (privacy.export_encrypted_columns): 'refuse' (the default) or 'mark'. With the keys
-- unlocked in the transaction and a decrypt grant, they are exported as plaintext.
CREATE OR REPLACE FUNCTION privacy.gdpr_export(subject_key text, subject_type text DEFAULT NULL,
                                               tenant text DEFAULT NULL, encrypted text DEFAULT 'refuse')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.gdpr_export';
    for_type text := privacy.require_subject_type(caller, subject_type);
    graph privacy.erasure_node[] := ARRAY(SELECT t FROM privacy.subject_tables(for_type) t);
    reads text;
    data jsonb;
    related jsonb := '{}';
    history record;
    rows jsonb;
    closed record;
BEGIN
    PERFORM privacy.require_subject_key_type(caller, for_type, subject_key);
    PERFORM privacy.use_subject_tenant(tenant);
    -- The graph as it is now: tables registered earlier may have changed owner or code.
    PERFORM governance.require_trusted_relations(caller, ARRAY(SELECT n.table_name FROM pg_catalog.unnest(graph) n));
    PERFORM governance.require_owner_privileges(caller, ARRAY(SELECT n.table_name FROM pg_catalog.unnest(graph) n), 'SELECT');
    PERFORM privacy.disclosure_grant(caller, (
        SELECT g FROM privacy.disclosure_grants g
         WHERE g.kind = 'export' AND g.subject_hash = privacy.subject_hash(for_type, subject_key)
           AND g.subject_type = for_type AND g.db_user = SESSION_USER AND g.actor = governance.current_actor()
           AND g.expires_at > pg_catalog.clock_timestamp()
         ORDER BY pg_catalog.pg_xact_status(g.created_xid) = 'committed' DESC, g.id DESC
         LIMIT 1), 'privacy.request_export(subject_key, subject_type)');

    SELECT pg_catalog.string_agg(pg_catalog.format(
               'SELECT %L AS tbl, %s AS pos, pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x.*)) AS rows FROM %s x WHERE %s',
               n.table_name::text, n.pos, n.table_name, n.predicate), ' UNION ALL ')
      INTO reads
      FROM pg_catalog.unnest(graph) n;

    -- The tables' policies run as the pack's owner: not with the session's keys in reach.
    closed := governance.encryption_keyring_close();
    EXECUTE pg_catalog.format(
        'SELECT COALESCE(pg_catalog.jsonb_object_agg(r.tbl, pg_catalog.jsonb_build_object(''rows'', r.rows) ORDER BY r.pos), ''{}'') '
        'FROM (%s) r WHERE r.rows IS NOT NULL', reads)
      INTO data USING subject_key;
    PERFORM governance.encryption_keyring_reopen(caller, closed.keyring, closed.entries);
    IF data = '{}' AND privacy.subject_hidden_by_row_security(graph) IS NOT NULL THEN
        PERFORM privacy.refuse_unseen_subject(caller, for_type, graph);
    END IF;
    data := privacy.export_encrypted_columns(caller, data, encrypted);

    -- Per table: which columns are personal data, how it links to the subject, and the rule
    -- that says how long it is kept.
    SELECT COALESCE(pg_catalog.jsonb_object_agg(t.key, t.value || pg_catalog.jsonb_build_object(
               'classified', COALESCE((SELECT pg_catalog.jsonb_object_agg(cc.column_name, pg_catalog.jsonb_build_object(
                                              'category', cc.category, 'sensitivity', cc.sensitivity))
                                         FROM governance.classified_columns cc
                                        WHERE cc.relid IN (SELECT privacy.table_and_ancestors(n.table_name))),
                                      '{}'),
               'linked_by', pg_catalog.to_jsonb(n.paths),
               'erasure_rule', pg_catalog.jsonb_build_object('action', n.action, 'reason', n.reason))), '{}')
      INTO data
      FROM pg_catalog.jsonb_each(data) t
      JOIN pg_catalog.unnest(graph) n ON n.table_name::text = t.key;

    -- The consent and requests capability's records of this subject, when installed: the
    -- same records gdpr_forget pseudonymizes, matched by key as it does (in the one form of
    -- governance.subject_key: stored so, except requests, which keep the key as given).
    FOR history IN SELECT * FROM privacy.subject_records() LOOP
        IF pg_catalog.to_regclass(pg_catalog.format('privacy.%I', history.table_name)) IS NOT NULL THEN
            EXECUTE pg_catalog.format(
                'SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r.*) ORDER BY r.id), ''[]'') FROM privacy.%I r WHERE %s = governance.subject_key($1)',
                history.table_name, history.stored_key)
               INTO rows USING subject_key;
            related := related || pg_catalog.jsonb_build_object(history.table_name, rows);
        END IF;
    END LOOP;
    IF subject_key <> '' AND privacy.capability_installed('lineage.subject_predictions(text)') THEN
        EXECUTE 'SELECT lineage.subject_predictions($1)' INTO rows USING subject_key;
        related := related || pg_catalog.jsonb_build_object('predictions', rows);
    END IF;

    RETURN pg_catalog.jsonb_build_object(
        'subject_type', for_type,
        'subject_found', data <> '{}',
        'exported_at', pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'subject', (SELECT pg_catalog.jsonb_build_object('table', s.table_name::text, 'key_column', s.key_column)
                      FROM privacy.subjects s WHERE s.subject_type = for_type),
        'tables', data) || related;
END
$$;

COMMENT ON FUNCTION privacy.gdpr_export(text, text, text, text) IS
    'Everything held about a data subject as one jsonb document (GDPR Art. 15/20): rows by table with classified columns marked, links, erasure rules, consents, requests, data sharing, opt-outs, PHI accesses, predictions';

GRANT EXECUTE ON FUNCTION privacy.gdpr_export(text, text, text, text) TO governance_admin, governance_dpo;
