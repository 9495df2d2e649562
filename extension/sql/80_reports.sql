/*
 * Committee reporting (layer 3: SQL over the reference registry).
 *
 * Every report is a set-returning function treg.report_*(...) that takes
 * its date or period as arguments, and a view of the same name without
 * arguments that reads them from treg.report_config.  Each returns plain
 * columns (text, int, bigint, numeric, date) for BI tools.
 *
 * Disclosure control: every count is published through treg.suppress()
 * (primary suppression of 1..k-1, secondary suppression so that no hidden
 * cell can be recovered from the totals), each table additive by
 * construction: a person is counted in exactly one cell of a table (the
 * rule for choosing it is stated with each report).  Sums of money go
 * through treg.anon_sum() (dominance rule) and take their suppression
 * pattern from the table of persons behind them.  A value is NULL when
 * suppressed; the column "reason" ('primary' or 'secondary') is shown only
 * to superusers and members of treg_writer.
 *
 * The report functions are SECURITY DEFINER so that treg_analyst, who
 * cannot read a registry table, can run them; they never return a row
 * about one person.
 */

CREATE TABLE treg.report_config (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	home_municipality smallint NOT NULL CHECK (home_municipality BETWEEN 101 AND 999),
	report_date date NOT NULL,
	report_year integer NOT NULL CHECK (report_year BETWEEN 1900 AND 9999)
);
COMMENT ON TABLE treg.report_config IS 'settings of the reporting views: the registry''s own municipality, the census date and the report year (one row)';
COMMENT ON COLUMN treg.report_config.home_municipality IS 'kommunekode of the registry''s own municipality; persons living elsewhere are udenbysborgere';
COMMENT ON COLUMN treg.report_config.report_date IS 'census date (dagsudtræk) and as-of date of the views';
COMMENT ON COLUMN treg.report_config.report_year IS 'calendar year of the flow, guarantee, provider and cost views';
SELECT pg_catalog.pg_extension_config_dump('treg.report_config', '');

CREATE FUNCTION treg.set_report_config(home_municipality integer, report_date date,
									   report_year integer DEFAULT NULL)
	RETURNS void
	LANGUAGE sql VOLATILE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	INSERT INTO treg.report_config AS c (singleton, home_municipality, report_date, report_year)
	VALUES (true, $1, $2, coalesce($3, extract(year FROM $2)::int - 1))
	ON CONFLICT (singleton) DO UPDATE
		SET home_municipality = excluded.home_municipality,
			report_date = excluded.report_date,
			report_year = excluded.report_year;
$fn$;
COMMENT ON FUNCTION treg.set_report_config(integer, date, integer) IS 'set the own municipality, census date and report year of the reporting views (report year defaults to the year before the date)';

CREATE FUNCTION treg.report_settings(OUT home_municipality smallint, OUT report_date date,
									 OUT report_year integer)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
BEGIN
	SELECT c.home_municipality, c.report_date, c.report_year
	  INTO home_municipality, report_date, report_year
	  FROM treg.report_config c;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'the reporting views are not configured'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'treg.report_config has no row: the views need the own municipality, a census date and a report year.',
				  HINT = 'Run SELECT treg.set_report_config(home_municipality => 169, report_date => ''2026-04-08'');';
	END IF;
END
$fn$;
COMMENT ON FUNCTION treg.report_settings() IS 'the settings of the reporting views; error 55000 when not configured';

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

/* ---- helpers ---- */

CREATE FUNCTION treg.age_band(birth_date date, on_date date) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE
		WHEN birth_date IS NULL THEN 'unknown'
		WHEN treg.age_on(birth_date, on_date) < 18 THEN '0-17'
		WHEN treg.age_on(birth_date, on_date) < 25 THEN '18-24'
		WHEN treg.age_on(birth_date, on_date) < 30 THEN '25-29'
		WHEN treg.age_on(birth_date, on_date) < 50 THEN '30-49'
		WHEN treg.age_on(birth_date, on_date) < 65 THEN '50-64'
		ELSE '65+' END;
COMMENT ON FUNCTION treg.age_band(date, date) IS 'committee age band on a day: 0-17, 18-24, 25-29, 30-49, 50-64, 65+ or unknown';

CREATE FUNCTION treg.age_group(birth_date date, on_date date) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE
		WHEN birth_date IS NULL THEN 'unknown'
		WHEN treg.age_on(birth_date, on_date) < 18 THEN 'under 18'
		WHEN treg.age_on(birth_date, on_date) < 30 THEN '18-29'
		WHEN treg.age_on(birth_date, on_date) < 65 THEN '30-64'
		ELSE '65+' END;
COMMENT ON FUNCTION treg.age_group(date, date) IS 'youth/older age group on a day: under 18, 18-29, 30-64, 65+ or unknown (under 30 = under 18 + 18-29)';

/* rank of a substance group when one person is in two groups on a day */
CREATE FUNCTION treg.substance_rank(substance_group text) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE substance_group WHEN 'opioid' THEN 3 WHEN 'non_opioid' THEN 2
		WHEN 'alcohol' THEN 1 END;
