/*-------------------------------------------------------------------------
 *
 * timeline_ops.c
 *	  Accessors of one care timeline: segments, episodes, days_in,
 *	  total_days, intensity_on and transitions; the GUC
 *	  treg.episode_gap_days.
 *
 * Censoring (DESIGN.md): an analysis as of a date sees segments that start
 * on or before as_of; a segment that ends after as_of (or has no end) is
 * open at as_of and its days are counted up to and including as_of; one
 * that ends on as_of is closed, as the registry records it that day.
 *
 * Episodes: segments whose empty days between them are at most gap_days
 * form one episode.  Stays: inside an episode, consecutive segments of one
 * intensity (also across a tolerated gap) form one stay; transitions are
 * between stays, and entering and leaving an episode are transitions
 * from and to NULL.
 *
 * extension/engines/timeline/timeline_ops.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/timeline/timeline.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/rangetypes.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(timeline_segments);
PG_FUNCTION_INFO_V1(timeline_episodes);
PG_FUNCTION_INFO_V1(timeline_days_in);
PG_FUNCTION_INFO_V1(timeline_total_days);
PG_FUNCTION_INFO_V1(timeline_intensity_on);
PG_FUNCTION_INFO_V1(timeline_transitions);
PG_FUNCTION_INFO_V1(timeline_segment_count);

int			treg_episode_gap_days = 30;

void
timeline_init(void)
{
	DefineCustomIntVariable("treg.episode_gap_days",
							"Empty days between two care segments that still count as one episode.",
							"Used by treg.episodes, treg.transitions and treg.transition_matrix when gap_days is NULL or omitted.",
							&treg_episode_gap_days,
							30, 0, 3650,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
}

int
timeline_gap_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		gap;

	if (argno >= PG_NARGS() || PG_ARGISNULL(argno))
		return treg_episode_gap_days;
	gap = PG_GETARG_INT32(argno);
	if (gap < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gap_days must not be negative"),
				 errdetail("gap_days is %d.", gap),
				 errhint("Use 0 to join only segments that touch; NULL for the default treg.episode_gap_days.")));
	return gap;
}

int32
timeline_asof_arg(FunctionCallInfo fcinfo, int argno)
{
	DateADT		as_of;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be null"),
				 errdetail("Open periods are censored at as_of, so it must be given."),
				 errhint("Pass the date the analysis is made as of, e.g. current_date.")));
	as_of = PG_GETARG_DATEADT(argno);
	if (DATE_NOT_FINITE(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("as_of must be a finite date"),
				 errdetail("as_of is %s.", treg_date_str(as_of))));
	return as_of;
}

/*
 * Censor a timeline at as_of: the number of segments that start on or
 * before as_of; *last_open tells whether the last of them is still open at
 * as_of.
 */
static int
timeline_censor(const TimelineView *v, int32 as_of, bool *last_open)
{
	int			lo = 0;
	int			hi = v->n;

	/* number of segments starting on or before as_of */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (v->start[mid] <= as_of)
			lo = mid + 1;
		else
			hi = mid;
	}
	/*
	 * DESIGN.md: a period that ends after as_of is still open at as_of; one
	 * that ends on or before it is closed.  A period ending on the last day
	 * the date type holds stays open, as no day follows it.
	 */
	*last_open = lo > 0 && (v->end[lo - 1] > as_of ||
							!IS_VALID_DATE((int64) v->end[lo - 1] + 1));
	return lo;
}

