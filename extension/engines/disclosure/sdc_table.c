/*-------------------------------------------------------------------------
 *
 * sdc_table.c
 *	  Build the table structure used by secondary suppression and by the
 *	  suppression audit from the SQL arrays describing its cells.
 *
 * A cell is given by (row_group, row_key, col_key) and a value.  A NULL key
 * stands for a total over that dimension, as GROUPING SETS, ROLLUP and CUBE
 * write it:
 *
 *	 col_key NULL				the row's total over the columns
 *	 row_key NULL, no groups	the column's total over the rows
 *	 row_group g, row_key NULL	the subtotal of row group g
 *	 both NULL					the grand total
 *
 * Rows are ordered by (group, key) in byte order with NULL last, so that
 * the leaf rows of a group come first, then its subtotal, and the grand
 * total row last; columns likewise with the total column last.  This order
 * makes every result independent of the order of the input arrays.
 *
 * A table whose cells all have a NULL col_key is one-dimensional: a list
 * of counts and their total (with row groups: and subtotals).
 *
 * An inner combination missing from the input is a known zero (GROUP BY
 * produces no row for an empty group): it is part of the additivity
 * constraints but is not published as a cell.  A total missing from the
 * input (GROUPING SETS without it) is "hidden": not published, so an
 * unknown for the reader; its true value, where needed, is the sum of its
 * parts.
 *
 * extension/engines/disclosure/sdc_table.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

/* largest table (rows x columns, margins included): bounds the dense LPs */
#define SDC_MAX_CELLS 20000

typedef struct RowId
{
	char	   *group;
	char	   *key;
} RowId;

/* Byte order of two labels, NULL (a total) last */
static int
cmp_nullable(const char *a, const char *b)
{
	if (a == NULL)
		return b == NULL ? 0 : 1;
	if (b == NULL)
		return -1;
	return strcmp(a, b);
}

/* qsort comparator of rows: by group, then key */
static int
cmp_rowid(const void *pa, const void *pb)
{
	const RowId *a = pa;
	const RowId *b = pb;
	int			c = cmp_nullable(a->group, b->group);

	return c != 0 ? c : cmp_nullable(a->key, b->key);
}

/* qsort comparator of column labels */
static int
cmp_str(const void *pa, const void *pb)
{
	return cmp_nullable(*(char *const *) pa, *(char *const *) pb);
}

/* Deconstruct a one-dimensional text[] into C strings (NULL kept) */
static char **
text_array_strings(ArrayType *a, const char *argname, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;
	int			i;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname),
				 errdetail("The array has %d dimensions.", ARR_NDIM(a))));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * Max(*n, 1));
	for (i = 0; i < *n; i++)
		out[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	return out;
}

/* Index of the row (group, key) in the sorted rows */
static int
row_index(SdcTable *t, RowId *rows, const char *group, const char *key)
{
	RowId		probe;
	RowId	   *hit;

	probe.group = (char *) group;
	probe.key = (char *) key;
	hit = bsearch(&probe, rows, t->nrows, sizeof(RowId), cmp_rowid);
	Assert(hit != NULL);
	return hit - rows;
}

/* Index of the column key in the sorted columns */
static int
col_index(SdcTable *t, const char *key)
{
	char	  **hit = bsearch(&key, t->col_key, t->ncols, sizeof(char *), cmp_str);

	Assert(hit != NULL);
	return hit - t->col_key;
}

/* Describe a cell for error messages */
static char *
cell_name(SdcTable *t, int r, int c)
{
	const char *g = t->row_group[r];
	const char *k = t->row_key[r];
	const char *ck = t->col_key[c];

	if (t->grouped)
		return psprintf("(row_group %s, row %s, column %s)",
						g ? quote_literal_cstr(g) : "total",
						k ? quote_literal_cstr(k) : (g ? "subtotal" : "total"),
						ck ? quote_literal_cstr(ck) : "total");
	return psprintf("(row %s, column %s)",
					k ? quote_literal_cstr(k) : "total",
					ck ? quote_literal_cstr(ck) : "total");
}

/* The argument arrays of sdc_table_build, deconstructed */
typedef struct SdcInput
{
	int			n;				/* cells */
	char	  **rk;				/* row keys */
	char	  **ck;				/* column keys */
	char	  **rg;				/* row groups, or NULL without groups */
	Datum	   *velems;			/* values */
	bool	   *vnulls;
} SdcInput;

/*
 * Phase 1 of sdc_table_build: deconstruct the argument arrays and check
 * that they are one-dimensional, of one length and not empty.
 */
