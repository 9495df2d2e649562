/*-------------------------------------------------------------------------
 *
 * timeline.h
 *	  The timeline engine: aggregates that build care_timeline values
 *	  (timeline_agg.c), accessors (timeline_ops.c) and population
 *	  summaries (timeline_census.c).  Uses only the intensity and
 *	  care_timeline types.
 *
 * extension/engines/timeline/timeline.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_TIMELINE_H
#define TREG_TIMELINE_H

#include "types/care_timeline.h"

/* Register the engine's GUC treg.episode_gap_days (from _PG_init). */
extern void timeline_init(void);

/* Episode gap tolerance: treg.episode_gap_days. */
extern int	treg_episode_gap_days;

/* gap_days argument (NULL: the GUC; negative: 22023). */
extern int	timeline_gap_arg(FunctionCallInfo fcinfo, int argno);

/* as_of argument (NULL: 22004; infinite: 22008). */
extern int32 timeline_asof_arg(FunctionCallInfo fcinfo, int argno);

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

#endif							/* TREG_TIMELINE_H */
