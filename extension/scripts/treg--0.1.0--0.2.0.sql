/* extension/scripts/treg--0.1.0--0.2.0.sql */

\echo Use "ALTER EXTENSION treg UPDATE TO '0.2.0'" to load this file. \quit

/*
 * The demo registry generator moved to its own extension, treg_demo
 * (CREATE EXTENSION treg_demo after this update to keep using it).
 */
DROP FUNCTION treg.demo_load(integer, integer, date, smallint);
DROP FUNCTION treg.demo_tariffs(date);
DROP FUNCTION treg.demo_providers();
DROP FUNCTION treg.demo_registry_segments(integer, integer, date);
DROP FUNCTION treg.demo_segments(integer, integer, date);
DROP FUNCTION treg.demo_episodes(integer, integer, date);
DROP FUNCTION treg.demo_requests(integer, integer, date);
DROP FUNCTION treg.demo_persons(integer, integer, date, smallint);

/*
 * Registry: the GiST exclusion constraint on treg.segment becomes
 * statement-level triggers (rules segment_no_overlap_in_episode and
 * segment_within_episode); finite dates and text lengths as CHECK
 * constraints; maintained state (person_state, episode_state); the bulk
 * load path (staging tables, load_batch, load_rejection).  Sources:
 * extension/registry/schema.sql, validation.sql, state.sql, load.sql.
 */
ALTER TABLE treg.segment DROP CONSTRAINT segment_no_overlap_in_episode;
ALTER TABLE treg.person ADD CONSTRAINT person_dates_finite CHECK (isfinite(birth_date));
ALTER TABLE treg.provider ADD CONSTRAINT provider_name_length CHECK (length(name) <= 200),
	ADD CONSTRAINT provider_name_key_length CHECK (length(name_key) <= 200);
ALTER TABLE treg.request ADD CONSTRAINT request_dates_finite
	CHECK (isfinite(request_date) AND isfinite(initiation_date));
ALTER TABLE treg.episode ADD CONSTRAINT episode_dates_finite
	CHECK (isfinite(enrol_date) AND isfinite(discharge_date));
ALTER TABLE treg.segment ADD CONSTRAINT segment_dates_finite
	CHECK (isfinite(start_date) AND isfinite(end_date) AND isfinite(planned_end_date));
ALTER TABLE treg.tariff ADD CONSTRAINT tariff_dates_finite CHECK (isfinite(valid_from) AND isfinite(valid_to));
COMMENT ON TABLE treg.segment IS 'an intensity period inside an episode; the segments of one episode never overlap and lie within the episode''s dates (statement-level triggers)';

/* ---- extension/registry/validation.sql ---- */

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

/* ---- extension/registry/state.sql ---- */

/*
 * Maintained state (layer 3, SQL): per person and per episode, the care
 * timeline of all their segments, kept exactly in step with treg.segment
 * and treg.episode by statement-level triggers with transition tables, so
 * that reports can read timelines instead of rebuilding them from the rows.
 *
 * The state holds every row ever registered (no as_of): cutting as of a
 * date happens when reading (the timeline accessors take as_of).
 *
 * Maintenance, per statement:
 *   INSERT of segments   the new rows' timelines are merged into the state
 *                        (timeline_merge: a union, exact and idempotent);
 *                        concurrent inserts merge into the latest row
 *                        version (ON CONFLICT DO UPDATE, UPDATE re-check);
 *                        a statement of more than 10 000 segments and more
 *                        than the persons in the state (a first load)
 *                        rebuilds the state with state_refresh() instead;
 *   UPDATE, DELETE       the state rows of the old rows' persons and
 *                        episodes are locked (FOR UPDATE, in key order; for
 *                        more than 1000 rows EXCLUSIVE on the state tables)
 *                        and rebuilt from the segment rows in a new
 *                        statement (which sees every writer that held the
 *                        locks before), then the new rows of other persons
 *                        and episodes are merged as above;
 *   TRUNCATE             the state is emptied;
 *   episode rows         inserted, updated (denormalised columns) and
 *                        deleted with their episode.
 *
 * treg.state_control.maintained = false switches maintenance off (for a
 * bulk load); treg.state_maintenance(true) switches it on again and
 * rebuilds the state with treg.state_refresh().  treg.state_check() lists
 * every difference between the state and the rows (none = exact).
 *
 * Dump policy: the state is derived and not registered with
 * pg_extension_config_dump.  pg_restore creates the extension (empty
 * state, maintenance on) and then copies the registry rows, which fire
 * these triggers and rebuild the state as it goes; after a restore with
 * --disable-triggers, or a load with session_replication_role = replica,
 * call treg.state_refresh().
 */

CREATE TABLE treg.state_control (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	maintained boolean NOT NULL DEFAULT true,
	refreshed_at timestamptz
);
INSERT INTO treg.state_control DEFAULT VALUES;
COMMENT ON TABLE treg.state_control IS 'one row: whether treg.person_state and treg.episode_state are maintained by triggers, and when they were last rebuilt';
COMMENT ON COLUMN treg.state_control.maintained IS 'false while maintenance is switched off (treg.state_maintenance(false)); the state is then stale until treg.state_maintenance(true)';

CREATE TABLE treg.person_state (
	person_id bigint PRIMARY KEY,
	timeline treg.care_timeline NOT NULL,
	first_day date NOT NULL,
	last_day date
);
CREATE INDEX person_state_first_day_idx ON treg.person_state (first_day);
CREATE INDEX person_state_last_day_idx ON treg.person_state (last_day);
COMMENT ON INDEX treg.person_state_first_day_idx IS 'persons whose care began by a date';
COMMENT ON INDEX treg.person_state_last_day_idx IS 'persons whose care ended by a date';
COMMENT ON TABLE treg.person_state IS 'maintained state: per person with segments, the care timeline of all its segments (derived from treg.segment; rebuilt by treg.state_refresh())';
COMMENT ON COLUMN treg.person_state.timeline IS 'timeline_agg(start_date, end_date, intensity, planned_end_date) over all the person''s segments';
COMMENT ON COLUMN treg.person_state.first_day IS 'first day of the first segment';
COMMENT ON COLUMN treg.person_state.last_day IS 'last day of the last segment; NULL when a segment is open';

CREATE TABLE treg.episode_state (
	episode_id bigint PRIMARY KEY,
	person_id bigint NOT NULL,
	provider_id integer NOT NULL,
	substance_group text NOT NULL,
	enrol_date date NOT NULL,
	discharge_date date,
	discharge_reason text,
	timeline treg.care_timeline,
	first_intensity treg.intensity,
	last_intensity treg.intensity,
	first_day date,
	last_day date
);
CREATE INDEX episode_state_person_idx ON treg.episode_state (person_id);
CREATE INDEX episode_state_enrol_date_idx ON treg.episode_state (enrol_date);
CREATE INDEX episode_state_discharge_date_idx ON treg.episode_state (discharge_date);
COMMENT ON INDEX treg.episode_state_person_idx IS 'the episodes of a person';
COMMENT ON INDEX treg.episode_state_enrol_date_idx IS 'episodes enrolled in a period';
COMMENT ON INDEX treg.episode_state_discharge_date_idx IS 'episodes discharged in a period';
COMMENT ON TABLE treg.episode_state IS 'maintained state: per episode, its columns and the care timeline of its segments (derived from treg.episode and treg.segment; rebuilt by treg.state_refresh())';
COMMENT ON COLUMN treg.episode_state.timeline IS 'timeline_agg over the episode''s segments; NULL when it has none';
COMMENT ON COLUMN treg.episode_state.first_intensity IS 'intensity of the episode''s first segment (intensity at entry)';
COMMENT ON COLUMN treg.episode_state.last_intensity IS 'intensity of the episode''s last segment';
COMMENT ON COLUMN treg.episode_state.first_day IS 'first day of the episode''s first segment (NULL when it has none)';
COMMENT ON COLUMN treg.episode_state.last_day IS 'last day of the episode''s last segment; NULL when it is open (or there is none)';

