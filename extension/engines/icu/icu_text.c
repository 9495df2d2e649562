/*-------------------------------------------------------------------------
 *
 * icu_text.c
 *	  Matching keys for provider and municipality names, with ICU.
 *
 * name_key() makes one key of the many ways a name is written:
 *	 1. Unicode NFKC with case folding (ICU normalizer2 "nfkc_cf"), so a
 *		decomposed å (a + combining ring) equals the precomposed one and
 *		case no longer matters;
 *	 2. the Danish letters spelled in ASCII as Danes do: æ -> ae, ø -> oe,
 *		å -> aa (so "Århus" meets "Aarhus");
 *	 3. other Latin letters reduced to ASCII: accents dropped (NFD without
 *		combining marks: é -> e, ü -> u), and ICU's "Latin-ASCII"
 *		transliterator for the letters that remain (ł -> l, œ -> oe);
 *	 4. dashes, connectors, control characters and white space become one
 *		blank, other punctuation is removed, and blanks are trimmed.
 *
 * The normalizer is owned by ICU; the transliterator is opened once per
 * session and kept, so no ICU object can leak when an error is raised.
 * The key depends on the ICU version's data, as does every ICU result; it
 * is declared IMMUTABLE like icu_ext's functions (rebuild indexes on keys
 * after an ICU upgrade).
 *
 * extension/engines/icu/icu_text.c
 *
 *-------------------------------------------------------------------------
 */
#include "engines/icu/icu.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

PG_FUNCTION_INFO_V1(treg_name_key);

/* Latin-ASCII transliterator, opened on first use and kept. */
static UTransliterator *latin_ascii = NULL;

void
treg_icu_report(const char *what, int32 status)
{
	UErrorCode	code = (UErrorCode) status;
	int			sqlstate;

	switch (code)
	{
		case U_ILLEGAL_ARGUMENT_ERROR:
			sqlstate = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
		case U_INVALID_CHAR_FOUND:
		case U_TRUNCATED_CHAR_FOUND:
		case U_ILLEGAL_CHAR_FOUND:
		case U_INVALID_TABLE_FORMAT:
			sqlstate = ERRCODE_CHARACTER_NOT_IN_REPERTOIRE;
			break;
		case U_MEMORY_ALLOCATION_ERROR:
			sqlstate = ERRCODE_OUT_OF_MEMORY;
			break;
		case U_BUFFER_OVERFLOW_ERROR:
		case U_INDEX_OUTOFBOUNDS_ERROR:
			sqlstate = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
			break;
		case U_USING_DEFAULT_WARNING:
		case U_MISSING_RESOURCE_ERROR:
		case U_FILE_ACCESS_ERROR:
			sqlstate = ERRCODE_UNDEFINED_OBJECT;
			break;
		default:
			sqlstate = ERRCODE_EXTERNAL_ROUTINE_EXCEPTION;
			break;
	}
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("ICU error in %s: %s", what, u_errorName(code)),
			 errdetail("The ICU library (version %s) reported %s.",
					   U_ICU_VERSION, u_errorName(code))));
}

/* Report a failed ICU call */
static inline void
icu_check(const char *what, UErrorCode status)
{
	if (U_FAILURE(status))
		treg_icu_report(what, (int32) status);
}

/*
 * After the preflighting call of a two-pass ICU function (no buffer, to
 * learn the length): U_BUFFER_OVERFLOW_ERROR is the expected answer.
 */
static inline void
icu_check_preflight(const char *what, UErrorCode status)
{
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		treg_icu_report(what, (int32) status);
}

