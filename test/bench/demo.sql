-- test/bench/demo.sql: speed of the demo registry generator.
--
--   psql -X -d scratch -v segments=1000000 -f test/bench/demo.sql
--   psql -X -d scratch -v segments=10000000 -v registry=0 -f test/bench/demo.sql
--   psql -X -d scratch -v segments=0 -v registry=0 -v spp_persons=1000000 -v spp=10 -f test/bench/demo.sql
--
-- Compares, for about :segments segments (default 1 000 000):
--   C    treg.demo_segments (the C set-returning function) into a plain
--        unlogged table without indexes, and counted only;
--   SQL  the best plain-SQL way: generate_series for persons, episodes and
--        segments, hashint8extended for randomness and a window sum for
--        contiguous dates; a simpler shape than the C generator (no
--        waits, policies, censoring or re-enrolments), so it is favoured;
--   registry  treg.demo_load into the reference registry (all six tables,
--        foreign keys and the GiST exclusion constraint), unless -v registry=0;
--   spp  treg.demo_segments with segments_per_person :spp (default 10) for
--        :spp_persons persons (default 1 000 000, so about 10 M segments)
--        into a plain unlogged table, unless -v spp_persons=0.
-- Prints seconds, rows per second and the ratio SQL / C.  -v segments=0
-- skips the comparison with plain SQL.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset footer off
\if :{?segments}
\else
\set segments 1000000
\endif
\if :{?registry}
\else
\set registry 1
\endif
\if :{?spp_persons}
\else
\set spp_persons 1000000
\endif
\if :{?spp}
\else
\set spp 10
\endif
SET client_min_messages = warning;
SET search_path = treg, public;

-- persons for the requested number of segments (1.75 segments per person)
SELECT ceil(:segments / 1.75)::int AS persons \gset

SELECT :segments > 0 AS compare \gset
\if :compare
DROP TABLE IF EXISTS bench_demo_c, bench_demo_sql;
CREATE UNLOGGED TABLE bench_demo_c (person_id bigint, episode_id bigint, segment_id bigint,
	intensity treg.intensity, start_date date, end_date date, planned_end_date date);
CREATE UNLOGGED TABLE bench_demo_sql (LIKE bench_demo_c);

-- C: generation only
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS c_count FROM treg.demo_segments(:persons) \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS c_gen_s \gset

-- C: into a plain table
SELECT clock_timestamp() AS t0 \gset
INSERT INTO bench_demo_c SELECT * FROM treg.demo_segments(:persons);
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS c_s \gset

-- SQL: generate_series, hashing and a window sum, into a plain table
SELECT clock_timestamp() AS t0 \gset
INSERT INTO bench_demo_sql
SELECT person_id, episode_id, segment_id,
	treg.intensity(CASE WHEN j = 1 THEN 1 + (h2 & 3 = 0)::int ELSE 1 END),
	enrol + (sum(len) OVER w - len)::int,
	CASE WHEN enrol + (sum(len) OVER w)::int - 1 <= date '2026-04-08'
		 THEN enrol + (sum(len) OVER w)::int - 1 END,
	CASE WHEN j = 1 AND h2 & 3 = 0 THEN enrol + 181 END
FROM (
	SELECT e.person_id, e.episode_id, e.episode_id * 100 + j AS segment_id, j, e.enrol,
		hashint8extended(e.episode_id * 100 + j, 2) AS h2,
		30 + (hashint8extended(e.episode_id * 100 + j, 3) & 255)::int AS len
	FROM (
		SELECT g::bigint AS person_id, g::bigint * 100 + k AS episode_id,
			date '2026-04-08' - (hashint8extended(g::bigint * 100 + k, 1) & 4095)::int AS enrol,
			1 + (hashint8extended(g::bigint * 100 + k, 4) & 1)::int
			  + (hashint8extended(g::bigint * 100 + k, 5) & 7 = 0)::int AS nseg
		FROM generate_series(1, :persons) g,
			generate_series(1, 1 + (hashint8extended(g, 6) & 3 = 0)::int) k
	) e, generate_series(1, e.nseg) j
) s
WINDOW w AS (PARTITION BY episode_id ORDER BY j);
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS sql_s \gset

SELECT 'C demo_segments, generate only' AS path, :c_count AS rows_, round(:c_gen_s, 2) AS seconds,
	round(:c_count / :c_gen_s) AS rows_per_s
UNION ALL
SELECT 'C demo_segments into plain table', (SELECT count(*) FROM bench_demo_c), round(:c_s, 2),
	round((SELECT count(*) FROM bench_demo_c) / :c_s)
UNION ALL
SELECT 'SQL generate_series into plain table', (SELECT count(*) FROM bench_demo_sql), round(:sql_s, 2),
	round((SELECT count(*) FROM bench_demo_sql) / :sql_s);

SELECT round((:sql_s / (SELECT count(*) FROM bench_demo_sql)) / (:c_s / (SELECT count(*) FROM bench_demo_c)), 1)
	AS "ratio SQL/C (seconds per row)";

DROP TABLE bench_demo_c, bench_demo_sql;
\endif

\if :registry
-- the reference registry: six tables, foreign keys and GiST exclusion constraint
SELECT clock_timestamp() AS t0 \gset
SELECT row_count AS reg_segments FROM treg.demo_load(:persons) WHERE table_name = 'segment' \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS reg_s \gset
SELECT 'registry demo_load' AS path, :persons AS persons, :reg_segments AS segments,
	round(:reg_s, 2) AS seconds, round(:reg_segments / :reg_s) AS segments_per_s;
SELECT count(*) FROM treg.demo_load(0);
\endif

SELECT :spp_persons > 0 AS spp_run \gset
\if :spp_run
-- segments_per_person: :spp_persons persons with about :spp segments each
DROP TABLE IF EXISTS bench_demo_spp;
CREATE UNLOGGED TABLE bench_demo_spp (person_id bigint, episode_id bigint, segment_id bigint,
	intensity treg.intensity, start_date date, end_date date, planned_end_date date);
SELECT clock_timestamp() AS t0 \gset
INSERT INTO bench_demo_spp SELECT * FROM treg.demo_segments(:spp_persons, 1, '2026-04-08', :spp);
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS spp_s \gset
SELECT count(*) AS spp_rows, count(DISTINCT episode_id) AS spp_episodes FROM bench_demo_spp \gset
SELECT 'C demo_segments, ' || :spp || ' segments a person, into plain table' AS path,
	:spp_persons AS persons, :spp_rows AS segments,
	round(:spp_rows::numeric / :spp_persons, 2) AS segments_per_person,
	round(:spp_episodes::numeric / :spp_persons, 2) AS episodes_per_person,
	round(:spp_s, 2) AS seconds, round(:spp_rows / :spp_s) AS rows_per_s;
DROP TABLE bench_demo_spp;
\endif
