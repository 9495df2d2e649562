/*-------------------------------------------------------------------------
 *
 * timeline_census.c
 *	  Population summaries over care timelines in one pass: census (who
 *	  was in care, at what intensity, on given days) and the transition
 *	  matrix.
 *
 * census_agg and transition_matrix are aggregates with fixed-size states
 * (counters), so they run in parallel and scan each timeline once; their
 * final functions return arrays of a composite type (treg.census_count,
 * treg.transition_count) that unnest() turns into rows.  One timeline
 * counts as one person.
 *
 * extension/engines/timeline/timeline_census.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/timeline/timeline.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

PG_FUNCTION_INFO_V1(timeline_census);
PG_FUNCTION_INFO_V1(census_agg_sfunc);
PG_FUNCTION_INFO_V1(census_agg_combine);
PG_FUNCTION_INFO_V1(census_agg_serial);
PG_FUNCTION_INFO_V1(census_agg_deserial);
PG_FUNCTION_INFO_V1(census_agg_final);
PG_FUNCTION_INFO_V1(transition_matrix_sfunc);
PG_FUNCTION_INFO_V1(transition_matrix_combine);
PG_FUNCTION_INFO_V1(transition_matrix_serial);
PG_FUNCTION_INFO_V1(transition_matrix_deserial);
PG_FUNCTION_INFO_V1(transition_matrix_final);

#define CENSUS_STATE_VERSION 1
#define MATRIX_STATE_VERSION 1
#define CENSUS_MAX_DAYS 100000

/* ----------------------------------------------------------------
 * Shared helpers
 * ----------------------------------------------------------------
 */

