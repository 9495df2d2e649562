/*-------------------------------------------------------------------------
 *
 * care_timeline_io.c
 *	  The care_timeline type: storage format, normalisation, text and
 *	  binary input/output.
 *
 * A care_timeline holds one person's care history as sorted,
 * non-overlapping, maximal day ranges, each with an intensity and an
 * optional planned end.  Every way of making a timeline (the aggregates,
 * text and binary input, merging) goes through timeline_normalise, which
 * applies the rules of DESIGN.md:
 *
 *	- on a day covered by several segments the most intensive one wins;
 *	- the planned end of a day is the latest planned end among the winning
 *	  segments covering it (NULL if none has one);
 *	- touching or overlapping days with the same intensity and the same
 *	  planned end collapse into one segment.  Two touching segments of one
 *	  intensity with different planned ends stay apart, so no day loses
 *	  its planned end and merging timelines (rollup, parallel partial
 *	  states) gives exactly the timeline of all the rows;
 *	- the result does not depend on the order of the input.
 *
 * Text form: {ambulant [2024-01-01,2024-03-31]; dag [2024-04-01,) planned
 * 2024-10-01}.  Ranges are inclusive, ")" marks an open end, dates are ISO.
 *
 * extension/types/care_timeline_io.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/care_timeline.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "port/pg_bitutils.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(care_timeline_in);
PG_FUNCTION_INFO_V1(care_timeline_out);
PG_FUNCTION_INFO_V1(care_timeline_recv);
PG_FUNCTION_INFO_V1(care_timeline_send);
PG_FUNCTION_INFO_V1(care_timeline_eq);
PG_FUNCTION_INFO_V1(care_timeline_ne);
PG_FUNCTION_INFO_V1(care_timeline_hash);
PG_FUNCTION_INFO_V1(care_timeline_hash_extended);

/* Up to this many segments, the overlap sweep works on the stack. */
#define SMALL_SEGS 16

/* Bytes one segment takes on disk, with and without a planned end. */
#define SEG_BYTES(hp) ((hp) ? 13 : 9)

/* ----------------------------------------------------------------
 * Storage
 * ----------------------------------------------------------------
 */

void
timeline_view(const CareTimeline *tl, TimelineView *v)
{
	int32		n = tl->nsegs;
	bool		hp = (tl->flags & TIMELINE_HAS_PLANNED) != 0;
	const char *p = tl->data;

	treg_check_format_version(tl->version, TIMELINE_FORMAT_VERSION,
							  "care_timeline");
	if (n < 0 || (Size) VARSIZE(tl) != TIMELINE_HDRSZ + (Size) n * SEG_BYTES(hp))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt care_timeline value"),
				 errdetail("The size %u does not match %d segments.",
						   (unsigned) VARSIZE(tl), n)));
	v->n = n;
	v->start = (const int32 *) p;
	p += sizeof(int32) * n;
	v->end = (const int32 *) p;
	p += sizeof(int32) * n;
	if (hp)
	{
		v->planned = (const int32 *) p;
		p += sizeof(int32) * n;
	}
	else
		v->planned = NULL;
	v->intensity = (const uint8 *) p;
}

CareTimeline *
timeline_build(const TimelineSeg *segs, int n)
{
	bool		hp = false;
	Size		size;
	CareTimeline *tl;
	int32	   *start;
	int32	   *end;
	int32	   *planned = NULL;
	uint8	   *inten;
	int			i;

	for (i = 0; i < n; i++)
		if (segs[i].planned != TIMELINE_NO_PLANNED)
		{
			hp = true;
			break;
		}
	size = TIMELINE_HDRSZ + (Size) n * SEG_BYTES(hp);
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("care_timeline too large"),
				 errdetail("A timeline of %d segments does not fit in 1 GB.", n)));
	tl = (CareTimeline *) palloc(size);
	SET_VARSIZE(tl, size);
	tl->version = TIMELINE_FORMAT_VERSION;
	tl->flags = hp ? TIMELINE_HAS_PLANNED : 0;
	tl->reserved = 0;
	tl->nsegs = n;
	start = (int32 *) tl->data;
	end = start + n;
	if (hp)
	{
		planned = end + n;
		inten = (uint8 *) (planned + n);
	}
	else
		inten = (uint8 *) (end + n);
	for (i = 0; i < n; i++)
	{
		start[i] = segs[i].start;
		end[i] = segs[i].end;
		if (hp)
			planned[i] = segs[i].planned;
		inten[i] = segs[i].intensity;
	}
	return tl;
}

