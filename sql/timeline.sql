-- care_timeline: type, timeline_agg, accessors on hand-made timelines
SET search_path = treg, public;

-- text input and output; input is normalised, output always ISO dates
SELECT '{}'::care_timeline AS empty,
       ' { } '::care_timeline AS blanks;
SELECT '{ambulant [2024-01-01,2024-03-31]; dag [2024-04-01,) planned 2024-10-01}'::care_timeline;
SELECT '{ Day [2024-04-01 , 2024-04-30] ;outpatient[2024-01-01,2024-03-31]planned 2024-06-30}'::care_timeline;
SET datestyle = 'German, DMY';
SELECT '{døgn [01.02.2024,29.02.2024]}'::care_timeline;
RESET datestyle;
-- the ends of the date type, BC dates; infinity as end means open
SELECT '{ambulant [4713-01-01 BC,4713-01-01 BC]; dag [4713-01-02 BC,0001-12-31 BC]; døgn [5874897-12-31,5874897-12-31]}'::care_timeline;
SELECT '{dag [2024-01-01,infinity]}'::care_timeline;
-- round trip through text
SELECT x::text::care_timeline::text = x::text AS round_trip
FROM (SELECT '{ambulant [2024-01-01,2024-01-31] planned 2024-06-30; dag [2024-02-01,2024-02-10]; ambulant [2024-02-11,) planned 2024-06-30}'::care_timeline AS x) s;
-- syntax errors: 22P02
SELECT 'ambulant [2024-01-01,2024-01-31]'::care_timeline;
SELECT '{walking [2024-01-01,2024-01-31]}'::care_timeline;
SELECT '{ambulant 2024-01-01,2024-01-31}'::care_timeline;
SELECT '{ambulant [,2024-01-31]}'::care_timeline;
SELECT '{ambulant [2024-01-01,]}'::care_timeline;
SELECT '{ambulant [2024-01-01,2024-02-01)}'::care_timeline;
SELECT '{ambulant [2024-01-01,2024-01-31] ambulant [2024-03-01,2024-03-31]}'::care_timeline;
SELECT '{ambulant [2024-01-01,2024-01-31]} x'::care_timeline;
SELECT '{ambulant [2024-01-01,2024-01-31] planned}'::care_timeline;
SELECT '{ambulant [2024-13-01,2024-01-31]}'::care_timeline;
-- end before start, planned end before start: 22008 with the dates
\set VERBOSITY verbose
SELECT '{ambulant [2024-02-01,2024-01-31]}'::care_timeline;
SELECT '{ambulant [2024-02-01,2024-03-31] planned infinity}'::care_timeline;
-- a planned end before the start is kept (a piece of a cut segment has one)
SELECT '{ambulant [2024-02-01,2024-03-31] planned 2024-01-01}'::care_timeline;
\set VERBOSITY default

-- timeline_agg: hand-made segment sets
CREATE TABLE seg (case_no int, start_date date, end_date date, intensity intensity,
                  planned_end_date date);
