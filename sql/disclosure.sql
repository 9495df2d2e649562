-- disclosure control: anon_count, anon_sum, suppress, suppression_audit
SET search_path = treg, public;

-- before the library is loaded, a non-superuser can only set a placeholder;
-- loading the library rejects it (WARNING: PostgreSQL checks the role that
-- set it) and keeps 5
SET ROLE treg_analyst;
SET treg.min_cell_count = 3;
SELECT anon_count(p) FROM (VALUES (1), (2), (3), (4)) v(p);
SHOW treg.min_cell_count;
RESET treg.min_cell_count;
RESET ROLE;

-- anon_count: distinct persons, NULL from 1 to k-1, 0 stays 0
SHOW treg.min_cell_count;
SELECT anon_count(p) FROM (VALUES (1), (1), (2), (3), (4)) v(p);                 -- 4 persons
SELECT anon_count(p) FROM (VALUES (1), (2), (3), (4), (5), (5), (NULL)) v(p);    -- 5 persons
SELECT anon_count(p) FROM (VALUES (1::bigint)) v(p) WHERE false;                  -- empty: 0
SELECT g, anon_count(p) AS persons, count(DISTINCT p) AS raw
FROM (SELECT g, p FROM generate_series(1, 3) g, generate_series(1, 2 * g + 1) p) v
GROUP BY g ORDER BY g;
-- the smallest int8 is a person id like any other
SELECT anon_count(p) FROM (VALUES (-9223372036854775808), (0), (1), (2), (-9223372036854775808), (3)) v(p);

-- the threshold: only a superuser may set it (PGC_SUSET), in either direction; never below 3
SET treg.min_cell_count = 4;
SELECT anon_count(p) FROM (VALUES (1), (2), (3), (4)) v(p);
SET treg.min_cell_count = 2;
RESET treg.min_cell_count;
SET ROLE treg_analyst;
SET treg.min_cell_count = 4;
SET treg.min_cell_count = 10;
SELECT anon_count(p) FROM generate_series(1, 9) p;
SET treg.dominance_k = 90;
SET treg.dominance_n = 1;
SET treg.dominance_k = 60;
RESET treg.min_cell_count;
RESET treg.dominance_k;
RESET ROLE;

-- anon_sum: threshold and (n,k) dominance (defaults n = 2, k = 85)
SHOW treg.dominance_n;
SHOW treg.dominance_k;
SELECT anon_sum(p, d) FROM (VALUES (1, 10), (2, 10), (3, 10), (4, 10), (5, 10)) v(p, d);
SELECT anon_sum(p, d) FROM (VALUES (1, 10), (2, 10), (3, 10), (4, 10)) v(p, d);          -- 4 persons
SELECT anon_sum(p, d) FROM (VALUES (1, 100), (2, 1), (3, 1), (4, 1), (5, 1)) v(p, d);    -- top 2 = 101/104
SELECT anon_sum(p, d) FROM (VALUES (1, 40), (2, 30), (3, 10), (4, 10), (5, 10)) v(p, d); -- top 2 = 70%
-- contributions are summed per person before the dominance rule
SELECT anon_sum(p, d) FROM (VALUES (1, 40), (1, 40), (2, 30), (3, 10), (4, 10), (5, 10)) v(p, d);
-- the p% rule (default 10): the rest beyond the two largest must be >= 10 % of the largest
SHOW treg.dominance_p;
SET treg.dominance_k = 100;		-- (n,k) off, as a superuser, to show the p% rule alone
SELECT anon_sum(p, d) FROM (VALUES (1, 100), (2, 95), (3, 5), (4, 5), (5, 5)) v(p, d);  -- rest 15
SELECT anon_sum(p, d) FROM (VALUES (1, 100), (2, 95), (3, 3), (4, 3), (5, 3)) v(p, d);  -- rest 9
SET treg.dominance_p = 0;
SELECT anon_sum(p, d) FROM (VALUES (1, 100), (2, 95), (3, 3), (4, 3), (5, 3)) v(p, d);
RESET treg.dominance_p;
RESET treg.dominance_k;
SET ROLE treg_analyst;
SET treg.dominance_p = 5;
SET treg.dominance_p = 20;
RESET treg.dominance_p;
RESET ROLE;
SELECT anon_sum(p, d) FROM (VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)) v(p, d);
SELECT anon_sum(p, d) FROM (VALUES (1, 1.0)) v(p, d) WHERE false;
SELECT anon_sum(p, d) FROM (VALUES (1, 5), (2, -1)) v(p, d);
SELECT anon_sum(p, d) FROM (VALUES (1, 'NaN'::float8)) v(p, d);

