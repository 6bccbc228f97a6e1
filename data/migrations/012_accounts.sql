-- Accounts managed in the browser (/comptes) by an administrator.
-- A deactivated account can no longer sign in; its history (changes, commitments) stays.
ALTER TABLE users ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;
-- A first password given by the administrator: the account chooses its own at its first sign-in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN last_sign_in TIMESTAMP;

-- One-time invitation links: the account's holder opens the link and chooses a password. Only a hash of
-- the link's token is kept (whoever reads the database cannot use a pending invitation). An invited account
-- has no password yet (users.password_hash = '').
CREATE TABLE invitations (
    token_hash VARCHAR PRIMARY KEY,  -- sha256 of the token, hexadecimal
    username   VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP               -- set when the link has served (a newer link deletes the pending ones)
);

-- One row that every change able to remove an administrator increments (domain/users.keep_an_administrator):
-- two such changes at once then collide, and the one replayed after the other sees it, so that they cannot
-- leave the app without an active administrator.
CREATE TABLE administrator_guard (id INTEGER PRIMARY KEY, changes INTEGER NOT NULL);
INSERT INTO administrator_guard VALUES (1, 0);