/* ----------------------------------------------------------------
 * Normalisation
 * ----------------------------------------------------------------
 */

/* Order of segments: start, end, intensity */
static inline int
seg_cmp(const TimelineSeg *a, const TimelineSeg *b)
{
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	if (a->intensity != b->intensity)
		return a->intensity < b->intensity ? -1 : 1;
	return 0;
}

static int
seg_qcmp(const void *a, const void *b)
{
	return seg_cmp((const TimelineSeg *) a, (const TimelineSeg *) b);
}

static int
int64_qcmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* Insertion sort for the usual handful of (mostly sorted) segments. */
static void
seg_sort(TimelineSeg *s, int n)
{
	int			i;

	if (n > 32)
	{
		qsort(s, n, sizeof(TimelineSeg), seg_qcmp);
		return;
	}
	for (i = 1; i < n; i++)
	{
		TimelineSeg x = s[i];
		int			j = i - 1;

		while (j >= 0 && seg_cmp(&s[j], &x) > 0)
		{
			s[j + 1] = s[j];
			j--;
		}
		s[j + 1] = x;
	}
}

/* First index k in p[0..m) with p[k] >= x. */
static int
lower_bound64(const int64 *p, int m, int64 x)
{
	int			lo = 0;
	int			hi = m;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (p[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append a piece, collapsing it into the previous one when they touch. */
static inline int
emit_piece(TimelineSeg *out, int nout, int64 s, int64 e, uint8 inten,
		   int32 planned)
{
	if (nout > 0 && out[nout - 1].intensity == inten &&
		out[nout - 1].planned == planned &&
		(int64) out[nout - 1].end + 1 == s)
	{
		out[nout - 1].end = (int32) e;
		return nout;
	}
	out[nout].start = (int32) s;
	out[nout].end = (int32) e;
	out[nout].planned = planned;
	out[nout].intensity = inten;
	return nout + 1;
}

/* Sort int64 values: insertion sort for a handful, else qsort. */
static void
int64_sort(int64 *p, int n)
{
	int			i;

	if (n > 32)
	{
		qsort(p, n, sizeof(int64), int64_qcmp);
		return;
	}
	for (i = 1; i < n; i++)
	{
		int64		x = p[i];
		int			j = i - 1;

		while (j >= 0 && p[j] > x)
		{
			p[j + 1] = p[j];
			j--;
		}
		p[j + 1] = x;
	}
}

/*
 * The fast path of timeline_normalise, for sorted segments of which no two
 * share a day: collapse touching ones in place.  Returns the new count.
 */
static int
merge_disjoint(TimelineSeg *segs, int n)
{
	int			nout = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		TimelineSeg s = segs[i];

		nout = emit_piece(segs, nout, s.start, s.end, s.intensity,
						  s.planned);
	}
	return nout;
}

/*
 * The cut points of the time axis (room for 2n): every start and every
 * day after an end, sorted and distinct.  Returns their number.
 */
static int
cut_points(const TimelineSeg *segs, int n, int64 *pts)
{
	int			i,
				m = 0;

	for (i = 0; i < n; i++)
	{
		pts[2 * i] = segs[i].start;
		pts[2 * i + 1] = (int64) segs[i].end + 1;
	}
	int64_sort(pts, 2 * n);
	for (i = 0; i < 2 * n; i++)
		if (m == 0 || pts[m - 1] != pts[i])
			pts[m++] = pts[i];
	return m;
}

/*
 * On each elementary interval [pts[k], pts[k + 1]), the highest intensity
 * covering it (0: none) and the latest planned end among the segments of
 * that intensity.
 */
static void
paint_intervals(const TimelineSeg *segs, int n, const int64 *pts, int m,
				uint8 *bint, int32 *bplan)
{
	int			i;

	for (i = 0; i < m; i++)
	{
		bint[i] = 0;
		bplan[i] = TIMELINE_NO_PLANNED;
	}
	for (i = 0; i < n; i++)
	{
		int			k = lower_bound64(pts, m, segs[i].start);
		int			kend = lower_bound64(pts, m, (int64) segs[i].end + 1);
		uint8		inten = segs[i].intensity;
		int32		planned = segs[i].planned;

		for (; k < kend; k++)
		{
			if (inten > bint[k])
			{
				bint[k] = inten;
				bplan[k] = planned;
			}
			else if (inten == bint[k] && planned > bplan[k])
				bplan[k] = planned;
		}
	}
}

/*
 * The overlap path of timeline_normalise (sorted segments, some sharing a
 * day): cut the time axis at every start and every day after an end into
 * elementary intervals; on each, keep the highest intensity and the latest
 * planned end among the segments of that intensity covering it.  Same
 * contract as timeline_normalise.
 */
static int
normalise_overlapping(TimelineSeg *segs, int n, TimelineSeg **out)
{
	int64	   *pts;
	uint8	   *bint;
	int32	   *bplan;
	TimelineSeg *res;
	int			m,
				i,
				nout = 0;
	int64		small_pts[2 * SMALL_SEGS];
	uint8		small_bint[2 * SMALL_SEGS];
	int32		small_bplan[2 * SMALL_SEGS];
	TimelineSeg small_res[2 * SMALL_SEGS];

	/* small inputs (the usual case) work on the stack */
	if (n <= SMALL_SEGS)
	{
		pts = small_pts;
		bint = small_bint;
		bplan = small_bplan;
	}
	else
	{
		pts = (int64 *) palloc(sizeof(int64) * 2 * n);
		bint = (uint8 *) palloc(2 * n);
		bplan = (int32 *) palloc(sizeof(int32) * 2 * n);
	}
	m = cut_points(segs, n, pts);
	paint_intervals(segs, n, pts, m, bint, bplan);
	res = (n <= SMALL_SEGS) ? small_res :
		(TimelineSeg *) palloc(sizeof(TimelineSeg) * m);
	for (i = 0; i + 1 < m; i++)
		if (bint[i] != 0)
			nout = emit_piece(res, nout, pts[i], pts[i + 1] - 1, bint[i],
							  bplan[i]);
	if (n > SMALL_SEGS)
	{
		pfree(bplan);
		pfree(bint);
		pfree(pts);
	}

	/* the result goes back into segs when it fits, else to a new array */
	if (nout <= n)
	{
		memcpy(segs, res, sizeof(TimelineSeg) * nout);
		if (res != small_res)
			pfree(res);
	}
	else if (res == small_res)
	{
		*out = (TimelineSeg *) palloc(sizeof(TimelineSeg) * nout);
		memcpy(*out, res, sizeof(TimelineSeg) * nout);
	}
	else
		*out = res;
	return nout;
}

int
timeline_normalise(TimelineSeg *segs, int n, TimelineSeg **out)
{
	int			i;

	*out = segs;
	if (n <= 1)
		return n;
	seg_sort(segs, n);

	/* Fast path: no two segments share a day. */
	for (i = 1; i < n; i++)
		if (segs[i].start <= segs[i - 1].end)
			break;
	if (i == n)
		return merge_disjoint(segs, n);
	return normalise_overlapping(segs, n, out);
}

/* ----------------------------------------------------------------
 * Input checks
 * ----------------------------------------------------------------
 */

void
timeline_check_segment(TimelineSeg *seg,
					   bool start_null, int32 start,
					   bool end_null, int32 end,
					   bool planned_null, int32 planned,
					   bool intensity_null, int intensity)
{
	if (start_null)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("start date of a care segment must not be null"),
				 errdetail("Every segment needs its first day."),
				 errhint("Filter out rows without a start date, or give them one.")));
	if (intensity_null)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("intensity of a care segment must not be null"),
				 errdetail("The segment starting on %s has no intensity.",
						   treg_date_str(start)),
				 errhint("Every segment must be ambulant, dag or døgn.")));
	if (DATE_NOT_FINITE(start))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("start date of a care segment must be finite"),
				 errdetail("The segment starts on %s.", treg_date_str(start))));
	if (end_null || end == DATEVAL_NOEND)
		end = TIMELINE_OPEN;
	else if (end < start)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("end date of a care segment is before its start date"),
				 errdetail("The segment starts on %s and ends on %s.",
						   treg_date_str(start), treg_date_str(end)),
				 errhint("End dates are inclusive (a one-day segment ends on its start date); an open segment has a NULL end.")));
	if (planned_null)
		planned = TIMELINE_NO_PLANNED;
	else if (DATE_NOT_FINITE(planned))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("planned end date of a care segment must be finite"),
				 errdetail("The segment starts on %s and has planned end %s.",
						   treg_date_str(start), treg_date_str(planned)),
				 errhint("Use NULL when no end is planned.")));

	/*
	 * A planned end before the start is accepted: a stored piece of a
	 * segment cut by a more intensive one keeps the segment's planned end,
	 * which may lie before the piece.
	 */
	seg->start = start;
	seg->end = end;
	seg->planned = planned;
	seg->intensity = intensity_check((Intensity) intensity);
}

