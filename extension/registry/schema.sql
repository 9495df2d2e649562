/*
 * The reference registry schema (DESIGN.md, "Domain model").
 *
 * Dates are day-granular; start dates are the first day and end dates the
 * last day (inclusive), NULL while open; every date is finite (no
 * infinity: an open end is NULL).  Text columns that are not codes have a
 * length limit.  Keys are supplied by the source
 * system (no sequences), so rows keep their identity across pg_dump and
 * reloads.  Every table is registered with pg_extension_config_dump, so
 * pg_dump keeps the rows although the tables belong to the extension.
 */

CREATE TABLE treg.person (
	person_id bigint PRIMARY KEY,
	anonymous boolean NOT NULL DEFAULT false,
	birth_date date,
	sex text CHECK (sex IN ('male', 'female')),
	municipality_code smallint NOT NULL CHECK (municipality_code BETWEEN 101 AND 999),
	CONSTRAINT person_dates_finite CHECK (isfinite(birth_date))
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
	partner boolean NOT NULL DEFAULT false,
	CONSTRAINT provider_name_length CHECK (length(name) <= 200),
	CONSTRAINT provider_name_key_length CHECK (length(name_key) <= 200)
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
		CHECK (initiation_date >= request_date),
	CONSTRAINT request_dates_finite
		CHECK (isfinite(request_date) AND isfinite(initiation_date))
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
	CONSTRAINT episode_dates_finite
		CHECK (isfinite(enrol_date) AND isfinite(discharge_date)),
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
	CONSTRAINT segment_dates_finite
		CHECK (isfinite(start_date) AND isfinite(end_date) AND isfinite(planned_end_date)),
	CONSTRAINT segment_episode_fkey FOREIGN KEY (episode_id, person_id)
		REFERENCES treg.episode (episode_id, person_id)
	/*
	 * The segments of one episode never overlap, and lie within their
	 * episode's dates: rules segment_no_overlap_in_episode and
	 * segment_within_episode, checked set-wise by the statement-level
	 * triggers of extension/registry/validation.sql (a GiST exclusion
	 * constraint checked every row on its own: 8 200 rows/s).
	 */
);
CREATE INDEX segment_person_idx ON treg.segment (person_id);
CREATE INDEX segment_episode_start_idx ON treg.segment (episode_id, start_date);
COMMENT ON TABLE treg.segment IS 'an intensity period inside an episode; the segments of one episode never overlap and lie within the episode''s dates (statement-level triggers)';
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
	CONSTRAINT tariff_dates_finite CHECK (isfinite(valid_from) AND isfinite(valid_to)),
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
