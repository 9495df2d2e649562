/*-------------------------------------------------------------------------
 *
 * pseudonym.h
 *	  The pseudonym engine: keyed HMAC-SHA-256 pseudonyms of CPR numbers
 *	  and of anonymous persons' source keys (pseudonym.c).
 *
 * extension/engines/pseudonym/pseudonym.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_PSEUDONYM_H
#define TREG_PSEUDONYM_H

#include "common/treg_common.h"

/* treg.import_daily_limit: CPR numbers one role may import in 24 hours. */
extern int	treg_import_daily_limit;

/* Define the engine's settings (called from _PG_init). */
extern void pseudonym_init(void);

#endif							/* TREG_PSEUDONYM_H */
