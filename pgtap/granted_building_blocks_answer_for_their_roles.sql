BEGIN;
SELECT plan(58);

-- The public functions that other SQL calls more than people do: granted because
-- invoker-rights functions, policies, views or compliance checks call them with their
-- caller's rights (docs/reference.md). Each answers as documented for the least
-- privileged role it is granted to.
CREATE SCHEMA "Blocks";
CREATE TABLE "Blocks"."Parent Table" (id int PRIMARY KEY, tenant_id text, "e mail" text CHECK ("e mail" LIKE '%@%'));
CREATE TABLE "Blocks".child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES "Blocks"."Parent Table");
CREATE TABLE "Blocks".parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE "Blocks".parted_2026 PARTITION OF "Blocks".parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
GRANT USAGE ON SCHEMA "Blocks" TO PUBLIC;
SELECT privacy.register_subject('block_customer', '"Blocks"."Parent Table"', 'id');

-- governance: argument checks that name their caller
SELECT is(governance.require_column('blocks.fn', '"Blocks"."Parent Table"', 'e mail'), 'text',
          'require_column returns the column''s type');
SELECT throws_ok($$ SELECT governance.require_column('blocks.fn', '"Blocks"."Parent Table"', 'nope') $$, '42703',
                 'blocks.fn: table "Blocks"."Parent Table" has no column nope', 'an unknown column is 42703, naming the caller');
SELECT throws_ok($$ SELECT governance.require_column('blocks.fn', '"Blocks"."Parent Table"', NULL) $$, '22004',
                 'blocks.fn: table and column are required', 'a NULL column is a missing argument (22004)');
SELECT lives_ok($$ SELECT governance.require_local_table('blocks.fn', '"Blocks"."Parent Table"', 'a feature') $$,
                'require_local_table lets a plain table through');

SET LOCAL ROLE governance_dpo;
SELECT is((SELECT category FROM governance.pii_name_hint('customer_email')), 'contact', 'pii_name_hint reads a column name');
SELECT is(governance.pii_value_kind('ann@example.com'), 'email', 'pii_value_kind reads a value');
SELECT is(governance.pii_value_kind('hello'), NULL, 'and names nothing in an ordinary word');
SELECT is(governance.pii_words('billingAddress'), 'billing_address', 'pii_words reads a name as lower-case words');
SELECT ok(governance.pii_person_table('customers'), 'pii_person_table: a table named for people');
SELECT ok(NOT governance.pii_person_table('genres'), 'and not one named for things');
RESET ROLE;

SET LOCAL ROLE governance_app;
SELECT ok(EXISTS (SELECT 1 FROM governance.relation_code('"Blocks"."Parent Table"'::regclass)
                   WHERE classid = 'pg_catalog.pg_constraint'::regclass),
          'relation_code lists the check constraint whose code runs on a write');
SELECT ok((SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = 'governance') = ANY (governance.trusted_roles()),
          'trusted_roles includes the pack''s owner');
RESET ROLE;

-- access: what policies and sync call
SELECT set_eq($$ SELECT privilege FROM access.native_privileges('"Blocks"."Parent Table"', 'write') $$,
              ARRAY['INSERT', 'UPDATE', 'DELETE'], 'native_privileges maps write to INSERT, UPDATE and DELETE');
SELECT is_empty($$ SELECT * FROM access.native_privileges('governance.settings', 'read') $$,
                'and a governance table to nothing');
SELECT lives_ok($$ SELECT access.set_rls_policy('"Blocks".parted', 'blocks_policy', 'AS RESTRICTIVE FOR SELECT USING (id > 0)') $$,
                'set_rls_policy creates a policy');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_policy WHERE polname = 'blocks_policy'), 2,
          'on the partitioned table and its partition');
SELECT ok((SELECT relforcerowsecurity FROM pg_catalog.pg_class WHERE oid = '"Blocks".parted_2026'::regclass),
          'with row security forced on the partition');

SELECT tests.authenticate_as('governance_app', 'ann', 'acme');
SELECT is(access.current_tenant(), 'acme', 'access.current_tenant is the context''s tenant (policies of earlier releases)');
SELECT is(access.write_tenant(), 'acme', 'write_tenant is the tenant of a write');
SELECT is(access.environment()->>'actor', 'ann', 'environment carries the actor of a decision');
SELECT is(access.decision('ann', '1', 'read', 'report'), false, 'decision denies without a policy');
RESET ROLE;
SELECT tests.authenticate_as('governance_app', 'ann');
SELECT throws_ok($$ SELECT access.write_tenant() $$, '42501', NULL, 'write_tenant refuses a write with no tenant');
RESET ROLE;