int
timeline_stays(const TimelineView *v, int32 as_of, int gap_days,
			   TimelineStay **stays)
{
	bool		last_open;
	int			k = timeline_censor(v, as_of, &last_open);
	TimelineStay *out;
	int			n = 0;
	int			i;

	out = (TimelineStay *) palloc(sizeof(TimelineStay) * (k > 0 ? k : 1));
	for (i = 0; i < k; i++)
	{
		bool		open = (i == k - 1 && last_open);
		int32		end = open ? as_of : v->end[i];
		int32		planned = v->planned ? v->planned[i] : TIMELINE_NO_PLANNED;
		bool		new_episode;

		new_episode = (n == 0 ||
					   (int64) v->start[i] - out[n - 1].end - 1 > gap_days);
		if (!new_episode && out[n - 1].intensity == v->intensity[i])
		{
			out[n - 1].end = end;
			out[n - 1].open = open;
			if (planned > out[n - 1].planned)
				out[n - 1].planned = planned;
			continue;
		}
		if (new_episode && n > 0)
			out[n - 1].episode_end = true;
		out[n].start = v->start[i];
		out[n].end = end;
		out[n].planned = planned;
		out[n].intensity = v->intensity[i];
		out[n].open = open;
		out[n].episode_start = new_episode;
		out[n].episode_end = false;
		n++;
	}
	if (n > 0 && !out[n - 1].open)
		out[n - 1].episode_end = true;
	*stays = out;
	return n;
}

/*
 * The arguments of timeline_episodes and timeline_transitions,
 * (care_timeline, [gap_days int,] as_of date): reads gap_days and as_of
 * and sets up the materialised result.  Returns false for a NULL timeline
 * (no rows), else fills *v.
 */
static bool
stay_srf_args(FunctionCallInfo fcinfo, TupleDesc *tupdesc, int *gap,
			  int32 *as_of, TimelineView *v)
{
	bool		full = PG_NARGS() > 2;	/* (timeline, gap_days, as_of) */

	*gap = full ? timeline_gap_arg(fcinfo, 1) : treg_episode_gap_days;
	*as_of = timeline_asof_arg(fcinfo, full ? 2 : 1);
	*tupdesc = treg_srf_begin(fcinfo);
	if (PG_ARGISNULL(0))
		return false;
	timeline_view(PG_GETARG_CARE_TIMELINE_P(0), v);
	return true;
}

/*
 * timeline_segments(care_timeline) returns setof (start_date date,
 * end_date date, intensity intensity, planned_end_date date)
 *
 * The stored segments, uncensored (end_date NULL when open).
 */
