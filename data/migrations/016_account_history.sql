-- Who changed which account, when, and how: one line per change to an account, made in the browser (/comptes,
-- the invitation and new-password pages) or from the command line (python -m loaders utilisateur), in the
-- transaction of the change. Same shape as the other histories (domain/history.py): author, the author's role,
-- action and changes {field: [before, after]} (role, full_name, territories, active); a password is never
-- recorded, only that it changed (action « nouveau mot de passe »).
CREATE SEQUENCE account_history_id_seq START 1;

CREATE TABLE account_history (
    history_id INTEGER PRIMARY KEY DEFAULT nextval('account_history_id_seq'),
    username   VARCHAR NOT NULL,           -- the account changed
    changed_at TIMESTAMP NOT NULL,
    author     VARCHAR,                    -- an account, « ligne de commande (<utilisateur du système>) », or null
    role       VARCHAR,
    action     VARCHAR NOT NULL CHECK (action IN ('création', 'modification', 'nouveau mot de passe',
                                                  'lien d''invitation', 'désactivation', 'réactivation',
                                                  'sessions fermées')),
    changes    VARCHAR NOT NULL            -- JSON: {"role" | "full_name" | "territories" | "active": [before, after]}
);
