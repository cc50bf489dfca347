-- Security configuration checks (CIS PostgreSQL Benchmark items that can be read from
-- SQL). Re-applied whenever this file changes: register_check replaces by id.

SELECT compliance.register_check(
    id => 'security.ssl', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 6 (settings): TLS enabled',
    title => 'SSL/TLS is off',
    description => 'With ssl off every connection, passwords and query results included, crosses the network in clear.',
    remedy => 'Install a server certificate and key (ssl_cert_file, ssl_key_file), then: ALTER SYSTEM SET ssl = on; SELECT pg_reload_conf(); and require it with hostssl lines in pg_hba.conf.',
    query => $q$
        SELECT pg_catalog.current_setting('ssl') AS ssl
         WHERE pg_catalog.current_setting('ssl') <> 'on'
    $q$);

SELECT compliance.register_check(
    id => 'security.password_encryption', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 6 (settings): password_encryption',
    title => 'New passwords are not hashed with SCRAM-SHA-256',
    description => 'MD5 password hashes can be replayed and brute-forced; SCRAM-SHA-256 is the current method.',
    remedy => 'ALTER SYSTEM SET password_encryption = ''scram-sha-256''; SELECT pg_reload_conf(); then reset every password (\password in psql).',
    query => $q$
        SELECT pg_catalog.current_setting('password_encryption') AS password_encryption
         WHERE pg_catalog.current_setting('password_encryption') <> 'scram-sha-256'
    $q$);

SELECT compliance.register_check(
    id => 'security.md5_passwords', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 4 (access): password hashes',
    title => 'Login roles with an MD5 password hash',
    description => 'An MD5 hash is enough to log in with the md5 method and is weak against brute force.',
    remedy => 'With password_encryption = scram-sha-256, set each listed role''s password again: ALTER ROLE name PASSWORD ''...'' (or \password name in psql).',
    requires_privileges => ARRAY['select:pg_catalog.pg_authid'],
    query => $q$
        SELECT a.rolname::text AS role
          FROM pg_catalog.pg_authid a
         WHERE a.rolcanlogin AND a.rolpassword LIKE 'md5%'
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.login_without_password', framework => 'security', severity => 'medium', on_finding => 'warn',
    control => 'CIS PostgreSQL 4 (access): authentication',
    title => 'Login roles without a password',
    description => 'A login role with no password relies entirely on pg_hba.conf (peer, cert, trust). Fine for peer or certificate authentication, dangerous with trust.',
    remedy => 'Give the role a password (ALTER ROLE name PASSWORD ''...'') or confirm pg_hba.conf authenticates it by peer or certificate only, and waive this check with that reason.',
    requires_privileges => ARRAY['select:pg_catalog.pg_authid'],
    query => $q$
        SELECT a.rolname::text AS role, a.rolsuper AS superuser
          FROM pg_catalog.pg_authid a
         WHERE a.rolcanlogin AND a.rolpassword IS NULL
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.hba_trust', framework => 'security', severity => 'critical',
    control => 'CIS PostgreSQL 5 (connection and login): no trust authentication',
    title => 'pg_hba.conf lets connections in without authentication (trust)',
    description => 'A trust line lets anyone who can reach the server connect as any role it names, superusers included.',
    remedy => 'Replace trust with scram-sha-256 (or peer for local admin access) on the listed pg_hba.conf lines, then SELECT pg_reload_conf();',
    requires_privileges => ARRAY['select:pg_catalog.pg_hba_file_rules', 'execute:pg_catalog.pg_hba_file_rules()'],
    query => $q$
        SELECT h.line_number, h.type, h.database, h.user_name, h.address
          FROM pg_catalog.pg_hba_file_rules h
         WHERE h.auth_method = 'trust'
         ORDER BY h.line_number
    $q$);

