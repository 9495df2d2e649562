-- retention: registry conveniences (episode durations, KM by entry intensity)
SET search_path = treg, public;

BEGIN;
INSERT INTO person (person_id, municipality_code)
SELECT g, 101 FROM generate_series(1, 7) g;
INSERT INTO provider (provider_id, name, name_key, internal) VALUES (1, 'P', 'p', true);
INSERT INTO episode (episode_id, person_id, provider_id, enrol_date, discharge_date,
					 discharge_reason, substance_group) VALUES
	(1, 1, 1, '2020-01-01', '2020-01-10', 'dropped_out', 'alcohol'),
	(2, 2, 1, '2020-03-01', '2020-03-20', 'completed', 'alcohol'),
	(3, 3, 1, '2021-05-01', NULL, NULL, 'opioid'),
	(4, 4, 1, '2021-06-01', '2021-08-01', 'dropped_out', 'non_opioid'),
	(5, 5, 1, '2019-12-31', '2020-02-01', 'dropped_out', 'alcohol'),	-- enrolled before from_date
	(6, 6, 1, '2021-07-15', NULL, NULL, 'alcohol'),					-- enrolled after as_of
	(7, 7, 1, '2020-02-01', '2020-02-01', 'transferred', 'alcohol'),	-- one day, no segment
	(8, 1, 1, '2020-04-01', '2020-04-15', 'dropped_out', 'alcohol');
INSERT INTO segment (segment_id, episode_id, person_id, intensity, start_date, end_date) VALUES
	(11, 1, 1, 'ambulant', '2020-01-06', '2020-01-10'),
	(10, 1, 1, 'dag', '2020-01-01', '2020-01-05'),		-- the first segment: entry dag
	(20, 2, 2, 'ambulant', '2020-03-01', '2020-03-20'),
	(30, 3, 3, 'døgn', '2021-05-01', NULL),
	(40, 4, 4, 'ambulant', '2021-06-01', '2021-08-01'),
	(50, 5, 5, 'ambulant', '2019-12-31', '2020-02-01'),
	(60, 6, 6, 'ambulant', '2021-07-15', NULL),
	(80, 8, 1, 'ambulant', '2020-04-01', '2020-04-15');

-- durations count the first and last day; open at as_of = censored there
SELECT ev, d.episode_id, d.entry_intensity, d.enrol_date, d.days, d.event_happened
FROM unnest('{dropout,any_discharge,not_completed}'::text[]) ev,
	 episode_durations('2020-01-01', '2025-12-31', ev, '2021-06-30') d
ORDER BY ev, d.episode_id;

-- the same as a plain-SQL formulation over the tables
SELECT count(*) AS mismatches
FROM episode_durations('2020-01-01', '2025-12-31', 'not_completed', '2021-06-30') d
FULL JOIN (SELECT e.episode_id,
				  least(coalesce(e.discharge_date, '2021-06-30'), '2021-06-30') - e.enrol_date + 1 AS days,
				  coalesce(e.discharge_date <= '2021-06-30' AND e.discharge_reason <> 'completed', false) AS ev
		   FROM episode e
		   WHERE e.enrol_date >= '2020-01-01' AND e.enrol_date <= '2021-06-30') p USING (episode_id)
WHERE d.days IS DISTINCT FROM p.days OR d.event_happened IS DISTINCT FROM p.ev;

-- KM by intensity at entry, dropout as the event, one query
SELECT intensity, day, at_risk, events, censored, round(survival::numeric, 10) AS survival,
	   round(std_err::numeric, 10) AS std_err, round(lower::numeric, 10) AS lower,
	   round(upper::numeric, 10) AS upper
FROM retention_by_entry_intensity('2020-01-01', '2025-12-31', 'dropout', '2021-06-30');
SELECT intensity, day, at_risk, events, censored, survival, lower, upper
FROM retention_by_entry_intensity('2020-01-01', '2025-12-31', 'any_discharge', '2021-06-30', 'log-log');

-- one summary row per intensity at entry
SELECT * FROM retention_summary_by_entry_intensity('2020-01-01', '2025-12-31', 'not_completed', '2021-06-30');

-- a later as_of sees the discharge of episode 4 and episode 6
SELECT intensity, day, at_risk, events, censored
FROM retention_by_entry_intensity('2020-01-01', '2025-12-31', 'dropout', '2021-12-31');

ROLLBACK;

-- errors
SELECT * FROM episode_durations('2020-01-01', '2025-12-31', 'relapse', '2021-06-30');
SELECT * FROM episode_durations('2020-01-01', '2025-12-31', 'dropout', NULL);
SELECT * FROM retention_by_entry_intensity('2020-01-01', '2025-12-31', 'dropout', '2021-06-30', 'arcsin');
