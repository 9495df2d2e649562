/*
 * Set-wise validation of treg.segment (layer 3, SQL).
 *
 * Two rules that a CHECK constraint cannot express are checked by
 * statement-level AFTER triggers with transition tables, once per
 * statement over the set of new rows (INSERT, multi-row INSERT, UPDATE and
 * COPY all fire them):
 *
 *   segment_no_overlap_in_episode (23P01 exclusion_violation)
 *     the segments of one episode never share a day;
 *   segment_within_episode (23514 check_violation)
 *     a segment starts on or after its episode's enrol_date; when the
 *     episode is discharged the segment is closed and ends on or before
 *     the discharge_date (an open segment only in an open episode).  Also
 *     checked when an episode's dates change.
 *
 * The overlap check reads, through the index segment_episode_start_idx,
 * every segment of the episodes the statement touched (new and existing
 * rows alike, sorted by start_date) and keeps a running maximum of the
 * ends before each row: a row that starts on or before it overlaps.  One
 * window pass instead of a GiST probe per row.
 *
 * Concurrency.  A trigger sees only committed rows, so two transactions
 * writing the same episode must not check at the same time.  Before
 * checking, treg.registry_lock_episodes takes a transaction-level advisory
 * lock per episode (sorted, so two statements never lock in opposite
 * order); the check then runs in a new statement whose snapshot (READ
 * COMMITTED) sees every transaction that held the lock before.  Advisory
 * locks use the shared lock table, so a transaction that would hold more
 * than 64 of them takes one SHARE ROW EXCLUSIVE lock on treg.segment
 * instead (it conflicts with every other writer; the trigger then waits
 * for them to finish and sees their rows).  A table lock for every
 * statement would make two small concurrent writers deadlock on the lock
 * upgrade (each holds ROW EXCLUSIVE from its own INSERT), hence the
 * per-episode locks.  Episode updates take ROW EXCLUSIVE on treg.segment
 * too, so that they also wait for a table-locking writer.  Under
 * SERIALIZABLE the snapshot is older than the lock, but the predicate
 * locks of the check make one of two conflicting transactions fail with
 * 40001; under REPEATABLE READ nothing would, so writing segments or
 * episode dates there is refused (0A000): use READ COMMITTED or
 * SERIALIZABLE.
 *
 * Errors name the rule in the message (and in the CONSTRAINT field) and
 * give only keys, (episode_id, segment_id), in the detail.
 */

/*
 * Lock the given episodes against concurrent checks: advisory locks
 * (class 1953654119, 'treg', and the episode's hash) or, above 64 per
 * transaction, the segment table.
 */
CREATE FUNCTION treg.registry_lock_episodes(episode_ids bigint[])
	RETURNS void
	LANGUAGE plpgsql VOLATILE STRICT
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	held bigint;
	table_locked boolean;
BEGIN
	IF current_setting('transaction_isolation') = 'repeatable read' THEN
		RAISE EXCEPTION 'segments and episode dates cannot be written under REPEATABLE READ'
			USING ERRCODE = 'feature_not_supported',
				  DETAIL = 'The rules segment_no_overlap_in_episode and segment_within_episode are checked by statement-level triggers that need to see rows committed after the transaction began.',
				  HINT = 'Use READ COMMITTED (the default) or SERIALIZABLE.';
	END IF;
	SELECT count(*) FILTER (WHERE l.locktype = 'advisory'),
		   coalesce(bool_or(l.locktype = 'relation'), false)
	INTO held, table_locked
	FROM pg_catalog.pg_locks l
	WHERE l.pid = pg_catalog.pg_backend_pid() AND l.granted
	  AND ((l.locktype = 'advisory' AND l.classid = 1953654119 AND l.objsubid = 2)
		   OR (l.locktype = 'relation' AND l.relation = 'treg.segment'::regclass
			   AND l.mode IN ('ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')));
	IF table_locked THEN
		RETURN;
	END IF;
	IF held + cardinality(episode_ids) > 64 THEN
		LOCK TABLE treg.segment IN SHARE ROW EXCLUSIVE MODE;
		RETURN;
	END IF;
	LOCK TABLE treg.segment IN ROW EXCLUSIVE MODE;
	PERFORM pg_catalog.pg_advisory_xact_lock(1953654119, h)
	FROM (SELECT DISTINCT pg_catalog.hashint8(e) AS h FROM unnest(episode_ids) e ORDER BY 1) k;
