/*-------------------------------------------------------------------------
 *
 * pseudonym.c
 *	  Keyed pseudonyms of CPR numbers: HMAC-SHA-256 from PostgreSQL's own
 *	  common/hmac.h, no extra library.
 *
 * The message is the ten ASCII digits DDMMYYSSSS; the pseudonym is the
 * first eight bytes of the HMAC read big-endian, with the top bit cleared
 * so that it is a non-negative bigint.  The same number and key always
 * give the same pseudonym; another key gives an unrelated one.
 *
 * extension/pseudonym.c
 *
 *-------------------------------------------------------------------------
 */
#include "treg.h"

#include "common/hmac.h"
#include "common/sha2.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(cpr_pseudonym);

/* Shortest key accepted, in bytes (128 bits). */
#define PSEUDONYM_MIN_KEY_BYTES 16

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
	char		digits[11];
	uint8		mac[PG_SHA256_DIGEST_LENGTH];
	pg_hmac_ctx *ctx;
	uint64		v = 0;
	int			k;

	if (VARSIZE_ANY_EXHDR(key) < PSEUDONYM_MIN_KEY_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pseudonym key is too short"),
				 errdetail("The key has %d bytes; at least %d are required.",
						   (int) VARSIZE_ANY_EXHDR(key), PSEUDONYM_MIN_KEY_BYTES),
				 errhint("Use a random key, e.g. gen_random_bytes(32) from pgcrypto or 32 bytes from /dev/urandom.")));

	cpr_digits(c, digits);
	ctx = pg_hmac_create(PG_SHA256);
	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (pg_hmac_init(ctx, (const uint8 *) VARDATA_ANY(key),
					 VARSIZE_ANY_EXHDR(key)) < 0 ||
		pg_hmac_update(ctx, (const uint8 *) digits, 10) < 0 ||
		pg_hmac_final(ctx, mac, sizeof(mac)) < 0)
	{
		const char *msg = pstrdup(pg_hmac_error(ctx));

		pg_hmac_free(ctx);
		explicit_bzero(digits, sizeof(digits));
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not compute HMAC-SHA-256: %s", msg)));
	}
	pg_hmac_free(ctx);
	explicit_bzero(digits, sizeof(digits));

	for (k = 0; k < 8; k++)
		v = (v << 8) | mac[k];
	PG_RETURN_INT64((int64) (v & UINT64CONST(0x7FFFFFFFFFFFFFFF)));
}
