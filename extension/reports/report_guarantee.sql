/* Committee report: the treatment guarantee (14 days, straks). */

/*
 * The requests made in [from_date, to_date] as of as_of, each with its
 * person, track, month and outcome under the two rules:
 *   outcome_14_days  met (started within 14 days), not_met, pending (still
 *                    waiting within the limit at as_of), waived (free
 *                    choice or own wish);
 *   outcome_straks   met (started the same or the next working day),
 *                    not_met, pending; NULL for a waived request.
 * Request-level: not for analysts.
 */
CREATE FUNCTION treg.guarantee_requests(from_date date, to_date date, as_of date)
	RETURNS TABLE (request_id bigint, person_id bigint, track text, month text,
				   outcome_14_days text, outcome_straks text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT q.request_id, q.person_id, q.track, to_char(q.request_date, 'YYYY-MM'),
		   CASE WHEN q.waiver IS NOT NULL THEN 'waived'
				ELSE CASE treg.guarantee_met(q.request_date, q.initiation_date, guarantee_requests.as_of, 14)
					WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END END,
		   CASE WHEN q.waiver IS NULL
				THEN CASE treg.straks_met(q.request_date, q.initiation_date, guarantee_requests.as_of,
										  'next_working_day')
					WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END END
	FROM treg.request q
	WHERE treg.overlaps_period(q.request_date, q.request_date, guarantee_requests.from_date,
							   guarantee_requests.to_date, guarantee_requests.as_of)
$fn$;
REVOKE ALL ON FUNCTION treg.guarantee_requests(date, date, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.guarantee_requests(date, date, date) IS 'requests made in a period as of a date with track, month and outcome under the 14-day guarantee and straks (request-level: not for analysts)';

/*
 * The requests of a calendar year as of the as-of date of the reports in
 * long form: measure (14_days: met, not_met, pending, waived; straks: met,
 * not_met, pending, waived requests left out) by track and month
 * ('YYYY-MM', the months up to the as-of date), with every total
 * ('total').  A cell counts requests, not persons; its noise comes from
 * the distinct persons behind its requests (cell key), and its count is
 * published (stream 3) only where the count of those persons would be
 * published (stream 1, not shown): NULL otherwise, 0 where that count is
 * published as 0.  Every total is a cell of its own requests.
 */
CREATE FUNCTION treg.report_guarantee_cells(year integer)
	RETURNS TABLE (year integer, measure text, measure_da text, measure_order integer,
				   track text, track_da text, track_order integer, month text, month_order integer,
				   outcome text, outcome_da text, outcome_order integer, is_total boolean,
				   requests bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_guarantee_cells.year, x.as_of) AS y
		FROM treg.report_context() x
	), rq AS (
		/* each request once per measure it is counted in */
		SELECT q.person_id, q.track, q.month, m.measure, m.outcome
		FROM ctx, treg.guarantee_requests(make_date(ctx.y, 1, 1), make_date(ctx.y, 12, 31), ctx.as_of) q,
			 LATERAL (VALUES ('14_days', q.outcome_14_days), ('straks', q.outcome_straks)) m(measure, outcome)
		WHERE m.outcome IS NOT NULL
	), cells AS (
		SELECT r.measure, r.track, r.month, r.outcome, count(*) AS requests,
			   treg.cell_agg(r.person_id, ctx.secret) AS c
		FROM ctx, rq r
		GROUP BY r.measure, CUBE (r.track, r.month, r.outcome), ctx.secret
	), months AS (
		SELECT to_char(make_date(ctx.y, i, 1), 'YYYY-MM') AS month, i AS month_order
		FROM ctx, generate_series(1, 12) i
		WHERE make_date(ctx.y, i, 1) <= ctx.as_of
	), grid AS (
		/* every cell of the published tables, empty ones included; no waived in straks */
		SELECT m.code AS measure, t.code AS track, mo.month, mo.month_order, o.code AS outcome
		FROM (SELECT code FROM treg.report_label WHERE domain = 'guarantee_measure') m,
			 (SELECT code FROM treg.report_label WHERE domain = 'track' UNION ALL SELECT NULL) t,
			 (SELECT month, month_order FROM months UNION ALL SELECT NULL, 9999) mo,
			 (SELECT code FROM treg.report_label WHERE domain = 'guarantee_outcome' UNION ALL SELECT NULL) o
		WHERE m.code = '14_days' OR o.code IS DISTINCT FROM 'waived'
	)
	SELECT ctx.y, g.measure, treg.label_da('guarantee_measure', g.measure),
		   treg.label_order('guarantee_measure', g.measure),
		   coalesce(g.track, 'total'), treg.label_da('track', g.track), treg.label_order('track', g.track),
		   coalesce(g.month, 'total'), g.month_order,
		   coalesce(g.outcome, 'total'), treg.label_da('guarantee_outcome', g.outcome),
		   treg.label_order('guarantee_outcome', g.outcome),
		   g.track IS NULL OR g.month IS NULL OR g.outcome IS NULL,
		   v.requests, v.requests IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.measure = g.measure AND c.track IS NOT DISTINCT FROM g.track
		AND c.month IS NOT DISTINCT FROM g.month AND c.outcome IS NOT DISTINCT FROM g.outcome
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) p
	CROSS JOIN LATERAL (SELECT CASE WHEN p.persons > 0
								   THEN treg.noisy_count(c.requests, (c.c).cell_key, 3, ctx.noise_sd, ctx.k)
								   WHEN p.persons = 0 THEN 0 END AS requests) v
	ORDER BY treg.label_order('guarantee_measure', g.measure), treg.label_order('track', g.track),
			 g.month_order, treg.label_order('guarantee_outcome', g.outcome)
