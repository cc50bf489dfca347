BEGIN;
SELECT plan(7);

-- What the application role may call: record and read consent, open requests, opt out,
-- log sharing and PHI access, read PHI through the governed path, report incidents.
SELECT is_empty($$
    SELECT f FROM unnest(ARRAY[
        'privacy.has_consent(text,text)', 'privacy.record_consent(text,text,boolean,text,jsonb)',
        'privacy.withdraw_consent(text,text)', 'privacy.open_request(text,text,text,text,jsonb)',
        'privacy.opt_out_of_sale(text)', 'privacy.record_gpc_signal(text,jsonb)', 'privacy.has_opted_out(text,text)',
        'privacy.log_data_sharing(text,text,text[],text,boolean)', 'privacy.log_phi_access(text,text,regclass,text,text)',
        'privacy.request_phi_access(regclass,text[],text)', 'privacy.read_phi(anyelement,bigint)',
        'privacy.read_phi(anyelement,text[],text)', 'privacy.report_incident(text,text,text)',
        'privacy.request_deadline(text,timestamptz,boolean)', 'privacy.latest_consent(text,text)']) f
     WHERE NOT has_function_privilege('governance_app', f, 'EXECUTE') $$,
    'the application role may call the functions applications need');

-- What only the DPO (and admin) may do.
SELECT is_empty($$
    SELECT f FROM unnest(ARRAY[
        'privacy.register_purpose(text,text,text,text)', 'privacy.require_reconsent(text)',
        'privacy.consent_required(regclass,text,name)', 'privacy.verify_request(bigint,text)',
        'privacy.extend_request(bigint,text)', 'privacy.update_request_status(bigint,text,text)',
        'privacy.process_request(bigint)',
        'privacy.register_phi_table(regclass,name)', 'privacy.update_incident(bigint,text,text)',
        'privacy.accounting_of_disclosures(text,timestamptz)', 'privacy.open_requests_as_of(timestamptz)',
        'privacy.sharing_disclosures(text,timestamptz)']) f
     WHERE has_function_privilege('governance_app', f, 'EXECUTE') OR NOT has_function_privilege('governance_dpo', f, 'EXECUTE') $$,
    'workflow decisions are the DPO''s, not the application''s');

SELECT is_empty($$
    SELECT f FROM unnest(ARRAY[
        'privacy.record_opt_out(text,text,text,text,bigint,jsonb)', 'privacy.request_for_update(text,bigint)',
        'privacy.require_nonempty(text,text,text)', 'privacy.phi_access_reason(text,text)',
        'privacy.requests_check_change()', 'privacy.incidents_check_change()', 'privacy.is_erasure_pseudonymization(jsonb,jsonb,text)',
        'privacy.disclosure_grant(text,privacy.disclosure_grants,text)', 'privacy.phi_table(text,regclass)',
        'privacy.cross_tenant_references(privacy.erasure_node[],text)',
        'privacy.pseudonymize_subject(text,text)', 'privacy.unlink_subject_records(text,text)']) f,
        unnest(ARRAY['governance_app', 'governance_dpo', 'governance_auditor', 'governance_admin']) r
     WHERE has_function_privilege(r, f, 'EXECUTE') $$,
    'internal helpers are callable by no governance role');

SELECT is_empty($$
    SELECT t FROM unnest(ARRAY['privacy.consent_records', 'privacy.requests', 'privacy.request_events', 'privacy.opt_outs',
                               'privacy.data_sharing', 'privacy.phi_access_log', 'privacy.incidents']) t
     WHERE has_table_privilege('governance_app', t, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE') $$,
    'the application role neither reads nor writes the workflow evidence directly');
SELECT is_empty($$
    SELECT c FROM unnest(ARRAY['evidence', 'recorded_by', 'recorded_at']) c
     WHERE has_column_privilege('governance_app', 'privacy.consent_records', c, 'SELECT') $$,
    'of consent records it reads only the decision columns the guards inline, not the evidence');

SELECT is_empty($$
    SELECT t FROM unnest(ARRAY['privacy.consent_records', 'privacy.requests', 'privacy.overdue_requests', 'privacy.open_requests',
                               'privacy.request_summary', 'privacy.phi_access_log', 'privacy.open_incidents',
                               'privacy.break_glass_accesses', 'privacy.data_sharing']) t
     WHERE NOT has_table_privilege('governance_auditor', t, 'SELECT') $$,
    'auditors read all of it');

SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'privacy'::regnamespace AND p.prokind = 'f' AND obj_description(p.oid, 'pg_proc') IS NULL $$,
    'every privacy function is documented with COMMENT ON FUNCTION');

SELECT * FROM finish();
ROLLBACK;
