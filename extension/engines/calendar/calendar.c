/*-------------------------------------------------------------------------
 *
 * calendar.c
 *	  The Danish calendar: Easter, public holidays, working days.
 *
 * Public holidays (helligdage): New Year's Day, Maundy Thursday, Good
 * Friday, Easter Sunday and Monday, Store Bededag (the fourth Friday after
 * Easter, up to and including 2023; abolished from 2024), Ascension Day,
 * Whit Sunday and Monday, Christmas Day and Boxing Day.  Easter is computed
 * with the anonymous Gregorian algorithm (Meeus/Jones/Butcher), so every
 * year from 1583 (the first full Gregorian year) to the last year of the
 * date type works.  The rules of today are applied to every year (only
 * Store Bededag has an end); history before that is not modelled.
 *
 * Days that are customarily off without being public holidays (1 May,
 * Grundlovsdag 5 June, Christmas Eve and New Year's Eve) count as holidays
 * only when the caller asks for them (the "customary" flag).
 *
 * Working days are Monday to Friday except holidays.  Counting them over a
 * span is O(1) for the public holidays: the weekdays are counted in closed
 * form, and the holidays falling on a weekday are subtracted using a
 * 400-year table for the fixed dates and the fact that the moveable ones
 * always fall on the same weekday.  With the customary days it is O(years)
 * (a day that is both needs each year's Easter).  add_working_days is a
 * binary search over that count.
 *
 * extension/engines/calendar/calendar.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/calendar/calendar.h"

#include "datatype/timestamp.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(treg_easter);
PG_FUNCTION_INFO_V1(treg_is_holiday);
PG_FUNCTION_INFO_V1(treg_holiday_name);
PG_FUNCTION_INFO_V1(treg_is_working_day);
PG_FUNCTION_INFO_V1(treg_working_days_between);
PG_FUNCTION_INFO_V1(treg_add_working_days);

/* Last year with Store Bededag. */
#define STORE_BEDEDAG_LAST_YEAR 2023

/* Largest year the date type holds. */
#define TREG_CAL_MAX_YEAR	5874897

typedef enum HolidayCode
{
	H_NONE = 0,
	H_NEW_YEAR,
	H_MAUNDY_THURSDAY,
	H_GOOD_FRIDAY,
	H_EASTER_SUNDAY,
	H_EASTER_MONDAY,
	H_STORE_BEDEDAG,
	H_ASCENSION,
	H_WHIT_SUNDAY,
	H_WHIT_MONDAY,
	H_CHRISTMAS,
	H_BOXING_DAY,
	/* customary days off, only with the flag */
	H_MAY_DAY,
	H_CONSTITUTION_DAY,
	H_CHRISTMAS_EVE,
	H_NEW_YEARS_EVE,
	H_COUNT
} HolidayCode;

/* Danish names in UTF-8, indexed by HolidayCode. */
static const char *const holiday_names_utf8[H_COUNT] = {
	NULL,
	"Nyt\xc3\xa5rsdag",
	"Sk\xc3\xa6rtorsdag",
	"Langfredag",
	"P\xc3\xa5skedag",
	"2. p\xc3\xa5skedag",
	"Store bededag",
	"Kristi himmelfartsdag",
	"Pinsedag",
	"2. pinsedag",
	"Juledag",
	"2. juledag",
	"1. maj",
	"Grundlovsdag",
	"Juleaftensdag",
	"Nyt\xc3\xa5rsaftensdag",
};

typedef struct HolidayDay
{
	int			jd;
	HolidayCode code;
} HolidayDay;

#define MAX_HOLIDAYS_PER_YEAR 16

/* Month and day of Easter Sunday: anonymous Gregorian algorithm. */
static void
easter_md(int year, int *month, int *day)
{
	/* Meeus, Jones, Butcher */
	int			a = year % 19;
	int			b = year / 100;
	int			c = year % 100;
	int			d = b / 4;
	int			e = b % 4;
	int			f = (b + 8) / 25;
	int			g = (b - f + 1) / 3;
	int			h = (19 * a + b - d - g + 15) % 30;
	int			i = c / 4;
	int			k = c % 4;
	int			l = (32 + 2 * e + 2 * i - h - k) % 7;
	int			m = (a + 11 * h + 22 * l) / 451;

	*month = (h + l - 7 * m + 114) / 31;
	*day = ((h + l - 7 * m + 114) % 31) + 1;
}

/* Easter Sunday of a year as a Julian day */
static int
easter_jd(int year)
{
	int			month,
				day;

	easter_md(year, &month, &day);
	return date2j(year, month, day);
}

