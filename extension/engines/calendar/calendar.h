/*-------------------------------------------------------------------------
 *
 * calendar.h
 *	  The Danish calendar engine: public holidays and working days
 *	  (calendar.c), the treatment guarantee over them (guarantee.c) and
 *	  ages on a day (age.c).  Uses the cpr type only for age_on(cpr, date).
 *
 * Days are Julian day numbers (date2j()); the calendar is the proleptic
 * Gregorian one from 1583 on.
 *
 * extension/engines/calendar/calendar.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_CALENDAR_H
#define TREG_CALENDAR_H

#include "common/treg_common.h"

#define TREG_CAL_MIN_YEAR	1583

/*
 * The n-th working day after jd (n > 0) or before it (n < 0); jd itself for
 * n = 0.  Raises an error when the result leaves the supported range.
 */
extern int	treg_add_working_days_jd(int jd, int n, bool customary);

#endif							/* TREG_CALENDAR_H */
