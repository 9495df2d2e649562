/*
 * The timeline engine: the aggregates that build care_timeline values, the
 * accessors and the population summaries (census, transition matrix).
 * Dates are inclusive; NULL end = open; open periods are censored at an
 * explicit as_of.
 * C: extension/engines/timeline/ (timeline_agg.c, timeline_ops.c,
 * timeline_census.c).  GUC: treg.episode_gap_days (default 30).
 */

/* ---- building timelines ---- */

CREATE FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity, date)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_range_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity, date)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_range_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_rollup_sfunc(internal, treg.care_timeline)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_rollup_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_serial(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'timeline_agg_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_deserial(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'timeline_agg_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.timeline_agg_final(internal)
	RETURNS treg.care_timeline AS 'MODULE_PATHNAME', 'timeline_agg_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity) IS 'transition function of timeline_agg(date, date, intensity)';
COMMENT ON FUNCTION treg.timeline_agg_sfunc(internal, date, date, treg.intensity, date) IS 'transition function of timeline_agg(date, date, intensity, date)';
COMMENT ON FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity) IS 'transition function of timeline_agg(daterange, intensity)';
COMMENT ON FUNCTION treg.timeline_agg_range_sfunc(internal, daterange, treg.intensity, date) IS 'transition function of timeline_agg(daterange, intensity, date)';
COMMENT ON FUNCTION treg.timeline_rollup_sfunc(internal, treg.care_timeline) IS 'transition function of timeline_rollup';
COMMENT ON FUNCTION treg.timeline_agg_combine(internal, internal) IS 'combine function of timeline_agg and timeline_rollup';
COMMENT ON FUNCTION treg.timeline_agg_serial(internal) IS 'serialise a timeline_agg state (state format version 1)';
COMMENT ON FUNCTION treg.timeline_agg_deserial(bytea, internal) IS 'deserialise a timeline_agg state';
COMMENT ON FUNCTION treg.timeline_agg_final(internal) IS 'final function of timeline_agg and timeline_rollup: normalise and pack';

