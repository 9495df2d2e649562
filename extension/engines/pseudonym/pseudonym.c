/*-------------------------------------------------------------------------
 *
 * pseudonym.c
 *	  Keyed pseudonyms of CPR numbers: HMAC-SHA-256 from PostgreSQL's own
 *	  common/hmac.h, no extra library.
 *
 * The message is the ten ASCII digits DDMMYYSSSS; the pseudonym is the
 * first eight bytes of the HMAC read big-endian, with the top bit cleared
 * so that it is a non-negative bigint.  The same number and key always
 * give the same pseudonym; another key gives an unrelated one.  Errors are
 * raised with errhidestmt, so the statement (which may hold a CPR number)
 * is not written to the server log with them.
 *
 * extension/engines/pseudonym/pseudonym.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/cpr.h"

#include "common/hmac.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(cpr_pseudonym);
PG_FUNCTION_INFO_V1(cpr_pseudonym_stored);

/* Shortest key accepted, in bytes (128 bits). */
#define PSEUDONYM_MIN_KEY_BYTES 16

static void
report_short_key(size_t len) pg_attribute_noreturn();

static void
report_short_key(size_t len)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("pseudonym key is too short"),
			 errdetail("The key has %d bytes; at least %d are required.",
					   (int) len, PSEUDONYM_MIN_KEY_BYTES),
			 errhint("Use a random key, e.g. gen_random_bytes(32) from pgcrypto or 32 bytes from /dev/urandom."),
			 errhidestmt(true)));
}

/* HMAC-SHA-256 of the ten digits; the first 8 bytes, top bit cleared. */
static int64
cpr_hmac(Cpr c, const uint8 *key, size_t keylen)
{
	char		digits[11];
	uint8		mac[PG_SHA256_DIGEST_LENGTH];
	pg_hmac_ctx *ctx;
	uint64		v = 0;
	int			k;

	if (keylen < PSEUDONYM_MIN_KEY_BYTES)
		report_short_key(keylen);

	cpr_digits(c, digits);
	ctx = pg_hmac_create(PG_SHA256);
	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (pg_hmac_init(ctx, key, keylen) < 0 ||
		pg_hmac_update(ctx, (const uint8 *) digits, 10) < 0 ||
		pg_hmac_final(ctx, mac, sizeof(mac)) < 0)
	{
		const char *msg = pstrdup(pg_hmac_error(ctx));

		pg_hmac_free(ctx);
		explicit_bzero(digits, sizeof(digits));
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not compute HMAC-SHA-256: %s", msg),
				 errhidestmt(true)));
	}
	pg_hmac_free(ctx);
	explicit_bzero(digits, sizeof(digits));

	for (k = 0; k < 8; k++)
		v = (v << 8) | mac[k];
	explicit_bzero(mac, sizeof(mac));
	return (int64) (v & UINT64CONST(0x7FFFFFFFFFFFFFFF));
}

/*
 * pseudonym(cpr, key bytea) returns bigint
 *
 * A stable, non-negative pseudonym of a CPR number under a secret key.
 */
Datum
cpr_pseudonym(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));
	bytea	   *key = PG_GETARG_BYTEA_PP(1);

	PG_RETURN_INT64(cpr_hmac(c, (const uint8 *) VARDATA_ANY(key),
							 VARSIZE_ANY_EXHDR(key)));
}

/*
 * pseudonym(cpr) returns bigint
 *
 * The pseudonym under the current key of treg.pseudonym_key.  Declared
 * SECURITY DEFINER (the table is readable by superusers only) with a fixed
 * search_path; EXECUTE is granted to treg_writer only.
 */
Datum
cpr_pseudonym_stored(PG_FUNCTION_ARGS)
{
	Cpr			c = cpr_check(PG_GETARG_CPR(0));
	MemoryContext caller = CurrentMemoryContext;
	bytea	   *key = NULL;
	int64		result;
	int			ret;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute("SELECT key FROM treg.pseudonym_key WHERE current", true, 2);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0],
									  SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			MemoryContext spi = MemoryContextSwitchTo(caller);

			key = DatumGetByteaPCopy(d);
			MemoryContextSwitchTo(spi);
		}
	}
	SPI_finish();

	if (key == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no current pseudonym key"),
				 errdetail("The table treg.pseudonym_key has no row with current = true."),
				 errhint("A superuser stores a random key: INSERT INTO treg.pseudonym_key (key_id, key) VALUES (1, <32 random bytes>)."),
				 errhidestmt(true)));

	result = cpr_hmac(c, (const uint8 *) VARDATA(key), VARSIZE(key) - VARHDRSZ);
	explicit_bzero(VARDATA(key), VARSIZE(key) - VARHDRSZ);
	pfree(key);
	PG_RETURN_INT64(result);
}
