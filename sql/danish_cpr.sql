-- CPR numbers: input, century rules, masking, accessors, age, pseudonyms
SET search_path = treg, public;
SET datestyle = ISO, YMD;

-- every century rule with its boundary years (run as superuser: clear output)
SELECT s, s::cpr AS cpr, birth_date(s::cpr), sex(s::cpr)
FROM (VALUES ('010100-0000'), ('311299-3999'),          -- 0-3: 1900-1999
             ('010100-4000'), ('311236-4999'),          -- 4: 2000-2036
             ('010137-4000'), ('311299-4999'),          --    1937-1999
             ('010100-9000'), ('311236-9999'),          -- 9: 2000-2036
             ('010137-9000'), ('311299-9999'),          --    1937-1999
             ('010100-5000'), ('311257-8999'),          -- 5-8: 2000-2057
             ('010158-5000'), ('311299-8999'),          --      1858-1899
             ('0707614285'), (' 290200-4001 ')) v(s);

-- 29 February exists only in leap years of the right century:
-- 290200 is 2000 (leap) with 4, 1900 (not leap) with 0-3, 1800 (not leap) with 5-8
SELECT birth_date('290200-4321');
SELECT '290200-1234'::cpr;
SELECT '290200-5234'::cpr;

-- invalid numbers: 22P02 and never a digit of the number in the message
SELECT '310290-1234'::cpr;   -- 31 February
SELECT '011390-1234'::cpr;   -- month 13
SELECT '000190-1234'::cpr;   -- day 0
SELECT '0101A0-1234'::cpr;   -- letters
SELECT '010190-123'::cpr;    -- wrong length
SELECT '01019012345'::cpr;   -- wrong length
SELECT '010190 1234'::cpr;   -- wrong separator
SELECT '01019-01234'::cpr;   -- hyphen in the wrong place
SELECT '010190-12xx'::cpr;   -- partly masked
SELECT '010190-xxxx'::cpr;   -- a masked number cannot be read back
SELECT ''::cpr;

-- modulus-11 check (optional since 2007)
SELECT s, cpr_mod11_valid(s::cpr) FROM (VALUES ('070761-4285'), ('070761-4286'), ('010100-0001')) v(s);

-- order (birth date, then serial), equality, hash join, index
CREATE TABLE public.c (id int, c cpr);
INSERT INTO c VALUES (1, '010190-1234'), (2, '311289-1234'), (3, '010190-1233'), (4, '010100-4000'), (5, '010190-1234');
SELECT id, c, birth_date(c) FROM c ORDER BY c, id;
SELECT count(DISTINCT c) FROM c;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM c a JOIN c b ON a.c = b.c;
SELECT count(*) FROM c a JOIN c b ON a.c = b.c;
RESET enable_mergejoin;
RESET enable_nestloop;
CREATE INDEX c_c ON c (c);
SET enable_seqscan = off;
SELECT id FROM c WHERE c = '0101901234' ORDER BY id;
RESET enable_seqscan;

-- age in whole years; born 29 February turns older on 1 March in other years
SELECT on_date, age_on('2000-02-29'::date, on_date) AS age_from_date,
       age_on('290200-4001'::cpr, on_date) AS age_from_cpr
FROM unnest('{2000-02-29,2001-02-28,2001-03-01,2003-02-28,2003-03-01,2004-02-28,2004-02-29,2026-11-25}'::date[]) on_date;
SELECT age_on('1990-06-15'::date, '2008-06-14'), age_on('1990-06-15'::date, '2008-06-15');
SELECT age_on('2000-02-29'::date, '2000-02-28');

