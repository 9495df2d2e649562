BEGIN;
SET LOCAL search_path = treg, public;
SELECT plan(45);

-- functions, volatility, strictness, parallel safety
SELECT has_function('treg', 'demo_load', ARRAY['integer', 'integer', 'date', 'smallint', 'numeric'], 'demo_load(persons, seed, as_of, home_municipality, segments_per_person) exists');
SELECT has_function('treg', 'demo_segments', ARRAY['integer', 'integer', 'date', 'numeric'], 'demo_segments(persons, seed, as_of, segments_per_person) exists');
SELECT has_function('treg', 'demo_registry_segments', ARRAY['integer', 'integer', 'date', 'numeric'], 'demo_registry_segments exists');
SELECT has_function('treg', 'demo_persons', ARRAY['integer', 'integer', 'date', 'smallint'], 'demo_persons exists');
SELECT has_function('treg', 'demo_requests', ARRAY['integer', 'integer', 'date', 'numeric'], 'demo_requests exists');
SELECT has_function('treg', 'demo_episodes', ARRAY['integer', 'integer', 'date', 'numeric'], 'demo_episodes exists');
SELECT has_function('treg', 'demo_providers', ARRAY[]::text[], 'demo_providers exists');
SELECT has_function('treg', 'demo_tariffs', ARRAY['date'], 'demo_tariffs exists');
SELECT volatility_is('treg', 'demo_load', ARRAY['integer', 'integer', 'date', 'smallint', 'numeric'], 'volatile', 'demo_load is volatile');
SELECT volatility_is('treg', 'demo_segments', ARRAY['integer', 'integer', 'date', 'numeric'], 'immutable', 'demo_segments is immutable');
-- not strict (segments_per_person NULL is the natural shape), but a NULL
-- in any other argument gives nothing, as a strict function would
SELECT isnt_strict('treg', 'demo_load', ARRAY['integer', 'integer', 'date', 'smallint', 'numeric'], 'demo_load is not strict: segments_per_person may be NULL');
SELECT isnt_strict('treg', 'demo_segments', ARRAY['integer', 'integer', 'date', 'numeric'], 'demo_segments is not strict: segments_per_person may be NULL');
SELECT is_strict('treg', 'demo_persons', ARRAY['integer', 'integer', 'date', 'smallint'], 'demo_persons is strict');
SELECT is(
	(SELECT count(*)::int FROM treg.demo_segments(NULL, 1, '2026-04-08', 10))
	+ (SELECT count(*)::int FROM treg.demo_requests(10, NULL))
	+ (SELECT count(*)::int FROM treg.demo_episodes(10, 1, NULL))
	+ (SELECT count(*)::int FROM treg.demo_registry_segments(NULL))
	+ (SELECT count(*)::int FROM treg.demo_load(10, 1, '2026-04-08', NULL)),
	0, 'a NULL persons, seed, as_of or home_municipality gives no rows');
SELECT is(
	(SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace AND p.proname LIKE 'demo\_%' AND p.proparallel <> 's'),
	ARRAY['demo_load'],
	'every demo function but demo_load is parallel safe');
SELECT is(
	(SELECT count(*)::int FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace AND p.proname LIKE 'demo\_%'
	   AND obj_description(p.oid, 'pg_proc') IS NULL),
	0, 'every demo function has a comment');

-- the load: counts match the generator functions
SELECT results_eq(
	$$SELECT table_name, row_count FROM treg.demo_load(1000, 3)$$,
	$$VALUES ('person'::text, (SELECT count(*) FROM treg.demo_persons(1000, 3))),
	         ('provider', (SELECT count(*) FROM treg.demo_providers())),
	         ('request', (SELECT count(*) FROM treg.demo_requests(1000, 3))),
	         ('episode', (SELECT count(*) FROM treg.demo_episodes(1000, 3))),
	         ('segment', (SELECT count(*) FROM treg.demo_segments(1000, 3))),
	         ('tariff', (SELECT count(*) FROM treg.demo_tariffs()))$$,
	'demo_load returns the rows per table, as many as the generators give');
