/*-------------------------------------------------------------------------
 *
 * suppression.c
 *	  treg.suppress(): primary and secondary cell suppression of a
 *	  two-dimensional table with margins (optionally with one level of row
 *	  subtotals).
 *
 * 1. Primary: every cell (margins included) with a count from 1 to k-1,
 *	  k = treg.min_cell_count.  Zeros are published and never suppressed,
 *	  so a reader knows every suppressed cell is at least 1: all widths
 *	  below are computed with that knowledge (SUPPRESSED_FLOOR).
 * 2. Secondary, first pass (hypercube method): for each primary cell, the
 *	  cheapest rectangle of three more cells (siblings in a row group or the
 *	  total, and another column or the total column) along which the cell
 *	  can move by at least the protection width while every cell stays
 *	  non-negative.  Such a rectangle alone proves the protection, and more
 *	  suppression never narrows an interval.  Cost of a cell: 1 + its
 *	  value, nothing when already suppressed, so few and small cells win.
 * 3. Secondary, repair: the exact audit (sdc_lp.c) checks every suppressed
 *	  cell; while one can be narrowed below the protection width, a linear
 *	  program finds the cheapest way to move it by the width through other
 *	  cells (the classical network/LP approach of tau-Argus), and the cells
 *	  it moves are suppressed.  When that adds nothing, the cheapest
 *	  published non-zero cell sharing an equation with it is suppressed.
 *	  This ends: once every non-zero cell is suppressed, scaling the table
 *	  shows every suppressed cell unbounded above.
 *
 * A total missing from the input is not published; it is protected like a
 * suppressed cell when it is from 1 to k-1 (it could otherwise be derived).
 *
 * So the result passes treg.suppression_audit by construction.  Everything
 * depends only on the table (not on the order of the input arrays), so the
 * same table always gives the same published cells.
 *
 * extension/engines/disclosure/suppression.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include "catalog/pg_authid.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(treg_suppress);

#define REASON_NONE 0
#define REASON_PRIMARY 1
#define REASON_SECONDARY 2

/*
 * suppress() never suppresses a zero, so a reader knows every suppressed
 * cell is at least 1: protection is computed under that knowledge.
 */
#define SUPPRESSED_FLOOR 1

/*
 * Sign of a row pair for a rectangle: -1 for two leaves of the same parent,
 * +1 for a leaf and the total row of a table without row groups, 0 when
 * the pair cannot carry a rectangle on its own.
 */
static int
row_pair_sign(SdcTable *t, int a, int b)
{
	if (a == b)
		return 0;
	if (!t->row_has_children[a] && !t->row_has_children[b] &&
		t->row_parent[a] == t->row_parent[b])
		return -1;
	if (!t->grouped &&
		((a == t->total_row && !t->row_has_children[b]) ||
		 (b == t->total_row && !t->row_has_children[a])))
		return 1;
	return 0;
}

/*
 * Sign of a column pair for a rectangle: +1 when one is the total column,
 * else -1; 0 for the same column
 */
static int
col_pair_sign(SdcTable *t, int a, int b)
{
	if (a == b)
		return 0;
	return (a == t->total_col || b == t->total_col) ? 1 : -1;
}

/* Cost of suppressing a cell: 0 when already suppressed, else 1 + its value */
static double
cell_cost(SdcTable *t, int cell)
{
	return t->suppressed[cell] ? 0.0 : 1.0 + (double) t->value[cell];
}

/* May the cell be chosen as a secondary suppression? */
static bool
candidate(SdcTable *t, int cell)
{
	return t->present[cell] && !t->suppressed[cell] && t->value[cell] > 0;
}

/* First pass: protect one primary cell with the cheapest rectangle */
static void
protect_by_rectangle(SdcTable *t, uint8 *reason, int p, int64 width)
{
	int			a = p / t->ncols;
	int			b = p % t->ncols;
	int			a2,
				b2;
	double		best = -1.0;
	int			bc[3] = {-1, -1, -1};

	for (a2 = 0; a2 < t->nrows; a2++)
	{
		int			sr = row_pair_sign(t, a, a2);

		if (sr == 0)
			continue;
		for (b2 = 0; b2 < t->ncols; b2++)
		{
			int			sc = col_pair_sign(t, b, b2);
			int			corner[3];
			int			sign[3];
			int64		up = PG_INT64_MAX;
			int64		down = t->value[p] - SUPPRESSED_FLOOR;
			double		cost = 0.0;
			int			q;

			if (sc == 0)
				continue;
			corner[0] = a2 * t->ncols + b;
			sign[0] = sr;
			corner[1] = a * t->ncols + b2;
			sign[1] = sc;
			corner[2] = a2 * t->ncols + b2;
			sign[2] = sr * sc;
			for (q = 0; q < 3; q++)
			{
				int			cell = corner[q];

				if (!(t->present[cell] || t->hidden[cell]) ||
					(!t->suppressed[cell] && t->value[cell] == 0))
					break;
				if (sign[q] < 0)
					up = Min(up, t->value[cell] - SUPPRESSED_FLOOR);
				else
					down = Min(down, t->value[cell] - SUPPRESSED_FLOOR);
				cost += cell_cost(t, cell);
			}
			if (q < 3)
				continue;
			if (up < width - down)	/* up + down < width, without overflow */
				continue;
			if (best < 0 || cost < best)
			{
				best = cost;
				memcpy(bc, corner, sizeof(bc));
			}
		}
	}
	if (best >= 0)
	{
		int			q;

		for (q = 0; q < 3; q++)
			if (!t->suppressed[bc[q]])
			{
				t->suppressed[bc[q]] = true;
				reason[bc[q]] = REASON_SECONDARY;
			}
	}
}

