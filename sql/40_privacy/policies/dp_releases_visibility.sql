-- Analysts (governance_app) see their own releases: the epsilon and noise scale of what they
-- were given. Auditors and DPOs see all of them.
DROP POLICY IF EXISTS dp_releases_own ON privacy.dp_releases;
CREATE POLICY dp_releases_own ON privacy.dp_releases FOR SELECT TO governance_app
    USING (actor = (SELECT governance.current_actor()));
DROP POLICY IF EXISTS dp_releases_oversight ON privacy.dp_releases;
CREATE POLICY dp_releases_oversight ON privacy.dp_releases FOR SELECT TO governance_auditor, governance_dpo
    USING (true);
