-- care_timeline: every accessor cross-checked against a plain-SQL
-- formulation on generated segments (deterministic; each check must
-- report 0 differences)
SET search_path = treg, public;

-- 200 persons, 1-8 segments each, in the shape of treg.segment: gaps from
-- 0 to 60 days (around the tolerance), overlaps, one-day segments, open
-- segments (also under later ones), planned ends on half of them
CREATE FUNCTION pg_temp.r(a bigint, b int, m int) RETURNS int
	LANGUAGE sql IMMUTABLE AS $$ SELECT (hashint8(a * 1000 + b) & 2147483647) % m $$;
CREATE TABLE xseg AS
WITH raw AS (
	SELECT p AS person_id, k,
	       pg_temp.r(p, k, 100) AS u,
	       CASE WHEN pg_temp.r(p, k + 20, 4) = 0 THEN -pg_temp.r(p, k + 30, 40)
	            ELSE pg_temp.r(p, k + 30, 61) END AS gap,
	       CASE WHEN pg_temp.r(p, k + 40, 8) = 0 THEN 1
	            ELSE 1 + pg_temp.r(p, k + 50, 200) END AS len
	FROM generate_series(1, 200) p,
	     generate_series(1, 1 + pg_temp.r(p, 0, 8)) k
), placed AS (
	SELECT person_id, k, u, len,
	       '2020-01-01'::date + pg_temp.r(person_id, 99, 1500)
	         + (sum(len + gap) OVER w - (len + gap))::int AS start_date
	FROM raw
	WINDOW w AS (PARTITION BY person_id ORDER BY k)
)
SELECT person_id, k, start_date,
       CASE WHEN u < 8 THEN NULL ELSE start_date + len - 1 END AS end_date,
       intensity(1 + pg_temp.r(person_id, k + 60, 3)) AS intensity,
       CASE WHEN u % 2 = 0 THEN start_date + pg_temp.r(person_id, k + 70, 400) END
         AS planned_end_date
FROM placed;
-- three persons with 300 heavily overlapping segments each (the state
-- of timeline_agg is normalised on the way from 64 segments on)
INSERT INTO xseg
SELECT p, k, s, CASE WHEN k = 7 AND p = 1001 THEN NULL ELSE s + pg_temp.r(p, k + 1, 60) END,
       intensity(1 + pg_temp.r(p, k + 2, 3)),
       CASE WHEN k % 2 = 0 THEN s + pg_temp.r(p, k + 3, 90) END
FROM generate_series(1001, 1003) p, generate_series(1, 300) k,
     LATERAL (SELECT '2020-01-01'::date + pg_temp.r(p, k, 1400) AS s) x;
-- and the segments of 150 persons of the demo registry (the generator of
-- treg.demo_load), so every check below also runs on registry-shaped data
INSERT INTO xseg
SELECT 1000000 + d.person_id, row_number() OVER (PARTITION BY d.person_id ORDER BY d.segment_id),
       d.start_date, d.end_date, d.intensity, d.planned_end_date
FROM demo_segments(150, 5, '2026-04-08') d;
SELECT count(*) AS segments, count(DISTINCT person_id) AS persons,
       count(*) FILTER (WHERE end_date IS NULL) AS open,
       count(*) FILTER (WHERE end_date = start_date) AS one_day
FROM xseg;

CREATE TABLE xtl AS
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
FROM xseg GROUP BY person_id;

-- day-level truth in plain SQL: every day in care (open ends run to the
-- horizon 2040-01-01, after every start), its winning intensity and the
-- latest planned end among the winning segments
CREATE TABLE xday AS
WITH d AS (
	SELECT s.person_id, g::date AS day, s.intensity, s.planned_end_date
	FROM xseg s,
	     generate_series(s.start_date, coalesce(s.end_date, '2040-01-01'), '1 day') g
), w AS (
	SELECT person_id, day, max(intensity) AS intensity FROM d GROUP BY 1, 2
)
SELECT w.person_id, w.day, w.intensity, max(d.planned_end_date) AS planned
FROM w JOIN d USING (person_id, day, intensity)
GROUP BY 1, 2, 3;

-- 1. timeline_agg: gaps-and-islands over the days (runs of one intensity
-- and planned end)
CREATE VIEW sql_segments AS
SELECT person_id, min(day) AS start_date,
       nullif(max(day), '2040-01-01') AS end_date, intensity,
       max(planned) AS planned_end_date
