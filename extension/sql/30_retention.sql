/*
 * Retention engine: durations with censoring, Kaplan-Meier.
 * C: extension/retention_io.c, extension/retention_agg.c,
 *	  extension/retention_km.c
 *
 * treg.retention_agg(days, event) collects per-day counts of events and
 * censorings into a treg.retention value; the km_* accessors read the
 * Kaplan-Meier estimate from it as plain numbers and rows.  The engine works
 * on plain arguments; the registry conveniences at the end of this file
 * (SQL) read the reference tables.
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

/*
 * Registry conveniences (layer 3, SQL over the reference schema).
 *
 * An episode counts when it was enrolled between from_date and to_date
 * (both inclusive) and not after as_of.  Its duration in days counts the
 * first and the last day: least(discharge_date, as_of) - enrol_date + 1;
 * an episode still open at as_of (no discharge, or discharged after it) is
 * censored there.  The event is a discharge on or before as_of with a
 * reason chosen by the event argument: 'dropout' (dropped_out),
 * 'any_discharge' (every reason) or 'not_completed' (every reason but
 * completed); a discharge for another reason censors the episode.  The
 * intensity at entry is the intensity of the episode's first segment
 * (NULL when the episode has no segment starting on or before as_of).
 */
CREATE FUNCTION treg.episode_durations(from_date date, to_date date, event text,
									   as_of date)
	RETURNS TABLE (episode_id bigint, person_id bigint, provider_id integer,
				   substance_group text, entry_intensity treg.intensity,
				   enrol_date date, days int4, event_happened boolean)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	AS $fn$
#variable_conflict use_column
BEGIN
	IF from_date IS NULL OR to_date IS NULL OR event IS NULL OR as_of IS NULL THEN
		RAISE EXCEPTION 'arguments of treg.episode_durations must not be null'
			USING ERRCODE = 'null_value_not_allowed',
				  DETAIL = 'from_date, to_date, event and as_of are all required.',
				  HINT = 'Give the period of enrolment, the event (dropout, any_discharge or not_completed) and the as_of date; open episodes are censored at as_of, never at now().';
	END IF;
	IF event NOT IN ('dropout', 'any_discharge', 'not_completed') THEN
		RAISE EXCEPTION 'invalid retention event: "%"', event
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = 'The event says which discharges end an episode; other discharges censor it.',
				  HINT = 'Use "dropout" (dropped out), "any_discharge" or "not_completed" (any reason but completed).';
	END IF;
	RETURN QUERY
	SELECT e.episode_id, e.person_id, e.provider_id, e.substance_group,
		   f.intensity, e.enrol_date,
		   (CASE WHEN e.discharge_date <= as_of THEN e.discharge_date ELSE as_of END
			- e.enrol_date + 1)::int4,
		   coalesce(e.discharge_date <= as_of AND
					CASE event
						WHEN 'dropout' THEN e.discharge_reason = 'dropped_out'
						WHEN 'any_discharge' THEN true
						ELSE e.discharge_reason <> 'completed'
					END, false)
	FROM treg.episode e
	LEFT JOIN (SELECT DISTINCT ON (s.episode_id) s.episode_id, s.intensity
			   FROM treg.segment s
			   WHERE s.start_date <= as_of
			   ORDER BY s.episode_id, s.start_date) f
		ON f.episode_id = e.episode_id
	WHERE e.enrol_date BETWEEN from_date AND to_date
	  AND e.enrol_date <= as_of;
END
$fn$;
COMMENT ON FUNCTION treg.episode_durations(date, date, text, date) IS 'episodes enrolled in [from_date, to_date] with duration in days (end - start + 1, censored at as_of) and event flag, for retention_agg';

CREATE FUNCTION treg.retention_by_entry_intensity(from_date date, to_date date,
												  event text, as_of date,
												  conf_type text DEFAULT 'log')
	RETURNS TABLE (intensity text, day int4, at_risk int8, events int8,
				   censored int8, survival float8, std_err float8,
				   lower float8, upper float8)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	AS $fn$
BEGIN
	/* check the transform even when there is no episode */
	PERFORM treg.km_curve('{}'::treg.retention, $5);
	RETURN QUERY
	SELECT g.entry_intensity::text, k.day, k.at_risk, k.events, k.censored,
		   k.survival, k.std_err, k.lower, k.upper
	FROM (SELECT d.entry_intensity,
				 treg.retention_agg(d.days, d.event_happened) AS r
		  FROM treg.episode_durations($1, $2, $3, $4) d
		  GROUP BY d.entry_intensity) g,
		 LATERAL treg.km_curve(g.r, $5) k
	ORDER BY g.entry_intensity, k.day;
END
$fn$;
COMMENT ON FUNCTION treg.retention_by_entry_intensity(date, date, text, date, text) IS 'Kaplan-Meier curve of episode durations by intensity at entry, as plain rows';

CREATE FUNCTION treg.retention_summary_by_entry_intensity(from_date date, to_date date,
														  event text, as_of date)
	RETURNS TABLE (intensity text, episodes int8, persons int8, events int8,
				   median_days float8, survival_182 float8, survival_365 float8,
				   rmst_365 float8)
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $fn$
	SELECT d.entry_intensity::text, count(*), count(DISTINCT d.person_id),
		   treg.retention_events(treg.retention_agg(d.days, d.event_happened)),
		   treg.km_median(treg.retention_agg(d.days, d.event_happened)),
		   treg.km_survival(treg.retention_agg(d.days, d.event_happened), 182),
		   treg.km_survival(treg.retention_agg(d.days, d.event_happened), 365),
		   treg.km_rmst(treg.retention_agg(d.days, d.event_happened), 365)
	FROM treg.episode_durations($1, $2, $3, $4) d
	GROUP BY d.entry_intensity
	ORDER BY d.entry_intensity
$fn$;
COMMENT ON FUNCTION treg.retention_summary_by_entry_intensity(date, date, text, date) IS 'one row per intensity at entry: episodes, persons, events, median days, survival at 182 and 365 days, restricted mean to 365 days';