static int
int32_qcmp(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* First index j in d[0..n) with d[j] >= x. */
static inline int
lower_bound32(const int32 *d, int n, int32 x)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (d[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The days of a date[] argument, sorted and without duplicates; NULL
 * elements, infinite days and more than CENSUS_MAX_DAYS are errors.
 */
static int32 *
days_arg(ArrayType *arr, int *ndays)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			m = 0;
	int			i;
	int32	   *days;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("days must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(arr))));
	deconstruct_array(arr, DATEOID, sizeof(DateADT), true, TYPALIGN_INT,
					  &elems, &nulls, &n);
	if (n > CENSUS_MAX_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many census days"),
				 errdetail("%d days were given; the limit is %d.", n, CENSUS_MAX_DAYS)));
	days = (int32 *) palloc(sizeof(int32) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("census days must not be null"),
					 errdetail("Element %d of the days array is NULL.", i + 1)));
		days[i] = DatumGetDateADT(elems[i]);
		if (DATE_NOT_FINITE(days[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("census days must be finite"),
					 errdetail("Element %d of the days array is %s.", i + 1,
							   treg_date_str(days[i]))));
	}
	qsort(days, n, sizeof(int32), int32_qcmp);
	for (i = 0; i < n; i++)
		if (m == 0 || days[m - 1] != days[i])
			days[m++] = days[i];
	*ndays = m;
	return days;
}

/* Cached description of the element type of a final function's result. */
typedef struct RecordArrayInfo
{
	Oid			elemtype;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	TupleDesc	tupdesc;
} RecordArrayInfo;

/*
 * The element type of the final function's array result, looked up once
 * per query
 */
static RecordArrayInfo *
record_array_info(FunctionCallInfo fcinfo)
{
	RecordArrayInfo *info = (RecordArrayInfo *) fcinfo->flinfo->fn_extra;

	if (info == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		Oid			rettype = get_func_rettype(fcinfo->flinfo->fn_oid);

		info = (RecordArrayInfo *) palloc(sizeof(RecordArrayInfo));
		info->elemtype = get_element_type(rettype);
		if (!OidIsValid(info->elemtype))
			elog(ERROR, "final function must return an array of a composite type");
		get_typlenbyvalalign(info->elemtype, &info->typlen, &info->typbyval,
							 &info->typalign);
		info->tupdesc = lookup_rowtype_tupdesc_copy(info->elemtype, -1);
		info->tupdesc = BlessTupleDesc(info->tupdesc);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = info;
	}
	return info;
}

/* ----------------------------------------------------------------
 * census for one timeline
 * ----------------------------------------------------------------
 */

/*
 * timeline_census(care_timeline, days date[]) returns setof (day date,
 * intensity intensity)
 *
 * The days (sorted, duplicates once) on which the person was in care, with
 * the intensity on that day.  Open segments cover every later day.
 */
Datum
timeline_census(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	int			nd;
	int32	   *days = days_arg(PG_GETARG_ARRAYTYPE_P(1), &nd);
	TimelineView v;
	TupleDesc	tupdesc;
	int			i;
	int			j = 0;

	tupdesc = treg_srf_begin(fcinfo);
	timeline_view(tl, &v);
	for (i = 0; i < v.n && j < nd; i++)
	{
		j += lower_bound32(days + j, nd - j, v.start[i]);
		for (; j < nd && days[j] <= v.end[i]; j++)
		{
			Datum		values[2];
			bool		nulls[2] = {false, false};

			values[0] = DateADTGetDatum(days[j]);
			values[1] = IntensityGetDatum(v.intensity[i]);
			tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/* ----------------------------------------------------------------
 * census_agg
 * ----------------------------------------------------------------
 */

typedef struct CensusState
{
	int32		ndays;
	int32	   *days;			/* sorted, distinct */
	int64	   *counts;			/* [ndays][INTENSITY_COUNT] */
	ArrayType  *given;			/* the days argument as first seen */
} CensusState;

/* A zeroed census state for the given sorted days, in cxt */
static CensusState *
census_new(MemoryContext cxt, int32 ndays, const int32 *days)
{
	CensusState *st = MemoryContextAllocZero(cxt, sizeof(CensusState));

	st->ndays = ndays;
	st->days = MemoryContextAlloc(cxt, sizeof(int32) * (ndays > 0 ? ndays : 1));
	memcpy(st->days, days, sizeof(int32) * ndays);
	st->counts = MemoryContextAllocZero(cxt, sizeof(int64) * INTENSITY_COUNT * (ndays > 0 ? ndays : 1));
	return st;
}

/* Raise the error for days that differ between rows or partial states */
static void
census_days_mismatch(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("census days must be the same in every row"),
			 errdetail("census_agg counts all timelines on one set of days."),
			 errhint("Pass the days as a constant or a scalar subquery.")));
}

/*
 * census_agg_sfunc(internal, care_timeline, days date[]) returns internal
 *
 * Counts the timeline on each day it covers, at that day's intensity.
 * NULL timelines count nowhere; the days must be the same in every row.
 */
Datum
census_agg_sfunc(PG_FUNCTION_ARGS)
{
	MemoryContext cxt;
	CensusState *st = PG_ARGISNULL(0) ? NULL : (CensusState *) PG_GETARG_POINTER(0);
	ArrayType  *given;
	CareTimeline *tl;
	TimelineView v;
	int			i;
	int			j = 0;
	int32		nd;

	cxt = treg_agg_context(fcinfo, "census_agg_sfunc");
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("census days must not be null"),
				 errhint("Pass an array of dates, e.g. from generate_series.")));
	if (st == NULL)
	{
		int			n;
		int32	   *days;
		MemoryContext old;

		given = PG_GETARG_ARRAYTYPE_P(2);
		days = days_arg(given, &n);
		st = census_new(cxt, n, days);
		old = MemoryContextSwitchTo(cxt);
		st->given = (ArrayType *) pg_detoast_datum_copy((struct varlena *) given);
		MemoryContextSwitchTo(old);
	}
	else
	{
		given = PG_GETARG_ARRAYTYPE_P(2);
		if (VARSIZE(given) != VARSIZE(st->given) ||
			memcmp(given, st->given, VARSIZE(given)) != 0)
			census_days_mismatch();
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);

	tl = PG_GETARG_CARE_TIMELINE_P(1);
	timeline_view(tl, &v);
	nd = st->ndays;
	for (i = 0; i < v.n && j < nd; i++)
	{
		int			k = intensity_check(v.intensity[i]) - 1;

		j += lower_bound32(st->days + j, nd - j, v.start[i]);
		for (; j < nd && st->days[j] <= v.end[i]; j++)
			st->counts[j * INTENSITY_COUNT + k]++;
	}
	PG_RETURN_POINTER(st);
}

