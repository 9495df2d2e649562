/* Committee report: intensity transitions. */

/*
 * The transition matrix of [from_date, to_date] as of as_of: from
 * intensity (or 'entry') to intensity (or 'exit'), gap tolerance
 * treg.episode_gap_days.  A cell counts the persons with at least one such
 * transition in the period; row and column totals are sums of the cells
 * (person-transitions), so the table is additive.
 */
CREATE FUNCTION treg.report_transitions(from_date date, to_date date, as_of date)
	RETURNS TABLE (from_intensity text, to_intensity text, persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH t AS (
		SELECT DISTINCT tl.person_id,
			   coalesce(x.from_intensity::text, 'entry') AS from_i,
			   coalesce(x.to_intensity::text, 'exit') AS to_i
		FROM treg.person_timelines($3, $1 - 1, $2) tl,
			 LATERAL treg.transitions(tl.timeline, $3) x
		WHERE x.transition_date BETWEEN $1 AND $2
	), leaf AS (
		SELECT t.from_i, t.to_i, count(*) AS persons FROM t GROUP BY t.from_i, t.to_i
	), cells AS (
		SELECT l.from_i, l.to_i, sum(l.persons)::bigint AS persons
		FROM leaf l GROUP BY CUBE (l.from_i, l.to_i)
	)
	SELECT p.row_key, p.col_key, p.value, p.reason
	FROM (SELECT array_agg(c.from_i) AS r, array_agg(c.to_i) AS k, array_agg(c.persons) AS n FROM cells c) a,
		 treg.publish_counts(NULL, a.r, a.k, a.n) p
	ORDER BY p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_transitions(date, date, date) IS 'intensity transition matrix of a period including entry and exit: persons per cell, suppressed';

CREATE VIEW treg.report_transitions AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_transitions(make_date(c.report_year, 1, 1), make_date(c.report_year, 12, 31), c.report_date) r;
COMMENT ON VIEW treg.report_transitions IS 'transition matrix of the configured report year';
