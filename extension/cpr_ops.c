/*-------------------------------------------------------------------------
 *
 * cpr_ops.c
 *	  Comparison, hashing and accessor functions of the cpr type, and age
 *	  in whole years.
 *
 * Values sort by birth date, then serial number.  Age follows Danish
 * practice: a person born on 29 February turns a year older on 1 March in
 * a year that is not a leap year.
 *
 * extension/cpr_ops.c
 *
 *-------------------------------------------------------------------------
 */
#include "treg.h"

#include "common/hashfn.h"
#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(cpr_eq);
PG_FUNCTION_INFO_V1(cpr_ne);
PG_FUNCTION_INFO_V1(cpr_lt);
PG_FUNCTION_INFO_V1(cpr_le);
PG_FUNCTION_INFO_V1(cpr_gt);
PG_FUNCTION_INFO_V1(cpr_ge);
PG_FUNCTION_INFO_V1(cpr_cmp);
PG_FUNCTION_INFO_V1(cpr_hash);
PG_FUNCTION_INFO_V1(cpr_hash_extended);
PG_FUNCTION_INFO_V1(cpr_birth_date);
PG_FUNCTION_INFO_V1(cpr_sex);
PG_FUNCTION_INFO_V1(cpr_mod11_valid);
PG_FUNCTION_INFO_V1(cpr_age_on);
PG_FUNCTION_INFO_V1(treg_age_on);

#define CPR_ARGS \
	Cpr			a = PG_GETARG_CPR(0); \
	Cpr			b = PG_GETARG_CPR(1)

/*
 * cpr_eq(cpr, cpr) returns bool: operator =
 */
Datum
cpr_eq(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_BOOL(a == b);
}

/*
 * cpr_ne(cpr, cpr) returns bool: operator <>
 */
Datum
cpr_ne(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_BOOL(a != b);
}

/*
 * cpr_lt(cpr, cpr) returns bool: operator <
 */
Datum
cpr_lt(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_BOOL(a < b);
}

/*
 * cpr_le(cpr, cpr) returns bool: operator <=
 */
Datum
cpr_le(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_BOOL(a <= b);
}

/*
 * cpr_gt(cpr, cpr) returns bool: operator >
 */
Datum
cpr_gt(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_BOOL(a > b);
}

/*
 * cpr_ge(cpr, cpr) returns bool: operator >=
 */
Datum
cpr_ge(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_BOOL(a >= b);
}

/*
 * cpr_cmp(cpr, cpr) returns int: btree comparison (-1, 0, 1)
 */
Datum
cpr_cmp(PG_FUNCTION_ARGS)
{
	CPR_ARGS;

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/*
 * cpr_hash(cpr) returns int: hash support
 */
Datum
cpr_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32(PG_GETARG_CPR(0));
}

/*
 * cpr_hash_extended(cpr, bigint) returns bigint: seeded hash support
 */
Datum
cpr_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended(PG_GETARG_CPR(0), PG_GETARG_INT64(1));
}

/*
 * birth_date(cpr) returns date
 */
Datum
cpr_birth_date(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));

	PG_RETURN_DATEADT((DateADT) (cpr_birth_jd(c) - POSTGRES_EPOCH_JDATE));
}

/*
 * sex(cpr) returns text: 'male' for an odd last digit, else 'female'
 */
Datum
cpr_sex(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));

	PG_RETURN_TEXT_P(cstring_to_text(cpr_serial(c) % 2 == 1 ? "male" : "female"));
}

/*
 * cpr_mod11_valid(cpr) returns bool
 *
 * The modulus-11 check: the digits weighted 4 3 2 7 6 5 4 3 2 1 sum to a
 * multiple of 11.  Numbers issued since 2007 need not pass it.
 */
Datum
cpr_mod11_valid(PG_FUNCTION_ARGS)
{
	static const int weights[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
	Cpr			c = cpr_check(PG_GETARG_CPR(0));
	char		digits[11];
	int			sum = 0;
	int			k;

	cpr_digits(c, digits);
	for (k = 0; k < 10; k++)
		sum += weights[k] * (digits[k] - '0');
	PG_RETURN_BOOL(sum % 11 == 0);
}

int
treg_age_on_jd(int birth_jd, int on_jd)
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
 * age_on(cpr, date) returns int: age in whole years on a day
 */
Datum
cpr_age_on(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));

	PG_RETURN_INT32(treg_age_on_jd(cpr_birth_jd(c),
								   finite_date_jd(PG_GETARG_DATEADT(1))));
}

/*
 * age_on(birth_date date, date) returns int: age in whole years on a day
 */
Datum
treg_age_on(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(treg_age_on_jd(finite_date_jd(PG_GETARG_DATEADT(0)),
								   finite_date_jd(PG_GETARG_DATEADT(1))));
}
