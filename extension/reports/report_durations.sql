/* Committee report: episode durations (Kaplan-Meier). */

/*
 * The years of a durations report: each one of the 15 years up to the
 * as-of date (treg.report_check_year), from_year not after to_year.
 * Returns the number of years.  Errors depend on the arguments only.
 */
CREATE FUNCTION treg.durations_check_years(from_year integer, to_year integer, as_of date)
	RETURNS integer
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	AS $fn$
BEGIN
	PERFORM treg.report_check_year(from_year, as_of), treg.report_check_year(to_year, as_of);
	IF from_year > to_year THEN
		RAISE EXCEPTION 'first report year must not be after the last'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('The years were %s to %s.', from_year, to_year),
				  HINT = 'Give the first and the last calendar year of enrolment, the first not after the last.';
	END IF;
	RETURN to_year - from_year + 1;
END
$fn$;
COMMENT ON FUNCTION treg.durations_check_years(integer, integer, date) IS 'the years of enrolment a durations report may ask for: both within the 15 years up to the as-of date, the first not after the last (22023 otherwise)';

/*
 * Episodes enrolled from the first day of from_year to the last day of
 * to_year, as the registry stood on as_of (treg.episode_durations, event:
 * any discharge; open episodes censored at as_of), each with its own cell
 * (substance group, intensity at entry or 'unknown') and a flag on the
 * first episode of each person in the period (by enrolment date, then
 * episode id): the cell that person is counted in.  Person-level: not for
 * analysts.
 */
CREATE FUNCTION treg.duration_episodes(from_year integer, to_year integer, as_of date)
	RETURNS TABLE (episode_id bigint, person_id bigint, substance_group text,
				   entry_intensity text, days integer, event_happened boolean,
				   first_of_person boolean)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT d.episode_id, d.person_id, d.substance_group,
		   coalesce(d.entry_intensity::text, 'unknown'), d.days, d.event_happened,
		   row_number() OVER (PARTITION BY d.person_id ORDER BY d.enrol_date, d.episode_id) = 1
	FROM treg.episode_durations(make_date(duration_episodes.from_year, 1, 1),
								make_date(duration_episodes.to_year, 12, 31), 'any_discharge',
								duration_episodes.as_of) d
