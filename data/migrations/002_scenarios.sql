-- "Nouvelle ambition" scenarios: per lever, what is already done or planned and a new objective.

CREATE SEQUENCE scenario_id_seq START 1;

CREATE TABLE scenarios (
    scenario_id     INTEGER PRIMARY KEY DEFAULT nextval('scenario_id_seq'),
    name            VARCHAR NOT NULL,
    territory_level VARCHAR NOT NULL,
    territory_code  VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    deleted_at      TIMESTAMP               -- set by a deletion, cleared by its undo
);

-- Values are kept in ktCO2e; the physical quantities are derived with the territory's factors.
CREATE TABLE scenario_levers (
    scenario_id      INTEGER NOT NULL,
    lever_id         VARCHAR NOT NULL,
    done_kt          DOUBLE,                -- already done or planned, ktCO2e avoided in 2030
    new_objective_kt DOUBLE,                -- the scenario's objective; NULL keeps the SGPE objective
    updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (scenario_id, lever_id)
);
