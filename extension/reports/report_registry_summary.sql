/* Committee report: rows per registry table. */

/*
 * The number of rows in each registry table (every row, whatever its
 * dates).  The rows of a table about persons (person, request, episode,
 * segment) are a figure about the persons who have a row there: perturbed
 * with the cell key of those persons (stream 10 + the table's number:
 * person 11, request 13, episode 14, segment 15) and published only where
 * the number of those persons (stream 1, not shown) is published: NULL
 * where it is suppressed, 0 where it is 0.  provider and tariff are not
 * about persons: exact counts.
 */
CREATE FUNCTION treg.report_registry_summary()
	RETURNS TABLE (table_name text, table_name_da text, table_order integer, is_total boolean,
				   perturbed boolean, row_count bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT * FROM treg.report_context()
	), counts AS (
		SELECT 'person'::text AS table_name, 1 AS table_number, count(*) AS n,
			   treg.cell_agg(x.person_id, ctx.secret) AS c
		FROM ctx CROSS JOIN treg.person x
		UNION ALL
		SELECT 'provider', 2, count(*), NULL FROM treg.provider
		UNION ALL
		SELECT 'request', 3, count(*), treg.cell_agg(x.person_id, ctx.secret)
		FROM ctx CROSS JOIN treg.request x
		UNION ALL
		SELECT 'episode', 4, count(*), treg.cell_agg(x.person_id, ctx.secret)
		FROM ctx CROSS JOIN treg.episode x
		UNION ALL
		SELECT 'segment', 5, count(*), treg.cell_agg(x.person_id, ctx.secret)
		FROM ctx CROSS JOIN treg.segment x
		UNION ALL
		SELECT 'tariff', 6, count(*), NULL FROM treg.tariff
	)
	SELECT t.table_name, treg.label_da('registry_table', t.table_name),
		   treg.label_order('registry_table', t.table_name), false, t.about_persons,
		   v.row_count, v.row_count IS NULL
	FROM ctx CROSS JOIN (SELECT x.*, x.table_name NOT IN ('provider', 'tariff') AS about_persons
						 FROM counts x) t
	CROSS JOIN LATERAL (
		SELECT CASE WHEN NOT t.about_persons THEN t.n
					WHEN pp.persons = 0 THEN 0
					WHEN pp.persons IS NOT NULL
					THEN treg.noisy_count(t.n, coalesce((t.c).cell_key, 0), 10 + t.table_number,
										  ctx.noise_sd, ctx.k) END AS row_count
		FROM (SELECT treg.noisy_count(coalesce((t.c).persons, 0), coalesce((t.c).cell_key, 0), 1,
									  ctx.noise_sd, ctx.k) AS persons) pp) v
	ORDER BY treg.label_order('registry_table', t.table_name)
$fn$;
COMMENT ON FUNCTION treg.report_registry_summary() IS 'rows in each registry table: perturbed on the persons with a row for the tables about persons, exact for provider and tariff';

CREATE VIEW treg.report_registry_summary AS
SELECT r.table_name::varchar(20) AS table_name, r.table_name_da::varchar(40) AS table_name_da,
	   r.table_order, r.is_total, r.perturbed, r.row_count, r.suppressed
FROM treg.report_registry_summary() r;
COMMENT ON VIEW treg.report_registry_summary IS 'Antal rækker i hver registertabel / rows in each registry table (perturbed for the tables about persons, exact for providers and tariffs)';
SELECT treg.document_columns('treg.report_registry_summary', $$
table_name | Tabel (kode: person, provider, request, episode, segment, tariff) | Registry table (code)
table_name_da | Tabel | Registry table (Danish label)
table_order | Sortering af tabeller | Sort order of the tables
is_total | Altid falsk: tabellen har ingen totalrække | Always false: the table has no total row
perturbed | Sand når antallet har støj (tabeller om borgere); falsk når det er eksakt (leverandører, takster) | True when the count is perturbed (tables about persons); false when it is exact (providers, tariffs)
row_count | Antal rækker (med støj for tabeller om borgere; NULL når diskretioneret) | Rows (perturbed for tables about persons; NULL when suppressed)
suppressed | Sand når tallet er skjult | True when the figure is suppressed
$$);

INSERT INTO treg.report_info VALUES
	('report_registry_summary', 'Registerets omfang', 'Size of the registry', 'Alle rækker i registeret', 90);