CREATE FUNCTION treg.substance_group_of_rank(rank integer) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE rank WHEN 3 THEN 'opioid' WHEN 2 THEN 'non_opioid' WHEN 1 THEN 'alcohol' END;
COMMENT ON FUNCTION treg.substance_group_of_rank(integer) IS 'the substance group of a substance_rank';

COMMENT ON FUNCTION treg.substance_rank(text) IS 'priority of a substance group when a person is in two at once: opioid > non_opioid > alcohol';

/*
 * Reasons are shown to superusers and members of treg_writer only.  The
 * report functions run as their owner, so the caller is found from the
 * session: the role set with SET ROLE, else the session user.
 */
CREATE FUNCTION treg.report_reason_visible() RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	RETURN (SELECT r.rolsuper OR pg_catalog.pg_has_role(r.oid, 'treg_writer', 'USAGE')
			FROM pg_catalog.pg_roles r
			WHERE r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user::text));
COMMENT ON FUNCTION treg.report_reason_visible() IS 'true when the calling role (SET ROLE, else the session user) may see why a cell is suppressed: superuser or member of treg_writer';

/*
 * Publish a table of person counts: cells as (row_group, row_key, col_key,
 * persons) with NULL keys for totals; returns each cell with its published
 * value and, for privileged sessions, the reason.
 */
