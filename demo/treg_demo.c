/*-------------------------------------------------------------------------
 *
 * treg_demo.c
 *	  Deterministic generator of a demo registry: persons, requests,
 *	  episodes and intensity segments of a fictitious municipality, shaped
 *	  like the figures in the seeds (DESIGN.md).
 *
 * Each person's whole history is derived from a splitmix64 stream seeded by
 * (seed, person number) with integer arithmetic only, so the same arguments
 * give identical rows on every platform, in any order of generation, and
 * each set-returning function below can regenerate the history of a person
 * independently.  The functions read no table: treg.demo_load (SQL) writes
 * their rows into the reference registry, and treg.demo_segments can fill a
 * plain benchmark table directly.
 *
 * With segments_per_person NULL the registry has its natural shape (about
 * 1.75 segments per person).  With a value S (1 to 50) each person gets a
 * budget of segments with mean S, re-enrols until it is laid out (or as_of
 * comes), and outpatient care is authorised in periods laid back to back,
 * their length chosen so that the budget fits the person's time; the
 * persons themselves do not change.
 *
 * Keys: person_id = n (1..persons); request_id and episode_id =
 * person_id * 100 + k (k = 1..DEMO_MAX_EPISODES); segment_id =
 * episode_id * 100 + j (j = 1..DEMO_MAX_SEGMENTS, at most 12 in the
 * natural shape).
 *
 * demo/treg_demo.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/intensity.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(demo_persons);
PG_FUNCTION_INFO_V1(demo_requests);
PG_FUNCTION_INFO_V1(demo_episodes);
PG_FUNCTION_INFO_V1(demo_segments);
PG_FUNCTION_INFO_V1(demo_registry_segments);

#define DEMO_MAX_EPISODES	30		/* per person */
#define DEMO_MAX_SEGMENTS	99		/* per episode (segment_id keeps 2 digits) */
#define DEMO_NATURAL_SEGMENTS	12	/* per episode in the natural shape */
#define DEMO_MAX_REQUESTS	DEMO_MAX_EPISODES

/* segments_per_person, in hundredths */
#define DEMO_SPP_MIN		100
#define DEMO_SPP_MAX		5000

#define DEMO_PROVIDERS		38
#define DEMO_PARTNER		1		/* Albertslund Rusmiddelcenter */
#define DEMO_INTERNAL		2		/* the municipality's own counselling */
#define DEMO_YOUTH			3		/* the municipality's own youth unit */

/* substance groups */
#define SG_ALCOHOL			0
#define SG_NON_OPIOID		1
#define SG_OPIOID			2

/* legal bases */
#define LB_SEL101			0
#define LB_SEL101A			1
#define LB_SUL141			2
#define LB_SUL142			3
#define LB_BL33				4

/* discharge reasons */
#define DR_COMPLETED		0
#define DR_DROPPED_OUT		1
#define DR_TRANSFERRED		2
#define DR_TERMINATED		3
#define DR_INCARCERATED		4
#define DR_DEATH			5
#define DR_OTHER			6
#define DR_COUNT			7

static const char *const substance_group_names[] = {"alcohol", "non_opioid", "opioid"};
static const char *const legal_basis_names[] = {"SEL101", "SEL101a", "SUL141", "SUL142", "BL33"};
static const char *const discharge_reason_names[] = {
	"completed", "dropped_out", "transferred", "terminated",
	"incarcerated", "death", "other"
};
static const char *const waiver_names[] = {NULL, "free_choice", "own_wish"};
static const char *const sex_names[] = {"male", "female"};

/*
 * Quantiles of a log-normal distribution with sigma 0.9 and median 1000, at
 * p = k/128 (the ends clamped to 0.5/128 and 127.5/128).  A duration with
 * median m is m * demo_lognormal() / 1000.
 */
static const int32 lognormal_permille[129] = {
	91, 114, 144, 167, 187, 205, 221, 237, 251, 266, 279, 292, 305, 318, 331,
	343, 355, 367, 379, 391, 403, 415, 427, 438, 450, 462, 474, 485, 497, 509,
	521, 533, 545, 557, 569, 581, 594, 606, 619, 631, 644, 657, 670, 683, 696,
	710, 723, 737, 751, 765, 779, 793, 808, 823, 837, 853, 868, 884, 899, 916,
	932, 948, 965, 983, 1000, 1018, 1036, 1054, 1073, 1092, 1112, 1132, 1152,
	1173, 1194, 1216, 1238, 1261, 1284, 1308, 1332, 1357, 1383, 1409, 1436,
	1464, 1493, 1522, 1553, 1584, 1616, 1650, 1684, 1720, 1757, 1795, 1835,
	1876, 1919, 1964, 2011, 2060, 2112, 2165, 2222, 2282, 2345, 2411, 2482,
	2557, 2637, 2723, 2816, 2916, 3025, 3144, 3275, 3420, 3582, 3766, 3978,
	4225, 4519, 4882, 5347, 5982, 6948, 8809, 10958
};

/*
 * Share of episodes per provider, in 1/10000 (provider_id = index + 1): the
 * partner provider takes most, the municipality's two own units follow, and
 * 35 purchased providers share the rest geometrically (at least 0.4 % each).
 */
