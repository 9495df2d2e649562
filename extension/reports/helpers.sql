/*
 * Helpers shared by the reports: the Danish labels and sort order of every
 * code a report shows, committee age bands and groups, the order of
 * substance groups, sums published with noise, and publishing a fixed
 * table of exact person counts through treg.suppress() for the data owner.
 * The as-of rules of a period are in registry/period.sql.
 */

/* ---- codes, Danish labels and sort order ---- */

CREATE TABLE treg.report_label (
	domain varchar(40) NOT NULL,
	code varchar(40) NOT NULL,
	label_da varchar(80) NOT NULL,
	label_en varchar(80) NOT NULL,
	sort_order integer NOT NULL,
	PRIMARY KEY (domain, code)
);
COMMENT ON TABLE treg.report_label IS 'kode og dansk tekst for hver kode i rapporterne / code, Danish and English label and sort order of every code the reports show';
COMMENT ON COLUMN treg.report_label.domain IS 'dimension (e.g. substance_group, intensity, age_band)';
COMMENT ON COLUMN treg.report_label.code IS 'stable code as it appears in the report columns';
COMMENT ON COLUMN treg.report_label.label_da IS 'Danish label shown to the committee';
COMMENT ON COLUMN treg.report_label.label_en IS 'English label';
COMMENT ON COLUMN treg.report_label.sort_order IS 'order of the code within its dimension';

INSERT INTO treg.report_label (domain, code, label_da, label_en, sort_order) VALUES
	('total', 'total', 'I alt', 'Total', 9999),
	('substance_group', 'alcohol', 'Alkohol', 'Alcohol', 1),
	('substance_group', 'non_opioid', 'Hash, kokain mv.', 'Cannabis, cocaine etc.', 2),
	('substance_group', 'opioid', 'Opioider', 'Opioids', 3),
	('intensity', 'ambulant', 'Ambulant', 'Outpatient', 1),
	('intensity', 'dag', 'Dagbehandling', 'Day treatment', 2),
	('intensity', 'døgn', 'Døgnbehandling', 'Residential', 3),
	('intensity', 'unknown', 'Ukendt', 'Unknown', 9),
	('transition_state', 'entry', 'Indskrivning', 'Entry', 0),
	('transition_state', 'ambulant', 'Ambulant', 'Outpatient', 1),
	('transition_state', 'dag', 'Dagbehandling', 'Day treatment', 2),
	('transition_state', 'døgn', 'Døgnbehandling', 'Residential', 3),
	('transition_state', 'exit', 'Udskrivning', 'Exit', 4),
	('residence', 'own', 'Egne borgere', 'Own residents', 1),
	('residence', 'other', 'Udenbysborgere', 'Other municipalities', 2),
	('age_band', '0-17', '0-17 år', '0-17 years', 1),
	('age_band', '18-24', '18-24 år', '18-24 years', 2),
	('age_band', '25-29', '25-29 år', '25-29 years', 3),
	('age_band', '30-49', '30-49 år', '30-49 years', 4),
	('age_band', '50-64', '50-64 år', '50-64 years', 5),
	('age_band', '65+', '65 år og derover', '65 years and over', 6),
	('age_band', 'unknown', 'Ukendt alder', 'Age unknown', 7),
	('age_group', 'under_18', 'Under 18 år', 'Under 18', 1),
	('age_group', '18-29', '18-29 år', '18-29', 2),
	('age_group', 'under_30', 'Under 30 år', 'Under 30', 3),
	('age_group', '30-64', '30-64 år', '30-64', 4),
	('age_group', '65+', '65 år og derover', '65 and over', 5),
	('age_group', 'unknown', 'Ukendt alder', 'Age unknown', 6),
	('flow_measure', 'new_enrolments', 'Nyindskrevne', 'New enrolments', 1),
	('flow_measure', 'discharges', 'Udskrevne', 'Discharges', 2),
	('flow_measure', 'persons', 'Borgere i behandling', 'Persons in treatment', 3),
	('age_measure', 'census', 'Indskrevne på dagen', 'Enrolled on the day', 1),
	('age_measure', 'new_enrolments', 'Nyindskrevne i året', 'New enrolments in the year', 2),
	('day_measure', 'step_down', 'Trin ned til ambulant efter dagbehandling', 'Step-down to outpatient after day treatment', 1),
	('day_measure', 'day_treatment_end', 'Afsluttet dagbehandling', 'Day treatment ended', 2),
	('day_category', 'within_3_months', 'Inden for 3 måneder', 'Within 3 months', 1),
	('day_category', '3_6_months', '3-6 måneder', '3-6 months', 2),
	('day_category', '6_12_months', '6-12 måneder', '6-12 months', 3),
	('day_category', 'later_or_not', 'Senere eller ikke', 'Later or not', 4),
	('day_category', 'shortened', 'Afkortet før planlagt slut', 'Ended before the planned end', 5),
	('day_category', 'not_shortened', 'Ikke afkortet', 'Not shortened', 6),
	('day_category', 'no_planned_end', 'Uden planlagt slut', 'No planned end', 7),
	('track', 'alcohol', 'Alkohol', 'Alcohol', 1),
	('track', 'drugs', 'Stoffer', 'Drugs', 2),
	('guarantee_measure', '14_days', 'Behandlingsgaranti (14 dage)', 'Treatment guarantee (14 days)', 1),
	('guarantee_measure', 'straks', 'Straksbehandling', 'Immediate treatment', 2),
	('guarantee_outcome', 'met', 'Overholdt', 'Met', 1),
	('guarantee_outcome', 'not_met', 'Ikke overholdt', 'Not met', 2),
	('guarantee_outcome', 'pending', 'Venter stadig', 'Still waiting', 3),
	('guarantee_outcome', 'waived', 'Fravalgt (frit valg, eget ønske)', 'Waived (free choice, own wish)', 4),
	('provider_group', 'internal', 'Egne tilbud', 'Own providers', 1),
	('provider_group', 'partner', 'Samarbejdspartner', 'Partner provider', 2),
	('provider_group', 'external', 'Eksterne leverandører', 'Purchased providers', 3),
	('provider_group', 'none', 'Ingen (ind i eller ud af behandling)', 'None (into or out of treatment)', 4),
	('scenario', 'baseline', 'Nuværende praksis', 'Current practice', 1),
	('scenario', 'cap', 'Dagbehandling højst N måneder', 'Day treatment capped at N months', 2),
	('scenario', 'shift', 'Andel af dagbehandlingsstarter som ambulant', 'Share of day starts as outpatient', 3),
	('scenario', 'cap_and_shift', 'Begge dele', 'Both', 4),
	('registry_table', 'person', 'Borgere', 'Persons', 1),
	('registry_table', 'provider', 'Leverandører', 'Providers', 2),
	('registry_table', 'request', 'Anmodninger', 'Requests', 3),
	('registry_table', 'episode', 'Forløb', 'Episodes', 4),
	('registry_table', 'segment', 'Indsatsperioder', 'Intensity periods', 5),
	('registry_table', 'tariff', 'Takster', 'Tariffs', 6);