/*
 * The holidays of a year, public ones first; a day that is both public and
 * customary (e.g. Ascension Day on 1 May) appears once, as the public one.
 */
static inline void
add_holiday(HolidayDay *out, int *n, int jd, HolidayCode code)
{
	int			k;

	for (k = 0; k < *n; k++)
		if (out[k].jd == jd)
			return;
	out[*n].jd = jd;
	out[*n].code = code;
	(*n)++;
}

static int
year_holidays(int year, bool customary, HolidayDay *out)
{
	int			easter = easter_jd(year);
	int			n = 0;

	add_holiday(out, &n, date2j(year, 1, 1), H_NEW_YEAR);
	add_holiday(out, &n, easter - 3, H_MAUNDY_THURSDAY);
	add_holiday(out, &n, easter - 2, H_GOOD_FRIDAY);
	add_holiday(out, &n, easter, H_EASTER_SUNDAY);
	add_holiday(out, &n, easter + 1, H_EASTER_MONDAY);
	if (year <= STORE_BEDEDAG_LAST_YEAR)
		add_holiday(out, &n, easter + 26, H_STORE_BEDEDAG);
	add_holiday(out, &n, easter + 39, H_ASCENSION);
	add_holiday(out, &n, easter + 49, H_WHIT_SUNDAY);
	add_holiday(out, &n, easter + 50, H_WHIT_MONDAY);
	add_holiday(out, &n, date2j(year, 12, 25), H_CHRISTMAS);
	add_holiday(out, &n, date2j(year, 12, 26), H_BOXING_DAY);
	if (customary)
	{
		add_holiday(out, &n, date2j(year, 5, 1), H_MAY_DAY);
		add_holiday(out, &n, date2j(year, 6, 5), H_CONSTITUTION_DAY);
		add_holiday(out, &n, date2j(year, 12, 24), H_CHRISTMAS_EVE);
		add_holiday(out, &n, date2j(year, 12, 31), H_NEW_YEARS_EVE);
	}
	Assert(n <= MAX_HOLIDAYS_PER_YEAR);
	return n;
}

/* Which holiday a Julian day is, H_NONE on other days */
static HolidayCode
holiday_code(int jd, bool customary)
{
	HolidayDay	days[MAX_HOLIDAYS_PER_YEAR];
	int			year,
				month,
				day;
	int			n,
				k;

	j2date(jd, &year, &month, &day);
	n = year_holidays(year, customary, days);
	for (k = 0; k < n; k++)
		if (days[k].jd == jd)
			return days[k].code;
	return H_NONE;
}

/* Monday to Friday?  j2day() gives 0 for Sunday. */
static inline bool
is_weekday_jd(int jd)
{
	int			wd = j2day(jd);

	return wd >= 1 && wd <= 5;
}

/* Monday to Friday and not a holiday */
static bool
is_working_day_jd(int jd, bool customary)
{
	return is_weekday_jd(jd) && holiday_code(jd, customary) == H_NONE;
}

/*
 * Number of weekdays (Monday to Friday) among the Julian days 0..jd; day 0
 * is a Monday.
 */
static inline int64
weekdays_upto(int64 jd)
{
	int64		k = jd + 1;

	return (k / 7) * 5 + Min(k % 7, 5);
}

/*
 * Fixed-date holidays falling on a weekday, summed over the years before y.
 * The Gregorian calendar repeats every 400 years (146097 days, a whole
 * number of weeks), so a table over one cycle gives the sum in O(1).
 */
static int32 fixed_prefix[2][401];
static bool fixed_prefix_ready = false;

/* Fill fixed_prefix (once per process) for both customary settings */
static void
fill_fixed_prefix(void)
{
	static const int fixed[][3] = {
		/* month, day, customary only */
		{1, 1, 0}, {12, 25, 0}, {12, 26, 0},
		{5, 1, 1}, {6, 5, 1}, {12, 24, 1}, {12, 31, 1},
	};
	int			cust,
				r;
	size_t		k;

	for (cust = 0; cust <= 1; cust++)
	{
		fixed_prefix[cust][0] = 0;
		for (r = 0; r < 400; r++)
		{
			int			n = 0;

			for (k = 0; k < lengthof(fixed); k++)
				if ((cust || !fixed[k][2]) &&
					is_weekday_jd(date2j(2000 + r, fixed[k][0], fixed[k][1])))
					n++;
			fixed_prefix[cust][r + 1] = fixed_prefix[cust][r] + n;
		}
	}
	fixed_prefix_ready = true;
}

