BEGIN;
SELECT plan(16);
\ir helpers/erasure_schema.sql
SELECT shop.populate(30, 3);
SELECT shop.configure_privacy();

-- Every row of the shop, before and after, as the database holds it.
CREATE TEMP TABLE snapshot (phase text, t regclass, r jsonb);
CREATE FUNCTION pg_temp.take(phase text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE tbl regclass;
BEGIN
    FOR tbl IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'shop'::regnamespace AND c.relkind = 'r'
                 AND c.relname <> 'stats' LOOP
        EXECUTE format('INSERT INTO snapshot SELECT $1, %s::regclass, to_jsonb(x) FROM %s x', tbl::oid, tbl) USING phase;
    END LOOP;
END $$;
SELECT pg_temp.take('before');

SELECT is((privacy.gdpr_forget('14', 'customer'))->>'status', 'erased', 'gdpr_forget erases a known subject');
SELECT pg_temp.take('after');

SELECT results_eq(
    $$ SELECT t::text, count(*)::int FROM (SELECT t, r FROM snapshot WHERE phase = 'before'
                                           EXCEPT SELECT t, r FROM snapshot WHERE phase = 'after') gone
        GROUP BY t ORDER BY t::text COLLATE "C" $$,
    $$ VALUES ('shop."Payment Lines"', 3), ('shop.account', 1), ('shop.address', 1), ('shop.app_log', 1),
              ('shop.customer', 1), ('shop.event_2024', 1), ('shop.event_2025', 1), ('shop.favorite', 2),
              ('shop.invoice', 1), ('shop.page_view_0', 2), ('shop.payment_note', 3), ('shop.rental', 3),
              ('shop.rental_review', 2) $$,
    'exactly the subject''s rows changed: two FK hops, cascade chain, composite FK, both kinds of partitions, join table, link table, own parent');
SELECT results_eq(
    $$ SELECT t::text, r->>'id' FROM (SELECT t, r FROM snapshot WHERE phase = 'after'
                                      EXCEPT SELECT t, r FROM snapshot WHERE phase = 'before') came $$,
    $$ VALUES ('shop.invoice', '14') $$,
    'the only row rewritten is the subject''s anonymized invoice: every other row is byte-identical');

SELECT is((SELECT count(*)::int FROM shop.rental WHERE customer_id = 14), 0, 'no rental of the subject survives');
SELECT is((SELECT count(*)::int FROM shop.app_log WHERE customer_ref = '14'), 0, 'the linked table is cleared');
SELECT row_eq($$ SELECT customer_id, billing_email::text, net, total, issued_on FROM shop.invoice WHERE id = 14 $$,
              ROW(NULL::integer, NULL::text, 24.00::numeric(12,2), 28.80::numeric(12,2), date '2024-06-01'),
              'the anonymized invoice keeps its amounts and date, loses its link and e-mail');
SELECT matches((SELECT billing_name::text FROM shop.invoice WHERE id = 14), '^erased-[0-9a-f]+$',
               'a NOT NULL classified column is masked with a placeholder of its type');
SELECT is((SELECT count(*)::int FROM shop.ledger_entry WHERE invoice_id = 14), 1, 'the retained ledger entry is untouched');
SELECT is((SELECT value FROM shop.stats WHERE name = 'rentals_deleted'), 3::bigint,
          'the application''s own statement trigger saw the three rentals go');

-- Shared own parent: customers 19 and 20 live at address 19.
SELECT privacy.gdpr_forget('20', 'customer');
SELECT ok(EXISTS (SELECT FROM shop.address WHERE id = 19), 'an own parent still referenced by another subject is kept');
SELECT privacy.gdpr_forget('19', 'customer');
SELECT ok(NOT EXISTS (SELECT FROM shop.address WHERE id = 19), 'and erased with the last subject referencing it');

-- Self-reference: customer 21 was referred by customer 20 (erased above).
SELECT is((SELECT referred_by FROM shop.customer WHERE id = 21), NULL, 'another subject''s reference to the erased one is detached');

-- Evidence: a keyed hash, never the key.
SELECT is((SELECT count(*)::int FROM privacy.erasures WHERE subject_hash = privacy.subject_hash('customer', '14')), 1,
          'the erasure is recorded under the keyed hash of the subject key');
SELECT ok(NOT EXISTS (SELECT FROM privacy.erasures e WHERE to_jsonb(e)::text ~ '"14"|User 14|user14@'),
          'the erasure record holds neither the key nor the subject''s values');

SELECT is((privacy.gdpr_forget('14', 'customer'))->>'status', 'already_erased', 'a second call is a no-op that says so');
SELECT throws_ok($$ SELECT privacy.gdpr_forget('99999', 'customer') $$, 'P0002',
                 'privacy.gdpr_forget: no data of a customer with this key', 'an unknown subject is a clear error');

SELECT * FROM finish();
ROLLBACK;
