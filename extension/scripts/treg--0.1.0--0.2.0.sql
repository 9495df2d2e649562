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

-- report persons_by_provider
/* removed: it overlapped report_providers and its table did not add up */
DROP VIEW IF EXISTS treg.report_persons_by_provider;

-- report flow
DROP VIEW IF EXISTS treg.report_flow;
DROP FUNCTION IF EXISTS treg.report_flow(integer);
--@include extension/reports/report_flow.sql
/* as registry/privileges.sql grants them in a fresh install */
REVOKE ALL ON FUNCTION treg.report_flow(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_flow(integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_flow TO treg_analyst, treg_writer;

-- report age_groups
DROP VIEW IF EXISTS treg.report_age_groups;
DROP FUNCTION IF EXISTS treg.report_age_groups(date, integer, integer);
--@include extension/reports/report_age_groups.sql
/* as registry/privileges.sql grants them in a fresh install */
REVOKE ALL ON FUNCTION treg.report_age_groups(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_age_groups(date, integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_age_groups TO treg_analyst, treg_writer;

-- report durations
DROP VIEW IF EXISTS treg.report_durations;
DROP FUNCTION IF EXISTS treg.report_durations(date, date, date);
--@include extension/reports/report_durations.sql
/* as registry/privileges.sql grants them in a fresh install */
REVOKE ALL ON FUNCTION treg.report_durations(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_durations(integer, integer) TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_durations TO treg_analyst, treg_writer;

-- report registry_summary
DROP VIEW IF EXISTS treg.report_registry_summary;
--@include extension/reports/report_registry_summary.sql
/* as registry/privileges.sql grants them in a fresh install */
REVOKE ALL ON FUNCTION treg.report_registry_summary() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.report_registry_summary() TO treg_analyst, treg_writer;
GRANT SELECT ON treg.report_registry_summary TO treg_analyst, treg_writer;

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
