/*-------------------------------------------------------------------------
 *
 * age.c
 *	  Age in whole years on a day, from a birth date or a CPR number.
 *
 * Age follows Danish practice: a person born on 29 February turns a year
 * older on 1 March in a year that is not a leap year (equal to the years of
 * PostgreSQL's age()).
 *
 * extension/engines/calendar/age.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/calendar/calendar.h"
#include "types/cpr.h"

#include "datatype/timestamp.h"
#include "utils/date.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(cpr_age_on);
PG_FUNCTION_INFO_V1(treg_age_on);

/*
 * Age in whole years on a day.  Comparing (month, day) pairs puts the
 * birthday of someone born on 29 February on 1 March in other years.
 */
static int
age_on_jd(int birth_jd, int on_jd)
{
	int			by,
				bm,
				bd,
				oy,
				om,
				od;
	int			age;

	if (on_jd < birth_jd)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("date is before the birth date"),
				 errdetail("Age is defined from the day of birth on."),
				 errhidestmt(true)));
	j2date(birth_jd, &by, &bm, &bd);
	j2date(on_jd, &oy, &om, &od);
	age = oy - by;

	/*
	 * Not yet had this year's birthday.  Comparing (month, day) pairs puts
	 * the birthday of someone born on 29 February on 1 March in other years:
	 * 28 February < 29 February < 1 March.
	 */
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}

/* A date argument as a Julian day; infinite dates have no age */
static int
finite_date_jd(DateADT d)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("age is not defined for infinite dates")));
	return d + POSTGRES_EPOCH_JDATE;
}

/*
 * age_on(cpr, date) returns int: age in whole years on a day (the century
 * comes from the 7th digit, so CPR readers only)
 */
Datum
cpr_age_on(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));

	cpr_require_reader(CPR_READ);
	PG_RETURN_INT32(age_on_jd(cpr_birth_jd(c),
								   finite_date_jd(PG_GETARG_DATEADT(1))));
}

/*
 * age_on(birth_date date, date) returns int: age in whole years on a day
 */
Datum
treg_age_on(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(age_on_jd(finite_date_jd(PG_GETARG_DATEADT(0)),
								   finite_date_jd(PG_GETARG_DATEADT(1))));
}
