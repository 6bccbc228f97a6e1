-- Objectives have vintages (issue 22): loading another vintage of the SGPE panorama (python -m loaders sgpe
-- --millesime 2025) keeps the previous one. objective_vintages holds every vintage loaded; lever_objectives, which
-- every page reads, is now the view of each territory's newest vintage (the greatest ``vintage``), so that no reader
-- adds two vintages together. Its columns are those of the former table, in the same order: the rows that imports
-- kept to be undone (undo schema) still match them; their tables keep the name « lever_objectives »
-- (loaders/changes.py, ``KEPT_NAMES``).
CREATE TABLE objective_vintages (
    territory_level   VARCHAR NOT NULL,
    territory_code    VARCHAR NOT NULL,
    lever_id          VARCHAR NOT NULL,
    lever_label       VARCHAR NOT NULL,
    obj_co2_kt        DOUBLE NOT NULL,
    ratio_co2_to_phys DOUBLE NOT NULL,
    start_point_2019  DOUBLE,
    enabled           BOOLEAN NOT NULL,
    hidden            BOOLEAN NOT NULL,
    limited           BOOLEAN NOT NULL,
    edition_disabled  BOOLEAN NOT NULL,
    show_target       BOOLEAN NOT NULL,
    explanation       VARCHAR,
    disabled_reason   VARCHAR,
    territory_comment VARCHAR,
    status            VARCHAR NOT NULL CHECK (status IN ('officiel', 'indicatif', 'illustratif', 'calculé')),
    source            VARCHAR NOT NULL,
    vintage           VARCHAR NOT NULL,
    import_id         INTEGER,
    PRIMARY KEY (territory_level, territory_code, lever_id, vintage)
);
INSERT INTO objective_vintages SELECT * FROM lever_objectives;
DROP TABLE lever_objectives;

CREATE VIEW lever_objectives AS
SELECT * EXCLUDE (newest) FROM (
    SELECT *, max(vintage) OVER (PARTITION BY territory_level, territory_code) AS newest FROM objective_vintages)
WHERE vintage = newest;

UPDATE import_undo SET table_name = 'objective_vintages' WHERE table_name = 'lever_objectives';