-- tables: cells(tab, g, r, c, n); NULL key = total (as GROUP BY CUBE writes it)
CREATE TABLE cells (tab text, g text, r text, c text, n bigint);
CREATE FUNCTION published(t text, w int DEFAULT NULL)
RETURNS TABLE (row_group text, row_key text, col_key text, value bigint, reason text)
LANGUAGE sql AS $$
	SELECT s.* FROM (SELECT array_agg(r) AS r, array_agg(c) AS c, array_agg(n) AS n,
							array_agg(g) AS g, bool_or(g IS NOT NULL) AS grouped
					 FROM cells WHERE tab = t) a,
		 suppress(a.r, a.c, a.n, CASE WHEN a.grouped THEN a.g END, w) s
$$;
CREATE FUNCTION audit_of(t text, w int DEFAULT NULL)
RETURNS TABLE (row_group text, row_key text, col_key text, low bigint, high bigint)
LANGUAGE sql AS $$
	SELECT au.* FROM (SELECT array_agg(row_key) AS r, array_agg(col_key) AS c,
							 array_agg(value) AS v, array_agg(row_group) AS g,
							 bool_or(row_group IS NOT NULL) AS grouped
					  FROM published(t, w)) p,
		 suppression_audit(p.r, p.c, p.v, CASE WHEN p.grouped THEN p.g END) au
$$;
CREATE FUNCTION load(t text, rows text[], cols text[], vals bigint[]) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO cells
	SELECT t, NULL, rows[i], cols[j], vals[(i - 1) * array_length(cols, 1) + j]
	FROM generate_subscripts(rows, 1) i, generate_subscripts(cols, 1) j;
	INSERT INTO cells SELECT t, NULL, r, NULL, sum(n) FROM cells WHERE tab = t GROUP BY r;
	INSERT INTO cells SELECT t, NULL, NULL, c, sum(n) FROM cells WHERE tab = t AND r IS NOT NULL AND c IS NOT NULL GROUP BY c;
	INSERT INTO cells SELECT t, NULL, NULL, NULL, sum(n) FROM cells WHERE tab = t AND r IS NOT NULL AND c IS NOT NULL;
$$;

-- 1. a single small cell in a row is recovered from the row total ...
SELECT load('single', '{a,b,c}', '{x,y,z}', '{2,10,12, 8,9,15, 7,11,6}');
SELECT * FROM suppression_audit('{a,a,a,a,b,b,b,b,c,c,c,c,NULL,NULL,NULL,NULL}',
	'{x,y,z,NULL,x,y,z,NULL,x,y,z,NULL,x,y,z,NULL}',
	'{NULL,10,12,24,8,9,15,32,7,11,6,24,17,30,33,80}');
-- ... unless other cells are suppressed: suppress() does that
SELECT * FROM published('single');
SELECT * FROM audit_of('single');

-- 2. two rows sharing two small cells: the rectangle alone leaves a width of 2 < 5
SELECT load('shared', '{a,b,c}', '{x,y,z}', '{1,1,20, 1,1,30, 10,12,9}');
SELECT * FROM suppression_audit('{a,a,b,b}', '{x,y,x,y}', '{NULL,NULL,NULL,NULL}')
	LIMIT 0;	-- (shape error shown below; a table needs its totals)
SELECT * FROM published('shared');
SELECT * FROM audit_of('shared');

-- 3. margins below k are primary too
SELECT load('margins', '{a,b,c}', '{x,y,z}', '{1,2,0, 6,9,15, 7,11,6}');
SELECT * FROM published('margins');
SELECT * FROM audit_of('margins');