static const int32 provider_weight[DEMO_PROVIDERS] = {
	4200, 700, 316,
	472, 425, 382, 344, 310, 279, 251, 226, 203, 183, 165, 148, 133, 120, 108,
	97, 87, 79, 71, 64, 57, 52, 46, 42, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40
};

/* kommunekoder of other municipalities (udenbysborgere), Copenhagen area */
static const int16 other_municipalities[] = {
	101, 147, 151, 153, 157, 159, 161, 165, 167, 169, 173, 175, 183, 185, 187,
	190, 253, 259, 265, 269
};

/* age at first request, by band: lower bound, width, weight in 1/10000 */
static const int32 age_bands[][3] = {
	{15, 3, 400}, {18, 7, 1400}, {25, 5, 1200}, {30, 10, 2000},
	{40, 10, 1800}, {50, 10, 1700}, {60, 10, 1100}, {70, 15, 400}
};

/* day treatment granted 12 months, 6 months from this date (policy) */
#define DEMO_DAG_POLICY_Y	2025
#define DEMO_DAG_POLICY_M	7
#define DEMO_DAG_POLICY_D	1

/* ---------------------------------------------------------------------
 * Random numbers: splitmix64, integer arithmetic only
 * ---------------------------------------------------------------------
 */
typedef struct DemoRng
{
	uint64		state;
} DemoRng;

