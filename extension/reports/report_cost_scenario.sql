/* Committee report: a what-if for the cost of a year. */

/*
 * The arguments of the what-if must be coarse: a cap of 1 to 24 whole
 * months and a share in steps of 0.05 from 0 to 1.  22023 otherwise.
 */
CREATE FUNCTION treg.report_check_cost_scenario(day_cap_months integer, day_to_ambulant_share numeric)
	RETURNS void
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	AS $fn$
BEGIN
	IF day_cap_months IS NULL OR day_cap_months NOT BETWEEN 1 AND 24 THEN
		RAISE EXCEPTION 'day_cap_months must be a whole number of months from 1 to 24'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('day_cap_months was %s.', coalesce(day_cap_months::text, 'NULL')),
				  HINT = 'Give the number of months day treatment may last, e.g. 6.';
	END IF;
	IF day_to_ambulant_share IS NULL OR day_to_ambulant_share < 0 OR day_to_ambulant_share > 1
		OR day_to_ambulant_share * 20 <> trunc(day_to_ambulant_share * 20) THEN
		RAISE EXCEPTION 'day_to_ambulant_share must be a multiple of 0.05 from 0 to 1'
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = format('day_to_ambulant_share was %s.', coalesce(day_to_ambulant_share::text, 'NULL')),
				  HINT = 'Give the share of day-treatment starts to move to ambulant care in steps of 0.05, e.g. 0.5.';
	END IF;
END
$fn$;
COMMENT ON FUNCTION treg.report_check_cost_scenario(integer, numeric) IS 'coarse arguments of report_cost_scenario: a cap of 1 to 24 months and a share in steps of 0.05 from 0 to 1 (22023 otherwise)';

/*
 * Per person with cost in a year (as of a date): the baseline cost (the
 * cost of report_costs) and the saving of each scenario.  Day-treatment
 * segments are priced against the dag (+) and ambulant (-) tariffs of
 * their provider:
 *   cap            the difference on the days from day_cap_months after
 *                  the start of the stay on;
 *   shift          day_to_ambulant_share times the difference on all days
 *                  in the year of the stays that start in the year;
 *   cap_and_shift  shift for the stays starting in the year (and the cap
 *                  for the rest of them), the cap for the older stays.
 * Person-level: not for analysts.
 */
CREATE FUNCTION treg.cost_scenario_persons(year integer, as_of date, day_cap_months integer,
										   day_to_ambulant_share numeric)
	RETURNS TABLE (person_id bigint, baseline numeric, cap_saving numeric, shift_saving numeric,
				   cap_and_shift_saving numeric)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH dag AS (
		SELECT s.person_id, e.provider_id,
			   greatest(s.start_date, make_date(cost_scenario_persons.year, 1, 1)) AS d0,
			   least(coalesce(s.end_date, 'infinity'), make_date(cost_scenario_persons.year, 12, 31),
					 cost_scenario_persons.as_of) AS d1,
			   s.start_date >= make_date(cost_scenario_persons.year, 1, 1) AS starts_in_year,
			   (s.start_date + make_interval(months => cost_scenario_persons.day_cap_months))::date AS cap_from
		FROM treg.segment s JOIN treg.episode e ON e.episode_id = s.episode_id
		WHERE s.intensity = 'dag'
		  AND treg.overlaps_period(s.start_date, s.end_date, make_date(cost_scenario_persons.year, 1, 1),
								   make_date(cost_scenario_persons.year, 12, 31), cost_scenario_persons.as_of)
	), diff AS (
		SELECT g.person_id, g.starts_in_year,
			   CASE WHEN t.intensity = 'dag' THEN t.price_per_day ELSE -t.price_per_day END
			   * (least(g.d1, t.valid_to) - greatest(g.d0, t.valid_from) + 1) AS full_diff,
			   CASE WHEN t.intensity = 'dag' THEN t.price_per_day ELSE -t.price_per_day END
			   * greatest(least(g.d1, t.valid_to) - greatest(g.d0, g.cap_from, t.valid_from) + 1, 0) AS cap_diff
		FROM dag g
		JOIN treg.tariffs_in_year(cost_scenario_persons.year, cost_scenario_persons.as_of) t
			ON t.provider_id = g.provider_id AND t.intensity IN ('dag', 'ambulant')
			AND t.valid_from <= g.d1 AND t.valid_to >= g.d0
	), saving AS (
		SELECT d.person_id, sum(d.cap_diff) AS cap_s,
			   coalesce(cost_scenario_persons.day_to_ambulant_share
						* sum(d.full_diff) FILTER (WHERE d.starts_in_year), 0) AS shift_s,
			   coalesce(sum(d.cap_diff) FILTER (WHERE NOT d.starts_in_year), 0)
			   + coalesce(sum(cost_scenario_persons.day_to_ambulant_share * d.full_diff
							  + (1 - cost_scenario_persons.day_to_ambulant_share) * d.cap_diff)
						  FILTER (WHERE d.starts_in_year), 0) AS both_s
		FROM diff d GROUP BY d.person_id
	), base AS (
		SELECT cp.person_id, sum(cp.cost) AS cost
		FROM treg.cost_pieces(cost_scenario_persons.year, cost_scenario_persons.as_of) cp
		GROUP BY cp.person_id
	)
	SELECT b.person_id, b.cost, coalesce(s.cap_s, 0), coalesce(s.shift_s, 0), coalesce(s.both_s, 0)
	FROM base b LEFT JOIN saving s ON s.person_id = b.person_id
