-- Benchmark of the cpr reader check: sorting 1 M cpr values, a hash
-- aggregate and a filter over them, as a superuser and as a member of
-- treg_cpr_reader (who goes through the role check).  Run as a superuser:
--   psql -X -d <db with treg> -f test/bench/cpr_sort.sql
-- Prints the best of 7 runs per case: wall-clock ms and the backend's CPU
-- ms (from /proc/self/stat, 10 ms ticks; steadier on a shared machine).
-- Creates and drops the role regress_treg_bench_reader and the table
-- public.cpr_bench.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, treg;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SELECT setseed(0.42) \gset

DROP TABLE IF EXISTS public.cpr_bench;
CREATE TABLE public.cpr_bench AS
SELECT (to_char(d, 'DDMMYY') || lpad((random() * 3999)::int::text, 4, '0'))::treg.cpr AS c
FROM (SELECT date '1940-01-01' + (random() * 21900)::int AS d
	  FROM generate_series(1, 1000000)) s;
ANALYZE public.cpr_bench;
DO $$
BEGIN
	IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'regress_treg_bench_reader') THEN
		DROP OWNED BY regress_treg_bench_reader;
		DROP ROLE regress_treg_bench_reader;
	END IF;
END
$$;
CREATE ROLE regress_treg_bench_reader;
GRANT treg_cpr_reader TO regress_treg_bench_reader;
GRANT SELECT ON public.cpr_bench TO regress_treg_bench_reader;
GRANT USAGE ON SCHEMA treg TO regress_treg_bench_reader;

/* CPU time of this backend in ms (runs as the superuser who created it) */
CREATE FUNCTION pg_temp.cpu_ms() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$
	SELECT (f[12]::bigint + f[13]::bigint) * 10
	FROM (SELECT string_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ') AS f) s
$$;
CREATE FUNCTION pg_temp.time_ms(q text, OUT wall_ms numeric, OUT cpu_ms numeric) LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	c0 bigint;
BEGIN
	FOR i IN 1..7 LOOP
		t0 := clock_timestamp();
		c0 := pg_temp.cpu_ms();
		EXECUTE q;
		cpu_ms := least(cpu_ms, pg_temp.cpu_ms() - c0);
		wall_ms := least(wall_ms, round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1));
	END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.time_ms(text), pg_temp.cpu_ms() TO regress_treg_bench_reader;

CREATE TEMP TABLE bench_result (label text, who text, wall_ms numeric, cpu_ms numeric);
GRANT INSERT ON bench_result TO regress_treg_bench_reader;

\set sort 'SELECT c FROM public.cpr_bench ORDER BY c OFFSET 1000000'
\set hash 'SELECT count(*) FROM (SELECT DISTINCT c FROM public.cpr_bench) s'
\set filter 'SELECT count(*) FROM public.cpr_bench WHERE c < ''010170-0000'''

SET enable_hashagg = off;
INSERT INTO bench_result SELECT 'sort 1 M (ORDER BY)', 'superuser', * FROM pg_temp.time_ms(:'sort');
SET ROLE regress_treg_bench_reader;
INSERT INTO bench_result SELECT 'sort 1 M (ORDER BY)', 'treg_cpr_reader member', * FROM pg_temp.time_ms(:'sort');
RESET ROLE;
SET enable_hashagg = on;
SET enable_sort = off;
INSERT INTO bench_result SELECT 'hash aggregate 1 M (DISTINCT)', 'superuser', * FROM pg_temp.time_ms(:'hash');
SET ROLE regress_treg_bench_reader;
INSERT INTO bench_result SELECT 'hash aggregate 1 M (DISTINCT)', 'treg_cpr_reader member', * FROM pg_temp.time_ms(:'hash');
RESET ROLE;
RESET enable_sort;
INSERT INTO bench_result SELECT 'filter 1 M (c < constant)', 'superuser', * FROM pg_temp.time_ms(:'filter');
SET ROLE regress_treg_bench_reader;
INSERT INTO bench_result SELECT 'filter 1 M (c < constant)', 'treg_cpr_reader member', * FROM pg_temp.time_ms(:'filter');
RESET ROLE;

SELECT * FROM bench_result ORDER BY label, who;

DROP TABLE public.cpr_bench;
DROP OWNED BY regress_treg_bench_reader;
DROP ROLE regress_treg_bench_reader;
