-- A commitment's financing sources may point to parties of the register (their codes in the commitment's region,
-- separated by commas), beside the sources as written (kept, never dropped). A source whose text is exactly a
-- party's name is linked to it; any other stays text only. A frozen version keeps the column with the commitment's
-- other columns (domain/snapshots.py).
ALTER TABLE commitments ADD COLUMN funding_parties VARCHAR;

UPDATE commitments SET funding_parties = linked.codes
FROM (
    SELECT c.commitment_id, string_agg(p.code, ', ' ORDER BY p.code) AS codes
    FROM commitments c, unnest(string_split(c.funding_sources, ',')) AS s(source), parties p
    WHERE p.region = c.region AND p.name = trim(s.source)
    GROUP BY c.commitment_id
) AS linked
WHERE commitments.commitment_id = linked.commitment_id;
