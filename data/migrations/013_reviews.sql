-- The regional team's review of proposed commitments: every decision is kept (the latest is the current one).
CREATE SEQUENCE commitment_review_id_seq START 1;

CREATE TABLE commitment_reviews (
    review_id     INTEGER PRIMARY KEY DEFAULT nextval('commitment_review_id_seq'),
    commitment_id INTEGER NOT NULL,
    version       INTEGER NOT NULL,     -- the commitment's version once decided: a later one was edited since
    decision      VARCHAR NOT NULL CHECK (decision IN ('accepté', 'modifications demandées', 'refusé')),
    comment       VARCHAR,              -- the changes asked for, the reason of a refusal (both required)
    reviewer      VARCHAR NOT NULL,
    reviewed_at   TIMESTAMP NOT NULL
);