CREATE AGGREGATE treg.timeline_agg(start_date date, end_date date, intensity treg.intensity) (
	SFUNC = treg.timeline_agg_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_agg(start_date date, end_date date, intensity treg.intensity,
								   planned_end_date date) (
	SFUNC = treg.timeline_agg_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_agg(period daterange, intensity treg.intensity) (
	SFUNC = treg.timeline_agg_range_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_agg(period daterange, intensity treg.intensity,
								   planned_end_date date) (
	SFUNC = treg.timeline_agg_range_sfunc, STYPE = internal, SSPACE = 128,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.timeline_rollup(treg.care_timeline) (
	SFUNC = treg.timeline_rollup_sfunc, STYPE = internal,
	FINALFUNC = treg.timeline_agg_final,
	COMBINEFUNC = treg.timeline_agg_combine,
	SERIALFUNC = treg.timeline_agg_serial, DESERIALFUNC = treg.timeline_agg_deserial,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE treg.timeline_agg(date, date, treg.intensity) IS 'care timeline of segment rows (start, inclusive end or NULL = open, intensity)';
COMMENT ON AGGREGATE treg.timeline_agg(date, date, treg.intensity, date) IS 'care timeline of segment rows with planned end dates';
COMMENT ON AGGREGATE treg.timeline_agg(daterange, treg.intensity) IS 'care timeline of segment periods (unbounded upper = open)';
COMMENT ON AGGREGATE treg.timeline_agg(daterange, treg.intensity, date) IS 'care timeline of segment periods with planned end dates';
COMMENT ON AGGREGATE treg.timeline_rollup(treg.care_timeline) IS 'union of care timelines (most intensive wins on shared days)';

CREATE FUNCTION treg.timeline_merge(treg.care_timeline, treg.care_timeline)
	RETURNS treg.care_timeline AS 'MODULE_PATHNAME', 'timeline_merge'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.timeline_merge(treg.care_timeline, treg.care_timeline) IS 'union of two care timelines (most intensive wins on shared days)';

/* ---- accessors of one timeline ---- */

CREATE FUNCTION treg.segments(timeline treg.care_timeline,
	OUT start_date date, OUT end_date date, OUT intensity treg.intensity,
	OUT planned_end_date date)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_segments'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION treg.segments(treg.care_timeline) IS 'the stored segments of a timeline (end_date NULL when open)';

CREATE FUNCTION treg.segment_count(timeline treg.care_timeline) RETURNS int4
	AS 'MODULE_PATHNAME', 'timeline_segment_count'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.segment_count(treg.care_timeline) IS 'number of stored segments of a timeline';

CREATE FUNCTION treg.episodes(timeline treg.care_timeline, gap_days int4, as_of date,
	OUT episode int4, OUT start_date date, OUT end_date date, OUT days int4,
	OUT open boolean, OUT max_intensity treg.intensity, OUT changes int4,
	OUT care_days int4)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_episodes'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 2;
CREATE FUNCTION treg.episodes(timeline treg.care_timeline, as_of date,
	OUT episode int4, OUT start_date date, OUT end_date date, OUT days int4,
	OUT open boolean, OUT max_intensity treg.intensity, OUT changes int4,
	OUT care_days int4)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_episodes'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION treg.episodes(treg.care_timeline, int4, date) IS 'episodes as of a date (segments joined across gaps of at most gap_days empty days; NULL = treg.episode_gap_days)';
COMMENT ON FUNCTION treg.episodes(treg.care_timeline, date) IS 'episodes as of a date, gap tolerance treg.episode_gap_days';

CREATE FUNCTION treg.days_in(timeline treg.care_timeline, intensity treg.intensity, as_of date)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_days_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.days_in(timeline treg.care_timeline, intensity treg.intensity, as_of date,
	during daterange)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_days_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.total_days(timeline treg.care_timeline, as_of date)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_total_days'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.total_days(timeline treg.care_timeline, as_of date, during daterange)
	RETURNS int4 AS 'MODULE_PATHNAME', 'timeline_total_days'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.days_in(treg.care_timeline, treg.intensity, date) IS 'days at an intensity up to as_of (open periods censored at as_of)';
COMMENT ON FUNCTION treg.days_in(treg.care_timeline, treg.intensity, date, daterange) IS 'days at an intensity up to as_of inside a date window';
COMMENT ON FUNCTION treg.total_days(treg.care_timeline, date) IS 'days in care up to as_of (open periods censored at as_of)';
COMMENT ON FUNCTION treg.total_days(treg.care_timeline, date, daterange) IS 'days in care up to as_of inside a date window';

CREATE FUNCTION treg.intensity_on(timeline treg.care_timeline, day date)
	RETURNS treg.intensity AS 'MODULE_PATHNAME', 'timeline_intensity_on'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.intensity_on(treg.care_timeline, date) IS 'intensity on a day, NULL when not in care';

CREATE FUNCTION treg.transitions(timeline treg.care_timeline, gap_days int4, as_of date,
	OUT episode int4, OUT from_intensity treg.intensity, OUT to_intensity treg.intensity,
	OUT transition_date date, OUT days_in_from int4, OUT direction text,
	OUT shortened boolean)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_transitions'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 3;
CREATE FUNCTION treg.transitions(timeline treg.care_timeline, as_of date,
	OUT episode int4, OUT from_intensity treg.intensity, OUT to_intensity treg.intensity,
	OUT transition_date date, OUT days_in_from int4, OUT direction text,
	OUT shortened boolean)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_transitions'
	LANGUAGE C STABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION treg.transitions(treg.care_timeline, int4, date) IS 'entering (in), intensity changes (up/down) and leaving (out) as of a date';
COMMENT ON FUNCTION treg.transitions(treg.care_timeline, date) IS 'transitions as of a date, gap tolerance treg.episode_gap_days';

CREATE FUNCTION treg.census(timeline treg.care_timeline, days date[],
	OUT day date, OUT intensity treg.intensity)
	RETURNS SETOF record AS 'MODULE_PATHNAME', 'timeline_census'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION treg.census(treg.care_timeline, date[]) IS 'the given days on which the person was in care, with the intensity';

/* ---- population summaries in one pass ---- */

CREATE TYPE treg.census_count AS (day date, intensity treg.intensity, persons bigint);
COMMENT ON TYPE treg.census_count IS 'one cell of a census: persons in care on a day at an intensity';

CREATE FUNCTION treg.census_agg_sfunc(internal, treg.care_timeline, date[])
	RETURNS internal AS 'MODULE_PATHNAME', 'census_agg_sfunc'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'census_agg_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_serial(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'census_agg_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_deserial(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'census_agg_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.census_agg_final(internal)
	RETURNS treg.census_count[] AS 'MODULE_PATHNAME', 'census_agg_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.census_agg_sfunc(internal, treg.care_timeline, date[]) IS 'transition function of census_agg';
COMMENT ON FUNCTION treg.census_agg_combine(internal, internal) IS 'combine function of census_agg';
COMMENT ON FUNCTION treg.census_agg_serial(internal) IS 'serialise a census_agg state (state format version 1)';
COMMENT ON FUNCTION treg.census_agg_deserial(bytea, internal) IS 'deserialise a census_agg state';
COMMENT ON FUNCTION treg.census_agg_final(internal) IS 'final function of census_agg: one census_count per day and intensity';

CREATE AGGREGATE treg.census_agg(timeline treg.care_timeline, days date[]) (
	SFUNC = treg.census_agg_sfunc, STYPE = internal,
	FINALFUNC = treg.census_agg_final,
	COMBINEFUNC = treg.census_agg_combine,
	SERIALFUNC = treg.census_agg_serial, DESERIALFUNC = treg.census_agg_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.census_agg(treg.care_timeline, date[]) IS 'persons in care on each of the given days by intensity, in one pass (unnest the result)';

CREATE TYPE treg.transition_count AS (
	from_intensity treg.intensity, to_intensity treg.intensity,
	transitions bigint, persons bigint, from_stays bigint, from_persons bigint,
	share double precision);
COMMENT ON TYPE treg.transition_count IS 'one cell of a transition matrix (NULL intensity = out of care)';

CREATE FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, date)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_sfunc'
	LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, int4, date, int4)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_sfunc'
	LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_serial(internal)
	RETURNS bytea AS 'MODULE_PATHNAME', 'transition_matrix_serial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_deserial(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME', 'transition_matrix_deserial'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.transition_matrix_final(internal)
	RETURNS treg.transition_count[] AS 'MODULE_PATHNAME', 'transition_matrix_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, date) IS 'transition function of transition_matrix(timeline, as_of)';
COMMENT ON FUNCTION treg.transition_matrix_sfunc(internal, treg.care_timeline, int4, date, int4) IS 'transition function of transition_matrix(timeline, gap_days, as_of, within_days)';
COMMENT ON FUNCTION treg.transition_matrix_combine(internal, internal) IS 'combine function of transition_matrix';
COMMENT ON FUNCTION treg.transition_matrix_serial(internal) IS 'serialise a transition_matrix state (state format version 1)';
COMMENT ON FUNCTION treg.transition_matrix_deserial(bytea, internal) IS 'deserialise a transition_matrix state';
COMMENT ON FUNCTION treg.transition_matrix_final(internal) IS 'final function of transition_matrix: twelve transition_count cells';

CREATE AGGREGATE treg.transition_matrix(timeline treg.care_timeline, as_of date) (
	SFUNC = treg.transition_matrix_sfunc, STYPE = internal,
	FINALFUNC = treg.transition_matrix_final,
	COMBINEFUNC = treg.transition_matrix_combine,
	SERIALFUNC = treg.transition_matrix_serial, DESERIALFUNC = treg.transition_matrix_deserial,
	PARALLEL = SAFE
);
CREATE AGGREGATE treg.transition_matrix(timeline treg.care_timeline, gap_days int4,
										as_of date, within_days int4) (
	SFUNC = treg.transition_matrix_sfunc, STYPE = internal,
	FINALFUNC = treg.transition_matrix_final,
	COMBINEFUNC = treg.transition_matrix_combine,
	SERIALFUNC = treg.transition_matrix_serial, DESERIALFUNC = treg.transition_matrix_deserial,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.transition_matrix(treg.care_timeline, date) IS 'transition counts between intensities and in/out of care for a population (unnest the result)';
COMMENT ON AGGREGATE treg.transition_matrix(treg.care_timeline, int4, date, int4) IS 'transition counts with gap tolerance and a horizon: a move counts if the stay left lasted at most within_days';