/*
 * census_agg_combine(internal, internal) returns internal
 */
Datum
census_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt;
	CensusState *s1 = PG_ARGISNULL(0) ? NULL : (CensusState *) PG_GETARG_POINTER(0);
	CensusState *s2 = PG_ARGISNULL(1) ? NULL : (CensusState *) PG_GETARG_POINTER(1);
	int			i;

	cxt = treg_agg_context(fcinfo, "census_agg_combine");
	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
		s1 = census_new(cxt, s2->ndays, s2->days);
	else if (s1->ndays != s2->ndays ||
			 memcmp(s1->days, s2->days, sizeof(int32) * s1->ndays) != 0)
		census_days_mismatch();
	for (i = 0; i < s2->ndays * INTENSITY_COUNT; i++)
		s1->counts[i] += s2->counts[i];
	PG_RETURN_POINTER(s1);
}

/*
 * census_agg_serial(internal) returns bytea
 *
 * Version byte (1), int32 ndays, int32 days[ndays], int64 counts[ndays*3].
 */
Datum
census_agg_serial(PG_FUNCTION_ARGS)
{
	CensusState *st = (CensusState *) PG_GETARG_POINTER(0);
	Size		dsz = sizeof(int32) * st->ndays;
	Size		csz = sizeof(int64) * INTENSITY_COUNT * st->ndays;
	Size		size = VARHDRSZ + 1 + sizeof(int32) + dsz + csz;
	bytea	   *b = (bytea *) palloc(size);
	char	   *p = VARDATA(b);

	SET_VARSIZE(b, size);
	*p++ = CENSUS_STATE_VERSION;
	memcpy(p, &st->ndays, sizeof(int32));
	p += sizeof(int32);
	memcpy(p, st->days, dsz);
	memcpy(p + dsz, st->counts, csz);
	PG_RETURN_BYTEA_P(b);
}

/*
 * census_agg_deserial(bytea, internal) returns internal
 */
Datum
census_agg_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(b);
	Size		len = VARSIZE_ANY_EXHDR(b);
	int32		nd;
	CensusState *st;

	if (len < 1 + sizeof(int32))
		elog(ERROR, "corrupt census_agg state");
	treg_check_format_version((uint8) p[0], CENSUS_STATE_VERSION,
							  "census_agg state");
	memcpy(&nd, p + 1, sizeof(int32));
	if (nd < 0 || nd > CENSUS_MAX_DAYS ||
		len != 1 + sizeof(int32) + (sizeof(int32) + sizeof(int64) * INTENSITY_COUNT) * (Size) nd)
		elog(ERROR, "corrupt census_agg state");
	p += 1 + sizeof(int32);
	st = census_new(CurrentMemoryContext, nd, (const int32 *) p);
	memcpy(st->counts, p + sizeof(int32) * nd, sizeof(int64) * INTENSITY_COUNT * nd);
	PG_RETURN_POINTER(st);
}

/*
 * census_agg_final(internal) returns census_count[]
 *
 * One element (day, intensity, persons) per day and intensity, zero counts
 * included, in day and intensity order.
 */
