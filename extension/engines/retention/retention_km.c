/*-------------------------------------------------------------------------
 *
 * retention_km.c
 *	  Kaplan-Meier accessors of the retention type.
 *
 * Durations are in days; on a day with both, events come before
 * censorings, so an episode censored on day t is at risk on day t.  With
 * n(t) the number at risk on day t (durations >= t) and d(t) the events:
 *
 *	  S(t)	  = prod over event days u <= t of (1 - d(u) / n(u))
 *	  std_err = S(t) * sqrt(sum over u <= t of d(u) / (n(u) (n(u) - d(u))))
 *				(Greenwood's formula, the standard error of S itself)
 *
 * Confidence intervals (as R's survival::survfit): "log" (the default, as
 * in R) is S exp(+-z se) with se = std_err / S, the upper limit capped at 1;
 * "log-log" is S^exp(-+z se / log S); "plain" is S +- z std_err within
 * [0, 1].  Limits are NULL where R gives NA or NaN: when S = 0 (every
 * transform), and when S = 1 for "log-log".
 *
 * Quantiles follow R's quantile.survfit: the p-quantile is the first day
 * on which S(t) <= 1 - p; when S equals 1 - p exactly (within
 * sqrt(DBL_EPSILON)) on a flat stretch, it is the midpoint between the day
 * the stretch starts and the day it ends (the next event day, or the last
 * observed day when the curve ends flat).  NULL when the curve never comes
 * down to 1 - p (within the same tolerance).
 *
 * The curve is defined up to the last observed duration; survival at a
 * later day, and the restricted mean up to a later day, are NULL unless
 * the curve has already reached 0.
 *
 * extension/engines/retention/retention_km.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/retention/retention.h"

#include <float.h>
#include <math.h>

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(retention_km_curve);
PG_FUNCTION_INFO_V1(retention_km_survival);
PG_FUNCTION_INFO_V1(retention_km_quantile);
PG_FUNCTION_INFO_V1(retention_km_median);
PG_FUNCTION_INFO_V1(retention_km_rmst);
PG_FUNCTION_INFO_V1(retention_km_rmst_std_err);
PG_FUNCTION_INFO_V1(retention_count);
PG_FUNCTION_INFO_V1(retention_events);

typedef enum RetentionConfType
{
	RETENTION_CONF_LOG,
	RETENTION_CONF_LOGLOG,
	RETENTION_CONF_PLAIN
} RetentionConfType;

/* Fetch argument n as a checked retention value. */
static Retention *
retention_arg(FunctionCallInfo fcinfo, int n)
{
	Retention  *r = PG_GETARG_RETENTION_P(n);

	retention_validate(r, VARSIZE(r));
	return r;
}

/* Number of durations (events plus censorings). */
static int64
retention_total(const Retention *r)
{
	int64		n = 0;
	int32		i;

	/* no overflow check needed: the aggregate checked every sum */
	for (i = 0; i < r->ndays; i++)
		n += r->days[i].events + r->days[i].censored;
	return n;
}

/*
 * The standard normal quantile: Acklam's rational approximation refined by
 * one Halley step with erfc, accurate to about 1e-15.
 */
static double
retention_qnorm(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
	-3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
	-1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
	4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
	2.445134137142996e+00, 3.754408661907416e+00};
	double		q,
				r,
				x,
				e,
				u;

	if (p < 0.02425)
	{
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	else if (p <= 1 - 0.02425)
	{
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	else
	{
		q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	e = 0.5 * erfc(-x / M_SQRT2) - p;
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	x = x - u / (1 + x * u / 2);
	return x;
}

/* The conf_type argument: log, log-log or plain */
static RetentionConfType
retention_parse_conf_type(text *t)
{
	char	   *s = text_to_cstring(t);

	if (strcmp(s, "log") == 0)
		return RETENTION_CONF_LOG;
	if (strcmp(s, "log-log") == 0)
		return RETENTION_CONF_LOGLOG;
	if (strcmp(s, "plain") == 0)
		return RETENTION_CONF_PLAIN;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid confidence interval transform: \"%s\"", s),
			 errdetail("The transform names how the interval is computed around the survival estimate."),
			 errhint("Use \"log\" (the default, as R's survfit), \"log-log\" or \"plain\".")));
	return RETENTION_CONF_LOG;	/* keep compiler quiet */
}

/* The normal quantile of a two-sided confidence level */
static double
retention_z(double conf_level)
{
	if (isnan(conf_level) || conf_level <= 0 || conf_level >= 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level out of range: %g", conf_level),
				 errdetail("The confidence level is a probability strictly between 0 and 1."),
				 errhint("Use e.g. 0.95 for a 95%% confidence interval.")));
	return retention_qnorm(1 - (1 - conf_level) / 2);
}

