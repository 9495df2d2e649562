/*-------------------------------------------------------------------------
 *
 * cell_key.c
 *	  Consistent cell-key perturbation of person counts: record keys,
 *	  cell keys and the noise drawn from them.
 *
 * The method of flexible table builders at statistics offices (ABS
 * TableBuilder, the ONS 2021 census, Destatis/Eurostat perturbation
 * tables), in the sticky form of pg_diffix:
 *
 *	- every person has a secret record key, SipHash-2-4 of the person id
 *	  under a secret key of the data owner (record_key);
 *	- a cell's key is the sum (mod 2^64) of the record keys of the distinct
 *	  persons in it (cell_agg), so it is a function of the set of persons
 *	  alone: the same persons give the same key in any table, query or
 *	  order, and a set that differs by one person gets an unrelated key;
 *	- the noise added to a count is drawn from the cell key (noisy_count):
 *	  a discrete Gaussian with the data owner's standard deviation, read
 *	  off by inverse CDF from a 53-bit uniform that is SipHash of (cell key,
 *	  count, stream).  Asking again gives the same answer, so repetition
 *	  teaches nothing; differencing two cells gives the difference of two
 *	  unrelated noises, not a person.
 *
 * Empty cells stay 0 (no persons, no key).  A noisy value below 1 is
 * published as 0, one from 1 to min_count - 1 is suppressed (NULL).
 * The functions take every setting as an argument: the engine reads no
 * table and no GUC.
 *
 * extension/engines/disclosure/cell_key.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(record_key);
PG_FUNCTION_INFO_V1(cell_agg_trans);
PG_FUNCTION_INFO_V1(cell_agg_combine);
PG_FUNCTION_INFO_V1(cell_agg_serial);
PG_FUNCTION_INFO_V1(cell_agg_deserial);
PG_FUNCTION_INFO_V1(cell_agg_final);
PG_FUNCTION_INFO_V1(noisy_count);
PG_FUNCTION_INFO_V1(noise_deviate);

#define CELL_STATE_VERSION	1
#define SECRET_BYTES		16
#define NOISE_SD_MAX		50.0

/* Aggregate state of cell_agg: the distinct persons and the secret. */
typedef struct CellState
{
	PersonSet  *persons;
	bool		have_secret;
	uint8		secret[SECRET_BYTES];
} CellState;

/* ----------------------------------------------------------------
 * SipHash-2-4 of 8-byte words (Aumasson and Bernstein, 2012)
 * ----------------------------------------------------------------
 */

#define ROTL64(x, b) (uint64) (((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND \
	do { \
		v0 += v1; v1 = ROTL64(v1, 13); v1 ^= v0; v0 = ROTL64(v0, 32); \
		v2 += v3; v3 = ROTL64(v3, 16); v3 ^= v2; \
		v0 += v3; v3 = ROTL64(v3, 21); v3 ^= v0; \
		v2 += v1; v1 = ROTL64(v1, 17); v1 ^= v2; v2 = ROTL64(v2, 32); \
	} while (0)

/*
 * SipHash-2-4 under the key (k0, k1) of a message of nwords 64-bit words
 * (the words taken as little-endian integers, so the result does not
 * depend on the platform).
 */
static uint64
siphash24(uint64 k0, uint64 k1, const uint64 *words, int nwords)
{
	uint64		v0 = k0 ^ UINT64CONST(0x736f6d6570736575);
	uint64		v1 = k1 ^ UINT64CONST(0x646f72616e646f6d);
	uint64		v2 = k0 ^ UINT64CONST(0x6c7967656e657261);
	uint64		v3 = k1 ^ UINT64CONST(0x7465646279746573);
	uint64		last = ((uint64) (nwords * 8)) << 56;
	int			i;

	for (i = 0; i < nwords; i++)
	{
		v3 ^= words[i];
		SIPROUND;
		SIPROUND;
		v0 ^= words[i];
	}
	v3 ^= last;
	SIPROUND;
	SIPROUND;
	v0 ^= last;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The two key words of a 16-byte secret, little-endian. */
static void
secret_words(const uint8 *secret, uint64 *k0, uint64 *k1)
{
	int			i;

	*k0 = 0;
	*k1 = 0;
	for (i = 7; i >= 0; i--)
	{
		*k0 = (*k0 << 8) | secret[i];
		*k1 = (*k1 << 8) | secret[8 + i];
	}
}

/* The first 16 bytes of a secret argument; 22023 when it is shorter. */
static void
secret_arg(bytea *secret, uint8 *out)
{
	if (VARSIZE_ANY_EXHDR(secret) < SECRET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("record key secret must be at least %d bytes long",
						SECRET_BYTES),
				 errdetail("The secret has %d bytes.",
						   (int) VARSIZE_ANY_EXHDR(secret)),
				 errhint("Use a random key, e.g. from gen_random_uuid().")));
	memcpy(out, VARDATA_ANY(secret), SECRET_BYTES);
}

static uint64
person_record_key(const uint8 *secret, int64 person_id)
{
	uint64		k0,
				k1;
	uint64		word = (uint64) person_id;

	secret_words(secret, &k0, &k1);
	return siphash24(k0, k1, &word, 1);
}