INSERT INTO seg VALUES
  -- 1: same-day transfer (ambulant ends, dag starts the next day)
  (1, '2024-01-01', '2024-03-31', 'ambulant', NULL),
  (1, '2024-04-01', '2024-06-30', 'dag', '2024-09-30'),
  -- 2: transfer registered on the same day in both rows: dag wins that day
  (2, '2024-01-01', '2024-04-01', 'ambulant', NULL),
  (2, '2024-04-01', '2024-06-30', 'dag', NULL),
  -- 3: overlap of two intensities: døgn inside ambulant splits it
  (3, '2024-01-01', '2024-12-31', 'ambulant', '2025-06-30'),
  (3, '2024-03-01', '2024-03-31', 'døgn', NULL),
  -- 4: overlap, lower intensity inside higher vanishes; equal ones merge
  (4, '2024-01-01', '2024-06-30', 'dag', '2024-06-30'),
  (4, '2024-02-01', '2024-02-29', 'ambulant', '2024-12-31'),
  (4, '2024-06-01', '2024-08-31', 'dag', '2024-09-30'),
  -- 5: one-day segments, touching and apart
  (5, '2024-01-01', '2024-01-01', 'ambulant', NULL),
  (5, '2024-01-02', '2024-01-02', 'ambulant', NULL),
  (5, '2024-01-03', '2024-01-03', 'døgn', NULL),
  (5, '2024-01-05', '2024-01-05', 'døgn', NULL),
  -- 6: open segments: an open ambulant under later closed ones
  (6, '2024-01-01', NULL, 'ambulant', NULL),
  (6, '2024-05-01', '2024-05-31', 'dag', NULL),
  (6, '2023-06-01', '2023-12-31', 'ambulant', '2024-03-31'),
  -- 7: identical rows and duplicates collapse
  (7, '2024-01-01', '2024-01-31', 'dag', NULL),
  (7, '2024-01-01', '2024-01-31', 'dag', NULL),
  (7, '2024-01-15', '2024-02-15', 'dag', '2024-03-31'),
  -- 8: the ends of the date type
  (8, '4713-01-01 BC', '4713-01-10 BC', 'ambulant', NULL),
  (8, '5874897-12-01', '5874897-12-31', 'døgn', '5874897-12-31'),
  -- 9: open with a higher open overlapping it
  (9, '2024-01-01', NULL, 'ambulant', NULL),
  (9, '2024-02-01', NULL, 'døgn', NULL);

SELECT case_no, timeline_agg(start_date, end_date, intensity, planned_end_date)
FROM seg GROUP BY case_no ORDER BY case_no;

-- input order does not matter: every order gives the same timeline
SELECT case_no,
       count(DISTINCT tl::text) AS distinct_results
FROM (
  SELECT case_no, timeline_agg(start_date, end_date, intensity, planned_end_date ORDER BY start_date) AS tl FROM seg GROUP BY case_no
  UNION ALL
  SELECT case_no, timeline_agg(start_date, end_date, intensity, planned_end_date ORDER BY start_date DESC, end_date) FROM seg GROUP BY case_no
  UNION ALL
  SELECT case_no, timeline_agg(start_date, end_date, intensity, planned_end_date ORDER BY md5(start_date::text || intensity::text)) FROM seg GROUP BY case_no
  UNION ALL
  SELECT case_no, timeline_agg(start_date, end_date, intensity, planned_end_date ORDER BY intensity DESC, end_date DESC NULLS FIRST) FROM seg GROUP BY case_no
) s GROUP BY case_no ORDER BY case_no;

-- the daterange form and the form without planned ends
SELECT case_no,
       timeline_agg(daterange(start_date, end_date, '[]'), intensity, planned_end_date)::text
         = timeline_agg(start_date, end_date, intensity, planned_end_date)::text AS same_with_range,
       timeline_agg(daterange(start_date, end_date, '[]'), intensity)
FROM seg WHERE case_no <> 8  -- daterange cannot hold the last date inclusive
GROUP BY case_no ORDER BY case_no;
SELECT timeline_agg(r, 'dag') FROM (VALUES ('(2024-01-01,2024-01-05)'::daterange), ('[2024-02-01,)'), ('[2024-01-10,infinity)')) v(r);

-- empty input: NULL; one row
SELECT timeline_agg(start_date, end_date, intensity) IS NULL AS is_null FROM seg WHERE false;
SELECT timeline_agg('2024-01-01'::date, '2024-01-01'::date, 'dag'::intensity);

-- rejected input
\set VERBOSITY verbose
SELECT timeline_agg(s, e, i) FROM (VALUES ('2024-01-01'::date, '2024-01-31'::date, NULL::intensity)) v(s, e, i);
SELECT timeline_agg(s, e, i) FROM (VALUES (NULL::date, '2024-01-31'::date, 'dag'::intensity)) v(s, e, i);
SELECT timeline_agg(s, e, i) FROM (VALUES ('2024-03-01'::date, '2024-02-29'::date, 'dag'::intensity)) v(s, e, i);
SELECT timeline_agg(s, e, i) FROM (VALUES ('-infinity'::date, '2024-02-29'::date, 'dag'::intensity)) v(s, e, i);
SELECT timeline_agg(s, e, i, p) FROM (VALUES ('2024-03-01'::date, NULL::date, 'dag'::intensity, 'infinity'::date)) v(s, e, i, p);
SELECT timeline_agg(r, 'dag') FROM (VALUES ('empty'::daterange)) v(r);
SELECT timeline_agg(r, 'dag') FROM (VALUES ('(,2024-01-01]'::daterange)) v(r);
SELECT timeline_agg(r, 'dag') FROM (VALUES (NULL::daterange)) v(r);
SELECT timeline_agg(r, NULL) FROM (VALUES ('[2024-01-01,2024-02-01)'::daterange)) v(r);
\set VERBOSITY default

