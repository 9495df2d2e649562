/* Committee report: providers used. */

/*
 * Persons in treatment in a calendar year (up to as_of) per provider.
 * Providers are matched by treg.name_key(name), so two spellings of one
 * provider are one row.  Each person is counted once, at the provider
 * where they spent most days in the year (ties: the smaller name key).
 * The name shown is that of the provider with the smallest id.
 * Rows are grouped internal/external with subtotals; share is of all
 * persons; providers_used counts the providers with at least one person
 * (the same on every row).
 */
CREATE FUNCTION treg.report_providers(year integer, as_of date)
	RETURNS TABLE (provider_group text, provider text, partner boolean, persons bigint,
				   share numeric, providers_used bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH bounds AS (
		SELECT make_date($1, 1, 1) AS y0, least(make_date($1, 12, 31), $2) AS y1
	), prov AS (
		SELECT treg.name_key(p.name) AS key, (array_agg(p.name ORDER BY p.provider_id))[1] AS name,
			   bool_or(p.partner) AS partner,
			   bool_or(p.internal) AS internal
		FROM treg.provider p GROUP BY treg.name_key(p.name)
	), pmap AS (
		SELECT p.provider_id, treg.name_key(p.name) AS key FROM treg.provider p
	), days AS (
		SELECT s.person_id, pm.key,
			   sum(least(coalesce(s.end_date, b.y1), b.y1) - greatest(s.start_date, b.y0) + 1) AS days
		FROM treg.segment s CROSS JOIN bounds b
		JOIN treg.episode e ON e.episode_id = s.episode_id
		JOIN pmap pm ON pm.provider_id = e.provider_id
		WHERE s.start_date <= b.y1 AND (s.end_date IS NULL OR s.end_date >= b.y0)
		GROUP BY s.person_id, pm.key
	), main AS (
		SELECT DISTINCT ON (d.person_id) d.person_id, d.key
		FROM days d ORDER BY d.person_id, d.days DESC, d.key
	), cells AS (
		SELECT CASE WHEN pr.internal THEN 'internal' ELSE 'external' END AS grp,
			   pr.key, count(*) AS persons
		FROM main m JOIN prov pr ON pr.key = m.key
		GROUP BY ROLLUP (CASE WHEN pr.internal THEN 'internal' ELSE 'external' END, pr.key)
	), pub AS (
		SELECT p.* FROM (SELECT array_agg(grp) g, array_agg(key) r, array_agg(persons) n FROM cells) a,
			 treg.publish_counts(a.g, a.r, array_fill(NULL::text, ARRAY[cardinality(a.r)]), a.n) p
	), total AS (
		SELECT value FROM pub WHERE row_group IS NULL AND row_key IS NULL
	)
	SELECT p.row_group, coalesce(pr.name, CASE WHEN p.row_group IS NULL THEN 'total' ELSE 'subtotal' END),
		   pr.partner, p.value,
		   round(p.value::numeric / nullif((SELECT value FROM total), 0), 3),
		   (SELECT count(DISTINCT key) FROM main),
		   p.reason
	FROM pub p LEFT JOIN prov pr ON pr.key = p.row_key
	ORDER BY p.row_group NULLS LAST, p.row_key IS NULL, p.value DESC NULLS LAST, pr.name
$fn$;
COMMENT ON FUNCTION treg.report_providers(integer, date) IS 'persons per provider in a year (matched by name key), internal/external subtotals, partner flag, shares and number of providers used, suppressed';

CREATE VIEW treg.report_providers AS
SELECT r.* FROM treg.report_settings() c, treg.report_providers(c.report_year, c.report_date) r;
COMMENT ON VIEW treg.report_providers IS 'providers in the configured report year';
