BEGIN;
SELECT plan(46);

SELECT has_type('treg', 'retention', 'type treg.retention exists');
SELECT has_function('treg', 'retention_agg', ARRAY['integer', 'boolean'], 'aggregate treg.retention_agg(int, bool) exists');
SELECT has_function('treg', 'retention_merge', ARRAY['treg.retention'], 'aggregate treg.retention_merge(retention) exists');
SELECT has_function('treg', 'km_curve', ARRAY['treg.retention', 'text', 'double precision'], 'treg.km_curve(retention, text, float8) exists');
SELECT has_function('treg', 'km_survival', ARRAY['treg.retention', 'integer'], 'treg.km_survival(retention, int) exists');
SELECT has_function('treg', 'km_quantile', ARRAY['treg.retention', 'double precision'], 'treg.km_quantile(retention, float8) exists');
SELECT has_function('treg', 'km_median', ARRAY['treg.retention'], 'treg.km_median(retention) exists');
SELECT has_function('treg', 'km_rmst', ARRAY['treg.retention', 'integer'], 'treg.km_rmst(retention, int) exists');
SELECT has_function('treg', 'km_rmst_std_err', ARRAY['treg.retention', 'integer'], 'treg.km_rmst_std_err(retention, int) exists');
SELECT has_function('treg', 'episode_durations', ARRAY['date', 'date', 'text', 'date'], 'treg.episode_durations exists');
SELECT has_function('treg', 'retention_by_entry_intensity', ARRAY['date', 'date', 'text', 'date', 'text'], 'treg.retention_by_entry_intensity exists');
SELECT has_function('treg', 'retention_summary_by_entry_intensity', ARRAY['date', 'date', 'text', 'date'], 'treg.retention_summary_by_entry_intensity exists');

-- volatility, strictness, parallel safety
SELECT volatility_is('treg', 'km_curve', ARRAY['treg.retention', 'text', 'double precision'], 'immutable', 'km_curve is immutable');
SELECT volatility_is('treg', 'km_median', ARRAY['treg.retention'], 'immutable', 'km_median is immutable');
SELECT volatility_is('treg', 'episode_durations', ARRAY['date', 'date', 'text', 'date'], 'stable', 'episode_durations is stable (reads tables)');
SELECT is_strict('treg', 'km_curve', ARRAY['treg.retention', 'text', 'double precision'], 'km_curve is strict');
SELECT is_strict('treg', 'km_survival', ARRAY['treg.retention', 'integer'], 'km_survival is strict');
SELECT isnt_strict('treg', 'retention_agg_transfn', ARRAY['internal', 'integer', 'boolean'], 'the transition function sees NULLs (to reject them)');
SELECT is(
	(SELECT array_agg(DISTINCT p.proparallel) FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace
	   AND (p.proname LIKE 'retention%' OR p.proname LIKE 'km\_%' OR p.proname = 'episode_durations')),
	ARRAY['s']::"char"[], 'every retention function and aggregate is parallel safe');
SELECT is(
	(SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
	 WHERE p.pronamespace = 'treg'::regnamespace
	   AND p.proname IN ('retention_agg', 'retention_merge')
	   AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0),
	2, 'both aggregates have combine, serial and deserial functions');
SELECT is(
	(SELECT count(*)::int FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace
	   AND (p.proname LIKE 'retention%' OR p.proname LIKE 'km\_%' OR p.proname = 'episode_durations')
	   AND obj_description(p.oid, 'pg_proc') IS NULL),
	0, 'every retention function has a comment');

