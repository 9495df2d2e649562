-- pgTAP contracts of the disclosure engine: objects, randomized audit of
-- suppression, exactness of the audit against brute force, consistency,
-- and enforcement for treg_analyst.
BEGIN;
SELECT plan(46);

-- objects
SELECT has_function('treg', 'anon_count', ARRAY['bigint'], 'aggregate anon_count(bigint) exists');
SELECT has_function('treg', 'anon_sum', ARRAY['bigint', 'double precision'], 'aggregate anon_sum(bigint, float8) exists');
SELECT has_function('treg', 'suppress', ARRAY['text[]', 'text[]', 'bigint[]', 'text[]', 'integer'], 'suppress() exists');
SELECT has_function('treg', 'suppression_audit', ARRAY['text[]', 'text[]', 'bigint[]', 'text[]', 'boolean'], 'suppression_audit() exists');
SELECT volatility_is('treg', 'suppress', ARRAY['text[]', 'text[]', 'bigint[]', 'text[]', 'integer'], 'stable', 'suppress() is stable (reads treg.min_cell_count)');
SELECT volatility_is('treg', 'suppression_audit', ARRAY['text[]', 'text[]', 'bigint[]', 'text[]', 'boolean'], 'immutable', 'suppression_audit() is immutable');
SELECT volatility_is('treg', 'anon_count_final', ARRAY['internal'], 'stable', 'anon_count_final is stable (reads the GUC)');
SELECT is_strict('treg', 'anon_count_serial', ARRAY['internal'], 'anon_count_serial is strict');
SELECT isnt_strict('treg', 'anon_count_trans', ARRAY['internal', 'bigint'], 'anon_count_trans is not strict (creates the state)');
SELECT is(
	(SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
	 FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace
	   AND (p.proname LIKE 'anon\_%' OR p.proname LIKE 'suppress%')
	   AND p.proparallel <> 's'),
	NULL, 'every disclosure function and aggregate is PARALLEL SAFE');
SELECT is(
	(SELECT count(*)::int FROM pg_aggregate a
	 WHERE a.aggfnoid IN ('treg.anon_count(bigint)'::regprocedure,
						  'treg.anon_sum(bigint, double precision)'::regprocedure)
	   AND a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0),
	2, 'anon_count and anon_sum have combine, serial and deserial functions');
SELECT is(
	(SELECT count(*)::int FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace
	   AND p.prokind <> 'a' AND obj_description(p.oid, 'pg_proc') IS NULL
	   AND (p.proname LIKE 'anon\_%' OR p.proname LIKE 'suppress%')),
	0, 'every disclosure function has a comment');

-- random tables: flat and with row groups, many small cells
CREATE TEMP TABLE rt AS
WITH spec AS (
	SELECT t, 2 + (random() * 6)::int AS nr, 2 + (random() * 5)::int AS nc,
		   (random() * 3)::int AS style, random() < 0.4 AS grouped
	FROM (SELECT setseed(0.42)) s, generate_series(1, 300) t
), interior AS (
	SELECT s.t, s.grouped, 'g' || (r % 2) AS g, 'r' || r AS r, 'c' || c AS c,
		   CASE WHEN random() < 0.15 THEN 0
				WHEN s.style = 0 THEN (random() * 6)::int
				WHEN s.style = 1 THEN (random() * 20)::int
				ELSE (random() * 3)::int + CASE WHEN random() < 0.5 THEN 10 ELSE 0 END END AS n
	FROM spec s, generate_series(1, s.nr) r, generate_series(1, s.nc) c
)
SELECT t, grouped, g, r, c, sum(n)::bigint AS n FROM interior WHERE grouped
GROUP BY t, grouped, CUBE (c), ROLLUP (g, r)
UNION ALL
SELECT t, grouped, NULL, r, c, sum(n)::bigint FROM interior WHERE NOT grouped
GROUP BY t, grouped, CUBE (r, c);

-- every fifth flat table is published without its column totals (GROUPING SETS ((r, c), (r)))
DELETE FROM rt WHERE NOT grouped AND t % 5 = 0 AND r IS NULL;

CREATE TEMP TABLE res AS
SELECT a.t, a.grouped, s.*
FROM (SELECT t, grouped, array_agg(r) r, array_agg(c) c, array_agg(n) n, array_agg(g) g
	  FROM rt GROUP BY t, grouped) a,
	 LATERAL treg.suppress(a.r, a.c, a.n, CASE WHEN a.grouped THEN a.g END) s;
