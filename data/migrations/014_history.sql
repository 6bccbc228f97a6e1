-- History for everything editable: scenarios (their name and lever values) and méthodes de déclinaison
-- keep who changed what and when, like commitments (commitment_history); domain/history.py writes and
-- reads the three tables, which have one shape: author, role, when, action, changes {field: [before, after]}.

-- The author's role when the change was made (null before this migration, and for command-line imports).
ALTER TABLE commitment_history ADD COLUMN role VARCHAR;

-- A deleted scenario keeps its rows: deleted_at and deleted_by say when and by whom, until an undo.
ALTER TABLE scenarios ADD COLUMN deleted_by VARCHAR;

CREATE SEQUENCE scenario_history_id_seq START 1;

CREATE TABLE scenario_history (
    history_id  INTEGER PRIMARY KEY DEFAULT nextval('scenario_history_id_seq'),
    scenario_id INTEGER NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    author      VARCHAR,                    -- null: written outside the app's write gate, author unknown
    role        VARCHAR,
    action      VARCHAR NOT NULL CHECK (action IN ('création', 'duplication', 'modification', 'renommage',
                                                    'suppression', 'restauration')),
    changes     VARCHAR NOT NULL            -- JSON: {"name" | "<lever_id>:<done_kt|new_objective_kt>": [before, after]}
);

CREATE SEQUENCE split_method_history_id_seq START 1;

CREATE TABLE split_method_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('split_method_history_id_seq'),
    method_id  INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,
    role       VARCHAR,
    action     VARCHAR NOT NULL CHECK (action IN ('création', 'modification')),
    changes    VARCHAR NOT NULL            -- JSON: {"name" | "default_key_id" | "<lever_id>": [before, after]}
);

-- What existed before: its creation, author unknown (lever values and keys chosen before are not history).
INSERT INTO scenario_history (scenario_id, changed_at, action, changes)
SELECT scenario_id, created_at, 'création', to_json({'name': [NULL, name]})::VARCHAR FROM scenarios;

INSERT INTO scenario_history (scenario_id, changed_at, action, changes)
SELECT scenario_id, deleted_at, 'suppression', '{}' FROM scenarios WHERE deleted_at IS NOT NULL;

INSERT INTO split_method_history (method_id, changed_at, action, changes)
SELECT method_id, created_at, 'création',
       to_json({'name': [NULL, name], 'default_key_id': [NULL, default_key_id]})::VARCHAR
FROM split_methods WHERE NOT builtin;
