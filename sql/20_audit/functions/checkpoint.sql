-- The current head of the chain. Store it outside the database (a ticket, a log
-- service, a signed e-mail): audit.verify_chain(checkpoint_seq => .., checkpoint_hash => ..)
-- then catches even a superuser who rewrites the whole chain consistently.
CREATE OR REPLACE FUNCTION audit.checkpoint()
RETURNS TABLE (seq bigint, hash text, sealed_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT h.seq, pg_catalog.encode(h.hash, 'hex'), l.sealed_at
      FROM audit.chain_head h LEFT JOIN audit.chain l ON l.seq = h.seq
$$;

COMMENT ON FUNCTION audit.checkpoint() IS
    'The head of the audit hash chain (sequence and hex hash) to keep outside the database for audit.verify_chain';

GRANT EXECUTE ON FUNCTION audit.checkpoint() TO governance_auditor, governance_admin;
