/*
 * Loading persons from a source system without handing out pseudonyms.
 *
 * A writer stages rows in treg.person_import (insert only: nobody but a
 * superuser reads the table back) and calls treg.import_persons(), which
 * pseudonymises every staged CPR number with the stored key, inserts or
 * updates treg.person, links the source system's key to the person in
 * treg.person_source, deletes the staged rows (no CPR number stays stored)
 * and writes one audit row.  At most treg.import_daily_limit CPR numbers
 * per role in 24 hours: whoever can import can still test guesses, so the
 * number of tries is bounded and every call is audited.
 */

CREATE TABLE treg.person_import (
	source_key text PRIMARY KEY,
	cpr text,
	anonymous boolean NOT NULL DEFAULT false,
	birth_date date,
	sex text,
	municipality_code smallint
);
COMMENT ON TABLE treg.person_import IS 'staging of persons for treg.import_persons(): writers insert, nobody but superusers reads; emptied by every import';
COMMENT ON COLUMN treg.person_import.source_key IS 'the source system''s key of the person (never a CPR number); linked to person_id in treg.person_source';
COMMENT ON COLUMN treg.person_import.cpr IS 'CPR number (DDMMYY-SSSS or DDMMYYSSSS); NULL for anonymous treatment';
COMMENT ON COLUMN treg.person_import.anonymous IS 'true for anonymous treatment: no CPR number, pseudonym from the source key';
COMMENT ON COLUMN treg.person_import.birth_date IS 'date of birth of an anonymous person, when known (NULL when a CPR number is given: taken from it)';
COMMENT ON COLUMN treg.person_import.sex IS 'male or female for an anonymous person, when known (NULL when a CPR number is given: taken from it)';
COMMENT ON COLUMN treg.person_import.municipality_code IS 'kommunekode of the municipality of residence (101-999)';
REVOKE ALL ON treg.person_import FROM PUBLIC;
GRANT INSERT, TRUNCATE ON treg.person_import TO treg_writer;

CREATE TABLE treg.person_source (
	source_key text PRIMARY KEY,
	person_id bigint NOT NULL,
	imported_at timestamptz NOT NULL
);
CREATE INDEX person_source_person_idx ON treg.person_source (person_id);
/* no foreign key: writers and the demo generator truncate treg.person */
COMMENT ON TABLE treg.person_source IS 'the person of each imported source key, so that later rows of the source system can be linked';
COMMENT ON COLUMN treg.person_source.source_key IS 'the source system''s key of the person';
COMMENT ON COLUMN treg.person_source.person_id IS 'the person (pseudonym) the key was last imported as';
COMMENT ON COLUMN treg.person_source.imported_at IS 'time of the import that last set the link';
REVOKE ALL ON treg.person_source FROM PUBLIC;
GRANT SELECT ON treg.person_source TO treg_writer;

CREATE TABLE treg.import_audit (
	called_at timestamptz NOT NULL,
	role_name text NOT NULL,
	staged integer NOT NULL,
	pseudonymised integer NOT NULL,
	new_persons integer NOT NULL,
	existing_persons integer NOT NULL,
	rejected integer NOT NULL,
	PRIMARY KEY (role_name, called_at)
);
COMMENT ON TABLE treg.import_audit IS 'one row per call of treg.import_persons(); superusers only';
COMMENT ON COLUMN treg.import_audit.called_at IS 'time of the call';
COMMENT ON COLUMN treg.import_audit.role_name IS 'session user who called (the role the daily limit counts against)';
COMMENT ON COLUMN treg.import_audit.staged IS 'staged rows processed';
COMMENT ON COLUMN treg.import_audit.pseudonymised IS 'CPR numbers pseudonymised (counted against treg.import_daily_limit)';
COMMENT ON COLUMN treg.import_audit.new_persons IS 'distinct persons inserted into treg.person';
COMMENT ON COLUMN treg.import_audit.existing_persons IS 'distinct persons that already existed (updated)';
COMMENT ON COLUMN treg.import_audit.rejected IS 'staged rows rejected';
REVOKE ALL ON treg.import_audit FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('treg.person_import', '');
SELECT pg_catalog.pg_extension_config_dump('treg.person_source', '');
SELECT pg_catalog.pg_extension_config_dump('treg.import_audit', '');

/*
 * Import every staged row.  Runs as its owner (a superuser, who may read
 * the key and CPR numbers); the caller is counted by session_user.
 * Steps: lock the staging table (imports run one at a time and no row is
 * staged meanwhile), classify the rows, refuse the whole call when the
 * daily limit would be exceeded (nothing written), pseudonymise, upsert
 * persons, link source keys, empty the staging table, audit.
 */
