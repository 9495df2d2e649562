/*
 * Places (kapacitet) of a provider by intensity over a validity period:
 * the denominator of report_occupancy.  Filled by the data owner (the
 * demo generator leaves it empty); places are about providers, not
 * persons, and are published exactly.
 */
CREATE TABLE treg.capacity (
	capacity_id bigint PRIMARY KEY,
	provider_id integer NOT NULL REFERENCES treg.provider,
	intensity treg.intensity NOT NULL,
	valid_from date NOT NULL,
	valid_to date,
	places integer NOT NULL CHECK (places > 0),
	CONSTRAINT capacity_valid_from_finite CHECK (isfinite(valid_from)),
	CONSTRAINT capacity_valid_to_finite CHECK (isfinite(valid_to)),
	CONSTRAINT capacity_valid_to_not_before_from CHECK (valid_to >= valid_from),
	/* one number of places per provider, intensity and day: key = provider * 4 + rank */
	CONSTRAINT capacity_no_overlap EXCLUDE USING gist (
		int8range(provider_id::bigint * 4 + treg.intensity_rank(intensity),
				  provider_id::bigint * 4 + treg.intensity_rank(intensity), '[]') WITH &&,
		daterange(valid_from, valid_to, '[]') WITH &&)
);
CREATE INDEX capacity_provider_intensity_idx ON treg.capacity (provider_id, intensity, valid_from);
COMMENT ON TABLE treg.capacity IS 'kapacitet: places of a provider by intensity over a validity period';
COMMENT ON COLUMN treg.capacity.capacity_id IS 'key supplied by the source system';
COMMENT ON COLUMN treg.capacity.provider_id IS 'the provider';
COMMENT ON COLUMN treg.capacity.intensity IS 'ambulant, dag or døgn';
COMMENT ON COLUMN treg.capacity.valid_from IS 'first day the places apply';
COMMENT ON COLUMN treg.capacity.valid_to IS 'last day the places apply (inclusive); NULL while current';
COMMENT ON COLUMN treg.capacity.places IS 'number of places (persons the provider can treat at once)';
SELECT pg_catalog.pg_extension_config_dump('treg.capacity', '');
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON treg.capacity TO treg_writer;
