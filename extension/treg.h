/*-------------------------------------------------------------------------
 *
 * treg.h
 *	  Shared declarations of the treg extension: the intensity type and the
 *	  entry points each engine exposes to the others.
 *
 * One header for the whole extension.  Each engine keeps its own section;
 * engines talk to each other only through the types declared here.
 *
 * extension/treg.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_H
#define TREG_H

#include "postgres.h"
#include "fmgr.h"

/* ---------------------------------------------------------------------
 * intensity: 1-byte, pass-by-value ordinal type (intensity_io.c,
 * intensity_ops.c).  The stored value is the rank: ambulant < dag < døgn.
 * ---------------------------------------------------------------------
 */
typedef uint8 Intensity;

#define INTENSITY_AMBULANT	1
#define INTENSITY_DAG		2
#define INTENSITY_DOEGN		3
#define INTENSITY_MIN		INTENSITY_AMBULANT
#define INTENSITY_MAX		INTENSITY_DOEGN
#define INTENSITY_COUNT		3

#define IntensityIsValid(i) ((i) >= INTENSITY_MIN && (i) <= INTENSITY_MAX)
#define DatumGetIntensity(X) ((Intensity) DatumGetUInt8(X))
#define IntensityGetDatum(X) UInt8GetDatum(X)
#define PG_GETARG_INTENSITY(n) DatumGetIntensity(PG_GETARG_DATUM(n))
#define PG_RETURN_INTENSITY(x) return IntensityGetDatum(x)

/* Danish name of an intensity in UTF-8 ("ambulant", "dag", "døgn"). */
extern const char *intensity_name_utf8(Intensity i);

/* Danish name converted to the server encoding (palloc'd or static). */
extern const char *intensity_name(Intensity i);

/*
 * Parse an intensity word (any accepted spelling, case-insensitive,
 * surrounding blanks ignored) in the server encoding.  Returns 0 when the
 * word is not accepted; the caller reports the error.
 */
extern Intensity intensity_parse(const char *str);

/* Raise the standard "invalid input syntax for type intensity" error. */
extern void intensity_report_invalid(const char *str) pg_attribute_noreturn();

/* Validate a stored intensity Datum coming from disk or another engine. */
extern Intensity intensity_check(Intensity i);

/* ---------------------------------------------------------------------
 * GUC registration, one function per engine, called from _PG_init (treg.c)
 * ---------------------------------------------------------------------
 */

/* timeline engine */
extern void treg_timeline_guc_init(void);

/* ---------------------------------------------------------------------
 * timeline engine: the care_timeline type (timeline_io.c), its aggregates
 * (timeline_agg.c), accessors (timeline_ops.c) and population summaries
 * (timeline_census.c).
 *
 * A care_timeline is one person's history: sorted, non-overlapping,
 * maximal day ranges, each with an intensity and an optional planned end
 * (touching ranges differ in intensity or planned end).
 * On disk (format version 1) it is a varlena with a 12-byte header and the
 * segments stored column-wise: int32 start[n], int32 end[n], then (only
 * when flag TIMELINE_HAS_PLANNED is set) int32 planned[n], then uint8
 * intensity[n]: 9 bytes per segment, 13 with planned ends.  Dates are
 * DateADT day numbers; an open end is TIMELINE_OPEN (= DATEVAL_NOEND) and
 * a missing planned end TIMELINE_NO_PLANNED (= DATEVAL_NOBEGIN).
 * ---------------------------------------------------------------------
 */
#include "access/tupdesc.h"

#define TIMELINE_FORMAT_VERSION 1
#define TIMELINE_HAS_PLANNED	0x01
#define TIMELINE_OPEN			PG_INT32_MAX
#define TIMELINE_NO_PLANNED		PG_INT32_MIN

typedef struct CareTimeline
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* TIMELINE_FORMAT_VERSION */
	uint8		flags;			/* TIMELINE_HAS_PLANNED */
	uint16		reserved;		/* zero */
	int32		nsegs;			/* number of segments */
	char		data[FLEXIBLE_ARRAY_MEMBER];
} CareTimeline;