CREATE FUNCTION treg.import_persons()
RETURNS TABLE (source_key text, status text, person_id bigint, reason text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $import$
#variable_conflict use_column
DECLARE
	k bytea;
	daily_limit bigint;
	used bigint;
	asked bigint;
BEGIN
	/*
	 * Call into treg's library first: once it is loaded,
	 * treg.import_daily_limit is the superuser-only setting and no longer a
	 * placeholder the caller could have set.
	 */
	PERFORM treg.cpr_clear_visible();
	LOCK TABLE treg.person_import IN SHARE ROW EXCLUSIVE MODE;

	SELECT pk.key INTO k FROM treg.pseudonym_key pk WHERE pk.current;
	IF k IS NULL THEN
		RAISE EXCEPTION 'no current pseudonym key'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'The table treg.pseudonym_key has no row with current = true.',
				  HINT = 'A superuser stores a random key: INSERT INTO treg.pseudonym_key (key_id, key) VALUES (1, <32 random bytes>).';
	END IF;

	IF to_regclass('pg_temp.treg_import_work') IS NOT NULL THEN
		DROP TABLE pg_temp.treg_import_work;
	END IF;
	CREATE TEMP TABLE treg_import_work ON COMMIT DROP AS
	SELECT i.source_key, i.anonymous, i.birth_date, i.sex, i.municipality_code,
		   CASE
			   WHEN btrim(i.source_key) = '' THEN 'source_key is empty'
			   WHEN i.source_key ~ '(^|[^0-9])[0-9]{6}-?[0-9]{4}($|[^0-9])'
				   THEN 'source_key contains what looks like a CPR number'
			   WHEN i.municipality_code IS NULL OR i.municipality_code NOT BETWEEN 101 AND 999
				   THEN 'municipality_code is missing or not between 101 and 999'
			   WHEN i.anonymous AND i.cpr IS NOT NULL
				   THEN 'an anonymous person has no CPR number'
			   WHEN NOT i.anonymous AND i.cpr IS NULL
				   THEN 'CPR number is missing'
			   WHEN NOT i.anonymous AND NOT treg.cpr_valid(i.cpr)
				   THEN 'invalid CPR number'
			   WHEN NOT i.anonymous AND (i.birth_date IS NOT NULL OR i.sex IS NOT NULL)
				   THEN 'birth_date and sex are taken from the CPR number'
			   WHEN i.sex NOT IN ('male', 'female')
				   THEN 'sex is neither male nor female'
		   END AS reason,
		   NULL::bigint AS person_id, NULL::boolean AS existed
	FROM treg.person_import i;

	daily_limit := current_setting('treg.import_daily_limit')::bigint;
	SELECT count(*) INTO asked FROM treg_import_work w WHERE w.reason IS NULL AND NOT w.anonymous;
	SELECT coalesce(sum(a.pseudonymised), 0) INTO used FROM treg.import_audit a
	WHERE a.role_name = session_user AND a.called_at > now() - interval '24 hours';
	IF asked > 0 AND used + asked > daily_limit THEN
		RAISE EXCEPTION 'daily limit of CPR numbers to pseudonymise exceeded'
			USING ERRCODE = 'configuration_limit_exceeded',
				  DETAIL = format('This import would pseudonymise %s CPR numbers; role %s has pseudonymised %s in the last 24 hours, and treg.import_daily_limit is %s.',
								  asked, session_user, used, daily_limit),
				  HINT = 'Stage fewer rows (TRUNCATE treg.person_import discards the staged ones), wait, or ask a superuser to raise treg.import_daily_limit.';
	END IF;

	/* pseudonyms; birth date and sex from the CPR number */
	UPDATE treg_import_work w
	SET person_id = CASE WHEN w.anonymous THEN treg.source_key_pseudonym(w.source_key, k)
						 ELSE treg.pseudonym(i.cpr::treg.cpr, k) END,
		birth_date = CASE WHEN w.anonymous THEN w.birth_date ELSE treg.birth_date(i.cpr::treg.cpr) END,
		sex = CASE WHEN w.anonymous THEN w.sex ELSE treg.sex(i.cpr::treg.cpr) END
	FROM treg.person_import i
	WHERE i.source_key = w.source_key AND w.reason IS NULL;
	UPDATE treg_import_work w
	SET existed = EXISTS (SELECT FROM treg.person p WHERE p.person_id = w.person_id)
	WHERE w.reason IS NULL;

	/* one row per person: the greatest source key among its rows wins */
	INSERT INTO treg.person AS p (person_id, anonymous, birth_date, sex, municipality_code)
	SELECT DISTINCT ON (w.person_id) w.person_id, w.anonymous, w.birth_date, w.sex, w.municipality_code
	FROM treg_import_work w WHERE w.reason IS NULL
	ORDER BY w.person_id, w.source_key DESC
	ON CONFLICT ON CONSTRAINT person_pkey DO UPDATE
	SET anonymous = excluded.anonymous,
		birth_date = coalesce(excluded.birth_date, p.birth_date),
		sex = coalesce(excluded.sex, p.sex),
		municipality_code = excluded.municipality_code;

	INSERT INTO treg.person_source AS s (source_key, person_id, imported_at)
	SELECT w.source_key, w.person_id, now() FROM treg_import_work w WHERE w.reason IS NULL
	ON CONFLICT ON CONSTRAINT person_source_pkey DO UPDATE
	SET person_id = excluded.person_id, imported_at = excluded.imported_at;

	DELETE FROM treg.person_import;

	INSERT INTO treg.import_audit
	SELECT clock_timestamp(), session_user, count(*),
		   count(*) FILTER (WHERE w.reason IS NULL AND NOT w.anonymous),
		   count(DISTINCT w.person_id) FILTER (WHERE w.reason IS NULL AND NOT w.existed),
		   count(DISTINCT w.person_id) FILTER (WHERE w.reason IS NULL AND w.existed),
		   count(*) FILTER (WHERE w.reason IS NOT NULL)
	FROM treg_import_work w;

	RETURN QUERY
	SELECT w.source_key,
		   CASE WHEN w.reason IS NOT NULL THEN 'rejected'
				WHEN w.existed THEN 'existing' ELSE 'new' END,
		   w.person_id, w.reason
	FROM treg_import_work w ORDER BY w.source_key;
	DROP TABLE pg_temp.treg_import_work;
END
$import$;
COMMENT ON FUNCTION treg.import_persons() IS 'pseudonymise and import every row staged in treg.person_import (treg_writer only; at most treg.import_daily_limit CPR numbers per role in 24 hours; audited in treg.import_audit)';
REVOKE ALL ON FUNCTION treg.import_persons() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION treg.import_persons() TO treg_writer;
