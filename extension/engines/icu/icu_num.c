/*-------------------------------------------------------------------------
 *
 * icu_num.c
 *	  Numbers and amounts as Danes write them, with ICU number formatting
 *	  in locale da_DK: "31.735", "33,5", "33,5 mio. kr.", "600.000 kr.".
 *
 * The numeric value goes to ICU as its exact decimal string, so no digit is
 * lost to binary floating point.  Rounding is round(numeric)'s: half away
 * from zero, and a value that rounds to zero shows no minus sign.  The formatters are opened once per session for each
 * number of decimals and kept; the per-call result object is closed in
 * PG_FINALLY, so an error leaks no ICU object.
 *
 * extension/engines/icu/icu_num.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/icu/icu.h"

#include "catalog/pg_type_d.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>

PG_FUNCTION_INFO_V1(treg_format_da);
PG_FUNCTION_INFO_V1(treg_format_da_decimals);
PG_FUNCTION_INFO_V1(treg_format_dkk);
PG_FUNCTION_INFO_V1(treg_format_dkk_decimals);

#define FORMAT_LOCALE		"da_DK"
#define MAX_DECIMALS		20

/* [0]: as many decimals as the value has; [d + 1]: exactly d decimals. */
static UNumberFormatter *formatters[MAX_DECIMALS + 2];

/* Units of format_dkk: the value (in kroner) is divided by 10^shift. */
typedef struct DkkUnit
{
	const char *name;
	int			shift;
	int			decimals;		/* default */
	const char *suffix;
} DkkUnit;

static const DkkUnit dkk_units[] = {
	{"kr", 0, 0, " kr."},
	{"tkr", 3, 0, " t.kr."},
	{"mio", 6, 1, " mio. kr."},
	{"mia", 9, 1, " mia. kr."},
};

/* Raise an error when decimals is outside 0 .. MAX_DECIMALS */
static void
check_decimals(int32 decimals)
{
	if (decimals < 0 || decimals > MAX_DECIMALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("decimals must be between 0 and %d", MAX_DECIMALS),
				 errdetail("The value given was %d.", decimals)));
}

/*
 * The da_DK formatter for decimals (-1: as many as the value has), opened
 * on first use and kept
 */
static pg_noinline UNumberFormatter *
get_formatter(int decimals)
{
	int			slot = decimals + 1;

	Assert(decimals >= -1 && decimals <= MAX_DECIMALS);
	if (formatters[slot] == NULL)
	{
		char		skeleton[128];
		UChar		uskeleton[128];
		UErrorCode	status = U_ZERO_ERROR;
		UNumberFormatter *f;

		if (decimals < 0)
			strlcpy(skeleton, "precision-unlimited", sizeof(skeleton));
		else if (decimals == 0)
			strlcpy(skeleton, "precision-integer rounding-mode-half-up",
					sizeof(skeleton));
		else
		{
			int			k;

			skeleton[0] = '.';
			for (k = 0; k < decimals; k++)
				skeleton[k + 1] = '0';
			skeleton[decimals + 1] = '\0';
			strlcat(skeleton, " rounding-mode-half-up", sizeof(skeleton));
		}
		u_uastrcpy(uskeleton, skeleton);
		f = unumf_openForSkeletonAndLocale(uskeleton, -1, FORMAT_LOCALE, &status);
		if (U_FAILURE(status))
			treg_icu_report("unumf_openForSkeletonAndLocale", status);
		if (status == U_USING_DEFAULT_WARNING)
		{
			/* the locale is missing: never fall back to the root locale */
			unumf_close(f);
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("ICU locale \"%s\" is not available", FORMAT_LOCALE),
					 errdetail("The ICU library (version %s) has no data for Danish.",
							   U_ICU_VERSION)));
		}
		formatters[slot] = f;
	}
	return formatters[slot];
}

/*
 * Format a finite numeric with the given number of decimals (-1: as many as
 * it has); returns a palloc'd string in the server encoding.
 */
