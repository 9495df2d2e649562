-- Maintained state: treg.person_state and treg.episode_state stay exactly in
-- step with treg.segment and treg.episode through a deterministic random
-- sequence of inserts, multi-row inserts, updates (dates, intensities,
-- back-dated corrections, moves to another person's episode), deletes and
-- episode date changes; then maintenance off and on, refresh, TRUNCATE;
-- state_check() lists no difference.
\set SHOW_CONTEXT never
BEGIN;
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
SELECT setseed(0.42);
INSERT INTO treg.person SELECT p, false, NULL, NULL, 169 FROM generate_series(1, 30) p;
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
-- two episodes a person: an old discharged one and an open one
INSERT INTO treg.episode
SELECT p * 10 + k, p, 1, NULL,
	CASE k WHEN 1 THEN date '2020-01-01' ELSE date '2023-01-01' END,
	CASE k WHEN 1 THEN date '2022-06-30' END,
	CASE k WHEN 1 THEN 'completed' END, 'alcohol'
FROM generate_series(1, 30) p, generate_series(1, 2) k;
SELECT count(*) AS episode_states FROM treg.episode_state;

CREATE TEMP TABLE op_log (op text, ok boolean);
DO $gen$
DECLARE
	i integer;
	r float8;
	ep bigint;
	seg bigint;
	n integer;
	d date;
	next_id bigint := 1000;
	ok boolean;
	wide boolean;
	op text;
BEGIN
	FOR i IN 1 .. 1000 LOOP
		r := random();
		ep := (1 + floor(random() * 30))::bigint * 10 + 1 + floor(random() * 2)::bigint;
		d := CASE WHEN ep % 10 = 1 THEN date '2020-01-01' ELSE date '2023-01-01' END
			 + floor(random() * 900)::int;
		SELECT s.segment_id INTO seg FROM treg.segment s
		ORDER BY s.segment_id OFFSET floor(random() * greatest((SELECT count(*) FROM treg.segment), 1))
		LIMIT 1;
		ok := true;
		wide := random() < 0.05;
		BEGIN
			IF r < 0.40 THEN
				op := 'insert';
				n := 1 + floor(random() * 3)::int;
				INSERT INTO treg.segment
				SELECT next_id + j, ep, ep / 10, treg.intensity(1 + floor(random() * 3)::int),
					   d + j * 40, CASE WHEN random() < 0.15 AND ep % 10 = 2 THEN NULL
										ELSE d + j * 40 + floor(random() * 35)::int END,
					   CASE WHEN random() < 0.5 THEN d + j * 40 + 180 END, random() < 0.1
				FROM generate_series(0, n - 1) j;
				next_id := next_id + n;
			ELSIF r < 0.55 THEN
				op := 'correct dates';
				n := floor(random() * 20)::int;
				UPDATE treg.segment
				SET start_date = start_date - n,
					end_date = end_date + n % 10 - 5
				WHERE segment_id = seg;
			ELSIF r < 0.62 THEN
				op := 'correct intensity';
				n := 1 + floor(random() * 3)::int;
				UPDATE treg.segment
				SET intensity = treg.intensity(n),
					planned_end_date = CASE WHEN wide OR n = 2 THEN start_date + 90 END
				WHERE segment_id = seg OR (wide AND episode_id = ep);
			ELSIF r < 0.72 THEN
				op := 'move';
				UPDATE treg.segment
				SET episode_id = ep, person_id = ep / 10,
					start_date = d, end_date = d + floor(random() * 30)::int
				WHERE segment_id = seg;
			ELSIF r < 0.85 THEN
				op := 'delete';
				DELETE FROM treg.segment
				WHERE segment_id = seg OR (wide AND person_id = ep / 10);
			ELSIF r < 0.93 THEN
				op := 'episode dates';
				UPDATE treg.episode
				SET discharge_date = CASE WHEN discharge_date IS NULL THEN d + 400 END,
					discharge_reason = CASE WHEN discharge_date IS NULL THEN 'dropped_out' END
				WHERE episode_id = ep AND episode_id % 10 = 2;
			ELSE
				op := 'shift person';
				UPDATE treg.segment
				SET start_date = start_date + 1, end_date = end_date + 1
				WHERE person_id = ep / 10 AND episode_id % 10 = 2;
			END IF;
		EXCEPTION WHEN exclusion_violation OR check_violation THEN
			ok := false;
		END;
		INSERT INTO op_log VALUES (op, ok);
		IF i % 100 = 0 THEN
			INSERT INTO op_log SELECT 'state differences after ' || i || ' operations', count(*) = 0
			FROM treg.state_check();
		END IF;
	END LOOP;
END
$gen$;
SELECT op, count(*) FILTER (WHERE ok) AS applied, count(*) FILTER (WHERE NOT ok) AS refused
FROM op_log WHERE op NOT LIKE 'state%' GROUP BY op ORDER BY op;
-- checked every 100 operations: exact each time
SELECT count(*) AS checks, count(*) FILTER (WHERE NOT ok) AS checks_with_differences
FROM op_log WHERE op LIKE 'state%';
SELECT (SELECT count(*) FROM treg.segment) AS segments, (SELECT count(*) FROM treg.person_state) AS persons_with_state;
SELECT * FROM treg.state_check();

-- as of a date the state answers exactly like the rows cut at that date
SELECT d AS as_of,
	count(*) FILTER (WHERE coalesce(treg.total_days(p.timeline, d), 0)
					 <> coalesce(treg.total_days(r.timeline, d), 0)) AS total_days_differ,
	count(*) FILTER (WHERE (SELECT array_agg(e ORDER BY e.episode) FROM treg.episodes(p.timeline, 30, d) e)
					 IS DISTINCT FROM
					 (SELECT array_agg(e ORDER BY e.episode) FROM treg.episodes(r.timeline, 30, d) e))
		AS episodes_differ
FROM (SELECT g::date AS d FROM generate_series(date '2020-06-01', '2026-01-01', '1 year') g) g
CROSS JOIN treg.person_state p
LEFT JOIN LATERAL (
	SELECT treg.timeline_agg(s.start_date, s.end_date, s.intensity, s.planned_end_date) AS timeline
	FROM treg.segment s WHERE s.person_id = p.person_id AND s.start_date <= g.d) r ON true
GROUP BY d ORDER BY d;

-- maintenance off for a bulk change, then on again: rebuilt
SELECT treg.state_maintenance(false) AS was_on;
DELETE FROM treg.segment WHERE person_id <= 10;
SELECT count(*) > 0 AS stale FROM treg.state_check();
SELECT treg.state_maintenance(true) AS was_on;
SELECT * FROM treg.state_check();
-- refresh gives the same state
CREATE TEMP TABLE before_refresh AS SELECT person_id, timeline::text AS tl FROM treg.person_state;
SELECT * FROM treg.state_refresh();
SELECT count(*) AS changed_by_refresh FROM (
	SELECT person_id, timeline::text FROM treg.person_state
	EXCEPT SELECT * FROM before_refresh) x;
-- deleting episodes, truncating the segments, then everything
TRUNCATE treg.segment;
SELECT (SELECT count(*) FROM treg.person_state) AS person_states,
	(SELECT count(timeline) FROM treg.episode_state) AS episode_timelines;
INSERT INTO treg.segment VALUES (1, 112, 11, 'dag', '2024-01-01', NULL, NULL, false);
DELETE FROM treg.segment WHERE episode_id = 112;
DELETE FROM treg.episode WHERE episode_id = 112;
SELECT * FROM treg.state_check();
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
SELECT (SELECT count(*) FROM treg.person_state) + (SELECT count(*) FROM treg.episode_state) AS state_rows;
ROLLBACK;