static void
sdc_read_input(SdcInput *in, ArrayType *row_keys, ArrayType *col_keys,
			   ArrayType *values, ArrayType *row_groups)
{
	int			ncol_in,
				nval,
				ngrp = 0;

	in->rk = text_array_strings(row_keys, "row_keys", &in->n);
	in->ck = text_array_strings(col_keys, "col_keys", &ncol_in);
	if (ARR_NDIM(values) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("values must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(values))));
	deconstruct_array(values, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &in->velems, &in->vnulls, &nval);
	in->rg = NULL;
	if (row_groups != NULL)
		in->rg = text_array_strings(row_groups, "row_groups", &ngrp);
	if (ncol_in != in->n || nval != in->n || (in->rg != NULL && ngrp != in->n))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cell arrays must have the same length"),
				 errdetail("row_keys has %d elements, col_keys %d, values %d%s.",
						   in->n, ncol_in, nval,
						   in->rg ? psprintf(", row_groups %d", ngrp) : ""),
				 errhint("Pass one element per cell in every array.")));
	if (in->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("table has no cells"),
				 errdetail("At least the grand total cell is needed."),
				 errhint("Build the table with GROUP BY CUBE or ROLLUP so that it includes its totals.")));
}

/* Check the row group and the value of input cell i */
static void
sdc_check_cell(const SdcInput *in, int i, bool values_may_be_null)
{
	char	   *g = in->rg ? in->rg[i] : NULL;

	if (in->rg != NULL && g == NULL && in->rk[i] != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("row %s has no row group", quote_literal_cstr(in->rk[i])),
				 errdetail("With row_groups, a cell with a row key must name its group; a NULL group stands for the grand total."),
				 errhint("Use GROUP BY ROLLUP(row_group, row_key) for the rows.")));
	if (in->vnulls[i] && !values_may_be_null)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cell value must not be NULL"),
				 errdetail("Cell %d has no value.", i + 1),
				 errhint("Pass the true counts; suppression decides what is published.")));
	if (!in->vnulls[i] && DatumGetInt64(in->velems[i]) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell value must not be negative: " INT64_FORMAT,
						DatumGetInt64(in->velems[i])),
				 errdetail("Cell %d is negative; tables hold counts of persons.", i + 1)));
}

/*
 * Phase 2: the rows, sorted and distinct: every (group, key) seen, plus
 * each group's subtotal and the grand total.  Checks each cell on the way.
 */
static RowId *
sdc_collect_rows(const SdcInput *in, bool values_may_be_null, int *nrows_out)
{
	RowId	   *rows = palloc(sizeof(RowId) * (2 * in->n + 1));
	int			nrows = 0;
	int			i,
				r;

	for (i = 0; i < in->n; i++)
	{
		char	   *g = in->rg ? in->rg[i] : NULL;

		sdc_check_cell(in, i, values_may_be_null);
		rows[nrows].group = g;
		rows[nrows].key = in->rk[i];
		nrows++;
		if (g != NULL)
		{
			rows[nrows].group = g;
			rows[nrows].key = NULL;
			nrows++;
		}
	}
	rows[nrows].group = NULL;
	rows[nrows].key = NULL;
	nrows++;
	qsort(rows, nrows, sizeof(RowId), cmp_rowid);
	for (i = 1, r = 1; i < nrows; i++)
		if (cmp_rowid(&rows[i], &rows[r - 1]) != 0)
			rows[r++] = rows[i];
	*nrows_out = r;
	return rows;
}

/* Phase 3: the columns, sorted and distinct: every key seen plus the total */
static char **
sdc_collect_cols(const SdcInput *in, int *ncols_out)
{
	char	  **cols = palloc(sizeof(char *) * (in->n + 1));
	int			i,
				c;

	memcpy(cols, in->ck, sizeof(char *) * in->n);
	cols[in->n] = NULL;
	qsort(cols, in->n + 1, sizeof(char *), cmp_str);
	for (i = 1, c = 1; i < in->n + 1; i++)
		if (cmp_nullable(cols[i], cols[c - 1]) != 0)
			cols[c++] = cols[i];
	*ncols_out = c;
	return cols;
}

/*
 * Phase 4: the shape of the table: its size limit, row and column labels,
 * and each row's parent (a group's subtotal, else the total row).
 */