static inline uint64
demo_next(DemoRng *rng)
{
	uint64		z;

	rng->state += UINT64CONST(0x9E3779B97F4A7C15);
	z = rng->state;
	z = (z ^ (z >> 30)) * UINT64CONST(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* uniform in [0, n) */
static inline int32
demo_below(DemoRng *rng, int32 n)
{
	return (int32) (((demo_next(rng) >> 32) * (uint64) n) >> 32);
}

/* uniform in [lo, hi] */
static inline int32
demo_between(DemoRng *rng, int32 lo, int32 hi)
{
	return (hi <= lo) ? lo : lo + demo_below(rng, hi - lo + 1);
}

/* true with probability permyriad / 10000 */
static inline bool
demo_chance(DemoRng *rng, int32 permyriad)
{
	return demo_below(rng, 10000) < permyriad;
}

/* index drawn from weights summing to 10000 */
static int
demo_pick(DemoRng *rng, const int32 *weights, int n)
{
	int32		u = demo_below(rng, 10000);
	int			i;

	for (i = 0; i < n - 1; i++)
	{
		if (u < weights[i])
			return i;
		u -= weights[i];
	}
	return n - 1;
}

/* log-normal draw with the given median, in days, at least 1 */
static int32
demo_lognormal(DemoRng *rng, int32 median)
{
	uint32		u = (uint32) (demo_next(rng) >> 41);	/* 23 bits */
	int			k = (int) (u >> 16);	/* 0..127 */
	int32		frac = (int32) (u & 0xFFFF);
	int64		q;

	q = lognormal_permille[k] +
		(((int64) (lognormal_permille[k + 1] - lognormal_permille[k]) * frac) >> 16);
	q = (q * median) / 1000;
	return (int32) Max(q, 1);
}

/* ---------------------------------------------------------------------
 * Calendar helpers
 * ---------------------------------------------------------------------
 */
static DateADT
demo_date(int y, int m, int d)
{
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

/* the same day n months later (clamped to the month's last day) */
static DateADT
demo_add_months(DateADT date, int months)
{
	int			y,
				m,
				d,
				mlen;

	j2date(date + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	mlen = day_tab[isleap(y)][m - 1];
	return demo_date(y, m, Min(d, mlen));
}

/* ---------------------------------------------------------------------
 * One person's history
 * ---------------------------------------------------------------------
 */
typedef struct DemoRequest
{
	int64		request_id;
	DateADT		request_date;
	DateADT		initiation_date;
	bool		initiated;
	int			track;			/* 0 alcohol, 1 drugs */
	int			legal_basis;
	int			waiver;			/* 0 none, 1 free_choice, 2 own_wish */
} DemoRequest;

typedef struct DemoEpisode
{
	int64		episode_id;
	int64		request_id;		/* 0 for none (transfer) */
	int32		provider_id;
	DateADT		enrol_date;
	DateADT		discharge_date;
	bool		discharged;
	int			reason;
	int			group;
	bool		substitution;
} DemoEpisode;

typedef struct DemoSegment
{
	int64		segment_id;
	int64		episode_id;
	Intensity	intensity;
	DateADT		start_date;
	DateADT		end_date;
	DateADT		planned_end_date;
	bool		ended;
	bool		planned;
	bool		substitution;
} DemoSegment;

typedef struct DemoPerson
{
	int64		person_id;
	bool		anonymous;
	bool		birth_known;
	DateADT		birth_date;
	int			sex;			/* 0 male, 1 female */
	int16		municipality;
	int32		budget;			/* segments to lay out (0: the natural shape) */
	int32		period;			/* mean outpatient authorisation, days */
	int			nrequests;
	int			nepisodes;
	int			nsegments;
	DemoRequest requests[DEMO_MAX_REQUESTS];
	DemoEpisode episodes[DEMO_MAX_EPISODES];
	DemoSegment segments[DEMO_MAX_EPISODES * DEMO_MAX_SEGMENTS];
} DemoPerson;

typedef struct DemoArgs
{
	int32		persons;
	int32		seed;
	DateADT		as_of;
	int16		home;
	DateADT		dag_policy;		/* day treatment granted 6 months from here */
	int32		spp;			/* segments per person in hundredths (0: natural) */
} DemoArgs;

/* where a person's courses stand before the next episode */
typedef struct DemoCourse
{
	DateADT		date;			/* the request's date, or a transfer's enrolment */
	int			group;			/* substance group */
	bool		transfer;		/* the next episode continues a transfer */
	int32		transfer_from;	/* ... from this provider */
	int32		window;			/* days the first request was drawn from */
} DemoCourse;

/* laying out the segments of one episode */
typedef struct DemoLay
{
	DateADT		pos;			/* first day of the next segment */
	DateADT		last;			/* last day of the episode (may move) */
	Intensity	cur;			/* intensity of the next segment */
	int			nseg;			/* segments of the episode so far */
	int			max_seg;		/* segment number max_seg is the episode's last */
	int			stepups;
	bool		youth;
} DemoLay;

/* the generator's stream for person n: independent of every other person */
static void
demo_seed(DemoRng *rng, int32 seed, int64 n)
{
	DemoRng		mix;

	mix.state = (uint64) (uint32) seed * UINT64CONST(0xD1B54A32D192ED03);
	rng->state = demo_next(&mix) ^ ((uint64) n * UINT64CONST(0x9E3779B97F4A7C15));
	(void) demo_next(rng);
}

/* an intensity to start an episode with */
static Intensity
demo_first_intensity(DemoRng *rng, int group, bool youth, bool anonymous)
{
	int32		u = demo_below(rng, 10000);

	if (anonymous)
		return INTENSITY_AMBULANT;
	if (youth)
		return u < 9000 ? INTENSITY_AMBULANT : INTENSITY_DAG;
	switch (group)
	{
		case SG_ALCOHOL:
			return u < 8200 ? INTENSITY_AMBULANT : u < 9400 ? INTENSITY_DAG : INTENSITY_DOEGN;
		case SG_NON_OPIOID:
			return u < 7800 ? INTENSITY_AMBULANT : u < 9300 ? INTENSITY_DAG : INTENSITY_DOEGN;
		default:
			return u < 8800 ? INTENSITY_AMBULANT : u < 9500 ? INTENSITY_DAG : INTENSITY_DOEGN;
	}
}

/*
 * A day-treatment or residential segment starting on 'pos': granted 12
 * months (6 from the policy date) or 3 months and mostly used; sets the
 * intensity that follows it.  Returns its last day.
 */
static DateADT
demo_seg_intensive(DemoRng *rng, const DemoArgs *args, DemoSegment *s,
				   Intensity cur, DateADT pos, Intensity *next)
{
	DateADT		planned_end;
	int32		granted;
	int32		len;

	if (cur == INTENSITY_DAG)
	{
		int			months = (pos >= args->dag_policy) ? 6 : 12;

		planned_end = demo_add_months(pos, months) - 1;
		granted = planned_end - pos + 1;
		if (demo_chance(rng, 6000))
			len = granted - demo_below(rng, 15);
		else
			len = demo_between(rng, 30, granted);
		*next = demo_chance(rng, 500) ? INTENSITY_DOEGN : INTENSITY_AMBULANT;
	}
	else
	{
		planned_end = demo_add_months(pos, 3) - 1;
		granted = planned_end - pos + 1;
		if (demo_chance(rng, 5000))
			len = granted + demo_between(rng, -14, 14);
		else
			len = demo_between(rng, 14, granted);
		*next = demo_chance(rng, 2500) ? INTENSITY_DAG : INTENSITY_AMBULANT;
	}
	s->planned = true;
	s->planned_end_date = planned_end;
	return pos + len - 1;
}

/*
 * After an intensive segment that fills the episode: mostly a step-down to
 * an outpatient tail of 30-240 days, which moves the episode's end.
 */
static void
demo_seg_step_down(DemoRng *rng, DemoLay *lay, DateADT *seg_end, Intensity *next)
{
	if (*seg_end < lay->last)
		return;
	*seg_end = lay->last;
	if (demo_chance(rng, 8500))
	{
		lay->last = *seg_end + demo_between(rng, 30, 240);
		*next = INTENSITY_AMBULANT;
	}
}

/*
 * An outpatient segment in the natural shape: to the end of the episode, or
 * a step-up to day or residential treatment after a while (at most twice an
 * episode, never in youth treatment).  Returns its last day.
 */
static DateADT
demo_seg_ambulant(DemoRng *rng, const DemoEpisode *e, DemoLay *lay, Intensity *next)
{
	int32		remaining = lay->last - lay->pos + 1;

	if (lay->stepups < 2 && remaining >= 90 && !lay->youth &&
		demo_chance(rng, e->group == SG_OPIOID ? 1000 : 800))
	{
		DateADT		seg_end = lay->pos + demo_between(rng, 30, remaining - 60) - 1;

		*next = demo_chance(rng, 7000) ? INTENSITY_DAG : INTENSITY_DOEGN;
		lay->stepups++;
		return seg_end;
	}
	return lay->last;
}

/*
 * An outpatient authorisation period (segments_per_person given): granted
 * for the person's period +- 25 %, then re-authorised back to back until the
 * episode ends; at a re-authorisation care steps up now and then.  Returns
 * its last day.
 */
static DateADT
demo_seg_period(DemoRng *rng, const DemoPerson *p, const DemoEpisode *e,
				DemoLay *lay, DemoSegment *s, Intensity *next)
{
	int32		period = demo_between(rng, p->period * 3 / 4, p->period * 5 / 4);
	DateADT		planned_end = lay->pos + period - 1;

	s->planned = true;
	s->planned_end_date = planned_end;
	if (planned_end >= lay->last)
		return lay->last;
	if (lay->stepups < 2 && lay->last - planned_end >= 60 && !lay->youth &&
		demo_chance(rng, (e->group == SG_OPIOID ? 1000 : 800) * period / 184))
	{
		*next = demo_chance(rng, 7000) ? INTENSITY_DAG : INTENSITY_DOEGN;
		lay->stepups++;
	}
	return planned_end;
}

/*
 * Lay out the segments of an episode of 'length' days from its enrolment:
 * day or residential treatment for its granted period (or less), then
 * mostly a step-down to outpatient; outpatient now and then steps up (with
 * segments_per_person: outpatient in authorisation periods).  The segment
 * that reaches the episode's limit (12 in the natural shape, else what is
 * left of the person's budget) ends the episode.  Returns the last day of
 * the episode (which may exceed enrol + length - 1 when an intensive phase
 * is followed by an outpatient tail).
 */
static DateADT
demo_lay_segments(DemoRng *rng, const DemoArgs *args, DemoPerson *p,
				  DemoEpisode *e, Intensity first, int32 length, bool youth)
{
	DemoLay		lay;

	lay.pos = e->enrol_date;
	lay.last = e->enrol_date + length - 1;
	lay.cur = first;
	lay.nseg = 0;
	lay.max_seg = (p->budget > 0) ?
		Min(DEMO_MAX_SEGMENTS, p->budget - p->nsegments) : DEMO_NATURAL_SEGMENTS;
	lay.stepups = 0;
	lay.youth = youth;

	while (lay.pos <= lay.last)
	{
		DemoSegment *s = &p->segments[p->nsegments];
		bool		final = (lay.nseg == lay.max_seg - 1);
		Intensity	next = INTENSITY_AMBULANT;
		DateADT		seg_end;

		s->segment_id = e->episode_id * 100 + (lay.nseg + 1);
		s->episode_id = e->episode_id;
		s->intensity = lay.cur;
		s->start_date = lay.pos;
		s->planned = false;
		s->planned_end_date = 0;
		s->substitution = e->substitution;

		if (lay.cur != INTENSITY_AMBULANT)
		{
			seg_end = demo_seg_intensive(rng, args, s, lay.cur, lay.pos, &next);
			demo_seg_step_down(rng, &lay, &seg_end, &next);
		}
		else if (p->budget == 0)
			seg_end = demo_seg_ambulant(rng, e, &lay, &next);
		else if (!final)
			seg_end = demo_seg_period(rng, p, e, &lay, s, &next);
		else
			seg_end = lay.last;

		/* the last allowed segment: to the end of the episode, or ends it */
		if (final && p->budget == 0)
			seg_end = lay.last;
		else if (final)
			lay.last = seg_end;

		s->end_date = seg_end;
		s->ended = true;
		p->nsegments++;
		lay.nseg++;
		lay.pos = seg_end + 1;
		lay.cur = next;
	}
	return lay.last;
}

/* a request on 'date' and its waiting time; false when after as_of */
static bool
demo_add_request(DemoRng *rng, const DemoArgs *args, DemoPerson *p,
				 DateADT date, int group, bool youth)
{
	DemoRequest *r = &p->requests[p->nrequests];
	int32		u;
	int32		wait;

	if (date > args->as_of || p->nrequests >= DEMO_MAX_REQUESTS)
		return false;

	r->request_id = p->person_id * 100 + (p->nrequests + 1);
	r->request_date = date;
	r->track = (group == SG_ALCOHOL) ? 0 : 1;
	if (youth)
		r->legal_basis = LB_BL33;
	else if (p->anonymous)
		r->legal_basis = (group == SG_ALCOHOL) ? LB_SUL141 : LB_SEL101A;
	else if (group == SG_ALCOHOL)
		r->legal_basis = LB_SUL141;
	else if (group == SG_OPIOID && demo_chance(rng, 7500))
		r->legal_basis = LB_SUL142;
	else
		r->legal_basis = LB_SEL101;

	/* waiting time: straks (0-1 day), within the guarantee, or longer */
	u = demo_below(rng, 10000);
	if (u < 3000)
		wait = demo_below(rng, 2);
	else if (u < 8800)
		wait = demo_between(rng, 2, 14);
	else
		wait = demo_between(rng, 15, 75);

	r->waiver = 0;
	u = demo_below(rng, 10000);
	if (wait > 14)
		r->waiver = (u < 5000) ? 1 : (u < 7500) ? 2 : 0;
	else if (u < 800)
		r->waiver = 1;

	r->initiation_date = date + wait;
	r->initiated = (r->initiation_date <= args->as_of);
	p->nrequests++;
	return true;
}

/* draw an episode length (days) for a substance group */
static int32
demo_episode_length(DemoRng *rng, int group, bool anonymous)
{
	if (anonymous)
		return demo_lognormal(rng, 120);
	switch (group)
	{
		case SG_ALCOHOL:
			return demo_lognormal(rng, 265);
		case SG_NON_OPIOID:
			return demo_lognormal(rng, 265);
		default:
			return demo_lognormal(rng, 3300);
	}
}

/* discharge reason, deaths more common in opioid treatment */
static int
demo_discharge_reason(DemoRng *rng, int group)
{
	static const int32 w_other[DR_COUNT] = {5000, 2500, 800, 500, 300, 200, 700};
	static const int32 w_opioid[DR_COUNT] = {3500, 2800, 800, 700, 700, 800, 700};

	return demo_pick(rng, group == SG_OPIOID ? w_opioid : w_other, DR_COUNT);
}

/* a provider other than 'avoid' (0: any); youth mostly at the youth unit */
static int32
demo_provider(DemoRng *rng, bool youth, int32 avoid)
{
	int32		id;

	if (youth && demo_chance(rng, 7000))
		id = DEMO_YOUTH;
	else
		id = demo_pick(rng, provider_weight, DEMO_PROVIDERS) + 1;
	if (id == avoid)
		id = (id % DEMO_PROVIDERS) + 1;
	return id;
}

/*
 * Who the person is: anonymous, sex, residence (a few from other
 * municipalities).  Returns the substance group.
 */
static int
demo_person_who(DemoRng *rng, const DemoArgs *args, DemoPerson *p)
{
	int32		u;

	p->anonymous = demo_chance(rng, 300);
	p->sex = demo_chance(rng, 6800) ? 0 : 1;
	u = demo_below(rng, 10000);
	if (u < 400)
	{
		int			nother = lengthof(other_municipalities);
		int			k = demo_below(rng, nother);

		if (other_municipalities[k] == args->home)
			k = (k + 1) % nother;
		p->municipality = other_municipalities[k];
	}
	else
		p->municipality = args->home;
	if (p->anonymous)
		p->municipality = args->home;

	u = demo_below(rng, 10000);
	return (u < 4000) ? SG_ALCOHOL : (u < 8500) ? SG_NON_OPIOID : SG_OPIOID;
}

/*
 * The first request, over the last 10 years (opioid treatment: 15), and the
 * age then, which gives the birth date; older persons are more common in
 * later years.  Under 18 no opioid group.  Returns the request's date.
 */
static DateADT
demo_person_first_request(DemoRng *rng, const DemoArgs *args, DemoPerson *p,
						  int *group, int32 *window_out)
{
	int32		window = (*group == SG_OPIOID) ? 5479 : 3652;
	DateADT		window_start = args->as_of - window;
	DateADT		date = window_start + demo_below(rng, window + 1);
	int32		w[lengthof(age_bands)];
	int			band;
	int32		age;
	int			i;

	for (i = 0; i < (int) lengthof(age_bands); i++)
		w[i] = age_bands[i][2];
	band = demo_pick(rng, w, lengthof(age_bands));
	age = age_bands[band][0] + demo_below(rng, age_bands[band][1]);
	if (band >= 4 && band < (int) lengthof(age_bands) - 1 &&
		demo_below(rng, window) < (date - window_start) / 4)
		age += 10;

	p->birth_date = date - age * 365 - (age / 4) - demo_below(rng, 365);
	p->birth_known = !p->anonymous;
	if (age < 18 && *group == SG_OPIOID)
		*group = SG_NON_OPIOID;
	*window_out = window;
	return date;
}

/*
 * With segments_per_person S: the person's budget of segments and the mean
 * outpatient authorisation period that lays it out.  The budget is 1 +
 * (S - 1) x (the person's share of the time since the first request could
 * have been: 0..2, mean 1) x (a triangular draw on 0..2, mean 1), rounded at
 * random, so its mean is S and a longer history holds more segments; the
 * period lays the budget over about half of the person's time (7 days to
 * 6 months).  Draws nothing in the natural shape.
 */
static void
demo_person_plan(DemoRng *rng, const DemoArgs *args, DemoPerson *p,
				 const DemoCourse *c)
{
	int64		share = (int64) (args->as_of - c->date) * 20000 / c->window;
	int64		v;

	p->budget = 0;
	p->period = 0;
	if (args->spp == 0)
		return;

	/* in units of 1e-10 segments: hundredths x 1e4 x 1e4 */
	v = (int64) (args->spp - 100) * share *
		(demo_below(rng, 10001) + demo_below(rng, 10001));
	p->budget = 1 + (int32) (v / INT64CONST(10000000000)) +
		(demo_below(rng, 1000000) < (int32) ((v % INT64CONST(10000000000)) / 10000) ? 1 : 0);
	p->budget = Min(p->budget, DEMO_MAX_EPISODES * DEMO_MAX_SEGMENTS);
	p->period = Max(7, Min(184, (args->as_of - c->date + 1) / (2 * p->budget)));
}

/*
 * How the next episode begins: a transfer enrols on the course's date
 * without a request; otherwise a request and its wait.  Returns false when
 * nothing more begins by as_of (the history ends).
 */
static bool
demo_episode_start(DemoRng *rng, const DemoArgs *args, DemoPerson *p,
				   const DemoCourse *c, DemoEpisode *e, bool youth)
{
	DemoRequest *r;

	if (c->transfer)
	{
		e->request_id = 0;
		e->enrol_date = c->date;
		return c->date <= args->as_of;
	}
	if (!demo_add_request(rng, args, p, c->date, c->group, youth))
		return false;
	r = &p->requests[p->nrequests - 1];
	if (!r->initiated)
		return false;			/* still waiting at as_of */
	e->request_id = r->request_id;
	e->enrol_date = r->initiation_date;
	return true;
}

/*
 * The episode's provider, substitution, length, first intensity, discharge
 * reason and segments, censored at as_of: what starts later is dropped,
 * what runs on is open.  Returns false when the episode is still open on
 * as_of (the history ends there).
 */
static bool
demo_episode_body(DemoRng *rng, const DemoArgs *args, DemoPerson *p,
				  const DemoCourse *c, DemoEpisode *e, bool youth)
{
	int			first_seg = p->nsegments;
	int32		length;
	Intensity	first;
	DateADT		last;

	e->episode_id = p->person_id * 100 + (p->nepisodes + 1);
	e->group = c->group;
	e->provider_id = demo_provider(rng, youth, c->transfer ? c->transfer_from : 0);
	e->substitution = (c->group == SG_OPIOID && !p->anonymous &&
					   demo_chance(rng, 7500));
	length = demo_episode_length(rng, c->group, p->anonymous);
	first = c->transfer ? INTENSITY_AMBULANT :
		demo_first_intensity(rng, c->group, youth, p->anonymous);
	e->reason = demo_discharge_reason(rng, c->group);

	last = demo_lay_segments(rng, args, p, e, first, length, youth);
	p->nepisodes++;
	if (last > args->as_of)
	{
		while (p->nsegments > first_seg &&
			   p->segments[p->nsegments - 1].start_date > args->as_of)
			p->nsegments--;
		p->segments[p->nsegments - 1].ended = false;
		e->discharged = false;
		return false;
	}
	e->discharged = true;
	e->discharge_date = last;
	return true;
}

/*
 * What follows a discharge: nothing after death, for anonymous persons or
 * once the budget is laid out; a transfer continues at another provider 1-7
 * days later; otherwise a re-enrolment after a gap (in the natural shape
 * only with a chance that depends on the discharge reason), now and then in
 * another substance group.  Returns false when the history ends.
 */
static bool
demo_course_next(DemoRng *rng, const DemoPerson *p, const DemoEpisode *e,
				 DemoCourse *c)
{
	static const int32 again[DR_COUNT] = {2500, 4500, 0, 3500, 5000, 0, 3000};

	if (p->anonymous || e->reason == DR_DEATH)
		return false;
	if (p->budget > 0 && p->nsegments >= p->budget)
		return false;
	if (e->reason == DR_TRANSFERRED)
	{
		c->transfer = true;
		c->transfer_from = e->provider_id;
		c->date = e->discharge_date + demo_between(rng, 1, 7);
		return true;
	}
	c->transfer = false;
	if (p->budget > 0)
		c->date = e->discharge_date + 14 + demo_lognormal(rng, 60);
	else
	{
		if (!demo_chance(rng, again[e->reason] + (c->group == SG_OPIOID ? 1500 : 0)))
			return false;
		c->date = e->discharge_date + 14 + demo_lognormal(rng, 300);
	}
	if (c->group != SG_OPIOID && demo_chance(rng, 800))
		c->group = (c->group == SG_ALCOHOL) ? SG_NON_OPIOID : SG_ALCOHOL;
	return true;
}

/*
 * Generate the whole history of person n: who, the first request, the plan
 * (with segments_per_person), then courses of request, wait, episode and
 * segments until the history ends.  Every draw comes from the person's own
 * stream in a fixed order, so the result depends only on (seed, n, as_of,
 * home, segments_per_person), and the person (demo_persons) not even on
 * segments_per_person.
 */
static void
demo_generate_person(const DemoArgs *args, int64 n, DemoPerson *p)
{
	DemoRng		rng;
	DemoCourse	c;

	demo_seed(&rng, args->seed, n);
	p->person_id = n;
	p->nrequests = p->nepisodes = p->nsegments = 0;

	c.group = demo_person_who(&rng, args, p);
	c.date = demo_person_first_request(&rng, args, p, &c.group, &c.window);
	c.transfer = false;
	c.transfer_from = 0;
	demo_person_plan(&rng, args, p, &c);

	while (p->nepisodes < DEMO_MAX_EPISODES)
	{
		DemoEpisode *e = &p->episodes[p->nepisodes];
		bool		youth = (c.date - p->birth_date) < 18 * 365 + 4;

		if (!demo_episode_start(&rng, args, p, &c, e, youth) ||
			!demo_episode_body(&rng, args, p, &c, e, youth) ||
			!demo_course_next(&rng, p, e, &c))
			break;
	}
}

/* ---------------------------------------------------------------------
 * Set-returning functions
 * ---------------------------------------------------------------------
 */
typedef enum DemoKind
{
	DEMO_PERSONS,
	DEMO_REQUESTS,
	DEMO_EPISODES,
	DEMO_SEGMENTS,
	DEMO_REGISTRY_SEGMENTS
} DemoKind;

/* the text values of the output columns, built once per call */
typedef struct DemoTexts
{
	Datum	   *group;
	Datum	   *basis;
	Datum	   *reason;
	Datum	   *waiver;
	Datum	   *sex;
	Datum	   *track;
} DemoTexts;

/*
 * segments_per_person in hundredths (rounded half away from zero), checked
 * to lie between 1 and 50.
 */
static int32
demo_spp_hundredths(Numeric num)
{
	Datum		d = NumericGetDatum(num);
	Datum		lo = NumericGetDatum(int64_to_numeric(DEMO_SPP_MIN / 100));
	Datum		hi = NumericGetDatum(int64_to_numeric(DEMO_SPP_MAX / 100));

	if (numeric_is_nan(num) ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, d, lo)) < 0 ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, d, hi)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segments per person %s out of range",
						DatumGetCString(DirectFunctionCall1(numeric_out, d))),
				 errdetail("The demo registry lays out from %d to %d segments per person on average.",
						   DEMO_SPP_MIN / 100, DEMO_SPP_MAX / 100),
				 errhint("Give NULL for the natural shape (about 1.75 segments per person), or a value such as 10.")));
	return DatumGetInt32(DirectFunctionCall1(numeric_int4,
											 DirectFunctionCall2(numeric_mul, d,
																 NumericGetDatum(int64_to_numeric(100)))));
}

