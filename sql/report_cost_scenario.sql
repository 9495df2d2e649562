-- report_cost_scenario: what-if for the cost of a year, perturbed
SELECT count(*) FROM treg.demo_load(2000, 3);
INSERT INTO treg.report_secret (singleton, secret) VALUES
	(true, '\x000102030405060708090a0b0c0d0e0f1011121314151617')
	ON CONFLICT (singleton) DO UPDATE SET secret = excluded.secret;
SELECT treg.set_report_config(169, '2026-04-08');

-- (a) the view (6 months, half the day starts) and other arguments
SELECT year, day_cap_months, day_to_ambulant_share, scenario, persons, persons_suppressed,
	   cost, cost_suppressed, saving, saving_suppressed
FROM treg.report_cost_scenario;
SELECT scenario, cost, saving FROM treg.report_cost_scenario(2025, 12, 0.25);
SELECT scenario, cost, saving FROM treg.report_cost_scenario(2024, 1, 1);

-- (b) an exact formulation day by day: per day of day treatment in 2025 its provider's
-- dag tariff minus its ambulant tariff that day (a missing tariff counts 0)
CREATE TEMP TABLE dag_days AS
SELECT s.person_id, s.start_date, d::date AS day,
	   coalesce((SELECT t.price_per_day FROM treg.tariff t
				 WHERE t.provider_id = e.provider_id AND t.intensity::text = 'dag'
				   AND d::date BETWEEN t.valid_from AND coalesce(t.valid_to, 'infinity')), 0)
	   - coalesce((SELECT t.price_per_day FROM treg.tariff t
				   WHERE t.provider_id = e.provider_id AND t.intensity::text = 'ambulant'
					 AND d::date BETWEEN t.valid_from AND coalesce(t.valid_to, 'infinity')), 0) AS diff
FROM treg.segment s
JOIN treg.episode e ON e.episode_id = s.episode_id
CROSS JOIN generate_series(greatest(s.start_date, '2025-01-01'),
						   least(coalesce(s.end_date, '2025-12-31'), '2025-12-31'), interval '1 day') d
WHERE s.intensity::text = 'dag';
CREATE TEMP TABLE exact_saving AS
SELECT x.person_id,
	   sum(x.diff) FILTER (WHERE x.day >= (x.start_date + interval '6 months')::date) AS cap,
	   0.5 * coalesce(sum(x.diff) FILTER (WHERE x.start_date >= '2025-01-01'), 0) AS shift,
	   coalesce(sum(x.diff) FILTER (WHERE x.start_date < '2025-01-01'
								   AND x.day >= (x.start_date + interval '6 months')::date), 0)
	   + coalesce(sum(CASE WHEN x.day >= (x.start_date + interval '6 months')::date THEN x.diff
						   ELSE 0.5 * x.diff END) FILTER (WHERE x.start_date >= '2025-01-01'), 0) AS cap_shift
FROM dag_days x GROUP BY x.person_id;
SELECT s.scenario,
	   abs(s.saving - coalesce(e.exact, 0)) <= 2 * coalesce(e.largest, 0) AS saving_close,
	   s.cost = b.cost - s.saving AS cost_is_baseline_minus_saving
FROM treg.report_cost_scenario s
CROSS JOIN (SELECT cost FROM treg.report_cost_scenario WHERE scenario = 'baseline') b
LEFT JOIN (SELECT 'cap' AS scenario, sum(cap) AS exact, max(abs(cap)) AS largest FROM exact_saving
		   UNION ALL SELECT 'shift', sum(shift), max(abs(shift)) FROM exact_saving
		   UNION ALL SELECT 'cap_and_shift', sum(cap_shift), max(abs(cap_shift)) FROM exact_saving) e
	ON e.scenario = s.scenario
ORDER BY s.scenario_order;

-- the persons and the baseline cost are the total cell of report_costs
SELECT s.persons = c.persons AS same_persons, s.cost = c.cost AS same_baseline
FROM treg.report_cost_scenario s, treg.report_costs c
WHERE s.scenario = 'baseline' AND c.intensity = 'total' AND c.provider_group = 'total';

-- no cap effect for a cap longer than every stay, no shift for a share of 0: saving 0, cost = baseline
SELECT scenario, saving, cost = (SELECT cost FROM treg.report_cost_scenario WHERE scenario = 'baseline') AS at_baseline
FROM treg.report_cost_scenario(2025, 24, 0) ORDER BY scenario_order;

-- (c) coarse parameters only (22023)
SELECT * FROM treg.report_cost_scenario(2025, 0, 0.5);
SELECT * FROM treg.report_cost_scenario(2025, 25, 0.5);
SELECT * FROM treg.report_cost_scenario(2025, NULL, 0.5);
SELECT * FROM treg.report_cost_scenario(2025, 6, 0.33);
SELECT * FROM treg.report_cost_scenario(2025, 6, 1.05);
SELECT * FROM treg.report_cost_scenario(2025, 6, -0.05);
SELECT * FROM treg.report_cost_scenario(2025, 6, NULL);
SELECT * FROM treg.report_cost_scenario(2027, 6, 0.5);

-- (d) asking twice gives the same answer; the function equals the view
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_cost_scenario(2025, 9, 0.35) EXCEPT ALL SELECT * FROM treg.report_cost_scenario(2025, 9, 0.35))
	UNION ALL
	(SELECT * FROM treg.report_cost_scenario EXCEPT ALL SELECT * FROM treg.report_cost_scenario(2025))) d;

-- a small registry: fewer than k persons publish nothing
BEGIN;
-- three persons with days in 2025
DELETE FROM treg.segment WHERE person_id > 14;
SELECT scenario, persons, persons_suppressed, cost, cost_suppressed, saving, saving_suppressed
FROM treg.report_cost_scenario(2025);
ROLLBACK;

-- (e) BI column types
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_cost_scenario'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_cost_scenario'
  AND col_description('treg.report_cost_scenario'::regclass, c.ordinal_position) IS NULL;

SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_cost_scenario;
SELECT * FROM treg.cost_scenario_persons(2025, '2026-04-08', 6, 0.5) LIMIT 1;
RESET ROLE;

-- leave the registry empty for the tests that follow
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