static void
sdc_set_shape(SdcTable *t, RowId *rows, int nrows, char **cols, int ncols)
{
	int			r;

	if ((int64) nrows * ncols > SDC_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("table is too large for suppression: %d x %d cells",
						nrows, ncols),
				 errdetail("Suppression and its audit handle at most %d cells, margins included.",
						   SDC_MAX_CELLS),
				 errhint("Publish smaller tables, or split the rows into several tables.")));
	t->nrows = nrows;
	t->ncols = ncols;
	t->col_key = cols;
	t->row_group = palloc(sizeof(char *) * nrows);
	t->row_key = palloc(sizeof(char *) * nrows);
	t->row_parent = palloc(sizeof(int) * nrows);
	t->row_has_children = palloc0(sizeof(bool) * nrows);
	for (r = 0; r < nrows; r++)
	{
		t->row_group[r] = rows[r].group;
		t->row_key[r] = rows[r].key;
	}
	t->total_row = nrows - 1;
	t->total_col = ncols - 1;
	for (r = 0; r < nrows; r++)
	{
		if (r == t->total_row)
			t->row_parent[r] = -1;
		else if (rows[r].key == NULL || !t->grouped)
			t->row_parent[r] = t->total_row;
		else
			t->row_parent[r] = row_index(t, rows, rows[r].group, NULL);
		if (t->row_parent[r] >= 0)
			t->row_has_children[t->row_parent[r]] = true;
	}
}

/* Phase 5: place each input cell; a cell given twice is an error */
static void
sdc_place_cells(SdcTable *t, RowId *rows, const SdcInput *in)
{
	int			i;

	t->ncells = t->nrows * t->ncols;
	t->present = palloc0(sizeof(bool) * t->ncells);
	t->suppressed = palloc0(sizeof(bool) * t->ncells);
	t->value = palloc0(sizeof(int64) * t->ncells);
	t->input_index = palloc(sizeof(int) * t->ncells);
	for (i = 0; i < t->ncells; i++)
		t->input_index[i] = -1;
	for (i = 0; i < in->n; i++)
	{
		char	   *g = in->rg ? in->rg[i] : NULL;
		int			r = row_index(t, rows, g, in->rk[i]);
		int			c = col_index(t, in->ck[i]);
		int			cell = r * t->ncols + c;

		if (t->present[cell])
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("duplicate cell %s", cell_name(t, r, c)),
					 errdetail("Elements %d and %d describe the same cell.",
							   t->input_index[cell] + 1, i + 1),
					 errhint("A NULL key stands for a total; replace NULLs in the data by a label such as 'unknown'.")));
		t->present[cell] = true;
		t->input_index[cell] = i;
		if (in->vnulls[i])
			t->suppressed[cell] = true;
		else
			t->value[cell] = DatumGetInt64(in->velems[i]);
	}
}

/* The sum of the leaf columns of row r */
static int64
sdc_row_leaf_sum(const SdcTable *t, int r)
{
	int64		sum = 0;
	int			q;

	for (q = 0; q < t->ncols; q++)
		if (q != t->total_col)
			sum += t->value[r * t->ncols + q];
	return sum;
}

/*
 * Phase 6: totals missing from the input are hidden unknowns; their true
 * value is the sum of their parts.  Rows come after their children, so one
 * pass in row order fills subtotals before totals.
 */
static void
sdc_fill_hidden(SdcTable *t)
{
	int			nrows = t->nrows;
	int			ncols = t->ncols;
	int			r,
				c;

	t->hidden = palloc0(sizeof(bool) * t->ncells);
	for (r = 0; r < nrows; r++)
	{
		for (c = 0; c < ncols; c++)
		{
			int			cell = r * ncols + c;
			bool		col_margin = (c == t->total_col && ncols > 1);
			int64		sum = 0;
			int			q;

			if (t->present[cell] || (!t->row_has_children[r] && !col_margin))
				continue;
			t->hidden[cell] = true;
			t->suppressed[cell] = true;
			if (t->row_has_children[r] && !col_margin)
			{
				for (q = 0; q < nrows; q++)
					if (t->row_parent[q] == r)
						sum += t->value[q * ncols + c];
			}
			else if (!t->row_has_children[r])
				sum = sdc_row_leaf_sum(t, r);
			else
				continue;		/* total of a row with children: below */
			t->value[cell] = sum;
		}
		/* the total column of a row with children, from its own columns */
		if (t->row_has_children[r] && ncols > 1 &&
			t->hidden[r * ncols + t->total_col])
			t->value[r * ncols + t->total_col] = sdc_row_leaf_sum(t, r);
	}
}

/*
 * Phase 7: the additivity constraints.  Each row: its leaf cells minus its
 * total cell.  Each column and each row with children: the children minus
 * the parent.
 */
