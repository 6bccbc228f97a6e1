-- Optimistic locking of scenario lever values, like commitments: a save names the version it started
-- from, and a stale one is refused with both values. Rows saved before count as version 1.
ALTER TABLE scenario_levers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE scenario_levers ADD COLUMN updated_by VARCHAR;  -- the editor of the last change; NULL before 009
