/*-------------------------------------------------------------------------
 *
 * anon_count_agg.c
 *	  anon_count(person_id int8): the number of distinct persons, or NULL
 *	  when it is from 1 to k-1 (k = treg.min_cell_count).
 *
 * The transition state is a PersonSet (person_set.c) in the aggregate
 * memory context.  Partial states of parallel workers are merged as sets,
 * so a person seen by several workers is counted once.  The threshold is
 * read from the GUC when the final function runs.
 *
 * extension/engines/disclosure/anon_count_agg.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

PG_FUNCTION_INFO_V1(anon_count_trans);
PG_FUNCTION_INFO_V1(anon_count_final);
PG_FUNCTION_INFO_V1(anon_count_combine);
PG_FUNCTION_INFO_V1(anon_count_serial);
PG_FUNCTION_INFO_V1(anon_count_deserial);

/*
 * anon_count_trans(internal, int8) returns internal: add a person id.
 * NULL ids are skipped.
 */
Datum
anon_count_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = treg_agg_context(fcinfo, "anon_count_trans");
	PersonSet  *ps = PG_ARGISNULL(0) ? NULL : (PersonSet *) PG_GETARG_POINTER(0);

	if (ps == NULL)
		ps = personset_create(aggcxt, false);
	if (!PG_ARGISNULL(1))
		personset_add(ps, PG_GETARG_INT64(1), 0.0);
	PG_RETURN_POINTER(ps);
}

/*
 * anon_count_final(internal) returns int8: the distinct count, NULL when
 * from 1 to k-1.
 */
Datum
anon_count_final(PG_FUNCTION_ARGS)
{
	PersonSet  *ps = PG_ARGISNULL(0) ? NULL : (PersonSet *) PG_GETARG_POINTER(0);
	int64		n = ps ? ps->nitems : 0;

	if (n >= 1 && n < treg_min_cell_count)
		PG_RETURN_NULL();
	PG_RETURN_INT64(n);
}

/*
 * anon_count_combine(internal, internal) returns internal: union of two
 * partial sets, allocated in the aggregate context.
 */
Datum
anon_count_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = treg_agg_context(fcinfo, "anon_count_combine");
	PersonSet  *a = PG_ARGISNULL(0) ? NULL : (PersonSet *) PG_GETARG_POINTER(0);
	PersonSet  *b = PG_ARGISNULL(1) ? NULL : (PersonSet *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = personset_create(aggcxt, b->with_values);
	personset_merge(a, b);
	PG_RETURN_POINTER(a);
}

/*
 * anon_count_serial(internal) returns bytea: versioned binary state
 * (format in person_set.c).  Also the serial function of anon_sum.
 */
Datum
anon_count_serial(PG_FUNCTION_ARGS)
{
	PersonSet  *ps = (PersonSet *) PG_GETARG_POINTER(0);

	PG_RETURN_BYTEA_P(personset_serialize(ps));
}

/*
 * anon_count_deserial(bytea, internal) returns internal: inverse of
 * anon_count_serial.
 */
Datum
anon_count_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	(void) treg_agg_context(fcinfo, "anon_count_deserial");
	PG_RETURN_POINTER(personset_deserialize(b, false, CurrentMemoryContext));
}
