/*-------------------------------------------------------------------------
 *
 * treg.c
 *	  Module entry point of the treg extension: the module magic block and
 *	  _PG_init, which calls the init of each part that has one.
 *
 * The parts, by layer (DESIGN.md, "Architecture in one picture"):
 *	  types/				intensity, cpr, care_timeline: input/output,
 *							operators, binary formats;
 *	  engines/<engine>/		timeline, retention, disclosure, calendar,
 *							pseudonym, icu: each works on plain arguments
 *							and uses only the types;
 *	  registry/, reports/	SQL only (the reference schema and the
 *							committee's reports).
 *
 * extension/treg.c
 *
 *-------------------------------------------------------------------------
 */
#include "common/treg_common.h"
#include "engines/disclosure/disclosure.h"
#include "engines/pseudonym/pseudonym.h"
#include "engines/timeline/timeline.h"
#include "types/cpr.h"

#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Module load callback.  Parts without settings or hooks have no init.
 */
void
_PG_init(void)
{
	cpr_init();
	timeline_init();
	disclosure_init();
	pseudonym_init();

	MarkGUCPrefixReserved("treg");
}
