/*
 * test/bench/timeline.sql: the timeline engine against the best plain SQL
 * for the same questions, in one run, with the ratios.
 *
 *   psql -X -d scratch -v segments=1000000 -f test/bench/timeline.sql
 *   psql -X -d scratch -v segments=10000000 -v work_mem=1GB -v reps=1 \
 *        -f test/bench/timeline.sql
 *
 * Needs CREATE EXTENSION treg in the database.  Generates synthetic
 * segments in the shape of treg.segment (about 5 per person, 2018-2026,
 * gaps of 0-60 days around the default tolerance, a quarter overlapping
 * the previous one, 1 in 12 open, half with a planned end) into the table
 * bench_segment (dropped at the end unless -v keep=1).  Timings are wall
 * clock per query as seen by psql, with the server's default parallelism
 * (max_parallel_workers_per_gather = 2 on the 2-core reference machine).
 * Every timed query returns one row, so no time goes to the client.
 */
\set ON_ERROR_STOP 1
\if :{?segments}
\else
\set segments 1000000
\endif
\if :{?keep}
\else
\set keep 0
\endif
\if :{?reps}
\else
\set reps 3
\endif
\if :{?work_mem}
\else
\set work_mem 256MB
\endif
\pset footer off
SET search_path = public, treg;
SET work_mem = :'work_mem';  -- 1GB for 10M segments: no hash aggregate may spill
SET jit = off;  -- compiling costs more than it saves on these sub-second queries

\echo '== generating' :segments 'segments'
DROP TABLE IF EXISTS bench_segment;
CREATE TABLE bench_segment AS
WITH raw AS (
	SELECT p AS person_id, k,
	       (hashint8(p * 1000 + k) & 2147483647) % 100 AS u,
	       CASE WHEN (hashint8(p * 1000 + k + 20) & 3) = 0
	            THEN -((hashint8(p * 1000 + k + 30) & 2147483647) % 40)
	            ELSE (hashint8(p * 1000 + k + 30) & 2147483647) % 61 END AS gap,
	       1 + (hashint8(p * 1000 + k + 50) & 2147483647) % 250 AS len
	FROM generate_series(1, (:segments / 5)::int) p,
	     generate_series(1, 1 + (hashint8(p) & 2147483647) % 9) k
), placed AS (
	SELECT person_id, k, u, len,
	       '2018-01-01'::date + ((hashint8(person_id * 7) & 2147483647) % 1200)::int
	         + (sum(len + gap) OVER (PARTITION BY person_id ORDER BY k) - (len + gap))::int
	         AS start_date
	FROM raw
)
SELECT person_id::bigint AS person_id, start_date,
       CASE WHEN u < 8 THEN NULL ELSE start_date + len - 1 END AS end_date,
       intensity(1 + ((hashint8(person_id * 1000 + k + 60) & 2147483647) % 3)::int) AS intensity,
       CASE WHEN u % 2 = 0 THEN start_date + 180 END AS planned_end_date
FROM placed;
VACUUM ANALYZE bench_segment;
SELECT count(*) AS segments, count(DISTINCT person_id) AS persons,
       pg_size_pretty(pg_table_size('bench_segment')) AS table_size
FROM bench_segment;
DROP TABLE IF EXISTS bench_days;
CREATE TABLE bench_days AS
SELECT array_agg(d::date ORDER BY d) AS days
FROM generate_series('2023-01-01'::date, '2025-12-01', '1 month') d;

-- best of :reps runs (the machine is shared), in milliseconds; EXECUTE
-- in PL/pgSQL may use parallel plans like a top-level query
CREATE OR REPLACE FUNCTION pg_temp.bench_ms(q text, reps int) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best numeric;
	ms numeric;
BEGIN
	EXECUTE q;					-- warm-up
	FOR i IN 1 .. reps LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		ms := round(extract(epoch FROM clock_timestamp() - t0) * 1000);
		best := least(best, ms);
	END LOOP;
	RETURN greatest(best, 1);
END $$;

\echo '== 0. the scan limit: count(*) GROUP BY person_id'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS groups, sum(n) AS rows
FROM (SELECT person_id, count(*) AS n FROM bench_segment GROUP BY person_id) s
$q$, :reps) AS ms_scan \gset
\echo '  ' ms_scan = :ms_scan ms

\echo '== 1. timelines: timeline_agg GROUP BY person_id'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS timelines, sum(segment_count(tl)) AS stored_segments
FROM (SELECT timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
      FROM bench_segment GROUP BY person_id) t
$q$, :reps) AS ms_agg \gset
\echo '  ' ms_agg = :ms_agg ms