CREATE TABLE tl AS
SELECT case_no, timeline_agg(start_date, end_date, intensity, planned_end_date) AS tl
FROM seg GROUP BY case_no;

-- segments, segment_count, storage size (12-byte header, 9 or 13 bytes a segment)
SELECT case_no, s.* FROM tl, segments(tl) s WHERE case_no IN (3, 4, 6) ORDER BY case_no, s.start_date;
SELECT case_no, segment_count(tl), pg_column_size(tl) AS bytes FROM tl ORDER BY case_no;

-- rollup and merge: the union of timelines
SELECT timeline_rollup(tl) FROM tl WHERE case_no IN (1, 3);
SELECT timeline_merge(a.tl, b.tl)::text = (SELECT timeline_rollup(tl)::text FROM tl WHERE case_no IN (1, 3)) AS merge_is_rollup
FROM tl a, tl b WHERE a.case_no = 1 AND b.case_no = 3;
SELECT timeline_merge('{}', '{dag [2024-01-01,)}'), timeline_rollup(x) IS NULL AS null_rollup FROM (VALUES (NULL::care_timeline)) v(x);
SELECT timeline_rollup(x) FROM (VALUES (NULL::care_timeline), ('{}')) v(x);

-- episodes: gap tolerance counts the empty days between segments
-- 14 empty days (2024-01-11 .. 2024-01-24) with gap_days 14: one episode;
-- 15 empty days: two episodes
CREATE TABLE ep (name text, tl care_timeline);
INSERT INTO ep VALUES
  ('at tolerance', '{ambulant [2024-01-01,2024-01-10]; dag [2024-01-25,2024-02-29]}'),
  ('one past', '{ambulant [2024-01-01,2024-01-10]; dag [2024-01-26,2024-02-29]}'),
  ('touching', '{ambulant [2024-01-01,2024-01-10]; dag [2024-01-11,2024-01-20]; ambulant [2024-01-21,)}'),
  ('gap same intensity', '{ambulant [2024-01-01,2024-01-10] planned 2024-03-31; ambulant [2024-01-20,2024-02-10]; døgn [2024-02-11,2024-02-11]}'),
  ('empty', '{}');
SELECT name, e.* FROM ep, episodes(tl, 14, '2024-12-31') e ORDER BY name, episode;
-- as_of: rows starting after as_of are ignored; the segment covering as_of
-- is open there (also when it ends on as_of)
SELECT a.as_of, e.* FROM ep,
  (VALUES ('2023-12-31'::date), ('2024-01-01'), ('2024-01-10'), ('2024-01-11'), ('2024-01-26'), ('2024-02-29'), ('2024-03-01')) a(as_of),
  episodes(tl, 14, a.as_of) e
WHERE name = 'one past' ORDER BY a.as_of, episode;
-- default gap from treg.episode_gap_days (30 unless set)
SHOW treg.episode_gap_days;
SELECT name, count(*) AS episodes FROM ep, episodes(tl, '2024-12-31') GROUP BY name ORDER BY name;
SET treg.episode_gap_days = 14;
SELECT name, count(*) AS episodes FROM ep, episodes(tl, NULL, '2024-12-31') GROUP BY name ORDER BY name;
SET treg.episode_gap_days = 0;
SELECT name, count(*) AS episodes FROM ep, episodes(tl, '2024-12-31') GROUP BY name ORDER BY name;
RESET treg.episode_gap_days;
SET treg.episode_gap_days = -1;
SELECT count(*) FROM episodes(NULL, '2024-12-31');
\set VERBOSITY verbose
SELECT * FROM episodes('{dag [2024-01-01,)}', -1, '2024-12-31');
SELECT * FROM episodes('{dag [2024-01-01,)}', 14, NULL);
SELECT * FROM episodes('{dag [2024-01-01,)}', 14, 'infinity');
\set VERBOSITY default

