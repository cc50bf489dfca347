BEGIN;
SELECT plan(20);

SELECT tests.create_user('acc_owner', 'governance_admin');
SELECT tests.create_user('acc_app', 'governance_app');
CREATE TABLE public."Orders ""Q""" (id int PRIMARY KEY, "Tenant Id" text NOT NULL, amount int);
CREATE INDEX ON public."Orders ""Q""" ("Tenant Id");
INSERT INTO public."Orders ""Q""" VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 30), (4, 'b''; DROP TABLE x; --', 40);
ALTER TABLE public."Orders ""Q""" OWNER TO acc_owner;
GRANT CREATE ON SCHEMA public TO acc_owner;
GRANT SELECT, INSERT, UPDATE, DELETE ON public."Orders ""Q""" TO acc_app;

SET LOCAL ROLE acc_owner;
SELECT lives_ok($$ SELECT access.enable_tenant_isolation('public."Orders ""Q"""', 'Tenant Id') $$,
                'the table owner enables isolation on a table and column needing quotes');
SELECT lives_ok($$ SELECT access.enable_tenant_isolation('public."Orders ""Q"""', 'Tenant Id') $$, 'enabling twice is harmless');
-- A view and a definer function owned by the table owner: RLS still applies (FORCE).
CREATE VIEW public.orders_view AS SELECT * FROM public."Orders ""Q""";
CREATE FUNCTION public.orders_total() RETURNS bigint LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog AS $$ SELECT sum(amount) FROM public."Orders ""Q""" $$;
GRANT SELECT ON public.orders_view TO acc_app;
GRANT EXECUTE ON FUNCTION public.orders_total() TO acc_app;
RESET ROLE;

SELECT ok((SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'public."Orders ""Q"""'::regclass),
          'RLS is enabled and forced');

SELECT tests.authenticate_as('acc_app', 'alice', 'a');
SELECT results_eq($$ SELECT id FROM public."Orders ""Q""" ORDER BY id $$, ARRAY[1, 2], 'tenant a sees its rows only');
SELECT results_eq($$ SELECT id FROM public.orders_view ORDER BY id $$, ARRAY[1, 2], 'also through a view');
SELECT is(public.orders_total(), 30::bigint, 'also through a SECURITY DEFINER function of the owner');
UPDATE public."Orders ""Q""" SET amount = 0 WHERE id = 3;
DELETE FROM public."Orders ""Q""" WHERE id IN (3, 4);
SELECT throws_ok($$ INSERT INTO public."Orders ""Q""" VALUES (5, 'b', 1) $$, '42501', NULL,
                 'tenant a cannot insert a row for tenant b');
SELECT throws_ok($$ UPDATE public."Orders ""Q""" SET "Tenant Id" = 'b' WHERE id = 1 $$, '42501', NULL,
                 'tenant a cannot move its row to tenant b');
SELECT lives_ok($$ INSERT INTO public."Orders ""Q""" VALUES (6, 'a', 1) $$, 'tenant a inserts its own rows');
UPDATE public."Orders ""Q""" SET amount = amount + 1;

RESET ROLE;
SELECT results_eq($$ SELECT id, amount FROM public."Orders ""Q""" ORDER BY id $$,
                  $$ VALUES (1, 11), (2, 21), (3, 30), (4, 40), (6, 2) $$,
                  'tenant a''s UPDATE and DELETE changed none of tenant b''s rows, and all of its own');
SELECT tests.authenticate_as('acc_app', 'mallory', 'b''; DROP TABLE x; --');
SELECT results_eq($$ SELECT id FROM public."Orders ""Q""" $$, ARRAY[4], 'a hostile tenant value is just a value');

RESET ROLE;
SELECT tests.log_in_as('acc_app', 'someone without a tenant');
SELECT is((SELECT count(*)::int FROM public."Orders ""Q"""), 0, 'no tenant set: no rows');
SELECT is((SELECT count(*)::int FROM public.orders_view), 0, 'no tenant set: no rows through the view either');
SELECT throws_ok($$ INSERT INTO public."Orders ""Q""" VALUES (7, 'a', 1) $$, '42501', NULL, 'no tenant set: inserts are refused');
SELECT set_config('governance.tenant', 'b', true);
SELECT throws_ok($$ SELECT count(*) FROM public."Orders ""Q""" $$, '42501', NULL,
                 'a tenant forged with SET is an error, not another tenant''s rows');
RESET SESSION AUTHORIZATION;

RESET ROLE;
SELECT tests.authenticate_as('acc_owner', 'owner', 'b');
SELECT results_eq($$ SELECT id FROM public."Orders ""Q""" ORDER BY id $$, ARRAY[3], 'the table owner is subject to it (FORCE)');

RESET ROLE;
-- A typed tenant column: the tenant is cast to the column's type, so its index serves the filter.
CREATE TABLE public.typed_tenants (id int, tenant integer);
INSERT INTO public.typed_tenants SELECT g, g % 3 FROM generate_series(1, 9) g;
SELECT access.enable_tenant_isolation('public.typed_tenants', 'tenant');
GRANT SELECT ON public.typed_tenants TO acc_app;
SELECT tests.authenticate_as('acc_app', 'alice', '2');
SELECT results_eq($$ SELECT id FROM public.typed_tenants ORDER BY id $$, ARRAY[2, 5, 8], 'an integer tenant column works');

RESET ROLE;
SELECT throws_ok($$ SELECT access.enable_tenant_isolation('public.typed_tenants', 'nope') $$, '42703',
                 'access.enable_tenant_isolation: table public.typed_tenants has no column nope');
SELECT lives_ok($$ SELECT access.disable_rls('public.typed_tenants') $$, 'disable_rls removes it');
SELECT ok((SELECT NOT relrowsecurity AND NOT relforcerowsecurity FROM pg_class WHERE oid = 'public.typed_tenants'::regclass)
          AND NOT EXISTS (SELECT FROM pg_policy WHERE polrelid = 'public.typed_tenants'::regclass),
          '... and switches RLS off when no other policy is left');

SELECT * FROM finish();
ROLLBACK;
