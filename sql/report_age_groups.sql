-- report_age_groups: own residents in care on a day and new enrolments in a
-- year by age group, under_30 a cell of its own (demo registry, fixed secret).
\i sql/include/report_setup_plain.psql

-- (a) the view: census on 2026-04-08, new enrolments in 2025
SELECT * FROM report_age_groups;

-- (b) exact counts from the raw tables, written independently of the
-- person-level helpers (ages by hand: the birthday in the year reached?)
CREATE TEMP TABLE age_exact AS
WITH params(d, y, a) AS (VALUES (DATE '2026-04-08', 2025, DATE '2026-04-08'),
							   (DATE '2025-12-31', 2024, DATE '2026-04-08')),
covering AS (
	SELECT p.d, p.y, s.person_id, e.substance_group,
		   row_number() OVER (PARTITION BY p.d, s.person_id
							  ORDER BY CASE s.intensity::text WHEN 'døgn' THEN 3 WHEN 'dag' THEN 2 ELSE 1 END DESC,
									   CASE e.substance_group WHEN 'opioid' THEN 3 WHEN 'non_opioid' THEN 2 ELSE 1 END DESC) AS rn
	FROM params p, segment s JOIN episode e USING (episode_id)
	WHERE s.start_date <= p.d AND coalesce(s.end_date, p.d) >= p.d
), enrolled AS (
	SELECT p.y, p.d, e.person_id, e.enrol_date, e.substance_group,
		   row_number() OVER (PARTITION BY p.y, e.person_id ORDER BY e.enrol_date, e.episode_id) AS rn
	FROM params p, episode e
	WHERE e.enrol_date BETWEEN make_date(p.y, 1, 1) AND make_date(p.y, 12, 31) AND e.enrol_date <= p.a
), persons AS (
	SELECT c.d, c.y, 'census' AS measure, c.person_id, c.substance_group, pe.birth_date, c.d AS age_day
	FROM covering c JOIN person pe USING (person_id)
	WHERE c.rn = 1 AND pe.municipality_code = 169
	UNION ALL
	SELECT n.d, n.y, 'new_enrolments', n.person_id, n.substance_group, pe.birth_date, n.enrol_date
	FROM enrolled n JOIN person pe USING (person_id)
	WHERE n.rn = 1
), aged AS (
	SELECT x.*, CASE WHEN x.birth_date IS NULL OR x.birth_date > x.age_day THEN NULL
					 ELSE extract(year FROM x.age_day)::int - extract(year FROM x.birth_date)::int
						  - CASE WHEN to_char(x.age_day, 'MMDD') < to_char(x.birth_date, 'MMDD') THEN 1 ELSE 0 END
				END AS age
	FROM persons x
), grouped AS (
	SELECT a.*, CASE WHEN a.age IS NULL THEN 'unknown' WHEN a.age < 18 THEN 'under_18'
					 WHEN a.age < 30 THEN '18-29' WHEN a.age < 65 THEN '30-64' ELSE '65+' END AS age_group
	FROM aged a
)
SELECT d, y, measure, coalesce(age_group, 'total') AS age_group,
	   coalesce(substance_group, 'total') AS substance_group, count(DISTINCT person_id) AS persons
FROM grouped GROUP BY d, y, measure, CUBE (age_group, substance_group)
UNION ALL
SELECT d, y, measure, 'under_30', coalesce(substance_group, 'total'), count(DISTINCT person_id)
FROM grouped WHERE age_group IN ('under_18', '18-29')
GROUP BY d, y, measure, ROLLUP (substance_group);

CREATE TEMP TABLE age_published AS
SELECT * FROM report_age_groups('2026-04-08', 2025)
UNION ALL SELECT * FROM report_age_groups('2025-12-31', 2024);
SELECT r.on_date, r.year, count(*) AS cells, count(*) FILTER (WHERE r.suppressed) AS suppressed,
	   count(*) FILTER (WHERE coalesce(x.persons, 0) = 0) AS empty,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, r.suppressed, coalesce(x.persons, 0))) AS implausible,
	   max(abs(r.persons - x.persons)) AS max_abs_noise
FROM age_published r
LEFT JOIN age_exact x ON x.d = r.on_date AND x.y = r.year AND x.measure = r.measure
	AND x.age_group = r.age_group AND x.substance_group = r.substance_group
GROUP BY r.on_date, r.year ORDER BY r.on_date;
-- every implausible cell (none)
SELECT r.on_date, r.measure, r.age_group, r.substance_group, r.persons, x.persons AS exact
FROM age_published r
LEFT JOIN age_exact x ON x.d = r.on_date AND x.y = r.year AND x.measure = r.measure
	AND x.age_group = r.age_group AND x.substance_group = r.substance_group
