/*-------------------------------------------------------------------------
 *
 * retention_io.c
 *	  Text and binary input/output of the retention type.
 *
 * A retention value holds, for each duration in days that occurs, the
 * number of events and of censorings with that duration.  Its text form
 * lists them in ascending order of days as day:events/censored, e.g.
 *
 *		{0:1/0,6:3/1,7:1/0}
 *
 * (one episode with an event after 0 days, three events and one censoring
 * after 6 days, one event after 7 days); the empty value is {}.  Input
 * accepts exactly this form, with blanks allowed around the numbers, and
 * rejects unsorted or repeated days, negative numbers and entries with two
 * zero counts, so that every value has one text form.
 *
 * Binary form: a format-version byte (1), the number of entries (int4),
 * then day (int4), events (int8) and censored (int8) of each entry.
 *
 * extension/engines/retention/retention_io.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/retention/retention.h"

#include <ctype.h>
#include <limits.h>

#include "common/int.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(retention_in);
PG_FUNCTION_INFO_V1(retention_out);
PG_FUNCTION_INFO_V1(retention_recv);
PG_FUNCTION_INFO_V1(retention_send);

/* The largest number of entries a value can have. */
#define RETENTION_MAX_DAYS ((int32) ((MaxAllocSize - RETENTION_HDRSZ) / sizeof(RetentionDay)))

Retention *
retention_alloc(int32 n)
{
	Retention  *r = (Retention *) palloc0(RETENTION_SIZE(n));

	SET_VARSIZE(r, RETENTION_SIZE(n));
	r->version = RETENTION_FORMAT_VERSION;
	r->ndays = n;
	return r;
}

void
retention_validate(const Retention *r, Size size)
{
	int32		i;
	int64		total = 0;

	if (size < RETENTION_HDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid retention value: too short"),
				 errdetail("The value has %zu bytes; the header alone needs %zu.",
						   size, (Size) RETENTION_HDRSZ)));
	treg_check_format_version(r->version, RETENTION_FORMAT_VERSION,
							  "retention");
	if (r->flags != 0 || r->unused != 0 || r->ndays < 0 ||
		r->ndays > RETENTION_MAX_DAYS || size != RETENTION_SIZE(r->ndays))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid retention value: corrupt header"),
				 errdetail("The header announces %d entries in a value of %zu bytes.",
						   r->ndays, size)));
	for (i = 0; i < r->ndays; i++)
	{
		const RetentionDay *d = &r->days[i];

		if (d->day < 0 || d->unused != 0 || d->events < 0 || d->censored < 0 ||
			(d->events == 0 && d->censored == 0) ||
			(i > 0 && d->day <= r->days[i - 1].day))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid retention value: corrupt entry %d", i + 1),
					 errdetail("Days must ascend without repeats, and counts must be zero or more and not both zero.")));
		/* the accessors sum the counts: the total must fit in bigint */
		if (pg_add_s64_overflow(total, d->events, &total) ||
			pg_add_s64_overflow(total, d->censored, &total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("retention count out of range"),
					 errdetail("The total number of events and censorings exceeds the range of bigint.")));
	}
}

static void
retention_syntax_error(const char *str, const char *p, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", "retention", str),
			 errdetail("Expected %s at character %d.", what, (int) (p - str) + 1),
			 errhint("The form is {day:events/censored,...} with days ascending, e.g. {0:1/0,6:3/1}.")));
}

static const char *
retention_skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Parse a non-negative decimal number not above max. */
static const char *
retention_parse_number(const char *str, const char *p, int64 max, int64 *result,
					   const char *what)
{
	int64		v = 0;

	p = retention_skip_blanks(p);
	if (!isdigit((unsigned char) *p))
		retention_syntax_error(str, p, what);
	while (isdigit((unsigned char) *p))
	{
		int			digit = *p - '0';

		if (v > (max - digit) / 10)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range in retention input: \"%s\"", str),
					 errdetail("The number at character %d exceeds %lld.",
							   (int) (p - str) + 1, (long long) max)));
		v = v * 10 + digit;
		p++;
	}
	*result = v;
	return retention_skip_blanks(p);
}

/*
 * retention_in(cstring) returns retention
 *
 * Text input: {day:events/censored,...}, days ascending.
 */