-- errors with their SQLSTATE
SELECT throws_ok($$SELECT treg.retention_agg(d, true) FROM (VALUES (-1)) v(d)$$, '22003', NULL, 'negative duration: 22003');
SELECT throws_ok($$SELECT treg.retention_agg(1, e) FROM (VALUES (NULL::bool)) v(e)$$, '22004', NULL, 'NULL event: 22004');
SELECT throws_ok($$SELECT treg.retention_agg(d, true) FROM (VALUES (NULL::int)) v(d)$$, '22004', NULL, 'NULL duration: 22004');
SELECT throws_ok($$SELECT * FROM treg.km_curve('{1:1/0}', 'logit')$$, '22023', NULL, 'unknown transform: 22023');
SELECT throws_ok($$SELECT * FROM treg.km_curve('{1:1/0}', 'log', 0)$$, '22023', NULL, 'confidence level 0: 22023');
SELECT throws_ok($$SELECT treg.km_quantile('{1:1/0}', -0.1)$$, '22023', NULL, 'negative probability: 22023');
SELECT throws_ok($$SELECT treg.km_rmst('{1:1/0}', -5)$$, '22023', NULL, 'negative tau: 22023');
SELECT throws_ok($$SELECT '{1:1/0,1:0/1}'::treg.retention$$, '22P02', NULL, 'repeated day in text input: 22P02');
SELECT throws_ok($$SELECT '{99999999999:1/0}'::treg.retention$$, '22003', NULL, 'day beyond int4 in text input: 22003');
SELECT throws_ok($$SELECT * FROM treg.episode_durations('2020-01-01', '2020-12-31', 'death', '2021-01-01')$$, '22023', NULL, 'unknown event definition: 22023');
SELECT throws_ok($$SELECT * FROM treg.episode_durations('2020-01-01', '2020-12-31', 'dropout', NULL)$$, '22004', NULL, 'NULL as_of: 22004');

-- results against an independent plain-SQL Kaplan-Meier (window functions)
CREATE TEMP TABLE tap_km AS
SELECT g % 4 AS grp,
	   (('x' || substr(md5(g::text), 1, 6))::bit(24)::int) % 400 AS days,
	   (('x' || substr(md5('e' || g), 1, 6))::bit(24)::int) % 3 > 0 AS event
FROM generate_series(1, 4000) g;
SELECT is(
	(WITH t AS (
		SELECT s.grp, k.* FROM (SELECT grp, treg.retention_agg(days, event) AS r FROM tap_km GROUP BY grp) s,
							   treg.km_curve(s.r) k),
	  per_day AS (
		SELECT grp, days, count(*) FILTER (WHERE event) AS d, count(*) AS m
		FROM tap_km GROUP BY grp, days),
	  risk AS (
		SELECT *, (sum(m) OVER (PARTITION BY grp ORDER BY days DESC))::bigint AS n FROM per_day),
	  acc AS (
		SELECT grp, days, n, d, m - d AS c,
			   bool_or(d = n) OVER w AS zero,
			   sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) ELSE 0 END) OVER w AS log_s,
			   sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) ELSE 0 END) OVER w AS gw
		FROM risk WINDOW w AS (PARTITION BY grp ORDER BY days)),
	  p AS (
		SELECT grp, days AS day, n AS at_risk, d AS events, c AS censored,
			   CASE WHEN zero THEN 0 ELSE exp(log_s) END AS survival,
			   CASE WHEN NOT zero THEN exp(log_s) * sqrt(gw) END AS std_err,
			   CASE WHEN NOT zero THEN exp(log_s - 1.959963984540054 * sqrt(gw)) END AS lower,
			   CASE WHEN NOT zero THEN least(1, exp(log_s + 1.959963984540054 * sqrt(gw))) END AS upper
		FROM acc)
	 SELECT count(*) FROM t FULL JOIN p USING (grp, day)
	 WHERE t.at_risk IS DISTINCT FROM p.at_risk OR t.events IS DISTINCT FROM p.events
		OR t.censored IS DISTINCT FROM p.censored
		OR NOT coalesce(abs(t.survival - p.survival) < 1e-12, false)
		OR NOT coalesce(abs(t.std_err - p.std_err) < 1e-12, t.std_err IS NULL AND p.std_err IS NULL)
		OR NOT coalesce(abs(t.lower - p.lower) < 1e-12, t.lower IS NULL AND p.lower IS NULL)
		OR NOT coalesce(abs(t.upper - p.upper) < 1e-12, t.upper IS NULL AND p.upper IS NULL)),
	0::bigint,
	'km_curve equals a plain-SQL Kaplan-Meier with Greenwood and log CI');
