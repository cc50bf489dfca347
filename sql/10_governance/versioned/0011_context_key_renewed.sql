-- Up to 0.5.0 any role could read the seal's key: it is folded into set_context's plans
-- as a constant, and debug_print_plan (a setting every role may turn on) printed those
-- plans to the caller and to the server log. Every definer function now pins it off; a
-- key that may have been printed is replaced. Seals are transaction-local, so only the
-- transactions in flight during the upgrade notice: their next set_context seals with
-- the new key (the upgrade replaces set_context and the reader, whose cached plans
-- held the old one).
UPDATE governance.context_key
   SET key = pg_catalog.decode(pg_catalog.replace(
                 pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex');
