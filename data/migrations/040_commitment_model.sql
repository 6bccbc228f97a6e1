-- Commitments as a COP collects them (issue 23), first part: a commitment's maturity and total cost, and regional
-- objectives beyond greenhouse gases.

-- How ready a commitment is (domain/vocabulary.py MATURITIES), apart from the COP's decision (its status). The
-- commitments made before stay without one (« non renseignée »); frozen versions capture it with the commitments
-- (migration 030). DuckDB adds no column with a CHECK: domain/commitments.py validates it, for the form, the grid
-- and the import alike.
ALTER TABLE commitments ADD COLUMN maturity VARCHAR;

-- What a commitment costs in all (euros), beside its financing (funding_amount): the share financed, and a warning
-- when the financing exceeds it. Blank for the commitments made before.
ALTER TABLE commitments ADD COLUMN total_cost DOUBLE;

-- Regional objectives beyond greenhouse gases (domain/regional_objectives.py): for an indicator of the catalogue,
-- a baseline, a 2030 target (absolute, or relative: percent of the baseline), its source and its status.
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
