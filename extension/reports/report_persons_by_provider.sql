/* Committee report: persons by provider and substance group. */

/*
 * Example committee view built with the engine: distinct persons with an
 * episode, by provider and substance group, with totals, suppressed as one
 * table.  Readable by treg_analyst (registry/privileges.sql grants report_*).
 */
CREATE VIEW treg.report_persons_by_provider AS
SELECT s.row_key AS provider, s.col_key AS substance_group, s.value AS persons, s.reason
FROM (SELECT array_agg(t.provider) AS r, array_agg(t.substance_group) AS c, array_agg(t.n) AS n
	  FROM (SELECT p.name AS provider, e.substance_group, count(DISTINCT e.person_id) AS n
			FROM treg.episode e JOIN treg.provider p USING (provider_id)
			GROUP BY CUBE (p.name, e.substance_group)) t) a,
	 treg.suppress(a.r, a.c, a.n) s;
COMMENT ON VIEW treg.report_persons_by_provider IS 'distinct persons with an episode by provider and substance group (NULL = total), suppressed so no count from 1 to k-1 can be derived';