SELECT access.create_role('blocks_parent');
SELECT access.create_role('blocks_child', NULL, ARRAY['blocks_parent']);
SET LOCAL ROLE governance_auditor;
SELECT set_eq($$ SELECT role FROM access.role_ancestors('blocks_child') $$, ARRAY['blocks_parent'],
              'role_ancestors walks the hierarchy');
RESET ROLE;

-- privacy: the erasure graph and the pieces of sums and guards
SET LOCAL ROLE governance_dpo;
SELECT ok(EXISTS (SELECT 1 FROM privacy.foreign_keys()
                   WHERE child = '"Blocks".child'::regclass AND parent = '"Blocks"."Parent Table"'::regclass),
          'foreign_keys lists the reference');
SELECT set_eq($$ SELECT table_name::text FROM privacy.subject_tables('block_customer') $$,
              ARRAY['"Blocks"."Parent Table"', '"Blocks".child'], 'subject_tables follows it from the subject table');
SELECT set_eq($$ SELECT t::text FROM privacy.table_and_ancestors('"Blocks".parted_2026') t $$,
              ARRAY['"Blocks".parted_2026', '"Blocks".parted'], 'table_and_ancestors climbs to the partitioned table');
SELECT is(privacy.column_list('"Blocks"."Parent Table"', ARRAY[3, 1]::smallint[], 'x.'), 'x."e mail", x.id',
          'column_list quotes the columns in the order given');
SELECT is(privacy.coverage_gaps(), '[]'::jsonb, 'coverage_gaps: every subject table has an erasure path');
SELECT is_empty($$ SELECT * FROM privacy.stored_consent('nobody', 'marketing') $$, 'stored_consent: no decision, no row');
RESET ROLE;

SET LOCAL ROLE governance_auditor;
SELECT is_empty($$ SELECT * FROM privacy.dp_ledger_rewinds() $$, 'dp_ledger_rewinds: no ledger moved back');
SELECT is(privacy.paillier_add(ROW(privacy.paillier_key_id(15), 4)::privacy.paillier_ciphertext,
                               ROW(privacy.paillier_key_id(15), 7)::privacy.paillier_ciphertext, 15),
          ROW(privacy.paillier_key_id(15), 28)::privacy.paillier_ciphertext,
          'paillier_add multiplies two ciphertexts modulo n^2');

-- audit: the pieces the view audit.changes reads with its reader's rights
SELECT is(audit.key_of('{"id": 1, "name": "x"}', ARRAY['id']), '{"id": 1}'::jsonb, 'key_of: the key columns of a stored row');
SELECT is(audit.key_of_many('{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}', ARRAY['a', 'b', 'c', 'd']),
          '{"a": 1, "b": 2, "c": 3, "d": 4}'::jsonb, 'key_of_many: a key of four columns');
SELECT results_eq($$ SELECT changed, same FROM audit.changed_columns('{"id": 1, "a": 1, "b": 2}', '{"id": 1, "a": 1, "b": 3}') $$,
                  $$ VALUES (ARRAY['b'], ARRAY['a', 'id']) $$, 'changed_columns: what an UPDATE changed and what it left');
SELECT is_empty($$ SELECT * FROM audit.shadow_rows('{}', '{}') $$, 'shadow_rows: no statement, no rows');
SELECT lives_ok($$ SELECT count(*) FROM audit.pending_changes() $$, 'pending_changes: the auditor reads the records not sealed yet');

-- compliance: the pieces run_checks runs as its caller
SELECT is(compliance.known_framework('gdpr'), 'gdpr', 'known_framework passes a framework with checks');
SELECT is(compliance.active_waiver('gdpr.erasure_path'), NULL, 'active_waiver: no waiver, NULL');
SELECT is(compliance.missing_privileges(ARRAY['role:governance_admin']), ARRAY['membership in governance_admin'],
          'missing_privileges names what the auditor lacks');
SELECT is_empty($$ SELECT * FROM compliance.maintenance_columns() $$,
                'maintenance_columns: no encrypted column, no column the pack rewrites');
RESET ROLE;

