/*-------------------------------------------------------------------------
 *
 * treg.c
 *	  Module entry point of the treg extension: the module magic block and
 *	  _PG_init, which registers every engine's configuration parameters.
 *
 * extension/treg.c
 *
 *-------------------------------------------------------------------------
 */
#include "treg.h"

#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Module load callback: each engine registers its GUCs here.
 */
void
_PG_init(void)
{
	/* timeline engine */
	treg_timeline_guc_init();

	/* disclosure engine */
	treg_disclosure_guc_init();

	/* Danish calendar, CPR and ICU text */

	/* retention engine */

	MarkGUCPrefixReserved("treg");
}
