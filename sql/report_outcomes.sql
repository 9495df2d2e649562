-- report_outcomes: outcomes of episodes by provider group and substance group, perturbed
SELECT count(*) FROM treg.demo_load(2000, 3);
INSERT INTO treg.report_secret (singleton, secret) VALUES
	(true, '\x000102030405060708090a0b0c0d0e0f1011121314151617')
	ON CONFLICT (singleton) DO UPDATE SET secret = excluded.secret;
SELECT treg.set_report_config(169, '2026-04-08');

-- (a) the view (episodes enrolled 2021-2025)
SELECT provider_group, substance_group, is_total, persons, episodes, completed_share,
	   completed_share_suppressed, dropped_out_share, dropped_out_share_suppressed, median_days,
	   median_days_suppressed, cost_per_person, cost_per_person_suppressed, cost_per_completed,
	   cost_per_completed_suppressed
FROM treg.report_outcomes;

-- (b) an exact formulation from the raw tables
CREATE TEMP TABLE ep AS
SELECT e.episode_id, e.person_id, e.substance_group,
	   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp,
	   least(coalesce(e.discharge_date, '2026-04-08'), '2026-04-08') - e.enrol_date + 1 AS days,
	   coalesce(e.discharge_date <= '2026-04-08', false) AS event,
	   coalesce(e.discharge_date <= '2026-04-08' AND e.discharge_reason = 'completed', false) AS completed,
	   coalesce(e.discharge_date <= '2026-04-08' AND e.discharge_reason = 'dropped_out', false) AS dropped_out,
	   coalesce((SELECT sum(t.price_per_day * (least(coalesce(s.end_date, '2026-04-08'), '2026-04-08',
														coalesce(t.valid_to, 'infinity'))
											   - greatest(s.start_date, t.valid_from) + 1))
				 FROM treg.segment s JOIN treg.tariff t ON t.provider_id = e.provider_id
					 AND t.intensity::text = s.intensity::text
				 WHERE s.episode_id = e.episode_id
				   AND greatest(s.start_date, t.valid_from)
					   <= least(coalesce(s.end_date, '2026-04-08'), '2026-04-08', coalesce(t.valid_to, 'infinity'))), 0) AS cost
FROM treg.episode e JOIN treg.provider p ON p.provider_id = e.provider_id
WHERE e.enrol_date BETWEEN '2021-01-01' AND '2025-12-31';
CREATE TEMP TABLE ep_cells AS
SELECT x.*, c.grp_key, c.sub_key
FROM ep x CROSS JOIN LATERAL (VALUES (x.grp, x.substance_group), (x.grp, 'total'),
									 ('total', x.substance_group), ('total', 'total')) c(grp_key, sub_key);
CREATE TEMP TABLE exact_cells AS
SELECT grp_key, sub_key, count(DISTINCT person_id) AS persons, count(*) AS episodes,
	   count(*) FILTER (WHERE completed) AS completed, count(*) FILTER (WHERE dropped_out) AS dropped_out,
	   count(*) FILTER (WHERE event) AS events, sum(cost) AS cost,
	   (SELECT max(pc) FROM (SELECT sum(y.cost) AS pc FROM ep_cells y
							 WHERE y.grp_key = x.grp_key AND y.sub_key = x.sub_key GROUP BY y.person_id) q) AS cost_max
FROM ep_cells x GROUP BY grp_key, sub_key;
-- Kaplan-Meier median: the first duration where the product of (1 - events / at risk) is at most 0.5
CREATE TEMP TABLE exact_median AS
WITH t AS (
	SELECT grp_key, sub_key, days, count(*) FILTER (WHERE event) AS d,
		   (SELECT count(*) FROM ep_cells z WHERE z.grp_key = y.grp_key AND z.sub_key = y.sub_key
			  AND z.days >= y.days) AS n
	FROM ep_cells y GROUP BY grp_key, sub_key, days
), s AS (
	SELECT grp_key, sub_key, days,
		   exp(sum(ln(greatest(1 - d::float8 / n, 1e-300))) OVER (PARTITION BY grp_key, sub_key ORDER BY days)) AS surv
	FROM t
)
SELECT grp_key, sub_key, min(days) FILTER (WHERE surv <= 0.5 + 1e-12) AS median FROM s GROUP BY 1, 2;
SELECT count(*) AS cells,
	   count(*) FILTER (WHERE coalesce(e.persons, 0) = 0 AND r.persons IS DISTINCT FROM 0) AS empty_not_zero,
	   count(*) FILTER (WHERE r.persons IS NOT NULL AND abs(r.persons - coalesce(e.persons, 0)) > 12) AS persons_off,
	   count(*) FILTER (WHERE r.persons IS NULL AND NOT coalesce(e.persons, 0) BETWEEN 1 AND 4 + 12) AS persons_null_wrong,
	   count(*) FILTER (WHERE r.episodes IS NOT NULL AND abs(r.episodes - coalesce(e.episodes, 0)) > 12) AS episodes_off,
	   count(*) FILTER (WHERE r.completed_share IS NOT NULL AND r.episodes > 0
						  AND abs(r.completed_share * r.episodes - e.completed) > 13) AS completed_off,
	   count(*) FILTER (WHERE r.dropped_out_share IS NOT NULL AND r.episodes > 0
						  AND abs(r.dropped_out_share * r.episodes - e.dropped_out) > 13) AS dropped_out_off,
	   count(*) FILTER (WHERE r.completed_share IS NULL AND r.episodes > 0 AND NOT e.completed BETWEEN 1 AND 4 + 12) AS completed_null_wrong,
	   count(*) FILTER (WHERE r.median_days IS NOT NULL AND (e.events < 5 OR abs(r.median_days - m.median) > 0.4 * m.median + 4)) AS median_off,
	   count(*) FILTER (WHERE r.median_days IS NULL AND NOT r.median_days_suppressed AND m.median IS NOT NULL) AS median_missing,
	   count(*) FILTER (WHERE r.cost_per_person IS NOT NULL AND r.persons > 0
						  AND abs(r.cost_per_person * r.persons - e.cost) > 2 * e.cost_max + 13 * e.cost / e.persons) AS cost_off
