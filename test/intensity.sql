BEGIN;
SELECT plan(1);
SELECT has_type('treg', 'intensity', 'type treg.intensity exists');
SELECT * FROM finish();
ROLLBACK;
