/*
 * Retention engine: durations with censoring, Kaplan-Meier.
 * C: extension/engines/retention/ (retention_io.c, retention_agg.c,
 * retention_km.c).
 *
 * treg.retention_agg(days, event) collects per-day counts of events and
 * censorings into a treg.retention value; the km_* accessors read the
 * Kaplan-Meier estimate from it as plain numbers and rows.  The engine works
 * on plain arguments; the registry conveniences that read the reference
 * tables are in extension/registry/analysis.sql.
 */

CREATE TYPE treg.retention;

CREATE FUNCTION treg.retention_in(cstring) RETURNS treg.retention
	AS 'MODULE_PATHNAME', 'retention_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_out(treg.retention) RETURNS cstring
	AS 'MODULE_PATHNAME', 'retention_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_recv(internal) RETURNS treg.retention
	AS 'MODULE_PATHNAME', 'retention_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_send(treg.retention) RETURNS bytea
	AS 'MODULE_PATHNAME', 'retention_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE treg.retention (
	INPUT = treg.retention_in,
	OUTPUT = treg.retention_out,
	RECEIVE = treg.retention_recv,
	SEND = treg.retention_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE treg.retention IS 'per-day counts of events and censorings of durations, text form {day:events/censored,...}';
COMMENT ON FUNCTION treg.retention_in(cstring) IS 'text input of retention: {day:events/censored,...}';
COMMENT ON FUNCTION treg.retention_out(treg.retention) IS 'text output of retention: {day:events/censored,...}';
COMMENT ON FUNCTION treg.retention_recv(internal) IS 'binary input of retention (format version byte first)';
COMMENT ON FUNCTION treg.retention_send(treg.retention) IS 'binary output of retention (format version byte first)';

/* aggregate support functions */
CREATE FUNCTION treg.retention_agg_transfn(internal, int4, boolean) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_agg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.retention_merge_transfn(internal, treg.retention) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_merge_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_combinefn(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_agg_combinefn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_serialfn(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'retention_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_deserialfn(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'retention_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_agg_finalfn(internal) RETURNS treg.retention
	AS 'MODULE_PATHNAME', 'retention_agg_finalfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION treg.retention_agg_transfn(internal, int4, boolean) IS 'transition function of retention_agg: count one duration';
COMMENT ON FUNCTION treg.retention_merge_transfn(internal, treg.retention) IS 'transition function of retention_merge: add a retention value';
COMMENT ON FUNCTION treg.retention_agg_combinefn(internal, internal) IS 'combine function of the retention aggregates: add two partial states';
COMMENT ON FUNCTION treg.retention_agg_serialfn(internal) IS 'serialize a partial retention state (format version byte first)';
COMMENT ON FUNCTION treg.retention_agg_deserialfn(bytea, internal) IS 'deserialize a partial retention state';
COMMENT ON FUNCTION treg.retention_agg_finalfn(internal) IS 'final function of the retention aggregates: the retention value';

CREATE AGGREGATE treg.retention_agg(days int4, event boolean) (
	SFUNC = treg.retention_agg_transfn,
	STYPE = internal,
	FINALFUNC = treg.retention_agg_finalfn,
	COMBINEFUNC = treg.retention_agg_combinefn,
	SERIALFUNC = treg.retention_agg_serialfn,
	DESERIALFUNC = treg.retention_agg_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.retention_agg(int4, boolean) IS 'durations in days with an event flag (false: censored) as a retention value for the km_* accessors';

CREATE AGGREGATE treg.retention_merge(treg.retention) (
	SFUNC = treg.retention_merge_transfn,
	STYPE = internal,
	FINALFUNC = treg.retention_agg_finalfn,
	COMBINEFUNC = treg.retention_agg_combinefn,
	SERIALFUNC = treg.retention_agg_serialfn,
	DESERIALFUNC = treg.retention_agg_deserialfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE treg.retention_merge(treg.retention) IS 'merge stored retention values (e.g. per month or provider) into one';

/* Kaplan-Meier accessors */
CREATE FUNCTION treg.km_curve(r treg.retention, conf_type text DEFAULT 'log',
							  conf_level float8 DEFAULT 0.95,
							  OUT day int4, OUT at_risk int8, OUT events int8,
							  OUT censored int8, OUT survival float8,
							  OUT std_err float8, OUT lower float8, OUT upper float8)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'retention_km_curve' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	ROWS 100;
CREATE FUNCTION treg.km_survival(r treg.retention, day int4) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_survival' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_quantile(r treg.retention, p float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_quantile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_median(r treg.retention) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_rmst(r treg.retention, tau int4) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_rmst' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.km_rmst_std_err(r treg.retention, tau int4) RETURNS float8
	AS 'MODULE_PATHNAME', 'retention_km_rmst_std_err' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_count(r treg.retention) RETURNS int8
	AS 'MODULE_PATHNAME', 'retention_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION treg.retention_events(r treg.retention) RETURNS int8
	AS 'MODULE_PATHNAME', 'retention_events' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION treg.km_curve(treg.retention, text, float8) IS 'Kaplan-Meier curve: one row per observed day with at risk, events, censored, survival, Greenwood std_err and CI (log, log-log or plain)';
COMMENT ON FUNCTION treg.km_survival(treg.retention, int4) IS 'Kaplan-Meier survival after the given number of days (NULL beyond follow-up)';
COMMENT ON FUNCTION treg.km_quantile(treg.retention, float8) IS 'first day with survival <= 1 - p (R survfit rule; NULL if never reached)';
COMMENT ON FUNCTION treg.km_median(treg.retention) IS 'median duration in days (R survfit rule; NULL if survival stays above 0.5)';
COMMENT ON FUNCTION treg.km_rmst(treg.retention, int4) IS 'restricted mean duration: area under the survival curve from day 0 to tau';
COMMENT ON FUNCTION treg.km_rmst_std_err(treg.retention, int4) IS 'standard error of the restricted mean up to tau (as R print.survfit)';
COMMENT ON FUNCTION treg.retention_count(treg.retention) IS 'number of durations (events plus censorings) in a retention value';
COMMENT ON FUNCTION treg.retention_events(treg.retention) IS 'number of events in a retention value';
