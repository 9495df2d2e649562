/*-------------------------------------------------------------------------
 *
 * treg_common.h
 *	  Helpers every layer of treg may use: aggregate memory contexts,
 *	  format-version checks, materialised set-returning functions and ISO
 *	  date text.  Nothing here knows a treg type or engine.
 *
 * extension/common/treg_common.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_COMMON_H
#define TREG_COMMON_H

#include "postgres.h"
#include "fmgr.h"
#include "access/tupdesc.h"

/*
 * The memory context of the aggregate that called fcinfo.  A call outside
 * an aggregate is a bug (the SQL declarations never allow it): elog.
 */
extern MemoryContext treg_agg_context(FunctionCallInfo fcinfo, const char *fname);

/*
 * Check the format-version byte of a stored value, a binary message or an
 * aggregate state ("what" names it, e.g. "timeline_agg state"): 22P03 when
 * this build cannot read it.
 */
extern void treg_check_format_version(int found, int expected, const char *what);

/*
 * Set up a materialised set-returning function: checks that the caller
 * accepts a tuplestore, creates it in per-query memory and returns the
 * blessed result descriptor (looked up once per query and cached in
 * fn_extra, so the function must not use fn_extra for anything else).
 */
extern TupleDesc treg_srf_begin(FunctionCallInfo fcinfo);

/* Text form of a date, always ISO (YYYY-MM-DD, " BC" before year 1). */
extern char *treg_date_str(int32 d);

#endif							/* TREG_COMMON_H */
