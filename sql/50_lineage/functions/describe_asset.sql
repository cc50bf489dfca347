CREATE OR REPLACE FUNCTION lineage.describe_asset(
    asset       bigint,
    owner       text DEFAULT NULL,
    description text DEFAULT NULL,
    tags        text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    PERFORM lineage.require_asset('lineage.describe_asset', asset);
    -- NULL leaves a field as it is, so pipelines can set the owner without knowing the tags.
    UPDATE lineage.assets a
       SET owner = COALESCE(describe_asset.owner, a.owner),
           description = COALESCE(describe_asset.description, a.description),
           tags = COALESCE(describe_asset.tags, a.tags)
     WHERE a.id = asset;
END
$$;

COMMENT ON FUNCTION lineage.describe_asset(bigint, text, text, text[]) IS
    'Sets the owner, description and tags of an asset (NULL keeps the current value)';

GRANT EXECUTE ON FUNCTION lineage.describe_asset(bigint, text, text, text[]) TO governance_admin, governance_app;