Datum
timeline_segments(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	TimelineView v;
	TupleDesc	tupdesc;
	int			i;

	tupdesc = treg_srf_begin(fcinfo);
	timeline_view(tl, &v);
	for (i = 0; i < v.n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = DateADTGetDatum(v.start[i]);
		values[1] = DateADTGetDatum(v.end[i]);
		nulls[1] = (v.end[i] == TIMELINE_OPEN);
		values[2] = IntensityGetDatum(intensity_check(v.intensity[i]));
		values[3] = DateADTGetDatum(v.planned ? v.planned[i] : 0);
		nulls[3] = (v.planned == NULL || v.planned[i] == TIMELINE_NO_PLANNED);
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * timeline_segment_count(care_timeline) returns int
 *
 * Number of stored segments.
 */
Datum
timeline_segment_count(PG_FUNCTION_ARGS)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	TimelineView v;

	timeline_view(tl, &v);
	PG_RETURN_INT32(v.n);
}

/* An episode being collected by timeline_episodes */
typedef struct Episode
{
	int			epno;			/* its number; negated once closed */
	int32		start;
	int32		end;			/* as_of when open */
	int64		care;			/* days in care */
	int			changes;		/* intensity changes */
	uint8		maxint;			/* highest intensity */
} Episode;

/* Add the row of an episode to the result of timeline_episodes */
static void
put_episode(ReturnSetInfo *rsinfo, TupleDesc tupdesc, const Episode *ep,
			bool open)
{
	Datum		values[8];
	bool		nulls[8] = {false, false, false, false,
	false, false, false, false};

	values[0] = Int32GetDatum(ep->epno);
	values[1] = DateADTGetDatum(ep->start);
	values[2] = DateADTGetDatum(ep->end);
	nulls[2] = open;
	values[3] = Int32GetDatum((int32) ((int64) ep->end - ep->start + 1));
	values[4] = BoolGetDatum(open);
	values[5] = IntensityGetDatum(ep->maxint);
	values[6] = Int32GetDatum(ep->changes);
	values[7] = Int32GetDatum((int32) ep->care);
	tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
}

/*
 * timeline_episodes(care_timeline, [gap_days int,] as_of date) returns setof
 * (episode int, start_date date, end_date date, days int, open bool,
 *	max_intensity intensity, changes int, care_days int)
 *
 * Episodes as of as_of; gap_days NULL = treg.episode_gap_days.  days counts
 * the calendar days from start to end (or as_of when open) inclusive,
 * care_days only the days in care; changes is the number of intensity
 * changes inside the episode.  A NULL timeline has no episodes.
 */
Datum
timeline_episodes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	int			gap;
	int32		as_of;
	TimelineView v;
	bool		last_open;
	int			k;
	int			i;
	Episode		ep = {0};
	uint8		previnten = 0;

	if (!stay_srf_args(fcinfo, &tupdesc, &gap, &as_of, &v))
		return (Datum) 0;
	k = timeline_censor(&v, as_of, &last_open);
	for (i = 0; i <= k; i++)
	{
		bool		open = (i == k - 1 && last_open);
		int32		end = 0;

		if (i < k)
			end = open ? as_of : v.end[i];
		/* close the current episode before a long gap or at the end */
		if (ep.epno > 0 &&
			(i == k || (int64) v.start[i] - ep.end - 1 > gap))
		{
			put_episode(rsinfo, tupdesc, &ep, i == k && last_open);
			ep.epno = -ep.epno; /* closed; next segment opens a new one */
		}
		if (i == k)
			break;
		if (ep.epno <= 0)
		{
			ep.epno = -ep.epno + 1;
			ep.start = v.start[i];
			ep.care = 0;
			ep.changes = 0;
			ep.maxint = 0;
		}
		else if (v.intensity[i] != previnten)
			ep.changes++;
		ep.end = end;
		ep.care += (int64) end - v.start[i] + 1;
		if (v.intensity[i] > ep.maxint)
			ep.maxint = v.intensity[i];
		previnten = v.intensity[i];
	}
	return (Datum) 0;
}

/* Bounds of an optional daterange window argument; false when empty. */
static bool
window_arg(FunctionCallInfo fcinfo, int argno, int64 *lo, int64 *hi)
{
	RangeType  *r;
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;
	bool		empty;

	*lo = PG_INT64_MIN;
	*hi = PG_INT64_MAX;
	if (argno >= PG_NARGS() || PG_ARGISNULL(argno))
		return true;
	r = PG_GETARG_RANGE_P(argno);
	typcache = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
	range_deserialize(typcache, r, &lower, &upper, &empty);
	if (empty)
		return false;
	if (!lower.infinite && DatumGetDateADT(lower.val) != DATEVAL_NOBEGIN)
		*lo = (int64) DatumGetDateADT(lower.val) + (lower.inclusive ? 0 : 1);
	if (!upper.infinite && DatumGetDateADT(upper.val) != DATEVAL_NOEND)
		*hi = (int64) DatumGetDateADT(upper.val) - (upper.inclusive ? 0 : 1);
	return true;
}

/* Days in care (of one intensity, or any when inten = 0) inside a window. */
static int32
count_days(FunctionCallInfo fcinfo, uint8 inten, int32 as_of, int window_argno)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	TimelineView v;
	bool		last_open;
	int			k;
	int			i;
	int64		lo,
				hi;
	int64		total = 0;

	if (!window_arg(fcinfo, window_argno, &lo, &hi))
		return 0;
	timeline_view(tl, &v);
	k = timeline_censor(&v, as_of, &last_open);
	for (i = 0; i < k; i++)
	{
		int64		s = v.start[i];
		int64		e = (i == k - 1 && last_open) ? as_of : v.end[i];

		if (inten != 0 && v.intensity[i] != inten)
			continue;
		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (e >= s)
			total += e - s + 1;
	}
	return (int32) total;
}

/*
 * timeline_days_in(care_timeline, intensity, as_of date [, window
 * daterange]) returns int
 *
 * Days at the given intensity up to as_of, inside the window when given.
 */