CREATE FUNCTION treg.publish_counts(row_groups text[], row_keys text[], col_keys text[],
									counts bigint[])
	RETURNS TABLE (row_group text, row_key text, col_key text, value bigint, reason text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT s.row_group, s.row_key, s.col_key, s.value,
		   CASE WHEN treg.report_reason_visible() THEN s.reason END
	FROM treg.suppress(coalesce($2, '{}'), coalesce($3, '{}'), coalesce($4, '{}'), $1) s
$fn$;
COMMENT ON FUNCTION treg.publish_counts(text[], text[], text[], bigint[]) IS 'suppress a table of person counts (NULL key = total) and hide the reason from unprivileged sessions';

/* ---- 1. census on a day (dagsudtræk) ---- */

/*
 * Persons with a segment covering on_date, by residence (own municipality
 * or udenbys), age band and substance group.  A person in two episodes on
 * the day is counted once, in the group of the most intensive segment
 * (ties: opioid > non_opioid > alcohol).
 */
CREATE FUNCTION treg.report_census(on_date date, home_municipality integer)
	RETURNS TABLE (residence text, age_band text, substance_group text,
				   persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH covering AS (
		/* per person the most intensive segment on the day, coded as intensity * 10 + substance */
		SELECT s.person_id,
			   max(treg.intensity_rank(s.intensity) * 10 + treg.substance_rank(e.substance_group)) AS code
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE s.start_date <= $1 AND (s.end_date IS NULL OR s.end_date >= $1)
		GROUP BY s.person_id
	), on_day AS (
		SELECT c.person_id, treg.substance_group_of_rank(c.code % 10) AS substance_group,
			   p.birth_date, p.municipality_code
		FROM covering c JOIN treg.person p ON p.person_id = c.person_id
	), base AS (
		SELECT CASE WHEN o.municipality_code = $2 THEN 'own' ELSE 'other' END AS residence,
			   treg.age_band(o.birth_date, $1) AS age_band, o.substance_group
		FROM on_day o
	), cells AS (
		SELECT residence, age_band, substance_group, count(*) AS persons
		FROM base
		GROUP BY GROUPING SETS ((residence, age_band, substance_group), (residence, age_band),
								(residence, substance_group), (residence), (substance_group), ())
	)
	SELECT p.row_group, p.row_key, p.col_key, p.value, p.reason
	FROM (SELECT array_agg(residence) AS g, array_agg(age_band) AS r,
				 array_agg(substance_group) AS c, array_agg(persons) AS n FROM cells) a,
		 treg.publish_counts(a.g, a.r, a.c, a.n) p
	ORDER BY p.row_group NULLS LAST, p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_census(date, integer) IS 'dagsudtræk: persons enrolled on a day by residence (own/other), age band and substance group, with totals, suppressed';

CREATE VIEW treg.report_census AS
SELECT r.* FROM treg.report_settings() c, treg.report_census(c.report_date, c.home_municipality) r;
COMMENT ON VIEW treg.report_census IS 'dagsudtræk on the configured report date (treg.report_config)';

/* ---- 2. flow per year ---- */

/*
 * Three tables for a calendar year, each counting a person once:
 *   new_enrolments  persons enrolled in the year, in the substance group
 *                   and entry intensity (first segment) of their first
 *                   enrolment of the year;
 *   discharges      persons discharged in the year, in the group and
 *                   intensity (last segment) of their last discharge;
 *   persons         persons in treatment at some time in the year, in the
 *                   group and intensity of their most intensive segment.
 * Intensity 'unknown' when an episode has no segment.
 */
CREATE FUNCTION treg.report_flow(year integer)
	RETURNS TABLE (measure text, substance_group text, intensity text,
				   persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH bounds AS (
		SELECT make_date($1, 1, 1) AS y0, make_date($1, 12, 31) AS y1
	), enrolled AS (
		SELECT 'new_enrolments'::text AS measure, x.substance_group,
			   coalesce((SELECT s.intensity::text FROM treg.segment s WHERE s.episode_id = x.episode_id
						 ORDER BY s.start_date LIMIT 1), 'unknown') AS intensity
		FROM (SELECT DISTINCT ON (e.person_id) e.episode_id, e.substance_group
			  FROM treg.episode e CROSS JOIN bounds b
			  WHERE e.enrol_date BETWEEN b.y0 AND b.y1
			  ORDER BY e.person_id, e.enrol_date, e.episode_id) x
	), discharged AS (
		SELECT 'discharges'::text AS measure, x.substance_group,
			   coalesce((SELECT s.intensity::text FROM treg.segment s WHERE s.episode_id = x.episode_id
						 ORDER BY s.start_date DESC LIMIT 1), 'unknown') AS intensity
		FROM (SELECT DISTINCT ON (e.person_id) e.episode_id, e.substance_group
			  FROM treg.episode e CROSS JOIN bounds b
			  WHERE e.discharge_date BETWEEN b.y0 AND b.y1
			  ORDER BY e.person_id, e.discharge_date DESC, e.episode_id DESC) x
	), in_treatment AS (
		SELECT 'persons'::text AS measure, treg.substance_group_of_rank(x.code % 10) AS substance_group,
			   treg.intensity(x.code / 10)::text AS intensity
		FROM (SELECT max(treg.intensity_rank(s.intensity) * 10
						 + treg.substance_rank(e.substance_group)) AS code
			  FROM treg.segment s CROSS JOIN bounds b
			  JOIN treg.episode e ON e.episode_id = s.episode_id
			  WHERE s.start_date <= b.y1 AND (s.end_date IS NULL OR s.end_date >= b.y0)
			  GROUP BY s.person_id) x
	), base AS MATERIALIZED (
		SELECT * FROM enrolled UNION ALL SELECT * FROM discharged
		UNION ALL SELECT * FROM in_treatment
	), cells AS MATERIALIZED (
		SELECT m.measure, c.substance_group, c.intensity, c.persons
		FROM (VALUES ('new_enrolments'), ('discharges'), ('persons')) m(measure)
		CROSS JOIN LATERAL (
			SELECT b.substance_group, b.intensity, count(*) AS persons
			FROM base b WHERE b.measure = m.measure
			GROUP BY CUBE (b.substance_group, b.intensity)) c
	)
	SELECT m.measure, p.row_key, p.col_key, p.value, p.reason
	FROM (VALUES (1, 'new_enrolments'), (2, 'discharges'), (3, 'persons')) m(ord, measure)
	CROSS JOIN LATERAL (
		SELECT array_agg(c.substance_group) AS r, array_agg(c.intensity) AS k,
			   array_agg(c.persons) AS n
		FROM cells c WHERE c.measure = m.measure) a
	CROSS JOIN LATERAL treg.publish_counts(NULL, a.r, a.k, a.n) p
	ORDER BY m.ord, p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_flow(integer) IS 'flow in a year: persons newly enrolled, discharged and in treatment, by substance group and intensity, suppressed';

CREATE VIEW treg.report_flow AS
SELECT r.* FROM treg.report_settings() c, treg.report_flow(c.report_year) r;
COMMENT ON VIEW treg.report_flow IS 'flow in the configured report year (treg.report_config)';

/* ---- 3. durations (Kaplan-Meier) ---- */

/*
 * Episodes enrolled in [from_date, to_date], by substance group and
 * intensity at entry: Kaplan-Meier quartiles of the duration (event: any
 * discharge; open episodes censored at as_of).  The published table is the
 * persons (each counted once, in the cell of the first of their episodes);
 * episodes, the open share and the quartiles are shown only where the
 * persons cell is published and at least k distinct persons stand behind
 * the episodes.
 */
CREATE FUNCTION treg.report_durations(from_date date, to_date date, as_of date)
	RETURNS TABLE (substance_group text, entry_intensity text, persons bigint,
				   episodes bigint, open_share numeric, q25_days integer,
				   median_days integer, q75_days integer, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH d AS (
		SELECT x.person_id, x.substance_group, coalesce(x.entry_intensity::text, 'unknown') AS entry_intensity,
			   x.enrol_date, x.episode_id, x.days, x.event_happened
		FROM treg.episode_durations($1, $2, 'any_discharge', $3) x
	), first_cell AS (
		SELECT DISTINCT ON (d.person_id) d.substance_group, d.entry_intensity
		FROM d ORDER BY d.person_id, d.enrol_date, d.episode_id
	), cells AS (
		SELECT f.substance_group, f.entry_intensity, count(*) AS persons
		FROM first_cell f GROUP BY CUBE (f.substance_group, f.entry_intensity)
	), pub AS (
		SELECT p.* FROM (SELECT array_agg(c.substance_group) AS r, array_agg(c.entry_intensity) AS k,
								array_agg(c.persons) AS n FROM cells c) a,
			 treg.publish_counts(NULL, a.r, a.k, a.n) p
	), stats AS (
		SELECT d.substance_group, d.entry_intensity, count(*) AS episodes,
			   treg.anon_count(d.person_id) AS anon_persons,
			   avg(CASE WHEN d.event_happened THEN 0 ELSE 1 END)::numeric AS open_share,
			   treg.retention_agg(d.days, d.event_happened) AS r
		FROM d GROUP BY CUBE (d.substance_group, d.entry_intensity)
	)
	SELECT p.row_key, p.col_key, p.value,
		   CASE WHEN ok THEN s.episodes END,
		   CASE WHEN ok THEN round(s.open_share, 3) END,
		   CASE WHEN ok THEN treg.km_quantile(s.r, 0.25)::int END,
		   CASE WHEN ok THEN treg.km_median(s.r)::int END,
		   CASE WHEN ok THEN treg.km_quantile(s.r, 0.75)::int END,
		   p.reason
	FROM pub p
	JOIN stats s ON s.substance_group IS NOT DISTINCT FROM p.row_key
				AND s.entry_intensity IS NOT DISTINCT FROM p.col_key
	CROSS JOIN LATERAL (SELECT p.value IS NOT NULL AND s.anon_persons IS NOT NULL AS ok) o
	ORDER BY p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_durations(date, date, date) IS 'episode durations by substance group and intensity at entry: Kaplan-Meier quartiles, episodes and open share, suppressed';

CREATE VIEW treg.report_durations AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_durations(make_date(c.report_year - 4, 1, 1), make_date(c.report_year, 12, 31), c.report_date) r;
COMMENT ON VIEW treg.report_durations IS 'durations of episodes enrolled in the five years up to the configured report year, as of the report date';

/* ---- 4. intensity transitions ---- */

/*
 * Person timelines as of a date (segments starting after it are ignored),
 * for the persons with a segment (of the given intensity; any when NULL)
 * overlapping [active_from, active_to]: only they can have a transition
 * there, and their whole history is kept so that episodes begin where
 * they begin.
 */
CREATE FUNCTION treg.person_timelines(as_of date, active_from date, active_to date,
									  active_intensity treg.intensity DEFAULT NULL)
	RETURNS TABLE (person_id bigint, timeline treg.care_timeline)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH active AS (
		SELECT DISTINCT a.person_id
		FROM treg.segment a
		WHERE a.start_date <= least($1, $3)
		  AND (a.end_date IS NULL OR a.end_date >= $2)
		  AND ($4 IS NULL OR a.intensity = $4)
	)
	SELECT s.person_id, treg.timeline_agg(s.start_date, s.end_date, s.intensity, s.planned_end_date)
	FROM treg.segment s
	JOIN active USING (person_id)
	WHERE s.start_date <= $1
	GROUP BY s.person_id
$fn$;
COMMENT ON FUNCTION treg.person_timelines(date, date, date, treg.intensity) IS 'one care_timeline per person active in a period, from treg.segment as of a date (person-level: not for analysts)';
REVOKE ALL ON FUNCTION treg.person_timelines(date, date, date, treg.intensity) FROM PUBLIC;

/*
 * The transition matrix of [from_date, to_date] as of as_of: from
 * intensity (or 'entry') to intensity (or 'exit'), gap tolerance
 * treg.episode_gap_days.  A cell counts the persons with at least one such
 * transition in the period; row and column totals are sums of the cells
 * (person-transitions), so the table is additive.
 */
CREATE FUNCTION treg.report_transitions(from_date date, to_date date, as_of date)
	RETURNS TABLE (from_intensity text, to_intensity text, persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH t AS (
		SELECT DISTINCT tl.person_id,
			   coalesce(x.from_intensity::text, 'entry') AS from_i,
			   coalesce(x.to_intensity::text, 'exit') AS to_i
		FROM treg.person_timelines($3, $1 - 1, $2) tl,
			 LATERAL treg.transitions(tl.timeline, $3) x
		WHERE x.transition_date BETWEEN $1 AND $2
	), leaf AS (
		SELECT t.from_i, t.to_i, count(*) AS persons FROM t GROUP BY t.from_i, t.to_i
	), cells AS (
		SELECT l.from_i, l.to_i, sum(l.persons)::bigint AS persons
		FROM leaf l GROUP BY CUBE (l.from_i, l.to_i)
	)
	SELECT p.row_key, p.col_key, p.value, p.reason
	FROM (SELECT array_agg(c.from_i) AS r, array_agg(c.to_i) AS k, array_agg(c.persons) AS n FROM cells c) a,
		 treg.publish_counts(NULL, a.r, a.k, a.n) p
	ORDER BY p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_transitions(date, date, date) IS 'intensity transition matrix of a period including entry and exit: persons per cell, suppressed';

/*
 * Day-treatment stays (segments of intensity dag) that started in
 * [from_date, to_date]: for each person the first such stay, in one of
 * four disjoint buckets by when it stepped down to ambulant: within 3
 * months, 3-6 months, 6-12 months, later or not (yet).  And day-treatment
 * stays that ended in the period: ended before the planned end
 * (shortened), on or after it, or without a planned end.
 */
CREATE FUNCTION treg.report_day_treatment(from_date date, to_date date, as_of date)
	RETURNS TABLE (measure text, category text, persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH t AS (
		SELECT tl.person_id, x.from_intensity, x.to_intensity, x.transition_date, x.shortened,
			   /* the transition after entering a stay is the one leaving it */
			   lead(x.to_intensity) OVER w AS next_to,
			   lead(x.transition_date) OVER w AS next_date
		FROM treg.person_timelines($3, $1 - 1, $2, 'dag') tl,
			 LATERAL treg.transitions(tl.timeline, $3) x
		WINDOW w AS (PARTITION BY tl.person_id ORDER BY x.transition_date, x.from_intensity NULLS FIRST)
	), starts AS (
		SELECT DISTINCT ON (s.person_id) s.transition_date AS started, s.next_to, s.next_date
		FROM t s
		WHERE s.to_intensity = 'dag' AND s.transition_date BETWEEN $1 AND $2
		ORDER BY s.person_id, s.transition_date
	), step AS (
		SELECT CASE
				WHEN st.next_to = 'ambulant'
					 AND st.next_date <= st.started + interval '3 months' THEN '1 within 3 months'
				WHEN st.next_to = 'ambulant'
					 AND st.next_date <= st.started + interval '6 months' THEN '2 3-6 months'
				WHEN st.next_to = 'ambulant'
					 AND st.next_date <= st.started + interval '12 months' THEN '3 6-12 months'
				ELSE '4 later or not' END AS category
		FROM starts st
	), ends AS (
		SELECT DISTINCT ON (e.person_id)
			   CASE WHEN e.shortened THEN '1 shortened'
					WHEN e.shortened IS NOT NULL THEN '2 not shortened'
					ELSE '3 no planned end' END AS category
		FROM t e
		WHERE e.from_intensity = 'dag' AND e.transition_date BETWEEN $1 AND $2
		ORDER BY e.person_id, e.transition_date
	), cells AS MATERIALIZED (
		SELECT 'step_down'::text AS measure, s.category, count(*) AS persons
		FROM step s GROUP BY ROLLUP (s.category)
		UNION ALL
		SELECT 'day_treatment_end', e.category, count(*)
		FROM ends e GROUP BY ROLLUP (e.category)
	)
	SELECT m.measure, substr(p.row_key, 3), p.value, p.reason
	FROM (VALUES (1, 'step_down'), (2, 'day_treatment_end')) m(ord, measure)
	CROSS JOIN LATERAL (SELECT array_agg(c.category) AS r, array_agg(c.persons) AS n
						FROM cells c WHERE c.measure = m.measure) a
	CROSS JOIN LATERAL treg.publish_counts(NULL, a.r, array_fill(NULL::text, ARRAY[cardinality(a.r)]), a.n) p
	ORDER BY m.ord, p.row_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_day_treatment(date, date, date) IS 'day treatment started in a period by time to step-down to ambulant (3/6/12 months), and day treatment ended before its planned end, suppressed';

CREATE VIEW treg.report_transitions AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_transitions(make_date(c.report_year, 1, 1), make_date(c.report_year, 12, 31), c.report_date) r;
COMMENT ON VIEW treg.report_transitions IS 'transition matrix of the configured report year';

CREATE VIEW treg.report_day_treatment AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_day_treatment(make_date(c.report_year - 1, 1, 1), make_date(c.report_year, 12, 31), c.report_date) r;
COMMENT ON VIEW treg.report_day_treatment IS 'day-treatment step-downs and shortened stays of the configured report year and the year before';

/* ---- 5. treatment guarantee ---- */

/*
 * Requests made in a calendar year, per month and track.  Two tables of
 * requests, each request in one cell:
 *   guarantee_14_days  met (started within 14 days), not_met, pending
 *                      (still waiting within the limit at as_of), waived
 *                      (free choice or own wish: shown apart);
 *   straks             met (started the same or the next working day),
 *                      not_met, pending; waived requests left out.
 * The shares are computed from published counts only (NULL when a count
 * they need is suppressed); pending requests are not in the denominator.
 */
CREATE FUNCTION treg.report_guarantee_cells(year integer, as_of date)
	RETURNS TABLE (measure text, track text, month text, outcome text, requests bigint,
				   reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH r AS (
		SELECT q.track, to_char(q.request_date, 'YYYY-MM') AS month,
			   CASE WHEN q.waiver IS NOT NULL THEN 'waived'
					ELSE CASE treg.guarantee_met(q.request_date, q.initiation_date, $2, 14)
						WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END
			   END AS g14,
			   CASE WHEN q.waiver IS NOT NULL THEN NULL
					ELSE CASE treg.straks_met(q.request_date, q.initiation_date, $2, 'next_working_day')
						WHEN true THEN 'met' WHEN false THEN 'not_met' ELSE 'pending' END
			   END AS straks
		FROM treg.request q
		WHERE q.request_date BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31)
		  AND q.request_date <= $2
	), cells AS MATERIALIZED (
		SELECT '14_days'::text AS measure, r.track, r.month, r.g14 AS outcome, count(*) AS n FROM r
		GROUP BY GROUPING SETS ((r.track, r.month, r.g14), (r.track, r.month), (r.track, r.g14),
								(r.track), (r.g14), ())
		UNION ALL
		SELECT 'straks', r.track, r.month, r.straks, count(*) FROM r WHERE r.straks IS NOT NULL
		GROUP BY GROUPING SETS ((r.track, r.month, r.straks), (r.track, r.month), (r.track, r.straks),
								(r.track), (r.straks), ())
	)
	SELECT m.measure, p.row_group, p.row_key, p.col_key, p.value, p.reason
	FROM (VALUES (1, '14_days'), (2, 'straks')) m(ord, measure)
	CROSS JOIN LATERAL (SELECT array_agg(c.track) g, array_agg(c.month) r, array_agg(c.outcome) k,
							   array_agg(c.n) n FROM cells c WHERE c.measure = m.measure) a
	CROSS JOIN LATERAL treg.publish_counts(a.g, a.r, a.k, a.n) p
	ORDER BY m.ord, p.row_group NULLS LAST, p.row_key NULLS LAST, p.col_key NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_guarantee_cells(integer, date) IS 'the two published tables behind report_guarantee (14_days: met/not_met/pending/waived; straks: met/not_met/pending) in long form, suppressed';

CREATE FUNCTION treg.report_guarantee(year integer, as_of date)
	RETURNS TABLE (track text, month text, requests bigint, met_14_days bigint,
				   not_met_14_days bigint, pending_14_days bigint, waived bigint,
				   share_met_14_days numeric, met_straks bigint, not_met_straks bigint,
				   share_met_straks numeric)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	/* a cell absent from the published table is a known zero; a NULL one is suppressed */
	WITH w AS (
		SELECT c.track, c.month,
			   max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome IS NULL) AS requests,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'met')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'met') ELSE 0 END AS met,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'not_met')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'not_met') ELSE 0 END AS not_met,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'pending')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'pending') ELSE 0 END AS pending,
			   CASE WHEN bool_or(c.measure = '14_days' AND c.outcome = 'waived')
					THEN max(c.requests) FILTER (WHERE c.measure = '14_days' AND c.outcome = 'waived') ELSE 0 END AS waived,
			   CASE WHEN bool_or(c.measure = 'straks' AND c.outcome = 'met')
					THEN max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'met') ELSE 0 END AS s_met,
			   CASE WHEN bool_or(c.measure = 'straks' AND c.outcome = 'not_met')
					THEN max(c.requests) FILTER (WHERE c.measure = 'straks' AND c.outcome = 'not_met') ELSE 0 END AS s_not_met
		FROM treg.report_guarantee_cells($1, $2) c
		GROUP BY c.track, c.month
	)
	SELECT w.track, w.month, w.requests, w.met, w.not_met, w.pending, w.waived,
		   round(w.met::numeric / nullif(w.met + w.not_met, 0), 3),
		   w.s_met, w.s_not_met,
		   round(w.s_met::numeric / nullif(w.s_met + w.s_not_met, 0), 3)
	FROM w
	ORDER BY w.track NULLS LAST, w.month NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_guarantee(integer, date) IS 'treatment guarantee per month and track: requests started within 14 days and by the next working day (straks), waivers apart, suppressed';

