/*-------------------------------------------------------------------------
 *
 * cpr_io.c
 *	  Text and binary input/output of the cpr type (Danish CPR numbers).
 *
 * A CPR number is DDMMYY-SSSS: the birth date and a four-digit serial
 * number whose first digit (the 7th digit) gives the century:
 *	 0-3		1900-1999
 *	 4, 9		2000-2036 when YY <= 36, else 1937-1999
 *	 5-8		2000-2057 when YY <= 57, else 1858-1899
 * The modulus-11 check is not required (numbers without it are issued
 * since 2007); cpr_mod11_valid() offers it.
 *
 * Stored in 4 bytes, pass-by-value: (birth date - 1858-01-01 in days) *
 * 10000 + serial, so values sort by birth date, then serial.
 *
 * Privacy: the text output shows the serial only to superusers and members
 * of the role treg_cpr_reader; everyone else reads DDMMYY-xxxx.  The binary
 * output masks the same way (a flag byte says so) and binary input refuses
 * a masked value.  Text and binary input refuse users who are not readers
 * (cpr_access.c), so that they cannot make a guess to compare with.  No
 * error message ever contains the digits, and input errors keep the
 * statement (which may hold the number) out of the server log
 * (errhidestmt).
 *
 * extension/types/cpr_io.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/cpr.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(cpr_in);
PG_FUNCTION_INFO_V1(cpr_valid);
PG_FUNCTION_INFO_V1(cpr_out);
PG_FUNCTION_INFO_V1(cpr_recv);
PG_FUNCTION_INFO_V1(cpr_send);
PG_FUNCTION_INFO_V1(cpr_clear_visible);

/* Version byte written first by cpr_send. */
#define CPR_BINARY_VERSION	1

/* Flag byte after the version: the value is clear or masked. */
#define CPR_FLAG_CLEAR		0
#define CPR_FLAG_MASKED		1

/* Julian day of the first day a Cpr can encode */
static int
cpr_epoch_jd(void)
{
	return date2j(CPR_EPOCH_YEAR, 1, 1);
}

/* Full year of birth from the two-digit year and the 7th digit. */
static int
cpr_century_year(int yy, int digit7)
{
	if (digit7 <= 3)
		return 1900 + yy;
	if (digit7 == 4 || digit7 == 9)
		return yy <= 36 ? 2000 + yy : 1900 + yy;
	return yy <= 57 ? 2000 + yy : 1800 + yy;
}

int
cpr_birth_jd(Cpr c)
{
	return (int) (c / CPR_SERIALS) + cpr_epoch_jd();
}

int
cpr_serial(Cpr c)
{
	return (int) (c % CPR_SERIALS);
}

void
cpr_digits(Cpr c, char *buf)
{
	int			y,
				m,
				d;

	j2date(cpr_birth_jd(c), &y, &m, &d);
	snprintf(buf, 11, "%02d%02d%02d%04d", d, m, y % 100, cpr_serial(c));
}

/* Is c a value cpr_in could have produced? */
static bool
cpr_is_valid(Cpr c)
{
	int			y,
				m,
				d;
	int			serial = cpr_serial(c);

	if (c / CPR_SERIALS > (Cpr) (date2j(2057, 12, 31) - cpr_epoch_jd()))
		return false;
	j2date(cpr_birth_jd(c), &y, &m, &d);
	return cpr_century_year(y % 100, serial / 1000) == y;
}

Cpr
cpr_check(Cpr c)
{
	if (!cpr_is_valid(c))
		elog(ERROR, "invalid stored cpr value");
	return c;
}

static void
cpr_report_invalid(const char *detail) pg_attribute_noreturn();

static void
cpr_report_invalid(const char *detail)
{
	/* never echo the input: it may be a real CPR number */
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s", "cpr"),
			 errdetail_internal("%s", detail),
			 errhidestmt(true),
			 errhint("A CPR number is written DDMMYY-SSSS or DDMMYYSSSS.")));
}

static inline bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Parse DDMMYY-SSSS or DDMMYYSSSS (blanks around ignored).  Returns NULL and
 * sets *result on success, else the (translatable) detail of the error,
 * which never quotes the input.
 */
