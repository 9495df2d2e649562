/*-------------------------------------------------------------------------
 *
 * sdc_lp.c
 *	  Exact bounds of suppressed cells: a small dense simplex method.
 *
 * Unknowns are the suppressed cells, x >= floor (0, or 1 when the reader
 * knows that zeros are never suppressed; shifted to x' = x - floor >= 0).  Each additivity constraint
 * of the table (sdc_table.c) that involves an unknown becomes an equation
 * over the unknowns whose right-hand side comes from the published cells.
 * Phase 1 (artificial variables) finds a feasible table or proves that the
 * published numbers are inconsistent; artificials left in the basis at
 * level zero are pivoted out, or their row is dropped as redundant.  Then,
 * for each unknown, two phase-2 runs from the previous optimal basis give
 * its maximum and its minimum.
 *
 * Exactness.  The constraint matrix of a two-dimensional table with
 * margins, also with one level of row subtotals, is a network matrix and so
 * totally unimodular: every vertex of the feasible polyhedron is integral.
 * The linear-programming bounds are then attained by non-negative integer
 * tables, i.e. they are exactly the bounds a reader can derive knowing
 * that counts are non-negative integers.  For the same reason every
 * tableau entry stays in {-1, 0, 1} and every basic solution is integral,
 * so double arithmetic is exact here (values below 2^53).
 *
 * Pivoting: Dantzig's rule, switching to Bland's rule (which cannot cycle)
 * after a run of degenerate pivots.
 *
 * extension/engines/disclosure/sdc_lp.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include <math.h>

#include "miscadmin.h"

#define LP_EPS 1e-9
#define LP_DEGENERATE_RUN 20

typedef struct Lp
{
	int			m;				/* constraint rows */
	int			w;				/* columns, without the right-hand side */
	int			stride;			/* w + 1 */
	double	   *T;				/* (m + 1) x stride; row m: reduced costs */
	int		   *basis;			/* basic column of each row */
	int		   *basic_row;		/* row of each basic column, or -1 */
	int			nallowed;		/* only columns < nallowed may enter */
} Lp;

#define TAB(lp, i, j) ((lp)->T[(size_t) (i) * (lp)->stride + (j)])

/* Pivot on row r and column j: column j enters the basis in row r */
static void
lp_pivot(Lp *lp, int r, int j)
{
	double	   *rowr = &TAB(lp, r, 0);
	double		piv = rowr[j];
	int			i,
				k;

	for (k = 0; k < lp->stride; k++)
		rowr[k] /= piv;
	rowr[j] = 1.0;
	for (i = 0; i <= lp->m; i++)
	{
		double	   *rowi;
		double		f;

		if (i == r)
			continue;
		rowi = &TAB(lp, i, 0);
		f = rowi[j];
		if (f == 0.0)
			continue;
		for (k = 0; k < lp->stride; k++)
		{
			if (rowr[k] != 0.0)
			{
				double		v = rowi[k] - f * rowr[k];

				rowi[k] = (fabs(v) < LP_EPS) ? 0.0 : v;
			}
		}
		rowi[j] = 0.0;
	}
	lp->basic_row[lp->basis[r]] = -1;
	lp->basis[r] = j;
	lp->basic_row[j] = r;
}

/*
 * Set the reduced-cost row for maximising sum(c[j] * x[j]) given as sparse
 * (index, coefficient) pairs.
 */
static void
lp_set_objective(Lp *lp, const int *idx, const double *coef, int nc)
{
	double	   *z = &TAB(lp, lp->m, 0);
	int			a,
				k;

	memset(z, 0, sizeof(double) * lp->stride);
	for (a = 0; a < nc; a++)
	{
		int			r = lp->basic_row[idx[a]];

		if (r < 0)
			z[idx[a]] += coef[a];
		else
		{
			double	   *row = &TAB(lp, r, 0);

			for (k = 0; k < lp->w; k++)
				if (row[k] != 0.0 && lp->basic_row[k] < 0)
					z[k] -= coef[a] * row[k];
			/* the rhs entry (minus the objective value) is not used */
		}
	}
}

