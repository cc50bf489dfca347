-- Citus is not installable where the tests run: its catalog relation is faked here, with
-- the name and the columns governance.citus_table_kind reads (pg_dist_partition:
-- partmethod 'h' hash-distributed, 'n' not sharded; repmodel 't' replicated to every node).
BEGIN;
SELECT plan(19);

CREATE SCHEMA "Scale Out";
CREATE TABLE "Scale Out"."Events ""D""" (id int PRIMARY KEY, tenant_id text, email text);
CREATE TABLE "Scale Out".countries (code text PRIMARY KEY, tenant_id text, name text);
CREATE TABLE "Scale Out".staged (id int PRIMARY KEY, tenant_id text, email text);
CREATE TABLE "Scale Out".plain (id int PRIMARY KEY, tenant_id text, email text);
SELECT privacy.register_purpose('citus_marketing', 'newsletters', 'consent', 'v1');

SELECT is(governance.citus_table_kind('"Scale Out"."Events ""D"""'), 'local', 'without Citus every table is local');

SET LOCAL allow_system_table_mods = on;
CREATE TABLE pg_catalog.pg_dist_partition (logicalrelid regclass, partmethod "char", colocationid int, repmodel "char");
RESET allow_system_table_mods;
INSERT INTO pg_catalog.pg_dist_partition VALUES
    ('"Scale Out"."Events ""D"""', 'h', 1, 's'), ('"Scale Out".countries', 'n', 2, 't'), ('"Scale Out".staged', 'n', 0, 's');

SELECT is(governance.citus_table_kind('"Scale Out"."Events ""D"""'), 'distributed', 'a hash-distributed table');
SELECT is(governance.citus_table_kind('"Scale Out".countries'), 'reference', 'a reference table');
SELECT is(governance.citus_table_kind('"Scale Out".staged'), 'citus_local', 'a Citus local table');
SELECT is(governance.citus_table_kind('"Scale Out".plain'), 'local', 'a table Citus does not know stays local');

SELECT throws_like($$ SELECT audit.enable('"Scale Out"."Events ""D"""') $$,
    'audit.enable: "Scale Out"."Events ""D""" is a Citus distributed table; its audit triggers would run on the workers%',
    'audit.enable refuses a distributed table, naming the limitation');
SELECT is((SELECT count(*)::int FROM pg_trigger WHERE tgrelid = '"Scale Out"."Events ""D"""'::regclass), 0,
          'and adds no trigger');
SELECT throws_ok($$ SELECT audit.enable('"Scale Out".countries') $$, '0A000', NULL, 'and a reference table');
SELECT throws_like($$ SELECT access.enable_tenant_isolation('"Scale Out".countries') $$,
    '%is a Citus reference table; Citus creates RESTRICTIVE policies on the shards as PERMISSIVE%',
    'tenant isolation refuses a reference table: it would not isolate');
SELECT throws_ok($$ SELECT access.enable_tenant_isolation('"Scale Out"."Events ""D"""') $$, '0A000', NULL,
                 'and a distributed table');
SELECT is((SELECT count(*)::int FROM pg_policy WHERE polrelid IN ('"Scale Out".countries'::regclass,
           '"Scale Out"."Events ""D"""'::regclass)), 0, 'no policy was created');
SELECT throws_ok($$ SELECT access.enable_policy_rls('"Scale Out".staged', 'event', 'id') $$, '0A000', NULL,
                 'policy RLS refuses a Citus local table');
SELECT throws_ok($$ SELECT privacy.consent_required('"Scale Out"."Events ""D"""', 'citus_marketing', 'id') $$, '0A000', NULL,
                 'a consent guard refuses a distributed table');
SELECT throws_like($$ SELECT governance.encrypt_column('"Scale Out"."Events ""D"""', 'email', 'any_key') $$,
    '%decryption and the conversion run on the workers%', 'encrypt_column refuses before looking for the key');
SELECT throws_like($$ SELECT privacy.register_subject('citus_user', '"Scale Out"."Events ""D"""', 'id') $$,
    '%erasure locks the subject''s rows FOR UPDATE across shards%', 'a subject on a distributed table is refused');

-- A table distributed after its registration: erasure refuses rather than fail half-way.
SELECT privacy.register_subject('citus_user', '"Scale Out".plain', 'id');
INSERT INTO pg_catalog.pg_dist_partition VALUES ('"Scale Out".plain', 'h', 1, 's');
SELECT throws_ok($$ SELECT privacy.gdpr_forget('1', 'citus_user') $$, '0A000', NULL,
                 'gdpr_forget refuses a subject graph with a distributed table');
DELETE FROM pg_catalog.pg_dist_partition WHERE logicalrelid = '"Scale Out".plain'::regclass;

SELECT lives_ok($$ SELECT audit.enable('"Scale Out".plain') $$, 'a table Citus does not know is audited');
SELECT lives_ok($$ SELECT access.enable_tenant_isolation('"Scale Out".plain') $$, 'and isolated');
SELECT throws_like($$ SELECT governance.require_local_table('x.fn', '"Scale Out".countries', 'tests') $$,
    'x.fn: "Scale Out".countries is a Citus reference table; tests is not supported on it',
    'a feature without a measured limitation is named as unsupported');

SELECT * FROM finish();
ROLLBACK;
