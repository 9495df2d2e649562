/* extension/scripts/treg--0.1.0--0.2.0.sql */

\echo Use "ALTER EXTENSION treg UPDATE TO '0.2.0'" to load this file. \quit

/*
 * The demo registry generator moved to its own extension, treg_demo
 * (CREATE EXTENSION treg_demo after this update to keep using it).
 */
DROP FUNCTION treg.demo_load(integer, integer, date, smallint);
DROP FUNCTION treg.demo_tariffs(date);
DROP FUNCTION treg.demo_providers();
DROP FUNCTION treg.demo_registry_segments(integer, integer, date);
DROP FUNCTION treg.demo_segments(integer, integer, date);
DROP FUNCTION treg.demo_episodes(integer, integer, date);
DROP FUNCTION treg.demo_requests(integer, integer, date);
DROP FUNCTION treg.demo_persons(integer, integer, date, smallint);

-- report transitions
DROP VIEW IF EXISTS treg.report_transitions;
DROP FUNCTION IF EXISTS treg.report_transitions(date, date, date);
--@include extension/reports/report_transitions.sql
REVOKE ALL ON FUNCTION treg.report_transitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_transitions(integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_transitions TO treg_analyst, treg_writer;

-- report day_treatment
DROP VIEW IF EXISTS treg.report_day_treatment;
DROP FUNCTION IF EXISTS treg.report_day_treatment(date, date, date);
--@include extension/reports/report_day_treatment.sql
REVOKE ALL ON FUNCTION treg.report_day_treatment(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_day_treatment(integer, integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_day_treatment TO treg_analyst, treg_writer;

-- report guarantee
DROP VIEW IF EXISTS treg.report_guarantee;
DROP VIEW IF EXISTS treg.report_guarantee_cells;
DROP FUNCTION IF EXISTS treg.report_guarantee(integer, date);
DROP FUNCTION IF EXISTS treg.report_guarantee_cells(integer, date);
--@include extension/reports/report_guarantee.sql
REVOKE ALL ON FUNCTION treg.report_guarantee(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.report_guarantee_cells(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_guarantee(integer) TO treg_analyst, treg_writer;
GRANT EXECUTE ON FUNCTION treg.report_guarantee_cells(integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_guarantee, treg.report_guarantee_cells TO treg_analyst, treg_writer;

-- report providers
DROP VIEW IF EXISTS treg.report_providers;
DROP FUNCTION IF EXISTS treg.report_providers(integer, date);
--@include extension/reports/report_providers.sql
REVOKE ALL ON FUNCTION treg.report_providers(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_providers(integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_providers TO treg_analyst, treg_writer;
