/*-------------------------------------------------------------------------
 *
 * disclosure_guc.c
 *	  Configuration parameters of the disclosure engine.
 *
 * treg.min_cell_count (k): published person counts from 1 to k-1 are
 * suppressed.  Default 5 (Sundhedsdatastyrelsen's rule).  Anyone may raise
 * it; only a superuser, postgresql.conf or the server command line may set
 * it below the default, and nobody below 3.
 *
 * treg.dominance_n and treg.dominance_k: the (n,k) dominance rule of
 * anon_sum: a sum is suppressed when its n largest contributors together
 * contribute more than k percent of it.  Defaults n = 2, k = 85.
 * treg.dominance_p: the p% rule: a sum is suppressed when the second
 * largest contributor could estimate the largest to within p percent,
 * i.e. when the rest (total minus the two largest) is less than p percent
 * of the largest.  Default 10.  Anyone may make the rules stricter (larger
 * n, smaller k, larger p); only a superuser (or the configuration file)
 * may make them looser than the defaults.
 *
 * extension/engines/disclosure/disclosure_guc.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include "access/xact.h"
#include "miscadmin.h"
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

/*
 * May the current setting source loosen a protection below its default?
 *
 * Values from postgresql.conf, the command line and the built-in default are
 * set by the administrator and always allowed (these are also the sources
 * seen in the postmaster, where there is no user to check).  Every other
 * source (ALTER ROLE/DATABASE SET as applied at session start or as
 * validated when stored, SET, set_config, client options, function SET
 * clauses) needs the current user to be a superuser.
 */
static bool
loosening_allowed(GucSource source)
{
	if (source <= PGC_S_ARGV)
		return true;
	if (!IsNormalProcessingMode() || !IsTransactionState() ||
		!OidIsValid(GetUserId()))
		return false;
	return superuser();
}

static bool
check_min_cell_count(int *newval, void **extra, GucSource source)
{
	if (*newval < MIN_CELL_COUNT_DEFAULT && !loosening_allowed(source))
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("permission denied to set treg.min_cell_count below %d",
						 MIN_CELL_COUNT_DEFAULT);
		GUC_check_errdetail("Only a superuser, postgresql.conf or the server command line can lower the minimum cell count below its default.");
		return false;
	}
	return true;
}

static bool
check_dominance_n(int *newval, void **extra, GucSource source)
{
	if (*newval < DOMINANCE_N_DEFAULT && !loosening_allowed(source))
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("permission denied to set treg.dominance_n below %d",
						 DOMINANCE_N_DEFAULT);
		GUC_check_errdetail("Only a superuser, postgresql.conf or the server command line can loosen the dominance rule.");
		return false;
	}
	return true;
}

static bool
check_dominance_k(double *newval, void **extra, GucSource source)
{
	if (*newval > DOMINANCE_K_DEFAULT && !loosening_allowed(source))
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("permission denied to set treg.dominance_k above %g",
						 DOMINANCE_K_DEFAULT);
		GUC_check_errdetail("Only a superuser, postgresql.conf or the server command line can loosen the dominance rule.");
		return false;
	}
	return true;
}

static bool
check_dominance_p(double *newval, void **extra, GucSource source)
{
	if (*newval < DOMINANCE_P_DEFAULT && !loosening_allowed(source))
	{
		GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
		GUC_check_errmsg("permission denied to set treg.dominance_p below %g",
						 DOMINANCE_P_DEFAULT);
		GUC_check_errdetail("Only a superuser, postgresql.conf or the server command line can loosen the dominance rule.");
		return false;
	}
	return true;
}

void
disclosure_init(void)
{
	DefineCustomIntVariable("treg.min_cell_count",
							"Smallest person count that may be published (k); counts from 1 to k-1 are suppressed.",
							"Anyone may raise it; only a superuser may set it below 5; never below 3.",
							&treg_min_cell_count,
							MIN_CELL_COUNT_DEFAULT,
							MIN_CELL_COUNT_FLOOR, 1000000,
							PGC_USERSET, 0,
							check_min_cell_count, NULL, NULL);
	DefineCustomIntVariable("treg.dominance_n",
							"Number of largest contributors checked by the dominance rule of anon_sum.",
							"A sum is suppressed when its dominance_n largest contributors give more than dominance_k percent of it.",
							&treg_dominance_n,
							DOMINANCE_N_DEFAULT,
							1, 100,
							PGC_USERSET, 0,
							check_dominance_n, NULL, NULL);
	DefineCustomRealVariable("treg.dominance_k",
							 "Largest share (percent) of a sum that its dominance_n largest contributors may give.",
							 "A sum is suppressed when its dominance_n largest contributors give more than dominance_k percent of it.",
							 &treg_dominance_k,
							 DOMINANCE_K_DEFAULT,
							 1.0, 100.0,
							 PGC_USERSET, 0,
							 check_dominance_k, NULL, NULL);
	DefineCustomRealVariable("treg.dominance_p",
							 "p of the p% rule of anon_sum (percent; 0 turns the rule off).",
							 "A sum is suppressed when the rest (total minus its two largest contributions) is less than dominance_p percent of the largest.",
							 &treg_dominance_p,
							 DOMINANCE_P_DEFAULT,
							 0.0, 1000.0,
							 PGC_USERSET, 0,
							 check_dominance_p, NULL, NULL);
}
