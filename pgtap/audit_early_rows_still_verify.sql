BEGIN;
SELECT plan(3);

-- Rows captured before migration 0003 stay in audit.changes_v1, sealed by links over
-- their own digests. Write two such rows and their link as the earlier sealer did.
SET LOCAL session_replication_role = replica;
INSERT INTO audit.changes_v1 (id, occurred_at, statement_at, txid, actor, db_user, table_name, op, row_key, new_values)
SELECT nextval('audit.ids'), now(), now(), 4242, 'early', 'early', 'public.t', 'INSERT', jsonb_build_object('id', g),
       jsonb_build_object('id', g, 'note', 'early row')
  FROM generate_series(1, 2) g;
CREATE TEMP TABLE early AS
SELECT count(*) AS row_count, min(id) - 1 AS first_id, max(id) AS last_id, min(occurred_at) AS first_at,
       max(occurred_at) AS last_at, sha256(string_agg(digest, ''::bytea ORDER BY id)) AS tx_hash,
       (SELECT h.seq FROM audit.chain_head h) AS prev_seq, (SELECT h.hash FROM audit.chain_head h) AS prev_hash
  FROM audit.digests WHERE early AND txid = 4242;
INSERT INTO audit.chain (seq, txid, first_id, last_id, prev_hash, tx_hash, row_count, first_at, last_at, sealed_at, hash)
SELECT prev_seq + 1, 4242, first_id, last_id, prev_hash, tx_hash, row_count, first_at, last_at, now(),
       audit.link_hash(prev_hash, prev_seq + 1, 4242, first_id, last_id, row_count, tx_hash, first_at, last_at, now())
  FROM early;
UPDATE audit.chain_head SET seq = l.seq, hash = l.hash FROM (SELECT seq, hash FROM audit.chain ORDER BY seq DESC LIMIT 1) l;
RESET session_replication_role;

-- New rows are sealed after them, in the new shape.
CREATE TABLE public.notes (id int PRIMARY KEY, note text);
SELECT audit.enable('public.notes');
INSERT INTO public.notes VALUES (1, 'new row');
SELECT audit.seal();  -- links our own rows so far (see audit_chain_detects_tampering)

SELECT is((SELECT array_agg(actor ORDER BY id) FROM audit.changes WHERE table_name IN ('public.t', 'public.notes')),
          ARRAY['early', 'early', session_user::text], 'audit.changes shows the early rows and the new ones');
SELECT is_empty($$ SELECT * FROM audit.verify_chain() $$, 'the chain verifies across both shapes');

SET LOCAL session_replication_role = replica;
UPDATE audit.changes_v1 SET new_values = '{"id": 1, "note": "rewritten"}' WHERE txid = 4242 AND row_key = '{"id": 1}';
RESET session_replication_role;
SELECT is((SELECT kind FROM audit.verify_chain() LIMIT 1), 'modified', 'an edited early row is still reported');

SELECT * FROM finish();
ROLLBACK;