CREATE TEMP TABLE aud AS
SELECT a.t, au.*
FROM (SELECT t, grouped, array_agg(row_key) r, array_agg(col_key) c, array_agg(value) v,
			 array_agg(row_group) g
	  FROM res GROUP BY t, grouped) a,
	 LATERAL treg.suppression_audit(a.r, a.c, a.v, CASE WHEN a.grouped THEN a.g END) au;

SELECT is((SELECT count(DISTINCT t)::int FROM res), 300, '300 random tables suppressed');
SELECT is((SELECT count(*)::int FROM res), (SELECT count(*)::int FROM rt), 'suppress() returns every input cell once');
SELECT ok((SELECT count(*) FROM res WHERE reason = 'primary') > 1000, 'the random tables have many primary cells');
SELECT is(
	(SELECT count(*)::int FROM res JOIN rt USING (t)
	 WHERE rt.r IS NOT DISTINCT FROM res.row_key AND rt.c IS NOT DISTINCT FROM res.col_key
	   AND rt.g IS NOT DISTINCT FROM res.row_group
	   AND (res.value IS DISTINCT FROM rt.n AND res.value IS NOT NULL)),
	0, 'every published value is the true count');
SELECT is((SELECT count(*)::int FROM res WHERE value BETWEEN 1 AND 4), 0,
	'no published cell is from 1 to k-1');
SELECT is((SELECT count(*)::int FROM aud), (SELECT count(*)::int FROM res WHERE value IS NULL),
	'the audit reports every suppressed cell');
SELECT is((SELECT count(*)::int FROM aud WHERE high IS NOT NULL AND high - low < 5), 0,
	'audit: no suppressed cell of any random table can be narrowed below the protection width 5');
SELECT is(
	(SELECT count(*)::int
	 FROM (SELECT t, grouped, array_agg(row_key) r, array_agg(col_key) c, array_agg(value) v,
				  array_agg(row_group) g
		   FROM res GROUP BY t, grouped) a,
		  LATERAL treg.suppression_audit(a.r, a.c, a.v, CASE WHEN a.grouped THEN a.g END, true) au
	 WHERE au.high - au.low < 5),
	0, 'audit: the width holds even for a reader who knows suppressed cells are never zero');
SELECT is(
	(SELECT count(*)::int FROM aud JOIN rt ON rt.t = aud.t
		AND rt.r IS NOT DISTINCT FROM aud.row_key AND rt.c IS NOT DISTINCT FROM aud.col_key
		AND rt.g IS NOT DISTINCT FROM aud.row_group
	 WHERE rt.n < aud.low OR rt.n > coalesce(aud.high, rt.n)),
	0, 'audit: every true value lies within its bounds');

-- a wider protection width is honoured too
SELECT is(
	(SELECT count(*)::int
	 FROM (SELECT t, array_agg(r) r, array_agg(c) c, array_agg(n) n FROM rt
		   WHERE NOT grouped AND t <= 60 GROUP BY t) a,
		  LATERAL (SELECT array_agg(row_key) r, array_agg(col_key) c, array_agg(value) v
				   FROM treg.suppress(a.r, a.c, a.n, NULL, 12)) p,
		  LATERAL treg.suppression_audit(p.r, p.c, p.v) au
	 WHERE au.high - au.low < 12),
	0, 'audit: protection width 12 holds on random flat tables');

-- consistency: shuffled input gives the same published table
SELECT is(
	(SELECT count(*)::int FROM (
		SELECT a.t, s.* FROM
			(SELECT t, grouped, array_agg(r ORDER BY md5(t || coalesce(r, '') || coalesce(c, ''))) r,
					array_agg(c ORDER BY md5(t || coalesce(r, '') || coalesce(c, ''))) c,
					array_agg(n ORDER BY md5(t || coalesce(r, '') || coalesce(c, ''))) n,
					array_agg(g ORDER BY md5(t || coalesce(r, '') || coalesce(c, ''))) g
			 FROM rt GROUP BY t, grouped) a,
			LATERAL treg.suppress(a.r, a.c, a.n, CASE WHEN a.grouped THEN a.g END) s
		EXCEPT SELECT t, row_group, row_key, col_key, value, reason FROM res) d),
	0, 'the published tables do not depend on the order of the input');

-- the audit is exact: compare with brute-force enumeration on tiny tables
CREATE FUNCTION pg_temp.brute_bounds(g text[], r text[], c text[], pub bigint[], cap int)
RETURNS TABLE (row_group text, row_key text, col_key text, low bigint, high bigint)
LANGUAGE sql AS $$
WITH RECURSIVE
cells AS (SELECT i, g[i] AS gk, r[i] AS rk, c[i] AS ck, pub[i] AS p FROM generate_subscripts(r, 1) i),
leaf AS (SELECT i, gk, rk, ck, p,
				CASE WHEN p IS NULL THEN row_number() OVER (PARTITION BY p IS NULL ORDER BY i) END AS pos
		 FROM cells WHERE rk IS NOT NULL AND ck IS NOT NULL),