/* Text in the server encoding to a palloc'd UTF-16 buffer. */
static UChar *
text_to_uchar(text *t, int32 *len)
{
	char	   *s = VARDATA_ANY(t);
	int			slen = VARSIZE_ANY_EXHDR(t);
	char	   *utf8;
	UChar	   *buf;
	int32		ulen = 0;
	UErrorCode	status = U_ZERO_ERROR;

	utf8 = pg_server_to_any(s, slen, PG_UTF8);
	if (utf8 != s)
		slen = strlen(utf8);
	u_strFromUTF8(NULL, 0, &ulen, utf8, slen, &status);
	icu_check_preflight("u_strFromUTF8", status);
	status = U_ZERO_ERROR;
	buf = palloc((ulen + 1) * sizeof(UChar));
	u_strFromUTF8(buf, ulen + 1, &ulen, utf8, slen, &status);
	icu_check("u_strFromUTF8", status);
	*len = ulen;
	return buf;
}

char *
treg_icu_to_server(const UChar *buf, int32 len)
{
	int32		blen = 0;
	char	   *utf8;
	UErrorCode	status = U_ZERO_ERROR;

	u_strToUTF8(NULL, 0, &blen, buf, len, &status);
	icu_check_preflight("u_strToUTF8", status);
	status = U_ZERO_ERROR;
	utf8 = palloc(blen + 1);
	u_strToUTF8(utf8, blen + 1, &blen, buf, len, &status);
	icu_check("u_strToUTF8", status);
	return pg_any_to_server(utf8, blen, PG_UTF8);
}

/*
 * Normalise src with normaliser nf (ICU's two passes: preflight for the
 * length, then convert) into a palloc'd buffer.
 */
static UChar *
icu_normalize(const UNormalizer2 *nf, const UChar *src, int32 srclen,
			  int32 *len)
{
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *buf;
	int32		n;

	n = unorm2_normalize(nf, src, srclen, NULL, 0, &status);
	icu_check_preflight("unorm2_normalize", status);
	status = U_ZERO_ERROR;
	buf = palloc((n + 1) * sizeof(UChar));
	n = unorm2_normalize(nf, src, srclen, buf, n + 1, &status);
	icu_check("unorm2_normalize", status);
	*len = n;
	return buf;
}

