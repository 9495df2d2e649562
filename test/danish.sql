-- pgTAP contract tests of the Danish engine: calendar, guarantee, cpr,
-- pseudonyms, ICU text.  Cross-checks against plain-SQL formulations.
BEGIN;
SELECT plan(110);

-- ---------------------------------------------------------------- objects
SELECT has_type('treg', 'cpr', 'type treg.cpr exists');
SELECT has_function('treg', 'easter', ARRAY['integer'], 'easter(int) exists');
SELECT has_function('treg', 'is_holiday', ARRAY['date', 'boolean'], 'is_holiday(date, bool) exists');
SELECT has_function('treg', 'holiday_name', ARRAY['date', 'boolean'], 'holiday_name(date, bool) exists');
SELECT has_function('treg', 'is_working_day', ARRAY['date', 'boolean'], 'is_working_day(date, bool) exists');
SELECT has_function('treg', 'working_days_between', ARRAY['date', 'date', 'boolean'], 'working_days_between exists');
SELECT has_function('treg', 'add_working_days', ARRAY['date', 'integer', 'boolean'], 'add_working_days exists');
SELECT has_function('treg', 'wait_days', ARRAY['date', 'date', 'date'], 'wait_days exists');
SELECT has_function('treg', 'guarantee_met', ARRAY['date', 'date', 'date', 'integer'], 'guarantee_met exists');
SELECT has_function('treg', 'straks_met', ARRAY['date', 'date', 'date', 'text'], 'straks_met exists');
SELECT has_function('treg', 'birth_date', ARRAY['treg.cpr'], 'birth_date(cpr) exists');
SELECT has_function('treg', 'sex', ARRAY['treg.cpr'], 'sex(cpr) exists');
SELECT has_function('treg', 'age_on', ARRAY['treg.cpr', 'date'], 'age_on(cpr, date) exists');
SELECT has_function('treg', 'age_on', ARRAY['date', 'date'], 'age_on(date, date) exists');
SELECT has_function('treg', 'pseudonym', ARRAY['treg.cpr', 'bytea'], 'pseudonym(cpr, bytea) exists');
SELECT has_function('treg', 'pseudonym', ARRAY['treg.cpr'], 'pseudonym(cpr) exists');
SELECT has_function('treg', 'name_key', ARRAY['text'], 'name_key(text) exists');
SELECT has_function('treg', 'format_da', ARRAY['numeric', 'integer'], 'format_da(numeric, int) exists');
SELECT has_function('treg', 'format_dkk', ARRAY['numeric', 'text'], 'format_dkk(numeric, text) exists');

-- ---------------------------------------------------------------- contracts
SELECT volatility_is('treg', 'is_working_day', ARRAY['date', 'boolean'], 'immutable', 'is_working_day is immutable');
SELECT volatility_is('treg', 'name_key', ARRAY['text'], 'immutable', 'name_key is immutable');
SELECT volatility_is('treg', 'cpr_out', ARRAY['treg.cpr'], 'stable', 'cpr_out is stable (depends on the user)');
SELECT volatility_is('treg', 'pseudonym', ARRAY['treg.cpr'], 'stable', 'pseudonym(cpr) is stable (reads the key)');
SELECT is_strict('treg', 'add_working_days', ARRAY['date', 'integer', 'boolean'], 'add_working_days is strict');
SELECT isnt_strict('treg', 'guarantee_met', ARRAY['date', 'date', 'date', 'integer'], 'guarantee_met takes a NULL start');
SELECT is(
	(SELECT count(*)::int FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace AND p.proparallel <> 's'
	   AND p.proname IN ('easter', 'is_holiday', 'holiday_name', 'is_working_day',
						 'working_days_between', 'add_working_days', 'holidays',
						 'wait_days', 'guarantee_met', 'straks_met', 'cpr_in', 'cpr_out',
						 'cpr_send', 'cpr_recv', 'birth_date', 'sex', 'age_on',
						 'cpr_mod11_valid', 'cpr_valid', 'pseudonym', 'name_key', 'format_da', 'format_dkk')),
	0, 'every Danish function is PARALLEL SAFE');
