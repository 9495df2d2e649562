/* Committee report: providers used. */

/*
 * Providers matched by treg.name_key(name), so that two spellings of one
 * provider are one: the name shown is that of the provider with the
 * smallest id; the group is 'internal' when one of them is the
 * municipality's own, else 'partner' when one is a partner provider, else
 * 'external'.  Not about persons.
 */
CREATE FUNCTION treg.provider_keys()
	RETURNS TABLE (provider_key text, name text, provider_group text, partner boolean)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT treg.name_key(p.name), (array_agg(p.name ORDER BY p.provider_id))[1],
		   CASE WHEN bool_or(p.internal) THEN 'internal' WHEN bool_or(p.partner) THEN 'partner'
				ELSE 'external' END,
		   bool_or(p.partner)
	FROM treg.provider p
	GROUP BY treg.name_key(p.name)
$fn$;
REVOKE ALL ON FUNCTION treg.provider_keys() FROM PUBLIC;
COMMENT ON FUNCTION treg.provider_keys() IS 'providers matched by name key with the name shown, group (internal, partner, external) and partner flag';

/*
 * Per person in treatment in [from_date, to_date] as of as_of the one
 * provider (name key) where they spent most days in the period (days of
 * their segments clipped to the period; ties: the smaller name key).
 * Person-level: not for analysts.
 */
CREATE FUNCTION treg.provider_persons(from_date date, to_date date, as_of date)
	RETURNS TABLE (person_id bigint, provider_key text, days bigint)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH days AS (
		SELECT s.person_id, treg.name_key(pr.name) AS key,
			   sum(treg.days_in_period(s.start_date, s.end_date, provider_persons.from_date,
									   provider_persons.to_date, provider_persons.as_of)) AS days
		FROM treg.segment s
		JOIN treg.episode e ON e.episode_id = s.episode_id
		JOIN treg.provider pr ON pr.provider_id = e.provider_id
		WHERE treg.overlaps_period(s.start_date, s.end_date, provider_persons.from_date,
								   provider_persons.to_date, provider_persons.as_of)
		GROUP BY s.person_id, treg.name_key(pr.name)
	)
	SELECT DISTINCT ON (d.person_id) d.person_id, d.key, d.days
	FROM days d
	ORDER BY d.person_id, d.days DESC, d.key
$fn$;
REVOKE ALL ON FUNCTION treg.provider_persons(date, date, date) FROM PUBLIC;
COMMENT ON FUNCTION treg.provider_persons(date, date, date) IS 'per person in treatment in a period as of a date the provider (name key) with most days (person-level: not for analysts)';

/*
 * Persons in treatment in a calendar year as of the as-of date of the
 * reports per provider, each person counted once, at the provider where
 * they spent most days in the year; every provider of treg.provider is a
 * row (0 when nobody).  Subtotals per group (internal, partner, external)
 * and the total are cells of their own persons.  share = persons / total
 * persons, both as published.  providers_used (the total row only) = the
 * providers that are the provider of at least one person, perturbed from
 * the total's cell key (stream 7) and published only where the total's
 * persons are, and at most the number of providers listed (the rows of
 * the table, so the cap tells nothing new).  Not exact: an exact count
 * would tell whether a provider published as 0 had a person after all.
 * Not per group: there the counts are too small to perturb usefully (a
 * group of one or two providers).
 */
