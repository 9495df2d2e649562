/* Committee report: flow in a year: new enrolments, discharges, persons in treatment. */

/*
 * Per person the cell they are counted in, for each of three measures of
 * a calendar year as the registry stood on as_of (the year is cut at
 * as_of; rows starting after it do not exist yet):
 *   new_enrolments  persons enrolled in the year, in the substance group
 *                   and entry intensity (first segment) of their first
 *                   enrolment of the year;
 *   discharges      persons discharged in the year, in the group and
 *                   intensity (last segment) of their last discharge;
 *   persons         persons in treatment at some time in the year, in the
 *                   group and intensity of their most intensive segment
 *                   (ties: opioid > non_opioid > alcohol).
 * Intensity 'unknown' when an episode has no segment starting by as_of.
 * Person-level: not for analysts.
 */
CREATE FUNCTION treg.flow_persons(year integer, as_of date)
	RETURNS TABLE (measure text, person_id bigint, substance_group text, intensity text)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH bounds AS (
		SELECT make_date(flow_persons.year, 1, 1) AS y0, make_date(flow_persons.year, 12, 31) AS y1
	), first_enrolment AS (
		SELECT DISTINCT ON (e.person_id) e.person_id, e.episode_id, e.substance_group
		FROM treg.episode e CROSS JOIN bounds b
		WHERE treg.overlaps_period(e.enrol_date, e.enrol_date, b.y0, b.y1, flow_persons.as_of)
		ORDER BY e.person_id, e.enrol_date, e.episode_id
	), last_discharge AS (
		SELECT DISTINCT ON (e.person_id) e.person_id, e.episode_id, e.substance_group
		FROM treg.episode e CROSS JOIN bounds b
		WHERE e.discharge_date IS NOT NULL
		  AND treg.overlaps_period(e.discharge_date, e.discharge_date, b.y0, b.y1, flow_persons.as_of)
		ORDER BY e.person_id, e.discharge_date DESC, e.episode_id DESC
	), most_intensive AS (
		/* per person the most intensive segment of the year, coded as intensity * 10 + substance */
		SELECT s.person_id,
			   max(treg.intensity_rank(s.intensity) * 10 + treg.substance_rank(e.substance_group)) AS code
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		CROSS JOIN bounds b
		WHERE treg.overlaps_period(s.start_date, s.end_date, b.y0, b.y1, flow_persons.as_of)
		GROUP BY s.person_id
	)
	SELECT 'new_enrolments', f.person_id, f.substance_group,
		   coalesce((SELECT s.intensity::text FROM treg.segment s
					 WHERE s.episode_id = f.episode_id AND s.start_date <= flow_persons.as_of
					 ORDER BY s.start_date LIMIT 1), 'unknown')
	FROM first_enrolment f
	UNION ALL
	SELECT 'discharges', d.person_id, d.substance_group,
		   coalesce((SELECT s.intensity::text FROM treg.segment s
					 WHERE s.episode_id = d.episode_id AND s.start_date <= flow_persons.as_of
					 ORDER BY s.start_date DESC LIMIT 1), 'unknown')
	FROM last_discharge d
	UNION ALL
	SELECT 'persons', m.person_id, treg.substance_group_of_rank(m.code % 10),
		   treg.intensity(m.code / 10)::text
	FROM most_intensive m
