-- report_day_treatment: day-treatment step-downs and shortened stays, perturbed
-- in one transaction, rolled back at the end: later tests find the registry as it was
\i sql/include/report_setup.psql

-- (a) the view (2024 and 2025 as of 2026-04-08)
SELECT * FROM treg.report_day_treatment;

\i sql/include/stays_by_day.psql
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
