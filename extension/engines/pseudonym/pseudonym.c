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
#include "engines/pseudonym/pseudonym.h"
#include "types/cpr.h"

#include "common/hmac.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/guc.h"

PG_FUNCTION_INFO_V1(cpr_pseudonym);
PG_FUNCTION_INFO_V1(cpr_pseudonym_stored);
PG_FUNCTION_INFO_V1(source_key_pseudonym);

/* Prefix of the message of an anonymous person's pseudonym. */
#define ANONYMOUS_PREFIX	"anonymous:"

/* Default of treg.import_daily_limit. */
#define IMPORT_DAILY_LIMIT_DEFAULT 100000

int			treg_import_daily_limit = IMPORT_DAILY_LIMIT_DEFAULT;

void
pseudonym_init(void)
{
	DefineCustomIntVariable("treg.import_daily_limit",
							"CPR numbers one role may pseudonymise with treg.import_persons() in 24 hours.",
							"Only a superuser can change it (ALTER SYSTEM, ALTER ROLE ... SET, postgresql.conf).",
							&treg_import_daily_limit,
							IMPORT_DAILY_LIMIT_DEFAULT, 0, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
}

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

/* HMAC-SHA-256 of a message; the first 8 bytes, top bit cleared. */
static int64
message_hmac(const uint8 *msg, size_t msglen, const uint8 *key, size_t keylen)
{
	uint8		mac[PG_SHA256_DIGEST_LENGTH];
	pg_hmac_ctx *ctx;
	uint64		v = 0;
	int			k;

	if (keylen < PSEUDONYM_MIN_KEY_BYTES)
		report_short_key(keylen);

	ctx = pg_hmac_create(PG_SHA256);
	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (pg_hmac_init(ctx, key, keylen) < 0 ||
		pg_hmac_update(ctx, msg, msglen) < 0 ||
		pg_hmac_final(ctx, mac, sizeof(mac)) < 0)
	{
		const char *problem = pstrdup(pg_hmac_error(ctx));

		pg_hmac_free(ctx);
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not compute HMAC-SHA-256: %s", problem),
				 errhidestmt(true)));
	}
	pg_hmac_free(ctx);

	for (k = 0; k < 8; k++)
		v = (v << 8) | mac[k];
	explicit_bzero(mac, sizeof(mac));
	return (int64) (v & UINT64CONST(0x7FFFFFFFFFFFFFFF));
}

/* HMAC of the ten digits of a CPR number (readers only). */
static int64
cpr_hmac(Cpr c, const uint8 *key, size_t keylen)
{
	char		digits[11];
	volatile int64 result = 0;

	cpr_require_reader(CPR_READ);
	cpr_digits(c, digits);
	PG_TRY();
	{
		result = message_hmac((const uint8 *) digits, 10, key, keylen);
	}
	PG_FINALLY();
	{
		explicit_bzero(digits, sizeof(digits));
	}
	PG_END_TRY();
	return result;
}

/*
 * pseudonym(cpr, key bytea) returns bigint
 *
 * A stable, non-negative pseudonym of a CPR number under a secret key.
 * CPR readers only.
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

/*
 * source_key_pseudonym(source_key text, key bytea) returns bigint
 *
 * The pseudonym of a person in anonymous treatment (no CPR number): the
 * HMAC of "anonymous:" and the source system's key of the person.
 */
Datum
source_key_pseudonym(PG_FUNCTION_ARGS)
{
	text	   *source_key = PG_GETARG_TEXT_PP(0);
	bytea	   *key = PG_GETARG_BYTEA_PP(1);
	StringInfoData msg;
	int64		result;

	initStringInfo(&msg);
	appendStringInfoString(&msg, ANONYMOUS_PREFIX);
	appendBinaryStringInfo(&msg, VARDATA_ANY(source_key),
						   VARSIZE_ANY_EXHDR(source_key));
	result = message_hmac((const uint8 *) msg.data, msg.len,
						  (const uint8 *) VARDATA_ANY(key),
						  VARSIZE_ANY_EXHDR(key));
	pfree(msg.data);
	PG_RETURN_INT64(result);
}
