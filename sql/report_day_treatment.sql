-- report_day_treatment: day-treatment step-downs and shortened stays, perturbed
-- in one transaction, rolled back at the end: later tests find the registry as it was
BEGIN;
-- deterministic setup: the demo registry, a fixed secret, the settings
SELECT count(*) FROM treg.demo_load(2000, 3);
INSERT INTO treg.report_secret (singleton, secret)
VALUES (true, '\x000102030405060708090a0b0c0d0e0f1011121314151617')
ON CONFLICT (singleton) DO UPDATE SET secret = excluded.secret;
SELECT treg.set_report_config(169, '2026-04-08');
-- an error as "SQLSTATE: message" (the statement's error, not its context)
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- a published count against its exact value: within 12, NULL only for a
-- count that could be a suppressed small one (noisy 1..k-1), 0 for 0
CREATE FUNCTION pg_temp.plausible(published bigint, exact bigint, small bigint DEFAULT NULL)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN exact = 0 THEN published = 0
				WHEN published IS NULL THEN coalesce(small, exact) BETWEEN 1 AND 4 + 12
				ELSE abs(published - exact) <= 12 END
$$;

-- (a) the view (2024 and 2025 as of 2026-04-08)
SELECT * FROM treg.report_day_treatment;

-- (b) exact counts in plain SQL from treg.segment
-- plain SQL over the raw segments (gaps and islands over days, as in
-- sql/timeline_crosscheck.sql): every day in care up to the as-of date
-- with its winning intensity and latest planned end; stays are runs of
-- one intensity inside an episode (gaps of at most 30 empty days joined);
-- the days from 2023-06-01 on are enough for the transitions of 2024 on
SET search_path = public, treg;	-- the operators of type intensity
CREATE TEMP TABLE xday AS
WITH d AS (
	SELECT s.person_id, g::date AS day, s.intensity, s.planned_end_date
	FROM treg.segment s,
		 generate_series(greatest(s.start_date, '2023-06-01'), least(coalesce(s.end_date, '2026-04-08'), '2026-04-08'), '1 day') g
), w AS (
	SELECT person_id, day, treg.max(intensity) AS intensity FROM d GROUP BY 1, 2
)
SELECT w.person_id, w.day, w.intensity, max(d.planned_end_date) AS planned
FROM w JOIN d USING (person_id, day, intensity)
GROUP BY 1, 2, 3;
CREATE TEMP TABLE xstay AS
WITH d AS (
	SELECT person_id, day, intensity, planned,
		   CASE WHEN day - lag(day) OVER w - 1 > 30 OR lag(day) OVER w IS NULL THEN 1 ELSE 0 END AS new_ep,
		   CASE WHEN intensity IS DISTINCT FROM lag(intensity) OVER w
				  OR day - lag(day) OVER w - 1 > 30 THEN 1 ELSE 0 END AS new_stay
	FROM xday
	WINDOW w AS (PARTITION BY person_id ORDER BY day)
), n AS (
	SELECT *, sum(new_ep) OVER w AS ep, sum(new_stay) OVER w AS stay
	FROM d WINDOW w AS (PARTITION BY person_id ORDER BY day)
), st AS (
	SELECT person_id, ep, stay, intensity, min(day) AS s, max(day) AS e,
		   max(planned) AS planned, max(day) = '2026-04-08' AS open
	FROM n GROUP BY person_id, ep, stay, intensity
)
SELECT *, lag(stay) OVER w IS NULL AS first_stay,
	   lead(intensity) OVER w AS next_int, lead(s) OVER w AS next_s
FROM st WINDOW w AS (PARTITION BY person_id, ep ORDER BY stay);
-- transitions: entering an episode, changes, leaving a closed episode
CREATE TEMP TABLE xtrans AS
SELECT person_id, NULL::treg.intensity AS from_i, intensity AS to_i, s AS tdate
FROM xstay WHERE first_stay
UNION ALL
SELECT person_id, intensity, next_int, coalesce(next_s, e + 1)
FROM xstay WHERE NOT open;
CREATE FUNCTION pg_temp.exact_day(from_date date, to_date date)
RETURNS TABLE (measure text, category text, persons bigint) LANGUAGE sql AS $$
	WITH starts AS (
		SELECT DISTINCT ON (person_id) person_id,
			   CASE WHEN next_int IS DISTINCT FROM 'ambulant' THEN 'later_or_not'
					WHEN next_s <= s + interval '3 months' THEN 'within_3_months'
					WHEN next_s <= s + interval '6 months' THEN '3_6_months'
					WHEN next_s <= s + interval '12 months' THEN '6_12_months'
					ELSE 'later_or_not' END AS category
		FROM xstay WHERE intensity = 'dag' AND s BETWEEN from_date AND to_date
		ORDER BY person_id, s
	), ends AS (
		SELECT DISTINCT ON (person_id) person_id,
			   CASE WHEN planned IS NULL THEN 'no_planned_end' WHEN e < planned THEN 'shortened'
					ELSE 'not_shortened' END AS category
		FROM xstay WHERE intensity = 'dag' AND NOT open
		  AND coalesce(next_s, e + 1) BETWEEN from_date AND to_date
		ORDER BY person_id, coalesce(next_s, e + 1)
	)
	SELECT 'step_down', coalesce(category, 'total'), count(DISTINCT person_id) FROM starts GROUP BY ROLLUP (category)
	UNION ALL
	SELECT 'day_treatment_end', coalesce(category, 'total'), count(DISTINCT person_id) FROM ends GROUP BY ROLLUP (category)
$$;
SELECT e.measure, e.category, e.persons AS exact FROM pg_temp.exact_day('2024-01-01', '2025-12-31') e ORDER BY 1, 2;
SELECT count(*) AS cells, count(*) FILTER (WHERE r.persons IS NULL) AS suppressed,
	   max(abs(r.persons - coalesce(e.persons, 0))) AS max_difference,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0))) AS implausible,
	   count(*) FILTER (WHERE r.suppressed IS DISTINCT FROM (r.persons IS NULL)) AS bad_flags,
	   (SELECT count(*) FROM pg_temp.exact_day('2024-01-01', '2025-12-31') x WHERE NOT EXISTS (
		   SELECT FROM treg.report_day_treatment t WHERE t.measure = x.measure AND t.category = x.category)) AS missing_cells
