-- Commitments as a COP collects them (issue 23), third part: a commitment carried by several territories, each with
-- its share (domain/territory_shares.py). A shared commitment lists every territory carrying it, its own among them
-- (commitments.territory_level, territory_code: whose it is, whom the review and the rights follow), the shares
-- summing to 1. A commitment without rows here is carried by its own territory alone, at 100 %: every commitment made
-- before this migration keeps its territory and counts as it did. Frozen versions capture these rows with the
-- commitments (domain/snapshots.py).
CREATE TABLE commitment_territories (
    commitment_id   INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    territory_level VARCHAR NOT NULL CHECK (territory_level IN ('region', 'departement', 'crte', 'epci')),
    territory_code  VARCHAR NOT NULL,
    share           DOUBLE NOT NULL CHECK (share > 0 AND share <= 1),
    PRIMARY KEY (commitment_id, territory_level, territory_code)
);
