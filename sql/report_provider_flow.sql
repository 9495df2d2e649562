-- report_provider_flow: moves between provider groups within chains of episodes, perturbed
SELECT count(*) FROM treg.demo_load(2000, 3);
INSERT INTO treg.report_secret (singleton, secret) VALUES
	(true, '\x000102030405060708090a0b0c0d0e0f1011121314151617')
	ON CONFLICT (singleton) DO UPDATE SET secret = excluded.secret;
SELECT treg.set_report_config(169, '2026-04-08');

-- (a) the view
SELECT from_group, to_group, is_total, persons, suppressed FROM treg.report_provider_flow;

-- (b) an exact formulation with correlated subqueries instead of window functions
CREATE TEMP TABLE ep AS
SELECT e.person_id, e.episode_id, e.enrol_date,
	   CASE WHEN e.discharge_date <= '2026-04-08' THEN e.discharge_date END AS discharge_date,
	   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp
FROM treg.episode e JOIN treg.provider p ON p.provider_id = e.provider_id
WHERE e.enrol_date <= '2026-04-08';
CREATE TEMP TABLE exact_moves AS
SELECT i.person_id,
	   CASE WHEN EXISTS (SELECT FROM ep j WHERE j.person_id = i.person_id
						   AND (j.enrol_date, j.episode_id) < (i.enrol_date, i.episode_id)
						   AND coalesce(j.discharge_date, 'infinity') >= i.enrol_date - 31)
			THEN (SELECT j.grp FROM ep j WHERE j.person_id = i.person_id
					AND (j.enrol_date, j.episode_id) < (i.enrol_date, i.episode_id)
				  ORDER BY j.enrol_date DESC, j.episode_id DESC LIMIT 1)
			ELSE 'none' END AS from_group,
	   i.grp AS to_group
FROM ep i WHERE i.enrol_date BETWEEN '2025-01-01' AND '2025-12-31'
UNION ALL
SELECT j.person_id, j.grp, 'none'
FROM ep j
WHERE j.discharge_date BETWEEN '2025-01-01' AND '2025-12-31'
  AND NOT EXISTS (SELECT FROM ep k WHERE k.person_id = j.person_id AND k.episode_id <> j.episode_id
					AND k.enrol_date <= j.discharge_date + 31
					AND (k.discharge_date IS NULL OR k.discharge_date > j.discharge_date
						 OR (k.discharge_date = j.discharge_date
							 AND (k.enrol_date, k.episode_id) > (j.enrol_date, j.episode_id))));
CREATE TEMP TABLE exact_cells AS
SELECT from_group, to_group, count(DISTINCT person_id) AS persons FROM exact_moves GROUP BY 1, 2
UNION ALL SELECT from_group, 'total', count(DISTINCT person_id) FROM exact_moves GROUP BY 1
UNION ALL SELECT 'total', to_group, count(DISTINCT person_id) FROM exact_moves GROUP BY 2
UNION ALL SELECT 'total', 'total', count(DISTINCT person_id) FROM exact_moves;
SELECT count(*) AS cells,
	   count(*) FILTER (WHERE coalesce(e.persons, 0) = 0 AND r.persons IS DISTINCT FROM 0) AS empty_not_zero,
	   count(*) FILTER (WHERE r.persons IS NOT NULL AND abs(r.persons - coalesce(e.persons, 0)) > 12) AS persons_off,
	   count(*) FILTER (WHERE r.persons IS NULL AND NOT coalesce(e.persons, 0) BETWEEN 1 AND 4 + 12) AS null_wrong,
	   count(*) FILTER (WHERE r.suppressed <> (r.persons IS NULL)) AS flag_wrong
