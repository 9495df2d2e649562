/* Committee report: a what-if for the cost of a year. */

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
