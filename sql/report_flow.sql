-- report_flow: persons newly enrolled, discharged and in treatment in a year,
-- perturbed with cell keys (demo registry, fixed secret).
\i sql/include/report_setup_plain.psql

-- (a) the view: the report year 2025 as of 2026-04-08
SELECT * FROM report_flow;

-- (b) exact counts from the raw tables, written independently of
-- treg.flow_persons (window functions instead of DISTINCT ON and max)
CREATE TEMP TABLE flow_exact AS
WITH params(y, a) AS (VALUES (2025, DATE '2026-04-08'), (2026, DATE '2026-04-08')),
ep AS (
	SELECT p.y, p.a, e.*,
		   (SELECT s.intensity::text FROM segment s WHERE s.episode_id = e.episode_id AND s.start_date <= p.a
			ORDER BY s.start_date LIMIT 1) AS first_intensity,
		   (SELECT s.intensity::text FROM segment s WHERE s.episode_id = e.episode_id AND s.start_date <= p.a
			ORDER BY s.start_date DESC LIMIT 1) AS last_intensity
	FROM params p, episode e
), enrolled AS (
	SELECT y, person_id, substance_group, coalesce(first_intensity, 'unknown') AS intensity,
		   row_number() OVER (PARTITION BY y, person_id ORDER BY enrol_date, episode_id) AS rn
	FROM ep WHERE extract(year FROM enrol_date) = y AND enrol_date <= a
), discharged AS (
	SELECT y, person_id, substance_group, coalesce(last_intensity, 'unknown') AS intensity,
		   row_number() OVER (PARTITION BY y, person_id ORDER BY discharge_date DESC, episode_id DESC) AS rn
	FROM ep WHERE extract(year FROM discharge_date) = y AND discharge_date <= a
), in_care AS (
	SELECT p.y, s.person_id, e.substance_group, s.intensity::text AS intensity,
		   row_number() OVER (PARTITION BY p.y, s.person_id
							  ORDER BY CASE s.intensity::text WHEN 'døgn' THEN 3 WHEN 'dag' THEN 2 ELSE 1 END DESC,
									   CASE e.substance_group WHEN 'opioid' THEN 3 WHEN 'non_opioid' THEN 2 ELSE 1 END DESC) AS rn
	FROM params p, segment s JOIN episode e USING (episode_id)
	WHERE s.start_date <= least(make_date(p.y, 12, 31), p.a)
	  AND coalesce(s.end_date, 'infinity') >= make_date(p.y, 1, 1)
), persons AS (
	SELECT y, 'new_enrolments' AS measure, person_id, substance_group, intensity FROM enrolled WHERE rn = 1
	UNION ALL SELECT y, 'discharges', person_id, substance_group, intensity FROM discharged WHERE rn = 1
	UNION ALL SELECT y, 'persons', person_id, substance_group, intensity FROM in_care WHERE rn = 1
)
SELECT y, measure, coalesce(substance_group, 'total') AS substance_group,
	   coalesce(intensity, 'total') AS intensity, count(DISTINCT person_id) AS persons
FROM persons
GROUP BY y, measure, CUBE (substance_group, intensity);

SELECT r.year, count(*) AS cells, count(*) FILTER (WHERE r.suppressed) AS suppressed,
	   count(*) FILTER (WHERE coalesce(x.persons, 0) = 0) AS empty,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, r.suppressed, coalesce(x.persons, 0))) AS implausible,
	   max(abs(r.persons - x.persons)) AS max_abs_noise,
	   count(*) FILTER (WHERE r.persons <> x.persons) AS perturbed
FROM (SELECT * FROM report_flow(2025) UNION ALL SELECT * FROM report_flow(2026)) r
LEFT JOIN flow_exact x ON x.y = r.year AND x.measure = r.measure
	AND x.substance_group = r.substance_group AND x.intensity = r.intensity
GROUP BY r.year ORDER BY r.year;
-- every implausible cell (none)
SELECT r.year, r.measure, r.substance_group, r.intensity, r.persons, x.persons AS exact
FROM (SELECT * FROM report_flow(2025) UNION ALL SELECT * FROM report_flow(2026)) r
LEFT JOIN flow_exact x ON x.y = r.year AND x.measure = r.measure
	AND x.substance_group = r.substance_group AND x.intensity = r.intensity
