/*-------------------------------------------------------------------------
 *
 * care_timeline.h
 *	  The care_timeline type: one person's care history as sorted,
 *	  non-overlapping, maximal day ranges, each with an intensity and an
 *	  optional planned end (touching ranges differ in intensity or planned
 *	  end).  Storage, normalisation and input/output are in
 *	  care_timeline_io.c; what is computed from timelines is the timeline
 *	  engine (engines/timeline/).
 *
 * On disk (format version 1) a timeline is a varlena with a 12-byte header
 * and the segments stored column-wise: int32 start[n], int32 end[n], then
 * (only when flag TIMELINE_HAS_PLANNED is set) int32 planned[n], then uint8
 * intensity[n]: 9 bytes per segment, 13 with planned ends.  Dates are
 * DateADT day numbers; an open end is TIMELINE_OPEN (= DATEVAL_NOEND) and a
 * missing planned end TIMELINE_NO_PLANNED (= DATEVAL_NOBEGIN).
 *
 * extension/types/care_timeline.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_CARE_TIMELINE_H
#define TREG_CARE_TIMELINE_H

#include "common/treg_common.h"
#include "types/intensity.h"

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

#endif							/* TREG_CARE_TIMELINE_H */