CREATE FUNCTION treg.state_maintained()
	RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $fn$
	SELECT c.maintained FROM treg.state_control c
$fn$;
COMMENT ON FUNCTION treg.state_maintained() IS 'true when treg.person_state and treg.episode_state are maintained by triggers (and therefore exact)';

/* the state as rebuilt from the rows (state_refresh and state_check) */
CREATE FUNCTION treg.person_state_from_rows()
	RETURNS TABLE (person_id bigint, timeline treg.care_timeline, first_day date, last_day date)
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $fn$
	SELECT s.person_id,
		   treg.timeline_agg(s.start_date, s.end_date, s.intensity, s.planned_end_date),
		   min(s.start_date),
		   CASE WHEN count(s.end_date) = count(*) THEN max(s.end_date) END
	FROM treg.segment s
	GROUP BY s.person_id
$fn$;
COMMENT ON FUNCTION treg.person_state_from_rows() IS 'treg.person_state as rebuilt from treg.segment (person-level: not for analysts)';

CREATE FUNCTION treg.episode_state_from_rows()
	RETURNS SETOF treg.episode_state
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $fn$
	SELECT e.episode_id, e.person_id, e.provider_id, e.substance_group, e.enrol_date,
		   e.discharge_date, e.discharge_reason, t.timeline,
		   treg.intensity((t.first_key % 4)::int4), treg.intensity((t.last_key % 4)::int4),
		   t.first_day, t.last_day
	FROM treg.episode e
	LEFT JOIN (SELECT s.episode_id,
					  treg.timeline_agg(s.start_date, s.end_date, s.intensity,
										s.planned_end_date) AS timeline,
					  /* the first and last segment's intensity: start day * 4 + rank */
					  min((s.start_date - date '2000-01-01')::int8 * 4
						  + treg.intensity_rank(s.intensity)) AS first_key,
					  max((s.start_date - date '2000-01-01')::int8 * 4
						  + treg.intensity_rank(s.intensity)) AS last_key,
					  min(s.start_date) AS first_day,
					  CASE WHEN count(s.end_date) = count(*) THEN max(s.end_date) END AS last_day
			   FROM treg.segment s
			   GROUP BY s.episode_id) t ON t.episode_id = e.episode_id
$fn$;
COMMENT ON FUNCTION treg.episode_state_from_rows() IS 'treg.episode_state as rebuilt from treg.episode and treg.segment (person-level: not for analysts)';

/*
 * Rebuild the state from the rows: TRUNCATE and INSERT ... SELECT with
 * timeline_agg, the secondary indexes built afterwards.  Writers of segment
 * and episode wait meanwhile (SHARE lock); readers of the state wait too
 * (TRUNCATE), readers of the registry do not.
 */
CREATE FUNCTION treg.state_refresh()
	RETURNS TABLE (table_name text, row_count bigint)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	n_person bigint;
	n_episode bigint;
	ix record;
	index_defs text[] := '{}';
BEGIN
	LOCK TABLE treg.episode, treg.segment IN SHARE MODE;
	TRUNCATE treg.person_state, treg.episode_state;
	/* the secondary indexes are built after the rows are in (sorted builds) */
	FOR ix IN
		SELECT i.indexrelid::regclass AS name,
			/* the definition and the comment, to build it again */
			pg_get_indexdef(i.indexrelid) || '; '
			|| format('COMMENT ON INDEX %s IS %L', i.indexrelid::regclass,
					  obj_description(i.indexrelid, 'pg_class')) AS def
		FROM pg_index i
		WHERE i.indrelid IN ('treg.person_state'::regclass, 'treg.episode_state'::regclass)
		  AND NOT i.indisprimary
		ORDER BY 1
	LOOP
		EXECUTE format('DROP INDEX %s', ix.name);
		index_defs := index_defs || ix.def;
	END LOOP;
	INSERT INTO treg.person_state SELECT * FROM treg.person_state_from_rows();
	GET DIAGNOSTICS n_person = ROW_COUNT;
	INSERT INTO treg.episode_state SELECT * FROM treg.episode_state_from_rows();
	GET DIAGNOSTICS n_episode = ROW_COUNT;
	FOR i IN 1 .. cardinality(index_defs) LOOP
		EXECUTE index_defs[i];
	END LOOP;
	UPDATE treg.state_control SET refreshed_at = now();
	ANALYZE treg.person_state;
	ANALYZE treg.episode_state;
	RETURN QUERY VALUES ('person_state'::text, n_person), ('episode_state', n_episode);
END
$fn$;
COMMENT ON FUNCTION treg.state_refresh() IS 'rebuild treg.person_state and treg.episode_state from the registry rows; returns rows per table';

/*
 * Every difference between the state and the rows: one row per person or
 * episode whose state row is missing, extra or different (0 rows = exact).
 */
CREATE FUNCTION treg.state_check()
	RETURNS TABLE (table_name text, key bigint, difference text)
	LANGUAGE sql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, treg, pg_temp
	AS $fn$
	SELECT 'person_state'::text, coalesce(s.person_id, r.person_id),
		   CASE WHEN s.person_id IS NULL THEN 'missing'
				WHEN r.person_id IS NULL THEN 'extra'
				ELSE 'differs' END
	FROM treg.person_state s
	FULL JOIN treg.person_state_from_rows() r ON r.person_id = s.person_id
	WHERE s.person_id IS NULL OR r.person_id IS NULL
	   OR s.timeline <> r.timeline
	   OR s.first_day IS DISTINCT FROM r.first_day
	   OR s.last_day IS DISTINCT FROM r.last_day
	UNION ALL
	SELECT 'episode_state', coalesce(s.episode_id, r.episode_id),
		   CASE WHEN s.episode_id IS NULL THEN 'missing'
				WHEN r.episode_id IS NULL THEN 'extra'
				ELSE 'differs' END
	FROM treg.episode_state s
	FULL JOIN treg.episode_state_from_rows() r ON r.episode_id = s.episode_id
	WHERE s.episode_id IS NULL OR r.episode_id IS NULL
	   OR (s.person_id, s.provider_id, s.substance_group, s.enrol_date, s.discharge_date,
		   s.discharge_reason, s.first_intensity, s.last_intensity, s.first_day, s.last_day)
		  IS DISTINCT FROM
		  (r.person_id, r.provider_id, r.substance_group, r.enrol_date, r.discharge_date,
		   r.discharge_reason, r.first_intensity, r.last_intensity, r.first_day, r.last_day)
	   OR (s.timeline IS NULL) <> (r.timeline IS NULL)
	   OR s.timeline <> r.timeline
	ORDER BY 1, 2
$fn$;
COMMENT ON FUNCTION treg.state_check() IS 'one row per person or episode whose maintained state differs from the registry rows (missing, extra, differs); no rows = exact';

/*
 * Switch maintenance off (for a bulk load) or on again; switching it on
 * rebuilds the state.  Returns whether it was on before.
 */
CREATE FUNCTION treg.state_maintenance(enabled boolean)
	RETURNS boolean
	LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	was boolean;
BEGIN
	SELECT c.maintained INTO was FROM treg.state_control c FOR UPDATE;
	UPDATE treg.state_control SET maintained = enabled;
	IF enabled AND NOT was THEN
		PERFORM treg.state_refresh();
	END IF;
	RETURN was;
END
$fn$;
COMMENT ON FUNCTION treg.state_maintenance(boolean) IS 'switch the maintenance of the state off (bulk load) or on; on rebuilds the state with treg.state_refresh(); returns the previous setting';

/*
 * Trigger function: AFTER INSERT, UPDATE or DELETE ON treg.segment FOR
 * EACH STATEMENT (transition tables old_rows, new_rows).
 */
CREATE FUNCTION treg.state_segment_change()
	RETURNS trigger
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	n_old bigint;
	n_new bigint;
