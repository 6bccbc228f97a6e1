-- Territories, levers and their objectives, observations, and the import journal.

CREATE SEQUENCE import_id_seq START 1;

CREATE TABLE imports (
    import_id    INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    kind         VARCHAR NOT NULL,          -- demo, sgpe, observations, territoires
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('succès', 'échec')),
    rows_read    INTEGER,
    rows_written INTEGER,
    message      VARCHAR NOT NULL
);

CREATE TABLE territories (
    level           VARCHAR NOT NULL CHECK (level IN ('region', 'departement', 'crte', 'epci', 'commune')),
    code            VARCHAR NOT NULL,       -- INSEE (région, département, commune), SIREN (EPCI), id_crte (CRTE)
    name            VARCHAR NOT NULL,
    population      BIGINT,
    area_km2        DOUBLE,
    geom            BLOB,                   -- WKB, WGS84, as loaded or dissolved from communes
    geom_simplified BLOB,                   -- WKB, topology-preserving simplification for maps
    fictional       BOOLEAN NOT NULL DEFAULT false,
    source          VARCHAR NOT NULL,
    import_id       INTEGER,
    PRIMARY KEY (level, code)
);

-- Many-to-many: a CRTE can span départements, an EPCI can straddle regions.
CREATE TABLE territory_links (
    parent_level VARCHAR NOT NULL,
    parent_code  VARCHAR NOT NULL,
    child_level  VARCHAR NOT NULL,
    child_code   VARCHAR NOT NULL,
    import_id    INTEGER,
    PRIMARY KEY (parent_level, parent_code, child_level, child_code)
);

CREATE TABLE levers (
    lever_id       VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    sector         VARCHAR NOT NULL,
    thematic_group VARCHAR NOT NULL,
    unit_phys      VARCHAR,                 -- NULL when the lever has no physical translation
    unit_co2       VARCHAR NOT NULL,
    relative       BOOLEAN NOT NULL,        -- physical value is a level (true) or a change (false)
    no_translation BOOLEAN NOT NULL
);

-- Conversion factor, 2019 starting point and flags differ from one region to another.
CREATE TABLE lever_objectives (
    territory_level   VARCHAR NOT NULL,
    territory_code    VARCHAR NOT NULL,
    lever_id          VARCHAR NOT NULL,
    lever_label       VARCHAR NOT NULL,     -- the name used for this territory
    obj_co2_kt        DOUBLE NOT NULL,      -- ktCO2e avoided in 2030 vs 2019
    ratio_co2_to_phys DOUBLE NOT NULL,      -- physical units per ktCO2e
    start_point_2019  DOUBLE,
    enabled           BOOLEAN NOT NULL,
    hidden            BOOLEAN NOT NULL,
    limited           BOOLEAN NOT NULL,
    edition_disabled  BOOLEAN NOT NULL,
    show_target       BOOLEAN NOT NULL,
    explanation       VARCHAR,              -- markdown
    disabled_reason   VARCHAR,
    territory_comment VARCHAR,
    status            VARCHAR NOT NULL CHECK (status IN ('officiel', 'indicatif', 'illustratif', 'calculé')),
    source            VARCHAR NOT NULL,
    vintage           VARCHAR NOT NULL,
    import_id         INTEGER,
    PRIMARY KEY (territory_level, territory_code, lever_id)
);

CREATE TABLE observations (
    territory_level VARCHAR NOT NULL,
    territory_code  VARCHAR NOT NULL,
    subject_kind    VARCHAR NOT NULL CHECK (subject_kind IN ('levier', 'indicateur')),
    subject_id      VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    value           DOUBLE NOT NULL,
    unit            VARCHAR,
    source          VARCHAR NOT NULL,
    import_id       INTEGER,
    PRIMARY KEY (territory_level, territory_code, subject_kind, subject_id, year)
);