-- 4. all cells small: everything is suppressed, and unbounded above
SELECT load('small', '{a,b}', '{x,y}', '{1,1, 1,1}');
SELECT * FROM published('small');
SELECT * FROM audit_of('small');

-- 5. empty groups: a missing combination is a known zero; zeros are published
INSERT INTO cells VALUES
	('empty', NULL, 'a', 'x', 20), ('empty', NULL, 'a', 'y', 0), ('empty', NULL, 'a', NULL, 20),
	('empty', NULL, 'b', 'y', 3), ('empty', NULL, 'b', 'z', 12), ('empty', NULL, 'b', NULL, 15),
	('empty', NULL, 'c', 'x', 8), ('empty', NULL, 'c', 'y', 7), ('empty', NULL, 'c', 'z', 9),
	('empty', NULL, 'c', NULL, 24),
	('empty', NULL, NULL, 'x', 28), ('empty', NULL, NULL, 'y', 10), ('empty', NULL, NULL, 'z', 21),
	('empty', NULL, NULL, NULL, 59);
SELECT * FROM published('empty');
SELECT * FROM audit_of('empty');
-- an empty table has only its grand total
SELECT * FROM suppress('{NULL}', '{NULL}', '{0}');

-- a one-dimensional table: counts and their total
SELECT * FROM suppress('{alcohol,opioid,cannabis,NULL}', '{NULL,NULL,NULL,NULL}', '{30,3,12,45}');
SELECT * FROM suppress('{alcohol,opioid,cannabis,other,NULL}', '{NULL,NULL,NULL,NULL,NULL}', '{30,3,12,0,45}');

-- a reader who knows that suppress() never suppresses a zero narrows by one
SELECT * FROM suppression_audit('{a,b,c,NULL}', '{NULL,NULL,NULL,NULL}', '{NULL,NULL,4,10}');
SELECT * FROM suppression_audit('{a,b,c,NULL}', '{NULL,NULL,NULL,NULL}', '{NULL,NULL,4,10}', NULL, true);

-- a protection width other than k
SELECT * FROM audit_of('single', 10);

-- GROUPING SETS straight from the data, in one statement
CREATE TABLE visits (person_id bigint, substance text, provider text);
INSERT INTO visits
SELECT p, (ARRAY['alcohol', 'opioid', 'cannabis'])[1 + p % 3],
	   (ARRAY['P1', 'P2', 'P3', 'P4'])[1 + (p / 3) % 4]
FROM generate_series(1, 60) p;
INSERT INTO visits VALUES (1000, 'opioid', 'P5'), (1001, 'opioid', 'P5'), (1002, 'alcohol', 'P5');
SELECT s.* FROM (
	SELECT array_agg(provider) AS r, array_agg(substance) AS c, array_agg(n) AS n
	FROM (SELECT provider, substance, count(DISTINCT person_id) AS n
		  FROM visits GROUP BY CUBE (provider, substance)) t) a,
	suppress(a.r, a.c, a.n) s;

-- GROUPING SETS without some totals: a missing total is not published, an
-- unknown for the reader, and protected itself when it is from 1 to k-1
CREATE TABLE gs AS
SELECT s.* FROM (
	SELECT array_agg(provider) AS r, array_agg(substance) AS c, array_agg(n) AS n
	FROM (SELECT provider, substance, count(DISTINCT person_id) AS n
		  FROM visits GROUP BY GROUPING SETS ((provider, substance), (provider))) t) a,
	suppress(a.r, a.c, a.n) s;
SELECT * FROM gs;
SELECT au.* FROM (SELECT array_agg(row_key) r, array_agg(col_key) c, array_agg(value) v FROM gs) p,
	suppression_audit(p.r, p.c, p.v, NULL, true) au;
-- a table without any totals: only the small cells are withheld
SELECT * FROM suppress('{a,a,b,b}', '{x,y,x,y}', '{5,2,6,7}');

