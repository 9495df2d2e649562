-- The version agrees in the Makefile, the control files, META.json and the
-- installed extensions, and every released version can be updated to it.
-- Files are read on the client side (psql backticks, run from the
-- repository root by "make prove").
\set makefile_version `sed -n 's/^EXTVERSION *= *//p' Makefile`
\set control_version `sed -n "s/^default_version *= *'\\(.*\\)'/\\1/p" extension/treg.control`
\set demo_control_version `sed -n "s/^default_version *= *'\\(.*\\)'/\\1/p" demo/treg_demo.control`
\set meta_json `tr -d '\n' < META.json`
-- released versions: the install scripts extension/scripts/treg--X.sql (the
-- current version's is built there too; it is left out below)
\set script_versions `ls extension/scripts | sed -n 's/^treg--\([0-9][0-9.]*\)\.sql$/\1/p' | paste -sd, -`
BEGIN;
SELECT plan(12);

SELECT matches(:'makefile_version'::text, '^[0-9]+\.[0-9]+\.[0-9]+$', 'Makefile EXTVERSION is a three-part version');
SELECT is(:'control_version'::text, :'makefile_version'::text, 'control default_version equals Makefile EXTVERSION');
SELECT is((:'meta_json')::json ->> 'version', :'makefile_version'::text, 'META.json version equals Makefile EXTVERSION');
SELECT is((:'meta_json')::json -> 'provides' -> 'treg' ->> 'version', :'makefile_version'::text, 'META.json provides.treg.version equals Makefile EXTVERSION');
SELECT is((SELECT default_version FROM pg_available_extensions WHERE name = 'treg'), :'makefile_version'::text, 'installed control file has the same default_version');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'treg'), :'makefile_version'::text, 'the created extension has that version');

-- treg_demo is released with treg, under the same version
SELECT is(:'demo_control_version'::text, :'makefile_version'::text, 'demo/treg_demo.control default_version equals Makefile EXTVERSION');
SELECT is((:'meta_json')::json -> 'provides' -> 'treg_demo' ->> 'version', :'makefile_version'::text, 'META.json provides.treg_demo.version equals Makefile EXTVERSION');
SELECT is((SELECT default_version FROM pg_available_extensions WHERE name = 'treg_demo'), :'makefile_version'::text, 'installed treg_demo control file has the same default_version');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'treg_demo'), :'makefile_version'::text, 'the created treg_demo has that version');

-- every released version has an update path (installed upgrade scripts) to the current one
SELECT cmp_ok(cardinality(array_remove(string_to_array(:'script_versions', ','), :'makefile_version'::text)), '>', 0,
	'extension/scripts/ holds the install script of at least one released version');
SELECT is(ARRAY(SELECT v FROM unnest(string_to_array(:'script_versions', ',')) v
				WHERE v <> :'makefile_version'
				  AND NOT EXISTS (SELECT FROM pg_extension_update_paths('treg') p
								  WHERE p.source = v AND p.target = :'makefile_version' AND p.path IS NOT NULL)
				ORDER BY v),
		  '{}'::text[],
		  'every released version (extension/scripts/treg--X.sql) has an update path to Makefile EXTVERSION');

SELECT * FROM finish();
ROLLBACK;
