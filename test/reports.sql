-- Committee reporting views and functions: existence, columns, privileges.
BEGIN;
SELECT plan(37);

SELECT has_view('treg', v, format('view treg.%s exists', v))
FROM unnest(ARRAY['report_census', 'report_flow', 'report_durations', 'report_transitions',
	'report_day_treatment', 'report_guarantee', 'report_providers', 'report_costs',
	'report_cost_scenario', 'report_age_groups']) v;

SELECT columns_are('treg', 'report_census', ARRAY['residence', 'age_band', 'substance_group', 'persons', 'reason'], 'report_census columns');
SELECT columns_are('treg', 'report_flow', ARRAY['measure', 'substance_group', 'intensity', 'persons', 'reason'], 'report_flow columns');
SELECT columns_are('treg', 'report_durations', ARRAY['substance_group', 'entry_intensity', 'persons', 'episodes', 'open_share', 'q25_days', 'median_days', 'q75_days', 'reason'], 'report_durations columns');
SELECT columns_are('treg', 'report_transitions', ARRAY['from_intensity', 'to_intensity', 'persons', 'reason'], 'report_transitions columns');
SELECT columns_are('treg', 'report_day_treatment', ARRAY['measure', 'category', 'persons', 'reason'], 'report_day_treatment columns');
SELECT columns_are('treg', 'report_guarantee', ARRAY['track', 'month', 'requests', 'met_14_days', 'not_met_14_days', 'pending_14_days', 'waived', 'share_met_14_days', 'met_straks', 'not_met_straks', 'share_met_straks'], 'report_guarantee columns');
SELECT columns_are('treg', 'report_providers', ARRAY['provider_group', 'provider', 'partner', 'persons', 'share', 'providers_used', 'reason'], 'report_providers columns');
SELECT columns_are('treg', 'report_costs', ARRAY['intensity', 'provider_group', 'persons', 'days', 'unpriced_days', 'cost', 'reason'], 'report_costs columns');
SELECT columns_are('treg', 'report_cost_scenario', ARRAY['scenario', 'cost', 'saving'], 'report_cost_scenario columns');
SELECT columns_are('treg', 'report_age_groups', ARRAY['measure', 'age_group', 'substance_group', 'persons', 'reason'], 'report_age_groups columns');

/* BI tools read plain types only */
SELECT is_empty($$
	SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
	FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
	WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'report\_%'
	  AND a.attnum > 0
	  AND a.atttypid NOT IN ('text'::regtype, 'bigint'::regtype, 'integer'::regtype,
							 'numeric'::regtype, 'date'::regtype, 'boolean'::regtype)$$,
	'every reporting view column is text, bigint, integer, numeric, date or boolean');

SELECT is(has_table_privilege('treg_analyst', format('treg.%I', v), 'SELECT'), true,
	format('treg_analyst may read treg.%s', v))
FROM unnest(ARRAY['report_census', 'report_flow', 'report_durations', 'report_transitions',
	'report_day_treatment', 'report_guarantee', 'report_providers', 'report_costs',
	'report_cost_scenario', 'report_age_groups']) v;

SELECT ok(NOT has_function_privilege('treg_analyst', f, 'EXECUTE'), format('treg_analyst cannot call %s', f))
FROM unnest(ARRAY['treg.person_timelines(date, date, date, treg.intensity)', 'treg.cost_pieces(integer, date)']) f;

SELECT ok(has_function_privilege('treg_analyst', 'treg.report_census(date, integer)', 'EXECUTE'),
	'treg_analyst may call treg.report_census(date, integer)');
SELECT ok(NOT has_function_privilege('public', 'treg.report_census(date, integer)', 'EXECUTE'),
	'PUBLIC may not call the report functions');

/* unconfigured views say so */
DELETE FROM treg.report_config;
SELECT throws_ok('SELECT * FROM treg.report_census', '55000', 'the reporting views are not configured',
	'an unconfigured view raises 55000');
SELECT throws_ok($$SELECT * FROM treg.report_cost_scenario(2025, '2026-01-01', 6, 1.5)$$, '22023', NULL,
	'a share above 1 is rejected');

SELECT * FROM finish();
ROLLBACK;