FROM (SELECT *, day - (row_number() OVER (PARTITION BY person_id, intensity, planned ORDER BY day))::int AS grp
      FROM xday) s
GROUP BY person_id, intensity, planned, grp;
CREATE VIEW c_segments AS
SELECT person_id, s.* FROM xtl, segments(tl) s;
SELECT 'segments' AS check, (SELECT count(*) FROM c_segments) AS rows,
       (SELECT count(*) FROM (SELECT * FROM sql_segments EXCEPT SELECT * FROM c_segments) a)
     + (SELECT count(*) FROM (SELECT * FROM c_segments EXCEPT SELECT * FROM sql_segments) b) AS differences;

-- input order, text and rollup of halves give the same timelines
SELECT 'order, text, rollup' AS check,
       count(*) FILTER (WHERE a.tl::text <> x.tl::text
                           OR x.tl::text::care_timeline::text <> x.tl::text
                           OR h.tl::text <> x.tl::text) AS differences
FROM xtl x
JOIN (SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date
                                     ORDER BY md5(k::text) DESC) AS tl
      FROM xseg GROUP BY person_id) a USING (person_id)
JOIN (SELECT person_id, timeline_rollup(tl) AS tl
      FROM (SELECT person_id, k % 2, timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
            FROM xseg GROUP BY 1, 2) s GROUP BY person_id) h USING (person_id);

-- 2. episodes as of 2024-06-30 with gap_days 14 and 30: islands of days
-- whose gaps are at most gap_days; open = in care on as_of
CREATE FUNCTION pg_temp.sql_episodes(gap int, as_of date)
RETURNS TABLE (person_id int, episode int, start_date date, end_date date, days int,
               open boolean, max_intensity intensity, changes int, care_days int)
LANGUAGE sql AS $$
	WITH d AS (
		SELECT person_id, day, intensity,
		       CASE WHEN day - lag(day) OVER w - 1 > gap OR lag(day) OVER w IS NULL
		            THEN 1 ELSE 0 END AS new_ep,
		       CASE WHEN intensity <> lag(intensity) OVER w THEN 1 ELSE 0 END AS chg
		FROM xday WHERE day <= as_of
		WINDOW w AS (PARTITION BY person_id ORDER BY day)
	), e AS (
		SELECT *, sum(new_ep) OVER (PARTITION BY person_id ORDER BY day) AS ep FROM d
	)
	SELECT person_id, ep::int, min(day),
	       CASE WHEN max(day) = as_of THEN NULL ELSE max(day) END,
	       max(day) - min(day) + 1, max(day) = as_of, max(intensity),
	       (sum(chg) - min(chg) FILTER (WHERE new_ep = 1))::int, count(*)::int
	FROM e GROUP BY person_id, ep
$$;
SELECT 'episodes' AS check, g.gap, (SELECT count(*) FROM xtl, episodes(tl, g.gap, '2024-06-30')) AS rows,
       (SELECT count(*) FROM (
          SELECT * FROM pg_temp.sql_episodes(g.gap, '2024-06-30')
          EXCEPT SELECT person_id, e.* FROM xtl, episodes(tl, g.gap, '2024-06-30') e) a)
     + (SELECT count(*) FROM (
          SELECT person_id, e.* FROM xtl, episodes(tl, g.gap, '2024-06-30') e
          EXCEPT SELECT * FROM pg_temp.sql_episodes(g.gap, '2024-06-30')) b) AS differences
FROM (VALUES (0), (14), (30)) g(gap);

-- 3. days_in and total_days as of 2024-06-30, whole time and during 2023
SELECT 'days' AS check, count(*) AS rows,
       count(*) FILTER (WHERE c.total IS DISTINCT FROM s.total OR c.amb IS DISTINCT FROM s.amb
                           OR c.dag IS DISTINCT FROM s.dag OR c.doegn IS DISTINCT FROM s.doegn
                           OR c.total23 IS DISTINCT FROM s.total23 OR c.dag23 IS DISTINCT FROM s.dag23)
         AS differences
FROM (SELECT person_id, total_days(tl, '2024-06-30') AS total,
             days_in(tl, 'ambulant', '2024-06-30') AS amb,
             days_in(tl, 'dag', '2024-06-30') AS dag,
             days_in(tl, 'døgn', '2024-06-30') AS doegn,
             total_days(tl, '2024-06-30', '[2023-01-01,2024-01-01)') AS total23,
             days_in(tl, 'dag', '2024-06-30', '[2023-01-01,2023-12-31]') AS dag23
      FROM xtl) c
