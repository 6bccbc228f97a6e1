-- Allocation key values without a primary key. Its index took more memory than the values
-- themselves (about 70 bytes per value, held until the import's commit: 1.3 GB for 8 million
-- values) and no query reads through it. The loader refuses a repeated key itself, naming the two
-- lines (loaders/keys.py), and is the only writer of this table.
CREATE TABLE allocation_key_values_unindexed (
    key_id           VARCHAR NOT NULL,
    territory_level  VARCHAR NOT NULL CHECK (territory_level IN ('commune', 'epci')),
    territory_code   VARCHAR NOT NULL,
    value            DOUBLE NOT NULL CHECK (value >= 0),
    whole_population BIGINT,                -- EPCI only: its total population, when the file gives it
    import_id        INTEGER
);
INSERT INTO allocation_key_values_unindexed SELECT * FROM allocation_key_values;
DROP TABLE allocation_key_values;
ALTER TABLE allocation_key_values_unindexed RENAME TO allocation_key_values;
