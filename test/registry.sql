-- The reference registry schema: tables, keys, constraints, pg_dump config.
BEGIN;
SELECT plan(24);

SELECT has_schema('treg', 'schema treg exists');
SELECT tables_are('treg', ARRAY['person', 'provider', 'request', 'episode', 'segment', 'tariff',
	'capacity', 'report_config', 'report_secret', 'report_label', 'report_info', 'pseudonym_key',
	'person_import', 'person_source', 'import_audit',
	'person_state', 'episode_state', 'state_control',
	'staging_person', 'staging_provider', 'staging_request', 'staging_episode', 'staging_segment',
	'staging_tariff', 'load_rejection'],
	'schema treg has the seven reference tables, the report settings, labels and titles, the pseudonym key, the import tables, the maintained state and the bulk-load tables');
SELECT col_is_pk('treg', 'person', 'person_id', 'person_id is the key of person');
SELECT col_is_pk('treg', 'episode', 'episode_id', 'episode_id is the key of episode');
SELECT col_is_pk('treg', 'segment', 'segment_id', 'segment_id is the key of segment');
SELECT col_type_is('treg', 'segment', 'intensity', 'treg', 'intensity', 'segment.intensity is treg.intensity');
SELECT fk_ok('treg', 'segment', ARRAY['episode_id', 'person_id'], 'treg', 'episode', ARRAY['episode_id', 'person_id'],
	'segment (episode_id, person_id) references episode');
SELECT fk_ok('treg', 'episode', 'person_id', 'treg', 'person', 'person_id', 'episode references person');

SELECT set_eq(
	$$SELECT unnest(extconfig)::regclass::text FROM pg_extension WHERE extname = 'treg'$$,
	ARRAY['treg.person', 'treg.provider', 'treg.request', 'treg.episode', 'treg.segment', 'treg.tariff',
		  'treg.capacity', 'treg.report_config', 'treg.report_secret', 'treg.person_import',
		  'treg.person_source', 'treg.import_audit', 'treg.load_rejection', 'treg.load_batch_seq'],
	'every registry table, the report settings, the record-key secret, the import tables and the load rejections are registered with pg_extension_config_dump (the pseudonym key, the derived state and staging are not)');

INSERT INTO treg.person VALUES (1, false, '1980-01-01', 'male', 169), (2, true, NULL, NULL, 101);
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
INSERT INTO treg.request VALUES (1, 1, '2025-01-02', 'alcohol', 'SUL141', '2025-01-10', NULL);
INSERT INTO treg.episode VALUES (10, 1, 1, 1, '2025-01-10', NULL, NULL, 'alcohol');
INSERT INTO treg.segment VALUES (100, 10, 1, 'dag', '2025-01-10', '2025-06-30', '2026-01-09', false);

SELECT throws_ok($$INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2025-06-30', NULL, NULL, false)$$,
	'23P01', NULL, 'overlapping segments of one episode are rejected');
SELECT lives_ok($$INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2025-07-01', NULL, NULL, false)$$,
	'an adjacent segment of the same episode is accepted');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (102, 10, 1, 'ambulant', '2026-01-01', '2026-02-01', NULL, false)$$,
	'23P01', NULL, 'a segment overlapping an open segment is rejected');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (103, 10, 2, 'ambulant', '2024-01-01', '2024-01-31', NULL, false)$$,
	'23503', NULL, 'a segment whose person differs from its episode''s is rejected');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (104, 10, 1, 'dag', '2025-01-10', '2025-01-09', NULL, false)$$,
	'23514', NULL, 'a segment ending before it starts is rejected');
SELECT throws_ok($$INSERT INTO treg.segment VALUES (105, 10, 1, NULL, '2031-01-10', NULL, NULL, false)$$,
	'23502', NULL, 'a segment without intensity is rejected');
SELECT throws_ok($$INSERT INTO treg.episode VALUES (11, 1, 1, NULL, '2025-01-10', '2025-01-09', 'completed', 'alcohol')$$,
	'23514', NULL, 'an episode discharged before enrolment is rejected');
SELECT throws_ok($$INSERT INTO treg.episode VALUES (12, 1, 1, NULL, '2025-01-10', '2025-02-01', NULL, 'alcohol')$$,
	'23514', NULL, 'a discharge without a reason is rejected');
SELECT throws_ok($$INSERT INTO treg.episode VALUES (13, 1, 1, NULL, '2025-01-10', NULL, 'completed', 'alcohol')$$,
	'23514', NULL, 'a reason without a discharge is rejected');
SELECT throws_ok($$INSERT INTO treg.episode VALUES (14, 1, 1, NULL, '2025-01-10', NULL, NULL, 'tobacco')$$,
	'23514', NULL, 'an unknown substance group is rejected');
SELECT throws_ok($$INSERT INTO treg.request VALUES (2, 1, '2025-01-02', 'alcohol', 'SUL141', '2025-01-01', NULL)$$,
	'23514', NULL, 'a request initiated before it was made is rejected');
SELECT throws_ok($$INSERT INTO treg.person VALUES (3, false, NULL, 'x', 169)$$,
	'23514', NULL, 'an unknown sex is rejected');

INSERT INTO treg.tariff VALUES (1, 1, 'dag', '2025-01-01', '2025-12-31', 1500);
SELECT lives_ok($$INSERT INTO treg.tariff VALUES (2, 1, 'ambulant', '2025-01-01', NULL, 300)$$,
	'a tariff for another intensity over the same period is accepted');
SELECT throws_ok($$INSERT INTO treg.tariff VALUES (3, 1, 'dag', '2025-12-31', NULL, 1600)$$,
	'23P01', NULL, 'two prices for one provider, intensity and day are rejected');
SELECT throws_ok($$INSERT INTO treg.tariff VALUES (4, 1, 'døgn', '2025-01-01', NULL, -1)$$,
	'23514', NULL, 'a negative price is rejected');

SELECT * FROM finish();
ROLLBACK;
