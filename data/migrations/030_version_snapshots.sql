-- A frozen version is a snapshot of everything the roadmap shows (issue 22, domain/snapshots.py): its commitments
-- with their history and reviews, the scenario and the méthode de déclinaison retained, the split that méthode gives,
-- the objectives and observations with their source and vintage, the territories. Each captured row is kept as JSON,
-- whatever table it comes from, so that a table added later to the snapshot needs no migration of its own; its
-- columns' types are kept beside (roadmap_version_parts) to read it back exactly. A version's rows are written once,
-- in the transaction that freezes it, and never updated nor deleted (the write gate checks it, dashboard/access/gate.py).

-- When the version was presented (a COP session), the scenario and méthode retained (their identifiers and names
-- when frozen), and what it does not hold.
ALTER TABLE roadmap_versions ADD COLUMN presented_on DATE;
ALTER TABLE roadmap_versions ADD COLUMN scenario_id INTEGER;
ALTER TABLE roadmap_versions ADD COLUMN scenario_name VARCHAR;
ALTER TABLE roadmap_versions ADD COLUMN method_id INTEGER;
ALTER TABLE roadmap_versions ADD COLUMN method_name VARCHAR;
ALTER TABLE roadmap_versions ADD COLUMN complete BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE roadmap_versions ADD COLUMN note VARCHAR;

-- One line per part of a version: the table it copies (or the computed part), its columns and their types as JSON
-- [[name, type], …], its row count.
CREATE TABLE roadmap_version_parts (
    version_id INTEGER NOT NULL,
    part       VARCHAR NOT NULL,
    columns    VARCHAR NOT NULL,
    row_count  INTEGER NOT NULL,
    PRIMARY KEY (version_id, part)
);

-- Every captured row, as JSON (a BLOB column in base64).
CREATE TABLE roadmap_version_rows (
    version_id INTEGER NOT NULL,
    part       VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    data       VARCHAR NOT NULL
);

-- The versions frozen before this migration held the commitments alone: they become snapshots of what they hold.
INSERT INTO roadmap_version_parts
SELECT v.version_id, 'commitments',
       (SELECT to_json(list([column_name, data_type] ORDER BY column_index))::VARCHAR FROM duckdb_columns()
        WHERE schema_name = 'main' AND table_name = 'roadmap_version_commitments' AND column_name <> 'version_id'),
       (SELECT count(*) FROM roadmap_version_commitments c WHERE c.version_id = v.version_id)
FROM roadmap_versions v;

INSERT INTO roadmap_version_rows
SELECT version_id, 'commitments', row_number() OVER (PARTITION BY version_id ORDER BY commitment_id) - 1,
       json_remove(to_json(c), '$.version_id')::VARCHAR
FROM roadmap_version_commitments c;

UPDATE roadmap_versions SET complete = false,
    note = 'Version figée avant que les versions gardent tout ce que montre la feuille de route : seuls ses '
           'engagements ont été conservés. Les objectifs et leur millésime, le scénario, la méthode de déclinaison '
           'et les parts qu''elle donnait, les territoires et l''historique des engagements n''ont pas été saisis à '
           'l''époque.';

DROP TABLE roadmap_version_commitments;
