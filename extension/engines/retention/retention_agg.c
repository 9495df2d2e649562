/*-------------------------------------------------------------------------
 *
 * retention_agg.c
 *	  The retention aggregates: per-day counts of events and censorings.
 *
 * treg.retention_agg(days int, event bool) collects durations in days with
 * an event indicator (true: the event happened after that many days; false:
 * the episode was censored then, e.g. still open at the as_of date).  The
 * transition state starts as a sparse list of (day, events, censored) that
 * is sorted and compacted when it fills up, so that a small group costs
 * little memory.  Once a group has RETENTION_DENSE_SWITCH distinct days, the
 * durations below RETENTION_DENSE_LIMIT move to a dense array indexed by the
 * day (grown by doubling as needed; at most 1 MB), and only longer durations
 * stay in the list.  Every count is exact, so partial states from parallel
 * workers or partitions combine into exactly the state of one pass.
 *
 * The final value, of type treg.retention, is the ascending list of days
 * with a nonzero count (see retention.h).  The same bytes are the serialized
 * partial state.  treg.retention_merge(treg.retention) merges stored values.
 *
 * extension/engines/retention/retention_agg.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/retention/retention.h"

#include "common/int.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(retention_agg_transfn);
PG_FUNCTION_INFO_V1(retention_merge_transfn);
PG_FUNCTION_INFO_V1(retention_agg_combinefn);
PG_FUNCTION_INFO_V1(retention_agg_serialfn);
PG_FUNCTION_INFO_V1(retention_agg_deserialfn);
PG_FUNCTION_INFO_V1(retention_agg_finalfn);

/* Durations below this many days are counted in the dense array. */
#define RETENTION_DENSE_LIMIT	65536
#define RETENTION_DENSE_MIN		1024
#define RETENTION_SPARSE_MIN	64
/* Distinct days after which a state starts using the dense array. */
#define RETENTION_DENSE_SWITCH	256

/* Aggregate transition state: per-day counts, dense for short durations. */
typedef struct RetentionState
{
	MemoryContext cxt;			/* where the arrays live */
	bool		use_dense;		/* days below the limit go to dense */
	int64	   *dense;			/* 2 * dense_cap counts: events, censored */
	int32		dense_cap;		/* days 0 .. dense_cap - 1 are in dense */
	int32		dense_top;		/* 1 + highest day counted in dense */
	RetentionDay *sparse;		/* all days, or (use_dense) days >= the limit */
	int32		nsparse;
	int32		sparse_cap;
	bool		sparse_sorted;	/* sorted by day, no duplicate days */
} RetentionState;

/* Raise the error for a count beyond bigint */
static void
retention_count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("retention count out of range"),
			 errdetail("A count of events or censorings exceeds the range of bigint.")));
}

/* a + b, or an error when the sum overflows */
static inline int64
retention_add_count(int64 a, int64 b)
{
	int64		r;

	if (unlikely(pg_add_s64_overflow(a, b, &r)))
		retention_count_overflow();
	return r;
}

/* An empty state (sparse, sorted) whose arrays will live in cxt */
static RetentionState *
retention_state_create(MemoryContext cxt)
{
	RetentionState *state;

	state = (RetentionState *) MemoryContextAllocZero(cxt, sizeof(RetentionState));
	state->cxt = cxt;
	state->sparse_sorted = true;
	return state;
}

/* Make the dense array cover day (which is below RETENTION_DENSE_LIMIT). */
static void
retention_dense_grow(RetentionState *state, int32 day)
{
	int32		newcap = Max(state->dense_cap, RETENTION_DENSE_MIN);

	while (newcap <= day)
		newcap *= 2;
	Assert(newcap <= RETENTION_DENSE_LIMIT);
	if (state->dense == NULL)
		state->dense = (int64 *) MemoryContextAllocZero(state->cxt,
														sizeof(int64) * 2 * newcap);
	else
	{
		state->dense = (int64 *) repalloc(state->dense, sizeof(int64) * 2 * newcap);
		memset(state->dense + 2 * state->dense_cap, 0,
			   sizeof(int64) * 2 * (newcap - state->dense_cap));
	}
	state->dense_cap = newcap;
}

