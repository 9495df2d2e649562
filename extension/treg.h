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

/* disclosure engine */

/* Danish calendar, CPR and ICU text */

/* retention engine */

/*
 * Retention (Kaplan-Meier) state: per-day counts of events and censorings
 * (retention_io.c, retention_agg.c, retention_km.c).  The varlena value of
 * type treg.retention holds the days with a nonzero count, ascending.  The
 * same bytes are the aggregate's serialized partial state, so the first
 * field after the length word is the format version.
 */
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

/* Aggregate transition state (opaque outside retention_agg.c). */
typedef struct RetentionState RetentionState;

extern RetentionState *retention_state_create(MemoryContext cxt);
extern void retention_state_add(RetentionState *state, int32 day,
								int64 events, int64 censored);
extern void retention_state_add_retention(RetentionState *state,
										  const Retention *r);
extern Retention *retention_state_flatten(RetentionState *state);

/* Check a retention value read from disk, a client or a partial state. */
extern void retention_validate(const Retention *r, Size size);

#endif							/* TREG_H */