/* Maximise the current objective; false when unbounded */
static bool
lp_optimise(Lp *lp)
{
	int			degenerate = 0;
	long		iter;

	for (iter = 0;; iter++)
	{
		double	   *z = &TAB(lp, lp->m, 0);
		int			j,
					enter = -1,
					leave = -1;
		double		best = LP_EPS;
		double		ratio = 0.0;
		int			i;

		if (iter > 10000000)
			elog(ERROR, "simplex method did not terminate");
		CHECK_FOR_INTERRUPTS();
		for (j = 0; j < lp->nallowed; j++)
		{
			if (z[j] > best && lp->basic_row[j] < 0)
			{
				enter = j;
				if (degenerate >= LP_DEGENERATE_RUN)
					break;		/* Bland: first improving column */
				best = z[j];
			}
		}
		if (enter < 0)
			return true;
		for (i = 0; i < lp->m; i++)
		{
			double		a = TAB(lp, i, enter);

			if (a > LP_EPS)
			{
				double		q = TAB(lp, i, lp->w) / a;

				if (leave < 0 || q < ratio - LP_EPS ||
					(q < ratio + LP_EPS && lp->basis[i] < lp->basis[leave]))
				{
					leave = i;
					ratio = q;
				}
			}
		}
		if (leave < 0)
			return false;
		degenerate = (ratio < LP_EPS) ? degenerate + 1 : 0;
		lp_pivot(lp, leave, enter);
	}
}

/* Value of column j in the current basic solution */
static double
lp_value(Lp *lp, int j)
{
	int			r = lp->basic_row[j];

	return r < 0 ? 0.0 : TAB(lp, r, lp->w);
}

/*
 * The phase-1 tableau of A x = b: one artificial column per row (signs
 * flipped on rows with b < 0), the artificials basic.
 */
static void
lp_phase1_tableau(Lp *lp, int m, int n, const double *A, const double *b)
{
	int			i,
				j;

	lp->m = m;
	lp->w = n + m;
	lp->stride = lp->w + 1;
	lp->T = palloc0(sizeof(double) * (size_t) (m + 1) * lp->stride);
	lp->basis = palloc(sizeof(int) * Max(m, 1));
	lp->basic_row = palloc(sizeof(int) * lp->w);
	lp->nallowed = n;
	for (j = 0; j < lp->w; j++)
		lp->basic_row[j] = -1;
	for (i = 0; i < m; i++)
	{
		double		sign = (b[i] < 0) ? -1.0 : 1.0;

		for (j = 0; j < n; j++)
			TAB(lp, i, j) = sign * A[(size_t) i * n + j];
		TAB(lp, i, lp->w) = sign * b[i];
		TAB(lp, i, n + i) = 1.0;
		lp->basis[i] = n + i;
		lp->basic_row[n + i] = i;
	}
}

/*
 * After a feasible phase 1 on lp (n real columns): drive the artificials
 * out of the basis and copy the tableau without artificial columns and
 * without the redundant rows (those whose artificial stayed basic) to out.
 */
static void
lp_drop_artificials(Lp *lp, int n, Lp *out)
{
	int			m = lp->m;
	int			i,
				j,
				keep = 0;

	for (i = 0; i < m; i++)
	{
		if (lp->basis[i] < n)
			continue;
		for (j = 0; j < n; j++)
			if (fabs(TAB(lp, i, j)) > LP_EPS && lp->basic_row[j] < 0)
				break;
		if (j < n)
			lp_pivot(lp, i, j);
	}
	out->w = n;
	out->stride = n + 1;
	out->T = palloc0(sizeof(double) * (size_t) (m + 1) * out->stride);
	out->basis = palloc(sizeof(int) * Max(m, 1));
	out->basic_row = palloc(sizeof(int) * Max(n, 1));
	out->nallowed = n;
	for (j = 0; j < n; j++)
		out->basic_row[j] = -1;
	for (i = 0; i < m; i++)
	{
		if (lp->basis[i] >= n)
			continue;			/* redundant row */
		memcpy(&TAB(out, keep, 0), &TAB(lp, i, 0), sizeof(double) * n);
		TAB(out, keep, n) = TAB(lp, i, lp->w);
		out->basis[keep] = lp->basis[i];
		out->basic_row[lp->basis[i]] = keep;
		keep++;
	}
	out->m = keep;
}