/* ----------------------------------------------------------------
 * Text input and output
 * ----------------------------------------------------------------
 */

/* Raise a syntax error for input str; what explains the rule broken */
static void
tl_syntax_error(const char *str, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					"care_timeline", str),
			 errdetail("%s", what),
			 errhint("Write segments as {ambulant [2024-01-01,2024-03-31]; dag [2024-04-01,) planned 2024-10-01}.")));
}

static const char *
skip_space(const char *p)
{
	while (*p && isspace((unsigned char) *p))
		p++;
	return p;
}

/* Parse the date in [p, stop) (blanks trimmed); *empty when only blanks. */
static int32
parse_date_token(const char *str, const char *p, const char *stop, bool *empty)
{
	char	   *tok;

	p = skip_space(p);
	while (stop > p && isspace((unsigned char) stop[-1]))
		stop--;
	*empty = (stop == p);
	if (*empty)
		return 0;
	tok = pnstrdup(p, stop - p);
	return DatumGetDateADT(DirectFunctionCall1(date_in, CStringGetDatum(tok)));
}

/*
 * Parse the date range of a segment at p, just after its "[": start, a
 * comma, then an end and "]", or nothing and ")" when open.  Returns the
 * position after the closing bracket.
 */
static const char *
parse_date_range(const char *str, const char *p, int32 *start, int32 *end,
				 bool *open)
{
	const char *q = p;
	bool		empty;

	while (*p && *p != ',')
		p++;
	if (*p != ',')
		tl_syntax_error(str, "A date range has a start and an end separated by \",\".");
	*start = parse_date_token(str, q, p, &empty);
	if (empty)
		tl_syntax_error(str, "A segment must have a start date.");
	q = ++p;
	while (*p && *p != ']' && *p != ')')
		p++;
	if (*p == '\0')
		tl_syntax_error(str, "A date range ends with \"]\" or, when open, \")\".");
	*open = (*p == ')');
	*end = 0;
	if (!*open)
	{
		*end = parse_date_token(str, q, p, &empty);
		if (empty)
			tl_syntax_error(str, "A closed range \"]\" needs an end date; an open one ends with \",)\".");
	}
	else
	{
		(void) parse_date_token(str, q, p, &empty);
		if (!empty)
			tl_syntax_error(str, "An open range \")\" has no end date.");
	}
	return p + 1;
}