SELECT results_eq(
	$$SELECT 'person'::text, count(*) FROM treg.person
	  UNION ALL SELECT 'provider', count(*) FROM treg.provider
	  UNION ALL SELECT 'request', count(*) FROM treg.request
	  UNION ALL SELECT 'episode', count(*) FROM treg.episode
	  UNION ALL SELECT 'segment', count(*) FROM treg.segment
	  UNION ALL SELECT 'tariff', count(*) FROM treg.tariff$$,
	$$VALUES ('person'::text, 1000::bigint),
	         ('provider', 38), ('request', (SELECT count(*) FROM treg.demo_requests(1000, 3))),
	         ('episode', (SELECT count(*) FROM treg.demo_episodes(1000, 3))),
	         ('segment', (SELECT count(*) FROM treg.demo_segments(1000, 3))),
	         ('tariff', (SELECT count(*) FROM treg.demo_tariffs()))$$,
	'the registry holds what demo_load reported');
SELECT is((SELECT count(*)::int FROM treg.person), 1000, 'one row per person');

-- the same arguments give the same rows, in any order of generation
SELECT results_eq(
	$$SELECT * FROM treg.segment ORDER BY segment_id$$,
	$$SELECT segment_id, episode_id, person_id, intensity, start_date, end_date,
	         planned_end_date, opioid_substitution
	  FROM treg.demo_registry_segments(1000, 3) ORDER BY segment_id$$,
	'segments regenerated equal the loaded ones');
SELECT results_eq(
	$$SELECT * FROM treg.demo_episodes(400, 3) ORDER BY episode_id$$,
	$$SELECT * FROM treg.demo_episodes(1000, 3) WHERE person_id <= 400 ORDER BY episode_id$$,
	'a person''s history does not depend on how many persons are generated');
SELECT isnt(
	(SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM treg.demo_segments(200, 3) s),
	(SELECT md5(string_agg(s::text, ',' ORDER BY segment_id)) FROM treg.demo_segments(200, 4) s),
	'another seed gives other segments');

-- constraints hold (cross-checked in plain SQL)
SELECT is(
	(SELECT count(*)::int FROM treg.segment a JOIN treg.segment b
	   ON a.episode_id = b.episode_id AND a.segment_id < b.segment_id
	  AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')),
	0, 'no two segments of an episode overlap');
SELECT is(
	(SELECT count(*)::int FROM treg.segment s LEFT JOIN treg.episode e USING (episode_id, person_id)
	 WHERE e.episode_id IS NULL),
	0, 'every segment belongs to an episode of the same person');
SELECT is(
	(SELECT count(*)::int FROM treg.episode WHERE (discharge_date IS NULL) <> (discharge_reason IS NULL)),
	0, 'a discharge reason exactly when discharged');
SELECT is(
	(SELECT count(*)::int FROM treg.request WHERE initiation_date < request_date),
	0, 'no request initiated before it was made');
SELECT is(
	(SELECT count(*)::int FROM treg.tariff a JOIN treg.tariff b
	   ON a.provider_id = b.provider_id AND a.intensity = b.intensity AND a.tariff_id < b.tariff_id
	  AND daterange(a.valid_from, a.valid_to, '[]') && daterange(b.valid_from, b.valid_to, '[]')),
	0, 'tariffs of a provider and intensity never overlap');
SELECT is(
	(SELECT count(*)::int FROM treg.segment s JOIN treg.episode e USING (episode_id)
	 WHERE s.start_date < e.enrol_date OR s.end_date > e.discharge_date
	    OR (s.end_date IS NULL) <> (e.discharge_date IS NULL AND s.start_date = (
	         SELECT max(start_date) FROM treg.segment x WHERE x.episode_id = e.episode_id))),
	0, 'segments lie within their episode; only the last segment of an open episode is open');
SELECT is(
	(SELECT count(*)::int FROM treg.episode e JOIN treg.request r USING (request_id)
	 WHERE e.enrol_date <> r.initiation_date OR e.person_id <> r.person_id),
	0, 'an episode starts on its request''s initiation date');
SELECT ok(
	(SELECT count(*) FROM treg.tariff t WHERE t.valid_to IS NULL) = 38 * 3,
	'one current tariff per provider and intensity');
SELECT ok(
	NOT EXISTS (SELECT FROM treg.segment s JOIN treg.episode e USING (episode_id)
	            WHERE NOT EXISTS (SELECT FROM treg.tariff t
	                              WHERE t.provider_id = e.provider_id AND t.intensity = s.intensity
	                                AND s.start_date BETWEEN t.valid_from AND coalesce(t.valid_to, 'infinity'))),
	'every segment start has a tariff');

-- the foreign keys are back after the load and enforced
SELECT throws_ok(
	$$INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date)
	  VALUES (1, 101, 2, 'ambulant', '2026-01-01')$$,
	'23503', NULL, 'segment foreign key (episode_id, person_id) enforced after the load');
