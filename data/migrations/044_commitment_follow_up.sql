-- Commitments as a COP collects them (issue 23), follow-up: per commitment and year, what was done (in each of its
-- objectives' units: its SGPE lever's ktCO₂e and physical unit, its regional objectives' indicator units), the money
-- spent (euros) and a comment, with who entered it and when (domain/follow_up.py). What was done is the year's own
-- (not a running total): the roadmap cumulates it into the achieved path. A year's row is versioned (optimistic
-- locking) and every change writes a line of commitment_follow_up_history. Nothing existing changes: a commitment
-- made before has no follow-up. Frozen versions capture both tables with the commitments (domain/snapshots.py).
CREATE TABLE commitment_follow_up (
    commitment_id INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    done_kt       DOUBLE,
    done_phys     DOUBLE,
    spent         DOUBLE,
    comment       VARCHAR,
    version       INTEGER NOT NULL,
    entered_at    TIMESTAMP NOT NULL,
    entered_by    VARCHAR,
    PRIMARY KEY (commitment_id, year)
);

-- What was done that year towards one of the commitment's regional objectives, in its indicator's unit.
CREATE TABLE commitment_follow_up_objectives (
    commitment_id INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,
    PRIMARY KEY (commitment_id, year, indicator_id)
);

-- One history of the shape of commitment_history (domain/history.py), the record being « <commitment>:<year> ».
CREATE SEQUENCE follow_up_history_id_seq START 1;
CREATE TABLE commitment_follow_up_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('follow_up_history_id_seq'),
    follow_up  VARCHAR NOT NULL,
    version    INTEGER,
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL,
    changes    VARCHAR NOT NULL
);