SELECT compliance.register_check(
    id => 'security.hba_weak_methods', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 5 (connection and login): strong authentication methods',
    title => 'pg_hba.conf uses password or md5 authentication',
    description => 'The password method sends the password in clear; md5 accepts MD5 hashes that can be replayed.',
    remedy => 'Use scram-sha-256 on the listed pg_hba.conf lines (after resetting MD5 passwords), then SELECT pg_reload_conf();',
    requires_privileges => ARRAY['select:pg_catalog.pg_hba_file_rules', 'execute:pg_catalog.pg_hba_file_rules()'],
    query => $q$
        SELECT h.line_number, h.type, h.database, h.user_name, h.address, h.auth_method
          FROM pg_catalog.pg_hba_file_rules h
         WHERE h.auth_method IN ('password', 'md5')
         ORDER BY h.line_number
    $q$);

SELECT compliance.register_check(
    id => 'security.hba_errors', framework => 'security', severity => 'medium',
    control => 'CIS PostgreSQL 5 (connection and login): pg_hba.conf valid',
    title => 'pg_hba.conf has lines with errors',
    description => 'A pg_hba.conf with errors is not loaded on reload: the server keeps the old rules, which may not be what anyone reviewed.',
    remedy => 'Fix the listed lines of pg_hba.conf, check SELECT * FROM pg_hba_file_rules WHERE error IS NOT NULL is empty, then SELECT pg_reload_conf();',
    requires_privileges => ARRAY['select:pg_catalog.pg_hba_file_rules', 'execute:pg_catalog.pg_hba_file_rules()'],
    query => $q$
        SELECT h.line_number, h.error
          FROM pg_catalog.pg_hba_file_rules h
         WHERE h.error IS NOT NULL
         ORDER BY h.line_number
    $q$);