SELECT throws_ok(
	$$INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date)
	  SELECT 1, episode_id, person_id, 'dag', start_date, start_date FROM treg.segment WHERE segment_id = 10101$$,
	'23P01', NULL, 'segment exclusion constraint enforced after the load');
SELECT is(
	(SELECT count(*)::int FROM pg_constraint
	 WHERE connamespace = 'treg'::regnamespace AND contype = 'f' AND convalidated),
	7, 'the six foreign keys of the loaded tables are back and validated (and capacity''s)');

-- errors
SELECT throws_ok($$SELECT * FROM treg.demo_load(-5)$$, '22023',
	'number of persons must not be negative', 'negative persons rejected');
SELECT throws_ok($$SELECT * FROM treg.demo_segments(5, 1, '-infinity')$$, '22023',
	'as_of date out of range for the demo registry', 'infinite as_of rejected');
SELECT throws_ok($$SELECT * FROM treg.demo_load(5, 1, '2026-04-08', 1000::smallint)$$, '22023',
	'home municipality code 1000 out of range', 'bad home municipality rejected');
SELECT is((SELECT count(*)::int FROM treg.person), 1000, 'a rejected load leaves the registry as it was');

-- a writer who does not own the tables can load too (foreign keys kept in place)
SET LOCAL ROLE treg_writer;
SELECT results_eq(
	$$SELECT row_count FROM treg.demo_load(200, 5) WHERE table_name = 'segment'$$,
	$$SELECT count(*) FROM treg.demo_segments(200, 5)$$,
	'treg_writer can run demo_load');
RESET ROLE;
SELECT is(
	(SELECT count(*)::int FROM pg_constraint
	 WHERE connamespace = 'treg'::regnamespace AND contype = 'f' AND convalidated),
	7, 'the foreign keys are untouched after a load by treg_writer');

-- sizing: about 1.75 segments per person
SELECT ok(
	(SELECT count(*) FROM treg.demo_segments(4000)) BETWEEN 1.6 * 4000 AND 1.9 * 4000,
	'about 1.75 segments per person');

-- segments_per_person: the average asked for, the same persons, the range
SELECT ok(
	(SELECT count(*) FROM treg.demo_segments(4000, 1, '2026-04-08', 10)) BETWEEN 9 * 4000 AND 11 * 4000,
	'segments_per_person 10: between 9 and 11 segments per person');
SELECT results_eq(
	$$SELECT * FROM treg.demo_segments(300, 2, '2026-04-08', NULL)$$,
	$$SELECT * FROM treg.demo_segments(300, 2)$$,
	'segments_per_person NULL is the natural shape');
SELECT throws_ok($$SELECT * FROM treg.demo_segments(5, 1, '2026-04-08', 0.5)$$, '22023',
	'segments per person 0.5 out of range', 'segments_per_person below 1 rejected');
SELECT throws_ok($$SELECT * FROM treg.demo_load(5, 1, '2026-04-08', 169::smallint, 51)$$, '22023',
	'segments per person 51 out of range', 'segments_per_person above 50 rejected by demo_load');

SELECT * FROM finish();
ROLLBACK;
