/*
 * test/bench/retention.sql: Kaplan-Meier over 1 million episodes grouped by
 * intensity at entry (3 groups): treg.retention_agg + treg.km_curve against
 * the best plain-SQL Kaplan-Meier (per-day counts, at risk by a reverse
 * running sum, S by exp(sum(ln(1 - d/n))), Greenwood by a running sum, log
 * CI), and the roll-up of stored monthly states against recomputing.
 *
 *   psql -X -d SCRATCHDB -f test/bench/retention.sql     (treg installed)
 *
 * Creates and drops the table public.km_bench (about 50 MB; -v keep=1 keeps it).  Each query runs
 * :reps times after one warm-up run; the best time counts.  Set
 * max_parallel_workers_per_gather before running to compare parallel plans.
 */
\set ON_ERROR_STOP 1
\if :{?reps}
\else
\set reps 5
\endif
SET search_path = public, treg;

DROP TABLE IF EXISTS km_bench;
SELECT setseed(0.42);
/* durations in days (end - start + 1, censored at an as_of date): mostly
 * months, opioid-like episodes years; about 30% still open (censored) */
CREATE TABLE km_bench AS
SELECT g AS episode_id,
	   intensity(CASE WHEN u < 0.6 THEN 1 WHEN u < 0.9 THEN 2 ELSE 3 END) AS entry_intensity,
	   date_trunc('month', date '2020-01-01' + (g % 2191))::date AS enrol_month,
	   1 + least(6000, (-ln(1 - random()) * CASE WHEN u < 0.6 THEN 270 WHEN u < 0.9 THEN 180 ELSE 90 END
						* CASE WHEN random() < 0.1 THEN 10 ELSE 1 END)::int) AS days,
	   random() < 0.7 AS event
FROM (SELECT g, random() AS u FROM generate_series(1, 1000000) g) s;
VACUUM ANALYZE km_bench;
SELECT count(*) AS episodes, count(DISTINCT (entry_intensity, days)) AS distinct_group_days,
	   pg_size_pretty(pg_total_relation_size('km_bench')) AS size
FROM km_bench;

/* best time in ms of :reps runs of a query, rows fetched by count(*) */
CREATE FUNCTION pg_temp.best_ms(q text, reps int) RETURNS float8
	LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	best float8 := 'Infinity';
	n bigint;
BEGIN
	EXECUTE 'SELECT count(*) FROM (' || q || ') s' INTO n;		/* warm-up */
	FOR i IN 1..reps LOOP
		t0 := clock_timestamp();
		EXECUTE 'SELECT count(*) FROM (' || q || ') s' INTO n;
		best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	RETURN best;
END
$$;

\set q_treg 'SELECT g.entry_intensity, k.* FROM (SELECT entry_intensity, treg.retention_agg(days, event) AS r FROM km_bench GROUP BY entry_intensity) g, LATERAL treg.km_curve(g.r) k'

\set q_sql 'WITH per_day AS (SELECT entry_intensity, days, count(*) FILTER (WHERE event) AS d, count(*) AS m FROM km_bench GROUP BY entry_intensity, days), risk AS (SELECT entry_intensity, days, d, m, (sum(m) OVER (PARTITION BY entry_intensity ORDER BY days DESC))::bigint AS n FROM per_day), acc AS (SELECT entry_intensity, days, n, d, m - d AS c, bool_or(d = n) OVER w AS zero, sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) ELSE 0 END) OVER w AS log_s, sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) ELSE 0 END) OVER w AS gw FROM risk WINDOW w AS (PARTITION BY entry_intensity ORDER BY days)) SELECT entry_intensity, days AS day, n AS at_risk, d AS events, c AS censored, CASE WHEN zero THEN 0 ELSE exp(log_s) END AS survival, CASE WHEN zero THEN NULL ELSE exp(log_s) * sqrt(gw) END AS std_err, CASE WHEN zero THEN NULL ELSE exp(log_s - 1.959963984540054 * sqrt(gw)) END AS lower, CASE WHEN zero THEN NULL ELSE least(1, exp(log_s + 1.959963984540054 * sqrt(gw))) END AS upper FROM acc'

/* the two give the same curve */
SELECT count(*) AS rows_compared,
	   max(greatest(abs(a.survival - b.survival), abs(a.std_err - b.std_err),
					abs(a.lower - b.lower), abs(a.upper - b.upper))) AS max_abs_difference,
	   count(*) FILTER (WHERE a.at_risk <> b.at_risk OR a.events <> b.events
						OR a.censored <> b.censored) AS count_mismatches
FROM (:q_treg) a JOIN (:q_sql) b USING (entry_intensity, day);

/* stored monthly states per intensity (e.g. a materialized view), rolled up */
CREATE TEMP TABLE km_monthly AS
SELECT enrol_month, entry_intensity, retention_agg(days, event) AS r
FROM km_bench GROUP BY enrol_month, entry_intensity;
ANALYZE km_monthly;
\set q_rollup 'SELECT g.entry_intensity, k.* FROM (SELECT entry_intensity, treg.retention_merge(r) AS r FROM km_monthly WHERE enrol_month >= ''2021-01-01'' GROUP BY entry_intensity) g, LATERAL treg.km_curve(g.r) k'
\set q_rollup_sql 'SELECT g.entry_intensity, k.* FROM (SELECT entry_intensity, treg.retention_agg(days, event) AS r FROM km_bench WHERE enrol_month >= ''2021-01-01'' GROUP BY entry_intensity) g, LATERAL treg.km_curve(g.r) k'
\set q_median 'SELECT entry_intensity, treg.km_median(treg.retention_agg(days, event)), treg.km_survival(treg.retention_agg(days, event), 365) FROM km_bench GROUP BY entry_intensity'

SELECT current_setting('max_parallel_workers_per_gather') AS max_parallel_workers_per_gather;
CREATE TEMP TABLE km_times (ord int, what text, ms float8);
INSERT INTO km_times VALUES (1, 'KM curve by entry intensity, treg (retention_agg + km_curve)', pg_temp.best_ms(:'q_treg', :reps));
INSERT INTO km_times VALUES (2, 'KM curve by entry intensity, plain SQL (window functions)', pg_temp.best_ms(:'q_sql', :reps));
INSERT INTO km_times VALUES (3, 'median and S(365) by entry intensity, treg', pg_temp.best_ms(:'q_median', :reps));
INSERT INTO km_times VALUES (4, 'KM curve since 2021, treg over the rows', pg_temp.best_ms(:'q_rollup_sql', :reps));
INSERT INTO km_times VALUES (5, 'KM curve since 2021, retention_merge of stored monthly states', pg_temp.best_ms(:'q_rollup', :reps));

SELECT what, round(ms::numeric, 1) AS best_ms,
	   CASE ord
		   WHEN 1 THEN round(((SELECT ms FROM km_times WHERE ord = 2) / ms)::numeric, 1)
		   WHEN 5 THEN round(((SELECT ms FROM km_times WHERE ord = 4) / ms)::numeric, 1)
	   END AS speedup
FROM km_times ORDER BY ord;
\echo 'speedup: plain SQL / treg for the curve; recomputing / merging stored states for the roll-up'

\if :{?keep}
\else
DROP TABLE km_bench;
\endif
