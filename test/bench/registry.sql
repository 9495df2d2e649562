-- test/bench/registry.sql: bulk load and maintained state of the registry.
--
--   psql -X -d scratch -v segments=1000000 -f test/bench/registry.sql
--
-- Needs treg and treg_demo, a superuser (server-side COPY files in
-- :dir, default /tmp) and an empty scratch database: the registry is
-- emptied.  The demo generator makes 1.75 segments a person (the current
-- generators; the persons are ceil(segments / 1.75)).
--   (a) the six tables of the demo registry written to files, then
--       limit: COPY into unconstrained tables (no key, no index);
--       treg:  COPY into the staging tables + treg.load_batch(), end to end;
--   (b) 100 000 corrected segments (UPDATE: end one day earlier, planned
--       end one day later) and 100 000 new segments (INSERT of deleted
--       rows) with the state maintained and without (maintenance off);
--   (c) treg.state_refresh() of the whole registry;
--   (d) bytes of state per person and per segment.
\set ON_ERROR_STOP 1
\set QUIET 1
\pset footer off
\if :{?segments}
\else
\set segments 1000000
\endif
\if :{?dir}
\else
\set dir /tmp
\endif
SET client_min_messages = warning;
SELECT ceil(:segments / 1.75)::int AS persons \gset
SELECT :'dir' || '/treg_bench_' || pg_backend_pid() || '_' AS prefix \gset

TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.provider, treg.person;
SELECT count(*) FROM treg.state_refresh() \gset
COPY (SELECT * FROM treg.demo_persons(:persons)) TO :'prefix''person';
COPY (SELECT * FROM treg.demo_providers()) TO :'prefix''provider';
COPY (SELECT * FROM treg.demo_requests(:persons)) TO :'prefix''request';
COPY (SELECT * FROM treg.demo_episodes(:persons)) TO :'prefix''episode';
COPY (SELECT segment_id, episode_id, person_id, intensity, start_date, end_date, planned_end_date,
	opioid_substitution FROM treg.demo_registry_segments(:persons)) TO :'prefix''segment';
COPY (SELECT * FROM treg.demo_tariffs()) TO :'prefix''tariff';
CHECKPOINT;

-- (a) the limit: COPY into unconstrained tables
DROP TABLE IF EXISTS bench_person, bench_provider, bench_request, bench_episode, bench_segment, bench_tariff;
CREATE TABLE bench_person (LIKE treg.person);
CREATE TABLE bench_provider (LIKE treg.provider);
CREATE TABLE bench_request (LIKE treg.request);
CREATE TABLE bench_episode (LIKE treg.episode);
CREATE TABLE bench_segment (LIKE treg.segment);
CREATE TABLE bench_tariff (LIKE treg.tariff);
SELECT clock_timestamp() AS t0 \gset
BEGIN;
COPY bench_person FROM :'prefix''person';
COPY bench_provider FROM :'prefix''provider';
COPY bench_request FROM :'prefix''request';
COPY bench_episode FROM :'prefix''episode';
COPY bench_segment FROM :'prefix''segment';
COPY bench_tariff FROM :'prefix''tariff';
COMMIT;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS copy_s \gset
SELECT count(*) AS n_segments FROM bench_segment \gset
DROP TABLE bench_person, bench_provider, bench_request, bench_episode, bench_segment, bench_tariff;
CHECKPOINT;

-- (a) treg: COPY into staging, then load_batch, in one transaction
SELECT clock_timestamp() AS t0 \gset
BEGIN;
COPY treg.staging_person (person_id, anonymous, birth_date, sex, municipality_code) FROM :'prefix''person';
COPY treg.staging_provider (provider_id, name, name_key, internal, partner) FROM :'prefix''provider';
COPY treg.staging_request (request_id, person_id, request_date, track, legal_basis, initiation_date, waiver)
	FROM :'prefix''request';
COPY treg.staging_episode (episode_id, person_id, provider_id, request_id, enrol_date, discharge_date,
	discharge_reason, substance_group) FROM :'prefix''episode';
COPY treg.staging_segment (segment_id, episode_id, person_id, intensity, start_date, end_date,
	planned_end_date, opioid_substitution) FROM :'prefix''segment';
