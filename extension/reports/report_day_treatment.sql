/* Committee report: day treatment: step-downs and shortened stays. */

/*
 * Per person the one category of each measure over [from_date, to_date]
 * as of as_of (gap tolerance 30 days, fixed: see report_transitions.sql).
 *   step_down          the person's first day-treatment stay (intensity
 *                      dag) entered in the period, by when it stepped down
 *                      to ambulant: within_3_months, 3_6_months,
 *                      6_12_months, later_or_not (also: left to døgn or
 *                      out of care, or not yet);
 *   day_treatment_end  the person's first day-treatment stay left in the
 *                      period: no_planned_end (none of its segments has a
 *                      planned end), else shortened (left before its
 *                      latest planned end) or not_shortened.  (0.1.0 took
 *                      a stay without planned end as not shortened, so
 *                      no_planned_end was always 0.)
 * Person-level: not for analysts.
 */
CREATE FUNCTION treg.day_treatment_persons(from_date date, to_date date, as_of date)
	RETURNS TABLE (person_id bigint, measure text, category text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH t AS (
		SELECT tl.person_id, tl.timeline, x.from_intensity, x.to_intensity, x.transition_date,
			   x.shortened,
			   /* the transition after entering a stay is the one leaving it, and vice versa */
			   lead(x.to_intensity) OVER w AS next_to,
			   lead(x.transition_date) OVER w AS next_date,
			   lag(x.transition_date) OVER w AS stay_start
		FROM treg.person_timelines(day_treatment_persons.as_of, day_treatment_persons.from_date - 1,
								   day_treatment_persons.to_date, 'dag') tl,
			 LATERAL treg.transitions(tl.timeline, 30, day_treatment_persons.as_of) x
		WINDOW w AS (PARTITION BY tl.person_id ORDER BY x.transition_date, x.from_intensity NULLS FIRST)
	), starts AS (
		SELECT DISTINCT ON (s.person_id) s.person_id, s.transition_date AS started, s.next_to, s.next_date
		FROM t s
		WHERE s.to_intensity = 'dag'
		  AND s.transition_date BETWEEN day_treatment_persons.from_date AND day_treatment_persons.to_date
		ORDER BY s.person_id, s.transition_date
	), ends AS (
		SELECT DISTINCT ON (e.person_id) e.person_id, e.shortened,
			   /* a planned end on one of the day-treatment segments of the stay left */
			   EXISTS (SELECT FROM treg.segments(e.timeline) g
					   WHERE g.intensity = 'dag' AND g.planned_end_date IS NOT NULL
						 AND g.start_date >= e.stay_start AND g.start_date < e.transition_date) AS planned
		FROM t e
		WHERE e.from_intensity = 'dag'
		  AND e.transition_date BETWEEN day_treatment_persons.from_date AND day_treatment_persons.to_date
		ORDER BY e.person_id, e.transition_date
	)
	SELECT st.person_id, 'step_down',
		   CASE WHEN st.next_to IS DISTINCT FROM 'ambulant' THEN 'later_or_not'
				WHEN st.next_date <= st.started + interval '3 months' THEN 'within_3_months'
				WHEN st.next_date <= st.started + interval '6 months' THEN '3_6_months'
				WHEN st.next_date <= st.started + interval '12 months' THEN '6_12_months'
				ELSE 'later_or_not' END
	FROM starts st
	UNION ALL
	SELECT en.person_id, 'day_treatment_end',
		   CASE WHEN NOT en.planned THEN 'no_planned_end'
				WHEN en.shortened THEN 'shortened'
				ELSE 'not_shortened' END
	FROM ends en
$fn$;
REVOKE ALL ON FUNCTION treg.day_treatment_persons(date, date, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.day_treatment_persons(date, date, date) IS 'per person the step-down category of the first day-treatment stay entered in a period and the end category of the first one left in it (person-level: not for analysts)';

/*
 * The period of report_day_treatment: the first year must not be after
 * the last (each is checked by treg.report_check_year).  Returns true or
 * raises 22023; NULLs are left to report_check_year.
 */
CREATE FUNCTION treg.report_check_year_order(from_year integer, to_year integer) RETURNS boolean
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	AS $fn$
BEGIN
	IF from_year > to_year THEN
		RAISE EXCEPTION 'first report year must not be after the last'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('The years were %s to %s.', from_year, to_year),
				  HINT = 'Give the first and the last calendar year of the period, e.g. 2024, 2025.';
	END IF;
	RETURN true;
END
$fn$;
COMMENT ON FUNCTION treg.report_check_year_order(integer, integer) IS 'a period of report years: the first not after the last (22023 otherwise)';

/*
 * Day treatment in the calendar years from_year to to_year as of the
 * as-of date of the reports: step_down (first stay entered in the period,
 * by time to step-down to ambulant) and day_treatment_end (first stay
 * left in the period: shortened, not shortened, no planned end).  Each
 * person is in one category of each measure; the total of a measure is a
 * cell of its own persons.  Perturbed.
 */
CREATE FUNCTION treg.report_day_treatment(from_year integer, to_year integer)
	RETURNS TABLE (from_year integer, to_year integer, measure text, measure_da text,
				   measure_order integer, category text, category_da text, category_order integer,
				   is_total boolean, persons bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH checked AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_day_treatment.from_year, x.as_of) AS y0,
			   treg.report_check_year(report_day_treatment.to_year, x.as_of) AS y1
		FROM treg.report_context() x
		WHERE treg.report_check_year_order(report_day_treatment.from_year, report_day_treatment.to_year)
	), cells AS (
		SELECT b.measure, b.category, treg.cell_agg(b.person_id, c.secret) AS c
		FROM checked c,
			 treg.day_treatment_persons(make_date(c.y0, 1, 1), make_date(c.y1, 12, 31), c.as_of) b
		GROUP BY GROUPING SETS ((b.measure, b.category), (b.measure)), c.secret
	), grid AS (
		/* every cell of the published table, empty ones included */
		SELECT m.measure, l.code AS category
		FROM (VALUES ('step_down', 1, 4), ('day_treatment_end', 5, 7)) m(measure, lo, hi)
		JOIN (SELECT code, sort_order FROM treg.report_label WHERE domain = 'day_category'
			  UNION ALL SELECT NULL, NULL) l
		  ON l.sort_order BETWEEN m.lo AND m.hi OR l.code IS NULL
	)
	SELECT c.y0, c.y1, g.measure, treg.label_da('day_measure', g.measure),
		   treg.label_order('day_measure', g.measure),
		   coalesce(g.category, 'total'), treg.label_da('day_category', g.category),
		   treg.label_order('day_category', g.category),
		   g.category IS NULL, v.persons, v.persons IS NULL
	FROM checked c CROSS JOIN grid g
	LEFT JOIN cells x ON x.measure = g.measure AND x.category IS NOT DISTINCT FROM g.category
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((x.c).persons, 0), coalesce((x.c).cell_key, 0),
												1, c.noise_sd, c.k) AS persons) v
	ORDER BY treg.label_order('day_measure', g.measure), treg.label_order('day_category', g.category)
