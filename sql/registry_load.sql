-- Bulk load: treg.load_batch checks the staged batch set by set, lists
-- every bad row in treg.load_rejection (keys and rule only) and loads the
-- good rows (partial) or none; nothing is lost.
\set SHOW_CONTEXT never
BEGIN;
TRUNCATE treg.segment, treg.episode, treg.request, treg.tariff, treg.capacity, treg.provider, treg.person;
SELECT count(*) AS old_rejections FROM treg.load_rejection \gset
-- registered before the batch
INSERT INTO treg.person VALUES (1, false, '1980-01-01', 'male', 169);
INSERT INTO treg.provider VALUES (1, 'Albertslund Rusmiddelcenter', 'albertslund rusmiddelcenter', false, true);
INSERT INTO treg.episode VALUES (10, 1, 1, NULL, '2025-01-10', NULL, NULL, 'alcohol');
INSERT INTO treg.segment VALUES (100, 10, 1, 'dag', '2025-01-10', '2025-06-30', NULL, false);
INSERT INTO treg.tariff VALUES (1, 1, 'dag', '2025-01-01', NULL, 1500);

-- the batch: good rows and bad rows of every kind (source_row = line number)
COPY treg.staging_person (person_id, anonymous, birth_date, sex, municipality_code) FROM stdin;
2	f	1990-01-01	female	169
3	f	\N	\N	101
1	f	\N	\N	169
4	f	\N	\N	\N
5	f	\N	other	169
6	f	infinity	\N	169
7	f	\N	\N	100
7	f	\N	\N	169
\N	f	\N	\N	169
\.
COPY treg.staging_provider (provider_id, name, name_key, internal, partner) FROM stdin;
2	Novavi	novavi	f	f
3	 	blank	f	f
\.
COPY treg.staging_request (request_id, person_id, request_date, track, legal_basis, initiation_date, waiver) FROM stdin;
1	2	2025-02-01	alcohol	SUL141	2025-02-03	\N
2	99	2025-02-01	alcohol	SUL141	\N	\N
3	2	2025-02-01	tobacco	SUL141	\N	\N
4	2	2025-02-05	drugs	SEL101	2025-02-01	\N
5	5	2025-02-05	drugs	SEL101	\N	\N
\.
COPY treg.staging_episode (episode_id, person_id, provider_id, request_id, enrol_date, discharge_date, discharge_reason, substance_group) FROM stdin;
20	2	2	1	2025-02-03	\N	\N	alcohol
21	3	1	\N	2025-01-01	2025-03-31	completed	opioid
22	2	3	\N	2025-01-01	\N	\N	alcohol
23	2	1	3	2025-01-01	\N	\N	alcohol
24	5	1	\N	2025-01-01	\N	\N	alcohol
25	2	1	\N	2025-03-01	2025-02-01	completed	alcohol
26	2	1	\N	2025-03-01	2025-04-01	\N	alcohol
10	1	1	\N	2025-01-10	\N	\N	alcohol
27	2	98	\N	2025-03-01	\N	\N	cocaine
\.
COPY treg.staging_segment (segment_id, episode_id, person_id, intensity, start_date, end_date, planned_end_date) FROM stdin;
200	20	2	dag	2025-02-03	2025-03-31	2025-08-01
201	20	2	ambulant	2025-04-01	\N	\N
210	21	3	døgn	2025-01-01	2025-01-31	\N
211	21	3	ambulant	2025-02-01	\N	\N
212	21	3	ambulant	2024-12-01	2024-12-31	\N
213	21	3	dag	2025-03-01	2025-04-30	\N
101	10	1	ambulant	2025-06-30	2025-07-31	\N
102	10	1	ambulant	2025-07-01	2025-07-31	\N
103	10	1	ambulant	2025-08-01	2025-08-31	\N
104	10	1	dag	2025-08-15	2025-08-20	\N
220	22	2	dag	2025-01-01	\N	\N
240	24	5	dag	2025-01-01	\N	\N
250	10	3	dag	2025-09-01	\N	\N
251	99	1	dag	2025-09-01	\N	\N
252	10	1	dag	2025-09-10	2025-09-01	\N
253	10	1	\N	2025-09-10	2025-09-11	\N
254	10	1	dag	2025-09-12	infinity	\N
100	10	1	dag	2025-09-20	2025-09-21	\N
200	20	2	dag	2025-10-01	2025-10-02	\N
\.
COPY treg.staging_tariff (tariff_id, provider_id, intensity, valid_from, valid_to, price_per_day) FROM stdin;
2	2	dag	2025-01-01	\N	1200
3	1	dag	2025-12-31	\N	1600
4	3	dag	2025-01-01	\N	1000
5	1	ambulant	2025-01-01	2024-12-31	300
6	1	døgn	2025-01-01	\N	-1
\.
SELECT 'person' AS t, count(*) FROM treg.staging_person
UNION ALL SELECT 'segment', count(*) FROM treg.staging_segment;

