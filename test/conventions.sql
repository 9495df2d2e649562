-- House rules every object of the extension follows.
BEGIN;
SELECT plan(5);

CREATE TEMP VIEW treg_objects AS
SELECT d.classid, d.objid
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'treg')
  AND d.deptype = 'e';

SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p JOIN treg_objects o
	  ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
	WHERE obj_description(p.oid, 'pg_proc') IS NULL$$,
	'every function and aggregate has a comment');
SELECT is_empty($$
	SELECT t.oid::regtype::text FROM pg_type t JOIN treg_objects o
	  ON o.classid = 'pg_type'::regclass AND o.objid = t.oid
	WHERE obj_description(t.oid, 'pg_type') IS NULL$$,
	'every type has a comment');
SELECT is_empty($$
	SELECT c.oid::regclass::text FROM pg_class c JOIN treg_objects o
	  ON o.classid = 'pg_class'::regclass AND o.objid = c.oid
	WHERE c.relkind IN ('r', 'v', 'm') AND obj_description(c.oid, 'pg_class') IS NULL$$,
	'every table and view has a comment');
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p JOIN treg_objects o
	  ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
	WHERE p.pronamespace <> 'treg'::regnamespace$$,
	'every function lives in schema treg');
SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p JOIN treg_objects o
	  ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
	WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
	  AND p.provolatile = 'i' AND p.proparallel <> 's'$$,
	'every immutable C function is PARALLEL SAFE');

SELECT * FROM finish();
ROLLBACK;
