-- report_registry_summary: rows per registry table, perturbed on the persons
-- with a row for the tables about persons, exact for providers and tariffs.
\i sql/include/report_setup_plain.psql

-- (a) the view
SELECT * FROM report_registry_summary;

-- (b) exact counts from the raw tables
CREATE TEMP TABLE summary_exact AS
SELECT 'person' AS table_name, count(*) AS row_count, count(DISTINCT person_id) AS persons FROM person
UNION ALL SELECT 'provider', count(*), NULL FROM provider
UNION ALL SELECT 'request', count(*), count(DISTINCT person_id) FROM request
UNION ALL SELECT 'episode', count(*), count(DISTINCT person_id) FROM episode
UNION ALL SELECT 'segment', count(*), count(DISTINCT person_id) FROM segment
UNION ALL SELECT 'tariff', count(*), NULL FROM tariff;
SELECT r.table_name, r.perturbed, r.row_count = x.row_count AS exact,
	   pg_temp.plausible(r.row_count, r.suppressed, x.row_count) AS plausible
FROM report_registry_summary r JOIN summary_exact x ON x.table_name = r.table_name
ORDER BY r.table_order;
-- the tables not about persons are exact
SELECT count(*) AS exact_tables_differing
FROM report_registry_summary r JOIN summary_exact x ON x.table_name = r.table_name
WHERE NOT r.perturbed AND r.row_count IS DISTINCT FROM x.row_count;

-- tiny tables: the 40 requests of 2 persons follow the persons figure of
-- those 2 persons (suppressed, or 0 as here, never 40 or near it); an empty
-- table publishes 0; providers and tariffs stay exact however few
BEGIN;
TRUNCATE segment, episode, request, tariff, capacity, provider, person;
INSERT INTO provider VALUES (1, 'A', 'a', true, false);
INSERT INTO tariff VALUES (1, 1, 'ambulant', '2024-01-01', NULL, 300);
INSERT INTO person VALUES (1, false, '1990-01-01', 'male', 169), (2, false, '1990-01-01', 'female', 169);
INSERT INTO request (request_id, person_id, request_date, track, legal_basis)
SELECT i, 1 + i % 2, DATE '2025-01-01' + i, 'alcohol', 'SEL101' FROM generate_series(1, 40) i;
SELECT table_name, perturbed, row_count, suppressed FROM report_registry_summary;
SELECT count(*) AS rows_published_beside_a_small_persons_figure FROM report_registry_summary
WHERE table_name IN ('person', 'request') AND row_count > 0;
ROLLBACK;

-- (c) no parameters; an unconfigured registry is an error (55000), not a guess
BEGIN;
TRUNCATE report_config;
SELECT pg_temp.sqlstate_of('SELECT * FROM report_registry_summary');
ROLLBACK;

-- (d) asking again gives the same answer; the view is the function
CREATE TEMP TABLE summary_first AS SELECT * FROM report_registry_summary();
SELECT count(*) AS differing_rows
FROM (SELECT * FROM summary_first EXCEPT SELECT * FROM report_registry_summary()) d;
SELECT count(*) AS differing_rows
FROM (SELECT table_name::text, table_name_da::text, table_order, is_total, perturbed, row_count,
			 suppressed FROM report_registry_summary
	  EXCEPT SELECT * FROM summary_first) d;

-- (e) BI column types of the view
SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'report_registry_summary'
ORDER BY ordinal_position;
SELECT count(*) AS undocumented_columns
FROM information_schema.columns c
WHERE c.table_schema = 'treg' AND c.table_name = 'report_registry_summary'
  AND col_description('treg.report_registry_summary'::regclass, c.ordinal_position) IS NULL;
SELECT view_name, title_da, period_da FROM report_info WHERE view_name = 'report_registry_summary';

-- the analyst reads the view and calls the function
SET ROLE treg_analyst;
SELECT count(*) FROM treg.report_registry_summary;
SELECT count(*) FROM treg.report_registry_summary();
RESET ROLE;

-- the old view of persons by provider is gone (report_providers replaces it)
SELECT to_regclass('treg.report_persons_by_provider') AS report_persons_by_provider;

TRUNCATE segment, episode, request, tariff, capacity, provider, person, report_config, report_secret;
