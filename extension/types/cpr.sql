/*
 * The cpr type: a Danish CPR number (DDMMYY-SSSS), shown masked to users
 * outside treg_cpr_reader, who may not enter, compare, hash or read it
 * either.  Operators, btree and hash operator classes, casts and
 * accessors.  C: extension/types/cpr_io.c, cpr_ops.c, cpr_access.c,
 * cpr_log.c.
 */

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

COMMENT ON TYPE treg.cpr IS 'Danish CPR number (DDMMYY-SSSS); only superusers and treg_cpr_reader members may enter, compare or read it; others see DDMMYY-xxxx';
COMMENT ON FUNCTION treg.cpr_in(cstring) IS 'text input of cpr (DDMMYY-SSSS or DDMMYYSSSS); CPR readers only';
COMMENT ON FUNCTION treg.cpr_out(treg.cpr) IS 'text output of cpr, masked unless the user may read CPR numbers';
COMMENT ON FUNCTION treg.cpr_recv(internal) IS 'binary input of cpr (refuses masked values); CPR readers only';
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
CREATE FUNCTION treg.cpr_sortsupport(internal) RETURNS void
	AS 'MODULE_PATHNAME', 'cpr_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_hash(treg.cpr) RETURNS integer
	AS 'MODULE_PATHNAME', 'cpr_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION treg.cpr_hash_extended(treg.cpr, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cpr_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION treg.cpr_eq(treg.cpr, treg.cpr) IS 'implementation of = for cpr; CPR readers only';
COMMENT ON FUNCTION treg.cpr_ne(treg.cpr, treg.cpr) IS 'implementation of <> for cpr; CPR readers only';
COMMENT ON FUNCTION treg.cpr_lt(treg.cpr, treg.cpr) IS 'implementation of < for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_le(treg.cpr, treg.cpr) IS 'implementation of <= for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_gt(treg.cpr, treg.cpr) IS 'implementation of > for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_ge(treg.cpr, treg.cpr) IS 'implementation of >= for cpr (birth date, then serial); CPR readers only';
COMMENT ON FUNCTION treg.cpr_cmp(treg.cpr, treg.cpr) IS 'btree comparison of cpr numbers (-1, 0, 1); CPR readers only';
COMMENT ON FUNCTION treg.cpr_sortsupport(internal) IS 'btree sort support of cpr: the CPR reader check once per sort, not per comparison';
COMMENT ON FUNCTION treg.cpr_hash(treg.cpr) IS 'hash of a cpr number; CPR readers only';
COMMENT ON FUNCTION treg.cpr_hash_extended(treg.cpr, bigint) IS 'seeded 64-bit hash of a cpr number; CPR readers only';

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
		FUNCTION 1 treg.cpr_cmp(treg.cpr, treg.cpr),
		FUNCTION 2 treg.cpr_sortsupport(internal);

CREATE OPERATOR CLASS treg.cpr_hash_ops
	DEFAULT FOR TYPE treg.cpr USING hash AS
		OPERATOR 1 treg.=,
		FUNCTION 1 treg.cpr_hash(treg.cpr),
		FUNCTION 2 treg.cpr_hash_extended(treg.cpr, bigint);

CREATE CAST (treg.cpr AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS treg.cpr) WITH INOUT;
COMMENT ON CAST (treg.cpr AS text) IS 'DDMMYY-SSSS, or DDMMYY-xxxx for users who may not read CPR numbers';
COMMENT ON CAST (text AS treg.cpr) IS 'parse DDMMYY-SSSS or DDMMYYSSSS; CPR readers only';

CREATE FUNCTION treg.birth_date(treg.cpr) RETURNS date
	AS 'MODULE_PATHNAME', 'cpr_birth_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.sex(treg.cpr) RETURNS text
	AS 'MODULE_PATHNAME', 'cpr_sex' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_mod11_valid(treg.cpr) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_mod11_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.cpr_clear_visible() RETURNS boolean
	AS 'MODULE_PATHNAME', 'cpr_clear_visible' LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.birth_date(treg.cpr) IS 'date of birth of a CPR number (century from the 7th digit); CPR readers only';
COMMENT ON FUNCTION treg.sex(treg.cpr) IS 'male (odd last digit) or female (even last digit); CPR readers only';
COMMENT ON FUNCTION treg.cpr_mod11_valid(treg.cpr) IS 'true when the CPR number passes the modulus-11 check (not required since 2007); CPR readers only';
COMMENT ON FUNCTION treg.cpr_valid(text) IS 'true when the text is a valid CPR number (DDMMYY-SSSS or DDMMYYSSSS; modulus 11 not required)';
COMMENT ON FUNCTION treg.cpr_clear_visible() IS 'true when the current user reads CPR numbers in clear and may enter, compare and hash them (superuser or member of treg_cpr_reader)';
