/*-------------------------------------------------------------------------
 *
 * treg_common.c
 *	  Helpers shared by every layer: aggregate memory contexts,
 *	  format-version checks, materialised set-returning functions and ISO
 *	  date text.
 *
 * extension/common/treg_common.c
 *
 *-------------------------------------------------------------------------
 */
#include "common/treg_common.h"

#include "datatype/timestamp.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/tuplestore.h"

MemoryContext
treg_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext cxt;

	if (!AggCheckCallContext(fcinfo, &cxt))
		elog(ERROR, "%s called in non-aggregate context", fname);
	return cxt;
}

void
treg_check_format_version(int found, int expected, const char *what)
{
	if (found != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported %s format version %d", what, found),
				 errdetail("This version of treg reads format version %d.",
						   expected)));
}

TupleDesc
treg_srf_begin(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc = (TupleDesc) fcinfo->flinfo->fn_extra;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));

	/*
	 * The result descriptor is looked up once per query (catalog lookups
	 * would otherwise dominate a call on a short input).
	 */
	if (tupdesc == NULL)
	{
		TupleDesc	td;

		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		tupdesc = BlessTupleDesc(CreateTupleDescCopy(td));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = tupdesc;
	}
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rsinfo->setResult =
		tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
							  false, work_mem);
	MemoryContextSwitchTo(old);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setDesc = NULL;		/* the caller's expected descriptor is ours */
	return tupdesc;
}

char *
treg_date_str(int32 d)
{
	int			y,
				m,
				day;

	if (d == DATEVAL_NOBEGIN)
		return pstrdup("-infinity");
	if (d == DATEVAL_NOEND)
		return pstrdup("infinity");
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	if (y > 0)
		return psprintf("%04d-%02d-%02d", y, m, day);
	return psprintf("%04d-%02d-%02d BC", -(y - 1), m, day);
}