/*
 * Read and check the arguments (persons, seed, as_of[, home |
 * segments_per_person]).  Returns false when persons, seed or as_of is
 * NULL: no rows, as for a strict function (the functions with
 * segments_per_person are not strict, its NULL being the natural shape).
 */
static bool
demo_args(FunctionCallInfo fcinfo, DemoKind kind, DemoArgs *args)
{
	DateADT		lo = demo_date(1950, 1, 1);
	DateADT		hi = demo_date(2199, 12, 31);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return false;
	args->persons = PG_GETARG_INT32(0);
	args->seed = PG_GETARG_INT32(1);
	args->as_of = PG_GETARG_DATEADT(2);
	args->home = 169;
	args->dag_policy = demo_date(DEMO_DAG_POLICY_Y, DEMO_DAG_POLICY_M, DEMO_DAG_POLICY_D);
	args->spp = 0;

	if (args->persons < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of persons must not be negative"),
				 errdetail("The number of persons given was %d.", args->persons),
				 errhint("Give 0 or more persons, e.g. 1000.")));
	if (DATE_NOT_FINITE(args->as_of) || args->as_of < lo || args->as_of > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of date out of range for the demo registry"),
				 errdetail("The demo registry covers up to 15 years before as_of and persons up to 100 years old."),
				 errhint("Give an as_of date from 1950-01-01 to 2199-12-31.")));
	if (kind == DEMO_PERSONS)
	{
		int32		home = PG_GETARG_INT16(3);

		if (home < 101 || home > 999)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("home municipality code %d out of range", home),
					 errdetail("A kommunekode lies between 101 and 999."),
					 errhint("Give the registry's own kommunekode, e.g. 169 for Høje-Taastrup.")));
		args->home = (int16) home;
	}
	else if (!PG_ARGISNULL(3))
		args->spp = demo_spp_hundredths(PG_GETARG_NUMERIC(3));
	return true;
}

