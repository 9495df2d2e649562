-- pgTAP contracts of the timeline engine: objects, volatility, strictness,
-- parallel safety, parallel aggregate support, error codes, GUC
BEGIN;
SELECT plan(35);

SELECT has_type('treg', 'care_timeline', 'type treg.care_timeline exists');
SELECT has_type('treg', 'census_count', 'type treg.census_count exists');
SELECT has_type('treg', 'transition_count', 'type treg.transition_count exists');

SELECT has_function('treg', 'timeline_agg', ARRAY['date', 'date', 'treg.intensity'], 'timeline_agg(date, date, intensity)');
SELECT has_function('treg', 'timeline_agg', ARRAY['date', 'date', 'treg.intensity', 'date'], 'timeline_agg(date, date, intensity, date)');
SELECT has_function('treg', 'timeline_agg', ARRAY['daterange', 'treg.intensity'], 'timeline_agg(daterange, intensity)');
SELECT has_function('treg', 'timeline_agg', ARRAY['daterange', 'treg.intensity', 'date'], 'timeline_agg(daterange, intensity, date)');
SELECT has_function('treg', 'timeline_rollup', ARRAY['treg.care_timeline'], 'timeline_rollup(care_timeline)');
SELECT has_function('treg', 'timeline_merge', ARRAY['treg.care_timeline', 'treg.care_timeline'], 'timeline_merge');
SELECT has_function('treg', 'episodes', ARRAY['treg.care_timeline', 'integer', 'date'], 'episodes(timeline, gap_days, as_of)');
SELECT has_function('treg', 'episodes', ARRAY['treg.care_timeline', 'date'], 'episodes(timeline, as_of)');
SELECT has_function('treg', 'days_in', ARRAY['treg.care_timeline', 'treg.intensity', 'date', 'daterange'], 'days_in with window');
SELECT has_function('treg', 'total_days', ARRAY['treg.care_timeline', 'date', 'daterange'], 'total_days with window');
SELECT has_function('treg', 'intensity_on', ARRAY['treg.care_timeline', 'date'], 'intensity_on');
SELECT has_function('treg', 'transitions', ARRAY['treg.care_timeline', 'integer', 'date'], 'transitions(timeline, gap_days, as_of)');
SELECT has_function('treg', 'census', ARRAY['treg.care_timeline', 'date[]'], 'census(timeline, days)');
SELECT has_function('treg', 'census_agg', ARRAY['treg.care_timeline', 'date[]'], 'census_agg(timeline, days)');
SELECT has_function('treg', 'transition_matrix', ARRAY['treg.care_timeline', 'integer', 'date', 'integer'], 'transition_matrix(timeline, gap_days, as_of, within_days)');

-- every function of the engine is parallel safe and commented
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
           WHERE p.pronamespace = 'treg'::regnamespace AND p.proparallel <> 's'
             AND (p.proname ~ '^(care_timeline|timeline|census|transition|episodes|days_in|total_days|intensity_on|segments|segment_count)')),
          0, 'every timeline function is PARALLEL SAFE');
SELECT is((SELECT count(*)::int FROM pg_proc p
           WHERE p.pronamespace = 'treg'::regnamespace
             AND p.proname ~ '^(care_timeline|timeline|census|transition|episodes|days_in|total_days|intensity_on|segments|segment_count)'
             AND obj_description(p.oid, 'pg_proc') IS NULL),
          0, 'every timeline function has a comment');
-- every aggregate can run in parallel: combine, serial and deserial functions
SELECT is((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
           WHERE p.pronamespace = 'treg'::regnamespace
             AND p.proname IN ('timeline_agg', 'timeline_rollup', 'census_agg', 'transition_matrix')
             AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0),
          8, 'all eight timeline aggregates have combine, serial and deserial functions');

SELECT volatility_is('treg', 'days_in', ARRAY['treg.care_timeline', 'treg.intensity', 'date'], 'immutable', 'days_in is immutable');
SELECT volatility_is('treg', 'episodes', ARRAY['treg.care_timeline', 'date'], 'stable', 'episodes reads the GUC: stable');
SELECT is_strict('treg', 'total_days', ARRAY['treg.care_timeline', 'date'], 'total_days is strict');
SELECT isnt_strict('treg', 'episodes', ARRAY['treg.care_timeline', 'integer', 'date'], 'episodes takes NULL gap_days');


-- errors and their SQLSTATEs
SELECT throws_ok($$SELECT treg.timeline_agg(s, e, i) FROM (VALUES ('2024-01-01'::date, NULL::date, NULL::treg.intensity)) v(s, e, i)$$,
                 '22004', 'intensity of a care segment must not be null', 'NULL intensity: 22004');
SELECT throws_ok($$SELECT treg.timeline_agg(s, e, 'dag'::treg.intensity) FROM (VALUES ('2024-03-01'::date, '2024-02-01'::date)) v(s, e)$$,
                 '22008', 'end date of a care segment is before its start date', 'end before start: 22008');
SELECT throws_ok($$SELECT '{dag [2024-01-01,2023-01-01]}'::treg.care_timeline$$,
                 '22008', NULL, 'text input, end before start: 22008');
SELECT throws_ok($$SELECT '{x [2024-01-01,)}'::treg.care_timeline$$,
                 '22P02', NULL, 'bad text input: 22P02');
SELECT throws_ok($$SELECT * FROM treg.episodes('{dag [2024-01-01,)}', -1, '2024-12-31')$$,
                 '22023', 'gap_days must not be negative', 'negative gap: 22023');
SELECT throws_ok($$SELECT * FROM treg.transitions('{dag [2024-01-01,)}', 30, NULL)$$,
                 '22004', 'as_of must not be null', 'NULL as_of: 22004');

-- behaviour
SELECT results_eq(
	$$SELECT episode, start_date, end_date, days, open FROM treg.episodes(
	    '{ambulant [2024-01-01,2024-01-10]; dag [2024-01-25,2024-02-29]; døgn [2024-06-01,)}', 14, '2024-06-10')$$,
	$$VALUES (1, '2024-01-01'::date, '2024-02-29'::date, 60, false), (2, '2024-06-01', NULL, 10, true)$$,
	'episodes: gap of exactly 14 days joins, open episode censored at as_of');
SELECT is(treg.days_in('{ambulant [2024-12-01,2025-03-31]; dag [2025-04-01,)}', 'dag', '2026-01-01', '[2025-01-01,2026-01-01)'),
          275, 'days in dag during 2025');
SELECT is((SELECT string_agg(direction, ',' ORDER BY transition_date)
           FROM treg.transitions('{ambulant [2024-01-01,2024-01-31]; døgn [2024-02-01,2024-02-10]; ambulant [2024-02-11,2024-03-01]}', 30, '2024-12-31')),
          'in,up,down,out', 'transitions: in, up, down, out');
-- GUC (defined once the library is loaded, as it is now)
SELECT is(current_setting('treg.episode_gap_days'), '30', 'treg.episode_gap_days defaults to 30');
SELECT * FROM finish();
ROLLBACK;
