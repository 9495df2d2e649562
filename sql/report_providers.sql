-- report_providers: persons per provider, perturbed
-- in one transaction, rolled back at the end: later tests find the registry as it was
\i sql/include/report_setup.psql

-- (a) the view (report year 2025 as of 2026-04-08)
SELECT * FROM treg.report_providers;

-- (b) exact counts in plain SQL from the registry tables: each person at
-- the provider (name key) with most days in the year, ties the smaller key
CREATE TEMP TABLE pkey AS
SELECT treg.name_key(name) AS key, bool_or(internal) AS internal, bool_or(partner) AS partner
FROM treg.provider GROUP BY 1;
CREATE TEMP TABLE main AS
SELECT DISTINCT ON (person_id) person_id, key
FROM (SELECT s.person_id, treg.name_key(p.name) AS key,
			 sum(least(coalesce(s.end_date, '2025-12-31'), '2025-12-31') - greatest(s.start_date, '2025-01-01') + 1) AS days
	  FROM treg.segment s JOIN treg.episode e USING (episode_id) JOIN treg.provider p USING (provider_id)
	  WHERE s.start_date <= '2025-12-31' AND (s.end_date IS NULL OR s.end_date >= '2025-01-01')
	  GROUP BY 1, 2) d
ORDER BY person_id, days DESC, key;
CREATE TEMP TABLE exact AS
SELECT coalesce(g, 'total') AS g, coalesce(key, 'total') AS key, count(DISTINCT person_id) AS persons,
	   count(DISTINCT key) AS used
FROM (SELECT m.person_id, m.key,
			 CASE WHEN k.internal THEN 'internal' WHEN k.partner THEN 'partner' ELSE 'external' END AS g
	  FROM main m JOIN pkey k USING (key)) x
GROUP BY ROLLUP (g, key);
SELECT count(*) AS rows, count(*) FILTER (WHERE r.persons IS NULL) AS suppressed,
	   count(*) FILTER (WHERE coalesce(e.persons, 0) = 0) AS empty,
	   max(abs(r.persons - coalesce(e.persons, 0))) AS max_difference,
	   count(*) FILTER (WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0))) AS implausible,
	   count(*) FILTER (WHERE r.persons_suppressed IS DISTINCT FROM (r.persons IS NULL)) AS bad_flags,
	   (SELECT count(*) FROM exact x WHERE NOT EXISTS (
		   SELECT FROM treg.report_providers t WHERE t.provider_group = x.g AND t.provider = x.key)) AS missing_rows,
	   (SELECT count(*) FROM pkey) AS providers
FROM treg.report_providers r
LEFT JOIN exact e ON e.g = r.provider_group AND e.key = r.provider;
SELECT r.provider_group, r.provider, r.persons, e.persons AS exact
FROM treg.report_providers r LEFT JOIN exact e ON e.g = r.provider_group AND e.key = r.provider
WHERE NOT pg_temp.plausible(r.persons, coalesce(e.persons, 0));
-- shares from the published counts; providers used (total row only) near the exact count
SELECT count(*) FILTER (WHERE r.share IS DISTINCT FROM round(r.persons::numeric / nullif(t.persons, 0), 3)
						OR r.share_suppressed <> (r.persons IS NULL OR t.persons IS NULL)) AS bad_shares,
	   count(*) FILTER (WHERE r.providers_used IS NOT NULL AND r.provider_group <> 'total') AS used_off_total,
	   count(*) FILTER (WHERE r.is_total <> (r.provider = 'total')) AS bad_is_total
FROM treg.report_providers r, (SELECT persons FROM treg.report_providers WHERE provider_group = 'total') t;
SELECT r.providers_used, r.providers_used_suppressed, e.used AS exact_used,
	   pg_temp.plausible(r.providers_used, e.used) AS plausible
FROM treg.report_providers r JOIN exact e ON e.g = 'total' AND e.key = 'total'
WHERE r.provider_group = 'total';
-- the subtotals and the total are cells of their own persons
SELECT g, persons FROM exact WHERE key = 'total' ORDER BY g;

-- (c) coarse parameters only
SELECT pg_temp.err('SELECT * FROM treg.report_providers(2027)');
SELECT pg_temp.err('SELECT * FROM treg.report_providers(2010)');
SELECT pg_temp.err('SELECT * FROM treg.report_providers(NULL)');
SELECT provider_group, persons, providers_used FROM treg.report_providers(2026) WHERE is_total;

