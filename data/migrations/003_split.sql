-- Infra-regional split ("déclinaison territoriale"): allocation keys and the methods that use them.
-- Splits themselves are computed on the fly from these tables, the objectives and the communes.

-- A loaded key (population and area are built in: they come from the territories).
CREATE TABLE allocation_keys (
    key_id    VARCHAR PRIMARY KEY,          -- normalized identifier, e.g. parc_vehicules
    label     VARCHAR NOT NULL,             -- shown to users, e.g. « Parc de véhicules »
    unit      VARCHAR,
    source    VARCHAR NOT NULL,
    vintage   VARCHAR,
    import_id INTEGER
);

-- Values as given, at commune or EPCI level; EPCI values reach their communes by population.
CREATE TABLE allocation_key_values (
    key_id           VARCHAR NOT NULL,
    territory_level  VARCHAR NOT NULL CHECK (territory_level IN ('commune', 'epci')),
    territory_code   VARCHAR NOT NULL,
    value            DOUBLE NOT NULL CHECK (value >= 0),
    whole_population BIGINT,                -- EPCI only: its total population, when the file gives it
    import_id        INTEGER,
    PRIMARY KEY (key_id, territory_level, territory_code)
);

CREATE SEQUENCE split_method_id_seq START 2;

-- A "méthode de déclinaison": the key of each lever (levers not listed use default_key_id).
CREATE TABLE split_methods (
    method_id      INTEGER PRIMARY KEY DEFAULT nextval('split_method_id_seq'),
    name           VARCHAR NOT NULL UNIQUE,
    default_key_id VARCHAR NOT NULL,
    builtin        BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE split_method_keys (
    method_id INTEGER NOT NULL,
    lever_id  VARCHAR NOT NULL,
    key_id    VARCHAR NOT NULL,
    PRIMARY KEY (method_id, lever_id)
);

INSERT INTO split_methods (method_id, name, default_key_id, builtin)
VALUES (1, 'Population (par défaut)', 'population', true);