$fn$;
COMMENT ON FUNCTION treg.report_guarantee_cells(integer) IS 'treatment guarantee of a calendar year in long form: requests by measure (14_days, straks), track, month and outcome with totals, perturbed (noise from the persons behind the requests)';

/*
 * The two tables of report_guarantee_cells side by side, one row per
 * track and month (and their totals): requests, the 14-day outcomes,
 * waived apart, the straks outcomes, and the shares met / (met + not_met)
 * computed from the published counts (pending requests are not in the
 * denominator).  A share is NULL, and flagged suppressed, when a count it
 * needs is suppressed; NULL and not suppressed when met + not_met is 0.
 */
CREATE FUNCTION treg.report_guarantee(year integer)
	RETURNS TABLE (year integer, track text, track_da text, track_order integer, month text,
				   month_order integer, is_total boolean,
				   requests bigint, requests_suppressed boolean,
				   met_14_days bigint, met_14_days_suppressed boolean,
				   not_met_14_days bigint, not_met_14_days_suppressed boolean,
				   pending_14_days bigint, pending_14_days_suppressed boolean,
				   waived bigint, waived_suppressed boolean,
				   share_met_14_days numeric, share_met_14_days_suppressed boolean,
				   met_straks bigint, met_straks_suppressed boolean,
				   not_met_straks bigint, not_met_straks_suppressed boolean,
				   pending_straks bigint, pending_straks_suppressed boolean,
				   share_met_straks numeric, share_met_straks_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH c AS (
		SELECT * FROM treg.report_guarantee_cells(report_guarantee.year)
	), w AS (
		SELECT min(c.year) AS year, c.track, min(c.track_da) AS track_da,
			   min(c.track_order) AS track_order, c.month, min(c.month_order) AS month_order,
			   bool_or(c.track = 'total' OR c.month = 'total') AS is_total,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'total') AS requests,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'total') AS requests_s,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'met') AS met,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'met') AS met_s,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'not_met') AS not_met,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'not_met') AS not_met_s,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'pending') AS pending,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'pending') AS pending_s,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'waived') AS waived,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'waived') AS waived_s,
			   max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'met') AS s_met,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'met') AS s_met_s,
			   max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'not_met') AS s_not_met,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'not_met') AS s_not_met_s,
			   max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'pending') AS s_pending,
			   bool_or(c.suppressed) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'pending') AS s_pending_s
		FROM c
		GROUP BY c.track, c.month
	)
	SELECT w.year, w.track, w.track_da, w.track_order, w.month, w.month_order, w.is_total,
		   w.requests, w.requests_s, w.met, w.met_s, w.not_met, w.not_met_s,
		   w.pending, w.pending_s, w.waived, w.waived_s,
		   round(w.met::numeric / nullif(w.met + w.not_met, 0), 3), w.met_s OR w.not_met_s,
		   w.s_met, w.s_met_s, w.s_not_met, w.s_not_met_s, w.s_pending, w.s_pending_s,
		   round(w.s_met::numeric / nullif(w.s_met + w.s_not_met, 0), 3), w.s_met_s OR w.s_not_met_s
	FROM w
	ORDER BY w.track_order, w.month_order
