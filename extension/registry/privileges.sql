/*
 * Privileges of the roles created in 05_roles.sql.
 *
 * treg_writer  writes the registry tables.
 * treg_analyst reads only the reporting views (treg.report_*): no raw table.
 */
REVOKE ALL ON ALL TABLES IN SCHEMA treg FROM PUBLIC;
GRANT USAGE ON SCHEMA treg TO treg_writer, treg_analyst;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE
	ON treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff
	TO treg_writer;

GRANT SELECT, INSERT, UPDATE, DELETE ON treg.report_config TO treg_writer;

/* the report functions run as their owner: only the two roles may call them */
DO $fngrants$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN
		SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
		WHERE p.pronamespace = 'treg'::regnamespace AND p.prosecdef
		  AND p.proname LIKE 'report\_%'
	LOOP
		EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO treg_analyst, treg_writer', f);
	END LOOP;
END
$fngrants$;

/* every reporting view is readable by the analyst role */
DO $grants$
DECLARE
	v regclass;
BEGIN
	FOR v IN
		SELECT c.oid::regclass FROM pg_catalog.pg_class c
		WHERE c.relnamespace = 'treg'::regnamespace
		  AND c.relkind IN ('v', 'm') AND c.relname LIKE 'report\_%'
	LOOP
		EXECUTE format('GRANT SELECT ON %s TO treg_analyst, treg_writer', v);
	END LOOP;
END
$grants$;

/* the data owner's views and the report settings */
GRANT SELECT ON treg.data_quality TO treg_writer;
GRANT EXECUTE ON FUNCTION treg.set_report_config(integer, date, integer, integer, numeric) TO treg_writer;

/* codes, labels and titles of the reports: reference data for BI tools */
GRANT SELECT ON treg.report_label, treg.report_info TO treg_analyst, treg_writer;