SELECT compliance.register_check(
    id => 'security.superusers', framework => 'security', severity => 'high', on_finding => 'warn',
    control => 'CIS PostgreSQL 4 (access): minimal superusers',
    title => 'Superusers beyond the bootstrap superuser',
    description => 'Superusers bypass every privilege, RLS policy and audit control. Applications and people should use ordinary roles.',
    remedy => 'ALTER ROLE name NOSUPERUSER; for each listed role that does not need it (grant governance_admin or specific privileges instead), or waive this check naming who needs it.',
    query => $q$
        SELECT r.rolname::text AS role, r.rolcanlogin AS can_login
          FROM pg_catalog.pg_roles r
         WHERE r.rolsuper AND r.oid <> 10  -- 10: the bootstrap superuser created by initdb
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.public_create_schema', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 4 (access): no CREATE for PUBLIC',
    title => 'Schemas where every role can create objects',
    description => 'CREATE for PUBLIC on a schema lets any role plant functions or tables that shadow others on the search_path (CVE-2018-1058).',
    remedy => 'REVOKE CREATE ON SCHEMA <schema> FROM PUBLIC; for each listed schema.',
    query => $q$
        SELECT n.nspname::text AS schema
          FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
         WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.definer_search_path', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 4 (access): SECURITY DEFINER functions',
    title => 'SECURITY DEFINER functions without a pinned search_path',
    description => 'A SECURITY DEFINER function that resolves names through the caller''s search_path can be made to run the caller''s objects with the owner''s privileges.',
    remedy => 'ALTER FUNCTION <function> SET search_path = pg_catalog, pg_temp; and schema-qualify the names it uses.',
    query => $q$
        SELECT p.oid::pg_catalog.regprocedure::text AS function,
               pg_catalog.pg_get_userbyid(p.proowner)::text AS owner
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE p.prosecdef
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) s WHERE s LIKE 'search\_path=%')
           -- Functions of extensions are the extension author's to fix.
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                              AND d.objid = p.oid AND d.deptype = 'e')
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.governance_public_execute', framework => 'security', severity => 'critical',
    control => 'CIS PostgreSQL 4 (access): least privilege',
    title => 'Governance functions executable by PUBLIC',
    description => 'Governance functions change classifications, consent, keys and audit settings; every role could call them.',
    remedy => 'REVOKE EXECUTE ON FUNCTION <function> FROM PUBLIC; and GRANT EXECUTE to the governance_* role that needs it (python -m installer apply re-applies the intended grants).',
    query => $q$
        SELECT p.oid::pg_catalog.regprocedure::text AS function
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = ANY (governance.pack_schemas())
           AND EXISTS (SELECT 1 FROM pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
                        WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
           -- Functions of an extension (pgcrypto, which the installer creates in governance
           -- when the database has none) are not governance functions. Created by a
           -- non-superuser (a trusted extension) they belong to the bootstrap superuser,
           -- so no one else can revoke PostgreSQL's default EXECUTE for PUBLIC; PUBLIC has
           -- no USAGE on the schema (security.governance_public_relations) to reach them.
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                              AND d.objid = p.oid AND d.deptype = 'e')
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.governance_public_relations', framework => 'security', severity => 'critical',
    control => 'CIS PostgreSQL 4 (access): least privilege',
    title => 'Governance tables or schemas usable by PUBLIC',
    description => 'Audit trails, consent records and keys are readable or writable by every role.',
    remedy => 'REVOKE ALL ON <object> FROM PUBLIC; and grant the governance_* roles what they need.',
    query => $q$
        SELECT c.oid::pg_catalog.regclass::text AS object, a.privilege_type AS privilege
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,
               pg_catalog.aclexplode(c.relacl) a
         WHERE n.nspname = ANY (governance.pack_schemas())
           AND a.grantee = 0
        UNION ALL
        SELECT pg_catalog.format('schema %I', n.nspname), a.privilege_type
          FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
         WHERE n.nspname = ANY (governance.pack_schemas())
           AND a.grantee = 0
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'security.log_connections', framework => 'security', severity => 'medium',
    control => 'CIS PostgreSQL 3 (logging): log_connections',
    title => 'Connections are not logged',
    description => 'Without connection logs nobody can tell who connected from where when investigating an incident.',
    remedy => 'ALTER SYSTEM SET log_connections = on; SELECT pg_reload_conf();',
    -- PostgreSQL 18 made it a list (receipt, authentication, authorization,
    -- setup_durations, all); on, true, yes and 1 still mean the first three.
    query => $q$
        SELECT s.value AS log_connections
          FROM (SELECT pg_catalog.current_setting('log_connections') AS value) s,
               LATERAL (SELECT pg_catalog.string_to_array(pg_catalog.lower(pg_catalog.replace(s.value, ' ', '')), ',') AS aspects) l
         WHERE NOT (l.aspects && ARRAY['on', 'true', 'yes', '1', 'all']
                    OR l.aspects @> ARRAY['receipt', 'authentication', 'authorization'])
    $q$);

SELECT compliance.register_check(
    id => 'security.log_disconnections', framework => 'security', severity => 'medium',
    control => 'CIS PostgreSQL 3 (logging): log_disconnections',
    title => 'Session ends are not logged',
    description => 'Disconnection records give session durations, needed to reconstruct activity.',
    remedy => 'ALTER SYSTEM SET log_disconnections = on; SELECT pg_reload_conf();',
    query => $q$
        SELECT pg_catalog.current_setting('log_disconnections') AS log_disconnections
         WHERE pg_catalog.current_setting('log_disconnections') <> 'on'
    $q$);

SELECT compliance.register_check(
    id => 'security.log_statement', framework => 'security', severity => 'medium',
    control => 'CIS PostgreSQL 3 (logging): log_statement',
    title => 'Schema changes are not logged',
    description => 'With log_statement = none, DDL such as DROP TABLE or GRANT leaves no trace in the server log.',
    remedy => 'ALTER SYSTEM SET log_statement = ''ddl''; SELECT pg_reload_conf(); (or configure pgaudit with pgaudit.log = ''ddl, role'').',
    query => $q$
        SELECT pg_catalog.current_setting('log_statement') AS log_statement
         WHERE pg_catalog.current_setting('log_statement') = 'none'
    $q$);