/* qsort comparator of RetentionDay by day */
static int
retention_day_cmp(const void *a, const void *b)
{
	int32		da = ((const RetentionDay *) a)->day;
	int32		db = ((const RetentionDay *) b)->day;

	return (da > db) - (da < db);
}

/* Sort the sparse list and merge entries of the same day. */
static void
retention_sparse_compact(RetentionState *state)
{
	int32		i,
				n = 0;

	if (state->sparse_sorted)
		return;
	qsort(state->sparse, state->nsparse, sizeof(RetentionDay), retention_day_cmp);
	for (i = 0; i < state->nsparse; i++)
	{
		if (n > 0 && state->sparse[n - 1].day == state->sparse[i].day)
		{
			state->sparse[n - 1].events =
				retention_add_count(state->sparse[n - 1].events, state->sparse[i].events);
			state->sparse[n - 1].censored =
				retention_add_count(state->sparse[n - 1].censored, state->sparse[i].censored);
		}
		else
			state->sparse[n++] = state->sparse[i];
	}
	state->nsparse = n;
	state->sparse_sorted = true;
}

/* Add counts to a day below RETENTION_DENSE_LIMIT in the dense array */
static inline void
retention_dense_add(RetentionState *state, int32 day, int64 events, int64 censored)
{
	if (day >= state->dense_cap)
		retention_dense_grow(state, day);
	state->dense[2 * day] = retention_add_count(state->dense[2 * day], events);
	state->dense[2 * day + 1] = retention_add_count(state->dense[2 * day + 1], censored);
	if (day >= state->dense_top)
		state->dense_top = day + 1;
}

/*
 * Start using the dense array: move the (compacted, sorted) list entries
 * below the limit into it; longer durations stay in the list, in order.
 */
static void
retention_switch_to_dense(RetentionState *state)
{
	int32		i,
				n = 0,
				top = -1;

	Assert(state->sparse_sorted && !state->use_dense);
	state->use_dense = true;
	for (i = 0; i < state->nsparse; i++)
		if (state->sparse[i].day < RETENTION_DENSE_LIMIT)
			top = state->sparse[i].day;
	if (top >= 0)
		retention_dense_grow(state, top);
	for (i = 0; i < state->nsparse; i++)
	{
		RetentionDay *d = &state->sparse[i];

		if (d->day < RETENTION_DENSE_LIMIT)
			retention_dense_add(state, d->day, d->events, d->censored);
		else
			state->sparse[n++] = *d;
	}
	state->nsparse = n;
}

/*
 * Append counts for a day to the sparse list.  When the list is full it is
 * compacted first; a state with RETENTION_DENSE_SWITCH distinct days then
 * switches to the dense array, else the list doubles.
 */
static void
retention_sparse_add(RetentionState *state, int32 day, int64 events, int64 censored)
{
	RetentionDay *d;

	if (state->nsparse >= state->sparse_cap)
	{
		retention_sparse_compact(state);
		if (!state->use_dense && state->nsparse >= RETENTION_DENSE_SWITCH)
		{
			retention_switch_to_dense(state);
			if (day < RETENTION_DENSE_LIMIT)
			{
				retention_dense_add(state, day, events, censored);
				return;
			}
		}
		if (state->nsparse >= state->sparse_cap / 2)
		{
			int32		newcap = Max(state->sparse_cap * 2, RETENTION_SPARSE_MIN);

			if ((Size) newcap * sizeof(RetentionDay) > MaxAllocSize)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("too many distinct durations in retention state"),
						 errdetail("More than %d distinct durations of %d days or more were given.",
								   state->sparse_cap, RETENTION_DENSE_LIMIT)));
			if (state->sparse == NULL)
				state->sparse = (RetentionDay *)
					MemoryContextAlloc(state->cxt, sizeof(RetentionDay) * newcap);
			else
				state->sparse = (RetentionDay *)
					repalloc(state->sparse, sizeof(RetentionDay) * newcap);
			state->sparse_cap = newcap;
		}
	}
	if (state->nsparse > 0 && state->sparse[state->nsparse - 1].day >= day)
		state->sparse_sorted = false;
	d = &state->sparse[state->nsparse++];
	d->day = day;
	d->unused = 0;
	d->events = events;
	d->censored = censored;
}