\echo '== 2. episodes and durations (gap 30, as of 2026-04-08)'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS episodes, sum(e.days) AS days, count(*) FILTER (WHERE e.open) AS open
FROM (SELECT timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
      FROM bench_segment GROUP BY person_id) t,
     episodes(t.tl, 30, '2026-04-08'::date) e
$q$, :reps) AS ms_c_episodes \gset
\echo '  ' ms_c_episodes = :ms_c_episodes ms

\echo '   plain SQL, window-function gaps-and-islands'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS episodes, sum(days) AS days, count(*) FILTER (WHERE open) AS open
FROM (
	SELECT person_id, grp, max(e) - min(s) + 1 AS days, bool_or(open) AS open,
	       max(intensity) AS max_intensity
	FROM (
		SELECT *, sum(new_ep) OVER (PARTITION BY person_id ORDER BY s, e) AS grp
		FROM (
			SELECT person_id, start_date AS s, intensity,
			       least(coalesce(end_date, '2026-04-08'::date), '2026-04-08'::date) AS e,
			       coalesce(end_date, '2026-04-08'::date) >= '2026-04-08'::date AS open,
			       CASE WHEN start_date - max(least(coalesce(end_date, '2026-04-08'::date), '2026-04-08'::date)) OVER w - 1 <= 30
			            THEN 0 ELSE 1 END AS new_ep
			FROM bench_segment
			WHERE start_date <= '2026-04-08'::date
			WINDOW w AS (PARTITION BY person_id ORDER BY start_date, end_date
			             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
		) a
	) b
	GROUP BY person_id, grp
) c
$q$, :reps) AS ms_sql_episodes_window \gset
\echo '  ' ms_sql_episodes_window = :ms_sql_episodes_window ms

\echo '   plain SQL, range_agg over ranges widened by the gap'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS episodes, sum(upper(r) - lower(r) - 31) AS days,
       count(*) FILTER (WHERE upper(r) - 31 > '2026-04-08'::date) AS open
FROM (
	SELECT unnest(range_agg(daterange(start_date,
	                                  least(coalesce(end_date, '2026-04-08'::date), '2026-04-08'::date) + 31, '[)'))) AS r
	FROM bench_segment WHERE start_date <= '2026-04-08'::date
	GROUP BY person_id
) s
$q$, :reps) AS ms_sql_episodes_range \gset
\echo '  ' ms_sql_episodes_range = :ms_sql_episodes_range ms

\echo '== 3. transition matrix (gap 30, as of 2026-04-08)'
SELECT pg_temp.bench_ms($q$
SELECT sum(m.transitions) AS transitions, count(*) AS cells
FROM unnest((SELECT transition_matrix(tl, 30, '2026-04-08'::date, NULL)
             FROM (SELECT timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
                   FROM bench_segment GROUP BY person_id) t)) m
$q$, :reps) AS ms_c_matrix \gset
\echo '  ' ms_c_matrix = :ms_c_matrix ms

\echo '   plain SQL, LAG/LEAD over the rows'
SELECT pg_temp.bench_ms($q$
WITH x AS (
	SELECT intensity AS i, start_date AS s,
	       least(coalesce(end_date, '2026-04-08'::date), '2026-04-08'::date) AS e,
	       coalesce(end_date, '2026-04-08'::date) >= '2026-04-08'::date AS open,
	       lag(intensity) OVER w AS pi,
	       lag(least(coalesce(end_date, '2026-04-08'::date), '2026-04-08'::date)) OVER w AS pe,
	       lead(start_date) OVER w AS ns
	FROM bench_segment
	WHERE start_date <= '2026-04-08'::date
	WINDOW w AS (PARTITION BY person_id ORDER BY start_date, end_date)
)
SELECT sum(n) AS transitions, count(*) AS cells
FROM (
	SELECT fi, ti, count(*) AS n
	FROM (
		SELECT CASE WHEN pe IS NULL OR s - pe - 1 > 30 THEN NULL ELSE pi END AS fi, i AS ti
		FROM x
		UNION ALL
		SELECT i, NULL FROM x WHERE NOT open AND (ns IS NULL OR ns - e - 1 > 30)
	) t
	WHERE fi IS DISTINCT FROM ti
	GROUP BY 1, 2
) m
$q$, :reps) AS ms_sql_matrix \gset
\echo '  ' ms_sql_matrix = :ms_sql_matrix ms

\echo '== 4. census on the 1st of 36 months'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS cells, sum(c.persons) AS person_days
FROM unnest((SELECT census_agg(tl, (SELECT days FROM bench_days))
             FROM (SELECT timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
                   FROM bench_segment GROUP BY person_id) t)) c
$q$, :reps) AS ms_c_census \gset
\echo '  ' ms_c_census = :ms_c_census ms