/*
 * retention_km_curve(retention, conf_type text, conf_level float8)
 *	 returns setof (day int4, at_risk int8, events int8, censored int8,
 *					survival float8, std_err float8, lower float8, upper float8)
 *
 * One row per day with an event or a censoring, ascending.
 */
Datum
retention_km_curve(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	RetentionConfType conf = retention_parse_conf_type(PG_GETARG_TEXT_PP(1));
	double		z = retention_z(PG_GETARG_FLOAT8(2));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	int64		at_risk = retention_total(r);
	double		surv = 1.0;
	double		greenwood = 0.0;
	int32		i;

	tupdesc = treg_srf_begin(fcinfo);

	for (i = 0; i < r->ndays; i++)
	{
		const RetentionDay *d = &r->days[i];
		Datum		values[8];
		bool		nulls[8] = {false};

		if (d->events > 0)
		{
			surv *= (double) (at_risk - d->events) / (double) at_risk;
			if (at_risk > d->events)
				greenwood += (double) d->events /
					((double) at_risk * (double) (at_risk - d->events));
			else
				greenwood = INFINITY;
		}
		values[0] = Int32GetDatum(d->day);
		values[1] = Int64GetDatum(at_risk);
		values[2] = Int64GetDatum(d->events);
		values[3] = Int64GetDatum(d->censored);
		values[4] = Float8GetDatum(surv);
		if (surv == 0.0)
		{
			/* R: std.err NaN, limits NA */
			nulls[5] = nulls[6] = nulls[7] = true;
		}
		else
		{
			double		se = sqrt(greenwood);	/* standard error of log S */
			double		lower,
						upper;

			values[5] = Float8GetDatum(surv * se);
			switch (conf)
			{
				case RETENTION_CONF_LOG:
					lower = exp(log(surv) - z * se);
					upper = Min(exp(log(surv) + z * se), 1.0);
					values[6] = Float8GetDatum(lower);
					values[7] = Float8GetDatum(upper);
					break;
				case RETENTION_CONF_LOGLOG:
					if (surv == 1.0)
						nulls[6] = nulls[7] = true;
					else
					{
						double		se2 = z * se / log(surv);

						lower = exp(-exp(log(-log(surv)) - se2));
						upper = exp(-exp(log(-log(surv)) + se2));
						values[6] = Float8GetDatum(lower);
						values[7] = Float8GetDatum(upper);
					}
					break;
				case RETENTION_CONF_PLAIN:
					lower = Max(surv - z * se * surv, 0.0);
					upper = Min(surv + z * se * surv, 1.0);
					values[6] = Float8GetDatum(lower);
					values[7] = Float8GetDatum(upper);
					break;
			}
		}
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
		at_risk -= d->events + d->censored;
	}
	return (Datum) 0;
}

/*
 * retention_km_survival(retention, day int4) returns float8
 *
 * S(day).  NULL beyond the last observed duration unless S is already 0.
 */
