/*-------------------------------------------------------------------------
 *
 * timeline_agg.c
 *	  The aggregates that build care timelines: timeline_agg over segment
 *	  rows (dates or daterange, with or without a planned end) and
 *	  timeline_rollup over timelines, with their parallel support
 *	  (combine, serialise, deserialise), and timeline_merge.
 *
 * The transition state is a growable array of raw segments (16 bytes
 * each) in one allocation sized to fill a power-of-two chunk (3, 7, 15,
 * ... segments).  When it fills from 64 segments on it is normalised in
 * place, so the state of a group stays within about twice the size of its
 * final timeline.
 * The final function normalises (sort + sweep, see timeline_io.c) and
 * packs the result, so the input order never matters.
 *
 * extension/engines/timeline/timeline_agg.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/timeline/timeline.h"

#include "port/pg_bitutils.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(timeline_agg_sfunc);
PG_FUNCTION_INFO_V1(timeline_agg_range_sfunc);
PG_FUNCTION_INFO_V1(timeline_rollup_sfunc);
PG_FUNCTION_INFO_V1(timeline_agg_combine);
PG_FUNCTION_INFO_V1(timeline_agg_serial);
PG_FUNCTION_INFO_V1(timeline_agg_deserial);
PG_FUNCTION_INFO_V1(timeline_agg_final);
PG_FUNCTION_INFO_V1(timeline_merge);

/* Version byte first in the serialised state. */
#define TIMELINE_STATE_VERSION 1
#define STATE_SEG_BYTES 13

/*
 * Aggregate state: a growable array of raw segments in one allocation
 * (sized to fill power-of-two chunks: 3, 7, 15, ... segments).
 */
typedef struct TimelineState
{
	int32		n;
	int32		cap;
	TimelineSeg segs[FLEXIBLE_ARRAY_MEMBER];
} TimelineState;

/* Allocation size of a state holding at least want segments. */
static Size
state_size(int want, int *cap)
{
	Size		size = pg_nextpower2_size_t(offsetof(TimelineState, segs) +
											sizeof(TimelineSeg) * (Size) want);

	*cap = (int) ((size - offsetof(TimelineState, segs)) / sizeof(TimelineSeg));
	return size;
}

/* An empty aggregation state in cxt. */
static TimelineState *
timeline_state_new(MemoryContext cxt)
{
	int			cap;
	TimelineState *st = (TimelineState *) MemoryContextAlloc(cxt, state_size(3, &cap));

	st->n = 0;
	st->cap = cap;
	return st;
}

/* Append a segment (st may be NULL); returns the possibly moved state. */
static TimelineState *
timeline_state_add(TimelineState *st, const TimelineSeg *seg, MemoryContext cxt)
{
	int			cap;

	if (st == NULL)
		st = timeline_state_new(cxt);
	else if (st->n >= st->cap)
	{
		/*
		 * Full: from 64 segments on, normalise in place first, so that the
		 * state stays within twice the size of the person's final timeline.
		 */
		if (st->cap >= 64)
		{
			TimelineSeg *res;
			int			m = timeline_normalise(st->segs, st->n, &res);

			if (res != st->segs)
			{
				st = (TimelineState *) repalloc(st, state_size(2 * m, &cap));
				st->cap = cap;
				memcpy(st->segs, res, sizeof(TimelineSeg) * m);
				pfree(res);
			}
			st->n = m;
		}
		if (st->n >= st->cap / 2)
		{
			st = (TimelineState *) repalloc(st, state_size(2 * st->cap, &cap));
			st->cap = cap;
		}
	}
	st->segs[st->n++] = *seg;
	return st;
}

#define STATE_ARG(fcinfo) \
	(PG_ARGISNULL(0) ? NULL : (TimelineState *) PG_GETARG_POINTER(0))

/*
 * timeline_agg_sfunc(internal, start date, end date, intensity
 *					  [, planned_end date]) returns internal
 *
 * Transition function of timeline_agg over dates.  NULL end = open; NULL
 * start or intensity and an end before the start are errors.
 */
Datum
timeline_agg_sfunc(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = treg_agg_context(fcinfo, "timeline_agg_sfunc");
	TimelineState *st = STATE_ARG(fcinfo);
	TimelineSeg seg;
	bool		has_planned = PG_NARGS() > 4;

	timeline_check_segment(&seg,
						   PG_ARGISNULL(1), PG_ARGISNULL(1) ? 0 : PG_GETARG_DATEADT(1),
						   PG_ARGISNULL(2), PG_ARGISNULL(2) ? 0 : PG_GETARG_DATEADT(2),
						   !has_planned || PG_ARGISNULL(4),
						   (!has_planned || PG_ARGISNULL(4)) ? 0 : PG_GETARG_DATEADT(4),
						   PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INTENSITY(3));
	PG_RETURN_POINTER(timeline_state_add(st, &seg, cxt));
}

