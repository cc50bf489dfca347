-- The application owners whose code pg-governance's owner agrees to run. The definer
-- functions read and write tables named by their callers with the owner's rights, and
-- PostgreSQL evaluates those tables' policies, triggers, defaults, constraints, index
-- expressions and views' functions as the role that runs the statement: a table is only
-- acted on when every role that wrote such code is trusted (governance.relation_trust_problems).
-- Trusted are superusers, the pack's owner, and the roles listed here, which only the
-- pack's owner can list (governance.trust_owner, executable by nobody else): a decision
-- that no other role can make for it. Role membership is deliberately not the test: on
-- PostgreSQL 15 and older any role may GRANT itself to pg-governance's owner, and on 16+ a
-- CREATEROLE owner is made a member of every role it creates (the logins of the DPO and
-- the application included).
CREATE TABLE governance.trusted_owners (
    role_oid   oid PRIMARY KEY,
    -- A dropped role's oid could in principle be reused: the name must match as well.
    role_name  name NOT NULL,
    trusted_by name NOT NULL DEFAULT CURRENT_USER,
    trusted_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- Every governance role reads the list (the trust checks run as the caller); only the
-- table's owner writes it: row-level security without a write policy keeps
-- pg_write_all_data out, and the owner is not bound by it.
ALTER TABLE governance.trusted_owners ENABLE ROW LEVEL SECURITY;
CREATE POLICY trusted_owners_read ON governance.trusted_owners FOR SELECT USING (true);
GRANT SELECT ON governance.trusted_owners TO governance_admin, governance_dpo, governance_auditor, governance_app;

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.trusted_owners', 'trust configuration');
