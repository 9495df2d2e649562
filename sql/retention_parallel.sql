-- retention: parallel aggregation (partial states serialized and combined)
SET search_path = treg, public;

-- a regular table (temporary tables are never scanned in parallel)
CREATE TABLE km_par (grp int, days int, event boolean);
INSERT INTO km_par
SELECT g % 3, (g * 7919) % 1500 + (CASE WHEN g % 97 = 0 THEN 70000 ELSE 0 END),
	   g % 5 <> 0
FROM generate_series(1, 60000) g;
ANALYZE km_par;

-- serial results
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE km_serial AS
SELECT grp, retention_agg(days, event)::text AS r FROM km_par GROUP BY grp;
CREATE TEMP TABLE km_serial_all AS
SELECT retention_agg(days, event)::text AS r FROM km_par;

-- forced parallel plan
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT retention_agg(days, event) FROM km_par;
SELECT retention_agg(days, event)::text = (SELECT r FROM km_serial_all) AS parallel_equals_serial
FROM km_par;
SELECT count(*) AS groups_equal
FROM (SELECT grp, retention_agg(days, event)::text AS r FROM km_par GROUP BY grp) p
JOIN km_serial s USING (grp) WHERE p.r = s.r;
SELECT retention_merge(r)::text = (SELECT r FROM km_serial_all) AS merge_equals_serial
FROM (SELECT retention_agg(days, event) AS r FROM km_par GROUP BY grp) s;
SELECT retention_count(retention_agg(days, event)), retention_events(retention_agg(days, event)),
	   km_median(retention_agg(days, event))
FROM km_par;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE km_par;
