/* Committee report: occupancy (belægning) of the places, month by month. */

INSERT INTO treg.report_label (domain, code, label_da, label_en, sort_order) VALUES
	('occupancy_level', 'provider', 'Leverandør', 'Provider', 1),
	('occupancy_level', 'provider_group', 'Leverandørgruppe', 'Provider group', 2),
	('occupancy_level', 'total', 'Alle leverandører', 'All providers', 3);

/*
 * Per episode, intensity and month of a year (months starting on or before
 * as_of): the days of the episode's segments at that intensity in the
 * month (up to as_of), and those of them on which its provider has places
 * for the intensity in treg.capacity; rows with days only.  Person-level:
 * not for analysts.
 *
 * Reads the maintained state (treg.episode_state): the episodes whose
 * segments span a day of the year (episode_state_span_idx), the
 * intensities they have days at in the year, then per month days_in over
 * the episode's timeline, with the month (and for places the month and the
 * capacity period) as the window.  The state holds every row ever
 * registered, with no as-of cut; days_in counts days up to as_of only (an
 * open or later-ending segment is censored there, one starting after it
 * has no days), so the figures are those of the rows as they stood on
 * as_of (sql/report_occupancy_state.sql compares the two).  The state must
 * be maintained (treg.state_maintained()).
 */
CREATE FUNCTION treg.occupancy_days(year integer, as_of date)
	RETURNS TABLE (person_id bigint, provider_id integer, intensity treg.intensity, month date,
				   days integer, capacity_days integer)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH months AS (
		SELECT m::date AS m0, daterange(m::date, (m + interval '1 month - 1 day')::date, '[]') AS mr
		FROM generate_series(make_date(occupancy_days.year, 1, 1)::timestamp,
							 least(make_date(occupancy_days.year, 12, 1), occupancy_days.as_of)::timestamp,
							 interval '1 month') m
	), ep AS (
		/* the episodes spanning a day of the year up to as_of, at each intensity they have days at */
		SELECT es.person_id, es.provider_id, es.timeline, i.intensity,
			   daterange(es.first_day, es.last_day, '[]') AS span
		FROM treg.episode_state es,
			 (VALUES (treg.intensity(1)), (treg.intensity(2)), (treg.intensity(3))) i(intensity)
		WHERE es.first_day IS NOT NULL
		  AND daterange(es.first_day, es.last_day, '[]')
			  && daterange(make_date(occupancy_days.year, 1, 1),
						   least(make_date(occupancy_days.year, 12, 31), occupancy_days.as_of), '[]')
		  AND treg.days_in(es.timeline, i.intensity, occupancy_days.as_of,
						   daterange(make_date(occupancy_days.year, 1, 1),
									 make_date(occupancy_days.year, 12, 31), '[]')) > 0
	), em AS (
		SELECT ep.person_id, ep.provider_id, ep.timeline, ep.intensity, mo.m0, mo.mr,
			   treg.days_in(ep.timeline, ep.intensity, occupancy_days.as_of, mo.mr) AS days
		FROM ep JOIN months mo ON mo.mr && ep.span
	), cap AS (
		/* per provider and intensity its capacity periods (one hash join, not a lookup a row) */
		SELECT c.provider_id, treg.intensity_rank(c.intensity) AS rank,
			   array_agg(daterange(c.valid_from, c.valid_to, '[]')) AS periods
		FROM treg.capacity c
		GROUP BY c.provider_id, treg.intensity_rank(c.intensity)
	)
	SELECT em.person_id, em.provider_id, em.intensity, em.m0, em.days,
		   CASE WHEN cap.periods IS NULL THEN 0
				ELSE coalesce((SELECT sum(treg.days_in(em.timeline, em.intensity, occupancy_days.as_of,
														em.mr * p.period))::integer
							   FROM unnest(cap.periods) p(period)
							   WHERE p.period && em.mr), 0) END
	FROM em
	LEFT JOIN cap ON cap.provider_id = em.provider_id AND cap.rank = treg.intensity_rank(em.intensity)
	WHERE em.days > 0