/*
 * Parse one segment at p: intensity, date range, optional "planned date".
 * Fills *seg (checked) and returns the position after it.
 */
static const char *
parse_segment(const char *str, const char *p, TimelineSeg *seg)
{
	const char *w = p;
	char	   *word;
	Intensity	inten;
	int32		start,
				end,
				planned = 0;
	bool		empty,
				open,
				has_planned = false;

	while (*p && *p != '[' && !isspace((unsigned char) *p))
		p++;
	word = pnstrdup(w, p - w);
	inten = intensity_parse(word);
	if (inten == 0)
		tl_syntax_error(str, psprintf("\"%s\" is not an intensity.", word));
	p = skip_space(p);
	if (*p != '[')
		tl_syntax_error(str, "An intensity is followed by a date range in \"[\".");
	p = skip_space(parse_date_range(str, p + 1, &start, &end, &open));
	if (pg_strncasecmp(p, "planned", 7) == 0 &&
		(isspace((unsigned char) p[7])))
	{
		const char *q = p + 7;

		p = q;
		while (*p && *p != ';' && *p != '}')
			p++;
		planned = parse_date_token(str, q, p, &empty);
		if (empty)
			tl_syntax_error(str, "\"planned\" is followed by a date.");
		has_planned = true;
	}
	timeline_check_segment(seg, false, start, open, end,
						   !has_planned, planned, false, inten);
	return p;
}

