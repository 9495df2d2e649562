/*
 * Benchmark of the disclosure engine (not a test).  Run with psql against a
 * database with treg installed:
 *	  psql -X -v rows=10000000 -f test/bench/disclosure.sql
 * Prints, for each C path and the best plain-SQL way, the best of a few
 * runs in milliseconds and the ratio.  Drops its tables at the end.
 */
\set ON_ERROR_STOP 1
\if :{?rows}
\else
\set rows 10000000
\endif
SET search_path = treg, public;
SET work_mem = '256MB';
SET max_parallel_workers_per_gather = 0;	-- count(DISTINCT) cannot run in parallel: compare serial plans

CREATE FUNCTION pg_temp.best_ms(q text, runs int) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best float8 := 'infinity';
BEGIN
	FOR i IN 1 .. runs LOOP
		t0 := clock_timestamp();
		EXECUTE 'SELECT count(*) FROM (' || q || ') s WHERE s::text IS NOT NULL';	-- use every column
		best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	RETURN round(best::numeric, 1);
END
$$;

/* 1. anon_count vs count(DISTINCT) over :rows rows, 60 cells + totals */
DROP TABLE IF EXISTS bench_visit;
CREATE TABLE bench_visit AS
SELECT (hashint8(i) & 1048575)::bigint % 200000 AS person_id,
	   (ARRAY['alcohol', 'non_opioid', 'opioid'])[1 + (i % 3)] AS substance,
	   'provider ' || lpad(((i / 3) % 20)::text, 2, '0') AS provider
FROM generate_series(1, :rows) i;
VACUUM ANALYZE bench_visit;
SELECT pg_size_pretty(pg_total_relation_size('bench_visit')) AS table_size,
	   (SELECT count(*) FROM bench_visit) AS rows;

CREATE TEMP TABLE bench_result (what text, c_ms numeric, sql_ms numeric);
INSERT INTO bench_result
SELECT 'GROUP BY substance, provider (60 cells)',
	   pg_temp.best_ms('SELECT substance, provider, treg.anon_count(person_id) FROM bench_visit GROUP BY 1, 2', 3),
	   pg_temp.best_ms('SELECT substance, provider, count(DISTINCT person_id) FROM bench_visit GROUP BY 1, 2', 3);
INSERT INTO bench_result
SELECT 'GROUP BY CUBE (substance, provider) (84 cells)',
	   pg_temp.best_ms('SELECT substance, provider, treg.anon_count(person_id) FROM bench_visit GROUP BY CUBE (1, 2)', 3),
	   pg_temp.best_ms('SELECT substance, provider, count(DISTINCT person_id) FROM bench_visit GROUP BY CUBE (1, 2)', 3);
SET max_parallel_workers_per_gather = 2;
INSERT INTO bench_result
SELECT 'GROUP BY substance, provider, anon_count with 2 parallel workers',
	   pg_temp.best_ms('SELECT substance, provider, treg.anon_count(person_id) FROM bench_visit GROUP BY 1, 2', 3),
	   (SELECT sql_ms FROM bench_result WHERE what LIKE 'GROUP BY substance%');
SET max_parallel_workers_per_gather = 0;
/*
 * cell-key perturbation: cell_agg + noisy_count (distinct persons, the sum
 * of their SipHash record keys, sticky noise) against the best plain SQL
 * for the same kind of answer: count(DISTINCT) and sum(DISTINCT) of a
 * keyed 64-bit hash (PostgreSQL's hashint8extended, not a secret-keyed
 * PRF), with the noise left out of the SQL side
 */
INSERT INTO bench_result
SELECT 'cell_agg + noisy_count, GROUP BY substance, provider (60 cells)',
	   pg_temp.best_ms('SELECT substance, provider, treg.noisy_count((c).persons, (c).cell_key, 1, 2, 5) FROM (SELECT substance, provider, treg.cell_agg(person_id, ''\x000102030405060708090a0b0c0d0e0f''::bytea) c FROM bench_visit GROUP BY 1, 2) x', 3),
	   pg_temp.best_ms('SELECT substance, provider, count(DISTINCT person_id), sum(DISTINCT hashint8extended(person_id, 42)::numeric) FROM bench_visit GROUP BY 1, 2', 3);

