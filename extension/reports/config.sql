/*
 * Committee reporting (layer 3: SQL over the reference registry).
 *
 * Every report is a set-returning function treg.report_*(...) that takes
 * its date or period as arguments, and a view of the same name without
 * arguments that reads them from treg.report_config.  Each returns plain
 * columns (text, int, bigint, numeric, date) for BI tools.
 *
 * Disclosure control: every count is published through treg.suppress()
 * (primary suppression of 1..k-1, secondary suppression so that no hidden
 * cell can be recovered from the totals), each table additive by
 * construction: a person is counted in exactly one cell of a table (the
 * rule for choosing it is stated with each report).  Sums of money go
 * through treg.anon_sum() (dominance rule) and take their suppression
 * pattern from the table of persons behind them.  A value is NULL when
 * suppressed; the column "reason" ('primary' or 'secondary') is shown only
 * to superusers and members of treg_writer.
 *
 * The report functions are SECURITY DEFINER so that treg_analyst, who
 * cannot read a registry table, can run them; they never return a row
 * about one person.
 */

/*
 * Settings of the reporting views: the one-row table treg.report_config and
 * the functions that write and read it.
 */

CREATE TABLE treg.report_config (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	home_municipality smallint NOT NULL CHECK (home_municipality BETWEEN 101 AND 999),
	report_date date NOT NULL,
	report_year integer NOT NULL CHECK (report_year BETWEEN 1900 AND 9999)
);
COMMENT ON TABLE treg.report_config IS 'settings of the reporting views: the registry''s own municipality, the census date and the report year (one row)';
COMMENT ON COLUMN treg.report_config.home_municipality IS 'kommunekode of the registry''s own municipality; persons living elsewhere are udenbysborgere';
COMMENT ON COLUMN treg.report_config.report_date IS 'census date (dagsudtræk) and as-of date of the views';
COMMENT ON COLUMN treg.report_config.report_year IS 'calendar year of the flow, guarantee, provider and cost views';
SELECT pg_catalog.pg_extension_config_dump('treg.report_config', '');

CREATE FUNCTION treg.set_report_config(home_municipality integer, report_date date,
									   report_year integer DEFAULT NULL)
	RETURNS void
	LANGUAGE sql VOLATILE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	INSERT INTO treg.report_config AS c (singleton, home_municipality, report_date, report_year)
	VALUES (true, $1, $2, coalesce($3, extract(year FROM $2)::int - 1))
	ON CONFLICT (singleton) DO UPDATE
		SET home_municipality = excluded.home_municipality,
			report_date = excluded.report_date,
			report_year = excluded.report_year;
$fn$;
COMMENT ON FUNCTION treg.set_report_config(integer, date, integer) IS 'set the own municipality, census date and report year of the reporting views (report year defaults to the year before the date)';

CREATE FUNCTION treg.report_settings(OUT home_municipality smallint, OUT report_date date,
									 OUT report_year integer)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
BEGIN
	SELECT c.home_municipality, c.report_date, c.report_year
	  INTO home_municipality, report_date, report_year
	  FROM treg.report_config c;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'the reporting views are not configured'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'treg.report_config has no row: the views need the own municipality, a census date and a report year.',
				  HINT = 'Run SELECT treg.set_report_config(home_municipality => 169, report_date => ''2026-04-08'');';
	END IF;
END
$fn$;
COMMENT ON FUNCTION treg.report_settings() IS 'the settings of the reporting views; error 55000 when not configured';
