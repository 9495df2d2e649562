-- The committee report, printed by tools/demo.sh.
\pset footer off
\echo
\echo 'Registry'
SELECT table_name AS "Tabel", row_count AS "Rækker" FROM treg.report_registry_summary;