/* constant text values, built once per call and copied by the tuplestore */
static Datum *
demo_texts(const char *const *names, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
		d[i] = names[i] ? PointerGetDatum(cstring_to_text(names[i])) : (Datum) 0;
	return d;
}

/* every text column's values */
static void
demo_texts_init(DemoTexts *t)
{
	static const char *const track_names[] = {"alcohol", "drugs"};

	t->group = demo_texts(substance_group_names, lengthof(substance_group_names));
	t->basis = demo_texts(legal_basis_names, lengthof(legal_basis_names));
	t->reason = demo_texts(discharge_reason_names, lengthof(discharge_reason_names));
	t->waiver = demo_texts(waiver_names, lengthof(waiver_names));
	t->sex = demo_texts(sex_names, lengthof(sex_names));
	t->track = demo_texts(track_names, lengthof(track_names));
}

/* the person's row (treg.person) */
static void
demo_emit_person(ReturnSetInfo *rsinfo, const DemoTexts *t, const DemoPerson *p)
{
	Datum		values[5];
	bool		nulls[5] = {false};

	values[0] = Int64GetDatum(p->person_id);
	values[1] = BoolGetDatum(p->anonymous);
	values[2] = DateADTGetDatum(p->birth_date);
	nulls[2] = !p->birth_known;
	values[3] = t->sex[p->sex];
	values[4] = Int16GetDatum(p->municipality);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* the person's requests (treg.request) */
static void
demo_emit_requests(ReturnSetInfo *rsinfo, const DemoTexts *t, const DemoPerson *p)
{
	Datum		values[7];
	bool		nulls[7] = {false};
	int			i;

	for (i = 0; i < p->nrequests; i++)
	{
		const DemoRequest *r = &p->requests[i];

		values[0] = Int64GetDatum(r->request_id);
		values[1] = Int64GetDatum(p->person_id);
		values[2] = DateADTGetDatum(r->request_date);
		values[3] = t->track[r->track];
		values[4] = t->basis[r->legal_basis];
		values[5] = DateADTGetDatum(r->initiation_date);
		nulls[5] = !r->initiated;
		values[6] = t->waiver[r->waiver];
		nulls[6] = (r->waiver == 0);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* the person's episodes (treg.episode) */
static void
demo_emit_episodes(ReturnSetInfo *rsinfo, const DemoTexts *t, const DemoPerson *p)
{
	Datum		values[8];
	bool		nulls[8] = {false};
	int			i;

	for (i = 0; i < p->nepisodes; i++)
	{
		const DemoEpisode *e = &p->episodes[i];

		values[0] = Int64GetDatum(e->episode_id);
		values[1] = Int64GetDatum(p->person_id);
		values[2] = Int32GetDatum(e->provider_id);
		values[3] = Int64GetDatum(e->request_id);
		nulls[3] = (e->request_id == 0);
		values[4] = DateADTGetDatum(e->enrol_date);
		values[5] = DateADTGetDatum(e->discharge_date);
		nulls[5] = !e->discharged;
		values[6] = t->reason[e->reason];
		nulls[6] = !e->discharged;
		values[7] = t->group[e->group];
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* the person's segments (treg.segment; the substitution flag if asked) */
static void
demo_emit_segments(ReturnSetInfo *rsinfo, const DemoPerson *p)
{
	Datum		values[8];
	bool		nulls[8] = {false};
	int			i;

	for (i = 0; i < p->nsegments; i++)
	{
		const DemoSegment *s = &p->segments[i];

		values[0] = Int64GetDatum(p->person_id);
		values[1] = Int64GetDatum(s->episode_id);
		values[2] = Int64GetDatum(s->segment_id);
		values[3] = IntensityGetDatum(s->intensity);
		values[4] = DateADTGetDatum(s->start_date);
		values[5] = DateADTGetDatum(s->end_date);
		nulls[5] = !s->ended;
		values[6] = DateADTGetDatum(s->planned_end_date);
		nulls[6] = !s->planned;
		values[7] = BoolGetDatum(s->substitution);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* generate persons 1..persons and emit the rows of one table */
static Datum
demo_srf(FunctionCallInfo fcinfo, DemoKind kind)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DemoArgs	args;
	DemoTexts	t;
	DemoPerson *p;
	bool		any;
	int64		n;

	any = demo_args(fcinfo, kind, &args);
	InitMaterializedSRF(fcinfo, 0);
	if (!any)
		return (Datum) 0;

	demo_texts_init(&t);
	p = palloc(sizeof(DemoPerson));

	for (n = 1; n <= args.persons; n++)
	{
		CHECK_FOR_INTERRUPTS();
		demo_generate_person(&args, n, p);
		if (kind == DEMO_PERSONS)
			demo_emit_person(rsinfo, &t, p);
		else if (kind == DEMO_REQUESTS)
			demo_emit_requests(rsinfo, &t, p);
		else if (kind == DEMO_EPISODES)
			demo_emit_episodes(rsinfo, &t, p);
		else
			demo_emit_segments(rsinfo, p);
	}

	return (Datum) 0;
}

/*
 * demo_persons(persons int4, seed int4, as_of date, home_municipality int2)
 *		RETURNS TABLE(person_id, anonymous, birth_date, sex, municipality_code)
 *
 * The persons of the demo registry, shaped like treg.person (the same for
 * any segments_per_person of the other generators).
 */
Datum
demo_persons(PG_FUNCTION_ARGS)
{
	return demo_srf(fcinfo, DEMO_PERSONS);
}

/*
 * demo_requests(persons int4, seed int4, as_of date, segments_per_person numeric)
 *		RETURNS TABLE(request_id, person_id, request_date, track, legal_basis,
 *					  initiation_date, waiver)
 *
 * The requests of the demo registry, shaped like treg.request.
 */
Datum
demo_requests(PG_FUNCTION_ARGS)
{
	return demo_srf(fcinfo, DEMO_REQUESTS);
}

/*
 * demo_episodes(persons int4, seed int4, as_of date, segments_per_person numeric)
 *		RETURNS TABLE(episode_id, person_id, provider_id, request_id,
 *					  enrol_date, discharge_date, discharge_reason,
 *					  substance_group)
 *
 * The episodes of the demo registry, shaped like treg.episode.
 */
Datum
demo_episodes(PG_FUNCTION_ARGS)
{
	return demo_srf(fcinfo, DEMO_EPISODES);
}

/*
 * demo_segments(persons int4, seed int4, as_of date, segments_per_person numeric)
 *		RETURNS TABLE(person_id, episode_id, segment_id, intensity,
 *					  start_date, end_date, planned_end_date)
 *
 * The intensity segments of the demo registry, for plain benchmark tables.
 */
Datum
demo_segments(PG_FUNCTION_ARGS)
{
	return demo_srf(fcinfo, DEMO_SEGMENTS);
}

/*
 * demo_registry_segments(persons int4, seed int4, as_of date,
 *						  segments_per_person numeric)
 *		RETURNS TABLE(person_id, episode_id, segment_id, intensity,
 *					  start_date, end_date, planned_end_date,
 *					  opioid_substitution)
 *
 * demo_segments with the opioid substitution flag, shaped like treg.segment.
 */
Datum
demo_registry_segments(PG_FUNCTION_ARGS)
{
	return demo_srf(fcinfo, DEMO_REGISTRY_SEGMENTS);
}
