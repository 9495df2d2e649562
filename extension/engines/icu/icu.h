/*-------------------------------------------------------------------------
 *
 * icu.h
 *	  The ICU text engine: name keys (icu_text.c) and Danish number
 *	  formatting (icu_num.c).
 *
 * extension/engines/icu/icu.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_ICU_H
#define TREG_ICU_H

#include "common/treg_common.h"

#include <unicode/utypes.h>

/*
 * Report an ICU error as a user error with an SQLSTATE chosen from the ICU
 * code (never returns).
 */
extern void treg_icu_report(const char *what, int32 status) pg_attribute_noreturn();

/* UTF-16 to a palloc'd string in the server encoding (icu_text.c) */
extern char *treg_icu_to_server(const UChar *buf, int32 len);

#endif							/* TREG_ICU_H */