-- (d) the same answer twice, the view = the function for the report year
SELECT count(*) AS differences FROM (
	(SELECT * FROM treg.report_providers(2025) EXCEPT ALL SELECT * FROM treg.report_providers(2025))
	UNION ALL
	(SELECT * FROM treg.report_providers EXCEPT ALL SELECT * FROM treg.report_providers(2025))) d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_providers' ORDER BY ordinal_position;
SELECT count(*) AS undocumented FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_providers'
  AND col_description('treg.report_providers'::regclass, c.ordinal_position) IS NULL;
SELECT title_da, title_en FROM treg.report_info WHERE view_name = 'report_providers';
SELECT has_function_privilege('treg_analyst', 'treg.report_providers(integer)', 'EXECUTE') AS report,
	   has_function_privilege('treg_analyst', 'treg.provider_persons(date, date, date)', 'EXECUTE') AS helper,
	   has_function_privilege('treg_analyst', 'treg.provider_keys()', 'EXECUTE') AS keys,
	   has_table_privilege('treg_analyst', 'treg.report_providers', 'SELECT') AS view;

-- a tiny hand-made registry with known providers (person-level helper, exact)
SAVEPOINT tiny;
TRUNCATE treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff, treg.capacity;
INSERT INTO treg.provider VALUES
	(1, 'Albertslund Rusmiddelcenter', 'x', false, true),
	(2, ' ALBERTSLUND  rusmiddelcenter.', 'x', false, false),	-- the same provider, another spelling
	(3, 'Kommunens Rusmiddelcenter', 'x', true, false),
	(4, 'Behandlingscenter Fyn', 'x', false, false);
INSERT INTO treg.person SELECT g, false, '1980-01-01', 'male', 169 FROM generate_series(1, 4) g;
INSERT INTO treg.episode VALUES
	(1, 1, 1, NULL, '2025-01-01', '2025-03-31', 'transferred', 'alcohol'),
	(2, 1, 2, NULL, '2025-04-01', '2025-05-31', 'transferred', 'alcohol'),
	(3, 1, 3, NULL, '2025-06-01', '2025-09-30', 'completed', 'alcohol'),
	(4, 2, 3, NULL, '2024-01-01', '2025-01-31', 'transferred', 'opioid'),
	(5, 2, 4, NULL, '2025-02-01', '2025-02-28', 'completed', 'opioid'),
	(6, 3, 4, NULL, '2025-01-01', '2025-01-10', 'completed', 'alcohol'),
	(7, 3, 3, NULL, '2025-12-22', NULL, NULL, 'alcohol'),
	(8, 4, 4, NULL, '2026-03-01', NULL, NULL, 'alcohol');
INSERT INTO treg.segment VALUES
	-- 1: 90 + 61 days at the two spellings of Albertslund (one provider), 122 at the own
	(1, 1, 1, 'ambulant', '2025-01-01', '2025-03-31', NULL, false),
	(2, 2, 1, 'ambulant', '2025-04-01', '2025-05-31', NULL, false),
	(3, 3, 1, 'ambulant', '2025-06-01', '2025-09-30', NULL, false),
	-- 2: 31 days in 2025 at the own (its days in 2024 do not count), 28 at Fyn
	(4, 4, 2, 'ambulant', '2024-01-01', '2025-01-31', NULL, true),
	(5, 5, 2, 'ambulant', '2025-02-01', '2025-02-28', NULL, true),
	-- 3: 10 days at each: the smaller name key
	(6, 6, 3, 'ambulant', '2025-01-01', '2025-01-10', NULL, false),
	(7, 7, 3, 'døgn', '2025-12-22', NULL, NULL, false),
	-- 4: only in 2026
	(8, 8, 4, 'ambulant', '2026-03-01', NULL, NULL, false);
SELECT * FROM treg.provider_keys() ORDER BY 1;
SELECT * FROM treg.provider_persons('2025-01-01', '2025-12-31', '2026-04-08') ORDER BY 1;
SELECT * FROM treg.provider_persons('2026-01-01', '2026-12-31', '2026-04-08') ORDER BY 1;
ROLLBACK TO SAVEPOINT tiny;

-- leave the database as it was
ROLLBACK;