/* 2. suppression and audit of a 50 x 20 table with totals (1071 cells) */
CREATE TEMP TABLE bench_cells AS
WITH interior AS (
	SELECT 'r' || lpad(r::text, 2, '0') AS r, 'c' || lpad(c::text, 2, '0') AS c,
		   CASE WHEN random() < 0.08 THEN (random() * 4)::int
				WHEN random() < 0.05 THEN 0
				ELSE 5 + (random() * 60)::int END AS n
	FROM (SELECT setseed(0.5)) s, generate_series(1, 50) r, generate_series(1, 20) c
)
SELECT r, c, sum(n)::bigint AS n FROM interior GROUP BY CUBE (r, c);
CREATE TEMP TABLE bench_arr AS
SELECT array_agg(r) AS r, array_agg(c) AS c, array_agg(n) AS n FROM bench_cells;
CREATE TEMP TABLE bench_pub AS
SELECT array_agg(s.row_key) AS r, array_agg(s.col_key) AS c, array_agg(s.value) AS v
FROM bench_arr a, treg.suppress(a.r, a.c, a.n) s;
SELECT (SELECT count(*) FROM bench_cells) AS cells,
	   (SELECT count(*) FROM bench_cells WHERE n BETWEEN 1 AND 4) AS primary_cells,
	   (SELECT count(*) FROM bench_pub, unnest(v) x WHERE x IS NULL) AS suppressed_cells,
	   (SELECT count(*) FROM bench_pub p, treg.suppression_audit(p.r, p.c, p.v) au
		WHERE au.high - au.low < 5) AS audit_failures;
INSERT INTO bench_result
SELECT 'suppress() of a 50 x 20 table with totals',
	   pg_temp.best_ms('SELECT s.* FROM bench_arr a, treg.suppress(a.r, a.c, a.n) s', 5), NULL;
INSERT INTO bench_result
SELECT 'suppression_audit() of it',
	   pg_temp.best_ms('SELECT au.* FROM bench_pub p, treg.suppression_audit(p.r, p.c, p.v) au', 5), NULL;
INSERT INTO bench_result
SELECT 'suppress() + suppression_audit() in one statement',
	   pg_temp.best_ms('SELECT au.* FROM bench_arr a, LATERAL (SELECT array_agg(row_key) r, array_agg(col_key) c, array_agg(value) v FROM treg.suppress(a.r, a.c, a.n)) p, treg.suppression_audit(p.r, p.c, p.v) au', 5), NULL;

/* 3. the same 50 x 20 table with its rows in 10 groups of 5 and subtotals */
CREATE TEMP TABLE bench_hcells AS
SELECT 'g' || (substr(r, 2)::int % 10) AS g, r, c, sum(n)::bigint AS n
FROM bench_cells WHERE r IS NOT NULL AND c IS NOT NULL
GROUP BY ROLLUP (1, r), CUBE (c);
CREATE TEMP TABLE bench_harr AS
SELECT array_agg(g) AS g, array_agg(r) AS r, array_agg(c) AS c, array_agg(n) AS n FROM bench_hcells;
SELECT (SELECT count(*) FROM bench_hcells) AS grouped_cells,
	   (SELECT count(*) FROM bench_hcells WHERE n BETWEEN 1 AND 4) AS primary_cells,
	   (SELECT count(*) FROM bench_harr a, treg.suppress(a.r, a.c, a.n, a.g) s WHERE s.value IS NULL) AS suppressed_cells;
INSERT INTO bench_result
SELECT 'suppress() + suppression_audit() of it with 10 row groups',
	   pg_temp.best_ms('SELECT au.* FROM bench_harr a, LATERAL (SELECT array_agg(row_key) r, array_agg(col_key) c, array_agg(value) v, array_agg(row_group) g FROM treg.suppress(a.r, a.c, a.n, a.g)) p, treg.suppression_audit(p.r, p.c, p.v, p.g) au', 5), NULL;

SELECT what, c_ms AS treg_ms, sql_ms AS plain_sql_ms,
	   round(c_ms / nullif(sql_ms, 0), 2) AS ratio
FROM bench_result;

DROP TABLE bench_visit;
