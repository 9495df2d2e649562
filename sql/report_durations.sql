-- report_durations: episodes enrolled in a range of years, as of the as-of
-- date: persons, episodes, open share and Kaplan-Meier quartiles, perturbed.
\i sql/include/report_setup_plain.psql

-- (a) the view: episodes enrolled 2021-2025 as of 2026-04-08
SELECT * FROM report_durations;

-- (b) exact counts from the raw tables, independently of treg.episode_durations
CREATE TEMP TABLE dur_episodes AS
SELECT e.episode_id, e.person_id, e.substance_group,
	   coalesce((SELECT s.intensity::text FROM segment s WHERE s.episode_id = e.episode_id
				 AND s.start_date <= '2026-04-08' ORDER BY s.start_date LIMIT 1), 'unknown') AS entry_intensity,
	   e.discharge_date IS NULL OR e.discharge_date > '2026-04-08' AS open,
	   least(coalesce(e.discharge_date, '2026-04-08'), '2026-04-08') - e.enrol_date + 1 AS days,
	   rank() OVER (PARTITION BY e.person_id ORDER BY e.enrol_date, e.episode_id) = 1 AS first
FROM episode e
WHERE e.enrol_date >= '2021-01-01' AND e.enrol_date <= '2025-12-31';
CREATE TEMP TABLE dur_exact AS
SELECT coalesce(substance_group, 'total') AS substance_group,
	   coalesce(entry_intensity, 'total') AS entry_intensity,
	   count(DISTINCT person_id) FILTER (WHERE first) AS persons,
	   count(*) AS episodes, count(*) FILTER (WHERE open) AS open_episodes,
	   count(DISTINCT person_id) FILTER (WHERE NOT open) AS persons_discharged,
	   treg.km_quantile(treg.retention_agg(days, NOT open), 0.25) AS q25,
	   treg.km_median(treg.retention_agg(days, NOT open)) AS q50,
	   treg.km_quantile(treg.retention_agg(days, NOT open), 0.75) AS q75
FROM dur_episodes GROUP BY CUBE (substance_group, entry_intensity);

CREATE TEMP TABLE dur_published AS SELECT * FROM report_durations(2021, 2025);
-- counts within 12 of the exact ones, NULL only for small counts; the
-- secondary counts only where persons is published
SELECT count(*) AS cells,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, r.persons_suppressed, coalesce(x.persons, 0))) AS implausible_persons,
	   count(*) FILTER (WHERE r.persons IS NOT NULL
						AND NOT pg_temp.plausible(r.episodes, r.episodes_suppressed, coalesce(x.episodes, 0))) AS implausible_episodes,
	   count(*) FILTER (WHERE r.persons IS NULL AND (r.episodes IS NOT NULL OR NOT r.episodes_suppressed)) AS episodes_without_persons,
	   count(*) FILTER (WHERE r.episodes > 0 AND r.open_share IS NOT NULL
						AND abs(r.open_share * r.episodes - x.open_episodes) > 13) AS implausible_open_share,
	   count(*) FILTER (WHERE coalesce(x.episodes, 0) = 0) AS empty
FROM dur_published r
LEFT JOIN dur_exact x USING (substance_group, entry_intensity);
SELECT r.substance_group, r.entry_intensity, r.persons, x.persons AS exact_persons,
	   r.episodes, x.episodes AS exact_episodes, r.open_share,
	   round(x.open_episodes::numeric / nullif(x.episodes, 0), 3) AS exact_open_share
FROM dur_published r
LEFT JOIN dur_exact x USING (substance_group, entry_intensity)
WHERE NOT pg_temp.plausible(r.persons, r.persons_suppressed, coalesce(x.persons, 0))
   OR (r.persons IS NOT NULL AND NOT pg_temp.plausible(r.episodes, r.episodes_suppressed, coalesce(x.episodes, 0)));
-- quartiles: whole weeks, within 50 % (+ half a week) of the exact
-- Kaplan-Meier quartile, published exactly where persons >= k and at least
-- k persons were discharged; NULL unsuppressed where the curve never gets there
SELECT count(*) FILTER (WHERE NOT r.median_days_suppressed) AS quartiles_published,
	   count(*) FILTER (WHERE (r.q25_days % 7) <> 0 OR (r.median_days % 7) <> 0 OR (r.q75_days % 7) <> 0) AS not_whole_weeks,
	   count(*) FILTER (WHERE abs(r.q25_days - x.q25) > 0.5 * x.q25 + 4 OR abs(r.median_days - x.q50) > 0.5 * x.q50 + 4
						OR abs(r.q75_days - x.q75) > 0.5 * x.q75 + 4) AS implausible,
	   count(*) FILTER (WHERE (r.q25_days IS NULL) <> (x.q25 IS NULL OR r.q25_days_suppressed)
						OR (r.median_days IS NULL) <> (x.q50 IS NULL OR r.median_days_suppressed)
						OR (r.q75_days IS NULL) <> (x.q75 IS NULL OR r.q75_days_suppressed)) AS wrong_null,
	   count(*) FILTER (WHERE r.median_days_suppressed
						<> NOT (coalesce(r.persons, 0) >= 5 AND coalesce(x.persons_discharged, 0) >= 5)) AS wrong_rule,
	   count(*) FILTER (WHERE NOT r.median_days_suppressed AND r.median_days IS NULL) AS median_never_reached