SELECT results_eq(
	$$SELECT grp, treg.km_median(treg.retention_agg(days, event)) FROM tap_km GROUP BY grp ORDER BY grp$$,
	$$WITH k AS (SELECT s.grp, c.day, c.survival
				 FROM (SELECT grp, treg.retention_agg(days, event) AS r FROM tap_km GROUP BY grp) s,
					  treg.km_curve(s.r) c)
	  SELECT grp, (min(day) FILTER (WHERE survival <= 0.5))::float8 FROM k GROUP BY grp ORDER BY grp$$,
	'km_median is the first day with S <= 0.5 (no flat stretch at exactly 0.5 here)');
SELECT results_eq(
	$$SELECT grp, round(treg.km_rmst(treg.retention_agg(days, event), 300)::numeric, 9)
	  FROM tap_km GROUP BY grp ORDER BY grp$$,
	$$WITH k AS (SELECT s.grp, c.day, c.survival,
						lead(c.day) OVER (PARTITION BY s.grp ORDER BY c.day) AS next_day
				 FROM (SELECT grp, treg.retention_agg(days, event) AS r FROM tap_km GROUP BY grp) s,
					  treg.km_curve(s.r) c)
	  SELECT grp, round((min(day) + sum((least(coalesce(next_day, 300), 300) - day) * survival)
									FILTER (WHERE day <= 300))::numeric, 9)
	  FROM k GROUP BY grp ORDER BY grp$$,
	'km_rmst is the area under the step function up to tau');
SELECT is(
	(SELECT treg.retention_merge(r)::text
	 FROM (SELECT treg.retention_agg(days, event) AS r FROM tap_km GROUP BY grp) s),
	(SELECT treg.retention_agg(days, event)::text FROM tap_km),
	'retention_merge of the groups equals the aggregate of all rows');
SELECT is(
	(SELECT treg.km_survival(treg.retention_agg(days, event), 200) FROM tap_km),
	(SELECT survival FROM treg.km_curve((SELECT treg.retention_agg(days, event) FROM tap_km))
	 WHERE day <= 200 ORDER BY day DESC LIMIT 1),
	'km_survival equals the curve at the last observed day before');
SELECT is(treg.km_survival('{10:1/1}', 11), NULL, 'km_survival beyond follow-up is NULL');
SELECT is(treg.km_median('{1:1/0,2:1/0,3:1/0,4:1/0}'), 2.5::float8, 'median on a flat stretch at 0.5 is the midpoint');
SELECT is(treg.km_median('{5:1/9}'), NULL, 'median never reached is NULL');
SELECT is(treg.retention_count('{1:2/3,9:0/1}'), 6::bigint, 'retention_count counts events and censorings');
SELECT is(treg.retention_events('{1:2/3,9:0/1}'), 2::bigint, 'retention_events counts events');
SELECT is('{ 1:2/3 ,9:0/1}'::treg.retention::text, '{1:2/3,9:0/1}', 'text form is canonical');
SELECT is((SELECT count(*)::int FROM treg.km_curve('{0:1/0,1:0/1}')), 2, 'zero-day durations give a curve row on day 0');

-- the state against plain per-day counts, with many long durations (sparse
-- list: unsorted appends, compaction, growth) mixed with short ones (dense)
CREATE TEMP TABLE tap_mix AS
SELECT g, CASE WHEN g % 3 = 0 THEN 65536 + (('x' || substr(md5('s' || g), 1, 6))::bit(24)::int) % 50000
			   ELSE (('x' || substr(md5('d' || g), 1, 6))::bit(24)::int) % 3000 END AS days,
	   g % 4 <> 0 AS event
FROM generate_series(1, 20000) g;
SELECT is(
	(SELECT treg.retention_agg(days, event)::text FROM tap_mix),
	(SELECT '{' || string_agg(format('%s:%s/%s', days, e, c), ',' ORDER BY days) || '}'
	 FROM (SELECT days, count(*) FILTER (WHERE event) AS e, count(*) FILTER (WHERE NOT event) AS c
		   FROM tap_mix GROUP BY days) s),
	'retention_agg equals plain per-day counts (dense and sparse days)');
SELECT is(
	(SELECT treg.retention_merge(r)::text
	 FROM (SELECT treg.retention_agg(days, event) AS r FROM tap_mix GROUP BY g % 7) s),
	(SELECT treg.retention_agg(days, event)::text FROM tap_mix),
	'merging seven partial states equals one pass (dense and sparse days)');

SELECT * FROM finish();
ROLLBACK;
