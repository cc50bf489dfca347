-- Keyed pseudonyms (the masking rule `hash`): HMAC-SHA-256 under privacy.masking_key, so
-- the same value gets the same pseudonym in every table, view and dump of this database
-- (joins and unique constraints survive), and nobody without the key can compute one.
-- Whoever may call these can test a guess (is this the pseudonym of alice@example.com?):
-- they are granted to the roles reading masked views that use the rule (docs/masking.md).

-- Text: 32 hex digits, or with format 'email' an address of the reserved .invalid domain.
CREATE OR REPLACE FUNCTION privacy.pseudonym(value text, format text DEFAULT NULL)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT CASE WHEN format = 'email' THEN 'u' || pg_catalog.left(h, 20) || '@pseudonym.invalid' ELSE pg_catalog.left(h, 32) END
      FROM (SELECT pg_catalog.encode(governance.hmac_sha256(pg_catalog.convert_to(value, 'UTF8'), k.key), 'hex') AS h
              FROM privacy.masking_key k) s
$$;

COMMENT ON FUNCTION privacy.pseudonym(text, text) IS
    'Keyed pseudonym of a text value (32 hex digits, or an e-mail address at pseudonym.invalid with format email): the same in every masked view and dump';

-- Integers: a keyed permutation of the integers of `bits` bits (16, 32 or 64): a
-- four-round Feistel network over the value's two halves. A permutation, unlike a
-- truncated hash, maps distinct keys to distinct pseudonyms, so a primary key stays one.
CREATE OR REPLACE FUNCTION privacy.pseudonym(value bigint, bits integer)
RETURNS bigint
LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    half integer := bits / 2;
    mask bigint := (1::bigint << half) - 1;
    k bytea := (SELECT m.key FROM privacy.masking_key m);
    l bigint;
    r bigint;
    f bigint;
BEGIN
    IF bits NOT IN (16, 32, 64) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.pseudonym: bits must be 16, 32 or 64';
    END IF;
    l := (value >> half) & mask;
    r := value & mask;
    FOR round IN 1..4 LOOP
        f := ('x' || pg_catalog.encode(pg_catalog.substr(governance.hmac_sha256(
                 pg_catalog.convert_to(round::text || ':' || r::text, 'UTF8'), k), 1, 8), 'hex'))::bit(64)::bigint & mask;
        SELECT r, l # f INTO l, r;
    END LOOP;
    -- Back to a signed value of that width, without shifting into the sign bit.
    IF l > (mask >> 1) THEN
        l := l - mask - 1;
    END IF;
    RETURN l * (mask + 1) + r;
END
$$;

COMMENT ON FUNCTION privacy.pseudonym(bigint, integer) IS
    'Keyed pseudonym of an integer of 16, 32 or 64 bits: a permutation, so distinct values keep distinct pseudonyms';

GRANT EXECUTE ON FUNCTION privacy.pseudonym(text, text), privacy.pseudonym(bigint, integer) TO governance_admin, governance_dpo;