FROM dur_published r
LEFT JOIN dur_exact x USING (substance_group, entry_intensity);
SELECT r.substance_group, r.entry_intensity, r.q25_days, round(x.q25) AS exact_q25,
	   r.median_days, round(x.q50) AS exact_median, r.q75_days, round(x.q75) AS exact_q75
FROM dur_published r JOIN dur_exact x USING (substance_group, entry_intensity)
WHERE NOT r.median_days_suppressed
ORDER BY r.substance_group, r.entry_intensity_order;

-- (c) coarse parameters only
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations(2025, 2021)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations(2021, 2027)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations(2010, 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations(NULL, 2025)');
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations(2011, 2026)');
SELECT * FROM report_durations(2025, 2024);
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
SELECT pg_temp.sqlstate_of('SELECT * FROM report_durations(2025, 2021)');
SELECT count(*) AS cells, count(*) FILTER (WHERE persons = 0 AND episodes = 0) AS zero_cells,
	   count(*) FILTER (WHERE open_share IS NULL AND NOT open_share_suppressed) AS no_share,
	   count(*) FILTER (WHERE median_days_suppressed) AS median_suppressed
FROM report_durations(2021, 2025);
ROLLBACK;

-- (d) asking again gives the same answer; the view is the function for the configuration
SELECT count(*) AS differing_rows
FROM (SELECT * FROM dur_published EXCEPT SELECT * FROM report_durations(2021, 2025)) d;
SELECT count(*) AS differing_rows
FROM (SELECT from_year, to_year, substance_group::text, substance_group_da::text,
			 entry_intensity::text, entry_intensity_da::text, entry_intensity_order, is_total,
			 persons, persons_suppressed, episodes, episodes_suppressed, open_share,
			 open_share_suppressed, q25_days, q25_days_suppressed, median_days,
			 median_days_suppressed, q75_days, q75_days_suppressed FROM report_durations
	  EXCEPT SELECT * FROM dur_published) d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_durations'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented_columns
FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_durations'
  AND col_description('treg.report_durations'::regclass, c.ordinal_position) IS NULL;
SELECT view_name, title_da, period_da FROM report_info WHERE view_name = 'report_durations';

-- the analyst reads the view and calls the function, never the person-level helper
SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_durations;
SELECT count(*) FROM treg.report_durations(2024, 2026);
SELECT count(*) FROM treg.duration_episodes(2021, 2025, '2026-04-08');
RESET ROLE;

-- counting rules on a hand-made registry: the first episode of a person in
-- the period is their cell; episodes after the as-of date do not exist yet
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
INSERT INTO provider VALUES (1, 'A', 'a', true, false);
INSERT INTO person VALUES (1, false, '1990-01-01', 'male', 169), (2, false, '1990-01-01', 'female', 169);
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group) VALUES
	(11, 1, 1, '2023-12-31', '2024-03-01', 'completed', 'opioid'),		-- before the period
	(12, 1, 1, '2024-05-01', '2024-05-10', 'dropped_out', 'alcohol'),	-- first in the period
	(13, 1, 1, '2024-05-01', NULL, NULL, 'opioid'),						-- same day, higher id
	(21, 2, 1, '2025-03-01', '2025-12-01', 'completed', 'non_opioid'),	-- discharged after as_of
	(22, 2, 1, '2025-07-01', NULL, NULL, 'alcohol');					-- enrolled after as_of
INSERT INTO segment (segment_id, episode_id, person_id, intensity, start_date, end_date) VALUES
	(121, 12, 1, 'dag', '2024-05-01', '2024-05-10'),
	(211, 21, 2, 'døgn', '2025-03-01', '2025-03-31'),
	(212, 21, 2, 'ambulant', '2025-04-01', '2025-12-01');
SELECT * FROM duration_episodes(2024, 2025, '2025-06-30') ORDER BY episode_id;
ROLLBACK;

TRUNCATE segment, episode, request, tariff, capacity, provider, person, report_config, report_secret;
