/* Committee report: outcomes of episodes by provider group and substance group. */

/*
 * Per episode enrolled in [from_date, to_date] (and not after as_of): its
 * provider group (internal = in-house, partner, external = purchased),
 * substance group, duration and event as in treg.episode_durations (any
 * discharge on or before as_of is an event; open episodes censored at
 * as_of), whether it ended completed or dropped out on or before as_of,
 * and its cost from the tariffs over all its segment days up to as_of.
 * Person-level: not for analysts.
 */
CREATE FUNCTION treg.outcome_episodes(from_date date, to_date date, as_of date)
	RETURNS TABLE (episode_id bigint, person_id bigint, provider_group text, substance_group text,
				   days integer, event boolean, completed boolean, dropped_out boolean, cost numeric)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH d AS (
		SELECT x.*
		FROM treg.episode_durations(outcome_episodes.from_date, outcome_episodes.to_date,
									'any_discharge', outcome_episodes.as_of) x
	), cost AS (
		SELECT s.episode_id,
			   sum(t.price_per_day * treg.days_in_period(s.start_date, s.end_date, t.valid_from,
														 coalesce(t.valid_to, 'infinity'),
														 outcome_episodes.as_of)) AS cost
		FROM d
		JOIN treg.segment s ON s.episode_id = d.episode_id
		JOIN treg.tariff t ON t.provider_id = d.provider_id AND t.intensity = s.intensity
			AND treg.overlaps_period(s.start_date, s.end_date, t.valid_from, coalesce(t.valid_to, 'infinity'),
									 outcome_episodes.as_of)
			AND t.valid_from <= outcome_episodes.as_of
		GROUP BY s.episode_id
	)
	SELECT d.episode_id, d.person_id,
		   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END,
		   d.substance_group, d.days, d.event_happened,
		   d.event_happened AND e.discharge_reason = 'completed',
		   d.event_happened AND e.discharge_reason = 'dropped_out',
		   coalesce(c.cost, 0)
	FROM d
	JOIN treg.episode e ON e.episode_id = d.episode_id
	JOIN treg.provider p ON p.provider_id = d.provider_id
	LEFT JOIN cost c ON c.episode_id = d.episode_id
