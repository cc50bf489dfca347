BEGIN;
SELECT plan(10);
\ir helpers/erasure_schema.sql
SELECT shop.populate(10, 4);
SELECT shop.configure_privacy();

SELECT FROM privacy.request_export('6', 'customer');  -- the export's record, committed first
SELECT tests.as_if_committed();
CREATE TEMP TABLE doc AS SELECT privacy.gdpr_export('6', 'customer') AS d;

-- Every table's rows in the export are exactly the rows a direct query finds.
SELECT set_eq($$ SELECT jsonb_array_elements(d->'tables'->'shop.rental'->'rows') FROM doc $$,
              $$ SELECT to_jsonb(r) FROM shop.rental r WHERE customer_id = 6 $$, 'rentals: exactly the subject''s');
SELECT set_eq($$ SELECT jsonb_array_elements(d->'tables'->'shop."Payment Lines"'->'rows') FROM doc $$,
              $$ SELECT to_jsonb(p) FROM shop."Payment Lines" p JOIN shop.rental r ON r.id = p.rental_id WHERE r.customer_id = 6 $$,
              'payments two hops away, in a table whose name needs quoting');
-- Foreign keys declared per partition link the whole partitioned table: one entry.
SELECT set_eq($$ SELECT jsonb_array_elements(d->'tables'->'shop.event'->'rows') FROM doc $$,
              $$ SELECT to_jsonb(e) FROM shop.event e WHERE customer_id = 6 $$,
              'events from every partition');
SELECT is((SELECT jsonb_array_length(d->'tables'->'shop.address'->'rows') FROM doc), 1, 'the own parent is exported');
SELECT is((SELECT d->'tables'->'shop.event'->'rows'->0->'payload'->>'big' FROM doc),
          '12345678901234567890.123456789', 'numbers inside json keep every digit');
SELECT is((SELECT d->'tables'->'shop.account'->'rows'->0->>'balance' FROM doc), '7.4070', 'numeric keeps its scale');
SELECT is((SELECT d->'tables'->'shop.customer'->'classified'->'email'->>'category' FROM doc), 'contact',
          'classified columns are marked');
SELECT is((SELECT d->'tables'->'shop.invoice'->'erasure_rule'->>'reason' FROM doc), 'tax law: invoices are kept 10 years',
          'the retention rule is part of the document');
SELECT matches((SELECT d->>'exported_at' FROM doc), '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$', 'an ISO timestamp');

SELECT privacy.gdpr_forget('6', 'customer');
-- The anonymized invoice is no longer linked to the subject, the retained ledger entry
-- is reached through it no more: nothing of the subject is left to export.
SELECT is(privacy.gdpr_export('6', 'customer')->'tables', '{}', 'after forget, export finds nothing');

SELECT * FROM finish();
ROLLBACK;