Datum
retention_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *p = retention_skip_blanks(str);
	StringInfoData buf;
	Retention  *r;
	int32		n = 0;

	initStringInfo(&buf);
	if (*p != '{')
		retention_syntax_error(str, p, "\"{\"");
	p = retention_skip_blanks(p + 1);
	if (*p != '}')
	{
		for (;;)
		{
			RetentionDay d;
			int64		v;

			memset(&d, 0, sizeof(d));
			p = retention_parse_number(str, p, PG_INT32_MAX, &v, "a day (a number)");
			d.day = (int32) v;
			if (*p != ':')
				retention_syntax_error(str, p, "\":\"");
			p = retention_parse_number(str, p + 1, PG_INT64_MAX, &d.events,
									   "a number of events");
			if (*p != '/')
				retention_syntax_error(str, p, "\"/\"");
			p = retention_parse_number(str, p + 1, PG_INT64_MAX, &d.censored,
									   "a number of censorings");
			if (d.events == 0 && d.censored == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type %s: \"%s\"", "retention", str),
						 errdetail("Day %d has no event and no censoring.", d.day),
						 errhint("Leave out days without counts.")));
			if (n > 0 && d.day <= ((RetentionDay *) buf.data)[n - 1].day)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type %s: \"%s\"", "retention", str),
						 errdetail("Day %d does not come after day %d.", d.day,
								   ((RetentionDay *) buf.data)[n - 1].day),
						 errhint("List each day once, in ascending order.")));
			if (n >= RETENTION_MAX_DAYS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("too many days in retention value"),
						 errdetail("A retention value holds at most %d days.", RETENTION_MAX_DAYS)));
			appendBinaryStringInfo(&buf, (const char *) &d, sizeof(d));
			n++;
			if (*p == ',')
			{
				p++;
				continue;
			}
			if (*p == '}')
				break;
			retention_syntax_error(str, p, "\",\" or \"}\"");
		}
	}
	p = retention_skip_blanks(p + 1);
	if (*p != '\0')
		retention_syntax_error(str, p, "the end of the input");

	r = retention_alloc(n);
	if (n > 0)
		memcpy(r->days, buf.data, sizeof(RetentionDay) * n);
	pfree(buf.data);
	retention_validate(r, VARSIZE(r));	/* the total must fit in bigint */
	PG_RETURN_POINTER(r);
}

/*
 * retention_out(retention) returns cstring
 *
 * Text output: {day:events/censored,...}, days ascending.
 */
Datum
retention_out(PG_FUNCTION_ARGS)
{
	Retention  *r = PG_GETARG_RETENTION_P(0);
	StringInfoData buf;
	int32		i;

	retention_validate(r, VARSIZE(r));
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < r->ndays; i++)
		appendStringInfo(&buf, "%s%d:" INT64_FORMAT "/" INT64_FORMAT,
						 i > 0 ? "," : "", r->days[i].day,
						 r->days[i].events, r->days[i].censored);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * retention_recv(internal) returns retention
 *
 * Binary input: version byte (1), int4 count, then (int4, int8, int8) each.
 */
Datum
retention_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(msg);
	int32		n,
				i;
	Retention  *r;

	treg_check_format_version(version, RETENTION_FORMAT_VERSION,
							  "retention binary");
	n = pq_getmsgint(msg, 4);
	if (n < 0 || n > RETENTION_MAX_DAYS ||
		(Size) n * 20 != (Size) (msg->len - msg->cursor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", "retention"),
				 errdetail("The value announces %d entries but carries %d bytes of them.",
						   n, msg->len - msg->cursor)));
	r = retention_alloc(n);
	for (i = 0; i < n; i++)
	{
		r->days[i].day = pq_getmsgint(msg, 4);
		r->days[i].events = pq_getmsgint64(msg);
		r->days[i].censored = pq_getmsgint64(msg);
	}
	retention_validate(r, VARSIZE(r));
	PG_RETURN_POINTER(r);
}

/*
 * retention_send(retention) returns bytea
 *
 * Binary output: version byte, int4 count, then (int4, int8, int8) each.
 */
Datum
retention_send(PG_FUNCTION_ARGS)
{
	Retention  *r = PG_GETARG_RETENTION_P(0);
	StringInfoData buf;
	int32		i;

	retention_validate(r, VARSIZE(r));
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RETENTION_FORMAT_VERSION);
	pq_sendint32(&buf, r->ndays);
	for (i = 0; i < r->ndays; i++)
	{
		pq_sendint32(&buf, r->days[i].day);
		pq_sendint64(&buf, r->days[i].events);
		pq_sendint64(&buf, r->days[i].censored);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
