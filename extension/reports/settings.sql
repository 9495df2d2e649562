/*
 * The functions that write and read the report settings
 * (reports/config.sql), and the coarse parameters an analyst may choose.
 */

CREATE FUNCTION treg.set_report_config(home_municipality integer, report_date date,
									   report_year integer DEFAULT NULL,
									   min_cell_count integer DEFAULT 5,
									   noise_sd numeric DEFAULT 2)
	RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
BEGIN
	INSERT INTO treg.report_config AS c (singleton, home_municipality, report_date,
										 report_year, min_cell_count, noise_sd)
	VALUES (true, set_report_config.home_municipality, set_report_config.report_date,
			coalesce(set_report_config.report_year,
					 extract(year FROM set_report_config.report_date)::int - 1),
			set_report_config.min_cell_count, set_report_config.noise_sd)
	ON CONFLICT (singleton) DO UPDATE
		SET home_municipality = excluded.home_municipality,
			report_date = excluded.report_date,
			report_year = excluded.report_year,
			min_cell_count = excluded.min_cell_count,
			noise_sd = excluded.noise_sd;
	INSERT INTO treg.report_secret (singleton, secret)
	VALUES (true, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))
	ON CONFLICT (singleton) DO NOTHING;
END
$fn$;
REVOKE ALL ON FUNCTION treg.set_report_config(integer, date, integer, integer, numeric) FROM PUBLIC;
COMMENT ON FUNCTION treg.set_report_config(integer, date, integer, integer, numeric) IS 'data owner: set the own municipality, as-of date, report year (default: the year before), k and noise of the reports; makes the record-key secret when missing';

CREATE FUNCTION treg.report_settings(OUT home_municipality smallint, OUT report_date date,
									 OUT report_year integer, OUT min_cell_count integer,
									 OUT noise_sd numeric)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
BEGIN
	SELECT c.home_municipality, c.report_date, c.report_year, c.min_cell_count, c.noise_sd
	  INTO home_municipality, report_date, report_year, min_cell_count, noise_sd
	  FROM treg.report_config c;
	IF NOT FOUND OR NOT EXISTS (SELECT FROM treg.report_secret) THEN
		RAISE EXCEPTION 'the reporting views are not configured'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'treg.report_config has no row: the reports need the own municipality, an as-of date and a report year.',
				  HINT = 'The data owner runs SELECT treg.set_report_config(home_municipality => 169, report_date => ''2026-04-08'');';
	END IF;
END
$fn$;
COMMENT ON FUNCTION treg.report_settings() IS 'the settings of the reports (no secret); error 55000 when not configured';

/*
 * Everything a report function needs to publish: the settings and the
 * secret.  Not executable by analysts; the report functions (SECURITY
 * DEFINER) call it.
 */
CREATE FUNCTION treg.report_context(OUT home_municipality smallint, OUT as_of date,
									OUT report_year integer, OUT k integer,
									OUT noise_sd float8, OUT secret bytea)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT s.home_municipality, s.report_date, s.report_year, s.min_cell_count,
		   s.noise_sd::float8, (SELECT x.secret FROM treg.report_secret x)
	FROM treg.report_settings() s
$fn$;
REVOKE ALL ON FUNCTION treg.report_context() FROM PUBLIC;
COMMENT ON FUNCTION treg.report_context() IS 'settings and record-key secret for the report functions (not for analysts)';

/*
 * Coarse parameters.  An analyst may ask for a census on the configured
 * date or on the last day of a month up to it, and for calendar years up
 * to the year of the as-of date (at most 15 years back): never for a day
 * or a period of their own choosing, so that neighbouring days and
 * periods cannot be differenced.  The errors depend on the arguments and
 * the configuration only.
 */
CREATE FUNCTION treg.report_check_day(on_date date, as_of date) RETURNS date
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	AS $fn$
BEGIN
	IF on_date IS NULL OR NOT (on_date = as_of
			OR (on_date < as_of
				AND on_date = (date_trunc('month', on_date) + interval '1 month - 1 day')::date
				AND on_date >= make_date(extract(year FROM as_of)::int - 15, 1, 1))) THEN
		RAISE EXCEPTION 'report date must be the as-of date or the last day of a month before it'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('The date was %s; the as-of date of the reports is %s.',
								  coalesce(on_date::text, 'NULL'), as_of),
				  HINT = 'Reports are published for the last day of a month (up to 15 years back), never for an arbitrary day.';
	END IF;
	RETURN on_date;
END
$fn$;
COMMENT ON FUNCTION treg.report_check_day(date, date) IS 'a census day an analyst may ask for: the as-of date or a month end before it (22023 otherwise)';

CREATE FUNCTION treg.report_check_year(year integer, as_of date) RETURNS integer
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	AS $fn$
BEGIN
	IF year IS NULL OR year > extract(year FROM as_of) OR year < extract(year FROM as_of) - 15 THEN
		RAISE EXCEPTION 'report year must be a calendar year up to the year of the as-of date'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('The year was %s; the as-of date of the reports is %s.',
								  coalesce(year::text, 'NULL'), as_of),
				  HINT = 'Ask for one of the 15 years up to the as-of date.';
	END IF;
	RETURN year;
END
$fn$;
COMMENT ON FUNCTION treg.report_check_year(integer, date) IS 'a report year an analyst may ask for: one of the 15 years up to the as-of date (22023 otherwise)';
