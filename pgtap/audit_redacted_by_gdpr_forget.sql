BEGIN;
SELECT plan(7);
SET LOCAL client_min_messages = warning;
\ir helpers/erasure_schema.sql
SELECT audit.enable('shop.customer'), audit.enable('shop.rental'), audit.enable('shop.event');
SELECT shop.populate(5, 1);
SELECT shop.configure_privacy();
UPDATE shop.customer SET email = 'new-' || email;
-- Kept by an anonymize rule, with no classified column to mask.
CREATE TABLE shop.loyalty (id int PRIMARY KEY, customer_id int REFERENCES shop.customer, points int);
CREATE INDEX ON shop.loyalty (customer_id);
SELECT audit.enable('shop.loyalty');
SELECT privacy.set_erasure_rule('shop.loyalty', 'anonymize', 'points are kept for accounting');
INSERT INTO shop.loyalty VALUES (30, 3, 10), (20, 2, 5);
UPDATE shop.loyalty SET points = points + 1;
SELECT audit.seal();  -- the history to redact is sealed (see audit_chain_detects_tampering)

CREATE TEMP TABLE before_forget AS
SELECT table_name, row_key, (coalesce(old_values::text, '') || coalesce(new_values::text, '')) AS stored
  FROM audit.changes WHERE table_name IN ('shop.customer', 'shop.rental', 'shop.event');
SELECT ok((SELECT count(*) FROM before_forget WHERE table_name = 'shop.customer' AND row_key = '{"id": 3}') >= 2,
          'customer 3 has a history in the trail');

SELECT lives_ok($$ SELECT privacy.gdpr_forget('3', 'customer') $$, 'the erasure runs with the audit module installed');
SELECT is_empty($$ SELECT id FROM audit.changes c
                    WHERE (c.table_name, c.row_key) IN (SELECT b.table_name, b.row_key FROM before_forget b
                                                         WHERE (b.table_name = 'shop.customer' AND b.row_key = '{"id": 3}')
                                                            OR b.stored ~ '"customer_id": 3[,}]')
                      AND c.values_hash IS NULL $$,
                'the history of the erased rows is redacted, partitioned tables included');
SELECT is((SELECT new_values ->> 'email' FROM audit.changes
             WHERE table_name = 'shop.customer' AND row_key = '{"id": 2}' AND op = 'INSERT'),
          'user2@example.com', 'other customers'' history is kept');
SELECT is_empty($$ SELECT id FROM audit.changes WHERE table_name = 'shop.loyalty' AND row_key = '{"id": 30}'
                      AND (old_values::text ~ '[0-9]' OR new_values::text ~ '[0-9]') $$,
                'anonymized rows with nothing to mask have their history redacted too (the detach from customer 3 included)');
SELECT is((SELECT count(*)::int FROM audit.changes WHERE table_name = 'shop.loyalty' AND row_key = '{"id": 20}'
             AND redaction_id IS NULL), 2, 'another customer''s kept rows keep their history');
SELECT is_empty($$ SELECT * FROM audit.verify_chain() $$, 'and the chain still verifies');

SELECT * FROM finish();
ROLLBACK;
