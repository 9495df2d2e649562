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