/* The Danish label of a code; 'I alt' for a total (NULL code). */
CREATE FUNCTION treg.label_da(domain text, code text) RETURNS text
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN CASE WHEN code IS NULL THEN 'I alt'
		ELSE coalesce((SELECT l.label_da FROM treg.report_label l
					   WHERE l.domain = label_da.domain AND l.code = label_da.code), code) END;
COMMENT ON FUNCTION treg.label_da(text, text) IS 'Danish label of a report code (I alt for a total, the code itself when it has no label)';

/* The sort order of a code; totals last. */
CREATE FUNCTION treg.label_order(domain text, code text) RETURNS integer
	LANGUAGE sql STABLE PARALLEL SAFE
	RETURN CASE WHEN code IS NULL THEN 9999
		ELSE coalesce((SELECT l.sort_order FROM treg.report_label l
					   WHERE l.domain = label_order.domain AND l.code = label_order.code), 5000) END;
COMMENT ON FUNCTION treg.label_order(text, text) IS 'sort order of a report code within its dimension (totals last)';

/* ---- age and substance ---- */

/*
 * Age in whole years on a day, NULL when the birth date is unknown or
 * after the day (a registry error, listed in treg.data_quality): reports
 * never raise an error on a row.
 */
CREATE FUNCTION treg.age_if_known(birth_date date, on_date date) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE WHEN birth_date <= on_date AND on_date < 'infinity' AND birth_date > '-infinity'
		THEN treg.age_on(birth_date, on_date) END;
COMMENT ON FUNCTION treg.age_if_known(date, date) IS 'age in whole years on a day; NULL when the birth date is unknown or after the day';

CREATE FUNCTION treg.age_band(birth_date date, on_date date) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE
		WHEN treg.age_if_known(birth_date, on_date) IS NULL THEN 'unknown'
		WHEN treg.age_if_known(birth_date, on_date) < 18 THEN '0-17'
		WHEN treg.age_if_known(birth_date, on_date) < 25 THEN '18-24'
		WHEN treg.age_if_known(birth_date, on_date) < 30 THEN '25-29'
		WHEN treg.age_if_known(birth_date, on_date) < 50 THEN '30-49'
		WHEN treg.age_if_known(birth_date, on_date) < 65 THEN '50-64'
		ELSE '65+' END;
COMMENT ON FUNCTION treg.age_band(date, date) IS 'committee age band on a day: 0-17, 18-24, 25-29, 30-49, 50-64, 65+ or unknown (also for a birth date after the day)';