/*
 * timeline_agg_range_sfunc(internal, period daterange, intensity
 *							[, planned_end date]) returns internal
 *
 * Transition function of timeline_agg over a daterange: an unbounded
 * upper end (or infinity) = open; an empty or NULL range, or one without a
 * lower bound, is an error.
 */
Datum
timeline_agg_range_sfunc(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = treg_agg_context(fcinfo, "timeline_agg_range_sfunc");
	TimelineState *st = STATE_ARG(fcinfo);
	TimelineSeg seg;
	bool		has_planned = PG_NARGS() > 3;
	RangeType  *r;
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;
	bool		empty;
	int32		start,
				end;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period of a care segment must not be null"),
				 errdetail("Every segment needs a daterange with a first day."),
				 errhint("Filter out rows without a period, or give them one.")));
	r = PG_GETARG_RANGE_P(1);
	typcache = (TypeCacheEntry *) fcinfo->flinfo->fn_extra;
	if (typcache == NULL || typcache->type_id != RangeTypeGetOid(r))
	{
		typcache = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
		fcinfo->flinfo->fn_extra = typcache;
	}
	range_deserialize(typcache, r, &lower, &upper, &empty);
	if (empty || lower.infinite)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period of a care segment must have a first day"),
				 errdetail("The period is %s.", empty ? "empty" : "unbounded below"),
				 errhint("Give every segment a daterange with a lower bound.")));
	start = DatumGetDateADT(lower.val);
	if (!lower.inclusive && !DATE_NOT_FINITE(start))
		start++;
	if (upper.infinite || DatumGetDateADT(upper.val) == DATEVAL_NOEND)
		end = TIMELINE_OPEN;
	else
	{
		end = DatumGetDateADT(upper.val);
		if (!upper.inclusive)
			end--;
	}
	timeline_check_segment(&seg,
						   false, start,
						   end == TIMELINE_OPEN, end,
						   !has_planned || PG_ARGISNULL(3),
						   (!has_planned || PG_ARGISNULL(3)) ? 0 : PG_GETARG_DATEADT(3),
						   PG_ARGISNULL(2), PG_ARGISNULL(2) ? 0 : PG_GETARG_INTENSITY(2));
	PG_RETURN_POINTER(timeline_state_add(st, &seg, cxt));
}

/* Append every segment of a stored timeline to a state (may be NULL). */
static TimelineState *
state_add_timeline(TimelineState *st, const CareTimeline *tl, MemoryContext cxt)
{
	TimelineView v;
	int			i;

	timeline_view(tl, &v);
	for (i = 0; i < v.n; i++)
	{
		TimelineSeg seg;

		seg.start = v.start[i];
		seg.end = v.end[i];
		seg.planned = v.planned ? v.planned[i] : TIMELINE_NO_PLANNED;
		seg.intensity = intensity_check(v.intensity[i]);
		st = timeline_state_add(st, &seg, cxt);
	}
	return st;
}

/*
 * timeline_rollup_sfunc(internal, care_timeline) returns internal
 *
 * Transition function of timeline_rollup: the union of timelines, with
 * the same rules as timeline_agg.  NULL timelines add nothing (all NULL:
 * the result is NULL).
 */
Datum
timeline_rollup_sfunc(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = treg_agg_context(fcinfo, "timeline_rollup_sfunc");
	TimelineState *st;

	if (PG_ARGISNULL(1))
	{
		/* like other aggregates, only NULL input gives NULL */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	st = state_add_timeline(STATE_ARG(fcinfo), PG_GETARG_CARE_TIMELINE_P(1), cxt);
	if (st == NULL)				/* an empty timeline: keep an empty state */
		st = timeline_state_new(cxt);
	PG_RETURN_POINTER(st);
}

/*
 * timeline_agg_combine(internal, internal) returns internal
 *
 * Combine function of timeline_agg and timeline_rollup: concatenates the
 * raw segments (normalisation is order-independent).
 */
Datum
timeline_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = treg_agg_context(fcinfo, "timeline_agg_combine");
	TimelineState *s1 = PG_ARGISNULL(0) ? NULL : (TimelineState *) PG_GETARG_POINTER(0);
	TimelineState *s2 = PG_ARGISNULL(1) ? NULL : (TimelineState *) PG_GETARG_POINTER(1);
	int			i;

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	for (i = 0; i < s2->n; i++)
		s1 = timeline_state_add(s1, &s2->segs[i], cxt);
	if (s1 == NULL)
		s1 = timeline_state_new(cxt);
	PG_RETURN_POINTER(s1);
}

/*
 * What the final and serial functions make of the normalised segments of a
 * state.
 */
