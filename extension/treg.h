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

/*
 * Danish calendar (calendar.c).  Days are Julian day numbers (date2j());
 * the calendar is the proleptic Gregorian one from 1583 on.
 */
#define TREG_CAL_MIN_YEAR	1583

/* Julian day of Easter Sunday of a Gregorian year. */
extern int	treg_easter_jd(int year);

/* Working day: Monday to Friday and not a holiday (optionally customary). */
extern bool treg_is_working_day_jd(int jd, bool customary);

/*
 * The n-th working day after jd (n > 0) or before it (n < 0); jd itself for
 * n = 0.  Raises an error when the result leaves the supported range.
 */
extern int	treg_add_working_days_jd(int jd, int n, bool customary);

/*
 * cpr (cpr_io.c, cpr_ops.c): a CPR number, 4 bytes pass-by-value.  The
 * stored value is (birth date - 1858-01-01 in days) * 10000 + serial, so
 * values sort by birth date, then serial number.
 */
typedef uint32 Cpr;

#define CPR_EPOCH_YEAR		1858
#define CPR_SERIALS			10000
#define DatumGetCpr(X)		((Cpr) DatumGetUInt32(X))
#define CprGetDatum(X)		UInt32GetDatum(X)
#define PG_GETARG_CPR(n)	DatumGetCpr(PG_GETARG_DATUM(n))
#define PG_RETURN_CPR(x)	return CprGetDatum(x)

/* Julian day of the birth date and the serial number (0..9999). */
extern int	cpr_birth_jd(Cpr c);
extern int	cpr_serial(Cpr c);

/* The ten digits DDMMYYSSSS of a CPR number into buf (at least 11 bytes). */
extern void cpr_digits(Cpr c, char *buf);

/* Validate a stored cpr Datum (from disk or the wire). */
extern Cpr	cpr_check(Cpr c);

/* Age in whole years on a day (born 29 February: older on 1 March). */
extern int	treg_age_on_jd(int birth_jd, int on_jd);

/* ICU helpers (icu_text.c): report an ICU error as a user error. */
extern void treg_icu_report(const char *what, int32 status) pg_attribute_noreturn();

/* retention engine */

#endif							/* TREG_H */
