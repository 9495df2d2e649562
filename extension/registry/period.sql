/*
 * One owner for the as-of rules of a period (DESIGN.md, "Semantics shared
 * by every function"): every registry function and report that asks
 * whether a registry row lies in a period, or how many of its days do, as
 * the registry stood on an as-of date, uses these two functions.
 */

/*
 * Does a registry period [start_date, end_date] (NULL end = open) overlap
 * the report period [from_date, to_date] as the registry stood on as_of?
 * Rows starting after as_of do not exist yet; the period is cut at as_of.
 */
CREATE FUNCTION treg.overlaps_period(start_date date, end_date date, from_date date,
									 to_date date, as_of date) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN start_date <= least(to_date, as_of)
		AND (end_date IS NULL OR end_date >= from_date);
COMMENT ON FUNCTION treg.overlaps_period(date, date, date, date, date) IS 'a registry period (NULL end = open) overlaps [from_date, to_date] as the registry stood on as_of';

/*
 * The days of [start_date, end_date] (NULL end = open, censored at as_of)
 * inside [from_date, to_date]: first and last day counted, 0 when they do
 * not overlap.
 */
CREATE FUNCTION treg.days_in_period(start_date date, end_date date, from_date date,
									to_date date, as_of date) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN greatest(least(coalesce(end_date, as_of), as_of, to_date)
					- greatest(start_date, from_date) + 1, 0);
COMMENT ON FUNCTION treg.days_in_period(date, date, date, date, date) IS 'days of a registry period (NULL end = open, censored at as_of) inside [from_date, to_date], both ends counted';