FROM treg.report_outcomes r
LEFT JOIN exact_cells e ON e.grp_key = r.provider_group AND e.sub_key = r.substance_group
LEFT JOIN exact_median m ON m.grp_key = r.provider_group AND m.sub_key = r.substance_group;
-- the person-level helper agrees with the exact formulation
SELECT count(*) AS differences FROM (
	(SELECT episode_id, provider_group, days, event, completed, dropped_out, round(cost, 2)
	 FROM treg.outcome_episodes('2021-01-01', '2025-12-31', '2026-04-08')
	 EXCEPT SELECT episode_id, grp, days, event, completed, dropped_out, round(cost, 2) FROM ep)
	UNION ALL
	(SELECT episode_id, grp, days, event, completed, dropped_out, round(cost, 2) FROM ep
	 EXCEPT SELECT episode_id, provider_group, days, event, completed, dropped_out, round(cost, 2)
	 FROM treg.outcome_episodes('2021-01-01', '2025-12-31', '2026-04-08'))) d;

-- (c) coarse parameters only
SELECT * FROM treg.report_outcomes(2025, 2024);
SELECT * FROM treg.report_outcomes(2010, 2025);
SELECT * FROM treg.report_outcomes(2024, 2027);
SELECT * FROM treg.report_outcomes(NULL, 2025);

-- (d) asking twice gives the same answer; the function equals the view
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_outcomes(2023, 2024) EXCEPT ALL SELECT * FROM treg.report_outcomes(2023, 2024))
	UNION ALL
	(SELECT * FROM treg.report_outcomes EXCEPT ALL SELECT * FROM treg.report_outcomes(2021, 2025))) d;

-- (e) BI column types
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_outcomes'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_outcomes'
  AND col_description('treg.report_outcomes'::regclass, c.ordinal_position) IS NULL;

-- a hand-made registry: the person-level helper (providers of the demo: 1 partner, 2 internal, 4 external)
TRUNCATE treg.segment, treg.episode, treg.request, treg.person, treg.tariff;
INSERT INTO treg.person (person_id, birth_date, municipality_code) VALUES (1, '1980-01-01', 169), (2, '1990-01-01', 169);
INSERT INTO treg.tariff (tariff_id, provider_id, intensity, valid_from, valid_to, price_per_day) VALUES
	(1, 2, 'ambulant', '2020-01-01', '2025-06-30', 100),
	(2, 2, 'ambulant', '2025-07-01', NULL, 110),
	(3, 2, 'dag', '2020-01-01', NULL, 900);
INSERT INTO treg.episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group) VALUES
	(1, 1, 2, '2025-06-21', '2025-07-10', 'completed', 'alcohol'),
	(2, 2, 2, '2025-12-01', '2026-06-30', 'dropped_out', 'opioid'),
	(3, 2, 4, '2024-12-31', '2025-01-05', 'death', 'opioid');
INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date) VALUES
	(1, 1, 1, 'ambulant', '2025-06-21', '2025-07-10'),
	(2, 2, 2, 'dag', '2025-12-01', '2026-01-31'),
	(3, 2, 2, 'ambulant', '2026-02-01', '2026-06-30');
-- episode 1: 10 days at 100 and 10 at 110, completed; episode 2: open at the as-of date
-- (discharged after it), 62 dag days at 900 and 67 ambulant days at 110; episode 3: not enrolled in 2025
SELECT * FROM treg.outcome_episodes('2025-01-01', '2025-12-31', '2026-04-08') ORDER BY episode_id;

SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_outcomes;
SELECT * FROM treg.outcome_episodes('2025-01-01', '2025-12-31', '2026-04-08');
RESET ROLE;

-- leave the registry empty for the tests that follow
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
