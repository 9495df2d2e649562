/* Committee report: rows per registry table. */

CREATE VIEW treg.report_registry_summary AS
SELECT t.table_name, t.row_count
FROM (
	SELECT 1 AS ord, 'person'::text AS table_name, count(*) AS row_count FROM treg.person
	UNION ALL SELECT 2, 'provider', count(*) FROM treg.provider
	UNION ALL SELECT 3, 'request', count(*) FROM treg.request
	UNION ALL SELECT 4, 'episode', count(*) FROM treg.episode
	UNION ALL SELECT 5, 'segment', count(*) FROM treg.segment
	UNION ALL SELECT 6, 'tariff', count(*) FROM treg.tariff
) t
ORDER BY t.ord;
COMMENT ON VIEW treg.report_registry_summary IS 'number of rows in each registry table (no person-level data)';