$fn$;
REVOKE ALL ON FUNCTION treg.flow_persons(integer, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.flow_persons(integer, date) IS 'persons of the flow report of a year as of a date: measure, substance group and intensity of the one cell each is counted in per measure (person-level: not for analysts)';

/*
 * Flow in a calendar year (one of the 15 years up to the as-of date; the
 * year of the as-of date is cut there): per measure, persons by substance
 * group and intensity with totals, each cell perturbed on its own persons
 * (stream 1).
 */
CREATE FUNCTION treg.report_flow(year integer)
	RETURNS TABLE (year integer, measure text, measure_da text, measure_order integer,
				   substance_group text, substance_group_da text, intensity text,
				   intensity_da text, intensity_order integer, is_total boolean,
				   persons bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_flow.year, x.as_of) AS y
		FROM treg.report_context() x
	), cells AS (
		SELECT b.measure, b.substance_group, b.intensity, treg.cell_agg(b.person_id, ctx.secret) AS c
		FROM ctx, treg.flow_persons(ctx.y, ctx.as_of) b
		GROUP BY GROUPING SETS ((b.measure, b.substance_group, b.intensity),
								(b.measure, b.substance_group), (b.measure, b.intensity),
								(b.measure)), ctx.secret
	), grid AS (
		/* every cell of the published table, empty ones included */
		SELECT m.code AS measure, s.code AS substance_group, i.code AS intensity
		FROM (SELECT code FROM treg.report_label WHERE domain = 'flow_measure') m,
			 (SELECT code FROM treg.report_label WHERE domain = 'substance_group' UNION ALL SELECT NULL) s,
			 (SELECT code FROM treg.report_label WHERE domain = 'intensity' UNION ALL SELECT NULL) i
	)
	SELECT ctx.y, g.measure, treg.label_da('flow_measure', g.measure),
		   treg.label_order('flow_measure', g.measure),
		   coalesce(g.substance_group, 'total'), treg.label_da('substance_group', g.substance_group),
		   coalesce(g.intensity, 'total'), treg.label_da('intensity', g.intensity),
		   treg.label_order('intensity', g.intensity),
		   g.substance_group IS NULL OR g.intensity IS NULL,
		   v.persons, v.persons IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.measure = g.measure
		AND c.substance_group IS NOT DISTINCT FROM g.substance_group
		AND c.intensity IS NOT DISTINCT FROM g.intensity
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	ORDER BY treg.label_order('flow_measure', g.measure),
			 treg.label_order('substance_group', g.substance_group),
			 treg.label_order('intensity', g.intensity)
$fn$;
COMMENT ON FUNCTION treg.report_flow(integer) IS 'flow in a year (cut at the as-of date): persons newly enrolled, discharged and in treatment by substance group and intensity, with totals, perturbed';

CREATE VIEW treg.report_flow AS
SELECT r.year, r.measure::varchar(20) AS measure, r.measure_da::varchar(40) AS measure_da,
	   r.measure_order, r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da,
	   r.intensity::varchar(20) AS intensity, r.intensity_da::varchar(40) AS intensity_da,
	   r.intensity_order, r.is_total, r.persons, r.suppressed
FROM treg.report_settings() c, treg.report_flow(c.report_year) r;
COMMENT ON VIEW treg.report_flow IS 'Nyindskrevne, udskrevne og borgere i behandling i året efter rusmiddel og indsats / persons newly enrolled, discharged and in treatment in the report year by substance group and intensity (perturbed)';
SELECT treg.document_columns('treg.report_flow', $$
year | Opgørelsesår (skåret ved opgørelsesdagen) | Report year (cut at the as-of date)
measure | Mål (kode: new_enrolments, discharges, persons) | Measure (code: new_enrolments, discharges, persons)
measure_da | Mål | Measure (Danish label)
measure_order | Sortering af mål | Sort order of the measure
substance_group | Rusmiddel (kode: alcohol, non_opioid, opioid, total) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
intensity | Indsats (kode: ambulant, dag, døgn, unknown, total) | Intensity (code)
intensity_da | Indsats | Intensity (Danish label)
intensity_order | Sortering af indsats | Sort order of the intensity
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Antal borgere (med støj; NULL når diskretioneret) | Persons (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult (1 til k-1) | True when the figure is suppressed (1 to k-1)
$$);

INSERT INTO treg.report_info VALUES
	('report_flow', 'Nyindskrevne, udskrevne og borgere i behandling', 'New enrolments, discharges and persons in treatment', 'Året {year} pr. {as_of}', 20);
