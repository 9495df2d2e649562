/*
 * The ICU text engine: name keys for matching spellings, and numbers in
 * Danish notation.  C: extension/engines/icu/ (icu_text.c, icu_num.c).
 */

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
