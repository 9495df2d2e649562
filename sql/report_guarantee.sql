-- report_guarantee and report_guarantee_cells: the treatment guarantee, perturbed
-- in one transaction, rolled back at the end: later tests find the registry as it was
\i sql/include/report_setup.psql

-- (a) the views (report year 2025 as of 2026-04-08): the wide view in full,
-- the long one summarised
SELECT * FROM treg.report_guarantee;
SELECT measure, outcome, count(*) AS cells, count(*) FILTER (WHERE is_total) AS totals,
	   count(*) FILTER (WHERE suppressed) AS suppressed, sum(requests) AS sum_published
FROM treg.report_guarantee_cells GROUP BY measure, outcome ORDER BY min(measure_order), min(outcome_order);
SELECT * FROM treg.report_guarantee_cells WHERE track = 'total' AND month = 'total';

-- (b) exact counts in plain SQL from treg.request (straks: the working-day
-- rule of the calendar engine)
CREATE TEMP TABLE rq AS
SELECT q.request_id, q.person_id, q.track, to_char(q.request_date, 'YYYY-MM') AS month,
	   CASE WHEN q.waiver IS NOT NULL THEN 'waived'
			WHEN q.initiation_date <= '2026-04-08' AND q.initiation_date <= q.request_date + 14 THEN 'met'
			WHEN q.initiation_date <= '2026-04-08' OR DATE '2026-04-08' > q.request_date + 14 THEN 'not_met'
			ELSE 'pending' END AS g14,
	   CASE WHEN q.waiver IS NULL THEN
			CASE treg.straks_met(q.request_date, q.initiation_date, '2026-04-08', 'next_working_day')
				WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END END AS straks
FROM treg.request q
WHERE q.request_date BETWEEN '2025-01-01' AND '2025-12-31';
CREATE TEMP TABLE exact AS
SELECT r.measure, coalesce(r.track, 'total') AS track, coalesce(r.month, 'total') AS month,
	   coalesce(r.outcome, 'total') AS outcome, count(*) AS requests, count(DISTINCT r.person_id) AS persons
FROM (SELECT person_id, track, month, '14_days' AS measure, g14 AS outcome FROM rq
	  UNION ALL
	  SELECT person_id, track, month, 'straks', straks FROM rq WHERE straks IS NOT NULL) r
GROUP BY r.measure, CUBE (r.track, r.month, r.outcome);
SELECT count(*) AS cells, count(*) FILTER (WHERE c.requests IS NULL) AS suppressed,
	   count(*) FILTER (WHERE coalesce(e.requests, 0) = 0) AS empty,
	   max(abs(c.requests - coalesce(e.requests, 0))) AS max_difference,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(c.requests, coalesce(e.requests, 0), e.persons)) AS implausible,
	   count(*) FILTER (WHERE c.suppressed IS DISTINCT FROM (c.requests IS NULL)) AS bad_flags,
	   (SELECT count(*) FROM exact x WHERE NOT EXISTS (
		   SELECT FROM treg.report_guarantee_cells t WHERE t.measure = x.measure AND t.track = x.track
			 AND t.month = x.month AND t.outcome = x.outcome)) AS missing_cells,
	   (SELECT count(*) FROM rq WHERE rq.person_id IN (SELECT person_id FROM rq GROUP BY 1 HAVING count(*) > 1)) AS repeated_requests
FROM treg.report_guarantee_cells c
LEFT JOIN exact e ON e.measure = c.measure AND e.track = c.track AND e.month = c.month AND e.outcome = c.outcome;
SELECT c.measure, c.track, c.month, c.outcome, c.requests, e.requests AS exact, e.persons
FROM treg.report_guarantee_cells c
LEFT JOIN exact e ON e.measure = c.measure AND e.track = c.track AND e.month = c.month AND e.outcome = c.outcome
WHERE NOT pg_temp.plausible(c.requests, coalesce(e.requests, 0), e.persons);
-- the wide view is the long one side by side; shares from the published counts
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE w.requests IS DISTINCT FROM l.requests OR w.met_14_days IS DISTINCT FROM l.met
						OR w.not_met_14_days IS DISTINCT FROM l.not_met OR w.pending_14_days IS DISTINCT FROM l.pending
						OR w.waived IS DISTINCT FROM l.waived OR w.met_straks IS DISTINCT FROM l.s_met
						OR w.not_met_straks IS DISTINCT FROM l.s_not_met
						OR w.pending_straks IS DISTINCT FROM l.s_pending) AS different_counts,
	   count(*) FILTER (WHERE w.requests_suppressed <> (w.requests IS NULL) OR w.met_14_days_suppressed <> (w.met_14_days IS NULL)
						OR w.not_met_14_days_suppressed <> (w.not_met_14_days IS NULL)
						OR w.pending_14_days_suppressed <> (w.pending_14_days IS NULL)
						OR w.waived_suppressed <> (w.waived IS NULL) OR w.met_straks_suppressed <> (w.met_straks IS NULL)
						OR w.not_met_straks_suppressed <> (w.not_met_straks IS NULL)
						OR w.pending_straks_suppressed <> (w.pending_straks IS NULL)) AS bad_flags,
	   count(*) FILTER (WHERE w.share_met_14_days IS DISTINCT FROM round(w.met_14_days::numeric / nullif(w.met_14_days + w.not_met_14_days, 0), 3)
						OR w.share_met_straks IS DISTINCT FROM round(w.met_straks::numeric / nullif(w.met_straks + w.not_met_straks, 0), 3)
						OR w.share_met_14_days_suppressed <> (w.met_14_days IS NULL OR w.not_met_14_days IS NULL)
						OR w.share_met_straks_suppressed <> (w.met_straks IS NULL OR w.not_met_straks IS NULL)) AS bad_shares,
	   count(*) FILTER (WHERE w.is_total <> (w.track = 'total' OR w.month = 'total')) AS bad_is_total
