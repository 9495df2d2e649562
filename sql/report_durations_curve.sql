-- report_durations_curve: Kaplan-Meier curves with confidence bands of the
-- episodes enrolled in a range of years, by substance group, perturbed.
\i sql/include/report_setup_plain.psql

-- (a) the view: episodes enrolled 2021-2025 as of 2026-04-08
SELECT * FROM report_durations_curve;

-- (b) the exact Kaplan-Meier curve in plain SQL, from the raw tables:
-- S(t) = product over event days u <= t of (1 - d_u / n_u), Greenwood
-- variance sum d / (n (n - d)), log band S * exp(+-1.96 sqrt(var)); not
-- defined after the longest observed duration unless S is already 0
CREATE TEMP TABLE curve_grid (day) AS
SELECT unnest('{0, 30, 61, 91, 122, 152, 182, 213, 243, 274, 304, 335, 365, 456, 547, 639, 730, 913, 1095}'::integer[]);
CREATE TEMP TABLE curve_episodes AS
SELECT e.person_id, e.substance_group,
	   e.discharge_date IS NOT NULL AND e.discharge_date <= '2026-04-08' AS event,
	   least(coalesce(e.discharge_date, '2026-04-08'), '2026-04-08') - e.enrol_date + 1 AS days,
	   rank() OVER (PARTITION BY e.person_id ORDER BY e.enrol_date, e.episode_id) = 1 AS first
FROM episode e
WHERE e.enrol_date >= '2021-01-01' AND e.enrol_date <= '2025-12-31' AND e.enrol_date <= '2026-04-08';
CREATE FUNCTION pg_temp.exact_curve() RETURNS TABLE (substance_group text, day integer,
	survival float8, lower float8, upper float8, persons bigint, event_persons bigint)
	LANGUAGE sql STABLE AS $$
	WITH eps AS (
		SELECT substance_group AS g, person_id, days, event, first FROM curve_episodes
		UNION ALL SELECT 'total', person_id, days, event, first FROM curve_episodes
	), by_day AS (
		SELECT g, days AS t, count(*) AS leaving, count(*) FILTER (WHERE event) AS d
		FROM eps GROUP BY g, days
	), steps AS (
		SELECT g, t, d, sum(leaving) OVER (PARTITION BY g ORDER BY t DESC) AS n FROM by_day
	), groups AS (
		SELECT g, max(days) AS last_day, count(DISTINCT person_id) FILTER (WHERE first) AS persons,
			   count(DISTINCT person_id) FILTER (WHERE event) AS event_persons
		FROM eps GROUP BY g
	)
	SELECT gr.g, cg.day, x.s,
		   CASE WHEN x.s = 0 THEN 0 ELSE x.s * exp(-1.959963984540054 * sqrt(x.v)) END,
		   CASE WHEN x.s = 0 THEN 0 ELSE least(x.s * exp(1.959963984540054 * sqrt(x.v)), 1) END,
		   gr.persons, gr.event_persons
	FROM groups gr CROSS JOIN curve_grid cg
	CROSS JOIN LATERAL (
		SELECT CASE WHEN bool_or(s.d = s.n) THEN 0
					ELSE exp(coalesce(sum(ln(1 - s.d::float8 / s.n)) FILTER (WHERE s.d < s.n), 0)) END AS s,
			   coalesce(sum(s.d::float8 / (s.n * (s.n - s.d))) FILTER (WHERE s.d < s.n), 0) AS v
		FROM steps s WHERE s.g = gr.g AND s.t <= cg.day AND s.d > 0) y
	CROSS JOIN LATERAL (SELECT CASE WHEN cg.day <= gr.last_day OR y.s = 0 THEN y.s END AS s, y.v) x
