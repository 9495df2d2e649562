/* Committee report: moves between provider groups within episode chains. */

/*
 * Per person, the moves of a year between provider groups (internal,
 * partner, external; 'none' = out of treatment) along the person's chains
 * of episodes as the registry stood on as_of (episodes enrolled after it
 * ignored, discharges after it open).  The episodes of a person in order
 * of enrolment form one chain while the empty days between the end of the
 * chain so far and the next enrolment are at most gap_days.  Moves:
 *   none -> group   the first episode of a chain, on its enrolment day;
 *   group -> group  a later episode of a chain, on its enrolment day, from
 *                   the group of the episode enrolled before it (the same
 *                   group when the person moved within the group or
 *                   re-enrolled);
 *   group -> none   the end of a chain (its last discharge, on or before
 *                   as_of, with no enrolment within gap_days after it as
 *                   of as_of), from the group of the episode discharged
 *                   last.
 * Only the moves on a day of the year are returned.  Person-level: not
 * for analysts.
 */
CREATE FUNCTION treg.provider_moves(year integer, as_of date, gap_days integer)
	RETURNS TABLE (person_id bigint, from_group text, to_group text, move_date date)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ep AS (
		SELECT e.person_id, e.episode_id, e.enrol_date,
			   CASE WHEN e.discharge_date <= provider_moves.as_of THEN e.discharge_date END AS discharge_date,
			   CASE WHEN p.partner THEN 'partner' WHEN p.internal THEN 'internal' ELSE 'external' END AS grp
		FROM treg.episode e JOIN treg.provider p ON p.provider_id = e.provider_id
		WHERE e.enrol_date <= provider_moves.as_of
	), ordered AS (
		SELECT ep.*,
			   lag(ep.grp) OVER w AS prev_grp,
			   max(coalesce(ep.discharge_date, 'infinity')) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
																	AND 1 PRECEDING) AS prev_end
		FROM ep
		WINDOW w AS (PARTITION BY ep.person_id ORDER BY ep.enrol_date, ep.episode_id)
	), chained AS (
		/* a new chain after more than gap_days empty days (no date subtraction: prev_end may be infinity) */
		SELECT o.*,
			   sum(CASE WHEN o.prev_end IS NULL OR o.enrol_date > o.prev_end + (provider_moves.gap_days + 1)
						THEN 1 ELSE 0 END)
				   OVER (PARTITION BY o.person_id ORDER BY o.enrol_date, o.episode_id) AS chain,
			   o.prev_end IS NULL OR o.enrol_date > o.prev_end + (provider_moves.gap_days + 1) AS starts_chain
		FROM ordered o
	), chain_end AS (
		/* per chain the episode discharged last; open chains have no end */
		SELECT DISTINCT ON (c.person_id, c.chain) c.person_id, c.grp, c.discharge_date,
			   bool_or(c.discharge_date IS NULL) OVER (PARTITION BY c.person_id, c.chain) AS open
		FROM chained c
		ORDER BY c.person_id, c.chain, c.discharge_date DESC NULLS FIRST, c.enrol_date DESC, c.episode_id DESC
	), moves AS (
		SELECT c.person_id, CASE WHEN c.starts_chain THEN 'none' ELSE c.prev_grp END AS from_group,
			   c.grp AS to_group, c.enrol_date AS move_date
		FROM chained c
		UNION ALL
		SELECT x.person_id, x.grp, 'none', x.discharge_date
		FROM chain_end x WHERE NOT x.open
	)
	SELECT m.person_id, m.from_group, m.to_group, m.move_date
	FROM moves m
	WHERE m.move_date BETWEEN make_date(provider_moves.year, 1, 1) AND make_date(provider_moves.year, 12, 31)
$fn$;
REVOKE ALL ON FUNCTION treg.provider_moves(integer, date, integer) FROM PUBLIC;
COMMENT ON FUNCTION treg.provider_moves(integer, date, integer) IS 'per person the moves of a year between provider groups (none = into or out of treatment) along chains of episodes with gaps of at most gap_days (person-level: not for analysts)';

/*
 * Persons moving between provider groups in a year: from_group -> to_group
 * (internal, partner, external; none = entry into or exit out of
 * treatment), each cell the distinct persons with at least one such move
 * in the year (stream 1), with totals (from a group to any, from any to a
 * group, any move) as cells of their own.  Chains of episodes use a fixed
 * gap tolerance of 30 days (treg.episode_gap_days, a setting, must not
 * change published figures).
 */