static const char *
cpr_parse(const char *str, Cpr *result)
{
	const char *p = str;
	const char *end;
	const char *q;
	int			digits[10];
	int			ndigits = 0;
	int			dd,
				mm,
				yy,
				serial,
				year;

	while (is_blank(*p))
		p++;
	end = p + strlen(p);
	while (end > p && is_blank(end[-1]))
		end--;

	/* letters or other characters: say so, without showing them */
	for (q = p; q < end; q++)
	{
		if ((*q < '0' || *q > '9') && *q != '-')
		{
			if (end - p == 11 && q - p >= 7 && (*q == 'x' || *q == 'X'))
				return _("The serial number is masked; a masked CPR number cannot be read back.");
			return _("A CPR number contains only digits and an optional hyphen after the sixth digit.");
		}
	}
	if (!((end - p == 10) || (end - p == 11 && p[6] == '-')))
		return _("A CPR number has ten digits, optionally with a hyphen after the sixth.");
	for (q = p; q < end; q++)
	{
		if (*q == '-')
		{
			if (q - p != 6 || end - p != 11)
				return _("A CPR number has ten digits, optionally with a hyphen after the sixth.");
			continue;
		}
		digits[ndigits++] = *q - '0';
	}
	Assert(ndigits == 10);

	dd = digits[0] * 10 + digits[1];
	mm = digits[2] * 10 + digits[3];
	yy = digits[4] * 10 + digits[5];
	serial = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9];
	year = cpr_century_year(yy, digits[6]);

	if (mm < 1 || mm > 12)
		return _("The month is not valid.");
	if (dd < 1 || dd > day_tab[isleap(year)][mm - 1])
		return _("The day of month is not valid.");

	*result = (Cpr) (date2j(year, mm, dd) - cpr_epoch_jd()) * CPR_SERIALS + serial;
	return NULL;
}

/*
 * cpr_in(cstring) returns cpr
 *
 * Text input: DDMMYY-SSSS or DDMMYYSSSS, blanks around ignored.  Readers
 * only.
 */
Datum
cpr_in(PG_FUNCTION_ARGS)
{
	Cpr			result = 0;
	const char *problem;

	cpr_require_reader(CPR_ENTER);
	problem = cpr_parse(PG_GETARG_CSTRING(0), &result);
	if (problem != NULL)
		cpr_report_invalid(problem);
	PG_RETURN_CPR(result);
}

/*
 * cpr_valid(text) returns bool
 *
 * Would the text be accepted as a cpr?  Lets a load filter or flag bad
 * numbers without catching errors.
 */
Datum
cpr_valid(PG_FUNCTION_ARGS)
{
	char	   *str = text_to_cstring(PG_GETARG_TEXT_PP(0));
	Cpr			result;
	bool		ok = (cpr_parse(str, &result) == NULL);

	explicit_bzero(str, strlen(str));
	pfree(str);
	PG_RETURN_BOOL(ok);
}

/*
 * cpr_out(cpr) returns cstring
 *
 * Text output: DDMMYY-SSSS for superusers and members of treg_cpr_reader,
 * DDMMYY-xxxx for everyone else.
 */
Datum
cpr_out(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));
	char		digits[11];
	char	   *result = palloc(12);

	cpr_digits(c, digits);
	memcpy(result, digits, 6);
	result[6] = '-';
	if (cpr_reader())
		memcpy(result + 7, digits + 6, 4);
	else
		memcpy(result + 7, "xxxx", 4);
	result[11] = '\0';
	PG_RETURN_CSTRING(result);
}

/*
 * cpr_recv(internal) returns cpr
 *
 * Binary input: a format-version byte (1), a flag byte (0 clear, 1 masked),
 * then the stored value as uint32.  A masked value is refused.  Readers
 * only.
 */
Datum
cpr_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int			flag;
	Cpr			c;

	cpr_require_reader(CPR_ENTER);
	version = pq_getmsgbyte(buf);
	treg_check_format_version(version, CPR_BINARY_VERSION, "cpr binary");
	flag = pq_getmsgbyte(buf);
	c = (Cpr) pq_getmsgint(buf, 4);
	if (flag == CPR_FLAG_MASKED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("cannot read a masked value of type %s", "cpr"),
				 errdetail("The value was sent without its serial number.")));
	if (flag != CPR_FLAG_CLEAR || !cpr_is_valid(c))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", "cpr")));
	PG_RETURN_CPR(c);
}

/*
 * cpr_send(cpr) returns bytea
 *
 * Binary output: version byte, flag byte, uint32 value.  Readers without
 * the privilege get the flag 1 and the value with the serial set to 0.
 */
Datum
cpr_send(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));
	StringInfoData buf;
	bool		clear = cpr_reader();

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CPR_BINARY_VERSION);
	pq_sendbyte(&buf, clear ? CPR_FLAG_CLEAR : CPR_FLAG_MASKED);
	pq_sendint32(&buf, clear ? c : c - (Cpr) cpr_serial(c));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * cpr_clear_visible() returns bool
 *
 * True when the current user reads CPR numbers in clear (superuser or
 * member of treg_cpr_reader).
 */
Datum
cpr_clear_visible(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cpr_reader());
}
