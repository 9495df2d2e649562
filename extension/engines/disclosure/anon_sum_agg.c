/*-------------------------------------------------------------------------
 *
 * anon_sum_agg.c
 *	  anon_sum(person_id int8, value float8): the sum of value, or NULL when
 *	  fewer than k distinct persons contribute (k = treg.min_cell_count) or
 *	  when the sum is dominated by a few persons.
 *
 * Dominance, the (n,k) rule: the cell is suppressed when the n largest
 * per-person contributions (values summed per person first) together are
 * more than k percent of the total; n = treg.dominance_n (default 2),
 * k = treg.dominance_k (default 85).  With n = 2 this also covers the
 * situation where the second-largest contributor could subtract its own
 * value and learn the largest one within a few percent.
 *
 * The p% rule, checked as well: the cell is suppressed when the rest
 * (total minus the two largest contributions) is less than p percent of
 * the largest, p = treg.dominance_p (default 10; 0 turns it off): the
 * second-largest contributor could then estimate the largest to within
 * p percent.
 *
 * Values must be non-negative (days, costs): a negative value is an error,
 * because the dominance rule is meaningless for signed contributions.
 * Rows with a NULL value or a NULL person are skipped.  A sum over no rows
 * is NULL, like sum().
 *
 * The state is a PersonSet with a sum per person (person_set.c).
 *
 * extension/engines/disclosure/anon_sum_agg.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include "utils/float.h"

PG_FUNCTION_INFO_V1(anon_sum_trans);
PG_FUNCTION_INFO_V1(anon_sum_final);
PG_FUNCTION_INFO_V1(anon_sum_deserial);

/*
 * anon_sum_trans(internal, int8, float8) returns internal: add a value to
 * the sum of a person.
 */
Datum
anon_sum_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PersonSet  *ps = PG_ARGISNULL(0) ? NULL : (PersonSet *) PG_GETARG_POINTER(0);
	double		v;

	aggcxt = treg_agg_context(fcinfo, "anon_sum_trans");
	if (ps == NULL)
		ps = personset_create(aggcxt, true);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(ps);
	v = PG_GETARG_FLOAT8(2);
	if (!(v >= 0.0) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("anon_sum value must be a finite non-negative number: %g", v),
				 errdetail("The dominance rule of anon_sum is defined for non-negative contributions such as days or costs."),
				 errhint("Filter out or correct negative, infinite and NaN values.")));
	personset_add(ps, PG_GETARG_INT64(1), v);
	PG_RETURN_POINTER(ps);
}

/* keep the n largest of the values seen, in descending order */
static void
top_insert(double *top, int n, int *used, double v)
{
	int			i;

	if (*used == n && v <= top[n - 1])
		return;
	i = (*used < n) ? (*used)++ : n - 1;
	while (i > 0 && top[i - 1] < v)
	{
		top[i] = top[i - 1];
		i--;
	}
	top[i] = v;
}

/*
 * anon_sum_final(internal) returns float8: the sum, or NULL when fewer than
 * k persons contribute, the n largest give more than k percent, or the rest
 * beyond the two largest is less than p percent of the largest.
 */
Datum
anon_sum_final(PG_FUNCTION_ARGS)
{
	PersonSet  *ps = PG_ARGISNULL(0) ? NULL : (PersonSet *) PG_GETARG_POINTER(0);
	int			n = treg_dominance_n;
	int			ntop = Max(n, 2);
	double	   *top;
	int			used = 0;
	double		total = 0.0;
	double		topsum = 0.0;
	uint32		i;

	if (ps == NULL || ps->nitems == 0)
		PG_RETURN_NULL();
	if (ps->nitems < (uint32) treg_min_cell_count)
		PG_RETURN_NULL();

	top = palloc0(sizeof(double) * ntop);
	if (ps->has_sentinel)
	{
		total += ps->sentinel_value;
		top_insert(top, ntop, &used, ps->sentinel_value);
	}
	for (i = 0; i < ps->capacity; i++)
	{
		if (ps->keys[i] == PERSONSET_EMPTY)
			continue;
		total += ps->values[i];
		top_insert(top, ntop, &used, ps->values[i]);
	}
	for (i = 0; i < (uint32) Min(used, n); i++)
		topsum += top[i];

	/* (n,k) rule */
	if (total > 0.0 && topsum > total * (treg_dominance_k / 100.0))
		PG_RETURN_NULL();
	/* p% rule */
	if (total > 0.0 && treg_dominance_p > 0.0 &&
		total - top[0] - top[1] < top[0] * (treg_dominance_p / 100.0))
		PG_RETURN_NULL();
	pfree(top);
	PG_RETURN_FLOAT8(total);
}

/*
 * anon_sum_deserial(bytea, internal) returns internal: inverse of
 * anon_count_serial for a state with per-person sums.
 */
Datum
anon_sum_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	(void) treg_agg_context(fcinfo, "anon_sum_deserial");
	PG_RETURN_POINTER(personset_deserialize(b, true, CurrentMemoryContext));
}
