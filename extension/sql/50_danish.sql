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
