/*-------------------------------------------------------------------------
 *
 * intensity.h
 *	  The intensity type: the level of care of a treatment period, a
 *	  1-byte pass-by-value ordinal (intensity_io.c, intensity_ops.c).  The
 *	  stored value is the rank: ambulant (1) < dag (2) < døgn (3).
 *
 * extension/types/intensity.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_INTENSITY_H
#define TREG_INTENSITY_H

#include "common/treg_common.h"

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

/* Danish name converted to the server encoding (palloc'd or static). */
extern const char *intensity_name(Intensity i);

/*
 * Parse an intensity word (any accepted spelling, case-insensitive,
 * surrounding blanks ignored) in the server encoding.  Returns 0 when the
 * word is not accepted; the caller reports the error.
 */
extern Intensity intensity_parse(const char *str);

/* Validate a stored intensity Datum coming from disk or another part. */
extern Intensity intensity_check(Intensity i);

#endif							/* TREG_INTENSITY_H */
