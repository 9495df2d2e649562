/*-------------------------------------------------------------------------
 *
 * disclosure_guc.c
 *	  Configuration parameters of the disclosure engine.
 *
 * treg.min_cell_count (k): published person counts from 1 to k-1 are
 * suppressed.  Default 5 (Sundhedsdatastyrelsen's rule), never below 3.
 *
 * treg.dominance_n and treg.dominance_k: the (n,k) dominance rule of
 * anon_sum: a sum is suppressed when its n largest contributors together
 * contribute more than k percent of it.  Defaults n = 2, k = 85.
 * treg.dominance_p: the p% rule: a sum is suppressed when the second
 * largest contributor could estimate the largest to within p percent,
 * i.e. when the rest (total minus the two largest) is less than p percent
 * of the largest.  Default 10.
 *
 * All four are PGC_SUSET: only a superuser (postgresql.conf, ALTER SYSTEM,
 * the server command line, a superuser's SET or ALTER ROLE/DATABASE), or a
 * role a superuser granted SET ON PARAMETER, may change them, in either
 * direction.  PostgreSQL checks the role that really set a value: a value a
 * non-superuser set while the library was not yet loaded (SET, set_config,
 * PGOPTIONS) is rejected with a WARNING when the library loads, also when
 * it is first loaded inside a SECURITY DEFINER function.  The committee
 * reports do not read these settings at all (treg.report_config).
 *
 * extension/engines/disclosure/disclosure_guc.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include "utils/guc.h"

#define MIN_CELL_COUNT_DEFAULT	5
#define MIN_CELL_COUNT_FLOOR	3
#define DOMINANCE_N_DEFAULT		2
#define DOMINANCE_K_DEFAULT		85.0
#define DOMINANCE_P_DEFAULT		10.0

int			treg_min_cell_count = MIN_CELL_COUNT_DEFAULT;
int			treg_dominance_n = DOMINANCE_N_DEFAULT;
double		treg_dominance_k = DOMINANCE_K_DEFAULT;
double		treg_dominance_p = DOMINANCE_P_DEFAULT;

void
disclosure_init(void)
{
	DefineCustomIntVariable("treg.min_cell_count",
							"Smallest person count that may be published (k); counts from 1 to k-1 are suppressed.",
							"Only a superuser (or a role granted SET on the parameter) may change it; never below 3.",
							&treg_min_cell_count,
							MIN_CELL_COUNT_DEFAULT,
							MIN_CELL_COUNT_FLOOR, 1000000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("treg.dominance_n",
							"Number of largest contributors checked by the dominance rule of anon_sum.",
							"A sum is suppressed when its dominance_n largest contributors give more than dominance_k percent of it.",
							&treg_dominance_n,
							DOMINANCE_N_DEFAULT,
							1, 100,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	DefineCustomRealVariable("treg.dominance_k",
							 "Largest share (percent) of a sum that its dominance_n largest contributors may give.",
							 "A sum is suppressed when its dominance_n largest contributors give more than dominance_k percent of it.",
							 &treg_dominance_k,
							 DOMINANCE_K_DEFAULT,
							 1.0, 100.0,
							 PGC_SUSET, 0,
							 NULL, NULL, NULL);
	DefineCustomRealVariable("treg.dominance_p",
							 "p of the p% rule of anon_sum (percent; 0 turns the rule off).",
							 "A sum is suppressed when the rest (total minus its two largest contributions) is less than dominance_p percent of the largest.",
							 &treg_dominance_p,
							 DOMINANCE_P_DEFAULT,
							 0.0, 1000.0,
							 PGC_SUSET, 0,
							 NULL, NULL, NULL);
}
