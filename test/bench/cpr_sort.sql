-- Benchmark of the cpr access check: sorting, hashing and comparing 1 M cpr
-- values as a superuser and as a member of treg_cpr_reader (who goes
-- through the role check).  Run with:
--   psql -X -d <db with treg> -f test/bench/cpr_sort.sql
-- Prints the best of 5 runs per case in milliseconds.  Creates and drops
-- the role regress_treg_bench_reader and a table in schema public.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, treg;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SELECT setseed(0.42);

DROP TABLE IF EXISTS public.cpr_bench;
CREATE TABLE public.cpr_bench AS
SELECT (to_char(d, 'DDMMYY') || lpad((random() * 3999)::int::text, 4, '0'))::treg.cpr AS c
FROM (SELECT date '1940-01-01' + (random() * 21900)::int AS d
	  FROM generate_series(1, 1000000)) s;
ANALYZE public.cpr_bench;
DROP ROLE IF EXISTS regress_treg_bench_reader;
CREATE ROLE regress_treg_bench_reader;
GRANT treg_cpr_reader TO regress_treg_bench_reader;
GRANT SELECT ON public.cpr_bench TO regress_treg_bench_reader;
GRANT USAGE ON SCHEMA treg TO regress_treg_bench_reader;

CREATE FUNCTION pg_temp.time_ms(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best numeric := NULL;
	ms numeric;
BEGIN
	FOR i IN 1..5 LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
		best := least(coalesce(best, ms), ms);
	END LOOP;
	RETURN round(best, 1);
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.time_ms(text) TO regress_treg_bench_reader;

CREATE TEMP TABLE bench_result (who text, label text, ms numeric);
GRANT INSERT ON bench_result TO regress_treg_bench_reader;

\set sort 'SELECT c FROM public.cpr_bench ORDER BY c OFFSET 1000000'
\set hash 'SELECT count(*) FROM (SELECT DISTINCT c FROM public.cpr_bench) s'
\set join 'SELECT count(*) FROM public.cpr_bench a WHERE a.c < ''010170-0000'''

SET enable_hashagg = off;
INSERT INTO bench_result SELECT 'superuser', 'sort 1 M (ORDER BY)', pg_temp.time_ms(:'sort');
SET ROLE regress_treg_bench_reader;
INSERT INTO bench_result SELECT 'treg_cpr_reader member', 'sort 1 M (ORDER BY)', pg_temp.time_ms(:'sort');
RESET ROLE;
SET enable_hashagg = on;
SET enable_sort = off;
INSERT INTO bench_result SELECT 'superuser', 'hash aggregate 1 M (DISTINCT)', pg_temp.time_ms(:'hash');
SET ROLE regress_treg_bench_reader;
INSERT INTO bench_result SELECT 'treg_cpr_reader member', 'hash aggregate 1 M (DISTINCT)', pg_temp.time_ms(:'hash');
RESET ROLE;
RESET enable_sort;
INSERT INTO bench_result SELECT 'superuser', 'filter 1 M (c < constant)', pg_temp.time_ms(:'join');
SET ROLE regress_treg_bench_reader;
INSERT INTO bench_result SELECT 'treg_cpr_reader member', 'filter 1 M (c < constant)', pg_temp.time_ms(:'join');
RESET ROLE;

SELECT label, who, ms FROM bench_result ORDER BY label, who;

DROP TABLE public.cpr_bench;
DROP OWNED BY regress_treg_bench_reader;
DROP ROLE regress_treg_bench_reader;
