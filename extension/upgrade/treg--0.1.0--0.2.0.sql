/*
 * extension/upgrade/treg--0.1.0--0.2.0.sql: the source of the upgrade
 * script extension/scripts/treg--0.1.0--0.2.0.sql, which make builds from
 * it with tools/sql-include.awk (README, "Developing").
 *
 * After ALTER EXTENSION treg UPDATE from 0.1.0, a database must equal a
 * fresh CREATE EXTENSION treg of 0.2.0 (test/upgrade.sh compares every
 * object, the data and the reports).  Every change to installed SQL goes
 * here too, either written out or, for a whole changed file, as a line
 *
 *     --@include extension/reports/report_census.sql
 *
 * (path from the repository root, the line on its own) which the build
 * replaces by that file, with CREATE FUNCTION, PROCEDURE, AGGREGATE, VIEW
 * and TRIGGER turned into CREATE OR REPLACE: functions and views that 0.1.0
 * has are replaced (keeping their privileges), new ones created.  Other
 * statements are copied as they are, so include only files whose other
 * statements (COMMENT ON, GRANT, ...) can run again; write the rest by
 * hand: new tables and types, ALTER TABLE, and a DROP before an include
 * when a function's result type or a view's columns change (CREATE OR
 * REPLACE cannot change those; grant again after a DROP, e.g. by including
 * extension/registry/privileges.sql).
 *
 * When 0.2.0 is released, the built script is committed and this source
 * is deleted: the included files keep changing, a released script never.
 */

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