#define TIMELINE_HDRSZ offsetof(CareTimeline, data)
#define DatumGetCareTimelineP(X) ((CareTimeline *) PG_DETOAST_DATUM(X))
#define PG_GETARG_CARE_TIMELINE_P(n) DatumGetCareTimelineP(PG_GETARG_DATUM(n))

/* One segment, unpacked (aggregate states, normalisation). 16 bytes. */
typedef struct TimelineSeg
{
	int32		start;			/* first day */
	int32		end;			/* last day (inclusive) or TIMELINE_OPEN */
	int32		planned;		/* planned last day or TIMELINE_NO_PLANNED */
	uint8		intensity;		/* 1..3 */
} TimelineSeg;

/* Read-only view of the columns of a stored timeline. */
typedef struct TimelineView
{
	int32		n;
	const int32 *start;
	const int32 *end;
	const int32 *planned;		/* NULL when no segment has a planned end */
	const uint8 *intensity;
} TimelineView;

/* Check the header of a detoasted timeline and fill a view of it. */
extern void timeline_view(const CareTimeline *tl, TimelineView *v);

/*
 * Sort and normalise segments (most intensive wins on shared days, a day's
 * planned end is the latest among its winners, touching days with equal
 * intensity and planned end collapse).  Returns the new count; *out is
 * segs itself (normalised in place) or, when overlaps cut segments into
 * more pieces than there were segments, a new array palloc'd in the
 * current memory context.
 */
extern int	timeline_normalise(TimelineSeg *segs, int n, TimelineSeg **out);

/* Build a stored timeline from normalised segments. */
extern CareTimeline *timeline_build(const TimelineSeg *segs, int n);

/*
 * Validate one input segment, filling *seg: NULL start or intensity raise
 * 22004, an end before the start 22008 (dates in the detail).  A NULL or
 * infinite end means open.
 */
extern void timeline_check_segment(TimelineSeg *seg,
								   bool start_null, int32 start,
								   bool end_null, int32 end,
								   bool planned_null, int32 planned,
								   bool intensity_null, int intensity);

/* Text form of a date, always ISO (YYYY-MM-DD, " BC" before year 1). */
extern char *timeline_date_str(int32 d);

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

/* Append a segment (st may be NULL); returns the possibly moved state. */
extern TimelineState *timeline_state_add(TimelineState *st,
										 const TimelineSeg *seg,
										 MemoryContext cxt);

/* Set up a materialised SRF result; returns its (cached) tuple desc. */
extern TupleDesc timeline_srf_begin(FunctionCallInfo fcinfo);

/* Episode gap tolerance: treg.episode_gap_days (timeline_ops.c). */
extern int	treg_episode_gap_days;
extern int	timeline_gap_arg(FunctionCallInfo fcinfo, int argno);
extern int32 timeline_asof_arg(FunctionCallInfo fcinfo, int argno);

/*
 * A timeline cut at as_of: segments starting after as_of dropped, the
 * segment covering as_of (if any) marked open and ended at as_of.
 * Returns the number of segments kept (a prefix of the view); *last_open
 * tells whether the last kept segment is open at as_of.
 */
extern int	timeline_censor(const TimelineView *v, int32 as_of, bool *last_open);

/*
 * A "stay": consecutive segments of one intensity inside one episode,
 * joined across gaps of at most gap_days empty days.  Transitions happen
 * between stays.
 */
typedef struct TimelineStay
{
	int32		start;
	int32		end;			/* last day; as_of when open */
	int32		planned;		/* latest planned end, or TIMELINE_NO_PLANNED */
	uint8		intensity;
	bool		open;			/* open at as_of (censored) */
	bool		episode_start;	/* first stay of an episode */
	bool		episode_end;	/* last stay of a closed episode */
} TimelineStay;

/* Split a timeline into stays; returns the count, *stays palloc'd. */
extern int	timeline_stays(const TimelineView *v, int32 as_of, int gap_days,
						   TimelineStay **stays);

/* disclosure engine */

/* Danish calendar, CPR and ICU text */

/* retention engine */

#endif							/* TREG_H */
