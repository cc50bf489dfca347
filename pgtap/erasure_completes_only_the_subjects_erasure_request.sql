BEGIN;
SELECT plan(7);

-- gdpr_forget(key, type, request_id) marks the request completed: only an erasure request
-- of that very subject may be, else another person's request would read as fulfilled
-- while their data is untouched.
CREATE SCHEMA "Req Shop";
CREATE TABLE "Req Shop"."Buyer" (id text PRIMARY KEY, email text);
CREATE TABLE "Req Shop".orders (id int PRIMARY KEY, buyer_id text NOT NULL REFERENCES "Req Shop"."Buyer");
INSERT INTO "Req Shop"."Buyer" VALUES ('alice', 'a@example.com'), ('bob', 'b@example.com');
INSERT INTO "Req Shop".orders VALUES (1, 'alice'), (2, 'bob');
-- A second subject type of its own (a type registered on orders would own them: the
-- buyer's erasure would then be a conflict, not a request check).
CREATE TABLE "Req Shop".seller (id int PRIMARY KEY);
-- Opened before any subject table was registered, so without a subject type.
CREATE TEMP TABLE early AS SELECT privacy.open_request('alice', 'erasure') AS alice_erasure;
SELECT privacy.register_subject('buyer', '"Req Shop"."Buyer"', 'id');
SELECT privacy.register_subject('other', '"Req Shop".seller', 'id');
CREATE TEMP TABLE r AS
SELECT privacy.open_request('bob', 'erasure', subject_type => 'buyer') AS bob_erasure,
       privacy.open_request('alice', 'access', subject_type => 'buyer') AS alice_access,
       privacy.open_request('alice', 'erasure', subject_type => 'other') AS alice_other_type,
       (SELECT alice_erasure FROM early) AS alice_erasure;
SELECT privacy.verify_request(id, 'signed letter') FROM (SELECT bob_erasure AS id FROM r UNION ALL SELECT alice_access FROM r
                                                         UNION ALL SELECT alice_other_type FROM r UNION ALL SELECT alice_erasure FROM r) v;

SELECT throws_ok(pg_catalog.format($$ SELECT privacy.gdpr_forget('alice', 'buyer', %s) $$, (SELECT bob_erasure FROM r)), '22023',
                 pg_catalog.format('privacy.gdpr_forget: request %s is not an erasure request of this buyer; nothing was changed',
                                   (SELECT bob_erasure FROM r)),
                 'another subject''s request is refused');
SELECT throws_ok(pg_catalog.format($$ SELECT privacy.gdpr_forget('alice', 'buyer', %s) $$, (SELECT alice_access FROM r)), '22023', NULL,
                 'so is the subject''s request of another type');
SELECT throws_ok(pg_catalog.format($$ SELECT privacy.gdpr_forget('alice', 'buyer', %s) $$, (SELECT alice_other_type FROM r)), '22023', NULL,
                 'and its erasure request for another subject type');
SELECT is((SELECT count(*)::int FROM "Req Shop"."Buyer" WHERE id = 'alice'), 1, 'the refused erasures changed nothing');
SELECT is((SELECT string_agg(status, ',' ORDER BY id) FROM privacy.requests), 'verified,verified,verified,verified',
          'no request was completed');

SELECT is((privacy.gdpr_forget('alice', 'buyer', (SELECT alice_erasure FROM r)))->>'status', 'erased',
          'the subject''s own erasure request (no subject type given) is accepted');
SELECT is((SELECT status FROM privacy.requests WHERE id = (SELECT alice_erasure FROM r)), 'completed', 'and completed');

SELECT * FROM finish();
ROLLBACK;