/* Add counts for a day: to the dense array when it takes the day */
static void
retention_state_add(RetentionState *state, int32 day, int64 events, int64 censored)
{
	Assert(day >= 0 && events >= 0 && censored >= 0);
	if (state->use_dense && day < RETENTION_DENSE_LIMIT)
		retention_dense_add(state, day, events, censored);
	else
		retention_sparse_add(state, day, events, censored);
}

/* Add every day of a stored retention value */
static void
retention_state_add_retention(RetentionState *state, const Retention *r)
{
	int32		i;

	for (i = 0; i < r->ndays; i++)
		retention_state_add(state, r->days[i].day, r->days[i].events,
							r->days[i].censored);
}

/* Add every count of src to dst. */
static void
retention_state_merge(RetentionState *dst, RetentionState *src)
{
	int32		day;

	if (src->dense_top > 0 && !dst->use_dense)
	{
		retention_sparse_compact(dst);
		retention_switch_to_dense(dst);
	}
	if (src->dense_top > 0 && src->dense_top > dst->dense_cap)
		retention_dense_grow(dst, src->dense_top - 1);
	for (day = 0; day < src->dense_top; day++)
	{
		dst->dense[2 * day] = retention_add_count(dst->dense[2 * day], src->dense[2 * day]);
		dst->dense[2 * day + 1] = retention_add_count(dst->dense[2 * day + 1],
													  src->dense[2 * day + 1]);
	}
	if (src->dense_top > dst->dense_top)
		dst->dense_top = src->dense_top;
	for (day = 0; day < src->nsparse; day++)
		retention_state_add(dst, src->sparse[day].day, src->sparse[day].events,
							src->sparse[day].censored);
}

/*
 * The retention value of a state: its days with a nonzero count, in
 * ascending order (dense days first: they are all below the sparse ones).
 */
static Retention *
retention_state_flatten(RetentionState *state)
{
	Retention  *r;
	int32		n = 0,
				day,
				i;

	retention_sparse_compact(state);
	for (day = 0; day < state->dense_top; day++)
		if (state->dense[2 * day] != 0 || state->dense[2 * day + 1] != 0)
			n++;
	for (i = 0; i < state->nsparse; i++)
		if (state->sparse[i].events != 0 || state->sparse[i].censored != 0)
			n++;

	r = retention_alloc(n);
	n = 0;
	for (day = 0; day < state->dense_top; day++)
	{
		if (state->dense[2 * day] != 0 || state->dense[2 * day + 1] != 0)
		{
			r->days[n].day = day;
			r->days[n].events = state->dense[2 * day];
			r->days[n].censored = state->dense[2 * day + 1];
			n++;
		}
	}
	for (i = 0; i < state->nsparse; i++)
	{
		if (state->sparse[i].events != 0 || state->sparse[i].censored != 0)
			r->days[n++] = state->sparse[i];
	}
	return r;
}

/*
 * The state argument of a transition function, created in the aggregate
 * context on the first row.
 */
static RetentionState *
retention_get_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt = treg_agg_context(fcinfo,
											"retention aggregate function");

	if (PG_ARGISNULL(0))
		return retention_state_create(aggcxt);
	return (RetentionState *) PG_GETARG_POINTER(0);
}

/*
 * retention_agg_transfn(internal, int4, bool) returns internal
 *
 * Count one duration: an event if the flag is true, else a censoring.
 * NULL arguments and negative durations are errors, never skipped.
 */
