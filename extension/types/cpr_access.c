/*-------------------------------------------------------------------------
 *
 * cpr_access.c
 *	  Who may read, compare, hash and enter values of the cpr type.
 *
 * Only superusers and members of the role treg_cpr_reader ("readers") may
 * do anything that depends on the serial digits: compare or hash values,
 * read the birth date, sex, age or modulus-11 check, compute a pseudonym,
 * or enter a value (text or binary input).  Everyone else may only see the
 * masked text DDMMYY-xxxx.  Otherwise a non-reader who can SELECT a cpr
 * column could recover every digit by comparing it with guesses.
 *
 * The user judged is GetUserId(), the current user, so a SECURITY DEFINER
 * function owned by a superuser works with CPR numbers for its callers.
 *
 * The check runs once per comparison while sorting, so its answer is
 * cached per user id and forgotten whenever pg_authid (superuser flag,
 * renamed or dropped role) or pg_auth_members (GRANT, REVOKE) change.
 *
 * extension/types/cpr_access.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/cpr.h"

#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/inval.h"
#include "utils/syscache.h"

/* The role whose members read CPR numbers in clear. */
#define CPR_READER_ROLE		"treg_cpr_reader"

/* The user whose answer is cached (InvalidOid: none) and the answer. */
static Oid	cached_user = InvalidOid;
static bool cached_reader = false;

/*
 * Bumped by every invalidation, so that an answer computed while an
 * invalidation arrived (catalog lookups process them) is not cached.
 */
static uint64 cache_generation = 0;

static void
cpr_reader_forget(Datum arg, int cacheid, uint32 hashvalue)
{
	cached_user = InvalidOid;
	cache_generation++;
}

void
cpr_access_init(void)
{
	CacheRegisterSyscacheCallback(AUTHOID, cpr_reader_forget, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, cpr_reader_forget, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, cpr_reader_forget, (Datum) 0);
}

bool
cpr_reader(void)
{
	Oid			user = GetUserId();
	uint64		generation = cache_generation;
	Oid			role;
	bool		result;

	if (OidIsValid(user) && user == cached_user)
		return cached_reader;

	if (superuser_arg(user))
		result = true;
	else
	{
		role = get_role_oid(CPR_READER_ROLE, true);
		result = OidIsValid(role) && has_privs_of_role(user, role);
	}
	if (generation == cache_generation)
	{
		cached_user = user;
		cached_reader = result;
	}
	return result;
}

void
cpr_refuse(CprAction action)
{
	const char *what;

	switch (action)
	{
		case CPR_COMPARE:
			what = "compare values of type cpr";
			break;
		case CPR_HASH:
			what = "hash values of type cpr";
			break;
		case CPR_READ:
			what = "read the digits of a value of type cpr";
			break;
		case CPR_ENTER:
			what = "enter values of type cpr";
			break;
		default:
			elog(ERROR, "unknown cpr action %d", (int) action);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s", what),
			 errdetail("Only superusers and members of the role %s may enter, compare, hash or read CPR numbers; others see them as DDMMYY-xxxx.",
					   CPR_READER_ROLE),
			 errhint("Work with the masked text (cpr::text) or with pseudonyms, or ask the data owner for membership in %s.",
					 CPR_READER_ROLE),
			 errhidestmt(true)));
}
