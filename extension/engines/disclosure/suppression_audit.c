/*-------------------------------------------------------------------------
 *
 * suppression_audit.c
 *	  treg.suppression_audit(): for each suppressed cell of a published
 *	  table, the exact lowest and highest value consistent with every
 *	  published number, additivity and non-negative integer counts.
 *
 * The bounds come from the simplex method of sdc_lp.c, which is exact for
 * the table shapes accepted here (two dimensions with margins, optionally
 * one level of row subtotals: totally unimodular constraints).
 *
 * extension/engines/disclosure/suppression_audit.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include <math.h>

#include "funcapi.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(treg_suppression_audit);

/*
 * treg.suppression_audit(row_keys text[], col_keys text[], published int8[],
 *						  row_groups text[] DEFAULT NULL,
 *						  suppressed_nonzero bool DEFAULT false)
 * returns SETOF (row_group text, row_key text, col_key text, low int8,
 *				  high int8)
 *
 * A NULL in published marks a suppressed cell.  high is NULL when the cell
 * is unbounded above.  With suppressed_nonzero, every suppressed cell is
 * taken to be at least 1, as a reader of a treg.suppress() table may
 * assume (it never suppresses a zero).
 */
Datum
treg_suppression_audit(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	SdcTable   *t;
	SdcBounds	bounds;
	int			cell;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("row_keys, col_keys, published and suppressed_nonzero must not be NULL"),
				 errdetail("The arrays describe the cells of the published table, and suppressed_nonzero must be true or false.")));

	tupdesc = treg_srf_begin(fcinfo);
	t = sdc_table_from_args(fcinfo, true);
	sdc_bounds(t, &bounds, -1.0, PG_GETARG_BOOL(4) ? 1 : 0);

	for (cell = 0; cell < t->ncells; cell++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		if (!t->present[cell] || !t->suppressed[cell])
			continue;
		sdc_cell_keys(t, cell, values, nulls);
		values[3] = Int64GetDatum((int64) ceil(bounds.low[cell] - 1e-6));
		nulls[4] = !bounds.high_finite[cell];
		values[4] = Int64GetDatum((int64) floor(bounds.high[cell] + 1e-6));
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
	}
	return (Datum) 0;
}
