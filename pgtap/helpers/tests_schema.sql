-- Helpers for the pgTAP suite, installed by the test harness only (never by the installer).
CREATE SCHEMA IF NOT EXISTS tests;

-- Binds a role to any actor and tenant, as the test's superuser, not through
-- governance.allow_any_context: it adds no audit event to those the tests count, and no
-- gateway mark (governance.mark_gateway), so the role's context readers check
-- set_context's seal as a bound role's do and the tests' forged settings are refused.
CREATE OR REPLACE FUNCTION tests.bind_any_context(db_role name)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO governance.context_bindings (role, any_actor, any_tenant, bound_by)
    VALUES (pg_catalog.quote_ident(db_role)::regrole, true, true, 'tests')
    ON CONFLICT (role) DO NOTHING
$$;

-- Act as an application's connection pool would: become a database role that
-- authenticated the end user itself (allowed to claim any actor and tenant, unless the
-- test bound the role to less), then declare who the end user is. Transaction-local like
-- everything it calls, so the test's ROLLBACK undoes it. Tests of the identity model
-- itself call governance.set_context as the role.
CREATE OR REPLACE FUNCTION tests.authenticate_as(
    db_role name, actor text, tenant text DEFAULT NULL, roles text[] DEFAULT NULL, purpose text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL ROLE NONE;
    PERFORM tests.bind_any_context(db_role);
    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', db_role);
    PERFORM governance.set_context(actor, tenant, roles, purpose);
END
$$;

-- As tests.authenticate_as, but as a session that logged in as the role (SET SESSION
-- AUTHORIZATION): a superuser's session may claim anything whatever role it acts as, so
-- a test of what a role may not claim, or may not forge, runs as its login. Call it
-- again to switch; RESET SESSION AUTHORIZATION returns to the test's superuser.
CREATE OR REPLACE FUNCTION tests.log_in_as(
    db_role name, actor text, tenant text DEFAULT NULL, roles text[] DEFAULT NULL, purpose text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RESET SESSION AUTHORIZATION;
    PERFORM tests.bind_any_context(db_role);
    EXECUTE pg_catalog.format('SET LOCAL SESSION AUTHORIZATION %I', db_role);
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

-- The suite runs on PostgreSQL 13 to 18; a test whose subject differs between majors
-- asserts each major's own behaviour.
CREATE OR REPLACE FUNCTION tests.version_at_least(major integer) RETURNS boolean
LANGUAGE sql AS $$ SELECT pg_catalog.current_setting('server_version_num')::int >= major * 10000 $$;

-- Runs a statement only where a condition holds (a statement another major would refuse).
CREATE OR REPLACE FUNCTION tests.execute_if(condition boolean, statement text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF condition THEN
        EXECUTE statement;
    END IF;
END
$$;

-- A role that may read (or write) every table of the pack's schemas: a member of
-- pg_read_all_data (pg_write_all_data) from PostgreSQL 14 on; on 13, which has neither,
-- the same rights granted table by table, as a grant made by mistake would.
CREATE OR REPLACE FUNCTION tests.create_reader_of_everything(user_name name) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tests.create_all_data_user(user_name, 'pg_read_all_data', 'SELECT', 'SELECT');
END
$$;

CREATE OR REPLACE FUNCTION tests.create_writer_of_everything(user_name name) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tests.create_all_data_user(user_name, 'pg_write_all_data', 'INSERT, UPDATE, DELETE', 'UPDATE');
END
$$;

CREATE OR REPLACE FUNCTION tests.create_all_data_user(
    user_name name, predefined name, table_privileges text, sequence_privileges text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    schema_name name;
BEGIN
    IF tests.version_at_least(14) THEN
        PERFORM tests.create_user(user_name, predefined);
        RETURN;
    END IF;
    PERFORM tests.create_user(user_name);
    FOREACH schema_name IN ARRAY governance.pack_schemas() LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, user_name);
        EXECUTE pg_catalog.format('GRANT %s ON ALL TABLES IN SCHEMA %I TO %I', table_privileges, schema_name, user_name);
        EXECUTE pg_catalog.format('GRANT %s ON ALL SEQUENCES IN SCHEMA %I TO %I', sequence_privileges, schema_name, user_name);
    END LOOP;
END
$$;
