-- Benchmark: every committee report on a demo registry.
--
--   createdb treg_bench && psql -d treg_bench -c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo'
--   psql -X -d treg_bench -v persons=1000000 -f test/bench/reports.sql
--
-- Optional -v spp=10 gives 10 segments a person (treg_demo's
-- segments_per_person).  Loads treg.demo_load(:persons) unless the registry already holds that
-- many persons (so a second run only times the reports), then runs each
-- report function once warm-up and three times, printing the best time.
\if :{?persons}
\else
\set persons 100000
\endif
\if :{?spp}
\else
\set spp NULL
\endif
\pset footer off
SET search_path = treg, public;
SET max_parallel_workers_per_gather = 2;

SELECT count(*) <> :persons AS need_load FROM treg.person \gset
\if :need_load
\timing on
SELECT * FROM treg.demo_load(:persons, 1, segments_per_person => :spp);
\timing off
VACUUM ANALYZE;
\endif
SELECT treg.set_report_config(home_municipality => 169, report_date => '2026-04-08');
SELECT (SELECT count(*) FROM treg.person) AS persons, (SELECT count(*) FROM treg.episode) AS episodes,
	   (SELECT count(*) FROM treg.segment) AS segments;

CREATE TEMP TABLE bench_result (report text, best_ms numeric, rows bigint);
DO $bench$
DECLARE
	q text;
	t0 timestamptz;
	best numeric;
	n bigint;
	i int;
BEGIN
	FOREACH q IN ARRAY ARRAY[
		'report_census(''2026-04-08'')',
		'report_census_monthly()',
		'report_flow(2025)',
		'report_durations(2021, 2025)',
		'report_transitions(2025)',
		'report_day_treatment(2024, 2025)',
		'report_guarantee(2025)',
		'report_providers(2025)',
		'report_costs(2025)',
		'report_cost_scenario(2025, 6, 0.5)',
		'report_age_groups(''2026-04-08'', 2025)',
		'report_occupancy(2025)',
		'report_provider_flow(2025)',
		'report_outcomes(2021, 2025)',
		'report_registry_summary()']
	LOOP
		best := NULL;
		FOR i IN 0..3 LOOP
			t0 := clock_timestamp();
			EXECUTE format('SELECT count(*) FROM treg.%s', q) INTO n;
			IF i > 0 THEN
				best := least(coalesce(best, 1e12),
							  extract(epoch FROM clock_timestamp() - t0) * 1000);
			END IF;
		END LOOP;
		INSERT INTO bench_result VALUES (split_part(q, '(', 1), round(best), n);
	END LOOP;
END
$bench$;
SELECT report, best_ms AS "best of 3 (ms)", rows FROM bench_result ORDER BY best_ms DESC;
SELECT max(best_ms) AS slowest_ms, max(best_ms) < 1000 AS under_1_s FROM bench_result;
