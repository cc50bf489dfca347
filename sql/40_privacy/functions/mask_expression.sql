-- The SQL expression that masks `expr` (a column of type typ, typmod) by a rule: plain
-- built-in expressions, so a masked view needs no function of the pack but
-- privacy.pseudonym for the hash rule. Every result is cast back to the column's type, so
-- a masked view has its table's column types and a masked dump restores into its schema.
-- not_null: the null rule gives a neutral value of the type instead (privacy.neutral_value),
-- for a dump whose NOT NULL constraints must hold.
CREATE OR REPLACE FUNCTION privacy.mask_expression(expr text, typ oid, typmod integer, rule text, params jsonb,
                                                   not_null boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    type_name text := pg_catalog.format_type(typ, typmod);
    base oid := (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END FROM pg_catalog.pg_type t WHERE t.oid = typ);
    kind "char" := (SELECT t.typcategory FROM pg_catalog.pg_type t WHERE t.oid = base);
    masked text;
BEGIN
    masked := CASE rule
        WHEN 'partial_email' THEN pg_catalog.format(
            'CASE WHEN pg_catalog.strpos((%1$s)::text, ''@'') > 0 '
            'THEN pg_catalog.left((%1$s)::text, 1) || ''***'' || pg_catalog.substr((%1$s)::text, pg_catalog.strpos((%1$s)::text, ''@'')) '
            'ELSE pg_catalog.left((%1$s)::text, 1) || ''***'' END', expr)
        WHEN 'keep_last' THEN pg_catalog.format(
            'CASE WHEN pg_catalog.length((%1$s)::text) <= %2$s THEN pg_catalog.repeat(%3$L, pg_catalog.length((%1$s)::text)) '
            'ELSE pg_catalog.repeat(%3$L, pg_catalog.length((%1$s)::text) - %2$s) || pg_catalog.right((%1$s)::text, %2$s) END',
            expr, COALESCE((params->>'keep')::integer, 4), COALESCE(params->>'char', '*'))
        WHEN 'hash' THEN CASE
            WHEN base = 'int2'::regtype THEN pg_catalog.format('privacy.pseudonym((%s)::bigint, 16)', expr)
            WHEN base = 'int4'::regtype THEN pg_catalog.format('privacy.pseudonym((%s)::bigint, 32)', expr)
            WHEN base = 'int8'::regtype THEN pg_catalog.format('privacy.pseudonym((%s)::bigint, 64)', expr)
            WHEN params->>'format' = 'email' THEN pg_catalog.format('privacy.pseudonym((%s)::text, ''email'')', expr)
            ELSE pg_catalog.format('privacy.pseudonym((%s)::text)', expr) END
        WHEN 'generalize' THEN CASE
            WHEN kind = 'N' THEN pg_catalog.format('pg_catalog.floor((%s)::numeric / %s) * %2$s', expr,
                                                   COALESCE((params->>'step')::numeric, 10))
            WHEN kind = 'S' THEN pg_catalog.format(
                'pg_catalog.rpad(pg_catalog.left((%1$s)::text, %2$s), pg_catalog.length((%1$s)::text), ''*'')',
                expr, COALESCE((params->>'prefix')::integer, 2))
            ELSE pg_catalog.format('pg_catalog.date_trunc(%L, %s)', COALESCE(params->>'unit', 'year'), expr) END
        WHEN 'constant' THEN pg_catalog.format('CASE WHEN (%s) IS NOT NULL THEN %L END', expr, params->>'value')
        WHEN 'null' THEN CASE WHEN not_null THEN NULL ELSE 'NULL' END
    END;
    IF rule = 'null' AND not_null THEN
        RETURN privacy.neutral_value(typ, typmod);
    END IF;
    IF masked IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.mask_expression: unknown rule %L', rule);
    END IF;
    -- A NOT NULL column keeps a value: the constant (and the others) apply to every row.
    IF rule = 'constant' AND not_null THEN
        masked := pg_catalog.format('%L', params->>'value');
    END IF;
    RETURN pg_catalog.format('(%s)::%s', masked, type_name);
END
$$;

COMMENT ON FUNCTION privacy.mask_expression(text, oid, integer, text, jsonb, boolean) IS
    'SQL masking an expression of a column''s type by a rule (not_null: a neutral value instead of NULL), cast back to that type: what privacy.masked_columns selects for a masked column';

-- Granted to the roles of privacy.masked_columns, which calls it with their rights.
GRANT EXECUTE ON FUNCTION privacy.mask_expression(text, oid, integer, text, jsonb, boolean)
    TO governance_admin, governance_dpo, governance_auditor;