static void
sdc_build_constraints(SdcTable *t)
{
	int			nrows = t->nrows;
	int			ncols = t->ncols;
	int			ncon = (ncols > 1) ? nrows : 0;
	int			nterm = (ncols > 1) ? nrows * ncols : 0;
	int			r,
				c,
				q;

	for (r = 0; r < nrows; r++)
	{
		if (t->row_has_children[r])
		{
			ncon += ncols;
			nterm += ncols;
		}
		if (t->row_parent[r] >= 0)
			nterm += ncols;
	}
	t->con_start = palloc(sizeof(int) * (ncon + 1));
	t->con_cell = palloc(sizeof(int) * nterm);
	t->con_coef = palloc(sizeof(int8) * nterm);
	t->ncons = 0;
	nterm = 0;
	for (r = 0; r < nrows && ncols > 1; r++)
	{
		t->con_start[t->ncons++] = nterm;
		for (c = 0; c < ncols; c++)
		{
			t->con_cell[nterm] = r * ncols + c;
			t->con_coef[nterm++] = (c == t->total_col) ? -1 : 1;
		}
	}
	for (r = 0; r < nrows; r++)
	{
		if (!t->row_has_children[r])
			continue;
		for (c = 0; c < ncols; c++)
		{
			t->con_start[t->ncons++] = nterm;
			t->con_cell[nterm] = r * ncols + c;
			t->con_coef[nterm++] = -1;
			for (q = 0; q < nrows; q++)
				if (t->row_parent[q] == r)
				{
					t->con_cell[nterm] = q * ncols + c;
					t->con_coef[nterm++] = 1;
				}
		}
	}
	t->con_start[t->ncons] = nterm;
}

/*
 * Build the table from the argument arrays.  values may hold NULLs (the
 * suppressed cells of a published table) only when values_may_be_null.
 */
SdcTable *
sdc_table_build(ArrayType *row_keys, ArrayType *col_keys,
				ArrayType *values, ArrayType *row_groups,
				bool values_may_be_null)
{
	SdcTable   *t = palloc0(sizeof(SdcTable));
	SdcInput	in;
	RowId	   *rows;
	char	  **cols;
	int			nrows,
				ncols;

	sdc_read_input(&in, row_keys, col_keys, values, row_groups);
	t->grouped = (in.rg != NULL);
	rows = sdc_collect_rows(&in, values_may_be_null, &nrows);
	cols = sdc_collect_cols(&in, &ncols);
	sdc_set_shape(t, rows, nrows, cols, ncols);
	sdc_place_cells(t, rows, &in);
	sdc_fill_hidden(t);
	sdc_build_constraints(t);
	return t;
}

/*
 * The table given by the first four arguments of suppress and
 * suppression_audit: row_keys, col_keys, values (not NULL) and row_groups
 * (NULL: no row groups).
 */
SdcTable *
sdc_table_from_args(FunctionCallInfo fcinfo, bool values_may_be_null)
{
	return sdc_table_build(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1),
						   PG_GETARG_ARRAYTYPE_P(2),
						   PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3),
						   values_may_be_null);
}

/*
 * Raise an error when a constraint made only of known cells does not add
 * up.  With all_known, every cell counts as known (the true table).
 */
void
sdc_table_check_additivity(SdcTable *t, bool all_known)
{
	int			k;

	for (k = 0; k < t->ncons; k++)
	{
		int64		parts = 0;
		int64		total = 0;
		int			j;
		bool		known = true;
		int			head = -1;

		for (j = t->con_start[k]; j < t->con_start[k + 1]; j++)
		{
			int			cell = t->con_cell[j];

			if (!all_known && t->suppressed[cell])
			{
				known = false;
				break;
			}
			if (t->con_coef[j] < 0)
			{
				head = cell;
				total = t->value[cell];
			}
			else
				parts += t->value[cell];
		}
		if (known && parts != total)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("table does not add up at total cell %s",
							cell_name(t, head / t->ncols, head % t->ncols)),
					 errdetail("Its parts sum to " INT64_FORMAT " but the total is " INT64_FORMAT " (missing cells count as zero).",
							   parts, total),
					 errhint("Pass every cell with its row and column totals and the grand total, e.g. from GROUP BY CUBE.")));
	}
}

/*
 * The keys of a cell as the first three output columns of suppress and
 * suppression_audit: row_group, row_key, col_key (NULL for a total).
 */
void
sdc_cell_keys(const SdcTable *t, int cell, Datum *values, bool *nulls)
{
	int			r = cell / t->ncols;
	int			c = cell % t->ncols;

	nulls[0] = t->row_group[r] == NULL;
	if (!nulls[0])
		values[0] = CStringGetTextDatum(t->row_group[r]);
	nulls[1] = t->row_key[r] == NULL;
	if (!nulls[1])
		values[1] = CStringGetTextDatum(t->row_key[r]);
	nulls[2] = t->col_key[c] == NULL;
	if (!nulls[2])
		values[2] = CStringGetTextDatum(t->col_key[c]);
}