Datum
census_agg_final(PG_FUNCTION_ARGS)
{
	CensusState *st;
	RecordArrayInfo *info;
	Datum	   *elems;
	int			n;
	int			i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CensusState *) PG_GETARG_POINTER(0);
	info = record_array_info(fcinfo);
	n = st->ndays * INTENSITY_COUNT;
	elems = (Datum *) palloc(sizeof(Datum) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		HeapTuple	tup;

		values[0] = DateADTGetDatum(st->days[i / INTENSITY_COUNT]);
		values[1] = IntensityGetDatum((Intensity) (i % INTENSITY_COUNT + 1));
		values[2] = Int64GetDatum(st->counts[i]);
		tup = heap_form_tuple(info->tupdesc, values, nulls);
		elems[i] = HeapTupleGetDatum(tup);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, info->elemtype, info->typlen,
										  info->typbyval, info->typalign));
}

/* ----------------------------------------------------------------
 * transition_matrix
 * ----------------------------------------------------------------
 */

#define NSTATE (INTENSITY_COUNT + 1)	/* 0 = out of care */

typedef struct MatrixState
{
	int64		trans[NSTATE][NSTATE];	/* transitions from -> to */
	int64		persons[NSTATE][NSTATE];	/* timelines with such a one */
	int64		stays[NSTATE];	/* stays in from (0: entries) */
	int64		stay_persons[NSTATE];	/* timelines with such a stay */
} MatrixState;

#define MATRIX_NVALUES (sizeof(MatrixState) / sizeof(int64))

/*
 * transition_matrix_sfunc(internal, care_timeline [, gap_days int], as_of
 *						   date [, within_days int]) returns internal
 *
 * Adds the stays and transitions of one timeline (see
 * timeline_transitions).  A transition out of a stay counts only when the
 * stay lasted at most within_days (when given); entering always counts.
 * NULL timelines add nothing.
 */
Datum
transition_matrix_sfunc(PG_FUNCTION_ARGS)
{
	MemoryContext cxt;
	MatrixState *st;
	bool		full = PG_NARGS() > 3;
	int			gap;
	int32		as_of;
	int64		within = PG_INT64_MAX;
	CareTimeline *tl;
	TimelineView v;
	TimelineStay *stays;
	int			n;
	int			i;
	bool		seen[NSTATE][NSTATE];
	bool		stay_seen[NSTATE];

	cxt = treg_agg_context(fcinfo, "transition_matrix_sfunc");
	if (PG_ARGISNULL(0))
		st = (MatrixState *) MemoryContextAllocZero(cxt, sizeof(MatrixState));
	else
		st = (MatrixState *) PG_GETARG_POINTER(0);
	gap = full ? timeline_gap_arg(fcinfo, 2) : treg_episode_gap_days;
	as_of = timeline_asof_arg(fcinfo, full ? 3 : 2);
	if (full && !PG_ARGISNULL(4))
	{
		within = PG_GETARG_INT32(4);
		if (within < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("within_days must not be negative"),
					 errdetail("within_days is %lld.", (long long) within),
					 errhint("Use NULL to count transitions after any time.")));
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);

	tl = PG_GETARG_CARE_TIMELINE_P(1);
	timeline_view(tl, &v);
	n = timeline_stays(&v, as_of, gap, &stays);
	memset(seen, 0, sizeof(seen));
	memset(stay_seen, 0, sizeof(stay_seen));
	for (i = 0; i < n; i++)
	{
		TimelineStay *s = &stays[i];
		int			from = s->intensity;

		if (s->episode_start)
		{
			st->stays[0]++;
			stay_seen[0] = true;
			st->trans[0][from]++;
			seen[0][from] = true;
		}
		st->stays[from]++;
		stay_seen[from] = true;
		if (!s->open && (int64) s->end - s->start + 1 <= within)
		{
			int			to = s->episode_end ? 0 : stays[i + 1].intensity;

			st->trans[from][to]++;
			seen[from][to] = true;
		}
	}
	for (i = 0; i < NSTATE; i++)
	{
		int			j;

		st->stay_persons[i] += stay_seen[i];
		for (j = 0; j < NSTATE; j++)
			st->persons[i][j] += seen[i][j];
	}
	pfree(stays);
	PG_RETURN_POINTER(st);
}

