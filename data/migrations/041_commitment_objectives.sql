-- Commitments as a COP collects them (issue 23), second part: a commitment contributes to zero, one or several
-- objectives. Its SGPE lever (lever_id, with its quantities in ktCO₂e and in the lever's physical unit) becomes
-- optional; it may also contribute to the region's objectives beyond greenhouse gases (commitment_objectives, one row
-- per objective, in its indicator's unit); one that contributes to none says its theme (domain/vocabulary.py THEMES:
-- cohésion territoriale, développement économique…). Every commitment made before keeps its lever and quantities
-- unchanged: it is already of the new shape (one lever contribution, no other). domain/commitments.py checks that a
-- commitment names a lever, an objective or a theme.
ALTER TABLE commitments ALTER COLUMN lever_id DROP NOT NULL;
ALTER TABLE commitments ALTER COLUMN quantity_kt DROP NOT NULL;
ALTER TABLE commitments ADD COLUMN theme VARCHAR;

-- What a commitment brings to one of the region's objectives beyond greenhouse gases, counted in the objective's
-- direction (positive: towards its 2030 target), in its indicator's unit. Frozen versions capture these rows with
-- the commitments (domain/snapshots.py).
CREATE TABLE commitment_objectives (
    commitment_id INTEGER NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,
    PRIMARY KEY (commitment_id, indicator_id)
);
