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
