-- Why a masking rule cannot mask a column of type typ, or why its parameters are wrong;
-- NULL when it fits. typ NULL checks the parameters only (a category default, whose
-- columns' types are not known yet). Rules and what they accept:
--   partial_email  text types: 'alice@example.com' -> 'a***@example.com'
--   keep_last      text types: all but the last `keep` (default 4) characters become `char` ('*')
--   hash           text types, smallint/integer/bigint, uuid: a keyed pseudonym (privacy.pseudonym),
--                  the same for the same value in every table, view and dump;
--                  {"format": "email"} makes text ones look like e-mail addresses
--   null           any type
--   generalize     numbers: down to a multiple of `step` (default 10); dates and timestamps:
--                  truncated to `unit` (default year); text: the first `prefix` (default 2)
--                  characters kept, the rest '*'
--   constant       any type that accepts `value` as input
CREATE OR REPLACE FUNCTION privacy.mask_rule_problem(rule text, params jsonb, typ oid DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    base oid := (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END FROM pg_catalog.pg_type t WHERE t.oid = typ);
    kind "char" := (SELECT t.typcategory FROM pg_catalog.pg_type t WHERE t.oid = base);
    unknown text[];
BEGIN
    IF rule IS NULL OR rule NOT IN ('partial_email', 'keep_last', 'hash', 'null', 'generalize', 'constant') THEN
        RETURN pg_catalog.format('unknown rule %L (use partial_email, keep_last, hash, null, generalize or constant)', rule);
    END IF;
    IF params IS NULL OR pg_catalog.jsonb_typeof(params) <> 'object' THEN
        RETURN 'the parameters must be a JSON object';
    END IF;
    unknown := ARRAY(SELECT k FROM pg_catalog.jsonb_object_keys(params) k
                      WHERE k <> ALL (CASE rule WHEN 'keep_last' THEN ARRAY['keep', 'char']
                                                WHEN 'hash' THEN ARRAY['format']
                                                WHEN 'generalize' THEN ARRAY['step', 'unit', 'prefix']
                                                WHEN 'constant' THEN ARRAY['value']
                                                ELSE ARRAY[]::text[] END));
    IF unknown <> '{}' THEN
        RETURN pg_catalog.format('rule %s takes no parameter %s', rule, pg_catalog.array_to_string(unknown, ', '));
    END IF;
    IF NOT privacy.whole_number_param(params, 'keep', 0, 64) OR NOT privacy.whole_number_param(params, 'prefix', 0, 64) THEN
        RETURN pg_catalog.format('%s must be a whole number from 0 to 64', CASE WHEN params ? 'keep' THEN 'keep' ELSE 'prefix' END);
    END IF;
    IF params ? 'char' AND COALESCE(pg_catalog.length(params->>'char'), 0) <> 1 THEN
        RETURN 'char must be one character';
    END IF;
    IF params ? 'format' AND params->>'format' IS DISTINCT FROM 'email' THEN
        RETURN 'format must be email';
    END IF;
    IF params ? 'step' AND (pg_catalog.jsonb_typeof(params->'step') IS DISTINCT FROM 'number'
                            OR CASE WHEN pg_catalog.jsonb_typeof(params->'step') = 'number'
                                    THEN (params->>'step')::numeric <= 0 END) THEN
        RETURN 'step must be a positive number';
    END IF;
    IF params ? 'unit' AND (params->>'unit' = ANY (ARRAY['decade', 'year', 'quarter', 'month', 'week', 'day', 'hour'])) IS NOT TRUE THEN
        RETURN 'unit must be decade, year, quarter, month, week, day or hour';
    END IF;
    IF rule = 'constant' AND pg_catalog.jsonb_typeof(params->'value') IS DISTINCT FROM 'string' THEN
        RETURN 'constant needs a value (a JSON string, the input form of the column''s type)';
    END IF;
    IF typ IS NULL OR rule = 'null' THEN
        RETURN NULL;
    END IF;
    IF rule IN ('partial_email', 'keep_last') AND kind <> 'S' THEN
        RETURN pg_catalog.format('%s masks text, not %s', rule, pg_catalog.format_type(typ, NULL));
    END IF;
    IF rule = 'hash' AND NOT (kind = 'S' OR base IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'uuid'::regtype)) THEN
        RETURN pg_catalog.format('hash pseudonymizes text, integers and uuids, not %s', pg_catalog.format_type(typ, NULL));
    END IF;
    IF rule = 'hash' AND params ? 'format' AND kind <> 'S' THEN
        RETURN 'format email needs a text column';
    END IF;
    IF rule = 'generalize' AND NOT (kind IN ('N', 'S')
                                    OR base IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype)) THEN
        RETURN pg_catalog.format('generalize applies to numbers, dates, timestamps and text, not %s',
                                 pg_catalog.format_type(typ, NULL));
    END IF;
    IF rule = 'constant' THEN
        BEGIN
            EXECUTE pg_catalog.format('SELECT %L::%s', params->>'value', pg_catalog.format_type(typ, NULL));
        EXCEPTION WHEN data_exception OR syntax_error OR invalid_text_representation THEN
            RETURN pg_catalog.format('%s does not accept the constant', pg_catalog.format_type(typ, NULL));
        END;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION privacy.mask_rule_problem(text, jsonb, oid) IS
    'Why a masking rule (and its parameters) cannot mask a column of the type, NULL when it can: what set_masking_rule and set_masking_default refuse, and column_mask falls back to NULL for';

-- Granted to the roles of privacy.masked_columns, which calls it (through column_mask) with their rights.
GRANT EXECUTE ON FUNCTION privacy.mask_rule_problem(text, jsonb, oid) TO governance_admin, governance_dpo, governance_auditor;
