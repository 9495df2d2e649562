/* Committee report: episode durations (Kaplan-Meier). */

/*
 * Episodes enrolled in [from_date, to_date], by substance group and
 * intensity at entry: Kaplan-Meier quartiles of the duration (event: any
 * discharge; open episodes censored at as_of).  The published table is the
 * persons (each counted once, in the cell of the first of their episodes);
 * episodes, the open share and the quartiles are shown only where the
 * persons cell is published and at least k distinct persons stand behind
 * the episodes.
 */
CREATE FUNCTION treg.report_durations(from_date date, to_date date, as_of date)
	RETURNS TABLE (substance_group text, entry_intensity text, persons bigint,
				   episodes bigint, open_share numeric, q25_days integer,
				   median_days integer, q75_days integer, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH d AS (
		SELECT x.person_id, x.substance_group, coalesce(x.entry_intensity::text, 'unknown') AS entry_intensity,
			   x.enrol_date, x.episode_id, x.days, x.event_happened
		FROM treg.episode_durations($1, $2, 'any_discharge', $3) x
	), first_cell AS (
		SELECT DISTINCT ON (d.person_id) d.substance_group, d.entry_intensity
		FROM d ORDER BY d.person_id, d.enrol_date, d.episode_id
	), cells AS (
		SELECT f.substance_group, f.entry_intensity, count(*) AS persons
		FROM first_cell f GROUP BY CUBE (f.substance_group, f.entry_intensity)
	), pub AS (
		SELECT p.* FROM (SELECT array_agg(c.substance_group) AS r, array_agg(c.entry_intensity) AS k,
								array_agg(c.persons) AS n FROM cells c) a,
			 treg.publish_counts(NULL, a.r, a.k, a.n) p
	), stats AS (
		SELECT d.substance_group, d.entry_intensity, count(*) AS episodes,
			   treg.anon_count(d.person_id) AS anon_persons,
			   avg(CASE WHEN d.event_happened THEN 0 ELSE 1 END)::numeric AS open_share,
			   treg.retention_agg(d.days, d.event_happened) AS r
		FROM d GROUP BY CUBE (d.substance_group, d.entry_intensity)
	)
	SELECT p.row_key, p.col_key, p.value,
		   CASE WHEN ok THEN s.episodes END,
		   CASE WHEN ok THEN round(s.open_share, 3) END,
		   CASE WHEN ok THEN treg.km_quantile(s.r, 0.25)::int END,
		   CASE WHEN ok THEN treg.km_median(s.r)::int END,
		   CASE WHEN ok THEN treg.km_quantile(s.r, 0.75)::int END,
		   p.reason
	FROM pub p
	JOIN stats s ON s.substance_group IS NOT DISTINCT FROM p.row_key
				AND s.entry_intensity IS NOT DISTINCT FROM p.col_key
	CROSS JOIN LATERAL (SELECT p.value IS NOT NULL AND s.anon_persons IS NOT NULL AS ok) o
	ORDER BY p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_durations(date, date, date) IS 'episode durations by substance group and intensity at entry: Kaplan-Meier quartiles, episodes and open share, suppressed';

CREATE VIEW treg.report_durations AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_durations(make_date(c.report_year - 4, 1, 1), make_date(c.report_year, 12, 31), c.report_date) r;
COMMENT ON VIEW treg.report_durations IS 'durations of episodes enrolled in the five years up to the configured report year, as of the report date';
