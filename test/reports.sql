-- Committee reporting views and functions: what BI tools and analysts may
-- rely on (existence, typed and documented columns, totals flagged,
-- suppression flags, privileges, protection settings).
BEGIN;
SELECT plan(27);

CREATE TEMP VIEW report_views AS
SELECT c.oid, c.relname::text AS name
FROM pg_class c
WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'report\_%';

CREATE TEMP VIEW report_functions AS
SELECT p.oid, p.oid::regprocedure::text AS sig, p.proname::text AS name
FROM pg_proc p
WHERE p.pronamespace = 'treg'::regnamespace AND p.proname LIKE 'report\_%' AND p.proretset;

SELECT set_eq($$SELECT name FROM report_views$$,
	ARRAY['report_age_groups', 'report_catalog', 'report_census', 'report_census_monthly',
		  'report_cost_scenario', 'report_costs', 'report_day_treatment', 'report_durations',
		  'report_durations_curve',
		  'report_flow', 'report_guarantee', 'report_guarantee_cells', 'report_occupancy',
		  'report_outcomes', 'report_provider_flow', 'report_providers',
		  'report_registry_summary', 'report_transitions'],
	'the report views');

/* BI tools: typed columns, nothing a driver reports as OTHER or as a memo */
SELECT is_empty($$
	SELECT v.name || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
	FROM report_views v JOIN pg_attribute a ON a.attrelid = v.oid
	WHERE a.attnum > 0
	  AND NOT (a.atttypid IN ('bigint'::regtype, 'integer'::regtype, 'date'::regtype, 'boolean'::regtype)
			   OR (a.atttypid = 'character varying'::regtype AND a.atttypmod > 0)
			   OR (a.atttypid = 'numeric'::regtype AND a.atttypmod > 0))$$,
	'every report view column is varchar(n), bigint, integer, numeric(p,s), date or boolean');
SELECT is_empty($$
	SELECT v.name FROM report_views v
	WHERE v.name <> 'report_catalog'
	  AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = v.oid AND a.attname = 'is_total'
					  AND a.atttypid = 'boolean'::regtype)$$,
	'every report view has a boolean is_total');
SELECT is_empty($$
	SELECT v.name || '.' || a.attname FROM report_views v JOIN pg_attribute a ON a.attrelid = v.oid
	WHERE a.attnum > 0 AND v.name <> 'report_catalog'
	  AND a.atttypid = 'bigint'::regtype
	  AND a.attname NOT IN ('places')
	  AND NOT EXISTS (SELECT FROM pg_attribute s WHERE s.attrelid = v.oid
					  AND s.attname IN (a.attname || '_suppressed', 'suppressed')
					  AND s.atttypid = 'boolean'::regtype)$$,
	'every count of a report view has a boolean suppressed flag next to it');
SELECT is_empty($$
	SELECT v.name FROM report_views v WHERE obj_description(v.oid, 'pg_class') IS NULL
	   OR obj_description(v.oid, 'pg_class') NOT LIKE '% / %'$$,
	'every report view has a Danish / English comment');
SELECT is_empty($$
	SELECT v.name || '.' || a.attname FROM report_views v JOIN pg_attribute a ON a.attrelid = v.oid
	WHERE a.attnum > 0 AND (col_description(v.oid, a.attnum) IS NULL
							OR col_description(v.oid, a.attnum) NOT LIKE '% / %')$$,
	'every column of every report view has a Danish / English comment');
SELECT is_empty($$
	SELECT v.name FROM report_views v
	WHERE v.name <> 'report_catalog'
	  AND NOT EXISTS (SELECT FROM treg.report_info i WHERE i.view_name = v.name)$$,
	'every report view is in the catalogue');
SELECT is_empty($$
	SELECT v.name || '.' || a.attname FROM report_views v JOIN pg_attribute a ON a.attrelid = v.oid
	WHERE a.attname LIKE '%\_da' AND v.name <> 'report_catalog' AND NOT EXISTS (SELECT FROM pg_attribute c WHERE c.attrelid = v.oid
		AND c.attname = left(a.attname, -3))$$,
	'every Danish label column labels a code column of the same view');

