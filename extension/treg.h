/*-------------------------------------------------------------------------
 *
 * treg.h
 *	  Shared declarations of the treg extension: the intensity type and the
 *	  entry points each engine exposes to the others.
 *
 * One header for the whole extension.  Each engine keeps its own section;
 * engines talk to each other only through the types declared here.
 *
 * extension/treg.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef TREG_H
#define TREG_H

#include "postgres.h"
#include "fmgr.h"

/* ---------------------------------------------------------------------
 * intensity: 1-byte, pass-by-value ordinal type (intensity_io.c,
 * intensity_ops.c).  The stored value is the rank: ambulant < dag < døgn.
 * ---------------------------------------------------------------------
 */
typedef uint8 Intensity;

#define INTENSITY_AMBULANT	1
#define INTENSITY_DAG		2
#define INTENSITY_DOEGN		3
#define INTENSITY_MIN		INTENSITY_AMBULANT
#define INTENSITY_MAX		INTENSITY_DOEGN
#define INTENSITY_COUNT		3

#define IntensityIsValid(i) ((i) >= INTENSITY_MIN && (i) <= INTENSITY_MAX)
#define DatumGetIntensity(X) ((Intensity) DatumGetUInt8(X))
#define IntensityGetDatum(X) UInt8GetDatum(X)
#define PG_GETARG_INTENSITY(n) DatumGetIntensity(PG_GETARG_DATUM(n))
#define PG_RETURN_INTENSITY(x) return IntensityGetDatum(x)

/* Danish name of an intensity in UTF-8 ("ambulant", "dag", "døgn"). */
extern const char *intensity_name_utf8(Intensity i);

/* Danish name converted to the server encoding (palloc'd or static). */
extern const char *intensity_name(Intensity i);

/*
 * Parse an intensity word (any accepted spelling, case-insensitive,
 * surrounding blanks ignored) in the server encoding.  Returns 0 when the
 * word is not accepted; the caller reports the error.
 */
extern Intensity intensity_parse(const char *str);

/* Raise the standard "invalid input syntax for type intensity" error. */
extern void intensity_report_invalid(const char *str) pg_attribute_noreturn();

/* Validate a stored intensity Datum coming from disk or another engine. */
extern Intensity intensity_check(Intensity i);

/* ---------------------------------------------------------------------
 * GUC registration, one function per engine, called from _PG_init (treg.c)
 * ---------------------------------------------------------------------
 */

/* timeline engine */
extern void treg_timeline_guc_init(void);

/* ---------------------------------------------------------------------
 * timeline engine: the care_timeline type (timeline_io.c), its aggregates
 * (timeline_agg.c), accessors (timeline_ops.c) and population summaries
 * (timeline_census.c).
 *
 * A care_timeline is one person's history: sorted, non-overlapping,
 * maximal day ranges, each with an intensity and an optional planned end
 * (touching ranges differ in intensity or planned end).
 * On disk (format version 1) it is a varlena with a 12-byte header and the
 * segments stored column-wise: int32 start[n], int32 end[n], then (only
 * when flag TIMELINE_HAS_PLANNED is set) int32 planned[n], then uint8
 * intensity[n]: 9 bytes per segment, 13 with planned ends.  Dates are
 * DateADT day numbers; an open end is TIMELINE_OPEN (= DATEVAL_NOEND) and
 * a missing planned end TIMELINE_NO_PLANNED (= DATEVAL_NOBEGIN).
 * ---------------------------------------------------------------------
 */
#include "access/tupdesc.h"

#define TIMELINE_FORMAT_VERSION 1
#define TIMELINE_HAS_PLANNED	0x01
#define TIMELINE_OPEN			PG_INT32_MAX
#define TIMELINE_NO_PLANNED		PG_INT32_MIN

typedef struct CareTimeline
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* TIMELINE_FORMAT_VERSION */
	uint8		flags;			/* TIMELINE_HAS_PLANNED */
	uint16		reserved;		/* zero */
	int32		nsegs;			/* number of segments */
	char		data[FLEXIBLE_ARRAY_MEMBER];
} CareTimeline;

