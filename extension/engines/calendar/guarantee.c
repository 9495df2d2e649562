/*-------------------------------------------------------------------------
 *
 * guarantee.c
 *	  The treatment guarantee (behandlingsgaranti) and immediate treatment
 *	  (straksbehandling) over a request date and an initiation date.
 *
 * An analysis as of a date sees the registry as it stood on that day: a
 * request made after as_of does not exist yet (NULL), and a start after
 * as_of has not happened yet, so the request is still waiting and its wait
 * is censored at as_of.
 *
 * A guarantee is met when treatment started on or before the deadline, not
 * met when it started later or when the request is still waiting after the
 * deadline, and not yet known (NULL) while it is still waiting on or before
 * the deadline.
 *
 * extension/engines/calendar/guarantee.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/calendar/calendar.h"

#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(treg_wait_days);
PG_FUNCTION_INFO_V1(treg_guarantee_met);
PG_FUNCTION_INFO_V1(treg_straks_met);

/* Outcome of a request against a deadline. */
typedef enum GuaranteeOutcome
{
	GO_NO_REQUEST,				/* request after as_of, or NULL arguments */
	GO_MET,
	GO_NOT_MET,
	GO_UNKNOWN					/* still waiting, deadline not passed */
} GuaranteeOutcome;

/* Raise an error when the date argument named what is infinite */
static void
check_finite(DateADT d, const char *what)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", what)));
}

/*
 * Read the three date arguments.  Returns false when the request does not
 * exist as of as_of (or a required argument is NULL); *started tells
 * whether treatment had started by as_of.
 */
static bool
read_request(FunctionCallInfo fcinfo, DateADT *request, DateADT *start,
			 DateADT *as_of, bool *started)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		return false;
	*request = PG_GETARG_DATEADT(0);
	*as_of = PG_GETARG_DATEADT(2);
	check_finite(*request, "request_date");
	check_finite(*as_of, "as_of");
	*started = false;
	if (!PG_ARGISNULL(1))
	{
		*start = PG_GETARG_DATEADT(1);
		check_finite(*start, "start_date");
		if (*start < *request)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("start_date is before request_date"),
					 errdetail("Treatment cannot start before it was requested.")));
		*started = (*start <= *as_of);
	}
	return *request <= *as_of;
}

/*
 * Whether a treatment that started on start (or has not started by as_of)
 * met the deadline
 */
static GuaranteeOutcome
outcome(DateADT start, DateADT as_of, bool started, DateADT deadline)
{
	if (started)
		return start <= deadline ? GO_MET : GO_NOT_MET;
	return as_of > deadline ? GO_NOT_MET : GO_UNKNOWN;
}

/* An outcome as the SQL result: true, false, or NULL while unknown */
static Datum
outcome_datum(FunctionCallInfo fcinfo, GuaranteeOutcome o)
{
	if (o == GO_MET)
		PG_RETURN_BOOL(true);
	if (o == GO_NOT_MET)
		PG_RETURN_BOOL(false);
	PG_RETURN_NULL();
}

/*
 * wait_days(request_date date, start_date date, as_of date) returns int
 *
 * Days from the request to the start of treatment; still waiting at as_of
 * (no start, or a start after as_of): days from the request to as_of.
 * NULL when the request was made after as_of.
 */
Datum
treg_wait_days(PG_FUNCTION_ARGS)
{
	DateADT		request,
				start = 0,
				as_of;
	bool		started;

	if (!read_request(fcinfo, &request, &start, &as_of, &started))
		PG_RETURN_NULL();
	PG_RETURN_INT32(started ? start - request : as_of - request);
}

/*
 * guarantee_met(request_date, start_date, as_of, limit_days int) returns bool
 *
 * Treatment started at most limit_days days after the request (true);
 * started later or still waiting after the deadline (false); still waiting
 * within the deadline (NULL, not yet known).
 */
Datum
treg_guarantee_met(PG_FUNCTION_ARGS)
{
	DateADT		request,
				start = 0,
				as_of;
	bool		started;
	int32		limit;

	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	limit = PG_GETARG_INT32(3);
	if (limit < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("limit_days must not be negative")));
	if (!read_request(fcinfo, &request, &start, &as_of, &started))
		PG_RETURN_NULL();
	if ((int64) request + limit >= (int64) (DATE_END_JULIAN - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range")));
	return outcome_datum(fcinfo,
						 outcome(start, as_of, started, request + limit));
}

/*
 * straks_met(request_date, start_date, as_of, rule text) returns bool
 *
 * Immediate treatment: started on the day of the request or by the
 * deadline the rule gives: 'next_day' (the calendar day after) or
 * 'next_working_day' (the first working day after the request, public
 * holidays only).  NULL as for guarantee_met.
 */
Datum
treg_straks_met(PG_FUNCTION_ARGS)
{
	DateADT		request,
				start = 0,
				as_of,
				deadline;
	bool		started;
	char	   *rule;

	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	rule = text_to_cstring(PG_GETARG_TEXT_PP(3));
	if (strcmp(rule, "next_day") != 0 && strcmp(rule, "next_working_day") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid straks rule \"%s\"", rule),
				 errhint("The rule is \"next_day\" or \"next_working_day\".")));
	if (!read_request(fcinfo, &request, &start, &as_of, &started))
		PG_RETURN_NULL();
	if (strcmp(rule, "next_day") == 0)
	{
		if (request + 1 >= DATE_END_JULIAN - POSTGRES_EPOCH_JDATE)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("date out of range")));
		deadline = request + 1;
	}
	else
	{
		int			jd = request + POSTGRES_EPOCH_JDATE;

		if (jd < date2j(TREG_CAL_MIN_YEAR, 1, 1))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("date out of range for the Danish calendar"),
					 errdetail("Working days are defined from 1583-01-01.")));
		deadline = treg_add_working_days_jd(jd, 1, false) - POSTGRES_EPOCH_JDATE;
	}
	return outcome_datum(fcinfo, outcome(start, as_of, started, deadline));
}