$fn$;
REVOKE ALL ON FUNCTION treg.duration_episodes(integer, integer, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.duration_episodes(integer, integer, date) IS 'episodes of the durations report: cell, days, event and whether it is the person''s first episode of the period (person-level: not for analysts)';

/*
 * The published form of a Kaplan-Meier quartile of a cell: the quartile
 * plus deviate * 0.1 * quartile (a sticky deviate drawn from the cell key
 * of the persons behind the episodes, their number and the stream),
 * rounded to whole weeks; NULL when the curve never reaches the quartile.
 */
CREATE FUNCTION treg.durations_quartile(days float8, cell_key bigint, persons bigint, stream integer)
	RETURNS integer
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN greatest(round((days + treg.noise_deviate(cell_key, persons, stream) * 0.1 * days) / 7) * 7,
					0)::integer;
COMMENT ON FUNCTION treg.durations_quartile(float8, bigint, bigint, integer) IS 'published Kaplan-Meier quartile: plus 10 % sticky noise from the cell key, rounded to whole weeks';

/*
 * Durations of the episodes enrolled in the years from_year to to_year
 * (each one of the 15 years up to the as-of date), as of the as-of date,
 * by substance group and intensity at entry with totals.
 *
 * persons (stream 1): the persons whose first episode of the period is in
 * the cell, perturbed on those persons.  Every other figure is about all
 * episodes of the cell and is perturbed on the persons behind them (the
 * cell's episode persons): episodes (stream 2) and open episodes (stream
 * 6), published only where persons is published and the number of
 * episode persons (stream 1, not shown) is published too (0 where that is
 * 0); open_share is the ratio of these two noisy counts.  Kaplan-Meier quartiles (event: any
 * discharge): published only where persons is at least k and at least k
 * distinct persons had an event in the cell; the quartile plus
 * deviate * 0.1 * quartile (streams 7, 8, 9), rounded to whole weeks.  A
 * quartile the curve never reaches is NULL without being suppressed.
 */
CREATE FUNCTION treg.report_durations(from_year integer, to_year integer)
	RETURNS TABLE (from_year integer, to_year integer, substance_group text,
				   substance_group_da text, entry_intensity text, entry_intensity_da text,
				   entry_intensity_order integer, is_total boolean, persons bigint,
				   persons_suppressed boolean, episodes bigint, episodes_suppressed boolean,
				   open_share numeric, open_share_suppressed boolean, q25_days integer,
				   q25_days_suppressed boolean, median_days integer,
				   median_days_suppressed boolean, q75_days integer, q75_days_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.durations_check_years(report_durations.from_year, report_durations.to_year,
											   x.as_of) AS years,
			   report_durations.from_year AS y0, report_durations.to_year AS y1
		FROM treg.report_context() x
	), d AS MATERIALIZED (
		SELECT e.* FROM ctx, treg.duration_episodes(ctx.y0, ctx.y1, ctx.as_of) e
	), person_cells AS (
		SELECT d.substance_group, d.entry_intensity, treg.cell_agg(d.person_id, ctx.secret) AS c
		FROM ctx, d
		WHERE d.first_of_person
		GROUP BY CUBE (d.substance_group, d.entry_intensity), ctx.secret
	), episode_cells AS (
		SELECT d.substance_group, d.entry_intensity, treg.cell_agg(d.person_id, ctx.secret) AS c,
			   count(*) AS episodes, count(*) FILTER (WHERE NOT d.event_happened) AS open_episodes,
			   count(DISTINCT d.person_id) FILTER (WHERE d.event_happened) AS event_persons,
			   treg.retention_agg(d.days, d.event_happened) AS r
		FROM ctx, d
		GROUP BY CUBE (d.substance_group, d.entry_intensity), ctx.secret
	), grid AS (
		/* every cell of the published table, empty ones included */
		SELECT s.code AS substance_group, i.code AS entry_intensity
		FROM (SELECT code FROM treg.report_label WHERE domain = 'substance_group' UNION ALL SELECT NULL) s,
			 (SELECT code FROM treg.report_label WHERE domain = 'intensity' UNION ALL SELECT NULL) i
	), published AS (
		SELECT g.substance_group, g.entry_intensity, p.persons, e.c AS ec, e.r,
			   CASE WHEN p.persons IS NULL OR pb.persons IS NULL THEN NULL
					WHEN pb.persons = 0 THEN 0
					ELSE treg.noisy_count(e.episodes, (e.c).cell_key, 2, ctx.noise_sd, ctx.k) END AS episodes,
			   CASE WHEN p.persons IS NULL OR pb.persons IS NULL THEN NULL
					WHEN pb.persons = 0 THEN 0
					ELSE treg.noisy_count(e.open_episodes, (e.c).cell_key, 6, ctx.noise_sd, ctx.k) END AS open_episodes,
			   coalesce(p.persons, 0) >= ctx.k AND coalesce(e.event_persons, 0) >= ctx.k AS km_ok
		FROM ctx CROSS JOIN grid g
		LEFT JOIN person_cells c ON c.substance_group IS NOT DISTINCT FROM g.substance_group
			AND c.entry_intensity IS NOT DISTINCT FROM g.entry_intensity
		LEFT JOIN episode_cells e ON e.substance_group IS NOT DISTINCT FROM g.substance_group
			AND e.entry_intensity IS NOT DISTINCT FROM g.entry_intensity
		CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
													1, ctx.noise_sd, ctx.k) AS persons) p
		/* the persons behind the episodes of the cell (not shown): the gate of the episode figures */
		CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((e.c).persons, 0), coalesce((e.c).cell_key, 0),
													1, ctx.noise_sd, ctx.k) AS persons) pb
	)
	SELECT report_durations.from_year, report_durations.to_year,
		   coalesce(p.substance_group, 'total'), treg.label_da('substance_group', p.substance_group),
		   coalesce(p.entry_intensity, 'total'), treg.label_da('intensity', p.entry_intensity),
		   treg.label_order('intensity', p.entry_intensity),
		   p.substance_group IS NULL OR p.entry_intensity IS NULL,
		   p.persons, p.persons IS NULL,
		   p.episodes, p.episodes IS NULL,
		   CASE WHEN p.episodes > 0 THEN least(round(p.open_episodes::numeric / p.episodes, 3), 1) END,
		   p.episodes IS NULL OR p.open_episodes IS NULL,
		   CASE WHEN p.km_ok THEN treg.durations_quartile(treg.km_quantile(p.r, 0.25), (p.ec).cell_key,
														   (p.ec).persons, 7) END,
		   NOT p.km_ok,
		   CASE WHEN p.km_ok THEN treg.durations_quartile(treg.km_median(p.r), (p.ec).cell_key,
														   (p.ec).persons, 8) END,
		   NOT p.km_ok,
		   CASE WHEN p.km_ok THEN treg.durations_quartile(treg.km_quantile(p.r, 0.75), (p.ec).cell_key,
														   (p.ec).persons, 9) END,
		   NOT p.km_ok
	FROM published p
	ORDER BY treg.label_order('substance_group', p.substance_group),
			 treg.label_order('intensity', p.entry_intensity)