FROM treg.report_provider_flow r
LEFT JOIN exact_cells e ON e.from_group = r.from_group AND e.to_group = r.to_group;
-- the person-level helper agrees with the exact formulation
SELECT count(*) AS differences FROM (
	(SELECT person_id, from_group, to_group FROM treg.provider_moves(2025, '2026-04-08', 30)
	 EXCEPT SELECT person_id, from_group, to_group FROM exact_moves)
	UNION ALL
	(SELECT person_id, from_group, to_group FROM exact_moves
	 EXCEPT SELECT person_id, from_group, to_group FROM treg.provider_moves(2025, '2026-04-08', 30))) d;

-- the gap tolerance setting does not change the published figures
SET treg.episode_gap_days = 3;
SELECT count(*) AS differences FROM (
	SELECT * FROM treg.report_provider_flow(2025) EXCEPT ALL
	SELECT * FROM treg.report_provider_flow) d;
RESET treg.episode_gap_days;

-- (c) coarse parameters only
SELECT * FROM treg.report_provider_flow(2027);
SELECT * FROM treg.report_provider_flow(NULL);

-- (d) asking twice gives the same answer
SELECT count(*) AS differences FROM (
	SELECT * FROM treg.report_provider_flow(2024) EXCEPT ALL SELECT * FROM treg.report_provider_flow(2024)) d;

-- (e) BI column types
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_provider_flow'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_provider_flow'
  AND col_description('treg.report_provider_flow'::regclass, c.ordinal_position) IS NULL;

-- a hand-made registry (providers of the demo: 1 partner, 2 internal, 4 external)
TRUNCATE treg.segment, treg.episode, treg.request, treg.person;
INSERT INTO treg.person (person_id, birth_date, municipality_code)
SELECT i, '1980-01-01', 169 FROM generate_series(1, 6) i;
INSERT INTO treg.episode (episode_id, person_id, provider_id, enrol_date, discharge_date, discharge_reason, substance_group) VALUES
	-- 1: enters internal, moves to external after 14 empty days, leaves
	(11, 1, 2, '2025-01-10', '2025-03-31', 'transferred', 'alcohol'),
	(12, 1, 4, '2025-04-15', '2025-06-30', 'completed', 'alcohol'),
	-- 2: leaves partner; back after 57 empty days: a new chain (exit and entry)
	(21, 2, 1, '2024-05-01', '2025-02-01', 'dropped_out', 'opioid'),
	(22, 2, 1, '2025-04-01', NULL, NULL, 'opioid'),
	-- 3: external, then internal next year within the gap: no exit in 2025
	(31, 3, 4, '2025-11-01', '2025-12-20', 'transferred', 'non_opioid'),
	(32, 3, 2, '2026-01-05', NULL, NULL, 'non_opioid'),
	-- 4: internal, overlapping external: a move, no exit (internal still open)
	(41, 4, 2, '2025-03-01', NULL, NULL, 'alcohol'),
	(42, 4, 4, '2025-05-01', '2025-05-31', 'completed', 'alcohol'),
	-- 5: enters in 2025, leaves in 2026
	(51, 5, 4, '2025-12-01', '2026-03-20', 'completed', 'alcohol'),
	-- 6: discharged after the as-of date: still open; enrolled after it: ignored
	(61, 6, 2, '2024-01-01', '2026-05-01', 'completed', 'alcohol'),
	(62, 6, 4, '2026-05-02', NULL, NULL, 'alcohol');
SELECT * FROM treg.provider_moves(2025, '2026-04-08', 30) ORDER BY person_id, move_date, from_group;
SELECT * FROM treg.provider_moves(2026, '2026-04-08', 30) ORDER BY person_id, move_date, from_group;
-- a longer gap tolerance joins the two chains of person 2
SELECT * FROM treg.provider_moves(2025, '2026-04-08', 60) WHERE person_id = 2;
-- six persons: every cell is small
SELECT count(*) FILTER (WHERE persons IS NULL OR persons = 0) AS small_or_empty, count(*) AS cells
FROM treg.report_provider_flow(2025);

SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_provider_flow;
SELECT * FROM treg.provider_moves(2025, '2026-04-08', 30);
RESET ROLE;

-- leave the registry empty for the tests that follow
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