CREATE VIEW treg.report_guarantee AS
SELECT r.* FROM treg.report_settings() c, treg.report_guarantee(c.report_year, c.report_date) r;
COMMENT ON VIEW treg.report_guarantee IS 'treatment guarantee in the configured report year';

/* ---- 6. providers ---- */

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

/* ---- 7. costs and a what-if ---- */

/*
 * The tariffs valid in a calendar year (up to as_of), each clipped to the
 * year: a few rows per provider and intensity, so that joining segments to
 * them is a hash join instead of a lookup per segment.
 */
CREATE FUNCTION treg.tariffs_in_year(year integer, as_of date)
	RETURNS TABLE (provider_id integer, intensity treg.intensity, valid_from date,
				   valid_to date, price_per_day numeric)
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $fn$
	SELECT t.provider_id, t.intensity,
		   greatest(t.valid_from, make_date($1, 1, 1)),
		   least(coalesce(t.valid_to, 'infinity'), make_date($1, 12, 31), $2),
		   t.price_per_day
	FROM treg.tariff t
	WHERE t.valid_from <= least(make_date($1, 12, 31), $2)
	  AND (t.valid_to IS NULL OR t.valid_to >= make_date($1, 1, 1))
$fn$;
COMMENT ON FUNCTION treg.tariffs_in_year(integer, date) IS 'the tariffs valid in a year, clipped to the year and to as_of';