SELECT is(
	(SELECT count(*)::int FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace
	   AND (p.proname LIKE 'cpr%' OR p.proname IN ('easter', 'is_holiday', 'holiday_name',
			'is_working_day', 'working_days_between', 'add_working_days', 'holidays',
			'wait_days', 'guarantee_met', 'straks_met', 'birth_date', 'sex', 'age_on',
			'pseudonym', 'name_key', 'format_da', 'format_dkk'))
	   AND obj_description(p.oid, 'pg_proc') IS NULL),
	0, 'every Danish function has a comment');
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = 'treg.pseudonym(treg.cpr)'::regprocedure),
	ARRAY['search_path=pg_catalog, pg_temp'], 'pseudonym(cpr) is SECURITY DEFINER with a fixed search_path');
SELECT ok(NOT has_table_privilege('treg_analyst', 'treg.pseudonym_key', 'SELECT')
		  AND NOT has_table_privilege('treg_writer', 'treg.pseudonym_key', 'SELECT')
		  AND NOT has_function_privilege('treg_analyst', 'treg.pseudonym(treg.cpr)', 'EXECUTE')
		  AND NOT has_function_privilege('treg_writer', 'treg.pseudonym(treg.cpr)', 'EXECUTE')
		  AND NOT has_function_privilege('treg_cpr_reader', 'treg.pseudonym(treg.cpr)', 'EXECUTE'),
	'the key is unreadable; only superusers pseudonymise with it (writers import)');
SELECT ok(has_function_privilege('treg_writer', 'treg.import_persons()', 'EXECUTE')
		  AND NOT has_function_privilege('treg_analyst', 'treg.import_persons()', 'EXECUTE')
		  AND NOT has_function_privilege('treg_cpr_reader', 'treg.import_persons()', 'EXECUTE'),
	'only writers import persons');
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = 'treg.import_persons()'::regprocedure),
	ARRAY['search_path=pg_catalog, pg_temp'], 'import_persons() has a fixed search_path');
SELECT ok((SELECT prosecdef FROM pg_proc WHERE oid = 'treg.import_persons()'::regprocedure),
	'import_persons() is SECURITY DEFINER');
SELECT table_privs_are('treg', 'person_import', 'treg_writer', ARRAY['INSERT', 'TRUNCATE'],
	'writers may stage and discard persons, not read them back');
SELECT table_privs_are('treg', 'person_source', 'treg_writer', ARRAY['SELECT'],
	'writers read the links of source keys');
SELECT table_privs_are('treg', 'import_audit', 'treg_writer', ARRAY[]::text[],
	'writers cannot read the import audit');
SELECT table_privs_are('treg', t, 'treg_analyst', ARRAY[]::text[],
	format('analysts have no privilege on treg.%s', t))
FROM unnest(ARRAY['person_import', 'person_source', 'import_audit']) t;
DO $$ BEGIN PERFORM treg.cpr_valid(''); END $$;   -- load the library, which defines the setting
SELECT is((SELECT count(*)::int FROM pg_settings WHERE name = 'treg.import_daily_limit' AND context = 'superuser'),
	1, 'treg.import_daily_limit can be set by superusers only');
SELECT is((SELECT count(*)::int FROM pg_extension e WHERE e.extname = 'treg'
		   AND 'treg.pseudonym_key'::regclass = ANY (e.extconfig)), 0,
	'pseudonym_key is not dumped by pg_dump');

-- ---------------------------------------------------------------- calendar
-- Easter against Gauss's algorithm in plain SQL, every year 1583..4099
SELECT is(
	(SELECT count(*)::int FROM (
		SELECT y, treg.easter(y) AS ours,
			   CASE WHEN d = 29 AND e = 6 THEN make_date(y, 4, 19)
					WHEN d = 28 AND e = 6 AND (11 * m + 11) % 30 < 19 THEN make_date(y, 4, 18)
					ELSE make_date(y, 3, 22) + d + e END AS gauss
		FROM (SELECT y, m, d, (2 * (y % 4) + 4 * (y % 7) + 6 * d + n) % 7 AS e
			  FROM (SELECT y, m, n, (19 * (y % 19) + m) % 30 AS d
					FROM (SELECT y, (15 - (13 + 8 * (y / 100)) / 25 + y / 100 - y / 400) % 30 AS m,
								 (4 + y / 100 - y / 400) % 7 AS n
						  FROM generate_series(1583, 4099) y) a) b) c) t
	 WHERE ours <> gauss),
	0, 'Easter equals Gauss''s algorithm for 1583..4099');
