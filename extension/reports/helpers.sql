/*
 * Helpers shared by the reports: committee age bands and groups, the order
 * of substance groups, who may see suppression reasons, and publishing a
 * table of person counts through treg.suppress().
 */

CREATE FUNCTION treg.age_band(birth_date date, on_date date) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE
		WHEN birth_date IS NULL THEN 'unknown'
		WHEN treg.age_on(birth_date, on_date) < 18 THEN '0-17'
		WHEN treg.age_on(birth_date, on_date) < 25 THEN '18-24'
		WHEN treg.age_on(birth_date, on_date) < 30 THEN '25-29'
		WHEN treg.age_on(birth_date, on_date) < 50 THEN '30-49'
		WHEN treg.age_on(birth_date, on_date) < 65 THEN '50-64'
		ELSE '65+' END;
COMMENT ON FUNCTION treg.age_band(date, date) IS 'committee age band on a day: 0-17, 18-24, 25-29, 30-49, 50-64, 65+ or unknown';

CREATE FUNCTION treg.age_group(birth_date date, on_date date) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE
		WHEN birth_date IS NULL THEN 'unknown'
		WHEN treg.age_on(birth_date, on_date) < 18 THEN 'under 18'
		WHEN treg.age_on(birth_date, on_date) < 30 THEN '18-29'
		WHEN treg.age_on(birth_date, on_date) < 65 THEN '30-64'
		ELSE '65+' END;
COMMENT ON FUNCTION treg.age_group(date, date) IS 'youth/older age group on a day: under 18, 18-29, 30-64, 65+ or unknown (under 30 = under 18 + 18-29)';

/* rank of a substance group when one person is in two groups on a day */
CREATE FUNCTION treg.substance_rank(substance_group text) RETURNS integer
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE substance_group WHEN 'opioid' THEN 3 WHEN 'non_opioid' THEN 2
		WHEN 'alcohol' THEN 1 END;
CREATE FUNCTION treg.substance_group_of_rank(rank integer) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN CASE rank WHEN 3 THEN 'opioid' WHEN 2 THEN 'non_opioid' WHEN 1 THEN 'alcohol' END;
COMMENT ON FUNCTION treg.substance_group_of_rank(integer) IS 'the substance group of a substance_rank';

COMMENT ON FUNCTION treg.substance_rank(text) IS 'priority of a substance group when a person is in two at once: opioid > non_opioid > alcohol';

/*
 * Reasons are shown to superusers and members of treg_writer only.  The
 * report functions run as their owner, so the caller is found from the
 * session: the role set with SET ROLE, else the session user.
 */
CREATE FUNCTION treg.report_reason_visible() RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	RETURN (SELECT r.rolsuper OR pg_catalog.pg_has_role(r.oid, 'treg_writer', 'USAGE')
			FROM pg_catalog.pg_roles r
			WHERE r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user::text));
COMMENT ON FUNCTION treg.report_reason_visible() IS 'true when the calling role (SET ROLE, else the session user) may see why a cell is suppressed: superuser or member of treg_writer';

/*
 * Publish a table of person counts: cells as (row_group, row_key, col_key,
 * persons) with NULL keys for totals; returns each cell with its published
 * value and, for privileged sessions, the reason.
 */
CREATE FUNCTION treg.publish_counts(row_groups text[], row_keys text[], col_keys text[],
									counts bigint[])
	RETURNS TABLE (row_group text, row_key text, col_key text, value bigint, reason text)
	LANGUAGE sql STABLE PARALLEL SAFE
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT s.row_group, s.row_key, s.col_key, s.value,
		   CASE WHEN treg.report_reason_visible() THEN s.reason END
	FROM treg.suppress(coalesce($2, '{}'), coalesce($3, '{}'), coalesce($4, '{}'), $1) s
$fn$;
COMMENT ON FUNCTION treg.publish_counts(text[], text[], text[], bigint[]) IS 'suppress a table of person counts (NULL key = total) and hide the reason from unprivileged sessions';
