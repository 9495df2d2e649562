/* Committee report: census on a day (dagsudtræk), and month by month. */

/*
 * Per person in care on a day, the one cell they are counted in: the
 * substance group of the most intensive segment covering the day (ties:
 * opioid > non_opioid > alcohol), residence (own municipality or udenbys)
 * and age band on the day.  Person-level: not for analysts.
 *
 * Reads the maintained state (treg.episode_state), not the segment rows:
 * the episodes whose segments span the day (episode_state_span_idx), and
 * in each the intensity on the day from its timeline (intensity_on, NULL
 * when the day falls in a gap between segments).  The state holds every
 * row ever registered, with no as-of cut, and still gives the census as of
 * the reports' as-of date: on_date is never after that date, and a segment
 * that starts after the as-of date cannot cover a day before it, so the
 * segments covering on_date are the same in the state and in the rows as
 * they stood on the as-of date (sql/report_census_state.sql compares the
 * two).  The state must be maintained (treg.state_maintained()).
 */
CREATE FUNCTION treg.census_persons(on_date date, home_municipality integer)
	RETURNS TABLE (person_id bigint, residence text, age_band text, substance_group text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH covering AS (
		/* per person the most intensive episode on the day, coded as intensity * 10 + substance */
		SELECT es.person_id,
			   max(treg.intensity_rank(treg.intensity_on(es.timeline, census_persons.on_date)) * 10
				   + treg.substance_rank(es.substance_group)) AS code
		FROM treg.episode_state es
		WHERE es.first_day IS NOT NULL
		  AND daterange(es.first_day, es.last_day, '[]') @> census_persons.on_date
		GROUP BY es.person_id
	)
	SELECT c.person_id,
		   CASE WHEN p.municipality_code = census_persons.home_municipality THEN 'own' ELSE 'other' END,
		   treg.age_band(p.birth_date, census_persons.on_date),
		   treg.substance_group_of_rank(c.code % 10)
	FROM covering c JOIN treg.person p ON p.person_id = c.person_id
	/* NULL: the day falls between segments in each of the person's episodes spanning it */
	WHERE c.code IS NOT NULL
$fn$;
REVOKE ALL ON FUNCTION treg.census_persons(date, integer) FROM PUBLIC;
COMMENT ON FUNCTION treg.census_persons(date, integer) IS 'persons in care on a day with residence, age band and substance group, read from the maintained state treg.episode_state (person-level: not for analysts)';

/*
 * Persons in care on a day by residence, age band and substance group,
 * with totals, perturbed.  on_date: the as-of date of the reports or the
 * last day of a month before it.
 */
CREATE FUNCTION treg.report_census(on_date date)
	RETURNS TABLE (on_date date, residence text, residence_da text, age_band text,
				   age_band_da text, age_band_order integer, substance_group text,
				   substance_group_da text, is_total boolean, persons bigint,
				   suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_day(report_census.on_date, x.as_of) AS day
		FROM treg.report_context() x
	), cells AS (
		SELECT grouping(b.residence, b.age_band, b.substance_group) AS g,
			   b.residence, b.age_band, b.substance_group,
			   treg.cell_agg(b.person_id, ctx.secret) AS c
		FROM ctx, treg.census_persons(ctx.day, ctx.home_municipality) b
		GROUP BY GROUPING SETS ((b.residence, b.age_band, b.substance_group),
								(b.residence, b.age_band), (b.residence, b.substance_group),
								(b.residence), (b.substance_group), ()), ctx.secret
	), grid AS (
		/* every cell of the published table, empty ones included */
		SELECT r.code AS residence, a.code AS age_band, s.code AS substance_group
		FROM (SELECT code FROM treg.report_label WHERE domain = 'residence' UNION ALL SELECT NULL) r,
			 (SELECT code FROM treg.report_label WHERE domain = 'age_band' UNION ALL SELECT NULL) a,
			 (SELECT code FROM treg.report_label WHERE domain = 'substance_group' UNION ALL SELECT NULL) s
		WHERE r.code IS NOT NULL OR a.code IS NULL
	)
	SELECT ctx.day, coalesce(g.residence, 'total'), treg.label_da('residence', g.residence),
		   coalesce(g.age_band, 'total'), treg.label_da('age_band', g.age_band),
		   treg.label_order('age_band', g.age_band),
		   coalesce(g.substance_group, 'total'), treg.label_da('substance_group', g.substance_group),
		   g.residence IS NULL OR g.age_band IS NULL OR g.substance_group IS NULL,
		   v.persons, v.persons IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.residence IS NOT DISTINCT FROM g.residence
		AND c.age_band IS NOT DISTINCT FROM g.age_band
		AND c.substance_group IS NOT DISTINCT FROM g.substance_group
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	ORDER BY treg.label_order('residence', g.residence), treg.label_order('age_band', g.age_band),
			 treg.label_order('substance_group', g.substance_group)
$fn$;
COMMENT ON FUNCTION treg.report_census(date) IS 'dagsudtræk: persons enrolled on a day (the as-of date or a month end before it) by residence, age band and substance group, with totals, perturbed';

/*
 * The census on the last day of each of the 24 months up to the as-of
 * date (the month of the as-of date: on the as-of date), by substance
 * group with a total.  Each figure is the same cell as in report_census
 * for that day, so it has the same noise.
 */
CREATE FUNCTION treg.report_census_monthly()
	RETURNS TABLE (on_date date, month text, month_order integer, substance_group text,
				   substance_group_da text, is_total boolean, persons bigint,
				   suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT * FROM treg.report_context()
	), days AS (
		SELECT least((date_trunc('month', ctx.as_of) - make_interval(months => m.i)
					  + interval '1 month - 1 day')::date, ctx.as_of) AS day, 23 - m.i AS ord
		FROM ctx, generate_series(0, 23) m(i)
	), cells AS (
		SELECT d.day, d.ord, b.substance_group, treg.cell_agg(b.person_id, ctx.secret) AS c
		FROM ctx, days d, treg.census_persons(d.day, ctx.home_municipality) b
		GROUP BY GROUPING SETS ((d.day, d.ord, b.substance_group), (d.day, d.ord)), ctx.secret
	), grid AS (
		SELECT d.day, d.ord, s.code AS substance_group
		FROM days d,
			 (SELECT code FROM treg.report_label WHERE domain = 'substance_group' UNION ALL SELECT NULL) s
	)
	SELECT g.day, to_char(g.day, 'YYYY-MM'), g.ord, coalesce(g.substance_group, 'total'),
		   treg.label_da('substance_group', g.substance_group), g.substance_group IS NULL,
		   v.persons, v.persons IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.day = g.day AND c.substance_group IS NOT DISTINCT FROM g.substance_group
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	ORDER BY g.ord, treg.label_order('substance_group', g.substance_group)
$fn$;
COMMENT ON FUNCTION treg.report_census_monthly() IS 'persons enrolled on the last day of each of the 24 months up to the as-of date, by substance group with a total, perturbed';

CREATE VIEW treg.report_census AS
SELECT r.on_date, r.residence::varchar(20) AS residence, r.residence_da::varchar(40) AS residence_da,
	   r.age_band::varchar(20) AS age_band, r.age_band_da::varchar(40) AS age_band_da,
	   r.age_band_order, r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da, r.is_total, r.persons, r.suppressed
FROM treg.report_settings() c, treg.report_census(c.report_date) r;
COMMENT ON VIEW treg.report_census IS 'Indskrevne borgere på opgørelsesdagen (dagsudtræk) efter bopæl, alder og rusmiddel / persons enrolled on the as-of date by residence, age band and substance group (perturbed)';
SELECT treg.document_columns('treg.report_census', $$
on_date | Opgørelsesdag | Census day
residence | Bopæl (kode: own, other, total) | Residence (code: own, other, total)
residence_da | Bopæl | Residence (Danish label)
age_band | Aldersgruppe (kode) | Age band (code)
age_band_da | Aldersgruppe | Age band (Danish label)
age_band_order | Sortering af aldersgruppe | Sort order of the age band
substance_group | Rusmiddel (kode: alcohol, non_opioid, opioid, total) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Antal borgere (med støj; NULL når diskretioneret) | Persons (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult (1 til k-1) | True when the figure is suppressed (1 to k-1)
$$);

CREATE VIEW treg.report_census_monthly AS
SELECT r.on_date, r.month::varchar(7) AS month, r.month_order,
	   r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da, r.is_total, r.persons, r.suppressed
FROM treg.report_census_monthly() r;
COMMENT ON VIEW treg.report_census_monthly IS 'Indskrevne borgere måned for måned, de seneste 24 måneder, efter rusmiddel / persons enrolled on the last day of each of the last 24 months by substance group (perturbed)';
SELECT treg.document_columns('treg.report_census_monthly', $$
on_date | Opgørelsesdag (sidste dag i måneden) | Census day (last day of the month)
month | Måned (ÅÅÅÅ-MM) | Month (YYYY-MM)
month_order | Sortering af måneder | Sort order of the months
substance_group | Rusmiddel (kode) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
is_total | Sand for totalrækker | True on total rows
persons | Antal borgere (med støj; NULL når diskretioneret) | Persons (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult | True when the figure is suppressed
$$);

INSERT INTO treg.report_info VALUES
	('report_census', 'Indskrevne borgere på opgørelsesdagen', 'Persons enrolled on the census day', 'Dagsudtræk pr. {as_of}', 10),
	('report_census_monthly', 'Indskrevne borgere måned for måned', 'Persons enrolled month by month', 'Sidste dag i de 24 måneder til {as_of}', 11);
