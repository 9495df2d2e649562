-- care_timeline aggregates under parallel query: the plans use Partial
-- Aggregate (combine, serial and deserial functions) and the results are
-- those of the serial plan
SET search_path = treg, public;

-- a regular table (temporary tables are never scanned in parallel)
CREATE TABLE pseg AS
SELECT p AS person_id, s AS start_date,
       CASE WHEN (hashint4(p * 31 + k) & 15) = 0 THEN NULL
            ELSE s + (hashint4(p * 37 + k) & 127) END AS end_date,
       intensity(1 + (hashint4(p * 41 + k) & 2147483647) % 3) AS intensity,
       CASE WHEN k % 2 = 0 THEN s + 90 END AS planned_end_date
FROM generate_series(1, 3000) p, generate_series(1, 5) k,
     LATERAL (SELECT '2021-01-01'::date + (hashint4(p * 43 + k) & 1023) AS s) x;
ANALYZE pseg;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;  -- one plan shape whatever the table statistics

EXPLAIN (COSTS OFF)
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date)
FROM pseg GROUP BY person_id;
CREATE TABLE par_tl AS
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
FROM pseg GROUP BY person_id;
EXPLAIN (COSTS OFF)
SELECT timeline_rollup(tl) FROM par_tl;
EXPLAIN (COSTS OFF)
SELECT census_agg(tl, '{2021-06-01,2022-01-01}') FROM par_tl;
EXPLAIN (COSTS OFF)
SELECT transition_matrix(tl, 30, '2023-12-31', 180) FROM par_tl;
CREATE TABLE par_res AS
SELECT 'rollup' AS what, timeline_rollup(tl)::text AS res FROM par_tl
UNION ALL
SELECT 'census', census_agg(tl, ARRAY(SELECT generate_series('2021-01-01'::date, '2023-12-01', '1 month')::date))::text FROM par_tl
UNION ALL
SELECT 'matrix', transition_matrix(tl, 30, '2023-12-31', 180)::text FROM par_tl;

-- the same in a serial plan
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date)
FROM pseg GROUP BY person_id;
CREATE TABLE ser_tl AS
SELECT person_id, timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
FROM pseg GROUP BY person_id;
CREATE TABLE ser_res AS
SELECT 'rollup' AS what, timeline_rollup(tl)::text AS res FROM ser_tl
UNION ALL
SELECT 'census', census_agg(tl, ARRAY(SELECT generate_series('2021-01-01'::date, '2023-12-01', '1 month')::date))::text FROM ser_tl
UNION ALL
SELECT 'matrix', transition_matrix(tl, 30, '2023-12-31', 180)::text FROM ser_tl;
RESET ALL;
SET search_path = treg, public;

SELECT count(*) AS persons,
       count(*) FILTER (WHERE p.tl::text IS DISTINCT FROM s.tl::text) AS differences
FROM par_tl p FULL JOIN ser_tl s USING (person_id);
SELECT what, p.res = s.res AS same, length(p.res) > 100 AS non_trivial
FROM par_res p JOIN ser_res s USING (what) ORDER BY what;
-- the census adds up to the persons in care on the day
SELECT c.day, sum(c.persons) AS persons,
       (SELECT count(DISTINCT person_id) FROM pseg
        WHERE start_date <= c.day AND (end_date IS NULL OR end_date >= c.day)) AS plain_sql
FROM unnest((SELECT census_agg(tl, '{2021-06-01,2022-01-01,2023-06-01}') FROM par_tl)) c
GROUP BY c.day ORDER BY c.day;

DROP TABLE pseg, par_tl, ser_tl, par_res, ser_res;
