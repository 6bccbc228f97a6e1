-- The draft 2030 regional roadmap: editors, commitments with their history, frozen versions.

-- Settings the application generates once and keeps (the session secret key).
CREATE TABLE app_settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE users (
    username      VARCHAR PRIMARY KEY,
    full_name     VARCHAR,
    password_hash VARCHAR NOT NULL,        -- werkzeug.security (scrypt, salted)
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE commitment_id_seq START 1;

CREATE TABLE commitments (
    commitment_id   INTEGER PRIMARY KEY DEFAULT nextval('commitment_id_seq'),
    region          VARCHAR NOT NULL,       -- the regional roadmap the commitment belongs to
    territory_level VARCHAR NOT NULL CHECK (territory_level IN ('region', 'departement', 'crte', 'epci')),
    territory_code  VARCHAR NOT NULL,
    lever_id        VARCHAR NOT NULL,
    carrier         VARCHAR NOT NULL,       -- the actor carrying the commitment (porteur)
    title           VARCHAR NOT NULL,
    description     VARCHAR,
    quantity_phys   DOUBLE,                 -- in the lever's physical unit
    quantity_kt     DOUBLE NOT NULL,        -- ktCO2e avoided when fully carried out
    start_year      INTEGER NOT NULL,
    end_year        INTEGER NOT NULL,
    status          VARCHAR NOT NULL CHECK (status IN ('proposé', 'retenu en COP', 'engagé', 'réalisé', 'abandonné')),
    funding_amount  DOUBLE,                 -- euros
    funding_sources VARCHAR,                -- comma-separated, canonical names
    contact         VARCHAR,
    version         INTEGER NOT NULL,       -- optimistic locking: +1 at every change
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL
);

CREATE SEQUENCE commitment_history_id_seq START 1;

CREATE TABLE commitment_history (
    history_id    INTEGER PRIMARY KEY DEFAULT nextval('commitment_history_id_seq'),
    commitment_id INTEGER NOT NULL,
    version       INTEGER NOT NULL,         -- the version this change produced
    changed_at    TIMESTAMP NOT NULL,
    author        VARCHAR NOT NULL,
    action        VARCHAR NOT NULL CHECK (action IN ('création', 'modification', 'import')),
    changes       VARCHAR NOT NULL          -- JSON: {field: [before, after]}
);

CREATE SEQUENCE roadmap_version_id_seq START 1;

-- Frozen versions are written once and never updated nor deleted.
CREATE TABLE roadmap_versions (
    version_id       INTEGER PRIMARY KEY DEFAULT nextval('roadmap_version_id_seq'),
    region           VARCHAR NOT NULL,
    name             VARCHAR NOT NULL,
    frozen_at        TIMESTAMP NOT NULL,
    frozen_by        VARCHAR NOT NULL,
    commitment_count INTEGER NOT NULL,
    UNIQUE (region, name)
);

CREATE TABLE roadmap_version_commitments (
    version_id      INTEGER NOT NULL,
    commitment_id   INTEGER NOT NULL,
    region          VARCHAR NOT NULL,
    territory_level VARCHAR NOT NULL,
    territory_code  VARCHAR NOT NULL,
    lever_id        VARCHAR NOT NULL,
    carrier         VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    description     VARCHAR,
    quantity_phys   DOUBLE,
    quantity_kt     DOUBLE NOT NULL,
    start_year      INTEGER NOT NULL,
    end_year        INTEGER NOT NULL,
    status          VARCHAR NOT NULL,
    funding_amount  DOUBLE,
    funding_sources VARCHAR,
    contact         VARCHAR,
    version         INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL,
    PRIMARY KEY (version_id, commitment_id)
);
