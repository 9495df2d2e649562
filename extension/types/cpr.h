/*-------------------------------------------------------------------------
 *
 * cpr.h
 *	  The cpr type: a Danish CPR number, 4 bytes pass-by-value (cpr_io.c,
 *	  cpr_ops.c).  The stored value is (birth date - 1858-01-01 in days) *
 *	  10000 + serial, so values sort by birth date, then serial number.
 *	  Who may read, compare and enter values: cpr_access.c; CPR numbers
 *	  masked in the server log: cpr_log.c.
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

/*
 * May the current user (GetUserId(), so inside a SECURITY DEFINER function
 * the owner) read CPR numbers: superuser or member of treg_cpr_reader?
 * Cached per user id until pg_authid or pg_auth_members change.
 */
extern bool cpr_reader(void);

/* Actions a non-reader is refused, for cpr_require_reader(). */
typedef enum CprAction
{
	CPR_COMPARE,				/* operators, btree comparison */
	CPR_HASH,					/* hash support */
	CPR_READ,					/* accessors that read the digits */
	CPR_ENTER					/* text and binary input */
} CprAction;

/* Raise 42501 for the action; the message never holds a digit. */
extern void cpr_refuse(CprAction action) pg_attribute_noreturn();

/*
 * Refuse the action unless cpr_reader().  Cheap: one comparison of user
 * ids when cached.
 */
static inline void
cpr_require_reader(CprAction action)
{
	if (!cpr_reader())
		cpr_refuse(action);
}

/*
 * Set up the cpr type's process state (called from _PG_init): the reader
 * cache invalidation (cpr_access.c) and the server-log hook (cpr_log.c).
 */
extern void cpr_init(void);
extern void cpr_access_init(void);

#endif							/* TREG_CPR_H */