$$;
CREATE TEMP TABLE curve_exact AS SELECT * FROM pg_temp.exact_curve();
CREATE TEMP TABLE curve_published AS SELECT * FROM report_durations_curve(2021, 2025);
-- published curves within 0.05 of the exact curve (band limits too), NULL
-- exactly where the curve is not defined; non-increasing; lower <=
-- survival <= upper; two decimals
SELECT count(*) AS points, count(*) FILTER (WHERE NOT r.suppressed) AS published,
	   count(*) FILTER (WHERE abs(r.survival - x.survival) > 0.05) AS survival_off,
	   count(*) FILTER (WHERE abs(r.lower - x.lower) > 0.05 OR abs(r.upper - x.upper) > 0.05) AS band_off,
	   count(*) FILTER (WHERE NOT r.suppressed AND (r.survival IS NULL) <> (x.survival IS NULL)) AS wrong_null,
	   count(*) FILTER (WHERE (r.survival IS NULL) <> (r.lower IS NULL) OR (r.survival IS NULL) <> (r.upper IS NULL)) AS band_null,
	   count(*) FILTER (WHERE NOT (r.lower <= r.survival AND r.survival <= r.upper)) AS band_order,
	   count(*) FILTER (WHERE r.lower < 0 OR r.upper > 1) AS out_of_range,
	   count(*) FILTER (WHERE r.survival <> round(r.survival, 2) OR r.lower <> round(r.lower, 2)
						OR r.upper <> round(r.upper, 2)) AS not_rounded,
	   max(abs(r.survival - x.survival))::numeric(4, 3) AS max_survival_error
FROM curve_published r
JOIN curve_exact x USING (substance_group, day);
SELECT count(*) AS increasing
FROM (SELECT survival, lag(survival) OVER (PARTITION BY substance_group ORDER BY day) AS before
	  FROM curve_published) c
WHERE survival > before;
-- published exactly where the persons figure of report_durations for the
-- group (the same persons, so the same figure) is at least max(k, 20) and
-- at least k persons were discharged
SELECT count(*) FILTER (WHERE r.suppressed <> NOT (d.persons >= 20 AND x.event_persons >= 5)) AS wrong_rule,
	   count(*) FILTER (WHERE r.suppressed AND (r.survival IS NOT NULL OR r.lower IS NOT NULL
											OR r.upper IS NOT NULL)) AS suppressed_with_value
FROM curve_published r
JOIN curve_exact x USING (substance_group, day)
JOIN report_durations(2021, 2025) d ON d.substance_group = r.substance_group AND d.entry_intensity = 'total';
SELECT r.substance_group, r.day, r.survival, round(x.survival::numeric, 3) AS exact_survival,
	   r.lower, round(x.lower::numeric, 3) AS exact_lower, r.upper, round(x.upper::numeric, 3) AS exact_upper
FROM curve_published r JOIN curve_exact x USING (substance_group, day)
WHERE r.day IN (91, 365, 1095)
ORDER BY r.substance_group_order, r.day;