-- masking: an analyst reads DDMMYY-xxxx, also through a cast and binary send
CREATE ROLE regress_treg_analyst;
GRANT treg_analyst TO regress_treg_analyst;
CREATE ROLE regress_treg_cpr;
GRANT treg_cpr_reader, treg_analyst TO regress_treg_cpr;
GRANT SELECT ON c TO regress_treg_analyst, regress_treg_cpr;
SELECT cpr_clear_visible(), c::text, cpr_send(c) FROM c WHERE id = 1;
SET ROLE regress_treg_analyst;
SELECT cpr_clear_visible(), c, c::text, cpr_send(c), birth_date(c), sex(c) FROM c WHERE id = 1;
SELECT '311289-1234'::cpr;
SELECT pseudonym('311289-1234'::cpr);     -- the stored key: writers only
RESET ROLE;
SET ROLE regress_treg_cpr;
SELECT cpr_clear_visible(), c, cpr_send(c) FROM c WHERE id = 1;
RESET ROLE;

-- binary round trip (COPY BINARY through a server file): clear values come
-- back; a file written by a user who may not read CPR numbers holds masked
-- values, which binary input refuses
CREATE TABLE public.cb (c cpr);
GRANT pg_write_server_files TO regress_treg_analyst;
DO $$
BEGIN
	EXECUTE format($q$COPY (SELECT c FROM public.c ORDER BY id) TO %L (FORMAT binary)$q$,
				   '/tmp/treg_regress_cpr_clear_' || current_setting('port') || '.bin');
	EXECUTE format($q$COPY public.cb FROM %L (FORMAT binary)$q$,
				   '/tmp/treg_regress_cpr_clear_' || current_setting('port') || '.bin');
END
$$;
SELECT c FROM public.cb;
SET ROLE regress_treg_analyst;
DO $$
BEGIN
	EXECUTE format($q$COPY (SELECT c FROM public.c ORDER BY id) TO %L (FORMAT binary)$q$,
				   '/tmp/treg_regress_cpr_masked_' || current_setting('port') || '.bin');
END
$$;
RESET ROLE;
DO $$
BEGIN
	EXECUTE format($q$COPY public.cb FROM %L (FORMAT binary)$q$,
				   '/tmp/treg_regress_cpr_masked_' || current_setting('port') || '.bin');
EXCEPTION WHEN invalid_binary_representation THEN
	RAISE NOTICE '%: %', SQLSTATE, SQLERRM;
END
$$;
REVOKE pg_write_server_files FROM regress_treg_analyst;
DROP TABLE public.cb;

-- pseudonyms: stable under one key, unrelated under another
SELECT pseudonym('010190-1234', '\x000102030405060708090a0b0c0d0e0f'::bytea) AS p1,
       pseudonym('0101901234', '\x000102030405060708090a0b0c0d0e0f'::bytea) AS p1_again,
       pseudonym('010190-1234', '\x000102030405060708090a0b0c0d0e0e'::bytea) AS other_key,
       pseudonym('010190-1235', '\x000102030405060708090a0b0c0d0e0f'::bytea) AS other_cpr;
SELECT pseudonym('010190-1234', '\x0001'::bytea);
-- the stored key: none yet, then one
SELECT pseudonym('010190-1234'::cpr);
INSERT INTO pseudonym_key (key_id, key) VALUES (1, '\x000102030405060708090a0b0c0d0e0f');
SELECT pseudonym('010190-1234'::cpr) = pseudonym('010190-1234', '\x000102030405060708090a0b0c0d0e0f'::bytea) AS same;
-- a writer pseudonymises with the stored key without being able to read it
CREATE ROLE regress_treg_writer;
GRANT treg_writer TO regress_treg_writer;
SET ROLE regress_treg_writer;
SELECT pseudonym('010190-1234'::cpr) AS writer_pseudonym;
SELECT key FROM pseudonym_key;
RESET ROLE;
SET ROLE regress_treg_analyst;
SELECT * FROM pseudonym_key;
RESET ROLE;
DELETE FROM pseudonym_key;
DROP ROLE regress_treg_writer;

DROP TABLE public.c;
DROP ROLE regress_treg_analyst;
DROP ROLE regress_treg_cpr;