/* the functions: SECURITY DEFINER with a fixed search_path, callable by the analyst only */
SELECT is_empty($$SELECT sig FROM report_functions f JOIN pg_proc p ON p.oid = f.oid
	WHERE NOT p.prosecdef OR p.proconfig IS NULL
	   OR NOT 'search_path=pg_catalog, treg, pg_temp' = ANY (p.proconfig)$$,
	'every report function is SECURITY DEFINER with search_path pg_catalog, treg, pg_temp');
SELECT is_empty($$SELECT sig FROM report_functions
	WHERE NOT has_function_privilege('treg_analyst', oid, 'EXECUTE')$$,
	'treg_analyst may call every report function');
SELECT is_empty($$SELECT sig FROM report_functions
	WHERE has_function_privilege('public', oid, 'EXECUTE')$$,
	'PUBLIC may not call the report functions');
SELECT is_empty($$SELECT name FROM report_views
	WHERE NOT has_table_privilege('treg_analyst', oid, 'SELECT')$$,
	'treg_analyst may read every report view');
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p
	WHERE p.pronamespace = 'treg'::regnamespace
	  AND ((p.proname LIKE '%\_persons' AND p.proname NOT LIKE 'demo\_%') OR p.proname IN ('person_timelines', 'cost_pieces',
		   'report_context', 'set_report_config', 'duration_episodes', 'outcome_episodes',
		   'occupancy_days', 'provider_moves', 'guarantee_requests'))
	  AND has_function_privilege('treg_analyst', p.oid, 'EXECUTE')$$,
	'treg_analyst may not call any person-level helper, the report context or the settings writer');
SELECT ok(NOT has_table_privilege('treg_analyst', 'treg.report_secret', 'SELECT')
		  AND NOT has_table_privilege('treg_writer', 'treg.report_secret', 'SELECT'),
	'nobody but superusers reads the record-key secret');
SELECT ok(NOT has_table_privilege('treg_analyst', 'treg.report_config', 'UPDATE')
		  AND NOT has_table_privilege('treg_analyst', 'treg.report_config', 'INSERT'),
	'treg_analyst cannot change the report settings');
SELECT ok(NOT has_table_privilege('treg_analyst', 'treg.data_quality', 'SELECT')
		  AND has_table_privilege('treg_writer', 'treg.data_quality', 'SELECT'),
	'the data-quality view is for the data owner only');

/* unconfigured: every report says so, with 55000 */
DELETE FROM treg.report_config;
DELETE FROM treg.report_secret;
SELECT throws_ok('SELECT * FROM treg.report_census', '55000', 'the reporting views are not configured',
	'an unconfigured view raises 55000');
SELECT throws_ok($$SELECT * FROM treg.report_flow(2025)$$, '55000', NULL,
	'an unconfigured report function raises 55000');

/* the data owner configures; k and the noise are bounded */
SELECT lives_ok($$SELECT treg.set_report_config(169, '2026-04-08')$$, 'set_report_config works');
SELECT is((SELECT octet_length(secret) FROM treg.report_secret), 32, 'it makes a 32-byte record-key secret');
SELECT throws_ok($$SELECT treg.set_report_config(169, '2026-04-08', NULL, 2)$$, '23514', NULL,
	'k below 3 is refused');
SELECT throws_ok($$SELECT treg.set_report_config(169, '2026-04-08', NULL, 5, 0.1)$$, '23514', NULL,
	'noise below 0.5 is refused');
SELECT throws_ok($$SELECT treg.set_report_config(169, '2026-04-08', 2027)$$, '23514', NULL,
	'a report year after the as-of date is refused');

/* coarse parameters only */
SELECT throws_ok($$SELECT * FROM treg.report_census('2026-03-30')$$, '22023',
	'report date must be the as-of date or the last day of a month before it',
	'a census day that is not a month end is refused');
SELECT throws_ok($$SELECT * FROM treg.report_flow(2027)$$, '22023',
	'report year must be a calendar year up to the year of the as-of date',
	'a year after the as-of date is refused');
SELECT throws_ok($$SELECT * FROM treg.report_flow(2010)$$, '22023', NULL,
	'a year more than 15 years back is refused');
SELECT throws_ok($$SELECT * FROM treg.report_cost_scenario(2025, 6, 0.33)$$, '22023', NULL,
	'a scenario share that is not a multiple of 0.05 is refused');

SELECT * FROM finish();
ROLLBACK;
