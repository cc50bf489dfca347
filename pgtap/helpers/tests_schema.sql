-- Helpers for the pgTAP suite, installed by the test harness only (never by the installer).
CREATE SCHEMA IF NOT EXISTS tests;

-- Act as an application's connection pool would: become a database role that
-- authenticated the end user itself (a gateway, allowed to claim any actor and tenant,
-- unless the test bound the role to less), then declare who the end user is.
-- Transaction-local like everything it calls, so the test's ROLLBACK undoes it. The
-- binding is written as the test's superuser, not through governance.allow_any_context,
-- so that it adds no audit event to those the tests count; tests of the identity model
-- itself call governance.set_context as the role.
CREATE OR REPLACE FUNCTION tests.authenticate_as(
    db_role name, actor text, tenant text DEFAULT NULL, roles text[] DEFAULT NULL, purpose text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL ROLE NONE;
    INSERT INTO governance.context_bindings (role, any_actor, any_tenant, bound_by)
    VALUES (pg_catalog.quote_ident(db_role)::regrole, true, true, 'tests.authenticate_as')
    ON CONFLICT (role) DO NOTHING;
    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', db_role);
    PERFORM governance.set_context(actor, tenant, roles, purpose);
END
$$;

-- A login role for one test; CREATE ROLE is transactional, so the test's ROLLBACK drops it.
CREATE OR REPLACE FUNCTION tests.create_user(user_name name, VARIADIC member_of name[] DEFAULT '{}')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    parent name;
BEGIN
    EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', user_name);
    FOREACH parent IN ARRAY member_of LOOP
        EXECUTE pg_catalog.format('GRANT %I TO %I', parent, user_name);
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA tests TO PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA tests TO PUBLIC;

-- One compliance check's result, by id (the compliance_* tests make a check fail, then pass).
CREATE OR REPLACE FUNCTION tests.check_result(check_id text)
RETURNS TABLE (status text, evidence jsonb, remedy text, waiver jsonb)
LANGUAGE sql AS $$
    SELECT r.status, r.evidence, r.remedy, r.waiver
      FROM compliance.checks k, compliance.run_check(k) r WHERE k.id = $1
$$;
CREATE OR REPLACE FUNCTION tests.check_status(check_id text) RETURNS text
LANGUAGE sql AS $$ SELECT status FROM tests.check_result($1) $$;
GRANT EXECUTE ON FUNCTION tests.check_result(text), tests.check_status(text) TO PUBLIC;

-- A pgTAP file runs in one transaction, which a disclosure grant cannot outlive: PHI reads
-- and exports are served only under a grant whose transaction has committed. This stands
-- in for that commit, as a superuser only can: the grants this transaction wrote take the
-- id of a transaction that did commit (the installation's). The rule itself, with real
-- commits, rollbacks and savepoints, is tested by tests/test_reads_leave_a_durable_record.py.
CREATE OR REPLACE FUNCTION tests.as_if_committed() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE privacy.disclosure_grants g
       SET created_xid = (SELECT (i.xmin::text)::xid8 FROM governance.installation i LIMIT 1)
     WHERE pg_catalog.pg_xact_status(g.created_xid) = 'in progress'
$$;
GRANT EXECUTE ON FUNCTION tests.as_if_committed() TO PUBLIC;
