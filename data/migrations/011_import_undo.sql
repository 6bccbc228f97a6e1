-- Who made each import, and imports that can be undone (loaders/undo.py).
-- author: the signed-in account (web) or « ligne de commande (utilisateur) »; null before 011.
-- undone_by: the import_id of the journaled « annulation » that restored what the import replaced.
ALTER TABLE imports ADD COLUMN author VARCHAR;
ALTER TABLE imports ADD COLUMN undone_by INTEGER;

-- What an import changed, table by table: the rows it removed or replaced (as they were, byte for byte)
-- and the rows it wrote are kept in the « undo » schema, in undo.import_<id>_<table>_removed and
-- undo.import_<id>_<table>_added; this table lists them with their counts.
CREATE SCHEMA undo;
CREATE TABLE import_undo (
    import_id  INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    added      INTEGER NOT NULL,            -- rows (keys) the import added
    changed    INTEGER NOT NULL,            -- rows whose key existed and whose content changed
    removed    INTEGER NOT NULL,            -- rows (keys) the import removed
    PRIMARY KEY (import_id, table_name)
);