/* Fixed-date weekday holidays in the years before year, from fixed_prefix */
static int64
fixed_before(int year, bool customary)
{
	int			c = customary ? 1 : 0;

	return (int64) (year / 400) * fixed_prefix[c][400] + fixed_prefix[c][year % 400];
}

/*
 * Weekday holidays in the whole years y1..y2.  Maundy Thursday, Good
 * Friday, Easter Monday, Ascension Day and Whit Monday always fall on a
 * weekday, and so does Store Bededag (a Friday); Easter Sunday and Whit
 * Sunday never do.  With the customary days, a day that is both (1 May on
 * Ascension Day or Store Bededag, 5 June on Whit Monday) counts once: that
 * needs each year's Easter, hence O(years) for that option only.
 */
static int64
holidays_in_years(int y1, int y2, bool customary)
{
	int64		n;
	int			y;

	if (y1 > y2)
		return 0;
	if (!fixed_prefix_ready)
		fill_fixed_prefix();
	n = fixed_before(y2 + 1, customary) - fixed_before(y1, customary);
	n += 5 * (int64) (y2 - y1 + 1);
	if (y1 <= STORE_BEDEDAG_LAST_YEAR)
		n += Min(y2, STORE_BEDEDAG_LAST_YEAR) - y1 + 1;
	if (customary)
	{
		for (y = y1; y <= y2; y++)
		{
			int			month,
						day;

			easter_md(y, &month, &day);
			if ((month == 3 && day == 23) ||	/* Ascension Day on 1 May */
				(month == 4 && day == 16) ||	/* Whit Monday on 5 June */
				(month == 4 && day == 5 && y <= STORE_BEDEDAG_LAST_YEAR))
				n--;
			if ((y & 0xffff) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	return n;
}

/* Weekday holidays h of year y with a < h <= b. */
static int
holidays_in_part(int y, int a, int b, bool customary)
{
	HolidayDay	days[MAX_HOLIDAYS_PER_YEAR];
	int			n = year_holidays(y, customary, days);
	int			count = 0;
	int			k;

	for (k = 0; k < n; k++)
		if (days[k].jd > a && days[k].jd <= b && is_weekday_jd(days[k].jd))
			count++;
	return count;
}

/* Number of working days d with a < d <= b (a <= b). */
static int64
working_days_after(int a, int b, bool customary)
{
	int64		count = weekdays_upto(b) - weekdays_upto(a);
	int			ya,
				yb,
				m,
				d;

	Assert(a <= b);
	j2date(a, &ya, &m, &d);
	j2date(b, &yb, &m, &d);
	count -= holidays_in_part(ya, a, b, customary);
	if (yb > ya)
	{
		count -= holidays_in_years(ya + 1, yb - 1, customary);
		count -= holidays_in_part(yb, a, b, customary);
	}
	return count;
}

/* First Julian day of the Danish calendar (1583-01-01) */
static int
calendar_min_jd(void)
{
	return date2j(TREG_CAL_MIN_YEAR, 1, 1);
}

/* Last Julian day the date type holds */
static int
calendar_max_jd(void)
{
	return DATE_END_JULIAN - 1;
}

/* Raise the error for a day outside the supported range */
static void
report_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("date out of range for the Danish calendar"),
			 errdetail("Holidays and working days are defined from 1583-01-01 (the first full year of the Gregorian calendar) to the last day of the date type.")));
}

/* A date argument as a Julian day, checked against the supported range. */
static int
date_arg_jd(DateADT d)
{
	int			jd;

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range for the Danish calendar"),
				 errdetail("Infinite dates have no holidays or working days.")));
	jd = d + POSTGRES_EPOCH_JDATE;
	if (jd < calendar_min_jd())
		report_out_of_range();
	return jd;
}

/* A Julian day as a DateADT */
static DateADT
jd_to_date(int jd)
{
	return (DateADT) (jd - POSTGRES_EPOCH_JDATE);
}