$fn$;
REVOKE ALL ON FUNCTION treg.outcome_episodes(date, date, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.outcome_episodes(date, date, date) IS 'episodes enrolled in a period with provider group, substance group, duration, event, completed, dropped out and cost up to as_of (person-level: not for analysts)';

/* A range of report years must not run backwards (22023). */
CREATE FUNCTION treg.report_check_outcome_years(from_year integer, to_year integer) RETURNS void
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	AS $fn$
BEGIN
	IF from_year > to_year THEN
		RAISE EXCEPTION 'from_year must not be after to_year'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('The years were %s to %s.', from_year, to_year),
				  HINT = 'Give the first and the last year of enrolment, e.g. 2021 and 2025.';
	END IF;
END
$fn$;
COMMENT ON FUNCTION treg.report_check_outcome_years(integer, integer) IS 'a range of report years for report_outcomes: from_year not after to_year (22023 otherwise)';

/*
 * Outcomes of the episodes enrolled from from_year to to_year (as of the
 * as-of date) by provider group and substance group, with totals as cells
 * of their own.  Per cell (the distinct persons of its episodes):
 *   persons            noisy count (stream 1);
 *   episodes           noisy count of the episodes (stream 2);
 *   completed_share    noisy completed (stream 7) / noisy episodes;
 *   dropped_out_share  noisy dropped out (stream 8) / noisy episodes
 *                      (both at most 1; NULL and suppressed when the
 *                      numerator is suppressed);
 *   median_days        Kaplan-Meier median duration (event: any
 *                      discharge), plus a deviate (stream 9) times 0.1 of
 *                      it, rounded to whole weeks; only where persons is
 *                      at least k and there are at least k discharges;
 *                      NULL and not suppressed when the curve never falls
 *                      to one half;
 *   cost_per_person    the cost of the episodes up to the as-of date (a
 *                      sum by treg.noisy_sum, stream 10) / noisy persons;
 *   cost_per_completed the same cost / noisy completed episodes.
 * Secondary figures are published only where the persons figure is (0
 * where it is 0).
 */
CREATE FUNCTION treg.report_outcomes(from_year integer, to_year integer)
	RETURNS TABLE (from_year integer, to_year integer, provider_group text, provider_group_da text,
				   provider_group_order integer, substance_group text, substance_group_da text,
				   substance_group_order integer, is_total boolean, persons bigint,
				   persons_suppressed boolean, episodes bigint, episodes_suppressed boolean,
				   completed_share numeric, completed_share_suppressed boolean,
				   dropped_out_share numeric, dropped_out_share_suppressed boolean,
				   median_days integer, median_days_suppressed boolean, cost_per_person numeric,
				   cost_per_person_suppressed boolean, cost_per_completed numeric,
				   cost_per_completed_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_outcomes.from_year, x.as_of) AS y0,
			   treg.report_check_year(report_outcomes.to_year, x.as_of) AS y1,
			   treg.report_check_outcome_years(report_outcomes.from_year, report_outcomes.to_year) AS checked
		FROM treg.report_context() x
	), oe AS MATERIALIZED (
		SELECT o.*
		FROM ctx, treg.outcome_episodes(make_date(ctx.y0, 1, 1), make_date(ctx.y1, 12, 31), ctx.as_of) o
	), pp AS (
		/* per cell and person: the person's cost */
		SELECT grouping(o.provider_group, o.substance_group) AS g, o.provider_group, o.substance_group,
			   o.person_id, sum(o.cost) AS cost
		FROM oe o
		GROUP BY GROUPING SETS ((o.provider_group, o.substance_group, o.person_id),
								(o.provider_group, o.person_id), (o.substance_group, o.person_id),
								(o.person_id))
	), costs AS (
		SELECT r.g, r.provider_group, r.substance_group, sum(r.cost) AS cost, max(r.cost) AS cost_max,
			   sum(r.cost) FILTER (WHERE r.rn <= 2) AS cost_top2
		FROM (SELECT pp.*, row_number() OVER (PARTITION BY pp.g, pp.provider_group, pp.substance_group
											  ORDER BY pp.cost DESC) AS rn
			  FROM pp) r
		GROUP BY r.g, r.provider_group, r.substance_group
	), cells AS (
		SELECT grouping(o.provider_group, o.substance_group) AS g, o.provider_group, o.substance_group,
			   treg.cell_agg(o.person_id, ctx.secret) AS c, count(*) AS episodes,
			   count(*) FILTER (WHERE o.completed) AS completed,
			   count(*) FILTER (WHERE o.dropped_out) AS dropped_out,
			   count(*) FILTER (WHERE o.event) AS events,
			   treg.km_median(treg.retention_agg(o.days, o.event)) AS median
		FROM ctx, oe o
		GROUP BY GROUPING SETS ((o.provider_group, o.substance_group), (o.provider_group),
								(o.substance_group), ()), ctx.secret
	), grid AS (
		SELECT p.code AS provider_group, s.code AS substance_group
		FROM (SELECT code FROM treg.report_label WHERE domain = 'provider_group' AND code <> 'none'
			  UNION ALL SELECT NULL) p,
			 (SELECT code FROM treg.report_label WHERE domain = 'substance_group' UNION ALL SELECT NULL) s
	), published AS (
		SELECT g.*, c.events, c.median, k.cost, k.cost_max, k.cost_top2,
			   coalesce((c.c).persons, 0) AS n, coalesce((c.c).cell_key, 0) AS cell_key,
			   treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0), 1,
								ctx.noise_sd, ctx.k) AS persons,
			   treg.noisy_count(coalesce(c.episodes, 0), coalesce((c.c).cell_key, 0), 2,
								ctx.noise_sd, ctx.k) AS episodes,
			   treg.noisy_count(coalesce(c.completed, 0), coalesce((c.c).cell_key, 0), 7,
								ctx.noise_sd, ctx.k) AS completed,
			   treg.noisy_count(coalesce(c.dropped_out, 0), coalesce((c.c).cell_key, 0), 8,
								ctx.noise_sd, ctx.k) AS dropped_out
		FROM ctx CROSS JOIN grid g
		LEFT JOIN cells c ON c.provider_group IS NOT DISTINCT FROM g.provider_group
			AND c.substance_group IS NOT DISTINCT FROM g.substance_group
			AND c.g = (g.provider_group IS NULL)::int * 2 + (g.substance_group IS NULL)::int
		LEFT JOIN costs k ON k.provider_group IS NOT DISTINCT FROM g.provider_group
			AND k.substance_group IS NOT DISTINCT FROM g.substance_group
			AND k.g = (g.provider_group IS NULL)::int * 2 + (g.substance_group IS NULL)::int
	), figures AS (
		SELECT p.*,
			   CASE WHEN p.persons IS NULL THEN NULL WHEN p.persons = 0 THEN 0 ELSE p.episodes END AS eps,
			   CASE WHEN p.persons IS NULL THEN NULL WHEN p.persons = 0 THEN 0
					ELSE treg.noisy_sum(coalesce(p.cost, 0), coalesce(p.cost_max, 0), coalesce(p.cost_top2, 0),
										coalesce(p.cost, 0), p.cell_key, p.n, 10) END AS noisy_cost,
			   CASE WHEN p.persons >= ctx.k AND p.events >= ctx.k AND p.median IS NOT NULL
					THEN treg.durations_quartile(p.median, p.cell_key, p.n, 8)::integer
					END AS median_days,
			   p.persons >= ctx.k AND p.events >= ctx.k AS median_ok
		FROM ctx, published p
	)
	SELECT ctx.y0, ctx.y1, coalesce(f.provider_group, 'total'), treg.label_da('provider_group', f.provider_group),
		   treg.label_order('provider_group', f.provider_group),
		   coalesce(f.substance_group, 'total'), treg.label_da('substance_group', f.substance_group),
		   treg.label_order('substance_group', f.substance_group),
		   f.provider_group IS NULL OR f.substance_group IS NULL,
		   f.persons, f.persons IS NULL, f.eps, f.eps IS NULL,
		   sh.completed_share, sh.completed_share IS NULL AND NOT sh.empty,
		   sh.dropped_out_share, sh.dropped_out_share IS NULL AND NOT sh.empty,
		   f.median_days, NOT f.median_ok OR f.median_ok IS NULL,
		   sh.cost_per_person, sh.cost_per_person IS NULL AND NOT sh.empty,
		   sh.cost_per_completed, sh.cost_per_completed IS NULL AND NOT sh.no_completed
	FROM ctx CROSS JOIN figures f
	CROSS JOIN LATERAL (
		/* at most 1 (least() would turn a NULL into 1) */
		SELECT round(CASE WHEN x.completed > 1 THEN 1 ELSE x.completed END, 3) AS completed_share,
			   round(CASE WHEN x.dropped_out > 1 THEN 1 ELSE x.dropped_out END, 3) AS dropped_out_share,
			   round(f.noisy_cost / nullif(f.persons, 0)) AS cost_per_person,
			   round(f.noisy_cost / nullif(f.completed, 0)) AS cost_per_completed,
			   coalesce(f.persons = 0 OR f.eps = 0, false) AS empty,
			   coalesce(f.persons = 0 OR f.completed = 0, false) AS no_completed
		FROM (SELECT f.completed::numeric / nullif(f.eps, 0) AS completed,
					 f.dropped_out::numeric / nullif(f.eps, 0) AS dropped_out) x
	) sh
	ORDER BY treg.label_order('provider_group', f.provider_group),
			 treg.label_order('substance_group', f.substance_group)