WHERE NOT pg_temp.plausible(r.persons, r.suppressed, coalesce(x.persons, 0));
-- no row of the exact table is missing from the published grid
SELECT count(*) AS exact_cells_not_published
FROM flow_exact x
WHERE NOT EXISTS (SELECT FROM report_flow(x.y) r WHERE r.measure = x.measure
				  AND r.substance_group = x.substance_group AND r.intensity = x.intensity);
-- (c) coarse parameters only: errors depend on the arguments and the configuration
SELECT pg_temp.sqlstate_of('SELECT * FROM report_flow(2027)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_flow(2010)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_flow(NULL)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_flow(2011)');
SELECT * FROM report_flow(2027);
-- the same errors on an empty registry
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
SELECT pg_temp.sqlstate_of('SELECT * FROM report_flow(2027)');
SELECT count(*) AS cells, count(*) FILTER (WHERE persons = 0) AS zero_cells FROM report_flow(2025);
ROLLBACK;

-- (d) asking again gives the same answer; the view is the function for the report year
CREATE TEMP TABLE flow_first AS SELECT * FROM report_flow(2025);
SELECT count(*) AS differing_rows
FROM (SELECT * FROM flow_first EXCEPT SELECT * FROM report_flow(2025)) d;
SELECT count(*) AS differing_rows
FROM (SELECT year, measure::text, measure_da::text, measure_order, substance_group::text,
			 substance_group_da::text, intensity::text, intensity_da::text, intensity_order,
			 is_total, persons, suppressed FROM report_flow
	  EXCEPT SELECT * FROM flow_first) d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_flow'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented_columns
FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_flow'
  AND col_description('treg.report_flow'::regclass, c.ordinal_position) IS NULL;
SELECT view_name, title_da, period_da FROM report_info WHERE view_name = 'report_flow';

-- the analyst reads the view and calls the function, never the person-level helper
SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_flow;
SELECT count(*) FROM treg.report_flow(2024);
SELECT count(*) FROM treg.flow_persons(2025, '2026-04-08');
RESET ROLE;

-- counting rules on a hand-made registry: the exact cells of each person
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
INSERT INTO provider VALUES (1, 'A', 'a', true, false);
INSERT INTO person VALUES (1, false, '1990-01-01', 'male', 169), (2, false, '1990-01-01', 'female', 169),
	(3, false, '1990-01-01', 'male', 169);
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group) VALUES
	(11, 1, 1, '2025-01-10', '2025-02-28', 'completed', 'alcohol'),
	(12, 1, 1, '2025-03-01', '2025-05-31', 'dropped_out', 'opioid'),
	(13, 1, 1, '2025-06-01', '2025-08-01', 'completed', 'non_opioid'),
	(21, 2, 1, '2025-07-01', NULL, NULL, 'alcohol'),
	(22, 2, 1, '2024-06-01', NULL, NULL, 'non_opioid'),
	(31, 3, 1, '2025-02-01', NULL, NULL, 'alcohol');
INSERT INTO segment (segment_id, episode_id, person_id, intensity, start_date, end_date) VALUES
	(111, 11, 1, 'ambulant', '2025-01-10', '2025-01-31'),
	(112, 11, 1, 'dag', '2025-02-01', '2025-02-28'),
	(121, 12, 1, 'døgn', '2025-03-01', '2025-03-31'),
	(122, 12, 1, 'ambulant', '2025-04-01', '2025-05-31'),
	(131, 13, 1, 'ambulant', '2025-06-01', '2025-08-01'),
	(211, 21, 2, 'døgn', '2025-07-01', NULL),
	(221, 22, 2, 'ambulant', '2024-06-01', NULL);
-- as of 2025-06-30: person 1 enrolled first for alcohol (ambulant), last
-- discharged from the opioid episode (last segment ambulant; the discharge
-- of 2025-08-01 is not yet there), most intensive: døgn (opioid); person 2
-- only in care (the enrolment of 2025-07-01 is not yet there); person 3 has
-- no segment: intensity unknown, not in care
SELECT * FROM flow_persons(2025, '2025-06-30') ORDER BY measure, person_id;
-- as of 2026-04-08 the later rows count
SELECT * FROM flow_persons(2025, '2026-04-08') ORDER BY measure, person_id;
SELECT * FROM flow_persons(2024, '2026-04-08') ORDER BY measure, person_id;
ROLLBACK;

-- leave no registry or configuration for the tests that follow
TRUNCATE segment, episode, request, tariff, capacity, provider, person, report_config, report_secret;