SELECT compliance.register_check(
    id => 'security.unindexed_personal_fk', framework => 'security', severity => 'medium',
    control => 'Operational: erasure and access paths indexed',
    title => 'Foreign keys on personal-data tables without an index',
    description => 'Erasure deletes children before parents through foreign keys; without an index on the referencing columns each delete scans the whole child table and holds locks for long.',
    remedy => 'CREATE INDEX CONCURRENTLY ON <table> (<columns>); for each listed foreign key.',
    query => $q$
        SELECT c.conrelid::pg_catalog.regclass::text AS table_name,
               c.conname::text AS constraint_name,
               (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.ord)
                  FROM pg_catalog.unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
               c.confrelid::pg_catalog.regclass::text AS references_table
          FROM pg_catalog.pg_constraint c
         WHERE c.contype = 'f'
           AND EXISTS (SELECT 1 FROM governance.classified_columns cc WHERE cc.relid IN (c.conrelid, c.confrelid))
           -- Covered by an index whose leading columns are the key's columns, in any order.
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                            WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
                              AND (i.indkey::int2[])[0:pg_catalog.cardinality(c.conkey) - 1] @> c.conkey)
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'security.bypassrls_roles', framework => 'security', severity => 'high', on_finding => 'warn',
    control => 'CIS PostgreSQL 4 (access): row-level security not bypassed',
    title => 'Roles that bypass row-level security',
    description => 'BYPASSRLS roles see every row of every table whatever its policies: tenant isolation and PHI policies do not apply to them.',
    remedy => 'ALTER ROLE <role> NOBYPASSRLS; for each listed role that does not need it (backups can use pg_dump --enable-row-security or a superuser), or waive this check naming why.',
    query => $q$
        SELECT r.rolname::text AS role, r.rolcanlogin AS can_login
          FROM pg_catalog.pg_roles r
         WHERE r.rolbypassrls AND NOT r.rolsuper
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.governance_owner_privileged', framework => 'security', severity => 'high', on_finding => 'warn',
    control => 'CIS PostgreSQL 4 (access): least privilege',
    title => 'pg-governance owned by a superuser or a BYPASSRLS role',
    description => 'The SECURITY DEFINER functions act on application tables with their owner''s rights (gdpr_forget, gdpr_export, read_phi, the DP functions, encrypt_column, audit triggers): they fire those tables'' triggers and evaluate their policy and view functions as that owner, so a superuser owner runs any table owner''s trigger code with superuser rights; and an owner that bypasses row-level security reads past tenant isolation and consent guards inside read_phi and the DP functions.',
    remedy => 'Install pg-governance with a dedicated role that is neither SUPERUSER nor BYPASSRLS (REASSIGN OWNED BY <owner> TO <dedicated role> in this database, granting it what the listed functions need), or waive this check naming why.',
    query => $q$
        SELECT r.rolname::text AS owner, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
               pg_catalog.count(*) AS definer_functions
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
          JOIN pg_catalog.pg_roles r ON r.oid = p.proowner
         WHERE p.prosecdef AND (r.rolsuper OR r.rolbypassrls)
           AND n.nspname = ANY (governance.pack_schemas())
         GROUP BY 1, 2, 3
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'security.definer_reaches_untrusted_code', framework => 'security', severity => 'critical',
    control => 'CIS PostgreSQL 4 (access): least privilege',
    title => 'Governed tables carrying code pg-governance''s owner does not trust',
    description => 'The SECURITY DEFINER functions read and write the registered tables (subjects and their graphs, linked tables, erasure rules, PHI tables, DP datasets, encrypted columns, masked views, retention rules) with pg-governance''s owner''s rights, running their policies, triggers, defaults, constraints, index expressions and views'' functions as that owner. A listed table is temporary, or it or its code belongs to a role the owner does not trust: that role''s code would run as pg-governance''s owner (which reads the context and audit hash keys). The functions refuse such a table when they use it; the registration is a standing door.',
    remedy => 'If the listed owner is the application''s owner, pg-governance''s owner runs SELECT governance.trust_owner(''<role>''); otherwise drop the listed trigger, policy or function (or have a trusted role own the table), or remove the registration. See docs/threat_model.md.',
    requires_relations => ARRAY['privacy.subjects', 'privacy.phi_tables', 'privacy.dp_budgets', 'governance.encrypted_columns',
                                'privacy.masked_views', 'privacy.retention_rules'],
    query => $q$
        WITH RECURSIVE
        -- Erasure and export follow the foreign keys down from the subject and linked tables.
        subject_graph (relid, registered_as) AS (
            SELECT s.table_name::oid, 'subject ' || s.subject_type FROM privacy.subjects s
            UNION
            SELECT l.table_name::oid, 'subject ' || l.subject_type FROM privacy.linked_tables l
            UNION
            SELECT c.conrelid, g.registered_as
              FROM subject_graph g JOIN pg_catalog.pg_constraint c ON c.contype = 'f' AND c.confrelid = g.relid),
        governed (relid, registered_as) AS (
            SELECT g.relid::regclass, g.registered_as FROM subject_graph g
            UNION ALL SELECT o.fk_table, 'own parent' FROM privacy.owned_parents o
            UNION ALL SELECT r.table_name, 'erasure rule' FROM privacy.erasure_rules r
            UNION ALL SELECT p.table_name, 'PHI table' FROM privacy.phi_tables p
            UNION ALL SELECT d.dataset, 'DP dataset' FROM privacy.dp_datasets d
            UNION ALL SELECT b.dataset, 'DP budget' FROM privacy.dp_budgets b
            UNION ALL SELECT e.table_name, 'encrypted column' FROM governance.encrypted_columns e
            -- A masked view reads its table with the owner's rights whenever a masked role queries it.
            UNION ALL SELECT v.table_name, 'masked view' FROM privacy.masked_views v
            UNION ALL SELECT r.table_name, 'retention rule' FROM privacy.retention_rules r),
        per_table AS (
            SELECT g.relid, pg_catalog.string_agg(DISTINCT g.registered_as, ', ') AS registered_as
              FROM governed g GROUP BY g.relid)
        SELECT t.relid::text AS relation, t.registered_as, p.relation::text AS reaches, p.object, p.owner::text AS owner, p.problem
          FROM per_table t
          JOIN governance.relation_trust_problems(ARRAY(SELECT x.relid FROM per_table x)) p ON p.named = t.relid
         ORDER BY 1, 3, 4
    $q$);

