-- Contracts of the set-wise validation, the bulk load and the maintained
-- state: error codes, privileges, volatility, exactness.
BEGIN;
SELECT plan(38);

-- validation: SQLSTATEs for INSERT, multi-row INSERT, UPDATE, episode dates
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
INSERT INTO treg.person VALUES (1, false, '1980-01-01', 'male', 169), (2, false, NULL, NULL, 169);
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
INSERT INTO treg.episode VALUES (10, 1, 1, NULL, '2025-01-10', NULL, NULL, 'alcohol'),
	(20, 2, 1, NULL, '2025-01-01', '2025-12-31', 'completed', 'opioid');
INSERT INTO treg.segment VALUES (100, 10, 1, 'dag', '2025-01-10', '2025-06-30', NULL, false),
	(200, 20, 2, 'dag', '2025-01-01', '2025-03-31', NULL, false);

SELECT hasnt_index('treg', 'segment', 'segment_no_overlap_in_episode', 'the GiST exclusion constraint is gone');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2025-06-30', NULL, NULL, false)$$,
	'23P01', 'segments violate rule "segment_no_overlap_in_episode"', 'INSERT overlapping an existing segment: 23P01');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2025-07-01', '2025-07-31', NULL, false),
	(102, 10, 1, 'dag', '2025-07-31', NULL, NULL, false)$$,
	'23P01', NULL, 'multi-row INSERT overlapping inside the batch: 23P01');
SELECT throws_ok($$UPDATE treg.segment SET end_date = NULL WHERE segment_id = 100;
	INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2026-07-01', NULL, NULL, false)$$,
	'23P01', NULL, 'a segment after an open one overlaps it: 23P01');
SELECT throws_ok($$UPDATE treg.segment SET episode_id = 10, person_id = 1, start_date = '2025-02-01', end_date = '2025-02-28'
	WHERE segment_id = 200$$,
	'23P01', NULL, 'UPDATE moving a segment onto another episode''s segment: 23P01');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (103, 10, 1, 'dag', '2025-01-09', '2025-01-09', NULL, false)$$,
	'23514', 'segment violates rule "segment_within_episode"', 'a segment before its episode''s enrolment: 23514');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (201, 20, 2, 'dag', '2025-04-01', NULL, NULL, false)$$,
	'23514', NULL, 'an open segment in a discharged episode: 23514');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (201, 20, 2, 'dag', '2025-04-01', '2026-01-01', NULL, false)$$,
	'23514', NULL, 'a segment ending after its episode''s discharge: 23514');
SELECT throws_ok($$UPDATE treg.episode SET discharge_date = '2025-03-30' WHERE episode_id = 20$$,
	'23514', NULL, 'discharging an episode before its segments end: 23514');
SELECT throws_ok($$UPDATE treg.episode SET enrol_date = '2025-01-11' WHERE episode_id = 10$$,
	'23514', NULL, 'moving an enrolment after its first segment: 23514');
SELECT lives_ok($$UPDATE treg.episode SET discharge_date = '2025-03-31' WHERE episode_id = 20$$,
	'discharging on the last day of the last segment is fine');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (104, 10, 1, 'dag', '2025-08-01', 'infinity', NULL, false)$$,
	'23514', NULL, 'an infinite end date: 23514');
SELECT throws_ok($$INSERT INTO treg.provider VALUES (2, repeat('x', 201), 'x', true, false)$$,
	'23514', NULL, 'a provider name over 200 characters: 23514');

-- the errors give keys only
SELECT throws_like($$INSERT INTO treg.segment VALUES (105, 10, 1, 'dag', '2025-02-01', '2025-02-02', NULL, false)$$,
	'%segment_no_overlap_in_episode%', 'the message names the rule');
