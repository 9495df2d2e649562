/*
 * Roles, created before any object so that every fragment can grant to them.
 *
 * treg_writer      writes the registry tables (privileges: 90_privileges.sql).
 * treg_analyst     reads only the reporting views and report functions.
 * treg_cpr_reader  reads CPR numbers in clear (50_danish.sql).
 *
 * Roles are global to the cluster, so they are created only when missing
 * (a second database with treg reuses them) and DROP EXTENSION leaves them.
 * Grant them to login roles: GRANT treg_analyst TO alice;
 */
DO $roles$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['treg_writer', 'treg_analyst', 'treg_cpr_reader']
	LOOP
		IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
	END LOOP;
END
$roles$;
