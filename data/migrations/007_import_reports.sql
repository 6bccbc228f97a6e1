-- The full report of an import whose journal line keeps only a bounded summary (counts and the
-- first problems): UTF-8 text compressed with zlib, served as /donnees/import/<id>/compte-rendu.txt.

CREATE TABLE import_reports (
    import_id INTEGER PRIMARY KEY,
    problems  INTEGER NOT NULL,             -- how many problems the report lists
    report    BLOB NOT NULL
);
