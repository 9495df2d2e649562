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

-- the same checks without an error, for filtering a load
SELECT s, cpr_valid(s) FROM (VALUES ('310290-1234'), ('011390-1234'), ('0101A0-1234'),
	('010190-123'), ('010190-xxxx'), ('290200-4001'), (' 0101901234 ')) v(s);

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
SELECT cpr_clear_visible(), c, c::text, cpr_send(c) FROM c WHERE id = 1;
SELECT '311289-1234'::cpr;
SELECT pseudonym('311289-1234'::cpr);     -- the stored key: superusers only
RESET ROLE;
SET ROLE regress_treg_cpr;
SELECT cpr_clear_visible(), c, cpr_send(c) FROM c WHERE id = 1;
RESET ROLE;

-- a user who may not read CPR numbers can neither compare, hash, read nor
-- enter them (42501), by any route: otherwise = against 10 000 guessed
-- serials, a < binary search or hashes of guesses would reveal the digits
\set VERBOSITY sqlstate
SET ROLE regress_treg_analyst;
SELECT count(*) FROM c a JOIN c b ON a.c = b.c;                -- =
SELECT a.c < b.c FROM c a, c b WHERE a.id = 1 AND b.id = 2;     -- <
SELECT a.c <> b.c, a.c >= b.c FROM c a, c b WHERE a.id = 1 AND b.id = 2;
SELECT cpr_cmp(a.c, b.c) FROM c a, c b WHERE a.id = 1 AND b.id = 2;
SELECT c FROM c ORDER BY c;                                     -- sort
SELECT id FROM c ORDER BY c LIMIT 1;                            -- top-N sort
SELECT id FROM c ORDER BY ROW(c, id);                           -- record comparison
SET enable_sort = off;
SELECT count(*) FROM (SELECT DISTINCT c FROM c) s;              -- hash aggregate
SELECT c, count(*) FROM c GROUP BY c;
RESET enable_sort;
SET enable_hashagg = off;
SELECT count(*) FROM (SELECT DISTINCT c FROM c) s;              -- sort-based DISTINCT
SELECT count(DISTINCT c) FROM c;
RESET enable_hashagg;
SELECT cpr_hash(c) FROM c WHERE id = 1;                         -- hash functions
SELECT cpr_hash_extended(c, 0) FROM c WHERE id = 1;
SELECT hash_record(ROW(c)) FROM c WHERE id = 1;
SELECT birth_date(c) FROM c WHERE id = 1;                       -- accessors
SELECT sex(c) FROM c WHERE id = 1;
SELECT age_on(c, '2026-01-01') FROM c WHERE id = 1;
SELECT cpr_mod11_valid(c) FROM c WHERE id = 1;
SELECT pseudonym(c, '\x000102030405060708090a0b0c0d0e0f'::bytea) FROM c WHERE id = 1;
SELECT '010190-1234'::cpr;                                      -- input
SELECT '0101901234'::text::cpr;
SELECT '{010190-1234}'::cpr[];
SELECT cpr_in('010190-1234');
SELECT c = '010190-1234' FROM c;
SELECT ROW(c) = ROW('010190-1234'::cpr) FROM c;
SELECT id FROM c WHERE c::text = '010190-xxxx' ORDER BY id;     -- the masked text: allowed
\set VERBOSITY default
SELECT c = c FROM c WHERE id = 1;                               -- the whole message
-- residual: two stored values compared byte by byte (record image
-- operators) tell whether they are equal and how they order, never a digit
SELECT b.id, a *= b1 AS same_as_id_1
FROM (SELECT c FROM c WHERE id = 1) a, c b, LATERAL (SELECT b.c) b1
WHERE b.id IN (3, 5) ORDER BY b.id;
-- and an existing index returns stored values in order without comparing
SET enable_seqscan = off;
SELECT id FROM c ORDER BY c;
RESET enable_seqscan;
RESET ROLE;

-- the answer is cached per user, and forgotten when memberships change
GRANT treg_cpr_reader TO regress_treg_analyst;
SET ROLE regress_treg_analyst;
SELECT cpr_clear_visible(), count(DISTINCT c) FROM c;
RESET ROLE;
REVOKE treg_cpr_reader FROM regress_treg_analyst;
SET ROLE regress_treg_analyst;
SELECT cpr_clear_visible();
SELECT count(DISTINCT c) FROM c;
RESET ROLE;

-- a SECURITY DEFINER function owned by a superuser works for its callers
CREATE FUNCTION public.distinct_cprs() RETURNS bigint
	LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
	AS 'SELECT count(DISTINCT c) FROM public.c';
SET ROLE regress_treg_analyst;
SELECT public.distinct_cprs();
RESET ROLE;
DROP FUNCTION public.distinct_cprs();