/*
 * Phase 1: find a basic feasible solution of A x = b, x >= 0 (A dense,
 * m x n, row-major; b >= 0 not required).  On success, *out holds the
 * tableau without artificial columns and redundant rows.  Returns false
 * when the system has no non-negative solution.
 */
static bool
lp_start(Lp *out, int m, int n, const double *A, const double *b)
{
	Lp			lp;
	int		   *idx;
	double	   *coef;
	double		infeas;
	int			i;

	lp_phase1_tableau(&lp, m, n, A, b);

	/* maximise minus the sum of the artificials */
	idx = palloc(sizeof(int) * Max(m, 1));
	coef = palloc(sizeof(double) * Max(m, 1));
	for (i = 0; i < m; i++)
	{
		idx[i] = n + i;
		coef[i] = -1.0;
	}
	lp_set_objective(&lp, idx, coef, m);
	(void) lp_optimise(&lp);
	infeas = 0.0;
	for (i = 0; i < m; i++)
		if (lp.basis[i] >= n)
			infeas += TAB(&lp, i, lp.w);
	pfree(idx);
	pfree(coef);
	if (infeas > 1e-6)
	{
		pfree(lp.T);
		return false;
	}
	lp_drop_artificials(&lp, n, out);
	pfree(lp.T);
	pfree(lp.basis);
	pfree(lp.basic_row);
	return true;
}

bool
sdc_lp_minimise(int m, int n, const double *A, const double *b,
				const double *cost, double *x)
{
	Lp			lp;
	int		   *idx;
	double	   *coef;
	int			j;

	if (!lp_start(&lp, m, n, A, b))
		return false;
	idx = palloc(sizeof(int) * n);
	coef = palloc(sizeof(double) * n);
	for (j = 0; j < n; j++)
	{
		idx[j] = j;
		coef[j] = -cost[j];
	}
	lp_set_objective(&lp, idx, coef, n);
	if (!lp_optimise(&lp))
		elog(ERROR, "minimum of a non-negative cost is unbounded");
	for (j = 0; j < n; j++)
		x[j] = lp_value(&lp, j);
	pfree(idx);
	pfree(coef);
	pfree(lp.T);
	return true;
}

/*
 * The least value the reader knows a hidden cell has.  A suppressed cell is
 * at least floor (zeros are never suppressed), but a total that is simply
 * missing from the input (hidden) was not chosen by suppression and may be
 * zero.
 */
static int64
cell_floor(const SdcTable *t, int cell, int64 floor)
{
	return t->hidden[cell] ? 0 : floor;
}

/*
 * The unknowns of sdc_bounds and what is seen of them: the range of each
 * over the optimal tables met so far.
 */
typedef struct SdcUnknowns
{
	int			n;				/* unknowns (suppressed cells) */
	int		   *var_of_cell;	/* per cell: its unknown, or -1 */
	int		   *cell_of_var;	/* per unknown: its cell */
	double	   *seen_lo;		/* per unknown: least value seen */
	double	   *seen_hi;		/* per unknown: greatest value seen */
} SdcUnknowns;

/* Number the suppressed cells of t as the unknowns 0 .. n-1 */
static void
sdc_number_unknowns(const SdcTable *t, SdcUnknowns *u)
{
	int			i;

	u->var_of_cell = palloc(sizeof(int) * t->ncells);
	u->cell_of_var = palloc(sizeof(int) * t->ncells);
	u->n = 0;
	for (i = 0; i < t->ncells; i++)
	{
		u->var_of_cell[i] = -1;
		if (t->suppressed[i])
		{
			u->var_of_cell[i] = u->n;
			u->cell_of_var[u->n++] = i;
		}
	}
}

/*
 * The equations over the unknowns (shifted by their floors): the
 * constraints of t that involve an unknown, with the published cells moved
 * to the right-hand side.  Starts the simplex method on them; a published
 * table that no non-negative table matches is an error.
 */
