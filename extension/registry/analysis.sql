/*
 * Person-level analyses over the reference registry (layer 3, SQL): the
 * inputs the reports aggregate, for users who may read the registry
 * (treg_writer).  Security invoker; the person-level ones are not granted
 * to analysts.
 *
 * Episode durations for Kaplan-Meier:
 *
 * An episode counts when it was enrolled between from_date and to_date
 * (both inclusive) and not after as_of.  Its duration in days counts the
 * first and the last day: least(discharge_date, as_of) - enrol_date + 1;
 * an episode still open at as_of (no discharge, or discharged after it) is
 * censored there.  The event is a discharge on or before as_of with a
 * reason chosen by the event argument: 'dropout' (dropped_out),
 * 'any_discharge' (every reason) or 'not_completed' (every reason but
 * completed); a discharge for another reason censors the episode.  The
 * intensity at entry is the intensity of the episode's first segment
 * (NULL when the episode has no segment starting on or before as_of).
 */
CREATE FUNCTION treg.episode_durations(from_date date, to_date date, event text,
									   as_of date)
	RETURNS TABLE (episode_id bigint, person_id bigint, provider_id integer,
				   substance_group text, entry_intensity treg.intensity,
				   enrol_date date, days int4, event_happened boolean)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	AS $fn$
#variable_conflict use_column
BEGIN
	IF from_date IS NULL OR to_date IS NULL OR event IS NULL OR as_of IS NULL THEN
		RAISE EXCEPTION 'arguments of treg.episode_durations must not be null'
			USING ERRCODE = 'null_value_not_allowed',
				  DETAIL = 'from_date, to_date, event and as_of are all required.',
				  HINT = 'Give the period of enrolment, the event (dropout, any_discharge or not_completed) and the as_of date; open episodes are censored at as_of, never at now().';
	END IF;
	IF event NOT IN ('dropout', 'any_discharge', 'not_completed') THEN
		RAISE EXCEPTION 'invalid retention event: "%"', event
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = 'The event says which discharges end an episode; other discharges censor it.',
				  HINT = 'Use "dropout" (dropped out), "any_discharge" or "not_completed" (any reason but completed).';
	END IF;
	RETURN QUERY
	SELECT e.episode_id, e.person_id, e.provider_id, e.substance_group,
		   f.intensity, e.enrol_date,
		   (CASE WHEN e.discharge_date <= as_of THEN e.discharge_date ELSE as_of END
			- e.enrol_date + 1)::int4,
		   coalesce(e.discharge_date <= as_of AND
					CASE event
						WHEN 'dropout' THEN e.discharge_reason = 'dropped_out'
						WHEN 'any_discharge' THEN true
						ELSE e.discharge_reason <> 'completed'
					END, false)
	FROM treg.episode e
	/* the first segment: one index probe per episode, not a sort of all segments */
	LEFT JOIN LATERAL (SELECT s.intensity
					   FROM treg.segment s
					   WHERE s.episode_id = e.episode_id AND s.start_date <= as_of
					   ORDER BY s.start_date
					   LIMIT 1) f ON true
	WHERE e.enrol_date BETWEEN from_date AND to_date
	  AND e.enrol_date <= as_of;
END
$fn$;
COMMENT ON FUNCTION treg.episode_durations(date, date, text, date) IS 'episodes enrolled in [from_date, to_date] with duration in days (end - start + 1, censored at as_of) and event flag, for retention_agg';

CREATE FUNCTION treg.retention_by_entry_intensity(from_date date, to_date date,
												  event text, as_of date,
												  conf_type text DEFAULT 'log')
	RETURNS TABLE (intensity text, day int4, at_risk int8, events int8,
				   censored int8, survival float8, std_err float8,
				   lower float8, upper float8)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	AS $fn$
BEGIN
	/* check the transform even when there is no episode */
	PERFORM treg.km_curve('{}'::treg.retention, retention_by_entry_intensity.conf_type);
	RETURN QUERY
	SELECT g.entry_intensity::text, k.day, k.at_risk, k.events, k.censored,
		   k.survival, k.std_err, k.lower, k.upper
	FROM (SELECT d.entry_intensity,
				 treg.retention_agg(d.days, d.event_happened) AS r
		  FROM treg.episode_durations(retention_by_entry_intensity.from_date,
									  retention_by_entry_intensity.to_date,
									  retention_by_entry_intensity.event,
									  retention_by_entry_intensity.as_of) d
		  GROUP BY d.entry_intensity) g,
		 LATERAL treg.km_curve(g.r, retention_by_entry_intensity.conf_type) k
	ORDER BY g.entry_intensity, k.day;