#define TIMELINE_HDRSZ offsetof(CareTimeline, data)
#define DatumGetCareTimelineP(X) ((CareTimeline *) PG_DETOAST_DATUM(X))
#define PG_GETARG_CARE_TIMELINE_P(n) DatumGetCareTimelineP(PG_GETARG_DATUM(n))

/* One segment, unpacked (aggregate states, normalisation). 16 bytes. */
typedef struct TimelineSeg
{
	int32		start;			/* first day */
	int32		end;			/* last day (inclusive) or TIMELINE_OPEN */
	int32		planned;		/* planned last day or TIMELINE_NO_PLANNED */
	uint8		intensity;		/* 1..3 */
} TimelineSeg;

/* Read-only view of the columns of a stored timeline. */
typedef struct TimelineView
{
	int32		n;
	const int32 *start;
	const int32 *end;
	const int32 *planned;		/* NULL when no segment has a planned end */
	const uint8 *intensity;
} TimelineView;

/* Check the header of a detoasted timeline and fill a view of it. */
extern void timeline_view(const CareTimeline *tl, TimelineView *v);

/*
 * Sort and normalise segments (most intensive wins on shared days, a day's
 * planned end is the latest among its winners, touching days with equal
 * intensity and planned end collapse).  Returns the new count; *out is
 * segs itself (normalised in place) or, when overlaps cut segments into
 * more pieces than there were segments, a new array palloc'd in the
 * current memory context.
 */
extern int	timeline_normalise(TimelineSeg *segs, int n, TimelineSeg **out);

/* Build a stored timeline from normalised segments. */
extern CareTimeline *timeline_build(const TimelineSeg *segs, int n);

/*
 * Validate one input segment, filling *seg: NULL start or intensity raise
 * 22004, an end before the start 22008 (dates in the detail).  A NULL or
 * infinite end means open.
 */
extern void timeline_check_segment(TimelineSeg *seg,
								   bool start_null, int32 start,
								   bool end_null, int32 end,
								   bool planned_null, int32 planned,
								   bool intensity_null, int intensity);

/* Text form of a date, always ISO (YYYY-MM-DD, " BC" before year 1). */
extern char *timeline_date_str(int32 d);

/*
 * Aggregate state: a growable array of raw segments in one allocation
 * (sized to fill power-of-two chunks: 3, 7, 15, ... segments).
 */
typedef struct TimelineState
{
	int32		n;
	int32		cap;
	TimelineSeg segs[FLEXIBLE_ARRAY_MEMBER];
} TimelineState;

/* Append a segment (st may be NULL); returns the possibly moved state. */
extern TimelineState *timeline_state_new(MemoryContext cxt);
extern TimelineState *timeline_state_add(TimelineState *st,
										 const TimelineSeg *seg,
										 MemoryContext cxt);

/* Set up a materialised SRF result; returns its (cached) tuple desc. */
extern TupleDesc timeline_srf_begin(FunctionCallInfo fcinfo);

/* Episode gap tolerance: treg.episode_gap_days (timeline_ops.c). */
extern int	treg_episode_gap_days;
extern int	timeline_gap_arg(FunctionCallInfo fcinfo, int argno);
extern int32 timeline_asof_arg(FunctionCallInfo fcinfo, int argno);

/*
 * A timeline cut at as_of: segments starting after as_of dropped, the
 * segment covering as_of (if any) marked open and ended at as_of.
 * Returns the number of segments kept (a prefix of the view); *last_open
 * tells whether the last kept segment is open at as_of.
 */
extern int	timeline_censor(const TimelineView *v, int32 as_of, bool *last_open);

/*
 * A "stay": consecutive segments of one intensity inside one episode,
 * joined across gaps of at most gap_days empty days.  Transitions happen
 * between stays.
 */
typedef struct TimelineStay
{
	int32		start;
	int32		end;			/* last day; as_of when open */
	int32		planned;		/* latest planned end, or TIMELINE_NO_PLANNED */
	uint8		intensity;
	bool		open;			/* open at as_of (censored) */
	bool		episode_start;	/* first stay of an episode */
	bool		episode_end;	/* last stay of a closed episode */
} TimelineStay;

/* Split a timeline into stays; returns the count, *stays palloc'd. */
extern int	timeline_stays(const TimelineView *v, int32 as_of, int gap_days,
						   TimelineStay **stays);