JOIN (SELECT p.person_id,
             count(day) FILTER (WHERE day <= '2024-06-30')::int AS total,
             count(day) FILTER (WHERE day <= '2024-06-30' AND intensity = 'ambulant')::int AS amb,
             count(day) FILTER (WHERE day <= '2024-06-30' AND intensity = 'dag')::int AS dag,
             count(day) FILTER (WHERE day <= '2024-06-30' AND intensity = 'døgn')::int AS doegn,
             count(day) FILTER (WHERE day BETWEEN '2023-01-01' AND '2023-12-31')::int AS total23,
             count(day) FILTER (WHERE day BETWEEN '2023-01-01' AND '2023-12-31' AND intensity = 'dag')::int AS dag23
      FROM (SELECT DISTINCT person_id FROM xseg) p LEFT JOIN xday d USING (person_id)
      GROUP BY p.person_id) s USING (person_id);

-- 4. intensity_on, the 1st of every month 2020-2027
SELECT 'intensity_on' AS check, count(*) AS rows,
       count(*) FILTER (WHERE intensity_on(x.tl, g::date) IS DISTINCT FROM d.intensity) AS differences
FROM xtl x CROSS JOIN generate_series('2020-01-01'::date, '2027-12-01', '1 month') g
LEFT JOIN xday d ON d.person_id = x.person_id AND d.day = g::date;

-- 5. transitions as of 2024-06-30: stays are runs of one intensity inside
-- an episode (gaps included); LAG/LEAD give the moves
CREATE FUNCTION pg_temp.sql_transitions(gap int, as_of date)
RETURNS TABLE (person_id int, episode int, from_intensity intensity, to_intensity intensity,
               transition_date date, days_in_from int, direction text, shortened boolean)
LANGUAGE sql AS $$
	WITH d AS (
		SELECT person_id, day, intensity, planned,
		       CASE WHEN day - lag(day) OVER w - 1 > gap OR lag(day) OVER w IS NULL
		            THEN 1 ELSE 0 END AS new_ep,
		       CASE WHEN intensity IS DISTINCT FROM lag(intensity) OVER w
		              OR day - lag(day) OVER w - 1 > gap THEN 1 ELSE 0 END AS new_stay
		FROM xday WHERE day <= as_of
		WINDOW w AS (PARTITION BY person_id ORDER BY day)
	), n AS (
		SELECT *, sum(new_ep) OVER w AS ep, sum(new_stay) OVER w AS stay
		FROM d WINDOW w AS (PARTITION BY person_id ORDER BY day)
	), st AS (
		SELECT person_id, ep, stay, intensity, min(day) AS s, max(day) AS e,
		       max(planned) AS planned, max(day) = as_of AS open
		FROM n GROUP BY person_id, ep, stay, intensity
	), l AS (
		SELECT *, lag(stay) OVER w IS NULL AS first_stay,
		       lead(intensity) OVER w AS next_int, lead(s) OVER w AS next_s
		FROM st WINDOW w AS (PARTITION BY person_id, ep ORDER BY stay)
	)
	SELECT person_id, ep::int, NULL::intensity, intensity, s, NULL::int, 'in', NULL::boolean
	FROM l WHERE first_stay
	UNION ALL
	SELECT person_id, ep::int, intensity, next_int, coalesce(next_s, e + 1), e - s + 1,
	       CASE WHEN next_int IS NULL THEN 'out' WHEN next_int > intensity THEN 'up' ELSE 'down' END,
	       coalesce(e < planned, false)
	FROM l WHERE NOT open
$$;
SELECT 'transitions' AS check, g.gap, (SELECT count(*) FROM xtl, transitions(tl, g.gap, '2024-06-30')) AS rows,
       (SELECT count(*) FROM (
          SELECT * FROM pg_temp.sql_transitions(g.gap, '2024-06-30')
          EXCEPT ALL SELECT person_id, t.* FROM xtl, transitions(tl, g.gap, '2024-06-30') t) a)
     + (SELECT count(*) FROM (
          SELECT person_id, t.* FROM xtl, transitions(tl, g.gap, '2024-06-30') t
          EXCEPT ALL SELECT * FROM pg_temp.sql_transitions(g.gap, '2024-06-30')) b) AS differences
FROM (VALUES (0), (14), (30)) g(gap);

