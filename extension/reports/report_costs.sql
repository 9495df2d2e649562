/* Committee report: costs from tariffs. */

/*
 * Cost in a year by intensity and internal/external provider, with totals:
 * persons, days, unpriced days (no tariff) and cost in DKK.  A cost cell
 * is published when its persons cell is and the dominance rule of
 * treg.anon_sum holds; the suppression pattern comes from the table of
 * persons (a cell failing the dominance rule is suppressed as primary).
 * Persons are counted once per cell; totals are sums of the cells.
 */
CREATE FUNCTION treg.report_costs(year integer, as_of date)
	RETURNS TABLE (intensity text, provider_group text, persons bigint, days bigint,
				   unpriced_days bigint, cost numeric, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH c AS (
		SELECT sc.person_id, sc.intensity::text AS intensity,
			   CASE WHEN p.internal THEN 'internal' ELSE 'external' END AS grp,
			   sc.days, sc.priced_days, sc.cost
		FROM treg.cost_pieces($1, $2) sc JOIN treg.provider p ON p.provider_id = sc.provider_id
	), leaf AS (
		SELECT c.intensity, c.grp, count(DISTINCT c.person_id) AS persons,
			   sum(c.days) AS days, sum(c.days) - sum(c.priced_days) AS unpriced, sum(c.cost) AS cost,
			   treg.anon_sum(c.person_id, c.cost::float8) IS NULL AS dominated
		FROM c GROUP BY c.intensity, c.grp
	), cells AS (
		SELECT l.intensity, l.grp,
			   sum(CASE WHEN l.dominated THEN 1 ELSE l.persons END)::bigint AS pattern_n,
			   sum(l.persons)::bigint AS persons, sum(l.days)::bigint AS days,
			   sum(l.unpriced)::bigint AS unpriced, sum(l.cost) AS cost
		FROM leaf l GROUP BY CUBE (l.intensity, l.grp)
	), pub AS (
		SELECT p.* FROM (SELECT array_agg(intensity) r, array_agg(grp) k, array_agg(pattern_n) n FROM cells) a,
			 treg.publish_counts(NULL, a.r, a.k, a.n) p
	)
	SELECT p.row_key, p.col_key,
		   CASE WHEN p.value IS NOT NULL THEN c.persons END,
		   CASE WHEN p.value IS NOT NULL THEN c.days END,
		   CASE WHEN p.value IS NOT NULL THEN c.unpriced END,
		   CASE WHEN p.value IS NOT NULL THEN round(c.cost) END,
		   p.reason
	FROM pub p JOIN cells c ON c.intensity IS NOT DISTINCT FROM p.row_key
						   AND c.grp IS NOT DISTINCT FROM p.col_key
	ORDER BY p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_costs(integer, date) IS 'cost in a year from tariffs by intensity and internal/external provider, with persons and days, suppressed';

CREATE VIEW treg.report_costs AS
SELECT r.* FROM treg.report_settings() c, treg.report_costs(c.report_year, c.report_date) r;
COMMENT ON VIEW treg.report_costs IS 'costs in the configured report year';
