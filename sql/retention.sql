-- retention: retention_agg, text form, Kaplan-Meier accessors, errors
SET search_path = treg, public;

-- numbers rounded to 10 decimals so that the output does not depend on the
-- last bit of exp/log of the platform
CREATE FUNCTION pg_temp.r10(x float8) RETURNS numeric
	LANGUAGE sql IMMUTABLE AS 'SELECT round(x::numeric, 10)';
CREATE FUNCTION pg_temp.curve(r retention, conf text DEFAULT 'log')
	RETURNS TABLE (day int, at_risk bigint, events bigint, censored bigint,
				   survival numeric, std_err numeric, lower numeric, upper numeric)
	LANGUAGE sql IMMUTABLE AS $$
	SELECT k.day, k.at_risk, k.events, k.censored, pg_temp.r10(k.survival),
		   pg_temp.r10(k.std_err), pg_temp.r10(k.lower), pg_temp.r10(k.upper)
	FROM treg.km_curve(r, conf) k
$$;

CREATE TABLE km_data (grp text, days int, event boolean);

-- Freireich et al. (1963), 6-MP arm of the leukaemia remission trial
-- (weeks; + = censored): 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23
-- 25+ 32+ 32+ 34+ 35+.  Textbook values (Kleinbaum & Klein; Klein &
-- Moeschberger): S(6) = 0.857, S(7) = 0.807, S(10) = 0.753, S(13) = 0.690,
-- S(16) = 0.627, S(22) = 0.538, S(23) = 0.448 (flat to 35), median 23.
INSERT INTO km_data
SELECT '6-MP', t, e FROM (VALUES (6, true), (6, true), (6, true), (6, false),
	(7, true), (9, false), (10, true), (10, false), (11, false), (13, true),
	(16, true), (17, false), (19, false), (20, false), (22, true), (23, true),
	(25, false), (32, false), (32, false), (34, false), (35, false)) v(t, e);
-- Gehan (1965), placebo arm of the same trial, no censoring:
-- 1 1 2 2 3 4 4 5 5 8 8 8 8 11 11 12 12 15 17 22 23; median 8.
INSERT INTO km_data
SELECT 'Gehan placebo', t, true
FROM unnest('{1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23}'::int[]) t;
-- R survival's aml, maintained group: 9 13 13+ 18 23 28+ 31 34 45+ 48 161+;
-- median 31 (print(survfit(Surv(time, status) ~ x, aml))).
INSERT INTO km_data
SELECT 'aml maintained', t, e FROM (VALUES (9, true), (13, true), (13, false),
	(18, true), (23, true), (28, false), (31, true), (34, true), (45, false),
	(48, true), (161, false)) v(t, e);

CREATE TABLE km AS
SELECT grp, retention_agg(days, event) AS r FROM km_data GROUP BY grp;

SELECT grp, r FROM km ORDER BY grp;
SELECT grp, retention_count(r), retention_events(r), km_median(r),
	   km_quantile(r, 0.25) AS q25, km_quantile(r, 0.75) AS q75
FROM km ORDER BY grp;