/*
 * care_timeline_in(cstring) returns care_timeline
 *
 * Text input: {intensity [start,end]; intensity [start,) planned date; ...}.
 * The segments may come in any order and may overlap: they are normalised
 * exactly as by timeline_agg.
 */
Datum
care_timeline_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *p = skip_space(str);
	TimelineSeg *segs;
	int			n = 0;
	int			cap = 8;

	segs = palloc(sizeof(TimelineSeg) * cap);
	if (*p != '{')
		tl_syntax_error(str, "A timeline starts with \"{\".");
	p = skip_space(p + 1);
	if (*p == '}')
		p++;
	else
	{
		for (;;)
		{
			TimelineSeg seg;

			p = skip_space(parse_segment(str, p, &seg));
			if (n == cap)
			{
				cap *= 2;
				segs = repalloc(segs, sizeof(TimelineSeg) * cap);
			}
			segs[n++] = seg;
			if (*p == ';')
			{
				p = skip_space(p + 1);
				continue;
			}
			if (*p == '}')
			{
				p++;
				break;
			}
			tl_syntax_error(str, "Segments are separated by \";\" and the timeline ends with \"}\".");
		}
	}
	p = skip_space(p);
	if (*p != '\0')
		tl_syntax_error(str, "Nothing may follow the closing \"}\".");
	n = timeline_normalise(segs, n, &segs);
	PG_RETURN_POINTER(timeline_build(segs, n));
}

/*
 * care_timeline_out(care_timeline) returns cstring
 *
 * Text output: segments in date order, ISO dates whatever the DateStyle.
 */
Datum
care_timeline_out(PG_FUNCTION_ARGS)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	TimelineView v;
	StringInfoData buf;
	int			i;

	timeline_view(tl, &v);
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < v.n; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, "; ");
		appendStringInfo(&buf, "%s [%s,", intensity_name(intensity_check(v.intensity[i])),
						 treg_date_str(v.start[i]));
		if (v.end[i] == TIMELINE_OPEN)
			appendStringInfoChar(&buf, ')');
		else
			appendStringInfo(&buf, "%s]", treg_date_str(v.end[i]));
		if (v.planned && v.planned[i] != TIMELINE_NO_PLANNED)
			appendStringInfo(&buf, " planned %s", treg_date_str(v.planned[i]));
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * care_timeline_recv(internal) returns care_timeline
 *
 * Binary input: version byte (1), flags byte, int32 count, then per segment
 * int32 start, int32 end (2147483647 = open), int32 planned end
 * (-2147483648 = none), intensity byte.  Checked and normalised.
 */
