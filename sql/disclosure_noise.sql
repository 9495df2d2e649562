-- consistent cell-key perturbation: record_key, cell_agg, noisy_count, noise_deviate
SET search_path = treg, public;

-- SipHash-2-4 reference vector (key 00..0f, message 00..07): 0x93f5f5799a932462
SELECT to_hex(record_key(506097522914230528, '\x000102030405060708090a0b0c0d0e0f')) AS siphash;
SELECT record_key(1, '\x00'::bytea);                                   -- secret too short

-- a cell's key is a function of its set of persons: duplicates, order, NULLs do not matter
CREATE TEMP TABLE pc AS
SELECT (cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea)).* FROM generate_series(1, 40) p;
SELECT persons, cell_key = (SELECT sum(record_key(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea)::numeric)
	% 18446744073709551616 - CASE WHEN sum(record_key(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea)::numeric)
	% 18446744073709551616 >= 9223372036854775808 THEN 18446744073709551616 ELSE 0 END
	FROM generate_series(1, 40) p) AS key_is_sum_of_record_keys
FROM pc;
SELECT (c).persons, (c).cell_key = (SELECT cell_key FROM pc) AS same_key
FROM (SELECT cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea) c
	  FROM (SELECT p FROM generate_series(40, 1, -1) p UNION ALL SELECT p FROM generate_series(1, 40, 3) p
			UNION ALL SELECT NULL) x) y;
-- one person more: a different key
SELECT (cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea)).cell_key <> (SELECT cell_key FROM pc) AS other_key
FROM generate_series(1, 41) p;
SELECT (cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea)).* FROM generate_series(1, 0) p;   -- empty
SELECT cell_agg(p, NULL) FROM generate_series(1, 3) p;
SELECT cell_agg(p, CASE WHEN p < 2 THEN '\x0102030405060708090a0b0c0d0e0f10'::bytea
	ELSE '\x1102030405060708090a0b0c0d0e0f10'::bytea END) FROM generate_series(1, 3) p;

-- parallel: partial states merge into the same key as a serial plan
CREATE TABLE cell_rows AS SELECT (g % 7) AS grp, p FROM generate_series(1, 200000) p, generate_series(1, 1) g;
ANALYZE cell_rows;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea) FROM cell_rows;
CREATE TEMP TABLE par AS SELECT cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea) c FROM cell_rows;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT c FROM par) = cell_agg(p, '\x0102030405060708090a0b0c0d0e0f10'::bytea) AS parallel_equals_serial,
	   ((SELECT c FROM par)).persons FROM cell_rows;
RESET max_parallel_workers_per_gather; RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE cell_rows;

-- noisy_count: 0 stays 0; the same cell always gets the same figure
SELECT noisy_count(0, 12345, 1, 2, 5);
SELECT count(DISTINCT noisy_count(100, 777, 1, 2, 5)) AS one_answer FROM generate_series(1, 50);
-- the noise over many cells: a discrete Gaussian with sd 2, never beyond 16
SELECT round(avg(n - 50), 2) AS mean, round(stddev(n - 50), 1) AS sd, min(n - 50) >= -16 AND max(n - 50) <= 16 AS bounded,
	   round(avg((n = 50)::int), 2) AS share_exact
FROM (SELECT noisy_count(50, k, 1, 2, 5) n FROM generate_series(1, 200000) k) x;
-- small counts: 0 below 1, suppressed (NULL) from 1 to k - 1
SELECT t, round(avg(coalesce(noisy_count(t, k, 1, 2, 5) = 0, false)::int), 2) AS as_zero,
	   round(avg((noisy_count(t, k, 1, 2, 5) IS NULL)::int), 2) AS suppressed
FROM generate_series(1, 6) t, generate_series(1, 40000) k GROUP BY t ORDER BY t;
-- streams give independent noise for counts of other things about the same persons
SELECT round(corr(noisy_count(60, k, 1, 2, 5), noisy_count(60, k, 2, 2, 5))::numeric, 1) AS corr_streams
FROM generate_series(1, 20000) k;
SELECT noisy_count(-1, 1, 1, 2, 5);
SELECT noisy_count(3, 1, 1, 0, 5);
SELECT noisy_count(3, 1, 1, 2, 0);

-- noise_deviate: standard normal, sticky
SELECT round(avg(z)::numeric, 2) AS mean, round(stddev(z)::numeric, 2) AS sd
FROM (SELECT noise_deviate(k, 9, 4) z FROM generate_series(1, 200000) k) x;
SELECT noise_deviate(42, 9, 4) = noise_deviate(42, 9, 4) AS sticky, noise_deviate(42, 9, 4) <> noise_deviate(42, 9, 5) AS streams_differ;
