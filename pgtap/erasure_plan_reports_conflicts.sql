BEGIN;
SELECT plan(12);
\ir helpers/erasure_schema.sql
SELECT shop.populate(10, 2);
SELECT shop.configure_privacy();

SELECT is(jsonb_array_length(privacy.erasure_plan('4', 'customer')->'conflicts'), 0, 'the configured plan has no conflict');
SELECT is((SELECT t->>'rows' FROM jsonb_array_elements(privacy.erasure_plan('4', 'customer')->'tables') t
            WHERE t->>'table' = 'shop.payment_note'), '2', 'the plan counts rows three FK hops away');
SELECT is((SELECT t->'paths'->>0 FROM jsonb_array_elements(privacy.erasure_plan('4', 'customer')->'tables') t
            WHERE t->>'table' = 'shop."Payment Lines"'),
          'shop.customer.id -> shop.rental(customer_id) [rental_customer_id_fkey] -> shop."Payment Lines"(rental_id) ["Payment Lines_rental_id_fkey"]',
          'the plan shows the FK path, constraint names included');

-- A legal hold on accounts: a retained account references the customer through a NOT NULL key.
SELECT privacy.set_erasure_rule('shop.account', 'retain', 'fraud investigation');
SELECT results_eq(
    $$ SELECT c->>'constraint', c->>'table', c->>'references', (c->>'rows')::int
         FROM jsonb_array_elements(privacy.erasure_plan('4', 'customer')->'conflicts') c $$,
    $$ VALUES ('account_customer_id_fkey', 'shop.account', 'shop.customer', 1) $$,
    'a retained row referencing a deleted row through a NOT NULL key is a conflict named by its constraint');

CREATE TEMP TABLE before AS SELECT count(*) AS n FROM shop.rental;
SELECT throws_like($$ SELECT privacy.gdpr_forget('4', 'customer') $$,
                   '%conflicts with constraint(s) account_customer_id_fkey; nothing was changed',
                   'gdpr_forget refuses a conflicting plan');
SELECT is((SELECT count(*) FROM shop.rental), (SELECT n FROM before), 'and changes nothing');

-- Retaining payments whose rentals are deleted: ON DELETE CASCADE would delete them anyway.
SELECT privacy.set_erasure_rule('shop.account', 'delete');
SELECT privacy.set_erasure_rule('shop."Payment Lines"', 'retain', 'card scheme rules');
SELECT is((SELECT c->>'constraint' FROM jsonb_array_elements(privacy.erasure_plan('4', 'customer')->'conflicts') c),
          'Payment Lines_rental_id_fkey', 'a cascade into retained rows is a conflict too');
SELECT privacy.set_erasure_rule('shop."Payment Lines"', 'delete');

-- An FK the plan walks without an index: the plan says it would scan.
DROP INDEX shop.rental_customer_id_idx;
SELECT is((SELECT w->>'constraint' FROM jsonb_array_elements(privacy.erasure_plan('4', 'customer')->'warnings') w),
          'rental_customer_id_fkey', 'an unindexed foreign key on the erasure path is reported');

SELECT is(privacy.erasure_plan('4', 'customer')->'coverage_gaps',
          '[{"table": "shop.newsletter_signup", "columns": ["email"]}]',
          'a classified table no subject reaches is reported as a coverage gap');
SELECT privacy.link_table('shop.newsletter_signup', 'email', 'customer');
SELECT is(privacy.erasure_plan('4', 'customer')->'coverage_gaps', '[]', 'linking it closes the gap');

SELECT is(privacy.erasure_plan('4', 'customer')->'subject_found', 'true', 'the plan says the subject exists');

SELECT privacy.set_erasure_rule('shop.event', 'retain', 'analytics hold');
SELECT results_eq(
    $$ SELECT t->>'table', t->>'action' FROM jsonb_array_elements(privacy.erasure_plan('4', 'customer')->'tables') t
        WHERE t->>'table' LIKE 'shop.event%' ORDER BY 1 $$,
    $$ VALUES ('shop.event', 'retain') $$,
    'a partitioned table linked by its partitions'' foreign keys is one table, with its rule');

SELECT * FROM finish();
ROLLBACK;
