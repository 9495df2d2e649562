-- report_costs: cost from tariffs by intensity and provider group, perturbed
SELECT count(*) FROM treg.demo_load(2000, 3);
INSERT INTO treg.report_secret (singleton, secret) VALUES
	(true, '\x000102030405060708090a0b0c0d0e0f1011121314151617')
	ON CONFLICT (singleton) DO UPDATE SET secret = excluded.secret;
SELECT treg.set_report_config(169, '2026-04-08');

-- (a) the view
SELECT intensity, provider_group, is_total, persons, persons_suppressed, days, days_suppressed,
	   unpriced_days, unpriced_days_suppressed, cost, cost_suppressed
FROM treg.report_costs;

-- (b) an exact formulation from the raw tables (2025 ends before the as-of date)
CREATE TEMP TABLE exact_seg AS
SELECT s.person_id, s.intensity::text AS intensity,
	   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp,
	   e.provider_id, s.intensity AS si,
	   greatest(s.start_date, date '2025-01-01') AS d0,
	   least(coalesce(s.end_date, date '2025-12-31'), date '2025-12-31') AS d1
FROM treg.segment s
JOIN treg.episode e ON e.episode_id = s.episode_id
JOIN treg.provider p ON p.provider_id = e.provider_id
WHERE s.start_date <= '2025-12-31' AND (s.end_date IS NULL OR s.end_date >= '2025-01-01');
CREATE TEMP TABLE exact_person AS
SELECT x.person_id, x.intensity, x.grp, sum(x.d1 - x.d0 + 1) AS days,
	   sum(x.d1 - x.d0 + 1) - sum(coalesce(t.priced, 0)) AS unpriced, sum(coalesce(t.cost, 0)) AS cost
FROM exact_seg x
LEFT JOIN LATERAL (
	SELECT sum(least(x.d1, coalesce(tt.valid_to, x.d1)) - greatest(x.d0, tt.valid_from) + 1) AS priced,
		   sum(tt.price_per_day * (least(x.d1, coalesce(tt.valid_to, x.d1)) - greatest(x.d0, tt.valid_from) + 1)) AS cost
	FROM treg.tariff tt
	WHERE tt.provider_id = x.provider_id AND tt.intensity::text = x.intensity
	  AND tt.valid_from <= x.d1 AND coalesce(tt.valid_to, x.d1) >= x.d0) t ON true
GROUP BY x.person_id, x.intensity, x.grp;
CREATE TEMP TABLE exact_cells AS
WITH per AS (
	SELECT intensity, grp, person_id, days, unpriced, cost FROM exact_person
	UNION ALL SELECT intensity, 'total', person_id, sum(days), sum(unpriced), sum(cost) FROM exact_person GROUP BY 1, 3
	UNION ALL SELECT 'total', grp, person_id, sum(days), sum(unpriced), sum(cost) FROM exact_person GROUP BY 2, 3
	UNION ALL SELECT 'total', 'total', person_id, sum(days), sum(unpriced), sum(cost) FROM exact_person GROUP BY 3
)
SELECT intensity, grp, count(*) AS persons,
	   sum(days) AS days, max(days) AS days_max,
	   (SELECT sum(v) FROM (SELECT p2.days AS v FROM per p2 WHERE p2.intensity = per.intensity AND p2.grp = per.grp ORDER BY 1 DESC LIMIT 2) q) AS days_top2,
	   sum(unpriced) AS unpriced, max(unpriced) AS unpriced_max,
	   sum(cost) AS cost, max(cost) AS cost_max,
	   (SELECT sum(v) FROM (SELECT p2.cost AS v FROM per p2 WHERE p2.intensity = per.intensity AND p2.grp = per.grp ORDER BY 1 DESC LIMIT 2) q) AS cost_top2
FROM per GROUP BY intensity, grp;

