-- report_transitions: the transition matrix of a year, perturbed
-- in one transaction, rolled back at the end: later tests find the registry as it was
\i sql/include/report_setup.psql

-- (a) the view (report year 2025 as of 2026-04-08)
SELECT * FROM treg.report_transitions;

\i sql/include/stays_by_day.psql
CREATE TEMP TABLE exact AS
WITH t AS (
	SELECT DISTINCT person_id, coalesce(from_i::text, 'entry') AS f, coalesce(to_i::text, 'exit') AS t
	FROM xtrans WHERE tdate BETWEEN '2025-01-01' AND '2025-12-31'
)
SELECT coalesce(f, 'total') AS f, coalesce(t, 'total') AS t, count(DISTINCT person_id) AS persons
FROM t GROUP BY GROUPING SETS ((f, t), (f), (t), ());
SELECT count(*) AS cells, count(*) FILTER (WHERE r.persons IS NULL) AS suppressed,
	   count(*) FILTER (WHERE coalesce(e.persons, 0) = 0) AS empty,
	   max(abs(r.persons - coalesce(e.persons, 0))) AS max_difference,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0))) AS implausible,
	   count(*) FILTER (WHERE r.suppressed IS DISTINCT FROM (r.persons IS NULL)) AS bad_flags,
	   (SELECT count(*) FROM exact x WHERE NOT EXISTS (
		   SELECT FROM treg.report_transitions t WHERE t.from_state = x.f AND t.to_state = x.t)) AS missing_cells
FROM treg.report_transitions r
LEFT JOIN exact e ON e.f = r.from_state AND e.t = r.to_state;
-- the cells that fail (none)
SELECT r.from_state, r.to_state, r.persons, e.persons AS exact
FROM treg.report_transitions r LEFT JOIN exact e ON e.f = r.from_state AND e.t = r.to_state
WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0));
-- the totals are cells of their own persons: the grand total is the
-- persons with any transition, fewer than the sum of the row totals
SELECT (SELECT persons FROM exact WHERE f = 'total' AND t = 'total') AS exact_total,
	   (SELECT sum(persons) FROM exact WHERE f <> 'total' AND t = 'total') AS sum_of_row_totals;

-- another year and the current year (partial, up to the as-of date)
SELECT year, count(*) AS cells, count(*) FILTER (WHERE is_total) AS totals,
	   sum(persons) FILTER (WHERE from_state = 'total' AND to_state = 'total') AS total
FROM treg.report_transitions(2026) GROUP BY year;
SELECT count(*) AS implausible
FROM treg.report_transitions(2024) r
LEFT JOIN (SELECT coalesce(f, 'total') AS f, coalesce(t, 'total') AS t, count(DISTINCT person_id) AS persons
		   FROM (SELECT DISTINCT person_id, coalesce(from_i::text, 'entry') AS f, coalesce(to_i::text, 'exit') AS t
				 FROM xtrans WHERE tdate BETWEEN '2024-01-01' AND '2024-12-31') x
		   GROUP BY GROUPING SETS ((f, t), (f), (t), ())) e ON e.f = r.from_state AND e.t = r.to_state
WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0));

-- (c) coarse parameters only
SELECT pg_temp.err('SELECT * FROM treg.report_transitions(2027)');
SELECT pg_temp.err('SELECT * FROM treg.report_transitions(2010)');
SELECT pg_temp.err('SELECT * FROM treg.report_transitions(NULL)');
SELECT count(*) FROM treg.report_transitions(2011);

-- (d) the same answer twice, the view = the function for the report year;
-- the gap tolerance of the caller (GUC) does not move a cell
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_transitions(2025) EXCEPT ALL SELECT * FROM treg.report_transitions(2025))
	UNION ALL
	(SELECT * FROM treg.report_transitions EXCEPT ALL SELECT * FROM treg.report_transitions(2025))) d;
