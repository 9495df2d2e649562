/* Committee report: Kaplan-Meier duration curves with confidence bands. */

/*
 * Kaplan-Meier curves of the episodes enrolled in the years from_year to
 * to_year (each one of the 15 years up to the as-of date, checked as in
 * report_durations), as of the as-of date, by substance group with a
 * total: the survival (share of episodes not yet ended by any discharge;
 * open episodes censored at the as-of date, treg.duration_episodes) and
 * its 95 % confidence band (log transform, treg.km_curve) on a fixed grid
 * of days from 0 to 1095 (monthly the first year, quarterly the second,
 * half-yearly the third).
 *
 * Protection.  A curve of a small group reveals single discharges: each
 * step is one person's event, and the band's width tells how many were at
 * risk.  So the whole curve of a cell is published only where the cell's
 * noisy persons figure is at least max(k, 20) and at least k distinct
 * persons had a discharge in the cell; else every point is NULL with
 * suppressed true.  The persons figure is that of report_durations for the
 * substance group (persons whose first episode of the period is in the
 * group, noisy_count stream 1): the same persons give the same figure.
 * Each published point i >= 1 of the grid gets sticky noise of the order
 * of one person's step: survival + noise_deviate(cell key, persons,
 * 30 + i) * 0.5 / noisy persons, drawn from the persons behind the cell's
 * episodes (as report_durations' quartiles); day 0 is 1 by definition and
 * carries no noise.  The noisy values are made non-increasing over the
 * grid (running minimum), clamped to [0, 1] and rounded to 2 decimals; the
 * band is shifted by the same amount, clamped and rounded, so that lower
 * <= survival <= upper.  A day after the last observed duration of the
 * cell is NULL with suppressed false (the curve is not defined there),
 * unless the curve has already come down to 0 (as treg.km_survival).
 * Where the survival is 0 the band is [0, 0].
 */
CREATE FUNCTION treg.report_durations_curve(from_year integer, to_year integer)
	RETURNS TABLE (from_year integer, to_year integer, substance_group text,
				   substance_group_da text, substance_group_order integer, is_total boolean,
				   day integer, survival numeric, lower numeric, upper numeric,
				   suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.durations_check_years(report_durations_curve.from_year,
											   report_durations_curve.to_year, x.as_of) AS years,
			   report_durations_curve.from_year AS y0, report_durations_curve.to_year AS y1
		FROM treg.report_context() x
	), d AS MATERIALIZED (
		SELECT e.* FROM ctx, treg.duration_episodes(ctx.y0, ctx.y1, ctx.as_of) e
	), person_cells AS (
		/* the persons figure of report_durations (its substance-group rows) */
		SELECT d.substance_group, treg.cell_agg(d.person_id, ctx.secret) AS c
		FROM ctx, d
		WHERE d.first_of_person
		GROUP BY ROLLUP (d.substance_group), ctx.secret
	), episode_cells AS (
		SELECT d.substance_group, treg.cell_agg(d.person_id, ctx.secret) AS c,
			   count(DISTINCT d.person_id) FILTER (WHERE d.event_happened) AS event_persons,
			   treg.retention_agg(d.days, d.event_happened) AS r
		FROM ctx, d
		GROUP BY ROLLUP (d.substance_group), ctx.secret
	), cells AS (
		/* every substance group and the total, empty ones included */
		SELECT g.substance_group, e.c AS ec, e.r, p.persons,
			   coalesce(p.persons, 0) >= greatest(ctx.k, 20)
			   AND coalesce(e.event_persons, 0) >= ctx.k AS published
		FROM ctx
		CROSS JOIN (SELECT code AS substance_group FROM treg.report_label
					WHERE domain = 'substance_group' UNION ALL SELECT NULL) g
		LEFT JOIN person_cells c ON c.substance_group IS NOT DISTINCT FROM g.substance_group
		LEFT JOIN episode_cells e ON e.substance_group IS NOT DISTINCT FROM g.substance_group
		CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
													1, ctx.noise_sd, ctx.k) AS persons) p
	), grid AS (
		SELECT g.day, (g.n - 1)::integer AS i
		FROM unnest('{0, 30, 61, 91, 122, 152, 182, 213, 243, 274, 304, 335, 365, 456, 547, 639, 730, 913, 1095}'::integer[])
			WITH ORDINALITY g(day, n)
	), curve AS (
		SELECT c.substance_group, k.day, k.survival,
			   CASE WHEN k.survival = 0 THEN 0 ELSE k.lower END AS lower,
			   CASE WHEN k.survival = 0 THEN 0 ELSE k.upper END AS upper
		FROM cells c, treg.km_curve(c.r, 'log', 0.95) k
		WHERE c.published
	), points AS (
		/* the exact curve at each grid day of a published cell; NULL where not defined */
		SELECT c.substance_group, c.ec, c.persons, c.published, g.day, g.i, k.survival, k.lower, k.upper
		FROM cells c CROSS JOIN grid g
		LEFT JOIN LATERAL (
			SELECT coalesce(s.survival, 1) AS survival, coalesce(s.lower, 1) AS lower,
				   coalesce(s.upper, 1) AS upper
			FROM (SELECT max(v.day) AS last_day FROM curve v
				  WHERE v.substance_group IS NOT DISTINCT FROM c.substance_group) l
			LEFT JOIN LATERAL (SELECT v.survival, v.lower, v.upper FROM curve v
							   WHERE v.substance_group IS NOT DISTINCT FROM c.substance_group
								 AND v.day <= g.day
							   ORDER BY v.day DESC LIMIT 1) s ON true
			WHERE g.day <= l.last_day OR s.survival = 0
		) k ON c.published
	), noisy AS (
		SELECT x.*,
			   min(x.survival + CASE WHEN x.i = 0 THEN 0
								ELSE treg.noise_deviate((x.ec).cell_key, (x.ec).persons, 30 + x.i)
									 * 0.5 / nullif(x.persons, 0) END)
				   OVER (PARTITION BY x.substance_group ORDER BY x.i) AS noisy_survival
		FROM points x
	)
	SELECT report_durations_curve.from_year, report_durations_curve.to_year,
		   coalesce(n.substance_group, 'total'), treg.label_da('substance_group', n.substance_group),
		   treg.label_order('substance_group', n.substance_group), n.substance_group IS NULL,
		   n.day,
		   CASE WHEN n.survival IS NOT NULL
				THEN round(least(greatest(n.noisy_survival, 0), 1)::numeric, 2) END,
		   CASE WHEN n.survival IS NOT NULL
				THEN round(least(greatest(n.lower + (n.noisy_survival - n.survival), 0), 1)::numeric, 2) END,
		   CASE WHEN n.survival IS NOT NULL
				THEN round(least(greatest(n.upper + (n.noisy_survival - n.survival), 0), 1)::numeric, 2) END,
		   NOT n.published
	FROM noisy n
	ORDER BY treg.label_order('substance_group', n.substance_group), n.day
