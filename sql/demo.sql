-- demo registry: determinism, shape, constraints, errors
SET search_path = treg, public;

-- a small registry: rows per table
SELECT * FROM demo_load(300);

-- fingerprints of every table (integer generator: the same on every platform)
CREATE TEMP TABLE fp1 AS
SELECT 'person' AS t, md5(string_agg(p::text, ',' ORDER BY person_id)) AS h FROM person p
UNION ALL SELECT 'provider', md5(string_agg(p::text, ',' ORDER BY provider_id)) FROM provider p
UNION ALL SELECT 'request', md5(string_agg(r::text, ',' ORDER BY request_id)) FROM request r
UNION ALL SELECT 'episode', md5(string_agg(e::text, ',' ORDER BY episode_id)) FROM episode e
UNION ALL SELECT 'segment', md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM segment s
UNION ALL SELECT 'tariff', md5(string_agg(t::text, ',' ORDER BY tariff_id)) FROM tariff t;
SELECT * FROM fp1 ORDER BY t;

-- the same seed again gives identical rows
SELECT count(*) FROM demo_load(300);
SELECT t, h = (SELECT h FROM fp1 WHERE fp1.t = x.t) AS same
FROM (SELECT 'person' AS t, md5(string_agg(p::text, ',' ORDER BY person_id)) AS h FROM person p
      UNION ALL SELECT 'request', md5(string_agg(r::text, ',' ORDER BY request_id)) FROM request r
      UNION ALL SELECT 'episode', md5(string_agg(e::text, ',' ORDER BY episode_id)) FROM episode e
      UNION ALL SELECT 'segment', md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM segment s) x
ORDER BY t;

-- another seed differs
SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) <> (SELECT h FROM fp1 WHERE t = 'segment') AS differs
FROM demo_segments(300, 2) s;

-- the first persons' histories, in full
SELECT * FROM person WHERE person_id <= 3 ORDER BY person_id;
SELECT * FROM request WHERE person_id <= 3 ORDER BY request_id;
SELECT * FROM episode WHERE person_id <= 3 ORDER BY episode_id;
SELECT * FROM segment WHERE person_id <= 3 ORDER BY segment_id;
SELECT * FROM provider WHERE provider_id <= 3 ORDER BY provider_id;
SELECT * FROM tariff WHERE provider_id = 1 AND valid_from >= '2025-01-01' ORDER BY tariff_id;

-- demo_segments gives the registry's segments (without the substitution flag)
SELECT count(*) AS segments,
       count(*) FILTER (WHERE s IS DISTINCT FROM d) AS different
FROM (SELECT person_id, episode_id, segment_id, intensity, start_date, end_date, planned_end_date
      FROM segment) s
FULL JOIN demo_segments(300) d USING (segment_id);

-- shape of a larger registry
SELECT * FROM demo_load(3000);

-- waits: most within the 14-day guarantee, some not; some still waiting
SELECT avg((initiation_date - request_date <= 14)::int) BETWEEN 0.80 AND 0.95 AS most_within_14,
       bool_or(initiation_date - request_date > 14) AS some_later,
       bool_or(initiation_date - request_date <= 1) AS straks,
       bool_or(initiation_date IS NULL) AS some_waiting,
       bool_or(waiver IS NOT NULL) AS some_waivers
FROM request;

-- persons: a few percent from other municipalities, anonymous persons, ages
SELECT avg((municipality_code <> 169)::int) BETWEEN 0.01 AND 0.08 AS few_udenbys,
       avg(anonymous::int) BETWEEN 0.01 AND 0.06 AS some_anonymous,
       bool_and(anonymous = (birth_date IS NULL)) AS anonymous_without_birth_date,
       avg((sex = 'male')::int) BETWEEN 0.6 AND 0.8 AS mostly_men,
       bool_or(age('2026-04-08', birth_date) < interval '18 years') AS youth,
       bool_or(age('2026-04-08', birth_date) >= interval '70 years') AS elderly
FROM person;

-- providers: 38, the partner takes most episodes
SELECT (SELECT count(*) FROM provider) AS providers,
       count(DISTINCT provider_id) AS providers_used,
       (SELECT name FROM provider WHERE partner) AS partner,
       mode() WITHIN GROUP (ORDER BY provider_id) = 1 AS partner_takes_most,
       avg((provider_id = 1)::int) BETWEEN 0.3 AND 0.5 AS partner_share
FROM episode;

-- durations (enrol to discharge, open episodes up to as_of): median ~9
-- months for alcohol and non-opioids, years for opioids
SELECT substance_group,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY coalesce(discharge_date, '2026-04-08') - enrol_date + 1)
         BETWEEN CASE WHEN substance_group = 'opioid' THEN 730 ELSE 200 END
             AND CASE WHEN substance_group = 'opioid' THEN 3650 ELSE 330 END AS median_plausible,
       count(*) FILTER (WHERE discharge_date IS NULL) > 0 AS some_open