-- every cell of the grid is there, counts within 12, NULL only for a possible small count,
-- sums within 2 x their largest contribution (4 standard deviations), NULL only when the
-- persons are suppressed or the two largest persons give more than 85 %
SELECT count(*) AS cells,
	   count(*) FILTER (WHERE coalesce(e.persons, 0) = 0 AND r.persons IS DISTINCT FROM 0) AS empty_not_zero,
	   count(*) FILTER (WHERE r.persons IS NOT NULL AND abs(r.persons - coalesce(e.persons, 0)) > 12) AS persons_off,
	   count(*) FILTER (WHERE r.persons IS NULL AND NOT coalesce(e.persons, 0) BETWEEN 1 AND 4 + 12) AS persons_null_wrong,
	   count(*) FILTER (WHERE r.days IS NOT NULL AND r.persons > 0 AND abs(r.days - e.days) > 2 * e.days_max) AS days_off,
	   count(*) FILTER (WHERE r.days IS NULL AND r.persons IS NOT NULL AND e.days_top2 <= 0.85 * e.days) AS days_null_wrong,
	   count(*) FILTER (WHERE r.cost IS NOT NULL AND r.persons > 0 AND abs(r.cost - e.cost) > 2 * e.cost_max) AS cost_off,
	   count(*) FILTER (WHERE r.cost IS NULL AND r.persons IS NOT NULL AND e.cost_top2 <= 0.85 * e.cost) AS cost_null_wrong,
	   count(*) FILTER (WHERE r.cost IS NOT NULL AND r.persons > 0 AND e.cost_top2 > 0.85 * e.cost) AS dominated_published,
	   count(*) FILTER (WHERE r.unpriced_days IS NOT NULL AND r.persons > 0 AND abs(r.unpriced_days - e.unpriced) > 2 * e.unpriced_max) AS unpriced_off
FROM treg.report_costs r
LEFT JOIN exact_cells e ON e.intensity = r.intensity AND e.grp = r.provider_group;

-- the exact figures next to the published ones
SELECT r.intensity, r.provider_group, e.persons AS exact_persons, r.persons, e.days AS exact_days, r.days,
	   round(e.cost) AS exact_cost, r.cost
FROM treg.report_costs r
LEFT JOIN exact_cells e ON e.intensity = r.intensity AND e.grp = r.provider_group
WHERE r.is_total
ORDER BY r.intensity_order, r.provider_group_order;

-- unpriced days: a segment at a provider without a tariff for its intensity
CREATE TEMP TABLE before_unpriced AS SELECT * FROM treg.report_costs;
DELETE FROM treg.tariff WHERE provider_id = 1 AND intensity::text = 'dag';
SELECT r.intensity, r.provider_group, r.unpriced_days > 0 AS has_unpriced,
	   r.cost < b.cost AS cheaper
FROM treg.report_costs r JOIN before_unpriced b USING (intensity, provider_group)
WHERE r.intensity = 'dag' AND r.provider_group IN ('partner', 'total');
SELECT row_count AS tariffs FROM treg.demo_load(2000, 3) WHERE table_name = 'tariff';

-- (c) coarse parameters only
SELECT * FROM treg.report_costs(2027);
SELECT * FROM treg.report_costs(2010);
SELECT * FROM treg.report_costs(NULL);

-- (d) asking twice gives the same answer; the function equals the view
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_costs(2025) EXCEPT ALL SELECT * FROM treg.report_costs(2025))
	UNION ALL
	(SELECT * FROM treg.report_costs EXCEPT ALL SELECT * FROM treg.report_costs(2025))) d;

-- the days of a year are the same figure in report_occupancy (stream 4, same persons)
SELECT count(*) AS cells, count(*) FILTER (WHERE o.avg_persons = round(c.days / 365.0, 1)) AS equal
FROM treg.report_costs c
JOIN treg.report_occupancy o ON o.month = 'total' AND o.intensity = c.intensity
	AND o.provider_group = c.provider_group AND o.level IN ('provider_group', 'total')
WHERE c.intensity <> 'total' AND c.days IS NOT NULL;

-- (e) BI column types
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_costs'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_costs'
  AND col_description('treg.report_costs'::regclass, c.ordinal_position) IS NULL;

-- the analyst may read the view and call the function, not the person-level helpers
SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_costs;
SELECT * FROM treg.cost_pieces(2025, '2026-04-08') LIMIT 1;
RESET ROLE;

-- leave the registry empty for the tests that follow
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
