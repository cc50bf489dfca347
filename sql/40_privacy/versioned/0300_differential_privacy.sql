-- Differential privacy: per-analyst budgets, the dataset settings that bound how much one
-- data subject can contribute, and the log of every release. Homomorphic sums need only
-- a type (the ciphertext carries the id of the key it was made under).

-- How many rows one data subject may contribute to any query on a dataset. Sensitivity is
-- derived from this limit and the declared bounds, never from the data. A dataset without
-- a row here counts every row as its own subject (limit 1).
CREATE TABLE privacy.dp_datasets (
    dataset           regclass PRIMARY KEY,
    subject_column    name,
    max_contributions integer NOT NULL DEFAULT 1 CHECK (max_contributions BETWEEN 1 AND 1000000),
    configured_by     text NOT NULL,
    configured_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (subject_column IS NOT NULL OR max_contributions = 1)
);

-- Epsilon per analyst and dataset under sequential composition. What has been spent is not
-- in this table but in a sequence per budget (`ledger`, in nano-epsilon): sequences ignore
-- ROLLBACK, so an analyst who reads a noisy answer and then rolls the transaction back (or
-- catches an error in a savepoint) has still paid for it. Queries lock the budget row
-- (FOR UPDATE) around check-and-charge, so concurrent ones cannot both pass the check.
CREATE TABLE privacy.dp_budgets (
    id         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    actor      text NOT NULL CHECK (actor <> ''),
    dataset    regclass NOT NULL,
    epsilon    numeric NOT NULL CHECK (epsilon >= 0),
    ledger     regclass NOT NULL UNIQUE,
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (actor, dataset)
);

-- Every change to a budget (set, reset) by whom: budgets are reset only by privileged roles,
-- and this is the evidence of who did it.
CREATE TABLE privacy.dp_budget_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    actor       text NOT NULL,
    dataset     regclass NOT NULL,
    dataset_name text NOT NULL,
    event       text NOT NULL CHECK (event IN ('set', 'reset')),
    epsilon     numeric NOT NULL,
    spent_before numeric NOT NULL,
    changed_by  text NOT NULL,
    db_user     name NOT NULL DEFAULT SESSION_USER
);

-- One row per release: what was asked, by whom, the privacy cost and the noise, and the
-- released (noisy) result itself. Analysts read their own rows (RLS); auditors all.
CREATE TABLE privacy.dp_releases (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    released_at  timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    actor        text NOT NULL,
    db_user      name NOT NULL DEFAULT SESSION_USER,
    dataset      regclass NOT NULL,
    dataset_name text NOT NULL,             -- kept readable after the table is dropped
    query        text NOT NULL CHECK (query IN ('count', 'sum', 'mean', 'histogram', 'select')),
    column_name  name,
    lower_bound  numeric,
    upper_bound  numeric,
    epsilon      numeric NOT NULL CHECK (epsilon > 0),
    sensitivity  numeric NOT NULL CHECK (sensitivity > 0),
    noise_scale  numeric NOT NULL CHECK (noise_scale > 0),
    mechanism    text NOT NULL CHECK (mechanism IN ('discrete_laplace', 'exponential')),
    result       jsonb NOT NULL,
    details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX dp_releases_actor_dataset_idx ON privacy.dp_releases (actor, dataset, released_at);

-- What the *_release functions return: the value and what it cost.
CREATE TYPE privacy.dp_release AS (
    release_id  bigint,
    value       numeric,
    epsilon     numeric,
    sensitivity numeric,
    noise_scale numeric
);

-- A Paillier ciphertext with the id of its public key (the first 16 bytes of SHA-256 of the
-- modulus n in decimal), so that summing ciphertexts of different keys is refused instead
-- of producing garbage.
CREATE TYPE privacy.paillier_ciphertext AS (
    key_id bytea,
    c      numeric
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('privacy.dp_datasets', 'differential privacy configuration'),
    ('privacy.dp_budgets', 'differential privacy budgets (changes are logged in privacy.dp_budget_events)');

ALTER TABLE privacy.dp_releases ENABLE ROW LEVEL SECURITY;

GRANT SELECT ON privacy.dp_datasets, privacy.dp_budgets, privacy.dp_budget_events, privacy.dp_releases
    TO governance_admin, governance_dpo, governance_auditor;
GRANT SELECT ON privacy.dp_releases TO governance_app;