-- 6. transition_matrix (gap 30, within 180 days) against GROUP BY over
-- the SQL transitions: every stay is entered once (by 'in', 'up' or
-- 'down'); entries count as stays of NULL
CREATE TABLE xtr AS SELECT * FROM pg_temp.sql_transitions(30, '2024-06-30');
CREATE VIEW sql_matrix AS
WITH f AS (SELECT NULL::intensity AS i UNION ALL SELECT unnest('{ambulant,dag,døgn}'::intensity[])),
cells AS (SELECT a.i AS from_i, b.i AS to_i FROM f a, f b WHERE a.i IS DISTINCT FROM b.i),
stays AS (
	SELECT to_intensity AS from_i, count(*) AS n, count(DISTINCT person_id) AS p
	FROM xtr WHERE to_intensity IS NOT NULL GROUP BY 1
	UNION ALL
	SELECT NULL, count(*), count(DISTINCT person_id) FROM xtr WHERE direction = 'in'
)
SELECT c.from_i, c.to_i,
       count(t.person_id) AS transitions, count(DISTINCT t.person_id) AS persons,
       coalesce(max(s.n), 0) AS from_stays, coalesce(max(s.p), 0) AS from_persons
FROM cells c
LEFT JOIN xtr t ON t.from_intensity IS NOT DISTINCT FROM c.from_i
               AND t.to_intensity IS NOT DISTINCT FROM c.to_i
               AND (t.days_in_from IS NULL OR t.days_in_from <= 180)
LEFT JOIN stays s ON s.from_i IS NOT DISTINCT FROM c.from_i
GROUP BY c.from_i, c.to_i;
CREATE TABLE cmatrix AS
SELECT m.from_intensity, m.to_intensity, m.transitions, m.persons, m.from_stays, m.from_persons
FROM unnest((SELECT transition_matrix(tl, 30, '2024-06-30', 180) FROM xtl)) m;
SELECT 'transition_matrix' AS check, (SELECT count(*) FROM cmatrix) AS rows,
       (SELECT sum(transitions) FROM cmatrix) AS transitions,
       (SELECT count(*) FROM (SELECT * FROM sql_matrix EXCEPT SELECT * FROM cmatrix) a)
     + (SELECT count(*) FROM (SELECT * FROM cmatrix EXCEPT SELECT * FROM sql_matrix) b) AS differences;

-- 7. census on the 1st of every month for 3 years: census_agg and census
-- against a generate_series join on the segment rows
CREATE TABLE xdays AS
SELECT array_agg(g::date ORDER BY g) AS days
FROM generate_series('2021-01-01'::date, '2023-12-01', '1 month') g;
CREATE VIEW sql_census AS
SELECT day, intensity, count(*) AS persons
FROM (SELECT g::date AS day, s.person_id, max(s.intensity) AS intensity
      FROM generate_series('2021-01-01'::date, '2023-12-01', '1 month') g
      JOIN xseg s ON s.start_date <= g AND (s.end_date IS NULL OR s.end_date >= g)
      GROUP BY 1, 2) x
GROUP BY 1, 2;
CREATE TABLE ccensus AS
SELECT c.* FROM unnest((SELECT census_agg(tl, (SELECT days FROM xdays)) FROM xtl)) c;
SELECT 'census_agg' AS check, (SELECT count(*) FROM ccensus) AS rows,
       (SELECT sum(persons) FROM ccensus) AS persons,
       (SELECT count(*) FROM (SELECT * FROM sql_census EXCEPT SELECT * FROM ccensus) a)
     + (SELECT count(*) FROM (SELECT * FROM ccensus WHERE persons > 0 EXCEPT SELECT * FROM sql_census) b)
     + (SELECT count(*) FROM ccensus c WHERE persons = 0
          AND EXISTS (SELECT FROM sql_census s WHERE s.day = c.day AND s.intensity = c.intensity)) AS differences;
SELECT 'census' AS check, count(*) AS rows,
       (SELECT count(*) FROM (
          SELECT day, intensity, count(*) FROM xtl, census(tl, (SELECT days FROM xdays)) GROUP BY 1, 2
          EXCEPT SELECT * FROM sql_census) a)
     + (SELECT count(*) FROM (
          SELECT * FROM sql_census
          EXCEPT SELECT day, intensity, count(*) FROM xtl, census(tl, (SELECT days FROM xdays)) GROUP BY 1, 2) b)
       AS differences
FROM xtl, census(tl, (SELECT days FROM xdays));