END
$fn$;
COMMENT ON FUNCTION treg.retention_by_entry_intensity(date, date, text, date, text) IS 'Kaplan-Meier curve of episode durations by intensity at entry, as plain rows';

CREATE FUNCTION treg.retention_summary_by_entry_intensity(from_date date, to_date date,
														  event text, as_of date)
	RETURNS TABLE (intensity text, episodes int8, persons int8, events int8,
				   median_days float8, survival_182 float8, survival_365 float8,
				   rmst_365 float8)
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $fn$
	SELECT d.entry_intensity::text, count(*), count(DISTINCT d.person_id),
		   treg.retention_events(treg.retention_agg(d.days, d.event_happened)),
		   treg.km_median(treg.retention_agg(d.days, d.event_happened)),
		   treg.km_survival(treg.retention_agg(d.days, d.event_happened), 182),
		   treg.km_survival(treg.retention_agg(d.days, d.event_happened), 365),
		   treg.km_rmst(treg.retention_agg(d.days, d.event_happened), 365)
	FROM treg.episode_durations(retention_summary_by_entry_intensity.from_date,
								retention_summary_by_entry_intensity.to_date,
								retention_summary_by_entry_intensity.event,
								retention_summary_by_entry_intensity.as_of) d
	GROUP BY d.entry_intensity
	ORDER BY d.entry_intensity
$fn$;
COMMENT ON FUNCTION treg.retention_summary_by_entry_intensity(date, date, text, date) IS 'one row per intensity at entry: episodes, persons, events, median days, survival at 182 and 365 days, restricted mean to 365 days';

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
		WHERE treg.overlaps_period(a.start_date, a.end_date, person_timelines.active_from,
								   person_timelines.active_to, person_timelines.as_of)
		  AND (person_timelines.active_intensity IS NULL
			   OR a.intensity = person_timelines.active_intensity)
	)
	SELECT s.person_id, treg.timeline_agg(s.start_date, s.end_date, s.intensity, s.planned_end_date)
	FROM treg.segment s
	JOIN active USING (person_id)
	WHERE s.start_date <= person_timelines.as_of
	GROUP BY s.person_id
$fn$;
COMMENT ON FUNCTION treg.person_timelines(date, date, date, treg.intensity) IS 'one care_timeline per person active in a period, from treg.segment as of a date (person-level: not for analysts)';
REVOKE ALL ON FUNCTION treg.person_timelines(date, date, date, treg.intensity) FROM PUBLIC;

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
		   greatest(t.valid_from, make_date(tariffs_in_year.year, 1, 1)),
		   least(coalesce(t.valid_to, 'infinity'), make_date(tariffs_in_year.year, 12, 31),
				 tariffs_in_year.as_of),
		   t.price_per_day
	FROM treg.tariff t
	WHERE treg.overlaps_period(t.valid_from, t.valid_to, make_date(tariffs_in_year.year, 1, 1),
							   make_date(tariffs_in_year.year, 12, 31), tariffs_in_year.as_of)
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
			   greatest(s.start_date, make_date(cost_pieces.year, 1, 1)) AS d0,
			   least(coalesce(s.end_date, 'infinity'), make_date(cost_pieces.year, 12, 31),
					 cost_pieces.as_of) AS d1,
			   treg.days_in_period(s.start_date, s.end_date, make_date(cost_pieces.year, 1, 1),
								   make_date(cost_pieces.year, 12, 31), cost_pieces.as_of) AS days
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE treg.overlaps_period(s.start_date, s.end_date, make_date(cost_pieces.year, 1, 1),
								   make_date(cost_pieces.year, 12, 31), cost_pieces.as_of)
	)
	SELECT g.person_id, g.provider_id, g.intensity, g.days, 0, 0::numeric FROM seg g
	UNION ALL
	SELECT g.person_id, g.provider_id, g.intensity, 0,
		   least(g.d1, t.valid_to) - greatest(g.d0, t.valid_from) + 1,
		   t.price_per_day * (least(g.d1, t.valid_to) - greatest(g.d0, t.valid_from) + 1)
	FROM seg g
	JOIN treg.tariffs_in_year(cost_pieces.year, cost_pieces.as_of) t ON t.provider_id = g.provider_id AND t.intensity = g.intensity
		AND t.valid_from <= g.d1 AND t.valid_to >= g.d0
$fn$;
COMMENT ON FUNCTION treg.cost_pieces(integer, date) IS 'days and tariff-priced cost of a year in pieces per segment (person-level: not for analysts)';
REVOKE ALL ON FUNCTION treg.cost_pieces(integer, date) FROM PUBLIC;
