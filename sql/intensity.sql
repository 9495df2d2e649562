-- intensity: input spellings, output, order, operators, opclasses, casts
SET search_path = treg, public;

SELECT s, s::intensity AS parsed, intensity_rank(s::intensity) AS rank
FROM (VALUES ('ambulant'), ('outpatient'), ('AMBULANT'), ('  Outpatient  '),
             ('dag'), ('day'), ('DAG'), (E'\tDay\n'),
             ('døgn'), ('DØGN'), ('Døgn'), ('doegn'), ('DOEGN'), ('residential'),
             ('Residential ')) v(s);

-- invalid input: 22P02 with the accepted words in the hint
SELECT 'x'::intensity;
SELECT ''::intensity;
SELECT 'dagg'::intensity;
SELECT 'am bulant'::intensity;
SELECT 'døgnx'::intensity;
SELECT repeat('a', 100)::intensity;

-- order and operators
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne,
       a >= b AS ge, a > b AS gt, intensity_cmp(a, b) AS cmp
FROM unnest('{ambulant,dag,døgn}'::intensity[]) a,
     unnest('{ambulant,dag,døgn}'::intensity[]) b
ORDER BY a, b;

-- ORDER BY, DISTINCT, GROUP BY, min/max
CREATE TABLE it (id int, i intensity);
INSERT INTO it SELECT g, intensity(1 + g % 3) FROM generate_series(1, 30) g;
SELECT i, count(*) FROM it GROUP BY i ORDER BY i;
SELECT DISTINCT i FROM it ORDER BY i DESC;
SELECT max(i), min(i) FROM it;
SELECT max(i) FROM it WHERE false;

-- btree index and hash join
CREATE INDEX it_i ON it (i);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM it WHERE i = 'dag';
SELECT count(*) FROM it WHERE i >= 'dag';
RESET enable_seqscan;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM it a JOIN it b ON a.i = b.i;
SELECT count(*) FROM it a JOIN it b ON a.i = b.i;
RESET enable_mergejoin;
RESET enable_nestloop;
CREATE INDEX it_h ON it USING hash (i);
DROP TABLE it;

-- casts to and from text, rank round trip
SELECT 'døgn'::intensity::text, 'Day'::text::intensity, intensity(2), intensity(3)::text;
SELECT intensity(0);
SELECT intensity(4);

-- binary I/O: version byte then rank
SELECT intensity_send('ambulant'), intensity_send('dag'), intensity_send('døgn');
COPY (SELECT i FROM unnest('{ambulant,dag,døgn}'::intensity[]) i) TO '/tmp/treg_intensity.bin' (FORMAT binary);
CREATE TEMP TABLE it2 (i intensity);
COPY it2 FROM '/tmp/treg_intensity.bin' (FORMAT binary);
SELECT * FROM it2;
