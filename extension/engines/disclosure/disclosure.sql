/*
 * Disclosure control: anonymised aggregates, secondary suppression of
 * whole tables and an audit of published tables.
 * C: extension/engines/disclosure/ (anon_count_agg.c, anon_sum_agg.c,
 * person_set.c, disclosure_guc.c, sdc_table.c, sdc_lp.c, suppression.c,
 * suppression_audit.c).  GUCs: treg.min_cell_count, treg.dominance_n,
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

/* ---- consistent cell-key perturbation (cell_key.c) ---- */

CREATE TYPE treg.person_cell AS (persons bigint, cell_key bigint);
COMMENT ON TYPE treg.person_cell IS 'the distinct persons of a table cell and the cell key (sum of their secret record keys); internal to publishing, never to be shown';

CREATE FUNCTION treg.record_key(person_id bigint, secret bytea) RETURNS bigint
	AS 'MODULE_PATHNAME', 'record_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.record_key(bigint, bytea) IS 'secret record key of a person: SipHash-2-4 of the id under the first 16 bytes of the secret';

CREATE FUNCTION treg.cell_agg_trans(internal, bigint, bytea) RETURNS internal
	AS 'MODULE_PATHNAME', 'cell_agg_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.cell_agg_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'cell_agg_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.cell_agg_serial(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'cell_agg_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cell_agg_deserial(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'cell_agg_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cell_agg_final(internal) RETURNS treg.person_cell
	AS 'MODULE_PATHNAME', 'cell_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.cell_agg_trans(internal, bigint, bytea) IS 'transition function of cell_agg: add a person id to the set';
COMMENT ON FUNCTION treg.cell_agg_combine(internal, internal) IS 'combine function of cell_agg: union of two partial person sets';
COMMENT ON FUNCTION treg.cell_agg_serial(internal) IS 'serial function of cell_agg: versioned binary state (secret and person set)';
COMMENT ON FUNCTION treg.cell_agg_deserial(bytea, internal) IS 'deserial function of cell_agg: read a binary state';
COMMENT ON FUNCTION treg.cell_agg_final(internal) IS 'final function of cell_agg: distinct persons and the sum of their record keys';

CREATE AGGREGATE treg.cell_agg(person_id bigint, secret bytea) (
	SFUNC = treg.cell_agg_trans,
	STYPE = internal,
	SSPACE = 1024,
	FINALFUNC = treg.cell_agg_final,
	COMBINEFUNC = treg.cell_agg_combine,
	SERIALFUNC = treg.cell_agg_serial,
	DESERIALFUNC = treg.cell_agg_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.cell_agg(bigint, bytea) IS 'the distinct persons of a cell and its cell key: the same persons always give the same key';

CREATE FUNCTION treg.noisy_count(value bigint, cell_key bigint, stream integer,
								 noise_sd float8, min_count integer) RETURNS bigint
	AS 'MODULE_PATHNAME', 'noisy_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.noisy_count(bigint, bigint, integer, float8, integer) IS 'published count: value plus discrete Gaussian noise drawn from the cell key; 0 below 1, NULL (suppressed) from 1 to min_count - 1';

CREATE FUNCTION treg.noise_deviate(cell_key bigint, value bigint, stream integer) RETURNS float8
	AS 'MODULE_PATHNAME', 'noise_deviate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.noise_deviate(bigint, bigint, integer) IS 'standard normal deviate drawn from a cell key, a value and a stream: sticky noise for sums and durations';
