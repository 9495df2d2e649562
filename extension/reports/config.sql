/*
 * Committee reporting (layer 3: SQL over the reference registry).
 *
 * Every report is a set-returning function treg.report_*(...) that takes
 * coarse parameters only (a year, a range of years, the last day of a
 * month), and a view of the same name that takes them from
 * treg.report_config.  The views give BI tools typed columns with
 * comments (reports/catalog.sql); the functions give the same rows.
 *
 * Disclosure control (README, "Threat model and protection"): every
 * figure about persons is published with consistent cell-key perturbation:
 * the cell's persons determine its noise (treg.cell_agg, treg.noisy_count),
 * so the same persons always give the same figure and two cells that
 * differ by one person give unrelated noise.  A noisy count below 1 is
 * published as 0, one from 1 to k - 1 is suppressed (NULL, suppressed =
 * true).  Totals are perturbed as cells of their own.  k, the noise and
 * the as-of date come from treg.report_config, which only the data owner
 * writes; nothing an analyst sets or chooses changes them.
 *
 * The report functions are SECURITY DEFINER so that treg_analyst, who
 * cannot read a registry table, can run them; they never return a row
 * about one person, and their errors depend on their arguments and the
 * configuration only, never on the data.
 */

/*
 * Settings of the reporting views: the one-row table treg.report_config
 * (data owner) and the secret of the record keys (superusers only).
 */

CREATE TABLE treg.report_config (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	home_municipality smallint NOT NULL CHECK (home_municipality BETWEEN 101 AND 999),
	report_date date NOT NULL CHECK (report_date BETWEEN '1950-01-01' AND '2199-12-31'),
	report_year integer NOT NULL CHECK (report_year BETWEEN 1950 AND 2199),
	min_cell_count integer NOT NULL DEFAULT 5 CHECK (min_cell_count BETWEEN 3 AND 100),
	noise_sd numeric(4, 2) NOT NULL DEFAULT 2 CHECK (noise_sd BETWEEN 0.5 AND 10),
	CONSTRAINT report_config_year_not_after_date
		CHECK (report_year <= extract(year FROM report_date))
);
COMMENT ON TABLE treg.report_config IS 'settings of the committee reports (data owner only): the registry''s own municipality, the as-of date, the report year, k and the noise (one row)';
COMMENT ON COLUMN treg.report_config.home_municipality IS 'kommunekode of the registry''s own municipality; persons living elsewhere are udenbysborgere';
COMMENT ON COLUMN treg.report_config.report_date IS 'as-of date of every report (the registry as it stood that day) and census date of the views';
COMMENT ON COLUMN treg.report_config.report_year IS 'calendar year of the flow, guarantee, provider and cost views';
COMMENT ON COLUMN treg.report_config.min_cell_count IS 'k: published counts from 1 to k - 1 are suppressed (default 5, Sundhedsdatastyrelsen; at least 3)';
COMMENT ON COLUMN treg.report_config.noise_sd IS 'standard deviation of the discrete Gaussian noise of published counts (default 2)';
SELECT pg_catalog.pg_extension_config_dump('treg.report_config', '');

/*
 * The secret behind the record keys (treg.record_key).  Made by
 * set_report_config when missing (32 random bytes from gen_random_uuid,
 * i.e. pg_strong_random); dumped with the registry so that a restored
 * database publishes the same figures (a new secret would give every cell
 * new noise, and an analyst who kept old answers could average the two).
 * Superusers only; treg_writer sets it only through set_report_config.
 */
CREATE TABLE treg.report_secret (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	secret bytea NOT NULL CHECK (octet_length(secret) >= 16),
	created_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON treg.report_secret FROM PUBLIC;
COMMENT ON TABLE treg.report_secret IS 'secret of the record keys behind the report noise (superusers only); dumped so restored databases publish the same figures';
SELECT pg_catalog.pg_extension_config_dump('treg.report_secret', '');