FROM episode GROUP BY 1 ORDER BY 1;

-- census on as_of: opioid treatment the largest group (as in Copenhagen)
SELECT substance_group = 'opioid' AS opioid_largest
FROM (SELECT e.substance_group, count(DISTINCT e.person_id) AS n
      FROM segment s JOIN episode e USING (episode_id, person_id)
      WHERE s.start_date <= '2026-04-08' AND (s.end_date IS NULL OR s.end_date >= '2026-04-08')
      GROUP BY 1 ORDER BY 2 DESC LIMIT 1) c;

-- transitions between consecutive segments of an episode
SELECT a.intensity AS from_intensity, b.intensity AS to_intensity,
       count(*) > 0 AS present
FROM segment a JOIN segment b ON b.episode_id = a.episode_id AND b.start_date = a.end_date + 1
GROUP BY 1, 2 ORDER BY 1, 2;

-- day treatment granted 12 months, 6 months from 2025-07-01
SELECT start_date >= '2025-07-01' AS from_policy,
       min(planned_end_date - start_date + 1) AS min_granted,
       max(planned_end_date - start_date + 1) AS max_granted
FROM segment WHERE intensity = 'dag' GROUP BY 1 ORDER BY 1;

-- re-enrolments after gaps, transfers without a new request
SELECT count(*) FILTER (WHERE b.enrol_date - a.discharge_date > 14) > 0 AS reenrolments,
       count(*) FILTER (WHERE a.discharge_reason = 'transferred' AND b.request_id IS NULL
                          AND b.provider_id <> a.provider_id) > 0 AS transfers
FROM episode a JOIN episode b ON b.person_id = a.person_id AND b.episode_id = a.episode_id + 1;

-- episodes and their segments agree; nothing starts after as_of
SELECT bool_and(first_start = enrol_date) AS starts_at_enrolment,
       bool_and(discharge_date IS NULL AND open_segments = 1
                OR discharge_date = last_end AND open_segments = 0) AS ends_at_discharge
FROM episode e
JOIN (SELECT episode_id, min(start_date) AS first_start, max(end_date) AS last_end,
             count(*) FILTER (WHERE end_date IS NULL) AS open_segments
      FROM segment GROUP BY 1) s USING (episode_id);
SELECT count(*) FILTER (WHERE next_start <> end_date + 1) AS gaps_or_overlaps,
       count(*) FILTER (WHERE end_date IS NULL AND next_start IS NOT NULL) AS open_not_last
FROM (SELECT end_date, lead(start_date) OVER (PARTITION BY episode_id ORDER BY start_date) AS next_start
      FROM segment) s;
SELECT (SELECT max(start_date) FROM segment) <= '2026-04-08' AS segments,
       (SELECT max(enrol_date) FROM episode) <= '2026-04-08' AS episodes,
       (SELECT max(discharge_date) FROM episode) <= '2026-04-08' AS discharges,
       (SELECT max(request_date) FROM request) <= '2026-04-08' AS requests,
       (SELECT max(initiation_date) FROM request) <= '2026-04-08' AS initiations,
       (SELECT max(valid_from) FROM tariff) <= '2026-04-08' AS tariffs;

-- the foreign keys dropped for the load are back, and hold
SELECT conrelid::regclass AS tbl, conname, contype
FROM pg_constraint
WHERE connamespace = 'treg'::regnamespace AND contype IN ('f', 'x')
ORDER BY 1, 2;

-- the other home municipality, an earlier as_of, an empty registry
SELECT * FROM demo_load(50, 7, '2020-01-01', 101::smallint) WHERE table_name = 'person';
SELECT count(*) FILTER (WHERE municipality_code = 101) > 40 AS home_101,
       (SELECT max(start_date) FROM segment) <= '2020-01-01' AS before_as_of
FROM person;
SELECT * FROM demo_load(0);

-- errors
SELECT * FROM demo_load(-1);
SELECT count(*) FROM demo_segments(10, 1, 'infinity');
SELECT count(*) FROM demo_segments(10, 1, '1900-01-01');
SELECT count(*) FROM demo_persons(10, 1, '2026-04-08', 42::smallint);
-- a failed load leaves the registry as it was
SELECT count(*) FROM demo_load(20);
SELECT * FROM demo_load(20, 1, '3000-01-01');
SELECT count(*) AS persons_kept FROM person;
-- NULL arguments: STRICT, nothing happens
SELECT count(*) FROM demo_load(NULL);
SELECT count(*) AS persons_kept FROM person;
-- segments_per_person: NULL is the natural shape, row for row
SELECT (SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM demo_segments(300, 1, '2026-04-08', NULL) s)
     = (SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM demo_segments(300) s) AS null_is_natural;