END
$fn$;
COMMENT ON FUNCTION treg.registry_lock_episodes(bigint[]) IS 'lock episodes against concurrent segment checks: one advisory lock per episode, or a SHARE ROW EXCLUSIVE lock on treg.segment above 64 per transaction (internal)';

/*
 * Raise the error of rule segment_no_overlap_in_episode for a segment,
 * naming one segment it overlaps.
 */
CREATE FUNCTION treg.segment_overlap_error(episode_id bigint, segment_id bigint)
	RETURNS void
	LANGUAGE plpgsql STABLE STRICT
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	other bigint;
BEGIN
	SELECT o.segment_id INTO other
	FROM treg.segment s
	JOIN treg.segment o ON o.episode_id = s.episode_id AND o.segment_id <> s.segment_id
		AND daterange(o.start_date, o.end_date, '[]') && daterange(s.start_date, s.end_date, '[]')
	WHERE s.segment_id = segment_overlap_error.segment_id
	ORDER BY o.start_date, o.segment_id
	LIMIT 1;
	RAISE EXCEPTION 'segments violate rule "segment_no_overlap_in_episode"'
		USING ERRCODE = 'exclusion_violation',
			  CONSTRAINT = 'segment_no_overlap_in_episode',
			  SCHEMA = 'treg', TABLE = 'segment',
			  DETAIL = format('Key (episode_id, segment_id)=(%s, %s) overlaps key (episode_id, segment_id)=(%s, %s): the segments of one episode must not share a day.',
							  segment_overlap_error.episode_id, segment_overlap_error.segment_id,
							  segment_overlap_error.episode_id, other);
END
$fn$;
COMMENT ON FUNCTION treg.segment_overlap_error(bigint, bigint) IS 'raise the segment_no_overlap_in_episode error for a segment, with the keys of a segment it overlaps (internal)';

/*
 * Raise the error of rule segment_within_episode.
 */
CREATE FUNCTION treg.segment_within_episode_error(episode_id bigint, segment_id bigint,
												  problem text)
	RETURNS void
	LANGUAGE plpgsql VOLATILE STRICT
	SET search_path = pg_catalog, pg_temp
	AS $fn$
BEGIN
	RAISE EXCEPTION 'segment violates rule "segment_within_episode"'
		USING ERRCODE = 'check_violation',
			  CONSTRAINT = 'segment_within_episode',
			  SCHEMA = 'treg', TABLE = 'segment',
			  DETAIL = format('Key (episode_id, segment_id)=(%s, %s) %s.', episode_id, segment_id, problem),
			  HINT = 'A segment starts on or after its episode''s enrol_date; in a discharged episode it is closed and ends on or before the discharge_date.';
END
$fn$;
COMMENT ON FUNCTION treg.segment_within_episode_error(bigint, bigint, text) IS 'raise the segment_within_episode error (internal)';

/* the problem of a segment against its episode's dates, NULL when none */
CREATE FUNCTION treg.segment_episode_problem(start_date date, end_date date,
											 enrol_date date, discharge_date date)
	RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $fn$
	SELECT CASE
		WHEN start_date < enrol_date THEN 'starts before its episode''s enrol_date'
		WHEN discharge_date IS NULL THEN NULL
		WHEN end_date IS NULL THEN 'is open but its episode is discharged'
		WHEN end_date > discharge_date THEN 'ends after its episode''s discharge_date'
	END
$fn$;
COMMENT ON FUNCTION treg.segment_episode_problem(date, date, date, date) IS 'why a segment (start, end) does not lie within its episode (enrol, discharge), NULL when it does: rule segment_within_episode';

/*
 * Trigger function: AFTER INSERT or UPDATE ON treg.segment FOR EACH
 * STATEMENT, transition table new_rows.  Dynamic SQL so that every
 * statement is planned for its own batch size (index probes for a few
 * rows, one hash join and sort for a million).
 */
CREATE FUNCTION treg.segment_validate()
	RETURNS trigger
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	episode_ids bigint[];
	bad record;