BEGIN
	IF NOT treg.state_maintained() THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		/*
		 * more new segments than persons in the state (a first load): one
		 * rebuild is faster than merging into nearly every row
		 */
		SELECT count(*) INTO n_new FROM new_rows;
		IF n_new > 10000 AND n_new > (SELECT count(*) FROM treg.person_state) THEN
			PERFORM treg.state_refresh();
			RETURN NULL;
		END IF;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		/*
		 * Lock the state of the old rows' persons and episodes, then rebuild
		 * it from the rows in new statements (whose snapshots see every
		 * transaction that held the locks before): row locks in key order,
		 * or for more than 1000 rows one EXCLUSIVE lock on each state table.
		 */
		SELECT count(*) INTO n_old FROM old_rows;
		IF n_old > 1000 THEN
			LOCK TABLE treg.person_state, treg.episode_state IN EXCLUSIVE MODE;
		ELSE
			PERFORM FROM treg.person_state p
			WHERE p.person_id IN (SELECT o.person_id FROM old_rows o)
			ORDER BY p.person_id FOR UPDATE;
			PERFORM FROM treg.episode_state e
			WHERE e.episode_id IN (SELECT o.episode_id FROM old_rows o)
			ORDER BY e.episode_id FOR UPDATE;
		END IF;
		EXECUTE $q$
		WITH r AS (
			SELECT p.person_id,
				   treg.timeline_agg(s.start_date, s.end_date, s.intensity, s.planned_end_date)
					   FILTER (WHERE s.segment_id IS NOT NULL) AS timeline,
				   min(s.start_date) AS first_day,
				   CASE WHEN count(s.end_date) = count(s.segment_id) THEN max(s.end_date) END AS last_day
			FROM (SELECT DISTINCT o.person_id FROM old_rows o) p
			LEFT JOIN treg.segment s ON s.person_id = p.person_id
			GROUP BY p.person_id),
		gone AS (
			DELETE FROM treg.person_state ps USING r
			WHERE ps.person_id = r.person_id AND r.timeline IS NULL)
		UPDATE treg.person_state ps
		SET timeline = r.timeline, first_day = r.first_day, last_day = r.last_day
		FROM r
		WHERE ps.person_id = r.person_id AND r.timeline IS NOT NULL$q$;
		EXECUTE $q$
		UPDATE treg.episode_state es
		SET timeline = r.timeline,
			first_intensity = treg.intensity((r.first_key % 4)::int4),
			last_intensity = treg.intensity((r.last_key % 4)::int4),
			first_day = r.first_day, last_day = r.last_day
		FROM (SELECT x.episode_id,
					 treg.timeline_agg(s.start_date, s.end_date, s.intensity, s.planned_end_date)
						 FILTER (WHERE s.segment_id IS NOT NULL) AS timeline,
					 min((s.start_date - date '2000-01-01')::int8 * 4
						 + treg.intensity_rank(s.intensity)) AS first_key,
					 max((s.start_date - date '2000-01-01')::int8 * 4
						 + treg.intensity_rank(s.intensity)) AS last_key,
					 min(s.start_date) AS first_day,
					 CASE WHEN count(s.end_date) = count(s.segment_id) THEN max(s.end_date) END AS last_day
			  FROM (SELECT DISTINCT o.episode_id FROM old_rows o) x
			  LEFT JOIN treg.segment s ON s.episode_id = x.episode_id
			  GROUP BY x.episode_id) r
		WHERE es.episode_id = r.episode_id$q$;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		/*
		 * Merge the new rows into the state (after an UPDATE only those of
		 * persons and episodes not rebuilt above).  Every SET expression
		 * reads the target row, so a concurrent merge is not lost.  The
		 * segments of an episode never overlap, so the new rows come first
		 * when they start before the episode's first day, and last when
		 * they start after its last day.
		 */
		EXECUTE format($q$
		INSERT INTO treg.person_state AS p (person_id, timeline, first_day, last_day)
		SELECT n.person_id,
			   treg.timeline_agg(n.start_date, n.end_date, n.intensity, n.planned_end_date),
			   min(n.start_date),
			   CASE WHEN count(n.end_date) = count(*) THEN max(n.end_date) END
		FROM new_rows n
		%s
		GROUP BY n.person_id
		ON CONFLICT (person_id) DO UPDATE SET
			timeline = treg.timeline_merge(p.timeline, excluded.timeline),
			first_day = least(p.first_day, excluded.first_day),
			last_day = CASE WHEN p.last_day IS NOT NULL AND excluded.last_day IS NOT NULL
							THEN greatest(p.last_day, excluded.last_day) END$q$,
			CASE WHEN TG_OP = 'UPDATE'
				 THEN 'WHERE n.person_id NOT IN (SELECT o.person_id FROM old_rows o)' END);
		EXECUTE format($q$
		UPDATE treg.episode_state es
		SET timeline = coalesce(treg.timeline_merge(es.timeline, g.timeline), g.timeline),
			first_intensity = CASE WHEN es.timeline IS NULL OR g.first_day < es.first_day
								   THEN treg.intensity((g.first_key %% 4)::int4)
								   ELSE es.first_intensity END,
			last_intensity = CASE WHEN es.timeline IS NULL OR g.last_start > es.last_day
								  THEN treg.intensity((g.last_key %% 4)::int4)
								  ELSE es.last_intensity END,
			first_day = least(es.first_day, g.first_day),
			last_day = CASE WHEN es.timeline IS NULL THEN g.last_day
							WHEN es.last_day IS NOT NULL AND g.last_day IS NOT NULL
							THEN greatest(es.last_day, g.last_day) END
		FROM (SELECT n.episode_id,
					 treg.timeline_agg(n.start_date, n.end_date, n.intensity,
									   n.planned_end_date) AS timeline,
					 min((n.start_date - date '2000-01-01')::int8 * 4
						 + treg.intensity_rank(n.intensity)) AS first_key,
					 max((n.start_date - date '2000-01-01')::int8 * 4
						 + treg.intensity_rank(n.intensity)) AS last_key,
					 min(n.start_date) AS first_day,
					 max(n.start_date) AS last_start,
					 CASE WHEN count(n.end_date) = count(*) THEN max(n.end_date) END AS last_day
			  FROM new_rows n
			  %s
			  GROUP BY n.episode_id) g
		WHERE es.episode_id = g.episode_id$q$,
			CASE WHEN TG_OP = 'UPDATE'
				 THEN 'WHERE n.episode_id NOT IN (SELECT o.episode_id FROM old_rows o)' END);
	END IF;
	RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION treg.state_segment_change() IS 'statement trigger on treg.segment: keep treg.person_state and treg.episode_state in step (merge new rows; rebuild the persons and episodes of changed or deleted rows)';

/* Trigger function: AFTER TRUNCATE ON treg.segment */
CREATE FUNCTION treg.state_segment_truncate()
	RETURNS trigger
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
BEGIN
	IF treg.state_maintained() THEN
		TRUNCATE treg.person_state;
		IF EXISTS (SELECT FROM treg.episode) THEN
			UPDATE treg.episode_state
			SET timeline = NULL, first_intensity = NULL, last_intensity = NULL,
				first_day = NULL, last_day = NULL
			WHERE timeline IS NOT NULL;
		ELSE
			/* episode truncated in the same command */
			TRUNCATE treg.episode_state;
		END IF;
	END IF;
	RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION treg.state_segment_truncate() IS 'statement trigger on treg.segment: TRUNCATE empties the timelines of the state';

/*
 * Trigger function: AFTER INSERT, UPDATE or DELETE ON treg.episode FOR
 * EACH STATEMENT: the denormalised episode columns of treg.episode_state.
 */