-- the 6-MP curve: every observed week, Greenwood std_err, log CI (R default)
SELECT c.* FROM km, pg_temp.curve(r) c WHERE grp = '6-MP';
-- the other transforms
SELECT c.* FROM km, pg_temp.curve(r, 'log-log') c WHERE grp = '6-MP';
SELECT c.* FROM km, pg_temp.curve(r, 'plain') c WHERE grp = '6-MP';
-- 90% interval is narrower
SELECT k.day, pg_temp.r10(k.lower) AS lower90, pg_temp.r10(k.upper) AS upper90
FROM km, km_curve(r, 'log', 0.90) k WHERE grp = '6-MP' AND k.events > 0;
-- Gehan: no censoring, ends at 0 (std_err and limits NULL there, as R's NaN/NA)
SELECT c.* FROM km, pg_temp.curve(r) c WHERE grp = 'Gehan placebo';
SELECT c.* FROM km, pg_temp.curve(r) c WHERE grp = 'aml maintained';

-- survival at a day: before the first event, on and between steps, at the
-- last observation, and beyond it (NULL: not observed, unless S reached 0)
SELECT grp, d, pg_temp.r10(km_survival(r, d)) AS s
FROM km, unnest('{-1,0,5,6,7,8,10,23,35,36,161,162}'::int[]) d
WHERE grp IN ('6-MP', 'aml maintained') ORDER BY grp, d;
SELECT d, km_survival(r, d) FROM km, unnest('{22,23,24,1000}'::int[]) d
WHERE grp = 'Gehan placebo';

-- restricted mean: 6-MP to 35 weeks is 23.2874 (R: print(fit, rmean = 35)),
-- standard error 2.8275; without censoring it is the mean of min(t, tau)
SELECT grp, tau, pg_temp.r10(km_rmst(r, tau)) AS rmst,
	   pg_temp.r10(km_rmst_std_err(r, tau)) AS se
FROM km, unnest('{0,6,10,35,36}'::int[]) tau
WHERE grp IN ('6-MP', 'Gehan placebo') ORDER BY grp, tau;
SELECT pg_temp.r10(avg(least(days, 10))) AS mean_min_t_10 FROM km_data WHERE grp = 'Gehan placebo';

-- ties: on one day, events come before censorings (the censored are at risk)
SELECT c.* FROM pg_temp.curve('{2:1/1,3:1/0}') c;
SELECT retention_agg(d, e) FROM (VALUES (2, false), (2, true), (3, true)) v(d, e);

-- quantiles: a curve flat exactly at 1 - p takes the midpoint (R's rule)
-- events at 1, 2, 3, 4: S = .75, .5, .25, 0; median (2 + 3) / 2
SELECT p, km_quantile('{1:1/0,2:1/0,3:1/0,4:1/0}', p)
FROM unnest('{0,0.1,0.25,0.3,0.5,0.75,0.9,1}'::float8[]) p;
-- flat at 0.5 from day 1 to the next event on day 5: (1 + 5) / 2; flat at
-- 0.5 up to the last (censored) observation on day 5: midpoint with it too
SELECT km_median('{1:2/0,3:0/1,5:1/0}'), km_median('{1:1/0,5:0/1}');
-- flat at 0.9 = 1 - 0.1 (1 - 9/10 is just below 0.1 in floating point, but
-- within the tolerance): midpoint with the last day; never reached: NULL
SELECT km_median('{5:1/9}'), km_quantile('{5:1/9}', 0.1), km_quantile('{5:1/8,8:0/1}', 0.1),
	   km_quantile('{5:1/9}', 0.11);

-- all censored: S stays 1, no median
SELECT c.* FROM pg_temp.curve('{3:0/2,8:0/1}') c;
SELECT c.* FROM pg_temp.curve('{3:0/2,8:0/1}', 'log-log') c;
SELECT km_median('{3:0/2,8:0/1}'), km_survival('{3:0/2,8:0/1}', 8), km_rmst('{3:0/2,8:0/1}', 8);
-- one subject, with an event or censored
SELECT c.* FROM pg_temp.curve('{7:1/0}') c;
SELECT km_median('{7:1/0}'), km_survival('{7:1/0}', 6), km_survival('{7:1/0}', 100), km_rmst('{7:1/0}', 100);
SELECT c.* FROM pg_temp.curve('{7:0/1}') c;
-- zero-day durations are allowed
SELECT c.* FROM (SELECT retention_agg(d, e) AS r FROM (VALUES (0, true), (0, false), (1, true), (3, false)) v(d, e)) s,
	 pg_temp.curve(s.r) c;

-- no rows: NULL, like sum(); accessors are strict
SELECT retention_agg(days, event) IS NULL AS is_null FROM km_data WHERE false;
SELECT count(*) FROM km_curve(NULL);

-- long durations (beyond the dense range of the aggregate state)
SELECT retention_agg(d, e) FROM (VALUES (70000, true), (5, false), (100000, false),
	(70000, false), (2147483647, true), (65535, true), (65536, true)) v(d, e);

-- retention_merge of partial values equals one pass; NULLs are skipped
SELECT (SELECT retention_agg(days, event) FROM km_data)::text =
	   (SELECT retention_merge(r)::text FROM (SELECT r FROM km UNION ALL SELECT NULL) s) AS merge_equal;
SELECT retention_merge(r) FROM (VALUES ('{1:1/0,5:0/2}'::retention), ('{1:2/1,3:1/0}'), (NULL)) v(r);

-- text form: blanks allowed, canonical output; empty value
SELECT ' { 1 : 2 / 0 , 4:0/3 } '::retention, '{}'::retention, '{ }'::retention;
SELECT retention_count('{}'), km_median('{}'), km_survival('{}', 0), count(*)
FROM km_curve('{}');
-- binary form round trip (COPY BINARY uses send/recv)
\set binfile '/tmp/treg_regress_retention_' :PORT '.bin'
CREATE TABLE km_bin (r retention);
INSERT INTO km_bin SELECT r FROM km;
COPY km_bin TO :'binfile' WITH (FORMAT binary);
CREATE TABLE km_bin2 (r retention);
COPY km_bin2 FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT array_agg(r::text ORDER BY r::text) FROM km_bin) =
	   (SELECT array_agg(r::text ORDER BY r::text) FROM km_bin2) AS binary_round_trip;

-- errors
SELECT retention_agg(d, e) FROM (VALUES (3, true), (-2, false)) v(d, e);
SELECT retention_agg(d, e) FROM (VALUES (3, true), (4, NULL)) v(d, e);
SELECT retention_agg(d, e) FROM (VALUES (3, true), (NULL, true)) v(d, e);
SELECT * FROM km_curve('{1:1/0}', 'logit');
SELECT * FROM km_curve('{1:1/0}', 'log', 1.0);
SELECT km_quantile('{1:1/0}', 1.5);
SELECT km_quantile('{1:1/0}', 'NaN');
SELECT km_rmst('{1:1/0}', -1);
SELECT 'x'::retention;
SELECT '{1:1}'::retention;
SELECT '{3:1/0,2:1/0}'::retention;
SELECT '{3:1/0,3:1/0}'::retention;
SELECT '{3:0/0}'::retention;
SELECT '{-3:1/0}'::retention;
SELECT '{3:1/0} x'::retention;
SELECT '{2147483648:1/0}'::retention;
SELECT '{1:1/0'::retention;
SELECT '{1:9223372036854775807/0,2:1/0}'::retention;