$fn$;
REVOKE ALL ON FUNCTION treg.occupancy_days(integer, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.occupancy_days(integer, date) IS 'per episode, intensity and month of a year: days in the month and days on which the provider has places for the intensity, read from the maintained state treg.episode_state (person-level: not for analysts)';

/*
 * Occupancy in a year, month by month and for the whole year (months
 * starting on or before the as-of date; the as-of month up to that date),
 * by intensity for every internal and partner provider, every provider
 * group (internal, partner, external) and all providers:
 *   persons          distinct persons with days in the cell (stream 1);
 *   avg_persons      persons per day: the person-days of the cell, a sum
 *                    perturbed by treg.noisy_sum (stream 4: the same
 *                    figure as the days of report_costs for the year),
 *                    divided by the days of the period;
 *   places           places per day from treg.capacity (place-days /
 *                    days), exact: places are not about persons;
 *   occupancy_share  person-days at providers with places that day (a
 *                    second sum, stream 12) / place-days; NULL and not
 *                    suppressed when the cell has no places.
 * A person with segments at two providers counts in both; person-days are
 * segment days.  Sums are published only where the persons figure is and
 * the dominance rule holds (0 where the persons figure is published as 0).
 */
CREATE FUNCTION treg.report_occupancy(year integer)
	RETURNS TABLE (year integer, month text, month_order integer, level text, level_da text,
				   provider_group text, provider_group_da text, provider_group_order integer,
				   provider_id integer, provider_name text, intensity text, intensity_da text,
				   intensity_order integer, is_total boolean, days integer, persons bigint,
				   persons_suppressed boolean, avg_persons numeric, avg_persons_suppressed boolean,
				   places numeric, occupancy_share numeric, occupancy_share_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	/* the grid's estimates make JIT compile for 10 s a query that runs in 0.7 s (2000 persons) */
	SET jit = off
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_occupancy.year, x.as_of) AS y
		FROM treg.report_context() x
	), months AS (
		SELECT m::date AS m0, (m + interval '1 month - 1 day')::date AS m1
		FROM ctx, generate_series(make_date(ctx.y, 1, 1)::timestamp,
								  least(make_date(ctx.y, 12, 1), ctx.as_of)::timestamp, interval '1 month') m
	), periods AS (
		/* the months and the year (month NULL) with their days up to as_of */
		SELECT mo.m0 AS month, treg.days_in_period(mo.m0, mo.m1, mo.m0, mo.m1, ctx.as_of) AS days
		FROM ctx, months mo
		UNION ALL
		SELECT NULL, treg.days_in_period(make_date(ctx.y, 1, 1), make_date(ctx.y, 12, 31),
										 make_date(ctx.y, 1, 1), make_date(ctx.y, 12, 31), ctx.as_of)
		FROM ctx
	), providers AS (
		SELECT p.provider_id, p.name,
			   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp
		FROM treg.provider p
	), od AS (
		SELECT o.person_id, pr.grp, CASE WHEN pr.grp <> 'external' THEN o.provider_id END AS prov,
			   o.intensity::text AS intensity, o.month, o.days, o.capacity_days
		FROM ctx, treg.occupancy_days(ctx.y, ctx.as_of) o
		JOIN providers pr ON pr.provider_id = o.provider_id
	), pp AS (
		/* per cell and person: person-days and person-days with places */
		SELECT grouping(od.grp, od.prov, od.month) AS g, od.grp, od.prov, od.intensity, od.month,
			   od.person_id, sum(od.days) AS days, sum(od.capacity_days) AS cdays
		FROM od
		GROUP BY GROUPING SETS ((od.grp, od.prov, od.intensity, od.month, od.person_id),
								(od.grp, od.prov, od.intensity, od.person_id),
								(od.grp, od.intensity, od.month, od.person_id),
								(od.grp, od.intensity, od.person_id),
								(od.intensity, od.month, od.person_id),
								(od.intensity, od.person_id))
	), cells AS (
		SELECT r.g, r.grp, r.prov, r.intensity, r.month, treg.cell_agg(r.person_id, ctx.secret) AS c,
			   sum(r.days) AS days, max(r.days) AS days_max,
			   sum(r.days) FILTER (WHERE r.rn_days <= 2) AS days_top2,
			   sum(r.cdays) AS cdays, max(r.cdays) AS cdays_max,
			   sum(r.cdays) FILTER (WHERE r.rn_cdays <= 2) AS cdays_top2
		FROM ctx, (SELECT pp.*,
						  row_number() OVER (PARTITION BY pp.g, pp.grp, pp.prov, pp.intensity, pp.month
											 ORDER BY pp.days DESC) AS rn_days,
						  row_number() OVER (PARTITION BY pp.g, pp.grp, pp.prov, pp.intensity, pp.month
											 ORDER BY pp.cdays DESC) AS rn_cdays
				   FROM pp) r
		WHERE r.g IN (0, 1) AND r.prov IS NOT NULL OR r.g NOT IN (0, 1)
		GROUP BY r.g, r.grp, r.prov, r.intensity, r.month, ctx.secret
	), places AS (
		/* place-days per provider, intensity and period */
		SELECT c.provider_id, c.intensity::text AS intensity, pe.month,
			   sum(c.places * treg.days_in_period(c.valid_from, c.valid_to, coalesce(pe.month, make_date(ctx.y, 1, 1)),
												  coalesce((pe.month + interval '1 month - 1 day')::date,
														   make_date(ctx.y, 12, 31)), ctx.as_of)) AS place_days
		FROM ctx, treg.capacity c, periods pe
		GROUP BY c.provider_id, c.intensity, pe.month
	), rows AS (
		/* the grid: providers (internal and partner), groups and all providers */
		SELECT 0 AS lvl, pr.grp, pr.provider_id AS prov, pr.name
		FROM providers pr WHERE pr.grp <> 'external'
		UNION ALL
		SELECT 1, l.code, NULL, NULL FROM treg.report_label l
		WHERE l.domain = 'provider_group' AND l.code <> 'none'
		UNION ALL
		SELECT 2, NULL, NULL, NULL
	), grid AS (
		SELECT r.lvl, r.grp, r.prov, r.name, i.code AS intensity, pe.month, pe.days,
			   CASE r.lvl WHEN 0 THEN 0 WHEN 1 THEN 2 ELSE 6 END + (pe.month IS NULL)::int AS g
		FROM rows r, periods pe,
			 (SELECT code FROM treg.report_label WHERE domain = 'intensity' AND code <> 'unknown') i
	)
	SELECT ctx.y, coalesce(to_char(g.month, 'YYYY-MM'), 'total'),
		   coalesce(extract(month FROM g.month)::integer, 9999),
		   CASE g.lvl WHEN 0 THEN 'provider' WHEN 1 THEN 'provider_group' ELSE 'total' END,
		   treg.label_da('occupancy_level', CASE g.lvl WHEN 0 THEN 'provider' WHEN 1 THEN 'provider_group'
														ELSE 'total' END),
		   coalesce(g.grp, 'total'), treg.label_da('provider_group', g.grp),
		   treg.label_order('provider_group', g.grp), g.prov, g.name,
		   g.intensity, treg.label_da('intensity', g.intensity), treg.label_order('intensity', g.intensity),
		   g.month IS NULL OR g.lvl = 2 OR (g.lvl = 1 AND g.grp <> 'external'),
		   g.days, v.persons, v.persons IS NULL,
		   round(s.days / g.days, 1), s.days IS NULL,
		   round(coalesce(pl.place_days, 0) / g.days, 1),
		   CASE WHEN coalesce(pl.place_days, 0) > 0 THEN round(s.cdays / pl.place_days, 3) END,
		   coalesce(pl.place_days, 0) > 0 AND s.cdays IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.g = g.g AND c.grp IS NOT DISTINCT FROM g.grp
		AND c.prov IS NOT DISTINCT FROM g.prov AND c.intensity = g.intensity
		AND c.month IS NOT DISTINCT FROM g.month
	LEFT JOIN LATERAL (
		SELECT sum(x.place_days) AS place_days
		FROM places x JOIN providers pr ON pr.provider_id = x.provider_id
		WHERE x.intensity = g.intensity AND x.month IS NOT DISTINCT FROM g.month
		  AND (g.lvl = 2 OR pr.grp = g.grp) AND (g.lvl <> 0 OR x.provider_id = g.prov)
	) pl ON true
	CROSS JOIN LATERAL (SELECT coalesce((c.c).persons, 0) AS n, coalesce((c.c).cell_key, 0) AS cell_key,
							   treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	CROSS JOIN LATERAL (
		SELECT CASE WHEN v.persons = 0 THEN 0 WHEN v.persons > 0
					THEN treg.noisy_sum(coalesce(c.days, 0), coalesce(c.days_max, 0), coalesce(c.days_top2, 0),
										coalesce(c.days, 0), v.cell_key, v.n, 4) END AS days,
			   CASE WHEN v.persons = 0 THEN 0 WHEN v.persons > 0
					THEN treg.noisy_sum(coalesce(c.cdays, 0), coalesce(c.cdays_max, 0),
										coalesce(c.cdays_top2, 0), coalesce(c.cdays, 0), v.cell_key, v.n, 12)
					END AS cdays
	) s
	ORDER BY g.month NULLS LAST, g.lvl, treg.label_order('provider_group', g.grp), g.prov,
			 treg.label_order('intensity', g.intensity)
$fn$;
COMMENT ON FUNCTION treg.report_occupancy(integer) IS 'occupancy of a year month by month: persons per day against places by provider (internal, partner), provider group and intensity, perturbed (places exact)';

CREATE VIEW treg.report_occupancy AS
SELECT r.year, r.month::varchar(7) AS month, r.month_order, r.level::varchar(20) AS level,
	   r.level_da::varchar(40) AS level_da, r.provider_group::varchar(20) AS provider_group,
	   r.provider_group_da::varchar(40) AS provider_group_da, r.provider_group_order,
	   r.provider_id, r.provider_name::varchar(200) AS provider_name,
	   r.intensity::varchar(20) AS intensity, r.intensity_da::varchar(40) AS intensity_da,
	   r.intensity_order, r.is_total, r.days, r.persons, r.persons_suppressed,
	   r.avg_persons::numeric(10, 1) AS avg_persons, r.avg_persons_suppressed,
	   r.places::numeric(10, 1) AS places, r.occupancy_share::numeric(5, 3) AS occupancy_share,
	   r.occupancy_share_suppressed
FROM treg.report_settings() c, treg.report_occupancy(c.report_year) r;
COMMENT ON VIEW treg.report_occupancy IS 'Belægning måned for måned: borgere pr. dag mod pladser efter leverandør, leverandørgruppe og indsats / occupancy month by month: persons per day against places by provider, provider group and intensity (perturbed; places exact)';
SELECT treg.document_columns('treg.report_occupancy', $$
year | Opgørelsesår | Report year
month | Måned (ÅÅÅÅ-MM; total = hele året) | Month (YYYY-MM; total = the whole year)
month_order | Sortering af måneder (9999 = hele året) | Sort order of the months (9999 = the whole year)
level | Niveau (kode: provider, provider_group, total) | Level (code: provider, provider_group, total)
level_da | Niveau | Level (Danish label)
provider_group | Leverandørgruppe (kode: internal, partner, external, total) | Provider group (code: internal, partner, external, total)
provider_group_da | Leverandørgruppe | Provider group (Danish label)
provider_group_order | Sortering af leverandørgruppe | Sort order of the provider group
provider_id | Leverandør-id (kun egne tilbud og samarbejdspartnere) | Provider id (internal and partner providers only)
provider_name | Leverandør | Provider name
intensity | Indsats (kode: ambulant, dag, døgn) | Intensity (code: ambulant, dag, døgn)
intensity_da | Indsats | Intensity (Danish label)
intensity_order | Sortering af indsats | Sort order of the intensity
is_total | Sand for total- og subtotalrækker (hele året, grupper med leverandører under sig, alle leverandører) | True on total and subtotal rows (whole year, groups with providers below them, all providers)
days | Dage i perioden til opgørelsesdagen | Days of the period up to the as-of date
persons | Borgere med dage i cellen (med støj; NULL når diskretioneret) | Persons with days in the cell (perturbed; NULL when suppressed)
persons_suppressed | Sand når antallet af borgere er skjult | True when the persons figure is suppressed
avg_persons | Gennemsnitligt antal borgere pr. dag (med støj) | Average persons per day (perturbed)
avg_persons_suppressed | Sand når gennemsnittet er skjult (borgere skjult eller dominans) | True when the average is suppressed (persons suppressed or dominance)
places | Pladser pr. dag (eksakt; 0 = ingen registreret) | Places per day (exact; 0 = none registered)
occupancy_share | Belægningsprocent som andel: borgere pr. dag hos leverandører med pladser / pladser | Occupancy share: persons per day at providers with places / places
occupancy_share_suppressed | Sand når belægningen er skjult (NULL og falsk: ingen pladser) | True when the occupancy is suppressed (NULL and false: no places)
$$);

INSERT INTO treg.report_info VALUES
	('report_occupancy', 'Belægning', 'Occupancy', 'Måned for måned i {year} pr. {as_of}', 82);
