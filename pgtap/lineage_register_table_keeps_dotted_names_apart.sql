BEGIN;
SELECT plan(4);

-- OpenLineage names a table {database}.{schema}.{table}, dots unquoted: schema "a.b" table
-- "c" and schema "a" table "b.c" get the same name. The second must not take over the
-- first one's asset (its columns, its classifications downstream).
CREATE SCHEMA "lin.dot";
CREATE SCHEMA lin;
CREATE TABLE "lin.dot".t (id int, ssn text);
CREATE TABLE lin."dot.t" (id int, note text);
CREATE TEMP TABLE first AS SELECT lineage.register_table('"lin.dot".t') AS id;

SELECT throws_ok($$ SELECT lineage.register_table('lin."dot.t"') $$, '23505',
                 pg_catalog.format('lineage.register_table: asset %s already stands for "lin.dot".t; lin."dot.t" has the same OpenLineage name',
                                   current_database() || '.lin.dot.t'),
                 'a table whose dotted name collides with a registered one is refused');
SELECT row_eq($$ SELECT relid::regclass::text, fields->1->>'name' FROM lineage.assets WHERE id = (SELECT id FROM first) $$,
              ROW('"lin.dot".t'::text, 'ssn'::text), 'the first table keeps its asset and columns');
SELECT is(lineage.register_table('"lin.dot".t'), (SELECT id FROM first), 'registering the same table again is still idempotent');

-- A table dropped and created again under the name takes the asset over.
DROP TABLE "lin.dot".t;
SELECT is(lineage.register_table('lin."dot.t"'), (SELECT id FROM first), 'once the first table is gone, the name is free');

SELECT * FROM finish();
ROLLBACK;
