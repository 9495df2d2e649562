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


/*
 * CPR numbers give nothing away to users who may not read them: only
 * superusers and members of treg_cpr_reader may enter, compare, hash or
 * read the digits of a cpr value (C: extension/types/cpr_access.c); a log
 * hook masks CPR numbers in the server log (cpr_log.c).  The C functions
 * keep their names; their comments say so.
 */
CREATE FUNCTION treg.cpr_sortsupport(internal) RETURNS void
	AS 'MODULE_PATHNAME', 'cpr_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.cpr_sortsupport(internal) IS 'btree sort support of cpr: the CPR reader check once per sort, not per comparison';
ALTER OPERATOR FAMILY treg.cpr_ops USING btree
	ADD FUNCTION 2 (treg.cpr, treg.cpr) treg.cpr_sortsupport(internal);
COMMENT ON TYPE treg.cpr IS 'Danish CPR number (DDMMYY-SSSS); only superusers and treg_cpr_reader members may enter, compare or read it; others see DDMMYY-xxxx';
COMMENT ON FUNCTION treg.cpr_in(cstring) IS 'text input of cpr (DDMMYY-SSSS or DDMMYYSSSS); CPR readers only';
COMMENT ON FUNCTION treg.cpr_recv(internal) IS 'binary input of cpr (refuses masked values); CPR readers only';
COMMENT ON FUNCTION treg.cpr_eq(treg.cpr, treg.cpr) IS 'implementation of = for cpr; CPR readers only';
COMMENT ON FUNCTION treg.cpr_ne(treg.cpr, treg.cpr) IS 'implementation of <> for cpr; CPR readers only';
COMMENT ON FUNCTION treg.cpr_lt(treg.cpr, treg.cpr) IS 'implementation of < for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_le(treg.cpr, treg.cpr) IS 'implementation of <= for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_gt(treg.cpr, treg.cpr) IS 'implementation of > for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_ge(treg.cpr, treg.cpr) IS 'implementation of >= for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_cmp(treg.cpr, treg.cpr) IS 'btree comparison of cpr numbers (-1, 0, 1); CPR readers only';
COMMENT ON FUNCTION treg.cpr_hash(treg.cpr) IS 'hash of a cpr number; CPR readers only';
COMMENT ON FUNCTION treg.cpr_hash_extended(treg.cpr, bigint) IS 'seeded 64-bit hash of a cpr number; CPR readers only';
COMMENT ON CAST (text AS treg.cpr) IS 'parse DDMMYY-SSSS or DDMMYYSSSS; CPR readers only';
COMMENT ON FUNCTION treg.birth_date(treg.cpr) IS 'date of birth of a CPR number (century from the 7th digit); CPR readers only';
COMMENT ON FUNCTION treg.sex(treg.cpr) IS 'male (odd last digit) or female (even last digit); CPR readers only';
COMMENT ON FUNCTION treg.cpr_mod11_valid(treg.cpr) IS 'true when the CPR number passes the modulus-11 check (not required since 2007); CPR readers only';
COMMENT ON FUNCTION treg.cpr_clear_visible() IS 'true when the current user reads CPR numbers in clear and may enter, compare and hash them (superuser or member of treg_cpr_reader)';
COMMENT ON FUNCTION treg.age_on(treg.cpr, date) IS 'age in whole years on a day (born 29 February: older on 1 March in other years); CPR readers only';

/*
 * Pseudonyms: the stored key is for superusers only (a writer who could
 * pseudonymise guesses would re-identify a person); writers load persons
 * through treg.import_persons() instead.  Anonymous persons get a pseudonym
 * of their source key.
 */
REVOKE EXECUTE ON FUNCTION treg.pseudonym(treg.cpr) FROM treg_writer;
COMMENT ON FUNCTION treg.pseudonym(treg.cpr, bytea) IS 'stable non-negative pseudonym of a CPR number: HMAC-SHA-256 under a key of at least 16 bytes; CPR readers only';
COMMENT ON FUNCTION treg.pseudonym(treg.cpr) IS 'pseudonym of a CPR number under the current key of treg.pseudonym_key (superusers only; writers load persons with treg.import_persons())';
CREATE FUNCTION treg.source_key_pseudonym(source_key text, key bytea) RETURNS bigint
	AS 'MODULE_PATHNAME', 'source_key_pseudonym' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.source_key_pseudonym(text, bytea) IS 'pseudonym of a person in anonymous treatment: HMAC-SHA-256 of ''anonymous:'' and the source system''s key, never equal to a CPR number''s';

/* the audited import of persons (new in 0.2.0) */
--@include extension/registry/import.sql


/*
 * Registry: the GiST exclusion constraint on treg.segment becomes
 * statement-level triggers (rules segment_no_overlap_in_episode and
 * segment_within_episode); finite dates and text lengths as CHECK
 * constraints; maintained state (person_state, episode_state); the bulk
 * load path (staging tables, load_batch, load_rejection).  Sources:
 * extension/registry/schema.sql, validation.sql, state.sql, load.sql.
 */
ALTER TABLE treg.segment DROP CONSTRAINT segment_no_overlap_in_episode;
ALTER TABLE treg.person ADD CONSTRAINT person_dates_finite CHECK (isfinite(birth_date));
ALTER TABLE treg.provider ADD CONSTRAINT provider_name_length CHECK (length(name) <= 200),
	ADD CONSTRAINT provider_name_key_length CHECK (length(name_key) <= 200);
ALTER TABLE treg.request ADD CONSTRAINT request_dates_finite
	CHECK (isfinite(request_date) AND isfinite(initiation_date));
ALTER TABLE treg.episode ADD CONSTRAINT episode_dates_finite
	CHECK (isfinite(enrol_date) AND isfinite(discharge_date));
ALTER TABLE treg.segment ADD CONSTRAINT segment_dates_finite
	CHECK (isfinite(start_date) AND isfinite(end_date) AND isfinite(planned_end_date));
ALTER TABLE treg.tariff ADD CONSTRAINT tariff_dates_finite CHECK (isfinite(valid_from) AND isfinite(valid_to));
COMMENT ON TABLE treg.segment IS 'an intensity period inside an episode; the segments of one episode never overlap and lie within the episode''s dates (statement-level triggers)';

--@include extension/registry/validation.sql
--@include extension/registry/state.sql
--@include extension/registry/load.sql

/* existing segments must lie within their episodes (the new rule) */
DO $within$
DECLARE
	bad record;
BEGIN
	SELECT s.episode_id, s.segment_id,
		   treg.segment_episode_problem(s.start_date, s.end_date, e.enrol_date, e.discharge_date) AS problem
	INTO bad
	FROM treg.segment s JOIN treg.episode e ON e.episode_id = s.episode_id
	WHERE treg.segment_episode_problem(s.start_date, s.end_date, e.enrol_date, e.discharge_date) IS NOT NULL
	ORDER BY s.episode_id, s.segment_id
	LIMIT 1;
	IF bad.segment_id IS NOT NULL THEN
		PERFORM treg.segment_within_episode_error(bad.episode_id, bad.segment_id, bad.problem);
	END IF;
END
$within$;

/* the state of the registered rows */
SELECT count(*) FROM treg.state_refresh();

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

--@include extension/registry/period.sql
--@include extension/registry/analysis.sql
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
--@include extension/reports/report_durations_curve.sql
--@include extension/reports/report_catalog.sql

/* privileges as a fresh install gives them */
--@include extension/registry/privileges.sql
