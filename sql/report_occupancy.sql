-- report_occupancy: persons per day against places, perturbed (places exact)
SELECT count(*) FROM treg.demo_load(2000, 3);
INSERT INTO treg.report_secret (singleton, secret) VALUES
	(true, '\x000102030405060708090a0b0c0d0e0f1011121314151617')
	ON CONFLICT (singleton) DO UPDATE SET secret = excluded.secret;
SELECT treg.set_report_config(169, '2026-04-08');
-- places (the demo fills no capacity): partner 1, internal 2 (more places from July), external 12
INSERT INTO treg.capacity (capacity_id, provider_id, intensity, valid_from, valid_to, places) VALUES
	(1, 1, 'ambulant', '2020-01-01', NULL, 300),
	(2, 2, 'ambulant', '2020-01-01', '2025-06-30', 80),
	(3, 2, 'ambulant', '2025-07-01', NULL, 100),
	(4, 1, 'dag', '2024-01-01', NULL, 20),
	(5, 12, 'døgn', '2025-01-01', NULL, 10);

-- the registry table's constraints
INSERT INTO treg.capacity VALUES (6, 2, 'ambulant', '2025-12-01', '2026-01-31', 90);
INSERT INTO treg.capacity VALUES (6, 2, 'dag', '2025-12-01', '2025-11-30', 90);
INSERT INTO treg.capacity VALUES (6, 2, 'dag', '-infinity', NULL, 90);
INSERT INTO treg.capacity VALUES (6, 2, 'dag', '2025-01-01', 'infinity', 90);
INSERT INTO treg.capacity VALUES (6, 2, 'dag', '2025-01-01', NULL, 0);
INSERT INTO treg.capacity VALUES (6, 999, 'dag', '2025-01-01', NULL, 5);

-- (a) the view: the whole year, and July
SELECT month, level, provider_group, provider_id, intensity, is_total, days, persons,
	   avg_persons, avg_persons_suppressed, places, occupancy_share, occupancy_share_suppressed
FROM treg.report_occupancy WHERE month IN ('2025-07', 'total');
SELECT count(*) AS rows, count(DISTINCT month) AS months FROM treg.report_occupancy;

-- (b) an exact formulation day by day
CREATE TEMP TABLE seg_days AS
SELECT s.person_id, e.provider_id, s.intensity::text AS intensity,
	   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp,
	   d::date AS day, to_char(d, 'YYYY-MM') AS month,
	   EXISTS (SELECT FROM treg.capacity c WHERE c.provider_id = e.provider_id
				 AND c.intensity::text = s.intensity::text
				 AND d::date BETWEEN c.valid_from AND coalesce(c.valid_to, 'infinity')) AS has_places
FROM treg.segment s
JOIN treg.episode e ON e.episode_id = s.episode_id
JOIN treg.provider p ON p.provider_id = e.provider_id
CROSS JOIN generate_series(greatest(s.start_date, '2025-01-01'),
						   least(coalesce(s.end_date, '2025-12-31'), '2025-12-31'), interval '1 day') d;
CREATE TEMP TABLE place_days AS
SELECT c.provider_id, c.intensity::text AS intensity, to_char(d, 'YYYY-MM') AS month, sum(c.places) AS places
FROM treg.capacity c
CROSS JOIN generate_series(greatest(c.valid_from, '2025-01-01'),
						   least(coalesce(c.valid_to, '2025-12-31'), '2025-12-31'), interval '1 day') d
