-- report_transitions: the transition matrix of a year, perturbed
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

-- (a) the view (report year 2025 as of 2026-04-08)
SELECT * FROM treg.report_transitions;

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