SELECT compliance.register_check(
    id => 'security.all_data_roles', framework => 'security', severity => 'high', on_finding => 'warn',
    control => 'CIS PostgreSQL 4 (access): least privilege',
    title => 'Roles that may read or write every table',
    description => 'Members of pg_read_all_data read every table and members of pg_write_all_data change every table and sequence. Row-level security hides the governance secrets from readers and keeps writers out of every governance table (security.evidence_writable), but not out of sequences: PostgreSQL grants pg_write_all_data UPDATE on every sequence, so its members may setval the audit id sequence (which verify_chain then reports) and the differential privacy ledgers (which never go below their committed releases; security.dp_ledger_rewound reports a rewind).',
    remedy => 'REVOKE pg_read_all_data / pg_write_all_data FROM <role>; for each listed role that does not need it (grant SELECT on the tables it needs instead), or waive this check naming why.',
    query => $q$
        SELECT r.rolname::text AS role, g.rolname::text AS predefined_role, r.rolcanlogin AS can_login
          FROM pg_catalog.pg_roles g
         CROSS JOIN pg_catalog.pg_roles r
         WHERE g.rolname IN ('pg_read_all_data', 'pg_write_all_data')
           AND r.oid <> g.oid AND NOT r.rolsuper
           AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'security.public_default_privileges', framework => 'security', severity => 'high',
    control => 'CIS PostgreSQL 4 (access): least privilege by default',
    title => 'Default privileges that grant to PUBLIC',
    description => 'ALTER DEFAULT PRIVILEGES ... TO PUBLIC makes every future table, sequence or schema of that role readable or usable by every role.',
    remedy => 'ALTER DEFAULT PRIVILEGES FOR ROLE <role> [IN SCHEMA <schema>] REVOKE <privilege> ON <objects> FROM PUBLIC;',
    query => $q$
        SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text AS role, n.nspname::text AS schema,
               CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' ELSE 'schemas' END AS objects,
               a.privilege_type AS privilege
          FROM pg_catalog.pg_default_acl d
          LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace,
               pg_catalog.aclexplode(d.defaclacl) a
         WHERE a.grantee = 0 AND d.defaclobjtype IN ('r', 'S', 'n')
         ORDER BY 1, 2, 3, 4
    $q$);