-- (c) coarse parameters only
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations_curve(2025, 2021)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations_curve(2021, 2027)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations_curve(2010, 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations_curve(NULL, 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations_curve(2011, 2026)');
-- errors depend on the arguments only: the same on an empty registry,
-- where every curve is suppressed
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations_curve(2025, 2021)');
SELECT count(*) AS points, count(*) FILTER (WHERE suppressed AND survival IS NULL) AS suppressed_points
FROM report_durations_curve(2021, 2025);
ROLLBACK;

-- (d) asking again gives the same answer; the view is the function for the configuration
SELECT count(*) AS differing_rows
FROM (SELECT * FROM curve_published EXCEPT SELECT * FROM report_durations_curve(2021, 2025)) d;
SELECT count(*) AS differing_rows
FROM (SELECT from_year, to_year, substance_group::text, substance_group_da::text,
			 substance_group_order, is_total, day, survival, lower, upper, suppressed
	  FROM report_durations_curve
	  EXCEPT SELECT * FROM curve_published) d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_durations_curve'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented_columns
FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_durations_curve'
  AND col_description('treg.report_durations_curve'::regclass, c.ordinal_position) IS NULL;
SELECT view_name, title_da, period_da, sort_order FROM report_catalog WHERE view_name = 'report_durations_curve';

-- the analyst reads the view and calls the function, never the person-level helper
SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_durations_curve;
SELECT count(*) FROM treg.report_durations_curve(2024, 2026);
SELECT count(*) FROM treg.duration_episodes(2021, 2025, '2026-04-08');
RESET ROLE;

-- small groups on a hand-made registry: alcohol 40 persons, 35 discharged
-- within a year, 5 still open (the curve ends at the longest follow-up,
-- about 330 days: NULL, not suppressed, after it); non_opioid 40 persons,
-- all discharged within 400 days (the curve comes down to 0 and stays
-- there); opioid 12 persons, 3 discharged (suppressed: fewer than 20)
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
INSERT INTO provider VALUES (1, 'A', 'a', true, false);
INSERT INTO person SELECT i, false, '1980-01-01', 'male', 169 FROM generate_series(1, 120) i;
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group)
SELECT i, i, 1, date '2025-01-01' + 3 * i,
	   CASE WHEN i <= 35 THEN date '2025-01-01' + 3 * i + 8 * i END,
	   CASE WHEN i <= 35 THEN 'completed' END, 'alcohol'
FROM generate_series(1, 40) i;
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group)
SELECT i, i, 1, date '2024-01-01' + (i - 40), date '2024-01-01' + (i - 40) + 10 * (i - 40) - 1, 'dropped_out', 'non_opioid'
FROM generate_series(41, 80) i;
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group)
SELECT i, i, 1, date '2023-01-01' + i, CASE WHEN i <= 83 THEN date '2023-01-01' + 2 * i END,
	   CASE WHEN i <= 83 THEN 'completed' END, 'opioid'
FROM generate_series(81, 92) i;
TRUNCATE curve_episodes;
INSERT INTO curve_episodes
SELECT e.person_id, e.substance_group,
	   e.discharge_date IS NOT NULL AND e.discharge_date <= '2026-04-08',
	   least(coalesce(e.discharge_date, '2026-04-08'), '2026-04-08') - e.enrol_date + 1,
	   rank() OVER (PARTITION BY e.person_id ORDER BY e.enrol_date, e.episode_id) = 1
FROM episode e;
SELECT substance_group, max(days) AS last_day, count(*) FILTER (WHERE event) AS events FROM curve_episodes
GROUP BY substance_group ORDER BY substance_group;
SELECT r.substance_group, r.day, r.survival, r.lower, r.upper, r.suppressed,
	   round(x.survival::numeric, 3) AS exact_survival
FROM report_durations_curve(2021, 2025) r JOIN pg_temp.exact_curve() x USING (substance_group, day)
ORDER BY r.substance_group_order, r.day;
SELECT r.substance_group, count(*) FILTER (WHERE abs(r.survival - x.survival) > 0.05) AS survival_off,
	   bool_and(r.suppressed = NOT (d.persons >= 20 AND x.event_persons >= 5)) AS rule_holds,
	   min(d.persons) AS persons_of_report_durations
FROM report_durations_curve(2021, 2025) r JOIN pg_temp.exact_curve() x USING (substance_group, day)
JOIN report_durations(2021, 2025) d ON d.substance_group = r.substance_group AND d.entry_intensity = 'total'
GROUP BY r.substance_group, r.substance_group_order ORDER BY r.substance_group_order;
-- 20 more opioid persons, all still open: 32 persons but only 3
-- discharged (suppressed: fewer than k discharged); then 3 more are
-- discharged: published
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group)
SELECT i, i, 1, date '2023-06-01' + i, NULL, NULL, 'opioid' FROM generate_series(93, 112) i;
SELECT day, survival, suppressed FROM report_durations_curve(2021, 2025)
WHERE substance_group = 'opioid' AND day IN (0, 365);
UPDATE episode SET discharge_date = enrol_date + 400, discharge_reason = 'completed' WHERE episode_id IN (93, 94, 95);
SELECT day, survival, lower, upper, suppressed FROM report_durations_curve(2021, 2025)
WHERE substance_group = 'opioid' AND day IN (0, 365, 456, 1095);
ROLLBACK;
