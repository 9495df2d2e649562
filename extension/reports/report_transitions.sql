/* Committee report: intensity transitions (the transition matrix of a year). */

/*
 * The episodes of the reports are joined across gaps of at most 30 empty
 * days, fixed here: the GUC treg.episode_gap_days can be set by any user,
 * and a report whose cells moved with a setting of the caller would let an
 * analyst difference two answers.
 */

/*
 * Per person the distinct transitions dated in [from_date, to_date] as of
 * as_of (gap tolerance 30 days): from_state is the intensity left or
 * 'entry', to_state the intensity entered or 'exit'.  Person-level: not
 * for analysts.
 */
CREATE FUNCTION treg.transition_persons(from_date date, to_date date, as_of date)
	RETURNS TABLE (person_id bigint, from_state text, to_state text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT DISTINCT tl.person_id, coalesce(x.from_intensity::text, 'entry'),
		   coalesce(x.to_intensity::text, 'exit')
	FROM treg.person_timelines(transition_persons.as_of, transition_persons.from_date - 1,
							   transition_persons.to_date) tl,
		 LATERAL treg.transitions(tl.timeline, 30, transition_persons.as_of) x
	WHERE x.transition_date BETWEEN transition_persons.from_date AND transition_persons.to_date
$fn$;
REVOKE ALL ON FUNCTION treg.transition_persons(date, date, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.transition_persons(date, date, date) IS 'persons with their distinct transitions (entry, intensities, exit) dated in a period as of a date, gap tolerance 30 days (person-level: not for analysts)';

/*
 * The transition matrix of a calendar year as of the as-of date of the
 * reports: persons with at least one transition from from_state (an
 * intensity or 'entry') to to_state (an intensity or 'exit').  A person
 * with two kinds of transition is in two cells; the row totals, column
 * totals and the grand total are cells of their own persons (a person is
 * counted once in each), perturbed, so they are not the sums of the cells.
 */
CREATE FUNCTION treg.report_transitions(year integer)
	RETURNS TABLE (year integer, from_state text, from_state_da text, from_state_order integer,
				   to_state text, to_state_da text, to_state_order integer, is_total boolean,
				   persons bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_transitions.year, x.as_of) AS y
		FROM treg.report_context() x
	), cells AS (
		SELECT t.from_state, t.to_state, treg.cell_agg(t.person_id, ctx.secret) AS c
		FROM ctx, treg.transition_persons(make_date(ctx.y, 1, 1), make_date(ctx.y, 12, 31), ctx.as_of) t
		GROUP BY GROUPING SETS ((t.from_state, t.to_state), (t.from_state), (t.to_state), ()), ctx.secret
	), grid AS (
		/* every cell of the published table, empty ones included: nothing leaves 'exit', nothing enters 'entry' */
		SELECT f.code AS from_state, t.code AS to_state
		FROM (SELECT code FROM treg.report_label WHERE domain = 'transition_state' AND code <> 'exit'
			  UNION ALL SELECT NULL) f,
			 (SELECT code FROM treg.report_label WHERE domain = 'transition_state' AND code <> 'entry'
			  UNION ALL SELECT NULL) t
	)
	SELECT ctx.y, coalesce(g.from_state, 'total'), treg.label_da('transition_state', g.from_state),
		   treg.label_order('transition_state', g.from_state),
		   coalesce(g.to_state, 'total'), treg.label_da('transition_state', g.to_state),
		   treg.label_order('transition_state', g.to_state),
		   g.from_state IS NULL OR g.to_state IS NULL,
		   v.persons, v.persons IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.from_state IS NOT DISTINCT FROM g.from_state
		AND c.to_state IS NOT DISTINCT FROM g.to_state
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	ORDER BY treg.label_order('transition_state', g.from_state),
			 treg.label_order('transition_state', g.to_state)
$fn$;
COMMENT ON FUNCTION treg.report_transitions(integer) IS 'intensity transition matrix of a calendar year (entry, ambulant, dag, døgn, exit): persons with at least one such transition, row/column totals as cells of their own, perturbed';

CREATE VIEW treg.report_transitions AS
SELECT r.year, r.from_state::varchar(20) AS from_state, r.from_state_da::varchar(40) AS from_state_da,
	   r.from_state_order, r.to_state::varchar(20) AS to_state, r.to_state_da::varchar(40) AS to_state_da,
	   r.to_state_order, r.is_total, r.persons, r.suppressed
FROM treg.report_settings() c, treg.report_transitions(c.report_year) r;
COMMENT ON VIEW treg.report_transitions IS 'Skift mellem indsatsniveauer i rapportåret (ind, ambulant, dag, døgn, ud) / transitions between intensities in the report year, persons per cell (perturbed)';
SELECT treg.document_columns('treg.report_transitions', $$
year | Rapportår | Report year
from_state | Fra (kode: entry, ambulant, dag, døgn, total) | From (code: entry, ambulant, dag, døgn, total)
from_state_da | Fra | From (Danish label)
from_state_order | Sortering af fra | Sort order of from
to_state | Til (kode: ambulant, dag, døgn, exit, total) | To (code: ambulant, dag, døgn, exit, total)
to_state_da | Til | To (Danish label)
to_state_order | Sortering af til | Sort order of to
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Antal borgere med mindst ét sådant skift (med støj; NULL når diskretioneret); totaler tæller hver borger én gang | Persons with at least one such transition (perturbed; NULL when suppressed); totals count each person once
suppressed | Sand når tallet er skjult (1 til k-1) | True when the figure is suppressed (1 to k-1)
$$);

INSERT INTO treg.report_info VALUES
	('report_transitions', 'Skift mellem indsatsniveauer', 'Transitions between intensities', 'Kalenderåret {year}, opgjort pr. {as_of}', 40);