static char *
format_numeric(Numeric num, int decimals)
{
	UNumberFormatter *fmt;
	UFormattedNumber *volatile result = NULL;
	char	   *digits;
	char	   *volatile out = NULL;

	if (numeric_is_nan(num) || numeric_is_inf(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot format a value that is not finite"),
				 errdetail("NaN and infinity have no Danish number format.")));

	fmt = get_formatter(decimals);

	/*
	 * Round in PostgreSQL first: the same result as round(numeric), and no
	 * "-0" for a small negative value that rounds to zero.
	 */
	if (decimals >= 0)
		num = DatumGetNumeric(DirectFunctionCall2(numeric_round,
												  NumericGetDatum(num),
												  Int32GetDatum(decimals)));
	digits = DatumGetCString(DirectFunctionCall1(numeric_out,
												 NumericGetDatum(num)));
	PG_TRY();
	{
		UErrorCode	status = U_ZERO_ERROR;
		UChar		local[128];
		UChar	   *ubuf;
		int32		ulen;

		result = unumf_openResult(&status);
		if (U_FAILURE(status))
			treg_icu_report("unumf_openResult", status);
		unumf_formatDecimal(fmt, digits, strlen(digits), result, &status);
		if (U_FAILURE(status))
			treg_icu_report("unumf_formatDecimal", status);
		/* most numbers fit the local buffer; a longer one is formatted twice */
		ubuf = local;
		ulen = unumf_resultToString(result, ubuf, lengthof(local), &status);
		if (status == U_BUFFER_OVERFLOW_ERROR)
		{
			status = U_ZERO_ERROR;
			ubuf = palloc((ulen + 1) * sizeof(UChar));
			unumf_resultToString(result, ubuf, ulen + 1, &status);
		}
		if (U_FAILURE(status))
			treg_icu_report("unumf_resultToString", status);

		out = treg_icu_to_server(ubuf, ulen);
	}
	PG_FINALLY();
	{
		if (result != NULL)
			unumf_closeResult(result);
	}
	PG_END_TRY();
	return out;
}

/*
 * format_da(numeric) returns text
 *
 * The number in Danish notation with all its decimals: 31735 -> "31.735",
 * 33.5 -> "33,5".
 */
Datum
treg_format_da(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(format_numeric(PG_GETARG_NUMERIC(0), -1)));
}

/*
 * format_da(numeric, decimals int) returns text
 *
 * The number in Danish notation rounded to exactly `decimals` decimals.
 */
Datum
treg_format_da_decimals(PG_FUNCTION_ARGS)
{
	int32		decimals = PG_GETARG_INT32(1);

	check_decimals(decimals);
	PG_RETURN_TEXT_P(cstring_to_text(format_numeric(PG_GETARG_NUMERIC(0),
													decimals)));
}

/* An amount in the scale and suffix of a unit (kr, tkr, mio, mia) */
static text *
format_dkk(Numeric amount, text *unit_text, int32 decimals, bool have_decimals)
{
	char	   *unit = text_to_cstring(unit_text);
	const DkkUnit *u = NULL;
	Numeric		scaled = amount;
	char	   *number;
	size_t		k;

	for (k = 0; k < lengthof(dkk_units); k++)
		if (strcmp(unit, dkk_units[k].name) == 0)
			u = &dkk_units[k];
	if (u == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown amount unit \"%s\"", unit),
				 errhint("The unit is \"kr\", \"tkr\" (thousands), \"mio\" (millions) or \"mia\" (billions).")));
	if (!have_decimals)
		decimals = u->decimals;
	check_decimals(decimals);

	if (u->shift > 0 && !numeric_is_nan(amount) && !numeric_is_inf(amount))
	{
		char		factor[16];
		Datum		f;

		snprintf(factor, sizeof(factor), "1e-%d", u->shift);
		f = DirectFunctionCall3(numeric_in, CStringGetDatum(factor),
								ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
		/* multiplication by a power of ten is exact */
		scaled = DatumGetNumeric(DirectFunctionCall2(numeric_mul,
													 NumericGetDatum(amount), f));
	}
	number = format_numeric(scaled, decimals);
	return cstring_to_text(psprintf("%s%s", number, u->suffix));
}

/*
 * format_dkk(amount numeric, unit text) returns text
 *
 * An amount in kroner for committee tables, in the unit's scale and
 * default decimals: 600000, 'kr' -> "600.000 kr."; 33500000, 'mio' ->
 * "33,5 mio. kr.".
 */
Datum
treg_format_dkk(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(format_dkk(PG_GETARG_NUMERIC(0), PG_GETARG_TEXT_PP(1),
								0, false));
}

/*
 * format_dkk(amount numeric, unit text, decimals int) returns text
 *
 * As format_dkk(amount, unit) with exactly `decimals` decimals.
 */
Datum
treg_format_dkk_decimals(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(format_dkk(PG_GETARG_NUMERIC(0), PG_GETARG_TEXT_PP(1),
								PG_GETARG_INT32(2), true));
}
