/* Committee report: youth and older persons. */

/*
 * Per person the cell they are counted in, for two measures:
 *   census          own residents in care on the day (treg.census_persons:
 *                   the substance group of the most intensive segment
 *                   covering the day), age group on the day;
 *   new_enrolments  persons enrolled in the year as the registry stood on
 *                   as_of (the year cut at as_of), as in report_flow: the
 *                   substance group of the first enrolment of the year,
 *                   age group on its enrolment day; every residence.
 * Age groups: under_18, 18-29, 30-64, 65+, unknown (no birth date, or
 * one after the day).  Person-level: not for analysts.  PL/pgSQL so that
 * it may be created before treg.census_persons (report_census.sql comes
 * later in the install script).
 */
CREATE FUNCTION treg.age_group_persons(on_date date, year integer, home_municipality integer,
									   as_of date)
	RETURNS TABLE (measure text, person_id bigint, age_group text, substance_group text)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
BEGIN
	RETURN QUERY
	SELECT 'census'::text, c.person_id,
		   CASE c.age_band WHEN '0-17' THEN 'under_18' WHEN '18-24' THEN '18-29'
			   WHEN '25-29' THEN '18-29' WHEN '30-49' THEN '30-64' WHEN '50-64' THEN '30-64'
			   ELSE c.age_band END,
		   c.substance_group
	FROM treg.census_persons(age_group_persons.on_date, age_group_persons.home_municipality) c
	WHERE c.residence = 'own'
	UNION ALL
	SELECT 'new_enrolments'::text, f.person_id, treg.age_group(p.birth_date, f.enrol_date), f.substance_group
	FROM (SELECT DISTINCT ON (e.person_id) e.person_id, e.enrol_date, e.substance_group
		  FROM treg.episode e
		  WHERE treg.overlaps_period(e.enrol_date, e.enrol_date, make_date(age_group_persons.year, 1, 1),
									 make_date(age_group_persons.year, 12, 31), age_group_persons.as_of)
		  ORDER BY e.person_id, e.enrol_date, e.episode_id) f
	JOIN treg.person p ON p.person_id = f.person_id;
