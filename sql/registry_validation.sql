-- Set-wise validation of treg.segment (statement-level triggers): no two
-- segments of one episode overlap (23P01), every segment lies within its
-- episode's dates (23514), for every way rows arrive; finite dates and
-- text lengths (CHECK constraints).  Errors name the rule and give keys only.
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
BEGIN;
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
INSERT INTO treg.person VALUES (1, false, '1980-01-01', 'male', 169), (2, true, NULL, NULL, 101);
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
INSERT INTO treg.episode VALUES
	(10, 1, 1, NULL, '2025-01-10', NULL, NULL, 'alcohol'),
	(11, 1, 1, NULL, '2024-01-01', '2024-06-30', 'completed', 'alcohol'),
	(20, 2, 1, NULL, '2025-01-01', NULL, NULL, 'opioid');
-- single-row INSERT: accepted, then an overlap with an existing row
INSERT INTO treg.segment VALUES (100, 10, 1, 'dag', '2025-01-10', '2025-06-30', '2026-01-09', false);
INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2025-06-30', NULL, NULL, false);
-- adjacent is fine; an open segment overlaps every later one
INSERT INTO treg.segment VALUES (101, 10, 1, 'ambulant', '2025-07-01', NULL, NULL, false);
INSERT INTO treg.segment VALUES (102, 10, 1, 'dag', '2026-01-01', '2026-02-01', NULL, false);
-- multi-row INSERT: overlap inside the batch (same start day), and a clean batch
INSERT INTO treg.segment VALUES
	(200, 20, 2, 'ambulant', '2025-01-01', '2025-01-31', NULL, true),
	(201, 20, 2, 'dag', '2025-01-01', '2025-01-15', NULL, true);
INSERT INTO treg.segment VALUES
	(202, 20, 2, 'ambulant', '2025-02-10', '2025-03-31', NULL, true),
	(201, 20, 2, 'dag', '2025-01-20', '2025-02-09', NULL, true),
	(200, 20, 2, 'ambulant', '2025-01-01', '2025-01-19', NULL, true);
-- a batch whose rows overlap only a row that starts before all of them
INSERT INTO treg.segment VALUES
	(203, 20, 2, 'døgn', '2025-04-01', '2025-04-30', NULL, false),
	(204, 20, 2, 'dag', '2025-05-01', '2025-05-31', NULL, false),
	(205, 20, 2, 'ambulant', '2025-03-15', '2025-03-20', NULL, false);
-- within the episode: before enrolment, after discharge, open in a discharged episode
INSERT INTO treg.segment VALUES (110, 11, 1, 'dag', '2023-12-31', '2024-01-31', NULL, false);
INSERT INTO treg.segment VALUES (110, 11, 1, 'dag', '2024-01-01', '2024-07-01', NULL, false);
INSERT INTO treg.segment VALUES (110, 11, 1, 'dag', '2024-01-01', NULL, NULL, false);
INSERT INTO treg.segment VALUES (110, 11, 1, 'dag', '2024-01-01', '2024-06-30', NULL, false);
-- UPDATE: moving a segment onto another, shifting several at once
UPDATE treg.segment SET start_date = '2025-02-09' WHERE segment_id = 202;
UPDATE treg.segment SET start_date = start_date + 1, end_date = end_date + 1 WHERE episode_id = 20;
UPDATE treg.segment SET end_date = end_date - 1 WHERE segment_id IN (200, 201, 202);
-- UPDATE that moves a segment to another episode (and person)
UPDATE treg.segment SET episode_id = 20, person_id = 2 WHERE segment_id = 110;
UPDATE treg.segment SET episode_id = 20, person_id = 2, start_date = '2025-06-01', end_date = '2025-06-30'
WHERE segment_id = 110;
-- the episode's dates change: its segments must still fit
UPDATE treg.episode SET discharge_date = '2026-01-15', discharge_reason = 'completed' WHERE episode_id = 10;
UPDATE treg.segment SET end_date = '2026-01-15' WHERE segment_id = 101;
UPDATE treg.episode SET discharge_date = '2026-01-15', discharge_reason = 'completed' WHERE episode_id = 10;
UPDATE treg.episode SET enrol_date = '2025-01-11' WHERE episode_id = 10;
UPDATE treg.episode SET discharge_date = '2026-02-15' WHERE episode_id = 10;
-- COPY: the same rules
COPY treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date) FROM stdin;
300	20	2	ambulant	2025-07-01	2025-07-31
301	20	2	dag	2025-07-31	2025-08-31
\.
COPY treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date) FROM stdin;
300	20	2	ambulant	2025-07-01	2025-07-31
301	20	2	dag	2025-08-01	2025-08-31
\.
COPY treg.segment (segment_id, episode_id, person_id, intensity, start_date, end_date) FROM stdin;
302	20	2	ambulant	2024-12-31	2024-12-31
\.
-- finite dates and text lengths
INSERT INTO treg.segment VALUES (400, 20, 2, 'dag', '2025-09-01', 'infinity', NULL, false);
INSERT INTO treg.episode VALUES (12, 1, 1, NULL, '-infinity', NULL, NULL, 'alcohol');
INSERT INTO treg.person VALUES (3, false, 'infinity', NULL, 169);
INSERT INTO treg.request VALUES (1, 1, '2025-01-02', 'alcohol', 'SUL141', 'infinity', NULL);
INSERT INTO treg.tariff VALUES (1, 1, 'dag', '2025-01-01', 'infinity', 100);
INSERT INTO treg.provider VALUES (2, repeat('x', 201), 'x', true, false);
INSERT INTO treg.provider VALUES (2, 'x', repeat('x', 201), true, false);
-- what is registered now
SELECT segment_id, episode_id, person_id, intensity, start_date, end_date FROM treg.segment ORDER BY segment_id;
SELECT episode_id, enrol_date, discharge_date FROM treg.episode ORDER BY episode_id;
-- the exclusion constraint is gone; the rules are triggers
SELECT conname FROM pg_constraint WHERE conrelid = 'treg.segment'::regclass ORDER BY 1;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid IN ('treg.segment'::regclass, 'treg.episode'::regclass)
  AND NOT tgisinternal ORDER BY 1;
ROLLBACK;
-- REPEATABLE READ cannot see rows committed after its snapshot: refused
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO treg.person VALUES (1, false, '1980-01-01', 'male', 169);
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
INSERT INTO treg.episode VALUES (10, 1, 1, NULL, '2025-01-10', NULL, NULL, 'alcohol');
INSERT INTO treg.segment VALUES (100, 10, 1, 'dag', '2025-01-10', '2025-06-30', NULL, false);
ROLLBACK;