CREATE FUNCTION treg.report_providers(year integer)
	RETURNS TABLE (year integer, provider_group text, provider_group_da text,
				   provider_group_order integer, provider text, provider_da text, partner boolean,
				   is_total boolean, persons bigint, persons_suppressed boolean, share numeric,
				   share_suppressed boolean, providers_used bigint, providers_used_suppressed boolean)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	WITH ctx AS MATERIALIZED (
		SELECT x.*, treg.report_check_year(report_providers.year, x.as_of) AS y
		FROM treg.report_context() x
	), prov AS MATERIALIZED (
		SELECT * FROM treg.provider_keys()
	), cells AS (
		SELECT pr.provider_group, pr.provider_key, treg.cell_agg(m.person_id, ctx.secret) AS c,
			   count(DISTINCT pr.provider_key) AS used
		FROM ctx, treg.provider_persons(make_date(ctx.y, 1, 1), make_date(ctx.y, 12, 31), ctx.as_of) m
		JOIN prov pr ON pr.provider_key = m.provider_key
		GROUP BY ROLLUP (pr.provider_group, pr.provider_key), ctx.secret
	), grid AS (
		/* every provider, every group and the total, empty ones included */
		SELECT pr.provider_group, pr.provider_key, pr.name, pr.partner FROM prov pr
		UNION ALL
		SELECT l.code, NULL, NULL, NULL FROM treg.report_label l
		WHERE l.domain = 'provider_group' AND l.code IN ('internal', 'partner', 'external')
		UNION ALL
		SELECT NULL, NULL, NULL, NULL
	), pub AS (
		SELECT g.*, v.persons, u.used
		FROM ctx CROSS JOIN grid g
		LEFT JOIN cells c ON c.provider_group IS NOT DISTINCT FROM g.provider_group
			AND c.provider_key IS NOT DISTINCT FROM g.provider_key
		CROSS JOIN LATERAL (SELECT treg.noisy_count(coalesce((c.c).persons, 0), coalesce((c.c).cell_key, 0),
													1, ctx.noise_sd, ctx.k) AS persons) v
		CROSS JOIN LATERAL (SELECT CASE WHEN g.provider_group IS NOT NULL THEN NULL
										WHEN v.persons > 0
										/* never more than the providers listed */
										THEN least(treg.noisy_count(c.used, (c.c).cell_key, 7, ctx.noise_sd, ctx.k),
												   (SELECT count(*) FROM prov))
										WHEN v.persons = 0 THEN 0 END AS used) u
	), total AS (
		SELECT p.persons FROM pub p WHERE p.provider_group IS NULL
	)
	SELECT ctx.y, coalesce(p.provider_group, 'total'), treg.label_da('provider_group', p.provider_group),
		   treg.label_order('provider_group', p.provider_group),
		   coalesce(p.provider_key, 'total'), coalesce(p.name, 'I alt'), p.partner,
		   p.provider_key IS NULL, p.persons, p.persons IS NULL,
		   round(p.persons::numeric / nullif(t.persons, 0), 3), p.persons IS NULL OR t.persons IS NULL,
		   p.used, p.provider_group IS NULL AND p.used IS NULL
	FROM ctx, pub p, total t
	ORDER BY treg.label_order('provider_group', p.provider_group), p.provider_key IS NULL, p.name
$fn$;
COMMENT ON FUNCTION treg.report_providers(integer) IS 'persons in treatment in a calendar year per provider (matched by name key, each person at the provider with most days), subtotals per group (internal, partner, external) and total as cells of their own, shares from the published counts, providers used (total row), perturbed';

CREATE VIEW treg.report_providers AS
SELECT r.year, r.provider_group::varchar(20) AS provider_group,
	   r.provider_group_da::varchar(80) AS provider_group_da, r.provider_group_order,
	   r.provider::varchar(200) AS provider, r.provider_da::varchar(200) AS provider_da, r.partner,
	   r.is_total, r.persons, r.persons_suppressed, r.share::numeric(5, 3) AS share, r.share_suppressed,
	   r.providers_used, r.providers_used_suppressed
FROM treg.report_settings() c, treg.report_providers(c.report_year) r;
COMMENT ON VIEW treg.report_providers IS 'Borgere i behandling i rapportåret efter leverandør (egne, samarbejdspartner, eksterne) / persons in treatment in the report year by provider (own, partner, purchased) (perturbed)';
SELECT treg.document_columns('treg.report_providers', $$
year | Rapportår | Report year
provider_group | Leverandørgruppe (kode: internal, partner, external, total) | Provider group (code: internal, partner, external, total)
provider_group_da | Leverandørgruppe | Provider group (Danish label)
provider_group_order | Sortering af leverandørgruppe | Sort order of the provider group
provider | Leverandør (kode: navnenøgle, treg.name_key; total på total- og subtotalrækker) | Provider (code: name key, treg.name_key; total on total and subtotal rows)
provider_da | Leverandørens navn (I alt på total- og subtotalrækker) | Provider name (I alt on total and subtotal rows)
partner | Sand for en samarbejdspartner (NULL på total- og subtotalrækker) | True for a partner provider (NULL on total and subtotal rows)
is_total | Sand for total- og subtotalrækker | True on total and subtotal rows
persons | Antal borgere, hver hos leverandøren med flest dage i året (med støj; NULL når diskretioneret) | Persons, each at the provider with most days in the year (perturbed; NULL when suppressed)
persons_suppressed | Sand når persons er skjult (1 til k-1) | True when persons is suppressed (1 to k-1)
share | Andel af alle borgere, af de offentliggjorte tal | Share of all persons, from the published figures
share_suppressed | Sand når andelen mangler fordi et tal bag den er skjult | True when the share is missing because a figure behind it is suppressed
providers_used | Antal leverandører med mindst én borger (kun på totalrækken; med støj) | Providers with at least one person (on the total row only; perturbed)
providers_used_suppressed | Sand når providers_used er skjult på totalrækken | True when providers_used is suppressed on the total row
$$);

INSERT INTO treg.report_info VALUES
	('report_providers', 'Borgere efter leverandør', 'Persons by provider', 'Kalenderåret {year}, opgjort pr. {as_of}', 60);