/*
 * record_key(person_id bigint, secret bytea) returns bigint
 *
 * The person's secret record key: SipHash-2-4 of the id under the first
 * 16 bytes of the secret.
 */
Datum
record_key(PG_FUNCTION_ARGS)
{
	uint8		secret[SECRET_BYTES];

	secret_arg(PG_GETARG_BYTEA_PP(1), secret);
	PG_RETURN_INT64((int64) person_record_key(secret, PG_GETARG_INT64(0)));
}

/* ----------------------------------------------------------------
 * cell_agg(person_id bigint, secret bytea) returns person_cell
 * ----------------------------------------------------------------
 */

static CellState *
cell_state_new(MemoryContext cxt)
{
	CellState  *st = MemoryContextAllocZero(cxt, sizeof(CellState));

	st->persons = personset_create(cxt, false);
	return st;
}

/* Remember the secret of the first row; every row must bring the same. */
static void
cell_state_secret(CellState *st, const uint8 *secret)
{
	if (!st->have_secret)
	{
		memcpy(st->secret, secret, SECRET_BYTES);
		st->have_secret = true;
	}
	else if (memcmp(st->secret, secret, SECRET_BYTES) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell_agg secret must be the same in every row"),
				 errdetail("Two rows of one cell came with different secrets.")));
}

/*
 * cell_agg_trans(internal, bigint, bytea) returns internal
 *
 * Add a person (NULL ids are skipped; a NULL secret is an error).
 */
Datum
cell_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = treg_agg_context(fcinfo, "cell_agg_trans");
	CellState  *st = PG_ARGISNULL(0) ? cell_state_new(cxt) :
		(CellState *) PG_GETARG_POINTER(0);
	uint8		secret[SECRET_BYTES];

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cell_agg secret must not be null")));
	secret_arg(PG_GETARG_BYTEA_PP(2), secret);
	cell_state_secret(st, secret);
	if (!PG_ARGISNULL(1))
		personset_add(st->persons, PG_GETARG_INT64(1), 0.0);
	PG_RETURN_POINTER(st);
}

/*
 * cell_agg_combine(internal, internal) returns internal: the union of two
 * partial sets of persons.
 */
Datum
cell_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = treg_agg_context(fcinfo, "cell_agg_combine");
	CellState  *a = PG_ARGISNULL(0) ? NULL : (CellState *) PG_GETARG_POINTER(0);
	CellState  *b = PG_ARGISNULL(1) ? NULL : (CellState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = cell_state_new(cxt);
	if (b->have_secret)
		cell_state_secret(a, b->secret);
	personset_merge(a->persons, b->persons);
	PG_RETURN_POINTER(a);
}

/*
 * cell_agg_serial(internal) returns bytea
 *
 * Format version 1: a version byte, a flag byte (1 when a secret is
 * present), the 16 secret bytes, then the person set in its own format.
 */
Datum
cell_agg_serial(PG_FUNCTION_ARGS)
{
	CellState  *st = (CellState *) PG_GETARG_POINTER(0);
	bytea	   *set = personset_serialize(st->persons);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CELL_STATE_VERSION);
	pq_sendbyte(&buf, st->have_secret ? 1 : 0);
	pq_sendbytes(&buf, (const char *) st->secret, SECRET_BYTES);
	pq_sendbytes(&buf, VARDATA(set), VARSIZE(set) - VARHDRSZ);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * cell_agg_deserial(bytea, internal) returns internal
 */
Datum
cell_agg_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const uint8 *p = (const uint8 *) VARDATA_ANY(b);
	Size		len = VARSIZE_ANY_EXHDR(b);
	CellState  *st;
	bytea	   *set;

	(void) treg_agg_context(fcinfo, "cell_agg_deserial");
	if (len < 2 + SECRET_BYTES)
		elog(ERROR, "corrupt cell_agg state");
	treg_check_format_version(p[0], CELL_STATE_VERSION, "cell_agg state");
	st = palloc0(sizeof(CellState));
	st->have_secret = (p[1] == 1);
	memcpy(st->secret, p + 2, SECRET_BYTES);
	len -= 2 + SECRET_BYTES;
	set = palloc(VARHDRSZ + len);
	SET_VARSIZE(set, VARHDRSZ + len);
	memcpy(VARDATA(set), p + 2 + SECRET_BYTES, len);
	st->persons = personset_deserialize(set, false, CurrentMemoryContext);
	PG_RETURN_POINTER(st);
}

/*
 * cell_agg_final(internal) returns person_cell
 *
 * (persons, cell_key): the number of distinct persons and the sum of
 * their record keys mod 2^64 (0 and 0 for no persons).
 */
