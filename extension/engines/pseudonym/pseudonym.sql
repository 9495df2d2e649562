/*
 * The pseudonym engine: HMAC-SHA-256 pseudonyms of CPR numbers, under a
 * given key or the stored secret key, and of anonymous persons' source
 * keys.  Pseudonymising a CPR number needs a CPR reader; with the stored
 * key, a superuser (registry loads go through treg.import_persons(),
 * extension/registry/import.sql).
 * C: extension/engines/pseudonym/pseudonym.c.
 */

CREATE FUNCTION treg.pseudonym(treg.cpr, key bytea) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cpr_pseudonym' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.pseudonym(treg.cpr, bytea) IS 'stable non-negative pseudonym of a CPR number: HMAC-SHA-256 under a key of at least 16 bytes; CPR readers only';

CREATE FUNCTION treg.source_key_pseudonym(source_key text, key bytea) RETURNS bigint
	AS 'MODULE_PATHNAME', 'source_key_pseudonym' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION treg.source_key_pseudonym(text, bytea) IS 'pseudonym of a person in anonymous treatment: HMAC-SHA-256 of ''anonymous:'' and the source system''s key, never equal to a CPR number''s';

/*
 * The secret key of treg.pseudonym(cpr).  Nobody but superusers can read
 * it; not registered with pg_extension_config_dump on purpose, so pg_dump
 * never copies it (back it up separately, see README).
 */
CREATE TABLE treg.pseudonym_key (
	key_id integer PRIMARY KEY,
	key bytea NOT NULL CHECK (octet_length(key) >= 16),
	current boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pseudonym_key_one_current ON treg.pseudonym_key (current) WHERE current;
REVOKE ALL ON treg.pseudonym_key FROM PUBLIC;
COMMENT ON TABLE treg.pseudonym_key IS 'secret keys of treg.pseudonym(cpr); exactly one is current; superusers only; not dumped by pg_dump';

CREATE FUNCTION treg.pseudonym(treg.cpr) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cpr_pseudonym_stored'
	LANGUAGE C STABLE STRICT PARALLEL SAFE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION treg.pseudonym(treg.cpr) IS 'pseudonym of a CPR number under the current key of treg.pseudonym_key (superusers only; writers load persons with treg.import_persons())';

/*
 * Superusers only: a writer who could call it would re-identify a person
 * by pseudonymising the few thousand serial numbers of a known birth date.
 */
REVOKE EXECUTE ON FUNCTION treg.pseudonym(treg.cpr) FROM PUBLIC;