Datum
retention_km_survival(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	int32		day = PG_GETARG_INT32(1);
	int64		at_risk = retention_total(r);
	double		surv = 1.0;
	int32		i;

	for (i = 0; i < r->ndays && r->days[i].day <= day; i++)
	{
		const RetentionDay *d = &r->days[i];

		if (d->events > 0)
			surv *= (double) (at_risk - d->events) / (double) at_risk;
		at_risk -= d->events + d->censored;
	}
	if (r->ndays == 0 || (i == r->ndays && day > r->days[r->ndays - 1].day && surv > 0.0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(surv);
}

/*
 * The p-quantile of the curve, as R's quantile.survfit.  Sets *isnull when
 * the curve never comes down to 1 - p.
 */
static double
retention_quantile(const Retention *r, double p, bool *isnull)
{
	const double tol = sqrt(DBL_EPSILON);
	int64		at_risk = retention_total(r);
	double		surv = 1.0;
	double		k1_day = -1;
	int32		i;

	if (isnan(p) || p < 0 || p > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile probability out of range: %g", p),
				 errdetail("The probability is the share of events, between 0 and 1."),
				 errhint("Use 0.5 for the median, 0.25 for the day a quarter has had the event.")));
	*isnull = false;
	if (p == 0)
		return 0.0;

	/* R's findq over (0, 0), (t_i, 1 - S(t_i)) at the event days */
	if (p <= tol)
		k1_day = 0;				/* y = 0 at day 0 already within tol */
	for (i = 0; i < r->ndays; i++)
	{
		const RetentionDay *d = &r->days[i];

		if (d->events > 0)
		{
			double		y;

			surv *= (double) (at_risk - d->events) / (double) at_risk;
			y = 1.0 - surv;
			if (k1_day < 0 && y + tol >= p)
				k1_day = d->day;
			if (y - tol >= p)
			{
				if (k1_day < 0)
					k1_day = d->day;
				return (k1_day + d->day) / 2.0;
			}
		}
		at_risk -= d->events + d->censored;
	}
	/*
	 * No day with y >= p + tol, but one with y >= p - tol: the curve ends
	 * flat within tol of 1 - p, so take the midpoint with the last observed
	 * day.  (R returns NA here when the last y is below p by rounding only,
	 * e.g. 1 - 9/10 < 0.1; we treat that as flat at 1 - p, as R's
	 * tolerance intends.)  Without any event the curve reaches nothing.
	 */
	if (k1_day >= 0 && surv < 1.0)
		return (k1_day + r->days[r->ndays - 1].day) / 2.0;
	*isnull = true;
	return 0.0;
}

/*
 * retention_km_quantile(retention, p float8) returns float8
 *
 * First day with S <= 1 - p (midpoint rule on an exactly flat stretch).
 */
Datum
retention_km_quantile(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	bool		isnull;
	double		q = retention_quantile(r, PG_GETARG_FLOAT8(1), &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(q);
}

/*
 * retention_km_median(retention) returns float8
 *
 * The 0.5 quantile: the median duration.
 */
Datum
retention_km_median(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	bool		isnull;
	double		q = retention_quantile(r, 0.5, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(q);
}

/*
 * Restricted mean up to tau (area under S from 0 to tau) and, if wanted,
 * its variance as R's survmean.  Sets *isnull when tau is beyond the last
 * observed duration and S has not reached 0.
 */
static double
retention_rmst(const Retention *r, int32 tau, double *variance, bool *isnull)
{
	int64		at_risk = retention_total(r);
	double		surv = 1.0;
	double		area = 0.0;
	double		prev = 0.0;
	int32		i,
				nev = 0;
	double	   *ev_time = NULL;
	double	   *ev_h = NULL;
	double	   *ev_surv = NULL;

	if (tau < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("restriction day out of range: %d", tau),
				 errdetail("The restricted mean is the area under the curve from day 0 to a day of zero or more.")));
	*isnull = false;
	if (variance)
	{
		ev_time = palloc(sizeof(double) * (r->ndays + 1));
		ev_h = palloc(sizeof(double) * (r->ndays + 1));
		ev_surv = palloc(sizeof(double) * (r->ndays + 1));
	}
	for (i = 0; i < r->ndays && r->days[i].day <= tau; i++)
	{
		const RetentionDay *d = &r->days[i];

		if (d->events > 0)
		{
			area += (d->day - prev) * surv;
			prev = d->day;
			surv *= (double) (at_risk - d->events) / (double) at_risk;
			if (variance)
			{
				/* R's survmean: an event day with n = d adds nothing */
				ev_time[nev] = d->day;
				ev_h[nev] = at_risk > d->events ?
					(double) d->events / ((double) at_risk * (double) (at_risk - d->events)) : 0.0;
				ev_surv[nev] = surv;
				nev++;
			}
		}
		at_risk -= d->events + d->censored;
	}
	if (r->ndays == 0 || (i == r->ndays && tau > r->days[r->ndays - 1].day && surv > 0.0))
	{
		*isnull = true;
		return 0.0;
	}
	area += (tau - prev) * surv;
	if (variance)
	{
		/* sum of h(t) * (area under S from t to tau)^2 over event days t */
		double		tail = 0.0;
		double		next = tau;
		double		var = 0.0;

		for (i = nev - 1; i >= 0; i--)
		{
			tail += (next - ev_time[i]) * ev_surv[i];
			var += tail * tail * ev_h[i];
			next = ev_time[i];
		}
		*variance = var;
		pfree(ev_time);
		pfree(ev_h);
		pfree(ev_surv);
	}
	return area;
}

/*
 * retention_km_rmst(retention, tau int4) returns float8
 *
 * Restricted mean duration up to day tau: the area under S from 0 to tau.
 */
Datum
retention_km_rmst(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	bool		isnull;
	double		m = retention_rmst(r, PG_GETARG_INT32(1), NULL, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(m);
}

/*
 * retention_km_rmst_std_err(retention, tau int4) returns float8
 *
 * Standard error of the restricted mean, as R's print.survfit(rmean = tau).
 */
Datum
retention_km_rmst_std_err(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	bool		isnull;
	double		var = 0.0;

	(void) retention_rmst(r, PG_GETARG_INT32(1), &var, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sqrt(var));
}

/*
 * retention_count(retention) returns int8
 *
 * Number of durations counted (events plus censorings).
 */
Datum
retention_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(retention_total(retention_arg(fcinfo, 0)));
}

/*
 * retention_events(retention) returns int8
 *
 * Number of events counted.
 */
Datum
retention_events(PG_FUNCTION_ARGS)
{
	Retention  *r = retention_arg(fcinfo, 0);
	int64		n = 0;
	int32		i;

	for (i = 0; i < r->ndays; i++)
		n += r->days[i].events;
	PG_RETURN_INT64(n);
}