$fn$;
COMMENT ON FUNCTION treg.report_durations_curve(integer, integer) IS 'Kaplan-Meier curves with 95 % confidence bands of the episodes enrolled in a range of years, as of the as-of date, by substance group with a total, on a fixed grid of days: published for groups of at least max(k, 20) persons (noisy) and k discharged, perturbed';

CREATE VIEW treg.report_durations_curve AS
SELECT r.from_year, r.to_year, r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da, r.substance_group_order,
	   r.is_total, r.day, r.survival::numeric(4, 2) AS survival,
	   r.lower::numeric(4, 2) AS lower, r.upper::numeric(4, 2) AS upper, r.suppressed
FROM treg.report_settings() c, treg.report_durations_curve(c.report_year - 4, c.report_year) r;
COMMENT ON VIEW treg.report_durations_curve IS 'Varighedskurver (Kaplan-Meier) med 95 %-konfidensbånd for forløb indskrevet i de fem år til og med opgørelsesåret, efter rusmiddel / Kaplan-Meier duration curves with 95 % confidence bands of the episodes enrolled in the five years up to the report year, by substance group (perturbed)';
SELECT treg.document_columns('treg.report_durations_curve', $$
from_year | Første indskrivningsår | First year of enrolment
to_year | Sidste indskrivningsår | Last year of enrolment
substance_group | Rusmiddel (kode: alcohol, non_opioid, opioid, total) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
substance_group_order | Sortering af rusmiddel | Sort order of the substance group
is_total | Sand for totalrækker | True on total rows
day | Dage fra indskrivning (fast gitter: 0, 30, 61, ... 365, 456, ... 730, 913, 1095) | Days from enrolment (fixed grid: 0, 30, 61, ... 365, 456, ... 730, 913, 1095)
survival | Andel forløb endnu ikke afsluttet efter så mange dage (Kaplan-Meier, med støj, 2 decimaler; NULL når skjult eller efter den længste observerede varighed) | Share of episodes not yet ended after that many days (Kaplan-Meier, perturbed, 2 decimals; NULL when suppressed or after the longest observed duration)
lower | Nedre grænse af 95 %-konfidensbåndet (log-transformation, forskudt med samme støj) | Lower limit of the 95 % confidence band (log transform, shifted by the same noise)
upper | Øvre grænse af 95 %-konfidensbåndet (log-transformation, forskudt med samme støj) | Upper limit of the 95 % confidence band (log transform, shifted by the same noise)
suppressed | Sand når hele kurven er skjult (under max(k, 20) borgere eller under k udskrevne) | True when the whole curve is suppressed (fewer than max(k, 20) persons or k discharged)
$$);

INSERT INTO treg.report_info VALUES
	('report_durations_curve', 'Varighedskurver', 'Duration curves', 'Forløb indskrevet i de fem år til og med {year}, pr. {as_of}', 31);