GROUP BY 1, 2, 3;
CREATE TEMP TABLE exact_cells AS
WITH rows AS (
	SELECT x.*, m.m, l.lvl, l.grp_key, l.prov_key
	FROM seg_days x
	CROSS JOIN LATERAL (VALUES (x.month), ('total')) m(m)
	CROSS JOIN LATERAL (VALUES ('provider', x.grp, x.provider_id), ('provider_group', x.grp, NULL),
							   ('total', 'total', NULL)) l(lvl, grp_key, prov_key)
	WHERE l.lvl <> 'provider' OR x.grp <> 'external'
), per AS (
	SELECT lvl, grp_key, prov_key, intensity, m, person_id, count(*) AS days,
		   count(*) FILTER (WHERE has_places) AS cdays
	FROM rows GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT lvl, grp_key, prov_key, intensity, m, count(*) AS persons, sum(days) AS days, max(days) AS days_max,
	   sum(cdays) AS cdays, max(cdays) AS cdays_max
FROM per GROUP BY 1, 2, 3, 4, 5;
CREATE TEMP TABLE exact_places AS
SELECT l.lvl, l.grp_key, l.prov_key, pd.intensity, m.m, sum(pd.places) AS place_days
FROM place_days pd
JOIN treg.provider p ON p.provider_id = pd.provider_id
CROSS JOIN LATERAL (SELECT CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp) g
CROSS JOIN LATERAL (VALUES (pd.month), ('total')) m(m)
CROSS JOIN LATERAL (VALUES ('provider', g.grp, pd.provider_id), ('provider_group', g.grp, NULL),
						   ('total', 'total', NULL)) l(lvl, grp_key, prov_key)
GROUP BY 1, 2, 3, 4, 5;
SELECT count(*) AS cells,
	   count(*) FILTER (WHERE coalesce(e.persons, 0) = 0 AND r.persons IS DISTINCT FROM 0) AS empty_not_zero,
	   count(*) FILTER (WHERE r.persons IS NOT NULL AND abs(r.persons - coalesce(e.persons, 0)) > 12) AS persons_off,
	   count(*) FILTER (WHERE r.persons IS NULL AND NOT coalesce(e.persons, 0) BETWEEN 1 AND 4 + 12) AS persons_null_wrong,
	   count(*) FILTER (WHERE r.persons > 0 AND r.avg_persons IS NOT NULL
						  AND abs(r.avg_persons * r.days - e.days) > 2 * e.days_max + r.days * 0.05) AS avg_off,
	   count(*) FILTER (WHERE r.persons = 0 AND r.avg_persons <> 0) AS avg_not_zero,
	   count(*) FILTER (WHERE r.places * r.days <> round(coalesce(pl.place_days, 0) / r.days::numeric, 1) * r.days) AS places_wrong,
	   count(*) FILTER (WHERE r.occupancy_share IS NOT NULL AND coalesce(pl.place_days, 0) = 0) AS share_without_places,
	   count(*) FILTER (WHERE r.persons > 0 AND r.occupancy_share IS NOT NULL
						  AND abs(r.occupancy_share * pl.place_days - e.cdays) > 2 * e.cdays_max + pl.place_days * 0.0005) AS share_off
FROM treg.report_occupancy r
LEFT JOIN exact_cells e ON e.lvl = r.level AND e.grp_key = r.provider_group
	AND e.prov_key IS NOT DISTINCT FROM r.provider_id AND e.intensity = r.intensity AND e.m = r.month
LEFT JOIN exact_places pl ON pl.lvl = r.level AND pl.grp_key = r.provider_group
	AND pl.prov_key IS NOT DISTINCT FROM r.provider_id AND pl.intensity = r.intensity AND pl.m = r.month;

-- (c) coarse parameters only
SELECT * FROM treg.report_occupancy(2027);
SELECT * FROM treg.report_occupancy(2000);

-- (d) asking twice gives the same answer; the function equals the view
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_occupancy(2025) EXCEPT ALL SELECT * FROM treg.report_occupancy(2025))
	UNION ALL
	(SELECT * FROM treg.report_occupancy EXCEPT ALL SELECT * FROM treg.report_occupancy(2025))) d;

-- the year of the as-of date: months up to April, April up to the 8th
SELECT month, days FROM treg.report_occupancy(2026)
WHERE level = 'total' AND intensity = 'ambulant' ORDER BY month_order;

-- (e) BI column types
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_occupancy'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_occupancy'
  AND col_description('treg.report_occupancy'::regclass, c.ordinal_position) IS NULL;

-- a hand-made registry: the person-level helper
TRUNCATE treg.segment, treg.episode, treg.request, treg.person;
INSERT INTO treg.person (person_id, birth_date, municipality_code) VALUES (1, '1980-01-01', 169), (2, '1990-01-01', 169);
INSERT INTO treg.episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group) VALUES
	(1, 1, 2, '2025-06-20', NULL, NULL, 'alcohol'),
	(2, 2, 4, '2026-03-30', NULL, NULL, 'alcohol');
INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date) VALUES
	(1, 1, 1, 'ambulant', '2025-06-20', '2025-07-10'),
	(2, 1, 1, 'dag', '2025-07-11', NULL),
	(3, 2, 2, 'døgn', '2026-03-30', NULL);
-- person 1: 11 days in June and 10 in July with places (internal provider 2: 80, then 100), then day treatment without places
SELECT person_id, provider_id, intensity::text, month, days, capacity_days
FROM treg.occupancy_days(2025, '2026-04-08') WHERE month <= '2025-08-01' ORDER BY month, intensity::text;
-- the year of the as-of date: censored there
SELECT person_id, provider_id, intensity::text, month, days, capacity_days
FROM treg.occupancy_days(2026, '2026-04-08') WHERE month >= '2026-03-01' ORDER BY person_id, month;

SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_occupancy;
SELECT * FROM treg.capacity;
SELECT * FROM treg.occupancy_days(2025, '2026-04-08');
RESET ROLE;
SET ROLE treg_writer;
UPDATE treg.capacity SET places = places WHERE capacity_id = 1;
RESET ROLE;

-- leave the registry empty for the tests that follow
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
