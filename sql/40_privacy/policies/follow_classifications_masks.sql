-- Masked views follow the catalog (functions/follow_classifications_masks.sql).
DROP TRIGGER IF EXISTS privacy_follow_classifications ON governance.classifications;
CREATE TRIGGER privacy_follow_classifications AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON governance.classifications
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.follow_classifications_masks();
