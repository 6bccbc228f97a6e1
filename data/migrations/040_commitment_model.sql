-- Commitments as a COP collects them (issue 23): several territories with their shares, zero, one or several
-- objectives (SGPE levers and regional objectives beyond greenhouse gases), a maturity, a total cost and financing
-- lines, and a follow-up year by year. Every commitment and its history are kept: its territory, its lever and its
-- quantities, and its amount and sources become its first territory, its first contribution and one financing line
-- of unknown year and status.

-- The territories carrying a commitment; share: its percent of the commitment, NULL for an equal part of what the
-- given shares leave (domain/commitment_territories.py). position: the order they were given in.
CREATE TABLE commitment_territories (
    commitment_id   INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    territory_level VARCHAR NOT NULL CHECK (territory_level IN ('region', 'departement', 'crte', 'epci')),
    territory_code  VARCHAR NOT NULL,
    share           DOUBLE CHECK (share > 0 AND share <= 100),
    PRIMARY KEY (commitment_id, territory_level, territory_code)
);
INSERT INTO commitment_territories
SELECT commitment_id, 1, territory_level, territory_code, NULL FROM commitments;

-- What a commitment contributes to, once per objective: a lever (objective_id = lever_id; quantity_kt, and quantity
-- in its physical unit) or a regional objective of the commitment's region (objective_id = its indicator_id;
-- quantity, a change in the indicator's unit).
CREATE TABLE commitment_contributions (
    commitment_id  INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    objective_kind VARCHAR NOT NULL CHECK (objective_kind IN ('levier', 'objectif')),
    objective_id   VARCHAR NOT NULL,
    quantity       DOUBLE,
    quantity_kt    DOUBLE,
    PRIMARY KEY (commitment_id, objective_kind, objective_id)
);
INSERT INTO commitment_contributions
SELECT commitment_id, 1, 'levier', lever_id, quantity_phys, quantity_kt FROM commitments;

-- The names a financing line may give as its source: the regional team edits the list.
CREATE TABLE financing_sources (
    source   VARCHAR PRIMARY KEY,
    position INTEGER NOT NULL
);
INSERT INTO financing_sources VALUES
    ('DSIL', 1), ('DETR', 2), ('FNADT', 3), ('Fonds vert', 4), ('Fonds chaleur', 5), ('CPER', 6), ('FEDER', 7),
    ('FSE+', 8), ('ADEME', 9), ('Agences de l''eau', 10), ('Banque des territoires', 11), ('Collectivités', 12),
    ('Privé', 13), ('Autre', 14);

-- A commitment's financing lines. source: one name of financing_sources, or several separated by commas (one amount
-- from several sources); year, status (sollicité, accordé, engagé, versé), amount (euros): NULL when not given.
CREATE TABLE financing_lines (
    commitment_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    source        VARCHAR,
    amount        DOUBLE,
    year          INTEGER,
    status        VARCHAR CHECK (status IN ('sollicité', 'accordé', 'engagé', 'versé')),
    PRIMARY KEY (commitment_id, position)
);
INSERT INTO financing_lines
SELECT commitment_id, 1, funding_sources, funding_amount, NULL, NULL FROM commitments
WHERE funding_amount IS NOT NULL OR funding_sources IS NOT NULL;

-- The commitments' own fields, with maturity, theme (of a commitment serving no objective) and total cost (euros).
CREATE TABLE commitments_040 (
    commitment_id INTEGER PRIMARY KEY DEFAULT nextval('commitment_id_seq'),
    region        VARCHAR NOT NULL,
    carrier       VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    description   VARCHAR,
    start_year    INTEGER NOT NULL,
    end_year      INTEGER NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('proposé', 'retenu en COP', 'engagé', 'réalisé', 'abandonné')),
    maturity      VARCHAR CHECK (maturity IN ('idée', 'fiche projet', 'fiche action (prête à démarrer)', 'en cours',
                                              'terminée')),
    theme         VARCHAR,
    total_cost    DOUBLE,
    contact       VARCHAR,
    version       INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    created_by    VARCHAR NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    VARCHAR NOT NULL
);
INSERT INTO commitments_040
SELECT commitment_id, region, carrier, title, description, start_year, end_year, status, NULL, NULL, NULL, contact,
       version, created_at, created_by, updated_at, updated_by
