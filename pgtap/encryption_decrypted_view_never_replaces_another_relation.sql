BEGIN;
SELECT plan(6);

-- encrypt_column creates <table>_decrypted (the table name cut to 53 characters) with its
-- owner's rights. A relation of that name that is not the table's own decrypted view (a
-- view someone else made, or the view of another table whose long name starts the same)
-- is never replaced: its grants would then apply to this table's decrypted rows.
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('viewname');
SELECT governance.grant_key('viewname', 'postgres');
CREATE TABLE public."Vault" (id int PRIMARY KEY, secret text);
INSERT INTO public."Vault" VALUES (1, 'one');
CREATE VIEW public."Vault_decrypted" AS SELECT 1 AS id, 'not yours'::text AS secret;
GRANT SELECT ON public."Vault_decrypted" TO PUBLIC;

SELECT throws_ok($$ SELECT governance.encrypt_column('public."Vault"', 'secret', 'viewname') $$, '42P07',
                 'governance.encrypt_column: public."Vault_decrypted" exists and is not the decrypted view of public."Vault"',
                 'an existing relation with the view''s name is refused');
SELECT is((SELECT secret FROM public."Vault_decrypted"), 'not yours', 'and left as it was');
SELECT is((SELECT secret FROM public."Vault"), 'one', 'and the column is still in clear');

-- Two long names that share their first 53 characters.
CREATE TABLE public."A table whose long name runs past the fifty-three chars one" (id int PRIMARY KEY, secret text);
CREATE TABLE public."A table whose long name runs past the fifty-three chars two" (id int PRIMARY KEY, secret text);
SELECT lives_ok($$ SELECT governance.encrypt_column('public."A table whose long name runs past the fifty-three chars one"', 'secret', 'viewname') $$,
                'the first long-named table gets its view');
SELECT throws_ok($$ SELECT governance.encrypt_column('public."A table whose long name runs past the fifty-three chars two"', 'secret', 'viewname') $$,
                 '42P07', NULL, 'the second, whose view name would be the same, is refused');
SELECT is((SELECT ec.table_name FROM governance.encrypted_columns ec
            WHERE ec.view_name = 'public."A table whose long name runs past the fifty-three cha_decrypted"'),
          'public."A table whose long name runs past the fifty-three chars one"'::regclass, 'the view still shows the first table');

SELECT * FROM finish();
ROLLBACK;
