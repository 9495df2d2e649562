/* extension/scripts/treg--0.1.0.sql (built from extension/sql/) */

\echo Use "CREATE EXTENSION treg" to load this file. \quit

/* ---- extension/sql/00_intensity.sql ---- */

/*
 * The intensity type: level of care of a treatment period.
 * ambulant (outpatient) < dag (day treatment) < døgn (residential).
 * C: extension/intensity_io.c, extension/intensity_ops.c
 */

CREATE TYPE treg.intensity;

CREATE FUNCTION treg.intensity_in(cstring) RETURNS treg.intensity
	AS 'MODULE_PATHNAME', 'intensity_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.intensity_out(treg.intensity) RETURNS cstring
	AS 'MODULE_PATHNAME', 'intensity_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.intensity_recv(internal) RETURNS treg.intensity
	AS 'MODULE_PATHNAME', 'intensity_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.intensity_send(treg.intensity) RETURNS bytea
	AS 'MODULE_PATHNAME', 'intensity_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE treg.intensity (
	INPUT = treg.intensity_in,
	OUTPUT = treg.intensity_out,
	RECEIVE = treg.intensity_recv,
	SEND = treg.intensity_send,
	INTERNALLENGTH = 1,
	PASSEDBYVALUE,
	ALIGNMENT = char,
	STORAGE = plain
);

COMMENT ON TYPE treg.intensity IS 'level of care: ambulant < dag < døgn (input also outpatient, day, residential, doegn)';
COMMENT ON FUNCTION treg.intensity_in(cstring) IS 'text input of intensity';
COMMENT ON FUNCTION treg.intensity_out(treg.intensity) IS 'text output of intensity (Danish word)';
COMMENT ON FUNCTION treg.intensity_recv(internal) IS 'binary input of intensity';
COMMENT ON FUNCTION treg.intensity_send(treg.intensity) IS 'binary output of intensity';

CREATE FUNCTION treg.intensity_eq(treg.intensity, treg.intensity) RETURNS bool
	AS 'MODULE_PATHNAME', 'intensity_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_ne(treg.intensity, treg.intensity) RETURNS bool
	AS 'MODULE_PATHNAME', 'intensity_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_lt(treg.intensity, treg.intensity) RETURNS bool
	AS 'MODULE_PATHNAME', 'intensity_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_le(treg.intensity, treg.intensity) RETURNS bool
	AS 'MODULE_PATHNAME', 'intensity_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_gt(treg.intensity, treg.intensity) RETURNS bool
	AS 'MODULE_PATHNAME', 'intensity_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_ge(treg.intensity, treg.intensity) RETURNS bool
	AS 'MODULE_PATHNAME', 'intensity_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_cmp(treg.intensity, treg.intensity) RETURNS int4
	AS 'MODULE_PATHNAME', 'intensity_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_hash(treg.intensity) RETURNS int4
	AS 'MODULE_PATHNAME', 'intensity_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_hash_extended(treg.intensity, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'intensity_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.intensity_larger(treg.intensity, treg.intensity) RETURNS treg.intensity
	AS 'MODULE_PATHNAME', 'intensity_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.intensity_smaller(treg.intensity, treg.intensity) RETURNS treg.intensity
	AS 'MODULE_PATHNAME', 'intensity_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.intensity_rank(treg.intensity) RETURNS int4
	AS 'MODULE_PATHNAME', 'intensity_rank' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.intensity(int4) RETURNS treg.intensity
	AS 'MODULE_PATHNAME', 'intensity_from_rank' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION treg.intensity_eq(treg.intensity, treg.intensity) IS 'implementation of = for intensity';
COMMENT ON FUNCTION treg.intensity_ne(treg.intensity, treg.intensity) IS 'implementation of <> for intensity';
COMMENT ON FUNCTION treg.intensity_lt(treg.intensity, treg.intensity) IS 'implementation of < for intensity';
COMMENT ON FUNCTION treg.intensity_le(treg.intensity, treg.intensity) IS 'implementation of <= for intensity';
COMMENT ON FUNCTION treg.intensity_gt(treg.intensity, treg.intensity) IS 'implementation of > for intensity';
COMMENT ON FUNCTION treg.intensity_ge(treg.intensity, treg.intensity) IS 'implementation of >= for intensity';
COMMENT ON FUNCTION treg.intensity_cmp(treg.intensity, treg.intensity) IS 'btree comparison of intensities (-1, 0, 1)';
COMMENT ON FUNCTION treg.intensity_hash(treg.intensity) IS 'hash of an intensity';
COMMENT ON FUNCTION treg.intensity_hash_extended(treg.intensity, int8) IS 'seeded 64-bit hash of an intensity';
COMMENT ON FUNCTION treg.intensity_larger(treg.intensity, treg.intensity) IS 'the more intensive of two intensities';
COMMENT ON FUNCTION treg.intensity_smaller(treg.intensity, treg.intensity) IS 'the less intensive of two intensities';
COMMENT ON FUNCTION treg.intensity_rank(treg.intensity) IS 'rank of an intensity: 1 ambulant, 2 dag, 3 døgn';
COMMENT ON FUNCTION treg.intensity(int4) IS 'intensity of a rank: 1 ambulant, 2 dag, 3 døgn';

