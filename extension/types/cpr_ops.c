/*-------------------------------------------------------------------------
 *
 * cpr_ops.c
 *	  Comparison, hashing and accessor functions of the cpr type.
 *
 * Values sort by birth date, then serial number.  Ages are computed by the
 * calendar engine (engines/calendar/age.c).  Every function here reads the
 * serial digits, so each refuses users who may not read CPR numbers
 * (cpr_access.c): a comparison with a guess would reveal them.
 *
 * extension/types/cpr_ops.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/cpr.h"

#include "common/hashfn.h"
#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/sortsupport.h"

PG_FUNCTION_INFO_V1(cpr_eq);
PG_FUNCTION_INFO_V1(cpr_ne);
PG_FUNCTION_INFO_V1(cpr_lt);
PG_FUNCTION_INFO_V1(cpr_le);
PG_FUNCTION_INFO_V1(cpr_gt);
PG_FUNCTION_INFO_V1(cpr_ge);
PG_FUNCTION_INFO_V1(cpr_cmp);
PG_FUNCTION_INFO_V1(cpr_sortsupport);
PG_FUNCTION_INFO_V1(cpr_hash);
PG_FUNCTION_INFO_V1(cpr_hash_extended);
PG_FUNCTION_INFO_V1(cpr_birth_date);
PG_FUNCTION_INFO_V1(cpr_sex);
PG_FUNCTION_INFO_V1(cpr_mod11_valid);

#define CPR_ARGS \
	Cpr			a = PG_GETARG_CPR(0); \
	Cpr			b = PG_GETARG_CPR(1); \
	cpr_require_reader(CPR_COMPARE)

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

/* The comparator handed out by cpr_sortsupport. */
static int
cpr_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	Cpr			a = DatumGetCpr(x);
	Cpr			b = DatumGetCpr(y);

	return a < b ? -1 : (a > b ? 1 : 0);
}

/*
 * cpr_sortsupport(internal) returns void: btree sort support
 *
 * Sorts, index builds and merge joins compare through a plain C function
 * instead of cpr_cmp.  The reader check runs here, once, when the sort is
 * set up (as the user who runs it), instead of once per comparison.
 */
Datum
cpr_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	cpr_require_reader(CPR_COMPARE);
	ssup->comparator = cpr_fastcmp;
	PG_RETURN_VOID();
}

/*
 * cpr_hash(cpr) returns int: hash support
 */
Datum
cpr_hash(PG_FUNCTION_ARGS)
{
	cpr_require_reader(CPR_HASH);
	return hash_uint32(PG_GETARG_CPR(0));
}

/*
 * cpr_hash_extended(cpr, bigint) returns bigint: seeded hash support
 */
Datum
cpr_hash_extended(PG_FUNCTION_ARGS)
{
	cpr_require_reader(CPR_HASH);
	return hash_uint32_extended(PG_GETARG_CPR(0), PG_GETARG_INT64(1));
}

/*
 * birth_date(cpr) returns date
 */
Datum
cpr_birth_date(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));

	cpr_require_reader(CPR_READ);
	PG_RETURN_DATEADT((DateADT) (cpr_birth_jd(c) - POSTGRES_EPOCH_JDATE));
}

/*
 * sex(cpr) returns text: 'male' for an odd last digit, else 'female'
 */
Datum
cpr_sex(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));

	cpr_require_reader(CPR_READ);
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

	cpr_require_reader(CPR_READ);

	cpr_digits(c, digits);
	for (k = 0; k < 10; k++)
		sum += weights[k] * (digits[k] - '0');
	PG_RETURN_BOOL(sum % 11 == 0);
}