$fn$;
COMMENT ON FUNCTION treg.report_durations(integer, integer) IS 'durations of the episodes enrolled in a range of years, as of the as-of date, by substance group and intensity at entry with totals: persons, episodes, open share and Kaplan-Meier quartiles, perturbed';

CREATE VIEW treg.report_durations AS
SELECT r.from_year, r.to_year, r.substance_group::varchar(20) AS substance_group,
	   r.substance_group_da::varchar(40) AS substance_group_da,
	   r.entry_intensity::varchar(20) AS entry_intensity,
	   r.entry_intensity_da::varchar(40) AS entry_intensity_da, r.entry_intensity_order,
	   r.is_total, r.persons, r.persons_suppressed, r.episodes, r.episodes_suppressed,
	   r.open_share::numeric(5, 3) AS open_share, r.open_share_suppressed,
	   r.q25_days, r.q25_days_suppressed, r.median_days, r.median_days_suppressed,
	   r.q75_days, r.q75_days_suppressed
FROM treg.report_settings() c, treg.report_durations(c.report_year - 4, c.report_year) r;
COMMENT ON VIEW treg.report_durations IS 'Forløbenes varighed (Kaplan-Meier) for forløb indskrevet i de fem år til og med opgørelsesåret, efter rusmiddel og indsats ved start / durations of the episodes enrolled in the five years up to the report year, by substance group and intensity at entry (perturbed)';
SELECT treg.document_columns('treg.report_durations', $$
from_year | Første indskrivningsår | First year of enrolment
to_year | Sidste indskrivningsår | Last year of enrolment
substance_group | Rusmiddel (kode: alcohol, non_opioid, opioid, total) | Substance group (code)
substance_group_da | Rusmiddel | Substance group (Danish label)
entry_intensity | Indsats ved start (kode: ambulant, dag, døgn, unknown, total) | Intensity at entry (code)
entry_intensity_da | Indsats ved start | Intensity at entry (Danish label)
entry_intensity_order | Sortering af indsats | Sort order of the intensity
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Antal borgere, talt i cellen for deres første forløb (med støj; NULL når diskretioneret) | Persons, counted in the cell of their first episode (perturbed; NULL when suppressed)
persons_suppressed | Sand når antal borgere er skjult (1 til k-1) | True when persons is suppressed (1 to k-1)
episodes | Antal forløb i cellen (med støj; NULL når diskretioneret) | Episodes in the cell (perturbed; NULL when suppressed)
episodes_suppressed | Sand når antal forløb er skjult | True when episodes is suppressed
open_share | Andel forløb stadig åbne på opgørelsesdagen (af tal med støj) | Share of the episodes still open on the as-of date (from perturbed counts)
open_share_suppressed | Sand når andelen er skjult | True when the open share is suppressed
q25_days | Dage til 25 % er udskrevet (Kaplan-Meier, med støj, hele uger) | Days until 25 % are discharged (Kaplan-Meier, perturbed, whole weeks)
q25_days_suppressed | Sand når kvartilen er skjult (under k borgere eller k udskrevne) | True when the quartile is suppressed (fewer than k persons or k discharged)
median_days | Median varighed i dage (Kaplan-Meier, med støj, hele uger) | Median duration in days (Kaplan-Meier, perturbed, whole weeks)
median_days_suppressed | Sand når medianen er skjult | True when the median is suppressed
q75_days | Dage til 75 % er udskrevet (Kaplan-Meier, med støj, hele uger) | Days until 75 % are discharged (Kaplan-Meier, perturbed, whole weeks)
q75_days_suppressed | Sand når kvartilen er skjult | True when the quartile is suppressed
$$);

INSERT INTO treg.report_info VALUES
	('report_durations', 'Forløbenes varighed', 'Episode durations', 'Forløb indskrevet i de fem år til og med {year}, pr. {as_of}', 30);