Datum
cell_agg_final(PG_FUNCTION_ARGS)
{
	CellState  *st = PG_ARGISNULL(0) ? NULL : (CellState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	uint64		key = 0;
	int64		n = 0;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (st != NULL)
	{
		PersonSet  *ps = st->persons;
		uint32		i;

		for (i = 0; i < ps->capacity; i++)
			if (ps->keys[i] != PERSONSET_EMPTY)
				key += person_record_key(st->secret, ps->keys[i]);
		if (ps->has_sentinel)
			key += person_record_key(st->secret, PERSONSET_EMPTY);
		n = ps->nitems;
	}
	values[0] = Int64GetDatum(n);
	values[1] = Int64GetDatum((int64) key);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

/* ----------------------------------------------------------------
 * Noise
 * ----------------------------------------------------------------
 */

/* A uniform in [0, 1) with 53 bits from (cell key, value, stream). */
static double
cell_uniform(int64 cell_key, int64 value, int32 stream, int32 draw)
{
	/* a fixed key: the cell key itself is the secret part of the message */
	static const uint64 k0 = UINT64CONST(0x7472656763656c6c);	/* "tregcell" */
	static const uint64 k1 = UINT64CONST(0x6e6f697365303031);	/* "noise001" */
	uint64		words[3];

	words[0] = (uint64) cell_key;
	words[1] = (uint64) value;
	words[2] = ((uint64) (uint32) stream << 32) | (uint32) draw;
	return (double) (siphash24(k0, k1, words, 3) >> 11) * (1.0 / 9007199254740992.0);
}

/* Check a noise standard deviation argument. */
static double
noise_sd_arg(double sd)
{
	if (!(sd > 0.0 && sd <= NOISE_SD_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("noise standard deviation must be greater than 0 and at most %g",
						NOISE_SD_MAX),
				 errdetail("The value was %g.", sd)));
	return sd;
}

/*
 * The inverse CDF of the discrete Gaussian with standard deviation sd
 * (P(n) proportional to exp(-n^2 / (2 sd^2)) on the integers) at u.  The
 * table of cumulative probabilities for the last sd is kept; it reaches
 * 12 sd on each side, where the remaining tail is below 1e-31, far below
 * the resolution of u (2^-53).
 */
static int
discrete_gaussian(double sd, double u)
{
	static double table_sd = 0.0;
	static int	table_half = 0;
	static double *cdf = NULL;
	int			lo,
				hi;

	if (sd != table_sd)
	{
		int			half = (int) ceil(12.0 * sd) + 1;
		double		total = 0.0;
		double		acc = 0.0;
		double	   *t = MemoryContextAlloc(TopMemoryContext,
										   sizeof(double) * (2 * half + 1));
		int			i;

		for (i = -half; i <= half; i++)
			total += exp(-((double) i * i) / (2.0 * sd * sd));
		for (i = -half; i <= half; i++)
		{
			acc += exp(-((double) i * i) / (2.0 * sd * sd)) / total;
			t[i + half] = acc;
		}
		t[2 * half] = 1.0;
		if (cdf != NULL)
			pfree(cdf);
		cdf = t;
		table_half = half;
		table_sd = sd;
	}
	/* the first n with cdf(n) > u */
	lo = 0;
	hi = 2 * table_half;
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo - table_half;
}

/*
 * noisy_count(value bigint, cell_key bigint, stream int, noise_sd float8,
 *			   min_count int) returns bigint
 *
 * The published form of a count about the persons of a cell: value plus
 * discrete Gaussian noise drawn from (cell_key, value, stream); 0 when that
 * is below 1 (and when value is 0), NULL (suppressed) when it is from 1 to
 * min_count - 1.  stream separates counts of different things about the
 * same persons (persons, episodes, requests, ...).
 */
Datum
noisy_count(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	int64		cell_key = PG_GETARG_INT64(1);
	int32		stream = PG_GETARG_INT32(2);
	double		sd = noise_sd_arg(PG_GETARG_FLOAT8(3));
	int32		min_count = PG_GETARG_INT32(4);
	int64		noisy;

	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a count must not be negative"),
				 errdetail("The count was " INT64_FORMAT ".", value)));
	if (min_count < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_count must be at least 1"),
				 errdetail("The value was %d.", min_count)));
	if (value == 0)
		PG_RETURN_INT64(0);
	noisy = value + discrete_gaussian(sd, cell_uniform(cell_key, value, stream, 0));
	if (noisy < 1)
		PG_RETURN_INT64(0);
	if (noisy < min_count)
		PG_RETURN_NULL();
	PG_RETURN_INT64(noisy);
}

/*
 * noise_deviate(cell_key bigint, value bigint, stream int) returns float8
 *
 * A standard normal deviate drawn from (cell_key, value, stream) by the
 * Box-Muller transform: sticky noise for statistics other than counts
 * (sums, durations) of the persons of a cell.
 */
Datum
noise_deviate(PG_FUNCTION_ARGS)
{
	int64		cell_key = PG_GETARG_INT64(0);
	int64		value = PG_GETARG_INT64(1);
	int32		stream = PG_GETARG_INT32(2);
	double		u1 = cell_uniform(cell_key, value, stream, 1);
	double		u2 = cell_uniform(cell_key, value, stream, 2);

	/* u1 in (0, 1]: log(0) must not happen */
	u1 = 1.0 - u1;
	PG_RETURN_FLOAT8(sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2));
}