static void
sdc_start_equations(const SdcTable *t, const SdcUnknowns *u, int64 floor,
					Lp *lp)
{
	int			n = u->n;
	int			m = 0;
	double	   *A = palloc0(sizeof(double) * (size_t) t->ncons * n);
	double	   *b = palloc0(sizeof(double) * t->ncons);
	int			k,
				j;

	for (k = 0; k < t->ncons; k++)
	{
		bool		any = false;

		for (j = t->con_start[k]; j < t->con_start[k + 1]; j++)
		{
			int			cell = t->con_cell[j];

			if (t->suppressed[cell])
			{
				/* x = floor + x', x' >= 0 */
				A[(size_t) m * n + u->var_of_cell[cell]] += t->con_coef[j];
				b[m] -= t->con_coef[j] * (double) cell_floor(t, cell, floor);
				any = true;
			}
			else
				b[m] -= t->con_coef[j] * (double) t->value[cell];
		}
		if (any)
			m++;
		else
			b[m] = 0.0;
	}
	if (!lp_start(lp, m, n, A, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("published table is inconsistent"),
				 errdetail("No table of non-negative counts has the published values and adds up."),
				 errhint("Check the published totals.")));
	pfree(A);
	pfree(b);
}

/* Widen the seen ranges of the unknowns by the current optimal table */
static void
sdc_note_seen(Lp *lp, SdcUnknowns *u)
{
	int			w;

	for (w = 0; w < u->n; w++)
	{
		double		x = lp_value(lp, w);

		u->seen_lo[w] = Min(u->seen_lo[w], x);
		u->seen_hi[w] = Max(u->seen_hi[w], x);
	}
}

/*
 * The bounds of unknown v (without its floor): its maximum, then its
 * minimum.  With only_below >= 0, an unknown whose seen range already
 * reaches only_below keeps that range, and an unbounded one its seen
 * minimum.
 */
static void
sdc_bound_one(Lp *lp, SdcUnknowns *u, int v, double only_below,
			  SdcBounds *out)
{
	int			cell = u->cell_of_var[v];
	double		one = 1.0;
	double		minus = -1.0;
	double		hi,
				lo;
	bool		bounded;

	if (only_below >= 0 && u->seen_hi[v] - u->seen_lo[v] >= only_below)
	{
		out->low[cell] = u->seen_lo[v];
		out->high[cell] = u->seen_hi[v];
		out->high_finite[cell] = true;
		return;
	}
	lp_set_objective(lp, &v, &one, 1);
	bounded = lp_optimise(lp);
	hi = lp_value(lp, v);
	if (bounded)
		sdc_note_seen(lp, u);
	else if (only_below >= 0)
	{
		out->low[cell] = u->seen_lo[v];
		out->high_finite[cell] = false;
		return;
	}
	lp_set_objective(lp, &v, &minus, 1);
	if (!lp_optimise(lp))
		elog(ERROR, "minimum of a non-negative cell is unbounded");
	lo = lp_value(lp, v);
	sdc_note_seen(lp, u);
	out->low[cell] = lo;
	out->high[cell] = hi;
	out->high_finite[cell] = bounded;
}

void
sdc_bounds(SdcTable *t, SdcBounds *out, double only_below, int64 floor)
{
	SdcUnknowns u;
	Lp			lp;
	int			v;

	out->low = palloc0(sizeof(double) * t->ncells);
	out->high = palloc0(sizeof(double) * t->ncells);
	out->high_finite = palloc0(sizeof(bool) * t->ncells);

	sdc_table_check_additivity(t, false);
	sdc_number_unknowns(t, &u);
	if (u.n == 0)
		return;
	sdc_start_equations(t, &u, floor, &lp);

	u.seen_lo = palloc(sizeof(double) * u.n);
	u.seen_hi = palloc(sizeof(double) * u.n);
	for (v = 0; v < u.n; v++)
		u.seen_lo[v] = u.seen_hi[v] = lp_value(&lp, v);
	for (v = 0; v < u.n; v++)
		sdc_bound_one(&lp, &u, v, only_below, out);

	/* back from x' to x */
	for (v = 0; v < u.n; v++)
	{
		int			cell = u.cell_of_var[v];

		out->low[cell] += cell_floor(t, cell, floor);
		out->high[cell] += cell_floor(t, cell, floor);
	}
	pfree(lp.T);
}