Datum
timeline_days_in(PG_FUNCTION_ARGS)
{
	Intensity	inten = intensity_check(PG_GETARG_INTENSITY(1));
	int32		as_of = timeline_asof_arg(fcinfo, 2);

	PG_RETURN_INT32(count_days(fcinfo, inten, as_of, 3));
}

/*
 * timeline_total_days(care_timeline, as_of date [, window daterange])
 * returns int
 *
 * Days in care at any intensity up to as_of, inside the window when given.
 */
Datum
timeline_total_days(PG_FUNCTION_ARGS)
{
	int32		as_of = timeline_asof_arg(fcinfo, 1);

	PG_RETURN_INT32(count_days(fcinfo, 0, as_of, 2));
}

/*
 * timeline_intensity_on(care_timeline, day date) returns intensity
 *
 * The intensity on a day, NULL when not in care (an open segment covers
 * every day from its start).
 */
Datum
timeline_intensity_on(PG_FUNCTION_ARGS)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	TimelineView v;
	bool		open;
	int			k;

	timeline_view(tl, &v);
	/* the last segment starting on or before the day covers it if it ends on or after it */
	k = timeline_censor(&v, day, &open);
	if (k > 0 && v.end[k - 1] >= day)
		PG_RETURN_INTENSITY(intensity_check(v.intensity[k - 1]));
	PG_RETURN_NULL();
}

/*
 * timeline_transitions(care_timeline, [gap_days int,] as_of date) returns
 * setof (episode int, from_intensity intensity, to_intensity intensity,
 *		  transition_date date, days_in_from int, direction text,
 *		  shortened bool)
 *
 * Entering an episode (from NULL, direction 'in'), changes of intensity
 * ('up' or 'down', also across a tolerated gap) and leaving a closed
 * episode (to NULL, 'out').  transition_date is the first day of the new
 * state (for 'out' the first day out of care); days_in_from counts the
 * calendar days of the stay left; shortened tells that the stay ended
 * before its planned end.
 */
Datum
timeline_transitions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	int			gap;
	int32		as_of;
	TimelineView v;
	TimelineStay *stays;
	int			n;
	int			i;
	int			epno = 0;
	Datum		values[7];
	bool		nulls[7];

	if (!stay_srf_args(fcinfo, &tupdesc, &gap, &as_of, &v))
		return (Datum) 0;
	n = timeline_stays(&v, as_of, gap, &stays);
	for (i = 0; i < n; i++)
	{
		TimelineStay *s = &stays[i];

		memset(nulls, 0, sizeof(nulls));
		if (s->episode_start)
		{
			epno++;
			values[0] = Int32GetDatum(epno);
			nulls[1] = true;
			values[2] = IntensityGetDatum(s->intensity);
			values[3] = DateADTGetDatum(s->start);
			nulls[4] = true;
			values[5] = CStringGetTextDatum("in");
			nulls[6] = true;
			tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
		}
		if (s->open)
			continue;
		if (!s->episode_end)
		{
			TimelineStay *t = &stays[i + 1];

			values[2] = IntensityGetDatum(t->intensity);
			values[3] = DateADTGetDatum(t->start);
			values[5] = CStringGetTextDatum(t->intensity > s->intensity ? "up" : "down");
		}
		else
		{
			/* closed means end <= as_of and end + 1 is a valid date */
			nulls[2] = true;
			values[3] = DateADTGetDatum(s->end + 1);
			values[5] = CStringGetTextDatum("out");
		}
		memset(nulls, 0, 2);
		values[0] = Int32GetDatum(epno);
		values[1] = IntensityGetDatum(s->intensity);
		values[4] = Int32GetDatum((int32) ((int64) s->end - s->start + 1));
		values[6] = BoolGetDatum(s->planned != TIMELINE_NO_PLANNED && s->end < s->planned);
		nulls[4] = false;
		nulls[6] = false;
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
	}
	return (Datum) 0;
}