/* disclosure engine */
#include "utils/array.h"

/*
 * GUCs (disclosure_guc.c): treg.min_cell_count (k), treg.dominance_n and
 * treg.dominance_k (the (n,k) dominance rule of anon_sum), treg.dominance_p
 * (its p% rule).
 */
extern int	treg_min_cell_count;
extern int	treg_dominance_n;
extern double treg_dominance_k;
extern double treg_dominance_p;
extern void treg_disclosure_guc_init(void);

/*
 * PersonSet (person_set.c): an open-addressing hash set of int8 person ids,
 * optionally with a float8 sum per person.  Lives in one memory context.
 */
typedef struct PersonSet
{
	uint32		capacity;		/* slots, a power of two */
	uint32		nitems;			/* distinct persons, sentinel included */
	bool		with_values;	/* keep a sum per person */
	bool		has_sentinel;	/* the key PERSONSET_EMPTY itself is present */
	double		sentinel_value; /* its sum */
	int64	   *keys;			/* PERSONSET_EMPTY marks a free slot */
	double	   *values;			/* NULL unless with_values */
	MemoryContext cxt;
} PersonSet;

#define PERSONSET_EMPTY PG_INT64_MIN

extern PersonSet *personset_create(MemoryContext cxt, bool with_values);
extern void personset_add(PersonSet *ps, int64 key, double value);
extern void personset_merge(PersonSet *dst, const PersonSet *src);
extern bytea *personset_serialize(const PersonSet *ps);
extern PersonSet *personset_deserialize(bytea *b, bool with_values,
										MemoryContext cxt);

/*
 * SdcTable (sdc_table.c): a two-dimensional table with margins and at most
 * one level of row subtotals, as used by suppression and the audit.
 * Rows: leaf rows, subtotal rows (one per row group), the total row.
 * Columns: leaf columns, then the total column.  Cell (r, c) is at
 * r * ncols + c.
 */
typedef struct SdcTable
{
	int			nrows;
	int			ncols;
	bool		grouped;		/* rows have one level of subtotals */
	char	  **row_group;		/* per row: group label (NULL: none/total) */
	char	  **row_key;		/* per row: row label (NULL: subtotal/total) */
	char	  **col_key;		/* per column: label (NULL: total) */
	int		   *row_parent;		/* per row: parent row, -1 for the total */
	bool	   *row_has_children;
	int			total_row;
	int			total_col;
	int			ncells;			/* nrows * ncols */
	bool	   *present;		/* cell given in the input */
	int		   *input_index;	/* its position in the input arrays, or -1 */
	int64	   *value;			/* value (0 when absent, or unknown) */
	bool	   *suppressed;		/* not published */
	bool	   *hidden;			/* a total missing from the input */
	/* constraints: each is sum(coef * cell) = 0, coef in {+1, -1} */
	int			ncons;
	int		   *con_start;		/* ncons + 1 offsets into con_cell/con_coef */
	int		   *con_cell;
	int8	   *con_coef;
} SdcTable;

extern SdcTable *sdc_table_build(ArrayType *row_keys, ArrayType *col_keys,
								 ArrayType *values, ArrayType *row_groups,
								 bool values_may_be_null);
extern void sdc_table_check_additivity(SdcTable *t, bool all_known);
extern void sdc_cell_keys(const SdcTable *t, int cell, Datum *values, bool *nulls);

/* Bounds of the suppressed cells (sdc_lp.c); false when a bound is infinite */
typedef struct SdcBounds
{
	double	   *low;			/* per cell, only suppressed cells set */
	double	   *high;
	bool	   *high_finite;
} SdcBounds;

/*
 * Exact bounds of every suppressed cell given the published ones, when
 * every suppressed cell is known to be at least floor (0, or 1 for tables
 * whose zeros are never suppressed).  When only_below >= 0, cells whose
 * observed spread already reaches only_below are not optimised (their
 * bounds are then only inner bounds).
 */
extern void sdc_bounds(SdcTable *t, SdcBounds *out, double only_below,
					   int64 floor);

/*
 * Minimise cost . x subject to A x = b, x >= 0 (A dense m x n, row-major;
 * costs non-negative).  Returns false when infeasible.
 */
