/*
 * The care_timeline type: one person's care history (sorted,
 * non-overlapping day ranges with an intensity and an optional planned
 * end), its text and binary forms, = and <> with a hash operator class.
 * C: extension/types/care_timeline_io.c.  What is computed from timelines
 * is the timeline engine (extension/engines/timeline/).
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