SELECT compliance.register_check(
    id => 'security.evidence_writable', framework => 'security', severity => 'critical',
    control => 'SOC 2 CC6.1, CC7.2; HIPAA 164.312(c)(1) (integrity of evidence)',
    title => 'Governance evidence or grants writable other than through the pack''s functions',
    description => 'Audit trails, consent records, erasure and PHI logs, DP ledgers, key grants and waivers are written only by the pack''s functions, which run as its owner: row-level security with a SELECT-only policy refuses direct writes to every other role, pg_write_all_data included. Listed: tables whose row-level security is off (pg_write_all_data and any role granted a write may then forge or delete evidence), views that write into their table with the owner''s rights, policies that let a role write, write privileges granted to a role other than the owner (TRUNCATE ignores row-level security), sequence privileges granted to one, and BYPASSRLS roles that hold pg_write_all_data.',
    remedy => 'python -m installer apply restores row-level security on every governance table and the refusing trigger on its views; DROP POLICY <policy> ON <table>; REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON <table> FROM <role>; REVOKE USAGE, UPDATE ON SEQUENCE <sequence> FROM <role>; ALTER ROLE <role> NOBYPASSRLS (or REVOKE pg_write_all_data FROM <role>). Then verify the audit chain against a checkpoint kept outside: rows written meanwhile are in it.',
    query => $q$
        WITH pack AS (
            SELECT c.oid, c.relowner, c.relkind, c.relrowsecurity, c.relacl
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (governance.pack_schemas()) AND c.relkind IN ('r', 'p', 'S')
        )
        SELECT c.oid::pg_catalog.regclass::text AS object, 'any role with a write privilege, pg_write_all_data included' AS writers,
               'row-level security is off' AS how
          FROM pack c
         WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
        UNION ALL
        SELECT c.oid::pg_catalog.regclass::text,
               CASE WHEN 0 = ANY (p.polroles) THEN 'PUBLIC'
                    ELSE pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.pg_get_userbyid(r) FROM pg_catalog.unnest(p.polroles) r), ', ')
               END,
               pg_catalog.format('policy %I allows %s', p.polname,
                                 CASE p.polcmd WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END)
          FROM pack c JOIN pg_catalog.pg_policy p ON p.polrelid = c.oid
         WHERE p.polcmd IN ('a', 'w', 'd', '*') AND p.polpermissive
        UNION ALL
        SELECT c.oid::pg_catalog.regclass::text,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END,
               'granted ' || a.privilege_type
          FROM pack c, pg_catalog.aclexplode(c.relacl) a
         WHERE a.grantee <> c.relowner
           AND a.privilege_type = ANY (CASE WHEN c.relkind = 'S' THEN ARRAY['USAGE', 'UPDATE']
                                            ELSE ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'] END)
        UNION ALL
        -- A simple view writes into its table with its owner's rights, past row security.
        SELECT c.oid::pg_catalog.regclass::text, 'any role with a write privilege on the view, pg_write_all_data included',
               'a write through the view reaches its table as the owner'
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY (governance.pack_schemas()) AND c.relkind = 'v'
           AND pg_catalog.pg_relation_is_updatable(c.oid, false) <> 0
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'owner_writes_only')
        UNION ALL
        -- pg_write_all_data exists from PostgreSQL 14 on.
        SELECT 'every governance table', r.rolname::text, 'BYPASSRLS and a member of pg_write_all_data'
          FROM pg_catalog.pg_roles r JOIN pg_catalog.pg_roles w ON w.rolname = 'pg_write_all_data'
         WHERE r.rolbypassrls AND NOT r.rolsuper AND r.oid <> w.oid
           AND pg_catalog.pg_has_role(r.oid, w.oid, 'MEMBER')
         ORDER BY 1, 2, 3
    $q$);

