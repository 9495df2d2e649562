/*-------------------------------------------------------------------------
 *
 * cpr_log.c
 *	  Keep CPR numbers out of the server log: an emit_log_hook that masks
 *	  every digit group that looks like a CPR number.
 *
 * PostgreSQL itself writes data values into messages: the CONTEXT line of
 * a COPY row that failed ("COPY t, line 3: ..."), the key of a unique
 * violation ("Key (cpr)=(...)", printed by the output function, which
 * shows the digits to a superuser), the row of a CHECK or NOT NULL
 * violation ("Failing row contains (...)"), the STATEMENT line of a failed
 * statement, the text of statements logged by log_statement, and
 * parameters logged on error.  For every message that goes to the server
 * log, this hook replaces DDMMYY-SSSS and DDMMYYSSSS (day 01-31, month
 * 01-12, not part of a longer run of digits) by DDMMYY-xxxx in the
 * message, detail, detail_log, hint, context and internal query, and hides
 * the statement when the statement text holds such a number.
 *
 * The hook sees the message before it is sent anywhere, so the client gets
 * the masked text too when the message also goes to the log.  It works only
 * in backends that have loaded treg: shared_preload_libraries = 'treg'
 * makes that every backend (README, "Logging and CPR numbers").
 *
 * extension/types/cpr_log.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/cpr.h"

#include "tcop/tcopprot.h"
#include "utils/elog.h"

static emit_log_hook_type prev_emit_log_hook = NULL;

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Does a CPR number start at s[i]?  Returns its length (10 or 11) or 0.
 * The caller has checked that s[i - 1] is not a digit.
 */
static int
cpr_log_match(const char *s, size_t i)
{
	const char *p = s + i;
	int			k;
	int			dd,
				mm;
	int			len;

	for (k = 0; k < 6; k++)
		if (!is_digit(p[k]))
			return 0;
	len = (p[6] == '-') ? 11 : 10;
	for (k = len - 4; k < len; k++)
		if (!is_digit(p[k]))
			return 0;
	if (is_digit(p[len]))
		return 0;
	dd = (p[0] - '0') * 10 + (p[1] - '0');
	mm = (p[2] - '0') * 10 + (p[3] - '0');
	if (dd < 1 || dd > 31 || mm < 1 || mm > 12)
		return 0;
	return len;
}

/* Does the string hold something that looks like a CPR number? */
static bool
cpr_log_found(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++)
	{
		if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])) &&
			cpr_log_match(s, i) > 0)
			return true;
	}
	return false;
}

/*
 * Replace *field by a copy with every CPR number masked, when it holds
 * one.  The copy is allocated in the current (error) context and the
 * original freed, so FreeErrorData frees the copy as it would have freed
 * the original.
 */
static void
cpr_log_mask(char **field)
{
	const char *s = *field;
	StringInfoData buf;
	size_t		i = 0;

	if (s == NULL || !cpr_log_found(s))
		return;
	initStringInfo(&buf);
	while (s[i] != '\0')
	{
		int			len = 0;

		if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])))
			len = cpr_log_match(s, i);
		if (len > 0)
		{
			appendBinaryStringInfo(&buf, s + i, 6);
			appendStringInfoString(&buf, "-xxxx");
			i += len;
		}
		else
			appendStringInfoChar(&buf, s[i++]);
	}
	explicit_bzero(*field, strlen(*field));
	pfree(*field);
	*field = buf.data;
}

/*
 * The emit_log_hook: mask CPR numbers in messages bound for the server log,
 * then call the hook installed before ours.
 */
static void
cpr_emit_log(ErrorData *edata)
{
	if (edata->output_to_server)
	{
		cpr_log_mask(&edata->message);
		cpr_log_mask(&edata->detail);
		cpr_log_mask(&edata->detail_log);
		cpr_log_mask(&edata->hint);
		cpr_log_mask(&edata->context);
		cpr_log_mask(&edata->internalquery);
		if (!edata->hide_stmt && debug_query_string != NULL &&
			cpr_log_found(debug_query_string))
			edata->hide_stmt = true;
	}
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

void
cpr_init(void)
{
	cpr_access_init();
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = cpr_emit_log;
}
