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
/* the census (treg.census_persons): episodes whose segments span a day */
CREATE INDEX episode_state_span_idx ON treg.episode_state
	USING gist (daterange(first_day, last_day, '[]')) WHERE first_day IS NOT NULL;
COMMENT ON INDEX treg.episode_state_person_idx IS 'the episodes of a person';
COMMENT ON INDEX treg.episode_state_enrol_date_idx IS 'episodes enrolled in a period';
COMMENT ON INDEX treg.episode_state_discharge_date_idx IS 'episodes discharged in a period';
COMMENT ON INDEX treg.episode_state_span_idx IS 'episodes whose segments span a day: daterange(first_day, last_day) (NULL last_day = open), for the census';
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