/*
 * transition_matrix_combine(internal, internal) returns internal
 */
Datum
transition_matrix_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt;
	MatrixState *s1 = PG_ARGISNULL(0) ? NULL : (MatrixState *) PG_GETARG_POINTER(0);
	MatrixState *s2 = PG_ARGISNULL(1) ? NULL : (MatrixState *) PG_GETARG_POINTER(1);
	int64	   *a;
	const int64 *b;
	Size		i;

	cxt = treg_agg_context(fcinfo, "transition_matrix_combine");
	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
		s1 = (MatrixState *) MemoryContextAllocZero(cxt, sizeof(MatrixState));
	a = (int64 *) s1;
	b = (const int64 *) s2;
	for (i = 0; i < MATRIX_NVALUES; i++)
		a[i] += b[i];
	PG_RETURN_POINTER(s1);
}

/*
 * transition_matrix_serial(internal) returns bytea
 *
 * Version byte (1), then the 40 int64 counters of MatrixState.
 */
Datum
transition_matrix_serial(PG_FUNCTION_ARGS)
{
	MatrixState *st = (MatrixState *) PG_GETARG_POINTER(0);
	Size		size = VARHDRSZ + 1 + sizeof(MatrixState);
	bytea	   *b = (bytea *) palloc(size);

	SET_VARSIZE(b, size);
	VARDATA(b)[0] = MATRIX_STATE_VERSION;
	memcpy(VARDATA(b) + 1, st, sizeof(MatrixState));
	PG_RETURN_BYTEA_P(b);
}

/*
 * transition_matrix_deserial(bytea, internal) returns internal
 */
Datum
transition_matrix_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	MatrixState *st;

	if (VARSIZE_ANY_EXHDR(b) < 1)
		elog(ERROR, "corrupt transition_matrix state");
	treg_check_format_version((uint8) VARDATA_ANY(b)[0], MATRIX_STATE_VERSION,
							  "transition_matrix state");
	if (VARSIZE_ANY_EXHDR(b) != 1 + sizeof(MatrixState))
		elog(ERROR, "corrupt transition_matrix state");
	st = (MatrixState *) palloc(sizeof(MatrixState));
	memcpy(st, VARDATA_ANY(b) + 1, sizeof(MatrixState));
	PG_RETURN_POINTER(st);
}

/*
 * transition_matrix_final(internal) returns transition_count[]
 *
 * Twelve elements (from_intensity, to_intensity, transitions, persons,
 * from_stays, from_persons, share): every pair of different states, NULL
 * standing for out of care; share = transitions / from_stays.
 */
Datum
transition_matrix_final(PG_FUNCTION_ARGS)
{
	MatrixState *st;
	RecordArrayInfo *info;
	Datum		elems[NSTATE * NSTATE];
	int			n = 0;
	int			from;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (MatrixState *) PG_GETARG_POINTER(0);
	info = record_array_info(fcinfo);
	for (from = 0; from < NSTATE; from++)
	{
		int			to;

		for (to = 0; to < NSTATE; to++)
		{
			Datum		values[7];
			bool		nulls[7] = {false, false, false, false, false, false, false};

			if (from == to)
				continue;
			values[0] = IntensityGetDatum((Intensity) from);
			nulls[0] = (from == 0);
			values[1] = IntensityGetDatum((Intensity) to);
			nulls[1] = (to == 0);
			values[2] = Int64GetDatum(st->trans[from][to]);
			values[3] = Int64GetDatum(st->persons[from][to]);
			values[4] = Int64GetDatum(st->stays[from]);
			values[5] = Int64GetDatum(st->stay_persons[from]);
			if (st->stays[from] > 0)
				values[6] = Float8GetDatum((double) st->trans[from][to] / (double) st->stays[from]);
			else
				nulls[6] = true;
			elems[n++] = HeapTupleGetDatum(heap_form_tuple(info->tupdesc, values, nulls));
		}
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, info->elemtype, info->typlen,
										  info->typbyval, info->typalign));
}