-- 6. one level of row subtotals (ROLLUP on the rows)
INSERT INTO cells
SELECT 'hier', g, r, c, sum(n)
FROM (VALUES ('north', 'n1', 'x', 2), ('north', 'n1', 'y', 9), ('north', 'n2', 'x', 8),
			 ('north', 'n2', 'y', 11), ('north', 'n3', 'x', 6), ('north', 'n3', 'y', 7),
			 ('south', 's1', 'x', 12), ('south', 's1', 'y', 10),
			 ('south', 's2', 'x', 9), ('south', 's2', 'y', 14)) v(g, r, c, n)
GROUP BY ROLLUP (g, r), CUBE (c);
SELECT * FROM published('hier');
SELECT * FROM audit_of('hier');

-- 7. differencing: "all providers" and "all but P4", published separately, reveal P4
SELECT load('all', '{P1,P2,P3,P4}', '{alcohol,opioid}', '{12,20, 15,9, 11,14, 3,25}');
SELECT load('but4', '{P1,P2,P3}', '{alcohol,opioid}', '{12,20, 15,9, 11,14}');
SELECT * FROM published('all') WHERE value IS NULL;
SELECT * FROM published('but4') WHERE value IS NULL;
-- the two tables as one with the P4 row split off (row groups): P4 alcohol is exactly 3
CREATE TABLE both_published AS
SELECT 'kept' AS g, row_key AS r, col_key AS c, value FROM published('but4')
UNION ALL
SELECT NULL, NULL, col_key, value FROM published('all') WHERE row_key IS NULL
UNION ALL
SELECT 'P4', row_key, col_key, value FROM published('all') WHERE row_key = 'P4'
UNION ALL
SELECT 'P4', NULL, col_key, value FROM published('all') WHERE row_key = 'P4';
SELECT au.* FROM (SELECT array_agg(g) g, array_agg(r) r, array_agg(c) c, array_agg(value) v FROM both_published) b,
	suppression_audit(b.r, b.c, b.v, b.g) au;
-- suppressed jointly (one call, "all but P4" as a subtotal) nothing is revealed
INSERT INTO cells
SELECT 'joint', CASE WHEN r = 'P4' THEN 'P4' ELSE 'kept' END, r, c, n
FROM cells WHERE tab = 'all' AND r IS NOT NULL;
INSERT INTO cells
SELECT 'joint', g, NULL, c, sum(n) FROM cells WHERE tab = 'joint' GROUP BY g, c;
INSERT INTO cells
SELECT 'joint', NULL, NULL, c, n FROM cells WHERE tab = 'all' AND r IS NULL;
SELECT * FROM published('joint');
SELECT * FROM audit_of('joint');

-- consistency: the same table in any input order gives the same published table
SELECT count(*) AS differences FROM (
	(SELECT * FROM published('hier') EXCEPT
	 SELECT s.* FROM (SELECT array_agg(r ORDER BY md5(coalesce(r, '') || coalesce(c, ''))) r,
							 array_agg(c ORDER BY md5(coalesce(r, '') || coalesce(c, ''))) c,
							 array_agg(n ORDER BY md5(coalesce(r, '') || coalesce(c, ''))) n,
							 array_agg(g ORDER BY md5(coalesce(r, '') || coalesce(c, ''))) g
					  FROM cells WHERE tab = 'hier') a,
		  suppress(a.r, a.c, a.n, a.g) s)
	UNION ALL
	(SELECT * FROM published('hier') EXCEPT SELECT * FROM published('hier'))) d;

-- reasons only for superusers and members of treg_writer
GRANT SELECT ON cells TO treg_analyst, treg_writer;
SET ROLE treg_analyst;
SELECT * FROM published('single');
SET ROLE treg_writer;
SELECT count(reason) AS reasons_seen FROM published('single');
RESET ROLE;
REVOKE SELECT ON cells FROM treg_analyst, treg_writer;

-- errors
SELECT count(*) FROM suppress(array(SELECT 'r' || i FROM generate_series(1, 20001) i),
							  array_fill(NULL::text, ARRAY[20001]), array_fill(1::bigint, ARRAY[20001]));
