-- Every report on the demo registry passes the suppression audit: no
-- suppressed cell can be narrowed below k = 5 from what is published.
SET search_path = treg, public;
BEGIN;
SELECT count(*) AS tables_loaded FROM demo_load(3000, 7);
SELECT set_report_config(169, '2026-04-08');

CREATE TEMP TABLE published (report text, part text, row_group text, row_key text, col_key text, value bigint);
INSERT INTO published SELECT 'census', '', residence, age_band, substance_group, persons FROM report_census;
INSERT INTO published SELECT 'flow', measure, NULL, substance_group, intensity, persons FROM report_flow;
INSERT INTO published SELECT 'durations', '', NULL, substance_group, entry_intensity, persons FROM report_durations;
INSERT INTO published SELECT 'transitions', '', NULL, from_intensity, to_intensity, persons FROM report_transitions;
INSERT INTO published SELECT 'day_treatment', measure, NULL, category, NULL, persons FROM report_day_treatment;
INSERT INTO published SELECT 'providers', '', provider_group,
	CASE WHEN provider IN ('subtotal', 'total') THEN NULL ELSE provider END, NULL, persons FROM report_providers;
INSERT INTO published SELECT 'costs', '', NULL, intensity, provider_group, persons FROM report_costs;
INSERT INTO published SELECT 'guarantee', measure, track, month, outcome, requests
	FROM report_guarantee_cells(2025, '2026-04-08');
INSERT INTO published SELECT 'age_groups', measure, NULL, age_group, substance_group, persons
	FROM report_age_groups WHERE measure = 'new_enrolments' AND age_group IS DISTINCT FROM 'under 30';

SELECT p.report, p.part, count(*) AS cells, count(*) FILTER (WHERE p.value IS NULL) > 0 AS has_suppressed
FROM published p GROUP BY 1, 2 ORDER BY 1, 2;

SELECT t.report, t.part, count(a.*) AS suppressed,
	   count(*) FILTER (WHERE a.high IS NOT NULL AND a.high - a.low < 5) AS narrower_than_k
FROM (SELECT report, part, array_agg(row_group) g, array_agg(row_key) r, array_agg(col_key) c,
			 array_agg(value) v, bool_or(row_group IS NOT NULL) grouped
	  FROM published GROUP BY report, part) t
CROSS JOIN LATERAL suppression_audit(t.r, t.c, t.v, CASE WHEN t.grouped THEN t.g END) a
GROUP BY 1, 2 ORDER BY 1, 2;

-- the guarantee table: its two published tables, rebuilt in long form
SELECT count(*) FILTER (WHERE requests IS NULL) > 0 AS has_suppressed_months,
	   bool_and(share_met_14_days IS NULL OR share_met_14_days BETWEEN 0 AND 1) AS shares_valid
FROM report_guarantee;
ROLLBACK;