CREATE FUNCTION treg.report_provider_flow(year integer)
	RETURNS TABLE (year integer, from_group text, from_group_da text, from_group_order integer,
				   to_group text, to_group_da text, to_group_order integer, is_total boolean,
				   persons bigint, suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_provider_flow.year, x.as_of) AS y
		FROM treg.report_context() x
	), cells AS (
		SELECT grouping(m.from_group, m.to_group) AS g, m.from_group, m.to_group,
			   treg.cell_agg(m.person_id, ctx.secret) AS c
		FROM ctx, treg.provider_moves(ctx.y, ctx.as_of, 30) m
		GROUP BY GROUPING SETS ((m.from_group, m.to_group), (m.from_group), (m.to_group), ()), ctx.secret
	), grid AS (
		SELECT f.code AS from_group, t.code AS to_group
		FROM (SELECT code FROM treg.report_label WHERE domain = 'provider_group' UNION ALL SELECT NULL) f,
			 (SELECT code FROM treg.report_label WHERE domain = 'provider_group' UNION ALL SELECT NULL) t
		WHERE f.code IS DISTINCT FROM 'none' OR t.code IS DISTINCT FROM 'none'
	)
	SELECT ctx.y, coalesce(g.from_group, 'total'), treg.label_da('provider_group', g.from_group),
		   treg.label_order('provider_group', g.from_group),
		   coalesce(g.to_group, 'total'), treg.label_da('provider_group', g.to_group),
		   treg.label_order('provider_group', g.to_group),
		   g.from_group IS NULL OR g.to_group IS NULL, v.persons, v.persons IS NULL
	FROM ctx CROSS JOIN grid g
	LEFT JOIN cells c ON c.from_group IS NOT DISTINCT FROM g.from_group
		AND c.to_group IS NOT DISTINCT FROM g.to_group
		AND c.g = (g.from_group IS NULL)::int * 2 + (g.to_group IS NULL)::int
	CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
												1, ctx.noise_sd, ctx.k) AS persons) v
	ORDER BY treg.label_order('provider_group', g.from_group), treg.label_order('provider_group', g.to_group)
$fn$;
COMMENT ON FUNCTION treg.report_provider_flow(integer) IS 'persons moving between provider groups (internal, partner, external, none = into or out of treatment) within chains of episodes in a year, with totals, perturbed';

CREATE VIEW treg.report_provider_flow AS
SELECT r.year, r.from_group::varchar(20) AS from_group, r.from_group_da::varchar(40) AS from_group_da,
	   r.from_group_order, r.to_group::varchar(20) AS to_group, r.to_group_da::varchar(40) AS to_group_da,
	   r.to_group_order, r.is_total, r.persons, r.suppressed
FROM treg.report_settings() c, treg.report_provider_flow(c.report_year) r;
COMMENT ON VIEW treg.report_provider_flow IS 'Borgere der skifter mellem egne tilbud, samarbejdspartner og eksterne leverandører i et forløb, og ind i og ud af behandling / persons moving between provider groups within a chain of episodes, and into and out of treatment (perturbed)';
SELECT treg.document_columns('treg.report_provider_flow', $$
year | Opgørelsesår | Report year
from_group | Fra leverandørgruppe (kode: none = ind i behandling, internal, partner, external, total) | From provider group (code: none = into treatment, internal, partner, external, total)
from_group_da | Fra | From (Danish label)
from_group_order | Sortering af fra | Sort order of from
to_group | Til leverandørgruppe (kode: internal, partner, external, none = ud af behandling, total) | To provider group (code: internal, partner, external, none = out of treatment, total)
to_group_da | Til | To (Danish label)
to_group_order | Sortering af til | Sort order of to
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Borgere med mindst ét sådant skift i året (med støj; NULL når diskretioneret) | Persons with at least one such move in the year (perturbed; NULL when suppressed)
suppressed | Sand når tallet er skjult (1 til k-1) | True when the figure is suppressed (1 to k-1)
$$);

INSERT INTO treg.report_info VALUES
	('report_provider_flow', 'Skift mellem leverandørgrupper', 'Moves between provider groups', 'Året {year} pr. {as_of}', 83);
