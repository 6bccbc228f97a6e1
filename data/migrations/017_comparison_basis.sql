-- What the Diagnostic compares between territories of different sizes (issue 21): an indicator's comparison
-- basis, « tel quel » (a rate), « par habitant », « par km² » or « part de la superficie » (an area). Empty: the
-- default of domain/comparison.py (a weighted mean as is, a sum of an area as a share of the area, any other
-- sum per inhabitant), which is also the basis of the levers' physical indicators.
ALTER TABLE indicators ADD COLUMN comparison VARCHAR;

CREATE OR REPLACE VIEW indicator_catalogue AS
SELECT 'indicateur' AS subject_kind, indicator_id AS subject_id, name, unit, theme, direction, aggregation,
       weight, source, periodicity, description, comparison
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
       'Indicateur physique du levier « ' || l.name || ' » (secteur ' || l.sector || ').',
       NULL
FROM levers l LEFT JOIN lever_objectives o USING (lever_id)
WHERE l.unit_phys IS NOT NULL AND NOT l.no_translation
GROUP BY l.lever_id, l.name, l.unit_phys, l.thematic_group, l.sector;