nunk AS (SELECT count(*) FILTER (WHERE p IS NULL) AS n FROM leaf),
combos(k, vals) AS (SELECT 0, '{}'::int[] UNION ALL
		 SELECT k + 1, vals || v FROM combos, generate_series(0, cap) v WHERE k < (SELECT n FROM nunk)),
full_ AS (SELECT row_number() OVER () AS id, vals FROM combos WHERE k = (SELECT n FROM nunk)),
lv AS (SELECT f.id, l.gk, l.rk, l.ck, coalesce(l.p, f.vals[l.pos]) AS v FROM full_ f, leaf l),
cv AS (SELECT lv.id, ce.i, ce.gk, ce.rk, ce.ck, ce.p, sum(lv.v) AS v
	   FROM lv JOIN cells ce ON (ce.gk IS NULL OR lv.gk = ce.gk) AND (ce.rk IS NULL OR lv.rk = ce.rk)
							AND (ce.ck IS NULL OR lv.ck = ce.ck)
	   GROUP BY lv.id, ce.i, ce.gk, ce.rk, ce.ck, ce.p),
ok AS (SELECT id FROM cv GROUP BY id HAVING bool_and(p IS NULL OR p = v))
SELECT gk, rk, ck, min(v)::bigint, CASE WHEN max(v) >= cap THEN NULL ELSE max(v) END::bigint
FROM cv JOIN ok USING (id) WHERE p IS NULL GROUP BY gk, rk, ck
$$;
CREATE TEMP TABLE tiny AS
WITH spec AS (
	SELECT t, random() < 0.5 AS grouped, 1 + (random() * 2)::int AS nr, 2 + (random())::int AS nc
	FROM (SELECT setseed(0.17)) s, generate_series(1, 60) t
), interior AS (
	SELECT s.t, s.grouped, 'g' || (r % 2) AS g, 'r' || r AS r, 'c' || c AS c, (random() * 3)::int AS n
	FROM spec s, generate_series(1, s.nr + CASE WHEN s.grouped THEN 1 ELSE 0 END) r,
		 generate_series(1, s.nc) c
), tab AS (
	SELECT t, grouped, g, r, c, sum(n)::bigint AS n FROM interior WHERE grouped
	GROUP BY t, grouped, CUBE (c), ROLLUP (g, r)
	UNION ALL
	SELECT t, grouped, NULL, r, c, sum(n)::bigint FROM interior WHERE NOT grouped
	GROUP BY t, grouped, CUBE (r, c)
)
SELECT t, grouped, g, r, c, n, CASE WHEN random() < 0.35 THEN NULL ELSE n END AS pub FROM tab;
-- every fourth tiny table without its column totals and grand total
DELETE FROM tiny WHERE t % 4 = 0 AND r IS NULL AND g IS NULL;
CREATE TEMP TABLE tinyarr AS
SELECT t, grouped, array_agg(g ORDER BY g, r, c) g, array_agg(r ORDER BY g, r, c) r,
	   array_agg(c ORDER BY g, r, c) c, array_agg(pub ORDER BY g, r, c) pub
FROM tiny GROUP BY t, grouped
HAVING count(*) FILTER (WHERE pub IS NULL AND r IS NOT NULL AND c IS NOT NULL) BETWEEN 1 AND 3;
CREATE TEMP TABLE cmp AS
SELECT x.t, x.grouped, a.low, a.high, b.low AS blow, b.high AS bhigh
FROM tinyarr x,
	LATERAL treg.suppression_audit(x.r, x.c, x.pub, CASE WHEN x.grouped THEN x.g END) a
	FULL JOIN LATERAL pg_temp.brute_bounds(x.g, x.r, x.c, x.pub, 14) b
	ON coalesce(a.row_group, '~') = coalesce(b.row_group, '~')
	   AND coalesce(a.row_key, '~') = coalesce(b.row_key, '~')
	   AND coalesce(a.col_key, '~') = coalesce(b.col_key, '~');
SELECT ok((SELECT count(DISTINCT t) FROM cmp WHERE grouped) >= 10
		  AND (SELECT count(DISTINCT t) FROM cmp WHERE NOT grouped) >= 10,
	'brute force covers at least 10 flat and 10 grouped tiny tables');
