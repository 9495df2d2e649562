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

/* ---- engines ---- */

/* disclosure: consistent cell-key perturbation (new objects; the rest is unchanged) */
--@include extension/engines/disclosure/disclosure.sql

/* ---- reports: every 0.1.0 report goes, the 0.2.0 ones come ---- */

DROP VIEW treg.report_registry_summary, treg.report_census, treg.report_flow,
	treg.report_durations, treg.report_transitions, treg.report_day_treatment,
	treg.report_guarantee, treg.report_providers, treg.report_costs,
	treg.report_cost_scenario, treg.report_age_groups, treg.report_persons_by_provider;
DROP FUNCTION treg.report_census(date, integer);
DROP FUNCTION treg.report_flow(integer);
DROP FUNCTION treg.report_durations(date, date, date);
DROP FUNCTION treg.report_transitions(date, date, date);
DROP FUNCTION treg.report_day_treatment(date, date, date);
DROP FUNCTION treg.report_guarantee(integer, date);
DROP FUNCTION treg.report_guarantee_cells(integer, date);
DROP FUNCTION treg.report_providers(integer, date);
DROP FUNCTION treg.report_costs(integer, date);
DROP FUNCTION treg.report_cost_scenario(integer, date, integer, numeric);
DROP FUNCTION treg.report_age_groups(date, integer, integer);
DROP FUNCTION treg.report_settings();
DROP FUNCTION treg.set_report_config(integer, date, integer);

/* the settings: k and the noise belong to the data owner; the record-key secret */
ALTER TABLE treg.report_config
	DROP CONSTRAINT report_config_report_year_check,
	ADD CONSTRAINT report_config_report_date_check
		CHECK (report_date BETWEEN '1950-01-01' AND '2199-12-31'),
	ADD CONSTRAINT report_config_report_year_check CHECK (report_year BETWEEN 1950 AND 2199),
	ADD COLUMN min_cell_count integer NOT NULL DEFAULT 5 CHECK (min_cell_count BETWEEN 3 AND 100),
	ADD COLUMN noise_sd numeric(4, 2) NOT NULL DEFAULT 2 CHECK (noise_sd BETWEEN 0.5 AND 10),
	ADD CONSTRAINT report_config_year_not_after_date
		CHECK (report_year <= extract(year FROM report_date));
COMMENT ON TABLE treg.report_config IS 'settings of the committee reports (data owner only): the registry''s own municipality, the as-of date, the report year, k and the noise (one row)';
COMMENT ON COLUMN treg.report_config.report_date IS 'as-of date of every report (the registry as it stood that day) and census date of the views';
COMMENT ON COLUMN treg.report_config.min_cell_count IS 'k: published counts from 1 to k - 1 are suppressed (default 5, Sundhedsdatastyrelsen; at least 3)';
COMMENT ON COLUMN treg.report_config.noise_sd IS 'standard deviation of the discrete Gaussian noise of published counts (default 2)';
CREATE TABLE treg.report_secret (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	secret bytea NOT NULL CHECK (octet_length(secret) >= 16),
	created_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON treg.report_secret FROM PUBLIC;
COMMENT ON TABLE treg.report_secret IS 'secret of the record keys behind the report noise (superusers only); dumped so restored databases publish the same figures';
SELECT pg_catalog.pg_extension_config_dump('treg.report_secret', '');

--@include extension/reports/settings.sql
--@include extension/reports/helpers.sql
--@include extension/reports/catalog.sql
--@include extension/registry/capacity.sql
--@include extension/registry/quality.sql
--@include extension/reports/report_census.sql
--@include extension/reports/report_flow.sql
--@include extension/reports/report_age_groups.sql
--@include extension/reports/report_durations.sql
--@include extension/reports/report_registry_summary.sql
--@include extension/reports/report_transitions.sql
--@include extension/reports/report_day_treatment.sql
--@include extension/reports/report_guarantee.sql
--@include extension/reports/report_providers.sql
--@include extension/reports/report_costs.sql
--@include extension/reports/report_cost_scenario.sql
--@include extension/reports/report_occupancy.sql
--@include extension/reports/report_provider_flow.sql
--@include extension/reports/report_outcomes.sql
--@include extension/reports/report_catalog.sql

/* privileges as a fresh install gives them */
--@include extension/registry/privileges.sql
