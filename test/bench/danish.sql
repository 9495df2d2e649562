-- Benchmark of the Danish engine: each C function against the best plain-SQL
-- way in one run; prints times and ratios.  Run with:
--   psql -X -d <db with treg> -f test/bench/danish.sql
-- Data: 200 000 request/start pairs over 2000..2030, 200 000 provider names,
-- 200 000 amounts.  Everything lives in temporary tables.
\set ON_ERROR_STOP 1
SET search_path = treg, public;
SET client_min_messages = warning;
SELECT setseed(0.42);

CREATE TEMP TABLE bench_result (label text, c_ms numeric, sql_ms numeric);

CREATE FUNCTION pg_temp.time_ms(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best numeric := NULL;
	ms numeric;
BEGIN
	FOR i IN 1..3 LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
		best := least(coalesce(best, ms), ms);
	END LOOP;
	RETURN round(best, 1);
END
$$;

-- data
CREATE TEMP TABLE pairs AS
SELECT d AS a, d + (random() * 60)::int AS b, (random() * 40)::int - 20 AS n
FROM (SELECT '2000-01-01'::date + (random() * 11000)::int AS d FROM generate_series(1, 200000)) s;
CREATE TEMP TABLE names AS
SELECT (ARRAY[' ALBERTSLUND  rusmiddelcenter.', 'Rusmiddelcenter Århus', E'Rusmiddelcenter A\u030arhus',
			  'Høje-Taastrup Kommune', 'Café Ærø, Sankt Hans'])[1 + g % 5] || ' ' || g AS name
FROM generate_series(1, 200000) g;
CREATE TEMP TABLE amounts AS
SELECT round(((random() - 0.3) * 100000000)::numeric, 2) AS x FROM generate_series(1, 200000);
ANALYZE pairs; ANALYZE names; ANALYZE amounts;

-- plain SQL: a calendar table of working days with a running count (the
-- usual BI "date dimension"), built from the same holiday rules
CREATE TEMP TABLE cal AS
SELECT d::date AS d, sum(CASE WHEN w THEN 1 ELSE 0 END) OVER (ORDER BY d) AS cum, w
FROM (SELECT d, extract(isodow FROM d) < 6 AND NOT treg.is_holiday(d::date) AS w
	  FROM generate_series('1999-01-01'::date, '2032-12-31', '1 day') d) s;
CREATE UNIQUE INDEX ON cal (d);
CREATE INDEX ON cal (cum) WHERE w;
ANALYZE cal;

INSERT INTO bench_result SELECT 'working_days_between (200k pairs)',
	pg_temp.time_ms($$SELECT sum(treg.working_days_between(a, b)) FROM pairs$$),
	pg_temp.time_ms($$SELECT sum(cb.cum - ca.cum) FROM pairs p JOIN cal ca ON ca.d = p.a JOIN cal cb ON cb.d = p.b$$);
INSERT INTO bench_result SELECT 'working_days_between, day by day (20k pairs)',
	pg_temp.time_ms($$SELECT sum(treg.working_days_between(a, b)) FROM (SELECT * FROM pairs LIMIT 20000) p$$),
	pg_temp.time_ms($$SELECT sum((SELECT count(*) FROM cal WHERE cal.w AND cal.d > p.a AND cal.d <= p.b)) FROM (SELECT * FROM pairs LIMIT 20000) p$$);
INSERT INTO bench_result SELECT 'add_working_days (200k)',
	pg_temp.time_ms($$SELECT max(treg.add_working_days(a, n)) FROM pairs$$),
	pg_temp.time_ms($$SELECT max(CASE WHEN p.n = 0 THEN p.a WHEN p.n > 0 THEN t1.d ELSE t2.d END)
		FROM pairs p JOIN cal c ON c.d = p.a
		LEFT JOIN cal t1 ON p.n > 0 AND t1.w AND t1.cum = c.cum + p.n
		LEFT JOIN cal t2 ON p.n < 0 AND t2.w AND t2.cum = c.cum + p.n + (CASE WHEN c.w THEN 0 ELSE 1 END)$$);
INSERT INTO bench_result SELECT 'name_key (200k names)',
	pg_temp.time_ms($$SELECT count(DISTINCT treg.name_key(name)) FROM names$$),
	pg_temp.time_ms($$SELECT count(DISTINCT btrim(regexp_replace(regexp_replace(
		replace(replace(replace(lower(normalize(name, NFKC)), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
		'[[:punct:]]', '', 'g'), '\s+', ' ', 'g'))) FROM names$$);
INSERT INTO bench_result SELECT 'format_da(x, 2) (200k)',
	pg_temp.time_ms($$SELECT count(treg.format_da(x, 2)) FROM amounts$$),
	pg_temp.time_ms($$SELECT count(translate(to_char(x, 'FM999,999,999,990.00'), ',.', '.,')) FROM amounts$$);
INSERT INTO bench_result SELECT 'age_on(date, date) (200k)',
	pg_temp.time_ms($$SELECT sum(treg.age_on(a, b)) FROM pairs$$),
	pg_temp.time_ms($$SELECT sum(extract(year FROM age(b, a))) FROM pairs$$);

-- the two ways agree
SELECT count(*) FILTER (WHERE treg.add_working_days(p.a, p.n) <>
		CASE WHEN p.n = 0 THEN p.a WHEN p.n > 0 THEN t1.d ELSE t2.d END) AS add_working_days_disagreements
FROM pairs p JOIN cal c ON c.d = p.a
LEFT JOIN cal t1 ON p.n > 0 AND t1.w AND t1.cum = c.cum + p.n
LEFT JOIN cal t2 ON p.n < 0 AND t2.w AND t2.cum = c.cum + p.n + (CASE WHEN c.w THEN 0 ELSE 1 END);

SELECT label, c_ms AS "C ms", sql_ms AS "SQL ms", round(sql_ms / nullif(c_ms, 0), 1) AS "SQL/C"
FROM bench_result;
