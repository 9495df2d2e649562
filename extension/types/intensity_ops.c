/*-------------------------------------------------------------------------
 *
 * intensity_ops.c
 *	  Comparison, hashing and helper functions of the intensity type.
 *
 * The order is the rank: ambulant < dag < døgn.  The btree and hash
 * operator classes built on these functions let ORDER BY, GROUP BY,
 * DISTINCT, indexes, merge joins and hash joins work on intensity columns.
 *
 * extension/types/intensity_ops.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/intensity.h"

#include "common/hashfn.h"

PG_FUNCTION_INFO_V1(intensity_eq);
PG_FUNCTION_INFO_V1(intensity_ne);
PG_FUNCTION_INFO_V1(intensity_lt);
PG_FUNCTION_INFO_V1(intensity_le);
PG_FUNCTION_INFO_V1(intensity_gt);
PG_FUNCTION_INFO_V1(intensity_ge);
PG_FUNCTION_INFO_V1(intensity_cmp);
PG_FUNCTION_INFO_V1(intensity_hash);
PG_FUNCTION_INFO_V1(intensity_hash_extended);
PG_FUNCTION_INFO_V1(intensity_larger);
PG_FUNCTION_INFO_V1(intensity_smaller);
PG_FUNCTION_INFO_V1(intensity_rank);
PG_FUNCTION_INFO_V1(intensity_from_rank);

#define INTENSITY_ARGS \
	Intensity	a = PG_GETARG_INTENSITY(0); \
	Intensity	b = PG_GETARG_INTENSITY(1)

/*
 * intensity_eq(intensity, intensity) returns bool: operator =
 */
Datum
intensity_eq(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_BOOL(a == b);
}

/*
 * intensity_ne(intensity, intensity) returns bool: operator <>
 */
Datum
intensity_ne(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_BOOL(a != b);
}

/*
 * intensity_lt(intensity, intensity) returns bool: operator <
 */
Datum
intensity_lt(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_BOOL(a < b);
}

/*
 * intensity_le(intensity, intensity) returns bool: operator <=
 */
Datum
intensity_le(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_BOOL(a <= b);
}

/*
 * intensity_gt(intensity, intensity) returns bool: operator >
 */
Datum
intensity_gt(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_BOOL(a > b);
}

/*
 * intensity_ge(intensity, intensity) returns bool: operator >=
 */
Datum
intensity_ge(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_BOOL(a >= b);
}

/*
 * intensity_cmp(intensity, intensity) returns int: btree support function 1
 */
Datum
intensity_cmp(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/*
 * intensity_hash(intensity) returns int: hash support function 1
 */
Datum
intensity_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(hash_uint32((uint32) PG_GETARG_INTENSITY(0)));
}

/*
 * intensity_hash_extended(intensity, bigint) returns bigint: hash support
 * function 2 (seeded 64-bit hash, used by hash partitioning)
 */
Datum
intensity_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(hash_uint32_extended((uint32) PG_GETARG_INTENSITY(0),
										 PG_GETARG_INT64(1)));
}

/*
 * intensity_larger(intensity, intensity) returns intensity: max() transition
 */
Datum
intensity_larger(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_INTENSITY(a > b ? a : b);
}

/*
 * intensity_smaller(intensity, intensity) returns intensity: min() transition
 */
Datum
intensity_smaller(PG_FUNCTION_ARGS)
{
	INTENSITY_ARGS;

	PG_RETURN_INTENSITY(a < b ? a : b);
}

/*
 * intensity_rank(intensity) returns int: 1 ambulant, 2 dag, 3 døgn
 */
Datum
intensity_rank(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) intensity_check(PG_GETARG_INTENSITY(0)));
}

/*
 * intensity(int) returns intensity: the intensity of a rank (1, 2 or 3)
 */
Datum
intensity_from_rank(PG_FUNCTION_ARGS)
{
	int32		rank = PG_GETARG_INT32(0);

	if (!IntensityIsValid(rank))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("intensity rank %d is out of range", rank),
				 errdetail("The rank must be 1 (ambulant), 2 (dag) or 3 (doegn).")));
	PG_RETURN_INTENSITY((Intensity) rank);
}