WHERE NOT pg_temp.plausible(r.persons, r.suppressed, coalesce(x.persons, 0));
SELECT count(*) AS exact_cells_not_published
FROM age_exact x
WHERE NOT EXISTS (SELECT FROM age_published r WHERE r.on_date = x.d AND r.measure = x.measure
				  AND r.age_group = x.age_group AND r.substance_group = x.substance_group);
-- under_30 is a cell of its own: its exact count is the sum of the two
-- exact cells, its published figure is perturbed on its own persons
SELECT r.measure, r.substance_group, u.persons AS under_30,
	   r18.persons AS under_18, r29.persons AS "18-29", u.is_total
FROM age_published r
JOIN age_published u ON u.on_date = r.on_date AND u.measure = r.measure
	AND u.substance_group = r.substance_group AND u.age_group = 'under_30'
JOIN age_published r18 ON r18.on_date = r.on_date AND r18.measure = r.measure
	AND r18.substance_group = r.substance_group AND r18.age_group = 'under_18'
JOIN age_published r29 ON r29.on_date = r.on_date AND r29.measure = r.measure
	AND r29.substance_group = r.substance_group AND r29.age_group = '18-29'
WHERE r.on_date = '2026-04-08' AND r.age_group = 'total'
ORDER BY r.measure_order, r.substance_group;
-- the census total is the same cell (same persons, same figure) as the own
-- residents' total of report_census
SELECT (SELECT persons FROM age_published WHERE on_date = '2026-04-08' AND measure = 'census'
		AND age_group = 'total' AND substance_group = 'total')
	 = (SELECT persons FROM report_census('2026-04-08') WHERE residence = 'own'
		AND age_band = 'total' AND substance_group = 'total') AS same_as_report_census;

-- (c) coarse parameters only
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(''2026-03-15'', 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(''2026-04-30'', 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(''2026-04-08'', 2027)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(''2026-04-08'', 2010)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(NULL, 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(''2026-02-28'', 2026)');
SELECT * FROM report_age_groups('2025-06-15', 2025);
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
SELECT pg_temp.sqlstate_of('SELECT * FROM report_age_groups(''2026-03-15'', 2025)');
SELECT count(*) AS cells, count(*) FILTER (WHERE persons = 0) AS zero_cells
FROM report_age_groups('2026-04-08', 2025);
ROLLBACK;

-- (d) asking again gives the same answer; the view is the function for the configuration
SELECT count(*) AS differing_rows
FROM (SELECT * FROM age_published WHERE on_date = '2026-04-08'
	  EXCEPT SELECT * FROM report_age_groups('2026-04-08', 2025)) d;
SELECT count(*) AS differing_rows
FROM (SELECT on_date, year, measure::text, measure_da::text, measure_order, age_group::text,
			 age_group_da::text, age_group_order, substance_group::text, substance_group_da::text,
			 is_total, persons, suppressed FROM report_age_groups
	  EXCEPT SELECT * FROM age_published WHERE on_date = '2026-04-08') d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_age_groups'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented_columns
FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_age_groups'
  AND col_description('treg.report_age_groups'::regclass, c.ordinal_position) IS NULL;
SELECT view_name, title_da, period_da FROM report_info WHERE view_name = 'report_age_groups';

-- the analyst reads the view and calls the function, never the person-level helper
SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_age_groups;
SELECT count(*) FROM treg.age_group_persons('2026-04-08', 2025, 169, '2026-04-08');
RESET ROLE;

-- counting rules on a hand-made registry: the exact cell of each person
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
INSERT INTO provider VALUES (1, 'A', 'a', true, false);
INSERT INTO person VALUES
	(1, false, '2008-05-01', 'male', 169),		-- 17 on 2025-12-31, 17 on enrolment
	(2, false, '1996-01-01', 'female', 169),	-- 29
	(3, false, '1960-06-30', 'male', 169),		-- 65 on 2025-06-30 (birthday)
	(4, true, NULL, NULL, 169),					-- anonymous: age unknown
	(5, false, '2030-01-01', 'male', 169),		-- birth date after the day: unknown, no error
	(6, false, '1990-01-01', 'male', 101);		-- udenbys: not in the census, in the new enrolments
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, substance_group)
SELECT i, i, 1, '2025-06-30', (ARRAY['alcohol', 'non_opioid', 'opioid'])[1 + i % 3]
FROM generate_series(1, 6) i;
INSERT INTO segment (segment_id, episode_id, person_id, intensity, start_date)
SELECT i, i, i, 'ambulant', '2025-06-30' FROM generate_series(1, 6) i;
SELECT * FROM age_group_persons('2025-12-31', 2025, 169, '2026-04-08') ORDER BY measure, person_id;
ROLLBACK;

TRUNCATE segment, episode, request, tariff, capacity, provider, person, report_config, report_secret;
