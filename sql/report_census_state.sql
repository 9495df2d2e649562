-- treg.census_persons reads the maintained state (treg.episode_state); it
-- must give, day by day, exactly the persons, residences, age bands and
-- substance groups of a plain-SQL census over the rows (treg.segment,
-- treg.episode, treg.person: the 0.2.0 body before the state), on a demo
-- registry, after a batch of corrections kept by the triggers, and after
-- maintenance off and on.
\set SHOW_CONTEXT never
BEGIN;
SELECT count(*) FROM treg.demo_load(3000, 5, segments_per_person => 4);
SELECT (SELECT count(*) FROM treg.segment) AS segments, (SELECT count(*) FROM treg.episode) AS episodes;

-- the census from the rows: per person the most intensive segment covering
-- the day (intensity * 10 + substance: opioid > non_opioid > alcohol)
CREATE FUNCTION pg_temp.census_rows(on_date date, home_municipality integer)
	RETURNS TABLE (person_id bigint, residence text, age_band text, substance_group text)
	LANGUAGE sql STABLE AS $fn$
	WITH covering AS (
		SELECT s.person_id,
			   max(treg.intensity_rank(s.intensity) * 10 + treg.substance_rank(e.substance_group)) AS code
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE s.start_date <= on_date AND (s.end_date IS NULL OR s.end_date >= on_date)
		GROUP BY s.person_id
	)
	SELECT c.person_id,
		   CASE WHEN p.municipality_code = home_municipality THEN 'own' ELSE 'other' END,
		   treg.age_band(p.birth_date, on_date),
		   treg.substance_group_of_rank(c.code % 10)
	FROM covering c JOIN treg.person p ON p.person_id = c.person_id
$fn$;

-- the days: every month end from 2022-04-30 to 2026-03-31 (48), the as-of
-- date, and arbitrary days (first days, a leap day, mid-month, after as-of)
CREATE TEMP TABLE census_day AS
SELECT (date_trunc('month', g) + interval '1 month - 1 day')::date AS day
FROM generate_series(date '2022-04-01', '2026-03-01', '1 month') g
UNION
SELECT d FROM unnest(ARRAY[date '2026-04-08', '2026-04-07', '2026-04-01', '2026-01-01',
						   '2025-07-15', '2025-02-28', '2024-02-29', '2024-03-01',
						   '2023-10-17', '2023-01-01', '2022-06-13', '2021-12-31',
						   '2021-03-09', '2020-05-20', '2026-06-30', '2026-12-31']) d;

-- person-days on both sides and rows in one but not the other, all days
CREATE FUNCTION pg_temp.compare()
	RETURNS TABLE (days bigint, days_with_persons bigint, person_days bigint, differences bigint)
	LANGUAGE sql STABLE AS $fn$
	SELECT count(*), count(*) FILTER (WHERE x.n > 0), sum(x.n), sum(x.diff)
	FROM census_day d,
		 LATERAL (SELECT (SELECT count(*) FROM treg.census_persons(d.day, 169)) AS n,
						 (SELECT count(*) FROM (
							 (SELECT * FROM treg.census_persons(d.day, 169)
							  EXCEPT ALL SELECT * FROM pg_temp.census_rows(d.day, 169))
							 UNION ALL
							 (SELECT * FROM pg_temp.census_rows(d.day, 169)
							  EXCEPT ALL SELECT * FROM treg.census_persons(d.day, 169))) y) AS diff) x
$fn$;

-- (a) the demo registry as loaded
SELECT * FROM pg_temp.compare();

-- (b) corrections kept by the triggers: intensities, shortened and
-- lengthened segments, deletions, back-dated inserts into gaps, a changed
-- substance group, an episode's segments deleted
SELECT setseed(0.13);
UPDATE treg.segment SET intensity = treg.intensity(1 + (treg.intensity_rank(intensity) % 3))
WHERE segment_id % 7 = 0;
UPDATE treg.segment SET end_date = greatest(start_date, end_date - 20)
WHERE segment_id % 5 = 1 AND end_date IS NOT NULL;
DELETE FROM treg.segment WHERE segment_id % 11 = 3;
UPDATE treg.episode SET substance_group = CASE substance_group WHEN 'alcohol' THEN 'opioid'
	WHEN 'opioid' THEN 'non_opioid' ELSE 'alcohol' END