/* The Latin-ASCII transliterator, opened on first use */
static UTransliterator *
get_latin_ascii(void)
{
	if (latin_ascii == NULL)
	{
		static const UChar id[] = {'L', 'a', 't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0};
		UErrorCode	status = U_ZERO_ERROR;
		UTransliterator *t;

		t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		icu_check("utrans_openU", status);
		latin_ascii = t;
	}
	return latin_ascii;
}

/* A growing UTF-16 buffer: len code units used of cap */
typedef struct UBuf
{
	UChar	   *buf;
	int32		len;
	int32		cap;
} UBuf;

/*
 * Step 2 of name_key: the Danish letters in ASCII (æ -> ae, ø -> oe,
 * å -> aa).  At most twice as long; leaves room for step 3.
 */
static void
name_key_danish(const UChar *norm, int32 normlen, UBuf *dan)
{
	int32		i;

	dan->cap = 4 * normlen + 16;
	dan->buf = palloc(dan->cap * sizeof(UChar));
	dan->len = 0;
	for (i = 0; i < normlen; i++)
	{
		UChar		c = norm[i];

		if (c == 0x00E6)		/* æ */
		{
			dan->buf[dan->len++] = 'a';
			dan->buf[dan->len++] = 'e';
		}
		else if (c == 0x00F8)	/* ø */
		{
			dan->buf[dan->len++] = 'o';
			dan->buf[dan->len++] = 'e';
		}
		else if (c == 0x00E5)	/* å */
		{
			dan->buf[dan->len++] = 'a';
			dan->buf[dan->len++] = 'a';
		}
		else
			dan->buf[dan->len++] = c;
	}
}

/*
 * Step 3a: decompose (NFD) and drop the combining marks, which turns é, ü,
 * ñ ... into e, u, n.  Returns whether a non-ASCII Latin letter remains.
 */
static bool
name_key_strip_marks(UBuf *b)
{
	const UNormalizer2 *nfd;
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *dec;
	int32		declen,
				k = 0;
	bool		latin_left = false;

	nfd = unorm2_getNFDInstance(&status);
	icu_check("unorm2_getNFDInstance", status);
	dec = icu_normalize(nfd, b->buf, b->len, &declen);
	pfree(b->buf);
	b->len = 0;
	b->cap = 4 * declen + 16;
	b->buf = palloc(b->cap * sizeof(UChar));
	while (k < declen)
	{
		UChar32		cp;
		UErrorCode	st = U_ZERO_ERROR;

		U16_NEXT(dec, k, declen, cp);
		if (u_charType(cp) == U_NON_SPACING_MARK)
			continue;
		if (cp >= 0x80 && uscript_getScript(cp, &st) == USCRIPT_LATIN)
			latin_left = true;
		U16_APPEND_UNSAFE(b->buf, b->len, cp);
	}
	return latin_left;
}

/* Step 3b: ICU's Latin-ASCII transliterator, in place, growing as needed */
static void
name_key_transliterate(UBuf *b)
{
	for (;;)
	{
		int32		textlen = b->len;
		int32		limit = b->len;
		UErrorCode	status = U_ZERO_ERROR;
		UChar	   *bigger;

		utrans_transUChars(get_latin_ascii(), b->buf, &textlen, b->cap, 0,
						   &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
		{
			icu_check("utrans_transUChars", status);
			b->len = textlen;
			return;
		}
		/* the text was left unchanged: retry with more room */
		b->cap = 2 * b->cap + textlen;
		bigger = palloc(b->cap * sizeof(UChar));
		memcpy(bigger, b->buf, b->len * sizeof(UChar));
		pfree(b->buf);
		b->buf = bigger;
	}
}

/*
 * Step 3: other Latin letters to ASCII.  Fast path: only text with a
 * non-ASCII character is decomposed, and only when a non-ASCII Latin
 * letter remains after that (ł, đ, œ, þ ...) is the slower Latin-ASCII
 * transliterator run.
 */
static void
name_key_latin(UBuf *b)
{
	int32		i;

	for (i = 0; i < b->len; i++)
		if (b->buf[i] >= 0x80)
			break;
	if (i == b->len)
		return;
	if (name_key_strip_marks(b))
		name_key_transliterate(b);
}

/*
 * Step 4: dashes, connectors, control characters and white space become
 * one blank, other punctuation is removed, blanks are trimmed.
 */
static UChar *
name_key_squeeze(const UChar *s, int32 len, int32 *outlen)
{
	UChar	   *out = palloc((len + 1) * sizeof(UChar));
	int32		n = 0,
				i = 0;
	bool		pending_blank = false;

	while (i < len)
	{
		UChar32		cp;
		int8_t		type;

		U16_NEXT(s, i, len, cp);
		type = u_charType(cp);
		if (u_isUWhiteSpace(cp) || type == U_CONTROL_CHAR ||
			type == U_DASH_PUNCTUATION || type == U_CONNECTOR_PUNCTUATION)
		{
			pending_blank = true;
			continue;
		}
		if (u_ispunct(cp))
			continue;
		if (pending_blank && n > 0)
			out[n++] = ' ';
		pending_blank = false;
		U16_APPEND_UNSAFE(out, n, cp);
	}
	*outlen = n;
	return out;
}

/*
 * name_key(text) returns text
 *
 * A matching key for names: NFKC case folding, Danish letters in ASCII,
 * punctuation removed, blanks collapsed and trimmed.
 */
Datum
treg_name_key(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	const UNormalizer2 *nfkc_cf;
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *src,
			   *norm,
			   *out;
	int32		srclen,
				normlen,
				outlen;
	UBuf		b;

	/* 1. NFKC case folding */
	src = text_to_uchar(in, &srclen);
	nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
	icu_check("unorm2_getNFKCCasefoldInstance", status);
	norm = icu_normalize(nfkc_cf, src, srclen, &normlen);

	name_key_danish(norm, normlen, &b);		/* 2. */
	name_key_latin(&b);			/* 3. */
	out = name_key_squeeze(b.buf, b.len, &outlen);	/* 4. */

	PG_RETURN_TEXT_P(cstring_to_text(treg_icu_to_server(out, outlen)));
}