/*
 * Protect cell f by a cheap perturbation: find a table y that adds up,
 * keeps every published cell that may not be suppressed (zeros, absent
 * cells), keeps every suppressed cell at least SUPPRESSED_FLOOR, has
 * y_f = target, and
 * changes the other published cells as little as possible (weighted by
 * 1 + value: few and small cells).  Every published cell that changes is
 * suppressed.  Published cells may go negative in y, so this is only a
 * guide: the audit loop of suppress_table checks the result and calls
 * again, now with those cells kept non-negative.  Returns false when no
 * cell was added.
 */
static bool
protect_by_perturbation(SdcTable *t, uint8 *reason, int f, int64 target)
{
	int		   *var = palloc(sizeof(int) * t->ncells);
	int			n = 0;
	int			m = t->ncons;
	int			cell,
				k,
				j;
	double	   *A;
	double	   *b;
	double	   *cost;
	double	   *x;
	bool		added = false;

	for (cell = 0; cell < t->ncells; cell++)
	{
		var[cell] = -1;
		if (cell == f)
			continue;
		if (t->suppressed[cell])
			var[cell] = n++;	/* y_c = floor + y'_c, y'_c >= 0 */
		else if (candidate(t, cell))
		{
			var[cell] = n;		/* y_c = x_c + p_c - n_c */
			n += 2;
		}
	}
	if (n == 0)
		return false;
	A = palloc0(sizeof(double) * (size_t) m * n);
	b = palloc0(sizeof(double) * m);
	cost = palloc0(sizeof(double) * n);
	x = palloc(sizeof(double) * n);
	for (cell = 0; cell < t->ncells; cell++)
		if (var[cell] >= 0 && !t->suppressed[cell])
			cost[var[cell]] = cost[var[cell] + 1] = 1.0 + (double) t->value[cell];
	for (k = 0; k < m; k++)
	{
		for (j = t->con_start[k]; j < t->con_start[k + 1]; j++)
		{
			int			c = t->con_cell[j];
			double		coef = t->con_coef[j];

			if (c == f)
				b[k] -= coef * (double) target;
			else if (var[c] < 0)
				b[k] -= coef * (double) t->value[c];
			else if (t->suppressed[c])
			{
				A[(size_t) k * n + var[c]] += coef;
				b[k] -= coef * (double) SUPPRESSED_FLOOR;
			}
			else
			{
				A[(size_t) k * n + var[c]] += coef;
				A[(size_t) k * n + var[c] + 1] -= coef;
				b[k] -= coef * (double) t->value[c];
			}
		}
	}
	if (sdc_lp_minimise(m, n, A, b, cost, x))
	{
		for (cell = 0; cell < t->ncells; cell++)
			if (var[cell] >= 0 && !t->suppressed[cell] &&
				x[var[cell]] + x[var[cell] + 1] > 0.5)
			{
				t->suppressed[cell] = true;
				reason[cell] = REASON_SECONDARY;
				added = true;
			}
	}
	pfree(var);
	pfree(A);
	pfree(b);
	pfree(cost);
	pfree(x);
	return added;
}

/* The cheapest candidate sharing an equation with the cell, or -1 */
static int
cheapest_neighbour(SdcTable *t, int cell)
{
	int			k,
				j;
	int			best = -1;

	for (k = 0; k < t->ncons; k++)
	{
		bool		involved = false;

		for (j = t->con_start[k]; j < t->con_start[k + 1]; j++)
			if (t->con_cell[j] == cell)
				involved = true;
		if (!involved)
			continue;
		for (j = t->con_start[k]; j < t->con_start[k + 1]; j++)
		{
			int			q = t->con_cell[j];

			if (candidate(t, q) &&
				(best < 0 || t->value[q] < t->value[best] ||
				 (t->value[q] == t->value[best] && q < best)))
				best = q;
		}
	}
	return best;
}

/* The cheapest candidate anywhere in the table, or -1 */
static int
cheapest_anywhere(SdcTable *t)
{
	int			q,
				best = -1;

	for (q = 0; q < t->ncells; q++)
		if (candidate(t, q) && (best < 0 || t->value[q] < t->value[best]))
			best = q;
	return best;
}

