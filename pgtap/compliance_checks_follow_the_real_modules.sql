-- The module checks against the modules themselves, not stand-ins: a PHI table fails the
-- HIPAA checks until audit.enable, access.enable_tenant_isolation and
-- governance.encrypt_column have run on it, and the audit chain those changes wrote
-- verifies.
BEGIN;
SELECT plan(11);

CREATE FUNCTION pg_temp.status_of(check_id text) RETURNS text LANGUAGE sql AS $$
    SELECT r.status FROM compliance.run_checks() r WHERE r.check_id = $1
$$;

CREATE TABLE public."Patient Records" (id int PRIMARY KEY, tenant_id text NOT NULL, email text, diagnosis text);
SELECT governance.classify('public."Patient Records"', 'diagnosis', 'health', 'restricted');
SELECT governance.classify('public."Patient Records"', 'email', 'contact', 'confidential');

SELECT is(pg_temp.status_of('hipaa.phi_without_audit'), 'fail', 'an unaudited PHI table fails');
SELECT is(pg_temp.status_of('gdpr.identifiers_without_audit'), 'fail', 'so does its contact column');
SELECT audit.enable('public."Patient Records"');
SELECT is(pg_temp.status_of('hipaa.phi_without_audit'), 'pass', 'audit.enable remedies it');
SELECT is(pg_temp.status_of('gdpr.identifiers_without_audit'), 'pass', 'for both checks');

SELECT is(pg_temp.status_of('hipaa.phi_without_rls'), 'fail', 'a PHI table without RLS fails');
SELECT access.enable_tenant_isolation('public."Patient Records"');
SELECT is(pg_temp.status_of('hipaa.phi_without_rls'), 'pass', 'tenant isolation remedies it');

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('phi');
SELECT governance.grant_key('phi', current_user::regrole);
SELECT governance.set_context('dr house', 'clinic-1');
INSERT INTO public."Patient Records" VALUES (1, 'clinic-1', 'p1@example.com', 'lupus'), (2, 'clinic-1', 'p2@example.com', 'flu');
SELECT is(pg_temp.status_of('hipaa.phi_unencrypted'), 'fail', 'the PHI column in clear fails');
SELECT is((governance.encrypt_column('public."Patient Records"', 'diagnosis', 'phi')).done, true,
          'encrypt_column converts the audited, tenant-isolated column');
SELECT is(pg_temp.status_of('hipaa.phi_unencrypted'), 'pass', 'and remedies the check');

UPDATE public."Patient Records" SET email = 'new@example.com' WHERE id = 1;
SELECT is((SELECT array_agg(op || ' ' || coalesce(changed_columns::text, '') ORDER BY id) FROM audit.changes
            WHERE table_name = 'public."Patient Records"'),
          ARRAY['INSERT ', 'INSERT ', 'UPDATE {diagnosis__encrypted}', 'UPDATE {diagnosis__encrypted}', 'UPDATE {email}'],
          'the audit trail holds the inserts, the conversion to ciphertext and the later update');
SELECT is(pg_temp.status_of('soc2.audit_chain_broken'), 'pass',
          'and the chain verifies: rows of the running transaction are sealed at its commit, not reported');

SELECT * FROM finish();
ROLLBACK;