SELECT compliance.register_check(
    id => 'security.dp_ledger_rewound', framework => 'security', severity => 'high',
    control => 'Differential privacy budget integrity (GDPR Art. 25, 32)',
    title => 'Privacy budget ledgers moved back',
    description => 'A budget''s ledger sequence stands below the epsilon of its committed releases since the last reset: someone ran setval on it (members of pg_write_all_data may setval any sequence). Charges never go below the committed releases, but the rewind may have returned the epsilon of answers whose transactions were rolled back.',
    remedy => 'Find who holds pg_write_all_data (security.all_data_roles) and revoke it where not needed; review the actor''s releases (privacy.dp_releases) and reset or lower the budget with privacy.set_budget.',
    requires_functions => ARRAY['privacy.dp_ledger_rewinds()'],
    query => $q$
        SELECT r.actor, r.dataset, r.ledger, r.ledger_spent, r.committed_spent
          FROM privacy.dp_ledger_rewinds() r
    $q$);

SELECT compliance.register_check(
    id => 'security.context_gateways', framework => 'security', severity => 'high', on_finding => 'warn',
    control => 'SOC 2 CC6.1: identities asserted only by trusted services',
    title => 'Roles that may claim any actor, bound to a person or to a role that no longer exists, or marked by hand',
    description => 'A gateway (governance.allow_any_context, or any_actor in a binding) may name any actor in set_context: audit trails, tenant isolation and privacy budgets believe it. It is meant for the connection pool of an application that authenticated its users; a member of governance_admin, governance_dpo or governance_auditor is a person''s role, and a binding whose role was dropped should go. The context readers trust a role holding the gateway mark (EXECUTE on governance.gateway_mark), which bind_context grants with a binding to any actor and tenant: a mark without that binding was granted by hand.',
    remedy => 'SELECT governance.unbind_context(''<role>''); then bind the person to the names and tenants it needs: SELECT governance.bind_context(''<role>'', actors => ARRAY[...], tenants => ARRAY[...]); a mark granted by hand: REVOKE EXECUTE ON FUNCTION governance.gateway_mark() FROM <role>;',
    query => $q$
        SELECT b.role::text AS role, b.any_tenant, b.tenants, b.bound_by, b.bound_at,
               CASE WHEN r.oid IS NULL THEN 'dropped' ELSE 'member of ' || (
                   SELECT pg_catalog.string_agg(g, ', ' ORDER BY g)
                     FROM pg_catalog.unnest(ARRAY['governance_admin', 'governance_dpo', 'governance_auditor']) g
                    WHERE pg_catalog.pg_has_role(r.oid, g, 'MEMBER')) END AS why
          FROM governance.context_bindings b
          LEFT JOIN pg_catalog.pg_roles r ON r.oid = b.role
         WHERE b.any_actor
           AND (r.oid IS NULL OR pg_catalog.pg_has_role(r.oid, 'governance_admin', 'MEMBER')
                OR pg_catalog.pg_has_role(r.oid, 'governance_dpo', 'MEMBER')
                OR pg_catalog.pg_has_role(r.oid, 'governance_auditor', 'MEMBER'))
        UNION ALL
        SELECT CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE a.grantee::pg_catalog.regrole::text END, NULL, NULL, NULL, NULL,
               'holds the gateway mark without a binding to any actor and tenant'
          FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
         WHERE p.oid = 'governance.gateway_mark()'::pg_catalog.regprocedure
           AND a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner
           AND NOT EXISTS (SELECT 1 FROM governance.context_bindings b
                            WHERE b.role = a.grantee AND b.any_actor AND b.any_tenant)
         ORDER BY 1
    $q$);