FROM treg.report_day_treatment r
LEFT JOIN pg_temp.exact_day('2024-01-01', '2025-12-31') e ON e.measure = r.measure AND e.category = r.category;
-- one year, the other, and the year of the as-of date
SELECT y.y0, y.y1, count(*) AS cells,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0))) AS implausible
FROM (VALUES (2024, 2024), (2025, 2025), (2024, 2026), (2026, 2026)) y(y0, y1)
CROSS JOIN LATERAL treg.report_day_treatment(y.y0, y.y1) r
LEFT JOIN LATERAL pg_temp.exact_day(make_date(y.y0, 1, 1), make_date(y.y1, 12, 31)) e
  ON e.measure = r.measure AND e.category = r.category
GROUP BY y.y0, y.y1 ORDER BY 1, 2;

-- (c) coarse parameters only
SELECT pg_temp.err('SELECT * FROM treg.report_day_treatment(2025, 2024)');
SELECT pg_temp.err('SELECT * FROM treg.report_day_treatment(2024, 2027)');
SELECT pg_temp.err('SELECT * FROM treg.report_day_treatment(2010, 2025)');
SELECT pg_temp.err('SELECT * FROM treg.report_day_treatment(NULL, 2025)');
SELECT pg_temp.err('SELECT * FROM treg.report_day_treatment(2025, NULL)');

-- (d) the same answer twice, the view = the function for its years
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_day_treatment(2024, 2025) EXCEPT ALL SELECT * FROM treg.report_day_treatment(2024, 2025))
	UNION ALL
	(SELECT * FROM treg.report_day_treatment EXCEPT ALL SELECT * FROM treg.report_day_treatment(2024, 2025))) d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_day_treatment' ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_day_treatment'
  AND col_description('treg.report_day_treatment'::regclass, c.ordinal_position) IS NULL;
SELECT title_da, title_en FROM treg.report_info WHERE view_name = 'report_day_treatment';
SELECT has_function_privilege('treg_analyst', 'treg.report_day_treatment(integer, integer)', 'EXECUTE') AS report,
	   has_function_privilege('treg_analyst', 'treg.day_treatment_persons(date, date, date)', 'EXECUTE') AS helper,
	   has_table_privilege('treg_analyst', 'treg.report_day_treatment', 'SELECT') AS view;

-- a tiny hand-made registry with known categories (person-level helper, exact)
SAVEPOINT tiny;
TRUNCATE treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff, treg.capacity;
INSERT INTO treg.provider VALUES (1, 'Kommunens Rusmiddelcenter', 'kommunens rusmiddelcenter', true, false);
INSERT INTO treg.person SELECT g, false, '1980-01-01', 'male', 169 FROM generate_series(1, 5) g;
INSERT INTO treg.episode SELECT g, g, 1, NULL, '2024-12-01', NULL, NULL, 'alcohol' FROM generate_series(1, 5) g;
INSERT INTO treg.segment VALUES
	-- 1: dag 6 weeks, planned to June, then ambulant: within 3 months, shortened
	(1, 1, 1, 'dag', '2025-01-01', '2025-02-15', '2025-06-30', false),
	(2, 1, 1, 'ambulant', '2025-02-16', NULL, NULL, false),
	-- 2: dag from 2024-12-01 without a planned end, out of care after it:
	--    later_or_not (stepped out, not down); no_planned_end
	(3, 2, 2, 'dag', '2024-12-01', '2025-03-31', NULL, false),
	-- 3: dag 8 months, planned 6, then ambulant: 6-12 months, not shortened
	(4, 3, 3, 'dag', '2025-03-01', '2025-10-31', '2025-08-31', false),
	(5, 3, 3, 'ambulant', '2025-11-01', '2025-12-31', NULL, false),
	-- 4: dag, then døgn: later_or_not; shortened (left before the planned end)
	(6, 4, 4, 'dag', '2025-05-01', '2025-06-30', '2025-10-31', false),
	(7, 4, 4, 'døgn', '2025-07-01', '2025-08-31', '2025-08-31', false),
	-- 5: dag 4 months after a 20-day gap, then ambulant: 3-6 months; two
	--    day-treatment segments in one stay, the planned end on the first
	(8, 5, 5, 'dag', '2025-01-01', '2025-02-28', '2025-12-31', false),
	(9, 5, 5, 'dag', '2025-03-21', '2025-04-30', NULL, false),
	(10, 5, 5, 'ambulant', '2025-05-01', NULL, NULL, false);
SELECT * FROM treg.day_treatment_persons('2024-01-01', '2025-12-31', '2026-04-08') ORDER BY 2 DESC, 1;
-- 2025 only: person 2 entered day treatment in 2024 (no step_down row)
SELECT * FROM treg.day_treatment_persons('2025-01-01', '2025-12-31', '2026-04-08') ORDER BY 2 DESC, 1;
-- as of 2025-04-15: person 3 still in day treatment (later_or_not, no end yet)
SELECT * FROM treg.day_treatment_persons('2025-01-01', '2025-12-31', '2025-04-15') WHERE person_id = 3 ORDER BY 2 DESC;
ROLLBACK TO SAVEPOINT tiny;

-- leave the database as it was
ROLLBACK;