CREATE FUNCTION treg.state_episode_change()
	RETURNS trigger
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
BEGIN
	IF NOT treg.state_maintained() THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		DELETE FROM treg.episode_state e
		WHERE e.episode_id IN (SELECT o.episode_id FROM old_rows o)
		  AND NOT EXISTS (SELECT FROM treg.episode x WHERE x.episode_id = e.episode_id);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO treg.episode_state AS e (episode_id, person_id, provider_id,
			substance_group, enrol_date, discharge_date, discharge_reason)
		SELECT n.episode_id, n.person_id, n.provider_id, n.substance_group, n.enrol_date,
			   n.discharge_date, n.discharge_reason
		FROM new_rows n
		ON CONFLICT (episode_id) DO UPDATE SET
			person_id = excluded.person_id, provider_id = excluded.provider_id,
			substance_group = excluded.substance_group, enrol_date = excluded.enrol_date,
			discharge_date = excluded.discharge_date,
			discharge_reason = excluded.discharge_reason;
	END IF;
	RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION treg.state_episode_change() IS 'statement trigger on treg.episode: keep the episode columns of treg.episode_state in step';

/* Trigger function: AFTER TRUNCATE ON treg.episode */
CREATE FUNCTION treg.state_episode_truncate()
	RETURNS trigger
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
BEGIN
	IF treg.state_maintained() THEN
		TRUNCATE treg.episode_state;
	END IF;
	RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION treg.state_episode_truncate() IS 'statement trigger on treg.episode: TRUNCATE empties treg.episode_state';

/*
 * The state triggers fire also under session_replication_role = replica
 * (ENABLE ALWAYS), which treg.load_batch uses to skip the row-by-row
 * foreign-key triggers after checking the keys set-wise.
 */
CREATE TRIGGER state_segment_insert
	AFTER INSERT ON treg.segment REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_segment_change();
CREATE TRIGGER state_segment_update
	AFTER UPDATE ON treg.segment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_segment_change();
CREATE TRIGGER state_segment_delete
	AFTER DELETE ON treg.segment REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_segment_change();
CREATE TRIGGER state_segment_truncate
	AFTER TRUNCATE ON treg.segment
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_segment_truncate();
CREATE TRIGGER state_episode_insert
	AFTER INSERT ON treg.episode REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_episode_change();
CREATE TRIGGER state_episode_update
	AFTER UPDATE ON treg.episode REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_episode_change();
CREATE TRIGGER state_episode_delete
	AFTER DELETE ON treg.episode REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_episode_change();
CREATE TRIGGER state_episode_truncate
	AFTER TRUNCATE ON treg.episode
	FOR EACH STATEMENT EXECUTE FUNCTION treg.state_episode_truncate();
COMMENT ON TRIGGER state_segment_insert ON treg.segment IS 'maintained state: merge inserted segments';
COMMENT ON TRIGGER state_segment_update ON treg.segment IS 'maintained state: rebuild the persons and episodes of updated segments';
COMMENT ON TRIGGER state_segment_delete ON treg.segment IS 'maintained state: rebuild the persons and episodes of deleted segments';
COMMENT ON TRIGGER state_segment_truncate ON treg.segment IS 'maintained state: empty the timelines';
COMMENT ON TRIGGER state_episode_insert ON treg.episode IS 'maintained state: a row of episode_state per new episode';
COMMENT ON TRIGGER state_episode_update ON treg.episode IS 'maintained state: the episode columns of episode_state';
COMMENT ON TRIGGER state_episode_delete ON treg.episode IS 'maintained state: delete the episode_state rows';
COMMENT ON TRIGGER state_episode_truncate ON treg.episode IS 'maintained state: empty episode_state';
ALTER TABLE treg.segment ENABLE ALWAYS TRIGGER state_segment_insert;
ALTER TABLE treg.segment ENABLE ALWAYS TRIGGER state_segment_update;
ALTER TABLE treg.segment ENABLE ALWAYS TRIGGER state_segment_delete;
ALTER TABLE treg.segment ENABLE ALWAYS TRIGGER state_segment_truncate;
ALTER TABLE treg.episode ENABLE ALWAYS TRIGGER state_episode_insert;
ALTER TABLE treg.episode ENABLE ALWAYS TRIGGER state_episode_update;
ALTER TABLE treg.episode ENABLE ALWAYS TRIGGER state_episode_delete;
ALTER TABLE treg.episode ENABLE ALWAYS TRIGGER state_episode_truncate;