$fn$;
REVOKE ALL ON FUNCTION treg.cost_scenario_persons(integer, date, integer, numeric) FROM PUBLIC;
COMMENT ON FUNCTION treg.cost_scenario_persons(integer, date, integer, numeric) IS 'per person with cost in a year: baseline cost and the saving of the cap, shift and cap_and_shift scenarios (person-level: not for analysts)';

/*
 * What-if for a year's cost: baseline, cap, shift and cap_and_shift, each
 * with its cost and saving (DKK).  One cell: the persons with cost in the
 * year, the total cell of report_costs (the same persons figure, stream 1,
 * and the same baseline cost, stream 10).  The saving of each scenario is
 * a sum perturbed with that cell's key and a stream of its own (21 cap,
 * 22 shift, 23 cap_and_shift), its deviate drawn for the exact saving
 * (rounded to whole DKK) rather than for the persons, because the analyst
 * chooses the cap and the share: the same saving always gets the same
 * noise, and two choices with different savings get unrelated noise, so
 * that differencing two choices never gives an exact difference.  The
 * cost of a scenario is the published baseline minus the published
 * saving (no second noisy copy of the baseline).  Everything is published
 * only where the persons figure is at least k and the dominance rule holds
 * (for the saving: on the persons' absolute savings).
 */
CREATE FUNCTION treg.report_cost_scenario(year integer, day_cap_months integer DEFAULT 6,
										  day_to_ambulant_share numeric DEFAULT 0.5)
	RETURNS TABLE (year integer, day_cap_months integer, day_to_ambulant_share numeric,
				   scenario text, scenario_da text, scenario_order integer, is_total boolean,
				   persons bigint, persons_suppressed boolean, cost numeric,
				   cost_suppressed boolean, saving numeric, saving_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_cost_scenario.year, x.as_of) AS y,
			   treg.report_check_cost_scenario(report_cost_scenario.day_cap_months,
											   report_cost_scenario.day_to_ambulant_share) AS checked
		FROM treg.report_context() x
	), persons AS MATERIALIZED (
		SELECT p.*
		FROM ctx, treg.cost_scenario_persons(ctx.y, ctx.as_of, report_cost_scenario.day_cap_months,
											 report_cost_scenario.day_to_ambulant_share) p
	), pp AS (
		/* one row per person and figure: the baseline cost and the saving of each scenario */
		SELECT p.person_id, v.figure, v.amount
		FROM persons p
		CROSS JOIN LATERAL (VALUES ('baseline', p.baseline), ('cap', p.cap_saving),
								   ('shift', p.shift_saving), ('cap_and_shift', p.cap_and_shift_saving))
			v(figure, amount)
	), sums AS (
		SELECT r.figure, sum(r.amount) AS amount, max(abs(r.amount)) AS largest,
			   sum(abs(r.amount)) FILTER (WHERE r.rn <= 2) AS top2, sum(abs(r.amount)) AS absolute
		FROM (SELECT pp.*, row_number() OVER (PARTITION BY pp.figure ORDER BY abs(pp.amount) DESC) AS rn
			  FROM pp) r
		GROUP BY r.figure
	), cell AS (
		SELECT treg.cell_agg(p.person_id, ctx.secret) AS c
		FROM ctx LEFT JOIN persons p ON true
		GROUP BY ctx.secret
	), pub AS (
		SELECT coalesce((cell.c).persons, 0) AS n, coalesce((cell.c).cell_key, 0) AS cell_key,
			   treg.noisy_count(coalesce((cell.c).persons, 0), coalesce((cell.c).cell_key, 0), 1,
								ctx.noise_sd, ctx.k) AS persons
		FROM ctx, cell
	), figures AS (
		/* the published baseline cost (as in report_costs) and savings */
		SELECT l.code AS figure,
			   CASE WHEN pub.persons < ctx.k OR pub.persons IS NULL THEN NULL
					WHEN l.code = 'baseline'
					THEN treg.noisy_sum(coalesce(s.amount, 0), coalesce(s.largest, 0), coalesce(s.top2, 0),
										coalesce(s.absolute, 0), pub.cell_key, pub.n, 10)
					ELSE treg.noisy_sum(coalesce(s.amount, 0), coalesce(s.largest, 0), coalesce(s.top2, 0),
										coalesce(s.absolute, 0), pub.cell_key, round(coalesce(s.amount, 0))::bigint,
										CASE l.code WHEN 'cap' THEN 21 WHEN 'shift' THEN 22 ELSE 23 END) END AS amount
		FROM ctx, pub, treg.report_label l
		LEFT JOIN sums s ON s.figure = l.code
		WHERE l.domain = 'scenario'
	)
	SELECT ctx.y, report_cost_scenario.day_cap_months, report_cost_scenario.day_to_ambulant_share,
		   l.code, l.label_da, l.sort_order, false, pub.persons, pub.persons IS NULL,
		   v.cost, v.cost IS NULL, v.saving, v.saving IS NULL
	FROM ctx CROSS JOIN pub
	CROSS JOIN treg.report_label l
	CROSS JOIN LATERAL (
		SELECT b.amount - CASE WHEN l.code = 'baseline' THEN 0 ELSE f.amount END AS cost,
			   CASE WHEN l.code = 'baseline' THEN b.amount * 0 ELSE f.amount END AS saving
		FROM figures b, figures f
		WHERE b.figure = 'baseline' AND f.figure = l.code
	) v
	WHERE l.domain = 'scenario'
	ORDER BY l.sort_order