-- all or nothing: refused, every bad row listed, nothing loaded, staging kept
SELECT table_name, rows_in, loaded, rejected FROM treg.load_batch();
SELECT table_name, source_row, row_key, rule FROM treg.load_rejection
WHERE batch_id = (SELECT max(batch_id) FROM treg.load_rejection)
ORDER BY array_position(ARRAY['person', 'provider', 'request', 'episode', 'segment', 'tariff'], table_name),
	source_row, rule;
SELECT (SELECT count(*) FROM treg.person) AS persons, (SELECT count(*) FROM treg.segment) AS segments,
	(SELECT count(*) FROM treg.staging_segment) AS staged_segments;

-- partial: the good rows are loaded, the same rows rejected
SELECT max(batch_id) AS refused_batch FROM treg.load_rejection \gset
SELECT table_name, rows_in, loaded, rejected, rows_in = loaded + rejected AS nothing_lost
FROM treg.load_batch(partial => true);
SELECT max(batch_id) AS partial_batch FROM treg.load_rejection \gset
-- the same rejections in both modes
SELECT count(*) AS rejections_differ FROM (
	(SELECT table_name, source_row, row_key, rule FROM treg.load_rejection WHERE batch_id = :refused_batch
	 EXCEPT SELECT table_name, source_row, row_key, rule FROM treg.load_rejection WHERE batch_id = :partial_batch)
	UNION ALL
	(SELECT table_name, source_row, row_key, rule FROM treg.load_rejection WHERE batch_id = :partial_batch
	 EXCEPT SELECT table_name, source_row, row_key, rule FROM treg.load_rejection WHERE batch_id = :refused_batch)) d;
-- loaded: exactly the rows not listed
SELECT person_id FROM treg.person ORDER BY 1;
SELECT provider_id FROM treg.provider ORDER BY 1;
SELECT request_id FROM treg.request ORDER BY 1;
SELECT episode_id FROM treg.episode ORDER BY 1;
SELECT segment_id, episode_id, start_date, end_date FROM treg.segment ORDER BY 1;
SELECT tariff_id FROM treg.tariff ORDER BY 1;
-- staging emptied and renumbered; the state is exact
SELECT (SELECT count(*) FROM treg.staging_person) + (SELECT count(*) FROM treg.staging_segment) AS staged;
SELECT * FROM treg.state_check();
INSERT INTO treg.staging_person (person_id, municipality_code) VALUES (8, 169) RETURNING source_row;
-- a clean batch loads in full without partial
SELECT table_name, rows_in, loaded, rejected FROM treg.load_batch() WHERE rows_in > 0;
-- the rejection log names keys and rules only
SELECT column_name FROM information_schema.columns
WHERE table_schema = 'treg' AND table_name = 'load_rejection' ORDER BY ordinal_position;
-- the row-by-row path still works for single rows
INSERT INTO treg.segment VALUES (105, 10, 1, 'ambulant', '2025-10-01', NULL, NULL, false);
SELECT * FROM treg.state_check();
SELECT count(*) - :old_rejections AS new_rejection_rows FROM treg.load_rejection;
ROLLBACK;