BEGIN
	SELECT array_agg(DISTINCT n.episode_id) INTO episode_ids FROM new_rows n;
	IF episode_ids IS NULL THEN
		RETURN NULL;
	END IF;
	PERFORM treg.registry_lock_episodes(episode_ids);

	EXECUTE $q$
		SELECT n.episode_id, n.segment_id,
			   treg.segment_episode_problem(n.start_date, n.end_date, e.enrol_date,
											e.discharge_date) AS problem
		FROM new_rows n
		JOIN treg.episode e ON e.episode_id = n.episode_id
		WHERE treg.segment_episode_problem(n.start_date, n.end_date, e.enrol_date,
										   e.discharge_date) IS NOT NULL
		ORDER BY n.episode_id, n.segment_id
		LIMIT 1$q$ INTO bad;
	IF bad.segment_id IS NOT NULL THEN
		PERFORM treg.segment_within_episode_error(bad.episode_id, bad.segment_id, bad.problem);
	END IF;

	/* every segment of the touched episodes, in index order */
	EXECUTE $q$
		SELECT x.episode_id, x.segment_id
		FROM (SELECT s.episode_id, s.segment_id, s.start_date,
					 max(coalesce(s.end_date, 'infinity')) OVER (
						PARTITION BY s.episode_id ORDER BY s.start_date
						ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
			  FROM treg.segment s
			  WHERE s.episode_id IN (SELECT n.episode_id FROM new_rows n)) x
		WHERE x.start_date <= x.prev_end
		ORDER BY x.episode_id, x.segment_id
		LIMIT 1$q$ INTO bad;
	IF bad.segment_id IS NOT NULL THEN
		PERFORM treg.segment_overlap_error(bad.episode_id, bad.segment_id);
	END IF;
	RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION treg.segment_validate() IS 'statement trigger on treg.segment: rules segment_within_episode and segment_no_overlap_in_episode over the new rows';

CREATE TRIGGER segment_validate_insert
	AFTER INSERT ON treg.segment REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.segment_validate();
CREATE TRIGGER segment_validate_update
	AFTER UPDATE ON treg.segment REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.segment_validate();
COMMENT ON TRIGGER segment_validate_insert ON treg.segment IS 'rules segment_within_episode and segment_no_overlap_in_episode over the inserted rows (INSERT, COPY)';
COMMENT ON TRIGGER segment_validate_update ON treg.segment IS 'rules segment_within_episode and segment_no_overlap_in_episode over the updated rows';

/*
 * Trigger function: AFTER UPDATE ON treg.episode FOR EACH STATEMENT: when
 * an episode's enrol or discharge date changes, its segments must still lie
 * within them (rule segment_within_episode).
 */
CREATE FUNCTION treg.episode_validate()
	RETURNS trigger
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	episode_ids bigint[];
	bad record;
BEGIN
	SELECT array_agg(n.episode_id) INTO episode_ids
	FROM new_rows n JOIN old_rows o ON o.episode_id = n.episode_id
	WHERE n.enrol_date IS DISTINCT FROM o.enrol_date
	   OR n.discharge_date IS DISTINCT FROM o.discharge_date;
	IF episode_ids IS NULL THEN
		RETURN NULL;
	END IF;
	PERFORM treg.registry_lock_episodes(episode_ids);
	EXECUTE $q$
		SELECT s.episode_id, s.segment_id,
			   treg.segment_episode_problem(s.start_date, s.end_date, e.enrol_date,
											e.discharge_date) AS problem
		FROM new_rows e
		JOIN treg.segment s ON s.episode_id = e.episode_id
		WHERE treg.segment_episode_problem(s.start_date, s.end_date, e.enrol_date,
										   e.discharge_date) IS NOT NULL
		ORDER BY s.episode_id, s.segment_id
		LIMIT 1$q$ INTO bad;
	IF bad.segment_id IS NOT NULL THEN
		PERFORM treg.segment_within_episode_error(bad.episode_id, bad.segment_id, bad.problem);
	END IF;
	RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION treg.episode_validate() IS 'statement trigger on treg.episode: when enrol or discharge dates change, rule segment_within_episode for the episode''s segments';

CREATE TRIGGER episode_validate_update
	AFTER UPDATE ON treg.episode REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.episode_validate();
COMMENT ON TRIGGER episode_validate_update ON treg.episode IS 'rule segment_within_episode when an episode''s enrol or discharge date changes';

REVOKE ALL ON FUNCTION treg.registry_lock_episodes(bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.segment_overlap_error(bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.segment_within_episode_error(bigint, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.segment_validate() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.episode_validate() FROM PUBLIC;