$fn$;
COMMENT ON FUNCTION treg.report_cost_scenario(integer, integer, numeric) IS 'what-if cost of a year: day treatment capped at N months then ambulant, and/or a share of day starts given as ambulant; cost and saving in DKK, perturbed';

CREATE VIEW treg.report_cost_scenario AS
SELECT r.year, r.day_cap_months, r.day_to_ambulant_share::numeric(3, 2) AS day_to_ambulant_share,
	   r.scenario::varchar(20) AS scenario, r.scenario_da::varchar(80) AS scenario_da,
	   r.scenario_order, r.is_total, r.persons, r.persons_suppressed,
	   r.cost::numeric(14, 0) AS cost, r.cost_suppressed,
	   r.saving::numeric(14, 0) AS saving, r.saving_suppressed
FROM treg.report_settings() c, treg.report_cost_scenario(c.report_year, 6, 0.5) r;
COMMENT ON VIEW treg.report_cost_scenario IS 'Hvad-nu-hvis for årets udgift: dagbehandling højst 6 måneder, halvdelen af dagbehandlingsstarterne som ambulant / what-if for the report year''s cost: day treatment capped at 6 months, half the day starts as outpatient (perturbed)';
SELECT treg.document_columns('treg.report_cost_scenario', $$
year | Opgørelsesår | Report year
day_cap_months | Dagbehandling højst (måneder) | Day treatment capped at (months)
day_to_ambulant_share | Andel af dagbehandlingsstarter givet som ambulant | Share of day-treatment starts given as outpatient
scenario | Scenarie (kode: baseline, cap, shift, cap_and_shift) | Scenario (code: baseline, cap, shift, cap_and_shift)
scenario_da | Scenarie | Scenario (Danish label)
scenario_order | Sortering af scenarier | Sort order of the scenarios
is_total | Altid falsk (ingen totalrækker) | Always false (no total rows)
persons | Borgere med udgift i året (med støj; NULL når diskretioneret) | Persons with cost in the year (perturbed; NULL when suppressed)
persons_suppressed | Sand når antallet af borgere er skjult | True when the persons figure is suppressed
cost | Udgift i kr. (med støj) | Cost in DKK (perturbed)
cost_suppressed | Sand når udgiften er skjult (for få borgere eller dominans) | True when the cost is suppressed (too few persons or dominance)
saving | Besparelse i forhold til nuværende praksis, kr. (med støj) | Saving against current practice in DKK (perturbed)
saving_suppressed | Sand når besparelsen er skjult | True when the saving is suppressed
$$);

INSERT INTO treg.report_info VALUES
	('report_cost_scenario', 'Udgift: hvad nu hvis', 'Cost: what if', 'Året {year} pr. {as_of}; dagbehandling højst 6 måneder, halvdelen af starterne ambulant', 81);