Datum
care_timeline_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			n;
	int			cap;
	int			i;
	TimelineSeg *segs;

	treg_check_format_version(version, TIMELINE_FORMAT_VERSION,
							  "care_timeline binary");
	(void) pq_getmsgbyte(buf);	/* flags: informative only */
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > (buf->len - buf->cursor) / 13)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid segment count %d in binary care_timeline", n),
				 errdetail("The message holds %d bytes after the header.",
						   buf->len - buf->cursor)));
	cap = n > 0 ? n : 1;
	segs = palloc(sizeof(TimelineSeg) * cap);
	for (i = 0; i < n; i++)
	{
		int32		start = pq_getmsgint(buf, 4);
		int32		end = pq_getmsgint(buf, 4);
		int32		planned = pq_getmsgint(buf, 4);
		int			inten = pq_getmsgbyte(buf);

		if (!IntensityIsValid(inten))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid intensity %d in binary care_timeline", inten),
					 errdetail("The rank must be 1 (ambulant), 2 (dag) or 3 (doegn).")));
		timeline_check_segment(&segs[i], false, start,
							   end == TIMELINE_OPEN, end,
							   planned == TIMELINE_NO_PLANNED, planned,
							   false, inten);
	}
	n = timeline_normalise(segs, n, &segs);
	PG_RETURN_POINTER(timeline_build(segs, n));
}

/*
 * care_timeline_send(care_timeline) returns bytea
 *
 * Binary output in the format read by care_timeline_recv.
 */
Datum
care_timeline_send(PG_FUNCTION_ARGS)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);
	TimelineView v;
	StringInfoData buf;
	int			i;

	timeline_view(tl, &v);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, TIMELINE_FORMAT_VERSION);
	pq_sendbyte(&buf, tl->flags);
	pq_sendint32(&buf, v.n);
	for (i = 0; i < v.n; i++)
	{
		pq_sendint32(&buf, v.start[i]);
		pq_sendint32(&buf, v.end[i]);
		pq_sendint32(&buf, v.planned ? v.planned[i] : TIMELINE_NO_PLANNED);
		pq_sendbyte(&buf, v.intensity[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ----------------------------------------------------------------
 * Equality and hashing
 *
 * A stored timeline is canonical (normalised segments, flags derived from
 * them, reserved bytes zero), so two timelines are equal exactly when
 * their bytes are.
 * ----------------------------------------------------------------
 */

/* Whether the two timeline arguments are equal */
static bool
timeline_bytes_equal(FunctionCallInfo fcinfo)
{
	CareTimeline *a = PG_GETARG_CARE_TIMELINE_P(0);
	CareTimeline *b = PG_GETARG_CARE_TIMELINE_P(1);

	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

/*
 * care_timeline_eq(care_timeline, care_timeline) returns bool: operator =
 */
Datum
care_timeline_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(timeline_bytes_equal(fcinfo));
}

/*
 * care_timeline_ne(care_timeline, care_timeline) returns bool: operator <>
 */
Datum
care_timeline_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!timeline_bytes_equal(fcinfo));
}

/*
 * care_timeline_hash(care_timeline) returns int: hash support function 1
 */
Datum
care_timeline_hash(PG_FUNCTION_ARGS)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);

	return hash_any((const unsigned char *) VARDATA(tl), VARSIZE(tl) - VARHDRSZ);
}

/*
 * care_timeline_hash_extended(care_timeline, bigint) returns bigint: hash
 * support function 2
 */
Datum
care_timeline_hash_extended(PG_FUNCTION_ARGS)
{
	CareTimeline *tl = PG_GETARG_CARE_TIMELINE_P(0);

	return hash_any_extended((const unsigned char *) VARDATA(tl),
							 VARSIZE(tl) - VARHDRSZ, PG_GETARG_INT64(1));
}
