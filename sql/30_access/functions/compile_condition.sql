-- Validates one condition of a policy and returns it as a SQL boolean expression that
-- is never NULL. Every problem is reported with the JSON path of the offending field.
-- Only names checked against a pattern and values quoted with %L reach the SQL text.
--
-- Semantics (docs/access.md): a missing attribute makes every operator but `exists`
-- false; comparisons are typed (1 and "1" differ, < and > need two numbers or two
-- strings, strings compare by code point); `in`/`not_in` test a scalar against an array;
-- `contains` tests an array for a scalar element or a string for a substring.
CREATE OR REPLACE FUNCTION access.compile_condition(cond jsonb, path text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    scalar  constant text := '(''string'', ''number'', ''boolean'', ''null'')';
    keys    text[];
    extra   text;
    op      text;
    lhs     text;
    rhs     text;
    value   jsonb := cond -> 'value';
    parts   text[] := '{}';
    i       int;
BEGIN
    IF pg_catalog.jsonb_typeof(cond) IS DISTINCT FROM 'object' THEN
        PERFORM access.policy_error(path, 'must be an object');
    END IF;
    keys := ARRAY(SELECT pg_catalog.jsonb_object_keys(cond));

    -- Groups: {"all": [...]}, {"any": [...]}, {"not": {...}}.
    IF keys && ARRAY['all', 'any', 'not'] THEN
        IF pg_catalog.cardinality(keys) <> 1 THEN
            PERFORM access.policy_error(path, 'a group has exactly one key: all, any or not');
        END IF;
        IF keys[1] = 'not' THEN
            RETURN pg_catalog.format('(NOT %s)', access.compile_condition(cond -> 'not', path || '.not'));
        END IF;
        IF pg_catalog.jsonb_typeof(cond -> keys[1]) IS DISTINCT FROM 'array' THEN
            PERFORM access.policy_error(path || '.' || keys[1], 'must be an array of conditions');
        END IF;
        FOR i IN 0 .. pg_catalog.jsonb_array_length(cond -> keys[1]) - 1 LOOP
            parts := parts || access.compile_condition(cond -> keys[1] -> i, pg_catalog.format('%s.%s[%s]', path, keys[1], i));
        END LOOP;
        IF pg_catalog.cardinality(parts) = 0 THEN
            RETURN CASE keys[1] WHEN 'all' THEN 'true' ELSE 'false' END;  -- as for empty AND / OR
        END IF;
        RETURN '(' || pg_catalog.array_to_string(parts, CASE keys[1] WHEN 'all' THEN ' AND ' ELSE ' OR ' END) || ')';
    END IF;

    SELECT k INTO extra FROM pg_catalog.unnest(keys) k WHERE k <> ALL (ARRAY['attribute', 'operator', 'value', 'value_of']) LIMIT 1;
    IF FOUND THEN
        PERFORM access.policy_error(path || '.' || extra, 'unknown field (expected attribute, operator, value or value_of; or a group: all, any, not)');
    END IF;
    IF NOT cond ? 'attribute' THEN
        PERFORM access.policy_error(path || '.attribute', 'is missing');
    END IF;
    lhs := access.compile_attribute(cond ->> 'attribute');
    IF pg_catalog.jsonb_typeof(cond -> 'attribute') <> 'string' OR lhs IS NULL THEN
        PERFORM access.policy_error(path || '.attribute',
            'must be user.<name>, resource.<name> or env.<hour|minute|time|day_of_week|date|client_addr|tenant|actor|purpose>');
    END IF;
    IF NOT cond ? 'operator' THEN
        PERFORM access.policy_error(path || '.operator', 'is missing');
    END IF;
    op := cond ->> 'operator';
    IF pg_catalog.jsonb_typeof(cond -> 'operator') <> 'string'
       OR op NOT IN ('==', '!=', '<', '<=', '>', '>=', 'in', 'not_in', 'contains', 'exists', 'in_cidr') THEN
        PERFORM access.policy_error(path || '.operator',
            pg_catalog.format('unknown operator %s (expected ==, !=, <, <=, >, >=, in, not_in, contains, exists, in_cidr)', cond -> 'operator'));
    END IF;

    IF op = 'exists' THEN
        IF cond ? 'value_of' THEN
            PERFORM access.policy_error(path || '.value_of', 'is not allowed with exists');
        END IF;
        IF cond ? 'value' AND pg_catalog.jsonb_typeof(value) <> 'boolean' THEN
            PERFORM access.policy_error(path || '.value', 'must be true or false with exists');
        END IF;
        RETURN pg_catalog.format(CASE WHEN COALESCE((value)::boolean, true) THEN '(%s IS NOT NULL)' ELSE '(%s IS NULL)' END, lhs);
    END IF;

    IF (cond ? 'value') = (cond ? 'value_of') THEN
        PERFORM access.policy_error(path || '.value', 'exactly one of value and value_of is required');
    END IF;
    IF cond ? 'value_of' THEN
        rhs := access.compile_attribute(cond ->> 'value_of');
        IF pg_catalog.jsonb_typeof(cond -> 'value_of') <> 'string' OR rhs IS NULL OR op = 'in_cidr' THEN
            PERFORM access.policy_error(path || '.value_of',
                CASE WHEN op = 'in_cidr' THEN 'is not allowed with in_cidr' ELSE 'must be an attribute reference such as resource.region' END);
        END IF;
    ELSE
        rhs := pg_catalog.format('%L::jsonb', value::text);
        -- Literal values are checked now, so that a typo fails on write rather than deny forever.
        IF op IN ('<', '<=', '>', '>=') AND pg_catalog.jsonb_typeof(value) NOT IN ('number', 'string') THEN
            PERFORM access.policy_error(path || '.value', pg_catalog.format('must be a number or a string with %s', op));
        ELSIF op IN ('in', 'not_in') AND (pg_catalog.jsonb_typeof(value) <> 'array' OR EXISTS (
                SELECT 1 FROM pg_catalog.jsonb_array_elements(value) e WHERE pg_catalog.jsonb_typeof(e) IN ('array', 'object'))) THEN
            PERFORM access.policy_error(path || '.value', pg_catalog.format('must be an array of strings, numbers, booleans or nulls with %s', op));
        ELSIF op = 'contains' AND pg_catalog.jsonb_typeof(value) IN ('array', 'object') THEN
            PERFORM access.policy_error(path || '.value', 'must be a string, number, boolean or null with contains');
        ELSIF op = 'in_cidr' THEN
            IF cond ->> 'attribute' <> 'env.client_addr' THEN
                PERFORM access.policy_error(path || '.attribute', 'in_cidr applies to env.client_addr only');
            END IF;
            RETURN pg_catalog.format('COALESCE((%s #>> ''{}'')::inet <<= ANY (%L::cidr[]), false)', lhs, access.policy_cidrs(value, path || '.value'));
        END IF;
    END IF;

    RETURN CASE op
        WHEN '==' THEN pg_catalog.format('COALESCE(%s = %s, false)', lhs, rhs)
        WHEN '!=' THEN pg_catalog.format('COALESCE(%s <> %s, false)', lhs, rhs)
        WHEN 'in' THEN pg_catalog.format(
            'CASE WHEN pg_catalog.jsonb_typeof(%1$s) IN %3$s AND pg_catalog.jsonb_typeof(%2$s) = ''array'' THEN %2$s @> pg_catalog.jsonb_build_array(%1$s) ELSE false END',
            lhs, rhs, scalar)
        WHEN 'not_in' THEN pg_catalog.format(
            'CASE WHEN pg_catalog.jsonb_typeof(%1$s) IN %3$s AND pg_catalog.jsonb_typeof(%2$s) = ''array'' THEN NOT (%2$s @> pg_catalog.jsonb_build_array(%1$s)) ELSE false END',
            lhs, rhs, scalar)
        WHEN 'contains' THEN pg_catalog.format(
            'CASE WHEN pg_catalog.jsonb_typeof(%1$s) = ''array'' AND pg_catalog.jsonb_typeof(%2$s) IN %3$s THEN %1$s @> pg_catalog.jsonb_build_array(%2$s) '
            'WHEN pg_catalog.jsonb_typeof(%1$s) = ''string'' AND pg_catalog.jsonb_typeof(%2$s) = ''string'' THEN pg_catalog.strpos(%1$s #>> ''{}'', %2$s #>> ''{}'') > 0 '
            'ELSE false END', lhs, rhs, scalar)
        -- Ordering: numbers with numbers (jsonb compares them as numeric), strings with
        -- strings by code point (COLLATE "C"), anything else false.
        ELSE pg_catalog.format(
            'CASE WHEN pg_catalog.jsonb_typeof(%1$s) = ''number'' AND pg_catalog.jsonb_typeof(%2$s) = ''number'' THEN %1$s %3$s %2$s '
            'WHEN pg_catalog.jsonb_typeof(%1$s) = ''string'' AND pg_catalog.jsonb_typeof(%2$s) = ''string'' '
            'THEN (%1$s #>> ''{}'') COLLATE "C" %3$s (%2$s #>> ''{}'') COLLATE "C" ELSE false END', lhs, rhs, op)
    END;
END
$$;

COMMENT ON FUNCTION access.compile_condition(jsonb, text) IS
    'Internal: validates a policy condition and compiles it to a SQL boolean expression';