/*
 * The cost of a calendar year (up to as_of) in pieces: one row per segment
 * with its days in the year (cost 0), and one row per segment and tariff
 * period that prices some of those days (days 0, priced_days and cost).
 * Summing the rows of a group gives its days, priced days and cost without
 * grouping by segment.  Person-level: not granted to analysts.
 */
CREATE FUNCTION treg.cost_pieces(year integer, as_of date)
	RETURNS TABLE (person_id bigint, provider_id integer, intensity treg.intensity,
				   days integer, priced_days integer, cost numeric)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH seg AS MATERIALIZED (
		SELECT s.person_id, e.provider_id, s.intensity,
			   greatest(s.start_date, make_date($1, 1, 1)) AS d0,
			   least(coalesce(s.end_date, 'infinity'), make_date($1, 12, 31), $2) AS d1
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE s.start_date <= least(make_date($1, 12, 31), $2)
		  AND (s.end_date IS NULL OR s.end_date >= make_date($1, 1, 1))
	)
	SELECT g.person_id, g.provider_id, g.intensity, g.d1 - g.d0 + 1, 0, 0::numeric FROM seg g
	UNION ALL
	SELECT g.person_id, g.provider_id, g.intensity, 0,
		   least(g.d1, t.valid_to) - greatest(g.d0, t.valid_from) + 1,
		   t.price_per_day * (least(g.d1, t.valid_to) - greatest(g.d0, t.valid_from) + 1)
	FROM seg g
	JOIN treg.tariffs_in_year($1, $2) t ON t.provider_id = g.provider_id AND t.intensity = g.intensity
		AND t.valid_from <= g.d1 AND t.valid_to >= g.d0
