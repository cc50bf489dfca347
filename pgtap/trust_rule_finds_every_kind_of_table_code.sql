BEGIN;
SELECT plan(13);

-- governance.relation_trust_problems walks everything PostgreSQL runs when a definer
-- function reads or writes a table. Here the pack's owner is the superuser that installed
-- it; mallory is an ordinary role whose functions must never run inside the pack.
CREATE ROLE mallory NOLOGIN;
CREATE SCHEMA "Trust Lab";
CREATE FUNCTION "Trust Lab".evil(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE FUNCTION "Trust Lab".evil_trigger() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE FUNCTION "Trust Lab".evil_eq(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE OPERATOR "Trust Lab".=== (FUNCTION = "Trust Lab".evil_eq, LEFTARG = int, RIGHTARG = int);
ALTER FUNCTION "Trust Lab".evil(int) OWNER TO mallory;
ALTER FUNCTION "Trust Lab".evil_trigger() OWNER TO mallory;
ALTER FUNCTION "Trust Lab".evil_eq(int, int) OWNER TO mallory;

CREATE TABLE "Trust Lab".clean (id int PRIMARY KEY, n int DEFAULT 1 CHECK (n > 0));
CREATE FUNCTION pg_temp.problems(t regclass) RETURNS SETOF text LANGUAGE sql AS
    $$ SELECT COALESCE(p.object || ': ', '') || p.problem FROM governance.relation_trust_problems(ARRAY[t]) p ORDER BY 1 $$;

SELECT is_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".clean') $$,
                'a table of the pack''s owner with built-in code only is trusted');

CREATE TABLE "Trust Lab".defaults (id int, n int DEFAULT "Trust Lab".evil(1));
SELECT ok((SELECT bool_and(x LIKE '%calls "Trust Lab".evil(integer), owned by mallory%') FROM pg_temp.problems('"Trust Lab".defaults') x),
          'a default calling another role''s function');
CREATE TABLE "Trust Lab".generated (id int, n int GENERATED ALWAYS AS ("Trust Lab".evil(id)) STORED);
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".generated') $$, 'a generated column');
CREATE TABLE "Trust Lab".checked (id int CHECK ("Trust Lab".evil(id) > 0));
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".checked') $$, 'a check constraint');
CREATE DOMAIN "Trust Lab".guarded AS int CHECK ("Trust Lab".evil(VALUE) > 0);
CREATE TABLE "Trust Lab".domained (id "Trust Lab".guarded);
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".domained') $$, 'a domain constraint of a column type');
CREATE TABLE "Trust Lab".indexed (id int);
CREATE INDEX ON "Trust Lab".indexed (("Trust Lab".evil(id)));
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".indexed') $$, 'an index expression');
CREATE TABLE "Trust Lab".policed (id int);
CREATE POLICY p ON "Trust Lab".policed USING (id OPERATOR("Trust Lab".===) 1);
SELECT ok((SELECT bool_and(x LIKE 'policy p on table "Trust Lab".policed: calls "Trust Lab".evil_eq(integer,integer)%') FROM pg_temp.problems('"Trust Lab".policed') x),
          'a policy using another role''s operator names the operator''s function');
CREATE TABLE "Trust Lab".triggered (id int);
CREATE TRIGGER t BEFORE INSERT ON "Trust Lab".triggered FOR EACH ROW EXECUTE FUNCTION "Trust Lab".evil_trigger();
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".triggered') $$, 'a trigger');

-- Partitions, and what a view reads.
CREATE TABLE "Trust Lab".parted (id int, n int) PARTITION BY RANGE (id);
CREATE TABLE "Trust Lab".part_a PARTITION OF "Trust Lab".parted FOR VALUES FROM (0) TO (10);
CREATE TABLE "Trust Lab".part_b PARTITION OF "Trust Lab".parted FOR VALUES FROM (10) TO (20);
ALTER TABLE "Trust Lab".part_b OWNER TO mallory;
SELECT ok((SELECT bool_and(x = 'is owned by mallory, a role pg-governance''s owner does not trust') FROM pg_temp.problems('"Trust Lab".parted') x),
          'a partition owned by another role');
CREATE VIEW "Trust Lab".shown AS SELECT d.id FROM "Trust Lab".triggered d;
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".shown') $$, 'a view over a table with another role''s code');
CREATE VIEW "Trust Lab".computed AS SELECT "Trust Lab".evil(c.id) FROM "Trust Lab".clean c;
SELECT isnt_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".computed') $$, 'a view calling another role''s function');

-- Foreign keys run as the owner of the table they query: no problem of the referencing table.
CREATE TABLE "Trust Lab".theirs (id int PRIMARY KEY);
ALTER TABLE "Trust Lab".theirs OWNER TO mallory;
CREATE TABLE "Trust Lab".referencing (id int REFERENCES "Trust Lab".theirs);
SELECT is_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".referencing') $$,
                'a foreign key to another role''s table is not a problem of the referencing table');

-- Once trusted, the role's code is accepted.
SELECT governance.trust_owner('mallory');
SELECT is_empty($$ SELECT * FROM pg_temp.problems('"Trust Lab".policed') $$, 'trust_owner accepts the role''s code');

SELECT * FROM finish();
ROLLBACK;
