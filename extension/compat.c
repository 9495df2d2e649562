/*-------------------------------------------------------------------------
 *
 * compat.c
 *	  Entry points that released install scripts of treg name but that no
 *	  longer belong to the treg library.
 *
 * CREATE FUNCTION ... LANGUAGE C looks the symbol up in the library, so a
 * frozen install script (extension/scripts/treg--0.1.0.sql) only loads if
 * every C symbol it names still exists.  The demo generator moved from
 * treg to the extension treg_demo in 0.2.0; its 0.1.0 entry points remain
 * here as functions that only raise an error, and the upgrade script
 * treg--0.1.0--0.2.0.sql drops the SQL functions that pointed at them.
 * They exist for "CREATE EXTENSION treg VERSION '0.1.0'" (the upgrade test)
 * and for a 0.1.0 database between installing the 0.2.0 library and
 * running ALTER EXTENSION treg UPDATE.
 *
 * extension/compat.c
 *
 *-------------------------------------------------------------------------
 */
#include "common/treg_common.h"

/* A C function of treg 0.1.0 whose code moved to treg_demo in 0.2.0. */
#define TREG_MOVED_TO_DEMO(fn) \
	PG_FUNCTION_INFO_V1(fn); \
	Datum \
	fn(PG_FUNCTION_ARGS) \
	{ \
		ereport(ERROR, \
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED), \
				 errmsg("function %s moved from treg to the extension treg_demo", #fn), \
				 errdetail("This database still has the treg 0.1.0 declaration of the function."), \
				 errhint("Run ALTER EXTENSION treg UPDATE, then CREATE EXTENSION treg_demo."))); \
		PG_RETURN_NULL(); \
	} \
	extern int	no_such_variable

TREG_MOVED_TO_DEMO(demo_persons);
TREG_MOVED_TO_DEMO(demo_requests);
TREG_MOVED_TO_DEMO(demo_episodes);
TREG_MOVED_TO_DEMO(demo_segments);
TREG_MOVED_TO_DEMO(demo_registry_segments);