$fn$;
COMMENT ON FUNCTION treg.cost_pieces(integer, date) IS 'days and tariff-priced cost of a year in pieces per segment (person-level: not for analysts)';
REVOKE ALL ON FUNCTION treg.cost_pieces(integer, date) FROM PUBLIC;

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

/*
 * What-if for a year's cost:
 *   day_cap_months       day treatment capped at this many months from the
 *                        start of the stay, the rest of the stay at the
 *                        provider's ambulant tariff (NULL: no cap);
 *   day_to_ambulant_share  this share (0..1) of the day-treatment stays
 *                        starting in the year given as ambulant instead
 *                        (expected value: the share times their cost
 *                        difference; deterministic).
 * Rows: baseline, cap, shift, cap_and_shift with cost and saving (DKK).
 * Whole-municipality totals; NULL when from 1 to k-1 persons are behind
 * them (treg.anon_count).
 */
CREATE FUNCTION treg.report_cost_scenario(year integer, as_of date, day_cap_months integer DEFAULT 6,
								   day_to_ambulant_share numeric DEFAULT 0.5)
	RETURNS TABLE (scenario text, cost numeric, saving numeric)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
DECLARE
	y0 date;
	y1 date;
	n_persons bigint;
	base numeric;
	cap_s numeric;
	shift_s numeric;
	both_s numeric;