CREATE OPERATOR treg.= (
	LEFTARG = treg.intensity, RIGHTARG = treg.intensity, FUNCTION = treg.intensity_eq,
	COMMUTATOR = OPERATOR(treg.=), NEGATOR = OPERATOR(treg.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR treg.<> (
	LEFTARG = treg.intensity, RIGHTARG = treg.intensity, FUNCTION = treg.intensity_ne,
	COMMUTATOR = OPERATOR(treg.<>), NEGATOR = OPERATOR(treg.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR treg.< (
	LEFTARG = treg.intensity, RIGHTARG = treg.intensity, FUNCTION = treg.intensity_lt,
	COMMUTATOR = OPERATOR(treg.>), NEGATOR = OPERATOR(treg.>=),
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR treg.<= (
	LEFTARG = treg.intensity, RIGHTARG = treg.intensity, FUNCTION = treg.intensity_le,
	COMMUTATOR = OPERATOR(treg.>=), NEGATOR = OPERATOR(treg.>),
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR treg.> (
	LEFTARG = treg.intensity, RIGHTARG = treg.intensity, FUNCTION = treg.intensity_gt,
	COMMUTATOR = OPERATOR(treg.<), NEGATOR = OPERATOR(treg.<=),
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR treg.>= (
	LEFTARG = treg.intensity, RIGHTARG = treg.intensity, FUNCTION = treg.intensity_ge,
	COMMUTATOR = OPERATOR(treg.<=), NEGATOR = OPERATOR(treg.<),
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS treg.intensity_ops
	DEFAULT FOR TYPE treg.intensity USING btree AS
		OPERATOR 1 treg.<,
		OPERATOR 2 treg.<=,
		OPERATOR 3 treg.=,
		OPERATOR 4 treg.>=,
		OPERATOR 5 treg.>,
		FUNCTION 1 treg.intensity_cmp(treg.intensity, treg.intensity);

CREATE OPERATOR CLASS treg.intensity_hash_ops
	DEFAULT FOR TYPE treg.intensity USING hash AS
		OPERATOR 1 treg.=,
		FUNCTION 1 treg.intensity_hash(treg.intensity),
		FUNCTION 2 treg.intensity_hash_extended(treg.intensity, int8);

CREATE AGGREGATE treg.max(treg.intensity) (
	SFUNC = treg.intensity_larger, STYPE = treg.intensity,
	COMBINEFUNC = treg.intensity_larger, SORTOP = OPERATOR(treg.>),
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.min(treg.intensity) (
	SFUNC = treg.intensity_smaller, STYPE = treg.intensity,
	COMBINEFUNC = treg.intensity_smaller, SORTOP = OPERATOR(treg.<),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.max(treg.intensity) IS 'the most intensive of a set of intensities';
COMMENT ON AGGREGATE treg.min(treg.intensity) IS 'the least intensive of a set of intensities';

CREATE CAST (treg.intensity AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS treg.intensity) WITH INOUT;
COMMENT ON CAST (treg.intensity AS text) IS 'the Danish word of an intensity';
COMMENT ON CAST (text AS treg.intensity) IS 'parse an intensity word (Danish or English)';

/* ---- extension/sql/05_roles.sql ---- */

/*
 * Roles, created before any object so that every fragment can grant to them.
 *
 * treg_writer      writes the registry tables (privileges: 90_privileges.sql).
 * treg_analyst     reads only the reporting views and report functions.
 * treg_cpr_reader  reads CPR numbers in clear (50_danish.sql).
 *
 * Roles are global to the cluster, so they are created only when missing
 * (a second database with treg reuses them) and DROP EXTENSION leaves them.
 * Grant them to login roles: GRANT treg_analyst TO alice;
 */
DO $roles$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['treg_writer', 'treg_analyst', 'treg_cpr_reader']
	LOOP
		IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
	END LOOP;
END
$roles$;

/* ---- extension/sql/10_registry.sql ---- */

/*
 * The reference registry schema (DESIGN.md, "Domain model").
 *
 * Dates are day-granular; start dates are the first day and end dates the
 * last day (inclusive), NULL while open.  Keys are supplied by the source
 * system (no sequences), so rows keep their identity across pg_dump and
 * reloads.  Every table is registered with pg_extension_config_dump, so
 * pg_dump keeps the rows although the tables belong to the extension.
 */

CREATE TABLE treg.person (
	person_id bigint PRIMARY KEY,
	anonymous boolean NOT NULL DEFAULT false,
	birth_date date,
	sex text CHECK (sex IN ('male', 'female')),
	municipality_code smallint NOT NULL CHECK (municipality_code BETWEEN 101 AND 999)
);
COMMENT ON TABLE treg.person IS 'borger: a person in treatment, identified by a pseudonym (never the CPR number)';
COMMENT ON COLUMN treg.person.person_id IS 'pseudonym of the person (e.g. treg.pseudonym(cpr, key)); never the CPR number';
COMMENT ON COLUMN treg.person.anonymous IS 'true for anonymous treatment (no CPR number known)';
COMMENT ON COLUMN treg.person.birth_date IS 'date of birth, when known';
COMMENT ON COLUMN treg.person.sex IS 'male or female, when known';
COMMENT ON COLUMN treg.person.municipality_code IS 'kommunekode of the municipality of residence (udenbysborger when not the registry''s own)';

CREATE TABLE treg.provider (
	provider_id integer PRIMARY KEY,
	name text NOT NULL CHECK (btrim(name) <> ''),
	name_key text NOT NULL,
	internal boolean NOT NULL,
	partner boolean NOT NULL DEFAULT false
);
CREATE INDEX provider_name_key_idx ON treg.provider (name_key);
COMMENT ON TABLE treg.provider IS 'behandlingssted/leverandør: a treatment provider';
COMMENT ON COLUMN treg.provider.name_key IS 'normalised name for matching spellings of the same provider';
COMMENT ON COLUMN treg.provider.internal IS 'true for the municipality''s own provider, false for a purchased one';
COMMENT ON COLUMN treg.provider.partner IS 'true for a partner provider (leverandørsamarbejde)';

CREATE TABLE treg.request (
	request_id bigint PRIMARY KEY,
	person_id bigint NOT NULL REFERENCES treg.person,
	request_date date NOT NULL,
	track text NOT NULL CHECK (track IN ('alcohol', 'drugs')),
	legal_basis text NOT NULL
		CHECK (legal_basis IN ('SEL101', 'SEL101a', 'SUL141', 'SUL142', 'BL33')),
	initiation_date date,
	waiver text CHECK (waiver IN ('free_choice', 'own_wish')),
	CONSTRAINT request_initiation_not_before_request
		CHECK (initiation_date >= request_date)
);
CREATE INDEX request_person_idx ON treg.request (person_id);
CREATE INDEX request_date_idx ON treg.request (request_date);
COMMENT ON TABLE treg.request IS 'henvendelse/anmodning: a request for treatment';
COMMENT ON COLUMN treg.request.track IS 'alcohol or drugs';
COMMENT ON COLUMN treg.request.legal_basis IS 'SEL101 (Serviceloven §101), SEL101a (§101a), SUL141 (Sundhedsloven §141), SUL142 (§142), BL33 (Barnets Lov §33)';
COMMENT ON COLUMN treg.request.initiation_date IS 'day treatment started; NULL while still waiting';
COMMENT ON COLUMN treg.request.waiver IS 'guarantee waived: free_choice (chosen provider) or own_wish (the person''s wish); NULL if not waived';

CREATE TABLE treg.episode (
	episode_id bigint PRIMARY KEY,
	person_id bigint NOT NULL REFERENCES treg.person,
	provider_id integer NOT NULL REFERENCES treg.provider,
	request_id bigint REFERENCES treg.request,
	enrol_date date NOT NULL,
	discharge_date date,
	discharge_reason text CHECK (discharge_reason IN
		('completed', 'dropped_out', 'transferred', 'terminated',
		 'incarcerated', 'death', 'other')),
	substance_group text NOT NULL
		CHECK (substance_group IN ('alcohol', 'non_opioid', 'opioid')),
	CONSTRAINT episode_discharge_not_before_enrol
		CHECK (discharge_date >= enrol_date),
	CONSTRAINT episode_reason_iff_discharged
		CHECK ((discharge_date IS NULL) = (discharge_reason IS NULL)),
	UNIQUE (episode_id, person_id)
);
CREATE INDEX episode_person_idx ON treg.episode (person_id);
CREATE INDEX episode_provider_idx ON treg.episode (provider_id);
CREATE INDEX episode_enrol_date_idx ON treg.episode (enrol_date);
CREATE INDEX episode_discharge_date_idx ON treg.episode (discharge_date);
COMMENT ON TABLE treg.episode IS 'indskrivning: an enrolment of a person at a provider';
COMMENT ON COLUMN treg.episode.discharge_date IS 'last day enrolled (inclusive); NULL while open';
COMMENT ON COLUMN treg.episode.discharge_reason IS 'completed, dropped_out, transferred, terminated, incarcerated, death or other; set exactly when discharged';
COMMENT ON COLUMN treg.episode.substance_group IS 'primary substance group: alcohol, non_opioid (cannabis, cocaine and other non-opioids) or opioid';

CREATE TABLE treg.segment (
	segment_id bigint PRIMARY KEY,
	episode_id bigint NOT NULL,
	person_id bigint NOT NULL,
	intensity treg.intensity NOT NULL,
	start_date date NOT NULL,
	end_date date,
	planned_end_date date,
	opioid_substitution boolean NOT NULL DEFAULT false,
	CONSTRAINT segment_end_not_before_start CHECK (end_date >= start_date),
	CONSTRAINT segment_planned_end_not_before_start CHECK (planned_end_date >= start_date),
	CONSTRAINT segment_episode_fkey FOREIGN KEY (episode_id, person_id)
		REFERENCES treg.episode (episode_id, person_id),
	/* the segments of one episode never overlap (no btree_gist needed) */
	CONSTRAINT segment_no_overlap_in_episode EXCLUDE USING gist (
		int8range(episode_id, episode_id, '[]') WITH &&,
		daterange(start_date, end_date, '[]') WITH &&)
);
CREATE INDEX segment_person_idx ON treg.segment (person_id);
CREATE INDEX segment_episode_start_idx ON treg.segment (episode_id, start_date);
COMMENT ON TABLE treg.segment IS 'an intensity period inside an episode';
COMMENT ON COLUMN treg.segment.person_id IS 'the episode''s person, repeated so analyses can group by person without a join (kept equal by the foreign key)';
COMMENT ON COLUMN treg.segment.end_date IS 'last day of the period (inclusive); NULL while open';
COMMENT ON COLUMN treg.segment.planned_end_date IS 'last day granted (e.g. day treatment granted for 12 months), when given';
COMMENT ON COLUMN treg.segment.opioid_substitution IS 'true when the period includes opioid substitution treatment';

CREATE TABLE treg.tariff (
	tariff_id bigint PRIMARY KEY,
	provider_id integer NOT NULL REFERENCES treg.provider,
	intensity treg.intensity NOT NULL,
	valid_from date NOT NULL,
	valid_to date,
	price_per_day numeric(12, 2) NOT NULL CHECK (price_per_day >= 0),
	CONSTRAINT tariff_valid_to_not_before_from CHECK (valid_to >= valid_from),
	/* one price per provider, intensity and day: key = provider * 4 + rank */
	CONSTRAINT tariff_no_overlap EXCLUDE USING gist (
		int8range(provider_id::bigint * 4 + treg.intensity_rank(intensity),
				  provider_id::bigint * 4 + treg.intensity_rank(intensity), '[]') WITH &&,
		daterange(valid_from, valid_to, '[]') WITH &&)
);
CREATE INDEX tariff_provider_intensity_idx ON treg.tariff (provider_id, intensity, valid_from);
COMMENT ON TABLE treg.tariff IS 'takst: price per day by provider and intensity over a validity period';
COMMENT ON COLUMN treg.tariff.valid_to IS 'last day the price applies (inclusive); NULL while current';
COMMENT ON COLUMN treg.tariff.price_per_day IS 'price per day in DKK';

SELECT pg_catalog.pg_extension_config_dump('treg.person', '');
SELECT pg_catalog.pg_extension_config_dump('treg.provider', '');
SELECT pg_catalog.pg_extension_config_dump('treg.request', '');
SELECT pg_catalog.pg_extension_config_dump('treg.episode', '');
SELECT pg_catalog.pg_extension_config_dump('treg.segment', '');
SELECT pg_catalog.pg_extension_config_dump('treg.tariff', '');

/* ---- extension/sql/20_timeline.sql ---- */

/*
 * The timeline engine: the care_timeline type, the aggregates that build
 * it, its accessors and the population summaries (census, transition
 * matrix).  Dates are inclusive; NULL end = open; open periods are
 * censored at an explicit as_of.
 * C: extension/timeline_io.c, timeline_agg.c, timeline_ops.c,
 * timeline_census.c.  GUC: treg.episode_gap_days (default 30).
 */

CREATE TYPE treg.care_timeline;

CREATE FUNCTION treg.care_timeline_in(cstring) RETURNS treg.care_timeline
	AS 'MODULE_PATHNAME', 'care_timeline_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.care_timeline_out(treg.care_timeline) RETURNS cstring
	AS 'MODULE_PATHNAME', 'care_timeline_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.care_timeline_recv(internal) RETURNS treg.care_timeline
	AS 'MODULE_PATHNAME', 'care_timeline_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.care_timeline_send(treg.care_timeline) RETURNS bytea
	AS 'MODULE_PATHNAME', 'care_timeline_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE treg.care_timeline (
	INPUT = treg.care_timeline_in,
	OUTPUT = treg.care_timeline_out,
	RECEIVE = treg.care_timeline_recv,
	SEND = treg.care_timeline_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE treg.care_timeline IS 'one person''s care history: sorted non-overlapping day ranges with intensity and planned end';
COMMENT ON FUNCTION treg.care_timeline_in(cstring) IS 'text input of care_timeline (normalised)';
COMMENT ON FUNCTION treg.care_timeline_out(treg.care_timeline) IS 'text output of care_timeline (ISO dates)';
COMMENT ON FUNCTION treg.care_timeline_recv(internal) IS 'binary input of care_timeline (format version 1)';
COMMENT ON FUNCTION treg.care_timeline_send(treg.care_timeline) IS 'binary output of care_timeline (format version 1)';

CREATE FUNCTION treg.care_timeline_eq(treg.care_timeline, treg.care_timeline) RETURNS bool
	AS 'MODULE_PATHNAME', 'care_timeline_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.care_timeline_ne(treg.care_timeline, treg.care_timeline) RETURNS bool
	AS 'MODULE_PATHNAME', 'care_timeline_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.care_timeline_hash(treg.care_timeline) RETURNS int4
	AS 'MODULE_PATHNAME', 'care_timeline_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.care_timeline_hash_extended(treg.care_timeline, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'care_timeline_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.care_timeline_eq(treg.care_timeline, treg.care_timeline) IS 'implementation of = for care_timeline (same days, intensities and planned ends)';
COMMENT ON FUNCTION treg.care_timeline_ne(treg.care_timeline, treg.care_timeline) IS 'implementation of <> for care_timeline';
COMMENT ON FUNCTION treg.care_timeline_hash(treg.care_timeline) IS 'hash of a care_timeline';
COMMENT ON FUNCTION treg.care_timeline_hash_extended(treg.care_timeline, int8) IS 'seeded 64-bit hash of a care_timeline';

CREATE OPERATOR treg.= (
	LEFTARG = treg.care_timeline, RIGHTARG = treg.care_timeline, FUNCTION = treg.care_timeline_eq,
	COMMUTATOR = OPERATOR(treg.=), NEGATOR = OPERATOR(treg.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR treg.<> (
	LEFTARG = treg.care_timeline, RIGHTARG = treg.care_timeline, FUNCTION = treg.care_timeline_ne,
	COMMUTATOR = OPERATOR(treg.<>), NEGATOR = OPERATOR(treg.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR CLASS treg.care_timeline_hash_ops
	DEFAULT FOR TYPE treg.care_timeline USING hash AS
		OPERATOR 1 treg.=,
		FUNCTION 1 treg.care_timeline_hash(treg.care_timeline),
		FUNCTION 2 treg.care_timeline_hash_extended(treg.care_timeline, int8);

/* ---- building timelines ---- */

CREATE FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity, date)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_range_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity, date)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_range_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_rollup_sfunc(internal, treg.care_timeline)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_rollup_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_serial(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'timeline_agg_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_deserial(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_final(internal)
	RETURNS treg.care_timeline AS 'MODULE_PATHNAME', 'timeline_agg_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity) IS 'transition function of timeline_agg(date, date, intensity)';
COMMENT ON FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity, date) IS 'transition function of timeline_agg(date, date, intensity, date)';
COMMENT ON FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity) IS 'transition function of timeline_agg(daterange, intensity)';
COMMENT ON FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity, date) IS 'transition function of timeline_agg(daterange, intensity, date)';
COMMENT ON FUNCTION treg.timeline_rollup_sfunc(internal, treg.care_timeline) IS 'transition function of timeline_rollup';
COMMENT ON FUNCTION treg.timeline_agg_combine(internal, internal) IS 'combine function of timeline_agg and timeline_rollup';
COMMENT ON FUNCTION treg.timeline_agg_serial(internal) IS 'serialise a timeline_agg state (state format version 1)';
COMMENT ON FUNCTION treg.timeline_agg_deserial(bytea, internal) IS 'deserialise a timeline_agg state';
COMMENT ON FUNCTION treg.timeline_agg_final(internal) IS 'final function of timeline_agg and timeline_rollup: normalise and pack';

CREATE AGGREGATE treg.timeline_agg(start_date date, end_date date, intensity treg.intensity) (
	SFUNC = treg.timeline_agg_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_agg(start_date date, end_date date, intensity treg.intensity,
								   planned_end_date date) (
	SFUNC = treg.timeline_agg_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_agg(period daterange, intensity treg.intensity) (
	SFUNC = treg.timeline_agg_range_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_agg(period daterange, intensity treg.intensity,
								   planned_end_date date) (
	SFUNC = treg.timeline_agg_range_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_rollup(treg.care_timeline) (
	SFUNC = treg.timeline_rollup_sfunc, STYPE = internal,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE treg.timeline_agg(date, date, treg.intensity) IS 'care timeline of segment rows (start, inclusive end or NULL = open, intensity)';
COMMENT ON AGGREGATE treg.timeline_agg(date, date, treg.intensity, date) IS 'care timeline of segment rows with planned end dates';
COMMENT ON AGGREGATE treg.timeline_agg(daterange, treg.intensity) IS 'care timeline of segment periods (unbounded upper = open)';
COMMENT ON AGGREGATE treg.timeline_agg(daterange, treg.intensity, date) IS 'care timeline of segment periods with planned end dates';
COMMENT ON AGGREGATE treg.timeline_rollup(treg.care_timeline) IS 'union of care timelines (most intensive wins on shared days)';

CREATE FUNCTION treg.timeline_merge(treg.care_timeline, treg.care_timeline)
	RETURNS treg.care_timeline AS 'MODULE_PATHNAME', 'timeline_merge'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.timeline_merge(treg.care_timeline, treg.care_timeline) IS 'union of two care timelines (most intensive wins on shared days)';

/* ---- accessors of one timeline ---- */

CREATE FUNCTION treg.segments(timeline treg.care_timeline,
	OUT start_date date, OUT end_date date, OUT intensity treg.intensity,
	OUT planned_end_date date)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_segments'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION treg.segments(treg.care_timeline) IS 'the stored segments of a timeline (end_date NULL when open)';

CREATE FUNCTION treg.segment_count(timeline treg.care_timeline) RETURNS int4
	AS 'MODULE_PATHNAME', 'timeline_segment_count'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.segment_count(treg.care_timeline) IS 'number of stored segments of a timeline';

CREATE FUNCTION treg.episodes(timeline treg.care_timeline, gap_days int4, as_of date,
	OUT episode int4, OUT start_date date, OUT end_date date, OUT days int4,
	OUT open boolean, OUT max_intensity treg.intensity, OUT changes int4,
	OUT care_days int4)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_episodes'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 2;
CREATE FUNCTION treg.episodes(timeline treg.care_timeline, as_of date,
	OUT episode int4, OUT start_date date, OUT end_date date, OUT days int4,
	OUT open boolean, OUT max_intensity treg.intensity, OUT changes int4,
	OUT care_days int4)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_episodes'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION treg.episodes(treg.care_timeline, int4, date) IS 'episodes as of a date (segments joined across gaps of at most gap_days empty days; NULL = treg.episode_gap_days)';
COMMENT ON FUNCTION treg.episodes(treg.care_timeline, date) IS 'episodes as of a date, gap tolerance treg.episode_gap_days';

CREATE FUNCTION treg.days_in(timeline treg.care_timeline, intensity treg.intensity, as_of date)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_days_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.days_in(timeline treg.care_timeline, intensity treg.intensity, as_of date,
	during daterange)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_days_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.total_days(timeline treg.care_timeline, as_of date)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_total_days'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.total_days(timeline treg.care_timeline, as_of date, during daterange)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_total_days'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.days_in(treg.care_timeline, treg.intensity, date) IS 'days at an intensity up to as_of (open periods censored at as_of)';
COMMENT ON FUNCTION treg.days_in(treg.care_timeline, treg.intensity, date, daterange) IS 'days at an intensity up to as_of inside a date window';
COMMENT ON FUNCTION treg.total_days(treg.care_timeline, date) IS 'days in care up to as_of (open periods censored at as_of)';
COMMENT ON FUNCTION treg.total_days(treg.care_timeline, date, daterange) IS 'days in care up to as_of inside a date window';

CREATE FUNCTION treg.intensity_on(timeline treg.care_timeline, day date)
	RETURNS treg.intensity AS 'MODULE_PATHNAME', 'timeline_intensity_on'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.intensity_on(treg.care_timeline, date) IS 'intensity on a day, NULL when not in care';

CREATE FUNCTION treg.transitions(timeline treg.care_timeline, gap_days int4, as_of date,
	OUT episode int4, OUT from_intensity treg.intensity, OUT to_intensity treg.intensity,
	OUT transition_date date, OUT days_in_from int4, OUT direction text,
	OUT shortened boolean)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_transitions'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 3;
CREATE FUNCTION treg.transitions(timeline treg.care_timeline, as_of date,
	OUT episode int4, OUT from_intensity treg.intensity, OUT to_intensity treg.intensity,
	OUT transition_date date, OUT days_in_from int4, OUT direction text,
	OUT shortened boolean)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_transitions'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION treg.transitions(treg.care_timeline, int4, date) IS 'entering (in), intensity changes (up/down) and leaving (out) as of a date';
COMMENT ON FUNCTION treg.transitions(treg.care_timeline, date) IS 'transitions as of a date, gap tolerance treg.episode_gap_days';

CREATE FUNCTION treg.census(timeline treg.care_timeline, days date[],
	OUT day date, OUT intensity treg.intensity)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_census'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION treg.census(treg.care_timeline, date[]) IS 'the given days on which the person was in care, with the intensity';

/* ---- population summaries in one pass ---- */

CREATE TYPE treg.census_count AS (day date, intensity treg.intensity, persons bigint);
COMMENT ON TYPE treg.census_count IS 'one cell of a census: persons in care on a day at an intensity';

CREATE FUNCTION treg.census_agg_sfunc(internal, treg.care_timeline, date[])
	RETURNS internal AS 'MODULE_PATHNAME', 'census_agg_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'census_agg_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_serial(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'census_agg_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_deserial(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'census_agg_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_final(internal)
	RETURNS treg.census_count[] AS 'MODULE_PATHNAME', 'census_agg_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.census_agg_sfunc(internal, treg.care_timeline, date[]) IS 'transition function of census_agg';
COMMENT ON FUNCTION treg.census_agg_combine(internal, internal) IS 'combine function of census_agg';
COMMENT ON FUNCTION treg.census_agg_serial(internal) IS 'serialise a census_agg state (state format version 1)';
COMMENT ON FUNCTION treg.census_agg_deserial(bytea, internal) IS 'deserialise a census_agg state';
COMMENT ON FUNCTION treg.census_agg_final(internal) IS 'final function of census_agg: one census_count per day and intensity';

CREATE AGGREGATE treg.census_agg(timeline treg.care_timeline, days date[]) (
	SFUNC = treg.census_agg_sfunc, STYPE = internal,
	FINALFUNC = treg.census_agg_final,
	COMBINEFUNC = treg.census_agg_combine,
	SERIALFUNC = treg.census_agg_serial, DESERIALFUNC = treg.census_agg_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.census_agg(treg.care_timeline, date[]) IS 'persons in care on each of the given days by intensity, in one pass (unnest the result)';

CREATE TYPE treg.transition_count AS (
	from_intensity treg.intensity, to_intensity treg.intensity,
	transitions bigint, persons bigint, from_stays bigint, from_persons bigint,
	share double precision);
COMMENT ON TYPE treg.transition_count IS 'one cell of a transition matrix (NULL intensity = out of care)';

CREATE FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, date)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_sfunc'
	LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, int4, date, int4)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_sfunc'
	LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_serial(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'transition_matrix_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_deserial(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_final(internal)
	RETURNS treg.transition_count[] AS 'MODULE_PATHNAME', 'transition_matrix_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, date) IS 'transition function of transition_matrix(timeline, as_of)';
COMMENT ON FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, int4, date, int4) IS 'transition function of transition_matrix(timeline, gap_days, as_of, within_days)';
COMMENT ON FUNCTION treg.transition_matrix_combine(internal, internal) IS 'combine function of transition_matrix';
COMMENT ON FUNCTION treg.transition_matrix_serial(internal) IS 'serialise a transition_matrix state (state format version 1)';
COMMENT ON FUNCTION treg.transition_matrix_deserial(bytea, internal) IS 'deserialise a transition_matrix state';
COMMENT ON FUNCTION treg.transition_matrix_final(internal) IS 'final function of transition_matrix: twelve transition_count cells';

CREATE AGGREGATE treg.transition_matrix(timeline treg.care_timeline, as_of date) (
	SFUNC = treg.transition_matrix_sfunc, STYPE = internal,
	FINALFUNC = treg.transition_matrix_final,
	COMBINEFUNC = treg.transition_matrix_combine,
	SERIALFUNC = treg.transition_matrix_serial, DESERIALFUNC = treg.transition_matrix_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.transition_matrix(timeline treg.care_timeline, gap_days int4,
										as_of date, within_days int4) (
	SFUNC = treg.transition_matrix_sfunc, STYPE = internal,
	FINALFUNC = treg.transition_matrix_final,
	COMBINEFUNC = treg.transition_matrix_combine,
	SERIALFUNC = treg.transition_matrix_serial, DESERIALFUNC = treg.transition_matrix_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.transition_matrix(treg.care_timeline, date) IS 'transition counts between intensities and in/out of care for a population (unnest the result)';
COMMENT ON AGGREGATE treg.transition_matrix(treg.care_timeline, int4, date, int4) IS 'transition counts with gap tolerance and a horizon: a move counts if the stay left lasted at most within_days';

/* ---- extension/sql/30_retention.sql ---- */

/*
 * Retention engine: durations with censoring, Kaplan-Meier.
 * C: extension/retention_io.c, extension/retention_agg.c,
 *	  extension/retention_km.c
 *
 * treg.retention_agg(days, event) collects per-day counts of events and
 * censorings into a treg.retention value; the km_* accessors read the
 * Kaplan-Meier estimate from it as plain numbers and rows.  The engine works
 * on plain arguments; the registry conveniences at the end of this file
 * (SQL) read the reference tables.
 */

CREATE TYPE treg.retention;

CREATE FUNCTION treg.retention_in(cstring) RETURNS treg.retention
	AS 'MODULE_PATHNAME', 'retention_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_out(treg.retention) RETURNS cstring
	AS 'MODULE_PATHNAME', 'retention_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_recv(internal) RETURNS treg.retention
	AS 'MODULE_PATHNAME', 'retention_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_send(treg.retention) RETURNS bytea
	AS 'MODULE_PATHNAME', 'retention_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE treg.retention (
	INPUT = treg.retention_in,
	OUTPUT = treg.retention_out,
	RECEIVE = treg.retention_recv,
	SEND = treg.retention_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE treg.retention IS 'per-day counts of events and censorings of durations, text form {day:events/censored,...}';
COMMENT ON FUNCTION treg.retention_in(cstring) IS 'text input of retention: {day:events/censored,...}';
COMMENT ON FUNCTION treg.retention_out(treg.retention) IS 'text output of retention: {day:events/censored,...}';
COMMENT ON FUNCTION treg.retention_recv(internal) IS 'binary input of retention (format version byte first)';
COMMENT ON FUNCTION treg.retention_send(treg.retention) IS 'binary output of retention (format version byte first)';

/* aggregate support functions */
CREATE FUNCTION treg.retention_agg_transfn(internal, int4, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_agg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.retention_merge_transfn(internal, treg.retention) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_merge_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_combinefn(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_agg_combinefn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_serialfn(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'retention_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_deserialfn(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_finalfn(internal) RETURNS treg.retention
	AS 'MODULE_PATHNAME', 'retention_agg_finalfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.retention_agg_transfn(internal, int4, boolean) IS 'transition function of retention_agg: count one duration';
COMMENT ON FUNCTION treg.retention_merge_transfn(internal, treg.retention) IS 'transition function of retention_merge: add a retention value';
COMMENT ON FUNCTION treg.retention_agg_combinefn(internal, internal) IS 'combine function of the retention aggregates: add two partial states';
COMMENT ON FUNCTION treg.retention_agg_serialfn(internal) IS 'serialize a partial retention state (format version byte first)';
COMMENT ON FUNCTION treg.retention_agg_deserialfn(bytea, internal) IS 'deserialize a partial retention state';
COMMENT ON FUNCTION treg.retention_agg_finalfn(internal) IS 'final function of the retention aggregates: the retention value';

CREATE AGGREGATE treg.retention_agg(days int4, event boolean) (
	SFUNC = treg.retention_agg_transfn,
	STYPE = internal,
	FINALFUNC = treg.retention_agg_finalfn,
	COMBINEFUNC = treg.retention_agg_combinefn,
	SERIALFUNC = treg.retention_agg_serialfn,
	DESERIALFUNC = treg.retention_agg_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.retention_agg(int4, boolean) IS 'durations in days with an event flag (false: censored) as a retention value for the km_* accessors';

CREATE AGGREGATE treg.retention_merge(treg.retention) (
	SFUNC = treg.retention_merge_transfn,
	STYPE = internal,
	FINALFUNC = treg.retention_agg_finalfn,
	COMBINEFUNC = treg.retention_agg_combinefn,
	SERIALFUNC = treg.retention_agg_serialfn,
	DESERIALFUNC = treg.retention_agg_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.retention_merge(treg.retention) IS 'merge stored retention values (e.g. per month or provider) into one';

/* Kaplan-Meier accessors */
CREATE FUNCTION treg.km_curve(r treg.retention, conf_type text DEFAULT 'log',
							  conf_level float8 DEFAULT 0.95,
							  OUT day int4, OUT at_risk int8, OUT events int8,
							  OUT censored int8, OUT survival float8,
							  OUT std_err float8, OUT lower float8, OUT upper float8)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'retention_km_curve' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	ROWS 100;
CREATE FUNCTION treg.km_survival(r treg.retention, day int4) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_survival' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_quantile(r treg.retention, p float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_quantile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_median(r treg.retention) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_rmst(r treg.retention, tau int4) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_rmst' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_rmst_std_err(r treg.retention, tau int4) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_rmst_std_err' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_count(r treg.retention) RETURNS int8
	AS 'MODULE_PATHNAME', 'retention_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_events(r treg.retention) RETURNS int8
	AS 'MODULE_PATHNAME', 'retention_events' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION treg.km_curve(treg.retention, text, float8) IS 'Kaplan-Meier curve: one row per observed day with at risk, events, censored, survival, Greenwood std_err and CI (log, log-log or plain)';
COMMENT ON FUNCTION treg.km_survival(treg.retention, int4) IS 'Kaplan-Meier survival after the given number of days (NULL beyond follow-up)';
COMMENT ON FUNCTION treg.km_quantile(treg.retention, float8) IS 'first day with survival <= 1 - p (R survfit rule; NULL if never reached)';
COMMENT ON FUNCTION treg.km_median(treg.retention) IS 'median duration in days (R survfit rule; NULL if survival stays above 0.5)';
COMMENT ON FUNCTION treg.km_rmst(treg.retention, int4) IS 'restricted mean duration: area under the survival curve from day 0 to tau';
COMMENT ON FUNCTION treg.km_rmst_std_err(treg.retention, int4) IS 'standard error of the restricted mean up to tau (as R print.survfit)';
COMMENT ON FUNCTION treg.retention_count(treg.retention) IS 'number of durations (events plus censorings) in a retention value';
COMMENT ON FUNCTION treg.retention_events(treg.retention) IS 'number of events in a retention value';

/*
 * Registry conveniences (layer 3, SQL over the reference schema).
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
	PERFORM treg.km_curve('{}'::treg.retention, $5);
	RETURN QUERY
	SELECT g.entry_intensity::text, k.day, k.at_risk, k.events, k.censored,
		   k.survival, k.std_err, k.lower, k.upper
	FROM (SELECT d.entry_intensity,
				 treg.retention_agg(d.days, d.event_happened) AS r
		  FROM treg.episode_durations($1, $2, $3, $4) d
		  GROUP BY d.entry_intensity) g,
		 LATERAL treg.km_curve(g.r, $5) k
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
	FROM treg.episode_durations($1, $2, $3, $4) d
	GROUP BY d.entry_intensity
	ORDER BY d.entry_intensity
$fn$;
COMMENT ON FUNCTION treg.retention_summary_by_entry_intensity(date, date, text, date) IS 'one row per intensity at entry: episodes, persons, events, median days, survival at 182 and 365 days, restricted mean to 365 days';

/* ---- extension/sql/40_disclosure.sql ---- */

/*
 * Disclosure control: anonymised aggregates, secondary suppression of
 * whole tables and an audit of published tables.
 * C: extension/anon_count_agg.c, anon_sum_agg.c, person_set.c,
 * disclosure_guc.c, sdc_table.c, sdc_lp.c, suppression.c,
 * suppression_audit.c.  GUCs: treg.min_cell_count, treg.dominance_n,
 * treg.dominance_k, treg.dominance_p.
 */

CREATE FUNCTION treg.anon_count_trans(internal, bigint) RETURNS internal
	AS 'MODULE_PATHNAME', 'anon_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.anon_count_final(internal) RETURNS bigint
	AS 'MODULE_PATHNAME', 'anon_count_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION treg.anon_count_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'anon_count_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.anon_count_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'anon_count_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.anon_count_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'anon_count_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.anon_count_trans(internal, bigint) IS 'transition function of anon_count: add a person id to the set';
COMMENT ON FUNCTION treg.anon_count_final(internal) IS 'final function of anon_count: distinct persons, NULL from 1 to treg.min_cell_count - 1';
COMMENT ON FUNCTION treg.anon_count_combine(internal, internal) IS 'combine function of anon_count and anon_sum: union of two partial person sets';
COMMENT ON FUNCTION treg.anon_count_serial(internal) IS 'serial function of anon_count and anon_sum: versioned binary person set';
COMMENT ON FUNCTION treg.anon_count_deserial(bytea, internal) IS 'deserial function of anon_count: read a binary person set';

CREATE AGGREGATE treg.anon_count(bigint) (
	SFUNC = treg.anon_count_trans,
	STYPE = internal,
	SSPACE = 1024,
	FINALFUNC = treg.anon_count_final,
	COMBINEFUNC = treg.anon_count_combine,
	SERIALFUNC = treg.anon_count_serial,
	DESERIALFUNC = treg.anon_count_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.anon_count(bigint) IS 'number of distinct persons; NULL when from 1 to treg.min_cell_count - 1 (0 stays 0)';

CREATE FUNCTION treg.anon_sum_trans(internal, bigint, double precision) RETURNS internal
	AS 'MODULE_PATHNAME', 'anon_sum_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.anon_sum_final(internal) RETURNS double precision
	AS 'MODULE_PATHNAME', 'anon_sum_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION treg.anon_sum_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'anon_sum_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.anon_sum_trans(internal, bigint, double precision) IS 'transition function of anon_sum: add a value to a person''s sum';
COMMENT ON FUNCTION treg.anon_sum_final(internal) IS 'final function of anon_sum: the sum, NULL below treg.min_cell_count persons or under the (n,k) or p% dominance rule';
COMMENT ON FUNCTION treg.anon_sum_deserial(bytea, internal) IS 'deserial function of anon_sum: read a binary person set with sums';

CREATE AGGREGATE treg.anon_sum(bigint, double precision) (
	SFUNC = treg.anon_sum_trans,
	STYPE = internal,
	SSPACE = 2048,
	FINALFUNC = treg.anon_sum_final,
	COMBINEFUNC = treg.anon_count_combine,
	SERIALFUNC = treg.anon_count_serial,
	DESERIALFUNC = treg.anon_sum_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.anon_sum(bigint, double precision) IS 'sum of non-negative values over persons; NULL below treg.min_cell_count persons, when the treg.dominance_n largest give more than treg.dominance_k percent, or under the treg.dominance_p percent rule';

CREATE FUNCTION treg.suppress(
	row_keys text[], col_keys text[], counts bigint[],
	row_groups text[] DEFAULT NULL, protection_width integer DEFAULT NULL,
	OUT row_group text, OUT row_key text, OUT col_key text,
	OUT value bigint, OUT reason text)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'treg_suppress' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.suppress(text[], text[], bigint[], text[], integer) IS 'primary and secondary suppression of a 2-D table with totals (NULL key = total); value NULL when suppressed, reason for privileged users';

CREATE FUNCTION treg.suppression_audit(
	row_keys text[], col_keys text[], published bigint[],
	row_groups text[] DEFAULT NULL, suppressed_nonzero boolean DEFAULT false,
	OUT row_group text, OUT row_key text, OUT col_key text,
	OUT low bigint, OUT high bigint)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'treg_suppression_audit' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.suppression_audit(text[], text[], bigint[], text[], boolean) IS 'exact lowest and highest value of each suppressed (NULL) cell of a published 2-D table with totals (optionally known to be at least 1)';

/*
 * Example committee view built with the engine: distinct persons with an
 * episode, by provider and substance group, with totals, suppressed as one
 * table.  Readable by treg_analyst (90_privileges.sql grants report_*).
 */
CREATE VIEW treg.report_persons_by_provider AS
SELECT s.row_key AS provider, s.col_key AS substance_group, s.value AS persons, s.reason
FROM (SELECT array_agg(t.provider) AS r, array_agg(t.substance_group) AS c, array_agg(t.n) AS n
	  FROM (SELECT p.name AS provider, e.substance_group, count(DISTINCT e.person_id) AS n
			FROM treg.episode e JOIN treg.provider p USING (provider_id)
			GROUP BY CUBE (p.name, e.substance_group)) t) a,
	 treg.suppress(a.r, a.c, a.n) s;
COMMENT ON VIEW treg.report_persons_by_provider IS 'distinct persons with an episode by provider and substance group (NULL = total), suppressed so no count from 1 to k-1 can be derived';

/* ---- extension/sql/50_danish.sql ---- */

/*
 * Danish specifics: the calendar (holidays, working days), the treatment
 * guarantee, CPR numbers and their pseudonyms, and ICU text (name keys,
 * Danish number formats).
 * C: extension/calendar.c, guarantee.c, cpr_io.c, cpr_ops.c, pseudonym.c,
 *    icu_text.c, icu_num.c
 */

/* ---- calendar ---- */

CREATE FUNCTION treg.easter(year integer) RETURNS date
	AS 'MODULE_PATHNAME', 'treg_easter' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.is_holiday(d date, with_customary boolean DEFAULT false) RETURNS boolean
	AS 'MODULE_PATHNAME', 'treg_is_holiday' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.holiday_name(d date, with_customary boolean DEFAULT false) RETURNS text
	AS 'MODULE_PATHNAME', 'treg_holiday_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.is_working_day(d date, with_customary boolean DEFAULT false) RETURNS boolean
	AS 'MODULE_PATHNAME', 'treg_is_working_day' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.working_days_between(a date, b date, with_customary boolean DEFAULT false) RETURNS integer
	AS 'MODULE_PATHNAME', 'treg_working_days_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.add_working_days(d date, n integer, with_customary boolean DEFAULT false) RETURNS date
	AS 'MODULE_PATHNAME', 'treg_add_working_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.holidays(year integer, with_customary boolean DEFAULT false)
	RETURNS TABLE (holiday date, name text)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$
	SELECT s.d, treg.holiday_name(s.d, with_customary)
	FROM (SELECT make_date(year, 1, 1) + g AS d
		  FROM pg_catalog.generate_series(0, make_date(year, 12, 31) - make_date(year, 1, 1)) g) s
	WHERE treg.is_holiday(s.d, with_customary)
	ORDER BY s.d
	$$;

COMMENT ON FUNCTION treg.easter(integer) IS 'Easter Sunday of a Gregorian year (1583 and later)';
COMMENT ON FUNCTION treg.is_holiday(date, boolean) IS 'true on a Danish public holiday (with_customary: also 1 May, 5 June, 24 and 31 December)';
COMMENT ON FUNCTION treg.holiday_name(date, boolean) IS 'Danish name of the holiday on a day, NULL on other days';
COMMENT ON FUNCTION treg.is_working_day(date, boolean) IS 'true from Monday to Friday except Danish holidays';
COMMENT ON FUNCTION treg.working_days_between(date, date, boolean) IS 'number of working days d with a < d <= b (negative when b < a)';
COMMENT ON FUNCTION treg.add_working_days(date, integer, boolean) IS 'the n-th working day after d (before d when n < 0; d when n = 0)';
COMMENT ON FUNCTION treg.holidays(integer, boolean) IS 'the Danish holidays of a year with their names';

/* ---- treatment guarantee ---- */

CREATE FUNCTION treg.wait_days(request_date date, start_date date, as_of date) RETURNS integer
	AS 'MODULE_PATHNAME', 'treg_wait_days' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.guarantee_met(request_date date, start_date date, as_of date,
								   limit_days integer DEFAULT 14) RETURNS boolean
	AS 'MODULE_PATHNAME', 'treg_guarantee_met' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.straks_met(request_date date, start_date date, as_of date,
								rule text DEFAULT 'next_day') RETURNS boolean
	AS 'MODULE_PATHNAME', 'treg_straks_met' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.wait_days(date, date, date) IS 'days from request to start of treatment, censored at as_of while waiting; NULL for a request after as_of';
COMMENT ON FUNCTION treg.guarantee_met(date, date, date, integer) IS 'treatment started within limit_days of the request: true, false, or NULL while still waiting within the limit';
COMMENT ON FUNCTION treg.straks_met(date, date, date, text) IS 'immediate treatment: started by the next day or next working day (rule); NULL while still waiting within it';

/* ---- the cpr type ---- */

CREATE TYPE treg.cpr;

CREATE FUNCTION treg.cpr_in(cstring) RETURNS treg.cpr
	AS 'MODULE_PATHNAME', 'cpr_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_out(treg.cpr) RETURNS cstring
	AS 'MODULE_PATHNAME', 'cpr_out' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_recv(internal) RETURNS treg.cpr
	AS 'MODULE_PATHNAME', 'cpr_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_send(treg.cpr) RETURNS bytea
	AS 'MODULE_PATHNAME', 'cpr_send' LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE TYPE treg.cpr (
	INPUT = treg.cpr_in,
	OUTPUT = treg.cpr_out,
	RECEIVE = treg.cpr_recv,
	SEND = treg.cpr_send,
	INTERNALLENGTH = 4,
	PASSEDBYVALUE,
	ALIGNMENT = int4,
	STORAGE = plain
);

COMMENT ON TYPE treg.cpr IS 'Danish CPR number (DDMMYY-SSSS); shown as DDMMYY-xxxx except to treg_cpr_reader members and superusers';
COMMENT ON FUNCTION treg.cpr_in(cstring) IS 'text input of cpr (DDMMYY-SSSS or DDMMYYSSSS)';
COMMENT ON FUNCTION treg.cpr_out(treg.cpr) IS 'text output of cpr, masked unless the user may read CPR numbers';
COMMENT ON FUNCTION treg.cpr_recv(internal) IS 'binary input of cpr (refuses masked values)';
COMMENT ON FUNCTION treg.cpr_send(treg.cpr) IS 'binary output of cpr, masked unless the user may read CPR numbers';

CREATE FUNCTION treg.cpr_eq(treg.cpr, treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_ne(treg.cpr, treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_lt(treg.cpr, treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_le(treg.cpr, treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_gt(treg.cpr, treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_ge(treg.cpr, treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_cmp(treg.cpr, treg.cpr) RETURNS integer
	AS 'MODULE_PATHNAME', 'cpr_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_hash(treg.cpr) RETURNS integer
	AS 'MODULE_PATHNAME', 'cpr_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_hash_extended(treg.cpr, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cpr_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION treg.cpr_eq(treg.cpr, treg.cpr) IS 'implementation of = for cpr';
COMMENT ON FUNCTION treg.cpr_ne(treg.cpr, treg.cpr) IS 'implementation of <> for cpr';
COMMENT ON FUNCTION treg.cpr_lt(treg.cpr, treg.cpr) IS 'implementation of < for cpr (birth date, then serial)';
COMMENT ON FUNCTION treg.cpr_le(treg.cpr, treg.cpr) IS 'implementation of <= for cpr (birth date, then serial)';
COMMENT ON FUNCTION treg.cpr_gt(treg.cpr, treg.cpr) IS 'implementation of > for cpr (birth date, then serial)';
COMMENT ON FUNCTION treg.cpr_ge(treg.cpr, treg.cpr) IS 'implementation of >= for cpr (birth date, then serial)';
COMMENT ON FUNCTION treg.cpr_cmp(treg.cpr, treg.cpr) IS 'btree comparison of cpr numbers (-1, 0, 1)';
COMMENT ON FUNCTION treg.cpr_hash(treg.cpr) IS 'hash of a cpr number';
COMMENT ON FUNCTION treg.cpr_hash_extended(treg.cpr, bigint) IS 'seeded 64-bit hash of a cpr number';

CREATE OPERATOR treg.= (
	LEFTARG = treg.cpr, RIGHTARG = treg.cpr, FUNCTION = treg.cpr_eq,
	COMMUTATOR = OPERATOR(treg.=), NEGATOR = OPERATOR(treg.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR treg.<> (
	LEFTARG = treg.cpr, RIGHTARG = treg.cpr, FUNCTION = treg.cpr_ne,
	COMMUTATOR = OPERATOR(treg.<>), NEGATOR = OPERATOR(treg.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR treg.< (
	LEFTARG = treg.cpr, RIGHTARG = treg.cpr, FUNCTION = treg.cpr_lt,
	COMMUTATOR = OPERATOR(treg.>), NEGATOR = OPERATOR(treg.>=),
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR treg.<= (
	LEFTARG = treg.cpr, RIGHTARG = treg.cpr, FUNCTION = treg.cpr_le,
	COMMUTATOR = OPERATOR(treg.>=), NEGATOR = OPERATOR(treg.>),
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR treg.> (
	LEFTARG = treg.cpr, RIGHTARG = treg.cpr, FUNCTION = treg.cpr_gt,
	COMMUTATOR = OPERATOR(treg.<), NEGATOR = OPERATOR(treg.<=),
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR treg.>= (
	LEFTARG = treg.cpr, RIGHTARG = treg.cpr, FUNCTION = treg.cpr_ge,
	COMMUTATOR = OPERATOR(treg.<=), NEGATOR = OPERATOR(treg.<),
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS treg.cpr_ops
	DEFAULT FOR TYPE treg.cpr USING btree AS
		OPERATOR 1 treg.<,
		OPERATOR 2 treg.<=,
		OPERATOR 3 treg.=,
		OPERATOR 4 treg.>=,
		OPERATOR 5 treg.>,
		FUNCTION 1 treg.cpr_cmp(treg.cpr, treg.cpr);

CREATE OPERATOR CLASS treg.cpr_hash_ops
	DEFAULT FOR TYPE treg.cpr USING hash AS
		OPERATOR 1 treg.=,
		FUNCTION 1 treg.cpr_hash(treg.cpr),
		FUNCTION 2 treg.cpr_hash_extended(treg.cpr, bigint);

CREATE CAST (treg.cpr AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS treg.cpr) WITH INOUT;
COMMENT ON CAST (treg.cpr AS text) IS 'DDMMYY-SSSS, or DDMMYY-xxxx for users who may not read CPR numbers';
COMMENT ON CAST (text AS treg.cpr) IS 'parse DDMMYY-SSSS or DDMMYYSSSS';

CREATE FUNCTION treg.birth_date(treg.cpr) RETURNS date
	AS 'MODULE_PATHNAME', 'cpr_birth_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.sex(treg.cpr) RETURNS text
	AS 'MODULE_PATHNAME', 'cpr_sex' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.age_on(treg.cpr, date) RETURNS integer
	AS 'MODULE_PATHNAME', 'cpr_age_on' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.age_on(birth_date date, on_date date) RETURNS integer
	AS 'MODULE_PATHNAME', 'treg_age_on' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_mod11_valid(treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_mod11_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_clear_visible() RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_clear_visible' LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.birth_date(treg.cpr) IS 'date of birth of a CPR number (century from the 7th digit)';
COMMENT ON FUNCTION treg.sex(treg.cpr) IS 'male (odd last digit) or female (even last digit)';
COMMENT ON FUNCTION treg.age_on(treg.cpr, date) IS 'age in whole years on a day (born 29 February: older on 1 March in other years)';
COMMENT ON FUNCTION treg.age_on(date, date) IS 'age in whole years on a day from a birth date (born 29 February: older on 1 March in other years)';
COMMENT ON FUNCTION treg.cpr_mod11_valid(treg.cpr) IS 'true when the CPR number passes the modulus-11 check (not required since 2007)';
COMMENT ON FUNCTION treg.cpr_valid(text) IS 'true when the text is a valid CPR number (DDMMYY-SSSS or DDMMYYSSSS; modulus 11 not required)';
COMMENT ON FUNCTION treg.cpr_clear_visible() IS 'true when the current user reads CPR numbers in clear (superuser or member of treg_cpr_reader)';

/* ---- pseudonyms ---- */

CREATE FUNCTION treg.pseudonym(treg.cpr, key bytea) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cpr_pseudonym' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.pseudonym(treg.cpr, bytea) IS 'stable non-negative pseudonym of a CPR number: HMAC-SHA-256 under a key of at least 16 bytes';

/*
 * The secret key of treg.pseudonym(cpr).  Nobody but superusers can read
 * it; not registered with pg_extension_config_dump on purpose, so pg_dump
 * never copies it (back it up separately, see README).
 */
CREATE TABLE treg.pseudonym_key (
	key_id integer PRIMARY KEY,
	key bytea NOT NULL CHECK (octet_length(key) >= 16),
	current boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pseudonym_key_one_current ON treg.pseudonym_key (current) WHERE current;
REVOKE ALL ON treg.pseudonym_key FROM PUBLIC;
COMMENT ON TABLE treg.pseudonym_key IS 'secret keys of treg.pseudonym(cpr); exactly one is current; superusers only; not dumped by pg_dump';

CREATE FUNCTION treg.pseudonym(treg.cpr) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cpr_pseudonym_stored'
	LANGUAGE C STABLE STRICT PARALLEL SAFE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION treg.pseudonym(treg.cpr) IS 'pseudonym of a CPR number under the current key of treg.pseudonym_key (treg_writer only)';

/* the roles are created in 05_roles.sql */
REVOKE EXECUTE ON FUNCTION treg.pseudonym(treg.cpr) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.pseudonym(treg.cpr) TO treg_writer;

/* ---- ICU text ---- */

CREATE FUNCTION treg.name_key(text) RETURNS text
	AS 'MODULE_PATHNAME', 'treg_name_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.format_da(numeric) RETURNS text
	AS 'MODULE_PATHNAME', 'treg_format_da' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.format_da(numeric, decimals integer) RETURNS text
	AS 'MODULE_PATHNAME', 'treg_format_da_decimals' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.format_dkk(amount numeric, unit text) RETURNS text
	AS 'MODULE_PATHNAME', 'treg_format_dkk' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.format_dkk(amount numeric, unit text, decimals integer) RETURNS text
	AS 'MODULE_PATHNAME', 'treg_format_dkk_decimals' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION treg.name_key(text) IS 'matching key of a name: NFKC case folding, æ ø å as ae oe aa, ASCII, no punctuation, single blanks';
COMMENT ON FUNCTION treg.format_da(numeric) IS 'number in Danish notation (ICU, da_DK) with all its decimals: 31.735 / 33,5';
COMMENT ON FUNCTION treg.format_da(numeric, integer) IS 'number in Danish notation (ICU, da_DK) rounded to exactly the given decimals';
COMMENT ON FUNCTION treg.format_dkk(numeric, text) IS 'amount in kroner as Danish text in a unit: kr, tkr, mio or mia (e.g. 33,5 mio. kr.)';
COMMENT ON FUNCTION treg.format_dkk(numeric, text, integer) IS 'amount in kroner as Danish text in a unit (kr, tkr, mio, mia) with the given decimals';

/* ---- extension/sql/60_demo.sql ---- */

/*
 * The demo registry: a deterministic generator of a fictitious municipality
 * (same arguments, same rows), shaped like the figures in the seeds.
 * C: extension/demo.c (persons, requests, episodes, segments);
 * providers and tariffs are small fixed tables written here in SQL.
 */

CREATE FUNCTION treg.demo_persons(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08', home_municipality smallint DEFAULT 169)
	RETURNS TABLE (person_id bigint, anonymous boolean, birth_date date, sex text,
		municipality_code smallint)
	AS 'MODULE_PATHNAME', 'demo_persons'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_persons(integer, integer, date, smallint) IS 'demo registry: the persons (rows of treg.person)';

CREATE FUNCTION treg.demo_requests(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08')
	RETURNS TABLE (request_id bigint, person_id bigint, request_date date, track text,
		legal_basis text, initiation_date date, waiver text)
	AS 'MODULE_PATHNAME', 'demo_requests'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_requests(integer, integer, date) IS 'demo registry: the requests (rows of treg.request)';

CREATE FUNCTION treg.demo_episodes(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08')
	RETURNS TABLE (episode_id bigint, person_id bigint, provider_id integer,
		request_id bigint, enrol_date date, discharge_date date,
		discharge_reason text, substance_group text)
	AS 'MODULE_PATHNAME', 'demo_episodes'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_episodes(integer, integer, date) IS 'demo registry: the episodes (rows of treg.episode)';

CREATE FUNCTION treg.demo_segments(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08')
	RETURNS TABLE (person_id bigint, episode_id bigint, segment_id bigint,
		intensity treg.intensity, start_date date, end_date date,
		planned_end_date date)
	AS 'MODULE_PATHNAME', 'demo_segments'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_segments(integer, integer, date) IS 'demo registry: the intensity segments, for filling plain benchmark tables';

CREATE FUNCTION treg.demo_registry_segments(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08')
	RETURNS TABLE (person_id bigint, episode_id bigint, segment_id bigint,
		intensity treg.intensity, start_date date, end_date date,
		planned_end_date date, opioid_substitution boolean)
	AS 'MODULE_PATHNAME', 'demo_registry_segments'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION treg.demo_registry_segments(integer, integer, date) IS 'demo registry: demo_segments with the opioid substitution flag (rows of treg.segment)';

/*
 * The 38 providers.  provider_id 1 is the partner provider, 2 and 3 are the
 * municipality's own units; the generator (demo.c) weights episodes by
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
 */
CREATE FUNCTION treg.demo_load(persons integer, seed integer DEFAULT 1,
		as_of date DEFAULT '2026-04-08', home_municipality smallint DEFAULT 169)
	RETURNS TABLE (table_name text, row_count bigint)
	LANGUAGE plpgsql VOLATILE STRICT
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

	TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff,
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
	FROM treg.demo_requests(persons, seed, as_of) d;
	GET DIAGNOSTICS n_request = ROW_COUNT;

	INSERT INTO treg.episode (episode_id, person_id, provider_id, request_id, enrol_date,
		discharge_date, discharge_reason, substance_group)
	SELECT d.episode_id, d.person_id, d.provider_id, d.request_id, d.enrol_date,
		d.discharge_date, d.discharge_reason, d.substance_group
	FROM treg.demo_episodes(persons, seed, as_of) d;
	GET DIAGNOSTICS n_episode = ROW_COUNT;

	INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date,
		end_date, planned_end_date, opioid_substitution)
	SELECT d.segment_id, d.episode_id, d.person_id, d.intensity, d.start_date,
		d.end_date, d.planned_end_date, d.opioid_substitution
	FROM treg.demo_registry_segments(persons, seed, as_of) d;
	GET DIAGNOSTICS n_segment = ROW_COUNT;

	FOR i IN 1 .. coalesce(array_length(fks, 1), 0) LOOP
		EXECUTE fks[i];
	END LOOP;

	RETURN QUERY VALUES
		('person'::text, n_person), ('provider', n_provider), ('request', n_request),
		('episode', n_episode), ('segment', n_segment), ('tariff', n_tariff);
END
$load$;
COMMENT ON FUNCTION treg.demo_load(integer, integer, date, smallint) IS 'empty the registry tables and fill them with the deterministic demo registry; returns rows per table';

/* ---- extension/sql/80_reports.sql ---- */

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

/* ---- extension/sql/90_privileges.sql ---- */

/*
 * Privileges of the roles created in 05_roles.sql.
 *
 * treg_writer  writes the registry tables.
 * treg_analyst reads only the reporting views (treg.report_*): no raw table.
 */
REVOKE ALL ON ALL TABLES IN SCHEMA treg FROM PUBLIC;
GRANT USAGE ON SCHEMA treg TO treg_writer, treg_analyst;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE
	ON treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff
	TO treg_writer;

GRANT SELECT, INSERT, UPDATE, DELETE ON treg.report_config TO treg_writer;

/* the report functions run as their owner: only the two roles may call them */
DO $fngrants$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN
		SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
		WHERE p.pronamespace = 'treg'::regnamespace AND p.prosecdef
		  AND p.proname LIKE 'report\_%'
	LOOP
		EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
		EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO treg_analyst, treg_writer', f);
	END LOOP;
END
$fngrants$;

/* every reporting view is readable by the analyst role */
DO $grants$
DECLARE
	v regclass;
BEGIN
	FOR v IN
		SELECT c.oid::regclass FROM pg_catalog.pg_class c
		WHERE c.relnamespace = 'treg'::regnamespace
		  AND c.relkind IN ('v', 'm') AND c.relname LIKE 'report\_%'
	LOOP
		EXECUTE format('GRANT SELECT ON %s TO treg_analyst, treg_writer', v);
	END LOOP;
END
$grants$;