CREATE TEMP TABLE first_answer AS SELECT * FROM treg.report_transitions(2025);
SET treg.episode_gap_days = 0;
SELECT count(*) AS differences FROM (
	SELECT * FROM treg.report_transitions(2025) EXCEPT ALL SELECT * FROM first_answer) d;
RESET treg.episode_gap_days;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_transitions' ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_transitions'
  AND col_description('treg.report_transitions'::regclass, c.ordinal_position) IS NULL;
SELECT title_da, title_en FROM treg.report_info WHERE view_name = 'report_transitions';

-- privileges: the analyst reads the view, never the person-level helper
SELECT has_function_privilege('treg_analyst', 'treg.report_transitions(integer)', 'EXECUTE') AS report,
	   has_function_privilege('treg_analyst', 'treg.transition_persons(date, date, date)', 'EXECUTE') AS helper,
	   has_table_privilege('treg_analyst', 'treg.report_transitions', 'SELECT') AS view;

-- a tiny hand-made registry with known transitions (person-level helper, exact)
SAVEPOINT tiny;
TRUNCATE treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff, treg.capacity;
INSERT INTO treg.provider VALUES (1, 'Kommunens Rusmiddelcenter', 'kommunens rusmiddelcenter', true, false);
INSERT INTO treg.person SELECT g, false, '1980-01-01', 'male', 169 FROM generate_series(1, 4) g;
INSERT INTO treg.episode VALUES
	(1, 1, 1, NULL, '2025-01-10', '2025-08-31', 'completed', 'alcohol'),
	(2, 2, 1, NULL, '2025-01-01', NULL, NULL, 'opioid'),
	(3, 3, 1, NULL, '2024-06-01', '2025-12-31', 'completed', 'alcohol'),
	(4, 4, 1, NULL, '2026-05-01', NULL, NULL, 'alcohol');
INSERT INTO treg.segment VALUES
	-- 1: entry to ambulant, up to dag, down to ambulant, exit on 2025-09-01
	(1, 1, 1, 'ambulant', '2025-01-10', '2025-03-31', NULL, false),
	(2, 1, 1, 'dag', '2025-04-01', '2025-06-30', '2025-09-30', false),
	(3, 1, 1, 'ambulant', '2025-07-01', '2025-08-31', NULL, false),
	-- 2: ambulant to dag twice in the year (one person in that cell), still open
	(4, 2, 2, 'ambulant', '2025-01-01', '2025-02-28', NULL, false),
	(5, 2, 2, 'dag', '2025-03-01', '2025-03-31', NULL, false),
	(6, 2, 2, 'ambulant', '2025-04-01', '2025-04-30', NULL, false),
	(7, 2, 2, 'dag', '2025-05-01', NULL, NULL, false),
	-- 3: a gap of 20 days joins (no exit), a gap of 40 days splits (exit and entry)
	(8, 3, 3, 'ambulant', '2024-06-01', '2025-01-31', NULL, false),
	(9, 3, 3, 'ambulant', '2025-02-21', '2025-05-31', NULL, false),
	(10, 3, 3, 'ambulant', '2025-07-11', '2025-12-31', NULL, false),
	-- 4: starts after the as-of date: not there yet
	(11, 4, 4, 'ambulant', '2026-05-01', NULL, NULL, false);
SELECT * FROM treg.transition_persons('2025-01-01', '2025-12-31', '2026-04-08') ORDER BY 1, 2, 3;
-- as of 2025-08-30 the last stay of person 1 is still open: no exit yet
-- (as of 2025-08-31, its last day, it is closed: the exit is known)
SELECT * FROM treg.transition_persons('2025-01-01', '2025-12-31', '2025-08-30') WHERE person_id = 1 ORDER BY 2, 3;
-- the report's year and the as-of date cut the same way: as of 2025-03-31
-- person 1 has entered and stepped up only
SELECT * FROM treg.transition_persons('2025-01-01', '2025-12-31', '2025-04-01') WHERE person_id = 1 ORDER BY 2, 3;
ROLLBACK TO SAVEPOINT tiny;

-- leave the database as it was
ROLLBACK;
