/* Committee report: census on a day (dagsudtræk). */

/*
 * Persons with a segment covering on_date, by residence (own municipality
 * or udenbys), age band and substance group.  A person in two episodes on
 * the day is counted once, in the group of the most intensive segment
 * (ties: opioid > non_opioid > alcohol).
 */
CREATE FUNCTION treg.report_census(on_date date, home_municipality integer)
	RETURNS TABLE (residence text, age_band text, substance_group text,
				   persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH covering AS (
		/* per person the most intensive segment on the day, coded as intensity * 10 + substance */
		SELECT s.person_id,
			   max(treg.intensity_rank(s.intensity) * 10 + treg.substance_rank(e.substance_group)) AS code
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $1)
		GROUP BY s.person_id
	), on_day AS (
		SELECT c.person_id, treg.substance_group_of_rank(c.code % 10) AS substance_group,
			   p.birth_date, p.municipality_code
		FROM covering c JOIN treg.person p ON p.person_id = c.person_id
	), base AS (
		SELECT CASE WHEN o.municipality_code = $2 THEN 'own' ELSE 'other' END AS residence,
			   treg.age_band(o.birth_date, $1) AS age_band, o.substance_group
		FROM on_day o
	), cells AS (
		SELECT residence, age_band, substance_group, count(*) AS persons
		FROM base
		GROUP BY GROUPING SETS ((residence, age_band, substance_group), (residence, age_band),
								(residence, substance_group), (residence), (substance_group), ())
	)
	SELECT p.row_group, p.row_key, p.col_key, p.value, p.reason
	FROM (SELECT array_agg(residence) AS g, array_agg(age_band) AS r,
				 array_agg(substance_group) AS c, array_agg(persons) AS n FROM cells) a,
		 treg.publish_counts(a.g, a.r, a.c, a.n) p
	ORDER BY p.row_group NULLS LAST, p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_census(date, integer) IS 'dagsudtræk: persons enrolled on a day by residence (own/other), age band and substance group, with totals, suppressed';

CREATE VIEW treg.report_census AS
SELECT r.* FROM treg.report_settings() c, treg.report_census(c.report_date, c.home_municipality) r;
COMMENT ON VIEW treg.report_census IS 'dagsudtræk on the configured report date (treg.report_config)';