CREATE FUNCTION treg.age_group(birth_date date, on_date date) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE
		WHEN treg.age_if_known(birth_date, on_date) IS NULL THEN 'unknown'
		WHEN treg.age_if_known(birth_date, on_date) < 18 THEN 'under_18'
		WHEN treg.age_if_known(birth_date, on_date) < 30 THEN '18-29'
		WHEN treg.age_if_known(birth_date, on_date) < 65 THEN '30-64'
		ELSE '65+' END;
COMMENT ON FUNCTION treg.age_group(date, date) IS 'youth/older age group on a day: under_18, 18-29, 30-64, 65+ or unknown (under 30 = under_18 + 18-29)';

/* rank of a substance group when one person is in two groups on a day */
CREATE FUNCTION treg.substance_rank(substance_group text) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE substance_group WHEN 'opioid' THEN 3 WHEN 'non_opioid' THEN 2
		WHEN 'alcohol' THEN 1 END;
COMMENT ON FUNCTION treg.substance_rank(text) IS 'priority of a substance group when a person is in two at once: opioid > non_opioid > alcohol';

CREATE FUNCTION treg.substance_group_of_rank(rank integer) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE rank WHEN 3 THEN 'opioid' WHEN 2 THEN 'non_opioid' WHEN 1 THEN 'alcohol' END;
COMMENT ON FUNCTION treg.substance_group_of_rank(integer) IS 'the substance group of a substance_rank';

/* ---- sums ---- */

/*
 * The published form of a sum of money or days about the persons of a
 * cell (shared by report_costs, report_cost_scenario, report_occupancy and
 * report_outcomes):
 *
 *   value        the exact sum over the cell's persons;
 *   largest      the largest absolute contribution of one person;
 *   two_largest  the sum of the two largest absolute contributions;
 *   absolute     the sum of the absolute contributions;
 *   noise_value  the value the deviate is drawn for: the cell's persons
 *                (the brief's rule), or the exact sum where an analyst's
 *                argument other than a year changes the sum.
 *
 * NULL when the (2, 85 %) dominance rule fails (the two largest persons
 * give more than 85 % of the absolute sum); else the sum plus a sticky
 * deviate (cell key, noise_value, stream) times half the largest
 * contribution,
 * rounded, and not below 0 when no contribution is negative.  The caller
 * publishes it only where the cell's persons figure is published.
 */
CREATE FUNCTION treg.noisy_sum(value numeric, largest numeric, two_largest numeric,
							   absolute numeric, cell_key bigint, noise_value bigint, stream integer)
	RETURNS numeric
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN CASE
		WHEN two_largest > 0.85 * absolute THEN NULL
		WHEN value = absolute
			THEN greatest(round(value + treg.noise_deviate(cell_key, noise_value, stream)::numeric * 0.5 * largest), 0)
		ELSE round(value + treg.noise_deviate(cell_key, noise_value, stream)::numeric * 0.5 * largest) END;
COMMENT ON FUNCTION treg.noisy_sum(numeric, numeric, numeric, numeric, bigint, bigint, integer) IS 'published sum of a cell: NULL under the (2, 85 %) dominance rule, else the sum plus a sticky deviate times half the largest contribution, rounded';

/* ---- exact tables for the data owner ---- */

/*
 * Suppression reasons are shown to superusers and members of treg_writer
 * only: the role set with SET ROLE, else the session user.
 */
CREATE FUNCTION treg.report_reason_visible() RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	RETURN (SELECT r.rolsuper OR pg_catalog.pg_has_role(r.oid, 'treg_writer', 'USAGE')
			FROM pg_catalog.pg_roles r
			WHERE r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user::text));
COMMENT ON FUNCTION treg.report_reason_visible() IS 'true when the calling role (SET ROLE, else the session user) may see why a cell is suppressed: superuser or member of treg_writer';

/*
 * Publish a fixed table of exact person counts (Danish practice: counts
 * from 1 to k - 1 hidden, secondary suppression): cells as (row_group,
 * row_key, col_key, persons) with NULL keys for totals.  For a table the
 * data owner publishes once; a table published again and again, or one
 * whose parameters an analyst chooses, needs the perturbed reports.
 */
CREATE FUNCTION treg.publish_counts(row_groups text[], row_keys text[], col_keys text[],
									counts bigint[])
	RETURNS TABLE (row_group text, row_key text, col_key text, value bigint, reason text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT s.row_group, s.row_key, s.col_key, s.value,
		   CASE WHEN treg.report_reason_visible() THEN s.reason END
	FROM treg.suppress(coalesce(publish_counts.row_keys, '{}'), coalesce(publish_counts.col_keys, '{}'),
					   coalesce(publish_counts.counts, '{}'), publish_counts.row_groups) s
$fn$;
COMMENT ON FUNCTION treg.publish_counts(text[], text[], text[], bigint[]) IS 'suppress a fixed table of exact person counts (NULL key = total) and hide the reason from unprivileged sessions';