BEGIN
	IF year IS NULL OR as_of IS NULL THEN
		RAISE EXCEPTION 'year and as_of of treg.report_cost_scenario must not be null'
			USING ERRCODE = 'null_value_not_allowed',
				  HINT = 'Give the calendar year and the as-of date of the registry.';
	END IF;
	IF day_cap_months IS NOT NULL AND day_cap_months < 0 THEN
		RAISE EXCEPTION 'day_cap_months must not be negative'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('day_cap_months was %s.', day_cap_months),
				  HINT = 'Give the number of months day treatment may last, or NULL for no cap.';
	END IF;
	IF day_to_ambulant_share IS NULL OR day_to_ambulant_share < 0 OR day_to_ambulant_share > 1 THEN
		RAISE EXCEPTION 'day_to_ambulant_share must be between 0 and 1'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('day_to_ambulant_share was %s.', coalesce(day_to_ambulant_share::text, 'NULL')),
				  HINT = 'Give the share of day-treatment starts to move to ambulant care, e.g. 0.5.';
	END IF;
	y0 := make_date(year, 1, 1);
	y1 := least(make_date(year, 12, 31), as_of);

	SELECT treg.anon_count(sc.person_id), coalesce(sum(sc.cost), 0)
	  INTO n_persons, base
	  FROM treg.cost_pieces(year, as_of) sc;

	/*
	 * Day-treatment segments against the dag (+) and ambulant (-) tariffs of
	 * their provider: the difference over all their days in the year, and
	 * over the days from cap_from on.
	 */
	WITH dag AS (
		SELECT e.provider_id, greatest(s.start_date, y0) AS d0,
			   least(coalesce(s.end_date, 'infinity'), y1) AS d1,
			   s.start_date >= y0 AS starts_in_year,
			   CASE WHEN day_cap_months IS NOT NULL
					THEN (s.start_date + make_interval(months => day_cap_months))::date
					ELSE 'infinity' END AS cap_from
		FROM treg.segment s JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE s.intensity = 'dag' AND s.start_date <= y1
		  AND (s.end_date IS NULL OR s.end_date >= y0)
	), d AS (
		SELECT g.starts_in_year,
			   CASE WHEN t.intensity = 'dag' THEN t.price_per_day ELSE -t.price_per_day END
			   * (least(g.d1, t.valid_to) - greatest(g.d0, t.valid_from) + 1) AS full_diff,
			   CASE WHEN t.intensity = 'dag' THEN t.price_per_day ELSE -t.price_per_day END
			   * greatest(least(g.d1, t.valid_to) - greatest(g.d0, g.cap_from, t.valid_from) + 1, 0) AS cap_diff
		FROM dag g
		JOIN treg.tariffs_in_year(year, as_of) t ON t.provider_id = g.provider_id
			AND t.intensity IN ('dag', 'ambulant')
			AND t.valid_from <= g.d1 AND t.valid_to >= g.d0
	)
	SELECT coalesce(sum(d.cap_diff), 0),
		   coalesce(day_to_ambulant_share * sum(d.full_diff) FILTER (WHERE d.starts_in_year), 0),
		   coalesce(sum(d.cap_diff) FILTER (WHERE NOT d.starts_in_year), 0)
		   + coalesce(sum(day_to_ambulant_share * d.full_diff
						  + (1 - day_to_ambulant_share) * d.cap_diff) FILTER (WHERE d.starts_in_year), 0)
	  INTO cap_s, shift_s, both_s
	  FROM d;

	IF n_persons IS NULL THEN
		base := NULL; cap_s := NULL; shift_s := NULL; both_s := NULL;
	END IF;
	RETURN QUERY VALUES
		('baseline'::text, round(base), 0::numeric),
		('cap', round(base - cap_s), round(cap_s)),
		('shift', round(base - shift_s), round(shift_s)),
		('cap_and_shift', round(base - both_s), round(both_s));
