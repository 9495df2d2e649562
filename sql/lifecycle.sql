-- CREATE EXTENSION, DROP EXTENSION and CREATE again, in a database of its own
SELECT current_database() AS regress_db \gset
CREATE DATABASE treg_lifecycle TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
\c treg_lifecycle
CREATE EXTENSION treg;
SELECT extname, extversion FROM pg_extension WHERE extname = 'treg';
SELECT count(*) > 0 AS has_objects FROM pg_depend
WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'treg') AND deptype = 'e';
INSERT INTO treg.person VALUES (1, false, '1990-05-05', 'female', 169);
DROP EXTENSION treg;
SELECT count(*) AS treg_objects_left FROM pg_class WHERE relnamespace = 'treg'::regnamespace;
SELECT count(*) AS treg_types_left FROM pg_type WHERE typnamespace = 'treg'::regnamespace;
CREATE EXTENSION treg;
SELECT count(*) AS persons_after_recreate FROM treg.person;
SELECT 'dag'::treg.intensity;
-- roles survive DROP EXTENSION and are reused
SELECT rolname FROM pg_roles WHERE rolname IN ('treg_writer', 'treg_analyst') ORDER BY 1;
\c :regress_db
DROP DATABASE treg_lifecycle;