$fn$;
COMMENT ON FUNCTION treg.report_day_treatment(integer, integer) IS 'day treatment entered in calendar years from_year..to_year by time to step-down to ambulant (3/6/12 months), and day treatment left before its planned end, persons per category with totals, perturbed';

CREATE VIEW treg.report_day_treatment AS
SELECT r.from_year, r.to_year, r.measure::varchar(20) AS measure, r.measure_da::varchar(80) AS measure_da,
	   r.measure_order, r.category::varchar(20) AS category, r.category_da::varchar(80) AS category_da,
	   r.category_order, r.is_total, r.persons, r.suppressed
FROM treg.report_settings() c, treg.report_day_treatment(c.report_year - 1, c.report_year) r;
COMMENT ON VIEW treg.report_day_treatment IS 'Dagbehandling i rapportåret og året før: trin ned til ambulant og afkortede forløb / day treatment in the report year and the year before: step-down to outpatient and stays ended before the planned end (perturbed)';
SELECT treg.document_columns('treg.report_day_treatment', $$
from_year | Første år i perioden | First year of the period
to_year | Sidste år i perioden | Last year of the period
measure | Opgørelse (kode: step_down, day_treatment_end) | Measure (code: step_down, day_treatment_end)
measure_da | Opgørelse | Measure (Danish label)
measure_order | Sortering af opgørelse | Sort order of the measure
category | Kategori (kode: within_3_months, 3_6_months, 6_12_months, later_or_not; shortened, not_shortened, no_planned_end; total) | Category (code; total)
category_da | Kategori | Category (Danish label)
category_order | Sortering af kategori | Sort order of the category
is_total | Sand for totalrækker | True on total rows
persons | Antal borgere (med støj; NULL når diskretioneret) | Persons (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult (1 til k-1) | True when the figure is suppressed (1 to k-1)
$$);

INSERT INTO treg.report_info VALUES
	('report_day_treatment', 'Dagbehandling: trin ned og afkortede forløb', 'Day treatment: step-down and shortened stays', 'Året før {year} og {year}, opgjort pr. {as_of}', 41);