Datum
retention_agg_transfn(PG_FUNCTION_ARGS)
{
	RetentionState *state = retention_get_state(fcinfo);
	int32		days;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("duration must not be null in retention_agg"),
				 errdetail("Every row needs a duration in days; a row without one would be silently lost."),
				 errhint("Censor open episodes at an as_of date, e.g. least(coalesce(end_date, as_of), as_of) - start_date + 1.")));
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("event indicator must not be null in retention_agg"),
				 errdetail("The duration %d has a null event indicator.", PG_GETARG_INT32(1)),
				 errhint("Pass true when the event happened and false when the duration is censored.")));
	days = PG_GETARG_INT32(1);
	if (days < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("duration out of range in retention_agg: %d", days),
				 errdetail("A duration of %d days was given; durations must be zero or more days.", days),
				 errhint("Check that the end date is not before the start date.")));

	if (days < state->dense_cap)
	{
		/* fast path: the day is already covered by the dense array */
		state->dense[2 * days + (PG_GETARG_BOOL(2) ? 0 : 1)]++;
		if (days >= state->dense_top)
			state->dense_top = days + 1;
	}
	else if (PG_GETARG_BOOL(2))
		retention_state_add(state, days, 1, 0);
	else
		retention_state_add(state, days, 0, 1);
	PG_RETURN_POINTER(state);
}

/*
 * retention_merge_transfn(internal, retention) returns internal
 *
 * Add the counts of a stored retention value; NULL values are skipped like
 * in every other aggregate (a NULL retention holds no durations).
 */
Datum
retention_merge_transfn(PG_FUNCTION_ARGS)
{
	RetentionState *state = retention_get_state(fcinfo);

	if (!PG_ARGISNULL(1))
	{
		Retention  *r = PG_GETARG_RETENTION_P(1);

		retention_state_add_retention(state, r);
	}
	PG_RETURN_POINTER(state);
}

/*
 * retention_agg_combinefn(internal, internal) returns internal
 *
 * Merge two partial states exactly.  A state from a deserialization lives
 * in a short-lived context, so when the first state is NULL the second is
 * copied into the aggregate context.
 */
Datum
retention_agg_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	RetentionState *state1;
	RetentionState *state2;

	aggcxt = treg_agg_context(fcinfo, "retention_agg_combinefn");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	state2 = (RetentionState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		state1 = retention_state_create(aggcxt);
	else
		state1 = (RetentionState *) PG_GETARG_POINTER(0);
	retention_state_merge(state1, state2);
	PG_RETURN_POINTER(state1);
}

/*
 * retention_agg_serialfn(internal) returns bytea
 *
 * The serialized state is the treg.retention value: version byte first.
 */
Datum
retention_agg_serialfn(PG_FUNCTION_ARGS)
{
	RetentionState *state = (RetentionState *) PG_GETARG_POINTER(0);

	PG_RETURN_BYTEA_P((bytea *) retention_state_flatten(state));
}

/*
 * retention_agg_deserialfn(bytea, internal) returns internal
 *
 * Rebuild a state from retention_agg_serialfn's bytes, after checking them.
 */
Datum
retention_agg_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	Retention  *r;
	RetentionState *state;

	(void) treg_agg_context(fcinfo, "retention_agg_deserialfn");
	/* re-align: the bytes may come unaligned with a short header */
	r = (Retention *) palloc(VARSIZE_ANY_EXHDR(b) + VARHDRSZ);
	SET_VARSIZE(r, VARSIZE_ANY_EXHDR(b) + VARHDRSZ);
	memcpy(VARDATA(r), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	retention_validate(r, VARSIZE(r));
	state = retention_state_create(CurrentMemoryContext);
	retention_state_add_retention(state, r);
	pfree(r);
	PG_RETURN_POINTER(state);
}

/*
 * retention_agg_finalfn(internal) returns retention
 *
 * The ascending list of days with their counts.  No rows: NULL.
 */
Datum
retention_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(retention_state_flatten((RetentionState *) PG_GETARG_POINTER(0)));
}
