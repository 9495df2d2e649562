/*-------------------------------------------------------------------------
 *
 * cpr.h
 *	  The cpr type: a Danish CPR number, 4 bytes pass-by-value (cpr_io.c,
 *	  cpr_ops.c).  The stored value is (birth date - 1858-01-01 in days) *
 *	  10000 + serial, so values sort by birth date, then serial number.
 *
 * extension/types/cpr.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_CPR_H
#define TREG_CPR_H

#include "common/treg_common.h"

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

#endif							/* TREG_CPR_H */
