/* Committee report: flow in a year: new enrolments, discharges, persons in treatment. */

/*
 * Three tables for a calendar year, each counting a person once:
 *   new_enrolments  persons enrolled in the year, in the substance group
 *                   and entry intensity (first segment) of their first
 *                   enrolment of the year;
 *   discharges      persons discharged in the year, in the group and
 *                   intensity (last segment) of their last discharge;
 *   persons         persons in treatment at some time in the year, in the
 *                   group and intensity of their most intensive segment.
 * Intensity 'unknown' when an episode has no segment.
 */
CREATE FUNCTION treg.report_flow(year integer)
	RETURNS TABLE (measure text, substance_group text, intensity text,
				   persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH bounds AS (
		SELECT make_date($1, 1, 1) AS y0, make_date($1, 12, 31) AS y1
	), enrolled AS (
		SELECT 'new_enrolments'::text AS measure, x.substance_group,
			   coalesce((SELECT s.intensity::text FROM treg.segment s WHERE s.episode_id = x.episode_id
						 ORDER BY s.start_date LIMIT 1), 'unknown') AS intensity
		FROM (SELECT DISTINCT ON (e.person_id) e.episode_id, e.substance_group
			  FROM treg.episode e CROSS JOIN bounds b
			  WHERE e.enrol_date BETWEEN b.y0 AND b.y1
			  ORDER BY e.person_id, e.enrol_date, e.episode_id) x
	), discharged AS (
		SELECT 'discharges'::text AS measure, x.substance_group,
			   coalesce((SELECT s.intensity::text FROM treg.segment s WHERE s.episode_id = x.episode_id
						 ORDER BY s.start_date DESC LIMIT 1), 'unknown') AS intensity
		FROM (SELECT DISTINCT ON (e.person_id) e.episode_id, e.substance_group
			  FROM treg.episode e CROSS JOIN bounds b
			  WHERE e.discharge_date BETWEEN b.y0 AND b.y1
			  ORDER BY e.person_id, e.discharge_date DESC, e.episode_id DESC) x
	), in_treatment AS (
		SELECT 'persons'::text AS measure, treg.substance_group_of_rank(x.code % 10) AS substance_group,
			   treg.intensity(x.code / 10)::text AS intensity
		FROM (SELECT max(treg.intensity_rank(s.intensity) * 10
						 + treg.substance_rank(e.substance_group)) AS code
			  FROM treg.segment s CROSS JOIN bounds b
			  JOIN treg.episode e ON e.episode_id = s.episode_id
			  WHERE s.start_date <= b.y1 AND (s.end_date IS NULL OR s.end_date >= b.y0)
			  GROUP BY s.person_id) x
	), base AS MATERIALIZED (
		SELECT * FROM enrolled UNION ALL SELECT * FROM discharged
		UNION ALL SELECT * FROM in_treatment
	), cells AS MATERIALIZED (
		SELECT m.measure, c.substance_group, c.intensity, c.persons
		FROM (VALUES ('new_enrolments'), ('discharges'), ('persons')) m(measure)
		CROSS JOIN LATERAL (
			SELECT b.substance_group, b.intensity, count(*) AS persons
			FROM base b WHERE b.measure = m.measure
			GROUP BY CUBE (b.substance_group, b.intensity)) c
	)
	SELECT m.measure, p.row_key, p.col_key, p.value, p.reason
	FROM (VALUES (1, 'new_enrolments'), (2, 'discharges'), (3, 'persons')) m(ord, measure)
	CROSS JOIN LATERAL (
		SELECT array_agg(c.substance_group) AS r, array_agg(c.intensity) AS k,
			   array_agg(c.persons) AS n
		FROM cells c WHERE c.measure = m.measure) a
	CROSS JOIN LATERAL treg.publish_counts(NULL, a.r, a.k, a.n) p
	ORDER BY m.ord, p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_flow(integer) IS 'flow in a year: persons newly enrolled, discharged and in treatment, by substance group and intensity, suppressed';

CREATE VIEW treg.report_flow AS
SELECT r.* FROM treg.report_settings() c, treg.report_flow(c.report_year) r;
COMMENT ON VIEW treg.report_flow IS 'flow in the configured report year (treg.report_config)';
