-- Refuses a request that asks more of the server than governance.limits allows: a depth,
-- a document's size, a number of rows or categories. The error names the function, what
-- was asked, the bound and who may change it. A NULL amount is the caller's to refuse.
CREATE OR REPLACE FUNCTION governance.require_within_limit(caller text, what text, amount numeric, limit_name text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bound bigint;
BEGIN
    IF amount IS NULL THEN
        RETURN;   -- nothing asked (a NULL document): no lookup on the hot path
    END IF;
    bound := governance.limit_value(limit_name);
    IF amount > bound THEN
        RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
            MESSAGE = pg_catalog.format('%s: %s is %s, more than the limit %s (%s)', caller, what, amount, bound, limit_name),
            HINT = pg_catalog.format('Ask for less. The limit is governance.limits %L, which only pg-governance''s owner may change.', limit_name);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.require_within_limit(text, text, numeric, text) IS
    'Internal: raises 54000 when an amount a caller asked for exceeds the named limit of governance.limits';
