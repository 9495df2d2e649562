-- The version agrees in the Makefile, the control file, META.json and the
-- installed extension.  Files are read on the client side (psql backticks,
-- run from the repository root by "make prove").
\set makefile_version `sed -n 's/^EXTVERSION *= *//p' Makefile`
\set control_version `sed -n "s/^default_version *= *'\\(.*\\)'/\\1/p" extension/treg.control`
\set meta_json `tr -d '\n' < META.json`
BEGIN;
SELECT plan(6);

SELECT matches(:'makefile_version'::text, '^[0-9]+\.[0-9]+\.[0-9]+$', 'Makefile EXTVERSION is a three-part version');
SELECT is(:'control_version'::text, :'makefile_version'::text, 'control default_version equals Makefile EXTVERSION');
SELECT is((:'meta_json')::json ->> 'version', :'makefile_version'::text, 'META.json version equals Makefile EXTVERSION');
SELECT is((:'meta_json')::json -> 'provides' -> 'treg' ->> 'version', :'makefile_version'::text, 'META.json provides.treg.version equals Makefile EXTVERSION');
SELECT is((SELECT default_version FROM pg_available_extensions WHERE name = 'treg'), :'makefile_version'::text, 'installed control file has the same default_version');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'treg'), :'makefile_version'::text, 'the created extension has that version');

SELECT * FROM finish();
ROLLBACK;