-- a member of treg_cpr_reader may do all of it
SET ROLE regress_treg_cpr;
SELECT id, c, birth_date(c), sex(c), age_on(c, '2026-01-01'), cpr_mod11_valid(c)
FROM c WHERE c >= '0101901233' ORDER BY c, id;
SELECT count(DISTINCT c), count(*) FILTER (WHERE c = '010190-1234') FROM c;
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
-- binary input refuses a user who may not read CPR numbers, even for a
-- file of clear values
GRANT pg_read_server_files TO regress_treg_analyst;
GRANT INSERT ON public.cb TO regress_treg_analyst;
SET ROLE regress_treg_analyst;
DO $$
BEGIN
	EXECUTE format($q$COPY public.cb FROM %L (FORMAT binary)$q$,
				   '/tmp/treg_regress_cpr_clear_' || current_setting('port') || '.bin');
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE '%: %', SQLSTATE, SQLERRM;
END
$$;
RESET ROLE;
REVOKE pg_read_server_files FROM regress_treg_analyst;
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
-- with the stored key only a superuser pseudonymises: a writer (even one
-- who may read CPR numbers) would otherwise re-identify a person by
-- pseudonymising the serials of a known birth date; nobody else reads the key
CREATE ROLE regress_treg_writer;
GRANT treg_writer TO regress_treg_writer;
GRANT SELECT ON c TO regress_treg_writer;
SET ROLE regress_treg_writer;
SELECT pseudonym(c) AS writer_pseudonym FROM c WHERE id = 1;
SELECT key FROM pseudonym_key;
RESET ROLE;
SET ROLE regress_treg_cpr;
SELECT pseudonym(c) AS reader_pseudonym FROM c WHERE id = 1;
RESET ROLE;
SET ROLE regress_treg_analyst;
SELECT * FROM pseudonym_key;
RESET ROLE;

-- import: a writer stages persons and imports them; the staged CPR numbers
-- are deleted, source keys are linked to persons, rejections name the
-- source key and the reason, never the value
SET ROLE regress_treg_writer;
INSERT INTO person_import (source_key, cpr, anonymous, birth_date, sex, municipality_code) VALUES
	('k1', '010190-1234', false, NULL, NULL, 169),
	('k2', ' 0101901234 ', false, NULL, NULL, 101),   -- the same person
	('k3', '311289-1233', false, NULL, NULL, 169),
	('k4', '310290-1234', false, NULL, NULL, 169),    -- 31 February
	('k5', NULL, false, NULL, NULL, 169),
	('k6', '010190-1234', true, NULL, NULL, 169),
	('k7', NULL, true, '1975-05-05', 'female', 169),  -- anonymous treatment
	('k8', '010190-1234', false, '1990-01-01', NULL, 169),
	('k9', '010190-1234', false, NULL, NULL, 99),
	('pers-0101901234', '010190-1234', false, NULL, NULL, 169),
	('k10', NULL, true, NULL, 'unknown', 169);
SELECT * FROM person_import;                               -- insert only
SELECT source_key, status, person_id IS NOT NULL AS has_person, reason FROM import_persons();
SELECT s.source_key, p.anonymous, p.birth_date, p.sex, p.municipality_code
FROM person_source s JOIN person p USING (person_id) ORDER BY s.source_key;
RESET ROLE;
SELECT count(*) AS staged_left FROM person_import;
SELECT s.source_key,
	   s.person_id = pseudonym('010190-1234', '\x000102030405060708090a0b0c0d0e0f'::bytea) AS is_010190_1234,
	   s.person_id = source_key_pseudonym('k7', '\x000102030405060708090a0b0c0d0e0f'::bytea) AS is_k7
FROM person_source s ORDER BY s.source_key;
SET ROLE regress_treg_writer;
-- later rows: the same person again, and a move
INSERT INTO person_import (source_key, cpr, municipality_code) VALUES ('k11', '311289-1233', 147);
SELECT source_key, status, reason FROM import_persons();
SELECT count(*) AS persons, count(*) FILTER (WHERE municipality_code = 147) AS moved FROM person;
SELECT * FROM import_audit;                                -- superusers only
RESET ROLE;
SELECT role_name = session_user AS by_session_user, staged, pseudonymised, new_persons, existing_persons, rejected
FROM import_audit ORDER BY called_at;
-- the daily limit: only a superuser sets it; exceeding it refuses the call
-- before anything is written
SET ROLE regress_treg_writer;
SET treg.import_daily_limit = 1000000;
RESET ROLE;
SET treg.import_daily_limit = 5;
SET ROLE regress_treg_writer;
INSERT INTO person_import (source_key, cpr, municipality_code) VALUES ('k12', '020190-1234', 169), ('k13', '030190-1234', 169);
\set VERBOSITY sqlstate
SELECT * FROM import_persons();
\set VERBOSITY terse
SELECT * FROM import_persons();
\set VERBOSITY default
RESET ROLE;
SELECT count(*) AS staged_kept FROM person_import;
SELECT count(*) AS audit_rows FROM import_audit;
SET treg.import_daily_limit = 6;
SET ROLE regress_treg_writer;
SELECT source_key, status FROM import_persons();
INSERT INTO person_import (source_key, cpr, municipality_code) VALUES ('k14', '040190-1234', 169);
TRUNCATE person_import;                                    -- a writer may discard staged rows
RESET ROLE;
SELECT count(*) AS staged_left FROM person_import;
RESET treg.import_daily_limit;
-- an analyst can neither stage nor import nor see the links
SET ROLE regress_treg_analyst;
INSERT INTO person_import (source_key, cpr, municipality_code) VALUES ('a1', '010190-1234', 169);
SELECT * FROM import_persons();
SELECT * FROM person_source;
RESET ROLE;
DELETE FROM person_source;
DELETE FROM person;
DELETE FROM import_audit;
DELETE FROM pseudonym_key;
REVOKE SELECT ON c FROM regress_treg_writer;
DROP ROLE regress_treg_writer;

DROP TABLE public.c;
DROP ROLE regress_treg_analyst;
DROP ROLE regress_treg_cpr;