SELECT is(treg.easter(2024), '2024-03-31'::date, 'Easter 2024 is 31 March');
SELECT is(treg.holiday_name('2023-05-05'), 'Store bededag', 'Store Bededag 2023 is 5 May');
SELECT is((SELECT count(*)::int FROM treg.holidays(2024) WHERE name = 'Store bededag'), 0,
	'no Store Bededag in 2024');
SELECT is(treg.add_working_days('2025-04-17', 2), '2025-04-23'::date,
	'2 working days after Maundy Thursday 2025 is 23 April');
-- working-day arithmetic against a day-by-day count in plain SQL
-- (1 May 2008 is Ascension Day, 1 May 2015 Store Bededag, 5 June 2017 Whit
-- Monday: the days where a customary day and a public holiday coincide)
CREATE TEMP TABLE wd AS
SELECT d, w, wc,
	   sum(w::int) OVER (ORDER BY d) AS cum, sum(wc::int) OVER (ORDER BY d) AS cumc
FROM (SELECT d::date AS d, extract(isodow FROM d) < 6 AND NOT treg.is_holiday(d::date) AS w,
			 extract(isodow FROM d) < 6 AND NOT treg.is_holiday(d::date, true) AS wc
	  FROM generate_series('2004-12-01'::date, '2027-01-31', '1 day') d) s;
CREATE UNIQUE INDEX ON wd (d);
CREATE INDEX ON wd (cum) WHERE w;
ANALYZE wd;
SELECT is(
	(SELECT format('%s of %s', count(*) FILTER (WHERE
		treg.working_days_between(a.d, b.d) <> b.cum - a.cum
		OR treg.working_days_between(a.d, b.d, true) <> b.cumc - a.cumc), count(*))
	 FROM wd a, wd b
	 WHERE a.d IN ('2004-12-31', '2007-04-30', '2014-12-24', '2018-12-31', '2019-04-17',
				   '2021-05-12', '2023-05-04', '2024-12-23', '2025-06-04')
	   AND extract(day FROM b.d) IN (1, 5, 17, 26)),
	'0 of 9576', 'working_days_between equals a running count day by day, 2005..2026 (with and without customary days)');
SELECT is(
	(SELECT count(*)::int FROM
		(SELECT s.d, s.w, s.cum, n FROM wd s, generate_series(-40, 40, 3) n
		 WHERE s.d BETWEEN '2005-03-01' AND '2026-11-30' AND extract(day FROM s.d) IN (1, 24, 31)) p
	 WHERE treg.add_working_days(p.d, p.n) <>
		   CASE WHEN n > 0 THEN (SELECT min(wd.d) FROM wd WHERE wd.w AND wd.cum = p.cum + p.n)
				WHEN n < 0 THEN (SELECT min(wd.d) FROM wd WHERE wd.w AND wd.cum = p.cum + p.n + CASE WHEN p.w THEN 0 ELSE 1 END)
				ELSE p.d END),
	0, 'add_working_days equals the n-th working day found day by day');
SELECT is(treg.working_days_between('2024-12-31', '2025-12-31'), 253, '253 working days in 2025');
SELECT throws_ok($$SELECT treg.is_holiday('1582-12-31')$$, '22008', NULL, 'dates before 1583 are refused');

-- ---------------------------------------------------------------- guarantee
SELECT is(
	(SELECT format('%s of %s', count(*) FILTER (WHERE
		treg.wait_days(r, s, a) IS DISTINCT FROM
			CASE WHEN r > a THEN NULL WHEN s <= a THEN s - r ELSE a - r END
		OR treg.guarantee_met(r, s, a) IS DISTINCT FROM
			CASE WHEN r > a THEN NULL WHEN s <= a THEN s - r <= 14 WHEN a - r > 14 THEN false ELSE NULL END),
		count(*))
	 FROM (SELECT r::date AS r, s, a::date AS a
		   FROM generate_series('2025-03-01'::date, '2025-03-05', '1 day') r,
				(SELECT NULL::date AS s UNION ALL
				 SELECT d::date FROM generate_series('2025-03-05'::date, '2025-04-01', '1 day') d) ss,
				generate_series('2025-02-27'::date, '2025-04-02', '2 days') a) p),
	'0 of 2610', 'wait_days and guarantee_met equal their plain-SQL definition');