SELECT * FROM suppress('{a,b}', '{x}', '{1,2}');
SELECT * FROM suppress('{a,a,NULL}', '{x,x,NULL}', '{5,5,5}');
SELECT * FROM suppress('{a,NULL}', '{NULL,NULL}', '{-1,-1}');
SELECT * FROM suppress('{a,NULL}', '{NULL,NULL}', '{NULL,5}');
SELECT * FROM suppress('{a,b,NULL}', '{NULL,NULL,NULL}', '{5,6,12}');
SELECT * FROM suppress('{a,NULL}', '{NULL,NULL}', '{5,5}', '{NULL,NULL}');
SELECT * FROM suppress('{a,NULL}', '{NULL,NULL}', '{5,5}', NULL, 0);
SELECT * FROM suppress('{}', '{}', '{}');
SELECT * FROM suppression_audit('{a,b,NULL}', '{NULL,NULL,NULL}', '{NULL,NULL,-2}');
SELECT * FROM suppression_audit('{a,b,NULL}', '{NULL,NULL,NULL}', '{NULL,20,12}');
SELECT * FROM suppression_audit('{{a}}', '{NULL}', '{1}');

-- a reporting view built with suppress(): the analyst sees values, not reasons
-- (on a registry of our own, rolled back)
BEGIN;
TRUNCATE treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff CASCADE;
INSERT INTO treg.provider VALUES (1, 'Rusmiddelcenter Nord', 'rusmiddelcenter nord', true, false),
	(2, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true),
	(3, 'Privat Klinik', 'privat klinik', false, false);
INSERT INTO treg.person SELECT i, false, NULL, NULL, 101 FROM generate_series(1, 60) i;
INSERT INTO treg.episode (episode_id, person_id, provider_id, enrol_date, substance_group)
SELECT i, i, CASE WHEN i <= 3 THEN 3 ELSE 1 + i % 2 END, DATE '2025-01-01',
	   (ARRAY['alcohol', 'non_opioid', 'opioid'])[1 + i % 3]
FROM generate_series(1, 60) i;
CREATE VIEW public.regress_persons_by_provider AS
SELECT s.row_key AS provider, s.col_key AS substance_group, s.value AS persons, s.reason
FROM (SELECT array_agg(t.provider) AS r, array_agg(t.substance_group) AS c, array_agg(t.n) AS n
	  FROM (SELECT p.name AS provider, e.substance_group, count(DISTINCT e.person_id) AS n
			FROM treg.episode e JOIN treg.provider p USING (provider_id)
			GROUP BY CUBE (p.name, e.substance_group)) t) a,
	 treg.publish_counts(NULL, a.r, a.c, a.n) s;
GRANT SELECT ON public.regress_persons_by_provider TO treg_analyst;
SELECT * FROM public.regress_persons_by_provider;
SET ROLE treg_analyst;
SELECT provider, substance_group, persons, reason FROM public.regress_persons_by_provider WHERE persons IS NULL;
SAVEPOINT before_raw;
SELECT count(*) FROM treg.episode;
ROLLBACK TO SAVEPOINT before_raw;
RESET ROLE;
ROLLBACK;

DROP TABLE cells, visits, gs, both_published;
DROP FUNCTION published(text, int), audit_of(text, int), load(text, text[], text[], bigint[]);

-- a group without any cell in a column: its missing subtotal is a hidden
-- unknown that may be zero (not a suppressed cell known to be >= 1)
SELECT row_group, row_key, col_key, value, reason FROM treg.suppress(
	ARRAY['r1', 'r1', NULL, NULL, 'r2', 'r2', 'r2', NULL, NULL, NULL, NULL, NULL, NULL],
	ARRAY['c1', NULL, 'c1', NULL, 'c1', 'c2', NULL, 'c1', 'c2', NULL, 'c1', 'c2', NULL],
	ARRAY[6, 6, 6, 6, 20, 2, 22, 20, 2, 22, 26, 2, 28]::bigint[],
	ARRAY['g1', 'g1', 'g1', 'g1', 'g2', 'g2', 'g2', 'g2', 'g2', 'g2', NULL, NULL, NULL])
ORDER BY row_group NULLS LAST, row_key NULLS LAST, col_key NULLS LAST;
