/* Committee report: youth and older persons. */

/*
 * Census on a day and new enrolments in a year by age group (under 18,
 * 18-29, 30-64, 65+, unknown) and substance group, own residents only for
 * the census, with "under 30" as the sum of the first two.  The census
 * cells are re-aggregated from the published cells of report_census
 * (never from raw counts), so comparing the two reports reveals nothing
 * that either hides.  New enrolments: as in report_flow, each person once,
 * by the first enrolment of the year, age on the enrolment day.
 */
CREATE FUNCTION treg.report_age_groups(on_date date, home_municipality integer, year integer)
	RETURNS TABLE (measure text, age_group text, substance_group text, persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH census AS (
		SELECT c.age_band, c.substance_group, c.persons, c.reason
		FROM treg.report_census($1, $2) c
		WHERE c.residence = 'own' AND c.age_band IS NOT NULL
	), grouped AS (
		SELECT CASE WHEN c.age_band = '0-17' THEN 'under 18'
					WHEN c.age_band IN ('18-24', '25-29') THEN '18-29'
					WHEN c.age_band IN ('30-49', '50-64') THEN '30-64'
					ELSE c.age_band END AS age_group,
			   c.substance_group, c.persons, c.reason
		FROM census c
	), census_out AS (
		SELECT 'census'::text AS measure, g.age_group, g.substance_group,
			   CASE WHEN bool_and(g.persons IS NOT NULL) THEN sum(g.persons)::bigint END AS persons,
			   CASE WHEN bool_or(g.persons IS NULL) THEN 'suppressed part' END AS reason
		FROM grouped g GROUP BY g.age_group, g.substance_group
		UNION ALL
		SELECT 'census', 'under 30', g.substance_group,
			   CASE WHEN bool_and(g.persons IS NOT NULL) THEN sum(g.persons)::bigint END,
			   CASE WHEN bool_or(g.persons IS NULL) THEN 'suppressed part' END
		FROM grouped g WHERE g.age_group IN ('under 18', '18-29') GROUP BY g.substance_group
	), enrolled AS (
		SELECT DISTINCT ON (e.person_id) e.substance_group,
			   treg.age_group(p.birth_date, e.enrol_date) AS age_group
		FROM treg.episode e JOIN treg.person p ON p.person_id = e.person_id
		WHERE e.enrol_date BETWEEN make_date($3, 1, 1) AND make_date($3, 12, 31)
		ORDER BY e.person_id, e.enrol_date, e.episode_id
	), ecells AS (
		SELECT en.age_group, en.substance_group, count(*) AS persons
		FROM enrolled en GROUP BY CUBE (en.age_group, en.substance_group)
	), epub AS (
		SELECT p.* FROM (SELECT array_agg(age_group) r, array_agg(substance_group) k, array_agg(persons) n
						 FROM ecells) a,
			 treg.publish_counts(NULL, a.r, a.k, a.n) p
	), enrol_out AS (
		SELECT 'new_enrolments'::text, p.row_key, p.col_key, p.value, p.reason FROM epub p
		UNION ALL
		SELECT 'new_enrolments', 'under 30', p.col_key,
			   CASE WHEN bool_and(p.value IS NOT NULL) THEN sum(p.value)::bigint END,
			   CASE WHEN bool_or(p.value IS NULL) THEN 'suppressed part' END
		FROM epub p WHERE p.row_key IN ('under 18', '18-29') GROUP BY p.col_key
	)
	SELECT o.measure, o.age_group, o.substance_group, o.persons,
		   CASE WHEN treg.report_reason_visible() THEN o.reason END
	FROM (SELECT * FROM census_out UNION ALL SELECT * FROM enrol_out) o
	ORDER BY o.measure, o.age_group NULLS LAST, o.substance_group NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_age_groups(date, integer, integer) IS 'youth and older persons: census and new enrolments by age group (under 18, 18-29, under 30, 30-64, 65+) and substance group, suppressed';

CREATE VIEW treg.report_age_groups AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_age_groups(c.report_date, c.home_municipality, c.report_year) r;
COMMENT ON VIEW treg.report_age_groups IS 'youth and older persons on the configured report date and year';
