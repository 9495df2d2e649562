/* Committee report: the treatment guarantee (14 days, straks). */

/*
 * Requests made in a calendar year, per month and track.  Two tables of
 * requests, each request in one cell:
 *   guarantee_14_days  met (started within 14 days), not_met, pending
 *                      (still waiting within the limit at as_of), waived
 *                      (free choice or own wish: shown apart);
 *   straks             met (started the same or the next working day),
 *                      not_met, pending; waived requests left out.
 * The shares are computed from published counts only (NULL when a count
 * they need is suppressed); pending requests are not in the denominator.
 */
CREATE FUNCTION treg.report_guarantee_cells(year integer, as_of date)
	RETURNS TABLE (measure text, track text, month text, outcome text, requests bigint,
				   reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH r AS (
		SELECT q.track, to_char(q.request_date, 'YYYY-MM') AS month,
			   CASE WHEN q.waiver IS NOT NULL THEN 'waived'
					ELSE CASE treg.guarantee_met(q.request_date, q.initiation_date, $2, 14)
						WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END
			   END AS g14,
			   CASE WHEN q.waiver IS NOT NULL THEN NULL
					ELSE CASE treg.straks_met(q.request_date, q.initiation_date, $2, 'next_working_day')
						WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END
			   END AS straks
		FROM treg.request q
		WHERE q.request_date BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31)
		  AND q.request_date <= $2
	), cells AS MATERIALIZED (
		SELECT '14_days'::text AS measure, r.track, r.month, r.g14 AS outcome, count(*) AS n FROM r
		GROUP BY GROUPING SETS ((r.track, r.month, r.g14), (r.track, r.month), (r.track, r.g14),
								(r.track), (r.g14), ())
		UNION ALL
		SELECT 'straks', r.track, r.month, r.straks, count(*) FROM r WHERE r.straks IS NOT NULL
		GROUP BY GROUPING SETS ((r.track, r.month, r.straks), (r.track, r.month), (r.track, r.straks),
								(r.track), (r.straks), ())
	)
	SELECT m.measure, p.row_group, p.row_key, p.col_key, p.value, p.reason
	FROM (VALUES (1, '14_days'), (2, 'straks')) m(ord, measure)
	CROSS JOIN LATERAL (SELECT array_agg(c.track) g, array_agg(c.month) r, array_agg(c.outcome) k,
							   array_agg(c.n) n FROM cells c WHERE c.measure = m.measure) a
	CROSS JOIN LATERAL treg.publish_counts(a.g, a.r, a.k, a.n) p
	ORDER BY m.ord, p.row_group NULLS LAST, p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_guarantee_cells(integer, date) IS 'the two published tables behind report_guarantee (14_days: met/not_met/pending/waived; straks: met/not_met/pending) in long form, suppressed';

CREATE FUNCTION treg.report_guarantee(year integer, as_of date)
	RETURNS TABLE (track text, month text, requests bigint, met_14_days bigint,
				   not_met_14_days bigint, pending_14_days bigint, waived bigint,
				   share_met_14_days numeric, met_straks bigint, not_met_straks bigint,
				   share_met_straks numeric)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	/* a cell absent from the published table is a known zero; a NULL one is suppressed */
	WITH w AS (
		SELECT c.track, c.month,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome IS NULL) AS requests,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'met')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'met') ELSE 0 END AS met,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'not_met')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'not_met') ELSE 0 END AS not_met,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'pending')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'pending') ELSE 0 END AS pending,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'waived')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'waived') ELSE 0 END AS waived,
			   CASE WHEN bool_or(c.measure = 'straks' AND c.outcome = 'met')
					THEN max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'met') ELSE 0 END AS s_met,
			   CASE WHEN bool_or(c.measure = 'straks' AND c.outcome = 'not_met')
					THEN max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'not_met') ELSE 0 END AS s_not_met
		FROM treg.report_guarantee_cells($1, $2) c
		GROUP BY c.track, c.month
	)
	SELECT w.track, w.month, w.requests, w.met, w.not_met, w.pending, w.waived,
		   round(w.met::numeric / nullif(w.met + w.not_met, 0), 3),
		   w.s_met, w.s_not_met,
		   round(w.s_met::numeric / nullif(w.s_met + w.s_not_met, 0), 3)
	FROM w
	ORDER BY w.track NULLS LAST, w.month NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_guarantee(integer, date) IS 'treatment guarantee per month and track: requests started within 14 days and by the next working day (straks), waivers apart, suppressed';

CREATE VIEW treg.report_guarantee AS
SELECT r.* FROM treg.report_settings() c, treg.report_guarantee(c.report_year, c.report_date) r;
COMMENT ON VIEW treg.report_guarantee IS 'treatment guarantee in the configured report year';
