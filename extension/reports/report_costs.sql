/* Committee report: costs from tariffs. */

/*
 * Cost in a year (up to the as-of date) by intensity and provider group
 * (internal, partner, external), with totals.  A person is counted in
 * every cell they have segment days in (treg.cost_pieces); totals are
 * cells of their own (their own distinct persons).  Per cell:
 *   persons        distinct persons, noisy count (stream 1);
 *   days           segment days in the year, a sum (stream 4);
 *   unpriced_days  days without a tariff of the provider and intensity,
 *                  a sum (stream 11);
 *   cost           tariff-priced cost in DKK, a sum (stream 10).
 * The sums are perturbed by treg.noisy_sum (half the largest person's
 * contribution times a sticky deviate) and published only where the
 * persons figure is published and the (2, 85 %) dominance rule holds; where
 * the persons figure is published as 0 they are 0, so that no sum shows
 * that a cell published as empty has persons.
 */
CREATE FUNCTION treg.report_costs(year integer)
	RETURNS TABLE (year integer, intensity text, intensity_da text, intensity_order integer,
				   provider_group text, provider_group_da text, provider_group_order integer,
				   is_total boolean, persons bigint, persons_suppressed boolean,
				   days bigint, days_suppressed boolean, unpriced_days bigint,
				   unpriced_days_suppressed boolean, cost numeric, cost_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_costs.year, x.as_of) AS y
		FROM treg.report_context() x
	), pieces AS (
		SELECT cp.person_id, cp.intensity::text AS intensity,
			   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal'
					ELSE 'external' END AS provider_group,
			   cp.days, cp.priced_days, cp.cost
		FROM ctx, treg.cost_pieces(ctx.y, ctx.as_of) cp
		JOIN treg.provider p ON p.provider_id = cp.provider_id
	), pp AS (
		/* per cell and person: the person's contribution to each sum */
		SELECT grouping(x.intensity, x.provider_group) AS g, x.intensity, x.provider_group,
			   x.person_id, sum(x.days) AS days, sum(x.days) - sum(x.priced_days) AS unpriced,
			   sum(x.cost) AS cost
		FROM pieces x
		GROUP BY GROUPING SETS ((x.intensity, x.provider_group, x.person_id),
								(x.intensity, x.person_id), (x.provider_group, x.person_id),
								(x.person_id))
	), ranked AS (
		SELECT pp.*,
			   row_number() OVER (PARTITION BY pp.g, pp.intensity, pp.provider_group ORDER BY pp.days DESC) AS rn_days,
			   row_number() OVER (PARTITION BY pp.g, pp.intensity, pp.provider_group ORDER BY pp.unpriced DESC) AS rn_unpriced,
			   row_number() OVER (PARTITION BY pp.g, pp.intensity, pp.provider_group ORDER BY pp.cost DESC) AS rn_cost
		FROM pp
	), cells AS (
		SELECT r.intensity, r.provider_group, treg.cell_agg(r.person_id, ctx.secret) AS c,
			   sum(r.days) AS days, max(r.days) AS days_max,
			   sum(r.days) FILTER (WHERE r.rn_days <= 2) AS days_top2,
			   sum(r.unpriced) AS unpriced, max(r.unpriced) AS unpriced_max,
			   sum(r.unpriced) FILTER (WHERE r.rn_unpriced <= 2) AS unpriced_top2,
			   sum(r.cost) AS cost, max(r.cost) AS cost_max,
			   sum(r.cost) FILTER (WHERE r.rn_cost <= 2) AS cost_top2
		FROM ctx, ranked r
		GROUP BY r.g, r.intensity, r.provider_group, ctx.secret
	), grid AS (
		/* every cell of the published table, empty ones included */
		SELECT i.code AS intensity, g.code AS provider_group
		FROM (SELECT code FROM treg.report_label WHERE domain = 'intensity' AND code <> 'unknown'
			  UNION ALL SELECT NULL) i,
			 (SELECT code FROM treg.report_label WHERE domain = 'provider_group' AND code <> 'none'
			  UNION ALL SELECT NULL) g
	)
	SELECT ctx.y, coalesce(g.intensity, 'total'), treg.label_da('intensity', g.intensity),
		   treg.label_order('intensity', g.intensity),
		   coalesce(g.provider_group, 'total'), treg.label_da('provider_group', g.provider_group),
		   treg.label_order('provider_group', g.provider_group),
		   g.intensity IS NULL OR g.provider_group IS NULL,
		   v.persons, v.persons IS NULL, s.days, s.days IS NULL, s.unpriced, s.unpriced IS NULL,
		   s.cost, s.cost IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.intensity IS NOT DISTINCT FROM g.intensity
		AND c.provider_group IS NOT DISTINCT FROM g.provider_group
	CROSS JOIN LATERAL (SELECT coalesce((c.c).persons, 0) AS n, coalesce((c.c).cell_key, 0) AS cell_key,
							   treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	CROSS JOIN LATERAL (
		SELECT CASE WHEN v.persons = 0 THEN 0 WHEN v.persons > 0
					THEN treg.noisy_sum(coalesce(c.days, 0), coalesce(c.days_max, 0), coalesce(c.days_top2, 0),
										coalesce(c.days, 0), v.cell_key, v.n, 4)::bigint END AS days,
			   CASE WHEN v.persons = 0 THEN 0 WHEN v.persons > 0
					THEN treg.noisy_sum(coalesce(c.unpriced, 0), coalesce(c.unpriced_max, 0),
										coalesce(c.unpriced_top2, 0), coalesce(c.unpriced, 0),
										v.cell_key, v.n, 11)::bigint END AS unpriced,
			   CASE WHEN v.persons = 0 THEN 0 WHEN v.persons > 0
					THEN treg.noisy_sum(coalesce(c.cost, 0), coalesce(c.cost_max, 0), coalesce(c.cost_top2, 0),
										coalesce(c.cost, 0), v.cell_key, v.n, 10) END AS cost
	) s
	ORDER BY treg.label_order('intensity', g.intensity), treg.label_order('provider_group', g.provider_group)
$fn$;
COMMENT ON FUNCTION treg.report_costs(integer) IS 'cost in a year from tariffs by intensity and provider group (internal, partner, external) with totals: persons, days, unpriced days and cost, perturbed';

CREATE VIEW treg.report_costs AS
SELECT r.year, r.intensity::varchar(20) AS intensity, r.intensity_da::varchar(40) AS intensity_da,
	   r.intensity_order, r.provider_group::varchar(20) AS provider_group,
	   r.provider_group_da::varchar(40) AS provider_group_da, r.provider_group_order, r.is_total,
	   r.persons, r.persons_suppressed, r.days::integer AS days, r.days_suppressed,
	   r.unpriced_days::integer AS unpriced_days, r.unpriced_days_suppressed,
	   r.cost::numeric(14, 0) AS cost, r.cost_suppressed
FROM treg.report_settings() c, treg.report_costs(c.report_year) r;
COMMENT ON VIEW treg.report_costs IS 'Udgifter efter takst i året efter indsats og leverandørgruppe / cost from tariffs in the report year by intensity and provider group (perturbed)';
SELECT treg.document_columns('treg.report_costs', $$
year | Opgørelsesår | Report year
intensity | Indsats (kode: ambulant, dag, døgn, total) | Intensity (code: ambulant, dag, døgn, total)
intensity_da | Indsats | Intensity (Danish label)
intensity_order | Sortering af indsats | Sort order of the intensity
provider_group | Leverandørgruppe (kode: internal, partner, external, total) | Provider group (code: internal, partner, external, total)
provider_group_da | Leverandørgruppe | Provider group (Danish label)
provider_group_order | Sortering af leverandørgruppe | Sort order of the provider group
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Borgere med dage i cellen (med støj; NULL når diskretioneret) | Persons with days in the cell (perturbed; NULL when suppressed)
persons_suppressed | Sand når antallet af borgere er skjult (1 til k-1) | True when the persons figure is suppressed (1 to k-1)
days | Dage i behandling i året (med støj) | Days in treatment in the year (perturbed)
days_suppressed | Sand når dagene er skjult (borgere skjult eller dominans) | True when the days are suppressed (persons suppressed or dominance)
unpriced_days | Dage uden takst (med støj) | Days without a tariff (perturbed)
unpriced_days_suppressed | Sand når dagene uden takst er skjult | True when the unpriced days are suppressed
cost | Udgift efter takst i kr. (med støj) | Cost from tariffs in DKK (perturbed)
cost_suppressed | Sand når udgiften er skjult (borgere skjult eller dominans) | True when the cost is suppressed (persons suppressed or dominance)
$$);

INSERT INTO treg.report_info VALUES
	('report_costs', 'Udgifter efter takst', 'Cost from tariffs', 'Året {year} pr. {as_of}', 80);
