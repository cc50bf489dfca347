-- An own parent (the customer's address) is erased only when nothing references it any
-- more. When rows the erasure keeps (anonymize, retain) still point at it, it stays, with
-- its personal data: the plan says so before, instead of the DPO finding it after.
BEGIN;
SELECT plan(7);

CREATE SCHEMA "Own";
CREATE TABLE "Own".address (id int PRIMARY KEY, street text);
CREATE TABLE "Own".customer (id int PRIMARY KEY, address_id int REFERENCES "Own".address);
CREATE TABLE "Own"."Order" (id int PRIMARY KEY, customer_id int REFERENCES "Own".customer,
                            "ship to" int REFERENCES "Own".address, total numeric);
CREATE INDEX ON "Own".customer (address_id);
CREATE INDEX ON "Own"."Order" (customer_id);
CREATE INDEX ON "Own"."Order" ("ship to");
INSERT INTO "Own".address VALUES (1, 'Main Street 1'), (2, 'High Street 2');
INSERT INTO "Own".customer VALUES (7, 1), (8, 2);
INSERT INTO "Own"."Order" VALUES (70, 7, 1, 9.90), (80, 8, 2, 5.00);
SELECT governance.classify('"Own".address', 'street', 'contact');
SELECT privacy.register_subject('customer', '"Own".customer', 'id');
SELECT privacy.own_parent('"Own".customer', 'address_id');
SELECT privacy.set_erasure_rule('"Own"."Order"', 'anonymize', 'tax law');

SELECT results_eq($$ SELECT w->>'table', w->>'constraint', w->>'columns', w->>'warning'
                      FROM jsonb_array_elements(privacy.erasure_plan('7', 'customer')->'warnings') w $$,
    $$ VALUES ('"Own"."Order"', 'Order_ship to_fkey', '"ship to"',
               '"Own"."Order" ("ship to") keeps rows of "Own".address, an own parent, referenced: the rows that rule anonymize keeps point to them, so they are not erased. Classify "ship to" to clear it when anonymizing, or accept it') $$,
    'the plan warns that kept rows keep the own parent referenced');
SELECT lives_ok($$ SELECT privacy.gdpr_forget('7', 'customer') $$, 'the erasure runs');
SELECT is((SELECT street FROM "Own".address WHERE id = 1), 'Main Street 1', 'and, as warned, leaves the address');

SELECT governance.classify('"Own"."Order"', 'ship to', 'contact');
SELECT is(privacy.erasure_plan('8', 'customer')->'warnings', '[]', 'with the reference masked, no warning');
SELECT lives_ok($$ SELECT privacy.gdpr_forget('8', 'customer') $$, 'once classified, the erasure runs');
SELECT is((SELECT count(*)::int FROM "Own".address WHERE id = 2), 0, 'and the address goes');
SELECT row_eq($$ SELECT customer_id, "ship to", total FROM "Own"."Order" WHERE id = 80 $$, ROW(NULL::int, NULL::int, 5.00::numeric),
              'the order is kept, detached and masked');

SELECT * FROM finish();
ROLLBACK;