-- days_in and total_days, censored at as_of, clipped to a window
SELECT name,
       total_days(tl, '2024-12-31') AS total,
       days_in(tl, 'ambulant', '2024-12-31') AS ambulant,
       days_in(tl, 'dag', '2024-12-31') AS dag,
       days_in(tl, 'døgn', '2024-12-31') AS doegn,
       total_days(tl, '2024-01-15') AS total_to_jan15,
       total_days(tl, '2024-12-31', '[2024-02-01,2024-03-01)') AS total_feb,
       days_in(tl, 'dag', '2024-12-31', '[2024-02-01,)') AS dag_from_feb,
       total_days(tl, '2024-12-31', 'empty') AS total_empty
FROM ep ORDER BY name;
-- the ends of the date type
SELECT total_days(tl, '5874897-12-31') AS total,
       days_in(tl, 'døgn', '5874897-12-31', '[5874897-12-31,)') AS last_day,
       total_days(tl, '4713-01-05 BC') AS first_five
FROM tl WHERE case_no = 8;
SELECT total_days('{ambulant [4713-01-01 BC,)}', '5874897-12-31') AS whole_date_type;

-- intensity_on
SELECT d, intensity_on(tl, d)
FROM tl, unnest('{2023-05-31,2023-06-01,2024-04-30,2024-05-01,2024-05-31,2024-06-01,2099-01-01}'::date[]) d
WHERE case_no = 6 ORDER BY d;

-- transitions: in, up/down (also across a tolerated gap), out, shortened
SELECT name, t.* FROM ep, transitions(tl, 14, '2024-12-31') t ORDER BY name, transition_date, direction;
SELECT case_no, t.* FROM tl, transitions(tl, 14, '2024-12-31') t WHERE case_no IN (1, 3, 4, 6) ORDER BY case_no, transition_date, direction;
-- censored: a stay covering as_of has no way out yet
SELECT t.* FROM tl, transitions(tl, 14, '2024-06-30') t WHERE case_no = 1;
SELECT t.* FROM tl, transitions(tl, 14, '2024-07-01') t WHERE case_no = 1;
SET treg.episode_gap_days = 14;
SELECT count(*) FROM ep, transitions(tl, '2024-12-31');
RESET treg.episode_gap_days;

-- census of one timeline; days may be unsorted and repeated
SELECT * FROM census('{ambulant [2024-01-01,2024-03-31]; døgn [2024-09-01,)}',
                     '{2025-01-01,2024-01-01,2024-05-01,2024-01-01,2024-03-31}');
SELECT * FROM census('{}', '{2024-01-01}');
SELECT * FROM census('{dag [2024-01-01,)}', '{2024-01-01,NULL}');

-- census_agg over a population: persons per day and intensity
SELECT c.* FROM unnest((
  SELECT census_agg(tl, '{2024-01-01,2024-03-15,2024-05-15,2024-07-01}') FROM tl)) c
ORDER BY day, intensity;
SELECT census_agg(tl, d) FROM tl, LATERAL (SELECT ARRAY[('2024-01-01'::date + case_no)]) v(d);
SELECT census_agg(tl, '{2024-01-01}') IS NULL AS is_null FROM tl WHERE false;

-- transition_matrix: twelve cells, NULL = out of care
SELECT m.* FROM unnest((SELECT transition_matrix(tl, '2024-12-31') FROM tl)) m;
-- "from dag: share to ambulant within 90 days"
SELECT m.from_intensity, m.to_intensity, m.transitions, m.from_stays, round(m.share::numeric, 3) AS share
FROM unnest((SELECT transition_matrix(tl, 14, '2024-12-31', 90) FROM tl)) m
WHERE m.from_intensity = 'dag';
SELECT transition_matrix(tl, 14, '2024-12-31', -1) FROM tl;
SELECT transition_matrix(tl, '2024-12-31') IS NULL AS is_null FROM tl WHERE false;
