-- Roles: treg_writer writes the registry; treg_analyst reads only the
-- reporting views.
BEGIN;
SELECT plan(18);

SELECT has_role('treg_writer', 'role treg_writer exists');
SELECT has_role('treg_analyst', 'role treg_analyst exists');

SELECT table_privs_are('treg', t, 'treg_analyst', ARRAY[]::text[],
	format('treg_analyst has no privilege on the raw table treg.%s', t))
FROM unnest(ARRAY['person', 'provider', 'request', 'episode', 'segment', 'tariff']) t;

SELECT table_privs_are('treg', t, 'treg_writer', ARRAY['DELETE', 'INSERT', 'SELECT', 'TRUNCATE', 'UPDATE'],
	format('treg_writer reads and writes treg.%s', t))
FROM unnest(ARRAY['person', 'provider', 'request', 'episode', 'segment', 'tariff']) t;

SELECT is(
	(SELECT count(*)::int FROM pg_class c
	 WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind IN ('v', 'm')
	   AND c.relname LIKE 'report\_%'
	   AND NOT has_table_privilege('treg_analyst', c.oid, 'SELECT')),
	0, 'treg_analyst can read every reporting view');
SELECT is(
	(SELECT count(*)::int FROM pg_class c
	 WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
	   AND c.relname NOT LIKE 'report\_%'
	   AND has_table_privilege('treg_analyst', c.oid, 'SELECT')),
	0, 'treg_analyst can read nothing else in schema treg');

INSERT INTO treg.person VALUES (1, false, '1980-01-01', 'male', 169);
SELECT treg.set_report_config(169, '2026-04-08');
SET LOCAL ROLE treg_analyst;
SELECT throws_ok('SELECT * FROM treg.person', '42501', NULL, 'treg_analyst cannot read treg.person');
SELECT lives_ok('SELECT * FROM treg.report_registry_summary', 'treg_analyst reads a reporting view');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