END
$fn$;
COMMENT ON FUNCTION treg.report_cost_scenario(integer, date, integer, numeric) IS 'what-if cost of a year: day treatment capped at N months then ambulant, and/or a share of day starts given as ambulant; cost and saving in DKK';

CREATE VIEW treg.report_cost_scenario AS
SELECT r.* FROM treg.report_settings() c, treg.report_cost_scenario(c.report_year, c.report_date, 6, 0.5) r;
COMMENT ON VIEW treg.report_cost_scenario IS 'what-if for the configured report year: day treatment capped at 6 months, half the day starts as ambulant';

/* ---- 8. youth and older persons ---- */

/*
 * Census on a day and new enrolments in a year by age group (under 18,
 * 18-29, 30-64, 65+, unknown) and substance group, own residents only for
 * the census, with "under 30" as the sum of the first two.  The census
 * cells are re-aggregated from the published cells of report_census
 * (never from raw counts), so comparing the two reports reveals nothing
 * that either hides.  New enrolments: as in report_flow, each person once,
 * by the first enrolment of the year, age on the enrolment day.
 */
CREATE FUNCTION treg.report_age_groups(on_date date, home_municipality integer, year integer)
	RETURNS TABLE (measure text, age_group text, substance_group text, persons bigint, reason text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH census AS (
		SELECT c.age_band, c.substance_group, c.persons, c.reason
		FROM treg.report_census($1, $2) c
		WHERE c.residence = 'own' AND c.age_band IS NOT NULL
	), grouped AS (
		SELECT CASE WHEN c.age_band = '0-17' THEN 'under 18'
					WHEN c.age_band IN ('18-24', '25-29') THEN '18-29'
					WHEN c.age_band IN ('30-49', '50-64') THEN '30-64'
					ELSE c.age_band END AS age_group,
			   c.substance_group, c.persons, c.reason
		FROM census c
	), census_out AS (
		SELECT 'census'::text AS measure, g.age_group, g.substance_group,
			   CASE WHEN bool_and(g.persons IS NOT NULL) THEN sum(g.persons)::bigint END AS persons,
			   CASE WHEN bool_or(g.persons IS NULL) THEN 'suppressed part' END AS reason
		FROM grouped g GROUP BY g.age_group, g.substance_group
		UNION ALL
		SELECT 'census', 'under 30', g.substance_group,
			   CASE WHEN bool_and(g.persons IS NOT NULL) THEN sum(g.persons)::bigint END,
			   CASE WHEN bool_or(g.persons IS NULL) THEN 'suppressed part' END
		FROM grouped g WHERE g.age_group IN ('under 18', '18-29') GROUP BY g.substance_group
	), enrolled AS (
		SELECT DISTINCT ON (e.person_id) e.substance_group,
			   treg.age_group(p.birth_date, e.enrol_date) AS age_group
		FROM treg.episode e JOIN treg.person p ON p.person_id = e.person_id
		WHERE e.enrol_date BETWEEN make_date($3, 1, 1) AND make_date($3, 12, 31)
		ORDER BY e.person_id, e.enrol_date, e.episode_id
	), ecells AS (
		SELECT en.age_group, en.substance_group, count(*) AS persons
		FROM enrolled en GROUP BY CUBE (en.age_group, en.substance_group)
	), epub AS (
		SELECT p.* FROM (SELECT array_agg(age_group) r, array_agg(substance_group) k, array_agg(persons) n
						 FROM ecells) a,
			 treg.publish_counts(NULL, a.r, a.k, a.n) p
	), enrol_out AS (
		SELECT 'new_enrolments'::text, p.row_key, p.col_key, p.value, p.reason FROM epub p
		UNION ALL
		SELECT 'new_enrolments', 'under 30', p.col_key,
			   CASE WHEN bool_and(p.value IS NOT NULL) THEN sum(p.value)::bigint END,
			   CASE WHEN bool_or(p.value IS NULL) THEN 'suppressed part' END
		FROM epub p WHERE p.row_key IN ('under 18', '18-29') GROUP BY p.col_key
	)
	SELECT o.measure, o.age_group, o.substance_group, o.persons,
		   CASE WHEN treg.report_reason_visible() THEN o.reason END
	FROM (SELECT * FROM census_out UNION ALL SELECT * FROM enrol_out) o
	ORDER BY o.measure, o.age_group NULLS LAST, o.substance_group NULLS LAST
$fn$;
COMMENT ON FUNCTION treg.report_age_groups(date, integer, integer) IS 'youth and older persons: census and new enrolments by age group (under 18, 18-29, under 30, 30-64, 65+) and substance group, suppressed';

CREATE VIEW treg.report_age_groups AS
SELECT r.* FROM treg.report_settings() c,
	treg.report_age_groups(c.report_date, c.home_municipality, c.report_year) r;
COMMENT ON VIEW treg.report_age_groups IS 'youth and older persons on the configured report date and year';