CREATE FUNCTION pg_temp.error_detail(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
	EXECUTE stmt;
	RETURN NULL;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN d;
END $$;
SELECT is(pg_temp.error_detail($$INSERT INTO treg.segment VALUES (105, 10, 1, 'dag', '2025-02-01', '2025-02-02', NULL, false)$$),
	'Key (episode_id, segment_id)=(10, 105) overlaps key (episode_id, segment_id)=(10, 100): the segments of one episode must not share a day.',
	'the detail of an overlap gives the keys and no dates');
SELECT is(pg_temp.error_detail($$INSERT INTO treg.segment VALUES (103, 10, 1, 'dag', '2025-01-09', '2025-01-09', NULL, false)$$),
	'Key (episode_id, segment_id)=(10, 103) starts before its episode''s enrol_date.',
	'the detail of a segment outside its episode gives the keys and no dates');

-- state: exact after the statements above; privileges
SELECT is_empty('SELECT * FROM treg.state_check()', 'state_check() finds no difference');
SELECT results_eq('SELECT person_id, first_day, last_day FROM treg.person_state ORDER BY 1',
	$$VALUES (1::bigint, '2025-01-10'::date, '2025-06-30'::date), (2, '2025-01-01', '2025-03-31')$$,
	'person_state: first and last day per person');
SELECT results_eq($$SELECT episode_id, first_intensity::text, last_intensity::text, discharge_date FROM treg.episode_state ORDER BY 1$$,
	$$VALUES (10::bigint, 'dag', 'dag', NULL::date), (20, 'dag', 'dag', '2025-03-31')$$,
	'episode_state: intensities and the episode''s columns');
SELECT table_privs_are('treg', t, 'treg_writer', ARRAY['SELECT'], format('treg_writer only reads treg.%s', t))
FROM unnest(ARRAY['person_state', 'episode_state']) t;
SELECT table_privs_are('treg', t, 'treg_analyst', ARRAY[]::text[], format('treg_analyst has no privilege on treg.%s', t))
FROM unnest(ARRAY['person_state', 'episode_state', 'staging_segment', 'load_rejection']) t;
SELECT table_privs_are('treg', 'staging_segment', 'treg_writer', ARRAY['DELETE', 'INSERT', 'SELECT', 'TRUNCATE', 'UPDATE'],
	'treg_writer fills the staging tables');
SELECT table_privs_are('treg', 'load_rejection', 'treg_writer', ARRAY['SELECT'], 'treg_writer reads the rejections');
SELECT function_privs_are('treg', f, ARRAY[]::text[], 'treg_analyst', ARRAY[]::text[],
	format('treg_analyst cannot call treg.%s()', f))
FROM unnest(ARRAY['state_refresh', 'state_check']) f;
SELECT function_privs_are('treg', 'load_batch', ARRAY['boolean'], 'treg_analyst', ARRAY[]::text[],
	'treg_analyst cannot call treg.load_batch');
SELECT function_privs_are('treg', 'load_batch', ARRAY['boolean'], 'treg_writer', ARRAY['EXECUTE'],
	'treg_writer calls treg.load_batch');
SELECT volatility_is('treg', 'load_batch', ARRAY['boolean'], 'volatile', 'load_batch is VOLATILE');
SELECT volatility_is('treg', 'state_check', ARRAY[]::text[], 'stable', 'state_check is STABLE');

-- the writer loads a batch; counts add up
INSERT INTO treg.staging_person (person_id, municipality_code) VALUES (3, 169), (3, 169), (4, 169);
SET LOCAL ROLE treg_writer;
SELECT results_eq($$SELECT table_name, rows_in, loaded, rejected FROM treg.load_batch(true) WHERE table_name = 'person'$$,
	$$VALUES ('person'::text, 3::bigint, 1::bigint, 2::bigint)$$,
	'treg_writer loads a partial batch: duplicates rejected, the rest loaded');
SELECT is((SELECT count(*) FROM treg.load_rejection WHERE rule = 'person_pkey_duplicate_in_batch')::int, 2,
	'both copies of a duplicated key are listed');
RESET ROLE;
SELECT is((SELECT count(*) FROM treg.staging_person)::int, 0, 'staging is emptied after a successful call');
SELECT is_empty('SELECT * FROM treg.state_check()', 'state_check() finds no difference after the load');
SELECT count(*) FROM treg.state_refresh();
SELECT is(obj_description('treg.episode_state_enrol_date_idx'::regclass, 'pg_class'), 'episodes enrolled in a period',
	'state_refresh builds the indexes again with their comments');

SELECT * FROM finish();
ROLLBACK;
