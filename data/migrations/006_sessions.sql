-- Revocable sessions: each session cookie carries the account's session version, checked on every
-- request; signing out, a new password or an administrator's revocation increments it.
ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1;

-- The session secret now lives outside the database (COP_SECRET_KEY or a key file): whoever could
-- read the database file could otherwise sign cookies as any editor.
DELETE FROM app_settings WHERE key = 'secret_key';
