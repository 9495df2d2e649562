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

/*
 * Report an ICU error as a user error with an SQLSTATE chosen from the ICU
 * code (never returns).
 */
extern void treg_icu_report(const char *what, int32 status) pg_attribute_noreturn();

#endif							/* TREG_ICU_H */
