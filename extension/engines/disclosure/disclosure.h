/*-------------------------------------------------------------------------
 *
 * disclosure.h
 *	  The disclosure-control engine: its settings (disclosure_guc.c),
 *	  anonymised aggregates (anon_count_agg.c, anon_sum_agg.c over the
 *	  person sets of person_set.c) and whole-table suppression with its
 *	  audit (sdc_table.c, sdc_lp.c, suppression.c, suppression_audit.c).
 *	  Works on plain arguments; uses no treg type.
 *
 * extension/engines/disclosure/disclosure.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_DISCLOSURE_H
#define TREG_DISCLOSURE_H

#include "common/treg_common.h"
#include "utils/array.h"

/*
 * GUCs (disclosure_guc.c): treg.min_cell_count (k), treg.dominance_n and
 * treg.dominance_k (the (n,k) dominance rule of anon_sum), treg.dominance_p
 * (its p% rule).
 */
extern int	treg_min_cell_count;
extern int	treg_dominance_n;
extern double treg_dominance_k;
extern double treg_dominance_p;
extern void disclosure_init(void);

/*
 * PersonSet (person_set.c): an open-addressing hash set of int8 person ids,
 * optionally with a float8 sum per person.  Lives in one memory context.
 */
typedef struct PersonSet
{
	uint32		capacity;		/* slots, a power of two */
	uint32		nitems;			/* distinct persons, sentinel included */
	bool		with_values;	/* keep a sum per person */
	bool		has_sentinel;	/* the key PERSONSET_EMPTY itself is present */
	double		sentinel_value; /* its sum */
	int64	   *keys;			/* PERSONSET_EMPTY marks a free slot */
	double	   *values;			/* NULL unless with_values */
	MemoryContext cxt;
} PersonSet;

#define PERSONSET_EMPTY PG_INT64_MIN

extern PersonSet *personset_create(MemoryContext cxt, bool with_values);
extern void personset_add(PersonSet *ps, int64 key, double value);
extern void personset_merge(PersonSet *dst, const PersonSet *src);
extern bytea *personset_serialize(const PersonSet *ps);
extern PersonSet *personset_deserialize(bytea *b, bool with_values,
										MemoryContext cxt);

/*
 * SdcTable (sdc_table.c): a two-dimensional table with margins and at most
 * one level of row subtotals, as used by suppression and the audit.
 * Rows: leaf rows, subtotal rows (one per row group), the total row.
 * Columns: leaf columns, then the total column.  Cell (r, c) is at
 * r * ncols + c.
 */
typedef struct SdcTable
{
	int			nrows;
	int			ncols;
	bool		grouped;		/* rows have one level of subtotals */
	char	  **row_group;		/* per row: group label (NULL: none/total) */
	char	  **row_key;		/* per row: row label (NULL: subtotal/total) */
	char	  **col_key;		/* per column: label (NULL: total) */
	int		   *row_parent;		/* per row: parent row, -1 for the total */
	bool	   *row_has_children;
	int			total_row;
	int			total_col;
	int			ncells;			/* nrows * ncols */
	bool	   *present;		/* cell given in the input */
	int		   *input_index;	/* its position in the input arrays, or -1 */
	int64	   *value;			/* value (0 when absent, or unknown) */
	bool	   *suppressed;		/* not published */
	bool	   *hidden;			/* a total missing from the input */
	/* constraints: each is sum(coef * cell) = 0, coef in {+1, -1} */
	int			ncons;
	int		   *con_start;		/* ncons + 1 offsets into con_cell/con_coef */
	int		   *con_cell;
	int8	   *con_coef;
} SdcTable;

extern SdcTable *sdc_table_build(ArrayType *row_keys, ArrayType *col_keys,
								 ArrayType *values, ArrayType *row_groups,
								 bool values_may_be_null);
extern SdcTable *sdc_table_from_args(FunctionCallInfo fcinfo,
									 bool values_may_be_null);
extern void sdc_table_check_additivity(SdcTable *t, bool all_known);
extern void sdc_cell_keys(const SdcTable *t, int cell, Datum *values, bool *nulls);

/* Bounds of the suppressed cells (sdc_lp.c); false when a bound is infinite */
typedef struct SdcBounds
{
	double	   *low;			/* per cell, only suppressed cells set */
	double	   *high;
	bool	   *high_finite;
} SdcBounds;

/*
 * Exact bounds of every suppressed cell given the published ones, when
 * every suppressed cell is known to be at least floor (0, or 1 for tables
 * whose zeros are never suppressed).  When only_below >= 0, cells whose
 * observed spread already reaches only_below are not optimised (their
 * bounds are then only inner bounds).
 */
extern void sdc_bounds(SdcTable *t, SdcBounds *out, double only_below,
					   int64 floor);

/*
 * Minimise cost . x subject to A x = b, x >= 0 (A dense m x n, row-major;
 * costs non-negative).  Returns false when infeasible.
 */
extern bool sdc_lp_minimise(int m, int n, const double *A, const double *b,
							const double *cost, double *x);

#endif							/* TREG_DISCLOSURE_H */