SELECT is((SELECT count(*)::int FROM cmp WHERE low IS DISTINCT FROM blow OR high IS DISTINCT FROM bhigh), 0,
	'audit bounds equal brute-force enumeration on every tiny table');
SELECT results_eq(
	$$SELECT low, high FROM treg.suppression_audit('{a,a,a,b,b,b,NULL,NULL,NULL}', '{x,y,NULL,x,y,NULL,x,y,NULL}',
		'{NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}')$$,
	$$VALUES (0::bigint, NULL::bigint), (0, NULL), (0, NULL), (0, NULL), (0, NULL), (0, NULL), (0, NULL), (0, NULL), (0, NULL)$$,
	'a fully suppressed table is unbounded above');

-- enforcement: treg_analyst reads only the reporting views
CREATE FUNCTION pg_temp.sqlstate_as(r text, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	st text := 'ok';
BEGIN
	EXECUTE format('SET LOCAL ROLE %I', r);
	BEGIN
		EXECUTE q;
	EXCEPTION WHEN OTHERS THEN
		st := SQLSTATE;
	END;
	RESET ROLE;
	RETURN st;
END
$$;
SELECT is(pg_temp.sqlstate_as('treg_analyst', format('SELECT * FROM treg.%I', t)), '42501',
		  format('treg_analyst cannot SELECT from treg.%s', t))
FROM unnest(ARRAY['person', 'provider', 'request', 'episode', 'segment', 'tariff']) t;
SELECT is(
	(SELECT string_agg(c.relname, ', ') FROM pg_class c
	 WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
	   AND c.relname NOT LIKE 'report\_%'
	   AND has_table_privilege('treg_analyst', c.oid, 'SELECT')),
	NULL, 'treg_analyst has SELECT on no relation of treg except the report_* views');
SELECT is(
	(SELECT string_agg(c.relname, ', ') FROM pg_class c
	 WHERE c.relnamespace = 'treg'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
	   AND has_any_column_privilege('treg_analyst', c.oid, 'SELECT')
	   AND c.relname NOT LIKE 'report\_%'),
	NULL, 'treg_analyst has no column privilege on a raw table');
SELECT treg.set_report_config(169, '2026-04-08');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SELECT * FROM treg.report_registry_summary'), 'ok',
	'treg_analyst can read a reporting view');
TRUNCATE treg.person, treg.provider, treg.request, treg.episode, treg.segment, treg.tariff CASCADE;
INSERT INTO treg.provider VALUES (1, 'Nord', 'nord', true, false), (2, 'Syd', 'syd', false, true),
	(3, 'Klinik', 'klinik', false, false);
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
SELECT ok((SELECT count(reason) FROM public.regress_persons_by_provider) >= 4,
	'a superuser sees why cells of the report are suppressed');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SELECT * FROM public.regress_persons_by_provider'), 'ok',
	'treg_analyst can read the suppressed report of persons by provider');
SELECT is(pg_temp.sqlstate_as('treg_analyst',
		'DO $do$ BEGIN IF EXISTS (SELECT FROM public.regress_persons_by_provider WHERE reason IS NOT NULL) THEN RAISE EXCEPTION USING ERRCODE = ''P0001''; END IF; END $do$'),
	'ok', 'treg_analyst sees no suppression reasons');
SELECT is(
	(SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p
	 WHERE p.pronamespace = 'treg'::regnamespace AND p.prosecdef
	   AND p.proname NOT LIKE 'report\_%'
	   AND has_function_privilege('treg_analyst', p.oid, 'EXECUTE')),
	NULL, 'the only SECURITY DEFINER functions treg_analyst may call are the report_* functions (published aggregates)');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SELECT treg.anon_count(person_id) FROM treg.person'), '42501',
	'treg_analyst cannot aggregate raw rows either');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SET treg.min_cell_count = 4'), '42501',
	'treg_analyst cannot lower treg.min_cell_count below 5');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SET treg.min_cell_count = 20'), '42501',
	'treg_analyst cannot raise treg.min_cell_count either (PGC_SUSET)');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SET treg.dominance_k = 95'), '42501',
	'treg_analyst cannot loosen the dominance rule');
SELECT is(pg_temp.sqlstate_as('treg_analyst', 'SET treg.dominance_p = 1'), '42501',
	'treg_analyst cannot loosen the p% rule');
SELECT throws_ok('SET LOCAL treg.min_cell_count = 2', '22023', NULL,
	'nobody can set treg.min_cell_count below 3');
SELECT lives_ok('SET LOCAL treg.min_cell_count = 3', 'a superuser can lower treg.min_cell_count to 3');

SELECT * FROM finish();
ROLLBACK;