extern bool sdc_lp_minimise(int m, int n, const double *A, const double *b,
							const double *cost, double *x);

/* Danish calendar, CPR and ICU text */

/*
 * Danish calendar (calendar.c).  Days are Julian day numbers (date2j());
 * the calendar is the proleptic Gregorian one from 1583 on.
 */
#define TREG_CAL_MIN_YEAR	1583

/* Julian day of Easter Sunday of a Gregorian year. */
extern int	treg_easter_jd(int year);

/* Working day: Monday to Friday and not a holiday (optionally customary). */
extern bool treg_is_working_day_jd(int jd, bool customary);

/*
 * The n-th working day after jd (n > 0) or before it (n < 0); jd itself for
 * n = 0.  Raises an error when the result leaves the supported range.
 */
extern int	treg_add_working_days_jd(int jd, int n, bool customary);

/*
 * cpr (cpr_io.c, cpr_ops.c): a CPR number, 4 bytes pass-by-value.  The
 * stored value is (birth date - 1858-01-01 in days) * 10000 + serial, so
 * values sort by birth date, then serial number.
 */
typedef uint32 Cpr;

#define CPR_EPOCH_YEAR		1858
#define CPR_SERIALS			10000
#define DatumGetCpr(X)		((Cpr) DatumGetUInt32(X))
#define CprGetDatum(X)		UInt32GetDatum(X)
#define PG_GETARG_CPR(n)	DatumGetCpr(PG_GETARG_DATUM(n))
#define PG_RETURN_CPR(x)	return CprGetDatum(x)

/* Julian day of the birth date and the serial number (0..9999). */
extern int	cpr_birth_jd(Cpr c);
extern int	cpr_serial(Cpr c);

/* The ten digits DDMMYYSSSS of a CPR number into buf (at least 11 bytes). */
extern void cpr_digits(Cpr c, char *buf);

/* Validate a stored cpr Datum (from disk or the wire). */
extern Cpr	cpr_check(Cpr c);

/* Age in whole years on a day (born 29 February: older on 1 March). */
extern int	treg_age_on_jd(int birth_jd, int on_jd);

/* ICU helpers (icu_text.c): report an ICU error as a user error. */
extern void treg_icu_report(const char *what, int32 status) pg_attribute_noreturn();

/* retention engine */

/*
 * Retention (Kaplan-Meier) state: per-day counts of events and censorings
 * (retention_io.c, retention_agg.c, retention_km.c).  The varlena value of
 * type treg.retention holds the days with a nonzero count, ascending.  The
 * same bytes are the aggregate's serialized partial state, so the first
 * field after the length word is the format version.
 */
#define RETENTION_FORMAT_VERSION 1

typedef struct RetentionDay
{
	int32		day;			/* duration in days, >= 0 */
	int32		unused;			/* zero; keeps the counts 8-byte aligned */
	int64		events;			/* episodes with this duration and an event */
	int64		censored;		/* episodes censored at this duration */
} RetentionDay;

typedef struct Retention
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RETENTION_FORMAT_VERSION */
	uint8		flags;			/* zero in version 1 */
	int16		unused;			/* zero */
	int32		ndays;			/* number of entries in days[] */
	RetentionDay days[FLEXIBLE_ARRAY_MEMBER];
} Retention;

#define RETENTION_HDRSZ offsetof(Retention, days)
#define RETENTION_SIZE(n) (RETENTION_HDRSZ + (Size) (n) * sizeof(RetentionDay))
#define DatumGetRetentionP(X) ((Retention *) PG_DETOAST_DATUM(X))
#define PG_GETARG_RETENTION_P(n) DatumGetRetentionP(PG_GETARG_DATUM(n))

/* Aggregate transition state (opaque outside retention_agg.c). */
typedef struct RetentionState RetentionState;

extern RetentionState *retention_state_create(MemoryContext cxt);
extern void retention_state_add(RetentionState *state, int32 day,
								int64 events, int64 censored);
extern void retention_state_add_retention(RetentionState *state,
										  const Retention *r);
extern Retention *retention_state_flatten(RetentionState *state);

/* Check a retention value read from disk, a client or a partial state. */
extern void retention_validate(const Retention *r, Size size);

#endif							/* TREG_H */
