/*-------------------------------------------------------------------------
 *
 * person_set.c
 *	  A hash set of int8 person ids, optionally with a float8 sum per
 *	  person: the transition state of anon_count and anon_sum.
 *
 * Open addressing with linear probing in two parallel arrays; the load
 * factor stays at most 1/2.  PERSONSET_EMPTY (the smallest int8) marks a
 * free slot, so that key itself is kept aside in has_sentinel.
 *
 * Binary format (serialised aggregate state): a version byte
 * (PERSONSET_FORMAT_VERSION), a flag byte (1 when sums are kept), the
 * number of persons as int8, then per person the id as int8 and, with sums,
 * the sum as float8, all in network byte order.
 *
 * extension/engines/disclosure/person_set.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/disclosure/disclosure.h"

#include "libpq/pqformat.h"
#include "utils/memutils.h"

#define PERSONSET_FORMAT_VERSION 1
#define PERSONSET_INITIAL_CAPACITY 16
#define PERSONSET_MAX_CAPACITY (((uint32) 1) << 30)

/* Hash of a person id for the slot index */
static inline uint32
personset_hash(int64 key)
{
	uint64		x = (uint64) key;

	/* the 64-bit finaliser of MurmurHash3 */
	x ^= x >> 33;
	x *= UINT64CONST(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64CONST(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (uint32) x;
}

/* Allocate capacity free slots (and zero sums) in the set's context */
static void
personset_alloc(PersonSet *ps, uint32 capacity)
{
	uint32		i;

	ps->capacity = capacity;
	ps->keys = MemoryContextAlloc(ps->cxt, sizeof(int64) * capacity);
	for (i = 0; i < capacity; i++)
		ps->keys[i] = PERSONSET_EMPTY;
	ps->values = ps->with_values ?
		MemoryContextAllocZero(ps->cxt, sizeof(double) * capacity) : NULL;
}

PersonSet *
personset_create(MemoryContext cxt, bool with_values)
{
	PersonSet  *ps = MemoryContextAllocZero(cxt, sizeof(PersonSet));

	ps->cxt = cxt;
	ps->with_values = with_values;
	personset_alloc(ps, PERSONSET_INITIAL_CAPACITY);
	return ps;
}

/* Insert key (known not to be the sentinel) into a table with room */
static inline void
personset_insert_slot(PersonSet *ps, int64 key, double value)
{
	uint32		mask = ps->capacity - 1;
	uint32		i = personset_hash(key) & mask;

	for (;;)
	{
		int64		k = ps->keys[i];

		if (k == key)
		{
			if (ps->values)
				ps->values[i] += value;
			return;
		}
		if (k == PERSONSET_EMPTY)
		{
			ps->keys[i] = key;
			if (ps->values)
				ps->values[i] = value;
			ps->nitems++;
			return;
		}
		i = (i + 1) & mask;
	}
}

/* Double the capacity and rehash every key (and its sum) */
static void
personset_grow(PersonSet *ps)
{
	int64	   *oldkeys = ps->keys;
	double	   *oldvalues = ps->values;
	uint32		oldcap = ps->capacity;
	uint32		i;

	if (oldcap >= PERSONSET_MAX_CAPACITY)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct persons in one group"),
				 errdetail("A group of anon_count or anon_sum holds at most %u distinct persons.",
						   PERSONSET_MAX_CAPACITY / 2),
				 errhint("Group the rows more finely.")));
	personset_alloc(ps, oldcap * 2);
	ps->nitems = ps->has_sentinel ? 1 : 0;
	for (i = 0; i < oldcap; i++)
		if (oldkeys[i] != PERSONSET_EMPTY)
			personset_insert_slot(ps, oldkeys[i], oldvalues ? oldvalues[i] : 0.0);
	pfree(oldkeys);
	if (oldvalues)
		pfree(oldvalues);
}

void
personset_add(PersonSet *ps, int64 key, double value)
{
	if (unlikely(key == PERSONSET_EMPTY))
	{
		if (!ps->has_sentinel)
		{
			ps->has_sentinel = true;
			ps->nitems++;
		}
		ps->sentinel_value += value;
		return;
	}
	if (unlikely((ps->nitems + 1) * 2 > ps->capacity))
		personset_grow(ps);
	personset_insert_slot(ps, key, value);
}

void
personset_merge(PersonSet *dst, const PersonSet *src)
{
	uint32		i;

	if (src->has_sentinel)
		personset_add(dst, PERSONSET_EMPTY, src->sentinel_value);
	for (i = 0; i < src->capacity; i++)
		if (src->keys[i] != PERSONSET_EMPTY)
			personset_add(dst, src->keys[i], src->values ? src->values[i] : 0.0);
}

bytea *
personset_serialize(const PersonSet *ps)
{
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, PERSONSET_FORMAT_VERSION);
	pq_sendbyte(&buf, ps->with_values ? 1 : 0);
	pq_sendint64(&buf, ps->nitems);
	if (ps->has_sentinel)
	{
		pq_sendint64(&buf, PERSONSET_EMPTY);
		if (ps->with_values)
			pq_sendfloat8(&buf, ps->sentinel_value);
	}
	for (i = 0; i < ps->capacity; i++)
	{
		if (ps->keys[i] == PERSONSET_EMPTY)
			continue;
		pq_sendint64(&buf, ps->keys[i]);
		if (ps->with_values)
			pq_sendfloat8(&buf, ps->values[i]);
	}
	return pq_endtypsend(&buf);
}

PersonSet *
personset_deserialize(bytea *b, bool with_values, MemoryContext cxt)
{
	StringInfoData buf;
	PersonSet  *ps;
	int			version;
	int			flags;
	int64		n;
	int64		i;

	buf.data = VARDATA_ANY(b);
	buf.len = VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;

	version = pq_getmsgbyte(&buf);
	treg_check_format_version(version, PERSONSET_FORMAT_VERSION, "person set");
	flags = pq_getmsgbyte(&buf);
	if ((flags != 0) != with_values)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("person set state of the wrong kind"),
				 errdetail("A state %s per-person sums was expected.",
						   with_values ? "with" : "without")));
	n = pq_getmsgint64(&buf);
	if (n < 0 || n > (int64) (buf.len - buf.cursor) / 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("corrupt person set state"),
				 errdetail("The state claims %lld persons in %d bytes.",
						   (long long) n, buf.len)));
	ps = personset_create(cxt, with_values);
	for (i = 0; i < n; i++)
	{
		int64		key = pq_getmsgint64(&buf);
		double		value = with_values ? pq_getmsgfloat8(&buf) : 0.0;

		personset_add(ps, key, value);
	}
	pq_getmsgend(&buf);
	return ps;
}