END
$fn$;
REVOKE ALL ON FUNCTION treg.age_group_persons(date, integer, integer, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.age_group_persons(date, integer, integer, date) IS 'persons of the age-group report: own residents in care on a day and persons newly enrolled in a year, with age group and substance group (person-level: not for analysts)';

/*
 * Census on a day (the as-of date or a month end before it) of own
 * residents, and new enrolments in a year (one of the 15 years up to the
 * as-of date), by age group and substance group with totals.  under_30
 * is a cell of its own persons (under_18 and 18-29 together), perturbed
 * like every other cell (stream 1), not the sum of two published cells.
 */
CREATE FUNCTION treg.report_age_groups(on_date date, year integer)
	RETURNS TABLE (on_date date, year integer, measure text, measure_da text,
				   measure_order integer, age_group text, age_group_da text,
				   age_group_order integer, substance_group text, substance_group_da text,
				   is_total boolean, persons bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_day(report_age_groups.on_date, x.as_of) AS day,
			   treg.report_check_year(report_age_groups.year, x.as_of) AS y
		FROM treg.report_context() x
	), base AS MATERIALIZED (
		SELECT b.* FROM ctx, treg.age_group_persons(ctx.day, ctx.y, ctx.home_municipality, ctx.as_of) b
	), cells AS (
		SELECT b.measure, b.age_group, b.substance_group, treg.cell_agg(b.person_id, ctx.secret) AS c
		FROM ctx, base b
		GROUP BY GROUPING SETS ((b.measure, b.age_group, b.substance_group), (b.measure, b.age_group),
								(b.measure, b.substance_group), (b.measure)), ctx.secret
		UNION ALL
		/* under 30: a cell of its own */
		SELECT b.measure, 'under_30', b.substance_group, treg.cell_agg(b.person_id, ctx.secret)
		FROM ctx, base b
		WHERE b.age_group IN ('under_18', '18-29')
		GROUP BY GROUPING SETS ((b.measure, b.substance_group), (b.measure)), ctx.secret
	), grid AS (
		/* every cell of the published table, empty ones included */
		SELECT m.code AS measure, a.code AS age_group, s.code AS substance_group
		FROM (SELECT code FROM treg.report_label WHERE domain = 'age_measure') m,
			 (SELECT code FROM treg.report_label WHERE domain = 'age_group' UNION ALL SELECT NULL) a,
			 (SELECT code FROM treg.report_label WHERE domain = 'substance_group' UNION ALL SELECT NULL) s
	)
	SELECT ctx.day, ctx.y, g.measure, treg.label_da('age_measure', g.measure),
		   treg.label_order('age_measure', g.measure),
		   coalesce(g.age_group, 'total'), treg.label_da('age_group', g.age_group),
		   treg.label_order('age_group', g.age_group),
		   coalesce(g.substance_group, 'total'), treg.label_da('substance_group', g.substance_group),
		   g.age_group IS NULL OR g.age_group = 'under_30' OR g.substance_group IS NULL,
		   v.persons, v.persons IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.measure = g.measure
		AND c.age_group IS NOT DISTINCT FROM g.age_group
		AND c.substance_group IS NOT DISTINCT FROM g.substance_group
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	ORDER BY treg.label_order('age_measure', g.measure), treg.label_order('age_group', g.age_group),
			 treg.label_order('substance_group', g.substance_group)
$fn$;
COMMENT ON FUNCTION treg.report_age_groups(date, integer) IS 'youth and older persons: own residents in care on a day and new enrolments in a year by age group (under_18, 18-29, under_30, 30-64, 65+, unknown) and substance group, with totals, perturbed';

CREATE VIEW treg.report_age_groups AS
SELECT r.on_date, r.year, r.measure::varchar(20) AS measure, r.measure_da::varchar(40) AS measure_da,
	   r.measure_order, r.age_group::varchar(20) AS age_group,
	   r.age_group_da::varchar(40) AS age_group_da, r.age_group_order,
	   r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da, r.is_total, r.persons, r.suppressed
FROM treg.report_settings() c, treg.report_age_groups(c.report_date, c.report_year) r;
COMMENT ON VIEW treg.report_age_groups IS 'Unge og ældre: egne borgere i behandling på opgørelsesdagen og nyindskrevne i året efter aldersgruppe og rusmiddel / youth and older persons: own residents in care on the as-of date and new enrolments in the report year by age group and substance group (perturbed)';
SELECT treg.document_columns('treg.report_age_groups', $$
on_date | Opgørelsesdag for de indskrevne | Census day of the enrolled
year | Året for de nyindskrevne | Year of the new enrolments
measure | Mål (kode: census, new_enrolments) | Measure (code: census, new_enrolments)
measure_da | Mål | Measure (Danish label)
measure_order | Sortering af mål | Sort order of the measure
age_group | Aldersgruppe (kode: under_18, 18-29, under_30, 30-64, 65+, unknown, total) | Age group (code)
age_group_da | Aldersgruppe | Age group (Danish label)
age_group_order | Sortering af aldersgruppe | Sort order of the age group
substance_group | Rusmiddel (kode: alcohol, non_opioid, opioid, total) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
is_total | Sand for total- og subtotalrækker (også under_30) | True on total and subtotal rows (under_30 too)
persons | Antal borgere (med støj; NULL når diskretioneret) | Persons (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult (1 til k-1) | True when the figure is suppressed (1 to k-1)
$$);

INSERT INTO treg.report_info VALUES
	('report_age_groups', 'Unge og ældre borgere i behandling', 'Youth and older persons in treatment', 'Indskrevne pr. {as_of}; nyindskrevne i {year}', 70);
