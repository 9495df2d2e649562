-- Committee reports on a small hand-made registry with known answers.
SET search_path = treg, public;
BEGIN;
TRUNCATE person, provider, request, episode, segment, tariff, report_config CASCADE;

INSERT INTO provider VALUES
	(1, 'Albertslund Rusmiddelcenter', 'x', false, true),
	(2, ' ALBERTSLUND  rusmiddelcenter.', 'x', false, true),	-- same provider, other spelling
	(3, 'Kommunens Rusmiddelcenter', 'x', true, false);
INSERT INTO tariff VALUES
	(1, 1, 'ambulant', '2024-01-01', NULL, 300),
	(2, 1, 'dag', '2024-01-01', NULL, 1500),
	(3, 2, 'ambulant', '2024-01-01', NULL, 300),
	(4, 3, 'ambulant', '2024-01-01', '2024-12-31', 200),
	(5, 3, 'ambulant', '2025-01-01', NULL, 250),
	(6, 3, 'dag', '2024-01-01', NULL, 1000);

-- A: 20 own residents aged 45 on the census day, alcohol, ambulant since 2025-03-01 (open)
INSERT INTO person SELECT g, false, '1980-06-01', 'male', 169 FROM generate_series(1, 20) g;
INSERT INTO request SELECT g, g, '2025-02-20', 'alcohol', 'SUL141', '2025-03-01', NULL FROM generate_series(1, 20) g;
INSERT INTO episode SELECT g, g, 1 + g % 2, g, '2025-03-01', NULL, NULL, 'alcohol' FROM generate_series(1, 20) g;
INSERT INTO segment SELECT g, g, g, 'ambulant', '2025-03-01', NULL, NULL, false FROM generate_series(1, 20) g;
-- B: 8 own residents aged 56, opioid, ambulant since 2024-01-01 (open), at the internal provider
INSERT INTO person SELECT g, false, '1970-01-15', 'female', 169 FROM generate_series(21, 28) g;
INSERT INTO episode SELECT g, g, 3, NULL, '2024-01-01', NULL, NULL, 'opioid' FROM generate_series(21, 28) g;
INSERT INTO segment SELECT g, g, g, 'ambulant', '2024-01-01', NULL, NULL, true FROM generate_series(21, 28) g;
-- C: 2 own residents aged 56, non-opioid, day treatment 2025-06-01..2025-11-30 (planned to 2026-05-31),
--    then ambulant (open): a small census cell whose row total would reveal it
INSERT INTO person SELECT g, false, '1970-01-15', 'female', 169 FROM generate_series(29, 30) g;
INSERT INTO episode SELECT g, g, 1, NULL, '2025-06-01', NULL, NULL, 'non_opioid' FROM generate_series(29, 30) g;
INSERT INTO segment SELECT g, g, g, 'dag', '2025-06-01', '2025-11-30', '2026-05-31', false FROM generate_series(29, 30) g;
INSERT INTO segment SELECT 100 + g, g, g, 'ambulant', '2025-12-01', NULL, NULL, false FROM generate_series(29, 30) g;
-- D: 6 residents of another municipality aged 25, non-opioid, ambulant since 2025-06-01 (open);
--    requested 2025-05-10, started 22 days later
INSERT INTO person SELECT g, false, '2000-05-05', 'male', 101 FROM generate_series(31, 36) g;
INSERT INTO request SELECT g, g, '2025-05-10', 'drugs', 'SEL101', '2025-06-01', NULL FROM generate_series(31, 36) g;
INSERT INTO episode SELECT g, g, 1, g, '2025-06-01', NULL, NULL, 'non_opioid' FROM generate_series(31, 36) g;
INSERT INTO segment SELECT g, g, g, 'ambulant', '2025-06-01', NULL, NULL, false FROM generate_series(31, 36) g;
-- E: one anonymous person, alcohol, 2025-09-01..2025-12-31, completed; free choice waiver
INSERT INTO person VALUES (37, true, NULL, NULL, 169);
INSERT INTO request VALUES (37, 37, '2025-08-01', 'alcohol', 'SUL141', '2025-09-01', 'free_choice');
INSERT INTO episode VALUES (37, 37, 3, 37, '2025-09-01', '2025-12-31', 'completed', 'alcohol');
INSERT INTO segment VALUES (37, 37, 37, 'ambulant', '2025-09-01', '2025-12-31', NULL, false);