typedef Datum (*StateSegsFn) (const TimelineSeg *segs, int n);

/*
 * Normalise the segments of st and return what f makes of them.
 * Normalising in place does not change what the state stands for, so it
 * is safe even if more rows are added afterwards; a normalised copy (when
 * overlaps cut segments into more pieces) is freed.
 */
static Datum
state_apply_normalised(TimelineState *st, StateSegsFn f)
{
	TimelineSeg *segs;
	int			n = timeline_normalise(st->segs, st->n, &segs);
	Datum		result = f(segs, n);

	if (segs != st->segs)
		pfree(segs);
	else
		st->n = n;				/* normalised in place: same meaning */
	return result;
}

/* The serialised state of normalised segments (see timeline_agg_serial) */
static Datum
state_pack(const TimelineSeg *segs, int n)
{
	Size		size = VARHDRSZ + 1 + sizeof(int32) +
		(Size) n * STATE_SEG_BYTES;
	bytea	   *result = (bytea *) palloc(size);
	char	   *p = VARDATA(result);
	int32		n32 = n;
	int			i;

	SET_VARSIZE(result, size);
	*p++ = TIMELINE_STATE_VERSION;
	memcpy(p, &n32, sizeof(int32));
	p += sizeof(int32);
	for (i = 0; i < n; i++)
	{
		memcpy(p, &segs[i].start, 4);
		memcpy(p + 4, &segs[i].end, 4);
		memcpy(p + 8, &segs[i].planned, 4);
		p[12] = (char) segs[i].intensity;
		p += STATE_SEG_BYTES;
	}
	return PointerGetDatum(result);
}

/* The stored timeline of normalised segments */
static Datum
state_build(const TimelineSeg *segs, int n)
{
	return PointerGetDatum(timeline_build(segs, n));
}

/*
 * timeline_agg_serial(internal) returns bytea
 *
 * Serialise a state (normalised first, to ship less): version byte (1),
 * int32 count, then per segment int32 start, end, planned and the
 * intensity byte, in native byte order (states never leave the server).
 */
Datum
timeline_agg_serial(PG_FUNCTION_ARGS)
{
	TimelineState *st = (TimelineState *) PG_GETARG_POINTER(0);

	(void) treg_agg_context(fcinfo, "timeline_agg_serial");
	return state_apply_normalised(st, state_pack);
}

/*
 * timeline_agg_deserial(bytea, internal) returns internal
 *
 * Read back a state written by timeline_agg_serial.
 */
Datum
timeline_agg_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(b);
	Size		len = VARSIZE_ANY_EXHDR(b);
	TimelineState *st;
	int32		n;
	int			i;

	(void) treg_agg_context(fcinfo, "timeline_agg_deserial");
	if (len < 1 + sizeof(int32))
		elog(ERROR, "corrupt timeline_agg state (%zu bytes)", len);
	treg_check_format_version((uint8) p[0], TIMELINE_STATE_VERSION,
							  "timeline_agg state");
	memcpy(&n, p + 1, sizeof(int32));
	p += 1 + sizeof(int32);
	if (n < 0 || len != 1 + sizeof(int32) + (Size) n * STATE_SEG_BYTES)
		elog(ERROR, "corrupt timeline_agg state (%d segments, %zu bytes)", n, len);
	st = (TimelineState *) palloc(offsetof(TimelineState, segs) +
								  sizeof(TimelineSeg) * (n > 0 ? n : 1));
	st->n = n;
	st->cap = n > 0 ? n : 1;
	for (i = 0; i < n; i++)
	{
		memcpy(&st->segs[i].start, p, 4);
		memcpy(&st->segs[i].end, p + 4, 4);
		memcpy(&st->segs[i].planned, p + 8, 4);
		st->segs[i].intensity = intensity_check((Intensity) p[12]);
		p += STATE_SEG_BYTES;
	}
	PG_RETURN_POINTER(st);
}

/*
 * timeline_agg_final(internal) returns care_timeline
 *
 * Final function of timeline_agg and timeline_rollup.
 */
Datum
timeline_agg_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return state_apply_normalised((TimelineState *) PG_GETARG_POINTER(0),
								  state_build);
}

/*
 * timeline_merge(care_timeline, care_timeline) returns care_timeline
 *
 * The union of two timelines (most intensive wins on shared days).
 */
Datum
timeline_merge(PG_FUNCTION_ARGS)
{
	TimelineState *st;

	st = state_add_timeline(NULL, PG_GETARG_CARE_TIMELINE_P(0), CurrentMemoryContext);
	st = state_add_timeline(st, PG_GETARG_CARE_TIMELINE_P(1), CurrentMemoryContext);
	if (st == NULL)
		PG_RETURN_POINTER(timeline_build(NULL, 0));
	return state_apply_normalised(st, state_build);
}