$fn$;
COMMENT ON FUNCTION treg.report_guarantee(integer) IS 'treatment guarantee of a calendar year per track and month with totals: requests started within 14 days and by the next working day (straks), waivers apart, shares from the published counts, perturbed';

CREATE VIEW treg.report_guarantee_cells AS
SELECT r.year, r.measure::varchar(20) AS measure, r.measure_da::varchar(80) AS measure_da, r.measure_order,
	   r.track::varchar(20) AS track, r.track_da::varchar(40) AS track_da, r.track_order,
	   r.month::varchar(7) AS month, r.month_order,
	   r.outcome::varchar(20) AS outcome, r.outcome_da::varchar(80) AS outcome_da, r.outcome_order,
	   r.is_total, r.requests, r.suppressed
FROM treg.report_settings() c, treg.report_guarantee_cells(c.report_year) r;
COMMENT ON VIEW treg.report_guarantee_cells IS 'Behandlingsgaranti i rapportåret i lang form: anmodninger efter garanti, spor, måned og udfald / treatment guarantee in the report year in long form: requests by rule, track, month and outcome (perturbed)';
SELECT treg.document_columns('treg.report_guarantee_cells', $$
year | Rapportår | Report year
measure | Garanti (kode: 14_days, straks) | Rule (code: 14_days, straks)
measure_da | Garanti | Rule (Danish label)
measure_order | Sortering af garanti | Sort order of the rule
track | Spor (kode: alcohol, drugs, total) | Track (code: alcohol, drugs, total)
track_da | Spor | Track (Danish label)
track_order | Sortering af spor | Sort order of the track
month | Måned for anmodningen (ÅÅÅÅ-MM; total) | Month of the request (YYYY-MM; total)
month_order | Sortering af måneder (1-12; 9999 for total) | Sort order of the months (1-12; 9999 for total)
outcome | Udfald (kode: met, not_met, pending, waived, total; waived kun under 14_days) | Outcome (code: met, not_met, pending, waived, total; waived under 14_days only)
outcome_da | Udfald | Outcome (Danish label)
outcome_order | Sortering af udfald | Sort order of the outcome
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
requests | Antal anmodninger (med støj; NULL når diskretioneret) | Requests (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult (for få borgere bag anmodningerne) | True when the figure is suppressed (too few persons behind the requests)
$$);

CREATE VIEW treg.report_guarantee AS
SELECT r.year, r.track::varchar(20) AS track, r.track_da::varchar(40) AS track_da, r.track_order,
	   r.month::varchar(7) AS month, r.month_order, r.is_total,
	   r.requests, r.requests_suppressed, r.met_14_days, r.met_14_days_suppressed,
	   r.not_met_14_days, r.not_met_14_days_suppressed, r.pending_14_days, r.pending_14_days_suppressed,
	   r.waived, r.waived_suppressed,
	   r.share_met_14_days::numeric(5, 3) AS share_met_14_days, r.share_met_14_days_suppressed,
	   r.met_straks, r.met_straks_suppressed, r.not_met_straks, r.not_met_straks_suppressed,
	   r.pending_straks, r.pending_straks_suppressed,
	   r.share_met_straks::numeric(5, 3) AS share_met_straks, r.share_met_straks_suppressed
FROM treg.report_settings() c, treg.report_guarantee(c.report_year) r;
COMMENT ON VIEW treg.report_guarantee IS 'Behandlingsgaranti (14 dage) og straksbehandling i rapportåret efter spor og måned / treatment guarantee (14 days) and immediate treatment in the report year by track and month (perturbed)';
SELECT treg.document_columns('treg.report_guarantee', $$
year | Rapportår | Report year
track | Spor (kode: alcohol, drugs, total) | Track (code: alcohol, drugs, total)
track_da | Spor | Track (Danish label)
track_order | Sortering af spor | Sort order of the track
month | Måned for anmodningen (ÅÅÅÅ-MM; total) | Month of the request (YYYY-MM; total)
month_order | Sortering af måneder (1-12; 9999 for total) | Sort order of the months (1-12; 9999 for total)
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
requests | Anmodninger i alt, også fravalgte (med støj; NULL når diskretioneret) | All requests, waived included (perturbed; NULL when suppressed)
requests_suppressed | Sand når requests er skjult | True when requests is suppressed
met_14_days | Garanti overholdt: behandling startet inden for 14 dage (med støj) | Guarantee met: treatment started within 14 days (perturbed)
met_14_days_suppressed | Sand når met_14_days er skjult | True when met_14_days is suppressed
not_met_14_days | Garanti ikke overholdt (med støj) | Guarantee not met (perturbed)
not_met_14_days_suppressed | Sand når not_met_14_days er skjult | True when not_met_14_days is suppressed
pending_14_days | Venter stadig inden for fristen på opgørelsesdagen (med støj) | Still waiting within the limit on the as-of date (perturbed)
pending_14_days_suppressed | Sand når pending_14_days er skjult | True when pending_14_days is suppressed
waived | Fravalgt garanti: frit valg eller eget ønske (med støj; holdes uden for andelene) | Guarantee waived: free choice or own wish (perturbed; kept out of the shares)
waived_suppressed | Sand når waived er skjult | True when waived is suppressed
share_met_14_days | Andel overholdt = met / (met + not_met) af de offentliggjorte tal | Share met = met / (met + not_met) of the published figures
share_met_14_days_suppressed | Sand når andelen mangler fordi et tal bag den er skjult | True when the share is missing because a figure behind it is suppressed
met_straks | Straksbehandling overholdt: startet samme eller næste hverdag (med støj) | Immediate treatment met: started the same or the next working day (perturbed)
met_straks_suppressed | Sand når met_straks er skjult | True when met_straks is suppressed
not_met_straks | Straksbehandling ikke overholdt (med støj) | Immediate treatment not met (perturbed)
not_met_straks_suppressed | Sand når not_met_straks er skjult | True when not_met_straks is suppressed
pending_straks | Venter stadig inden for straksfristen (med støj) | Still waiting within the immediate-treatment limit (perturbed)
pending_straks_suppressed | Sand når pending_straks er skjult | True when pending_straks is suppressed
share_met_straks | Andel straksbehandling overholdt = met / (met + not_met) af de offentliggjorte tal | Share of immediate treatment met = met / (met + not_met) of the published figures
share_met_straks_suppressed | Sand når andelen mangler fordi et tal bag den er skjult | True when the share is missing because a figure behind it is suppressed
$$);

INSERT INTO treg.report_info VALUES
	('report_guarantee', 'Behandlingsgaranti og straksbehandling', 'Treatment guarantee and immediate treatment', 'Anmodninger i {year}, opgjort pr. {as_of}', 50),
	('report_guarantee_cells', 'Behandlingsgaranti i lang form', 'Treatment guarantee in long form', 'Anmodninger i {year}, opgjort pr. {as_of}', 51);
