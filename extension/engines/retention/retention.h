/*-------------------------------------------------------------------------
 *
 * retention.h
 *	  The retention engine: the retention type (retention_io.c), its
 *	  aggregates (retention_agg.c) and the Kaplan-Meier accessors
 *	  (retention_km.c).
 *
 * A retention value holds per-day counts of events and censorings: the
 * days with a nonzero count, ascending.  The same bytes are the
 * aggregates' serialized partial state, so the first field after the
 * length word is the format version.
 *
 * extension/engines/retention/retention.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_RETENTION_H
#define TREG_RETENTION_H

#include "common/treg_common.h"

#define RETENTION_FORMAT_VERSION 1

typedef struct RetentionDay
{
	int32		day;			/* duration in days, >= 0 */
	int32		unused;			/* zero; keeps the counts 8-byte aligned */
	int64		events;			/* episodes with this duration and an event */
	int64		censored;		/* episodes censored at this duration */
} RetentionDay;

typedef struct Retention
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RETENTION_FORMAT_VERSION */
	uint8		flags;			/* zero in version 1 */
	int16		unused;			/* zero */
	int32		ndays;			/* number of entries in days[] */
	RetentionDay days[FLEXIBLE_ARRAY_MEMBER];
} Retention;

#define RETENTION_HDRSZ offsetof(Retention, days)
#define RETENTION_SIZE(n) (RETENTION_HDRSZ + (Size) (n) * sizeof(RetentionDay))
#define DatumGetRetentionP(X) ((Retention *) PG_DETOAST_DATUM(X))
#define PG_GETARG_RETENTION_P(n) DatumGetRetentionP(PG_GETARG_DATUM(n))

/* Check a retention value read from disk, a client or a partial state. */
extern void retention_validate(const Retention *r, Size size);

/* A zeroed retention value with room for n entries, header set. */
extern Retention *retention_alloc(int32 n);

#endif							/* TREG_RETENTION_H */