-- the average comes within 10 % of the value asked for
SELECT spp, count(*) AS segments, round(count(*) / 3000.0, 2) AS per_person,
       abs(count(*) / 3000.0 / spp - 1) < 0.10 AS within_10pct
FROM unnest(ARRAY[1, 1.5, 2.5, 10, 25, 50]::numeric[]) spp, demo_segments(3000, 1, '2026-04-08', spp)
GROUP BY spp ORDER BY spp;
-- the persons do not depend on it; a person's history does not depend on how many are generated
SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) AS segments_10
FROM demo_segments(300, 1, '2026-04-08', 10) s;
SELECT (SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM demo_segments(300, 1, '2026-04-08', 10) s)
     = (SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM demo_segments(600, 1, '2026-04-08', 10) s
        WHERE person_id <= 300) AS prefix_stable;
-- a registry with 10 segments a person: every constraint holds (the load checks them)
SELECT * FROM demo_load(1000, 1, '2026-04-08', 169::smallint, 10);
SELECT (SELECT md5(string_agg(p::text, ',' ORDER BY person_id)) FROM person p)
     = (SELECT md5(string_agg(p::text, ',' ORDER BY person_id)) FROM demo_persons(1000) p) AS same_persons,
       (SELECT count(*) FROM demo_requests(1000, 1, '2026-04-08', 10)) = (SELECT count(*) FROM request) AS requests,
       (SELECT count(*) FROM demo_episodes(1000, 1, '2026-04-08', 10)) = (SELECT count(*) FROM episode) AS episodes;
-- segments within their episode's dates, contiguous, no overlap, keys as documented
SELECT count(*) FILTER (WHERE s.start_date < e.enrol_date OR s.end_date > e.discharge_date
                           OR s.start_date > '2026-04-08') AS outside_episode,
       count(*) FILTER (WHERE s.segment_id / 100 <> s.episode_id OR s.segment_id % 100 = 0) AS bad_keys,
       count(*) FILTER (WHERE s.planned_end_date < s.start_date OR s.end_date < s.start_date) AS backwards,
       max(s.segment_id % 100) <= 99 AS j_fits
FROM segment s JOIN episode e USING (episode_id, person_id);
SELECT count(*) AS overlapping_pairs
FROM segment a JOIN segment b ON a.episode_id = b.episode_id AND a.segment_id < b.segment_id
 AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]');
SELECT count(*) FILTER (WHERE next_start <> end_date + 1) AS gaps_or_overlaps,
       count(*) FILTER (WHERE end_date IS NULL AND next_start IS NOT NULL) AS open_not_last
FROM (SELECT end_date, lead(start_date) OVER (PARTITION BY episode_id ORDER BY start_date) AS next_start
      FROM segment) s;
SELECT bool_and(first_start = enrol_date) AS starts_at_enrolment,
       bool_and(discharge_date IS NULL AND open_segments = 1
                OR discharge_date = last_end AND open_segments = 0) AS ends_at_discharge
FROM episode e
JOIN (SELECT episode_id, min(start_date) AS first_start, max(end_date) AS last_end,
             count(*) FILTER (WHERE end_date IS NULL) AS open_segments
      FROM segment GROUP BY 1) s USING (episode_id);
-- how it gets there: more episodes, outpatient care in authorisation periods, more changes
SELECT round(count(*) / 1000.0, 2) AS segments_per_person,
       round((SELECT count(*) FROM episode) / 1000.0, 2) AS episodes_per_person,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY planned_end_date - start_date + 1)
         FILTER (WHERE intensity = 'ambulant') AS median_ambulant_period,
       count(*) FILTER (WHERE intensity <> 'ambulant') AS intensive
FROM segment;
-- errors (nothing is emptied)
SELECT count(*) FROM demo_segments(10, 1, '2026-04-08', 0.99);
SELECT count(*) FROM demo_episodes(10, 1, '2026-04-08', 50.01);
SELECT count(*) FROM demo_requests(10, 1, '2026-04-08', 'NaN');
SELECT * FROM demo_load(20, 1, '2026-04-08', 169::smallint, 100);
SELECT count(*) AS persons_kept FROM person;
-- NULL persons, seed or as_of: no rows, as before
SELECT count(*) FROM demo_segments(NULL, 1, '2026-04-08', 10);
SELECT count(*) FROM demo_registry_segments(10, NULL);
SELECT count(*) FROM demo_load(NULL, segments_per_person => 10);
SELECT count(*) AS persons_kept FROM person;
-- leave the registry empty for the tests that follow
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM provider) + (SELECT count(*) FROM request)
	+ (SELECT count(*) FROM episode) + (SELECT count(*) FROM segment) + (SELECT count(*) FROM tariff) AS rows_left;