$fn$;
COMMENT ON FUNCTION treg.report_outcomes(integer, integer) IS 'outcomes of episodes enrolled in a range of years by provider group and substance group: episodes, completed and dropped-out shares, Kaplan-Meier median duration, cost per person and per completed episode, perturbed';

CREATE VIEW treg.report_outcomes AS
SELECT r.from_year, r.to_year, r.provider_group::varchar(20) AS provider_group,
	   r.provider_group_da::varchar(40) AS provider_group_da, r.provider_group_order,
	   r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da, r.substance_group_order, r.is_total,
	   r.persons, r.persons_suppressed, r.episodes, r.episodes_suppressed,
	   r.completed_share::numeric(5, 3) AS completed_share, r.completed_share_suppressed,
	   r.dropped_out_share::numeric(5, 3) AS dropped_out_share, r.dropped_out_share_suppressed,
	   r.median_days, r.median_days_suppressed,
	   r.cost_per_person::numeric(14, 0) AS cost_per_person, r.cost_per_person_suppressed,
	   r.cost_per_completed::numeric(14, 0) AS cost_per_completed, r.cost_per_completed_suppressed
FROM treg.report_settings() c, treg.report_outcomes(c.report_year - 4, c.report_year) r;
COMMENT ON VIEW treg.report_outcomes IS 'Resultater af forløb indskrevet i de fem år til opgørelsesåret efter leverandørgruppe og rusmiddel / outcomes of episodes enrolled in the five years up to the report year by provider group and substance group (perturbed)';
SELECT treg.document_columns('treg.report_outcomes', $$
from_year | Første indskrivningsår | First year of enrolment
to_year | Sidste indskrivningsår | Last year of enrolment
provider_group | Leverandørgruppe (kode: internal = egne, partner, external = købte, total) | Provider group (code: internal = in-house, partner, external = purchased, total)
provider_group_da | Leverandørgruppe | Provider group (Danish label)
provider_group_order | Sortering af leverandørgruppe | Sort order of the provider group
substance_group | Rusmiddel (kode: alcohol, non_opioid, opioid, total) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
substance_group_order | Sortering af rusmiddel | Sort order of the substance group
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Borgere (med støj; NULL når diskretioneret) | Persons (perturbed; NULL when suppressed)
persons_suppressed | Sand når antallet af borgere er skjult | True when the persons figure is suppressed
episodes | Forløb (med støj) | Episodes (perturbed)
episodes_suppressed | Sand når antallet af forløb er skjult | True when the episodes figure is suppressed
completed_share | Andel afsluttet som planlagt (af forløb) | Share of episodes completed
completed_share_suppressed | Sand når andelen er skjult | True when the share is suppressed
dropped_out_share | Andel afbrudt (udeblevet) | Share of episodes dropped out
dropped_out_share_suppressed | Sand når andelen er skjult | True when the share is suppressed
median_days | Median varighed i dage (Kaplan-Meier, hele uger, med støj) | Median duration in days (Kaplan-Meier, whole weeks, perturbed)
median_days_suppressed | Sand når medianen er skjult (under k borgere eller udskrivninger; NULL og falsk: medianen er ikke nået) | True when the median is suppressed (fewer than k persons or discharges; NULL and false: the median is not reached)
cost_per_person | Udgift pr. borger i kr. (takst, til opgørelsesdagen) | Cost per person in DKK (tariffs, up to the as-of date)
cost_per_person_suppressed | Sand når udgiften pr. borger er skjult | True when the cost per person is suppressed
cost_per_completed | Udgift pr. afsluttet forløb i kr. | Cost per completed episode in DKK
cost_per_completed_suppressed | Sand når udgiften pr. afsluttet forløb er skjult | True when the cost per completed episode is suppressed
$$);

INSERT INTO treg.report_info VALUES
	('report_outcomes', 'Resultater af forløb efter leverandørgruppe', 'Outcomes of episodes by provider group', 'Indskrevet {year} og de fire år før, pr. {as_of}', 84);