/*
 * Suppress the table in place; reason[] gets REASON_PRIMARY/SECONDARY.
 */
static void
suppress_table(SdcTable *t, uint8 *reason, int64 k, int64 width)
{
	int			cell;
	MemoryContext roundcxt;
	MemoryContext oldcxt;

	for (cell = 0; cell < t->ncells; cell++)
		if ((t->present[cell] || t->hidden[cell]) &&
			t->value[cell] >= 1 && t->value[cell] < k)
		{
			t->suppressed[cell] = true;
			reason[cell] = REASON_PRIMARY;
		}
	for (cell = 0; cell < t->ncells; cell++)
		if (reason[cell] == REASON_PRIMARY)
			protect_by_rectangle(t, reason, cell, width);

	/* each round's linear programs live in a context reset every round */
	roundcxt = AllocSetContextCreate(CurrentMemoryContext,
									 "treg suppression round",
									 ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(roundcxt);
	for (;;)
	{
		SdcBounds	bounds;
		int			failing = -1;
		int			add;

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(roundcxt);
		sdc_bounds(t, &bounds, (double) width, SUPPRESSED_FLOOR);
		for (cell = 0; cell < t->ncells; cell++)
			if (t->suppressed[cell] &&
				(!t->hidden[cell] || reason[cell] == REASON_PRIMARY) &&
				bounds.high_finite[cell] &&
				bounds.high[cell] - bounds.low[cell] < (double) width - 0.5)
			{
				failing = cell;
				break;
			}
		if (failing < 0)
			break;

		/* move the cell up by the width, or down, or both ways */
		{
			int64		v = t->value[failing];
			bool		added;

			if (protect_by_perturbation(t, reason, failing, v + width))
				continue;
			if (v - width >= SUPPRESSED_FLOOR &&
				protect_by_perturbation(t, reason, failing, v - width))
				continue;
			added = protect_by_perturbation(t, reason, failing,
											SUPPRESSED_FLOOR);
			if (v > SUPPRESSED_FLOOR)
				added |= protect_by_perturbation(t, reason, failing,
												 v + width - (v - SUPPRESSED_FLOOR));
			if (added)
				continue;
		}

		add = cheapest_neighbour(t, failing);
		if (add < 0)
			add = cheapest_anywhere(t);
		if (add < 0)
			elog(ERROR, "suppression cannot protect the table");
		t->suppressed[add] = true;
		reason[add] = REASON_SECONDARY;
	}
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(roundcxt);
}

/*
 * May the current user see why a cell is suppressed?  Superusers and
 * members of treg_writer (who read the raw rows anyway) may.  The current
 * user is checked, not the view owner: functions in a view run with the
 * rights of the user querying the view.
 */
static bool
reason_visible(void)
{
	Oid			writer;

	if (superuser())
		return true;
	writer = get_role_oid("treg_writer", true);
	return OidIsValid(writer) && has_privs_of_role(GetUserId(), writer);
}

/*
 * treg.suppress(row_keys text[], col_keys text[], counts int8[],
 *				 row_groups text[] DEFAULT NULL,
 *				 protection_width int4 DEFAULT NULL)
 * returns SETOF (row_group text, row_key text, col_key text, value int8,
 *				  reason text)
 *
 * The published table: every input cell with its count, or NULL when
 * suppressed; reason 'primary' or 'secondary' for privileged users only.
 */
Datum
treg_suppress(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	SdcTable   *t;
	uint8	   *reason;
	int64		k = treg_min_cell_count;
	int64		width;
	bool		show_reason;
	int			cell;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("row_keys, col_keys and counts must not be NULL"),
				 errdetail("The three arrays describe the cells of the table.")));
	width = PG_ARGISNULL(4) ? k : PG_GETARG_INT32(4);
	if (width < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("protection width must be at least 1: " INT64_FORMAT, width),
				 errdetail("The protection width is the narrowest interval a reader may derive for a suppressed cell."),
				 errhint("Pass NULL to use treg.min_cell_count.")));

	tupdesc = treg_srf_begin(fcinfo);
	t = sdc_table_from_args(fcinfo, false);
	sdc_table_check_additivity(t, true);
	reason = palloc0(t->ncells);
	suppress_table(t, reason, k, width);
	show_reason = reason_visible();

	for (cell = 0; cell < t->ncells; cell++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		if (!t->present[cell])
			continue;
		sdc_cell_keys(t, cell, values, nulls);
		nulls[3] = t->suppressed[cell];
		values[3] = Int64GetDatum(t->value[cell]);
		nulls[4] = !show_reason || reason[cell] == REASON_NONE;
		if (!nulls[4])
			values[4] = CStringGetTextDatum(reason[cell] == REASON_PRIMARY ?
											"primary" : "secondary");
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
	}
	return (Datum) 0;
}
