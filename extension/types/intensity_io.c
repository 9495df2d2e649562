/*-------------------------------------------------------------------------
 *
 * intensity_io.c
 *	  Text and binary input/output of the intensity type.
 *
 * An intensity is the level of care of a treatment period: ambulant
 * (outpatient), dag (day treatment) or døgn (residential).  It is stored as
 * one byte holding its rank, so that the natural order of the values is the
 * order of the bytes.  Input accepts the Danish and the English words and
 * the ASCII spelling "doegn", in any case and with surrounding blanks;
 * output is always Danish.
 *
 * extension/types/intensity_io.c
 *
 *-------------------------------------------------------------------------
 */
#include "types/intensity.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(intensity_in);
PG_FUNCTION_INFO_V1(intensity_out);
PG_FUNCTION_INFO_V1(intensity_recv);
PG_FUNCTION_INFO_V1(intensity_send);

/* Version byte written first by intensity_send. */
#define INTENSITY_BINARY_VERSION 1

/* Accepted words, in UTF-8 and lower case, with the rank they stand for. */
typedef struct IntensityWord
{
	const char *word;
	Intensity	value;
} IntensityWord;

static const IntensityWord intensity_words[] = {
	{"ambulant", INTENSITY_AMBULANT},
	{"outpatient", INTENSITY_AMBULANT},
	{"dag", INTENSITY_DAG},
	{"day", INTENSITY_DAG},
	{"d\xc3\xb8gn", INTENSITY_DOEGN},
	{"doegn", INTENSITY_DOEGN},
	{"residential", INTENSITY_DOEGN},
};

static const char *const intensity_names_utf8[] = {
	NULL, "ambulant", "dag", "d\xc3\xb8gn"
};

/* The names converted to the server encoding, filled on first use. */
static const char *intensity_names_server[INTENSITY_COUNT + 1];

const char *
intensity_name(Intensity i)
{
	Assert(IntensityIsValid(i));
	if (intensity_names_server[i] == NULL)
	{
		const char *utf8 = intensity_names_utf8[i];
		char	   *conv;

		conv = pg_any_to_server(utf8, strlen(utf8), PG_UTF8);
		if (conv != utf8)
		{
			char	   *keep = MemoryContextStrdup(TopMemoryContext, conv);

			pfree(conv);
			conv = keep;
		}
		intensity_names_server[i] = conv;
	}
	return intensity_names_server[i];
}

/*
 * Lower-case a UTF-8 word: ASCII letters and the Danish capitals Æ, Ø, Å
 * (the only non-ASCII letters any accepted word contains).  Returns false if
 * the result would not fit (the caller then treats the word as invalid).
 */
static bool
intensity_fold(const char *src, size_t len, char *dst, size_t dstsize)
{
	size_t		i;

	if (len + 1 > dstsize)
		return false;
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) src[i];

		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		else if (c == 0xc3 && i + 1 < len)
		{
			unsigned char d = (unsigned char) src[i + 1];

			/* Æ (c3 86), Ø (c3 98), Å (c3 85) -> æ, ø, å */
			if (d == 0x86 || d == 0x98 || d == 0x85)
				d += 0x20;
			dst[i] = (char) c;
			dst[i + 1] = (char) d;
			i++;
			continue;
		}
		dst[i] = (char) c;
	}
	dst[len] = '\0';
	return true;
}

Intensity
intensity_parse(const char *str)
{
	const char *start = str;
	const char *end;
	char	   *utf8;
	char		folded[32];
	Intensity	result = 0;
	size_t		k;

	/* The input is in the server encoding; compare in UTF-8. */
	utf8 = pg_server_to_any(str, strlen(str), PG_UTF8);
	start = utf8;
	while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
						   end[-1] == '\n' || end[-1] == '\r'))
		end--;

	if (intensity_fold(start, end - start, folded, sizeof(folded)))
	{
		for (k = 0; k < lengthof(intensity_words); k++)
		{
			if (strcmp(folded, intensity_words[k].word) == 0)
			{
				result = intensity_words[k].value;
				break;
			}
		}
	}
	if (utf8 != str)
		pfree(utf8);
	return result;
}

/* Raise the standard "invalid input syntax for type intensity" error. */
static void
pg_attribute_noreturn()
intensity_report_invalid(const char *str)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					"intensity", str),
			 errhint("Accepted values are \"%s\" (or \"outpatient\"), \"%s\" (or \"day\") and \"%s\" (or \"doegn\", \"residential\"), in any case.",
					 intensity_name(INTENSITY_AMBULANT),
					 intensity_name(INTENSITY_DAG),
					 intensity_name(INTENSITY_DOEGN))));
}

Intensity
intensity_check(Intensity i)
{
	if (!IntensityIsValid(i))
		elog(ERROR, "invalid intensity value %d", (int) i);
	return i;
}

/*
 * intensity_in(cstring) returns intensity
 *
 * Text input: one accepted word, case-insensitive, blanks around ignored.
 */
Datum
intensity_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Intensity	result = intensity_parse(str);

	if (result == 0)
		intensity_report_invalid(str);
	PG_RETURN_INTENSITY(result);
}

/*
 * intensity_out(intensity) returns cstring
 *
 * Text output: the Danish word, in the server encoding.
 */
Datum
intensity_out(PG_FUNCTION_ARGS)
{
	Intensity	i = intensity_check(PG_GETARG_INTENSITY(0));

	PG_RETURN_CSTRING(pstrdup(intensity_name(i)));
}

/*
 * intensity_recv(internal) returns intensity
 *
 * Binary input: a format-version byte (1), then the rank (1, 2 or 3).
 */
Datum
intensity_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			rank;

	treg_check_format_version(version, INTENSITY_BINARY_VERSION,
							  "intensity binary");
	rank = pq_getmsgbyte(buf);
	if (!IntensityIsValid(rank))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value %d for type %s", rank, "intensity"),
				 errdetail("The rank must be 1 (ambulant), 2 (dag) or 3 (doegn).")));
	PG_RETURN_INTENSITY((Intensity) rank);
}

/*
 * intensity_send(intensity) returns bytea
 *
 * Binary output: a format-version byte, then the rank.
 */
Datum
intensity_send(PG_FUNCTION_ARGS)
{
	Intensity	i = intensity_check(PG_GETARG_INTENSITY(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, INTENSITY_BINARY_VERSION);
	pq_sendbyte(&buf, i);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