FROM commitments;
DROP TABLE commitments;
ALTER TABLE commitments_040 RENAME TO commitments;

-- Frozen versions keep the commitments' own fields; what they carried alone before stays for the versions frozen
-- before (the groups are frozen by the snapshots of issue 22).
ALTER TABLE roadmap_version_commitments ALTER COLUMN territory_level DROP NOT NULL;
ALTER TABLE roadmap_version_commitments ALTER COLUMN territory_code DROP NOT NULL;
ALTER TABLE roadmap_version_commitments ALTER COLUMN lever_id DROP NOT NULL;
ALTER TABLE roadmap_version_commitments ALTER COLUMN quantity_kt DROP NOT NULL;
ALTER TABLE roadmap_version_commitments ADD COLUMN maturity VARCHAR;
ALTER TABLE roadmap_version_commitments ADD COLUMN theme VARCHAR;
ALTER TABLE roadmap_version_commitments ADD COLUMN total_cost DOUBLE;

-- The commitments imports of before kept rows of the old shape: they can no longer be undone.
DELETE FROM import_undo WHERE table_name IN ('commitments', 'commitment_history');

-- A commitment's follow-up, per year: the money spent that year and a comment; and what was done that year for each
-- objective it contributes to (achieved: ktCO₂e for a lever, the indicator's unit for a regional objective).
CREATE TABLE commitment_follow_up (
    commitment_id INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    spent         DOUBLE,
    comment       VARCHAR,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    VARCHAR NOT NULL,
    PRIMARY KEY (commitment_id, year)
);
CREATE TABLE commitment_follow_up_achievements (
    commitment_id  INTEGER NOT NULL,
    year           INTEGER NOT NULL,
    objective_kind VARCHAR NOT NULL CHECK (objective_kind IN ('levier', 'objectif')),
    objective_id   VARCHAR NOT NULL,
    achieved       DOUBLE NOT NULL,
    PRIMARY KEY (commitment_id, year, objective_kind, objective_id)
);
CREATE SEQUENCE commitment_follow_up_history_id_seq START 1;
CREATE TABLE commitment_follow_up_history (
    history_id    INTEGER PRIMARY KEY DEFAULT nextval('commitment_follow_up_history_id_seq'),
    commitment_id INTEGER NOT NULL,
    changed_at    TIMESTAMP NOT NULL,
    author        VARCHAR,
    role          VARCHAR,
    action        VARCHAR NOT NULL CHECK (action IN ('création', 'modification', 'import')),
    changes       VARCHAR NOT NULL         -- JSON: {"<year>:spent" | "<year>:comment" | "<year>:<objective>": [before, after]}
);

-- Regional objectives beyond greenhouse gases (domain/regional_objectives.py): for an indicator of the catalogue,
-- a baseline, a 2030 target (absolute, or relative: percent of the baseline), its source and status.
CREATE SEQUENCE regional_objective_id_seq START 1;
CREATE TABLE regional_objectives (
    objective_id   INTEGER PRIMARY KEY DEFAULT nextval('regional_objective_id_seq'),
    region         VARCHAR NOT NULL,
    indicator_id   VARCHAR NOT NULL,
    baseline_year  INTEGER NOT NULL,
    baseline_value DOUBLE NOT NULL,
    target_value   DOUBLE,
    target_change  DOUBLE,
    source         VARCHAR NOT NULL,
    status         VARCHAR NOT NULL CHECK (status IN ('officiel', 'indicatif', 'de travail')),
    version        INTEGER NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     VARCHAR,
    UNIQUE (region, indicator_id),
    CHECK ((target_value IS NULL) <> (target_change IS NULL))
);
CREATE SEQUENCE regional_objective_history_id_seq START 1;
CREATE TABLE regional_objective_history (
    history_id   INTEGER PRIMARY KEY DEFAULT nextval('regional_objective_history_id_seq'),
    objective_id INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    changed_at   TIMESTAMP NOT NULL,
    author       VARCHAR,
    role         VARCHAR,
    action       VARCHAR NOT NULL CHECK (action IN ('création', 'modification', 'import', 'suppression')),
    changes      VARCHAR NOT NULL
);
CREATE SEQUENCE financing_source_history_id_seq START 1;
CREATE TABLE financing_source_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('financing_source_history_id_seq'),
    source     VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL CHECK (action IN ('création', 'suppression')),
    changes    VARCHAR NOT NULL
);
