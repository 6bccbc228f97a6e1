-- Diagnostic: the indicator catalogue and the values aggregated upward from communes.
-- Loaded values stay in ``observations`` (subject_kind 'indicateur', or 'levier' for the
-- levers' physical indicators); this migration adds their definitions and the aggregates.

CREATE TABLE indicators (
    indicator_id VARCHAR PRIMARY KEY,          -- normalized identifier, e.g. ges_par_habitant
    name         VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    theme        VARCHAR NOT NULL,             -- an SGPE theme (Mieux se déplacer…) or Biodiversité, Eau…
    direction    VARCHAR NOT NULL CHECK (direction IN ('hausse', 'baisse', 'neutre')),  -- the desirable way
    aggregation  VARCHAR NOT NULL CHECK (aggregation IN ('somme', 'moyenne pondérée')),
    weight       VARCHAR,                      -- population, superficie, or an indicator_id (weighted mean only)
    source       VARCHAR NOT NULL,
    periodicity  VARCHAR,
    description  VARCHAR,
    import_id    INTEGER,
    CHECK ((aggregation = 'somme') = (weight IS NULL))
);

-- The catalogue as the pages read it: the loaded indicators plus the physical indicator of every
-- lever, derived from ``levers``. A lever's quantity is summed, except per-inhabitant, per-car and
-- average quantities (L/100km, kg/hab, kg/MWh…), which are averaged weighted by population; its
-- desirable direction is the sign of its conversion factor (positive: the quantity must rise).
CREATE VIEW indicator_catalogue AS
SELECT 'indicateur' AS subject_kind, indicator_id AS subject_id, name, unit, theme, direction, aggregation,
       weight, source, periodicity, description
FROM indicators
UNION ALL
SELECT 'levier', l.lever_id, l.name,
       regexp_replace(l.unit_phys, '\s*\(en 2030[^)]*\)\s*$', ''),
       l.thematic_group,
       CASE WHEN sum(sign(o.ratio_co2_to_phys)) < 0 THEN 'baisse' ELSE 'hausse' END,
       CASE WHEN regexp_matches(l.unit_phys, '/hab|/voiture|/MWh|/100 ?km|%|moyen') THEN 'moyenne pondérée'
            ELSE 'somme' END,
       CASE WHEN regexp_matches(l.unit_phys, '/hab|/voiture|/MWh|/100 ?km|%|moyen') THEN 'population' END,
       'SGPE – simulateur territorial (indicateur physique du levier)',
       NULL,
       'Indicateur physique du levier « ' || l.name || ' » (secteur ' || l.sector || ').'
FROM levers l LEFT JOIN lever_objectives o USING (lever_id)
WHERE l.unit_phys IS NOT NULL AND NOT l.no_translation
GROUP BY l.lever_id, l.name, l.unit_phys, l.thematic_group, l.sector;

-- Values computed from the finest level loaded for a subject, along territory_links, by the
-- catalogue's rule. members_total counts the member territories that exist; members_with_value
-- those that had a value (and a weight) that year: the aggregate is complete when both are equal.
-- Rewritten for a subject by every load of its values or of the catalogue.
CREATE TABLE indicator_aggregates (
    territory_level    VARCHAR NOT NULL,
    territory_code     VARCHAR NOT NULL,
    subject_kind       VARCHAR NOT NULL,
    subject_id         VARCHAR NOT NULL,
    year               INTEGER NOT NULL,
    value              DOUBLE NOT NULL,
    member_level       VARCHAR NOT NULL,
    members_with_value INTEGER NOT NULL,
    members_total      INTEGER NOT NULL,
    import_id          INTEGER
);
