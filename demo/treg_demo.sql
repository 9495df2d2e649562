/*
 * The demo registry: a deterministic generator of a fictitious municipality
 * (same arguments, same rows), shaped like the figures in the seeds.
 * C: demo/treg_demo.c (persons, requests, episodes, segments);
 * providers and tariffs are small fixed tables written here in SQL.
 *
 * segments_per_person (1 to 50, NULL: the natural shape of about 1.75) sets
 * the average number of segments a person gets; requests, episodes and
 * segments must be generated with the same value to fit together.  It
 * makes these functions non-strict: a NULL persons, seed or as_of still
 * gives no rows.
 */

CREATE FUNCTION treg.demo_persons(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08', home_municipality smallint DEFAULT 169)
	RETURNS TABLE (person_id bigint, anonymous boolean, birth_date date, sex text,
		municipality_code smallint)
	AS 'MODULE_PATHNAME', 'demo_persons'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_persons(integer, integer, date, smallint) IS 'demo registry: the persons (rows of treg.person)';

CREATE FUNCTION treg.demo_requests(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08',
		segments_per_person numeric DEFAULT NULL)
	RETURNS TABLE (request_id bigint, person_id bigint, request_date date, track text,
		legal_basis text, initiation_date date, waiver text)
	AS 'MODULE_PATHNAME', 'demo_requests'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_requests(integer, integer, date, numeric) IS 'demo registry: the requests (rows of treg.request)';

CREATE FUNCTION treg.demo_episodes(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08',
		segments_per_person numeric DEFAULT NULL)
	RETURNS TABLE (episode_id bigint, person_id bigint, provider_id integer,
		request_id bigint, enrol_date date, discharge_date date,
		discharge_reason text, substance_group text)
	AS 'MODULE_PATHNAME', 'demo_episodes'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_episodes(integer, integer, date, numeric) IS 'demo registry: the episodes (rows of treg.episode)';

CREATE FUNCTION treg.demo_segments(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08',
		segments_per_person numeric DEFAULT NULL)
	RETURNS TABLE (person_id bigint, episode_id bigint, segment_id bigint,
		intensity treg.intensity, start_date date, end_date date,
		planned_end_date date)
	AS 'MODULE_PATHNAME', 'demo_segments'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_segments(integer, integer, date, numeric) IS 'demo registry: the intensity segments, for filling plain benchmark tables';

CREATE FUNCTION treg.demo_registry_segments(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08',
		segments_per_person numeric DEFAULT NULL)
	RETURNS TABLE (person_id bigint, episode_id bigint, segment_id bigint,
		intensity treg.intensity, start_date date, end_date date,
		planned_end_date date, opioid_substitution boolean)
	AS 'MODULE_PATHNAME', 'demo_registry_segments'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_registry_segments(integer, integer, date, numeric) IS 'demo registry: demo_segments with the opioid substitution flag (rows of treg.segment)';

/*
 * The 38 providers.  provider_id 1 is the partner provider, 2 and 3 are the
 * municipality's own units; the generator (treg_demo.c) weights episodes by
 * provider_id, so the order here is part of the generator.
 */
CREATE FUNCTION treg.demo_providers()
	RETURNS TABLE (provider_id integer, name text, name_key text, internal boolean,
		partner boolean)
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $providers$
	SELECT v.id, v.name,
		treg.name_key(v.name),	/* the matching key (ICU), in this one place */
		v.internal, v.id = 1
	FROM (VALUES
		(1, 'Albertslund Rusmiddelcenter', false),
		(2, 'Høje-Taastrup Rusmiddelrådgivning', true),
		(3, 'Høje-Taastrup Ungeindsats', true),
		(4, 'Lænkeambulatorierne, Glostrup', false),
		(5, 'Novavi Ambulant Behandling', false),
		(6, 'Rusmiddelcenter København', false),
		(7, 'Lænkeambulatorierne, Roskilde', false),
		(8, 'Behandlingscenter Tjele', false),
		(9, 'Rusmiddelcenter Ballerup', false),
		(10, 'Rusmiddelcenter Rødovre', false),
		(11, 'Misbrugscenter Køge', false),
		(12, 'Novavi Døgnbehandling', false),
		(13, 'Rusmiddelcenter Århus', false),
		(14, 'Alkoholbehandlingen Roskilde', false),
		(15, 'Ungdomscentret Valby', false),
		(16, 'Behandlingshjemmet Møllegården', false),
		(17, 'Døgnbehandlingen Skovbrynet', false),
		(18, 'Kollektivet Lysholm', false),
		(19, 'Rusmiddelcenter Frederiksberg', false),
		(20, 'Alkoholambulatoriet Hvidovre', false),
		(21, 'Behandlingscenter Østerbro', false),
		(22, 'Blå Kors Behandlingscenter', false),
		(23, 'Dagbehandlingen Vesterbro', false),
		(24, 'Substitutionscentret Nordvest', false),
		(25, 'Rusmiddelcenter Brøndby', false),
		(26, 'Misbrugsbehandlingen Ishøj', false),
		(27, 'Behandlingscenter Fyn', false),
		(28, 'Rusmiddelcenter Odense', false),
		(29, 'Rådgivningscentret Kolding', false),
		(30, 'Hjemmet Solbakken', false),
		(31, 'Behandlingsstedet Egely', false),
		(32, 'Rusmiddelcenter Slagelse', false),
		(33, 'Rusmiddelcenter Holbæk', false),
		(34, 'Behandlingscenter Aabenraa', false),
		(35, 'Stofbehandlingen Næstved', false),
		(36, 'Ambulatoriet Ringsted', false),
		(37, 'Rusmiddelcenter Greve', false),
		(38, 'Ungeenheden Vestegnen', false)
	) AS v(id, name, internal)
	ORDER BY v.id
$providers$;
COMMENT ON FUNCTION treg.demo_providers() IS 'demo registry: the 38 providers (rows of treg.provider), the partner first';

/*
 * Yearly tariffs per provider and intensity, from 16 years before as_of to
 * the open-ended current year; prices rise 2.5 % a year; the municipality's
 * own units cost 60 %, the partner 80 % of a purchased provider's price.
 * tariff_id = provider_id * 100000 + year * 10 + intensity rank.
 */
CREATE FUNCTION treg.demo_tariffs(as_of date DEFAULT '2026-04-08')
	RETURNS TABLE (tariff_id bigint, provider_id integer, intensity treg.intensity,
		valid_from date, valid_to date, price_per_day numeric(12, 2))
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $tariffs$
	SELECT p.provider_id::bigint * 100000 + y * 10 + r,
		p.provider_id,
		treg.intensity(r),
		make_date(y, 1, 1),
		CASE WHEN y < y1 THEN make_date(y, 12, 31) END,
		(((CASE r WHEN 1 THEN 250 + (p.provider_id * 37) % 150
				  WHEN 2 THEN 1100 + (p.provider_id * 53) % 400
				  ELSE 2200 + (p.provider_id * 71) % 1200 END)::bigint * 100
		  * (CASE WHEN p.internal THEN 60 WHEN p.partner THEN 80 ELSE 100 END)
		  * (1000 - 25 * (y1 - y)) / 100000)::numeric / 100)::numeric(12, 2)
	FROM treg.demo_providers() p,
		(SELECT extract(year FROM as_of)::integer AS y1) c,
		generate_series(c.y1 - 16, c.y1) y,
		generate_series(1, 3) r
	ORDER BY 1
$tariffs$;
COMMENT ON FUNCTION treg.demo_tariffs(date) IS 'demo registry: yearly tariffs per provider and intensity (rows of treg.tariff)';

/*
 * Empty the registry tables and fill them with the demo registry.
 *
 * The foreign keys among the six tables are dropped for the load and added
 * again from their own definitions (pg_get_constraintdef), which checks them
 * in one join per key instead of one lookup per row (only where the caller
 * owns the table; otherwise they check row by row); the exclusion
 * constraints stay and check every row as it comes.  Everything runs in the
 * caller's transaction: an error leaves the registry as it was.
 * segments_per_person goes to every generator but demo_persons (persons do
 * not depend on it).
 */
CREATE FUNCTION treg.demo_load(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08', home_municipality smallint DEFAULT 169,
		segments_per_person numeric DEFAULT NULL)
	RETURNS TABLE (table_name text, row_count bigint)
	LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT
	SET search_path = pg_catalog, pg_temp
	AS $load$
DECLARE
	n_person bigint;
	n_provider bigint;
	n_request bigint;
	n_episode bigint;
	n_segment bigint;
	n_tariff bigint;
	fk record;
	fks text[] := '{}';
BEGIN
	/* check the arguments before emptying anything */
	PERFORM FROM treg.demo_persons(least(persons, 0), seed, as_of, home_municipality);
	PERFORM FROM treg.demo_segments(0, seed, as_of, segments_per_person);
	/* as a strict function: a NULL argument (but segments_per_person) does nothing */
	IF persons IS NULL OR seed IS NULL OR as_of IS NULL OR home_municipality IS NULL THEN
		RETURN;
	END IF;

	/* treg.capacity refers to the providers: emptied too, never filled */
	TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity,
		treg.provider, treg.person;

	FOR fk IN
		SELECT c.conrelid::regclass AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
		FROM pg_constraint c
		WHERE c.contype = 'f'
		  AND pg_has_role((SELECT r.relowner FROM pg_class r WHERE r.oid = c.conrelid), 'USAGE')
		  AND c.conrelid IN ('treg.person'::regclass, 'treg.provider'::regclass,
							 'treg.request'::regclass, 'treg.episode'::regclass,
							 'treg.segment'::regclass, 'treg.tariff'::regclass)
		ORDER BY c.conrelid::regclass::text, c.conname
	LOOP
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
		fks := fks || format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.tbl, fk.conname, fk.def);
	END LOOP;

	INSERT INTO treg.person (person_id, anonymous, birth_date, sex, municipality_code)
	SELECT d.person_id, d.anonymous, d.birth_date, d.sex, d.municipality_code
	FROM treg.demo_persons(persons, seed, as_of, home_municipality) d;
	GET DIAGNOSTICS n_person = ROW_COUNT;

	INSERT INTO treg.provider (provider_id, name, name_key, internal, partner)
	SELECT d.provider_id, d.name, d.name_key, d.internal, d.partner
	FROM treg.demo_providers() d;
	GET DIAGNOSTICS n_provider = ROW_COUNT;

	INSERT INTO treg.tariff (tariff_id, provider_id, intensity, valid_from, valid_to, price_per_day)
	SELECT d.tariff_id, d.provider_id, d.intensity, d.valid_from, d.valid_to, d.price_per_day
	FROM treg.demo_tariffs(as_of) d;
	GET DIAGNOSTICS n_tariff = ROW_COUNT;

	INSERT INTO treg.request (request_id, person_id, request_date, track, legal_basis,
		initiation_date, waiver)
	SELECT d.request_id, d.person_id, d.request_date, d.track, d.legal_basis,
		d.initiation_date, d.waiver
	FROM treg.demo_requests(persons, seed, as_of, segments_per_person) d;
	GET DIAGNOSTICS n_request = ROW_COUNT;

	INSERT INTO treg.episode (episode_id, person_id, provider_id, request_id, enrol_date,
		discharge_date, discharge_reason, substance_group)
	SELECT d.episode_id, d.person_id, d.provider_id, d.request_id, d.enrol_date,
		d.discharge_date, d.discharge_reason, d.substance_group
	FROM treg.demo_episodes(persons, seed, as_of, segments_per_person) d;
	GET DIAGNOSTICS n_episode = ROW_COUNT;

	INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date,
		end_date, planned_end_date, opioid_substitution)
	SELECT d.segment_id, d.episode_id, d.person_id, d.intensity, d.start_date,
		d.end_date, d.planned_end_date, d.opioid_substitution
	FROM treg.demo_registry_segments(persons, seed, as_of, segments_per_person) d;
	GET DIAGNOSTICS n_segment = ROW_COUNT;

	FOR i IN 1 .. coalesce(array_length(fks, 1), 0) LOOP
		EXECUTE fks[i];
	END LOOP;

	RETURN QUERY VALUES
		('person'::text, n_person), ('provider', n_provider), ('request', n_request),
		('episode', n_episode), ('segment', n_segment), ('tariff', n_tariff);
END
$load$;
COMMENT ON FUNCTION treg.demo_load(integer, integer, date, smallint, numeric) IS 'empty the registry tables and fill them with the deterministic demo registry (segments_per_person: average segments a person, NULL the natural shape); returns rows per table';