-- 1. census on 8 April 2026: (own, 50-64, non_opioid) = 2 is primary; the
--    row total 10 would reveal it from opioid = 8, so more is hidden
SELECT * FROM report_census('2026-04-08', 169);
-- the same counts in plain SQL (every published value must match)
WITH truth AS (
	SELECT CASE WHEN p.municipality_code = 169 THEN 'own' ELSE 'other' END AS residence,
		   age_band(p.birth_date, '2026-04-08') AS age_band, e.substance_group,
		   count(DISTINCT p.person_id) AS persons
	FROM segment s JOIN episode e USING (episode_id) JOIN person p ON p.person_id = s.person_id
	WHERE s.start_date <= '2026-04-08' AND (s.end_date IS NULL OR s.end_date >= '2026-04-08')
	GROUP BY 1, 2, 3)
SELECT count(*) AS published_cells_differing_from_plain_sql
FROM report_census('2026-04-08', 169) r JOIN truth t USING (residence, age_band, substance_group)
WHERE r.persons IS NOT NULL AND r.persons <> t.persons;
-- the audit: no suppressed cell can be narrowed below k = 5
SELECT count(*) AS suppressed, count(*) FILTER (WHERE a.high IS NOT NULL AND a.high - a.low < 5) AS narrower_than_k
FROM (SELECT array_agg(residence) g, array_agg(age_band) r, array_agg(substance_group) c, array_agg(persons) v
	  FROM report_census('2026-04-08', 169)) t,
	 suppression_audit(t.r, t.c, t.v, t.g) a;

-- 2. flow in 2025: the one discharge (E) is primary
SELECT * FROM report_flow(2025);

-- 3. durations of episodes enrolled 2024-2025 as of 8 April 2026
SELECT * FROM report_durations('2024-01-01', '2025-12-31', '2026-04-08');

-- 4. transitions in 2025 and the day-treatment table (C: dag -> ambulant after 6 months, shortened)
SELECT * FROM report_transitions('2025-01-01', '2025-12-31', '2026-04-08');
SELECT * FROM report_day_treatment('2025-01-01', '2025-12-31', '2026-04-08');

-- 5. guarantee: A met (9 days), D not met (22 days), E waived
SELECT * FROM report_guarantee(2025, '2026-04-08');

-- 6. providers: the two spellings of Albertslund are one provider
SELECT * FROM report_providers(2025, '2025-12-31');

-- 7. costs and the what-if.  A: 20 x 306 days x 300; C dag 2 x 183 x 1500,
--    C ambulant 2 x 31 x 300; B 8 x 365 x 250; E 153 x 250 (internal)
SELECT * FROM report_costs(2025, '2025-12-31');
SELECT 20 * 306 * 300 + 2 * 183 * 1500 + 2 * 31 * 300 + 6 * 214 * 300 + 8 * 365 * 250 + 122 * 250 AS expected_total_cost;
-- capping day treatment at 3 months moves 2 x 91 days (from 2025-09-01) to ambulant: 2 x 91 x 1200
SELECT * FROM report_cost_scenario(2025, '2025-12-31', 3, 0.5);

-- 8. youth and older persons
SELECT * FROM report_age_groups('2026-04-08', 169, 2025);

-- the views read their settings from report_config
SELECT set_report_config(169, '2026-04-08');
SELECT * FROM report_config;
SELECT count(*) AS census_cells FROM report_census;

-- an analyst sees the published values but not the reasons
SET LOCAL ROLE treg_analyst;
SELECT residence, age_band, substance_group, persons, reason
FROM report_census WHERE age_band = '50-64';
SELECT count(*) FROM person;
ROLLBACK;
