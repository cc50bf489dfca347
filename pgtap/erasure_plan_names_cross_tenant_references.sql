-- A foreign key between tenant-isolated tables that leaves the tenant out lets one
-- tenant's row reference another's: that reference blocks the other tenant's erasure (or,
-- with ON DELETE CASCADE, reaches into it). The plan names it; the composite pattern
-- (tenant in the key and the foreign key) is not named.
BEGIN;
SELECT plan(4);

CREATE SCHEMA "Multi Tenant";
CREATE TABLE "Multi Tenant".customer (id int PRIMARY KEY, tenant_id text NOT NULL, email text, UNIQUE (tenant_id, id));
CREATE TABLE "Multi Tenant"."Order" (id int PRIMARY KEY, tenant_id text NOT NULL,
                                     "customer id" int REFERENCES "Multi Tenant".customer);
CREATE INDEX ON "Multi Tenant"."Order" ("customer id");
CREATE TABLE "Multi Tenant".invoice (id int, tenant_id text NOT NULL, customer_id int, PRIMARY KEY (tenant_id, id),
                                     FOREIGN KEY (tenant_id, customer_id) REFERENCES "Multi Tenant".customer (tenant_id, id));
CREATE INDEX ON "Multi Tenant".invoice (tenant_id, customer_id);
INSERT INTO "Multi Tenant".customer VALUES (1, 'acme', 'ada@acme.example'), (2, 'globex', 'gus@globex.example');
-- globex's order 20 references acme's customer 1: the schema let it.
INSERT INTO "Multi Tenant"."Order" VALUES (10, 'acme', 1), (20, 'globex', 1), (30, 'globex', 2);
INSERT INTO "Multi Tenant".invoice VALUES (1, 'acme', 1), (2, 'globex', 2);
SELECT access.enable_tenant_isolation('"Multi Tenant".customer');
SELECT access.enable_tenant_isolation('"Multi Tenant"."Order"');
SELECT access.enable_tenant_isolation('"Multi Tenant".invoice');
SELECT privacy.register_subject('customer', '"Multi Tenant".customer', 'id');
SELECT governance.set_context('dpo@acme', tenant => 'acme');

CREATE TEMP TABLE cross_tenant AS
    SELECT w FROM jsonb_array_elements(privacy.erasure_plan('1', 'customer')->'warnings') w WHERE w ? 'references';
SELECT results_eq($$ SELECT w->>'table', w->>'constraint', w->>'references', (w->>'rows')::int FROM cross_tenant $$,
                  $$ VALUES ('"Multi Tenant"."Order"', 'Order_customer id_fkey', '"Multi Tenant".customer', 1) $$,
                  'the key without the tenant is named, with the rows of another tenant that reference the subject');
SELECT matches((SELECT w->>'warning' FROM cross_tenant),
               'without the tenant column tenant_id: 1 rows of it belong to another tenant and reference the subject; the erasure fails on them\. '
               'Put the tenant in the key and the foreign key: FOREIGN KEY \(tenant_id, "customer id"\) REFERENCES "Multi Tenant"\.customer \(tenant_id, id\)',
               'the warning says what happens and the pattern that avoids it');
SELECT is_empty($$ SELECT FROM jsonb_array_elements(privacy.erasure_plan('2', 'customer')->'warnings') w WHERE w ? 'references' $$,
                'a subject no other tenant references: no warning (the composite key of invoice is never named)');
SELECT is((SELECT count(*)::int FROM jsonb_array_elements(privacy.erasure_plan('1', 'customer')->'warnings') w
            WHERE w->>'table' = '"Multi Tenant".invoice'), 0, 'tenant in the key and the foreign key: nothing to warn');

SELECT * FROM finish();
ROLLBACK;