int
treg_add_working_days_jd(int jd, int n, bool customary)
{
	int64		lo,
				hi;

	if (n == 0)
		return jd;
	if (n > 0)
	{
		/*
		 * Smallest x > jd with working_days_after(jd, x) >= n.  At most one
		 * working day per calendar day, and at least 0.67 per calendar day
		 * over any span, so the answer lies in [jd + n, jd + 2n + 30].
		 */
		int64		target = n;

		lo = (int64) jd + n;
		hi = (int64) jd + 2 * (int64) n + 30;
		if (hi > calendar_max_jd())
		{
			hi = calendar_max_jd();
			if (lo > hi || working_days_after(jd, (int) hi, customary) < target)
				report_out_of_range();
		}
		while (lo < hi)
		{
			int64		mid = lo + (hi - lo) / 2;

			if (working_days_after(jd, (int) mid, customary) >= target)
				hi = mid;
			else
				lo = mid + 1;
		}
		return (int) lo;
	}
	else
	{
		/*
		 * Largest x < jd with m working days in [x, jd), that is
		 * working_days_after(x - 1, jd - 1) >= m.
		 */
		int64		m = -(int64) n;
		int			minjd = calendar_min_jd();

		lo = (int64) jd - 2 * m - 30;
		hi = (int64) jd - m;
		if (lo < minjd)
		{
			lo = minjd;
			if (hi < lo || working_days_after((int) lo - 1, jd - 1, customary) < m)
				report_out_of_range();
		}
		while (lo < hi)
		{
			int64		mid = lo + (hi - lo + 1) / 2;

			if (working_days_after((int) mid - 1, jd - 1, customary) >= m)
				lo = mid;
			else
				hi = mid - 1;
		}
		return (int) lo;
	}
}

/*
 * easter(year int) returns date
 *
 * Easter Sunday of a Gregorian year (1583 and later).
 */
Datum
treg_easter(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);

	if (year < TREG_CAL_MIN_YEAR || year > TREG_CAL_MAX_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("year %d out of range for the Danish calendar", year),
				 errdetail("Easter is computed for the Gregorian years %d to %d.",
						   TREG_CAL_MIN_YEAR, TREG_CAL_MAX_YEAR)));
	PG_RETURN_DATEADT(jd_to_date(easter_jd(year)));
}

/*
 * is_holiday(d date, with_customary bool) returns bool
 *
 * True on a Danish public holiday (and, with the flag, on a customary day
 * off: 1 May, 5 June, 24 and 31 December).
 */
Datum
treg_is_holiday(PG_FUNCTION_ARGS)
{
	int			jd = date_arg_jd(PG_GETARG_DATEADT(0));

	PG_RETURN_BOOL(holiday_code(jd, PG_GETARG_BOOL(1)) != H_NONE);
}

/*
 * holiday_name(d date, with_customary bool) returns text
 *
 * The Danish name of the holiday on d, or NULL on other days.
 */
Datum
treg_holiday_name(PG_FUNCTION_ARGS)
{
	int			jd = date_arg_jd(PG_GETARG_DATEADT(0));
	HolidayCode code = holiday_code(jd, PG_GETARG_BOOL(1));
	const char *utf8;
	char	   *name;

	if (code == H_NONE)
		PG_RETURN_NULL();
	utf8 = holiday_names_utf8[code];
	name = pg_any_to_server(utf8, strlen(utf8), PG_UTF8);
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/*
 * is_working_day(d date, with_customary bool) returns bool
 *
 * Monday to Friday and not a holiday.
 */
Datum
treg_is_working_day(PG_FUNCTION_ARGS)
{
	int			jd = date_arg_jd(PG_GETARG_DATEADT(0));

	PG_RETURN_BOOL(is_working_day_jd(jd, PG_GETARG_BOOL(1)));
}

/*
 * working_days_between(a date, b date, with_customary bool) returns int
 *
 * The number of working days d with a < d <= b; when b < a, minus the
 * number with b < d <= a.
 */
Datum
treg_working_days_between(PG_FUNCTION_ARGS)
{
	int			a = date_arg_jd(PG_GETARG_DATEADT(0));
	int			b = date_arg_jd(PG_GETARG_DATEADT(1));
	bool		customary = PG_GETARG_BOOL(2);
	int64		result;

	if (a <= b)
		result = working_days_after(a, b, customary);
	else
		result = -working_days_after(b, a, customary);
	PG_RETURN_INT32((int32) result);
}

/*
 * add_working_days(d date, n int, with_customary bool) returns date
 *
 * The n-th working day after d (n > 0), before d (n < 0), or d (n = 0).
 */
Datum
treg_add_working_days(PG_FUNCTION_ARGS)
{
	int			jd = date_arg_jd(PG_GETARG_DATEADT(0));
	int32		n = PG_GETARG_INT32(1);
	bool		customary = PG_GETARG_BOOL(2);

	PG_RETURN_DATEADT(jd_to_date(treg_add_working_days_jd(jd, n, customary)));
}
