-- disclosure control: anon_count and anon_sum under parallel query equal the serial result
SET search_path = treg, public;

CREATE TABLE par (person_id bigint, g int, days float8);
INSERT INTO par
SELECT i % 5003, i % 7, (i % 11)::float8 FROM generate_series(1, 200000) i;
-- one group with 3 persons only, spread over the whole table
INSERT INTO par SELECT 900000 + i % 3, 7, 1 FROM generate_series(1, 30000) i;
ANALYZE par;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF) SELECT anon_count(person_id) FROM par;
EXPLAIN (COSTS OFF) SELECT g, anon_count(person_id), anon_sum(person_id, days) FROM par GROUP BY g;

CREATE TABLE par_parallel AS
SELECT g, anon_count(person_id) AS n, anon_sum(person_id, days) AS s FROM par GROUP BY g;
CREATE TABLE par_all_parallel AS SELECT anon_count(person_id) AS n FROM par;

SET max_parallel_workers_per_gather = 0;
CREATE TABLE par_serial AS
SELECT g, anon_count(person_id) AS n, anon_sum(person_id, days) AS s FROM par GROUP BY g;

-- identical, and equal to count(DISTINCT) with the threshold applied
SELECT p.g, p.n AS parallel_n, s.n AS serial_n, p.s AS parallel_sum, s.s AS serial_sum,
	   (SELECT CASE WHEN count(DISTINCT person_id) BETWEEN 1 AND 4 THEN NULL
					ELSE count(DISTINCT person_id) END FROM par WHERE par.g = p.g) AS plain_sql
FROM par_parallel p JOIN par_serial s USING (g)
ORDER BY p.g;
SELECT n AS parallel_all, (SELECT count(DISTINCT person_id) FROM par) AS plain_sql FROM par_all_parallel;