COPY treg.staging_tariff (tariff_id, provider_id, intensity, valid_from, valid_to, price_per_day)
	FROM :'prefix''tariff';
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS stage_s \gset
SELECT sum(loaded) AS loaded_rows, sum(rejected) AS rejected_rows FROM treg.load_batch() \gset
COMMIT;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS load_s \gset
\echo (a) bulk load
SELECT :n_segments AS segments, :loaded_rows AS rows_loaded, :rejected_rows AS rows_rejected,
	round(:copy_s, 1) AS "plain COPY s", round(:stage_s, 1) AS "COPY to staging s",
	round(:load_s - :stage_s, 1) AS "load_batch s", round(:load_s, 1) AS "treg total s",
	round(:n_segments / :load_s) AS "treg segments/s", round(:n_segments / :copy_s) AS "limit segments/s",
	round(:load_s / :copy_s, 1) AS "ratio treg/limit";
VACUUM ANALYZE treg.segment, treg.episode, treg.person_state, treg.episode_state;

-- (b) 100 000 corrected and 100 000 new segments, state maintained or not
CREATE TEMP TABLE corr AS
SELECT * FROM treg.segment WHERE end_date > start_date ORDER BY hashint8(segment_id) LIMIT 100000;
CREATE INDEX ON corr (segment_id);
ANALYZE corr;
BEGIN;
UPDATE treg.state_control SET maintained = false;
SELECT clock_timestamp() AS t0 \gset
UPDATE treg.segment s SET end_date = s.end_date - 1, planned_end_date = s.planned_end_date + 1
FROM corr c WHERE c.segment_id = s.segment_id;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS upd_off_s \gset
ROLLBACK;
BEGIN;
SELECT clock_timestamp() AS t0 \gset
UPDATE treg.segment s SET end_date = s.end_date - 1, planned_end_date = s.planned_end_date + 1
FROM corr c WHERE c.segment_id = s.segment_id;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS upd_on_s \gset
ROLLBACK;
BEGIN;
UPDATE treg.state_control SET maintained = false;
DELETE FROM treg.segment s USING corr c WHERE c.segment_id = s.segment_id;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO treg.segment SELECT * FROM corr;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS ins_off_s \gset
ROLLBACK;
BEGIN;
UPDATE treg.state_control SET maintained = false;
DELETE FROM treg.segment s USING corr c WHERE c.segment_id = s.segment_id;
UPDATE treg.state_control SET maintained = true;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO treg.segment SELECT * FROM corr;
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS ins_on_s \gset
ROLLBACK;
\echo (b) 100 000 segments: state maintained vs not
SELECT 'UPDATE (corrections)' AS statement, round(:upd_off_s, 2) AS "without state s",
	round(:upd_on_s, 2) AS "with state s", round(:upd_on_s / :upd_off_s, 2) AS ratio
UNION ALL
SELECT 'INSERT (new rows)', round(:ins_off_s, 2), round(:ins_on_s, 2), round(:ins_on_s / :ins_off_s, 2);

-- (c) full refresh
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM treg.state_refresh() \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS refresh_s \gset
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS differences FROM treg.state_check() \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS check_s \gset
\echo (c) state_refresh and state_check
SELECT round(:refresh_s, 1) AS "state_refresh s", round(:check_s, 1) AS "state_check s",
	:differences AS differences;

-- (d) size of the state
\echo (d) bytes of state
SELECT (SELECT count(*) FROM treg.person_state) AS persons,
	(SELECT count(*) FROM treg.episode_state) AS episodes,
	(SELECT count(*) FROM treg.segment) AS segments,
	pg_size_pretty(pg_total_relation_size('treg.person_state')) AS person_state,
	pg_size_pretty(pg_total_relation_size('treg.episode_state')) AS episode_state,
	round(pg_total_relation_size('treg.person_state')::numeric
		  / (SELECT count(*) FROM treg.person_state)) AS "person_state bytes/person",
	round(pg_total_relation_size('treg.episode_state')::numeric
		  / (SELECT count(*) FROM treg.episode_state)) AS "episode_state bytes/episode",
	round((pg_total_relation_size('treg.person_state') + pg_total_relation_size('treg.episode_state'))::numeric
		  / (SELECT count(*) FROM treg.segment)) AS "state bytes/segment",
	round(pg_total_relation_size('treg.segment')::numeric
		  / (SELECT count(*) FROM treg.segment)) AS "segment table bytes/segment";
\! rm -f /tmp/treg_bench_*
