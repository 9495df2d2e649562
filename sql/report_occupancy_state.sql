-- treg.occupancy_days reads the maintained state (treg.episode_state); per
-- person, provider, intensity and month its days and place days must equal
-- those of a plain-SQL version over the rows (treg.segment, treg.episode,
-- treg.capacity: the 0.2.0 body before the state, one row per segment and
-- month), for several years and as-of dates (including years cut at the
-- as-of date), on a demo registry with places, after a batch of
-- corrections kept by the triggers, and after maintenance off and on.
\set SHOW_CONTEXT never
BEGIN;
SELECT count(*) FROM treg.demo_load(3000, 5, segments_per_person => 4);
-- places: periods that start and end inside months, open ones, one after the as-of date
TRUNCATE treg.capacity;
INSERT INTO treg.capacity (capacity_id, provider_id, intensity, valid_from, valid_to, places)
SELECT row_number() OVER (ORDER BY p.provider_id, i.r, k.k), p.provider_id, treg.intensity(i.r),
	   date '2020-03-17' + k.k * 400 + p.provider_id * 3,
	   CASE WHEN k.k < 4 THEN date '2020-03-17' + k.k * 400 + p.provider_id * 3 + 250 + i.r * 20 END,
	   10 + i.r
FROM treg.provider p, generate_series(1, 3) i(r), generate_series(0, 4) k(k)
WHERE (p.provider_id + i.r) % 3 <> 0;
INSERT INTO treg.capacity VALUES (1000, 1, 'døgn', '2026-05-01', NULL, 5)
	ON CONFLICT DO NOTHING;
SELECT (SELECT count(*) FROM treg.segment) AS segments, (SELECT count(*) FROM treg.capacity) AS capacity_periods;

-- the occupancy days from the rows: per segment and month
CREATE FUNCTION pg_temp.occupancy_rows(year integer, as_of date)
	RETURNS TABLE (person_id bigint, provider_id integer, intensity treg.intensity, month date,
				   days integer, capacity_days integer)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH months AS (
		SELECT m::date AS m0, (m + interval '1 month - 1 day')::date AS m1
		FROM generate_series(make_date(occupancy_rows.year, 1, 1)::timestamp,
							 least(make_date(occupancy_rows.year, 12, 1), occupancy_rows.as_of)::timestamp,
							 interval '1 month') m
	), seg AS (
		SELECT s.person_id, e.provider_id, s.intensity, mo.m0,
			   greatest(s.start_date, mo.m0) AS d0, least(coalesce(s.end_date, 'infinity'), mo.m1) AS d1,
			   treg.days_in_period(s.start_date, s.end_date, mo.m0, mo.m1, occupancy_rows.as_of) AS days
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		JOIN months mo ON treg.overlaps_period(s.start_date, s.end_date, mo.m0, mo.m1, occupancy_rows.as_of)
	)
	SELECT g.person_id, g.provider_id, g.intensity, g.m0, g.days,
		   coalesce((SELECT sum(treg.days_in_period(c.valid_from, c.valid_to, g.d0, g.d1,
													occupancy_rows.as_of))::integer
					 FROM treg.capacity c
					 WHERE c.provider_id = g.provider_id AND c.intensity = g.intensity
					   AND treg.overlaps_period(c.valid_from, c.valid_to, g.d0, g.d1, occupancy_rows.as_of)), 0)
	FROM seg g
$fn$;

-- the years and as-of dates compared
CREATE TEMP TABLE occ_case AS
SELECT y AS year, a AS as_of
FROM (VALUES (2021, date '2026-04-08'), (2022, '2026-04-08'), (2023, '2026-04-08'), (2024, '2026-04-08'),
			 (2025, '2026-04-08'), (2026, '2026-04-08'), (2025, '2025-09-14'), (2024, '2024-02-29'),
			 (2026, '2026-12-31'), (2023, '2023-01-01')) v(y, a);

-- per case: rows, days and place days of the rows version, and the
-- (person, provider, intensity, month) sums found in one but not the other
CREATE FUNCTION pg_temp.compare()
	RETURNS TABLE (cases bigint, person_months bigint, days bigint, capacity_days bigint, differences bigint)
	LANGUAGE sql STABLE AS $fn$
	SELECT count(*), sum(x.n), sum(x.days), sum(x.cdays), sum(x.diff)
	FROM occ_case oc,
		 LATERAL (
			 WITH r AS (SELECT o.person_id, o.provider_id, o.intensity::text AS intensity, o.month,
							   sum(o.days) AS days, sum(o.capacity_days) AS cdays
						FROM pg_temp.occupancy_rows(oc.year, oc.as_of) o GROUP BY 1, 2, 3, 4),
				  s AS (SELECT o.person_id, o.provider_id, o.intensity::text AS intensity, o.month,
							   sum(o.days) AS days, sum(o.capacity_days) AS cdays
						FROM treg.occupancy_days(oc.year, oc.as_of) o GROUP BY 1, 2, 3, 4)
			 SELECT (SELECT count(*) FROM r) AS n, (SELECT sum(r.days) FROM r) AS days,
					(SELECT sum(r.cdays) FROM r) AS cdays,
					(SELECT count(*) FROM ((TABLE r EXCEPT ALL TABLE s) UNION ALL (TABLE s EXCEPT ALL TABLE r)) d) AS diff) x
$fn$;

-- (a) the demo registry as loaded
SELECT * FROM pg_temp.compare();

-- (b) corrections kept by the triggers: intensities, shortened segments,
-- deletions, segments moved to another provider's episode dates, an
-- episode's provider changed
UPDATE treg.segment SET intensity = treg.intensity(1 + (treg.intensity_rank(intensity) % 3))
WHERE segment_id % 7 = 0;
UPDATE treg.segment SET end_date = greatest(start_date, end_date - 20)
WHERE segment_id % 5 = 1 AND end_date IS NOT NULL;
DELETE FROM treg.segment WHERE segment_id % 11 = 3;
UPDATE treg.episode SET provider_id = 1 + provider_id % (SELECT max(provider_id) FROM treg.provider)
WHERE episode_id % 9 = 4;
DELETE FROM treg.segment WHERE episode_id % 23 = 5;
SELECT count(*) AS state_differences FROM treg.state_check();
SELECT * FROM pg_temp.compare();

-- (c) maintenance off, a bulk change (the state is stale), on again
SELECT treg.state_maintenance(false) AS was_on;
DELETE FROM treg.segment WHERE person_id % 17 = 1;
UPDATE treg.segment SET end_date = greatest(start_date, end_date - 9) WHERE segment_id % 19 = 0;
SELECT count(*) > 0 AS stale FROM treg.state_check();
SELECT treg.state_maintenance(true) AS was_on;
SELECT count(*) AS state_differences FROM treg.state_check();
SELECT * FROM pg_temp.compare();
ROLLBACK;