WHERE episode_id % 9 = 4;
DELETE FROM treg.segment WHERE episode_id % 23 = 5;
CREATE TEMP TABLE op_log (op text, ok boolean);
DO $ops$
DECLARE
	g record;
	next_id bigint := (SELECT max(segment_id) FROM treg.segment) + 1;
	n integer := 0;
BEGIN
	/* back-dated inserts: a segment in a gap of at least 10 days between two segments of an episode */
	FOR g IN
		SELECT episode_id, person_id, end_date + 1 AS gap_from, next_start - 1 AS gap_to
		FROM (SELECT s.*, lead(s.start_date) OVER (PARTITION BY s.episode_id ORDER BY s.start_date) AS next_start
			  FROM treg.segment s) x
		WHERE next_start - end_date > 10
		ORDER BY episode_id, start_date
	LOOP
		n := n + 1;
		EXIT WHEN n > 150;
		BEGIN
			INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date)
			VALUES (next_id, g.episode_id, g.person_id, treg.intensity(1 + floor(random() * 3)::int),
					g.gap_from + 2, g.gap_to - floor(random() * 3)::int);
			next_id := next_id + 1;
			INSERT INTO op_log VALUES ('back-dated insert', true);
		EXCEPTION WHEN exclusion_violation OR check_violation THEN
			INSERT INTO op_log VALUES ('back-dated insert', false);
		END;
	END LOOP;
	/* lengthen: the last segment of some discharged episodes ends later (inside the episode) */
	FOR g IN
		SELECT s.segment_id FROM treg.segment s
		WHERE s.segment_id % 13 = 2 AND s.end_date IS NOT NULL
		ORDER BY s.segment_id
	LOOP
		BEGIN
			UPDATE treg.segment SET end_date = end_date + 15 WHERE segment_id = g.segment_id;
			INSERT INTO op_log VALUES ('lengthen', true);
		EXCEPTION WHEN exclusion_violation OR check_violation THEN
			INSERT INTO op_log VALUES ('lengthen', false);
		END;
	END LOOP;
END
$ops$;
SELECT op, count(*) FILTER (WHERE ok) > 0 AS some_applied FROM op_log GROUP BY op ORDER BY op;
SELECT count(*) AS state_differences FROM treg.state_check();
SELECT * FROM pg_temp.compare();
-- the shortened segments left gaps inside episodes: some census days fall
-- in one (the episode spans the day, intensity_on is NULL), so the test
-- covers the persons the span index finds but the timeline leaves out
SELECT count(*) > 0 AS gap_days_tested
FROM census_day d JOIN treg.episode_state es
	ON es.first_day <= d.day AND (es.last_day IS NULL OR es.last_day >= d.day)
WHERE treg.intensity_on(es.timeline, d.day) IS NULL;

-- (c) maintenance off, a bulk change (the state is stale), on again
SELECT treg.state_maintenance(false) AS was_on;
DELETE FROM treg.segment WHERE person_id % 17 = 1;
UPDATE treg.segment SET start_date = start_date - 5 WHERE segment_id % 19 = 0
	AND NOT EXISTS (SELECT FROM treg.segment t WHERE t.episode_id = segment.episode_id
					AND t.segment_id <> segment.segment_id
					AND t.start_date < segment.start_date AND coalesce(t.end_date, 'infinity') >= segment.start_date - 5)
	AND start_date - 5 >= (SELECT e.enrol_date FROM treg.episode e WHERE e.episode_id = segment.episode_id);
SELECT count(*) > 0 AS stale FROM treg.state_check();
SELECT treg.state_maintenance(true) AS was_on;
SELECT count(*) AS state_differences FROM treg.state_check();
SELECT * FROM pg_temp.compare();
ROLLBACK;
