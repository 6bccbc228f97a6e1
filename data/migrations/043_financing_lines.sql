-- Commitments as a COP collects them (issue 23), fourth part: the maquette financière. A commitment's financing is a
-- list of lines (domain/financing_lines.py): a source (a name of the default list, or any other the team writes —
-- « Fonds chaleur », a foundation — and, when the financer is a party of the region's register, its code), an amount
-- in euros, a year and a status (domain/vocabulary.py FINANCING_STATUSES: sollicité, accordé, engagé, versé). The year
-- and the status may be blank (« année non précisée », « non renseigné »), and so may the amount (« à préciser »),
-- when at least the source is given. Frozen versions capture these rows with the commitments (domain/snapshots.py).
CREATE TABLE commitment_financing (
    commitment_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    source        VARCHAR,
    party_code    VARCHAR,
    amount        DOUBLE CHECK (amount > 0),
    year          INTEGER,
    status        VARCHAR CHECK (status IN ('sollicité', 'accordé', 'engagé', 'versé')),
    PRIMARY KEY (commitment_id, position),
    CHECK (source IS NOT NULL OR party_code IS NOT NULL)
);

-- Every commitment made before keeps its financing: its single amount and its sources (as written, « DSIL, Fonds
-- vert ») become one line of unknown year and unknown status — neither asked for nor granted as far as the tool knows,
-- so the share financed does not count it until the team says where it stands. An amount of 0 becomes a line without
-- amount; a commitment with neither amount nor source gets no line. A line needs a source: an amount without one is
-- kept under « Source non précisée ». The former columns (funding_amount, funding_sources, funding_parties) stay as
-- they were, untouched and no longer written: the history that names them still reads.
INSERT INTO commitment_financing (commitment_id, position, source, amount)
SELECT commitment_id, 0, coalesce(nullif(trim(funding_sources), ''), 'Source non précisée'),
       CASE WHEN funding_amount > 0 THEN funding_amount END
FROM commitments
WHERE funding_amount > 0 OR nullif(trim(funding_sources), '') IS NOT NULL;
