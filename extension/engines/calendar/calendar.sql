/*
 * The Danish calendar engine: public holidays and working days, the
 * treatment guarantee over them, and ages on a day.
 * C: extension/engines/calendar/ (calendar.c, guarantee.c, age.c).
 */


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

/* ---- age on a day ---- */

CREATE FUNCTION treg.age_on(treg.cpr, date) RETURNS integer
	AS 'MODULE_PATHNAME', 'cpr_age_on' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.age_on(birth_date date, on_date date) RETURNS integer
	AS 'MODULE_PATHNAME', 'treg_age_on' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION treg.age_on(treg.cpr, date) IS 'age in whole years on a day (born 29 February: older on 1 March in other years); CPR readers only';
COMMENT ON FUNCTION treg.age_on(date, date) IS 'age in whole years on a day from a birth date (born 29 February: older on 1 March in other years)';
