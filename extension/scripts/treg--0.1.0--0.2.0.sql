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

-- registry capacity
--@include extension/registry/capacity.sql

-- report costs
DROP VIEW IF EXISTS treg.report_costs;
DROP FUNCTION IF EXISTS treg.report_costs(integer, date);
--@include extension/reports/report_costs.sql

-- report cost_scenario
DROP VIEW IF EXISTS treg.report_cost_scenario;
DROP FUNCTION IF EXISTS treg.report_cost_scenario(integer, date, integer, numeric);
--@include extension/reports/report_cost_scenario.sql

-- report occupancy (new)
--@include extension/reports/report_occupancy.sql

-- report provider_flow (new)
--@include extension/reports/report_provider_flow.sql

-- report outcomes (new)
--@include extension/reports/report_outcomes.sql