\echo '   plain SQL, generate_series join'
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS cells, sum(n) AS person_days
FROM (
	SELECT day, intensity, count(*) AS n
	FROM (SELECT g.day, s.person_id, max(s.intensity) AS intensity
	      FROM unnest((SELECT days FROM bench_days)) g(day)
	      JOIN bench_segment s ON s.start_date <= g.day
	                          AND (s.end_date IS NULL OR s.end_date >= g.day)
	      GROUP BY g.day, s.person_id) x
	GROUP BY day, intensity
) c
$q$, :reps) AS ms_sql_census \gset
\echo '  ' ms_sql_census = :ms_sql_census ms

\echo '== 5. the whole pipeline in one pass: timelines, episodes and durations, matrix, census'
SELECT pg_temp.bench_ms($q$
SELECT sum(e.n) AS episodes, sum(e.days) AS days,
       transition_matrix(t.tl, 30, '2026-04-08'::date, NULL) IS NOT NULL AS matrix,
       census_agg(t.tl, (SELECT days FROM bench_days)) IS NOT NULL AS census
FROM (SELECT timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
      FROM bench_segment GROUP BY person_id) t,
     LATERAL (SELECT count(*) AS n, sum(days) AS days
              FROM episodes(t.tl, 30, '2026-04-08'::date)) e
$q$, :reps) AS ms_pipeline \gset
\echo '  ' ms_pipeline = :ms_pipeline ms

\echo '== 6. the same questions on stored timelines (one row per person)'
DROP TABLE IF EXISTS bench_timeline;
CREATE TABLE bench_timeline AS
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
FROM bench_segment GROUP BY person_id;
VACUUM ANALYZE bench_timeline;
SELECT pg_temp.bench_ms($q$
SELECT count(*) AS episodes, sum(e.days) AS days FROM bench_timeline, episodes(tl, 30, '2026-04-08'::date) e
$q$, :reps) AS ms_stored_episodes \gset
\echo '  ' ms_stored_episodes = :ms_stored_episodes ms
SELECT pg_temp.bench_ms($q$
SELECT transition_matrix(tl, 30, '2026-04-08'::date, NULL) IS NOT NULL AS matrix FROM bench_timeline
$q$, :reps) AS ms_stored_matrix \gset
\echo '  ' ms_stored_matrix = :ms_stored_matrix ms
SELECT pg_temp.bench_ms($q$
SELECT census_agg(tl, (SELECT days FROM bench_days)) IS NOT NULL AS census FROM bench_timeline
$q$, :reps) AS ms_stored_census \gset
\echo '  ' ms_stored_census = :ms_stored_census ms

\echo '== memory and size'
SELECT pg_size_pretty(pg_table_size('bench_timeline')) AS timeline_table,
       round(sum(pg_column_size(tl))::numeric / sum(segment_count(tl)), 2) AS stored_bytes_per_segment,
       round(avg(segment_count(tl)), 2) AS segments_per_timeline
FROM bench_timeline;
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SET work_mem = '4GB';
\echo 'HashAggregate memory, count(*) versus timeline_agg (serial):'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT person_id, count(*) FROM bench_segment GROUP BY person_id;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date)
FROM bench_segment GROUP BY person_id;
RESET max_parallel_workers_per_gather;
RESET enable_sort;
RESET work_mem;

\echo '== ratios (best plain SQL time / C time; pipeline / scan limit)'
SELECT :segments AS segments,
       :ms_scan AS scan_ms, :ms_agg AS timeline_agg_ms,
       round(:ms_agg::numeric / :ms_scan, 2) AS agg_over_scan,
       round(:ms_pipeline::numeric / :ms_scan, 2) AS pipeline_over_scan;
SELECT 'episodes' AS question, :ms_c_episodes AS c_ms,
       least(:ms_sql_episodes_window, :ms_sql_episodes_range) AS best_sql_ms,
       round(least(:ms_sql_episodes_window, :ms_sql_episodes_range)::numeric / :ms_c_episodes, 1) AS speedup,
       :ms_stored_episodes AS stored_c_ms,
       round(least(:ms_sql_episodes_window, :ms_sql_episodes_range)::numeric / greatest(:ms_stored_episodes, 1), 1) AS speedup_stored
UNION ALL
SELECT 'transition matrix', :ms_c_matrix, :ms_sql_matrix,
       round(:ms_sql_matrix::numeric / :ms_c_matrix, 1),
       :ms_stored_matrix, round(:ms_sql_matrix::numeric / greatest(:ms_stored_matrix, 1), 1)
UNION ALL
SELECT 'census 36 months', :ms_c_census, :ms_sql_census,
       round(:ms_sql_census::numeric / :ms_c_census, 1),
       :ms_stored_census, round(:ms_sql_census::numeric / greatest(:ms_stored_census, 1), 1);

\if :keep
\else
DROP TABLE bench_segment, bench_timeline, bench_days;
\endif