/* derived, person-level data: the data owner's writer may read, nobody else */
REVOKE ALL ON treg.person_state, treg.episode_state, treg.state_control FROM PUBLIC;
GRANT SELECT ON treg.person_state, treg.episode_state, treg.state_control TO treg_writer;
REVOKE ALL ON FUNCTION treg.state_maintained() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.person_state_from_rows() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.episode_state_from_rows() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_refresh() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_check() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_maintenance(boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_segment_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_segment_truncate() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_episode_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.state_episode_truncate() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.state_maintained(), treg.person_state_from_rows(),
	treg.episode_state_from_rows(), treg.state_refresh(), treg.state_check(),
	treg.state_maintenance(boolean) TO treg_writer;

/* ---- extension/registry/load.sql ---- */

/*
 * Bulk load path (layer 3, SQL): staging tables filled by COPY and
 * treg.load_batch(partial), which checks the whole batch set by set,
 * lists every bad row in treg.load_rejection and loads the good rows (or
 * none), in the caller's transaction.
 *
 * A staging table has the columns of its registry table, without
 * constraints (so that COPY takes every row and the checks can name each
 * problem), plus source_row: the row's number in the batch (an identity
 * that restarts at 1 when the staging tables are emptied, so it is the line
 * number of a single COPY), by which a rejection names the row.
 *
 * load_batch checks, in the order of the foreign keys (person, provider,
 * request, episode, segment, tariff): keys present and unique in the batch
 * and not yet registered; NOT NULL; every CHECK constraint of the registry
 * table (finite dates included); foreign keys against the registry and the
 * batch's good rows; segments within their episode's dates and not
 * overlapping another segment of the episode (a window over the batch's and
 * the registry's segments of the episode, sorted by start); tariffs not
 * overlapping.  A row whose parent row in the batch is rejected is rejected
 * too (rule depends_on_rejected_<table>).  Rule names are the names of the
 * constraints they mirror.
 *
 * The good rows are inserted with session_replication_role = replica, so
 * that the row-by-row foreign-key triggers and the validation triggers
 * (which check what was just checked set-wise) are skipped; the six tables
 * are locked (SHARE ROW EXCLUSIVE) from the start, so nothing changes in
 * between.  CHECK, NOT NULL and key constraints still apply.  The state
 * triggers fire (ENABLE ALWAYS) unless load_batch rebuilds the state
 * instead (when the batch has at least as many segments as the registry:
 * one state_refresh() is then faster than merging row sets; the secondary
 * indexes of the six tables are then also dropped and built again after
 * the insert); a NOTICE says which.
 */

CREATE TABLE treg.staging_person (
	person_id bigint,
	anonymous boolean DEFAULT false,
	birth_date date,
	sex text,
	municipality_code smallint,
	source_row bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE treg.staging_provider (
	provider_id integer,
	name text,
	name_key text,
	internal boolean,
	partner boolean DEFAULT false,
	source_row bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE treg.staging_request (
	request_id bigint,
	person_id bigint,
	request_date date,
	track text,
	legal_basis text,
	initiation_date date,
	waiver text,
	source_row bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE treg.staging_episode (
	episode_id bigint,
	person_id bigint,
	provider_id integer,
	request_id bigint,
	enrol_date date,
	discharge_date date,
	discharge_reason text,
	substance_group text,
	source_row bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE treg.staging_segment (
	segment_id bigint,
	episode_id bigint,
	person_id bigint,
	intensity treg.intensity,
	start_date date,
	end_date date,
	planned_end_date date,
	opioid_substitution boolean DEFAULT false,
	source_row bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE treg.staging_tariff (
	tariff_id bigint,
	provider_id integer,
	intensity treg.intensity,
	valid_from date,
	valid_to date,
	price_per_day numeric(12, 2),
	source_row bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
COMMENT ON TABLE treg.staging_person IS 'bulk load: rows for treg.person (fill by COPY, then treg.load_batch()); source_row numbers the rows';
COMMENT ON TABLE treg.staging_provider IS 'bulk load: rows for treg.provider (fill by COPY, then treg.load_batch()); source_row numbers the rows';
COMMENT ON TABLE treg.staging_request IS 'bulk load: rows for treg.request (fill by COPY, then treg.load_batch()); source_row numbers the rows';
COMMENT ON TABLE treg.staging_episode IS 'bulk load: rows for treg.episode (fill by COPY, then treg.load_batch()); source_row numbers the rows';
COMMENT ON TABLE treg.staging_segment IS 'bulk load: rows for treg.segment (fill by COPY, then treg.load_batch()); source_row numbers the rows';
COMMENT ON TABLE treg.staging_tariff IS 'bulk load: rows for treg.tariff (fill by COPY, then treg.load_batch()); source_row numbers the rows';

CREATE SEQUENCE treg.load_batch_seq;
COMMENT ON SEQUENCE treg.load_batch_seq IS 'batch ids of treg.load_batch';

CREATE TABLE treg.load_rejection (
	batch_id bigint NOT NULL,
	table_name text NOT NULL,
	source_row bigint NOT NULL,
	row_key bigint,
	rule text NOT NULL,
	rejected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX load_rejection_batch_idx ON treg.load_rejection (batch_id, table_name, source_row);
COMMENT ON INDEX treg.load_rejection_batch_idx IS 'the rejections of a batch in row order';
COMMENT ON TABLE treg.load_rejection IS 'bulk load: every staged row treg.load_batch did not load, one row per rule it breaks (keys only, never the row''s other values)';
COMMENT ON COLUMN treg.load_rejection.table_name IS 'registry table the row was staged for (person, provider, request, episode, segment, tariff)';
COMMENT ON COLUMN treg.load_rejection.source_row IS 'the row''s source_row in the staging table';
COMMENT ON COLUMN treg.load_rejection.row_key IS 'the row''s primary key as staged (NULL when missing)';
COMMENT ON COLUMN treg.load_rejection.rule IS 'the rule broken: a constraint name of the registry table, <table>_pkey_duplicate_in_batch, <column>_not_null, or depends_on_rejected_<table>';

/*
 * The checks of every staged row, into the temporary table load_rej
 * (table, source_row, key, rule) that treg.load_batch created.
 */
CREATE FUNCTION treg.load_validate()
	RETURNS void
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $fn$
BEGIN
	/* person: key, NOT NULL, CHECKs */
	INSERT INTO load_rej
	SELECT 'person', x.source_row, x.person_id, r
	FROM (SELECT s.source_row, s.person_id, array_remove(ARRAY[
			CASE WHEN s.person_id IS NULL THEN 'person_id_not_null' END,
			CASE WHEN s.anonymous IS NULL THEN 'anonymous_not_null' END,
			CASE WHEN s.municipality_code IS NULL THEN 'municipality_code_not_null' END,
			CASE WHEN NOT s.municipality_code BETWEEN 101 AND 999 THEN 'person_municipality_code_check' END,
			CASE WHEN s.sex NOT IN ('male', 'female') THEN 'person_sex_check' END,
			CASE WHEN NOT isfinite(s.birth_date) THEN 'person_dates_finite' END], NULL) AS rules
		  FROM treg.staging_person s) x, unnest(x.rules) r;
	INSERT INTO load_rej
	SELECT 'person', s.source_row, s.person_id, 'person_pkey_duplicate_in_batch'
	FROM treg.staging_person s
	WHERE s.person_id IN (SELECT d.person_id FROM treg.staging_person d GROUP BY d.person_id HAVING count(*) > 1);
	INSERT INTO load_rej
	SELECT 'person', s.source_row, s.person_id, 'person_pkey'
	FROM treg.staging_person s JOIN treg.person p ON p.person_id = s.person_id;

	/* provider */
	INSERT INTO load_rej
	SELECT 'provider', x.source_row, x.provider_id, r
	FROM (SELECT s.source_row, s.provider_id, array_remove(ARRAY[
			CASE WHEN s.provider_id IS NULL THEN 'provider_id_not_null' END,
			CASE WHEN s.name IS NULL THEN 'name_not_null' END,
			CASE WHEN btrim(s.name) = '' THEN 'provider_name_check' END,
			CASE WHEN length(s.name) > 200 THEN 'provider_name_length' END,
			CASE WHEN s.name_key IS NULL THEN 'name_key_not_null' END,
			CASE WHEN length(s.name_key) > 200 THEN 'provider_name_key_length' END,
			CASE WHEN s.internal IS NULL THEN 'internal_not_null' END,
			CASE WHEN s.partner IS NULL THEN 'partner_not_null' END], NULL) AS rules
		  FROM treg.staging_provider s) x, unnest(x.rules) r;
	INSERT INTO load_rej
	SELECT 'provider', s.source_row, s.provider_id, 'provider_pkey_duplicate_in_batch'
	FROM treg.staging_provider s
	WHERE s.provider_id IN (SELECT d.provider_id FROM treg.staging_provider d GROUP BY d.provider_id HAVING count(*) > 1);
	INSERT INTO load_rej
	SELECT 'provider', s.source_row, s.provider_id, 'provider_pkey'
	FROM treg.staging_provider s JOIN treg.provider p ON p.provider_id = s.provider_id;

	CREATE TEMP TABLE load_ok_person ON COMMIT DROP AS
	SELECT s.person_id FROM treg.staging_person s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'person' AND j.source_row = s.source_row)
	UNION ALL SELECT p.person_id FROM treg.person p;
	CREATE TEMP TABLE load_ok_provider ON COMMIT DROP AS
	SELECT s.provider_id FROM treg.staging_provider s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'provider' AND j.source_row = s.source_row)
	UNION ALL SELECT p.provider_id FROM treg.provider p;
	ANALYZE load_ok_person;
	ANALYZE load_ok_provider;

	/* request */
	INSERT INTO load_rej
	SELECT 'request', x.source_row, x.request_id, r
	FROM (SELECT s.source_row, s.request_id, array_remove(ARRAY[
			CASE WHEN s.request_id IS NULL THEN 'request_id_not_null' END,
			CASE WHEN s.person_id IS NULL THEN 'person_id_not_null' END,
			CASE WHEN s.request_date IS NULL THEN 'request_date_not_null' END,
			CASE WHEN s.track IS NULL THEN 'track_not_null' END,
			CASE WHEN s.track NOT IN ('alcohol', 'drugs') THEN 'request_track_check' END,
			CASE WHEN s.legal_basis IS NULL THEN 'legal_basis_not_null' END,
			CASE WHEN s.legal_basis NOT IN ('SEL101', 'SEL101a', 'SUL141', 'SUL142', 'BL33')
				 THEN 'request_legal_basis_check' END,
			CASE WHEN s.waiver NOT IN ('free_choice', 'own_wish') THEN 'request_waiver_check' END,
			CASE WHEN NOT s.initiation_date >= s.request_date THEN 'request_initiation_not_before_request' END,
			CASE WHEN NOT (isfinite(s.request_date) AND isfinite(s.initiation_date))
				 THEN 'request_dates_finite' END], NULL) AS rules
		  FROM treg.staging_request s) x, unnest(x.rules) r;
	INSERT INTO load_rej
	SELECT 'request', s.source_row, s.request_id, 'request_pkey_duplicate_in_batch'
	FROM treg.staging_request s
	WHERE s.request_id IN (SELECT d.request_id FROM treg.staging_request d GROUP BY d.request_id HAVING count(*) > 1);
	INSERT INTO load_rej
	SELECT 'request', s.source_row, s.request_id, 'request_pkey'
	FROM treg.staging_request s JOIN treg.request p ON p.request_id = s.request_id;
	INSERT INTO load_rej
	SELECT 'request', s.source_row, s.request_id,
		   CASE WHEN EXISTS (SELECT FROM treg.staging_person b WHERE b.person_id = s.person_id)
				THEN 'depends_on_rejected_person' ELSE 'request_person_id_fkey' END
	FROM treg.staging_request s
	WHERE s.person_id IS NOT NULL
	  AND NOT EXISTS (SELECT FROM load_ok_person o WHERE o.person_id = s.person_id);

	CREATE TEMP TABLE load_ok_request ON COMMIT DROP AS
	SELECT s.request_id FROM treg.staging_request s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'request' AND j.source_row = s.source_row)
	UNION ALL SELECT p.request_id FROM treg.request p;
	ANALYZE load_ok_request;

	/* episode */
	INSERT INTO load_rej
	SELECT 'episode', x.source_row, x.episode_id, r
	FROM (SELECT s.source_row, s.episode_id, array_remove(ARRAY[
			CASE WHEN s.episode_id IS NULL THEN 'episode_id_not_null' END,
			CASE WHEN s.person_id IS NULL THEN 'person_id_not_null' END,
			CASE WHEN s.provider_id IS NULL THEN 'provider_id_not_null' END,
			CASE WHEN s.enrol_date IS NULL THEN 'enrol_date_not_null' END,
			CASE WHEN s.substance_group IS NULL THEN 'substance_group_not_null' END,
			CASE WHEN s.substance_group NOT IN ('alcohol', 'non_opioid', 'opioid')
				 THEN 'episode_substance_group_check' END,
			CASE WHEN s.discharge_reason NOT IN ('completed', 'dropped_out', 'transferred',
					'terminated', 'incarcerated', 'death', 'other')
				 THEN 'episode_discharge_reason_check' END,
			CASE WHEN NOT s.discharge_date >= s.enrol_date THEN 'episode_discharge_not_before_enrol' END,
			CASE WHEN (s.discharge_date IS NULL) <> (s.discharge_reason IS NULL)
				 THEN 'episode_reason_iff_discharged' END,
			CASE WHEN NOT (isfinite(s.enrol_date) AND isfinite(s.discharge_date))
				 THEN 'episode_dates_finite' END], NULL) AS rules
		  FROM treg.staging_episode s) x, unnest(x.rules) r;
	INSERT INTO load_rej
	SELECT 'episode', s.source_row, s.episode_id, 'episode_pkey_duplicate_in_batch'
	FROM treg.staging_episode s
	WHERE s.episode_id IN (SELECT d.episode_id FROM treg.staging_episode d GROUP BY d.episode_id HAVING count(*) > 1);
	INSERT INTO load_rej
	SELECT 'episode', s.source_row, s.episode_id, 'episode_pkey'
	FROM treg.staging_episode s JOIN treg.episode p ON p.episode_id = s.episode_id;
	INSERT INTO load_rej
	SELECT 'episode', s.source_row, s.episode_id,
		   CASE WHEN EXISTS (SELECT FROM treg.staging_person b WHERE b.person_id = s.person_id)
				THEN 'depends_on_rejected_person' ELSE 'episode_person_id_fkey' END
	FROM treg.staging_episode s
	WHERE s.person_id IS NOT NULL
	  AND NOT EXISTS (SELECT FROM load_ok_person o WHERE o.person_id = s.person_id);
	INSERT INTO load_rej
	SELECT 'episode', s.source_row, s.episode_id,
		   CASE WHEN EXISTS (SELECT FROM treg.staging_provider b WHERE b.provider_id = s.provider_id)
				THEN 'depends_on_rejected_provider' ELSE 'episode_provider_id_fkey' END
	FROM treg.staging_episode s
	WHERE s.provider_id IS NOT NULL
	  AND NOT EXISTS (SELECT FROM load_ok_provider o WHERE o.provider_id = s.provider_id);
	INSERT INTO load_rej
	SELECT 'episode', s.source_row, s.episode_id,
		   CASE WHEN EXISTS (SELECT FROM treg.staging_request b WHERE b.request_id = s.request_id)
				THEN 'depends_on_rejected_request' ELSE 'episode_request_id_fkey' END
	FROM treg.staging_episode s
	WHERE s.request_id IS NOT NULL
	  AND NOT EXISTS (SELECT FROM load_ok_request o WHERE o.request_id = s.request_id);

	CREATE TEMP TABLE load_ok_episode ON COMMIT DROP AS
	SELECT s.episode_id, s.person_id, s.enrol_date, s.discharge_date
	FROM treg.staging_episode s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'episode' AND j.source_row = s.source_row)
	UNION ALL
	SELECT p.episode_id, p.person_id, p.enrol_date, p.discharge_date FROM treg.episode p;
	ANALYZE load_ok_episode;

	/* segment: own columns, key, episode (foreign key and dates) */
	INSERT INTO load_rej
	SELECT 'segment', x.source_row, x.segment_id, r
	FROM (SELECT s.source_row, s.segment_id, array_remove(ARRAY[
			CASE WHEN s.segment_id IS NULL THEN 'segment_id_not_null' END,
			CASE WHEN s.episode_id IS NULL THEN 'episode_id_not_null' END,
			CASE WHEN s.person_id IS NULL THEN 'person_id_not_null' END,
			CASE WHEN s.intensity IS NULL THEN 'intensity_not_null' END,
			CASE WHEN s.start_date IS NULL THEN 'start_date_not_null' END,
			CASE WHEN s.opioid_substitution IS NULL THEN 'opioid_substitution_not_null' END,
			CASE WHEN NOT s.end_date >= s.start_date THEN 'segment_end_not_before_start' END,
			CASE WHEN NOT s.planned_end_date >= s.start_date THEN 'segment_planned_end_not_before_start' END,
			CASE WHEN NOT (isfinite(s.start_date) AND isfinite(s.end_date)
						   AND isfinite(s.planned_end_date))
				 THEN 'segment_dates_finite' END], NULL) AS rules
		  FROM treg.staging_segment s) x, unnest(x.rules) r;
	INSERT INTO load_rej
	SELECT 'segment', s.source_row, s.segment_id, 'segment_pkey_duplicate_in_batch'
	FROM treg.staging_segment s
	WHERE s.segment_id IN (SELECT d.segment_id FROM treg.staging_segment d GROUP BY d.segment_id HAVING count(*) > 1);
	INSERT INTO load_rej
	SELECT 'segment', s.source_row, s.segment_id, 'segment_pkey'
	FROM treg.staging_segment s JOIN treg.segment p ON p.segment_id = s.segment_id;
	INSERT INTO load_rej
	SELECT 'segment', s.source_row, s.segment_id,
		   CASE WHEN o.episode_id IS NULL
				 AND EXISTS (SELECT FROM treg.staging_episode b
							 WHERE b.episode_id = s.episode_id AND b.person_id = s.person_id)
				THEN 'depends_on_rejected_episode'
				WHEN o.episode_id IS NULL THEN 'segment_episode_fkey'
				ELSE 'segment_within_episode' END
	FROM treg.staging_segment s
	LEFT JOIN load_ok_episode o ON o.episode_id = s.episode_id AND o.person_id = s.person_id
	WHERE s.episode_id IS NOT NULL AND s.person_id IS NOT NULL
	  AND (o.episode_id IS NULL
		   OR treg.segment_episode_problem(s.start_date, s.end_date, o.enrol_date,
										   o.discharge_date) IS NOT NULL);

	/*
	 * overlaps: the batch's remaining segments and the registry's segments of
	 * the same episodes, sorted by start within each episode; a row overlaps
	 * when it starts on or before the latest end before it, or ends on or
	 * after the next start
	 */
	CREATE TEMP TABLE load_seg ON COMMIT DROP AS
	SELECT s.source_row, s.segment_id, s.episode_id, s.start_date,
		   coalesce(s.end_date, 'infinity') AS end_date
	FROM treg.staging_segment s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'segment' AND j.source_row = s.source_row);
	ANALYZE load_seg;
	INSERT INTO load_rej
	SELECT 'segment', x.source_row, x.segment_id, 'segment_no_overlap_in_episode'
	FROM (SELECT a.source_row, a.segment_id, a.start_date, a.end_date,
				 max(a.end_date) OVER (PARTITION BY a.episode_id ORDER BY a.start_date, a.segment_id
									   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end,
				 lead(a.start_date) OVER (PARTITION BY a.episode_id ORDER BY a.start_date, a.segment_id)
					AS next_start
		  FROM (SELECT b.source_row, b.segment_id, b.episode_id, b.start_date, b.end_date
				FROM load_seg b
				UNION ALL
				SELECT NULL, g.segment_id, g.episode_id, g.start_date,
					   coalesce(g.end_date, 'infinity')
				FROM treg.segment g
				WHERE g.episode_id IN (SELECT b.episode_id FROM load_seg b)) a) x
	WHERE x.source_row IS NOT NULL
	  AND (x.start_date <= x.prev_end OR x.end_date >= x.next_start);

	/* tariff */
	INSERT INTO load_rej
	SELECT 'tariff', x.source_row, x.tariff_id, r
	FROM (SELECT s.source_row, s.tariff_id, array_remove(ARRAY[
			CASE WHEN s.tariff_id IS NULL THEN 'tariff_id_not_null' END,
			CASE WHEN s.provider_id IS NULL THEN 'provider_id_not_null' END,
			CASE WHEN s.intensity IS NULL THEN 'intensity_not_null' END,
			CASE WHEN s.valid_from IS NULL THEN 'valid_from_not_null' END,
			CASE WHEN s.price_per_day IS NULL THEN 'price_per_day_not_null' END,
			CASE WHEN s.price_per_day < 0 THEN 'tariff_price_per_day_check' END,
			CASE WHEN NOT s.valid_to >= s.valid_from THEN 'tariff_valid_to_not_before_from' END,
			CASE WHEN NOT (isfinite(s.valid_from) AND isfinite(s.valid_to))
				 THEN 'tariff_dates_finite' END], NULL) AS rules
		  FROM treg.staging_tariff s) x, unnest(x.rules) r;
	INSERT INTO load_rej
	SELECT 'tariff', s.source_row, s.tariff_id, 'tariff_pkey_duplicate_in_batch'
	FROM treg.staging_tariff s
	WHERE s.tariff_id IN (SELECT d.tariff_id FROM treg.staging_tariff d GROUP BY d.tariff_id HAVING count(*) > 1);
	INSERT INTO load_rej
	SELECT 'tariff', s.source_row, s.tariff_id, 'tariff_pkey'
	FROM treg.staging_tariff s JOIN treg.tariff p ON p.tariff_id = s.tariff_id;
	INSERT INTO load_rej
	SELECT 'tariff', s.source_row, s.tariff_id,
		   CASE WHEN EXISTS (SELECT FROM treg.staging_provider b WHERE b.provider_id = s.provider_id)
				THEN 'depends_on_rejected_provider' ELSE 'tariff_provider_id_fkey' END
	FROM treg.staging_tariff s
	WHERE s.provider_id IS NOT NULL
	  AND NOT EXISTS (SELECT FROM load_ok_provider o WHERE o.provider_id = s.provider_id);
	INSERT INTO load_rej
	SELECT 'tariff', x.source_row, x.tariff_id, 'tariff_no_overlap'
	FROM (SELECT a.source_row, a.tariff_id, a.valid_from, a.valid_to,
				 max(a.valid_to) OVER (PARTITION BY a.provider_id, a.intensity
									   ORDER BY a.valid_from, a.tariff_id
									   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to,
				 lead(a.valid_from) OVER (PARTITION BY a.provider_id, a.intensity
										  ORDER BY a.valid_from, a.tariff_id) AS next_from
		  FROM (SELECT s.source_row, s.tariff_id, s.provider_id, s.intensity, s.valid_from,
					   coalesce(s.valid_to, 'infinity') AS valid_to
				FROM treg.staging_tariff s
				WHERE NOT EXISTS (SELECT FROM load_rej j
								  WHERE j.tbl = 'tariff' AND j.source_row = s.source_row)
				UNION ALL
				SELECT NULL, t.tariff_id, t.provider_id, t.intensity, t.valid_from,
					   coalesce(t.valid_to, 'infinity')
				FROM treg.tariff t) a) x
	WHERE x.source_row IS NOT NULL
	  AND (x.valid_from <= x.prev_to OR x.valid_to >= x.next_from);
END
$fn$;
COMMENT ON FUNCTION treg.load_validate() IS 'the checks of treg.load_batch: every rule a staged row breaks, into the temporary table load_rej (internal)';

/*
 * Check the staged batch, list the bad rows in treg.load_rejection, and
 * load the good rows (partial) or only when there is no bad row.  Returns
 * per table the staged rows, the rows loaded and the rows rejected.
 */
CREATE FUNCTION treg.load_batch(partial boolean DEFAULT false)
	RETURNS TABLE (batch_id bigint, table_name text, rows_in bigint, loaded bigint,
				   rejected bigint)
	LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp
	AS $fn$
DECLARE
	batch bigint := nextval('treg.load_batch_seq');
	n_rejected bigint;
	n_registry_segments float8;
	n_batch_segments bigint;
	refresh boolean;
	tables text[] := ARRAY['person', 'provider', 'request', 'episode', 'segment', 'tariff'];
	ix record;
	index_defs text[] := '{}';
BEGIN
	IF current_setting('transaction_isolation') = 'repeatable read' THEN
		RAISE EXCEPTION 'treg.load_batch cannot run under REPEATABLE READ'
			USING ERRCODE = 'feature_not_supported',
				  DETAIL = 'The checks must see every row committed before the registry tables were locked.',
				  HINT = 'Use READ COMMITTED (the default) or SERIALIZABLE.';
	END IF;
	/* no other writer until commit; readers go on */
	LOCK TABLE treg.person, treg.provider, treg.request, treg.episode, treg.segment,
		treg.tariff IN SHARE ROW EXCLUSIVE MODE;
	LOCK TABLE treg.staging_person, treg.staging_provider, treg.staging_request,
		treg.staging_episode, treg.staging_segment, treg.staging_tariff IN EXCLUSIVE MODE;
	ANALYZE treg.staging_person, treg.staging_provider, treg.staging_request,
		treg.staging_episode, treg.staging_segment, treg.staging_tariff;

	IF to_regclass('pg_temp.load_rej') IS NOT NULL THEN
		/* a second call in one transaction */
		DROP TABLE load_rej, load_ok_person, load_ok_provider, load_ok_request,
			load_ok_episode, load_seg, load_count;
	END IF;
	CREATE TEMP TABLE load_rej (tbl text NOT NULL, source_row bigint NOT NULL,
		row_key bigint, rule text NOT NULL) ON COMMIT DROP;
	PERFORM treg.load_validate();
	ANALYZE load_rej;

	INSERT INTO treg.load_rejection (batch_id, table_name, source_row, row_key, rule)
	SELECT batch, j.tbl, j.source_row, j.row_key, j.rule
	FROM load_rej j
	ORDER BY array_position(tables, j.tbl), j.source_row, j.rule;
	SELECT count(*) INTO n_rejected FROM load_rej;

	CREATE TEMP TABLE load_count ON COMMIT DROP AS
	SELECT t.tbl, t.ord,
		   CASE t.tbl
			   WHEN 'person' THEN (SELECT count(*) FROM treg.staging_person)
			   WHEN 'provider' THEN (SELECT count(*) FROM treg.staging_provider)
			   WHEN 'request' THEN (SELECT count(*) FROM treg.staging_request)
			   WHEN 'episode' THEN (SELECT count(*) FROM treg.staging_episode)
			   WHEN 'segment' THEN (SELECT count(*) FROM treg.staging_segment)
			   ELSE (SELECT count(*) FROM treg.staging_tariff)
		   END AS rows_in,
		   (SELECT count(DISTINCT j.source_row) FROM load_rej j WHERE j.tbl = t.tbl) AS rejected
	FROM unnest(tables) WITH ORDINALITY t(tbl, ord);

	IF n_rejected > 0 AND NOT partial THEN
		RAISE WARNING 'batch % refused: % staged rows break a rule', batch,
			(SELECT sum(c.rejected) FROM load_count c)
			USING DETAIL = 'Nothing was loaded and the staging tables are kept.',
				  HINT = format('SELECT * FROM treg.load_rejection WHERE batch_id = %s lists them; correct the staged rows or call treg.load_batch(partial => true).', batch);
	ELSE
		SELECT count(*) INTO n_batch_segments FROM treg.staging_segment;
		SELECT greatest(c.reltuples, 0) INTO n_registry_segments
		FROM pg_class c WHERE c.oid = 'treg.segment'::regclass;
		refresh := treg.state_maintained() AND n_batch_segments >= n_registry_segments
			AND n_batch_segments > 0;
		IF refresh THEN
			RAISE NOTICE 'batch %: the state is rebuilt by treg.state_refresh() (the batch has at least as many segments as the registry)', batch;
			UPDATE treg.state_control SET maintained = false;
		ELSE
			RAISE NOTICE 'batch %: the state is maintained row set by row set', batch;
		END IF;
		IF refresh THEN
			/*
			 * a batch at least as large as the registry: drop the secondary
			 * indexes and build them again after the insert (a sorted build
			 * instead of one insertion per row; readers wait meanwhile)
			 */
			FOR ix IN
				SELECT i.indexrelid::regclass AS name,
			/* the definition and the comment, to build it again */
			pg_get_indexdef(i.indexrelid) || '; '
			|| format('COMMENT ON INDEX %s IS %L', i.indexrelid::regclass,
					  obj_description(i.indexrelid, 'pg_class')) AS def
				FROM pg_index i
				WHERE i.indrelid IN ('treg.person'::regclass, 'treg.provider'::regclass,
									 'treg.request'::regclass, 'treg.episode'::regclass,
									 'treg.segment'::regclass, 'treg.tariff'::regclass)
				  AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
				ORDER BY 1
			LOOP
				EXECUTE format('DROP INDEX %s', ix.name);
				index_defs := index_defs || ix.def;
			END LOOP;
		END IF;
		/* keys are checked above: skip the foreign-key and validation triggers */
		IF (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
			PERFORM set_config('session_replication_role', 'replica', true);
		END IF;
		PERFORM treg.load_insert();
		PERFORM set_config('session_replication_role', 'origin', true);
		PERFORM set_config('maintenance_work_mem',
			greatest(pg_size_bytes(current_setting('maintenance_work_mem')),
					 pg_size_bytes('256MB')) / 1024 || 'kB', true);
		FOR i IN 1 .. coalesce(cardinality(index_defs), 0) LOOP
			EXECUTE index_defs[i];
		END LOOP;
		IF refresh THEN
			UPDATE treg.state_control SET maintained = true;
			PERFORM treg.state_refresh();
		END IF;
		TRUNCATE treg.staging_person, treg.staging_provider, treg.staging_request,
			treg.staging_episode, treg.staging_segment, treg.staging_tariff RESTART IDENTITY;
	END IF;

	RETURN QUERY
	SELECT batch, c.tbl, c.rows_in,
		   CASE WHEN n_rejected > 0 AND NOT partial THEN 0 ELSE c.rows_in - c.rejected END,
		   c.rejected
	FROM load_count c
	ORDER BY c.ord;
END
$fn$;
COMMENT ON FUNCTION treg.load_batch(boolean) IS 'check the staged batch set by set, list every bad row in treg.load_rejection, load the good rows (partial) or all-or-nothing; returns per table rows in, loaded, rejected';

/* insert the staged rows that load_rej does not list (treg.load_batch) */
CREATE FUNCTION treg.load_insert()
	RETURNS void
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, pg_temp
	AS $fn$
BEGIN
	INSERT INTO treg.person (person_id, anonymous, birth_date, sex, municipality_code)
	SELECT s.person_id, s.anonymous, s.birth_date, s.sex, s.municipality_code
	FROM treg.staging_person s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'person' AND j.source_row = s.source_row);
	INSERT INTO treg.provider (provider_id, name, name_key, internal, partner)
	SELECT s.provider_id, s.name, s.name_key, s.internal, s.partner
	FROM treg.staging_provider s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'provider' AND j.source_row = s.source_row);
	INSERT INTO treg.request (request_id, person_id, request_date, track, legal_basis,
		initiation_date, waiver)
	SELECT s.request_id, s.person_id, s.request_date, s.track, s.legal_basis,
		   s.initiation_date, s.waiver
	FROM treg.staging_request s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'request' AND j.source_row = s.source_row);
	INSERT INTO treg.episode (episode_id, person_id, provider_id, request_id, enrol_date,
		discharge_date, discharge_reason, substance_group)
	SELECT s.episode_id, s.person_id, s.provider_id, s.request_id, s.enrol_date,
		   s.discharge_date, s.discharge_reason, s.substance_group
	FROM treg.staging_episode s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'episode' AND j.source_row = s.source_row);
	INSERT INTO treg.segment (segment_id, episode_id, person_id, intensity, start_date,
		end_date, planned_end_date, opioid_substitution)
	SELECT s.segment_id, s.episode_id, s.person_id, s.intensity, s.start_date, s.end_date,
		   s.planned_end_date, s.opioid_substitution
	FROM treg.staging_segment s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'segment' AND j.source_row = s.source_row);
	INSERT INTO treg.tariff (tariff_id, provider_id, intensity, valid_from, valid_to,
		price_per_day)
	SELECT s.tariff_id, s.provider_id, s.intensity, s.valid_from, s.valid_to, s.price_per_day
	FROM treg.staging_tariff s
	WHERE NOT EXISTS (SELECT FROM load_rej j WHERE j.tbl = 'tariff' AND j.source_row = s.source_row);
END
$fn$;
COMMENT ON FUNCTION treg.load_insert() IS 'insert the staged rows that treg.load_batch did not reject (internal)';

/* the writer stages and loads; nobody else */
REVOKE ALL ON treg.staging_person, treg.staging_provider, treg.staging_request,
	treg.staging_episode, treg.staging_segment, treg.staging_tariff,
	treg.load_rejection FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON treg.staging_person, treg.staging_provider,
	treg.staging_request, treg.staging_episode, treg.staging_segment, treg.staging_tariff
	TO treg_writer;
GRANT USAGE ON SEQUENCE treg.staging_person_source_row_seq, treg.staging_provider_source_row_seq,
	treg.staging_request_source_row_seq, treg.staging_episode_source_row_seq,
	treg.staging_segment_source_row_seq, treg.staging_tariff_source_row_seq TO treg_writer;
GRANT SELECT ON treg.load_rejection TO treg_writer;
REVOKE ALL ON FUNCTION treg.load_validate() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.load_insert() FROM PUBLIC;
REVOKE ALL ON FUNCTION treg.load_batch(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.load_batch(boolean) TO treg_writer;

/* the rejections are a record of the loads: pg_dump keeps them */
SELECT pg_catalog.pg_extension_config_dump('treg.load_rejection', '');
SELECT pg_catalog.pg_extension_config_dump('treg.load_batch_seq', '');

/* existing segments must lie within their episodes (the new rule) */
DO $within$
DECLARE
	bad record;
BEGIN
	SELECT s.episode_id, s.segment_id,
		   treg.segment_episode_problem(s.start_date, s.end_date, e.enrol_date, e.discharge_date) AS problem
	INTO bad
	FROM treg.segment s JOIN treg.episode e ON e.episode_id = s.episode_id
	WHERE treg.segment_episode_problem(s.start_date, s.end_date, e.enrol_date, e.discharge_date) IS NOT NULL
	ORDER BY s.episode_id, s.segment_id
	LIMIT 1;
	IF bad.segment_id IS NOT NULL THEN
		PERFORM treg.segment_within_episode_error(bad.episode_id, bad.segment_id, bad.problem);
	END IF;
END
$within$;

/* the state of the registered rows */
SELECT count(*) FROM treg.state_refresh();