SELECT is(treg.guarantee_met('2025-03-03', NULL, '2025-03-10'), NULL::boolean,
	'still waiting within 14 days: not yet known');
SELECT is(treg.guarantee_met('2025-03-03', NULL, '2025-03-18'), false,
	'still waiting past 14 days: not met');
SELECT is(treg.straks_met('2025-04-17', '2025-04-22', '2025-05-01', 'next_working_day'), true,
	'straks after Maundy Thursday: Tuesday after Easter is the next working day');
SELECT throws_ok($$SELECT treg.straks_met('2025-04-17', NULL, '2025-04-23', 'tomorrow')$$, '22023', NULL,
	'unknown straks rule is refused');

-- ---------------------------------------------------------------- cpr
CREATE FUNCTION pg_temp.cpr_error(s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text; m text; d text; h text;
BEGIN
	PERFORM s::treg.cpr;
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT,
		d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
	RETURN st || ': ' || m || ' / ' || coalesce(d, '') || ' / ' || coalesce(h, '');
END
$$;
SELECT is(
	(SELECT array_agg(DISTINCT left(pg_temp.cpr_error(s), 5)) FROM unnest(ARRAY[
		'310290-1234', '300290-1234', '290201-1234', '011390-1234', '010090-1234', '000190-1234',
		'0101A0-1234', 'abcdefghij', '010190-123', '01019012345', '010190--1234', '010190-12345',
		'010190_1234', '010190-xxxx', '']) s),
	ARRAY['22P02'], 'invalid CPR numbers raise 22P02');
SELECT is(
	(SELECT count(*)::int FROM unnest(ARRAY[
		'310290-1234', '300290-1234', '290201-1234', '011390-1234', '010090-1234', '000190-1234',
		'0101A0-1234', '010190-123', '01019012345', '010190-12345', '010190-xxxx']) s
	 WHERE substr(pg_temp.cpr_error(s), 7) ~ '[0-9]'),
	0, 'no error message, detail or hint shows a digit of the number');
SELECT is(
	(SELECT count(*)::int FROM unnest(ARRAY[
		'310290-1234', '300290-1234', '290201-1234', '011390-1234', '010090-1234', '000190-1234',
		'0101A0-1234', 'abcdefghij', '010190-123', '01019012345', '010190--1234', '010190-12345',
		'010190_1234', '010190-xxxx', '', '290200-4001', '0101901234', ' 010190-1234 ']) s
	 WHERE treg.cpr_valid(s) <> (pg_temp.cpr_error(s) = 'accepted')),
	0, 'cpr_valid agrees with the input function');
SELECT is(pg_temp.cpr_error('310290-1234'),
	'22P02: invalid input syntax for type cpr / The day of month is not valid. / A CPR number is written DDMMYY-SSSS or DDMMYYSSSS.',
	'31 February: the day of month is not valid');
SELECT is(
	(SELECT array_agg(treg.birth_date(s::treg.cpr) ORDER BY i) FROM unnest(ARRAY[
		'010100-3999', '010136-4000', '010137-4000', '010136-9000', '010137-9000',
		'010157-5000', '010158-8000']) WITH ORDINALITY u(s, i)),
	ARRAY['1900-01-01', '2036-01-01', '1937-01-01', '2036-01-01', '1937-01-01',
		  '2057-01-01', '1858-01-01']::date[],
	'century rules at their boundary years');
SELECT is(treg.sex('010190-1233'), 'male', 'odd last digit: male');
SELECT is(treg.sex('010190-1234'), 'female', 'even last digit: female');
SELECT is(
	(SELECT count(*)::int FROM generate_series('2000-02-29'::date, '2013-03-05', '1 day') o
	 WHERE treg.age_on('2000-02-29'::date, o::date) <> extract(year FROM age(o, '2000-02-29'))
		OR treg.age_on('1987-11-30'::date, o::date) <> extract(year FROM age(o, '1987-11-30'))),
	0, 'age_on equals the years of PostgreSQL''s age() (born 29 February: older on 1 March)');

-- masking for an analyst, who may not enter, compare, hash or read values
CREATE ROLE regress_treg_tap_analyst;
GRANT treg_analyst TO regress_treg_tap_analyst;
CREATE TEMP TABLE tap_cpr AS
SELECT * FROM (VALUES (1, '010190-1234'::treg.cpr), (2, '311289-1233'::treg.cpr)) v(id, c);
GRANT SELECT ON tap_cpr TO regress_treg_tap_analyst;
SET LOCAL ROLE regress_treg_tap_analyst;
SELECT is((SELECT c::text FROM tap_cpr WHERE id = 1), '010190-xxxx', 'an analyst reads DDMMYY-xxxx');
SELECT is((SELECT substr(treg.cpr_send(c), 2, 1) FROM tap_cpr WHERE id = 1), '\x01'::bytea,
	'binary output is flagged masked for an analyst');
SELECT is(treg.cpr_clear_visible(), false, 'an analyst is not a CPR reader');
SELECT throws_ok(q, '42501', NULL, 'a non-reader is refused: ' || q)
FROM unnest(ARRAY[
	$$SELECT '010190-1234'::treg.cpr$$,
	$$SELECT '0101901234'::text::treg.cpr$$,
	$$SELECT treg.cpr_in('010190-1234')$$,
	$$SELECT a.c OPERATOR(treg.=) b.c FROM tap_cpr a, tap_cpr b$$,
	$$SELECT a.c OPERATOR(treg.<>) b.c FROM tap_cpr a, tap_cpr b$$,
	$$SELECT a.c OPERATOR(treg.<) b.c FROM tap_cpr a, tap_cpr b$$,
	$$SELECT a.c OPERATOR(treg.<=) b.c FROM tap_cpr a, tap_cpr b$$,
	$$SELECT a.c OPERATOR(treg.>) b.c FROM tap_cpr a, tap_cpr b$$,
	$$SELECT a.c OPERATOR(treg.>=) b.c FROM tap_cpr a, tap_cpr b$$,
	$$SELECT treg.cpr_cmp(a.c, b.c) FROM tap_cpr a, tap_cpr b$$,
	$$SELECT c FROM tap_cpr ORDER BY c$$,
	$$SELECT DISTINCT c FROM tap_cpr$$,
	$$SELECT c FROM tap_cpr GROUP BY c$$,
	$$SELECT treg.cpr_hash(c) FROM tap_cpr$$,
	$$SELECT treg.cpr_hash_extended(c, 42) FROM tap_cpr$$,
	$$SELECT treg.birth_date(c) FROM tap_cpr$$,
	$$SELECT treg.sex(c) FROM tap_cpr$$,
	$$SELECT treg.age_on(c, '2026-01-01') FROM tap_cpr$$,
	$$SELECT treg.cpr_mod11_valid(c) FROM tap_cpr$$,
	$$SELECT treg.pseudonym(c, decode(repeat('ab', 32), 'hex')) FROM tap_cpr$$]) q;
SELECT is(treg.cpr_valid('010190-1234'), true, 'a non-reader may still check the syntax of a text');
RESET ROLE;
GRANT treg_cpr_reader TO regress_treg_tap_analyst;
SET LOCAL ROLE regress_treg_tap_analyst;
SELECT is((SELECT array_agg(c::text ORDER BY c) FROM tap_cpr WHERE c OPERATOR(treg.>=) '311289-1233'::treg.cpr),
	ARRAY['311289-1233', '010190-1234'], 'once granted treg_cpr_reader, the same role compares (the cached answer is dropped)');
RESET ROLE;
REVOKE treg_cpr_reader FROM regress_treg_tap_analyst;
SET LOCAL ROLE regress_treg_tap_analyst;
SELECT throws_ok($$SELECT DISTINCT c FROM tap_cpr$$, '42501', NULL, 'and after REVOKE it is refused again');
RESET ROLE;
SELECT is('010190-1234'::treg.cpr::text, '010190-1234', 'a superuser reads the number');

-- pseudonyms
SELECT is(treg.pseudonym('010190-1234', '\x000102030405060708090a0b0c0d0e0f'::bytea),
	8040028448636923047, 'pseudonym equals HMAC-SHA-256 computed by Python''s hmac module');
SELECT is(treg.pseudonym('0101901234', decode(repeat('ab', 32), 'hex')),
		  treg.pseudonym('010190-1234', decode(repeat('ab', 32), 'hex')), 'the same pseudonym twice');
SELECT isnt(treg.pseudonym('010190-1234', decode(repeat('ab', 32), 'hex')),
			treg.pseudonym('010190-1234', decode(repeat('ac', 32), 'hex')), 'another key, another pseudonym');
SELECT throws_ok($$SELECT treg.pseudonym('010190-1234'::treg.cpr)$$, '55000', 'no current pseudonym key',
	'pseudonym(cpr) needs a stored key');

-- ---------------------------------------------------------------- import
INSERT INTO treg.pseudonym_key (key_id, key) VALUES (1, decode(repeat('ab', 32), 'hex'));
CREATE ROLE regress_treg_tap_writer;
GRANT treg_writer TO regress_treg_tap_writer;
GRANT SELECT ON tap_cpr TO regress_treg_tap_writer;
SET LOCAL ROLE regress_treg_tap_writer;
SELECT throws_ok($$SELECT treg.pseudonym(c) FROM tap_cpr$$, '42501', NULL,
	'a writer cannot call pseudonym(cpr)');
SELECT lives_ok($$INSERT INTO treg.person_import (source_key, cpr, municipality_code)
	VALUES ('tap1', '010190-1234', 169), ('tap2', '010190-12', 169)$$, 'a writer stages persons');
SELECT results_eq($$SELECT source_key, status, person_id IS NOT NULL, reason FROM treg.import_persons()$$,
	$$VALUES ('tap1', 'new', true, NULL::text), ('tap2', 'rejected', false, 'invalid CPR number')$$,
	'a writer imports; a rejection names the source key and the reason, never the value');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM treg.person_import), 0, 'no staged CPR number stays stored');
