/* Committee report: day treatment: step-downs and shortened stays. */

/*
 * Day-treatment stays (segments of intensity dag) that started in
 * [from_date, to_date]: for each person the first such stay, in one of
 * four disjoint buckets by when it stepped down to ambulant: within 3
 * months, 3-6 months, 6-12 months, later or not (yet).  And day-treatment
 * stays that ended in the period: ended before the planned end
 * (shortened), on or after it, or without a planned end.
 */
CREATE FUNCTION treg.report_day_treatment(from_date date, to_date date, as_of date)
	RETURNS TABLE (measure text, category text, persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH t AS (
		SELECT tl.person_id, x.from_intensity, x.to_intensity, x.transition_date, x.shortened,
			   /* the transition after entering a stay is the one leaving it */
			   lead(x.to_intensity) OVER w AS next_to,
			   lead(x.transition_date) OVER w AS next_date
		FROM treg.person_timelines($3, $1 - 1, $2, 'dag') tl,
			 LATERAL treg.transitions(tl.timeline, $3) x
		WINDOW w AS (PARTITION BY tl.person_id ORDER BY x.transition_date, x.from_intensity NULLS FIRST)
	), starts AS (
		SELECT DISTINCT ON (s.person_id) s.transition_date AS started, s.next_to, s.next_date
		FROM t s
		WHERE s.to_intensity = 'dag' AND s.transition_date BETWEEN $1 AND $2
		ORDER BY s.person_id, s.transition_date
	), step AS (
		SELECT CASE
				WHEN st.next_to = 'ambulant'
					 AND st.next_date <= st.started + interval '3 months' THEN '1 within 3 months'
				WHEN st.next_to = 'ambulant'
					 AND st.next_date <= st.started + interval '6 months' THEN '2 3-6 months'
				WHEN st.next_to = 'ambulant'
					 AND st.next_date <= st.started + interval '12 months' THEN '3 6-12 months'
				ELSE '4 later or not' END AS category
		FROM starts st
	), ends AS (
		SELECT DISTINCT ON (e.person_id)
			   CASE WHEN e.shortened THEN '1 shortened'
					WHEN e.shortened IS NOT NULL THEN '2 not shortened'
					ELSE '3 no planned end' END AS category
		FROM t e
		WHERE e.from_intensity = 'dag' AND e.transition_date BETWEEN $1 AND $2
		ORDER BY e.person_id, e.transition_date
	), cells AS MATERIALIZED (
		SELECT 'step_down'::text AS measure, s.category, count(*) AS persons
		FROM step s GROUP BY ROLLUP (s.category)
		UNION ALL
		SELECT 'day_treatment_end', e.category, count(*)
		FROM ends e GROUP BY ROLLUP (e.category)
	)
	SELECT m.measure, substr(p.row_key, 3), p.value, p.reason
	FROM (VALUES (1, 'step_down'), (2, 'day_treatment_end')) m(ord, measure)
	CROSS JOIN LATERAL (SELECT array_agg(c.category) AS r, array_agg(c.persons) AS n
						FROM cells c WHERE c.measure = m.measure) a
	CROSS JOIN LATERAL treg.publish_counts(NULL, a.r, array_fill(NULL::text, ARRAY[cardinality(a.r)]), a.n) p
	ORDER BY m.ord, p.row_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_day_treatment(date, date, date) IS 'day treatment started in a period by time to step-down to ambulant (3/6/12 months), and day treatment ended before its planned end, suppressed';

CREATE VIEW treg.report_day_treatment AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_day_treatment(make_date(c.report_year - 1, 1, 1), make_date(c.report_year, 12, 31), c.report_date) r;
COMMENT ON VIEW treg.report_day_treatment IS 'day-treatment step-downs and shortened stays of the configured report year and the year before';