FROM treg.report_guarantee w
JOIN (SELECT track, month,
			 max(requests) FILTER (WHERE measure = '14_days' AND outcome = 'total') AS requests,
			 max(requests) FILTER (WHERE measure = '14_days' AND outcome = 'met') AS met,
			 max(requests) FILTER (WHERE measure = '14_days' AND outcome = 'not_met') AS not_met,
			 max(requests) FILTER (WHERE measure = '14_days' AND outcome = 'pending') AS pending,
			 max(requests) FILTER (WHERE measure = '14_days' AND outcome = 'waived') AS waived,
			 max(requests) FILTER (WHERE measure = 'straks' AND outcome = 'met') AS s_met,
			 max(requests) FILTER (WHERE measure = 'straks' AND outcome = 'not_met') AS s_not_met,
			 max(requests) FILTER (WHERE measure = 'straks' AND outcome = 'pending') AS s_pending
	  FROM treg.report_guarantee_cells GROUP BY track, month) l USING (track, month);

-- the year of the as-of date: the months up to it only, requests still pending
SELECT month, month_order, requests, pending_14_days, pending_straks
FROM treg.report_guarantee(2026) WHERE track = 'total' ORDER BY month_order;

-- (c) coarse parameters only
SELECT pg_temp.err('SELECT * FROM treg.report_guarantee(2027)');
SELECT pg_temp.err('SELECT * FROM treg.report_guarantee_cells(2010)');
SELECT pg_temp.err('SELECT * FROM treg.report_guarantee_cells(NULL)');

-- (d) the same answer twice, the views = the functions for the report year
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_guarantee_cells(2025) EXCEPT ALL SELECT * FROM treg.report_guarantee_cells(2025))
	UNION ALL
	(SELECT * FROM treg.report_guarantee_cells EXCEPT ALL SELECT * FROM treg.report_guarantee_cells(2025))) d;
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_guarantee(2025) EXCEPT ALL SELECT * FROM treg.report_guarantee(2025))
	UNION ALL
	(SELECT * FROM treg.report_guarantee EXCEPT ALL SELECT * FROM treg.report_guarantee(2025))) d;

-- (e) BI column types of the views
SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name IN ('report_guarantee', 'report_guarantee_cells')
ORDER BY table_name, ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name IN ('report_guarantee', 'report_guarantee_cells')
  AND col_description(('treg.' || c.table_name)::regclass, c.ordinal_position) IS NULL;
SELECT view_name, title_da, title_en FROM treg.report_info
WHERE view_name IN ('report_guarantee', 'report_guarantee_cells') ORDER BY sort_order;
SELECT has_function_privilege('treg_analyst', 'treg.report_guarantee(integer)', 'EXECUTE') AS report,
	   has_function_privilege('treg_analyst', 'treg.report_guarantee_cells(integer)', 'EXECUTE') AS cells,
	   has_function_privilege('treg_analyst', 'treg.guarantee_requests(date, date, date)', 'EXECUTE') AS helper,
	   has_table_privilege('treg_analyst', 'treg.report_guarantee', 'SELECT') AS view;

-- a tiny hand-made registry with known outcomes (request-level helper, exact)
SAVEPOINT tiny;
TRUNCATE treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff, treg.capacity;
INSERT INTO treg.person SELECT g, false, '1980-01-01', 'male', 169 FROM generate_series(1, 3) g;
INSERT INTO treg.request VALUES
	(1, 1, '2025-03-03', 'alcohol', 'SUL141', '2025-03-04', NULL),		-- Monday, started Tuesday: met, met
	(2, 1, '2025-03-07', 'alcohol', 'SUL141', '2025-03-10', NULL),		-- Friday, started Monday: met, met
	(3, 2, '2025-03-07', 'drugs', 'SEL101', '2025-03-11', NULL),		-- started Tuesday: met, not met
	(4, 2, '2025-03-10', 'drugs', 'SEL101', '2025-03-25', NULL),		-- 15 days: not met, not met
	(5, 3, '2025-03-10', 'drugs', 'SEL101', NULL, 'free_choice'),		-- waived: apart, no straks
	(6, 3, '2025-03-31', 'alcohol', 'SUL141', NULL, NULL),				-- still waiting on 2025-04-02
	(7, 3, '2025-04-05', 'alcohol', 'SUL141', NULL, NULL),				-- after the as-of date: not there
	(8, 3, '2024-12-31', 'alcohol', 'SUL141', '2025-01-02', NULL);		-- the year before
SELECT * FROM treg.guarantee_requests('2025-01-01', '2025-12-31', '2025-04-02') ORDER BY 1;
ROLLBACK TO SAVEPOINT tiny;

-- leave the database as it was
ROLLBACK;