-- privacy: the pieces of masked_columns and masking_status, which run as their caller
INSERT INTO "Blocks"."Parent Table" VALUES (42, 'acme', 'ann@example.com');
SELECT governance.classify('"Blocks"."Parent Table"', 'id', 'direct_identifier');
SELECT governance.classify('"Blocks"."Parent Table"', 'e mail', 'contact');
CREATE ROLE blocks_reader NOLOGIN;
SELECT privacy.grant_masked('"Blocks"."Parent Table"', 'blocks_reader');
SET LOCAL ROLE governance_auditor;
SELECT results_eq($$ SELECT category, rule, params, source FROM privacy.column_mask('"Blocks"."Parent Table"', 'e mail') $$,
                  $$ VALUES ('contact', 'partial_email', '{}'::jsonb, 'category') $$,
                  'column_mask: a classified column takes its category''s rule');
SELECT results_eq($$ SELECT category, rule, params, source FROM privacy.column_mask('"Blocks".child', 'parent_id') $$,
                  $$ VALUES ('direct_identifier', 'hash', '{}'::jsonb, 'reference') $$,
                  'column_mask: an unclassified foreign key takes the rule of the column it references');
SELECT is_empty($$ SELECT * FROM privacy.column_mask('"Blocks".child', 'id') $$,
                'column_mask: no row for a column shown in clear');
SELECT results_eq($$ SELECT category, rule, params, source FROM privacy.referenced_column_mask('"Blocks".child', 'parent_id') $$,
                  $$ VALUES ('direct_identifier', 'hash', '{}'::jsonb, 'reference') $$,
                  'referenced_column_mask: a dump masks a foreign key as the key it references');
SELECT is_empty($$ SELECT * FROM privacy.referenced_column_mask('"Blocks".child', 'id') $$,
                'referenced_column_mask: no row for a column in no foreign key');
SELECT is(privacy.mask_rule_problem('keep_last', '{}', 'integer'::regtype), 'keep_last masks text, not integer',
          'mask_rule_problem: a rule that does not fit the type');
SELECT is(privacy.mask_rule_problem('keep_last', '{"keep": 65}'), 'keep must be a whole number from 0 to 64',
          'mask_rule_problem: a parameter out of bounds, without a type');
SELECT is(privacy.mask_rule_problem('keep_last', '{"keep": 2}', 'text'::regtype), NULL, 'mask_rule_problem: NULL when it fits');
SELECT is(privacy.whole_number_param('{"keep": 2.5}', 'keep', 0, 64), false, 'whole_number_param refuses a fraction');
SELECT is(privacy.whole_number_param('{}', 'keep', 0, 64), true, 'whole_number_param lets a missing key through');
SELECT is(privacy.mask_expression('x', 'int4'::regtype, -1, 'hash', '{}'), '(privacy.pseudonym((x)::bigint, 32))::integer',
          'mask_expression: an integer is pseudonymized by the keyed permutation of its width');
SELECT is(privacy.mask_expression('x', 'text'::regtype, -1, 'null', '{}'), '(NULL)::text', 'mask_expression: the null rule');
SELECT is(privacy.mask_expression('x', 'int4'::regtype, -1, 'null', '{}', true), '(0)::integer',
          'mask_expression: the null rule of a NOT NULL column gives the neutral value');
SELECT is(privacy.neutral_value('date'::regtype, -1), $$('1970-01-01')::date$$, 'neutral_value of a date');
SELECT results_eq($$ SELECT view_schema, view_name, definition FROM privacy.masked_view_definition('"Blocks"."Parent Table"') $$,
                  $$ VALUES ('Blocks_masked'::name, 'Parent Table'::name,
                             'SELECT (privacy.pseudonym((id)::bigint, 32))::integer AS id, tenant_id AS tenant_id, '
                             '(CASE WHEN pg_catalog.strpos(("e mail")::text, ''@'') > 0 THEN pg_catalog.left(("e mail")::text, 1) '
                             '|| ''***'' || pg_catalog.substr(("e mail")::text, pg_catalog.strpos(("e mail")::text, ''@'')) '
                             'ELSE pg_catalog.left(("e mail")::text, 1) || ''***'' END)::text AS "e mail" FROM "Blocks"."Parent Table"') $$,
                  'masked_view_definition: the masked view''s schema, name and query');
SELECT is((SELECT state FROM privacy.masking_status() WHERE table_name = '"Blocks"."Parent Table"'), 'current',
          'and masking_status finds the view current by it');
RESET ROLE;

-- privacy.pseudonym: the masked views call it as their reader, who may call it too
SET LOCAL ROLE blocks_reader;
SELECT is((SELECT id FROM "Blocks_masked"."Parent Table"), privacy.pseudonym(42, 32)::int,
          'a masked reader computes the pseudonym its view shows');
SELECT ok(privacy.pseudonym('ann@example.com', 'email') ~ '^u[0-9a-f]{20}@pseudonym\.invalid$',
          'and the e-mail form of one');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
