/*
 * Data quality for the data owner: registry rows that the reports cannot
 * use as they stand and therefore leave out (or count as "unknown"),
 * instead of raising an error an analyst could use as an oracle.  One row
 * per problem with the row's key and the rule, never its other values.
 * Readable by treg_writer and superusers only.
 */
CREATE VIEW treg.data_quality AS
SELECT 'person'::varchar(20) AS table_name, p.person_id AS row_key,
	   'birth date after the first enrolment (age unknown before birth)'::varchar(120) AS rule
FROM treg.person p
WHERE p.birth_date IS NOT NULL
  AND EXISTS (SELECT FROM treg.episode e WHERE e.person_id = p.person_id AND e.enrol_date < p.birth_date)
UNION ALL
SELECT 'person', p.person_id, 'birth date unknown for a person who is not anonymous (age unknown)'
FROM treg.person p
WHERE p.birth_date IS NULL AND NOT p.anonymous
UNION ALL
SELECT 'episode', e.episode_id, 'episode without segments (intensity unknown)'
FROM treg.episode e
WHERE NOT EXISTS (SELECT FROM treg.segment s WHERE s.episode_id = e.episode_id)
UNION ALL
SELECT 'segment', s.segment_id, 'segment outside its episode''s dates'
FROM treg.segment s JOIN treg.episode e ON e.episode_id = s.episode_id
WHERE s.start_date < e.enrol_date
   OR (e.discharge_date IS NOT NULL AND (s.end_date IS NULL OR s.end_date > e.discharge_date))
UNION ALL
SELECT 'episode', e.episode_id, 'provider without a tariff for a day in care (cost unpriced)'
FROM treg.episode e
WHERE NOT EXISTS (SELECT FROM treg.tariff t WHERE t.provider_id = e.provider_id);
REVOKE ALL ON treg.data_quality FROM PUBLIC;
COMMENT ON VIEW treg.data_quality IS 'registry rows the reports leave out or count as unknown: table, key and rule, never the row''s values (data owner only)';
COMMENT ON COLUMN treg.data_quality.table_name IS 'registry table of the row';
COMMENT ON COLUMN treg.data_quality.row_key IS 'primary key of the row';
COMMENT ON COLUMN treg.data_quality.rule IS 'why the reports cannot use the row as it stands';