SELECT results_eq($$SELECT staged, pseudonymised, new_persons, existing_persons, rejected FROM treg.import_audit$$,
	$$VALUES (2, 1, 1, 0, 1)$$, 'one audit row per import');
SELECT is((SELECT person_id FROM treg.person_source WHERE source_key = 'tap1'),
	treg.pseudonym('010190-1234', decode(repeat('ab', 32), 'hex')), 'the source key is linked to the person');
SET LOCAL treg.import_daily_limit = 1;
SET LOCAL ROLE regress_treg_tap_writer;
INSERT INTO treg.person_import (source_key, cpr, municipality_code) VALUES ('tap3', '020190-1234', 169);
SELECT throws_ok($$SELECT * FROM treg.import_persons()$$, '53400', 'daily limit of CPR numbers to pseudonymise exceeded',
	'over the daily limit the whole import is refused');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM treg.import_audit), 1, 'a refused import writes nothing');
SET LOCAL ROLE regress_treg_tap_analyst;
SELECT throws_ok($$SELECT * FROM treg.import_persons()$$, '42501', NULL, 'an analyst cannot import');
SELECT throws_ok($$SELECT treg.pseudonym(c) FROM tap_cpr$$, '42501', NULL, 'an analyst cannot call pseudonym(cpr)');
RESET ROLE;

-- ---------------------------------------------------------------- ICU
SELECT is(treg.name_key(' ALBERTSLUND  rusmiddelcenter.'), treg.name_key('Albertslund Rusmiddelcenter'),
	'case, blanks and punctuation do not matter');
SELECT is(
	(SELECT count(DISTINCT treg.name_key(s))::int FROM unnest(ARRAY[
		E'Rusmiddelcenter \u00e5rhus', E'Rusmiddelcenter a\u030arhus', 'Rusmiddelcenter Aarhus']) s),
	1, 'precomposed å, decomposed å and aa meet');
SELECT is(treg.name_key('Rusmiddelcenter Århus'), 'rusmiddelcenter aarhus', 'the key of Århus');
SELECT is(treg.format_da(31735), '31.735', 'thousands separator');
SELECT is(treg.format_da(-1234567.891, 2), '-1.234.567,89', 'negative number with decimals');
SELECT is(treg.format_dkk(33500000, 'mio'), '33,5 mio. kr.', 'millions of kroner');
SELECT is(treg.format_dkk(600000, 'kr'), '600.000 kr.', 'kroner');

SELECT * FROM finish();
ROLLBACK;
