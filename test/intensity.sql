-- Contracts of the intensity type.
BEGIN;
SELECT plan(17);

SELECT has_type('treg', 'intensity', 'type treg.intensity exists');
SELECT is((SELECT typlen::int FROM pg_type WHERE oid = 'treg.intensity'::regtype), 1, 'intensity is one byte');
SELECT ok((SELECT typbyval FROM pg_type WHERE oid = 'treg.intensity'::regtype), 'intensity is passed by value');
SELECT has_function('treg', 'intensity_rank', ARRAY['treg.intensity'], 'intensity_rank(intensity) exists');
SELECT volatility_is('treg', 'intensity_rank', ARRAY['treg.intensity'], 'immutable', 'intensity_rank is immutable');
SELECT is_strict('treg', 'intensity_rank', ARRAY['treg.intensity'], 'intensity_rank is strict');
SELECT is((SELECT proparallel::text FROM pg_proc WHERE oid = 'treg.intensity_rank(treg.intensity)'::regprocedure), 's',
	'intensity_rank is parallel safe');
SELECT volatility_is('treg', 'intensity_in', ARRAY['cstring'], 'immutable', 'intensity_in is immutable');
SELECT ok(EXISTS (SELECT FROM pg_opclass WHERE opcname = 'intensity_ops' AND opcdefault
	AND opcmethod = (SELECT oid FROM pg_am WHERE amname = 'btree')), 'default btree operator class exists');
SELECT ok(EXISTS (SELECT FROM pg_opclass WHERE opcname = 'intensity_hash_ops' AND opcdefault
	AND opcmethod = (SELECT oid FROM pg_am WHERE amname = 'hash')), 'default hash operator class exists');
SELECT ok(EXISTS (SELECT FROM pg_cast WHERE castsource = 'treg.intensity'::regtype AND casttarget = 'text'::regtype),
	'cast intensity -> text exists');
SELECT ok(EXISTS (SELECT FROM pg_cast WHERE castsource = 'text'::regtype AND casttarget = 'treg.intensity'::regtype),
	'cast text -> intensity exists');
SELECT throws_ok($$SELECT 'x'::treg.intensity$$, '22P02', 'invalid input syntax for type intensity: "x"',
	'invalid input raises 22P02 with the standard message');
SELECT throws_ok($$SELECT treg.intensity(7)$$, '22003', NULL, 'rank out of range raises 22003');
SELECT results_eq($$SELECT treg.intensity_rank(i) FROM unnest('{døgn,ambulant,dag}'::treg.intensity[]) i ORDER BY i$$,
	ARRAY[1, 2, 3], 'ORDER BY follows the rank');
SELECT is(treg.intensity_send('døgn'), '\x0103'::bytea, 'binary form is a version byte then the rank');
SELECT is('DOEGN'::treg.intensity::text, 'døgn', 'output is Danish');

SELECT * FROM finish();
ROLLBACK;
