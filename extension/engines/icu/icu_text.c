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

static inline void
icu_check(const char *what, UErrorCode status)
{
	if (U_FAILURE(status))
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
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		treg_icu_report("u_strFromUTF8", status);
	status = U_ZERO_ERROR;
	buf = palloc((ulen + 1) * sizeof(UChar));
	u_strFromUTF8(buf, ulen + 1, &ulen, utf8, slen, &status);
	icu_check("u_strFromUTF8", status);
	*len = ulen;
	return buf;
}

/* UTF-16 to text in the server encoding. */
static text *
uchar_to_text(const UChar *buf, int32 len)
{
	int32		blen = 0;
	char	   *utf8;
	char	   *conv;
	UErrorCode	status = U_ZERO_ERROR;

	u_strToUTF8(NULL, 0, &blen, buf, len, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		treg_icu_report("u_strToUTF8", status);
	status = U_ZERO_ERROR;
	utf8 = palloc(blen + 1);
	u_strToUTF8(utf8, blen + 1, &blen, buf, len, &status);
	icu_check("u_strToUTF8", status);
	conv = pg_any_to_server(utf8, blen, PG_UTF8);
	return cstring_to_text(conv);
}

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
			   *dan,
			   *out;
	int32		srclen,
				normlen,
				danlen,
				cap,
				limit,
				outlen,
				i;
	bool		pending_blank;
	bool		need_translit;

	/* 1. NFKC case folding */
	src = text_to_uchar(in, &srclen);
	nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
	icu_check("unorm2_getNFKCCasefoldInstance", status);
	normlen = unorm2_normalize(nfkc_cf, src, srclen, NULL, 0, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		treg_icu_report("unorm2_normalize", status);
	status = U_ZERO_ERROR;
	norm = palloc((normlen + 1) * sizeof(UChar));
	normlen = unorm2_normalize(nfkc_cf, src, srclen, norm, normlen + 1, &status);
	icu_check("unorm2_normalize", status);

	/* 2. Danish letters: at most twice as long; leave room for step 3 */
	cap = 4 * normlen + 16;
	dan = palloc(cap * sizeof(UChar));
	danlen = 0;
	for (i = 0; i < normlen; i++)
	{
		UChar		c = norm[i];

		if (c == 0x00E6)		/* æ */
		{
			dan[danlen++] = 'a';
			dan[danlen++] = 'e';
		}
		else if (c == 0x00F8)	/* ø */
		{
			dan[danlen++] = 'o';
			dan[danlen++] = 'e';
		}
		else if (c == 0x00E5)	/* å */
		{
			dan[danlen++] = 'a';
			dan[danlen++] = 'a';
		}
		else
			dan[danlen++] = c;
	}

	/*
	 * 3. other Latin letters to ASCII.  Fast path: decompose (NFD) and drop
	 * the combining marks, which turns é, ü, ñ ... into e, u, n.  Only when
	 * a non-ASCII Latin letter remains (ł, đ, œ, þ ...) is the slower
	 * Latin-ASCII transliterator run.
	 */
	need_translit = false;
	for (i = 0; i < danlen; i++)
	{
		if (dan[i] >= 0x80)
		{
			need_translit = true;
			break;
		}
	}
	if (need_translit)
	{
		const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
		UChar	   *dec;
		int32		declen,
					k = 0;

		icu_check("unorm2_getNFDInstance", status);
		declen = unorm2_normalize(nfd, dan, danlen, NULL, 0, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
			treg_icu_report("unorm2_normalize", status);
		status = U_ZERO_ERROR;
		dec = palloc((declen + 1) * sizeof(UChar));
		declen = unorm2_normalize(nfd, dan, danlen, dec, declen + 1, &status);
		icu_check("unorm2_normalize", status);

		need_translit = false;
		danlen = 0;
		cap = 4 * declen + 16;
		pfree(dan);
		dan = palloc(cap * sizeof(UChar));
		while (k < declen)
		{
			UChar32		cp;
			UErrorCode	st = U_ZERO_ERROR;

			U16_NEXT(dec, k, declen, cp);
			if (u_charType(cp) == U_NON_SPACING_MARK)
				continue;
			if (cp >= 0x80 && uscript_getScript(cp, &st) == USCRIPT_LATIN)
				need_translit = true;
			U16_APPEND_UNSAFE(dan, danlen, cp);
		}
	}
	while (need_translit)
	{
		int32		textlen = danlen;

		limit = danlen;
		status = U_ZERO_ERROR;
		utrans_transUChars(get_latin_ascii(), dan, &textlen, cap, 0, &limit,
						   &status);
		if (status == U_BUFFER_OVERFLOW_ERROR)
		{
			/* the text was left unchanged: retry with more room */
			UChar	   *bigger;

			cap = 2 * cap + textlen;
			bigger = palloc(cap * sizeof(UChar));
			memcpy(bigger, dan, danlen * sizeof(UChar));
			pfree(dan);
			dan = bigger;
			continue;
		}
		icu_check("utrans_transUChars", status);
		danlen = textlen;
		break;
	}

	/* 4. punctuation and blanks */
	out = palloc((danlen + 1) * sizeof(UChar));
	outlen = 0;
	pending_blank = false;
	i = 0;
	while (i < danlen)
	{
		UChar32		cp;
		int8_t		type;

		U16_NEXT(dan, i, danlen, cp);
		type = u_charType(cp);
		if (u_isUWhiteSpace(cp) || type == U_CONTROL_CHAR ||
			type == U_DASH_PUNCTUATION || type == U_CONNECTOR_PUNCTUATION)
		{
			pending_blank = true;
			continue;
		}
		if (u_ispunct(cp))
			continue;
		if (pending_blank && outlen > 0)
			out[outlen++] = ' ';
		pending_blank = false;
		U16_APPEND_UNSAFE(out, outlen, cp);
	}

	PG_RETURN_TEXT_P(uchar_to_text(out, outlen));
}
